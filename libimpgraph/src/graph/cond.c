/* A three-valued evaluator of the Python conditions that guard imports
 * (cond.h). Three parts: a tokenizer over a byte range (never past it), the
 * index of the names a module binds (one pass over its text, made only when
 * a condition names something other than a literal), and a recursive
 * descent evaluator whose recursion depth, nested name look-ups and total
 * work are bounded. */
#include "graph/cond.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* ------------------------------------------------------------------------ */
/* Tokens                                                                   */
/* ------------------------------------------------------------------------ */

enum { T_END, T_NAME, T_NUMBER, T_STRING, T_OP, T_NEWLINE };

enum {
  OP_LPAR = 1,
  OP_RPAR,
  OP_LSQB,
  OP_RSQB,
  OP_LBRACE,
  OP_RBRACE,
  OP_COMMA,
  OP_COLON,
  OP_DOT,
  OP_SEMI,
  OP_ASSIGN, /* = */
  OP_AUG,    /* += -= ... */
  OP_WALRUS, /* := */
  OP_EQ,
  OP_NE,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
  OP_STAR,
  OP_DSTAR,
  OP_MINUS,
  OP_PLUS,
  OP_TILDE,
  OP_BINARY, /* / // % @ & | ^ << >> */
  OP_ARROW,
  OP_ELLIPSIS,
  OP_AT_DECORATOR, /* a lone @ at statement start is the same byte */
  OP_OTHER         /* not Python: ! ? $ ` and a stray backslash */
};

/* String token flags. */
enum { S_RAW = 1, S_BYTES = 2, S_FORMAT = 4, S_ESCAPE = 8, S_UNTERMINATED = 16 };

typedef struct token {
  uint8_t type;
  uint8_t op;     /* T_OP */
  uint8_t sflags; /* T_STRING */
  size_t start, end;
  size_t content_start, content_end; /* T_STRING: between the quotes */
} token;

typedef struct lexer {
  const char *s;
  size_t pos, end; /* bytes [pos, end) of s remain */
  int depth;       /* bracket depth */
  bool lines;      /* emit T_NEWLINE at depth 0 (module index); else newlines are blanks */
  bool line_open;  /* a token was emitted since the last T_NEWLINE */
} lexer;

static bool ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool ident_char(unsigned char c) {
  return ident_start(c) || (c >= '0' && c <= '9');
}

static bool string_prefix(const char *s, size_t n, uint8_t *flags) {
  if (n == 0 || n > 2)
    return false;
  uint8_t f = 0;
  for (size_t i = 0; i < n; i++) {
    switch (s[i]) {
    case 'r':
    case 'R': f |= S_RAW; break;
    case 'b':
    case 'B': f |= S_BYTES; break;
    case 'f':
    case 'F':
    case 't':
    case 'T': f |= S_FORMAT; break;
    case 'u':
    case 'U': break;
    default: return false;
    }
  }
  *flags = f;
  return true;
}

/* A string starting at the quote `at`; sets the token's end and content. */
static void lex_string(lexer *lx, token *t, size_t at) {
  const char *s = lx->s;
  char q = s[at];
  bool triple = at + 2 < lx->end && s[at + 1] == q && s[at + 2] == q;
  size_t open = triple ? 3 : 1, i = at + open;
  t->type = T_STRING;
  t->content_start = i;
  for (;;) {
    if (i >= lx->end) {
      t->sflags |= S_UNTERMINATED;
      t->content_end = t->end = lx->end;
      return;
    }
    char c = s[i];
    if (c == '\\') {
      if (!(t->sflags & S_RAW))
        t->sflags |= S_ESCAPE;
      i += i + 1 < lx->end ? 2 : 1;
      continue;
    }
    if (!triple && (c == '\n' || c == '\r')) {
      t->sflags |= S_UNTERMINATED;
      t->content_end = t->end = i;
      return;
    }
    if (c == q && (!triple || (i + 2 < lx->end && s[i + 1] == q && s[i + 2] == q))) {
      t->content_end = i;
      t->end = i + open;
      return;
    }
    i++;
  }
}

static uint8_t lex_op(lexer *lx, size_t at, size_t *len) {
  const char *s = lx->s + at;
  size_t left = lx->end - at;
  char c = s[0], d = left > 1 ? s[1] : 0, e = left > 2 ? s[2] : 0;
  *len = 1;
  switch (c) {
  case '(': lx->depth++; return OP_LPAR;
  case '[': lx->depth++; return OP_LSQB;
  case '{': lx->depth++; return OP_LBRACE;
  case ')': lx->depth -= lx->depth > 0; return OP_RPAR;
  case ']': lx->depth -= lx->depth > 0; return OP_RSQB;
  case '}': lx->depth -= lx->depth > 0; return OP_RBRACE;
  case ',': return OP_COMMA;
  case ';': return OP_SEMI;
  case '~': return OP_TILDE;
  case ':':
    if (d == '=') {
      *len = 2;
      return OP_WALRUS;
    }
    return OP_COLON;
  case '.':
    if (d == '.' && e == '.') {
      *len = 3;
      return OP_ELLIPSIS;
    }
    return OP_DOT;
  case '=':
    if (d == '=') {
      *len = 2;
      return OP_EQ;
    }
    return OP_ASSIGN;
  case '!':
    if (d == '=') {
      *len = 2;
      return OP_NE;
    }
    return OP_OTHER;
  case '<':
  case '>':
    if (d == c) { /* << >> <<= >>= */
      *len = e == '=' ? 3 : 2;
      return e == '=' ? OP_AUG : OP_BINARY;
    }
    if (d == '=') {
      *len = 2;
      return c == '<' ? OP_LE : OP_GE;
    }
    return c == '<' ? OP_LT : OP_GT;
  case '*':
    if (d == '*') {
      *len = e == '=' ? 3 : 2;
      return e == '=' ? OP_AUG : OP_DSTAR;
    }
    if (d == '=') {
      *len = 2;
      return OP_AUG;
    }
    return OP_STAR;
  case '/':
    if (d == '/') {
      *len = e == '=' ? 3 : 2;
      return e == '=' ? OP_AUG : OP_BINARY;
    }
    if (d == '=') {
      *len = 2;
      return OP_AUG;
    }
    return OP_BINARY;
  case '-':
    if (d == '>') {
      *len = 2;
      return OP_ARROW;
    }
    /* fall through */
  case '+':
  case '%':
  case '@':
  case '&':
  case '|':
  case '^':
    if (d == '=') {
      *len = 2;
      return OP_AUG;
    }
    return c == '-' ? OP_MINUS : c == '+' ? OP_PLUS : OP_BINARY;
  default: return OP_OTHER;
  }
}

/* The next token. Blanks, comments and line continuations are skipped;
   newlines are blanks inside brackets, and unless lx->lines. */
static token lex(lexer *lx) {
  token t;
  memset(&t, 0, sizeof t);
  const char *s = lx->s;
  for (;;) {
    if (lx->pos >= lx->end) {
      t.start = t.end = lx->end;
      if (lx->lines && lx->line_open) {
        lx->line_open = false;
        t.type = T_NEWLINE;
        return t;
      }
      t.type = T_END;
      return t;
    }
    char c = s[lx->pos];
    if (c == ' ' || c == '\t' || c == '\f') {
      lx->pos++;
    } else if (c == '#') {
      while (lx->pos < lx->end && s[lx->pos] != '\n' && s[lx->pos] != '\r')
        lx->pos++;
    } else if (c == '\\' && lx->pos + 1 < lx->end &&
               (s[lx->pos + 1] == '\n' || s[lx->pos + 1] == '\r')) {
      lx->pos += 2;
      if (s[lx->pos - 1] == '\r' && lx->pos < lx->end && s[lx->pos] == '\n')
        lx->pos++;
    } else if (c == '\n' || c == '\r') {
      t.start = lx->pos++;
      if (lx->lines && lx->depth == 0 && lx->line_open) {
        lx->line_open = false;
        t.type = T_NEWLINE;
        t.end = lx->pos;
        return t;
      }
    } else {
      break;
    }
  }
  size_t at = lx->pos;
  unsigned char c = (unsigned char)s[at];
  t.start = at;
  lx->line_open = true;
  if (ident_start(c)) {
    size_t i = at + 1;
    while (i < lx->end && ident_char((unsigned char)s[i]))
      i++;
    if (i < lx->end && (s[i] == '\'' || s[i] == '"') && string_prefix(s + at, i - at, &t.sflags)) {
      lex_string(lx, &t, i);
    } else {
      t.type = T_NAME;
      t.end = i;
    }
  } else if (c == '\'' || c == '"') {
    lex_string(lx, &t, at);
  } else if ((c >= '0' && c <= '9') ||
             (c == '.' && at + 1 < lx->end && s[at + 1] >= '0' && s[at + 1] <= '9')) {
    size_t i = at + 1;
    while (i < lx->end) {
      char d = s[i];
      if (ident_char((unsigned char)d) || d == '.')
        i++;
      else if ((d == '+' || d == '-') && (s[i - 1] == 'e' || s[i - 1] == 'E') &&
               !(s[at] == '0' && i - at > 1 && (s[at + 1] == 'x' || s[at + 1] == 'X')))
        i++;
      else
        break;
    }
    t.type = T_NUMBER;
    t.end = i;
  } else {
    size_t len;
    t.type = T_OP;
    t.op = lex_op(lx, at, &len);
    t.end = at + len;
  }
  lx->pos = t.end;
  return t;
}

static bool name_is(const char *s, const token *t, const char *word) {
  size_t n = strlen(word);
  return t->type == T_NAME && t->end - t->start == n && memcmp(s + t->start, word, n) == 0;
}

/* Python's keywords, by length (2 to 8 bytes). */
static const char *const keywords[] = {
    "as",     "if",     "in",     "is",     "or",     "and",     "def",      "del",     "for",
    "not",    "try",    "None",   "True",   "elif",   "else",    "from",     "pass",    "with",
    "False",  "async",  "await",  "break",  "class",  "raise",   "while",    "yield",   "assert",
    "except", "global", "import", "lambda", "return", "finally", "continue", "nonlocal"};

static bool is_keyword(const char *s, const token *t) {
  size_t n = t->end - t->start;
  if (t->type != T_NAME || n < 2 || n > 8)
    return false;
  const char *p = s + t->start;
  for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++) {
    const char *k = keywords[i];
    if (k[0] == p[0] && k[1] == p[1] && strlen(k) == n && memcmp(k, p, n) == 0)
      return true;
  }
  return false;
}

/* ------------------------------------------------------------------------ */
/* The names a module binds                                                 */
/* ------------------------------------------------------------------------ */

/* What the module's text does with one name. */
typedef struct cond_name {
  uint32_t assigns; /* binding occurrences outside import statements */
  uint32_t imports; /* occurrences in import statements */
  bool has_def;     /* a module-level `NAME = expression` line */
  size_t def_at;    /* where that line starts */
  bool has_del;     /* a `del NAME` statement at column 0 (not an assignment) */
  size_t del_at;    /* where the first starts */
  size_t expr_start, expr_end;
} cond_name;

struct ipg_cond_index {
  ipg_arena arena; /* keys and cond_name entries */
  ipg_map names;   /* name -> cond_name */
  bool star_import;
};

/* One token of the logical line at hand. */
typedef struct line_token {
  token t;
  int depth; /* bracket depth before the token */
  bool name; /* an identifier that is not a keyword */
  bool binds;
} line_token;

typedef struct index_builder {
  ipg_cond_index *index;
  const char *s;
  ipg_vec line; /* line_token */
  int rc;
} index_builder;

static cond_name *entry(index_builder *b, const token *t) {
  size_t n = t->end - t->start;
  cond_name *e = ipg_map_getn(&b->index->names, b->s + t->start, n);
  if (e)
    return e;
  char *key = ipg_arena_strndup(&b->index->arena, b->s + t->start, n);
  e = key ? ipg_arena_alloc(&b->index->arena, sizeof *e) : NULL;
  if (!e || ipg_map_put(&b->index->names, key, e) != IMPGRAPH_OK) {
    b->rc = IMPGRAPH_ENOMEM;
    return NULL;
  }
  memset(e, 0, sizeof *e);
  return e;
}

static line_token *line_at(index_builder *b, size_t i) {
  return ipg_vec_at(&b->line, i);
}

static bool is_name(index_builder *b, size_t i) {
  return line_at(b, i)->name;
}

static bool op_is(index_builder *b, size_t i, uint8_t op) {
  return line_at(b, i)->t.type == T_OP && line_at(b, i)->t.op == op;
}

/* Marks the names of [from, to) as bindings. */
static void mark_names(index_builder *b, size_t from, size_t to) {
  for (size_t i = from; i < to; i++)
    if (is_name(b, i))
      line_at(b, i)->binds = true;
}

/* Binding forms anywhere in a statement: `as NAME` (or `as (a, b)`),
   `def NAME`, `class NAME`, `NAME :=`, and the targets of a `for` up to
   its `in` (statements and comprehensions). */
static void mark_anywhere(index_builder *b, size_t from, size_t to) {
  const char *s = b->s;
  for (size_t i = from; i < to; i++) {
    const token *t = &line_at(b, i)->t;
    if (i + 1 < to && is_name(b, i) && op_is(b, i + 1, OP_WALRUS))
      line_at(b, i)->binds = true;
    if (i + 1 >= to || t->type != T_NAME || is_name(b, i))
      continue; /* the forms below start with a keyword */
    if (name_is(s, t, "def") || name_is(s, t, "class")) {
      mark_names(b, i + 1, i + 2);
    } else if (name_is(s, t, "as")) {
      if (op_is(b, i + 1, OP_LPAR) || op_is(b, i + 1, OP_LSQB)) {
        int depth = line_at(b, i + 1)->depth;
        size_t j = i + 2;
        while (j < to && line_at(b, j)->depth > depth)
          j++;
        mark_names(b, i + 2, j);
      } else {
        mark_names(b, i + 1, i + 2);
      }
    } else if (name_is(s, t, "for")) {
      int depth = line_at(b, i)->depth;
      size_t j = i + 1;
      while (j < to && !(line_at(b, j)->depth == depth && name_is(s, &line_at(b, j)->t, "in")))
        j++;
      mark_names(b, i + 1, j);
    }
  }
}

static bool starts_line(const char *s, size_t at) {
  return at == 0 || s[at - 1] == '\n' || s[at - 1] == '\r';
}

/* Whether token i opens a call or subscript (`f(`, `x[`, `a.b[`, `)(`)
   rather than a parenthesised or list target. */
static bool opens_trailer(index_builder *b, size_t i, size_t from) {
  if (i == from)
    return false;
  const line_token *prev = line_at(b, i - 1);
  return prev->name || (prev->t.type == T_OP && (prev->t.op == OP_RPAR || prev->t.op == OP_RSQB)) ||
         prev->t.type == T_STRING;
}

/* The names an assignment's targets [from, to) bind: `a`, `a, (b, *c)`,
   `[a, b]`; not `x.attr`, `x[i]`, `f(a).b` (those names are reads). */
static void mark_targets(index_builder *b, size_t from, size_t to) {
  enum { MAX_NESTING = 64 };
  bool trailer[MAX_NESTING];
  size_t nesting = 0, inside_trailer = 0;
  for (size_t i = from; i < to; i++) {
    line_token *lt = line_at(b, i);
    if (lt->t.type == T_OP &&
        (lt->t.op == OP_LPAR || lt->t.op == OP_LSQB || lt->t.op == OP_LBRACE)) {
      bool is_trailer = opens_trailer(b, i, from);
      if (nesting < MAX_NESTING)
        trailer[nesting] = is_trailer;
      nesting++;
      inside_trailer += is_trailer;
      continue;
    }
    if (lt->t.type == T_OP &&
        (lt->t.op == OP_RPAR || lt->t.op == OP_RSQB || lt->t.op == OP_RBRACE)) {
      if (nesting > 0 && --nesting < MAX_NESTING && trailer[nesting])
        inside_trailer--;
      continue;
    }
    if (!lt->name)
      continue;
    bool attribute =
        i > from && line_at(b, i - 1)->t.type == T_OP && line_at(b, i - 1)->t.op == OP_DOT;
    bool receiver = i + 1 < to && line_at(b, i + 1)->t.type == T_OP &&
                    (line_at(b, i + 1)->t.op == OP_DOT || line_at(b, i + 1)->t.op == OP_LSQB ||
                     line_at(b, i + 1)->t.op == OP_LPAR);
    /* Too deep to tell: counted, which can only make the name unknown. */
    if (nesting > MAX_NESTING || (!inside_trailer && !attribute && !receiver))
      lt->binds = true;
  }
}

/* One simple statement, tokens [from, to) of the line. */
static void simple_statement(index_builder *b, size_t from, size_t to, bool first_of_line) {
  const char *s = b->s;
  const token *head = &line_at(b, from)->t;
  if (name_is(s, head, "import") || name_is(s, head, "from")) {
    for (size_t i = from; i < to; i++) {
      if (is_name(b, i)) {
        cond_name *e = entry(b, &line_at(b, i)->t);
        if (e)
          e->imports++;
      } else if (op_is(b, i, OP_STAR)) {
        b->index->star_import = true;
      }
    }
    return;
  }
  if (name_is(s, head, "del") && starts_line(s, head->start)) {
    /* Module level: the names deleted are known before it (`del a, b`;
       `del a.b`, `del a[0]` bind nothing). */
    for (size_t i = from + 1; i < to; i++) {
      bool after = i == from + 1 || op_is(b, i - 1, OP_COMMA);
      bool before = i + 1 == to || op_is(b, i + 1, OP_COMMA);
      bool alone = is_name(b, i) && after && before;
      cond_name *e = alone ? entry(b, &line_at(b, i)->t) : NULL;
      if (e && !e->has_del) {
        e->has_del = true;
        e->del_at = head->start;
      }
    }
    return;
  }
  if (name_is(s, head, "del") || name_is(s, head, "global") || name_is(s, head, "nonlocal") ||
      name_is(s, head, "case")) {
    mark_names(b, from, to);
    return;
  }
  int base = line_at(b, from)->depth;
  size_t last_assign = SIZE_MAX, assigns = 0;
  for (size_t i = from; i < to; i++)
    if (line_at(b, i)->depth == base && (op_is(b, i, OP_ASSIGN) || op_is(b, i, OP_AUG))) {
      last_assign = i;
      assigns++;
    }
  if (last_assign != SIZE_MAX)
    mark_targets(b, from, last_assign);
  if (to - from >= 2 && is_name(b, from) && op_is(b, from + 1, OP_COLON))
    line_at(b, from)->binds = true; /* `NAME: annotation [= value]` */
  mark_anywhere(b, from, to);
  /* A definition: the line is `NAME = expression`, at column 0. */
  if (first_of_line && assigns == 1 && to - from >= 3 && is_name(b, from) &&
      op_is(b, from + 1, OP_ASSIGN) && starts_line(s, head->start)) {
    cond_name *e = entry(b, head);
    if (e && !e->has_def) {
      e->has_def = true;
      e->def_at = head->start;
      e->expr_start = line_at(b, from + 2)->t.start;
      e->expr_end = line_at(b, to - 1)->t.end;
    }
  }
}

static bool compound_keyword(const char *s, const token *t) {
  static const char *const words[] = {"if",     "elif",    "else", "while", "for",   "try",
                                      "except", "finally", "with", "def",   "class", "async"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (name_is(s, t, words[i]))
      return true;
  return false;
}

/* The logical line in b->line: its statements, then the counts. */
static void finish_line(index_builder *b) {
  size_t n = b->line.len, from = 0;
  bool first = true;
  while (from < n && !b->rc) {
    const token *head = &line_at(b, from)->t;
    int base = line_at(b, from)->depth;
    if (compound_keyword(b->s, head)) {
      /* The header runs to its colon; a one-line body may follow. */
      size_t colon = from + 1;
      while (colon < n && !(line_at(b, colon)->depth == base && op_is(b, colon, OP_COLON)))
        colon++;
      mark_anywhere(b, from, colon);
      from = colon + 1;
      first = false;
      continue;
    }
    size_t to = from;
    while (to < n && !(line_at(b, to)->depth == base && op_is(b, to, OP_SEMI)))
      to++;
    if (to > from)
      simple_statement(b, from, to, first);
    first = false;
    from = to + 1;
  }
  for (size_t i = 0; i < n && !b->rc; i++) {
    if (!line_at(b, i)->binds)
      continue;
    cond_name *e = entry(b, &line_at(b, i)->t);
    if (e)
      e->assigns++;
  }
  b->line.len = 0;
}

static int index_new(ipg_cond_index **out, const char *text, size_t len) {
  *out = NULL;
  ipg_cond_index *index = calloc(1, sizeof *index);
  if (!index)
    return IMPGRAPH_ENOMEM;
  ipg_arena_init(&index->arena);
  ipg_map_init(&index->names);
  index_builder b = {.index = index, .s = text, .rc = IMPGRAPH_OK};
  ipg_vec_init(&b.line, sizeof(line_token));
  lexer lx = {.s = text, .pos = 0, .end = len, .lines = true};
  for (;;) {
    int depth = lx.depth;
    token t = lex(&lx);
    if (t.type == T_END)
      break;
    if (t.type == T_NEWLINE) {
      finish_line(&b);
    } else {
      line_token *lt = ipg_vec_push(&b.line);
      if (!lt) {
        b.rc = IMPGRAPH_ENOMEM;
        break;
      }
      lt->t = t;
      lt->depth = depth;
      lt->name = t.type == T_NAME && !is_keyword(text, &t);
    }
    if (b.rc)
      break;
  }
  ipg_vec_free(&b.line);
  if (b.rc) {
    ipg_map_free(&index->names);
    ipg_arena_free(&index->arena);
    free(index);
    return b.rc;
  }
  *out = index;
  return IMPGRAPH_OK;
}

void ipg_cond_scope_free(ipg_cond_scope *scope) {
  if (!scope || !scope->index)
    return;
  ipg_map_free(&scope->index->names);
  ipg_arena_free(&scope->index->arena);
  free(scope->index);
  scope->index = NULL;
}

/* ------------------------------------------------------------------------ */
/* Values                                                                   */
/* ------------------------------------------------------------------------ */

enum {
  V_UNKNOWN,
  V_NONE,
  V_BOOL,
  V_INT,
  V_STR,
  V_SEQ,      /* tuple, list or set (seq) */
  V_SYS,      /* the sys module */
  V_OS,       /* os */
  V_PLATFORM, /* platform */
  V_IMPL,     /* sys.implementation */
  V_METHOD,   /* a str method bound to a string (fn) */
  V_FUNC,     /* platform.system / platform.python_implementation, builtins (fn) */
  V_OBJECT,   /* an object known by its kind only (sub: OBJ_*) */
  V_MODULES   /* sys.modules */
};

/* V_OBJECT: what is known of the object. */
enum {
  OBJ_FUNCTION, /* a function (a decorated def): callable, truthy, no type */
  OBJ_CLASS,    /* a class (a decorated class): callable, a type */
  OBJ_NOT_NONE  /* something other than None */
};

enum { SEQ_TUPLE, SEQ_LIST, SEQ_SET, SEQ_VERSION /* sys.version_info: a tuple */ };
enum {
  FN_LOWER,
  FN_UPPER,
  FN_STARTSWITH,
  FN_ENDSWITH,
  FN_SYSTEM,
  FN_PYIMPL,
  FN_FROZENSET,
  FN_CALLABLE,   /* the builtin callable() */
  FN_ISINSTANCE, /* isinstance() */
  FN_TYPE,       /* type */
  FN_MODULES_GET /* sys.modules.get */
};

typedef struct value {
  uint8_t kind;
  uint8_t truth; /* V_UNKNOWN: what is known of its truth */
  uint8_t sub;   /* V_SEQ: SEQ_*; V_METHOD, V_FUNC: FN_*; V_OBJECT: OBJ_* */
  int64_t i;
  const char *s; /* V_STR, V_METHOD: the string */
  size_t n;
  uint32_t first, count; /* V_SEQ: items[first .. first + count) */
} value;

#define MAX_ITEMS 256
#define MAX_CHARS 1024
#define MAX_DEPTH 40       /* nested expressions (about 20 levels of brackets) */
#define MAX_NAME_DEPTH 4   /* definitions read through names */
#define MAX_WORK 20000     /* tokens over one evaluation, look-ups included */
#define MAX_INT 1000000000 /* larger literals are unknown */

typedef struct evaluator {
  ipg_cond_scope *scope;
  lexer lx;
  token cur;
  size_t limit; /* definitions must start before this byte */
  int depth;
  int name_depth;
  unsigned work;
  bool failed; /* malformed, or out of budget: the slice is unknown */
  uint32_t item_count;
  size_t char_count;
  value items[MAX_ITEMS]; /* pools, last: not zeroed */
  char chars[MAX_CHARS];
} evaluator;

static value unknown(uint8_t truth) {
  value v;
  memset(&v, 0, sizeof v);
  v.kind = V_UNKNOWN;
  v.truth = truth;
  return v;
}

static value of_kind(uint8_t kind) {
  value v = unknown(IPG_UNKNOWN);
  v.kind = kind;
  return v;
}

static value boolean(bool b) {
  value v = of_kind(V_BOOL);
  v.i = b;
  return v;
}

static value truth_value(ipg_truth t) {
  return t == IPG_UNKNOWN ? unknown(IPG_UNKNOWN) : boolean(t == IPG_TRUE);
}

static value integer(int64_t i) {
  value v = of_kind(V_INT);
  v.i = i;
  return v;
}

static value string(const char *s, size_t n) {
  if (!s)
    return unknown(IPG_UNKNOWN);
  value v = of_kind(V_STR);
  v.s = s;
  v.n = n;
  return v;
}

static ipg_truth truth(value v) {
  switch (v.kind) {
  case V_UNKNOWN: return (ipg_truth)v.truth;
  case V_NONE: return IPG_FALSE;
  case V_BOOL:
  case V_INT: return v.i ? IPG_TRUE : IPG_FALSE;
  case V_STR: return v.n ? IPG_TRUE : IPG_FALSE;
  case V_SEQ: return v.count ? IPG_TRUE : IPG_FALSE;
  /* A class's truth is its metaclass's (__bool__, __len__). */
  case V_OBJECT: return v.sub == OBJ_FUNCTION ? IPG_TRUE : IPG_UNKNOWN;
  default: return IPG_TRUE; /* modules, functions */
  }
}

static ipg_truth from_bool(bool b) {
  return b ? IPG_TRUE : IPG_FALSE;
}

static ipg_truth negate(ipg_truth t) {
  return t == IPG_UNKNOWN ? t : t == IPG_TRUE ? IPG_FALSE : IPG_TRUE;
}

static ipg_truth and3(ipg_truth a, ipg_truth b) {
  if (a == IPG_FALSE || b == IPG_FALSE)
    return IPG_FALSE;
  return a == IPG_TRUE && b == IPG_TRUE ? IPG_TRUE : IPG_UNKNOWN;
}

static bool number(value v) {
  return v.kind == V_BOOL || v.kind == V_INT;
}

static bool scalar(value v) {
  return v.kind == V_NONE || number(v) || v.kind == V_STR || v.kind == V_SEQ;
}

static const value *item(const evaluator *e, value seq, uint32_t i) {
  return &e->items[seq.first + i];
}

static ipg_truth equal(const evaluator *e, value a, value b);

/* Sequence kinds that compare equal to each other. */
static uint8_t seq_family(value v) {
  return v.sub == SEQ_VERSION ? SEQ_TUPLE : v.sub;
}

static ipg_truth equal(const evaluator *e, value a, value b) {
  if (a.kind == V_UNKNOWN || b.kind == V_UNKNOWN)
    return IPG_UNKNOWN;
  if (a.kind == V_NONE && b.kind == V_NONE)
    return IPG_TRUE;
  if (number(a) && number(b))
    return from_bool(a.i == b.i);
  if (a.kind == V_STR && b.kind == V_STR)
    return from_bool(a.n == b.n && (a.n == 0 || memcmp(a.s, b.s, a.n) == 0));
  if (a.kind == V_SEQ && b.kind == V_SEQ) {
    if (seq_family(a) != seq_family(b))
      return IPG_FALSE;
    if (seq_family(a) == SEQ_SET)
      return IPG_UNKNOWN;
    if (a.count != b.count)
      return IPG_FALSE;
    ipg_truth all = IPG_TRUE;
    for (uint32_t i = 0; i < a.count && all != IPG_FALSE; i++)
      all = and3(all, equal(e, *item(e, a, i), *item(e, b, i)));
    return all;
  }
  if (scalar(a) && scalar(b))
    return IPG_FALSE; /* different kinds: None, numbers, str, sequences */
  /* A function compares by identity; a class's metaclass may say otherwise. */
  if ((a.kind == V_OBJECT && a.sub == OBJ_FUNCTION && scalar(b)) ||
      (b.kind == V_OBJECT && b.sub == OBJ_FUNCTION && scalar(a)))
    return IPG_FALSE;
  return IPG_UNKNOWN;
}

/* -1, 0, 1, or 2 when unknown (also for a TypeError). */
static int order(const evaluator *e, value a, value b) {
  if (number(a) && number(b))
    return a.i < b.i ? -1 : a.i > b.i;
  if (a.kind == V_STR && b.kind == V_STR) {
    size_t n = a.n < b.n ? a.n : b.n;
    int c = n ? memcmp(a.s, b.s, n) : 0;
    if (c)
      return c < 0 ? -1 : 1;
    return a.n < b.n ? -1 : a.n > b.n;
  }
  if (a.kind == V_SEQ && b.kind == V_SEQ && seq_family(a) == seq_family(b) &&
      seq_family(a) != SEQ_SET) {
    for (uint32_t i = 0; i < a.count && i < b.count; i++) {
      value x = *item(e, a, i), y = *item(e, b, i);
      ipg_truth same = equal(e, x, y);
      if (same == IPG_TRUE)
        continue;
      return same == IPG_FALSE ? order(e, x, y) : 2;
    }
    return a.count < b.count ? -1 : a.count > b.count;
  }
  return 2;
}

/* Whether the key `x` is surely not in sys.modules: the caller's
   hypothesis (ipg_cond_scope.absent) is that the module, and so each of its
   submodules, is not loaded. */
static bool surely_absent(const evaluator *e, value x) {
  const char *absent = e->scope->absent;
  size_t n = absent ? strlen(absent) : 0;
  return n && x.kind == V_STR && x.n >= n && memcmp(x.s, absent, n) == 0 &&
         (x.n == n || x.s[n] == '.');
}

static ipg_truth contains(const evaluator *e, value container, value x) {
  if (container.kind == V_MODULES)
    return surely_absent(e, x) ? IPG_FALSE : IPG_UNKNOWN;
  if (container.kind == V_SEQ) {
    ipg_truth found = IPG_FALSE;
    for (uint32_t i = 0; i < container.count; i++) {
      ipg_truth t = equal(e, *item(e, container, i), x);
      if (t == IPG_TRUE)
        return IPG_TRUE;
      if (t == IPG_UNKNOWN)
        found = IPG_UNKNOWN;
    }
    return found;
  }
  if (container.kind == V_STR && x.kind == V_STR) {
    if (x.n == 0)
      return IPG_TRUE;
    for (size_t i = 0; i + x.n <= container.n; i++)
      if (memcmp(container.s + i, x.s, x.n) == 0)
        return IPG_TRUE;
    return IPG_FALSE;
  }
  return IPG_UNKNOWN;
}

/* A function or a class: an object that is none of the constants. */
static bool routine(value v) {
  return v.kind == V_OBJECT && v.sub != OBJ_NOT_NONE;
}

static ipg_truth identical(value a, value b) {
  bool a_single = a.kind == V_NONE || a.kind == V_BOOL,
       b_single = b.kind == V_NONE || b.kind == V_BOOL;
  if (a_single && b_single)
    return from_bool(a.kind == b.kind && a.i == b.i);
  if ((a_single && scalar(b)) || (b_single && scalar(a)))
    return IPG_FALSE;
  if ((a.kind == V_OBJECT && b.kind == V_NONE) || (b.kind == V_OBJECT && a.kind == V_NONE))
    return IPG_FALSE;
  if ((routine(a) && scalar(b)) || (routine(b) && scalar(a)))
    return IPG_FALSE;
  return IPG_UNKNOWN;
}

/* callable(v). */
static ipg_truth is_callable(value v) {
  if (routine(v) || v.kind == V_FUNC || v.kind == V_METHOD)
    return IPG_TRUE;
  return scalar(v) ? IPG_FALSE : IPG_UNKNOWN;
}

/* isinstance(v, type). */
static ipg_truth is_type(value v) {
  if (routine(v))
    return from_bool(v.sub == OBJ_CLASS);
  return scalar(v) ? IPG_FALSE : IPG_UNKNOWN;
}

/* ------------------------------------------------------------------------ */
/* The evaluator                                                            */
/* ------------------------------------------------------------------------ */

static void advance(evaluator *e) {
  if (++e->work > MAX_WORK)
    e->failed = true;
  e->cur = e->failed ? (token){.type = T_END} : lex(&e->lx);
}

static bool at_op(const evaluator *e, uint8_t op) {
  return e->cur.type == T_OP && e->cur.op == op;
}

static bool at_word(const evaluator *e, const char *word) {
  return name_is(e->lx.s, &e->cur, word);
}

static bool expect_op(evaluator *e, uint8_t op) {
  if (!at_op(e, op)) {
    e->failed = true;
    return false;
  }
  advance(e);
  return true;
}

/* The token after the current one, without consuming anything. */
static token peek(const evaluator *e) {
  lexer copy = e->lx;
  return lex(&copy);
}

static char *chars(evaluator *e, size_t n) {
  if (e->char_count + n > MAX_CHARS)
    return NULL;
  char *p = e->chars + e->char_count;
  e->char_count += n;
  return p;
}

/* A new sequence of `count` items, uninitialised; NULL when full. */
static value *new_items(evaluator *e, uint32_t count, value *seq) {
  if (e->item_count + count > MAX_ITEMS)
    return NULL;
  *seq = of_kind(V_SEQ);
  seq->first = e->item_count;
  seq->count = count;
  e->item_count += count;
  return &e->items[seq->first];
}

/* Skips to the bracket closing the one the walk is inside (depth `depth`
   of the lexer before the opening bracket) and past it. */
static void skip_to_close(evaluator *e, int depth) {
  while (!e->failed && e->cur.type != T_END &&
         !(e->lx.depth == depth && e->cur.type == T_OP &&
           (e->cur.op == OP_RPAR || e->cur.op == OP_RSQB || e->cur.op == OP_RBRACE)))
    advance(e);
  if (e->cur.type == T_END)
    e->failed = true;
  else
    advance(e);
}

static value test(evaluator *e);

static value environment_string(const char *s) {
  return s ? string(s, strlen(s)) : unknown(IPG_UNKNOWN);
}

static value version_info(evaluator *e) {
  const ipg_cond_env *env = e->scope->env;
  if (!env || env->version_parts < 2)
    return unknown(IPG_TRUE);
  value seq;
  value *items = new_items(e, 5, &seq); /* major, minor, micro, releaselevel, serial */
  if (!items)
    return unknown(IPG_TRUE);
  seq.sub = SEQ_VERSION;
  for (int i = 0; i < 5; i++)
    items[i] = i < 3 && i < env->version_parts ? integer(env->version[i]) : unknown(IPG_UNKNOWN);
  return seq;
}

static value attribute(evaluator *e, value v, const char *name, size_t n) {
#define IS(word) (n == strlen(word) && memcmp(name, word, n) == 0)
  const ipg_cond_env *env = e->scope->env;
  switch (v.kind) {
  case V_SYS:
    if (IS("platform"))
      return environment_string(env ? env->platform : NULL);
    if (IS("byteorder"))
      return environment_string(env ? env->byteorder : NULL);
    if (IS("version_info"))
      return version_info(e);
    if (IS("implementation"))
      return of_kind(V_IMPL);
    if (IS("modules"))
      return of_kind(V_MODULES);
    break;
  case V_MODULES:
    if (IS("get")) {
      value f = of_kind(V_FUNC);
      f.sub = FN_MODULES_GET;
      return f;
    }
    break;
  case V_OS:
    if (IS("name"))
      return environment_string(env ? env->os_name : NULL);
    break;
  case V_IMPL:
    if (IS("name"))
      return environment_string(env ? env->implementation : NULL);
    break;
  case V_PLATFORM:
    if (IS("system") || IS("python_implementation")) {
      value f = of_kind(V_FUNC);
      f.sub = IS("system") ? FN_SYSTEM : FN_PYIMPL;
      return f;
    }
    break;
  case V_SEQ:
    if (v.sub == SEQ_VERSION) {
      uint32_t i = IS("major") ? 0 : IS("minor") ? 1 : IS("micro") ? 2 : 3;
      if (i < 3)
        return *item(e, v, i);
    }
    break;
  case V_STR: {
    value m = of_kind(V_METHOD);
    m.s = v.s;
    m.n = v.n;
    if (IS("lower"))
      m.sub = FN_LOWER;
    else if (IS("upper"))
      m.sub = FN_UPPER;
    else if (IS("startswith"))
      m.sub = FN_STARTSWITH;
    else if (IS("endswith"))
      m.sub = FN_ENDSWITH;
    else
      break;
    return m;
  }
  default: break;
  }
  return unknown(IPG_UNKNOWN);
#undef IS
}

/* platform.system() as CPython's platform module computes it from uname()
   on these platforms. */
static value platform_system(const ipg_cond_env *env) {
  const char *p = env ? env->platform : NULL;
  if (!p)
    return unknown(IPG_UNKNOWN);
  if (strcmp(p, "linux") == 0)
    return string("Linux", 5);
  if (strcmp(p, "darwin") == 0)
    return string("Darwin", 6);
  if (strcmp(p, "win32") == 0)
    return string("Windows", 7);
  return unknown(IPG_UNKNOWN); /* cygwin gives "CYGWIN_NT-10.0-...", and so on */
}

static value python_implementation(const ipg_cond_env *env) {
  const char *impl = env ? env->implementation : NULL;
  if (impl && strcmp(impl, "cpython") == 0)
    return string("CPython", 7);
  if (impl && strcmp(impl, "pypy") == 0)
    return string("PyPy", 4);
  return unknown(IPG_UNKNOWN);
}

static ipg_truth affix(const evaluator *e, value s, value affix_value, bool prefix) {
  if (affix_value.kind == V_SEQ && affix_value.sub == SEQ_TUPLE) {
    ipg_truth any = IPG_FALSE;
    for (uint32_t i = 0; i < affix_value.count; i++) {
      ipg_truth t = affix(e, s, *item(e, affix_value, i), prefix);
      if (t == IPG_TRUE)
        return t;
      if (t == IPG_UNKNOWN)
        any = t;
    }
    return any;
  }
  if (affix_value.kind != V_STR)
    return IPG_UNKNOWN;
  if (affix_value.n > s.n)
    return IPG_FALSE;
  const char *at = prefix ? s.s : s.s + s.n - affix_value.n;
  return from_bool(affix_value.n == 0 || memcmp(at, affix_value.s, affix_value.n) == 0);
}

static value call(evaluator *e, value fn, const value *args, size_t count, bool plain) {
  if (!plain)
    return unknown(IPG_UNKNOWN);
  if (fn.kind == V_FUNC && fn.sub == FN_FROZENSET) {
    if (count != 1 || args[0].kind != V_SEQ || args[0].sub == SEQ_VERSION)
      return unknown(IPG_UNKNOWN);
    value set = args[0];
    set.sub = SEQ_SET;
    return set;
  }
  if (fn.kind == V_FUNC && fn.sub == FN_CALLABLE)
    return count == 1 ? truth_value(is_callable(args[0])) : unknown(IPG_UNKNOWN);
  if (fn.kind == V_FUNC && fn.sub == FN_ISINSTANCE)
    return count == 2 && args[1].kind == V_FUNC && args[1].sub == FN_TYPE
               ? truth_value(is_type(args[0]))
               : unknown(IPG_UNKNOWN);
  if (fn.kind == V_FUNC && fn.sub == FN_MODULES_GET) /* .get(key) or .get(key, None) */
    return (count == 1 || (count == 2 && args[1].kind == V_NONE)) && surely_absent(e, args[0])
               ? of_kind(V_NONE)
               : unknown(IPG_UNKNOWN);
  if (fn.kind == V_FUNC && (fn.sub == FN_SYSTEM || fn.sub == FN_PYIMPL) && count == 0)
    return fn.sub == FN_SYSTEM ? platform_system(e->scope->env)
                               : python_implementation(e->scope->env);
  if (fn.kind != V_METHOD)
    return unknown(IPG_UNKNOWN);
  if ((fn.sub == FN_LOWER || fn.sub == FN_UPPER) && count == 0) {
    char *out = chars(e, fn.n);
    if (!out && fn.n)
      return unknown(IPG_UNKNOWN);
    for (size_t i = 0; i < fn.n; i++) {
      unsigned char c = (unsigned char)fn.s[i];
      if (c >= 0x80)
        return unknown(IPG_UNKNOWN); /* non-ASCII case mapping: not done here */
      out[i] = (char)(fn.sub == FN_LOWER ? (c >= 'A' && c <= 'Z' ? c + 32 : c)
                                         : (c >= 'a' && c <= 'z' ? c - 32 : c));
    }
    return string(fn.n ? out : "", fn.n);
  }
  if ((fn.sub == FN_STARTSWITH || fn.sub == FN_ENDSWITH) && count == 1)
    return truth_value(affix(e, string(fn.s, fn.n), args[0], fn.sub == FN_STARTSWITH));
  return unknown(IPG_UNKNOWN);
}

/* `(...)` after a callee: positional arguments (up to 4 kept); keywords,
   `*`, `**` and generator arguments make the call unknown. */
static value call_trailer(evaluator *e, value fn) {
  int depth = e->lx.depth - 1; /* before the `(` just read */
  value args[4];
  size_t count = 0;
  bool plain = true;
  advance(e);
  while (!e->failed && !at_op(e, OP_RPAR)) {
    if (at_op(e, OP_STAR) || at_op(e, OP_DSTAR)) {
      plain = false;
      advance(e);
    } else if (e->cur.type == T_NAME && peek(e).type == T_OP && peek(e).op == OP_ASSIGN) {
      plain = false;
      advance(e);
      advance(e);
    }
    value v = test(e);
    if (at_word(e, "for")) { /* f(x for x in y) */
      skip_to_close(e, depth);
      return unknown(IPG_UNKNOWN);
    }
    if (count < 4)
      args[count] = v;
    count++;
    if (!at_op(e, OP_COMMA))
      break;
    advance(e);
  }
  if (!expect_op(e, OP_RPAR))
    return unknown(IPG_UNKNOWN);
  return call(e, fn, args, count, plain && count <= 4);
}

/* An optional int (or None) slice bound; *known is false for anything else. */
static bool slice_bound(value v, int64_t *out, bool *present) {
  if (v.kind == V_NONE) {
    *present = false;
    return true;
  }
  if (!number(v))
    return false;
  *present = true;
  *out = v.i;
  return true;
}

static int64_t clamp_bound(int64_t i, int64_t len) {
  if (i < 0)
    i += len;
  return i < 0 ? 0 : i > len ? len : i;
}

static value subscript(evaluator *e, value v, value index, bool slice, value lo, value hi) {
  if (v.kind != V_STR && !(v.kind == V_SEQ && v.sub != SEQ_SET))
    return unknown(IPG_UNKNOWN);
  int64_t len = v.kind == V_STR ? (int64_t)v.n : (int64_t)v.count;
  if (!slice) {
    if (!number(index))
      return unknown(IPG_UNKNOWN);
    int64_t i = index.i < 0 ? index.i + len : index.i;
    if (i < 0 || i >= len)
      return unknown(IPG_UNKNOWN); /* IndexError */
    return v.kind == V_STR ? string(v.s + i, 1) : *item(e, v, (uint32_t)i);
  }
  int64_t a = 0, b = len;
  bool has_a, has_b;
  if (!slice_bound(lo, &a, &has_a) || !slice_bound(hi, &b, &has_b))
    return unknown(IPG_UNKNOWN);
  a = has_a ? clamp_bound(a, len) : 0;
  b = has_b ? clamp_bound(b, len) : len;
  if (b < a)
    b = a;
  if (v.kind == V_STR)
    return string(v.s + a, (size_t)(b - a));
  value out = v;
  out.first = v.first + (uint32_t)a;
  out.count = (uint32_t)(b - a);
  if (out.sub == SEQ_VERSION)
    out.sub = SEQ_TUPLE; /* a slice of version_info is a plain tuple */
  return out;
}

/* `[...]` after a value: one index or one slice without a step. */
static value subscript_trailer(evaluator *e, value v) {
  int depth = e->lx.depth - 1;
  advance(e);
  value none = of_kind(V_NONE), index = none, hi = none;
  bool slice = false;
  if (!at_op(e, OP_COLON))
    index = test(e);
  if (at_op(e, OP_COLON)) {
    slice = true;
    advance(e);
    if (!at_op(e, OP_RSQB) && !at_op(e, OP_COLON))
      hi = test(e);
    if (at_op(e, OP_COLON)) { /* a step */
      skip_to_close(e, depth);
      return unknown(IPG_UNKNOWN);
    }
  }
  if (at_op(e, OP_COMMA)) {
    skip_to_close(e, depth);
    return unknown(IPG_UNKNOWN);
  }
  if (!expect_op(e, OP_RSQB))
    return unknown(IPG_UNKNOWN);
  return subscript(e, v, index, slice, index, hi);
}

static value evaluate_definition(evaluator *e, const cond_name *def);

/* Whether an import of the scan binds the name (a star import may bind
   any). */
static bool import_binds(const impgraph_scan *scan, const char *s, size_t n) {
  size_t count = impgraph_scan_import_count(scan);
  for (size_t i = 0; i < count; i++) {
    const impgraph_import *rec = impgraph_scan_import(scan, i);
    if (rec->kind == IMPGRAPH_IMPORT_STAR)
      return true;
    if (rec->bound && strlen(rec->bound) == n && memcmp(rec->bound, s, n) == 0)
      return true;
    for (size_t k = 0; k < rec->name_count; k++) {
      const char *bound = rec->names[k].bound;
      if (bound && strlen(bound) == n && memcmp(bound, s, n) == 0)
        return true;
    }
  }
  return false;
}

static bool inside_import(const impgraph_scan *scan, uint32_t at) {
  size_t count = impgraph_scan_import_count(scan);
  for (size_t i = 0; i < count; i++) {
    const impgraph_range *r = &impgraph_scan_import(scan, i)->statement;
    if (r->start_byte <= at && at < r->end_byte)
      return true;
  }
  return false;
}

/* IPG_COND_* of sys / os / platform bound by something other than an
   import where module-level code sees it (module level or a class body, or
   a `global` declaration), from the scan's use records. */
/* Whether the name at byte `at` is a target of a `del` statement that
   starts its line (`del sys`, `del _t, sys`). A deleted name is unbound,
   not bound to another value: a condition that reads it afterwards raises
   NameError, so the branch does not run either way. */
static bool deleted_at(const char *text, size_t len, size_t at) {
  if (!text || at > len)
    return false;
  size_t line = at;
  while (line > 0 && text[line - 1] != '\n')
    line--;
  while (line < at && (text[line] == ' ' || text[line] == '\t'))
    line++;
  if (at < line + 4 || memcmp(text + line, "del", 3) != 0 ||
      (text[line + 3] != ' ' && text[line + 3] != '\t' && text[line + 3] != '('))
    return false;
  for (size_t i = line + 3; i < at; i++) /* only names, commas and brackets between */
    if (!ident_char((unsigned char)text[i]) && !strchr(" \t,()[]", text[i]))
      return false;
  return true;
}

static uint32_t rebound_modules(ipg_cond_scope *scope) {
  if (scope->rebound_known)
    return scope->rebound;
  static const struct {
    const char *name;
    uint32_t bit;
  } names[] = {{"sys", IPG_COND_SYS}, {"os", IPG_COND_OS}, {"platform", IPG_COND_PLATFORM}};
  size_t count = impgraph_scan_use_count(scope->scan);
  for (size_t i = 0; i < count; i++) {
    const impgraph_use *use = impgraph_scan_use(scope->scan, i);
    bool declared = use->flags & IMPGRAPH_USE_DECLARATION;
    bool bound = (use->flags & IMPGRAPH_USE_BINDING) && !(use->flags & IMPGRAPH_USE_FUNCTION);
    if (!declared && !bound)
      continue;
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
      if (strcmp(use->name, names[k].name) == 0 &&
          (declared || (!inside_import(scope->scan, use->range.start_byte) &&
                        !deleted_at(scope->text, scope->len, use->range.start_byte))))
        scope->rebound |= names[k].bit;
  }
  scope->rebound_known = true;
  return scope->rebound;
}

/* FN_* of the builtins frozenset, callable, isinstance and type; -1 for
   other names. */
static int builtin_function(const char *s, size_t n) {
  static const struct {
    const char *name;
    int fn;
  } builtins[] = {{"frozenset", FN_FROZENSET},
                  {"callable", FN_CALLABLE},
                  {"isinstance", FN_ISINSTANCE},
                  {"type", FN_TYPE}};
  for (size_t k = 0; k < sizeof builtins / sizeof *builtins; k++)
    if (strlen(builtins[k].name) == n && memcmp(builtins[k].name, s, n) == 0)
      return builtins[k].fn;
  return -1;
}

/* The evaluator's value of a constant the caller binds. */
static value const_value(const ipg_cond_const *c) {
  switch (c->kind) {
  case IPG_CONST_NONE: return of_kind(V_NONE);
  case IPG_CONST_TRUE: return boolean(true);
  case IPG_CONST_FALSE: return boolean(false);
  case IPG_CONST_FUNCTION:
  case IPG_CONST_CLASS:
  case IPG_CONST_NOT_NONE: {
    value v = of_kind(V_OBJECT);
    v.sub = c->kind == IPG_CONST_FUNCTION ? OBJ_FUNCTION
            : c->kind == IPG_CONST_CLASS  ? OBJ_CLASS
                                          : OBJ_NOT_NONE;
    return v;
  }
  case IPG_CONST_PLAIN:
    return c->is_int ? integer(c->i) : string(c->s ? c->s : "", c->s ? c->n : 0);
  default: return unknown(IPG_UNKNOWN);
  }
}

static value name_value(evaluator *e, const token *t) {
  const char *s = e->lx.s + t->start;
  size_t n = t->end - t->start;
#define IS(word) (n == strlen(word) && memcmp(s, word, n) == 0)
  if (IS("True") || IS("False"))
    return boolean(IS("True"));
  if (IS("None"))
    return of_kind(V_NONE);
  uint8_t module = IS("sys") ? V_SYS : IS("os") ? V_OS : IS("platform") ? V_PLATFORM : V_UNKNOWN;
  uint32_t bit = module == V_SYS ? IPG_COND_SYS : module == V_OS ? IPG_COND_OS : IPG_COND_PLATFORM;
#undef IS
  ipg_cond_scope *scope = e->scope;
  if (scope->local && e->name_depth == 0) { /* in a function, not in a definition */
    ipg_cond_const c;
    memset(&c, 0, sizeof c);
    int where = scope->local(scope->local_ctx, s, n, &c);
    if (where == IPG_COND_LOCAL_CONST)
      return const_value(&c);
    if (where != IPG_COND_NOT_LOCAL)
      return unknown(IPG_UNKNOWN);
  }
  if (module != V_UNKNOWN && (scope->modules & bit) && scope->scan) /* imported; rebound? */
    return rebound_modules(scope) & bit ? unknown(IPG_UNKNOWN) : of_kind(module);
  if (module == V_UNKNOWN && scope->scan && import_binds(scope->scan, s, n))
    return unknown(IPG_UNKNOWN);
  if (!scope->index && !scope->index_failed &&
      index_new(&scope->index, scope->text, scope->len) != IMPGRAPH_OK)
    scope->index_failed = true;
  const cond_name *entry_of = scope->index ? ipg_map_getn(&scope->index->names, s, n) : NULL;
  if (module != V_UNKNOWN && (scope->modules & bit)) /* imported; rebound by nothing else */
    return scope->index && (!entry_of || entry_of->assigns == 0) ? of_kind(module)
                                                                 : unknown(IPG_UNKNOWN);
  int builtin = module != V_UNKNOWN ? -1 : builtin_function(s, n);
  if (builtin >= 0 && scope->index && !scope->index->star_import &&
      !entry_of) { /* the builtin: nothing binds the name */
    value fn = of_kind(V_FUNC);
    fn.sub = (uint8_t)builtin;
    return fn;
  }
  if (!entry_of || !entry_of->has_def || entry_of->assigns != 1 || entry_of->imports ||
      scope->index->star_import || entry_of->def_at >= e->limit ||
      (entry_of->has_del && entry_of->del_at < e->limit))
    return unknown(IPG_UNKNOWN);
  return evaluate_definition(e, entry_of);
}

static value atom(evaluator *e) {
  const char *s = e->lx.s;
  token t = e->cur;
  if (t.type == T_NAME) {
    if (is_keyword(s, &t) && !name_is(s, &t, "True") && !name_is(s, &t, "False") &&
        !name_is(s, &t, "None")) {
      e->failed = true;
      return unknown(IPG_UNKNOWN);
    }
    advance(e);
    return name_value(e, &t);
  }
  if (t.type == T_NUMBER) {
    advance(e);
    int64_t v = 0;
    for (size_t i = t.start; i < t.end; i++) {
      char c = s[i];
      if (c == '_')
        continue;
      if (c < '0' || c > '9' || v > MAX_INT)
        return unknown(IPG_UNKNOWN); /* floats, hex, huge: not needed here */
      v = v * 10 + (c - '0');
    }
    return v > MAX_INT ? unknown(IPG_UNKNOWN) : integer(v);
  }
  if (t.type == T_STRING) {
    /* Adjacent literals concatenate; bytes, f-strings, escapes: unknown. */
    token parts[16];
    size_t count = 0, total = 0;
    bool plain = true;
    for (; e->cur.type == T_STRING && !e->failed; advance(e)) {
      if (e->cur.sflags & (S_BYTES | S_FORMAT | S_ESCAPE | S_UNTERMINATED) || count == 16)
        plain = false;
      else
        parts[count++] = e->cur;
      total += e->cur.content_end - e->cur.content_start;
    }
    if (!plain)
      return unknown(IPG_UNKNOWN);
    if (count == 1)
      return string(s + parts[0].content_start, total);
    char *joined = chars(e, total);
    if (!joined)
      return unknown(total ? IPG_TRUE : IPG_FALSE);
    for (size_t i = 0, at = 0; i < count; i++) {
      size_t n = parts[i].content_end - parts[i].content_start;
      memcpy(joined + at, s + parts[i].content_start, n);
      at += n;
    }
    return string(joined, total);
  }
  if (t.type != T_OP) {
    e->failed = true;
    return unknown(IPG_UNKNOWN);
  }
  if (t.op == OP_ELLIPSIS) {
    advance(e);
    return unknown(IPG_TRUE);
  }
  if (t.op != OP_LPAR && t.op != OP_LSQB && t.op != OP_LBRACE) {
    e->failed = true;
    return unknown(IPG_UNKNOWN);
  }
  /* A display: (), (x), (x, y), [x, y], {x, y}; comprehensions, dicts and
     starred items are unknown. */
  int depth = e->lx.depth - 1;
  uint8_t close = t.op == OP_LPAR ? OP_RPAR : t.op == OP_LSQB ? OP_RSQB : OP_RBRACE;
  advance(e);
  value elems[32];
  uint32_t count = 0;
  bool comma = false, known = true;
  while (!e->failed && !at_op(e, close)) {
    if (at_op(e, OP_STAR) || at_op(e, OP_DSTAR)) {
      known = false;
      advance(e);
    }
    value v = test(e);
    if (at_word(e, "for") || at_word(e, "async") || at_op(e, OP_COLON)) {
      skip_to_close(e, depth);
      return unknown(IPG_UNKNOWN);
    }
    if (count < 32)
      elems[count] = v;
    else
      known = false;
    count++;
    if (!at_op(e, OP_COMMA))
      break;
    comma = true;
    advance(e);
  }
  if (!expect_op(e, close))
    return unknown(IPG_UNKNOWN);
  if (t.op == OP_LPAR && count == 1 && !comma)
    return elems[0]; /* parentheses */
  if (t.op == OP_LBRACE && count == 0)
    return unknown(IPG_FALSE); /* {} is an empty dict */
  if (!known)
    return unknown(IPG_UNKNOWN);
  value seq;
  value *items = new_items(e, count, &seq);
  if (!items)
    return unknown(count ? IPG_TRUE : IPG_FALSE);
  memcpy(items, elems, count * sizeof *items);
  seq.sub = t.op == OP_LPAR ? SEQ_TUPLE : t.op == OP_LSQB ? SEQ_LIST : SEQ_SET;
  return seq;
}

static value primary(evaluator *e) {
  value v = atom(e);
  while (!e->failed) {
    if (at_op(e, OP_DOT)) {
      advance(e);
      if (e->cur.type != T_NAME) {
        e->failed = true;
        break;
      }
      token name = e->cur;
      advance(e);
      v = attribute(e, v, e->lx.s + name.start, name.end - name.start);
    } else if (at_op(e, OP_LPAR)) {
      v = call_trailer(e, v);
    } else if (at_op(e, OP_LSQB)) {
      v = subscript_trailer(e, v);
    } else {
      break;
    }
  }
  return v;
}

static value unary(evaluator *e) {
  if (++e->depth > MAX_DEPTH) {
    e->failed = true;
    return unknown(IPG_UNKNOWN);
  }
  value v;
  if (at_op(e, OP_MINUS) || at_op(e, OP_PLUS) || at_op(e, OP_TILDE)) {
    uint8_t op = e->cur.op;
    advance(e);
    v = unary(e);
    if (op == OP_MINUS && v.kind == V_INT)
      v.i = -v.i;
    else if (op != OP_PLUS || v.kind != V_INT)
      v = unknown(IPG_UNKNOWN);
  } else if (at_word(e, "await")) {
    advance(e);
    unary(e);
    v = unknown(IPG_UNKNOWN);
  } else {
    v = primary(e);
  }
  e->depth--;
  return v;
}

/* Arithmetic and bitwise operators: parsed, never computed. */
static value arith(evaluator *e) {
  value v = unary(e);
  while (!e->failed && (at_op(e, OP_BINARY) || at_op(e, OP_PLUS) || at_op(e, OP_MINUS) ||
                        at_op(e, OP_STAR) || at_op(e, OP_DSTAR))) {
    advance(e);
    unary(e);
    v = unknown(IPG_UNKNOWN);
  }
  return v;
}

enum {
  CMP_NONE,
  CMP_EQ,
  CMP_NE,
  CMP_LT,
  CMP_LE,
  CMP_GT,
  CMP_GE,
  CMP_IN,
  CMP_NOT_IN,
  CMP_IS,
  CMP_IS_NOT
};

static int comparison_operator(evaluator *e) {
  if (e->cur.type == T_OP) {
    switch (e->cur.op) {
    case OP_EQ: advance(e); return CMP_EQ;
    case OP_NE: advance(e); return CMP_NE;
    case OP_LT: advance(e); return CMP_LT;
    case OP_LE: advance(e); return CMP_LE;
    case OP_GT: advance(e); return CMP_GT;
    case OP_GE: advance(e); return CMP_GE;
    default: return CMP_NONE;
    }
  }
  if (at_word(e, "in")) {
    advance(e);
    return CMP_IN;
  }
  if (at_word(e, "is")) {
    advance(e);
    if (at_word(e, "not")) {
      advance(e);
      return CMP_IS_NOT;
    }
    return CMP_IS;
  }
  if (at_word(e, "not")) {
    token next = peek(e);
    if (name_is(e->lx.s, &next, "in")) {
      advance(e);
      advance(e);
      return CMP_NOT_IN;
    }
  }
  return CMP_NONE;
}

static ipg_truth compare(const evaluator *e, value a, int op, value b) {
  switch (op) {
  case CMP_EQ: return equal(e, a, b);
  case CMP_NE: return negate(equal(e, a, b));
  case CMP_IN: return contains(e, b, a);
  case CMP_NOT_IN: return negate(contains(e, b, a));
  case CMP_IS: return identical(a, b);
  case CMP_IS_NOT: return negate(identical(a, b));
  default: break;
  }
  int c = order(e, a, b);
  if (c == 2)
    return IPG_UNKNOWN;
  switch (op) {
  case CMP_LT: return from_bool(c < 0);
  case CMP_LE: return from_bool(c <= 0);
  case CMP_GT: return from_bool(c > 0);
  default: return from_bool(c >= 0);
  }
}

static value comparison(evaluator *e) {
  value left = arith(e);
  ipg_truth all = IPG_TRUE;
  bool compared = false;
  while (!e->failed) {
    int op = comparison_operator(e);
    if (op == CMP_NONE)
      break;
    value right = arith(e);
    all = and3(all, compare(e, left, op, right));
    left = right;
    compared = true;
  }
  return compared ? truth_value(all) : left;
}

static value not_test(evaluator *e) {
  if (!at_word(e, "not"))
    return comparison(e);
  if (++e->depth > MAX_DEPTH) {
    e->failed = true;
    return unknown(IPG_UNKNOWN);
  }
  advance(e);
  value v = truth_value(negate(truth(not_test(e))));
  e->depth--;
  return v;
}

/* `and` / `or` give one of their operands, as Python does; when the first
   one's truth is unknown, the result is unknown but may still have a
   known truth (`unknown and False` is false). */
static value and_test(evaluator *e) {
  value v = not_test(e);
  while (!e->failed && at_word(e, "and")) {
    advance(e);
    value right = not_test(e);
    ipg_truth t = truth(v);
    if (t == IPG_TRUE)
      v = right;
    else if (t == IPG_UNKNOWN)
      v = unknown(truth(right) == IPG_FALSE ? IPG_FALSE : IPG_UNKNOWN);
  }
  return v;
}

static value or_test(evaluator *e) {
  value v = and_test(e);
  while (!e->failed && at_word(e, "or")) {
    advance(e);
    value right = and_test(e);
    ipg_truth t = truth(v);
    if (t == IPG_FALSE)
      v = right;
    else if (t == IPG_UNKNOWN)
      v = unknown(truth(right) == IPG_TRUE ? IPG_TRUE : IPG_UNKNOWN);
  }
  return v;
}

static value test(evaluator *e) {
  if (++e->depth > MAX_DEPTH) {
    e->failed = true;
    return unknown(IPG_UNKNOWN);
  }
  value v;
  if (at_word(e, "lambda")) {
    /* Parameters up to the colon, then the body: a function, truthy. */
    int depth = e->lx.depth;
    advance(e);
    while (!e->failed && e->cur.type != T_END && !(e->lx.depth == depth && at_op(e, OP_COLON)))
      advance(e);
    expect_op(e, OP_COLON);
    test(e);
    v = unknown(IPG_TRUE);
  } else {
    v = or_test(e);
    if (!e->failed && at_word(e, "if")) {
      advance(e);
      value cond = or_test(e);
      if (at_word(e, "else")) {
        advance(e);
        value other = test(e);
        ipg_truth t = truth(cond);
        if (t == IPG_FALSE)
          v = other;
        else if (t == IPG_UNKNOWN)
          v = unknown(truth(v) == truth(other) ? truth(v) : IPG_UNKNOWN);
      } else {
        e->failed = true;
      }
    } else if (!e->failed && at_op(e, OP_WALRUS)) {
      advance(e);
      test(e);
      v = unknown(IPG_UNKNOWN);
    }
  }
  e->depth--;
  return v;
}

/* The value of the whole expression text[start, end); unknown when it is
   not one well-formed expression. */
static value evaluate_slice(evaluator *e, size_t start, size_t end, size_t limit) {
  lexer saved_lx = e->lx;
  token saved_cur = e->cur;
  size_t saved_limit = e->limit;
  bool saved_failed = e->failed;
  int saved_depth = e->depth;
  e->lx = (lexer){.s = e->scope->text, .pos = start, .end = end};
  e->limit = limit;
  e->failed = false;
  advance(e);
  value v = test(e);
  if (e->cur.type != T_END)
    e->failed = true;
  if (e->failed)
    v = unknown(IPG_UNKNOWN);
  bool over_budget = e->work > MAX_WORK;
  e->lx = saved_lx;
  e->cur = saved_cur;
  e->limit = saved_limit;
  e->failed = saved_failed || over_budget;
  e->depth = saved_depth;
  return v;
}

static value evaluate_definition(evaluator *e, const cond_name *def) {
  if (e->name_depth >= MAX_NAME_DEPTH || e->depth + 8 > MAX_DEPTH)
    return unknown(IPG_UNKNOWN);
  e->name_depth++;
  value v = evaluate_slice(e, def->expr_start, def->expr_end, def->def_at);
  e->name_depth--;
  return v;
}

ipg_truth ipg_cond_eval(ipg_cond_scope *scope, size_t start, size_t end) {
  if (!scope || !scope->text || start > end || end > scope->len)
    return IPG_UNKNOWN;
  /* The pools are large and need no zeroing: only the counters. */
  evaluator *e = malloc(sizeof *e);
  if (!e)
    return IPG_UNKNOWN;
  memset(e, 0, offsetof(evaluator, items));
  e->scope = scope;
  value v = evaluate_slice(e, start, end, start);
  ipg_truth t = e->failed ? IPG_UNKNOWN : truth(v);
  free(e);
  return t;
}

void ipg_cond_env_from_probe(ipg_cond_env *env, const ipg_probe *probe) {
  memset(env, 0, sizeof *env);
  if (!probe)
    return;
  env->platform = probe->platform;
  env->os_name = probe->os_name;
  env->implementation = probe->implementation;
  env->byteorder = probe->byteorder;
  env->version[0] = probe->version_major;
  env->version[1] = probe->version_minor;
  env->version[2] = probe->version_micro;
  env->version_parts = probe->version_micro >= 0 ? 3 : 2;
}

/* A constant of the evaluator, copied out. */
static int copy_const(const value *v, ipg_arena *arena, ipg_cond_const *out) {
  memset(out, 0, sizeof *out);
  if (v->kind == V_NONE || v->kind == V_BOOL) {
    out->kind = v->kind == V_NONE ? IPG_CONST_NONE : v->i ? IPG_CONST_TRUE : IPG_CONST_FALSE;
    return IMPGRAPH_OK;
  }
  if (v->kind == V_INT) {
    out->is_int = true;
    out->i = v->i;
    return IMPGRAPH_OK;
  }
  char *copy = ipg_arena_strndup(arena, v->n ? v->s : "", v->n);
  if (!copy)
    return IMPGRAPH_ENOMEM;
  out->s = copy;
  out->n = v->n;
  return IMPGRAPH_OK;
}

int ipg_cond_constants(ipg_cond_scope *scope, size_t start, size_t end, bool sequence,
                       ipg_arena *arena, ipg_cond_const *out, size_t cap, size_t *count) {
  *count = 0;
  if (!scope || !scope->text || start > end || end > scope->len || !cap)
    return IMPGRAPH_OK;
  evaluator *e = malloc(sizeof *e);
  if (!e)
    return IMPGRAPH_ENOMEM;
  memset(e, 0, offsetof(evaluator, items));
  e->scope = scope;
  value v = evaluate_slice(e, start, end, start);
  int rc = IMPGRAPH_OK;
  if (!e->failed && !sequence &&
      (v.kind == V_STR || v.kind == V_INT || v.kind == V_NONE || v.kind == V_BOOL)) {
    rc = copy_const(&v, arena, &out[0]);
    *count = rc ? 0 : 1;
  } else if (!e->failed && sequence && v.kind == V_SEQ && v.sub != SEQ_VERSION && v.count &&
             v.count <= cap) {
    bool constants = true;
    for (uint32_t i = 0; i < v.count; i++)
      constants = constants && (item(e, v, i)->kind == V_STR || item(e, v, i)->kind == V_INT);
    for (uint32_t i = 0; constants && !rc && i < v.count; i++)
      rc = copy_const(item(e, v, i), arena, &out[i]);
    *count = constants && !rc ? v.count : 0;
  }
  free(e);
  return rc;
}

bool ipg_cond_binding_count(ipg_cond_scope *scope, const char *name, size_t n, uint32_t *assigns,
                            size_t *deleted_at) {
  *assigns = 0;
  *deleted_at = SIZE_MAX;
  if (!scope || !scope->text)
    return false;
  if (scope->scan && import_binds(scope->scan, name, n))
    return false;
  if (!scope->index && !scope->index_failed &&
      index_new(&scope->index, scope->text, scope->len) != IMPGRAPH_OK)
    scope->index_failed = true;
  if (!scope->index || scope->index->star_import)
    return false;
  const cond_name *entry_of = ipg_map_getn(&scope->index->names, name, n);
  if (entry_of && entry_of->imports)
    return false;
  *assigns = entry_of ? entry_of->assigns : 0;
  if (entry_of && entry_of->has_del)
    *deleted_at = entry_of->del_at;
  return true;
}

int ipg_cond_names_new(ipg_cond_index **out, const char *text, size_t len) {
  return index_new(out, text, len);
}

bool ipg_cond_names_bind(const ipg_cond_index *index, const char *name, size_t n) {
  if (!index || index->star_import)
    return true;
  const cond_name *entry_of = ipg_map_getn(&index->names, name, n);
  return entry_of && (entry_of->assigns || entry_of->imports);
}

uint32_t ipg_cond_names_count(const ipg_cond_index *index, const char *name, size_t n) {
  if (!index || index->star_import)
    return UINT32_MAX;
  const cond_name *entry_of = ipg_map_getn(&index->names, name, n);
  return entry_of ? entry_of->assigns + entry_of->imports : 0;
}

void ipg_cond_names_free(ipg_cond_index *index) {
  if (!index)
    return;
  ipg_map_free(&index->names);
  ipg_arena_free(&index->arena);
  free(index);
}
