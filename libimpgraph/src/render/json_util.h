/* render/json_util — the jansson helpers every JSON renderer shares.
 * jansson reports allocation failure by returning NULL/-1; the helpers fold
 * that into one sticky flag that the renderer checks once at the end. */
#ifndef IMPGRAPH_RENDER_JSON_UTIL_H
#define IMPGRAPH_RENDER_JSON_UTIL_H

#include <jansson.h>

#include "util/util.h"

typedef struct ipg_json_ctx {
  bool failed; /* sticky: jansson returned NULL/-1 (out of memory) */
} ipg_json_ctx;

/* obj[key] = value (reference stolen); a NULL value or failure sets failed. */
void ipg_json_set(ipg_json_ctx *ctx, json_t *obj, const char *key, json_t *value);
/* arr.append(value) (reference stolen); a NULL value or failure sets failed. */
void ipg_json_append(ipg_json_ctx *ctx, json_t *arr, json_t *value);
/* A JSON string, or null for NULL. Paths, names and logs may hold bytes
 * that are not UTF-8, which JSON cannot carry: each bad byte becomes U+FFFD. */
json_t *ipg_json_str(const char *s);

/* A diagnostic as every JSON format writes it: {"path" (when with_path),
 * "severity", "code", "line", "column", "message"}. */
json_t *ipg_json_diagnostic(ipg_json_ctx *ctx, const impgraph_diagnostic *d, bool with_path);

/* Writes `root` (indented, keys in insertion order, ASCII-only, plus
 * `extra_flags` such as JSON_REAL_PRECISION) and a newline to `out`, then
 * releases `root`. Returns IMPGRAPH_ENOMEM when ctx recorded a failure or
 * dumping fails, else IMPGRAPH_OK. */
int ipg_json_dump(ipg_buf *out, ipg_json_ctx *ctx, json_t *root, size_t extra_flags);

/* A large document written piece by piece, byte for byte what ipg_json_dump
 * would write for the whole tree (indented, keys in insertion order,
 * ASCII-only), without the whole tree ever existing: each element of a
 * streamed array is built, written and released in turn, so its memory is
 * reused by the next. Usage:
 *
 *   ipg_json_document_open(out, ctx, head);   head: the first keys
 *   ipg_json_array_open(out, &a, "nodes");
 *   ipg_json_array_add(out, ctx, &a, node);   (repeated)
 *   ipg_json_array_close(out, &a);
 *   ipg_json_document_key(out, ctx, "summary", value);
 *   rc = ipg_json_document_close(out, ctx);
 *
 * Keys are written as given: ASCII literals that need no escaping. Values
 * and head are released. Failures are sticky in ctx / out; open returns
 * IMPGRAPH_ENOMEM or IMPGRAPH_EINTERNAL (head not a non-empty object), close
 * IMPGRAPH_ENOMEM if anything failed, else IMPGRAPH_OK. */
typedef struct ipg_json_array_stream {
  size_t count; /* elements written so far */
} ipg_json_array_stream;

int ipg_json_document_open(ipg_buf *out, ipg_json_ctx *ctx, json_t *head);
void ipg_json_document_key(ipg_buf *out, ipg_json_ctx *ctx, const char *key, json_t *value);
void ipg_json_array_open(ipg_buf *out, ipg_json_array_stream *a, const char *key);
void ipg_json_array_add(ipg_buf *out, ipg_json_ctx *ctx, ipg_json_array_stream *a, json_t *value);
void ipg_json_array_close(ipg_buf *out, ipg_json_array_stream *a);
int ipg_json_document_close(ipg_buf *out, ipg_json_ctx *ctx);
/* Writes `value` as it appears nested `depth` levels deep in a document
 * (continuation lines indented 2 * depth more), then releases it. */
void ipg_json_dump_nested(ipg_buf *out, ipg_json_ctx *ctx, json_t *value, size_t depth);

#endif
