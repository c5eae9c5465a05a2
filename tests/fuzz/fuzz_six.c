/* libFuzzer harness: the reader of six.py's importer statements
   (resolve/six.c), on two environments (one knows nothing). */
#include <stddef.h>
#include <stdint.h>

#include "resolve/resolve_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const ipg_six_env envs[] = {
      {.module_name = "six", .platform = "linux", .version_major = 3, .version_minor = 11},
      {.module_name = "v.six"}};
  for (size_t i = 0; i < sizeof envs / sizeof *envs; i++) {
    ipg_arena arena;
    ipg_arena_init(&arena);
    ipg_six_importer six;
    if (ipg_six_parse(&six, &arena, (const char *)data, size, &envs[i]) == IMPGRAPH_OK) {
      for (size_t k = 0; k < six.served_count; k++)
        (void)ipg_six_find_move(six.served[k].attributes, "queue");
      (void)ipg_six_find_served(&six, "moves");
    }
    ipg_arena_free(&arena);
  }
  return 0;
}
