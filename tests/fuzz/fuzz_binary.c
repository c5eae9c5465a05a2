/* libFuzzer harness: the generator signatures and object-file checks of
   extension module binaries (resolve/binary.c). The first byte chooses the
   module name the mypyc signature is keyed by. */
#include <stddef.h>
#include <stdint.h>

#include "resolve/resolve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const modules[] = {"charset_normalizer.md", "a___b.c", "m", ""};
  const char *module = modules[size ? data[0] % 4 : 0];
  ipg_arena arena;
  ipg_arena_init(&arena);
  ipg_binary_imports out;
  const char *problem = NULL;
  (void)ipg_binary_imports_scan(&out, &arena, data, size, module, &problem);
  ipg_arena_free(&arena);
  return 0;
}
