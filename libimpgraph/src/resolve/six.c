/* six, the Python 2/3 compatibility module (one file, six.py), makes itself
   a package (`__path__ = []`) and appends a meta path importer of its own,
   `_SixMetaPathImporter`, which serves `six.moves` and the modules listed
   in its `known_modules`: each lazy module class (`_MovedItems`,
   `Module_six_moves_urllib_parse`, ...) holds a list of
   `MovedModule(name, old, new=None)` / `MovedAttribute(name, old_mod,
   new_mod, ...)` calls, `_importer._add_module(CLASS(...), "moves.x", ...)`
   registers them, and a loop registers every MovedModule of
   `_moved_attributes` as `moves.<name>`. On Python 3 the target of a
   MovedModule is `new` or `name`, of a MovedAttribute `new_mod` or `name`.
   This file reads those statements from the text (they are literal calls)
   without running Python: the resolver then serves the same names, and the
   graph adds the import of each target. Conditions (`if sys.platform ==
   "win32":` around `+= [...]`, `"a" if sys.version_info >= (3, 3) else
   "b"` in arguments) are evaluated for sys.platform and sys.version_info
   only; anything else is undecidable (IPG_SIX_UNKNOWN), never guessed. */
#include <ctype.h>
#include <string.h>

#include "resolve/resolve_internal.h"

#define MAX_PROBLEMS 32
#define MAX_ARGS 5
#define MAX_TERNARY_DEPTH 4

typedef struct building_list {
  const char *name;
  ipg_vec moves; /* ipg_six_move */
  bool complete;
} building_list;

typedef struct name_pair {
  const char *key;
  const char *value;
} name_pair;

/* One `_importer._add_module` call (one registered name), or a loop
   registering every MovedModule of a list under `name` + entry name. */
typedef struct add_event {
  const char *name;       /* "moves.urllib" or the loop's prefix "moves." */
  const char *class_name; /* CLASS of `CLASS(...)`, or NULL */
  const char *var_name;   /* VAR of `_add_module(VAR, ...)`, or NULL */
  const char *loop_list;  /* the loop's list, or NULL */
} add_event;

typedef struct parser {
  const char *text;
  size_t len;
  ipg_arena *arena;
  const ipg_six_env *env;
  ipg_vec lists;    /* building_list */
  ipg_vec problems; /* ipg_six_problem */
  ipg_vec classes;  /* CLASS -> list name */
  ipg_vec vars;     /* VAR -> CLASS */
  ipg_vec events;   /* add_event */
  bool failed_alloc;
  bool complete;
  const char *line_at; /* line_of()'s memo: this position is on line_no */
  uint32_t line_no;
} parser;

/* ---- small text helpers ---- */

static bool is_ident_start(char ch) {
  return isalpha((unsigned char)ch) || ch == '_';
}

static bool is_ident_char(char ch) {
  return isalnum((unsigned char)ch) || ch == '_';
}

/* The 1-based line of `at`; counted on from the last position asked for
   when `at` is after it (the parse goes forward), so O(n) overall. */
static uint32_t line_of(parser *ps, const char *at) {
  const char *end = ps->text + ps->len;
  if (at > end)
    at = end;
  if (!ps->line_at || at < ps->line_at) {
    ps->line_at = ps->text;
    ps->line_no = 1;
  }
  for (const char *p = ps->line_at; p < at; p++)
    ps->line_no += *p == '\n';
  ps->line_at = at;
  return ps->line_no;
}

static void problem(parser *ps, const char *at, const char *message) {
  if (ps->problems.len >= MAX_PROBLEMS)
    return;
  ipg_six_problem *slot = ipg_vec_push(&ps->problems);
  if (!slot) {
    ps->failed_alloc = true;
    return;
  }
  slot->line = line_of(ps, at);
  slot->message = message;
}

static const char *copy_n(parser *ps, const char *s, size_t n) {
  const char *copy = ipg_arena_strndup(ps->arena, s, n);
  ps->failed_alloc = ps->failed_alloc || !copy;
  return copy;
}

/* An identifier at c->p (no dots); its length, 0 when none. */
static size_t ident_at(const ipg_literal_cursor *c) {
  if (c->p >= c->end || !is_ident_start(*c->p))
    return 0;
  size_t n = 1;
  while (c->p + n < c->end && is_ident_char(c->p[n]))
    n++;
  return n;
}

/* Consumes `word` when it comes next as a whole word. */
static bool accept_word(ipg_literal_cursor *c, const char *word) {
  ipg_literal_skip_space(c);
  size_t n = strlen(word);
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
    return false;
  if (c->p + n < c->end && is_ident_char(c->p[n]))
    return false;
  c->p += n;
  return true;
}

/* Consumes the text `s` when it comes next (after spaces). */
static bool accept_text(ipg_literal_cursor *c, const char *s) {
  ipg_literal_skip_space(c);
  size_t n = strlen(s);
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n) != 0)
    return false;
  c->p += n;
  return true;
}

/* Skips a quoted string (for recovery only: no escapes decoded). */
static void skip_quoted(ipg_literal_cursor *c) {
  char quote = *c->p++;
  while (c->p < c->end && *c->p != quote && *c->p != '\n') {
    if (*c->p == '\\' && c->p + 1 < c->end)
      c->p++;
    c->p++;
  }
  if (c->p < c->end && *c->p == quote)
    c->p++;
}

/* Moves to the next `,` or closing bracket at depth 0 (not consumed), or
   to a `stop` word at depth 0 (not consumed) when given. False at the end
   of the text. */
static bool skip_to_item_end(ipg_literal_cursor *c, const char *stop) {
  const char *begin = c->p;
  int depth = 0;
  size_t stop_len = stop ? strlen(stop) : 0;
  while (c->p < c->end) {
    char ch = *c->p;
    if (ch == '\'' || ch == '"') {
      skip_quoted(c);
      continue;
    }
    if (ch == '#') {
      ipg_literal_skip_space(c);
      continue;
    }
    if (ch == '(' || ch == '[' || ch == '{') {
      depth++;
    } else if (ch == ')' || ch == ']' || ch == '}' || ch == ',') {
      if (depth == 0)
        return true;
      if (ch != ',')
        depth--;
    } else if (depth == 0 && stop && (size_t)(c->end - c->p) >= stop_len &&
               memcmp(c->p, stop, stop_len) == 0 && (c->p == begin || !is_ident_char(c->p[-1])) &&
               (c->p + stop_len >= c->end || !is_ident_char(c->p[stop_len]))) {
      return true;
    }
    c->p++;
  }
  return false;
}

/* ---- conditions ---- */

static ipg_six_state truth(bool value) {
  return value ? IPG_SIX_PRESENT : IPG_SIX_ABSENT;
}

/* A comparison operator; 0 when none. Encoded as the first char plus '='
   for the two-char forms. */
static int read_operator(ipg_literal_cursor *c) {
  static const char *const ops[] = {"==", "!=", "<=", ">=", "<", ">"};
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
    if (accept_text(c, ops[i]))
      return (int)i + 1;
  return 0;
}

static bool apply_operator(int op, int cmp) {
  switch (op) {
  case 1: return cmp == 0;
  case 2: return cmp != 0;
  case 3: return cmp <= 0;
  case 4: return cmp >= 0;
  case 5: return cmp < 0;
  default: return cmp > 0;
  }
}

/* `sys.version_info[:2] OP (a, b)` and `sys.version_info OP (a, b)`. */
static ipg_six_state version_condition(parser *ps, ipg_literal_cursor *c) {
  bool sliced = accept_text(c, "[:2]") || accept_text(c, "[0:2]");
  int op = read_operator(c);
  if (!op || !accept_text(c, "("))
    return IPG_SIX_UNKNOWN;
  long tuple[3];
  size_t count = 0;
  while (count < 3) {
    ipg_literal_skip_space(c);
    if (c->p >= c->end || !isdigit((unsigned char)*c->p))
      break;
    long v = 0;
    while (c->p < c->end && isdigit((unsigned char)*c->p) && v < 100000)
      v = v * 10 + (*c->p++ - '0');
    tuple[count++] = v;
    if (!accept_text(c, ","))
      break;
  }
  if (!count || !accept_text(c, ")"))
    return IPG_SIX_UNKNOWN;
  ipg_literal_skip_space(c);
  if (c->p != c->end || ps->env->version_major <= 0)
    return IPG_SIX_UNKNOWN;
  long version[2] = {ps->env->version_major, ps->env->version_minor};
  int cmp = 0;
  for (size_t i = 0; i < count && !cmp; i++) {
    if (i >= 2)
      return IPG_SIX_UNKNOWN; /* the micro version is not known */
    cmp = version[i] < tuple[i] ? -1 : version[i] > tuple[i];
  }
  /* Equal so far: a longer tuple is greater (version_info has 5 items). */
  if (!cmp && (!sliced || count < 2))
    cmp = 1;
  return truth(apply_operator(op, cmp));
}

/* The condition text [start, end): sys.platform and sys.version_info
   comparisons; anything else is undecidable. */
static ipg_six_state eval_condition(parser *ps, const char *start, const char *end) {
  ipg_literal_cursor c = {.p = start, .end = end, .arena = ps->arena};
  ipg_six_state result = IPG_SIX_UNKNOWN;
  if (accept_text(&c, "sys.version_info")) {
    result = version_condition(ps, &c);
  } else if (accept_text(&c, "sys.platform")) {
    bool starts = accept_text(&c, ".startswith(");
    int op = starts ? 0 : read_operator(&c);
    const char *value = (starts || op == 1 || op == 2) && ipg_literal_starts_string(&c)
                            ? ipg_literal_string(&c)
                            : NULL;
    if (value && (!starts || accept_text(&c, ")"))) {
      ipg_literal_skip_space(&c);
      const char *platform = ps->env->platform;
      if (c.p == c.end && platform)
        result = truth(starts ? strncmp(platform, value, strlen(value)) == 0
                              : (strcmp(platform, value) == 0) == (op == 1));
    }
  }
  ps->failed_alloc = ps->failed_alloc || c.failed_alloc;
  return result;
}

/* ---- arguments of MovedModule / MovedAttribute ---- */

typedef struct arg_value {
  bool known;
  const char *value; /* NULL for None */
} arg_value;

/* One argument. Returns false when the text is malformed (the cursor is
   then anywhere); an argument that is well formed but not understood is
   `known` false. */
static bool parse_arg(parser *ps, ipg_literal_cursor *c, arg_value *out, int depth) {
  out->known = false;
  out->value = NULL;
  ipg_literal_skip_space(c);
  if (ipg_literal_starts_string(c)) {
    out->value = ipg_literal_string(c);
    if (!out->value)
      return false;
    out->known = true;
  } else if (accept_word(c, "None")) {
    out->known = true;
  } else if (accept_word(c, "__name__")) {
    const char *rest =
        accept_text(c, "+") && ipg_literal_starts_string(c) ? ipg_literal_string(c) : NULL;
    if (rest) {
      out->value = ipg_arena_printf(ps->arena, "%s%s", ps->env->module_name, rest);
      ps->failed_alloc = ps->failed_alloc || !out->value;
      out->known = out->value != NULL;
    } else if (!skip_to_item_end(c, "if")) {
      return false;
    }
  } else if (!skip_to_item_end(c, "if")) {
    return false;
  }
  if (!accept_word(c, "if"))
    return true;
  /* A conditional expression: VALUE if CONDITION else OTHER. */
  const char *cond_start = c->p;
  if (!skip_to_item_end(c, "else") || !accept_word(c, "else"))
    return false;
  const char *cond_end = c->p - 4;
  arg_value other;
  if (depth >= MAX_TERNARY_DEPTH || !parse_arg(ps, c, &other, depth + 1))
    return false;
  ipg_six_state cond = eval_condition(ps, cond_start, cond_end);
  if (cond == IPG_SIX_UNKNOWN)
    out->known = false;
  else if (cond == IPG_SIX_ABSENT)
    *out = other;
  return true;
}

/* `MovedModule(...)` or `MovedAttribute(...)` into a move. */
static bool parse_call(parser *ps, ipg_literal_cursor *c, ipg_six_move *move) {
  memset(move, 0, sizeof *move);
  move->line = line_of(ps, c->p);
  if (accept_word(c, "MovedModule"))
    move->is_module = true;
  else if (!accept_word(c, "MovedAttribute"))
    return false;
  if (!accept_text(c, "("))
    return false;
  arg_value args[MAX_ARGS];
  size_t count = 0;
  while (!accept_text(c, ")")) {
    if (count == MAX_ARGS || !parse_arg(ps, c, &args[count], 0))
      return false;
    count++;
    if (!accept_text(c, ",")) {
      if (!accept_text(c, ")"))
        return false;
      break;
    }
  }
  /* MovedModule(name, old[, new]); MovedAttribute(name, old_mod, new_mod, ...). */
  size_t min = 2 + !move->is_module, max = move->is_module ? 3 : 5;
  if (count < min || count > max || !args[0].known || !args[0].value)
    return false;
  move->name = args[0].value;
  if (count >= 3 && !args[2].known)
    move->target = NULL;
  else
    move->target = count >= 3 && args[2].value ? args[2].value : move->name;
  return true;
}

/* The items of a list literal after its `[`, appended to `list`. */
static void parse_moves(parser *ps, ipg_literal_cursor *c, building_list *list, ipg_six_state state,
                        const char *condition) {
  for (;;) {
    ipg_literal_skip_space(c);
    if (c->p >= c->end) {
      problem(ps, c->p, "unterminated list of moves");
      list->complete = false;
      return;
    }
    if (*c->p == ']') {
      c->p++;
      return;
    }
    ipg_six_move move;
    const char *start = c->p;
    if (parse_call(ps, c, &move)) {
      move.state = state;
      move.condition = condition;
      ipg_six_move *slot = ipg_vec_push(&list->moves);
      if (!slot) {
        ps->failed_alloc = true;
        return;
      }
      *slot = move;
    } else {
      c->p = start;
      problem(ps, start, "not a MovedModule(...) or MovedAttribute(...) call with a literal name");
      list->complete = false;
      if (!skip_to_item_end(c, NULL))
        return;
    }
    if (accept_text(c, ","))
      continue;
    if (accept_text(c, "]"))
      return;
    problem(ps, c->p, "expected ',' or ']' in a list of moves");
    list->complete = false;
    return;
  }
}

/* ---- statements ---- */

static building_list *find_list(parser *ps, const char *name, size_t len) {
  for (size_t i = 0; i < ps->lists.len; i++) {
    building_list *l = ipg_vec_at(&ps->lists, i);
    if (strlen(l->name) == len && memcmp(l->name, name, len) == 0)
      return l;
  }
  return NULL;
}

static void push_pair(parser *ps, ipg_vec *vec, const char *key, size_t key_len, const char *value,
                      size_t value_len) {
  name_pair *slot = ipg_vec_push(vec);
  if (!slot) {
    ps->failed_alloc = true;
    return;
  }
  slot->key = copy_n(ps, key, key_len);
  slot->value = copy_n(ps, value, value_len);
}

static void push_event(parser *ps, const add_event *event) {
  add_event *slot = ipg_vec_push(&ps->events);
  if (!slot)
    ps->failed_alloc = true;
  else
    *slot = *event;
}

/* `NAME = [MovedModule(...), ...]` at column 0: a new list (a list of
   that name read before is replaced, as the assignment replaces it). */
static bool list_assignment(parser *ps, ipg_literal_cursor *c, size_t name_len) {
  const char *name = c->p;
  ipg_literal_cursor look = *c;
  look.p += name_len;
  if (!accept_text(&look, "=") || (look.p < look.end && *look.p == '=') || !accept_text(&look, "["))
    return false;
  ipg_literal_cursor peek = look;
  ipg_literal_skip_space(&peek);
  if ((size_t)(peek.end - peek.p) < 5 || memcmp(peek.p, "Moved", 5) != 0)
    return false;
  building_list *list = find_list(ps, name, name_len);
  if (!list) {
    list = ipg_vec_push(&ps->lists);
    if (!list) {
      ps->failed_alloc = true;
      return true;
    }
    list->name = copy_n(ps, name, name_len);
    ipg_vec_init(&list->moves, sizeof(ipg_six_move));
  }
  list->moves.len = 0;
  list->complete = true;
  parse_moves(ps, &look, list, IPG_SIX_PRESENT, NULL);
  return true;
}

/* An indented line inside a top-level block: `NAME += [...]` or
   `NAME.extend([...])` adds to a list under the block's condition. */
static void block_addition(parser *ps, const char *line, const char *line_end, ipg_six_state state,
                           const char *condition) {
  ipg_literal_cursor c = {.p = line, .end = ps->text + ps->len, .arena = ps->arena};
  size_t n = ident_at(&c);
  if (!n)
    return;
  ipg_literal_cursor after = c;
  after.p += n;
  bool adds =
      (accept_text(&after, "+=") || (accept_text(&after, ".extend(") && after.p <= line_end)) &&
      accept_text(&after, "[");
  ipg_literal_cursor peek = after;
  ipg_literal_skip_space(&peek);
  if (!adds || (size_t)(peek.end - peek.p) < 5 || memcmp(peek.p, "Moved", 5) != 0)
    return;
  building_list *list = find_list(ps, line, n);
  if (!list) {
    problem(ps, line, "adds to a list of moves that was not read");
    ps->complete = false;
    return;
  }
  parse_moves(ps, &after, list, state, condition);
  ps->failed_alloc = ps->failed_alloc || after.failed_alloc;
}

/* `_importer._add_module(FIRST, "moves.a", "moves.b")` at column 0. */
static void add_module_call(parser *ps, ipg_literal_cursor *c) {
  add_event event = {0};
  ipg_literal_skip_space(c);
  size_t n = ident_at(c);
  if (!n) {
    problem(ps, c->p, "_add_module() of something other than a name or a class call");
    ps->complete = false;
    return;
  }
  const char *first = c->p;
  c->p += n;
  if (accept_text(c, "(")) {
    event.class_name = copy_n(ps, first, n);
    if (!skip_to_item_end(c, NULL) || !accept_text(c, ")")) {
      problem(ps, first, "unterminated _add_module() call");
      ps->complete = false;
      return;
    }
  } else {
    event.var_name = copy_n(ps, first, n);
  }
  bool any = false;
  while (accept_text(c, ",")) {
    const char *name = ipg_literal_starts_string(c) ? ipg_literal_string(c) : NULL;
    if (!name)
      break;
    event.name = name;
    push_event(ps, &event);
    any = true;
  }
  if (!any || !accept_text(c, ")")) {
    problem(ps, first, "_add_module() with names that are not string literals");
    ps->complete = false;
  }
}

/* The loop `for V in LIST:` whose body registers each MovedModule:
   `_importer._add_module(V, "moves." + V.name)`. */
static void add_module_loop(parser *ps, const char *var, size_t var_len, const char *list,
                            size_t list_len, const char *call) {
  ipg_literal_cursor c = {.p = call, .end = ps->text + ps->len, .arena = ps->arena};
  accept_text(&c, "_importer._add_module(");
  ipg_literal_skip_space(&c);
  bool ok = ident_at(&c) == var_len && memcmp(c.p, var, var_len) == 0;
  if (ok) {
    c.p += var_len;
    ok = accept_text(&c, ",") && ipg_literal_starts_string(&c);
  }
  /* The string up to the `+` alone: ipg_literal_string() would take
     `+ V.name` for a concatenation of literals. */
  const char *prefix = NULL;
  if (ok) {
    ipg_literal_cursor plus = c;
    ok = skip_to_item_end(&plus, "+") && plus.p < plus.end && *plus.p == '+';
    ipg_literal_cursor s = {.p = c.p, .end = plus.p, .arena = ps->arena};
    prefix = ok ? ipg_literal_string(&s) : NULL;
    ps->failed_alloc = ps->failed_alloc || s.failed_alloc;
    ipg_literal_skip_space(&s);
    c.p = plus.p + (plus.p < plus.end);
    ipg_literal_skip_space(&c);
    ok = prefix && s.p == s.end && ident_at(&c) == var_len && memcmp(c.p, var, var_len) == 0;
    if (ok) {
      c.p += var_len;
      ok = accept_text(&c, ".name") && accept_text(&c, ")");
    }
  }
  if (!ok) {
    problem(ps, call,
            "_add_module() in a loop, not of the form _add_module(V, \"prefix\" + V.name)");
    ps->complete = false;
    return;
  }
  add_event event = {.name = prefix, .loop_list = copy_n(ps, list, list_len)};
  push_event(ps, &event);
}

/* ---- the line walk ---- */

typedef struct line_span {
  const char *start, *end; /* without the newline */
  bool indented;           /* starts with a space or tab */
  bool blank;              /* empty or a comment only */
} line_span;

static bool next_line(const parser *ps, const char **at, line_span *out) {
  const char *end = ps->text + ps->len;
  if (*at >= end)
    return false;
  const char *nl = memchr(*at, '\n', (size_t)(end - *at));
  out->start = *at;
  out->end = nl ? nl : end;
  out->indented = out->start < out->end && (*out->start == ' ' || *out->start == '\t');
  const char *p = out->start;
  while (p < out->end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f'))
    p++;
  out->blank = p == out->end || *p == '#';
  *at = nl ? nl + 1 : end;
  return true;
}

static const char *find_in(const char *start, const char *end, const char *s) {
  size_t n = strlen(s);
  for (const char *p = start; p + n <= end; p++)
    if (memcmp(p, s, n) == 0)
      return p;
  return NULL;
}

static bool line_starts(const line_span *l, const char *s) {
  size_t n = strlen(s);
  return (size_t)(l->end - l->start) >= n && memcmp(l->start, s, n) == 0;
}

/* The indented body of the top-level block whose header ends before
   `*at`: each of its lines in turn (blank ones skipped). */
static bool next_body_line(const parser *ps, const char **at, line_span *out) {
  const char *save = *at;
  out->start = save;
  while (next_line(ps, at, out)) {
    if (out->blank)
      continue;
    if (out->indented)
      return true;
    break;
  }
  *at = out->start > save ? out->start : save;
  return false;
}

static void if_block(parser *ps, const line_span *header, const char **at) {
  /* `if CONDITION:` (a trailing comment allowed) */
  const char *colon = NULL;
  for (const char *p = header->start + 3; p < header->end && *p != '#'; p++)
    if (*p == ':')
      colon = p;
  ipg_six_state state = IPG_SIX_UNKNOWN;
  const char *condition = NULL;
  if (colon) {
    state = eval_condition(ps, header->start + 3, colon);
    condition = copy_n(ps, header->start + 3, (size_t)(colon - header->start - 3));
  }
  line_span body;
  size_t body_indent = 0;
  while (next_body_line(ps, at, &body)) {
    size_t indent = 0;
    while (body.start + indent < body.end &&
           (body.start[indent] == ' ' || body.start[indent] == '\t'))
      indent++;
    if (!body_indent)
      body_indent = indent;
    block_addition(ps, body.start + indent, body.end,
                   indent == body_indent ? state : IPG_SIX_UNKNOWN, condition);
    if (find_in(body.start, body.end, "_importer._add_module(")) {
      problem(ps, body.start, "_add_module() under a condition");
      ps->complete = false;
    }
  }
}

/* A top-level block other than `if`: additions in it are undecidable. */
static void other_block(parser *ps, const line_span *header, const char **at) {
  line_span body;
  const char *condition = copy_n(ps, header->start, (size_t)(header->end - header->start));
  while (next_body_line(ps, at, &body)) {
    const char *p = body.start;
    while (p < body.end && (*p == ' ' || *p == '\t'))
      p++;
    block_addition(ps, p, body.end, IPG_SIX_UNKNOWN, condition);
    if (find_in(body.start, body.end, "_importer._add_module(")) {
      problem(ps, body.start, "_add_module() in a block impgraph does not follow");
      ps->complete = false;
    }
  }
}

/* `for V in LIST:` whose body calls _add_module (six's loop). */
static bool for_block(parser *ps, const line_span *header, const char **at) {
  ipg_literal_cursor c = {.p = header->start + 3, .end = header->end, .arena = ps->arena};
  ipg_literal_skip_space(&c);
  size_t var_len = ident_at(&c);
  const char *var = c.p;
  c.p += var_len;
  if (!var_len || !accept_word(&c, "in"))
    return false;
  ipg_literal_skip_space(&c);
  size_t list_len = ident_at(&c);
  const char *list = c.p;
  c.p += list_len;
  if (!list_len || !accept_text(&c, ":"))
    return false;
  line_span body;
  while (next_body_line(ps, at, &body)) {
    const char *call = find_in(body.start, body.end, "_importer._add_module(");
    if (call)
      add_module_loop(ps, var, var_len, list, list_len, call);
  }
  return true;
}

/* One top-level statement at column 0. */
static void statement(parser *ps, const line_span *l, const char **at) {
  ipg_literal_cursor c = {.p = l->start, .end = ps->text + ps->len, .arena = ps->arena};
  if (line_starts(l, "if ") || line_starts(l, "if(")) {
    if_block(ps, l, at);
    return;
  }
  if (line_starts(l, "for ") && for_block(ps, l, at))
    return;
  if (line_starts(l, "_importer._add_module(")) {
    c.p += strlen("_importer._add_module(");
    add_module_call(ps, &c);
    return;
  }
  size_t n = ident_at(&c);
  if (n && list_assignment(ps, &c, n))
    return;
  block_addition(ps, l->start, l->end, IPG_SIX_PRESENT, NULL); /* NAME += [...] */
  /* CLASS._moved_attributes = LIST; VAR = CLASS(...) */
  if (n) {
    ipg_literal_cursor r = c;
    r.p += n;
    bool attrs = accept_text(&r, "._moved_attributes");
    if (accept_text(&r, "=") && (r.p >= r.end || *r.p != '=')) {
      ipg_literal_skip_space(&r);
      size_t m = ident_at(&r);
      const char *value = r.p;
      r.p += m;
      if (m && attrs)
        push_pair(ps, &ps->classes, l->start, n, value, m);
      else if (m && !attrs && accept_text(&r, "("))
        push_pair(ps, &ps->vars, l->start, n, value, m);
    }
  }
  /* Other compound statements (else:, try:, with ...:, while ...:) */
  const char *last = l->end;
  while (last > l->start && (last[-1] == ' ' || last[-1] == '\r' || last[-1] == '\t'))
    last--;
  if (last > l->start && last[-1] == ':' && !line_starts(l, "def ") && !line_starts(l, "class ") &&
      !line_starts(l, "@"))
    other_block(ps, l, at);
}

/* ---- the result ---- */

static const char *lookup_pair(const ipg_vec *pairs, const char *key) {
  const char *value = NULL;
  for (size_t i = 0; i < pairs->len; i++) {
    const name_pair *p = ipg_vec_at(pairs, i);
    if (p->key && p->value && strcmp(p->key, key) == 0)
      value = p->value; /* the last assignment wins */
  }
  return value;
}

static const ipg_six_list *result_list(const ipg_six_importer *out, const char *name) {
  for (size_t i = 0; name && i < out->list_count; i++)
    if (strcmp(out->lists[i].name, name) == 0)
      return &out->lists[i];
  return NULL;
}

static void serve(parser *ps, ipg_vec *served, const ipg_six_served *record) {
  for (size_t i = 0; i < served->len; i++) {
    ipg_six_served *s = ipg_vec_at(served, i);
    if (strcmp(s->name, record->name) == 0) {
      *s = *record; /* known_modules[name] = ...: the later call wins */
      return;
    }
  }
  ipg_six_served *slot = ipg_vec_push(served);
  if (!slot)
    ps->failed_alloc = true;
  else
    *slot = *record;
}

static int finish(parser *ps, ipg_six_importer *out) {
  out->list_count = ps->lists.len;
  out->lists = ipg_arena_alloc(ps->arena, (ps->lists.len ? ps->lists.len : 1) * sizeof *out->lists);
  if (!out->lists)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < ps->lists.len; i++) {
    building_list *b = ipg_vec_at(&ps->lists, i);
    ipg_six_list *l = &out->lists[i];
    l->name = b->name;
    l->count = b->moves.len;
    l->complete = b->complete;
    l->moves = ipg_arena_alloc(ps->arena, (l->count ? l->count : 1) * sizeof *l->moves);
    if (!l->moves)
      return IMPGRAPH_ENOMEM;
    if (l->count)
      memcpy(l->moves, b->moves.data, l->count * sizeof *l->moves);
  }
  ipg_vec served;
  ipg_vec_init(&served, sizeof(ipg_six_served));
  for (size_t i = 0; i < ps->events.len; i++) {
    const add_event *e = ipg_vec_at(&ps->events, i);
    if (e->loop_list) {
      const ipg_six_list *list = result_list(out, e->loop_list);
      if (!list) {
        ps->complete = false;
        continue;
      }
      ps->complete = ps->complete && list->complete;
      for (size_t k = 0; k < list->count; k++) {
        const ipg_six_move *m = &list->moves[k];
        if (!m->is_module || m->state == IPG_SIX_ABSENT)
          continue;
        ipg_six_served record = {.moved = m, .state = m->state};
        record.name = ipg_arena_printf(ps->arena, "%s%s", e->name, m->name);
        ps->failed_alloc = ps->failed_alloc || !record.name;
        if (record.name)
          serve(ps, &served, &record);
      }
      continue;
    }
    const char *class_name = e->class_name ? e->class_name : lookup_pair(&ps->vars, e->var_name);
    ipg_six_served record = {.name = e->name, .state = IPG_SIX_PRESENT};
    record.attributes = class_name ? result_list(out, lookup_pair(&ps->classes, class_name)) : NULL;
    serve(ps, &served, &record);
  }
  out->served_count = served.len;
  out->served = ipg_arena_alloc(ps->arena, (served.len ? served.len : 1) * sizeof *out->served);
  if (out->served && served.len)
    memcpy(out->served, served.data, served.len * sizeof *out->served);
  ipg_vec_free(&served);
  if (!out->served)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < out->served_count; i++) {
    size_t n = strlen(out->served[i].name);
    for (size_t k = 0; k < out->served_count && !out->served[i].is_package; k++)
      out->served[i].is_package = strncmp(out->served[k].name, out->served[i].name, n) == 0 &&
                                  out->served[k].name[n] == '.';
  }
  out->complete = ps->complete;
  out->problem_count = ps->problems.len;
  out->problems =
      ipg_arena_alloc(ps->arena, (ps->problems.len ? ps->problems.len : 1) * sizeof *out->problems);
  if (!out->problems)
    return IMPGRAPH_ENOMEM;
  if (ps->problems.len)
    memcpy(out->problems, ps->problems.data, ps->problems.len * sizeof *out->problems);
  return IMPGRAPH_OK;
}

static bool has_line(const char *text, size_t len, const char *prefix, const char *follow) {
  const char *end = text + len;
  size_t n = strlen(prefix);
  for (const char *line = text; line < end;) {
    const char *nl = memchr(line, '\n', (size_t)(end - line));
    const char *line_end = nl ? nl : end;
    if ((size_t)(line_end - line) >= n && memcmp(line, prefix, n) == 0 &&
        (!follow || ((size_t)(line_end - line) > n && strchr(follow, line[n]))))
      return true;
    line = nl ? nl + 1 : end;
  }
  return false;
}

bool ipg_six_recognise(const char *text, size_t len) {
  return text && has_line(text, len, "class _SixMetaPathImporter", "(:") &&
         has_line(text, len, "__path__ = []", NULL) &&
         has_line(text, len, "sys.meta_path.append(_importer)", NULL);
}

int ipg_six_parse(ipg_six_importer *out, ipg_arena *arena, const char *text, size_t len,
                  const ipg_six_env *env) {
  memset(out, 0, sizeof *out);
  if (!ipg_six_recognise(text, len))
    return IMPGRAPH_ENOTFOUND;
  out->recognised = true;
  parser ps = {.text = text, .len = len, .arena = arena, .env = env, .complete = true};
  ipg_vec_init(&ps.lists, sizeof(building_list));
  ipg_vec_init(&ps.problems, sizeof(ipg_six_problem));
  ipg_vec_init(&ps.classes, sizeof(name_pair));
  ipg_vec_init(&ps.vars, sizeof(name_pair));
  ipg_vec_init(&ps.events, sizeof(add_event));
  const char *at = text;
  line_span l;
  while (!ps.failed_alloc && next_line(&ps, &at, &l)) {
    if (!l.indented && !l.blank) {
      statement(&ps, &l, &at);
    } else if (l.indented) {
      /* Inside a statement followed by no block reader (a class body, a
         header over several lines): additions there are undecidable. */
      const char *p = l.start;
      while (p < l.end && (*p == ' ' || *p == '\t'))
        p++;
      block_addition(&ps, p, l.end, IPG_SIX_UNKNOWN, "a statement impgraph does not read");
      if (find_in(l.start, l.end, "_importer._add_module(")) {
        problem(&ps, l.start, "_add_module() in a block impgraph does not follow");
        ps.complete = false;
      }
    }
  }
  int rc = ps.failed_alloc ? IMPGRAPH_ENOMEM : finish(&ps, out);
  if (ps.failed_alloc)
    rc = IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < ps.lists.len; i++)
    ipg_vec_free(&((building_list *)ipg_vec_at(&ps.lists, i))->moves);
  ipg_vec_free(&ps.lists);
  ipg_vec_free(&ps.problems);
  ipg_vec_free(&ps.classes);
  ipg_vec_free(&ps.vars);
  ipg_vec_free(&ps.events);
  if (rc) {
    memset(out, 0, sizeof *out);
    out->recognised = true;
  }
  return rc;
}

const ipg_six_served *ipg_six_find_served(const ipg_six_importer *six, const char *rel) {
  for (size_t i = 0; six && i < six->served_count; i++)
    if (strcmp(six->served[i].name, rel) == 0)
      return &six->served[i];
  return NULL;
}

const ipg_six_move *ipg_six_find_move(const ipg_six_list *list, const char *name) {
  const ipg_six_move *found = NULL;
  for (size_t i = 0; list && i < list->count; i++)
    if (strcmp(list->moves[i].name, name) == 0 && list->moves[i].state != IPG_SIX_ABSENT)
      found = &list->moves[i]; /* setattr in list order: the last wins */
  return found;
}
