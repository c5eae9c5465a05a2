/* bench_editor_update — what an editor pays after an edit: updating the
 * graph for one file (impgraph_graph_update_file) against rebuilding it
 * (impgraph_graph_build, with the interpreter probe cached as a rebuild in
 * an editor would have it), and the diagnostics of one buffer. Prints the
 * medians and the ratio rebuild/update, all measured in the same run.
 *
 *   bench_editor_update [--rounds N] [--python PY] [--console-script NAME]
 *                       [--entry SPEC] ROOT FILE
 *
 * Each update alternates between the file as saved and the file with one
 * more import, so every round really changes the graph. Public API only. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "impgraph.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *values, int count) {
  qsort(values, (size_t)count, sizeof *values, cmp_double);
  return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

static char *read_file(const char *path, size_t *len) {
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

typedef struct config {
  int rounds;
  const char *python, *script, *entry, *root, *file;
  char cache_dir[64];
} config;

static int build(impgraph_graph **g, const config *c) {
  impgraph_graph_options opts;
  impgraph_graph_options_init(&opts, IMPGRAPH_GRAPH_OPTIONS_VERSION);
  const char *roots[] = {c->root};
  const char *scripts[] = {c->script};
  const char *entries[] = {c->entry};
  opts.python = c->python;
  opts.roots = roots;
  opts.root_count = 1;
  opts.console_scripts = c->script ? scripts : NULL;
  opts.console_script_count = c->script ? 1 : 0;
  opts.entries = c->entry ? entries : NULL;
  opts.entry_count = c->entry ? 1 : 0;
  opts.cache_dir = c->cache_dir;
  impgraph_error err;
  int rc = impgraph_graph_build(g, &opts, &err);
  if (rc)
    fprintf(stderr, "bench_editor_update: %s\n", err.message);
  return rc;
}

static int parse_args(config *c, int argc, char **argv) {
  memset(c, 0, sizeof *c);
  c->rounds = 5;
  c->python = getenv("PYTHON3");
  for (int i = 1; i < argc; i++) {
    bool more = i + 1 < argc;
    if (strcmp(argv[i], "--rounds") == 0 && more)
      c->rounds = atoi(argv[++i]);
    else if (strcmp(argv[i], "--python") == 0 && more)
      c->python = argv[++i];
    else if (strcmp(argv[i], "--console-script") == 0 && more)
      c->script = argv[++i];
    else if (strcmp(argv[i], "--entry") == 0 && more)
      c->entry = argv[++i];
    else if (!c->root)
      c->root = argv[i];
    else if (!c->file)
      c->file = argv[i];
    else
      return -1;
  }
  return c->root && c->file && c->rounds > 0 ? 0 : -1;
}

int main(int argc, char **argv) {
  config c;
  if (parse_args(&c, argc, argv)) {
    fprintf(stderr, "usage: bench_editor_update [--rounds N] [--python PY] "
                    "[--console-script NAME] [--entry SPEC] ROOT FILE\n");
    return 2;
  }
  size_t len = 0;
  char *saved = read_file(c.file, &len);
  if (!saved) {
    fprintf(stderr, "bench_editor_update: cannot read %s\n", c.file);
    return 1;
  }
  /* The edited version: one more import at the top. */
  size_t edited_len = len + strlen("import json\n");
  char *edited = malloc(edited_len + 1);
  snprintf(edited, edited_len + 1, "import json\n%s", saved);
  strcpy(c.cache_dir, "/tmp/impgraph-bench-XXXXXX");
  if (!mkdtemp(c.cache_dir))
    return 1;

  impgraph_graph *g = NULL;
  if (build(&g, &c)) /* warms the probe cache */
    return 1;
  int rebuilds = c.rounds;
  double *rebuild = malloc((size_t)rebuilds * sizeof *rebuild);
  for (int i = 0; i < rebuilds; i++) {
    impgraph_graph *again = NULL;
    double t0 = now_ms();
    if (build(&again, &c))
      return 1;
    rebuild[i] = now_ms() - t0;
    impgraph_graph_free(again);
  }
  int updates = c.rounds * 20;
  double *update = malloc((size_t)updates * sizeof *update);
  double *diagnose = malloc((size_t)updates * sizeof *diagnose);
  impgraph_error err;
  for (int i = 0; i < updates; i++) {
    const char *text = i % 2 ? saved : edited;
    size_t text_len = i % 2 ? len : edited_len;
    double t0 = now_ms();
    if (impgraph_graph_update_file(g, c.file, NULL, text, text_len, &err)) {
      fprintf(stderr, "bench_editor_update: %s\n", err.message);
      return 1;
    }
    update[i] = now_ms() - t0;
    impgraph_editor_diagnostics *d = NULL;
    t0 = now_ms();
    if (impgraph_editor_diagnostics_new(&d, g, NULL, c.file, text, text_len, NULL, &err)) {
      fprintf(stderr, "bench_editor_update: %s\n", err.message);
      return 1;
    }
    diagnose[i] = now_ms() - t0;
    impgraph_editor_diagnostics_free(d);
  }
  double r = median(rebuild, rebuilds), u = median(update, updates), dg = median(diagnose, updates);
  printf("graph: %zu modules, %zu edges\n", impgraph_graph_module_count(g),
         impgraph_graph_edge_count(g));
  printf("rebuild (probe cached):   %9.3f ms  (median of %d)\n", r, rebuilds);
  printf("update_file (one file):   %9.3f ms  (median of %d)\n", u, updates);
  printf("editor diagnostics:       %9.3f ms  (median of %d, no report)\n", dg, updates);
  printf("ratio rebuild/update:     %9.1fx\n", u > 0 ? r / u : 0.0);
  impgraph_graph_free(g);
  free(rebuild);
  free(update);
  free(diagnose);
  free(saved);
  free(edited);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", c.cache_dir);
  return system(cmd) == 0 ? 0 : 1;
}
