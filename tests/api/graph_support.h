/* Small graph queries shared by the API tests (black-box: impgraph.h only).
 * Include after <cmocka.h> and "impgraph.h". */
#ifndef IMPGRAPH_TESTS_API_GRAPH_SUPPORT_H
#define IMPGRAPH_TESTS_API_GRAPH_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The interpreter the tests analyse for: $PYTHON3, else python3. */
static inline const char *test_python(void) {
  const char *p = getenv("PYTHON3");
  return p && *p ? p : "python3";
}

/* Fills `opts` for a graph of the one source root `*root` from `entries`
   (count 0: the default entries), analysed for test_python() without the
   probe cache. The arrays must outlive the build. */
static inline void root_options(impgraph_graph_options *opts, const char *const *root,
                                const char *const *entries, size_t entry_count) {
  assert_int_equal(impgraph_graph_options_init(opts, IMPGRAPH_GRAPH_OPTIONS_VERSION), 0);
  opts->python = test_python();
  opts->roots = root;
  opts->root_count = 1;
  opts->entries = entries;
  opts->entry_count = entry_count;
  opts->flags = IMPGRAPH_GRAPH_NO_PROBE_CACHE;
}

/* The graph of `opts`; fails the test with the library's message. */
static inline impgraph_graph *build_or_fail(const impgraph_graph_options *opts) {
  impgraph_graph *g = NULL;
  impgraph_error err;
  if (impgraph_graph_build(&g, opts, &err))
    fail_msg("impgraph_graph_build: %s", err.message);
  return g;
}

/* The graph of source root `root` from `entries` (root_options()). */
static inline impgraph_graph *build_root(const char *root, const char *const *entries,
                                         size_t entry_count) {
  impgraph_graph_options opts;
  root_options(&opts, &root, entries, entry_count);
  return build_or_fail(&opts);
}

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
