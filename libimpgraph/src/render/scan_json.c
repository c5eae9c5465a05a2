/* JSON rendering of scan results (docs/formats/scan.md, schema version
 * IMPGRAPH_SCAN_SCHEMA_VERSION). Key order is fixed, so output is
 * deterministic and diffable. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "render/json_util.h"
#include "render/render.h"

static json_t *range_json(ipg_json_ctx *ctx, const impgraph_range *r) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "start_line", json_integer(r->start_line));
  ipg_json_set(ctx, o, "start_column", json_integer(r->start_column));
  ipg_json_set(ctx, o, "end_line", json_integer(r->end_line));
  ipg_json_set(ctx, o, "end_column", json_integer(r->end_column));
  ipg_json_set(ctx, o, "start_byte", json_integer(r->start_byte));
  ipg_json_set(ctx, o, "end_byte", json_integer(r->end_byte));
  return o;
}

static json_t *flags_json(ipg_json_ctx *ctx, uint32_t flags, bool use_flags) {
  const char *names[32];
  size_t n = use_flags ? ipg_use_flag_names(flags, names, 32) : ipg_ctx_flag_names(flags, names, 32);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    ipg_json_append(ctx, arr, json_string(names[i]));
  return arr;
}

static json_t *import_json(ipg_json_ctx *ctx, const impgraph_import *imp) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "kind", json_string(ipg_import_kind_name(imp->kind)));
  ipg_json_set(ctx, o, "module", ipg_json_str(imp->module));
  ipg_json_set(ctx, o, "level", json_integer(imp->level));
  ipg_json_set(ctx, o, "flags", flags_json(ctx, imp->flags, false));
  ipg_json_set(ctx, o, "scope", ipg_json_str(imp->scope ? imp->scope : ""));
  ipg_json_set(ctx, o, "bound", ipg_json_str(imp->bound));
  ipg_json_set(ctx, o, "alias", ipg_json_str(imp->alias));
  ipg_json_set(ctx, o, "package", ipg_json_str(imp->package));
  ipg_json_set(ctx, o, "statement", range_json(ctx, &imp->statement));
  ipg_json_set(ctx, o, "module_range", range_json(ctx, &imp->module_range));
  json_t *names = json_array();
  for (size_t i = 0; i < imp->name_count; i++) {
    const impgraph_import_name *nm = &imp->names[i];
    json_t *n = json_object();
    ipg_json_set(ctx, n, "name", ipg_json_str(nm->name));
    ipg_json_set(ctx, n, "alias", ipg_json_str(nm->alias));
    ipg_json_set(ctx, n, "bound", ipg_json_str(nm->bound));
    ipg_json_set(ctx, n, "range", range_json(ctx, &nm->range));
    ipg_json_append(ctx, names, n);
  }
  ipg_json_set(ctx, o, "names", names);
  return o;
}

static json_t *use_json(ipg_json_ctx *ctx, const impgraph_use *use) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "name", ipg_json_str(use->name));
  ipg_json_set(ctx, o, "chain", ipg_json_str(use->chain));
  ipg_json_set(ctx, o, "flags", flags_json(ctx, use->flags, true));
  ipg_json_set(ctx, o, "scope", ipg_json_str(use->scope ? use->scope : ""));
  ipg_json_set(ctx, o, "range", range_json(ctx, &use->range));
  return o;
}

int ipg_render_scans_json(ipg_buf *out, const impgraph_scan *const *scans, size_t scan_count,
                          const impgraph_file_list *extra) {
  ipg_json_ctx ctx = {false};
  json_t *root = json_object();
  ipg_json_set(&ctx, root, "schema", json_string("impgraph-scan"));
  ipg_json_set(&ctx, root, "schema_version", json_integer(IMPGRAPH_SCAN_SCHEMA_VERSION));
  ipg_json_set(&ctx, root, "impgraph_version", json_string(impgraph_version()));
  json_t *files = json_array();
  size_t imports = 0, uses = 0, diagnostics = 0, files_with_errors = 0;
  for (size_t s = 0; s < scan_count && !ctx.failed; s++) {
    const impgraph_scan *scan = scans[s];
    json_t *file = json_object();
    ipg_json_set(&ctx, file, "path", ipg_json_str(impgraph_scan_path(scan)));
    json_t *arr = json_array();
    size_t n = impgraph_scan_import_count(scan);
    for (size_t i = 0; i < n; i++)
      ipg_json_append(&ctx, arr, import_json(&ctx, impgraph_scan_import(scan, i)));
    ipg_json_set(&ctx, file, "imports", arr);
    imports += n;
    arr = json_array();
    n = impgraph_scan_use_count(scan);
    for (size_t i = 0; i < n; i++)
      ipg_json_append(&ctx, arr, use_json(&ctx, impgraph_scan_use(scan, i)));
    ipg_json_set(&ctx, file, "uses", arr);
    uses += n;
    arr = json_array();
    n = impgraph_scan_diagnostic_count(scan);
    bool has_error = false;
    for (size_t i = 0; i < n; i++) {
      const impgraph_diagnostic *d = impgraph_scan_diagnostic(scan, i);
      has_error = has_error || d->severity == IMPGRAPH_SEVERITY_ERROR;
      ipg_json_append(&ctx, arr, ipg_json_diagnostic(&ctx, d, false));
    }
    ipg_json_set(&ctx, file, "diagnostics", arr);
    diagnostics += n;
    files_with_errors += has_error;
    ipg_json_append(&ctx, files, file);
  }
  ipg_json_set(&ctx, root, "files", files);
  json_t *extra_arr = json_array();
  size_t extra_count = impgraph_file_list_diagnostic_count(extra);
  for (size_t i = 0; i < extra_count; i++)
    ipg_json_append(&ctx, extra_arr, ipg_json_diagnostic(&ctx, impgraph_file_list_diagnostic(extra, i), true));
  ipg_json_set(&ctx, root, "diagnostics", extra_arr);
  json_t *summary = json_object();
  ipg_json_set(&ctx, summary, "files", json_integer((json_int_t)scan_count));
  ipg_json_set(&ctx, summary, "imports", json_integer((json_int_t)imports));
  ipg_json_set(&ctx, summary, "uses", json_integer((json_int_t)uses));
  ipg_json_set(&ctx, summary, "diagnostics", json_integer((json_int_t)(diagnostics + extra_count)));
  ipg_json_set(&ctx, summary, "files_with_errors", json_integer((json_int_t)files_with_errors));
  ipg_json_set(&ctx, summary, "paths_skipped", json_integer((json_int_t)extra_count));
  ipg_json_set(&ctx, root, "summary", summary);
  return ipg_json_dump(out, &ctx, root, 0);
}
