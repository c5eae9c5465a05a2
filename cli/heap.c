/* The CLI's heap set-up: fewer, larger page faults (glibc on Linux only;
 * elsewhere these functions do nothing).
 *
 * A graph build puts every parse tree and record on fresh heap pages, and
 * the first touch of each 4 KiB page is a page fault: 15-20 us each on the
 * virtual machines we measure on, 15-20% of a build's CPU time. The CLI
 * owns its process, so it tunes the allocator here; the library never
 * does (it offers impgraph_graph_options.thread_start, which the CLI uses
 * for the parser threads' heaps).
 *
 * - M_TOP_PAD 16 MiB: a heap grows in large steps (each thread's heap is
 *   then one region that can be advised once);
 * - M_TRIM_THRESHOLD 256 MiB: memory freed after a file stays for the next
 *   one instead of going back to the kernel and being faulted in again;
 * - M_MMAP_THRESHOLD 32 MiB: blocks below it come from the heaps;
 * - each heap (the main thread's, and each parser thread's) is advised
 *   MADV_HUGEPAGE, so where transparent huge pages are "madvise" or
 *   "always" its pages arrive 2 MiB at a time. A parser thread's heap is
 *   aligned to 64 MiB and its first 2 MiB, already touched by the arena's
 *   own header, are collapsed into a huge page (MADV_COLLAPSE, Linux 6.1+).
 *
 * Advice that the kernel refuses changes nothing; the memory used grows by
 * at most 2 MiB per heap. IMPGRAPH_PLAIN_HEAP=1 in the environment turns all
 * of it off (for comparing, docs/performance.md). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

#define HUGE_PAGE ((uintptr_t)2 << 20)
#define ADVISED_SPAN ((size_t)14 << 20)

static bool plain_heap(void) {
  const char *plain = getenv("IMPGRAPH_PLAIN_HEAP");
  return plain && *plain && strcmp(plain, "0") != 0;
}

/* Advises the heap the calling thread allocates from: a block of it is
   borrowed (not touched) for its addresses, then given back. */
static void advise_heap(bool collapse_first) {
  char *block = malloc(ADVISED_SPAN);
  if (!block)
    return;
  uintptr_t lo = (uintptr_t)block & ~(HUGE_PAGE - 1);
  uintptr_t hi = ((uintptr_t)block + ADVISED_SPAN) & ~(HUGE_PAGE - 1);
  if (!collapse_first)
    lo += HUGE_PAGE; /* the main heap may start in another mapping below */
  if (hi > lo) {
    madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    if (collapse_first)
      madvise((void *)lo, HUGE_PAGE, MADV_COLLAPSE);
  }
  free(block);
}

void cli_heap_setup(void) {
  if (plain_heap())
    return;
  mallopt(M_TOP_PAD, 16 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  advise_heap(false);
}

void cli_heap_thread_start(void *arg) {
  (void)arg;
  if (!plain_heap())
    advise_heap(true);
}

#else

void cli_heap_setup(void) {}

void cli_heap_thread_start(void *arg) { (void)arg; }

#endif
