/* Functions that run without being asked, followed through calls (see
 * calls.h for the two modes), and the graph's CALLED edges: function-level
 * imports that run because a function runs at import time.
 *
 * Calls are read from the scanner's records only: local references (reads
 * of a module's own def / class names, IMPGRAPH_REF_CALL), uses of
 * import-bound names (IMPGRAPH_USE_CALL), both with IMPGRAPH_USE_CONDITIONAL.
 * Calls through values (callbacks, `self.method()`, `args.func(args)`) are
 * not followed. Each module's records are indexed by scope once per
 * computation, so following a call costs a binary search, not a pass over
 * the module's records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/calls.h"

#define NONE SIZE_MAX
/* Re-exports followed from an imported name to its definition. */
#define MAX_REEXPORTS 8
/* A bound on the fixpoint's rounds (each adds edges; there are finitely
   many, so it is reached long before). */
#define MAX_ROUNDS 10000

/* ---- function sets ---- */

void ipg_fnset_init(ipg_fnset *s) {
  ipg_map_init(&s->map);
  ipg_vec_init(&s->items, sizeof(ipg_fn));
  ipg_arena_init(&s->keys);
}

void ipg_fnset_free(ipg_fnset *s) {
  ipg_map_free(&s->map);
  ipg_vec_free(&s->items);
  ipg_arena_free(&s->keys);
}

static const char *fn_key(char *buf, size_t cap, size_t module, const char *qualname) {
  int n = snprintf(buf, cap, "%zu:%s", module, qualname);
  return n > 0 && (size_t)n < cap ? buf : NULL;
}

const ipg_fn *ipg_fnset_get(const ipg_fnset *s, size_t module, const char *qualname) {
  char buf[512];
  const char *key = qualname ? fn_key(buf, sizeof buf, module, qualname) : NULL;
  void *v = key ? ipg_map_get(&s->map, key) : NULL;
  return v ? ipg_vec_at(&s->items, (size_t)(uintptr_t)v - 1) : NULL;
}

bool ipg_fnset_has(const ipg_fnset *s, size_t module, const char *qualname) {
  return ipg_fnset_get(s, module, qualname) != NULL;
}

/* Adds one function; *added tells whether it is new. */
static int fnset_put(ipg_fnset *s, size_t module, const char *qualname, size_t cause, bool *added) {
  *added = false;
  char buf[512];
  const char *key = fn_key(buf, sizeof buf, module, qualname);
  if (!key || ipg_map_get(&s->map, key))
    return IMPGRAPH_OK;
  char *owned = ipg_arena_strdup(&s->keys, key);
  ipg_fn *fn = ipg_vec_push(&s->items);
  if (!owned || !fn)
    return IMPGRAPH_ENOMEM;
  *fn = (ipg_fn){module, qualname, cause};
  *added = true;
  return ipg_map_put(&s->map, owned, (void *)(uintptr_t)s->items.len);
}

/* ---- records of a module by scope ---- */

typedef struct keyed {
  const char *key;
  size_t index;
} keyed;

static int keyed_order(const void *pa, const void *pb) {
  const keyed *a = pa, *b = pb;
  int c = strcmp(a->key, b->key);
  if (c)
    return c;
  return a->index < b->index ? -1 : a->index > b->index;
}

/* One module's local references and uses by scope, definitions by
   qualname: built the first time the module is looked into. */
typedef struct scope_index {
  bool built;
  keyed *refs, *uses, *defs;
  size_t ref_count, use_count, def_count;
} scope_index;

typedef struct walk {
  const impgraph_graph *g;
  ipg_call_mode mode;
  scope_index *index; /* per module */
  ipg_vec stack;      /* ipg_fn */
  ipg_arena scratch;  /* attribute paths */
} walk;

static const char *or_empty(const char *s) {
  return s ? s : "";
}

static keyed *sorted_keys(size_t count) {
  return malloc((count ? count : 1) * sizeof(keyed));
}

static const scope_index *index_of(walk *w, size_t module, int *rc) {
  scope_index *ix = &w->index[module];
  if (ix->built)
    return ix;
  const impgraph_scan *scan = w->g->scans[module];
  ix->ref_count = impgraph_scan_local_ref_count(scan);
  ix->use_count = impgraph_scan_use_count(scan);
  ix->def_count = impgraph_scan_definition_count(scan);
  ix->refs = sorted_keys(ix->ref_count);
  ix->uses = sorted_keys(ix->use_count);
  ix->defs = sorted_keys(ix->def_count);
  if (!ix->refs || !ix->uses || !ix->defs) {
    *rc = IMPGRAPH_ENOMEM;
    return NULL;
  }
  for (size_t i = 0; i < ix->ref_count; i++)
    ix->refs[i] = (keyed){or_empty(impgraph_scan_local_ref(scan, i)->scope), i};
  for (size_t i = 0; i < ix->use_count; i++)
    ix->uses[i] = (keyed){or_empty(impgraph_scan_use(scan, i)->scope), i};
  for (size_t i = 0; i < ix->def_count; i++)
    ix->defs[i] = (keyed){impgraph_scan_definition(scan, i)->qualname, i};
  qsort(ix->refs, ix->ref_count, sizeof(keyed), keyed_order);
  qsort(ix->uses, ix->use_count, sizeof(keyed), keyed_order);
  qsort(ix->defs, ix->def_count, sizeof(keyed), keyed_order);
  ix->built = true;
  return ix;
}

static void index_free(scope_index *index, size_t count) {
  for (size_t i = 0; index && i < count; i++) {
    free(index[i].refs);
    free(index[i].uses);
    free(index[i].defs);
  }
  free(index);
}

/* The first entry whose key is not below `key`. */
static size_t lower_bound(const keyed *items, size_t count, const char *key) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(items[mid].key, key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The scope is `qualname` itself, or (nested) a scope inside it. */
static bool scope_matches(const char *scope, const char *qualname, size_t qlen, bool nested) {
  return strncmp(scope, qualname, qlen) == 0 &&
         (scope[qlen] == '\0' || (nested && scope[qlen] == '.'));
}

static const impgraph_definition *find_definition(walk *w, size_t module, const char *qualname,
                                                  int *rc) {
  const scope_index *ix = index_of(w, module, rc);
  if (!ix)
    return NULL;
  size_t at = lower_bound(ix->defs, ix->def_count, qualname);
  if (at < ix->def_count && strcmp(ix->defs[at].key, qualname) == 0)
    return impgraph_scan_definition(w->g->scans[module], ix->defs[at].index);
  return NULL;
}

/* ---- what a reference runs ---- */

/* A reference that runs the function: a call, or a whole decorator naming
   it (`@register`; `@register(...)` is a call) -- not `@cli.command()`,
   which calls a method of the object the name is bound to, nor an argument
   of a decorator's call (`@register(Cls)`). */
static bool ref_runs(const impgraph_scan *scan, const impgraph_local_ref *r) {
  if (r->flags & IMPGRAPH_REF_CALL)
    return true;
  if (!(r->flags & IMPGRAPH_USE_DECORATOR) || (r->flags & IMPGRAPH_REF_VALUE))
    return false;
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  size_t before = r->range.start_byte, at = r->range.end_byte;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t'))
    before--;
  if (before == 0 || text[before - 1] != '@')
    return false;
  while (at < len && (text[at] == ' ' || text[at] == '\t'))
    at++;
  return at >= len || text[at] == '\n' || text[at] == '\r' || text[at] == '#';
}

/* Where code runs when the module is imported: module level, class
   bodies, decorators, default values and bases of module-level
   definitions. */
static bool import_time_flags(uint32_t flags) {
  return (flags & (IMPGRAPH_USE_MODULE_LEVEL | IMPGRAPH_USE_CLASS_BODY | IMPGRAPH_USE_DECORATOR |
                   IMPGRAPH_USE_DEFAULT | IMPGRAPH_USE_BASE)) &&
         !(flags & IMPGRAPH_USE_FUNCTION);
}

/* Uses that are not reads of the name's value. */
#define NOT_READ                                                                                   \
  (IMPGRAPH_USE_BINDING | IMPGRAPH_USE_DECLARATION | IMPGRAPH_USE_TYPE_CHECKING |                  \
   IMPGRAPH_USE_STRING | IMPGRAPH_USE_ALL | IMPGRAPH_USE_ANNOTATION)

/* Whether the comma-separated `names` has the element `name`. */
static bool names_contain(const char *names, const char *name) {
  size_t len = strlen(name);
  for (const char *p = names; p && *p;) {
    const char *comma = strchr(p, ',');
    size_t n = comma ? (size_t)(comma - p) : strlen(p);
    if (n == len && strncmp(p, name, len) == 0)
      return true;
    p = comma ? comma + 1 : NULL;
  }
  return false;
}

/* Import records that may stand for a function of another module. */
static bool binding_record(const walk *w, const impgraph_import *rec, const char *scope) {
  const char *rscope = or_empty(rec->scope);
  if (w->mode == IPG_CALLS_MAY_RUN)
    return rscope[0] == '\0';
  if (rec->flags & (IMPGRAPH_CTX_CONDITIONAL | IMPGRAPH_CTX_TYPE_CHECKING | IMPGRAPH_CTX_LAZY))
    return false;
  return rscope[0] == '\0' || (scope && strcmp(rscope, scope) == 0);
}

/* The name the record binds to `name`: "" for a plain import, the imported
   name for a from-import; NULL when it binds something else. */
static const char *bound_original(const impgraph_import *rec, const char *name) {
  if (rec->bound && strcmp(rec->bound, name) == 0)
    return "";
  if (rec->kind == IMPGRAPH_IMPORT_STAR || rec->kind == IMPGRAPH_IMPORT_FUTURE)
    return NULL;
  for (size_t k = 0; k < rec->name_count; k++)
    if (rec->names[k].bound && strcmp(rec->names[k].bound, name) == 0)
      return rec->names[k].name;
  return NULL;
}

/* The target of an edge of a binding record, when calls may follow it. */
static bool followable_target(const walk *w, const impgraph_edge *e) {
  const impgraph_module *to = &w->g->modules[e->to];
  if (e->kind == IMPGRAPH_EDGE_PARENT || !w->g->scans[e->to])
    return false;
  return w->mode == IPG_CALLS_WILL_RUN || to->origin == IMPGRAPH_ORIGIN_FIRST_PARTY;
}

static int resolve_name(walk *w, size_t module, const char *scope, const char *name,
                        const char *chain, int depth, size_t *target, const char **qualname);

/* The definition `path` ("f", "Cls.method") of module `module`, or what a
   module-level import of it re-exports under that name. */
static int resolve_in(walk *w, size_t module, const char *path, int depth, size_t *target,
                      const char **qualname) {
  int rc = IMPGRAPH_OK;
  const impgraph_definition *d = find_definition(w, module, path, &rc);
  if (d && (w->mode == IPG_CALLS_WILL_RUN || strcmp(d->scope, "") == 0)) {
    *target = module;
    *qualname = d->qualname;
    return IMPGRAPH_OK;
  }
  if (rc || w->mode == IPG_CALLS_MAY_RUN || depth >= MAX_REEXPORTS)
    return rc;
  const char *dot = strchr(path, '.');
  const char *first = dot ? ipg_arena_strndup(&w->scratch, path, (size_t)(dot - path)) : path;
  if (!first)
    return IMPGRAPH_ENOMEM;
  return resolve_name(w, module, "", first, path, depth + 1, target, qualname);
}

/* Where a name bound by an import leads: the module and the attribute path
   read from it. */
typedef struct location {
  size_t target; /* NONE: no binding of the name was found */
  /* "f", "Cls.method", "sub.f" (IPG_CALLS_MAY_RUN: the first part only);
     "" when the chain is the module itself */
  const char *path;
  bool binds_module; /* the name (or its chain) is the module `target` */
} location;

/* A name bound by an import of `module` (at module level, or in function
   `scope` too with IPG_CALLS_WILL_RUN), read as `chain` ("m.sub.f", "f"):
   the first binding whose target calls may follow. */
static int locate(walk *w, size_t module, const char *scope, const char *name, const char *chain,
                  location *loc) {
  const impgraph_graph *g = w->g;
  const impgraph_scan *scan = g->scans[module];
  *loc = (location){NONE, "", false};
  size_t n = impgraph_scan_import_count(scan);
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *rec = impgraph_scan_import(scan, i);
    const char *original = bound_original(rec, name);
    if (!original || !binding_record(w, rec, scope))
      continue;
    for (size_t j = g->out_first[module]; j < g->out_first[module + 1]; j++) {
      const impgraph_edge *e = &g->edges[j];
      if (e->import_index != i || !followable_target(w, e))
        continue;
      const char *to_name = g->modules[e->to].name;
      size_t tlen = strlen(to_name), olen = strlen(original);
      bool binds_module = original[0] == '\0' || (tlen > olen && to_name[tlen - olen - 1] == '.' &&
                                                  strcmp(to_name + tlen - olen, original) == 0);
      const char *rest = chain + strlen(name);
      const char *path;
      if (!binds_module) {
        if (!names_contain(e->names, original))
          continue;
        /* `from m import C` read as `C.make`: the method, when surely. */
        path = original;
        if (w->mode == IPG_CALLS_WILL_RUN && *rest == '.' &&
            !(path = ipg_arena_printf(&w->scratch, "%s%s", original, rest)))
          return IMPGRAPH_ENOMEM;
      } else {
        /* The name is a module: the attribute is what follows the module's
           path in the chain (for `import a.b` bound as `a`: a.b's path). */
        if (original[0] == '\0' && !rec->alias) {
          const char *mod = or_empty(rec->module);
          size_t mlen = strlen(mod);
          if (strncmp(chain, mod, mlen) != 0 || (chain[mlen] != '\0' && chain[mlen] != '.'))
            continue;
          rest = chain + mlen;
        }
        path = *rest == '.' ? rest + 1 : "";
        const char *dot = strchr(path, '.');
        if (w->mode == IPG_CALLS_MAY_RUN && dot &&
            !(path = ipg_arena_strndup(&w->scratch, path, (size_t)(dot - path))))
          return IMPGRAPH_ENOMEM;
      }
      *loc = (location){e->to, path, binds_module};
      return IMPGRAPH_OK;
    }
  }
  return IMPGRAPH_OK;
}

/* The function a name bound by an import calls (see locate()), found by its
   definition or, with IPG_CALLS_WILL_RUN, through the module-level imports
   that re-export it. *target stays NONE when none is found. */
static int resolve_name(walk *w, size_t module, const char *scope, const char *name,
                        const char *chain, int depth, size_t *target, const char **qualname) {
  location loc;
  int rc = locate(w, module, scope, name, chain, &loc);
  if (rc || loc.target == NONE || !loc.path[0])
    return rc;
  return resolve_in(w, loc.target, loc.path, depth, target, qualname);
}

/* ---- closures ---- */

static int push(walk *w, ipg_fnset *s, size_t module, const char *qualname, size_t cause) {
  int rc = IMPGRAPH_OK;
  const impgraph_definition *d = find_definition(w, module, qualname, &rc);
  if (!d)
    return rc;
  bool added;
  if ((rc = fnset_put(s, module, d->qualname, cause, &added)) || !added)
    return rc;
  ipg_fn *item = ipg_vec_push(&w->stack);
  if (!item)
    return IMPGRAPH_ENOMEM;
  *item = (ipg_fn){module, d->qualname, cause};
  return IMPGRAPH_OK;
}

/* A called class: every definition directly in it (may run), or its own
   __init__ and __new__ (will run). */
static int push_class(walk *w, ipg_fnset *s, ipg_fn cls) {
  const impgraph_scan *scan = w->g->scans[cls.module];
  int rc = IMPGRAPH_OK;
  if (w->mode == IPG_CALLS_WILL_RUN) {
    static const char *const constructors[] = {"__init__", "__new__"};
    for (size_t i = 0; !rc && i < 2; i++) {
      const char *q = ipg_arena_printf(&w->scratch, "%s.%s", cls.qualname, constructors[i]);
      rc = q ? push(w, s, cls.module, q, cls.cause) : IMPGRAPH_ENOMEM;
    }
    return rc;
  }
  size_t n = impgraph_scan_definition_count(scan);
  for (size_t i = 0; !rc && i < n; i++) {
    const impgraph_definition *d = impgraph_scan_definition(scan, i);
    if (strcmp(d->scope, cls.qualname) == 0)
      rc = push(w, s, cls.module, d->qualname, cls.cause);
  }
  return rc;
}

/* Whether a reference or use at `flags` counts as running what it names,
   by the mode's rule on conditions. */
static bool surely(const walk *w, uint32_t flags) {
  return w->mode == IPG_CALLS_MAY_RUN || !(flags & IMPGRAPH_USE_CONDITIONAL);
}

/* A use that runs the function the name stands for. */
static bool use_runs(const walk *w, const impgraph_use *u) {
  if (u->flags & NOT_READ)
    return false;
  if (w->mode == IPG_CALLS_MAY_RUN)
    return true;
  return (u->flags & IMPGRAPH_USE_CALL) && !(u->flags & IMPGRAPH_USE_CONDITIONAL);
}

/* A call of imported name `u` in `scope` of `module`: push what it runs. */
static int push_use(walk *w, ipg_fnset *s, size_t module, const char *scope, const impgraph_use *u,
                    size_t cause) {
  size_t target = NONE;
  const char *qualname = NULL;
  int rc =
      resolve_name(w, module, scope, u->name, u->chain ? u->chain : u->name, 0, &target, &qualname);
  if (rc || target == NONE)
    return rc;
  return push(w, s, target, qualname, cause);
}

/* Whatever running `fn` runs, pushed. */
static int expand(walk *w, ipg_fnset *s, ipg_fn fn) {
  int rc = IMPGRAPH_OK;
  const impgraph_definition *def = find_definition(w, fn.module, fn.qualname, &rc);
  if (rc)
    return rc;
  if (def && def->kind == IMPGRAPH_DEF_CLASS) {
    if ((rc = push_class(w, s, fn)) || w->mode == IPG_CALLS_WILL_RUN)
      return rc; /* its body ran when the class statement did */
  }
  const scope_index *ix = index_of(w, fn.module, &rc);
  if (!ix)
    return rc;
  const impgraph_scan *scan = w->g->scans[fn.module];
  bool nested = w->mode == IPG_CALLS_MAY_RUN;
  size_t qlen = strlen(fn.qualname);
  for (size_t k = lower_bound(ix->refs, ix->ref_count, fn.qualname);
       !rc && k < ix->ref_count && strncmp(ix->refs[k].key, fn.qualname, qlen) == 0; k++) {
    const impgraph_local_ref *r = impgraph_scan_local_ref(scan, ix->refs[k].index);
    if (scope_matches(ix->refs[k].key, fn.qualname, qlen, nested) && ref_runs(scan, r) &&
        !(r->flags & IMPGRAPH_USE_TYPE_CHECKING) && surely(w, r->flags))
      rc = push(w, s, fn.module, r->name, fn.cause);
  }
  for (size_t k = lower_bound(ix->uses, ix->use_count, fn.qualname);
       !rc && k < ix->use_count && strncmp(ix->uses[k].key, fn.qualname, qlen) == 0; k++) {
    const impgraph_use *u = impgraph_scan_use(scan, ix->uses[k].index);
    if (scope_matches(ix->uses[k].key, fn.qualname, qlen, nested) && use_runs(w, u))
      rc = push_use(w, s, fn.module, fn.qualname, u, fn.cause);
  }
  return rc;
}

static int drain(walk *w, ipg_fnset *s) {
  int rc = IMPGRAPH_OK;
  while (!rc && w->stack.len) {
    ipg_fn fn = *(ipg_fn *)ipg_vec_at(&w->stack, --w->stack.len);
    rc = expand(w, s, fn);
  }
  return rc;
}

static int walk_init(walk *w, const impgraph_graph *g, ipg_call_mode mode) {
  memset(w, 0, sizeof *w);
  w->g = g;
  w->mode = mode;
  w->index = calloc(g->module_count ? g->module_count : 1, sizeof *w->index);
  ipg_vec_init(&w->stack, sizeof(ipg_fn));
  ipg_arena_init(&w->scratch);
  return w->index ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

static void walk_free(walk *w) {
  index_free(w->index, w->g->module_count);
  ipg_vec_free(&w->stack);
  ipg_arena_free(&w->scratch);
}

static int closure(walk *w, ipg_fnset *s, size_t module, const char *qualname, size_t cause) {
  int rc = push(w, s, module, qualname, cause);
  return rc ? rc : drain(w, s);
}

int ipg_fnset_add_closure(ipg_fnset *s, const impgraph_graph *g, ipg_call_mode mode, size_t module,
                          const char *qualname) {
  if (module >= g->module_count || !g->scans[module] || !qualname)
    return IMPGRAPH_OK;
  walk w;
  int rc = walk_init(&w, g, mode);
  if (!rc)
    rc = closure(&w, s, module, qualname, NONE);
  walk_free(&w);
  return rc;
}

int ipg_fnset_add_import_time(ipg_fnset *s, const impgraph_graph *g, size_t module) {
  const impgraph_scan *scan = module < g->module_count ? g->scans[module] : NULL;
  if (!scan)
    return IMPGRAPH_OK;
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  ipg_line_range *main_blocks = NULL;
  size_t main_count = 0;
  walk w;
  int rc = walk_init(&w, g, IPG_CALLS_MAY_RUN);
  if (!rc)
    rc = ipg_main_blocks(text, len, &main_blocks, &main_count);
  size_t n = impgraph_scan_local_ref_count(scan);
  for (size_t i = 0; !rc && i < n; i++) {
    const impgraph_local_ref *r = impgraph_scan_local_ref(scan, i);
    if (!import_time_flags(r->flags) || !ref_runs(scan, r) ||
        (r->flags & IMPGRAPH_USE_TYPE_CHECKING) ||
        ipg_in_line_ranges(main_blocks, main_count, r->range.start_line))
      continue;
    rc = closure(&w, s, module, r->name, NONE);
  }
  free(main_blocks);
  walk_free(&w);
  return rc;
}

/* ---- the graph's CALLED edges ---- */

static int root_order(const void *pa, const void *pb) {
  const ipg_call_root *a = pa, *b = pb;
  int c = strcmp(a->module_name, b->module_name);
  if (c)
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  if ((c = strcmp(a->target_name, b->target_name)))
    return c;
  if ((c = strcmp(a->qualname, b->qualname)))
    return c;
  return strcmp(or_empty(a->name), or_empty(b->name));
}

typedef struct marking {
  walk w;
  ipg_calls *out;
  bool *base;    /* per edge: followed by its kind (CALLED ones not) */
  size_t *cause; /* per edge: index of the root making it CALLED, or NONE */
  size_t *queue; /* module ids, for the start-up traversal */
} marking;

/* Whether the import-time code of `module` at line:column never runs
   because the module fails (IMPGRAPH_MODULE_FAILS) before it: at its
   failing import or after it, or anywhere when its parent package fails.
   Only with g->failures (not in the build's view). */
static bool cut_off(const impgraph_graph *g, size_t module, uint32_t line, uint32_t column) {
  if (!g->failures || g->failures[module].edge == NONE)
    return false;
  const impgraph_edge *f = &g->edges[g->failures[module].edge];
  if (f->kind == IMPGRAPH_EDGE_PARENT)
    return true;
  return line > f->line || (line == f->line && column >= f->column);
}

static int add_root(marking *m, size_t module, uint32_t line, uint32_t column, size_t target,
                    const char *qualname, const char *name) {
  const impgraph_graph *g = m->w.g;
  if (cut_off(g, module, line, column))
    return IMPGRAPH_OK;
  ipg_call_root *r = ipg_vec_push(&m->out->roots);
  if (!r)
    return IMPGRAPH_ENOMEM;
  *r = (ipg_call_root){module, g->modules[module].name, line,     column,
                       target, g->modules[target].name, qualname, name};
  return IMPGRAPH_OK;
}

/* Calls of the module's own functions and classes at import time. */
static int ref_roots(marking *m, size_t module) {
  const impgraph_scan *scan = m->w.g->scans[module];
  size_t n = impgraph_scan_local_ref_count(scan);
  int rc = IMPGRAPH_OK;
  for (size_t i = 0; !rc && i < n; i++) {
    const impgraph_local_ref *r = impgraph_scan_local_ref(scan, i);
    if (!import_time_flags(r->flags) || !ref_runs(scan, r) ||
        (r->flags &
         (IMPGRAPH_USE_TYPE_CHECKING | IMPGRAPH_USE_CONDITIONAL | IMPGRAPH_USE_ANNOTATION)))
      continue;
    const impgraph_definition *d = find_definition(&m->w, module, r->name, &rc);
    if (d)
      rc = add_root(m, module, r->range.start_line, r->range.start_column, module, d->qualname,
                    NULL);
  }
  return rc;
}

/* Whether the module-level code of `scan` binds `name` (a def, a class, an
   import outside TYPE_CHECKING). */
static bool binds_at_module_level(walk *w, size_t module, const char *name, int *rc) {
  const impgraph_definition *d = find_definition(w, module, name, rc);
  if (d && strcmp(d->scope, "") == 0)
    return true;
  const impgraph_scan *scan = w->g->scans[module];
  size_t n = impgraph_scan_import_count(scan);
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *rec = impgraph_scan_import(scan, i);
    if (or_empty(rec->scope)[0] == '\0' && !(rec->flags & IMPGRAPH_CTX_TYPE_CHECKING) &&
        bound_original(rec, name))
      return true;
  }
  return false;
}

/* The module-level `def __getattr__` of `module` (PEP 562) when it serves
   `name`: the module does not bind the name at module level, and the graph
   has no submodule of that name. */
static const impgraph_definition *serving_getattr(walk *w, size_t module, const char *name,
                                                  int *rc) {
  const impgraph_definition *ga = find_definition(w, module, "__getattr__", rc);
  if (!ga || strcmp(ga->scope, "") != 0 || strcmp(name, "*") == 0 ||
      binds_at_module_level(w, module, name, rc) || *rc)
    return NULL;
  const char *sub = ipg_arena_printf(&w->scratch, "%s.%s", w->g->modules[module].name, name);
  if (!sub) {
    *rc = IMPGRAPH_ENOMEM;
    return NULL;
  }
  size_t id = ipg_graph_lookup(w->g, sub);
  return id == NONE || w->g->modules[id].kind == IMPGRAPH_MODULE_MISSING ? ga : NULL;
}

/* Reads of imported names at import time: a call of an imported function,
   and an attribute of a module that its __getattr__ serves
   (`concurrent.futures.ThreadPoolExecutor` as a default value). */
static int use_roots(marking *m, size_t module) {
  const impgraph_scan *scan = m->w.g->scans[module];
  size_t n = impgraph_scan_use_count(scan);
  int rc = IMPGRAPH_OK;
  for (size_t i = 0; !rc && i < n; i++) {
    const impgraph_use *u = impgraph_scan_use(scan, i);
    if (!import_time_flags(u->flags) || (u->flags & (NOT_READ | IMPGRAPH_USE_CONDITIONAL)))
      continue;
    const char *chain = u->chain ? u->chain : u->name;
    location loc;
    if ((rc = locate(&m->w, module, "", u->name, chain, &loc)) || loc.target == NONE ||
        !loc.path[0])
      continue;
    uint32_t line = u->range.start_line, column = u->range.start_column;
    size_t target = NONE;
    const char *qualname = NULL;
    if ((u->flags & IMPGRAPH_USE_CALL) &&
        (rc = resolve_in(&m->w, loc.target, loc.path, 0, &target, &qualname)))
      break;
    if (target != NONE) {
      rc = add_root(m, module, line, column, target, qualname, NULL);
      continue;
    }
    if (!loc.binds_module)
      continue;
    const char *dot = strchr(loc.path, '.');
    const char *name = ipg_arena_strndup(&m->out->arena, loc.path,
                                         dot ? (size_t)(dot - loc.path) : strlen(loc.path));
    if (!name)
      return IMPGRAPH_ENOMEM;
    const impgraph_definition *ga = serving_getattr(&m->w, loc.target, name, &rc);
    if (ga)
      rc = add_root(m, module, line, column, loc.target, ga->qualname, name);
  }
  return rc;
}

/* PEP 562: `from M import NAME` of a name M serves from its module
   __getattr__. */
static int getattr_roots(marking *m, size_t module) {
  const impgraph_graph *g = m->w.g;
  int rc = IMPGRAPH_OK;
  for (size_t e = g->out_first[module]; !rc && e < g->out_first[module + 1]; e++) {
    const impgraph_edge *edge = &g->edges[e];
    size_t to = edge->to;
    if (edge->kind != IMPGRAPH_EDGE_EAGER || !m->base[e] || !edge->names ||
        (edge->flags & IMPGRAPH_CTX_CONDITIONAL) || !g->scans[to])
      continue;
    const impgraph_definition *ga = find_definition(&m->w, to, "__getattr__", &rc);
    if (!ga || strcmp(ga->scope, "") != 0)
      continue;
    for (const char *p = edge->names; !rc && *p;) {
      const char *comma = strchr(p, ',');
      size_t len = comma ? (size_t)(comma - p) : strlen(p);
      const char *name = ipg_arena_strndup(&m->out->arena, p, len);
      if (!name)
        return IMPGRAPH_ENOMEM;
      if (serving_getattr(&m->w, to, name, &rc))
        rc = add_root(m, module, edge->line, edge->column, to, ga->qualname, name);
      p = comma ? comma + 1 : p + len;
    }
  }
  return rc;
}

/* The start-up set with the CALLED edges found so far. */
static void traverse(marking *m) {
  const impgraph_graph *g = m->w.g;
  bool *live = m->out->live;
  memset(live, 0, g->module_count * sizeof *live);
  size_t head = 0, tail = 0;
  for (size_t i = 0; i < g->entry_module_count; i++)
    if (!live[g->entry_modules[i]]) {
      live[g->entry_modules[i]] = true;
      m->queue[tail++] = g->entry_modules[i];
    }
  while (head < tail) {
    size_t v = m->queue[head++];
    for (size_t e = g->out_first[v]; e < g->out_first[v + 1]; e++) {
      size_t to = g->edges[e].to;
      bool follows = m->base[e] || (m->cause[e] != NONE && ipg_graph_edge_followable(g, e));
      if (follows && !live[to]) {
        live[to] = true;
        m->queue[tail++] = to;
      }
    }
  }
}

static int collect_roots(marking *m) {
  const impgraph_graph *g = m->w.g;
  m->out->roots.len = 0;
  int rc = IMPGRAPH_OK;
  for (size_t v = 0; !rc && v < g->module_count; v++) {
    if (!m->out->live[v] || !g->scans[v] || (g->modules[v].flags & IMPGRAPH_MODULE_PRELOADED))
      continue;
    if (!(rc = ref_roots(m, v)) && !(rc = use_roots(m, v)))
      rc = getattr_roots(m, v);
  }
  if (!rc && m->out->roots.len)
    qsort(m->out->roots.data, m->out->roots.len, sizeof(ipg_call_root), root_order);
  return rc;
}

/* An import a function runs whenever it runs. */
static bool unconditional_import(uint32_t flags) {
  return !(flags & (IMPGRAPH_CTX_CONDITIONAL | IMPGRAPH_CTX_TYPE_CHECKING | IMPGRAPH_CTX_LAZY |
                    IMPGRAPH_CTX_LAMBDA | IMPGRAPH_CTX_DYNAMIC));
}

static bool candidate(const impgraph_edge *e) {
  return e->kind == IMPGRAPH_EDGE_FUNCTION || e->kind == IMPGRAPH_EDGE_CALLED;
}

static void mark_edge(size_t *cause, size_t e, size_t root) {
  if (cause[e] == NONE || root < cause[e])
    cause[e] = root;
}

/* PEP 562: the imports of M.__getattr__ that bind the name asked. */
static void mark_getattr_imports(marking *m, size_t *cause, size_t root_index) {
  const ipg_call_root *root = ipg_vec_at(&m->out->roots, root_index);
  const impgraph_graph *g = m->w.g;
  const impgraph_scan *scan = g->scans[root->target];
  for (size_t e = g->out_first[root->target]; e < g->out_first[root->target + 1]; e++) {
    const impgraph_edge *edge = &g->edges[e];
    if (!candidate(edge) || strcmp(or_empty(edge->scope), root->qualname) != 0 ||
        (edge->flags & (IMPGRAPH_CTX_TYPE_CHECKING | IMPGRAPH_CTX_LAZY | IMPGRAPH_CTX_DYNAMIC)))
      continue;
    const impgraph_import *rec = impgraph_scan_import(scan, edge->import_index);
    bool binds;
    if (rec->kind == IMPGRAPH_IMPORT_PLAIN) {
      const char *mod = or_empty(rec->module), *dot = strrchr(mod, '.');
      binds = strcmp(dot ? dot + 1 : mod, root->name) == 0;
    } else {
      binds = names_contain(edge->names, root->name);
    }
    if (binds)
      mark_edge(cause, e, root_index);
  }
}

/* One round: the functions the roots run, and the edges that makes
   CALLED, into cause[]. */
static int run_roots(marking *m, size_t *cause) {
  const impgraph_graph *g = m->w.g;
  ipg_fnset_free(&m->out->run);
  ipg_fnset_init(&m->out->run);
  int rc = IMPGRAPH_OK;
  for (size_t i = 0; !rc && i < m->out->roots.len; i++) {
    const ipg_call_root *root = ipg_vec_at(&m->out->roots, i);
    if (root->name)
      mark_getattr_imports(m, cause, i);
    rc = closure(&m->w, &m->out->run, root->target, root->qualname, i);
  }
  for (size_t e = 0; !rc && e < g->edge_count; e++) {
    const impgraph_edge *edge = &g->edges[e];
    if (!candidate(edge) || !unconditional_import(edge->flags))
      continue;
    const ipg_fn *fn = ipg_fnset_get(&m->out->run, edge->from, edge->scope);
    if (fn)
      mark_edge(cause, e, fn->cause);
  }
  return rc;
}

void ipg_calls_free(ipg_calls *c) {
  free(c->live);
  free(c->sites);
  ipg_fnset_free(&c->run);
  ipg_vec_free(&c->roots);
  ipg_arena_free(&c->arena);
  memset(c, 0, sizeof *c);
}

static int fixpoint(marking *m) {
  const impgraph_graph *g = m->w.g;
  size_t *next = malloc((g->edge_count ? g->edge_count : 1) * sizeof *next);
  if (!next)
    return IMPGRAPH_ENOMEM;
  int rc = IMPGRAPH_OK;
  for (size_t round = 0; !rc && round < MAX_ROUNDS; round++) {
    m->out->rounds = round + 1;
    traverse(m);
    if ((rc = collect_roots(m)))
      break;
    for (size_t e = 0; e < g->edge_count; e++)
      next[e] = NONE;
    if ((rc = run_roots(m, next)))
      break;
    bool changed = false;
    for (size_t e = 0; e < g->edge_count; e++)
      changed = changed || (next[e] == NONE) != (m->cause[e] == NONE);
    memcpy(m->cause, next, g->edge_count * sizeof *next);
    if (!changed)
      break;
  }
  free(next);
  return rc;
}

int ipg_calls_compute(ipg_calls *out, const impgraph_graph *g) {
  memset(out, 0, sizeof *out);
  ipg_fnset_init(&out->run);
  ipg_vec_init(&out->roots, sizeof(ipg_call_root));
  ipg_arena_init(&out->arena);
  size_t n = g->module_count ? g->module_count : 1, edges = g->edge_count ? g->edge_count : 1;
  marking m;
  memset(&m, 0, sizeof m);
  m.out = out;
  int rc = walk_init(&m.w, g, IPG_CALLS_WILL_RUN);
  out->live = calloc(n, sizeof *out->live);
  out->sites = malloc(edges * sizeof *out->sites);
  out->site_count = g->edge_count;
  m.base = malloc(edges * sizeof *m.base);
  m.cause = malloc(edges * sizeof *m.cause);
  m.queue = malloc(n * sizeof *m.queue);
  if (!rc && (!out->live || !out->sites || !m.base || !m.cause || !m.queue))
    rc = IMPGRAPH_ENOMEM;
  if (!rc) {
    ipg_graph_fill_followed(g, m.base);
    for (size_t e = 0; e < g->edge_count; e++) {
      if (g->edges[e].kind == IMPGRAPH_EDGE_CALLED)
        m.base[e] = false; /* recomputed */
      m.cause[e] = NONE;
    }
    rc = fixpoint(&m);
  }
  for (size_t e = 0; !rc && e < g->edge_count; e++) {
    out->sites[e] = (ipg_call_site){NONE, 0, 0};
    if (m.cause[e] == NONE)
      continue;
    const ipg_call_root *root = ipg_vec_at(&out->roots, m.cause[e]);
    out->sites[e] = (ipg_call_site){root->module, root->line, root->column};
  }
  walk_free(&m.w);
  free(m.base);
  free(m.cause);
  free(m.queue);
  if (rc)
    ipg_calls_free(out);
  return rc;
}

bool ipg_calls_import_runs(const impgraph_graph *g, size_t module, const char *scope,
                           uint32_t flags, size_t to, ipg_call_site *site) {
  if (!scope || !scope[0] || !(flags & IMPGRAPH_CTX_FUNCTION))
    return false;
  const ipg_fn *fn = g->calls ? ipg_fnset_get(&g->calls->run, module, scope) : NULL;
  if (fn && unconditional_import(flags) && fn->cause < g->calls->roots.len) {
    const ipg_call_root *root = ipg_vec_at(&g->calls->roots, fn->cause);
    *site = (ipg_call_site){root->module, root->line, root->column};
    return true;
  }
  for (size_t e = g->out_first[module]; e < g->out_first[module + 1]; e++) {
    const impgraph_edge *edge = &g->edges[e];
    if (edge->kind == IMPGRAPH_EDGE_CALLED && edge->to == to && edge->scope &&
        strcmp(edge->scope, scope) == 0) {
      *site = (ipg_call_site){edge->call_module, edge->call_line, edge->call_column};
      return true;
    }
  }
  return false;
}

int ipg_calls_apply(ipg_calls **out, const impgraph_graph *g, impgraph_edge *edges) {
  *out = malloc(sizeof **out);
  if (!*out)
    return IMPGRAPH_ENOMEM;
  int rc = ipg_calls_compute(*out, g);
  if (rc) {
    free(*out);
    *out = NULL;
    return rc;
  }
  for (size_t e = 0; e < g->edge_count; e++) {
    impgraph_edge *edge = &edges[e];
    const ipg_call_site *site = &(*out)->sites[e];
    if (site->module != NONE) {
      edge->kind = IMPGRAPH_EDGE_CALLED;
      edge->call_module = site->module;
      edge->call_line = site->line;
      edge->call_column = site->column;
      continue;
    }
    if (edge->kind == IMPGRAPH_EDGE_CALLED)
      edge->kind = IMPGRAPH_EDGE_FUNCTION;
    edge->call_module = NONE;
    edge->call_line = edge->call_column = 0;
  }
  return IMPGRAPH_OK;
}
