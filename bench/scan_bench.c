/* Scanner throughput: raw tree-sitter parse (the floor) vs impgraph's full
 * scan (decode + parse + syntax diagnostics + import/use extraction), over
 * the same in-memory files, in one run. Rounds alternate between the two so
 * that machine noise hits both; the medians and their ratio are printed.
 *
 * usage: bench_scan [--rounds N] FILE|DIR...   (directories walked for *.py) */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "impgraph.h"
#include "parse/parse.h"

typedef struct source {
  char *data;
  size_t len;
  const char *path;
} source;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One pass of each side. noinline: `bench/run.sh --instructions` counts each
 * with callgrind's --toggle-collect. */
__attribute__((noinline)) void bench_raw_pass(TSParser *parser, const source *sources,
                                              size_t count);
__attribute__((noinline)) void bench_raw_pass(TSParser *parser, const source *sources,
                                              size_t count) {
  for (size_t i = 0; i < count; i++) {
    TSTree *tree = ts_parser_parse_string(parser, NULL, sources[i].data, (uint32_t)sources[i].len);
    ts_tree_delete(tree);
  }
}

__attribute__((noinline)) void bench_scan_pass(impgraph_scanner *scanner, const source *sources,
                                               size_t count, size_t *imports, size_t *uses);
__attribute__((noinline)) void bench_scan_pass(impgraph_scanner *scanner, const source *sources,
                                               size_t count, size_t *imports, size_t *uses) {
  *imports = *uses = 0;
  for (size_t i = 0; i < count; i++) {
    impgraph_scan *scan;
    if (impgraph_scanner_scan(scanner, &scan, sources[i].path, sources[i].data, sources[i].len,
                              NULL) == 0) {
      *imports += impgraph_scan_import_count(scan);
      *uses += impgraph_scan_use_count(scan);
      impgraph_scan_free(scan);
    }
  }
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv) {
  int rounds = 5, first = 1;
  if (argc > 2 && strcmp(argv[1], "--rounds") == 0) {
    rounds = atoi(argv[2]);
    first = 3;
  }
  if (first >= argc || rounds < 1) {
    fprintf(stderr, "usage: %s [--rounds N] FILE|DIR...\n", argv[0]);
    return 2;
  }
  impgraph_error err;
  impgraph_file_list *files;
  if (impgraph_file_list_new(&files, (const char *const *)argv + first, (size_t)(argc - first),
                             &err)) {
    fprintf(stderr, "%s\n", err.message);
    return 3;
  }
  size_t count = impgraph_file_list_count(files), total_bytes = 0, loaded = 0;
  source *sources = calloc(count ? count : 1, sizeof *sources);
  for (size_t i = 0; i < count; i++) {
    source *s = &sources[loaded];
    s->path = impgraph_file_list_path(files, i);
    if (ipg_read_file(s->path, &s->data, &s->len, &err) == 0) {
      total_bytes += s->len;
      loaded++;
    }
  }
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, tree_sitter_python());
  impgraph_scanner *scanner;
  if (impgraph_scanner_new(&scanner, NULL, &err)) {
    fprintf(stderr, "%s\n", err.message);
    return 3;
  }
  double *raw = calloc((size_t)rounds, sizeof *raw), *full = calloc((size_t)rounds, sizeof *full);
  size_t imports = 0, uses = 0;
  /* Odd rounds run the scan first, so that neither side always inherits
   * the other's cache and allocator state. */
  for (int r = 0; r < rounds; r++) {
    for (int half = 0; half < 2; half++) {
      bool scan_side = (half == 0) == (r % 2 == 1);
      double t0 = now();
      if (!scan_side) {
        bench_raw_pass(parser, sources, loaded);
        raw[r] = now() - t0;
        continue;
      }
      bench_scan_pass(scanner, sources, loaded, &imports, &uses);
      full[r] = now() - t0;
    }
  }
  double raw_median = median(raw, rounds), full_median = median(full, rounds);
  printf("files: %zu (%.1f MB), imports: %zu, uses: %zu, rounds: %d\n", loaded,
         total_bytes / 1e6, imports, uses, rounds);
  printf("raw tree-sitter parse:     %8.1f ms  (%.1f MB/s)\n", raw_median * 1e3,
         total_bytes / 1e6 / raw_median);
  printf("impgraph scan (full):      %8.1f ms  (%.1f MB/s)\n", full_median * 1e3,
         total_bytes / 1e6 / full_median);
  printf("ratio scan/raw parse:      %8.3f  (goal <= 1.10)\n", full_median / raw_median);
  impgraph_scanner_free(scanner);
  ts_parser_delete(parser);
  for (size_t i = 0; i < loaded; i++)
    free(sources[i].data);
  free(sources);
  free(raw);
  free(full);
  impgraph_file_list_free(files);
  return 0;
}
