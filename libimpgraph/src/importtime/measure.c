/* impgraph_measure(): runs a Python program with -X importtime several times
 * and aggregates the logs into a profile (importtime/profile.h).
 *
 * Process handling, as a library must do it: posix_spawn (no fork in a
 * possibly multi-threaded host), the child in its own process group, pipes
 * created close-on-exec atomically (pipe2) so that children spawned by other
 * threads do not inherit them, no signal handler, no change to the caller's
 * working directory or environment, nothing ever written to the child (no
 * SIGPIPE). stderr and the module list are read while waiting (poll), so a
 * child writing megabytes never blocks. The exit is detected with a pidfd
 * (Linux 5.3+) or, failing that, waitid(WNOWAIT) every 10 ms; the group is
 * killed BEFORE the child is reaped, so its id cannot have been reused.
 *
 * util/spawn.c (ipg_run_capture) keeps only the tail of stderr and has no
 * environment, working directory, extra descriptor or timing: the runner
 * here needs all four.
 */
#define _GNU_SOURCE /* pipe2, posix_spawn_file_actions_addchdir_np, syscall */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "importtime/profile.h"

extern char **environ;

enum {
  MODULE_LIST_FD = 3, /* the wrapper writes sys.modules here */
  POLL_SLICE_MS = 10, /* exit polling without a pidfd */
  TAIL_LINES = 20,    /* stderr_tail of a failed run */
  TAIL_BYTES = 4096,
  PROBE_TIMEOUT_MS = 60000, /* version probe when no timeout is given */
  PROBE_TIMEOUT_MIN_MS = 10000
};
#define STDERR_CAP ((size_t)256 * 1024 * 1024)
#define MODULE_LIST_CAP ((size_t)64 * 1024 * 1024)
#define STDOUT_CAP ((size_t)1024 * 1024)

/* Runs the target in the __main__ namespace the way `python -m/-c/script`
 * would, then writes sys.modules to descriptor argv[1] (count line, then one
 * name per line) — in `finally`, so SystemExit and exceptions still report,
 * and without atexit, which a bare start has not loaded on 3.12+. It uses
 * nothing a bare start has not imported: sys, builtins, io's open; runpy
 * only where `-m` itself imports it. argv: fd mode target path0 prog args. */
static const char WRAPPER[] =
    "def _impgraph_run(sys):\n"
    "    g = sys.modules['__main__'].__dict__\n"
    "    g.pop('_impgraph_run', None)\n"
    "    a = sys.argv\n"
    "    fd, mode, target, path0, prog, rest = int(a[1]), a[2], a[3], a[4], a[5], a[6:]\n"
    "    if sys.path and not getattr(sys.flags, 'safe_path', False):\n"
    "        sys.path[0] = path0\n"
    "    try:\n"
    "        if mode == 'm':\n"
    "            sys.argv[:] = ['-m'] + rest\n"
    "            import runpy\n"
    "            runpy._run_module_as_main(target)\n"
    "        elif mode == 'c':\n"
    "            sys.argv[:] = ['-c'] + rest\n"
    "            exec(compile(target, '<string>', 'exec'), g)\n"
    "        elif mode == 's':\n"
    "            sys.argv[:] = [prog] + rest\n"
    "            with open(target, 'rb') as f:\n"
    "                source = f.read()\n"
    "            g['__file__'] = target\n"
    "            g['__cached__'] = None\n"
    "            exec(compile(source, target, 'exec'), g)\n"
    "        elif mode == 'z':\n"
    "            sys.argv[:] = [prog] + rest\n"
    "            import runpy\n"
    "            runpy._run_module_as_main('__main__', False)\n"
    "        else:\n"
    "            sys.argv[:] = [prog] + rest\n"
    "            module, _, attrs = target.partition(':')\n"
    "            names = attrs.split('.')\n"
    "            obj = __import__(module, g, None, [names[0]], 0)\n"
    "            for name in names:\n"
    "                obj = getattr(obj, name)\n"
    "            sys.exit(obj())\n"
    "    finally:\n"
    "        try:\n"
    "            loaded = [k for k in list(sys.modules) if isinstance(k, str)]\n"
    "            with open(fd, 'w', encoding='utf-8', errors='backslashreplace') as out:\n"
    "                out.write('%d\\n' % len(loaded))\n"
    "                out.write(''.join(k + '\\n' for k in loaded))\n"
    "        except BaseException:\n"
    "            pass\n"
    "_impgraph_run(__import__('sys'))\n";

/* Python 2 can run this too, so that it gets a clean "too old". */
static const char PROBE[] =
    "import sys; v = sys.version_info; sys.stdout.write('%d %d %s %s\\n%s\\n' % (v[0], v[1], "
    "sys.version.split()[0], getattr(getattr(sys, 'implementation', None), 'name', 'unknown'), "
    "sys.executable or ''))";

/* ---- a child process ------------------------------------------------------ */

typedef struct spawn_request {
  const char *file; /* path, or a name searched in PATH */
  char *const *argv;
  char *const *envp;
  const char *cwd; /* NULL: inherit */
  bool capture_stdout;
  bool module_list; /* a pipe on MODULE_LIST_FD */
  uint64_t timeout_ms;
} spawn_request;

typedef struct spawn_outcome {
  ipg_buf out;     /* stdout when captured */
  ipg_buf errtext; /* the whole stderr, up to STDERR_CAP */
  ipg_buf modules; /* what the wrapper wrote on MODULE_LIST_FD */
  bool stderr_truncated;
  bool timed_out;
  bool exited; /* exit_status valid */
  int exit_status;
  bool signaled; /* term_signal valid */
  int term_signal;
  int64_t wall_us;
  int64_t cpu_us; /* -1 when unknown */
} spawn_outcome;

typedef struct pipe_reader {
  int fd; /* read end, -1 once closed */
  ipg_buf *buf;
  size_t cap;
  bool truncated;
} pipe_reader;

static int64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void close_fd(int *fd) {
  if (*fd >= 0)
    close(*fd);
  *fd = -1;
}

/* A close-on-exec pipe whose write end is above MODULE_LIST_FD, so that the
 * child's dup2() onto 1, 2 and 3 can never overwrite one of our ends. */
static int make_pipe(int fds[2]) {
  if (pipe2(fds, O_CLOEXEC) != 0)
    return -1;
  if (fds[1] <= MODULE_LIST_FD) {
    int moved = fcntl(fds[1], F_DUPFD_CLOEXEC, MODULE_LIST_FD + 1);
    if (moved < 0) {
      close_fd(&fds[0]);
      close_fd(&fds[1]);
      return -1;
    }
    close(fds[1]);
    fds[1] = moved;
  }
  fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
  return 0;
}

/* Reads what is available; closes the pipe at EOF or on error. Beyond the
 * cap, data is read and dropped so that the child never blocks. */
static void drain(pipe_reader *r) {
  char chunk[65536];
  while (r->fd >= 0) {
    ssize_t n = read(r->fd, chunk, sizeof chunk);
    if (n > 0) {
      size_t room = r->buf->len < r->cap ? r->cap - r->buf->len : 0;
      size_t keep = (size_t)n < room ? (size_t)n : room;
      if (keep)
        ipg_buf_append(r->buf, chunk, keep);
      if (keep < (size_t)n)
        r->truncated = true;
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return;
    close_fd(&r->fd);
  }
}

static int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  long fd = syscall(SYS_pidfd_open, pid, 0); /* always close-on-exec */
  return fd >= 0 ? (int)fd : -1;
#else
  (void)pid;
  return -1;
#endif
}

/* True once the child has exited (left as a zombie: not reaped). Also true
 * when it cannot be waited for (the host ignores SIGCHLD). */
static bool has_exited(pid_t pid) {
  for (;;) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0)
      return info.si_pid == pid;
    if (errno != EINTR)
      return true;
  }
}

static void reap(pid_t pid, spawn_outcome *res) {
  int status = 0;
  struct rusage usage;
  memset(&usage, 0, sizeof usage);
  for (;;) {
    pid_t got = wait4(pid, &status, 0, &usage);
    if (got == pid)
      break;
    if (got < 0 && errno == EINTR)
      continue;
    return; /* ECHILD: reaped elsewhere; status unknown */
  }
  res->cpu_us = (int64_t)usage.ru_utime.tv_sec * 1000000 + usage.ru_utime.tv_usec +
                (int64_t)usage.ru_stime.tv_sec * 1000000 + usage.ru_stime.tv_usec;
  if (WIFEXITED(status)) {
    res->exited = true;
    res->exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    res->signaled = true;
    res->term_signal = WTERMSIG(status);
  }
}

static int start_child(pid_t *pid, const spawn_request *req, int out_w, int err_w, int mods_w,
                       const char *label, impgraph_error *err) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  if (posix_spawn_file_actions_init(&actions) != 0)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory", label);
  if (posix_spawnattr_init(&attr) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory", label);
  }
  int rc = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (!rc)
    rc = out_w >= 0 ? posix_spawn_file_actions_adddup2(&actions, out_w, 1)
                    : posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (!rc)
    rc = posix_spawn_file_actions_adddup2(&actions, err_w, 2);
  if (!rc && mods_w >= 0)
    rc = posix_spawn_file_actions_adddup2(&actions, mods_w, MODULE_LIST_FD);
  if (!rc && req->cwd)
    rc = posix_spawn_file_actions_addchdir_np(&actions, req->cwd);
  /* Own process group (a deadline kills grandchildren too), nothing blocked,
     default dispositions for what hosts commonly ignore. */
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  const int reset[] = {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD};
  for (size_t i = 0; i < sizeof reset / sizeof *reset; i++)
    sigaddset(&defaults, reset[i]);
  if (!rc)
    rc = posix_spawnattr_setpgroup(&attr, 0);
  if (!rc)
    rc = posix_spawnattr_setsigmask(&attr, &none);
  if (!rc)
    rc = posix_spawnattr_setsigdefault(&attr, &defaults);
  if (!rc)
    rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                             POSIX_SPAWN_SETSIGDEF);
  if (!rc)
    rc = posix_spawnp(pid, req->file, &actions, &attr, req->argv, req->envp);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT)
    return ipg_fail(err, IMPGRAPH_ENOTFOUND, "%s: cannot run: %s", req->file, strerror(rc));
  if (rc)
    return ipg_fail(err, rc == ENOMEM ? IMPGRAPH_ENOMEM : IMPGRAPH_EIO, "%s: cannot run: %s",
                    req->file, strerror(rc));
  return IMPGRAPH_OK;
}

/* Waits for the exit (or the deadline) while reading every pipe. */
static void watch_child(pid_t pid, pipe_reader *readers, size_t reader_count, int64_t start,
                        uint64_t timeout_ms, spawn_outcome *res, int64_t *end) {
  int pidfd = open_pidfd(pid);
  /* Ten years is "no deadline" and keeps the sum far from overflowing. */
  const uint64_t limit_ms = (uint64_t)10 * 365 * 24 * 3600 * 1000;
  int64_t deadline =
      timeout_ms && timeout_ms < limit_ms ? start + (int64_t)timeout_ms * 1000 : INT64_MAX;
  for (;;) {
    int64_t now = now_us();
    if (now >= deadline) {
      res->timed_out = true;
      break;
    }
    struct pollfd fds[4];
    size_t map[4];
    nfds_t count = 0;
    for (size_t i = 0; i < reader_count; i++)
      if (readers[i].fd >= 0) {
        map[count] = i;
        fds[count++] = (struct pollfd){.fd = readers[i].fd, .events = POLLIN};
      }
    if (pidfd >= 0)
      fds[count++] = (struct pollfd){.fd = pidfd, .events = POLLIN};
    int64_t left_ms = deadline == INT64_MAX ? 1000 : (deadline - now + 999) / 1000;
    int wait_ms = pidfd >= 0 ? (left_ms > 1000 ? 1000 : (int)left_ms)
                             : (left_ms > POLL_SLICE_MS ? POLL_SLICE_MS : (int)left_ms);
    int ready = poll(fds, count, wait_ms);
    if (ready < 0 && errno != EINTR) {
      close_fd(&pidfd); /* fall back to polling for the exit */
      struct timespec pause = {0, POLL_SLICE_MS * 1000000L};
      nanosleep(&pause, NULL);
    }
    bool exited = false;
    for (nfds_t k = 0; ready > 0 && k < count; k++) {
      if (!fds[k].revents)
        continue;
      if (pidfd >= 0 && fds[k].fd == pidfd)
        exited = true;
      else
        drain(&readers[map[k]]);
    }
    if (pidfd < 0)
      exited = has_exited(pid);
    if (exited) {
      *end = now_us();
      break;
    }
  }
  close_fd(&pidfd);
  if (res->timed_out)
    *end = now_us();
}

/* Runs one child to completion. Returns 0 when it ran (whatever its fate),
 * IMPGRAPH_ENOTFOUND / EIO / ENOMEM when it could not be started. */
static int run_child(const spawn_request *req, spawn_outcome *res, const char *label,
                     impgraph_error *err) {
  memset(res, 0, sizeof *res);
  ipg_buf_init(&res->out);
  ipg_buf_init(&res->errtext);
  ipg_buf_init(&res->modules);
  res->exit_status = -1;
  res->cpu_us = -1;
  int out_p[2] = {-1, -1}, err_p[2] = {-1, -1}, mods_p[2] = {-1, -1};
  if ((req->capture_stdout && make_pipe(out_p) != 0) || make_pipe(err_p) != 0 ||
      (req->module_list && make_pipe(mods_p) != 0)) {
    int saved = errno;
    for (size_t i = 0; i < 2; i++) {
      close_fd(&out_p[i]);
      close_fd(&err_p[i]);
      close_fd(&mods_p[i]);
    }
    return ipg_fail(err, IMPGRAPH_EIO, "%s: cannot create a pipe: %s", label, strerror(saved));
  }
  pid_t pid = -1;
  int64_t start = now_us();
  int rc = start_child(&pid, req, out_p[1], err_p[1], mods_p[1], label, err);
  close_fd(&out_p[1]);
  close_fd(&err_p[1]);
  close_fd(&mods_p[1]);
  pipe_reader readers[3] = {
      {err_p[0], &res->errtext, STDERR_CAP, false},
      {mods_p[0], &res->modules, MODULE_LIST_CAP, false},
      {out_p[0], &res->out, STDOUT_CAP, false},
  };
  if (rc == IMPGRAPH_OK) {
    int64_t end = start;
    watch_child(pid, readers, 3, start, req->timeout_ms, res, &end);
    /* The group: what the program left running, or all of it at the
       deadline. Before reaping, so the group id is still ours. */
    kill(-pid, SIGKILL);
    if (res->timed_out)
      kill(pid, SIGKILL); /* in case it left its group */
    reap(pid, res);
    res->wall_us = end - start;
    for (size_t i = 0; i < 3; i++)
      drain(&readers[i]); /* what was written before the exit */
  }
  for (size_t i = 0; i < 3; i++)
    close_fd(&readers[i].fd);
  res->stderr_truncated = readers[0].truncated;
  if (rc == IMPGRAPH_OK && (res->out.failed || res->errtext.failed || res->modules.failed))
    rc = ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory reading its output", label);
  return rc;
}

static void outcome_free(spawn_outcome *res) {
  ipg_buf_free(&res->out);
  ipg_buf_free(&res->errtext);
  ipg_buf_free(&res->modules);
}

/* ---- the measurement context --------------------------------------------- */

typedef struct measure_ctx {
  const impgraph_measure_options *opts;
  impgraph_profile *profile;
  ipg_arena arena;        /* paths, environment strings, argv */
  ipg_vec envp;           /* char *, NULL-terminated when built */
  const char *cwd;        /* absolute working directory of the runs */
  const char *python;     /* as given, made absolute when a relative path */
  const char *executable; /* what the runs execute */
  char mode_char;
  const char *target; /* as passed to the wrapper */
  const char *path0;  /* sys.path[0] */
  const char *prog;   /* sys.argv[0] */
  int version_major, version_minor;
  ipg_vec argv;             /* char * */
  ipg_map seen_diagnostics; /* "code\nmessage" of parser diagnostics kept */
  uint32_t extra_log_runs, suspect_runs, no_list_runs, truncated_runs;
} measure_ctx;

static bool oom(measure_ctx *m) {
  return m->profile->oom;
}

static char *ctx_strdup(measure_ctx *m, const char *s) {
  char *copy = ipg_arena_strdup(&m->arena, s);
  if (!copy)
    m->profile->oom = true;
  return copy;
}

static char *ctx_printf(measure_ctx *m, const char *fmt, ...) IPG_PRINTF(2, 3);
static char *ctx_printf(measure_ctx *m, const char *fmt, ...) {
  ipg_buf b;
  ipg_buf_init(&b);
  va_list ap;
  va_start(ap, fmt);
  ipg_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  char *s = b.failed ? NULL : ipg_arena_strndup(&m->arena, b.data ? b.data : "", b.len);
  ipg_buf_free(&b);
  if (!s)
    m->profile->oom = true;
  return s;
}

static void push_ptr(measure_ctx *m, ipg_vec *v, const void *ptr) {
  const void **slot = ipg_vec_push(v);
  if (!slot)
    m->profile->oom = true;
  else
    *slot = ptr;
}

static int caller_cwd(measure_ctx *m, const char **out, impgraph_error *err) {
  char *here = getcwd(NULL, 0);
  if (!here)
    return ipg_fail(err, IMPGRAPH_EIO, "cannot get the working directory: %s", strerror(errno));
  *out = ctx_strdup(m, here);
  free(here);
  return *out ? IMPGRAPH_OK : ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
}

/* `path` made absolute against `base` (no symlink resolution). */
static const char *absolute(measure_ctx *m, const char *base, const char *path) {
  if (path[0] == '/')
    return ctx_strdup(m, path);
  return ctx_printf(m, "%s%s%s", base, base[strlen(base) - 1] == '/' ? "" : "/", path);
}

/* realpath(3) into the arena. */
static int real_path(measure_ctx *m, const char *path, const char *what, const char **out,
                     impgraph_error *err) {
  char *resolved = realpath(path, NULL);
  if (!resolved) {
    int code = errno == ENOENT || errno == ENOTDIR ? IMPGRAPH_ENOTFOUND : IMPGRAPH_EIO;
    return ipg_fail(err, code, "%s %s: %s", what, path, strerror(errno));
  }
  *out = ctx_strdup(m, resolved);
  free(resolved);
  return *out ? IMPGRAPH_OK : ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
}

/* ---- environment ---------------------------------------------------------- */

static size_t name_len(const char *entry) {
  const char *eq = strchr(entry, '=');
  return eq ? (size_t)(eq - entry) : strlen(entry);
}

static bool env_named(const char *entry, const char *name, size_t len) {
  return strncmp(entry, name, len) == 0 && entry[len] == '=';
}

static void env_remove(ipg_vec *env, const char *name, size_t len) {
  char **items = env->data;
  size_t kept = 0;
  for (size_t i = 0; i < env->len; i++)
    if (!env_named(items[i], name, len))
      items[kept++] = items[i];
  env->len = kept;
}

static const char *env_value(const ipg_vec *env, const char *name) {
  size_t len = strlen(name);
  char *const *items = env->data;
  for (size_t i = 0; i < env->len; i++)
    if (env_named(items[i], name, len))
      return items[i] + len + 1;
  return NULL;
}

static bool options_mention(const impgraph_measure_options *opts, const char *name) {
  size_t len = strlen(name);
  for (size_t i = 0; i < opts->env_count; i++)
    if (name_len(opts->env[i]) == len && strncmp(opts->env[i], name, len) == 0)
      return true;
  return false;
}

/* The inherited environment, minus the variables that would skew the
 * measurement, with the `env` options applied and the source roots
 * prepended to PYTHONPATH. */
static int build_env(measure_ctx *m, const char *const *roots, size_t root_count,
                     impgraph_error *err) {
  const impgraph_measure_options *opts = m->opts;
  for (char **e = environ; e && *e; e++)
    push_ptr(m, &m->envp, *e);
  static const char *const skewing[] = {"PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME"};
  for (size_t i = 0; i < sizeof skewing / sizeof *skewing; i++) {
    const char *name = skewing[i];
    if (!env_value(&m->envp, name) || options_mention(opts, name))
      continue;
    env_remove(&m->envp, name, strlen(name));
    ipg_profile_diagnostic(m->profile, IMPGRAPH_SEVERITY_NOTE, "environment", NULL, 0, 0,
                           "%s was set in the environment and is removed for the runs (%s); "
                           "pass --env %s=... to keep it",
                           name,
                           i == 0 ? "warm-up runs are meant to write .pyc files"
                                  : "it would make child processes log their imports too",
                           name);
  }
  for (size_t i = 0; i < opts->env_count; i++) {
    const char *entry = opts->env[i];
    size_t len = name_len(entry);
    env_remove(&m->envp, entry, len);
    if (entry[len] == '=')
      push_ptr(m, &m->envp, ctx_strdup(m, entry));
  }
  if (root_count) {
    ipg_buf path;
    ipg_buf_init(&path);
    ipg_buf_puts(&path, "PYTHONPATH=");
    for (size_t i = 0; i < root_count; i++) {
      if (strchr(roots[i], ':')) {
        ipg_buf_free(&path);
        return ipg_fail(err, IMPGRAPH_EINVAL, "source root %s: a ':' cannot be put in PYTHONPATH",
                        roots[i]);
      }
      ipg_buf_printf(&path, "%s%s", i ? ":" : "", roots[i]);
    }
    const char *inherited = env_value(&m->envp, "PYTHONPATH");
    if (inherited && *inherited)
      ipg_buf_printf(&path, ":%s", inherited);
    env_remove(&m->envp, "PYTHONPATH", strlen("PYTHONPATH"));
    char *entry = path.failed ? NULL : ctx_strdup(m, path.data);
    ipg_buf_free(&path);
    if (!entry)
      return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory building the environment");
    push_ptr(m, &m->envp, entry);
  }
  push_ptr(m, &m->envp, NULL);
  return oom(m) ? ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory building the environment")
                : IMPGRAPH_OK;
}

/* ---- options -------------------------------------------------------------- */

int impgraph_measure_options_init(impgraph_measure_options *opts, uint32_t version) {
  if (!opts)
    return IMPGRAPH_EINVAL;
  if (version != IMPGRAPH_MEASURE_OPTIONS_VERSION)
    return IMPGRAPH_EVERSION;
  impgraph_measure_options defaults = IMPGRAPH_MEASURE_OPTIONS_INIT;
  *opts = defaults;
  return IMPGRAPH_OK;
}

static bool array_ok(const char *const *items, size_t count) {
  if (count && !items)
    return false;
  for (size_t i = 0; i < count; i++)
    if (!items[i])
      return false;
  return true;
}

static int check_options(const impgraph_measure_options *opts, impgraph_error *err) {
  if (opts->version != IMPGRAPH_MEASURE_OPTIONS_VERSION)
    return ipg_fail(err, IMPGRAPH_EVERSION, "impgraph_measure: options version %u not supported",
                    opts->version);
  if (!opts->target)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_measure: no target");
  if ((unsigned)opts->mode > IMPGRAPH_MEASURE_ENTRY_POINT)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_measure: unknown mode %d", (int)opts->mode);
  if (opts->runs == 0)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_measure: runs must be at least 1");
  if (opts->runs > 100000 || opts->warmup > 100000)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_measure: too many runs");
  if (!array_ok(opts->args, opts->arg_count) || !array_ok(opts->env, opts->env_count) ||
      !array_ok(opts->source_roots, opts->source_root_count))
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_measure: an array is NULL or holds NULL");
  for (size_t i = 0; i < opts->env_count; i++)
    if (name_len(opts->env[i]) == 0)
      return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_measure: env \"%s\" has no name",
                      opts->env[i]);
  if (opts->mode == IMPGRAPH_MEASURE_MODULE && !*opts->target)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_measure: empty module name");
  if (opts->mode == IMPGRAPH_MEASURE_ENTRY_POINT) {
    const char *colon = strchr(opts->target, ':');
    if (!colon || colon == opts->target || !colon[1])
      return ipg_fail(err, IMPGRAPH_EINVAL,
                      "impgraph_measure: entry point \"%s\" is not \"module:function\"",
                      opts->target);
  }
  return IMPGRAPH_OK;
}

/* ---- preparing the command ---------------------------------------------- */

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Where the runs happen, the interpreter, and what the wrapper gets. */
static int prepare_target(measure_ctx *m, impgraph_error *err) {
  const impgraph_measure_options *opts = m->opts;
  const char *here = NULL;
  int rc = caller_cwd(m, &here, err);
  if (rc != IMPGRAPH_OK)
    return rc;
  if (opts->cwd) {
    rc = real_path(m, opts->cwd, "working directory", &m->cwd, err);
    if (rc != IMPGRAPH_OK)
      return rc;
    struct stat st;
    if (stat(m->cwd, &st) != 0 || !S_ISDIR(st.st_mode))
      return ipg_fail(err, IMPGRAPH_ENOTFOUND, "working directory %s: not a directory", opts->cwd);
  } else {
    m->cwd = here;
  }
  char venv_python[4096];
  const char *python =
      opts->python ? opts->python : ipg_default_python(venv_python, sizeof venv_python);
  /* A relative path would otherwise be looked up from the child's cwd. */
  m->python = strchr(python, '/') ? absolute(m, here, python) : ctx_strdup(m, python);
  m->target = opts->target;
  m->prog = opts->target;
  switch (opts->mode) {
  case IMPGRAPH_MEASURE_MODULE:
    m->mode_char = 'm';
    m->path0 = m->cwd; /* -m puts the working directory first */
    break;
  case IMPGRAPH_MEASURE_CODE:
    m->mode_char = 'c';
    m->path0 = "";
    break;
  case IMPGRAPH_MEASURE_ENTRY_POINT:
    m->mode_char = 'e';
    m->path0 = "";
    if (opts->program_name)
      m->prog = opts->program_name;
    break;
  case IMPGRAPH_MEASURE_SCRIPT: {
    const char *script = absolute(m, m->cwd, opts->target);
    struct stat st;
    if (!script || stat(script, &st) != 0)
      return script
                 ? ipg_fail(err,
                            errno == ENOENT || errno == ENOTDIR ? IMPGRAPH_ENOTFOUND : IMPGRAPH_EIO,
                            "script %s: %s", opts->target, strerror(errno))
                 : ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
    if (S_ISDIR(st.st_mode) || ends_with(script, ".pyz") || ends_with(script, ".zip")) {
      m->mode_char = 'z'; /* run its __main__, like python does */
      m->path0 = opts->target;
    } else {
      /* __file__ is absolute (3.9+); sys.path[0] is the script's real
         directory (symbolic links resolved). */
      m->mode_char = 's';
      m->target = script;
      const char *resolved = NULL;
      rc = real_path(m, script, "script", &resolved, err);
      if (rc != IMPGRAPH_OK)
        return rc;
      char *dir = ctx_strdup(m, resolved);
      if (dir) {
        char *slash = strrchr(dir, '/');
        if (slash == dir)
          slash[1] = '\0';
        else if (slash)
          *slash = '\0';
      }
      m->path0 = dir;
    }
    break;
  }
  }
  return oom(m) ? ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory") : IMPGRAPH_OK;
}

/* Asks the interpreter for its version and sys.executable. */
static int probe_python(measure_ctx *m, impgraph_error *err) {
  const impgraph_measure_options *opts = m->opts;
  char *argv[] = {(char *)m->python, (char *)"-c", (char *)PROBE, NULL};
  spawn_request req = {m->python, argv, m->envp.data, m->cwd, true, false, PROBE_TIMEOUT_MS};
  if (opts->timeout_ms)
    req.timeout_ms =
        opts->timeout_ms < PROBE_TIMEOUT_MIN_MS ? PROBE_TIMEOUT_MIN_MS : opts->timeout_ms;
  spawn_outcome res;
  int rc = run_child(&req, &res, m->python, err);
  if (rc != IMPGRAPH_OK) {
    outcome_free(&res);
    return rc;
  }
  char why[300];
  ipg_stderr_summary(res.errtext.data, res.errtext.len, why, sizeof why);
  if (res.timed_out)
    rc = ipg_fail(err, IMPGRAPH_EIO, "%s: no answer within %llu s when asked for its version",
                  m->python, (unsigned long long)(req.timeout_ms / 1000));
  else if (res.signaled)
    rc = ipg_fail(err, IMPGRAPH_EIO, "%s: killed by signal %d when asked for its version%s%s",
                  m->python, res.term_signal, *why ? ": " : "", why);
  else if (res.exited && res.exit_status != 0)
    rc = ipg_fail(err, IMPGRAPH_EIO, "%s: exited with status %d when asked for its version%s%s",
                  m->python, res.exit_status, *why ? ": " : "", why);
  if (rc != IMPGRAPH_OK) {
    outcome_free(&res);
    return rc;
  }
  const char *text = res.out.data ? res.out.data : "";
  char version[64] = "", implementation[32] = "";
  int major = 0, minor = 0;
  const char *newline = strchr(text, '\n');
  if (sscanf(text, "%d %d %63s %31s", &major, &minor, version, implementation) != 4 || !newline) {
    char shown[80];
    snprintf(shown, sizeof shown, "%s", text);
    for (char *c = shown; *c; c++)
      if (*c == '\n' || *c == '\r')
        *c = ' ';
    rc = ipg_fail(err, IMPGRAPH_EINVAL, "%s: not a Python interpreter? it answered \"%s\"%s%s",
                  m->python, shown, *why ? ": " : "", why);
  } else if (major < 3 || (major == 3 && minor < 7)) {
    rc = ipg_fail(err, IMPGRAPH_EINVAL,
                  "%s: Python %s has no -X importtime (CPython 3.7 or later needed)", m->python,
                  version);
  } else if (strcmp(implementation, "cpython") != 0) {
    rc = ipg_fail(err, IMPGRAPH_EINVAL, "%s: %s %s has no -X importtime (CPython 3.7+ needed)",
                  m->python, implementation, version);
  }
  if (rc == IMPGRAPH_OK) {
    m->version_major = major;
    m->version_minor = minor;
    impgraph_profile_info *info = &m->profile->info;
    info->python_version = ipg_profile_strdup(m->profile, version);
    info->implementation = ipg_profile_strdup(m->profile, implementation);
    const char *exe = newline + 1;
    size_t exe_len = strcspn(exe, "\r\n");
    char *executable = ipg_arena_strndup(&m->arena, exe, exe_len);
    /* Run sys.executable itself, so a launcher (pyenv shim, wrapper
       script) is not part of the wall time. */
    if (executable && executable[0] == '/' && access(executable, X_OK) == 0)
      m->executable = executable;
    else
      m->executable = m->python;
    info->executable = ipg_profile_strdup(m->profile, m->executable);
  }
  outcome_free(&res);
  return rc != IMPGRAPH_OK ? rc : oom(m) ? ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory") : rc;
}

/* Python-style single-quoted literal, for the displayed command only. */
static const char *py_quote(measure_ctx *m, const char *s) {
  ipg_buf b;
  ipg_buf_init(&b);
  ipg_buf_putc(&b, '\'');
  for (; *s; s++) {
    if (*s == '\\' || *s == '\'')
      ipg_buf_putc(&b, '\\');
    ipg_buf_putc(&b, *s);
  }
  ipg_buf_putc(&b, '\'');
  const char *out = b.failed ? NULL : ctx_strdup(m, b.data);
  ipg_buf_free(&b);
  return out;
}

/* The wrapper's argv, and the equivalent command for the profile. */
static void build_argv(measure_ctx *m) {
  const impgraph_measure_options *opts = m->opts;
  impgraph_profile *p = m->profile;
  bool level2 = m->version_major > 3 || (m->version_major == 3 && m->version_minor >= 14);
  const char *xopt = level2 ? "importtime=2" : "importtime";
  p->info.importtime_level = level2 ? 2 : 1;
  const char *head[] = {m->executable, "-X", xopt, "-c", WRAPPER};
  for (size_t i = 0; i < 5; i++)
    push_ptr(m, &m->argv, head[i]);
  push_ptr(m, &m->argv, ctx_printf(m, "%d", MODULE_LIST_FD));
  push_ptr(m, &m->argv, ctx_printf(m, "%c", m->mode_char));
  push_ptr(m, &m->argv, m->target);
  push_ptr(m, &m->argv, m->path0);
  push_ptr(m, &m->argv, m->prog);
  for (size_t i = 0; i < opts->arg_count; i++)
    push_ptr(m, &m->argv, opts->args[i]);
  push_ptr(m, &m->argv, NULL);

  ipg_profile_push_string(p, &p->command, m->executable);
  ipg_profile_push_string(p, &p->command, "-X");
  ipg_profile_push_string(p, &p->command, xopt);
  switch (opts->mode) {
  case IMPGRAPH_MEASURE_MODULE: ipg_profile_push_string(p, &p->command, "-m"); break;
  case IMPGRAPH_MEASURE_CODE:
  case IMPGRAPH_MEASURE_ENTRY_POINT: ipg_profile_push_string(p, &p->command, "-c"); break;
  case IMPGRAPH_MEASURE_SCRIPT: break;
  }
  if (opts->mode == IMPGRAPH_MEASURE_ENTRY_POINT) {
    const char *colon = strchr(opts->target, ':');
    const char *attrs = colon + 1;
    size_t first = strcspn(attrs, ".");
    ipg_profile_push_string(
        p, &p->command,
        ctx_printf(m, "import sys; from %.*s import %.*s; sys.argv[0] = %s; sys.exit(%s())",
                   (int)(colon - opts->target), opts->target, (int)first, attrs,
                   py_quote(m, m->prog), attrs));
  } else {
    ipg_profile_push_string(p, &p->command, opts->target);
  }
  for (size_t i = 0; i < opts->arg_count; i++)
    ipg_profile_push_string(p, &p->command, opts->args[i]);
}

/* ---- one run ---------------------------------------------------------------- */

static int is_loaded(const char *name, void *ctx) {
  return ipg_map_get(ctx, name) != NULL;
}

/* The wrapper's report: a count line, then one name per line. Fills `loaded`
 * (keys point into `text`, which is modified) and returns true when whole. */
static bool parse_module_list(ipg_buf *text, ipg_map *loaded, bool *nomem) {
  if (!text->data || !text->len)
    return false;
  char *at = text->data;
  char *end = text->data + text->len;
  char *newline = memchr(at, '\n', (size_t)(end - at));
  if (!newline)
    return false;
  *newline = '\0';
  char *stop;
  unsigned long long expected = strtoull(at, &stop, 10);
  if (*stop || stop == at)
    return false;
  unsigned long long count = 0;
  for (at = newline + 1; at < end; at = newline + 1) {
    newline = memchr(at, '\n', (size_t)(end - at));
    if (!newline)
      return false; /* cut short */
    *newline = '\0';
    if (ipg_map_put(loaded, at, at) != IMPGRAPH_OK) {
      *nomem = true;
      return false;
    }
    count++;
  }
  return count == expected;
}

/* The last TAIL_LINES lines of stderr that are not log rows, at most
 * TAIL_BYTES, as valid UTF-8; NULL when there are none. */
static const char *stderr_tail(measure_ctx *m, const char *text, size_t len) {
  size_t starts[TAIL_LINES];
  size_t ends[TAIL_LINES];
  size_t kept = 0, bytes = 0;
  size_t end = len;
  while (end > 0 && kept < TAIL_LINES) {
    size_t stop = end;
    if (text[stop - 1] == '\n')
      stop--;
    size_t start = stop;
    while (start > 0 && text[start - 1] != '\n')
      start--;
    size_t line_len = stop - start;
    bool is_row = line_len >= 12 && memmem(text + start, line_len, "import time:", 12) != NULL;
    bool blank = line_len == 0 || (line_len == 1 && text[start] == '\r');
    if (!is_row && !blank) {
      if (bytes + line_len + 1 > TAIL_BYTES)
        break;
      starts[kept] = start;
      ends[kept] = stop;
      kept++;
      bytes += line_len + 1;
    }
    end = start;
  }
  if (!kept)
    return NULL;
  ipg_buf raw, clean;
  ipg_buf_init(&raw);
  ipg_buf_init(&clean);
  for (size_t i = kept; i-- > 0;) {
    ipg_buf_append(&raw, text + starts[i], ends[i] - starts[i]);
    if (i)
      ipg_buf_putc(&raw, '\n');
  }
  ipg_utf8_sanitize(&clean, raw.data ? raw.data : "", raw.len);
  const char *out = clean.failed || raw.failed ? NULL : ctx_strdup(m, clean.data ? clean.data : "");
  if (!out)
    m->profile->oom = true;
  ipg_buf_free(&raw);
  ipg_buf_free(&clean);
  return out;
}

/* The last line of a stderr tail, for one-line messages. */
static void last_line(const char *tail, char *buf, size_t size) {
  buf[0] = '\0';
  if (!tail)
    return;
  const char *start = strrchr(tail, '\n');
  start = start ? start + 1 : tail;
  snprintf(buf, size, "%s", start);
}

/* Parser diagnostics worth keeping from a measured run, once each across
 * runs: program output on stderr is not a problem of the log. */
static void keep_log_diagnostics(measure_ctx *m, const ipg_itlog *log) {
  static const char *const skip[] = {"stray-text", "stray-prefix", "tab", "suspect-run",
                                     "too-many-diagnostics"};
  size_t count = ipg_itlog_diagnostic_count(log);
  for (size_t i = 0; i < count && !oom(m); i++) {
    const impgraph_diagnostic *d = ipg_itlog_diagnostic(log, i);
    bool skipped = false;
    for (size_t k = 0; k < sizeof skip / sizeof *skip; k++)
      skipped = skipped || strcmp(d->code, skip[k]) == 0;
    if (skipped)
      continue;
    const char *key = ctx_printf(m, "%s\n%s", d->code, d->message ? d->message : "");
    if (!key || ipg_map_get(&m->seen_diagnostics, key))
      continue;
    if (ipg_map_put(&m->seen_diagnostics, key, (void *)key) != IMPGRAPH_OK) {
      m->profile->oom = true;
      return;
    }
    ipg_profile_diagnostic(m->profile, d->severity, d->code, d->path, d->line, d->column, "%s",
                           d->message ? d->message : "");
  }
}

/* strsignal() may use a static buffer: not for a library. */
static const char *signal_name(int sig) {
  switch (sig) {
  case SIGKILL: return "SIGKILL";
  case SIGSEGV: return "SIGSEGV";
  case SIGABRT: return "SIGABRT";
  case SIGBUS: return "SIGBUS";
  case SIGFPE: return "SIGFPE";
  case SIGILL: return "SIGILL";
  case SIGTERM: return "SIGTERM";
  case SIGINT: return "SIGINT";
  case SIGHUP: return "SIGHUP";
  case SIGPIPE: return "SIGPIPE";
  default: return "a signal";
  }
}

static void report_failure(measure_ctx *m, const impgraph_measured_run *rec,
                           const spawn_outcome *res) {
  char last[200];
  last_line(rec->stderr_tail, last, sizeof last);
  const char *sep = *last ? ": " : "";
  if (res->timed_out)
    ipg_profile_diagnostic(m->profile, IMPGRAPH_SEVERITY_ERROR, "timeout", rec->label, 0, 0,
                           "killed with its process group after %.3g s (the timeout)%s%s",
                           (double)m->opts->timeout_ms / 1000.0, sep, last);
  else if (res->signaled)
    ipg_profile_diagnostic(m->profile, IMPGRAPH_SEVERITY_ERROR, "target-failed", rec->label, 0, 0,
                           "killed by signal %d (%s)%s%s", res->term_signal,
                           signal_name(res->term_signal), sep, last);
  else
    ipg_profile_diagnostic(m->profile, IMPGRAPH_SEVERITY_ERROR, "target-failed", rec->label, 0, 0,
                           "exited with status %d%s%s", res->exit_status, sep, last);
}

/* Turns one finished child into a run record (and statistics when it
 * counts). Returns true when the measurement should go on. */
static bool record_run(measure_ctx *m, spawn_outcome *res, uint32_t index, bool warmup) {
  const impgraph_measure_options *opts = m->opts;
  impgraph_measured_run rec;
  memset(&rec, 0, sizeof rec);
  rec.label = warmup ? ctx_printf(m, "warm-up %u", index + 1)
                     : ctx_printf(m, "run %u", index - opts->warmup + 1);
  rec.flags = warmup ? IMPGRAPH_PROFILE_RUN_WARMUP : 0;
  rec.wall_us = res->wall_us;
  rec.cpu_us = res->cpu_us;
  rec.exit_status = res->exited ? res->exit_status : -1;
  rec.term_signal = res->signaled ? res->term_signal : 0;
  bool killed = res->timed_out || res->signaled;
  bool failed = killed || (res->exited && res->exit_status != 0);
  if (failed)
    rec.flags |= IMPGRAPH_PROFILE_RUN_FAILED;
  if (res->timed_out)
    rec.flags |= IMPGRAPH_PROFILE_RUN_TIMED_OUT;
  if (res->stderr_truncated) {
    rec.flags |= IMPGRAPH_PROFILE_RUN_STDERR_TRUNCATED;
    m->truncated_runs++;
  }

  ipg_itlog *log = NULL;
  const char *text = res->errtext.data ? res->errtext.data : "";
  if (ipg_itlog_parse(&log, text, res->errtext.len, rec.label, NULL) != IMPGRAPH_OK) {
    m->profile->oom = true;
    return false;
  }
  const ipg_itrun *main_run = ipg_itlog_run(log, 0);
  bool has_rows = main_run && main_run->row_count > 0;
  if (!has_rows)
    rec.flags |= IMPGRAPH_PROFILE_RUN_NO_ROWS;
  size_t run_count = ipg_itlog_run_count(log);
  if (run_count > 1) {
    rec.flags |= IMPGRAPH_PROFILE_RUN_EXTRA_LOGS;
    rec.extra_logs = (uint32_t)(run_count - 1);
    m->extra_log_runs++;
  }
  ipg_map loaded;
  ipg_map_init(&loaded);
  bool nomem = false;
  if (parse_module_list(&res->modules, &loaded, &nomem))
    ipg_itlog_mark_failed(log, 0, is_loaded, &loaded);
  else {
    rec.flags |= IMPGRAPH_PROFILE_RUN_NO_MODULE_LIST;
    if (!killed)
      m->no_list_runs++;
  }
  ipg_map_free(&loaded);
  if (nomem)
    m->profile->oom = true;
  if (main_run) {
    rec.total_us = main_run->total_us;
    rec.row_count = main_run->row_count > UINT32_MAX ? UINT32_MAX : (uint32_t)main_run->row_count;
    for (size_t i = 0; i < main_run->row_count; i++)
      rec.failed_imports += (main_run->rows[i].flags & IPG_ITROW_FAILED) != 0;
    /* A killed process leaves unfinished imports: orphans, not threads.
       Another log's header cuts this one: orphans too (said by extra-logs). */
    if ((main_run->flags & IPG_ITRUN_SUSPECT) && !killed) {
      rec.flags |= IMPGRAPH_PROFILE_RUN_SUSPECT;
      if (run_count == 1)
        m->suspect_runs++;
    }
  }
  if (failed)
    rec.stderr_tail = stderr_tail(m, text, res->errtext.len);
  bool allowed = (opts->flags & IMPGRAPH_MEASURE_ALLOW_FAILURE) && !res->timed_out;
  bool counted = !warmup && !res->timed_out && has_rows && (!failed || allowed);
  if (!counted)
    rec.flags |= IMPGRAPH_PROFILE_RUN_EXCLUDED;

  size_t log_len = 0;
  char *kept_log = ipg_buf_take(&res->errtext, &log_len);
  if (!kept_log && res->errtext.failed)
    m->profile->oom = true;
  if (ipg_profile_add_run(m->profile, &rec, kept_log, log_len) == SIZE_MAX) {
    ipg_itlog_free(log);
    return false;
  }
  if (counted)
    ipg_profile_add_log_run(m->profile, main_run);
  if (!killed)
    keep_log_diagnostics(m, log);
  if (!has_rows && !killed)
    ipg_profile_diagnostic(m->profile, IMPGRAPH_SEVERITY_ERROR, "no-rows", rec.label, 0, 0,
                           "no -X importtime rows on stderr: did the program replace or "
                           "close stderr?");
  if (failed)
    report_failure(m, &rec, res);
  ipg_itlog_free(log);
  return !oom(m) && (!failed || allowed);
}

/* Notes about several runs at once. */
static void summary_diagnostics(measure_ctx *m) {
  impgraph_profile *p = m->profile;
  if (m->extra_log_runs)
    ipg_profile_diagnostic(
        p, IMPGRAPH_SEVERITY_WARNING, "extra-logs", NULL, 0, 0,
        "%u run%s printed more than one -X importtime log (child processes run with "
        "-X importtime or PYTHONPROFILEIMPORTTIME, or subinterpreters): only the program's "
        "own log is counted, and its rows printed after another log began are lost",
        m->extra_log_runs, m->extra_log_runs == 1 ? "" : "s");
  if (m->suspect_runs)
    ipg_profile_diagnostic(
        p, IMPGRAPH_SEVERITY_WARNING, "suspect-run", NULL, 0, 0,
        "%u run%s had negative times or rows without a parent: threads imported at the same "
        "time, so nesting and self times of the modules flagged \"suspect\" are unreliable",
        m->suspect_runs, m->suspect_runs == 1 ? "" : "s");
  if (m->no_list_runs)
    ipg_profile_diagnostic(
        p, IMPGRAPH_SEVERITY_NOTE, "no-module-list", NULL, 0, 0,
        "%u run%s ended without reporting sys.modules (os._exit()?): failed imports were "
        "only found from \"No module named\" lines",
        m->no_list_runs, m->no_list_runs == 1 ? "" : "s");
  if (m->truncated_runs)
    ipg_profile_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "stderr-truncated", NULL, 0, 0,
                           "%u run%s wrote more than %zu MiB on stderr; the rest was dropped",
                           m->truncated_runs, m->truncated_runs == 1 ? "" : "s", STDERR_CAP >> 20);
}

static void record_options(measure_ctx *m, const char *const *roots, size_t root_count) {
  impgraph_profile *p = m->profile;
  impgraph_profile_info *info = &p->info;
  info->source = ipg_profile_strdup(p, "measure");
  char venv_python[4096];
  info->python = ipg_profile_strdup(
      p, m->opts->python ? m->opts->python : ipg_default_python(venv_python, sizeof venv_python));
  info->cwd = ipg_profile_strdup(p, m->cwd);
  for (size_t i = 0; i < root_count; i++)
    ipg_profile_push_string(p, &p->source_roots, roots[i]);
  for (size_t i = 0; i < m->opts->env_count; i++)
    ipg_profile_push_string(p, &p->env, m->opts->env[i]);
}

static int measure_runs(measure_ctx *m, impgraph_error *err) {
  const impgraph_measure_options *opts = m->opts;
  uint32_t total = opts->warmup + opts->runs;
  spawn_request req = {m->executable, m->argv.data, m->envp.data,    m->cwd,
                       false,         true,         opts->timeout_ms};
  for (uint32_t i = 0; i < total; i++) {
    if (opts->progress)
      opts->progress(opts->progress_ctx, i, opts->warmup, opts->runs);
    spawn_outcome res;
    int rc = run_child(&req, &res, m->executable, err);
    if (rc != IMPGRAPH_OK) {
      outcome_free(&res);
      return rc;
    }
    bool go_on = record_run(m, &res, i, i < opts->warmup);
    outcome_free(&res);
    if (oom(m))
      return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory measuring");
    if (!go_on)
      break;
  }
  return IMPGRAPH_OK;
}

int impgraph_measure(impgraph_profile **out, const impgraph_measure_options *opts,
                     impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || !opts)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_measure: out or opts is NULL");
  int rc = check_options(opts, err);
  if (rc != IMPGRAPH_OK)
    return rc;
  measure_ctx m;
  memset(&m, 0, sizeof m);
  m.opts = opts;
  m.profile = ipg_profile_new();
  if (!m.profile)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  ipg_arena_init(&m.arena);
  ipg_vec_init(&m.envp, sizeof(char *));
  ipg_vec_init(&m.argv, sizeof(char *));
  ipg_map_init(&m.seen_diagnostics);
  const char **roots =
      opts->source_root_count ? calloc(opts->source_root_count, sizeof *roots) : NULL;
  if (opts->source_root_count && !roots)
    rc = ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  for (size_t i = 0; rc == IMPGRAPH_OK && i < opts->source_root_count; i++)
    rc = real_path(&m, opts->source_roots[i], "source root", &roots[i], err);
  if (rc == IMPGRAPH_OK)
    rc = prepare_target(&m, err);
  if (rc == IMPGRAPH_OK)
    rc = build_env(&m, roots, opts->source_root_count, err);
  if (rc == IMPGRAPH_OK)
    rc = probe_python(&m, err);
  if (rc == IMPGRAPH_OK) {
    record_options(&m, roots, opts->source_root_count);
    build_argv(&m);
    if (oom(&m))
      rc = ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  if (rc == IMPGRAPH_OK)
    rc = measure_runs(&m, err);
  if (rc == IMPGRAPH_OK) {
    summary_diagnostics(&m);
    rc = ipg_profile_finish(m.profile, true);
    if (rc != IMPGRAPH_OK)
      rc = ipg_fail(err, rc, "impgraph_measure: %s", impgraph_strerror(rc));
  }
  free(roots);
  ipg_map_free(&m.seen_diagnostics);
  ipg_vec_free(&m.argv);
  ipg_vec_free(&m.envp);
  ipg_arena_free(&m.arena);
  if (rc != IMPGRAPH_OK) {
    impgraph_profile_free(m.profile);
    return rc;
  }
  *out = m.profile;
  ipg_ok(err);
  return IMPGRAPH_OK;
}
