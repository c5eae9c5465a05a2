lazy import heavy_module
lazy from shutil import which
import sys; from io import StringIO

for _ in range(1):
    import gc

match sys.platform:
    case "linux":
        import fcntl
    case _:
        pass
