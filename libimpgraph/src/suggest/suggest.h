/* suggest/ — internal API of the suggestion rules.
 *
 * Use analysis (uses.c): for every name a module-level import binds, where
 * the program needs it — at import time, only inside functions, only in
 * annotations, only under TYPE_CHECKING, only as a re-export, or nowhere.
 * It reads the records of one impgraph_scan (imports and uses) and nothing
 * else: no second parse, no other module. The rules that decide what the
 * user can change read this; the analysis itself suggests nothing.
 *
 * What the records cannot show, and what the analysis does about it (every
 * choice leans towards "needed": a wrong "not needed" breaks a program, a
 * wrong "needed" only misses a saving). README.md explains each one.
 *  - Calls of local functions are not recorded, so a name read only inside
 *    functions is IPG_NEED_FUNCTIONS even when module-level code calls one of
 *    them. Moving the import into those functions keeps the program
 *    correct; it saves start-up time only if none of them runs during import.
 *  - A binding in a function (parameter, assignment, loop target, ...) is not
 *    told apart from a comprehension target, which binds only inside the
 *    comprehension; and same-named functions share a scope name. Reads in a
 *    function that binds the name are therefore still counted as reads of
 *    the import, flagged ipg_need_function.binds_locally.
 *  - `global` and `nonlocal` are recorded alike: both are taken as `global`.
 *  - Local variable annotations in a function body (never evaluated) look
 *    like the annotations of a nested def (evaluated when the def runs):
 *    with eager annotations both count as reads in that function.
 *
 * Complexity: ipg_analyse_uses() is linear in imports + uses (hash maps keyed
 * by name and scope), times the nesting depth of the scopes read from.
 * Thread safety: no global state; a finished analysis is read-only.
 */
#ifndef IMPGRAPH_SUGGEST_H
#define IMPGRAPH_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "impgraph.h"

/* Where a name bound by a module-level import is needed. The decision order
 * (first that applies) is: NOT_DEFERRABLE for the import's own kind, then
 * IMPORT_TIME, NOT_DEFERRABLE (rebinding, star-imported), REEXPORT,
 * FUNCTIONS, ANNOTATIONS, TYPE_CHECKING, UNUSED. */
typedef enum ipg_need_kind {
  /** Read (or rebound, or deleted) by code that runs while the module is
      imported: module-level statements, class bodies, decorators, default
      values, bases and class keywords, eagerly evaluated annotations. */
  IPG_NEED_IMPORT_TIME = 0,
  /** Read only inside function (def or lambda) bodies: see `functions`.
      Moving the import into each of them keeps the program correct. */
  IPG_NEED_FUNCTIONS,
  /** Read only in annotations that are never evaluated at run time: string
      annotations, or any annotation when annotations are deferred
      (`from __future__ import annotations`, or a 3.14+ target), plus
      possibly uses under TYPE_CHECKING. */
  IPG_NEED_ANNOTATIONS,
  /** Read only under `if TYPE_CHECKING:` (never runs). */
  IPG_NEED_TYPE_CHECKING,
  /** Other modules may read it from this one (`__all__`, a package
      `__init__`'s public name, or named in `imported_by_others`): it must
      stay a module attribute. Reads in functions, if any, are listed. */
  IPG_NEED_REEXPORT,
  /** Never read. */
  IPG_NEED_UNUSED,
  /** Must stay where it is whatever its uses: a class-body import (binds a
      class attribute), a `__future__` or star import, a public name of a
      module that others star-import, or a name that a function rebinds
      through `global` / `nonlocal`. */
  IPG_NEED_NOT_DEFERRABLE
} ipg_need_kind;

/* Stable short name: "import-time", "functions", "annotations",
 * "type-checking", "reexport", "unused", "not-deferrable"; "?" otherwise. */
const char *ipg_need_kind_name(ipg_need_kind kind);

/* One function that reads the name. */
typedef struct ipg_need_function {
  /** Innermost function holding the reads, as the scanner names scopes:
      "f", "Cls.method", "outer.inner", "<lambda>", "Cls.m.<lambda>". A read
      in a class body nested in a function is listed under that function.
      An import statement cannot be put into a lambda. */
  const char *scope;
  /** First counted read in it (1-based line, byte column). */
  uint32_t line;
  uint32_t column;
  /** It, or an enclosing function, also binds the name (parameter,
      assignment, target, def/class, or a comprehension target): Python may
      resolve its reads to that local. Inserting an import here could
      clobber a parameter. */
  bool binds_locally;
  /** It, or an enclosing function, has its own import statement binding
      the name (a same-named function elsewhere could have it instead). */
  bool imports_locally;
} ipg_need_function;

/* The analysis of one bound name of one import record. */
typedef struct ipg_binding_need {
  /** Index of the import record (impgraph_scan_import). */
  size_t import_index;
  /** Index in the record's names (from-imports, star, __future__), or
      SIZE_MAX for a plain `import a.b [as c]`. */
  size_t name_index;
  /** The bound name; NULL for `__future__` and star imports. */
  const char *bound;
  ipg_need_kind need;
  /** The use or binding that decided `need` (the first one of its kind; for
      FUNCTIONS the first read in any listed function; for REEXPORT the
      `__all__` entry); 0 / 0 when none does (UNUSED, an import's own kind,
      a package `__init__`, imported_by_others, star-imported). */
  uint32_t line;
  uint32_t column;
  /** One line saying why, e.g. "used in a decorator at line 12". */
  const char *reason;
  /** Functions with counted reads, in order of their first read. Filled
      for every kind except the import's own NOT_DEFERRABLE (an
      IMPORT_TIME name may be read in functions too). Eager annotations
      count only while annotations are eager. */
  size_t function_count;
  const ipg_need_function *functions;
  /** `need` is stronger than it would be with deferred annotations: an
      eagerly evaluated annotation is what needs the import (at import
      time or in a function). `from __future__ import annotations` would
      weaken it to need_if_annotations_deferred. */
  bool eager_annotation;
  ipg_need_kind need_if_annotations_deferred;
  /** Other modules may read the name from this one (see REEXPORT) or
      star-import it; set whatever `need` says. */
  bool exported;
  /** Rebound or deleted after import: at module level, or through
      `global` / `nonlocal` in a function or class body. */
  bool rebound;
  /** Functions are listed and every one is flagged binds_locally or
      imports_locally: with need FUNCTIONS the import is probably unused,
      but the records cannot prove it. */
  bool reads_may_be_local;
  /** Module-level imports binding the same name in the module namespace
      (try/except fallbacks, `import a.b` + `import a.c`) are one group,
      classified jointly: the index of its first entry here (the entries
      with equal group_first are the group), and its size. Every member has
      the same need, reason and functions. */
  size_t group_first;
  size_t group_size;
} ipg_binding_need;

/* What the caller knows about the module and its target interpreter. */
typedef struct ipg_use_options {
  /** Target Python version; 0.0 = unknown, taken as before 3.14 (eager
      annotations, the conservative side). 3.14+ defers annotations
      (PEP 649 / 749). */
  int target_major;
  int target_minor;
  /** The module is a package's `__init__`: its public names (not starting
      with `_`, plus dunders such as `__version__`) are presumed read by
      other modules. Leave false when the importers are all known and
      listed in imported_by_others instead. */
  bool is_package_init;
  /** Some module does `from <this module> import *`: every public name
      (and every name in `__all__`) must be bound when the import ends. */
  bool star_imported;
  /** Names that other modules import from this one
      (`from <this module> import name`, `<this module>.name`). */
  const char *const *imported_by_others;
  size_t imported_by_others_count;
} ipg_use_options;

#define IPG_USE_OPTIONS_INIT                                                                       \
  { 0, 0, false, false, NULL, 0 }

typedef struct ipg_use_analysis ipg_use_analysis;

/*
 * Analyses where the names bound by the module-level imports of `scan` are
 * needed. Entries come in import order, then name order, one per bound name
 * of a module-level import (flags has IMPGRAPH_CTX_MODULE and not
 * IMPGRAPH_CTX_FUNCTION), plus one per `__future__` name and per star
 * import. `__import__` / import_module() calls and `__lazy_modules__`
 * entries bind no name and get none. `opts` may be NULL (defaults).
 * Returns 0, IMPGRAPH_EINVAL (out or scan NULL, a NULL imported_by_others
 * with a count) or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (ipg_use_analysis_free); it copies what
 * it keeps and does not borrow from the scan or the options.
 */
int ipg_analyse_uses(ipg_use_analysis **out, const impgraph_scan *scan, const ipg_use_options *opts,
                     impgraph_error *err);

/* NULL is a no-op. */
void ipg_use_analysis_free(ipg_use_analysis *analysis);

/* Number of entries. O(1). */
size_t ipg_use_analysis_count(const ipg_use_analysis *analysis);

/* Entry `index`, or NULL when out of range. Borrowed (until the analysis is
 * freed). O(1). */
const ipg_binding_need *ipg_use_analysis_get(const ipg_use_analysis *analysis, size_t index);

/* The entry of (import_index, name_index) — name_index SIZE_MAX for a plain
 * import — or NULL. Borrowed. O(log entries). */
const ipg_binding_need *ipg_use_analysis_find(const ipg_use_analysis *analysis, size_t import_index,
                                              size_t name_index);

/* True when the analysis took annotations as deferred (a module-level
 * `from __future__ import annotations`, or a 3.14+ target). */
bool ipg_use_analysis_annotations_deferred(const ipg_use_analysis *analysis);

#endif
