/* merge — attaches a start-up profile's weights to a module graph: median
 * self/cumulative times per module (matched by dotted name), the observed
 * flag per static edge (importer -> imported seen nested in the log), and the
 * profile modules the graph does not know. Reads the profile through the
 * public API only. */
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"

static int attach_oom(ipg_weights *w, impgraph_error *err) {
  ipg_weights_free(w);
  return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory attaching a profile");
}

/* Marks the static edges whose importer -> imported pair was observed. */
static void mark_edges(ipg_weights *w, const impgraph_graph *g, const impgraph_profile *p) {
  size_t count = impgraph_profile_edge_count(p);
  for (size_t i = 0; i < count; i++) {
    const impgraph_observed_edge *oe = impgraph_profile_edge(p, i);
    size_t from = ipg_graph_lookup(g, oe->importer);
    size_t to = ipg_graph_lookup(g, oe->imported);
    if (from == SIZE_MAX || to == SIZE_MAX)
      continue;
    for (size_t e = g->out_first[from]; e < g->out_first[from + 1]; e++)
      if (g->edges[e].to == to)
        w->edge_observed[e] = true;
  }
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
  w->self_us = calloc(n, sizeof *w->self_us);
  w->cumulative_us = calloc(n, sizeof *w->cumulative_us);
  w->measured = calloc(n, sizeof *w->measured);
  w->edge_observed = calloc(ne, sizeof *w->edge_observed);
  w->unmatched = calloc(pn ? pn : 1, sizeof *w->unmatched);
  if (!w->self_us || !w->cumulative_us || !w->measured || !w->edge_observed || !w->unmatched)
    return attach_oom(w, err);
  for (size_t i = 0; i < pn; i++) {
    const impgraph_module_stats *ms = impgraph_profile_module(p, i);
    if (!ms->name || ms->runs == 0)
      continue;
    size_t id = ipg_graph_lookup(g, ms->name);
    if (id == SIZE_MAX) {
      char *copy = strdup(ms->name);
      if (!copy)
        return attach_oom(w, err);
      w->unmatched[w->unmatched_count++] = copy;
      w->unmatched_self_us += ms->self.median_us;
      continue;
    }
    w->measured[id] = true;
    w->self_us[id] = ms->self.median_us;
    w->cumulative_us[id] = ms->cumulative.median_us;
    if (ms->self.median_us > w->max_self_us)
      w->max_self_us = ms->self.median_us;
  }
  mark_edges(w, g, p);
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
  return g && g->weights && edge_id < g->edge_count && g->weights->edge_observed[edge_id];
}

int impgraph_graph_has_profile(const impgraph_graph *g) {
  return g && g->weights;
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
