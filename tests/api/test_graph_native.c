/* api.graph_native — imports made by the standard library's C code, through
 * impgraph.h with the real python3 (CPython 3.11: Debian's builds
 * _elementtree and pyexpat into the interpreter, pyenv's as extension
 * files; both import the same): `import xml.etree.ElementTree` loads the
 * `_elementtree` accelerator, whose C code imports `pyexpat`, which
 * registers `pyexpat.errors` and `pyexpat.model` in sys.modules. They are
 * in the start-up set through NATIVE edges, and the registered modules are
 * not missing. Fixture: tests/data/native/proj/etapp.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "impgraph.h"

#include "graph_support.h"

#define PROJ IMPGRAPH_TEST_DATA "/native/proj"

static impgraph_graph *build(const char *entry) {
  return build_root(PROJ, &entry, 1);
}

static const impgraph_module *find(const impgraph_graph *g, const char *name) {
  size_t id;
  return impgraph_graph_find(g, name, &id) ? NULL : impgraph_graph_module(g, id);
}

static bool startup(const impgraph_graph *g, const char *name) {
  const impgraph_module *m = find(g, name);
  return m && (m->flags & IMPGRAPH_MODULE_IN_STARTUP);
}

static void test_elementtree_loads_pyexpat(void **state) {
  (void)state;
  impgraph_graph *g = build("etapp");
  assert_true(startup(g, "xml.etree.ElementTree"));
  assert_true(startup(g, "_elementtree"));
  /* What _elementtree's C code imports, and what pyexpat's registers. */
  assert_true(has_edge(g, "_elementtree", "pyexpat", IMPGRAPH_EDGE_NATIVE));
  assert_true(has_edge(g, "_elementtree", "copy", IMPGRAPH_EDGE_NATIVE));
  assert_true(has_edge(g, "_elementtree", "xml.etree.ElementPath", IMPGRAPH_EDGE_NATIVE));
  assert_true(has_edge(g, "pyexpat", "pyexpat.errors", IMPGRAPH_EDGE_NATIVE));
  assert_true(has_edge(g, "pyexpat", "pyexpat.model", IMPGRAPH_EDGE_NATIVE));
  assert_true(startup(g, "pyexpat"));
  assert_true(startup(g, "pyexpat.errors"));
  assert_true(startup(g, "pyexpat.model"));
  const char *registered[] = {"pyexpat.errors", "pyexpat.model"};
  for (size_t i = 0; i < 2; i++) {
    const impgraph_module *m = find(g, registered[i]);
    assert_int_equal(m->kind, IMPGRAPH_MODULE_REGISTERED);
    assert_int_equal(m->origin, IMPGRAPH_ORIGIN_STDLIB);
    assert_null(m->path);
    assert_null(m->reason);
  }
  /* Nothing of pyexpat is reported missing, and the interpreter is one the
     table knows (no native-imports note). */
  for (size_t i = 0; i < impgraph_graph_module_count(g); i++) {
    const impgraph_module *m = impgraph_graph_module(g, i);
    if (strncmp(m->name, "pyexpat", 7) == 0)
      assert_int_not_equal(m->kind, IMPGRAPH_MODULE_MISSING);
  }
  for (size_t i = 0; i < impgraph_graph_diagnostic_count(g); i++)
    assert_string_not_equal(impgraph_graph_diagnostic(g, i)->code, "native-imports");
  /* `why`: entry -> ... -> _elementtree -native-> pyexpat -native-> model. */
  size_t *edges = NULL, *lengths = NULL, chains = 0;
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "pyexpat.model", 0, NULL), 0);
  assert_true(chains >= 1);
  size_t len = lengths[0];
  assert_true(len >= 3);
  assert_int_equal(impgraph_graph_edge(g, edges[len - 1])->kind, IMPGRAPH_EDGE_NATIVE);
  assert_int_equal(impgraph_graph_edge(g, edges[len - 2])->kind, IMPGRAPH_EDGE_NATIVE);
  impgraph_free(edges);
  impgraph_free(lengths);
  impgraph_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_elementtree_loads_pyexpat),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
