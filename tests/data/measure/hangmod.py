"""Never finishes importing. Starts a grandchild first (it stays in the process
group), so that a timeout must kill the whole group, not only the child."""
import os
import subprocess
import sys

child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
with open(os.environ["HANGMOD_PIDFILE"], "w") as f:
    f.write("%d %d\n" % (os.getpid(), child.pid))
while True:
    pass
