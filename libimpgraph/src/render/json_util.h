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

#endif
