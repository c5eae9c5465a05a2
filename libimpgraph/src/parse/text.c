/* Text helpers of the extraction: ranges, dotted names, keywords, the PEP 810
 * `lazy` soft keyword. */
#include <string.h>

#include "parse/extract.h"

/* 1: may start an identifier (ASCII letter, `_`, any non-ASCII byte, since
 * Python identifiers may hold any XID character); 2: digit (continues one). */
#define L1 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
const uint8_t ipg_ident_class[256] = {
    0,  0,  0,  0,  0,  0,  0,  0,  0, 0, 0, 0, 0, 0, 0, 0, /* 0x00 */
    0,  0,  0,  0,  0,  0,  0,  0,  0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
    0,  0,  0,  0,  0,  0,  0,  0,  0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 */
    2,  2,  2,  2,  2,  2,  2,  2,  2, 2, 0, 0, 0, 0, 0, 0, /* 0x30 digits */
    0,  1,  1,  1,  1,  1,  1,  1,  1, 1, 1, 1, 1, 1, 1, 1, /* 0x40 @ A-O */
    1,  1,  1,  1,  1,  1,  1,  1,  1, 1, 1, 0, 0, 0, 0, 1, /* 0x50 P-Z _ */
    0,  1,  1,  1,  1,  1,  1,  1,  1, 1, 1, 1, 1, 1, 1, 1, /* 0x60 ` a-o */
    1,  1,  1,  1,  1,  1,  1,  1,  1, 1, 1, 0, 0, 0, 0, 0, /* 0x70 p-z */
    L1, L1, L1, L1, L1, L1, L1, L1,                         /* 0x80-0xFF */
};
#undef L1

static uint32_t point_line(TSPoint p) {
  return p.row + 1;
}
static uint32_t point_column(TSPoint p) {
  return p.column + 1;
}

impgraph_range ipg_range_bytes(const ipg_walker *w, uint32_t start, TSPoint start_point,
                               uint32_t end, TSPoint end_point) {
  impgraph_range r;
  r.start_byte = start + w->delta;
  r.end_byte = end + w->delta;
  r.start_line = point_line(start_point);
  r.start_column = point_column(start_point);
  r.end_line = point_line(end_point);
  r.end_column = point_column(end_point);
  return r;
}

impgraph_range ipg_range_of(const ipg_walker *w, TSNode node) {
  return ipg_range_bytes(w, ts_node_start_byte(node), ts_node_start_point(node),
                         ts_node_end_byte(node), ts_node_end_point(node));
}

TSPoint ipg_advance_point(const ipg_walker *w, uint32_t from, TSPoint from_point, uint32_t to) {
  TSPoint p = from_point;
  for (uint32_t i = from; i < to && i < w->len; i++) {
    if (w->text[i] == '\n') {
      p.row++;
      p.column = 0;
    } else {
      p.column++;
    }
  }
  return p;
}

bool ipg_text_eq(const ipg_walker *w, TSNode node, const char *s) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  size_t n = strlen(s);
  return end - start == n && end <= w->len && memcmp(w->text + start, s, n) == 0;
}

const char *ipg_strndup(ipg_walker *w, const char *s, size_t n) {
  char *copy = ipg_arena_strndup(&w->scan->arena, s, n);
  if (!copy && !w->rc)
    w->rc = IMPGRAPH_ENOMEM;
  return copy;
}

/* True for bytes that never belong to a dotted name's spelling. */
static bool is_filler(char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == '\n' || c == '\\' || c == '#';
}

const char *ipg_dotted_text(ipg_walker *w, uint32_t start, uint32_t end) {
  if (end > w->len || start > end)
    return ipg_strndup(w, "", 0);
  const char *s = w->text + start;
  size_t n = end - start, i = 0;
  while (i < n && !is_filler(s[i]))
    i++;
  if (i == n)
    return ipg_strndup(w, s, n);
  /* Rare: `a . b`, `a.\` continuations or comments inside parentheses. */
  char *out = ipg_arena_alloc(&w->scan->arena, n + 1);
  if (!out) {
    w->rc = IMPGRAPH_ENOMEM;
    return NULL;
  }
  size_t o = 0;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c == '#') {
      while (i + 1 < n && s[i + 1] != '\n')
        i++;
    } else if (!is_filler(c)) {
      out[o++] = c;
    }
  }
  out[o] = '\0';
  return out;
}

size_t ipg_utf8_cut(const char *s, size_t n, size_t max) {
  if (n <= max)
    return n;
  size_t cut = max;
  /* Back off over continuation bytes to the lead byte of the sequence that
   * `max` splits. */
  while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
    cut--;
  return cut;
}

size_t ipg_compact_text(const ipg_walker *w, uint32_t start, uint32_t end, char *out, size_t size) {
  size_t o = 0;
  if (end > w->len || start > end)
    end = start;
  for (uint32_t i = start; i < end && o + 1 < size; i++) {
    char c = w->text[i];
    if (c == '#')
      while (i + 1 < end && w->text[i + 1] != '\n')
        i++;
    else if (!is_filler(c))
      out[o++] = c;
  }
  out[o] = '\0';
  return o;
}

uint32_t ipg_identifier_length(const ipg_walker *w, uint32_t at) {
  if (at >= w->len || ipg_ident_class[(unsigned char)w->text[at]] != 1)
    return 0;
  uint32_t end = at + 1;
  while (end < w->len && ipg_ident_class[(unsigned char)w->text[end]])
    end++;
  return end - at;
}

const char *ipg_chain_text(ipg_walker *w, uint32_t start, uint32_t end) {
  if (end > w->len || start > end)
    return ipg_strndup(w, "", 0);
  const char *s = w->text;
  char *out = ipg_arena_alloc(&w->scan->arena, end - start + 1);
  if (!out) {
    w->rc = IMPGRAPH_ENOMEM;
    return NULL;
  }
  /* name ( . name )*, with fillers between the parts; anything else (error
   * recovery can put any token inside an attribute node) ends the chain. */
  size_t o = 0;
  uint32_t i = start;
  bool want_name = true;
  while (i < end) {
    char c = s[i];
    if (c == '#') {
      while (i < end && s[i] != '\n')
        i++;
    } else if (is_filler(c)) {
      i++;
    } else if (want_name && ipg_ident_class[(unsigned char)c] == 1) {
      while (i < end && ipg_ident_class[(unsigned char)s[i]])
        out[o++] = s[i++];
      want_name = false;
    } else if (!want_name && c == '.') {
      out[o++] = c;
      i++;
      want_name = true;
    } else {
      break;
    }
  }
  if (o > 0 && out[o - 1] == '.')
    o--;
  out[o] = '\0';
  return out;
}

bool ipg_is_keyword(const char *s, size_t n) {
  static const char *const keywords[] = {
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
  if (n < 2 || n > 8)
    return false;
  for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
    if (strlen(keywords[i]) == n && memcmp(keywords[i], s, n) == 0)
      return true;
  return false;
}

uint32_t ipg_skip_blanks(const char *text, size_t len, uint32_t at) {
  while (at < len) {
    char c = text[at];
    if (c == ' ' || c == '\t' || c == '\f') {
      at++;
    } else if (c == '\\' && at + 1 < len && text[at + 1] == '\n') {
      at += 2;
    } else if (c == '\\' && at + 2 < len && text[at + 1] == '\r' && text[at + 2] == '\n') {
      at += 3;
    } else {
      break;
    }
  }
  return at;
}

static bool keyword_at(const char *text, size_t len, uint32_t at, const char *kw) {
  size_t n = strlen(kw);
  return at + n <= len && memcmp(text + at, kw, n) == 0 &&
         (at + n == len || !ipg_ident_class[(unsigned char)text[at + n]]);
}

bool ipg_definition_name(const ipg_walker *w, TSNode node, TSFieldId name_field, uint32_t *start,
                         uint32_t *len) {
  /* Read from the text, `[async] def NAME` / `class NAME`: a child lookup
   * costs more than the rest of entering a definition. */
  uint32_t at = ts_node_start_byte(node);
  if (keyword_at(w->text, w->len, at, "async"))
    at = ipg_skip_blanks(w->text, w->len, at + 5);
  uint32_t keyword = keyword_at(w->text, w->len, at, "def")     ? 3
                     : keyword_at(w->text, w->len, at, "class") ? 5
                                                                : 0;
  if (keyword) {
    at = ipg_skip_blanks(w->text, w->len, at + keyword);
    uint32_t n = ipg_identifier_length(w, at);
    if (n && at + n <= ts_node_end_byte(node) && !ipg_is_keyword(w->text + at, n)) {
      *start = at;
      *len = n;
      return true;
    }
  }
  TSNode name = ts_node_child_by_field_id(node, name_field);
  if (ts_node_is_null(name) || ts_node_end_byte(name) > w->len)
    return false;
  *start = ts_node_start_byte(name);
  *len = ts_node_end_byte(name) - *start;
  return true;
}

uint32_t ipg_skip_blanks_back(const char *text, uint32_t at) {
  for (;;) {
    if (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t' || text[at - 1] == '\f'))
      at--;
    else if (at >= 2 && text[at - 1] == '\n' && text[at - 2] == '\\')
      at -= 2;
    else if (at >= 3 && text[at - 1] == '\n' && text[at - 2] == '\r' && text[at - 3] == '\\')
      at -= 3;
    else
      return at;
  }
}

bool ipg_lazy_prefix(const char *text, size_t len, uint32_t import_start, uint32_t *lazy_start) {
  if (import_start > len)
    return false;
  uint32_t at = ipg_skip_blanks_back(text, import_start);
  if (at == import_start || at < 4 || memcmp(text + at - 4, "lazy", 4) != 0)
    return false;
  uint32_t start = at - 4;
  if (start > 0 && (ipg_ident_class[(unsigned char)text[start - 1]] || text[start - 1] == '.'))
    return false;
  /* `lazy` must begin the statement: at the start of a line, after `;`, or
   * after the `:` of a one-line compound statement. */
  uint32_t before = ipg_skip_blanks_back(text, start);
  if (before > 0 && text[before - 1] != '\n' && text[before - 1] != ';' && text[before - 1] != ':')
    return false;
  if (lazy_start)
    *lazy_start = start;
  return true;
}

bool ipg_lazy_keyword_error(TSNode node, const char *text, size_t len, uint32_t *import_start) {
  if (ts_node_symbol(node) != IPG_TS_ERROR_SYMBOL || ts_node_child_count(node) != 1)
    return false;
  TSNode word = ts_node_child(node, 0);
  uint32_t start = ts_node_start_byte(word), end = ts_node_end_byte(word);
  if (strcmp(ts_node_type(word), "identifier") != 0 || end - start != 4 || end > len ||
      memcmp(text + start, "lazy", 4) != 0)
    return false;
  uint32_t at = ipg_skip_blanks(text, len, ts_node_end_byte(node)), lazy_start;
  if (!keyword_at(text, len, at, "import") && !keyword_at(text, len, at, "from"))
    return false;
  if (!ipg_lazy_prefix(text, len, at, &lazy_start) || lazy_start != start)
    return false;
  if (import_start)
    *import_start = at;
  return true;
}
