/* unit.probe — the interpreter probe: the real `python3` from PATH, fake
   interpreters that hang, crash or print nonsense, the probe cache, the
   output parser and static probes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "resolve/resolve.h"

/* ---- helpers ---- */

static void make_tmpdir(char *buf, size_t size) {
  snprintf(buf, size, "/tmp/impgraph-probe-XXXXXX");
  assert_non_null(mkdtemp(buf));
}

static void remove_tree(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return;
  if (S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      char child[1024];
      snprintf(child, sizeof child, "%s/%s", path, e->d_name);
      remove_tree(child);
    }
    if (d)
      closedir(d);
    rmdir(path);
  } else {
    unlink(path);
  }
}

static size_t count_entries(const char *dir) {
  size_t n = 0;
  DIR *d = opendir(dir);
  for (struct dirent *e; d && (e = readdir(d));)
    if (e->d_name[0] != '.')
      n++;
  if (d)
    closedir(d);
  return n;
}

/* Writes an executable shell script standing in for an interpreter. */
static void write_script(const char *path, const char *body) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f, "#!/bin/sh\n%s", body);
  fclose(f);
  assert_int_equal(chmod(path, 0755), 0);
}

static double seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) +
         (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void assert_contains(const char *text, const char *part) {
  if (!strstr(text, part))
    print_error("'%s' does not contain '%s'\n", text, part);
  assert_non_null(strstr(text, part));
}

/* Runs a fake interpreter script and returns the status; err filled. */
static int run_fake(const char *body, unsigned timeout_ms, impgraph_error *err,
                    char *script, size_t size) {
  char dir[64];
  make_tmpdir(dir, sizeof dir);
  snprintf(script, size, "%s/python", dir);
  write_script(script, body);
  ipg_probe_options opts = {.timeout_ms = timeout_ms, .no_cache = true};
  ipg_probe *probe = (ipg_probe *)1;
  int rc = ipg_probe_run(&probe, script, &opts, err);
  if (rc)
    assert_null(probe);
  ipg_probe_free(probe);
  remove_tree(dir);
  return rc;
}

/* ---- the embedded script ---- */

static void test_script_matches_probe_py(void **state) {
  (void)state;
  const char *path = IMPGRAPH_SOURCE_DIR "/libimpgraph/src/resolve/probe.py";
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  static char text[65536];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  /* If this fails: run `python3 embed.py` in libimpgraph/src/resolve. */
  assert_string_equal(ipg_probe_script(), text);
}

/* ---- the real interpreter ---- */

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_real_python3(void **state) {
  (void)state;
  ipg_probe_options opts = {.no_cache = true};
  ipg_probe *p = NULL;
  impgraph_error err;
  int rc = ipg_probe_run(&p, "python3", &opts, &err);
  if (rc)
    print_error("%s\n", err.message);
  assert_int_equal(rc, IMPGRAPH_OK);
  assert_false(p->is_static);
  assert_false(p->from_cache);
  assert_int_equal(p->version_major, 3);
  assert_true(p->version_minor >= 7);
  assert_true(p->version_micro >= 0);
  assert_non_null(p->interpreter);
  assert_true(p->interpreter[0] == '/');
  assert_non_null(p->executable);
  assert_non_null(p->implementation);
  /* What guard conditions are evaluated against (graph/cond.c). */
  assert_string_equal(p->platform, "linux");
  assert_string_equal(p->os_name, "posix");
  assert_non_null(p->byteorder);
  assert_true(strcmp(p->byteorder, "little") == 0 || strcmp(p->byteorder, "big") == 0);
  assert_non_null(p->prefix);
  assert_non_null(p->base_prefix);
  assert_true(p->builtins_known);
  assert_true(ipg_strlist_contains(&p->builtins, "sys"));
  assert_true(ipg_strlist_contains(&p->builtins, "builtins"));
  assert_int_not_equal(p->stdlib_source, IPG_STDLIB_UNKNOWN);
  assert_true(ipg_strlist_contains(&p->stdlib, "os"));
  assert_true(ipg_strlist_contains(&p->stdlib, "json"));
  assert_true(ipg_strlist_contains(&p->startup_modules, "sys"));
  assert_string_equal(ipg_probe_alias(p, "os.path"), "posixpath");
  bool path_finder = false;
  for (size_t i = 0; i < p->meta_path.count; i++)
    path_finder = path_finder ||
                  strcmp(p->meta_path.items[i], "_frozen_importlib_external."
                                                "PathFinder") == 0;
  assert_true(path_finder);
  assert_true(p->frozen_known);
  assert_true(p->source_suffixes.count > 0);
  assert_string_equal(p->source_suffixes.items[0], ".py");
  assert_true(p->bytecode_suffixes.count > 0);
  assert_true(p->extension_suffixes.count > 0);
  /* `-c` put '' first, which the probe dropped (unless PYTHONSAFEPATH). */
  const char *safe = getenv("PYTHONSAFEPATH");
  if (!safe || !*safe)
    assert_true(p->path_entry_dropped);
  bool some_dir = false;
  for (size_t i = 0; i < p->sys_path.count; i++) {
    assert_true(p->sys_path.items[i][0] != '\0');
    some_dir = some_dir || is_dir(p->sys_path.items[i]);
  }
  assert_true(some_dir);
  ipg_probe_free(p);
}

/* The probe feeds a resolver that finds the standard library. */
static void test_real_python3_resolves_stdlib(void **state) {
  (void)state;
  ipg_probe_options opts = {.no_cache = true};
  ipg_probe *p = NULL;
  assert_int_equal(ipg_probe_run(&p, "python3", &opts, NULL), IMPGRAPH_OK);
  ipg_resolver *r = NULL;
  assert_int_equal(ipg_resolver_new(&r, p, NULL), IMPGRAPH_OK);
  const ipg_module *m = NULL;
  assert_int_equal(ipg_resolve(r, "sys", &m, NULL), IMPGRAPH_OK);
  assert_int_equal(m->kind, IPG_MODULE_BUILTIN);
  assert_int_equal(ipg_resolve(r, "json.decoder", &m, NULL), IMPGRAPH_OK);
  assert_int_equal(m->kind, IPG_MODULE_SOURCE);
  assert_int_equal(m->parent->kind, IPG_MODULE_PACKAGE);
  assert_non_null(strstr(m->path, "json/decoder.py"));
  assert_int_equal(ipg_resolve(r, "no_such_module_xyzzy", &m, NULL),
                   IMPGRAPH_OK);
  assert_int_equal(m->kind, IPG_MODULE_MISSING);
  assert_string_equal(m->reason, "No module named 'no_such_module_xyzzy'");
  ipg_resolver_free(r);
  ipg_probe_free(p);
}

/* ---- the cache ---- */

static ipg_probe *probe_cached(const char *python, const char *cache_dir,
                               bool refresh) {
  ipg_probe_options opts = {.cache_dir = cache_dir, .refresh_cache = refresh};
  ipg_probe *p = NULL;
  impgraph_error err;
  int rc = ipg_probe_run(&p, python, &opts, &err);
  if (rc)
    print_error("%s\n", err.message);
  assert_int_equal(rc, IMPGRAPH_OK);
  return p;
}

static void assert_same_probe(const ipg_probe *a, const ipg_probe *b) {
  assert_string_equal(a->interpreter, b->interpreter);
  assert_int_equal(a->version_minor, b->version_minor);
  assert_int_equal(a->sys_path.count, b->sys_path.count);
  for (size_t i = 0; i < a->sys_path.count; i++)
    assert_string_equal(a->sys_path.items[i], b->sys_path.items[i]);
  assert_int_equal(a->builtins.count, b->builtins.count);
  assert_int_equal(a->extension_suffixes.count, b->extension_suffixes.count);
  assert_string_equal(a->os_name, b->os_name);
  assert_string_equal(a->byteorder, b->byteorder);
}

/* Rewrites the header of every cache file in `cache` to `header`. */
static void rewrite_cache_header(const char *cache, const char *header) {
  DIR *d = opendir(cache);
  for (struct dirent *e; d && (e = readdir(d));) {
    if (strncmp(e->d_name, "probe-", 6) != 0)
      continue;
    char file[512];
    snprintf(file, sizeof file, "%s/%s", cache, e->d_name);
    FILE *in = fopen(file, "rb");
    assert_non_null(in);
    char *text = calloc(1, 1 << 20);
    assert_non_null(text);
    size_t n = fread(text, 1, (1 << 20) - 1, in);
    fclose(in);
    char *rest = memchr(text, '\n', n);
    assert_non_null(rest);
    FILE *out = fopen(file, "wb");
    assert_non_null(out);
    fputs(header, out);
    fwrite(rest + 1, 1, n - (size_t)(rest + 1 - text), out);
    fclose(out);
    free(text);
  }
  if (d)
    closedir(d);
}

static void test_cache(void **state) {
  (void)state;
  /* `python3` may be a pyenv shim (a script, never cached): use the binary
     it runs. */
  ipg_probe_options no_cache = {.no_cache = true};
  ipg_probe *first = NULL;
  assert_int_equal(ipg_probe_run(&first, "python3", &no_cache, NULL),
                   IMPGRAPH_OK);
  char python[1024];
  snprintf(python, sizeof python, "%s", first->executable);
  ipg_probe_free(first);

  char cache[64], pp[128], marker[192];
  make_tmpdir(cache, sizeof cache);
  ipg_probe *a = probe_cached(python, cache, false);
  assert_false(a->from_cache);
  assert_int_equal(count_entries(cache), 1);
  ipg_probe *b = probe_cached(python, cache, false);
  assert_true(b->from_cache);
  assert_same_probe(a, b);
  ipg_probe_free(b);
  b = probe_cached(python, cache, true); /* refresh */
  assert_false(b->from_cache);
  ipg_probe_free(b);

  /* PYTHONPATH is part of the key; its directory is validated. */
  snprintf(pp, sizeof pp, "%s/pp", cache);
  assert_int_equal(mkdir(pp, 0700), 0);
  const char *old = getenv("PYTHONPATH");
  char *saved = old ? strdup(old) : NULL;
  setenv("PYTHONPATH", pp, 1);
  b = probe_cached(python, cache, false);
  assert_false(b->from_cache);
  assert_string_equal(b->sys_path.items[0], pp);
  ipg_probe_free(b);
  b = probe_cached(python, cache, false);
  assert_true(b->from_cache);
  ipg_probe_free(b);
  struct timespec pause = {0, 20 * 1000 * 1000};
  nanosleep(&pause, NULL);
  snprintf(marker, sizeof marker, "%s/new.pth", pp);
  FILE *f = fopen(marker, "w");
  assert_non_null(f);
  fclose(f);
  b = probe_cached(python, cache, false);
  assert_false(b->from_cache); /* the directory changed */
  ipg_probe_free(b);
  if (saved)
    setenv("PYTHONPATH", saved, 1);
  else
    unsetenv("PYTHONPATH");
  free(saved);

  /* A file of the previous cache format (without os.name and
     sys.byteorder) is ignored and replaced. */
  rewrite_cache_header(cache, "impgraph-probe-cache\t1\n");
  b = probe_cached(python, cache, false);
  assert_false(b->from_cache);
  assert_same_probe(a, b);
  ipg_probe_free(b);
  b = probe_cached(python, cache, false);
  assert_true(b->from_cache);
  ipg_probe_free(b);

  /* A corrupt cache file is ignored and replaced. */
  DIR *d = opendir(cache);
  for (struct dirent *e; d && (e = readdir(d));) {
    if (strncmp(e->d_name, "probe-", 6) != 0)
      continue;
    char file[512];
    snprintf(file, sizeof file, "%s/%s", cache, e->d_name);
    FILE *out = fopen(file, "w");
    assert_non_null(out);
    fputs("garbage\n", out);
    fclose(out);
  }
  if (d)
    closedir(d);
  b = probe_cached(python, cache, false);
  assert_false(b->from_cache);
  assert_same_probe(a, b);
  ipg_probe_free(b);
  ipg_probe_free(a);
  remove_tree(cache);
}

static const char *FAKE_OK =
    "printf 'impgraph-probe\\t1\\nversion\\t3.12.1\\npath\\t/x\\n"
    "source_suffix\\t.py\\nend\\t\\n'\n";

static void test_scripts_not_cached(void **state) {
  (void)state;
  char dir[64], script[128], cache[128];
  make_tmpdir(dir, sizeof dir);
  snprintf(script, sizeof script, "%s/python", dir);
  snprintf(cache, sizeof cache, "%s/cache", dir);
  write_script(script, FAKE_OK);
  ipg_probe *p = probe_cached(script, cache, false);
  assert_int_equal(p->version_minor, 12);
  assert_string_equal(p->sys_path.items[0], "/x");
  assert_false(p->path_entry_dropped);
  ipg_probe_free(p);
  p = probe_cached(script, cache, false);
  assert_false(p->from_cache);
  ipg_probe_free(p);
  assert_int_equal(count_entries(cache), 0);
  /* An unwritable cache directory is no error either. */
  p = probe_cached(script, "/proc/impgraph-cannot-write", false);
  ipg_probe_free(p);
  remove_tree(dir);
}

/* ---- failures ---- */

static void test_missing_interpreter(void **state) {
  (void)state;
  impgraph_error err;
  ipg_probe *p = (ipg_probe *)1;
  assert_int_equal(ipg_probe_run(&p, "/nonexistent/dir/python9", NULL, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_null(p);
  assert_int_equal(err.code, IMPGRAPH_ENOTFOUND);
  assert_contains(err.message, "/nonexistent/dir/python9");
  assert_contains(err.message, "not found");
  assert_int_equal(ipg_probe_run(&p, "impgraph-no-such-python", NULL, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_contains(err.message, "impgraph-no-such-python: interpreter not "
                               "found in PATH");
  assert_int_equal(ipg_probe_run(&p, "", NULL, &err), IMPGRAPH_EINVAL);
  assert_int_equal(ipg_probe_run(NULL, "python3", NULL, &err), IMPGRAPH_EINVAL);
}

static void test_not_executable(void **state) {
  (void)state;
  char dir[64], file[128];
  make_tmpdir(dir, sizeof dir);
  snprintf(file, sizeof file, "%s/python", dir);
  FILE *f = fopen(file, "w");
  assert_non_null(f);
  fclose(f);
  impgraph_error err;
  ipg_probe *p = NULL;
  assert_int_equal(ipg_probe_run(&p, file, NULL, &err), IMPGRAPH_EIO);
  assert_contains(err.message, file);
  assert_contains(err.message, "not executable");
  assert_int_equal(ipg_probe_run(&p, dir, NULL, &err), IMPGRAPH_EIO);
  assert_contains(err.message, "is a directory");
  remove_tree(dir);
}

static void test_hanging_interpreter(void **state) {
  (void)state;
  impgraph_error err;
  char script[128];
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  /* The background sleep holds the pipes open: only killing the whole
     process group ends the wait. */
  int rc = run_fake("echo 'starting up' >&2\nsleep 30 &\nsleep 30\n", 1000,
                    &err, script, sizeof script);
  double elapsed = seconds_since(&start);
  assert_int_equal(rc, IMPGRAPH_EIO);
  assert_contains(err.message, script);
  assert_contains(err.message, "timed out after 1.000 s and was killed");
  assert_contains(err.message, "starting up");
  assert_true(elapsed >= 0.9);
  assert_true(elapsed < 10.0);
}

static void test_crashing_interpreter(void **state) {
  (void)state;
  impgraph_error err;
  char script[128];
  assert_int_equal(run_fake("echo 'Fatal Python error: init_fs_encoding' >&2\n"
                            "kill -SEGV $$\n",
                            0, &err, script, sizeof script),
                   IMPGRAPH_EIO);
  assert_contains(err.message, script);
  assert_contains(err.message, "killed by signal 11 (SIGSEGV): Fatal Python "
                               "error: init_fs_encoding");
}

static void test_failing_interpreter(void **state) {
  (void)state;
  impgraph_error err;
  char script[128];
  assert_int_equal(
      run_fake("echo 'Traceback (most recent call last):' >&2\n"
               "echo \"ModuleNotFoundError: No module named 'encodings'\" >&2\n"
               "echo >&2\nexit 1\n",
               0, &err, script, sizeof script),
      IMPGRAPH_EIO);
  /* stderr's first and last lines: what failed, and why. */
  assert_contains(err.message, "exited with status 1: Traceback (most recent "
                               "call last): [...] ModuleNotFoundError: No "
                               "module named 'encodings'");
}

static void test_not_python(void **state) {
  (void)state;
  impgraph_error err;
  char script[128];
  assert_int_equal(run_fake("echo hello\n", 0, &err, script, sizeof script),
                   IMPGRAPH_EIO);
  assert_contains(err.message, "printed something other than probe output");
  assert_int_equal(run_fake("exit 0\n", 0, &err, script, sizeof script),
                   IMPGRAPH_EIO);
  assert_contains(err.message, "printed no probe output");
  assert_int_equal(
      run_fake("echo 'usage: weird' >&2\n", 0, &err, script, sizeof script),
      IMPGRAPH_EIO);
  assert_contains(err.message, "printed no probe output");
  assert_contains(err.message, "stderr: usage: weird");
}

static void test_old_python(void **state) {
  (void)state;
  impgraph_error err;
  char script[128];
  assert_int_equal(
      run_fake("printf 'impgraph-probe\\t1\\nversion\\t2.7.18\\nend\\t\\n'\n",
               0, &err, script, sizeof script),
      IMPGRAPH_EIO);
  assert_contains(err.message, "Python 2.7.18 is not supported (impgraph "
                               "needs Python 3.7 or newer)");
}

static void test_large_output(void **state) {
  (void)state;
  impgraph_error err;
  char script[128];
  /* ~220 KB on stdout interleaved with ~60 KB on stderr, both beyond a
     pipe buffer: reading them together must not deadlock. */
  int rc = run_fake("printf 'impgraph-probe\\t1\\nversion\\t3.11.2\\n'\n"
                    "i=0; while [ $i -lt 2000 ]; do\n"
                    "  printf 'builtin\\tm%d_%0100d\\n' $i 0\n"
                    "  printf 'some noise on stderr %d\\n' $i >&2\n"
                    "  i=$((i+1)); done\n"
                    "printf 'end\\t\\n'\n",
                    0, &err, script, sizeof script);
  if (rc)
    print_error("%s\n", err.message);
  assert_int_equal(rc, IMPGRAPH_OK);
}

/* Handles are independent: probes run from several threads at once. */
static void *probe_thread(void *arg) {
  const char *python = arg;
  ipg_probe_options opts = {.no_cache = true};
  for (int i = 0; i < 3; i++) {
    ipg_probe *p = NULL;
    if (ipg_probe_run(&p, python, &opts, NULL) != IMPGRAPH_OK)
      return (void *)1;
    ipg_resolver *r = NULL;
    const ipg_module *m = NULL;
    int rc = ipg_resolver_new(&r, p, NULL);
    if (!rc)
      rc = ipg_resolve(r, "json.decoder", &m, NULL);
    bool ok = !rc && m->kind == IPG_MODULE_SOURCE;
    ipg_resolver_free(r);
    ipg_probe_free(p);
    if (!ok)
      return (void *)1;
  }
  return NULL;
}

static void test_concurrent_probes(void **state) {
  (void)state;
  pthread_t threads[4];
  for (int i = 0; i < 4; i++)
    assert_int_equal(
        pthread_create(&threads[i], NULL, probe_thread, (void *)"python3"), 0);
  for (int i = 0; i < 4; i++) {
    void *result = (void *)1;
    assert_int_equal(pthread_join(threads[i], &result), 0);
    assert_null(result);
  }
}

/* ---- the output parser ---- */

static int parse(const char *text, ipg_probe **p, impgraph_error *err) {
  return ipg_probe_parse(p, text, strlen(text), "py", err);
}

static void test_parse(void **state) {
  (void)state;
  ipg_probe *p = NULL;
  impgraph_error err;
  const char *good = "impgraph-probe\t1\nversion\t3.9.18\n"
                     "dropped_path\t\npath\t/a\\tb\\\\c\\nd\npath\t/e\n"
                     "builtin\tsys\nbuiltin\t_imp\nbuiltin\tsys\n"
                     "stdlib_source\tderived\nstdlib\tos\n"
                     "frozen\tzipimport\nfrozen_package\t__phello__\n"
                     "future_key\twhatever\n"
                     "alias\tos.path=posixpath\nalias\tos=nt\nalias\tbad\n"
                     "alias\tos.a=b\n"
                     "extension_suffix\t.so\nend\t\n";
  assert_int_equal(parse(good, &p, &err), IMPGRAPH_OK);
  assert_int_equal(p->version_micro, 18);
  assert_true(p->path_entry_dropped);
  assert_int_equal(p->sys_path.count, 2);
  assert_string_equal(p->sys_path.items[0], "/a\tb\\c\nd");
  assert_int_equal(p->builtins.count, 2); /* sorted, deduplicated */
  assert_string_equal(p->builtins.items[0], "_imp");
  assert_int_equal(p->stdlib_source, IPG_STDLIB_DERIVED);
  assert_true(ipg_strlist_contains(&p->frozen_packages, "__phello__"));
  assert_true(ipg_strlist_contains(&p->frozen, "__phello__"));
  assert_true(ipg_strlist_contains(&p->frozen, "zipimport"));
  assert_null(p->implementation);
  assert_int_equal(p->aliases.count, 3); /* "bad" has no target */
  assert_string_equal(ipg_probe_alias(p, "os.path"), "posixpath");
  assert_string_equal(ipg_probe_alias(p, "os"), "nt");
  assert_string_equal(ipg_probe_alias(p, "os.a"), "b");
  assert_null(ipg_probe_alias(p, "os.pat"));
  assert_null(ipg_probe_alias(p, "bad"));
  ipg_probe_free(p);

  struct {
    const char *text;
    const char *message;
  } bad[] = {
      {"", "printed no probe output"},
      {"hello world\n", "printed something other than probe output"},
      {"impgraph-probe\t2\nend\t\n", "unsupported probe output format 2"},
      {"impgraph-probe\t1\nversion\t3.11.1\npath\t/a\n", "truncated"},
      {"impgraph-probe\t1\nend\t\n", "no version"},
      {"impgraph-probe\t1\nversion\t3.x\nend\t\n", "bad version"},
      {"impgraph-probe\t1\nversion\t3.11.1\nno tab here\nend\t\n",
       "malformed probe output at line 3"},
      {"impgraph-probe\t1\nversion\t3.11.1\npath\tbad\\escape\nend\t\n",
       "malformed probe output at line 3"},
      {"impgraph-probe\t1\nversion\t3.11.1\nerror\tprobe failed: boom\n"
       "end\t\n",
       "py: probe failed: boom"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    p = (ipg_probe *)1;
    assert_int_equal(parse(bad[i].text, &p, &err), IMPGRAPH_EIO);
    assert_null(p);
    assert_contains(err.message, bad[i].message);
  }
  /* What sitecustomize or atexit handlers print around the probe's rows is
     not ours. */
  const char *noisy = "hello from sitecustomize\n\nimpgraph-probe\t1\n"
                      "version\t3.13.0\npath\t/a\nend\t\npath\t/late\n"
                      "atexit says bye\n";
  assert_int_equal(parse(noisy, &p, &err), IMPGRAPH_OK);
  assert_int_equal(p->sys_path.count, 1);
  ipg_probe_free(p);
  /* Embedded NUL bytes are malformed output. */
  const char nul[] = "impgraph-probe\t1\nversion\t3.11.1\npath\t/a\0b\nend\t\n";
  assert_int_equal(ipg_probe_parse(&p, nul, sizeof nul - 1, "py", &err),
                   IMPGRAPH_EIO);
}

/* ---- static probes ---- */

static void test_static(void **state) {
  (void)state;
  ipg_probe *p = NULL;
  impgraph_error err;
  assert_int_equal(ipg_probe_static_spec(&p, "/a::/b:", "3.11", &err),
                   IMPGRAPH_OK);
  assert_true(p->is_static);
  assert_int_equal(p->sys_path.count, 2);
  assert_string_equal(p->sys_path.items[1], "/b");
  assert_int_equal(p->version_major, 3);
  assert_int_equal(p->version_minor, 11);
  assert_int_equal(p->version_micro, -1);
  assert_false(p->builtins_known);
  assert_false(p->frozen_known);
  assert_false(p->startup_modules_known);
  assert_int_equal(p->stdlib_source, IPG_STDLIB_UNKNOWN);
  assert_null(p->interpreter);
  assert_string_equal(p->source_suffixes.items[0], ".py");
  assert_string_equal(p->bytecode_suffixes.items[0], ".pyc");
  assert_int_equal(p->extension_suffixes.count, 3);
  assert_contains(p->extension_suffixes.items[0], ".cpython-311-");
  assert_string_equal(p->extension_suffixes.items[2], ".so");
  ipg_probe_free(p);

  assert_int_equal(ipg_probe_static_spec(&p, "", "3.7.3", &err), IMPGRAPH_OK);
  assert_int_equal(p->sys_path.count, 0);
  assert_int_equal(p->version_micro, 3);
  assert_contains(p->extension_suffixes.items[0], ".cpython-37m-");
  ipg_probe_free(p);

  const char *bad_versions[] = {"3", "3.", "x.y", "3.11.4.1", "", "3.11a"};
  for (size_t i = 0; i < sizeof bad_versions / sizeof bad_versions[0]; i++) {
    assert_int_equal(ipg_probe_static_spec(&p, "/a", bad_versions[i], &err),
                     IMPGRAPH_EINVAL);
    assert_null(p);
    assert_contains(err.message, "bad Python version");
  }
  assert_int_equal(ipg_probe_static_spec(&p, "/a", NULL, &err),
                   IMPGRAPH_EINVAL);
  const char *names[] = {"sys", NULL};
  ipg_probe_static_options o = {
      .version = "3.12", .builtins = names, .builtin_count = 2};
  assert_int_equal(ipg_probe_static(&p, &o, &err), IMPGRAPH_EINVAL);
  o.builtin_count = 1;
  assert_int_equal(ipg_probe_static(&p, &o, &err), IMPGRAPH_OK);
  assert_true(p->builtins_known);
  assert_true(ipg_strlist_contains(&p->builtins, "sys"));
  assert_false(ipg_strlist_contains(&p->builtins, "os"));
  ipg_probe_free(p);
  ipg_probe_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_script_matches_probe_py),
      cmocka_unit_test(test_real_python3),
      cmocka_unit_test(test_real_python3_resolves_stdlib),
      cmocka_unit_test(test_cache),
      cmocka_unit_test(test_scripts_not_cached),
      cmocka_unit_test(test_missing_interpreter),
      cmocka_unit_test(test_not_executable),
      cmocka_unit_test(test_hanging_interpreter),
      cmocka_unit_test(test_crashing_interpreter),
      cmocka_unit_test(test_failing_interpreter),
      cmocka_unit_test(test_not_python),
      cmocka_unit_test(test_old_python),
      cmocka_unit_test(test_large_output),
      cmocka_unit_test(test_concurrent_probes),
      cmocka_unit_test(test_parse),
      cmocka_unit_test(test_static),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
