/* suggest/ — the suggestion engine's internal API (engine.c, edits.c and
 * one rule_*.c file per rule).
 *
 * The engine reads a finished graph (never changes it):
 *  1. graph/calls.c: which functions run without being asked — at import time
 *     (module-level calls of the module's own functions, followed through
 *     calls) and when an entry function or a CLI subcommand runs; their
 *     function-level imports load like eager ones;
 *  2. engine.c: one candidate per eager first-party import site on the
 *     start-up path, with the combined need of the names it binds (use
 *     analysis, uses.c); the first rule of the table that applies makes it
 *     a suggestion, otherwise it is kept with the reason;
 *  3. engine.c: savings on the graph — what no longer loads when edges are
 *     deferred (igraph reachability), groups of edges that save only
 *     together (igraph minimum cuts), per entry and per subcommand.
 */
#ifndef IMPGRAPH_SUGGEST_ENGINE_H
#define IMPGRAPH_SUGGEST_ENGINE_H

#include "graph/calls.h"
#include "graph/graph.h"
#include "suggest/report.h"
#include "suggest/suggest.h"

/* What the public layer (project/suggest_api.c) decided. */
typedef struct ipg_suggest_cfg {
  int min_major, min_minor;       /* lowest supported version */
  int target_major, target_minor; /* the target */
  const char *versions_from;      /* copied */
  const char *project_root;       /* files are reported relative to it */
  const char *profile_command;    /* copied into the report, or NULL */
  int64_t min_savings_us;
  size_t top;
  uint32_t flags; /* IMPGRAPH_SUGGEST_* */
} ipg_suggest_cfg;

int ipg_suggest_run(impgraph_suggestions **out, const impgraph_graph *g, const ipg_suggest_cfg *cfg,
                    impgraph_error *err);

/* ---- functions that run ---- */

/* The sets of functions that run without being asked are computed by
   graph/calls.c (ipg_fnset, in IPG_CALLS_MAY_RUN mode): the engine asks
   what may run, leaning towards keeping imports. */

/* ---- the engine's state, shared with the rules ---- */

typedef struct ipg_need_fn {
  const char *scope; /* qualname */
  uint32_t line;
  bool binds_locally;
} ipg_need_fn;

/* One candidate: an eager import site of a first-party module. */
typedef struct ipg_site {
  size_t edge;
  const impgraph_edge *e;
  const impgraph_module *from, *to;
  const impgraph_scan *scan;
  const impgraph_import *imp;
  size_t name_index[16]; /* names of the record this edge binds */
  size_t name_count;     /* 0 for a plain import */
  bool all_names;        /* the edge binds every name of the record */
  ipg_need_kind need;    /* combined: the strongest need of its names */
  const ipg_binding_need *decider;
  ipg_vec functions; /* ipg_need_fn, distinct */
  bool eager_annotation;
  ipg_need_kind need_if_deferred;
  bool reads_may_be_local;
  bool package_init;
  const char *file; /* relative to the project root */
} ipg_site;

typedef struct ipg_engine {
  const impgraph_graph *g;
  const ipg_suggest_cfg *cfg;
  impgraph_suggestions *report;
  ipg_arena *arena; /* the report's */
  ipg_fnset import_time; /* functions run at import time, every module */
  /* The CLI of the first entry with subcommands, or SIZE_MAX. */
  size_t cli_module;
  /* The report entries' run sets, and their subcommand (NULL for an entry
     itself), for the rules. */
  size_t run_count;
  const ipg_fnset **runs;
  const char **run_subcommand;
} ipg_engine;

/* Sets out->risk / risk_reason from the site (names maybe bound locally)
   and from the deferred module's import-time side effects. */
int ipg_assess_risk(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out);

/* Copies the site's functions into out->functions / function_lines. */
int ipg_copy_functions(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out);

/* Move-into-function edits and texts, shared by move-into-function and
   split-subcommands. */
int ipg_describe_move(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out);

/* A rule: `applies` decides (and may fill the suggestion's kind-specific
   fields), `describe` writes reason, action, edit and edits. */
typedef struct ipg_rule {
  impgraph_suggestion_kind kind;
  bool (*applies)(ipg_engine *en, const ipg_site *site);
  int (*describe)(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out);
} ipg_rule;

extern const ipg_rule ipg_rule_remove_unused;
extern const ipg_rule ipg_rule_type_checking;
extern const ipg_rule ipg_rule_lazy_getattr;
extern const ipg_rule ipg_rule_lazy_import;
extern const ipg_rule ipg_rule_split_subcommands;
extern const ipg_rule ipg_rule_move_into_function;

/* ---- edits (edits.c) ---- */

/* Collects text edits of one suggestion. */
typedef struct ipg_edits {
  ipg_vec items; /* impgraph_text_edit */
  bool failed;   /* an edit could not be generated: drop them all */
} ipg_edits;

void ipg_edits_init(ipg_edits *ed);
void ipg_edits_free(ipg_edits *ed);
/* Sorts, checks for overlaps and copies them into the suggestion. */
int ipg_edits_finish(ipg_edits *ed, ipg_engine *en, impgraph_suggestion *out);

/* The import statement this site stands for, limited to its own names
   (`from . import analytics` out of `from . import analytics, sync`), in
   the arena. */
const char *ipg_site_import_text(ipg_engine *en, const ipg_site *site);
/* Removes the site from its statement: deletes the statement's lines when
   the site is all of it, else rewrites it without the site's names. */
void ipg_edit_remove_site(ipg_edits *ed, ipg_engine *en, const ipg_site *site);
/* Inserts `line_text` (no indentation, no newline) as the first statement
   of function `qualname` of the site's module. */
void ipg_edit_insert_in_function(ipg_edits *ed, ipg_engine *en, const ipg_site *site,
                                 const char *qualname, const char *line_text);
/* Inserts text at the start of line `line` of the site's file. */
void ipg_edit_insert_at_line(ipg_edits *ed, ipg_engine *en, const ipg_site *site, uint32_t line,
                             const char *text);
/* Byte offset of the start of 1-based `line` in the scan's text, or
   SIZE_MAX. */
size_t ipg_line_start(const impgraph_scan *scan, uint32_t line);

/* Helpers for rules. */
bool ipg_version_at_least(int major, int minor, int want_major, int want_minor);
/* "cmd_stats (line 29), cmd_list (line 24)" in the arena. */
const char *ipg_site_function_list(ipg_engine *en, const ipg_site *site);

#endif
