"""Start-up profiles: measuring `-X importtime`, reading logs and saved
profiles."""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

from . import _lib
from ._errors import check, new_error
from ._handle import Handle
from ._types import (
    Diagnostic,
    FormatLike,
    MeasureMode,
    ProfileEdgeFlag,
    ProfileEdgeKind,
    ProfileModuleFlag,
    RunFlag,
    enum_value,
    to_format,
)

__all__ = [
    "TimeStats",
    "ModuleStats",
    "ObservedEdge",
    "MeasuredRun",
    "ProfileInfo",
    "Profile",
]

_d = _lib.decode
_s = _lib.decode_str

PathLike = Union[str, bytes, "os.PathLike[str]"]
ProgressCallback = Callable[[int, int, int], None]

MEASURE_ALLOW_FAILURE = 1 << 0
PROFILE_VIEW_TREE = 1 << 0


def _index(value: int) -> Optional[int]:
    return None if value == _lib.SIZE_MAX else value


def _known(value: int) -> Optional[int]:
    return None if value == -1 else value


@dataclass(frozen=True)
class TimeStats:
    """Median, range and spread of one quantity over runs, µs."""

    median_us: int
    min_us: int
    max_us: int
    spread: float
    count: int

    @classmethod
    def _from_c(cls, c: _lib.impgraph_time_stats) -> "TimeStats":
        return cls(c.median_us, c.min_us, c.max_us, c.spread, c.count)


@dataclass(frozen=True)
class ModuleStats:
    """One module's statistics over the runs it was imported in."""

    index: int
    name: str
    self: TimeStats
    cumulative: TimeStats
    runs: int
    failed_runs: int
    flags: ProfileModuleFlag

    @classmethod
    def _from_c(cls, index: int, c: _lib.impgraph_module_stats) -> "ModuleStats":
        return cls(
            index,
            _s(c.name),
            TimeStats._from_c(getattr(c, "self")),
            TimeStats._from_c(c.cumulative),
            c.runs,
            c.failed_runs,
            ProfileModuleFlag(c.flags),
        )


@dataclass(frozen=True)
class ObservedEdge:
    """An import seen in the logs. The indices are None when that module has
    no timed row (e.g. `sys` in a 3.14 cached row)."""

    importer: str
    imported: str
    importer_index: Optional[int]
    imported_index: Optional[int]
    kind: ProfileEdgeKind
    runs: int
    flags: ProfileEdgeFlag

    @classmethod
    def _from_c(cls, c: _lib.impgraph_observed_edge) -> "ObservedEdge":
        return cls(
            _s(c.importer),
            _s(c.imported),
            _index(c.importer_index),
            _index(c.imported_index),
            enum_value(ProfileEdgeKind, c.kind),
            c.runs,
            ProfileEdgeFlag(c.flags),
        )


@dataclass(frozen=True)
class MeasuredRun:
    """One run of the program (or of a log). Unknown values (-1 in C) are
    None: wall and CPU time of logs, the exit status of killed runs."""

    index: int
    label: str
    flags: RunFlag
    wall_us: Optional[int]
    cpu_us: Optional[int]
    total_us: int
    exit_status: Optional[int]
    term_signal: int
    row_count: int
    failed_imports: int
    extra_logs: int
    stderr_tail: Optional[str]

    @classmethod
    def _from_c(cls, index: int, c: _lib.impgraph_measured_run) -> "MeasuredRun":
        return cls(
            index,
            _s(c.label),
            RunFlag(c.flags),
            _known(c.wall_us),
            _known(c.cpu_us),
            c.total_us,
            _known(c.exit_status),
            c.term_signal,
            c.row_count,
            c.failed_imports,
            c.extra_logs,
            _d(c.stderr_tail),
        )


@dataclass(frozen=True)
class ProfileInfo:
    """What a profile is about (impgraph_profile_info)."""

    source: str
    python: Optional[str]
    executable: Optional[str]
    python_version: Optional[str]
    implementation: Optional[str]
    cwd: Optional[str]
    command: Tuple[str, ...]
    source_roots: Tuple[str, ...]
    env: Tuple[str, ...]
    importtime_level: int
    warmup: int
    runs: int
    failed_runs: int
    wall: TimeStats
    cpu: TimeStats
    total: TimeStats

    @classmethod
    def _from_c(cls, c: _lib.impgraph_profile_info) -> "ProfileInfo":
        return cls(
            _s(c.source),
            _d(c.python),
            _d(c.executable),
            _d(c.python_version),
            _d(c.implementation),
            _d(c.cwd),
            _lib.strings(c.command, c.command_count),
            _lib.strings(c.source_roots, c.source_root_count),
            _lib.strings(c.env, c.env_count),
            c.importtime_level,
            c.warmup,
            c.runs,
            c.failed_runs,
            TimeStats._from_c(c.wall),
            TimeStats._from_c(c.cpu),
            TimeStats._from_c(c.total),
        )


def _to_mode(mode: Union[MeasureMode, str, int]) -> MeasureMode:
    if isinstance(mode, str):
        try:
            return MeasureMode[mode.upper().replace("-", "_")]
        except KeyError:
            raise ValueError(
                "unknown measure mode %r (module, code, script or entry_point)" % mode
            ) from None
    return MeasureMode(mode)


class Profile(Handle):
    """A start-up profile (impgraph_profile): per-module median times over
    runs, the imports observed, the runs themselves and diagnostics.

    Make one with Profile.measure(), Profile.from_logs() or Profile.load().
    The records are copied out when the profile is made; the handle is kept
    for render() and Project.attach_profile()."""

    _FREE = "impgraph_profile_free"
    _KIND = "profile"

    summary: ProfileInfo
    modules: List[ModuleStats]
    edges: List[ObservedEdge]
    runs: List[MeasuredRun]
    diagnostics: List[Diagnostic]

    def __init__(self, _address: int) -> None:
        """Internal: use the class methods."""
        super().__init__(_address)
        h = self._handle
        L = _lib.lib()
        self.summary = ProfileInfo._from_c(L.impgraph_profile_summary(h).contents)
        self.modules = [
            ModuleStats._from_c(i, L.impgraph_profile_module(h, i).contents)
            for i in range(L.impgraph_profile_module_count(h))
        ]
        self.edges = [
            ObservedEdge._from_c(L.impgraph_profile_edge(h, i).contents)
            for i in range(L.impgraph_profile_edge_count(h))
        ]
        self.runs = [
            MeasuredRun._from_c(i, L.impgraph_profile_run(h, i).contents)
            for i in range(L.impgraph_profile_run_count(h))
        ]
        self.diagnostics = [
            Diagnostic._from_c(L.impgraph_profile_diagnostic(h, i).contents)
            for i in range(L.impgraph_profile_diagnostic_count(h))
        ]

    # -- construction -----------------------------------------------------

    @classmethod
    def measure(
        cls,
        target: str,
        mode: Union[MeasureMode, str, int] = MeasureMode.MODULE,
        *,
        python: Optional[PathLike] = None,
        program_name: Optional[str] = None,
        args: Sequence[str] = (),
        runs: int = 5,
        warmup: int = 1,
        timeout_ms: int = 120000,
        env: Sequence[str] = (),
        source_roots: Sequence[PathLike] = (),
        cwd: Optional[PathLike] = None,
        allow_failure: bool = False,
        progress: Optional[ProgressCallback] = None,
    ) -> "Profile":
        """impgraph_measure(): runs the program `warmup` + `runs` times with
        `-X importtime`. `mode` says what `target` is: "module" (`-m`),
        "code" (`-c`), "script" or "entry_point" ("pkg.mod:func").
        `env` holds "NAME=VALUE" (set) or "NAME" (remove) items.
        `progress(index, warmup, runs)` is called before each run.
        A failing program is not an error: check summary.failed_runs."""
        L = _lib.lib()
        opts = _lib.impgraph_measure_options()
        check(L.impgraph_measure_options_init(ctypes.byref(opts), _lib.MEASURE_OPTIONS_VERSION))
        keep: List[Any] = []  # arrays and strings alive until the call returns

        def s(value: Any) -> Optional[bytes]:
            b = _lib.encode(value)
            keep.append(b)
            return b

        def arr(values: Sequence[Any]) -> Tuple[Any, int]:
            a, n = _lib.string_array(list(values))
            keep.append(a)
            return a, n

        opts.python = s(python)
        opts.mode = int(_to_mode(mode))
        opts.target = s(target)
        opts.program_name = s(program_name)
        opts.args, opts.arg_count = arr(args)
        opts.runs = runs
        opts.warmup = warmup
        opts.timeout_ms = timeout_ms
        opts.env, opts.env_count = arr(env)
        opts.source_roots, opts.source_root_count = arr(source_roots)
        opts.cwd = s(cwd)
        opts.flags = MEASURE_ALLOW_FAILURE if allow_failure else 0
        raised: List[BaseException] = []
        if progress is not None:

            def trampoline(_ctx: Any, index: int, warm: int, count: int) -> None:
                if raised:
                    return
                try:
                    progress(index, warm, count)  # type: ignore[misc]
                except BaseException as exc:  # re-raised after the call
                    raised.append(exc)

            callback = _lib.PROGRESS_CALLBACK(trampoline)
            keep.append(callback)
            opts.progress = callback
        out = ctypes.c_void_p()
        err = new_error()
        rc = L.impgraph_measure(ctypes.byref(out), ctypes.byref(opts), ctypes.byref(err))
        profile = cls(out.value) if rc == 0 else None  # type: ignore[arg-type]
        if raised:  # the callback's exception first (the profile is freed)
            raise raised[0]
        check(rc, err)
        assert profile is not None
        return profile

    @classmethod
    def from_logs(
        cls,
        logs: Sequence[Union[str, bytes]],
        labels: Optional[Sequence[str]] = None,
    ) -> "Profile":
        """impgraph_profile_from_logs(): a profile from `-X importtime`
        stderr texts (str or bytes); every run of every log is one run.
        `labels` name them ("log 1", ... by default)."""
        if isinstance(logs, (str, bytes)):
            logs = [logs]
        texts = [t.encode("utf-8", "surrogateescape") if isinstance(t, str) else bytes(t) for t in logs]
        n = len(texts)
        text_arr = (ctypes.c_char_p * max(n, 1))(*texts)
        lens = (ctypes.c_size_t * max(n, 1))(*[len(t) for t in texts])
        label_arr = None
        if labels is not None:
            if len(labels) != n:
                raise ValueError("labels: %d given for %d logs" % (len(labels), n))
            label_arr, _ = _lib.string_array(list(labels))
        out = ctypes.c_void_p()
        err = new_error()
        check(
            _lib.lib().impgraph_profile_from_logs(
                ctypes.byref(out), text_arr, lens, label_arr, n, ctypes.byref(err)
            ),
            err,
        )
        return cls(out.value)  # type: ignore[arg-type]

    @classmethod
    def from_log_files(cls, paths: Sequence[PathLike]) -> "Profile":
        """from_logs() over files, labelled with their paths."""
        logs = []
        for p in paths:
            with open(p, "rb") as f:
                logs.append(f.read())
        return cls.from_logs(logs, [os.fsdecode(p) for p in paths])

    @classmethod
    def load(cls, path: PathLike) -> "Profile":
        """impgraph_profile_load(): a profile saved as JSON (to_json(),
        `impgraph measure -o`)."""
        out = ctypes.c_void_p()
        err = new_error()
        check(
            _lib.lib().impgraph_profile_load(ctypes.byref(out), _lib.encode(path), ctypes.byref(err)),
            err,
        )
        return cls(out.value)  # type: ignore[arg-type]

    # -- queries ----------------------------------------------------------

    def find(self, module: str) -> ModuleStats:
        """The statistics of a module by dotted name (NotFoundError)."""
        index = ctypes.c_size_t()
        check(_lib.lib().impgraph_profile_find(self._handle, _lib.encode(module), ctypes.byref(index)))
        return self.modules[index.value]

    def __contains__(self, module: object) -> bool:
        return isinstance(module, str) and any(m.name == module for m in self.modules)

    def run_log(self, index: int) -> Optional[bytes]:
        """The whole stderr of measured run `index`; None for profiles from
        logs or loaded, and out of range."""
        length = ctypes.c_size_t()
        ptr = _lib.lib().impgraph_profile_run_log(self._handle, index, ctypes.byref(length))
        if not ptr:
            return None
        return ctypes.string_at(ptr, length.value)

    # -- output -----------------------------------------------------------

    def render(
        self,
        format: FormatLike = "text",
        *,
        top: Optional[int] = None,
        width: Optional[int] = None,
        tree: bool = False,
    ) -> str:
        """impgraph_render_profile(): text (tables; `tree` adds the import
        tree; `top` rows, `width` columns, 0 = all / no limit, defaults
        20 / 100) or JSON (everything; what load() reads)."""
        L = _lib.lib()
        view = _lib.impgraph_profile_view()
        check(L.impgraph_profile_view_init(ctypes.byref(view), _lib.PROFILE_VIEW_VERSION))
        if top is not None:
            view.top = top
        if width is not None:
            view.width = width
        view.flags = PROFILE_VIEW_TREE if tree else 0
        buf = ctypes.c_void_p()
        length = ctypes.c_size_t()
        err = new_error()
        check(
            L.impgraph_render_profile(
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

    def save(self, path: PathLike) -> None:
        """Writes to_json() to a file."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.to_json())

    def __repr__(self) -> str:
        return "<Profile %s: %d modules, %d runs>" % (
            self.summary.source,
            len(self.modules),
            self.summary.runs,
        )
