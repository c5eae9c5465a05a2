/* How each node changes the context of its subtree: scopes (def, class,
 * lambda), import context flags (function, class body, TYPE_CHECKING, try,
 * conditional), and use roles (annotation, default, decorator, base,
 * binding targets, declarations, match patterns). */
#include <string.h>

#include "parse/extract.h"

uint8_t ipg_kind(const ipg_walker *w, TSNode node) {
  TSSymbol sym = ts_node_symbol(node);
  if (sym == IPG_TS_ERROR_SYMBOL)
    return IPG_K_ERROR;
  return sym < IPG_MAX_SYMBOLS ? w->g->kind[sym] : IPG_K_OTHER;
}

/* Parent kinds whose children's roles depend on their field name; the field
 * id lookup is skipped for every other parent. */
static const bool needs_field[IPG_K_COUNT] = {
    [IPG_K_FUNCTION_DEF] = true,
    [IPG_K_LAMBDA] = true,
    [IPG_K_DEFAULT_PARAM] = true,
    [IPG_K_TYPED_PARAM] = true,
    [IPG_K_TYPED_DEFAULT_PARAM] = true,
    [IPG_K_CLASS_DEF] = true,
    [IPG_K_IF] = true,
    [IPG_K_ELIF] = true,
    [IPG_K_WHILE] = true,
    [IPG_K_FOR] = true,
    [IPG_K_FOR_IN_CLAUSE] = true,
    [IPG_K_TRY] = true,
    [IPG_K_EXCEPT] = true,
    [IPG_K_AS_PATTERN] = true,
    [IPG_K_WITH] = true,
    [IPG_K_MATCH] = true,
    [IPG_K_ASSIGNMENT] = true,
    [IPG_K_AUG_ASSIGNMENT] = true,
    [IPG_K_NAMED_EXPR] = true,
    [IPG_K_ATTRIBUTE] = true,
    [IPG_K_KEYWORD_ARGUMENT] = true,
    [IPG_K_TYPE_ALIAS] = true,
    [IPG_K_CALL] = true,
};

/* Nodes through which a binding target passes its role on to the names
 * inside (`a, (b, *c) = ...`); anything else (attribute, subscript, call)
 * makes the names inside plain reads. */
static const bool target_container[IPG_K_COUNT] = {
    [IPG_K_IDENTIFIER] = true,
    [IPG_K_TUPLE_PATTERN] = true,
    [IPG_K_LIST_PATTERN] = true,
    [IPG_K_PATTERN_LIST] = true,
    [IPG_K_LIST_SPLAT_PATTERN] = true,
    [IPG_K_DICT_SPLAT_PATTERN] = true,
    [IPG_K_AS_PATTERN_TARGET] = true,
    [IPG_K_TUPLE] = true,
    [IPG_K_LIST] = true,
    [IPG_K_PAREN_EXPR] = true,
    [IPG_K_EXPRESSION_LIST] = true,
    [IPG_K_TYPE] = true,
    [IPG_K_LIST_SPLAT] = true,
    [IPG_K_COMMENT] = true,
    [IPG_K_ERROR] = true,
};

static uint8_t inherited_mode(uint8_t parent_mode, uint8_t kind) {
  switch (parent_mode) {
  case IPG_M_TARGET: return target_container[kind] ? IPG_M_TARGET : IPG_M_READ;
  case IPG_M_DECL: return kind == IPG_K_IDENTIFIER ? IPG_M_DECL : IPG_M_READ;
  case IPG_M_PATTERN: return IPG_M_PATTERN;
  default: return IPG_M_READ;
  }
}

/* ---- scopes ---- */

static const char *qualified(ipg_walker *w, const char *outer, const char *name, size_t n) {
  size_t outer_len = strlen(outer);
  if (outer_len == 0)
    return ipg_strndup(w, name, n);
  char *s = ipg_arena_alloc(&w->scan->arena, outer_len + 1 + n + 1);
  if (!s) {
    w->rc = IMPGRAPH_ENOMEM;
    return w->empty_scope;
  }
  memcpy(s, outer, outer_len);
  s[outer_len] = '.';
  memcpy(s + outer_len + 1, name, n);
  s[outer_len + 1 + n] = '\0';
  return s;
}

static const char *definition_scope(ipg_walker *w, TSNode node, const char *outer) {
  uint32_t start, len;
  if (!ipg_definition_name(w, node, w->g->field.name, &start, &len))
    return qualified(w, outer, "?", 1);
  const char *s = qualified(w, outer, w->text + start, len);
  return s ? s : w->empty_scope;
}

/* The context of a def / lambda body (and of its parameter names). Lexical
 * guards (TYPE_CHECKING, its else, conditional) carry into the body; `try`
 * protection does not: the body runs later, outside the try. */
static void function_body(ipg_frame *c, const ipg_frame *def, bool lambda) {
  c->ctx = (def->ctx & (IMPGRAPH_CTX_TYPE_CHECKING | IMPGRAPH_CTX_TYPE_CHECKING_ELSE |
                        IMPGRAPH_CTX_CONDITIONAL)) |
           IMPGRAPH_CTX_FUNCTION |
           (lambda ? IMPGRAPH_CTX_LAMBDA : (def->bits & IPG_F_ASYNC ? IMPGRAPH_CTX_ASYNC : 0));
  c->use = (def->use & IMPGRAPH_USE_TYPE_CHECKING) | IMPGRAPH_USE_FUNCTION;
  c->scope = def->inner ? def->inner : def->scope;
  c->mode = IPG_M_READ;
  c->bits &= IPG_F_IN_ERROR;
}

static void class_body(ipg_frame *c, const ipg_frame *cls) {
  c->ctx = cls->ctx | IMPGRAPH_CTX_CLASS_BODY;
  c->use = (cls->use &
            (IMPGRAPH_USE_MODULE_LEVEL | IMPGRAPH_USE_FUNCTION | IMPGRAPH_USE_TYPE_CHECKING)) |
           IMPGRAPH_USE_CLASS_BODY;
  c->scope = cls->inner ? cls->inner : cls->scope;
  c->mode = IPG_M_READ;
  c->bits &= IPG_F_IN_ERROR;
}

/* A parameter name binds in the function's own scope. */
static void parameter_name(ipg_walker *w, ipg_frame *c) {
  const ipg_frame *def = &w->frames[c->owner];
  function_body(c, def, def->kind == IPG_K_LAMBDA);
  c->mode = IPG_M_TARGET;
}

/* ---- if conditions ---- */

TSNode ipg_first_named(ipg_walker *w, TSNode node) {
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count && i < 8; i++) {
    TSNode child = ts_node_named_child(node, i);
    if (ipg_kind(w, child) != IPG_K_COMMENT)
      return child;
  }
  return IPG_NULL_NODE;
}

static uint8_t negated(uint8_t kind, bool negate) {
  if (!negate || kind == IPG_C_OTHER)
    return kind;
  return kind == IPG_C_TC ? IPG_C_NOT_TC : IPG_C_TC;
}

/* TYPE_CHECKING, X.TYPE_CHECKING, `not` of one, and `and` with one operand
 * being one (the body can only run when TYPE_CHECKING is true). `or` and
 * anything else is an ordinary condition. Recursion is bounded by `budget`. */
static uint8_t classify_condition(ipg_walker *w, TSNode node, int budget) {
  bool negate = false;
  for (int step = 0; step < 32 && !ts_node_is_null(node); step++) {
    switch (ipg_kind(w, node)) {
    case IPG_K_PAREN_EXPR: node = ipg_first_named(w, node); continue;
    case IPG_K_NOT:
      node = ts_node_child_by_field_id(node, w->g->field.argument);
      negate = !negate;
      continue;
    case IPG_K_BOOLEAN_OP: {
      TSNode op = ts_node_child_by_field_id(node, w->g->field.operator);
      if (budget <= 0 || ts_node_is_null(op) || strcmp(ts_node_type(op), "and") != 0)
        return IPG_C_OTHER;
      uint8_t left =
          classify_condition(w, ts_node_child_by_field_id(node, w->g->field.left), budget - 1);
      uint8_t right =
          classify_condition(w, ts_node_child_by_field_id(node, w->g->field.right), budget - 1);
      return negated(left == IPG_C_TC || right == IPG_C_TC ? IPG_C_TC : IPG_C_OTHER, negate);
    }
    case IPG_K_IDENTIFIER:
      return negated(ipg_text_eq(w, node, "TYPE_CHECKING") ? IPG_C_TC : IPG_C_OTHER, negate);
    case IPG_K_ATTRIBUTE: {
      TSNode attr = ts_node_child_by_field_id(node, w->g->field.attribute);
      bool tc = !ts_node_is_null(attr) && ipg_text_eq(w, attr, "TYPE_CHECKING");
      return negated(tc ? IPG_C_TC : IPG_C_OTHER, negate);
    }
    default: return IPG_C_OTHER;
    }
  }
  return IPG_C_OTHER;
}

uint8_t ipg_condition_kind(ipg_walker *w, TSNode node) {
  return classify_condition(w, ts_node_child_by_field_id(node, w->g->field.condition), 4);
}

/* Adds what a branch guarded by a condition of `kind` implies. */
static void apply_condition(ipg_frame *c, uint8_t kind) {
  if (kind & IPG_C_TC) {
    c->ctx |= IMPGRAPH_CTX_TYPE_CHECKING;
    c->use |= IMPGRAPH_USE_TYPE_CHECKING;
  }
  if (kind & IPG_C_NOT_TC)
    c->ctx |= IMPGRAPH_CTX_TYPE_CHECKING_ELSE;
  if (kind & IPG_C_OTHER)
    c->ctx |= IMPGRAPH_CTX_CONDITIONAL;
}

/* An elif/else branch runs when every earlier condition was false. */
static void apply_prior_conditions(ipg_frame *c, uint8_t seen) {
  if (seen & IPG_C_TC)
    c->ctx |= IMPGRAPH_CTX_TYPE_CHECKING_ELSE;
  if (seen & IPG_C_NOT_TC) {
    c->ctx |= IMPGRAPH_CTX_TYPE_CHECKING;
    c->use |= IMPGRAPH_USE_TYPE_CHECKING;
  }
  if (seen & IPG_C_OTHER)
    c->ctx |= IMPGRAPH_CTX_CONDITIONAL;
}

static uint8_t bit_index(uint8_t kind) {
  return kind == IPG_C_OTHER ? 0 : kind == IPG_C_TC ? 1 : 2;
}

/* Where each condition kind joins the conditions that an alternative (elif
 * or else) of this if statement has seen false: the if's own condition
 * before every alternative, an elif's condition after that elif. Computed
 * once when the if is entered, since the walk skips clauses that hold no
 * candidate position. */
static void if_alternatives(ipg_walker *w, ipg_frame *c, TSNode node) {
  for (int i = 0; i < 3; i++)
    c->seen_at[i] = UINT32_MAX;
  c->seen_at[bit_index(c->cond)] = 0;
  TSTreeCursor *cur = &w->aux;
  ts_tree_cursor_reset(cur, node);
  for (bool more = ts_tree_cursor_goto_first_child(cur); more;
       more = ts_tree_cursor_goto_next_sibling(cur)) {
    TSNode child = ts_tree_cursor_current_node(cur);
    if (ipg_kind(w, child) != IPG_K_ELIF)
      continue;
    TSNode cond = ts_node_child_by_field_id(child, w->g->field.condition);
    ipg_guard_cond_push(w, c, cond, ts_node_start_byte(child));
    uint8_t i = bit_index(classify_condition(w, cond, 4));
    if (c->seen_at[i] == UINT32_MAX)
      c->seen_at[i] = ts_node_end_byte(child);
  }
}

static uint8_t seen_before(const ipg_frame *p, uint32_t at) {
  static const uint8_t kinds[3] = {IPG_C_OTHER, IPG_C_TC, IPG_C_NOT_TC};
  uint8_t seen = 0;
  for (int i = 0; i < 3; i++)
    if (p->seen_at[i] <= at)
      seen |= kinds[i];
  return seen;
}

/* ---- try handlers ---- */

static bool catches_import_error_name(ipg_walker *w, TSNode node) {
  if (ipg_kind(w, node) == IPG_K_ATTRIBUTE)
    node = ts_node_child_by_field_id(node, w->g->field.attribute);
  if (ts_node_is_null(node) || ipg_kind(w, node) != IPG_K_IDENTIFIER)
    return false;
  return ipg_text_eq(w, node, "ImportError") || ipg_text_eq(w, node, "ModuleNotFoundError") ||
         ipg_text_eq(w, node, "Exception") || ipg_text_eq(w, node, "BaseException");
}

static bool catches_import_error(ipg_walker *w, TSNode value) {
  for (int step = 0; step < 8 && !ts_node_is_null(value); step++) {
    uint8_t kind = ipg_kind(w, value);
    if (kind == IPG_K_AS_PATTERN || kind == IPG_K_PAREN_EXPR) {
      value = ipg_first_named(w, value);
      continue;
    }
    if (kind == IPG_K_TUPLE || kind == IPG_K_EXPRESSION_LIST) {
      uint32_t count = ts_node_named_child_count(value);
      for (uint32_t i = 0; i < count && i < 64; i++)
        if (catches_import_error_name(w, ts_node_named_child(value, i)))
          return true;
      return false;
    }
    return catches_import_error_name(w, value);
  }
  return false;
}

/* The exception expression of an except clause: its first named child that
 * is neither a comment nor the block; null for a bare `except:`. */
static TSNode handler_value(ipg_walker *w, TSNode clause) {
  TSTreeCursor *c = &w->aux2;
  ts_tree_cursor_reset(c, clause);
  if (!ts_tree_cursor_goto_first_child(c))
    return IPG_NULL_NODE;
  do {
    TSNode child = ts_tree_cursor_current_node(c);
    uint8_t kind = ipg_kind(w, child);
    if (!ts_node_is_named(child) || kind == IPG_K_COMMENT)
      continue;
    return kind == IPG_K_BLOCK ? IPG_NULL_NODE : child;
  } while (ts_tree_cursor_goto_next_sibling(c));
  return IPG_NULL_NODE;
}

/* Whether an except clause's block ends with a `raise` statement: the
 * exception (or another) goes on, so the handler does not make its try body
 * optional (urllib3.contrib.socks: `try: import socks / except ImportError:
 * warnings.warn(...); raise`). */
static bool handler_reraises(ipg_walker *w, TSNode clause) {
  uint32_t count = ts_node_named_child_count(clause);
  if (!count)
    return false;
  TSNode block = ts_node_named_child(clause, count - 1);
  if (ipg_kind(w, block) != IPG_K_BLOCK)
    return false;
  for (uint32_t i = ts_node_named_child_count(block); i-- > 0;) {
    TSNode last = ts_node_named_child(block, i);
    if (ipg_kind(w, last) == IPG_K_COMMENT)
      continue;
    return strcmp(ts_node_type(last), "raise_statement") == 0;
  }
  return false;
}

static bool try_is_optional(ipg_walker *w, TSNode node) {
  TSTreeCursor *c = &w->aux;
  ts_tree_cursor_reset(c, node);
  if (!ts_tree_cursor_goto_first_child(c))
    return false;
  do {
    TSNode child = ts_tree_cursor_current_node(c);
    if (ipg_kind(w, child) != IPG_K_EXCEPT)
      continue;
    TSNode value = handler_value(w, child);
    if ((ts_node_is_null(value) || catches_import_error(w, value)) && !handler_reraises(w, child))
      return true;
  } while (ts_tree_cursor_goto_next_sibling(c));
  return false;
}

/* ---- assignment targets ---- */

static bool assigns_to(ipg_walker *w, TSNode node, const char *name) {
  TSNode left = ts_node_child(node, 0);
  return !ts_node_is_null(left) && ipg_kind(w, left) == IPG_K_IDENTIFIER &&
         ipg_text_eq(w, left, name);
}

/* `__all__.extend([...])`, `__all__.append("x")`: read from the text first,
 * since almost no call starts with `__all__`. */
static bool extends_all(ipg_walker *w, TSNode node) {
  uint32_t start = ts_node_start_byte(node);
  if (start + 8 > w->len || memcmp(w->text + start, "__all__", 7) != 0)
    return false;
  TSNode fn = ts_node_child_by_field_id(node, w->g->field.function);
  if (ts_node_is_null(fn) || ipg_kind(w, fn) != IPG_K_ATTRIBUTE)
    return false;
  TSNode object = ts_node_child_by_field_id(fn, w->g->field.object);
  TSNode attr = ts_node_child_by_field_id(fn, w->g->field.attribute);
  return !ts_node_is_null(object) && !ts_node_is_null(attr) && ipg_text_eq(w, object, "__all__") &&
         (ipg_text_eq(w, attr, "extend") || ipg_text_eq(w, attr, "append"));
}

/* ---- entering a node ---- */

/* The part of the child's context that depends on its parent. */
static void from_parent(ipg_walker *w, ipg_frame *c, const ipg_frame *p, TSFieldId field,
                        uint8_t kind) {
  const ipg_fields *f = &w->g->field;
  switch (p->kind) {
  case IPG_K_FUNCTION_DEF:
  case IPG_K_LAMBDA:
    if (field == f->name)
      c->mode = IPG_M_TARGET;
    else if (field == f->parameters) {
      c->mode = IPG_M_PARAMS;
      c->owner = (uint32_t)(w->depth - 1);
    } else if (field == f->return_type || field == f->type_parameters)
      c->use |= IMPGRAPH_USE_ANNOTATION;
    else if (field == f->body)
      function_body(c, p, p->kind == IPG_K_LAMBDA);
    break;
  case IPG_K_PARAMETERS:
    if (p->mode != IPG_M_PARAMS)
      break;
    if (kind == IPG_K_IDENTIFIER || kind == IPG_K_LIST_SPLAT_PATTERN ||
        kind == IPG_K_DICT_SPLAT_PATTERN || kind == IPG_K_TUPLE_PATTERN)
      parameter_name(w, c);
    else if (kind == IPG_K_DEFAULT_PARAM || kind == IPG_K_TYPED_PARAM ||
             kind == IPG_K_TYPED_DEFAULT_PARAM)
      c->mode = IPG_M_PARAM;
    break;
  case IPG_K_DEFAULT_PARAM:
  case IPG_K_TYPED_PARAM:
  case IPG_K_TYPED_DEFAULT_PARAM:
    if (p->mode != IPG_M_PARAM)
      break;
    if (field == f->type)
      c->use |= IMPGRAPH_USE_ANNOTATION;
    else if (field == f->value)
      c->use |= IMPGRAPH_USE_DEFAULT;
    else if (field == f->name ||
             (field == 0 && (kind == IPG_K_IDENTIFIER || kind == IPG_K_LIST_SPLAT_PATTERN ||
                             kind == IPG_K_DICT_SPLAT_PATTERN)))
      parameter_name(w, c);
    break;
  case IPG_K_CLASS_DEF:
    if (field == f->name)
      c->mode = IPG_M_TARGET;
    else if (field == f->superclasses)
      c->use |= IMPGRAPH_USE_BASE;
    else if (field == f->type_parameters)
      c->use |= IMPGRAPH_USE_ANNOTATION;
    else if (field == f->body)
      class_body(c, p);
    break;
  case IPG_K_DECORATED_DEF:
    if (kind == IPG_K_DECORATOR)
      c->use |= IMPGRAPH_USE_DECORATOR;
    break;
  case IPG_K_IF:
    if (field == f->consequence)
      apply_condition(c, p->cond);
    else if (field == f->alternative)
      apply_prior_conditions(c, seen_before(p, c->start));
    break;
  case IPG_K_ELIF:
    if (field == f->consequence)
      apply_condition(c, p->cond);
    break;
  case IPG_K_WHILE:
  case IPG_K_WITH:
  case IPG_K_MATCH:
    if (field == f->body || field == f->alternative)
      c->ctx |= IMPGRAPH_CTX_CONDITIONAL;
    break;
  case IPG_K_FOR:
  case IPG_K_FOR_IN_CLAUSE:
    if (field == f->left)
      c->mode = IPG_M_TARGET;
    else if (field == f->body || field == f->alternative)
      c->ctx |= IMPGRAPH_CTX_CONDITIONAL;
    break;
  case IPG_K_TRY:
    if (field == f->body && (p->bits & IPG_F_OPTIONAL))
      c->ctx |= IMPGRAPH_CTX_OPTIONAL;
    else if (kind == IPG_K_EXCEPT || kind == IPG_K_ELSE || kind == IPG_K_FINALLY)
      c->ctx |= IMPGRAPH_CTX_CONDITIONAL;
    break;
  case IPG_K_EXCEPT:
    if (field == f->alias)
      c->mode = IPG_M_TARGET;
    break;
  case IPG_K_AS_PATTERN:
    if (field == f->alias || (p->mode == IPG_M_PATTERN && kind == IPG_K_IDENTIFIER))
      c->mode = IPG_M_TARGET;
    break;
  case IPG_K_CASE_CLAUSE:
    if (kind == IPG_K_CASE_PATTERN)
      c->mode = IPG_M_PATTERN;
    break;
  case IPG_K_CLASS_PATTERN:
    if (kind == IPG_K_DOTTED_NAME)
      c->mode = IPG_M_PATTERN_VALUE;
    break;
  case IPG_K_KEYWORD_PATTERN:
    if (kind == IPG_K_IDENTIFIER)
      c->mode = IPG_M_SKIP;
    break;
  case IPG_K_SPLAT_PATTERN:
    if (kind == IPG_K_IDENTIFIER)
      c->mode = IPG_M_TARGET;
    break;
  case IPG_K_DOTTED_NAME:
    if ((p->mode == IPG_M_PATTERN || p->mode == IPG_M_PATTERN_VALUE) && kind == IPG_K_IDENTIFIER) {
      /* Only the first name of a dotted pattern is a name reference. */
      if (c->start != p->start)
        c->mode = IPG_M_SKIP;
      else if (p->mode == IPG_M_PATTERN && (p->bits & IPG_F_SINGLE_NAME))
        c->mode = IPG_M_TARGET;
      else
        c->mode = IPG_M_READ;
    }
    break;
  case IPG_K_ASSIGNMENT:
  case IPG_K_AUG_ASSIGNMENT:
    if (field == f->left)
      c->mode = IPG_M_TARGET;
    else if (field == f->type)
      c->use |= IMPGRAPH_USE_ANNOTATION;
    else if (field == f->right && (p->bits & IPG_F_ALL_TARGET))
      c->bits |= IPG_F_ALL_VALUE;
    break;
  case IPG_K_NAMED_EXPR:
    if (field == f->name)
      c->mode = IPG_M_TARGET;
    break;
  case IPG_K_DELETE: c->mode = IPG_M_TARGET; break;
  case IPG_K_GLOBAL:
    if (kind == IPG_K_IDENTIFIER)
      c->mode = IPG_M_DECL;
    break;
  case IPG_K_ATTRIBUTE:
    if (field == f->attribute)
      c->mode = IPG_M_SKIP;
    break;
  case IPG_K_CALL:
    if (field == f->arguments && (p->bits & IPG_F_ALL_TARGET))
      c->bits |= IPG_F_ALL_VALUE;
    break;
  case IPG_K_KEYWORD_ARGUMENT:
    if (field == f->name)
      c->mode = IPG_M_SKIP;
    break;
  case IPG_K_TYPE_ALIAS:
    if (field == f->left)
      c->mode = IPG_M_TARGET;
    else if (field == f->right)
      c->use |= IMPGRAPH_USE_ANNOTATION;
    break;
  default: break;
  }
}

/* The part of a node's context that depends on the node itself. */
static void own_setup(ipg_walker *w, ipg_frame *c, const ipg_frame *p, TSNode node,
                      TSFieldId field) {
  switch (c->kind) {
  case IPG_K_ERROR: c->bits |= IPG_F_IN_ERROR; break;
  case IPG_K_EXCEPT: {
    /* A handler of import errors: its imports are the fallback for the try
     * body's, and run only when those failed. Any other handler runs only
     * when the try body raises (HANDLER). */
    if (p->kind != IPG_K_TRY)
      break;
    TSNode value = handler_value(w, node);
    if (ts_node_is_null(value) || catches_import_error(w, value))
      c->ctx |= IMPGRAPH_CTX_FALLBACK;
    else /* runs only when the try body raises something else */
      c->ctx |= IMPGRAPH_CTX_HANDLER;
    break;
  }
  case IPG_K_ATTRIBUTE:
    c->chain_end = p->kind == IPG_K_ATTRIBUTE && field == w->g->field.object
                       ? p->chain_end
                       : ts_node_end_byte(node);
    break;
  case IPG_K_DOTTED_NAME:
    if (c->mode == IPG_M_PATTERN || c->mode == IPG_M_PATTERN_VALUE) {
      c->chain_end = ts_node_end_byte(node);
      if (ts_node_child_count(node) == 1)
        c->bits |= IPG_F_SINGLE_NAME;
    }
    break;
  case IPG_K_FUNCTION_DEF: {
    uint32_t start = ts_node_start_byte(node);
    if (start + 5 < w->len && memcmp(w->text + start, "async", 5) == 0 &&
        !ipg_ident_class[(unsigned char)w->text[start + 5]])
      c->bits |= IPG_F_ASYNC;
    c->inner = definition_scope(w, node, c->scope);
    break;
  }
  case IPG_K_CLASS_DEF: c->inner = definition_scope(w, node, c->scope); break;
  case IPG_K_LAMBDA: c->inner = qualified(w, c->scope, "<lambda>", 8); break;
  case IPG_K_IF: {
    TSNode cond = ts_node_child_by_field_id(node, w->g->field.condition);
    ipg_guard_if_enter(w, c, cond);
    c->cond = classify_condition(w, cond, 4);
    if_alternatives(w, c, node);
    break;
  }
  case IPG_K_ELIF: c->cond = ipg_condition_kind(w, node); break;
  case IPG_K_TRY:
    if (try_is_optional(w, node))
      c->bits |= IPG_F_OPTIONAL;
    break;
  case IPG_K_ASSIGNMENT:
  case IPG_K_AUG_ASSIGNMENT:
    if (w->pass == IPG_PASS_USES && assigns_to(w, node, "__all__"))
      c->bits |= IPG_F_ALL_TARGET;
    break;
  case IPG_K_CALL:
    if (w->pass == IPG_PASS_USES && extends_all(w, node))
      c->bits |= IPG_F_ALL_TARGET;
    break;
  default: break;
  }
}

void ipg_enter(ipg_walker *w, TSNode node, uint8_t kind, uint32_t start) {
  const ipg_frame *p = &w->frames[w->depth - 1];
  ipg_frame *c = &w->frames[w->depth];
  c->start = start;
  c->end = ts_node_end_byte(node);
  c->scope = p->scope;
  c->inner = NULL;
  c->ctx = p->ctx;
  c->use = p->use;
  c->chain_end = 0;
  c->owner = p->owner;
  c->kind = kind;
  c->mode = inherited_mode(p->mode, kind);
  c->bits = p->bits & (IPG_F_IN_ERROR | IPG_F_ALL_VALUE);
  c->cond = 0;
  c->guard_top = p->guard_top;
  /* Calls need it only to find the arguments of __all__.extend(...). */
  bool want_field = needs_field[p->kind] && (p->kind != IPG_K_CALL || (p->bits & IPG_F_ALL_TARGET));
  TSFieldId field = want_field ? ts_tree_cursor_current_field_id(&w->cursor) : 0;
  from_parent(w, c, p, field, kind);
  /* `for obj.attr in ...`, `x[0] = ...`: a target that is not a name or a
   * tuple of names binds nothing; the names inside are reads. */
  if ((c->mode == IPG_M_TARGET && !target_container[kind]) ||
      (c->mode == IPG_M_DECL && kind != IPG_K_IDENTIFIER))
    c->mode = IPG_M_READ;
  own_setup(w, c, p, node, field);
}
