/* Modules whose import raises ImportError.
 *
 * A module fails when its module-level code imports, unconditionally and
 * outside any `try` that catches ImportError, a module that is missing for
 * a definite reason or that fails itself, or when its parent package fails
 * (importing `a.b` imports `a` first). Python then removes it from
 * sys.modules: it is not loaded, the imports it ran before the failing one
 * stay loaded, those after it never run, and the `except ImportError:`
 * fallback of an import of it runs instead.
 *
 * Computed as a least fixpoint from the definitely missing modules
 * backwards over those "eligible" edges (breadth-first, so each failing
 * module gets a rank: its distance from a missing module). A module is in
 * sys.modules while it runs, so an import cycle alone never makes a module
 * fail; and a module's failing import is the first eligible one whose
 * target fails without depending on the module: a target in another
 * strongly connected component of the eligible edges (it cannot reach the
 * module back), or in the same one with a lower rank. Within a cycle the
 * real failing line depends on which module Python entered first; the rank
 * picks an order that is well founded. A submodule that its package imports
 * before the package fails ran while the package was in sys.modules and
 * stays loaded: its PARENT edge is then blocked and the fixpoint computed
 * again (block_parents).
 *
 * Shared by the build (build.c, between rounds of expansion: a fallback
 * whose preferred import fails becomes eager and its target must be
 * scanned), finish.c and impgraph_graph_update_file() (update.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"
#include "graph/values.h"

#define NONE SIZE_MAX

/* An import that raises when its target does and nothing catches it: at
   module level, not conditional, not in a try body that catches
   ImportError, run when the module is imported (EAGER). */
static bool unprotected(const impgraph_edge *e) {
  const uint32_t guarded = IMPGRAPH_CTX_FUNCTION | IMPGRAPH_CTX_LAMBDA |
                           IMPGRAPH_CTX_TYPE_CHECKING | IMPGRAPH_CTX_OPTIONAL |
                           IMPGRAPH_CTX_CONDITIONAL | IMPGRAPH_CTX_LAZY | IMPGRAPH_CTX_DYNAMIC |
                           IMPGRAPH_CTX_FALLBACK;
  if (e->kind == IMPGRAPH_EDGE_PARENT)
    return true;
  return e->kind == IMPGRAPH_EDGE_EAGER && (e->flags & IMPGRAPH_CTX_MODULE) &&
         !(e->flags & guarded);
}

bool ipg_failure_runs_edge(const ipg_failure *f, const impgraph_edge *edges, size_t e) {
  if (f->edge == NONE || edges[e].kind == IMPGRAPH_EDGE_PARENT)
    return true;
  /* Import edges come before the PARENT edge in a module's block: a failing
     parent leaves none of them running. */
  return edges[f->edge].kind != IMPGRAPH_EDGE_PARENT && e <= f->edge;
}

typedef struct fail_work {
  const ipg_fail_input *in;
  bool *blocked;     /* per edge: a PARENT edge that cannot fail its module
                        (the parent imports it before it fails) */
  size_t *rank;      /* per module: distance from a NOT_FOUND module, or NONE */
  size_t *in_first;  /* eligible edges by target: module_count + 1 */
  size_t *in_edges;  /* edge ids */
  size_t *queue;     /* BFS */
  size_t *component; /* strongly connected component of the eligible edges */
  size_t *scc_from, *scc_to;
} fail_work;

static void fail_work_free(fail_work *w) {
  free(w->blocked);
  free(w->rank);
  free(w->in_first);
  free(w->in_edges);
  free(w->queue);
  free(w->component);
  free(w->scc_from);
  free(w->scc_to);
}

static size_t *ids(size_t count) {
  return malloc((count ? count : 1) * sizeof(size_t));
}

/* An edge along which a failure can travel back to its importer. */
static bool eligible(const fail_work *w, size_t id) {
  const impgraph_edge *e = &w->in->edges[id];
  return e->from != e->to && !w->blocked[id] && w->in->state[e->from] == IPG_FAIL_RUNS &&
         w->in->state[e->to] != IPG_FAIL_NEVER && unprotected(e);
}

/* Eligible edges grouped by target (counting sort). */
static int eligible_in_edges(fail_work *w) {
  const ipg_fail_input *in = w->in;
  size_t n = in->module_count, m = in->out_first[n];
  memset(w->in_first, 0, (n + 1) * sizeof *w->in_first);
  for (size_t e = 0; e < m; e++)
    if (eligible(w, e))
      w->in_first[in->edges[e].to + 1]++;
  for (size_t v = 0; v < n; v++)
    w->in_first[v + 1] += w->in_first[v];
  size_t *fill = ids(n);
  if (!fill)
    return IMPGRAPH_ENOMEM;
  memcpy(fill, w->in_first, n * sizeof *fill);
  for (size_t e = 0; e < m; e++)
    if (eligible(w, e))
      w->in_edges[fill[in->edges[e].to]++] = e;
  free(fill);
  return IMPGRAPH_OK;
}

/* Ranks by breadth-first search from the NOT_FOUND modules. */
static void rank_modules(fail_work *w) {
  const ipg_fail_input *in = w->in;
  size_t head = 0, tail = 0;
  for (size_t v = 0; v < in->module_count; v++) {
    w->rank[v] = in->state[v] == IPG_FAIL_NOT_FOUND ? 0 : NONE;
    if (w->rank[v] == 0)
      w->queue[tail++] = v;
  }
  while (head < tail) {
    size_t t = w->queue[head++];
    for (size_t j = w->in_first[t]; j < w->in_first[t + 1]; j++) {
      size_t v = in->edges[w->in_edges[j]].from;
      if (w->rank[v] == NONE) {
        w->rank[v] = w->rank[t] + 1;
        w->queue[tail++] = v;
      }
    }
  }
}

static bool failing(const fail_work *w, size_t v) {
  return w->rank[v] != NONE && w->rank[v] > 0;
}

/* Components of the eligible edges between failing modules. */
static int components(fail_work *w, impgraph_error *err) {
  const ipg_fail_input *in = w->in;
  size_t n = in->module_count, m = in->out_first[n], count = 0;
  for (size_t e = 0; e < m; e++) {
    const impgraph_edge *edge = &in->edges[e];
    if (eligible(w, e) && failing(w, edge->from) && failing(w, edge->to)) {
      w->scc_from[count] = edge->from;
      w->scc_to[count++] = edge->to;
    }
  }
  if (!count) { /* no edge between two failing modules: every one alone */
    for (size_t v = 0; v < n; v++)
      w->component[v] = v;
    return IMPGRAPH_OK;
  }
  size_t component_count = 0;
  return ipg_ig_scc(n, w->scc_from, w->scc_to, count, w->component, &component_count, err);
}

/* Whether edge `e` of failing module v can be its failing import. */
static bool can_fail_through(const fail_work *w, size_t v, size_t e) {
  const ipg_fail_input *in = w->in;
  if (!eligible(w, e))
    return false;
  size_t t = in->edges[e].to;
  if (w->rank[t] == NONE)
    return false;
  return in->state[t] == IPG_FAIL_NOT_FOUND || w->component[t] != w->component[v] ||
         w->rank[t] < w->rank[v];
}

/* The failing edge of v: its PARENT edge first (the parent is imported
   before the module runs), then its imports in order. */
static size_t failing_edge(const fail_work *w, size_t v) {
  const ipg_fail_input *in = w->in;
  size_t first = in->out_first[v], end = in->out_first[v + 1];
  for (size_t e = first; e < end; e++)
    if (in->edges[e].kind == IMPGRAPH_EDGE_PARENT && can_fail_through(w, v, e))
      return e;
  for (size_t e = first; e < end; e++)
    if (in->edges[e].kind != IMPGRAPH_EDGE_PARENT && can_fail_through(w, v, e))
      return e;
  return NONE; /* not reached: a ranked module has an edge to a lower rank */
}

/* Modules failing because their parent package fails, although the parent
   imports them (an EAGER import edge) before its own failing import: they
   ran while the parent was in sys.modules and stay loaded. Their PARENT
   edges are blocked; returns whether any was. Blocking only removes
   failures, which moves failing imports later, so it never has to be
   undone. */
static bool block_parents(fail_work *w, const ipg_failure *failures) {
  const ipg_fail_input *in = w->in;
  bool changed = false;
  for (size_t v = 0; v < in->module_count; v++) {
    size_t f = failures[v].edge;
    if (f == NONE || in->edges[f].kind != IMPGRAPH_EDGE_PARENT)
      continue;
    size_t p = in->edges[f].to, fp = failures[p].edge;
    if (fp == NONE || in->edges[fp].kind == IMPGRAPH_EDGE_PARENT)
      continue; /* the parent runs none of its code */
    for (size_t e = in->out_first[p]; e < fp; e++)
      if (in->edges[e].to == v && in->edges[e].kind == IMPGRAPH_EDGE_EAGER) {
        w->blocked[f] = true;
        changed = true;
        break;
      }
  }
  return changed;
}

/* The missing module at the end of v's chain of failing imports (its
   top-most missing package: what to install). Chains are finite: each step
   goes to another component downstream or to a lower rank. queue[] is
   scratch. */
static void trace_missing(ipg_failure *failures, const ipg_fail_input *in, size_t v,
                          size_t *stack) {
  size_t depth = 0;
  while (failures[v].missing == NONE) {
    stack[depth++] = v;
    size_t t = in->edges[failures[v].edge].to;
    if (in->state[t] == IPG_FAIL_NOT_FOUND) {
      while (in->parent[t] != NONE && in->state[in->parent[t]] == IPG_FAIL_NOT_FOUND)
        t = in->parent[t];
      failures[v].missing = t;
      depth--;
      break;
    }
    v = t;
  }
  size_t missing = failures[v].missing;
  while (depth > 0)
    failures[stack[--depth]].missing = missing;
}

/* One round: failures with the current blocked edges. */
static int compute_round(fail_work *w, ipg_failure *failures, impgraph_error *err) {
  const ipg_fail_input *in = w->in;
  size_t n = in->module_count;
  for (size_t v = 0; v < n; v++)
    failures[v] = (ipg_failure){.edge = NONE, .missing = NONE, .reached = false};
  if (eligible_in_edges(w))
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  rank_modules(w);
  bool any = false;
  for (size_t v = 0; v < n && !any; v++)
    any = failing(w, v);
  if (!any)
    return IMPGRAPH_OK;
  int rc = components(w, err);
  for (size_t v = 0; !rc && v < n; v++)
    if (failing(w, v))
      failures[v].edge = failing_edge(w, v);
  return rc;
}

int ipg_failures_compute(ipg_failure *failures, const ipg_fail_input *in, impgraph_error *err) {
  size_t n = in->module_count, m = in->out_first[n];
  fail_work w;
  memset(&w, 0, sizeof w);
  w.in = in;
  w.blocked = calloc(m ? m : 1, sizeof *w.blocked);
  w.in_first = ids(n + 1);
  w.in_edges = ids(m);
  w.rank = ids(n);
  w.queue = ids(n);
  w.component = ids(n);
  w.scc_from = ids(m);
  w.scc_to = ids(m);
  int rc = IMPGRAPH_OK;
  if (!w.blocked || !w.in_first || !w.in_edges || !w.rank || !w.queue || !w.component ||
      !w.scc_from || !w.scc_to)
    rc = ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  uint8_t *state = NULL; /* in->state with uncaught missing roots cleared */
  ipg_fail_input local = *in;
  for (bool entry_fails = !rc; entry_fails;) {
    entry_fails = false;
    for (bool again = !rc; again;) {
      rc = compute_round(&w, failures, err);
      again = !rc && block_parents(&w, failures);
    }
    for (size_t v = 0; !rc && v < n; v++)
      if (failures[v].edge != NONE)
        trace_missing(failures, w.in, v, w.queue);
    size_t root = NONE;
    for (size_t v = 0; !rc && in->entry && v < n && root == NONE; v++)
      if (in->entry[v] && failures[v].edge != NONE && failures[v].missing != NONE &&
          w.in->state[failures[v].missing] == IPG_FAIL_NOT_FOUND)
        root = failures[v].missing;
    if (root == NONE)
      break;
    if (!state) {
      if (!(state = malloc(n ? n : 1))) {
        rc = ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
        break;
      }
      memcpy(state, in->state, n);
      local.state = state;
      w.in = &local;
    }
    /* The root and every missing module below it stop failing. */
    for (size_t v = 0; v < n; v++) {
      size_t t = v;
      while (t != NONE && t != root)
        t = in->parent[t];
      if (t == root && state[v] == IPG_FAIL_NOT_FOUND)
        state[v] = IPG_FAIL_NEVER;
    }
    memset(w.blocked, 0, (m ? m : 1) * sizeof *w.blocked);
    entry_fails = true;
  }
  for (size_t v = 0; !rc && v < n; v++)
    failures[v].raises = failures[v].edge != NONE || w.in->state[v] == (uint8_t)IPG_FAIL_NOT_FOUND;
  free(state);
  fail_work_free(&w);
  return rc;
}

/* ---- fallbacks ---- */

/* The kind a fallback edge gets from its preferred import's edges (of the
   same module block), or the kind it has when the preferred import has no
   edge (a relative import that could not be made absolute; after an update,
   a module the graph lacks). */
static impgraph_edge_kind fallback_kind(const impgraph_edge *edges, const size_t *out_first,
                                        const impgraph_scan *const *scans, size_t first, size_t end,
                                        size_t preferred, const bool *missing,
                                        const ipg_failure *failures, impgraph_edge_kind kind) {
  bool found = false, runs = true;
  for (size_t k = first; k < end; k++) {
    const impgraph_edge *p = &edges[k];
    if (p->kind == IMPGRAPH_EDGE_PARENT || p->import_index != preferred)
      continue;
    found = true;
    /* Missing, failing, or cut off by an earlier import that raises (the
       handler runs for that one). */
    if (missing[p->to] || failures[p->to].edge != NONE ||
        ipg_skipped_by(edges, out_first, scans, failures, k) != NONE)
      runs = false;
  }
  if (!found)
    return kind;
  return runs ? IMPGRAPH_EDGE_FALLBACK : IMPGRAPH_EDGE_EAGER;
}

size_t ipg_fallback_kinds(impgraph_edge *edges, size_t module_count, const size_t *out_first,
                          const impgraph_scan *const *scans, const bool *missing,
                          const ipg_failure *failures) {
  size_t changed = 0;
  for (size_t v = 0; v < module_count; v++) {
    if (!scans[v])
      continue;
    size_t first = out_first[v], end = out_first[v + 1];
    for (size_t e = first; e < end; e++) {
      impgraph_edge *edge = &edges[e];
      if (!(edge->flags & IMPGRAPH_CTX_FALLBACK) || edge->import_index == NONE ||
          (edge->kind != IMPGRAPH_EDGE_EAGER && edge->kind != IMPGRAPH_EDGE_FALLBACK))
        continue;
      size_t preferred = ipg_scan_preferred(scans[v], edge->import_index);
      impgraph_edge_kind kind = preferred == NONE
                                    ? edge->kind
                                    : fallback_kind(edges, out_first, scans, first, end, preferred,
                                                    missing, failures, edge->kind);
      if (kind != edge->kind) {
        edge->kind = kind;
        changed++;
      }
    }
  }
  return changed;
}

/* ---- on a finished graph ---- */

/* In sys.modules from the start (`__main__`, which no finder finds, is
   one): importing it cannot fail. */
ipg_fail_state ipg_graph_fail_state(const impgraph_graph *g, size_t v) {
  const impgraph_module *m = &g->modules[v];
  if (m->flags & IMPGRAPH_MODULE_PRELOADED)
    return IPG_FAIL_NEVER;
  if (m->kind == IMPGRAPH_MODULE_MISSING)
    return g->not_found && g->not_found[v] ? IPG_FAIL_NOT_FOUND : IPG_FAIL_NEVER;
  return IPG_FAIL_RUNS;
}

int ipg_graph_failures(impgraph_graph *g, const impgraph_scan *const *scans, impgraph_error *err) {
  size_t n = g->module_count;
  uint8_t *state = malloc(n ? n : 1);
  bool *missing = malloc(n ? n : 1);
  bool *entry = malloc(n ? n : 1);
  if (!state || !missing || !entry) {
    free(state);
    free(missing);
    free(entry);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  for (size_t v = 0; v < n; v++) {
    state[v] = (uint8_t)ipg_graph_fail_state(g, v);
    missing[v] = g->modules[v].kind == IMPGRAPH_MODULE_MISSING;
    entry[v] = (g->modules[v].flags & IMPGRAPH_MODULE_IS_ENTRY) != 0;
  }
  ipg_fail_input in = {.module_count = n,
                       .state = state,
                       .edges = g->edges,
                       .out_first = g->out_first,
                       .parent = g->parent,
                       .entry = entry};
  int rc = ipg_failures_compute(g->failures, &in, err);
  if (!rc) {
    ipg_fallback_kinds(g->edges, n, g->out_first,
                       scans ? scans : (const impgraph_scan *const *)g->scans, missing,
                       g->failures);
    for (size_t v = 0; v < n; v++) {
      g->modules[v].flags &= ~(uint32_t)IMPGRAPH_MODULE_FAILS;
      if (g->failures[v].edge != NONE)
        g->modules[v].flags |= IMPGRAPH_MODULE_FAILS;
    }
  }
  free(state);
  free(missing);
  free(entry);
  return rc;
}

static bool fails_note(const impgraph_graph *g, size_t v, impgraph_diagnostic *d, char *buf,
                       size_t size) {
  const ipg_failure *f = &g->failures[v];
  if (f->edge == NONE)
    return false;
  const impgraph_edge *e = &g->edges[f->edge];
  const impgraph_scan *scan = g->scans[v];
  if (e->kind == IMPGRAPH_EDGE_PARENT || !e->file || !scan)
    return false;
  const impgraph_import *rec = impgraph_scan_import(scan, e->import_index);
  char text[160];
  const char *statement = rec ? ipg_record_text(scan, rec, text, sizeof text) : "import";
  const impgraph_module *to = &g->modules[e->to], *missing = &g->modules[f->missing];
  const char *reason = missing->reason ? missing->reason : "not found";
  if (to->kind == IMPGRAPH_MODULE_MISSING)
    snprintf(buf, size,
             "%s: %s fails to import here: %s is missing (%s); its imports after this line "
             "never run and it is not loaded",
             statement, g->modules[v].name, to->name, reason);
  else
    snprintf(buf, size,
             "%s: %s fails to import here: %s fails to import (%s is missing: %s); its imports "
             "after this line never run and it is not loaded",
             statement, g->modules[v].name, to->name, missing->name, reason);
  *d = (impgraph_diagnostic){.severity = IMPGRAPH_SEVERITY_NOTE,
                             .code = "import-fails",
                             .path = e->file,
                             .line = e->line,
                             .column = e->column,
                             .message = buf};
  return true;
}

/* ---- imports cut off by one that raises ---- */

/* Whether importing t from module v raises: t raises, and not because v
   does (v is on t's chain of failing imports: a cycle, where v is in
   sys.modules while t runs). Chains are finite (trace_missing). */
static bool raises_for(const impgraph_edge *edges, const ipg_failure *failures, size_t t,
                       size_t v) {
  if (!failures[t].raises)
    return false;
  for (size_t u = t; failures[u].edge != NONE; u = edges[failures[u].edge].to)
    if (u == v)
      return false;
  return true;
}

size_t ipg_skipped_by(const impgraph_edge *edges, const size_t *out_first,
                      const impgraph_scan *const *scans, const ipg_failure *failures, size_t e) {
  const impgraph_edge *b = &edges[e];
  if (b->kind == IMPGRAPH_EDGE_PARENT || b->import_index == NONE)
    return NONE;
  size_t v = b->from;
  const impgraph_scan *scan = scans[v];
  if (!scan)
    return NONE;
  for (size_t k = out_first[v]; k < e; k++) {
    const impgraph_edge *a = &edges[k];
    if (a->kind != IMPGRAPH_EDGE_EAGER || a->import_index == NONE ||
        a->import_index == b->import_index || !raises_for(edges, failures, a->to, v))
      continue;
    const impgraph_import *ra = impgraph_scan_import(scan, a->import_index);
    const impgraph_import *rb = impgraph_scan_import(scan, b->import_index);
    size_t len = 0;
    const char *text = impgraph_scan_text(scan, &len);
    if (ra && rb && text &&
        ipg_runs_after(text, len, ra->statement.start_byte, ra->statement.end_byte,
                       rb->statement.start_byte))
      return k;
  }
  return NONE;
}

bool ipg_import_raises(const impgraph_graph *g, size_t target, size_t importer) {
  return g->failures && raises_for(g->edges, g->failures, target, importer);
}

size_t ipg_edge_skipped_by(const impgraph_graph *g, size_t e) {
  if (!g->failures || !g->scans)
    return NONE;
  return ipg_skipped_by(g->edges, g->out_first, (const impgraph_scan *const *)g->scans, g->failures,
                        e);
}

static bool skip_note(const impgraph_graph *g, size_t e, impgraph_diagnostic *d, char *buf,
                      size_t size) {
  const impgraph_edge *b = &g->edges[e];
  if (!b->file || (g->modules[b->from].flags & IMPGRAPH_MODULE_PRELOADED) ||
      (e > g->out_first[b->from] && g->edges[e - 1].import_index == b->import_index))
    return false; /* one note per statement: at its first edge */
  if (g->failures && !ipg_failure_runs_edge(&g->failures[b->from], g->edges, e))
    return false; /* past its module's own failing import: its import-fails note says so */
  size_t k = ipg_edge_skipped_by(g, e);
  if (k == NONE)
    return false;
  const impgraph_scan *scan = g->scans[b->from];
  const impgraph_import *rb = impgraph_scan_import(scan, b->import_index);
  const impgraph_import *ra = impgraph_scan_import(scan, g->edges[k].import_index);
  const impgraph_edge *a = &g->edges[k];
  char text[160], before[160];
  ipg_record_text(scan, rb, text, sizeof text);
  ipg_record_text(scan, ra, before, sizeof before);
  const impgraph_module *to = &g->modules[a->to];
  if (to->kind == IMPGRAPH_MODULE_MISSING)
    snprintf(buf, size,
             "%s: never runs: `%s` (line %u) before it raises ImportError (%s is missing: %s)",
             text, before, a->line, to->name, to->reason ? to->reason : "not found");
  else
    snprintf(buf, size,
             "%s: never runs: `%s` (line %u) before it raises ImportError (%s fails to import)",
             text, before, a->line, to->name);
  *d = (impgraph_diagnostic){.severity = IMPGRAPH_SEVERITY_NOTE,
                             .code = "import-skipped",
                             .path = b->file,
                             .line = b->line,
                             .column = b->column,
                             .message = buf};
  return true;
}

bool ipg_failure_note(const impgraph_graph *g, size_t k, impgraph_diagnostic *d, char *buf,
                      size_t size) {
  return k < g->module_count ? fails_note(g, k, d, buf, size)
                             : skip_note(g, k - g->module_count, d, buf, size);
}
