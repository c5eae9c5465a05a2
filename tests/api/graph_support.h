/* Small graph queries shared by the API tests (black-box: impgraph.h only).
 * Include after <cmocka.h> and "impgraph.h". */
#ifndef IMPGRAPH_TESTS_API_GRAPH_SUPPORT_H
#define IMPGRAPH_TESTS_API_GRAPH_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Any edge kind, for has_edge(). */
#define ANY_EDGE_KIND (-1)

/* The id of module `name`; fails the test when the graph has none. */
static inline size_t id_of(const impgraph_graph *g, const char *name) {
  size_t id = SIZE_MAX;
  if (impgraph_graph_find(g, name, &id))
    fail_msg("no module %s in the graph", name);
  return id;
}

/* Module `name`; fails the test when the graph has none. */
static inline const impgraph_module *module_named(const impgraph_graph *g, const char *name) {
  return impgraph_graph_module(g, id_of(g, name));
}

/* Whether `name` is in the start-up set of the graph's entries (the flag). */
static inline bool in_startup(const impgraph_graph *g, const char *name) {
  return (module_named(g, name)->flags & IMPGRAPH_MODULE_IN_STARTUP) != 0;
}

/* Whether the graph has an edge from -> to of `kind` (ANY_EDGE_KIND: any);
   false when either module is not in the graph. */
static inline bool has_edge(const impgraph_graph *g, const char *from, const char *to, int kind) {
  size_t f, t;
  if (impgraph_graph_find(g, from, &f) || impgraph_graph_find(g, to, &t))
    return false;
  for (size_t i = 0; i < impgraph_graph_edge_count(g); i++) {
    const impgraph_edge *e = impgraph_graph_edge(g, i);
    if (e->from == f && e->to == t && (kind == ANY_EDGE_KIND || (int)e->kind == kind))
      return true;
  }
  return false;
}

#endif
