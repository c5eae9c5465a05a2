/* Import sites of one scanned module: what decides the kind of the edge an
 * import record gives (TYPE_CHECKING > FUNCTION > LAZY > MAIN > EAGER, with
 * FALLBACK decided by the caller, who knows whether the preferred import
 * resolved). Shared by the build (build.c), impgraph_graph_update_file()
 * (update.c) and the editor diagnostics (project/editor.c), so that an
 * edited buffer is classified exactly as a rebuild would classify it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"

static int collect_lazy(ipg_importer *imp) {
  size_t n = impgraph_scan_import_count(imp->scan), count = 0;
  for (size_t i = 0; i < n; i++)
    count += impgraph_scan_import(imp->scan, i)->kind == IMPGRAPH_IMPORT_LAZY_MODULES;
  if (!count)
    return IMPGRAPH_OK;
  imp->lazy = malloc(count * sizeof *imp->lazy);
  if (!imp->lazy)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *rec = impgraph_scan_import(imp->scan, i);
    if (rec->kind == IMPGRAPH_IMPORT_LAZY_MODULES && rec->module)
      imp->lazy[imp->lazy_count++] = rec->module;
  }
  return IMPGRAPH_OK;
}

int ipg_importer_init(ipg_importer *imp, const char *name, bool is_package, bool runs_as_main,
                      const impgraph_scan *scan) {
  memset(imp, 0, sizeof *imp);
  imp->name = name;
  imp->is_package = is_package;
  imp->runs_as_main = runs_as_main;
  imp->scan = scan;
  int rc = collect_lazy(imp);
  if (!rc) {
    size_t len = 0;
    const char *text = impgraph_scan_text(scan, &len);
    rc = ipg_main_blocks(text, len, &imp->main_blocks, &imp->main_block_count);
  }
  if (rc)
    ipg_importer_free(imp);
  return rc;
}

void ipg_importer_free(ipg_importer *imp) {
  free(imp->lazy);
  free(imp->main_blocks);
  imp->lazy = NULL;
  imp->main_blocks = NULL;
  imp->lazy_count = imp->main_block_count = 0;
}

static impgraph_edge_kind classify(uint32_t flags) {
  if (flags & IMPGRAPH_CTX_TYPE_CHECKING)
    return IMPGRAPH_EDGE_TYPE_CHECKING;
  if (flags & (IMPGRAPH_CTX_FUNCTION | IMPGRAPH_CTX_LAMBDA))
    return IMPGRAPH_EDGE_FUNCTION;
  if (flags & IMPGRAPH_CTX_LAZY)
    return IMPGRAPH_EDGE_LAZY;
  return IMPGRAPH_EDGE_EAGER;
}

static bool in_main_block(const ipg_importer *imp, const impgraph_import *rec) {
  if ((rec->flags & (IMPGRAPH_CTX_FUNCTION | IMPGRAPH_CTX_LAMBDA)) ||
      !(rec->flags & IMPGRAPH_CTX_CONDITIONAL))
    return false;
  return ipg_in_line_ranges(imp->main_blocks, imp->main_block_count, rec->statement.start_line);
}

static bool in_lazy_modules(const ipg_importer *imp, const char *name) {
  for (size_t i = 0; name && i < imp->lazy_count; i++)
    if (strcmp(imp->lazy[i], name) == 0)
      return true;
  return false;
}

impgraph_edge_kind ipg_importer_kind(const ipg_importer *imp, const impgraph_import *rec,
                                     const char *absolute) {
  impgraph_edge_kind kind = classify(rec->flags);
  /* PEP 810: module-level imports of names in __lazy_modules__ are lazy. */
  if (kind == IMPGRAPH_EDGE_EAGER && in_lazy_modules(imp, absolute))
    kind = IMPGRAPH_EDGE_LAZY;
  if (kind == IMPGRAPH_EDGE_EAGER && !imp->runs_as_main && in_main_block(imp, rec))
    kind = IMPGRAPH_EDGE_MAIN;
  return kind;
}

/* The preferred import of a fallback is the nearest earlier record of the
   same scope in a try body (OPTIONAL and not itself a fallback). */
size_t ipg_importer_preferred(const ipg_importer *imp, size_t index, const impgraph_import *rec) {
  (void)rec;
  return ipg_scan_preferred(imp->scan, index);
}

size_t ipg_scan_preferred(const impgraph_scan *scan, size_t index) {
  const impgraph_import *rec = impgraph_scan_import(scan, index);
  if (!rec)
    return SIZE_MAX;
  for (size_t j = index; j-- > 0;) {
    const impgraph_import *r = impgraph_scan_import(scan, j);
    if ((r->flags & IMPGRAPH_CTX_FALLBACK) ||
        strcmp(r->scope ? r->scope : "", rec->scope ? rec->scope : "") != 0)
      continue;
    return (r->flags & IMPGRAPH_CTX_OPTIONAL) ? j : SIZE_MAX;
  }
  return SIZE_MAX;
}

const char *ipg_record_text(const impgraph_scan *scan, const impgraph_import *rec, char *buf,
                            size_t size) {
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  uint32_t start = rec->statement.start_byte, end = rec->statement.end_byte;
  if (!text || end <= start || end > len) {
    snprintf(buf, size, "%s", rec->module ? rec->module : "?");
    return buf;
  }
  /* First line of the statement, whitespace collapsed. */
  size_t n = 0;
  bool space = false;
  for (uint32_t i = start; i < end && n + 4 < size; i++) {
    char c = text[i];
    if (c == '\n' || c == '\r')
      break;
    if (c == ' ' || c == '\t') {
      space = n > 0;
      continue;
    }
    if (space)
      buf[n++] = ' ';
    space = false;
    buf[n++] = c;
  }
  buf[n] = '\0';
  return buf;
}
