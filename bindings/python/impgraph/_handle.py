"""Owned C handles: freed by a finaliser, by close() or by `with`."""

from __future__ import annotations

import ctypes
import weakref
from typing import Any, Optional, TypeVar

from . import _lib

T = TypeVar("T", bound="Handle")


def _free(free_name: str, address: int) -> None:
    getattr(_lib.lib(), free_name)(ctypes.c_void_p(address))


class Handle:
    """An object owning one libimpgraph handle (a *new object*).

    The handle is freed when the object is garbage-collected, when close() is
    called, or when a `with` block around it ends; afterwards every method
    raises ValueError. Objects copied out of it (modules, edges, records)
    stay valid."""

    _FREE = ""  # the impgraph_<x>_free function
    _KIND = "handle"

    def __init__(self, address: Optional[int]) -> None:
        if not address:
            raise ValueError("NULL %s" % self._KIND)
        self._address: Optional[int] = address
        self._finalizer = weakref.finalize(self, _free, self._FREE, address)

    @property
    def _handle(self) -> ctypes.c_void_p:
        if self._address is None or not self._finalizer.alive:
            raise ValueError("%s is closed" % self._KIND)
        return ctypes.c_void_p(self._address)

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def close(self) -> None:
        """Frees the handle now (idempotent)."""
        self._finalizer()
        self._address = None

    def __enter__(self: T) -> T:
        self._handle  # raises when closed
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
