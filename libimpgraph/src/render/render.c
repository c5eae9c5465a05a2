#include "render/render.h"

int impgraph_render_scans(char **out, size_t *out_len, const impgraph_scan *const *scans,
                          size_t scan_count, const impgraph_file_list *extra,
                          impgraph_format format, impgraph_error *err) {
  if (out)
    *out = NULL;
  if (out_len)
    *out_len = 0;
  if (!out || (!scans && scan_count))
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_render_scans: NULL argument");
  for (size_t i = 0; i < scan_count; i++)
    if (!scans[i])
      return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_render_scans: scans[%zu] is NULL", i);
  ipg_buf buf;
  ipg_buf_init(&buf);
  int rc;
  switch (format) {
  case IMPGRAPH_FORMAT_TEXT: rc = ipg_render_scans_text(&buf, scans, scan_count, extra); break;
  case IMPGRAPH_FORMAT_JSON: rc = ipg_render_scans_json(&buf, scans, scan_count, extra); break;
  default:
    return ipg_fail(err, IMPGRAPH_EFORMAT, "impgraph_render_scans: format %d not supported",
                    (int)format);
  }
  if (!rc && buf.failed)
    rc = IMPGRAPH_ENOMEM;
  if (rc) {
    ipg_buf_free(&buf);
    return ipg_fail(err, rc, "impgraph_render_scans: %s", impgraph_strerror(rc));
  }
  *out = ipg_buf_take(&buf, out_len);
  if (!*out)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "impgraph_render_scans: out of memory");
  ipg_ok(err);
  return IMPGRAPH_OK;
}
