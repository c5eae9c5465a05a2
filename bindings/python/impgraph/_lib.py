"""The C ABI: finding and loading libimpgraph, struct mirrors, prototypes.

Everything here mirrors libimpgraph/include/impgraph.h exactly. The struct
layouts are checked against the header by tests/test_layout.py (which compiles
a small C program when a compiler is available) and every IMPGRAPH_API function
must have an entry in PROTOTYPES (tests/test_header.py, which also checks
the field names, enum values and flags against the header).

The library is loaded lazily, on the first call that needs it, so that
`import impgraph` never fails: a missing library raises LibraryNotFoundError
naming every place that was searched.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
import sys
import threading
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char,
    c_char_p,
    c_double,
    c_int,
    c_int64,
    c_size_t,
    c_uint32,
    c_uint64,
    c_void_p,
)
from typing import Any, Dict, List, Optional, Sequence, Tuple

__all__ = ["LibraryNotFoundError", "lib", "library_path", "PROTOTYPES"]

SIZE_MAX = ctypes.c_size_t(-1).value
ERROR_MESSAGE_SIZE = 512

# C enums are `int` on every ABI this library targets (gcc/clang, LP64).
c_enum = c_int


class LibraryNotFoundError(OSError):
    """libimpgraph.so could not be found or loaded. The message lists every
    place that was tried and why each failed."""


# --------------------------------------------------------------------------
# Struct mirrors (same order and types as impgraph.h)
# --------------------------------------------------------------------------


class impgraph_error(Structure):
    _fields_ = [("code", c_int), ("message", c_char * ERROR_MESSAGE_SIZE)]


class impgraph_range(Structure):
    _fields_ = [
        ("start_byte", c_uint32),
        ("end_byte", c_uint32),
        ("start_line", c_uint32),
        ("start_column", c_uint32),
        ("end_line", c_uint32),
        ("end_column", c_uint32),
    ]


class impgraph_import_name(Structure):
    _fields_ = [
        ("name", c_char_p),
        ("alias", c_char_p),
        ("bound", c_char_p),
        ("range", impgraph_range),
    ]


class impgraph_import(Structure):
    _fields_ = [
        ("kind", c_enum),
        ("module", c_char_p),
        ("level", c_uint32),
        ("flags", c_uint32),
        ("scope", c_char_p),
        ("bound", c_char_p),
        ("alias", c_char_p),
        ("package", c_char_p),
        ("statement", impgraph_range),
        ("module_range", impgraph_range),
        ("name_count", c_size_t),
        ("names", POINTER(impgraph_import_name)),
    ]


class impgraph_guard(Structure):
    _fields_ = [("condition", impgraph_range), ("negated", c_uint32)]


class impgraph_use(Structure):
    _fields_ = [
        ("name", c_char_p),
        ("chain", c_char_p),
        ("flags", c_uint32),
        ("scope", c_char_p),
        ("range", impgraph_range),
    ]


class impgraph_diagnostic(Structure):
    _fields_ = [
        ("severity", c_enum),
        ("code", c_char_p),
        ("path", c_char_p),
        ("line", c_uint32),
        ("column", c_uint32),
        ("message", c_char_p),
    ]


class impgraph_scan_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("timeout_us", c_uint64),
        ("max_bytes", c_uint64),
    ]


class impgraph_definition(Structure):
    _fields_ = [
        ("kind", c_enum),
        ("qualname", c_char_p),
        ("scope", c_char_p),
        ("statement", impgraph_range),
        ("body_first", impgraph_range),
        ("body_indent", c_uint32),
        ("body_inline", c_uint32),
    ]


class impgraph_local_ref(Structure):
    _fields_ = [
        ("name", c_char_p),
        ("scope", c_char_p),
        ("flags", c_uint32),
        ("range", impgraph_range),
    ]


class impgraph_cli_command(Structure):
    _fields_ = [
        ("framework", c_enum),
        ("name", c_char_p),
        ("handler", c_char_p),
        ("scope", c_char_p),
        ("range", impgraph_range),
    ]


class impgraph_effect(Structure):
    _fields_ = [("kind", c_enum), ("text", c_char_p), ("range", impgraph_range)]


class impgraph_module(Structure):
    _fields_ = [
        ("name", c_char_p),
        ("kind", c_enum),
        ("origin", c_enum),
        ("flags", c_uint32),
        ("path", c_char_p),
        ("reason", c_char_p),
    ]


class impgraph_module_failure(Structure):
    _fields_ = [
        ("edge", c_size_t),
        ("line", c_uint32),
        ("imported", c_size_t),
        ("missing", c_size_t),
    ]


class impgraph_edge(Structure):
    _fields_ = [
        ("from", c_size_t),
        ("to", c_size_t),
        ("kind", c_enum),
        ("flags", c_uint32),
        ("file", c_char_p),
        ("line", c_uint32),
        ("column", c_uint32),
        ("names", c_char_p),
        ("scope", c_char_p),
        ("import_index", c_size_t),
        ("call_module", c_size_t),
        ("call_line", c_uint32),
        ("call_column", c_uint32),
    ]


class impgraph_entry(Structure):
    _fields_ = [
        ("spec", c_char_p),
        ("module", c_size_t),
        ("function", c_char_p),
        ("script", c_char_p),
    ]


class impgraph_graph_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("python", c_char_p),
        ("sys_path", c_char_p),
        ("python_version", c_char_p),
        ("roots", POINTER(c_char_p)),
        ("root_count", c_size_t),
        ("entries", POINTER(c_char_p)),
        ("entry_count", c_size_t),
        ("console_scripts", POINTER(c_char_p)),
        ("console_script_count", c_size_t),
        ("jobs", c_uint32),
        ("flags", c_uint32),
        ("cache_dir", c_char_p),
        ("probe_timeout_ms", c_uint64),
        ("scan", POINTER(impgraph_scan_options)),
        # Version 2: a per-thread hook the bindings leave NULL (a Python
        # callable there would run on the library's parser threads).
        ("thread_start", c_void_p),
        ("thread_start_arg", c_void_p),
    ]


class impgraph_graph_view(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("flags", c_uint32),
        ("max_depth", c_uint32),
        ("include", POINTER(c_char_p)),
        ("include_count", c_size_t),
        ("exclude", POINTER(c_char_p)),
        ("exclude_count", c_size_t),
    ]


PROGRESS_CALLBACK = CFUNCTYPE(None, c_void_p, c_uint32, c_uint32, c_uint32)


class impgraph_measure_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("python", c_char_p),
        ("mode", c_enum),
        ("target", c_char_p),
        ("program_name", c_char_p),
        ("args", POINTER(c_char_p)),
        ("arg_count", c_size_t),
        ("runs", c_uint32),
        ("warmup", c_uint32),
        ("timeout_ms", c_uint64),
        ("env", POINTER(c_char_p)),
        ("env_count", c_size_t),
        ("source_roots", POINTER(c_char_p)),
        ("source_root_count", c_size_t),
        ("cwd", c_char_p),
        ("flags", c_uint32),
        ("progress", PROGRESS_CALLBACK),
        ("progress_ctx", c_void_p),
    ]


class impgraph_time_stats(Structure):
    _fields_ = [
        ("median_us", c_int64),
        ("min_us", c_int64),
        ("max_us", c_int64),
        ("spread", c_double),
        ("count", c_uint32),
    ]


class impgraph_module_stats(Structure):
    _fields_ = [
        ("name", c_char_p),
        ("self", impgraph_time_stats),
        ("cumulative", impgraph_time_stats),
        ("runs", c_uint32),
        ("failed_runs", c_uint32),
        ("flags", c_uint32),
    ]


class impgraph_observed_edge(Structure):
    _fields_ = [
        ("importer", c_char_p),
        ("imported", c_char_p),
        ("importer_index", c_size_t),
        ("imported_index", c_size_t),
        ("kind", c_enum),
        ("runs", c_uint32),
        ("flags", c_uint32),
    ]


class impgraph_measured_run(Structure):
    _fields_ = [
        ("label", c_char_p),
        ("flags", c_uint32),
        ("wall_us", c_int64),
        ("cpu_us", c_int64),
        ("total_us", c_int64),
        ("exit_status", c_int),
        ("term_signal", c_int),
        ("row_count", c_uint32),
        ("failed_imports", c_uint32),
        ("extra_logs", c_uint32),
        ("stderr_tail", c_char_p),
    ]


class impgraph_profile_info(Structure):
    _fields_ = [
        ("source", c_char_p),
        ("python", c_char_p),
        ("executable", c_char_p),
        ("python_version", c_char_p),
        ("implementation", c_char_p),
        ("cwd", c_char_p),
        ("command", POINTER(c_char_p)),
        ("command_count", c_size_t),
        ("source_roots", POINTER(c_char_p)),
        ("source_root_count", c_size_t),
        ("env", POINTER(c_char_p)),
        ("env_count", c_size_t),
        ("importtime_level", c_uint32),
        ("warmup", c_uint32),
        ("runs", c_uint32),
        ("failed_runs", c_uint32),
        ("wall", impgraph_time_stats),
        ("cpu", impgraph_time_stats),
        ("total", impgraph_time_stats),
    ]


class impgraph_reconciliation(Structure):
    _fields_ = [
        ("static_eager_edges", c_size_t),
        ("observed", c_size_t),
        ("never_observed", c_size_t),
        ("never_observed_target_loaded", c_size_t),
        ("never_observed_target_not_loaded", c_size_t),
        ("never_observed_importer_not_loaded", c_size_t),
        ("startup_modules", c_size_t),
        ("startup_modules_loaded", c_size_t),
        ("loaded_outside_startup", c_size_t),
        ("loaded_outside_startup_self_us", c_int64),
        ("unmatched_modules", c_size_t),
        ("unmatched_self_us", c_int64),
        ("observed_pairs", c_size_t),
        ("observed_static", c_size_t),
        ("observed_only", c_size_t),
        ("observed_unscanned", c_size_t),
        ("observed_ignored", c_size_t),
        ("observed_unmatched", c_size_t),
    ]


class impgraph_profile_view(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("top", c_uint32),
        ("width", c_uint32),
        ("flags", c_uint32),
    ]


class impgraph_text_edit(Structure):
    _fields_ = [
        ("file", c_char_p),
        ("range", impgraph_range),
        ("new_text", c_char_p),
    ]


class impgraph_report_entry(Structure):
    _fields_ = [
        ("label", c_char_p),
        ("entry", c_size_t),
        ("subcommand", c_char_p),
        ("startup_us", c_int64),
        ("predicted_startup_us", c_int64),
        ("module_count", c_size_t),
        ("predicted_module_count", c_size_t),
    ]


class impgraph_suggestion(Structure):
    _fields_ = [
        ("kind", c_enum),
        ("file", c_char_p),
        ("line", c_uint32),
        ("column", c_uint32),
        ("range", impgraph_range),
        ("module", c_char_p),
        ("import", c_char_p),
        ("names", c_char_p),
        ("group", c_size_t),
        ("savings_us", c_int64),
        ("savings_alone_us", c_int64),
        ("function_count", c_size_t),
        ("functions", POINTER(c_char_p)),
        ("function_lines", POINTER(c_uint32)),
        ("subcommand_count", c_size_t),
        ("subcommands", POINTER(c_char_p)),
        ("risk", c_enum),
        ("risk_reason", c_char_p),
        ("reason", c_char_p),
        ("action", c_char_p),
        ("edit", c_char_p),
        ("edit_count", c_size_t),
        ("edits", POINTER(impgraph_text_edit)),
        ("dropped_count", c_size_t),
        ("dropped", POINTER(c_char_p)),
    ]


class impgraph_suggestion_group(Structure):
    _fields_ = [
        ("member_count", c_size_t),
        ("members", POINTER(c_size_t)),
        ("savings_us", c_int64),
        ("entry_savings_us", POINTER(c_int64)),
    ]


class impgraph_kept_import(Structure):
    _fields_ = [
        ("file", c_char_p),
        ("line", c_uint32),
        ("module", c_char_p),
        ("import", c_char_p),
        ("reason", c_char_p),
        ("use_line", c_uint32),
    ]


class impgraph_suggest_info(Structure):
    _fields_ = [
        ("measured", c_int),
        ("profile_command", c_char_p),
        ("startup_us", c_int64),
        ("predicted_startup_us", c_int64),
        ("min_major", c_int),
        ("min_minor", c_int),
        ("target_major", c_int),
        ("target_minor", c_int),
        ("versions_from", c_char_p),
        ("mechanism", c_char_p),
        ("considered", c_size_t),
        ("filtered", c_size_t),
        ("estimated_modules", c_size_t),
    ]


class impgraph_suggest_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("target_python", c_char_p),
        ("requires_python", c_char_p),
        ("project_root", c_char_p),
        ("profile_command", c_char_p),
        ("min_savings_us", c_int64),
        ("top", c_size_t),
        ("flags", c_uint32),
    ]


class impgraph_suggest_view(Structure):
    _fields_ = [("version", c_uint32), ("flags", c_uint32), ("width", c_uint32)]


class impgraph_editor_position(Structure):
    _fields_ = [
        ("line", c_uint32),
        ("utf16_column", c_uint32),
        ("byte_column", c_uint32),
        ("byte_offset", c_uint32),
    ]


class impgraph_editor_range(Structure):
    _fields_ = [("start", impgraph_editor_position), ("end", impgraph_editor_position)]


class impgraph_editor_edit(Structure):
    _fields_ = [("range", impgraph_editor_range), ("new_text", c_char_p)]


class impgraph_editor_diagnostic(Structure):
    _fields_ = [
        ("range", impgraph_editor_range),
        ("statement", impgraph_editor_range),
        ("severity", c_enum),
        ("code", c_char_p),
        ("message", c_char_p),
        ("module", c_char_p),
        ("kind", c_enum),
        ("flags", c_uint32),
        ("self_us", c_int64),
        ("cumulative_us", c_int64),
        ("savings_us", c_int64),
        ("import_index", c_size_t),
        ("suggestion", c_size_t),
        ("fix_count", c_size_t),
        ("fixes", POINTER(impgraph_editor_edit)),
    ]


class impgraph_editor_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("module", c_char_p),
        ("warning_savings_us", c_int64),
        ("information_cost_us", c_int64),
        ("min_severity", c_enum),
        ("flags", c_uint32),
        ("scan", POINTER(impgraph_scan_options)),
    ]


#: Every struct mirrored here, by its C name (checked by tests/test_layout.py).
STRUCTS: Dict[str, type] = {
    name: obj
    for name, obj in list(globals().items())
    if name.startswith("impgraph_") and isinstance(obj, type) and issubclass(obj, Structure)
}

# --------------------------------------------------------------------------
# Prototypes: (restype, argtypes) of every IMPGRAPH_API function
# --------------------------------------------------------------------------

P = POINTER
ERR = P(impgraph_error)
# Opaque handles travel as void pointers.
H = c_void_p
# Strings the library returns are read as raw addresses where they may
# contain NUL bytes or must be freed; otherwise as c_char_p (copied to bytes).
OUT_BUF = P(c_void_p)


def _count(handle: type = H) -> Tuple[object, List[object]]:
    return (c_size_t, [handle])


def _item(struct: type) -> Tuple[object, List[object]]:
    return (P(struct), [H, c_size_t])


PROTOTYPES: Dict[str, Tuple[object, List[object]]] = {
    # Version, errors, memory
    "impgraph_version": (c_char_p, []),
    "impgraph_strerror": (c_char_p, [c_int]),
    "impgraph_free": (None, [c_void_p]),
    # Scanner
    "impgraph_scan_options_init": (c_int, [P(impgraph_scan_options), c_uint32]),
    "impgraph_scanner_new": (c_int, [P(H), P(impgraph_scan_options), ERR]),
    "impgraph_scanner_free": (None, [H]),
    "impgraph_scanner_scan": (c_int, [H, P(H), c_char_p, c_char_p, c_size_t, ERR]),
    "impgraph_scanner_scan_file": (c_int, [H, P(H), c_char_p, ERR]),
    "impgraph_scan_free": (None, [H]),
    "impgraph_scan_path": (c_char_p, [H]),
    "impgraph_scan_text": (c_void_p, [H, P(c_size_t)]),
    "impgraph_scan_import_count": _count(),
    "impgraph_scan_import": _item(impgraph_import),
    "impgraph_scan_import_guards": (P(impgraph_guard), [H, c_size_t, P(c_size_t)]),
    "impgraph_scan_use_count": _count(),
    "impgraph_scan_use": _item(impgraph_use),
    "impgraph_scan_definition_count": _count(),
    "impgraph_scan_definition": _item(impgraph_definition),
    "impgraph_scan_local_ref_count": _count(),
    "impgraph_scan_local_ref": _item(impgraph_local_ref),
    "impgraph_scan_cli_command_count": _count(),
    "impgraph_scan_cli_command": _item(impgraph_cli_command),
    "impgraph_scan_effect_count": _count(),
    "impgraph_scan_effect": _item(impgraph_effect),
    "impgraph_scan_diagnostic_count": _count(),
    "impgraph_scan_diagnostic": _item(impgraph_diagnostic),
    # Source discovery
    "impgraph_file_list_new": (c_int, [P(H), P(c_char_p), c_size_t, ERR]),
    "impgraph_file_list_free": (None, [H]),
    "impgraph_file_list_count": _count(),
    "impgraph_file_list_path": (c_char_p, [H, c_size_t]),
    "impgraph_file_list_diagnostic_count": _count(),
    "impgraph_file_list_diagnostic": _item(impgraph_diagnostic),
    "impgraph_render_scans": (c_int, [OUT_BUF, P(c_size_t), P(H), c_size_t, H, c_enum, ERR]),
    # Module graph
    "impgraph_graph_options_init": (c_int, [P(impgraph_graph_options), c_uint32]),
    "impgraph_pyproject_console_script": (c_int, [c_char_p, c_char_p, OUT_BUF, ERR]),
    "impgraph_graph_build": (c_int, [P(H), P(impgraph_graph_options), ERR]),
    "impgraph_graph_free": (None, [H]),
    "impgraph_graph_module_count": _count(),
    "impgraph_graph_module": _item(impgraph_module),
    "impgraph_graph_find": (c_int, [H, c_char_p, P(c_size_t)]),
    "impgraph_graph_module_scan": (H, [H, c_size_t]),
    "impgraph_graph_module_failure": (c_int, [H, c_size_t, P(impgraph_module_failure)]),
    "impgraph_graph_edge_count": _count(),
    "impgraph_graph_edge": _item(impgraph_edge),
    "impgraph_graph_root_count": _count(),
    "impgraph_graph_root_search_entry": (c_char_p, [H, c_size_t]),
    "impgraph_graph_entry_count": _count(),
    "impgraph_graph_entry": _item(impgraph_entry),
    "impgraph_graph_startup": (c_int, [P(P(c_size_t)), P(c_size_t), H, c_size_t, ERR]),
    "impgraph_graph_why": (
        c_int,
        [P(P(c_size_t)), P(P(c_size_t)), P(c_size_t), H, c_char_p, c_size_t, ERR],
    ),
    "impgraph_graph_cycles": (
        c_int,
        [P(P(c_size_t)), P(P(c_size_t)), P(P(c_size_t)), P(P(c_size_t)), P(c_size_t), H, ERR],
    ),
    "impgraph_graph_diagnostic_count": _count(),
    "impgraph_graph_diagnostic": _item(impgraph_diagnostic),
    "impgraph_graph_view_init": (c_int, [P(impgraph_graph_view), c_uint32]),
    "impgraph_render_graph": (
        c_int,
        [OUT_BUF, P(c_size_t), H, c_enum, P(impgraph_graph_view), ERR],
    ),
    "impgraph_render_why": (c_int, [OUT_BUF, P(c_size_t), H, c_char_p, c_size_t, c_enum, ERR]),
    "impgraph_render_cycles": (c_int, [OUT_BUF, P(c_size_t), H, c_enum, ERR]),
    # Measurement and profiles
    "impgraph_measure_options_init": (c_int, [P(impgraph_measure_options), c_uint32]),
    "impgraph_measure": (c_int, [P(H), P(impgraph_measure_options), ERR]),
    "impgraph_profile_from_logs": (
        c_int,
        [P(H), P(c_char_p), P(c_size_t), P(c_char_p), c_size_t, ERR],
    ),
    "impgraph_profile_load": (c_int, [P(H), c_char_p, ERR]),
    "impgraph_profile_free": (None, [H]),
    "impgraph_profile_summary": (P(impgraph_profile_info), [H]),
    "impgraph_profile_module_count": _count(),
    "impgraph_profile_module": _item(impgraph_module_stats),
    "impgraph_profile_find": (c_int, [H, c_char_p, P(c_size_t)]),
    "impgraph_profile_edge_count": _count(),
    "impgraph_profile_edge": _item(impgraph_observed_edge),
    "impgraph_profile_run_count": _count(),
    "impgraph_profile_run": _item(impgraph_measured_run),
    "impgraph_profile_run_log": (c_void_p, [H, c_size_t, P(c_size_t)]),
    "impgraph_profile_diagnostic_count": _count(),
    "impgraph_profile_diagnostic": _item(impgraph_diagnostic),
    "impgraph_profile_view_init": (c_int, [P(impgraph_profile_view), c_uint32]),
    "impgraph_render_profile": (
        c_int,
        [OUT_BUF, P(c_size_t), H, c_enum, P(impgraph_profile_view), ERR],
    ),
    # Profile weights on the graph
    "impgraph_graph_attach_profile": (c_int, [H, H, ERR]),
    "impgraph_graph_has_profile": (c_int, [H]),
    "impgraph_graph_module_weight": (c_int, [H, c_size_t, P(c_int64), P(c_int64)]),
    "impgraph_graph_edge_observed": (c_int, [H, c_size_t]),
    "impgraph_graph_unmatched_count": _count(),
    "impgraph_graph_unmatched": (c_char_p, [H, c_size_t]),
    "impgraph_graph_unmatched_self_us": (c_int64, [H]),
    "impgraph_graph_reconciliation": (P(impgraph_reconciliation), [H]),
    "impgraph_graph_module_estimate": (c_int, [H, c_size_t, P(c_int64)]),
    # Suggestions
    "impgraph_suggestion_kind_name": (c_char_p, [c_enum]),
    "impgraph_suggest_options_init": (c_int, [P(impgraph_suggest_options), c_uint32]),
    "impgraph_suggest": (c_int, [P(H), H, P(impgraph_suggest_options), ERR]),
    "impgraph_suggestions_free": (None, [H]),
    "impgraph_suggestions_info": (P(impgraph_suggest_info), [H]),
    "impgraph_suggestions_count": _count(),
    "impgraph_suggestions_get": _item(impgraph_suggestion),
    "impgraph_suggestions_group_count": _count(),
    "impgraph_suggestions_group": _item(impgraph_suggestion_group),
    "impgraph_suggestions_entry_count": _count(),
    "impgraph_suggestions_entry": _item(impgraph_report_entry),
    "impgraph_suggestions_kept_count": _count(),
    "impgraph_suggestions_kept": _item(impgraph_kept_import),
    "impgraph_suggest_view_init": (c_int, [P(impgraph_suggest_view), c_uint32]),
    "impgraph_render_suggestions": (
        c_int,
        [OUT_BUF, P(c_size_t), H, c_enum, P(impgraph_suggest_view), ERR],
    ),
    # Editor diagnostics
    "impgraph_editor_options_init": (c_int, [P(impgraph_editor_options), c_uint32]),
    "impgraph_editor_diagnostics_new": (
        c_int,
        [P(H), H, H, c_char_p, c_char_p, c_size_t, P(impgraph_editor_options), ERR],
    ),
    "impgraph_editor_diagnostics_free": (None, [H]),
    "impgraph_editor_diagnostics_count": _count(),
    "impgraph_editor_diagnostics_get": _item(impgraph_editor_diagnostic),
    "impgraph_editor_diagnostics_module": (c_char_p, [H]),
    "impgraph_editor_diagnostics_scan": (H, [H]),
    "impgraph_graph_update_file": (c_int, [H, c_char_p, c_char_p, c_char_p, c_size_t, ERR]),
}

# Options-struct versions this binding was written against (IMPGRAPH_*_VERSION).
SCAN_OPTIONS_VERSION = 1
GRAPH_OPTIONS_VERSION = 2
GRAPH_VIEW_VERSION = 1
MEASURE_OPTIONS_VERSION = 1
PROFILE_VIEW_VERSION = 1
SUGGEST_OPTIONS_VERSION = 1
SUGGEST_VIEW_VERSION = 1
EDITOR_OPTIONS_VERSION = 1

# --------------------------------------------------------------------------
# Finding and loading the shared library
# --------------------------------------------------------------------------

_lock = threading.Lock()
_loaded: Optional[ctypes.CDLL] = None
_loaded_path: Optional[str] = None

#: The environment variable naming the library file explicitly.
ENV_VAR = "IMPGRAPH_LIBRARY"


def _checkout_root() -> Optional[str]:
    """The source tree this package sits in (bindings/python/impgraph), if any."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, os.pardir, os.pardir, os.pardir))
    if os.path.isfile(os.path.join(root, "libimpgraph", "include", "impgraph.h")):
        return root
    return None


def _asan_runtime_loaded() -> bool:
    try:
        return hasattr(ctypes.CDLL(None), "__asan_init")
    except OSError:
        return False


def _is_sanitized(path: str) -> bool:
    """Whether the library was built with AddressSanitizer. Loading such a
    library into an uninstrumented interpreter aborts the process (the ASan
    runtime must come first), so it is only tried when the runtime is
    already there (LD_PRELOAD)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return False
    return b"__asan_init" in data or b"libasan.so" in data


def _build_tree_candidates(root: str) -> List[str]:
    build = os.path.join(root, "build")
    preferred = os.path.join(build, "release", "libimpgraph.so")
    found = glob.glob(os.path.join(build, "*", "libimpgraph.so"))
    found += glob.glob(os.path.join(build, "libimpgraph.so"))

    def mtime(p: str) -> float:
        try:
            return os.path.getmtime(p)
        except OSError:
            return 0.0

    ordered = sorted(set(found) - {preferred}, key=mtime, reverse=True)
    return ([preferred] if os.path.exists(preferred) else []) + ordered


def _system_candidates() -> List[str]:
    names: List[str] = []
    found = ctypes.util.find_library("impgraph")
    if found:
        names.append(found)
    names += ["libimpgraph.so.0", "libimpgraph.so"]
    # /usr/local is not always in the loader's cache right after `make install`.
    multiarch = getattr(sys.implementation, "_multiarch", None)
    for libdir in ["/usr/local/lib", "/usr/local/lib64"] + (
        ["/usr/local/lib/" + multiarch] if multiarch else []
    ):
        names.append(os.path.join(libdir, "libimpgraph.so.0"))
    out: List[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


def search_order() -> List[Tuple[str, str]]:
    """The places tried, in order, as (where, path-or-name) pairs."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return [(ENV_VAR, explicit)]
    places: List[Tuple[str, str]] = []
    root = _checkout_root()
    if root:
        places += [("build tree", p) for p in _build_tree_candidates(root)]
    here = os.path.dirname(os.path.abspath(__file__))
    places += [("package", p) for p in sorted(glob.glob(os.path.join(here, "libimpgraph.so*")))]
    places += [("system", n) for n in _system_candidates()]
    return places


def _try_load(path: str) -> ctypes.CDLL:
    if os.sep in path and not os.path.exists(path):
        raise OSError("no such file")
    if os.sep in path and _is_sanitized(path) and not _asan_runtime_loaded():
        raise OSError(
            "built with AddressSanitizer; run Python with "
            "LD_PRELOAD=\"$(gcc -print-file-name=libasan.so) "
            "$(gcc -print-file-name=libubsan.so)\" ASAN_OPTIONS=detect_leaks=0"
        )
    return ctypes.CDLL(path)


def _apply_prototypes(dll: ctypes.CDLL) -> None:
    missing = []
    for name, (restype, argtypes) in PROTOTYPES.items():
        try:
            fn = getattr(dll, name)
        except AttributeError:
            missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = argtypes
    if missing:
        raise OSError("lacks " + ", ".join(missing) + " (an older libimpgraph?)")


def lib() -> ctypes.CDLL:
    """The loaded library with every prototype set; loads it on first use."""
    global _loaded, _loaded_path
    if _loaded is not None:
        return _loaded
    with _lock:
        if _loaded is not None:
            return _loaded
        tried: List[str] = []
        for where, path in search_order():
            try:
                dll = _try_load(path)
                _apply_prototypes(dll)
            except OSError as exc:
                tried.append("  %s: %s: %s" % (where, path, exc))
                continue
            _loaded_path = path
            _loaded = dll
            return dll
        raise LibraryNotFoundError(
            "libimpgraph not found. Set %s to the library file (e.g. "
            "build/release/libimpgraph.so), build the checkout (`make`), or "
            "install it (`make install`). Tried:\n%s" % (ENV_VAR, "\n".join(tried))
        )


def library_path() -> str:
    """Path (or loader name) of the library in use; loads it if needed."""
    lib()
    assert _loaded_path is not None
    return _loaded_path


# --------------------------------------------------------------------------
# Small helpers shared by the wrappers
# --------------------------------------------------------------------------


def decode(value: Optional[bytes]) -> Optional[str]:
    """A C string from the library as str (paths may hold any bytes)."""
    if value is None:
        return None
    return value.decode("utf-8", "surrogateescape")


def decode_str(value: Optional[bytes]) -> str:
    """Like decode() for fields the header promises are never NULL."""
    return "" if value is None else value.decode("utf-8", "surrogateescape")


def encode(value: Optional[object]) -> Optional[bytes]:
    """A Python str / path-like / bytes as a C string (NUL-terminated by
    ctypes). None stays NULL."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    return os.fsencode(value)  # type: ignore[call-overload]


def string_array(values: Sequence[object]) -> Tuple[object, int]:
    """A `const char *const *` and its count. The array keeps the encoded
    bytes alive as long as it lives."""
    encoded = [encode(v) for v in values]
    arr = (c_char_p * max(len(encoded), 1))(*encoded)
    return arr, len(encoded)


def strings(ptr: object, count: int) -> Tuple[str, ...]:
    return tuple(decode_str(ptr[i]) for i in range(count))  # type: ignore[index]


def take_buffer(buf: c_void_p, length: int) -> str:
    """Copies a *new buffer* out as str and frees it with impgraph_free."""
    if not buf.value:
        return ""
    try:
        return ctypes.string_at(buf.value, length).decode("utf-8", "surrogateescape")
    finally:
        lib().impgraph_free(buf)


def take_size_array(ptr: Any, count: int) -> List[int]:
    """Copies a *new buffer* of size_t out and frees it."""
    try:
        return [ptr[i] for i in range(count)]  # type: ignore[index]
    finally:
        lib().impgraph_free(ctypes.cast(ptr, c_void_p))
