/* render — one file per output format, from finished, immutable results.
 * The only module that includes <jansson.h> (json*.c files). */
#ifndef IMPGRAPH_RENDER_H
#define IMPGRAPH_RENDER_H

#include "util/util.h"

/* Stable names used by every format (documented in docs/formats/scan.md). */
const char *ipg_import_kind_name(impgraph_import_kind kind);
const char *ipg_severity_name(impgraph_severity severity);
/* Appends the names of the set bits of `flags` (IMPGRAPH_CTX_*), in bit
 * order, to `out` (at most `cap`); returns how many. */
size_t ipg_ctx_flag_names(uint32_t flags, const char **out, size_t cap);
size_t ipg_use_flag_names(uint32_t flags, const char **out, size_t cap);

int ipg_render_scans_text(ipg_buf *out, const impgraph_scan *const *scans, size_t scan_count,
                          const impgraph_file_list *extra);
int ipg_render_scans_json(ipg_buf *out, const impgraph_scan *const *scans, size_t scan_count,
                          const impgraph_file_list *extra);

#endif
