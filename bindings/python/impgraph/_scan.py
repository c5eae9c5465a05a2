"""The scanner: the imports, uses and other records of one Python source."""

from __future__ import annotations

import ctypes
import dataclasses
import os
from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Sequence, Tuple, Union

from . import _lib
from ._errors import check, new_error
from ._handle import Handle
from ._types import (
    CliFramework,
    DefinitionKind,
    Diagnostic,
    EffectKind,
    FormatLike,
    ImportContext,
    ImportKind,
    Range,
    RefFlag,
    UseFlag,
    enum_value,
    to_format,
)

__all__ = [
    "ImportName",
    "Guard",
    "Import",
    "Use",
    "Definition",
    "LocalRef",
    "CliCommand",
    "Effect",
    "ScanResult",
    "Scanner",
    "FileList",
    "scan_source",
    "scan_file",
    "render_scans",
]

_d = _lib.decode
_s = _lib.decode_str

PathLike = Union[str, bytes, "os.PathLike[str]"]


@dataclass(frozen=True)
class ImportName:
    """One name of `from m import a, b as c`."""

    name: str
    alias: Optional[str]
    bound: Optional[str]
    range: Range


@dataclass(frozen=True)
class Guard:
    """One condition an import depends on (impgraph_guard): the import runs
    only when the `condition` expression is true (false when `negated`)."""

    condition: Range
    negated: bool


@dataclass(frozen=True)
class Import:
    """One imported module (impgraph_import). `module` is None for a dynamic
    import, "" for `from . import x`. `guards` is its guard chain
    (impgraph_scan_import_guards): the if/elif/else conditions, outermost
    first, that must hold for it to run."""

    kind: ImportKind
    module: Optional[str]
    level: int
    flags: ImportContext
    scope: str
    bound: Optional[str]
    alias: Optional[str]
    package: Optional[str]
    statement: Range
    module_range: Range
    names: Tuple[ImportName, ...]
    guards: Tuple[Guard, ...] = ()

    @property
    def line(self) -> int:
        return self.statement.start_line

    @property
    def column(self) -> int:
        return self.statement.start_column

    @classmethod
    def _from_c(cls, c: _lib.impgraph_import) -> "Import":
        names = tuple(
            ImportName(_s(n.name), _d(n.alias), _d(n.bound), Range._from_c(n.range))
            for n in (c.names[i] for i in range(c.name_count))
        )
        return cls(
            enum_value(ImportKind, c.kind),
            _d(c.module),
            c.level,
            ImportContext(c.flags),
            _s(c.scope),
            _d(c.bound),
            _d(c.alias),
            _d(c.package),
            Range._from_c(c.statement),
            Range._from_c(c.module_range),
            names,
        )


@dataclass(frozen=True)
class Use:
    """An occurrence of a name bound by an import (impgraph_use)."""

    name: str
    chain: str
    flags: UseFlag
    scope: str
    range: Range

    @classmethod
    def _from_c(cls, c: _lib.impgraph_use) -> "Use":
        return cls(_s(c.name), _s(c.chain), UseFlag(c.flags), _s(c.scope), Range._from_c(c.range))


@dataclass(frozen=True)
class Definition:
    """A def / async def / class statement (impgraph_definition)."""

    kind: DefinitionKind
    qualname: str
    scope: str
    statement: Range
    body_first: Range
    body_indent: int
    body_inline: bool

    @classmethod
    def _from_c(cls, c: _lib.impgraph_definition) -> "Definition":
        return cls(
            enum_value(DefinitionKind, c.kind),
            _s(c.qualname),
            _s(c.scope),
            Range._from_c(c.statement),
            Range._from_c(c.body_first),
            c.body_indent,
            bool(c.body_inline),
        )


@dataclass(frozen=True)
class LocalRef:
    """A reference to a module-level def/class of the same source
    (impgraph_local_ref)."""

    name: str
    scope: str
    flags: RefFlag
    range: Range

    @classmethod
    def _from_c(cls, c: _lib.impgraph_local_ref) -> "LocalRef":
        return cls(_s(c.name), _s(c.scope), RefFlag(c.flags), Range._from_c(c.range))


@dataclass(frozen=True)
class CliCommand:
    """A CLI subcommand defined in the source (impgraph_cli_command)."""

    framework: CliFramework
    name: str
    handler: Optional[str]
    scope: str
    range: Range

    @classmethod
    def _from_c(cls, c: _lib.impgraph_cli_command) -> "CliCommand":
        return cls(
            enum_value(CliFramework, c.framework),
            _s(c.name),
            _d(c.handler),
            _s(c.scope),
            Range._from_c(c.range),
        )


@dataclass(frozen=True)
class Effect:
    """An import-time side effect (impgraph_effect)."""

    kind: EffectKind
    text: str
    range: Range

    @classmethod
    def _from_c(cls, c: _lib.impgraph_effect) -> "Effect":
        return cls(enum_value(EffectKind, c.kind), _s(c.text), Range._from_c(c.range))


def _records(handle: ctypes.c_void_p, count_fn: Any, item_fn: Any, make: Any) -> List[Any]:
    return [make(item_fn(handle, i).contents) for i in range(count_fn(handle))]


class _ScanHandle(Handle):
    _FREE = "impgraph_scan_free"
    _KIND = "scan"


class ScanResult:
    """The result of scanning one source. Every record is copied into Python
    objects when the result is made; the C scan is kept (owned, or borrowed
    from the Project it came from) only for render()."""

    path: str
    text: str
    text_bytes: bytes
    imports: List[Import]
    uses: List[Use]
    definitions: List[Definition]
    local_refs: List[LocalRef]
    cli_commands: List[CliCommand]
    effects: List[Effect]
    diagnostics: List[Diagnostic]

    def __init__(self, _address: int, _owner: Optional[Handle] = None) -> None:
        self._owned = _owner is None
        self._owner: Handle = _ScanHandle(_address) if _owner is None else _owner
        self._address = _address
        self._generation = getattr(self._owner, "_generation", None)
        h = self._handle
        L = _lib.lib()
        self.path = _s(L.impgraph_scan_path(h))
        length = ctypes.c_size_t()
        text = L.impgraph_scan_text(h, ctypes.byref(length))
        self.text_bytes = ctypes.string_at(text, length.value) if text else b""
        self.text = self.text_bytes.decode("utf-8", "replace")
        self.imports = _records(h, L.impgraph_scan_import_count, L.impgraph_scan_import, Import._from_c)
        for i, record in enumerate(self.imports):
            count = ctypes.c_size_t()
            guards = L.impgraph_scan_import_guards(h, i, ctypes.byref(count))
            if count.value:
                self.imports[i] = dataclasses.replace(
                    record,
                    guards=tuple(
                        Guard(Range._from_c(guards[k].condition), bool(guards[k].negated))
                        for k in range(count.value)
                    ),
                )
        self.uses = _records(h, L.impgraph_scan_use_count, L.impgraph_scan_use, Use._from_c)
        self.definitions = _records(
            h, L.impgraph_scan_definition_count, L.impgraph_scan_definition, Definition._from_c
        )
        self.local_refs = _records(
            h, L.impgraph_scan_local_ref_count, L.impgraph_scan_local_ref, LocalRef._from_c
        )
        self.cli_commands = _records(
            h, L.impgraph_scan_cli_command_count, L.impgraph_scan_cli_command, CliCommand._from_c
        )
        self.effects = _records(h, L.impgraph_scan_effect_count, L.impgraph_scan_effect, Effect._from_c)
        self.diagnostics = _records(
            h, L.impgraph_scan_diagnostic_count, L.impgraph_scan_diagnostic, Diagnostic._from_c
        )

    @property
    def _handle(self) -> ctypes.c_void_p:
        self._owner._handle  # raises ValueError when the owner is closed
        if getattr(self._owner, "_generation", None) != self._generation:
            raise ValueError("scan is stale: its project was updated (update_file)")
        return ctypes.c_void_p(self._address)

    def text_of(self, range: Range) -> str:
        """The scanned text a range covers (ranges index the UTF-8 bytes)."""
        return self.text_bytes[range.start_byte : range.end_byte].decode("utf-8", "replace")

    def render(self, format: FormatLike = "text") -> str:
        """impgraph_render_scans() of this one result (text or JSON)."""
        return render_scans([self], format)

    def to_json(self) -> str:
        return self.render("json")

    def close(self) -> None:
        """Frees the C scan (not when it is borrowed from a Project). The
        copied records stay."""
        if self._owned:
            self._owner.close()

    def __enter__(self) -> "ScanResult":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<ScanResult %s: %d imports, %d diagnostics>" % (
            self.path,
            len(self.imports),
            len(self.diagnostics),
        )


class Scanner(Handle):
    """A reusable parser (impgraph_scanner). One thread at a time.

    `timeout_us` and `max_bytes` default to the library's (5 s, 16 MiB);
    0 means unlimited."""

    _FREE = "impgraph_scanner_free"
    _KIND = "scanner"

    def __init__(self, timeout_us: Optional[int] = None, max_bytes: Optional[int] = None) -> None:
        L = _lib.lib()
        opts = _lib.impgraph_scan_options()
        check(L.impgraph_scan_options_init(ctypes.byref(opts), _lib.SCAN_OPTIONS_VERSION))
        if timeout_us is not None:
            opts.timeout_us = timeout_us
        if max_bytes is not None:
            opts.max_bytes = max_bytes
        out = ctypes.c_void_p()
        err = new_error()
        check(L.impgraph_scanner_new(ctypes.byref(out), ctypes.byref(opts), ctypes.byref(err)), err)
        super().__init__(out.value)

    def scan(self, source: Union[str, bytes], path: Optional[PathLike] = None) -> ScanResult:
        """Scans an in-memory source (str is encoded as UTF-8). `path` only
        labels diagnostics ("<buffer>" when None)."""
        data = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else bytes(source)
        out = ctypes.c_void_p()
        err = new_error()
        check(
            _lib.lib().impgraph_scanner_scan(
                self._handle,
                ctypes.byref(out),
                _lib.encode(path),
                data,
                len(data),
                ctypes.byref(err),
            ),
            err,
        )
        return ScanResult(out.value)  # type: ignore[arg-type]

    def scan_file(self, path: PathLike) -> ScanResult:
        """Reads and scans a file (InputOutputError when it cannot be read)."""
        out = ctypes.c_void_p()
        err = new_error()
        check(
            _lib.lib().impgraph_scanner_scan_file(
                self._handle, ctypes.byref(out), _lib.encode(path), ctypes.byref(err)
            ),
            err,
        )
        return ScanResult(out.value)  # type: ignore[arg-type]


def scan_source(source: Union[str, bytes], path: Optional[PathLike] = None) -> ScanResult:
    """Scans one in-memory source with a fresh Scanner."""
    with Scanner() as scanner:
        return scanner.scan(source, path)


def scan_file(path: PathLike) -> ScanResult:
    """Scans one file with a fresh Scanner."""
    with Scanner() as scanner:
        return scanner.scan_file(path)


class FileList(Handle):
    """The Python sources under some roots (impgraph_file_list): sorted
    paths, plus diagnostics for what was skipped."""

    _FREE = "impgraph_file_list_free"
    _KIND = "file list"

    paths: List[str]
    diagnostics: List[Diagnostic]

    def __init__(self, roots: Sequence[PathLike]) -> None:
        if isinstance(roots, (str, bytes, os.PathLike)):
            roots = [roots]
        L = _lib.lib()
        arr, count = _lib.string_array(list(roots))
        out = ctypes.c_void_p()
        err = new_error()
        check(L.impgraph_file_list_new(ctypes.byref(out), arr, count, ctypes.byref(err)), err)
        super().__init__(out.value)
        h = self._handle
        self.paths = [_s(L.impgraph_file_list_path(h, i)) for i in range(L.impgraph_file_list_count(h))]
        self.diagnostics = _records(
            h,
            L.impgraph_file_list_diagnostic_count,
            L.impgraph_file_list_diagnostic,
            Diagnostic._from_c,
        )

    def __len__(self) -> int:
        return len(self.paths)

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)


def render_scans(
    scans: Sequence[ScanResult],
    format: FormatLike = "text",
    extra: Optional[FileList] = None,
) -> str:
    """impgraph_render_scans(): a text or JSON report of several scans, with
    the diagnostics of a FileList that belong to no scan."""
    handles = [s._handle for s in scans]
    arr = (ctypes.c_void_p * max(len(handles), 1))(*[h.value for h in handles])
    buf = ctypes.c_void_p()
    length = ctypes.c_size_t()
    err = new_error()
    check(
        _lib.lib().impgraph_render_scans(
            ctypes.byref(buf),
            ctypes.byref(length),
            arr,
            len(handles),
            extra._handle if extra is not None else None,
            int(to_format(format)),
            ctypes.byref(err),
        ),
        err,
    )
    return _lib.take_buffer(buf, length.value)
