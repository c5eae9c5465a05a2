"""Records tests/data/importtime/py312-threads.log: two threads import
different stdlib modules at the same time (released together by a barrier).
CPython's importtime counters are per interpreter, not per thread, so the log
shows mixed nesting and negative self times.

    python3.12 -X importtime tests/data/importtime/threads_import.py \
        2> tests/data/importtime/py312-threads.log
"""
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
