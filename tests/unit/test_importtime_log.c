/* Unit tests of importtime/log: the `-X importtime` parser.
 *
 * Fixtures in tests/data/importtime/ are real logs recorded with the pyenv
 * interpreters (see tests/data/importtime/README.md for the commands), except
 * py314-cached-handmade.log, which is HAND-MADE (no 3.14 here): a real 3.13
 * run rewritten into 3.14's `-X importtime=2` format by make_py314_cached.py.
 * Edge cases that no interpreter prints on demand are inline strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "importtime/log.h"

#define DATA IMPGRAPH_TEST_DATA "/importtime/"

/* ---- helpers ------------------------------------------------------------- */

static ipg_itlog *parse_text(const char *text, size_t len) {
  ipg_itlog *log = NULL;
  impgraph_error err;
  assert_int_equal(ipg_itlog_parse(&log, text, len, "test.log", &err), 0);
  assert_non_null(log);
  return log;
}

static ipg_itlog *parse_str(const char *text) {
  return parse_text(text, strlen(text));
}

static ipg_itlog *parse_fixture(const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s%s", DATA, name);
  char *data = NULL;
  size_t len = 0;
  impgraph_error err;
  if (ipg_read_file(path, &data, &len, &err) != 0)
    fail_msg("%s", err.message);
  ipg_itlog *log = NULL;
  assert_int_equal(ipg_itlog_parse(&log, data, len, name, &err), 0);
  free(data);
  return log;
}

static const ipg_itrun *run_at(const ipg_itlog *log, size_t index) {
  const ipg_itrun *run = ipg_itlog_run(log, index);
  assert_non_null(run);
  return run;
}

/* The row printed on `line`. */
static const ipg_itrow *row_on(const ipg_itrun *run, uint32_t line) {
  for (size_t i = 0; i < run->row_count; i++)
    if (run->rows[i].line == line)
      return &run->rows[i];
  fail_msg("no row on line %u", line);
  return NULL;
}

static const ipg_itrow *parent_of(const ipg_itrun *run, const ipg_itrow *row) {
  assert_true(row->parent >= 0);
  assert_true((size_t)row->parent < run->row_count);
  return &run->rows[row->parent];
}

static const ipg_itcached *cached_on(const ipg_itrun *run, uint32_t line, size_t *index) {
  for (size_t i = 0; i < run->cached_count; i++)
    if (run->cached[i].line == line) {
      if (index)
        *index = i;
      return &run->cached[i];
    }
  fail_msg("no cached row on line %u", line);
  return NULL;
}

static size_t count_flag(const ipg_itrun *run, uint32_t flag) {
  size_t n = 0;
  for (size_t i = 0; i < run->row_count; i++)
    n += (run->rows[i].flags & flag) != 0;
  return n;
}

static size_t count_code(const ipg_itlog *log, const char *code) {
  size_t n = 0;
  for (size_t i = 0; i < ipg_itlog_diagnostic_count(log); i++)
    n += strcmp(ipg_itlog_diagnostic(log, i)->code, code) == 0;
  return n;
}

/* The first diagnostic with `code`. */
static const impgraph_diagnostic *diagnostic(const ipg_itlog *log, const char *code) {
  for (size_t i = 0; i < ipg_itlog_diagnostic_count(log); i++)
    if (strcmp(ipg_itlog_diagnostic(log, i)->code, code) == 0)
      return ipg_itlog_diagnostic(log, i);
  fail_msg("no \"%s\" diagnostic", code);
  return NULL;
}

/* CPython prints self = ceil((cum_ns - children_ns) / 1000) and
 * cum = ceil(cum_ns / 1000), each rounded up on its own: over a run, the sum
 * of self times equals the top-level rows' cumulative times up to one
 * microsecond per non-root row, never less. */
static void assert_tree_invariant(const ipg_itrun *run) {
  int64_t self_sum = 0, top_sum = 0;
  size_t roots = 0;
  for (size_t i = 0; i < run->row_count; i++) {
    const ipg_itrow *r = &run->rows[i];
    assert_int_equal(r->flags & (IPG_ITROW_NEGATIVE | IPG_ITROW_ORPHAN), 0);
    self_sum += r->self_us;
    if (r->parent < 0) {
      assert_int_equal(r->depth, 0);
      top_sum += r->cumulative_us;
      roots++;
    } else {
      assert_true((size_t)r->parent > i); /* children come first */
      assert_int_equal(run->rows[r->parent].depth + 1, r->depth);
    }
  }
  assert_int_equal(top_sum, run->total_us);
  assert_true(self_sum >= top_sum);
  assert_true(self_sum - top_sum <= (int64_t)(run->row_count - roots));
}

/* ---- real logs, one per interpreter ---------------------------------------- */

typedef struct version_case {
  const char *file;
  size_t rows;
  uint32_t json_line; /* `json` at depth 0, json.decoder two lines above */
  int64_t json_self, json_cum;
  uint32_t asyncio_line;
  int64_t asyncio_cum;
} version_case;

static const version_case versions[] = {
    {"py37-json-asyncio.log", 112, 50, 292, 9766, 113, 30003},
    {"py38-json-asyncio.log", 121, 54, 314, 9821, 122, 40305},
    {"py39-json-asyncio.log", 127, 54, 365, 9836, 128, 34668},
    {"py310-json-asyncio.log", 126, 51, 264, 7977, 127, 35761},
    {"py311-json-asyncio.log", 169, 103, 253, 2248, 170, 29975},
    {"py312-json-asyncio.log", 132, 50, 257, 8837, 133, 56379},
    {"py313-json-asyncio.log", 135, 52, 397, 10393, 136, 60471},
};

static void test_every_version(void **state) {
  (void)state;
  for (size_t v = 0; v < sizeof versions / sizeof *versions; v++) {
    const version_case *c = &versions[v];
    ipg_itlog *log = parse_fixture(c->file);
    assert_int_equal(ipg_itlog_run_count(log), 1);
    assert_int_equal(ipg_itlog_diagnostic_count(log), 0);
    const ipg_itrun *run = run_at(log, 0);
    assert_int_equal(run->row_count, c->rows);
    assert_int_equal(run->cached_count, 0);
    assert_int_equal(run->first_line, 1);
    assert_int_equal(run->last_line, c->rows + 1);
    assert_int_equal(run->flags, 0);
    const ipg_itrow *json = row_on(run, c->json_line);
    assert_string_equal(json->name, "json");
    assert_int_equal(json->depth, 0);
    assert_int_equal(json->parent, -1);
    assert_int_equal(json->self_us, c->json_self);
    assert_int_equal(json->cumulative_us, c->json_cum);
    const ipg_itrow *decoder = row_on(run, c->json_line - 2);
    assert_string_equal(decoder->name, "json.decoder");
    assert_int_equal(decoder->depth, 1);
    assert_ptr_equal(parent_of(run, decoder), json);
    const ipg_itrow *asyncio = row_on(run, c->asyncio_line);
    assert_string_equal(asyncio->name, "asyncio");
    assert_int_equal(asyncio->cumulative_us, c->asyncio_cum);
    assert_ptr_equal(asyncio, &run->rows[run->row_count - 1]);
    /* 3.11's ntpath tries to import nt five times (it is Windows-only). */
    size_t repeats = strcmp(c->file, "py311-json-asyncio.log") == 0 ? 4 : 0;
    assert_int_equal(count_flag(run, IPG_ITROW_REPEAT), repeats);
    ipg_itlog_free(log);
  }
}

static void test_tree_invariant(void **state) {
  (void)state;
  static const char *const clean[] = {
      "py37-json-asyncio.log",  "py38-json-asyncio.log",    "py39-json-asyncio.log",
      "py310-json-asyncio.log", "py311-json-asyncio.log",   "py312-json-asyncio.log",
      "py313-json-asyncio.log", "py312-failed-import.log",  "py312-failed-traceback.log",
      "py312-self-nested.log",  "py312-stray.log",          "py312-subprocess.log",
      "multi-run.log",          "py314-cached-handmade.log"};
  for (size_t f = 0; f < sizeof clean / sizeof *clean; f++) {
    ipg_itlog *log = parse_fixture(clean[f]);
    assert_true(ipg_itlog_run_count(log) >= 1);
    for (size_t r = 0; r < ipg_itlog_run_count(log); r++)
      assert_tree_invariant(run_at(log, r));
    ipg_itlog_free(log);
  }
}

/* ---- failed imports ---------------------------------------------------------- */

static int loaded_unless_nonexistent(const char *name, void *ctx) {
  (*(int *)ctx)++;
  return strcmp(name, "nonexistent_mod") != 0;
}

static void test_failed_import_caught(void **state) {
  (void)state;
  /* `try: import nonexistent_mod / except ImportError: pass`: logged like a
     success; only the caller (comparing with sys.modules) can tell. */
  ipg_itlog *log = parse_fixture("py312-failed-import.log");
  assert_int_equal(ipg_itlog_diagnostic_count(log), 0);
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 27);
  const ipg_itrow *row = row_on(run, 28);
  assert_string_equal(row->name, "nonexistent_mod");
  assert_int_equal(row->self_us, 115);
  assert_int_equal(row->cumulative_us, 115);
  assert_int_equal(row->depth, 0);
  assert_int_equal(row->flags, 0);

  int calls = 0;
  assert_int_equal(ipg_itlog_mark_failed(log, 0, loaded_unless_nonexistent, &calls), 1);
  assert_int_equal(calls, 27);
  assert_int_equal(row->flags, IPG_ITROW_FAILED);
  assert_int_equal(count_flag(run, IPG_ITROW_FAILED), 1);
  /* Marking again marks nothing new; bad arguments mark nothing. */
  assert_int_equal(ipg_itlog_mark_failed(log, 0, loaded_unless_nonexistent, &calls), 0);
  assert_int_equal(ipg_itlog_mark_failed(log, 1, loaded_unless_nonexistent, &calls), 0);
  assert_int_equal(ipg_itlog_mark_failed(log, 0, NULL, NULL), 0);
  ipg_itlog_free(log);
}

static void test_failed_import_traceback(void **state) {
  (void)state;
  /* itfix_broken imports a missing module; the uncaught traceback follows
     the rows and names the missing module. */
  ipg_itlog *log = parse_fixture("py312-failed-traceback.log");
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 51);
  const ipg_itrow *missing = row_on(run, 51);
  assert_string_equal(missing->name, "itfix_missing_dependency");
  assert_int_equal(missing->depth, 1);
  assert_int_equal(missing->self_us, 88);
  assert_int_equal(missing->flags, IPG_ITROW_FAILED);
  const ipg_itrow *broken = parent_of(run, missing);
  assert_string_equal(broken->name, "itfix_broken");
  assert_int_equal(broken->line, 52);
  assert_int_equal(broken->flags, 0); /* the traceback names only the leaf */
  assert_int_equal(count_flag(run, IPG_ITROW_FAILED), 1);

  assert_int_equal(ipg_itlog_diagnostic_count(log), 2);
  const impgraph_diagnostic *stray = ipg_itlog_diagnostic(log, 0);
  assert_string_equal(stray->code, "stray-text");
  assert_int_equal(stray->line, 53);
  assert_string_equal(stray->path, "py312-failed-traceback.log");
  assert_non_null(strstr(stray->message, "6 lines"));
  assert_non_null(strstr(stray->message, "Traceback (most recent call last):"));
  const impgraph_diagnostic *error = ipg_itlog_diagnostic(log, 1);
  assert_string_equal(error->code, "import-error");
  assert_int_equal(error->line, 58);
  assert_int_equal(error->severity, IMPGRAPH_SEVERITY_NOTE);
  assert_non_null(strstr(error->message, "itfix_missing_dependency"));
  ipg_itlog_free(log);
}

/* ---- the same module twice ------------------------------------------------------ */

static void test_module_nested_under_itself(void **state) {
  (void)state;
  ipg_itlog *log = parse_fixture("py312-self-nested.log");
  assert_int_equal(ipg_itlog_diagnostic_count(log), 0);
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 53);
  /* itfix_selfnest deletes itself from sys.modules and imports itself:
     the inner import is printed first, the outer one adopts it. */
  const ipg_itrow *inner = row_on(run, 28);
  const ipg_itrow *outer = row_on(run, 29);
  assert_string_equal(inner->name, "itfix_selfnest");
  assert_string_equal(outer->name, "itfix_selfnest");
  assert_ptr_equal(parent_of(run, inner), outer);
  assert_int_equal(inner->depth, 1);
  assert_int_equal(inner->flags, IPG_ITROW_NESTED_SELF);
  assert_int_equal(outer->flags, IPG_ITROW_REPEAT);
  assert_int_equal(outer->self_us, 1504);
  assert_int_equal(outer->cumulative_us, 1676);
  /* itfix_flaky fails (after importing json) and is retried at top level. */
  const ipg_itrow *failed = row_on(run, 53);
  const ipg_itrow *retried = row_on(run, 54);
  assert_string_equal(failed->name, "itfix_flaky");
  assert_string_equal(retried->name, "itfix_flaky");
  assert_int_equal(failed->flags, 0);
  assert_int_equal(retried->flags, IPG_ITROW_REPEAT);
  assert_int_equal(retried->parent, -1);
  assert_ptr_equal(parent_of(run, row_on(run, 52)), failed);
  assert_string_equal(row_on(run, 52)->name, "json");
  assert_int_equal(count_flag(run, IPG_ITROW_NESTED_SELF), 1);
  assert_int_equal(count_flag(run, IPG_ITROW_REPEAT), 2);
  ipg_itlog_free(log);
}

static void test_nested_self_indirect(void **state) {
  (void)state;
  /* a -> b -> a: the inner a is under itself two levels up. */
  ipg_itlog *log = parse_str("import time: self [us] | cumulative | imported package\n"
                             "import time:         1 |          1 |     a\n"
                             "import time:         2 |          3 |   b\n"
                             "import time:         4 |          7 | a\n"
                             "import time:         5 |          5 | b\n");
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->rows[0].flags, IPG_ITROW_NESTED_SELF);
  assert_int_equal(run->rows[1].flags, 0);
  assert_int_equal(run->rows[2].flags, IPG_ITROW_REPEAT);
  assert_int_equal(run->rows[3].flags, IPG_ITROW_REPEAT); /* not nested */
  assert_int_equal(run->rows[0].parent, 1);
  assert_int_equal(run->rows[1].parent, 2);
  ipg_itlog_free(log);
}

/* ---- 3.14 cached rows -------------------------------------------------------------- */

static void test_py314_cached_rows(void **state) {
  (void)state;
  ipg_itlog *log = parse_fixture("py314-cached-handmade.log");
  assert_int_equal(ipg_itlog_diagnostic_count(log), 0);
  assert_int_equal(ipg_itlog_run_count(log), 1);
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 53); /* cached rows are never timed rows */
  assert_int_equal(run->cached_count, 60);
  for (size_t i = 0; i < run->row_count; i++)
    assert_true(run->rows[i].line < 30 || strcmp(run->rows[i].name, "_io") != 0);

  /* "import time: cached    | cached     | _io" right after the start-up:
     json's first import; unindented, so only [0, 1] is known. */
  size_t index;
  const ipg_itcached *io = cached_on(run, 30, &index);
  assert_string_equal(io->name, "_io");
  assert_int_equal(io->level, 1);
  assert_int_equal(io->level_min, 0);
  assert_int_equal(io->level_max, 1);
  assert_int_equal(io->flags, IPG_ITROW_AMBIGUOUS);
  assert_string_equal(run->rows[io->importer].name, "json");
  assert_int_equal(run->rows[io->importer].line, 107);
  assert_int_equal(ipg_itrun_importer_at(run, index, 0), -1);
  assert_int_equal(ipg_itrun_importer_at(run, index, 1), io->importer);

  /* "|         builtins": indented, exact level 4, imported by enum. */
  const ipg_itcached *builtins = cached_on(run, 35, NULL);
  assert_string_equal(builtins->name, "builtins");
  assert_int_equal(builtins->level, 4);
  assert_int_equal(builtins->level_min, 4);
  assert_int_equal(builtins->level_max, 4);
  assert_int_equal(builtins->flags, 0);
  assert_string_equal(run->rows[builtins->importer].name, "enum");
  assert_int_equal(run->rows[builtins->importer].depth, 3);

  /* "| _collections_abc" (16 bytes > 2 * 5 columns): unindented but pinned
     to 5 by its neighbours; imported by collections. */
  const ipg_itcached *abc = cached_on(run, 56, NULL);
  assert_string_equal(abc->name, "_collections_abc");
  assert_int_equal(abc->level, 5);
  assert_int_equal(abc->flags, 0);
  assert_string_equal(run->rows[abc->importer].name, "collections");

  /* json.decoder's `from json import scanner` finds the half-made json. */
  const ipg_itcached *json = cached_on(run, 93, NULL);
  assert_string_equal(json->name, "json");
  assert_int_equal(json->level, 2);
  assert_string_equal(run->rows[json->importer].name, "json.decoder");

  /* uuid's imports of loaded modules; then __main__'s `import os`. */
  const ipg_itcached *os = cached_on(run, 109, NULL);
  assert_string_equal(os->name, "os");
  assert_int_equal(os->level, 1);
  assert_string_equal(run->rows[os->importer].name, "uuid");
  const ipg_itcached *main_os = cached_on(run, 114, NULL);
  assert_string_equal(main_os->name, "os");
  assert_int_equal(main_os->level, 0);
  assert_int_equal(main_os->importer, -1);
  assert_int_equal(main_os->next_row, -1);
  assert_int_equal(main_os->flags, 0);

  /* The candidate lookup agrees with the chosen importer everywhere. */
  for (size_t i = 0; i < run->cached_count; i++) {
    const ipg_itcached *c = &run->cached[i];
    assert_true(c->level_min <= c->level && c->level <= c->level_max);
    assert_int_equal(ipg_itrun_importer_at(run, i, c->level), c->importer);
    assert_int_equal((c->flags & IPG_ITROW_AMBIGUOUS) != 0, c->level_min < c->level_max);
  }
  assert_int_equal(ipg_itrun_importer_at(run, run->cached_count, 1), -1);
  assert_int_equal(ipg_itrun_importer_at(NULL, 0, 1), -1);
  ipg_itlog_free(log);
}

static void test_cached_row_levels(void **state) {
  (void)state;
  ipg_itlog *log = parse_str("import time: self [us] | cumulative | imported package\n"
                             "import time: cached    | cached     |   os\n"        /* 2: exact 2 */
                             "import time: cached    | cached     | collections\n" /* 3: [2, 2] */
                             "import time:        10 |         10 |     leaf\n"    /* 4: depth 2 */
                             "import time: cached    | cached     |  abcd\n"       /* 5: odd */
                             "import time:        20 |         30 |   mid\n"       /* 6 */
                             "import time:        30 |         60 | top\n"         /* 7 */
                             "import time: cached\t| cached     |  sys\n");        /* 8: tab */
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 3);
  assert_int_equal(run->cached_count, 4);
  const ipg_itcached *os = cached_on(run, 2, NULL);
  assert_int_equal(os->level, 2);
  assert_string_equal(run->rows[os->importer].name, "mid");
  const ipg_itcached *collections = cached_on(run, 3, NULL);
  assert_int_equal(collections->level, 2);
  assert_int_equal(collections->level_min, 2); /* after "os" at level 2 */
  assert_int_equal(collections->level_max, 3); /* before a row at depth 2 */
  assert_int_equal(collections->flags, IPG_ITROW_AMBIGUOUS);
  assert_string_equal(run->rows[collections->importer].name, "mid");
  assert_int_equal(collections->next_row, 0);
  const ipg_itcached *abcd = cached_on(run, 5, NULL);
  assert_int_equal(abcd->flags, IPG_ITROW_BAD_INDENT); /* 1 + 4 columns */
  assert_int_equal(abcd->level, 2);
  assert_string_equal(run->rows[abcd->importer].name, "mid");
  assert_int_equal(diagnostic(log, "bad-indent")->line, 5);
  /* A tab inside the fields does not change the indentation. */
  const ipg_itcached *sys = cached_on(run, 8, NULL);
  assert_int_equal(sys->level, 2);
  assert_int_equal(sys->flags, IPG_ITROW_ORPHAN); /* importer never ended */
  assert_int_equal(diagnostic(log, "tab")->line, 8);
  /* A cached field next to a number is not a row. */
  ipg_itlog_free(log);
  log = parse_str("import time: cached    |          5 | x\n");
  assert_int_equal(ipg_itlog_run_count(log), 0);
  assert_int_equal(diagnostic(log, "malformed-row")->line, 1);
  ipg_itlog_free(log);
}

/* ---- threads ----------------------------------------------------------------- */

static void test_two_threads(void **state) {
  (void)state;
  ipg_itlog *log = parse_fixture("py312-threads.log");
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 155);
  assert_int_equal(run->flags, IPG_ITRUN_SUSPECT);
  assert_int_equal(count_flag(run, IPG_ITROW_NEGATIVE), 8);
  const ipg_itrow *futures = row_on(run, 114);
  assert_string_equal(futures->name, "asyncio.base_futures");
  assert_int_equal(futures->self_us, -61508);
  assert_int_equal(futures->cumulative_us, 1615);
  assert_true(futures->flags & IPG_ITROW_NEGATIVE);
  const ipg_itrow *errno_row = row_on(run, 66);
  assert_string_equal(errno_row->name, "errno");
  assert_int_equal(errno_row->self_us, -4536);
  assert_true(run->total_us > 0);
  assert_int_equal(run->total_us, 83578);
  const impgraph_diagnostic *d = diagnostic(log, "suspect-run");
  assert_int_equal(d->line, 1);
  assert_int_equal(d->severity, IMPGRAPH_SEVERITY_WARNING);
  assert_non_null(strstr(d->message, "8 rows with negative times"));
  ipg_itlog_free(log);
}

static void test_orphans_and_negative_totals(void **state) {
  (void)state;
  /* Interleaved threads: a depth-2 row right before a depth-0 row loses its
     parent; a negative cumulative time never makes the total negative. */
  ipg_itlog *log = parse_str("import time: self [us] | cumulative | imported package\n"
                             "import time:         5 |          5 |     deep\n"
                             "import time:        -7 |         -2 | shallow\n"
                             "import time:         3 |          4 |   lost\n");
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->rows[0].flags, IPG_ITROW_ORPHAN);
  assert_int_equal(run->rows[0].parent, -1);
  assert_int_equal(run->rows[1].flags, IPG_ITROW_NEGATIVE);
  assert_int_equal(run->rows[2].flags, IPG_ITROW_ORPHAN); /* run ended */
  assert_int_equal(run->total_us, 0);
  assert_int_equal(run->flags, IPG_ITRUN_SUSPECT);
  assert_non_null(strstr(diagnostic(log, "suspect-run")->message, "2 rows without a parent"));
  ipg_itlog_free(log);
}

/* ---- several runs ---------------------------------------------------------------- */

static void test_subprocess_second_header(void **state) {
  (void)state;
  /* The parent imports json and subprocess, then runs a child
     `python -X importtime -c 'import csv'` on the same stderr. */
  ipg_itlog *log = parse_fixture("py312-subprocess.log");
  assert_int_equal(ipg_itlog_run_count(log), 2);
  assert_int_equal(ipg_itlog_diagnostic_count(log), 0);
  const ipg_itrun *parent = run_at(log, 0);
  const ipg_itrun *child = run_at(log, 1);
  assert_int_equal(parent->row_count, 65);
  assert_int_equal(parent->first_line, 1);
  assert_int_equal(parent->last_line, 66);
  assert_int_equal(child->row_count, 46);
  assert_int_equal(child->first_line, 67);
  assert_int_equal(child->last_line, 113);
  assert_string_equal(row_on(parent, 50)->name, "json");
  const ipg_itrow *csv = row_on(child, 113);
  assert_string_equal(csv->name, "csv");
  assert_int_equal(csv->self_us, 1214);
  assert_int_equal(csv->cumulative_us, 8966);
  /* Module names repeat across runs, never within one. */
  assert_int_equal(count_flag(parent, IPG_ITROW_REPEAT), 0);
  assert_int_equal(count_flag(child, IPG_ITROW_REPEAT), 0);
  ipg_itlog_free(log);
}

static void test_concatenated_runs(void **state) {
  (void)state;
  /* `python3.8 -X importtime -c 'import csv'` then the same with 3.13. */
  ipg_itlog *log = parse_fixture("multi-run.log");
  assert_int_equal(ipg_itlog_run_count(log), 2);
  const ipg_itrun *py38 = run_at(log, 0);
  const ipg_itrun *py313 = run_at(log, 1);
  assert_int_equal(py38->row_count, 50);
  assert_int_equal(py313->row_count, 48);
  assert_int_equal(py313->first_line, 52);
  assert_string_equal(row_on(py38, 51)->name, "csv");
  assert_int_equal(row_on(py38, 51)->cumulative_us, 7897);
  assert_string_equal(row_on(py313, 100)->name, "csv");
  assert_int_equal(row_on(py313, 100)->cumulative_us, 10781);
  assert_int_equal(py38->total_us, 14976);
  assert_int_equal(py313->total_us, 21092);
  assert_null(ipg_itlog_run(log, 2));
  ipg_itlog_free(log);
}

static void test_header_mid_import(void **state) {
  (void)state;
  /* A child's header while the parent is inside an import: the parent's
     unfinished rows are orphans of the first run, the child gets a run. */
  ipg_itlog *log = parse_str("import time: self [us] | cumulative | imported package\n"
                             "import time:         1 |          1 |   half\n"
                             "import time: self [us] | cumulative | imported package\n"
                             "import time:         2 |          2 | child\n"
                             "import time: self [us] | cumulative | imported package\n");
  assert_int_equal(ipg_itlog_run_count(log), 3);
  assert_int_equal(run_at(log, 0)->rows[0].flags, IPG_ITROW_ORPHAN);
  assert_int_equal(run_at(log, 1)->row_count, 1);
  assert_int_equal(run_at(log, 1)->first_line, 3);
  assert_int_equal(run_at(log, 2)->row_count, 0);
  ipg_itlog_free(log);
}

static void test_missing_header(void **state) {
  (void)state;
  ipg_itlog *log = parse_str("import time:         2 |          3 |   a\n"
                             "import time:         4 |          7 | b\n");
  assert_int_equal(ipg_itlog_run_count(log), 1);
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->flags, IPG_ITRUN_NO_HEADER);
  assert_int_equal(run->first_line, 1);
  assert_int_equal(run->rows[0].parent, 1);
  assert_int_equal(diagnostic(log, "missing-header")->line, 1);
  ipg_itlog_free(log);
}

/* ---- stray text --------------------------------------------------------------------- */

static void test_stray_text_real(void **state) {
  (void)state;
  /* itfix_noisy writes "Warning: noisy module says hi" without a newline,
     then a newline, a DeprecationWarning and a line of output. */
  ipg_itlog *log = parse_fixture("py312-stray.log");
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 56);
  const ipg_itrow *types = row_on(run, 29);
  assert_string_equal(types->name, "types");
  assert_int_equal(types->depth, 4);
  assert_int_equal(types->self_us, 264);
  assert_string_equal(parent_of(run, types)->name, "enum");
  assert_int_equal(ipg_itlog_diagnostic_count(log), 3);
  const impgraph_diagnostic *glued = ipg_itlog_diagnostic(log, 0);
  assert_string_equal(glued->code, "stray-prefix");
  assert_int_equal(glued->line, 29);
  assert_int_equal(glued->column, 1);
  assert_non_null(strstr(glued->message, "Warning: noisy module says hi"));
  const impgraph_diagnostic *blank = ipg_itlog_diagnostic(log, 1);
  assert_string_equal(blank->code, "stray-text");
  assert_int_equal(blank->line, 49);
  assert_string_equal(blank->message, "blank line in the log");
  const impgraph_diagnostic *warning = ipg_itlog_diagnostic(log, 2);
  assert_string_equal(warning->code, "stray-text");
  assert_int_equal(warning->line, 54);
  assert_non_null(strstr(warning->message, "3 lines"));
  /* The rows around the stray text still nest. */
  const ipg_itrow *noisy = row_on(run, 61);
  assert_string_equal(noisy->name, "itfix_noisy");
  assert_int_equal(noisy->cumulative_us, 12698);
  assert_ptr_equal(parent_of(run, row_on(run, 48)), noisy); /* csv */
  ipg_itlog_free(log);
}

static void test_stray_prefix_inline(void **state) {
  (void)state;
  ipg_itlog *log = parse_str("import time: self [us] | cumulative | imported package\n"
                             "Warning: fooimport time:       123 |        456 | bar\n"
                             "program output\n"
                             "\n"
                             "import time:         1 |          1 | baz\n");
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 2);
  assert_string_equal(run->rows[0].name, "bar");
  assert_int_equal(run->rows[0].self_us, 123);
  assert_int_equal(run->rows[0].cumulative_us, 456);
  assert_int_equal(run->rows[0].depth, 0);
  assert_int_equal(run->rows[0].flags, 0);
  const impgraph_diagnostic *glued = diagnostic(log, "stray-prefix");
  assert_int_equal(glued->line, 2);
  assert_string_equal(glued->message, "text glued in front of the row: \"Warning: foo\"");
  const impgraph_diagnostic *stray = diagnostic(log, "stray-text");
  assert_int_equal(stray->line, 3);
  assert_non_null(strstr(stray->message, "2 lines"));
  assert_int_equal(run->last_line, 5);
  ipg_itlog_free(log);
}

/* ---- killed processes ---------------------------------------------------------------- */

static void test_killed_mid_line(void **state) {
  (void)state;
  /* The 3.13 log cut inside the name on line 98 (no newline after it). */
  ipg_itlog *log = parse_fixture("py313-killed.log");
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 97);
  const ipg_itrow *last = row_on(run, 98);
  assert_string_equal(last->name, "impor");
  assert_int_equal(last->depth, 5);
  assert_int_equal(last->flags, IPG_ITROW_TRUNCATED | IPG_ITROW_ORPHAN);
  /* Every import still in progress left its children without a parent. */
  assert_int_equal(count_flag(run, IPG_ITROW_ORPHAN), 11);
  assert_int_equal(run->flags, IPG_ITRUN_SUSPECT);
  const impgraph_diagnostic *cut = diagnostic(log, "truncated");
  assert_int_equal(cut->line, 98);
  assert_int_equal(cut->severity, IMPGRAPH_SEVERITY_NOTE);
  /* Finished subtrees are intact. */
  const ipg_itrow *json = row_on(run, 52);
  assert_string_equal(json->name, "json");
  assert_int_equal(json->depth, 0);
  assert_int_equal(json->flags, 0);
  ipg_itlog_free(log);
}

static void test_truncated_inside_fields(void **state) {
  (void)state;
  ipg_itlog *log = parse_str("import time: self [us] | cumulative | imported package\n"
                             "import time:         1 |          1 | a\n"
                             "import time:       206 |    ");
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 1);
  assert_int_equal(run->rows[0].flags, 0);
  const impgraph_diagnostic *cut = diagnostic(log, "truncated");
  assert_int_equal(cut->line, 3);
  assert_int_equal(cut->severity, IMPGRAPH_SEVERITY_WARNING);
  ipg_itlog_free(log);
}

static void test_missing_trailing_newline(void **state) {
  (void)state;
  ipg_itlog *log = parse_str("import time: self [us] | cumulative | imported package\n"
                             "import time:         1 |          1 | complete");
  const ipg_itrun *run = run_at(log, 0);
  assert_string_equal(run->rows[0].name, "complete");
  assert_int_equal(run->rows[0].flags, IPG_ITROW_TRUNCATED);
  assert_int_equal(diagnostic(log, "truncated")->line, 2);
  ipg_itlog_free(log);
}

/* ---- bytes and numbers ------------------------------------------------------------------ */

static void test_crlf(void **state) {
  (void)state;
  ipg_itlog *log = parse_str("import time: self [us] | cumulative | imported package\r\n"
                             "import time:         1 |          1 |   a\r\n"
                             "import time:         2 |          3 | b\r\n");
  assert_int_equal(ipg_itlog_diagnostic_count(log), 0);
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 2);
  assert_string_equal(run->rows[0].name, "a");
  assert_string_equal(run->rows[1].name, "b");
  assert_int_equal(run->rows[0].parent, 1);
  ipg_itlog_free(log);
}

static void test_tabs(void **state) {
  (void)state;
  /* `unexpand -a` of "import time:         1 |          1 |       c":
     tabs replace blanks that end on multiples of 8 columns. */
  ipg_itlog *log = parse_str("import time: self [us] | cumulative | imported package\n"
                             "import time:\t     1 |\t  1 |\t    c\n"
                             "import time:\t     2 |\t  3 |\t  b\n"
                             "import time:\t     3 |\t  6 |\ta\n"
                             "import time:\t     4 |\t 10 | top\n");
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 4);
  assert_int_equal(run->rows[0].depth, 3);
  assert_int_equal(run->rows[1].depth, 2);
  assert_int_equal(run->rows[2].depth, 1);
  assert_int_equal(run->rows[3].depth, 0);
  assert_int_equal(run->rows[0].parent, 1);
  assert_int_equal(run->rows[2].parent, 3);
  assert_int_equal(run->rows[3].cumulative_us, 10);
  assert_int_equal(count_code(log, "tab"), 1); /* once per log */
  assert_int_equal(diagnostic(log, "tab")->line, 2);
  assert_int_equal(count_code(log, "bad-indent"), 0);
  ipg_itlog_free(log);
}

static void test_huge_numbers(void **state) {
  (void)state;
  ipg_itlog *log = parse_str("import time: self [us] | cumulative | imported package\n"
                             "import time: 99999999999999999999 | 9223372036854775807 | big\n"
                             "import time: -9223372036854775808 | -9223372036854775809 | small\n"
                             "import time: 9223372036854775807 | 9223372036854775807 | max\n");
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 3);
  assert_true(run->rows[0].self_us == INT64_MAX);
  assert_true(run->rows[0].cumulative_us == INT64_MAX);
  assert_true(run->rows[0].flags & IPG_ITROW_OVERFLOW);
  assert_true(run->rows[1].self_us == INT64_MIN);
  assert_true(run->rows[1].cumulative_us == INT64_MIN); /* clamped */
  assert_int_equal(run->rows[1].flags, IPG_ITROW_OVERFLOW | IPG_ITROW_NEGATIVE);
  assert_int_equal(run->rows[2].flags, 0);
  assert_true(run->total_us == INT64_MAX); /* saturates */
  assert_int_equal(count_code(log, "overflow"), 2);
  assert_int_equal(diagnostic(log, "overflow")->line, 2);
  ipg_itlog_free(log);
}

static void test_names(void **state) {
  (void)state;
  static const char text[] = "import time: self [us] | cumulative | imported package\n"
                             "import time:         1 |          1 |   caf\xc3\xa9\n" /* valid */
                             "import time:         1 |          1 |   caf\xe9\n"     /* latin-1 */
                             "import time:         1 |          1 |   a\0b\n"        /* NUL */
                             "import time:         1 |          1 |   (null)\n"
                             "import time:         1 |          1 |   two words\n"
                             "import time:         9 |         14 | parent\n";
  ipg_itlog *log = parse_text(text, sizeof text - 1);
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 6);
  assert_string_equal(run->rows[0].name, "caf\xc3\xa9");
  assert_int_equal(run->rows[0].flags, 0);
  assert_string_equal(run->rows[1].name, "caf\xef\xbf\xbd");
  assert_int_equal(run->rows[1].flags, IPG_ITROW_BAD_NAME);
  assert_string_equal(run->rows[2].name, "a\xef\xbf\xbd"
                                         "b");
  assert_int_equal(run->rows[2].flags, IPG_ITROW_BAD_NAME);
  assert_string_equal(run->rows[3].name, "(null)");
  assert_int_equal(run->rows[3].flags, IPG_ITROW_NULL_NAME);
  assert_int_equal(run->rows[4].flags, IPG_ITROW_BAD_NAME);
  for (size_t i = 0; i < 5; i++)
    assert_int_equal(run->rows[i].parent, 5); /* all still adopted */
  assert_int_equal(diagnostic(log, "null-name")->line, 5);
  assert_int_equal(count_code(log, "bad-name"), 3);
  assert_int_equal(diagnostic(log, "bad-name")->line, 3);
  assert_non_null(strstr(diagnostic(log, "bad-name")->message, "caf\\xef"));
  ipg_itlog_free(log);
}

static void test_malformed_rows(void **state) {
  (void)state;
  ipg_itlog *log = parse_str("import time: self [us] | cumulative | imported package\n"
                             "import time: truncated output\n"
                             "import time:  120 |  120\n"
                             "import time:  1 | x | y\n"
                             "import time:  1 |  2 |\n"
                             "import time:  1 |  2 |    odd\n"
                             "import time:  1 |  2 |nospace\n");
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 2);
  assert_int_equal(count_code(log, "malformed-row"), 4);
  assert_string_equal(run->rows[0].name, "odd");
  assert_int_equal(run->rows[0].flags, IPG_ITROW_BAD_INDENT);
  assert_int_equal(run->rows[0].depth, 1); /* 3 columns, rounded down */
  assert_int_equal(run->rows[0].parent, 1);
  assert_string_equal(run->rows[1].name, "nospace");
  assert_int_equal(run->rows[1].flags, IPG_ITROW_BAD_INDENT);
  assert_int_equal(run->rows[1].depth, 0);
  assert_int_equal(ipg_itlog_diagnostic(log, 0)->line, 2);
  assert_int_equal(diagnostic(log, "bad-indent")->line, 6);
  ipg_itlog_free(log);
}

/* ---- scale -------------------------------------------------------------------------------- */

static void test_deep_nesting(void **state) {
  (void)state;
  /* One chain, deepest row first: 3000 levels (the text grows with the
     square of the depth), plus one row indented by 10 million columns. */
  enum { DEPTH = 3000 };
  ipg_buf b;
  ipg_buf_init(&b);
  ipg_buf_puts(&b, "import time: self [us] | cumulative | imported package\n");
  for (int d = DEPTH - 1; d >= 0; d--)
    ipg_buf_printf(&b, "import time: %9d | %10d | %*sm\n", 1, DEPTH - d, 2 * d, "");
  ipg_buf_puts(&b, "import time:         1 |          1 | ");
  assert_true(ipg_buf_reserve(&b, 10000001));
  memset(b.data + b.len, ' ', 10000000);
  b.len += 10000000;
  ipg_buf_puts(&b, "far\n");
  assert_false(b.failed);
  ipg_itlog *log = parse_text(b.data, b.len);
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, DEPTH + 1);
  /* Every row is "m": each is nested under itself except the root, and
     each repeats the first. */
  assert_int_equal(run->rows[0].flags, IPG_ITROW_NESTED_SELF);
  for (size_t i = 0; i + 1 < DEPTH; i++)
    assert_int_equal(run->rows[i].parent, (int64_t)i + 1);
  for (size_t i = 1; i + 1 < DEPTH; i++)
    assert_int_equal(run->rows[i].flags, IPG_ITROW_NESTED_SELF | IPG_ITROW_REPEAT);
  assert_int_equal(run->rows[DEPTH - 1].parent, -1);
  assert_int_equal(run->rows[DEPTH - 1].flags, IPG_ITROW_REPEAT);
  assert_int_equal(run->rows[DEPTH - 1].cumulative_us, DEPTH);
  assert_int_equal(run->rows[DEPTH].depth, 5000000);
  assert_int_equal(run->rows[DEPTH].flags, IPG_ITROW_ORPHAN);
  ipg_itlog_free(log);
  ipg_buf_free(&b);
}

static void test_millions_of_rows(void **state) {
  (void)state;
  /* 1.4 million rows: a million flat repeats, 300k cached rows waiting for
     one importer, and 100k "No module named" lines. Quadratic work would
     not finish within the test timeout. */
  ipg_buf b;
  ipg_buf_init(&b);
  ipg_buf_puts(&b, "import time: self [us] | cumulative | imported package\n");
  for (int i = 0; i < 1000000; i++)
    ipg_buf_printf(&b, "import time: %9d | %10d |   m%d\n", 1, 1, i % 1000);
  for (int i = 0; i < 300000; i++)
    ipg_buf_puts(&b, "import time: cached    | cached     | collections\n");
  ipg_buf_puts(&b, "import time:         1 |    1000001 | top\n");
  for (int i = 0; i < 100000; i++)
    ipg_buf_puts(&b, "ModuleNotFoundError: No module named 'm7'\n");
  assert_false(b.failed);
  ipg_itlog *log = parse_text(b.data, b.len);
  const ipg_itrun *run = run_at(log, 0);
  assert_int_equal(run->row_count, 1000001);
  assert_int_equal(run->cached_count, 300000);
  assert_int_equal(count_flag(run, IPG_ITROW_REPEAT), 1000000 - 1000);
  assert_int_equal(run->rows[1000000].parent, -1);
  assert_int_equal(run->rows[0].parent, 1000000);
  assert_int_equal(run->cached[0].importer, 1000000);
  assert_int_equal(run->cached[299999].importer, 1000000);
  assert_int_equal(count_flag(run, IPG_ITROW_FAILED), 1);
  assert_true(run->rows[999007].flags & IPG_ITROW_FAILED);
  assert_int_equal(ipg_itlog_diagnostic_count(log), 1000); /* capped */
  const impgraph_diagnostic *last = ipg_itlog_diagnostic(log, 999);
  assert_string_equal(last->code, "too-many-diagnostics");
  ipg_itlog_free(log);
  ipg_buf_free(&b);
}

/* ---- API contract --------------------------------------------------------------------------- */

static void test_api_contract(void **state) {
  (void)state;
  impgraph_error err;
  ipg_itlog *log = (ipg_itlog *)&err; /* must be reset to NULL */
  assert_int_equal(ipg_itlog_parse(NULL, "", 0, NULL, &err), IMPGRAPH_EINVAL);
  assert_int_equal(err.code, IMPGRAPH_EINVAL);
  assert_int_equal(ipg_itlog_parse(&log, NULL, 3, NULL, NULL), IMPGRAPH_EINVAL);
  assert_null(log);
  assert_int_equal(ipg_itlog_parse(&log, NULL, 0, NULL, &err), 0);
  assert_int_equal(err.code, 0);
  assert_int_equal(ipg_itlog_run_count(log), 0);
  assert_int_equal(ipg_itlog_diagnostic_count(log), 0);
  assert_null(ipg_itlog_run(log, 0));
  assert_null(ipg_itlog_diagnostic(log, 0));
  ipg_itlog_free(log);
  ipg_itlog_free(NULL);
  assert_int_equal(ipg_itlog_run_count(NULL), 0);
  /* The path label defaults to "<buffer>". */
  assert_int_equal(ipg_itlog_parse(&log, "junk\n", 5, NULL, NULL), 0);
  assert_string_equal(ipg_itlog_diagnostic(log, 0)->path, "<buffer>");
  ipg_itlog_free(log);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_version),
      cmocka_unit_test(test_tree_invariant),
      cmocka_unit_test(test_failed_import_caught),
      cmocka_unit_test(test_failed_import_traceback),
      cmocka_unit_test(test_module_nested_under_itself),
      cmocka_unit_test(test_nested_self_indirect),
      cmocka_unit_test(test_py314_cached_rows),
      cmocka_unit_test(test_cached_row_levels),
      cmocka_unit_test(test_two_threads),
      cmocka_unit_test(test_orphans_and_negative_totals),
      cmocka_unit_test(test_subprocess_second_header),
      cmocka_unit_test(test_concatenated_runs),
      cmocka_unit_test(test_header_mid_import),
      cmocka_unit_test(test_missing_header),
      cmocka_unit_test(test_stray_text_real),
      cmocka_unit_test(test_stray_prefix_inline),
      cmocka_unit_test(test_killed_mid_line),
      cmocka_unit_test(test_truncated_inside_fields),
      cmocka_unit_test(test_missing_trailing_newline),
      cmocka_unit_test(test_crlf),
      cmocka_unit_test(test_tabs),
      cmocka_unit_test(test_huge_numbers),
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_malformed_rows),
      cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_millions_of_rows),
      cmocka_unit_test(test_api_contract),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
