/* The suggestion engine: candidates, rules, savings, groups, entries.
 * engine.h describes the steps; docs/suggest.md the user-facing rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest/engine.h"

#define NONE SIZE_MAX
#define INFINITE_CAPACITY 1e9

/* The rules, in the order they are tried: the first that applies wins. */
static const ipg_rule *const rules[] = {
    &ipg_rule_remove_unused,       &ipg_rule_type_checking,     &ipg_rule_lazy_getattr,
    &ipg_rule_lazy_import,         &ipg_rule_split_subcommands, &ipg_rule_move_into_function,
};

/* A way the program starts (a report entry) and what it runs. */
typedef struct run_entry {
  const char *label;
  size_t entry;      /* graph entry */
  size_t source;     /* module id */
  const char *subcommand;
  ipg_fnset runs;    /* functions it runs (entry function, handler) */
  ipg_vec fn_edges;  /* size_t graph edge ids: function-level imports of `runs` */
  bool *site_loads;  /* per site: its deferred import still loads here */
} run_entry;

typedef struct draft {
  size_t site;
  impgraph_suggestion s;
  size_t group_root; /* union-find */
  bool filtered;
} draft;

typedef struct engine_state {
  ipg_engine en;
  size_t vertex_count; /* modules + 1 (the super source) */
  int64_t *weight;     /* per module, µs */
  /* Base edges: followed edges and the function-level imports of
     functions run at import time. */
  size_t *be_from, *be_to, *be_edge;
  size_t be_count;
  size_t *site_of_edge; /* per graph edge: site index or NONE */
  ipg_vec sites;        /* ipg_site */
  ipg_vec drafts;       /* draft */
  ipg_vec entries;      /* run_entry */
  /* "All entries": every entry imported and its entry function run (no
     subcommand): the union of the base entries' function-level imports,
     and a deferred site loads when it loads in one of them. */
  run_entry all_run;
  ipg_use_analysis **analyses; /* per module, lazily */
  /* scratch for graph queries */
  size_t *q_from, *q_to;
  bool *reached;
  impgraph_error *err;
} engine_state;

bool ipg_version_at_least(int major, int minor, int want_major, int want_minor) {
  return major > want_major || (major == want_major && minor >= want_minor);
}

/* ---- weights ---- */

/* Costs start-up time when reached: not preloaded, not missing, and not
   failing (a module whose import raises is not loaded; the modules it
   imported before failing are, and count). */
static bool counts(const impgraph_module *m) {
  return !(m->flags & (IMPGRAPH_MODULE_PRELOADED | IMPGRAPH_MODULE_FAILS)) &&
         m->kind != IMPGRAPH_MODULE_MISSING;
}

/* Importing it may load something: it counts, or it fails after importing
   others. */
static bool loads(const impgraph_module *m) {
  return counts(m) || (m->flags & IMPGRAPH_MODULE_FAILS);
}

/* Whether the measured program loaded a module that imports `v` at
   start-up (through an edge the start-up traversal follows): then `v`
   absent from the profile was not loaded by it (the log is the truth), and
   it weighs 0; otherwise nothing the program ran reached it. */
static bool importer_measured(const impgraph_graph *g, size_t v) {
  for (size_t j = g->in_first[v]; j < g->in_first[v + 1]; j++) {
    size_t e = g->in_edges[j];
    if (g->followed[e] && impgraph_graph_module_weight(g, g->edges[e].from, NULL, NULL) == 0)
      return true;
  }
  return false;
}

/* Self times: measured ones from the attached profile. A module the
   measured program never reached (another entry's, a subcommand's, or a
   function-level import it did not run) gets its estimate, and those in
   the entries' start-up sets are counted so reports can say so. */
static void fill_weights(engine_state *st) {
  const impgraph_graph *g = st->en.g;
  bool measured = impgraph_graph_has_profile(g) == 1;
  size_t estimated = 0;
  for (size_t v = 0; v < g->module_count; v++) {
    int64_t self = 0;
    if (measured && impgraph_graph_module_weight(g, v, &self, NULL) == 0) {
      /* measured */
    } else if (measured && importer_measured(g, v)) {
      self = 0; /* reached by the measured program, which did not load it */
    } else {
      if (impgraph_graph_module_estimate(g, v, &self) != IMPGRAPH_OK)
        self = 0;
      const impgraph_module *m = &g->modules[v];
      if (measured && counts(m) && (m->flags & IMPGRAPH_MODULE_IN_STARTUP))
        estimated++;
    }
    st->weight[v] = self > 0 ? self : 0;
  }
  st->en.report->info.measured = measured;
  st->en.report->info.estimated_modules = estimated;
}

/* ---- reachability on edge subsets ---- */

/* Loads when `runs` run: function-level imports inside them (or in
   functions nested in them). */
static bool scope_runs(const ipg_fnset *runs, size_t module, const char *scope, ipg_buf *tmp) {
  if (!scope || !scope[0])
    return false;
  tmp->len = 0;
  ipg_buf_puts(tmp, scope);
  if (tmp->failed)
    return false;
  for (;;) {
    if (ipg_fnset_has(runs, module, tmp->data))
      return true;
    char *dot = strrchr(tmp->data, '.');
    if (!dot)
      return false;
    *dot = '\0';
  }
}

static int collect_fn_edges(engine_state *st, const ipg_fnset *runs, ipg_vec *out) {
  const impgraph_graph *g = st->en.g;
  ipg_buf tmp;
  ipg_buf_init(&tmp);
  int rc = IMPGRAPH_OK;
  for (size_t e = 0; !rc && e < g->edge_count; e++) {
    const impgraph_edge *edge = &g->edges[e];
    if (edge->kind != IMPGRAPH_EDGE_FUNCTION || !loads(&g->modules[edge->to]) ||
        !scope_runs(runs, edge->from, edge->scope, &tmp))
      continue;
    size_t *slot = ipg_vec_push(out);
    if (!slot)
      rc = IMPGRAPH_ENOMEM;
    else
      *slot = e;
  }
  ipg_buf_free(&tmp);
  return rc;
}

/* What loads from `source` with the sites in `deferred` (NULL: none)
   deferred, the entry's function-level imports (`re`, may be NULL) added,
   and deferred sites that load anyway in that entry put back. Sets
   st->reached; returns the cost and the module count. */
static int reach(engine_state *st, size_t source, const bool *deferred, const run_entry *re,
                 int64_t *cost, size_t *modules) {
  const impgraph_graph *g = st->en.g;
  size_t n = 0;
  for (size_t i = 0; i < st->be_count; i++) {
    size_t e = st->be_edge[i];
    size_t site = e == NONE ? NONE : st->site_of_edge[e];
    if (site != NONE && deferred && deferred[site] && !(re && re->site_loads[site]))
      continue;
    st->q_from[n] = st->be_from[i];
    st->q_to[n++] = st->be_to[i];
  }
  for (size_t i = 0; re && i < re->fn_edges.len; i++) {
    const impgraph_edge *e = &g->edges[*(size_t *)ipg_vec_at(&re->fn_edges, i)];
    st->q_from[n] = e->from;
    st->q_to[n++] = e->to;
  }
  int rc = ipg_ig_reach(st->vertex_count, st->q_from, st->q_to, n, source, st->reached, st->err);
  if (rc)
    return rc;
  int64_t total = 0;
  size_t count = 0;
  for (size_t v = 0; v < g->module_count; v++)
    if (st->reached[v] && counts(&g->modules[v])) {
      total += st->weight[v];
      count++;
    }
  *cost = total;
  if (modules)
    *modules = count;
  return IMPGRAPH_OK;
}

static int build_base_edges(engine_state *st) {
  const impgraph_graph *g = st->en.g;
  size_t cap = g->edge_count + g->entry_module_count + 1;
  st->be_from = malloc(cap * sizeof(size_t));
  st->be_to = malloc(cap * sizeof(size_t));
  st->be_edge = malloc(cap * sizeof(size_t));
  /* query arrays: base edges + any function edges */
  st->q_from = malloc((cap + g->edge_count) * sizeof(size_t));
  st->q_to = malloc((cap + g->edge_count) * sizeof(size_t));
  st->reached = malloc(st->vertex_count * sizeof(bool));
  if (!st->be_from || !st->be_to || !st->be_edge || !st->q_from || !st->q_to || !st->reached)
    return IMPGRAPH_ENOMEM;
  ipg_buf tmp;
  ipg_buf_init(&tmp);
  size_t n = 0;
  for (size_t e = 0; e < g->edge_count; e++) {
    const impgraph_edge *edge = &g->edges[e];
    bool base = g->followed[e] ||
                (edge->kind == IMPGRAPH_EDGE_FUNCTION && loads(&g->modules[edge->to]) &&
                 !(g->modules[edge->from].flags & IMPGRAPH_MODULE_PRELOADED) &&
                 scope_runs(&st->en.import_time, edge->from, edge->scope, &tmp));
    if (!base)
      continue;
    st->be_from[n] = edge->from;
    st->be_to[n] = edge->to;
    st->be_edge[n++] = e;
  }
  ipg_buf_free(&tmp);
  for (size_t i = 0; i < g->entry_module_count; i++) {
    st->be_from[n] = g->module_count;
    st->be_to[n] = g->entry_modules[i];
    st->be_edge[n++] = NONE;
  }
  st->be_count = n;
  return IMPGRAPH_OK;
}

/* ---- candidates ---- */

static const char *relative_file(engine_state *st, const char *file) {
  const char *root = st->en.cfg->project_root;
  if (!file)
    return NULL;
  size_t n = root ? strlen(root) : 0;
  while (n > 1 && root[n - 1] == '/')
    n--;
  if (n && strncmp(file, root, n) == 0 && file[n] == '/')
    return file + n + 1;
  if (strncmp(file, "./", 2) == 0)
    return file + 2;
  return file;
}

/* Names other first-party modules import from `module`, and whether some
   star-import it. */
static int importers_of(engine_state *st, size_t module, ipg_vec *names, bool *star) {
  const impgraph_graph *g = st->en.g;
  *star = false;
  for (size_t j = g->in_first[module]; j < g->in_first[module + 1]; j++) {
    const impgraph_edge *e = &g->edges[g->in_edges[j]];
    if (!e->names || e->kind == IMPGRAPH_EDGE_PARENT)
      continue;
    const char *p = e->names;
    while (*p) {
      const char *comma = strchr(p, ',');
      size_t len = comma ? (size_t)(comma - p) : strlen(p);
      if (len == 1 && *p == '*')
        *star = true;
      else {
        const char **slot = ipg_vec_push(names);
        char *copy = ipg_arena_strndup(st->en.arena, p, len);
        if (!slot || !copy)
          return IMPGRAPH_ENOMEM;
        *slot = copy;
      }
      p += len + (comma ? 1 : 0);
    }
  }
  return IMPGRAPH_OK;
}

static const ipg_use_analysis *analysis_of(engine_state *st, size_t module) {
  if (st->analyses[module])
    return st->analyses[module];
  const impgraph_graph *g = st->en.g;
  ipg_vec names;
  ipg_vec_init(&names, sizeof(const char *));
  bool star = false;
  if (importers_of(st, module, &names, &star)) {
    ipg_vec_free(&names);
    return NULL;
  }
  ipg_use_options opts = IPG_USE_OPTIONS_INIT;
  /* Annotations are deferred only if they are on every supported version. */
  opts.target_major = st->en.cfg->min_major;
  opts.target_minor = st->en.cfg->min_minor;
  opts.is_package_init = g->modules[module].kind == IMPGRAPH_MODULE_PACKAGE;
  opts.star_imported = star;
  opts.imported_by_others = names.data;
  opts.imported_by_others_count = names.len;
  ipg_analyse_uses(&st->analyses[module], g->scans[module], &opts, NULL);
  ipg_vec_free(&names);
  return st->analyses[module];
}

static int need_rank(ipg_need_kind k) {
  switch (k) {
  case IPG_NEED_NOT_DEFERRABLE: return 6;
  case IPG_NEED_IMPORT_TIME: return 5;
  case IPG_NEED_REEXPORT: return 4;
  case IPG_NEED_FUNCTIONS: return 3;
  case IPG_NEED_ANNOTATIONS: return 2;
  case IPG_NEED_TYPE_CHECKING: return 1;
  case IPG_NEED_UNUSED: return 0;
  }
  return 6;
}

static bool edge_has_name(const impgraph_edge *e, const char *name) {
  if (!e->names)
    return false;
  size_t n = strlen(name);
  for (const char *p = e->names; *p;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (len == n && strncmp(p, name, n) == 0)
      return true;
    p += len + (comma ? 1 : 0);
  }
  return false;
}

static int add_function(ipg_site *site, const ipg_need_function *f) {
  for (size_t i = 0; i < site->functions.len; i++) {
    ipg_need_fn *have = ipg_vec_at(&site->functions, i);
    if (strcmp(have->scope, f->scope) == 0) {
      have->binds_locally |= f->binds_locally;
      return IMPGRAPH_OK;
    }
  }
  ipg_need_fn *slot = ipg_vec_push(&site->functions);
  if (!slot)
    return IMPGRAPH_ENOMEM;
  *slot = (ipg_need_fn){f->scope, f->line, f->binds_locally};
  return IMPGRAPH_OK;
}

/* Combines the needs of the names the site's edge binds. Returns false
   when the site has no analysis entry (then it is not a candidate). */
static bool combine_needs(ipg_site *site, const ipg_use_analysis *a) {
  const impgraph_import *imp = site->imp;
  const ipg_binding_need *found[16];
  size_t n = 0;
  if (imp->kind == IMPGRAPH_IMPORT_FROM || imp->name_count) {
    for (size_t k = 0; k < imp->name_count; k++)
      if (edge_has_name(site->e, imp->names[k].name)) {
        const ipg_binding_need *b = ipg_use_analysis_find(a, site->e->import_index, k);
        if (!b || n == sizeof found / sizeof *found)
          return false; /* not analysed, or too many names to weigh: not a candidate */
        site->name_index[site->name_count++] = k;
        found[n++] = b;
      }
    site->all_names = site->name_count == imp->name_count;
  } else {
    const ipg_binding_need *b = ipg_use_analysis_find(a, site->e->import_index, SIZE_MAX);
    if (!b)
      return false;
    found[n++] = b;
    site->all_names = true;
  }
  if (!n)
    return false;
  site->need = IPG_NEED_UNUSED;
  site->eager_annotation = true;
  site->need_if_deferred = IPG_NEED_UNUSED;
  for (size_t i = 0; i < n; i++) {
    const ipg_binding_need *b = found[i];
    ipg_need_kind need = b->group_size > 1 && b->need != IPG_NEED_UNUSED ? IPG_NEED_NOT_DEFERRABLE
                                                                         : b->need;
    if (!site->decider || need_rank(need) > need_rank(site->need)) {
      site->need = need;
      site->decider = b;
    }
    /* What the whole site would need with deferred annotations: every
       name counts, not only the import-time ones (`from m import A, f`
       with A in an eager annotation and f called in a function cannot go
       under TYPE_CHECKING). */
    ipg_need_kind deferred = need;
    if (b->need == IPG_NEED_IMPORT_TIME) {
      site->eager_annotation &= b->eager_annotation;
      deferred = b->need_if_annotations_deferred;
    }
    if (need_rank(deferred) > need_rank(site->need_if_deferred))
      site->need_if_deferred = deferred;
    site->reads_may_be_local |= b->reads_may_be_local;
    for (size_t f = 0; f < b->function_count; f++)
      if (add_function(site, &b->functions[f]))
        return false;
  }
  if (site->need != IPG_NEED_IMPORT_TIME)
    site->eager_annotation = false;
  return true;
}

static int keep(engine_state *st, const ipg_site *site, const char *reason, uint32_t use_line) {
  impgraph_kept_import *k = ipg_vec_push(&st->en.report->kept);
  if (!k || !reason)
    return IMPGRAPH_ENOMEM;
  k->file = site->file;
  k->line = site->e->line;
  k->module = ipg_arena_strdup(st->en.arena, site->from->name);
  k->import = ipg_arena_strdup(st->en.arena, site->to->name);
  k->reason = reason;
  k->use_line = use_line;
  return k->module && k->import ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

/* Functions of the site that run anyway: at import time, or in every
   entry. Returns the reason to keep the import, or NULL. */
static const char *runs_anyway(engine_state *st, const ipg_site *site) {
  ipg_arena *a = st->en.arena;
  size_t from = site->e->from;
  for (size_t i = 0; i < site->functions.len; i++) {
    const ipg_need_fn *f = ipg_vec_at(&site->functions, i);
    if (ipg_fnset_has(&st->en.import_time, from, f->scope))
      return ipg_arena_printf(a, "needed at import time: %s() (line %u) runs while the module is "
                                 "imported",
                              f->scope, f->line);
  }
  if (!st->entries.len)
    return NULL;
  for (size_t i = 0; i < site->functions.len; i++) {
    const ipg_need_fn *f = ipg_vec_at(&site->functions, i);
    bool every = true;
    for (size_t k = 0; every && k < st->entries.len; k++) {
      const run_entry *re = ipg_vec_at(&st->entries, k);
      every = ipg_fnset_has(&re->runs, from, f->scope);
    }
    if (every)
      return ipg_arena_printf(a, "%s() (line %u) runs on every start (%s): deferring saves nothing",
                              f->scope, f->line,
                              ((const run_entry *)ipg_vec_at(&st->entries, 0))->label);
  }
  return NULL;
}

static const char *kept_reason(engine_state *st, const ipg_site *site, uint32_t *line) {
  const ipg_binding_need *b = site->decider;
  *line = b ? b->line : 0;
  const char *why = b && b->reason ? b->reason : ipg_need_kind_name(site->need);
  switch (site->need) {
  case IPG_NEED_IMPORT_TIME:
    return ipg_arena_printf(st->en.arena, "needed at import time: %s", why);
  case IPG_NEED_NOT_DEFERRABLE:
    if (b && b->group_size > 1)
      return ipg_arena_printf(st->en.arena,
                              "`%s` is bound by %zu imports (a try/except fallback or a "
                              "re-import): not deferred",
                              b->bound ? b->bound : site->to->name, b->group_size);
    return ipg_arena_printf(st->en.arena, "must stay: %s", why);
  default:
    return ipg_arena_printf(st->en.arena, "kept: %s", why);
  }
}

static int consider_edge(engine_state *st, size_t edge_id) {
  const impgraph_graph *g = st->en.g;
  const impgraph_edge *e = &g->edges[edge_id];
  const impgraph_module *from = &g->modules[e->from], *to = &g->modules[e->to];
  if (e->kind != IMPGRAPH_EDGE_EAGER || from->origin != IMPGRAPH_ORIGIN_FIRST_PARTY ||
      !g->scans[e->from] || !e->scope || e->scope[0] != '\0' ||
      (e->flags & (IMPGRAPH_CTX_CLASS_BODY | IMPGRAPH_CTX_FUNCTION)) ||
      !(from->flags & IMPGRAPH_MODULE_IN_STARTUP) || e->import_index == SIZE_MAX)
    return IMPGRAPH_OK;
  ipg_site site;
  memset(&site, 0, sizeof site);
  ipg_vec_init(&site.functions, sizeof(ipg_need_fn));
  site.edge = edge_id;
  site.e = e;
  site.from = from;
  site.to = to;
  site.scan = g->scans[e->from];
  site.imp = impgraph_scan_import(site.scan, e->import_index);
  site.package_init = from->kind == IMPGRAPH_MODULE_PACKAGE;
  site.file = ipg_arena_strdup(st->en.arena, relative_file(st, e->file));
  if (!site.file) {
    ipg_vec_free(&site.functions);
    return IMPGRAPH_ENOMEM;
  }
  st->en.report->info.considered++;
  if (!site.imp ||
      (site.imp->kind != IMPGRAPH_IMPORT_PLAIN && site.imp->kind != IMPGRAPH_IMPORT_FROM)) {
    ipg_vec_free(&site.functions);
    return IMPGRAPH_OK;
  }
  if (!counts(to)) {
    int rc = keep(st, &site,
                  to->kind == IMPGRAPH_MODULE_MISSING
                      ? "missing: not found on the search path, so it costs nothing here"
                  : (to->flags & IMPGRAPH_MODULE_FAILS)
                      ? "fails to import (a module it imports is missing): it is not loaded"
                      : "preloaded: the interpreter has loaded it before the program starts, "
                        "deferring saves nothing",
                  0);
    ipg_vec_free(&site.functions);
    return rc;
  }
  const ipg_use_analysis *a = analysis_of(st, e->from);
  if (!a || !combine_needs(&site, a)) {
    ipg_vec_free(&site.functions);
    return a ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  }
  uint32_t line = 0;
  const char *reason = NULL;
  if (site.need == IPG_NEED_FUNCTIONS)
    reason = runs_anyway(st, &site);
  const ipg_rule *rule = NULL;
  if (!reason)
    for (size_t r = 0; r < sizeof rules / sizeof rules[0] && !rule; r++)
      if (rules[r]->applies(&st->en, &site))
        rule = rules[r];
  if (!rule) {
    if (!reason)
      reason = kept_reason(st, &site, &line);
    int rc = keep(st, &site, reason, line);
    ipg_vec_free(&site.functions);
    return rc;
  }
  ipg_site *stored = ipg_vec_push(&st->sites);
  draft *d = stored ? ipg_vec_push(&st->drafts) : NULL;
  if (!d) {
    ipg_vec_free(&site.functions);
    return IMPGRAPH_ENOMEM;
  }
  *stored = site;
  d->site = st->sites.len - 1;
  d->s.kind = rule->kind;
  d->s.file = site.file;
  d->s.line = e->line;
  d->s.column = e->column;
  d->s.range = site.imp->statement;
  d->s.module = ipg_arena_strdup(st->en.arena, from->name);
  d->s.import = ipg_arena_strdup(st->en.arena, to->name);
  d->s.names = e->names ? ipg_arena_strdup(st->en.arena, e->names) : NULL;
  if (!d->s.module || !d->s.import || (e->names && !d->s.names))
    return IMPGRAPH_ENOMEM;
  d->group_root = st->drafts.len - 1;
  st->site_of_edge[edge_id] = d->site;
  return rule->describe(&st->en, ipg_vec_at(&st->sites, d->site), &d->s);
}

static int keep_cmp(const void *pa, const void *pb) {
  const impgraph_kept_import *a = pa, *b = pb;
  int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
  return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* ---- entries ---- */

static int add_entry(engine_state *st, size_t entry, const char *label, const char *subcommand,
                     const ipg_fnset *base, size_t handler_module, const char *handler) {
  const impgraph_graph *g = st->en.g;
  run_entry *re = ipg_vec_push(&st->entries);
  if (!re)
    return IMPGRAPH_ENOMEM;
  memset(re, 0, sizeof *re);
  re->label = label;
  re->entry = entry;
  re->source = g->entries[entry].module;
  re->subcommand = subcommand;
  ipg_fnset_init(&re->runs);
  ipg_vec_init(&re->fn_edges, sizeof(size_t));
  int rc = IMPGRAPH_OK;
  if (g->entries[entry].function)
    rc = ipg_fnset_add_closure(&re->runs, g, IPG_CALLS_MAY_RUN, re->source,
                               g->entries[entry].function);
  for (size_t i = 0; !rc && base && i < base->items.len; i++) {
    const ipg_fn *f = ipg_vec_at(&base->items, i);
    rc = ipg_fnset_add_closure(&re->runs, g, IPG_CALLS_MAY_RUN, f->module, f->qualname);
  }
  if (!rc && handler)
    rc = ipg_fnset_add_closure(&re->runs, g, IPG_CALLS_MAY_RUN, handler_module, handler);
  if (!rc)
    rc = collect_fn_edges(st, &re->runs, &re->fn_edges);
  return rc;
}

static const char *entry_label(engine_state *st, size_t entry, bool has_commands) {
  const impgraph_entry *e = &st->en.g->entries[entry];
  const char *name = e->script ? e->script : e->spec;
  return has_commands ? ipg_arena_printf(st->en.arena, "%s --help", name)
                      : ipg_arena_strdup(st->en.arena, name);
}

/* The entries, then one per subcommand of a CLI the entry runs. */
static int build_entries(engine_state *st) {
  const impgraph_graph *g = st->en.g;
  int rc = IMPGRAPH_OK;
  st->en.cli_module = NONE;
  for (size_t i = 0; !rc && i < g->entry_count; i++) {
    size_t module = g->entries[i].module;
    const impgraph_scan *scan = g->scans[module];
    size_t commands = scan && !(st->en.cfg->flags & IMPGRAPH_SUGGEST_NO_SUBCOMMANDS)
                          ? impgraph_scan_cli_command_count(scan)
                          : 0;
    size_t base_index = st->entries.len;
    rc = add_entry(st, i, entry_label(st, i, commands > 0), NULL, NULL, NONE, NULL);
    if (rc || !commands)
      continue;
    if (st->en.cli_module == NONE)
      st->en.cli_module = module;
    const impgraph_entry *e = &g->entries[i];
    const char *name = e->script ? e->script : e->spec;
    for (size_t c = 0; !rc && c < commands; c++) {
      const impgraph_cli_command *cmd = impgraph_scan_cli_command(scan, c);
      /* A click/typer root group is the entry itself, not a subcommand. */
      if (!cmd->handler || strchr(cmd->handler, '.') ||
          (e->function && strcmp(cmd->handler, e->function) == 0))
        continue;
      const run_entry *base = ipg_vec_at(&st->entries, base_index);
      ipg_fnset copy_base;
      ipg_fnset_init(&copy_base);
      for (size_t k = 0; !rc && k < base->runs.items.len; k++) {
        const ipg_fn *f = ipg_vec_at(&base->runs.items, k);
        rc = ipg_fnset_add_closure(&copy_base, g, IPG_CALLS_MAY_RUN, f->module, f->qualname);
      }
      if (!rc)
        rc = add_entry(st, i, ipg_arena_printf(st->en.arena, "%s %s", name, cmd->name),
                       ipg_arena_strdup(st->en.arena, cmd->name), &copy_base, module,
                       cmd->handler);
      ipg_fnset_free(&copy_base);
    }
  }
  return rc;
}

static int build_all_run(engine_state *st) {
  run_entry *all = &st->all_run;
  all->site_loads = calloc(st->sites.len + 1, sizeof(bool));
  if (!all->site_loads)
    return IMPGRAPH_ENOMEM;
  for (size_t k = 0; k < st->entries.len; k++) {
    const run_entry *re = ipg_vec_at(&st->entries, k);
    if (re->subcommand)
      continue;
    for (size_t i = 0; i < re->fn_edges.len; i++) {
      size_t *slot = ipg_vec_push(&all->fn_edges);
      if (!slot)
        return IMPGRAPH_ENOMEM;
      *slot = *(size_t *)ipg_vec_at(&re->fn_edges, i);
    }
    for (size_t i = 0; i < st->sites.len; i++)
      all->site_loads[i] |= re->site_loads[i];
  }
  return IMPGRAPH_OK;
}

/* Per entry and site: the site's import still loads in that entry because
   a function it moves into runs there. */
static int mark_site_loads(engine_state *st) {
  for (size_t k = 0; k < st->entries.len; k++) {
    run_entry *re = ipg_vec_at(&st->entries, k);
    re->site_loads = calloc(st->sites.len + 1, sizeof(bool));
    if (!re->site_loads)
      return IMPGRAPH_ENOMEM;
    for (size_t i = 0; i < st->drafts.len; i++) {
      const draft *d = ipg_vec_at(&st->drafts, i);
      const ipg_site *site = ipg_vec_at(&st->sites, d->site);
      for (size_t f = 0; f < d->s.function_count; f++)
        if (ipg_fnset_has(&re->runs, site->e->from, d->s.functions[f]))
          re->site_loads[d->site] = true;
    }
  }
  return build_all_run(st);
}

/* ---- groups: minimum cuts over the deferrable edges ---- */

static size_t find_root(engine_state *st, size_t i) {
  draft *d = ipg_vec_at(&st->drafts, i);
  while (d->group_root != i) {
    i = d->group_root;
    d = ipg_vec_at(&st->drafts, i);
  }
  return i;
}

static void unite(engine_state *st, size_t a, size_t b) {
  a = find_root(st, a);
  b = find_root(st, b);
  if (a != b)
    ((draft *)ipg_vec_at(&st->drafts, a > b ? a : b))->group_root = a < b ? a : b;
}

static size_t draft_of_site(engine_state *st, size_t site) {
  for (size_t i = 0; i < st->drafts.len; i++)
    if (((draft *)ipg_vec_at(&st->drafts, i))->site == site)
      return i;
  return NONE;
}

/* For every module that a site imports and that deferring all sites drops,
   the smallest set of sites whose deferral drops it (a minimum cut with the
   other imports uncuttable): when it has more than one site importing the
   module itself, those sites save only together and form one group (the
   cut's other sites, imports of other modules, are left to their own). Only the sites' own targets are
   cut for: a module deep in the graph (logging, say) is reached through
   many unrelated imports, and grouping them all would hide which change
   saves what; such modules are counted in the savings of whichever group
   finally drops them. Cuts larger than MAX_GROUP sites are not merged. */
#define MAX_GROUP 8

static int form_groups(engine_state *st, const bool *all_deferred) {
  const impgraph_graph *g = st->en.g;
  size_t source = g->module_count;
  int64_t cost;
  bool *before = malloc(st->vertex_count * sizeof(bool));
  bool *tried = calloc(st->vertex_count, sizeof(bool));
  double *cap = malloc((st->be_count + 1) * sizeof(double));
  size_t *cut = malloc((st->be_count + 1) * sizeof(size_t));
  int rc = before && tried && cap && cut ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  if (!rc)
    rc = reach(st, source, NULL, &st->all_run, &cost, NULL);
  if (!rc) {
    memcpy(before, st->reached, st->vertex_count * sizeof(bool));
    rc = reach(st, source, all_deferred, &st->all_run, &cost, NULL);
  }
  for (size_t i = 0; !rc && i < st->sites.len; i++) {
    size_t m = ((const ipg_site *)ipg_vec_at(&st->sites, i))->e->to;
    if (tried[m] || !before[m] || st->reached[m])
      continue;
    tried[m] = true;
    for (size_t k = 0; k < st->be_count; k++) {
      size_t e = st->be_edge[k];
      /* Among cuts of one size, prefer the module's own importers. */
      cap[k] = e == NONE || st->site_of_edge[e] == NONE ? INFINITE_CAPACITY
               : st->be_to[k] == m                     ? 0.999
                                                       : 1.0;
    }
    double value = 0;
    size_t cut_count = 0;
    rc = ipg_ig_min_cut(st->vertex_count, st->be_from, st->be_to, cap, st->be_count, source, m,
                        &value, cut, &cut_count, st->err);
    if (rc || value >= INFINITE_CAPACITY || cut_count < 2 || cut_count > MAX_GROUP)
      continue;
    /* Only the imports of the module itself are joined ("imported eagerly
       from two places"). A cut may also run through other suggestions'
       imports (`import pdb`, where pdb imports the module too): those are
       not joined, since they save on their own, but the module's own
       imports still save only together. */
    size_t direct = 0;
    for (size_t k = 0; k < cut_count; k++)
      direct += st->be_to[cut[k]] == m;
    if (direct < 2)
      continue;
    size_t first = NONE;
    for (size_t k = 0; k < cut_count; k++) {
      if (st->be_to[cut[k]] != m)
        continue;
      size_t e = st->be_edge[cut[k]];
      size_t d = e == NONE || st->site_of_edge[e] == NONE ? NONE
                                                           : draft_of_site(st, st->site_of_edge[e]);
      if (d == NONE)
        continue;
      if (first == NONE)
        first = d;
      else
        unite(st, first, d);
    }
  }
  free(before);
  free(tried);
  free(cap);
  free(cut);
  return rc;
}

/* ---- savings ---- */

typedef struct group_acc {
  size_t root;
  int64_t savings;
  int64_t *entry_savings;
  ipg_vec members; /* draft indices */
  bool filtered;
} group_acc;

static int group_cmp(const void *pa, const void *pb) {
  const group_acc *a = pa, *b = pb;
  if (a->savings != b->savings)
    return a->savings < b->savings ? 1 : -1;
  return (a->root > b->root) - (a->root < b->root);
}

/* Savings of deferring exactly the drafts whose mask is set, on the start-up
   of all entries and of each entry. */
static int savings_of(engine_state *st, const bool *mask, int64_t base_all, const int64_t *base,
                      int64_t *all, int64_t *per_entry) {
  int64_t cost;
  int rc = reach(st, st->en.g->module_count, mask, &st->all_run, &cost, NULL);
  if (rc)
    return rc;
  *all = base_all - cost;
  for (size_t k = 0; per_entry && k < st->entries.len; k++) {
    const run_entry *re = ipg_vec_at(&st->entries, k);
    rc = reach(st, re->source, mask, re, &cost, NULL);
    if (rc)
      return rc;
    per_entry[k] = base[k] - cost;
  }
  return IMPGRAPH_OK;
}

/* What the masked sites save when every other site is deferred already:
   raises *all and per_entry[] to it where it is larger. */
static int savings_last(engine_state *st, const bool *mask, int64_t *per_entry, int64_t *all) {
  size_t n = st->sites.len;
  bool *others = calloc(n + 1, sizeof(bool));
  bool *every = calloc(n + 1, sizeof(bool));
  if (!others || !every) {
    free(others);
    free(every);
    return IMPGRAPH_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    others[i] = !mask[i];
    every[i] = true;
  }
  int64_t with_others, with_all;
  int rc = reach(st, st->en.g->module_count, others, &st->all_run, &with_others, NULL);
  if (!rc)
    rc = reach(st, st->en.g->module_count, every, &st->all_run, &with_all, NULL);
  if (!rc && with_others - with_all > *all)
    *all = with_others - with_all;
  for (size_t k = 0; !rc && k < st->entries.len; k++) {
    const run_entry *re = ipg_vec_at(&st->entries, k);
    rc = reach(st, re->source, others, re, &with_others, NULL);
    if (!rc)
      rc = reach(st, re->source, every, re, &with_all, NULL);
    if (!rc && with_others - with_all > per_entry[k])
      per_entry[k] = with_others - with_all;
  }
  free(others);
  free(every);
  return rc;
}

/* Modules dropped by deferring the masked sites, heaviest first. */
typedef struct dropped_mod {
  size_t id;
  int64_t weight;
} dropped_mod;

static int dropped_cmp(const void *pa, const void *pb) {
  const dropped_mod *a = pa, *b = pb;
  if (a->weight != b->weight)
    return a->weight < b->weight ? 1 : -1;
  return (a->id > b->id) - (a->id < b->id);
}

static int fill_dropped(engine_state *st, const bool *mask, const bool *before,
                        impgraph_suggestion *s) {
  const impgraph_graph *g = st->en.g;
  int64_t cost;
  int rc = reach(st, g->module_count, mask, &st->all_run, &cost, NULL);
  if (rc)
    return rc;
  dropped_mod *list = malloc((g->module_count + 1) * sizeof *list);
  if (!list)
    return IMPGRAPH_ENOMEM;
  size_t n = 0;
  for (size_t m = 0; m < g->module_count; m++)
    if (before[m] && !st->reached[m] && counts(&g->modules[m]))
      list[n++] = (dropped_mod){m, st->weight[m]};
  qsort(list, n, sizeof *list, dropped_cmp);
  const char **names = n ? ipg_arena_alloc(st->en.arena, n * sizeof(char *)) : NULL;
  if (n && !names) {
    free(list);
    return IMPGRAPH_ENOMEM;
  }
  for (size_t i = 0; i < n; i++)
    names[i] = g->modules[list[i].id].name; /* copied below */
  for (size_t i = 0; i < n; i++)
    if (!(names[i] = ipg_arena_strdup(st->en.arena, names[i]))) {
      free(list);
      return IMPGRAPH_ENOMEM;
    }
  s->dropped = names;
  s->dropped_count = n;
  free(list);
  return IMPGRAPH_OK;
}

static int suggestion_cmp(const void *pa, const void *pb) {
  const impgraph_suggestion *a = pa, *b = pb;
  if (a->group != b->group)
    return (a->group > b->group) - (a->group < b->group);
  int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
  if (c)
    return c;
  if (a->line != b->line)
    return (a->line > b->line) - (a->line < b->line);
  return strcmp(a->import, b->import);
}

static int finish_groups(engine_state *st) {
  const impgraph_graph *g = st->en.g;
  impgraph_suggestions *rep = st->en.report;
  size_t entry_count = st->entries.len;
  size_t draft_count = st->drafts.len;
  int64_t base_all = 0;
  int64_t *base = calloc(entry_count + 1, sizeof(int64_t));
  size_t *base_modules = calloc(entry_count + 1, sizeof(size_t));
  bool *mask = calloc(st->sites.len + 1, sizeof(bool));
  bool *before = malloc(st->vertex_count * sizeof(bool));
  group_acc *groups = calloc(draft_count + 1, sizeof(group_acc));
  int rc = base && base_modules && mask && before && groups ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  for (size_t k = 0; !rc && k < entry_count; k++) {
    const run_entry *re = ipg_vec_at(&st->entries, k);
    rc = reach(st, re->source, NULL, re, &base[k], &base_modules[k]);
  }
  if (!rc)
    rc = reach(st, g->module_count, NULL, &st->all_run, &base_all, NULL);
  if (!rc)
    memcpy(before, st->reached, st->vertex_count * sizeof(bool));
  /* Groups and their joint savings. */
  size_t group_count = 0;
  for (size_t i = 0; !rc && i < draft_count; i++) {
    size_t root = find_root(st, i);
    size_t gi = 0;
    while (gi < group_count && groups[gi].root != root)
      gi++;
    if (gi == group_count) {
      groups[gi].root = root;
      ipg_vec_init(&groups[gi].members, sizeof(size_t));
      group_count++;
    }
    size_t *slot = ipg_vec_push(&groups[gi].members);
    if (!slot)
      rc = IMPGRAPH_ENOMEM;
    else
      *slot = i;
  }
  for (size_t gi = 0; !rc && gi < group_count; gi++) {
    group_acc *ga = &groups[gi];
    memset(mask, 0, (st->sites.len + 1) * sizeof(bool));
    for (size_t k = 0; k < ga->members.len; k++)
      mask[((draft *)ipg_vec_at(&st->drafts, *(size_t *)ipg_vec_at(&ga->members, k)))->site] = true;
    ga->entry_savings = ipg_arena_alloc(st->en.arena, (entry_count + 1) * sizeof(int64_t));
    if (!ga->entry_savings) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
    rc = savings_of(st, mask, base_all, base, &ga->savings, ga->entry_savings);
    /* Applied first it may save nothing (a module it drops is still
       imported through another suggestion's import: `decimal` through
       `statistics`); applied last, with every other suggestion, it does.
       The larger of the two is the group's saving. */
    if (!rc)
      rc = savings_last(st, mask, ga->entry_savings, &ga->savings);
  }
  if (!rc)
    qsort(groups, group_count, sizeof *groups, group_cmp);
  /* Filtering: too small, or beyond --top. */
  size_t kept_groups = 0;
  for (size_t gi = 0; !rc && gi < group_count; gi++) {
    group_acc *ga = &groups[gi];
    int64_t best = ga->savings;
    for (size_t k = 0; k < entry_count; k++)
      if (ga->entry_savings[k] > best)
        best = ga->entry_savings[k];
    ga->filtered = best < st->en.cfg->min_savings_us || best <= 0 ||
                   (st->en.cfg->top && kept_groups >= st->en.cfg->top);
    if (ga->filtered)
      rep->info.filtered += ga->members.len;
    else
      kept_groups++;
  }
  /* Predicted start-up with every kept group applied. */
  memset(mask, 0, (st->sites.len + 1) * sizeof(bool));
  for (size_t gi = 0; !rc && gi < group_count; gi++)
    for (size_t k = 0; !groups[gi].filtered && k < groups[gi].members.len; k++)
      mask[((draft *)ipg_vec_at(&st->drafts, *(size_t *)ipg_vec_at(&groups[gi].members, k)))
               ->site] = true;
  if (!rc) {
    int64_t cost;
    rc = reach(st, g->module_count, mask, &st->all_run, &cost, NULL);
    rep->info.startup_us = base_all;
    rep->info.predicted_startup_us = cost;
  }
  for (size_t k = 0; !rc && k < entry_count; k++) {
    const run_entry *re = ipg_vec_at(&st->entries, k);
    impgraph_report_entry *out = ipg_vec_push(&rep->entries);
    if (!out) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
    out->label = re->label;
    out->entry = re->entry;
    out->subcommand = re->subcommand;
    out->startup_us = base[k];
    out->module_count = base_modules[k];
    rc = reach(st, re->source, mask, re, &out->predicted_startup_us, &out->predicted_module_count);
  }
  /* The report: kept groups in rank order, their members. */
  size_t group_id = 0;
  for (size_t gi = 0; !rc && gi < group_count; gi++) {
    group_acc *ga = &groups[gi];
    if (ga->filtered)
      continue;
    memset(mask, 0, (st->sites.len + 1) * sizeof(bool));
    for (size_t k = 0; k < ga->members.len; k++)
      mask[((draft *)ipg_vec_at(&st->drafts, *(size_t *)ipg_vec_at(&ga->members, k)))->site] = true;
    impgraph_suggestion proto;
    memset(&proto, 0, sizeof proto);
    rc = fill_dropped(st, mask, before, &proto);
    size_t *members = ipg_arena_alloc(st->en.arena, ga->members.len * sizeof(size_t));
    if (!rc && !members)
      rc = IMPGRAPH_ENOMEM;
    for (size_t k = 0; !rc && k < ga->members.len; k++) {
      draft *d = ipg_vec_at(&st->drafts, *(size_t *)ipg_vec_at(&ga->members, k));
      bool *alone = calloc(st->sites.len + 1, sizeof(bool));
      if (!alone) {
        rc = IMPGRAPH_ENOMEM;
        break;
      }
      alone[d->site] = true;
      int64_t alone_saving = 0;
      rc = savings_of(st, alone, base_all, base, &alone_saving, NULL);
      free(alone);
      d->s.group = group_id;
      d->s.savings_us = ga->savings;
      d->s.savings_alone_us = alone_saving;
      d->s.dropped = proto.dropped;
      d->s.dropped_count = proto.dropped_count;
      impgraph_suggestion *out = ipg_vec_push(&rep->suggestions);
      if (!out)
        rc = IMPGRAPH_ENOMEM;
      else
        *out = d->s;
    }
    impgraph_suggestion_group *out = rc ? NULL : ipg_vec_push(&rep->groups);
    if (!rc && !out)
      rc = IMPGRAPH_ENOMEM;
    if (out) {
      out->member_count = ga->members.len;
      out->members = members;
      out->savings_us = ga->savings;
      out->entry_savings_us = ga->entry_savings;
    }
    group_id++;
  }
  if (!rc && rep->suggestions.len) { /* qsort(NULL, 0) is undefined */
    qsort(rep->suggestions.data, rep->suggestions.len, sizeof(impgraph_suggestion),
          suggestion_cmp);
    /* Members as indices into the sorted suggestions. */
    size_t *fill = calloc(rep->groups.len + 1, sizeof(size_t));
    if (!fill)
      rc = IMPGRAPH_ENOMEM;
    for (size_t i = 0; !rc && i < rep->suggestions.len; i++) {
      const impgraph_suggestion *s = ipg_vec_at(&rep->suggestions, i);
      impgraph_suggestion_group *grp = ipg_vec_at(&rep->groups, s->group);
      ((size_t *)grp->members)[fill[s->group]++] = i;
    }
    free(fill);
  }
  for (size_t gi = 0; gi < group_count; gi++)
    ipg_vec_free(&groups[gi].members);
  free(groups);
  free(before);
  free(mask);
  free(base);
  free(base_modules);
  return rc;
}

/* ---- the run ---- */

static void state_free(engine_state *st) {
  const impgraph_graph *g = st->en.g;
  for (size_t i = 0; st->analyses && i < g->module_count; i++)
    ipg_use_analysis_free(st->analyses[i]);
  free(st->analyses);
  for (size_t i = 0; i < st->sites.len; i++)
    ipg_vec_free(&((ipg_site *)ipg_vec_at(&st->sites, i))->functions);
  ipg_vec_free(&st->sites);
  ipg_vec_free(&st->drafts);
  for (size_t i = 0; i < st->entries.len; i++) {
    run_entry *re = ipg_vec_at(&st->entries, i);
    ipg_fnset_free(&re->runs);
    ipg_vec_free(&re->fn_edges);
    free(re->site_loads);
  }
  ipg_vec_free(&st->entries);
  ipg_fnset_free(&st->all_run.runs);
  ipg_vec_free(&st->all_run.fn_edges);
  free(st->all_run.site_loads);
  ipg_fnset_free(&st->en.import_time);
  free(st->en.runs);
  free(st->en.run_subcommand);
  free(st->weight);
  free(st->be_from);
  free(st->be_to);
  free(st->be_edge);
  free(st->site_of_edge);
  free(st->q_from);
  free(st->q_to);
  free(st->reached);
}

static const char *mechanism_line(const ipg_suggest_cfg *cfg, ipg_arena *a) {
  if (ipg_version_at_least(cfg->min_major, cfg->min_minor, 3, 15))
    return ipg_arena_printf(a, "PEP 810 `lazy import` for imports used only in functions: every "
                               "supported version (%d.%d+) has it",
                            cfg->min_major, cfg->min_minor);
  if (ipg_version_at_least(cfg->target_major, cfg->target_minor, 3, 15))
    return ipg_arena_printf(a, "imports move into the functions that use them: Python %d.%d has no "
                               "`lazy import` (`__lazy_modules__` would defer them on 3.15+ only)",
                            cfg->min_major, cfg->min_minor);
  return ipg_arena_printf(a, "imports move into the functions that use them: `lazy import` needs "
                             "Python 3.15 (supported: %d.%d+)",
                          cfg->min_major, cfg->min_minor);
}

int ipg_suggest_run(impgraph_suggestions **out, const impgraph_graph *g, const ipg_suggest_cfg *cfg,
                    impgraph_error *err) {
  *out = NULL;
  impgraph_suggestions *rep = malloc(sizeof *rep);
  if (!rep)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  ipg_suggestions_init(rep);
  engine_state st;
  memset(&st, 0, sizeof st);
  st.en.g = g;
  st.en.cfg = cfg;
  st.en.report = rep;
  st.en.arena = &rep->arena;
  st.err = err;
  st.vertex_count = g->module_count + 1;
  ipg_fnset_init(&st.en.import_time);
  ipg_vec_init(&st.sites, sizeof(ipg_site));
  ipg_vec_init(&st.drafts, sizeof(draft));
  ipg_vec_init(&st.entries, sizeof(run_entry));
  ipg_fnset_init(&st.all_run.runs);
  ipg_vec_init(&st.all_run.fn_edges, sizeof(size_t));
  st.weight = calloc(g->module_count + 1, sizeof(int64_t));
  st.analyses = calloc(g->module_count + 1, sizeof(ipg_use_analysis *));
  st.site_of_edge = malloc((g->edge_count + 1) * sizeof(size_t));
  int rc = st.weight && st.analyses && st.site_of_edge ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  for (size_t e = 0; !rc && e < g->edge_count; e++)
    st.site_of_edge[e] = NONE;
  impgraph_suggest_info *info = &rep->info;
  if (!rc) {
    fill_weights(&st);
    info->min_major = cfg->min_major;
    info->min_minor = cfg->min_minor;
    info->target_major = cfg->target_major;
    info->target_minor = cfg->target_minor;
    info->versions_from = ipg_arena_strdup(&rep->arena, cfg->versions_from ? cfg->versions_from : "");
    info->mechanism = mechanism_line(cfg, &rep->arena);
    const char *command = cfg->profile_command     ? cfg->profile_command
                          : info->measured && g->weights ? g->weights->command
                                                         : NULL;
    if (command && !(info->profile_command = ipg_arena_strdup(&rep->arena, command)))
      rc = IMPGRAPH_ENOMEM;
  }
  for (size_t m = 0; !rc && m < g->module_count; m++)
    if (g->modules[m].origin == IMPGRAPH_ORIGIN_FIRST_PARTY && g->scans[m])
      rc = ipg_fnset_add_import_time(&st.en.import_time, g, m);
  if (!rc)
    rc = build_base_edges(&st);
  if (!rc)
    rc = build_entries(&st);
  if (!rc) {
    st.en.run_count = st.entries.len;
    st.en.runs = calloc(st.entries.len + 1, sizeof(ipg_fnset *));
    st.en.run_subcommand = calloc(st.entries.len + 1, sizeof(char *));
    if (!st.en.runs || !st.en.run_subcommand)
      rc = IMPGRAPH_ENOMEM;
    for (size_t k = 0; !rc && k < st.entries.len; k++) {
      run_entry *re = ipg_vec_at(&st.entries, k);
      st.en.runs[k] = &re->runs;
      st.en.run_subcommand[k] = re->subcommand;
    }
  }
  for (size_t e = 0; !rc && e < g->edge_count; e++)
    rc = consider_edge(&st, e);
  if (!rc)
    rc = mark_site_loads(&st);
  bool *all = rc ? NULL : calloc(st.sites.len + 1, sizeof(bool));
  if (!rc && !all)
    rc = IMPGRAPH_ENOMEM;
  for (size_t i = 0; !rc && i < st.sites.len; i++)
    all[i] = true;
  if (!rc)
    rc = form_groups(&st, all);
  free(all);
  if (!rc)
    rc = finish_groups(&st);
  if (!rc && rep->kept.len)
    qsort(rep->kept.data, rep->kept.len, sizeof(impgraph_kept_import), keep_cmp);
  state_free(&st);
  if (rc) {
    impgraph_suggestions_free(rep);
    if (rc == IMPGRAPH_ENOMEM)
      return ipg_fail(err, rc, "out of memory");
    return rc;
  }
  *out = rep;
  ipg_ok(err);
  return IMPGRAPH_OK;
}
