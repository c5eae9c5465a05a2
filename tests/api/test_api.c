/* Black-box tests of the public API conventions through impgraph.h and the
 * shared library only: versions, errors, NULL handling, options versions,
 * ownership (every _free(NULL) is a no-op), file discovery, rendering, and
 * independent handles on several threads. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "impgraph.h"

static void test_version(void **state) {
  (void)state;
  assert_string_equal(impgraph_version(), IMPGRAPH_VERSION_STRING);
  char expected[32];
  snprintf(expected, sizeof expected, "%d.%d.%d", IMPGRAPH_VERSION_MAJOR, IMPGRAPH_VERSION_MINOR,
           IMPGRAPH_VERSION_PATCH);
  assert_string_equal(impgraph_version(), expected);
  assert_int_equal(IMPGRAPH_VERSION_NUMBER,
                   IMPGRAPH_VERSION_MAJOR * 10000 + IMPGRAPH_VERSION_MINOR * 100 +
                       IMPGRAPH_VERSION_PATCH);
}

static void test_strerror_is_distinct_per_code(void **state) {
  (void)state;
  const int codes[] = {IMPGRAPH_OK,       IMPGRAPH_ENOMEM,   IMPGRAPH_EINVAL, IMPGRAPH_EIO,
                       IMPGRAPH_ENOTFOUND, IMPGRAPH_EABI,    IMPGRAPH_EVERSION,
                       IMPGRAPH_ERANGE,   IMPGRAPH_EFORMAT, IMPGRAPH_EINTERNAL};
  size_t n = sizeof codes / sizeof *codes;
  for (size_t i = 0; i < n; i++) {
    assert_string_not_equal(impgraph_strerror(codes[i]), "unknown error");
    for (size_t k = 0; k < i; k++)
      assert_string_not_equal(impgraph_strerror(codes[i]), impgraph_strerror(codes[k]));
  }
  assert_string_equal(impgraph_strerror(12345), "unknown error");
  assert_string_equal(impgraph_strerror(IMPGRAPH_ENOMEM), "out of memory");
}

static void test_free_null_is_noop(void **state) {
  (void)state;
  impgraph_free(NULL);
  impgraph_scanner_free(NULL);
  impgraph_scan_free(NULL);
  impgraph_file_list_free(NULL);
}

static void test_options_init(void **state) {
  (void)state;
  impgraph_scan_options opts;
  memset(&opts, 0xAB, sizeof opts);
  assert_int_equal(impgraph_scan_options_init(&opts, IMPGRAPH_SCAN_OPTIONS_VERSION), IMPGRAPH_OK);
  impgraph_scan_options macro = IMPGRAPH_SCAN_OPTIONS_INIT;
  assert_int_equal(opts.version, macro.version);
  assert_int_equal(opts.timeout_us, macro.timeout_us);
  assert_int_equal(opts.max_bytes, macro.max_bytes);
  assert_int_equal(impgraph_scan_options_init(&opts, 999), IMPGRAPH_EVERSION);
  assert_int_equal(impgraph_scan_options_init(NULL, IMPGRAPH_SCAN_OPTIONS_VERSION),
                   IMPGRAPH_EINVAL);
}

static void test_scanner_rejects_unknown_options_version(void **state) {
  (void)state;
  impgraph_scan_options opts = IMPGRAPH_SCAN_OPTIONS_INIT;
  opts.version = 42;
  impgraph_scanner *scanner = (impgraph_scanner *)0x1;
  impgraph_error err;
  assert_int_equal(impgraph_scanner_new(&scanner, &opts, &err), IMPGRAPH_EVERSION);
  assert_null(scanner);
  assert_int_equal(err.code, IMPGRAPH_EVERSION);
  assert_non_null(strstr(err.message, "version 42"));
  assert_int_equal(impgraph_scanner_new(NULL, NULL, NULL), IMPGRAPH_EINVAL);
}

static void test_scan_argument_errors(void **state) {
  (void)state;
  impgraph_scanner *scanner;
  impgraph_error err;
  assert_int_equal(impgraph_scanner_new(&scanner, NULL, &err), IMPGRAPH_OK);
  assert_int_equal(err.code, IMPGRAPH_OK);
  impgraph_scan *scan = (impgraph_scan *)0x1;
  assert_int_equal(impgraph_scanner_scan(scanner, &scan, "x.py", NULL, 5, &err), IMPGRAPH_EINVAL);
  assert_null(scan);
  assert_non_null(strstr(err.message, "source"));
  assert_int_equal(impgraph_scanner_scan(NULL, &scan, "x.py", "", 0, &err), IMPGRAPH_EINVAL);
  /* An empty source is valid: no imports, no diagnostics. */
  assert_int_equal(impgraph_scanner_scan(scanner, &scan, NULL, NULL, 0, &err), IMPGRAPH_OK);
  assert_string_equal(impgraph_scan_path(scan), "<buffer>");
  assert_int_equal(impgraph_scan_import_count(scan), 0);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  assert_null(impgraph_scan_import(scan, 0));
  assert_null(impgraph_scan_use(scan, 0));
  assert_null(impgraph_scan_diagnostic(scan, 0));
  impgraph_scan_free(scan);
  impgraph_scanner_free(scanner);
}

static void test_scan_file_missing_names_the_path(void **state) {
  (void)state;
  impgraph_scanner *scanner;
  assert_int_equal(impgraph_scanner_new(&scanner, NULL, NULL), IMPGRAPH_OK);
  impgraph_scan *scan = (impgraph_scan *)0x1;
  impgraph_error err;
  assert_int_equal(impgraph_scanner_scan_file(scanner, &scan, "/nonexistent/dir/mod.py", &err),
                   IMPGRAPH_EIO);
  assert_null(scan);
  assert_non_null(strstr(err.message, "/nonexistent/dir/mod.py"));
  assert_non_null(strstr(err.message, "No such file"));
  impgraph_scanner_free(scanner);
}

static void test_size_cap_is_a_diagnostic(void **state) {
  (void)state;
  impgraph_scan_options opts = IMPGRAPH_SCAN_OPTIONS_INIT;
  opts.max_bytes = 10;
  impgraph_scanner *scanner;
  assert_int_equal(impgraph_scanner_new(&scanner, &opts, NULL), IMPGRAPH_OK);
  const char *src = "import os\nimport sys\n";
  impgraph_scan *scan;
  assert_int_equal(impgraph_scanner_scan(scanner, &scan, "big.py", src, strlen(src), NULL),
                   IMPGRAPH_OK);
  assert_int_equal(impgraph_scan_import_count(scan), 0);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 1);
  const impgraph_diagnostic *d = impgraph_scan_diagnostic(scan, 0);
  assert_string_equal(d->code, "too-large");
  assert_string_equal(d->path, "big.py");
  assert_int_equal(d->severity, IMPGRAPH_SEVERITY_ERROR);
  assert_non_null(strstr(d->message, "21 bytes"));
  impgraph_scan_free(scan);
  impgraph_scanner_free(scanner);
}

static void test_time_budget_is_a_diagnostic(void **state) {
  (void)state;
  impgraph_scan_options opts = IMPGRAPH_SCAN_OPTIONS_INIT;
  opts.timeout_us = 1;
  impgraph_scanner *scanner;
  assert_int_equal(impgraph_scanner_new(&scanner, &opts, NULL), IMPGRAPH_OK);
  /* Large enough that parsing takes far more than a microsecond. */
  size_t reps = 200000;
  const char *line = "x = foo(bar, [1, 2, 3])\n";
  size_t line_len = strlen(line);
  char *src = malloc(reps * line_len);
  for (size_t i = 0; i < reps; i++)
    memcpy(src + i * line_len, line, line_len);
  impgraph_scan *scan;
  assert_int_equal(impgraph_scanner_scan(scanner, &scan, "slow.py", src, reps * line_len, NULL),
                   IMPGRAPH_OK);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 1);
  assert_string_equal(impgraph_scan_diagnostic(scan, 0)->code, "timeout");
  impgraph_scan_free(scan);
  /* The scanner is usable again after a timeout. */
  const char *ok = "import os\n";
  assert_int_equal(impgraph_scanner_scan(scanner, &scan, "ok.py", ok, strlen(ok), NULL),
                   IMPGRAPH_OK);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  impgraph_scan_free(scan);
  impgraph_scanner_free(scanner);
  free(src);
}

/* ---- file discovery ---- */

static char tree_root[256];

static void write_file(const char *rel, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", tree_root, rel);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void make_dir(const char *rel) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", tree_root, rel);
  assert_int_equal(mkdir(path, 0755), 0);
}

static void test_file_list_walks_sorted_and_skips(void **state) {
  (void)state;
  snprintf(tree_root, sizeof tree_root, "/tmp/impgraph-api-XXXXXX");
  assert_non_null(mkdtemp(tree_root));
  make_dir("pkg");
  make_dir("pkg/sub");
  make_dir(".git");
  make_dir("__pycache__");
  make_dir("node_modules");
  make_dir("venv");
  write_file("venv/pyvenv.cfg", "home = /usr\n");
  write_file("venv/inside.py", "");
  write_file(".git/hook.py", "");
  write_file("__pycache__/x.py", "");
  write_file("node_modules/y.py", "");
  write_file("pkg/b.py", "");
  write_file("pkg/a.py", "");
  write_file("pkg/sub/c.py", "");
  write_file("pkg/notes.txt", "");
  char link[512], target[512];
  snprintf(link, sizeof link, "%s/pkg/sub/loop", tree_root);
  snprintf(target, sizeof target, "%s/pkg", tree_root);
  assert_int_equal(symlink(target, link), 0); /* pkg/sub/loop -> pkg: a loop */
  snprintf(link, sizeof link, "%s/pkg/dangling.py", tree_root);
  assert_int_equal(symlink("/nonexistent/target.py", link), 0);

  char missing[512];
  snprintf(missing, sizeof missing, "%s/missing", tree_root);
  const char *roots[] = {tree_root, missing};
  impgraph_file_list *list;
  impgraph_error err;
  assert_int_equal(impgraph_file_list_new(&list, roots, 2, &err), IMPGRAPH_OK);
  assert_int_equal(impgraph_file_list_count(list), 3);
  char expect[512];
  snprintf(expect, sizeof expect, "%s/pkg/a.py", tree_root);
  assert_string_equal(impgraph_file_list_path(list, 0), expect);
  snprintf(expect, sizeof expect, "%s/pkg/b.py", tree_root);
  assert_string_equal(impgraph_file_list_path(list, 1), expect);
  snprintf(expect, sizeof expect, "%s/pkg/sub/c.py", tree_root);
  assert_string_equal(impgraph_file_list_path(list, 2), expect);
  assert_null(impgraph_file_list_path(list, 3));

  /* dangling symlink, the loop, the venv, the missing root — in walk order */
  size_t nd = impgraph_file_list_diagnostic_count(list);
  assert_int_equal(nd, 4);
  assert_string_equal(impgraph_file_list_diagnostic(list, 0)->code, "unreadable");
  assert_non_null(strstr(impgraph_file_list_diagnostic(list, 0)->path, "dangling.py"));
  assert_string_equal(impgraph_file_list_diagnostic(list, 1)->code, "symlink-loop");
  assert_string_equal(impgraph_file_list_diagnostic(list, 2)->code, "skipped");
  assert_non_null(strstr(impgraph_file_list_diagnostic(list, 2)->path, "venv"));
  assert_string_equal(impgraph_file_list_diagnostic(list, 3)->code, "unreadable");
  assert_string_equal(impgraph_file_list_diagnostic(list, 3)->path, missing);
  impgraph_file_list_free(list);

  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tree_root);
  assert_int_equal(system(cmd), 0);
}

/* ---- rendering ---- */

static void test_render_formats(void **state) {
  (void)state;
  impgraph_scanner *scanner;
  assert_int_equal(impgraph_scanner_new(&scanner, NULL, NULL), IMPGRAPH_OK);
  const char *src = "import os\ndef f(:\n";
  impgraph_scan *scan;
  assert_int_equal(impgraph_scanner_scan(scanner, &scan, "m.py", src, strlen(src), NULL),
                   IMPGRAPH_OK);
  const impgraph_scan *scans[] = {scan};
  char *out = NULL;
  size_t len = 0;
  impgraph_error err;
  assert_int_equal(impgraph_render_scans(&out, &len, scans, 1, NULL, IMPGRAPH_FORMAT_JSON, &err),
                   IMPGRAPH_OK);
  assert_int_equal(strlen(out), len);
  assert_non_null(strstr(out, "\"schema\": \"impgraph-scan\""));
  assert_non_null(strstr(out, "\"schema_version\": 1"));
  assert_non_null(strstr(out, "\"code\": \"syntax-error\""));
  impgraph_free(out);
  assert_int_equal(impgraph_render_scans(&out, &len, scans, 1, NULL, IMPGRAPH_FORMAT_TEXT, &err),
                   IMPGRAPH_OK);
  assert_non_null(strstr(out, "m.py:1:1: import os  [module]\n"));
  assert_non_null(strstr(out, "m.py:2:"));
  assert_non_null(strstr(out, "1 file, 1 import, 1 diagnostic (1 file with errors)\n"));
  impgraph_free(out);
  out = (char *)0x1;
  assert_int_equal(impgraph_render_scans(&out, &len, scans, 1, NULL, (impgraph_format)77, &err),
                   IMPGRAPH_EFORMAT);
  assert_null(out);
  impgraph_scan_free(scan);
  impgraph_scanner_free(scanner);
}

/* ---- threads: independent handles at once, one finished result shared ---- */

#define THREADS 4

typedef struct thread_job {
  const impgraph_scan *shared;
  size_t imports;
  int rc;
} thread_job;

static const char thread_source[] =
    "import os\nfrom json import dumps\n\ndef f():\n    import re\n    return re\n";

static void *scan_in_thread(void *arg) {
  thread_job *job = arg;
  impgraph_scanner *scanner;
  job->rc = impgraph_scanner_new(&scanner, NULL, NULL);
  for (int i = 0; i < 200 && !job->rc; i++) {
    impgraph_scan *scan;
    job->rc = impgraph_scanner_scan(scanner, &scan, "t.py", thread_source,
                                    sizeof thread_source - 1, NULL);
    if (!job->rc) {
      job->imports = impgraph_scan_import_count(scan);
      impgraph_scan_free(scan);
    }
    /* Read the shared, finished result concurrently. */
    for (size_t k = 0; k < impgraph_scan_import_count(job->shared); k++)
      if (!impgraph_scan_import(job->shared, k)->module)
        job->rc = -100;
  }
  impgraph_scanner_free(scanner);
  return NULL;
}

static void test_threads_with_independent_scanners(void **state) {
  (void)state;
  impgraph_scanner *scanner;
  assert_int_equal(impgraph_scanner_new(&scanner, NULL, NULL), IMPGRAPH_OK);
  impgraph_scan *shared;
  assert_int_equal(impgraph_scanner_scan(scanner, &shared, "s.py", thread_source,
                                         sizeof thread_source - 1, NULL),
                   IMPGRAPH_OK);
  assert_int_equal(impgraph_scan_import_count(shared), 3);
  pthread_t threads[THREADS];
  thread_job jobs[THREADS];
  for (int i = 0; i < THREADS; i++) {
    jobs[i] = (thread_job){shared, 0, 0};
    assert_int_equal(pthread_create(&threads[i], NULL, scan_in_thread, &jobs[i]), 0);
  }
  for (int i = 0; i < THREADS; i++) {
    pthread_join(threads[i], NULL);
    assert_int_equal(jobs[i].rc, 0);
    assert_int_equal(jobs[i].imports, 3);
  }
  impgraph_scan_free(shared);
  impgraph_scanner_free(scanner);
}

/* ---- console scripts of a pyproject.toml ---- */

static void test_pyproject_console_script(void **state) {
  (void)state;
  char dir[] = "/tmp/impgraph-api-toml-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/pyproject.toml", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("[project]\nname = \"demo\"\n"
        "description = \"\"\"\ntool = \"not:this\"\n\"\"\"\n"
        "\n[project.scripts]\n"
        "other = \"json.tool:main\"\n"
        "\"demo-tool\" = \"app.cli:main [extra]\"  # comment\n"
        "\n[tool.poetry.scripts]\npo = 'p.q:r'\n"
        "\n[tool.other]\nnot-a-script = \"x:y\"\n",
        f);
  fclose(f);
  impgraph_error err;
  char *entry = NULL;
  assert_int_equal(impgraph_pyproject_console_script(path, "demo-tool", &entry, &err), 0);
  assert_string_equal(entry, "app.cli:main"); /* quoted key; extras and comment dropped */
  impgraph_free(entry);
  assert_int_equal(impgraph_pyproject_console_script(path, "po", &entry, &err), 0);
  assert_string_equal(entry, "p.q:r"); /* Poetry's table, a literal string */
  impgraph_free(entry);

  /* Not declared (a key of another table, inside a multi-line string, or
     nowhere): ENOTFOUND naming the file and what it has. */
  static const char *const absent[] = {"not-a-script", "tool", "nope"};
  for (size_t i = 0; i < 3; i++) {
    entry = (char *)"untouched";
    assert_int_equal(impgraph_pyproject_console_script(path, absent[i], &entry, &err),
                     IMPGRAPH_ENOTFOUND);
    assert_null(entry);
    assert_int_equal(err.code, IMPGRAPH_ENOTFOUND);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "it has: other, demo-tool, po"));
  }
  char missing[300];
  snprintf(missing, sizeof missing, "%s/none/pyproject.toml", dir);
  assert_int_equal(impgraph_pyproject_console_script(missing, "x", &entry, &err), IMPGRAPH_EIO);
  assert_non_null(strstr(err.message, missing));
  assert_int_equal(impgraph_pyproject_console_script(NULL, "x", &entry, &err), IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_pyproject_console_script(path, "x", NULL, &err), IMPGRAPH_EINVAL);
  remove(path);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_strerror_is_distinct_per_code),
      cmocka_unit_test(test_free_null_is_noop),
      cmocka_unit_test(test_options_init),
      cmocka_unit_test(test_scanner_rejects_unknown_options_version),
      cmocka_unit_test(test_scan_argument_errors),
      cmocka_unit_test(test_scan_file_missing_names_the_path),
      cmocka_unit_test(test_size_cap_is_a_diagnostic),
      cmocka_unit_test(test_time_budget_is_a_diagnostic),
      cmocka_unit_test(test_file_list_walks_sorted_and_skips),
      cmocka_unit_test(test_render_formats),
      cmocka_unit_test(test_threads_with_independent_scanners),
      cmocka_unit_test(test_pyproject_console_script),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
