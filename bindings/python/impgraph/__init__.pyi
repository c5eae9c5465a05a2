# Type stubs of the public API of the `impgraph` package (import name of the
# `libimpgraph` distribution). tests/test_stubs.py checks that these stubs
# and the runtime agree: the same names, class members and parameters.

import enum
import os
from typing import (
    Any,
    Callable,
    FrozenSet,
    Iterator,
    List,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Union,
)

__version__: str

_PathLike = Union[str, bytes, os.PathLike[str]]
_FormatLike = Union[Format, str, int]

def version() -> str: ...
def console_script(pyproject: Union[str, os.PathLike[str]], name: str) -> str: ...
def library_path() -> str: ...
def strerror(code: int) -> str: ...

# --- errors -----------------------------------------------------------------

class LibraryNotFoundError(OSError): ...

class ImpgraphError(Exception):
    code: int
    message: str
    def __init__(self, code: int, message: str) -> None: ...

class OutOfMemoryError(ImpgraphError, MemoryError): ...
class InvalidArgumentError(ImpgraphError, ValueError): ...
class InputOutputError(ImpgraphError): ...
class NotFoundError(ImpgraphError, LookupError): ...
class ABIMismatchError(ImpgraphError): ...
class UnsupportedVersionError(ImpgraphError): ...
class OutOfRangeError(ImpgraphError, IndexError): ...
class FormatError(ImpgraphError, ValueError): ...
class InternalError(ImpgraphError): ...

# --- enums and flags --------------------------------------------------------

class Flags(enum.IntFlag):
    def names(self) -> FrozenSet[str]: ...

class Format(enum.IntEnum):
    TEXT = 0
    JSON = 1
    DOT = 2
    MARKDOWN = 3
    SARIF = 4

class Severity(enum.IntEnum):
    ERROR = 0
    WARNING = 1
    NOTE = 2

class ImportKind(enum.IntEnum):
    PLAIN = 0
    FROM = 1
    STAR = 2
    FUTURE = 3
    DUNDER = 4
    IMPORTLIB = 5
    LAZY_MODULES = 6

class ImportContext(Flags):
    MODULE = 1
    FUNCTION = 2
    ASYNC = 4
    LAMBDA = 8
    CLASS_BODY = 16
    TYPE_CHECKING = 32
    TYPE_CHECKING_ELSE = 64
    OPTIONAL = 128
    CONDITIONAL = 256
    LAZY = 512
    DYNAMIC = 1024
    FALLBACK = 2048
    HANDLER = 4096

class UseFlag(Flags):
    MODULE_LEVEL = 1
    FUNCTION = 2
    CLASS_BODY = 4
    ANNOTATION = 8
    DECORATOR = 16
    DEFAULT = 32
    BASE = 64
    TYPE_CHECKING = 128
    ALL = 256
    DECLARATION = 512
    BINDING = 1024
    STRING = 2048
    CONDITIONAL = 4096
    CALL = 8192

class RefFlag(Flags):
    MODULE_LEVEL = 1
    FUNCTION = 2
    CLASS_BODY = 4
    ANNOTATION = 8
    DECORATOR = 16
    DEFAULT = 32
    BASE = 64
    TYPE_CHECKING = 128
    ALL = 256
    DECLARATION = 512
    BINDING = 1024
    STRING = 2048
    CONDITIONAL = 4096
    CALL = 65536
    VALUE = 131072

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
    IS_ENTRY = 1
    IN_STARTUP = 2
    PRELOADED = 4
    EXPANDED = 8
    HAS_ERRORS = 16
    MISSING_OPTIONAL = 32
    MISSING_CONDITIONAL = 64
    MISSING_TYPE_CHECKING = 128
    FAILS = 256

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
    MODULE = 0
    CODE = 1
    SCRIPT = 2
    ENTRY_POINT = 3

class ProfileModuleFlag(Flags):
    FAILED = 1
    NEGATIVE = 2
    ORPHAN = 4
    REPEAT = 8
    NESTED_SELF = 16
    TOP_LEVEL = 32
    SUSPECT = 64
    TRUNCATED = 128
    BAD_NAME = 256

class ProfileEdgeKind(enum.IntEnum):
    NESTED = 0
    CACHED = 1

class ProfileEdgeFlag(Flags):
    AMBIGUOUS = 1

class RunFlag(Flags):
    WARMUP = 1
    FAILED = 2
    TIMED_OUT = 4
    SUSPECT = 8
    EXTRA_LOGS = 16
    NO_MODULE_LIST = 32
    STDERR_TRUNCATED = 64
    NO_ROWS = 128
    EXCLUDED = 256
    NO_HEADER = 512

class SuggestionKind(enum.IntEnum):
    MOVE_INTO_FUNCTION = 0
    TYPE_CHECKING = 1
    LAZY_GETATTR = 2
    LAZY_IMPORT = 3
    SPLIT_SUBCOMMANDS = 4
    REMOVE_UNUSED = 5
    @property
    def rule(self) -> str: ...

class Risk(enum.IntEnum):
    SAFE = 0
    REVIEW = 1

# --- shared records ---------------------------------------------------------

class Range:
    start_byte: int
    end_byte: int
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    def __init__(
        self,
        start_byte: int,
        end_byte: int,
        start_line: int,
        start_column: int,
        end_line: int,
        end_column: int,
    ) -> None: ...

class Diagnostic:
    severity: Severity
    code: str
    path: str
    line: int
    column: int
    message: str
    def __init__(
        self, severity: Severity, code: str, path: str, line: int, column: int, message: str
    ) -> None: ...

# --- scanner ----------------------------------------------------------------

class ImportName:
    name: str
    alias: Optional[str]
    bound: Optional[str]
    range: Range
    def __init__(self, name: str, alias: Optional[str], bound: Optional[str], range: Range) -> None: ...

class Guard:
    condition: Range
    negated: bool
    def __init__(self, condition: Range, negated: bool) -> None: ...

class Import:
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
    guards: Tuple[Guard, ...]
    def __init__(
        self,
        kind: ImportKind,
        module: Optional[str],
        level: int,
        flags: ImportContext,
        scope: str,
        bound: Optional[str],
        alias: Optional[str],
        package: Optional[str],
        statement: Range,
        module_range: Range,
        names: Tuple[ImportName, ...],
        guards: Tuple[Guard, ...] = (),
    ) -> None: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...

class Use:
    name: str
    chain: str
    flags: UseFlag
    scope: str
    range: Range
    def __init__(self, name: str, chain: str, flags: UseFlag, scope: str, range: Range) -> None: ...

class Definition:
    kind: DefinitionKind
    qualname: str
    scope: str
    statement: Range
    body_first: Range
    body_indent: int
    body_inline: bool
    def __init__(
        self,
        kind: DefinitionKind,
        qualname: str,
        scope: str,
        statement: Range,
        body_first: Range,
        body_indent: int,
        body_inline: bool,
    ) -> None: ...

class LocalRef:
    name: str
    scope: str
    flags: RefFlag
    range: Range
    def __init__(self, name: str, scope: str, flags: RefFlag, range: Range) -> None: ...

class CliCommand:
    framework: CliFramework
    name: str
    handler: Optional[str]
    scope: str
    range: Range
    def __init__(
        self, framework: CliFramework, name: str, handler: Optional[str], scope: str, range: Range
    ) -> None: ...

class Effect:
    kind: EffectKind
    text: str
    range: Range
    def __init__(self, kind: EffectKind, text: str, range: Range) -> None: ...

class ScanResult:
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
    def __init__(self, _address: int, _owner: Optional[Any] = ...) -> None: ...
    def text_of(self, range: Range) -> str: ...
    def render(self, format: _FormatLike = ...) -> str: ...
    def to_json(self) -> str: ...
    def close(self) -> None: ...
    def __enter__(self) -> ScanResult: ...
    def __exit__(self, *exc: Any) -> None: ...

class Scanner:
    def __init__(self, timeout_us: Optional[int] = ..., max_bytes: Optional[int] = ...) -> None: ...
    def scan(self, source: Union[str, bytes], path: Optional[_PathLike] = ...) -> ScanResult: ...
    def scan_file(self, path: _PathLike) -> ScanResult: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> Scanner: ...
    def __exit__(self, *exc: Any) -> None: ...

class FileList:
    paths: List[str]
    diagnostics: List[Diagnostic]
    def __init__(self, roots: Sequence[_PathLike]) -> None: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> FileList: ...
    def __exit__(self, *exc: Any) -> None: ...

def scan_source(source: Union[str, bytes], path: Optional[_PathLike] = ...) -> ScanResult: ...
def scan_file(path: _PathLike) -> ScanResult: ...
def render_scans(
    scans: Sequence[ScanResult], format: _FormatLike = ..., extra: Optional[FileList] = ...
) -> str: ...

# --- profiles ---------------------------------------------------------------

class TimeStats:
    median_us: int
    min_us: int
    max_us: int
    spread: float
    count: int
    def __init__(self, median_us: int, min_us: int, max_us: int, spread: float, count: int) -> None: ...

class ModuleStats:
    index: int
    name: str
    self: TimeStats
    cumulative: TimeStats
    runs: int
    failed_runs: int
    flags: ProfileModuleFlag
    def __init__(
        __dataclass_self__,  # pyright: ignore[reportSelfClsParameterName]
        index: int,
        name: str,
        self: TimeStats,
        cumulative: TimeStats,
        runs: int,
        failed_runs: int,
        flags: ProfileModuleFlag,
    ) -> None: ...

class ObservedEdge:
    importer: str
    imported: str
    importer_index: Optional[int]
    imported_index: Optional[int]
    kind: ProfileEdgeKind
    runs: int
    flags: ProfileEdgeFlag
    def __init__(
        self,
        importer: str,
        imported: str,
        importer_index: Optional[int],
        imported_index: Optional[int],
        kind: ProfileEdgeKind,
        runs: int,
        flags: ProfileEdgeFlag,
    ) -> None: ...

class MeasuredRun:
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
    def __init__(
        self,
        index: int,
        label: str,
        flags: RunFlag,
        wall_us: Optional[int],
        cpu_us: Optional[int],
        total_us: int,
        exit_status: Optional[int],
        term_signal: int,
        row_count: int,
        failed_imports: int,
        extra_logs: int,
        stderr_tail: Optional[str],
    ) -> None: ...

class ProfileInfo:
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
    def __init__(
        self,
        source: str,
        python: Optional[str],
        executable: Optional[str],
        python_version: Optional[str],
        implementation: Optional[str],
        cwd: Optional[str],
        command: Tuple[str, ...],
        source_roots: Tuple[str, ...],
        env: Tuple[str, ...],
        importtime_level: int,
        warmup: int,
        runs: int,
        failed_runs: int,
        wall: TimeStats,
        cpu: TimeStats,
        total: TimeStats,
    ) -> None: ...

class Profile:
    summary: ProfileInfo
    modules: List[ModuleStats]
    edges: List[ObservedEdge]
    runs: List[MeasuredRun]
    diagnostics: List[Diagnostic]
    def __init__(self, _address: int) -> None: ...
    @classmethod
    def measure(
        cls,
        target: str,
        mode: Union[MeasureMode, str, int] = ...,
        *,
        python: Optional[_PathLike] = ...,
        program_name: Optional[str] = ...,
        args: Sequence[str] = ...,
        runs: int = ...,
        warmup: int = ...,
        timeout_ms: int = ...,
        env: Sequence[str] = ...,
        source_roots: Sequence[_PathLike] = ...,
        cwd: Optional[_PathLike] = ...,
        allow_failure: bool = ...,
        progress: Optional[Callable[[int, int, int], None]] = ...,
    ) -> Profile: ...
    @classmethod
    def from_logs(
        cls, logs: Sequence[Union[str, bytes]], labels: Optional[Sequence[str]] = ...
    ) -> Profile: ...
    @classmethod
    def from_log_files(cls, paths: Sequence[_PathLike]) -> Profile: ...
    @classmethod
    def load(cls, path: _PathLike) -> Profile: ...
    def find(self, module: str) -> ModuleStats: ...
    def __contains__(self, module: object) -> bool: ...
    def run_log(self, index: int) -> Optional[bytes]: ...
    def render(
        self,
        format: _FormatLike = ...,
        *,
        top: Optional[int] = ...,
        width: Optional[int] = ...,
        tree: bool = ...,
    ) -> str: ...
    def to_json(self) -> str: ...
    def save(self, path: _PathLike) -> None: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> Profile: ...
    def __exit__(self, *exc: Any) -> None: ...

# --- suggestions ------------------------------------------------------------

class TextEdit:
    file: str
    range: Range
    new_text: str
    def __init__(self, file: str, range: Range, new_text: str) -> None: ...

class FunctionUse(NamedTuple):
    name: str
    line: int

class Suggestion:
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
    def __init__(
        self,
        index: int,
        kind: SuggestionKind,
        file: str,
        line: int,
        column: int,
        range: Range,
        module: str,
        imported: str,
        names: Tuple[str, ...],
        group: int,
        savings_us: int,
        savings_alone_us: int,
        functions: Tuple[FunctionUse, ...],
        subcommands: Tuple[str, ...],
        risk: Risk,
        risk_reason: Optional[str],
        reason: str,
        action: str,
        edit: Optional[str],
        edits: Tuple[TextEdit, ...],
        dropped: Tuple[str, ...],
    ) -> None: ...
    @property
    def rule(self) -> str: ...

class SuggestionGroup:
    index: int
    members: Tuple[int, ...]
    savings_us: int
    entry_savings_us: Tuple[int, ...]
    def __init__(
        self, index: int, members: Tuple[int, ...], savings_us: int, entry_savings_us: Tuple[int, ...]
    ) -> None: ...

class ReportEntry:
    label: str
    entry: int
    subcommand: Optional[str]
    startup_us: int
    predicted_startup_us: int
    module_count: int
    predicted_module_count: int
    def __init__(
        self,
        label: str,
        entry: int,
        subcommand: Optional[str],
        startup_us: int,
        predicted_startup_us: int,
        module_count: int,
        predicted_module_count: int,
    ) -> None: ...

class KeptImport:
    file: str
    line: int
    module: str
    imported: str
    reason: str
    use_line: int
    def __init__(
        self, file: str, line: int, module: str, imported: str, reason: str, use_line: int
    ) -> None: ...

class SuggestInfo:
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
    def __init__(
        self,
        measured: bool,
        profile_command: Optional[str],
        startup_us: int,
        predicted_startup_us: int,
        min_version: Tuple[int, int],
        target_version: Tuple[int, int],
        versions_from: str,
        mechanism: str,
        considered: int,
        filtered: int,
        estimated_modules: int,
    ) -> None: ...

class Suggestions:
    info: SuggestInfo
    suggestions: List[Suggestion]
    groups: List[SuggestionGroup]
    entries: List[ReportEntry]
    kept: List[KeptImport]
    def __init__(self, _address: int) -> None: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Suggestion]: ...
    def __getitem__(self, index: int) -> Suggestion: ...
    def render(
        self,
        format: _FormatLike = ...,
        verbose: bool = ...,
        color: bool = ...,
        width: Optional[int] = ...,
    ) -> str: ...
    def to_json(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> Suggestions: ...
    def __exit__(self, *exc: Any) -> None: ...

# --- the module graph -------------------------------------------------------

class Weight:
    self_us: int
    cumulative_us: int
    def __init__(self, self_us: int, cumulative_us: int) -> None: ...

class Module:
    id: int
    name: str
    kind: ModuleKind
    origin: Origin
    flags: ModuleFlag
    path: Optional[str]
    reason: Optional[str]
    weight: Optional[Weight]
    def __init__(
        self,
        id: int,
        name: str,
        kind: ModuleKind,
        origin: Origin,
        flags: ModuleFlag,
        path: Optional[str],
        reason: Optional[str],
        weight: Optional[Weight] = ...,
    ) -> None: ...
    @property
    def is_entry(self) -> bool: ...
    @property
    def in_startup(self) -> bool: ...
    @property
    def preloaded(self) -> bool: ...
    @property
    def fails(self) -> bool: ...

class Edge:
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
    observed: bool
    call_module: Optional[Module]
    call_line: int
    call_column: int
    def __init__(
        self,
        id: int,
        source: Module,
        target: Module,
        kind: EdgeKind,
        flags: ImportContext,
        file: Optional[str],
        line: int,
        column: int,
        names: Tuple[str, ...],
        scope: Optional[str],
        import_index: Optional[int],
        observed: bool = ...,
        call_module: Optional[Module] = ...,
        call_line: int = ...,
        call_column: int = ...,
    ) -> None: ...

class Entry:
    index: int
    spec: str
    module: Module
    function: Optional[str]
    script: Optional[str]
    def __init__(
        self, index: int, spec: str, module: Module, function: Optional[str], script: Optional[str]
    ) -> None: ...

class Cycle:
    modules: Tuple[Module, ...]
    edges: Tuple[Edge, ...]
    def __init__(self, modules: Tuple[Module, ...], edges: Tuple[Edge, ...]) -> None: ...

class Failure:
    module: Module
    edge: Edge
    line: int
    imported: Module
    missing: Module
    def __init__(
        self, module: Module, edge: Edge, line: int, imported: Module, missing: Module
    ) -> None: ...

class Reconciliation:
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
    def __init__(
        self,
        static_eager_edges: int,
        observed: int,
        never_observed: int,
        never_observed_target_loaded: int,
        never_observed_target_not_loaded: int,
        never_observed_importer_not_loaded: int,
        startup_modules: int,
        startup_modules_loaded: int,
        loaded_outside_startup: int,
        loaded_outside_startup_self_us: int,
        unmatched_modules: int,
        unmatched_self_us: int,
        observed_pairs: int,
        observed_static: int,
        observed_only: int,
        observed_unscanned: int,
        observed_ignored: int,
        observed_unmatched: int,
    ) -> None: ...

class Project:
    def __init__(
        self,
        roots: Union[None, _PathLike, Sequence[_PathLike]] = ...,
        entries: Union[None, str, Sequence[str]] = ...,
        console_scripts: Union[None, str, Sequence[str]] = ...,
        python: Optional[_PathLike] = ...,
        sys_path: Union[None, str, Sequence[_PathLike]] = ...,
        python_version: Optional[str] = ...,
        jobs: int = ...,
        full: bool = ...,
        *,
        cache_dir: Optional[_PathLike] = ...,
        probe_cache: bool = ...,
        probe_timeout_ms: Optional[int] = ...,
        scan_timeout_us: Optional[int] = ...,
        max_bytes: Optional[int] = ...,
    ) -> None: ...
    @property
    def modules(self) -> List[Module]: ...
    @property
    def edges(self) -> List[Edge]: ...
    @property
    def entries(self) -> List[Entry]: ...
    @property
    def roots(self) -> List[str]: ...
    @property
    def diagnostics(self) -> List[Diagnostic]: ...
    def module(self, name: str) -> Module: ...
    def __contains__(self, name: object) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Module]: ...
    def scan(self, module: Union[Module, str, int]) -> Optional[ScanResult]: ...
    def failure(self, module: Union[Module, str, int]) -> Optional[Failure]: ...
    def estimate(self, module: Union[Module, str, int]) -> int: ...
    def startup(self, entry: Union[None, int, str, Entry] = ...) -> List[Module]: ...
    def why(self, module: Union[Module, str], max_chains: int = ...) -> List[List[Edge]]: ...
    def cycles(self) -> List[Cycle]: ...
    def render(
        self,
        format: _FormatLike = ...,
        *,
        startup: bool = ...,
        collapse: bool = ...,
        max_depth: int = ...,
        include: Sequence[str] = ...,
        exclude: Sequence[str] = ...,
    ) -> str: ...
    def to_dot(self, **view: Any) -> str: ...
    def to_json(self, **view: Any) -> str: ...
    def render_why(
        self, module: Union[Module, str], format: _FormatLike = ..., max_chains: int = ...
    ) -> str: ...
    def render_cycles(self, format: _FormatLike = ...) -> str: ...
    def attach_profile(self, profile: Profile) -> None: ...
    @property
    def has_profile(self) -> bool: ...
    @property
    def unmatched(self) -> List[str]: ...
    @property
    def unmatched_self_us(self) -> int: ...
    @property
    def reconciliation(self) -> Optional[Reconciliation]: ...
    def editor_diagnostics(
        self,
        text: Union[str, bytes],
        path: Optional[_PathLike] = ...,
        *,
        module: Optional[str] = ...,
        suggestions: Optional[Suggestions] = ...,
        warning_savings_us: Optional[int] = ...,
        information_cost_us: Optional[int] = ...,
        min_severity: Union[EditorSeverity, int, None] = ...,
        scan_diagnostics: bool = ...,
        scan_timeout_us: Optional[int] = ...,
        max_bytes: Optional[int] = ...,
    ) -> EditorDiagnostics: ...
    def update_file(
        self,
        path: Optional[_PathLike] = ...,
        text: Union[str, bytes, None] = ...,
        *,
        module: Optional[str] = ...,
    ) -> None: ...
    def suggest(
        self,
        target_python: Optional[str] = ...,
        requires_python: Optional[str] = ...,
        min_savings_ms: float = ...,
        top: int = ...,
        *,
        project_root: Optional[_PathLike] = ...,
        profile_command: Optional[str] = ...,
        subcommands: bool = ...,
    ) -> Suggestions: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> Project: ...
    def __exit__(self, *exc: Any) -> None: ...

# --- editor diagnostics -----------------------------------------------------

class EditorSeverity(enum.IntEnum):
    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

class EditorDiagnosticFlag(Flags):
    STARTUP = 1
    MEASURED = 2
    ESTIMATED = 4
    PRELOADED = 8
    NOT_IN_GRAPH = 16
    MISSING = 32
    MOVED = 64
    FIX_STALE = 128

class EditorPosition:
    line: int
    utf16_column: int
    byte_column: int
    byte_offset: int
    def __init__(self, line: int, utf16_column: int, byte_column: int, byte_offset: int) -> None: ...

class EditorRange:
    start: EditorPosition
    end: EditorPosition
    def __init__(self, start: EditorPosition, end: EditorPosition) -> None: ...

class EditorEdit:
    range: EditorRange
    new_text: str
    def __init__(self, range: EditorRange, new_text: str) -> None: ...

class EditorDiagnostic:
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
    def __init__(
        self,
        range: EditorRange,
        statement: EditorRange,
        severity: EditorSeverity,
        code: str,
        message: str,
        module: Optional[str],
        kind: EdgeKind,
        flags: EditorDiagnosticFlag,
        self_us: Optional[int],
        cumulative_us: Optional[int],
        savings_us: int,
        import_index: Optional[int],
        suggestion_index: Optional[int],
        suggestion: Optional[Suggestion],
        fixes: Tuple[EditorEdit, ...],
    ) -> None: ...

class EditorDiagnostics:
    module: str
    diagnostics: List[EditorDiagnostic]
    scan: ScanResult
    def __init__(self, _address: int, _report: Optional[Suggestions] = ...) -> None: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[EditorDiagnostic]: ...
    def __getitem__(self, index: int) -> EditorDiagnostic: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> EditorDiagnostics: ...
    def __exit__(self, *exc: Any) -> None: ...
