/* Views: which modules and edges a renderer draws (start-up set only, depth
 * from the entries, include/exclude patterns, third-party packages collapsed
 * into one node each). */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"

#define NONE SIZE_MAX

void ipg_view_sel_free(ipg_view_sel *sel) {
  if (!sel)
    return;
  free(sel->member_keep);
  free(sel->rep);
  free(sel->keep);
  free(sel->group_size);
  free(sel->edge_keep);
  memset(sel, 0, sizeof *sel);
}

/* A module matches a pattern when its name or the name of one of its parent
   packages does: `--exclude numpy` drops numpy and numpy.linalg. */
static bool matches(const char *name, const char *const *patterns, size_t count) {
  size_t len = strlen(name);
  char stack_buf[256];
  char *buf = len < sizeof stack_buf ? stack_buf : malloc(len + 1);
  if (!buf)
    return false;
  memcpy(buf, name, len + 1);
  bool hit = false;
  for (size_t end = len; !hit;) {
    buf[end] = '\0';
    for (size_t i = 0; i < count && !hit; i++)
      hit = patterns[i] && fnmatch(patterns[i], buf, 0) == 0;
    while (end > 0 && buf[end - 1] != '.')
      end--;
    if (end == 0)
      break;
    end--; /* drop the dot */
  }
  if (buf != stack_buf)
    free(buf);
  return hit;
}

static int filter(bool *keep, const impgraph_graph *g, const impgraph_graph_view *view,
                  impgraph_error *err) {
  size_t n = g->module_count;
  bool startup = view->flags & IMPGRAPH_VIEW_STARTUP;
  for (size_t v = 0; v < n; v++) {
    uint32_t f = g->modules[v].flags;
    keep[v] = !startup || (f & (IMPGRAPH_MODULE_IN_STARTUP | IMPGRAPH_MODULE_IS_ENTRY));
  }
  if (view->max_depth) {
    size_t *dist = malloc((n ? n : 1) * sizeof *dist);
    if (!dist)
      return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
    int rc = ipg_ig_distances(g->ig, startup, SIZE_MAX, dist, err);
    for (size_t v = 0; !rc && v < n; v++)
      keep[v] = keep[v] && dist[v] != NONE && dist[v] <= view->max_depth;
    free(dist);
    if (rc)
      return rc;
  }
  for (size_t v = 0; v < n; v++) {
    if (!keep[v])
      continue;
    const char *name = g->modules[v].name;
    if (view->include_count && !matches(name, view->include, view->include_count))
      keep[v] = false;
    else if (view->exclude_count && matches(name, view->exclude, view->exclude_count))
      keep[v] = false;
  }
  return IMPGRAPH_OK;
}

static size_t top_level_id(const impgraph_graph *g, size_t v) {
  const char *name = g->modules[v].name;
  void *id = ipg_map_getn(&g->by_name, name, ipg_top_level_len(name));
  return id ? (size_t)(uintptr_t)id - 1 : v;
}

int ipg_view_select(ipg_view_sel *out, const impgraph_graph *g, const impgraph_graph_view *view,
                    impgraph_error *err) {
  memset(out, 0, sizeof *out);
  impgraph_graph_view all = IMPGRAPH_GRAPH_VIEW_INIT;
  if (!view)
    view = &all;
  if (view->version != IMPGRAPH_GRAPH_VIEW_VERSION)
    return ipg_fail(err, IMPGRAPH_EVERSION, "graph view version %u not supported",
                    (unsigned)view->version);
  if ((view->include_count && !view->include) || (view->exclude_count && !view->exclude))
    return ipg_fail(err, IMPGRAPH_EINVAL, "graph view: NULL pattern list");
  size_t n = g->module_count, m = ipg_graph_edge_total(g);
  bool *member_keep = out->member_keep = malloc((n ? n : 1) * sizeof *member_keep);
  out->rep = malloc((n ? n : 1) * sizeof *out->rep);
  out->keep = calloc(n ? n : 1, sizeof *out->keep);
  out->group_size = calloc(n ? n : 1, sizeof *out->group_size);
  out->edge_keep = calloc(m ? m : 1, sizeof *out->edge_keep);
  if (!member_keep || !out->rep || !out->keep || !out->group_size || !out->edge_keep) {
    ipg_view_sel_free(out);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  int rc = filter(member_keep, g, view, err);
  if (rc) {
    ipg_view_sel_free(out);
    return rc;
  }
  out->collapse = view->flags & IMPGRAPH_VIEW_COLLAPSE;
  for (size_t v = 0; v < n; v++) {
    bool collapsed = out->collapse && g->modules[v].origin == IMPGRAPH_ORIGIN_THIRD_PARTY;
    out->rep[v] = collapsed ? top_level_id(g, v) : v;
  }
  for (size_t v = 0; v < n; v++) {
    if (!member_keep[v])
      continue;
    out->keep[out->rep[v]] = true;
    out->group_size[out->rep[v]]++;
  }
  for (size_t v = 0; v < n; v++)
    out->kept_modules += out->keep[v];
  for (size_t e = 0; e < m; e++) {
    const impgraph_edge *edge = ipg_graph_edge_at(g, e);
    size_t from = edge->from, to = edge->to;
    bool inside_group = from != to && out->rep[from] == out->rep[to];
    out->edge_keep[e] = member_keep[from] && member_keep[to] && !inside_group;
    out->kept_edges += out->edge_keep[e];
  }
  ipg_ok(err);
  return IMPGRAPH_OK;
}
