/* The resolver: sys.meta_path in CPython's order (BuiltinImporter,
   FrozenImporter, PathFinder, then editable finders appended by .pth
   files), parents before children, memoised results; relative names and
   from-imports. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resolve/resolve_internal.h"

const char *ipg_module_kind_name(ipg_module_kind kind) {
  switch (kind) {
  case IPG_MODULE_MISSING: return "missing";
  case IPG_MODULE_SOURCE: return "source";
  case IPG_MODULE_BYTECODE: return "bytecode";
  case IPG_MODULE_EXTENSION: return "extension";
  case IPG_MODULE_PACKAGE: return "package";
  case IPG_MODULE_NAMESPACE: return "namespace";
  case IPG_MODULE_BUILTIN: return "builtin";
  case IPG_MODULE_FROZEN: return "frozen";
  case IPG_MODULE_REGISTERED: return "registered";
  }
  return "unknown";
}

/* ---- lifetime ---- */

static int add_loaders(ipg_resolver *r, const ipg_strlist *suffixes,
                       ipg_module_kind kind) {
  for (size_t i = 0; i < suffixes->count; i++) {
    ipg_loader_suffix *l = &r->loaders[r->loader_count++];
    l->suffix = suffixes->items[i];
    l->kind = kind;
  }
  return IMPGRAPH_OK;
}

static int setup(ipg_resolver *r) {
  const ipg_probe *p = r->probe;
  /* _get_supported_file_loaders(): extensions, source, bytecode. */
  size_t loaders = p->extension_suffixes.count + p->source_suffixes.count +
                   p->bytecode_suffixes.count;
  r->loaders =
      ipg_arena_alloc(&r->arena, (loaders ? loaders : 1) * sizeof *r->loaders);
  r->sys_path =
      ipg_arena_alloc(&r->arena, (p->sys_path.count ? p->sys_path.count : 1) *
                                     sizeof *r->sys_path);
  if (!r->loaders || !r->sys_path)
    return IMPGRAPH_ENOMEM;
  add_loaders(r, &p->extension_suffixes, IPG_MODULE_EXTENSION);
  add_loaders(r, &p->source_suffixes, IPG_MODULE_SOURCE);
  add_loaders(r, &p->bytecode_suffixes, IPG_MODULE_BYTECODE);
  for (size_t i = 0; i < p->sys_path.count; i++) {
    const char *entry = p->sys_path.items[i];
    if (!*entry) { /* '' is the current directory */
      char cwd[4096];
      entry = getcwd(cwd, sizeof cwd) ? ipg_arena_strdup(&r->arena, cwd) : ".";
      if (!entry)
        return IMPGRAPH_ENOMEM;
    }
    r->sys_path[r->sys_path_count++] = entry;
  }
  return IMPGRAPH_OK;
}

int ipg_resolver_new(ipg_resolver **out, const ipg_probe *probe,
                     impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || !probe)
    return ipg_fail(err, IMPGRAPH_EINVAL, "ipg_resolver_new: NULL argument");
  ipg_resolver *r = calloc(1, sizeof *r);
  if (!r)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  r->probe = probe;
  ipg_arena_init(&r->arena);
  ipg_map_init(&r->modules);
  ipg_map_init(&r->entries);
  ipg_map_init(&r->dirs);
  ipg_map_init(&r->zips);
  ipg_map_init(&r->six);
  ipg_buf_init(&r->scratch);
  if (setup(r)) {
    ipg_resolver_free(r);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  *out = r;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

void ipg_resolver_free(ipg_resolver *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->dirs.cap; i++)
    if (r->dirs.slots[i].key)
      ipg_map_free(&((ipg_dir *)r->dirs.slots[i].value)->entries);
  for (size_t i = 0; i < r->zips.cap; i++)
    if (r->zips.slots[i].key)
      ipg_zip_free(r->zips.slots[i].value);
  ipg_map_free(&r->modules);
  ipg_map_free(&r->entries);
  ipg_map_free(&r->dirs);
  ipg_map_free(&r->zips);
  ipg_map_free(&r->six);
  ipg_buf_free(&r->scratch);
  ipg_arena_free(&r->arena);
  free(r);
}

const ipg_probe *ipg_resolver_probe(const ipg_resolver *r) {
  return r ? r->probe : NULL;
}

/* ---- records ---- */

static ipg_module *new_module(ipg_resolver *r, const char *name,
                              const ipg_module *parent) {
  ipg_module *m = ipg_arena_alloc(&r->arena, sizeof *m);
  if (!m)
    return NULL;
  memset(m, 0, sizeof *m);
  m->name = ipg_arena_strdup(&r->arena, name);
  m->parent = parent;
  return m->name ? m : NULL;
}

static ipg_module *missing(ipg_resolver *r, const char *name,
                           const ipg_module *parent, const char *reason) {
  ipg_module *m = new_module(r, name, parent);
  if (m && !(m->reason = ipg_arena_strdup(&r->arena, reason)))
    return NULL;
  return m;
}

static bool set_search_path(ipg_resolver *r, ipg_module *m,
                            const char *const *dirs, size_t count) {
  const char **copy =
      ipg_arena_alloc(&r->arena, (count ? count : 1) * sizeof *copy);
  if (!copy)
    return false;
  if (count)
    memcpy(copy, dirs, count * sizeof *copy);
  m->search_path = copy;
  m->search_path_count = count;
  return true;
}

static ipg_module *from_find(ipg_resolver *r, const char *name,
                             const ipg_module *parent, const ipg_find_result *f,
                             const char *entry, ipg_module_via via) {
  ipg_module *m = new_module(r, name, parent);
  if (!m)
    return NULL;
  m->kind = f->kind;
  m->file_kind = f->file_kind;
  m->is_package = f->is_package;
  m->path = f->path;
  m->archive = f->archive;
  m->entry = entry;
  m->via = via;
  if (f->is_package && !set_search_path(r, m, &f->package_dir, 1))
    return NULL;
  return m;
}

/* ---- meta path ---- */

static const char *tail_of(const char *name) {
  const char *dot = strrchr(name, '.');
  return dot ? dot + 1 : name;
}

/* Namespace portions collected while scanning a path. */
typedef struct portions {
  ipg_vec dirs; /* const char * */
  const char *first_entry;
} portions;

static int add_portions(portions *ns, const char *entry,
                        const char *const *dirs, size_t count) {
  if (!ns->first_entry)
    ns->first_entry = entry;
  for (size_t i = 0; i < count; i++) {
    const char **slot = ipg_vec_push(&ns->dirs);
    if (!slot)
      return IMPGRAPH_ENOMEM;
    *slot = dirs[i];
  }
  return IMPGRAPH_OK;
}

/* The editable namespace finder answers only for names in NAMESPACES. */
static int find_in_placeholder(const ipg_path_entry *pe, const char *name,
                               portions *ns) {
  const ipg_editable_finder *f = pe->editable;
  for (size_t i = 0; i < f->namespace_count; i++) {
    const ipg_editable_namespace *e = &f->namespaces[i];
    if (strcmp(e->name, name) != 0)
      continue;
    if (e->path_count)
      return add_portions(ns, pe->entry, e->paths, e->path_count);
    for (size_t k = 0; k < f->mapping_count; k++)
      if (strcmp(f->mapping_names[k], name) == 0)
        return add_portions(ns, pe->entry, &f->mapping_paths[k], 1);
    return add_portions(ns, pe->entry, &f->path_placeholder, 1);
  }
  return IMPGRAPH_OK;
}

/* PathFinder.find_spec over `path`: the first module or regular package
   wins; otherwise namespace portions from every entry, in order. */
static int path_find(ipg_resolver *r, const char *name,
                     const ipg_module *parent, const char *const *path,
                     size_t path_count, ipg_module **out) {
  portions ns = {.first_entry = NULL};
  ipg_vec_init(&ns.dirs, sizeof(const char *));
  int rc = IMPGRAPH_OK;
  const char *tail = tail_of(name);
  for (size_t i = 0; !rc && !*out && i < path_count; i++) {
    ipg_path_entry *pe = ipg_resolver_entry(r, path[i]);
    ipg_find_result f;
    memset(&f, 0, sizeof f);
    if (!pe) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
    if (pe->kind == IPG_ENTRY_DIR)
      rc = ipg_find_in_dir(r, pe->dir, tail, &f);
    else if (pe->kind == IPG_ENTRY_ZIP)
      rc = ipg_find_in_zip(r, pe, tail, &f);
    else if (pe->kind == IPG_ENTRY_EDITABLE_NS)
      rc = find_in_placeholder(pe, name, &ns);
    if (rc)
      break;
    if (f.kind != IPG_MODULE_MISSING) {
      *out = from_find(r, name, parent, &f, pe->entry,
                       pe->kind == IPG_ENTRY_ZIP ? IPG_VIA_ZIP : IPG_VIA_PATH);
      rc = *out ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
    } else if (f.namespace_portion) {
      rc = add_portions(&ns, pe->entry, &f.package_dir, 1);
    }
  }
  if (!rc && !*out && ns.dirs.len) {
    ipg_module *m = new_module(r, name, parent);
    if (!m || !set_search_path(r, m, ns.dirs.data, ns.dirs.len)) {
      rc = IMPGRAPH_ENOMEM;
    } else {
      m->kind = IPG_MODULE_NAMESPACE;
      m->is_package = true;
      m->entry = ns.first_entry;
      m->via = IPG_VIA_PATH;
      *out = m;
    }
  }
  ipg_vec_free(&ns.dirs);
  return rc;
}

static bool exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* pathlib's with_suffix(): replaces the last component's suffix. */
static char *with_suffix(ipg_arena *arena, const char *path,
                         const char *suffix) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t keep = dot && dot > base ? (size_t)(dot - path) : strlen(path);
  return ipg_arena_printf(arena, "%.*s%s", (int)keep, path, suffix);
}

/* _EditableFinder._find_spec(): <path>/__init__.py, else <path> with each
   of importlib.machinery.all_suffixes() (source, bytecode, extension). */
static int editable_spec(ipg_resolver *r, const ipg_editable_finder *f,
                         const char *name, const ipg_module *parent,
                         const char *target, ipg_module **out) {
  const ipg_probe *p = r->probe;
  ipg_find_result found;
  memset(&found, 0, sizeof found);
  char *init = ipg_path_join(&r->arena, target, "__init__.py");
  if (!init)
    return IMPGRAPH_ENOMEM;
  if (exists(init)) {
    found.kind = IPG_MODULE_PACKAGE;
    found.file_kind = IPG_MODULE_SOURCE;
    found.is_package = true;
    found.path = init;
    found.package_dir = target;
  }
  const ipg_strlist *lists[] = {&p->source_suffixes, &p->bytecode_suffixes,
                                &p->extension_suffixes};
  const ipg_module_kind kinds[] = {IPG_MODULE_SOURCE, IPG_MODULE_BYTECODE,
                                   IPG_MODULE_EXTENSION};
  for (size_t l = 0; !found.kind && l < 3; l++) {
    for (size_t i = 0; !found.kind && i < lists[l]->count; i++) {
      char *candidate = with_suffix(&r->arena, target, lists[l]->items[i]);
      if (!candidate)
        return IMPGRAPH_ENOMEM;
      if (exists(candidate)) {
        found.kind = found.file_kind = kinds[l];
        found.path = candidate;
      }
    }
  }
  if (found.kind) {
    *out = from_find(r, name, parent, &found, f->file, IPG_VIA_EDITABLE);
    return *out ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  }
  return IMPGRAPH_OK;
}

static const char *mapped_path(const ipg_editable_finder *f, const char *name) {
  for (size_t k = 0; k < f->mapping_count; k++)
    if (strcmp(f->mapping_names[k], name) == 0)
      return f->mapping_paths[k];
  return NULL;
}

/* The editable finders, in sys.meta_path order after PathFinder:
   _EditableFinder.find_spec() of setuptools >= 69 (older versions differ
   only for names that PathFinder has already found through the parent's
   __path__). */
static int editable_find(ipg_resolver *r, const char *name,
                         const ipg_module *parent, ipg_module **out) {
  int rc = ipg_resolver_load_editable(r);
  for (size_t i = 0; !rc && !*out && i < r->editable_count; i++) {
    const ipg_editable_finder *f = &r->editable[i];
    const char *target = mapped_path(f, name);
    if (target) {
      /* A mapped name that is not there: this finder returns None. */
      rc = editable_spec(r, f, name, parent, target, out);
      continue;
    }
    /* Immediate children of a mapped package: PathFinder on its path. */
    target = parent ? mapped_path(f, parent->name) : NULL;
    if (target) {
      rc = path_find(r, name, parent, &target, 1, out);
      if (!rc && *out)
        (*out)->via = IPG_VIA_EDITABLE;
    }
  }
  return rc;
}

static bool valid_name(const char *name) {
  if (!*name || name[0] == '.')
    return false;
  for (const char *p = name; *p; p++) {
    if (*p == '/' || (*p == '.' && (p[1] == '.' || p[1] == '\0')))
      return false;
  }
  return true;
}

/* Whether `name`, a child of a module that is not a package, is put into
   sys.modules by that module's C code when it is imported (pyexpat.errors):
   then `import pyexpat.errors` finds it there once the parent is loaded,
   although no finder could. Standard-library extension and builtin modules
   of CPython only (the table's, ipg_native_registers). */
static bool registered_by_parent(const ipg_resolver *r, const char *name,
                                 const ipg_module *parent) {
  const ipg_probe *p = r->probe;
  /* Extension and builtin modules (their C code), and Python modules of
     the standard library whose code registers a computed key (typing puts
     typing.io there). */
  if (parent->kind != IPG_MODULE_EXTENSION && parent->kind != IPG_MODULE_BUILTIN &&
      parent->kind != IPG_MODULE_SOURCE && parent->kind != IPG_MODULE_FROZEN)
    return false;
  if (p->stdlib_source != IPG_STDLIB_UNKNOWN) {
    const ipg_module *top = parent;
    while (top->parent)
      top = top->parent;
    if (!ipg_strlist_contains(&p->stdlib, top->name))
      return false;
  }
  return ipg_native_applies(p) &&
         ipg_native_registers(parent->name, name, p->version_major, p->version_minor);
}

/* ---- six's meta path importer (six.c) ---- */

/* The importer read from six module `m` (a plain source module whose text
   is six's), read once per path; NULL when m is not six (or on ENOMEM,
   *failed set). */
static const ipg_six_importer *six_importer(ipg_resolver *r, const ipg_module *m, bool *failed) {
  if (m->kind != IPG_MODULE_SOURCE || m->is_package || !m->path || m->archive || m->alias_of)
    return NULL;
  ipg_six_importer *six = ipg_map_get(&r->six, m->path);
  if (!six) {
    six = ipg_arena_alloc(&r->arena, sizeof *six);
    const char *key = ipg_arena_strdup(&r->arena, m->path);
    if (!six || !key) {
      *failed = true;
      return NULL;
    }
    memset(six, 0, sizeof *six);
    char *text = NULL;
    size_t len = 0;
    if (ipg_read_file(m->path, &text, &len, NULL) == IMPGRAPH_OK) {
      const ipg_probe *p = r->probe;
      ipg_six_env env = {.module_name = m->name,
                         .platform = p->platform,
                         .version_major = p->version_major,
                         .version_minor = p->version_minor};
      *failed = ipg_six_parse(six, &r->arena, text, len, &env) == IMPGRAPH_ENOMEM;
      free(text);
    }
    if (*failed || ipg_map_put(&r->six, key, six)) {
      *failed = true;
      return NULL;
    }
  }
  return six->recognised ? six : NULL;
}

/* The six module above a module six serves (or `m` itself when it is
   six) and its importer; NULL when neither. */
static const ipg_six_importer *six_serving(ipg_resolver *r, const ipg_module *m,
                                           const ipg_module **six_module, bool *failed) {
  while (m && m->via == IPG_VIA_SIX)
    m = m->parent;
  *six_module = m;
  return m ? six_importer(r, m, failed) : NULL;
}

/* "No module named 'six.moves.winreg'", and when one of six's lists has
   the name under a condition that is false here, that condition. */
static char *absent_move_reason(ipg_resolver *r, const char *name, const ipg_module *parent,
                                const ipg_module *six_module, const ipg_six_importer *six) {
  const ipg_six_served *home =
      parent != six_module ? ipg_six_find_served(six, parent->name + strlen(six_module->name) + 1)
                           : NULL;
  const ipg_six_list *list = home ? home->attributes : NULL;
  const char *tail = tail_of(name);
  for (size_t i = 0; list && i < list->count; i++) {
    const ipg_six_move *m = &list->moves[i];
    if (m->state == IPG_SIX_ABSENT && m->condition && strcmp(m->name, tail) == 0)
      return ipg_arena_printf(&r->arena,
                              "No module named '%s' (six adds '%s' only if %s: %s:%u)", name,
                              tail, m->condition, six_module->path, m->line);
  }
  return ipg_arena_printf(&r->arena, "No module named '%s'", name);
}

/* six makes itself a package (`__path__ = []`) and its importer, last on
   sys.meta_path, serves its known modules: below six, nothing else finds
   anything. */
static int six_find(ipg_resolver *r, const char *name, const ipg_module *parent,
                    const ipg_module *six_module, const ipg_six_importer *six, ipg_module **out) {
  const char *rel = name + strlen(six_module->name) + 1;
  const ipg_six_served *served = ipg_six_find_served(six, rel);
  if (served && served->state == IPG_SIX_PRESENT) {
    *out = new_module(r, name, parent);
    if (!*out)
      return IMPGRAPH_ENOMEM;
    (*out)->kind = IPG_MODULE_REGISTERED;
    (*out)->via = IPG_VIA_SIX;
    (*out)->entry = six_module->path;
    (*out)->is_package = served->is_package;
    return served->is_package && !set_search_path(r, *out, NULL, 0) ? IMPGRAPH_ENOMEM
                                                                    : IMPGRAPH_OK;
  }
  char *reason =
      served ? ipg_arena_printf(&r->arena,
                                "No module named '%s' unless %s (six %s:%u; not decided here)",
                                name, served->moved->condition ? served->moved->condition
                                                               : "a condition holds",
                                six_module->path, served->moved->line)
             : absent_move_reason(r, name, parent, six_module, six);
  *out = reason ? missing(r, name, parent, reason) : NULL;
  if (*out)
    (*out)->undecided = served || !six->complete;
  return *out ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

/* _find_and_load_unlocked for one name whose parent is already resolved. */
static int find_one(ipg_resolver *r, const char *name, const ipg_module *parent,
                    ipg_module **out) {
  const ipg_probe *p = r->probe;
  *out = NULL;
  if (parent && parent->kind == IPG_MODULE_MISSING) {
    char *reason =
        ipg_arena_printf(&r->arena, "parent '%s' not found", parent->name);
    *out = reason ? missing(r, name, parent, reason) : NULL;
    return *out ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  }
  if (parent && !parent->is_package && registered_by_parent(r, name, parent)) {
    *out = new_module(r, name, parent);
    if (*out) {
      (*out)->kind = IPG_MODULE_REGISTERED;
      (*out)->via = IPG_VIA_PARENT;
    }
    return *out ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  }
  const ipg_module *six_module = NULL;
  bool six_failed = false;
  const ipg_six_importer *six = parent ? six_serving(r, parent, &six_module, &six_failed) : NULL;
  if (six_failed)
    return IMPGRAPH_ENOMEM;
  if (six)
    return six_find(r, name, parent, six_module, six, out);
  if (parent && !parent->is_package) {
    char *reason = ipg_arena_printf(
        &r->arena, "No module named '%s'; '%s' is not a package", name,
        parent->name);
    *out = reason ? missing(r, name, parent, reason) : NULL;
    return *out ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  }
  /* BuiltinImporter (before 3.11 it declined whenever a path was given). */
  bool builtin_applies = !parent || p->version_major > 3 ||
                         (p->version_major == 3 && p->version_minor >= 11);
  if (builtin_applies && ipg_strlist_contains(&p->builtins, name)) {
    *out = new_module(r, name, parent);
    if (*out) {
      (*out)->kind = IPG_MODULE_BUILTIN;
      (*out)->via = IPG_VIA_BUILTIN;
    }
    return *out ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  }
  if (ipg_strlist_contains(&p->frozen, name)) {
    *out = new_module(r, name, parent);
    if (!*out)
      return IMPGRAPH_ENOMEM;
    (*out)->kind = IPG_MODULE_FROZEN;
    (*out)->via = IPG_VIA_FROZEN;
    (*out)->is_package = ipg_strlist_contains(&p->frozen_packages, name);
    if ((*out)->is_package && !set_search_path(r, *out, NULL, 0))
      return IMPGRAPH_ENOMEM;
    return IMPGRAPH_OK;
  }
  int rc = parent
               ? path_find(r, name, parent, parent->search_path,
                           parent->search_path_count, out)
               : path_find(r, name, NULL, r->sys_path, r->sys_path_count, out);
  if (!rc && !*out)
    rc = editable_find(r, name, parent, out);
  if (rc || *out)
    return rc;
  if (!parent && p->is_static && !p->builtins_known)
    *out =
        missing(r, name, parent, "not found (static mode: builtins unknown)");
  else {
    char *reason = ipg_arena_printf(&r->arena, "No module named '%s'", name);
    *out = reason ? missing(r, name, parent, reason) : NULL;
  }
  return *out ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

/* A start-up alias (`os.path`, in sys.modules as posixpath): found before
   any finder runs, even though its parent is no package. */
static int find_alias(ipg_resolver *r, const char *name,
                      const ipg_module *parent, const char *target,
                      ipg_module **out) {
  if (r->alias_depth >= 8) {
    *out = missing(r, name, parent, "alias loop in sys.modules");
    return *out ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  }
  const ipg_module *resolved = NULL;
  r->alias_depth++;
  int rc = ipg_resolve(r, target, &resolved, NULL);
  r->alias_depth--;
  if (rc)
    return rc;
  ipg_module *m = new_module(r, name, parent);
  if (!m)
    return IMPGRAPH_ENOMEM;
  const char *saved_name = m->name;
  *m = *resolved;
  m->name = saved_name;
  m->parent = parent;
  m->alias_of = resolved;
  *out = m;
  return IMPGRAPH_OK;
}

int ipg_resolve(ipg_resolver *r, const char *name, const ipg_module **out,
                impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!r || !name || !out)
    return ipg_fail(err, IMPGRAPH_EINVAL, "ipg_resolve: NULL argument");
  ipg_module *m = ipg_map_get(&r->modules, name);
  if (m) {
    *out = m;
    return IMPGRAPH_OK;
  }
  if (!valid_name(name)) {
    m = missing(r, name, NULL, "invalid module name");
    if (!m || ipg_map_put(&r->modules, m->name, m))
      return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
    *out = m;
    return IMPGRAPH_OK;
  }
  /* Parents first, iteratively: "a", "a.b", ..., each memoised. */
  const ipg_module *parent = NULL;
  for (const char *dot = name;; dot++) {
    dot = strchr(dot, '.');
    size_t len = dot ? (size_t)(dot - name) : strlen(name);
    m = ipg_map_getn(&r->modules, name, len);
    if (!m) {
      char *prefix = ipg_arena_strndup(&r->arena, name, len);
      const char *alias = prefix ? ipg_probe_alias(r->probe, prefix) : NULL;
      int rc = !prefix ? IMPGRAPH_ENOMEM
               : alias && strcmp(alias, prefix) != 0
                   ? find_alias(r, prefix, parent, alias, &m)
                   : find_one(r, prefix, parent, &m);
      if (rc || ipg_map_put(&r->modules, m->name, m))
        return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory resolving %s",
                        name);
    }
    parent = m;
    if (!dot)
      break;
  }
  *out = m;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

size_t ipg_module_chain(const ipg_module *module, const ipg_module **out,
                        size_t cap) {
  size_t depth = 0;
  for (const ipg_module *m = module; m; m = m->parent)
    depth++;
  size_t i = depth;
  for (const ipg_module *m = module; m; m = m->parent)
    if (--i < cap)
      out[i] = m;
  return depth;
}

/* ---- relative imports and from-imports ---- */

static const char *const BEYOND_TOP =
    "attempted relative import beyond top-level package";
static const char *const NO_PARENT =
    "attempted relative import with no known parent package";

int ipg_resolve_relative_name(char **out, const char **problem,
                              const char *importer, bool importer_is_package,
                              const char *module, unsigned level,
                              impgraph_error *err) {
  if (out)
    *out = NULL;
  if (problem)
    *problem = NULL;
  if (!out || !problem || (!module && !level) || (level && !importer))
    return ipg_fail(err, IMPGRAPH_EINVAL,
                    "ipg_resolve_relative_name: missing argument");
  if (!module)
    module = "";
  if (!level) {
    if (!*module)
      return ipg_fail(err, IMPGRAPH_EINVAL, "empty module name");
    *out = strdup(module);
    return *out ? IMPGRAPH_OK : ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  /* __package__: the importer itself when it is a package, else its
     parent. */
  size_t package_len = strlen(importer);
  if (!importer_is_package) {
    const char *dot = strrchr(importer, '.');
    package_len = dot ? (size_t)(dot - importer) : 0;
  }
  if (!package_len) {
    *problem = NO_PARENT;
    return ipg_fail(err, IMPGRAPH_ENOTFOUND, "%s", NO_PARENT);
  }
  /* package.rsplit('.', level - 1) must have `level` parts. */
  size_t base_len = package_len;
  for (unsigned up = 1; up < level; up++) {
    while (base_len && importer[base_len - 1] != '.')
      base_len--;
    if (!base_len) {
      *problem = BEYOND_TOP;
      return ipg_fail(err, IMPGRAPH_ENOTFOUND, "%s", BEYOND_TOP);
    }
    base_len--; /* drop the dot */
  }
  ipg_buf b;
  ipg_buf_init(&b);
  ipg_buf_append(&b, importer, base_len);
  if (*module)
    ipg_buf_printf(&b, ".%s", module);
  *out = ipg_buf_take(&b, NULL);
  return *out ? IMPGRAPH_OK : ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
}

static int six_target(ipg_resolver *r, const char *target, const ipg_module **out,
                      impgraph_error *err) {
  return target ? ipg_resolve(r, target, out, err) : IMPGRAPH_OK;
}

/* An import of a module six serves (out->module): `import six.moves.queue`
   imports the MovedModule's target; `from six.moves import NAME` reads the
   attribute NAME of the lazy module, which imports the move's target, else
   imports the submodule six serves as NAME, else raises ImportError
   (out->missing_name) when six's lists say NAME is not there. */
static int six_import(ipg_resolver *r, ipg_import_resolution *out, const char *from_name,
                      impgraph_error *err) {
  const ipg_module *six_module = NULL;
  bool failed = false;
  const ipg_six_importer *six = six_serving(r, out->module, &six_module, &failed);
  if (failed)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  const ipg_six_served *served =
      six ? ipg_six_find_served(six, out->module->name + strlen(six_module->name) + 1) : NULL;
  if (!served)
    return IMPGRAPH_OK;
  if (!from_name)
    return served->moved ? six_target(r, served->moved->target, &out->moved_target, err)
                         : IMPGRAPH_OK;
  if (strcmp(from_name, "*") == 0)
    return IMPGRAPH_OK;
  const ipg_six_move *move = ipg_six_find_move(served->attributes, from_name);
  if (move)
    return move->state == IPG_SIX_PRESENT ? six_target(r, move->target, &out->moved_target, err)
                                          : IMPGRAPH_OK;
  char *sub = ipg_arena_printf(&r->arena, "%s.%s", out->absolute_name, from_name);
  const ipg_module *m = NULL;
  if (!sub)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  int rc = ipg_resolve(r, sub, &m, err);
  if (rc)
    return rc;
  if (m->kind != IPG_MODULE_MISSING)
    out->submodule = m;
  else if (!m->undecided && served->attributes && served->attributes->complete)
    out->missing_name = m;
  return IMPGRAPH_OK;
}

int ipg_resolve_import(ipg_resolver *r, ipg_import_resolution *out,
                       const char *importer, bool importer_is_package,
                       const char *module, unsigned level,
                       const char *from_name, impgraph_error *err) {
  if (out)
    memset(out, 0, sizeof *out);
  if (!r || !out || (!module && !level))
    return ipg_fail(err, IMPGRAPH_EINVAL, "ipg_resolve_import: NULL argument");
  char *absolute = NULL;
  const char *problem = NULL;
  int rc = ipg_resolve_relative_name(&absolute, &problem, importer,
                                     importer_is_package, module, level, err);
  if (rc == IMPGRAPH_ENOTFOUND && problem) {
    out->problem = problem;
    ipg_ok(err);
    return IMPGRAPH_OK;
  }
  if (rc)
    return rc;
  out->absolute_name = ipg_arena_strdup(&r->arena, absolute);
  free(absolute);
  if (!out->absolute_name)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  rc = ipg_resolve(r, out->absolute_name, &out->module, err);
  if (!rc && out->module->via == IPG_VIA_SIX && out->module->kind == IPG_MODULE_REGISTERED)
    return six_import(r, out, from_name, err);
  if (rc || !from_name || strcmp(from_name, "*") == 0 ||
      !out->module->is_package)
    return rc;
  /* _handle_fromlist: a missing submodule means `name` is an attribute. */
  char *sub =
      ipg_arena_printf(&r->arena, "%s.%s", out->absolute_name, from_name);
  const ipg_module *m = NULL;
  if (!sub)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  rc = ipg_resolve(r, sub, &m, err);
  if (!rc && m->kind != IPG_MODULE_MISSING)
    out->submodule = m;
  return rc;
}
