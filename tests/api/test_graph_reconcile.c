/* api.graph_reconcile — a start-up profile reconciled with the static graph,
 * through impgraph.h only, deterministic: the fixture package
 * tests/data/reconcile (static mode, no interpreter run) and a hand-made
 * log of the shape CPython 3.11 prints for `import plug` there (times
 * rounded). The dynamic import (`__import__(computed)`) becomes an
 * observed-only edge after the static edges, whose ids do not change; it is
 * never followed by the start-up set or `why`; the implicit parent package
 * and the unscanned plugin are not added; the reconciliation counts every
 * case; re-attaching replaces; the renderers show it all. Also the
 * estimates: 0 for missing modules, growing with the file size, ERANGE and
 * EINVAL. (The same fixture measured with the real python3: cli.graph.) */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "impgraph.h"

#include "graph_support.h"

#define ROOT IMPGRAPH_TEST_DATA "/reconcile"
#define FAKE_STDLIB IMPGRAPH_TEST_DATA "/graph/lib/python3.11"

/* `python3.11 -X importtime -c 'import plug'` in tests/data/reconcile/src,
   start-up rows dropped, times rounded; plus `extramod`, a module the graph
   does not have, under plug.core. */
static const char LOG[] = "import time: self [us] | cumulative | imported package\n"
                          "import time:       400 |        400 |     plug.util\n"
                          "import time:       200 |        200 |       plug.plugins\n"
                          "import time:       100 |        100 |       plug.beta\n"
                          "import time:       200 |        500 |     plug.plugins.alpha\n"
                          "import time:        50 |         50 |     extramod\n"
                          "import time:      8000 |       8950 |   plug.core\n"
                          "import time:       100 |        100 |     plug.pkg\n"
                          "import time:       100 |        100 |     plug.pkg.mod\n"
                          "import time:       300 |        500 |   plug.registry\n"
                          "import time:       300 |       9750 | plug\n";

static impgraph_graph *build(uint32_t flags) {
  static const char *const root = ROOT, *const entries[] = {"plug"};
  impgraph_graph_options opts;
  root_options(&opts, &root, entries, 1);
  opts.python = NULL; /* static mode */
  opts.sys_path = FAKE_STDLIB;
  opts.python_version = "3.11";
  opts.flags = flags;
  return build_or_fail(&opts);
}

static impgraph_profile *profile_of(const char *text) {
  const char *texts[] = {text};
  size_t lens[] = {strlen(text)};
  impgraph_profile *p = NULL;
  impgraph_error err;
  if (impgraph_profile_from_logs(&p, texts, lens, NULL, 1, &err))
    fail_msg("impgraph_profile_from_logs: %s", err.message);
  return p;
}

static void attach(impgraph_graph *g, const char *log) {
  impgraph_profile *p = profile_of(log);
  impgraph_error err;
  if (impgraph_graph_attach_profile(g, p, &err))
    fail_msg("impgraph_graph_attach_profile: %s", err.message);
  impgraph_profile_free(p);
}

/* Edges from -> to of `kind`. */
static size_t count_edges(const impgraph_graph *g, const char *from, const char *to,
                          impgraph_edge_kind kind) {
  size_t f = id_of(g, from), t = id_of(g, to), n = 0;
  for (size_t e = 0; e < impgraph_graph_edge_count(g); e++) {
    const impgraph_edge *edge = impgraph_graph_edge(g, e);
    n += edge->from == f && edge->to == t && edge->kind == kind;
  }
  return n;
}

static size_t observed_only_count(const impgraph_graph *g) {
  size_t n = 0;
  for (size_t e = 0; e < impgraph_graph_edge_count(g); e++)
    n += impgraph_graph_edge(g, e)->kind == IMPGRAPH_EDGE_OBSERVED_ONLY;
  return n;
}

static char *render(const impgraph_graph *g, impgraph_format format) {
  char *out = NULL;
  impgraph_error err;
  if (impgraph_render_graph(&out, NULL, g, format, NULL, &err))
    fail_msg("impgraph_render_graph: %s", err.message);
  return out;
}

static void test_observed_only_edge(void **state) {
  (void)state;
  impgraph_graph *g = build(0);
  size_t static_count = impgraph_graph_edge_count(g);
  impgraph_edge *before = malloc(static_count * sizeof *before);
  assert_non_null(before);
  for (size_t e = 0; e < static_count; e++)
    before[e] = *impgraph_graph_edge(g, e);
  assert_int_equal(observed_only_count(g), 0);
  assert_null(impgraph_graph_reconciliation(g));

  attach(g, LOG);
  /* One observed-only edge: the computed __import__, after the static
     edges, whose ids and contents are unchanged. */
  assert_int_equal(impgraph_graph_edge_count(g), static_count + 1);
  for (size_t e = 0; e < static_count; e++) {
    const impgraph_edge *now = impgraph_graph_edge(g, e);
    assert_int_equal(now->from, before[e].from);
    assert_int_equal(now->to, before[e].to);
    assert_int_equal(now->kind, before[e].kind);
    assert_int_equal(now->line, before[e].line);
  }
  free(before);
  const impgraph_edge *oe = impgraph_graph_edge(g, static_count);
  assert_non_null(oe);
  assert_int_equal(oe->kind, IMPGRAPH_EDGE_OBSERVED_ONLY);
  assert_int_equal(oe->from, id_of(g, "plug.core"));
  assert_int_equal(oe->to, id_of(g, "plug.plugins.alpha"));
  assert_null(oe->file);
  assert_null(oe->scope);
  assert_null(oe->names);
  assert_int_equal(oe->line, 0);
  assert_int_equal(oe->flags, 0);
  assert_true(oe->import_index == SIZE_MAX);
  assert_int_equal(impgraph_graph_edge_observed(g, static_count), 1);
  assert_null(impgraph_graph_edge(g, static_count + 1));

  /* Not added: the implicit parent package (from plug.pkg import mod logs
     plug.pkg under plug.registry too), the unscanned plugin's import. */
  assert_int_equal(count_edges(g, "plug.registry", "plug.pkg", IMPGRAPH_EDGE_OBSERVED_ONLY), 0);
  assert_int_equal(count_edges(g, "plug.plugins.alpha", "plug.beta", IMPGRAPH_EDGE_OBSERVED_ONLY),
                   0);

  /* The static analysis does not follow it: alpha stays out of the start-up
     set, and `why` says it is imported only inside functions. */
  size_t *ids = NULL, count = 0;
  impgraph_error err;
  assert_int_equal(impgraph_graph_startup(&ids, &count, g, SIZE_MAX, &err), 0);
  for (size_t i = 0; i < count; i++)
    assert_int_not_equal(ids[i], id_of(g, "plug.plugins.alpha"));
  impgraph_free(ids);
  assert_false(impgraph_graph_module(g, id_of(g, "plug.plugins.alpha"))->flags &
               IMPGRAPH_MODULE_IN_STARTUP);
  size_t *edges = NULL, *lengths = NULL, chains = 0;
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "plug.plugins.alpha", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "only inside functions"));
  impgraph_graph_free(g);
}

static void test_reconciliation_counts(void **state) {
  (void)state;
  impgraph_graph *g = build(0);
  attach(g, LOG);
  const impgraph_reconciliation *r = impgraph_graph_reconciliation(g);
  assert_non_null(r);
  /* plug -> core, plug -> registry, core -> util, registry -> util,
     registry -> pkg.mod, registry -> winonly, winonly -> extra */
  assert_int_equal(r->static_eager_edges, 7);
  assert_int_equal(r->observed, 4);
  assert_int_equal(r->never_observed, 3);
  assert_int_equal(r->never_observed_target_loaded, 1);       /* registry -> util */
  assert_int_equal(r->never_observed_target_not_loaded, 1);   /* registry -> winonly */
  assert_int_equal(r->never_observed_importer_not_loaded, 1); /* winonly -> extra */
  assert_int_equal(r->startup_modules, 8);
  assert_int_equal(r->startup_modules_loaded, 6);
  /* plug.plugins, plug.plugins.alpha, plug.beta */
  assert_int_equal(r->loaded_outside_startup, 3);
  assert_int_equal(r->loaded_outside_startup_self_us, 500);
  assert_int_equal(r->unmatched_modules, 1);
  assert_int_equal(r->unmatched_self_us, 50);
  assert_int_equal(r->observed_pairs, 9);
  assert_int_equal(r->observed_static, 5);
  assert_int_equal(r->observed_only, 1);
  assert_int_equal(r->observed_unscanned, 1); /* plug.plugins.alpha -> plug.beta */
  assert_int_equal(r->observed_ignored, 1);   /* plug.registry -> plug.pkg */
  assert_int_equal(r->observed_unmatched, 1); /* plug.core -> extramod */
  assert_int_equal(r->observed_pairs, r->observed_static + r->observed_only +
                                          r->observed_unscanned + r->observed_ignored +
                                          r->observed_unmatched);
  impgraph_graph_free(g);

  /* With --full the plugin is scanned: its import of beta is static. */
  g = build(IMPGRAPH_GRAPH_FULL);
  attach(g, LOG);
  r = impgraph_graph_reconciliation(g);
  assert_int_equal(r->observed_unscanned, 0);
  assert_int_equal(r->observed_static, 6);
  assert_int_equal(r->observed_only, 1);
  assert_int_equal(count_edges(g, "plug.core", "plug.plugins.alpha", IMPGRAPH_EDGE_OBSERVED_ONLY),
                   1);
  impgraph_graph_free(g);
}

static void test_reattach_replaces(void **state) {
  (void)state;
  impgraph_graph *g = build(0);
  size_t static_count = impgraph_graph_edge_count(g);
  attach(g, LOG);
  assert_int_equal(impgraph_graph_edge_count(g), static_count + 1);
  /* A profile without the plugin: no observed-only edge any more. */
  attach(g, "import time: self [us] | cumulative | imported package\n"
            "import time:       400 |        400 |     plug.util\n"
            "import time:      1000 |       1400 |   plug.core\n"
            "import time:       300 |       1700 | plug\n");
  assert_int_equal(impgraph_graph_edge_count(g), static_count);
  assert_int_equal(observed_only_count(g), 0);
  const impgraph_reconciliation *r = impgraph_graph_reconciliation(g);
  assert_int_equal(r->observed_only, 0);
  assert_int_equal(r->observed_pairs, 2);
  assert_int_equal(r->loaded_outside_startup, 0);
  /* ... and one with it again. */
  attach(g, LOG);
  assert_int_equal(count_edges(g, "plug.core", "plug.plugins.alpha", IMPGRAPH_EDGE_OBSERVED_ONLY),
                   1);
  impgraph_graph_free(g);
}

/* 3.14 `-X importtime=2`: `cached` rows for imports of loaded modules. The
   first cached row below is where 3.14 prints plug.registry's `import
   plug.util` (before plug.pkg's rows): unindented, its level is only
   bounded, the parser guesses plug and flags it ambiguous -- a wrong
   importer, which must not become an observed-only edge. The second one,
   after plug.pkg.mod, has an exact level: plug.registry. */
static const char LOG_314[] = "import time: self [us] | cumulative | imported package\n"
                              "import time:       400 |        400 |     plug.util\n"
                              "import time:      8000 |       8400 |   plug.core\n"
                              "import time: cached    | cached     | plug.util\n"
                              "import time:       100 |        100 |     plug.pkg\n"
                              "import time:       100 |        100 |     plug.pkg.mod\n"
                              "import time: cached    | cached     | plug.util\n"
                              "import time:       300 |        500 |   plug.registry\n"
                              "import time:       300 |       9200 | plug\n";

static void test_cached_rows(void **state) {
  (void)state;
  impgraph_profile *p = profile_of(LOG_314);
  bool ambiguous_plug = false, registry = false;
  for (size_t i = 0; i < impgraph_profile_edge_count(p); i++) {
    const impgraph_observed_edge *e = impgraph_profile_edge(p, i);
    if (e->kind != IMPGRAPH_PROFILE_EDGE_CACHED || strcmp(e->imported, "plug.util") != 0)
      continue;
    if (strcmp(e->importer, "plug") == 0)
      ambiguous_plug = e->flags & IMPGRAPH_PROFILE_EDGE_AMBIGUOUS;
    if (strcmp(e->importer, "plug.registry") == 0)
      registry = true;
  }
  impgraph_profile_free(p);
  assert_true(ambiguous_plug);
  assert_true(registry);

  impgraph_graph *g = build(0);
  attach(g, LOG_314);
  const impgraph_reconciliation *r = impgraph_graph_reconciliation(g);
  /* registry -> util is observed now (cached), not "target loaded". */
  assert_int_equal(r->observed, 5);
  assert_int_equal(r->never_observed_target_loaded, 0);
  assert_int_equal(count_edges(g, "plug", "plug.util", IMPGRAPH_EDGE_OBSERVED_ONLY), 0);
  assert_int_equal(observed_only_count(g), 0);
  assert_int_equal(r->observed_ignored, 2); /* plug -> plug.util, registry -> plug.pkg */
  impgraph_graph_free(g);
}

static void test_renderers(void **state) {
  (void)state;
  impgraph_graph *g = build(0);
  attach(g, LOG);
  char *json = render(g, IMPGRAPH_FORMAT_JSON);
  assert_non_null(strstr(json, "\"weights\": \"measured\""));
  assert_non_null(strstr(json, "\"kind\": \"observed_only\""));
  assert_non_null(strstr(json, "\"reconciliation\": {"));
  assert_non_null(strstr(json, "\"never_observed_target_loaded\": 1"));
  assert_non_null(strstr(json, "\"observed_only\": 1"));
  assert_null(strstr(json, "\"estimate_self_us\""));
  impgraph_free(json);
  char *text = render(g, IMPGRAPH_FORMAT_TEXT);
  assert_non_null(strstr(text, "observed_only 1"));
  assert_non_null(strstr(text, "start-up eager imports: 7, 4 observed, 3 never observed"));
  assert_non_null(strstr(text, "    plug.core -> plug.plugins.alpha\n"));
  impgraph_free(text);
  char *dot = render(g, IMPGRAPH_FORMAT_DOT);
  assert_non_null(strstr(dot, "\"plug.core\" -> \"plug.plugins.alpha\" [style=dotted"));
  assert_non_null(strstr(dot, "label=\"observed\""));
  impgraph_free(dot);
  impgraph_graph_free(g);
}

static void test_estimates(void **state) {
  (void)state;
  impgraph_graph *g = build(0);
  int64_t core = -1, extra = -1, beta = -1, us = -1;
  /* plug/core.py is larger than plug/extra.py: a larger estimate. */
  assert_int_equal(impgraph_graph_module_estimate(g, id_of(g, "plug.core"), &core), 0);
  assert_int_equal(impgraph_graph_module_estimate(g, id_of(g, "plug.extra"), &extra), 0);
  assert_int_equal(impgraph_graph_module_estimate(g, id_of(g, "plug.beta"), &beta), 0);
  assert_true(extra > 0);
  assert_true(core > extra);
  /* Both are one-line docstrings of nearly the same length. */
  assert_true(beta >= extra - 5 && beta <= extra + 5);
  assert_int_equal(impgraph_graph_module_estimate(g, impgraph_graph_module_count(g), &us),
                   IMPGRAPH_ERANGE);
  assert_int_equal(impgraph_graph_module_estimate(g, 0, NULL), IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_graph_module_estimate(NULL, 0, &us), IMPGRAPH_EINVAL);
  char *json = render(g, IMPGRAPH_FORMAT_JSON);
  assert_non_null(strstr(json, "\"weights\": \"estimated\""));
  assert_non_null(strstr(json, "\"estimate_self_us\": "));
  assert_null(strstr(json, "\"reconciliation\""));
  impgraph_free(json);
  char *text = render(g, IMPGRAPH_FORMAT_TEXT);
  assert_non_null(strstr(text, "estimated: ~"));
  assert_non_null(strstr(text, "not measured"));
  assert_null(strstr(text, "observed_only"));
  impgraph_free(text);
  char *dot = render(g, IMPGRAPH_FORMAT_DOT);
  assert_non_null(strstr(dot, "ms est.)"));
  impgraph_free(dot);
  /* With a profile, JSON nodes carry measured times instead. */
  attach(g, LOG);
  json = render(g, IMPGRAPH_FORMAT_JSON);
  assert_null(strstr(json, "\"estimate_self_us\""));
  impgraph_free(json);
  impgraph_graph_free(g);

  /* Missing modules estimate 0 (the fixture project of unit.graph imports
     `nonexistent` optionally). */
  impgraph_graph_options opts;
  assert_int_equal(impgraph_graph_options_init(&opts, IMPGRAPH_GRAPH_OPTIONS_VERSION), 0);
  const char *roots[] = {IMPGRAPH_TEST_DATA "/graph/proj"};
  const char *entries[] = {"app.cli"};
  opts.sys_path = IMPGRAPH_TEST_DATA "/graph/site-packages:" FAKE_STDLIB;
  opts.python_version = "3.11";
  opts.roots = roots;
  opts.root_count = 1;
  opts.entries = entries;
  opts.entry_count = 1;
  impgraph_error err;
  assert_int_equal(impgraph_graph_build(&g, &opts, &err), 0);
  size_t missing = id_of(g, "nonexistent");
  assert_int_equal(impgraph_graph_module(g, missing)->kind, IMPGRAPH_MODULE_MISSING);
  assert_int_equal(impgraph_graph_module_estimate(g, missing, &us), 0);
  assert_int_equal(us, 0);
  impgraph_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_observed_only_edge), cmocka_unit_test(test_reconciliation_counts),
      cmocka_unit_test(test_reattach_replaces),  cmocka_unit_test(test_cached_rows),
      cmocka_unit_test(test_renderers),          cmocka_unit_test(test_estimates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
