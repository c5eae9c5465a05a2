"""Imports under conditions the analysed interpreter decides (see ../README.md)."""
import os
import sys

WIN = sys.platform.startswith("win")
LOADED_TOO = os.environ.get("GUARDPKG_LOADED", "1") == "1"
_is_solaris = (
    sys.platform.lower().startswith("sunos") or
    sys.platform.lower().startswith("solaris"))

if sys.platform == "win32":
    import winonly  # noqa: F401
else:
    import posixonly  # noqa: F401

if sys.version_info < (3, 0):
    import py2only  # noqa: F401
elif sys.version_info >= (3, 7):
    import py37plus  # noqa: F401

if WIN:
    from guardpkg import _win  # noqa: F401
if _is_solaris:
    import solaris  # noqa: F401

# Not understood (a call): assumed to run.
if hasattr(os, "startfile"):
    import maybewin  # noqa: F401

# Imports that run only when their module is already loaded: they load nothing.
if "loadedonly" in sys.modules:
    import loadedonly  # noqa: F401
if sys.modules.get("loadedget") is not None:
    from loadedget import thing  # noqa: F401
if "loadedpkg.sub" in sys.modules and LOADED_TOO:
    import loadedpkg  # noqa: F401
if "notloaded" not in sys.modules:
    import notloaded  # noqa: F401

try:
    LEVEL = int(os.environ.get("GUARDPKG_LEVEL", "1"))
except ValueError:
    import handleronly  # noqa: F401


class Config:
    if sys.platform == "darwin":
        import darwinonly  # noqa: F401

# Unbinds sys: the conditions above that read it are still understood.
del sys
