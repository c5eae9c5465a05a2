/* Unit tests of graph/values.c: the statement structure of Python text that
 * the value rules of CALLED edges read (logical lines, headers, call
 * statements, aliases, def parameters). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "graph/values.h"

static const char *text_of(const char *text, const ipg_pyline *line, char *buf, size_t size) {
  size_t n = line->end - line->start;
  if (n >= size)
    n = size - 1;
  memcpy(buf, text + line->start, n);
  buf[n] = '\0';
  return buf;
}

static void test_logical_lines(void **state) {
  (void)state;
  const char *text = "x = 1  # c\n"
                     "\n"
                     "    # only a comment\n"
                     "if f(a,\n"
                     "     b):\n"
                     "\ty = '''one\n"
                     "two'''\n"
                     "    z = [1, \\\n"
                     "2]\n"
                     "s = 'a#b' \\\n"
                     "  + \"c\"\n";
  ipg_vec lines;
  ipg_vec_init(&lines, sizeof(ipg_pyline));
  assert_int_equal(ipg_pylines(text, strlen(text), 0, strlen(text), &lines), 0);
  const ipg_pyline *l = lines.data;
  char buf[128];
  assert_int_equal(lines.len, 5);
  assert_string_equal(text_of(text, &l[0], buf, sizeof buf), "x = 1");
  assert_string_equal(text_of(text, &l[1], buf, sizeof buf), "if f(a,\n     b):");
  assert_int_equal(l[1].indent, 0);
  assert_string_equal(text_of(text, &l[2], buf, sizeof buf), "y = '''one\ntwo'''");
  assert_int_equal(l[2].indent, 8); /* a tab */
  assert_int_equal(l[3].indent, 4);
  assert_string_equal(text_of(text, &l[4], buf, sizeof buf), "s = 'a#b' \\\n  + \"c\"");
  assert_int_equal(ipg_pyline_block_end(l, lines.len, 1), 4);
  assert_int_equal(ipg_pyline_block_end(l, lines.len, 0), 1);
  size_t a, b;
  assert_true(ipg_pyline_header(text, &l[1], &a, &b));
  assert_int_equal(strncmp(text + a, "f(a,", 4), 0);
  assert_false(ipg_pyline_header(text, &l[0], &a, &b));
  assert_string_equal(ipg_pyline_keyword(text, &l[1]), "if");
  assert_null(ipg_pyline_keyword(text, &l[0]));
  ipg_vec_free(&lines);

  /* A one-line body, a slice, a dict: not headers of a block. */
  const char *others = "if x: y()\nif d[1:2]:\nelse:\nx = {1: 2}\n";
  ipg_vec_init(&lines, sizeof(ipg_pyline));
  assert_int_equal(ipg_pylines(others, strlen(others), 0, strlen(others), &lines), 0);
  l = lines.data;
  assert_int_equal(lines.len, 4);
  assert_false(ipg_pyline_header(others, &l[0], &a, &b));
  assert_true(ipg_pyline_header(others, &l[1], &a, &b));
  assert_true(ipg_pyline_header(others, &l[2], &a, &b));
  assert_int_equal(a, b); /* `else:`: nothing between */
  assert_false(ipg_pyline_header(others, &l[3], &a, &b));
  ipg_vec_free(&lines);
}

static bool call_of(const char *stmt, ipg_pycall *call) {
  return ipg_py_call_statement(stmt, 0, strlen(stmt), call);
}

static void test_call_statements(void **state) {
  (void)state;
  ipg_pycall call;
  const char *s = "globals()[__name] = __get(__name)";
  assert_true(call_of(s, &call));
  assert_int_equal(call.callee_end - call.callee_start, 5);
  assert_int_equal(call.arg_count, 1);
  s = "return __get_builtin_constructor(name)";
  assert_true(call_of(s, &call));
  assert_int_equal(strncmp(s + call.callee_start, "__get_builtin_constructor", 25), 0);
  s = "m.f('a', key=\"b\", *rest)";
  assert_true(call_of(s, &call));
  assert_int_equal(call.arg_count, 3);
  assert_int_equal(call.args[1].keyword, 3);
  assert_int_equal(s[call.args[1].start], '"');
  assert_true(call.args[2].starred);
  assert_true(call_of("f()", &call));
  assert_int_equal(call.arg_count, 0);
  assert_true(call_of("f(1,)", &call));
  assert_int_equal(call.arg_count, 1);
  /* Not call statements. */
  assert_false(call_of("x == f(y)", &call));
  assert_false(call_of("x += f(y)", &call));
  assert_false(call_of("f(y).g(z)", &call));
  assert_false(call_of("f(y)[0]", &call));
  assert_false(call_of("f(x); g(y)", &call));
  assert_false(call_of("print", &call));
  assert_false(call_of("f(')'", &call));

  size_t name_end, vs, ve;
  const char *alias = "__get_hash = __get_openssl_constructor";
  ipg_pyline line = {0, (uint32_t)strlen(alias), 0};
  assert_true(ipg_py_alias(alias, &line, &name_end, &vs, &ve));
  assert_int_equal(name_end, 10);
  assert_int_equal(ve - vs, strlen("__get_openssl_constructor"));
  const char *not_alias = "x == y";
  line.end = (uint32_t)strlen(not_alias);
  assert_false(ipg_py_alias(not_alias, &line, &name_end, &vs, &ve));
}

static void test_assign(void **state) {
  (void)state;
  const char *texts[] = {"self.category = category",
                         "category = self.category",
                         "x=y",
                         "x == y",
                         "x = f(y)",
                         "x = y = z",
                         "x.y += z",
                         "return x",
                         "a, b = c"};
  const bool want[] = {true, true, true, false, false, false, false, false, false};
  for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
    ipg_pyline line = {0, (uint32_t)strlen(texts[k]), 0};
    size_t target_end = 0, value_start = 0;
    assert_int_equal(ipg_py_assign(texts[k], &line, &target_end, &value_start), want[k]);
  }
  const char *attr = "self.category = category";
  ipg_pyline line = {0, (uint32_t)strlen(attr), 0};
  size_t target_end = 0, value_start = 0;
  assert_true(ipg_py_assign(attr, &line, &target_end, &value_start));
  assert_int_equal(target_end, 13);
  assert_int_equal(value_start, 16);
}

static void test_def_params(void **state) {
  (void)state;
  const char *def = "@decorator(1)\nasync def f(a, b: int = 2, /, c=(1, 2), *args, d, **kw):\n"
                    "    pass\n";
  ipg_pyparam params[IPG_PY_MAX_PARAMS];
  size_t count = 0;
  assert_true(ipg_py_def_params(def, 0, strlen(def), params, &count));
  assert_int_equal(count, 6);
  assert_int_equal(strncmp(def + params[1].start, "b", params[1].len), 0);
  assert_true(params[2].positional);
  assert_int_equal(strncmp(def + params[3].start, "args", params[3].len), 0);
  assert_false(params[3].positional);
  assert_true(params[3].starred);
  assert_false(params[2].starred);
  assert_int_equal(strncmp(def + params[4].start, "d", params[4].len), 0);
  assert_false(params[4].positional); /* keyword-only */
  assert_int_equal(strncmp(def + params[5].start, "kw", params[5].len), 0);
  /* Defaults: none, after an annotation, after `=`; not for `*args`. */
  assert_int_equal(params[0].default_end, 0);
  assert_int_equal(strncmp(def + params[1].default_start, "2", 1), 0);
  assert_int_equal(params[1].default_end - params[1].default_start, 1);
  assert_int_equal(strncmp(def + params[2].default_start, "(1, 2)", 6), 0);
  assert_int_equal(params[2].default_end - params[2].default_start, 6);
  assert_int_equal(params[3].default_end, 0);
  assert_int_equal(params[4].default_end, 0);
  const char *annotated = "def g(self, m: str, /, *, c: Optional[Type[W]] = None, "
                          "k: Literal['a=b'] = 'x', s: int=1):\n    pass\n";
  assert_true(ipg_py_def_params(annotated, 0, strlen(annotated), params, &count));
  assert_int_equal(count, 5);
  assert_int_equal(params[1].default_end, 0);
  assert_int_equal(params[2].default_end - params[2].default_start, 4);
  assert_int_equal(strncmp(annotated + params[2].default_start, "None", 4), 0);
  assert_int_equal(params[3].default_end - params[3].default_start, 3);
  assert_int_equal(strncmp(annotated + params[3].default_start, "'x'", 3), 0);
  assert_int_equal(strncmp(annotated + params[4].default_start, "1", 1), 0);
  const char *cls = "class C:\n    pass\n";
  assert_false(ipg_py_def_params(cls, 0, strlen(cls), params, &count));
}

/* ipg_runs_after(): `a` is the statement "import a", `b` where "import b"
   starts. */
static void test_runs_after(void **state) {
  (void)state;
  static const struct {
    const char *text;
    bool after;
  } cases[] = {
      {"import a\nimport b\n", true},
      {"try:\n    import a\n    import b\nexcept ImportError:\n    pass\n", true},
      {"try:\n    import a\n    if x:\n        import b\nexcept ImportError:\n    pass\n", true},
      {"try:\n    import a\n    f(1,\n  2)\n    import b\nexcept ImportError: pass\n", true},
      {"try:\n    if x:\n        import a\n    import b\nexcept ImportError:\n    pass\n", false},
      {"try:\n    import a\nexcept ImportError:\n    import b\n", false},
      {"try:\n    import a\nfinally:\n    import b\n", false},
      {"if x: import a; import b\n", true},
      {"if x: import a\nimport b\n", false},
      {"try: import a\nexcept ImportError: import b\n", false},
      {"x = 1 + \\\n    0; import a\nimport b\n", false},
      {"try:\r\n    import a\r\n    import b\r\nexcept ImportError:\r\n    pass\r\n", true},
      {"for n in (1,):\n    import a\n    import b\nimport c\n", true},
      {"with s:\n\timport a\n        import b\n", true},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *text = cases[i].text;
    const char *a = strstr(text, "import a"), *b = strstr(text, "import b");
    assert_non_null(a);
    assert_non_null(b);
    size_t a_start = (size_t)(a - text);
    bool got = ipg_runs_after(text, strlen(text), a_start, a_start + 8, (size_t)(b - text));
    if (got != cases[i].after)
      fail_msg("case %zu: %s, expected %s:\n%s", i, got ? "after" : "not after",
               cases[i].after ? "after" : "not after", text);
  }
  /* b before a's end, or out of the text: false. */
  const char *text = "import b\nimport a\n";
  assert_false(ipg_runs_after(text, strlen(text), 9, 17, 0));
  assert_false(ipg_runs_after(text, strlen(text), 0, 8, strlen(text)));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_logical_lines),
      cmocka_unit_test(test_call_statements),
      cmocka_unit_test(test_assign),
      cmocka_unit_test(test_def_params),
      cmocka_unit_test(test_runs_after),
  };
  return cmocka_run_group_tests_name("values", tests, NULL, NULL);
}
