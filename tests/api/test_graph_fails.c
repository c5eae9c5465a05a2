/* api.graph_fails — modules that fail to import, through impgraph.h only,
 * with the real python3 (tests/data/fails; tests/cli/graph_fails.sh checks
 * the start-up sets against python3 itself): impgraph_graph_module_failure()
 * says where and why, the per-entry start-up set leaves failing modules
 * and what they import after the failing line out, and
 * impgraph_graph_update_file() recomputes failures, fallback kinds and the
 * import-fails notes when an edit removes or restores the failing import;
 * editor diagnostics call an import of a failing module "import-fails". */
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

#define ROOT IMPGRAPH_TEST_DATA "/fails"

static impgraph_graph *build_entries(const char *const *entries, size_t count) {
  return build_root(ROOT, entries, count);
}

static impgraph_graph *build(void) {
  static const char *const entries[] = {"fx_opt", "fx_two"};
  return build_entries(entries, 2);
}

static uint32_t flags(const impgraph_graph *g, const char *name) {
  return impgraph_graph_module(g, id_of(g, name))->flags;
}

static bool in_startup_of(const impgraph_graph *g, size_t entry, const char *name) {
  size_t *ids = NULL, count = 0;
  assert_int_equal(impgraph_graph_startup(&ids, &count, g, entry, NULL), 0);
  bool found = false;
  for (size_t i = 0; i < count; i++)
    found = found || ids[i] == id_of(g, name);
  impgraph_free(ids);
  return found;
}

static const impgraph_edge *edge(const impgraph_graph *g, const char *from, const char *to) {
  for (size_t i = 0; i < impgraph_graph_edge_count(g); i++) {
    const impgraph_edge *e = impgraph_graph_edge(g, i);
    if (e->from == id_of(g, from) && e->to == id_of(g, to) && e->kind != IMPGRAPH_EDGE_PARENT)
      return e;
  }
  fail_msg("no edge %s -> %s", from, to);
  return NULL;
}

static size_t notes_about(const impgraph_graph *g, const char *file) {
  size_t n = 0;
  for (size_t i = 0; i < impgraph_graph_diagnostic_count(g); i++) {
    const impgraph_diagnostic *d = impgraph_graph_diagnostic(g, i);
    n += strcmp(d->code, "import-fails") == 0 && d->path && strstr(d->path, file);
  }
  return n;
}

static void test_failure_record(void **state) {
  (void)state;
  impgraph_graph *g = build();
  impgraph_module_failure f;
  /* fx_fails1: `import fx_missing_zz` on line 4. */
  assert_int_equal(impgraph_graph_module_failure(g, id_of(g, "fx_fails1"), &f), 0);
  assert_true(flags(g, "fx_fails1") & IMPGRAPH_MODULE_FAILS);
  assert_int_equal(f.line, 4);
  assert_int_equal(f.imported, id_of(g, "fx_missing_zz"));
  assert_int_equal(f.missing, id_of(g, "fx_missing_zz"));
  const impgraph_edge *e = impgraph_graph_edge(g, f.edge);
  assert_int_equal(e->from, id_of(g, "fx_fails1"));
  assert_int_equal(e->to, f.imported);
  assert_int_equal(e->line, 4);
  /* Two levels: fx_level1 fails where it imports the failing fx_level2. */
  assert_int_equal(impgraph_graph_module_failure(g, id_of(g, "fx_level1"), &f), 0);
  assert_int_equal(f.line, 2);
  assert_int_equal(f.imported, id_of(g, "fx_level2"));
  assert_int_equal(f.missing, id_of(g, "fx_missing_zz"));
  /* Not failing: zeroed, ENOTFOUND. Bad arguments. */
  memset(&f, 0xAB, sizeof f);
  assert_int_equal(impgraph_graph_module_failure(g, id_of(g, "fx_before1"), &f),
                   IMPGRAPH_ENOTFOUND);
  assert_int_equal(f.line, 0);
  assert_int_equal(f.edge, 0);
  assert_int_equal(impgraph_graph_module_failure(g, id_of(g, "fx_missing_zz"), &f),
                   IMPGRAPH_ENOTFOUND);
  assert_int_equal(impgraph_graph_module_failure(g, impgraph_graph_module_count(g), &f),
                   IMPGRAPH_ERANGE);
  assert_int_equal(impgraph_graph_module_failure(g, 0, NULL), IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_graph_module_failure(NULL, 0, &f), IMPGRAPH_EINVAL);
  /* Per entry: fx_opt loads what fx_fails1 imports before line 4, and the
     fallback; fx_two loads neither. */
  assert_true(in_startup_of(g, 0, "fx_before1"));
  assert_true(in_startup_of(g, 0, "fx_fallback1"));
  assert_false(in_startup_of(g, 0, "fx_fails1"));
  assert_false(in_startup_of(g, 0, "fx_after1"));
  assert_false(in_startup_of(g, 1, "fx_before1"));
  assert_true(in_startup_of(g, 1, "fx_l2_before"));
  assert_false(in_startup_of(g, 1, "fx_level2"));
  assert_int_equal(edge(g, "fx_opt", "fx_fallback1")->kind, IMPGRAPH_EDGE_EAGER);
  /* why: not loaded, and the message says it fails. */
  size_t *edges = NULL, *lengths = NULL, count = 0;
  impgraph_error err;
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &count, g, "fx_fails1", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "fails to import"));
  impgraph_graph_free(g);
}

/* An entry that imports a missing module unprotected would not start at
   all: nothing catches the failure, so the interpreter lacks a dependency
   (a project analysed without its dependencies installed). The missing
   module is then taken as installed: the entry does not fail and what it
   imports after it is in the start-up set. Caught failures elsewhere in the
   same graph are unaffected. */
static void test_uncaught_failure_of_an_entry(void **state) {
  (void)state;
  const char *entries[] = {"fx_entry_needs", "fx_opt"};
  impgraph_graph *g = build_entries(entries, 2);
  assert_false(flags(g, "fx_entry_needs") & IMPGRAPH_MODULE_FAILS);
  assert_true(in_startup_of(g, 0, "fx_entry_needs"));
  assert_true(in_startup_of(g, 0, "fx_entry_after"));
  assert_true(flags(g, "fx_fails1") & IMPGRAPH_MODULE_FAILS);
  assert_false(in_startup_of(g, 1, "fx_after1"));
  assert_true(in_startup_of(g, 1, "fx_fallback1"));
  impgraph_graph_free(g);
}

static void test_update_recomputes_failures(void **state) {
  (void)state;
  impgraph_graph *g = build();
  impgraph_error err;
  assert_int_equal(notes_about(g, "fx_fails1.py"), 1);
  /* Without the missing import, fx_fails1 loads, with fx_after1, and the
     fallback of the import of it does not run. */
  const char *fixed = "import fx_before1\nimport fx_after1\n";
  if (impgraph_graph_update_file(g, ROOT "/fx_fails1.py", NULL, fixed, strlen(fixed), &err))
    fail_msg("update: %s", err.message);
  assert_false(flags(g, "fx_fails1") & IMPGRAPH_MODULE_FAILS);
  assert_true(flags(g, "fx_fails1") & IMPGRAPH_MODULE_IN_STARTUP);
  assert_true(flags(g, "fx_after1") & IMPGRAPH_MODULE_IN_STARTUP);
  assert_false(flags(g, "fx_fallback1") & IMPGRAPH_MODULE_IN_STARTUP);
  assert_int_equal(edge(g, "fx_opt", "fx_fallback1")->kind, IMPGRAPH_EDGE_FALLBACK);
  assert_int_equal(notes_about(g, "fx_fails1.py"), 0);
  assert_int_equal(notes_about(g, "fx_level2.py"), 1); /* other notes stay */
  impgraph_module_failure f;
  assert_int_equal(impgraph_graph_module_failure(g, id_of(g, "fx_fails1"), &f), IMPGRAPH_ENOTFOUND);
  /* The failing import back, now on line 2. */
  const char *broken = "import fx_before1\nimport fx_missing_zz\nimport fx_after1\n";
  if (impgraph_graph_update_file(g, ROOT "/fx_fails1.py", NULL, broken, strlen(broken), &err))
    fail_msg("update: %s", err.message);
  assert_int_equal(impgraph_graph_module_failure(g, id_of(g, "fx_fails1"), &f), 0);
  assert_int_equal(f.line, 2);
  assert_false(flags(g, "fx_after1") & IMPGRAPH_MODULE_IN_STARTUP);
  assert_true(flags(g, "fx_before1") & IMPGRAPH_MODULE_IN_STARTUP);
  assert_true(flags(g, "fx_fallback1") & IMPGRAPH_MODULE_IN_STARTUP);
  assert_int_equal(edge(g, "fx_opt", "fx_fallback1")->kind, IMPGRAPH_EDGE_EAGER);
  assert_int_equal(notes_about(g, "fx_fails1.py"), 1);
  /* An edit elsewhere keeps the notes of the other modules. */
  const char *level1 = "import fx_l1_before\nimport fx_level2\nimport fx_l1_after\n";
  if (impgraph_graph_update_file(g, NULL, "fx_level1", level1, strlen(level1), &err))
    fail_msg("update: %s", err.message);
  assert_int_equal(notes_about(g, "fx_fails1.py"), 1);
  assert_int_equal(notes_about(g, "fx_level1.py"), 1);
  impgraph_graph_free(g);
}

/* Editor diagnostics: an import of a failing module is "import-fails",
   not a start-up import; its fallback, which runs, is. */
static void test_editor_diagnostics(void **state) {
  (void)state;
  impgraph_graph *g = build();
  const char *text = "try:\n    import fx_fails1\nexcept ImportError:\n    import fx_fallback1\n";
  impgraph_editor_diagnostics *diags = NULL;
  impgraph_error err;
  if (impgraph_editor_diagnostics_new(&diags, g, NULL, ROOT "/fx_opt.py", text, strlen(text), NULL,
                                      &err))
    fail_msg("editor diagnostics: %s", err.message);
  bool seen_fails = false, seen_fallback = false;
  for (size_t i = 0; i < impgraph_editor_diagnostics_count(diags); i++) {
    const impgraph_editor_diagnostic *d = impgraph_editor_diagnostics_get(diags, i);
    if (d->module && strcmp(d->module, "fx_fails1") == 0) {
      seen_fails = true;
      assert_string_equal(d->code, "import-fails");
      assert_int_equal(d->severity, IMPGRAPH_EDITOR_SEVERITY_HINT); /* optional */
      assert_false(d->flags & IMPGRAPH_EDITOR_DIAG_STARTUP);
      assert_non_null(strstr(d->message, "fails to import at"));
      assert_non_null(strstr(d->message, "fx_missing_zz"));
    } else if (d->module && strcmp(d->module, "fx_fallback1") == 0) {
      seen_fallback = true;
      assert_string_equal(d->code, "startup-import");
      assert_true(d->flags & IMPGRAPH_EDITOR_DIAG_STARTUP);
    }
  }
  assert_true(seen_fails && seen_fallback);
  impgraph_editor_diagnostics_free(diags);
  impgraph_graph_free(g);
}

/* Untaken and handler imports are never failing imports, and the fallback
   recomputation after failures leaves their kind alone (fx_kinds). */
static void test_untaken_and_handler(void **state) {
  (void)state;
  static const char *const entries[] = {"fx_kinds"};
  impgraph_graph *g = build_entries(entries, 1);
  assert_false(flags(g, "fx_kinds") & IMPGRAPH_MODULE_FAILS);
  assert_true(flags(g, "fx_fails1") & IMPGRAPH_MODULE_FAILS);
  assert_true(flags(g, "fx_fails3") & IMPGRAPH_MODULE_FAILS);
  size_t handler = 0, untaken = 0, from = id_of(g, "fx_kinds"), to = id_of(g, "fx_missing_zz");
  for (size_t i = 0; i < impgraph_graph_edge_count(g); i++) {
    const impgraph_edge *e = impgraph_graph_edge(g, i);
    if (e->from != from || e->to != to)
      continue;
    handler += e->kind == IMPGRAPH_EDGE_HANDLER;
    untaken += e->kind == IMPGRAPH_EDGE_UNTAKEN;
  }
  assert_int_equal(handler, 1);
  assert_int_equal(untaken, 1);
  assert_int_equal(edge(g, "fx_kinds", "fx_kinds_fb")->kind, IMPGRAPH_EDGE_EAGER);
  assert_int_equal(edge(g, "fx_kinds", "fx_kinds_untaken_fb")->kind, IMPGRAPH_EDGE_UNTAKEN);
  assert_int_equal(edge(g, "fx_kinds", "fx_kinds_handler_fb")->kind, IMPGRAPH_EDGE_HANDLER);
  assert_true(in_startup_of(g, 0, "fx_kinds"));
  assert_true(in_startup_of(g, 0, "fx_kinds_fb"));
  assert_true(in_startup_of(g, 0, "fx_kinds_after"));
  assert_false(in_startup_of(g, 0, "fx_kinds_untaken_fb"));
  assert_false(in_startup_of(g, 0, "fx_kinds_handler_fb"));
  assert_int_equal(impgraph_graph_module_failure(g, from, &(impgraph_module_failure){0}),
                   IMPGRAPH_ENOTFOUND);
  impgraph_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_failure_record),
      cmocka_unit_test(test_uncaught_failure_of_an_entry),
      cmocka_unit_test(test_update_recomputes_failures),
      cmocka_unit_test(test_editor_diagnostics),
      cmocka_unit_test(test_untaken_and_handler),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
