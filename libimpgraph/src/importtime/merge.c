/* merge — attaches a start-up profile to a module graph: median
 * self/cumulative times per module (matched by dotted name), the observed
 * flag per static edge (importer -> imported seen in the log), the profile
 * modules the graph does not know, observed-only edges (imports the log
 * shows and no static edge explains) and the reconciliation of the two.
 * Reads the profile through the public API only.
 *
 * Which observed pairs become observed-only edges is a judgement: an edge
 * the static analysis "missed" must be one it could have known about, or
 * the graph fills with noise. Left out (and counted):
 *  - self-imports (a module re-imported while it is being imported);
 *  - pairs with a module preloaded at bare start: their rows are the
 *    interpreter's own start-up (site, encodings, ...), not the program;
 *  - implicit parent-package imports: `from pkg import sub` (whose static
 *    edge goes to pkg.sub only) logs `pkg` under the importer as well, and
 *    3.14's `import a.b.c` logs a `cached` row for `a` too; so a pair whose
 *    target is a package containing a static target of the importer is
 *    the parent chain of that edge;
 *  - imports made by a package's __init__ that the log attributes to the
 *    caller because the package itself was imported without a row
 *    (importlib.import_module() is not timed: see untimed_parent());
 *  - 3.14 `cached` rows whose importer the log leaves ambiguous;
 *  - importers with a source impgraph did not scan (not expanded): their
 *    static edges are unknown, so nothing about them is "observed only".
 * Imports by extension, builtin, frozen and bytecode modules do count: no
 * scan could ever find them. */
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"

#define NONE SIZE_MAX

static int attach_oom(ipg_weights *w, impgraph_error *err) {
  ipg_weights_free(w);
  return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory attaching a profile");
}

static bool has_static_edge(ipg_weights *w, const impgraph_graph *g, size_t from, size_t to) {
  bool found = false;
  for (size_t e = g->out_first[from]; e < g->out_first[from + 1]; e++)
    if (g->edges[e].to == to) {
      w->edge_observed[e] = true;
      found = true;
    }
  return found;
}

/* Whether module `name` is inside `package` (a submodule at any depth). */
static bool inside(const char *name, const char *package) {
  size_t len = strlen(package);
  return strncmp(name, package, len) == 0 && name[len] == '.';
}

/* Whether `package` contains (is a proper prefix package of) a static
   target of `from`: the import of that target loads `package` first. */
static bool implicit_parent(const impgraph_graph *g, size_t from, size_t package) {
  for (size_t e = g->out_first[from]; e < g->out_first[from + 1]; e++)
    if (inside(g->modules[g->edges[e].to].name, g->modules[package].name))
      return true;
  return false;
}

/* Whether `to` was really imported by one of its parent packages, whose
   import the log does not show: importlib.import_module() runs in Python,
   not through the C import that -X importtime times, so `import_module(
   "pkg")` gives `pkg` no row and the imports its __init__ makes appear
   under the caller. A parent package of a loaded module was loaded too; if
   it has no row (and was not preloaded) but a static edge to `to`, that
   edge is the import, not `from` -> `to`. Unless `from` is inside that
   package: then the package was loaded before `from` ran, and `from`'s
   own row is what `to` is nested under. */
static bool untimed_parent(const impgraph_graph *g, const ipg_weights *w, size_t from, size_t to) {
  for (size_t p = g->parent[to]; p != NONE; p = g->parent[p]) {
    if (p == from || w->measured[p] || (g->modules[p].flags & IMPGRAPH_MODULE_PRELOADED) ||
        inside(g->modules[from].name, g->modules[p].name))
      continue;
    for (size_t e = g->out_first[p]; e < g->out_first[p + 1]; e++)
      if (g->edges[e].to == to && g->edges[e].kind != IMPGRAPH_EDGE_PARENT)
        return true;
  }
  return false;
}

/* A module impgraph could have scanned but did not: its imports are not
   known statically. */
static bool unscanned(const impgraph_module *m) {
  return !(m->flags & IMPGRAPH_MODULE_EXPANDED) &&
         (m->kind == IMPGRAPH_MODULE_SOURCE || m->kind == IMPGRAPH_MODULE_PACKAGE);
}

typedef enum pair_fate {
  PAIR_STATIC,
  PAIR_ONLY,
  PAIR_UNSCANNED,
  PAIR_IGNORED,
  PAIR_UNMATCHED
} pair_fate;

static pair_fate classify_pair(ipg_weights *w, const impgraph_graph *g, const char *importer,
                               const char *imported, bool ambiguous, size_t *from, size_t *to) {
  *from = ipg_graph_lookup(g, importer);
  *to = ipg_graph_lookup(g, imported);
  if (*from == NONE || *to == NONE)
    return PAIR_UNMATCHED;
  if (has_static_edge(w, g, *from, *to))
    return PAIR_STATIC;
  const impgraph_module *a = &g->modules[*from], *b = &g->modules[*to];
  if (*from == *to || ambiguous || ((a->flags | b->flags) & IMPGRAPH_MODULE_PRELOADED) ||
      implicit_parent(g, *from, *to) || untimed_parent(g, w, *from, *to))
    return PAIR_IGNORED;
  if (unscanned(a))
    return PAIR_UNSCANNED;
  return PAIR_ONLY;
}

static int by_ends(const void *pa, const void *pb) {
  const impgraph_edge *a = pa, *b = pb;
  if (a->from != b->from)
    return a->from < b->from ? -1 : 1;
  return a->to < b->to ? -1 : a->to > b->to;
}

/* Distinct importer -> imported pairs of the profile (its edges are sorted
   by importer, imported, kind): static edges flagged, observed-only edges
   collected, each pair counted. */
static void merge_pairs(ipg_weights *w, const impgraph_graph *g, const impgraph_profile *p) {
  impgraph_reconciliation *r = &w->reconciliation;
  size_t count = impgraph_profile_edge_count(p);
  for (size_t i = 0; i < count;) {
    const impgraph_observed_edge *first = impgraph_profile_edge(p, i);
    bool ambiguous = true;
    size_t j = i;
    for (; j < count; j++) {
      const impgraph_observed_edge *oe = impgraph_profile_edge(p, j);
      if (strcmp(oe->importer, first->importer) != 0 || strcmp(oe->imported, first->imported) != 0)
        break;
      ambiguous = ambiguous && oe->kind == IMPGRAPH_PROFILE_EDGE_CACHED &&
                  (oe->flags & IMPGRAPH_PROFILE_EDGE_AMBIGUOUS);
    }
    i = j;
    r->observed_pairs++;
    size_t from, to;
    switch (classify_pair(w, g, first->importer, first->imported, ambiguous, &from, &to)) {
    case PAIR_STATIC: r->observed_static++; break;
    case PAIR_UNSCANNED: r->observed_unscanned++; break;
    case PAIR_IGNORED: r->observed_ignored++; break;
    case PAIR_UNMATCHED: r->observed_unmatched++; break;
    case PAIR_ONLY:
      r->observed_only++;
      w->observed_only[w->observed_only_count++] = (impgraph_edge){
          .from = from,
          .to = to,
          .kind = IMPGRAPH_EDGE_OBSERVED_ONLY,
          .import_index = NONE,
          .call_module = NONE};
      break;
    }
  }
  qsort(w->observed_only, w->observed_only_count, sizeof *w->observed_only, by_ends);
}

/* The static side: every EAGER edge inside the start-up set, seen or not
   (and why not); start-up modules loaded or not; modules loaded outside.
   `loaded`: per module, imported successfully in some counted run (a
   failed import is logged like a successful one, so `measured` is not
   enough: `try: import org.python.core` shows up too). */
static void reconcile_static(ipg_weights *w, const impgraph_graph *g, const bool *loaded) {
  impgraph_reconciliation *r = &w->reconciliation;
  for (size_t e = 0; e < g->edge_count; e++) {
    const impgraph_edge *edge = &g->edges[e];
    if (edge->kind != IMPGRAPH_EDGE_EAGER ||
        !(g->modules[edge->from].flags & IMPGRAPH_MODULE_IN_STARTUP) ||
        !(g->modules[edge->to].flags & IMPGRAPH_MODULE_IN_STARTUP))
      continue;
    r->static_eager_edges++;
    if (w->edge_observed[e])
      r->observed++;
    else if (!loaded[edge->from])
      r->never_observed_importer_not_loaded++;
    else if (loaded[edge->to])
      r->never_observed_target_loaded++;
    else
      r->never_observed_target_not_loaded++;
  }
  r->never_observed = r->never_observed_importer_not_loaded + r->never_observed_target_loaded +
                      r->never_observed_target_not_loaded;
  for (size_t v = 0; v < g->module_count; v++) {
    uint32_t flags = g->modules[v].flags;
    if (flags & IMPGRAPH_MODULE_IN_STARTUP) {
      r->startup_modules++;
      r->startup_modules_loaded += loaded[v];
    } else if (loaded[v] && !(flags & IMPGRAPH_MODULE_PRELOADED)) {
      r->loaded_outside_startup++;
      r->loaded_outside_startup_self_us += w->self_us[v];
    }
  }
  r->unmatched_modules = w->unmatched_count;
  r->unmatched_self_us = w->unmatched_self_us;
}

static int copy_module_weights(ipg_weights *w, bool *loaded, const impgraph_graph *g,
                               const impgraph_profile *p) {
  size_t pn = impgraph_profile_module_count(p);
  for (size_t i = 0; i < pn; i++) {
    const impgraph_module_stats *ms = impgraph_profile_module(p, i);
    if (!ms->name || ms->runs == 0)
      continue;
    size_t id = ipg_graph_lookup(g, ms->name);
    if (id == NONE) {
      char *copy = strdup(ms->name);
      if (!copy)
        return IMPGRAPH_ENOMEM;
      w->unmatched[w->unmatched_count++] = copy;
      w->unmatched_self_us += ms->self.median_us;
      continue;
    }
    w->measured[id] = true;
    loaded[id] = ms->failed_runs < ms->runs;
    w->self_us[id] = ms->self.median_us;
    w->cumulative_us[id] = ms->cumulative.median_us;
    if (ms->self.median_us > w->max_self_us)
      w->max_self_us = ms->self.median_us;
  }
  /* A module its parent's C code registers in sys.modules (pyexpat.errors)
     is never imported through the import system, so it has no row: it is
     loaded when its parent is. */
  for (size_t v = 0; v < g->module_count; v++)
    if (g->modules[v].kind == IMPGRAPH_MODULE_REGISTERED && g->parent[v] != NONE)
      loaded[v] = loaded[g->parent[v]];
  /* A top-level one (Cython's cython_runtime, made by PyImport_AddModule)
     when a module whose C code creates it is. */
  for (size_t i = 0; i < g->edge_count; i++) {
    const impgraph_edge *e = &g->edges[i];
    if (e->kind == IMPGRAPH_EDGE_NATIVE && g->modules[e->to].kind == IMPGRAPH_MODULE_REGISTERED &&
        g->parent[e->to] == NONE && loaded[e->from])
      loaded[e->to] = true;
  }
  return IMPGRAPH_OK;
}

int impgraph_graph_attach_profile(impgraph_graph *g, const impgraph_profile *p,
                                  impgraph_error *err) {
  if (!g || !p)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_graph_attach_profile: NULL argument");
  ipg_weights *w = calloc(1, sizeof *w);
  if (!w)
    return attach_oom(NULL, err);
  size_t n = g->module_count ? g->module_count : 1;
  size_t ne = g->edge_count ? g->edge_count : 1;
  size_t pn = impgraph_profile_module_count(p);
  size_t pe = impgraph_profile_edge_count(p);
  w->self_us = calloc(n, sizeof *w->self_us);
  w->cumulative_us = calloc(n, sizeof *w->cumulative_us);
  w->measured = calloc(n, sizeof *w->measured);
  w->edge_observed = calloc(ne, sizeof *w->edge_observed);
  w->unmatched = calloc(pn ? pn : 1, sizeof *w->unmatched);
  w->observed_only = calloc(pe ? pe : 1, sizeof *w->observed_only);
  bool *loaded = calloc(n, sizeof *loaded);
  if (!w->self_us || !w->cumulative_us || !w->measured || !w->edge_observed || !w->unmatched ||
      !w->observed_only || !loaded || copy_module_weights(w, loaded, g, p)) {
    free(loaded);
    return attach_oom(w, err);
  }
  const impgraph_profile_info *info = impgraph_profile_summary(p);
  if (info->command_count) {
    ipg_buf command;
    ipg_buf_init(&command);
    ipg_buf_put_command(&command, info->command, info->command_count);
    w->command = command.failed ? NULL : ipg_buf_take(&command, NULL);
    ipg_buf_free(&command);
    if (!w->command) {
      free(loaded);
      return attach_oom(w, err);
    }
  }
  merge_pairs(w, g, p);
  reconcile_static(w, g, loaded);
  free(loaded);
  ipg_weights_free(g->weights);
  g->weights = w;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

int impgraph_graph_module_weight(const impgraph_graph *g, size_t id, int64_t *self_us,
                                 int64_t *cumulative_us) {
  if (!g || id >= g->module_count)
    return IMPGRAPH_ERANGE;
  if (!g->weights || !g->weights->measured[id])
    return IMPGRAPH_ENOTFOUND;
  if (self_us)
    *self_us = g->weights->self_us[id];
  if (cumulative_us)
    *cumulative_us = g->weights->cumulative_us[id];
  return IMPGRAPH_OK;
}

int impgraph_graph_edge_observed(const impgraph_graph *g, size_t edge_id) {
  return g && ipg_graph_edge_observed(g, edge_id);
}

int impgraph_graph_has_profile(const impgraph_graph *g) {
  return g && g->weights;
}

const impgraph_reconciliation *impgraph_graph_reconciliation(const impgraph_graph *g) {
  return g && g->weights ? &g->weights->reconciliation : NULL;
}

size_t impgraph_graph_unmatched_count(const impgraph_graph *g) {
  return g && g->weights ? g->weights->unmatched_count : 0;
}

const char *impgraph_graph_unmatched(const impgraph_graph *g, size_t index) {
  if (!g || !g->weights || index >= g->weights->unmatched_count)
    return NULL;
  return g->weights->unmatched[index];
}

int64_t impgraph_graph_unmatched_self_us(const impgraph_graph *g) {
  return g && g->weights ? g->weights->unmatched_self_us : 0;
}
