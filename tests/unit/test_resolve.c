/* unit.resolve — the resolver on the fixture sys.path trees in
   tests/data/resolve/ (see make_zips.py there), with static probes so that
   every result is deterministic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resolve/resolve.h"
#include "resolve/resolve_internal.h"

#define DATA IMPGRAPH_TEST_DATA "/resolve"
#define P1 DATA "/path1"
#define P2 DATA "/path2"

static const char *const EXT_311[] = {".cpython-311-x86_64-linux-gnu.so",
                                      ".abi3.so", ".so"};
static const char *const SOURCE[] = {".py"};
static const char *const BYTECODE[] = {".pyc"};
static const char *const BUILTINS[] = {"_imp", "builtins", "marshal", "sys"};
static const char *const FROZEN[] = {"zipimport", "__phello__",
                                     "__phello__.spam"};

static ipg_probe *make_probe(const char *const *path, size_t count,
                             bool builtins_known) {
  ipg_probe_static_options o = {.sys_path = path,
                                .sys_path_count = count,
                                .version = "3.11",
                                .builtins = builtins_known ? BUILTINS : NULL,
                                .builtin_count = builtins_known ? 4 : 0,
                                .frozen = FROZEN,
                                .frozen_count = 3,
                                .source_suffixes = SOURCE,
                                .source_suffix_count = 1,
                                .bytecode_suffixes = BYTECODE,
                                .bytecode_suffix_count = 1,
                                .extension_suffixes = EXT_311,
                                .extension_suffix_count = 3};
  ipg_probe *probe = NULL;
  impgraph_error err;
  assert_int_equal(ipg_probe_static(&probe, &o, &err), IMPGRAPH_OK);
  return probe;
}

/* One probe + resolver per test. */
typedef struct fixture {
  ipg_probe *probe;
  ipg_resolver *r;
  char tmp[256]; /* a temporary directory when the test made one */
} fixture;

static int setup_with(void **state, const char *const *path, size_t count,
                      bool builtins_known) {
  fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  f->probe = make_probe(path, count, builtins_known);
  assert_int_equal(ipg_resolver_new(&f->r, f->probe, NULL), IMPGRAPH_OK);
  *state = f;
  return 0;
}

static const char *const MAIN_PATH[] = {P1,
                                        P2,
                                        DATA "/archive.zip",
                                        DATA "/archive.zip/sub",
                                        DATA "/prepended.pyz",
                                        DATA "/notazip.zip",
                                        DATA "/does-not-exist"};

static int setup_main(void **state) {
  return setup_with(state, MAIN_PATH, 7, true);
}

static int setup_static_unknown(void **state) {
  return setup_with(state, MAIN_PATH, 2, false);
}

static void remove_tree(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return;
  if (S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      char child[1024];
      snprintf(child, sizeof child, "%s/%s", path, e->d_name);
      remove_tree(child);
    }
    if (d)
      closedir(d);
    rmdir(path);
  } else {
    unlink(path);
  }
}

static int teardown(void **state) {
  fixture *f = *state;
  ipg_resolver_free(f->r);
  ipg_probe_free(f->probe);
  if (f->tmp[0])
    remove_tree(f->tmp);
  free(f);
  return 0;
}

static void write_text(const char *path, const char *text) {
  FILE *out = fopen(path, "w");
  assert_non_null(out);
  fputs(text, out);
  fclose(out);
}

static const ipg_module *resolve(fixture *f, const char *name) {
  const ipg_module *m = NULL;
  impgraph_error err;
  assert_int_equal(ipg_resolve(f->r, name, &m, &err), IMPGRAPH_OK);
  assert_non_null(m);
  assert_string_equal(m->name, name);
  return m;
}

/* Resolves `name` and checks its kind and file (NULL = no file). */
static const ipg_module *expect(fixture *f, const char *name, const char *kind,
                                const char *path) {
  const ipg_module *m = resolve(f, name);
  if (strcmp(ipg_module_kind_name(m->kind), kind) != 0)
    print_error("%s: %s (%s)\n", name, ipg_module_kind_name(m->kind),
                m->reason ? m->reason
                : m->path ? m->path
                          : "");
  assert_string_equal(ipg_module_kind_name(m->kind), kind);
  if (path) {
    assert_non_null(m->path);
    assert_string_equal(m->path, path);
  } else {
    assert_null(m->path);
  }
  return m;
}

static void expect_missing(fixture *f, const char *name, const char *reason) {
  const ipg_module *m = expect(f, name, "missing", NULL);
  assert_int_equal(m->via, IPG_VIA_NONE);
  assert_non_null(m->reason);
  assert_string_equal(m->reason, reason);
}

/* ---- path finder basics ---- */

static void test_namespace_split_across_entries(void **state) {
  fixture *f = *state;
  const ipg_module *ns = expect(f, "nspkg", "namespace", NULL);
  assert_true(ns->is_package);
  assert_int_equal(ns->search_path_count, 2);
  assert_string_equal(ns->search_path[0], P1 "/nspkg");
  assert_string_equal(ns->search_path[1], P2 "/nspkg");
  assert_string_equal(ns->entry, P1);
  const ipg_module *alpha =
      expect(f, "nspkg.alpha", "source", P1 "/nspkg/alpha.py");
  assert_ptr_equal(alpha->parent, ns);
  expect(f, "nspkg.beta", "source", P2 "/nspkg/beta.py");
  /* Nested namespace only in the second entry. */
  expect(f, "onlyns", "namespace", NULL);
  expect(f, "onlyns.inner", "namespace", NULL);
  expect(f, "onlyns.inner.leaf", "source", P2 "/onlyns/inner/leaf.py");
}

static void test_first_entry_wins(void **state) {
  fixture *f = *state;
  const ipg_module *m = expect(f, "shadow", "source", P1 "/shadow.py");
  assert_string_equal(m->entry, P1);
  assert_int_equal(m->via, IPG_VIA_PATH);
  /* A module file in an earlier entry beats a later one too. */
  expect(f, "modfile", "source", P1 "/modfile.py");
}

static void test_regular_package_beats_portions(void **state) {
  fixture *f = *state;
  /* path1/regpkg has __init__.py: path2/regpkg is never consulted. */
  const ipg_module *pkg =
      expect(f, "regpkg", "package", P1 "/regpkg/__init__.py");
  assert_int_equal(pkg->file_kind, IPG_MODULE_SOURCE);
  assert_int_equal(pkg->search_path_count, 1);
  assert_string_equal(pkg->search_path[0], P1 "/regpkg");
  expect_missing(f, "regpkg.other", "No module named 'regpkg.other'");
  /* A portion in path1, a regular package in path2: the package wins and
     the portion's modules are unreachable. */
  expect(f, "nsmixed", "package", P2 "/nsmixed/__init__.py");
  expect(f, "nsmixed.part2", "source", P2 "/nsmixed/part2.py");
  expect_missing(f, "nsmixed.part1", "No module named 'nsmixed.part1'");
}

static void test_file_finder_order(void **state) {
  fixture *f = *state;
  /* Within a directory: package before module file... */
  expect(f, "pkgvsmod", "package", P1 "/pkgvsmod/__init__.py");
  /* ...a module file before a namespace directory... */
  expect(f, "modfile", "source", P1 "/modfile.py");
  expect_missing(f, "modfile.inner",
                 "No module named 'modfile.inner'; 'modfile' is not a "
                 "package");
  /* ...and extension before source before bytecode. */
  const ipg_module *fast = expect(f, "fast", "extension",
                                  P1 "/fast.cpython-311-x86_64-linux-gnu.so");
  assert_int_equal(fast->file_kind, IPG_MODULE_EXTENSION);
  assert_false(fast->is_package);
  expect(f, "withsrc", "source", P1 "/withsrc.py");
}

static void test_package_init_kinds(void **state) {
  fixture *f = *state;
  const ipg_module *pyc =
      expect(f, "pycpkg", "package", P1 "/pycpkg/__init__.pyc");
  assert_int_equal(pyc->file_kind, IPG_MODULE_BYTECODE);
  /* __init__.cpython-311-...so and __init__.py: the extension comes first
     in _get_supported_file_loaders(). */
  const ipg_module *ext =
      expect(f, "extpkg", "package",
             P1 "/extpkg/__init__.cpython-311-x86_64-linux-gnu.so");
  assert_int_equal(ext->file_kind, IPG_MODULE_EXTENSION);
  assert_true(ext->is_package);
}

static void test_extension_suffixes(void **state) {
  fixture *f = *state;
  expect(f, "abimod", "extension", P1 "/abimod.abi3.so");
  expect(f, "plainext", "extension", P1 "/plainext.so");
  /* Another interpreter's ABI tag is not a suffix of this one. */
  expect_missing(f, "otherabi", "No module named 'otherabi'");
  expect(f, "compiled", "bytecode", P1 "/compiled.pyc");
}

static void test_case_sensitive(void **state) {
  fixture *f = *state;
  expect(f, "Case", "source", P1 "/Case.py");
  expect_missing(f, "case", "No module named 'case'");
}

static void test_builtin_and_frozen_first(void **state) {
  fixture *f = *state;
  const ipg_module *sys = expect(f, "sys", "builtin", NULL);
  assert_int_equal(sys->via, IPG_VIA_BUILTIN);
  assert_null(sys->entry);
  const ipg_module *zi = expect(f, "zipimport", "frozen", NULL);
  assert_int_equal(zi->via, IPG_VIA_FROZEN);
  const ipg_module *ph = expect(f, "__phello__", "frozen", NULL);
  assert_false(ph->is_package); /* static probes know no frozen packages */
  expect(f, "__phello__.spam", "missing", NULL);
}

static void test_startup_alias(void **state) {
  fixture *f = *state;
  /* os is a plain module, yet `import os.path` works: os.py put os.path
     into sys.modules. Static probes assume os.path=posixpath. */
  const ipg_module *m = expect(f, "os.path", "source", P1 "/posixpath.py");
  assert_non_null(m->alias_of);
  assert_string_equal(m->alias_of->name, "posixpath");
  assert_string_equal(m->parent->name, "os");
  assert_false(m->parent->is_package);
  assert_ptr_equal(resolve(f, "posixpath"), m->alias_of);
  expect_missing(f, "os.nope",
                 "No module named 'os.nope'; 'os' is not a package");
}

static void test_submodule_chain(void **state) {
  fixture *f = *state;
  const ipg_module *deep =
      expect(f, "regpkg.subpkg.deep", "source", P1 "/regpkg/subpkg/deep.py");
  const ipg_module *chain[4];
  assert_int_equal(ipg_module_chain(deep, chain, 4), 3);
  assert_string_equal(chain[0]->name, "regpkg");
  assert_string_equal(chain[1]->name, "regpkg.subpkg");
  assert_ptr_equal(chain[2], deep);
  assert_int_equal(chain[1]->kind, IPG_MODULE_PACKAGE);
  /* A short buffer still gets the length. */
  assert_int_equal(ipg_module_chain(deep, chain, 1), 3);
  assert_string_equal(chain[0]->name, "regpkg");
  /* Memoised: the same record every time. */
  assert_ptr_equal(resolve(f, "regpkg.subpkg"), chain[1]);
  assert_ptr_equal(resolve(f, "regpkg.subpkg.deep"), deep);
}

static void test_missing(void **state) {
  fixture *f = *state;
  expect_missing(f, "nothere", "No module named 'nothere'");
  expect_missing(f, "nothere.sub", "parent 'nothere' not found");
  expect_missing(f, "notpkg.x",
                 "No module named 'notpkg.x'; 'notpkg' is not a package");
  expect_missing(f, "", "invalid module name");
  expect_missing(f, "a..b", "invalid module name");
  expect_missing(f, ".rel", "invalid module name");
  expect_missing(f, "trail.", "invalid module name");
  expect_missing(f, "..", "invalid module name");
  expect_missing(f, "regpkg/sub", "invalid module name");
}

static void test_static_builtins_unknown(void **state) {
  fixture *f = *state;
  /* Top-level names found nowhere may be builtins we do not know of. */
  expect_missing(f, "sys", "not found (static mode: builtins unknown)");
  expect_missing(f, "regpkg.nope", "No module named 'regpkg.nope'");
  expect(f, "shadow", "source", P1 "/shadow.py");
}

/* ---- zip archives ---- */

#define ZIP DATA "/archive.zip"

static void test_zip_archive(void **state) {
  fixture *f = *state;
  const ipg_module *pkg = expect(f, "zpkg", "package", ZIP "/zpkg/__init__.py");
  assert_int_equal(pkg->via, IPG_VIA_ZIP);
  assert_string_equal(pkg->archive, ZIP);
  assert_string_equal(pkg->entry, ZIP);
  assert_int_equal(pkg->search_path_count, 1);
  assert_string_equal(pkg->search_path[0], ZIP "/zpkg");
  /* Submodules through the package's __path__ "archive.zip/zpkg". */
  const ipg_module *mod = expect(f, "zpkg.mod", "source", ZIP "/zpkg/mod.py");
  assert_string_equal(mod->archive, ZIP);
  assert_string_equal(mod->entry, ZIP "/zpkg");
  expect(f, "zmod", "source", ZIP "/zmod.py");
  expect(f, "zbyte", "bytecode", ZIP "/zbyte.pyc");
  /* Both stored: zipimport tries the .pyc first, but the source is what
     the module is made of. */
  expect(f, "both", "source", ZIP "/both.py");
  /* An explicit directory entry is a namespace portion. */
  const ipg_module *ns = expect(f, "zns", "namespace", NULL);
  assert_int_equal(ns->search_path_count, 1);
  assert_string_equal(ns->search_path[0], ZIP "/zns");
  expect(f, "zns.part", "source", ZIP "/zns/part.py");
  /* zipimport needs "implicit/" stored to see a directory. */
  expect_missing(f, "implicit", "No module named 'implicit'");
  /* zipimport cannot load extension modules. */
  expect_missing(f, "zext", "No module named 'zext'");
  /* A path entry inside the archive: archive.zip/sub. */
  const ipg_module *inner = expect(f, "inner", "source", ZIP "/sub/inner.py");
  assert_string_equal(inner->entry, ZIP "/sub");
  /* Data prepended to the archive (pex, shebang). */
  expect(f, "pyzmod", "source", DATA "/prepended.pyz/pyzmod.py");
}

static void test_zip_reader(void **state) {
  (void)state;
  ipg_arena arena;
  ipg_arena_init(&arena);
  ipg_zip zip;
  impgraph_error err;
  assert_int_equal(ipg_zip_read(&zip, &arena, ZIP, false, &err), IMPGRAPH_OK);
  assert_true(zip.readable);
  assert_int_equal(zip.names.len, 12);
  assert_non_null(ipg_map_get(&zip.names, "zpkg/"));
  assert_non_null(ipg_map_get(&zip.names, "sub/inner.py"));
  ipg_zip_free(&zip);
  assert_int_equal(ipg_zip_read(&zip, &arena, DATA "/notazip.zip", false, &err),
                   IMPGRAPH_EIO);
  assert_non_null(strstr(err.message, "not a Zip file"));
  assert_false(zip.readable);
  ipg_zip_free(&zip);
  assert_int_equal(ipg_zip_read(&zip, &arena, DATA "/nope.zip", false, &err),
                   IMPGRAPH_EIO);
  ipg_zip_free(&zip);
  ipg_arena_free(&arena);
}

/* ---- relative imports and from-imports ---- */

static void expect_relative(const char *importer, bool is_package,
                            const char *module, unsigned level,
                            const char *expected) {
  char *out = NULL;
  const char *problem = NULL;
  impgraph_error err;
  int rc = ipg_resolve_relative_name(&out, &problem, importer, is_package,
                                     module, level, &err);
  if (strncmp(expected, "attempted", 9) == 0) {
    assert_int_equal(rc, IMPGRAPH_ENOTFOUND);
    assert_null(out);
    assert_string_equal(problem, expected);
    assert_string_equal(err.message, expected);
  } else {
    assert_int_equal(rc, IMPGRAPH_OK);
    assert_null(problem);
    assert_string_equal(out, expected);
  }
  impgraph_free(out);
}

static void test_relative_names(void **state) {
  (void)state;
  const char *beyond = "attempted relative import beyond top-level package";
  const char *no_parent =
      "attempted relative import with no known parent package";
  expect_relative("relpkg.a", false, "", 1, "relpkg");
  expect_relative("relpkg.a", false, "sub", 1, "relpkg.sub");
  expect_relative("relpkg", true, "a", 1, "relpkg.a");
  expect_relative("relpkg", true, "", 1, "relpkg");
  expect_relative("relpkg.sub.b", false, "a", 2, "relpkg.a");
  expect_relative("relpkg.sub", true, "", 2, "relpkg");
  expect_relative("relpkg.sub", true, "a.x", 2, "relpkg.a.x");
  expect_relative("x", false, "os", 0, "os");
  /* Above the top-level package, as CPython says it. */
  expect_relative("relpkg.a", false, "", 2, beyond);
  expect_relative("relpkg.sub.b", false, "", 3, beyond);
  expect_relative("relpkg", true, "x", 2, beyond);
  /* A top-level module has no package to be relative to. */
  expect_relative("toplevel", false, "x", 1, no_parent);
}

static void test_relative_imports(void **state) {
  fixture *f = *state;
  ipg_import_resolution res;
  impgraph_error err;
  /* relpkg/sub/b.py: `from .. import a` */
  assert_int_equal(
      ipg_resolve_import(f->r, &res, "relpkg.sub.b", false, "", 2, "a", &err),
      IMPGRAPH_OK);
  assert_string_equal(res.absolute_name, "relpkg");
  assert_string_equal(res.module->name, "relpkg");
  assert_non_null(res.submodule);
  assert_string_equal(res.submodule->path, P1 "/relpkg/a.py");
  assert_ptr_equal(res.submodule->parent, res.module);
  /* `from ..a import thing`: a is a module, thing an attribute. */
  assert_int_equal(ipg_resolve_import(f->r, &res, "relpkg.sub.b", false, "a", 2,
                                      "thing", &err),
                   IMPGRAPH_OK);
  assert_string_equal(res.module->name, "relpkg.a");
  assert_null(res.submodule);
  /* `from . import c` in relpkg.sub: no such submodule, so an attribute. */
  assert_int_equal(
      ipg_resolve_import(f->r, &res, "relpkg.sub.b", false, "", 1, "c", &err),
      IMPGRAPH_OK);
  assert_string_equal(res.module->name, "relpkg.sub");
  assert_null(res.submodule);
  /* `from ... import x` from relpkg.sub.b: beyond the top. */
  assert_int_equal(
      ipg_resolve_import(f->r, &res, "relpkg.sub.b", false, "", 3, "x", &err),
      IMPGRAPH_OK);
  assert_null(res.absolute_name);
  assert_null(res.module);
  assert_string_equal(res.problem,
                      "attempted relative import beyond top-level package");
}

static void test_from_imports(void **state) {
  fixture *f = *state;
  ipg_import_resolution res;
  /* `from frompkg import submod`: the submodule exists. */
  assert_int_equal(
      ipg_resolve_import(f->r, &res, NULL, false, "frompkg", 0, "submod", NULL),
      IMPGRAPH_OK);
  assert_string_equal(res.module->name, "frompkg");
  assert_non_null(res.submodule);
  assert_string_equal(res.submodule->name, "frompkg.submod");
  assert_string_equal(res.submodule->path, P1 "/frompkg/submod.py");
  /* `from frompkg import attr`: no such submodule, an attribute. */
  assert_int_equal(
      ipg_resolve_import(f->r, &res, NULL, false, "frompkg", 0, "attr", NULL),
      IMPGRAPH_OK);
  assert_string_equal(res.module->name, "frompkg");
  assert_null(res.submodule);
  /* `from notpkg import x`: a plain module's names are attributes. */
  assert_int_equal(
      ipg_resolve_import(f->r, &res, NULL, false, "notpkg", 0, "x", NULL),
      IMPGRAPH_OK);
  assert_null(res.submodule);
  /* Star imports name no submodule; plain imports give the whole chain. */
  assert_int_equal(
      ipg_resolve_import(f->r, &res, NULL, false, "frompkg", 0, "*", NULL),
      IMPGRAPH_OK);
  assert_null(res.submodule);
  assert_int_equal(ipg_resolve_import(f->r, &res, NULL, false,
                                      "regpkg.subpkg.deep", 0, NULL, NULL),
                   IMPGRAPH_OK);
  assert_string_equal(res.module->parent->parent->name, "regpkg");
  assert_null(res.submodule);
  /* Namespace packages have submodules too. */
  assert_int_equal(
      ipg_resolve_import(f->r, &res, NULL, false, "nspkg", 0, "beta", NULL),
      IMPGRAPH_OK);
  assert_string_equal(res.submodule->path, P2 "/nspkg/beta.py");
  assert_int_equal(
      ipg_resolve_import(f->r, &res, NULL, false, "", 0, "x", NULL),
      IMPGRAPH_EINVAL);
}

/* ---- editable installs ---- */

static const char *FINDER_TEMPLATE =
    "import sys\n"
    "from importlib.machinery import ModuleSpec, PathFinder\n"
    "\n"
    "MAPPING: dict[str, str] = {'demo': '%s/demo', \"single\": '%s/single.py',"
    " 'shadow': '%s/shadow.py', 'gone': '%s/gone', 'nspkg': '%s/nsextra'}\n"
    "NAMESPACES: dict[str, list[str]] = {'edns': ['%s/edns']}\n"
    "PATH_PLACEHOLDER = '__editable__.demo-1.0.finder' + \".__path_hook__\"\n"
    "\n"
    "class _EditableFinder:  # MetaPathFinder\n"
    "    MAPPING = {'decoy': '/nowhere'}\n";

static int setup_editable(void **state) {
  fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  snprintf(f->tmp, sizeof f->tmp, "/tmp/impgraph-resolve-XXXXXX");
  assert_non_null(mkdtemp(f->tmp));
  char path[512], text[4096];
  snprintf(path, sizeof path, "%s/__editable__.demo-1.0.pth", f->tmp);
  write_text(path, "import __editable___demo_1_0_finder; "
                   "__editable___demo_1_0_finder.install()\n");
  snprintf(path, sizeof path, "%s/__editable___demo_1_0_finder.py", f->tmp);
  const char *src = DATA "/editable_src";
  snprintf(text, sizeof text, FINDER_TEMPLATE, src, src, src, src, src, src);
  write_text(path, text);
  /* A .pth path line and a comment: no finder. */
  snprintf(path, sizeof path, "%s/other.pth", f->tmp);
  write_text(path, "# import __editable___nope_finder\n/some/dir\n");
  const char *sys_path[] = {P1, P2, f->tmp,
                            "__editable__.demo-1.0.finder.__path_hook__"};
  f->probe = make_probe(sys_path, 4, true);
  assert_int_equal(ipg_resolver_new(&f->r, f->probe, NULL), IMPGRAPH_OK);
  *state = f;
  return 0;
}

static void test_editable_install(void **state) {
  fixture *f = *state;
  const char *src = DATA "/editable_src";
  char finder[512], want[512];
  snprintf(finder, sizeof finder, "%s/__editable___demo_1_0_finder.py", f->tmp);
  const ipg_module *demo =
      expect(f, "demo", "package", DATA "/editable_src/demo/__init__.py");
  assert_int_equal(demo->via, IPG_VIA_EDITABLE);
  assert_string_equal(demo->entry, finder);
  assert_int_equal(demo->search_path_count, 1);
  snprintf(want, sizeof want, "%s/demo", src);
  assert_string_equal(demo->search_path[0], want);
  /* Submodules come through the package's __path__ like any other. */
  const ipg_module *core =
      expect(f, "demo.core", "source", DATA "/editable_src/demo/core.py");
  assert_int_equal(core->via, IPG_VIA_PATH);
  expect(f, "single", "source", DATA "/editable_src/single.py");
  /* The finder is appended to sys.meta_path: sys.path wins. */
  expect(f, "shadow", "source", P1 "/shadow.py");
  /* Mapped but absent: the finder returns None. */
  expect_missing(f, "gone", "No module named 'gone'");
  expect_missing(f, "decoy", "No module named 'decoy'");
  /* A mapped name that PathFinder finds first (a namespace on sys.path):
     its missing children come from the mapped directory. */
  const ipg_module *nspkg = expect(f, "nspkg", "namespace", NULL);
  assert_int_equal(nspkg->via, IPG_VIA_PATH);
  const ipg_module *extra =
      expect(f, "nspkg.extra", "source", DATA "/editable_src/nsextra/extra.py");
  assert_int_equal(extra->via, IPG_VIA_EDITABLE);
  expect(f, "nspkg.alpha", "source", P1 "/nspkg/alpha.py");
  /* NAMESPACES through the PATH_PLACEHOLDER path entry. */
  const ipg_module *ns = expect(f, "edns", "namespace", NULL);
  assert_int_equal(ns->search_path_count, 1);
  snprintf(want, sizeof want, "%s/edns", src);
  assert_string_equal(ns->search_path[0], want);
  expect(f, "edns.leaf", "source", DATA "/editable_src/edns/leaf.py");
}

static void test_editable_parser(void **state) {
  (void)state;
  ipg_arena arena;
  ipg_arena_init(&arena);
  ipg_editable_finder fin;
  const char *text = "MAPPING = {\n"
                     "    'a': '/x/a',  # comment\n"
                     "    \"b\": \"/y/b\\\\c\",\n"
                     "    'q': 'it\\'s' '/t\\u00e9', 'raw': r'/r\\d',\n"
                     "    'bytes': '/p\\udcff',\n"
                     "}\n"
                     "NAMESPACES = {'ns': [], 'ns2': ['/n1', '/n2',]}\n";
  assert_int_equal(ipg_editable_parse(&fin, &arena, text, strlen(text)),
                   IMPGRAPH_OK);
  assert_int_equal(fin.mapping_count, 5);
  assert_string_equal(fin.mapping_names[0], "a");
  assert_string_equal(fin.mapping_paths[0], "/x/a");
  assert_string_equal(fin.mapping_paths[1], "/y/b\\c");
  assert_string_equal(fin.mapping_paths[2], "it's/t\xc3\xa9");
  assert_string_equal(fin.mapping_paths[3], "/r\\d");
  assert_string_equal(fin.mapping_paths[4], "/p\xff");
  assert_int_equal(fin.namespace_count, 2);
  assert_int_equal(fin.namespaces[0].path_count, 0);
  assert_string_equal(fin.namespaces[1].paths[1], "/n2");
  assert_null(fin.path_placeholder);
  const char *bad = "MAPPING = dict(a='/x')\n";
  assert_int_equal(ipg_editable_parse(&fin, &arena, bad, strlen(bad)),
                   IMPGRAPH_ENOTFOUND);
  assert_int_equal(ipg_editable_parse(&fin, &arena, "", 0), IMPGRAPH_ENOTFOUND);

  ipg_vec modules;
  ipg_vec_init(&modules, sizeof(const char *));
  const char *pth =
      "import __editable___x_finder; __editable___x_finder.install()\n"
      "  import __editable___indented_finder\n"
      "/plain/path\n"
      "import os; import __editable___y_2_finder\n";
  assert_int_equal(ipg_pth_editable_modules(&modules, &arena, pth, strlen(pth)),
                   IMPGRAPH_OK);
  assert_int_equal(modules.len, 2);
  assert_string_equal(*(const char **)ipg_vec_at(&modules, 0),
                      "__editable___x_finder");
  assert_string_equal(*(const char **)ipg_vec_at(&modules, 1),
                      "__editable___y_2_finder");
  ipg_vec_free(&modules);
  ipg_arena_free(&arena);
}

/* ---- threads ---- */

/* A probe is read-only: resolvers on it may run in parallel threads. */
static const char *const THREAD_NAMES[] = {
    "nspkg.alpha", "nspkg.beta", "regpkg.subpkg.deep", "zpkg.mod",
    "fast",        "os.path",    "nothere.sub",        "extpkg",
    "inner",       "pyzmod"};

static void *resolve_thread(void *arg) {
  const ipg_probe *probe = arg;
  ipg_resolver *r = NULL;
  if (ipg_resolver_new(&r, probe, NULL))
    return (void *)1;
  uintptr_t bad = 0;
  for (int round = 0; round < 20; round++) {
    for (size_t i = 0; i < sizeof THREAD_NAMES / sizeof *THREAD_NAMES; i++) {
      const ipg_module *m = NULL;
      if (ipg_resolve(r, THREAD_NAMES[i], &m, NULL) ||
          (m->kind == IPG_MODULE_MISSING) != (i == 6))
        bad = 1;
    }
  }
  ipg_resolver_free(r);
  return (void *)bad;
}

static void test_parallel_resolvers(void **state) {
  fixture *f = *state;
  pthread_t threads[4];
  for (int i = 0; i < 4; i++)
    assert_int_equal(
        pthread_create(&threads[i], NULL, resolve_thread, f->probe), 0);
  for (int i = 0; i < 4; i++) {
    void *result = (void *)1;
    assert_int_equal(pthread_join(threads[i], &result), 0);
    assert_null(result);
  }
}

/* ---- caches, symlinks, odd entries ---- */

static void test_listing_read_once(void **state) {
  fixture *f = *state;
  resolve(f, "nothere"); /* lists path1 and path2 */
  size_t dirs = f->r->dirs.len;
  assert_int_equal(dirs, 2);
  resolve(f, "shadow");
  resolve(f, "fast");
  resolve(f, "compiled");
  resolve(f, "nothere2");
  /* No directory was listed again. */
  assert_int_equal(f->r->dirs.len, dirs);
  ipg_dir *p1 = ipg_map_get(&f->r->dirs, P1);
  assert_non_null(p1);
  assert_true(p1->exists);
  assert_non_null(ipg_map_get(&p1->entries, "shadow.py"));
  assert_string_equal(p1->sorted[0], "Case.py"); /* strcmp order */
}

static int setup_symlinks(void **state) {
  fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  snprintf(f->tmp, sizeof f->tmp, "/tmp/impgraph-resolve-XXXXXX");
  assert_non_null(mkdtemp(f->tmp));
  char a[512], b[512];
  snprintf(a, sizeof a, "%s/linked.py", f->tmp);
  assert_int_equal(symlink(P1 "/shadow.py", a), 0);
  snprintf(a, sizeof a, "%s/dangling.py", f->tmp);
  assert_int_equal(symlink("/nonexistent/target.py", a), 0);
  snprintf(a, sizeof a, "%s/linkpkg", f->tmp);
  assert_int_equal(symlink(P1 "/regpkg", a), 0);
  snprintf(b, sizeof b, "%s/fifo.py", f->tmp);
  assert_int_equal(mkfifo(b, 0600), 0);
  const char *sys_path[] = {f->tmp};
  f->probe = make_probe(sys_path, 1, true);
  assert_int_equal(ipg_resolver_new(&f->r, f->probe, NULL), IMPGRAPH_OK);
  *state = f;
  return 0;
}

static void test_symlinks(void **state) {
  fixture *f = *state;
  char want[512];
  snprintf(want, sizeof want, "%s/linked.py", f->tmp);
  expect(f, "linked", "source", want);
  expect_missing(f, "dangling", "No module named 'dangling'");
  expect_missing(f, "fifo", "No module named 'fifo'");
  snprintf(want, sizeof want, "%s/linkpkg/__init__.py", f->tmp);
  expect(f, "linkpkg", "package", want);
  snprintf(want, sizeof want, "%s/linkpkg/subpkg/deep.py", f->tmp);
  expect(f, "linkpkg.subpkg.deep", "source", want);
}

static void test_empty_entry_is_cwd(void **state) {
  (void)state;
  char saved[4096];
  assert_non_null(getcwd(saved, sizeof saved));
  assert_int_equal(chdir(P1), 0);
  const char *sys_path[] = {""};
  ipg_probe *probe = make_probe(sys_path, 1, true);
  ipg_resolver *r = NULL;
  assert_int_equal(ipg_resolver_new(&r, probe, NULL), IMPGRAPH_OK);
  assert_int_equal(chdir(saved), 0);
  const ipg_module *m = NULL;
  assert_int_equal(ipg_resolve(r, "shadow", &m, NULL), IMPGRAPH_OK);
  assert_int_equal(m->kind, IPG_MODULE_SOURCE);
  assert_non_null(strstr(m->path, "/resolve/path1/shadow.py"));
  ipg_resolver_free(r);
  ipg_probe_free(probe);
}

static void test_bad_arguments(void **state) {
  fixture *f = *state;
  const ipg_module *m = NULL;
  impgraph_error err;
  assert_int_equal(ipg_resolve(f->r, NULL, &m, &err), IMPGRAPH_EINVAL);
  assert_int_equal(ipg_resolve(NULL, "x", &m, &err), IMPGRAPH_EINVAL);
  assert_int_equal(ipg_resolver_new(NULL, f->probe, &err), IMPGRAPH_EINVAL);
  ipg_resolver *r = (ipg_resolver *)1;
  assert_int_equal(ipg_resolver_new(&r, NULL, &err), IMPGRAPH_EINVAL);
  assert_null(r);
  ipg_resolver_free(NULL);
  assert_ptr_equal(ipg_resolver_probe(f->r), f->probe);
  assert_string_equal(ipg_module_kind_name(IPG_MODULE_NAMESPACE), "namespace");
  assert_string_equal(ipg_module_kind_name((ipg_module_kind)99), "unknown");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_namespace_split_across_entries,
                                      setup_main, teardown),
      cmocka_unit_test_setup_teardown(test_first_entry_wins, setup_main,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_regular_package_beats_portions,
                                      setup_main, teardown),
      cmocka_unit_test_setup_teardown(test_file_finder_order, setup_main,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_package_init_kinds, setup_main,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_extension_suffixes, setup_main,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_case_sensitive, setup_main,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_builtin_and_frozen_first, setup_main,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_startup_alias, setup_main, teardown),
      cmocka_unit_test_setup_teardown(test_submodule_chain, setup_main,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_missing, setup_main, teardown),
      cmocka_unit_test_setup_teardown(test_static_builtins_unknown,
                                      setup_static_unknown, teardown),
      cmocka_unit_test_setup_teardown(test_zip_archive, setup_main, teardown),
      cmocka_unit_test(test_zip_reader),
      cmocka_unit_test(test_relative_names),
      cmocka_unit_test_setup_teardown(test_relative_imports, setup_main,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_from_imports, setup_main, teardown),
      cmocka_unit_test_setup_teardown(test_editable_install, setup_editable,
                                      teardown),
      cmocka_unit_test(test_editable_parser),
      cmocka_unit_test_setup_teardown(test_parallel_resolvers, setup_main,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_listing_read_once, setup_main,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_symlinks, setup_symlinks, teardown),
      cmocka_unit_test(test_empty_entry_is_cwd),
      cmocka_unit_test_setup_teardown(test_bad_arguments, setup_main, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
