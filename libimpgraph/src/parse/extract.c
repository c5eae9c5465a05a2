/* PLACEHOLDER until the extraction walk lands (being written now). */
#include "parse/parse.h"

int ipg_extract(impgraph_scan *scan, TSTree *tree, const char *text, size_t len,
                uint32_t byte_delta) {
  (void)scan; (void)tree; (void)text; (void)len; (void)byte_delta;
  return IMPGRAPH_OK;
}
