/* importtime/profile — the start-up profile: per-module time statistics over
 * several runs of one program, the runs themselves, observed importer →
 * imported edges and diagnostics (the public impgraph_profile handle).
 *
 * Built three ways, all through the functions below:
 *  - measure.c runs the interpreter and feeds each run's parsed log;
 *  - impgraph_profile_from_logs() feeds every run of existing logs;
 *  - render/profile_json.c loads a saved profile (finished values, no logs).
 *
 * A profile is mutable only while it is built (ipg_profile_* below) and
 * read-only after ipg_profile_finish()/ipg_profile_seal(): then several
 * threads may read it at once.
 */
#ifndef IMPGRAPH_IMPORTTIME_PROFILE_H
#define IMPGRAPH_IMPORTTIME_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "importtime/log.h"
#include "util/util.h"

/* Relative spread above which runs are said to disagree. */
#define IPG_PROFILE_SPREAD_WARN 0.20
/* How many of the slowest modules (by median self time) the disagreement
 * check looks at, and the least median self time one needs to count. */
#define IPG_PROFILE_SPREAD_TOP 10
#define IPG_PROFILE_SPREAD_MIN_US 1000

/* One module being accumulated: one sample per run it appeared in. */
typedef struct ipg_profile_acc {
  const char *name; /* in the profile's arena */
  ipg_vec self;     /* int64_t per run seen */
  ipg_vec cumulative;
  size_t last_run;        /* 1-based number of the last run that added to it */
  size_t last_failed_run; /* ... and of the last run in which it failed */
  uint32_t failed_runs;
  uint32_t flags; /* IMPGRAPH_PROFILE_MODULE_* */
} ipg_profile_acc;

typedef struct ipg_edge_acc {
  const char *importer; /* in the profile's arena */
  const char *imported;
  impgraph_profile_edge_kind kind;
  size_t last_run;
  uint32_t runs;
  uint32_t flags;
} ipg_edge_acc;

struct impgraph_profile {
  ipg_arena arena;            /* every string */
  impgraph_profile_info info; /* arrays below are lent through it */
  ipg_vec command;            /* const char * */
  ipg_vec source_roots;       /* const char * */
  ipg_vec env;                /* const char * */
  ipg_vec runs;               /* impgraph_measured_run */
  ipg_vec run_logs;           /* char * (malloc'd stderr text) per run, or NULL */
  ipg_vec run_log_lens;       /* size_t per run */
  ipg_vec modules;            /* impgraph_module_stats, sorted by name once sealed */
  ipg_vec edges;              /* impgraph_observed_edge, sorted once sealed */
  ipg_vec diagnostics;        /* impgraph_diagnostic */
  ipg_map diagnostic_keys;    /* "code\npath\nline\nmessage": deduplication */
  /* build state (empty once finished) */
  ipg_map acc_by_name; /* name -> ipg_profile_acc * */
  ipg_vec accs;        /* ipg_profile_acc * */
  ipg_map edge_by_key; /* "importer\nimported\nkind" -> ipg_edge_acc * */
  ipg_vec edge_accs;   /* ipg_edge_acc * */
  size_t aggregated_runs;
  bool oom; /* sticky allocation failure */
};

/* ---- statistics ---------------------------------------------------------- */

/* Fills `out` from `count` samples (sorted in place): the median (the mean of
 * the two middle values for an even count, rounded half away from zero),
 * min, max, and spread = (Q3 - Q1) / max(|median|, 1), quartiles by linear
 * interpolation between order statistics (numpy's default, "type 7"), rounded
 * to 4 decimals. Zero samples give all zeros. */
void ipg_time_stats(impgraph_time_stats *out, int64_t *values, size_t count);

/* ---- building ------------------------------------------------------------ */

/* An empty profile; NULL on ENOMEM. */
impgraph_profile *ipg_profile_new(void);

/* Copies `s` into the profile's arena (NULL stays NULL); sets oom on failure. */
const char *ipg_profile_strdup(impgraph_profile *p, const char *s);

/* Appends a string to one of the info arrays (command, source_roots, env). */
void ipg_profile_push_string(impgraph_profile *p, ipg_vec *array, const char *s);

/* Appends a run record (strings are copied) and, optionally, the run's
 * stderr text (taken over: freed with the profile). Returns its index, or
 * SIZE_MAX on ENOMEM (then `log` is freed). */
size_t ipg_profile_add_run(impgraph_profile *p, const impgraph_measured_run *run, char *log,
                           size_t log_len);

/* The run record `index`, for updating while building. */
impgraph_measured_run *ipg_profile_run_at(impgraph_profile *p, size_t index);

/* Adds a diagnostic (strings copied; path NULL = "<profile>", about the
 * whole profile) unless the same one (code, path, line, column, message)
 * exists. */
void ipg_profile_diagnostic(impgraph_profile *p, impgraph_severity severity, const char *code,
                            const char *path, uint32_t line, uint32_t column, const char *fmt, ...)
    IPG_PRINTF(7, 8);

/* Adds the timed and cached rows of one parsed log run to the statistics, as
 * one more aggregated run: per module, the run's self time is the sum over
 * its rows, its cumulative time the sum over the rows that have no ancestor
 * of the same name. Row flags become module flags; `failed` rows count in
 * failed_runs. Nested rows give NESTED edges, cached rows whose importer is
 * known give CACHED edges. */
void ipg_profile_add_log_run(impgraph_profile *p, const ipg_itrun *run);

/* Adds a finished module (loading a saved profile); strings are copied. */
void ipg_profile_add_module(impgraph_profile *p, const impgraph_module_stats *module);

/* Adds a finished edge (loading); importer/imported are copied, indices are
 * filled by ipg_profile_seal(). */
void ipg_profile_add_edge(impgraph_profile *p, const impgraph_observed_edge *edge);

/* Turns the accumulated samples into module statistics and edges, then seals
 * the profile. With `analyse`, also adds the "runs-disagree" diagnostic when
 * the spread of the wall time or of one of the slowest modules exceeds
 * IPG_PROFILE_SPREAD_WARN. Returns 0 or IMPGRAPH_ENOMEM. */
int ipg_profile_finish(impgraph_profile *p, bool analyse);

/* Sorts modules by name and edges by (importer, imported, kind), resolves
 * edge indices (SIZE_MAX for a name not in the module table), computes the
 * summary statistics from the runs and points info's arrays at the vectors.
 * Returns 0, IMPGRAPH_ENOMEM, or IMPGRAPH_EINVAL when a module name repeats
 * (a corrupt saved profile). */
int ipg_profile_seal(impgraph_profile *p);

/* ---- names (stable; the JSON format and the text view print them) -------- */

const char *ipg_profile_edge_kind_name(impgraph_profile_edge_kind kind);
/* Appends the names of the set bits of `flags` to `out` (at most `cap`);
 * returns how many. */
size_t ipg_profile_module_flag_names(uint32_t flags, const char **out, size_t cap);
size_t ipg_profile_run_flag_names(uint32_t flags, const char **out, size_t cap);
size_t ipg_profile_edge_flag_names(uint32_t flags, const char **out, size_t cap);
/* The bit of a flag name, or 0 when unknown. */
uint32_t ipg_profile_module_flag_bit(const char *name);
uint32_t ipg_profile_run_flag_bit(const char *name);
uint32_t ipg_profile_edge_flag_bit(const char *name);

#endif
