/* api.graph — the module graph through impgraph.h only, with the real
 * python3 (the probe): the start-up set of a fixture package
 * (tests/data/graph/api_proj) holds the standard-library modules it really
 * loads; function-level and TYPE_CHECKING imports are nodes but not loaded;
 * optional missing imports are flagged; `import a.b.c` gives parent edges;
 * a broken, missing or hanging interpreter is a clean error; and several
 * threads query and render one graph at once (run under the sanitizers). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "impgraph.h"

#include "graph_support.h"

#define PROJ IMPGRAPH_TEST_DATA "/graph/api_proj"

static impgraph_graph *build_fixture(void) {
  return build_root(PROJ, NULL, 0);
}

static const impgraph_module *find(const impgraph_graph *g, const char *name) {
  size_t id;
  if (impgraph_graph_find(g, name, &id))
    return NULL;
  return impgraph_graph_module(g, id);
}

static bool startup(const impgraph_graph *g, const char *name) {
  const impgraph_module *m = find(g, name);
  return m && (m->flags & IMPGRAPH_MODULE_IN_STARTUP);
}

static void test_startup_set_with_python(void **state) {
  (void)state;
  impgraph_graph *g = build_fixture();
  /* import json: json and what it imports eagerly are loaded. */
  assert_true(startup(g, "apipkg"));
  assert_true(startup(g, "json"));
  assert_true(startup(g, "json.decoder"));
  assert_true(startup(g, "json.scanner"));
  assert_int_equal(find(g, "json")->origin, IMPGRAPH_ORIGIN_STDLIB);
  assert_int_equal(find(g, "apipkg")->origin, IMPGRAPH_ORIGIN_FIRST_PARTY);
  /* def report(): import csv -> a node, not loaded, not expanded. */
  const impgraph_module *csv = find(g, "csv");
  assert_non_null(csv);
  assert_false(csv->flags & IMPGRAPH_MODULE_IN_STARTUP);
  assert_false(csv->flags & IMPGRAPH_MODULE_EXPANDED);
  assert_true(has_edge(g, "apipkg", "csv", IMPGRAPH_EDGE_FUNCTION));
  /* if TYPE_CHECKING: import decimal -> not loaded. */
  assert_non_null(find(g, "decimal"));
  assert_false(startup(g, "decimal"));
  assert_true(has_edge(g, "apipkg", "decimal", IMPGRAPH_EDGE_TYPE_CHECKING));
  /* try: import <missing> except ImportError. */
  const impgraph_module *missing = find(g, "impgraph_fixture_nonexistent");
  assert_non_null(missing);
  assert_int_equal(missing->kind, IMPGRAPH_MODULE_MISSING);
  assert_true(missing->flags & IMPGRAPH_MODULE_MISSING_OPTIONAL);
  assert_false(missing->flags & IMPGRAPH_MODULE_IN_STARTUP);
  assert_non_null(strstr(missing->reason, "No module named"));
  /* import apipkg.sub.deep.leaf: one edge to the leaf, parents by PARENT. */
  assert_true(has_edge(g, "apipkg", "apipkg.sub.deep.leaf", IMPGRAPH_EDGE_EAGER));
  assert_true(has_edge(g, "apipkg.sub.deep.leaf", "apipkg.sub.deep", IMPGRAPH_EDGE_PARENT));
  assert_true(has_edge(g, "apipkg.sub.deep", "apipkg.sub", IMPGRAPH_EDGE_PARENT));
  assert_true(has_edge(g, "apipkg.sub", "apipkg", IMPGRAPH_EDGE_PARENT));
  assert_true(startup(g, "apipkg.sub.deep"));
  /* os is loaded by every interpreter before the program runs. */
  const impgraph_module *os = find(g, "os");
  assert_true(os->flags & IMPGRAPH_MODULE_PRELOADED);
  assert_false(os->flags & IMPGRAPH_MODULE_IN_STARTUP);
  /* Module ids are in name order; edges by importer. */
  for (size_t i = 1; i < impgraph_graph_module_count(g); i++)
    assert_true(strcmp(impgraph_graph_module(g, i - 1)->name, impgraph_graph_module(g, i)->name) <
                0);
  for (size_t i = 1; i < impgraph_graph_edge_count(g); i++)
    assert_true(impgraph_graph_edge(g, i - 1)->from <= impgraph_graph_edge(g, i)->from);
  assert_null(impgraph_graph_module(g, impgraph_graph_module_count(g)));
  assert_null(impgraph_graph_edge(g, impgraph_graph_edge_count(g)));
  impgraph_graph_free(g);
}

/* ---- threads ---- */

typedef struct shared {
  const impgraph_graph *g;
  char *text, *json, *dot, *why;
  size_t startup_count;
  int failures;
} shared;

static char *render(const impgraph_graph *g, impgraph_format format) {
  char *out = NULL;
  if (impgraph_render_graph(&out, NULL, g, format, NULL, NULL))
    return NULL;
  return out;
}

static char *render_why(const impgraph_graph *g) {
  char *out = NULL;
  if (impgraph_render_why(&out, NULL, g, "json.decoder", 0, IMPGRAPH_FORMAT_JSON, NULL))
    return NULL;
  return out;
}

static void *hammer(void *arg) {
  shared *s = arg;
  int failures = 0;
  for (int round = 0; round < 8; round++) {
    size_t *ids = NULL, count = 0;
    if (impgraph_graph_startup(&ids, &count, s->g, SIZE_MAX, NULL) || count != s->startup_count)
      failures++;
    impgraph_free(ids);
    if (impgraph_graph_startup(&ids, &count, s->g, 0, NULL))
      failures++;
    impgraph_free(ids);
    size_t *edges = NULL, *lengths = NULL, chains = 0;
    if (impgraph_graph_why(&edges, &lengths, &chains, s->g, "json.scanner", 0, NULL) || !chains)
      failures++;
    impgraph_free(edges);
    impgraph_free(lengths);
    char *outs[] = {render(s->g, IMPGRAPH_FORMAT_TEXT), render(s->g, IMPGRAPH_FORMAT_JSON),
                    render(s->g, IMPGRAPH_FORMAT_DOT), render_why(s->g)};
    const char *want[] = {s->text, s->json, s->dot, s->why};
    for (int k = 0; k < 4; k++) {
      if (!outs[k] || strcmp(outs[k], want[k]) != 0)
        failures++;
      impgraph_free(outs[k]);
    }
    size_t *mods, *mod_counts, *cedges, *edge_counts, cycles;
    if (impgraph_graph_cycles(&mods, &mod_counts, &cedges, &edge_counts, &cycles, s->g, NULL))
      failures++;
    else {
      impgraph_free(mods);
      impgraph_free(mod_counts);
      impgraph_free(cedges);
      impgraph_free(edge_counts);
    }
  }
  return (void *)(intptr_t)failures;
}

static void test_concurrent_queries(void **state) {
  (void)state;
  impgraph_graph *g = build_fixture();
  shared s = {.g = g};
  s.text = render(g, IMPGRAPH_FORMAT_TEXT);
  s.json = render(g, IMPGRAPH_FORMAT_JSON);
  s.dot = render(g, IMPGRAPH_FORMAT_DOT);
  s.why = render_why(g);
  assert_non_null(s.text);
  assert_non_null(s.json);
  assert_non_null(s.dot);
  assert_non_null(s.why);
  size_t *ids = NULL;
  assert_int_equal(impgraph_graph_startup(&ids, &s.startup_count, g, SIZE_MAX, NULL), 0);
  impgraph_free(ids);
  pthread_t threads[4];
  for (int i = 0; i < 4; i++)
    assert_int_equal(pthread_create(&threads[i], NULL, hammer, &s), 0);
  int failures = 0;
  for (int i = 0; i < 4; i++) {
    void *result;
    pthread_join(threads[i], &result);
    failures += (int)(intptr_t)result;
  }
  assert_int_equal(failures, 0);
  impgraph_free(s.text);
  impgraph_free(s.json);
  impgraph_free(s.dot);
  impgraph_free(s.why);
  impgraph_graph_free(g);
}

/* Two graphs built at once on two threads (each with its own workers). */
static void *build_one(void *arg) {
  (void)arg;
  impgraph_graph_options opts = IMPGRAPH_GRAPH_OPTIONS_INIT;
  const char *roots[] = {PROJ};
  opts.python = test_python();
  opts.roots = roots;
  opts.root_count = 1;
  opts.jobs = 2;
  opts.flags = IMPGRAPH_GRAPH_NO_PROBE_CACHE | IMPGRAPH_GRAPH_FULL;
  impgraph_graph *g = NULL;
  int rc = impgraph_graph_build(&g, &opts, NULL);
  impgraph_graph_free(g);
  return (void *)(intptr_t)rc;
}

static void test_concurrent_builds(void **state) {
  (void)state;
  pthread_t threads[2];
  for (int i = 0; i < 2; i++)
    assert_int_equal(pthread_create(&threads[i], NULL, build_one, NULL), 0);
  for (int i = 0; i < 2; i++) {
    void *rc;
    pthread_join(threads[i], &rc);
    assert_int_equal((int)(intptr_t)rc, IMPGRAPH_OK);
  }
}

/* thread_start runs once on each parser thread; a version-1 struct (which
   has no such field: whatever lies there is not read) runs nothing. */
typedef struct starts {
  pthread_mutex_t lock;
  int count;
  bool on_caller;
  pthread_t caller;
} starts;

static void count_start(void *arg) {
  starts *s = arg;
  pthread_mutex_lock(&s->lock);
  s->count++;
  if (pthread_equal(pthread_self(), s->caller))
    s->on_caller = true;
  pthread_mutex_unlock(&s->lock);
}

static void test_thread_start(void **state) {
  (void)state;
  starts s = {.lock = PTHREAD_MUTEX_INITIALIZER, .caller = pthread_self()};
  const char *roots[] = {PROJ};
  impgraph_graph_options opts = IMPGRAPH_GRAPH_OPTIONS_INIT;
  opts.python = test_python();
  opts.roots = roots;
  opts.root_count = 1;
  opts.jobs = 3;
  opts.thread_start = count_start;
  opts.thread_start_arg = &s;
  impgraph_graph *g = NULL;
  impgraph_error err;
  assert_int_equal(impgraph_graph_build(&g, &opts, &err), IMPGRAPH_OK);
  impgraph_graph_free(g);
  assert_int_equal(s.count, 3);
  assert_false(s.on_caller);

  s.count = 0;
  opts.version = 1;
  assert_int_equal(impgraph_graph_build(&g, &opts, &err), IMPGRAPH_OK);
  assert_true(impgraph_graph_module_count(g) > 0);
  impgraph_graph_free(g);
  assert_int_equal(s.count, 0);
}

/* ---- interpreter failures ---- */

static int build_with(const char *interpreter, impgraph_error *err) {
  impgraph_graph_options opts = IMPGRAPH_GRAPH_OPTIONS_INIT;
  const char *roots[] = {PROJ};
  opts.python = interpreter;
  opts.roots = roots;
  opts.root_count = 1;
  opts.flags = IMPGRAPH_GRAPH_NO_PROBE_CACHE;
  opts.probe_timeout_ms = 500;
  impgraph_graph *g = NULL;
  int rc = impgraph_graph_build(&g, &opts, err);
  assert_true(rc != IMPGRAPH_OK || g);
  impgraph_graph_free(g);
  return rc;
}

static void test_bad_interpreters(void **state) {
  (void)state;
  impgraph_error err;
  assert_int_equal(build_with("/nonexistent/python3", &err), IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "/nonexistent/python3"));
  assert_int_equal(build_with("/bin/false", &err), IMPGRAPH_EIO);
  char dir[] = "/tmp/impgraph-api-graph-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char script[64];
  snprintf(script, sizeof script, "%s/python", dir);
  FILE *f = fopen(script, "w");
  assert_non_null(f);
  fputs("#!/bin/sh\nsleep 30\n", f);
  fclose(f);
  chmod(script, 0755);
  assert_int_equal(build_with(script, &err), IMPGRAPH_EIO);
  assert_non_null(strstr(err.message, "timed out"));
  unlink(script);
  rmdir(dir);
}

static void test_api_contract(void **state) {
  (void)state;
  impgraph_graph_free(NULL);
  assert_int_equal(impgraph_graph_module_count(NULL), 0);
  assert_null(impgraph_graph_module(NULL, 0));
  impgraph_graph_options opts;
  assert_int_equal(impgraph_graph_options_init(NULL, IMPGRAPH_GRAPH_OPTIONS_VERSION),
                   IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_graph_options_init(&opts, 999), IMPGRAPH_EVERSION);
  impgraph_graph_options macro = IMPGRAPH_GRAPH_OPTIONS_INIT;
  memset(&opts, 0xAB, sizeof opts);
  assert_int_equal(impgraph_graph_options_init(&opts, IMPGRAPH_GRAPH_OPTIONS_VERSION), 0);
  /* Field by field: padding bytes are not part of the contract. */
  assert_int_equal(opts.version, macro.version);
  assert_null(opts.python);
  assert_null(opts.sys_path);
  assert_null(opts.python_version);
  assert_null(opts.roots);
  assert_int_equal(opts.root_count, 0);
  assert_null(opts.entries);
  assert_int_equal(opts.entry_count, 0);
  assert_null(opts.console_scripts);
  assert_int_equal(opts.console_script_count, 0);
  assert_int_equal(opts.jobs, macro.jobs);
  assert_int_equal(opts.flags, macro.flags);
  assert_null(opts.cache_dir);
  assert_int_equal(opts.probe_timeout_ms, macro.probe_timeout_ms);
  assert_int_equal(opts.probe_timeout_ms, 20000);
  assert_null(opts.scan);
  assert_null(opts.thread_start);
  assert_null(opts.thread_start_arg);
  /* Version 1: the fields a version-1 struct has, nothing past them. */
  memset(&opts, 0xAB, sizeof opts);
  assert_int_equal(impgraph_graph_options_init(&opts, 1), 0);
  assert_int_equal(opts.version, 1);
  assert_null(opts.scan);
  const unsigned char *tail = (const unsigned char *)&opts.thread_start;
  for (size_t i = 0; i < sizeof opts.thread_start; i++)
    assert_int_equal(tail[i], 0xAB);
  impgraph_graph_view view, view_macro = IMPGRAPH_GRAPH_VIEW_INIT;
  memset(&view, 0xAB, sizeof view);
  assert_int_equal(impgraph_graph_view_init(&view, IMPGRAPH_GRAPH_VIEW_VERSION), 0);
  assert_int_equal(view.version, view_macro.version);
  assert_int_equal(view.flags, 0);
  assert_int_equal(view.max_depth, 0);
  assert_null(view.include);
  assert_int_equal(view.include_count, 0);
  assert_null(view.exclude);
  assert_int_equal(view.exclude_count, 0);
  impgraph_graph *g = (impgraph_graph *)0x1;
  impgraph_error err;
  assert_int_equal(impgraph_graph_build(&g, NULL, &err), IMPGRAPH_EINVAL);
  assert_null(g);
  opts.sys_path = "/x";
  const char *roots[] = {PROJ};
  opts.roots = roots;
  opts.root_count = 1;
  assert_int_equal(impgraph_graph_build(&g, &opts, &err), IMPGRAPH_EINVAL);
  assert_non_null(strstr(err.message, "python_version"));
  char *out = (char *)0x1;
  assert_int_equal(impgraph_render_graph(&out, NULL, NULL, IMPGRAPH_FORMAT_TEXT, NULL, NULL),
                   IMPGRAPH_EINVAL);
  assert_null(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_api_contract),       cmocka_unit_test(test_startup_set_with_python),
      cmocka_unit_test(test_concurrent_queries), cmocka_unit_test(test_concurrent_builds),
      cmocka_unit_test(test_thread_start),
      cmocka_unit_test(test_bad_interpreters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
