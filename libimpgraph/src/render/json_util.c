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

#define IPG_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII)

/* jansson hands its output over in small pieces: straight into the buffer,
   with no intermediate string of the whole document. */
static int append_piece(const char *piece, size_t size, void *data) {
  ipg_buf *out = data;
  ipg_buf_append(out, piece, size);
  return out->failed ? -1 : 0;
}

typedef struct nested_out {
  ipg_buf *out;
  size_t extra_spaces; /* added after every newline */
} nested_out;

/* With JSON_ENSURE_ASCII every newline jansson writes is indentation (a
   newline inside a string is written as the escape \\n), so a value dumped
   alone comes out at any depth by adding the depth's spaces after each.
   jansson's pieces are mostly a few bytes long: one reservation for the
   worst case (every byte a newline), then a byte loop. */
static int append_nested_piece(const char *piece, size_t size, void *data) {
  nested_out *n = data;
  ipg_buf *out = n->out;
  if (size > (SIZE_MAX - 1) / (1 + n->extra_spaces) ||
      !ipg_buf_reserve(out, size * (1 + n->extra_spaces)))
    return -1;
  char *dst = out->data + out->len;
  for (size_t i = 0; i < size; i++) {
    *dst++ = piece[i];
    if (piece[i] == '\n') {
      memset(dst, ' ', n->extra_spaces);
      dst += n->extra_spaces;
    }
  }
  *dst = '\0';
  out->len = (size_t)(dst - out->data);
  return 0;
}

int ipg_json_dump(ipg_buf *out, ipg_json_ctx *ctx, json_t *root, size_t extra_flags) {
  int rc = ctx->failed ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
  if (!rc && json_dump_callback(root, append_piece, out, IPG_JSON_FLAGS | extra_flags) != 0)
    rc = IMPGRAPH_ENOMEM;
  if (!rc)
    ipg_buf_putc(out, '\n');
  json_decref(root);
  return rc ? rc : out->failed ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
}

void ipg_json_dump_nested(ipg_buf *out, ipg_json_ctx *ctx, json_t *value, size_t depth) {
  nested_out n = {out, 2 * depth};
  if (!value || ctx->failed ||
      json_dump_callback(value, append_nested_piece, &n, IPG_JSON_FLAGS) != 0)
    ctx->failed = true;
  json_decref(value);
}

void ipg_json_document_key(ipg_buf *out, ipg_json_ctx *ctx, const char *key, json_t *value) {
  ipg_buf_puts(out, ",\n  \"");
  ipg_buf_puts(out, key);
  ipg_buf_puts(out, "\": ");
  ipg_json_dump_nested(out, ctx, value, 1);
}

void ipg_json_array_open(ipg_buf *out, ipg_json_array_stream *a, const char *key) {
  /* The document's top-level object is open: a key at depth 1. */
  ipg_buf_puts(out, ",\n  \"");
  ipg_buf_puts(out, key);
  ipg_buf_puts(out, "\": [");
  a->count = 0;
}

void ipg_json_array_add(ipg_buf *out, ipg_json_ctx *ctx, ipg_json_array_stream *a, json_t *value) {
  ipg_buf_puts(out, a->count ? ",\n    " : "\n    ");
  a->count++;
  ipg_json_dump_nested(out, ctx, value, 2);
}

void ipg_json_array_close(ipg_buf *out, ipg_json_array_stream *a) {
  ipg_buf_puts(out, a->count ? "\n  ]" : "]");
}

int ipg_json_document_open(ipg_buf *out, ipg_json_ctx *ctx, json_t *head) {
  size_t start = out->len;
  int rc = ipg_json_dump(out, ctx, head, 0);
  /* Drop the closing "\n}\n": the document goes on with streamed keys. */
  if (!rc && (out->len - start < 4 || memcmp(out->data + out->len - 3, "\n}\n", 3) != 0))
    rc = IMPGRAPH_EINTERNAL;
  if (!rc) {
    out->len -= 3;
    out->data[out->len] = '\0';
  }
  return rc;
}

int ipg_json_document_close(ipg_buf *out, ipg_json_ctx *ctx) {
  ipg_buf_puts(out, "\n}\n");
  return ctx->failed || out->failed ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
}
