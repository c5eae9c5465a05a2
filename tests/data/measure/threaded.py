"""Two threads import different stdlib modules at the same time (released
together by a barrier). CPython's importtime counters are per interpreter, not
per thread: the log then shows wrong nesting and negative self times."""
import threading

barrier = threading.Barrier(2)


def worker(modules):
    barrier.wait()
    for name in modules:
        __import__(name)


threads = [
    threading.Thread(target=worker, args=(["decimal", "email.mime.text", "http.client"],)),
    threading.Thread(target=worker, args=(["asyncio", "xml.dom.minidom", "logging.handlers"],)),
]
for t in threads:
    t.start()
for t in threads:
    t.join()
