/* impgraph_render_suggestions(): dispatch to the text, Markdown, JSON or
 * SARIF renderer, and the helpers the human-readable formats share. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "render/suggest_render.h"

void ipg_format_duration(char buf[IPG_DURATION_SIZE], int64_t us) {
  const char *sign = us < 0 ? "-" : "";
  /* |INT64_MIN| does not fit an int64_t; it does fit a uint64_t. */
  uint64_t magnitude = us < 0 ? (uint64_t)0 - (uint64_t)us : (uint64_t)us;
  if (magnitude < 1000)
    snprintf(buf, IPG_DURATION_SIZE, "%s%" PRIu64 " \xc2\xb5s", sign, magnitude);
  else
    snprintf(buf, IPG_DURATION_SIZE, "%s%.1f ms", sign, (double)magnitude / 1000.0);
}

void ipg_put_duration(ipg_buf *out, int64_t us) {
  char text[IPG_DURATION_SIZE];
  ipg_format_duration(text, us);
  ipg_buf_puts(out, text);
}

const char *ipg_format_estimated_note(char buf[IPG_ESTIMATED_NOTE_SIZE], size_t estimated) {
  buf[0] = '\0';
  if (estimated)
    snprintf(buf, IPG_ESTIMATED_NOTE_SIZE,
             "%zu start-up module%s of the entries %s not reached by the measured program: %s "
             "times are estimates from module sizes",
             estimated, estimated == 1 ? "" : "s", estimated == 1 ? "was" : "were",
             estimated == 1 ? "its" : "their");
  return buf;
}

const char *ipg_format_python_version(char buf[IPG_PYVERSION_SIZE], int major, int minor) {
  if (major <= 0)
    return NULL;
  snprintf(buf, IPG_PYVERSION_SIZE, "%d.%d", major, minor < 0 ? 0 : minor);
  return buf;
}

int ipg_suggest_order_build(ipg_suggest_order *order, const impgraph_suggestions *s) {
  size_t suggestion_count = s->suggestions.len, group_count = s->groups.len;
  order->count = 0;
  order->blocks = calloc(suggestion_count + 1, sizeof *order->blocks);
  order->member_storage = calloc(suggestion_count + 1, sizeof *order->member_storage);
  size_t *block_of_group = malloc((group_count + 1) * sizeof *block_of_group);
  size_t *block_of = malloc((suggestion_count + 1) * sizeof *block_of);
  if (!order->blocks || !order->member_storage || !block_of_group || !block_of) {
    free(block_of_group);
    free(block_of);
    return IMPGRAPH_ENOMEM;
  }
  for (size_t g = 0; g < group_count; g++)
    block_of_group[g] = SIZE_MAX;
  /* Blocks in the order of their first (ranked) suggestion. */
  for (size_t k = 0; k < suggestion_count; k++) {
    const impgraph_suggestion *sg = ipg_suggestion_at(s, k);
    size_t g = sg->group;
    if (g < group_count && block_of_group[g] != SIZE_MAX) {
      block_of[k] = block_of_group[g];
    } else {
      ipg_suggest_block *b = &order->blocks[order->count];
      if (g < group_count) {
        b->group = ipg_vec_at(&s->groups, g);
        b->group_index = g;
        b->savings_us = b->group->savings_us;
        block_of_group[g] = order->count;
      } else {
        b->group = NULL;
        b->group_index = SIZE_MAX;
        b->savings_us = sg->savings_us;
      }
      block_of[k] = order->count++;
    }
    order->blocks[block_of[k]].member_count++;
  }
  /* Members: each block's slice of member_storage, in rank order. */
  size_t offset = 0;
  for (size_t b = 0; b < order->count; b++) {
    order->blocks[b].members = order->member_storage + offset;
    offset += order->blocks[b].member_count;
    order->blocks[b].member_count = 0;
  }
  for (size_t k = 0; k < suggestion_count; k++) {
    ipg_suggest_block *b = &order->blocks[block_of[k]];
    order->member_storage[(size_t)(b->members - order->member_storage) + b->member_count++] = k;
  }
  free(block_of_group);
  free(block_of);
  return IMPGRAPH_OK;
}

void ipg_suggest_order_free(ipg_suggest_order *order) {
  free(order->blocks);
  free(order->member_storage);
  order->blocks = NULL;
  order->member_storage = NULL;
  order->count = 0;
}

int impgraph_render_suggestions(char **out, size_t *out_len, const impgraph_suggestions *s,
                                impgraph_format format, const impgraph_suggest_view *view,
                                impgraph_error *err) {
  if (out)
    *out = NULL;
  if (out_len)
    *out_len = 0;
  if (!out || !s)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_render_suggestions: NULL argument");
  impgraph_suggest_view defaults = IMPGRAPH_SUGGEST_VIEW_INIT;
  if (!view)
    view = &defaults;
  if (view->version != IMPGRAPH_SUGGEST_VIEW_VERSION)
    return ipg_fail(err, IMPGRAPH_EVERSION, "impgraph_render_suggestions: view version %u unknown",
                    view->version);
  ipg_buf buf;
  ipg_buf_init(&buf);
  int rc;
  switch (format) {
  case IMPGRAPH_FORMAT_TEXT: rc = ipg_render_suggest_text(&buf, s, view); break;
  case IMPGRAPH_FORMAT_MARKDOWN: rc = ipg_render_suggest_markdown(&buf, s, view); break;
  case IMPGRAPH_FORMAT_JSON: rc = ipg_render_suggest_json(&buf, s); break;
  case IMPGRAPH_FORMAT_SARIF: rc = ipg_render_suggest_sarif(&buf, s); break;
  default:
    return ipg_fail(err, IMPGRAPH_EFORMAT,
                    "impgraph_render_suggestions: format %d not supported for suggestions",
                    (int)format);
  }
  if (!rc && buf.failed)
    rc = IMPGRAPH_ENOMEM;
  if (rc) {
    ipg_buf_free(&buf);
    return ipg_fail(err, rc, "impgraph_render_suggestions: %s", impgraph_strerror(rc));
  }
  *out = ipg_buf_take(&buf, out_len);
  if (!*out)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "impgraph_render_suggestions: out of memory");
  ipg_ok(err);
  return IMPGRAPH_OK;
}
