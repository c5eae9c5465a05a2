/* Unit tests of parse/: the import and use extraction (extract.c and its
 * helpers) through impgraph_scanner_scan() on in-memory sources, plus the
 * decoding paths of scanner.c end to end.
 *
 * Expected ranges are given as the text they cover: range_is() finds that
 * text in the source (its n-th occurrence) and checks byte offsets, 1-based
 * lines and byte columns computed independently here. A few tests also pin
 * plain numbers so the helper itself is checked. */
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

static const impgraph_import *imp(const impgraph_scan *scan, size_t i) {
  if (i >= impgraph_scan_import_count(scan))
    fail_msg("import %zu of %zu", i, impgraph_scan_import_count(scan));
  return impgraph_scan_import(scan, i);
}

static const impgraph_use *use(const impgraph_scan *scan, size_t i) {
  if (i >= impgraph_scan_use_count(scan))
    fail_msg("use %zu of %zu", i, impgraph_scan_use_count(scan));
  return impgraph_scan_use(scan, i);
}

static size_t diagnostics_with(const impgraph_scan *scan, const char *code) {
  size_t n = 0;
  for (size_t i = 0; i < impgraph_scan_diagnostic_count(scan); i++)
    n += strcmp(impgraph_scan_diagnostic(scan, i)->code, code) == 0;
  return n;
}

/* 1-based line and byte column of `at`; `bom` bytes at the start are not
 * part of line 1's columns. A lone CR ends a line, like in Python. */
static void line_col(const char *text, size_t at, size_t bom, uint32_t *line, uint32_t *col) {
  uint32_t l = 1;
  size_t line_start = bom;
  for (size_t i = bom; i < at; i++)
    if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n')) {
      l++;
      line_start = i + 1;
    }
  *line = l;
  *col = (uint32_t)(at - line_start + 1);
}

static void range_in(const char *text, size_t len, size_t bom, impgraph_range r, const char *needle,
                     int nth) {
  size_t start = offset_of(text, len, needle, nth), end = start + strlen(needle);
  uint32_t sl, sc, el, ec;
  line_col(text, start, bom, &sl, &sc);
  line_col(text, end, bom, &el, &ec);
  if (r.start_byte != start || r.end_byte != end || r.start_line != sl || r.start_column != sc ||
      r.end_line != el || r.end_column != ec)
    fail_msg("range of '%s': got bytes %u-%u %u:%u-%u:%u, want %zu-%zu %u:%u-%u:%u", needle,
             r.start_byte, r.end_byte, r.start_line, r.start_column, r.end_line, r.end_column,
             start, end, sl, sc, el, ec);
}

/* The range covers the `nth` occurrence of `needle` in the scanned text. */
static void range_is(const impgraph_scan *scan, impgraph_range r, const char *needle, int nth) {
  size_t len;
  const char *text = impgraph_scan_text(scan, &len);
  size_t bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  range_in(text, len, bom, r, needle, nth);
}

static void range_numbers(impgraph_range r, uint32_t sb, uint32_t eb, uint32_t sl, uint32_t sc,
                          uint32_t el, uint32_t ec) {
  assert_int_equal(r.start_byte, sb);
  assert_int_equal(r.end_byte, eb);
  assert_int_equal(r.start_line, sl);
  assert_int_equal(r.start_column, sc);
  assert_int_equal(r.end_line, el);
  assert_int_equal(r.end_column, ec);
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

static void import_is(const impgraph_import *im, impgraph_import_kind kind, const char *module,
                      uint32_t level, uint32_t flags, const char *scope) {
  assert_int_equal(im->kind, kind);
  assert_str_or_null(im->module, module);
  assert_int_equal(im->level, level);
  if (im->flags != flags)
    fail_msg("flags of import of %s: got 0x%x, want 0x%x", module ? module : "(dynamic)", im->flags,
             flags);
  assert_string_equal(im->scope, scope);
}

static void name_is(const impgraph_import_name *n, const char *name, const char *alias,
                    const char *bound) {
  assert_string_equal(n->name, name);
  assert_str_or_null(n->alias, alias);
  assert_str_or_null(n->bound, bound);
}

static void use_is(const impgraph_use *u, const char *name, const char *chain, uint32_t flags,
                   const char *scope) {
  assert_string_equal(u->name, name);
  assert_string_equal(u->chain, chain);
  if (u->flags != flags)
    fail_msg("flags of use of %s (%s): got 0x%x, want 0x%x", name, chain, u->flags, flags);
  assert_string_equal(u->scope, scope);
}

/* Flags of the import whose module is `module` (the only one). */
static uint32_t flags_of(const impgraph_scan *scan, const char *module) {
  const impgraph_import *found = NULL;
  for (size_t i = 0; i < impgraph_scan_import_count(scan); i++) {
    const impgraph_import *im = impgraph_scan_import(scan, i);
    if (im->module && strcmp(im->module, module) == 0) {
      if (found)
        fail_msg("two imports of %s", module);
      found = im;
    }
  }
  if (!found)
    fail_msg("no import of %s", module);
  return found->flags;
}

enum {
  MOD = IMPGRAPH_CTX_MODULE,
  FUNC = IMPGRAPH_CTX_FUNCTION,
  ASYNC = IMPGRAPH_CTX_ASYNC,
  LAMBDA = IMPGRAPH_CTX_LAMBDA,
  CLASS = IMPGRAPH_CTX_CLASS_BODY,
  TC = IMPGRAPH_CTX_TYPE_CHECKING,
  TCE = IMPGRAPH_CTX_TYPE_CHECKING_ELSE,
  OPT = IMPGRAPH_CTX_OPTIONAL,
  COND = IMPGRAPH_CTX_CONDITIONAL,
  LAZY = IMPGRAPH_CTX_LAZY,
  DYN = IMPGRAPH_CTX_DYNAMIC,
  FALLBACK = IMPGRAPH_CTX_FALLBACK,
  HANDLER = IMPGRAPH_CTX_HANDLER
};

enum {
  U_MOD = IMPGRAPH_USE_MODULE_LEVEL,
  U_FUNC = IMPGRAPH_USE_FUNCTION,
  U_CLASS = IMPGRAPH_USE_CLASS_BODY,
  U_ANN = IMPGRAPH_USE_ANNOTATION,
  U_DECO = IMPGRAPH_USE_DECORATOR,
  U_DEF = IMPGRAPH_USE_DEFAULT,
  U_BASE = IMPGRAPH_USE_BASE,
  U_TC = IMPGRAPH_USE_TYPE_CHECKING,
  U_ALL = IMPGRAPH_USE_ALL,
  U_DECL = IMPGRAPH_USE_DECLARATION,
  U_BIND = IMPGRAPH_USE_BINDING,
  U_STR = IMPGRAPH_USE_STRING,
  U_COND = IMPGRAPH_USE_CONDITIONAL,
  U_CALL = IMPGRAPH_USE_CALL
};

/* ---- import forms ------------------------------------------------------- */

static void test_plain_import_dotted(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import a.b.c\n");
  assert_int_equal(impgraph_scan_import_count(scan), 1);
  const impgraph_import *im = imp(scan, 0);
  import_is(im, IMPGRAPH_IMPORT_PLAIN, "a.b.c", 0, MOD, "");
  assert_string_equal(im->bound, "a");
  assert_null(im->alias);
  assert_null(im->package);
  assert_int_equal(im->name_count, 0);
  assert_null(im->names);
  range_numbers(im->statement, 0, 12, 1, 1, 1, 13);
  range_numbers(im->module_range, 7, 12, 1, 8, 1, 13);
  assert_int_equal(impgraph_scan_use_count(scan), 0);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  impgraph_scan_free(scan);
}

static void test_plain_import_alias(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("x = 1\nimport a.b as c\n");
  const impgraph_import *im = imp(scan, 0);
  import_is(im, IMPGRAPH_IMPORT_PLAIN, "a.b", 0, MOD, "");
  assert_string_equal(im->bound, "c");
  assert_string_equal(im->alias, "c");
  range_is(scan, im->statement, "import a.b as c", 0);
  range_is(scan, im->module_range, "a.b", 0);
  impgraph_scan_free(scan);
}

static void test_plain_import_several_modules_share_statement(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import a, b.c as d\n");
  assert_int_equal(impgraph_scan_import_count(scan), 2);
  const impgraph_import *first = imp(scan, 0), *second = imp(scan, 1);
  import_is(first, IMPGRAPH_IMPORT_PLAIN, "a", 0, MOD, "");
  assert_string_equal(first->bound, "a");
  assert_null(first->alias);
  range_is(scan, first->module_range, "a", 0);
  import_is(second, IMPGRAPH_IMPORT_PLAIN, "b.c", 0, MOD, "");
  assert_string_equal(second->bound, "d");
  assert_string_equal(second->alias, "d");
  range_is(scan, second->module_range, "b.c", 0);
  range_is(scan, first->statement, "import a, b.c as d", 0);
  assert_memory_equal(&first->statement, &second->statement, sizeof first->statement);
  impgraph_scan_free(scan);
}

static void test_plain_import_spaced_dotted_name(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import os . path\n");
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_PLAIN, "os.path", 0, MOD, "");
  range_is(scan, imp(scan, 0)->module_range, "os . path", 0);
  impgraph_scan_free(scan);
}

static void test_statement_boundaries(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("x = 1; \\\nimport a\n"
                                 "import b  # comment\n"
                                 "import c; import d\n"
                                 "import e, \\\n    f\n");
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  assert_int_equal(impgraph_scan_import_count(scan), 6);
  const char *modules[] = {"a", "b", "c", "d", "e", "f"};
  for (size_t i = 0; i < 6; i++)
    import_is(imp(scan, i), IMPGRAPH_IMPORT_PLAIN, modules[i], 0, MOD, "");
  range_is(scan, imp(scan, 5)->statement, "import e, \\\n    f", 0);
  impgraph_scan_free(scan);
}

static void test_from_import_names(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("from m import x, y as z\n");
  assert_int_equal(impgraph_scan_import_count(scan), 1);
  const impgraph_import *im = imp(scan, 0);
  import_is(im, IMPGRAPH_IMPORT_FROM, "m", 0, MOD, "");
  assert_null(im->bound);
  assert_null(im->alias);
  range_is(scan, im->statement, "from m import x, y as z", 0);
  range_is(scan, im->module_range, "m", 1);
  assert_int_equal(im->name_count, 2);
  name_is(&im->names[0], "x", NULL, "x");
  range_is(scan, im->names[0].range, "x", 0);
  name_is(&im->names[1], "y", "z", "z");
  range_is(scan, im->names[1].range, "y as z", 0);
  impgraph_scan_free(scan);
}

static void test_from_import_parenthesized_lines(void **state) {
  (void)state;
  const char *src = "from m import (x,\n    y,  # why\n)\n";
  impgraph_scan *scan = scan_str(src);
  const impgraph_import *im = imp(scan, 0);
  import_is(im, IMPGRAPH_IMPORT_FROM, "m", 0, MOD, "");
  range_numbers(im->statement, 0, 33, 1, 1, 3, 2);
  assert_int_equal(im->name_count, 2);
  name_is(&im->names[0], "x", NULL, "x");
  name_is(&im->names[1], "y", NULL, "y");
  range_numbers(im->names[1].range, 22, 23, 2, 5, 2, 6);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  impgraph_scan_free(scan);
}

static void test_from_import_current_package(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("from . import x\n");
  const impgraph_import *im = imp(scan, 0);
  import_is(im, IMPGRAPH_IMPORT_FROM, "", 1, MOD, "");
  range_is(scan, im->module_range, ".", 0);
  name_is(&im->names[0], "x", NULL, "x");
  impgraph_scan_free(scan);
}

static void test_from_import_parent_package(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("from ..pkg.mod import x\nfrom ... import y\n");
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_FROM, "pkg.mod", 2, MOD, "");
  range_is(scan, imp(scan, 0)->module_range, "..pkg.mod", 0);
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_FROM, "", 3, MOD, "");
  impgraph_scan_free(scan);
}

static void test_star_import(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("from m.n import *\n");
  const impgraph_import *im = imp(scan, 0);
  import_is(im, IMPGRAPH_IMPORT_STAR, "m.n", 0, MOD, "");
  assert_int_equal(im->name_count, 1);
  name_is(&im->names[0], "*", NULL, NULL);
  range_is(scan, im->names[0].range, "*", 0);
  impgraph_scan_free(scan);
}

static void test_future_import(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("from __future__ import annotations, division as d\n");
  const impgraph_import *im = imp(scan, 0);
  import_is(im, IMPGRAPH_IMPORT_FUTURE, "__future__", 0, MOD, "");
  range_is(scan, im->module_range, "__future__", 0);
  assert_int_equal(im->name_count, 2);
  name_is(&im->names[0], "annotations", NULL, NULL);
  name_is(&im->names[1], "division", "d", NULL);
  impgraph_scan_free(scan);
}

static void test_dunder_import(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("m = __import__('os.path')\n"
                                 "n = __import__('x', globals(), None, [], 1)\n"
                                 "o = builtins.__import__(name='y', level=2)\n");
  assert_int_equal(impgraph_scan_import_count(scan), 3);
  const impgraph_import *im = imp(scan, 0);
  import_is(im, IMPGRAPH_IMPORT_DUNDER, "os.path", 0, MOD, "");
  range_is(scan, im->statement, "__import__('os.path')", 0);
  range_is(scan, im->module_range, "os.path", 0);
  assert_null(im->bound);
  assert_null(im->package);
  assert_int_equal(im->name_count, 0);
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_DUNDER, "x", 1, MOD, "");
  import_is(imp(scan, 2), IMPGRAPH_IMPORT_DUNDER, "y", 2, MOD, "");
  impgraph_scan_free(scan);
}

static void test_importlib_import_module(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import importlib\nmod = importlib.import_module(\"a.b\")\n");
  assert_int_equal(impgraph_scan_import_count(scan), 2);
  const impgraph_import *im = imp(scan, 1);
  import_is(im, IMPGRAPH_IMPORT_IMPORTLIB, "a.b", 0, MOD, "");
  range_is(scan, im->statement, "importlib.import_module(\"a.b\")", 0);
  range_is(scan, im->module_range, "a.b", 0);
  assert_null(im->package);
  impgraph_scan_free(scan);
}

static void test_import_module_relative_with_package(void **state) {
  (void)state;
  impgraph_scan *scan =
      scan_str("from importlib import import_module\nm = import_module('..m', 'pkg.sub')\n");
  const impgraph_import *im = imp(scan, 1);
  import_is(im, IMPGRAPH_IMPORT_IMPORTLIB, "m", 2, MOD, "");
  assert_string_equal(im->package, "pkg.sub");
  range_is(scan, im->module_range, "..m", 0);
  impgraph_scan_free(scan);
}

static void test_import_module_keyword_arguments(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import importlib\n"
                                 "importlib.import_module(package='p', name='.q')\n"
                                 "importlib.import_module(name='r', package=__package__)\n");
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_IMPORTLIB, "q", 1, MOD, "");
  assert_string_equal(imp(scan, 1)->package, "p");
  import_is(imp(scan, 2), IMPGRAPH_IMPORT_IMPORTLIB, "r", 0, MOD, "");
  assert_null(imp(scan, 2)->package);
  impgraph_scan_free(scan);
}

static void test_import_module_needs_importlib(void **state) {
  (void)state;
  /* A bare import_module() counts only when this file imports it from
   * importlib; other objects' import_module methods never count. */
  impgraph_scan *scan = scan_str("import_module('a')\nself.import_module('b')\n"
                                 "loader.import_module('c')\n");
  assert_int_equal(impgraph_scan_import_count(scan), 0);
  impgraph_scan_free(scan);
  /* The import may come after the call (a function body runs later). */
  scan = scan_str("def f():\n    return import_module('a')\n"
                  "from importlib import import_module\n");
  assert_int_equal(impgraph_scan_import_count(scan), 2);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_IMPORTLIB, "a", 0, FUNC, "f");
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_FROM, "importlib", 0, MOD, "");
  impgraph_scan_free(scan);
}

static void test_import_module_aliases(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("a = im('x')\n"
                                 "from importlib import import_module as im\n"
                                 "import importlib as il\n"
                                 "il.import_module('y')\n");
  assert_int_equal(impgraph_scan_import_count(scan), 4);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_IMPORTLIB, "x", 0, MOD, "");
  range_is(scan, imp(scan, 0)->statement, "im('x')", 0);
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_FROM, "importlib", 0, MOD, "");
  import_is(imp(scan, 2), IMPGRAPH_IMPORT_PLAIN, "importlib", 0, MOD, "");
  import_is(imp(scan, 3), IMPGRAPH_IMPORT_IMPORTLIB, "y", 0, MOD, "");
  impgraph_scan_free(scan);
}

static void test_dynamic_import_arguments(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import importlib\n"
                                 "a = __import__(name)\n"
                                 "b = importlib.import_module(prefix + '.x', package=pkg)\n"
                                 "c = __import__(f'm{n}')\n"
                                 "d = __import__(*args)\n"
                                 "e = __import__('p' 'q')\n");
  assert_int_equal(impgraph_scan_import_count(scan), 6);
  const impgraph_import *a = imp(scan, 1);
  import_is(a, IMPGRAPH_IMPORT_DUNDER, NULL, 0, MOD | DYN, "");
  range_is(scan, a->module_range, "name", 0);
  range_is(scan, a->statement, "__import__(name)", 0);
  const impgraph_import *b = imp(scan, 2);
  import_is(b, IMPGRAPH_IMPORT_IMPORTLIB, NULL, 0, MOD | DYN, "");
  range_is(scan, b->module_range, "prefix + '.x'", 0);
  assert_null(b->package);
  import_is(imp(scan, 3), IMPGRAPH_IMPORT_DUNDER, NULL, 0, MOD | DYN, "");
  range_is(scan, imp(scan, 3)->module_range, "f'm{n}'", 0);
  import_is(imp(scan, 4), IMPGRAPH_IMPORT_DUNDER, NULL, 0, MOD | DYN, "");
  range_is(scan, imp(scan, 4)->module_range, "*args", 0);
  import_is(imp(scan, 5), IMPGRAPH_IMPORT_DUNDER, NULL, 0, MOD | DYN, "");
  impgraph_scan_free(scan);
}

static void test_lazy_import(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("lazy import json\nlazy from a.b import c as d\n");
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  assert_int_equal(impgraph_scan_import_count(scan), 2);
  const impgraph_import *plain = imp(scan, 0), *from = imp(scan, 1);
  import_is(plain, IMPGRAPH_IMPORT_PLAIN, "json", 0, MOD | LAZY, "");
  assert_string_equal(plain->bound, "json");
  range_numbers(plain->statement, 0, 16, 1, 1, 1, 17);
  range_is(scan, plain->module_range, "json", 0);
  import_is(from, IMPGRAPH_IMPORT_FROM, "a.b", 0, MOD | LAZY, "");
  range_is(scan, from->statement, "lazy from a.b import c as d", 0);
  name_is(&from->names[0], "c", "d", "d");
  impgraph_scan_free(scan);
}

static void test_lazy_import_positions(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("def f():\n"
                                 "    lazy import a\n"
                                 "if x: lazy import b\n"
                                 "y = 1; lazy import c\n"
                                 "lazy \\\n  import d\n");
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  assert_int_equal(impgraph_scan_import_count(scan), 4);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_PLAIN, "a", 0, FUNC | LAZY, "f");
  range_is(scan, imp(scan, 0)->statement, "lazy import a", 0);
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_PLAIN, "b", 0, MOD | COND | LAZY, "");
  range_is(scan, imp(scan, 1)->statement, "lazy import b", 0);
  import_is(imp(scan, 2), IMPGRAPH_IMPORT_PLAIN, "c", 0, MOD | LAZY, "");
  range_is(scan, imp(scan, 2)->statement, "lazy import c", 0);
  import_is(imp(scan, 3), IMPGRAPH_IMPORT_PLAIN, "d", 0, MOD | LAZY, "");
  range_is(scan, imp(scan, 3)->statement, "lazy \\\n  import d", 0);
  impgraph_scan_free(scan);
}

static void test_lazy_as_a_name_is_not_the_keyword(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("lazy = 1\nprint(lazy)\nx = lazy\nimport os\n");
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_PLAIN, "os", 0, MOD, "");
  impgraph_scan_free(scan);
  /* `lazy` glued to other tokens is a syntax error, not PEP 810. */
  scan = scan_str("x = 1 if y else lazy import u\nlazy lazy import t\n");
  assert_true(diagnostics_with(scan, "syntax-error") > 0);
  for (size_t i = 0; i < impgraph_scan_import_count(scan); i++)
    assert_false(imp(scan, i)->flags & LAZY);
  impgraph_scan_free(scan);
}

static void test_lazy_modules(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("__lazy_modules__ = ['a', \"b.c\"]\n"
                                 "__lazy_modules__ += ('d',)\n"
                                 "__lazy_modules__ = {'e'}\n"
                                 "__lazy_modules__ = [name]\n");
  assert_int_equal(impgraph_scan_import_count(scan), 4);
  const impgraph_import *a = imp(scan, 0);
  import_is(a, IMPGRAPH_IMPORT_LAZY_MODULES, "a", 0, MOD | LAZY, "");
  range_is(scan, a->statement, "__lazy_modules__ = ['a', \"b.c\"]", 0);
  range_is(scan, a->module_range, "a", 1);
  assert_int_equal(a->name_count, 0);
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_LAZY_MODULES, "b.c", 0, MOD | LAZY, "");
  range_is(scan, imp(scan, 1)->module_range, "b.c", 0);
  import_is(imp(scan, 2), IMPGRAPH_IMPORT_LAZY_MODULES, "d", 0, MOD | LAZY, "");
  import_is(imp(scan, 3), IMPGRAPH_IMPORT_LAZY_MODULES, "e", 0, MOD | LAZY, "");
  impgraph_scan_free(scan);
}

/* ---- context flags and scopes ------------------------------------------- */

static void test_context_functions_and_scopes(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("def outer():\n"
                                 "    import a\n"
                                 "    def inner():\n"
                                 "        import b\n"
                                 "    return lambda: __import__('c')\n"
                                 "async def co():\n"
                                 "    import d\n"
                                 "    f = lambda: __import__('e')\n"
                                 "class K:\n"
                                 "    import f\n"
                                 "    def m(self):\n"
                                 "        import g\n"
                                 "    class Inner:\n"
                                 "        import h\n"
                                 "def maker():\n"
                                 "    class Local:\n"
                                 "        import i\n");
  assert_int_equal(impgraph_scan_import_count(scan), 9);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_PLAIN, "a", 0, FUNC, "outer");
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_PLAIN, "b", 0, FUNC, "outer.inner");
  import_is(imp(scan, 2), IMPGRAPH_IMPORT_DUNDER, "c", 0, FUNC | LAMBDA, "outer.<lambda>");
  import_is(imp(scan, 3), IMPGRAPH_IMPORT_PLAIN, "d", 0, FUNC | ASYNC, "co");
  import_is(imp(scan, 4), IMPGRAPH_IMPORT_DUNDER, "e", 0, FUNC | LAMBDA, "co.<lambda>");
  import_is(imp(scan, 5), IMPGRAPH_IMPORT_PLAIN, "f", 0, MOD | CLASS, "K");
  import_is(imp(scan, 6), IMPGRAPH_IMPORT_PLAIN, "g", 0, FUNC, "K.m");
  import_is(imp(scan, 7), IMPGRAPH_IMPORT_PLAIN, "h", 0, MOD | CLASS, "K.Inner");
  import_is(imp(scan, 8), IMPGRAPH_IMPORT_PLAIN, "i", 0, FUNC | CLASS, "maker.Local");
  impgraph_scan_free(scan);
}

static void test_context_decorated_definitions(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("@decorate\n"
                                 "def f(x=__import__('a')):\n"
                                 "    import b\n"
                                 "@decorate\n"
                                 "class C:\n"
                                 "    import c\n");
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_DUNDER, "a", 0, MOD, "");
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_PLAIN, "b", 0, FUNC, "f");
  import_is(imp(scan, 2), IMPGRAPH_IMPORT_PLAIN, "c", 0, MOD | CLASS, "C");
  impgraph_scan_free(scan);
}

static void test_context_type_checking(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("if TYPE_CHECKING:\n    import a\nelse:\n    import b\n"
                                 "if typing.TYPE_CHECKING:\n    import c\n"
                                 "if t.TYPE_CHECKING:\n    import d\n"
                                 "if TYPE_CHECKING and sys.version_info >= (3, 9):\n    import e\n"
                                 "if (TYPE_CHECKING):\n    import f\n"
                                 "if not TYPE_CHECKING:\n    import g\nelse:\n    import h\n"
                                 "if TYPE_CHECKING or DEBUG:\n    import i\n"
                                 "if TYPE_CHECKING:\n    pass\nelif X:\n    import j\n"
                                 "else:\n    import k\n");
  assert_int_equal(flags_of(scan, "a"), MOD | TC);
  assert_int_equal(flags_of(scan, "b"), MOD | TCE);
  assert_int_equal(flags_of(scan, "c"), MOD | TC);
  assert_int_equal(flags_of(scan, "d"), MOD | TC);
  assert_int_equal(flags_of(scan, "e"), MOD | TC);
  assert_int_equal(flags_of(scan, "f"), MOD | TC);
  assert_int_equal(flags_of(scan, "g"), MOD | TCE);
  assert_int_equal(flags_of(scan, "h"), MOD | TC);
  assert_int_equal(flags_of(scan, "i"), MOD | COND);
  assert_int_equal(flags_of(scan, "j"), MOD | TCE | COND);
  assert_int_equal(flags_of(scan, "k"), MOD | TCE | COND);
  impgraph_scan_free(scan);
}

static void test_context_optional(void **state) {
  (void)state;
  impgraph_scan *scan =
      scan_str("try:\n    import a\nexcept ImportError:\n    import b\n"
               "try:\n    import c\nexcept (ValueError, ModuleNotFoundError) as e:\n"
               "    pass\n"
               "try:\n    import d\nexcept Exception:\n    pass\n"
               "try:\n    import e\nexcept BaseException:\n    pass\n"
               "try:\n    import f\nexcept:\n    pass\n"
               "try:\n    import g\nexcept KeyError:\n    pass\n"
               "else:\n    import h\nfinally:\n    import i\n"
               "try:\n    import j\nfinally:\n    pass\n"
               "try:\n    import k\nexcept* ImportError:\n    pass\n"
               "try:\n    import l\nexcept builtins.ImportError:\n    pass\n");
  assert_int_equal(flags_of(scan, "a"), MOD | OPT);
  assert_int_equal(flags_of(scan, "b"), MOD | COND | FALLBACK);
  assert_int_equal(flags_of(scan, "c"), MOD | OPT);
  assert_int_equal(flags_of(scan, "d"), MOD | OPT);
  assert_int_equal(flags_of(scan, "e"), MOD | OPT);
  assert_int_equal(flags_of(scan, "f"), MOD | OPT);
  assert_int_equal(flags_of(scan, "g"), MOD);
  assert_int_equal(flags_of(scan, "h"), MOD | COND);
  assert_int_equal(flags_of(scan, "i"), MOD | COND);
  assert_int_equal(flags_of(scan, "j"), MOD);
  assert_int_equal(flags_of(scan, "k"), MOD | OPT);
  assert_int_equal(flags_of(scan, "l"), MOD | OPT);
  impgraph_scan_free(scan);
}

/* A handler that ends with `raise` lets the ImportError go on: its try body
   is not optional (urllib3.contrib.socks warns, then re-raises). A handler
   that raises only under a condition, or another handler that does not
   re-raise, still makes it optional. */
static void test_context_optional_reraised(void **state) {
  (void)state;
  impgraph_scan *scan =
      scan_str("try:\n    import a\nexcept ImportError:\n    import w\n    warn()\n    raise\n"
               "try:\n    import b\nexcept ImportError as e:\n"
               "    raise RuntimeError('no b') from e  # comment\n    # trailing comment\n"
               "try:\n    import c\nexcept ImportError:\n    if strict:\n        raise\n"
               "try:\n    import d\nexcept ModuleNotFoundError:\n    raise\n"
               "except ImportError:\n    d = None\n"
               "try:\n    import e\nexcept ValueError:\n    pass\n"
               "except ImportError:\n    raise\n");
  assert_int_equal(flags_of(scan, "a"), MOD);
  assert_int_equal(flags_of(scan, "w"), MOD | COND | FALLBACK);
  assert_int_equal(flags_of(scan, "b"), MOD);
  assert_int_equal(flags_of(scan, "c"), MOD | OPT);
  assert_int_equal(flags_of(scan, "d"), MOD | OPT);
  assert_int_equal(flags_of(scan, "e"), MOD);
  impgraph_scan_free(scan);
}

static void test_context_fallback(void **state) {
  (void)state;
  impgraph_scan *scan =
      scan_str("try:\n    from _decimal import *\nexcept ImportError:\n"
               "    from _pydecimal import *\n"
               "try:\n    import a\nexcept ValueError:\n    import b\n"
               "except ModuleNotFoundError as e:\n    import c\n"
               "    def f():\n        import d\n"
               "    class K:\n        import e\n"
               "try:\n    import g\nexcept:\n    import h\nelse:\n    import i\n");
  assert_int_equal(flags_of(scan, "_decimal"), MOD | OPT);
  assert_int_equal(flags_of(scan, "_pydecimal"), MOD | COND | FALLBACK);
  assert_int_equal(flags_of(scan, "b"), MOD | COND | HANDLER);  /* not an import-error handler */
  assert_int_equal(flags_of(scan, "c"), MOD | COND | FALLBACK);
  assert_int_equal(flags_of(scan, "d"), FUNC | COND);           /* runs later, when called */
  assert_int_equal(flags_of(scan, "e"), MOD | CLASS | COND | FALLBACK);
  assert_int_equal(flags_of(scan, "h"), MOD | COND | FALLBACK); /* bare except */
  assert_int_equal(flags_of(scan, "i"), MOD | COND);            /* else: runs when g worked */
  impgraph_scan_free(scan);
}

static void test_context_conditional(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("if x:\n    import a\nelif y:\n    import b\nelse:\n    import c\n"
                                 "while x:\n    import d\nelse:\n    import e\n"
                                 "for i in x:\n    import f\n"
                                 "async def g():\n    async for i in x:\n        import g\n"
                                 "with x:\n    import h\n"
                                 "match x:\n    case 1:\n        import i\n"
                                 "if x: import j\n"
                                 "import k\n");
  assert_int_equal(flags_of(scan, "a"), MOD | COND);
  assert_int_equal(flags_of(scan, "b"), MOD | COND);
  assert_int_equal(flags_of(scan, "c"), MOD | COND);
  assert_int_equal(flags_of(scan, "d"), MOD | COND);
  assert_int_equal(flags_of(scan, "e"), MOD | COND);
  assert_int_equal(flags_of(scan, "f"), MOD | COND);
  assert_int_equal(flags_of(scan, "g"), FUNC | ASYNC | COND);
  assert_int_equal(flags_of(scan, "h"), MOD | COND);
  assert_int_equal(flags_of(scan, "i"), MOD | COND);
  assert_int_equal(flags_of(scan, "j"), MOD | COND);
  assert_int_equal(flags_of(scan, "k"), MOD);
  impgraph_scan_free(scan);
}

static void test_context_accumulates_lexically(void **state) {
  (void)state;
  /* A def under TYPE_CHECKING / a condition keeps those guards; a def in a
   * try body is not protected by it when it runs later. A class body runs
   * where it stands, so it keeps the try. */
  impgraph_scan *scan = scan_str("if TYPE_CHECKING:\n    def f():\n        import a\n"
                                 "try:\n    def g():\n        import b\n"
                                 "    class C:\n        import c\n"
                                 "except ImportError:\n    pass\n"
                                 "if x:\n    try:\n        import d\n    except ImportError:\n"
                                 "        pass\n");
  assert_int_equal(flags_of(scan, "a"), FUNC | TC);
  assert_int_equal(flags_of(scan, "b"), FUNC);
  assert_int_equal(flags_of(scan, "c"), MOD | CLASS | OPT);
  assert_int_equal(flags_of(scan, "d"), MOD | COND | OPT);
  impgraph_scan_free(scan);
}

/* ---- uses ----------------------------------------------------------------- */

static void test_uses_reads_and_chains(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import numpy as np\n"
                                 "a = np\n"
                                 "b = np.linalg.norm(x).T\n"
                                 "c = (np . linalg\n      . det)\n"
                                 "d = other.np\n"
                                 "e = f(np=1)\n"
                                 "g = np[0].shape\n");
  assert_int_equal(impgraph_scan_use_count(scan), 4);
  use_is(use(scan, 0), "np", "np", U_MOD, "");
  range_numbers(use(scan, 0)->range, 23, 25, 2, 5, 2, 7);
  use_is(use(scan, 1), "np", "np.linalg.norm", U_MOD | U_CALL, "");
  range_is(scan, use(scan, 1)->range, "np", 2);
  use_is(use(scan, 2), "np", "np.linalg.det", U_MOD, "");
  use_is(use(scan, 3), "np", "np", U_MOD, "");
  range_is(scan, use(scan, 3)->range, "np", 6);
  impgraph_scan_free(scan);
}

static void test_uses_before_the_import(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("def f():\n    return os.getcwd()\nimport os\n");
  assert_int_equal(impgraph_scan_use_count(scan), 1);
  use_is(use(scan, 0), "os", "os.getcwd", U_FUNC | U_CALL, "f");
  range_is(scan, use(scan, 0)->range, "os", 0);
  impgraph_scan_free(scan);
}

static void test_uses_scopes(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import os\n"
                                 "class C:\n"
                                 "    here = os.sep\n"
                                 "    def m(self):\n"
                                 "        def inner():\n"
                                 "            return os.name\n"
                                 "        return [os for _ in ()]\n"
                                 "f = lambda: os.curdir\n");
  assert_int_equal(impgraph_scan_use_count(scan), 4);
  use_is(use(scan, 0), "os", "os.sep", U_MOD | U_CLASS, "C");
  use_is(use(scan, 1), "os", "os.name", U_FUNC, "C.m.inner");
  use_is(use(scan, 2), "os", "os", U_FUNC, "C.m");
  use_is(use(scan, 3), "os", "os.curdir", U_FUNC, "<lambda>");
  impgraph_scan_free(scan);
}

static void test_uses_evaluated_at_definition_time(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import t\n"
                                 "@t.deco(1)\n"
                                 "def f(a: t.A, b=t.B, *args: t.C, c: t.D = t.E, **kw: t.F)"
                                 " -> t.G:\n"
                                 "    return t.H\n"
                                 "class K(t.Base, metaclass=t.Meta):\n"
                                 "    @t.method\n"
                                 "    def m(self, x=t.X) -> t.R: pass\n");
  const struct {
    const char *chain;
    uint32_t flags;
    const char *scope;
  } want[] = {
      {"t.deco", U_MOD | U_DECO | U_CALL, ""},
      {"t.A", U_MOD | U_ANN, ""},
      {"t.B", U_MOD | U_DEF, ""},
      {"t.C", U_MOD | U_ANN, ""},
      {"t.D", U_MOD | U_ANN, ""},
      {"t.E", U_MOD | U_DEF, ""},
      {"t.F", U_MOD | U_ANN, ""},
      {"t.G", U_MOD | U_ANN, ""},
      {"t.H", U_FUNC, "f"},
      {"t.Base", U_MOD | U_BASE, ""},
      {"t.Meta", U_MOD | U_BASE, ""},
      {"t.method", U_MOD | U_CLASS | U_DECO | U_CALL, "K"},
      {"t.X", U_MOD | U_CLASS | U_DEF, "K"},
      {"t.R", U_MOD | U_CLASS | U_ANN, "K"},
  };
  size_t n = sizeof want / sizeof *want;
  assert_int_equal(impgraph_scan_use_count(scan), n);
  for (size_t i = 0; i < n; i++)
    use_is(use(scan, i), "t", want[i].chain, want[i].flags, want[i].scope);
  impgraph_scan_free(scan);
}

static void test_uses_calls(void **state) {
  (void)state;
  /* CALL: the name or its whole chain is the callee, or a whole decorator. */
  impgraph_scan *scan = scan_str("import m\n"
                                 "m()\n"
                                 "m.f(1)\n"
                                 "m . f . g ()\n"
                                 "m(1).x\n"
                                 "g(m.f)\n"
                                 "(m.f)(1)\n"
                                 "m[0]()\n"
                                 "x = m.f\n"
                                 "@m.deco\ndef a(): pass\n"
                                 "@m.deco(1)\ndef b(): pass\n"
                                 "@m.reg[0]\ndef c(): pass\n"
                                 "@d(m)\ndef e(): pass\n");
  const struct {
    const char *chain;
    uint32_t flags;
  } want[] = {
      {"m", U_MOD | U_CALL},          {"m.f", U_MOD | U_CALL},
      {"m.f.g", U_MOD | U_CALL},      {"m", U_MOD | U_CALL},
      {"m.f", U_MOD},                 {"m.f", U_MOD},
      {"m", U_MOD},                   {"m.f", U_MOD},
      {"m.deco", U_MOD | U_DECO | U_CALL}, {"m.deco", U_MOD | U_DECO | U_CALL},
      {"m.reg", U_MOD | U_DECO},      {"m", U_MOD | U_DECO},
  };
  size_t n = sizeof want / sizeof *want;
  assert_int_equal(impgraph_scan_use_count(scan), n);
  for (size_t i = 0; i < n; i++)
    use_is(use(scan, i), "m", want[i].chain, want[i].flags, "");
  impgraph_scan_free(scan);
}

static void test_uses_conditional(void **state) {
  (void)state;
  /* CONDITIONAL: in the blocks of if/elif/else, while, for, with, match and
   * the clauses of a try other than its body; a function defined there has
   * it on every use inside. Conditions and iterables are not conditional. */
  impgraph_scan *scan = scan_str("import m\n"
                                 "if m.a:\n    m.b\nelif m.c:\n    m.d\nelse:\n    m.e\n"
                                 "while m.f: m.g\n"
                                 "for _ in m.h: m.i\n"
                                 "with m.j: m.k\n"
                                 "try:\n    m.l\nexcept E:\n    m.n\nfinally:\n    m.o\n"
                                 "if c:\n    def f():\n        m.p\n"
                                 "def g():\n    m.q\n    if c: m.r\n"
                                 "class K:\n    if c: m.s\n");
  const struct {
    const char *chain;
    uint32_t flags;
    const char *scope;
  } want[] = {
      {"m.a", U_MOD, ""},          {"m.b", U_MOD | U_COND, ""},
      {"m.c", U_MOD | U_COND, ""}, {"m.d", U_MOD | U_COND, ""},
      {"m.e", U_MOD | U_COND, ""}, {"m.f", U_MOD, ""},
      {"m.g", U_MOD | U_COND, ""}, {"m.h", U_MOD, ""},
      {"m.i", U_MOD | U_COND, ""}, {"m.j", U_MOD, ""},
      {"m.k", U_MOD | U_COND, ""}, {"m.l", U_MOD, ""},
      {"m.n", U_MOD | U_COND, ""}, {"m.o", U_MOD | U_COND, ""},
      {"m.p", U_FUNC | U_COND, "f"}, {"m.q", U_FUNC, "g"},
      {"m.r", U_FUNC | U_COND, "g"}, {"m.s", U_MOD | U_CLASS | U_COND, "K"},
  };
  size_t n = sizeof want / sizeof *want;
  assert_int_equal(impgraph_scan_use_count(scan), n);
  for (size_t i = 0; i < n; i++)
    use_is(use(scan, i), "m", want[i].chain, want[i].flags, want[i].scope);
  impgraph_scan_free(scan);
}

static void test_uses_variable_annotations(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import np\nx: np.ndarray = np.zeros(3)\n"
                                 "def f():\n    y: np.int64\n");
  assert_int_equal(impgraph_scan_use_count(scan), 3);
  use_is(use(scan, 0), "np", "np.ndarray", U_MOD | U_ANN, "");
  use_is(use(scan, 1), "np", "np.zeros", U_MOD | U_CALL, "");
  use_is(use(scan, 2), "np", "np.int64", U_FUNC | U_ANN, "f");
  impgraph_scan_free(scan);
}

static void test_uses_string_annotations(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import numpy as np\n"
                                 "def f(a: \"np.ndarray\") -> 'Optional[np.linalg.X]':\n"
                                 "    b: \"np\" = 1\n"
                                 "c = \"np.ndarray\"\n"
                                 "d: f\"{np}\" = 2\n");
  assert_int_equal(impgraph_scan_use_count(scan), 4);
  use_is(use(scan, 0), "np", "np.ndarray", U_MOD | U_ANN | U_STR, "");
  range_is(scan, use(scan, 0)->range, "np", 1);
  use_is(use(scan, 1), "np", "np.linalg.X", U_MOD | U_ANN | U_STR, "");
  range_is(scan, use(scan, 1)->range, "np", 2);
  use_is(use(scan, 2), "np", "np", U_FUNC | U_ANN | U_STR, "f");
  /* An f-string annotation is evaluated: its names are ordinary reads. */
  use_is(use(scan, 3), "np", "np", U_MOD | U_ANN, "");
  impgraph_scan_free(scan);
}

static void test_uses_all(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("from m import a, b, c, d\n"
                                 "__all__ = ['a', \"other\"]\n"
                                 "__all__ += ('b',)\n"
                                 "__all__.extend(['c'])\n"
                                 "__all__.append('d')\n"
                                 "names = ['a']\n"
                                 "names.extend(['b'])\n");
  assert_int_equal(impgraph_scan_use_count(scan), 4);
  use_is(use(scan, 0), "a", "a", U_MOD | U_ALL, "");
  range_is(scan, use(scan, 0)->range, "'a'", 0);
  use_is(use(scan, 1), "b", "b", U_MOD | U_ALL, "");
  range_is(scan, use(scan, 1)->range, "'b'", 0);
  use_is(use(scan, 2), "c", "c", U_MOD | U_ALL, "");
  use_is(use(scan, 3), "d", "d", U_MOD | U_ALL, "");
  range_is(scan, use(scan, 3)->range, "'d'", 0);
  impgraph_scan_free(scan);
}

static void test_uses_declarations(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import os\n"
                                 "def f():\n    global os\n    os = None\n"
                                 "def g():\n    os = 1\n    def h():\n        nonlocal os\n");
  assert_int_equal(impgraph_scan_use_count(scan), 4);
  use_is(use(scan, 0), "os", "os", U_FUNC | U_DECL, "f");
  use_is(use(scan, 1), "os", "os", U_FUNC | U_BIND, "f");
  use_is(use(scan, 2), "os", "os", U_FUNC | U_BIND, "g");
  use_is(use(scan, 3), "os", "os", U_FUNC | U_DECL, "g.h");
  impgraph_scan_free(scan);
}

static void test_uses_bindings(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import x\n"
                                 "x = 1\n"                          /* 0 */
                                 "a, (b, *x) = v\n"                 /* 1 */
                                 "x += 1\n"                         /* 2 */
                                 "x: int = 2\n"                     /* 3 */
                                 "for x in v: pass\n"               /* 4 */
                                 "with v as x: pass\n"              /* 5 */
                                 "try: pass\nexcept E as x: pass\n" /* 6 */
                                 "if (x := 3): pass\n"              /* 7 */
                                 "del x\n"                          /* 8 */
                                 "def x(): pass\n"                  /* 9 */
                                 "class x: pass\n"                  /* 10 */
                                 "def f(x, y=1): pass\n"            /* 11 */
                                 "g = lambda x: 0\n"                /* 12 */
                                 "h = [0 for x in v]\n"             /* 13 */
                                 "x.attr = 1\n"                     /* 14 read */
                                 "x[0] = 1\n"                       /* 15 read */
                                 "for x.y in v: pass\n");           /* 16 read */
  const struct {
    const char *chain;
    uint32_t flags;
    const char *scope;
  } want[] = {
      {"x", U_MOD | U_BIND, ""},
      {"x", U_MOD | U_BIND, ""},
      {"x", U_MOD | U_BIND, ""},
      {"x", U_MOD | U_BIND, ""},
      {"x", U_MOD | U_BIND, ""},
      {"x", U_MOD | U_BIND, ""},
      {"x", U_MOD | U_BIND | U_COND, ""}, /* in the except clause */
      {"x", U_MOD | U_BIND, ""},
      {"x", U_MOD | U_BIND, ""},
      {"x", U_MOD | U_BIND, ""},
      {"x", U_MOD | U_BIND, ""},
      {"x", U_FUNC | U_BIND, "f"},
      {"x", U_FUNC | U_BIND, "<lambda>"},
      {"x", U_MOD | U_BIND, ""},
      {"x.attr", U_MOD, ""},
      {"x", U_MOD, ""},
      {"x.y", U_MOD, ""},
  };
  size_t n = sizeof want / sizeof *want;
  assert_int_equal(impgraph_scan_use_count(scan), n);
  for (size_t i = 0; i < n; i++)
    use_is(use(scan, i), "x", want[i].chain, want[i].flags, want[i].scope);
  impgraph_scan_free(scan);
}

static void test_uses_rebinding_imports(void **state) {
  (void)state;
  /* One import of a name: its own name is not a use. Two statements binding
   * the same name: each binding is recorded, so either import sees the other
   * as shadowing it. */
  impgraph_scan *scan = scan_str("import os\n");
  assert_int_equal(impgraph_scan_use_count(scan), 0);
  impgraph_scan_free(scan);
  scan = scan_str("try:\n    import json\nexcept ImportError:\n"
                  "    import simplejson as json\n"
                  "import os, os.path\n");
  assert_int_equal(impgraph_scan_use_count(scan), 2);
  use_is(use(scan, 0), "json", "json", U_MOD | U_BIND, "");
  range_is(scan, use(scan, 0)->range, "json", 0);
  use_is(use(scan, 1), "json", "json", U_MOD | U_BIND, "");
  range_is(scan, use(scan, 1)->range, "json", 2);
  impgraph_scan_free(scan);
}

static void test_uses_match_patterns(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import np\n"
                                 "match v:\n"
                                 "    case np.int8: pass\n"        /* value: read */
                                 "    case np: pass\n"             /* capture: binding */
                                 "    case [*np]: pass\n"          /* binding */
                                 "    case np.C(k=np): pass\n"     /* class read, capture */
                                 "    case {'k': v} if np: pass\n" /* guard read */
                                 "    case Other.np: pass\n");     /* attribute, not a name */
  assert_int_equal(impgraph_scan_use_count(scan), 6);
  /* Every case clause is conditional. */
  use_is(use(scan, 0), "np", "np.int8", U_MOD | U_COND, "");
  use_is(use(scan, 1), "np", "np", U_MOD | U_BIND | U_COND, "");
  use_is(use(scan, 2), "np", "np", U_MOD | U_BIND | U_COND, "");
  use_is(use(scan, 3), "np", "np.C", U_MOD | U_COND, "");
  use_is(use(scan, 4), "np", "np", U_MOD | U_BIND | U_COND, "");
  use_is(use(scan, 5), "np", "np", U_MOD | U_COND, "");
  impgraph_scan_free(scan);
  /* `case _` is the wildcard, even when gettext's `_` is imported. */
  scan = scan_str("from gettext import gettext as _\nmatch v:\n    case _: _('x')\n");
  assert_int_equal(impgraph_scan_use_count(scan), 1);
  use_is(use(scan, 0), "_", "_", U_MOD | U_COND | U_CALL, "");
  impgraph_scan_free(scan);
}

static void test_uses_type_checking(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("from typing import TYPE_CHECKING\n"
                                 "if TYPE_CHECKING:\n"
                                 "    import pd\n"
                                 "    def f() -> pd.X: return pd.Y\n"
                                 "else:\n"
                                 "    pd = None\n");
  assert_int_equal(impgraph_scan_use_count(scan), 4);
  use_is(use(scan, 0), "TYPE_CHECKING", "TYPE_CHECKING", U_MOD, "");
  use_is(use(scan, 1), "pd", "pd.X", U_MOD | U_ANN | U_TC, "");
  use_is(use(scan, 2), "pd", "pd.Y", U_FUNC | U_TC, "f");
  use_is(use(scan, 3), "pd", "pd", U_MOD | U_BIND, "");
  impgraph_scan_free(scan);
}

static void test_uses_lazy_keyword_is_not_a_use(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("from x import lazy\nlazy import y\nprint(lazy)\n");
  assert_int_equal(impgraph_scan_use_count(scan), 1);
  range_is(scan, use(scan, 0)->range, "lazy", 2);
  impgraph_scan_free(scan);
}

static void test_records_in_source_order(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("x = im('a')\n"
                                 "import b\n"
                                 "from importlib import import_module as im\n"
                                 "y = __import__(__import__('c').name)\n");
  assert_int_equal(impgraph_scan_import_count(scan), 5);
  for (size_t i = 1; i < impgraph_scan_import_count(scan); i++)
    assert_true(imp(scan, i - 1)->statement.start_byte <= imp(scan, i)->statement.start_byte);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_IMPORTLIB, "a", 0, MOD, "");
  import_is(imp(scan, 3), IMPGRAPH_IMPORT_DUNDER, NULL, 0, MOD | DYN, "");
  import_is(imp(scan, 4), IMPGRAPH_IMPORT_DUNDER, "c", 0, MOD, "");
  for (size_t i = 1; i < impgraph_scan_use_count(scan); i++)
    assert_true(use(scan, i - 1)->range.start_byte < use(scan, i)->range.start_byte);
  impgraph_scan_free(scan);
}

/* ---- robustness --------------------------------------------------------- */

static void test_syntax_errors_keep_the_imports_that_parse(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import\nfrom x import\nfrom import y\n"
                                 "def f(:\n    import ok1\n"
                                 "x = (\nimport ok2\n"
                                 "import ok3\n");
  assert_true(diagnostics_with(scan, "syntax-error") > 0);
  bool ok1 = false;
  for (size_t i = 0; i < impgraph_scan_import_count(scan); i++) {
    const impgraph_import *im = imp(scan, i);
    /* Error recovery reads keywords as names; none may become a module. */
    assert_non_null(im->module);
    assert_string_not_equal(im->module, "from");
    assert_string_not_equal(im->module, "import");
    ok1 |= strcmp(im->module, "ok1") == 0;
  }
  assert_true(ok1);
  impgraph_scan_free(scan);
  /* Recovery cuts `class\nfrom d import e` into an ERROR and a statement
   * `import e`: a fragment that does not start a line is no import. */
  scan = scan_str("x = = 1\nimport c\nclass\nfrom d import e\n");
  assert_int_equal(diagnostics_with(scan, "syntax-error"), 2);
  assert_int_equal(impgraph_scan_import_count(scan), 1);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_PLAIN, "c", 0, MOD, "");
  impgraph_scan_free(scan);
}

static void test_python2_source(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("import os\n"
                                 "print \"hello\", os.name\n"
                                 "try:\n    import cPickle as pickle\nexcept ImportError, e:\n"
                                 "    import pickle\n"
                                 "exec \"code\" in ns\n"
                                 "print >>sys.stderr, 'x'\n");
  assert_int_equal(impgraph_scan_import_count(scan), 3);
  assert_int_equal(flags_of(scan, "os"), MOD);
  assert_int_equal(flags_of(scan, "cPickle"), MOD | OPT);
  assert_int_equal(flags_of(scan, "pickle"), MOD | COND | FALLBACK);
  assert_int_equal(impgraph_scan_use_count(scan), 3);
  use_is(use(scan, 0), "os", "os.name", U_MOD, "");
  use_is(use(scan, 1), "pickle", "pickle", U_MOD | U_BIND, "");
  use_is(use(scan, 2), "pickle", "pickle", U_MOD | U_BIND, "");
  impgraph_scan_free(scan);
}

static void test_bom_counts_in_offsets_not_columns(void **state) {
  (void)state;
  impgraph_scan *scan = scan_str("\xEF\xBB\xBFimport os\nos.x\n");
  const impgraph_import *im = imp(scan, 0);
  range_numbers(im->statement, 3, 12, 1, 1, 1, 10);
  range_numbers(im->module_range, 10, 12, 1, 8, 1, 10);
  range_numbers(use(scan, 0)->range, 13, 15, 2, 1, 2, 3);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  impgraph_scan_free(scan);
}

static void test_crlf_line_endings(void **state) {
  (void)state;
  const char *src = "import a\r\nif x:\r\n    from b import (c,\r\n        d)\r\na.f()\r\n";
  impgraph_scan *scan = scan_str(src);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_FROM, "b", 0, MOD | COND, "");
  range_is(scan, imp(scan, 1)->statement, "from b import (c,\r\n        d)", 0);
  range_is(scan, imp(scan, 1)->names[1].range, "d", 0);
  use_is(use(scan, 0), "a", "a.f", U_MOD | U_CALL, "");
  range_is(scan, use(scan, 0)->range, "a", 1);
  impgraph_scan_free(scan);
}

static void test_cr_only_line_endings(void **state) {
  (void)state;
  const char *src = "import a\rif x:\r    import b\ra.f()\r";
  impgraph_scan *scan = scan_str(src);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  assert_int_equal(impgraph_scan_import_count(scan), 2);
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_PLAIN, "b", 0, MOD | COND, "");
  range_numbers(imp(scan, 1)->statement, 19, 27, 3, 5, 3, 13);
  range_numbers(use(scan, 0)->range, 28, 29, 4, 1, 4, 2);
  /* The text handed back is the input; ranges index it. */
  size_t len;
  assert_memory_equal(impgraph_scan_text(scan, &len), src, strlen(src));
  impgraph_scan_free(scan);
}

static void test_latin1_coding_cookie(void **state) {
  (void)state;
  const char src[] = "# -*- coding: latin-1 -*-\nimport caf\xe9\ns = 'gr\xfc\xdf'\n";
  impgraph_scan *scan = scan_bytes(src, sizeof src - 1);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_PLAIN, "caf\xc3\xa9", 0, MOD, "");
  /* Ranges index the decoded UTF-8 text. */
  range_is(scan, imp(scan, 0)->module_range, "caf\xc3\xa9", 0);
  impgraph_scan_free(scan);
}

static void test_coding_cookie_variants(void **state) {
  (void)state;
  /* A cookie on line 2 after a shebang, in Emacs/Vim spelling. */
  const char cp1252[] = "#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n"
                        "import caf\xe9\nx = '\x80'\n";
  impgraph_scan *scan = scan_bytes(cp1252, sizeof cp1252 - 1);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_PLAIN, "caf\xc3\xa9", 0, MOD, "");
  range_numbers(imp(scan, 0)->statement, 55, 67, 3, 1, 3, 13);
  impgraph_scan_free(scan);
  /* An encoding nobody knows: a diagnostic, then the bytes as UTF-8. */
  scan = scan_str("# coding: klingon\nimport os\n");
  assert_int_equal(diagnostics_with(scan, "encoding"), 1);
  assert_int_equal(impgraph_scan_diagnostic(scan, 0)->line, 1);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_PLAIN, "os", 0, MOD, "");
  impgraph_scan_free(scan);
}

static void test_invalid_utf8_is_a_diagnostic(void **state) {
  (void)state;
  const char src[] = "import a\nx = '\xff\xfe'\nimport b\n";
  impgraph_scan *scan = scan_bytes(src, sizeof src - 1);
  assert_int_equal(diagnostics_with(scan, "encoding"), 1);
  const impgraph_diagnostic *d = impgraph_scan_diagnostic(scan, 0);
  assert_int_equal(d->line, 2);
  assert_int_equal(d->column, 6);
  assert_int_equal(impgraph_scan_import_count(scan), 2);
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_PLAIN, "b", 0, MOD, "");
  range_is(scan, imp(scan, 1)->statement, "import b", 0);
  impgraph_scan_free(scan);
  /* A name cut short by an undecodable byte is no import of `caf`. */
  const char cut[] = "import caf\xe9\nimport ok\n";
  scan = scan_bytes(cut, sizeof cut - 1);
  assert_int_equal(diagnostics_with(scan, "encoding"), 1);
  assert_int_equal(impgraph_scan_import_count(scan), 1);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_PLAIN, "ok", 0, MOD, "");
  impgraph_scan_free(scan);
}

static void test_nul_bytes_are_a_diagnostic(void **state) {
  (void)state;
  const char src[] = "import a\nx = 1\0\nimport b\n";
  impgraph_scan *scan = scan_bytes(src, sizeof src - 1);
  assert_int_equal(diagnostics_with(scan, "nul-byte"), 1);
  assert_int_equal(impgraph_scan_import_count(scan), 2);
  import_is(imp(scan, 1), IMPGRAPH_IMPORT_PLAIN, "b", 0, MOD, "");
  range_numbers(imp(scan, 1)->statement, 16, 24, 3, 1, 3, 9);
  impgraph_scan_free(scan);
}

static void test_empty_and_blank_sources(void **state) {
  (void)state;
  const char *sources[] = {"", "\n", "   ", "# only a comment", "\xEF\xBB\xBF", "\r\n\r\n"};
  for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
    impgraph_scan *scan = scan_str(sources[i]);
    assert_int_equal(impgraph_scan_import_count(scan), 0);
    assert_int_equal(impgraph_scan_use_count(scan), 0);
    impgraph_scan_free(scan);
  }
}

static char *repeat(const char *unit, size_t count, const char *prefix, const char *suffix) {
  size_t unit_len = strlen(unit), plen = strlen(prefix), slen = strlen(suffix);
  char *s = malloc(plen + unit_len * count + slen + 1);
  assert_non_null(s);
  memcpy(s, prefix, plen);
  for (size_t i = 0; i < count; i++)
    memcpy(s + plen + i * unit_len, unit, unit_len);
  memcpy(s + plen + unit_len * count, suffix, slen + 1);
  return s;
}

static void test_deeply_nested_expressions(void **state) {
  (void)state;
  /* 100,000 nested parentheses, then a use 50,000 brackets deep: the walks
   * must not recurse on depth. */
  size_t depth = 100000;
  char *open = repeat("(", depth, "x = ", "1");
  char *close = repeat(")", depth, open, "\nimport os\n");
  char *inner = repeat("[", depth / 2, close, "os.sep");
  char *src = repeat("]", depth / 2, inner, "\n");
  /* No parse time budget: under ASan on a loaded machine this parse can
     take longer than the default 5 s, which is not what is tested here. */
  impgraph_scan_options opts = IMPGRAPH_SCAN_OPTIONS_INIT;
  opts.timeout_us = 0;
  impgraph_scanner *unlimited = NULL;
  assert_int_equal(impgraph_scanner_new(&unlimited, &opts, NULL), IMPGRAPH_OK);
  impgraph_scan *scan = NULL;
  assert_int_equal(impgraph_scanner_scan(unlimited, &scan, "t.py", src, strlen(src), NULL),
                   IMPGRAPH_OK);
  assert_int_equal(impgraph_scan_diagnostic_count(scan), 0);
  assert_int_equal(impgraph_scan_import_count(scan), 1);
  import_is(imp(scan, 0), IMPGRAPH_IMPORT_PLAIN, "os", 0, MOD, "");
  assert_int_equal(imp(scan, 0)->statement.start_line, 2);
  assert_int_equal(impgraph_scan_use_count(scan), 1);
  use_is(use(scan, 0), "os", "os.sep", U_MOD, "");
  assert_int_equal(use(scan, 0)->range.start_line, 3);
  assert_int_equal(use(scan, 0)->range.start_column, depth / 2 + 1);
  impgraph_scan_free(scan);
  impgraph_scanner_free(unlimited);
  free(open);
  free(close);
  free(inner);
  free(src);
}

static void test_deeply_nested_blocks(void **state) {
  (void)state;
  /* Far deeper than Python's own limit of 100 indentation levels: the
   * grammar recovers as it can; the import must still be found. */
  size_t levels = 1000;
  size_t cap = levels * (levels + 8) + 64, n = 0;
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
  n += (size_t)snprintf(src + n, cap - n, "import os\n");
  impgraph_scan *scan = scan_bytes(src, n);
  assert_int_equal(impgraph_scan_import_count(scan), 1);
  assert_string_equal(imp(scan, 0)->module, "os");
  assert_int_equal(imp(scan, 0)->statement.start_line, levels + 1);
  assert_true(imp(scan, 0)->flags & COND);
  impgraph_scan_free(scan);
  free(src);
}

static void test_many_names(void **state) {
  (void)state;
  char *names = repeat("name, ", 5000, "from m import (", "last)\n");
  impgraph_scan *scan = scan_str(names);
  assert_int_equal(imp(scan, 0)->name_count, 5001);
  name_is(&imp(scan, 0)->names[5000], "last", NULL, "last");
  impgraph_scan_free(scan);
  free(names);
}

static void test_scanner_reuse_is_independent(void **state) {
  (void)state;
  impgraph_scan *first = scan_str("import a\na.x\n");
  impgraph_scan *second = scan_str("import b\nb.y\nb.z\n");
  impgraph_scan *third = scan_str("x = 1\n");
  assert_int_equal(impgraph_scan_use_count(first), 1);
  use_is(use(first, 0), "a", "a.x", U_MOD, "");
  assert_int_equal(impgraph_scan_use_count(second), 2);
  use_is(use(second, 1), "b", "b.z", U_MOD, "");
  assert_int_equal(impgraph_scan_import_count(third), 0);
  assert_int_equal(impgraph_scan_use_count(third), 0);
  impgraph_scan_free(first);
  impgraph_scan_free(second);
  impgraph_scan_free(third);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plain_import_dotted),
      cmocka_unit_test(test_plain_import_alias),
      cmocka_unit_test(test_plain_import_several_modules_share_statement),
      cmocka_unit_test(test_plain_import_spaced_dotted_name),
      cmocka_unit_test(test_statement_boundaries),
      cmocka_unit_test(test_from_import_names),
      cmocka_unit_test(test_from_import_parenthesized_lines),
      cmocka_unit_test(test_from_import_current_package),
      cmocka_unit_test(test_from_import_parent_package),
      cmocka_unit_test(test_star_import),
      cmocka_unit_test(test_future_import),
      cmocka_unit_test(test_dunder_import),
      cmocka_unit_test(test_importlib_import_module),
      cmocka_unit_test(test_import_module_relative_with_package),
      cmocka_unit_test(test_import_module_keyword_arguments),
      cmocka_unit_test(test_import_module_needs_importlib),
      cmocka_unit_test(test_import_module_aliases),
      cmocka_unit_test(test_dynamic_import_arguments),
      cmocka_unit_test(test_lazy_import),
      cmocka_unit_test(test_lazy_import_positions),
      cmocka_unit_test(test_lazy_as_a_name_is_not_the_keyword),
      cmocka_unit_test(test_lazy_modules),
      cmocka_unit_test(test_context_functions_and_scopes),
      cmocka_unit_test(test_context_decorated_definitions),
      cmocka_unit_test(test_context_type_checking),
      cmocka_unit_test(test_context_optional),
      cmocka_unit_test(test_context_optional_reraised),
      cmocka_unit_test(test_context_fallback),
      cmocka_unit_test(test_context_conditional),
      cmocka_unit_test(test_context_accumulates_lexically),
      cmocka_unit_test(test_uses_reads_and_chains),
      cmocka_unit_test(test_uses_before_the_import),
      cmocka_unit_test(test_uses_scopes),
      cmocka_unit_test(test_uses_evaluated_at_definition_time),
      cmocka_unit_test(test_uses_calls),
      cmocka_unit_test(test_uses_conditional),
      cmocka_unit_test(test_uses_variable_annotations),
      cmocka_unit_test(test_uses_string_annotations),
      cmocka_unit_test(test_uses_all),
      cmocka_unit_test(test_uses_declarations),
      cmocka_unit_test(test_uses_bindings),
      cmocka_unit_test(test_uses_rebinding_imports),
      cmocka_unit_test(test_uses_match_patterns),
      cmocka_unit_test(test_uses_type_checking),
      cmocka_unit_test(test_uses_lazy_keyword_is_not_a_use),
      cmocka_unit_test(test_records_in_source_order),
      cmocka_unit_test(test_syntax_errors_keep_the_imports_that_parse),
      cmocka_unit_test(test_python2_source),
      cmocka_unit_test(test_bom_counts_in_offsets_not_columns),
      cmocka_unit_test(test_crlf_line_endings),
      cmocka_unit_test(test_cr_only_line_endings),
      cmocka_unit_test(test_latin1_coding_cookie),
      cmocka_unit_test(test_coding_cookie_variants),
      cmocka_unit_test(test_invalid_utf8_is_a_diagnostic),
      cmocka_unit_test(test_nul_bytes_are_a_diagnostic),
      cmocka_unit_test(test_empty_and_blank_sources),
      cmocka_unit_test(test_deeply_nested_expressions),
      cmocka_unit_test(test_deeply_nested_blocks),
      cmocka_unit_test(test_many_names),
      cmocka_unit_test(test_scanner_reuse_is_independent),
  };
  return cmocka_run_group_tests_name("scan", tests, setup, teardown);
}
