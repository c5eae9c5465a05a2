/* impgraph_measure() against the real interpreter ($PYTHON3, python3 from
 * PATH by default) on the fixture modules of tests/data/measure/, copied to
 * a temporary directory first (warm-up runs write __pycache__ there).
 *
 * Timing assertions are tolerant: the machine is shared and noisy. slowmod
 * burns 40 ms of CPU, so its median self time must be >= 35 ms (CPU time
 * never runs faster than wall time) and <= 400 ms. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "impgraph.h"

static char fixture_dir[1024];
static const char *python;

static int setup(void **state) {
  (void)state;
  python = getenv("PYTHON3");
  if (!python || !*python)
    python = "python3";
  const char *base = getenv("IMPGRAPH_BINARY_DIR");
  snprintf(fixture_dir, sizeof fixture_dir, "%s/measure-fixture-XXXXXX", base ? base : "/tmp");
  if (!mkdtemp(fixture_dir))
    return -1;
  char command[4096];
  snprintf(command, sizeof command, "cp '%s'/tests/data/measure/*.py '%s'/", IMPGRAPH_SOURCE_DIR,
           fixture_dir);
  return system(command) == 0 ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char command[2048];
  snprintf(command, sizeof command, "rm -rf '%s'", fixture_dir);
  return system(command) == 0 ? 0 : -1;
}

static impgraph_measure_options code_options(const char *code, uint32_t runs, uint32_t warmup) {
  static const char *roots[1];
  roots[0] = fixture_dir;
  impgraph_measure_options opts;
  assert_int_equal(impgraph_measure_options_init(&opts, IMPGRAPH_MEASURE_OPTIONS_VERSION), 0);
  opts.python = python;
  opts.mode = IMPGRAPH_MEASURE_CODE;
  opts.target = code;
  opts.runs = runs;
  opts.warmup = warmup;
  opts.source_roots = roots;
  opts.source_root_count = 1;
  return opts;
}

static impgraph_profile *measure(const impgraph_measure_options *opts) {
  impgraph_profile *p = NULL;
  impgraph_error err;
  if (impgraph_measure(&p, opts, &err) != 0)
    fail_msg("impgraph_measure: %s", err.message);
  assert_non_null(p);
  return p;
}

static const impgraph_module_stats *find(const impgraph_profile *p, const char *name) {
  size_t index;
  if (impgraph_profile_find(p, name, &index) != 0)
    return NULL;
  return impgraph_profile_module(p, index);
}

static const impgraph_module_stats *module(const impgraph_profile *p, const char *name) {
  const impgraph_module_stats *m = find(p, name);
  if (!m)
    fail_msg("module %s not in the profile", name);
  return m;
}

static bool has_diagnostic(const impgraph_profile *p, const char *code) {
  for (size_t i = 0; i < impgraph_profile_diagnostic_count(p); i++)
    if (strcmp(impgraph_profile_diagnostic(p, i)->code, code) == 0)
      return true;
  return false;
}

/* No median is negative (or below self) without the flag saying why. */
static void assert_no_silent_negatives(const impgraph_profile *p) {
  for (size_t i = 0; i < impgraph_profile_module_count(p); i++) {
    const impgraph_module_stats *m = impgraph_profile_module(p, i);
    if (m->self.median_us < 0 || m->cumulative.median_us < 0 ||
        m->cumulative.median_us < m->self.median_us)
      assert_true(m->flags & (IMPGRAPH_PROFILE_MODULE_NEGATIVE | IMPGRAPH_PROFILE_MODULE_SUSPECT));
  }
}

/* ---- tests ------------------------------------------------------------------- */

static void test_slow_module(void **state) {
  (void)state;
  impgraph_measure_options opts = code_options("import app", 3, 1);
  impgraph_profile *p = measure(&opts);
  const impgraph_profile_info *info = impgraph_profile_summary(p);
  assert_string_equal(info->source, "measure");
  assert_int_equal(info->warmup, 1);
  assert_int_equal(info->runs, 3);
  assert_int_equal(info->failed_runs, 0);
  int major = 0, minor = 0;
  assert_int_equal(sscanf(info->python_version, "%d.%d", &major, &minor), 2);
  assert_int_equal(info->importtime_level, major == 3 && minor >= 14 ? 2 : 1);
  assert_non_null(info->executable);
  assert_true(info->executable[0] == '/');
  assert_int_equal(impgraph_profile_run_count(p), 4);
  const impgraph_measured_run *warm = impgraph_profile_run(p, 0);
  assert_string_equal(warm->label, "warm-up 1");
  assert_true(warm->flags & IMPGRAPH_PROFILE_RUN_WARMUP);
  assert_true(warm->flags & IMPGRAPH_PROFILE_RUN_EXCLUDED);
  for (size_t i = 1; i < 4; i++) {
    const impgraph_measured_run *run = impgraph_profile_run(p, i);
    assert_int_equal(run->flags & (IMPGRAPH_PROFILE_RUN_FAILED | IMPGRAPH_PROFILE_RUN_EXCLUDED |
                                   IMPGRAPH_PROFILE_RUN_NO_MODULE_LIST),
                     0);
    assert_int_equal(run->exit_status, 0);
    assert_true(run->wall_us > run->total_us); /* the process outlives its imports */
    assert_true(run->cpu_us > 0);
    size_t len = 0;
    const char *log = impgraph_profile_run_log(p, i, &len);
    assert_non_null(log);
    assert_non_null(strstr(log, "slowmod"));
  }

  const impgraph_module_stats *slow = module(p, "slowmod");
  const impgraph_module_stats *app = module(p, "app");
  assert_int_equal(slow->runs, 3);
  assert_true(slow->self.median_us >= 35000);
  assert_true(slow->self.median_us <= 400000);
  /* The time is slowmod's own, not its importer's. */
  assert_true(app->self.median_us < 20000);
  assert_true(app->cumulative.median_us >= slow->cumulative.median_us);
  assert_true(app->flags & IMPGRAPH_PROFILE_MODULE_TOP_LEVEL);
  assert_int_equal(app->flags & IMPGRAPH_PROFILE_MODULE_FAILED, 0);
  bool found = false;
  for (size_t i = 0; i < impgraph_profile_edge_count(p); i++) {
    const impgraph_observed_edge *e = impgraph_profile_edge(p, i);
    if (strcmp(e->importer, "app") == 0 && strcmp(e->imported, "slowmod") == 0) {
      found = e->kind == IMPGRAPH_PROFILE_EDGE_NESTED && e->runs == 3;
      assert_ptr_equal(impgraph_profile_module(p, e->imported_index), slow);
    }
  }
  assert_true(found);
  assert_no_silent_negatives(p);

  /* Same logs, same profile: --from-log reproduces the measured modules. */
  const char *texts[3];
  size_t lens[3];
  for (size_t i = 0; i < 3; i++)
    texts[i] = impgraph_profile_run_log(p, i + 1, &lens[i]);
  impgraph_profile *again = NULL;
  impgraph_error err;
  assert_int_equal(impgraph_profile_from_logs(&again, texts, lens, NULL, 3, &err), 0);
  assert_int_equal(impgraph_profile_module_count(again), impgraph_profile_module_count(p));
  for (size_t i = 0; i < impgraph_profile_module_count(p); i++) {
    const impgraph_module_stats *a = impgraph_profile_module(p, i);
    const impgraph_module_stats *b = impgraph_profile_module(again, i);
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->self.median_us, b->self.median_us);
    assert_int_equal(a->cumulative.median_us, b->cumulative.median_us);
    assert_int_equal(a->runs, b->runs);
  }
  assert_int_equal(impgraph_profile_summary(again)->total.median_us, info->total.median_us);
  impgraph_profile_free(again);

  char *text = NULL;
  impgraph_profile_view view = IMPGRAPH_PROFILE_VIEW_INIT;
  view.flags = IMPGRAPH_PROFILE_VIEW_TREE;
  assert_int_equal(impgraph_render_profile(&text, NULL, p, IMPGRAPH_FORMAT_TEXT, &view, &err), 0);
  assert_non_null(strstr(text, "`- slowmod"));
  impgraph_free(text);
  impgraph_profile_free(p);
}

static bool process_alive(pid_t pid) {
  char path[64], stat[512];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  FILE *f = fopen(path, "r");
  if (!f)
    return false;
  size_t n = fread(stat, 1, sizeof stat - 1, f);
  fclose(f);
  stat[n] = '\0';
  const char *close = strrchr(stat, ')');
  /* A zombie is dead; only its parent (or init) has yet to reap it. */
  return close && close[1] == ' ' && close[2] != 'Z' && close[2] != 'X';
}

/* Live processes of process group `pgid`, from /proc. */
static size_t group_members(pid_t pgid) {
  DIR *dir = opendir("/proc");
  assert_non_null(dir);
  size_t live = 0;
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    char *end;
    long pid = strtol(entry->d_name, &end, 10);
    if (*end || pid <= 0)
      continue;
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
      continue;
    size_t n = fread(stat, 1, sizeof stat - 1, f);
    fclose(f);
    stat[n] = '\0';
    char *close = strrchr(stat, ')');
    char state;
    int ppid, group;
    if (close && sscanf(close + 1, " %c %d %d", &state, &ppid, &group) == 3 && group == pgid &&
        state != 'Z' && state != 'X')
      live++;
  }
  closedir(dir);
  return live;
}

static double seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void test_timeout_kills_the_group(void **state) {
  (void)state;
  char pidfile[1200], env_entry[1300];
  snprintf(pidfile, sizeof pidfile, "%s/hang.pids", fixture_dir);
  snprintf(env_entry, sizeof env_entry, "HANGMOD_PIDFILE=%s", pidfile);
  const char *env[] = {env_entry};
  impgraph_measure_options opts = code_options("import hangmod", 3, 1);
  opts.env = env;
  opts.env_count = 1;
  opts.timeout_ms = 2000;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  impgraph_profile *p = measure(&opts);
  double elapsed = seconds_since(&start);
  /* Never a hang: well under what the four runs would take if each one
     waited for its timeout (that case is caught exactly by the run count
     below); the bound leaves room for a machine under heavy load. */
  assert_true(elapsed < 15.0);

  /* The first run (the warm-up) timed out; nothing more was run. */
  assert_int_equal(impgraph_profile_run_count(p), 1);
  const impgraph_measured_run *run = impgraph_profile_run(p, 0);
  uint32_t want =
      IMPGRAPH_PROFILE_RUN_FAILED | IMPGRAPH_PROFILE_RUN_TIMED_OUT | IMPGRAPH_PROFILE_RUN_EXCLUDED;
  assert_int_equal(run->flags & want, want);
  assert_int_equal(run->exit_status, -1);
  assert_int_equal(run->term_signal, SIGKILL);
  assert_true(run->wall_us >= 2000000 && run->wall_us < 8000000); /* killed at the timeout */
  assert_true(has_diagnostic(p, "timeout"));
  assert_false(has_diagnostic(p, "suspect-run")); /* unfinished imports are not threads */
  assert_int_equal(impgraph_profile_summary(p)->failed_runs, 1);
  assert_int_equal(impgraph_profile_summary(p)->runs, 0);

  /* The program and the grandchild it started are gone: the whole group. */
  FILE *f = fopen(pidfile, "r");
  assert_non_null(f);
  int child = 0, grandchild = 0;
  assert_int_equal(fscanf(f, "%d %d", &child, &grandchild), 2);
  fclose(f);
  for (int tries = 0; tries < 50 && (group_members(child) || process_alive(grandchild)); tries++) {
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  assert_int_equal(group_members(child), 0);
  assert_false(process_alive(child));
  assert_false(process_alive(grandchild));
  impgraph_profile_free(p);
}

static void test_subprocess_log_is_separated(void **state) {
  (void)state;
  impgraph_measure_options opts = code_options("import spawner", 2, 0);
  impgraph_profile *p = measure(&opts);
  assert_int_equal(impgraph_profile_summary(p)->runs, 2);
  for (size_t i = 0; i < impgraph_profile_run_count(p); i++) {
    const impgraph_measured_run *run = impgraph_profile_run(p, i);
    assert_true(run->flags & IMPGRAPH_PROFILE_RUN_EXTRA_LOGS);
    assert_int_equal(run->extra_logs, 1);
    assert_int_equal(run->exit_status, 0);
  }
  /* The child's imports are not the program's. */
  assert_null(find(p, "csv"));
  assert_non_null(find(p, "subprocess"));
  assert_true(has_diagnostic(p, "extra-logs"));
  assert_no_silent_negatives(p);
  impgraph_profile_free(p);
}

static void test_threads_are_flagged(void **state) {
  (void)state;
  impgraph_measure_options opts = code_options("import threaded", 3, 1);
  impgraph_profile *p = measure(&opts);
  assert_int_equal(impgraph_profile_summary(p)->runs, 3);
  /* Both threads' imports are there, whatever their order. */
  assert_non_null(find(p, "decimal"));
  assert_non_null(find(p, "asyncio"));
  assert_non_null(find(p, "http.client"));
  bool suspect = false;
  for (size_t i = 0; i < impgraph_profile_run_count(p); i++)
    suspect = suspect || (impgraph_profile_run(p, i)->flags & IMPGRAPH_PROFILE_RUN_SUSPECT);
  if (suspect) /* the race is not certain to show on every machine */
    assert_true(has_diagnostic(p, "suspect-run"));
  assert_no_silent_negatives(p);
  impgraph_profile_free(p);
}

static void test_failed_import_detected(void **state) {
  (void)state;
  impgraph_measure_options opts = code_options("import failing", 2, 0);
  impgraph_profile *p = measure(&opts);
  const impgraph_module_stats *missing = module(p, "impgraph_fixture_no_such_module");
  assert_true(missing->flags & IMPGRAPH_PROFILE_MODULE_FAILED);
  assert_int_equal(missing->failed_runs, 2);
  const impgraph_module_stats *failing = module(p, "failing");
  assert_int_equal(failing->flags & IMPGRAPH_PROFILE_MODULE_FAILED, 0);
  for (size_t i = 0; i < impgraph_profile_run_count(p); i++)
    assert_true(impgraph_profile_run(p, i)->failed_imports >= 1);
  impgraph_profile_free(p);
}

static void test_target_failure(void **state) {
  (void)state;
  const char *code = "import sys; sys.stderr.write('boom here\\n'); sys.exit(4)";
  impgraph_measure_options opts = code_options(code, 3, 1);
  impgraph_profile *p = measure(&opts);
  /* Stops at the first failure, which is reported with its stderr. */
  assert_int_equal(impgraph_profile_run_count(p), 1);
  const impgraph_measured_run *run = impgraph_profile_run(p, 0);
  assert_true(run->flags & IMPGRAPH_PROFILE_RUN_FAILED);
  assert_int_equal(run->exit_status, 4);
  assert_int_equal(run->term_signal, 0);
  assert_non_null(run->stderr_tail);
  assert_string_equal(run->stderr_tail, "boom here");
  assert_true(has_diagnostic(p, "target-failed"));
  impgraph_profile_free(p);

  opts.flags = IMPGRAPH_MEASURE_ALLOW_FAILURE;
  p = measure(&opts);
  assert_int_equal(impgraph_profile_run_count(p), 4);
  assert_int_equal(impgraph_profile_summary(p)->runs, 3);
  assert_int_equal(impgraph_profile_summary(p)->failed_runs, 4);
  assert_non_null(find(p, "site"));
  impgraph_profile_free(p);
}

static void test_large_output_does_not_block(void **state) {
  (void)state;
  /* 8 MB on stderr (far beyond a pipe's 64 KiB) before and after the
     imports, and as much on stdout: read while waiting, never a deadlock. */
  impgraph_measure_options opts =
      code_options("import sys\n"
                   "line = 'x' * 79 + '\\n'\n"
                   "for _ in range(50000): sys.stderr.write(line); sys.stdout.write(line)\n"
                   "import app\n"
                   "for _ in range(50000): sys.stderr.write(line)\n",
                   1, 0);
  opts.timeout_ms = 60000;
  impgraph_profile *p = measure(&opts);
  const impgraph_measured_run *run = impgraph_profile_run(p, 0);
  assert_int_equal(run->flags & (IMPGRAPH_PROFILE_RUN_FAILED | IMPGRAPH_PROFILE_RUN_EXCLUDED), 0);
  size_t len = 0;
  assert_non_null(impgraph_profile_run_log(p, 0, &len));
  assert_true(len > 8000000);
  assert_non_null(find(p, "slowmod"));
  assert_false(has_diagnostic(p, "stray-text")); /* program output is not a log problem */
  impgraph_profile_free(p);
}

static void test_modes(void **state) {
  (void)state;
  /* -m: the working directory is sys.path[0]; runpy is imported, as by -m. */
  impgraph_measure_options opts = code_options("app", 1, 0);
  opts.mode = IMPGRAPH_MEASURE_MODULE;
  opts.source_root_count = 0;
  opts.cwd = fixture_dir;
  impgraph_profile *p = measure(&opts);
  assert_non_null(find(p, "slowmod"));
  assert_non_null(find(p, "runpy"));
  assert_null(find(p, "app")); /* run as __main__, not imported */
  assert_string_equal(impgraph_profile_summary(p)->cwd, fixture_dir);
  impgraph_profile_free(p);

  /* A script, relative to cwd: its directory is sys.path[0]. */
  opts.mode = IMPGRAPH_MEASURE_SCRIPT;
  opts.target = "app.py";
  p = measure(&opts);
  assert_non_null(find(p, "slowmod"));
  assert_null(find(p, "runpy"));
  impgraph_profile_free(p);

  /* An entry point, like a console script. */
  opts = code_options("app:main", 1, 0);
  opts.mode = IMPGRAPH_MEASURE_ENTRY_POINT;
  opts.program_name = "my-tool";
  p = measure(&opts);
  assert_non_null(find(p, "app"));
  assert_non_null(find(p, "slowmod"));
  assert_int_equal(impgraph_profile_run(p, 0)->exit_status, 0);
  const impgraph_profile_info *info = impgraph_profile_summary(p);
  assert_non_null(strstr(info->command[info->command_count - 1], "from app import main"));
  impgraph_profile_free(p);
}

static void test_environment(void **state) {
  (void)state;
  /* PYTHONDONTWRITEBYTECODE would make every run compile: it is removed
     (and said so) unless asked for. --env overrides; NAME alone unsets. */
  setenv("PYTHONDONTWRITEBYTECODE", "1", 1);
  setenv("IMPGRAPH_TEST_UNSET_ME", "x", 1);
  const char *env[] = {"IMPGRAPH_TEST_VALUE=42", "IMPGRAPH_TEST_UNSET_ME"};
  impgraph_measure_options opts =
      code_options("import os, sys\n"
                   "ok = os.environ.get('IMPGRAPH_TEST_VALUE') == '42'\n"
                   "ok = ok and 'IMPGRAPH_TEST_UNSET_ME' not in os.environ\n"
                   "ok = ok and 'PYTHONDONTWRITEBYTECODE' not in os.environ\n"
                   "ok = ok and sys.path[1] == os.environ['PYTHONPATH'].split(':')[0]\n"
                   "sys.exit(0 if ok else 9)",
                   1, 0);
  opts.env = env;
  opts.env_count = 2;
  impgraph_profile *p = measure(&opts);
  unsetenv("PYTHONDONTWRITEBYTECODE");
  unsetenv("IMPGRAPH_TEST_UNSET_ME");
  assert_int_equal(impgraph_profile_run(p, 0)->exit_status, 0);
  assert_true(has_diagnostic(p, "environment"));
  assert_int_equal(impgraph_profile_summary(p)->source_root_count, 1);
  assert_int_equal(impgraph_profile_summary(p)->env_count, 2);
  impgraph_profile_free(p);
}

static void test_errors(void **state) {
  (void)state;
  impgraph_profile *p = (impgraph_profile *)1;
  impgraph_error err;
  impgraph_measure_options opts = code_options("pass", 1, 0);
  opts.python = "/nonexistent/bin/python3";
  assert_int_equal(impgraph_measure(&p, &opts, &err), IMPGRAPH_ENOTFOUND);
  assert_null(p);
  assert_non_null(strstr(err.message, "/nonexistent/bin/python3"));

  opts = code_options("pass", 1, 0);
  opts.python = "/bin/true"; /* runs, but is no Python */
  assert_int_equal(impgraph_measure(&p, &opts, &err), IMPGRAPH_EINVAL);
  assert_non_null(strstr(err.message, "not a Python interpreter"));

  opts = code_options("pass", 0, 0);
  assert_int_equal(impgraph_measure(&p, &opts, &err), IMPGRAPH_EINVAL);
  opts = code_options(NULL, 1, 0);
  assert_int_equal(impgraph_measure(&p, &opts, &err), IMPGRAPH_EINVAL);
  opts = code_options("nocolon", 1, 0);
  opts.mode = IMPGRAPH_MEASURE_ENTRY_POINT;
  assert_int_equal(impgraph_measure(&p, &opts, &err), IMPGRAPH_EINVAL);
  opts = code_options("pass", 1, 0);
  opts.version = 99;
  assert_int_equal(impgraph_measure(&p, &opts, &err), IMPGRAPH_EVERSION);
  const char *roots[] = {"/nonexistent/src"};
  opts = code_options("pass", 1, 0);
  opts.source_roots = roots;
  assert_int_equal(impgraph_measure(&p, &opts, &err), IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "/nonexistent/src"));
  opts = code_options("no_such_script.py", 1, 0);
  opts.mode = IMPGRAPH_MEASURE_SCRIPT;
  assert_int_equal(impgraph_measure(&p, &opts, &err), IMPGRAPH_ENOTFOUND);
  assert_int_equal(impgraph_measure(NULL, &opts, &err), IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_measure_options_init(NULL, IMPGRAPH_MEASURE_OPTIONS_VERSION),
                   IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_measure_options_init(&opts, 0), IMPGRAPH_EVERSION);
  impgraph_profile_free(NULL);
  assert_int_equal(impgraph_profile_module_count(NULL), 0);
  assert_null(impgraph_profile_summary(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_slow_module),
      cmocka_unit_test(test_timeout_kills_the_group),
      cmocka_unit_test(test_subprocess_log_is_separated),
      cmocka_unit_test(test_threads_are_flagged),
      cmocka_unit_test(test_failed_import_detected),
      cmocka_unit_test(test_target_failure),
      cmocka_unit_test(test_large_output_does_not_block),
      cmocka_unit_test(test_modes),
      cmocka_unit_test(test_environment),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
