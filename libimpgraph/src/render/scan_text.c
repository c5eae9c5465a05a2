/* Text rendering of scan results: one grep-friendly line per import,
 * `path:line:col: kind module names [context]`, then diagnostics, then a
 * summary line. */
#include <string.h>

#include "render/render.h"

static void put_flags(ipg_buf *out, const impgraph_import *imp) {
  const char *names[16];
  size_t n = ipg_ctx_flag_names(imp->flags, names, 16);
  ipg_buf_puts(out, "  [");
  for (size_t i = 0; i < n; i++) {
    ipg_buf_printf(out, "%s%s", i ? ", " : "", names[i]);
    if (imp->scope && *imp->scope && (imp->flags & IMPGRAPH_CTX_FUNCTION) &&
        strcmp(names[i], "function") == 0)
      ipg_buf_printf(out, " %s", imp->scope);
  }
  if (imp->scope && *imp->scope && !(imp->flags & IMPGRAPH_CTX_FUNCTION))
    ipg_buf_printf(out, "%sin %s", n ? ", " : "", imp->scope);
  ipg_buf_putc(out, ']');
}

static void put_import(ipg_buf *out, const char *path, const impgraph_import *imp) {
  ipg_buf_printf(out, "%s:%u:%u: %s ", path, imp->statement.start_line,
                 imp->statement.start_column, ipg_import_kind_name(imp->kind));
  for (uint32_t i = 0; i < imp->level; i++)
    ipg_buf_putc(out, '.');
  ipg_buf_puts(out, imp->module ? imp->module : "<dynamic>");
  if (imp->alias)
    ipg_buf_printf(out, " as %s", imp->alias);
  for (size_t i = 0; i < imp->name_count; i++) {
    const impgraph_import_name *nm = &imp->names[i];
    ipg_buf_printf(out, "%s%s", i ? ", " : " : ", nm->name);
    if (nm->alias)
      ipg_buf_printf(out, " as %s", nm->alias);
  }
  if (imp->package)
    ipg_buf_printf(out, " (package %s)", imp->package);
  put_flags(out, imp);
  ipg_buf_putc(out, '\n');
}

static void put_diagnostic(ipg_buf *out, const impgraph_diagnostic *d) {
  if (d->line)
    ipg_buf_printf(out, "%s:%u:%u: %s: %s [%s]\n", d->path, d->line, d->column,
                   ipg_severity_name(d->severity), d->message, d->code);
  else
    ipg_buf_printf(out, "%s: %s: %s [%s]\n", d->path, ipg_severity_name(d->severity), d->message,
                   d->code);
}

int ipg_render_scans_text(ipg_buf *out, const impgraph_scan *const *scans, size_t scan_count,
                          const impgraph_file_list *extra) {
  size_t imports = 0, diagnostics = 0, files_with_errors = 0;
  for (size_t s = 0; s < scan_count; s++) {
    const impgraph_scan *scan = scans[s];
    const char *path = impgraph_scan_path(scan);
    size_t n = impgraph_scan_import_count(scan);
    for (size_t i = 0; i < n; i++)
      put_import(out, path, impgraph_scan_import(scan, i));
    imports += n;
    size_t d = impgraph_scan_diagnostic_count(scan);
    bool has_error = false;
    for (size_t i = 0; i < d; i++) {
      const impgraph_diagnostic *diag = impgraph_scan_diagnostic(scan, i);
      put_diagnostic(out, diag);
      has_error = has_error || diag->severity == IMPGRAPH_SEVERITY_ERROR;
    }
    diagnostics += d;
    files_with_errors += has_error;
  }
  size_t extra_count = impgraph_file_list_diagnostic_count(extra);
  for (size_t i = 0; i < extra_count; i++)
    put_diagnostic(out, impgraph_file_list_diagnostic(extra, i));
  ipg_buf_printf(out, "%zu file%s, %zu import%s, %zu diagnostic%s (%zu file%s with errors",
                 scan_count, scan_count == 1 ? "" : "s", imports, imports == 1 ? "" : "s",
                 diagnostics + extra_count, diagnostics + extra_count == 1 ? "" : "s",
                 files_with_errors, files_with_errors == 1 ? "" : "s");
  if (extra_count)
    ipg_buf_printf(out, ", %zu path%s skipped or unreadable", extra_count,
                   extra_count == 1 ? "" : "s");
  ipg_buf_puts(out, ")\n");
  return out->failed ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
}
