import sys, os, platform
WIN = sys.platform.startswith("win")
_is_solaris = (
    sys.platform.lower().startswith('sunos') or
    sys.platform.lower().startswith('solaris'))
PY2 = sys.version_info[0] == 2
sys.platform == "win32" and WIN
sys.platform in ("win32", "cygwin") or os.name == 'nt'
sys.version_info <= (3, 10) or sys.version_info[:2] >= (3, 8)
sys.implementation.name == "pypy" and not _is_solaris
platform.system() == "Windows" if PY2 else sys.byteorder == "little"
(3, 0) <= sys.version_info < (4, 0)
hasattr(sys, 'x') and sys.platform.upper()[1:3] in 'LINUX'
