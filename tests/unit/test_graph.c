/* unit.graph — the module graph on the fixture projects of tests/data/graph/
   with static probes (a fixture sys.path: site-packages/ and a fake
   lib/python3.11/), so that every result is deterministic: source roots,
   entries and console scripts, edge classification, missing modules, the
   start-up set, why chains, cycles, views and renderers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "graph/calls.h"
#include "graph/graph.h"
#include "project/project.h"
#include "resolve/resolve.h"

#define DATA IMPGRAPH_TEST_DATA "/graph"
#define SITE DATA "/site-packages"
#define STDLIB DATA "/lib/python3.11"
#define PROJ DATA "/proj"

static const char *const BUILTINS[] = {"_imp", "builtins", "marshal", "sys"};

static ipg_probe *static_probe(void) {
  static const char *const path[] = {SITE, STDLIB};
  ipg_probe_static_options o = {.sys_path = path,
                                .sys_path_count = 2,
                                .version = "3.11",
                                .builtins = BUILTINS,
                                .builtin_count = 4};
  ipg_probe *probe = NULL;
  assert_int_equal(ipg_probe_static(&probe, &o, NULL), IMPGRAPH_OK);
  return probe;
}

/* A probe as a real interpreter would report it, with `re` and `enum`
   preloaded and a stdlib list. */
static ipg_probe *parsed_probe(void) {
  const char *text = "impgraph-probe\t1\nversion\t3.11.7\nimplementation\tcpython\n"
                     "path\t" SITE "\npath\t" STDLIB "\n"
                     "builtin\tsys\nbuiltin\tbuiltins\nbuiltin\t_imp\n"
                     "stdlib_source\tsys\nstdlib\tjson\nstdlib\tre\nstdlib\tenum\n"
                     "stdlib\tcsv\nstdlib\tio\nstdlib\tdecimal\nstdlib\ttyping\n"
                     "stdlib\theapq\nstdlib\tdoctest\nstdlib\timportlib\nstdlib\tsys\n"
                     "stdlib\t_json\n"
                     "startup_module\tre\nstartup_module\tenum\nstartup_module\tsys\n"
                     "source_suffix\t.py\nbytecode_suffix\t.pyc\nextension_suffix\t.so\n"
                     "end\t\n";
  ipg_probe *probe = NULL;
  assert_int_equal(ipg_probe_parse(&probe, text, strlen(text), "fixture", NULL), IMPGRAPH_OK);
  return probe;
}

static impgraph_graph *build(ipg_probe *probe, const char *root, const char *const *entries,
                             size_t entry_count, uint32_t flags, unsigned jobs) {
  impgraph_graph_options opts = IMPGRAPH_GRAPH_OPTIONS_INIT;
  const char *roots[] = {root};
  opts.roots = root ? roots : NULL;
  opts.root_count = root ? 1 : 0;
  opts.entries = entries;
  opts.entry_count = entry_count;
  opts.flags = flags;
  opts.jobs = jobs;
  impgraph_graph *g = NULL;
  impgraph_error err;
  int rc = ipg_project_build(&g, probe, &opts, &err);
  if (rc)
    fail_msg("build failed: %s", err.message);
  return g;
}

static size_t id_of(const impgraph_graph *g, const char *name) {
  size_t id = SIZE_MAX;
  if (impgraph_graph_find(g, name, &id))
    fail_msg("no module %s in the graph", name);
  return id;
}

static const impgraph_module *mod(const impgraph_graph *g, const char *name) {
  return impgraph_graph_module(g, id_of(g, name));
}

/* The first edge from -> to, or NULL. */
static const impgraph_edge *edge(const impgraph_graph *g, const char *from, const char *to) {
  size_t f, t;
  if (impgraph_graph_find(g, from, &f) || impgraph_graph_find(g, to, &t))
    return NULL;
  for (size_t e = 0; e < impgraph_graph_edge_count(g); e++) {
    const impgraph_edge *x = impgraph_graph_edge(g, e);
    if (x->from == f && x->to == t)
      return x;
  }
  return NULL;
}

static bool in_startup(const impgraph_graph *g, const char *name) {
  size_t id;
  return impgraph_graph_find(g, name, &id) == IMPGRAPH_OK &&
         (impgraph_graph_module(g, id)->flags & IMPGRAPH_MODULE_IN_STARTUP);
}

static bool has_diagnostic(const impgraph_graph *g, const char *code, const char *text) {
  for (size_t i = 0; i < impgraph_graph_diagnostic_count(g); i++) {
    const impgraph_diagnostic *d = impgraph_graph_diagnostic(g, i);
    if (strcmp(d->code, code) == 0 && (!text || strstr(d->message, text)))
      return true;
  }
  return false;
}

static const char *const CLI_ENTRY[] = {"app.cli"};

/* ---- source roots ---- */

static void test_roots(void **state) {
  (void)state;
  ipg_arena arena;
  ipg_arena_init(&arena);
  ipg_graph_root r;
  assert_int_equal(ipg_root_detect(&r, &arena, PROJ "/", NULL), IMPGRAPH_OK);
  assert_int_equal(r.layout, IPG_LAYOUT_SRC);
  assert_string_equal(r.path, PROJ);
  assert_string_equal(r.search_entry, PROJ "/src");
  assert_int_equal(r.top_level_count, 1);
  assert_string_equal(r.top_level[0], "app");
  assert_string_equal(r.pyproject, PROJ "/pyproject.toml");

  /* Flat layout: tests/, docs/ and setup.py are not top-level. */
  assert_int_equal(ipg_root_detect(&r, &arena, DATA "/flat", NULL), IMPGRAPH_OK);
  assert_int_equal(r.layout, IPG_LAYOUT_FLAT);
  assert_string_equal(r.search_entry, DATA "/flat");
  assert_int_equal(r.top_level_count, 2);
  assert_string_equal(r.top_level[0], "mypkg");
  assert_string_equal(r.top_level[1], "tool");

  /* A subpackage directory: its top-level package and that one's parent. */
  assert_int_equal(ipg_root_detect(&r, &arena, PROJ "/src/app/a/b", NULL), IMPGRAPH_OK);
  assert_int_equal(r.layout, IPG_LAYOUT_PACKAGE);
  assert_string_equal(r.search_entry, PROJ "/src");
  assert_string_equal(r.top_level[0], "app");
  assert_string_equal(r.pyproject, PROJ "/pyproject.toml");

  assert_int_equal(ipg_root_detect(&r, &arena, DATA "/script/run.py", NULL), IMPGRAPH_OK);
  assert_int_equal(r.layout, IPG_LAYOUT_SCRIPT);
  assert_string_equal(r.search_entry, DATA "/script");
  assert_string_equal(r.top_level[0], "run");

  impgraph_error err;
  assert_int_equal(ipg_root_detect(&r, &arena, DATA "/nope", &err), IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "nope"));

  /* Every module of a root, for the default entries. */
  assert_int_equal(ipg_root_detect(&r, &arena, PROJ, NULL), IMPGRAPH_OK);
  ipg_vec names;
  ipg_vec_init(&names, sizeof(const char *));
  assert_int_equal(ipg_root_modules(&names, &arena, &r, NULL), IMPGRAPH_OK);
  const char *expected[] = {"app",     "app.a",      "app.a.b",    "app.a.b.c",
                            "app.cli", "app.config", "app.helpers"};
  assert_int_equal(names.len, 7);
  for (size_t i = 0; i < 7; i++)
    assert_string_equal(*(const char **)ipg_vec_at(&names, i), expected[i]);
  ipg_vec_free(&names);

  /* "." as a root: paths stay relative ("mypkg/sub.py", not "./mypkg/sub.py"),
     and the modules are still found (a bug once: no default entries). */
  char cwd[4096];
  assert_non_null(getcwd(cwd, sizeof cwd));
  assert_int_equal(chdir(DATA "/flat"), 0);
  assert_int_equal(ipg_root_detect(&r, &arena, ".", NULL), IMPGRAPH_OK);
  assert_string_equal(r.search_entry, ".");
  ipg_vec_init(&names, sizeof(const char *));
  int rc = ipg_root_modules(&names, &arena, &r, NULL);
  assert_int_equal(chdir(cwd), 0);
  assert_int_equal(rc, IMPGRAPH_OK);
  const char *flat[] = {"mypkg", "mypkg.sub", "tool"};
  assert_int_equal(names.len, 3);
  for (size_t i = 0; i < 3; i++)
    assert_string_equal(*(const char **)ipg_vec_at(&names, i), flat[i]);
  ipg_vec_free(&names);

  assert_string_equal(ipg_script_module(&arena, PROJ "/src", PROJ "/src/app/a/b/c.py"),
                      "app.a.b.c");
  assert_null(ipg_script_module(&arena, PROJ "/src", DATA "/script/run.py"));
  assert_true(ipg_is_dotted_identifier("a.b_c"));
  assert_false(ipg_is_dotted_identifier("a..b"));
  assert_false(ipg_is_dotted_identifier("my-tool"));
  assert_false(ipg_is_dotted_identifier("1a"));
  ipg_arena_free(&arena);
}

/* ---- console scripts ---- */

static const char *toml_script(ipg_arena *arena, const char *text, const char *name) {
  return ipg_pyproject_script(arena, text, strlen(text), name);
}

static void test_console_scripts(void **state) {
  (void)state;
  ipg_arena arena;
  ipg_arena_init(&arena);
  const char *toml = "[project]\nname = \"x\"\ndescription = \"\"\"\n[project.scripts]\n"
                     "fake = \"no:no\"\n\"\"\"\n\n[project.scripts]\n"
                     "app = \"app.cli:main\"  # comment\n\"app-x\" = 'app.x:run'\n"
                     "esc = \"a\\\\b:c\"\n[tool.other]\napp = \"wrong:one\"\n";
  assert_string_equal(toml_script(&arena, toml, "app"), "app.cli:main");
  assert_string_equal(toml_script(&arena, toml, "app-x"), "app.x:run");
  assert_string_equal(toml_script(&arena, toml, "esc"), "a\\b:c");
  assert_null(toml_script(&arena, toml, "fake"));
  assert_null(toml_script(&arena, toml, "missing"));
  assert_string_equal(
      toml_script(&arena, "[project]\nscripts = { a = \"m:f\", 'b' = \"n:g\" }\n", "b"), "n:g");
  assert_string_equal(toml_script(&arena, "[tool.poetry.scripts]\np = \"pkg.main:run\"\n", "p"),
                      "pkg.main:run");
  assert_string_equal(toml_script(&arena, "[ project . scripts ]\nq=\"m:q\"", "q"), "m:q");

  const char *ini = "[console_scripts]\n  tool = pkg.cli:main [extra]\r\n; comment\n"
                    "[other]\nnot = this:one\n[gui_scripts]\ngui=pkg.gui:run\n";
  assert_string_equal(ipg_entry_points_script(&arena, ini, strlen(ini), "tool"),
                      "pkg.cli:main [extra]");
  assert_string_equal(ipg_entry_points_script(&arena, ini, strlen(ini), "gui"), "pkg.gui:run");
  assert_null(ipg_entry_points_script(&arena, ini, strlen(ini), "not"));

  const char *module, *function;
  ipg_split_entry_point(&arena, " pkg.cli : main [extra] ", &module, &function);
  assert_string_equal(module, "pkg.cli");
  assert_string_equal(function, "main");
  ipg_split_entry_point(&arena, "pkg.mod", &module, &function);
  assert_string_equal(module, "pkg.mod");
  assert_null(function);

  /* pyproject.toml of a root first, then installed distributions. */
  ipg_graph_root root;
  assert_int_equal(ipg_root_detect(&root, &arena, PROJ, NULL), IMPGRAPH_OK);
  ipg_probe *probe = static_probe();
  const char *value, *where;
  assert_int_equal(ipg_console_script_find(&value, &where, &arena, &root, 1, probe, "app-config"),
                   IMPGRAPH_OK);
  assert_string_equal(value, "app.config:show");
  assert_string_equal(where, PROJ "/pyproject.toml");
  assert_int_equal(ipg_console_script_find(&value, &where, &arena, &root, 1, probe, "tp-cli"),
                   IMPGRAPH_OK);
  assert_string_equal(value, "tp.core:main");
  assert_string_equal(where, SITE "/tp-1.0.dist-info/entry_points.txt");
  assert_int_equal(ipg_console_script_find(&value, &where, &arena, &root, 1, probe, "nope"),
                   IMPGRAPH_OK);
  assert_null(value);
  ipg_probe_free(probe);
  ipg_arena_free(&arena);
}

/* ---- edges ---- */

static void test_edge_classification(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe(), PROJ, CLI_ENTRY, 1, 0, 2);
  const impgraph_edge *e = edge(g, "app.cli", "json");
  assert_non_null(e);
  assert_int_equal(e->kind, IMPGRAPH_EDGE_EAGER);
  assert_int_equal(e->line, 2);
  assert_int_equal(e->column, 1);
  assert_non_null(strstr(e->file, "app/cli.py"));
  assert_string_equal(e->scope, "");
  assert_null(e->names);
  /* import a.b.c: an edge to a.b.c, parent edges carry the chain. */
  assert_int_equal(edge(g, "app.cli", "app.a.b.c")->kind, IMPGRAPH_EDGE_EAGER);
  assert_null(edge(g, "app.cli", "app.a.b"));
  e = edge(g, "app.a.b.c", "app.a.b");
  assert_int_equal(e->kind, IMPGRAPH_EDGE_PARENT);
  assert_null(e->file);
  assert_int_equal(e->import_index, SIZE_MAX);
  assert_int_equal(edge(g, "app.a.b", "app.a")->kind, IMPGRAPH_EDGE_PARENT);
  assert_int_equal(edge(g, "app.a", "app")->kind, IMPGRAPH_EDGE_PARENT);
  /* from . import config / from app import helpers, VERSION */
  e = edge(g, "app.cli", "app.config");
  assert_string_equal(e->names, "config");
  e = edge(g, "app.cli", "app.helpers");
  assert_int_equal(e->kind, IMPGRAPH_EDGE_EAGER);
  assert_string_equal(e->names, "helpers");
  e = edge(g, "app.cli", "app");
  assert_int_equal(e->kind, IMPGRAPH_EDGE_EAGER);
  assert_string_equal(e->names, "VERSION");
  assert_int_equal(edge(g, "app.cli", "decimal")->kind, IMPGRAPH_EDGE_TYPE_CHECKING);
  e = edge(g, "app.cli", "heapq");
  assert_int_equal(e->kind, IMPGRAPH_EDGE_EAGER);
  assert_true(e->flags & IMPGRAPH_CTX_TYPE_CHECKING_ELSE);
  e = edge(g, "app.cli", "nonexistent");
  assert_int_equal(e->kind, IMPGRAPH_EDGE_EAGER);
  assert_true(e->flags & IMPGRAPH_CTX_OPTIONAL);
  assert_int_equal(edge(g, "app.cli", "tp")->kind, IMPGRAPH_EDGE_LAZY); /* __lazy_modules__ */
  assert_int_equal(edge(g, "app.cli", "io")->kind, IMPGRAPH_EDGE_LAZY); /* lazy import */
  e = edge(g, "app.cli", "enum");
  assert_int_equal(e->kind, IMPGRAPH_EDGE_EAGER);
  assert_true(e->flags & IMPGRAPH_CTX_CLASS_BODY);
  e = edge(g, "app.cli", "csv");
  assert_int_equal(e->kind, IMPGRAPH_EDGE_FUNCTION);
  assert_string_equal(e->scope, "main");
  assert_int_equal(edge(g, "app.cli", "doctest")->kind, IMPGRAPH_EDGE_MAIN);
  assert_int_equal(edge(g, "heapq", "doctest")->kind, IMPGRAPH_EDGE_MAIN);
  /* import_module(".helpers", "app") */
  bool found = false;
  size_t cli = id_of(g, "app.cli"), helpers = id_of(g, "app.helpers");
  for (size_t i = 0; i < impgraph_graph_edge_count(g); i++) {
    e = impgraph_graph_edge(g, i);
    found = found || (e->from == cli && e->to == helpers && e->kind == IMPGRAPH_EDGE_FUNCTION);
  }
  assert_true(found);
  /* Relative import beyond the top-level package; __import__(name). */
  assert_true(has_diagnostic(g, "relative-import", "beyond top-level package"));
  assert_true(has_diagnostic(g, "dynamic-import", "__import__(mod.NAME)"));
  assert_true(has_diagnostic(g, "static-mode", NULL));
  assert_int_equal(g->dynamic_import_count, 1);
  /* The import record behind an edge. */
  e = edge(g, "app.cli", "json");
  const impgraph_import *rec =
      impgraph_scan_import(impgraph_graph_module_scan(g, cli), e->import_index);
  assert_string_equal(rec->module, "json");
  impgraph_graph_free(g);
}

static void test_missing_modules(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe(), PROJ, CLI_ENTRY, 1, 0, 1);
  const impgraph_module *m = mod(g, "nonexistent");
  assert_int_equal(m->kind, IMPGRAPH_MODULE_MISSING);
  assert_true(m->flags & IMPGRAPH_MODULE_MISSING_OPTIONAL);
  assert_false(m->flags & IMPGRAPH_MODULE_IN_STARTUP);
  assert_non_null(m->reason);
  m = mod(g, "_json"); /* try: from _json import ... in json.encoder */
  assert_true(m->flags & IMPGRAPH_MODULE_MISSING_OPTIONAL);
  assert_int_equal(mod(g, "sys")->kind, IMPGRAPH_MODULE_BUILTIN);
  assert_int_equal(mod(g, "sys")->origin, IMPGRAPH_ORIGIN_STDLIB);
  /* Static mode: the stdlib is guessed from lib/python3.11. */
  assert_int_equal(mod(g, "json")->origin, IMPGRAPH_ORIGIN_STDLIB);
  assert_int_equal(mod(g, "tp")->origin, IMPGRAPH_ORIGIN_THIRD_PARTY);
  assert_int_equal(mod(g, "app.cli")->origin, IMPGRAPH_ORIGIN_FIRST_PARTY);
  assert_string_equal(mod(g, "json")->path, STDLIB "/json/__init__.py");
  assert_int_equal(mod(g, "json")->kind, IMPGRAPH_MODULE_PACKAGE);
  impgraph_graph_free(g);
}

/* ---- start-up set ---- */

static void test_startup_set(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe(), PROJ, CLI_ENTRY, 1, 0, 2);
  const char *loaded[] = {"app",        "app.cli",     "app.a", "app.a.b",      "app.a.b.c",
                          "app.config", "app.helpers", "json",  "json.decoder", "json.encoder",
                          "re",         "enum",        "heapq", "typing",       "sys"};
  for (size_t i = 0; i < sizeof loaded / sizeof *loaded; i++)
    if (!in_startup(g, loaded[i]))
      fail_msg("%s should be in the start-up set", loaded[i]);
  const char *not_loaded[] = {"csv", "decimal", "doctest",   "nonexistent",
                              "tp",  "io",      "importlib", "_json"};
  for (size_t i = 0; i < sizeof not_loaded / sizeof *not_loaded; i++)
    if (in_startup(g, not_loaded[i]))
      fail_msg("%s should not be in the start-up set", not_loaded[i]);
  /* Modules reached through function-level / lazy / TYPE_CHECKING edges are
     nodes but not expanded. */
  assert_true(mod(g, "json")->flags & IMPGRAPH_MODULE_EXPANDED);
  assert_false(mod(g, "csv")->flags & IMPGRAPH_MODULE_EXPANDED);
  assert_false(mod(g, "tp")->flags & IMPGRAPH_MODULE_EXPANDED);
  assert_true(mod(g, "app.cli")->flags & IMPGRAPH_MODULE_IS_ENTRY);

  size_t *ids = NULL, count = 0;
  assert_int_equal(impgraph_graph_startup(&ids, &count, g, SIZE_MAX, NULL), IMPGRAPH_OK);
  assert_int_equal(count, g->startup_count);
  for (size_t i = 1; i < count; i++)
    assert_true(ids[i - 1] < ids[i]);
  impgraph_free(ids);
  assert_int_equal(impgraph_graph_startup(&ids, &count, g, 0, NULL), IMPGRAPH_OK);
  assert_int_equal(count, g->startup_count); /* one entry */
  impgraph_free(ids);
  assert_int_equal(impgraph_graph_startup(&ids, &count, g, 1, NULL), IMPGRAPH_ERANGE);
  assert_null(ids);
  impgraph_graph_free(g);
}

static void test_full_expands_everything(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe(), PROJ, CLI_ENTRY, 1, IMPGRAPH_GRAPH_FULL, 2);
  assert_true(mod(g, "csv")->flags & IMPGRAPH_MODULE_EXPANDED);
  assert_non_null(edge(g, "csv", "io"));
  assert_true(mod(g, "tp")->flags & IMPGRAPH_MODULE_EXPANDED);
  assert_non_null(edge(g, "tp.core", "json"));
  assert_false(in_startup(g, "csv")); /* the start-up set does not change */
  assert_false(in_startup(g, "io"));
  impgraph_graph_free(g);
}

static void test_preloaded(void **state) {
  (void)state;
  impgraph_graph *g = build(parsed_probe(), PROJ, CLI_ENTRY, 1, 0, 2);
  const impgraph_module *re = mod(g, "re");
  assert_true(re->flags & IMPGRAPH_MODULE_PRELOADED);
  assert_false(re->flags & IMPGRAPH_MODULE_IN_STARTUP);
  assert_false(re->flags & IMPGRAPH_MODULE_EXPANDED); /* its imports ran before us */
  assert_null(edge(g, "re", "enum"));
  assert_true(in_startup(g, "json.decoder"));
  assert_int_equal(mod(g, "json")->origin, IMPGRAPH_ORIGIN_STDLIB);
  assert_int_equal(mod(g, "tp")->origin, IMPGRAPH_ORIGIN_THIRD_PARTY);
  /* _json is stdlib by name even though it is missing. */
  assert_int_equal(mod(g, "_json")->origin, IMPGRAPH_ORIGIN_STDLIB);
  assert_false(has_diagnostic(g, "static-mode", NULL));
  impgraph_error err;
  size_t *edges = NULL, *lengths = NULL, chains = 0;
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "re", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "preloaded"));
  impgraph_graph_free(g);
}

/* ---- why ---- */

static void test_why(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe(), PROJ, CLI_ENTRY, 1, 0, 2);
  size_t *edges = NULL, *lengths = NULL, chains = 0;
  impgraph_error err;
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "json.decoder", 3, &err),
                   IMPGRAPH_OK);
  assert_int_equal(chains, 1);
  assert_int_equal(lengths[0], 2);
  assert_int_equal(edges[0], (size_t)(edge(g, "app.cli", "json") - impgraph_graph_edge(g, 0)));
  assert_string_equal(mod(g, "json.decoder")->name,
                      impgraph_graph_module(g, impgraph_graph_edge(g, edges[1])->to)->name);
  impgraph_free(edges);
  impgraph_free(lengths);

  /* re: json.decoder imports it too, but app.a.b.c is closer. */
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "re", 0, &err), IMPGRAPH_OK);
  assert_int_equal(chains, 1);
  assert_int_equal(lengths[0], 2);
  assert_string_equal(impgraph_graph_module(g, impgraph_graph_edge(g, edges[1])->from)->name,
                      "app.a.b.c");
  assert_int_equal(impgraph_graph_edge(g, edges[0])->from, id_of(g, "app.cli"));
  assert_int_equal(impgraph_graph_edge(g, edges[1])->from, impgraph_graph_edge(g, edges[0])->to);
  impgraph_free(edges);
  impgraph_free(lengths);

  /* app (a parent package): reached through a PARENT edge or an import. */
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "app", 0, &err), IMPGRAPH_OK);
  assert_true(chains >= 1);
  impgraph_free(edges);
  impgraph_free(lengths);

  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "app.cli", 0, &err),
                   IMPGRAPH_OK);
  assert_int_equal(chains, 1);
  assert_int_equal(lengths[0], 0);
  impgraph_free(edges);
  impgraph_free(lengths);

  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "csv", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "inside functions"));
  assert_null(edges);
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "doctest", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "__main__"));
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "nonexistent", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "missing"));
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "nosuch", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "not a module of the graph"));
  assert_int_equal(impgraph_graph_why(NULL, &lengths, &chains, g, "re", 0, &err), IMPGRAPH_EINVAL);
  impgraph_graph_free(g);

  /* Every first-party module is an entry: typing is imported by three of
     them, one chain per distinct last importer, in id order. */
  g = build(static_probe(), PROJ, NULL, 0, 0, 2);
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "typing", 0, &err),
                   IMPGRAPH_OK);
  assert_int_equal(chains, 3);
  const char *importers[] = {"app.cli", "app.config", "app.helpers"};
  for (size_t c = 0; c < 3; c++) {
    assert_int_equal(lengths[c], 1);
    assert_string_equal(impgraph_graph_module(g, impgraph_graph_edge(g, edges[c])->from)->name,
                        importers[c]);
  }
  impgraph_free(edges);
  impgraph_free(lengths);
  assert_int_equal(impgraph_graph_why(&edges, &lengths, &chains, g, "typing", 2, &err),
                   IMPGRAPH_OK);
  assert_int_equal(chains, 2);
  impgraph_free(edges);
  impgraph_free(lengths);
  impgraph_graph_free(g);
}

/* ---- cycles ---- */

static void test_cycles(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe(), PROJ, NULL, 0, 0, 2);
  size_t *mods, *mod_counts, *edges, *edge_counts, count;
  assert_int_equal(impgraph_graph_cycles(&mods, &mod_counts, &edges, &edge_counts, &count, g, NULL),
                   IMPGRAPH_OK);
  /* app.cli -> app.config -> app.cli, and app.cli -> app.helpers ->
     app.config (under `if NAME:`: conditional and true, so eager). The
     TYPE_CHECKING imports app.config -> app.helpers and app.helpers ->
     app.cli are not part of it. */
  assert_int_equal(count, 1);
  assert_int_equal(mod_counts[0], 3);
  assert_string_equal(impgraph_graph_module(g, mods[0])->name, "app.cli");
  assert_string_equal(impgraph_graph_module(g, mods[1])->name, "app.config");
  assert_string_equal(impgraph_graph_module(g, mods[2])->name, "app.helpers");
  size_t expected = 0;
  for (size_t i = 0; i < impgraph_graph_edge_count(g); i++) {
    const impgraph_edge *e = impgraph_graph_edge(g, i);
    bool inside = e->from >= mods[0] && e->from <= mods[2] && e->to >= mods[0] && e->to <= mods[2];
    expected += inside && e->kind != IMPGRAPH_EDGE_TYPE_CHECKING && e->kind != IMPGRAPH_EDGE_PARENT;
  }
  assert_int_equal(edge_counts[0], expected);
  for (size_t i = 0; i < edge_counts[0]; i++) {
    const impgraph_edge *e = impgraph_graph_edge(g, edges[i]);
    assert_int_not_equal(e->kind, IMPGRAPH_EDGE_TYPE_CHECKING);
    assert_int_not_equal(e->kind, IMPGRAPH_EDGE_PARENT);
    if (i)
      assert_true(edges[i - 1] < edges[i]);
  }
  impgraph_free(mods);
  impgraph_free(mod_counts);
  impgraph_free(edges);
  impgraph_free(edge_counts);
  /* Default entries: every first-party module; tests/ is not one. */
  assert_int_equal(impgraph_graph_entry_count(g), 7);
  assert_false(impgraph_graph_find(g, "tests", &count) == IMPGRAPH_OK);
  impgraph_graph_free(g);
}

/* ---- entries ---- */

static void test_entries(void **state) {
  (void)state;
  impgraph_error err;
  impgraph_graph_options opts = IMPGRAPH_GRAPH_OPTIONS_INIT;
  const char *roots[] = {PROJ};
  const char *entries[] = {"app.config:show", PROJ "/src/app/a/b/c.py"};
  const char *scripts[] = {"app", "tp-cli"};
  opts.roots = roots;
  opts.root_count = 1;
  opts.entries = entries;
  opts.entry_count = 2;
  opts.console_scripts = scripts;
  opts.console_script_count = 2;
  opts.jobs = 3;
  impgraph_graph *g = NULL;
  assert_int_equal(ipg_project_build(&g, static_probe(), &opts, &err), IMPGRAPH_OK);
  assert_int_equal(impgraph_graph_entry_count(g), 4);
  const impgraph_entry *e = impgraph_graph_entry(g, 0);
  assert_string_equal(e->spec, "app.config:show");
  assert_string_equal(impgraph_graph_module(g, e->module)->name, "app.config");
  assert_string_equal(e->function, "show");
  assert_null(e->script);
  e = impgraph_graph_entry(g, 1); /* a script inside a package is that module */
  assert_string_equal(impgraph_graph_module(g, e->module)->name, "app.a.b.c");
  e = impgraph_graph_entry(g, 2);
  assert_string_equal(e->script, "app");
  assert_string_equal(impgraph_graph_module(g, e->module)->name, "app.cli");
  assert_string_equal(e->function, "main");
  e = impgraph_graph_entry(g, 3);
  assert_string_equal(impgraph_graph_module(g, e->module)->name, "tp.core");
  assert_null(impgraph_graph_entry(g, 4));
  assert_true(in_startup(g, "tp"));
  impgraph_graph_free(g);

  /* A standalone script runs as __main__: its guarded imports are eager,
     those of the modules it imports are not; its directory is first-party. */
  const char *script[] = {DATA "/script/run.py"};
  opts.roots = NULL;
  opts.root_count = 0;
  opts.entries = script;
  opts.entry_count = 1;
  opts.console_scripts = NULL;
  opts.console_script_count = 0;
  assert_int_equal(ipg_project_build(&g, static_probe(), &opts, &err), IMPGRAPH_OK);
  assert_string_equal(mod(g, "run")->path, DATA "/script/run.py");
  assert_int_equal(mod(g, "helper")->origin, IMPGRAPH_ORIGIN_FIRST_PARTY);
  assert_int_equal(edge(g, "run", "csv")->kind, IMPGRAPH_EDGE_EAGER);
  assert_int_equal(edge(g, "helper", "decimal")->kind, IMPGRAPH_EDGE_MAIN);
  assert_true(in_startup(g, "csv"));
  assert_false(in_startup(g, "decimal"));
  impgraph_graph_free(g);

  /* Without roots, a module entry's package is the project. */
  const char *installed[] = {"tp"};
  opts.entries = installed;
  assert_int_equal(ipg_project_build(&g, static_probe(), &opts, &err), IMPGRAPH_OK);
  assert_int_equal(mod(g, "tp.core")->origin, IMPGRAPH_ORIGIN_FIRST_PARTY);
  assert_int_equal(mod(g, "json")->origin, IMPGRAPH_ORIGIN_STDLIB);
  impgraph_graph_free(g);
  /* ... unless it is the standard library. */
  const char *stdlib_entry[] = {"json"};
  opts.entries = stdlib_entry;
  assert_int_equal(ipg_project_build(&g, static_probe(), &opts, &err), IMPGRAPH_OK);
  assert_int_equal(mod(g, "json")->origin, IMPGRAPH_ORIGIN_STDLIB);
  impgraph_graph_free(g);

  /* Errors name what is missing. */
  const char *missing[] = {"app.nope"};
  opts.roots = roots;
  opts.root_count = 1;
  opts.entries = missing;
  assert_int_equal(ipg_project_build(&g, static_probe(), &opts, &err), IMPGRAPH_ENOTFOUND);
  assert_null(g);
  assert_non_null(strstr(err.message, "app.nope"));
  const char *bad[] = {"not a module"};
  opts.entries = bad;
  assert_int_equal(ipg_project_build(&g, static_probe(), &opts, &err), IMPGRAPH_EINVAL);
  const char *no_script[] = {"nope/run.py"};
  opts.entries = no_script;
  assert_int_equal(ipg_project_build(&g, static_probe(), &opts, &err), IMPGRAPH_ENOTFOUND);
  const char *unknown[] = {"no-such-script"};
  opts.entries = NULL;
  opts.entry_count = 0;
  opts.console_scripts = unknown;
  opts.console_script_count = 1;
  assert_int_equal(ipg_project_build(&g, static_probe(), &opts, &err), IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "no-such-script"));
  const char *missing_root[] = {DATA "/nope"};
  opts.roots = missing_root;
  opts.console_scripts = NULL;
  opts.console_script_count = 0;
  assert_int_equal(ipg_project_build(&g, static_probe(), &opts, &err), IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "source root"));

  /* The public entry point checks its options before running anything. */
  impgraph_graph_options pub = IMPGRAPH_GRAPH_OPTIONS_INIT;
  pub.roots = roots;
  pub.root_count = 1;
  pub.sys_path = SITE;
  assert_int_equal(impgraph_graph_build(&g, &pub, &err), IMPGRAPH_EINVAL);
  pub.version = 99;
  assert_int_equal(impgraph_graph_build(&g, &pub, &err), IMPGRAPH_EVERSION);
  assert_int_equal(impgraph_graph_options_init(&pub, IMPGRAPH_GRAPH_OPTIONS_VERSION), 0);
  assert_int_equal(impgraph_graph_build(&g, &pub, &err), IMPGRAPH_EINVAL); /* nothing */
  pub.roots = roots;
  pub.root_count = 1;
  pub.sys_path = SITE ":" STDLIB;
  pub.python_version = "3.11";
  assert_int_equal(impgraph_graph_build(&g, &pub, &err), IMPGRAPH_OK);
  assert_true(in_startup(g, "json"));
  impgraph_graph_free(g);
}

/* ---- determinism, views, renderers ---- */

static char *render(const impgraph_graph *g, impgraph_format format,
                    const impgraph_graph_view *view) {
  char *out = NULL;
  impgraph_error err;
  if (impgraph_render_graph(&out, NULL, g, format, view, &err))
    fail_msg("render: %s", err.message);
  return out;
}

static void test_deterministic(void **state) {
  (void)state;
  char *first = NULL;
  for (unsigned jobs = 1; jobs <= 4; jobs++) {
    impgraph_graph *g = build(static_probe(), PROJ, NULL, 0, IMPGRAPH_GRAPH_FULL, jobs);
    char *json = render(g, IMPGRAPH_FORMAT_JSON, NULL);
    if (!first)
      first = json;
    else {
      assert_string_equal(first, json);
      impgraph_free(json);
    }
    impgraph_graph_free(g);
  }
  impgraph_free(first);
}

/* The CALLED edges depend on module names and positions only: the same
   graph with its modules numbered backwards (and its edges grouped
   accordingly) gives the same edges and the same calls, also where two
   modules call the same function (tests/data/called: callpkg.again and
   callpkg.cross both call helpers.register; the first by name wins). The
   renumbered view reuses the memo of the first computation (as the
   build's finish does after its rounds), and a computation without memo
   agrees with it. */
static void test_called_independent_of_ids(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe(), IMPGRAPH_TEST_DATA "/called", NULL, 0, 0, 2);
  ipg_calls calls;
  ipg_calls_memo *memo = ipg_calls_memo_new();
  assert_non_null(memo);
  assert_int_equal(ipg_calls_compute(&calls, g, memo), IMPGRAPH_OK);
  size_t n = g->module_count, m = g->edge_count;
  /* Module v becomes n - 1 - v; edges regrouped by their new importer. */
  impgraph_graph view;
  memset(&view, 0, sizeof view);
  impgraph_module *modules = calloc(n, sizeof *modules);
  impgraph_scan **scans = calloc(n, sizeof *scans);
  impgraph_edge *edges = calloc(m, sizeof *edges);
  size_t *old_of = calloc(m, sizeof *old_of), *out_first = calloc(n + 1, sizeof *out_first);
  size_t *entries = calloc(g->entry_module_count, sizeof *entries);
  ipg_map by_name;
  ipg_map_init(&by_name);
  for (size_t v = 0; v < n; v++) {
    modules[n - 1 - v] = g->modules[v];
    scans[n - 1 - v] = g->scans[v];
    assert_int_equal(ipg_map_put(&by_name, g->modules[v].name, (void *)(uintptr_t)(n - v)), 0);
  }
  size_t k = 0;
  for (size_t nv = 0; nv < n; nv++) {
    out_first[nv] = k;
    size_t v = n - 1 - nv;
    for (size_t e = g->out_first[v]; e < g->out_first[v + 1]; e++) {
      edges[k] = g->edges[e];
      edges[k].from = n - 1 - g->edges[e].from;
      edges[k].to = n - 1 - g->edges[e].to;
      old_of[k++] = e;
    }
  }
  out_first[n] = k;
  for (size_t i = 0; i < g->entry_module_count; i++)
    entries[i] = n - 1 - g->entry_modules[g->entry_module_count - 1 - i];
  view.modules = modules;
  view.module_count = n;
  view.scans = scans;
  view.edges = edges;
  view.edge_count = m;
  view.out_first = out_first;
  view.entry_modules = entries;
  view.entry_module_count = g->entry_module_count;
  view.by_name = by_name;
  ipg_calls permuted, fresh;
  assert_int_equal(ipg_calls_compute(&permuted, &view, memo), IMPGRAPH_OK);
  assert_int_equal(ipg_calls_compute(&fresh, &view, NULL), IMPGRAPH_OK);
  for (size_t e = 0; e < m; e++) {
    assert_int_equal(fresh.sites[e].module, permuted.sites[e].module);
    assert_int_equal(fresh.sites[e].line, permuted.sites[e].line);
  }
  ipg_calls_free(&fresh);
  ipg_calls_memo_free(memo);
  size_t called = 0;
  bool register_seen = false;
  for (size_t e = 0; e < m; e++) {
    const ipg_call_site *a = &permuted.sites[e], *b = &calls.sites[old_of[e]];
    assert_int_equal(a->module == SIZE_MAX, b->module == SIZE_MAX);
    if (b->module == SIZE_MAX)
      continue;
    called++;
    assert_string_equal(modules[a->module].name, g->modules[b->module].name);
    assert_int_equal(a->line, b->line);
    assert_int_equal(a->column, b->column);
    /* The edges the build marked are these. */
    assert_int_equal(g->edges[old_of[e]].kind, IMPGRAPH_EDGE_CALLED);
    if (strcmp(g->modules[g->edges[old_of[e]].to].name, "callpkg.leaf_register") == 0) {
      assert_string_equal(g->modules[b->module].name, "callpkg.again");
      register_seen = true;
    }
  }
  assert_true(register_seen);
  assert_true(called >= 10);
  for (size_t v = 0; v < n; v++)
    assert_int_equal(permuted.live[n - 1 - v], calls.live[v]);
  ipg_calls_free(&permuted);
  ipg_calls_free(&calls);
  ipg_map_free(&by_name);
  free(modules);
  free(scans);
  free(edges);
  free(old_of);
  free(out_first);
  free(entries);
  impgraph_graph_free(g);
}

/* Sizes of the modules' files are recorded at build time (estimates are
   O(1)); missing and registered modules have none and estimate 0. */
static void test_file_sizes_and_estimates(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe(), PROJ, CLI_ENTRY, 1, 0, 2);
  for (size_t v = 0; v < g->module_count; v++) {
    const impgraph_module *m = &g->modules[v];
    struct stat st;
    if (m->path && stat(m->path, &st) == 0)
      assert_int_equal(g->file_size[v], (uint64_t)st.st_size);
    else
      assert_int_equal(g->file_size[v], 0);
    int64_t us = -1;
    assert_int_equal(impgraph_graph_module_estimate(g, v, &us), IMPGRAPH_OK);
    assert_int_equal(us, ipg_module_estimate(g, v));
    if (m->kind == IMPGRAPH_MODULE_MISSING || m->kind == IMPGRAPH_MODULE_REGISTERED)
      assert_int_equal(us, 0); /* a registered module's time is its parent's */
    else
      assert_true(us > 0);
  }
  /* Same kind, larger file: a larger estimate. */
  size_t cli = id_of(g, "app.cli"), c = id_of(g, "app.a.b.c");
  assert_true(g->file_size[cli] > g->file_size[c]);
  assert_true(ipg_module_estimate(g, cli) > ipg_module_estimate(g, c));
  impgraph_graph_free(g);
}

/* Observed-only edges follow the static ones: every-edge helpers, views
   (sized for them, filtering them like others), the start-up flag. */
static void test_observed_only_internals(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe(), PROJ, CLI_ENTRY, 1, 0, 2);
  size_t static_edges = g->edge_count;
  assert_int_equal(ipg_graph_edge_total(g), static_edges);
  const char *log = "import time: self [us] | cumulative | imported package\n"
                    "import time:       100 |        100 |     csv\n"
                    "import time:       200 |        300 |   app.a.b.c\n"
                    "import time:       300 |        600 | app.cli\n";
  const char *texts[] = {log};
  size_t lens[] = {strlen(log)};
  impgraph_profile *p = NULL;
  assert_int_equal(impgraph_profile_from_logs(&p, texts, lens, NULL, 1, NULL), IMPGRAPH_OK);
  assert_int_equal(impgraph_graph_attach_profile(g, p, NULL), IMPGRAPH_OK);
  impgraph_profile_free(p);
  assert_int_equal(g->edge_count, static_edges);
  assert_int_equal(ipg_graph_edge_total(g), static_edges + 1);
  const impgraph_edge *e = ipg_graph_edge_at(g, static_edges);
  assert_int_equal(e->kind, IMPGRAPH_EDGE_OBSERVED_ONLY);
  assert_int_equal(e->from, id_of(g, "app.a.b.c"));
  assert_int_equal(e->to, id_of(g, "csv"));
  assert_false(ipg_graph_edge_startup(g, static_edges));
  assert_true(ipg_graph_edge_observed(g, static_edges));
  assert_false(ipg_graph_edge_observed(g, static_edges + 1));

  ipg_view_sel sel;
  assert_int_equal(ipg_view_select(&sel, g, NULL, NULL), IMPGRAPH_OK);
  assert_true(sel.edge_keep[static_edges]);
  assert_int_equal(sel.kept_edges, static_edges + 1);
  ipg_view_sel_free(&sel);
  impgraph_graph_view view = IMPGRAPH_GRAPH_VIEW_INIT;
  const char *exclude[] = {"csv"};
  view.exclude = exclude;
  view.exclude_count = 1;
  assert_int_equal(ipg_view_select(&sel, g, &view, NULL), IMPGRAPH_OK);
  assert_false(sel.edge_keep[static_edges]);
  ipg_view_sel_free(&sel);
  char *text = render(g, IMPGRAPH_FORMAT_TEXT, NULL);
  assert_non_null(strstr(text, "    app.a.b.c -> csv\n"));
  impgraph_free(text);
  impgraph_graph_free(g);
}

static void test_views_and_formats(void **state) {
  (void)state;
  impgraph_graph *g = build(static_probe(), PROJ, CLI_ENTRY, 1, 0, 2);
  char *text = render(g, IMPGRAPH_FORMAT_TEXT, NULL);
  assert_non_null(strstr(text, "entries: 1\n  app.cli\n"));
  assert_non_null(strstr(text, "nonexistent  [optional]"));
  assert_non_null(strstr(text, "static mode"));
  impgraph_free(text);

  char *json = render(g, IMPGRAPH_FORMAT_JSON, NULL);
  assert_non_null(strstr(json, "\"schema\": \"impgraph-graph\""));
  assert_non_null(strstr(json, "\"schema_version\": 1"));
  assert_non_null(strstr(json, "\"from\": \"app.cli\""));
  assert_non_null(strstr(json, "\"kind\": \"type_checking\""));
  assert_non_null(strstr(json, "\"first_party\": true"));
  impgraph_free(json);

  char *dot = render(g, IMPGRAPH_FORMAT_DOT, NULL);
  assert_non_null(strstr(dot, "digraph impgraph {"));
  assert_non_null(strstr(dot, "subgraph \"cluster_"));
  assert_non_null(strstr(dot, "\"app.cli\" -> \"csv\" [style=dashed"));
  assert_non_null(strstr(dot, "\"app.cli\" -> \"decimal\" [style=dotted"));
  assert_non_null(strstr(dot, "\"app.cli\" -> \"tp\" [style=dashed, color=\"#198754\""));
  assert_non_null(strstr(dot, "arrowhead=odot, color=\"#dc3545\""));
  impgraph_free(dot);

  /* Views: start-up only, excluded packages, depth, collapse. */
  impgraph_graph_view view;
  assert_int_equal(impgraph_graph_view_init(&view, IMPGRAPH_GRAPH_VIEW_VERSION), 0);
  view.flags = IMPGRAPH_VIEW_STARTUP;
  const char *exclude[] = {"json"};
  view.exclude = exclude;
  view.exclude_count = 1;
  ipg_view_sel sel;
  assert_int_equal(ipg_view_select(&sel, g, &view, NULL), IMPGRAPH_OK);
  assert_false(sel.keep[id_of(g, "csv")]);
  assert_false(sel.keep[id_of(g, "json.decoder")]); /* inside an excluded package */
  assert_true(sel.keep[id_of(g, "re")]);
  ipg_view_sel_free(&sel);

  impgraph_graph_view depth = IMPGRAPH_GRAPH_VIEW_INIT;
  depth.max_depth = 1;
  assert_int_equal(ipg_view_select(&sel, g, &depth, NULL), IMPGRAPH_OK);
  assert_true(sel.keep[id_of(g, "json")]);
  assert_false(sel.keep[id_of(g, "json.decoder")]);
  ipg_view_sel_free(&sel);

  impgraph_graph_view collapse = IMPGRAPH_GRAPH_VIEW_INIT;
  collapse.flags = IMPGRAPH_VIEW_COLLAPSE;
  impgraph_graph *full = build(static_probe(), PROJ, CLI_ENTRY, 1, IMPGRAPH_GRAPH_FULL, 2);
  assert_int_equal(ipg_view_select(&sel, full, &collapse, NULL), IMPGRAPH_OK);
  assert_int_equal(sel.rep[id_of(full, "tp.core")], id_of(full, "tp"));
  assert_false(sel.keep[id_of(full, "tp.core")]);
  assert_true(sel.keep[id_of(full, "tp")]);
  assert_int_equal(sel.group_size[id_of(full, "tp")], 2);
  ipg_view_sel_free(&sel);
  dot = render(full, IMPGRAPH_FORMAT_DOT, &collapse);
  assert_non_null(strstr(dot, "(2 modules)"));
  assert_null(strstr(dot, "\"tp.core\""));
  impgraph_free(dot);
  impgraph_graph_free(full);

  impgraph_graph_view bad = IMPGRAPH_GRAPH_VIEW_INIT;
  bad.version = 7;
  char *out = NULL;
  assert_int_equal(impgraph_render_graph(&out, NULL, g, IMPGRAPH_FORMAT_TEXT, &bad, NULL),
                   IMPGRAPH_EVERSION);
  assert_int_equal(impgraph_render_graph(&out, NULL, g, (impgraph_format)9, NULL, NULL),
                   IMPGRAPH_EFORMAT);
  assert_null(out);

  /* why and cycles documents. */
  assert_int_equal(
      impgraph_render_why(&out, NULL, g, "json.decoder", 3, IMPGRAPH_FORMAT_TEXT, NULL),
      IMPGRAPH_OK);
  assert_non_null(strstr(out, "json.decoder is loaded at start-up"));
  assert_non_null(strstr(out, "app/cli.py:2: app.cli -> json  [eager]"));
  impgraph_free(out);
  assert_int_equal(impgraph_render_why(&out, NULL, g, "csv", 3, IMPGRAPH_FORMAT_JSON, NULL),
                   IMPGRAPH_OK);
  assert_non_null(strstr(out, "\"loaded\": false"));
  assert_non_null(strstr(out, "\"imported_by\": ["));
  impgraph_free(out);
  assert_int_equal(impgraph_render_why(&out, NULL, g, "csv", 3, IMPGRAPH_FORMAT_DOT, NULL),
                   IMPGRAPH_EFORMAT);
  assert_int_equal(impgraph_render_cycles(&out, NULL, g, IMPGRAPH_FORMAT_JSON, NULL), IMPGRAPH_OK);
  assert_non_null(strstr(out, "\"schema\": \"impgraph-cycles\""));
  impgraph_free(out);
  impgraph_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_roots),
      cmocka_unit_test(test_console_scripts),
      cmocka_unit_test(test_edge_classification),
      cmocka_unit_test(test_missing_modules),
      cmocka_unit_test(test_startup_set),
      cmocka_unit_test(test_full_expands_everything),
      cmocka_unit_test(test_preloaded),
      cmocka_unit_test(test_why),
      cmocka_unit_test(test_cycles),
      cmocka_unit_test(test_entries),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_views_and_formats),
      cmocka_unit_test(test_file_sizes_and_estimates),
      cmocka_unit_test(test_observed_only_internals),
      cmocka_unit_test(test_called_independent_of_ids),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
