/* graph — the module graph: vertices are modules, edges are import sites
 * (and implicit child -> parent dependencies). Built from entry modules by a
 * coordinator that resolves (one thread: the resolver is single-threaded)
 * and a pool of workers that scan files (one impgraph_scanner each).
 *
 * igraph is used through igraph_glue.c only; everything else sees ipg_ig.
 * A module is a vertex id; names, paths and attributes live in the tables
 * below. Once built, a graph is read-only and every query may run on
 * several threads at once -- except during its two mutations:
 * impgraph_graph_attach_profile() (importtime/merge.c) replaces `weights`
 * (times, observed flags, observed-only edges, the reconciliation), and
 * impgraph_graph_update_file() (update.c) replaces one module's scan and
 * edges and everything derived from them; the caller must not query the
 * graph concurrently with either.
 *
 * May include: util, parse, resolve, impgraph.h (igraph in igraph_glue.c).
 */
#ifndef IMPGRAPH_GRAPH_H
#define IMPGRAPH_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolve/resolve.h"
#include "util/util.h"

/* ------------------------------------------------------------------------ */
/* What the project layer hands to the builder                              */
/* ------------------------------------------------------------------------ */

/* How a source root was laid out (reports only). */
typedef enum ipg_layout {
  IPG_LAYOUT_SRC = 0,     /* project directory with src/ */
  IPG_LAYOUT_FLAT = 1,    /* project directory holding its packages */
  IPG_LAYOUT_PACKAGE = 2, /* a package directory (its top-level package) */
  IPG_LAYOUT_SCRIPT = 3   /* a single script */
} ipg_layout;

/* "src", "flat", "package", "script". Static storage. */
const char *ipg_layout_name(ipg_layout layout);

/* A source root as detected. Strings are owned by whoever filled it (the
   builder copies them). */
typedef struct ipg_graph_root {
  const char *path; /* as given, trailing slashes removed */
  ipg_layout layout;
  const char *search_entry;     /* directory put first on the search path */
  const char *const *top_level; /* top-level module names, sorted */
  size_t top_level_count;
  const char *pyproject; /* the project's pyproject.toml, or NULL */
} ipg_graph_root;

/* An entry point as the project layer understood it. */
typedef struct ipg_graph_entry_spec {
  const char *spec;        /* as given ("pkg.mod", "bin/tool.py", "pkg:main",
                              a console script name; for default entries the
                              module name) */
  const char *module;      /* dotted name to resolve; for script_path: the name
                              the script is known by (its stem) */
  const char *script_path; /* a script outside every package: scanned from
                              this file as module `module` (not resolved) */
  const char *function;    /* "main" of "pkg.mod:main", or NULL */
  const char *script;      /* console script name, or NULL */
  bool implicit;           /* a default entry: skipped (not an error) when its
                              name does not resolve */
} ipg_graph_entry_spec;

/* Everything the builder needs. */
typedef struct ipg_graph_spec {
  /* Taken over by the graph on every path (freed with it, or by
     ipg_graph_build on failure). */
  ipg_probe *probe;
  /* Directories put before the probe's sys.path (script directories, then
     the roots' search entries). Modules found through them are
     first-party. */
  const char *const *search_prefix;
  size_t search_prefix_count;
  /* Top-level names that are first-party wherever they are found unless
     they are stdlib (the packages under analysis when no source root is
     given). Sorted. */
  const char *const *first_party_names;
  size_t first_party_name_count;
  const ipg_graph_root *roots;
  size_t root_count;
  const ipg_graph_entry_spec *entries;
  size_t entry_count;
  unsigned jobs;                     /* scanner threads, >= 1 */
  uint32_t flags;                    /* IMPGRAPH_GRAPH_* */
  const impgraph_scan_options *scan; /* NULL = defaults */
  void (*thread_start)(void *);      /* run first on each scanner thread, or NULL */
  void *thread_start_arg;
  /* Notes from the project layer (copied). */
  const impgraph_diagnostic *diagnostics;
  size_t diagnostic_count;
} ipg_graph_spec;

/* ------------------------------------------------------------------------ */
/* The graph                                                                */
/* ------------------------------------------------------------------------ */

typedef struct ipg_ig ipg_ig; /* the igraph side (igraph_glue.c) */

struct impgraph_graph {
  ipg_arena arena;  /* every string and array below */
  ipg_probe *probe; /* owned */
  uint32_t flags;   /* IMPGRAPH_GRAPH_* it was built with */

  const char **search_path; /* search_prefix + probe sys_path, in order */
  size_t search_path_count;
  ipg_graph_root *roots;
  size_t root_count;

  impgraph_module *modules; /* sorted by name; id = index */
  size_t module_count;
  impgraph_scan **scans; /* per module: its scan when expanded, or NULL */
  /* Per module: the source file scanned for its imports when that is not
     its path (a mypyc-compiled extension module: the `.py` beside its
     binary, graph/native_binary.c), or NULL. ipg_graph_module_file(). */
  const char **source;
  /* Per module: size in bytes of its file when the graph was built (0: no
     file, or it could not be stat'ed, e.g. inside a zip archive). For
     impgraph_graph_module_estimate() (graph/estimate.c). */
  uint64_t *file_size;
  size_t *parent;  /* per module: parent package id, or SIZE_MAX */
  ipg_map by_name; /* name -> (void *)(id + 1) */

  /* The static edges, sorted by (from, PARENT last, import site). The
     observed-only edges of an attached profile follow them in the public
     ids (weights->observed_only): code that means every edge uses
     ipg_graph_edge_total() / ipg_graph_edge_at(); edge_count, out_first,
     in_edges and followed cover the static ones only. */
  impgraph_edge *edges;
  size_t edge_count;
  size_t *out_first; /* module_count + 1: out-edges of m are
                        edges[out_first[m] .. out_first[m + 1]) */
  size_t *in_first;  /* module_count + 1, into in_edges */
  size_t *in_edges;  /* edge ids grouped by target, ascending */
  /* Per edge: the start-up traversal follows it (EAGER, PARENT or NATIVE,
     from a module not preloaded, and not after the failing import of a
     failing module). Edges to missing modules are followed: their PARENT
     edges load the packages that exist. */
  bool *followed;
  /* Per module: whether (and where) importing it raises ImportError
     (fails.c). Recomputed by every update, like `followed`. */
  struct ipg_failure *failures;
  /* Per module: missing for a definite reason (its top-level name is not on
     the search path, or a real package lacks it): an unprotected import of
     it raises. Fixed at build time. */
  bool *not_found;

  impgraph_entry *entries;
  size_t entry_count;
  size_t *entry_modules; /* distinct entry module ids, ascending */
  size_t entry_module_count;

  impgraph_diagnostic *diagnostics; /* sorted */
  size_t diagnostic_count;
  size_t dynamic_import_count; /* imports whose module is not a literal */
  size_t startup_count;        /* modules with IMPGRAPH_MODULE_IN_STARTUP */

  ipg_ig *ig;

  /* Start-up profile attached with impgraph_graph_attach_profile()
     (importtime/merge.c), or NULL. malloc'd, freed with the graph. */
  struct ipg_weights *weights;

  /* What runs at import time (graph/calls.c: the functions, the calls,
     from which the CALLED edges come), computed by finish.c and again by
     each impgraph_graph_update_file(). malloc'd, freed with the graph. */
  struct ipg_calls *calls;

  /* For impgraph_graph_update_file() (update.c), kept from the build: per
     module, whether it runs as __main__ (a script entry: its imports under
     `if __name__ == "__main__":` stay EAGER); the scanner options files
     were scanned with. */
  bool *runs_as_main;
  impgraph_scan_options scan_options;
  /* What impgraph_graph_update_file() replaced, or NULL: after an update,
     edges, the adjacency, followed and diagnostics point into it instead
     of the arena. Freed with the graph (ipg_update_free). */
  struct ipg_update *update;
};

/* Profile weights attached to a graph: per module and per edge. */
typedef struct ipg_weights {
  int64_t *self_us;       /* per module: median self time, µs */
  int64_t *cumulative_us; /* per module: median cumulative time, µs */
  bool *measured;         /* per module: loaded in the profile */
  bool *edge_observed;    /* per static edge: importer -> imported observed */
  char **unmatched;       /* profile modules not in the graph, by name */
  size_t unmatched_count;
  int64_t unmatched_self_us; /* their total median self time */
  int64_t max_self_us;       /* largest self time of a graph module */
  char *command;             /* what the profile measured, as a shell command line, or NULL */
  /* IMPGRAPH_EDGE_OBSERVED_ONLY edges, public ids g->edge_count + i, by
     (from, to). */
  impgraph_edge *observed_only;
  size_t observed_only_count;
  impgraph_reconciliation reconciliation;
} ipg_weights;

/* Every edge: the static ones, then the observed-only ones. */
size_t ipg_graph_edge_total(const impgraph_graph *g);
/* Edge `id` of every edge (id < ipg_graph_edge_total). */
const impgraph_edge *ipg_graph_edge_at(const impgraph_graph *g, size_t id);
/* Whether edge `id` (of every edge) is followed at start-up from a module of
   the start-up set (observed-only edges never are). */
bool ipg_graph_edge_startup(const impgraph_graph *g, size_t id);
/* Whether edge `id` (of every edge) was observed in the attached profile. */
bool ipg_graph_edge_observed(const impgraph_graph *g, size_t id);

/* The estimated self import time of module `id` (µs), graph/estimate.c. */
int64_t ipg_module_estimate(const impgraph_graph *g, size_t id);

/* Frees weights (NULL is a no-op). */
void ipg_weights_free(ipg_weights *w);

/* Frees what impgraph_graph_update_file() allocated (NULL is a no-op). */
void ipg_update_free(struct ipg_update *u, size_t module_count);

/* Builds a graph (the coordinator and its worker pool). spec->probe is
   taken over whatever happens. Returns 0, IMPGRAPH_ENOTFOUND (an explicit
   entry does not resolve), IMPGRAPH_EABI, IMPGRAPH_EINVAL, IMPGRAPH_ENOMEM,
   IMPGRAPH_EINTERNAL (igraph failed). Ownership: *out is a new object. */
int ipg_graph_build(impgraph_graph **out, const ipg_graph_spec *spec, impgraph_error *err);

/* Module id of `name`, or SIZE_MAX. O(1) expected. */
size_t ipg_graph_lookup(const impgraph_graph *g, const char *name);

/* Top-level package name length of `name` ("a" of "a.b.c"). */
size_t ipg_top_level_len(const char *name);

/* Numbers of enum values (for per-kind counters). */
#define IPG_ORIGIN_COUNT 3
#define IPG_MODULE_KIND_COUNT 9
/* One more than the largest impgraph_edge_kind value; loops over kinds
   still check ipg_edge_kind_defined (a value may be left unused). */
#define IPG_EDGE_KIND_COUNT 13

/* Stable names (contracts of every output format, docs/formats/graph.md). */
const char *ipg_module_kind_label(impgraph_module_kind kind);
const char *ipg_origin_label(impgraph_origin origin);
const char *ipg_edge_kind_label(impgraph_edge_kind kind);
/* Whether `kind` (0 .. IPG_EDGE_KIND_COUNT - 1) is an impgraph_edge_kind
   value: loops over kinds skip the others. */
bool ipg_edge_kind_defined(int kind);
/* Names of the set IMPGRAPH_MODULE_* bits, in bit order; returns how many. */
size_t ipg_module_flag_labels(uint32_t flags, const char **out, size_t cap);

/* ------------------------------------------------------------------------ */
/* Derived tables (finish.c): shared by the build and update_file           */
/* ------------------------------------------------------------------------ */

/* Fills the adjacency of g->edges: out_first and in_first (module_count + 1
   each) and in_edges (edge_count). Returns 0 or IMPGRAPH_ENOMEM. */
int ipg_graph_fill_adjacency(const impgraph_graph *g, size_t *out_first, size_t *in_first,
                             size_t *in_edges);
/* Whether the start-up traversal may follow edge `e` when its kind is one
   it follows: not from a preloaded module, run by its module when that
   module fails (ipg_failure_runs_edge) and not cut off by an earlier import
   that raises (ipg_edge_skipped_by; both when g->failures is set). */
bool ipg_graph_edge_followable(const impgraph_graph *g, size_t e);
/* Fills followed[edge_count]: the start-up traversal follows the edge
   (EAGER, PARENT, NATIVE or CALLED, and followable). */
void ipg_graph_fill_followed(const impgraph_graph *g, bool *followed);
/* Sets the MISSING_* flags of missing modules from g->edges and the
   adjacency (clearing them first). Returns 0 or IMPGRAPH_ENOMEM. */
int ipg_graph_missing_flags(impgraph_graph *g);
/* Sets IMPGRAPH_MODULE_IN_STARTUP (clearing it first) and startup_count
   from g->ig. */
int ipg_graph_startup_flags(impgraph_graph *g, impgraph_error *err);
/* qsort order of the graph's diagnostics (path, line, column, ...). */
int ipg_diagnostic_order(const void *a, const void *b);

/* ------------------------------------------------------------------------ */
/* Modules whose import raises (fails.c)                                    */
/* ------------------------------------------------------------------------ */

/* What a module is to the failure analysis. */
typedef enum ipg_fail_state {
  IPG_FAIL_RUNS = 0,     /* runs code (or has a parent): may fail */
  IPG_FAIL_NEVER = 1,    /* preloaded, or missing for a weak reason (`six.moves`,
                            static mode's unknown builtins): never fails and
                            makes no importer fail */
  IPG_FAIL_NOT_FOUND = 2 /* missing for a definite reason: importing it raises */
} ipg_fail_state;

/* Per module: whether importing it raises ImportError. */
typedef struct ipg_failure {
  size_t edge;    /* the edge whose import raises (an import edge of the
                     module, or its PARENT edge), or SIZE_MAX: it does not
                     fail */
  size_t missing; /* the missing module the failure comes from: the
                     top-most missing package of the missing target
                     (`OpenSSL` for `import OpenSSL.SSL`) */
  bool reached;   /* imported at start-up (runs up to `edge`): set by
                     ipg_graph_startup_flags */
  bool raises;    /* importing it raises ImportError: it fails, or is
                     missing for a definite reason (and not taken as
                     installed): set by ipg_failures_compute */
} ipg_failure;

/* The inputs of the analysis: per module its state, and the edges grouped
   by importer (out_first), each module's import edges in execution order
   (import site order) followed by its PARENT edge -- as finish.c orders
   them. */
typedef struct ipg_fail_input {
  size_t module_count;
  const uint8_t *state; /* ipg_fail_state */
  const impgraph_edge *edges;
  const size_t *out_first;
  const size_t *parent; /* per module: its parent package, or SIZE_MAX */
  /* Per module: an entry (NULL: none). A failure that reaches an entry is
     caught by nothing: the program itself would not start, which says the
     interpreter lacks a dependency rather than that the import is
     optional. Such missing packages are taken as installed (they stop
     causing failures) until no entry fails. */
  const bool *entry;
} ipg_fail_input;

/* Fills failures[module_count]: the least fixpoint of "imports, eagerly and
   unprotected, a NOT_FOUND or failing module, or has a failing parent";
   the failing edge of each is the first such import whose target's failure
   does not depend on the module itself (cycles). Returns 0,
   IMPGRAPH_ENOMEM or IMPGRAPH_EINTERNAL (igraph). O((V + E) log) . */
int ipg_failures_compute(ipg_failure *failures, const ipg_fail_input *in, impgraph_error *err);

/* Whether edge `e` (an edge of a module whose failure is `f`) runs when
   that module is imported: every edge of a module that does not fail; the
   PARENT edge; the imports up to the failing one (edges before it). */
bool ipg_failure_runs_edge(const ipg_failure *f, const impgraph_edge *edges, size_t e);

/* Re-derives the kind of every fallback edge (IMPGRAPH_CTX_FALLBACK, kind
   EAGER or FALLBACK) whose preferred import has edges: FALLBACK when every
   target of the preferred import is found and none fails, and no earlier
   import that raises cuts it off (ipg_skipped_by), else EAGER.
   scans[v] is module v's scan (NULL: not expanded), missing[v] whether it
   is missing. Returns how many kinds changed. */
size_t ipg_fallback_kinds(impgraph_edge *edges, size_t module_count, const size_t *out_first,
                          const impgraph_scan *const *scans, const bool *missing,
                          const ipg_failure *failures);

/* The state of module v of a finished graph (preloaded, missing, not_found). */
ipg_fail_state ipg_graph_fail_state(const impgraph_graph *g, size_t v);

/* Fills g->failures from g's modules, edges and out_first, re-derives the
   kinds of its fallback edges (writes g->edges) and sets or clears
   IMPGRAPH_MODULE_FAILS on g->modules. `scans` as in ipg_fallback_kinds
   (NULL: g->scans). Returns 0, IMPGRAPH_ENOMEM or IMPGRAPH_EINTERNAL. */
int ipg_graph_failures(impgraph_graph *g, const impgraph_scan *const *scans, impgraph_error *err);

/* Why module `id`, not in the start-up set, is not (preloaded, missing,
   failing, imported only inside functions, ...), as the one-line message
   of `err`. Returns IMPGRAPH_ENOTFOUND. (queries.c) */
int ipg_graph_not_loaded(const impgraph_graph *g, size_t id, impgraph_error *err);

/* The earlier import edge of e's module whose import surely raises
   ImportError when it runs (EAGER, its target raises) and cuts e off: e's
   import statement comes after it in the same block, in a block nested in
   it, or on its logical line after a `;` -- whatever catches the error, e
   never runs. SIZE_MAX when there is none, and without g->failures.
   (fails.c) */
size_t ipg_edge_skipped_by(const impgraph_graph *g, size_t e);
/* The same over a table of edges grouped by importer (out_first), the
   modules' scans and failures (the build's rounds). */
size_t ipg_skipped_by(const impgraph_edge *edges, const size_t *out_first,
                      const impgraph_scan *const *scans, const ipg_failure *failures, size_t e);

/* Whether importing module `target` from module `importer` raises
   ImportError (it fails or is missing for a definite reason, and not
   because `importer` does). False without g->failures. */
bool ipg_import_raises(const impgraph_graph *g, size_t target, size_t importer);

/* The notes failures give, numbered 0 .. module_count + edge_count - 1:
   note k < module_count is the "import-fails" note of failing module k
   (at its failing import site; none when its parent fails), note
   module_count + e the "import-skipped" note of edge e (the first edge of
   its import statement that ipg_edge_skipped_by() cuts off). Fills *d with
   code, path, line and column and writes the message into buf (d->message
   points there). Returns false when there is no such note. */
bool ipg_failure_note(const impgraph_graph *g, size_t k, impgraph_diagnostic *d, char *buf,
                      size_t size);

/* ------------------------------------------------------------------------ */
/* Import sites of one scanned module (sites.c)                             */
/* ------------------------------------------------------------------------ */

/* What decides the kinds of one module's import edges. */
typedef struct ipg_importer {
  const char *name; /* the importing module */
  bool is_package;  /* it is a package's __init__ (relative imports) */
  bool runs_as_main;
  const impgraph_scan *scan;
  const char **lazy; /* names listed in __lazy_modules__ */
  size_t lazy_count;
  ipg_line_range *main_blocks; /* top-level `if __name__ == "__main__":` */
  size_t main_block_count;
  /* Per import record: 0, or 1 + the index of the first of its guards
     (impgraph_scan_import_guards) found to fail on the probed interpreter:
     the record is UNTAKEN. NULL when no record is. */
  uint8_t *untaken;
  const ipg_probe *probe; /* borrowed: guards naming sys.modules are read per target */
} ipg_importer;

/* Reads what the kinds depend on from the scan (borrowed) and evaluates the
   guards of its module-level imports against `probe` (NULL: nothing is
   known; a static probe knows the version only). Returns 0 or
   IMPGRAPH_ENOMEM (then nothing is left to free). */
int ipg_importer_init(ipg_importer *imp, const char *name, bool is_package, bool runs_as_main,
                      const impgraph_scan *scan, const ipg_probe *probe);
void ipg_importer_free(ipg_importer *imp);
/* The kind of the edge of record `rec` (index `index` of the scan) whose
   statement names the module `absolute` (for __lazy_modules__) and whose
   target is the module `target` (NULL: not known yet):
   TYPE_CHECKING > FUNCTION > UNTAKEN > IF_LOADED > HANDLER > LAZY > MAIN >
   EAGER. IF_LOADED when a guard cannot hold while `target` is not in
   sys.modules (`if "IPython" in sys.modules: import IPython`).
   FALLBACK is the caller's to decide (ipg_importer_preferred). */
impgraph_edge_kind ipg_importer_kind(const ipg_importer *imp, size_t index,
                                     const impgraph_import *rec, const char *absolute,
                                     const char *target);
/* The guard of record `index` that cannot hold while `target` is not
   loaded (the record's edge to `target` is IF_LOADED), or NULL. */
const impgraph_guard *ipg_importer_loaded_guard(const ipg_importer *imp, size_t index,
                                                const char *target);
/* The names sys, os and platform that the scan binds to those modules by
   a module-level import and by no other import: IPG_COND_* (cond.h), for
   ipg_cond_scope.modules. */
uint32_t ipg_scan_cond_modules(const impgraph_scan *scan);
/* A dynamic `__import__(NAME)` / `import_module(NAME)` (record `index` of
   `scan`, module level, no package) in the block of a column-0 `for NAME
   in ITER:` whose ITER is a literal of module names (or a name bound once
   to one), NAME not bound again in the block before the call: those names
   (at most `cap`, in the arena), as if each were a literal. *count 0
   otherwise. Returns 0 or IMPGRAPH_ENOMEM. */
#define IPG_LOOP_IMPORT_MAX 64
int ipg_loop_import_names(const impgraph_scan *scan, size_t index, const ipg_probe *probe,
                          ipg_arena *arena, const char **names, size_t cap, size_t *count);
/* For an UNTAKEN record `index`: the guard that fails (borrowed from the
   scan), or NULL. */
const impgraph_guard *ipg_importer_failed_guard(const ipg_importer *imp, size_t index);
/* "`sys.platform == 'win32'` is false on linux, Python 3.11.7" into buf
   (at least 16 bytes), for import record `index` of `scan` (a module's
   scan, or an editor's buffer) against g's probe (re-evaluated, for
   reports); "" when no guard of it fails. */
const char *ipg_untaken_reason(const impgraph_graph *g, const impgraph_scan *scan, size_t index,
                               char *buf, size_t size);
/* For a fallback record (IMPGRAPH_CTX_FALLBACK, index `index`): the record
   of the import it stands in for, or SIZE_MAX. Its edge stays EAGER unless
   every target of that record resolved (is not missing) and does not fail. */
size_t ipg_importer_preferred(const ipg_importer *imp, size_t index, const impgraph_import *rec);
/* The same from a scan alone. */
size_t ipg_scan_preferred(const impgraph_scan *scan, size_t index);
/* The first line of the record's statement, blanks collapsed, in buf. */
const char *ipg_record_text(const impgraph_scan *scan, const impgraph_import *rec, char *buf,
                            size_t size);

/* ------------------------------------------------------------------------ */
/* One module's import sites resolved against a finished graph (update.c)   */
/* ------------------------------------------------------------------------ */

/* Why a site has no edge in the graph (ipg_file_site.status). */
typedef enum ipg_site_status {
  IPG_SITE_IN_GRAPH = 0, /* `to` is a module of the graph */
  IPG_SITE_NOT_IN_GRAPH, /* the graph has no module of that name (the
                            resolver, when asked, found one) */
  IPG_SITE_UNRESOLVED,   /* the resolver found no such module */
  IPG_SITE_RELATIVE,     /* a relative import that cannot be made absolute */
  IPG_SITE_DYNAMIC       /* the module name is not a literal */
} ipg_site_status;

/* One edge an import record gives (or would give): as the build makes
   them, one per target of a from-import (`from pkg import a, attr`: pkg.a
   and pkg), in (import_index, sub) order. */
typedef struct ipg_file_site {
  ipg_site_status status;
  size_t import_index;
  size_t sub;
  size_t to;            /* module id, SIZE_MAX unless IN_GRAPH */
  const char *absolute; /* the target's dotted name (NULL for RELATIVE and
                           DYNAMIC) */
  const char *names;    /* comma-joined names of this target, or NULL */
  const char *problem;  /* RELATIVE/UNRESOLVED: why (one line) */
  size_t first_name;    /* the first and last of this target's names */
  size_t last_name;     /* (indices into rec->names; SIZE_MAX for none) */
  bool submodule;       /* a from-import's names that are submodules */
  impgraph_edge_kind kind;
} ipg_file_site;

typedef struct ipg_file_sites {
  ipg_arena arena; /* strings */
  ipg_vec sites;   /* ipg_file_site */
  size_t dynamic_count;
} ipg_file_sites;

void ipg_file_sites_init(ipg_file_sites *fs);
void ipg_file_sites_free(ipg_file_sites *fs);

/* Resolves the import records of `scan` as the source of module `module`
   against the modules of `g` by name: relative names made absolute, `from
   m import x` to the module m.x when the graph has it (and it is not
   missing), else to m. Names the graph lacks are IPG_SITE_NOT_IN_GRAPH;
   with `resolver` (may be NULL) they are looked up and told apart from
   IPG_SITE_UNRESOLVED. Imports of REGISTERED modules (six.moves) go
   through `resolver`, or one made over the graph's search path, as in the
   build: six's targets and the names six does not define. Kinds as the
   build gives them. Reads g only.
   Returns 0 or IMPGRAPH_ENOMEM. */
int ipg_file_sites_resolve(ipg_file_sites *out, const impgraph_graph *g, size_t module,
                           const impgraph_scan *scan, ipg_resolver *resolver);

/* The earlier site of fs (before `index`, of another import statement of
   `scan`, the source of module `module`) whose import raises when it runs
   and cuts site `index` off (ipg_runs_after), or SIZE_MAX. (update.c) */
size_t ipg_file_site_skipped_by(const impgraph_graph *g, size_t module, const impgraph_scan *scan,
                                const ipg_file_sites *fs, size_t index);

/* The module whose file is `path` (string equality, then realpath()
   equality, first-party modules first; its path, or the source scanned
   for it: ipg_graph_module_file()), or SIZE_MAX. */
size_t ipg_graph_module_of_path(const impgraph_graph *g, const char *path);

/* The file module `v`'s import sites are in: the source scanned for it
   when that is not its path (g->source), else its path (may be NULL).
   Borrowed from the graph. */
const char *ipg_graph_module_file(const impgraph_graph *g, size_t v);

/* ------------------------------------------------------------------------ */
/* Views (what a renderer draws)                                            */
/* ------------------------------------------------------------------------ */

typedef struct ipg_view_sel {
  bool collapse;
  size_t *rep;         /* per module: the module it is drawn as (itself, or
                          its third-party top-level package when collapsed) */
  bool *member_keep;   /* per module: passes the view's filters (before
                          collapsing) */
  bool *keep;          /* per module: drawn (for reps: the group is drawn) */
  size_t *group_size;  /* per rep: modules it stands for that are kept */
  bool *edge_keep;     /* per edge (every edge, ipg_graph_edge_total):
                          drawn (both ends kept; not inside one
                          collapsed group) */
  size_t kept_modules; /* drawn nodes (reps) */
  size_t kept_edges;
} ipg_view_sel;

/* Applies a view (NULL = everything). Returns 0, IMPGRAPH_EINVAL,
   IMPGRAPH_EVERSION, IMPGRAPH_ENOMEM or IMPGRAPH_EINTERNAL. */
int ipg_view_select(ipg_view_sel *out, const impgraph_graph *g, const impgraph_graph_view *view,
                    impgraph_error *err);
void ipg_view_sel_free(ipg_view_sel *sel);

/* ------------------------------------------------------------------------ */
/* igraph glue (igraph_glue.c): the only code that calls igraph             */
/* ------------------------------------------------------------------------ */

/* Builds the igraph side: the whole graph and the start-up graph (followed
   edges), each with one extra vertex (id module_count) with an edge to
   every entry module, so "from any entry" is "from that vertex". */
int ipg_ig_new(ipg_ig **out, const impgraph_graph *g, impgraph_error *err);
void ipg_ig_free(ipg_ig *ig);

/* Unweighted distances (in edges) from `source` (SIZE_MAX: from the nearest
   entry) over the start-up graph (startup_only) or every edge. Fills
   dist[0 .. module_count) with SIZE_MAX for unreachable modules. */
int ipg_ig_distances(const ipg_ig *ig, bool startup_only, size_t source, size_t *dist,
                     impgraph_error *err);

/* One shortest path of followed edges from the nearest entry to `target`,
   as graph edge ids (entry first) in path[] (room for module_count), its
   length in *len; *len = SIZE_MAX when unreachable. */
int ipg_ig_startup_path(const ipg_ig *ig, size_t target, size_t *path, size_t *len,
                        impgraph_error *err);

/* Strongly connected components of the graph on `vertex_count` vertices
   made of edges from[i] -> to[i]: membership[v] (component ids from 0) and
   their number. */
int ipg_ig_scc(size_t vertex_count, const size_t *from, const size_t *to, size_t edge_count,
               size_t *membership, size_t *component_count, impgraph_error *err);

/* The vertices reachable from `source` (itself included) in the graph on
   `vertex_count` vertices made of edges from[i] -> to[i]: reached[v]. For
   the suggestion engine, which asks "what still loads without these
   edges". O(V + E). */
int ipg_ig_reach(size_t vertex_count, const size_t *from, const size_t *to, size_t edge_count,
                 size_t source, bool *reached, impgraph_error *err);

/* A minimum s-t cut of that graph with edge capacities: its value and the
   edge indices (into from/to) of the cut, at most edge_count of them in
   cut[]. igraph_st_mincut (push-relabel). */
int ipg_ig_min_cut(size_t vertex_count, const size_t *from, const size_t *to,
                   const double *capacity, size_t edge_count, size_t source, size_t target,
                   double *value, size_t *cut, size_t *cut_count, impgraph_error *err);

#endif
