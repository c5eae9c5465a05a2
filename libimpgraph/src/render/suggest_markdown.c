/* Markdown view of the suggestions, for pull requests (GitHub-flavoured):
 * a title, whether the times are measured or estimated, a table of the
 * entries (now | after | saved), a table of the suggestions in the order of
 * the text view, the generated code of each suggestion in a <details> block,
 * the kept imports (verbose) and the diagnostics in <details> blocks, and a
 * line of counts.
 *
 * Escaping: prose from the report (actions, reasons) may quote code between
 * backticks; a backtick run closed by a run of the same length stays a code
 * span, a lone backtick is escaped, and the characters that would format
 * prose (\ * _ [ ] < > | ~ &) are backslash-escaped outside code spans.
 * Literal values (files, modules, commands) are code spans whose fence is
 * longer than any backtick run they hold. In table cells, '|' is escaped
 * everywhere (GFM splits cells before it parses code spans, and honours
 * "\|" inside them) and newlines become spaces. Text inside HTML
 * (<summary>) is HTML-escaped. */
#include <string.h>

#include "render/render.h"
#include "render/suggest_render.h"

/* ---- escaping --------------------------------------------------------------- */

static size_t longest_backtick_run(const char *s) {
  size_t longest = 0;
  while (*s) {
    size_t run = strspn(s, "`");
    longest = run > longest ? run : longest;
    s += run ? run : 1;
  }
  return longest;
}

/* The first backtick run of exactly `run` backticks in `s`, or NULL. */
static const char *closing_run(const char *s, size_t run) {
  while (*s) {
    size_t here = strspn(s, "`");
    if (here == run)
      return s;
    s += here ? here : 1;
  }
  return NULL;
}

/* Code text inside a span: a '|' must be "\|" in a table cell; a newline
   would end the cell (or the paragraph). */
static void put_code_chars(ipg_buf *out, const char *s, size_t len, bool cell) {
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '|' && cell)
      ipg_buf_puts(out, "\\|");
    else if (s[i] == '\n' || s[i] == '\r')
      ipg_buf_putc(out, ' ');
    else
      ipg_buf_putc(out, s[i]);
  }
}

static void put_prose(ipg_buf *out, const char *s, bool cell) {
  const char *p = s ? s : "";
  while (*p) {
    if (*p == '`') {
      size_t run = strspn(p, "`");
      const char *close = closing_run(p + run, run);
      if (close) {
        put_code_chars(out, p, (size_t)(close + run - p), cell);
        p = close + run;
      } else {
        for (size_t i = 0; i < run; i++)
          ipg_buf_puts(out, "\\`");
        p += run;
      }
      continue;
    }
    if (*p == '\n' || *p == '\r') {
      ipg_buf_putc(out, ' ');
    } else {
      if (strchr("\\*_[]<>|~&", *p))
        ipg_buf_putc(out, '\\');
      ipg_buf_putc(out, *p);
    }
    p++;
  }
}

/* A literal value as a code span. */
static void put_code(ipg_buf *out, const char *s, bool cell) {
  if (!s || !*s)
    return;
  size_t fence = longest_backtick_run(s) + 1;
  size_t len = strlen(s);
  /* CommonMark strips one space from each end of a span that has both:
     padding both ends keeps a value that starts or ends with a backtick or
     a space intact. */
  bool padded = s[0] == '`' || s[len - 1] == '`' || s[0] == ' ' || s[len - 1] == ' ';
  for (size_t i = 0; i < fence; i++)
    ipg_buf_putc(out, '`');
  if (padded)
    ipg_buf_putc(out, ' ');
  put_code_chars(out, s, len, cell);
  if (padded)
    ipg_buf_putc(out, ' ');
  for (size_t i = 0; i < fence; i++)
    ipg_buf_putc(out, '`');
}

static void put_html(ipg_buf *out, const char *s) {
  for (const char *p = s ? s : ""; *p; p++) {
    switch (*p) {
    case '&': ipg_buf_puts(out, "&amp;"); break;
    case '<': ipg_buf_puts(out, "&lt;"); break;
    case '>': ipg_buf_puts(out, "&gt;"); break;
    case '"': ipg_buf_puts(out, "&quot;"); break;
    case '\n': ipg_buf_putc(out, ' '); break;
    default: ipg_buf_putc(out, *p);
    }
  }
}

/* "file:line" as one code span. */
static void put_site(ipg_buf *out, const char *file, uint32_t line, bool cell) {
  ipg_buf site;
  ipg_buf_init(&site);
  ipg_buf_printf(&site, "%s:%u", file ? file : "?", line);
  put_code(out, site.data, cell);
  if (site.failed)
    out->failed = true;
  ipg_buf_free(&site);
}

/* ---- sections ---------------------------------------------------------------- */

static void put_intro(ipg_buf *out, const impgraph_suggestions *s) {
  const impgraph_suggest_info *info = &s->info;
  ipg_buf_puts(out, "## impgraph: start-up import suggestions\n\n");
  if (info->measured) {
    ipg_buf_puts(out, "Times are **measured**");
    if (info->profile_command) {
      ipg_buf_puts(out, ": ");
      put_code(out, info->profile_command, false);
    }
    ipg_buf_puts(out, ".");
    char note[IPG_ESTIMATED_NOTE_SIZE];
    if (*ipg_format_estimated_note(note, info->estimated_modules))
      ipg_buf_printf(out, " %s.", note);
    ipg_buf_puts(out, "\n\n");
  } else {
    ipg_buf_puts(out,
                 "> **Estimates**: times are estimated from module sizes \xe2\x80\x94 run with a "
                 "profile for measured times.\n\n");
  }
  ipg_buf_puts(out, "- Start-up of all entries: **");
  ipg_put_duration(out, info->startup_us);
  ipg_buf_puts(out, " \xe2\x86\x92 ");
  ipg_put_duration(out, info->predicted_startup_us);
  ipg_buf_puts(out, "** with every suggestion applied\n");
  char target[IPG_PYVERSION_SIZE], min[IPG_PYVERSION_SIZE];
  const char *target_text =
      ipg_format_python_version(target, info->target_major, info->target_minor);
  const char *min_text = ipg_format_python_version(min, info->min_major, info->min_minor);
  if (target_text || min_text) {
    ipg_buf_puts(out, "- Python: ");
    if (target_text && min_text && strcmp(target_text, min_text) != 0)
      ipg_buf_printf(out, "target %s, oldest supported %s", target_text, min_text);
    else
      ipg_buf_puts(out, target_text ? target_text : min_text);
    if (info->versions_from) {
      ipg_buf_puts(out, " (from ");
      put_prose(out, info->versions_from, false);
      ipg_buf_putc(out, ')');
    }
    ipg_buf_putc(out, '\n');
  }
  if (info->mechanism) {
    ipg_buf_puts(out, "- Mechanism: ");
    put_prose(out, info->mechanism, false);
    ipg_buf_putc(out, '\n');
  }
}

static void put_entries(ipg_buf *out, const impgraph_suggestions *s) {
  if (!s->entries.len)
    return;
  ipg_buf_puts(out, "\n| entry | now | after | saved |\n|---|---:|---:|---:|\n");
  for (size_t i = 0; i < s->entries.len; i++) {
    const impgraph_report_entry *e = ipg_vec_at(&s->entries, i);
    ipg_buf_puts(out, "| ");
    put_code(out, e->label ? e->label : "?", true);
    ipg_buf_puts(out, " | ");
    ipg_put_duration(out, e->startup_us);
    ipg_buf_printf(out, " (%zu modules) | ", e->module_count);
    ipg_put_duration(out, e->predicted_startup_us);
    ipg_buf_printf(out, " (%zu modules) | **", e->predicted_module_count);
    ipg_put_duration(out, e->startup_us - e->predicted_startup_us);
    ipg_buf_puts(out, "** |\n");
  }
}

static void put_import_cell(ipg_buf *out, const impgraph_suggestion *sg) {
  put_code(out, sg->import ? sg->import : "?", true);
  if (!sg->names || !*sg->names)
    return;
  ipg_buf names;
  ipg_buf_init(&names);
  for (const char *c = sg->names; *c; c++) {
    if (*c == ',')
      ipg_buf_puts(&names, ", ");
    else
      ipg_buf_putc(&names, *c);
  }
  ipg_buf_puts(out, " (");
  put_code(out, names.data, true);
  ipg_buf_putc(out, ')');
  if (names.failed)
    out->failed = true;
  ipg_buf_free(&names);
}

static void put_row(ipg_buf *out, const impgraph_suggestion *sg, size_t number,
                    const ipg_suggest_block *block, bool first) {
  ipg_buf_printf(out, "| %zu | ", number);
  if (first) {
    ipg_buf_puts(out, "**");
    ipg_put_duration(out, block->savings_us);
    ipg_buf_puts(out, "**");
    if (block->member_count > 1)
      ipg_buf_printf(out, " (%zu changes together)", block->member_count);
  }
  if (sg->savings_alone_us < block->savings_us) {
    ipg_buf_puts(out, first ? "; alone " : "alone ");
    ipg_put_duration(out, sg->savings_alone_us);
  }
  ipg_buf_puts(out, " | ");
  put_site(out, sg->file, sg->line, true);
  ipg_buf_puts(out, " | ");
  put_prose(out, impgraph_suggestion_kind_name(sg->kind), true);
  ipg_buf_puts(out, " | ");
  put_import_cell(out, sg);
  ipg_buf_puts(out, " | ");
  put_prose(out, sg->action, true);
  ipg_buf_puts(out, " | ");
  if (sg->risk == IMPGRAPH_RISK_REVIEW) {
    ipg_buf_puts(out, "**review**");
    if (sg->risk_reason) {
      ipg_buf_puts(out, ": ");
      put_prose(out, sg->risk_reason, true);
    }
  } else {
    ipg_buf_puts(out, "safe");
  }
  ipg_buf_puts(out, " |\n");
}

static void put_edit(ipg_buf *out, const impgraph_suggestion *sg, size_t number) {
  ipg_buf_printf(out, "\n<details>\n<summary>#%zu ", number);
  ipg_buf summary;
  ipg_buf_init(&summary);
  ipg_buf_printf(&summary, "%s:%u \xe2\x80\x94 %s: %s", sg->file ? sg->file : "?", sg->line,
                 impgraph_suggestion_kind_name(sg->kind), sg->import ? sg->import : "?");
  put_html(out, summary.data);
  if (summary.failed)
    out->failed = true;
  ipg_buf_free(&summary);
  ipg_buf_puts(out, "</summary>\n\n");
  size_t fence = longest_backtick_run(sg->edit) + 1;
  fence = fence < 3 ? 3 : fence;
  for (size_t i = 0; i < fence; i++)
    ipg_buf_putc(out, '`');
  ipg_buf_puts(out, "python\n");
  size_t len = strlen(sg->edit);
  ipg_buf_append(out, sg->edit, len);
  if (len && sg->edit[len - 1] != '\n')
    ipg_buf_putc(out, '\n');
  for (size_t i = 0; i < fence; i++)
    ipg_buf_putc(out, '`');
  ipg_buf_puts(out, "\n\n</details>\n");
}

static int put_suggestions(ipg_buf *out, const impgraph_suggestions *s) {
  if (!s->suggestions.len) {
    ipg_buf_puts(out, "\nNo import to defer.\n");
    return IMPGRAPH_OK;
  }
  ipg_suggest_order order;
  int rc = ipg_suggest_order_build(&order, s);
  if (rc) {
    ipg_suggest_order_free(&order);
    return rc;
  }
  ipg_buf_puts(out, "\n### Suggestions, best first\n\n"
                    "| # | saving | file:line | rule | import | what to do | risk |\n"
                    "|---:|---:|---|---|---|---|---|\n");
  size_t number = 0;
  bool any_edit = false;
  for (size_t b = 0; b < order.count; b++) {
    const ipg_suggest_block *block = &order.blocks[b];
    number++;
    for (size_t m = 0; m < block->member_count; m++) {
      const impgraph_suggestion *sg = ipg_suggestion_at(s, block->members[m]);
      put_row(out, sg, number, block, m == 0);
      any_edit = any_edit || (sg->edit && *sg->edit);
    }
  }
  if (any_edit) {
    ipg_buf_puts(out, "\n### Generated code\n");
    number = 0;
    for (size_t b = 0; b < order.count; b++) {
      const ipg_suggest_block *block = &order.blocks[b];
      number++;
      for (size_t m = 0; m < block->member_count; m++) {
        const impgraph_suggestion *sg = ipg_suggestion_at(s, block->members[m]);
        if (sg->edit && *sg->edit)
          put_edit(out, sg, number);
      }
    }
  }
  ipg_suggest_order_free(&order);
  return IMPGRAPH_OK;
}

static void put_kept(ipg_buf *out, const impgraph_suggestions *s) {
  ipg_buf_printf(out, "\n<details>\n<summary>Kept imports (%zu)</summary>\n\n", s->kept.len);
  ipg_buf_puts(out, "| file:line | import | why it stays |\n|---|---|---|\n");
  for (size_t i = 0; i < s->kept.len; i++) {
    const impgraph_kept_import *k = ipg_vec_at(&s->kept, i);
    ipg_buf_puts(out, "| ");
    put_site(out, k->file, k->line, true);
    ipg_buf_puts(out, " | ");
    put_code(out, k->import ? k->import : "?", true);
    ipg_buf_puts(out, " | ");
    put_prose(out, k->reason, true);
    ipg_buf_puts(out, " |\n");
  }
  ipg_buf_puts(out, "\n</details>\n");
}

static void put_diagnostics(ipg_buf *out, const impgraph_suggestions *s) {
  ipg_buf_printf(out, "\n<details>\n<summary>Diagnostics (%zu)</summary>\n\n", s->diagnostics.len);
  for (size_t i = 0; i < s->diagnostics.len; i++) {
    const impgraph_diagnostic *d = ipg_vec_at(&s->diagnostics, i);
    ipg_buf_puts(out, "- ");
    if (d->path) {
      ipg_buf where;
      ipg_buf_init(&where);
      if (d->line)
        ipg_buf_printf(&where, "%s:%u:%u", d->path, d->line, d->column);
      else
        ipg_buf_puts(&where, d->path);
      put_code(out, where.data, false);
      if (where.failed)
        out->failed = true;
      ipg_buf_free(&where);
      ipg_buf_puts(out, " ");
    }
    ipg_buf_printf(out, "%s: ", ipg_severity_name(d->severity));
    put_prose(out, d->message, false);
    ipg_buf_puts(out, " [");
    put_prose(out, d->code ? d->code : "?", false);
    ipg_buf_puts(out, "]\n");
  }
  ipg_buf_puts(out, "\n</details>\n");
}

static void put_counts(ipg_buf *out, const impgraph_suggestions *s) {
  const impgraph_suggest_info *info = &s->info;
  ipg_buf_printf(out, "\n%zu import site%s considered \xc2\xb7 %zu suggestion%s in %zu group%s",
                 info->considered, info->considered == 1 ? "" : "s", s->suggestions.len,
                 s->suggestions.len == 1 ? "" : "s", s->groups.len, s->groups.len == 1 ? "" : "s");
  if (info->filtered)
    ipg_buf_printf(out, " \xc2\xb7 %zu filtered out (minimum saving, top)", info->filtered);
  ipg_buf_printf(out, " \xc2\xb7 %zu kept", s->kept.len);
  if (s->diagnostics.len)
    ipg_buf_printf(out, " \xc2\xb7 %zu diagnostic%s", s->diagnostics.len,
                   s->diagnostics.len == 1 ? "" : "s");
  ipg_buf_putc(out, '\n');
}

int ipg_render_suggest_markdown(ipg_buf *out, const impgraph_suggestions *s,
                                const impgraph_suggest_view *view) {
  put_intro(out, s);
  put_entries(out, s);
  int rc = put_suggestions(out, s);
  if (rc)
    return rc;
  if ((view->flags & IMPGRAPH_SUGGEST_VIEW_VERBOSE) && s->kept.len)
    put_kept(out, s);
  if (s->diagnostics.len)
    put_diagnostics(out, s);
  put_counts(out, s);
  return out->failed ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
}
