"""Status codes as exceptions."""

from __future__ import annotations

from typing import Dict, Optional, Type

from . import _lib

__all__ = [
    "ImpgraphError",
    "OutOfMemoryError",
    "InvalidArgumentError",
    "InputOutputError",
    "NotFoundError",
    "ABIMismatchError",
    "UnsupportedVersionError",
    "OutOfRangeError",
    "FormatError",
    "InternalError",
    "strerror",
]

OK = 0
ENOMEM = -1
EINVAL = -2
EIO = -3
ENOTFOUND = -4
EABI = -5
EVERSION = -6
ERANGE = -7
EFORMAT = -8
EINTERNAL = -9


class ImpgraphError(Exception):
    """A libimpgraph call failed. `code` is the stable negative status
    (IMPGRAPH_E*), `message` the library's one-line message
    (impgraph_error.message, or impgraph_strerror(code) when the call has no
    error parameter)."""

    code: int
    message: str

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


class OutOfMemoryError(ImpgraphError, MemoryError):
    """IMPGRAPH_ENOMEM."""


class InvalidArgumentError(ImpgraphError, ValueError):
    """IMPGRAPH_EINVAL: a bad argument or option value."""


class InputOutputError(ImpgraphError):
    """IMPGRAPH_EIO: reading or writing a file, or running the interpreter,
    failed."""


class NotFoundError(ImpgraphError, LookupError):
    """IMPGRAPH_ENOTFOUND: a named file, module, interpreter or item does not
    exist."""


class ABIMismatchError(ImpgraphError):
    """IMPGRAPH_EABI: the compiled-in grammar does not match the tree-sitter
    runtime."""


class UnsupportedVersionError(ImpgraphError):
    """IMPGRAPH_EVERSION: an options struct version the library does not
    know (the binding is newer than the library)."""


class OutOfRangeError(ImpgraphError, IndexError):
    """IMPGRAPH_ERANGE: an index or id is out of range."""


class FormatError(ImpgraphError, ValueError):
    """IMPGRAPH_EFORMAT: an output format the call does not support, or a
    malformed input document (impgraph_profile_load)."""


class InternalError(ImpgraphError):
    """IMPGRAPH_EINTERNAL: a bug in impgraph."""


_BY_CODE: Dict[int, Type[ImpgraphError]] = {
    ENOMEM: OutOfMemoryError,
    EINVAL: InvalidArgumentError,
    EIO: InputOutputError,
    ENOTFOUND: NotFoundError,
    EABI: ABIMismatchError,
    EVERSION: UnsupportedVersionError,
    ERANGE: OutOfRangeError,
    EFORMAT: FormatError,
    EINTERNAL: InternalError,
}


def strerror(code: int) -> str:
    """impgraph_strerror(): a short description of a status code."""
    return _lib.decode_str(_lib.lib().impgraph_strerror(code))


def error_for(code: int, message: Optional[str] = None) -> ImpgraphError:
    cls = _BY_CODE.get(code, ImpgraphError)
    return cls(code, message or strerror(code))


def check(code: int, err: Optional[_lib.impgraph_error] = None) -> None:
    """Raises the exception for a non-zero status, with err's message."""
    if code == OK:
        return
    message = None
    if err is not None:
        message = _lib.decode(err.message) or None
    raise error_for(code, message)


def new_error() -> _lib.impgraph_error:
    return _lib.impgraph_error()
