/* Building the module graph: the coordinator.
 *
 * The calling thread is the coordinator. It owns the resolver (which is
 * single-threaded) and every table; a pool of workers only reads and scans
 * files. Starting from the entries, the coordinator submits each module that
 * must be expanded, and for every scan that comes back resolves its imports,
 * adds nodes and edges, and submits the modules newly found to be needed.
 * It stops when no scan is pending. The set of nodes and edges does not
 * depend on the order in which scans finish; finish.c makes ids and order
 * deterministic.
 *
 * What is expanded (scanned and followed): entries, and modules reached from
 * them through eager, parent, native and called edges (with
 * IMPGRAPH_GRAPH_FULL: every module found), when they have a readable
 * source file and are not preloaded at bare interpreter start (what they
 * import is preloaded as well). Standard-library extension and builtin
 * modules have no source: what their C code imports comes from a table
 * (resolve/native_imports.c) as NATIVE edges, added when such a module is
 * wanted (or found, with IMPGRAPH_GRAPH_FULL) through a queue drained
 * between scans; other extension modules get theirs from their binaries
 * (native_binary.c). Called edges (function-level imports run by calls at
 * import time, graph/calls.c) need the scans of the modules whose functions
 * are called: each time no scan is pending, they are recomputed from every
 * scan so far (a least fixpoint, so the order scans arrive in does not
 * matter), and the modules they make loaded are expanded in turn; so are
 * the targets of fallbacks whose preferred import turns out to fail. The
 * rounds repeat until nothing is new.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "graph/build.h"
#include "graph/calls.h"

#define NONE SIZE_MAX

/* ---- helpers ---- */

int ipg_builder_diag(ipg_builder *b, impgraph_severity severity, const char *code, const char *path,
                     uint32_t line, uint32_t column, const char *fmt, ...) {
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  impgraph_diagnostic *d = ipg_vec_push(&b->diagnostics);
  if (!d)
    return IMPGRAPH_ENOMEM;
  d->severity = severity;
  d->code = code;
  d->path = path ? ipg_arena_strdup(&b->g->arena, path) : NULL;
  d->line = line;
  d->column = column;
  d->message = ipg_arena_strdup(&b->g->arena, message);
  return (!path || d->path) && d->message ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

static size_t lookup(const ipg_builder *b, const char *name) {
  void *v = ipg_map_get(&b->ids, name);
  return v ? (size_t)(uintptr_t)v - 1 : NONE;
}

static bool sorted_contains(const char *const *items, size_t count, const char *name,
                            size_t name_len) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strncmp(items[mid], name, name_len);
    if (c == 0 && items[mid][name_len] != '\0')
      c = 1;
    if (c == 0)
      return true;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
}

/* A directory of the standard library by its name: lib/python3.11,
   lib-dynload, python311.zip. Used only when the probe does not know the
   standard library (static mode). */
static bool looks_like_stdlib_dir(const char *dir) {
  size_t len = strlen(dir);
  while (len > 1 && dir[len - 1] == '/')
    len--;
  size_t start = len;
  while (start > 0 && dir[start - 1] != '/')
    start--;
  const char *base = dir + start;
  size_t base_len = len - start;
  if (base_len == 11 && strncmp(base, "lib-dynload", 11) == 0)
    return true;
  if (base_len < 7 || strncmp(base, "python", 6) != 0)
    return false;
  size_t i = 6;
  while (i < base_len && ((base[i] >= '0' && base[i] <= '9') || base[i] == '.'))
    i++;
  if (i == 6)
    return false;
  return i == base_len || (base_len - i == 4 && strncmp(base + i, ".zip", 4) == 0);
}

static bool is_prefix_entry(const ipg_builder *b, const char *entry) {
  for (size_t i = 0; i < b->spec->search_prefix_count; i++)
    if (strcmp(b->spec->search_prefix[i], entry) == 0)
      return true;
  return false;
}

static impgraph_origin natural_origin(const ipg_builder *b, const ipg_module *top) {
  const ipg_probe *p = b->g->probe;
  if (top->entry && is_prefix_entry(b, top->entry))
    return IMPGRAPH_ORIGIN_FIRST_PARTY;
  if (top->kind == IPG_MODULE_BUILTIN || top->kind == IPG_MODULE_FROZEN)
    return IMPGRAPH_ORIGIN_STDLIB;
  if (p->stdlib_source != IPG_STDLIB_UNKNOWN)
    return ipg_strlist_contains(&p->stdlib, top->name) ? IMPGRAPH_ORIGIN_STDLIB
                                                       : IMPGRAPH_ORIGIN_THIRD_PARTY;
  if (top->entry && looks_like_stdlib_dir(top->entry))
    return IMPGRAPH_ORIGIN_STDLIB;
  return IMPGRAPH_ORIGIN_THIRD_PARTY;
}

/* First-party: found through a source root or a script's directory; or,
   without roots, an installed (not standard-library) package under
   analysis. */
static impgraph_origin origin_of(const ipg_builder *b, const ipg_module *m) {
  const ipg_module *top = m;
  while (top->parent)
    top = top->parent;
  impgraph_origin origin = natural_origin(b, top);
  if (origin == IMPGRAPH_ORIGIN_THIRD_PARTY &&
      sorted_contains(b->spec->first_party_names, b->spec->first_party_name_count, top->name,
                      strlen(top->name)))
    return IMPGRAPH_ORIGIN_FIRST_PARTY;
  return origin;
}

static impgraph_module_kind kind_of(ipg_module_kind kind) {
  switch (kind) {
  case IPG_MODULE_SOURCE: return IMPGRAPH_MODULE_SOURCE;
  case IPG_MODULE_BYTECODE: return IMPGRAPH_MODULE_BYTECODE;
  case IPG_MODULE_EXTENSION: return IMPGRAPH_MODULE_EXTENSION;
  case IPG_MODULE_PACKAGE: return IMPGRAPH_MODULE_PACKAGE;
  case IPG_MODULE_NAMESPACE: return IMPGRAPH_MODULE_NAMESPACE;
  case IPG_MODULE_BUILTIN: return IMPGRAPH_MODULE_BUILTIN;
  case IPG_MODULE_FROZEN: return IMPGRAPH_MODULE_FROZEN;
  case IPG_MODULE_REGISTERED: return IMPGRAPH_MODULE_REGISTERED;
  case IPG_MODULE_MISSING: break;
  }
  return IMPGRAPH_MODULE_MISSING;
}

static bool preloaded(const ipg_builder *b, const char *name) {
  const ipg_probe *p = b->g->probe;
  return p->startup_modules_known && ipg_strlist_contains(&p->startup_modules, name);
}

/* ---- scheduling ---- */

/* A module whose C code may import others: an extension or builtin module
   of the standard library (the NATIVE table), or another extension module
   (its binary: native_binary.c), not run before the program; or a Python
   module of the standard library that the table says registers modules
   under keys its source computes (typing -> typing.io). */
static bool has_native_imports(const ipg_builder *b, const ipg_bnode *n) {
  if (n->flags & IMPGRAPH_MODULE_PRELOADED)
    return false;
  if ((n->kind == IMPGRAPH_MODULE_EXTENSION || n->kind == IMPGRAPH_MODULE_BUILTIN) &&
      n->origin == IMPGRAPH_ORIGIN_STDLIB)
    return true;
  if ((n->kind == IMPGRAPH_MODULE_SOURCE || n->kind == IMPGRAPH_MODULE_PACKAGE ||
       n->kind == IMPGRAPH_MODULE_FROZEN) &&
      n->origin == IMPGRAPH_ORIGIN_STDLIB) {
    const ipg_probe *p = b->g->probe;
    return ipg_native_applies(p) &&
           ipg_native_imports(n->name, p->version_major, p->version_minor, NULL, 0) > 0;
  }
  return ipg_builder_reads_binary(b, n);
}

static int queue_native(ipg_builder *b, size_t id) {
  if (!has_native_imports(b, IPG_BNODE(b, id)))
    return IMPGRAPH_OK;
  size_t *slot = ipg_vec_push(&b->native_queue);
  if (!slot)
    return IMPGRAPH_ENOMEM;
  *slot = id;
  return IMPGRAPH_OK;
}

static int schedule(ipg_builder *b, size_t id) {
  ipg_bnode *n = IPG_BNODE(b, id);
  if (n->scheduled || !n->expandable)
    return IMPGRAPH_OK;
  if ((n->flags & IMPGRAPH_MODULE_PRELOADED) && !(n->flags & IMPGRAPH_MODULE_IS_ENTRY))
    return IMPGRAPH_OK;
  n->scheduled = true;
  b->submitted++;
  /* The size orders the pool's queue (largest first) and is the module's
     file size in the graph (finish.c) -- but for a module scanned from
     another file than its own (a mypyc-compiled module's `.py`): its
     estimate is that of its binary. */
  const char *file = n->source ? n->source : n->path;
  struct stat st;
  uint64_t size = 0;
  if (stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
    size = (uint64_t)st.st_size;
    n->file_size = size;
    n->file_size_known = !n->source;
  }
  return ipg_pool_submit(b->pool, id, file, size);
}

/* Marks `id` and its parent packages as loaded with the entries and
   expands them. */
static int want(ipg_builder *b, size_t id) {
  while (id != NONE) {
    ipg_bnode *n = IPG_BNODE(b, id);
    if (n->wanted)
      break;
    n->wanted = true;
    int rc = schedule(b, id);
    if (!rc)
      rc = queue_native(b, id);
    if (rc)
      return rc;
    id = IPG_BNODE(b, id)->parent;
  }
  return IMPGRAPH_OK;
}

/* ---- nodes and edges ---- */

static int add_edge(ipg_builder *b, const ipg_bedge *edge) {
  ipg_bedge *e = ipg_vec_push(&b->edges);
  if (!e)
    return IMPGRAPH_ENOMEM;
  *e = *edge;
  return IMPGRAPH_OK;
}

static int new_node(ipg_builder *b, const char *name, size_t *out) {
  ipg_bnode *n = ipg_vec_push(&b->nodes);
  if (!n)
    return IMPGRAPH_ENOMEM;
  size_t id = b->nodes.len - 1;
  n->name = ipg_arena_strdup(&b->g->arena, name);
  n->parent = NONE;
  if (!n->name || ipg_map_put(&b->ids, n->name, (void *)(uintptr_t)(id + 1)))
    return IMPGRAPH_ENOMEM;
  if (preloaded(b, name))
    n->flags |= IMPGRAPH_MODULE_PRELOADED;
  *out = id;
  return IMPGRAPH_OK;
}

static bool known_finder(const char *finder) {
  static const char *const known[] = {"BuiltinImporter", "FrozenImporter", "PathFinder",
                                      "__editable___"};
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (strstr(finder, known[i]))
      return true;
  return false;
}

/* Whether a top-level name the path does not have may still be found at
   run time by a sys.meta_path finder impgraph does not emulate (setuptools'
   _distutils_hack serves only `distutils`). */
static bool other_finder_may_find(const ipg_probe *p, const char *name) {
  for (size_t i = 0; i < p->meta_path.count; i++) {
    const char *finder = p->meta_path.items[i];
    if (known_finder(finder))
      continue;
    if (!strstr(finder, "DistutilsMetaFinder") || strcmp(name, "distutils") == 0)
      return true;
  }
  return false;
}

/* Missing for a definite reason, so that an unprotected import of it
   raises: its top-level name is not on the search path, or a real package
   (regular or namespace) has no such submodule, or its parent is missing
   for such a reason. Not: a plain module used as a package ("No module
   named 'six.moves'; 'six' is not a package": six makes six.moves at run
   time with an importer of its own), a top-level name in static mode,
   where builtin modules are unknown, or one a meta path finder impgraph
   does not emulate may find, an invalid name, one six's importer may serve
   under a condition impgraph cannot decide (undecided). */
static bool definitely_missing(const ipg_builder *b, const ipg_module *m, size_t parent) {
  if (m->kind != IPG_MODULE_MISSING || m->undecided)
    return false;
  if (m->parent) {
    if (m->parent->kind == IPG_MODULE_MISSING)
      return parent != NONE && IPG_BNODE(b, parent)->not_found;
    return m->parent->is_package && !m->parent->alias_of;
  }
  const ipg_probe *p = b->g->probe;
  static const char not_found[] = "No module named '";
  return !(p->is_static && !p->builtins_known) && !other_finder_may_find(p, m->name) && m->reason &&
         strncmp(m->reason, not_found, sizeof not_found - 1) == 0;
}

/* The source file a frozen standard-library module was frozen from
   (CPython 3.11 freezes importlib.util, runpy, ... from the standard
   library's own .py files), in the standard library's directory; NULL when
   there is none (_frozen_importlib, whose name is not its file's). */
static const char *frozen_source(ipg_builder *b, const ipg_module *m) {
  const ipg_probe *p = b->g->probe;
  if (!b->stdlib_dir_known) {
    b->stdlib_dir_known = true;
    for (size_t i = 0; i < p->sys_path.count && !b->stdlib_dir; i++) {
      char os_py[4096];
      struct stat st;
      int n = snprintf(os_py, sizeof os_py, "%s/os.py", p->sys_path.items[i]);
      if (n > 0 && (size_t)n < sizeof os_py && stat(os_py, &st) == 0 && S_ISREG(st.st_mode))
        b->stdlib_dir = p->sys_path.items[i];
    }
  }
  if (!b->stdlib_dir)
    return NULL;
  char *path = ipg_arena_printf(&b->g->arena, "%s/%s%s", b->stdlib_dir, m->name,
                                m->is_package ? "/__init__.py" : ".py");
  if (!path)
    return NULL;
  char *slash = path + strlen(b->stdlib_dir) + 1;
  for (char *c = slash; *c && c < slash + strlen(m->name); c++)
    if (*c == '.')
      *c = '/';
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? path : NULL;
}

/* The node of one resolver record whose parent node exists (or NONE). */
static int node_from_record(ipg_builder *b, const ipg_module *m, size_t parent, size_t *out) {
  int rc = new_node(b, m->name, out);
  if (rc)
    return rc;
  ipg_bnode *n = IPG_BNODE(b, *out);
  n->kind = kind_of(m->kind);
  n->origin = origin_of(b, m);
  n->is_package = m->is_package;
  n->parent = parent;
  n->not_found = definitely_missing(b, m, parent);
  if (m->path && !(n->path = ipg_arena_strdup(&b->g->arena, m->path)))
    return IMPGRAPH_ENOMEM;
  if (m->reason && !(n->reason = ipg_arena_strdup(&b->g->arena, m->reason)))
    return IMPGRAPH_ENOMEM;
  /* Aliases (os.path) are sys.modules entries, not files to run. */
  n->expandable = m->file_kind == IPG_MODULE_SOURCE && m->path && !m->archive && !m->alias_of;
  /* Put into sys.modules by its parent's code (importlib registers the
     frozen, already loaded importlib._bootstrap_external under that key):
     the code of its own file never runs. */
  if (n->expandable && m->parent && ipg_native_applies(b->g->probe) &&
      ipg_native_registers(m->parent->name, m->name, b->g->probe->version_major,
                           b->g->probe->version_minor))
    n->expandable = false;
  /* A frozen module runs the code of the .py it was frozen from. */
  if (m->kind == IPG_MODULE_FROZEN && n->origin == IMPGRAPH_ORIGIN_STDLIB &&
      !(n->flags & IMPGRAPH_MODULE_PRELOADED) && (n->source = frozen_source(b, m)))
    n->expandable = true;
  if (parent != NONE) {
    ipg_bedge e = {.from = *out, .to = parent, .kind = IMPGRAPH_EDGE_PARENT, .import_index = NONE};
    if ((rc = add_edge(b, &e)))
      return rc;
  }
  if (b->spec->flags & IMPGRAPH_GRAPH_FULL) {
    if ((rc = schedule(b, *out)))
      return rc;
    return queue_native(b, *out);
  }
  return IMPGRAPH_OK;
}

/* The node of a resolved module, creating it and its parent packages (with
   PARENT edges) as needed. Iterative: names may have many components. */
static int node_of(ipg_builder *b, const ipg_module *m, size_t *out) {
  *out = lookup(b, m->name);
  if (*out != NONE)
    return IMPGRAPH_OK;
  const ipg_module *stack_chain[32];
  const ipg_module **chain = stack_chain;
  size_t depth = ipg_module_chain(m, stack_chain, 32);
  if (depth > 32) {
    chain = malloc(depth * sizeof *chain);
    if (!chain)
      return IMPGRAPH_ENOMEM;
    ipg_module_chain(m, chain, depth);
  }
  int rc = IMPGRAPH_OK;
  size_t parent = NONE;
  for (size_t i = 0; !rc && i < depth; i++) {
    size_t id = lookup(b, chain[i]->name);
    if (id == NONE)
      rc = node_from_record(b, chain[i], parent, &id);
    parent = id;
  }
  if (chain != stack_chain)
    free(chain);
  *out = parent;
  return rc;
}

/* ---- import sites ---- */

/* What one scanned module is, for resolving its imports (the kinds of its
   sites: graph/sites.c). */
typedef struct importer {
  ipg_importer site;
  size_t id;
  const char *path;
  bool wanted;
} importer;

/* Whether the import a fallback (an import in an `except ImportError:`
 * handler, record `index`) stands in for resolved. Its edges were added
 * just before, as records are processed in order -- with, in between, the
 * PARENT edges of the nodes they created (node_of), which belong to other
 * modules and are skipped. No such record, or any of its targets missing:
 * the fallback may run. (Whether a target fails is known only once the
 * graph is complete: ipg_fallback_kinds() after each round.) */
static bool preferred_import_resolved(const ipg_builder *b, const importer *imp, size_t index,
                                      const impgraph_import *rec) {
  size_t preferred = ipg_importer_preferred(&imp->site, index, rec);
  if (preferred == SIZE_MAX)
    return false;
  bool found = false;
  for (size_t k = b->edges.len; k-- > 0;) {
    const ipg_bedge *e = IPG_BEDGE(b, k);
    if (e->from != imp->id) {
      if (e->kind == IMPGRAPH_EDGE_PARENT)
        continue;
      break;
    }
    if (e->import_index < preferred)
      break;
    if (e->import_index != preferred)
      continue;
    if (IPG_BNODE(b, e->to)->kind == IMPGRAPH_MODULE_MISSING)
      return false;
    found = true;
  }
  return found;
}

/* One edge from the importer to `target` for import record `index`. */
static int import_edge(ipg_builder *b, const importer *imp, size_t index,
                       const impgraph_import *rec, const ipg_module *target, const char *absolute,
                       const char *names, size_t sub) {
  size_t to;
  int rc = node_of(b, target, &to);
  if (rc)
    return rc;
  ipg_bedge e = {.from = imp->id,
                 .to = to,
                 .kind = ipg_importer_kind(&imp->site, index, rec, absolute, target->name),
                 .flags = rec->flags,
                 .line = rec->statement.start_line,
                 .column = rec->statement.start_column,
                 .names = names,
                 .scope = rec->scope,
                 .import_index = index,
                 .sub = sub};
  if (e.kind == IMPGRAPH_EDGE_EAGER && (rec->flags & IMPGRAPH_CTX_FALLBACK) &&
      preferred_import_resolved(b, imp, index, rec))
    e.kind = IMPGRAPH_EDGE_FALLBACK;
  if ((rc = add_edge(b, &e)))
    return rc;
  if (e.kind == IMPGRAPH_EDGE_EAGER && imp->wanted)
    return want(b, to);
  return IMPGRAPH_OK;
}

static int relative_problem(ipg_builder *b, const importer *imp, const impgraph_import *rec,
                            const char *problem) {
  char text[160];
  return ipg_builder_diag(b, IMPGRAPH_SEVERITY_WARNING, "relative-import", imp->path,
                          rec->statement.start_line, rec->statement.start_column,
                          "%s: %s (not followed)",
                          ipg_record_text(imp->site.scan, rec, text, sizeof text), problem);
}

/* Target groups of one from-import: `from pkg import a, b, attr` gives
   pkg.a, pkg.b and pkg. */
typedef struct from_group {
  const ipg_module *target;
  ipg_buf names;
} from_group;

static int from_import(ipg_builder *b, const importer *imp, size_t index,
                       const impgraph_import *rec) {
  size_t count = rec->name_count ? rec->name_count : 1;
  from_group *groups = calloc(2 * count, sizeof *groups); /* a target and a six target each */
  if (!groups)
    return IMPGRAPH_ENOMEM;
  size_t group_count = 0;
  const char *absolute = NULL;
  int rc = IMPGRAPH_OK;
  for (size_t i = 0; !rc && i < count; i++) {
    const char *name = rec->name_count ? rec->names[i].name : NULL;
    ipg_import_resolution res;
    rc = ipg_resolve_import(b->resolver, &res, imp->site.name, imp->site.is_package, rec->module,
                            rec->level, name, NULL);
    if (rc)
      break;
    if (res.problem) {
      rc = relative_problem(b, imp, rec, res.problem);
      group_count = 0;
      break;
    }
    absolute = res.absolute_name;
    /* six: `from six.moves import NAME` also imports NAME's target
       (res.moved_target), in the same statement; a NAME six does not
       define raises ImportError (res.missing_name). */
    const ipg_module *targets[2] = {res.submodule      ? res.submodule
                                    : res.missing_name ? res.missing_name
                                                       : res.module,
                                    res.moved_target};
    for (size_t t = 0; t < 2 && targets[t]; t++) {
      size_t g = 0;
      while (g < group_count && groups[g].target != targets[t])
        g++;
      if (g == group_count) {
        groups[g].target = targets[t];
        ipg_buf_init(&groups[g].names);
        group_count++;
      } else {
        ipg_buf_putc(&groups[g].names, ',');
      }
      if (name)
        ipg_buf_puts(&groups[g].names, name);
    }
  }
  for (size_t g = 0; !rc && g < group_count; g++) {
    const char *names = NULL;
    if (groups[g].names.failed) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
    if (groups[g].names.len && !(names = ipg_arena_strdup(&b->g->arena, groups[g].names.data))) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
    rc = import_edge(b, imp, index, rec, groups[g].target, absolute, names, g);
  }
  for (size_t g = 0; g < 2 * count; g++)
    ipg_buf_free(&groups[g].names);
  free(groups);
  return rc;
}

/* `import a.b`, `__import__("a.b")`, `import_module(".m", "pkg")`,
   `from m import *`: one edge to the named module. */
static int single_import(ipg_builder *b, const importer *imp, size_t index,
                         const impgraph_import *rec, size_t sub) {
  const char *base = imp->site.name;
  bool base_is_package = imp->site.is_package;
  if (rec->kind == IMPGRAPH_IMPORT_IMPORTLIB && rec->level > 0) {
    if (!rec->package) {
      char text[160];
      return ipg_builder_diag(b, IMPGRAPH_SEVERITY_WARNING, "relative-import", imp->path,
                              rec->statement.start_line, rec->statement.start_column,
                              "%s: relative import_module() without a literal package "
                              "(not followed)",
                              ipg_record_text(imp->site.scan, rec, text, sizeof text));
    }
    base = rec->package;
    base_is_package = true;
  }
  ipg_import_resolution res;
  int rc = ipg_resolve_import(b->resolver, &res, base, base_is_package, rec->module, rec->level,
                              NULL, NULL);
  if (rc)
    return rc;
  if (res.problem)
    return relative_problem(b, imp, rec, res.problem);
  const char *names = rec->kind == IMPGRAPH_IMPORT_STAR ? "*" : NULL;
  rc = import_edge(b, imp, index, rec, res.module, res.absolute_name, names, sub);
  /* six: `import six.moves.queue` imports queue in the same statement. */
  if (!rc && res.moved_target)
    rc = import_edge(b, imp, index, rec, res.moved_target, res.absolute_name, names, sub + 1);
  return rc;
}

static int dynamic_import(ipg_builder *b, const importer *imp, size_t index,
                          const impgraph_import *rec) {
  /* `for name in ("a", "b"): __import__(name)`: each value as a literal. */
  const char *names[IPG_LOOP_IMPORT_MAX];
  size_t count = 0;
  int rc = ipg_loop_import_names(imp->site.scan, index, b->g->probe, &b->g->arena, names,
                                 IPG_LOOP_IMPORT_MAX, &count);
  for (size_t k = 0; !rc && k < count; k++) {
    impgraph_import literal = *rec;
    literal.module = names[k];
    literal.flags &= ~(uint32_t)IMPGRAPH_CTX_DYNAMIC;
    rc = single_import(b, imp, index, &literal, 2 * k);
  }
  if (rc || count)
    return rc;
  b->dynamic_imports++;
  char text[160];
  return ipg_builder_diag(b, IMPGRAPH_SEVERITY_NOTE, "dynamic-import", imp->path,
                          rec->statement.start_line, rec->statement.start_column,
                          "%s: module name is not a literal (not followed)",
                          ipg_record_text(imp->site.scan, rec, text, sizeof text));
}

static int copy_scan_diagnostics(ipg_builder *b, ipg_bnode *n, const impgraph_scan *scan) {
  size_t count = impgraph_scan_diagnostic_count(scan);
  for (size_t i = 0; i < count; i++) {
    const impgraph_diagnostic *src = impgraph_scan_diagnostic(scan, i);
    impgraph_diagnostic *d = ipg_vec_push(&b->diagnostics);
    if (!d)
      return IMPGRAPH_ENOMEM;
    *d = *src; /* strings borrowed from the scan, which the graph keeps */
    if (src->severity == IMPGRAPH_SEVERITY_ERROR)
      n->flags |= IMPGRAPH_MODULE_HAS_ERRORS;
  }
  return IMPGRAPH_OK;
}

/* Follows the imports of one scanned module. */
static int expand(ipg_builder *b, size_t id, impgraph_scan *scan) {
  ipg_bnode *n = IPG_BNODE(b, id);
  n->scan = scan;
  n->flags |= IMPGRAPH_MODULE_EXPANDED;
  int rc = copy_scan_diagnostics(b, n, scan);
  importer imp = {.id = id, .path = n->source ? n->source : n->path, .wanted = n->wanted};
  if (!rc)
    rc = ipg_importer_init(&imp.site, n->name, n->is_package, n->runs_as_main, scan, b->g->probe);
  if (rc)
    return rc;
  size_t count = impgraph_scan_import_count(scan);
  for (size_t i = 0; !rc && i < count; i++) {
    const impgraph_import *rec = impgraph_scan_import(scan, i);
    if (rec->kind == IMPGRAPH_IMPORT_LAZY_MODULES)
      continue; /* a declaration, not an import: it marks others lazy */
    if (!rec->module)
      rc = dynamic_import(b, &imp, i, rec);
    else if ((rec->kind == IMPGRAPH_IMPORT_FROM || rec->kind == IMPGRAPH_IMPORT_FUTURE) &&
             rec->name_count)
      rc = from_import(b, &imp, i, rec);
    else
      rc = single_import(b, &imp, i, rec, 0);
  }
  ipg_importer_free(&imp.site);
  return rc;
}

/* ---- imports made by the standard library's C code ---- */

/* Once per graph, when a module's NATIVE edges cannot be known. */
static int native_note(ipg_builder *b) {
  if (b->native_noted)
    return IMPGRAPH_OK;
  b->native_noted = true;
  const ipg_probe *p = b->g->probe;
  if (p->implementation && strcmp(p->implementation, "cpython") != 0)
    return ipg_builder_diag(b, IMPGRAPH_SEVERITY_NOTE, "native-imports", NULL, 0, 0,
                            "imports made by the C code of extension and builtin modules are "
                            "known for CPython only (this is %s): none are followed",
                            p->implementation);
  return ipg_builder_diag(b, IMPGRAPH_SEVERITY_NOTE, "native-imports", NULL, 0, 0,
                          "imports made by the C code of the standard library's extension and "
                          "builtin modules are known for CPython 3.%d to 3.%d (this is %d.%d): "
                          "none are followed",
                          ipg_native_first_minor, ipg_native_last_minor, p->version_major,
                          p->version_minor);
}

/* The NATIVE edges of module `id`: one per table entry for the probe's
   version, to the module the resolver finds (REGISTER targets resolve as
   IMPGRAPH_MODULE_REGISTERED). */
static int add_native_edges(ipg_builder *b, size_t id) {
  const ipg_probe *p = b->g->probe;
  IPG_BNODE(b, id)->native_done = true;
  if (ipg_builder_reads_binary(b, IPG_BNODE(b, id))) {
    size_t first = b->edges.len;
    int rc = ipg_builder_binary_edges(b, id);
    ipg_bnode *n = IPG_BNODE(b, id);
    n->native_first = first;
    n->native_count = b->edges.len - first;
    /* A mypyc-compiled module with its source beside it: expanded from
       that source like a source module, now that it is known. */
    if (!rc && n->source && (n->wanted || (b->spec->flags & IMPGRAPH_GRAPH_FULL)))
      rc = schedule(b, id);
    return rc;
  }
  if (!ipg_native_applies(p))
    return native_note(b);
  const char *name = IPG_BNODE(b, id)->name;
  size_t count = ipg_native_imports(name, p->version_major, p->version_minor, NULL, 0);
  if (!count)
    return IMPGRAPH_OK;
  const ipg_native_import **entries = malloc(count * sizeof *entries);
  if (!entries)
    return IMPGRAPH_ENOMEM;
  ipg_native_imports(name, p->version_major, p->version_minor, entries, count);
  int rc = IMPGRAPH_OK;
  size_t first = b->edges.len;
  for (size_t k = 0; !rc && k < count; k++) {
    const ipg_module *m = NULL;
    size_t to;
    if (!(rc = ipg_resolve(b->resolver, entries[k]->target, &m, NULL)) &&
        !(rc = node_of(b, m, &to))) {
      ipg_bedge e = {
          .from = id, .to = to, .kind = IMPGRAPH_EDGE_NATIVE, .import_index = NONE, .sub = k};
      rc = add_edge(b, &e);
    }
  }
  free(entries);
  /* node_of added nodes and PARENT edges too: the native edges are those
     of kind NATIVE from `id` in [first, end). */
  ipg_bnode *n = IPG_BNODE(b, id);
  n->native_first = first;
  n->native_count = b->edges.len - first;
  return rc;
}

/* Wants the targets of module `id`'s NATIVE edges. */
static int want_native_targets(ipg_builder *b, size_t id) {
  size_t first = IPG_BNODE(b, id)->native_first, end = first + IPG_BNODE(b, id)->native_count;
  for (size_t k = first; k < end; k++) {
    const ipg_bedge *e = IPG_BEDGE(b, k);
    if (e->from != id || e->kind != IMPGRAPH_EDGE_NATIVE)
      continue;
    size_t to = e->to;
    int rc = want(b, to);
    if (rc)
      return rc;
  }
  return IMPGRAPH_OK;
}

/* Adds the NATIVE edges of the queued modules, and wants their targets
   when the module is wanted; what that wants is queued in turn. */
static int drain_native(ipg_builder *b) {
  while (b->native_queue.len) {
    size_t id = *(size_t *)ipg_vec_at(&b->native_queue, b->native_queue.len - 1);
    b->native_queue.len--;
    int rc = IPG_BNODE(b, id)->native_done ? IMPGRAPH_OK : add_native_edges(b, id);
    if (!rc && IPG_BNODE(b, id)->wanted)
      rc = want_native_targets(b, id);
    if (rc)
      return rc;
  }
  return IMPGRAPH_OK;
}

/* ---- fallbacks of imports that fail ---- */

/* A build edge and its index in b->edges, sorted as finish.c sorts. */
typedef struct indexed_bedge {
  ipg_bedge e; /* first: ipg_bedge_order compares it */
  size_t index;
} indexed_bedge;

typedef struct round_tables {
  indexed_bedge *sorted;
  impgraph_edge *edges;
  size_t *out_first;
  uint8_t *state;
  bool *missing;
  bool *entry;
  const impgraph_scan **scans;
  size_t *parent;
  ipg_failure *failures;
} round_tables;

static void round_tables_free(round_tables *t) {
  free(t->sorted);
  free(t->edges);
  free(t->out_first);
  free(t->state);
  free(t->missing);
  free(t->entry);
  free(t->scans);
  free(t->parent);
  free(t->failures);
}

static int fill_round_tables(ipg_builder *b, round_tables *t) {
  size_t n = b->nodes.len, m = b->edges.len;
  t->sorted = malloc((m ? m : 1) * sizeof *t->sorted);
  t->edges = malloc((m ? m : 1) * sizeof *t->edges);
  t->out_first = calloc(n + 1, sizeof *t->out_first);
  t->state = malloc(n ? n : 1);
  t->missing = malloc(n ? n : 1);
  t->entry = malloc(n ? n : 1);
  t->scans = malloc((n ? n : 1) * sizeof *t->scans);
  t->parent = malloc((n ? n : 1) * sizeof *t->parent);
  t->failures = malloc((n ? n : 1) * sizeof *t->failures);
  if (!t->sorted || !t->edges || !t->out_first || !t->state || !t->missing || !t->entry ||
      !t->scans || !t->parent || !t->failures)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < m; i++)
    t->sorted[i] = (indexed_bedge){.e = *IPG_BEDGE(b, i), .index = i};
  if (m)
    qsort(t->sorted, m, sizeof *t->sorted, ipg_bedge_order);
  for (size_t i = 0; i < m; i++) {
    const ipg_bedge *e = &t->sorted[i].e;
    t->edges[i] = (impgraph_edge){.from = e->from,
                                  .to = e->to,
                                  .kind = e->kind,
                                  .flags = e->flags,
                                  .line = e->line,
                                  .column = e->column,
                                  .import_index = e->import_index};
    t->out_first[e->from + 1]++;
  }
  for (size_t v = 0; v < n; v++) {
    const ipg_bnode *node = IPG_BNODE(b, v);
    t->out_first[v + 1] += t->out_first[v];
    t->missing[v] = node->kind == IMPGRAPH_MODULE_MISSING;
    /* As ipg_graph_fail_state(): preloaded first (`__main__`). */
    t->state[v] = (node->flags & IMPGRAPH_MODULE_PRELOADED) ? IPG_FAIL_NEVER
                  : !t->missing[v]                          ? IPG_FAIL_RUNS
                  : node->not_found                         ? IPG_FAIL_NOT_FOUND
                                                            : IPG_FAIL_NEVER;
    t->entry[v] = (node->flags & IMPGRAPH_MODULE_IS_ENTRY) != 0;
    t->scans[v] = node->scan;
    t->parent[v] = node->parent;
  }
  return IMPGRAPH_OK;
}

/* After the modules found so far are expanded: a fallback whose preferred
 * import turns out to fail (IMPGRAPH_MODULE_FAILS) runs, so its edge
 * becomes EAGER and its target must be expanded too. Failing only grows as
 * modules are added, so rounds end. Sets *changed when an edge changed. */
static int fallback_round(ipg_builder *b, bool *changed, impgraph_error *err) {
  *changed = false;
  round_tables t;
  memset(&t, 0, sizeof t);
  int rc = fill_round_tables(b, &t);
  if (rc) {
    round_tables_free(&t);
    return ipg_fail(err, rc, "out of memory");
  }
  ipg_fail_input in = {.module_count = b->nodes.len,
                       .state = t.state,
                       .edges = t.edges,
                       .out_first = t.out_first,
                       .parent = t.parent,
                       .entry = t.entry};
  rc = ipg_failures_compute(t.failures, &in, err);
  if (!rc &&
      ipg_fallback_kinds(t.edges, b->nodes.len, t.out_first, t.scans, t.missing, t.failures)) {
    for (size_t i = 0; !rc && i < b->edges.len; i++) {
      ipg_bedge *e = IPG_BEDGE(b, t.sorted[i].index);
      if (e->kind == t.edges[i].kind)
        continue;
      e->kind = t.edges[i].kind;
      *changed = true;
      if (e->kind == IMPGRAPH_EDGE_EAGER && IPG_BNODE(b, e->from)->wanted && (rc = want(b, e->to)))
        rc = ipg_fail(err, rc, "out of memory");
    }
  }
  round_tables_free(&t);
  return rc;
}

/* ---- imports run by calls at import time ---- */

/* The build tables seen as a graph, for graph/calls.c: the tables it reads
   (modules and scans in build order, edges grouped by importer with
   out_first, entry modules, the map of names); the rest stays zero. */
static void view_free(impgraph_graph *g) {
  free(g->modules);
  free(g->scans);
  free(g->edges);
  free(g->out_first);
  free(g->entry_modules);
}

static int make_view(impgraph_graph *g, const ipg_builder *b) {
  memset(g, 0, sizeof *g);
  g->probe = b->g->probe; /* borrowed: view_free leaves it (conditions read by calls.c) */
  size_t n = b->nodes.len, m = b->edges.len, entries = b->entries.len;
  g->modules = calloc(n ? n : 1, sizeof *g->modules);
  g->scans = calloc(n ? n : 1, sizeof *g->scans);
  g->edges = calloc(m ? m : 1, sizeof *g->edges);
  g->out_first = calloc(n + 1, sizeof *g->out_first);
  g->entry_modules = calloc(entries ? entries : 1, sizeof *g->entry_modules);
  if (!g->modules || !g->scans || !g->edges || !g->out_first || !g->entry_modules) {
    view_free(g);
    return IMPGRAPH_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    const ipg_bnode *node = IPG_BNODE(b, i);
    g->modules[i] = (impgraph_module){.name = node->name,
                                      .kind = node->kind,
                                      .origin = node->origin,
                                      .flags = node->flags,
                                      .path = node->path,
                                      .reason = node->reason};
    g->scans[i] = node->scan;
  }
  for (size_t e = 0; e < m; e++)
    g->out_first[IPG_BEDGE(b, e)->from + 1]++;
  for (size_t i = 0; i < n; i++)
    g->out_first[i + 1] += g->out_first[i];
  size_t *fill = g->out_first; /* advanced below, then restored */
  for (size_t e = 0; e < m; e++) {
    const ipg_bedge *be = IPG_BEDGE(b, e);
    size_t at = fill[be->from]++;
    g->edges[at] = (impgraph_edge){.from = be->from,
                                   .to = be->to,
                                   .kind = be->kind,
                                   .flags = be->flags,
                                   .line = be->line,
                                   .column = be->column,
                                   .names = be->names,
                                   .scope = be->scope,
                                   .import_index = be->import_index,
                                   .call_module = NONE};
  }
  for (size_t i = n; i > 0; i--)
    g->out_first[i] = g->out_first[i - 1];
  g->out_first[0] = 0;
  for (size_t i = 0; i < entries; i++)
    g->entry_modules[i] = ((const impgraph_entry *)ipg_vec_at(&b->entries, i))->module;
  g->module_count = n;
  g->edge_count = m;
  g->entry_module_count = entries;
  g->by_name = b->ids; /* borrowed (same layout: name -> id + 1), never freed here */
  return IMPGRAPH_OK;
}

/* Computes the CALLED edges from the scans so far and expands the modules
   they make loaded (the caller drains the native queue after it). The view
   has no failures: a module that fails is followed whole here (finish.c
   computes the edges again on the finished graph, with its failures). */
static int follow_calls(ipg_builder *b) {
  impgraph_graph view;
  int rc = make_view(&view, b);
  if (rc)
    return rc;
  if (!b->calls_memo && !(b->calls_memo = ipg_calls_memo_new())) {
    view_free(&view);
    return IMPGRAPH_ENOMEM;
  }
  ipg_calls calls;
  if ((rc = ipg_calls_compute(&calls, &view, b->calls_memo))) {
    view_free(&view);
    return rc;
  }
  for (size_t id = 0; !rc && id < view.module_count; id++)
    if (calls.live[id] && !IPG_BNODE(b, id)->wanted)
      rc = want(b, id);
  ipg_calls_free(&calls);
  view_free(&view);
  return rc;
}

/* ---- entries ---- */

static int script_node(ipg_builder *b, const ipg_graph_entry_spec *spec, size_t *out) {
  *out = lookup(b, spec->module);
  if (*out != NONE)
    return IMPGRAPH_OK;
  int rc = new_node(b, spec->module, out);
  if (rc)
    return rc;
  ipg_bnode *n = IPG_BNODE(b, *out);
  n->kind = IMPGRAPH_MODULE_SOURCE;
  n->origin = IMPGRAPH_ORIGIN_FIRST_PARTY;
  n->expandable = true;
  n->runs_as_main = true;
  n->path = ipg_arena_strdup(&b->g->arena, spec->script_path);
  return n->path ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

static const char *copy_or_null(ipg_builder *b, const char *s, bool *failed) {
  if (!s)
    return NULL;
  const char *copy = ipg_arena_strdup(&b->g->arena, s);
  *failed = *failed || !copy;
  return copy;
}

static int add_entry(ipg_builder *b, const ipg_graph_entry_spec *spec, impgraph_error *err) {
  size_t id;
  int rc;
  if (spec->script_path) {
    rc = script_node(b, spec, &id);
  } else {
    const ipg_module *m = NULL;
    if ((rc = ipg_resolve(b->resolver, spec->module, &m, err)))
      return rc;
    if (m->kind == IPG_MODULE_MISSING) {
      if (spec->implicit)
        return IMPGRAPH_OK;
      return ipg_fail(err, IMPGRAPH_ENOTFOUND, "entry '%s': module '%s' not found: %s", spec->spec,
                      spec->module, m->reason ? m->reason : "not found");
    }
    rc = node_of(b, m, &id);
  }
  if (rc)
    return ipg_fail(err, rc, "out of memory");
  impgraph_entry *e = ipg_vec_push(&b->entries);
  if (!e)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  bool failed = false;
  e->spec = copy_or_null(b, spec->spec, &failed);
  e->module = id;
  e->function = copy_or_null(b, spec->function, &failed);
  e->script = copy_or_null(b, spec->script, &failed);
  IPG_BNODE(b, id)->flags |= IMPGRAPH_MODULE_IS_ENTRY;
  if (failed || (rc = want(b, id)) || (rc = schedule(b, id)))
    return ipg_fail(err, failed ? IMPGRAPH_ENOMEM : rc, "out of memory");
  return IMPGRAPH_OK;
}

/* ---- setup ---- */

static int make_search_probe(ipg_builder *b) {
  const ipg_probe *p = b->g->probe;
  size_t prefix = b->spec->search_prefix_count, total = prefix + p->sys_path.count;
  const char **path = ipg_arena_alloc(&b->g->arena, (total ? total : 1) * sizeof *path);
  if (!path)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < prefix; i++)
    if (!(path[i] = ipg_arena_strdup(&b->g->arena, b->spec->search_prefix[i])))
      return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < p->sys_path.count; i++)
    path[prefix + i] = p->sys_path.items[i];
  /* A shallow copy of the probe: every list but sys_path is shared. */
  b->search_probe = *p;
  b->search_probe.sys_path.items = path;
  b->search_probe.sys_path.count = total;
  b->g->search_path = path;
  b->g->search_path_count = total;
  return IMPGRAPH_OK;
}

static int mode_notes(ipg_builder *b) {
  const ipg_probe *p = b->g->probe;
  int rc = IMPGRAPH_OK;
  if (p->is_static) {
    const char *builtins = p->builtins_known ? "" : "builtin modules (reported missing), ";
    rc = ipg_builder_diag(
        b, IMPGRAPH_SEVERITY_NOTE, "static-mode", NULL, 0, 0,
        "static mode (no interpreter run): %s%sthe modules preloaded at start-up (none are "
        "subtracted from the start-up set), the standard library (guessed from directory "
        "names such as lib/python3.X) and the platform are unknown: imports under "
        "sys.platform / os.name conditions stay eager, only sys.version_info conditions are "
        "evaluated",
        builtins, p->frozen_known ? "" : "frozen modules, ");
  }
  for (size_t i = 0; !rc && i < p->meta_path.count; i++)
    if (!known_finder(p->meta_path.items[i]))
      rc = ipg_builder_diag(b, IMPGRAPH_SEVERITY_NOTE, "meta-path", NULL, 0, 0,
                            "sys.meta_path finder %s is not emulated: imports it handles may "
                            "resolve differently at run time",
                            p->meta_path.items[i]);
  for (size_t i = 0; !rc && i < b->spec->diagnostic_count; i++) {
    const impgraph_diagnostic *d = &b->spec->diagnostics[i];
    rc = ipg_builder_diag(b, d->severity, d->code, d->path, d->line, d->column, "%s", d->message);
  }
  return rc;
}

/* Modules that are needed but cannot be scanned: say so once each. */
static int note_unexpanded(ipg_builder *b) {
  for (size_t id = 0; id < b->nodes.len; id++) {
    ipg_bnode *n = IPG_BNODE(b, id);
    if (!n->wanted || n->expandable || !n->path || n->kind == IMPGRAPH_MODULE_EXTENSION ||
        n->kind == IMPGRAPH_MODULE_BYTECODE || (n->flags & IMPGRAPH_MODULE_PRELOADED))
      continue;
    const ipg_module *m = NULL;
    if (ipg_resolve(b->resolver, n->name, &m, NULL) || !m || !m->archive || m->alias_of)
      continue;
    int rc = ipg_builder_diag(b, IMPGRAPH_SEVERITY_NOTE, "skipped", n->path, 0, 0,
                              "inside a zip archive: not scanned, its imports are not followed");
    if (rc)
      return rc;
  }
  return IMPGRAPH_OK;
}

static const char *const *copy_strings(ipg_arena *arena, const char *const *items, size_t count) {
  const char **copy = ipg_arena_alloc(arena, (count ? count : 1) * sizeof *copy);
  for (size_t i = 0; copy && i < count; i++)
    if (!(copy[i] = ipg_arena_strdup(arena, items[i])))
      return NULL;
  return copy;
}

static int copy_roots(ipg_builder *b) {
  impgraph_graph *g = b->g;
  size_t count = b->spec->root_count;
  g->roots = ipg_arena_alloc(&g->arena, (count ? count : 1) * sizeof *g->roots);
  if (!g->roots)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < count; i++) {
    const ipg_graph_root *src = &b->spec->roots[i];
    ipg_graph_root *r = &g->roots[i];
    bool failed = false;
    r->path = copy_or_null(b, src->path, &failed);
    r->layout = src->layout;
    r->search_entry = copy_or_null(b, src->search_entry, &failed);
    r->pyproject = copy_or_null(b, src->pyproject, &failed);
    r->top_level = copy_strings(&g->arena, src->top_level, src->top_level_count);
    r->top_level_count = src->top_level_count;
    if (failed || !r->top_level)
      return IMPGRAPH_ENOMEM;
  }
  g->root_count = count;
  return IMPGRAPH_OK;
}

static int run(ipg_builder *b, impgraph_error *err) {
  const ipg_graph_spec *spec = b->spec;
  int rc = make_search_probe(b);
  if (!rc)
    rc = copy_roots(b);
  if (!rc)
    rc = mode_notes(b);
  if (rc)
    return ipg_fail(err, rc, "out of memory");
  if ((rc = ipg_resolver_new(&b->resolver, &b->search_probe, err)))
    return rc;
  if ((rc = ipg_pool_start(&b->pool, spec->jobs ? spec->jobs : 1, spec->scan, spec->thread_start,
                           spec->thread_start_arg, err)))
    return rc;
  for (size_t i = 0; i < spec->entry_count; i++)
    if ((rc = add_entry(b, &spec->entries[i], err)))
      return rc;
  if ((rc = drain_native(b)))
    return ipg_fail(err, rc, "out of memory building the graph");
  ipg_pool_result res;
  for (bool again = true; again;) {
    while (ipg_pool_next(b->pool, &res)) {
      if (res.rc == IMPGRAPH_EIO) {
        ipg_bnode *n = IPG_BNODE(b, res.tag);
        rc = ipg_builder_diag(b, IMPGRAPH_SEVERITY_ERROR, "unreadable",
                              n->source ? n->source : n->path, 0, 0, "%s", res.message);
        n->flags |= IMPGRAPH_MODULE_HAS_ERRORS;
      } else if (res.rc) {
        return ipg_fail(err, res.rc, "%s", res.message);
      } else {
        rc = expand(b, res.tag, res.scan);
      }
      if (!rc)
        rc = drain_native(b);
      if (rc)
        return ipg_fail(err, rc, "out of memory building the graph");
    }
    /* The pool is empty: fallbacks whose preferred import fails, then the
       CALLED edges; either may want modules (scans, NATIVE edges). Another
       round unless neither changed anything and nothing was added. */
    size_t submitted = b->submitted, nodes = b->nodes.len, edges = b->edges.len;
    bool changed = false;
    if ((rc = fallback_round(b, &changed, err)))
      return rc;
    if ((rc = drain_native(b)) || (rc = follow_calls(b)) || (rc = drain_native(b)))
      return ipg_fail(err, rc, "out of memory building the graph");
    again = changed || b->submitted != submitted || b->nodes.len != nodes || b->edges.len != edges;
  }
  if ((rc = note_unexpanded(b)))
    return ipg_fail(err, rc, "out of memory");
  ipg_pool_stop(b->pool);
  b->pool = NULL;
  return ipg_builder_finish(b, err);
}

static void builder_free(ipg_builder *b) {
  ipg_pool_stop(b->pool);
  ipg_resolver_free(b->resolver);
  for (size_t i = 0; i < b->nodes.len; i++)
    impgraph_scan_free(IPG_BNODE(b, i)->scan);
  ipg_vec_free(&b->nodes);
  ipg_vec_free(&b->edges);
  ipg_vec_free(&b->diagnostics);
  ipg_vec_free(&b->entries);
  ipg_vec_free(&b->native_queue);
  ipg_map_free(&b->ids);
  ipg_calls_memo_free(b->calls_memo);
}

int ipg_graph_build(impgraph_graph **out, const ipg_graph_spec *spec, impgraph_error *err) {
  *out = NULL;
  impgraph_graph *g = calloc(1, sizeof *g);
  if (!g) {
    ipg_probe_free(spec->probe);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  ipg_arena_init(&g->arena);
  ipg_map_init(&g->by_name);
  g->probe = spec->probe;
  g->flags = spec->flags;
  impgraph_scan_options scan_defaults = IMPGRAPH_SCAN_OPTIONS_INIT;
  g->scan_options = spec->scan ? *spec->scan : scan_defaults;
  ipg_builder b;
  memset(&b, 0, sizeof b);
  b.g = g;
  b.spec = spec;
  ipg_vec_init(&b.nodes, sizeof(ipg_bnode));
  ipg_vec_init(&b.edges, sizeof(ipg_bedge));
  ipg_vec_init(&b.diagnostics, sizeof(impgraph_diagnostic));
  ipg_vec_init(&b.entries, sizeof(impgraph_entry));
  ipg_vec_init(&b.native_queue, sizeof(size_t));
  ipg_map_init(&b.ids);
  int rc = run(&b, err);
  builder_free(&b); /* finish moved the scans into g */
  if (rc) {
    impgraph_graph_free(g);
    return rc;
  }
  *out = g;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

/* For native_binary.c. */
int ipg_builder_node_of(ipg_builder *b, const ipg_module *m, size_t *out) {
  return node_of(b, m, out);
}

int ipg_builder_new_node(ipg_builder *b, const char *name, size_t *out) {
  return new_node(b, name, out);
}

int ipg_builder_add_edge(ipg_builder *b, const ipg_bedge *edge) {
  return add_edge(b, edge);
}
