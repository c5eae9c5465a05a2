/* Unit tests of the scanner's guard chains (impgraph_scan_import_guards,
 * parse/guards.c) and of IMPGRAPH_CTX_HANDLER, through
 * impgraph_scanner_scan() on in-memory sources. A guard is checked by the
 * text its range covers, and its line and column against the text. */
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

/* The index of the first import record of `module`. */
static size_t index_of(const impgraph_scan *scan, const char *module) {
  for (size_t i = 0; i < impgraph_scan_import_count(scan); i++) {
    const impgraph_import *im = impgraph_scan_import(scan, i);
    if (im->module && strcmp(im->module, module) == 0)
      return i;
  }
  fail_msg("no import of %s", module);
  return 0;
}

static const impgraph_guard *guards_of(const impgraph_scan *scan, const char *module,
                                       size_t *count) {
  return impgraph_scan_import_guards(scan, index_of(scan, module), count);
}

static uint32_t flags_of(const impgraph_scan *scan, const char *module) {
  return impgraph_scan_import(scan, index_of(scan, module))->flags;
}

/* Guard `g` covers exactly `text` and needs it `negated`; its line and
 * column agree with its byte offset. */
static void guard_is(const impgraph_scan *scan, const impgraph_guard *g, const char *text,
                     uint32_t negated) {
  size_t len;
  const char *src = impgraph_scan_text(scan, &len);
  impgraph_range r = g->condition;
  assert_true(r.start_byte <= r.end_byte && r.end_byte <= len);
  size_t n = r.end_byte - r.start_byte;
  if (n != strlen(text) || memcmp(src + r.start_byte, text, n) != 0)
    fail_msg("guard covers '%.*s', want '%s'", (int)n, src + r.start_byte, text);
  assert_int_equal(g->negated, negated);
  uint32_t line = 1, col = 1;
  for (uint32_t i = 0; i < r.start_byte; i++) {
    if (src[i] == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  assert_int_equal(r.start_line, line);
  assert_int_equal(r.start_column, col);
}

static void no_guards(const impgraph_scan *scan, const char *module) {
  size_t count = 99;
  assert_null(guards_of(scan, module, &count));
  assert_int_equal(count, 0);
}

static void test_if_elif_else(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import z\n"
                                 "if A:\n    import a\n"
                                 "elif B:\n    import b\n"
                                 "elif (C and\n      D):\n    import c\n"
                                 "else:\n    import d\n"
                                 "import e\n");
  size_t count;
  const impgraph_guard *g = guards_of(scan, "a", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "A", 0);
  g = guards_of(scan, "b", &count);
  assert_int_equal(count, 2);
  guard_is(scan, &g[0], "A", 1);
  guard_is(scan, &g[1], "B", 0);
  g = guards_of(scan, "c", &count);
  assert_int_equal(count, 3);
  guard_is(scan, &g[0], "A", 1);
  guard_is(scan, &g[1], "B", 1);
  guard_is(scan, &g[2], "(C and\n      D)", 0);
  g = guards_of(scan, "d", &count);
  assert_int_equal(count, 3);
  guard_is(scan, &g[0], "A", 1);
  guard_is(scan, &g[1], "B", 1);
  guard_is(scan, &g[2], "(C and\n      D)", 1);
  no_guards(scan, "z");
  no_guards(scan, "e");
  impgraph_scan_free(scan);
}

static void test_nested_class_and_function_boundaries(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("if sys.platform == 'win32':\n"
                                 "    if B:\n        import a\n"
                                 "    else:\n        import b\n"
                                 "    class K:\n        if C:\n            import c\n"
                                 "    def f(x=__import__('dflt')):\n"
                                 "        if D:\n            import d\n"
                                 "        import e\n"
                                 "    @__import__('deco').wrap\n"
                                 "    def h(): pass\n"
                                 "    g = lambda: __import__('lam')\n"
                                 "    m = lambda y=__import__('ldflt'): y\n");
  size_t count;
  const impgraph_guard *g = guards_of(scan, "a", &count);
  assert_int_equal(count, 2);
  guard_is(scan, &g[0], "sys.platform == 'win32'", 0);
  guard_is(scan, &g[1], "B", 0);
  g = guards_of(scan, "b", &count);
  assert_int_equal(count, 2);
  guard_is(scan, &g[0], "sys.platform == 'win32'", 0);
  guard_is(scan, &g[1], "B", 1);
  /* A class body runs where it stands. */
  g = guards_of(scan, "c", &count);
  assert_int_equal(count, 2);
  guard_is(scan, &g[0], "sys.platform == 'win32'", 0);
  guard_is(scan, &g[1], "C", 0);
  /* A def's default and decorator run with the def; its body later. */
  g = guards_of(scan, "dflt", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "sys.platform == 'win32'", 0);
  g = guards_of(scan, "deco", &count);
  assert_int_equal(count, 1);
  g = guards_of(scan, "d", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "D", 0);
  no_guards(scan, "e");
  no_guards(scan, "lam");
  g = guards_of(scan, "ldflt", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "sys.platform == 'win32'", 0);
  impgraph_scan_free(scan);
}

static void test_only_if_statements_guard(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("while A:\n    import w\nelse:\n    import we\n"
                                 "for i in x:\n    import f\nelse:\n    import fe\n"
                                 "with x:\n    import h\n"
                                 "try:\n    import t\nexcept ValueError:\n    import u\n"
                                 "else:\n    import te\n"
                                 "match x:\n    case 1:\n        import m\n"
                                 "x = __import__('ce') if A else None\n"
                                 "if __import__('cond'):\n    pass\n"
                                 "if A:\n    pass\nelif __import__('econd'):\n    pass\n");
  const char *unguarded[] = {"w", "we", "f", "fe", "h", "t", "u", "te", "m", "ce", "cond", "econd"};
  for (size_t i = 0; i < sizeof unguarded / sizeof *unguarded; i++)
    no_guards(scan, unguarded[i]);
  impgraph_scan_free(scan);
}

static void test_statement_forms(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("from importlib import import_module as im\n"
                                 "if A: import a, b\n"
                                 "if B:\n    im('renamed')\n"
                                 "if C:\n    lazy import lz\n"
                                 "if D:\n    __lazy_modules__ = ['l1', 'l2']\n"
                                 "if E:\n    from p import q, r\n"
                                 "if F:\n    importlib.import_module('il')\n"
                                 "if TYPE_CHECKING:\n    import tc\nelse:\n    import tce\n");
  size_t count;
  const impgraph_guard *g = guards_of(scan, "a", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "A", 0);
  g = guards_of(scan, "b", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "A", 0);
  /* Recorded by the use walk, after the import walk's records. */
  g = guards_of(scan, "renamed", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "B", 0);
  g = guards_of(scan, "lz", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "C", 0);
  assert_true(flags_of(scan, "lz") & IMPGRAPH_CTX_LAZY);
  g = guards_of(scan, "l2", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "D", 0);
  g = guards_of(scan, "p", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "E", 0);
  g = guards_of(scan, "il", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "F", 0);
  g = guards_of(scan, "tc", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "TYPE_CHECKING", 0);
  g = guards_of(scan, "tce", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "TYPE_CHECKING", 1);
  impgraph_scan_free(scan);
}

static void test_accessor_edges(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("if A:\n    import a\n");
  size_t count = 99;
  assert_null(impgraph_scan_import_guards(scan, 1, &count));
  assert_int_equal(count, 0);
  assert_non_null(impgraph_scan_import_guards(scan, 0, NULL));
  count = 99;
  assert_null(impgraph_scan_import_guards(NULL, 0, &count));
  assert_int_equal(count, 0);
  impgraph_scan_free(scan);
}

/* Appends `s` to buf (size checked by the caller's generous buffer). */
static size_t put(char *buf, size_t at, const char *s) {
  size_t n = strlen(s);
  memcpy(buf + at, s, n + 1);
  return at + n;
}

static void test_chain_is_capped_nearest_first(void **state) {
  (void)state;
  enum { LEVELS = 20 };
  char *src = calloc(1, 16384);
  assert_non_null(src);
  size_t at = 0;
  char line[128];
  /* 20 nested ifs around `import deep`. */
  for (int i = 0; i < LEVELS; i++) {
    snprintf(line, sizeof line, "%*sif c%d:\n", i, "", i);
    at = put(src, at, line);
  }
  snprintf(line, sizeof line, "%*simport deep\n", LEVELS, "");
  at = put(src, at, line);
  /* An if with 19 elifs; the import in the last. */
  at = put(src, at, "if e0:\n    pass\n");
  for (int i = 1; i < LEVELS; i++) {
    snprintf(line, sizeof line, "elif e%d:\n    %s\n", i, i == LEVELS - 1 ? "import wide" : "pass");
    at = put(src, at, line);
  }
  at = put(src, at, "else:\n    import rest\n");
  impgraph_scan *scan = scan_str(src);
  size_t count;
  const impgraph_guard *g = guards_of(scan, "deep", &count);
  assert_int_equal(count, IMPGRAPH_GUARD_MAX);
  for (size_t i = 0; i < count; i++) {
    snprintf(line, sizeof line, "c%zu", LEVELS - IMPGRAPH_GUARD_MAX + i);
    guard_is(scan, &g[i], line, 0);
  }
  g = guards_of(scan, "wide", &count);
  assert_int_equal(count, IMPGRAPH_GUARD_MAX);
  for (size_t i = 0; i + 1 < count; i++) {
    snprintf(line, sizeof line, "e%zu", LEVELS - IMPGRAPH_GUARD_MAX + i);
    guard_is(scan, &g[i], line, 1);
  }
  snprintf(line, sizeof line, "e%d", LEVELS - 1);
  guard_is(scan, &g[count - 1], line, 0);
  g = guards_of(scan, "rest", &count);
  assert_int_equal(count, IMPGRAPH_GUARD_MAX);
  for (size_t i = 0; i < count; i++) {
    snprintf(line, sizeof line, "e%zu", LEVELS - IMPGRAPH_GUARD_MAX + i);
    guard_is(scan, &g[i], line, 1);
  }
  impgraph_scan_free(scan);
  free(src);
}

static void test_sibling_if_statements_do_not_mix(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("if A:\n    if B:\n        pass\n    elif C:\n        pass\n"
                                 "    import a\n"
                                 "if D:\n    pass\nelse:\n    import d\n"
                                 "if E:\n    import e\n");
  size_t count;
  const impgraph_guard *g = guards_of(scan, "a", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "A", 0);
  g = guards_of(scan, "d", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "D", 1);
  g = guards_of(scan, "e", &count);
  assert_int_equal(count, 1);
  guard_is(scan, &g[0], "E", 0);
  impgraph_scan_free(scan);
}

static void test_handler_flag(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("try:\n    import a\nexcept ValueError:\n    import b\n"
                                 "except (KeyError, OSError) as e:\n    import c\n"
                                 "    def f():\n        import d\n"
                                 "    class K:\n        import e\n"
                                 "except ImportError:\n    import g\n"
                                 "    try:\n        pass\n    except KeyError:\n        import h\n"
                                 "try:\n    pass\nexcept* ValueError:\n    import i\n"
                                 "else:\n    import j\nfinally:\n    import k\n");
  enum {
    MOD = IMPGRAPH_CTX_MODULE,
    COND = IMPGRAPH_CTX_CONDITIONAL,
    HANDLER = IMPGRAPH_CTX_HANDLER,
    FALLBACK = IMPGRAPH_CTX_FALLBACK
  };
  assert_int_equal(flags_of(scan, "a"), MOD | IMPGRAPH_CTX_OPTIONAL);
  assert_int_equal(flags_of(scan, "b"), MOD | COND | HANDLER);
  assert_int_equal(flags_of(scan, "c"), MOD | COND | HANDLER);
  assert_int_equal(flags_of(scan, "d"), IMPGRAPH_CTX_FUNCTION | COND); /* runs when called */
  assert_int_equal(flags_of(scan, "e"), MOD | IMPGRAPH_CTX_CLASS_BODY | COND | HANDLER);
  assert_int_equal(flags_of(scan, "g"), MOD | COND | FALLBACK);
  assert_int_equal(flags_of(scan, "h"), MOD | COND | FALLBACK | HANDLER);
  assert_int_equal(flags_of(scan, "i"), MOD | COND | HANDLER);
  assert_int_equal(flags_of(scan, "j"), MOD | COND);
  assert_int_equal(flags_of(scan, "k"), MOD | COND);
  impgraph_scan_free(scan);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_if_elif_else),
      cmocka_unit_test(test_nested_class_and_function_boundaries),
      cmocka_unit_test(test_only_if_statements_guard),
      cmocka_unit_test(test_statement_forms),
      cmocka_unit_test(test_accessor_edges),
      cmocka_unit_test(test_chain_is_capped_nearest_first),
      cmocka_unit_test(test_sibling_if_statements_do_not_mix),
      cmocka_unit_test(test_handler_flag),
  };
  return cmocka_run_group_tests_name("scan_guards", tests, setup, teardown);
}
