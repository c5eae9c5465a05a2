/* Guard chains: the if/elif/else conditions an import depends on
 * (impgraph_scan_import_guards). When the walk enters an if statement,
 * context.c records the condition nodes of its chain (the if's and every
 * elif's, read through the parent like the rest of the chain's context) on
 * a stack that follows the current path (ipg_frame.guard_top). An import
 * record then reads its enclosing branches from the frames, up to the
 * innermost def or lambda body, and looks their conditions up on that
 * stack. Imports outside every if pay one flag test. */
#include <stdlib.h>
#include <string.h>

#include "parse/extract.h"

void ipg_guard_cond_push(ipg_walker *w, ipg_frame *c, TSNode cond, uint32_t clause_start) {
  if (ts_node_is_null(cond))
    return; /* error recovery: no condition, no guard */
  ipg_guard_cond *g = ipg_vec_push(&w->guard_conds);
  if (!g) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  g->cond = cond;
  g->clause_start = clause_start;
  c->guard_top = (uint32_t)w->guard_conds.len;
}

void ipg_guard_if_enter(ipg_walker *w, ipg_frame *c, TSNode cond) {
  /* Entries above the parent's top belong to if statements the walk has
     left (frames are popped without a hook). */
  w->guard_conds.len = c->guard_top;
  ipg_guard_cond_push(w, c, cond, c->start);
}

/* The guards being collected for one statement, nearest the import first
   (reversed at the end). */
typedef struct collector {
  impgraph_guard items[IMPGRAPH_GUARD_MAX];
  size_t count;
} collector;

static void add(ipg_walker *w, collector *out, const ipg_guard_cond *g, bool negated) {
  if (out->count == IMPGRAPH_GUARD_MAX)
    return;
  impgraph_guard *guard = &out->items[out->count++];
  guard->condition = ipg_range_of(w, g->cond);
  guard->negated = negated;
}

/* The conditions of the if statement of frame `depth` (whose parent frame
   is at depth - 1) that come before the clause starting at `clause_start`,
   nearest first, negated: an elif or else runs only when they were false. */
static void add_earlier(ipg_walker *w, collector *out, size_t depth, uint32_t clause_start) {
  const ipg_frame *f = &w->frames[depth], *p = &w->frames[depth - 1];
  const ipg_guard_cond *conds = w->guard_conds.data;
  for (uint32_t i = f->guard_top; i-- > p->guard_top && out->count < IMPGRAPH_GUARD_MAX;)
    if (conds[i].clause_start < clause_start)
      add(w, out, &conds[i], true);
}

/* The condition of the clause starting at `clause_start` (the if itself
   or one of its elifs) of the if statement at frame `depth`. */
static const ipg_guard_cond *own_condition(ipg_walker *w, size_t depth, uint32_t clause_start) {
  const ipg_frame *f = &w->frames[depth], *p = &w->frames[depth - 1];
  const ipg_guard_cond *conds = w->guard_conds.data;
  /* Sorted by clause_start: the if's own first, then the elifs. */
  uint32_t lo = p->guard_top, hi = f->guard_top;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (conds[mid].clause_start < clause_start)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < f->guard_top && conds[lo].clause_start == clause_start ? &conds[lo] : NULL;
}

/* Whether frame `d` is the body of the def or lambda of frame d - 1 (a
   default value or decorator runs where the def stands; a body later). */
static bool function_body(const ipg_frame *c, const ipg_frame *p) {
  return (p->kind == IPG_K_FUNCTION_DEF && c->kind == IPG_K_BLOCK) ||
         (p->kind == IPG_K_LAMBDA && c->kind != IPG_K_PARAMETERS);
}

static void collect(ipg_walker *w, collector *out) {
  for (size_t d = w->depth; d >= 1 && out->count < IMPGRAPH_GUARD_MAX; d--) {
    const ipg_frame *c = &w->frames[d], *p = &w->frames[d - 1];
    if (function_body(c, p))
      return;
    if (c->kind == IPG_K_BLOCK && p->kind == IPG_K_IF) {
      /* The consequence of the if: its own condition. */
      const ipg_guard_cond *own = own_condition(w, d - 1, p->start);
      if (own)
        add(w, out, own, false);
    } else if (c->kind == IPG_K_BLOCK && p->kind == IPG_K_ELIF && d >= 3 &&
               w->frames[d - 2].kind == IPG_K_IF) {
      const ipg_guard_cond *own = own_condition(w, d - 2, p->start);
      if (own)
        add(w, out, own, false);
      add_earlier(w, out, d - 2, p->start);
    } else if (c->kind == IPG_K_ELSE && p->kind == IPG_K_IF && d >= 2) {
      add_earlier(w, out, d - 1, c->start);
    }
  }
}

void ipg_record_guards(ipg_walker *w, uint32_t at) {
  const ipg_frame *frame = &w->frames[w->depth];
  /* Every if/elif/else branch makes its subtree CONDITIONAL or one of the
     TYPE_CHECKING kinds (context.c): nothing else can have guards. */
  if (!(frame->ctx &
        (IMPGRAPH_CTX_CONDITIONAL | IMPGRAPH_CTX_TYPE_CHECKING | IMPGRAPH_CTX_TYPE_CHECKING_ELSE)))
    return;
  ipg_vec *sets = &w->scan->guard_sets;
  if (sets->len && ((const ipg_guard_set *)ipg_vec_at(sets, sets->len - 1))->at == at)
    return; /* another record of the same statement */
  collector out;
  out.count = 0;
  collect(w, &out);
  if (!out.count)
    return;
  ipg_guard_set *set = ipg_vec_push(sets);
  size_t first = w->scan->guards.len;
  for (size_t i = 0; set && i < out.count; i++) {
    impgraph_guard *g = ipg_vec_push(&w->scan->guards);
    if (!g) {
      set = NULL;
      break;
    }
    *g = out.items[out.count - 1 - i]; /* outermost first */
  }
  if (!set) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  set->at = at;
  set->first = (uint32_t)first;
  set->count = (uint32_t)out.count;
}

static int compare_sets(const void *a, const void *b) {
  uint32_t x = ((const ipg_guard_set *)a)->at, y = ((const ipg_guard_set *)b)->at;
  return x < y ? -1 : x > y;
}

void ipg_guards_finish(ipg_walker *w) {
  ipg_vec *sets = &w->scan->guard_sets;
  for (size_t i = 1; i < sets->len; i++) {
    if (((const ipg_guard_set *)ipg_vec_at(sets, i - 1))->at >
        ((const ipg_guard_set *)ipg_vec_at(sets, i))->at) {
      qsort(sets->data, sets->len, sizeof(ipg_guard_set), compare_sets);
      return;
    }
  }
}
