/* The probe cache: one file per interpreter+environment key under
   $XDG_CACHE_HOME/impgraph (or ~/.cache/impgraph). A file holds the key,
   validators (the state of every path whose change alters sys.path: the
   sys.path entries, site directories, pyvenv.cfg) and the raw probe output.
   Every failure here means "no cache", never an error. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resolve/resolve_internal.h"

extern char **environ;

/* Version 2: the probe reports os.name and sys.byteorder; older entries
   lack them and are probed again. */
#define CACHE_MAGIC "impgraph-probe-cache\t2\n"

char *ipg_probe_cache_default_dir(void) {
  ipg_buf b;
  ipg_buf_init(&b);
  const char *xdg = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  if (xdg && xdg[0] == '/')
    ipg_buf_printf(&b, "%s/impgraph", xdg);
  else if (home && *home)
    ipg_buf_printf(&b, "%s/.cache/impgraph", home);
  else
    return NULL;
  return ipg_buf_take(&b, NULL);
}

/* Only real executables are cached: a script (pyenv shim, conda or tox
   wrapper) may exec a different interpreter depending on the directory or
   the environment. */
static bool is_binary_executable(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  unsigned char magic[4];
  ssize_t n = read(fd, magic, sizeof magic);
  close(fd);
  if (n != 4)
    return false;
  static const unsigned char known[][4] = {
      {0x7f, 'E', 'L', 'F'},    {0xfe, 0xed, 0xfa, 0xce},
      {0xfe, 0xed, 0xfa, 0xcf}, {0xce, 0xfa, 0xed, 0xfe},
      {0xcf, 0xfa, 0xed, 0xfe}, {0xca, 0xfe, 0xba, 0xbe}};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (memcmp(magic, known[i], 4) == 0)
      return true;
  return false;
}

static bool pythonpath_is_relative(void) {
  const char *pp = getenv("PYTHONPATH");
  if (!pp)
    return false;
  for (const char *p = pp;;) {
    if (*p != '/')
      return true; /* relative or empty element: depends on the cwd */
    const char *colon = strchr(p, ':');
    if (!colon)
      return false;
    p = colon + 1;
  }
}

static int env_cmp(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Environment variables that change what sys.path becomes. */
static void append_environment(ipg_buf *key) {
  ipg_vec vars;
  ipg_vec_init(&vars, sizeof(const char *));
  for (char **e = environ; e && *e; e++) {
    if (strncmp(*e, "PYTHON", 6) == 0 || strncmp(*e, "HOME=", 5) == 0) {
      const char **slot = ipg_vec_push(&vars);
      if (!slot) {
        key->failed = true;
        break;
      }
      *slot = *e;
    }
  }
  if (vars.len)
    qsort(vars.data, vars.len, sizeof(const char *), env_cmp);
  for (size_t i = 0; i < vars.len; i++)
    ipg_buf_printf(key, "env %s\n", *(const char **)ipg_vec_at(&vars, i));
  ipg_vec_free(&vars);
}

bool ipg_probe_cache_key(const char *interpreter, char **key) {
  *key = NULL;
  char *real = realpath(interpreter, NULL);
  struct stat st;
  if (!real || stat(real, &st) != 0 || !is_binary_executable(real)) {
    free(real);
    return false;
  }
  ipg_buf b;
  ipg_buf_init(&b);
  ipg_buf_printf(&b, "interpreter %s\nrealpath %s\n", interpreter, real);
  ipg_buf_printf(&b, "mtime %lld.%09ld\nsize %lld\nuid %lu\n",
                 (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
                 (long long)st.st_size, (unsigned long)geteuid());
  free(real);
  append_environment(&b);
  if (pythonpath_is_relative()) {
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) {
      ipg_buf_free(&b);
      return false;
    }
    ipg_buf_printf(&b, "cwd %s\n", cwd);
  }
  *key = ipg_buf_take(&b, NULL);
  return *key != NULL;
}

/* "mtime:size:inode" of a path, or "-" when it does not exist. */
static void path_state(const char *path, char *buf, size_t size) {
  struct stat st;
  if (stat(path, &st) != 0) {
    snprintf(buf, size, "-");
    return;
  }
  snprintf(buf, size, "%lld.%09ld:%lld:%llu", (long long)st.st_mtim.tv_sec,
           (long)st.st_mtim.tv_nsec, (long long)st.st_size,
           (unsigned long long)st.st_ino);
}

static char *cache_file(const char *cache_dir, const char *key) {
  ipg_buf b;
  ipg_buf_init(&b);
  ipg_buf_printf(&b, "%s/probe-%016llx.txt", cache_dir,
                 (unsigned long long)ipg_hash_bytes(key, strlen(key)));
  return ipg_buf_take(&b, NULL);
}

static char *key_line(const char *key) {
  ipg_buf b;
  ipg_buf_init(&b);
  ipg_buf_puts(&b, "key\t");
  ipg_escape_append(&b, key);
  ipg_buf_putc(&b, '\n');
  return ipg_buf_take(&b, NULL);
}

/* Checks the header and validators; returns the offset of the output. */
static bool check_cached(char *text, size_t len, const char *key,
                         size_t *output_at) {
  size_t magic_len = strlen(CACHE_MAGIC);
  char *expected = key_line(key);
  if (!expected || len < magic_len || memcmp(text, CACHE_MAGIC, magic_len)) {
    free(expected);
    return false;
  }
  size_t at = magic_len, key_len = strlen(expected);
  bool ok = len - at >= key_len && memcmp(text + at, expected, key_len) == 0;
  free(expected);
  at += key_len;
  while (ok) {
    char *line = text + at;
    char *nl = memchr(line, '\n', len - at);
    if (!nl)
      return false;
    *nl = '\0';
    at = (size_t)(nl - text) + 1;
    if (strcmp(line, "output") == 0) {
      *output_at = at;
      return true;
    }
    char *state = strchr(line, '\t');
    char *path = state ? strchr(state + 1, '\t') : NULL;
    if (strncmp(line, "validate\t", 9) != 0 || !path)
      return false;
    *path++ = '\0';
    size_t path_len = strlen(path);
    char now[128];
    if (!ipg_unescape(path, &path_len))
      return false;
    path_state(path, now, sizeof now);
    ok = strcmp(now, state + 1) == 0;
  }
  return false;
}

char *ipg_probe_cache_load(const char *cache_dir, const char *key,
                           size_t *len) {
  *len = 0;
  char *file = cache_file(cache_dir, key);
  char *text = NULL;
  size_t text_len = 0, output_at = 0;
  if (!file || ipg_read_file(file, &text, &text_len, NULL) != IMPGRAPH_OK) {
    free(file);
    return NULL;
  }
  free(file);
  if (!check_cached(text, text_len, key, &output_at)) {
    free(text);
    return NULL;
  }
  *len = text_len - output_at;
  memmove(text, text + output_at, *len);
  text[*len] = '\0';
  return text;
}

/* mkdir -p, private to the user. */
static bool make_dirs(const char *dir) {
  char *copy = strdup(dir);
  if (!copy)
    return false;
  for (char *p = copy + 1;; p++) {
    if (*p == '/' || *p == '\0') {
      char saved = *p;
      *p = '\0';
      if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
        free(copy);
        return false;
      }
      *p = saved;
      if (!saved)
        break;
    }
  }
  free(copy);
  return true;
}

static bool write_all(int fd, const char *data, size_t len) {
  while (len) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    len -= (size_t)n;
  }
  return true;
}

void ipg_probe_cache_store(const char *cache_dir, const char *key,
                           const ipg_probe *probe, const char *output,
                           size_t len) {
  ipg_buf b;
  ipg_buf_init(&b);
  ipg_buf_puts(&b, CACHE_MAGIC "key\t");
  ipg_escape_append(&b, key);
  ipg_buf_putc(&b, '\n');
  for (size_t i = 0; i < probe->validate.count; i++) {
    char state[128];
    path_state(probe->validate.items[i], state, sizeof state);
    ipg_buf_printf(&b, "validate\t%s\t", state);
    ipg_escape_append(&b, probe->validate.items[i]);
    ipg_buf_putc(&b, '\n');
  }
  ipg_buf_puts(&b, "output\n");
  ipg_buf_append(&b, output, len);
  char *file = cache_file(cache_dir, key);
  ipg_buf tmp;
  ipg_buf_init(&tmp);
  if (file)
    ipg_buf_printf(&tmp, "%s.XXXXXX", file);
  if (b.failed || tmp.failed || !file || !make_dirs(cache_dir))
    goto done;
  int fd = mkstemp(tmp.data);
  if (fd < 0)
    goto done;
  bool ok = write_all(fd, b.data, b.len);
  ok = close(fd) == 0 && ok;
  if (!ok || rename(tmp.data, file) != 0)
    unlink(tmp.data);
done:
  ipg_buf_free(&tmp);
  ipg_buf_free(&b);
  free(file);
}
