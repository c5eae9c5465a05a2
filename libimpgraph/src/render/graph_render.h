/* render — the module graph's formats: graph_text.c, graph_json.c (the only
 * jansson user among them), graph_dot.c; `why` and `cycles` answers in text
 * and JSON. The public entry points are in graph_render.c. Everything here
 * reads a finished graph (graph/graph.h) and never changes it. */
#ifndef IMPGRAPH_RENDER_GRAPH_RENDER_H
#define IMPGRAPH_RENDER_GRAPH_RENDER_H

#include "graph/graph.h"
#include "render/render.h"

/* The answer of `why`, gathered by graph_render.c. */
typedef struct ipg_why {
  const char *module;  /* as asked */
  size_t id;           /* module id, or SIZE_MAX when not in the graph */
  bool loaded;         /* in the start-up set */
  const char *reason;  /* why not loaded (one line), or NULL */
  const size_t *edges; /* chains, one after another */
  const size_t *lengths;
  size_t chain_count;
} ipg_why;

/* The answer of `cycles` (impgraph_graph_cycles' arrays). */
typedef struct ipg_cycles {
  const size_t *modules, *module_counts, *edges, *edge_counts;
  size_t count;
} ipg_cycles;

int ipg_render_graph_text(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel,
                          const impgraph_graph_view *view);
int ipg_render_graph_json(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel,
                          const impgraph_graph_view *view);
int ipg_render_graph_dot(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel);
int ipg_render_why_text(ipg_buf *out, const impgraph_graph *g, const ipg_why *why);
int ipg_render_why_json(ipg_buf *out, const impgraph_graph *g, const ipg_why *why);
int ipg_render_cycles_text(ipg_buf *out, const impgraph_graph *g, const ipg_cycles *cycles);
int ipg_render_cycles_json(ipg_buf *out, const impgraph_graph *g, const ipg_cycles *cycles);

/* One import site in one line: "src/app/cli.py:3: app.cli -> json
   [eager, optional]" (no newline). */
void ipg_put_edge_line(ipg_buf *out, const impgraph_graph *g, const impgraph_edge *e);

/* "python: /usr/bin/python3 (cpython 3.11.7)" or the static-mode line. */
void ipg_put_python_line(ipg_buf *out, const impgraph_graph *g);

/* The import sites (non-PARENT edges) importing module `id`: at most `cap`
   edge ids into out, ascending; returns how many there are in total. */
size_t ipg_importers(const impgraph_graph *g, size_t id, size_t *out, size_t cap);

#endif
