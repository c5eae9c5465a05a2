/* parse — the only user of <tree_sitter/api.h>. Turns one buffer into plain
 * records (impgraph_import, impgraph_use, impgraph_diagnostic) that know
 * nothing of tree-sitter. May include: util, impgraph.h, tree-sitter. */
#ifndef IMPGRAPH_PARSE_H
#define IMPGRAPH_PARSE_H

#include <tree_sitter/api.h>

#include "util/util.h"

struct impgraph_scan {
  ipg_arena arena;  /* every string and names array of the records */
  const char *path; /* in arena */
  char *text;       /* malloc'd copy of the (decoded) source, NUL-terminated */
  size_t text_len;
  ipg_vec imports;     /* impgraph_import */
  ipg_vec uses;        /* impgraph_use */
  ipg_vec diagnostics; /* impgraph_diagnostic */
};

/* Adds a diagnostic to the scan (strings copied into the arena).
 * Returns IMPGRAPH_OK or IMPGRAPH_ENOMEM. */
int ipg_scan_add_diagnostic(impgraph_scan *scan, impgraph_severity severity,
                            const char *code, uint32_t line, uint32_t column,
                            const char *fmt, ...) IPG_PRINTF(6, 7);

/* Walks `tree` (parsed from `text`, which starts `byte_delta` bytes into
 * scan->text: 3 when a UTF-8 BOM was skipped, else 0) and appends every
 * import and every use of an import-bound name to `scan`. Iterative; never
 * recurses on tree depth. Returns IMPGRAPH_OK or IMPGRAPH_ENOMEM. */
int ipg_extract(impgraph_scan *scan, TSTree *tree, const char *text,
                size_t len, uint32_t byte_delta);

/* The compiled-in grammar (hidden symbol, never exported). */
const TSLanguage *tree_sitter_python(void);

#endif
