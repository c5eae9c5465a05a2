/* render/suggest_* — the suggestion report as text (suggest_text.c),
 * Markdown (suggest_markdown.c), JSON (suggest_json.c) and SARIF 2.1.0
 * (suggest_sarif.c), dispatched by suggest.c, which also holds the helpers
 * the human-readable formats share. They read the report's layout
 * (suggest/report.h) and never change it. */
#ifndef IMPGRAPH_RENDER_SUGGEST_H
#define IMPGRAPH_RENDER_SUGGEST_H

#include "suggest/report.h"
#include "util/util.h"

int ipg_render_suggest_text(ipg_buf *out, const impgraph_suggestions *s,
                            const impgraph_suggest_view *view);
int ipg_render_suggest_markdown(ipg_buf *out, const impgraph_suggestions *s,
                                const impgraph_suggest_view *view);
int ipg_render_suggest_json(ipg_buf *out, const impgraph_suggestions *s);
int ipg_render_suggest_sarif(ipg_buf *out, const impgraph_suggestions *s);

/* A duration for people: "12.3 ms", or "850 µs" below 1 ms (µs are
 * integers, so both are exact to the digit shown). Negative values get a
 * leading '-'. Writes at most IPG_DURATION_SIZE bytes including the NUL. */
enum { IPG_DURATION_SIZE = 32 };
void ipg_format_duration(char buf[IPG_DURATION_SIZE], int64_t us);
void ipg_put_duration(ipg_buf *out, int64_t us);

/* The sentence of a measured report whose start-up sets hold modules the
 * measured program never reached (impgraph_suggest_info.estimated_modules),
 * without a final period; "" when there are none. */
enum { IPG_ESTIMATED_NOTE_SIZE = 160 };
const char *ipg_format_estimated_note(char buf[IPG_ESTIMATED_NOTE_SIZE], size_t estimated);

/* "3.11", or NULL when the version is unknown (major 0). */
enum { IPG_PYVERSION_SIZE = 32 };
const char *ipg_format_python_version(char buf[IPG_PYVERSION_SIZE], int major, int minor);

/* The report in reading order: groups in the order of their first member
 * among the (ranked) suggestions, each with the suggestions that name it
 * (impgraph_suggestion.group), in rank order. A suggestion whose group index
 * is out of range is a block of its own (group NULL). Every suggestion is in
 * exactly one block; groups no suggestion names are left out. */
typedef struct ipg_suggest_block {
  const impgraph_suggestion_group *group; /* NULL: a lone suggestion */
  size_t group_index;                     /* SIZE_MAX when group is NULL */
  size_t member_count;                    /* at least 1 */
  const size_t *members;                  /* suggestion indices */
  int64_t savings_us;                     /* the group's, or the lone suggestion's */
} ipg_suggest_block;

typedef struct ipg_suggest_order {
  ipg_suggest_block *blocks;
  size_t count;
  size_t *member_storage; /* all members, block after block */
} ipg_suggest_order;

/* Returns IMPGRAPH_OK or IMPGRAPH_ENOMEM; release with
 * ipg_suggest_order_free (also after a failure). */
int ipg_suggest_order_build(ipg_suggest_order *order, const impgraph_suggestions *s);
void ipg_suggest_order_free(ipg_suggest_order *order);

static inline const impgraph_suggestion *ipg_suggestion_at(const impgraph_suggestions *s,
                                                           size_t index) {
  return (const impgraph_suggestion *)ipg_vec_at(&s->suggestions, index);
}

#endif
