"""Suggestions: which imports to defer, how, and what each change saves."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Iterator, List, NamedTuple, Optional, Tuple

from . import _lib
from ._errors import check, new_error
from ._handle import Handle
from ._types import FormatLike, Range, Risk, SuggestionKind, enum_value, to_format

__all__ = [
    "TextEdit",
    "FunctionUse",
    "Suggestion",
    "SuggestionGroup",
    "ReportEntry",
    "KeptImport",
    "SuggestInfo",
    "Suggestions",
]

_d = _lib.decode
_s = _lib.decode_str

SUGGEST_VIEW_COLOR = 1 << 0
SUGGEST_VIEW_VERBOSE = 1 << 1


@dataclass(frozen=True)
class TextEdit:
    """Replace `range` of `file` (relative to the project root) with
    `new_text`; an empty range inserts."""

    file: str
    range: Range
    new_text: str


class FunctionUse(NamedTuple):
    """A function to move an import into, and the line of its first use
    there."""

    name: str
    line: int


@dataclass(frozen=True)
class Suggestion:
    """One suggested change at one import site (impgraph_suggestion).
    `imported` is the C field `import` (a Python keyword)."""

    index: int
    kind: SuggestionKind
    file: str
    line: int
    column: int
    range: Range
    module: str
    imported: str
    names: Tuple[str, ...]
    group: int
    savings_us: int
    savings_alone_us: int
    functions: Tuple[FunctionUse, ...]
    subcommands: Tuple[str, ...]
    risk: Risk
    risk_reason: Optional[str]
    reason: str
    action: str
    edit: Optional[str]
    edits: Tuple[TextEdit, ...]
    dropped: Tuple[str, ...]

    @property
    def rule(self) -> str:
        """The rule name, e.g. "split-subcommands"."""
        return _s(_lib.lib().impgraph_suggestion_kind_name(int(self.kind)))

    @classmethod
    def _from_c(cls, index: int, c: _lib.impgraph_suggestion) -> "Suggestion":
        names = _d(c.names)
        return cls(
            index,
            enum_value(SuggestionKind, c.kind),
            _s(c.file),
            c.line,
            c.column,
            Range._from_c(c.range),
            _s(c.module),
            _s(getattr(c, "import")),
            tuple(names.split(",")) if names else (),
            c.group,
            c.savings_us,
            c.savings_alone_us,
            tuple(
                FunctionUse(_s(c.functions[i]), c.function_lines[i]) for i in range(c.function_count)
            ),
            _lib.strings(c.subcommands, c.subcommand_count),
            enum_value(Risk, c.risk),
            _d(c.risk_reason),
            _s(c.reason),
            _s(c.action),
            _d(c.edit),
            tuple(
                TextEdit(_s(e.file), Range._from_c(e.range), _s(e.new_text))
                for e in (c.edits[i] for i in range(c.edit_count))
            ),
            _lib.strings(c.dropped, c.dropped_count),
        )


@dataclass(frozen=True)
class SuggestionGroup:
    """Changes that save only when applied together: `members` are indices
    into the Suggestions; `entry_savings_us` follows Suggestions.entries."""

    index: int
    members: Tuple[int, ...]
    savings_us: int
    entry_savings_us: Tuple[int, ...]


@dataclass(frozen=True)
class ReportEntry:
    """A way the program is started (impgraph_report_entry): an entry, or
    one of its CLI subcommands."""

    label: str
    entry: int
    subcommand: Optional[str]
    startup_us: int
    predicted_startup_us: int
    module_count: int
    predicted_module_count: int

    @classmethod
    def _from_c(cls, c: _lib.impgraph_report_entry) -> "ReportEntry":
        return cls(
            _s(c.label),
            c.entry,
            _d(c.subcommand),
            c.startup_us,
            c.predicted_startup_us,
            c.module_count,
            c.predicted_module_count,
        )


@dataclass(frozen=True)
class KeptImport:
    """An import on the start-up path left as it is, and why.
    `imported` is the C field `import`."""

    file: str
    line: int
    module: str
    imported: str
    reason: str
    use_line: int

    @classmethod
    def _from_c(cls, c: _lib.impgraph_kept_import) -> "KeptImport":
        return cls(_s(c.file), c.line, _s(c.module), _s(getattr(c, "import")), _s(c.reason), c.use_line)


@dataclass(frozen=True)
class SuggestInfo:
    """The report as a whole (impgraph_suggest_info). Versions are
    (major, minor) pairs."""

    measured: bool
    profile_command: Optional[str]
    startup_us: int
    predicted_startup_us: int
    min_version: Tuple[int, int]
    target_version: Tuple[int, int]
    versions_from: str
    mechanism: str
    considered: int
    filtered: int
    estimated_modules: int

    @classmethod
    def _from_c(cls, c: _lib.impgraph_suggest_info) -> "SuggestInfo":
        return cls(
            bool(c.measured),
            _d(c.profile_command),
            c.startup_us,
            c.predicted_startup_us,
            (c.min_major, c.min_minor),
            (c.target_major, c.target_minor),
            _s(c.versions_from),
            _s(c.mechanism),
            c.considered,
            c.filtered,
            c.estimated_modules,
        )


class Suggestions(Handle):
    """The result of Project.suggest(): a ranked sequence of Suggestion, with
    the summary (`info`), the groups, the report entries and the kept
    imports. Everything is copied out when it is made; the handle is kept
    for render()."""

    _FREE = "impgraph_suggestions_free"
    _KIND = "suggestions"

    info: SuggestInfo
    suggestions: List[Suggestion]
    groups: List[SuggestionGroup]
    entries: List[ReportEntry]
    kept: List[KeptImport]

    def __init__(self, _address: int) -> None:
        """Internal: use Project.suggest()."""
        super().__init__(_address)
        h = self._handle
        L = _lib.lib()
        self.info = SuggestInfo._from_c(L.impgraph_suggestions_info(h).contents)
        self.suggestions = [
            Suggestion._from_c(i, L.impgraph_suggestions_get(h, i).contents)
            for i in range(L.impgraph_suggestions_count(h))
        ]
        self.entries = [
            ReportEntry._from_c(L.impgraph_suggestions_entry(h, i).contents)
            for i in range(L.impgraph_suggestions_entry_count(h))
        ]
        self.groups = []
        for i in range(L.impgraph_suggestions_group_count(h)):
            g = L.impgraph_suggestions_group(h, i).contents
            self.groups.append(
                SuggestionGroup(
                    i,
                    tuple(g.members[j] for j in range(g.member_count)),
                    g.savings_us,
                    tuple(g.entry_savings_us[j] for j in range(len(self.entries))),
                )
            )
        self.kept = [
            KeptImport._from_c(L.impgraph_suggestions_kept(h, i).contents)
            for i in range(L.impgraph_suggestions_kept_count(h))
        ]

    def __len__(self) -> int:
        return len(self.suggestions)

    def __iter__(self) -> Iterator[Suggestion]:
        return iter(self.suggestions)

    def __getitem__(self, index: int) -> Suggestion:
        return self.suggestions[index]

    def render(
        self,
        format: FormatLike = "text",
        verbose: bool = False,
        color: bool = False,
        width: Optional[int] = None,
    ) -> str:
        """impgraph_render_suggestions(): text, Markdown, JSON or SARIF.
        `verbose` lists the kept imports, `color` adds ANSI colours (text),
        `width` columns to fit (0: no limit; default 100)."""
        L = _lib.lib()
        view = _lib.impgraph_suggest_view()
        check(L.impgraph_suggest_view_init(ctypes.byref(view), _lib.SUGGEST_VIEW_VERSION))
        view.flags = (SUGGEST_VIEW_VERBOSE if verbose else 0) | (SUGGEST_VIEW_COLOR if color else 0)
        if width is not None:
            view.width = width
        buf = ctypes.c_void_p()
        length = ctypes.c_size_t()
        err = new_error()
        check(
            L.impgraph_render_suggestions(
                ctypes.byref(buf),
                ctypes.byref(length),
                self._handle,
                int(to_format(format)),
                ctypes.byref(view),
                ctypes.byref(err),
            ),
            err,
        )
        return _lib.take_buffer(buf, length.value)

    def to_json(self) -> str:
        return self.render("json")

    def __repr__(self) -> str:
        return "<Suggestions: %d suggestions in %d groups>" % (len(self.suggestions), len(self.groups))
