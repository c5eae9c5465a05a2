/* The report's lifetime and public accessors (report.h). */
#include <stdlib.h>
#include <string.h>

#include "suggest/report.h"

void ipg_suggestions_init(impgraph_suggestions *s) {
  memset(s, 0, sizeof *s);
  ipg_arena_init(&s->arena);
  ipg_vec_init(&s->suggestions, sizeof(impgraph_suggestion));
  ipg_vec_init(&s->groups, sizeof(impgraph_suggestion_group));
  ipg_vec_init(&s->entries, sizeof(impgraph_report_entry));
  ipg_vec_init(&s->kept, sizeof(impgraph_kept_import));
  ipg_vec_init(&s->diagnostics, sizeof(impgraph_diagnostic));
}

void ipg_suggestions_release(impgraph_suggestions *s) {
  ipg_vec_free(&s->suggestions);
  ipg_vec_free(&s->groups);
  ipg_vec_free(&s->entries);
  ipg_vec_free(&s->kept);
  ipg_vec_free(&s->diagnostics);
  ipg_arena_free(&s->arena);
}

const char *impgraph_suggestion_kind_name(impgraph_suggestion_kind kind) {
  switch (kind) {
  case IMPGRAPH_SUGGEST_MOVE_INTO_FUNCTION: return "move-into-function";
  case IMPGRAPH_SUGGEST_TYPE_CHECKING: return "type-checking";
  case IMPGRAPH_SUGGEST_LAZY_GETATTR: return "lazy-getattr";
  case IMPGRAPH_SUGGEST_LAZY_IMPORT: return "lazy-import";
  case IMPGRAPH_SUGGEST_SPLIT_SUBCOMMANDS: return "split-subcommands";
  case IMPGRAPH_SUGGEST_REMOVE_UNUSED: return "remove-unused";
  }
  return "?";
}

int impgraph_suggest_options_init(impgraph_suggest_options *opts, uint32_t version) {
  if (!opts)
    return IMPGRAPH_EINVAL;
  if (version != IMPGRAPH_SUGGEST_OPTIONS_VERSION)
    return IMPGRAPH_EVERSION;
  impgraph_suggest_options defaults = IMPGRAPH_SUGGEST_OPTIONS_INIT;
  *opts = defaults;
  return IMPGRAPH_OK;
}

int impgraph_suggest_view_init(impgraph_suggest_view *view, uint32_t version) {
  if (!view)
    return IMPGRAPH_EINVAL;
  if (version != IMPGRAPH_SUGGEST_VIEW_VERSION)
    return IMPGRAPH_EVERSION;
  impgraph_suggest_view defaults = IMPGRAPH_SUGGEST_VIEW_INIT;
  *view = defaults;
  return IMPGRAPH_OK;
}

void impgraph_suggestions_free(impgraph_suggestions *s) {
  if (!s)
    return;
  ipg_suggestions_release(s);
  free(s);
}

const impgraph_suggest_info *impgraph_suggestions_info(const impgraph_suggestions *s) {
  return s ? &s->info : NULL;
}

#define ACCESSORS(what, field, type)                                                             \
  size_t impgraph_suggestions_##what##_count(const impgraph_suggestions *s) {                    \
    return s ? s->field.len : 0;                                                                 \
  }                                                                                              \
  const type *impgraph_suggestions_##what(const impgraph_suggestions *s, size_t index) {        \
    return s && index < s->field.len ? (const type *)ipg_vec_at(&s->field, index) : NULL;       \
  }

ACCESSORS(group, groups, impgraph_suggestion_group)
ACCESSORS(entry, entries, impgraph_report_entry)
ACCESSORS(kept, kept, impgraph_kept_import)

size_t impgraph_suggestions_count(const impgraph_suggestions *s) {
  return s ? s->suggestions.len : 0;
}

const impgraph_suggestion *impgraph_suggestions_get(const impgraph_suggestions *s, size_t index) {
  return s && index < s->suggestions.len
             ? (const impgraph_suggestion *)ipg_vec_at(&s->suggestions, index)
             : NULL;
}
