/* The grammar ABI check behind impgraph_scanner_new: a grammar the linked
 * tree-sitter runtime cannot load is a clear IMPGRAPH_EABI error, never a
 * crash (tree-sitter-python 0.25 is ABI 15, Debian 12's runtime loads
 * 13..14). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "parse/parse.h"

static void test_supported_abi(void **state) {
  (void)state;
  impgraph_error err;
  assert_int_equal(ipg_check_grammar_abi(TREE_SITTER_LANGUAGE_VERSION, &err), IMPGRAPH_OK);
  assert_int_equal(ipg_check_grammar_abi(ts_language_version(tree_sitter_python()), &err),
                   IMPGRAPH_OK);
}

static void test_newer_abi_is_refused(void **state) {
  (void)state;
  impgraph_error err;
  assert_int_equal(ipg_check_grammar_abi(TREE_SITTER_LANGUAGE_VERSION + 1, &err), IMPGRAPH_EABI);
  assert_int_equal(err.code, IMPGRAPH_EABI);
  assert_non_null(strstr(err.message, "grammar has ABI 15"));
  assert_non_null(strstr(err.message, "rebuild"));
}

static void test_older_abi_is_refused(void **state) {
  (void)state;
  impgraph_error err;
  assert_int_equal(ipg_check_grammar_abi(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION - 1, &err),
                   IMPGRAPH_EABI);
  assert_non_null(strstr(err.message, "ABI 12"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_supported_abi),
      cmocka_unit_test(test_newer_abi_is_refused),
      cmocka_unit_test(test_older_abi_is_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
