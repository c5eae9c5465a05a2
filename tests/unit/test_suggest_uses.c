/* Unit tests of suggest/uses.c: the use analysis, from scans of in-memory
 * sources. One test per rule; each checks the need, the deciding line and
 * column, the reason and the functions where they matter. */
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
#include "suggest/suggest.h"

static impgraph_scanner *scanner;
static impgraph_scan *scan;
static ipg_use_analysis *analysis;

static int setup(void **state) {
  (void)state;
  return impgraph_scanner_new(&scanner, NULL, NULL);
}

static int teardown(void **state) {
  (void)state;
  impgraph_scanner_free(scanner);
  return 0;
}

/* Frees the previous test's results. */
static int reset(void **state) {
  (void)state;
  ipg_use_analysis_free(analysis);
  impgraph_scan_free(scan);
  analysis = NULL;
  scan = NULL;
  return 0;
}

/* ---- helpers ------------------------------------------------------------- */

static void analyse_with(const char *src, const ipg_use_options *opts) {
  impgraph_error err;
  reset(NULL);
  if (impgraph_scanner_scan(scanner, &scan, "t.py", src, strlen(src), &err) != IMPGRAPH_OK)
    fail_msg("scan failed: %s", err.message);
  if (impgraph_scan_diagnostic_count(scan) != 0)
    fail_msg("the test source has a diagnostic: %s", impgraph_scan_diagnostic(scan, 0)->message);
  if (ipg_analyse_uses(&analysis, scan, opts, &err) != IMPGRAPH_OK)
    fail_msg("analysis failed: %s", err.message);
}

static void analyse(const char *src) {
  analyse_with(src, NULL);
}

/* The `nth` entry binding `bound` (0-based). */
static const ipg_binding_need *nth_need(const char *bound, int nth) {
  for (size_t i = 0; i < ipg_use_analysis_count(analysis); i++) {
    const ipg_binding_need *e = ipg_use_analysis_get(analysis, i);
    if (e->bound && strcmp(e->bound, bound) == 0 && nth-- == 0)
      return e;
  }
  fail_msg("no entry binds '%s'", bound);
  return NULL;
}

static const ipg_binding_need *need(const char *bound) {
  return nth_need(bound, 0);
}

static void kind_is(const ipg_binding_need *e, ipg_need_kind kind) {
  if (e->need != kind)
    fail_msg("'%s': need %s, want %s (%s)", e->bound ? e->bound : "(none)",
             ipg_need_kind_name(e->need), ipg_need_kind_name(kind), e->reason);
}

static void at(const ipg_binding_need *e, uint32_t line, uint32_t column) {
  if (e->line != line || e->column != column)
    fail_msg("'%s': decided at %u:%u, want %u:%u", e->bound, e->line, e->column, line, column);
}

static void reason_is(const ipg_binding_need *e, const char *reason) {
  assert_non_null(e->reason);
  assert_string_equal(e->reason, reason);
}

static void function_is(const ipg_binding_need *e, size_t i, const char *scope, uint32_t line,
                        uint32_t column) {
  if (i >= e->function_count)
    fail_msg("'%s': function %zu of %zu", e->bound, i, e->function_count);
  assert_string_equal(e->functions[i].scope, scope);
  assert_int_equal(e->functions[i].line, line);
  assert_int_equal(e->functions[i].column, column);
}

/* ---- where a name is read ------------------------------------------------ */

static void test_function_only(void **state) {
  (void)state;
  analyse("import json\n"
          "\n"
          "def dump(x):\n"
          "    return json.dumps(x)\n");
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_FUNCTIONS);
  assert_int_equal(e->import_index, 0);
  assert_int_equal(e->name_index, SIZE_MAX);
  assert_int_equal(e->function_count, 1);
  function_is(e, 0, "dump", 4, 12);
  assert_false(e->functions[0].binds_locally);
  assert_false(e->reads_may_be_local);
  at(e, 4, 12);
  reason_is(e, "used only inside functions: dump (line 4)");
  assert_false(e->eager_annotation);
  assert_false(e->exported);
  assert_false(e->rebound);
  assert_int_equal(e->group_first, 0);
  assert_int_equal(e->group_size, 1);
}

static void test_several_functions(void **state) {
  (void)state;
  analyse("from os import path\n"
          "class Store:\n"
          "    def load(self):\n"
          "        return path.join('a', 'b')\n"
          "def main():\n"
          "    path.exists('x')\n"
          "    path.isdir('y')\n"
          "def helper():\n"
          "    return path.sep\n"
          "async def fetch():\n"
          "    return path.sep\n"
          "def more():\n"
          "    return path\n");
  const ipg_binding_need *e = need("path");
  kind_is(e, IPG_NEED_FUNCTIONS);
  assert_int_equal(e->name_index, 0);
  assert_int_equal(e->function_count, 5);
  function_is(e, 0, "Store.load", 4, 16);
  function_is(e, 1, "main", 6, 5); /* the first read of main only */
  function_is(e, 2, "helper", 9, 12);
  function_is(e, 3, "fetch", 11, 12);
  function_is(e, 4, "more", 13, 12);
  at(e, 4, 16);
  reason_is(e, "used only inside functions: Store.load (line 4), main (line 6), helper (line 9) "
               "and 2 more");
}

static void test_decorator(void **state) {
  (void)state;
  analyse("import functools\n"
          "\n"
          "@functools.lru_cache(maxsize=None)\n"
          "def f():\n"
          "    return functools.reduce\n");
  const ipg_binding_need *e = need("functools");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  at(e, 3, 2);
  reason_is(e, "used in a decorator at line 3");
  /* Reads in functions are listed whatever the need. */
  assert_int_equal(e->function_count, 1);
  function_is(e, 0, "f", 5, 12);
}

static void test_method_decorator(void **state) {
  (void)state;
  analyse("import functools\n"
          "class C:\n"
          "    @functools.cached_property\n"
          "    def x(self):\n"
          "        return 1\n");
  const ipg_binding_need *e = need("functools");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  at(e, 3, 6);
  reason_is(e, "used in a decorator at line 3");
}

static void test_default_value(void **state) {
  (void)state;
  analyse("import sys\n"
          "def write(text, out=sys.stdout):\n"
          "    out.write(text)\n");
  const ipg_binding_need *e = need("sys");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  at(e, 2, 21);
  reason_is(e, "used in a default value at line 2");
  assert_int_equal(e->function_count, 0);
}

static void test_base_class(void **state) {
  (void)state;
  analyse("import abc\n"
          "class Plugin(abc.ABC):\n"
          "    pass\n"
          "class Meta(metaclass=abc.ABCMeta):\n"
          "    pass\n");
  const ipg_binding_need *e = need("abc");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  at(e, 2, 14);
  reason_is(e, "used in the bases of a class at line 2");
}

static void test_class_body(void **state) {
  (void)state;
  analyse("import re\n"
          "class Parser:\n"
          "    class Token:\n"
          "        WORD = re.compile(r'\\w+')\n");
  const ipg_binding_need *e = need("re");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  at(e, 4, 16);
  reason_is(e, "used in the body of class Parser.Token at line 4");
}

static void test_module_level_call(void **state) {
  (void)state;
  analyse("import numpy as np\n"
          "\n"
          "np.seterr(all='ignore')\n");
  const ipg_binding_need *e = need("np");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  at(e, 3, 1);
  reason_is(e, "used at module level at line 3");
}

static void test_attribute_chain(void **state) {
  (void)state;
  analyse("import numpy as np\n"
          "norm = np.linalg.norm\n");
  const ipg_binding_need *e = need("np");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  at(e, 2, 8);
  reason_is(e, "used at module level at line 2");
}

static void test_dotted_import_binds_first_name(void **state) {
  (void)state;
  analyse("import xml.etree.ElementTree\n"
          "def parse(text):\n"
          "    return xml.etree.ElementTree.fromstring(text)\n");
  const ipg_binding_need *e = need("xml");
  kind_is(e, IPG_NEED_FUNCTIONS);
  assert_int_equal(e->name_index, SIZE_MAX);
  function_is(e, 0, "parse", 3, 12);
}

/* Calls of local functions are not in the records: a read in a function
 * that module-level code calls is still "only in functions". Moving the
 * import into setup() stays correct; it saves nothing. */
static void test_local_call_not_followed(void **state) {
  (void)state;
  analyse("import numpy as np\n"
          "def setup():\n"
          "    np.zeros(1)\n"
          "setup()\n");
  const ipg_binding_need *e = need("np");
  kind_is(e, IPG_NEED_FUNCTIONS);
  function_is(e, 0, "setup", 3, 5);
  reason_is(e, "used only inside functions: setup (line 3)");
}

static void test_lambda(void **state) {
  (void)state;
  analyse("import numpy as np\n"
          "import math\n"
          "make = lambda: np.zeros(1)\n"
          "area = lambda r=math.pi: r\n");
  const ipg_binding_need *e = need("np");
  kind_is(e, IPG_NEED_FUNCTIONS);
  function_is(e, 0, "<lambda>", 3, 16);
  e = need("math");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  reason_is(e, "used in a default value at line 4");
}

static void test_nested_function(void **state) {
  (void)state;
  analyse("import json\n"
          "def outer():\n"
          "    def inner():\n"
          "        return json.loads('1')\n"
          "    return inner\n");
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_FUNCTIONS);
  assert_int_equal(e->function_count, 1);
  function_is(e, 0, "outer.inner", 4, 16);
  assert_false(e->functions[0].binds_locally);
}

/* A class body inside a function runs when the function runs. */
static void test_class_body_in_function(void **state) {
  (void)state;
  analyse("import enum\n"
          "def make():\n"
          "    class Color(enum.Enum):\n"
          "        RED = enum.auto()\n"
          "        class Shade(enum.Enum):\n"
          "            DARK = enum.auto()\n"
          "    return Color\n");
  const ipg_binding_need *e = need("enum");
  kind_is(e, IPG_NEED_FUNCTIONS);
  assert_int_equal(e->function_count, 1);
  function_is(e, 0, "make", 3, 17);
}

/* ---- annotations ---------------------------------------------------------- */

static const char *annotated = "import numpy as np\n"
                               "def f(x: np.ndarray) -> None:\n"
                               "    pass\n";

static void test_annotation_eager(void **state) {
  (void)state;
  analyse(annotated);
  assert_false(ipg_use_analysis_annotations_deferred(analysis));
  const ipg_binding_need *e = need("np");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  at(e, 2, 10);
  reason_is(e, "used in an annotation at line 2, evaluated at import time (no `from __future__ "
               "import annotations`, target before Python 3.14)");
  assert_true(e->eager_annotation);
  assert_int_equal(e->need_if_annotations_deferred, IPG_NEED_ANNOTATIONS);
}

static void test_annotation_future(void **state) {
  (void)state;
  analyse("from __future__ import annotations\n"
          "import numpy as np\n"
          "def f(x: np.ndarray) -> None:\n"
          "    pass\n"
          "class C:\n"
          "    data: np.ndarray\n"
          "def g():\n"
          "    y: np.float64 = 1\n");
  assert_true(ipg_use_analysis_annotations_deferred(analysis));
  const ipg_binding_need *e = need("np");
  kind_is(e, IPG_NEED_ANNOTATIONS);
  assert_int_equal(e->function_count, 0);
  at(e, 3, 10);
  reason_is(e, "used only in annotations, which are not evaluated at run time, first at line 3");
  assert_false(e->eager_annotation);
  assert_int_equal(e->need_if_annotations_deferred, IPG_NEED_ANNOTATIONS);
}

static void test_annotation_target_314(void **state) {
  (void)state;
  ipg_use_options opts = IPG_USE_OPTIONS_INIT;
  opts.target_major = 3;
  opts.target_minor = 14;
  analyse_with(annotated, &opts);
  assert_true(ipg_use_analysis_annotations_deferred(analysis));
  kind_is(need("np"), IPG_NEED_ANNOTATIONS);
  opts.target_minor = 13;
  analyse_with(annotated, &opts);
  kind_is(need("np"), IPG_NEED_IMPORT_TIME);
}

/* Annotations in a function body: a nested def's are evaluated when the
 * function runs, and a local variable's look the same in the records. */
static void test_annotation_in_function(void **state) {
  (void)state;
  analyse("import numpy as np\n"
          "def f():\n"
          "    x: np.ndarray = make()\n"
          "    return x\n");
  const ipg_binding_need *e = need("np");
  kind_is(e, IPG_NEED_FUNCTIONS);
  function_is(e, 0, "f", 3, 8);
  assert_true(e->eager_annotation);
  assert_int_equal(e->need_if_annotations_deferred, IPG_NEED_ANNOTATIONS);
}

static void test_string_annotation(void **state) {
  (void)state;
  analyse("import numpy as np\n"
          "def f(x: 'np.ndarray') -> 'Optional[np.ndarray]':\n"
          "    pass\n");
  const ipg_binding_need *e = need("np");
  kind_is(e, IPG_NEED_ANNOTATIONS);
  at(e, 2, 11);
  assert_false(e->eager_annotation);
}

static void test_type_checking_only(void **state) {
  (void)state;
  analyse("from typing import TYPE_CHECKING\n"
          "import decimal\n"
          "if TYPE_CHECKING:\n"
          "    Number = decimal.Decimal\n"
          "    def f(x: decimal.Decimal) -> None: ...\n");
  const ipg_binding_need *e = need("decimal");
  kind_is(e, IPG_NEED_TYPE_CHECKING);
  at(e, 4, 14);
  reason_is(e, "used only under `if TYPE_CHECKING:`, first at line 4");
  /* Evaluating the condition needs TYPE_CHECKING itself. */
  e = need("TYPE_CHECKING");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  at(e, 3, 4);
}

/* An import under TYPE_CHECKING used in string annotations: analysed like
 * any other (its own flags say it never runs). */
static void test_import_under_type_checking(void **state) {
  (void)state;
  analyse("from typing import TYPE_CHECKING\n"
          "if TYPE_CHECKING:\n"
          "    from pathlib import Path\n"
          "def f(p: 'Path') -> None: ...\n");
  const ipg_binding_need *e = need("Path");
  kind_is(e, IPG_NEED_ANNOTATIONS);
  at(e, 4, 11);
}

/* ---- re-exports and unused ------------------------------------------------ */

static void test_all_reexport(void **state) {
  (void)state;
  analyse("from .core import Engine, helper\n"
          "__all__ = ['Engine']\n"
          "def run():\n"
          "    return Engine()\n");
  const ipg_binding_need *e = need("Engine");
  kind_is(e, IPG_NEED_REEXPORT);
  assert_true(e->exported);
  at(e, 2, 12);
  reason_is(e, "listed in __all__ at line 2");
  /* Reads in functions are listed too. */
  function_is(e, 0, "run", 4, 12);
  kind_is(need("helper"), IPG_NEED_UNUSED);
}

static void test_package_init_reexport(void **state) {
  (void)state;
  ipg_use_options opts = IPG_USE_OPTIONS_INIT;
  opts.is_package_init = true;
  analyse_with("from .core import Engine\n"
               "from ._version import __version__\n"
               "import os as _os\n"
               "def cwd():\n"
               "    return _os.getcwd()\n",
               &opts);
  const ipg_binding_need *e = need("Engine");
  kind_is(e, IPG_NEED_REEXPORT);
  assert_true(e->exported);
  at(e, 0, 0);
  reason_is(e, "public name of a package __init__: other modules may import it from here");
  kind_is(need("__version__"), IPG_NEED_REEXPORT);
  e = need("_os");
  kind_is(e, IPG_NEED_FUNCTIONS);
  assert_false(e->exported);
  /* Not a package: the same public name is unused. */
  analyse("from .core import Engine\n");
  kind_is(need("Engine"), IPG_NEED_UNUSED);
}

static void test_imported_by_others(void **state) {
  (void)state;
  const char *names[] = {"Path"};
  ipg_use_options opts = IPG_USE_OPTIONS_INIT;
  opts.imported_by_others = names;
  opts.imported_by_others_count = 1;
  analyse_with("from pathlib import Path, PurePath\n", &opts);
  const ipg_binding_need *e = need("Path");
  kind_is(e, IPG_NEED_REEXPORT);
  reason_is(e, "imported from this module by other modules");
  kind_is(need("PurePath"), IPG_NEED_UNUSED);
}

static void test_unused(void **state) {
  (void)state;
  analyse("import os\n"
          "x = 1\n");
  const ipg_binding_need *e = need("os");
  kind_is(e, IPG_NEED_UNUSED);
  at(e, 0, 0);
  reason_is(e, "never used");
  assert_int_equal(e->function_count, 0);
  assert_null(e->functions);
}

/* ---- shadowing and rebinding ---------------------------------------------- */

/* A parameter named like the import: Python reads the parameter, but a
 * binding cannot be told from a comprehension target, so the read counts,
 * flagged. */
static void test_shadowing_parameter(void **state) {
  (void)state;
  analyse("import json\n"
          "def f(json):\n"
          "    return json.dumps(1)\n");
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_FUNCTIONS);
  function_is(e, 0, "f", 3, 12);
  assert_true(e->functions[0].binds_locally);
  assert_false(e->functions[0].imports_locally);
  assert_true(e->reads_may_be_local);
}

static void test_shadowing_local_assignment(void **state) {
  (void)state;
  analyse("import json\n"
          "def f():\n"
          "    json = load()\n"
          "    return json.x\n"
          "def g():\n"
          "    return json.dumps(1)\n");
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_FUNCTIONS);
  assert_int_equal(e->function_count, 2);
  function_is(e, 0, "f", 4, 12);
  assert_true(e->functions[0].binds_locally);
  function_is(e, 1, "g", 6, 12);
  assert_false(e->functions[1].binds_locally);
  assert_false(e->reads_may_be_local);
}

/* A comprehension target binds only inside the comprehension: the read
 * after it is the import's. The records cannot tell; the read counts. */
static void test_comprehension_variable(void **state) {
  (void)state;
  analyse("import np\n"
          "def f(rows):\n"
          "    names = [np for np in rows]\n"
          "    return np.array(names)\n");
  const ipg_binding_need *e = need("np");
  kind_is(e, IPG_NEED_FUNCTIONS);
  assert_int_equal(e->function_count, 1);
  function_is(e, 0, "f", 3, 14);
  assert_true(e->functions[0].binds_locally);
}

static void test_enclosing_function_binds(void **state) {
  (void)state;
  analyse("import json\n"
          "def outer(json):\n"
          "    def inner():\n"
          "        return json.x\n"
          "    return inner\n"
          "def other(json):\n"
          "    def inner():\n"
          "        global json\n"
          "        return json.dumps(1)\n"
          "    return inner\n");
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_FUNCTIONS);
  assert_int_equal(e->function_count, 2);
  function_is(e, 0, "outer.inner", 4, 16);
  assert_true(e->functions[0].binds_locally);
  /* `global` stops the search: other's parameter is not seen. */
  function_is(e, 1, "other.inner", 9, 16);
  assert_false(e->functions[1].binds_locally);
  assert_false(e->rebound);
}

static void test_function_level_import(void **state) {
  (void)state;
  analyse("import numpy as np\n"
          "def f():\n"
          "    import numpy as np\n"
          "    return np.zeros(1)\n");
  const ipg_binding_need *e = need("np");
  assert_int_equal(ipg_use_analysis_count(analysis), 1); /* the function's import has none */
  kind_is(e, IPG_NEED_FUNCTIONS);
  function_is(e, 0, "f", 4, 12);
  assert_true(e->functions[0].imports_locally);
  assert_false(e->functions[0].binds_locally);
  assert_true(e->reads_may_be_local);
  assert_false(e->rebound);
}

static void test_global_rebinding(void **state) {
  (void)state;
  analyse("import json\n"
          "def use_fast():\n"
          "    global json\n"
          "    json = load_fast()\n"
          "def dump(x):\n"
          "    return json.dumps(x)\n");
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_NOT_DEFERRABLE);
  assert_true(e->rebound);
  at(e, 4, 5);
  reason_is(e, "rebound through a `global` or `nonlocal` declaration in use_fast at line 4");
  function_is(e, 0, "dump", 6, 12);
}

static void test_global_import_rebinding(void **state) {
  (void)state;
  analyse("import json\n"
          "def use_fast():\n"
          "    global json\n"
          "    import ujson as json\n");
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_NOT_DEFERRABLE);
  assert_true(e->rebound);
  at(e, 4, 5);
}

/* `nonlocal` is recorded like `global`: taken as `global`. */
static void test_nonlocal_taken_as_global(void **state) {
  (void)state;
  analyse("import count\n"
          "def outer():\n"
          "    count = 0\n"
          "    def bump():\n"
          "        nonlocal count\n"
          "        count += 1\n"
          "    return bump\n");
  const ipg_binding_need *e = need("count");
  kind_is(e, IPG_NEED_NOT_DEFERRABLE);
  reason_is(e, "rebound through a `global` or `nonlocal` declaration in outer.bump at line 6");
}

static void test_module_level_del(void **state) {
  (void)state;
  analyse("import sys\n"
          "def f():\n"
          "    return sys.argv\n"
          "del sys\n");
  const ipg_binding_need *e = need("sys");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  assert_true(e->rebound);
  at(e, 4, 5);
  reason_is(e, "rebound or deleted at module level at line 4");
}

static void test_module_level_rebinding(void **state) {
  (void)state;
  analyse("try:\n"
          "    import simplejson\n"
          "except ImportError:\n"
          "    simplejson = None\n"
          "def dump(x):\n"
          "    return simplejson.dumps(x)\n");
  const ipg_binding_need *e = need("simplejson");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  assert_true(e->rebound);
  at(e, 4, 5);
  reason_is(e, "rebound or deleted at module level at line 4");
}

/* A class attribute of the same name is not the module's name. */
static void test_class_attribute_binding(void **state) {
  (void)state;
  analyse("import json\n"
          "class C:\n"
          "    def json(self):\n"
          "        return 1\n"
          "def f():\n"
          "    return json.dumps(1)\n");
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_FUNCTIONS);
  assert_false(e->rebound);
}

/* A binding under TYPE_CHECKING never runs; scoping is static, though: in a
 * function it still makes the name local. */
static void test_type_checking_binding(void **state) {
  (void)state;
  analyse("from typing import TYPE_CHECKING\n"
          "import json\n"
          "if TYPE_CHECKING:\n"
          "    json = Any\n"
          "def f():\n"
          "    if TYPE_CHECKING:\n"
          "        json = Any\n"
          "    return json.dumps(1)\n");
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_FUNCTIONS);
  assert_false(e->rebound);
  assert_true(e->functions[0].binds_locally);
}

/* Functions do not see the names of a class body around them, nor its
 * `global` declarations. */
static void test_class_scope_skipped(void **state) {
  (void)state;
  analyse("import json\n"
          "def outer(json):\n"
          "    class C:\n"
          "        global json\n"
          "        def m(self):\n"
          "            return json.x\n"
          "    return C\n");
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_FUNCTIONS);
  function_is(e, 0, "outer.C.m", 6, 20);
  assert_true(e->functions[0].binds_locally);
}

/* ---- groups and imports that cannot move ---------------------------------- */

static void test_fallback_pair(void **state) {
  (void)state;
  analyse("try:\n"
          "    import ujson as json\n"
          "except ImportError:\n"
          "    import json\n"
          "def dump(x):\n"
          "    return json.dumps(x)\n");
  assert_int_equal(ipg_use_analysis_count(analysis), 2);
  const ipg_binding_need *a = nth_need("json", 0), *b = nth_need("json", 1);
  assert_int_equal(a->import_index, 0);
  assert_int_equal(b->import_index, 1);
  kind_is(a, IPG_NEED_FUNCTIONS);
  kind_is(b, IPG_NEED_FUNCTIONS);
  assert_false(a->rebound); /* each import's own binding is not a rebinding */
  assert_int_equal(a->group_first, 0);
  assert_int_equal(b->group_first, 0);
  assert_int_equal(a->group_size, 2);
  assert_int_equal(b->group_size, 2);
  function_is(b, 0, "dump", 6, 12);
  assert_false(b->functions[0].binds_locally);
}

static void test_group_needs_jointly(void **state) {
  (void)state;
  analyse("import os.path\n"
          "import os\n"
          "def f():\n"
          "    return os.path.join('a')\n"
          "HOME = os.environ['HOME']\n");
  kind_is(nth_need("os", 0), IPG_NEED_IMPORT_TIME);
  kind_is(nth_need("os", 1), IPG_NEED_IMPORT_TIME);
  at(nth_need("os", 0), 5, 8);
  assert_int_equal(nth_need("os", 1)->group_size, 2);
}

static void test_class_body_import(void **state) {
  (void)state;
  analyse("class C:\n"
          "    import json\n"
          "    def f(self):\n"
          "        return self.json.dumps(1)\n");
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_NOT_DEFERRABLE);
  reason_is(e, "imported in the body of class C: binds a class attribute");
  assert_int_equal(e->function_count, 0);
}

static void test_future_import(void **state) {
  (void)state;
  analyse("from __future__ import annotations, division\n");
  assert_int_equal(ipg_use_analysis_count(analysis), 2);
  const ipg_binding_need *e = ipg_use_analysis_get(analysis, 1);
  assert_null(e->bound);
  assert_int_equal(e->name_index, 1);
  kind_is(e, IPG_NEED_NOT_DEFERRABLE);
  reason_is(e, "`from __future__` import: changes how the module is compiled");
}

static void test_star_import(void **state) {
  (void)state;
  analyse("from os.path import *\n");
  assert_int_equal(ipg_use_analysis_count(analysis), 1);
  const ipg_binding_need *e = ipg_use_analysis_get(analysis, 0);
  assert_null(e->bound);
  kind_is(e, IPG_NEED_NOT_DEFERRABLE);
  reason_is(e, "star import: the names it binds are not known");
}

static void test_star_imported(void **state) {
  (void)state;
  ipg_use_options opts = IPG_USE_OPTIONS_INIT;
  opts.star_imported = true;
  analyse_with("import json\n"
               "import os as _os\n"
               "import sys as _sys\n"
               "__all__ = ['_sys']\n",
               &opts);
  const ipg_binding_need *e = need("json");
  kind_is(e, IPG_NEED_NOT_DEFERRABLE);
  assert_true(e->exported);
  reason_is(e, "public name of a module that other modules star-import");
  kind_is(need("_os"), IPG_NEED_UNUSED);
  kind_is(need("_sys"), IPG_NEED_NOT_DEFERRABLE);
  /* A use at import time still says where. */
  analyse_with("import json\nX = json.dumps(1)\n", &opts);
  kind_is(need("json"), IPG_NEED_IMPORT_TIME);
}

/* ---- API ------------------------------------------------------------------ */

static void test_api(void **state) {
  (void)state;
  impgraph_error err;
  ipg_use_analysis *a = (ipg_use_analysis *)1;
  assert_int_equal(ipg_analyse_uses(&a, NULL, NULL, &err), IMPGRAPH_EINVAL);
  assert_null(a);
  assert_int_equal(ipg_analyse_uses(NULL, NULL, NULL, NULL), IMPGRAPH_EINVAL);
  analyse("import json\n");
  ipg_use_options opts = IPG_USE_OPTIONS_INIT;
  opts.imported_by_others_count = 1;
  assert_int_equal(ipg_analyse_uses(&a, scan, &opts, &err), IMPGRAPH_EINVAL);
  ipg_use_analysis_free(NULL);
  assert_int_equal(ipg_use_analysis_count(NULL), 0);
  assert_null(ipg_use_analysis_get(analysis, 1));
  assert_string_equal(ipg_need_kind_name(IPG_NEED_REEXPORT), "reexport");
  assert_string_equal(ipg_need_kind_name((ipg_need_kind)99), "?");

  /* Calls and function-level imports bind nothing the analysis covers. */
  analyse("import importlib\n"
          "m = importlib.import_module('x')\n"
          "y = __import__('y')\n"
          "def f():\n"
          "    import os\n"
          "    return os\n"
          "from a import b as c, d\n");
  assert_int_equal(ipg_use_analysis_count(analysis), 3);
  const ipg_binding_need *e = ipg_use_analysis_find(analysis, 4, 1);
  assert_non_null(e);
  assert_string_equal(e->bound, "d");
  e = ipg_use_analysis_find(analysis, 4, 0);
  assert_non_null(e);
  assert_string_equal(e->bound, "c");
  e = ipg_use_analysis_find(analysis, 0, SIZE_MAX);
  assert_non_null(e);
  assert_string_equal(e->bound, "importlib");
  kind_is(e, IPG_NEED_IMPORT_TIME);
  assert_null(ipg_use_analysis_find(analysis, 3, SIZE_MAX));
  assert_null(ipg_use_analysis_find(analysis, 4, 2));
}

/* No import at all (once passed NULL to qsort: UBSan aborted). */
static void test_no_imports(void **state) {
  (void)state;
  analyse("x = 1\n");
  assert_int_equal(ipg_use_analysis_count(analysis), 0);
  assert_null(ipg_use_analysis_get(analysis, 0));
  assert_null(ipg_use_analysis_find(analysis, 0, SIZE_MAX));
  analyse("");
  assert_int_equal(ipg_use_analysis_count(analysis), 0);
}

/* The analysis copies what it keeps: it outlives the scan. */
static void test_outlives_scan(void **state) {
  (void)state;
  analyse("import json\ndef f():\n    return json\n");
  impgraph_scan_free(scan);
  scan = NULL;
  const ipg_binding_need *e = need("json");
  assert_string_equal(e->functions[0].scope, "f");
  assert_string_equal(e->reason, "used only inside functions: f (line 3)");
}

#define T(f) cmocka_unit_test_teardown(f, reset)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(test_function_only),
      T(test_several_functions),
      T(test_decorator),
      T(test_method_decorator),
      T(test_default_value),
      T(test_base_class),
      T(test_class_body),
      T(test_module_level_call),
      T(test_attribute_chain),
      T(test_dotted_import_binds_first_name),
      T(test_local_call_not_followed),
      T(test_lambda),
      T(test_nested_function),
      T(test_class_body_in_function),
      T(test_annotation_eager),
      T(test_annotation_future),
      T(test_annotation_target_314),
      T(test_annotation_in_function),
      T(test_string_annotation),
      T(test_type_checking_only),
      T(test_import_under_type_checking),
      T(test_all_reexport),
      T(test_package_init_reexport),
      T(test_imported_by_others),
      T(test_unused),
      T(test_shadowing_parameter),
      T(test_shadowing_local_assignment),
      T(test_comprehension_variable),
      T(test_enclosing_function_binds),
      T(test_function_level_import),
      T(test_global_rebinding),
      T(test_global_import_rebinding),
      T(test_nonlocal_taken_as_global),
      T(test_module_level_del),
      T(test_module_level_rebinding),
      T(test_class_attribute_binding),
      T(test_type_checking_binding),
      T(test_class_scope_skipped),
      T(test_fallback_pair),
      T(test_group_needs_jointly),
      T(test_class_body_import),
      T(test_future_import),
      T(test_star_import),
      T(test_star_imported),
      T(test_api),
      T(test_no_imports),
      T(test_outlives_scan),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
