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
#include "graph/values.h"

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

/* What a walk derives from one module's scan and text alone: kept across
   ipg_calls_compute() calls by an ipg_calls_memo (the build's rounds and
   its finish), keyed by module name and checked against the scan. */
typedef struct text_state {
  const impgraph_scan *scan; /* what it was made from */
  scope_index index;
  ipg_cond_scope cond;
  ipg_vec lines; /* ipg_pyline */
  bool lines_built;
  /* 0 not looked at yet, 1 no, 2 yes: a module-level loop (`for ` at
     column 0), an alias line (has_alias_line). */
  uint8_t has_loop, has_alias;
} text_state;

struct ipg_calls_memo {
  ipg_map by_name; /* module name (a copy in arena) -> text_state */
  ipg_arena arena;
};

static void text_state_free(text_state *t) {
  free(t->index.refs);
  free(t->index.uses);
  free(t->index.defs);
  ipg_cond_scope_free(&t->cond);
  if (t->lines_built)
    ipg_vec_free(&t->lines);
  memset(t, 0, sizeof *t);
}

ipg_calls_memo *ipg_calls_memo_new(void) {
  ipg_calls_memo *m = calloc(1, sizeof *m);
  if (m) {
    ipg_map_init(&m->by_name);
    ipg_arena_init(&m->arena);
  }
  return m;
}

void ipg_calls_memo_free(ipg_calls_memo *m) {
  if (!m)
    return;
  for (size_t i = 0; i < m->by_name.cap; i++)
    if (m->by_name.slots[i].value) {
      text_state_free(m->by_name.slots[i].value);
      free(m->by_name.slots[i].value);
    }
  ipg_map_free(&m->by_name);
  ipg_arena_free(&m->arena);
  free(m);
}

typedef struct walk {
  const impgraph_graph *g;
  ipg_call_mode mode;
  /* Per module: its text state, made when first needed: owned (`owned`,
     one per module) or the memo's. */
  text_state **text;
  text_state *owned;
  ipg_calls_memo *memo;
  ipg_vec stack;     /* ipg_fn */
  ipg_arena scratch; /* attribute paths */
  /* Values (IPG_CALLS_WILL_RUN): the conditions' environment. */
  ipg_cond_env env;
  /* Per module: the roots loop_roots() and alias_roots() found (they
     depend on the module only), made in the first round that needs them. */
  ipg_vec *value_roots; /* ipg_call_root */
  bool *value_roots_built;
  /* "module:qualname" -> param_facts (in default_keys): what calls may
     bind of the function's parameters. */
  ipg_map defaults;
  ipg_arena default_keys;
} walk;

/* What calls may bind of a function's parameters (bit j: parameter j). */
typedef struct param_facts {
  uint32_t defaults; /* a default a call may bind (default_bindable()) */
  uint32_t rebound;  /* bound again in the body: never bound to a value */
  bool rebound_known;
} param_facts;

static const char *or_empty(const char *s) {
  return s ? s : "";
}

static keyed *sorted_keys(size_t count) {
  return malloc((count ? count : 1) * sizeof(keyed));
}

/* The text state of `module` (never NULL unless *rc is set). A memo's
   entry made from another scan of the same name is made again. */
static text_state *text_of(walk *w, size_t module, int *rc) {
  if (w->text[module])
    return w->text[module];
  const impgraph_scan *scan = w->g->scans[module];
  text_state *t = NULL;
  if (w->memo) {
    const char *name = w->g->modules[module].name;
    t = ipg_map_get(&w->memo->by_name, name);
    if (t && t->scan != scan)
      text_state_free(t);
    if (!t) {
      t = calloc(1, sizeof *t);
      const char *key = t ? ipg_arena_strdup(&w->memo->arena, name) : NULL;
      if (!key || ipg_map_put(&w->memo->by_name, key, t)) {
        free(t);
        *rc = IMPGRAPH_ENOMEM;
        return NULL;
      }
    }
  } else {
    t = &w->owned[module];
  }
  t->scan = scan;
  w->text[module] = t;
  return t;
}

static const scope_index *index_of(walk *w, size_t module, int *rc) {
  text_state *t = text_of(w, module, rc);
  if (!t)
    return NULL;
  scope_index *ix = &t->index;
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

static int walk_init(walk *w, const impgraph_graph *g, ipg_call_mode mode, ipg_calls_memo *memo) {
  memset(w, 0, sizeof *w);
  w->g = g;
  w->mode = mode;
  w->memo = memo;
  size_t n = g->module_count ? g->module_count : 1;
  w->text = calloc(n, sizeof *w->text);
  if (!memo)
    w->owned = calloc(n, sizeof *w->owned);
  ipg_vec_init(&w->stack, sizeof(ipg_fn));
  ipg_arena_init(&w->scratch);
  ipg_map_init(&w->defaults);
  ipg_arena_init(&w->default_keys);
  if (mode == IPG_CALLS_WILL_RUN) {
    ipg_cond_env_from_probe(&w->env, g->probe);
    w->value_roots = calloc(n, sizeof *w->value_roots);
    w->value_roots_built = calloc(n, sizeof *w->value_roots_built);
    if (!w->value_roots || !w->value_roots_built)
      return IMPGRAPH_ENOMEM;
  }
  return w->text && (memo || w->owned) ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

static void walk_free(walk *w) {
  for (size_t i = 0; w->owned && i < w->g->module_count; i++)
    text_state_free(&w->owned[i]);
  free(w->owned);
  free(w->text);
  ipg_vec_free(&w->stack);
  ipg_arena_free(&w->scratch);
  ipg_map_free(&w->defaults);
  ipg_arena_free(&w->default_keys);
  for (size_t i = 0; w->value_roots && i < w->g->module_count; i++)
    if (w->value_roots_built[i])
      ipg_vec_free(&w->value_roots[i]);
  free(w->value_roots);
  free(w->value_roots_built);
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
  int rc = walk_init(&w, g, mode, NULL);
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
  int rc = walk_init(&w, g, IPG_CALLS_MAY_RUN, NULL);
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
  if ((c = strcmp(or_empty(a->name), or_empty(b->name))))
    return c;
  if (a->binding_count != b->binding_count)
    return a->binding_count < b->binding_count ? -1 : 1;
  for (size_t k = 0; k < a->binding_count; k++) {
    const ipg_value_binding *x = &a->bindings[k], *y = &b->bindings[k];
    if ((c = strcmp(x->name, y->name)))
      return c;
    if (x->value.kind != y->value.kind)
      return x->value.kind < y->value.kind ? -1 : 1;
    if (x->value.kind != IPG_CONST_PLAIN)
      continue;
    if (x->value.is_int != y->value.is_int)
      return x->value.is_int ? -1 : 1;
    if (x->value.is_int && x->value.i != y->value.i)
      return x->value.i < y->value.i ? -1 : 1;
    if (!x->value.is_int && (c = strcmp(x->value.s, y->value.s)))
      return c;
  }
  return 0;
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
  memset(r, 0, sizeof *r);
  r->module = module;
  r->module_name = g->modules[module].name;
  r->line = line;
  r->column = column;
  r->target = target;
  r->target_name = g->modules[target].name;
  r->qualname = qualname;
  r->name = name;
  return IMPGRAPH_OK;
}

static int bind_call_args(walk *w, size_t module, const ipg_pycall *call, void *caller_locals,
                          size_t target, const char *qualname, ipg_arena *arena,
                          ipg_value_binding *out, size_t *count);
static int decoration_root(marking *m, size_t module, uint32_t line, uint32_t column,
                           size_t callee_start, const ipg_pycall *call, size_t target,
                           const char *qualname);

/* A root of a call whose callee ends at byte `callee_end` (blanks, then
   its `(`): the arguments that are constants bind the function's
   parameters. A decorator's call (`decorator`, the callee starting at
   `callee_start`) of a class may also call the instance (decoration_root). */
static int add_call_root(marking *m, size_t module, uint32_t line, uint32_t column,
                         size_t callee_start, size_t callee_end, bool decorator, size_t target,
                         const char *qualname) {
  size_t before = m->out->roots.len;
  int rc = add_root(m, module, line, column, target, qualname, NULL);
  if (rc || m->out->roots.len == before)
    return rc;
  size_t len = 0;
  const char *text = impgraph_scan_text(m->w.g->scans[module], &len);
  while (callee_end < len && (text[callee_end] == '.' || text[callee_end] == '_' ||
                              (text[callee_end] >= 'a' && text[callee_end] <= 'z') ||
                              (text[callee_end] >= 'A' && text[callee_end] <= 'Z') ||
                              (text[callee_end] >= '0' && text[callee_end] <= '9')))
    callee_end++; /* the rest of the chain: `m.f(` */
  ipg_pycall call;
  if (!ipg_py_call_args(text, len, callee_end, &call))
    return IMPGRAPH_OK;
  ipg_call_root *r = ipg_vec_at(&m->out->roots, before);
  ipg_value_binding b[IPG_MAX_BINDINGS];
  size_t count = 0;
  if ((rc =
           bind_call_args(&m->w, module, &call, NULL, target, qualname, &m->out->arena, b, &count)))
    return rc;
  r = ipg_vec_at(&m->out->roots, before);
  memcpy(r->bindings, b, count * sizeof *b);
  r->binding_count = count;
  return decorator ? decoration_root(m, module, line, column, callee_start, &call, target, qualname)
                   : IMPGRAPH_OK;
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
    if (d && (r->flags & IMPGRAPH_REF_CALL))
      rc = add_call_root(m, module, r->range.start_line, r->range.start_column, r->range.start_byte,
                         r->range.end_byte, (r->flags & IMPGRAPH_USE_DECORATOR) != 0, module,
                         d->qualname);
    else if (d)
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
      rc = add_call_root(m, module, line, column, u->range.start_byte, u->range.end_byte,
                         (u->flags & IMPGRAPH_USE_DECORATOR) != 0, target, qualname);
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

/* ---- values (docs/formats/graph.md, "Values") ---- */

/* Values of one loop; value states (a function and its bound parameters)
   walked in one round; nested blocks read in one function. */
#define MAX_LOOP_VALUES 64
#define MAX_VALUE_STATES 4096
#define MAX_BLOCK_DEPTH 32

static ipg_cond_scope *cond_scope(walk *w, size_t module) {
  int rc = IMPGRAPH_OK;
  text_state *t = text_of(w, module, &rc);
  if (!t)
    return NULL;
  ipg_cond_scope *scope = &t->cond;
  scope->env = &w->env; /* this walk's (a memo's scope outlives walks) */
  if (!scope->text) {
    scope->scan = w->g->scans[module];
    scope->modules = ipg_scan_cond_modules(scope->scan);
    scope->text = impgraph_scan_text(scope->scan, &scope->len);
  }
  return scope;
}

static const ipg_vec *module_lines(walk *w, size_t module, int *rc) {
  text_state *t = text_of(w, module, rc);
  if (!t)
    return NULL;
  if (!t->lines_built) {
    ipg_vec_init(&t->lines, sizeof(ipg_pyline));
    t->lines_built = true;
    size_t len = 0;
    const char *text = impgraph_scan_text(w->g->scans[module], &len);
    if ((*rc = ipg_pylines(text, len, 0, len, &t->lines))) {
      ipg_vec_free(&t->lines); /* not kept half made */
      t->lines_built = false;
      return NULL;
    }
  }
  return &t->lines;
}

/* The names of the code being read that are not module-level names: the
   values bound (parameters, a loop variable), a function's other
   parameters and the names its body binds. */
typedef struct locals {
  const char *text; /* of the params */
  const ipg_value_binding *bindings;
  size_t binding_count;
  const ipg_pyparam *params;
  size_t param_count;
  const ipg_cond_index *names; /* a function body's bindings; NULL at module level */
  bool all;                    /* every name is local (nothing known of them) */
} locals;

static int local_name(void *ctx, const char *name, size_t n, ipg_cond_const *value) {
  const locals *loc = ctx;
  for (size_t k = 0; k < loc->binding_count; k++)
    if (strlen(loc->bindings[k].name) == n && memcmp(loc->bindings[k].name, name, n) == 0) {
      *value = loc->bindings[k].value;
      return IPG_COND_LOCAL_CONST;
    }
  if (loc->all)
    return IPG_COND_LOCAL;
  for (size_t k = 0; k < loc->param_count; k++)
    if (loc->params[k].len == n && memcmp(loc->text + loc->params[k].start, name, n) == 0)
      return IPG_COND_LOCAL;
  return loc->names && ipg_cond_names_bind(loc->names, name, n) ? IPG_COND_LOCAL
                                                                : IPG_COND_NOT_LOCAL;
}

static ipg_truth eval_in(walk *w, size_t module, locals *loc, size_t start, size_t end) {
  ipg_cond_scope *scope = cond_scope(w, module);
  if (!scope)
    return IPG_UNKNOWN;
  scope->local = loc ? local_name : NULL;
  scope->local_ctx = loc;
  ipg_truth t = ipg_cond_eval(scope, start, end);
  scope->local = NULL;
  scope->local_ctx = NULL;
  return t;
}

static int constants_in(walk *w, size_t module, locals *loc, size_t start, size_t end,
                        bool sequence, ipg_arena *arena, ipg_cond_const *out, size_t cap,
                        size_t *count) {
  ipg_cond_scope *scope = cond_scope(w, module);
  if (!scope)
    return IMPGRAPH_ENOMEM;
  scope->local = loc ? local_name : NULL;
  scope->local_ctx = loc;
  int rc = ipg_cond_constants(scope, start, end, sequence, arena, out, cap, count);
  scope->local = NULL;
  scope->local_ctx = NULL;
  return rc;
}

/* Whether text[start, end) is one of the words None, True, False. */
static bool singleton_word(const char *text, size_t start, size_t end) {
  size_t n = end - start;
  return (n == 4 &&
          (memcmp(text + start, "None", 4) == 0 || memcmp(text + start, "True", 4) == 0)) ||
         (n == 5 && memcmp(text + start, "False", 5) == 0);
}

/* An expression that starts with a string or int literal, or is None,
   True or False. */
static bool literal_start(const char *text, size_t start, size_t end) {
  char c = text[start];
  return c == '\'' || c == '"' || (c >= '0' && c <= '9') || singleton_word(text, start, end);
}

/* An argument read for a constant: one that starts with a literal (or is
   None, True, False), or a name the caller binds to a constant (a loop
   variable, a parameter given a value). */
static bool constant_argument(const char *text, const ipg_pyarg *a, const locals *caller) {
  if (literal_start(text, a->start, a->end))
    return true;
  if (!caller || !ipg_py_identifier(text, a->start, a->end))
    return false;
  for (size_t k = 0; k < caller->binding_count; k++)
    if (strlen(caller->bindings[k].name) == a->end - a->start &&
        memcmp(caller->bindings[k].name, text + a->start, a->end - a->start) == 0)
      return true;
  return false;
}

static const char *find_bytes(const char *hay, size_t len, const char *needle, size_t n);

static bool ident_byte(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (unsigned char)c >= 0x80;
}

/* Whether an `if` or `elif` header in text[from, to) (a function's
   body) reads the name text[name, name + n): the word on a line that
   starts with `if` or `elif`. */
static bool read_in_condition(const char *text, size_t from, size_t to, const char *name,
                              size_t n) {
  for (const char *p = text + from; (p = find_bytes(p, (size_t)(text + to - p), name, n)); p++) {
    size_t at = (size_t)(p - text);
    if ((at > from && ident_byte(text[at - 1])) || (at + n < to && ident_byte(text[at + n])))
      continue;
    size_t line = at;
    while (line > from && text[line - 1] != '\n' && text[line - 1] != '\r')
      line--;
    while (line < at && (text[line] == ' ' || text[line] == '\t'))
      line++;
    size_t kw = at - line >= 3 && memcmp(text + line, "if", 2) == 0     ? 2
                : at - line >= 5 && memcmp(text + line, "elif", 4) == 0 ? 4
                                                                        : 0;
    if (kw && (text[line + kw] == ' ' || text[line + kw] == '(' || text[line + kw] == '\t'))
      return true;
  }
  return false;
}

/* Whether a call that leaves out parameter `p` of `d` (a def of `target`
   with its text) may bind it to its default: the default starts with a
   literal string or int, or is None, True or False, and a condition of the
   function's body reads the parameter. */
static bool default_bindable(const char *text, const impgraph_definition *d, const ipg_pyparam *p) {
  return !p->starred && p->default_end > p->default_start && !d->body_inline &&
         literal_start(text, p->default_start, p->default_end) &&
         read_in_condition(text, d->body_first.start_byte, d->statement.end_byte, text + p->start,
                           p->len);
}

/* The parameters of `d` (a def of `target`) that its body binds again (a
   value bound to one would go stale), as a bit mask. */
static int rebound_params(const char *text, const impgraph_definition *d, uint32_t *mask) {
  *mask = 0;
  ipg_pyparam params[IPG_PY_MAX_PARAMS];
  size_t count = 0;
  size_t body = d->body_first.start_byte, end = d->statement.end_byte;
  if (d->body_inline || body >= end ||
      !ipg_py_def_params(text, d->statement.start_byte, end, params, &count))
    return IMPGRAPH_OK;
  ipg_cond_index *names = NULL;
  int rc = ipg_cond_names_new(&names, text + body, end - body);
  for (size_t j = 0; !rc && j < count; j++)
    if (ipg_cond_names_count(names, text + params[j].start, params[j].len))
      *mask |= 1u << j;
  ipg_cond_names_free(names);
  return rc;
}

/* What calls may bind of the parameters of `d` (a def of `target`): read
   once per function and walk; `rebound` too when `need_rebound`. NULL when
   out of memory (*rc set) or the qualified name is too long for a key
   (then nothing is bound). */
static const param_facts *facts_of(walk *w, size_t target, const impgraph_definition *d,
                                   bool need_rebound, int *rc) {
  char buf[512];
  const char *key = fn_key(buf, sizeof buf, target, d->qualname);
  if (!key)
    return NULL;
  size_t len = 0;
  const char *text = impgraph_scan_text(w->g->scans[target], &len);
  param_facts *f = ipg_map_get(&w->defaults, key);
  if (!f) {
    char *owned = ipg_arena_strdup(&w->default_keys, key);
    f = owned ? ipg_arena_alloc(&w->default_keys, sizeof *f) : NULL;
    if (!f || ipg_map_put(&w->defaults, owned, f) != IMPGRAPH_OK) {
      *rc = IMPGRAPH_ENOMEM;
      return NULL;
    }
    memset(f, 0, sizeof *f);
    ipg_pyparam params[IPG_PY_MAX_PARAMS];
    size_t count = 0;
    if (ipg_py_def_params(text, d->statement.start_byte, d->statement.end_byte, params, &count))
      for (size_t j = 0; j < count; j++)
        if (default_bindable(text, d, &params[j]))
          f->defaults |= 1u << j;
  }
  if ((need_rebound || f->defaults) && !f->rebound_known) {
    if ((*rc = rebound_params(text, d, &f->rebound)))
      return NULL;
    f->rebound_known = true;
    f->defaults &= ~f->rebound;
  }
  return f;
}

/* Binds `p`, a parameter of `d` (in `target`) that the call leaves out and
   facts_of() selects, to its default. */
static int bind_default(walk *w, size_t target, const ipg_pyparam *p, ipg_arena *arena,
                        ipg_value_binding *out, size_t *count) {
  size_t len = 0;
  const char *text = impgraph_scan_text(w->g->scans[target], &len);
  ipg_cond_const c;
  size_t n = 0;
  int rc = constants_in(w, target, NULL, p->default_start, p->default_end, false, arena, &c, 1, &n);
  if (rc || !n)
    return rc;
  char *name = ipg_arena_strndup(arena, text + p->start, p->len);
  if (!name)
    return IMPGRAPH_ENOMEM;
  out[(*count)++] = (ipg_value_binding){name, c};
  return IMPGRAPH_OK;
}

/* Binds the parameters of function `qualname` of `target` (a plain
   function: not a class, not a method) that the arguments of `call` (in
   `module`, read with `caller` locals) give a constant, and, when the call
   has no `*args` / `**kwargs`, those it leaves at a literal default that a
   condition reads (bind_default); not those its body binds again. */
static int bind_call_args(walk *w, size_t module, const ipg_pycall *call, void *caller,
                          size_t target, const char *qualname, ipg_arena *arena,
                          ipg_value_binding *out, size_t *count) {
  *count = 0;
  int rc = IMPGRAPH_OK;
  const impgraph_definition *d = find_definition(w, target, qualname, &rc);
  if (!d || d->kind != IMPGRAPH_DEF_FUNCTION)
    return rc;
  if (d->scope[0]) {
    const impgraph_definition *outer = find_definition(w, target, d->scope, &rc);
    if (rc || !outer || outer->kind == IMPGRAPH_DEF_CLASS)
      return rc; /* a method: `self` comes first */
  }
  size_t tlen = 0, mlen = 0;
  const char *ttext = impgraph_scan_text(w->g->scans[target], &tlen);
  const char *mtext = impgraph_scan_text(w->g->scans[module], &mlen);
  bool constant = false;
  for (size_t k = 0; !constant && k < call->arg_count; k++)
    constant = !call->args[k].starred && constant_argument(mtext, &call->args[k], caller);
  const param_facts *facts = facts_of(w, target, d, constant, &rc);
  if (!facts || (!constant && !facts->defaults))
    return rc;
  uint32_t defaults = facts->defaults, rebound = facts->rebound;
  ipg_pyparam params[IPG_PY_MAX_PARAMS];
  size_t param_count = 0;
  if (!ipg_py_def_params(ttext, d->statement.start_byte, d->statement.end_byte, params,
                         &param_count))
    return IMPGRAPH_OK;
  bool given[IPG_PY_MAX_PARAMS] = {false}, starred = false;
  for (size_t k = 0; !rc && k < call->arg_count; k++) {
    const ipg_pyarg *a = &call->args[k];
    if (a->starred) {
      starred = true;
      break; /* positions unknown from here */
    }
    const ipg_pyparam *p = NULL;
    for (size_t j = 0; a->keyword && j < param_count; j++)
      if (params[j].len == a->keyword && !params[j].starred &&
          memcmp(ttext + params[j].start, mtext + a->keyword_start, a->keyword) == 0)
        p = &params[j];
    if (!a->keyword && k < param_count && params[k].positional)
      p = &params[k];
    if (p)
      given[p - params] = true;
    if (!p || *count >= IPG_MAX_BINDINGS || (rebound & (1u << (p - params))) ||
        !constant_argument(mtext, a, caller))
      continue;
    ipg_cond_const c;
    size_t n = 0;
    if ((rc = constants_in(w, module, caller, a->start, a->end, false, arena, &c, 1, &n)) || !n)
      continue;
    char *name = ipg_arena_strndup(arena, ttext + p->start, p->len);
    if (!name)
      return IMPGRAPH_ENOMEM;
    out[(*count)++] = (ipg_value_binding){name, c};
  }
  for (size_t j = 0; !rc && !starred && j < param_count && *count < IPG_MAX_BINDINGS; j++)
    if (!given[j] && (defaults & (1u << j)))
      rc = bind_default(w, target, &params[j], arena, out, count);
  return rc;
}

/* ---- decorators that are instances of a class ---- */

/* Attributes an instance gets in __init__ (instance_attributes()). */
#define MAX_ATTRIBUTES 8

typedef struct attribute_value {
  const char *name; /* in the class's module text, len bytes */
  size_t len;
  ipg_cond_const value;
} attribute_value;

static bool blank_byte(char c) {
  return c == ' ' || c == '\t' || c == '\f';
}

static bool starts_word(const char *text, size_t len, size_t at, const char *word) {
  size_t n = strlen(word);
  return at + n < len && memcmp(text + at, word, n) == 0 && !ident_byte(text[at + n]);
}

/* What the decorator whose callee starts at `callee_start` and whose call
   closes at `close` is applied to: the def (IPG_CONST_FUNCTION) or class
   (IPG_CONST_CLASS) on the line below it, when the decorator line is
   exactly `@CALLEE(ARGS)`; IPG_CONST_PLAIN when that is not known (another
   decorator comes between, or the call is part of a larger expression). */
static uint8_t decorated_kind(const char *text, size_t len, size_t callee_start, size_t close) {
  size_t i = callee_start;
  while (i > 0 && blank_byte(text[i - 1]))
    i--;
  if (i == 0 || text[i - 1] != '@')
    return IPG_CONST_PLAIN;
  i--;
  while (i > 0 && blank_byte(text[i - 1]))
    i--;
  if (i > 0 && text[i - 1] != '\n' && text[i - 1] != '\r')
    return IPG_CONST_PLAIN;
  size_t j = close + 1;
  for (bool first = true;; first = false) { /* to the next line with a statement */
    while (j < len && blank_byte(text[j]))
      j++;
    if (j < len && text[j] == '#')
      while (j < len && text[j] != '\n' && text[j] != '\r')
        j++;
    if (j < len && (text[j] == '\n' || text[j] == '\r')) {
      while (j < len && (text[j] == '\n' || text[j] == '\r'))
        j++;
      continue;
    }
    if (first || j >= len)
      return IPG_CONST_PLAIN; /* `@C(...).x`, `@C(...)(...)`, or the end */
    break;
  }
  if (starts_word(text, len, j, "async")) {
    j += 5;
    while (j < len && blank_byte(text[j]))
      j++;
  }
  if (starts_word(text, len, j, "def"))
    return IPG_CONST_FUNCTION;
  return starts_word(text, len, j, "class") ? IPG_CONST_CLASS : IPG_CONST_PLAIN;
}

/* A method `NAME` of class `cls` (of `target`) defined as a plain `def`
   (no decorators, not async); NULL otherwise. */
static const impgraph_definition *
plain_method(walk *w, size_t target, const impgraph_definition *cls, const char *name, int *rc) {
  const char *q = ipg_arena_printf(&w->scratch, "%s.%s", cls->qualname, name);
  if (!q) {
    *rc = IMPGRAPH_ENOMEM;
    return NULL;
  }
  const impgraph_definition *d = find_definition(w, target, q, rc);
  size_t len = 0;
  const char *text = impgraph_scan_text(w->g->scans[target], &len);
  if (!d || d->kind != IMPGRAPH_DEF_FUNCTION || d->body_inline ||
      !starts_word(text, len, d->statement.start_byte, "def"))
    return NULL;
  return d;
}

/* Whether class `cls` is one whose instances decoration_root() follows: a
   plain `class C:` (no decorators, no bases but `object`, so no metaclass)
   whose own body defines __init__ and __call__ as plain defs and none of
   __new__, __setattr__, __getattribute__. */
static bool plain_callable_class(walk *w, size_t target, const impgraph_definition *cls,
                                 const impgraph_definition **init,
                                 const impgraph_definition **call_def, int *rc) {
  size_t len = 0;
  const char *text = impgraph_scan_text(w->g->scans[target], &len);
  size_t i = cls->statement.start_byte;
  if (cls->kind != IMPGRAPH_DEF_CLASS || !starts_word(text, len, i, "class"))
    return false;
  for (i += 5; i < len && blank_byte(text[i]); i++)
    ;
  while (i < len && ident_byte(text[i]))
    i++;
  while (i < len && blank_byte(text[i]))
    i++;
  if (i < len && text[i] == '(') {
    for (i++; i < len && blank_byte(text[i]); i++)
      ;
    if (starts_word(text, len, i, "object"))
      i += 6;
    while (i < len && blank_byte(text[i]))
      i++;
    if (i >= len || text[i] != ')')
      return false;
    for (i++; i < len && blank_byte(text[i]); i++)
      ;
  }
  if (i >= len || text[i] != ':')
    return false;
  static const char *const refused[] = {"__new__", "__setattr__", "__getattribute__"};
  for (size_t k = 0; k < sizeof refused / sizeof *refused; k++) {
    const char *q = ipg_arena_printf(&w->scratch, "%s.%s", cls->qualname, refused[k]);
    if (!q) {
      *rc = IMPGRAPH_ENOMEM;
      return false;
    }
    if (find_definition(w, target, q, rc) || *rc)
      return false;
  }
  *init = plain_method(w, target, cls, "__init__", rc);
  *call_def = *init && !*rc ? plain_method(w, target, cls, "__call__", rc) : NULL;
  return *init && *call_def && !*rc;
}

/* Builtin names whose value is an object other than None (the warning
   categories of typing_extensions.deprecated, and the like). */
static bool builtin_not_none(const char *text, size_t start, size_t end) {
  static const char *const names[] = {"DeprecationWarning",
                                      "PendingDeprecationWarning",
                                      "FutureWarning",
                                      "UserWarning",
                                      "RuntimeWarning",
                                      "SyntaxWarning",
                                      "ImportWarning",
                                      "UnicodeWarning",
                                      "BytesWarning",
                                      "ResourceWarning",
                                      "EncodingWarning",
                                      "Warning",
                                      "Exception",
                                      "BaseException",
                                      "ValueError",
                                      "TypeError",
                                      "object",
                                      "type",
                                      "str",
                                      "int",
                                      "bool",
                                      "float",
                                      "bytes",
                                      "dict",
                                      "list",
                                      "tuple",
                                      "set",
                                      "frozenset"};
  for (size_t k = 0; k < sizeof names / sizeof *names; k++)
    if (strlen(names[k]) == end - start && memcmp(names[k], text + start, end - start) == 0)
      return true;
  return false;
}

/* The value of a parameter's default, read as the decoration reads it:
   a literal (as for calls), or a builtin name nothing in the module binds,
   an object that is not None. *known false otherwise. */
static int default_value(walk *w, size_t target, const ipg_pyparam *p, ipg_arena *arena,
                         ipg_cond_const *out, bool *known) {
  *known = false;
  size_t len = 0;
  const char *text = impgraph_scan_text(w->g->scans[target], &len);
  size_t start = p->default_start, end = p->default_end;
  if (end <= start)
    return IMPGRAPH_OK;
  if (literal_start(text, start, end)) {
    size_t n = 0;
    int rc = constants_in(w, target, NULL, start, end, false, arena, out, 1, &n);
    *known = !rc && n;
    return rc;
  }
  uint32_t assigns = 0;
  size_t deleted_at = SIZE_MAX;
  if (!ipg_py_identifier(text, start, end) || !builtin_not_none(text, start, end) ||
      !ipg_cond_binding_count(cond_scope(w, target), text + start, end - start, &assigns,
                              &deleted_at) ||
      assigns || deleted_at != SIZE_MAX)
    return IMPGRAPH_OK;
  memset(out, 0, sizeof *out);
  out->kind = IPG_CONST_NOT_NONE;
  *known = true;
  return IMPGRAPH_OK;
}

/* Whether the class's text may set the attribute `NAME` (len bytes) other
   than in one place: `.NAME` followed by `=` (not `==`), an augmented
   assignment or a comma (a tuple target) more than once, a class-level
   binding of NAME (a line at the body's indent starting with it), setattr,
   or __dict__. */
static bool attribute_set_once(const char *text, const impgraph_definition *cls, const char *name,
                               size_t n) {
  size_t from = cls->statement.start_byte, to = cls->statement.end_byte;
  if (find_bytes(text + from, to - from, "setattr", 7) ||
      find_bytes(text + from, to - from, "__dict__", 8))
    return false;
  size_t sets = 0;
  for (const char *p = text + from; (p = find_bytes(p, (size_t)(text + to - p), name, n)); p++) {
    size_t at = (size_t)(p - text);
    if ((at > from && ident_byte(text[at - 1])) || (at + n < to && ident_byte(text[at + n])))
      continue;
    size_t k = at + n;
    while (k < to && blank_byte(text[k]))
      k++;
    bool op = k + 1 < to && strchr("+-*/%&|^@<>", text[k]) && text[k] != '\0';
    size_t eq = op ? k + 1 + (k + 2 < to && text[k + 1] == text[k] && text[k] != '@') : k;
    bool assigned = (eq < to && text[eq] == '=' && (op || eq + 1 >= to || text[eq + 1] != '=')) ||
                    (k < to && text[k] == ',') || (k < to && text[k] == ':');
    if (!assigned)
      continue;
    if (at > from && text[at - 1] == '.') {
      sets++;
      continue;
    }
    size_t line = at;
    while (line > from && blank_byte(text[line - 1]))
      line--;
    if (at - line == cls->body_indent && (line == 0 || text[line - 1] == '\n'))
      return false; /* a class attribute (or a descriptor) of that name */
  }
  return sets == 1;
}

/* The attributes `self.NAME = PARAM` that __init__ (`init`, of class
   `cls` in `target`) sets at the top level of its body, before any
   `return`, each from a parameter bound by the decorator's call (`call`,
   in `module`: its literal arguments, or the parameter's default) that
   the body does not bind again; NAME set nowhere else in the class. */
static int instance_attributes(walk *w, size_t module, const ipg_pycall *call, size_t target,
                               const impgraph_definition *cls, const impgraph_definition *init,
                               ipg_arena *arena, attribute_value *attrs, size_t *count) {
  *count = 0;
  size_t tlen = 0, mlen = 0;
  const char *ttext = impgraph_scan_text(w->g->scans[target], &tlen);
  const char *mtext = impgraph_scan_text(w->g->scans[module], &mlen);
  ipg_pyparam params[IPG_PY_MAX_PARAMS];
  size_t param_count = 0;
  if (!ipg_py_def_params(ttext, init->statement.start_byte, init->statement.end_byte, params,
                         &param_count) ||
      param_count == 0 || params[0].starred)
    return IMPGRAPH_OK;
  ipg_cond_const values[IPG_PY_MAX_PARAMS];
  bool known[IPG_PY_MAX_PARAMS] = {false}, given[IPG_PY_MAX_PARAMS] = {false};
  int rc = IMPGRAPH_OK;
  for (size_t k = 0; !rc && k < call->arg_count; k++) {
    const ipg_pyarg *a = &call->args[k];
    size_t j = SIZE_MAX;
    if (a->starred)
      return IMPGRAPH_OK; /* which parameters it fills is not known */
    for (size_t q = 1; a->keyword && q < param_count; q++)
      if (params[q].len == a->keyword && !params[q].starred &&
          memcmp(ttext + params[q].start, mtext + a->keyword_start, a->keyword) == 0)
        j = q;
    if (!a->keyword && k + 1 < param_count && params[k + 1].positional && !params[k + 1].starred)
      j = k + 1;
    if (j == SIZE_MAX)
      return IMPGRAPH_OK;
    given[j] = true;
    size_t n = 0;
    if (literal_start(mtext, a->start, a->end) &&
        !(rc = constants_in(w, module, NULL, a->start, a->end, false, arena, &values[j], 1, &n)))
      known[j] = n == 1;
  }
  for (size_t j = 1; !rc && j < param_count; j++)
    if (!given[j] && !params[j].starred)
      rc = default_value(w, target, &params[j], arena, &values[j], &known[j]);
  if (rc)
    return rc;
  size_t body = init->body_first.start_byte, end = init->statement.end_byte;
  ipg_vec lines;
  ipg_vec_init(&lines, sizeof(ipg_pyline));
  ipg_cond_index *names = NULL;
  if ((rc = ipg_pylines(ttext, tlen, body, end, &lines)) ||
      (rc = ipg_cond_names_new(&names, ttext + body, end - body)) || !lines.len ||
      ipg_cond_names_count(names, ttext + params[0].start, params[0].len) != 0) {
    ipg_cond_names_free(names);
    ipg_vec_free(&lines);
    return rc;
  }
  const ipg_pyline *ls = lines.data;
  for (size_t i = 0; i < lines.len && *count < MAX_ATTRIBUTES; i++) {
    const char *kw = ipg_pyline_keyword(ttext, &ls[i]);
    size_t target_end, value_start;
    if (kw && strcmp(kw, "return") == 0)
      break;
    if (ls[i].indent != ls[0].indent || !ipg_py_assign(ttext, &ls[i], &target_end, &value_start))
      continue;
    size_t self_end = ls[i].start + params[0].len;
    if (self_end >= target_end || ttext[self_end] != '.' ||
        memcmp(ttext + ls[i].start, ttext + params[0].start, params[0].len) != 0 ||
        !ipg_py_identifier(ttext, self_end + 1, target_end) ||
        !ipg_py_identifier(ttext, value_start, ls[i].end))
      continue;
    const char *member = ipg_arena_printf(&w->scratch, "%s.%.*s", cls->qualname,
                                          (int)(target_end - self_end - 1), ttext + self_end + 1);
    if (!member) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
    const impgraph_definition *descriptor = find_definition(w, target, member, &rc);
    if (rc)
      break;
    if (descriptor)
      continue; /* a method or property of that name: a descriptor may intercept */
    for (size_t j = 1; j < param_count; j++)
      if (known[j] && params[j].len == ls[i].end - value_start &&
          memcmp(ttext + params[j].start, ttext + value_start, params[j].len) == 0 &&
          ipg_cond_names_count(names, ttext + params[j].start, params[j].len) == 0 &&
          attribute_set_once(ttext, cls, ttext + self_end + 1, target_end - self_end - 1))
        attrs[(*count)++] =
            (attribute_value){ttext + self_end + 1, target_end - self_end - 1, values[j]};
  }
  ipg_cond_names_free(names);
  ipg_vec_free(&lines);
  return rc;
}

/* The bindings __call__ (`call_def`, of `target`) is read with when an
   instance with attributes `attrs` decorates an object of kind `kind`: its
   first parameter after self, bound to the decorated function or class
   (neither bound again in the body); and each local `NAME = self.ATTR` of
   the leading simple statements of its body, NAME bound nowhere else in
   it. False when the call would fail (another parameter without a
   default). */
static int call_bindings(walk *w, size_t target, const impgraph_definition *call_def, uint8_t kind,
                         const attribute_value *attrs, size_t attr_count, ipg_arena *arena,
                         ipg_value_binding *out, size_t *count, bool *callable) {
  *count = 0;
  *callable = false;
  size_t len = 0;
  const char *text = impgraph_scan_text(w->g->scans[target], &len);
  ipg_pyparam params[IPG_PY_MAX_PARAMS];
  size_t param_count = 0;
  if (!ipg_py_def_params(text, call_def->statement.start_byte, call_def->statement.end_byte, params,
                         &param_count) ||
      param_count < 2 || params[0].starred || !params[1].positional || params[1].starred)
    return IMPGRAPH_OK;
  for (size_t j = 2; j < param_count; j++)
    if (!params[j].starred && params[j].default_end <= params[j].default_start)
      return IMPGRAPH_OK; /* a TypeError: not followed */
  *callable = true;
  size_t body = call_def->body_first.start_byte, end = call_def->statement.end_byte;
  ipg_vec lines;
  ipg_vec_init(&lines, sizeof(ipg_pyline));
  ipg_cond_index *names = NULL;
  int rc = ipg_cond_names_new(&names, text + body, end - body);
  if (!rc)
    rc = ipg_pylines(text, len, body, end, &lines);
  bool self_kept = !rc && ipg_cond_names_count(names, text + params[0].start, params[0].len) == 0;
  if (self_kept && kind != IPG_CONST_PLAIN &&
      ipg_cond_names_count(names, text + params[1].start, params[1].len) == 0) {
    char *name = ipg_arena_strndup(arena, text + params[1].start, params[1].len);
    if (!name)
      rc = IMPGRAPH_ENOMEM;
    else
      out[(*count)++] = (ipg_value_binding){name, {.kind = kind}};
  }
  const ipg_pyline *ls = lines.data;
  for (size_t i = 0; !rc && self_kept && i < lines.len && *count < IPG_MAX_BINDINGS; i++) {
    size_t target_end, value_start;
    if (ls[i].indent != ls[0].indent || ipg_pyline_keyword(text, &ls[i]) ||
        text[ls[i].start] == '@' || !ipg_py_assign(text, &ls[i], &target_end, &value_start))
      break; /* only the leading simple statements surely run before any use */
    size_t self_end = value_start + params[0].len;
    if (!ipg_py_identifier(text, ls[i].start, target_end) || self_end >= ls[i].end ||
        text[self_end] != '.' ||
        memcmp(text + value_start, text + params[0].start, params[0].len) != 0 ||
        ipg_cond_names_count(names, text + ls[i].start, target_end - ls[i].start) != 1)
      continue;
    for (size_t k = 0; k < attr_count; k++)
      if (attrs[k].len == ls[i].end - self_end - 1 &&
          memcmp(attrs[k].name, text + self_end + 1, attrs[k].len) == 0) {
        char *name = ipg_arena_strndup(arena, text + ls[i].start, target_end - ls[i].start);
        if (!name)
          rc = IMPGRAPH_ENOMEM;
        else
          out[(*count)++] = (ipg_value_binding){name, attrs[k].value};
        break;
      }
  }
  ipg_cond_names_free(names);
  ipg_vec_free(&lines);
  return rc;
}

/* `@C(ARGS)` on a def or class, C a class (plain_callable_class()): after
   C.__init__, the decoration calls C.__call__(instance, decorated), a root
   of its own, read with values (call_bindings()). */
static int decoration_root(marking *m, size_t module, uint32_t line, uint32_t column,
                           size_t callee_start, const ipg_pycall *call, size_t target,
                           const char *qualname) {
  walk *w = &m->w;
  int rc = IMPGRAPH_OK;
  const impgraph_definition *cls = find_definition(w, target, qualname, &rc);
  const impgraph_definition *init = NULL, *call_def = NULL;
  if (!cls || cls->kind != IMPGRAPH_DEF_CLASS ||
      !plain_callable_class(w, target, cls, &init, &call_def, &rc))
    return rc;
  size_t len = 0;
  const char *text = impgraph_scan_text(w->g->scans[module], &len);
  uint8_t kind = decorated_kind(text, len, callee_start, call->close);
  attribute_value attrs[MAX_ATTRIBUTES];
  size_t attr_count = 0;
  ipg_value_binding b[IPG_MAX_BINDINGS];
  size_t count = 0;
  bool callable = false;
  if ((rc = instance_attributes(w, module, call, target, cls, init, &m->out->arena, attrs,
                                &attr_count)) ||
      (rc = call_bindings(w, target, call_def, kind, attrs, attr_count, &m->out->arena, b, &count,
                          &callable)) ||
      !callable)
    return rc;
  size_t before = m->out->roots.len;
  if ((rc = add_root(m, module, line, column, target, call_def->qualname, NULL)) ||
      m->out->roots.len == before)
    return rc;
  ipg_call_root *r = ipg_vec_at(&m->out->roots, before);
  memcpy(r->bindings, b, count * sizeof *b);
  r->binding_count = count;
  return IMPGRAPH_OK;
}

/* Whether every module the import statement at byte `at` of `module`
   imports is found and does not fail. */
static bool imports_found(const impgraph_graph *g, size_t module, size_t at) {
  const impgraph_scan *scan = g->scans[module];
  size_t n = impgraph_scan_import_count(scan), edges = 0;
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *rec = impgraph_scan_import(scan, i);
    if (rec->statement.start_byte != at)
      continue;
    for (size_t e = g->out_first[module]; e < g->out_first[module + 1]; e++) {
      const impgraph_edge *edge = &g->edges[e];
      if (edge->import_index != i || edge->kind == IMPGRAPH_EDGE_PARENT ||
          edge->kind == IMPGRAPH_EDGE_NATIVE)
        continue;
      edges++;
      if (g->modules[edge->to].kind == IMPGRAPH_MODULE_MISSING ||
          (g->failures && g->failures[edge->to].edge != NONE))
        return false;
    }
  }
  return edges > 0;
}

/* An except clause that catches ImportError: bare, or naming ImportError,
   ModuleNotFoundError or (Base)Exception. */
static bool catches_import_error(const char *text, size_t start, size_t end) {
  static const char *const names[] = {"ImportError", "ModuleNotFoundError", "Exception"};
  if (start == end)
    return true;
  for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
    size_t n = strlen(names[k]);
    for (size_t i = start; i + n <= end; i++)
      if (memcmp(text + i, names[k], n) == 0)
        return true;
  }
  return false;
}

typedef struct alias_search {
  const char *text;
  const char *name;
  size_t n;
  size_t found, taken_count;
  const ipg_pyline *taken;
} alias_search;

/* The statements of one block (lines[from, to)) of a module-level try:
   aliases of the name (taken while `runs`: every statement before them
   runs); returns whether an import there fails while `runs`. */
static bool alias_block(const impgraph_graph *g, size_t module, const ipg_pyline *lines,
                        size_t from, size_t to, bool runs, alias_search *s) {
  bool failed = false;
  for (size_t k = from; k < to; k = ipg_pyline_block_end(lines, to, k)) {
    size_t name_end, vs, ve;
    const char *kw = ipg_pyline_keyword(s->text, &lines[k]);
    if (ipg_py_alias(s->text, &lines[k], &name_end, &vs, &ve)) {
      if (name_end - lines[k].start == s->n &&
          memcmp(s->text + lines[k].start, s->name, s->n) == 0) {
        s->found++;
        if (runs) {
          s->taken = &lines[k];
          s->taken_count++;
        }
      }
      continue;
    }
    if (kw && (strcmp(kw, "import") == 0 || strcmp(kw, "from") == 0)) {
      if (!imports_found(g, module, lines[k].start)) {
        failed = failed || runs;
        runs = false;
      }
      continue;
    }
    runs = false; /* anything else may raise */
  }
  return failed;
}

/* The function a module-level alias `NAME = f` stands for, when NAME is
   bound only by such lines (at module level, or in the blocks of a
   module-level try statement) and exactly one of them surely runs before
   byte `before`: one at module level, or in a try body whose imports before
   it are found (or in an ImportError handler of a try body whose import is
   missing). The name f (in the arena), or NULL. */
static const char *find_alias(walk *w, size_t module, const char *name, size_t before, int *rc) {
  size_t n = strlen(name);
  uint32_t assigns = 0;
  size_t deleted_at = SIZE_MAX;
  if (!ipg_cond_binding_count(cond_scope(w, module), name, n, &assigns, &deleted_at) ||
      assigns == 0 || deleted_at < before)
    return NULL;
  const ipg_vec *vec = module_lines(w, module, rc);
  if (!vec)
    return NULL;
  const ipg_pyline *lines = vec->data;
  size_t count = vec->len, len = 0;
  alias_search s = {impgraph_scan_text(w->g->scans[module], &len), name, n, 0, 0, NULL};
  const impgraph_graph *g = w->g;
  for (size_t i = 0; i < count;) {
    size_t end = ipg_pyline_block_end(lines, count, i), rs, re;
    const char *kw = ipg_pyline_keyword(s.text, &lines[i]);
    if (lines[i].indent != 0) {
      i = end;
      continue;
    }
    if (kw && strcmp(kw, "try") == 0 && ipg_pyline_header(s.text, &lines[i], &rs, &re)) {
      bool failed = alias_block(g, module, lines, i + 1, end, true, &s);
      size_t j = end;
      while (j < count && lines[j].indent == 0) {
        const char *c = ipg_pyline_keyword(s.text, &lines[j]);
        if (!c || (strcmp(c, "except") && strcmp(c, "else") && strcmp(c, "finally")) ||
            !ipg_pyline_header(s.text, &lines[j], &rs, &re))
          break;
        bool runs = failed && strcmp(c, "except") == 0 && catches_import_error(s.text, rs, re);
        size_t jend = ipg_pyline_block_end(lines, count, j);
        alias_block(g, module, lines, j + 1, jend, runs, &s);
        failed = failed && !runs;
        j = jend;
      }
      i = j;
      continue;
    }
    alias_block(g, module, lines, i, i + 1, true, &s);
    i = end;
  }
  if (s.found != assigns || s.taken_count != 1 || s.taken->end > before)
    return NULL;
  size_t name_end, vs, ve;
  ipg_py_alias(s.text, s.taken, &name_end, &vs, &ve);
  const char *target = ipg_arena_strndup(&w->scratch, s.text + vs, ve - vs);
  if (!target)
    *rc = IMPGRAPH_ENOMEM;
  return target;
}

/* Reading one block of code (a function body, a module-level loop's
   body) with values bound. */
typedef struct block_walk block_walk;
struct block_walk {
  walk *w;
  size_t module;
  const char *scope; /* the function's qualname, "" at module level */
  const char *text;
  size_t len;
  const ipg_pyline *lines;
  locals *loc;
  int (*on_call)(block_walk *bw, const ipg_pycall *call);
  int (*on_import)(block_walk *bw, size_t at);
  void *ctx;
  size_t cause;
};

static bool is_word(const char *kw, const char *word) {
  return kw && strcmp(kw, word) == 0;
}

/* The function a call statement calls: a module-level def of the module,
   one a module-level alias stands for, or one an import binds. */
static int resolve_callee(block_walk *bw, const ipg_pycall *call, size_t *target,
                          const char **qualname) {
  walk *w = bw->w;
  *target = NONE;
  size_t cs = call->callee_start, ce = call->callee_end, fe = cs;
  while (fe < ce && bw->text[fe] != '.')
    fe++;
  char *name = ipg_arena_strndup(&w->scratch, bw->text + cs, fe - cs);
  char *chain = ipg_arena_strndup(&w->scratch, bw->text + cs, ce - cs);
  if (!name || !chain)
    return IMPGRAPH_ENOMEM;
  ipg_cond_const unused;
  if (bw->loc && local_name(bw->loc, name, fe - cs, &unused) != IPG_COND_NOT_LOCAL)
    return IMPGRAPH_OK;
  int rc = IMPGRAPH_OK;
  if (fe == ce) {
    const impgraph_definition *d = find_definition(w, bw->module, name, &rc);
    if (!d && !rc) {
      const char *alias = find_alias(w, bw->module, name, cs, &rc);
      if (alias && !rc) {
        d = find_definition(w, bw->module, alias, &rc);
        if (!d && !rc)
          return resolve_name(w, bw->module, "", alias, alias, 0, target, qualname);
      }
    }
    if (rc || (d && strcmp(d->scope, "") == 0)) {
      if (d && !rc) {
        *target = bw->module;
        *qualname = d->qualname;
      }
      return rc;
    }
  }
  return resolve_name(w, bw->module, bw->scope, name, chain, 0, target, qualname);
}

/* Walks the statements lines[from, to) of one block: an if/elif/else chain
   takes the first branch whose condition is true (none once one is
   unknown), a try its body; other compound statements are not entered.
   *ended when a return, raise, break or continue there runs. */
static int walk_block(block_walk *bw, size_t from, size_t to, int depth, bool *ended) {
  *ended = false;
  if (depth > MAX_BLOCK_DEPTH) {
    *ended = true; /* not read: nothing after it counts */
    return IMPGRAPH_OK;
  }
  const char *text = bw->text;
  const ipg_pyline *lines = bw->lines;
  int rc = IMPGRAPH_OK;
  size_t i = from;
  while (!rc && i < to) {
    const ipg_pyline *line = &lines[i];
    size_t end = ipg_pyline_block_end(lines, to, i), rs, re;
    const char *kw = ipg_pyline_keyword(text, line);
    if (is_word(kw, "if")) {
      size_t j = i, taken_from = 0, taken_to = 0;
      bool searching = true, taken = false;
      for (;;) {
        size_t bend = ipg_pyline_block_end(lines, to, j);
        const char *bkw = ipg_pyline_keyword(text, &lines[j]);
        if (searching && !ipg_pyline_header(text, &lines[j], &rs, &re)) {
          searching = false;
        } else if (searching) {
          ipg_truth t =
              is_word(bkw, "else") ? IPG_TRUE : eval_in(bw->w, bw->module, bw->loc, rs, re);
          if (t == IPG_TRUE) {
            taken = true;
            taken_from = j + 1;
            taken_to = bend;
          }
          searching = t == IPG_FALSE;
        }
        j = bend;
        if (j >= to || lines[j].indent != line->indent)
          break;
        const char *next = ipg_pyline_keyword(text, &lines[j]);
        if (!is_word(next, "elif") && !is_word(next, "else"))
          break;
      }
      if (taken && ((rc = walk_block(bw, taken_from, taken_to, depth + 1, ended)) || *ended))
        return rc;
      i = j;
      continue;
    }
    if (is_word(kw, "try") && ipg_pyline_header(text, line, &rs, &re)) {
      if ((rc = walk_block(bw, i + 1, end, depth + 1, ended)) || *ended)
        return rc;
      size_t j = end;
      while (j < to && lines[j].indent == line->indent) {
        const char *c = ipg_pyline_keyword(text, &lines[j]);
        if (!is_word(c, "except") && !is_word(c, "else") && !is_word(c, "finally"))
          break;
        j = ipg_pyline_block_end(lines, to, j);
      }
      i = j;
      continue;
    }
    ipg_pycall call;
    if (is_word(kw, "return") || is_word(kw, "raise") || is_word(kw, "break") ||
        is_word(kw, "continue")) {
      if (is_word(kw, "return") && ipg_py_call_statement(text, line->start, line->end, &call))
        rc = bw->on_call(bw, &call);
      *ended = true;
      return rc;
    }
    if (is_word(kw, "import") || is_word(kw, "from")) {
      if (bw->on_import)
        rc = bw->on_import(bw, line->start);
    } else if (!kw && text[line->start] != '@' &&
               ipg_py_call_statement(text, line->start, line->end, &call)) {
      rc = bw->on_call(bw, &call);
    }
    i = end;
  }
  return rc;
}

/* 1-based line and column (bytes) of byte `at`. */
static void position_of(const char *text, size_t at, uint32_t *line, uint32_t *column) {
  uint32_t l = 1;
  size_t start = 0;
  for (size_t i = 0; i < at; i++)
    if (text[i] == '\n') {
      l++;
      start = i + 1;
    }
  *line = l;
  *column = (uint32_t)(at - start + 1);
}

/* A call in the body of a module-level loop: a root, with the values of
   the loop bound. */
static int loop_call(block_walk *bw, const ipg_pycall *call) {
  marking *m = bw->ctx;
  size_t target;
  const char *qualname;
  int rc = resolve_callee(bw, call, &target, &qualname);
  if (rc || target == NONE)
    return rc;
  uint32_t line, column;
  position_of(bw->text, call->callee_start, &line, &column);
  size_t before = m->out->roots.len;
  if ((rc = add_root(m, bw->module, line, column, target, qualname, NULL)) ||
      m->out->roots.len == before)
    return rc;
  ipg_value_binding b[IPG_MAX_BINDINGS];
  size_t count = 0;
  if ((rc = bind_call_args(bw->w, bw->module, call, bw->loc, target, qualname, &m->out->arena, b,
                           &count)))
    return rc;
  ipg_call_root *r = ipg_vec_at(&m->out->roots, before);
  memcpy(r->bindings, b, count * sizeof *b);
  r->binding_count = count;
  return IMPGRAPH_OK;
}

/* A module-level call of a name that is no def of the module (nor bound
   by an import): an alias (find_alias), followed as a root. */
static int alias_call(block_walk *bw, const ipg_pycall *call) {
  int rc = IMPGRAPH_OK;
  size_t cs = call->callee_start, ce = call->callee_end;
  if (!ipg_py_identifier(bw->text, cs, ce))
    return IMPGRAPH_OK;
  const char *name = ipg_arena_strndup(&bw->w->scratch, bw->text + cs, ce - cs);
  if (!name)
    return IMPGRAPH_ENOMEM;
  if (binds_at_module_level(bw->w, bw->module, name, &rc) || rc)
    return rc;
  return loop_call(bw, call);
}

/* The first occurrence of needle[0, n) in hay[0, len), or NULL. */
static const char *find_bytes(const char *hay, size_t len, const char *needle, size_t n) {
  for (const char *p = hay; n && (size_t)(hay + len - p) >= n;) {
    p = memchr(p, needle[0], (size_t)(hay + len - p) - n + 1);
    if (!p)
      return NULL;
    if (memcmp(p, needle, n) == 0)
      return p;
    p++;
  }
  return NULL;
}

/* Whether some line of the text starts (after blanks) with `NAME(`. */
static bool called_at_line_start(const char *text, size_t len, const char *name, size_t n) {
  for (const char *p = text; (p = find_bytes(p, len - (size_t)(p - text), name, n)); p++) {
    const char *q = p;
    while (q > text && (q[-1] == ' ' || q[-1] == '\t'))
      q--;
    if ((q == text || q[-1] == '\n') && (size_t)(text + len - p) > n && p[n] == '(')
      return true;
  }
  return false;
}

/* Whether the module may have an alias that alias_roots() follows: a
   module-level def passed as the value of `NAME = f` at import time (a
   local reference, IMPGRAPH_REF_VALUE), and a line that starts with a
   call `NAME(`. */
static bool has_alias_line(walk *w, size_t module, const char *text, size_t len) {
  const impgraph_scan *scan = w->g->scans[module];
  size_t n = impgraph_scan_local_ref_count(scan);
  for (size_t k = 0; k < n; k++) {
    const impgraph_local_ref *r = impgraph_scan_local_ref(scan, k);
    if (!(r->flags & IMPGRAPH_REF_VALUE) || !import_time_flags(r->flags))
      continue;
    size_t i = r->range.start_byte;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t'))
      i--;
    if (i == 0 || text[i - 1] != '=')
      continue;
    i--;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t'))
      i--;
    size_t name_end = i;
    i = ipg_py_word_start(text, i);
    if (ipg_py_identifier(text, i, name_end) &&
        called_at_line_start(text, len, text + i, name_end - i))
      return true;
  }
  return false;
}

/* Module-level calls through aliases (find_alias): roots, read from the
   module's statements (module level, a taken if/elif/else branch, a try
   body). */
static int alias_roots(marking *m, size_t module) {
  walk *w = &m->w;
  size_t len = 0;
  const char *text = impgraph_scan_text(w->g->scans[module], &len);
  int rc = IMPGRAPH_OK;
  text_state *t = text_of(w, module, &rc);
  if (!t)
    return rc;
  if (!t->has_alias)
    t->has_alias = has_alias_line(w, module, text, len) ? 2 : 1;
  if (t->has_alias != 2)
    return rc;
  const ipg_vec *vec = module_lines(w, module, &rc);
  if (!vec)
    return rc;
  block_walk bw = {w, module, "", text, len, vec->data, NULL, alias_call, NULL, m, NONE};
  bool ended;
  return walk_block(&bw, 0, vec->len, 0, &ended);
}

/* Whether the line at `at` may be a loop loop_roots() reads: `for NAME in`
   at column 0, then a display or a name. */
static bool literal_loop_header(const char *text, size_t len, size_t at) {
  if (len - at < 10 || memcmp(text + at, "for ", 4) != 0)
    return false;
  size_t i = ipg_py_word_end(text, len, at + 4);
  if (len - i < 5 || memcmp(text + i, " in ", 4) != 0)
    return false;
  i += 4;
  while (i < len && text[i] == ' ')
    i++;
  if (i < len && (text[i] == '(' || text[i] == '[' || text[i] == '{'))
    return true;
  i = ipg_py_word_end(text, len, i);
  while (i < len && text[i] == ' ')
    i++;
  return i < len && text[i] == ':';
}

/* Module-level `for NAME in ITER:` whose ITER is a non-empty literal
   tuple / list / set of constants (or a name bound once to one): its body
   runs once per value; the calls there are roots. */
static int loop_roots(marking *m, size_t module) {
  walk *w = &m->w;
  size_t len = 0;
  const char *text = impgraph_scan_text(w->g->scans[module], &len);
  int rc = IMPGRAPH_OK;
  text_state *t = text_of(w, module, &rc);
  if (!t)
    return rc;
  if (!t->has_loop) {
    bool candidate = literal_loop_header(text, len, 0);
    for (const char *p = text;
         !candidate && (p = find_bytes(p, len - (size_t)(p - text), "\nfor ", 5));)
      candidate = literal_loop_header(text, len, (size_t)(++p - text));
    t->has_loop = candidate ? 2 : 1;
  }
  if (t->has_loop != 2)
    return IMPGRAPH_OK;
  const ipg_vec *vec = module_lines(w, module, &rc);
  if (!vec)
    return rc;
  const ipg_pyline *lines = vec->data;
  size_t count = vec->len;
  ipg_cond_const values[MAX_LOOP_VALUES];
  for (size_t i = 0; !rc && i < count;) {
    size_t end = ipg_pyline_block_end(lines, count, i), rs, re;
    const char *kw = ipg_pyline_keyword(text, &lines[i]);
    if (lines[i].indent != 0 || !is_word(kw, "for") ||
        !ipg_pyline_header(text, &lines[i], &rs, &re)) {
      i = end;
      continue;
    }
    size_t ne = rs;
    while (ne < re &&
           (text[ne] == '_' || (text[ne] >= 'a' && text[ne] <= 'z') ||
            (text[ne] >= 'A' && text[ne] <= 'Z') || (text[ne] >= '0' && text[ne] <= '9')))
      ne++;
    size_t in = ne;
    while (in < re && (text[in] == ' ' || text[in] == '\t'))
      in++;
    size_t n = 0;
    if (ipg_py_identifier(text, rs, ne) && in + 3 < re && memcmp(text + in, "in", 2) == 0 &&
        (text[in + 2] == ' ' || text[in + 2] == '\t'))
      rc = constants_in(w, module, NULL, in + 3, re, true, &m->out->arena, values, MAX_LOOP_VALUES,
                        &n);
    const char *var = n ? ipg_arena_strndup(&m->out->arena, text + rs, ne - rs) : NULL;
    if (n && !var)
      rc = IMPGRAPH_ENOMEM;
    for (size_t k = 0; !rc && var && k < n; k++) {
      ipg_value_binding b = {var, values[k]};
      locals loc = {.text = text, .bindings = &b, .binding_count = 1};
      block_walk bw = {w, module, "", text, len, lines, &loc, loop_call, NULL, m, NONE};
      bool ended;
      rc = walk_block(&bw, i + 1, end, 0, &ended);
    }
    i = end;
  }
  return rc;
}

/* One function with values bound to some of its parameters. */
typedef struct vstate {
  size_t module;
  const char *qualname;
  size_t cause;
  size_t count;
  ipg_value_binding bindings[IPG_MAX_BINDINGS];
} vstate;

/* One round's reading of functions with values. */
typedef struct valuer {
  walk *w;
  ipg_fnset *run;
  size_t *cause; /* per edge */
  ipg_arena *arena;
  ipg_map seen; /* state keys */
  ipg_arena keys;
  ipg_vec pending; /* vstate */
  size_t states;
} valuer;

static int push_state(valuer *v, size_t module, const char *qualname,
                      const ipg_value_binding *bindings, size_t count, size_t cause) {
  if (!count || v->states >= MAX_VALUE_STATES)
    return IMPGRAPH_OK;
  ipg_buf key;
  ipg_buf_init(&key);
  ipg_buf_printf(&key, "%zu:%s", module, qualname);
  for (size_t k = 0; k < count; k++) {
    const ipg_cond_const *c = &bindings[k].value;
    if (c->kind != IPG_CONST_PLAIN)
      ipg_buf_printf(&key, "|%s=k%d", bindings[k].name, (int)c->kind);
    else if (c->is_int)
      ipg_buf_printf(&key, "|%s=i%lld", bindings[k].name, (long long)c->i);
    else
      ipg_buf_printf(&key, "|%s=s%zu:%s", bindings[k].name, c->n, c->s);
  }
  int rc = key.failed || !key.data ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
  const char *text = rc ? NULL : key.data;
  if (!rc && !ipg_map_get(&v->seen, text)) {
    char *owned = ipg_arena_strdup(&v->keys, text);
    vstate *st = owned ? ipg_vec_push(&v->pending) : NULL;
    if (!st || ipg_map_put(&v->seen, owned, (void *)1) != IMPGRAPH_OK) {
      rc = IMPGRAPH_ENOMEM;
    } else {
      v->states++;
      memset(st, 0, sizeof *st);
      *st = (vstate){.module = module, .qualname = qualname, .cause = cause, .count = count};
      memcpy(st->bindings, bindings, count * sizeof *bindings);
    }
  }
  ipg_buf_free(&key);
  return rc;
}

/* A call a function with values makes where it surely runs: the callee
   runs, with the constants its arguments give. */
static int value_call(block_walk *bw, const ipg_pycall *call) {
  valuer *v = bw->ctx;
  size_t target;
  const char *qualname;
  int rc = resolve_callee(bw, call, &target, &qualname);
  if (rc || target == NONE)
    return rc;
  if ((rc = closure(v->w, v->run, target, qualname, bw->cause)))
    return rc;
  ipg_value_binding b[IPG_MAX_BINDINGS];
  size_t count = 0;
  if ((rc = bind_call_args(v->w, bw->module, call, bw->loc, target, qualname, v->arena, b, &count)))
    return rc;
  return push_state(v, target, qualname, b, count, bw->cause);
}

static void mark_edge(size_t *cause, size_t e, size_t root);
static bool candidate(const impgraph_edge *e);

/* An import statement a function with values runs: its edges are CALLED. */
static int value_import(block_walk *bw, size_t at) {
  valuer *v = bw->ctx;
  const impgraph_graph *g = v->w->g;
  const impgraph_scan *scan = g->scans[bw->module];
  size_t n = impgraph_scan_import_count(scan);
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *rec = impgraph_scan_import(scan, i);
    if (rec->statement.start_byte != at || strcmp(or_empty(rec->scope), bw->scope) != 0 ||
        (rec->flags & (IMPGRAPH_CTX_TYPE_CHECKING | IMPGRAPH_CTX_LAZY | IMPGRAPH_CTX_LAMBDA |
                       IMPGRAPH_CTX_DYNAMIC)))
      continue;
    for (size_t e = g->out_first[bw->module]; e < g->out_first[bw->module + 1]; e++)
      if (g->edges[e].import_index == i && candidate(&g->edges[e]))
        mark_edge(v->cause, e, bw->cause);
  }
  return IMPGRAPH_OK;
}

/* Whether reading function `fn` with values may find anything: an import
   of its own under an if, or a call there that passes a bound name on. */
static bool worth_reading(walk *w, const vstate *st, int *rc) {
  const impgraph_scan *scan = w->g->scans[st->module];
  size_t n = impgraph_scan_import_count(scan);
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *rec = impgraph_scan_import(scan, i);
    if ((rec->flags & IMPGRAPH_CTX_CONDITIONAL) && strcmp(or_empty(rec->scope), st->qualname) == 0)
      return true;
  }
  const scope_index *ix = index_of(w, st->module, rc);
  if (!ix)
    return false;
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  locals bound = {.text = text, .bindings = st->bindings, .binding_count = st->count};
  ipg_pycall call;
  for (size_t k = lower_bound(ix->refs, ix->ref_count, st->qualname);
       k < ix->ref_count && strcmp(ix->refs[k].key, st->qualname) == 0; k++) {
    const impgraph_local_ref *r = impgraph_scan_local_ref(scan, ix->refs[k].index);
    if ((r->flags & IMPGRAPH_REF_CALL) && ipg_py_call_args(text, len, r->range.end_byte, &call))
      for (size_t a = 0; a < call.arg_count; a++)
        if (text[call.args[a].start] != '\'' && text[call.args[a].start] != '"' &&
            !singleton_word(text, call.args[a].start, call.args[a].end) &&
            constant_argument(text, &call.args[a], &bound))
          return true;
  }
  for (size_t k = lower_bound(ix->uses, ix->use_count, st->qualname);
       k < ix->use_count && strcmp(ix->uses[k].key, st->qualname) == 0; k++) {
    const impgraph_use *u = impgraph_scan_use(scan, ix->uses[k].index);
    size_t at = u->range.end_byte;
    while (at < len &&
           (text[at] == '.' || text[at] == '_' || (text[at] >= 'a' && text[at] <= 'z') ||
            (text[at] >= 'A' && text[at] <= 'Z') || (text[at] >= '0' && text[at] <= '9')))
      at++;
    if ((u->flags & IMPGRAPH_USE_CALL) && ipg_py_call_args(text, len, at, &call))
      for (size_t a = 0; a < call.arg_count; a++)
        if (text[call.args[a].start] != '\'' && text[call.args[a].start] != '"' &&
            !singleton_word(text, call.args[a].start, call.args[a].end) &&
            constant_argument(text, &call.args[a], &bound))
          return true;
  }
  return false;
}

static int walk_state(valuer *v, const vstate *st) {
  walk *w = v->w;
  int rc = IMPGRAPH_OK;
  if (!worth_reading(w, st, &rc))
    return rc;
  const impgraph_definition *d = find_definition(w, st->module, st->qualname, &rc);
  if (!d || d->kind != IMPGRAPH_DEF_FUNCTION || d->body_inline)
    return rc;
  size_t len = 0;
  const char *text = impgraph_scan_text(w->g->scans[st->module], &len);
  size_t body = d->body_first.start_byte, end = d->statement.end_byte;
  ipg_pyparam params[IPG_PY_MAX_PARAMS];
  size_t param_count = 0;
  if (body >= end || end > len ||
      !ipg_py_def_params(text, d->statement.start_byte, end, params, &param_count))
    return IMPGRAPH_OK;
  ipg_vec lines;
  ipg_vec_init(&lines, sizeof(ipg_pyline));
  ipg_cond_index *names = NULL;
  if (!(rc = ipg_pylines(text, len, body, end, &lines)) &&
      !(rc = ipg_cond_names_new(&names, text + body, end - body))) {
    locals loc = {text, st->bindings, st->count, params, param_count, names, false};
    block_walk bw = {w,    st->module, st->qualname, text, len,      lines.data,
                     &loc, value_call, value_import, v,    st->cause};
    bool ended;
    rc = walk_block(&bw, 0, lines.len, 0, &ended);
  }
  ipg_cond_names_free(names);
  ipg_vec_free(&lines);
  return rc;
}

static int drain_states(valuer *v) {
  int rc = IMPGRAPH_OK;
  while (!rc && v->pending.len) {
    vstate st = *(vstate *)ipg_vec_at(&v->pending, --v->pending.len);
    rc = walk_state(v, &st);
  }
  return rc;
}

/* Calls with constant arguments that a running function makes without
   condition: its callee with those values. Only literals count here (the
   function's names are not known), and the literal defaults of the
   parameters a call leaves out (bind_call_args). */
static int constant_calls(valuer *v, ipg_fn fn) {
  walk *w = v->w;
  int rc = IMPGRAPH_OK;
  const scope_index *ix = index_of(w, fn.module, &rc);
  if (!ix)
    return rc;
  const impgraph_scan *scan = w->g->scans[fn.module];
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  size_t qlen = strlen(fn.qualname);
  locals loc = {.text = text, .all = true};
  for (size_t k = lower_bound(ix->refs, ix->ref_count, fn.qualname);
       !rc && k < ix->ref_count && strcmp(ix->refs[k].key, fn.qualname) == 0; k++) {
    const impgraph_local_ref *r = impgraph_scan_local_ref(scan, ix->refs[k].index);
    ipg_pycall call;
    if (!(r->flags & IMPGRAPH_REF_CALL) ||
        (r->flags & (IMPGRAPH_USE_CONDITIONAL | IMPGRAPH_USE_TYPE_CHECKING)) ||
        !ipg_py_call_args(text, len, r->range.end_byte, &call))
      continue;
    const impgraph_definition *d = find_definition(w, fn.module, r->name, &rc);
    ipg_value_binding b[IPG_MAX_BINDINGS];
    size_t count = 0;
    if (d && !(rc = bind_call_args(w, fn.module, &call, &loc, fn.module, d->qualname, v->arena, b,
                                   &count)))
      rc = push_state(v, fn.module, d->qualname, b, count, fn.cause);
  }
  (void)qlen;
  for (size_t k = lower_bound(ix->uses, ix->use_count, fn.qualname);
       !rc && k < ix->use_count && strcmp(ix->uses[k].key, fn.qualname) == 0; k++) {
    const impgraph_use *u = impgraph_scan_use(scan, ix->uses[k].index);
    if (!use_runs(w, u))
      continue;
    size_t at = u->range.end_byte;
    while (at < len &&
           (text[at] == '.' || text[at] == '_' || (text[at] >= 'a' && text[at] <= 'z') ||
            (text[at] >= 'A' && text[at] <= 'Z') || (text[at] >= '0' && text[at] <= '9')))
      at++;
    ipg_pycall call;
    if (!ipg_py_call_args(text, len, at, &call))
      continue;
    size_t target = NONE;
    const char *qualname = NULL;
    if ((rc = resolve_name(w, fn.module, fn.qualname, u->name, u->chain ? u->chain : u->name, 0,
                           &target, &qualname)) ||
        target == NONE)
      continue;
    ipg_value_binding b[IPG_MAX_BINDINGS];
    size_t count = 0;
    if (!(rc = bind_call_args(w, fn.module, &call, &loc, target, qualname, v->arena, b, &count)))
      rc = push_state(v, target, qualname, b, count, fn.cause);
  }
  return rc;
}

/* The value pass of one round: the roots with values, then every running
   function's calls with constants, each state read once. */
static int run_values(marking *m, size_t *cause) {
  valuer v;
  memset(&v, 0, sizeof v);
  v.w = &m->w;
  v.run = &m->out->run;
  v.cause = cause;
  v.arena = &m->out->arena;
  ipg_map_init(&v.seen);
  ipg_arena_init(&v.keys);
  ipg_vec_init(&v.pending, sizeof(vstate));
  int rc = IMPGRAPH_OK;
  for (size_t i = 0; !rc && i < m->out->roots.len; i++) {
    const ipg_call_root *root = ipg_vec_at(&m->out->roots, i);
    if (root->binding_count && !(rc = push_state(&v, root->target, root->qualname, root->bindings,
                                                 root->binding_count, i)))
      rc = drain_states(&v);
  }
  for (size_t k = 0; !rc && k < v.run->items.len; k++) {
    ipg_fn fn = *(const ipg_fn *)ipg_vec_at(&v.run->items, k);
    if (!(rc = constant_calls(&v, fn)))
      rc = drain_states(&v);
  }
  ipg_map_free(&v.seen);
  ipg_arena_free(&v.keys);
  ipg_vec_free(&v.pending);
  return rc;
}

/* The roots of loops and aliases of a module (computed once). */
static int value_roots(marking *m, size_t module) {
  walk *w = &m->w;
  ipg_vec *cache = &w->value_roots[module];
  int rc = IMPGRAPH_OK;
  if (!w->value_roots_built[module]) {
    ipg_vec_init(cache, sizeof(ipg_call_root));
    w->value_roots_built[module] = true;
    size_t before = m->out->roots.len;
    if (!(rc = loop_roots(m, module)))
      rc = alias_roots(m, module);
    for (size_t i = before; !rc && i < m->out->roots.len; i++) {
      ipg_call_root *r = ipg_vec_push(cache);
      if (!r)
        return IMPGRAPH_ENOMEM;
      *r = *(const ipg_call_root *)ipg_vec_at(&m->out->roots, i);
    }
    return rc;
  }
  for (size_t i = 0; i < cache->len; i++) {
    ipg_call_root *r = ipg_vec_push(&m->out->roots);
    if (!r)
      return IMPGRAPH_ENOMEM;
    *r = *(const ipg_call_root *)ipg_vec_at(cache, i);
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
    if (!(rc = ref_roots(m, v)) && !(rc = use_roots(m, v)) && !(rc = getattr_roots(m, v)))
      rc = value_roots(m, v);
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
  if (!rc)
    rc = run_values(m, cause);
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

int ipg_calls_compute(ipg_calls *out, const impgraph_graph *g, ipg_calls_memo *memo) {
  memset(out, 0, sizeof *out);
  ipg_fnset_init(&out->run);
  ipg_vec_init(&out->roots, sizeof(ipg_call_root));
  ipg_arena_init(&out->arena);
  size_t n = g->module_count ? g->module_count : 1, edges = g->edge_count ? g->edge_count : 1;
  marking m;
  memset(&m, 0, sizeof m);
  m.out = out;
  int rc = walk_init(&m.w, g, IPG_CALLS_WILL_RUN, memo);
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

int ipg_calls_apply(ipg_calls **out, const impgraph_graph *g, impgraph_edge *edges,
                    ipg_calls_memo *memo) {
  *out = malloc(sizeof **out);
  if (!*out)
    return IMPGRAPH_ENOMEM;
  int rc = ipg_calls_compute(*out, g, memo);
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
