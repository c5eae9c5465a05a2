/* Unit tests of importtime/profile (aggregation of log runs into per-module
 * statistics), impgraph_profile_from_logs() on the real fixture logs of
 * tests/data/importtime/, and the profile's JSON round trip and text view.
 * No interpreter is run here (see tests/api/test_measure.c for that). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "importtime/profile.h"

#define DATA IMPGRAPH_TEST_DATA "/importtime/"

/* ---- helpers ------------------------------------------------------------- */

static impgraph_profile *from_texts(const char *const *texts, size_t count) {
  size_t lens[8];
  assert_true(count <= 8);
  for (size_t i = 0; i < count; i++)
    lens[i] = strlen(texts[i]);
  impgraph_profile *p = NULL;
  impgraph_error err;
  if (impgraph_profile_from_logs(&p, texts, lens, NULL, count, &err) != 0)
    fail_msg("%s", err.message);
  return p;
}

static impgraph_profile *from_fixture(const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s%s", DATA, name);
  char *data = NULL;
  size_t len = 0;
  impgraph_error err;
  if (ipg_read_file(path, &data, &len, &err) != 0)
    fail_msg("%s", err.message);
  const char *texts[] = {data};
  const char *labels[] = {name};
  impgraph_profile *p = NULL;
  if (impgraph_profile_from_logs(&p, texts, &len, labels, 1, &err) != 0)
    fail_msg("%s", err.message);
  free(data);
  return p;
}

static const impgraph_module_stats *module(const impgraph_profile *p, const char *name) {
  size_t index = 0;
  if (impgraph_profile_find(p, name, &index) != 0)
    fail_msg("module %s not in the profile", name);
  const impgraph_module_stats *m = impgraph_profile_module(p, index);
  assert_non_null(m);
  assert_string_equal(m->name, name);
  return m;
}

static const impgraph_observed_edge *edge(const impgraph_profile *p, const char *importer,
                                          const char *imported, impgraph_profile_edge_kind kind) {
  for (size_t i = 0; i < impgraph_profile_edge_count(p); i++) {
    const impgraph_observed_edge *e = impgraph_profile_edge(p, i);
    if (strcmp(e->importer, importer) == 0 && strcmp(e->imported, imported) == 0 && e->kind == kind)
      return e;
  }
  return NULL;
}

static bool has_diagnostic(const impgraph_profile *p, const char *code) {
  for (size_t i = 0; i < impgraph_profile_diagnostic_count(p); i++)
    if (strcmp(impgraph_profile_diagnostic(p, i)->code, code) == 0)
      return true;
  return false;
}

static char *render(const impgraph_profile *p, impgraph_format format,
                    const impgraph_profile_view *view) {
  char *out = NULL;
  size_t len = 0;
  impgraph_error err;
  if (impgraph_render_profile(&out, &len, p, format, view, &err) != 0)
    fail_msg("%s", err.message);
  assert_int_equal(strlen(out), len);
  return out;
}

/* ---- statistics ------------------------------------------------------------ */

static void test_stats_odd(void **state) {
  (void)state;
  int64_t v[] = {30, 10, 20};
  impgraph_time_stats s;
  ipg_time_stats(&s, v, 3);
  assert_int_equal(s.count, 3);
  assert_int_equal(s.median_us, 20);
  assert_int_equal(s.min_us, 10);
  assert_int_equal(s.max_us, 30);
  /* Q1 = 15, Q3 = 25: (25 - 15) / 20 */
  assert_true(s.spread == 0.5);
}

static void test_stats_even(void **state) {
  (void)state;
  int64_t v[] = {4, 1, 3, 2};
  impgraph_time_stats s;
  ipg_time_stats(&s, v, 4);
  assert_int_equal(s.median_us, 3); /* 2.5 rounds half away from zero */
  assert_int_equal(s.min_us, 1);
  assert_int_equal(s.max_us, 4);
  /* Q1 = 1.75, Q3 = 3.25: 1.5 / 3 */
  assert_true(s.spread == 0.5);
  int64_t even[] = {100, 200};
  ipg_time_stats(&s, even, 2);
  assert_int_equal(s.median_us, 150);
  assert_true(s.spread == 0.3333); /* Q3 - Q1 = 50, rounded to 4 decimals */
  int64_t negative[] = {-3, -2};
  ipg_time_stats(&s, negative, 2);
  assert_int_equal(s.median_us, -3); /* -2.5 away from zero */
  assert_int_equal(s.min_us, -3);
}

static void test_stats_outlier_is_ignored(void **state) {
  (void)state;
  /* One slow run out of five (a cold cache) does not make runs disagree. */
  int64_t v[] = {1000, 1010, 990, 1005, 5000};
  impgraph_time_stats s;
  ipg_time_stats(&s, v, 5);
  assert_int_equal(s.median_us, 1005);
  assert_int_equal(s.max_us, 5000);
  assert_true(s.spread < 0.02); /* (1010 - 1000) / 1005 */
}

static void test_stats_degenerate(void **state) {
  (void)state;
  impgraph_time_stats s;
  int64_t one[] = {42};
  ipg_time_stats(&s, one, 1);
  assert_int_equal(s.count, 1);
  assert_int_equal(s.median_us, 42);
  assert_true(s.spread == 0.0);
  ipg_time_stats(&s, NULL, 0);
  assert_int_equal(s.count, 0);
  assert_int_equal(s.median_us, 0);
  int64_t zeros[] = {0, 0, 5}; /* median 0: divided by 1 µs, not by 0 */
  ipg_time_stats(&s, zeros, 3);
  assert_int_equal(s.median_us, 0);
  assert_true(s.spread == 2.5);
  int64_t huge[] = {INT64_MAX, INT64_MAX - 1};
  ipg_time_stats(&s, huge, 2);
  assert_true(s.median_us >= INT64_MAX - 1);
}

/* ---- aggregation over synthetic logs --------------------------------------- */

#define HEADER "import time: self [us] | cumulative | imported package\n"

static void test_aggregation_odd_runs(void **state) {
  (void)state;
  /* Three runs: `pkg.child` nested under `pkg`; `extra` only in one run. */
  const char *texts[] = {
      HEADER "import time:        10 |         10 |   pkg.child\n"
             "import time:         5 |         15 | pkg\n",
      HEADER "import time:        30 |         30 |   pkg.child\n"
             "import time:         7 |         37 | pkg\n"
             "import time:       100 |        100 | extra\n",
      HEADER "import time:        20 |         20 |   pkg.child\n"
             "import time:         6 |         26 | pkg\n",
  };
  impgraph_profile *p = from_texts(texts, 3);
  const impgraph_profile_info *info = impgraph_profile_summary(p);
  assert_string_equal(info->source, "log");
  assert_int_equal(info->runs, 3);
  assert_int_equal(info->warmup, 0);
  assert_int_equal(impgraph_profile_run_count(p), 3);
  assert_int_equal(info->wall.count, 0); /* unknown for logs */
  assert_int_equal(info->total.median_us, 26);
  assert_int_equal(info->total.min_us, 15);
  assert_int_equal(info->total.max_us, 137);

  const impgraph_module_stats *child = module(p, "pkg.child");
  assert_int_equal(child->runs, 3);
  assert_int_equal(child->self.median_us, 20);
  assert_int_equal(child->self.min_us, 10);
  assert_int_equal(child->self.max_us, 30);
  assert_int_equal(child->cumulative.median_us, 20);
  assert_int_equal(child->flags & IMPGRAPH_PROFILE_MODULE_TOP_LEVEL, 0);
  const impgraph_module_stats *pkg = module(p, "pkg");
  assert_int_equal(pkg->self.median_us, 6);
  assert_int_equal(pkg->cumulative.median_us, 26);
  assert_true(pkg->flags & IMPGRAPH_PROFILE_MODULE_TOP_LEVEL);
  const impgraph_module_stats *extra = module(p, "extra");
  assert_int_equal(extra->runs, 1);
  assert_int_equal(extra->self.median_us, 100);

  const impgraph_observed_edge *e = edge(p, "pkg", "pkg.child", IMPGRAPH_PROFILE_EDGE_NESTED);
  assert_non_null(e);
  assert_int_equal(e->runs, 3);
  assert_string_equal(impgraph_profile_module(p, e->importer_index)->name, "pkg");
  assert_string_equal(impgraph_profile_module(p, e->imported_index)->name, "pkg.child");
  assert_int_equal(impgraph_profile_edge_count(p), 1);

  /* Sorted by name; find is exact. */
  for (size_t i = 1; i < impgraph_profile_module_count(p); i++)
    assert_true(
        strcmp(impgraph_profile_module(p, i - 1)->name, impgraph_profile_module(p, i)->name) < 0);
  size_t index;
  assert_int_equal(impgraph_profile_find(p, "pkg.chil", &index), IMPGRAPH_ENOTFOUND);
  assert_int_equal(impgraph_profile_find(p, NULL, &index), IMPGRAPH_EINVAL);
  assert_null(impgraph_profile_module(p, 99));
  assert_null(impgraph_profile_run_log(p, 0, NULL)); /* logs are not kept */
  impgraph_profile_free(p);
}

static void test_aggregation_even_runs_and_repeats(void **state) {
  (void)state;
  /* Four runs; in the last one `mod` is imported twice (failed, then
     retried): the run's self time is the sum of both rows. */
  const char *texts[] = {
      HEADER "import time:       100 |        100 | mod\n",
      HEADER "import time:       200 |        200 | mod\n",
      HEADER "import time:       300 |        300 | mod\n",
      HEADER "import time:       150 |        150 | mod\n"
             "import time:       250 |        250 | mod\n",
  };
  impgraph_profile *p = from_texts(texts, 4);
  const impgraph_module_stats *m = module(p, "mod");
  assert_int_equal(m->runs, 4);
  /* samples 100, 200, 300, 400 */
  assert_int_equal(m->self.median_us, 250);
  assert_int_equal(m->self.max_us, 400);
  assert_int_equal(m->cumulative.median_us, 250);
  assert_true(m->flags & IMPGRAPH_PROFILE_MODULE_REPEAT);
  impgraph_profile_free(p);
}

static void test_nested_self_counted_once(void **state) {
  (void)state;
  /* `a` imported again while being imported: the inner row's cumulative time
     is part of the outer one's. */
  const char *texts[] = {HEADER "import time:        40 |         40 |   a\n"
                                "import time:        60 |        100 | a\n"};
  impgraph_profile *p = from_texts(texts, 1);
  const impgraph_module_stats *a = module(p, "a");
  assert_int_equal(a->self.median_us, 100);
  assert_int_equal(a->cumulative.median_us, 100);
  assert_true(a->flags & IMPGRAPH_PROFILE_MODULE_NESTED_SELF);
  impgraph_profile_free(p);
}

static void test_runs_disagree(void **state) {
  (void)state;
  const char *texts[] = {
      HEADER "import time:      5000 |       5000 | big\n",
      HEADER "import time:     10000 |      10000 | big\n",
      HEADER "import time:     15000 |      15000 | big\n",
  };
  impgraph_profile *p = from_texts(texts, 3);
  assert_true(has_diagnostic(p, "runs-disagree"));
  impgraph_profile_free(p);
  const char *steady[] = {
      HEADER "import time:     10000 |      10000 | big\n",
      HEADER "import time:     10100 |      10100 | big\n",
      HEADER "import time:      9900 |       9900 | big\n",
  };
  p = from_texts(steady, 3);
  assert_false(has_diagnostic(p, "runs-disagree"));
  impgraph_profile_free(p);
}

/* ---- from-log on the real fixtures --------------------------------------------- */

static void test_from_log_multi_run(void **state) {
  (void)state;
  impgraph_profile *p = from_fixture("multi-run.log");
  const impgraph_profile_info *info = impgraph_profile_summary(p);
  assert_int_equal(info->runs, 2);
  assert_int_equal(impgraph_profile_run_count(p), 2);
  assert_string_equal(impgraph_profile_run(p, 0)->label, "multi-run.log");
  assert_string_equal(impgraph_profile_run(p, 1)->label, "multi-run.log#2");
  assert_int_equal(impgraph_profile_run(p, 0)->wall_us, -1);
  const impgraph_module_stats *csv = module(p, "csv");
  assert_int_equal(csv->runs, 2);
  assert_true(csv->flags & IMPGRAPH_PROFILE_MODULE_TOP_LEVEL);
  assert_true(csv->cumulative.median_us >= csv->self.median_us);
  /* Medians are over the runs a module appears in. */
  for (size_t i = 0; i < impgraph_profile_module_count(p); i++) {
    const impgraph_module_stats *m = impgraph_profile_module(p, i);
    assert_true(m->runs >= 1 && m->runs <= 2);
    assert_int_equal(m->self.count, m->runs);
    assert_true(m->self.min_us <= m->self.median_us && m->self.median_us <= m->self.max_us);
  }
  assert_int_equal(info->importtime_level, 1);
  impgraph_profile_free(p);
}

static void test_from_log_threads(void **state) {
  (void)state;
  impgraph_profile *p = from_fixture("py312-threads.log");
  assert_true(impgraph_profile_run(p, 0)->flags & IMPGRAPH_PROFILE_RUN_SUSPECT);
  size_t negative = 0;
  for (size_t i = 0; i < impgraph_profile_module_count(p); i++) {
    const impgraph_module_stats *m = impgraph_profile_module(p, i);
    assert_true(m->flags & IMPGRAPH_PROFILE_MODULE_SUSPECT);
    /* Never a negative median without the flag that says why. */
    if (m->self.median_us < 0 || m->cumulative.median_us < m->self.median_us) {
      assert_true(m->flags & IMPGRAPH_PROFILE_MODULE_NEGATIVE);
      negative++;
    }
  }
  assert_true(negative > 0);
  assert_true(has_diagnostic(p, "suspect-run"));
  impgraph_profile_free(p);
}

static void test_from_log_failed_and_killed(void **state) {
  (void)state;
  impgraph_profile *p = from_fixture("py312-failed-traceback.log");
  const impgraph_module_stats *broken = NULL;
  for (size_t i = 0; i < impgraph_profile_module_count(p); i++)
    if (impgraph_profile_module(p, i)->flags & IMPGRAPH_PROFILE_MODULE_FAILED)
      broken = impgraph_profile_module(p, i);
  assert_non_null(broken);
  assert_int_equal(broken->failed_runs, 1);
  assert_true(has_diagnostic(p, "import-error"));
  impgraph_profile_free(p);

  p = from_fixture("py313-killed.log");
  bool truncated = false;
  for (size_t i = 0; i < impgraph_profile_module_count(p); i++)
    truncated =
        truncated || (impgraph_profile_module(p, i)->flags & IMPGRAPH_PROFILE_MODULE_TRUNCATED);
  assert_true(truncated);
  impgraph_profile_free(p);
}

static void test_from_log_subprocess_is_a_run(void **state) {
  (void)state;
  /* A log cannot tell a child process's header from a new run. */
  impgraph_profile *p = from_fixture("py312-subprocess.log");
  assert_int_equal(impgraph_profile_summary(p)->runs, 2);
  assert_int_equal(module(p, "csv")->runs, 1);
  impgraph_profile_free(p);
}

static void test_from_log_cached_edges(void **state) {
  (void)state;
  impgraph_profile *p = from_fixture("py314-cached-handmade.log");
  assert_int_equal(impgraph_profile_summary(p)->importtime_level, 2);
  size_t cached = 0;
  for (size_t i = 0; i < impgraph_profile_edge_count(p); i++) {
    const impgraph_observed_edge *e = impgraph_profile_edge(p, i);
    if (e->kind == IMPGRAPH_PROFILE_EDGE_CACHED) {
      cached++;
      assert_non_null(impgraph_profile_module(p, e->importer_index));
      if (e->imported_index != SIZE_MAX)
        assert_string_equal(impgraph_profile_module(p, e->imported_index)->name, e->imported);
      else
        assert_int_equal(impgraph_profile_find(p, e->imported, &(size_t){0}), IMPGRAPH_ENOTFOUND);
    }
  }
  assert_true(cached > 10);
  impgraph_profile_free(p);
}

static void test_from_log_errors(void **state) {
  (void)state;
  impgraph_profile *p = (impgraph_profile *)1;
  impgraph_error err;
  const char *texts[] = {"x"};
  size_t lens[] = {1};
  assert_int_equal(impgraph_profile_from_logs(&p, texts, lens, NULL, 0, &err), IMPGRAPH_EINVAL);
  assert_null(p);
  const char *null_text[] = {NULL};
  assert_int_equal(impgraph_profile_from_logs(&p, null_text, lens, NULL, 1, &err), IMPGRAPH_EINVAL);
  /* Not a log at all: a profile with no runs counted and a diagnostic. */
  const char *junk[] = {"hello\nworld\n"};
  lens[0] = strlen(junk[0]);
  assert_int_equal(impgraph_profile_from_logs(&p, junk, lens, NULL, 1, &err), 0);
  assert_int_equal(impgraph_profile_summary(p)->runs, 0);
  assert_int_equal(impgraph_profile_module_count(p), 0);
  assert_true(has_diagnostic(p, "no-rows"));
  char *text = render(p, IMPGRAPH_FORMAT_TEXT, NULL);
  assert_non_null(strstr(text, "No module was imported"));
  impgraph_free(text);
  impgraph_profile_free(p);
}

/* ---- JSON round trip ----------------------------------------------------------- */

static char *write_temp(const char *text) {
  char *path = strdup("/tmp/impgraph-profile-XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  size_t len = strlen(text);
  assert_int_equal(write(fd, text, len), (ssize_t)len);
  close(fd);
  return path;
}

static void round_trip(const char *fixture) {
  impgraph_profile *p = from_fixture(fixture);
  char *json = render(p, IMPGRAPH_FORMAT_JSON, NULL);
  char *path = write_temp(json);
  impgraph_profile *loaded = NULL;
  impgraph_error err;
  if (impgraph_profile_load(&loaded, path, &err) != 0)
    fail_msg("%s", err.message);
  char *again = render(loaded, IMPGRAPH_FORMAT_JSON, NULL);
  assert_string_equal(json, again);
  assert_int_equal(impgraph_profile_module_count(p), impgraph_profile_module_count(loaded));
  for (size_t i = 0; i < impgraph_profile_module_count(p); i++) {
    const impgraph_module_stats *a = impgraph_profile_module(p, i);
    const impgraph_module_stats *b = impgraph_profile_module(loaded, i);
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->self.median_us, b->self.median_us);
    assert_int_equal(a->cumulative.max_us, b->cumulative.max_us);
    assert_true(a->self.spread == b->self.spread);
    assert_int_equal(a->flags, b->flags);
    assert_int_equal(a->failed_runs, b->failed_runs);
  }
  assert_int_equal(impgraph_profile_edge_count(p), impgraph_profile_edge_count(loaded));
  assert_int_equal(impgraph_profile_diagnostic_count(p), impgraph_profile_diagnostic_count(loaded));
  const impgraph_profile_info *x = impgraph_profile_summary(p);
  const impgraph_profile_info *y = impgraph_profile_summary(loaded);
  assert_int_equal(x->runs, y->runs);
  assert_int_equal(x->total.median_us, y->total.median_us);
  assert_true(x->total.spread == y->total.spread);
  impgraph_free(json);
  impgraph_free(again);
  unlink(path);
  free(path);
  impgraph_profile_free(p);
  impgraph_profile_free(loaded);
}

static void test_json_round_trip(void **state) {
  (void)state;
  round_trip("multi-run.log");
  round_trip("py312-threads.log");
  round_trip("py314-cached-handmade.log");
  round_trip("py312-stray.log");
  round_trip("py312-failed-traceback.log");
}

static void test_json_document(void **state) {
  (void)state;
  impgraph_profile *p = from_fixture("multi-run.log");
  char *json = render(p, IMPGRAPH_FORMAT_JSON, NULL);
  assert_non_null(strstr(json, "\"schema\": \"impgraph-profile\""));
  assert_non_null(strstr(json, "\"schema_version\": 1"));
  assert_non_null(strstr(json, "\"kind\": \"nested\""));
  assert_non_null(strstr(json, "\"top_level\""));
  impgraph_free(json);
  char *out = NULL;
  impgraph_error err;
  assert_int_equal(impgraph_render_profile(&out, NULL, p, IMPGRAPH_FORMAT_DOT, NULL, &err),
                   IMPGRAPH_EFORMAT);
  assert_null(out);
  impgraph_profile_view view = IMPGRAPH_PROFILE_VIEW_INIT;
  view.version = 99;
  assert_int_equal(impgraph_render_profile(&out, NULL, p, IMPGRAPH_FORMAT_TEXT, &view, &err),
                   IMPGRAPH_EVERSION);
  impgraph_profile_free(p);
}

static void expect_load_error(const char *text, int code, const char *needle) {
  char *path = write_temp(text);
  impgraph_profile *p = (impgraph_profile *)1;
  impgraph_error err;
  assert_int_equal(impgraph_profile_load(&p, path, &err), code);
  assert_null(p);
  if (!strstr(err.message, needle))
    fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
  unlink(path);
  free(path);
}

static void test_json_load_errors(void **state) {
  (void)state;
  expect_load_error("{", IMPGRAPH_EFORMAT, "not JSON");
  expect_load_error("[]", IMPGRAPH_EFORMAT, "top level");
  expect_load_error("{\"schema\": \"impgraph-scan\", \"schema_version\": 1}", IMPGRAPH_EFORMAT,
                    "schema");
  expect_load_error("{\"schema\": \"impgraph-profile\", \"schema_version\": 2}", IMPGRAPH_EFORMAT,
                    "newer");
  expect_load_error("{\"schema\": \"impgraph-profile\", \"schema_version\": 1, "
                    "\"modules\": [{\"name\": \"a\", \"runs\": -1}]}",
                    IMPGRAPH_EFORMAT, "modules[0].runs");
  expect_load_error("{\"schema\": \"impgraph-profile\", \"schema_version\": 1, "
                    "\"edges\": [{\"importer\": \"a\", \"imported\": \"b\", "
                    "\"kind\": \"sideways\"}]}",
                    IMPGRAPH_EFORMAT, "edges[0].kind");
  expect_load_error("{\"schema\": \"impgraph-profile\", \"schema_version\": 1, "
                    "\"modules\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}",
                    IMPGRAPH_EFORMAT, "repeats");
  expect_load_error("{\"schema\": \"impgraph-profile\", \"schema_version\": 1, "
                    "\"runs\": [{\"wall_us\": \"slow\"}]}",
                    IMPGRAPH_EFORMAT, "runs[0].wall_us");
  impgraph_profile *p = (impgraph_profile *)1;
  impgraph_error err;
  assert_int_equal(impgraph_profile_load(&p, "/nonexistent/profile.json", &err), IMPGRAPH_EIO);
  assert_null(p);
  /* Minimal valid document; unknown fields and flag names are ignored. */
  char *path = write_temp("{\"schema\": \"impgraph-profile\", \"schema_version\": 1, "
                          "\"future_field\": 3, \"modules\": [{\"name\": \"a\", "
                          "\"flags\": [\"failed\", \"from_the_future\"]}]}");
  assert_int_equal(impgraph_profile_load(&p, path, &err), 0);
  assert_int_equal(impgraph_profile_module_count(p), 1);
  assert_int_equal(impgraph_profile_module(p, 0)->flags, IMPGRAPH_PROFILE_MODULE_FAILED);
  impgraph_profile_free(p);
  unlink(path);
  free(path);
}

/* ---- text view -------------------------------------------------------------- */

static void test_text_view(void **state) {
  (void)state;
  impgraph_profile *p = from_fixture("py313-json-asyncio.log");
  impgraph_profile_view view;
  assert_int_equal(impgraph_profile_view_init(&view, IMPGRAPH_PROFILE_VIEW_VERSION), 0);
  view.top = 5;
  view.width = 60;
  view.flags = IMPGRAPH_PROFILE_VIEW_TREE;
  char *text = render(p, IMPGRAPH_FORMAT_TEXT, &view);
  assert_non_null(strstr(text, "Slowest modules by self time"));
  assert_non_null(strstr(text, "Slowest modules by cumulative time"));
  assert_non_null(strstr(text, "Import tree"));
  assert_non_null(strstr(text, "asyncio"));
  assert_non_null(strstr(text, "... "));
  /* Table and tree lines fit the width (header lines name files and may
     not). */
  bool in_body = false;
  for (char *line = text; *line;) {
    size_t n = strcspn(line, "\n");
    if (strncmp(line, "Slowest", 7) == 0)
      in_body = true;
    if (strncmp(line, "Diagnostics", 11) == 0)
      in_body = false;
    if (in_body && n > 60)
      fail_msg("line longer than 60 columns: %.*s", (int)n, line);
    line += n + (line[n] == '\n');
  }
  impgraph_free(text);
  impgraph_profile_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stats_odd),
      cmocka_unit_test(test_stats_even),
      cmocka_unit_test(test_stats_outlier_is_ignored),
      cmocka_unit_test(test_stats_degenerate),
      cmocka_unit_test(test_aggregation_odd_runs),
      cmocka_unit_test(test_aggregation_even_runs_and_repeats),
      cmocka_unit_test(test_nested_self_counted_once),
      cmocka_unit_test(test_runs_disagree),
      cmocka_unit_test(test_from_log_multi_run),
      cmocka_unit_test(test_from_log_threads),
      cmocka_unit_test(test_from_log_failed_and_killed),
      cmocka_unit_test(test_from_log_subprocess_is_a_run),
      cmocka_unit_test(test_from_log_cached_edges),
      cmocka_unit_test(test_from_log_errors),
      cmocka_unit_test(test_json_round_trip),
      cmocka_unit_test(test_json_document),
      cmocka_unit_test(test_json_load_errors),
      cmocka_unit_test(test_text_view),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
