"""Editor diagnostics: the imports of one in-memory buffer judged against a
built graph (and optionally a suggestions report)."""

from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Tuple, Union

from . import _lib
from ._errors import check, new_error
from ._handle import Handle
from ._scan import ScanResult
from ._suggest import Suggestion, Suggestions
from ._types import EdgeKind, Flags, enum_value

__all__ = [
    "EditorSeverity",
    "EditorDiagnosticFlag",
    "EditorPosition",
    "EditorRange",
    "EditorEdit",
    "EditorDiagnostic",
    "EditorDiagnostics",
]

_d = _lib.decode
_s = _lib.decode_str

EDITOR_SCAN_DIAGNOSTICS = 1 << 0


class EditorSeverity(enum.IntEnum):
    """impgraph_editor_severity: LSP's DiagnosticSeverity values."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4


class EditorDiagnosticFlag(Flags):
    """IMPGRAPH_EDITOR_DIAG_*."""

    STARTUP = 1 << 0
    MEASURED = 1 << 1
    ESTIMATED = 1 << 2
    PRELOADED = 1 << 3
    NOT_IN_GRAPH = 1 << 4
    MISSING = 1 << 5
    MOVED = 1 << 6
    FIX_STALE = 1 << 7


@dataclass(frozen=True)
class EditorPosition:
    """A 0-based position: line, UTF-16 column (LSP's `character`), byte
    column and byte offset."""

    line: int
    utf16_column: int
    byte_column: int
    byte_offset: int

    @classmethod
    def _from_c(cls, c: _lib.impgraph_editor_position) -> "EditorPosition":
        return cls(c.line, c.utf16_column, c.byte_column, c.byte_offset)


@dataclass(frozen=True)
class EditorRange:
    """A half-open range (LSP's Range)."""

    start: EditorPosition
    end: EditorPosition

    @classmethod
    def _from_c(cls, c: _lib.impgraph_editor_range) -> "EditorRange":
        return cls(EditorPosition._from_c(c.start), EditorPosition._from_c(c.end))


@dataclass(frozen=True)
class EditorEdit:
    """One edit of a fix: replace `range` of the buffer with `new_text`."""

    range: EditorRange
    new_text: str


@dataclass(frozen=True)
class EditorDiagnostic:
    """One imported module of one import of the buffer, or a scan problem
    (impgraph_editor_diagnostic). Unknown times (-1 in C) are None;
    `import_index` is None for scan diagnostics; `suggestion` is the
    Suggestion of the report given that applies (and `suggestion_index` its
    index), else None."""

    range: EditorRange
    statement: EditorRange
    severity: EditorSeverity
    code: str
    message: str
    module: Optional[str]
    kind: EdgeKind
    flags: EditorDiagnosticFlag
    self_us: Optional[int]
    cumulative_us: Optional[int]
    savings_us: int
    import_index: Optional[int]
    suggestion_index: Optional[int]
    suggestion: Optional[Suggestion]
    fixes: Tuple[EditorEdit, ...]

    @classmethod
    def _from_c(cls, c: _lib.impgraph_editor_diagnostic, report: Optional[Suggestions]) -> "EditorDiagnostic":
        index = None if c.suggestion == _lib.SIZE_MAX else c.suggestion
        suggestion = None
        if index is not None and report is not None and index < len(report.suggestions):
            suggestion = report.suggestions[index]
        return cls(
            EditorRange._from_c(c.range),
            EditorRange._from_c(c.statement),
            enum_value(EditorSeverity, c.severity),
            _s(c.code),
            _s(c.message),
            _d(c.module),
            enum_value(EdgeKind, c.kind),
            EditorDiagnosticFlag(c.flags),
            None if c.self_us == -1 else c.self_us,
            None if c.cumulative_us == -1 else c.cumulative_us,
            c.savings_us,
            None if c.import_index == _lib.SIZE_MAX else c.import_index,
            index,
            suggestion,
            tuple(
                EditorEdit(EditorRange._from_c(e.range), _s(e.new_text))
                for e in (c.fixes[i] for i in range(c.fix_count))
            ),
        )


class EditorDiagnostics(Handle):
    """The diagnostics of one buffer (impgraph_editor_diagnostics), made by
    Project.editor_diagnostics(): a sequence of EditorDiagnostic in buffer
    order, the module the buffer was taken as, and its scan. Everything is
    copied out when it is made; nothing of the project or report is kept."""

    _FREE = "impgraph_editor_diagnostics_free"
    _KIND = "editor diagnostics"

    module: str
    diagnostics: List[EditorDiagnostic]
    scan: ScanResult

    def __init__(self, _address: int, _report: Optional[Suggestions] = None) -> None:
        """Internal: use Project.editor_diagnostics()."""
        super().__init__(_address)
        h = self._handle
        L = _lib.lib()
        self.module = _s(L.impgraph_editor_diagnostics_module(h))
        self.diagnostics = [
            EditorDiagnostic._from_c(L.impgraph_editor_diagnostics_get(h, i).contents, _report)
            for i in range(L.impgraph_editor_diagnostics_count(h))
        ]
        self.scan = ScanResult(L.impgraph_editor_diagnostics_scan(h), _owner=self)

    def __len__(self) -> int:
        return len(self.diagnostics)

    def __iter__(self) -> Iterator[EditorDiagnostic]:
        return iter(self.diagnostics)

    def __getitem__(self, index: int) -> EditorDiagnostic:
        return self.diagnostics[index]

    def __repr__(self) -> str:
        return "<EditorDiagnostics %s: %d diagnostics>" % (self.module, len(self.diagnostics))


def editor_diagnostics(
    graph: ctypes.c_void_p,
    text: Union[str, bytes],
    path: Any,
    module: Optional[str],
    suggestions: Optional[Suggestions],
    warning_savings_us: Optional[int],
    information_cost_us: Optional[int],
    min_severity: Union[EditorSeverity, int, None],
    scan_diagnostics: bool,
    scan_timeout_us: Optional[int],
    max_bytes: Optional[int],
) -> EditorDiagnostics:
    L = _lib.lib()
    opts = _lib.impgraph_editor_options()
    check(L.impgraph_editor_options_init(ctypes.byref(opts), _lib.EDITOR_OPTIONS_VERSION))
    module_b = _lib.encode(module)
    opts.module = module_b
    if warning_savings_us is not None:
        opts.warning_savings_us = warning_savings_us
    if information_cost_us is not None:
        opts.information_cost_us = information_cost_us
    if min_severity is not None:
        opts.min_severity = int(min_severity)
    opts.flags = EDITOR_SCAN_DIAGNOSTICS if scan_diagnostics else 0
    scan = None
    if scan_timeout_us is not None or max_bytes is not None:
        scan = _lib.impgraph_scan_options()
        check(L.impgraph_scan_options_init(ctypes.byref(scan), _lib.SCAN_OPTIONS_VERSION))
        if scan_timeout_us is not None:
            scan.timeout_us = scan_timeout_us
        if max_bytes is not None:
            scan.max_bytes = max_bytes
        opts.scan = ctypes.pointer(scan)
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)
    out = ctypes.c_void_p()
    err = new_error()
    check(
        L.impgraph_editor_diagnostics_new(
            ctypes.byref(out),
            graph,
            suggestions._handle if suggestions is not None else None,
            _lib.encode(path),
            data,
            len(data),
            ctypes.byref(opts),
            ctypes.byref(err),
        ),
        err,
    )
    return EditorDiagnostics(out.value, suggestions)  # type: ignore[arg-type]
