/* Editor diagnostics (impgraph_editor_diagnostics_new): the imports of one
 * in-memory buffer judged against a finished graph and, optionally, a
 * suggestions report.
 *
 * The buffer is scanned with a scanner of its own and its import sites are
 * resolved against the graph by name (graph/update.c, the same resolution
 * impgraph_graph_update_file() uses, so the kinds are the build's). Nothing
 * of the graph or the report is changed or kept, which is what makes the
 * call safe on several threads at once.
 *
 * Suggestions were made on the graph's text of the file, which the buffer
 * may have moved away from. A line diff (Myers, after trimming the common
 * prefix and suffix) of that text and the buffer maps old lines to new
 * ones: it follows a suggestion to its statement when lines moved and
 * re-bases its edits, which are kept only when every line they touch is
 * unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/calls.h"
#include "project/project.h"

#define NONE SIZE_MAX

struct impgraph_editor_diagnostics {
  ipg_arena arena; /* strings and fixes */
  impgraph_scan *scan;
  const char *module;
  impgraph_editor_diagnostic *items;
  size_t count;
};

int impgraph_editor_options_init(impgraph_editor_options *opts, uint32_t version) {
  if (!opts)
    return IMPGRAPH_EINVAL;
  if (version != IMPGRAPH_EDITOR_OPTIONS_VERSION)
    return IMPGRAPH_EVERSION;
  impgraph_editor_options init = IMPGRAPH_EDITOR_OPTIONS_INIT;
  *opts = init;
  return IMPGRAPH_OK;
}

/* ---- lines and positions ---- */

/* The lines of a text: line i is text[start[i] .. end[i]) without its
   terminator ("\n", "\r\n" or a lone "\r"); the last line follows the last
   terminator (possibly empty). */
typedef struct lines {
  const char *text;
  size_t len;
  size_t count;
  size_t *start;
  size_t *end;
  uint64_t *hash;
  size_t bom; /* 3 when the text starts with a UTF-8 byte order mark */
} lines;

static void lines_free(lines *l) {
  free(l->start);
  free(l->end);
  free(l->hash);
}

static int lines_init(lines *l, const char *text, size_t len) {
  memset(l, 0, sizeof *l);
  l->text = text;
  l->len = len;
  size_t count = 1;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n')))
      count++;
  l->start = malloc(count * sizeof *l->start);
  l->end = malloc(count * sizeof *l->end);
  l->hash = malloc(count * sizeof *l->hash);
  if (!l->start || !l->end || !l->hash) {
    lines_free(l);
    return IMPGRAPH_ENOMEM;
  }
  size_t n = 0, at = 0;
  for (size_t i = 0; i < len; i++) {
    if (text[i] != '\n' && text[i] != '\r')
      continue;
    l->start[n] = at;
    l->end[n++] = i;
    if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
      i++;
    at = i + 1;
  }
  l->start[n] = at;
  l->end[n++] = len;
  l->count = n;
  for (size_t i = 0; i < n; i++)
    l->hash[i] = ipg_hash_bytes(text + l->start[i], l->end[i] - l->start[i]);
  l->bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  return IMPGRAPH_OK;
}

/* The line holding byte `offset` (a terminator belongs to its line). */
static size_t line_of(const lines *l, size_t offset) {
  size_t lo = 0, hi = l->count;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->start[mid] <= offset)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

/* UTF-16 code units of the UTF-8 bytes s[0..n): 2 for 4-byte sequences, 1
   for every other character and for each invalid byte. */
static uint32_t utf16_units(const unsigned char *s, size_t n) {
  uint32_t units = 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = s[i];
    size_t seq = c < 0x80             ? 1
                 : (c & 0xE0) == 0xC0 ? 2
                 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4
                                      : 0;
    bool valid = seq > 0 && c != 0xC0 && c != 0xC1 && c <= 0xF4 && i + seq <= n;
    for (size_t k = 1; valid && k < seq; k++)
      valid = (s[i + k] & 0xC0) == 0x80;
    if (!valid) {
      units++;
      i++;
      continue;
    }
    units += seq == 4 ? 2 : 1;
    i += seq;
  }
  return units;
}

static impgraph_editor_position position(const lines *l, size_t offset) {
  if (offset > l->len)
    offset = l->len;
  size_t line = line_of(l, offset);
  size_t from = l->start[line];
  if (line == 0 && l->bom && offset >= l->bom)
    from = l->bom;
  if (offset < from)
    offset = from;
  return (impgraph_editor_position){
      .line = (uint32_t)line,
      .utf16_column = utf16_units((const unsigned char *)l->text + from, offset - from),
      .byte_column = (uint32_t)(offset - from),
      .byte_offset = (uint32_t)offset};
}

static impgraph_editor_range range_of(const lines *l, size_t start, size_t end) {
  return (impgraph_editor_range){position(l, start), position(l, end < start ? start : end)};
}

/* ---- the line diff ---- */

static bool same_line(const lines *a, size_t i, const lines *b, size_t j) {
  size_t n = a->end[i] - a->start[i];
  return a->hash[i] == b->hash[j] && n == b->end[j] - b->start[j] &&
         memcmp(a->text + a->start[i], b->text + b->start[j], n) == 0;
}

/* Beyond this many differing lines the middle is taken as all changed. */
#define DIFF_MAX_EDITS 1000

/* Myers' greedy LCS on a[a0 .. a0+n) and b[b0 .. b0+m): map[a0 + x] = b0 +
   y for the lines kept. The trace keeps V of every step d (k in -d..d) at
   trace[d * d + k + d]. */
static int myers(size_t *map, const lines *a, size_t a0, size_t n, const lines *b, size_t b0,
                 size_t m) {
  size_t max = n + m < DIFF_MAX_EDITS ? n + m : DIFF_MAX_EDITS;
  long off = (long)max + 1;
  long *v = calloc(2 * (size_t)off + 1, sizeof *v);
  long *trace = NULL;
  size_t trace_cap = 0;
  if (!v)
    return IMPGRAPH_ENOMEM;
  long found = -1;
  for (long d = 0; d <= (long)max && found < 0; d++) {
    size_t need = (size_t)((d + 1) * (d + 1));
    if (need > trace_cap) {
      size_t cap = trace_cap ? trace_cap * 2 : 64;
      while (cap < need)
        cap *= 2;
      long *grown = realloc(trace, cap * sizeof *grown);
      if (!grown) {
        free(v);
        free(trace);
        return IMPGRAPH_ENOMEM;
      }
      trace = grown;
      trace_cap = cap;
    }
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
                                                                        : v[off + k - 1] + 1;
      long y = x - k;
      while (x < (long)n && y < (long)m && same_line(a, a0 + (size_t)x, b, b0 + (size_t)y))
        x++, y++;
      v[off + k] = x;
      if (x >= (long)n && y >= (long)m && found < 0)
        found = d;
    }
    for (long k = -d; k <= d; k++)
      trace[d * d + k + d] = v[off + k];
  }
  if (found >= 0) {
    long x = (long)n, y = (long)m;
    for (long d = found; d > 0; d--) {
      const long *prev = trace + (d - 1) * (d - 1) + (d - 1); /* prev[k], k in -(d-1)..d-1 */
      long k = x - y;
      long prev_k = (k == -d || (k != d && prev[k - 1] < prev[k + 1])) ? k + 1 : k - 1;
      long prev_x = prev[prev_k], prev_y = prev_x - prev_k;
      while (x > prev_x && y > prev_y) {
        map[a0 + (size_t)(x - 1)] = b0 + (size_t)(y - 1);
        x--, y--;
      }
      x = prev_x;
      y = prev_y;
    }
    while (x > 0 && y > 0) {
      map[a0 + (size_t)(x - 1)] = b0 + (size_t)(y - 1);
      x--, y--;
    }
  }
  free(v);
  free(trace);
  return IMPGRAPH_OK;
}

/* map[i]: the line of b that line i of a became, or NONE (changed). */
static int diff_lines(size_t **out, const lines *a, const lines *b) {
  size_t *map = malloc(a->count * sizeof *map);
  if (!map)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < a->count; i++)
    map[i] = NONE;
  size_t prefix = 0;
  while (prefix < a->count && prefix < b->count && same_line(a, prefix, b, prefix)) {
    map[prefix] = prefix;
    prefix++;
  }
  size_t suffix = 0;
  while (suffix < a->count - prefix && suffix < b->count - prefix &&
         same_line(a, a->count - 1 - suffix, b, b->count - 1 - suffix)) {
    map[a->count - 1 - suffix] = b->count - 1 - suffix;
    suffix++;
  }
  int rc = myers(map, a, prefix, a->count - prefix - suffix, b, prefix, b->count - prefix - suffix);
  if (rc) {
    free(map);
    return rc;
  }
  *out = map;
  return IMPGRAPH_OK;
}

/* ---- the call's state ---- */

typedef struct editor {
  const impgraph_graph *g;
  const impgraph_suggestions *report;
  const impgraph_editor_options *opts;
  impgraph_editor_diagnostics *out;
  size_t module;
  const impgraph_scan *scan; /* the buffer's */
  lines now;                 /* the buffer's lines */
  lines before;              /* the graph's text of the file (old_text) */
  bool have_before;
  size_t *line_map; /* before -> now, or NULL */
  ipg_file_sites sites;
  size_t *site_suggestion; /* per site: suggestion index, or NONE */
  int64_t *cumulative;     /* per module: estimated cumulative, or -1 */
  ipg_vec items;           /* impgraph_editor_diagnostic */
} editor;

/* "2.1 ms" or "850 µs". */
static const char *duration(char *buf, size_t size, int64_t us) {
  if (us < 1000 && us > -1000)
    snprintf(buf, size, "%lld µs", (long long)us);
  else
    snprintf(buf, size, "%.1f ms", (double)us / 1000.0);
  return buf;
}

static int estimated_cumulative(editor *ed, size_t id, int64_t *out) {
  const impgraph_graph *g = ed->g;
  if (!ed->cumulative) {
    ed->cumulative = malloc((g->module_count ? g->module_count : 1) * sizeof *ed->cumulative);
    if (!ed->cumulative)
      return IMPGRAPH_ENOMEM;
    for (size_t v = 0; v < g->module_count; v++)
      ed->cumulative[v] = -1;
  }
  if (ed->cumulative[id] < 0) {
    size_t *dist = malloc((g->module_count ? g->module_count : 1) * sizeof *dist);
    if (!dist)
      return IMPGRAPH_ENOMEM;
    int rc = ipg_ig_distances(g->ig, true, id, dist, NULL);
    int64_t sum = 0;
    for (size_t v = 0; !rc && v < g->module_count; v++)
      if (dist[v] != NONE)
        sum += ipg_module_estimate(g, v);
    free(dist);
    if (rc)
      return rc;
    ed->cumulative[id] = sum;
  }
  *out = ed->cumulative[id];
  return IMPGRAPH_OK;
}

/* The imported module's times and how they are known. */
static int cost_of(editor *ed, size_t id, impgraph_editor_diagnostic *d) {
  const impgraph_graph *g = ed->g;
  const impgraph_module *t = &g->modules[id];
  if (t->kind == IMPGRAPH_MODULE_MISSING) {
    d->self_us = d->cumulative_us = -1;
    d->flags |= IMPGRAPH_EDITOR_DIAG_MISSING;
    return IMPGRAPH_OK;
  }
  if (t->flags & IMPGRAPH_MODULE_PRELOADED) {
    d->self_us = d->cumulative_us = 0;
    d->flags |= IMPGRAPH_EDITOR_DIAG_PRELOADED;
    return IMPGRAPH_OK;
  }
  if (g->weights && g->weights->measured[id]) {
    d->self_us = g->weights->self_us[id];
    d->cumulative_us = g->weights->cumulative_us[id];
    d->flags |= IMPGRAPH_EDITOR_DIAG_MEASURED;
    return IMPGRAPH_OK;
  }
  d->self_us = ipg_module_estimate(g, id);
  d->flags |= IMPGRAPH_EDITOR_DIAG_ESTIMATED;
  return estimated_cumulative(ed, id, &d->cumulative_us);
}

/* ---- suggestions ---- */

static bool same_names(const char *a, const char *b) {
  if (!a || !b)
    return !a && !b;
  return strcmp(a, b) == 0;
}

/* The buffer line (0-based) the report's 1-based `line` is at now. */
static size_t line_now(const editor *ed, uint32_t line) {
  if (line == 0)
    return NONE;
  size_t old = line - 1;
  if (ed->line_map && old < ed->before.count && ed->line_map[old] != NONE)
    return ed->line_map[old];
  return old;
}

static size_t site_line(const editor *ed, const ipg_file_site *s) {
  const impgraph_import *rec = impgraph_scan_import(ed->scan, s->import_index);
  return line_of(&ed->now, rec->statement.start_byte);
}

static void match_suggestion(editor *ed, size_t index, const impgraph_suggestion *sug) {
  size_t want = line_now(ed, sug->line), best = NONE, best_distance = NONE;
  for (size_t i = 0; i < ed->sites.sites.len; i++) {
    const ipg_file_site *s = ipg_vec_at(&ed->sites.sites, i);
    /* Suggestions are about eager imports: one the buffer already moved
       into a function is done. */
    if (ed->site_suggestion[i] != NONE || s->status != IPG_SITE_IN_GRAPH ||
        s->kind != IMPGRAPH_EDGE_EAGER || strcmp(s->absolute, sug->import) != 0 ||
        !same_names(s->names, sug->names))
      continue;
    size_t line = site_line(ed, s);
    size_t distance = line > want ? line - want : want - line;
    if (best == NONE || distance < best_distance) {
      best = i;
      best_distance = distance;
    }
  }
  if (best != NONE)
    ed->site_suggestion[best] = index;
}

static int match_suggestions(editor *ed) {
  size_t n = ed->sites.sites.len;
  ed->site_suggestion = malloc((n ? n : 1) * sizeof *ed->site_suggestion);
  if (!ed->site_suggestion)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < n; i++)
    ed->site_suggestion[i] = NONE;
  const char *name = ed->g->modules[ed->module].name;
  size_t count = impgraph_suggestions_count(ed->report);
  for (size_t i = 0; i < count; i++) {
    const impgraph_suggestion *sug = impgraph_suggestions_get(ed->report, i);
    if (sug->module && strcmp(sug->module, name) == 0)
      match_suggestion(ed, i, sug);
  }
  return IMPGRAPH_OK;
}

/* Whether the graph's text is the one the report was made from: one of its
   import statements is where the suggestion says. */
static bool report_matches_text(const editor *ed, const impgraph_suggestion *sug) {
  const impgraph_scan *old = ed->g->scans[ed->module];
  for (size_t i = 0; old && i < impgraph_scan_import_count(old); i++) {
    const impgraph_range *r = &impgraph_scan_import(old, i)->statement;
    if (r->start_byte == sug->range.start_byte && r->end_byte == sug->range.end_byte &&
        r->start_line == sug->line)
      return true;
  }
  return false;
}

/* Byte `offset` of the old text in the buffer, through unchanged lines:
   `end` positions at a line start belong to the line before. */
static bool rebase_offset(const editor *ed, size_t offset, bool end, size_t *out) {
  const lines *a = &ed->before, *b = &ed->now;
  size_t line = line_of(a, offset);
  size_t column = offset - a->start[line];
  if (column == 0 && line > 0 && (end || ed->line_map[line] == NONE)) {
    size_t before = ed->line_map[line - 1];
    if (before == NONE || before + 1 >= b->count)
      return false;
    *out = b->start[before + 1];
    return true;
  }
  if (ed->line_map[line] == NONE)
    return false;
  *out = b->start[ed->line_map[line]] + column;
  return true;
}

/* Every old line in [first, last] unchanged and still consecutive. */
static bool lines_kept(const editor *ed, size_t first, size_t last) {
  for (size_t l = first; l <= last; l++)
    if (ed->line_map[l] == NONE || (l > first && ed->line_map[l] != ed->line_map[l - 1] + 1))
      return false;
  return true;
}

static bool rebase_edit(const editor *ed, const impgraph_text_edit *e, impgraph_editor_edit *out,
                        const char *new_text) {
  size_t start = e->range.start_byte, end = e->range.end_byte;
  if (start > end || end > ed->before.len)
    return false;
  size_t first = line_of(&ed->before, start), last = line_of(&ed->before, end);
  if (end > start && end == ed->before.start[last] && last > first)
    last--; /* ends at a line start: that line is not touched */
  if (end > start && !lines_kept(ed, first, last))
    return false;
  size_t new_start, new_end;
  if (!rebase_offset(ed, start, false, &new_start) ||
      !rebase_offset(ed, end, end > start, &new_end) || new_end < new_start)
    return false;
  out->range = range_of(&ed->now, new_start, new_end);
  out->new_text = new_text;
  return true;
}

/* The suggestion's edits on the buffer, or FIX_STALE. */
static int make_fix(editor *ed, const impgraph_suggestion *sug, impgraph_editor_diagnostic *d) {
  if (!sug->edit_count)
    return IMPGRAPH_OK;
  if (!ed->line_map || !report_matches_text(ed, sug)) {
    d->flags |= IMPGRAPH_EDITOR_DIAG_FIX_STALE;
    return IMPGRAPH_OK;
  }
  impgraph_editor_edit *fixes = ipg_arena_alloc(&ed->out->arena, sug->edit_count * sizeof *fixes);
  if (!fixes)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < sug->edit_count; i++) {
    const char *text = ipg_arena_strdup(&ed->out->arena, sug->edits[i].new_text);
    if (!text)
      return IMPGRAPH_ENOMEM;
    if (!rebase_edit(ed, &sug->edits[i], &fixes[i], text)) {
      d->flags |= IMPGRAPH_EDITOR_DIAG_FIX_STALE;
      return IMPGRAPH_OK;
    }
  }
  d->fixes = fixes;
  d->fix_count = sug->edit_count;
  return IMPGRAPH_OK;
}

/* ---- diagnostics ---- */

static impgraph_editor_diagnostic *new_item(editor *ed) {
  impgraph_editor_diagnostic *d = ipg_vec_push(&ed->items);
  if (!d)
    return NULL;
  memset(d, 0, sizeof *d);
  d->self_us = d->cumulative_us = -1;
  d->import_index = NONE;
  d->suggestion = NONE;
  d->kind = IMPGRAPH_EDGE_EAGER;
  return d;
}

/* What to underline for one site. */
static void site_ranges(const editor *ed, const ipg_file_site *s, impgraph_editor_diagnostic *d) {
  const impgraph_import *rec = impgraph_scan_import(ed->scan, s->import_index);
  d->statement = range_of(&ed->now, rec->statement.start_byte, rec->statement.end_byte);
  size_t start = rec->statement.start_byte, end = rec->statement.end_byte;
  if (s->submodule && s->first_name < rec->name_count && s->last_name < rec->name_count) {
    start = rec->names[s->first_name].range.start_byte;
    end = rec->names[s->last_name].range.end_byte;
  } else if (rec->module_range.end_byte > rec->module_range.start_byte) {
    start = rec->module_range.start_byte;
    end = rec->module_range.end_byte;
  }
  d->range = range_of(&ed->now, start, end);
}

static const char *not_at_startup_reason(const editor *ed, const ipg_file_site *s,
                                         const impgraph_import *rec, char *buf, size_t size) {
  const impgraph_module *m = &ed->g->modules[ed->module];
  size_t index = (size_t)(s - (const ipg_file_site *)ed->sites.sites.data);
  size_t by = s->kind == IMPGRAPH_EDGE_EAGER
                  ? ipg_file_site_skipped_by(ed->g, ed->module, ed->scan, &ed->sites, index)
                  : NONE;
  if (by != NONE) {
    const ipg_file_site *a = ipg_vec_at(&ed->sites.sites, by);
    const impgraph_module *t = &ed->g->modules[a->to];
    snprintf(buf, size, "never runs: the import of %s at line %u before it raises ImportError (%s)",
             t->name, impgraph_scan_import(ed->scan, a->import_index)->statement.start_line,
             t->kind == IMPGRAPH_MODULE_MISSING ? "it is missing" : "it fails to import");
    return buf;
  }
  switch (s->kind) {
  case IMPGRAPH_EDGE_FUNCTION:
    snprintf(buf, size, "imported inside %s()",
             rec->scope && *rec->scope ? rec->scope : "a function");
    break;
  case IMPGRAPH_EDGE_LAZY: snprintf(buf, size, "a lazy import"); break;
  case IMPGRAPH_EDGE_TYPE_CHECKING: snprintf(buf, size, "imported only under TYPE_CHECKING"); break;
  case IMPGRAPH_EDGE_MAIN:
    snprintf(buf, size, "imported only under if __name__ == \"__main__\"");
    break;
  case IMPGRAPH_EDGE_FALLBACK: snprintf(buf, size, "a fallback for an import that resolves"); break;
  case IMPGRAPH_EDGE_UNTAKEN: {
    char why[256];
    ipg_untaken_reason(ed->g, ed->scan, s->import_index, why, sizeof why);
    snprintf(buf, size, "in a branch this interpreter does not take%s%s", *why ? ": " : "", why);
    break;
  }
  case IMPGRAPH_EDGE_HANDLER:
    snprintf(buf, size, "in an except handler that runs only when the try body raises");
    break;
  case IMPGRAPH_EDGE_IF_LOADED:
    snprintf(buf, size, "runs only when %s is already loaded, so it loads nothing",
             s->absolute ? s->absolute : "the module");
    break;
  default:
    if (m->flags & IMPGRAPH_MODULE_PRELOADED)
      snprintf(buf, size, "%s is preloaded by the interpreter", m->name);
    else if (m->flags & IMPGRAPH_MODULE_FAILS)
      snprintf(buf, size, "%s itself fails to import", m->name);
    else
      snprintf(buf, size, "%s itself is not loaded at start-up", m->name);
    break;
  }
  return buf;
}

static const char *cost_text(const impgraph_editor_diagnostic *d, char *buf, size_t size) {
  char self[32], cum[32];
  snprintf(buf, size, "%s self, %s cumulative (%s)", duration(self, sizeof self, d->self_us),
           duration(cum, sizeof cum, d->cumulative_us),
           (d->flags & IMPGRAPH_EDITOR_DIAG_MEASURED) ? "measured" : "estimated");
  return buf;
}

static int suggestion_item(editor *ed, size_t index, impgraph_editor_diagnostic *d, char *msg,
                           size_t size) {
  const impgraph_suggestion *sug = impgraph_suggestions_get(ed->report, index);
  const impgraph_suggestion_group *group = impgraph_suggestions_group(ed->report, sug->group);
  const impgraph_suggest_info *info = impgraph_suggestions_info(ed->report);
  size_t others = group && group->member_count > 1 ? group->member_count - 1 : 0;
  char saving[32], together[64] = "";
  if (others)
    snprintf(together, sizeof together, " together with %zu other change%s", others,
             others == 1 ? "" : "s");
  int n = snprintf(msg, size, "%s; saves %s at start-up%s (%s)", sug->action,
                   duration(saving, sizeof saving, sug->savings_us), together,
                   info && info->measured ? "measured" : "estimated");
  if (sug->risk == IMPGRAPH_RISK_REVIEW && sug->risk_reason && n > 0 && (size_t)n < size)
    snprintf(msg + n, size - (size_t)n, "; review: %s", sug->risk_reason);
  d->code = impgraph_suggestion_kind_name(sug->kind);
  d->suggestion = index;
  d->savings_us = sug->savings_us;
  d->severity = sug->savings_us >= ed->opts->warning_savings_us
                    ? IMPGRAPH_EDITOR_SEVERITY_WARNING
                    : IMPGRAPH_EDITOR_SEVERITY_INFORMATION;
  const impgraph_import *rec = impgraph_scan_import(ed->scan, d->import_index);
  if (sug->line != rec->statement.start_line)
    d->flags |= IMPGRAPH_EDITOR_DIAG_MOVED;
  return make_fix(ed, sug, d);
}

/* Code, severity and message of a site in the graph with no suggestion. */
static void graph_site_item(editor *ed, const ipg_file_site *s, impgraph_editor_diagnostic *d,
                            char *msg, size_t size) {
  const impgraph_import *rec = impgraph_scan_import(ed->scan, s->import_index);
  const impgraph_module *t = &ed->g->modules[s->to];
  char cost[128], why[320];
  if (t->flags & IMPGRAPH_MODULE_FAILS) {
    bool hard = s->kind == IMPGRAPH_EDGE_EAGER &&
                (ed->g->modules[ed->module].flags & IMPGRAPH_MODULE_IN_STARTUP) &&
                !(rec->flags & (IMPGRAPH_CTX_OPTIONAL | IMPGRAPH_CTX_CONDITIONAL));
    d->code = "import-fails";
    d->severity = hard ? IMPGRAPH_EDITOR_SEVERITY_INFORMATION : IMPGRAPH_EDITOR_SEVERITY_HINT;
    impgraph_error err;
    ipg_graph_not_loaded(ed->g, s->to, &err);
    snprintf(msg, size, "%s", err.message);
  } else if (d->flags & IMPGRAPH_EDITOR_DIAG_MISSING) {
    bool hard = (d->flags & IMPGRAPH_EDITOR_DIAG_STARTUP) ||
                (s->kind == IMPGRAPH_EDGE_EAGER &&
                 (ed->g->modules[ed->module].flags & IMPGRAPH_MODULE_IN_STARTUP) &&
                 !(rec->flags & (IMPGRAPH_CTX_OPTIONAL | IMPGRAPH_CTX_CONDITIONAL)));
    d->code = "missing-module";
    d->severity = hard ? IMPGRAPH_EDITOR_SEVERITY_INFORMATION : IMPGRAPH_EDITOR_SEVERITY_HINT;
    snprintf(msg, size, "%s cannot be found: %s", t->name, t->reason ? t->reason : "not found");
  } else if (d->flags & IMPGRAPH_EDITOR_DIAG_STARTUP) {
    d->code = "startup-import";
    if (d->flags & IMPGRAPH_EDITOR_DIAG_PRELOADED) {
      d->severity = IMPGRAPH_EDITOR_SEVERITY_HINT;
      snprintf(msg, size, "%s is preloaded by the interpreter: free at start-up", t->name);
    } else {
      d->severity = d->cumulative_us >= ed->opts->information_cost_us
                        ? IMPGRAPH_EDITOR_SEVERITY_INFORMATION
                        : IMPGRAPH_EDITOR_SEVERITY_HINT;
      int n =
          snprintf(msg, size, "%s loads at start-up: %s", t->name, cost_text(d, cost, sizeof cost));
      if (d->kind == IMPGRAPH_EDGE_CALLED && n > 0 && (size_t)n < size)
        snprintf(msg + n, size - (size_t)n, "; inside %s(), which runs at import time", rec->scope);
    }
  } else {
    d->code = "deferred-import";
    d->severity = IMPGRAPH_EDITOR_SEVERITY_HINT;
    not_at_startup_reason(ed, s, rec, why, sizeof why);
    if (d->flags & IMPGRAPH_EDITOR_DIAG_PRELOADED)
      snprintf(msg, size, "%s does not load at start-up: %s; preloaded by the interpreter", t->name,
               why);
    else
      snprintf(msg, size, "%s does not load at start-up: %s; when it loads: %s", t->name, why,
               cost_text(d, cost, sizeof cost));
  }
}

static void other_site_item(editor *ed, const ipg_file_site *s, impgraph_editor_diagnostic *d,
                            char *msg, size_t size) {
  const impgraph_import *rec = impgraph_scan_import(ed->scan, s->import_index);
  char text[160];
  const char *statement = ipg_record_text(ed->scan, rec, text, sizeof text);
  d->severity = IMPGRAPH_EDITOR_SEVERITY_HINT;
  switch (s->status) {
  case IPG_SITE_RELATIVE:
    d->code = "relative-import";
    d->severity = IMPGRAPH_EDITOR_SEVERITY_WARNING;
    snprintf(msg, size, "%s: %s", statement, s->problem);
    break;
  case IPG_SITE_DYNAMIC:
    d->code = "dynamic-import";
    snprintf(msg, size, "%s: the module name is not a literal: impgraph cannot follow it",
             statement);
    break;
  default:
    d->code = "not-in-graph";
    d->flags |= IMPGRAPH_EDITOR_DIAG_NOT_IN_GRAPH;
    snprintf(msg, size,
             "%s is not a module of the project graph (imported since it was built): update "
             "the graph to weigh it",
             s->absolute);
    break;
  }
}

static int site_item(editor *ed, size_t index) {
  const ipg_file_site *s = ipg_vec_at(&ed->sites.sites, index);
  const impgraph_graph *g = ed->g;
  impgraph_editor_diagnostic *d = new_item(ed);
  if (!d)
    return IMPGRAPH_ENOMEM;
  d->import_index = s->import_index;
  d->kind = s->kind;
  const impgraph_import *rec = impgraph_scan_import(ed->scan, s->import_index);
  ipg_call_site call = {SIZE_MAX, 0, 0};
  if (s->kind == IMPGRAPH_EDGE_FUNCTION && s->status == IPG_SITE_IN_GRAPH &&
      ipg_calls_import_runs(g, ed->module, rec->scope, rec->flags, s->to, &call))
    d->kind = IMPGRAPH_EDGE_CALLED;
  site_ranges(ed, s, d);
  if (s->absolute && !(d->module = ipg_arena_strdup(&ed->out->arena, s->absolute)))
    return IMPGRAPH_ENOMEM;
  char msg[1024];
  int rc = IMPGRAPH_OK;
  if (s->status == IPG_SITE_IN_GRAPH) {
    const impgraph_module *m = &g->modules[ed->module], *t = &g->modules[s->to];
    bool runs = (d->kind == IMPGRAPH_EDGE_EAGER || d->kind == IMPGRAPH_EDGE_CALLED) &&
                ipg_file_site_skipped_by(g, ed->module, ed->scan, &ed->sites, index) == NONE;
    if (runs && (m->flags & IMPGRAPH_MODULE_IN_STARTUP) &&
        !(m->flags & IMPGRAPH_MODULE_PRELOADED) && t->kind != IMPGRAPH_MODULE_MISSING &&
        !(t->flags & IMPGRAPH_MODULE_FAILS))
      d->flags |= IMPGRAPH_EDITOR_DIAG_STARTUP;
    if ((rc = cost_of(ed, s->to, d)))
      return rc;
    if (ed->site_suggestion && ed->site_suggestion[index] != NONE)
      rc = suggestion_item(ed, ed->site_suggestion[index], d, msg, sizeof msg);
    else
      graph_site_item(ed, s, d, msg, sizeof msg);
  } else {
    other_site_item(ed, s, d, msg, sizeof msg);
  }
  if (!rc && !(d->message = ipg_arena_strdup(&ed->out->arena, msg)))
    rc = IMPGRAPH_ENOMEM;
  return rc;
}

static int scan_items(editor *ed) {
  static const impgraph_editor_severity severity[] = {
      [IMPGRAPH_SEVERITY_ERROR] = IMPGRAPH_EDITOR_SEVERITY_ERROR,
      [IMPGRAPH_SEVERITY_WARNING] = IMPGRAPH_EDITOR_SEVERITY_WARNING,
      [IMPGRAPH_SEVERITY_NOTE] = IMPGRAPH_EDITOR_SEVERITY_INFORMATION};
  for (size_t i = 0; i < impgraph_scan_diagnostic_count(ed->scan); i++) {
    const impgraph_diagnostic *src = impgraph_scan_diagnostic(ed->scan, i);
    impgraph_editor_diagnostic *d = new_item(ed);
    if (!d)
      return IMPGRAPH_ENOMEM;
    size_t offset = 0;
    if (src->line > 0 && src->line <= ed->now.count) {
      size_t from = src->line == 1 ? ed->now.bom : 0;
      offset = ed->now.start[src->line - 1] + from + (src->column ? src->column - 1 : 0);
    }
    d->range = d->statement = range_of(&ed->now, offset, offset);
    d->severity = (unsigned)src->severity <= IMPGRAPH_SEVERITY_NOTE ? severity[src->severity]
                                                                    : IMPGRAPH_EDITOR_SEVERITY_HINT;
    d->code = src->code;
    d->message = ipg_arena_strdup(&ed->out->arena, src->message ? src->message : "");
    if (!d->message)
      return IMPGRAPH_ENOMEM;
  }
  return IMPGRAPH_OK;
}

static int by_position(const void *pa, const void *pb) {
  const impgraph_editor_diagnostic *a = pa, *b = pb;
  if (a->range.start.byte_offset != b->range.start.byte_offset)
    return a->range.start.byte_offset < b->range.start.byte_offset ? -1 : 1;
  if (a->import_index != b->import_index)
    return a->import_index < b->import_index ? -1 : 1;
  return strcmp(a->code, b->code);
}

/* Sorts, filters by severity and moves the items into the result. */
static int finish_items(editor *ed) {
  impgraph_editor_diagnostics *out = ed->out;
  size_t n = ed->items.len;
  out->items = ipg_arena_alloc(&out->arena, (n ? n : 1) * sizeof *out->items);
  if (!out->items)
    return IMPGRAPH_ENOMEM;
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    const impgraph_editor_diagnostic *d = ipg_vec_at(&ed->items, i);
    /* Sites are made in buffer order; a stable sort is not needed as ties
       are broken by record and code. */
    if ((int)d->severity <= (int)ed->opts->min_severity)
      out->items[kept++] = *d;
  }
  qsort(out->items, kept, sizeof *out->items, by_position);
  out->count = kept;
  return IMPGRAPH_OK;
}

static int prepare_before(editor *ed) {
  const impgraph_scan *old = ed->g->scans[ed->module];
  if (!old || !ed->report)
    return IMPGRAPH_OK;
  size_t len = 0;
  const char *text = impgraph_scan_text(old, &len);
  if (!text)
    return IMPGRAPH_OK;
  int rc = lines_init(&ed->before, text, len);
  if (rc)
    return rc;
  ed->have_before = true;
  return diff_lines(&ed->line_map, &ed->before, &ed->now);
}

static int run(editor *ed) {
  size_t len = 0;
  const char *text = impgraph_scan_text(ed->scan, &len);
  int rc = lines_init(&ed->now, text ? text : "", text ? len : 0);
  if (!rc)
    rc = prepare_before(ed);
  if (!rc)
    rc = ipg_file_sites_resolve(&ed->sites, ed->g, ed->module, ed->scan, NULL);
  if (!rc && ed->report)
    rc = match_suggestions(ed);
  for (size_t i = 0; !rc && i < ed->sites.sites.len; i++)
    rc = site_item(ed, i);
  if (!rc && (ed->opts->flags & IMPGRAPH_EDITOR_SCAN_DIAGNOSTICS))
    rc = scan_items(ed);
  if (!rc)
    rc = finish_items(ed);
  return rc;
}

static void editor_free(editor *ed) {
  lines_free(&ed->now);
  if (ed->have_before)
    lines_free(&ed->before);
  free(ed->line_map);
  free(ed->site_suggestion);
  free(ed->cumulative);
  ipg_file_sites_free(&ed->sites);
  ipg_vec_free(&ed->items);
}

static int find_module(size_t *out, const impgraph_graph *g, const char *path, const char *module,
                       impgraph_error *err) {
  *out = module ? ipg_graph_lookup(g, module) : ipg_graph_module_of_path(g, path);
  if (*out != NONE)
    return IMPGRAPH_OK;
  if (module)
    return ipg_fail(err, IMPGRAPH_ENOTFOUND, "%s: not a module of the graph", module);
  return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                  "%s: not the file of a module of the graph (give the module name)", path);
}

void impgraph_editor_diagnostics_free(impgraph_editor_diagnostics *d) {
  if (!d)
    return;
  impgraph_scan_free(d->scan);
  ipg_arena_free(&d->arena);
  free(d);
}

static int scan_buffer(impgraph_editor_diagnostics *d, const impgraph_graph *g, size_t module,
                       const char *path, const char *text, size_t len,
                       const impgraph_editor_options *opts, impgraph_error *err) {
  impgraph_scanner *scanner = NULL;
  int rc = impgraph_scanner_new(&scanner, opts->scan, err);
  const char *label = path ? path : g->modules[module].path;
  if (!rc)
    rc = impgraph_scanner_scan(scanner, &d->scan, label, text ? text : "", len, err);
  impgraph_scanner_free(scanner);
  return rc;
}

int impgraph_editor_diagnostics_new(impgraph_editor_diagnostics **out, const impgraph_graph *g,
                                    const impgraph_suggestions *suggestions, const char *path,
                                    const char *text, size_t len,
                                    const impgraph_editor_options *opts, impgraph_error *err) {
  if (out)
    *out = NULL;
  impgraph_editor_options defaults = IMPGRAPH_EDITOR_OPTIONS_INIT;
  if (!opts)
    opts = &defaults;
  if (!out || !g || (!text && len) || (!path && !opts->module))
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_editor_diagnostics_new: NULL argument");
  if (opts->version != IMPGRAPH_EDITOR_OPTIONS_VERSION)
    return ipg_fail(err, IMPGRAPH_EVERSION, "editor options version %u not supported",
                    (unsigned)opts->version);
  size_t module = NONE;
  int rc = find_module(&module, g, path, opts->module, err);
  if (rc)
    return rc;
  impgraph_editor_diagnostics *d = calloc(1, sizeof *d);
  if (!d)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  ipg_arena_init(&d->arena);
  if ((rc = scan_buffer(d, g, module, path, text, len, opts, err))) {
    impgraph_editor_diagnostics_free(d);
    return rc;
  }
  if (!(d->module = ipg_arena_strdup(&d->arena, g->modules[module].name))) {
    impgraph_editor_diagnostics_free(d);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  editor ed = {
      .g = g, .report = suggestions, .opts = opts, .out = d, .module = module, .scan = d->scan};
  ipg_file_sites_init(&ed.sites);
  ipg_vec_init(&ed.items, sizeof(impgraph_editor_diagnostic));
  rc = run(&ed);
  editor_free(&ed);
  if (rc) {
    impgraph_editor_diagnostics_free(d);
    return ipg_fail(err, rc,
                    rc == IMPGRAPH_ENOMEM ? "out of memory making editor diagnostics"
                                          : "igraph failed making editor diagnostics");
  }
  *out = d;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

size_t impgraph_editor_diagnostics_count(const impgraph_editor_diagnostics *d) {
  return d ? d->count : 0;
}

const impgraph_editor_diagnostic *
impgraph_editor_diagnostics_get(const impgraph_editor_diagnostics *d, size_t index) {
  return d && index < d->count ? &d->items[index] : NULL;
}

const char *impgraph_editor_diagnostics_module(const impgraph_editor_diagnostics *d) {
  return d ? d->module : NULL;
}

const impgraph_scan *impgraph_editor_diagnostics_scan(const impgraph_editor_diagnostics *d) {
  return d ? d->scan : NULL;
}
