"""Stand-in for real import-time work (a big dependency, generated tables,
plugin discovery): burns a known amount of CPU time when a module imports."""
import time


def burn(milliseconds):
    end = time.process_time() + milliseconds / 1000.0
    while time.process_time() < end:
        pass
