/* libFuzzer harness: the zip central directory reader (via a memfd). */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "resolve/resolve_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int fd = memfd_create("zip", 0);
  if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
    if (fd >= 0) close(fd);
    return 0;
  }
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  ipg_arena arena;
  ipg_arena_init(&arena);
  ipg_zip zip;
  (void)ipg_zip_read(&zip, &arena, path, size & 1, NULL);
  ipg_zip_free(&zip);
  ipg_arena_free(&arena);
  close(fd);
  return 0;
}
