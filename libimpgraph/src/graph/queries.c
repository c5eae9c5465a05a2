/* Read-only queries of a finished graph: accessors, start-up sets, `why`
 * chains, import cycles. Each may run on several threads at once: they read
 * the immutable tables and call igraph through the glue (which serialises
 * igraph itself). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/calls.h"
#include "graph/graph.h"

#define NONE SIZE_MAX

void impgraph_graph_free(impgraph_graph *g) {
  if (!g)
    return;
  ipg_ig_free(g->ig);
  ipg_weights_free(g->weights);
  if (g->calls) {
    ipg_calls_free(g->calls);
    free(g->calls);
  }
  ipg_update_free(g->update, g->module_count);
  for (size_t i = 0; g->scans && i < g->module_count; i++)
    impgraph_scan_free(g->scans[i]);
  ipg_map_free(&g->by_name);
  ipg_probe_free(g->probe);
  ipg_arena_free(&g->arena);
  free(g);
}

void ipg_weights_free(ipg_weights *w) {
  if (!w)
    return;
  for (size_t i = 0; i < w->unmatched_count; i++)
    free(w->unmatched[i]);
  free(w->unmatched);
  free(w->self_us);
  free(w->cumulative_us);
  free(w->measured);
  free(w->edge_observed);
  free(w->command);
  free(w->observed_only);
  free(w);
}

size_t ipg_graph_edge_total(const impgraph_graph *g) {
  return g->edge_count + (g->weights ? g->weights->observed_only_count : 0);
}

const impgraph_edge *ipg_graph_edge_at(const impgraph_graph *g, size_t id) {
  return id < g->edge_count ? &g->edges[id] : &g->weights->observed_only[id - g->edge_count];
}

bool ipg_graph_edge_startup(const impgraph_graph *g, size_t id) {
  if (id >= g->edge_count || !g->followed[id] ||
      g->modules[g->edges[id].to].kind == IMPGRAPH_MODULE_MISSING)
    return false;
  size_t from = g->edges[id].from;
  /* A failing module's imports before the failing one run too. */
  return (g->modules[from].flags & IMPGRAPH_MODULE_IN_STARTUP) || g->failures[from].reached;
}

bool ipg_graph_edge_observed(const impgraph_graph *g, size_t id) {
  if (!g->weights || id >= ipg_graph_edge_total(g))
    return false;
  return id >= g->edge_count || g->weights->edge_observed[id];
}

size_t impgraph_graph_root_count(const impgraph_graph *graph) {
  return graph ? graph->root_count : 0;
}

const char *impgraph_graph_root_search_entry(const impgraph_graph *graph, size_t index) {
  return graph && index < graph->root_count ? graph->roots[index].search_entry : NULL;
}

const char *ipg_graph_module_file(const impgraph_graph *g, size_t v) {
  return g->source && g->source[v] ? g->source[v] : g->modules[v].path;
}

size_t ipg_graph_lookup(const impgraph_graph *g, const char *name) {
  void *v = ipg_map_get(&g->by_name, name);
  return v ? (size_t)(uintptr_t)v - 1 : NONE;
}

size_t ipg_top_level_len(const char *name) {
  const char *dot = strchr(name, '.');
  return dot ? (size_t)(dot - name) : strlen(name);
}

size_t impgraph_graph_module_count(const impgraph_graph *g) {
  return g ? g->module_count : 0;
}

const impgraph_module *impgraph_graph_module(const impgraph_graph *g, size_t id) {
  return g && id < g->module_count ? &g->modules[id] : NULL;
}

int impgraph_graph_find(const impgraph_graph *g, const char *name, size_t *id) {
  if (id)
    *id = NONE;
  if (!g || !name || !id)
    return IMPGRAPH_EINVAL;
  *id = ipg_graph_lookup(g, name);
  return *id == NONE ? IMPGRAPH_ENOTFOUND : IMPGRAPH_OK;
}

const impgraph_scan *impgraph_graph_module_scan(const impgraph_graph *g, size_t id) {
  return g && id < g->module_count ? g->scans[id] : NULL;
}

int impgraph_graph_module_failure(const impgraph_graph *g, size_t id,
                                  impgraph_module_failure *out) {
  if (out)
    memset(out, 0, sizeof *out);
  if (!g || !out)
    return IMPGRAPH_EINVAL;
  if (id >= g->module_count)
    return IMPGRAPH_ERANGE;
  const ipg_failure *f = &g->failures[id];
  if (f->edge == NONE)
    return IMPGRAPH_ENOTFOUND;
  const impgraph_edge *e = &g->edges[f->edge];
  out->edge = f->edge;
  out->line = e->kind == IMPGRAPH_EDGE_PARENT ? 0 : e->line;
  out->imported = e->to;
  out->missing = f->missing;
  return IMPGRAPH_OK;
}

size_t impgraph_graph_edge_count(const impgraph_graph *g) {
  return g ? ipg_graph_edge_total(g) : 0;
}

const impgraph_edge *impgraph_graph_edge(const impgraph_graph *g, size_t id) {
  return g && id < ipg_graph_edge_total(g) ? ipg_graph_edge_at(g, id) : NULL;
}

size_t impgraph_graph_entry_count(const impgraph_graph *g) {
  return g ? g->entry_count : 0;
}

const impgraph_entry *impgraph_graph_entry(const impgraph_graph *g, size_t index) {
  return g && index < g->entry_count ? &g->entries[index] : NULL;
}

size_t impgraph_graph_diagnostic_count(const impgraph_graph *g) {
  return g ? g->diagnostic_count : 0;
}

const impgraph_diagnostic *impgraph_graph_diagnostic(const impgraph_graph *g, size_t index) {
  return g && index < g->diagnostic_count ? &g->diagnostics[index] : NULL;
}

int impgraph_graph_view_init(impgraph_graph_view *view, uint32_t version) {
  if (!view)
    return IMPGRAPH_EINVAL;
  if (version != IMPGRAPH_GRAPH_VIEW_VERSION)
    return IMPGRAPH_EVERSION;
  impgraph_graph_view init = IMPGRAPH_GRAPH_VIEW_INIT;
  *view = init;
  return IMPGRAPH_OK;
}

/* ---- start-up sets ---- */

static size_t *alloc_ids(size_t count) {
  return malloc((count ? count : 1) * sizeof(size_t));
}

int impgraph_graph_startup(size_t **ids, size_t *count, const impgraph_graph *g, size_t entry_index,
                           impgraph_error *err) {
  if (ids)
    *ids = NULL;
  if (count)
    *count = 0;
  if (!ids || !count || !g)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_graph_startup: NULL argument");
  if (entry_index != SIZE_MAX && entry_index >= g->entry_count)
    return ipg_fail(err, IMPGRAPH_ERANGE, "entry %zu out of range (the graph has %zu)", entry_index,
                    g->entry_count);
  size_t *dist = NULL;
  if (entry_index != SIZE_MAX) {
    dist = alloc_ids(g->module_count);
    if (!dist)
      return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
    int rc = ipg_ig_distances(g->ig, true, g->entries[entry_index].module, dist, err);
    if (rc) {
      free(dist);
      return rc;
    }
  }
  size_t *out = alloc_ids(entry_index == SIZE_MAX ? g->startup_count : g->module_count);
  if (!out) {
    free(dist);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  size_t n = 0;
  for (size_t v = 0; v < g->module_count; v++) {
    const impgraph_module *m = &g->modules[v];
    bool in = dist ? dist[v] != NONE && !(m->flags & IMPGRAPH_MODULE_PRELOADED) &&
                         m->kind != IMPGRAPH_MODULE_MISSING && !(m->flags & IMPGRAPH_MODULE_FAILS)
                   : (m->flags & IMPGRAPH_MODULE_IN_STARTUP) != 0;
    if (in)
      out[n++] = v;
  }
  free(dist);
  *ids = out;
  *count = n;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

/* ---- why ---- */

/* Why failing module `id` is not loaded (returns IMPGRAPH_ENOTFOUND). */
static int fails_to_import(const impgraph_graph *g, size_t id, impgraph_error *err) {
  const impgraph_module *m = &g->modules[id];
  const ipg_failure *f = &g->failures[id];
  const impgraph_edge *e = &g->edges[f->edge];
  const impgraph_module *to = &g->modules[e->to], *missing = &g->modules[f->missing];
  const char *reason = missing->reason ? missing->reason : "not found";
  const char *runs = f->reached ? "it is imported, runs until then and is removed from "
                                  "sys.modules"
                                : "it is not imported at start-up either";
  if (e->kind == IMPGRAPH_EDGE_PARENT)
    return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                    "%s is not loaded at start-up: it fails to import, because its parent "
                    "package %s fails to import (%s is missing: %s)",
                    m->name, to->name, missing->name, reason);
  if (to->kind == IMPGRAPH_MODULE_MISSING)
    return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                    "%s is not loaded at start-up: it fails to import at %s:%u, where it "
                    "imports %s, which is missing (%s); %s",
                    m->name, e->file ? e->file : "?", e->line, to->name, reason, runs);
  return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                  "%s is not loaded at start-up: it fails to import at %s:%u, where it imports "
                  "%s, which fails to import (%s is missing: %s); %s",
                  m->name, e->file ? e->file : "?", e->line, to->name, missing->name, reason, runs);
}

int ipg_graph_not_loaded(const impgraph_graph *g, size_t id, impgraph_error *err) {
  const impgraph_module *m = &g->modules[id];
  const char *name = m->name;
  if (m->flags & IMPGRAPH_MODULE_PRELOADED)
    return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                    "%s is not loaded by the program: the interpreter has loaded it before the "
                    "program starts (preloaded)",
                    name);
  if (m->kind == IMPGRAPH_MODULE_MISSING)
    return ipg_fail(err, IMPGRAPH_ENOTFOUND, "%s is not loaded at start-up: it is missing (%s)",
                    name, m->reason ? m->reason : "not found");
  if (m->flags & IMPGRAPH_MODULE_FAILS)
    return fails_to_import(g, id, err);
  bool kinds[IPG_EDGE_KIND_COUNT] = {false};
  size_t cut = NONE;                /* an eager import that a failure of its importer stops */
  size_t skipped = NONE, by = NONE; /* one an earlier import that raises cuts off */
  for (size_t j = g->in_first[id]; j < g->in_first[id + 1]; j++) {
    const impgraph_edge *e = &g->edges[g->in_edges[j]];
    kinds[e->kind] = true;
    if (cut == NONE && e->kind == IMPGRAPH_EDGE_EAGER && g->failures[e->from].reached &&
        !ipg_failure_runs_edge(&g->failures[e->from], g->edges, g->in_edges[j]))
      cut = g->in_edges[j];
    if (skipped == NONE && e->kind == IMPGRAPH_EDGE_EAGER &&
        (g->modules[e->from].flags & IMPGRAPH_MODULE_IN_STARTUP) &&
        (by = ipg_edge_skipped_by(g, g->in_edges[j])) != NONE)
      skipped = g->in_edges[j];
  }
  if (cut != NONE) {
    const impgraph_edge *e = &g->edges[cut];
    const impgraph_edge *f = &g->edges[g->failures[e->from].edge];
    if (f->kind == IMPGRAPH_EDGE_PARENT)
      return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                      "%s is not loaded at start-up: %s imports it at %s:%u, but fails to "
                      "import before that (its parent package %s fails), and no module loaded "
                      "at start-up imports it",
                      name, g->modules[e->from].name, e->file ? e->file : "?", e->line,
                      g->modules[f->to].name);
    return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                    "%s is not loaded at start-up: %s imports it at %s:%u, but fails to import "
                    "before that (at line %u, importing %s), and no module loaded at start-up "
                    "imports it",
                    name, g->modules[e->from].name, e->file ? e->file : "?", e->line, f->line,
                    g->modules[f->to].name);
  }
  if (skipped != NONE) {
    const impgraph_edge *e = &g->edges[skipped], *a = &g->edges[by];
    return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                    "%s is not loaded at start-up: %s imports it at %s:%u, but its import of "
                    "%s at line %u raises ImportError before that (%s), and no module loaded "
                    "at start-up imports it",
                    name, g->modules[e->from].name, e->file ? e->file : "?", e->line,
                    g->modules[a->to].name, a->line,
                    g->modules[a->to].kind == IMPGRAPH_MODULE_MISSING ? "it is missing"
                                                                      : "it fails to import");
  }
  if (kinds[IMPGRAPH_EDGE_EAGER] || kinds[IMPGRAPH_EDGE_PARENT] || kinds[IMPGRAPH_EDGE_NATIVE] ||
      kinds[IMPGRAPH_EDGE_CALLED])
    return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                    "%s is not loaded at start-up: the modules importing it eagerly (or in "
                    "functions run at import time) are not loaded at start-up themselves",
                    name);
  const char *ways[8];
  size_t n = 0;
  if (kinds[IMPGRAPH_EDGE_FUNCTION])
    ways[n++] = "inside functions";
  if (kinds[IMPGRAPH_EDGE_LAZY])
    ways[n++] = "lazily";
  if (kinds[IMPGRAPH_EDGE_TYPE_CHECKING])
    ways[n++] = "under TYPE_CHECKING";
  if (kinds[IMPGRAPH_EDGE_MAIN])
    ways[n++] = "under if __name__ == \"__main__\"";
  if (kinds[IMPGRAPH_EDGE_FALLBACK])
    ways[n++] = "as an except-ImportError fallback whose preferred import works";
  if (kinds[IMPGRAPH_EDGE_UNTAKEN])
    ways[n++] = "under branches this interpreter does not take";
  if (kinds[IMPGRAPH_EDGE_HANDLER])
    ways[n++] = "in except handlers that run only when something raises";
  if (kinds[IMPGRAPH_EDGE_IF_LOADED])
    ways[n++] = "under conditions that hold only when it is already loaded "
                "(`if \"M\" in sys.modules:`)";
  if (!n)
    return ipg_fail(err, IMPGRAPH_ENOTFOUND, "%s is not loaded at start-up: nothing imports it",
                    name);
  char list[512] = "";
  for (size_t i = 0; i < n; i++) {
    strcat(list, i == 0 ? "" : i + 1 == n ? " or " : ", ");
    strcat(list, ways[i]);
  }
  /* Which condition keeps the first untaken import from running. */
  char example[384] = "";
  for (size_t j = g->in_first[id]; j < g->in_first[id + 1] && kinds[IMPGRAPH_EDGE_UNTAKEN]; j++) {
    const impgraph_edge *e = &g->edges[g->in_edges[j]];
    char why[256];
    if (e->kind != IMPGRAPH_EDGE_UNTAKEN || !e->file ||
        !*ipg_untaken_reason(g, g->scans[e->from], e->import_index, why, sizeof why))
      continue;
    snprintf(example, sizeof example, " (%s:%u: %s)", e->file, e->line, why);
    break;
  }
  return ipg_fail(err, IMPGRAPH_ENOTFOUND, "%s is not loaded at start-up: it is imported only %s%s",
                  name, list, example);
}

/* The lowest followed edge id from -> to (the first import site). */
static size_t first_followed_edge(const impgraph_graph *g, size_t from, size_t to) {
  for (size_t e = g->out_first[from]; e < g->out_first[from + 1]; e++)
    if (g->followed[e] && g->edges[e].to == to)
      return e;
  return NONE;
}

typedef struct chains {
  size_t *edges;
  size_t edge_len, edge_cap;
  size_t *lengths;
  size_t count;
} chains;

static bool chains_reserve(chains *c, size_t extra) {
  if (c->edge_len + extra <= c->edge_cap)
    return true;
  size_t cap = c->edge_cap ? c->edge_cap : 16;
  while (cap < c->edge_len + extra)
    cap *= 2;
  size_t *grown = realloc(c->edges, cap * sizeof *grown);
  if (!grown)
    return false;
  c->edges = grown;
  c->edge_cap = cap;
  return true;
}

/* One chain: a shortest path to `via`, then the edge `last`. */
static int add_chain(chains *c, const impgraph_graph *g, size_t via, size_t last, size_t *path,
                     impgraph_error *err) {
  size_t len = 0;
  int rc = ipg_ig_startup_path(g->ig, via, path, &len, err);
  if (rc)
    return rc;
  if (len == NONE)
    return ipg_fail(err, IMPGRAPH_EINTERNAL, "no start-up path to %s", g->modules[via].name);
  if (!chains_reserve(c, len + 1))
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  for (size_t i = 0; i < len; i++) {
    /* igraph picks some parallel edge; report the first import site. */
    size_t e = first_followed_edge(g, g->edges[path[i]].from, g->edges[path[i]].to);
    c->edges[c->edge_len++] = e == NONE ? path[i] : e;
  }
  c->edges[c->edge_len++] = last;
  c->lengths[c->count++] = len + 1;
  return IMPGRAPH_OK;
}

static int why_chains(chains *c, const impgraph_graph *g, size_t id, size_t max_chains,
                      impgraph_error *err) {
  size_t n = g->module_count;
  size_t *dist = alloc_ids(n), *path = alloc_ids(n);
  int rc = dist && path ? ipg_ig_distances(g->ig, true, SIZE_MAX, dist, err)
                        : ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  size_t last_from = NONE;
  for (size_t j = g->in_first[id]; !rc && j < g->in_first[id + 1]; j++) {
    if (max_chains && c->count >= max_chains)
      break;
    size_t e = g->in_edges[j];
    size_t from = g->edges[e].from;
    /* in_edges ascend by edge id, so one importer's edges are adjacent and
       the first is its first import site. */
    if (!g->followed[e] || from == last_from || dist[from] == NONE || dist[from] + 1 != dist[id])
      continue;
    last_from = from;
    rc = add_chain(c, g, from, e, path, err);
  }
  free(dist);
  free(path);
  return rc;
}

int impgraph_graph_why(size_t **edge_ids, size_t **chain_lengths, size_t *chain_count,
                       const impgraph_graph *g, const char *module, size_t max_chains,
                       impgraph_error *err) {
  if (edge_ids)
    *edge_ids = NULL;
  if (chain_lengths)
    *chain_lengths = NULL;
  if (chain_count)
    *chain_count = 0;
  if (!edge_ids || !chain_lengths || !chain_count || !g || !module)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_graph_why: NULL argument");
  size_t id = ipg_graph_lookup(g, module);
  if (id == NONE)
    return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                    "%s is not a module of the graph: nothing reachable from the entries "
                    "imports it",
                    module);
  const impgraph_module *m = &g->modules[id];
  if (!(m->flags & IMPGRAPH_MODULE_IN_STARTUP))
    return ipg_graph_not_loaded(g, id, err);
  size_t in_degree = g->in_first[id + 1] - g->in_first[id];
  chains c = {.lengths = alloc_ids(in_degree + 1)};
  if (!c.lengths)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  int rc = IMPGRAPH_OK;
  if (m->flags & IMPGRAPH_MODULE_IS_ENTRY)
    c.lengths[c.count++] = 0; /* the shortest chain: none */
  else
    rc = why_chains(&c, g, id, max_chains, err);
  if (!rc && !c.edges && !(c.edges = alloc_ids(0)))
    rc = ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  if (rc) {
    free(c.edges);
    free(c.lengths);
    return rc;
  }
  *edge_ids = c.edges;
  *chain_lengths = c.lengths;
  *chain_count = c.count;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

/* ---- cycles ---- */

/* Edges that can close an import cycle: they run while modules are imported
   or used (not TYPE_CHECKING; not MAIN, which runs in a module that is
   __main__, not the module others import), are explicit (not PARENT) and
   join two first-party modules. */
static bool cycle_edge(const impgraph_graph *g, const impgraph_edge *e) {
  return (e->kind == IMPGRAPH_EDGE_EAGER || e->kind == IMPGRAPH_EDGE_FUNCTION ||
          e->kind == IMPGRAPH_EDGE_CALLED || e->kind == IMPGRAPH_EDGE_LAZY) &&
         g->modules[e->from].origin == IMPGRAPH_ORIGIN_FIRST_PARTY &&
         g->modules[e->to].origin == IMPGRAPH_ORIGIN_FIRST_PARTY;
}

typedef struct cycle_work {
  size_t *from, *to, *edge_id; /* the candidate edges */
  size_t edge_count;
  size_t *member;   /* component per module */
  size_t *size;     /* modules per component */
  bool *self_loop;  /* per component */
  size_t *cycle_of; /* component -> cycle index, or NONE */
} cycle_work;

static void cycle_work_free(cycle_work *w) {
  free(w->from);
  free(w->to);
  free(w->edge_id);
  free(w->member);
  free(w->size);
  free(w->self_loop);
  free(w->cycle_of);
}

static int components(cycle_work *w, const impgraph_graph *g, size_t *component_count,
                      impgraph_error *err) {
  size_t n = g->module_count, m = g->edge_count;
  w->from = alloc_ids(m);
  w->to = alloc_ids(m);
  w->edge_id = alloc_ids(m);
  w->member = alloc_ids(n);
  if (!w->from || !w->to || !w->edge_id || !w->member)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  for (size_t e = 0; e < m; e++) {
    if (!cycle_edge(g, &g->edges[e]))
      continue;
    w->from[w->edge_count] = g->edges[e].from;
    w->to[w->edge_count] = g->edges[e].to;
    w->edge_id[w->edge_count++] = e;
  }
  int rc = ipg_ig_scc(n, w->from, w->to, w->edge_count, w->member, component_count, err);
  if (rc)
    return rc;
  w->size = calloc(*component_count ? *component_count : 1, sizeof *w->size);
  w->self_loop = calloc(*component_count ? *component_count : 1, sizeof *w->self_loop);
  w->cycle_of = alloc_ids(*component_count);
  if (!w->size || !w->self_loop || !w->cycle_of)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  for (size_t v = 0; v < n; v++)
    w->size[w->member[v]]++;
  for (size_t i = 0; i < w->edge_count; i++)
    if (w->from[i] == w->to[i])
      w->self_loop[w->member[w->from[i]]] = true;
  return IMPGRAPH_OK;
}

int impgraph_graph_cycles(size_t **module_ids, size_t **module_counts, size_t **edge_ids,
                          size_t **edge_counts, size_t *cycle_count, const impgraph_graph *g,
                          impgraph_error *err) {
  size_t **outs[] = {module_ids, module_counts, edge_ids, edge_counts};
  for (size_t i = 0; i < 4; i++)
    if (outs[i])
      *outs[i] = NULL;
  if (cycle_count)
    *cycle_count = 0;
  if (!module_ids || !module_counts || !edge_ids || !edge_counts || !cycle_count || !g)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_graph_cycles: NULL argument");
  cycle_work w;
  memset(&w, 0, sizeof w);
  size_t component_count = 0;
  int rc = components(&w, g, &component_count, err);
  if (rc) {
    cycle_work_free(&w);
    return rc;
  }
  /* Cycles numbered by their first module (ids are in name order). */
  size_t cycles = 0, members = 0, inner_edges = 0;
  for (size_t c = 0; c < component_count; c++)
    w.cycle_of[c] = NONE;
  for (size_t v = 0; v < g->module_count; v++) {
    size_t c = w.member[v];
    if (w.size[c] < 2 && !w.self_loop[c])
      continue;
    if (w.cycle_of[c] == NONE)
      w.cycle_of[c] = cycles++;
    members++;
  }
  for (size_t i = 0; i < w.edge_count; i++)
    inner_edges +=
        w.member[w.from[i]] == w.member[w.to[i]] && w.cycle_of[w.member[w.from[i]]] != NONE;
  size_t *mods = alloc_ids(members), *mod_counts = calloc(cycles ? cycles : 1, sizeof(size_t));
  size_t *edges = alloc_ids(inner_edges), *edge_cnt = calloc(cycles ? cycles : 1, sizeof(size_t));
  size_t *mod_at = alloc_ids(cycles), *edge_at = alloc_ids(cycles);
  if (!mods || !mod_counts || !edges || !edge_cnt || !mod_at || !edge_at) {
    size_t *all[] = {mods, mod_counts, edges, edge_cnt, mod_at, edge_at};
    for (size_t i = 0; i < 6; i++)
      free(all[i]);
    cycle_work_free(&w);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  for (size_t v = 0; v < g->module_count; v++)
    if (w.cycle_of[w.member[v]] != NONE)
      mod_counts[w.cycle_of[w.member[v]]]++;
  for (size_t i = 0; i < w.edge_count; i++)
    if (w.member[w.from[i]] == w.member[w.to[i]] && w.cycle_of[w.member[w.from[i]]] != NONE)
      edge_cnt[w.cycle_of[w.member[w.from[i]]]]++;
  size_t mod_pos = 0, edge_pos = 0;
  for (size_t k = 0; k < cycles; k++) {
    mod_at[k] = mod_pos;
    edge_at[k] = edge_pos;
    mod_pos += mod_counts[k];
    edge_pos += edge_cnt[k];
  }
  for (size_t v = 0; v < g->module_count; v++) {
    size_t k = w.cycle_of[w.member[v]];
    if (k != NONE)
      mods[mod_at[k]++] = v;
  }
  for (size_t i = 0; i < w.edge_count; i++) {
    size_t k = w.cycle_of[w.member[w.from[i]]];
    if (w.member[w.from[i]] == w.member[w.to[i]] && k != NONE)
      edges[edge_at[k]++] = w.edge_id[i];
  }
  free(mod_at);
  free(edge_at);
  cycle_work_free(&w);
  *module_ids = mods;
  *module_counts = mod_counts;
  *edge_ids = edges;
  *edge_counts = edge_cnt;
  *cycle_count = cycles;
  ipg_ok(err);
  return IMPGRAPH_OK;
}
