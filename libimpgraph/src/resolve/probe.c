/* ipg_probe: run an interpreter once with probe.py and parse what it says,
   or build the same record statically. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "resolve/resolve_internal.h"

enum { MIN_MAJOR = 3, MIN_MINOR = 7, MAX_PROBE_OUTPUT = 64 * 1024 * 1024 };

/* The public record plus the arena that owns everything it points to. */
typedef struct probe_impl {
  ipg_probe pub; /* first: ipg_probe * and probe_impl * convert */
  ipg_arena arena;
} probe_impl;

/* The list fields of a probe: the row key that fills each in probe
   output, and how it is ordered once built. */
enum {
  L_SYS_PATH,
  L_BUILTINS,
  L_STDLIB,
  L_FROZEN,
  L_FROZEN_PACKAGES,
  L_SOURCE_SUFFIXES,
  L_BYTECODE_SUFFIXES,
  L_EXTENSION_SUFFIXES,
  L_STARTUP_MODULES,
  L_VALIDATE,
  L_ALIASES,
  L_META_PATH,
  LIST_COUNT
};

typedef enum list_order { KEEP_ORDER, SORT_UNIQUE, SORT_BY_NAME } list_order;

static const struct list_spec {
  const char *key;
  size_t field; /* offsetof(ipg_probe, <list>) */
  list_order order;
} LISTS[LIST_COUNT] = {
    [L_SYS_PATH] = {"path", offsetof(ipg_probe, sys_path), KEEP_ORDER},
    [L_BUILTINS] = {"builtin", offsetof(ipg_probe, builtins), SORT_UNIQUE},
    [L_STDLIB] = {"stdlib", offsetof(ipg_probe, stdlib), SORT_UNIQUE},
    [L_FROZEN] = {"frozen", offsetof(ipg_probe, frozen), SORT_UNIQUE},
    [L_FROZEN_PACKAGES] = {"frozen_package",
                           offsetof(ipg_probe, frozen_packages), SORT_UNIQUE},
    [L_SOURCE_SUFFIXES] = {"source_suffix",
                           offsetof(ipg_probe, source_suffixes), KEEP_ORDER},
    [L_BYTECODE_SUFFIXES] = {"bytecode_suffix",
                             offsetof(ipg_probe, bytecode_suffixes),
                             KEEP_ORDER},
    [L_EXTENSION_SUFFIXES] = {"extension_suffix",
                              offsetof(ipg_probe, extension_suffixes),
                              KEEP_ORDER},
    [L_STARTUP_MODULES] = {"startup_module",
                           offsetof(ipg_probe, startup_modules), SORT_UNIQUE},
    [L_VALIDATE] = {"validate", offsetof(ipg_probe, validate), KEEP_ORDER},
    [L_ALIASES] = {"alias", offsetof(ipg_probe, aliases), SORT_BY_NAME},
    [L_META_PATH] = {"meta_path", offsetof(ipg_probe, meta_path), KEEP_ORDER},
};

/* A probe being built: its lists grow in vectors until builder_finish. */
typedef struct probe_builder {
  probe_impl *impl;
  ipg_vec lists[LIST_COUNT]; /* const char * */
} probe_builder;

static int builder_init(probe_builder *b) {
  memset(b, 0, sizeof *b);
  for (size_t i = 0; i < LIST_COUNT; i++)
    ipg_vec_init(&b->lists[i], sizeof(const char *));
  b->impl = calloc(1, sizeof *b->impl);
  if (!b->impl)
    return IMPGRAPH_ENOMEM;
  ipg_arena_init(&b->impl->arena);
  b->impl->pub.version_micro = -1;
  return IMPGRAPH_OK;
}

static void builder_free_lists(probe_builder *b) {
  for (size_t i = 0; i < LIST_COUNT; i++)
    ipg_vec_free(&b->lists[i]);
}

static void builder_abort(probe_builder *b) {
  builder_free_lists(b);
  ipg_probe_free(b->impl ? &b->impl->pub : NULL);
  b->impl = NULL;
}

/* Copies s into the arena and appends it to v. */
static int push_copy(probe_builder *b, ipg_vec *v, const char *s, size_t n) {
  char *copy = ipg_arena_strndup(&b->impl->arena, s, n);
  const char **slot = copy ? ipg_vec_push(v) : NULL;
  if (!slot)
    return IMPGRAPH_ENOMEM;
  *slot = copy;
  return IMPGRAPH_OK;
}

static int push_all(probe_builder *b, ipg_vec *v, const char *const *items,
                    size_t count) {
  for (size_t i = 0; i < count; i++) {
    if (!items[i])
      return IMPGRAPH_EINVAL;
    int rc = push_copy(b, v, items[i], strlen(items[i]));
    if (rc)
      return rc;
  }
  return IMPGRAPH_OK;
}

/* Alias rows "name=target" are ordered by name (the part before '='). */
static int compare_names(const char *a, size_t a_len, const char *b,
                         size_t b_len) {
  int c = memcmp(a, b, a_len < b_len ? a_len : b_len);
  return c ? c : (a_len > b_len) - (a_len < b_len);
}

static int alias_cmp(const void *key, const void *item) {
  const char *name = key, *row = *(const char *const *)item;
  return compare_names(name, strlen(name), row, strcspn(row, "="));
}

static int alias_row_cmp(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  return compare_names(x, strcspn(x, "="), y, strcspn(y, "="));
}

/* Moves a vector into an arena array in the list's order. */
static int finish_list(probe_builder *b, const ipg_vec *v, ipg_strlist *out,
                       list_order order) {
  out->items = NULL;
  out->count = 0;
  if (!v->len)
    return IMPGRAPH_OK;
  const char **items = ipg_arena_alloc(&b->impl->arena, v->len * sizeof *items);
  if (!items)
    return IMPGRAPH_ENOMEM;
  memcpy(items, v->data, v->len * sizeof *items);
  size_t count = v->len;
  if (order == SORT_BY_NAME)
    qsort(items, count, sizeof *items, alias_row_cmp);
  if (order == SORT_UNIQUE) {
    qsort(items, count, sizeof *items, ipg_strcmp_ptr);
    size_t kept = 0;
    for (size_t i = 0; i < count; i++)
      if (!kept || strcmp(items[kept - 1], items[i]) != 0)
        items[kept++] = items[i];
    count = kept;
  }
  out->items = items;
  out->count = count;
  return IMPGRAPH_OK;
}

static int builder_finish(probe_builder *b, ipg_probe **out) {
  ipg_probe *p = &b->impl->pub;
  for (size_t i = 0; i < LIST_COUNT; i++) {
    ipg_strlist *list = (ipg_strlist *)((char *)p + LISTS[i].field);
    int rc = finish_list(b, &b->lists[i], list, LISTS[i].order);
    if (rc) {
      builder_abort(b);
      return rc;
    }
  }
  builder_free_lists(b);
  *out = p;
  b->impl = NULL;
  return IMPGRAPH_OK;
}

void ipg_probe_free(ipg_probe *probe) {
  if (!probe)
    return;
  probe_impl *impl = (probe_impl *)probe;
  ipg_arena_free(&impl->arena);
  free(impl);
}

bool ipg_strlist_contains(const ipg_strlist *list, const char *name) {
  if (!list->count)
    return false;
  return bsearch(&name, list->items, list->count, sizeof *list->items,
                 ipg_strcmp_ptr) != NULL;
}

const char *ipg_probe_alias(const ipg_probe *probe, const char *name) {
  const char *const *row =
      probe->aliases.count
          ? bsearch(name, probe->aliases.items, probe->aliases.count,
                    sizeof *probe->aliases.items, alias_cmp)
          : NULL;
  return row ? strchr(*row, '=') + 1 : NULL;
}

/* ---- escaping ---- */

void ipg_escape_append(ipg_buf *buf, const char *value) {
  for (const char *p = value; *p; p++) {
    switch (*p) {
    case '\\': ipg_buf_puts(buf, "\\\\"); break;
    case '\t': ipg_buf_puts(buf, "\\t"); break;
    case '\n': ipg_buf_puts(buf, "\\n"); break;
    case '\r': ipg_buf_puts(buf, "\\r"); break;
    default: ipg_buf_putc(buf, *p);
    }
  }
}

bool ipg_unescape(char *value, size_t *len) {
  size_t w = 0;
  for (size_t r = 0; r < *len; r++) {
    char c = value[r];
    if (c == '\\') {
      if (++r == *len)
        return false;
      switch (value[r]) {
      case '\\': c = '\\'; break;
      case 't': c = '\t'; break;
      case 'n': c = '\n'; break;
      case 'r': c = '\r'; break;
      default: return false;
      }
    }
    value[w++] = c;
  }
  value[w] = '\0';
  *len = w;
  return true;
}

/* ---- versions ---- */

/* Parses "X.Y" or "X.Y.Z" (digits only). */
static bool parse_version(const char *text, int *major, int *minor,
                          int *micro) {
  int parts[3] = {-1, -1, -1};
  int count = 0;
  const char *p = text;
  while (count < 3) {
    if (*p < '0' || *p > '9')
      return false;
    long value = 0;
    while (*p >= '0' && *p <= '9') {
      value = value * 10 + (*p++ - '0');
      if (value > 100000)
        return false;
    }
    parts[count++] = (int)value;
    if (*p != '.')
      break;
    p++;
  }
  if (*p || count < 2)
    return false;
  *major = parts[0];
  *minor = parts[1];
  *micro = parts[2];
  return true;
}

/* ---- parsing probe output ---- */

static ipg_vec *list_for_key(probe_builder *b, const char *key) {
  for (size_t i = 0; i < LIST_COUNT; i++)
    if (strcmp(LISTS[i].key, key) == 0)
      return &b->lists[i];
  return NULL;
}

static const char **scalar_for_key(ipg_probe *p, const char *key) {
  struct {
    const char *key;
    const char **field;
  } scalars[] = {
      {"implementation", &p->implementation},
      {"cache_tag", &p->cache_tag},
      {"platform", &p->platform},
      {"os_name", &p->os_name},
      {"byteorder", &p->byteorder},
      {"executable", &p->executable},
      {"prefix", &p->prefix},
      {"base_prefix", &p->base_prefix},
  };
  for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++)
    if (strcmp(scalars[i].key, key) == 0)
      return scalars[i].field;
  return NULL;
}

/* State of one parse. */
typedef struct parse_state {
  probe_builder *b;
  const char *label;
  impgraph_error *err;
  size_t line_no;
  bool saw_header, saw_version, saw_end, saw_stdlib_source;
} parse_state;

static int handle_row(parse_state *st, const char *key, char *value,
                      size_t value_len) {
  ipg_probe *p = &st->b->impl->pub;
  if (!st->saw_header) { /* parse_lines saw the key */
    if (strcmp(value, "1") != 0)
      return ipg_fail(st->err, IMPGRAPH_EIO,
                      "%s: unsupported probe output format %s", st->label,
                      value);
    st->saw_header = true;
    return IMPGRAPH_OK;
  }
  if (strcmp(key, "alias") == 0 && !memchr(value, '=', value_len))
    return IMPGRAPH_OK; /* not "name=target": ignored */
  if (strcmp(key, "frozen_package") == 0) {
    /* A frozen package is a frozen module too. */
    int rc = push_copy(st->b, &st->b->lists[L_FROZEN], value, value_len);
    if (rc)
      return rc;
  }
  ipg_vec *list = list_for_key(st->b, key);
  if (list)
    return push_copy(st->b, list, value, value_len);
  const char **scalar = scalar_for_key(p, key);
  if (scalar) {
    *scalar = ipg_arena_strndup(&st->b->impl->arena, value, value_len);
    return *scalar ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  }
  if (strcmp(key, "version") == 0) {
    if (!parse_version(value, &p->version_major, &p->version_minor,
                       &p->version_micro) ||
        p->version_micro < 0)
      return ipg_fail(st->err, IMPGRAPH_EIO,
                      "%s: bad version '%s' in probe "
                      "output",
                      st->label, value);
    st->saw_version = true;
  } else if (strcmp(key, "dropped_path") == 0) {
    p->path_entry_dropped = true;
  } else if (strcmp(key, "stdlib_source") == 0) {
    p->stdlib_source =
        strcmp(value, "sys") == 0 ? IPG_STDLIB_SYS : IPG_STDLIB_DERIVED;
    st->saw_stdlib_source = true;
  } else if (strcmp(key, "error") == 0) {
    return ipg_fail(st->err, IMPGRAPH_EIO, "%s: %s", st->label, value);
  } else if (strcmp(key, "end") == 0) {
    st->saw_end = true;
  }
  /* Unknown keys: written by a newer probe; ignored. */
  return IMPGRAPH_OK;
}

/* Lines before the header row (printed by sitecustomize or a .pth file at
   start-up) and after the end row (atexit handlers) are not ours: skipped. */
static int parse_lines(parse_state *st, char *text, size_t len) {
  char *p = text, *end = text + len;
  bool foreign_output = false;
  while (p < end && !st->saw_end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *line = p, *line_end = nl ? nl : end;
    p = line_end + 1;
    st->line_no++;
    *line_end = '\0';
    if (!st->saw_header && strncmp(line, "impgraph-probe\t", 15) != 0) {
      foreign_output = foreign_output || line_end > line;
      continue;
    }
    char *tab = memchr(line, '\t', (size_t)(line_end - line));
    size_t value_len = tab ? (size_t)(line_end - tab - 1) : 0;
    if (!tab || memchr(line, '\0', (size_t)(line_end - line)) ||
        !ipg_unescape(tab + 1, &value_len))
      return ipg_fail(st->err, IMPGRAPH_EIO,
                      "%s: malformed probe output at line %zu", st->label,
                      st->line_no);
    *tab = '\0';
    int rc = handle_row(st, line, tab + 1, value_len);
    if (rc)
      return rc;
  }
  if (!st->saw_header && foreign_output)
    return ipg_fail(st->err, IMPGRAPH_EIO,
                    "%s: printed something other than probe output (is it "
                    "a Python interpreter?)",
                    st->label);
  return IMPGRAPH_OK;
}

static int check_complete(parse_state *st) {
  ipg_probe *p = &st->b->impl->pub;
  if (!st->saw_header)
    return ipg_fail(st->err, IMPGRAPH_EIO,
                    "%s: printed no probe output (is it a Python "
                    "interpreter?)",
                    st->label);
  if (!st->saw_version)
    return ipg_fail(st->err, IMPGRAPH_EIO, "%s: probe output has no version",
                    st->label);
  if (p->version_major < MIN_MAJOR ||
      (p->version_major == MIN_MAJOR && p->version_minor < MIN_MINOR))
    return ipg_fail(st->err, IMPGRAPH_EIO,
                    "%s: Python %d.%d.%d is not supported (impgraph needs "
                    "Python %d.%d or newer)",
                    st->label, p->version_major, p->version_minor,
                    p->version_micro, MIN_MAJOR, MIN_MINOR);
  if (!st->saw_end)
    return ipg_fail(st->err, IMPGRAPH_EIO,
                    "%s: probe output is truncated (no end row)", st->label);
  if (!st->saw_stdlib_source)
    p->stdlib_source = IPG_STDLIB_UNKNOWN;
  p->builtins_known = p->frozen_known = p->startup_modules_known = true;
  return IMPGRAPH_OK;
}

int ipg_probe_parse(ipg_probe **out, const char *text, size_t len,
                    const char *label, impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || (!text && len))
    return ipg_fail(err, IMPGRAPH_EINVAL, "ipg_probe_parse: NULL argument");
  if (!label)
    label = "probe";
  char *copy = malloc(len + 1);
  if (!copy)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory", label);
  if (len)
    memcpy(copy, text, len);
  copy[len] = '\0';
  probe_builder b;
  if (builder_init(&b)) {
    free(copy);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory", label);
  }
  parse_state st = {.b = &b, .label = label, .err = err};
  int rc = parse_lines(&st, copy, len);
  free(copy);
  if (!rc)
    rc = check_complete(&st);
  if (!rc)
    rc = builder_finish(&b, out);
  else
    builder_abort(&b);
  if (rc == IMPGRAPH_ENOMEM)
    return ipg_fail(err, rc, "%s: out of memory", label);
  if (!rc)
    ipg_ok(err);
  return rc;
}

/* ---- static probes ---- */

static int push_default_extension_suffixes(probe_builder *b, int major,
                                           int minor) {
  char first[128] = "";
#if defined(__APPLE__)
  snprintf(first, sizeof first, ".cpython-%d%d-darwin.so", major, minor);
#elif defined(__linux__)
  struct utsname uts;
  if (uname(&uts) == 0) {
    const char *machine = uts.machine;
    if (strcmp(machine, "i686") == 0 || strcmp(machine, "i586") == 0)
      machine = "i386";
    snprintf(first, sizeof first, ".cpython-%d%d%s-%s-linux-gnu.so", major,
             minor, major == 3 && minor <= 7 ? "m" : "", machine);
  }
#endif
  const char *rest[] = {".abi3.so", ".so"};
  int rc = first[0] ? push_copy(b, &b->lists[L_EXTENSION_SUFFIXES], first,
                                strlen(first))
                    : IMPGRAPH_OK;
  for (size_t i = 0; !rc && i < 2; i++)
    rc =
        push_copy(b, &b->lists[L_EXTENSION_SUFFIXES], rest[i], strlen(rest[i]));
  return rc;
}

static int fill_static(probe_builder *b, const ipg_probe_static_options *o,
                       impgraph_error *err) {
  ipg_probe *p = &b->impl->pub;
  p->is_static = true;
  if (!o->version || !parse_version(o->version, &p->version_major,
                                    &p->version_minor, &p->version_micro))
    return ipg_fail(err, IMPGRAPH_EINVAL,
                    "bad Python version '%s' (expected X.Y or X.Y.Z)",
                    o->version ? o->version : "(null)");
  if ((o->sys_path_count && !o->sys_path) ||
      push_all(b, &b->lists[L_SYS_PATH], o->sys_path, o->sys_path_count))
    return ipg_fail(err, IMPGRAPH_EINVAL, "NULL sys.path entry");
  int rc = IMPGRAPH_OK;
  if (o->builtins) {
    p->builtins_known = true;
    rc = push_all(b, &b->lists[L_BUILTINS], o->builtins, o->builtin_count);
  }
  if (!rc && o->frozen) {
    p->frozen_known = true;
    rc = push_all(b, &b->lists[L_FROZEN], o->frozen, o->frozen_count);
  }
  /* os.py puts os.path into sys.modules at start-up. */
  static const char *const alias[] = {"os.path=posixpath"};
  if (!rc)
    rc = push_all(b, &b->lists[L_ALIASES], alias, 1);
  static const char *const py[] = {".py"}, *const pyc[] = {".pyc"};
  if (!rc)
    rc = o->source_suffixes
             ? push_all(b, &b->lists[L_SOURCE_SUFFIXES], o->source_suffixes,
                        o->source_suffix_count)
             : push_all(b, &b->lists[L_SOURCE_SUFFIXES], py, 1);
  if (!rc)
    rc = o->bytecode_suffixes
             ? push_all(b, &b->lists[L_BYTECODE_SUFFIXES], o->bytecode_suffixes,
                        o->bytecode_suffix_count)
             : push_all(b, &b->lists[L_BYTECODE_SUFFIXES], pyc, 1);
  if (!rc)
    rc = o->extension_suffixes
             ? push_all(b, &b->lists[L_EXTENSION_SUFFIXES],
                        o->extension_suffixes, o->extension_suffix_count)
             : push_default_extension_suffixes(b, p->version_major,
                                               p->version_minor);
  if (rc == IMPGRAPH_EINVAL)
    return ipg_fail(err, rc, "NULL name in a static probe list");
  if (rc)
    return ipg_fail(err, rc, "out of memory building a static probe");
  return IMPGRAPH_OK;
}

int ipg_probe_static(ipg_probe **out, const ipg_probe_static_options *opts,
                     impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || !opts)
    return ipg_fail(err, IMPGRAPH_EINVAL, "ipg_probe_static: NULL argument");
  probe_builder b;
  if (builder_init(&b))
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  int rc = fill_static(&b, opts, err);
  if (rc) {
    builder_abort(&b);
    return rc;
  }
  rc = builder_finish(&b, out);
  if (rc)
    return ipg_fail(err, rc, "out of memory building a static probe");
  ipg_ok(err);
  return IMPGRAPH_OK;
}

int ipg_probe_static_spec(ipg_probe **out, const char *sys_path_spec,
                          const char *version, impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || !sys_path_spec)
    return ipg_fail(err, IMPGRAPH_EINVAL,
                    "ipg_probe_static_spec: NULL argument");
  char *copy = strdup(sys_path_spec);
  ipg_vec entries;
  ipg_vec_init(&entries, sizeof(char *));
  int rc = copy ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  for (char *p = copy; !rc && p;) {
    char *colon = strchr(p, ':');
    if (colon)
      *colon = '\0';
    if (*p) {
      char **slot = ipg_vec_push(&entries);
      if (slot)
        *slot = p;
      else
        rc = IMPGRAPH_ENOMEM;
    }
    p = colon ? colon + 1 : NULL;
  }
  if (rc) {
    rc = ipg_fail(err, rc, "out of memory");
  } else {
    ipg_probe_static_options opts = {.sys_path = entries.data,
                                     .sys_path_count = entries.len,
                                     .version = version};
    rc = ipg_probe_static(out, &opts, err);
  }
  ipg_vec_free(&entries);
  free(copy);
  return rc;
}

/* ---- running an interpreter ---- */

/* An absolute path for `name`: joined to the cwd when relative with a
   slash, searched in $PATH when it has none. NULL when not found / ENOMEM;
   *errno_out tells which (0 = not found in PATH). */
static char *locate_interpreter(const char *name, int *errno_out) {
  *errno_out = 0;
  if (strchr(name, '/')) {
    if (name[0] == '/')
      return strdup(name);
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) {
      *errno_out = errno;
      return NULL;
    }
    ipg_buf b;
    ipg_buf_init(&b);
    ipg_buf_printf(&b, "%s/%s", cwd,
                   name[0] == '.' && name[1] == '/' ? name + 2 : name);
    return ipg_buf_take(&b, NULL);
  }
  const char *path = getenv("PATH");
  if (!path)
    path = "/usr/local/bin:/usr/bin:/bin";
  for (const char *p = path;;) {
    const char *colon = strchr(p, ':');
    size_t dir_len = colon ? (size_t)(colon - p) : strlen(p);
    ipg_buf b;
    ipg_buf_init(&b);
    if (dir_len)
      ipg_buf_append(&b, p, dir_len);
    else
      ipg_buf_putc(&b, '.');
    ipg_buf_printf(&b, "/%s", name);
    struct stat st;
    if (!b.failed && stat(b.data, &st) == 0 && S_ISREG(st.st_mode) &&
        access(b.data, X_OK) == 0) {
      char *found = ipg_buf_take(&b, NULL);
      if (found && found[0] != '/') { /* "." or relative PATH element */
        int ignored;
        char *abs = locate_interpreter(found, &ignored);
        free(found);
        return abs;
      }
      return found;
    }
    ipg_buf_free(&b);
    if (!colon)
      return NULL;
    p = colon + 1;
  }
}

static int check_interpreter(const char *name, char **abs,
                             impgraph_error *err) {
  int saved = 0;
  *abs = locate_interpreter(name, &saved);
  if (!*abs) {
    if (!strchr(name, '/') && !saved)
      return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                      "%s: interpreter not found in PATH", name);
    return saved ? ipg_fail(err, IMPGRAPH_EIO, "%s: %s", name, strerror(saved))
                 : ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  struct stat st;
  if (stat(*abs, &st) != 0) {
    int e = errno;
    return ipg_fail(
        err, e == ENOENT || e == ENOTDIR ? IMPGRAPH_ENOTFOUND : IMPGRAPH_EIO,
        "%s: interpreter not found: %s", name, strerror(e));
  }
  if (S_ISDIR(st.st_mode))
    return ipg_fail(err, IMPGRAPH_EIO, "%s: is a directory, not an interpreter",
                    name);
  if (access(*abs, X_OK) != 0)
    return ipg_fail(err, IMPGRAPH_EIO, "%s: not executable: %s", name,
                    strerror(errno));
  return IMPGRAPH_OK;
}

static const char *signal_name(int sig) {
  static const struct {
    int sig;
    const char *name;
  } names[] = {{1, "SIGHUP"},   {2, "SIGINT"},   {3, "SIGQUIT"},
               {4, "SIGILL"},   {5, "SIGTRAP"},  {6, "SIGABRT"},
               {7, "SIGBUS"},   {8, "SIGFPE"},   {9, "SIGKILL"},
               {11, "SIGSEGV"}, {13, "SIGPIPE"}, {15, "SIGTERM"}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].sig == sig)
      return names[i].name;
  return "signal";
}

/* Turns a finished run into a status; on success parses stdout. */
static int interpret_run(ipg_probe **out, const char *name,
                         const ipg_run_result *res, unsigned timeout_ms,
                         impgraph_error *err) {
  char last[320];
  ipg_stderr_summary(res->err, res->err_len, last, sizeof last);
  const char *sep = last[0] ? ": " : "";
  if (res->timed_out)
    return ipg_fail(err, IMPGRAPH_EIO,
                    "%s: timed out after %u.%03u s and was killed%s%s", name,
                    timeout_ms / 1000, timeout_ms % 1000, sep, last);
  if (res->out_overflow)
    return ipg_fail(err, IMPGRAPH_EIO,
                    "%s: printed more than %d bytes and was killed", name,
                    MAX_PROBE_OUTPUT);
  if (res->signaled)
    return ipg_fail(err, IMPGRAPH_EIO, "%s: killed by signal %d (%s)%s%s", name,
                    res->term_signal, signal_name(res->term_signal), sep, last);
  if (res->exited && res->exit_status != 0)
    return ipg_fail(err, IMPGRAPH_EIO, "%s: exited with status %d%s%s", name,
                    res->exit_status, sep, last);
  int rc = ipg_probe_parse(out, res->out, res->out_len, name, err);
  if (rc == IMPGRAPH_EIO && last[0] && err) {
    /* Append stderr's verdict when the output alone says too little. */
    size_t used = strlen(err->message);
    snprintf(err->message + used, sizeof err->message - used, "; stderr: %s",
             last);
  }
  return rc;
}

static int run_probe(ipg_probe **out, const char *name, const char *abs,
                     unsigned timeout_ms, char **output, size_t *output_len,
                     impgraph_error *err) {
  char *argv[] = {(char *)abs, (char *)"-B", (char *)"-c",
                  (char *)ipg_probe_script(), NULL};
  ipg_run_result res;
  int rc =
      ipg_run_capture(&res, name, abs, argv, timeout_ms, MAX_PROBE_OUTPUT, err);
  if (rc)
    return rc;
  rc = interpret_run(out, name, &res, timeout_ms, err);
  if (!rc) {
    *output = res.out;
    *output_len = res.out_len;
    res.out = NULL;
  }
  ipg_run_result_free(&res);
  return rc;
}

/* Returns a cached probe when there is a valid one. */
static ipg_probe *from_cache(const char *cache_dir, const char *key,
                             const char *name, const char *abs) {
  size_t len = 0;
  char *text = ipg_probe_cache_load(cache_dir, key, &len);
  if (!text)
    return NULL;
  ipg_probe *probe = NULL;
  if (ipg_probe_parse(&probe, text, len, name, NULL) == IMPGRAPH_OK) {
    probe_impl *impl = (probe_impl *)probe;
    probe->from_cache = true;
    probe->interpreter = ipg_arena_strdup(&impl->arena, abs);
    if (!probe->interpreter) {
      ipg_probe_free(probe);
      probe = NULL;
    }
  }
  free(text);
  return probe;
}

int ipg_probe_run(ipg_probe **out, const char *interpreter,
                  const ipg_probe_options *opts, impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || !interpreter || !*interpreter)
    return ipg_fail(err, IMPGRAPH_EINVAL, "ipg_probe_run: no interpreter");
  ipg_probe_options defaults = {0};
  if (!opts)
    opts = &defaults;
  unsigned timeout_ms =
      opts->timeout_ms ? opts->timeout_ms : IPG_PROBE_DEFAULT_TIMEOUT_MS;

  char *abs = NULL, *key = NULL, *cache_dir = NULL, *output = NULL;
  size_t output_len = 0;
  int rc = check_interpreter(interpreter, &abs, err);
  if (!rc && !opts->no_cache && !(opts->cache_dir && !*opts->cache_dir)) {
    cache_dir = opts->cache_dir ? strdup(opts->cache_dir)
                                : ipg_probe_cache_default_dir();
    if (cache_dir && !ipg_probe_cache_key(abs, &key))
      key = NULL;
  }
  if (!rc && key && !opts->refresh_cache)
    *out = from_cache(cache_dir, key, interpreter, abs);
  if (!rc && !*out) {
    rc =
        run_probe(out, interpreter, abs, timeout_ms, &output, &output_len, err);
    if (!rc) {
      probe_impl *impl = (probe_impl *)*out;
      (*out)->interpreter = ipg_arena_strdup(&impl->arena, abs);
      if (!(*out)->interpreter) {
        ipg_probe_free(*out);
        *out = NULL;
        rc = ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
      }
    }
    if (!rc && key)
      ipg_probe_cache_store(cache_dir, key, *out, output, output_len);
  }
  free(output);
  free(key);
  free(cache_dir);
  free(abs);
  if (!rc)
    ipg_ok(err);
  return rc;
}
