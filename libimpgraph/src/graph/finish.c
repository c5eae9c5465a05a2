/* Turning the build tables into the immutable graph: module ids in name
 * order, edges in (importer, import site) order, both independent of the
 * order in which the workers finished; in/out adjacency; flags of missing
 * modules; the igraph side; the start-up set of all entries. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "graph/build.h"
#include "graph/calls.h"

#define NONE SIZE_MAX

typedef struct named {
  const char *name;
  size_t id;
} named;

static int by_name(const void *a, const void *b) {
  return strcmp(((const named *)a)->name, ((const named *)b)->name);
}

int ipg_bedge_order(const void *pa, const void *pb) {
  const ipg_bedge *a = pa, *b = pb;
  if (a->from != b->from)
    return a->from < b->from ? -1 : 1;
  bool pa_parent = a->kind == IMPGRAPH_EDGE_PARENT, pb_parent = b->kind == IMPGRAPH_EDGE_PARENT;
  if (pa_parent != pb_parent)
    return pa_parent ? 1 : -1;
  if (a->import_index != b->import_index)
    return a->import_index < b->import_index ? -1 : 1;
  if (a->sub != b->sub)
    return a->sub < b->sub ? -1 : 1;
  if (a->to != b->to)
    return a->to < b->to ? -1 : 1;
  return 0;
}

static int str_order(const char *a, const char *b) {
  if (!a || !b)
    return a ? 1 : b ? -1 : 0;
  return strcmp(a, b);
}

int ipg_diagnostic_order(const void *pa, const void *pb) {
  const impgraph_diagnostic *a = pa, *b = pb;
  int c = str_order(a->path, b->path);
  if (c)
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  if (a->severity != b->severity)
    return a->severity < b->severity ? -1 : 1;
  if ((c = str_order(a->code, b->code)))
    return c;
  return str_order(a->message, b->message);
}

static size_t *arena_ids(ipg_arena *arena, size_t count) {
  return ipg_arena_alloc(arena, (count ? count : 1) * sizeof(size_t));
}

/* Modules in name order; returns the old -> new id map (malloc'd). */
static size_t *renumber(ipg_builder *b) {
  impgraph_graph *g = b->g;
  size_t n = b->nodes.len;
  named *order = malloc((n ? n : 1) * sizeof *order);
  size_t *new_id = malloc((n ? n : 1) * sizeof *new_id);
  g->modules = ipg_arena_alloc(&g->arena, (n ? n : 1) * sizeof *g->modules);
  g->scans = ipg_arena_alloc(&g->arena, (n ? n : 1) * sizeof *g->scans);
  g->parent = arena_ids(&g->arena, n);
  g->runs_as_main = ipg_arena_alloc(&g->arena, (n ? n : 1) * sizeof *g->runs_as_main);
  g->not_found = ipg_arena_alloc(&g->arena, (n ? n : 1) * sizeof *g->not_found);
  g->source = ipg_arena_alloc(&g->arena, (n ? n : 1) * sizeof *g->source);
  if (!order || !new_id || !g->modules || !g->scans || !g->parent || !g->runs_as_main ||
      !g->not_found || !g->source) {
    free(order);
    free(new_id);
    return NULL;
  }
  memset(g->scans, 0, (n ? n : 1) * sizeof *g->scans);
  g->module_count = n; /* from here on impgraph_graph_free frees the scans */
  for (size_t i = 0; i < n; i++)
    order[i] = (named){IPG_BNODE(b, i)->name, i};
  qsort(order, n, sizeof *order, by_name);
  for (size_t i = 0; i < n; i++)
    new_id[order[i].id] = i;
  for (size_t i = 0; i < n; i++) {
    ipg_bnode *node = IPG_BNODE(b, order[i].id);
    impgraph_module *m = &g->modules[i];
    memset(m, 0, sizeof *m);
    m->name = node->name;
    m->kind = node->kind;
    m->origin = node->origin;
    m->flags = node->flags;
    m->path = node->path;
    g->source[i] = node->source;
    m->reason = node->reason;
    g->scans[i] = node->scan;
    node->scan = NULL; /* moved into the graph */
    g->runs_as_main[i] = node->runs_as_main;
    g->not_found[i] = node->not_found;
    g->parent[i] = node->parent == NONE ? NONE : new_id[node->parent];
    if (ipg_map_put(&g->by_name, m->name, (void *)(uintptr_t)(i + 1))) {
      free(order);
      free(new_id);
      return NULL;
    }
  }
  free(order);
  return new_id;
}

/* The size of every module's file, for the estimates: what the scanner read
   for scanned modules would do, but a stat also covers the modules that are
   not scanned (function-level imports, extensions, bytecode). Modules
   submitted to the pool were stat'ed then. A member of a zip archive cannot
   be stat'ed: its scan, if any, says how long it is. */
static int record_file_sizes(ipg_builder *b, const size_t *new_id) {
  impgraph_graph *g = b->g;
  size_t n = g->module_count;
  g->file_size = ipg_arena_alloc(&g->arena, (n ? n : 1) * sizeof *g->file_size);
  bool *known = calloc(n ? n : 1, sizeof *known);
  if (!g->file_size || !known) {
    free(known);
    return IMPGRAPH_ENOMEM;
  }
  for (size_t id = 0; id < n; id++) {
    const ipg_bnode *node = IPG_BNODE(b, id);
    if (node->file_size_known) {
      g->file_size[new_id[id]] = node->file_size;
      known[new_id[id]] = true;
    }
  }
  for (size_t v = 0; v < n; v++) {
    const impgraph_module *m = &g->modules[v];
    struct stat st;
    size_t scanned = 0;
    if (known[v])
      continue;
    if (m->path && stat(m->path, &st) == 0 && S_ISREG(st.st_mode))
      g->file_size[v] = (uint64_t)st.st_size;
    else if (g->scans[v] && impgraph_scan_text(g->scans[v], &scanned))
      g->file_size[v] = scanned;
    else
      g->file_size[v] = 0;
  }
  free(known);
  return IMPGRAPH_OK;
}

static int build_edges(ipg_builder *b, const size_t *new_id) {
  impgraph_graph *g = b->g;
  size_t count = b->edges.len;
  ipg_bedge *sorted = malloc((count ? count : 1) * sizeof *sorted);
  g->edges = ipg_arena_alloc(&g->arena, (count ? count : 1) * sizeof *g->edges);
  if (!sorted || !g->edges) {
    free(sorted);
    return IMPGRAPH_ENOMEM;
  }
  for (size_t i = 0; i < count; i++) {
    sorted[i] = *IPG_BEDGE(b, i);
    sorted[i].from = new_id[sorted[i].from];
    sorted[i].to = new_id[sorted[i].to];
  }
  qsort(sorted, count, sizeof *sorted, ipg_bedge_order);
  for (size_t i = 0; i < count; i++) {
    const ipg_bedge *s = &sorted[i];
    /* PARENT and NATIVE edges have no import site. */
    bool site = s->kind != IMPGRAPH_EDGE_PARENT && s->kind != IMPGRAPH_EDGE_NATIVE;
    g->edges[i] = (impgraph_edge){.from = s->from,
                                  .to = s->to,
                                  .kind = s->kind,
                                  .flags = site ? s->flags : 0,
                                  .file = site ? ipg_graph_module_file(g, s->from) : NULL,
                                  .line = site ? s->line : 0,
                                  .column = site ? s->column : 0,
                                  .names = s->names,
                                  .scope = site ? (s->scope ? s->scope : "") : NULL,
                                  .import_index = s->import_index,
                                  .call_module = NONE};
  }
  g->edge_count = count;
  free(sorted);
  return IMPGRAPH_OK;
}

int ipg_graph_fill_adjacency(const impgraph_graph *g, size_t *out_first, size_t *in_first,
                             size_t *in_edges) {
  size_t n = g->module_count, m = g->edge_count;
  size_t *fill = malloc((n ? n : 1) * sizeof *fill);
  if (!fill)
    return IMPGRAPH_ENOMEM;
  memset(out_first, 0, (n + 1) * sizeof(size_t));
  memset(in_first, 0, (n + 1) * sizeof(size_t));
  for (size_t e = 0; e < m; e++) {
    out_first[g->edges[e].from + 1]++;
    in_first[g->edges[e].to + 1]++;
  }
  for (size_t v = 0; v < n; v++) {
    out_first[v + 1] += out_first[v];
    in_first[v + 1] += in_first[v];
  }
  memcpy(fill, in_first, n * sizeof *fill);
  for (size_t e = 0; e < m; e++)
    in_edges[fill[g->edges[e].to]++] = e;
  free(fill);
  return IMPGRAPH_OK;
}

static int build_adjacency(impgraph_graph *g) {
  size_t n = g->module_count, m = g->edge_count;
  g->out_first = arena_ids(&g->arena, n + 1);
  g->in_first = arena_ids(&g->arena, n + 1);
  g->in_edges = arena_ids(&g->arena, m);
  if (!g->out_first || !g->in_first || !g->in_edges)
    return IMPGRAPH_ENOMEM;
  return ipg_graph_fill_adjacency(g, g->out_first, g->in_first, g->in_edges);
}

static size_t depth_of(const char *name) {
  size_t d = 0;
  for (; *name; name++)
    d += *name == '.';
  return d;
}

static int deeper_first(const void *pa, const void *pb) {
  const named *a = pa, *b = pb;
  size_t da = depth_of(a->name), db = depth_of(b->name);
  if (da != db)
    return da > db ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* MISSING_OPTIONAL / _CONDITIONAL / _TYPE_CHECKING: what every import naming
   a missing module (or one of its missing submodules, through PARENT edges)
   has in common. Children are handled before their parents. */
typedef struct missing_agg {
  bool any, optional, conditional, type_checking;
} missing_agg;

int ipg_graph_missing_flags(impgraph_graph *g) {
  const uint32_t all = IMPGRAPH_MODULE_MISSING_OPTIONAL | IMPGRAPH_MODULE_MISSING_CONDITIONAL |
                       IMPGRAPH_MODULE_MISSING_TYPE_CHECKING;
  size_t count = 0;
  for (size_t v = 0; v < g->module_count; v++) {
    g->modules[v].flags &= ~all;
    count += g->modules[v].kind == IMPGRAPH_MODULE_MISSING;
  }
  if (!count)
    return IMPGRAPH_OK;
  named *order = malloc(count * sizeof *order);
  missing_agg *agg = calloc(g->module_count, sizeof *agg);
  if (!order || !agg) {
    free(order);
    free(agg);
    return IMPGRAPH_ENOMEM;
  }
  size_t k = 0;
  for (size_t v = 0; v < g->module_count; v++)
    if (g->modules[v].kind == IMPGRAPH_MODULE_MISSING)
      order[k++] = (named){g->modules[v].name, v};
  qsort(order, count, sizeof *order, deeper_first);
  for (size_t i = 0; i < count; i++) {
    size_t v = order[i].id;
    missing_agg a = {false, true, true, true};
    for (size_t j = g->in_first[v]; j < g->in_first[v + 1]; j++) {
      const impgraph_edge *e = &g->edges[g->in_edges[j]];
      if (e->kind == IMPGRAPH_EDGE_PARENT) {
        const missing_agg *child = &agg[e->from];
        if (!child->any)
          continue;
        a.any = true;
        a.optional = a.optional && child->optional;
        a.conditional = a.conditional && child->conditional;
        a.type_checking = a.type_checking && child->type_checking;
        continue;
      }
      a.any = true;
      a.optional = a.optional && (e->flags & IMPGRAPH_CTX_OPTIONAL);
      a.conditional = a.conditional && (e->flags & IMPGRAPH_CTX_CONDITIONAL);
      a.type_checking = a.type_checking && e->kind == IMPGRAPH_EDGE_TYPE_CHECKING;
    }
    agg[v] = a;
    if (!a.any)
      continue;
    uint32_t *flags = &g->modules[v].flags;
    if (a.optional)
      *flags |= IMPGRAPH_MODULE_MISSING_OPTIONAL;
    if (a.conditional)
      *flags |= IMPGRAPH_MODULE_MISSING_CONDITIONAL;
    if (a.type_checking)
      *flags |= IMPGRAPH_MODULE_MISSING_TYPE_CHECKING;
  }
  free(order);
  free(agg);
  return IMPGRAPH_OK;
}

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

static int build_entries(ipg_builder *b, const size_t *new_id) {
  impgraph_graph *g = b->g;
  size_t count = b->entries.len;
  g->entries = ipg_arena_alloc(&g->arena, (count ? count : 1) * sizeof *g->entries);
  g->entry_modules = arena_ids(&g->arena, count);
  if (!g->entries || !g->entry_modules)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < count; i++) {
    g->entries[i] = *(impgraph_entry *)ipg_vec_at(&b->entries, i);
    g->entries[i].module = new_id[g->entries[i].module];
    g->entry_modules[i] = g->entries[i].module;
  }
  g->entry_count = count;
  qsort(g->entry_modules, count, sizeof(size_t), cmp_size);
  size_t distinct = 0;
  for (size_t i = 0; i < count; i++)
    if (!distinct || g->entry_modules[distinct - 1] != g->entry_modules[i])
      g->entry_modules[distinct++] = g->entry_modules[i];
  g->entry_module_count = distinct;
  return IMPGRAPH_OK;
}

/* An edge to a missing module is followed too: it loads nothing itself,
   but `import a.b` imports `a` before it finds no `a.b` (the PARENT edges
   of the missing module), and a module that fails runs until its failing
   import. Without failures (the build's view of its tables) a module that
   fails is followed whole. */
bool ipg_graph_edge_followable(const impgraph_graph *g, size_t e) {
  const impgraph_edge *edge = &g->edges[e];
  return !(g->modules[edge->from].flags & IMPGRAPH_MODULE_PRELOADED) &&
         (!g->failures || (ipg_failure_runs_edge(&g->failures[edge->from], g->edges, e) &&
                           ipg_edge_skipped_by(g, e) == SIZE_MAX));
}

void ipg_graph_fill_followed(const impgraph_graph *g, bool *followed) {
  for (size_t e = 0; e < g->edge_count; e++) {
    const impgraph_edge *edge = &g->edges[e];
    followed[e] = (edge->kind == IMPGRAPH_EDGE_EAGER || edge->kind == IMPGRAPH_EDGE_PARENT ||
                   edge->kind == IMPGRAPH_EDGE_NATIVE || edge->kind == IMPGRAPH_EDGE_CALLED) &&
                  ipg_graph_edge_followable(g, e);
  }
}

static int mark_followed(impgraph_graph *g) {
  g->followed = ipg_arena_alloc(&g->arena, (g->edge_count ? g->edge_count : 1) * sizeof(bool));
  if (!g->followed)
    return IMPGRAPH_ENOMEM;
  ipg_graph_fill_followed(g, g->followed);
  return IMPGRAPH_OK;
}

int ipg_graph_startup_flags(impgraph_graph *g, impgraph_error *err) {
  size_t *dist = malloc((g->module_count ? g->module_count : 1) * sizeof *dist);
  if (!dist)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  int rc = ipg_ig_distances(g->ig, true, SIZE_MAX, dist, err);
  if (!rc)
    g->startup_count = 0;
  for (size_t v = 0; !rc && v < g->module_count; v++) {
    impgraph_module *m = &g->modules[v];
    m->flags &= ~(uint32_t)IMPGRAPH_MODULE_IN_STARTUP;
    /* A failing module runs up to its failing import, then is removed. */
    g->failures[v].reached = dist[v] != SIZE_MAX && (m->flags & IMPGRAPH_MODULE_FAILS);
    if (dist[v] != SIZE_MAX && !(m->flags & IMPGRAPH_MODULE_PRELOADED) &&
        m->kind != IMPGRAPH_MODULE_MISSING && !(m->flags & IMPGRAPH_MODULE_FAILS)) {
      m->flags |= IMPGRAPH_MODULE_IN_STARTUP;
      g->startup_count++;
    }
  }
  free(dist);
  return rc;
}

/* The failures of the modules, and the fallback kinds and flags that
   follow from them (fails.c). */
static int find_failures(impgraph_graph *g, impgraph_error *err) {
  size_t n = g->module_count;
  g->failures = ipg_arena_alloc(&g->arena, (n ? n : 1) * sizeof *g->failures);
  if (!g->failures)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  return ipg_graph_failures(g, NULL, err);
}

/* An "import-fails" note at each failing module's failing import, and an
   "import-skipped" note at each import an earlier one's failure cuts off. */
static int failure_notes(ipg_builder *b) {
  impgraph_graph *g = b->g;
  char message[512];
  for (size_t k = 0; k < g->module_count + g->edge_count; k++) {
    impgraph_diagnostic d;
    if (!ipg_failure_note(g, k, &d, message, sizeof message))
      continue;
    int rc = ipg_builder_diag(b, d.severity, d.code, d.path, d.line, d.column, "%s", d.message);
    if (rc)
      return rc;
  }
  return IMPGRAPH_OK;
}

static int build_diagnostics(ipg_builder *b) {
  impgraph_graph *g = b->g;
  size_t count = b->diagnostics.len;
  g->diagnostics = ipg_arena_alloc(&g->arena, (count ? count : 1) * sizeof *g->diagnostics);
  if (!g->diagnostics)
    return IMPGRAPH_ENOMEM;
  if (count)
    memcpy(g->diagnostics, b->diagnostics.data, count * sizeof *g->diagnostics);
  qsort(g->diagnostics, count, sizeof *g->diagnostics, ipg_diagnostic_order);
  g->diagnostic_count = count;
  g->dynamic_import_count = b->dynamic_imports;
  return IMPGRAPH_OK;
}

int ipg_builder_finish(ipg_builder *b, impgraph_error *err) {
  impgraph_graph *g = b->g;
  size_t *new_id = renumber(b);
  if (!new_id)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  int rc = build_edges(b, new_id);
  if (!rc)
    rc = build_entries(b, new_id);
  if (!rc)
    rc = record_file_sizes(b, new_id);
  free(new_id);
  if (!rc)
    rc = build_adjacency(g);
  if (rc)
    return ipg_fail(err, rc, "out of memory");
  /* Failures first: they set the fallbacks' kinds and cut failing modules'
     imports off, which the CALLED edges' start-up set follows (CALLED
     edges are function-level: they never make a module fail). */
  if ((rc = find_failures(g, err)))
    return rc;
  rc = ipg_calls_apply(&g->calls, g, g->edges, b->calls_memo);
  if (!rc)
    rc = ipg_graph_missing_flags(g);
  if (!rc)
    rc = mark_followed(g);
  if (!rc)
    rc = failure_notes(b);
  if (!rc)
    rc = build_diagnostics(b);
  if (rc)
    return ipg_fail(err, rc, "out of memory");
  if ((rc = ipg_ig_new(&g->ig, g, err)))
    return rc;
  return ipg_graph_startup_flags(g, err);
}
