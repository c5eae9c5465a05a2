/* setuptools (>= 64) editable installs: a site-packages .pth line
   `import __editable___<dist>_finder; ...install()` installs a meta path
   finder (appended after PathFinder) whose module holds literals
       MAPPING = {'pkg': '/abs/src/pkg', ...}
       NAMESPACES = {'ns': ['/abs/ns'], ...}
       PATH_PLACEHOLDER = '__editable__.dist.finder' + ".__path_hook__"
   (newer versions annotate them: `MAPPING: dict[str, str] = {...}`). This
   file reads those literals without running Python. */
#include <ctype.h>
#include <string.h>

#include "resolve/resolve_internal.h"

#define FINDER_PREFIX "__editable___"
#define FINDER_SUFFIX "_finder"

/* ---- a tiny reader for Python string/list/dict literals ---- */

typedef ipg_literal_cursor cursor;

static void skip_space(cursor *c) {
  while (c->p < c->end) {
    char ch = *c->p;
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
      c->p++;
    } else if (ch == '\\' && c->p + 1 < c->end && c->p[1] == '\n') {
      c->p += 2;
    } else if (ch == '#') {
      while (c->p < c->end && *c->p != '\n')
        c->p++;
    } else {
      return;
    }
  }
}

static bool accept(cursor *c, char ch) {
  skip_space(c);
  if (c->p < c->end && *c->p == ch) {
    c->p++;
    return true;
  }
  return false;
}

static int hex_value(char ch) {
  if (ch >= '0' && ch <= '9')
    return ch - '0';
  if (ch >= 'a' && ch <= 'f')
    return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F')
    return ch - 'A' + 10;
  return -1;
}

/* Appends code point cp as UTF-8. Lone surrogates U+DC80..U+DCFF are the
   surrogateescape form of undecodable path bytes: they become those bytes. */
static void put_code_point(ipg_buf *b, unsigned long cp) {
  if (cp >= 0xdc80 && cp <= 0xdcff) {
    ipg_buf_putc(b, (char)(cp - 0xdc00));
  } else if (cp < 0x80) {
    ipg_buf_putc(b, (char)cp);
  } else if (cp < 0x800) {
    ipg_buf_putc(b, (char)(0xc0 | cp >> 6));
    ipg_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    ipg_buf_putc(b, (char)(0xe0 | cp >> 12));
    ipg_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
    ipg_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
  } else {
    ipg_buf_putc(b, (char)(0xf0 | cp >> 18));
    ipg_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
    ipg_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
    ipg_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
  }
}

/* One escape sequence after the backslash; false when unsupported. */
static bool read_escape(cursor *c, ipg_buf *b) {
  if (c->p >= c->end)
    return false;
  char ch = *c->p++;
  const char *simple = "\\\\''\"\"n\nt\tr\ra\ab\bf\fv\v";
  for (const char *s = simple; *s; s += 2)
    if (ch == s[0]) {
      ipg_buf_putc(b, s[1]);
      return true;
    }
  if (ch == '\n')
    return true; /* line continuation inside the string */
  if (ch >= '0' && ch <= '7') {
    unsigned value = (unsigned)(ch - '0');
    for (int i = 0; i < 2 && c->p < c->end && *c->p >= '0' && *c->p <= '7'; i++)
      value = value * 8 + (unsigned)(*c->p++ - '0');
    put_code_point(b, value);
    return true;
  }
  int digits = ch == 'x' ? 2 : ch == 'u' ? 4 : ch == 'U' ? 8 : 0;
  if (!digits || c->end - c->p < digits)
    return false;
  unsigned long cp = 0;
  for (int i = 0; i < digits; i++) {
    int v = hex_value(*c->p++);
    if (v < 0)
      return false;
    cp = cp * 16 + (unsigned long)v;
  }
  if (cp > 0x10ffff)
    return false;
  put_code_point(b, cp);
  return true;
}

/* One string literal (prefixes r/u, any quote style) appended to b. */
static bool read_one_string(cursor *c, ipg_buf *b) {
  skip_space(c);
  bool raw = false;
  while (c->p < c->end && strchr("rRuU", *c->p) && *c->p) {
    raw = raw || *c->p == 'r' || *c->p == 'R';
    c->p++;
  }
  if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
    return false;
  char quote = *c->p;
  bool triple = c->end - c->p >= 3 && c->p[1] == quote && c->p[2] == quote;
  c->p += triple ? 3 : 1;
  for (;;) {
    if (c->p >= c->end)
      return false;
    char ch = *c->p;
    if (ch == quote && (!triple || (c->end - c->p >= 3 && c->p[1] == quote &&
                                    c->p[2] == quote))) {
      c->p += triple ? 3 : 1;
      return true;
    }
    if (ch == '\n' && !triple)
      return false;
    c->p++;
    if (ch == '\\' && !raw) {
      if (!read_escape(c, b))
        return false;
    } else if (ch == '\\' && c->p < c->end) {
      ipg_buf_putc(b, ch); /* raw: the backslash stays, quote is literal */
      ipg_buf_putc(b, *c->p++);
    } else {
      ipg_buf_putc(b, ch);
    }
  }
}

static bool starts_string(cursor *c) {
  skip_space(c);
  const char *p = c->p;
  while (p < c->end && *p && strchr("rRuU", *p))
    p++;
  return p < c->end && (*p == '\'' || *p == '"');
}

/* A string expression: adjacent literals and `+` concatenation. */
static const char *read_string(cursor *c) {
  ipg_buf b;
  ipg_buf_init(&b);
  bool ok = read_one_string(c, &b);
  while (ok) {
    if (starts_string(c))
      ok = read_one_string(c, &b);
    else if (accept(c, '+'))
      ok = read_one_string(c, &b);
    else
      break;
  }
  if (!ok || b.failed) {
    c->failed_alloc = c->failed_alloc || b.failed;
    ipg_buf_free(&b);
    return NULL;
  }
  const char *s = ipg_arena_strndup(c->arena, b.data ? b.data : "", b.len);
  if (!s)
    c->failed_alloc = true;
  ipg_buf_free(&b);
  return s;
}

void ipg_literal_skip_space(ipg_literal_cursor *c) { skip_space(c); }
bool ipg_literal_accept(ipg_literal_cursor *c, char ch) { return accept(c, ch); }
bool ipg_literal_starts_string(ipg_literal_cursor *c) { return starts_string(c); }
const char *ipg_literal_string(ipg_literal_cursor *c) { return read_string(c); }

/* A list (or tuple) of strings into an arena array. */
static bool read_string_list(cursor *c, const char ***items, size_t *count) {
  char close = accept(c, '[') ? ']' : accept(c, '(') ? ')' : 0;
  if (!close)
    return false;
  ipg_vec v;
  ipg_vec_init(&v, sizeof(const char *));
  bool ok = true;
  while (ok && !accept(c, close)) {
    const char *s = read_string(c);
    const char **slot = s ? ipg_vec_push(&v) : NULL;
    if (!slot) {
      c->failed_alloc = c->failed_alloc || s;
      ok = false;
      break;
    }
    *slot = s;
    if (!accept(c, ',')) {
      ok = accept(c, close);
      break;
    }
  }
  if (ok) {
    *count = v.len;
    *items = ipg_arena_alloc(c->arena, (v.len ? v.len : 1) * sizeof **items);
    if (*items && v.len)
      memcpy(*items, v.data, v.len * sizeof **items);
    ok = *items != NULL;
    c->failed_alloc = c->failed_alloc || !ok;
  }
  ipg_vec_free(&v);
  return ok;
}

/* Where `NAME = ` / `NAME: annotation = ` starts a line: the text after the
   '='. NULL when absent. */
static const char *find_assignment(const char *text, size_t len,
                                   const char *name) {
  size_t name_len = strlen(name);
  const char *end = text + len;
  for (const char *line = text; line < end;) {
    const char *nl = memchr(line, '\n', (size_t)(end - line));
    const char *line_end = nl ? nl : end;
    if ((size_t)(line_end - line) > name_len &&
        memcmp(line, name, name_len) == 0 && strchr(" \t:=", line[name_len])) {
      for (const char *p = line + name_len; p < line_end; p++)
        if (*p == '=' && (p + 1 >= end || p[1] != '='))
          return p + 1;
    }
    line = nl ? nl + 1 : end;
  }
  return NULL;
}

static bool parse_mapping(cursor *c, ipg_editable_finder *out) {
  if (!accept(c, '{'))
    return false;
  ipg_vec names, paths;
  ipg_vec_init(&names, sizeof(const char *));
  ipg_vec_init(&paths, sizeof(const char *));
  bool ok = true;
  while (ok && !accept(c, '}')) {
    const char *key = read_string(c);
    const char *value = key && accept(c, ':') ? read_string(c) : NULL;
    const char **k = value ? ipg_vec_push(&names) : NULL;
    const char **v = k ? ipg_vec_push(&paths) : NULL;
    if (!v) {
      ok = false;
      break;
    }
    *k = key;
    *v = value;
    if (!accept(c, ',')) {
      ok = accept(c, '}');
      break;
    }
  }
  size_t n = names.len;
  if (ok) {
    out->mapping_names =
        ipg_arena_alloc(c->arena, (n ? n : 1) * sizeof(char *));
    out->mapping_paths =
        ipg_arena_alloc(c->arena, (n ? n : 1) * sizeof(char *));
    ok = out->mapping_names && out->mapping_paths;
    c->failed_alloc = c->failed_alloc || !ok;
  }
  if (ok && n) {
    memcpy(out->mapping_names, names.data, n * sizeof(char *));
    memcpy(out->mapping_paths, paths.data, n * sizeof(char *));
  }
  out->mapping_count = ok ? n : 0;
  ipg_vec_free(&names);
  ipg_vec_free(&paths);
  return ok;
}

static bool parse_namespaces(cursor *c, ipg_editable_finder *out) {
  if (!accept(c, '{'))
    return false;
  ipg_vec spaces;
  ipg_vec_init(&spaces, sizeof(ipg_editable_namespace));
  bool ok = true;
  while (ok && !accept(c, '}')) {
    ipg_editable_namespace ns = {0};
    ns.name = read_string(c);
    ok = ns.name && accept(c, ':') &&
         read_string_list(c, &ns.paths, &ns.path_count);
    ipg_editable_namespace *slot = ok ? ipg_vec_push(&spaces) : NULL;
    if (!slot) {
      ok = false;
      break;
    }
    *slot = ns;
    if (!accept(c, ',')) {
      ok = accept(c, '}');
      break;
    }
  }
  if (ok && spaces.len) {
    out->namespaces =
        ipg_arena_alloc(c->arena, spaces.len * sizeof *out->namespaces);
    ok = out->namespaces != NULL;
    c->failed_alloc = c->failed_alloc || !ok;
    if (ok)
      memcpy(out->namespaces, spaces.data,
             spaces.len * sizeof *out->namespaces);
  }
  out->namespace_count = ok ? spaces.len : 0;
  ipg_vec_free(&spaces);
  return ok;
}

int ipg_editable_parse(ipg_editable_finder *out, ipg_arena *arena,
                       const char *text, size_t len) {
  memset(out, 0, sizeof *out);
  const char *end = text + len;
  const char *at = find_assignment(text, len, "MAPPING");
  cursor c = {.p = at, .end = end, .arena = arena};
  if (!at || !parse_mapping(&c, out))
    return c.failed_alloc ? IMPGRAPH_ENOMEM : IMPGRAPH_ENOTFOUND;
  at = find_assignment(text, len, "NAMESPACES");
  c.p = at;
  if (at && !parse_namespaces(&c, out) && c.failed_alloc)
    return IMPGRAPH_ENOMEM;
  at = find_assignment(text, len, "PATH_PLACEHOLDER");
  c.p = at;
  if (at)
    out->path_placeholder = read_string(&c);
  return c.failed_alloc ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
}

/* ---- .pth files ---- */

static bool is_ident_char(char ch) {
  return isalnum((unsigned char)ch) || ch == '_';
}

/* site.addpackage() executes lines that start with "import " or
   "import\t"; collect the finder modules such lines import. */
int ipg_pth_editable_modules(ipg_vec *modules, ipg_arena *arena,
                             const char *text, size_t len) {
  const char *end = text + len;
  for (const char *line = text; line < end;) {
    const char *nl = memchr(line, '\n', (size_t)(end - line));
    const char *line_end = nl ? nl : end;
    bool executed = line_end - line > 7 && memcmp(line, "import", 6) == 0 &&
                    (line[6] == ' ' || line[6] == '\t');
    for (const char *p = line; executed && p + 6 < line_end; p++) {
      if (memcmp(p, "import", 6) != 0 || (p > line && is_ident_char(p[-1])) ||
          (p[6] != ' ' && p[6] != '\t'))
        continue;
      const char *name = p + 6;
      while (name < line_end && (*name == ' ' || *name == '\t'))
        name++;
      const char *name_end = name;
      while (name_end < line_end && is_ident_char(*name_end))
        name_end++;
      size_t n = (size_t)(name_end - name);
      size_t pre = strlen(FINDER_PREFIX), suf = strlen(FINDER_SUFFIX);
      if (n > pre + suf && memcmp(name, FINDER_PREFIX, pre) == 0 &&
          memcmp(name_end - suf, FINDER_SUFFIX, suf) == 0) {
        char *copy = ipg_arena_strndup(arena, name, n);
        const char **slot = copy ? ipg_vec_push(modules) : NULL;
        if (!slot)
          return IMPGRAPH_ENOMEM;
        *slot = copy;
      }
      p = name_end - 1;
    }
    line = nl ? nl + 1 : end;
  }
  return IMPGRAPH_OK;
}
