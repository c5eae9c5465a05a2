/* unit.native — the imports made by the standard library's C code: the
   generated table (resolve/native_imports.c) and its lookup by version, the
   resolver finding modules that an extension registers in sys.modules
   (pyexpat.errors), and NATIVE edges in graphs of tests/data/native/ built
   with static and parsed probes (a fake lib/python3.11 with empty
   extension files), so that every result is deterministic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "graph/graph.h"
#include "project/project.h"
#include "resolve/resolve.h"

#define DATA IMPGRAPH_TEST_DATA "/native"
#define STDLIB DATA "/lib/python3.11"
#define DYNLOAD STDLIB "/lib-dynload"
#define PROJ DATA "/proj"

static const char *const EXT_311[] = {".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so"};
static const char *const BUILTINS[] = {"_imp", "builtins", "marshal", "sys"};

/* ---- the table ---- */

static void test_table_is_sorted_and_in_range(void **state) {
  (void)state;
  assert_true(ipg_native_table_count > 0);
  uint32_t covered = IPG_MINORS(ipg_native_first_minor, ipg_native_last_minor);
  for (size_t i = 0; i < ipg_native_table_count; i++) {
    const ipg_native_import *e = &ipg_native_table[i];
    assert_true(e->minors != 0);
    assert_int_equal(e->minors & ~covered, 0);
    /* REGISTER targets are submodules of the module that registers them. */
    if (e->how == IPG_NATIVE_REGISTER) {
      size_t len = strlen(e->module);
      assert_int_equal(strncmp(e->target, e->module, len), 0);
      assert_int_equal(e->target[len], '.');
    }
    if (i == 0)
      continue;
    const ipg_native_import *prev = &ipg_native_table[i - 1];
    int c = strcmp(prev->module, e->module);
    assert_true(c < 0 || (c == 0 && strcmp(prev->target, e->target) < 0));
  }
}

static void test_minor_bits(void **state) {
  (void)state;
  assert_int_equal(IPG_MINOR(7), 1u << 7);
  assert_int_equal(IPG_MINORS(7, 7), IPG_MINOR(7));
  assert_int_equal(IPG_MINORS(9, 11), IPG_MINOR(9) | IPG_MINOR(10) | IPG_MINOR(11));
}

static void test_covered_versions(void **state) {
  (void)state;
  assert_int_equal(ipg_native_first_minor, 7);
  assert_int_equal(ipg_native_last_minor, 13);
  assert_false(ipg_native_covers(3, 6));
  assert_true(ipg_native_covers(3, 7));
  assert_true(ipg_native_covers(3, 11));
  assert_true(ipg_native_covers(3, 13));
  assert_false(ipg_native_covers(3, 14));
  assert_false(ipg_native_covers(2, 7));
  assert_false(ipg_native_covers(4, 11));
}

/* The targets of `module` for 3.minor, comma-joined in buf. */
static const char *targets(const char *module, int minor, char *buf, size_t size) {
  const ipg_native_import *out[16];
  size_t count = ipg_native_imports(module, 3, minor, out, 16);
  assert_true(count <= 16);
  buf[0] = '\0';
  for (size_t i = 0; i < count; i++) {
    assert_string_equal(out[i]->module, module);
    strncat(buf, i ? "," : "", size - strlen(buf) - 1);
    strncat(buf, out[i]->target, size - strlen(buf) - 1);
  }
  return buf;
}

static void test_lookup_by_version(void **state) {
  (void)state;
  char buf[256];
  /* In every covered version. */
  assert_string_equal(targets("_elementtree", 7, buf, sizeof buf),
                      "copy,pyexpat,xml.etree.ElementPath");
  assert_string_equal(targets("_elementtree", 13, buf, sizeof buf),
                      "copy,pyexpat,xml.etree.ElementPath");
  assert_string_equal(targets("pyexpat", 11, buf, sizeof buf), "pyexpat.errors,pyexpat.model");
  /* Entries that hold for some versions only. */
  assert_string_equal(targets("_zoneinfo", 8, buf, sizeof buf), "");
  assert_string_equal(targets("_zoneinfo", 9, buf, sizeof buf),
                      "datetime,io,weakref,zoneinfo._common,zoneinfo._tzpath");
  assert_string_equal(targets("_asyncio", 7, buf, sizeof buf),
                      "asyncio.base_futures,asyncio.base_tasks,asyncio.coroutines,"
                      "asyncio.events,inspect,traceback,weakref");
  assert_string_equal(targets("_asyncio", 8, buf, sizeof buf),
                      "asyncio.base_futures,asyncio.base_tasks,asyncio.coroutines,"
                      "asyncio.events,asyncio.exceptions,traceback,weakref");
  assert_string_equal(targets("parser", 9, buf, sizeof buf), "copyreg");
  assert_string_equal(targets("parser", 10, buf, sizeof buf), "");
  assert_string_equal(targets("_sqlite3", 10, buf, sizeof buf), "");
  assert_string_equal(targets("_sqlite3", 11, buf, sizeof buf), "functools");
  assert_string_equal(targets("array", 9, buf, sizeof buf), "");
  assert_string_equal(targets("array", 10, buf, sizeof buf), "collections.abc");
  /* Outside the table's versions, and modules without entries. */
  assert_string_equal(targets("_elementtree", 6, buf, sizeof buf), "");
  assert_string_equal(targets("_elementtree", 14, buf, sizeof buf), "");
  assert_int_equal(ipg_native_imports("_elementtree", 2, 7, NULL, 0), 0);
  assert_string_equal(targets("_json", 11, buf, sizeof buf), "");
  assert_string_equal(targets("zzz_not_a_module", 11, buf, sizeof buf), "");
  assert_string_equal(targets("", 11, buf, sizeof buf), "");
  assert_int_equal(ipg_native_imports(NULL, 3, 11, NULL, 0), 0);
  /* The count is returned whatever the room. */
  const ipg_native_import *one[1] = {NULL};
  assert_int_equal(ipg_native_imports("_elementtree", 3, 11, one, 1), 3);
  assert_string_equal(one[0]->target, "copy");
  assert_int_equal(ipg_native_imports("_elementtree", 3, 11, NULL, 0), 3);
  /* How. */
  const ipg_native_import *e[3];
  assert_int_equal(ipg_native_imports("_elementtree", 3, 11, e, 3), 3);
  assert_int_equal(e[1]->how, IPG_NATIVE_IMPORT);
  assert_true(ipg_native_registers("pyexpat", "pyexpat.errors", 3, 7));
  assert_true(ipg_native_registers("pyexpat", "pyexpat.model", 3, 13));
  assert_false(ipg_native_registers("pyexpat", "pyexpat.errors", 3, 14));
  assert_false(ipg_native_registers("pyexpat", "pyexpat.other", 3, 11));
  assert_false(ipg_native_registers("_elementtree", "pyexpat", 3, 11)); /* an IMPORT */
  assert_false(ipg_native_registers(NULL, "pyexpat.errors", 3, 11));
}

/* ---- probes ---- */

static ipg_probe *static_probe(const char *version, bool builtin_pyexpat) {
  static const char *const path[] = {STDLIB, DYNLOAD};
  static const char *const with_pyexpat[] = {"_elementtree", "_imp",    "builtins",
                                             "marshal",      "pyexpat", "sys"};
  ipg_probe_static_options o = {.sys_path = path,
                                .sys_path_count = 2,
                                .version = version,
                                .builtins = builtin_pyexpat ? with_pyexpat : BUILTINS,
                                .builtin_count = builtin_pyexpat ? 6 : 4,
                                .extension_suffixes = EXT_311,
                                .extension_suffix_count = 3};
  ipg_probe *probe = NULL;
  assert_int_equal(ipg_probe_static(&probe, &o, NULL), IMPGRAPH_OK);
  return probe;
}

/* As an interpreter reports itself: implementation, version, stdlib list,
   `sys` preloaded. */
static ipg_probe *parsed_probe(const char *implementation, const char *version) {
  char text[2048];
  snprintf(text, sizeof text,
           "impgraph-probe\t1\nversion\t%s\nimplementation\t%s\n"
           "path\t" STDLIB "\npath\t" DYNLOAD "\n"
           "builtin\tsys\nbuiltin\tbuiltins\nbuiltin\t_imp\n"
           "stdlib_source\tsys\nstdlib\txml\nstdlib\tcopy\nstdlib\tcopyreg\n"
           "stdlib\tfunctools\nstdlib\t_compat_pickle\nstdlib\t_elementtree\n"
           "stdlib\tpyexpat\nstdlib\t_pickle\nstdlib\tsys\n"
           "startup_module\tsys\n"
           "source_suffix\t.py\nbytecode_suffix\t.pyc\n"
           "extension_suffix\t.cpython-311-x86_64-linux-gnu.so\nextension_suffix\t.so\n"
           "end\t\n",
           version, implementation);
  ipg_probe *probe = NULL;
  assert_int_equal(ipg_probe_parse(&probe, text, strlen(text), "fixture", NULL), IMPGRAPH_OK);
  return probe;
}

static void test_applies(void **state) {
  (void)state;
  ipg_probe *p = static_probe("3.11", false);
  assert_true(ipg_native_applies(p)); /* static: implementation unknown, CPython assumed */
  ipg_probe_free(p);
  p = static_probe("3.14", false);
  assert_false(ipg_native_applies(p));
  ipg_probe_free(p);
  p = parsed_probe("cpython", "3.12.1");
  assert_true(ipg_native_applies(p));
  ipg_probe_free(p);
  p = parsed_probe("pypy", "3.11.7");
  assert_false(ipg_native_applies(p));
  ipg_probe_free(p);
  assert_false(ipg_native_applies(NULL));
}

/* ---- the resolver: registered modules ---- */

static const ipg_module *resolve(ipg_resolver *r, const char *name) {
  const ipg_module *m = NULL;
  assert_int_equal(ipg_resolve(r, name, &m, NULL), IMPGRAPH_OK);
  return m;
}

static void check_registered(ipg_probe *probe, ipg_module_kind parent_kind) {
  ipg_resolver *r = NULL;
  assert_int_equal(ipg_resolver_new(&r, probe, NULL), IMPGRAPH_OK);
  const ipg_module *m = resolve(r, "pyexpat.errors");
  assert_int_equal(m->kind, IPG_MODULE_REGISTERED);
  assert_int_equal(m->via, IPG_VIA_PARENT);
  assert_string_equal(ipg_module_kind_name(m->kind), "registered");
  assert_null(m->path);
  assert_null(m->reason);
  assert_false(m->is_package);
  assert_non_null(m->parent);
  assert_string_equal(m->parent->name, "pyexpat");
  assert_int_equal(m->parent->kind, parent_kind);
  /* Not every child of pyexpat: only what its C code registers. */
  m = resolve(r, "pyexpat.nothing");
  assert_int_equal(m->kind, IPG_MODULE_MISSING);
  assert_string_equal(m->reason, "No module named 'pyexpat.nothing'; 'pyexpat' is not a package");
  /* Nor below a registered module. */
  m = resolve(r, "pyexpat.errors.x");
  assert_int_equal(m->kind, IPG_MODULE_MISSING);
  ipg_resolver_free(r);
}

static void test_resolver_registered(void **state) {
  (void)state;
  ipg_probe *p = static_probe("3.11", false); /* pyexpat: lib-dynload/pyexpat...so */
  check_registered(p, IPG_MODULE_EXTENSION);
  ipg_probe_free(p);
  p = static_probe("3.11", true); /* pyexpat compiled in, as Debian builds it */
  check_registered(p, IPG_MODULE_BUILTIN);
  ipg_probe_free(p);
  p = parsed_probe("cpython", "3.11.7");
  check_registered(p, IPG_MODULE_EXTENSION);
  ipg_probe_free(p);
}

static void check_not_registered(ipg_probe *probe) {
  ipg_resolver *r = NULL;
  assert_int_equal(ipg_resolver_new(&r, probe, NULL), IMPGRAPH_OK);
  const ipg_module *m = resolve(r, "pyexpat.errors");
  assert_int_equal(m->kind, IPG_MODULE_MISSING);
  assert_string_equal(m->reason, "No module named 'pyexpat.errors'; 'pyexpat' is not a package");
  ipg_resolver_free(r);
  ipg_probe_free(probe);
}

static void test_resolver_not_registered(void **state) {
  (void)state;
  /* Versions the table does not know, other implementations. */
  check_not_registered(static_probe("3.14", false));
  check_not_registered(parsed_probe("pypy", "3.11.7"));
  /* A pyexpat that is not the standard library's. */
  const char *text = "impgraph-probe\t1\nversion\t3.11.7\nimplementation\tcpython\n"
                     "path\t" DYNLOAD "\nbuiltin\tsys\nstdlib_source\tsys\nstdlib\tsys\n"
                     "source_suffix\t.py\nbytecode_suffix\t.pyc\n"
                     "extension_suffix\t.cpython-311-x86_64-linux-gnu.so\nend\t\n";
  ipg_probe *probe = NULL;
  assert_int_equal(ipg_probe_parse(&probe, text, strlen(text), "fixture", NULL), IMPGRAPH_OK);
  check_not_registered(probe);
}

/* ---- graphs ---- */

static impgraph_graph *build(ipg_probe *probe, const char *entry, uint32_t flags) {
  impgraph_graph_options opts = IMPGRAPH_GRAPH_OPTIONS_INIT;
  const char *roots[] = {PROJ};
  const char *entries[] = {entry};
  opts.roots = roots;
  opts.root_count = 1;
  opts.entries = entries;
  opts.entry_count = 1;
  opts.flags = flags;
  opts.jobs = 2;
  impgraph_graph *g = NULL;
  impgraph_error err;
  if (ipg_project_build(&g, probe, &opts, &err))
    fail_msg("build failed: %s", err.message);
  return g;
}

static const impgraph_module *find(const impgraph_graph *g, const char *name) {
  size_t id;
  return impgraph_graph_find(g, name, &id) ? NULL : impgraph_graph_module(g, id);
}

static bool in_startup(const impgraph_graph *g, const char *name) {
  const impgraph_module *m = find(g, name);
  return m && (m->flags & IMPGRAPH_MODULE_IN_STARTUP);
}

/* How many edges of `kind` go from -> to. */
static size_t edges(const impgraph_graph *g, const char *from, const char *to,
                    impgraph_edge_kind kind) {
  size_t f, t, n = 0;
  if (impgraph_graph_find(g, from, &f) || impgraph_graph_find(g, to, &t))
    return 0;
  for (size_t e = 0; e < impgraph_graph_edge_count(g); e++) {
    const impgraph_edge *x = impgraph_graph_edge(g, e);
    n += x->from == f && x->to == t && x->kind == kind;
  }
  return n;
}

static size_t native_edge_count(const impgraph_graph *g) {
  size_t n = 0;
  for (size_t e = 0; e < impgraph_graph_edge_count(g); e++)
    n += impgraph_graph_edge(g, e)->kind == IMPGRAPH_EDGE_NATIVE;
  return n;
}

static bool has_note(const impgraph_graph *g, const char *text) {
  for (size_t i = 0; i < impgraph_graph_diagnostic_count(g); i++) {
    const impgraph_diagnostic *d = impgraph_graph_diagnostic(g, i);
    if (strcmp(d->code, "native-imports") == 0 && strstr(d->message, text))
      return true;
  }
  return false;
}

static size_t note_count(const impgraph_graph *g) {
  size_t n = 0;
  for (size_t i = 0; i < impgraph_graph_diagnostic_count(g); i++)
    n += strcmp(impgraph_graph_diagnostic(g, i)->code, "native-imports") == 0;
  return n;
}

static void check_elementtree_graph(impgraph_graph *g) {
  /* xml.etree.ElementTree -> _elementtree (Python), whose C code imports
     copy, pyexpat and ElementPath; pyexpat's registers two modules. */
  assert_int_equal(edges(g, "_elementtree", "copy", IMPGRAPH_EDGE_NATIVE), 1);
  assert_int_equal(edges(g, "_elementtree", "pyexpat", IMPGRAPH_EDGE_NATIVE), 1);
  assert_int_equal(edges(g, "_elementtree", "xml.etree.ElementPath", IMPGRAPH_EDGE_NATIVE), 1);
  assert_int_equal(edges(g, "pyexpat", "pyexpat.errors", IMPGRAPH_EDGE_NATIVE), 1);
  assert_int_equal(edges(g, "pyexpat", "pyexpat.model", IMPGRAPH_EDGE_NATIVE), 1);
  assert_int_equal(edges(g, "pyexpat.errors", "pyexpat", IMPGRAPH_EDGE_PARENT), 1);
  const char *loaded[] = {"_elementtree", "copy", "pyexpat", "pyexpat.errors", "pyexpat.model"};
  for (size_t i = 0; i < 5; i++)
    if (!in_startup(g, loaded[i]))
      fail_msg("%s is not in the start-up set", loaded[i]);
  const impgraph_module *errors = find(g, "pyexpat.errors");
  assert_int_equal(errors->kind, IMPGRAPH_MODULE_REGISTERED);
  assert_int_equal(errors->origin, IMPGRAPH_ORIGIN_STDLIB);
  assert_null(errors->path);
  assert_null(errors->reason);
  assert_int_equal(ipg_module_estimate(g, (size_t)(errors - impgraph_graph_module(g, 0))), 0);
  /* Native edges have no import site. */
  for (size_t e = 0; e < impgraph_graph_edge_count(g); e++) {
    const impgraph_edge *x = impgraph_graph_edge(g, e);
    if (x->kind != IMPGRAPH_EDGE_NATIVE)
      continue;
    assert_null(x->file);
    assert_int_equal(x->line, 0);
    assert_int_equal(x->flags, 0);
    assert_null(x->scope);
    assert_null(x->names);
    assert_int_equal(x->import_index, SIZE_MAX);
  }
  /* Why is pyexpat.model loaded: through the native edges. */
  size_t *path = NULL, *lengths = NULL, chains = 0;
  assert_int_equal(impgraph_graph_why(&path, &lengths, &chains, g, "pyexpat.model", 0, NULL), 0);
  assert_int_equal(chains, 1);
  assert_int_equal(impgraph_graph_edge(g, path[lengths[0] - 1])->kind, IMPGRAPH_EDGE_NATIVE);
  assert_int_equal(impgraph_graph_edge(g, path[lengths[0] - 2])->kind, IMPGRAPH_EDGE_NATIVE);
  impgraph_free(path);
  impgraph_free(lengths);
  /* _pickle is imported in a function only: a node, no native edges. */
  const impgraph_module *pickle = find(g, "_pickle");
  assert_non_null(pickle);
  assert_false(pickle->flags & IMPGRAPH_MODULE_IN_STARTUP);
  assert_null(find(g, "_compat_pickle"));
  assert_int_equal(note_count(g), 0);
}

static void test_graph_native_edges(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe("3.11", false), "etapp", 0);
  check_elementtree_graph(g);
  assert_int_equal(find(g, "pyexpat")->kind, IMPGRAPH_MODULE_EXTENSION);
  assert_int_equal(native_edge_count(g), 5);
  impgraph_graph_free(g);
  /* Compiled-in modules (Debian) have the same imports. */
  g = build(static_probe("3.11", true), "etapp", 0);
  check_elementtree_graph(g);
  assert_int_equal(find(g, "pyexpat")->kind, IMPGRAPH_MODULE_BUILTIN);
  impgraph_graph_free(g);
  g = build(parsed_probe("cpython", "3.11.7"), "etapp", 0);
  check_elementtree_graph(g);
  impgraph_graph_free(g);
}

static void test_graph_full(void **state) {
  (void)state;
  /* --full: modules reached only inside functions get their native edges
     too; they stay outside the start-up set. */
  impgraph_graph *g = build(static_probe("3.11", false), "etapp", IMPGRAPH_GRAPH_FULL);
  assert_int_equal(edges(g, "_pickle", "_compat_pickle", IMPGRAPH_EDGE_NATIVE), 1);
  assert_int_equal(edges(g, "_pickle", "copyreg", IMPGRAPH_EDGE_NATIVE), 1);
  assert_int_equal(edges(g, "_pickle", "functools", IMPGRAPH_EDGE_NATIVE), 1);
  assert_int_equal(edges(g, "_pickle", "codecs", IMPGRAPH_EDGE_NATIVE), 1);
  assert_false(in_startup(g, "_pickle"));
  assert_false(in_startup(g, "_compat_pickle"));
  assert_true(in_startup(g, "pyexpat.model"));
  assert_int_equal(native_edge_count(g), 9);
  impgraph_graph_free(g);
}

static void test_graph_registered_import(void **state) {
  (void)state;
  /* `import pyexpat.errors` finds what pyexpat registers: not missing. */
  impgraph_graph *g = build(static_probe("3.11", false), "registered", 0);
  assert_int_equal(find(g, "pyexpat.errors")->kind, IMPGRAPH_MODULE_REGISTERED);
  assert_int_equal(edges(g, "registered", "pyexpat.errors", IMPGRAPH_EDGE_EAGER), 1);
  assert_true(in_startup(g, "pyexpat.errors"));
  assert_true(in_startup(g, "pyexpat.model"));
  assert_true(in_startup(g, "pyexpat"));
  for (size_t i = 0; i < impgraph_graph_module_count(g); i++)
    assert_int_not_equal(impgraph_graph_module(g, i)->kind, IMPGRAPH_MODULE_MISSING);
  impgraph_graph_free(g);
}

static void test_graph_unknown_versions(void **state) {
  (void)state;
  /* Newer than the table: no native edges, one note. */
  impgraph_graph *g = build(static_probe("3.14", false), "etapp", 0);
  assert_int_equal(native_edge_count(g), 0);
  assert_true(in_startup(g, "_elementtree"));
  assert_null(find(g, "pyexpat"));
  assert_int_equal(note_count(g), 1);
  assert_true(has_note(g, "known for CPython 3.7 to 3.13 (this is 3.14): none are followed"));
  impgraph_graph_free(g);
  /* Another implementation. */
  g = build(parsed_probe("pypy", "3.11.7"), "etapp", 0);
  assert_int_equal(native_edge_count(g), 0);
  assert_int_equal(note_count(g), 1);
  assert_true(has_note(g, "known for CPython only (this is pypy)"));
  impgraph_graph_free(g);
  /* The registered module is then missing, as the resolver says. */
  g = build(static_probe("3.14", false), "registered", 0);
  assert_int_equal(find(g, "pyexpat.errors")->kind, IMPGRAPH_MODULE_MISSING);
  impgraph_graph_free(g);
}

static void test_graph_render(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe("3.11", false), "etapp", 0);
  char *text = NULL, *json = NULL, *dot = NULL, *why = NULL;
  assert_int_equal(impgraph_render_graph(&text, NULL, g, IMPGRAPH_FORMAT_TEXT, NULL, NULL), 0);
  assert_int_equal(impgraph_render_graph(&json, NULL, g, IMPGRAPH_FORMAT_JSON, NULL, NULL), 0);
  assert_int_equal(impgraph_render_graph(&dot, NULL, g, IMPGRAPH_FORMAT_DOT, NULL, NULL), 0);
  assert_int_equal(
      impgraph_render_why(&why, NULL, g, "pyexpat.errors", 0, IMPGRAPH_FORMAT_TEXT, NULL), 0);
  assert_non_null(strstr(text, ", native 5, called 0, if_loaded 0)"));
  assert_non_null(strstr(text, "registered 2"));
  assert_non_null(strstr(json, "\"native\": 5"));
  assert_non_null(strstr(json, "\"kind\": \"native\""));
  assert_non_null(strstr(json, "\"kind\": \"registered\""));
  assert_null(strstr(json, "\"unknown\"")); /* no name for unused kind values */
  assert_non_null(strstr(dot, "arrowhead=diamond"));
  assert_non_null(
      strstr(why, "_elementtree -> pyexpat  [native: imported by the module's C code]"));
  assert_non_null(strstr(
      why, "pyexpat -> pyexpat.errors  [native: put into sys.modules by the module's C code]"));
  impgraph_free(text);
  impgraph_free(json);
  impgraph_free(dot);
  impgraph_free(why);
  impgraph_graph_free(g);
}

static void test_graph_missing_native_target(void **state) {
  (void)state;
  /* Static mode without builtins: _ssl's C code imports _socket, which is
     then missing; the text says who imports it. */
  static const char *const path[] = {STDLIB, DYNLOAD};
  ipg_probe_static_options o = {.sys_path = path,
                                .sys_path_count = 2,
                                .version = "3.11",
                                .extension_suffixes = EXT_311,
                                .extension_suffix_count = 3};
  ipg_probe *probe = NULL;
  assert_int_equal(ipg_probe_static(&probe, &o, NULL), IMPGRAPH_OK);
  impgraph_graph *g = build(probe, "sslapp", 0);
  assert_int_equal(edges(g, "_ssl", "_socket", IMPGRAPH_EDGE_NATIVE), 1);
  const impgraph_module *socket = find(g, "_socket");
  assert_int_equal(socket->kind, IMPGRAPH_MODULE_MISSING);
  assert_false(socket->flags & IMPGRAPH_MODULE_IN_STARTUP);
  char *text = NULL;
  assert_int_equal(impgraph_render_graph(&text, NULL, g, IMPGRAPH_FORMAT_TEXT, NULL, NULL), 0);
  assert_non_null(strstr(text, "  _socket: not found (static mode: builtins unknown) (imported by "
                               "the C code of _ssl)\n"));
  impgraph_free(text);
  impgraph_graph_free(g);
}

/* `python3.11 -X importtime -c 'import etapp'` over the fixture's shape
   (times rounded): _elementtree's row holds what its C code imported. */
static const char LOG[] = "import time: self [us] | cumulative | imported package\n"
                          "import time:       100 |        100 |     xml\n"
                          "import time:       100 |        100 |     xml.etree\n"
                          "import time:       300 |        300 |     xml.etree.ElementPath\n"
                          "import time:       200 |        200 |       copy\n"
                          "import time:       900 |        900 |       pyexpat\n"
                          "import time:       500 |       1600 |     _elementtree\n"
                          "import time:      1500 |       3600 |   xml.etree.ElementTree\n"
                          "import time:       100 |       3700 | etapp\n";

static void test_graph_profile(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe("3.11", false), "etapp", 0);
  const char *texts[] = {LOG};
  size_t lens[] = {strlen(LOG)};
  impgraph_profile *p = NULL;
  assert_int_equal(impgraph_profile_from_logs(&p, texts, lens, NULL, 1, NULL), 0);
  assert_int_equal(impgraph_graph_attach_profile(g, p, NULL), 0);
  impgraph_profile_free(p);
  const impgraph_reconciliation *r = impgraph_graph_reconciliation(g);
  /* What the C code imported is explained by native edges, not observed
     only; the registered modules (no rows) are loaded with pyexpat. */
  assert_int_equal(r->observed_only, 0);
  assert_int_equal(r->observed_unmatched, 0);
  assert_int_equal(r->startup_modules, 10);
  assert_int_equal(r->startup_modules_loaded, 10);
  assert_int_equal(r->loaded_outside_startup, 0);
  for (size_t e = 0; e < impgraph_graph_edge_count(g); e++)
    assert_int_not_equal(impgraph_graph_edge(g, e)->kind, IMPGRAPH_EDGE_OBSERVED_ONLY);
  impgraph_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table_is_sorted_and_in_range),
      cmocka_unit_test(test_minor_bits),
      cmocka_unit_test(test_covered_versions),
      cmocka_unit_test(test_lookup_by_version),
      cmocka_unit_test(test_applies),
      cmocka_unit_test(test_resolver_registered),
      cmocka_unit_test(test_resolver_not_registered),
      cmocka_unit_test(test_graph_native_edges),
      cmocka_unit_test(test_graph_full),
      cmocka_unit_test(test_graph_registered_import),
      cmocka_unit_test(test_graph_unknown_versions),
      cmocka_unit_test(test_graph_render),
      cmocka_unit_test(test_graph_profile),
      cmocka_unit_test(test_graph_missing_native_target),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
