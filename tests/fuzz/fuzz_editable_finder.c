/* libFuzzer harness: the editable finder literal reader and .pth scanner. */
#include <stddef.h>
#include <stdint.h>

#include "resolve/resolve_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ipg_arena arena;
  ipg_arena_init(&arena);
  ipg_editable_finder finder;
  (void)ipg_editable_parse(&finder, &arena, (const char *)data, size);
  ipg_vec modules;
  ipg_vec_init(&modules, sizeof(const char *));
  (void)ipg_pth_editable_modules(&modules, &arena, (const char *)data, size);
  ipg_vec_free(&modules);
  ipg_arena_free(&arena);
  return 0;
}
