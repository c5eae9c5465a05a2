/* Path-entry finders: FileFinder over one cached directory listing,
   zipimporter over one cached central directory, and the editable
   namespace placeholder; plus loading setuptools editable finders. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "resolve/resolve_internal.h"

#define PATH_HOOK_SUFFIX ".__path_hook__"

char *ipg_path_join(ipg_arena *arena, const char *dir, const char *name) {
  size_t dir_len = strlen(dir);
  bool slash = dir_len && dir[dir_len - 1] == '/';
  return ipg_arena_printf(arena, "%s%s%s", dir, slash ? "" : "/", name);
}

/* ---- directory listings ---- */

static int dent_type(const struct dirent *d) {
#if defined(DT_REG) && defined(DT_DIR)
  switch (d->d_type) {
  case DT_REG: return IPG_DENT_FILE;
  case DT_DIR: return IPG_DENT_DIR;
  case DT_LNK:
  case DT_UNKNOWN: return IPG_DENT_UNKNOWN;
  default: return IPG_DENT_OTHER;
  }
#else
  (void)d;
  return IPG_DENT_UNKNOWN;
#endif
}

static int read_listing(ipg_arena *arena, ipg_dir *dir) {
  DIR *handle = opendir(dir->path);
  if (!handle)
    return IMPGRAPH_OK; /* exists stays false: no entries */
  dir->exists = true;
  ipg_vec names;
  ipg_vec_init(&names, sizeof(const char *));
  int rc = IMPGRAPH_OK;
  for (struct dirent *d; !rc && (d = readdir(handle));) {
    if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
      continue;
    ipg_dirent *ent = ipg_arena_alloc(arena, sizeof *ent);
    const char **slot = ent ? ipg_vec_push(&names) : NULL;
    if (!slot || !(ent->name = ipg_arena_strdup(arena, d->d_name))) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
    ent->type = dent_type(d);
    *slot = ent->name;
    rc = ipg_map_put(&dir->entries, ent->name, ent);
  }
  closedir(handle);
  if (!rc && names.len) {
    qsort(names.data, names.len, sizeof(const char *), ipg_strcmp_ptr);
    dir->sorted = ipg_arena_alloc(arena, names.len * sizeof(const char *));
    if (!dir->sorted)
      rc = IMPGRAPH_ENOMEM;
    else
      memcpy(dir->sorted, names.data, names.len * sizeof(const char *));
    dir->count = names.len;
  }
  ipg_vec_free(&names);
  return rc;
}

ipg_dir *ipg_resolver_dir(ipg_resolver *r, const char *path) {
  ipg_dir *dir = ipg_map_get(&r->dirs, path);
  if (dir)
    return dir;
  dir = ipg_arena_alloc(&r->arena, sizeof *dir);
  if (!dir)
    return NULL;
  memset(dir, 0, sizeof *dir);
  ipg_map_init(&dir->entries);
  dir->path = ipg_arena_strdup(&r->arena, path);
  /* Registered before reading so that ipg_resolver_free frees its map. */
  if (!dir->path || ipg_map_put(&r->dirs, dir->path, dir))
    return NULL;
  if (read_listing(&r->arena, dir))
    return NULL;
  return dir;
}

static int entry_type(ipg_dir *dir, const char *name) {
  ipg_dirent *ent = ipg_map_get(&dir->entries, name);
  if (!ent)
    return -1;
  if (ent->type == IPG_DENT_UNKNOWN) {
    ipg_buf path;
    ipg_buf_init(&path);
    ipg_buf_printf(&path, "%s/%s", dir->path, name);
    struct stat st;
    if (path.failed || stat(path.data, &st) != 0)
      ent->type = IPG_DENT_OTHER; /* dangling symlink */
    else
      ent->type = S_ISREG(st.st_mode)   ? IPG_DENT_FILE
                  : S_ISDIR(st.st_mode) ? IPG_DENT_DIR
                                        : IPG_DENT_OTHER;
    ipg_buf_free(&path);
  }
  return ent->type;
}

bool ipg_dir_isfile(ipg_dir *dir, const char *name) {
  return entry_type(dir, name) == IPG_DENT_FILE;
}

bool ipg_dir_isdir(ipg_dir *dir, const char *name) {
  return entry_type(dir, name) == IPG_DENT_DIR;
}

/* ---- path entries (sys.path_importer_cache) ---- */

static bool allow_zip64(const ipg_resolver *r) {
  const ipg_probe *p = r->probe;
  return p->version_major > 3 ||
         (p->version_major == 3 && p->version_minor >= 13);
}

static ipg_zip *get_zip(ipg_resolver *r, const char *archive) {
  ipg_zip *zip = ipg_map_get(&r->zips, archive);
  if (zip)
    return zip;
  zip = ipg_arena_alloc(&r->arena, sizeof *zip);
  const char *key = zip ? ipg_arena_strdup(&r->arena, archive) : NULL;
  if (!key)
    return NULL;
  int rc = ipg_zip_read(zip, &r->arena, key, allow_zip64(r), NULL);
  if (rc == IMPGRAPH_ENOMEM || ipg_map_put(&r->zips, key, zip)) {
    ipg_zip_free(zip);
    return NULL;
  }
  return zip;
}

/* zipimporter.__init__: back up path components until something exists;
   it must be a regular file. */
static int classify_zip(ipg_resolver *r, ipg_path_entry *pe) {
  char *path = ipg_arena_strdup(&r->arena, pe->entry);
  if (!path)
    return IMPGRAPH_ENOMEM;
  char *prefix_start = NULL; /* where the prefix begins in pe->entry */
  struct stat st;
  while (stat(path, &st) != 0) {
    char *slash = strrchr(path, '/');
    if (!slash || slash == path)
      return IMPGRAPH_OK;
    *slash = '\0';
    prefix_start = (char *)pe->entry + (slash - path) + 1;
  }
  if (!S_ISREG(st.st_mode))
    return IMPGRAPH_OK;
  ipg_zip *zip = get_zip(r, path);
  if (!zip)
    return IMPGRAPH_ENOMEM;
  if (!zip->readable)
    return IMPGRAPH_OK;
  pe->kind = IPG_ENTRY_ZIP;
  pe->zip = zip;
  /* Like zipimport's _path_join of the backed-up parts: no trailing
     separator, then exactly one. */
  size_t prefix_len = prefix_start ? strlen(prefix_start) : 0;
  while (prefix_len && prefix_start[prefix_len - 1] == '/')
    prefix_len--;
  pe->zip_prefix = prefix_len ? ipg_arena_printf(&r->arena, "%.*s/",
                                                 (int)prefix_len, prefix_start)
                              : "";
  return pe->zip_prefix ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

static int classify_placeholder(ipg_resolver *r, ipg_path_entry *pe) {
  size_t len = strlen(pe->entry), suffix = strlen(PATH_HOOK_SUFFIX);
  if (len <= suffix || strcmp(pe->entry + len - suffix, PATH_HOOK_SUFFIX))
    return IMPGRAPH_OK;
  int rc = ipg_resolver_load_editable(r);
  for (size_t i = 0; !rc && i < r->editable_count; i++) {
    const ipg_editable_finder *f = &r->editable[i];
    if (f->path_placeholder && strcmp(f->path_placeholder, pe->entry) == 0) {
      pe->kind = IPG_ENTRY_EDITABLE_NS;
      pe->editable = f;
      break;
    }
  }
  return rc;
}

ipg_path_entry *ipg_resolver_entry(ipg_resolver *r, const char *entry) {
  ipg_path_entry *pe = ipg_map_get(&r->entries, entry);
  if (pe)
    return pe;
  pe = ipg_arena_alloc(&r->arena, sizeof *pe);
  if (!pe)
    return NULL;
  memset(pe, 0, sizeof *pe);
  pe->entry = ipg_arena_strdup(&r->arena, entry);
  if (!pe->entry)
    return NULL;
  struct stat st;
  int rc = IMPGRAPH_OK;
  if (stat(entry, &st) == 0 && S_ISDIR(st.st_mode)) {
    pe->kind = IPG_ENTRY_DIR;
    pe->dir = ipg_resolver_dir(r, entry);
    rc = pe->dir ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  } else {
    rc = classify_zip(r, pe);
    if (!rc && pe->kind == IPG_ENTRY_NONE)
      rc = classify_placeholder(r, pe);
  }
  if (rc || ipg_map_put(&r->entries, pe->entry, pe))
    return NULL;
  return pe;
}

/* ---- FileFinder.find_spec ---- */

/* A name built in the resolver's scratch buffer (valid until reused). */
static const char *scratch2(ipg_resolver *r, const char *a, const char *b) {
  r->scratch.len = 0;
  ipg_buf_puts(&r->scratch, a);
  ipg_buf_puts(&r->scratch, b);
  return r->scratch.failed ? NULL : r->scratch.data;
}

int ipg_find_in_dir(ipg_resolver *r, ipg_dir *dir, const char *tail,
                    ipg_find_result *out) {
  memset(out, 0, sizeof *out);
  const char *base = NULL;
  bool is_namespace = false;
  if (ipg_map_get(&dir->entries, tail) && ipg_dir_isdir(dir, tail)) {
    base = ipg_path_join(&r->arena, dir->path, tail);
    ipg_dir *sub = base ? ipg_resolver_dir(r, base) : NULL;
    if (!sub)
      return IMPGRAPH_ENOMEM;
    for (size_t i = 0; i < r->loader_count; i++) {
      const char *init = scratch2(r, "__init__", r->loaders[i].suffix);
      if (!init)
        return IMPGRAPH_ENOMEM;
      if (ipg_dir_isfile(sub, init)) {
        out->kind = IPG_MODULE_PACKAGE;
        out->file_kind = r->loaders[i].kind;
        out->is_package = true;
        out->package_dir = base;
        out->path = ipg_path_join(&r->arena, base, init);
        return out->path ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
      }
    }
    is_namespace = true;
  }
  for (size_t i = 0; i < r->loader_count; i++) {
    const char *file = scratch2(r, tail, r->loaders[i].suffix);
    if (!file)
      return IMPGRAPH_ENOMEM;
    if (ipg_dir_isfile(dir, file)) {
      out->kind = out->file_kind = r->loaders[i].kind;
      out->path = ipg_path_join(&r->arena, dir->path, file);
      return out->path ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
    }
  }
  if (is_namespace) {
    out->namespace_portion = true;
    out->package_dir = base;
  }
  return IMPGRAPH_OK;
}

/* ---- zipimporter.find_spec ---- */

static bool zip_has(const ipg_zip *zip, const char *modpath, const char *suffix,
                    ipg_buf *tmp) {
  tmp->len = 0;
  ipg_buf_puts(tmp, modpath);
  ipg_buf_puts(tmp, suffix);
  return !tmp->failed && ipg_map_get(&zip->names, tmp->data) != NULL;
}

int ipg_find_in_zip(ipg_resolver *r, const ipg_path_entry *pe, const char *tail,
                    ipg_find_result *out) {
  /* zipimport's _zip_searchorder: packages first, bytecode before source. */
  static const struct {
    const char *suffix;
    const char *source_twin; /* prefer the source when both are stored */
    bool package;
  } order[] = {{"/__init__.pyc", "/__init__.py", true},
               {"/__init__.py", NULL, true},
               {".pyc", ".py", false},
               {".py", NULL, false}};
  memset(out, 0, sizeof *out);
  const ipg_zip *zip = pe->zip;
  char *modpath = ipg_arena_printf(&r->arena, "%s%s", pe->zip_prefix, tail);
  if (!modpath)
    return IMPGRAPH_ENOMEM;
  ipg_buf tmp;
  ipg_buf_init(&tmp);
  int rc = IMPGRAPH_OK;
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
    if (!zip_has(zip, modpath, order[i].suffix, &tmp))
      continue;
    const char *suffix = order[i].suffix;
    out->file_kind = IPG_MODULE_BYTECODE;
    if (!order[i].source_twin)
      out->file_kind = IPG_MODULE_SOURCE;
    else if (zip_has(zip, modpath, order[i].source_twin, &tmp)) {
      suffix = order[i].source_twin;
      out->file_kind = IPG_MODULE_SOURCE;
    }
    out->kind = order[i].package ? IPG_MODULE_PACKAGE : out->file_kind;
    out->is_package = order[i].package;
    out->archive = zip->archive;
    out->path =
        ipg_arena_printf(&r->arena, "%s/%s%s", zip->archive, modpath, suffix);
    if (order[i].package)
      out->package_dir =
          ipg_arena_printf(&r->arena, "%s/%s", zip->archive, modpath);
    if (!out->path || (order[i].package && !out->package_dir))
      rc = IMPGRAPH_ENOMEM;
    ipg_buf_free(&tmp);
    return rc;
  }
  if (zip_has(zip, modpath, "/", &tmp)) {
    out->namespace_portion = true;
    out->archive = zip->archive;
    out->package_dir =
        ipg_arena_printf(&r->arena, "%s/%s", zip->archive, modpath);
    rc = out->package_dir ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  }
  if (tmp.failed)
    rc = IMPGRAPH_ENOMEM;
  ipg_buf_free(&tmp);
  return rc;
}

/* ---- editable finders ---- */

static int load_finder(ipg_resolver *r, ipg_vec *finders, const char *dir,
                       const char *module) {
  for (size_t i = 0; i < finders->len; i++)
    if (strcmp(((ipg_editable_finder *)ipg_vec_at(finders, i))->module,
               module) == 0)
      return IMPGRAPH_OK; /* importing a module twice runs it once */
  char *file = ipg_arena_printf(&r->arena, "%s/%s.py", dir, module);
  if (!file)
    return IMPGRAPH_ENOMEM;
  char *text = NULL;
  size_t len = 0;
  if (ipg_read_file(file, &text, &len, NULL) != IMPGRAPH_OK)
    return IMPGRAPH_OK; /* the .pth import fails at start-up too */
  ipg_editable_finder finder;
  int rc = ipg_editable_parse(&finder, &r->arena, text, len);
  free(text);
  if (rc == IMPGRAPH_ENOTFOUND)
    return IMPGRAPH_OK;
  if (rc)
    return rc;
  finder.module = module;
  finder.file = file;
  ipg_editable_finder *slot = ipg_vec_push(finders);
  if (!slot)
    return IMPGRAPH_ENOMEM;
  *slot = finder;
  return IMPGRAPH_OK;
}

static bool is_pth_name(const char *name) {
  size_t len = strlen(name);
  return name[0] != '.' && len > 4 && strcmp(name + len - 4, ".pth") == 0;
}

/* site.addsitedir(): the directory's .pth files in sorted order. */
static int scan_site_dir(ipg_resolver *r, ipg_vec *finders, ipg_dir *dir) {
  ipg_vec modules;
  ipg_vec_init(&modules, sizeof(const char *));
  int rc = IMPGRAPH_OK;
  for (size_t i = 0; !rc && i < dir->count; i++) {
    if (!is_pth_name(dir->sorted[i]) || !ipg_dir_isfile(dir, dir->sorted[i]))
      continue;
    char *path = ipg_path_join(&r->arena, dir->path, dir->sorted[i]);
    char *text = NULL;
    size_t len = 0;
    if (!path)
      rc = IMPGRAPH_ENOMEM;
    else if (ipg_read_file(path, &text, &len, NULL) != IMPGRAPH_OK)
      continue;
    modules.len = 0;
    if (!rc)
      rc = ipg_pth_editable_modules(&modules, &r->arena, text, len);
    free(text);
    for (size_t m = 0; !rc && m < modules.len; m++)
      rc = load_finder(r, finders, dir->path,
                       *(const char **)ipg_vec_at(&modules, m));
  }
  ipg_vec_free(&modules);
  return rc;
}

int ipg_resolver_load_editable(ipg_resolver *r) {
  if (r->editable_loaded)
    return IMPGRAPH_OK;
  r->editable_loaded = true;
  ipg_vec finders;
  ipg_vec_init(&finders, sizeof(ipg_editable_finder));
  int rc = IMPGRAPH_OK;
  for (size_t i = 0; !rc && i < r->sys_path_count; i++) {
    struct stat st;
    if (stat(r->sys_path[i], &st) != 0 || !S_ISDIR(st.st_mode))
      continue;
    ipg_dir *dir = ipg_resolver_dir(r, r->sys_path[i]);
    rc = dir ? scan_site_dir(r, &finders, dir) : IMPGRAPH_ENOMEM;
  }
  if (!rc && finders.len) {
    r->editable = ipg_arena_alloc(&r->arena, finders.len * sizeof *r->editable);
    if (r->editable) {
      memcpy(r->editable, finders.data, finders.len * sizeof *r->editable);
      r->editable_count = finders.len;
    } else {
      rc = IMPGRAPH_ENOMEM;
    }
  }
  ipg_vec_free(&finders);
  if (rc)
    r->editable_loaded = false;
  return rc;
}
