/* Which functions run without being asked: at import time (module-level
 * and class-body calls of the module's own functions, decorators), and
 * when an entry function or a CLI handler runs -- followed through calls of
 * the module's own functions and classes and of functions of the
 * first-party modules it imports. The imports inside those functions load
 * as surely as module-level ones.
 *
 * Calls are over-approximated (a call under an `if` counts; a class that is
 * called runs all its methods): "runs" leans towards keeping imports and
 * towards loading more when predicting a subcommand's start-up. Calls
 * through values (callbacks, `args.func(args)`) are not followed: that is
 * how subcommand handlers stay apart. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest/engine.h"

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

bool ipg_fnset_has(const ipg_fnset *s, size_t module, const char *qualname) {
  char buf[512];
  const char *key = fn_key(buf, sizeof buf, module, qualname);
  return key && ipg_map_get(&s->map, key) != NULL;
}

/* Adds one function; *added tells whether it is new. */
static int fnset_put(ipg_fnset *s, size_t module, const char *qualname, bool *added) {
  *added = false;
  char buf[512];
  const char *key = fn_key(buf, sizeof buf, module, qualname);
  if (!key || ipg_map_get(&s->map, key))
    return IMPGRAPH_OK;
  char *owned = ipg_arena_strdup(&s->keys, key);
  ipg_fn *fn = ipg_vec_push(&s->items);
  if (!owned || !fn)
    return IMPGRAPH_ENOMEM;
  fn->module = module;
  fn->qualname = qualname;
  *added = true;
  return ipg_map_put(&s->map, owned, (void *)(uintptr_t)s->items.len);
}

/* The scope is `qualname` itself or nested in it. */
static bool in_scope(const char *scope, const char *qualname, size_t qlen) {
  return scope && strncmp(scope, qualname, qlen) == 0 && (scope[qlen] == '\0' || scope[qlen] == '.');
}

static const impgraph_definition *find_definition(const impgraph_scan *scan, const char *qualname) {
  size_t n = impgraph_scan_definition_count(scan);
  for (size_t i = 0; i < n; i++) {
    const impgraph_definition *d = impgraph_scan_definition(scan, i);
    if (strcmp(d->qualname, qualname) == 0)
      return d;
  }
  return NULL;
}

/* A module-level name of module `module` bound by an import, resolved to
   the first-party module and attribute it stands for: `from .report import
   render` + "render" gives (report, "render"); `from . import analytics` +
   "analytics.summary" gives (analytics, "summary"). */
static bool resolve_imported(const impgraph_graph *g, size_t module, const impgraph_use *use,
                             size_t *target, const char **attr, ipg_arena *arena) {
  const impgraph_scan *scan = g->scans[module];
  size_t n = impgraph_scan_import_count(scan);
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *imp = impgraph_scan_import(scan, i);
    if (!imp->scope || imp->scope[0] != '\0')
      continue;
    const char *original = NULL;
    if (imp->bound && strcmp(imp->bound, use->name) == 0)
      original = "";
    for (size_t k = 0; !original && k < imp->name_count; k++)
      if (imp->names[k].bound && strcmp(imp->names[k].bound, use->name) == 0)
        original = imp->names[k].name;
    if (!original)
      continue;
    for (size_t j = g->out_first[module]; j < g->out_first[module + 1]; j++) {
      const impgraph_edge *e = &g->edges[j];
      if (e->import_index != i || e->kind == IMPGRAPH_EDGE_PARENT)
        continue;
      const impgraph_module *to = &g->modules[e->to];
      if (to->origin != IMPGRAPH_ORIGIN_FIRST_PARTY || !g->scans[e->to])
        continue;
      size_t tlen = strlen(to->name), olen = strlen(original);
      bool binds_module =
          original[0] == '\0' ||
          (tlen > olen && to->name[tlen - olen - 1] == '.' && strcmp(to->name + tlen - olen, original) == 0);
      if (!binds_module) {
        if (!e->names || !strstr(e->names, original))
          continue;
        *target = e->to;
        *attr = original;
        return true;
      }
      /* The name is a module: the attribute is the next link of the chain
         (for `import a.b` bound as `a`, after the module's own path). */
      const char *chain = use->chain ? use->chain : use->name;
      const char *rest = chain + strlen(use->name);
      if (original[0] == '\0' && !imp->alias) {
        size_t mlen = strlen(imp->module ? imp->module : "");
        if (strncmp(chain, imp->module ? imp->module : "", mlen) != 0)
          continue;
        rest = chain + mlen;
      }
      if (*rest != '.')
        return false;
      rest++;
      const char *dot = strchr(rest, '.');
      *attr = dot ? ipg_arena_strndup(arena, rest, (size_t)(dot - rest)) : rest;
      *target = e->to;
      return *attr != NULL;
    }
  }
  return false;
}

typedef struct work {
  size_t module;
  const char *qualname;
} work;

static int push_work(ipg_vec *stack, ipg_fnset *s, size_t module, const char *qualname) {
  bool added;
  int rc = fnset_put(s, module, qualname, &added);
  if (rc || !added)
    return rc;
  work *w = ipg_vec_push(stack);
  if (!w)
    return IMPGRAPH_ENOMEM;
  *w = (work){module, qualname};
  return IMPGRAPH_OK;
}

/* A called class runs its methods (constructors, and whatever the caller
   does with the instance): every definition directly in it. */
static int push_class_methods(ipg_vec *stack, ipg_fnset *s, const impgraph_scan *scan,
                              size_t module, const char *cls) {
  size_t n = impgraph_scan_definition_count(scan);
  for (size_t i = 0; i < n; i++) {
    const impgraph_definition *d = impgraph_scan_definition(scan, i);
    if (strcmp(d->scope, cls) == 0) {
      int rc = push_work(stack, s, module, d->qualname);
      if (rc)
        return rc;
    }
  }
  return IMPGRAPH_OK;
}

/* A reference that runs the function: a call, or a decorator naming it
   (`@register`, `@register(...)`) -- not `@cli.command()`, which calls a
   method of the object the name is bound to. */
static bool ref_runs(const impgraph_scan *scan, const impgraph_local_ref *r) {
  if (r->flags & IMPGRAPH_REF_CALL)
    return true;
  if (!(r->flags & IMPGRAPH_USE_DECORATOR))
    return false;
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  size_t at = r->range.end_byte;
  while (at < len && (text[at] == ' ' || text[at] == '\t'))
    at++;
  return at >= len || text[at] != '.';
}

/* Whatever running `fn` calls, pushed. */
static int expand(ipg_vec *stack, ipg_fnset *s, const impgraph_graph *g, work fn) {
  const impgraph_scan *scan = g->scans[fn.module];
  const impgraph_definition *def = find_definition(scan, fn.qualname);
  int rc = IMPGRAPH_OK;
  if (def && def->kind == IMPGRAPH_DEF_CLASS)
    rc = push_class_methods(stack, s, scan, fn.module, fn.qualname);
  size_t qlen = strlen(fn.qualname);
  size_t n = impgraph_scan_local_ref_count(scan);
  for (size_t i = 0; !rc && i < n; i++) {
    const impgraph_local_ref *r = impgraph_scan_local_ref(scan, i);
    if (ref_runs(scan, r) && !(r->flags & IMPGRAPH_USE_TYPE_CHECKING) &&
        in_scope(r->scope, fn.qualname, qlen))
      rc = push_work(stack, s, fn.module, r->name);
  }
  /* Calls of functions imported from first-party modules. */
  n = impgraph_scan_use_count(scan);
  ipg_arena scratch;
  ipg_arena_init(&scratch);
  for (size_t i = 0; !rc && i < n; i++) {
    const impgraph_use *u = impgraph_scan_use(scan, i);
    if ((u->flags & (IMPGRAPH_USE_BINDING | IMPGRAPH_USE_DECLARATION | IMPGRAPH_USE_TYPE_CHECKING |
                     IMPGRAPH_USE_STRING | IMPGRAPH_USE_ALL | IMPGRAPH_USE_ANNOTATION)) ||
        !in_scope(u->scope, fn.qualname, qlen))
      continue;
    size_t target;
    const char *attr;
    if (!resolve_imported(g, fn.module, u, &target, &attr, &scratch))
      continue;
    const impgraph_definition *d = find_definition(g->scans[target], attr);
    if (d && strcmp(d->scope, "") == 0)
      rc = push_work(stack, s, target, d->qualname);
  }
  ipg_arena_free(&scratch);
  return rc;
}

int ipg_fnset_add_closure(ipg_fnset *s, const impgraph_graph *g, size_t module,
                          const char *qualname) {
  if (module >= g->module_count || !g->scans[module] || !qualname)
    return IMPGRAPH_OK;
  const impgraph_definition *def = find_definition(g->scans[module], qualname);
  if (!def)
    return IMPGRAPH_OK;
  ipg_vec stack;
  ipg_vec_init(&stack, sizeof(work));
  int rc = push_work(&stack, s, module, def->qualname);
  while (!rc && stack.len) {
    work w = *(work *)ipg_vec_at(&stack, --stack.len);
    rc = expand(&stack, s, g, w);
  }
  ipg_vec_free(&stack);
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
  int rc = ipg_main_blocks(text, len, &main_blocks, &main_count);
  size_t n = impgraph_scan_local_ref_count(scan);
  for (size_t i = 0; !rc && i < n; i++) {
    const impgraph_local_ref *r = impgraph_scan_local_ref(scan, i);
    bool runs_on_import = (r->flags & (IMPGRAPH_USE_MODULE_LEVEL | IMPGRAPH_USE_CLASS_BODY |
                                       IMPGRAPH_USE_DECORATOR | IMPGRAPH_USE_DEFAULT |
                                       IMPGRAPH_USE_BASE)) &&
                          !(r->flags & IMPGRAPH_USE_FUNCTION);
    if (!runs_on_import || !ref_runs(scan, r) || (r->flags & IMPGRAPH_USE_TYPE_CHECKING) ||
        ipg_in_line_ranges(main_blocks, main_count, r->range.start_line))
      continue;
    rc = ipg_fnset_add_closure(s, g, module, r->name);
  }
  free(main_blocks);
  return rc;
}
