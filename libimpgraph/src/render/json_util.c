#include <stdlib.h>
#include <string.h>

#include "render/json_util.h"
#include "render/render.h"

void ipg_json_set(ipg_json_ctx *ctx, json_t *obj, const char *key, json_t *value) {
  if (!value || !obj || json_object_set_new(obj, key, value) != 0)
    ctx->failed = true;
}

void ipg_json_append(ipg_json_ctx *ctx, json_t *arr, json_t *value) {
  if (!value || !arr || json_array_append_new(arr, value) != 0)
    ctx->failed = true;
}

json_t *ipg_json_str(const char *s) {
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

json_t *ipg_json_diagnostic(ipg_json_ctx *ctx, const impgraph_diagnostic *d, bool with_path) {
  json_t *o = json_object();
  if (with_path)
    ipg_json_set(ctx, o, "path", ipg_json_str(d->path));
  ipg_json_set(ctx, o, "severity", json_string(ipg_severity_name(d->severity)));
  ipg_json_set(ctx, o, "code", ipg_json_str(d->code));
  ipg_json_set(ctx, o, "line", json_integer(d->line));
  ipg_json_set(ctx, o, "column", json_integer(d->column));
  ipg_json_set(ctx, o, "message", ipg_json_str(d->message));
  return o;
}

int ipg_json_dump(ipg_buf *out, ipg_json_ctx *ctx, json_t *root, size_t extra_flags) {
  int rc = IMPGRAPH_OK;
  char *text = ctx->failed ? NULL
                           : json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                                  JSON_ENSURE_ASCII | extra_flags);
  if (!text) {
    rc = IMPGRAPH_ENOMEM;
  } else {
    ipg_buf_puts(out, text);
    ipg_buf_putc(out, '\n');
    free(text);
  }
  json_decref(root);
  return rc ? rc : out->failed ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
}
