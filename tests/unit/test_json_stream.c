/* Unit tests of the streamed JSON document (render/json_util.c): written
 * piece by piece, it is byte for byte what json_dumps() writes for the whole
 * tree with the flags of every impgraph JSON format, plus a newline: nested
 * objects and arrays, empty arrays and objects, strings holding newlines
 * (escaped, so never taken for indentation), non-ASCII text, integers,
 * reals, booleans and null. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/json_util.h"

/* A value rich enough to exercise every indentation path; `i` varies it. */
static json_t *element(int i) {
  json_t *o = json_object();
  json_object_set_new(o, "name",
                      json_string(i % 2 ? "line one\nline two" : "caf\xc3\xa9 \xe2\x86\x92"));
  json_object_set_new(o, "index", json_integer(i));
  json_object_set_new(o, "ratio", json_real(i / 3.0));
  json_object_set_new(o, "flag", i % 3 ? json_true() : json_false());
  json_object_set_new(o, "nothing", json_null());
  json_object_set_new(o, "empty_list", json_array());
  json_object_set_new(o, "empty_map", json_object());
  json_t *list = json_array();
  for (int k = 0; k < i % 4; k++) {
    json_t *inner = json_object();
    json_object_set_new(inner, "k", json_integer(k));
    json_object_set_new(inner, "deeper", json_pack("[s, [i, {s: s}]]", "x", k, "y", "\t"));
    json_array_append_new(list, inner);
  }
  json_object_set_new(o, "list", list);
  return o;
}

static json_t *head(void) {
  json_t *root = json_object();
  json_object_set_new(root, "schema", json_string("test"));
  json_object_set_new(root, "numbers", json_pack("[i, i, i]", 1, 2, 3));
  return root;
}

static json_t *summary(void) {
  return json_pack("{s: i, s: {s: [s]}}", "count", 7, "by", "kind", "eager");
}

/* The whole tree, dumped the way ipg_json_dump dumps it. */
static char *expected(int element_count, int edge_count) {
  json_t *root = head();
  json_t *nodes = json_array();
  for (int i = 0; i < element_count; i++)
    json_array_append_new(nodes, element(i));
  json_object_set_new(root, "nodes", nodes);
  json_t *edges = json_array();
  for (int i = 0; i < edge_count; i++)
    json_array_append_new(edges, element(100 + i));
  json_object_set_new(root, "edges", edges);
  json_object_set_new(root, "summary", summary());
  char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
  json_decref(root);
  assert_non_null(text);
  size_t len = strlen(text);
  char *with_newline = malloc(len + 2);
  assert_non_null(with_newline);
  memcpy(with_newline, text, len);
  memcpy(with_newline + len, "\n", 2);
  free(text);
  return with_newline;
}

static void check_streamed(int element_count, int edge_count) {
  ipg_buf out;
  ipg_buf_init(&out);
  ipg_json_ctx ctx = {false};
  assert_int_equal(ipg_json_document_open(&out, &ctx, head()), IMPGRAPH_OK);
  ipg_json_array_stream a;
  ipg_json_array_open(&out, &a, "nodes");
  for (int i = 0; i < element_count; i++)
    ipg_json_array_add(&out, &ctx, &a, element(i));
  ipg_json_array_close(&out, &a);
  ipg_json_array_open(&out, &a, "edges");
  for (int i = 0; i < edge_count; i++)
    ipg_json_array_add(&out, &ctx, &a, element(100 + i));
  ipg_json_array_close(&out, &a);
  ipg_json_document_key(&out, &ctx, "summary", summary());
  assert_int_equal(ipg_json_document_close(&out, &ctx), IMPGRAPH_OK);
  char *want = expected(element_count, edge_count);
  assert_non_null(out.data);
  assert_string_equal(out.data, want);
  free(want);
  ipg_buf_free(&out);
}

static void test_streamed_equals_whole_tree(void **state) {
  (void)state;
  check_streamed(9, 5);
}

static void test_empty_arrays(void **state) {
  (void)state;
  check_streamed(0, 0);
  check_streamed(1, 0);
  check_streamed(0, 1);
}

static void test_whole_dump_unchanged(void **state) {
  (void)state;
  ipg_buf out;
  ipg_buf_init(&out);
  ipg_json_ctx ctx = {false};
  json_t *root = head();
  json_object_set_new(root, "element", element(3));
  char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
  assert_int_equal(ipg_json_dump(&out, &ctx, root, 0), IMPGRAPH_OK);
  assert_non_null(text);
  assert_int_equal(out.len, strlen(text) + 1);
  assert_memory_equal(out.data, text, strlen(text));
  assert_int_equal(out.data[out.len - 1], '\n');
  free(text);
  ipg_buf_free(&out);
}

static void test_failure_is_sticky(void **state) {
  (void)state;
  ipg_buf out;
  ipg_buf_init(&out);
  ipg_json_ctx ctx = {false};
  assert_int_equal(ipg_json_document_open(&out, &ctx, head()), IMPGRAPH_OK);
  ipg_json_array_stream a;
  ipg_json_array_open(&out, &a, "nodes");
  ipg_json_array_add(&out, &ctx, &a, NULL); /* a value that failed to build */
  ipg_json_array_add(&out, &ctx, &a, element(1));
  ipg_json_array_close(&out, &a);
  assert_int_equal(ipg_json_document_close(&out, &ctx), IMPGRAPH_ENOMEM);
  ipg_buf_free(&out);
  /* A head that is not an object with keys is a bug, not a document. */
  ipg_buf_init(&out);
  ipg_json_ctx fresh = {false};
  assert_int_equal(ipg_json_document_open(&out, &fresh, json_object()), IMPGRAPH_EINTERNAL);
  ipg_buf_free(&out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_streamed_equals_whole_tree),
      cmocka_unit_test(test_empty_arrays),
      cmocka_unit_test(test_whole_dump_unchanged),
      cmocka_unit_test(test_failure_is_sticky),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
