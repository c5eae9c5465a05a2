/* Records of the use walk besides uses: definitions (every def / class),
 * local references (reads of the names module-level defs and classes
 * bind), and the subcommands of argparse, click and typer command lines. */
#include <stdlib.h>
#include <string.h>

#include "parse/extract.h"

/* ---- local references ---- */

/* Parents whose direct children are values passed on: arguments, keyword
 * values, right-hand sides, elements of a list / tuple / set / dict. */
static const bool passes_value[IPG_K_COUNT] = {
    [IPG_K_ARGUMENT_LIST] = true, [IPG_K_KEYWORD_ARGUMENT] = true,
    [IPG_K_ASSIGNMENT] = true,    [IPG_K_AUG_ASSIGNMENT] = true,
    [IPG_K_LIST] = true,          [IPG_K_TUPLE] = true,
    [IPG_K_SET] = true,           [IPG_K_EXPRESSION_LIST] = true,
    [IPG_K_PAIR] = true,
};

void ipg_local_ref(ipg_walker *w, TSNode node, const ipg_name *name) {
  const ipg_frame *frame = &w->frames[w->depth], *parent = &w->frames[w->depth - 1];
  /* Reads only: targets, patterns' captures, declarations and the names of
   * keywords and attributes are not references. */
  if (frame->mode != IPG_M_READ && frame->mode != IPG_M_PATTERN_VALUE)
    return;
  uint32_t flags = frame->use;
  if (frame->ctx & IMPGRAPH_CTX_CONDITIONAL)
    flags |= IMPGRAPH_USE_CONDITIONAL;
  /* A child of a call that starts where the call starts is its callee;
   * the keyword name of an argument is SKIP, so a keyword_argument parent
   * means the value; an assignment's target is TARGET, so the value. */
  if (parent->kind == IPG_K_CALL && parent->start == frame->start)
    flags |= IMPGRAPH_REF_CALL;
  else if (passes_value[parent->kind] && !(flags & IMPGRAPH_USE_BASE))
    flags |= IMPGRAPH_REF_VALUE;
  impgraph_local_ref *ref = ipg_vec_push(&w->scan->local_refs);
  if (!ref) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  ref->name = name->name;
  ref->scope = frame->scope;
  ref->flags = flags;
  ref->range = ipg_range_of(w, node);
}

/* ---- definitions ---- */

/* A statement that is a string: read from the text (a quote, after at most
 * two prefix letters, starts it and one ends it). Taking `"a" + "b"` for a
 * docstring too only moves the insertion point after it, which is safe;
 * missing a docstring would put code above it. */
static bool is_docstring(ipg_walker *w, TSNode statement) {
  if (ipg_kind(w, statement) != IPG_K_EXPRESSION_STATEMENT)
    return false;
  uint32_t start = ts_node_start_byte(statement), end = ts_node_end_byte(statement);
  if (end > w->len || end - start < 2 || (w->text[end - 1] != '"' && w->text[end - 1] != '\''))
    return false;
  for (uint32_t i = start; i < start + 3 && i < end; i++) {
    char c = w->text[i];
    if (c == '"' || c == '\'')
      return true;
    if (c == 0 || !strchr("rRuUbBfF", c))
      return false;
  }
  return false;
}

/* The first statement of the body of a definition (*first) and the one
 * where code goes: the first after a docstring, the docstring when nothing
 * follows it (*insert). Null nodes when there is no statement. The body is
 * the last child: the cursor reaches it by the definition's last byte in one
 * step, which costs less than a child or field lookup. */
static void body_start(ipg_walker *w, TSNode def, TSNode *first, TSNode *insert) {
  *first = *insert = IPG_NULL_NODE;
  TSTreeCursor *c = &w->aux2;
  ts_tree_cursor_reset(c, def);
  uint32_t end = ts_node_end_byte(def);
  TSNode body = IPG_NULL_NODE;
  if (end > ts_node_start_byte(def) && ts_tree_cursor_goto_first_child_for_byte(c, end - 1) >= 0)
    body = ts_tree_cursor_current_node(c);
  if (ts_node_is_null(body) || ipg_kind(w, body) != IPG_K_BLOCK) {
    body = ts_node_child_by_field_id(def, w->g->field.body);
    if (ts_node_is_null(body))
      return;
    ts_tree_cursor_reset(c, body);
  }
  for (bool more = ts_tree_cursor_goto_first_child(c); more;
       more = ts_tree_cursor_goto_next_sibling(c)) {
    TSNode child = ts_tree_cursor_current_node(c);
    if (!ts_node_is_named(child) || ipg_kind(w, child) == IPG_K_COMMENT)
      continue;
    *insert = child;
    if (!ts_node_is_null(*first))
      return;
    *first = child;
    if (!is_docstring(w, child))
      return;
  }
}

/* The name a click / typer decorator gives when it names none: the
 * function's, in lower case with `_` replaced by `-`. */
static const char *command_name_of(ipg_walker *w, TSNode def) {
  uint32_t start, n;
  if (!ipg_definition_name(w, def, w->g->field.name, &start, &n))
    return NULL;
  char *s = ipg_arena_alloc(&w->scan->arena, n + 1);
  if (!s) {
    w->rc = IMPGRAPH_ENOMEM;
    return NULL;
  }
  for (uint32_t i = 0; i < n; i++) {
    char c = w->text[start + i];
    s[i] = c == '_' ? '-' : c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
  }
  s[n] = '\0';
  return s;
}

/* The subcommand name among a call's arguments: the first positional
 * argument or `name=`, when it is a plain string literal. Sets *found when
 * a name argument exists at all (literal or not). */
static const char *name_argument(ipg_walker *w, TSNode args, bool *found) {
  *found = false;
  if (ts_node_is_null(args) || ipg_kind(w, args) != IPG_K_ARGUMENT_LIST)
    return NULL;
  TSNode value = IPG_NULL_NODE;
  TSTreeCursor *c = &w->aux;
  ts_tree_cursor_reset(c, args);
  for (bool more = ts_tree_cursor_goto_first_child(c); more && ts_node_is_null(value);
       more = ts_tree_cursor_goto_next_sibling(c)) {
    TSNode arg = ts_tree_cursor_current_node(c);
    uint8_t kind = ipg_kind(w, arg);
    if (!ts_node_is_named(arg) || kind == IPG_K_COMMENT)
      continue;
    if (kind == IPG_K_KEYWORD_ARGUMENT) {
      TSNode key = ts_node_child_by_field_id(arg, w->g->field.name);
      if (!ts_node_is_null(key) && ipg_text_eq(w, key, "name"))
        value = ts_node_child_by_field_id(arg, w->g->field.value);
    } else if (kind != IPG_K_LIST_SPLAT && kind != IPG_K_DICT_SPLAT) {
      value = arg; /* positionals come first */
      break;
    } else {
      break;
    }
  }
  if (ts_node_is_null(value))
    return NULL;
  *found = true;
  return ipg_literal_text(w, value);
}

static impgraph_cli_command *push_command(ipg_walker *w) {
  impgraph_cli_command *cmd = ipg_vec_push(&w->scan->cli_commands);
  if (!cmd)
    w->rc = IMPGRAPH_ENOMEM;
  return cmd;
}

/* `@X.command(...)`, `@X.group(...)`, also without parentheses: a click
 * command (typer when X turns out to be a Typer application). */
static void cli_decorator(ipg_walker *w, TSNode decorator, TSNode def, const ipg_frame *frame,
                          const impgraph_range *range) {
  TSNode expr = ipg_first_named(w, decorator), args = IPG_NULL_NODE;
  if (ts_node_is_null(expr))
    return;
  if (ipg_kind(w, expr) == IPG_K_CALL) {
    args = ts_node_child_by_field_id(expr, w->g->field.arguments);
    expr = ts_node_child_by_field_id(expr, w->g->field.function);
  }
  if (ts_node_is_null(expr) || ipg_kind(w, expr) != IPG_K_ATTRIBUTE)
    return;
  TSNode attr = ts_node_child_by_field_id(expr, w->g->field.attribute);
  TSNode object = ts_node_child_by_field_id(expr, w->g->field.object);
  if (ts_node_is_null(attr) || ts_node_is_null(object) ||
      (!ipg_text_eq(w, attr, "command") && !ipg_text_eq(w, attr, "group")))
    return;
  bool named;
  const char *name = name_argument(w, args, &named);
  if (!name && !named)
    name = command_name_of(w, def);
  if (!name)
    return;
  const char *object_text =
      ipg_dotted_text(w, ts_node_start_byte(object), ts_node_end_byte(object));
  impgraph_cli_command *cmd = object_text ? push_command(w) : NULL;
  if (!cmd)
    return;
  cmd->framework = IMPGRAPH_CLI_CLICK;
  cmd->name = name;
  cmd->handler = frame->inner;
  cmd->scope = frame->scope;
  cmd->range = *range;
  if (strcmp(object_text, "click") == 0)
    return;
  ipg_cli_decorated *pending = ipg_vec_push(&w->cli_decorated);
  if (!pending) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  pending->command = w->scan->cli_commands.len - 1;
  pending->object = object_text;
}

/* The first decorator that makes the definition a subcommand, if any,
 * among the first IPG_MAX_CLI_DECORATORS. */
#define IPG_MAX_CLI_DECORATORS 16
static void cli_decorators(ipg_walker *w, TSNode decorated, TSNode def, const ipg_frame *frame,
                           const impgraph_range *range) {
  TSNode decorators[IPG_MAX_CLI_DECORATORS];
  size_t count = 0;
  TSTreeCursor *c = &w->aux;
  ts_tree_cursor_reset(c, decorated);
  for (bool more = ts_tree_cursor_goto_first_child(c); more && count < IPG_MAX_CLI_DECORATORS;
       more = ts_tree_cursor_goto_next_sibling(c)) {
    TSNode child = ts_tree_cursor_current_node(c);
    if (ipg_kind(w, child) == IPG_K_DECORATOR)
      decorators[count++] = child;
  }
  size_t before = w->scan->cli_commands.len;
  for (size_t i = 0; i < count && w->scan->cli_commands.len == before && !w->rc; i++)
    cli_decorator(w, decorators[i], def, frame, range);
}

/* The body starts on the line of the `:` (`def f(): return 1`): only
 * blanks and line continuations lie between the colon and the statement. */
static bool inline_body(const ipg_walker *w, TSNode first) {
  uint32_t at = ipg_skip_blanks_back(w->text, ts_node_start_byte(first));
  return at > 0 && at <= w->len && w->text[at - 1] == ':';
}

void ipg_definition(ipg_walker *w, TSNode node, uint8_t kind) {
  const ipg_frame *frame = &w->frames[w->depth], *parent = &w->frames[w->depth - 1];
  bool decorated = parent->kind == IPG_K_DECORATED_DEF && !ts_node_is_null(w->decorated) &&
                   ts_node_start_byte(w->decorated) == parent->start;
  impgraph_range statement = ipg_range_of(w, decorated ? w->decorated : node);
  TSNode first, insert;
  body_start(w, node, &first, &insert);
  impgraph_definition *def = ipg_vec_push(&w->scan->definitions);
  if (!def) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  def->kind = kind == IPG_K_CLASS_DEF ? IMPGRAPH_DEF_CLASS : IMPGRAPH_DEF_FUNCTION;
  def->qualname = frame->inner ? frame->inner : frame->scope;
  def->scope = frame->scope;
  def->statement = statement;
  if (!ts_node_is_null(insert)) {
    def->body_first = ipg_range_of(w, insert);
    def->body_inline = inline_body(w, first);
  } else { /* error recovery: no statement in the body, or no body */
    TSPoint end = ts_node_end_point(node);
    def->body_first = ipg_range_bytes(w, frame->end, end, frame->end, end);
    def->body_inline = 1;
  }
  def->body_indent = def->body_inline ? 0 : def->body_first.start_column - 1;
  if (decorated && w->cli_decorators && kind == IPG_K_FUNCTION_DEF)
    cli_decorators(w, w->decorated, node, frame, &statement);
}

/* ---- argparse and typer calls ---- */

/* The callee ends with the word `word` (`sub.add_parser`, `typer.Typer`). */
static bool callee_ends_with(const ipg_walker *w, TSNode fn, const char *word) {
  uint32_t end = ts_node_end_byte(fn), start = ts_node_start_byte(fn), n = (uint32_t)strlen(word);
  return end <= w->len && end - start >= n && memcmp(w->text + end - n, word, n) == 0 &&
         (end - start == n || !ipg_ident_class[(unsigned char)w->text[end - n - 1]]);
}

/* `VAR = <this call>` / `VAR: T = <this call>`: the variable, read from the
 * text at the start of the parent assignment, or NULL. */
static const char *assigned_to(ipg_walker *w, TSNode call) {
  const ipg_frame *parent = &w->frames[w->depth - 1];
  if (parent->kind != IPG_K_ASSIGNMENT || ts_node_start_byte(call) == parent->start)
    return NULL;
  uint32_t n = ipg_identifier_length(w, parent->start);
  uint32_t at = ipg_skip_blanks(w->text, w->len, parent->start + n);
  if (n == 0 || at >= w->len || (w->text[at] != '=' && w->text[at] != ':') ||
      (at + 1 < w->len && w->text[at + 1] == '='))
    return NULL;
  return ipg_strndup(w, w->text + parent->start, n);
}

static void add_parser(ipg_walker *w, TSNode call) {
  bool named;
  const char *name =
      name_argument(w, ts_node_child_by_field_id(call, w->g->field.arguments), &named);
  if (!name)
    return;
  const ipg_frame *frame = &w->frames[w->depth];
  const char *var = assigned_to(w, call);
  impgraph_cli_command *cmd = w->rc ? NULL : push_command(w);
  ipg_cli_parser *parser = cmd ? ipg_vec_push(&w->cli_parsers) : NULL;
  if (!parser) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  cmd->framework = IMPGRAPH_CLI_ARGPARSE;
  cmd->name = name;
  cmd->handler = NULL;
  cmd->scope = frame->scope;
  cmd->range = ipg_range_of(w, call);
  parser->command = w->scan->cli_commands.len - 1;
  parser->at = frame->start;
  parser->var = var;
  parser->scope = frame->scope;
}

/* The dotted text of the `func=` value when it is a name or attribute. */
static const char *func_keyword(ipg_walker *w, TSNode args) {
  if (ts_node_is_null(args))
    return NULL;
  TSTreeCursor *c = &w->aux;
  ts_tree_cursor_reset(c, args);
  for (bool more = ts_tree_cursor_goto_first_child(c); more;
       more = ts_tree_cursor_goto_next_sibling(c)) {
    TSNode arg = ts_tree_cursor_current_node(c);
    if (ipg_kind(w, arg) != IPG_K_KEYWORD_ARGUMENT)
      continue;
    TSNode key = ts_node_child_by_field_id(arg, w->g->field.name);
    TSNode value = ts_node_child_by_field_id(arg, w->g->field.value);
    if (ts_node_is_null(key) || ts_node_is_null(value) || !ipg_text_eq(w, key, "func"))
      continue;
    uint8_t kind = ipg_kind(w, value);
    if (kind != IPG_K_IDENTIFIER && kind != IPG_K_ATTRIBUTE)
      return NULL;
    return ipg_dotted_text(w, ts_node_start_byte(value), ts_node_end_byte(value));
  }
  return NULL;
}

static void set_defaults(ipg_walker *w, TSNode call, TSNode fn) {
  TSNode object = ts_node_child_by_field_id(fn, w->g->field.object);
  if (ts_node_is_null(object))
    return;
  uint8_t kind = ipg_kind(w, object);
  if (kind != IPG_K_CALL && kind != IPG_K_IDENTIFIER)
    return;
  const char *handler = func_keyword(w, ts_node_child_by_field_id(call, w->g->field.arguments));
  if (!handler)
    return;
  const ipg_frame *frame = &w->frames[w->depth];
  ipg_cli_defaults *d = ipg_vec_push(&w->cli_defaults);
  if (!d) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  d->handler = handler;
  d->scope = frame->scope;
  d->before = frame->start;
  if (kind == IPG_K_CALL) {
    d->at = ts_node_start_byte(object);
    return;
  }
  d->at = UINT32_MAX;
  d->var = ipg_dotted_text(w, ts_node_start_byte(object), ts_node_end_byte(object));
}

void ipg_cli_call(ipg_walker *w, TSNode node, TSNode fn) {
  if (ts_node_is_null(fn))
    return;
  uint8_t kind = ipg_kind(w, fn);
  if (kind == IPG_K_ATTRIBUTE && callee_ends_with(w, fn, "add_parser"))
    add_parser(w, node);
  else if (kind == IPG_K_ATTRIBUTE && callee_ends_with(w, fn, "set_defaults"))
    set_defaults(w, node, fn);
  else if ((kind == IPG_K_ATTRIBUTE || kind == IPG_K_IDENTIFIER) &&
           callee_ends_with(w, fn, "Typer")) {
    const char *var = assigned_to(w, node);
    if (var)
      ipg_names_mark(w, var, (uint32_t)strlen(var), IPG_NAME_TYPER);
  }
}

/* ---- after the walk ---- */

static void resolve_defaults(ipg_walker *w, const ipg_cli_defaults *d) {
  const ipg_cli_parser *match = NULL;
  for (size_t i = 0; i < w->cli_parsers.len; i++) {
    const ipg_cli_parser *p = ipg_vec_at(&w->cli_parsers, i);
    if (d->at != UINT32_MAX ? p->at == d->at
                            : p->var && p->at < d->before && strcmp(p->var, d->var) == 0 &&
                                  strcmp(p->scope, d->scope) == 0)
      match = p; /* the last assignment before the call wins */
  }
  if (match) {
    impgraph_cli_command *cmd = ipg_vec_at(&w->scan->cli_commands, match->command);
    cmd->handler = d->handler;
  }
}

/* Source order: by start, the outer of two commands starting together
 * first (`a.add_parser("x").add_parser("y")`). */
static int compare_commands(const void *a, const void *b) {
  const impgraph_range *x = &((const impgraph_cli_command *)a)->range;
  const impgraph_range *y = &((const impgraph_cli_command *)b)->range;
  if (x->start_byte != y->start_byte)
    return x->start_byte < y->start_byte ? -1 : 1;
  return x->end_byte > y->end_byte ? -1 : x->end_byte < y->end_byte;
}

void ipg_records_finish(ipg_walker *w) {
  for (size_t i = 0; i < w->cli_defaults.len; i++)
    resolve_defaults(w, ipg_vec_at(&w->cli_defaults, i));
  for (size_t i = 0; i < w->cli_decorated.len; i++) {
    const ipg_cli_decorated *d = ipg_vec_at(&w->cli_decorated, i);
    const ipg_name *app = ipg_names_find(&w->names, d->object, (uint32_t)strlen(d->object));
    if (app && (app->flags & IPG_NAME_TYPER)) {
      impgraph_cli_command *cmd = ipg_vec_at(&w->scan->cli_commands, d->command);
      cmd->framework = IMPGRAPH_CLI_TYPER;
    }
  }
  /* The walk records a command where it meets it: an add_parser call in a
   * decorator's arguments comes before the decorated definition's own. */
  ipg_vec *cmds = &w->scan->cli_commands;
  for (size_t i = 1; i < cmds->len; i++)
    if (compare_commands(ipg_vec_at(cmds, i - 1), ipg_vec_at(cmds, i)) > 0) {
      qsort(cmds->data, cmds->len, cmds->elem_size, compare_commands);
      break;
    }
}

const char *ipg_literal_text(ipg_walker *w, TSNode node) {
  uint32_t start, end;
  TSPoint point;
  if (!ipg_string_literal(w, node, &start, &end, &point))
    return NULL;
  return ipg_strndup(w, w->text + start, end - start);
}
