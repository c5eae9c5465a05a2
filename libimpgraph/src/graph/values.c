/* The statement structure of Python code read from its text (values.h):
 * logical lines with their indentation, compound-statement headers, call
 * statements and their arguments, def parameter lists. A character scanner
 * that knows strings (prefixes, triple quotes, escapes), comments, brackets
 * and backslash continuations; anything it does not recognise is "not
 * that", never a guess. */
#include "graph/values.h"

#include <string.h>

static bool ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool ident_char(unsigned char c) {
  return ident_start(c) || (c >= '0' && c <= '9');
}

static bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\f';
}

/* The index just past the string literal whose opening quote is at `at`
   (the end of the range when it is not closed). */
static size_t skip_string(const char *s, size_t at, size_t end) {
  char q = s[at];
  bool triple = at + 2 < end && s[at + 1] == q && s[at + 2] == q;
  size_t i = at + (triple ? 3 : 1);
  while (i < end) {
    char c = s[i];
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (!triple && (c == '\n' || c == '\r'))
      return i; /* unterminated: the line ends it */
    if (c == q) {
      if (!triple)
        return i + 1;
      if (i + 2 < end && s[i + 1] == q && s[i + 2] == q)
        return i + 3;
    }
    i++;
  }
  return end;
}

/* Scans from `i` to the end of the expression or logical line: stops at a
   newline at bracket depth 0 (not after a backslash), or at `stop` (a byte
   other than a bracket) at depth 0 when non-zero. Returns the index it
   stopped at; *last gets the end of the last token seen. */
static size_t scan(const char *s, size_t i, size_t end, char stop, size_t *last) {
  int depth = 0;
  while (i < end) {
    char c = s[i];
    if (c == '\'' || c == '"') {
      i = skip_string(s, i, end);
      *last = i;
      continue;
    }
    if (c == '#') {
      while (i < end && s[i] != '\n' && s[i] != '\r')
        i++;
      continue;
    }
    if (c == '\\' && i + 1 < end && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
      i += (s[i + 1] == '\r' && i + 2 < end && s[i + 2] == '\n') ? 3 : 2;
      continue;
    }
    if ((c == '\n' || c == '\r') && depth <= 0)
      return i;
    if (depth <= 0 && stop && c == stop)
      return i;
    if (c == '(' || c == '[' || c == '{')
      depth++;
    else if (c == ')' || c == ']' || c == '}')
      depth--;
    if (!blank(c) && c != '\n' && c != '\r')
      *last = i + 1;
    i++;
  }
  return end;
}

int ipg_pylines(const char *text, size_t len, size_t from, size_t to, ipg_vec *out) {
  if (to > len)
    to = len;
  size_t i = from;
  /* The first line's indent counts from the start of its physical line. */
  size_t line_start = from;
  while (line_start > 0 && text[line_start - 1] != '\n' && text[line_start - 1] != '\r')
    line_start--;
  while (i < to) {
    uint32_t indent = 0;
    for (size_t k = line_start; k < i; k++)
      indent = text[k] == '\t' ? (indent / 8 + 1) * 8 : indent + 1;
    while (i < to && blank(text[i])) {
      indent = text[i] == '\t' ? (indent / 8 + 1) * 8 : indent + 1;
      i++;
    }
    if (i < to && text[i] != '\n' && text[i] != '\r' && text[i] != '#') {
      size_t last = i;
      size_t stop = scan(text, i, len, 0, &last);
      ipg_pyline *line = ipg_vec_push(out);
      if (!line)
        return IMPGRAPH_ENOMEM;
      *line = (ipg_pyline){(uint32_t)i, (uint32_t)last, indent};
      i = stop;
    }
    while (i < len && text[i] != '\n' && text[i] != '\r')
      i++; /* a comment */
    if (i < len && text[i] == '\r')
      i++;
    if (i < len && text[i] == '\n')
      i++;
    line_start = i;
  }
  return IMPGRAPH_OK;
}

size_t ipg_pyline_block_end(const ipg_pyline *lines, size_t count, size_t i) {
  size_t j = i + 1;
  while (j < count && lines[j].indent > lines[i].indent)
    j++;
  return j;
}

const char *ipg_pyline_keyword(const char *text, const ipg_pyline *line) {
  static const char *const words[] = {"if",     "elif",     "else",  "try",    "except", "finally",
                                      "for",    "while",    "with",  "def",    "class",  "async",
                                      "match",  "return",   "raise", "import", "from",   "pass",
                                      "global", "nonlocal", "del",   "assert", "break",  "continue",
                                      "yield",  "lambda",   "await", "case",   "type"};
  size_t n = 0;
  while (line->start + n < line->end && ident_char((unsigned char)text[line->start + n]))
    n++;
  for (size_t k = 0; k < sizeof words / sizeof *words; k++)
    if (strlen(words[k]) == n && memcmp(text + line->start, words[k], n) == 0)
      return words[k];
  return NULL;
}

bool ipg_pyline_header(const char *text, const ipg_pyline *line, size_t *rest_start,
                       size_t *rest_end) {
  const char *kw = ipg_pyline_keyword(text, line);
  if (!kw || line->end == line->start || text[line->end - 1] != ':')
    return false;
  /* The colon that ends the line must be the header's own (at depth 0,
     not a one-line body's, such as a dict or slice): the first at depth 0. */
  size_t last = line->start;
  size_t colon = scan(text, line->start, line->end, ':', &last);
  if (colon != line->end - 1)
    return false;
  size_t a = line->start + strlen(kw), b = line->end - 1;
  while (a < b && blank(text[a]))
    a++;
  while (b > a && blank(text[b - 1]))
    b--;
  *rest_start = a;
  *rest_end = b;
  return true;
}

size_t ipg_py_word_end(const char *text, size_t len, size_t at) {
  while (at < len && ident_char((unsigned char)text[at]))
    at++;
  return at;
}

size_t ipg_py_word_start(const char *text, size_t at) {
  while (at > 0 && ident_char((unsigned char)text[at - 1]))
    at--;
  return at;
}

bool ipg_py_identifier(const char *text, size_t start, size_t end) {
  if (start >= end || !ident_start((unsigned char)text[start]))
    return false;
  for (size_t i = start + 1; i < end; i++)
    if (!ident_char((unsigned char)text[i]))
      return false;
  return true;
}

bool ipg_py_dotted(const char *text, size_t start, size_t end) {
  size_t part = start;
  for (size_t i = start; i <= end; i++) {
    if (i == end || text[i] == '.') {
      if (!ipg_py_identifier(text, part, i))
        return false;
      part = i + 1;
    }
  }
  return true;
}

static size_t skip_blanks(const char *s, size_t i, size_t end) {
  while (i < end && (blank(s[i]) || s[i] == '\n' || s[i] == '\r' || s[i] == '\\'))
    i++;
  return i;
}

static size_t trim_end(const char *s, size_t start, size_t end) {
  while (end > start && (blank(s[end - 1]) || s[end - 1] == '\n' || s[end - 1] == '\r'))
    end--;
  return end;
}

/* The arguments between `(` at `open` and its `)`: fills call->args;
   returns the index of the `)`, or SIZE_MAX. */
static size_t read_args(const char *s, size_t open, size_t end, ipg_pycall *call) {
  call->arg_count = 0;
  size_t i = open + 1;
  for (;;) {
    i = skip_blanks(s, i, end);
    if (i >= end)
      return SIZE_MAX;
    if (s[i] == ')')
      return i;
    /* Where this argument ends: a `,` or the call's `)` at depth 0. */
    size_t arg_end;
    int depth = 0;
    size_t k = i;
    while (k < end) {
      char c = s[k];
      if (c == '\'' || c == '"') {
        k = skip_string(s, k, end);
        continue;
      }
      if (c == '#') {
        while (k < end && s[k] != '\n')
          k++;
        continue;
      }
      if (c == '(' || c == '[' || c == '{')
        depth++;
      else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0)
          break;
        depth--;
      } else if (c == ',' && depth == 0)
        break;
      k++;
    }
    if (k >= end)
      return SIZE_MAX;
    arg_end = trim_end(s, i, k);
    if (arg_end == i) {
      if (s[k] == ')')
        return k; /* a trailing comma */
      return SIZE_MAX;
    }
    if (call->arg_count == IPG_PY_MAX_ARGS)
      return SIZE_MAX;
    ipg_pyarg *a = &call->args[call->arg_count++];
    *a = (ipg_pyarg){(uint32_t)i, (uint32_t)arg_end, 0, 0, false};
    if (s[i] == '*') {
      a->starred = true;
    } else {
      size_t n = i;
      while (n < arg_end && ident_char((unsigned char)s[n]))
        n++;
      size_t eq = n;
      while (eq < arg_end && blank(s[eq]))
        eq++;
      if (n > i && eq < arg_end && s[eq] == '=' && (eq + 1 >= arg_end || s[eq + 1] != '=')) {
        a->keyword_start = (uint32_t)i;
        a->keyword = (uint32_t)(n - i);
        a->start = (uint32_t)skip_blanks(s, eq + 1, arg_end);
      }
    }
    if (s[k] == ')')
      return k;
    i = k + 1;
  }
}

bool ipg_py_call_args(const char *text, size_t len, size_t callee_end, ipg_pycall *call) {
  size_t i = callee_end;
  while (i < len && blank(text[i]))
    i++;
  if (i >= len || text[i] != '(')
    return false;
  size_t close = read_args(text, i, len, call);
  call->close = (uint32_t)close;
  return close != SIZE_MAX;
}

/* The first of the bytes `stops` in text[from, to) outside strings and
   brackets (from is at bracket depth 0), or `to`. */
static size_t next_top_level(const char *text, size_t from, size_t to, const char *stops) {
  int depth = 0;
  for (size_t i = from; i < to; i++) {
    char c = text[i];
    if (c == '\'' || c == '"') {
      i = skip_string(text, i, to) - 1;
      continue;
    }
    if (c == '(' || c == '[' || c == '{')
      depth++;
    else if (c == ')' || c == ']' || c == '}')
      depth--;
    else if (depth == 0 && c && strchr(stops, c))
      return i;
  }
  return to;
}

bool ipg_py_call_statement(const char *text, size_t start, size_t end, ipg_pycall *call) {
  memset(call, 0, sizeof *call);
  size_t value = start;
  if (end - start > 7 && memcmp(text + start, "return", 6) == 0 && blank(text[start + 6]))
    value = start + 7;
  /* After the last `=` at depth 0 (not ==, <=, >=, !=, :=, nor augmented). */
  for (size_t i = start; (i = next_top_level(text, i, end, "=;")) < end; i++) {
    if (text[i] == ';')
      return false;
    char prev = i > start ? text[i - 1] : ' ', next = i + 1 < end ? text[i + 1] : ' ';
    if (next == '=' || strchr("=<>!:+-*/%&|^@", prev))
      return false; /* a comparison, walrus or augmented assignment */
    value = i + 1;
  }
  value = skip_blanks(text, value, end);
  size_t callee_end = value;
  while (callee_end < end &&
         (ident_char((unsigned char)text[callee_end]) || text[callee_end] == '.'))
    callee_end++;
  if (!ipg_py_dotted(text, value, callee_end))
    return false;
  size_t open = callee_end;
  while (open < end && blank(text[open]))
    open++;
  if (open >= end || text[open] != '(')
    return false;
  size_t close = read_args(text, open, end, call);
  if (close == SIZE_MAX || close + 1 != end)
    return false;
  call->callee_start = (uint32_t)value;
  call->callee_end = (uint32_t)callee_end;
  call->close = (uint32_t)close;
  return true;
}

bool ipg_py_assign(const char *text, const ipg_pyline *line, size_t *target_end,
                   size_t *value_start) {
  size_t i = line->start;
  while (i < line->end && (ident_char((unsigned char)text[i]) || text[i] == '.'))
    i++;
  if (!ipg_py_dotted(text, line->start, i) || ipg_pyline_keyword(text, line))
    return false;
  *target_end = i;
  while (i < line->end && blank(text[i]))
    i++;
  if (i >= line->end || text[i] != '=' || (i + 1 < line->end && text[i + 1] == '='))
    return false;
  i++;
  while (i < line->end && blank(text[i]))
    i++;
  *value_start = i;
  return ipg_py_dotted(text, i, line->end);
}

bool ipg_py_alias(const char *text, const ipg_pyline *line, size_t *name_end, size_t *value_start,
                  size_t *value_end) {
  size_t i = line->start;
  while (i < line->end && ident_char((unsigned char)text[i]))
    i++;
  if (!ipg_py_identifier(text, line->start, i))
    return false;
  *name_end = i;
  while (i < line->end && blank(text[i]))
    i++;
  if (i >= line->end || text[i] != '=' || (i + 1 < line->end && text[i + 1] == '='))
    return false;
  i++;
  while (i < line->end && blank(text[i]))
    i++;
  if (!ipg_py_identifier(text, i, line->end))
    return false;
  *value_start = i;
  *value_end = line->end;
  return !ipg_pyline_keyword(text, line);
}

/* The `=` at bracket depth 0 in text[from, to) that starts a parameter's
   default (not `==`, `<=`, `>=`, `!=`), or SIZE_MAX. */
static size_t default_sign(const char *s, size_t from, size_t to) {
  for (size_t i = from; (i = next_top_level(s, i, to, "=")) < to; i++) {
    bool compared =
        (i + 1 < to && s[i + 1] == '=') || (i > from && s[i - 1] && strchr("=<>!", s[i - 1]));
    if (!compared)
      return i;
    i += i + 1 < to && s[i + 1] == '=';
  }
  return SIZE_MAX;
}

bool ipg_py_def_params(const char *text, size_t start, size_t end, ipg_pyparam *params,
                       size_t *count) {
  *count = 0;
  /* The `def` after the decorators: the first line starting with def or
     async def. */
  size_t i = start;
  for (;;) {
    while (i < end && (blank(text[i]) || text[i] == '\n' || text[i] == '\r'))
      i++;
    if (i >= end)
      return false;
    if (end - i > 4 && memcmp(text + i, "def", 3) == 0 && blank(text[i + 3]))
      break;
    if (end - i > 6 && memcmp(text + i, "async", 5) == 0 && blank(text[i + 5])) {
      i += 6;
      continue;
    }
    if (text[i] != '@')
      return false;
    size_t last = i;
    i = scan(text, i, end, 0, &last); /* the decorator's line */
  }
  i += 4;
  while (i < end && blank(text[i]))
    i++;
  while (i < end && ident_char((unsigned char)text[i]))
    i++;
  while (i < end && blank(text[i]))
    i++;
  if (i < end && text[i] == '[') { /* PEP 695 type parameters */
    size_t k = i + 1;
    int depth = 1;
    while (k < end && depth > 0) {
      if (text[k] == '[')
        depth++;
      else if (text[k] == ']')
        depth--;
      k++;
    }
    i = k;
  }
  if (i >= end || text[i] != '(')
    return false;
  ipg_pycall list;
  size_t close = read_args(text, i, end, &list);
  if (close == SIZE_MAX)
    return false;
  bool positional = true;
  for (size_t k = 0; k < list.arg_count; k++) {
    const ipg_pyarg *a = &list.args[k];
    size_t s = a->keyword ? a->keyword_start : a->start;
    size_t e = a->keyword ? a->keyword_start + a->keyword : a->end;
    if (text[s] == '/' && e == s + 1)
      continue;
    bool starred = text[s] == '*';
    if (starred) {
      positional = false; /* `*`, `*args`, `**kwargs`: their names are still parameters */
      while (s < e && (text[s] == '*' || text[s] == ' ' || text[s] == '\t'))
        s++;
      if (s == e)
        continue;
    }
    size_t n = s;
    while (n < e && ident_char((unsigned char)text[n]))
      n++;
    if (n == s || *count == IPG_PY_MAX_PARAMS)
      return false;
    ipg_pyparam *p = &params[(*count)++];
    *p = (ipg_pyparam){(uint32_t)s, (uint32_t)(n - s), positional, starred, 0, 0};
    if (a->keyword) { /* `name=value`: read_args found the value */
      p->default_start = a->start;
      p->default_end = a->end;
    } else if (!starred) { /* `name: annotation = value` */
      size_t eq = default_sign(text, n, a->end);
      if (eq != SIZE_MAX) {
        p->default_start = (uint32_t)skip_blanks(text, eq + 1, a->end);
        p->default_end = a->end;
      }
    }
  }
  return true;
}

bool ipg_runs_after(const char *text, size_t len, size_t a_start, size_t a_end, size_t b) {
  if (a_start >= a_end || a_end > b || b >= len)
    return false;
  size_t line = a_start;
  while (line > 0 && text[line - 1] != '\n')
    line--;
  /* The previous physical line must not end with a backslash (LF or CRLF). */
  size_t eol = line > 0 ? line - 1 : 0;
  if (eol > 0 && text[eol - 1] == '\r')
    eol--;
  bool starts_line = eol == 0 || text[eol - 1] != '\\';
  for (size_t i = line; i < a_start && starts_line; i++)
    starts_line = text[i] == ' ' || text[i] == '\t' || text[i] == '\f';
  if (!starts_line) {
    for (size_t i = a_end; i < b; i++)
      if (text[i] == '\n' || text[i] == '\r')
        return false;
    return true;
  }
  /* The lines from a's up to b, read in growing windows: a block usually
     ends soon after a (an `except` two lines below), so a dedent is found
     without reading up to a b far away -- callers ask for every later
     import of a module. */
  ipg_vec lines;
  ipg_vec_init(&lines, sizeof(ipg_pyline));
  bool after = true, decided = false;
  for (size_t window = 2048; after && !decided; window *= 4) {
    size_t to = b + 1 - line > window ? line + window : b + 1;
    lines.len = 0;
    after = ipg_pylines(text, len, line, to, &lines) == IMPGRAPH_OK && lines.len > 0;
    const ipg_pyline *first = after ? ipg_vec_at(&lines, 0) : NULL;
    after = after && first->start == a_start;
    for (size_t i = 1; after && i < lines.len; i++) {
      const ipg_pyline *l = ipg_vec_at(&lines, i);
      if (l->start > b)
        break;
      after = l->indent >= first->indent;
    }
    decided = to == b + 1;
  }
  ipg_vec_free(&lines);
  return after;
}
