/* Unit tests of graph/cond.c: the three-valued evaluator of import guard
 * conditions, and the module-level names it reads through. Each case is a
 * module text whose last line is the condition evaluated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "graph/cond.h"

enum { T = IPG_TRUE, F = IPG_FALSE, U = IPG_UNKNOWN };
enum { ALL = IPG_COND_SYS | IPG_COND_OS | IPG_COND_PLATFORM };
/* In a table of local bindings: a local name bound to nothing known. */
enum { UNBOUND = 0xff };

static const ipg_cond_env linux_311 = {
    .platform = "linux",
    .os_name = "posix",
    .implementation = "cpython",
    .byteorder = "little",
    .version = {3, 11, 7},
    .version_parts = 3,
};

static const ipg_cond_env windows_38 = {
    .platform = "win32",
    .os_name = "nt",
    .implementation = "cpython",
    .byteorder = "little",
    .version = {3, 8, 10},
    .version_parts = 3,
};

/* Static mode: the version only. */
static const ipg_cond_env static_39 = {.version = {3, 9, 0}, .version_parts = 2};

/* The truth of the last line of `text` (the lines before it are the module
   around the condition), or of what follows a `\001` marker. */
static ipg_truth eval_in(const ipg_cond_env *env, uint32_t modules, const char *text) {
  size_t len = strlen(text), start = len;
  const char *marker = strrchr(text, '\001');
  if (marker)
    start = (size_t)(marker - text) + 1;
  else
    while (start > 0 && text[start - 1] != '\n')
      start--;
  ipg_cond_scope scope = {.env = env, .modules = modules, .text = text, .len = len};
  ipg_truth t = ipg_cond_eval(&scope, start, len);
  ipg_cond_scope_free(&scope);
  return t;
}

#define check(env, modules, text, want)                                                            \
  do {                                                                                             \
    ipg_truth got_ = eval_in(env, modules, text);                                                  \
    if (got_ != (ipg_truth)(want))                                                                 \
      fail_msg("%s: got %d, want %d", text, got_, want);                                           \
  } while (0)

#define linux(text, want) check(&linux_311, ALL, text, want)

static void test_platform(void **state) {
  (void)state;
  linux("sys.platform == 'linux'", T);
  linux("sys.platform != 'linux'", F);
  linux("sys.platform == \"win32\"", F);
  linux("sys.platform in ('win32', 'cygwin')", F);
  linux("sys.platform in ['linux', 'x']", T);
  linux("sys.platform not in {'win32'}", T);
  linux("sys.platform.startswith('win')", F);
  linux("sys.platform.startswith(('win', 'lin'))", T);
  linux("sys.platform.endswith('ux')", T);
  linux("sys.platform.lower().startswith('sunos')", F);
  linux("sys.platform.upper() == 'LINUX'", T);
  linux("sys.platform[:3] == 'lin'", T);
  linux("sys.platform[0] == 'l'", T);
  linux("'lin' in sys.platform", T);
  linux("sys.platform == 'emscripten'", F);
  check(&windows_38, ALL, "sys.platform == 'win32'", T);
  check(&windows_38, ALL, "sys.platform.startswith('win')", T);
}

static void test_os_implementation_platform_module(void **state) {
  (void)state;
  linux("os.name == 'posix'", T);
  linux("os.name == 'nt'", F);
  check(&windows_38, ALL, "os.name == 'nt'", T);
  linux("sys.implementation.name == 'cpython'", T);
  linux("sys.implementation.name != 'pypy'", T);
  linux("sys.byteorder == 'little'", T);
  linux("platform.system() == 'Windows'", F);
  linux("platform.system() == 'Linux'", T);
  check(&windows_38, ALL, "platform.system() == 'Windows'", T);
  linux("platform.python_implementation() == 'PyPy'", F);
  linux("platform.system('x') == 'Linux'", U);
  linux("platform.machine() == 'x86_64'", U);
  ipg_cond_env cygwin = linux_311;
  cygwin.platform = "cygwin";
  check(&cygwin, ALL, "platform.system() == 'Windows'", U);
}

static void test_version_info(void **state) {
  (void)state;
  linux("sys.version_info < (3, 0)", F);
  linux("sys.version_info >= (3, 8)", T);
  linux("sys.version_info <= (3, 10)", F);
  linux("sys.version_info >= (3, 11)", T);
  linux("sys.version_info > (3,)", T);
  linux("sys.version_info >= (3, 11, 7)", T);
  linux("sys.version_info > (3, 11, 7)", T); /* longer than the tuple */
  linux("sys.version_info == (3, 11, 7, 'final', 0)", U);
  linux("sys.version_info < (3, 11, 7, 'final')", U);
  linux("sys.version_info == (3, 11)", F);
  linux("sys.version_info[0] == 2", F);
  linux("sys.version_info[0] >= 3", T);
  linux("sys.version_info[:2] == (3, 11)", T);
  linux("sys.version_info[0:2] >= (3, 12)", F);
  linux("sys.version_info[-1] == 0", U);
  linux("sys.version_info.major >= 3", T);
  linux("sys.version_info.minor < 8", F);
  linux("sys.version_info.micro == 7", T);
  linux("sys.version_info.releaselevel == 'final'", U);
  linux("(3, 0) <= sys.version_info < (4, 0)", T);
  linux("(3, 0) <= sys.version_info < (3, 5)", F);
  check(&static_39, ALL, "sys.version_info >= (3, 9)", T);
  check(&static_39, ALL, "sys.version_info >= (3, 9, 1)", U); /* micro unknown */
  check(&static_39, ALL, "sys.version_info < (3, 8)", F);
  check(&static_39, ALL, "sys.platform == 'win32'", U);
  check(&static_39, ALL, "os.name == 'nt'", U);
  check(&static_39, ALL, "platform.system() == 'Windows'", U);
  check(NULL, ALL, "sys.version_info >= (3, 9)", U);
}

static void test_literals_and_logic(void **state) {
  (void)state;
  linux("True", T);
  linux("False", F);
  linux("None", F);
  linux("not None", T);
  linux("1", T);
  linux("0", F);
  linux("-1", T);
  linux("''", F);
  linux("'a'", T);
  linux("()", F);
  linux("(1,)", T);
  linux("[]", F);
  linux("None is None", T);
  linux("sys.platform is None", F);
  linux("sys.platform is not None", T);
  linux("x is None", U);
  linux("sys.platform == 1", F);
  linux("sys.version_info[0] == '3'", F);
  linux("sys.platform < 3", U);
  linux("1 if sys.platform == 'linux' else 0", T);
  linux("1 if unknown else 1", T);
  linux("lambda: 0", T);
  linux("r'linux' == sys.platform", T);
  linux("'lin' 'ux' == sys.platform", T);
  linux("'lin\\x75x' == sys.platform", U); /* escapes are not decoded */
  linux("f'linux' == sys.platform", U);
  linux("b'linux' == sys.platform", U);
  linux("\001(sys.platform ==\n    'linux')", T);
  linux("\001sys.platform == \\\n 'linux'", T);
}

static void test_kleene_logic(void **state) {
  (void)state;
  linux("hasattr(sys, 'getwindowsversion')", U);
  linux("hasattr(sys, 'x') and sys.platform == 'win32'", F);
  linux("sys.platform == 'win32' and hasattr(sys, 'x')", F);
  linux("hasattr(sys, 'x') or sys.platform == 'linux'", T);
  linux("hasattr(sys, 'x') and True", U);
  linux("not hasattr(sys, 'x')", U);
  linux("not (hasattr(sys, 'x') and False)", T);
  linux("hasattr(sys, 'x') or False", U);
  linux("unknown_name", U);
  linux("a.b.c(1, k=2)[3] + 4 ** 2 == 5", U);
  linux("sys.platform == 'win32' or sys.platform == 'cygwin'", F);
  linux("sys.platform == 'linux' and sys.version_info >= (3, 8)", T);
}

static void test_module_level_names(void **state) {
  (void)state;
  linux("import sys\nWIN = sys.platform.startswith('win')\nWIN", F);
  linux("import sys\nWIN = sys.platform.startswith('win')\nnot WIN", T);
  linux("WIN = sys.platform.startswith('win')\nif WIN:\n    pass\nWIN and x", F);
  linux("_is_solaris = (\n    sys.platform.lower().startswith('sunos') or\n"
        "    sys.platform.lower().startswith('solaris'))\n_is_solaris",
        F);
  linux("A = sys.platform == 'linux'\nB = A and True\nB", T);
  linux("PLAT = sys.platform  # comment\nPLAT == 'linux'", T);
  linux("'''WIN = True'''\n# WIN = True\nWIN = False\nWIN", F);
  linux("WIN = False\nf(WIN=1)\nWIN", F);   /* a keyword argument binds nothing */
  linux("WIN = False\nx = WIN\nWIN", F);    /* a read */
  linux("WIN = False\nd[WIN] = 1\nWIN", F); /* a subscript's names are reads */
  linux("WIN = False\nWIN.x = 1\nWIN", F);  /* an attribute target binds nothing */
  linux("WIN = False\nWIN[0] = 1\nWIN", F);
  linux("WIN = False\nf(WIN).y = 1\nWIN", F);
  linux("WIN = False\nx.WIN = 1\nWIN", F);
  linux("WIN = False\n[a, (b, WIN)] = x\nWIN", U);
  linux("WIN = False\n*a, WIN = x\nWIN", U);
  linux("WIN = False\nd[i], WIN = x\nWIN", U);
  check(&linux_311, ALL, "os.environ['X'] = '1'\nos.name == 'posix'", T);
  linux("WIN = False\nWIN = True\nWIN", U); /* assigned twice */
  linux("WIN = False\ndef f():\n    WIN = True\nWIN", U);
  linux("WIN = False\nWIN += 1\nWIN", U);
  linux("WIN = False\nfor WIN in x: pass\nWIN", U);
  linux("WIN = False\n[1 for WIN in y]\nWIN", U);
  linux("WIN = False\nfrom x import WIN\nWIN", U);
  linux("WIN = False\nimport WIN\nWIN", U);
  linux("WIN = False\nwith x as WIN: pass\nWIN", U);
  linux("WIN = False\ntry: pass\nexcept E as WIN: pass\nWIN", U);
  linux("WIN = False\nwith x as (a, WIN): pass\nWIN", U);
  linux("WIN = False\ndel WIN\nWIN", U);
  linux("WIN = False\na, WIN = 1, 2\nWIN", U);
  linux("WIN = False\n(WIN := 1)\nWIN", U);
  linux("WIN = False\ndef g():\n    global WIN\nWIN", U);
  linux("WIN = False\ndef WIN(): pass\nWIN", U);
  linux("WIN = False\nclass WIN: pass\nWIN", U);
  linux("WIN: bool = False\nWIN", U);
  linux("WIN = X = False\nWIN", U);
  linux("from os import *\nWIN = False\nWIN", U);
  linux("if x:\n    WIN = False\nWIN", U); /* not at module level */
  linux("x = 1; WIN = False\nWIN", U);     /* not at a line start */
  linux("A = B\nB = A\nA", U);             /* a cycle */
  linux("A = A\nA", U);
  linux("WIN", U);
  /* The definition must come before the condition. */
  ipg_cond_scope scope = {.env = &linux_311, .modules = ALL};
  const char *text = "WIN\nWIN = False\n";
  scope.text = text;
  scope.len = strlen(text);
  assert_int_equal(ipg_cond_eval(&scope, 0, 3), U);
  ipg_cond_scope_free(&scope);
}

static void test_module_names(void **state) {
  (void)state;
  check(&linux_311, 0, "sys.platform == 'linux'", U); /* sys not imported */
  check(&linux_311, IPG_COND_OS, "sys.platform == 'linux'", U);
  check(&linux_311, IPG_COND_SYS, "sys.platform == 'linux'", T);
  check(&linux_311, ALL, "sys = None\nsys.platform == 'linux'", U); /* rebound */
  check(&linux_311, ALL, "def f(sys): pass\nsys.platform == 'linux'", T);
  /* A name `platform` that is not the module: read through its definition. */
  check(&linux_311, IPG_COND_SYS, "platform = sys.platform\nplatform == 'linux'", T);
}

/* With the module's scan: names its imports bind are unknown, and
   sys / os / platform rebinding is read from its use records. */
static ipg_truth eval_scanned(const char *text) {
  impgraph_scanner *scanner = NULL;
  impgraph_scan *scan = NULL;
  assert_int_equal(impgraph_scanner_new(&scanner, NULL, NULL), 0);
  assert_int_equal(impgraph_scanner_scan(scanner, &scan, "m.py", text, strlen(text), NULL), 0);
  size_t len = 0, start;
  const char *scanned = impgraph_scan_text(scan, &len);
  for (start = len; start > 0 && scanned[start - 1] != '\n';)
    start--;
  ipg_cond_scope scope = {
      .env = &linux_311, .modules = ALL, .text = scanned, .len = len, .scan = scan};
  ipg_truth t = ipg_cond_eval(&scope, start, len);
  assert_null(scope.index); /* only names no import binds need the text's index */
  ipg_cond_scope_free(&scope);
  impgraph_scan_free(scan);
  impgraph_scanner_free(scanner);
  return t;
}

static void test_with_the_scan(void **state) {
  (void)state;
  assert_int_equal(eval_scanned("import os\nos.environ['X'] = '1'\nos.name == 'posix'"), T);
  assert_int_equal(eval_scanned("import os\ndef f(os):\n    os = 1\nos.name == 'posix'"), T);
  assert_int_equal(eval_scanned("import os\nos = None\nos.name == 'posix'"), U);
  assert_int_equal(eval_scanned("import os\nfor os in x: pass\nos.name == 'posix'"), U);
  assert_int_equal(eval_scanned("import os\nclass K:\n    os = 1\nos.name == 'posix'"), U);
  assert_int_equal(eval_scanned("import os\ndef f():\n    global os\nos.name == 'posix'"), U);
  assert_int_equal(eval_scanned("import os\nimport os.path\nos.name == 'posix'"), T);
  assert_int_equal(eval_scanned("import sys\nfrom typing import TYPE_CHECKING\n"
                                "not TYPE_CHECKING and sys.platform == 'win32'"),
                   F);
  assert_int_equal(eval_scanned("from ._compat import WIN\nWIN"), U);
  assert_int_equal(eval_scanned("from x import *\nimport sys\nsys.version_info >= (3,)"), T);
}

/* `import sys` ... `del sys` after the condition: sys is unbound, not
   rebound, so the condition still reads the module. */
static void test_del_of_a_module_name(void **state) {
  (void)state;
  assert_int_equal(eval_scanned("import sys\ndel sys\nsys.platform == 'win32'"), F);
  assert_int_equal(eval_scanned("import os, sys\ndel os, sys\nsys.platform == 'linux'"), T);
  assert_int_equal(eval_scanned("import sys\nsys = object()\nsys.platform == 'win32'"), U);
  assert_int_equal(eval_scanned("import sys\nx = delsys = 1\nsys.platform == 'win32'"), F);
}

/* ipg_cond_scope.absent: `"M" in sys.modules` under the hypothesis that M
   is not loaded (ipg_importer_kind's IF_LOADED). */
static ipg_truth eval_absent(const char *absent, const char *condition) {
  char text[256];
  snprintf(text, sizeof text, "import sys\n%s", condition);
  size_t len = strlen(text), start = strlen("import sys\n");
  ipg_cond_scope scope = {
      .env = &linux_311, .modules = ALL, .text = text, .len = len, .absent = absent};
  ipg_truth t = ipg_cond_eval(&scope, start, len);
  ipg_cond_scope_free(&scope);
  return t;
}

static void test_sys_modules_hypothesis(void **state) {
  (void)state;
  assert_int_equal(eval_absent("IPython", "'IPython' in sys.modules"), F);
  assert_int_equal(eval_absent("IPython", "'IPython' not in sys.modules"), T);
  assert_int_equal(eval_absent("IPython", "'IPython.core' in sys.modules"), F); /* submodule */
  assert_int_equal(eval_absent("IPython", "'IPythonX' in sys.modules"), U);
  assert_int_equal(eval_absent("IPython.core", "'IPython' in sys.modules"), U); /* its parent */
  assert_int_equal(eval_absent("numpy", "sys.modules.get('numpy') is not None"), F);
  assert_int_equal(eval_absent("numpy", "sys.modules.get('numpy', None)"), F);
  assert_int_equal(eval_absent("numpy", "sys.modules.get('numpy', 1)"), U);
  assert_int_equal(eval_absent("numpy", "x and 'numpy' in sys.modules"), F);
  assert_int_equal(eval_absent("numpy", "x or 'numpy' in sys.modules"), U);
  assert_int_equal(eval_absent(NULL, "'numpy' in sys.modules"), U);
  assert_int_equal(eval_absent("numpy", "sys.modules"), T);
}

static void test_malformed_text(void **state) {
  (void)state;
  const char *bad[] = {"",
                       "sys.platform ==",
                       "(",
                       ")",
                       "]",
                       "sys.platform == 'win32' garbage",
                       "'unterminated",
                       "'''unterminated\n",
                       "sys..platform",
                       "sys.platform.",
                       "sys.platform[",
                       "sys.platform[1:2:3] == 'i'",
                       "f(x for x in y)",
                       "[x for x in y]",
                       "{1: 2}",
                       "not",
                       "a and",
                       "a if b",
                       "import os",
                       "x = 1",
                       "1 2",
                       "\\",
                       "$",
                       "sys.platform == 'win32' else",
                       "(((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))"
                       "))))))))))))))))))))))))",
                       "\xff\xfe",
                       "99999999999999999999999 == 1"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    linux(bad[i], U);
  /* Deep nesting: bounded, no crash. */
  size_t depth = 100000;
  char *deep = malloc(2 * depth + 2);
  assert_non_null(deep);
  memset(deep, '(', depth);
  deep[depth] = '1';
  memset(deep + depth + 1, ')', depth);
  deep[2 * depth + 1] = '\0';
  linux(deep, U);
  memset(deep, 'n', 2 * depth + 1);
  for (size_t i = 0; i + 4 < 2 * depth; i += 4)
    memcpy(deep + i, "not ", 4);
  linux(deep, U);
  free(deep);
  /* Ranges are checked. */
  ipg_cond_scope scope = {.env = &linux_311, .modules = ALL, .text = "True", .len = 4};
  assert_int_equal(ipg_cond_eval(&scope, 2, 1), U);
  assert_int_equal(ipg_cond_eval(&scope, 0, 5), U);
  assert_int_equal(ipg_cond_eval(&scope, 0, 4), T);
  assert_int_equal(ipg_cond_eval(NULL, 0, 0), U);
  ipg_cond_scope_free(&scope);
}

static void test_work_is_bounded(void **state) {
  (void)state;
  /* A chain of definitions each reading the previous one twice: 2^depth
     evaluations without the bounds. */
  char text[4096];
  size_t at = (size_t)snprintf(text, sizeof text, "A0 = True\n");
  for (int i = 1; i < 40; i++)
    at += (size_t)snprintf(text + at, sizeof text - at, "A%d = A%d and A%d\n", i, i - 1, i - 1);
  snprintf(text + at, sizeof text - at, "A39");
  linux(text, U);
  snprintf(text, sizeof text, "A0 = True\nA1 = A0 and A0\nA2 = A1 and A1\nA2");
  linux(text, T);
}

static void test_env_from_probe(void **state) {
  (void)state;
  ipg_cond_env env;
  ipg_cond_env_from_probe(&env, NULL);
  assert_null(env.platform);
  assert_int_equal(env.version_parts, 0);
  ipg_probe *probe = NULL;
  impgraph_error err;
  assert_int_equal(ipg_probe_static_spec(&probe, "/nowhere", "3.10", &err), IMPGRAPH_OK);
  ipg_cond_env_from_probe(&env, probe);
  assert_null(env.platform);
  assert_null(env.os_name);
  assert_int_equal(env.version_parts, 2);
  assert_int_equal(env.version[0], 3);
  assert_int_equal(env.version[1], 10);
  ipg_probe_free(probe);
}

/* A function's names: the caller says which are local (unknown) and which
   are bound to a constant (calls.c: a parameter given a value). */
typedef struct local_binding {
  const char *name;
  ipg_cond_const value;
} local_binding;

/* The bindings of test_function_locals: `cache` is local and unbound. */
static const local_binding hashlib_locals[] = {
    {"name", {.s = "blake2b", .n = 7}},
    {"n", {.is_int = true, .i = 3}},
    {"cache", {.kind = UNBOUND}},
};

/* Parameters left at their default (`def parseString(string, parser=None)`). */
static const local_binding default_locals[] = {
    {"parser", {.kind = IPG_CONST_NONE}}, {"strict", {.kind = IPG_CONST_TRUE}},
    {"quiet", {.kind = IPG_CONST_FALSE}}, {"level", {.is_int = true, .i = 0}},
    {"string", {.kind = UNBOUND}},
};

/* A decorator's __call__ (typing_extensions.deprecated): `arg` the decorated
   def, `cls` a decorated class, `category` an object that is not None. */
static const local_binding decorator_locals[] = {
    {"arg", {.kind = IPG_CONST_FUNCTION}},
    {"cls", {.kind = IPG_CONST_CLASS}},
    {"category", {.kind = IPG_CONST_NOT_NONE}},
    {"other", {.kind = UNBOUND}},
};

typedef struct local_table {
  const local_binding *items;
  size_t count;
} local_table;

static int fn_locals(void *ctx, const char *name, size_t n, ipg_cond_const *value) {
  const local_table *table = ctx;
  for (size_t k = 0; k < table->count; k++) {
    const local_binding *b = &table->items[k];
    if (strlen(b->name) != n || memcmp(b->name, name, n) != 0)
      continue;
    if (b->value.kind == UNBOUND)
      return IPG_COND_LOCAL;
    *value = b->value;
    return IPG_COND_LOCAL_CONST;
  }
  return IPG_COND_NOT_LOCAL;
}

static ipg_truth eval_local_in(const local_binding *items, size_t count, const char *text) {
  size_t len = strlen(text), start = len;
  while (start > 0 && text[start - 1] != '\n')
    start--;
  local_table table = {items, count};
  ipg_cond_scope scope = {.env = &linux_311, .modules = ALL, .text = text, .len = len};
  scope.local = fn_locals;
  scope.local_ctx = &table;
  ipg_truth t = ipg_cond_eval(&scope, start, len);
  ipg_cond_scope_free(&scope);
  return t;
}

static ipg_truth eval_local(const char *text) {
  return eval_local_in(hashlib_locals, sizeof hashlib_locals / sizeof *hashlib_locals, text);
}

static void test_function_locals(void **state) {
  (void)state;
  assert_int_equal(eval_local("name in {'blake2b', 'blake2s'}"), T);
  assert_int_equal(eval_local("name in {'SHA1', 'sha1'}"), F);
  assert_int_equal(eval_local("name == 'blake2b' and n == 3"), T);
  assert_int_equal(eval_local("name != 'blake2b' or not n"), F);
  /* A module-level name bound once, a local that shadows it. */
  assert_int_equal(eval_local("BLOCKED = {'blake2b'}\nname in BLOCKED"), T);
  assert_int_equal(eval_local("BLOCKED = frozenset({'blake2b'})\nname in BLOCKED"), T);
  assert_int_equal(eval_local("BLOCKED = frozenset(('md5',))\nname in BLOCKED"), F);
  assert_int_equal(eval_local("cache = {'blake2b'}\nname in cache"), U);
  /* A definition's own names are module-level ones, not the function's. */
  assert_int_equal(eval_local("name = 'md5'\nX = name\nX == 'md5'"), T);
  assert_int_equal(eval_local("frozenset = set\nBLOCKED = frozenset({'blake2b'})\nname in BLOCKED"),
                   U);
}

/* Parameters bound to None, True, False: decided where Python decides,
   unknown as soon as an unbound name takes part. */
static void test_singleton_locals(void **state) {
  (void)state;
  static const struct {
    const char *condition;
    int want;
  } cases[] = {
      {"parser is None", T},
      {"parser is not None", F},
      {"parser == None", T},
      {"parser != None", F},
      {"not parser", T},
      {"parser", F},
      {"parser is False", F},
      {"parser == 0", F},
      {"parser == ''", F},
      {"parser in ('a', None)", T},
      {"strict", T},
      {"strict is True", T},
      {"strict == 1", T}, /* True == 1 */
      {"strict is not True", F},
      {"strict and parser is None", T},
      {"not quiet", T},
      {"quiet is None", F},
      {"quiet == 0", T},
      {"quiet or strict", T},
      {"level is None", F},
      {"not level", T},
      /* An unbound name keeps the answer open unless the other side decides it. */
      {"string is None", U},
      {"parser is None and string", U},
      {"parser is not None and string", F},
      {"parser is None or string", T},
      {"string is parser", U},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    ipg_truth got = eval_local_in(default_locals, sizeof default_locals / sizeof *default_locals,
                                  cases[i].condition);
    if (got != (ipg_truth)cases[i].want)
      fail_msg("%s: got %d, want %d", cases[i].condition, got, cases[i].want);
  }
}

/* Function and class objects, an object that is not None: what callable(),
   isinstance(x, type), `is None` and truth say of them, and nothing more. */
static void test_object_locals(void **state) {
  (void)state;
  static const struct {
    const char *condition;
    int want;
  } cases[] = {
      {"category is None", F},
      {"category is not None", T},
      {"category == None", U}, /* its class may define __eq__ */
      {"not category", U},
      {"callable(category)", U},
      {"isinstance(category, type)", U},
      {"isinstance(arg, type)", F},
      {"callable(arg)", T},
      {"isinstance(cls, type)", T},
      {"callable(cls)", T},
      {"arg is None", F},
      {"arg is not None", T},
      {"arg == None", F},
      {"arg != 'x'", T},
      {"arg is True", F},
      {"not arg", F},
      {"cls is None", F},
      {"cls == None", U}, /* a metaclass may define __eq__ */
      {"not cls", U},     /* ... or __bool__ */
      {"callable(None)", F},
      {"callable('x')", F},
      {"isinstance('x', type)", F},
      {"isinstance(arg, str)", U},
      {"callable(other)", U},
      {"isinstance(other, type)", U},
      {"arg is cls", U},
      {"callable(arg, 1)", U},
      /* The builtins are read only when nothing in the module binds them. */
      {"callable = None\ncallable(arg)", U},
      {"type = int\nisinstance(cls, type)", U},
      {"from x import isinstance\nisinstance(cls, type)", U},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    ipg_truth got = eval_local_in(
        decorator_locals, sizeof decorator_locals / sizeof *decorator_locals, cases[i].condition);
    if (got != (ipg_truth)cases[i].want)
      fail_msg("%s: got %d, want %d", cases[i].condition, got, cases[i].want);
  }
}

/* The truth of the condition `cond` found in `text`. */
static ipg_truth eval_at(const char *text, const char *cond) {
  const char *at = strstr(text, cond);
  assert_non_null(at);
  ipg_cond_scope scope = {.env = &linux_311, .modules = ALL, .text = text, .len = strlen(text)};
  size_t start = (size_t)(at - text);
  ipg_truth t = ipg_cond_eval(&scope, start, start + strlen(cond));
  ipg_cond_scope_free(&scope);
  return t;
}

static void test_del_at_column_0(void **state) {
  (void)state;
  /* hashlib: `del __always_supported` at the end of the module. */
  assert_int_equal(eval_at("X = ('a', 'b')\nif 'a' in X: pass\ndel X, Y\n", "'a' in X"), T);
  assert_int_equal(eval_at("X = ('a', 'b')\ndel X\nif 'a' in X: pass\n", "'a' in X"), U);
  /* Not at column 0: a binding like any other. */
  assert_int_equal(eval_at("X = ('a', 'b')\nif 'a' in X: pass\ndef f():\n    del X\n", "'a' in X"),
                   U);
  /* `del X.attr` binds nothing. */
  assert_int_equal(eval_at("X = ('a', 'b')\nif 'a' in X: pass\ndel X.attr\n", "'a' in X"), T);
}

static void test_constants(void **state) {
  (void)state;
  const char *text = "S = ('md5', 'sha1', 3)\nS\n'x'\n('x',)\nS[0]\n[]\n'a' + name\n"
                     "frozenset({'a'})\n";
  ipg_cond_scope scope = {.env = &linux_311, .modules = ALL, .text = text, .len = strlen(text)};
  ipg_arena arena;
  ipg_arena_init(&arena);
  ipg_cond_const out[4];
  size_t count = 99;
  size_t lines[9], n = 0;
  lines[n++] = 0;
  for (size_t i = 0; text[i]; i++)
    if (text[i] == '\n')
      lines[n++] = i + 1;
#define LINE(k) lines[k], lines[(k) + 1] - 1
  assert_int_equal(ipg_cond_constants(&scope, LINE(1), true, &arena, out, 4, &count), 0);
  assert_int_equal(count, 3);
  assert_string_equal(out[0].s, "md5");
  assert_string_equal(out[1].s, "sha1");
  assert_true(out[2].is_int && out[2].i == 3);
  ipg_cond_constants(&scope, LINE(1), true, &arena, out, 2, &count);
  assert_int_equal(count, 0); /* more than cap */
  ipg_cond_constants(&scope, LINE(1), false, &arena, out, 4, &count);
  assert_int_equal(count, 0); /* a sequence is not one constant */
  ipg_cond_constants(&scope, LINE(2), false, &arena, out, 1, &count);
  assert_int_equal(count, 1);
  assert_string_equal(out[0].s, "x");
  ipg_cond_constants(&scope, LINE(2), true, &arena, out, 4, &count);
  assert_int_equal(count, 0); /* a string is not iterated */
  ipg_cond_constants(&scope, LINE(3), false, &arena, out, 1, &count);
  assert_int_equal(count, 0); /* a 1-tuple is not a string */
  ipg_cond_constants(&scope, LINE(3), true, &arena, out, 4, &count);
  assert_int_equal(count, 1);
  ipg_cond_constants(&scope, LINE(4), false, &arena, out, 1, &count);
  assert_int_equal(count, 1);
  assert_string_equal(out[0].s, "md5");
  ipg_cond_constants(&scope, LINE(5), true, &arena, out, 4, &count);
  assert_int_equal(count, 0); /* empty */
  ipg_cond_constants(&scope, LINE(6), false, &arena, out, 1, &count);
  assert_int_equal(count, 0); /* unknown */
  ipg_cond_constants(&scope, LINE(7), true, &arena, out, 4, &count);
  assert_int_equal(count, 1);
#undef LINE
  uint32_t assigns;
  size_t deleted;
  assert_true(ipg_cond_binding_count(&scope, "S", 1, &assigns, &deleted));
  assert_int_equal(assigns, 1);
  assert_int_equal(deleted, SIZE_MAX);
  ipg_cond_scope_free(&scope);
  ipg_arena_free(&arena);

  ipg_cond_index *names = NULL;
  const char *body = "x = 1\nfor a, b in y: pass\nimport c\nwith z as (d, e): pass\nf(g=1)\n";
  assert_int_equal(ipg_cond_names_new(&names, body, strlen(body)), 0);
  assert_true(ipg_cond_names_bind(names, "x", 1));
  assert_true(ipg_cond_names_bind(names, "b", 1));
  assert_true(ipg_cond_names_bind(names, "c", 1));
  assert_true(ipg_cond_names_bind(names, "e", 1));
  assert_false(ipg_cond_names_bind(names, "y", 1));
  assert_false(ipg_cond_names_bind(names, "f", 1));
  ipg_cond_names_free(names);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_platform),
      cmocka_unit_test(test_os_implementation_platform_module),
      cmocka_unit_test(test_version_info),
      cmocka_unit_test(test_literals_and_logic),
      cmocka_unit_test(test_kleene_logic),
      cmocka_unit_test(test_module_level_names),
      cmocka_unit_test(test_module_names),
      cmocka_unit_test(test_with_the_scan),
      cmocka_unit_test(test_del_of_a_module_name),
      cmocka_unit_test(test_sys_modules_hypothesis),
      cmocka_unit_test(test_malformed_text),
      cmocka_unit_test(test_work_is_bounded),
      cmocka_unit_test(test_env_from_probe),
      cmocka_unit_test(test_function_locals),
      cmocka_unit_test(test_singleton_locals),
      cmocka_unit_test(test_object_locals),
      cmocka_unit_test(test_del_at_column_0),
      cmocka_unit_test(test_constants),
  };
  return cmocka_run_group_tests_name("cond", tests, NULL, NULL);
}
