/* importtime/log — parser of CPython's `-X importtime` log (stderr text).
 *
 * Pure text to records: no I/O, no global state, libc + util only. Input is
 * untrusted (fuzzed): anything about the text is a diagnostic, never an
 * error; only ENOMEM and EINVAL fail.
 *
 * The format (CPython 3.7+, Python/import.c):
 *
 *   import time: self [us] | cumulative | imported package      <- header
 *   import time: %9ld | %10ld | %*s%s                           <- timed row
 *       self µs, cumulative µs, 2 spaces per nesting level, module name
 *   import time: cached    | cached     | %*s                   <- 3.14 -X importtime=2
 *       module already in sys.modules; the name is RIGHT-aligned in a field
 *       of 2*level columns, so its indentation does not give the level
 *
 * A row is printed when its import finishes, so children come BEFORE their
 * parent: a row at depth d adopts the preceding unattached rows at depth
 * d + 1. A header starts a run (one interpreter: the main one, a
 * subinterpreter, or a child process sharing stderr); one text may hold
 * several runs.
 *
 * What the log cannot say, and how it is handled:
 *  - failed imports are logged like successful ones. The parser marks a row
 *    IPG_ITROW_FAILED only when stray text says "No module named 'X'" (an
 *    uncaught ModuleNotFoundError traceback); the caller can mark more with
 *    ipg_itlog_mark_failed() (e.g. modules absent from sys.modules).
 *  - concurrent imports from several threads share one counter per
 *    interpreter: the nesting and the self times are then wrong. Symptoms
 *    (negative times, rows without a parent) are flagged, never fixed up.
 *  - a cached row's level is only bounded by the log; see ipg_itcached.
 *
 * Complexity: ipg_itlog_parse() is linear in the text size (plus the
 * number of rows); it never recurses, so nesting depth is unbounded.
 * Thread safety: a parsed log is read-only except for
 * ipg_itlog_mark_failed(); distinct logs are independent.
 */
#ifndef IMPGRAPH_IMPORTTIME_LOG_H
#define IMPGRAPH_IMPORTTIME_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* Row flags (ipg_itrow.flags, ipg_itcached.flags). They combine. */
enum {
  /** The import failed: named by a "No module named 'X'" line after it in
      the same run (the last row of that name), or marked by the caller. */
  IPG_ITROW_FAILED = 1u << 0,
  /** self_us < 0, cumulative_us < 0 or cumulative_us < self_us: several
      threads were importing at once (or the log was edited). */
  IPG_ITROW_NEGATIVE = 1u << 1,
  /** Timed row at depth > 0 that no row at depth - 1 adopted (thread
      interleaving, a truncated log); cached row whose importer never
      finished in its run. parent / importer is -1. */
  IPG_ITROW_ORPHAN = 1u << 2,
  /** The same module already has a timed row earlier in this run (failed
      then retried, removed from sys.modules and imported again). */
  IPG_ITROW_REPEAT = 1u << 3,
  /** An ancestor row has the same name (the module was imported again while
      it was being imported). */
  IPG_ITROW_NESTED_SELF = 1u << 4,
  /** The name was printed as "(null)" (PyUnicode_AsUTF8 failed). */
  IPG_ITROW_NULL_NAME = 1u << 5,
  /** The name holds bytes no module name has: invalid UTF-8 or NUL (both
      replaced by U+FFFD in `name`), control characters, whitespace or '|'. */
  IPG_ITROW_BAD_NAME = 1u << 6,
  /** Last line of the text without a newline: the name may be cut short
      (the process was killed while writing it). */
  IPG_ITROW_TRUNCATED = 1u << 7,
  /** A number did not fit in int64_t; the value is clamped. */
  IPG_ITROW_OVERFLOW = 1u << 8,
  /** Indentation CPython cannot print: odd width (timed rows), or width +
      name length odd (cached rows). The level was rounded down. */
  IPG_ITROW_BAD_INDENT = 1u << 9,
  /** Cached rows only: level_min < level_max, `level` is a guess. */
  IPG_ITROW_AMBIGUOUS = 1u << 10
};

/** One timed row: a module that was executed (or failed to be). */
typedef struct ipg_itrow {
  const char *name;      /**< NUL-terminated UTF-8; borrowed from the log */
  int64_t self_us;       /**< as printed (may be negative, see flags) */
  int64_t cumulative_us; /**< as printed */
  uint32_t depth;        /**< nesting level: indentation / 2 */
  uint32_t line;         /**< 1-based line in the text */
  /** Index of the row that imported this one (a later row of the same run,
      at depth - 1), or -1 for top-level and orphan rows. */
  int64_t parent;
  uint32_t flags; /**< IPG_ITROW_* */
} ipg_itrow;

/**
 * One 3.14 `cached` row: `name` was imported while already loaded, giving
 * an importer -> name edge but no time. Never a timed row.
 *
 * Its level L (the number of imports in progress) is exact when the row is
 * indented (2L = indentation + name length). Otherwise the log only bounds
 * it: L >= the level after the previous print (levels rise only when an
 * import starts, which prints nothing), L <= the next timed row's depth + 1,
 * 2L <= name length. `level` is then the lowest bound, raised to 1 when 1
 * is allowed (measurement runs' __main__ code rarely imports a loaded
 * module), and IPG_ITROW_AMBIGUOUS is set. On three real 3.13 start-ups
 * rewritten into 3.14's format with the true levels (600-800 cached rows
 * each, about half unindented; tests/data/importtime/make_py314_cached.py)
 * this chose the right importer for 98.7-99.4% of the cached rows; always
 * taking the highest bound gave 89-93%, the lowest 92-97%. Callers that
 * know the static import graph can try every level in [level_min,
 * level_max] with ipg_itrun_importer_at().
 */
typedef struct ipg_itcached {
  const char *name;   /**< NUL-terminated UTF-8; borrowed from the log */
  uint32_t level;     /**< chosen level; 0 = imported by top-level code */
  uint32_t level_min; /**< lowest level consistent with the log */
  uint32_t level_max; /**< highest level consistent with the log */
  uint32_t line;      /**< 1-based line in the text */
  /** Timed row being imported at `level` (the first later row of the run
      with depth < level), or -1 for level 0 and orphans. */
  int64_t importer;
  /** First timed row after this one in the run, or -1. */
  int64_t next_row;
  uint32_t flags; /**< IPG_ITROW_* */
} ipg_itcached;

/* Run flags (ipg_itrun.flags). */
enum {
  /** Rows came before any header (a log cut at the top). */
  IPG_ITRUN_NO_HEADER = 1u << 0,
  /** Some rows are IPG_ITROW_NEGATIVE or IPG_ITROW_ORPHAN: the nesting and
      self times are not trustworthy (threads?). */
  IPG_ITRUN_SUSPECT = 1u << 1
};

/** The rows one interpreter printed after its header. */
typedef struct ipg_itrun {
  const ipg_itrow *rows; /**< row_count rows in log order; borrowed */
  size_t row_count;
  const ipg_itcached *cached; /**< cached_count cached rows in log order */
  size_t cached_count;
  uint32_t first_line; /**< header line (first row line without header) */
  uint32_t last_line;  /**< last line that belonged to the run */
  uint32_t flags;      /**< IPG_ITRUN_* */
  /** Sum of cumulative_us of the depth-0 rows; negative values count as 0;
      saturates at INT64_MAX. */
  int64_t total_us;
} ipg_itrun;

/** A parsed log: runs plus diagnostics. */
typedef struct ipg_itlog ipg_itlog;

/**
 * Parses `len` bytes of `text` (need not be NUL-terminated; any bytes).
 * `path_label` names the text in diagnostics (NULL: "<buffer>").
 *
 * Everything about the text is a diagnostic (impgraph_diagnostic, codes:
 * "stray-text" lines that are not log rows (consecutive ones grouped),
 * "stray-prefix" text glued in front of a row, "malformed-row",
 * "missing-header", "overflow", "bad-indent", "tab", "null-name",
 * "bad-name", "truncated", "import-error" (a "No module named" line),
 * "suspect-run" (negative times / orphans), "too-many-diagnostics"); the
 * rest of the text still counts. Diagnostics are capped at 1000.
 *
 * Returns 0, IMPGRAPH_EINVAL (out NULL, or text NULL with len > 0) or
 * IMPGRAPH_ENOMEM (*out is then NULL).
 * Ownership: *out is a new object (ipg_itlog_free); `text` is not kept.
 * Complexity: O(len + rows) time and memory.
 */
int ipg_itlog_parse(ipg_itlog **out, const char *text, size_t len, const char *path_label,
                    impgraph_error *err);

/** Frees a parsed log and everything borrowed from it. NULL is a no-op. */
void ipg_itlog_free(ipg_itlog *log);

/** Number of runs (headers, plus one for rows before the first header). */
size_t ipg_itlog_run_count(const ipg_itlog *log);

/** Run `index` in log order, or NULL when out of range. Borrowed. */
const ipg_itrun *ipg_itlog_run(const ipg_itlog *log, size_t index);

/** Number of diagnostics. */
size_t ipg_itlog_diagnostic_count(const ipg_itlog *log);

/** Diagnostic `index` in line order, or NULL when out of range. Borrowed;
    `path` is the path label. */
const impgraph_diagnostic *ipg_itlog_diagnostic(const ipg_itlog *log, size_t index);

/**
 * Sets IPG_ITROW_FAILED on every timed row of run `run_index` whose module
 * `is_loaded(name, ctx)` says is not loaded (returns 0) — e.g. the runner
 * passes the final sys.modules. A module retried with success is loaded, so
 * its failed attempts stay unmarked: the log cannot tell them apart.
 * Returns the number of rows newly marked (0 when run_index is out of range
 * or is_loaded is NULL). O(rows) calls of is_loaded.
 */
size_t ipg_itlog_mark_failed(ipg_itlog *log, size_t run_index,
                             int (*is_loaded)(const char *name, void *ctx), void *ctx);

/**
 * The timed row that would have imported cached row `cached_index` of `run`
 * if its level were `level`: the nearest of its next_row and that row's
 * ancestors with depth < level, or -1 (level 0, no such row, or index out of
 * range). Equals ipg_itcached.importer for level == ipg_itcached.level on
 * logs whose rows nest properly. O(depth of next_row).
 */
int64_t ipg_itrun_importer_at(const ipg_itrun *run, size_t cached_index, uint32_t level);

#endif
