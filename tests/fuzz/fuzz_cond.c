/* libFuzzer harness: the guard condition evaluator (graph/cond.c) and the
 * statement reader of values (graph/values.c) over arbitrary module text.
 * Every line is evaluated as a condition in the module the whole input
 * makes (so module-level names are read from it), with and without a
 * function's locals, and read for constants; so is the whole input. Every
 * logical line is read as a header, a call statement, an alias, an
 * assignment and a def. The text is copied into a buffer of its exact
 * size so that any read past the range is caught by ASan. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph/cond.h"
#include "graph/values.h"

/* The fuzzed function's locals: `name` is "blake2b", `p` None, `arg` a
   function, `cls` a class, `obj` not None, `other` unknown. */
static int local(void *ctx, const char *name, size_t n, ipg_cond_const *value) {
  (void)ctx;
  static const struct {
    const char *name;
    ipg_cond_const value;
  } bound[] = {{"name", {.s = "blake2b", .n = 7}},
               {"p", {.kind = IPG_CONST_NONE}},
               {"arg", {.kind = IPG_CONST_FUNCTION}},
               {"cls", {.kind = IPG_CONST_CLASS}},
               {"obj", {.kind = IPG_CONST_NOT_NONE}}};
  for (size_t k = 0; k < sizeof bound / sizeof *bound; k++)
    if (strlen(bound[k].name) == n && memcmp(bound[k].name, name, n) == 0) {
      *value = bound[k].value;
      return IPG_COND_LOCAL_CONST;
    }
  return n == 5 && memcmp(name, "other", 5) == 0 ? IPG_COND_LOCAL : IPG_COND_NOT_LOCAL;
}

static void read_lines(const char *text, size_t size) {
  ipg_vec lines;
  ipg_vec_init(&lines, sizeof(ipg_pyline));
  if (ipg_pylines(text, size, 0, size, &lines) == IMPGRAPH_OK) {
    const ipg_pyline *l = lines.data;
    for (size_t i = 0; i < lines.len; i++) {
      size_t a, b, c;
      ipg_pycall call;
      ipg_pyparam params[IPG_PY_MAX_PARAMS];
      (void)ipg_pyline_block_end(l, lines.len, i);
      (void)ipg_pyline_header(text, &l[i], &a, &b);
      (void)ipg_pyline_keyword(text, &l[i]);
      (void)ipg_py_alias(text, &l[i], &a, &b, &c);
      (void)ipg_py_assign(text, &l[i], &a, &b);
      if (ipg_py_call_statement(text, l[i].start, l[i].end, &call))
        (void)ipg_py_call_args(text, size, call.callee_end, &call);
      (void)ipg_py_def_params(text, l[i].start, size, params, &a);
    }
  }
  ipg_vec_free(&lines);
  ipg_cond_index *names = NULL;
  if (ipg_cond_names_new(&names, text, size) == IMPGRAPH_OK)
    (void)(ipg_cond_names_bind(names, "name", 4) + ipg_cond_names_count(names, "self", 4));
  ipg_cond_names_free(names);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size ? size : 1);
  if (!text)
    return 0;
  if (size)
    memcpy(text, data, size);
  static const ipg_cond_env env = {.platform = "linux",
                                   .os_name = "posix",
                                   .implementation = "cpython",
                                   .byteorder = "little",
                                   .version = {3, 11, 7},
                                   .version_parts = 3};
  ipg_cond_scope scope = {.env = &env,
                          .modules = IPG_COND_SYS | IPG_COND_OS | IPG_COND_PLATFORM,
                          .text = text,
                          .len = size};
  ipg_arena arena;
  ipg_arena_init(&arena);
  ipg_cond_const values[8];
  size_t count, start = 0;
  uint32_t assigns;
  for (size_t i = 0; i <= size; i++) {
    if (i == size || text[i] == '\n') {
      (void)ipg_cond_eval(&scope, start, i);
      (void)ipg_cond_constants(&scope, start, i, true, &arena, values, 8, &count);
      scope.local = local;
      (void)ipg_cond_eval(&scope, start, i);
      (void)ipg_cond_constants(&scope, start, i, false, &arena, values, 1, &count);
      scope.local = NULL;
      scope.absent = "m"; /* `"m" in sys.modules` decided */
      (void)ipg_cond_eval(&scope, start, i);
      scope.absent = NULL;
      if (i > start)
        (void)ipg_cond_binding_count(&scope, text + start, 1, &assigns, &count);
      start = i + 1;
    }
  }
  (void)ipg_cond_eval(&scope, 0, size);
  ipg_cond_scope_free(&scope);
  ipg_arena_free(&arena);
  read_lines(text, size);
  free(text);
  return 0;
}
