/* Import records: import statements (plain, from, star, __future__, PEP 810
 * lazy), __import__() / importlib.import_module() calls, and the strings of
 * __lazy_modules__. */
#include <stdlib.h>
#include <string.h>

#include "parse/extract.h"

/* ---- statements ---- */

static const char *node_text(ipg_walker *w, TSNode node) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  if (end > w->len || start > end)
    return ipg_strndup(w, "", 0);
  return ipg_strndup(w, w->text + start, end - start);
}

/* A name that Python could have produced: no syntax error inside, no
 * keyword (error recovery turns keywords into identifiers). */
static bool plausible_identifier(ipg_walker *w, TSNode node) {
  if (ts_node_is_null(node) || ipg_kind(w, node) != IPG_K_IDENTIFIER || ts_node_has_error(node) ||
      ts_node_is_missing(node))
    return false;
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  return end > start && end <= w->len && !ipg_is_keyword(w->text + start, end - start);
}

static bool plausible_dotted(ipg_walker *w, TSNode node) {
  if (ts_node_is_null(node) || ipg_kind(w, node) != IPG_K_DOTTED_NAME || ts_node_has_error(node))
    return false;
  TSTreeCursor *c = &w->aux2;
  ts_tree_cursor_reset(c, node);
  if (!ts_tree_cursor_goto_first_child(c))
    return false;
  do {
    TSNode child = ts_tree_cursor_current_node(c);
    if (ts_node_is_named(child) && ipg_kind(w, child) != IPG_K_COMMENT &&
        !plausible_identifier(w, child))
      return false;
  } while (ts_tree_cursor_goto_next_sibling(c));
  return true;
}

/* Inside error recovery tree-sitter may glue an `import` keyword to a name
 * on a later line; Python never ends an import at a newline outside
 * parentheses unless the line ends with a backslash. */
static bool plausible_lines(ipg_walker *w, TSNode node) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  int parens = 0;
  for (uint32_t i = start; i < end && i < w->len; i++) {
    char ch = w->text[i];
    if (ch == '(')
      parens++;
    else if (ch == ')')
      parens--;
    else if (ch == '#')
      while (i + 1 < end && w->text[i + 1] != '\n')
        i++;
    else if (ch == '\n' && parens <= 0) {
      uint32_t back = i;
      if (back > start && w->text[back - 1] == '\r')
        back--;
      if (back == start || w->text[back - 1] != '\\')
        return false;
    }
  }
  return true;
}

/* An import statement starts a logical line, follows `;` or the `:` of a
 * one-line compound statement, or follows PEP 810's `lazy`. Error recovery
 * can cut `from d import e` into garbage and an `import e` statement; this
 * rejects such fragments. */
static bool starts_statement(ipg_walker *w, TSNode node) {
  uint32_t at = ts_node_start_byte(node);
  if (ipg_lazy_prefix(w->text, w->len, at, NULL))
    return true;
  at = ipg_skip_blanks_back(w->text, at);
  return at == 0 || w->text[at - 1] == '\n' || w->text[at - 1] == ';' || w->text[at - 1] == ':';
}

/* ... and ends one: what follows is a line end, `;` or a comment. Rejects
 * `import caf\xe9` (an undecodable byte cuts the name) and other fragments
 * error recovery leaves. */
static bool ends_statement(ipg_walker *w, TSNode node) {
  uint32_t at = ipg_skip_blanks(w->text, w->len, ts_node_end_byte(node));
  if (at >= w->len)
    return true;
  char c = w->text[at];
  return c == '\n' || c == '\r' || c == ';' || c == '#';
}

/* The parsed parts of one import statement. */
typedef struct statement_parts {
  bool valid;
  uint8_t kind;
  TSNode module; /* from: dotted_name / relative_import; future: the token */
  bool wildcard;
  TSNode wildcard_node;
  size_t item_count; /* in w->items as ipg_import_item */
} statement_parts;

static ipg_import_item *item_at(ipg_walker *w, size_t i) {
  return ipg_vec_at(&w->items, i);
}

static void add_item(ipg_walker *w, TSNode spec, statement_parts *parts) {
  const ipg_fields *f = &w->g->field;
  ipg_import_item item = {spec, IPG_NULL_NODE, IPG_NULL_NODE, IPG_NULL_NODE};
  /* Field names are unreliable next to an ERROR child (`import a|b as c`
   * labels `b` as the name), so a name with an error inside is dropped. */
  if (ts_node_has_error(spec))
    return;
  if (ipg_kind(w, spec) == IPG_K_ALIASED_IMPORT) {
    item.module = ts_node_child_by_field_id(spec, f->name);
    item.alias = ts_node_child_by_field_id(spec, f->alias);
    if (!plausible_dotted(w, item.module) || !plausible_identifier(w, item.alias))
      return;
    item.bind = item.alias;
  } else {
    item.module = spec;
    if (!plausible_dotted(w, item.module))
      return;
    item.bind = ts_node_named_child(spec, 0);
  }
  /* `from m import a.b` parses, but only `import` takes dotted names. */
  if (parts->kind != IPG_K_IMPORT && ts_node_child_count(item.module) != 1)
    return;
  ipg_import_item *slot = ipg_vec_push(&w->items);
  if (!slot) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  *slot = item;
  parts->item_count++;
}

static bool plausible_module(ipg_walker *w, TSNode module) {
  if (ts_node_is_null(module) || ts_node_has_error(module))
    return false;
  uint8_t kind = ipg_kind(w, module);
  if (kind == IPG_K_DOTTED_NAME)
    return plausible_dotted(w, module);
  if (kind != IPG_K_RELATIVE_IMPORT)
    return false;
  uint32_t count = ts_node_named_child_count(module);
  for (uint32_t i = 0; i < count && i < 4; i++) {
    TSNode child = ts_node_named_child(module, i);
    if (ipg_kind(w, child) == IPG_K_DOTTED_NAME && !plausible_dotted(w, child))
      return false;
  }
  return true;
}

/* Splits an import statement into its module and imported names, keeping
 * only the parts that parse. */
static statement_parts parse_statement(ipg_walker *w, TSNode node, uint8_t kind) {
  const ipg_fields *f = &w->g->field;
  statement_parts parts = {false, kind, IPG_NULL_NODE, false, IPG_NULL_NODE, 0};
  w->items.len = 0;
  bool suspicious = ts_node_has_error(node) || (w->frames[w->depth].bits & IPG_F_IN_ERROR);
  if ((suspicious && !plausible_lines(w, node)) || !starts_statement(w, node) ||
      !ends_statement(w, node))
    return parts;
  /* add_item() uses aux2 and node functions only, so aux keeps its place. */
  TSTreeCursor *c = &w->aux;
  ts_tree_cursor_reset(c, node);
  for (bool more = ts_tree_cursor_goto_first_child(c); more && !w->rc;
       more = ts_tree_cursor_goto_next_sibling(c)) {
    TSNode child = ts_tree_cursor_current_node(c);
    TSFieldId field = ts_tree_cursor_current_field_id(c);
    uint8_t child_kind = ipg_kind(w, child);
    if (field == f->module_name || child_kind == IPG_K_FUTURE_TOKEN) {
      parts.module = child;
    } else if (child_kind == IPG_K_WILDCARD_IMPORT) {
      parts.wildcard = true;
      parts.wildcard_node = child;
    } else if (field == f->name) {
      add_item(w, child, &parts);
    }
  }
  if (kind == IPG_K_IMPORT_FROM && !plausible_module(w, parts.module))
    return parts;
  if (kind == IPG_K_FUTURE_IMPORT && ts_node_is_null(parts.module))
    return parts;
  parts.valid = parts.item_count > 0 || (kind == IPG_K_IMPORT_FROM && parts.wildcard);
  return parts;
}

static uint32_t relative_level(ipg_walker *w, TSNode module, TSNode *dotted) {
  *dotted = IPG_NULL_NODE;
  if (ipg_kind(w, module) == IPG_K_DOTTED_NAME) {
    *dotted = module;
    return 0;
  }
  uint32_t level = 0;
  uint32_t count = ts_node_named_child_count(module);
  for (uint32_t i = 0; i < count && i < 4; i++) {
    TSNode child = ts_node_named_child(module, i);
    uint8_t kind = ipg_kind(w, child);
    if (kind == IPG_K_IMPORT_PREFIX) {
      uint32_t start = ts_node_start_byte(child), end = ts_node_end_byte(child);
      for (uint32_t k = start; k < end && k < w->len; k++)
        level += w->text[k] == '.';
    } else if (kind == IPG_K_DOTTED_NAME) {
      *dotted = child;
    }
  }
  return level;
}

static impgraph_import *push_import(ipg_walker *w) {
  impgraph_import *imp = ipg_vec_push(&w->scan->imports);
  if (!imp && !w->rc)
    w->rc = IMPGRAPH_ENOMEM;
  return imp;
}

/* The statement's range, starting at a PEP 810 `lazy` keyword if there is
 * one (then LAZY joins *flags). */
static impgraph_range statement_range(ipg_walker *w, TSNode node, uint32_t *flags) {
  impgraph_range r = ipg_range_of(w, node);
  uint32_t start = ts_node_start_byte(node), lazy_start;
  if (!ipg_lazy_prefix(w->text, w->len, start, &lazy_start))
    return r;
  *flags |= IMPGRAPH_CTX_LAZY;
  uint32_t newlines = 0;
  for (uint32_t i = lazy_start; i < start; i++)
    newlines += w->text[i] == '\n';
  r.start_byte = lazy_start + w->delta;
  if (newlines == 0) {
    r.start_column -= start - lazy_start;
  } else { /* `lazy \` + newline: find the start of lazy's own line */
    uint32_t line_start = lazy_start;
    while (line_start > 0 && w->text[line_start - 1] != '\n')
      line_start--;
    r.start_line -= newlines;
    r.start_column = lazy_start - line_start + 1;
  }
  return r;
}

static void note_binding(ipg_walker *w, const char *bound, const char *module, const char *imported,
                         uint32_t statement_start) {
  ipg_name *name = ipg_names_add(w, bound, (uint32_t)strlen(bound), statement_start);
  if (!name)
    return;
  if (!imported && (strcmp(module, "importlib") == 0 ||
                    (strncmp(module, "importlib.", 10) == 0 && strcmp(bound, "importlib") == 0)))
    name->flags |= IPG_NAME_IMPORTLIB;
  if (imported && strcmp(module, "importlib") == 0 && strcmp(imported, "import_module") == 0) {
    name->flags |= IPG_NAME_IMPORT_MODULE;
    w->import_module_bound = true;
  }
}

static void plain_imports(ipg_walker *w, TSNode node, const statement_parts *parts,
                          const ipg_frame *frame) {
  uint32_t flags = frame->ctx;
  impgraph_range statement = statement_range(w, node, &flags);
  for (size_t i = 0; i < parts->item_count && !w->rc; i++) {
    const ipg_import_item *item = item_at(w, i);
    const char *module =
        ipg_dotted_text(w, ts_node_start_byte(item->module), ts_node_end_byte(item->module));
    const char *bound = node_text(w, item->bind);
    const char *alias = ts_node_is_null(item->alias) ? NULL : bound;
    impgraph_import *imp = push_import(w);
    if (!imp || !module || !bound)
      return;
    imp->kind = IMPGRAPH_IMPORT_PLAIN;
    imp->module = module;
    imp->flags = flags;
    imp->scope = frame->scope;
    imp->bound = bound;
    imp->alias = alias;
    imp->statement = statement;
    imp->module_range = ipg_range_of(w, item->module);
    note_binding(w, bound, module, NULL, ts_node_start_byte(node));
    ipg_record_guards(w, statement.start_byte);
  }
}

static void from_import(ipg_walker *w, TSNode node, const statement_parts *parts,
                        const ipg_frame *frame) {
  uint32_t flags = frame->ctx;
  impgraph_range statement = statement_range(w, node, &flags);
  TSNode dotted = IPG_NULL_NODE;
  uint32_t level = 0;
  const char *module;
  impgraph_import_kind kind;
  if (parts->kind == IPG_K_FUTURE_IMPORT) {
    module = ipg_strndup(w, "__future__", 10);
    kind = IMPGRAPH_IMPORT_FUTURE;
  } else {
    level = relative_level(w, parts->module, &dotted);
    module = ts_node_is_null(dotted)
                 ? ipg_strndup(w, "", 0)
                 : ipg_dotted_text(w, ts_node_start_byte(dotted), ts_node_end_byte(dotted));
    kind = parts->wildcard ? IMPGRAPH_IMPORT_STAR : IMPGRAPH_IMPORT_FROM;
    if (level == 0 && module && strcmp(module, "__future__") == 0 && !parts->wildcard)
      kind = IMPGRAPH_IMPORT_FUTURE;
  }
  size_t count = parts->wildcard ? 1 : parts->item_count;
  impgraph_import_name *names = ipg_arena_alloc(&w->scan->arena, count * sizeof *names);
  if (!names || !module) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  if (parts->wildcard) {
    names[0].name = ipg_strndup(w, "*", 1);
    names[0].alias = NULL;
    names[0].bound = NULL;
    names[0].range = ipg_range_of(w, parts->wildcard_node);
  }
  for (size_t i = 0; !parts->wildcard && i < count && !w->rc; i++) {
    const ipg_import_item *item = item_at(w, i);
    impgraph_import_name *n = &names[i];
    n->name = ipg_dotted_text(w, ts_node_start_byte(item->module), ts_node_end_byte(item->module));
    n->alias = ts_node_is_null(item->alias) ? NULL : node_text(w, item->alias);
    n->bound = kind == IMPGRAPH_IMPORT_FUTURE ? NULL : n->alias ? n->alias : n->name;
    n->range = ipg_range_of(w, item->spec);
    if (n->bound)
      note_binding(w, n->bound, module, n->name, ts_node_start_byte(node));
  }
  impgraph_import *imp = push_import(w);
  if (!imp || w->rc)
    return;
  imp->kind = kind;
  imp->module = module;
  imp->level = level;
  imp->flags = flags;
  imp->scope = frame->scope;
  imp->statement = statement;
  imp->module_range = ipg_range_of(w, parts->module);
  imp->name_count = count;
  imp->names = names;
  ipg_record_guards(w, statement.start_byte);
}

void ipg_import_statement(ipg_walker *w, TSNode node, uint8_t kind) {
  const ipg_frame *frame = &w->frames[w->depth];
  statement_parts parts = parse_statement(w, node, kind);
  if (!parts.valid || w->rc)
    return;
  if (kind == IPG_K_IMPORT)
    plain_imports(w, node, &parts, frame);
  else
    from_import(w, node, &parts, frame);
}

void ipg_use_import_bindings(ipg_walker *w, TSNode node, uint8_t kind) {
  if (kind == IPG_K_FUTURE_IMPORT)
    return;
  statement_parts parts = parse_statement(w, node, kind);
  if (!parts.valid || parts.wildcard)
    return;
  const ipg_frame *frame = &w->frames[w->depth];
  for (size_t i = 0; i < parts.item_count && !w->rc; i++) {
    const ipg_import_item *item = item_at(w, i);
    uint32_t start = ts_node_start_byte(item->bind), end = ts_node_end_byte(item->bind);
    const ipg_name *name = ipg_names_find(&w->names, w->text + start, end - start);
    if (!name || name->statements < 2)
      continue;
    impgraph_use *use = ipg_vec_push(&w->scan->uses);
    if (!use) {
      w->rc = IMPGRAPH_ENOMEM;
      return;
    }
    use->name = name->name;
    use->chain = name->name;
    use->flags = frame->use | IMPGRAPH_USE_BINDING;
    use->scope = frame->scope;
    use->range = ipg_range_of(w, item->bind);
  }
}

/* ---- string literals ---- */

bool ipg_string_literal(ipg_walker *w, TSNode node, uint32_t *start, uint32_t *end,
                        TSPoint *start_point) {
  if (ipg_kind(w, node) != IPG_K_STRING)
    return false;
  TSTreeCursor *c = &w->aux2;
  ts_tree_cursor_reset(c, node);
  if (!ts_tree_cursor_goto_first_child(c))
    return false;
  bool have_content = false;
  do {
    TSNode child = ts_tree_cursor_current_node(c);
    uint32_t s = ts_node_start_byte(child), e = ts_node_end_byte(child);
    switch (ipg_kind(w, child)) {
    case IPG_K_STRING_START:
      for (uint32_t i = s; i < e && i < w->len; i++) {
        char ch = w->text[i];
        if (ch == 'f' || ch == 'F' || ch == 'b' || ch == 'B' || ch == 't' || ch == 'T')
          return false;
      }
      *start = *end = e;
      *start_point = ts_node_end_point(child);
      break;
    case IPG_K_STRING_CONTENT:
      if (have_content || ts_node_child_count(child) > 0 || e > w->len ||
          memchr(w->text + s, '\\', e - s))
        return false;
      have_content = true;
      *start = s;
      *end = e;
      *start_point = ts_node_start_point(child);
      break;
    case IPG_K_STRING_END: return !ts_node_is_missing(child);
    default: return false;
    }
  } while (ts_tree_cursor_goto_next_sibling(c));
  return false;
}

/* ---- calls ---- */

typedef struct call_args {
  TSNode name, level, package, splat;
  size_t positional;
} call_args;

static void take_argument(ipg_walker *w, TSNode arg, impgraph_import_kind kind, call_args *a) {
  uint8_t arg_kind = ipg_kind(w, arg);
  if (arg_kind == IPG_K_COMMENT || !ts_node_is_named(arg))
    return;
  if (arg_kind == IPG_K_LIST_SPLAT || arg_kind == IPG_K_DICT_SPLAT) {
    if (ts_node_is_null(a->splat))
      a->splat = arg;
    return;
  }
  if (arg_kind == IPG_K_KEYWORD_ARGUMENT) {
    TSNode key = ts_node_child_by_field_id(arg, w->g->field.name);
    TSNode value = ts_node_child_by_field_id(arg, w->g->field.value);
    if (ts_node_is_null(key) || ts_node_is_null(value))
      return;
    if (ipg_text_eq(w, key, "name"))
      a->name = value;
    else if (kind == IMPGRAPH_IMPORT_DUNDER && ipg_text_eq(w, key, "level"))
      a->level = value;
    else if (kind == IMPGRAPH_IMPORT_IMPORTLIB && ipg_text_eq(w, key, "package"))
      a->package = value;
    return;
  }
  if (a->positional == 0)
    a->name = arg;
  else if (a->positional == 1 && kind == IMPGRAPH_IMPORT_IMPORTLIB)
    a->package = arg;
  else if (a->positional == 4 && kind == IMPGRAPH_IMPORT_DUNDER)
    a->level = arg;
  a->positional++;
}

static uint32_t integer_literal(ipg_walker *w, TSNode node) {
  if (ts_node_is_null(node) || ipg_kind(w, node) != IPG_K_INTEGER)
    return 0;
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node), value = 0;
  for (uint32_t i = start; i < end && i < w->len; i++) {
    char ch = w->text[i];
    if (ch < '0' || ch > '9' || value > 1000)
      return 0;
    value = value * 10 + (uint32_t)(ch - '0');
  }
  return value;
}

/* Appends the record of an import call. Returns its index, or SIZE_MAX when
 * the call has no usable argument. */
static size_t call_record(ipg_walker *w, TSNode call, impgraph_import_kind kind) {
  TSNode args = ts_node_child_by_field_id(call, w->g->field.arguments);
  if (ts_node_is_null(args) || ipg_kind(w, args) != IPG_K_ARGUMENT_LIST)
    return SIZE_MAX;
  call_args a = {IPG_NULL_NODE, IPG_NULL_NODE, IPG_NULL_NODE, IPG_NULL_NODE, 0};
  TSTreeCursor *c = &w->aux;
  ts_tree_cursor_reset(c, args);
  for (bool more = ts_tree_cursor_goto_first_child(c); more;
       more = ts_tree_cursor_goto_next_sibling(c))
    take_argument(w, ts_tree_cursor_current_node(c), kind, &a);
  if (ts_node_is_null(a.name))
    a.name = a.splat;
  if (ts_node_is_null(a.name))
    return SIZE_MAX;
  const ipg_frame *frame = &w->frames[w->depth];
  uint32_t start, end;
  TSPoint point;
  const char *module = NULL, *package = NULL;
  uint32_t level = 0, flags = frame->ctx;
  impgraph_range module_range;
  if (ipg_string_literal(w, a.name, &start, &end, &point)) {
    module_range = ipg_range_bytes(w, start, point, end, ipg_advance_point(w, start, point, end));
    if (kind == IMPGRAPH_IMPORT_IMPORTLIB)
      while (start < end && w->text[start] == '.') {
        start++;
        level++;
      }
    module = ipg_strndup(w, w->text + start, end - start);
    if (!module)
      return SIZE_MAX;
  } else {
    flags |= IMPGRAPH_CTX_DYNAMIC;
    module_range = ipg_range_of(w, a.name);
  }
  if (kind == IMPGRAPH_IMPORT_DUNDER)
    level = integer_literal(w, a.level);
  if (!ts_node_is_null(a.package) && ipg_string_literal(w, a.package, &start, &end, &point)) {
    package = ipg_strndup(w, w->text + start, end - start);
    if (!package)
      return SIZE_MAX;
  }
  impgraph_import *imp = push_import(w);
  if (!imp)
    return SIZE_MAX;
  imp->kind = kind;
  imp->module = module;
  imp->level = level;
  imp->flags = flags;
  imp->scope = frame->scope;
  imp->package = package;
  imp->statement = ipg_range_of(w, call);
  imp->module_range = module_range;
  ipg_record_guards(w, imp->statement.start_byte);
  return w->scan->imports.len - 1;
}

static void defer_call(ipg_walker *w, size_t index, TSNode callee, bool attribute) {
  if (index == SIZE_MAX)
    return;
  ipg_pending_call *p = ipg_vec_push(&w->pending_calls);
  const char *name = p ? node_text(w, callee) : NULL;
  if (!p || !name) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  p->import_index = index;
  p->callee = name;
  p->attribute = attribute;
}

void ipg_import_call(ipg_walker *w, TSNode node) {
  TSNode fn = ts_node_child_by_field_id(node, w->g->field.function);
  if (ts_node_is_null(fn))
    return;
  uint8_t kind = ipg_kind(w, fn);
  if (kind == IPG_K_IDENTIFIER) {
    if (ipg_text_eq(w, fn, "__import__"))
      call_record(w, node, IMPGRAPH_IMPORT_DUNDER);
    else if (ipg_text_eq(w, fn, "import_module"))
      defer_call(w, call_record(w, node, IMPGRAPH_IMPORT_IMPORTLIB), fn, false);
    return;
  }
  if (kind != IPG_K_ATTRIBUTE)
    return;
  TSNode object = ts_node_child_by_field_id(fn, w->g->field.object);
  TSNode attr = ts_node_child_by_field_id(fn, w->g->field.attribute);
  if (ts_node_is_null(object) || ts_node_is_null(attr) || ipg_kind(w, object) != IPG_K_IDENTIFIER)
    return;
  if (ipg_text_eq(w, attr, "import_module")) {
    if (ipg_text_eq(w, object, "importlib"))
      call_record(w, node, IMPGRAPH_IMPORT_IMPORTLIB);
    else
      defer_call(w, call_record(w, node, IMPGRAPH_IMPORT_IMPORTLIB), object, true);
  } else if (ipg_text_eq(w, attr, "__import__") &&
             (ipg_text_eq(w, object, "builtins") || ipg_text_eq(w, object, "__builtins__") ||
              ipg_text_eq(w, object, "importlib"))) {
    call_record(w, node, IMPGRAPH_IMPORT_DUNDER);
  }
}

void ipg_use_call(ipg_walker *w, TSNode node, TSNode fn) {
  if (ts_node_is_null(fn) || ipg_kind(w, fn) != IPG_K_IDENTIFIER ||
      ipg_text_eq(w, fn, "import_module"))
    return;
  uint32_t start = ts_node_start_byte(fn), end = ts_node_end_byte(fn);
  const ipg_name *name = ipg_names_find(&w->names, w->text + start, end - start);
  if (!name || !(name->flags & IPG_NAME_IMPORT_MODULE))
    return;
  if (call_record(w, node, IMPGRAPH_IMPORT_IMPORTLIB) != SIZE_MAX)
    w->imports_unsorted = true;
}

void ipg_resolve_pending_calls(ipg_walker *w) {
  if (w->pending_calls.len == 0)
    return;
  ipg_vec *imports = &w->scan->imports;
  bool *drop = calloc(imports->len, sizeof *drop);
  if (!drop) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  for (size_t i = 0; i < w->pending_calls.len; i++) {
    const ipg_pending_call *p = ipg_vec_at(&w->pending_calls, i);
    const ipg_name *name = ipg_names_find(&w->names, p->callee, (uint32_t)strlen(p->callee));
    uint8_t needed = p->attribute ? IPG_NAME_IMPORTLIB : IPG_NAME_IMPORT_MODULE;
    if (!name || !(name->flags & needed))
      drop[p->import_index] = true;
  }
  size_t kept = 0;
  for (size_t i = 0; i < imports->len; i++) {
    if (drop[i])
      continue;
    if (kept != i)
      memcpy(ipg_vec_at(imports, kept), ipg_vec_at(imports, i), imports->elem_size);
    kept++;
  }
  imports->len = kept;
  free(drop);
}

/* ---- __lazy_modules__ ---- */

void ipg_lazy_modules(ipg_walker *w, TSNode node) {
  TSNode left = ts_node_child(node, 0);
  if (ts_node_is_null(left) || ipg_kind(w, left) != IPG_K_IDENTIFIER ||
      !ipg_text_eq(w, left, "__lazy_modules__"))
    return;
  TSNode right = ts_node_child_by_field_id(node, w->g->field.right);
  while (!ts_node_is_null(right) && ipg_kind(w, right) == IPG_K_PAREN_EXPR &&
         ts_node_named_child_count(right) == 1)
    right = ts_node_named_child(right, 0);
  if (ts_node_is_null(right))
    return;
  uint8_t kind = ipg_kind(w, right);
  if (kind != IPG_K_LIST && kind != IPG_K_TUPLE && kind != IPG_K_SET &&
      kind != IPG_K_EXPRESSION_LIST)
    return;
  const ipg_frame *frame = &w->frames[w->depth];
  impgraph_range statement = ipg_range_of(w, node);
  TSTreeCursor *c = &w->aux;
  ts_tree_cursor_reset(c, right);
  for (bool more = ts_tree_cursor_goto_first_child(c); more && !w->rc;
       more = ts_tree_cursor_goto_next_sibling(c)) {
    TSNode item = ts_tree_cursor_current_node(c);
    uint32_t start, end;
    TSPoint point;
    if (!ipg_string_literal(w, item, &start, &end, &point) || end == start)
      continue;
    const char *module = ipg_strndup(w, w->text + start, end - start);
    impgraph_import *imp = module ? push_import(w) : NULL;
    if (!imp)
      return;
    imp->kind = IMPGRAPH_IMPORT_LAZY_MODULES;
    imp->module = module;
    imp->flags = frame->ctx | IMPGRAPH_CTX_LAZY;
    imp->scope = frame->scope;
    imp->statement = statement;
    imp->module_range =
        ipg_range_bytes(w, start, point, end, ipg_advance_point(w, start, point, end));
    ipg_record_guards(w, statement.start_byte);
  }
}
