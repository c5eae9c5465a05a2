/* libFuzzer harness: the guard condition evaluator (graph/cond.c) over
 * arbitrary module text. Every line is evaluated as a condition in the
 * module the whole input makes (so module-level names are read from it),
 * and so is the whole input. The text is copied into a buffer of its exact
 * size so that any read past the range is caught by ASan. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph/cond.h"

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
  size_t start = 0;
  for (size_t i = 0; i <= size; i++) {
    if (i == size || text[i] == '\n') {
      (void)ipg_cond_eval(&scope, start, i);
      start = i + 1;
    }
  }
  (void)ipg_cond_eval(&scope, 0, size);
  ipg_cond_scope_free(&scope);
  free(text);
  return 0;
}
