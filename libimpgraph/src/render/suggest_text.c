/* Text view of the suggestions, for a terminal: whether the times are
 * measured or estimated, the Python versions the changes must work on, the
 * start-up of each entry now and with every suggestion applied, then the
 * groups of changes (best first) with what to do, why, the risk and the
 * generated code, optionally the imports kept, then the counts and the
 * diagnostics. Fits `view->width` columns: names are shortened with "...",
 * prose is wrapped, code is never touched. ANSI colours only with
 * IMPGRAPH_SUGGEST_VIEW_COLOR. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "render/suggest_render.h"

enum {
  MIN_NAME_COLUMNS = 16,
  DROPPED_SHOWN_MAX = 5 /* modules named before "and N more" */
};

#define BOLD "\033[1m"
#define YELLOW "\033[33m"
#define RESET "\033[0m"

typedef struct text_ctx {
  ipg_buf *out;
  const impgraph_suggestions *s;
  bool color;
  bool verbose;
  size_t width; /* 0: unlimited */
} text_ctx;

/* ---- small helpers -------------------------------------------------------- */

static void style(text_ctx *t, const char *code) {
  if (t->color)
    ipg_buf_puts(t->out, code);
}

static void unstyle(text_ctx *t) {
  if (t->color)
    ipg_buf_puts(t->out, RESET);
}

/* Columns `n` bytes of UTF-8 take: one per code point (everything this view
   prints, "µ" and "→" included, is one column wide). */
static size_t columns_n(const char *s, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    count += ((unsigned char)s[i] & 0xC0) != 0x80;
  return count;
}

static size_t columns(const char *s) {
  return columns_n(s, strlen(s));
}

static void pad(ipg_buf *out, size_t n) {
  for (size_t i = 0; i < n; i++)
    ipg_buf_putc(out, ' ');
}

/* Appends `s` in at most `budget` columns (0 = unlimited), keeping its end
   after "..." when too long: paths and dotted names say the most at the
   end. Never splits a UTF-8 sequence. Returns the columns written. */
static size_t put_fit_tail(ipg_buf *out, const char *s, size_t budget) {
  size_t width = columns(s);
  if (budget == 0 || width <= budget) {
    ipg_buf_puts(out, s);
    return width;
  }
  if (budget <= 3) {
    ipg_buf_append(out, "...", budget);
    return budget;
  }
  size_t skip = width - (budget - 3); /* code points to drop from the front */
  const char *tail = s;
  while (*tail && skip) {
    tail++;
    while (((unsigned char)*tail & 0xC0) == 0x80)
      tail++;
    skip--;
  }
  ipg_buf_puts(out, "...");
  ipg_buf_puts(out, tail);
  return budget;
}

/* The same, keeping the start: for command lines and lists. */
static size_t put_fit_head(ipg_buf *out, const char *s, size_t budget) {
  size_t width = columns(s);
  if (budget == 0 || width <= budget) {
    ipg_buf_puts(out, s);
    return width;
  }
  if (budget <= 3) {
    ipg_buf_append(out, "...", budget);
    return budget;
  }
  size_t keep = budget - 3, bytes = 0;
  while (s[bytes] && keep) {
    bytes++;
    while (((unsigned char)s[bytes] & 0xC0) == 0x80)
      bytes++;
    keep--;
  }
  ipg_buf_append(out, s, bytes);
  ipg_buf_puts(out, "...");
  return budget;
}

/* Columns left on a line after `used`, at least MIN_NAME_COLUMNS; 0 means
   unlimited. */
static size_t budget_after(const text_ctx *t, size_t used) {
  if (!t->width)
    return 0;
  size_t left = t->width > used ? t->width - used : 0;
  return left < MIN_NAME_COLUMNS ? MIN_NAME_COLUMNS : left;
}

/* Appends the words of `text` from column `col`, wrapping at the width with
   continuation lines indented by `indent` columns, then a newline. A word
   longer than a line is not cut. `code` styles the words (may be NULL). */
static void put_words(text_ctx *t, const char *text, size_t col, size_t indent, const char *code) {
  bool first = true;
  const char *p = text ? text : "";
  if (code)
    style(t, code);
  while (*p) {
    while (*p == ' ' || *p == '\n' || *p == '\t')
      p++;
    size_t len = strcspn(p, " \n\t");
    if (!len)
      break;
    size_t word = columns_n(p, len);
    if (!first && t->width && col + 1 + word > t->width) {
      if (code)
        unstyle(t);
      ipg_buf_putc(t->out, '\n');
      pad(t->out, indent);
      if (code)
        style(t, code);
      col = indent;
    } else if (!first) {
      ipg_buf_putc(t->out, ' ');
      col++;
    }
    ipg_buf_append(t->out, p, len);
    col += word;
    first = false;
    p += len;
  }
  if (code)
    unstyle(t);
  ipg_buf_putc(t->out, '\n');
}

/* "    label: text", wrapped under the text. */
static void put_field(text_ctx *t, const char *label, const char *text, const char *code) {
  ipg_buf_printf(t->out, "    %s: ", label);
  size_t col = 4 + columns(label) + 2;
  put_words(t, text, col, col, code);
}

static void put_diagnostic(ipg_buf *out, const impgraph_diagnostic *d) {
  ipg_buf_puts(out, "  ");
  if (d->path && d->line)
    ipg_buf_printf(out, "%s:%u:%u: ", d->path, d->line, d->column);
  else if (d->path)
    ipg_buf_printf(out, "%s: ", d->path);
  ipg_buf_printf(out, "%s: %s [%s]\n", ipg_severity_name(d->severity), d->message ? d->message : "",
                 d->code ? d->code : "?");
}

/* ---- header ----------------------------------------------------------------- */

static void put_header(text_ctx *t) {
  const impgraph_suggest_info *info = &t->s->info;
  ipg_buf *out = t->out;
  if (info->measured) {
    ipg_buf_puts(out, "impgraph suggest: measured");
    if (info->profile_command) {
      ipg_buf_puts(out, ": ");
      put_fit_head(out, info->profile_command, budget_after(t, 28));
    }
    ipg_buf_putc(out, '\n');
    char note[IPG_ESTIMATED_NOTE_SIZE];
    if (*ipg_format_estimated_note(note, info->estimated_modules)) {
      ipg_buf_puts(out, "  ");
      put_words(t, note, 2, 2, NULL);
    }
  } else {
    ipg_buf_puts(out, "impgraph suggest: ");
    style(t, BOLD YELLOW);
    ipg_buf_puts(out, "ESTIMATES");
    unstyle(t);
    ipg_buf_putc(out, ' ');
    put_words(t,
              "\xe2\x80\x94 times estimated from module sizes \xe2\x80\x94 run with a profile for "
              "measured times",
              28, 2, NULL);
  }

  char target[IPG_PYVERSION_SIZE], min[IPG_PYVERSION_SIZE];
  const char *target_text =
      ipg_format_python_version(target, info->target_major, info->target_minor);
  const char *min_text = ipg_format_python_version(min, info->min_major, info->min_minor);
  if (target_text || min_text) {
    ipg_buf line;
    ipg_buf_init(&line);
    if (target_text && min_text && strcmp(target_text, min_text) != 0)
      ipg_buf_printf(&line, "target %s, oldest supported %s", target_text, min_text);
    else
      ipg_buf_printf(&line, "%s", target_text ? target_text : min_text);
    if (info->versions_from)
      ipg_buf_printf(&line, " (from %s)", info->versions_from);
    ipg_buf_puts(out, "Python: ");
    put_words(t, line.data, 8, 2, NULL);
    if (line.failed)
      out->failed = true;
    ipg_buf_free(&line);
  }
  if (info->mechanism) {
    ipg_buf_puts(out, "mechanism: ");
    put_words(t, info->mechanism, 11, 2, NULL);
  }
}

/* ---- start-up per entry ----------------------------------------------------- */

typedef struct entry_row {
  const char *label;
  int64_t now_us, after_us;
  size_t now_modules, after_modules;
  bool modules_known;
} entry_row;

static void put_entry_row(text_ctx *t, const entry_row *row, size_t label_width, size_t now_width,
                          size_t after_width) {
  ipg_buf *out = t->out;
  char now[IPG_DURATION_SIZE], after[IPG_DURATION_SIZE];
  ipg_format_duration(now, row->now_us);
  ipg_format_duration(after, row->after_us);
  ipg_buf_puts(out, "  ");
  size_t used = put_fit_tail(out, row->label, label_width);
  pad(out, label_width > used ? label_width - used : 0);
  ipg_buf_puts(out, "  ");
  pad(out, now_width - columns(now));
  ipg_buf_printf(out, "%s \xe2\x86\x92 ", now);
  pad(out, after_width - columns(after));
  ipg_buf_printf(out, "%s  (", after);
  int64_t delta = row->after_us - row->now_us;
  if (delta) {
    style(t, BOLD);
    if (delta > 0)
      ipg_buf_putc(out, '+');
    ipg_put_duration(out, delta);
    unstyle(t);
  } else {
    ipg_buf_puts(out, "no change");
  }
  if (row->modules_known) {
    if (row->now_modules != row->after_modules)
      ipg_buf_printf(out, ", %zu \xe2\x86\x92 %zu modules", row->now_modules, row->after_modules);
    else
      ipg_buf_printf(out, ", %zu module%s", row->now_modules, row->now_modules == 1 ? "" : "s");
  }
  ipg_buf_puts(out, ")\n");
}

static int put_entries(text_ctx *t) {
  const impgraph_suggestions *s = t->s;
  size_t count = s->entries.len;
  bool total = count != 1 && (s->info.startup_us || s->info.predicted_startup_us || !count);
  if (!count && !s->info.startup_us && !s->info.predicted_startup_us)
    return IMPGRAPH_OK;
  entry_row *rows = calloc(count + 1, sizeof *rows);
  if (!rows)
    return IMPGRAPH_ENOMEM;
  size_t row_count = 0;
  for (size_t i = 0; i < count; i++) {
    const impgraph_report_entry *e = ipg_vec_at(&s->entries, i);
    rows[row_count++] = (entry_row){e->label ? e->label : "?", e->startup_us,
                                    e->predicted_startup_us,   e->module_count,
                                    e->predicted_module_count, true};
  }
  if (total)
    rows[row_count++] =
        (entry_row){"all entries", s->info.startup_us, s->info.predicted_startup_us, 0, 0, false};
  size_t label_width = 0, now_width = 0, after_width = 0;
  for (size_t i = 0; i < row_count; i++) {
    char now[IPG_DURATION_SIZE], after[IPG_DURATION_SIZE];
    ipg_format_duration(now, rows[i].now_us);
    ipg_format_duration(after, rows[i].after_us);
    size_t label = columns(rows[i].label);
    label_width = label > label_width ? label : label_width;
    now_width = columns(now) > now_width ? columns(now) : now_width;
    after_width = columns(after) > after_width ? columns(after) : after_width;
  }
  /* The numbers take about 45 columns; labels get the rest. */
  size_t label_budget = budget_after(t, 2 + 2 + now_width + 3 + after_width + 40);
  if (label_budget && label_width > label_budget)
    label_width = label_budget;
  ipg_buf_puts(t->out, "\nStart-up now \xe2\x86\x92 with every suggestion applied\n");
  for (size_t i = 0; i < row_count; i++)
    put_entry_row(t, &rows[i], label_width, now_width, after_width);
  free(rows);
  return IMPGRAPH_OK;
}

/* ---- suggestions -------------------------------------------------------------- */

/* "[taskcli --help 40.1 ms, taskcli stats 12.0 ms]": the entries the group
   saves on, when there is more than one entry. */
static void put_entry_savings(text_ctx *t, const impgraph_suggestion_group *g, size_t used) {
  const impgraph_suggestions *s = t->s;
  if (!g || !g->entry_savings_us || s->entries.len < 2)
    return;
  ipg_buf list;
  ipg_buf_init(&list);
  for (size_t i = 0; i < s->entries.len; i++) {
    if (!g->entry_savings_us[i])
      continue;
    const impgraph_report_entry *e = ipg_vec_at(&s->entries, i);
    ipg_buf_printf(&list, "%s%s ", list.len ? ", " : "[", e->label ? e->label : "?");
    ipg_put_duration(&list, g->entry_savings_us[i]);
  }
  if (list.len) {
    ipg_buf_putc(&list, ']');
    ipg_buf_puts(t->out, "  ");
    put_fit_head(t->out, list.data, budget_after(t, used + 2));
  }
  if (list.failed)
    t->out->failed = true;
  ipg_buf_free(&list);
}

/* "  file:line  kind  import [a, b]" */
static void put_site(text_ctx *t, const impgraph_suggestion *sg) {
  ipg_buf rest;
  ipg_buf_init(&rest);
  ipg_buf_printf(&rest, ":%u  %s  %s", sg->line, impgraph_suggestion_kind_name(sg->kind),
                 sg->import ? sg->import : "?");
  if (sg->names && *sg->names) {
    ipg_buf_puts(&rest, " [");
    for (const char *c = sg->names; *c; c++) {
      if (*c == ',')
        ipg_buf_puts(&rest, ", ");
      else
        ipg_buf_putc(&rest, *c);
    }
    ipg_buf_putc(&rest, ']');
  }
  ipg_buf_puts(t->out, "  ");
  const char *file = sg->file ? sg->file : "?";
  size_t rest_width = rest.data ? columns(rest.data) : 0;
  size_t file_budget = budget_after(t, 2 + rest_width);
  size_t used = 2 + put_fit_tail(t->out, file, file_budget);
  if (rest.data)
    put_fit_head(t->out, rest.data, budget_after(t, used));
  ipg_buf_putc(t->out, '\n');
  if (rest.failed)
    t->out->failed = true;
  ipg_buf_free(&rest);
}

static void put_functions(text_ctx *t, const impgraph_suggestion *sg) {
  if (!sg->function_count || !sg->functions)
    return;
  ipg_buf list;
  ipg_buf_init(&list);
  for (size_t i = 0; i < sg->function_count; i++) {
    ipg_buf_printf(&list, "%s%s", i ? ", " : "", sg->functions[i] ? sg->functions[i] : "?");
    if (sg->function_lines && sg->function_lines[i])
      ipg_buf_printf(&list, " (line %u)", sg->function_lines[i]);
  }
  put_field(t, sg->function_count == 1 ? "function" : "functions", list.data, NULL);
  if (list.failed)
    t->out->failed = true;
  ipg_buf_free(&list);
}

static void put_subcommands(text_ctx *t, const impgraph_suggestion *sg) {
  if (!sg->subcommand_count || !sg->subcommands)
    return;
  ipg_buf list;
  ipg_buf_init(&list);
  for (size_t i = 0; i < sg->subcommand_count; i++)
    ipg_buf_printf(&list, "%s%s", i ? ", " : "", sg->subcommands[i] ? sg->subcommands[i] : "?");
  put_field(t, sg->subcommand_count == 1 ? "subcommand" : "subcommands", list.data, NULL);
  if (list.failed)
    t->out->failed = true;
  ipg_buf_free(&list);
}

/* "    drops 45 modules: pandas, numpy, pytz and 42 more" — as many names as
   fit (at least one, at most DROPPED_SHOWN_MAX). */
static void put_dropped(text_ctx *t, const impgraph_suggestion *sg) {
  size_t count = sg->dropped_count;
  if (!count || !sg->dropped)
    return;
  char head[64];
  snprintf(head, sizeof head, "    drops %zu module%s: ", count, count == 1 ? "" : "s");
  ipg_buf_puts(t->out, head);
  size_t col = strlen(head), shown = 0;
  for (size_t i = 0; i < count && shown < DROPPED_SHOWN_MAX; i++) {
    const char *name = sg->dropped[i] ? sg->dropped[i] : "?";
    size_t reserve = i + 1 < count ? 16 : 0; /* " and 12345 more" */
    if (!shown) {
      col += put_fit_tail(t->out, name, budget_after(t, col + reserve));
    } else {
      size_t width = 2 + columns(name);
      if (t->width && col + width + reserve > t->width)
        break;
      ipg_buf_printf(t->out, ", %s", name);
      col += width;
    }
    shown++;
  }
  if (shown < count)
    ipg_buf_printf(t->out, " and %zu more", count - shown);
  ipg_buf_putc(t->out, '\n');
}

static void put_edit(text_ctx *t, const char *edit) {
  if (!edit || !*edit)
    return;
  ipg_buf_puts(t->out, "    edit:\n");
  const char *line = edit;
  while (*line) {
    size_t len = strcspn(line, "\n");
    bool last = line[len] == '\0';
    if (len) {
      ipg_buf_puts(t->out, "      ");
      ipg_buf_append(t->out, line, len);
    }
    ipg_buf_putc(t->out, '\n');
    line += len + !last;
  }
}

static void put_member(text_ctx *t, const impgraph_suggestion *sg, bool in_group) {
  put_site(t, sg);
  if (sg->action)
    put_field(t, "do", sg->action, NULL);
  if (sg->reason)
    put_field(t, "why", sg->reason, NULL);
  if (sg->risk == IMPGRAPH_RISK_REVIEW) {
    ipg_buf text;
    ipg_buf_init(&text);
    ipg_buf_puts(&text, "review");
    if (sg->risk_reason)
      ipg_buf_printf(&text, " \xe2\x80\x94 %s", sg->risk_reason);
    put_field(t, "risk", text.data, YELLOW);
    if (text.failed)
      t->out->failed = true;
    ipg_buf_free(&text);
  }
  if (in_group) {
    char alone[IPG_DURATION_SIZE];
    ipg_format_duration(alone, sg->savings_alone_us);
    ipg_buf_printf(t->out, "    alone: saves %s\n", alone);
  } else if (sg->savings_alone_us < sg->savings_us) {
    /* Some of what it drops is also imported through other suggested
       imports: that part drops only once they are applied too. */
    char alone[IPG_DURATION_SIZE];
    ipg_format_duration(alone, sg->savings_alone_us);
    ipg_buf_printf(t->out, "    alone: saves %s (the rest once the other suggestions are applied)\n",
                   alone);
  }
  put_functions(t, sg);
  put_subcommands(t, sg);
  put_dropped(t, sg);
  put_edit(t, sg->edit);
}

static int put_suggestions(text_ctx *t) {
  const impgraph_suggestions *s = t->s;
  ipg_buf *out = t->out;
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
  size_t shown = 0;
  for (size_t b = 0; b < order.count; b++) {
    const ipg_suggest_block *block = &order.blocks[b];
    ipg_buf_puts(out, shown ? "\n" : "\nSuggestions, best first\n\n");
    shown++;
    char head[48], saving[IPG_DURATION_SIZE];
    /* Nothing on the plain start-up, but some subcommand gains: say so. */
    int64_t best = block->savings_us;
    const impgraph_suggestion_group *grp = block->group;
    for (size_t k = 0; best <= 0 && grp && grp->entry_savings_us && k < s->entries.len; k++)
      if (grp->entry_savings_us[k] > best)
        best = grp->entry_savings_us[k];
    snprintf(head, sizeof head, "#%zu  saves %s", shown, best > block->savings_us ? "up to " : "");
    ipg_format_duration(saving, best);
    ipg_buf_puts(out, head);
    style(t, BOLD);
    ipg_buf_puts(out, saving);
    unstyle(t);
    put_entry_savings(t, block->group, strlen(head) + columns(saving));
    ipg_buf_putc(out, '\n');
    if (block->member_count > 1)
      ipg_buf_printf(out, "  %zu changes, saving only together:\n", block->member_count);
    for (size_t m = 0; m < block->member_count; m++)
      put_member(t, ipg_suggestion_at(s, block->members[m]), block->member_count > 1);
  }
  ipg_suggest_order_free(&order);
  return IMPGRAPH_OK;
}

/* ---- kept, counts, diagnostics ------------------------------------------------- */

static void put_kept(text_ctx *t) {
  const impgraph_suggestions *s = t->s;
  if (!t->verbose || !s->kept.len)
    return;
  ipg_buf_printf(t->out, "\nKept (%zu import%s stay%s as %s)\n", s->kept.len,
                 s->kept.len == 1 ? "" : "s", s->kept.len == 1 ? "s" : "",
                 s->kept.len == 1 ? "it is" : "they are");
  for (size_t i = 0; i < s->kept.len; i++) {
    const impgraph_kept_import *k = ipg_vec_at(&s->kept, i);
    ipg_buf line;
    ipg_buf_init(&line);
    ipg_buf_printf(&line, "%s:%u %s", k->file ? k->file : "?", k->line,
                   k->import ? k->import : "?");
    ipg_buf_puts(t->out, "  ");
    size_t used = 2 + put_fit_tail(t->out, line.data ? line.data : "", budget_after(t, 24));
    if (line.failed)
      t->out->failed = true;
    ipg_buf_free(&line);
    ipg_buf_puts(t->out, " \xe2\x80\x94 ");
    put_words(t, k->reason ? k->reason : "", used + 3, 4, NULL);
  }
}

static void put_counts(text_ctx *t) {
  const impgraph_suggestions *s = t->s;
  const impgraph_suggest_info *info = &s->info;
  ipg_buf line;
  ipg_buf_init(&line);
  ipg_buf_printf(&line, "%zu import site%s considered: %zu suggestion%s in %zu group%s",
                 info->considered, info->considered == 1 ? "" : "s", s->suggestions.len,
                 s->suggestions.len == 1 ? "" : "s", s->groups.len, s->groups.len == 1 ? "" : "s");
  if (info->filtered)
    ipg_buf_printf(&line, ", %zu filtered out (minimum saving, top)", info->filtered);
  ipg_buf_printf(&line, ", %zu kept", s->kept.len);
  if (s->kept.len && !t->verbose)
    ipg_buf_puts(&line, " (the verbose view lists them)");
  ipg_buf_putc(t->out, '\n');
  put_words(t, line.data, 0, 2, NULL);
  if (line.failed)
    t->out->failed = true;
  ipg_buf_free(&line);
  if (!s->diagnostics.len)
    return;
  ipg_buf_printf(t->out, "diagnostics: %zu\n", s->diagnostics.len);
  for (size_t i = 0; i < s->diagnostics.len; i++)
    put_diagnostic(t->out, ipg_vec_at(&s->diagnostics, i));
}

int ipg_render_suggest_text(ipg_buf *out, const impgraph_suggestions *s,
                            const impgraph_suggest_view *view) {
  text_ctx t = {out, s, (view->flags & IMPGRAPH_SUGGEST_VIEW_COLOR) != 0,
                (view->flags & IMPGRAPH_SUGGEST_VIEW_VERBOSE) != 0, view->width};
  put_header(&t);
  int rc = put_entries(&t);
  if (!rc)
    rc = put_suggestions(&t);
  if (rc)
    return rc;
  put_kept(&t);
  put_counts(&t);
  return out->failed ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
}
