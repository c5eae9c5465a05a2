/* impgraph_render_profile(): dispatch to the text or JSON renderer. */
#include "render/profile_render.h"

int impgraph_profile_view_init(impgraph_profile_view *view, uint32_t version) {
  if (!view)
    return IMPGRAPH_EINVAL;
  if (version != IMPGRAPH_PROFILE_VIEW_VERSION)
    return IMPGRAPH_EVERSION;
  impgraph_profile_view defaults = IMPGRAPH_PROFILE_VIEW_INIT;
  *view = defaults;
  return IMPGRAPH_OK;
}

int impgraph_render_profile(char **out, size_t *out_len, const impgraph_profile *profile,
                            impgraph_format format, const impgraph_profile_view *view,
                            impgraph_error *err) {
  if (out)
    *out = NULL;
  if (out_len)
    *out_len = 0;
  if (!out || !profile)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_render_profile: NULL argument");
  impgraph_profile_view defaults = IMPGRAPH_PROFILE_VIEW_INIT;
  if (!view)
    view = &defaults;
  if (view->version != IMPGRAPH_PROFILE_VIEW_VERSION)
    return ipg_fail(err, IMPGRAPH_EVERSION, "impgraph_render_profile: view version %u unknown",
                    view->version);
  ipg_buf buf;
  ipg_buf_init(&buf);
  int rc;
  switch (format) {
  case IMPGRAPH_FORMAT_TEXT: rc = ipg_render_profile_text(&buf, profile, view); break;
  case IMPGRAPH_FORMAT_JSON: rc = ipg_render_profile_json(&buf, profile); break;
  default:
    return ipg_fail(err, IMPGRAPH_EFORMAT,
                    "impgraph_render_profile: format %d not supported for profiles", (int)format);
  }
  if (!rc && buf.failed)
    rc = IMPGRAPH_ENOMEM;
  if (rc) {
    ipg_buf_free(&buf);
    return ipg_fail(err, rc, "impgraph_render_profile: %s", impgraph_strerror(rc));
  }
  *out = ipg_buf_take(&buf, out_len);
  if (!*out)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "impgraph_render_profile: out of memory");
  ipg_ok(err);
  return IMPGRAPH_OK;
}
