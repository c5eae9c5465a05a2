/* NATIVE edges of extension modules outside the standard library: what
 * their init code imports, read once from the binary when the module is
 * queued (build.c's native queue), by the signatures of the code
 * generators that made it (resolve/binary.c: Cython's `cython_runtime` and
 * `_cython_<version>`, mypyc's group library). Modules the code creates
 * with no file are REGISTERED nodes; imported ones are resolved normally.
 * A binary that cannot be read, or is not a whole shared object, is a
 * warning (`unreadable`) and gives no edge. A mypyc shim with its `.py`
 * beside it gets that as its source, to be expanded (mypyc_source).
 */
#include <string.h>
#include <sys/stat.h>

#include "graph/build.h"

#define NONE SIZE_MAX

static bool ends_with(const char *s, const char *suffix) {
  size_t len = strlen(s), suffix_len = strlen(suffix);
  return suffix_len <= len && strcmp(s + len - suffix_len, suffix) == 0;
}

/* A package whose `__init__` is an extension file (mypyc compiles them). */
static bool extension_package(const ipg_builder *b, const ipg_bnode *n) {
  const ipg_strlist *suffixes = &b->g->probe->extension_suffixes;
  for (size_t i = 0; i < suffixes->count; i++)
    if (ends_with(n->path, suffixes->items[i]))
      return true;
  return false;
}

bool ipg_builder_reads_binary(const ipg_builder *b, const ipg_bnode *n) {
  if (!n->path || n->origin == IMPGRAPH_ORIGIN_STDLIB)
    return false;
  return n->kind == IMPGRAPH_MODULE_EXTENSION ||
         (n->kind == IMPGRAPH_MODULE_PACKAGE && extension_package(b, n));
}

/* The node of a module created by C code, with no file. A node of that
   name already missing (an import of it resolved earlier) becomes
   registered too, so that the result does not depend on which came first;
   one found as a real module (a file of that name) stays what it is. */
static int registered_node(ipg_builder *b, const char *name, size_t *out) {
  void *v = ipg_map_get(&b->ids, name);
  if (v) {
    *out = (size_t)(uintptr_t)v - 1;
  } else {
    int rc = ipg_builder_new_node(b, name, out);
    if (rc)
      return rc;
  }
  ipg_bnode *n = IPG_BNODE(b, *out);
  if (v && n->kind != IMPGRAPH_MODULE_MISSING)
    return IMPGRAPH_OK;
  const ipg_probe *p = b->g->probe;
  n->kind = IMPGRAPH_MODULE_REGISTERED;
  n->origin = p->stdlib_source != IPG_STDLIB_UNKNOWN && ipg_strlist_contains(&p->stdlib, name)
                  ? IMPGRAPH_ORIGIN_STDLIB
                  : IMPGRAPH_ORIGIN_THIRD_PARTY;
  n->reason = NULL;
  n->not_found = false;
  n->is_package = false;
  n->expandable = false;
  return IMPGRAPH_OK;
}

/* A mypyc-compiled module runs, when imported, the module-level code of
   the source it was compiled from, so it imports what that imports; mypyc
   packages (mypy, black, charset_normalizer) ship the `.py` beside each
   binary. The source is `<stem>.py` in the binary's directory, `<stem>`
   the last part of the module's name (`__init__` for a package): the file
   FileFinder would have loaded had the binary not been there. Only for a
   shim mypyc made (its signature found): a `.py` beside a C or Cython
   extension is not necessarily what the binary runs. */
static int mypyc_source(ipg_builder *b, size_t id) {
  ipg_bnode *n = IPG_BNODE(b, id);
  const char *slash = strrchr(n->path, '/');
  const char *dot = strrchr(n->name, '.');
  const char *stem = n->kind == IMPGRAPH_MODULE_PACKAGE ? "__init__" : dot ? dot + 1 : n->name;
  size_t dir_len = slash ? (size_t)(slash - n->path) + 1 : 0;
  ipg_buf source;
  ipg_buf_init(&source);
  ipg_buf_printf(&source, "%.*s%s.py", (int)dir_len, n->path, stem);
  if (source.failed) {
    ipg_buf_free(&source);
    return IMPGRAPH_ENOMEM;
  }
  struct stat st;
  int rc = IMPGRAPH_OK;
  if (stat(source.data, &st) == 0 && S_ISREG(st.st_mode)) {
    n->source = ipg_arena_strdup(&b->g->arena, source.data);
    n->expandable = n->source != NULL;
    rc = n->source ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
  }
  ipg_buf_free(&source);
  return rc;
}

int ipg_builder_binary_edges(ipg_builder *b, size_t id) {
  const char *name = IPG_BNODE(b, id)->name, *path = IPG_BNODE(b, id)->path;
  ipg_binary_imports found;
  impgraph_error err;
  int rc = ipg_binary_imports_read(&found, &b->g->arena, path, name, &err);
  if (rc == IMPGRAPH_EIO)
    return ipg_builder_diag(b, IMPGRAPH_SEVERITY_WARNING, "unreadable", path, 0, 0,
                            "extension module %s: %s (what its init code imports is not "
                            "followed)",
                            name, err.message);
  if (!rc && found.generator && strcmp(found.generator, "mypyc") == 0)
    rc = mypyc_source(b, id);
  for (size_t k = 0; !rc && k < found.count; k++) {
    const ipg_binary_import *imp = &found.items[k];
    size_t to = NONE;
    if (imp->how == IPG_NATIVE_REGISTER) {
      rc = registered_node(b, imp->name, &to);
    } else {
      const ipg_module *m = NULL;
      if (!(rc = ipg_resolve(b->resolver, imp->name, &m, NULL)))
        rc = ipg_builder_node_of(b, m, &to);
    }
    if (!rc && to != id) {
      ipg_bedge e = {
          .from = id, .to = to, .kind = IMPGRAPH_EDGE_NATIVE, .import_index = NONE, .sub = k};
      rc = ipg_builder_add_edge(b, &e);
    }
  }
  return rc;
}
