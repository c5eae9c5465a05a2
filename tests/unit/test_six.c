/* unit.six — the reader of six.py's importer statements (resolve/six.c) on
   small texts, odd and malformed ones included, and the resolver serving
   six.moves from the fixture tests/data/six/vendor (static probe). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "resolve/resolve.h"
#include "resolve/resolve_internal.h"

#define HEAD                                                                                       \
  "class _SixMetaPathImporter(object):\n    pass\n__path__ = []\n"                                 \
  "sys.meta_path.append(_importer)\n"

static const ipg_six_env LINUX_311 = {
    .module_name = "six", .platform = "linux", .version_major = 3, .version_minor = 11};

typedef struct parsed {
  ipg_arena arena;
  ipg_six_importer six;
  int rc;
} parsed;

static parsed *parse_with(const char *text, const ipg_six_env *env) {
  parsed *p = calloc(1, sizeof *p);
  assert_non_null(p);
  ipg_arena_init(&p->arena);
  p->rc = ipg_six_parse(&p->six, &p->arena, text, strlen(text), env);
  return p;
}

static parsed *parse(const char *text) {
  return parse_with(text, &LINUX_311);
}

static void parsed_free(parsed *p) {
  ipg_arena_free(&p->arena);
  free(p);
}

static const ipg_six_list *list_named(const parsed *p, const char *name) {
  for (size_t i = 0; i < p->six.list_count; i++)
    if (strcmp(p->six.lists[i].name, name) == 0)
      return &p->six.lists[i];
  return NULL;
}

static void test_not_six(void **state) {
  (void)state;
  parsed *p = parse("_moved_attributes = [MovedModule('queue', 'Queue')]\n");
  assert_int_equal(p->rc, IMPGRAPH_ENOTFOUND);
  assert_false(p->six.recognised);
  parsed_free(p);
  /* The class alone is not enough: six's own `__path__ = []` and the
     append to sys.meta_path are needed too. */
  p = parse("class _SixMetaPathImporter(object):\n    pass\n");
  assert_int_equal(p->rc, IMPGRAPH_ENOTFOUND);
  parsed_free(p);
  assert_false(ipg_six_recognise(NULL, 0));
}

static const char SIX_TEXT[] = HEAD
    "_moved_attributes = [\n"
    "    MovedAttribute(\"reduce\", \"__builtin__\", \"functools\"),\n"
    "    MovedAttribute('cStringIO', 'cStringIO', 'io', 'StringIO'),\n"
    "    MovedAttribute(\"intern\", \"__builtin__\", \"sys\"),\n"
    "    MovedAttribute(\"getoutput\", \"commands\", None),\n"
    "    MovedAttribute(\"reload_module\", \"__builtin__\", \"importlib\" if PY34 else "
    "\"imp\", \"reload\"),\n"
    "    MovedModule(\"queue\", \"Queue\"),  # a comment\n"
    "    MovedModule(\"collections_abc\", \"collections\",\n"
    "                \"collections.abc\" if sys.version_info >= (3, 3) else "
    "\"collections\"),\n"
    "    MovedModule(\"_dummy_thread\", \"dummy_thread\", \"_dummy_thread\" if "
    "sys.version_info < (3, 9) else \"_thread\"),\n"
    "    MovedModule(\"urllib\", __name__ + \".moves.urllib\", __name__ + \".moves.urllib\"),\n"
    "]\n"
    "if sys.platform == \"win32\":\n"
    "    _moved_attributes += [\n"
    "        MovedModule(\"winreg\", \"_winreg\"),\n"
    "    ]\n"
    "if sys.platform.startswith('linux'):\n"
    "    _moved_attributes.extend([MovedModule('linuxonly', 'old')])\n"
    "if PY3:\n"
    "    _moved_attributes += [MovedModule('maybe', 'old')]\n"
    "\n"
    "for attr in _moved_attributes:\n"
    "    setattr(_MovedItems, attr.name, attr)\n"
    "    if isinstance(attr, MovedModule):\n"
    "        _importer._add_module(attr, \"moves.\" + attr.name)\n"
    "del attr\n"
    "_MovedItems._moved_attributes = _moved_attributes\n"
    "moves = _MovedItems(__name__ + \".moves\")\n"
    "_importer._add_module(moves, \"moves\")\n"
    "_urllib_parse_moved_attributes = [\n"
    "    MovedAttribute(\"urlparse\", \"urlparse\", \"urllib.parse\"),\n"
    "]\n"
    "Module_six_moves_urllib_parse._moved_attributes = _urllib_parse_moved_attributes\n"
    "_importer._add_module(Module_six_moves_urllib_parse(__name__ + \".moves.urllib_parse\"),\n"
    "                      \"moves.urllib_parse\", \"moves.urllib.parse\")\n"
    "_importer._add_module(Module_six_moves_urllib(__name__ + \".moves.urllib\"),\n"
    "                      \"moves.urllib\")\n";

static void expect_move(const ipg_six_list *list, const char *name, bool is_module,
                        const char *target, ipg_six_state state) {
  const ipg_six_move *m = NULL;
  for (size_t i = 0; i < list->count; i++)
    if (strcmp(list->moves[i].name, name) == 0)
      m = &list->moves[i];
  assert_non_null(m);
  assert_int_equal(m->is_module, is_module);
  if (target)
    assert_string_equal(m->target, target);
  else
    assert_null(m->target);
  assert_int_equal(m->state, state);
}

static void test_lists(void **state) {
  (void)state;
  parsed *p = parse(SIX_TEXT);
  assert_int_equal(p->rc, IMPGRAPH_OK);
  assert_true(p->six.recognised);
  assert_true(p->six.complete);
  assert_int_equal(p->six.problem_count, 0);
  const ipg_six_list *moved = list_named(p, "_moved_attributes");
  assert_non_null(moved);
  assert_true(moved->complete);
  assert_int_equal(moved->count, 12);
  expect_move(moved, "reduce", false, "functools", IPG_SIX_PRESENT);
  expect_move(moved, "cStringIO", false, "io", IPG_SIX_PRESENT);
  expect_move(moved, "getoutput", false, "getoutput", IPG_SIX_PRESENT); /* None: the name */
  expect_move(moved, "reload_module", false, NULL, IPG_SIX_PRESENT);    /* PY34: undecidable */
  expect_move(moved, "queue", true, "queue", IPG_SIX_PRESENT);
  expect_move(moved, "collections_abc", true, "collections.abc", IPG_SIX_PRESENT);
  expect_move(moved, "_dummy_thread", true, "_thread", IPG_SIX_PRESENT);
  expect_move(moved, "urllib", true, "six.moves.urllib", IPG_SIX_PRESENT);
  expect_move(moved, "winreg", true, "winreg", IPG_SIX_ABSENT);
  expect_move(moved, "linuxonly", true, "linuxonly", IPG_SIX_PRESENT);
  expect_move(moved, "maybe", true, "maybe", IPG_SIX_UNKNOWN);
  const ipg_six_move *winreg = &moved->moves[9];
  assert_string_equal(winreg->name, "winreg");
  assert_string_equal(winreg->condition, "sys.platform == \"win32\"");
  assert_int_equal(winreg->line, 19);
  parsed_free(p);
}

static void test_served(void **state) {
  (void)state;
  parsed *p = parse(SIX_TEXT);
  const ipg_six_importer *six = &p->six;
  const ipg_six_served *s = ipg_six_find_served(six, "moves");
  assert_non_null(s);
  assert_true(s->is_package);
  assert_non_null(s->attributes);
  assert_string_equal(s->attributes->name, "_moved_attributes");
  s = ipg_six_find_served(six, "moves.queue");
  assert_non_null(s);
  assert_non_null(s->moved);
  assert_string_equal(s->moved->target, "queue");
  assert_false(s->is_package);
  assert_null(ipg_six_find_served(six, "moves.winreg")); /* absent on linux */
  assert_null(ipg_six_find_served(six, "moves.reduce")); /* attributes are not modules */
  s = ipg_six_find_served(six, "moves.maybe");
  assert_non_null(s);
  assert_int_equal(s->state, IPG_SIX_UNKNOWN);
  /* The later _add_module call wins: moves.urllib is the lazy package. */
  s = ipg_six_find_served(six, "moves.urllib");
  assert_non_null(s);
  assert_null(s->moved);
  assert_true(s->is_package);
  s = ipg_six_find_served(six, "moves.urllib.parse");
  assert_non_null(s);
  assert_string_equal(s->attributes->name, "_urllib_parse_moved_attributes");
  assert_non_null(ipg_six_find_served(six, "moves.urllib_parse"));
  assert_non_null(ipg_six_find_move(s->attributes, "urlparse"));
  assert_null(ipg_six_find_move(s->attributes, "nope"));
  parsed_free(p);
}

static void test_windows_and_unknown_platform(void **state) {
  (void)state;
  ipg_six_env win = LINUX_311;
  win.platform = "win32";
  parsed *p = parse_with(SIX_TEXT, &win);
  const ipg_six_served *s = ipg_six_find_served(&p->six, "moves.winreg");
  assert_non_null(s);
  assert_int_equal(s->state, IPG_SIX_PRESENT);
  assert_null(ipg_six_find_served(&p->six, "moves.linuxonly"));
  parsed_free(p);
  ipg_six_env unknown = {.module_name = "vendored.six"}; /* static: nothing known */
  p = parse_with(SIX_TEXT, &unknown);
  s = ipg_six_find_served(&p->six, "moves.winreg");
  assert_non_null(s);
  assert_int_equal(s->state, IPG_SIX_UNKNOWN);
  const ipg_six_list *moved = list_named(p, "_moved_attributes");
  expect_move(moved, "collections_abc", true, NULL, IPG_SIX_PRESENT);
  expect_move(moved, "urllib", true, "vendored.six.moves.urllib", IPG_SIX_PRESENT);
  parsed_free(p);
}

static void test_version_conditions(void **state) {
  (void)state;
  static const char text[] =
      HEAD "L = [\n"
           "  MovedModule('a', 'x', 'yes' if sys.version_info[:2] == (3, 11) else 'no'),\n"
           "  MovedModule('b', 'x', 'yes' if sys.version_info >= (3, 11) else 'no'),\n"
           "  MovedModule('c', 'x', 'yes' if sys.version_info > (3, 11) else 'no'),\n"
           "  MovedModule('d', 'x', 'yes' if sys.version_info[0:2] < (3, 11) else 'no'),\n"
           "  MovedModule('e', 'x', 'yes' if sys.version_info >= (3, 11, 2) else 'no'),\n"
           "  MovedModule('f', 'x', 'yes' if sys.platform != 'win32' else 'no'),\n"
           "  MovedModule('g', 'x', 'yes' if os.name == 'nt' else 'no'),\n"
           "]\n";
  parsed *p = parse(text);
  const ipg_six_list *l = list_named(p, "L");
  assert_non_null(l);
  expect_move(l, "a", true, "yes", IPG_SIX_PRESENT);
  expect_move(l, "b", true, "yes", IPG_SIX_PRESENT);
  expect_move(l, "c", true, "yes", IPG_SIX_PRESENT); /* (3, 11, 7, ...) > (3, 11) */
  expect_move(l, "d", true, "no", IPG_SIX_PRESENT);
  expect_move(l, "e", true, NULL, IPG_SIX_PRESENT); /* the micro version is unknown */
  expect_move(l, "f", true, "yes", IPG_SIX_PRESENT);
  expect_move(l, "g", true, NULL, IPG_SIX_PRESENT); /* os.name: not read here */
  parsed_free(p);
}

/* Malformed and unusual text: problems with lines, incomplete results,
   never a crash or a guess. */
static void test_malformed(void **state) {
  (void)state;
  static const char text[] =
      HEAD "_moved_attributes = [\n"
           "    MovedModule('ok', 'old'),\n"
           "    MovedModule(name_var, 'old'),\n"             /* name not a literal */
           "    Other('x'),\n"                               /* not a move */
           "    MovedAttribute('short', 'old'),\n"           /* too few arguments */
           "    MovedModule('fine', 'old', \"n\" \"ew\"),\n" /* adjacent literals */
           "]\n"
           "for attr in _moved_attributes:\n"
           "    _importer._add_module(attr, prefix + attr.name)\n"
           "_importer._add_module(moves, some_name)\n"
           "_other = [MovedModule('unterminated', 'x'\n";
  parsed *p = parse(text);
  assert_int_equal(p->rc, IMPGRAPH_OK);
  assert_false(p->six.complete);
  const ipg_six_list *l = list_named(p, "_moved_attributes");
  assert_non_null(l);
  assert_false(l->complete);
  assert_int_equal(l->count, 2);
  expect_move(l, "ok", true, "ok", IPG_SIX_PRESENT);
  expect_move(l, "fine", true, "new", IPG_SIX_PRESENT);
  assert_true(p->six.problem_count >= 5);
  assert_int_equal(p->six.problems[0].line, 7);
  assert_string_equal(p->six.problems[0].message,
                      "not a MovedModule(...) or MovedAttribute(...) call with a literal name");
  assert_int_equal(p->six.problems[1].line, 8);
  assert_int_equal(p->six.problems[2].line, 9);
  bool loop = false, names = false;
  for (size_t i = 0; i < p->six.problem_count; i++) {
    loop = loop || strstr(p->six.problems[i].message, "in a loop");
    names = names || strstr(p->six.problems[i].message, "not string literals");
  }
  assert_true(loop);
  assert_true(names);
  parsed_free(p);
  /* Truncated everywhere: every prefix of a real-looking text parses. */
  for (size_t n = 0; n <= sizeof SIX_TEXT - 1; n++) {
    ipg_arena arena;
    ipg_arena_init(&arena);
    ipg_six_importer six;
    int rc = ipg_six_parse(&six, &arena, SIX_TEXT, n, &LINUX_311);
    assert_true(rc == IMPGRAPH_OK || rc == IMPGRAPH_ENOTFOUND);
    ipg_arena_free(&arena);
  }
}

/* The resolver on the fixture six: six.moves served, winreg absent. */
static void test_resolver(void **state) {
  (void)state;
  const char *path[] = {IMPGRAPH_TEST_DATA "/six/vendor"};
  static const char *const builtins[] = {"_thread", "sys"};
  ipg_probe_static_options o = {.sys_path = path,
                                .sys_path_count = 1,
                                .version = "3.11",
                                .builtins = builtins,
                                .builtin_count = 2};
  ipg_probe *probe = NULL;
  assert_int_equal(ipg_probe_static(&probe, &o, NULL), 0);
  ipg_resolver *r = NULL;
  assert_int_equal(ipg_resolver_new(&r, probe, NULL), 0);
  const ipg_module *m = NULL;
  assert_int_equal(ipg_resolve(r, "six.moves", &m, NULL), 0);
  assert_int_equal(m->kind, IPG_MODULE_REGISTERED);
  assert_int_equal(m->via, IPG_VIA_SIX);
  assert_true(m->is_package);
  assert_int_equal(ipg_resolve(r, "six.moves.urllib.parse", &m, NULL), 0);
  assert_int_equal(m->kind, IPG_MODULE_REGISTERED);
  assert_false(m->is_package);
  assert_int_equal(ipg_resolve(r, "six.nothing", &m, NULL), 0);
  assert_int_equal(m->kind, IPG_MODULE_MISSING);
  /* The static probe does not know the platform: winreg is undecided. */
  assert_int_equal(ipg_resolve(r, "six.moves.winreg", &m, NULL), 0);
  assert_int_equal(m->kind, IPG_MODULE_MISSING);
  assert_true(m->undecided);
  ipg_import_resolution res;
  assert_int_equal(ipg_resolve_import(r, &res, "user", false, "six.moves", 0, "_thread", NULL), 0);
  assert_string_equal(res.module->name, "six.moves");
  assert_null(res.submodule);
  assert_non_null(res.moved_target);
  assert_string_equal(res.moved_target->name, "_thread");
  assert_int_equal(res.moved_target->kind, IPG_MODULE_BUILTIN);
  assert_int_equal(ipg_resolve_import(r, &res, "user", false, "six.moves", 0, "winreg", NULL), 0);
  assert_null(res.moved_target);
  assert_null(res.missing_name); /* undecided: not known to fail */
  assert_int_equal(ipg_resolve_import(r, &res, "user", false, "six.moves", 0, "nope", NULL), 0);
  assert_non_null(res.missing_name);
  assert_string_equal(res.missing_name->name, "six.moves.nope");
  assert_int_equal(ipg_resolve_import(r, &res, "user", false, "six.moves.queue", 0, NULL, NULL), 0);
  assert_int_equal(res.module->kind, IPG_MODULE_REGISTERED);
  assert_non_null(res.moved_target);
  assert_string_equal(res.moved_target->name, "queue");
  ipg_resolver_free(r);
  ipg_probe_free(probe);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_not_six),
      cmocka_unit_test(test_lists),
      cmocka_unit_test(test_served),
      cmocka_unit_test(test_windows_and_unknown_platform),
      cmocka_unit_test(test_version_conditions),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_resolver),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
