/* The only file that calls igraph.
 *
 * Two facts about igraph shape this file:
 *  - its default error handler aborts the process and its warning handler
 *    prints to stderr; a library must do neither. Every igraph call below
 *    runs between quiet_begin() and quiet_end(), which install handlers that
 *    only record the error (IGRAPH_FINALLY_FREE, as igraph requires) and
 *    put the caller's handlers back afterwards; errors become impgraph
 *    status codes.
 *  - Debian's igraph 0.10.2 is built with IGRAPH_THREAD_SAFE 0: the error
 *    and warning handlers and the FINALLY stack that every igraph function
 *    uses for cleanup are process globals. impgraph has no global state
 *    except here: one process-wide static mutex (`igraph_lock`, statically
 *    initialised, so no init call) serialises every igraph call made by
 *    impgraph. It is the single, documented exception to "no global state"
 *    (docs/api, graph/README.md). Graph queries are therefore safe from
 *    several threads but their igraph parts run one at a time. A host
 *    program that itself calls igraph on other threads at the same time is
 *    not protected by this lock (igraph offers no way to share one).
 *    When igraph is built thread-safe the lock is skipped.
 */
#include <igraph.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"

#if IGRAPH_THREAD_SAFE
#define IPG_IGRAPH_NEEDS_LOCK 0
#else
#define IPG_IGRAPH_NEEDS_LOCK 1
static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;
#endif

struct ipg_ig {
  size_t module_count;
  igraph_t all;             /* every edge; vertex module_count -> entries */
  igraph_t startup;         /* followed edges only; same extra vertex */
  size_t *startup_edge_ids; /* igraph edge id of `startup` -> graph edge id
                               (SIZE_MAX for the extra vertex's edges) */
  bool has_all, has_startup;
};

/* ---- quiet handlers ---- */

typedef struct quiet_state {
  igraph_error_handler_t *old_error;
  igraph_warning_handler_t *old_warning;
} quiet_state;

static void quiet_error(const char *reason, const char *file, int line, igraph_error_t code) {
  (void)reason;
  (void)file;
  (void)line;
  (void)code;
  /* What igraph_error_handler_ignore does, without its printing. */
  IGRAPH_FINALLY_FREE();
}

static void quiet_warning(const char *reason, const char *file, int line) {
  (void)reason;
  (void)file;
  (void)line;
}

static void quiet_begin(quiet_state *st) {
#if IPG_IGRAPH_NEEDS_LOCK
  pthread_mutex_lock(&igraph_lock);
#endif
  st->old_error = igraph_set_error_handler(quiet_error);
  st->old_warning = igraph_set_warning_handler(quiet_warning);
}

static void quiet_end(quiet_state *st) {
  igraph_set_error_handler(st->old_error);
  igraph_set_warning_handler(st->old_warning);
#if IPG_IGRAPH_NEEDS_LOCK
  pthread_mutex_unlock(&igraph_lock);
#endif
}

static int translate(igraph_error_t code, const char *what, impgraph_error *err) {
  if (code == IGRAPH_SUCCESS)
    return IMPGRAPH_OK;
  if (code == IGRAPH_ENOMEM)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory (igraph %s)", what);
  return ipg_fail(err, IMPGRAPH_EINTERNAL, "igraph %s failed: %s", what, igraph_strerror(code));
}

/* ---- construction ---- */

static igraph_error_t fill_edges(igraph_vector_int_t *v, const impgraph_graph *g, bool startup_only,
                                 size_t *ids) {
  size_t n = 0;
  for (size_t e = 0; e < g->edge_count; e++) {
    if (startup_only && !g->followed[e])
      continue;
    IGRAPH_CHECK(igraph_vector_int_push_back(v, (igraph_integer_t)g->edges[e].from));
    IGRAPH_CHECK(igraph_vector_int_push_back(v, (igraph_integer_t)g->edges[e].to));
    if (ids)
      ids[n] = e;
    n++;
  }
  for (size_t i = 0; i < g->entry_module_count; i++) {
    IGRAPH_CHECK(igraph_vector_int_push_back(v, (igraph_integer_t)g->module_count));
    IGRAPH_CHECK(igraph_vector_int_push_back(v, (igraph_integer_t)g->entry_modules[i]));
    if (ids)
      ids[n] = SIZE_MAX;
    n++;
  }
  return IGRAPH_SUCCESS;
}

static igraph_error_t create(igraph_t *out, const impgraph_graph *g, bool startup_only,
                             size_t *ids) {
  igraph_vector_int_t v;
  IGRAPH_CHECK(igraph_vector_int_init(&v, 0));
  IGRAPH_FINALLY(igraph_vector_int_destroy, &v);
  IGRAPH_CHECK(
      igraph_vector_int_reserve(&v, 2 * (igraph_integer_t)(g->edge_count + g->entry_module_count)));
  IGRAPH_CHECK(fill_edges(&v, g, startup_only, ids));
  IGRAPH_CHECK(igraph_create(out, &v, (igraph_integer_t)g->module_count + 1, IGRAPH_DIRECTED));
  igraph_vector_int_destroy(&v);
  IGRAPH_FINALLY_CLEAN(1);
  return IGRAPH_SUCCESS;
}

int ipg_ig_new(ipg_ig **out, const impgraph_graph *g, impgraph_error *err) {
  *out = NULL;
  ipg_ig *ig = calloc(1, sizeof *ig);
  size_t id_count = g->edge_count + g->entry_module_count;
  if (ig)
    ig->startup_edge_ids = malloc((id_count ? id_count : 1) * sizeof(size_t));
  if (!ig || !ig->startup_edge_ids) {
    free(ig);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  ig->module_count = g->module_count;
  quiet_state st;
  quiet_begin(&st);
  igraph_error_t code = create(&ig->all, g, false, NULL);
  ig->has_all = code == IGRAPH_SUCCESS;
  if (!code) {
    code = create(&ig->startup, g, true, ig->startup_edge_ids);
    ig->has_startup = code == IGRAPH_SUCCESS;
  }
  quiet_end(&st);
  if (code) {
    ipg_ig_free(ig);
    return translate(code, "graph construction", err);
  }
  *out = ig;
  return IMPGRAPH_OK;
}

void ipg_ig_free(ipg_ig *ig) {
  if (!ig)
    return;
  quiet_state st;
  quiet_begin(&st);
  if (ig->has_all)
    igraph_destroy(&ig->all);
  if (ig->has_startup)
    igraph_destroy(&ig->startup);
  quiet_end(&st);
  free(ig->startup_edge_ids);
  free(ig);
}

/* ---- queries ---- */

int ipg_ig_distances(const ipg_ig *ig, bool startup_only, size_t source, size_t *dist,
                     impgraph_error *err) {
  const igraph_t *graph = startup_only ? &ig->startup : &ig->all;
  bool from_entries = source == SIZE_MAX;
  igraph_integer_t root = (igraph_integer_t)(from_entries ? ig->module_count : source);
  igraph_vector_int_t d;
  quiet_state st;
  quiet_begin(&st);
  igraph_error_t code = igraph_vector_int_init(&d, 0);
  if (!code) {
    code = igraph_bfs(graph, root, NULL, IGRAPH_OUT, false, NULL, NULL, NULL, NULL, NULL, NULL, &d,
                      NULL, NULL);
    if (!code) {
      for (size_t v = 0; v < ig->module_count; v++) {
        igraph_integer_t x = VECTOR(d)[v];
        /* Through the extra vertex every distance is one too long. */
        dist[v] = x < 0 ? SIZE_MAX : (size_t)x - (from_entries ? 1 : 0);
      }
    }
    igraph_vector_int_destroy(&d);
  }
  quiet_end(&st);
  return translate(code, "breadth-first search", err);
}

int ipg_ig_startup_path(const ipg_ig *ig, size_t target, size_t *path, size_t *len,
                        impgraph_error *err) {
  *len = SIZE_MAX;
  igraph_vector_int_t edges;
  quiet_state st;
  quiet_begin(&st);
  igraph_error_t code = igraph_vector_int_init(&edges, 0);
  if (!code) {
    /* Unreachable targets give an empty path and a warning (silenced). */
    code = igraph_get_shortest_path(&ig->startup, NULL, &edges, (igraph_integer_t)ig->module_count,
                                    (igraph_integer_t)target, IGRAPH_OUT);
    igraph_integer_t n = igraph_vector_int_size(&edges);
    if (!code && n > 0) {
      size_t k = 0;
      for (igraph_integer_t i = 0; i < n; i++) {
        size_t id = ig->startup_edge_ids[VECTOR(edges)[i]];
        if (id != SIZE_MAX)
          path[k++] = id;
      }
      *len = k;
    }
    igraph_vector_int_destroy(&edges);
  }
  quiet_end(&st);
  return translate(code, "shortest path", err);
}

int ipg_ig_scc(size_t vertex_count, const size_t *from, const size_t *to, size_t edge_count,
               size_t *membership, size_t *component_count, impgraph_error *err) {
  *component_count = 0;
  igraph_t graph;
  igraph_vector_int_t edges, member;
  bool have_graph = false, have_edges = false, have_member = false;
  quiet_state st;
  quiet_begin(&st);
  igraph_error_t code = igraph_vector_int_init(&edges, 0);
  have_edges = code == IGRAPH_SUCCESS;
  if (!code)
    code = igraph_vector_int_reserve(&edges, 2 * (igraph_integer_t)edge_count);
  for (size_t i = 0; !code && i < edge_count; i++) {
    code = igraph_vector_int_push_back(&edges, (igraph_integer_t)from[i]);
    if (!code)
      code = igraph_vector_int_push_back(&edges, (igraph_integer_t)to[i]);
  }
  if (!code) {
    code = igraph_create(&graph, &edges, (igraph_integer_t)vertex_count, IGRAPH_DIRECTED);
    have_graph = code == IGRAPH_SUCCESS;
  }
  if (!code) {
    code = igraph_vector_int_init(&member, 0);
    have_member = code == IGRAPH_SUCCESS;
  }
  igraph_integer_t count = 0;
  if (!code)
    code = igraph_connected_components(&graph, &member, NULL, &count, IGRAPH_STRONG);
  if (!code) {
    for (size_t v = 0; v < vertex_count; v++)
      membership[v] = (size_t)VECTOR(member)[v];
    *component_count = (size_t)count;
  }
  if (have_member)
    igraph_vector_int_destroy(&member);
  if (have_graph)
    igraph_destroy(&graph);
  if (have_edges)
    igraph_vector_int_destroy(&edges);
  quiet_end(&st);
  return translate(code, "strongly connected components", err);
}

/* ---- edge-list graphs (suggest/: reachability and cuts) ---- */

static igraph_error_t create_from_lists(igraph_t *graph, size_t vertex_count, const size_t *from,
                                        const size_t *to, size_t edge_count) {
  igraph_vector_int_t edges;
  IGRAPH_CHECK(igraph_vector_int_init(&edges, 2 * (igraph_integer_t)edge_count));
  IGRAPH_FINALLY(igraph_vector_int_destroy, &edges);
  for (size_t i = 0; i < edge_count; i++) {
    VECTOR(edges)[2 * i] = (igraph_integer_t)from[i];
    VECTOR(edges)[2 * i + 1] = (igraph_integer_t)to[i];
  }
  IGRAPH_CHECK(igraph_create(graph, &edges, (igraph_integer_t)vertex_count, IGRAPH_DIRECTED));
  igraph_vector_int_destroy(&edges);
  IGRAPH_FINALLY_CLEAN(1);
  return IGRAPH_SUCCESS;
}

int ipg_ig_reach(size_t vertex_count, const size_t *from, const size_t *to, size_t edge_count,
                 size_t source, bool *reached, impgraph_error *err) {
  igraph_t graph;
  igraph_vector_int_t order;
  bool have_graph = false, have_order = false;
  quiet_state st;
  quiet_begin(&st);
  igraph_error_t code = create_from_lists(&graph, vertex_count, from, to, edge_count);
  have_graph = code == IGRAPH_SUCCESS;
  if (!code) {
    code = igraph_vector_int_init(&order, 0);
    have_order = code == IGRAPH_SUCCESS;
  }
  if (!code)
    code = igraph_subcomponent(&graph, &order, (igraph_integer_t)source, IGRAPH_OUT);
  if (!code) {
    memset(reached, 0, vertex_count * sizeof *reached);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(&order); i++)
      reached[VECTOR(order)[i]] = true;
  }
  if (have_order)
    igraph_vector_int_destroy(&order);
  if (have_graph)
    igraph_destroy(&graph);
  quiet_end(&st);
  return translate(code, "reachability", err);
}

int ipg_ig_min_cut(size_t vertex_count, const size_t *from, const size_t *to,
                   const double *capacity, size_t edge_count, size_t source, size_t target,
                   double *value, size_t *cut, size_t *cut_count, impgraph_error *err) {
  *cut_count = 0;
  *value = 0;
  igraph_t graph;
  igraph_vector_t cap;
  igraph_vector_int_t cut_edges;
  bool have_graph = false, have_cap = false, have_cut = false;
  quiet_state st;
  quiet_begin(&st);
  igraph_error_t code = create_from_lists(&graph, vertex_count, from, to, edge_count);
  have_graph = code == IGRAPH_SUCCESS;
  if (!code) {
    code = igraph_vector_init(&cap, (igraph_integer_t)edge_count);
    have_cap = code == IGRAPH_SUCCESS;
  }
  if (!code) {
    for (size_t i = 0; i < edge_count; i++)
      VECTOR(cap)[i] = capacity[i];
    code = igraph_vector_int_init(&cut_edges, 0);
    have_cut = code == IGRAPH_SUCCESS;
  }
  igraph_real_t flow = 0;
  if (!code)
    code = igraph_st_mincut(&graph, &flow, &cut_edges, NULL, NULL, (igraph_integer_t)source,
                            (igraph_integer_t)target, &cap);
  if (!code) {
    *value = flow;
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(&cut_edges); i++)
      cut[(*cut_count)++] = (size_t)VECTOR(cut_edges)[i];
  }
  if (have_cut)
    igraph_vector_int_destroy(&cut_edges);
  if (have_cap)
    igraph_vector_destroy(&cap);
  if (have_graph)
    igraph_destroy(&graph);
  quiet_end(&st);
  return translate(code, "minimum cut", err);
}
