/* api.graph_profile — a start-up profile attached to a module graph, through
 * impgraph.h only, with the real python3 (the probe): the graph of
 * tests/data/measure from entry `app`, a profile from a synthetic
 * `-X importtime` log (deterministic: nothing is measured) holding one
 * module the graph does not have. Weights land on the right modules, an
 * unmeasured module is ENOTFOUND, the observed edge is flagged, re-attaching
 * replaces; JSON, text and DOT carry the times only when a profile is
 * attached. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "impgraph.h"

#include "graph_support.h"

#define FIXTURE IMPGRAPH_TEST_DATA "/measure"

static const char LOG[] = "import time: self [us] | cumulative | imported package\n"
                          "import time:       500 |        500 |   extramod\n"
                          "import time:     40000 |      40000 |   slowmod\n"
                          "import time:       300 |      40800 | app\n";

static impgraph_graph *build_graph(void) {
  static const char *const entries[] = {"app"};
  return build_root(FIXTURE, entries, 1);
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

static size_t edge_between(const impgraph_graph *g, const char *from, const char *to) {
  size_t f = id_of(g, from), t = id_of(g, to);
  for (size_t e = 0; e < impgraph_graph_edge_count(g); e++) {
    const impgraph_edge *edge = impgraph_graph_edge(g, e);
    if (edge->from == f && edge->to == t)
      return e;
  }
  fail_msg("no edge %s -> %s", from, to);
  return SIZE_MAX;
}

static char *render(const impgraph_graph *g, impgraph_format format) {
  char *out = NULL;
  impgraph_error err;
  if (impgraph_render_graph(&out, NULL, g, format, NULL, &err))
    fail_msg("impgraph_render_graph: %s", err.message);
  return out;
}

static void test_no_profile(void **state) {
  (void)state;
  impgraph_graph *g = build_graph();
  int64_t self = -1, cumulative = -1;
  assert_int_equal(impgraph_graph_has_profile(g), 0);
  assert_int_equal(impgraph_graph_module_weight(g, id_of(g, "app"), &self, &cumulative),
                   IMPGRAPH_ENOTFOUND);
  assert_int_equal(impgraph_graph_unmatched_count(g), 0);
  assert_null(impgraph_graph_unmatched(g, 0));
  assert_int_equal(impgraph_graph_edge_observed(g, edge_between(g, "app", "slowmod")), 0);
  assert_null(impgraph_graph_reconciliation(g));
  char *json = render(g, IMPGRAPH_FORMAT_JSON);
  assert_null(strstr(json, "\"self_us\""));
  assert_null(strstr(json, "\"profile\""));
  assert_non_null(strstr(json, "\"weights\": \"estimated\""));
  impgraph_free(json);
  /* Estimates: a source module costs something; `time`, loaded by the bare
     interpreter before the program, costs the program nothing. */
  int64_t estimate = -1;
  assert_int_equal(impgraph_graph_module_estimate(g, id_of(g, "slowmod"), &estimate), 0);
  assert_true(estimate > 0);
  const impgraph_module *time_mod = impgraph_graph_module(g, id_of(g, "time"));
  assert_true(time_mod->flags & IMPGRAPH_MODULE_PRELOADED);
  assert_int_equal(impgraph_graph_module_estimate(g, id_of(g, "time"), &estimate), 0);
  assert_int_equal(estimate, 0);
  impgraph_graph_free(g);
}

static void test_attach(void **state) {
  (void)state;
  impgraph_graph *g = build_graph();
  impgraph_profile *p = profile_of(LOG);
  impgraph_error err;
  assert_int_equal(impgraph_graph_attach_profile(g, p, &err), 0);
  impgraph_profile_free(p); /* nothing of it is kept */
  assert_int_equal(impgraph_graph_has_profile(g), 1);

  int64_t self = -1, cumulative = -1;
  assert_int_equal(impgraph_graph_module_weight(g, id_of(g, "slowmod"), &self, &cumulative), 0);
  assert_int_equal(self, 40000);
  assert_int_equal(cumulative, 40000);
  assert_int_equal(impgraph_graph_module_weight(g, id_of(g, "app"), &self, &cumulative), 0);
  assert_int_equal(self, 300);
  assert_int_equal(cumulative, 40800);
  /* slowmod imports time; the log never shows it */
  assert_int_equal(impgraph_graph_module_weight(g, id_of(g, "time"), &self, NULL),
                   IMPGRAPH_ENOTFOUND);
  assert_int_equal(impgraph_graph_module_weight(g, SIZE_MAX, &self, NULL), IMPGRAPH_ERANGE);

  assert_int_equal(impgraph_graph_unmatched_count(g), 1);
  assert_string_equal(impgraph_graph_unmatched(g, 0), "extramod");
  assert_null(impgraph_graph_unmatched(g, 1));
  assert_int_equal(impgraph_graph_unmatched_self_us(g), 500);

  assert_int_equal(impgraph_graph_edge_observed(g, edge_between(g, "app", "slowmod")), 1);
  assert_int_equal(impgraph_graph_edge_observed(g, edge_between(g, "slowmod", "time")), 0);
  assert_int_equal(impgraph_graph_edge_observed(g, SIZE_MAX), 0);
  /* app -> slowmod is the one start-up eager edge; extramod is nested under
     app but not in the graph. */
  const impgraph_reconciliation *r = impgraph_graph_reconciliation(g);
  assert_non_null(r);
  assert_int_equal(r->static_eager_edges, 1);
  assert_int_equal(r->observed, 1);
  assert_int_equal(r->never_observed, 0);
  assert_int_equal(r->observed_pairs, 2);
  assert_int_equal(r->observed_static, 1);
  assert_int_equal(r->observed_unmatched, 1);
  assert_int_equal(r->observed_only, 0);

  char *json = render(g, IMPGRAPH_FORMAT_JSON);
  assert_non_null(strstr(json, "\"self_us\": 40000"));
  assert_non_null(strstr(json, "\"cumulative_us\": 40800"));
  assert_non_null(strstr(json, "\"cumulative_us\": null"));
  assert_non_null(strstr(json, "\"unmatched_modules\": 1"));
  assert_non_null(strstr(json, "\"unmatched_self_us\": 500"));
  assert_non_null(strstr(json, "\"observed\": true"));
  impgraph_free(json);
  char *text = render(g, IMPGRAPH_FORMAT_TEXT);
  assert_non_null(strstr(text, "measured: 40.3 ms self time in 2 start-up modules"));
  assert_non_null(strstr(text, "40.0 ms  slowmod"));
  impgraph_free(text);
  char *dot = render(g, IMPGRAPH_FORMAT_DOT);
  assert_non_null(strstr(dot, "label=\"slowmod (40.0 ms)\", fillcolor=\"#dc3545\""));
  assert_non_null(strstr(dot, "label=\"app (0.3 ms)\""));
  impgraph_free(dot);

  /* re-attaching replaces the previous weights */
  p = profile_of("import time: self [us] | cumulative | imported package\n"
                 "import time:      1234 |       1234 | slowmod\n");
  assert_int_equal(impgraph_graph_attach_profile(g, p, &err), 0);
  impgraph_profile_free(p);
  assert_int_equal(impgraph_graph_module_weight(g, id_of(g, "slowmod"), &self, NULL), 0);
  assert_int_equal(self, 1234);
  assert_int_equal(impgraph_graph_module_weight(g, id_of(g, "app"), &self, NULL),
                   IMPGRAPH_ENOTFOUND);
  assert_int_equal(impgraph_graph_unmatched_count(g), 0);
  assert_int_equal(impgraph_graph_edge_observed(g, edge_between(g, "app", "slowmod")), 0);

  assert_int_equal(impgraph_graph_attach_profile(NULL, p, &err), IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_graph_attach_profile(g, NULL, &err), IMPGRAPH_EINVAL);
  impgraph_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_no_profile),
      cmocka_unit_test(test_attach),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
