/* Unit tests of the scanner's records besides imports and uses (parse/
 * records.c and toplevel.c): definitions, local references, CLI commands
 * and import-time effects, through impgraph_scanner_scan() on in-memory
 * sources.
 *
 * Expected ranges are given as the text they cover: range_is() finds that
 * text in the source (its n-th occurrence) and checks byte offsets, 1-based
 * lines and byte columns computed independently here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "impgraph.h"

#include "scan_support.h"

/* ---- helpers ------------------------------------------------------------- */

/* 1-based line and byte column of `at`. */
static void line_col(const char *text, size_t at, uint32_t *line, uint32_t *col) {
  uint32_t l = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < at; i++)
    if (text[i] == '\n') {
      l++;
      line_start = i + 1;
    }
  *line = l;
  *col = (uint32_t)(at - line_start + 1);
}

/* The range covers the `nth` occurrence of `needle` in the scanned text. */
static void range_is(const impgraph_scan *scan, impgraph_range r, const char *needle, int nth) {
  size_t len;
  const char *text = impgraph_scan_text(scan, &len);
  size_t start = offset_of(text, len, needle, nth), end = start + strlen(needle);
  uint32_t sl, sc, el, ec;
  line_col(text, start, &sl, &sc);
  line_col(text, end, &el, &ec);
  if (r.start_byte != start || r.end_byte != end || r.start_line != sl || r.start_column != sc ||
      r.end_line != el || r.end_column != ec)
    fail_msg("range of '%s': got bytes %u-%u %u:%u-%u:%u, want %zu-%zu %u:%u-%u:%u", needle,
             r.start_byte, r.end_byte, r.start_line, r.start_column, r.end_line, r.end_column,
             start, end, sl, sc, el, ec);
}

static const impgraph_definition *def_at(const impgraph_scan *scan, size_t i) {
  if (i >= impgraph_scan_definition_count(scan))
    fail_msg("definition %zu of %zu", i, impgraph_scan_definition_count(scan));
  return impgraph_scan_definition(scan, i);
}

static const impgraph_local_ref *ref_at(const impgraph_scan *scan, size_t i) {
  if (i >= impgraph_scan_local_ref_count(scan))
    fail_msg("local ref %zu of %zu", i, impgraph_scan_local_ref_count(scan));
  return impgraph_scan_local_ref(scan, i);
}

static const impgraph_cli_command *cmd_at(const impgraph_scan *scan, size_t i) {
  if (i >= impgraph_scan_cli_command_count(scan))
    fail_msg("cli command %zu of %zu", i, impgraph_scan_cli_command_count(scan));
  return impgraph_scan_cli_command(scan, i);
}

static const impgraph_effect *effect_at(const impgraph_scan *scan, size_t i) {
  if (i >= impgraph_scan_effect_count(scan))
    fail_msg("effect %zu of %zu", i, impgraph_scan_effect_count(scan));
  return impgraph_scan_effect(scan, i);
}

#define assert_str_or_null(actual, expected)                                                       \
  do {                                                                                             \
    const char *a_ = (actual), *e_ = (expected);                                                   \
    if (e_ == NULL)                                                                                \
      assert_null(a_);                                                                             \
    else {                                                                                         \
      assert_non_null(a_);                                                                         \
      assert_string_equal(a_, e_);                                                                 \
    }                                                                                              \
  } while (0)

static void def_is(const impgraph_definition *d, impgraph_definition_kind kind,
                   const char *qualname, const char *scope) {
  assert_int_equal(d->kind, kind);
  assert_string_equal(d->qualname, qualname);
  assert_string_equal(d->scope, scope);
}

/* Body placement: body_first covers `first` (its nth occurrence). */
static void body_is(const impgraph_scan *scan, const impgraph_definition *d, const char *first,
                    int nth, uint32_t indent, uint32_t is_inline) {
  range_is(scan, d->body_first, first, nth);
  assert_int_equal(d->body_indent, indent);
  assert_int_equal(d->body_inline, is_inline);
}

static void ref_is(const impgraph_local_ref *r, const char *name, const char *scope,
                   uint32_t flags) {
  assert_string_equal(r->name, name);
  assert_string_equal(r->scope, scope);
  if (r->flags != flags)
    fail_msg("flags of ref to %s in '%s': got 0x%x, want 0x%x", name, scope, r->flags, flags);
}

static void cmd_is(const impgraph_cli_command *c, impgraph_cli_framework framework,
                   const char *name, const char *handler, const char *scope) {
  assert_int_equal(c->framework, framework);
  assert_string_equal(c->name, name);
  assert_str_or_null(c->handler, handler);
  assert_string_equal(c->scope, scope);
}

static void effect_is(const impgraph_effect *e, impgraph_effect_kind kind, const char *text) {
  if (e->kind != kind || strcmp(e->text, text) != 0)
    fail_msg("effect: got kind %d '%s', want kind %d '%s'", e->kind, e->text, kind, text);
}

/* Every effect of the source, as "KIND:text" lines, for tests that check a
 * whole list at once. */
static const char *effect_names[] = {"CALL",   "REGISTER", "SYS_MODULES", "SYS_PATH",   "ATEXIT",
                                     "SIGNAL", "WARN_LOG", "ENVIRON",     "MONKEYPATCH"};

static void effects_are(const impgraph_scan *scan, const char *expected) {
  char got[4096] = "";
  size_t n = 0;
  for (size_t i = 0; i < impgraph_scan_effect_count(scan); i++) {
    const impgraph_effect *e = impgraph_scan_effect(scan, i);
    n += (size_t)snprintf(got + n, sizeof got - n, "%s:%s\n", effect_names[e->kind], e->text);
  }
  if (strcmp(got, expected) != 0)
    fail_msg("effects:\n%s\nwant:\n%s", got, expected);
}

enum {
  U_MOD = IMPGRAPH_USE_MODULE_LEVEL,
  U_FUNC = IMPGRAPH_USE_FUNCTION,
  U_CLASS = IMPGRAPH_USE_CLASS_BODY,
  U_ANN = IMPGRAPH_USE_ANNOTATION,
  U_DECO = IMPGRAPH_USE_DECORATOR,
  U_DEF = IMPGRAPH_USE_DEFAULT,
  U_BASE = IMPGRAPH_USE_BASE,
  U_TC = IMPGRAPH_USE_TYPE_CHECKING,
  U_COND = IMPGRAPH_USE_CONDITIONAL,
  CALL = IMPGRAPH_REF_CALL,
  VALUE = IMPGRAPH_REF_VALUE
};

#define FN IMPGRAPH_DEF_FUNCTION
#define CLS IMPGRAPH_DEF_CLASS

/* ---- definitions ---------------------------------------------------------- */

static void test_definitions_qualnames_and_order(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("def f():\n"
                                 "    pass\n"
                                 "class C(object):\n"
                                 "    def m(self):\n"
                                 "        class Local:\n"
                                 "            def deep(self): pass\n"
                                 "    async def am(self):\n"
                                 "        pass\n"
                                 "def outer():\n"
                                 "    g = lambda: 1\n"
                                 "    def inner():\n"
                                 "        pass\n"
                                 "    return inner\n");
  assert_int_equal(impgraph_scan_definition_count(scan), 8);
  def_is(def_at(scan, 0), FN, "f", "");
  def_is(def_at(scan, 1), CLS, "C", "");
  def_is(def_at(scan, 2), FN, "C.m", "C");
  def_is(def_at(scan, 3), CLS, "C.m.Local", "C.m");
  def_is(def_at(scan, 4), FN, "C.m.Local.deep", "C.m.Local");
  def_is(def_at(scan, 5), FN, "C.am", "C");
  def_is(def_at(scan, 6), FN, "outer", "");
  def_is(def_at(scan, 7), FN, "outer.inner", "outer");
  impgraph_scan_free(scan);

  scan = scan_str("def outer():\n    def inner():\n        pass\n");
  assert_int_equal(impgraph_scan_definition_count(scan), 2);
  def_is(def_at(scan, 0), FN, "outer", "");
  def_is(def_at(scan, 1), FN, "outer.inner", "outer");
  range_is(scan, def_at(scan, 0)->statement, "def outer():\n    def inner():\n        pass", 0);
  range_is(scan, def_at(scan, 1)->statement, "def inner():\n        pass", 0);
  impgraph_scan_free(scan);
}

static void test_definitions_statement_order(void **state) {
  (void)state;
  /* In order of the statement start: an outer def before its inner one. */
  impgraph_scan *scan = scan_str("def a(): pass\n"
                                 "def outer():\n"
                                 "    def inner(): pass\n"
                                 "def z(): pass\n");
  assert_int_equal(impgraph_scan_definition_count(scan), 4);
  def_is(def_at(scan, 0), FN, "a", "");
  def_is(def_at(scan, 1), FN, "outer", "");
  def_is(def_at(scan, 2), FN, "outer.inner", "outer");
  def_is(def_at(scan, 3), FN, "z", "");
  for (size_t i = 1; i < 4; i++)
    assert_true(def_at(scan, i)->statement.start_byte > def_at(scan, i - 1)->statement.start_byte);
  impgraph_scan_free(scan);
}

static void test_definitions_body_after_docstring(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("def f(a):\n"
                                 "    \"\"\"Doc.\n"
                                 "\n"
                                 "    More.\"\"\"\n"
                                 "    # a comment\n"
                                 "    x = a + 1\n"
                                 "    return x\n"
                                 "class C:\n"
                                 "    'Class doc.'\n"
                                 "    attr = 1\n"
                                 "def only_doc():\n"
                                 "    r\"\"\"Just this.\"\"\"\n"
                                 "def plain():\n"
                                 "    # leading comment\n"
                                 "    y = 2\n");
  assert_int_equal(impgraph_scan_definition_count(scan), 4);
  const impgraph_definition *f = def_at(scan, 0);
  def_is(f, FN, "f", "");
  body_is(scan, f, "x = a + 1", 0, 4, 0);
  assert_int_equal(f->body_first.start_line, 6);
  assert_int_equal(f->body_first.start_column, 5);
  range_is(scan, f->statement,
           "def f(a):\n    \"\"\"Doc.\n\n    More.\"\"\"\n    # a comment\n"
           "    x = a + 1\n    return x",
           0);
  const impgraph_definition *c = def_at(scan, 1);
  def_is(c, CLS, "C", "");
  body_is(scan, c, "attr = 1", 0, 4, 0);
  /* A body that is only a docstring: the docstring. */
  body_is(scan, def_at(scan, 2), "r\"\"\"Just this.\"\"\"", 0, 4, 0);
  /* Comments are not statements. */
  body_is(scan, def_at(scan, 3), "y = 2", 0, 4, 0);
  impgraph_scan_free(scan);
}

static void test_definitions_inline_bodies(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("def f(): return 1\n"
                                 "class C: pass\n"
                                 "def g(): \"doc\"\n"
                                 "def h(): x = 1; y = 2\n"
                                 "def k(a,\n"
                                 "      b) -> int: return a\n"
                                 "def d(): \"doc\"; z = 3\n");
  assert_int_equal(impgraph_scan_definition_count(scan), 6);
  body_is(scan, def_at(scan, 0), "return 1", 0, 0, 1);
  body_is(scan, def_at(scan, 1), "pass", 0, 0, 1);
  body_is(scan, def_at(scan, 2), "\"doc\"", 0, 0, 1);
  body_is(scan, def_at(scan, 3), "x = 1", 0, 0, 1);
  body_is(scan, def_at(scan, 4), "return a", 0, 0, 1);
  range_is(scan, def_at(scan, 4)->statement, "def k(a,\n      b) -> int: return a", 0);
  body_is(scan, def_at(scan, 5), "z = 3", 0, 0, 1);
  impgraph_scan_free(scan);
}

static void test_definitions_multiline_header_and_indent(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("class A:\n"
                                 "    def m(self,\n"
                                 "          x):  # trailing\n"
                                 "        return x\n"
                                 "def t():\n"
                                 "\treturn 1\n");
  assert_int_equal(impgraph_scan_definition_count(scan), 3);
  body_is(scan, def_at(scan, 0), "def m(self,\n          x):  # trailing\n        return x", 0, 4,
          0);
  body_is(scan, def_at(scan, 1), "return x", 0, 8, 0);
  /* Indentation counts bytes: one tab. */
  body_is(scan, def_at(scan, 2), "return 1", 0, 1, 0);
  impgraph_scan_free(scan);
}

static void test_definitions_decorated(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import functools\n"
                                 "@functools.lru_cache(maxsize=None)\n"
                                 "@other\n"
                                 "def f():\n"
                                 "    return 1\n"
                                 "class K:\n"
                                 "    @property\n"
                                 "    def p(self): return 2\n"
                                 "@dec\n"
                                 "class D: pass\n");
  assert_int_equal(impgraph_scan_definition_count(scan), 4);
  const impgraph_definition *f = def_at(scan, 0);
  def_is(f, FN, "f", "");
  range_is(scan, f->statement, "@functools.lru_cache(maxsize=None)\n@other\ndef f():\n    return 1",
           0);
  body_is(scan, f, "return 1", 0, 4, 0);
  def_is(def_at(scan, 1), CLS, "K", "");
  def_is(def_at(scan, 2), FN, "K.p", "K");
  range_is(scan, def_at(scan, 2)->statement, "@property\n    def p(self): return 2", 0);
  body_is(scan, def_at(scan, 2), "return 2", 0, 0, 1);
  range_is(scan, def_at(scan, 3)->statement, "@dec\nclass D: pass", 0);
  impgraph_scan_free(scan);
}

static void test_definitions_error_recovery(void **state) {
  (void)state;
  /* A def without a body still gives a record with a valid empty range. */
  impgraph_scan *scan = scan_str("def f(:\n");
  for (size_t i = 0; i < impgraph_scan_definition_count(scan); i++) {
    const impgraph_definition *d = def_at(scan, i);
    assert_non_null(d->qualname);
    assert_true(d->body_first.start_byte <= d->body_first.end_byte);
  }
  impgraph_scan_free(scan);
  scan = scan_str("def g():\n");
  assert_int_equal(impgraph_scan_definition_count(scan), 1);
  const impgraph_definition *g = def_at(scan, 0);
  def_is(g, FN, "g", "");
  assert_int_equal(g->body_first.start_byte, g->body_first.end_byte);
  impgraph_scan_free(scan);
}

/* ---- local references ----------------------------------------------------- */

static void test_local_refs_call_value_and_plain(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("def f(): pass\n"
                                 "class C: pass\n"
                                 "f()\n"
                                 "g = f\n"
                                 "run(f, cb=f)\n"
                                 "table = [f, C]\n"
                                 "d = {'a': f}\n"
                                 "pair = f, C\n"
                                 "f.attr\n"
                                 "C.make()\n"
                                 "x = C()\n");
  assert_int_equal(impgraph_scan_local_ref_count(scan), 12);
  ref_is(ref_at(scan, 0), "f", "", U_MOD | CALL);
  range_is(scan, ref_at(scan, 0)->range, "f", 2);  /* after "def" and "def f" */
  ref_is(ref_at(scan, 1), "f", "", U_MOD | VALUE); /* g = f */
  ref_is(ref_at(scan, 2), "f", "", U_MOD | VALUE); /* run(f */
  ref_is(ref_at(scan, 3), "f", "", U_MOD | VALUE); /* cb=f */
  ref_is(ref_at(scan, 4), "f", "", U_MOD | VALUE); /* [f */
  ref_is(ref_at(scan, 5), "C", "", U_MOD | VALUE); /* , C] */
  ref_is(ref_at(scan, 6), "f", "", U_MOD | VALUE); /* {'a': f} */
  ref_is(ref_at(scan, 7), "f", "", U_MOD | VALUE); /* pair = f, */
  ref_is(ref_at(scan, 8), "C", "", U_MOD | VALUE); /* C */
  ref_is(ref_at(scan, 9), "f", "", U_MOD);         /* f.attr */
  ref_is(ref_at(scan, 10), "C", "", U_MOD);        /* C.make() */
  ref_is(ref_at(scan, 11), "C", "", U_MOD | CALL); /* C() */
  range_is(scan, ref_at(scan, 11)->range, "C", 4);
  impgraph_scan_free(scan);
}

static void test_local_refs_scopes_and_roles(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("from typing import TYPE_CHECKING\n"
                                 "def deco(fn): return fn\n"
                                 "class Base: pass\n"
                                 "@deco\n"
                                 "def a(): pass\n"
                                 "@deco(1)\n"
                                 "def b(x: Base = Base, cb=a) -> Base:\n"
                                 "    return a()\n"
                                 "class D(Base):\n"
                                 "    handler = a\n"
                                 "    def m(self):\n"
                                 "        return lambda: b(0)\n"
                                 "if TYPE_CHECKING:\n"
                                 "    T = Base\n");
  size_t i = 0;
  ref_is(ref_at(scan, i++), "deco", "", U_MOD | U_DECO);
  ref_is(ref_at(scan, i++), "deco", "", U_MOD | U_DECO | CALL);
  ref_is(ref_at(scan, i++), "Base", "", U_MOD | U_ANN);  /* x: Base */
  ref_is(ref_at(scan, i++), "Base", "", U_MOD | U_DEF);  /* = Base */
  ref_is(ref_at(scan, i++), "a", "", U_MOD | U_DEF);     /* cb=a */
  ref_is(ref_at(scan, i++), "Base", "", U_MOD | U_ANN);  /* -> Base */
  ref_is(ref_at(scan, i++), "a", "b", U_FUNC | CALL);    /* return a() */
  ref_is(ref_at(scan, i++), "Base", "", U_MOD | U_BASE); /* class D(Base) */
  ref_is(ref_at(scan, i++), "a", "D", U_MOD | U_CLASS | VALUE);
  ref_is(ref_at(scan, i++), "b", "D.m.<lambda>", U_FUNC | CALL);
  ref_is(ref_at(scan, i++), "Base", "", U_MOD | U_TC | VALUE);
  assert_int_equal(impgraph_scan_local_ref_count(scan), i);
  impgraph_scan_free(scan);
}

static void test_local_refs_are_reads_of_module_level_names(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("def f(): pass\n"
                                 "class C:\n"
                                 "    def method(self): pass\n"
                                 "def outer(f):\n" /* parameter: a binding */
                                 "    global C\n"  /* a declaration */
                                 "    def inner(): pass\n"
                                 "    inner()\n"   /* not module level */
                                 "    method()\n"  /* a class body's def */
                                 "    obj.f = 1\n" /* attribute name */
                                 "    g(f=1)\n"    /* keyword name */
                                 "    f = 2\n"     /* assignment target */
                                 "    del C\n"
                                 "try:\n"
                                 "    def cond(): pass\n"
                                 "except ImportError:\n"
                                 "    cond = None\n"
                                 "cond()\n"
                                 "# f() in a comment, 'f' in a string\n");
  /* Only `cond()`: cond is bound by a def inside a module-level try. */
  assert_int_equal(impgraph_scan_local_ref_count(scan), 1);
  ref_is(ref_at(scan, 0), "cond", "", U_MOD | CALL);
  range_is(scan, ref_at(scan, 0)->range, "cond", 2);
  impgraph_scan_free(scan);
}

static void test_local_refs_also_import_bound(void **state) {
  (void)state;
  /* A def name that an import also binds is still a def name: both a use
   * and a local reference. */
  impgraph_scan *scan = scan_str("try:\n"
                                 "    from _speedups import fast\n"
                                 "except ImportError:\n"
                                 "    def fast(x): return x\n"
                                 "def main():\n"
                                 "    return fast(1)\n");
  assert_int_equal(impgraph_scan_local_ref_count(scan), 1);
  ref_is(ref_at(scan, 0), "fast", "main", U_FUNC | CALL);
  size_t reads = 0;
  for (size_t i = 0; i < impgraph_scan_use_count(scan); i++) {
    const impgraph_use *u = impgraph_scan_use(scan, i);
    if (!(u->flags & IMPGRAPH_USE_BINDING)) {
      reads++;
      assert_string_equal(u->scope, "main");
    }
  }
  assert_int_equal(reads, 1);
  impgraph_scan_free(scan);
}

static void test_local_refs_conditional(void **state) {
  (void)state;
  /* References carry IMPGRAPH_USE_CONDITIONAL as uses do (a try body is not
   * conditional, its handlers are; so is a def defined under an if). */
  impgraph_scan *scan = scan_str("def f(): pass\n"
                                 "f()\n"
                                 "if c:\n    f()\n"
                                 "try:\n    f()\nexcept E:\n    f()\n"
                                 "if c:\n    def g():\n        f()\n"
                                 "def h():\n    f()\n    for _ in x: f()\n");
  assert_int_equal(impgraph_scan_local_ref_count(scan), 7);
  ref_is(ref_at(scan, 0), "f", "", U_MOD | CALL);
  ref_is(ref_at(scan, 1), "f", "", U_MOD | U_COND | CALL);
  ref_is(ref_at(scan, 2), "f", "", U_MOD | CALL);
  ref_is(ref_at(scan, 3), "f", "", U_MOD | U_COND | CALL);
  ref_is(ref_at(scan, 4), "f", "g", U_FUNC | U_COND | CALL);
  ref_is(ref_at(scan, 5), "f", "h", U_FUNC | CALL);
  ref_is(ref_at(scan, 6), "f", "h", U_FUNC | U_COND | CALL);
  impgraph_scan_free(scan);
}

/* ---- CLI commands --------------------------------------------------------- */

static void test_cli_argparse(void **state) {
  (void)state;
  impgraph_scan *scan =
      scan_str("import argparse\n"
               "def cmd_add(a): pass\n"
               "def cmd_list(a): pass\n"
               "def build():\n"
               "    parser = argparse.ArgumentParser()\n"
               "    sub = parser.add_subparsers()\n"
               "    add = sub.add_parser(\"add\", help=\"add one\")\n"
               "    add.add_argument(\"title\")\n"
               "    add.set_defaults(func=cmd_add)\n"
               "    sub.add_parser('list').set_defaults(func=cmd_list)\n"
               "    sub.add_parser(name='stats').set_defaults(func=handlers.stats)\n"
               "    bare = sub.add_parser('bare')\n"
               "    sub.add_parser(NAME_VAR).set_defaults(func=cmd_list)\n"
               "    other = sub.add_parser('other')\n"
               "    return parser\n"
               "def elsewhere():\n"
               "    other.set_defaults(func=cmd_add)\n"
               "top: argparse.ArgumentParser = sub.add_parser('top')\n"
               "top.set_defaults(func=cmd_list)\n");
  assert_int_equal(impgraph_scan_cli_command_count(scan), 6);
  const impgraph_cli_command *add = cmd_at(scan, 0);
  cmd_is(add, IMPGRAPH_CLI_ARGPARSE, "add", "cmd_add", "build");
  range_is(scan, add->range, "sub.add_parser(\"add\", help=\"add one\")", 0);
  cmd_is(cmd_at(scan, 1), IMPGRAPH_CLI_ARGPARSE, "list", "cmd_list", "build");
  range_is(scan, cmd_at(scan, 1)->range, "sub.add_parser('list')", 0);
  cmd_is(cmd_at(scan, 2), IMPGRAPH_CLI_ARGPARSE, "stats", "handlers.stats", "build");
  /* No set_defaults: no handler. */
  cmd_is(cmd_at(scan, 3), IMPGRAPH_CLI_ARGPARSE, "bare", NULL, "build");
  /* set_defaults on `other` in another scope does not count. */
  cmd_is(cmd_at(scan, 4), IMPGRAPH_CLI_ARGPARSE, "other", NULL, "build");
  cmd_is(cmd_at(scan, 5), IMPGRAPH_CLI_ARGPARSE, "top", "cmd_list", "");
  impgraph_scan_free(scan);
}

static void test_cli_argparse_reassigned_variable(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("def setup(sub):\n"
                                 "    p = sub.add_parser('a')\n"
                                 "    p.set_defaults(func=run_a)\n"
                                 "    p = sub.add_parser('b')\n"
                                 "    p.set_defaults(func=run_b)\n"
                                 "    p.set_defaults(verbose=True)\n");
  assert_int_equal(impgraph_scan_cli_command_count(scan), 2);
  cmd_is(cmd_at(scan, 0), IMPGRAPH_CLI_ARGPARSE, "a", "run_a", "setup");
  cmd_is(cmd_at(scan, 1), IMPGRAPH_CLI_ARGPARSE, "b", "run_b", "setup");
  impgraph_scan_free(scan);
}

static void test_cli_click(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import click\n"
                                 "from .main import cli\n"
                                 "@click.group()\n"
                                 "def main_group(): pass\n"
                                 "@main_group.command()\n"
                                 "@click.option('--n')\n"
                                 "def show_All(n): pass\n"
                                 "@cli.command\n"
                                 "def sync_now(): pass\n"
                                 "@cli.command('renamed', help='x')\n"
                                 "def old_name(): pass\n"
                                 "@cli.group(name=\"grp\")\n"
                                 "def grp_impl(): pass\n"
                                 "@click.command\n"
                                 "def solo(): pass\n"
                                 "@cli.command(name_var)\n"
                                 "def dynamic(): pass\n"
                                 "@cli.other()\n"
                                 "def not_a_command(): pass\n");
  assert_int_equal(impgraph_scan_cli_command_count(scan), 6);
  cmd_is(cmd_at(scan, 0), IMPGRAPH_CLI_CLICK, "main-group", "main_group", "");
  range_is(scan, cmd_at(scan, 0)->range, "@click.group()\ndef main_group(): pass", 0);
  cmd_is(cmd_at(scan, 1), IMPGRAPH_CLI_CLICK, "show-all", "show_All", "");
  cmd_is(cmd_at(scan, 2), IMPGRAPH_CLI_CLICK, "sync-now", "sync_now", "");
  cmd_is(cmd_at(scan, 3), IMPGRAPH_CLI_CLICK, "renamed", "old_name", "");
  cmd_is(cmd_at(scan, 4), IMPGRAPH_CLI_CLICK, "grp", "grp_impl", "");
  cmd_is(cmd_at(scan, 5), IMPGRAPH_CLI_CLICK, "solo", "solo", "");
  impgraph_scan_free(scan);
}

static void test_cli_typer(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import typer\n"
                                 "from typer import Typer\n"
                                 "@app.command()\n"
                                 "def hello_world(name: str): pass\n"
                                 "@other.command('x')\n"
                                 "def ex(): pass\n"
                                 "@sub.command()\n"
                                 "def in_sub(): pass\n"
                                 "app = typer.Typer(help='demo')\n"
                                 "def make():\n"
                                 "    global sub\n"
                                 "    sub = Typer()\n"
                                 "class Holder:\n"
                                 "    @app.command()\n"
                                 "    def method(self): pass\n");
  assert_int_equal(impgraph_scan_cli_command_count(scan), 4);
  /* APP assigned later in the file still makes it typer. */
  cmd_is(cmd_at(scan, 0), IMPGRAPH_CLI_TYPER, "hello-world", "hello_world", "");
  /* Unknown object: click. */
  cmd_is(cmd_at(scan, 1), IMPGRAPH_CLI_CLICK, "x", "ex", "");
  cmd_is(cmd_at(scan, 2), IMPGRAPH_CLI_TYPER, "in-sub", "in_sub", "");
  cmd_is(cmd_at(scan, 3), IMPGRAPH_CLI_TYPER, "method", "Holder.method", "Holder");
  impgraph_scan_free(scan);
}

/* ---- effects -------------------------------------------------------------- */

static void test_effects_each_kind(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import sys, os, atexit, signal, warnings, logging, json\n"
                                 "from plugins import registry\n"
                                 "sys.path.insert(0, 'lib')\n"
                                 "sys.path += ['more']\n"
                                 "sys.path = ['only']\n"
                                 "sys.meta_path.append(Finder())\n"
                                 "sys.modules['alias'] = sys.modules[__name__]\n"
                                 "sys.modules.setdefault('x', json)\n"
                                 "del sys.modules['alias']\n"
                                 "atexit.register(lambda: None)\n"
                                 "signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
                                 "warnings.filterwarnings('ignore')\n"
                                 "warnings.simplefilter('default')\n"
                                 "logging.basicConfig(level=logging.INFO)\n"
                                 "logging.getLogger('x').setLevel(logging.DEBUG)\n"
                                 "os.environ['A'] = '1'\n"
                                 "os.environ.setdefault('B', '2')\n"
                                 "os.putenv('C', '3')\n"
                                 "json.dumps = fast_dumps\n"
                                 "json.encoder.c_make_encoder = None\n"
                                 "registry['x'] = object\n"
                                 "registry.register(Thing)\n"
                                 "load_plugins()\n"
                                 "VERSION = compute_version()\n"
                                 "@registry.register\n"
                                 "def handler(): pass\n"
                                 "@atexit.register\n"
                                 "def bye(): pass\n");
  effects_are(scan, "SYS_PATH:sys.path.insert\n"
                    "SYS_PATH:sys.path\n"
                    "SYS_PATH:sys.path\n"
                    "SYS_PATH:sys.meta_path.append\n"
                    "SYS_MODULES:sys.modules['alias']\n"
                    "SYS_MODULES:sys.modules.setdefault\n"
                    "SYS_MODULES:sys.modules['alias']\n"
                    "ATEXIT:atexit.register\n"
                    "SIGNAL:signal.signal\n"
                    "WARN_LOG:warnings.filterwarnings\n"
                    "WARN_LOG:warnings.simplefilter\n"
                    "WARN_LOG:logging.basicConfig\n"
                    "WARN_LOG:logging.getLogger('x').setLevel\n"
                    "ENVIRON:os.environ['A']\n"
                    "ENVIRON:os.environ.setdefault\n"
                    "ENVIRON:os.putenv\n"
                    "MONKEYPATCH:json.dumps\n"
                    "MONKEYPATCH:json.encoder.c_make_encoder\n"
                    "MONKEYPATCH:registry['x']\n"
                    "CALL:registry.register\n"
                    "CALL:load_plugins\n"
                    "CALL:compute_version\n"
                    "REGISTER:registry.register\n"
                    "ATEXIT:atexit.register\n");
  /* Ranges: the statement, or the decorator. */
  range_is(scan, effect_at(scan, 0)->range, "sys.path.insert(0, 'lib')", 0);
  range_is(scan, effect_at(scan, 21)->range, "VERSION = compute_version()", 0);
  range_is(scan, effect_at(scan, 22)->range, "@registry.register", 0);
  range_is(scan, effect_at(scan, 23)->range, "@atexit.register", 0);
  effect_is(effect_at(scan, 20), IMPGRAPH_EFFECT_CALL, "load_plugins");
  impgraph_scan_free(scan);
}

static void test_effects_only_at_import_time(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import sys\n"
                                 "from typing import TYPE_CHECKING\n"
                                 "import typing as t\n"
                                 "if TYPE_CHECKING:\n"
                                 "    tc_only()\n"
                                 "else:\n"
                                 "    tc_else()\n"
                                 "if not t.TYPE_CHECKING:\n"
                                 "    runs()\n"
                                 "else:\n"
                                 "    never()\n"
                                 "if __name__ == \"__main__\":\n"
                                 "    main_only()\n"
                                 "elif sys.flags:\n"
                                 "    in_elif()\n"
                                 "else:\n"
                                 "    in_else()\n"
                                 "if ('__main__' == __name__):\n"
                                 "    reversed_main()\n"
                                 "def f():\n"
                                 "    sys.path.insert(0, 'x')\n"
                                 "    in_function()\n"
                                 "class K:\n"
                                 "    in_class_body()\n"
                                 "    @sys.modules.get\n"
                                 "    def method(self):\n"
                                 "        in_method()\n"
                                 "    class Inner:\n"
                                 "        nested_class_body()\n"
                                 "try:\n"
                                 "    in_try()\n"
                                 "except ImportError:\n"
                                 "    in_except()\n"
                                 "with ctx():\n"
                                 "    in_with()\n"
                                 "for item in items():\n"
                                 "    in_for()\n"
                                 "while cond():\n"
                                 "    in_while()\n");
  effects_are(scan, "CALL:tc_else\n"
                    "CALL:runs\n"
                    "CALL:in_elif\n"
                    "CALL:in_else\n"
                    "CALL:in_class_body\n"
                    "CALL:nested_class_body\n"
                    "CALL:in_try\n"
                    "CALL:in_except\n"
                    "CALL:in_with\n"
                    "CALL:in_for\n"
                    "CALL:in_while\n");
  impgraph_scan_free(scan);
}

static void test_effects_quiet_calls_are_not_reported(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import logging, re, os, functools, threading, typing, click\n"
                                 "import collections, contextvars, warnings, dataclasses\n"
                                 "from pathlib import Path\n"
                                 "from typing import TypeVar, NamedTuple\n"
                                 "T = TypeVar('T')\n"
                                 "P = typing.ParamSpec('P')\n"
                                 "log = logging.getLogger(__name__)\n"
                                 "PATTERN = re.compile(r'x+')\n"
                                 "Point = collections.namedtuple('Point', 'x y')\n"
                                 "_sentinel = object()\n"
                                 "CACHE = dict()\n"
                                 "HERE = os.path.dirname(__file__)\n"
                                 "DEBUG = os.environ.get('DEBUG')\n"
                                 "HOME = os.getenv('HOME')\n"
                                 "part = functools.partial(int, base=2)\n"
                                 "lock = threading.Lock()\n"
                                 "var = contextvars.ContextVar('var')\n"
                                 "ROOT = Path(__file__).parent\n"
                                 "warnings.warn('deprecated', DeprecationWarning)\n"
                                 "SEP = ', '.join(['a', 'b'])\n"
                                 "def helper(): return 1\n"
                                 "class Local: pass\n"
                                 "helper()\n"
                                 "VALUE = helper()\n"
                                 "inst = Local()\n"
                                 "Local.configure()\n"
                                 "parser = make_parser()\n"
                                 "parser.add_argument('--x')\n"
                                 "@property\n"
                                 "def prop(self): pass\n"
                                 "@dataclasses.dataclass(frozen=True)\n"
                                 "class Data: pass\n"
                                 "@functools.lru_cache(maxsize=None)\n"
                                 "def cached(): pass\n"
                                 "@click.option('--n')\n"
                                 "def opt(n): pass\n"
                                 "@helper.register\n"
                                 "def via_local(): pass\n"
                                 "@plain_name\n"
                                 "def plain(): pass\n");
  /* Only make_parser(): parser's own methods are this module's business. */
  effects_are(scan, "CALL:make_parser\n");
  impgraph_scan_free(scan);
}

static void test_effects_monkeypatch_needs_an_imported_root(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import json\n"
                                 "try:\n"
                                 "    import readline\n"
                                 "except ImportError:\n"
                                 "    readline = None\n"
                                 "local = Config()\n"
                                 "local.attr = 1\n"
                                 "json = None\n"
                                 "json.x, other.y = 1, 2\n"
                                 "readline.parse_and_bind('tab: complete')\n");
  /* `local` is not imported; `readline` is assigned but also imported. */
  effects_are(scan, "CALL:Config\n"
                    "MONKEYPATCH:json.x\n"
                    "CALL:readline.parse_and_bind\n");
  impgraph_scan_free(scan);
}

static void test_effects_text_is_shortened(void **state) {
  (void)state;
  /* 78 ASCII bytes then a 3-byte letter (U+4E2D): cut before it. */
  char src[512];
  char name[128];
  memset(name, 'a', 78);
  memcpy(name + 78, "\xE4\xB8\xAD", 3);
  memcpy(name + 81, "bbbb", 5);
  snprintf(src, sizeof src, "%s()\nregistry . register ( x ) # c\n", name);
  impgraph_scan *scan = scan_str(src);
  assert_int_equal(impgraph_scan_effect_count(scan), 2);
  const impgraph_effect *e = effect_at(scan, 0);
  assert_int_equal(e->kind, IMPGRAPH_EFFECT_CALL);
  assert_int_equal(strlen(e->text), 78);
  assert_memory_equal(e->text, name, 78);
  effect_is(effect_at(scan, 1), IMPGRAPH_EFFECT_CALL, "registry.register");
  impgraph_scan_free(scan);
}

/* ---- robustness ----------------------------------------------------------- */

static void test_records_of_empty_and_broken_sources(void **state) {
  (void)state;
  const char *sources[] = {"",
                           "\n",
                           "def",
                           "class",
                           "@x\n",
                           "def f(\n",
                           "class C(:\n pass\n",
                           "if __name__ == '__main__':\n",
                           "x.add_parser(\n",
                           "@app.command(\ndef f(): pass\n",
                           "sys.path[",
                           "def def(): pass\n"};
  for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
    impgraph_scan *scan = scan_str(sources[i]);
    for (size_t k = 0; k < impgraph_scan_definition_count(scan); k++)
      assert_non_null(def_at(scan, k)->qualname);
    for (size_t k = 0; k < impgraph_scan_cli_command_count(scan); k++)
      assert_non_null(cmd_at(scan, k)->name);
    for (size_t k = 0; k < impgraph_scan_effect_count(scan); k++)
      assert_non_null(effect_at(scan, k)->text);
    assert_null(impgraph_scan_definition(scan, impgraph_scan_definition_count(scan)));
    assert_null(impgraph_scan_local_ref(scan, impgraph_scan_local_ref_count(scan)));
    assert_null(impgraph_scan_cli_command(scan, impgraph_scan_cli_command_count(scan)));
    assert_null(impgraph_scan_effect(scan, impgraph_scan_effect_count(scan)));
    impgraph_scan_free(scan);
  }
  assert_int_equal(impgraph_scan_definition_count(NULL), 0);
  assert_int_equal(impgraph_scan_local_ref_count(NULL), 0);
  assert_int_equal(impgraph_scan_cli_command_count(NULL), 0);
  assert_int_equal(impgraph_scan_effect_count(NULL), 0);
  assert_null(impgraph_scan_definition(NULL, 0));
  assert_null(impgraph_scan_local_ref(NULL, 0));
  assert_null(impgraph_scan_cli_command(NULL, 0));
  assert_null(impgraph_scan_effect(NULL, 0));
}

static void test_records_of_deeply_nested_blocks(void **state) {
  (void)state;
  /* Far deeper than the 128 levels the import-time pass looks into: the
   * definition at the bottom is still a definition, and nothing breaks. */
  size_t levels = 300, cap = levels * (levels + 8) + 64, n = 0;
  char *src = malloc(cap);
  assert_non_null(src);
  for (size_t i = 0; i < levels; i++) {
    memset(src + n, ' ', i);
    n += i;
    memcpy(src + n, "if x:\n", 6);
    n += 6;
  }
  memset(src + n, ' ', levels);
  n += levels;
  n += (size_t)snprintf(src + n, cap - n, "def deep(): setup()\n");
  impgraph_scan *scan = NULL;
  assert_int_equal(impgraph_scanner_scan(scanner, &scan, "t.py", src, n, NULL), IMPGRAPH_OK);
  assert_int_equal(impgraph_scan_definition_count(scan), 1);
  def_is(def_at(scan, 0), FN, "deep", "");
  impgraph_scan_free(scan);
  free(src);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_definitions_qualnames_and_order),
      cmocka_unit_test(test_definitions_statement_order),
      cmocka_unit_test(test_definitions_body_after_docstring),
      cmocka_unit_test(test_definitions_inline_bodies),
      cmocka_unit_test(test_definitions_multiline_header_and_indent),
      cmocka_unit_test(test_definitions_decorated),
      cmocka_unit_test(test_definitions_error_recovery),
      cmocka_unit_test(test_local_refs_call_value_and_plain),
      cmocka_unit_test(test_local_refs_scopes_and_roles),
      cmocka_unit_test(test_local_refs_are_reads_of_module_level_names),
      cmocka_unit_test(test_local_refs_also_import_bound),
      cmocka_unit_test(test_local_refs_conditional),
      cmocka_unit_test(test_cli_argparse),
      cmocka_unit_test(test_cli_argparse_reassigned_variable),
      cmocka_unit_test(test_cli_click),
      cmocka_unit_test(test_cli_typer),
      cmocka_unit_test(test_effects_each_kind),
      cmocka_unit_test(test_effects_only_at_import_time),
      cmocka_unit_test(test_effects_quiet_calls_are_not_reported),
      cmocka_unit_test(test_effects_monkeypatch_needs_an_imported_root),
      cmocka_unit_test(test_effects_text_is_shortened),
      cmocka_unit_test(test_records_of_empty_and_broken_sources),
      cmocka_unit_test(test_records_of_deeply_nested_blocks),
  };
  return cmocka_run_group_tests_name("scan_records", tests, setup, teardown);
}
