"""The module graph of a project: build, query, render, weigh, suggest."""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _lib
from ._errors import check, new_error
from ._editor import EditorDiagnostics, EditorSeverity, editor_diagnostics
from ._handle import Handle
from ._profile import Profile
from ._scan import ScanResult
from ._suggest import Suggestions
from ._types import (
    Diagnostic,
    EdgeKind,
    FormatLike,
    ImportContext,
    ModuleFlag,
    ModuleKind,
    Origin,
    enum_value,
    to_format,
)

__all__ = ["Weight", "Module", "Edge", "Entry", "Cycle", "Failure", "Reconciliation", "Project"]

_d = _lib.decode
_s = _lib.decode_str

PathLike = Union[str, bytes, "os.PathLike[str]"]

GRAPH_FULL = 1 << 0
GRAPH_NO_PROBE_CACHE = 1 << 1
VIEW_STARTUP = 1 << 0
VIEW_COLLAPSE = 1 << 1
SUGGEST_NO_SUBCOMMANDS = 1 << 0
ENOTFOUND = -4


@dataclass(frozen=True)
class Weight:
    """Median self and cumulative import time of a module in the attached
    profile, µs."""

    self_us: int
    cumulative_us: int


@dataclass(frozen=True)
class Module:
    """A vertex of the graph (impgraph_module). `id` is its index in
    Project.modules; `weight` is set when an attached profile loaded it."""

    id: int
    name: str
    kind: ModuleKind
    origin: Origin
    flags: ModuleFlag
    path: Optional[str]
    reason: Optional[str]
    weight: Optional[Weight] = None

    @property
    def is_entry(self) -> bool:
        return bool(self.flags & ModuleFlag.IS_ENTRY)

    @property
    def in_startup(self) -> bool:
        return bool(self.flags & ModuleFlag.IN_STARTUP)

    @property
    def preloaded(self) -> bool:
        return bool(self.flags & ModuleFlag.PRELOADED)

    @property
    def fails(self) -> bool:
        """Importing it raises ImportError (Project.failure says why)."""
        return bool(self.flags & ModuleFlag.FAILS)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Edge:
    """An import site (impgraph_edge), an implicit child → parent edge
    (PARENT: file, scope and import_index None, line 0), an import made by a
    standard-library extension module's C code (NATIVE: likewise no site) or
    an import only the attached profile saw (OBSERVED_ONLY). `observed` tells
    whether the attached profile saw it. A CALLED edge (an import in a
    function that runs at import time) says which call runs it: `call_module`
    (whose file is `call_module.path`; for a mypyc-compiled module, the `.py`
    its own edges' `file` names), `call_line`, `call_column`; None and 0
    otherwise. For an extension module compiled by mypyc, `file` is the
    `.py` beside its binary, whose imports are its edges."""

    id: int
    source: Module
    target: Module
    kind: EdgeKind
    flags: ImportContext
    file: Optional[str]
    line: int
    column: int
    names: Tuple[str, ...]
    scope: Optional[str]
    import_index: Optional[int]
    observed: bool = False
    call_module: Optional[Module] = None
    call_line: int = 0
    call_column: int = 0

    def __str__(self) -> str:
        where = "%s:%d: " % (self.file, self.line) if self.file else ""
        return "%s%s -> %s [%s]" % (where, self.source.name, self.target.name, self.kind.name.lower())


@dataclass(frozen=True)
class Entry:
    """An entry point of the analysis (impgraph_entry)."""

    index: int
    spec: str
    module: Module
    function: Optional[str]
    script: Optional[str]


@dataclass(frozen=True)
class Cycle:
    """An import cycle among first-party modules: its members and the edges
    inside it, both ascending by id."""

    modules: Tuple[Module, ...]
    edges: Tuple[Edge, ...]


@dataclass(frozen=True)
class Failure:
    """Why importing `module` raises ImportError
    (impgraph_module_failure): `edge` is the import that raises (its
    PARENT edge, line 0, when the parent package fails); `imported` the
    module that import names, missing or failing itself; `missing` the
    missing module the chain of failing imports ends at."""

    module: Module
    edge: Edge
    line: int
    imported: Module
    missing: Module


@dataclass(frozen=True)
class Reconciliation:
    """How the attached profile and the static graph agree
    (impgraph_reconciliation; docs/formats/graph.md)."""

    static_eager_edges: int
    observed: int
    never_observed: int
    never_observed_target_loaded: int
    never_observed_target_not_loaded: int
    never_observed_importer_not_loaded: int
    startup_modules: int
    startup_modules_loaded: int
    loaded_outside_startup: int
    loaded_outside_startup_self_us: int
    unmatched_modules: int
    unmatched_self_us: int
    observed_pairs: int
    observed_static: int
    observed_only: int
    observed_unscanned: int
    observed_ignored: int
    observed_unmatched: int

    @classmethod
    def _from_c(cls, c: _lib.impgraph_reconciliation) -> "Reconciliation":
        return cls(**{f[0]: getattr(c, f[0]) for f in c._fields_})


def _list(values: Union[None, PathLike, Iterable[PathLike]]) -> List[Any]:
    if values is None:
        return []
    if isinstance(values, (str, bytes, os.PathLike)):
        return [values]
    return list(values)


class Project(Handle):
    """A module graph built from source roots and entry points
    (impgraph_graph_build).

    `roots`: project directories, package directories or scripts.
    `entries`: "pkg.mod", "path/to/script.py" or "pkg.mod:func".
    `console_scripts`: names from the roots' pyproject.toml or installed
    entry_points.txt. `python`: the interpreter to probe (None:
    $VIRTUAL_ENV/bin/python or python3). Static mode (no interpreter run):
    `sys_path` (a list of directories or "DIR:DIR") and `python_version`
    ("X.Y"). `jobs`: parser threads (0: one per CPU). `full`: also expand
    modules reached only through function-level, TYPE_CHECKING, lazy or
    main imports. `scan_timeout_us` / `max_bytes`: scanner limits for every
    file (None: the library's defaults).

    Usable as a context manager; the graph is freed on close() or when the
    object is collected. Modules, edges and the other records are Python
    objects that outlive it."""

    _FREE = "impgraph_graph_free"
    _KIND = "project"

    def __init__(
        self,
        roots: Union[None, PathLike, Sequence[PathLike]] = None,
        entries: Union[None, str, Sequence[str]] = None,
        console_scripts: Union[None, str, Sequence[str]] = None,
        python: Optional[PathLike] = None,
        sys_path: Union[None, str, Sequence[PathLike]] = None,
        python_version: Optional[str] = None,
        jobs: int = 0,
        full: bool = False,
        *,
        cache_dir: Optional[PathLike] = None,
        probe_cache: bool = True,
        probe_timeout_ms: Optional[int] = None,
        scan_timeout_us: Optional[int] = None,
        max_bytes: Optional[int] = None,
    ) -> None:
        L = _lib.lib()
        opts = _lib.impgraph_graph_options()
        check(L.impgraph_graph_options_init(ctypes.byref(opts), _lib.GRAPH_OPTIONS_VERSION))
        keep: List[Any] = []

        def s(value: Any) -> Optional[bytes]:
            b = _lib.encode(value)
            keep.append(b)
            return b

        def arr(values: Any) -> Tuple[Any, int]:
            a, n = _lib.string_array(_list(values))
            keep.append(a)
            return a, n

        opts.python = s(python)
        if sys_path is not None and not isinstance(sys_path, str):
            sys_path = ":".join(os.fsdecode(p) for p in sys_path)
        opts.sys_path = s(sys_path)
        opts.python_version = s(python_version)
        opts.roots, opts.root_count = arr(roots)
        opts.entries, opts.entry_count = arr(entries)
        opts.console_scripts, opts.console_script_count = arr(console_scripts)
        opts.jobs = jobs
        opts.flags = (GRAPH_FULL if full else 0) | (0 if probe_cache else GRAPH_NO_PROBE_CACHE)
        opts.cache_dir = s(cache_dir)
        if probe_timeout_ms is not None:
            opts.probe_timeout_ms = probe_timeout_ms
        if scan_timeout_us is not None or max_bytes is not None:
            scan = _lib.impgraph_scan_options()
            check(L.impgraph_scan_options_init(ctypes.byref(scan), _lib.SCAN_OPTIONS_VERSION))
            if scan_timeout_us is not None:
                scan.timeout_us = scan_timeout_us
            if max_bytes is not None:
                scan.max_bytes = max_bytes
            keep.append(scan)
            opts.scan = ctypes.pointer(scan)
        out = ctypes.c_void_p()
        err = new_error()
        check(L.impgraph_graph_build(ctypes.byref(out), ctypes.byref(opts), ctypes.byref(err)), err)
        super().__init__(out.value)
        self._cache: Dict[str, Any] = {}
        # Bumped by update_file(), which frees the module scans borrowed
        # before (ScanResult checks it).
        self._generation = 0

    # -- modules, edges, entries ------------------------------------------

    @property
    def modules(self) -> List[Module]:
        """All modules, by id (sorted by name)."""
        h = self._handle  # raises ValueError when closed
        cached = self._cache.get("modules")
        if cached is None:
            L = _lib.lib()
            has_profile = bool(L.impgraph_graph_has_profile(h))
            cached = []
            for i in range(L.impgraph_graph_module_count(h)):
                c = L.impgraph_graph_module(h, i).contents
                weight = None
                if has_profile:
                    self_us, cum_us = ctypes.c_int64(), ctypes.c_int64()
                    rc = L.impgraph_graph_module_weight(h, i, ctypes.byref(self_us), ctypes.byref(cum_us))
                    if rc == 0:
                        weight = Weight(self_us.value, cum_us.value)
                    elif rc != ENOTFOUND:
                        check(rc)
                cached.append(
                    Module(
                        i,
                        _s(c.name),
                        enum_value(ModuleKind, c.kind),
                        enum_value(Origin, c.origin),
                        ModuleFlag(c.flags),
                        _d(c.path),
                        _d(c.reason),
                        weight,
                    )
                )
            self._cache["modules"] = cached
        return list(cached)

    def _module(self, module_id: int) -> Module:
        cached = self._cache.get("modules")
        if cached is None:
            self.modules
            cached = self._cache["modules"]
        return cached[module_id]

    @property
    def edges(self) -> List[Edge]:
        """All edges, by id: static ones, then the attached profile's
        observed-only edges."""
        h = self._handle  # raises ValueError when closed
        cached = self._cache.get("edges")
        if cached is None:
            L = _lib.lib()
            cached = []
            for i in range(L.impgraph_graph_edge_count(h)):
                c = L.impgraph_graph_edge(h, i).contents
                names = _d(c.names)
                cached.append(
                    Edge(
                        i,
                        self._module(getattr(c, "from")),
                        self._module(c.to),
                        enum_value(EdgeKind, c.kind),
                        ImportContext(c.flags),
                        _d(c.file),
                        c.line,
                        c.column,
                        tuple(names.split(",")) if names else (),
                        _d(c.scope),
                        None if c.import_index == _lib.SIZE_MAX else c.import_index,
                        bool(L.impgraph_graph_edge_observed(h, i)),
                        None if c.call_module == _lib.SIZE_MAX else self._module(c.call_module),
                        c.call_line,
                        c.call_column,
                    )
                )
            self._cache["edges"] = cached
        return list(cached)

    def _edge(self, edge_id: int) -> Edge:
        cached = self._cache.get("edges")
        if cached is None:
            self.edges
            cached = self._cache["edges"]
        return cached[edge_id]

    @property
    def entries(self) -> List[Entry]:
        h = self._handle
        L = _lib.lib()
        out = []
        for i in range(L.impgraph_graph_entry_count(h)):
            c = L.impgraph_graph_entry(h, i).contents
            out.append(Entry(i, _s(c.spec), self._module(c.module), _d(c.function), _d(c.script)))
        return out

    @property
    def roots(self) -> List[str]:
        """The directory each source root puts first on the search path
        (what PYTHONPATH needs to run the project from its tree)."""
        h = self._handle
        L = _lib.lib()
        return [_s(L.impgraph_graph_root_search_entry(h, i)) for i in range(L.impgraph_graph_root_count(h))]

    @property
    def diagnostics(self) -> List[Diagnostic]:
        h = self._handle
        L = _lib.lib()
        return [
            Diagnostic._from_c(L.impgraph_graph_diagnostic(h, i).contents)
            for i in range(L.impgraph_graph_diagnostic_count(h))
        ]

    def module(self, name: str) -> Module:
        """A module by dotted name (NotFoundError when the graph lacks it)."""
        index = ctypes.c_size_t()
        check(_lib.lib().impgraph_graph_find(self._handle, _lib.encode(name), ctypes.byref(index)))
        return self._module(index.value)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, Module):
            name = name.name
        if not isinstance(name, str):
            return False
        index = ctypes.c_size_t()
        return _lib.lib().impgraph_graph_find(self._handle, _lib.encode(name), ctypes.byref(index)) == 0

    def __len__(self) -> int:
        return int(_lib.lib().impgraph_graph_module_count(self._handle))

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.modules)

    def _module_id(self, module: Union[Module, str, int]) -> int:
        if isinstance(module, Module):
            return module.id
        if isinstance(module, str):
            return self.module(module).id
        return int(module)

    def scan(self, module: Union[Module, str, int]) -> Optional[ScanResult]:
        """The scan of a module's source when it was expanded, else None.
        The result borrows from the project (render() needs it open)."""
        address = _lib.lib().impgraph_graph_module_scan(self._handle, self._module_id(module))
        if not address:
            return None
        return ScanResult(address, _owner=self)

    def failure(self, module: Union[Module, str, int]) -> Optional[Failure]:
        """Why importing `module` raises ImportError, or None when it does
        not (Module.fails)."""
        module_id = self._module_id(module)
        c = _lib.impgraph_module_failure()
        rc = _lib.lib().impgraph_graph_module_failure(self._handle, module_id, ctypes.byref(c))
        if rc == ENOTFOUND:
            return None
        check(rc)
        return Failure(
            self._module(module_id),
            self._edge(c.edge),
            c.line,
            self._module(c.imported),
            self._module(c.missing),
        )

    def estimate(self, module: Union[Module, str, int]) -> int:
        """impgraph_graph_module_estimate(): the module's self import time
        estimated from its kind and file size, µs."""
        value = ctypes.c_int64()
        check(
            _lib.lib().impgraph_graph_module_estimate(
                self._handle, self._module_id(module), ctypes.byref(value)
            )
        )
        return value.value

    # -- queries ----------------------------------------------------------

    def _entry_index(self, entry: Union[None, int, str, Entry]) -> int:
        if entry is None:
            return _lib.SIZE_MAX
        if isinstance(entry, Entry):
            return entry.index
        if isinstance(entry, str):
            for e in self.entries:
                if entry in (e.spec, e.script, e.module.name):
                    return e.index
            from ._errors import NotFoundError

            raise NotFoundError(ENOTFOUND, "no entry %r" % entry)
        return int(entry)

    def startup(self, entry: Union[None, int, str, Entry] = None) -> List[Module]:
        """The start-up set of one entry (an Entry, its index, spec, script
        name or module name) or of all entries (None), sorted by id."""
        ids = ctypes.POINTER(ctypes.c_size_t)()
        count = ctypes.c_size_t()
        err = new_error()
        check(
            _lib.lib().impgraph_graph_startup(
                ctypes.byref(ids), ctypes.byref(count), self._handle, self._entry_index(entry), ctypes.byref(err)
            ),
            err,
        )
        return [self._module(i) for i in _lib.take_size_array(ids, count.value)]

    def why(self, module: Union[Module, str], max_chains: int = 0) -> List[List[Edge]]:
        """Why a module is loaded at start-up: shortest chains of edges from
        an entry to it (entry first), one per distinct last importer; an
        entry module gives one empty chain. NotFoundError when the module is
        not in the graph or not in the start-up set."""
        name = module.name if isinstance(module, Module) else module
        edge_ids = ctypes.POINTER(ctypes.c_size_t)()
        lengths = ctypes.POINTER(ctypes.c_size_t)()
        count = ctypes.c_size_t()
        err = new_error()
        check(
            _lib.lib().impgraph_graph_why(
                ctypes.byref(edge_ids),
                ctypes.byref(lengths),
                ctypes.byref(count),
                self._handle,
                _lib.encode(name),
                max_chains,
                ctypes.byref(err),
            ),
            err,
        )
        sizes = _lib.take_size_array(lengths, count.value)
        flat = _lib.take_size_array(edge_ids, sum(sizes))
        chains: List[List[Edge]] = []
        pos = 0
        for n in sizes:
            chains.append([self._edge(i) for i in flat[pos : pos + n]])
            pos += n
        return chains

    def cycles(self) -> List[Cycle]:
        """Import cycles among first-party modules."""
        mids = ctypes.POINTER(ctypes.c_size_t)()
        mcounts = ctypes.POINTER(ctypes.c_size_t)()
        eids = ctypes.POINTER(ctypes.c_size_t)()
        ecounts = ctypes.POINTER(ctypes.c_size_t)()
        count = ctypes.c_size_t()
        err = new_error()
        check(
            _lib.lib().impgraph_graph_cycles(
                ctypes.byref(mids),
                ctypes.byref(mcounts),
                ctypes.byref(eids),
                ctypes.byref(ecounts),
                ctypes.byref(count),
                self._handle,
                ctypes.byref(err),
            ),
            err,
        )
        msizes = _lib.take_size_array(mcounts, count.value)
        esizes = _lib.take_size_array(ecounts, count.value)
        mflat = _lib.take_size_array(mids, sum(msizes))
        eflat = _lib.take_size_array(eids, sum(esizes))
        out = []
        mpos = epos = 0
        for mn, en in zip(msizes, esizes):
            out.append(
                Cycle(
                    tuple(self._module(i) for i in mflat[mpos : mpos + mn]),
                    tuple(self._edge(i) for i in eflat[epos : epos + en]),
                )
            )
            mpos += mn
            epos += en
        return out

    # -- output -----------------------------------------------------------

    def render(
        self,
        format: FormatLike = "text",
        *,
        startup: bool = False,
        collapse: bool = False,
        max_depth: int = 0,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
    ) -> str:
        """impgraph_render_graph(): text, JSON or DOT. The view: `startup`
        keeps the start-up set only, `collapse` draws each third-party
        top-level package as one node, `max_depth` keeps modules within that
        many edges of an entry (0: all), `include` / `exclude` are fnmatch
        patterns on module names."""
        L = _lib.lib()
        view = _lib.impgraph_graph_view()
        check(L.impgraph_graph_view_init(ctypes.byref(view), _lib.GRAPH_VIEW_VERSION))
        view.flags = (VIEW_STARTUP if startup else 0) | (VIEW_COLLAPSE if collapse else 0)
        view.max_depth = max_depth
        inc, view.include_count = _lib.string_array(list(include))
        exc, view.exclude_count = _lib.string_array(list(exclude))
        view.include = inc
        view.exclude = exc
        buf = ctypes.c_void_p()
        length = ctypes.c_size_t()
        err = new_error()
        check(
            L.impgraph_render_graph(
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

    def to_dot(self, **view: Any) -> str:
        """render("dot", **view)."""
        return self.render("dot", **view)

    def to_json(self, **view: Any) -> str:
        """render("json", **view) (docs/formats/graph.md)."""
        return self.render("json", **view)

    def render_why(self, module: Union[Module, str], format: FormatLike = "text", max_chains: int = 0) -> str:
        """impgraph_render_why(): why a module is (or is not) loaded, as text
        or JSON."""
        name = module.name if isinstance(module, Module) else module
        buf = ctypes.c_void_p()
        length = ctypes.c_size_t()
        err = new_error()
        check(
            _lib.lib().impgraph_render_why(
                ctypes.byref(buf),
                ctypes.byref(length),
                self._handle,
                _lib.encode(name),
                max_chains,
                int(to_format(format)),
                ctypes.byref(err),
            ),
            err,
        )
        return _lib.take_buffer(buf, length.value)

    def render_cycles(self, format: FormatLike = "text") -> str:
        """impgraph_render_cycles(): the import cycles as text or JSON."""
        buf = ctypes.c_void_p()
        length = ctypes.c_size_t()
        err = new_error()
        check(
            _lib.lib().impgraph_render_cycles(
                ctypes.byref(buf), ctypes.byref(length), self._handle, int(to_format(format)), ctypes.byref(err)
            ),
            err,
        )
        return _lib.take_buffer(buf, length.value)

    # -- profile ----------------------------------------------------------

    def attach_profile(self, profile: Profile) -> None:
        """Attaches a profile's median times to the modules (Module.weight),
        observed flags to the edges (Edge.observed) and its observed-only
        edges; replaces a previous profile. Nothing of `profile` is kept.
        Modules and edges read before are stale afterwards: read them again."""
        err = new_error()
        check(_lib.lib().impgraph_graph_attach_profile(self._handle, profile._handle, ctypes.byref(err)), err)
        self._cache.clear()

    @property
    def has_profile(self) -> bool:
        return bool(_lib.lib().impgraph_graph_has_profile(self._handle))

    @property
    def unmatched(self) -> List[str]:
        """Modules of the attached profile that the graph does not have."""
        h = self._handle
        L = _lib.lib()
        return [_s(L.impgraph_graph_unmatched(h, i)) for i in range(L.impgraph_graph_unmatched_count(h))]

    @property
    def unmatched_self_us(self) -> int:
        return int(_lib.lib().impgraph_graph_unmatched_self_us(self._handle))

    @property
    def reconciliation(self) -> Optional[Reconciliation]:
        """How the attached profile and the static graph agree; None without
        a profile."""
        ptr = _lib.lib().impgraph_graph_reconciliation(self._handle)
        return Reconciliation._from_c(ptr.contents) if ptr else None

    # -- suggestions ------------------------------------------------------

    def suggest(
        self,
        target_python: Optional[str] = None,
        requires_python: Optional[str] = None,
        min_savings_ms: float = 1.0,
        top: int = 0,
        *,
        project_root: Optional[PathLike] = None,
        profile_command: Optional[str] = None,
        subcommands: bool = True,
    ) -> Suggestions:
        """impgraph_suggest(): which first-party imports on the start-up
        path to defer, how, and what each saves (measured with an attached
        profile, else estimated). `target_python` "X.Y" (None: the graph's
        interpreter); `requires_python` a specifier such as ">=3.8" (None:
        read pyproject.toml); groups saving less than `min_savings_ms` are
        dropped; `top` keeps the best N groups (0: all); `subcommands=False`
        skips CLI subcommands."""
        L = _lib.lib()
        opts = _lib.impgraph_suggest_options()
        check(L.impgraph_suggest_options_init(ctypes.byref(opts), _lib.SUGGEST_OPTIONS_VERSION))
        keep = [_lib.encode(v) for v in (target_python, requires_python, project_root, profile_command)]
        opts.target_python, opts.requires_python, opts.project_root, opts.profile_command = keep
        opts.min_savings_us = int(round(min_savings_ms * 1000))
        opts.top = top
        opts.flags = 0 if subcommands else SUGGEST_NO_SUBCOMMANDS
        out = ctypes.c_void_p()
        err = new_error()
        check(L.impgraph_suggest(ctypes.byref(out), self._handle, ctypes.byref(opts), ctypes.byref(err)), err)
        return Suggestions(out.value)  # type: ignore[arg-type]

    # -- editors ----------------------------------------------------------

    def editor_diagnostics(
        self,
        text: Union[str, bytes],
        path: Optional[PathLike] = None,
        *,
        module: Optional[str] = None,
        suggestions: Optional[Suggestions] = None,
        warning_savings_us: Optional[int] = None,
        information_cost_us: Optional[int] = None,
        min_severity: Union[EditorSeverity, int, None] = None,
        scan_diagnostics: bool = False,
        scan_timeout_us: Optional[int] = None,
        max_bytes: Optional[int] = None,
    ) -> EditorDiagnostics:
        """impgraph_editor_diagnostics_new(): the imports of an in-memory
        buffer (an unsaved editor file) as diagnostics against this graph:
        whether each loads at start-up, its cost, the suggestion of
        `suggestions` (a report made from this project) that applies, with
        its fix re-based onto the buffer. The buffer is the module whose file
        is `path`, or the module named `module`. Thresholds in µs (None: the
        library's defaults, 10 ms and 1 ms); `min_severity` drops less
        severe diagnostics; `scan_diagnostics` adds syntax and decoding
        problems."""
        return editor_diagnostics(
            self._handle,
            text,
            path,
            module,
            suggestions,
            warning_savings_us,
            information_cost_us,
            min_severity,
            scan_diagnostics,
            scan_timeout_us,
            max_bytes,
        )

    def update_file(
        self,
        path: Optional[PathLike] = None,
        text: Union[str, bytes, None] = None,
        *,
        module: Optional[str] = None,
    ) -> None:
        """impgraph_graph_update_file(): re-scans one module's source after an
        edit (from `text`, else from the file) and updates its edges and the
        start-up set in place, without a rebuild. The module is the one whose
        file is `path`, or the one named `module`. Modules, edges and scans
        read before are stale afterwards: read them again. A mypyc-compiled
        module (imports read from the `.py` beside its binary) is refused
        with InvalidArgumentError: its binary runs, not the edited source."""
        data = None if text is None else (
            text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)
        )
        err = new_error()
        check(
            _lib.lib().impgraph_graph_update_file(
                self._handle,
                _lib.encode(path),
                _lib.encode(module),
                data,
                0 if data is None else len(data),
                ctypes.byref(err),
            ),
            err,
        )
        self._cache.clear()
        self._generation += 1

    def __repr__(self) -> str:
        if self.closed:
            return "<Project (closed)>"
        L = _lib.lib()
        return "<Project: %d modules, %d edges, %d entries>" % (
            L.impgraph_graph_module_count(self._handle),
            L.impgraph_graph_edge_count(self._handle),
            L.impgraph_graph_entry_count(self._handle),
        )
