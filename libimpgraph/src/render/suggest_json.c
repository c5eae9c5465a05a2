/* JSON rendering of the suggestions (schema "impgraph-suggestions", see
 * docs/formats/suggest.md). Key order is fixed and every array comes in the
 * report's order (suggestions ranked, groups by id, entries as the report
 * counts them, kept imports by file and line), so output is deterministic
 * and diffable. */
#include <jansson.h>
#include <string.h>

#include "render/json_util.h"
#include "render/suggest_render.h"

static json_t *size_json(size_t n) {
  return json_integer((json_int_t)n);
}

static json_t *us_json(int64_t us) {
  return json_integer((json_int_t)us);
}

static json_t *strings_json(ipg_json_ctx *ctx, const char *const *items, size_t count) {
  json_t *arr = json_array();
  for (size_t i = 0; items && i < count; i++)
    ipg_json_append(ctx, arr, ipg_json_str(items[i]));
  return arr;
}

/* "a,b" → ["a", "b"] (blanks around the names dropped); NULL → null. */
static json_t *names_json(ipg_json_ctx *ctx, const char *names) {
  if (!names)
    return json_null();
  json_t *arr = json_array();
  const char *p = names;
  while (*p) {
    size_t len = strcspn(p, ",");
    size_t from = 0, to = len;
    while (from < to && (p[from] == ' ' || p[from] == '\t'))
      from++;
    while (to > from && (p[to - 1] == ' ' || p[to - 1] == '\t'))
      to--;
    if (to > from) {
      ipg_buf name;
      ipg_buf_init(&name);
      ipg_buf_append(&name, p + from, to - from);
      ipg_json_append(ctx, arr, name.failed ? NULL : ipg_json_str(name.data));
      ipg_buf_free(&name);
    }
    p += len + (p[len] == ',');
  }
  return arr;
}

static json_t *version_json(int major, int minor) {
  char buf[IPG_PYVERSION_SIZE];
  const char *text = ipg_format_python_version(buf, major, minor);
  return text ? json_string(text) : json_null();
}

/* ---- pieces ---- */

static json_t *python_json(ipg_json_ctx *ctx, const impgraph_suggest_info *info) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "target", version_json(info->target_major, info->target_minor));
  ipg_json_set(ctx, o, "min", version_json(info->min_major, info->min_minor));
  ipg_json_set(ctx, o, "from", ipg_json_str(info->versions_from));
  ipg_json_set(ctx, o, "mechanism", ipg_json_str(info->mechanism));
  return o;
}

static json_t *entries_json(ipg_json_ctx *ctx, const impgraph_suggestions *s) {
  json_t *arr = json_array();
  for (size_t i = 0; i < s->entries.len; i++) {
    const impgraph_report_entry *e = ipg_vec_at(&s->entries, i);
    json_t *o = json_object();
    ipg_json_set(ctx, o, "label", ipg_json_str(e->label));
    ipg_json_set(ctx, o, "entry", size_json(e->entry));
    ipg_json_set(ctx, o, "subcommand", ipg_json_str(e->subcommand));
    ipg_json_set(ctx, o, "startup_us", us_json(e->startup_us));
    ipg_json_set(ctx, o, "predicted_startup_us", us_json(e->predicted_startup_us));
    ipg_json_set(ctx, o, "module_count", size_json(e->module_count));
    ipg_json_set(ctx, o, "predicted_module_count", size_json(e->predicted_module_count));
    ipg_json_append(ctx, arr, o);
  }
  return arr;
}

static json_t *functions_json(ipg_json_ctx *ctx, const impgraph_suggestion *sg) {
  json_t *arr = json_array();
  for (size_t i = 0; sg->functions && i < sg->function_count; i++) {
    json_t *o = json_object();
    ipg_json_set(ctx, o, "name", ipg_json_str(sg->functions[i]));
    ipg_json_set(ctx, o, "line", json_integer(sg->function_lines ? sg->function_lines[i] : 0));
    ipg_json_append(ctx, arr, o);
  }
  return arr;
}

static json_t *edits_json(ipg_json_ctx *ctx, const impgraph_suggestion *sg) {
  json_t *arr = json_array();
  for (size_t i = 0; sg->edits && i < sg->edit_count; i++) {
    const impgraph_text_edit *e = &sg->edits[i];
    json_t *o = json_object();
    ipg_json_set(ctx, o, "file", ipg_json_str(e->file));
    ipg_json_set(ctx, o, "start_line", json_integer(e->range.start_line));
    ipg_json_set(ctx, o, "start_column", json_integer(e->range.start_column));
    ipg_json_set(ctx, o, "end_line", json_integer(e->range.end_line));
    ipg_json_set(ctx, o, "end_column", json_integer(e->range.end_column));
    ipg_json_set(ctx, o, "start_byte", json_integer(e->range.start_byte));
    ipg_json_set(ctx, o, "end_byte", json_integer(e->range.end_byte));
    ipg_json_set(ctx, o, "new_text", ipg_json_str(e->new_text ? e->new_text : ""));
    ipg_json_append(ctx, arr, o);
  }
  return arr;
}

static json_t *suggestion_json(ipg_json_ctx *ctx, const impgraph_suggestion *sg, size_t id) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "id", size_json(id));
  ipg_json_set(ctx, o, "kind", json_string(impgraph_suggestion_kind_name(sg->kind)));
  ipg_json_set(ctx, o, "file", ipg_json_str(sg->file));
  ipg_json_set(ctx, o, "line", json_integer(sg->line));
  ipg_json_set(ctx, o, "column", json_integer(sg->column));
  ipg_json_set(ctx, o, "end_line", json_integer(sg->range.end_line));
  ipg_json_set(ctx, o, "end_column", json_integer(sg->range.end_column));
  ipg_json_set(ctx, o, "module", ipg_json_str(sg->module));
  ipg_json_set(ctx, o, "import", ipg_json_str(sg->import));
  ipg_json_set(ctx, o, "names", names_json(ctx, sg->names));
  ipg_json_set(ctx, o, "group", size_json(sg->group));
  ipg_json_set(ctx, o, "savings_us", us_json(sg->savings_us));
  ipg_json_set(ctx, o, "savings_alone_us", us_json(sg->savings_alone_us));
  ipg_json_set(ctx, o, "functions", functions_json(ctx, sg));
  ipg_json_set(ctx, o, "subcommands", strings_json(ctx, sg->subcommands, sg->subcommand_count));
  ipg_json_set(ctx, o, "risk", json_string(sg->risk == IMPGRAPH_RISK_REVIEW ? "review" : "safe"));
  ipg_json_set(ctx, o, "risk_reason", ipg_json_str(sg->risk_reason));
  ipg_json_set(ctx, o, "reason", ipg_json_str(sg->reason));
  ipg_json_set(ctx, o, "action", ipg_json_str(sg->action));
  ipg_json_set(ctx, o, "edit", ipg_json_str(sg->edit));
  ipg_json_set(ctx, o, "edits", edits_json(ctx, sg));
  ipg_json_set(ctx, o, "dropped", strings_json(ctx, sg->dropped, sg->dropped_count));
  return o;
}

static json_t *suggestions_json(ipg_json_ctx *ctx, const impgraph_suggestions *s) {
  json_t *arr = json_array();
  for (size_t i = 0; i < s->suggestions.len; i++)
    ipg_json_append(ctx, arr, suggestion_json(ctx, ipg_suggestion_at(s, i), i));
  return arr;
}

static json_t *groups_json(ipg_json_ctx *ctx, const impgraph_suggestions *s) {
  json_t *arr = json_array();
  for (size_t g = 0; g < s->groups.len; g++) {
    const impgraph_suggestion_group *group = ipg_vec_at(&s->groups, g);
    json_t *o = json_object();
    ipg_json_set(ctx, o, "id", size_json(g));
    json_t *members = json_array();
    for (size_t m = 0; group->members && m < group->member_count; m++)
      ipg_json_append(ctx, members, size_json(group->members[m]));
    ipg_json_set(ctx, o, "members", members);
    ipg_json_set(ctx, o, "savings_us", us_json(group->savings_us));
    json_t *per_entry = json_object();
    for (size_t e = 0; group->entry_savings_us && e < s->entries.len; e++) {
      const impgraph_report_entry *entry = ipg_vec_at(&s->entries, e);
      json_t *label = ipg_json_str(entry->label ? entry->label : "?");
      if (!label || !json_is_string(label)) {
        json_decref(label);
        ctx->failed = true;
        continue;
      }
      ipg_json_set(ctx, per_entry, json_string_value(label), us_json(group->entry_savings_us[e]));
      json_decref(label);
    }
    ipg_json_set(ctx, o, "entry_savings_us", per_entry);
    ipg_json_append(ctx, arr, o);
  }
  return arr;
}

static json_t *kept_json(ipg_json_ctx *ctx, const impgraph_suggestions *s) {
  json_t *arr = json_array();
  for (size_t i = 0; i < s->kept.len; i++) {
    const impgraph_kept_import *k = ipg_vec_at(&s->kept, i);
    json_t *o = json_object();
    ipg_json_set(ctx, o, "file", ipg_json_str(k->file));
    ipg_json_set(ctx, o, "line", json_integer(k->line));
    ipg_json_set(ctx, o, "module", ipg_json_str(k->module));
    ipg_json_set(ctx, o, "import", ipg_json_str(k->import));
    ipg_json_set(ctx, o, "reason", ipg_json_str(k->reason));
    ipg_json_set(ctx, o, "use_line", json_integer(k->use_line));
    ipg_json_append(ctx, arr, o);
  }
  return arr;
}

static json_t *diagnostics_json(ipg_json_ctx *ctx, const impgraph_suggestions *s) {
  json_t *arr = json_array();
  for (size_t i = 0; i < s->diagnostics.len; i++)
    ipg_json_append(ctx, arr, ipg_json_diagnostic(ctx, ipg_vec_at(&s->diagnostics, i), true));
  return arr;
}

static json_t *counts_json(ipg_json_ctx *ctx, const impgraph_suggestions *s) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "considered", size_json(s->info.considered));
  ipg_json_set(ctx, o, "suggestions", size_json(s->suggestions.len));
  ipg_json_set(ctx, o, "groups", size_json(s->groups.len));
  ipg_json_set(ctx, o, "filtered", size_json(s->info.filtered));
  ipg_json_set(ctx, o, "kept", size_json(s->kept.len));
  ipg_json_set(ctx, o, "diagnostics", size_json(s->diagnostics.len));
  return o;
}

int ipg_render_suggest_json(ipg_buf *out, const impgraph_suggestions *s) {
  ipg_json_ctx ctx = {false};
  const impgraph_suggest_info *info = &s->info;
  json_t *root = json_object();
  ipg_json_set(&ctx, root, "schema", json_string("impgraph-suggestions"));
  ipg_json_set(&ctx, root, "schema_version", json_integer(IMPGRAPH_SUGGEST_SCHEMA_VERSION));
  ipg_json_set(&ctx, root, "impgraph_version", json_string(impgraph_version()));
  ipg_json_set(&ctx, root, "measured", json_boolean(info->measured));
  ipg_json_set(&ctx, root, "profile_command", ipg_json_str(info->profile_command));
  ipg_json_set(&ctx, root, "estimated_modules", size_json(info->estimated_modules));
  ipg_json_set(&ctx, root, "python", python_json(&ctx, info));
  ipg_json_set(&ctx, root, "startup_us", us_json(info->startup_us));
  ipg_json_set(&ctx, root, "predicted_startup_us", us_json(info->predicted_startup_us));
  ipg_json_set(&ctx, root, "entries", entries_json(&ctx, s));
  ipg_json_set(&ctx, root, "suggestions", suggestions_json(&ctx, s));
  ipg_json_set(&ctx, root, "groups", groups_json(&ctx, s));
  ipg_json_set(&ctx, root, "kept", kept_json(&ctx, s));
  ipg_json_set(&ctx, root, "diagnostics", diagnostics_json(&ctx, s));
  ipg_json_set(&ctx, root, "counts", counts_json(&ctx, s));
  if (!root)
    ctx.failed = true;
  return ipg_json_dump(out, &ctx, root, 0);
}
