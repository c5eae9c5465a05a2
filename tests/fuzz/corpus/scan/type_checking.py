from typing import TYPE_CHECKING
import typing as t
if TYPE_CHECKING:
    import a
elif t.TYPE_CHECKING:
    import b
else:
    import c
if not TYPE_CHECKING:
    import d
else:
    import e
if TYPE_CHECKING and sys.version_info >= (3, 9):
    from f import G
if (TYPE_CHECKING or DEBUG):
    import h
