/* Use records: every occurrence of an import-bound name as a read (with its
 * attribute chain), binding, declaration, string annotation or __all__
 * entry. */
#include <string.h>

#include "parse/extract.h"

static impgraph_use *push_use(ipg_walker *w) {
  impgraph_use *use = ipg_vec_push(&w->scan->uses);
  if (!use && !w->rc)
    w->rc = IMPGRAPH_ENOMEM;
  return use;
}

/* IMPGRAPH_USE_CONDITIONAL from the import context of the frame. */
static uint32_t conditional(const ipg_frame *frame) {
  return (frame->ctx & IMPGRAPH_CTX_CONDITIONAL) ? IMPGRAPH_USE_CONDITIONAL : 0;
}

/* The identifier at the current depth, or the attribute chain it starts,
 * is called: the chain's outermost node (up through attributes of which it
 * is the object, which start where it starts) is the callee of a call, or
 * the whole expression of a decorator. */
static bool chain_called(const ipg_walker *w) {
  size_t k = w->depth;
  while (k > 1 && w->frames[k - 1].kind == IPG_K_ATTRIBUTE &&
         w->frames[k - 1].start == w->frames[k].start)
    k--;
  const ipg_frame *outer = &w->frames[k], *parent = &w->frames[k - 1];
  return (parent->kind == IPG_K_CALL && parent->start == outer->start) ||
         parent->kind == IPG_K_DECORATOR;
}

void ipg_use_identifier(ipg_walker *w, TSNode node, const ipg_name *name) {
  const ipg_frame *frame = &w->frames[w->depth];
  uint32_t flags = frame->use | conditional(frame);
  const char *chain = name->name;
  switch (frame->mode) {
  case IPG_M_SKIP: return;
  case IPG_M_TARGET:
  case IPG_M_PATTERN:
    /* `case _:` is the wildcard pattern, not a capture of `_`. */
    if (frame->mode == IPG_M_TARGET && w->frames[w->depth - 1].kind == IPG_K_DOTTED_NAME &&
        strcmp(name->name, "_") == 0)
      return;
    flags |= IMPGRAPH_USE_BINDING;
    break;
  case IPG_M_DECL: flags |= IMPGRAPH_USE_DECLARATION; break;
  default: {
    const ipg_frame *parent = &w->frames[w->depth - 1];
    uint32_t end = ts_node_end_byte(node);
    if ((parent->kind == IPG_K_ATTRIBUTE || parent->kind == IPG_K_DOTTED_NAME) &&
        parent->chain_end > end) {
      chain = ipg_chain_text(w, ts_node_start_byte(node), parent->chain_end);
      if (!chain)
        return;
    }
    if (chain_called(w))
      flags |= IMPGRAPH_USE_CALL;
    break;
  }
  }
  impgraph_use *use = push_use(w);
  if (!use)
    return;
  use->name = name->name;
  use->chain = chain;
  use->flags = flags;
  use->scope = frame->scope;
  use->range = ipg_range_of(w, node);
}

/* `x: "np.ndarray"`, `-> "Optional[np.ndarray]"`: every dotted name in the
 * string whose first part an import binds. Tokens inside nested quotes are
 * taken too; recording too much is the conservative side here. */
static void string_annotation(ipg_walker *w, uint32_t start, uint32_t end, TSPoint point) {
  const ipg_frame *frame = &w->frames[w->depth];
  uint32_t i = start;
  uint32_t at = start; /* where `point` is */
  while (i < end && !w->rc) {
    uint8_t cls = ipg_ident_class[(unsigned char)w->text[i]];
    if (!cls) {
      i++;
      continue;
    }
    uint32_t word = i;
    while (i < end && ipg_ident_class[(unsigned char)w->text[i]])
      i++;
    if (cls != 1 || (word > start && w->text[word - 1] == '.'))
      continue;
    const ipg_name *name = ipg_bound_find(&w->names, w->text + word, i - word);
    if (!name)
      continue;
    uint32_t chain_end = i;
    while (chain_end + 1 < end && w->text[chain_end] == '.' &&
           ipg_ident_class[(unsigned char)w->text[chain_end + 1]] == 1) {
      chain_end++;
      while (chain_end < end && ipg_ident_class[(unsigned char)w->text[chain_end]])
        chain_end++;
    }
    const char *chain =
        chain_end > i ? ipg_strndup(w, w->text + word, chain_end - word) : name->name;
    impgraph_use *use = chain ? push_use(w) : NULL;
    if (!use)
      return;
    point = ipg_advance_point(w, at, point, word);
    at = word;
    use->name = name->name;
    use->chain = chain;
    use->flags = frame->use | conditional(frame) | IMPGRAPH_USE_ANNOTATION | IMPGRAPH_USE_STRING;
    use->scope = frame->scope;
    use->range = ipg_range_bytes(w, word, point, i, ipg_advance_point(w, word, point, i));
  }
}

void ipg_use_string(ipg_walker *w, TSNode node, bool *handled) {
  const ipg_frame *frame = &w->frames[w->depth];
  *handled = false;
  bool all = frame->bits & IPG_F_ALL_VALUE;
  if (!all && !(frame->use & IMPGRAPH_USE_ANNOTATION))
    return;
  uint32_t start, end;
  TSPoint point;
  if (!ipg_string_literal(w, node, &start, &end, &point))
    return;
  *handled = true;
  if (!all) {
    string_annotation(w, start, end, point);
    return;
  }
  const ipg_name *name = ipg_bound_find(&w->names, w->text + start, end - start);
  if (!name)
    return;
  impgraph_use *use = push_use(w);
  if (!use)
    return;
  use->name = name->name;
  use->chain = name->name;
  use->flags = frame->use | conditional(frame) | IMPGRAPH_USE_ALL;
  use->scope = frame->scope;
  use->range = ipg_range_of(w, node);
}
