#include <string.h>

#include "render/json_util.h"

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
