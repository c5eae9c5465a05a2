"""Python bindings for libimpgraph: find every import of a Python project,
build its module graph, weigh it with measured start-up times and suggest
which imports to defer.

ctypes over the shared library (no compiler needed). The library is found on
first use: $IMPGRAPH_LIBRARY, then the build tree of a checkout, then the
system's loader paths (see README.md).

    import impgraph
    with impgraph.Project(roots=["examples/taskcli"], console_scripts=["taskcli"]) as p:
        for m in p.startup():
            print(m.name)
"""

from __future__ import annotations

import ctypes
import os
from typing import Union

from . import _lib
from ._editor import (
    EditorDiagnostic,
    EditorDiagnosticFlag,
    EditorDiagnostics,
    EditorEdit,
    EditorPosition,
    EditorRange,
    EditorSeverity,
)
from ._errors import (
    ABIMismatchError,
    FormatError,
    ImpgraphError,
    InputOutputError,
    InternalError,
    InvalidArgumentError,
    NotFoundError,
    OutOfMemoryError,
    OutOfRangeError,
    UnsupportedVersionError,
    strerror,
)
from ._errors import check as _check
from ._graph import Cycle, Edge, Entry, Failure, Module, Project, Reconciliation, Weight
from ._lib import LibraryNotFoundError, library_path
from ._profile import MeasuredRun, ModuleStats, ObservedEdge, Profile, ProfileInfo, TimeStats
from ._scan import (
    CliCommand,
    Definition,
    Effect,
    FileList,
    Guard,
    Import,
    ImportName,
    LocalRef,
    ScanResult,
    Scanner,
    Use,
    render_scans,
    scan_file,
    scan_source,
)
from ._suggest import (
    FunctionUse,
    KeptImport,
    ReportEntry,
    SuggestInfo,
    Suggestion,
    SuggestionGroup,
    Suggestions,
    TextEdit,
)
from ._types import (
    CliFramework,
    DefinitionKind,
    Diagnostic,
    EdgeKind,
    EffectKind,
    Flags,
    Format,
    ImportContext,
    ImportKind,
    MeasureMode,
    ModuleFlag,
    ModuleKind,
    Origin,
    ProfileEdgeFlag,
    ProfileEdgeKind,
    ProfileModuleFlag,
    Range,
    RefFlag,
    Risk,
    RunFlag,
    Severity,
    SuggestionKind,
    UseFlag,
)
from ._version import __version__


def version() -> str:
    """impgraph_version(): the version of the loaded C library."""
    return _lib.decode_str(_lib.lib().impgraph_version())


def console_script(pyproject: Union[str, "os.PathLike[str]"], name: str) -> str:
    """impgraph_pyproject_console_script(): the entry point ("pkg.mod:func")
    of console script `name` in a pyproject.toml (`[project.scripts]`,
    `[tool.poetry.scripts]`, or `scripts` inline in `[project]`), as
    `Project(console_scripts=...)` finds it. Raises NotFoundError when the
    file does not declare it, InputOutputError when it cannot be read."""
    buf = ctypes.c_void_p()
    err = _lib.impgraph_error()
    code = _lib.lib().impgraph_pyproject_console_script(
        _lib.encode(os.fspath(pyproject)), _lib.encode(name), ctypes.byref(buf), ctypes.byref(err)
    )
    _check(code, err)
    try:
        return ctypes.string_at(buf.value).decode("utf-8", "surrogateescape")
    finally:
        _lib.lib().impgraph_free(buf)


__all__ = [
    "__version__",
    "version",
    "console_script",
    "library_path",
    "strerror",
    # errors
    "LibraryNotFoundError",
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
    # enums and flags
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
    # records
    "Range",
    "Diagnostic",
    # scanner
    "Scanner",
    "ScanResult",
    "Import",
    "ImportName",
    "Guard",
    "Use",
    "Definition",
    "LocalRef",
    "CliCommand",
    "Effect",
    "FileList",
    "scan_source",
    "scan_file",
    "render_scans",
    # graph
    "Project",
    "Module",
    "Edge",
    "Entry",
    "Cycle",
    "Failure",
    "Weight",
    "Reconciliation",
    # profiles
    "Profile",
    "ProfileInfo",
    "ModuleStats",
    "TimeStats",
    "ObservedEdge",
    "MeasuredRun",
    # suggestions
    "Suggestions",
    "Suggestion",
    "SuggestionGroup",
    "SuggestInfo",
    "ReportEntry",
    "KeptImport",
    "TextEdit",
    "FunctionUse",
    # editor diagnostics
    "EditorDiagnostics",
    "EditorDiagnostic",
    "EditorSeverity",
    "EditorDiagnosticFlag",
    "EditorPosition",
    "EditorRange",
    "EditorEdit",
]
