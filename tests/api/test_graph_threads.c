/* api.graph_threads — STYLE.md's thread-safety promise, under ASan/UBSan:
 *  - one built graph (with a profile and a suggestions report) queried from
 *    several threads at once: start-up sets, why, cycles, the three graph
 *    renderers, why/cycles renderers, suggestions and editor diagnostics
 *    of a buffer; every thread must get what one thread alone gets;
 *  - separate graphs built, weighed, updated (impgraph_graph_update_file)
 *    and queried on separate threads at once.
 * TSan is not part of `make test`; ASan still catches a use after free or
 * a double free that a race in the library's shared state (the igraph
 * lock, the graph's tables) would cause, and the comparisons catch torn
 * results. */
#include <pthread.h>
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

#define TASKCLI IMPGRAPH_SOURCE_DIR "/examples/taskcli"
#define CLI_PY TASKCLI "/src/taskcli/cli.py"
#define SUGGEST_FIXTURE IMPGRAPH_TEST_DATA "/suggest"
#define THREADS 8
#define ROUNDS 4

static const char LOG[] = "import time: self [us] | cumulative | imported package\n"
                          "import time:       300 |        300 |       json\n"
                          "import time:       100 |        400 |     taskcli.model\n"
                          "import time:     30000 |      30000 |     taskcli.export\n"
                          "import time:       100 |      30500 |   taskcli\n"
                          "import time:      1500 |       1500 |     argparse\n"
                          "import time:     40000 |      40000 |     taskcli.analytics\n"
                          "import time:     25000 |      25000 |     taskcli.sync\n"
                          "import time:       200 |      97200 |   taskcli.cli\n";

/* Builds a graph; returns 0 or the status (no cmocka asserts: it runs on
   worker threads too). */
static int build(impgraph_graph **g, const char *root, const char *script, const char *entry) {
  impgraph_graph_options opts;
  impgraph_graph_options_init(&opts, IMPGRAPH_GRAPH_OPTIONS_VERSION);
  const char *roots[] = {root};
  const char *scripts[] = {script};
  const char *entries[] = {entry};
  opts.python = test_python();
  opts.roots = roots;
  opts.root_count = 1;
  if (script) {
    opts.console_scripts = scripts;
    opts.console_script_count = 1;
  }
  if (entry) {
    opts.entries = entries;
    opts.entry_count = 1;
  }
  opts.jobs = 2;
  opts.flags = IMPGRAPH_GRAPH_NO_PROBE_CACHE;
  impgraph_error err;
  int rc = impgraph_graph_build(g, &opts, &err);
  if (rc)
    fprintf(stderr, "build %s: %s\n", root, err.message);
  return rc;
}

static int attach(impgraph_graph *g) {
  const char *texts[] = {LOG};
  size_t lens[] = {sizeof LOG - 1};
  impgraph_profile *p = NULL;
  int rc = impgraph_profile_from_logs(&p, texts, lens, NULL, 1, NULL);
  if (!rc)
    rc = impgraph_graph_attach_profile(g, p, NULL);
  impgraph_profile_free(p);
  return rc;
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = malloc((size_t)size + 1);
  if (data && fread(data, 1, (size_t)size, f) != (size_t)size) {
    free(data);
    data = NULL;
  }
  if (data)
    data[size] = '\0';
  fclose(f);
  *len = (size_t)size;
  return data;
}

/* Everything the queries return, as one text: what one thread gets must be
   what every thread gets. */
typedef struct answers {
  char *text;
} answers;

static void append(char **text, const char *what, const char *s) {
  size_t old = *text ? strlen(*text) : 0;
  size_t add = strlen(what) + strlen(s) + 2;
  char *grown = realloc(*text, old + add);
  if (!grown)
    return;
  snprintf(grown + old, add, "%s\n%s", what, s);
  *text = grown;
}

static void append_ids(char **text, const char *what, const size_t *ids, size_t count) {
  char buf[64];
  append(text, what, "");
  for (size_t i = 0; i < count; i++) {
    snprintf(buf, sizeof buf, "%zu ", ids[i]);
    append(text, "", buf);
  }
}

static int render_all(char **text, const impgraph_graph *g, const char *why) {
  static const impgraph_format formats[] = {IMPGRAPH_FORMAT_TEXT, IMPGRAPH_FORMAT_JSON,
                                            IMPGRAPH_FORMAT_DOT};
  char *out = NULL;
  for (size_t f = 0; f < 3; f++) {
    if (impgraph_render_graph(&out, NULL, g, formats[f], NULL, NULL))
      return -1;
    append(text, "graph", out);
    impgraph_free(out);
  }
  if (impgraph_render_why(&out, NULL, g, why, 0, IMPGRAPH_FORMAT_JSON, NULL))
    return -1;
  append(text, "why", out);
  impgraph_free(out);
  if (impgraph_render_cycles(&out, NULL, g, IMPGRAPH_FORMAT_TEXT, NULL))
    return -1;
  append(text, "cycles", out);
  impgraph_free(out);
  return 0;
}

/* Start-up sets, `why` of module `why` (loaded at start-up), cycles and
   the renderings. */
static int query_all(char **text, const impgraph_graph *g, const char *why) {
  size_t *ids = NULL, count = 0;
  for (size_t entry = 0; entry <= impgraph_graph_entry_count(g); entry++) {
    size_t index = entry == impgraph_graph_entry_count(g) ? SIZE_MAX : entry;
    if (impgraph_graph_startup(&ids, &count, g, index, NULL))
      return -1;
    append_ids(text, "startup", ids, count);
    impgraph_free(ids);
  }
  size_t *edges = NULL, *lengths = NULL, chains = 0;
  if (impgraph_graph_why(&edges, &lengths, &chains, g, why, 0, NULL))
    return -1;
  append_ids(text, "why", edges, lengths[0]);
  impgraph_free(edges);
  impgraph_free(lengths);
  size_t *mods = NULL, *mod_counts = NULL, *cycle_edges = NULL, *edge_counts = NULL, cycles = 0;
  if (impgraph_graph_cycles(&mods, &mod_counts, &cycle_edges, &edge_counts, &cycles, g, NULL))
    return -1;
  size_t total = 0;
  for (size_t i = 0; i < cycles; i++)
    total += mod_counts[i];
  append_ids(text, "cycles", mods, total);
  impgraph_free(mods);
  impgraph_free(mod_counts);
  impgraph_free(cycle_edges);
  impgraph_free(edge_counts);
  return render_all(text, g, why);
}

static int editor_all(char **text, const impgraph_graph *g, const impgraph_suggestions *s,
                      const char *buffer, size_t len) {
  impgraph_editor_diagnostics *d = NULL;
  if (impgraph_editor_diagnostics_new(&d, g, s, CLI_PY, buffer, len, NULL, NULL))
    return -1;
  for (size_t i = 0; i < impgraph_editor_diagnostics_count(d); i++) {
    const impgraph_editor_diagnostic *x = impgraph_editor_diagnostics_get(d, i);
    char line[64];
    snprintf(line, sizeof line, "%u:%u %zu", x->range.start.line, x->range.start.utf16_column,
             x->fix_count);
    append(text, x->code, x->message);
    append(text, "", line);
  }
  impgraph_editor_diagnostics_free(d);
  return 0;
}

static int suggest_all(char **text, const impgraph_graph *g) {
  impgraph_suggestions *s = NULL;
  if (impgraph_suggest(&s, g, NULL, NULL))
    return -1;
  char *out = NULL;
  int rc = impgraph_render_suggestions(&out, NULL, s, IMPGRAPH_FORMAT_JSON, NULL, NULL);
  if (!rc)
    append(text, "suggest", out);
  impgraph_free(out);
  impgraph_suggestions_free(s);
  return rc;
}

/* ---- one graph, many readers ---- */

typedef struct shared {
  const impgraph_graph *g;
  const impgraph_suggestions *suggestions;
  const char *buffer;
  size_t len;
  const char *expected[2]; /* one thread's answers, without and with suggest */
} shared;

static int answer(char **text, const shared *sh, bool with_suggest) {
  int rc = query_all(text, sh->g, "taskcli.sync");
  if (!rc)
    rc = editor_all(text, sh->g, sh->suggestions, sh->buffer, sh->len);
  if (!rc && with_suggest)
    rc = suggest_all(text, sh->g);
  return rc;
}

static void *reader(void *arg) {
  shared *sh = arg;
  int failures = 0;
  for (int round = 0; round < ROUNDS; round++) {
    /* suggest is the slowest: in one round of each thread */
    bool with_suggest = round == 0;
    char *text = NULL;
    if (answer(&text, sh, with_suggest) || !text || strcmp(text, sh->expected[with_suggest]) != 0)
      failures++;
    free(text);
  }
  return (void *)(intptr_t)failures;
}

static void test_one_graph_many_threads(void **state) {
  (void)state;
  impgraph_graph *g = NULL;
  assert_int_equal(build(&g, TASKCLI, "taskcli", NULL), 0);
  assert_int_equal(attach(g), 0);
  impgraph_suggestions *s = NULL;
  assert_int_equal(impgraph_suggest(&s, g, NULL, NULL), 0);
  size_t len = 0;
  char *buffer = read_all(CLI_PY, &len);
  assert_non_null(buffer);
  shared sh = {.g = g, .suggestions = s, .buffer = buffer, .len = len};
  char *quick = NULL, *full = NULL;
  assert_int_equal(answer(&quick, &sh, false), 0);
  assert_int_equal(answer(&full, &sh, true), 0);
  sh.expected[0] = quick;
  sh.expected[1] = full;
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++)
    assert_int_equal(pthread_create(&threads[i], NULL, reader, &sh), 0);
  int failures = 0;
  for (int i = 0; i < THREADS; i++) {
    void *result = NULL;
    pthread_join(threads[i], &result);
    failures += (int)(intptr_t)result;
  }
  free(quick);
  free(full);
  assert_int_equal(failures, 0);
  impgraph_suggestions_free(s);
  impgraph_graph_free(g);
  free(buffer);
}

/* ---- separate graphs, each on its own thread ---- */

typedef struct own {
  const char *root, *script, *entry;
  const char *why;      /* a module loaded at start-up */
  bool update;          /* taskcli: update cli.py with a buffer */
  char *first, *second; /* answers of two rounds */
  int rc;
} own;

static void *builder(void *arg) {
  own *o = arg;
  impgraph_graph *g = NULL;
  if ((o->rc = build(&g, o->root, o->script, o->entry)))
    return NULL;
  if ((o->rc = attach(g)) || (o->rc = query_all(&o->first, g, o->why)) ||
      (o->rc = suggest_all(&o->first, g)))
    goto done;
  if (o->update) {
    size_t len = 0;
    char *text = read_all(CLI_PY, &len);
    o->rc = text ? impgraph_graph_update_file(g, CLI_PY, NULL, text, len, NULL) : -1;
    free(text);
    if (o->rc)
      goto done;
  }
  o->rc = query_all(&o->second, g, o->why);
  if (!o->rc)
    o->rc = suggest_all(&o->second, g);
done:
  impgraph_graph_free(g);
  return NULL;
}

static void test_graphs_on_threads(void **state) {
  (void)state;
  own work[] = {
      {.root = TASKCLI, .script = "taskcli", .why = "taskcli.sync", .update = true},
      {.root = TASKCLI, .script = "taskcli", .why = "taskcli.sync"},
      {.root = SUGGEST_FIXTURE, .entry = "rules.main:main", .why = "rules.heavy"},
      {.root = TASKCLI, .script = "taskcli", .why = "taskcli.sync", .update = true},
  };
  size_t n = sizeof work / sizeof *work;
  pthread_t threads[sizeof work / sizeof *work];
  for (size_t i = 0; i < n; i++)
    assert_int_equal(pthread_create(&threads[i], NULL, builder, &work[i]), 0);
  for (size_t i = 0; i < n; i++)
    pthread_join(threads[i], NULL);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(work[i].rc, 0);
    /* Updating a file with its own text changes nothing. */
    assert_string_equal(work[i].first, work[i].second);
  }
  /* Same project, same answers, whatever ran alongside. */
  assert_string_equal(work[0].first, work[1].first);
  assert_string_equal(work[0].first, work[3].first);
  for (size_t i = 0; i < n; i++) {
    free(work[i].first);
    free(work[i].second);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_one_graph_many_threads),
      cmocka_unit_test(test_graphs_on_threads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
