/* The extraction entry point: candidate positions, the table of
 * import-bound names (and of the other words the records need), and the two
 * iterative walks (imports, then uses and the other records) with the pass
 * over the import-time statements between them. See extract.h for the
 * design. */
#include <stdlib.h>
#include <string.h>

#include "parse/extract.h"

/* ---- the table of import-bound names ---- */

static uint32_t hash_bytes(const char *s, uint32_t len) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (uint32_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

ipg_name *ipg_names_find(const ipg_name_table *t, const char *s, uint32_t len) {
  if (!t->slot_count)
    return NULL;
  uint32_t h = hash_bytes(s, len), mask = t->slot_count - 1;
  for (uint32_t i = h & mask;; i = (i + 1) & mask) {
    uint32_t slot = t->slots[i];
    if (!slot)
      return NULL;
    ipg_name *n = ipg_vec_at(&t->names, slot - 1);
    if (n->hash == h && n->len == len && memcmp(n->name, s, len) == 0)
      return n;
  }
}

static bool names_grow(ipg_name_table *t) {
  uint32_t count = t->slot_count ? t->slot_count * 2 : 64;
  uint32_t *slots = calloc(count, sizeof *slots);
  if (!slots)
    return false;
  for (size_t k = 0; k < t->names.len; k++) {
    const ipg_name *n = ipg_vec_at(&t->names, k);
    uint32_t i = n->hash & (count - 1);
    while (slots[i])
      i = (i + 1) & (count - 1);
    slots[i] = (uint32_t)k + 1;
  }
  free(t->slots);
  t->slots = slots;
  t->slot_count = count;
  return true;
}

const ipg_name *ipg_bound_find(const ipg_name_table *t, const char *s, uint32_t len) {
  const ipg_name *n = ipg_names_find(t, s, len);
  return n && n->statements ? n : NULL;
}

/* Finds or adds the entry of a word. */
static ipg_name *names_intern(ipg_walker *w, const char *s, uint32_t len) {
  ipg_name_table *t = &w->names;
  ipg_name *n = ipg_names_find(t, s, len);
  if (n)
    return n;
  if ((t->names.len + 1) * 2 > t->slot_count && !names_grow(t)) {
    w->rc = IMPGRAPH_ENOMEM;
    return NULL;
  }
  const char *copy = ipg_strndup(w, s, len);
  n = copy ? ipg_vec_push(&t->names) : NULL;
  if (!n) {
    w->rc = IMPGRAPH_ENOMEM;
    return NULL;
  }
  n->name = copy;
  n->len = len;
  n->hash = hash_bytes(s, len);
  uint32_t mask = t->slot_count - 1, i = n->hash & mask;
  while (t->slots[i])
    i = (i + 1) & mask;
  t->slots[i] = (uint32_t)t->names.len;
  return n;
}

ipg_name *ipg_names_add(ipg_walker *w, const char *s, uint32_t len, uint32_t statement_start) {
  ipg_name *n = names_intern(w, s, len);
  if (n && n->last_statement != statement_start + 1) {
    n->statements++;
    n->last_statement = statement_start + 1;
  }
  return n;
}

ipg_name *ipg_names_mark(ipg_walker *w, const char *s, uint32_t len, uint8_t flags) {
  ipg_name *n = names_intern(w, s, len);
  if (n)
    n->flags |= flags;
  return n;
}

/* ---- candidate positions ---- */

static bool push_position(ipg_walker *w, uint32_t at, uint32_t name) {
  ipg_pos *p = ipg_vec_push(&w->positions);
  if (!p) {
    w->rc = IMPGRAPH_ENOMEM;
    return false;
  }
  p->at = at;
  p->name = name;
  return true;
}

static int compare_positions(const void *a, const void *b) {
  uint32_t x = ((const ipg_pos *)a)->at, y = ((const ipg_pos *)b)->at;
  return x < y ? -1 : x > y;
}

/* memmem is a GNU extension; memchr on the first byte is as fast here. */
static void find_all(ipg_walker *w, const char *needle) {
  size_t n = strlen(needle);
  const char *p = w->text, *end = w->text + w->len;
  while ((size_t)(end - p) >= n && (p = memchr(p, needle[0], (size_t)(end - p) - n + 1))) {
    if (memcmp(p, needle, n) == 0) {
      if (!push_position(w, (uint32_t)(p - w->text), 0))
        return;
      p += n;
    } else {
      p++;
    }
  }
}

/* Import statements and import calls all spell "import" (`__import__`,
 * `import_module`); `__lazy_modules__` is the only other import form. */
static void import_positions(ipg_walker *w) {
  w->positions.len = 0;
  find_all(w, "import");
  size_t imports = w->positions.len;
  find_all(w, "__lazy_modules__");
  if (w->positions.len > imports)
    qsort(w->positions.data, w->positions.len, sizeof(ipg_pos), compare_positions);
}

/* Whether the use walk visits the occurrences of a table entry. */
static bool visited(const ipg_name *n) {
  return n->statements || (n->flags & IPG_NAME_VISIT);
}

/* `def` and `class` as keywords start a statement: only blanks (or
 * `async`) precede them on their line. Most other occurrences of the words
 * are in docstrings and comments, which the walk need not enter. */
static bool starts_definition(const char *text, uint32_t at) {
  uint32_t i = at;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\f'))
    i--;
  if (i >= 5 && i < at && memcmp(text + i - 5, "async", 5) == 0)
    for (i -= 5; i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\f');)
      i--;
  return i == 0 || text[i - 1] == '\n' || text[i - 1] == '\r';
}

/* Every identifier-like word of the text (in code, strings and comments
 * alike) that an import binds, that a module-level def / class binds, or
 * that the records need (`def`, `class`, add_parser, ...). The loop only
 * stops at words whose first byte starts some such word, so most of the
 * text costs two table loads a byte and no mispredicted branch. */
static void use_positions(ipg_walker *w) {
  w->positions.len = 0;
  uint64_t lengths = 0;
  uint8_t may_start[256] = {0};
  for (size_t i = 0; i < w->names.names.len; i++) {
    const ipg_name *n = ipg_vec_at(&w->names.names, i);
    if (!visited(n) && !(n->flags & IPG_NAME_CLI_DECORATOR))
      continue;
    lengths |= 1ull << (n->len < 63 ? n->len : 63);
    may_start[(unsigned char)n->name[0]] = 1;
  }
  const unsigned char *text = (const unsigned char *)w->text;
  uint32_t len = w->len;
  uint8_t after_word = 0; /* the previous byte belongs to a word */
  for (uint32_t i = 0; i < len; i++) {
    unsigned char c = text[i];
    if (!may_start[c] || after_word) {
      after_word = ipg_ident_class[c];
      continue;
    }
    uint32_t end = i + 1;
    while (end < len && ipg_ident_class[text[end]])
      end++;
    uint32_t n = end - i;
    if (lengths & (1ull << (n < 63 ? n : 63))) {
      const ipg_name *name = ipg_names_find(&w->names, w->text + i, n);
      if (name) {
        if (name->flags & IPG_NAME_CLI_CALL)
          w->cli_calls = true;
        if (name->flags & IPG_NAME_CLI_DECORATOR)
          w->cli_decorators = true;
        bool keyword_only =
            (name->flags & IPG_NAME_VISIT) == IPG_NAME_DEF_KEYWORD && !name->statements;
        if (visited(name) && (!keyword_only || starts_definition(w->text, i)) &&
            !push_position(w, i, (uint32_t)(name - (const ipg_name *)w->names.names.data)))
          return;
      }
    }
    i = end - 1;
    after_word = 1;
  }
}

/* The words of the records: every definition, the calls of argparse and
 * typer, the decorators of click and typer. */
static void record_words(ipg_walker *w) {
  static const struct {
    const char *word;
    uint8_t flags;
  } words[] = {
      {"def", IPG_NAME_DEF_KEYWORD},     {"class", IPG_NAME_DEF_KEYWORD},
      {"add_parser", IPG_NAME_CLI_CALL}, {"set_defaults", IPG_NAME_CLI_CALL},
      {"Typer", IPG_NAME_CLI_CALL},      {"command", IPG_NAME_CLI_DECORATOR},
      {"group", IPG_NAME_CLI_DECORATOR},
  };
  for (size_t i = 0; i < sizeof words / sizeof *words && !w->rc; i++)
    ipg_names_mark(w, words[i].word, (uint32_t)strlen(words[i].word), words[i].flags);
}

/* ---- the walk ---- */

static bool reserve_frames(ipg_walker *w, size_t depth) {
  if (depth < w->frame_cap)
    return true;
  size_t cap = w->frame_cap ? w->frame_cap * 2 : 256;
  while (cap <= depth)
    cap *= 2;
  ipg_frame *frames = realloc(w->frames, cap * sizeof *frames);
  if (!frames) {
    w->rc = IMPGRAPH_ENOMEM;
    return false;
  }
  w->frames = frames;
  w->frame_cap = cap;
  return true;
}

static bool visit_for_imports(ipg_walker *w, TSNode node, uint8_t kind) {
  switch (kind) {
  case IPG_K_IMPORT:
  case IPG_K_IMPORT_FROM:
  case IPG_K_FUTURE_IMPORT: ipg_import_statement(w, node, kind); return false;
  case IPG_K_CALL: ipg_import_call(w, node); return true;
  case IPG_K_ASSIGNMENT:
  case IPG_K_AUG_ASSIGNMENT: ipg_lazy_modules(w, node); return true;
  default: return true;
  }
}

/* Steps over the `def` / `class` (or `async def`) keyword of the definition
 * starting at `start`: it only led the walk to the definition. */
static void skip_keyword(ipg_walker *w, uint32_t start) {
  const ipg_pos *pos = w->positions.data;
  if (w->next_pos >= w->positions.len || pos[w->next_pos].at > start + 16)
    return;
  const ipg_name *name = ipg_vec_at(&w->names.names, pos[w->next_pos].name);
  if (name->flags & IPG_NAME_DEF_KEYWORD)
    w->next_pos++;
}

static bool visit_for_uses(ipg_walker *w, TSNode node, uint8_t kind, uint32_t start) {
  switch (kind) {
  case IPG_K_IDENTIFIER: {
    const ipg_pos *pos = ipg_vec_at(&w->positions, w->next_pos);
    const ipg_name *name = ipg_vec_at(&w->names.names, pos->name);
    if (pos->at != start || ts_node_end_byte(node) - start != name->len)
      return false;
    if (name->statements)
      ipg_use_identifier(w, node, name);
    if (name->flags & IPG_NAME_LOCAL)
      ipg_local_ref(w, node, name);
    return false;
  }
  case IPG_K_IMPORT:
  case IPG_K_IMPORT_FROM:
  case IPG_K_FUTURE_IMPORT: ipg_use_import_bindings(w, node, kind); return false;
  case IPG_K_STRING: {
    bool handled;
    ipg_use_string(w, node, &handled);
    return !handled;
  }
  case IPG_K_CALL: {
    /* The callee costs a child lookup; only these two look at it. */
    if (!w->import_module_bound && !w->cli_calls)
      return true;
    TSNode fn = ts_node_child_by_field_id(node, w->g->field.function);
    if (w->import_module_bound)
      ipg_use_call(w, node, fn);
    if (w->cli_calls)
      ipg_cli_call(w, node, fn);
    return true;
  }
  case IPG_K_DECORATED_DEF: w->decorated = node; return true;
  case IPG_K_FUNCTION_DEF:
  case IPG_K_CLASS_DEF:
    ipg_definition(w, node, kind);
    skip_keyword(w, start);
    return true;
  case IPG_K_ERROR:
    /* The `lazy` of `lazy import` is a keyword, not a name reference. */
    return !ipg_lazy_keyword_error(node, w->text, w->len, NULL);
  default: return true;
  }
}

/* The first candidate position at or after `at`, or UINT32_MAX. */
static uint32_t next_position(ipg_walker *w, uint32_t at) {
  const ipg_pos *pos = w->positions.data;
  while (w->next_pos < w->positions.len && pos[w->next_pos].at < at)
    w->next_pos++;
  return w->next_pos < w->positions.len ? pos[w->next_pos].at : UINT32_MAX;
}

/* Visits the cursor's node, which ends at *end; returns whether to descend
 * into it. Only nodes holding a candidate position are entered. */
static bool visit(ipg_walker *w, uint32_t *end) {
  TSNode node = ts_tree_cursor_current_node(&w->cursor);
  uint32_t start = ts_node_start_byte(node);
  *end = ts_node_end_byte(node);
  if (next_position(w, start) >= *end)
    return false;
  uint8_t kind = ipg_kind(w, node);
  ipg_enter(w, node, kind, start);
  if (w->rc)
    return false;
  bool descend = w->pass == IPG_PASS_IMPORTS ? visit_for_imports(w, node, kind)
                                             : visit_for_uses(w, node, kind, start);
  /* A visit may consume candidates (a definition its keyword): go down
   * only to one still inside. */
  return descend && next_position(w, start) < *end;
}

/* Moves the cursor from its node to the first child holding a byte at or
 * after `at`: the one whose end lies after `at`. tree-sitter versions differ
 * on whether a child ending exactly at the goal qualifies, hence the loop.
 * On failure the cursor stays where it was. */
static bool goto_child_holding(ipg_walker *w, uint32_t at) {
  if (ts_tree_cursor_goto_first_child_for_byte(&w->cursor, at) < 0)
    return false;
  while (ts_node_end_byte(ts_tree_cursor_current_node(&w->cursor)) <= at) {
    if (!ts_tree_cursor_goto_next_sibling(&w->cursor)) {
      ts_tree_cursor_goto_parent(&w->cursor);
      return false;
    }
  }
  return true;
}

/* Moves the cursor from a finished node to the next sibling that ends after
 * `at`. On failure the cursor is on the parent's last child. */
static bool goto_sibling_holding(ipg_walker *w, uint32_t at) {
  while (ts_tree_cursor_goto_next_sibling(&w->cursor))
    if (ts_node_end_byte(ts_tree_cursor_current_node(&w->cursor)) > at)
      return true;
  return false;
}

/* Visits, in document order, every node whose range holds a candidate
 * position, and (as far as tree-sitter's cursor allows) nothing else: it
 * descends with goto_first_child_for_byte, and moves right with
 * goto_next_sibling, which costs one step per skipped sibling where going
 * back to the parent would rescan the siblings before. frames[d] describes
 * the cursor's entered ancestor at depth d; frames[0] is the module. */
static void walk(ipg_walker *w, TSNode root, int pass) {
  w->pass = pass;
  w->next_pos = 0;
  if (!reserve_frames(w, 1))
    return;
  ipg_frame *top = &w->frames[0];
  memset(top, 0, sizeof *top);
  top->scope = w->empty_scope;
  top->ctx = IMPGRAPH_CTX_MODULE;
  top->use = IMPGRAPH_USE_MODULE_LEVEL;
  top->kind = IPG_K_MODULE;
  top->end = ts_node_end_byte(root);
  ts_tree_cursor_reset(&w->cursor, root);
  w->depth = 0;
  w->guard_conds.len = 0;
  uint32_t at = next_position(w, 0), finished_end;
  if (at >= top->end)
    return;
  for (;;) {
    /* The cursor is on an entered node holding `at`: go down to the child
     * holding it, and visit it. */
    if (!reserve_frames(w, w->depth + 1))
      return;
    if (goto_child_holding(w, at)) {
      w->depth++;
      bool descend = visit(w, &finished_end);
      if (w->rc)
        return;
      if (descend) {
        at = ((const ipg_pos *)w->positions.data)[w->next_pos].at;
        continue;
      }
    } else {
      if (w->depth == 0)
        return;
      finished_end = w->frames[w->depth].end; /* no child holds it */
    }
    /* The cursor's node is finished. Climb out of the ancestors that end
     * before the next candidate, then move right to the sibling holding it;
     * visit that one, or go down into it. */
    for (;;) {
      at = next_position(w, finished_end);
      if (at == UINT32_MAX)
        return;
      while (w->depth > 0 && at >= w->frames[w->depth - 1].end) {
        ts_tree_cursor_goto_parent(&w->cursor);
        w->depth--;
      }
      if (w->depth == 0)
        return;
      if (goto_sibling_holding(w, at)) {
        bool descend = visit(w, &finished_end);
        if (w->rc)
          return;
        if (!descend)
          continue;
        at = ((const ipg_pos *)w->positions.data)[w->next_pos].at;
        break;
      }
      ts_tree_cursor_goto_parent(&w->cursor); /* the parent holds nothing more */
      w->depth--;
      finished_end = w->frames[w->depth].end;
    }
  }
}

static int compare_imports(const void *a, const void *b) {
  const impgraph_import *x = a, *y = b;
  if (x->statement.start_byte != y->statement.start_byte)
    return x->statement.start_byte < y->statement.start_byte ? -1 : 1;
  if (x->module_range.start_byte != y->module_range.start_byte)
    return x->module_range.start_byte < y->module_range.start_byte ? -1 : 1;
  return 0;
}

int ipg_extractor_init(ipg_extractor *x, const TSLanguage *language) {
  memset(x, 0, sizeof *x);
  ipg_vec_init(&x->positions, sizeof(ipg_pos));
  ipg_vec_init(&x->names, sizeof(ipg_name));
  ipg_vec_init(&x->pending_calls, sizeof(ipg_pending_call));
  ipg_vec_init(&x->items, sizeof(ipg_import_item));
  ipg_vec_init(&x->guard_conds, sizeof(ipg_guard_cond));
  return ipg_grammar_init(&x->grammar, language);
}

void ipg_extractor_free(ipg_extractor *x) {
  if (x->have_cursors)
    for (int i = 0; i < 3; i++)
      ts_tree_cursor_delete(&x->cursors[i]);
  x->have_cursors = false;
  free(x->frames);
  x->frames = NULL;
  x->frame_cap = 0;
  free(x->name_slots);
  x->name_slots = NULL;
  x->name_slot_count = 0;
  ipg_vec_free(&x->positions);
  ipg_vec_free(&x->names);
  ipg_vec_free(&x->pending_calls);
  ipg_vec_free(&x->items);
  ipg_vec_free(&x->guard_conds);
}

/* Lends the extractor's buffers to a walker, emptied. */
static void borrow(ipg_walker *w, ipg_extractor *x, TSNode root) {
  if (!x->have_cursors) {
    for (int i = 0; i < 3; i++)
      x->cursors[i] = ts_tree_cursor_new(root);
    x->have_cursors = true;
  }
  w->g = &x->grammar;
  w->cursor = x->cursors[0];
  w->aux = x->cursors[1];
  w->aux2 = x->cursors[2];
  w->frames = x->frames;
  w->frame_cap = x->frame_cap;
  w->positions = x->positions;
  w->positions.len = 0;
  w->names.names = x->names;
  w->names.names.len = 0;
  w->names.slots = x->name_slots;
  w->names.slot_count = x->name_slot_count;
  if (w->names.slots)
    memset(w->names.slots, 0, w->names.slot_count * sizeof *w->names.slots);
  w->pending_calls = x->pending_calls;
  w->pending_calls.len = 0;
  w->items = x->items;
  w->items.len = 0;
  w->guard_conds = x->guard_conds;
  w->guard_conds.len = 0;
}

/* Takes the buffers back; drops the ones an unusually large source grew, so
 * that one huge file does not make every later one pay for clearing them. */
static void give_back(ipg_walker *w, ipg_extractor *x) {
  x->cursors[0] = w->cursor;
  x->cursors[1] = w->aux;
  x->cursors[2] = w->aux2;
  x->frames = w->frames;
  x->frame_cap = w->frame_cap;
  x->positions = w->positions;
  x->names = w->names.names;
  x->name_slots = w->names.slots;
  x->name_slot_count = w->names.slot_count;
  x->pending_calls = w->pending_calls;
  x->items = w->items;
  x->guard_conds = w->guard_conds;
  if (x->name_slot_count > 4096) {
    free(x->name_slots);
    x->name_slots = NULL;
    x->name_slot_count = 0;
  }
  if (x->frame_cap > 4096) {
    free(x->frames);
    x->frames = NULL;
    x->frame_cap = 0;
  }
  if (x->positions.cap > 65536)
    ipg_vec_free(&x->positions);
  if (x->guard_conds.cap > 4096)
    ipg_vec_free(&x->guard_conds);
}

int ipg_extract(impgraph_scan *scan, ipg_extractor *x, TSTree *tree, const char *text, size_t len,
                uint32_t byte_delta) {
  if (len > UINT32_MAX)
    return IMPGRAPH_OK; /* never parsed; scanner.c reports it */
  ipg_walker w;
  memset(&w, 0, sizeof w);
  w.scan = scan;
  w.text = text;
  w.len = (uint32_t)len;
  w.delta = byte_delta;
  w.empty_scope = ipg_arena_strndup(&scan->arena, "", 0);
  if (!w.empty_scope)
    return IMPGRAPH_ENOMEM;
  TSNode root = ts_tree_root_node(tree);
  borrow(&w, x, root);
  w.decorated = IPG_NULL_NODE;
  ipg_vec_init(&w.cli_parsers, sizeof(ipg_cli_parser));
  ipg_vec_init(&w.cli_defaults, sizeof(ipg_cli_defaults));
  ipg_vec_init(&w.cli_decorated, sizeof(ipg_cli_decorated));
  ipg_vec_init(&w.effect_filters, sizeof(ipg_effect_filter));

  import_positions(&w);
  if (!w.rc && w.positions.len)
    walk(&w, root, IPG_PASS_IMPORTS);
  if (!w.rc)
    ipg_resolve_pending_calls(&w);
  /* The statements that run at import time need the import-bound names;
   * the use walk needs the module-level names they bind. */
  if (!w.rc)
    ipg_toplevel(&w, root);
  if (!w.rc)
    record_words(&w);
  if (!w.rc)
    use_positions(&w);
  if (!w.rc && w.positions.len)
    walk(&w, root, IPG_PASS_USES);
  if (!w.rc)
    ipg_records_finish(&w);
  if (!w.rc && w.imports_unsorted) {
    qsort(scan->imports.data, scan->imports.len, sizeof(impgraph_import), compare_imports);
    ipg_guards_finish(&w);
  }

  ipg_vec_free(&w.cli_parsers);
  ipg_vec_free(&w.cli_defaults);
  ipg_vec_free(&w.cli_decorated);
  ipg_vec_free(&w.effect_filters);
  give_back(&w, x);
  return w.rc;
}
