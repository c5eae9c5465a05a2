/* libFuzzer harness: ipg_probe_parse over arbitrary interpreter output. */
#include <stddef.h>
#include <stdint.h>

#include "resolve/resolve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ipg_probe *probe = NULL;
  impgraph_error err;
  if (ipg_probe_parse(&probe, (const char *)data, size, "fuzz", &err) == 0) {
    for (size_t i = 0; i < probe->sys_path.count; i++)
      (void)ipg_probe_alias(probe, probe->sys_path.items[i]);
    ipg_probe_free(probe);
  }
  return 0;
}
