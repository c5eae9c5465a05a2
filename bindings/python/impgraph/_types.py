"""Enums, flags and the small records shared by every part of the API."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import FrozenSet, Union

from . import _lib

__all__ = [
    "Flags",
    "Format",
    "Severity",
    "ImportKind",
    "ImportContext",
    "UseFlag",
    "RefFlag",
    "DefinitionKind",
    "CliFramework",
    "EffectKind",
    "ModuleKind",
    "Origin",
    "ModuleFlag",
    "EdgeKind",
    "MeasureMode",
    "ProfileModuleFlag",
    "ProfileEdgeKind",
    "ProfileEdgeFlag",
    "RunFlag",
    "SuggestionKind",
    "Risk",
    "Range",
    "Diagnostic",
]


class Flags(enum.IntFlag):
    """Base of the flag sets: an IntFlag with the names of its set bits."""

    def names(self) -> FrozenSet[str]:
        """The lower-case names of the set bits, as the JSON documents spell
        them ("module", "type_checking", ...)."""
        return frozenset(
            m.name.lower()
            for m in type(self).__members__.values()
            if m.value and (self.value & m.value) == m.value and m.name is not None
        )


class Format(enum.IntEnum):
    """impgraph_format. Functions taking a format also accept its lower-case
    name ("text", "json", "dot", "markdown", "sarif")."""

    TEXT = 0
    JSON = 1
    DOT = 2
    MARKDOWN = 3
    SARIF = 4


FormatLike = Union[Format, str, int]


def to_format(value: FormatLike) -> Format:
    if isinstance(value, str):
        try:
            return Format[value.upper()]
        except KeyError:
            raise ValueError(
                "unknown format %r (text, json, dot, markdown or sarif)" % value
            ) from None
    return Format(value)


class Severity(enum.IntEnum):
    ERROR = 0
    WARNING = 1
    NOTE = 2


class ImportKind(enum.IntEnum):
    """impgraph_import_kind: which syntax produced an import record."""

    PLAIN = 0
    FROM = 1
    STAR = 2
    FUTURE = 3
    DUNDER = 4
    IMPORTLIB = 5
    LAZY_MODULES = 6


class ImportContext(Flags):
    """IMPGRAPH_CTX_*: where an import sits (Import.flags, Edge.flags)."""

    MODULE = 1 << 0
    FUNCTION = 1 << 1
    ASYNC = 1 << 2
    LAMBDA = 1 << 3
    CLASS_BODY = 1 << 4
    TYPE_CHECKING = 1 << 5
    TYPE_CHECKING_ELSE = 1 << 6
    OPTIONAL = 1 << 7
    CONDITIONAL = 1 << 8
    LAZY = 1 << 9
    DYNAMIC = 1 << 10
    FALLBACK = 1 << 11
    HANDLER = 1 << 12


class UseFlag(Flags):
    """IMPGRAPH_USE_*: where a name bound by an import is used."""

    MODULE_LEVEL = 1 << 0
    FUNCTION = 1 << 1
    CLASS_BODY = 1 << 2
    ANNOTATION = 1 << 3
    DECORATOR = 1 << 4
    DEFAULT = 1 << 5
    BASE = 1 << 6
    TYPE_CHECKING = 1 << 7
    ALL = 1 << 8
    DECLARATION = 1 << 9
    BINDING = 1 << 10
    STRING = 1 << 11
    CONDITIONAL = 1 << 12
    CALL = 1 << 13


class RefFlag(Flags):
    """LocalRef.flags: the IMPGRAPH_USE_* context bits plus IMPGRAPH_REF_*."""

    MODULE_LEVEL = 1 << 0
    FUNCTION = 1 << 1
    CLASS_BODY = 1 << 2
    ANNOTATION = 1 << 3
    DECORATOR = 1 << 4
    DEFAULT = 1 << 5
    BASE = 1 << 6
    TYPE_CHECKING = 1 << 7
    ALL = 1 << 8
    DECLARATION = 1 << 9
    BINDING = 1 << 10
    STRING = 1 << 11
    CONDITIONAL = 1 << 12
    CALL = 1 << 16
    VALUE = 1 << 17


class DefinitionKind(enum.IntEnum):
    FUNCTION = 0
    CLASS = 1


class CliFramework(enum.IntEnum):
    ARGPARSE = 0
    CLICK = 1
    TYPER = 2


class EffectKind(enum.IntEnum):
    CALL = 0
    REGISTER_DECORATOR = 1
    SYS_MODULES = 2
    SYS_PATH = 3
    ATEXIT = 4
    SIGNAL = 5
    WARNINGS_LOGGING = 6
    ENVIRON = 7
    MONKEYPATCH = 8


class ModuleKind(enum.IntEnum):
    SOURCE = 0
    PACKAGE = 1
    NAMESPACE = 2
    EXTENSION = 3
    BUILTIN = 4
    FROZEN = 5
    BYTECODE = 6
    MISSING = 7
    REGISTERED = 8


class Origin(enum.IntEnum):
    FIRST_PARTY = 0
    THIRD_PARTY = 1
    STDLIB = 2


class ModuleFlag(Flags):
    IS_ENTRY = 1 << 0
    IN_STARTUP = 1 << 1
    PRELOADED = 1 << 2
    EXPANDED = 1 << 3
    HAS_ERRORS = 1 << 4
    MISSING_OPTIONAL = 1 << 5
    MISSING_CONDITIONAL = 1 << 6
    MISSING_TYPE_CHECKING = 1 << 7
    FAILS = 1 << 8


class EdgeKind(enum.IntEnum):
    EAGER = 0
    FUNCTION = 1
    TYPE_CHECKING = 2
    LAZY = 3
    PARENT = 4
    MAIN = 5
    FALLBACK = 6
    OBSERVED_ONLY = 7
    UNTAKEN = 8
    HANDLER = 9
    NATIVE = 10
    CALLED = 11
    IF_LOADED = 12


class MeasureMode(enum.IntEnum):
    """impgraph_measure_mode. Profile.measure() also takes the lower-case
    name ("module", "code", "script", "entry_point")."""

    MODULE = 0
    CODE = 1
    SCRIPT = 2
    ENTRY_POINT = 3


class ProfileModuleFlag(Flags):
    FAILED = 1 << 0
    NEGATIVE = 1 << 1
    ORPHAN = 1 << 2
    REPEAT = 1 << 3
    NESTED_SELF = 1 << 4
    TOP_LEVEL = 1 << 5
    SUSPECT = 1 << 6
    TRUNCATED = 1 << 7
    BAD_NAME = 1 << 8


class ProfileEdgeKind(enum.IntEnum):
    NESTED = 0
    CACHED = 1


class ProfileEdgeFlag(Flags):
    AMBIGUOUS = 1 << 0


class RunFlag(Flags):
    WARMUP = 1 << 0
    FAILED = 1 << 1
    TIMED_OUT = 1 << 2
    SUSPECT = 1 << 3
    EXTRA_LOGS = 1 << 4
    NO_MODULE_LIST = 1 << 5
    STDERR_TRUNCATED = 1 << 6
    NO_ROWS = 1 << 7
    EXCLUDED = 1 << 8
    NO_HEADER = 1 << 9


class SuggestionKind(enum.IntEnum):
    MOVE_INTO_FUNCTION = 0
    TYPE_CHECKING = 1
    LAZY_GETATTR = 2
    LAZY_IMPORT = 3
    SPLIT_SUBCOMMANDS = 4
    REMOVE_UNUSED = 5

    @property
    def rule(self) -> str:
        """The rule name, e.g. "split-subcommands"
        (impgraph_suggestion_kind_name)."""
        return _lib.decode_str(_lib.lib().impgraph_suggestion_kind_name(int(self)))


class Risk(enum.IntEnum):
    SAFE = 0
    REVIEW = 1


def enum_value(cls, value: int):  # type: ignore[no-untyped-def]
    """An enum member, or the plain int for a value this binding does not
    know yet (a newer library)."""
    try:
        return cls(value)
    except ValueError:
        return value


@dataclass(frozen=True)
class Range:
    """impgraph_range: byte offsets into the scanned UTF-8 text; 1-based lines
    and byte columns; the end is exclusive."""

    start_byte: int
    end_byte: int
    start_line: int
    start_column: int
    end_line: int
    end_column: int

    @classmethod
    def _from_c(cls, r: _lib.impgraph_range) -> "Range":
        return cls(r.start_byte, r.end_byte, r.start_line, r.start_column, r.end_line, r.end_column)


@dataclass(frozen=True)
class Diagnostic:
    """A problem with the input (not an API failure): a syntax error, an
    undecodable byte, an unresolved import, a failed run, ..."""

    severity: Severity
    code: str
    path: str
    line: int
    column: int
    message: str

    @classmethod
    def _from_c(cls, d: _lib.impgraph_diagnostic) -> "Diagnostic":
        return cls(
            enum_value(Severity, d.severity),
            _lib.decode_str(d.code),
            _lib.decode_str(d.path),
            d.line,
            d.column,
            _lib.decode_str(d.message),
        )

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += ":%d" % self.line
            if self.column:
                where += ":%d" % self.column
        sev = self.severity.name.lower() if isinstance(self.severity, Severity) else str(self.severity)
        return "%s: %s: %s [%s]" % (where, sev, self.message, self.code)
