"""Imports under conditions the analysed interpreter decides (see ../README.md)."""
import os
import sys

WIN = sys.platform.startswith("win")
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

try:
    LEVEL = int(os.environ.get("GUARDPKG_LEVEL", "1"))
except ValueError:
    import handleronly  # noqa: F401


class Config:
    if sys.platform == "darwin":
        import darwinonly  # noqa: F401
