/* JSON rendering of scan results (docs/formats/scan.md, schema version
 * IMPGRAPH_SCAN_SCHEMA_VERSION). Key order is fixed, so output is
 * deterministic and diffable. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"

/* jansson reports allocation failure by returning NULL/-1; every helper
 * below folds that into one sticky flag checked at the end. */
typedef struct json_ctx {
  bool failed;
} json_ctx;

static void set(json_ctx *ctx, json_t *obj, const char *key, json_t *value) {
  if (!value || !obj || json_object_set_new(obj, key, value) != 0)
    ctx->failed = true;
}

static void append(json_ctx *ctx, json_t *arr, json_t *value) {
  if (!value || !arr || json_array_append_new(arr, value) != 0)
    ctx->failed = true;
}

/* Sources may hold invalid UTF-8, which JSON cannot carry: such strings are
 * written with U+FFFD in place of each bad byte. */
static json_t *str_or_null(const char *s) {
  if (!s)
    return json_null();
  json_t *v = json_string(s);
  if (v)
    return v;
  ipg_buf clean;
  ipg_buf_init(&clean);
  ipg_utf8_sanitize(&clean, s, strlen(s));
  v = clean.failed ? NULL : json_string(clean.data ? clean.data : "");
  ipg_buf_free(&clean);
  return v;
}

static json_t *range_json(json_ctx *ctx, const impgraph_range *r) {
  json_t *o = json_object();
  set(ctx, o, "start_line", json_integer(r->start_line));
  set(ctx, o, "start_column", json_integer(r->start_column));
  set(ctx, o, "end_line", json_integer(r->end_line));
  set(ctx, o, "end_column", json_integer(r->end_column));
  set(ctx, o, "start_byte", json_integer(r->start_byte));
  set(ctx, o, "end_byte", json_integer(r->end_byte));
  return o;
}

static json_t *flags_json(json_ctx *ctx, uint32_t flags, bool use_flags) {
  const char *names[32];
  size_t n = use_flags ? ipg_use_flag_names(flags, names, 32) : ipg_ctx_flag_names(flags, names, 32);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    append(ctx, arr, json_string(names[i]));
  return arr;
}

static json_t *import_json(json_ctx *ctx, const impgraph_import *imp) {
  json_t *o = json_object();
  set(ctx, o, "kind", json_string(ipg_import_kind_name(imp->kind)));
  set(ctx, o, "module", str_or_null(imp->module));
  set(ctx, o, "level", json_integer(imp->level));
  set(ctx, o, "flags", flags_json(ctx, imp->flags, false));
  set(ctx, o, "scope", str_or_null(imp->scope ? imp->scope : ""));
  set(ctx, o, "bound", str_or_null(imp->bound));
  set(ctx, o, "alias", str_or_null(imp->alias));
  set(ctx, o, "package", str_or_null(imp->package));
  set(ctx, o, "statement", range_json(ctx, &imp->statement));
  set(ctx, o, "module_range", range_json(ctx, &imp->module_range));
  json_t *names = json_array();
  for (size_t i = 0; i < imp->name_count; i++) {
    const impgraph_import_name *nm = &imp->names[i];
    json_t *n = json_object();
    set(ctx, n, "name", str_or_null(nm->name));
    set(ctx, n, "alias", str_or_null(nm->alias));
    set(ctx, n, "bound", str_or_null(nm->bound));
    set(ctx, n, "range", range_json(ctx, &nm->range));
    append(ctx, names, n);
  }
  set(ctx, o, "names", names);
  return o;
}

static json_t *use_json(json_ctx *ctx, const impgraph_use *use) {
  json_t *o = json_object();
  set(ctx, o, "name", str_or_null(use->name));
  set(ctx, o, "chain", str_or_null(use->chain));
  set(ctx, o, "flags", flags_json(ctx, use->flags, true));
  set(ctx, o, "scope", str_or_null(use->scope ? use->scope : ""));
  set(ctx, o, "range", range_json(ctx, &use->range));
  return o;
}

static json_t *diagnostic_json(json_ctx *ctx, const impgraph_diagnostic *d, bool with_path) {
  json_t *o = json_object();
  if (with_path)
    set(ctx, o, "path", str_or_null(d->path));
  set(ctx, o, "severity", json_string(ipg_severity_name(d->severity)));
  set(ctx, o, "code", json_string(d->code));
  set(ctx, o, "line", json_integer(d->line));
  set(ctx, o, "column", json_integer(d->column));
  set(ctx, o, "message", str_or_null(d->message));
  return o;
}

int ipg_render_scans_json(ipg_buf *out, const impgraph_scan *const *scans, size_t scan_count,
                          const impgraph_file_list *extra) {
  json_ctx ctx = {false};
  json_t *root = json_object();
  set(&ctx, root, "schema", json_string("impgraph-scan"));
  set(&ctx, root, "schema_version", json_integer(IMPGRAPH_SCAN_SCHEMA_VERSION));
  set(&ctx, root, "impgraph_version", json_string(impgraph_version()));
  json_t *files = json_array();
  size_t imports = 0, uses = 0, diagnostics = 0, files_with_errors = 0;
  for (size_t s = 0; s < scan_count && !ctx.failed; s++) {
    const impgraph_scan *scan = scans[s];
    json_t *file = json_object();
    set(&ctx, file, "path", str_or_null(impgraph_scan_path(scan)));
    json_t *arr = json_array();
    size_t n = impgraph_scan_import_count(scan);
    for (size_t i = 0; i < n; i++)
      append(&ctx, arr, import_json(&ctx, impgraph_scan_import(scan, i)));
    set(&ctx, file, "imports", arr);
    imports += n;
    arr = json_array();
    n = impgraph_scan_use_count(scan);
    for (size_t i = 0; i < n; i++)
      append(&ctx, arr, use_json(&ctx, impgraph_scan_use(scan, i)));
    set(&ctx, file, "uses", arr);
    uses += n;
    arr = json_array();
    n = impgraph_scan_diagnostic_count(scan);
    bool has_error = false;
    for (size_t i = 0; i < n; i++) {
      const impgraph_diagnostic *d = impgraph_scan_diagnostic(scan, i);
      has_error = has_error || d->severity == IMPGRAPH_SEVERITY_ERROR;
      append(&ctx, arr, diagnostic_json(&ctx, d, false));
    }
    set(&ctx, file, "diagnostics", arr);
    diagnostics += n;
    files_with_errors += has_error;
    append(&ctx, files, file);
  }
  set(&ctx, root, "files", files);
  json_t *extra_arr = json_array();
  size_t extra_count = impgraph_file_list_diagnostic_count(extra);
  for (size_t i = 0; i < extra_count; i++)
    append(&ctx, extra_arr, diagnostic_json(&ctx, impgraph_file_list_diagnostic(extra, i), true));
  set(&ctx, root, "diagnostics", extra_arr);
  json_t *summary = json_object();
  set(&ctx, summary, "files", json_integer((json_int_t)scan_count));
  set(&ctx, summary, "imports", json_integer((json_int_t)imports));
  set(&ctx, summary, "uses", json_integer((json_int_t)uses));
  set(&ctx, summary, "diagnostics", json_integer((json_int_t)(diagnostics + extra_count)));
  set(&ctx, summary, "files_with_errors", json_integer((json_int_t)files_with_errors));
  set(&ctx, summary, "paths_skipped", json_integer((json_int_t)extra_count));
  set(&ctx, root, "summary", summary);
  int rc = IMPGRAPH_OK;
  if (ctx.failed) {
    rc = IMPGRAPH_ENOMEM;
  } else {
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    if (!text) {
      rc = IMPGRAPH_ENOMEM;
    } else {
      ipg_buf_puts(out, text);
      ipg_buf_putc(out, '\n');
      free(text);
    }
  }
  json_decref(root);
  return rc ? rc : out->failed ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
}
