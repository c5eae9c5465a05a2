/* Looking up the imports made by the standard library's C code: the table
 * is generated (native_imports.c, scripts/gen_native_imports.py) and sorted
 * by module, then target, so a module's entries are one run found by
 * binary search. */
#include <string.h>

#include "resolve/resolve.h"

bool ipg_native_covers(int major, int minor) {
  return major == 3 && minor >= ipg_native_first_minor && minor <= ipg_native_last_minor;
}

bool ipg_native_applies(const ipg_probe *probe) {
  if (!probe || (probe->implementation && strcmp(probe->implementation, "cpython") != 0))
    return false;
  return ipg_native_covers(probe->version_major, probe->version_minor);
}

/* Index of the first entry of `module`, or ipg_native_table_count. */
static size_t first_of(const char *module) {
  size_t lo = 0, hi = ipg_native_table_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(ipg_native_table[mid].module, module) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static bool holds(const ipg_native_import *e, int minor) {
  return (e->minors & IPG_MINOR(minor)) != 0;
}

size_t ipg_native_imports(const char *module, int major, int minor, const ipg_native_import **out,
                          size_t cap) {
  if (!module || !ipg_native_covers(major, minor))
    return 0;
  size_t count = 0;
  for (size_t i = first_of(module);
       i < ipg_native_table_count && strcmp(ipg_native_table[i].module, module) == 0; i++) {
    if (!holds(&ipg_native_table[i], minor))
      continue;
    if (out && count < cap)
      out[count] = &ipg_native_table[i];
    count++;
  }
  return count;
}

bool ipg_native_registers(const char *module, const char *target, int major, int minor) {
  if (!module || !target || !ipg_native_covers(major, minor))
    return false;
  for (size_t i = first_of(module);
       i < ipg_native_table_count && strcmp(ipg_native_table[i].module, module) == 0; i++) {
    const ipg_native_import *e = &ipg_native_table[i];
    if (e->how == IPG_NATIVE_REGISTER && holds(e, minor) && strcmp(e->target, target) == 0)
      return true;
  }
  return false;
}
