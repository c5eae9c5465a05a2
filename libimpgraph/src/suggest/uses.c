/* Use analysis: where the names bound by module-level imports are needed,
 * from the records of one scan. suggest.h states the contract and
 * README.md the choices made where the records leave a doubt.
 *
 * The work is a few linear passes:
 *  1. imports: one entry per bound name of a module-level import; entries
 *     binding the same name in the module namespace share one `group`;
 *  2. uses: scope kinds (class or function), `global` declarations,
 *     `__all__` entries;
 *  3. function-level imports: names a function imports itself, or rebinds
 *     in the module through `global`;
 *  4. uses: bindings (rebinding in the module, locals of functions);
 *  5. uses: reads, sorted into the evidence of their group;
 *  6. groups: classification, copied into the entries. */
#include <stdlib.h>
#include <string.h>

#include "suggest/suggest.h"
#include "util/util.h"

struct ipg_use_analysis {
  ipg_arena arena;
  ipg_binding_need *entries;
  size_t count;
  bool annotations_deferred;
};

/* What decided an import-time need; picks the wording of the reason. */
typedef enum {
  R_MODULE = 0,
  R_DECORATOR,
  R_DEFAULT,
  R_BASE,
  R_ANNOTATION,
  R_CLASS_BODY,
  R_REBIND_MODULE,
  R_REBIND_CLASS,
  R_REBIND_FUNCTION
} reason_code;

/* The first (in source order) use or binding of one kind; line 0 = none. */
typedef struct evidence {
  uint32_t line;
  uint32_t column;
  reason_code code;
  const char *scope; /* borrowed from the scan */
} evidence;

/* A function holding counted reads of a group's name. */
typedef struct fn_acc {
  const char *scope; /* borrowed from the scan; the first scope_len bytes */
  size_t scope_len;
  uint32_t line;
  uint32_t column;
  bool binds_locally;
  bool imports_locally;
  struct fn_acc *next;
} fn_acc;

/* The imports binding one name in the module namespace, and what the uses
 * of that name say. */
typedef struct group {
  const char *name; /* borrowed from the scan */
  size_t first_entry;
  size_t size;
  evidence it_read;   /* read at import time (not an annotation), or rebound
                         / deleted by code that runs at import time */
  evidence it_ann;    /* annotation evaluated at import time, when eager */
  evidence rebind_fn; /* rebound through `global` in a function */
  evidence ann_string;
  evidence ann_code; /* any annotation that is not a string */
  evidence tc;
  evidence all;
  bool fn_plain; /* read in a function outside annotations */
  bool fn_ann;   /* eager annotation in a function */
  bool rebound;
  fn_acc *functions; /* newest first */
  size_t function_count;
} group;

/* Per (scope, name): what the scope does with the name. */
typedef struct scope_name {
  bool declared; /* `global` / `nonlocal` */
  bool binds;    /* a binding that is not an import statement */
  bool imports;  /* an import statement of the function binds it */
} scope_name;

enum { SCOPE_FUNCTION = 1, SCOPE_CLASS = 2 };

typedef struct statement_range {
  uint32_t start;
  uint32_t end;
} statement_range;

typedef struct analysis_ctx {
  const impgraph_scan *scan;
  ipg_use_options opts;
  ipg_use_analysis *out;
  bool eager;
  ipg_map groups;      /* bound name -> group */
  ipg_vec entries;     /* ipg_binding_need */
  ipg_vec entry_group; /* group * of each entry */
  ipg_map scope_kinds; /* scope -> SCOPE_* bits (as a pointer) */
  ipg_map names;       /* "scope name" -> scope_name */
  ipg_map functions;   /* "name scope" -> fn_acc */
  ipg_map by_others;   /* names in opts.imported_by_others */
  ipg_vec statements;  /* statement_range of import statements, sorted */
  ipg_arena scratch;   /* keys and the per-analysis structures */
  ipg_buf key;         /* lookup key being built */
  int rc;
} analysis_ctx;

/* ---- small helpers ---- */

const char *ipg_need_kind_name(ipg_need_kind kind) {
  switch (kind) {
  case IPG_NEED_IMPORT_TIME: return "import-time";
  case IPG_NEED_FUNCTIONS: return "functions";
  case IPG_NEED_ANNOTATIONS: return "annotations";
  case IPG_NEED_TYPE_CHECKING: return "type-checking";
  case IPG_NEED_REEXPORT: return "reexport";
  case IPG_NEED_UNUSED: return "unused";
  case IPG_NEED_NOT_DEFERRABLE: return "not-deferrable";
  }
  return "?";
}

static void note(evidence *e, const impgraph_range *r, reason_code code, const char *scope) {
  if (e->line &&
      (e->line < r->start_line || (e->line == r->start_line && e->column <= r->start_column)))
    return;
  e->line = r->start_line;
  e->column = r->start_column;
  e->code = code;
  e->scope = scope;
}

static bool set_rc(analysis_ctx *c, int rc) {
  if (rc && !c->rc)
    c->rc = rc;
  return rc == 0;
}

/* Builds "a<sep>b" (b's first b_len bytes) in c->key. */
static const char *pair_key(analysis_ctx *c, const char *a, size_t a_len, const char *b,
                            size_t b_len) {
  c->key.len = 0;
  ipg_buf_append(&c->key, a, a_len);
  ipg_buf_putc(&c->key, ' ');
  ipg_buf_append(&c->key, b, b_len);
  if (c->key.failed) {
    set_rc(c, IMPGRAPH_ENOMEM);
    return NULL;
  }
  return c->key.data;
}

/* Finds or (when `create`) adds the value of "a b" in `map`, zeroed. */
static void *pair_get(analysis_ctx *c, ipg_map *map, const char *a, size_t a_len, const char *b,
                      size_t b_len, size_t value_size, bool create) {
  const char *key = pair_key(c, a, a_len, b, b_len);
  if (!key)
    return NULL;
  void *value = ipg_map_getn(map, key, c->key.len);
  if (value || !create)
    return value;
  char *stable = ipg_arena_strndup(&c->scratch, key, c->key.len);
  value = ipg_arena_alloc(&c->scratch, value_size);
  if (!stable || !value) {
    set_rc(c, IMPGRAPH_ENOMEM);
    return NULL;
  }
  memset(value, 0, value_size);
  if (!set_rc(c, ipg_map_put(map, stable, value)))
    return NULL;
  return value;
}

static scope_name *scope_name_at(analysis_ctx *c, const char *scope, size_t scope_len,
                                 const char *name, bool create) {
  return pair_get(c, &c->names, scope, scope_len, name, strlen(name), sizeof(scope_name), create);
}

static unsigned scope_kind(const analysis_ctx *c, const char *scope, size_t len) {
  return (unsigned)(uintptr_t)ipg_map_getn(&c->scope_kinds, scope, len);
}

/* Length of the enclosing scope's name ("a.b.c" -> 3, "a" -> 0). */
static size_t parent_len(const char *scope, size_t len) {
  while (len > 0 && scope[len - 1] != '.')
    len--;
  return len > 0 ? len - 1 : 0;
}

static bool is_class_only(const analysis_ctx *c, const char *scope, size_t len) {
  return scope_kind(c, scope, len) == SCOPE_CLASS;
}

static bool is_public(const char *name) {
  return name[0] != '_';
}

static bool is_dunder(const char *name) {
  size_t n = strlen(name);
  return n > 4 && strncmp(name, "__", 2) == 0 && strcmp(name + n - 2, "__") == 0;
}

/* ---- pass 1: entries and groups ---- */

static bool module_namespace_import(const impgraph_import *imp) {
  return (imp->flags & IMPGRAPH_CTX_MODULE) && !(imp->flags & IMPGRAPH_CTX_FUNCTION) &&
         !(imp->flags & IMPGRAPH_CTX_CLASS_BODY);
}

static group *group_of(const analysis_ctx *c, const char *name) {
  return ipg_map_get(&c->groups, name);
}

static ipg_binding_need *add_entry(analysis_ctx *c, size_t import_index, size_t name_index,
                                   const char *bound, group *g) {
  ipg_binding_need *e = ipg_vec_push(&c->entries);
  group **slot = e ? ipg_vec_push(&c->entry_group) : NULL;
  if (!e || !slot) {
    set_rc(c, IMPGRAPH_ENOMEM);
    return NULL;
  }
  *slot = g;
  e->import_index = import_index;
  e->name_index = name_index;
  e->bound = NULL;
  if (bound && !(e->bound = ipg_arena_strdup(&c->out->arena, bound))) {
    set_rc(c, IMPGRAPH_ENOMEM);
    return NULL;
  }
  e->group_first = c->entries.len - 1;
  e->group_size = 1;
  return e;
}

/* An entry whose need its import's kind decides. */
static void add_fixed_entry(analysis_ctx *c, size_t import_index, size_t name_index,
                            const char *bound, const char *reason) {
  ipg_binding_need *e = add_entry(c, import_index, name_index, bound, NULL);
  if (!e)
    return;
  e->need = e->need_if_annotations_deferred = IPG_NEED_NOT_DEFERRABLE;
  if (!(e->reason = ipg_arena_strdup(&c->out->arena, reason)))
    set_rc(c, IMPGRAPH_ENOMEM);
}

static void add_bound_entry(analysis_ctx *c, const impgraph_import *imp, size_t import_index,
                            size_t name_index, const char *bound) {
  if (!module_namespace_import(imp)) {
    /* A class-body import: `name` becomes a class attribute. */
    const char *reason = ipg_arena_printf(
        &c->scratch, "imported in the body of class %s: binds a class attribute", imp->scope);
    if (reason)
      add_fixed_entry(c, import_index, name_index, bound, reason);
    else
      set_rc(c, IMPGRAPH_ENOMEM);
    return;
  }
  group *g = group_of(c, bound);
  if (!g) {
    g = ipg_arena_alloc(&c->scratch, sizeof *g);
    if (!g) {
      set_rc(c, IMPGRAPH_ENOMEM);
      return;
    }
    memset(g, 0, sizeof *g);
    g->name = bound;
    g->first_entry = c->entries.len;
    if (!set_rc(c, ipg_map_put(&c->groups, bound, g)))
      return;
  }
  if (add_entry(c, import_index, name_index, bound, g))
    g->size++;
}

static void add_statement(analysis_ctx *c, const impgraph_import *imp) {
  statement_range *r = ipg_vec_push(&c->statements);
  if (!r) {
    set_rc(c, IMPGRAPH_ENOMEM);
    return;
  }
  r->start = imp->statement.start_byte;
  r->end = imp->statement.end_byte;
}

static void collect_imports(analysis_ctx *c) {
  size_t count = impgraph_scan_import_count(c->scan);
  for (size_t i = 0; i < count && !c->rc; i++) {
    const impgraph_import *imp = impgraph_scan_import(c->scan, i);
    if (imp->kind == IMPGRAPH_IMPORT_PLAIN || imp->kind == IMPGRAPH_IMPORT_FROM ||
        imp->kind == IMPGRAPH_IMPORT_STAR || imp->kind == IMPGRAPH_IMPORT_FUTURE)
      add_statement(c, imp);
    if (!(imp->flags & IMPGRAPH_CTX_MODULE) || (imp->flags & IMPGRAPH_CTX_FUNCTION))
      continue;
    switch (imp->kind) {
    case IMPGRAPH_IMPORT_PLAIN:
      if (imp->bound)
        add_bound_entry(c, imp, i, SIZE_MAX, imp->bound);
      break;
    case IMPGRAPH_IMPORT_FROM:
      for (size_t n = 0; n < imp->name_count && !c->rc; n++)
        if (imp->names[n].bound)
          add_bound_entry(c, imp, i, n, imp->names[n].bound);
      break;
    case IMPGRAPH_IMPORT_FUTURE:
      for (size_t n = 0; n < imp->name_count && !c->rc; n++) {
        add_fixed_entry(c, i, n, NULL,
                        "`from __future__` import: changes how the module is compiled");
        if (strcmp(imp->names[n].name, "annotations") == 0)
          c->eager = false;
      }
      break;
    case IMPGRAPH_IMPORT_STAR:
      add_fixed_entry(c, i, 0, NULL, "star import: the names it binds are not known");
      break;
    default: break; /* __import__, import_module(), __lazy_modules__ bind nothing */
    }
  }
}

static int statement_cmp(const void *a, const void *b) {
  const statement_range *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* True when `r` lies inside an import statement: the binding there is that
 * import's own. */
static bool inside_import_statement(const analysis_ctx *c, const impgraph_range *r) {
  const statement_range *s = c->statements.data;
  size_t lo = 0, hi = c->statements.len; /* first start > r->start_byte */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s[mid].start <= r->start_byte)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo > 0 && s[lo - 1].end >= r->end_byte;
}

/* ---- pass 2: scope kinds, declarations, __all__ ---- */

static void scan_scopes(analysis_ctx *c) {
  size_t count = impgraph_scan_use_count(c->scan);
  for (size_t i = 0; i < count && !c->rc; i++) {
    const impgraph_use *u = impgraph_scan_use(c->scan, i);
    group *g = group_of(c, u->name);
    if (g && (u->flags & IMPGRAPH_USE_ALL)) {
      note(&g->all, &u->range, R_MODULE, u->scope);
      continue;
    }
    if (u->scope[0] == '\0')
      continue;
    unsigned kind = (u->flags & IMPGRAPH_USE_CLASS_BODY) ? SCOPE_CLASS
                    : (u->flags & IMPGRAPH_USE_FUNCTION) ? SCOPE_FUNCTION
                                                         : 0;
    unsigned old = scope_kind(c, u->scope, strlen(u->scope));
    if (kind && (old | kind) != old)
      set_rc(c, ipg_map_put(&c->scope_kinds, u->scope, (void *)(uintptr_t)(old | kind)));
    if (g && (u->flags & IMPGRAPH_USE_DECLARATION)) {
      scope_name *sn = scope_name_at(c, u->scope, strlen(u->scope), u->name, true);
      if (sn)
        sn->declared = true;
    }
  }
}

/* ---- passes 3 and 4: bindings ---- */

/* A binding in `scope` that rebinds the module's name: at module level, or
 * through a `global` declaration in a class body (at import time when not
 * `function`) or in a function. */
static void note_rebinding(group *g, const impgraph_range *r, bool function, const char *scope) {
  g->rebound = true;
  if (function)
    note(&g->rebind_fn, r, R_REBIND_FUNCTION, scope);
  else
    note(&g->it_read, r, scope[0] ? R_REBIND_CLASS : R_REBIND_MODULE, scope);
}

/* Function-level (and class-body) imports of a name some module-level
 * import binds: a local of that function, or a rebinding when declared
 * global there. */
static void scan_local_imports(analysis_ctx *c) {
  size_t count = impgraph_scan_import_count(c->scan);
  for (size_t i = 0; i < count && !c->rc; i++) {
    const impgraph_import *imp = impgraph_scan_import(c->scan, i);
    if (module_namespace_import(imp) || imp->scope[0] == '\0')
      continue;
    for (size_t n = 0; n < (imp->kind == IMPGRAPH_IMPORT_FROM ? imp->name_count : 1); n++) {
      const char *bound = imp->kind == IMPGRAPH_IMPORT_FROM    ? imp->names[n].bound
                          : imp->kind == IMPGRAPH_IMPORT_PLAIN ? imp->bound
                                                               : NULL;
      group *g = bound ? group_of(c, bound) : NULL;
      if (!g)
        continue;
      bool function = imp->flags & IMPGRAPH_CTX_FUNCTION;
      bool class_body = imp->flags & IMPGRAPH_CTX_CLASS_BODY;
      scope_name *sn = scope_name_at(c, imp->scope, strlen(imp->scope), bound, !class_body);
      if (c->rc)
        return;
      if (sn && sn->declared) {
        if (!(imp->flags & IMPGRAPH_CTX_TYPE_CHECKING))
          note_rebinding(g, &imp->statement, function, imp->scope);
      } else if (sn && !class_body)
        sn->imports = true;
    }
  }
}

static void scan_bindings(analysis_ctx *c) {
  size_t count = impgraph_scan_use_count(c->scan);
  for (size_t i = 0; i < count && !c->rc; i++) {
    const impgraph_use *u = impgraph_scan_use(c->scan, i);
    if (!(u->flags & IMPGRAPH_USE_BINDING))
      continue;
    group *g = group_of(c, u->name);
    if (!g || inside_import_statement(c, &u->range))
      continue;
    bool never_runs = u->flags & IMPGRAPH_USE_TYPE_CHECKING;
    if (u->scope[0] == '\0') {
      if (!never_runs)
        note_rebinding(g, &u->range, false, u->scope);
      continue;
    }
    bool class_body = u->flags & IMPGRAPH_USE_CLASS_BODY;
    scope_name *sn = scope_name_at(c, u->scope, strlen(u->scope), u->name, !class_body);
    if (c->rc)
      return;
    if (sn && sn->declared) {
      /* A class body runs at import time unless it is inside a function. */
      if (!never_runs)
        note_rebinding(g, &u->range, u->flags & IMPGRAPH_USE_FUNCTION, u->scope);
    } else if (sn && !class_body) {
      /* Scoping is static: a binding under TYPE_CHECKING still makes the
         name local to the function. */
      sn->binds = true;
    }
  }
}

/* ---- pass 5: reads ---- */

/* The innermost function of a read in `scope` (a class body read is listed
 * under the function around the class), and what that function and the
 * functions around it (up to a `global` declaration) do with the name. */
static size_t function_of(analysis_ctx *c, const impgraph_use *u, bool *binds, bool *imports) {
  size_t len = strlen(u->scope);
  size_t fn_len = len;
  if (u->flags & IMPGRAPH_USE_CLASS_BODY) {
    fn_len = parent_len(u->scope, len);
    while (fn_len > 0 && is_class_only(c, u->scope, fn_len))
      fn_len = parent_len(u->scope, fn_len);
    if (fn_len == 0)
      fn_len = len; /* no function known around it: list the scope itself */
  }
  *binds = *imports = false;
  for (size_t at = len; at > 0 && !c->rc; at = parent_len(u->scope, at)) {
    if (is_class_only(c, u->scope, at))
      continue; /* class scopes are not seen by the functions inside */
    scope_name *sn = scope_name_at(c, u->scope, at, u->name, false);
    if (!sn)
      continue;
    if (sn->declared)
      break;
    *binds |= sn->binds;
    *imports |= sn->imports;
  }
  return fn_len;
}

static void add_function_read(analysis_ctx *c, group *g, const impgraph_use *u) {
  bool binds, imports;
  size_t fn_len = function_of(c, u, &binds, &imports);
  fn_acc *f =
      pair_get(c, &c->functions, g->name, strlen(g->name), u->scope, fn_len, sizeof(fn_acc), true);
  if (!f)
    return;
  if (!f->scope) {
    f->scope = u->scope;
    f->scope_len = fn_len;
    f->next = g->functions;
    g->functions = f;
    g->function_count++;
  }
  evidence first = {f->line, f->column, R_MODULE, NULL};
  note(&first, &u->range, R_MODULE, NULL);
  f->line = first.line;
  f->column = first.column;
  f->binds_locally |= binds;
  f->imports_locally |= imports;
}

static reason_code role_of(uint32_t flags) {
  if (flags & IMPGRAPH_USE_DECORATOR)
    return R_DECORATOR;
  if (flags & IMPGRAPH_USE_DEFAULT)
    return R_DEFAULT;
  if (flags & IMPGRAPH_USE_BASE)
    return R_BASE;
  if (flags & IMPGRAPH_USE_ANNOTATION)
    return R_ANNOTATION;
  if (flags & IMPGRAPH_USE_CLASS_BODY)
    return R_CLASS_BODY;
  return R_MODULE;
}

static void count_read(analysis_ctx *c, group *g, const impgraph_use *u) {
  uint32_t flags = u->flags;
  if (flags & IMPGRAPH_USE_TYPE_CHECKING) {
    note(&g->tc, &u->range, R_MODULE, u->scope);
    return;
  }
  bool in_function = flags & IMPGRAPH_USE_FUNCTION;
  if (flags & IMPGRAPH_USE_STRING) {
    note(&g->ann_string, &u->range, R_ANNOTATION, u->scope);
    return;
  }
  if (flags & IMPGRAPH_USE_ANNOTATION) {
    note(&g->ann_code, &u->range, R_ANNOTATION, u->scope);
    if (!c->eager)
      return;
    if (in_function) {
      g->fn_ann = true;
      add_function_read(c, g, u);
    } else
      note(&g->it_ann, &u->range, R_ANNOTATION, u->scope);
    return;
  }
  if (in_function) {
    g->fn_plain = true;
    add_function_read(c, g, u);
  } else
    note(&g->it_read, &u->range, role_of(flags), u->scope);
}

static void scan_reads(analysis_ctx *c) {
  size_t count = impgraph_scan_use_count(c->scan);
  for (size_t i = 0; i < count && !c->rc; i++) {
    const impgraph_use *u = impgraph_scan_use(c->scan, i);
    if (u->flags & (IMPGRAPH_USE_BINDING | IMPGRAPH_USE_DECLARATION | IMPGRAPH_USE_ALL))
      continue;
    group *g = group_of(c, u->name);
    if (g)
      count_read(c, g, u);
  }
}

/* ---- pass 6: classification ---- */

typedef struct export_info {
  bool in_all, by_others, package, star;
} export_info;

static export_info exports_of(const analysis_ctx *c, const group *g) {
  export_info x;
  x.in_all = g->all.line != 0;
  x.by_others = ipg_map_get(&c->by_others, g->name) != NULL;
  x.package = c->opts.is_package_init && (is_public(g->name) || is_dunder(g->name));
  x.star = c->opts.star_imported && (is_public(g->name) || x.in_all);
  return x;
}

static ipg_need_kind classify(const group *g, export_info x, bool eager) {
  if (g->it_read.line || (eager && g->it_ann.line))
    return IPG_NEED_IMPORT_TIME;
  if (g->rebind_fn.line || x.star)
    return IPG_NEED_NOT_DEFERRABLE;
  if (x.in_all || x.by_others || x.package)
    return IPG_NEED_REEXPORT;
  if (g->fn_plain || (eager && g->fn_ann))
    return IPG_NEED_FUNCTIONS;
  if (g->ann_string.line || (!eager && g->ann_code.line))
    return IPG_NEED_ANNOTATIONS;
  if (g->tc.line)
    return IPG_NEED_TYPE_CHECKING;
  return IPG_NEED_UNUSED;
}

static const char *import_time_reason(analysis_ctx *c, const evidence *e) {
  ipg_arena *a = &c->out->arena;
  switch (e->code) {
  case R_DECORATOR: return ipg_arena_printf(a, "used in a decorator at line %u", e->line);
  case R_DEFAULT: return ipg_arena_printf(a, "used in a default value at line %u", e->line);
  case R_BASE: return ipg_arena_printf(a, "used in the bases of a class at line %u", e->line);
  case R_ANNOTATION:
    return ipg_arena_printf(a,
                            "used in an annotation at line %u, evaluated at import time (no "
                            "`from __future__ import annotations`, target before Python 3.14)",
                            e->line);
  case R_CLASS_BODY:
    return ipg_arena_printf(a, "used in the body of class %s at line %u", e->scope, e->line);
  case R_REBIND_MODULE:
    return ipg_arena_printf(a, "rebound or deleted at module level at line %u", e->line);
  case R_REBIND_CLASS:
    return ipg_arena_printf(a, "rebound through a `global` declaration in class %s at line %u",
                            e->scope, e->line);
  case R_REBIND_FUNCTION:
  case R_MODULE: break;
  }
  return ipg_arena_printf(a, "used at module level at line %u", e->line);
}

static int fn_cmp(const void *a, const void *b) {
  const ipg_need_function *x = a, *y = b;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  return strcmp(x->scope, y->scope);
}

/* The group's functions as an array in order of first read; sets
 * *all_local when every one may read a local instead. */
static ipg_need_function *function_array(analysis_ctx *c, const group *g, bool *all_local) {
  *all_local = g->function_count > 0;
  if (!g->function_count)
    return NULL;
  ipg_need_function *fns =
      ipg_arena_alloc(&c->out->arena, g->function_count * sizeof(ipg_need_function));
  if (!fns) {
    set_rc(c, IMPGRAPH_ENOMEM);
    return NULL;
  }
  size_t i = 0;
  for (const fn_acc *f = g->functions; f; f = f->next, i++) {
    fns[i].scope = ipg_arena_strndup(&c->out->arena, f->scope, f->scope_len);
    if (!fns[i].scope) {
      set_rc(c, IMPGRAPH_ENOMEM);
      return NULL;
    }
    fns[i].line = f->line;
    fns[i].column = f->column;
    fns[i].binds_locally = f->binds_locally;
    fns[i].imports_locally = f->imports_locally;
    if (!f->binds_locally && !f->imports_locally)
      *all_local = false;
  }
  qsort(fns, g->function_count, sizeof *fns, fn_cmp);
  return fns;
}

static const char *functions_reason(analysis_ctx *c, const ipg_need_function *fns, size_t count) {
  ipg_buf b;
  ipg_buf_init(&b);
  ipg_buf_puts(&b, "used only inside functions: ");
  for (size_t i = 0; i < count && i < 3; i++)
    ipg_buf_printf(&b, "%s%s (line %u)", i ? ", " : "", fns[i].scope, fns[i].line);
  if (count > 3)
    ipg_buf_printf(&b, " and %zu more", count - 3);
  const char *s = b.failed ? NULL : ipg_arena_strdup(&c->out->arena, b.data);
  ipg_buf_free(&b);
  return s;
}

static const evidence *first_of(const evidence *a, const evidence *b) {
  if (!a->line)
    return b;
  if (!b->line)
    return a;
  return (b->line < a->line || (b->line == a->line && b->column < a->column)) ? b : a;
}

/* Fills need, line, column and reason of the group's first entry. */
static void decide(analysis_ctx *c, const group *g, export_info x, ipg_binding_need *e) {
  ipg_arena *a = &c->out->arena;
  const evidence *at = NULL;
  const char *reason = NULL;
  switch (e->need) {
  case IPG_NEED_IMPORT_TIME:
    at = g->it_read.line ? &g->it_read : &g->it_ann;
    reason = import_time_reason(c, at);
    break;
  case IPG_NEED_NOT_DEFERRABLE:
    if (g->rebind_fn.line) {
      at = &g->rebind_fn;
      reason = ipg_arena_printf(a,
                                "rebound through a `global` or `nonlocal` declaration in %s "
                                "at line %u",
                                at->scope, at->line);
    } else
      reason = ipg_arena_strdup(a, "public name of a module that other modules star-import");
    break;
  case IPG_NEED_REEXPORT:
    if (x.in_all) {
      at = &g->all;
      reason = ipg_arena_printf(a, "listed in __all__ at line %u", at->line);
    } else if (x.by_others)
      reason = ipg_arena_strdup(a, "imported from this module by other modules");
    else
      reason = ipg_arena_strdup(
          a, "public name of a package __init__: other modules may import it from here");
    break;
  case IPG_NEED_FUNCTIONS:
    if (e->function_count) {
      e->line = e->functions[0].line;
      e->column = e->functions[0].column;
    }
    reason = functions_reason(c, e->functions, e->function_count);
    break;
  case IPG_NEED_ANNOTATIONS:
    at = c->eager ? &g->ann_string : first_of(&g->ann_string, &g->ann_code);
    reason = ipg_arena_printf(a,
                              "used only in annotations, which are not evaluated at run "
                              "time, first at line %u",
                              at->line);
    break;
  case IPG_NEED_TYPE_CHECKING:
    at = &g->tc;
    reason = ipg_arena_printf(a, "used only under `if TYPE_CHECKING:`, first at line %u", at->line);
    break;
  case IPG_NEED_UNUSED: reason = ipg_arena_strdup(a, "never used"); break;
  }
  if (at) {
    e->line = at->line;
    e->column = at->column;
  }
  e->reason = reason;
  if (!reason)
    set_rc(c, IMPGRAPH_ENOMEM);
}

static void classify_groups(analysis_ctx *c) {
  ipg_binding_need *entries = c->entries.data;
  group **owners = c->entry_group.data;
  for (size_t i = 0; i < c->entries.len && !c->rc; i++) {
    group *g = owners[i];
    if (!g)
      continue;
    ipg_binding_need *e = &entries[i];
    if (g->first_entry != i) {
      /* Later members share the first one's result (arena data). */
      const char *bound = e->bound;
      size_t import_index = e->import_index, name_index = e->name_index;
      *e = entries[g->first_entry];
      e->bound = bound;
      e->import_index = import_index;
      e->name_index = name_index;
      continue;
    }
    export_info x = exports_of(c, g);
    bool all_local;
    e->functions = function_array(c, g, &all_local);
    e->function_count = e->functions ? g->function_count : 0;
    e->need = classify(g, x, c->eager);
    e->need_if_annotations_deferred = classify(g, x, false);
    e->eager_annotation = c->eager && e->need != e->need_if_annotations_deferred;
    e->exported = x.in_all || x.by_others || x.package || x.star;
    e->rebound = g->rebound;
    e->reads_may_be_local = all_local;
    e->group_first = g->first_entry;
    e->group_size = g->size;
    decide(c, g, x, e);
  }
}

/* ---- entry points ---- */

static void ctx_free(analysis_ctx *c) {
  ipg_map_free(&c->groups);
  ipg_vec_free(&c->entries);
  ipg_vec_free(&c->entry_group);
  ipg_map_free(&c->scope_kinds);
  ipg_map_free(&c->names);
  ipg_map_free(&c->functions);
  ipg_map_free(&c->by_others);
  ipg_vec_free(&c->statements);
  ipg_arena_free(&c->scratch);
  ipg_buf_free(&c->key);
}

static void run(analysis_ctx *c) {
  for (size_t i = 0; i < c->opts.imported_by_others_count && !c->rc; i++)
    if (c->opts.imported_by_others[i])
      set_rc(c, ipg_map_put(&c->by_others, c->opts.imported_by_others[i], (void *)1));
  if (!c->rc)
    collect_imports(c);
  if (c->rc)
    return;
  if (c->statements.len) /* qsort(NULL, 0, ...) is undefined */
    qsort(c->statements.data, c->statements.len, sizeof(statement_range), statement_cmp);
  scan_scopes(c);
  if (!c->rc)
    scan_local_imports(c);
  if (!c->rc)
    scan_bindings(c);
  if (!c->rc)
    scan_reads(c);
  if (!c->rc)
    classify_groups(c);
}

int ipg_analyse_uses(ipg_use_analysis **out, const impgraph_scan *scan, const ipg_use_options *opts,
                     impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || !scan)
    return ipg_fail(err, IMPGRAPH_EINVAL, "ipg_analyse_uses: out and scan must not be NULL");
  ipg_use_options defaults = IPG_USE_OPTIONS_INIT;
  if (!opts)
    opts = &defaults;
  if (!opts->imported_by_others && opts->imported_by_others_count)
    return ipg_fail(err, IMPGRAPH_EINVAL,
                    "ipg_analyse_uses: imported_by_others is NULL with a count");
  ipg_use_analysis *a = calloc(1, sizeof *a);
  if (!a)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  ipg_arena_init(&a->arena);

  analysis_ctx c;
  memset(&c, 0, sizeof c);
  c.scan = scan;
  c.opts = *opts;
  c.out = a;
  c.eager = !(opts->target_major > 3 || (opts->target_major == 3 && opts->target_minor >= 14));
  ipg_map_init(&c.groups);
  ipg_vec_init(&c.entries, sizeof(ipg_binding_need));
  ipg_vec_init(&c.entry_group, sizeof(group *));
  ipg_map_init(&c.scope_kinds);
  ipg_map_init(&c.names);
  ipg_map_init(&c.functions);
  ipg_map_init(&c.by_others);
  ipg_vec_init(&c.statements, sizeof(statement_range));
  ipg_arena_init(&c.scratch);
  ipg_buf_init(&c.key);

  run(&c);
  if (!c.rc && c.entries.len) {
    a->entries = ipg_arena_alloc(&a->arena, c.entries.len * sizeof(ipg_binding_need));
    if (a->entries) {
      memcpy(a->entries, c.entries.data, c.entries.len * sizeof(ipg_binding_need));
      a->count = c.entries.len;
    } else
      c.rc = IMPGRAPH_ENOMEM;
  }
  a->annotations_deferred = !c.eager;
  int rc = c.rc;
  ctx_free(&c);
  if (rc) {
    ipg_use_analysis_free(a);
    return ipg_fail(err, rc, "%s: use analysis: out of memory", impgraph_scan_path(scan));
  }
  *out = a;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

void ipg_use_analysis_free(ipg_use_analysis *analysis) {
  if (!analysis)
    return;
  ipg_arena_free(&analysis->arena);
  free(analysis);
}

size_t ipg_use_analysis_count(const ipg_use_analysis *analysis) {
  return analysis ? analysis->count : 0;
}

const ipg_binding_need *ipg_use_analysis_get(const ipg_use_analysis *analysis, size_t index) {
  return analysis && index < analysis->count ? &analysis->entries[index] : NULL;
}

const ipg_binding_need *ipg_use_analysis_find(const ipg_use_analysis *analysis, size_t import_index,
                                              size_t name_index) {
  if (!analysis)
    return NULL;
  size_t lo = 0, hi = analysis->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const ipg_binding_need *e = &analysis->entries[mid];
    /* Plain imports (SIZE_MAX) have one entry per record, so the order of
       name_index within a record is plain index order. */
    if (e->import_index < import_index ||
        (e->import_index == import_index && e->name_index < name_index))
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < analysis->count && analysis->entries[lo].import_index == import_index &&
      analysis->entries[lo].name_index == name_index)
    return &analysis->entries[lo];
  return NULL;
}

bool ipg_use_analysis_annotations_deferred(const ipg_use_analysis *analysis) {
  return analysis && analysis->annotations_deferred;
}
