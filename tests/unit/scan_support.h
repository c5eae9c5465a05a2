/* The scanner set-up and source helpers shared by the scanner's unit tests
 * (test_scan*.c). Include after <cmocka.h> and "impgraph.h". */
#ifndef IMPGRAPH_TESTS_UNIT_SCAN_SUPPORT_H
#define IMPGRAPH_TESTS_UNIT_SCAN_SUPPORT_H

#include <stddef.h>
#include <string.h>

/* One scanner per test program, made by the group set-up. */
static impgraph_scanner *scanner;

static inline int setup(void **state) {
  (void)state;
  return impgraph_scanner_new(&scanner, NULL, NULL);
}

static inline int teardown(void **state) {
  (void)state;
  impgraph_scanner_free(scanner);
  return 0;
}

/* `src` scanned as t.py; fails the test when the scan fails. */
static inline impgraph_scan *scan_bytes(const char *src, size_t len) {
  impgraph_scan *scan = NULL;
  impgraph_error err;
  if (impgraph_scanner_scan(scanner, &scan, "t.py", src, len, &err) != IMPGRAPH_OK)
    fail_msg("scan failed: %s", err.message);
  return scan;
}

static inline impgraph_scan *scan_str(const char *src) {
  return scan_bytes(src, strlen(src));
}

/* Offset of the `nth` (0-based) occurrence of `needle` in `text`; fails the
   test when there is none. */
static inline size_t offset_of(const char *text, size_t len, const char *needle, int nth) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(text + i, needle, n) == 0 && nth-- == 0)
      return i;
  fail_msg("'%s' not in the source", needle);
  return 0;
}

#endif
