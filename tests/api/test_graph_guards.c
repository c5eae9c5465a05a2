/* api.graph_guards — imports under branches the analysed interpreter never
 * takes (IMPGRAPH_EDGE_UNTAKEN), under conditions that hold only when the
 * module is already loaded (IMPGRAPH_EDGE_IF_LOADED) and in except handlers
 * that do not catch ImportError (IMPGRAPH_EDGE_HANDLER), through impgraph.h
 * only, on the
 * fixture root tests/data/guards (its README lists every case): with the
 * real python3 (Linux) and in static mode (only version conditions known). */
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

#define ROOT IMPGRAPH_TEST_DATA "/guards"
#define FAKE_STDLIB IMPGRAPH_TEST_DATA "/graph/lib/python3.11"

static impgraph_graph *build(bool static_mode) {
  static const char *const root = ROOT, *const entries[] = {"guardpkg"};
  impgraph_graph_options opts;
  root_options(&opts, &root, entries, 1);
  if (static_mode) {
    opts.python = NULL;
    opts.sys_path = FAKE_STDLIB;
    opts.python_version = "3.11";
  }
  return build_or_fail(&opts);
}

/* The kind of the one edge guardpkg -> `to`. */
static impgraph_edge_kind kind_of(const impgraph_graph *g, const char *to) {
  size_t f, t;
  assert_int_equal(impgraph_graph_find(g, "guardpkg", &f), 0);
  assert_int_equal(impgraph_graph_find(g, to, &t), 0);
  for (size_t i = 0; i < impgraph_graph_edge_count(g); i++) {
    const impgraph_edge *e = impgraph_graph_edge(g, i);
    if (e->from == f && e->to == t)
      return e->kind;
  }
  fail_msg("no edge guardpkg -> %s", to);
  return IMPGRAPH_EDGE_EAGER;
}

static void untaken(const impgraph_graph *g, const char *name) {
  if (kind_of(g, name) != IMPGRAPH_EDGE_UNTAKEN)
    fail_msg("%s: kind %d, want untaken", name, kind_of(g, name));
  assert_false(in_startup(g, name));
  assert_false(module_named(g, name)->flags & IMPGRAPH_MODULE_EXPANDED);
}

static void if_loaded(const impgraph_graph *g, const char *name) {
  if (kind_of(g, name) != IMPGRAPH_EDGE_IF_LOADED)
    fail_msg("%s: kind %d, want if_loaded", name, kind_of(g, name));
  assert_false(in_startup(g, name));
  assert_false(module_named(g, name)->flags & IMPGRAPH_MODULE_EXPANDED);
}

static void eager(const impgraph_graph *g, const char *name) {
  if (kind_of(g, name) != IMPGRAPH_EDGE_EAGER)
    fail_msg("%s: kind %d, want eager", name, kind_of(g, name));
  assert_true(in_startup(g, name));
}

static void test_with_python(void **state) {
  (void)state;
  impgraph_graph *g = build(false);
  untaken(g, "winonly");
  eager(g, "posixonly"); /* the else: of a false condition */
  untaken(g, "py2only");
  eager(g, "py37plus");
  untaken(g, "guardpkg._win");
  untaken(g, "solaris");
  untaken(g, "darwinonly");
  eager(g, "maybewin"); /* hasattr(): not understood, assumed to run */
  assert_int_equal(kind_of(g, "handleronly"), IMPGRAPH_EDGE_HANDLER);
  assert_false(in_startup(g, "handleronly"));
  if_loaded(g, "loadedonly");
  if_loaded(g, "loadedget");
  if_loaded(g, "loadedpkg"); /* "loadedpkg.sub" in sys.modules */
  eager(g, "notloaded");     /* runs exactly when it is not loaded */
  /* The flags stay what the scanner saw. */
  size_t f, t;
  assert_int_equal(impgraph_graph_find(g, "guardpkg", &f), 0);
  assert_int_equal(impgraph_graph_find(g, "winonly", &t), 0);
  for (size_t i = 0; i < impgraph_graph_edge_count(g); i++) {
    const impgraph_edge *e = impgraph_graph_edge(g, i);
    if (e->from == f && e->to == t)
      assert_true(e->flags & IMPGRAPH_CTX_CONDITIONAL);
  }
  /* why says which condition fails. */
  size_t *edges = NULL, *lengths = NULL, chains = 0;
  impgraph_error err;
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "winonly", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "branches this interpreter does not take"));
  assert_non_null(strstr(err.message, "`sys.platform == \"win32\"` is false on linux"));
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "guardpkg._win", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "`WIN` is false"));
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "handleronly", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "except handlers"));
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "loadedonly", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "hold only when it is already loaded"));
  /* The renderers name the kinds. */
  char *json = NULL;
  assert_int_equal(impgraph_render_graph(&json, NULL, g, IMPGRAPH_FORMAT_JSON, NULL, &err), 0);
  assert_non_null(strstr(json, "\"kind\": \"untaken\""));
  assert_non_null(strstr(json, "\"kind\": \"handler\""));
  assert_non_null(strstr(json, "\"untaken\": 5"));
  assert_non_null(strstr(json, "\"if_loaded\": 3"));
  impgraph_free(json);
  char *dot = NULL;
  assert_int_equal(impgraph_render_graph(&dot, NULL, g, IMPGRAPH_FORMAT_DOT, NULL, &err), 0);
  assert_non_null(strstr(dot, "arrowhead=tee"));
  assert_non_null(strstr(dot, "color=\"#ced4da\", arrowhead=odot"));
  impgraph_free(dot);
  impgraph_graph_free(g);
}

static void test_static_mode_knows_the_version_only(void **state) {
  (void)state;
  impgraph_graph *g = build(true);
  untaken(g, "py2only");
  eager(g, "py37plus");
  const char *platform_dependent[] = {"winonly", "posixonly",  "guardpkg._win",
                                      "solaris", "darwinonly", "maybewin"};
  for (size_t i = 0; i < sizeof platform_dependent / sizeof *platform_dependent; i++)
    eager(g, platform_dependent[i]);
  assert_int_equal(kind_of(g, "handleronly"), IMPGRAPH_EDGE_HANDLER);
  /* sys.modules does not depend on the platform. */
  if_loaded(g, "loadedonly");
  if_loaded(g, "loadedget");
  if_loaded(g, "loadedpkg");
  eager(g, "notloaded");
  bool noted = false;
  for (size_t i = 0; i < impgraph_graph_diagnostic_count(g); i++) {
    const impgraph_diagnostic *d = impgraph_graph_diagnostic(g, i);
    if (strcmp(d->code, "static-mode") == 0)
      noted = strstr(d->message, "platform") != NULL;
  }
  assert_true(noted);
  impgraph_graph_free(g);
}

/* The editor says why an untaken import does not load. */
static void test_editor_message(void **state) {
  (void)state;
  impgraph_graph *g = build(false);
  const char *path = ROOT "/guardpkg/__init__.py";
  const char *source = "import sys\nif sys.platform == 'win32':\n    import winonly\n"
                       "try:\n    pass\nexcept KeyError:\n    import handleronly\n"
                       "if sys.modules.get('loadedonly'):\n    import loadedonly\n";
  impgraph_editor_diagnostics *d = NULL;
  impgraph_error err;
  assert_int_equal(
      impgraph_editor_diagnostics_new(&d, g, NULL, path, source, strlen(source), NULL, &err), 0);
  bool untaken_seen = false, handler_seen = false, loaded_seen = false;
  for (size_t i = 0; i < impgraph_editor_diagnostics_count(d); i++) {
    const impgraph_editor_diagnostic *item = impgraph_editor_diagnostics_get(d, i);
    if (strstr(item->message, "winonly does not load at start-up: in a branch this interpreter "
                              "does not take: `sys.platform == 'win32'` is false on linux"))
      untaken_seen = true;
    if (strstr(item->message, "handleronly does not load at start-up: in an except handler"))
      handler_seen = true;
    if (strstr(item->message, "loadedonly does not load at start-up: runs only when loadedonly "
                              "is already loaded, so it loads nothing"))
      loaded_seen = true;
  }
  assert_true(untaken_seen);
  assert_true(handler_seen);
  assert_true(loaded_seen);
  impgraph_editor_diagnostics_free(d);
  impgraph_graph_free(g);
}

/* An edited buffer is classified as a rebuild would: a condition made true
   turns the untaken edge eager (impgraph_graph_update_file). */
static void test_update_file_reclassifies(void **state) {
  (void)state;
  impgraph_graph *g = build(false);
  const char *path = ROOT "/guardpkg/__init__.py";
  const char *source = "import sys\n"
                       "if sys.platform != 'win32':\n    import winonly\n"
                       "else:\n    import posixonly\n"
                       "if 'notloaded' in sys.modules:\n    import notloaded\n"
                       "else:\n    import loadedonly\n";
  impgraph_error err;
  assert_int_equal(impgraph_graph_update_file(g, path, NULL, source, strlen(source), &err), 0);
  assert_int_equal(kind_of(g, "winonly"), IMPGRAPH_EDGE_EAGER);
  assert_true(in_startup(g, "winonly"));
  assert_int_equal(kind_of(g, "posixonly"), IMPGRAPH_EDGE_UNTAKEN);
  assert_false(in_startup(g, "posixonly"));
  assert_int_equal(kind_of(g, "notloaded"), IMPGRAPH_EDGE_IF_LOADED);
  assert_false(in_startup(g, "notloaded"));
  assert_int_equal(kind_of(g, "loadedonly"), IMPGRAPH_EDGE_EAGER); /* the else: of that */
  assert_true(in_startup(g, "loadedonly"));
  impgraph_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_with_python),
      cmocka_unit_test(test_static_mode_knows_the_version_only),
      cmocka_unit_test(test_editor_message),
      cmocka_unit_test(test_update_file_reclassifies),
  };
  return cmocka_run_group_tests_name("graph_guards", tests, NULL, NULL);
}
