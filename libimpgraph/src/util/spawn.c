/* Runs a child process with captured output and a deadline. pipe2() needs
   _GNU_SOURCE: close-on-exec must be atomic, or a child spawned by another
   thread could inherit our pipe's write end and hold it open. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

extern char **environ;

enum {
  STDERR_KEEP = 64 * 1024, /* the tail of stderr we keep */
  POLL_SLICE_MS = 100      /* how often to check whether the child exited */
};

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int make_pipe(int fds[2]) {
#if defined(__linux__)
  return pipe2(fds, O_CLOEXEC);
#else
  if (pipe(fds) != 0)
    return -1;
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  return 0;
#endif
}

static void close_fd(int *fd) {
  if (*fd >= 0)
    close(*fd);
  *fd = -1;
}

/* A child being watched. */
typedef struct child {
  pid_t pid;
  bool reaped;
  int status;
  bool status_known;
} child;

static void record_status(child *c, ipg_run_result *res) {
  if (!c->status_known)
    return;
  if (WIFEXITED(c->status)) {
    res->exited = true;
    res->exit_status = WEXITSTATUS(c->status);
  } else if (WIFSIGNALED(c->status)) {
    res->signaled = true;
    res->term_signal = WTERMSIG(c->status);
  }
}

/* Non-blocking reap. True once the child is gone (or unwaitable because the
   host ignores SIGCHLD: then its status is unknown). */
static bool try_reap(child *c) {
  if (c->reaped)
    return true;
  for (;;) {
    pid_t got = waitpid(c->pid, &c->status, WNOHANG);
    if (got == c->pid) {
      c->reaped = c->status_known = true;
      return true;
    }
    if (got == 0)
      return false;
    if (errno == EINTR)
      continue;
    c->reaped = true; /* ECHILD */
    return true;
  }
}

static void reap_blocking(child *c) {
  while (!c->reaped) {
    pid_t got = waitpid(c->pid, &c->status, 0);
    if (got == c->pid)
      c->reaped = c->status_known = true;
    else if (got < 0 && errno != EINTR)
      c->reaped = true;
  }
}

static void kill_group(child *c) {
  if (c->pid > 1 && !c->reaped) {
    kill(-c->pid, SIGKILL);
    kill(c->pid, SIGKILL); /* in case it left the group */
  }
}

static void keep_tail(ipg_buf *b) {
  if (b->len <= 2 * STDERR_KEEP)
    return;
  memmove(b->data, b->data + b->len - STDERR_KEEP, STDERR_KEEP);
  b->len = STDERR_KEEP;
  b->data[b->len] = '\0';
}

/* Reads what is available on fd; closes it at EOF or error. */
static void drain(int *fd, ipg_buf *b, bool is_stderr) {
  char chunk[16384];
  while (*fd >= 0) {
    ssize_t n = read(*fd, chunk, sizeof chunk);
    if (n > 0) {
      ipg_buf_append(b, chunk, (size_t)n);
      if (is_stderr)
        keep_tail(b);
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return;
    close_fd(fd);
  }
}

static int spawn_child(child *c, const char *label, const char *path,
                       char *const argv[], int out_w, int err_w,
                       impgraph_error *err) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  if (posix_spawn_file_actions_init(&actions) != 0)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory", label);
  if (posix_spawnattr_init(&attr) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory", label);
  }
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_w, 1);
  posix_spawn_file_actions_adddup2(&actions, err_w, 2);

  /* Own process group (so a timeout kills grandchildren too), no blocked
     signals, default dispositions for what a host commonly ignores. */
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  int reset[] = {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD};
  for (size_t i = 0; i < sizeof reset / sizeof reset[0]; i++)
    sigaddset(&defaults, reset[i]);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
                                      POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);

  int rc = posix_spawn(&c->pid, path, &actions, &attr, argv, environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    return ipg_fail(err, rc == ENOENT ? IMPGRAPH_ENOTFOUND : IMPGRAPH_EIO,
                    "%s: cannot run: %s", label, strerror(rc));
  return IMPGRAPH_OK;
}

/* Reads both pipes until EOF, the deadline, or the child exiting while a
   grandchild still holds the pipes open. */
static void watch(child *c, int *out_r, int *err_r, ipg_buf *out, ipg_buf *errb,
                  int64_t deadline, size_t max_out, ipg_run_result *res) {
  while (*out_r >= 0 || *err_r >= 0) {
    int64_t left = deadline - now_ms();
    if (left <= 0) {
      res->timed_out = true;
      return;
    }
    struct pollfd fds[2];
    nfds_t count = 0;
    if (*out_r >= 0)
      fds[count++] = (struct pollfd){.fd = *out_r, .events = POLLIN};
    if (*err_r >= 0)
      fds[count++] = (struct pollfd){.fd = *err_r, .events = POLLIN};
    int ready =
        poll(fds, count, (int)(left < POLL_SLICE_MS ? left : POLL_SLICE_MS));
    if (ready < 0 && errno != EINTR)
      return;
    if (ready <= 0) {
      if (try_reap(c)) {
        drain(out_r, out, false);
        drain(err_r, errb, true);
        return;
      }
      continue;
    }
    drain(out_r, out, false);
    drain(err_r, errb, true);
    if (out->len > max_out || out->failed) {
      res->out_overflow = true;
      return;
    }
  }
}

static void finish_wait(child *c, int64_t deadline, ipg_run_result *res) {
  while (!res->timed_out && !try_reap(c)) {
    if (now_ms() >= deadline) {
      res->timed_out = true;
      break;
    }
    struct timespec pause = {0, 5 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  if (!c->reaped) {
    kill_group(c);
    reap_blocking(c);
  }
}

int ipg_run_capture(ipg_run_result *res, const char *label, const char *path,
                    char *const argv[], unsigned timeout_ms, size_t max_out,
                    impgraph_error *err) {
  memset(res, 0, sizeof *res);
  int out_p[2] = {-1, -1}, err_p[2] = {-1, -1};
  if (make_pipe(out_p) != 0 || make_pipe(err_p) != 0) {
    int saved = errno;
    close_fd(&out_p[0]);
    close_fd(&out_p[1]);
    return ipg_fail(err, IMPGRAPH_EIO, "%s: cannot create a pipe: %s", label,
                    strerror(saved));
  }
  child c = {.pid = -1};
  int rc = spawn_child(&c, label, path, argv, out_p[1], err_p[1], err);
  close_fd(&out_p[1]);
  close_fd(&err_p[1]);
  if (rc != IMPGRAPH_OK) {
    close_fd(&out_p[0]);
    close_fd(&err_p[0]);
    return rc;
  }
  fcntl(out_p[0], F_SETFL, O_NONBLOCK);
  fcntl(err_p[0], F_SETFL, O_NONBLOCK);

  ipg_buf out, errb;
  ipg_buf_init(&out);
  ipg_buf_init(&errb);
  int64_t deadline = now_ms() + (int64_t)timeout_ms;
  watch(&c, &out_p[0], &err_p[0], &out, &errb, deadline, max_out, res);
  if (res->timed_out || res->out_overflow)
    kill_group(&c);
  finish_wait(&c, deadline, res);
  close_fd(&out_p[0]);
  close_fd(&err_p[0]);
  record_status(&c, res);

  res->out = ipg_buf_take(&out, &res->out_len);
  res->err = ipg_buf_take(&errb, &res->err_len);
  if (!res->out || !res->err) {
    ipg_run_result_free(res);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory reading output",
                    label);
  }
  return IMPGRAPH_OK;
}

void ipg_run_result_free(ipg_run_result *res) {
  if (!res)
    return;
  free(res->out);
  free(res->err);
  memset(res, 0, sizeof *res);
}

static bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The non-blank line ending at or before `end`, trimmed; false if none. */
static bool last_line(const char *text, size_t end, size_t *line_start,
                      size_t *line_end) {
  while (end > 0) {
    while (end > 0 && is_blank(text[end - 1]))
      end--;
    size_t start = end;
    while (start > 0 && text[start - 1] != '\n' && text[start - 1] != '\r')
      start--;
    if (start < end) {
      while (is_blank(text[start]))
        start++;
      *line_start = start;
      *line_end = end;
      return true;
    }
  }
  return false;
}

/* The first non-blank line, trimmed. */
static void first_line(const char *text, size_t len, size_t *line_start,
                       size_t *line_end) {
  size_t start = 0;
  while (start < len && is_blank(text[start]))
    start++;
  size_t end = start;
  while (end < len && text[end] != '\n' && text[end] != '\r')
    end++;
  while (end > start && is_blank(text[end - 1]))
    end--;
  *line_start = start;
  *line_end = end;
}

static void put_span(char *buf, size_t size, size_t *used, const char *s,
                     size_t n) {
  if (*used + 1 >= size)
    return;
  if (n > size - 1 - *used)
    n = size - 1 - *used;
  memcpy(buf + *used, s, n);
  *used += n;
  buf[*used] = '\0';
}

void ipg_stderr_summary(const char *text, size_t len, char *buf, size_t size) {
  if (!size)
    return;
  buf[0] = '\0';
  size_t last_start, last_end, first_start, first_end, used = 0;
  if (!text || !last_line(text, len, &last_start, &last_end))
    return;
  first_line(text, len, &first_start, &first_end);
  if (first_start < last_start) {
    put_span(buf, size, &used, text + first_start, first_end - first_start);
    put_span(buf, size, &used, " [...] ", 7);
  }
  put_span(buf, size, &used, text + last_start, last_end - last_start);
}
