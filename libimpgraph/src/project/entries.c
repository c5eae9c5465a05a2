/* Console scripts: a minimal reader of pyproject.toml's `[project.scripts]`
 * (and Poetry's `[tool.poetry.scripts]`, and `scripts = {...}` inline in
 * `[project]`), and of installed distributions' entry_points.txt
 * `[console_scripts]` / `[gui_scripts]`.
 *
 * The TOML reader understands what these tables hold: bare and quoted keys,
 * basic and literal strings, comments, inline tables on one line. It skips
 * multi-line strings and arrays; anything else it does not understand is
 * skipped, never an error.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project/project.h"

static const char *skip_ws(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

static bool bare_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

/* A basic ("...", with escapes) or literal ('...') string. */
static bool parse_string(const char **pp, const char *end, ipg_buf *out) {
  const char *p = *pp;
  if (p >= end || (*p != '"' && *p != '\''))
    return false;
  char quote = *p++;
  while (p < end && *p != quote) {
    if (quote == '"' && *p == '\\' && p + 1 < end) {
      char c = p[1];
      ipg_buf_putc(out, c == 'n' ? '\n' : c == 't' ? '\t' : c);
      p += 2;
      continue;
    }
    ipg_buf_putc(out, *p++);
  }
  if (p >= end)
    return false;
  *pp = p + 1;
  return !out->failed;
}

/* A possibly dotted key; segments joined with '.'. */
static bool parse_key(const char **pp, const char *end, ipg_buf *out) {
  const char *p = *pp;
  for (;;) {
    p = skip_ws(p, end);
    if (p < end && (*p == '"' || *p == '\'')) {
      if (!parse_string(&p, end, out))
        return false;
    } else {
      const char *start = p;
      while (p < end && bare_key_char(*p))
        p++;
      if (p == start)
        return false;
      ipg_buf_append(out, start, (size_t)(p - start));
    }
    p = skip_ws(p, end);
    if (p < end && *p == '.') {
      ipg_buf_putc(out, '.');
      p++;
      continue;
    }
    *pp = p;
    return !out->failed;
  }
}

static bool buf_is(const ipg_buf *b, const char *s) {
  return b->data && strcmp(b->data, s) == 0;
}

static size_t count_triple_quotes(const char *p, const char *end) {
  size_t n = 0;
  for (; p + 2 < end; p++)
    if ((p[0] == '"' && p[1] == '"' && p[2] == '"') ||
        (p[0] == '\'' && p[1] == '\'' && p[2] == '\'')) {
      n++;
      p += 2;
    }
  return n;
}

/* `{ a = "x", "b-c" = 'y' }`: the value of `name`. */
static const char *inline_table_value(ipg_arena *arena, const char *p, const char *end,
                                      const char *name) {
  if (p >= end || *p != '{')
    return NULL;
  p++;
  const char *found = NULL;
  while (!found) {
    ipg_buf key, value;
    ipg_buf_init(&key);
    ipg_buf_init(&value);
    p = skip_ws(p, end);
    bool ok = parse_key(&p, end, &key);
    p = skip_ws(p, end);
    ok = ok && p < end && *p == '=';
    if (ok)
      p = skip_ws(p + 1, end);
    ok = ok && parse_string(&p, end, &value);
    if (ok && buf_is(&key, name))
      found = ipg_arena_strdup(arena, value.data ? value.data : "");
    ipg_buf_free(&key);
    ipg_buf_free(&value);
    p = skip_ws(p, end);
    if (!ok || p >= end || *p != ',')
      break;
    p++;
  }
  return found;
}

/* Calls `visit` for every `key = value` line of the TOML text with the
   table it is in; stops at the first non-NULL result. `value` points at the
   value's text (after `=` and blanks), `line_end` ends its line. */
typedef const char *(*toml_visit)(const ipg_buf *table, const ipg_buf *key, const char *value,
                                  const char *line_end, void *ctx);

static const char *toml_scan(const char *text, size_t len, toml_visit visit, void *ctx) {
  const char *p = text, *end = text + len;
  ipg_buf table;
  ipg_buf_init(&table);
  bool in_multiline = false;
  const char *found = NULL;
  while (p < end && !found) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = nl ? nl : end;
    const char *line = skip_ws(p, line_end);
    p = nl ? nl + 1 : end;
    bool toggles = count_triple_quotes(line, line_end) % 2 == 1;
    if (in_multiline) {
      in_multiline = !toggles;
      continue;
    }
    if (toggles) {
      in_multiline = true;
      continue;
    }
    if (line >= line_end || *line == '#')
      continue;
    if (*line == '[') {
      table.len = 0;
      if (table.data)
        table.data[0] = '\0';
      const char *q = line + 1;
      if (q < line_end && *q == '[')
        ipg_buf_puts(&table, "[[array]]");
      else if (!parse_key(&q, line_end, &table))
        ipg_buf_puts(&table, "[[unknown]]");
      continue;
    }
    ipg_buf key;
    ipg_buf_init(&key);
    const char *q = line;
    if (parse_key(&q, line_end, &key)) {
      q = skip_ws(q, line_end);
      if (q < line_end && *q == '=')
        found = visit(&table, &key, skip_ws(q + 1, line_end), line_end, ctx);
    }
    ipg_buf_free(&key);
  }
  ipg_buf_free(&table);
  return found;
}

typedef struct lookup_ctx {
  ipg_arena *arena;
  const char *table; /* a string value of `key` in this table */
  const char *key;
  const char *script; /* or: console script `script` */
} lookup_ctx;

static const char *string_value(ipg_arena *arena, const char *q, const char *line_end) {
  ipg_buf value;
  ipg_buf_init(&value);
  const char *found = NULL;
  if (parse_string(&q, line_end, &value))
    found = ipg_arena_strdup(arena, value.data ? value.data : "");
  ipg_buf_free(&value);
  return found;
}

static const char *visit_lookup(const ipg_buf *table, const ipg_buf *key, const char *q,
                                const char *line_end, void *ctx) {
  const lookup_ctx *c = ctx;
  if (!c->script)
    return buf_is(table, c->table) && buf_is(key, c->key) ? string_value(c->arena, q, line_end)
                                                          : NULL;
  if ((buf_is(table, "project.scripts") || buf_is(table, "tool.poetry.scripts")) &&
      buf_is(key, c->script))
    return string_value(c->arena, q, line_end);
  if (buf_is(table, "project") && buf_is(key, "scripts"))
    return inline_table_value(c->arena, q, line_end, c->script);
  return NULL;
}

/* Collects the console script names of the two script tables into a
   ", "-separated list (for messages); never stops the scan. */
static const char *visit_list(const ipg_buf *table, const ipg_buf *key, const char *q,
                              const char *line_end, void *ctx) {
  (void)q;
  (void)line_end;
  ipg_buf *list = ctx;
  if (buf_is(table, "project.scripts") || buf_is(table, "tool.poetry.scripts")) {
    if (list->len)
      ipg_buf_puts(list, ", ");
    ipg_buf_append(list, key->data ? key->data : "", key->len);
  }
  return NULL;
}

const char *ipg_pyproject_script(ipg_arena *arena, const char *text, size_t len, const char *name) {
  lookup_ctx ctx = {arena, NULL, NULL, name};
  return toml_scan(text, len, visit_lookup, &ctx);
}

const char *ipg_pyproject_string(ipg_arena *arena, const char *text, size_t len,
                                 const char *table, const char *key) {
  lookup_ctx ctx = {arena, table, key, NULL};
  return toml_scan(text, len, visit_lookup, &ctx);
}

static const char *trim(const char *p, const char *end, size_t *len) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
    p++;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
    end--;
  *len = (size_t)(end - p);
  return p;
}

const char *ipg_entry_points_script(ipg_arena *arena, const char *text, size_t len,
                                    const char *name) {
  const char *p = text, *end = text + len;
  bool in_scripts = false;
  size_t name_len = strlen(name);
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = nl ? nl : end;
    size_t n;
    const char *line = trim(p, line_end, &n);
    p = nl ? nl + 1 : end;
    if (!n || *line == '#' || *line == ';')
      continue;
    if (*line == '[') {
      size_t sn;
      const char *section = trim(line + 1, line + n - (line[n - 1] == ']'), &sn);
      in_scripts = (sn == 15 && strncmp(section, "console_scripts", 15) == 0) ||
                   (sn == 11 && strncmp(section, "gui_scripts", 11) == 0);
      continue;
    }
    const char *eq = memchr(line, '=', n);
    if (!in_scripts || !eq)
      continue;
    size_t key_len, value_len;
    const char *key = trim(line, eq, &key_len);
    const char *value = trim(eq + 1, line + n, &value_len);
    if (key_len == name_len && strncmp(key, name, name_len) == 0)
      return ipg_arena_strndup(arena, value, value_len);
  }
  return NULL;
}

void ipg_split_entry_point(ipg_arena *arena, const char *value, const char **module,
                           const char **function) {
  *module = *function = NULL;
  const char *end = value + strlen(value);
  const char *extras = strchr(value, '[');
  if (extras)
    end = extras;
  const char *colon = memchr(value, ':', (size_t)(end - value));
  size_t len;
  const char *m = trim(value, colon ? colon : end, &len);
  if (len)
    *module = ipg_arena_strndup(arena, m, len);
  if (colon) {
    const char *f = trim(colon + 1, end, &len);
    if (len)
      *function = ipg_arena_strndup(arena, f, len);
  }
}

static const char *script_in_file(ipg_arena *arena, const char *path, bool toml, const char *name) {
  char *text = NULL;
  size_t len = 0;
  if (ipg_read_file(path, &text, &len, NULL))
    return NULL;
  const char *value = toml ? ipg_pyproject_script(arena, text, len, name)
                           : ipg_entry_points_script(arena, text, len, name);
  free(text);
  return value;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool metadata_dir(const char *name) {
  size_t len = strlen(name);
  return (len > 10 && strcmp(name + len - 10, ".dist-info") == 0) ||
         (len > 9 && strcmp(name + len - 9, ".egg-info") == 0);
}

/* The installed distributions of one sys.path directory, in name order. */
static int search_site_dir(const char **value, const char **where, ipg_arena *arena,
                           const char *dir, const char *name) {
  DIR *d = opendir(dir);
  if (!d)
    return IMPGRAPH_OK;
  ipg_vec dists;
  ipg_vec_init(&dists, sizeof(const char *));
  struct dirent *de;
  int rc = IMPGRAPH_OK;
  while (!rc && (de = readdir(d))) {
    if (!metadata_dir(de->d_name))
      continue;
    const char **slot = ipg_vec_push(&dists);
    if (!slot || !(*slot = ipg_arena_strdup(arena, de->d_name)))
      rc = IMPGRAPH_ENOMEM;
  }
  closedir(d);
  if (dists.len)
    qsort(dists.data, dists.len, sizeof(const char *), cmp_str);
  for (size_t i = 0; !rc && !*value && i < dists.len; i++) {
    const char *dist = *(const char **)ipg_vec_at(&dists, i);
    char *path = ipg_arena_printf(arena, "%s/%s/entry_points.txt", dir, dist);
    if (!path) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
    if ((*value = script_in_file(arena, path, false, name)))
      *where = path;
  }
  ipg_vec_free(&dists);
  return rc;
}

int ipg_console_script_find(const char **value, const char **where, ipg_arena *arena,
                            const ipg_graph_root *roots, size_t root_count, const ipg_probe *probe,
                            const char *name) {
  *value = *where = NULL;
  for (size_t i = 0; i < root_count && !*value; i++) {
    if (!roots[i].pyproject)
      continue;
    if ((*value = script_in_file(arena, roots[i].pyproject, true, name)))
      *where = roots[i].pyproject;
  }
  for (size_t i = 0; i < probe->sys_path.count && !*value; i++) {
    const char *dir = probe->sys_path.items[i];
    int rc = search_site_dir(value, where, arena, *dir ? dir : ".", name);
    if (rc)
      return rc;
  }
  return IMPGRAPH_OK;
}

int impgraph_pyproject_console_script(const char *pyproject, const char *name, char **entry,
                                      impgraph_error *err) {
  if (entry)
    *entry = NULL;
  if (!pyproject || !name || !entry)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_pyproject_console_script: NULL argument");
  char *text = NULL;
  size_t len = 0;
  int rc = ipg_read_file(pyproject, &text, &len, err);
  if (rc)
    return rc;
  ipg_arena arena;
  ipg_arena_init(&arena);
  const char *value = ipg_pyproject_script(&arena, text, len, name);
  const char *module = NULL, *function = NULL;
  if (value)
    ipg_split_entry_point(&arena, value, &module, &function);
  if (!module) {
    ipg_buf list;
    ipg_buf_init(&list);
    toml_scan(text, len, visit_list, &list);
    free(text);
    ipg_arena_free(&arena);
    rc = ipg_fail(err, list.failed ? IMPGRAPH_ENOMEM : IMPGRAPH_ENOTFOUND,
                  "%s: console script '%s' is not in [project.scripts] or "
                  "[tool.poetry.scripts] (%s%s)",
                  pyproject, name, list.len ? "it has: " : "it declares none",
                  list.len ? list.data : "");
    ipg_buf_free(&list);
    return rc;
  }
  free(text);
  size_t need = strlen(module) + (function ? strlen(function) + 1 : 0) + 1;
  char *out = malloc(need);
  if (out)
    snprintf(out, need, "%s%s%s", module, function ? ":" : "", function ? function : "");
  ipg_arena_free(&arena);
  if (!out)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  *entry = out;
  ipg_ok(err);
  return IMPGRAPH_OK;
}
