/* Text view of a profile, for a terminal: what was run, the run times, the
 * slowest modules by self and by cumulative time, optionally the tree of the
 * slowest import chains, then the diagnostics. Fits `view->width` columns by
 * shortening module names on the left ("...pkg.mod"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/profile_render.h"
#include "render/render.h"

enum {
  MIN_NAME_COLUMNS = 16,
  TABLE_COLUMNS = 40, /* the numbers in front of a module name */
  TREE_COLUMNS = 23
};

/* ---- small helpers -------------------------------------------------------- */

static void put_ms(ipg_buf *out, int64_t us, int width) {
  ipg_buf_printf(out, "%*.2f", width, (double)us / 1000.0);
}

static void put_percent(ipg_buf *out, double fraction, int width) {
  ipg_buf_printf(out, "%*.0f%%", width - 1, fraction * 100.0);
}

/* Appends `s` in at most `budget` bytes: the end of it after "..." when too
 * long (the last dotted parts say the most). Never splits a UTF-8 sequence.
 * Returns the bytes written. */
static size_t put_fit(ipg_buf *out, const char *s, size_t budget) {
  size_t len = strlen(s);
  if (budget == 0 || len <= budget) {
    ipg_buf_puts(out, s);
    return len;
  }
  if (budget <= 3) {
    ipg_buf_append(out, "...", budget);
    return budget;
  }
  const char *tail = s + len - (budget - 3);
  while (*tail && ((unsigned char)*tail & 0xC0) == 0x80)
    tail++;
  ipg_buf_puts(out, "...");
  ipg_buf_puts(out, tail);
  return 3 + strlen(tail);
}

static size_t name_budget(const impgraph_profile_view *view, size_t used) {
  if (!view->width)
    return 0; /* unlimited */
  size_t left = view->width > used ? view->width - used : 0;
  return left < MIN_NAME_COLUMNS ? MIN_NAME_COLUMNS : left;
}

/* Markers for the flags a reader must see next to the times. */
static void put_markers(ipg_buf *out, const impgraph_module_stats *m) {
  const char *marks[4];
  size_t n = 0;
  if (m->flags & IMPGRAPH_PROFILE_MODULE_FAILED)
    marks[n++] = "failed";
  if (m->flags & (IMPGRAPH_PROFILE_MODULE_NEGATIVE | IMPGRAPH_PROFILE_MODULE_SUSPECT |
                  IMPGRAPH_PROFILE_MODULE_ORPHAN))
    marks[n++] = "suspect";
  if (m->flags & IMPGRAPH_PROFILE_MODULE_REPEAT)
    marks[n++] = "repeat";
  if (!n)
    return;
  ipg_buf_puts(out, " [");
  for (size_t i = 0; i < n; i++)
    ipg_buf_printf(out, "%s%s", i ? ", " : "", marks[i]);
  ipg_buf_putc(out, ']');
}

/* ---- header and runs ------------------------------------------------------ */

static void put_header(ipg_buf *out, const impgraph_profile *p) {
  const impgraph_profile_info *info = impgraph_profile_summary(p);
  bool from_log = info->source && strcmp(info->source, "log") == 0;
  if (from_log) {
    ipg_buf_puts(out, "impgraph measure --from-log: ");
    for (size_t i = 0; i < info->command_count; i++)
      ipg_buf_printf(out, "%s%s", i ? ", " : "", info->command[i]);
    ipg_buf_putc(out, '\n');
  } else {
    ipg_buf_puts(out, "impgraph measure: ");
    ipg_buf_put_command(out, info->command, info->command_count);
    ipg_buf_putc(out, '\n');
    const char *implementation = info->implementation ? info->implementation : "Python";
    if (strcmp(implementation, "cpython") == 0)
      implementation = "CPython";
    ipg_buf_printf(out, "%s %s", implementation,
                   info->python_version ? info->python_version : "(version unknown)");
    if (info->executable)
      ipg_buf_printf(out, " at %s", info->executable);
    if (info->cwd)
      ipg_buf_printf(out, ", in %s", info->cwd);
    ipg_buf_putc(out, '\n');
  }
  if (!from_log)
    ipg_buf_printf(out, "%u warm-up run%s (not counted), ", info->warmup,
                   info->warmup == 1 ? "" : "s");
  ipg_buf_printf(out, "%u run%s counted", info->runs, info->runs == 1 ? "" : "s");
  if (info->failed_runs)
    ipg_buf_printf(out, ", %u failed", info->failed_runs);
  if (info->wall.count) {
    ipg_buf_puts(out, ": wall ");
    put_ms(out, info->wall.median_us, 0);
    ipg_buf_puts(out, " ms (");
    put_ms(out, info->wall.min_us, 0);
    ipg_buf_puts(out, "-");
    put_ms(out, info->wall.max_us, 0);
    ipg_buf_puts(out, ", spread ");
    put_percent(out, info->wall.spread, 0);
    ipg_buf_puts(out, ")");
  }
  if (info->total.count) {
    ipg_buf_puts(out, info->wall.count ? ", imports " : ": imports ");
    put_ms(out, info->total.median_us, 0);
    ipg_buf_puts(out, " ms (spread ");
    put_percent(out, info->total.spread, 0);
    ipg_buf_puts(out, ")");
  }
  ipg_buf_puts(out, "\n");
}

static void put_runs(ipg_buf *out, const impgraph_profile *p) {
  size_t count = impgraph_profile_run_count(p);
  if (!count)
    return;
  ipg_buf_puts(out, "\nRuns (ms; wall: spawn to exit, cpu: user + system, imports: the log's "
                    "total)\n");
  ipg_buf_printf(out, "  %-14s %9s %9s %9s %7s\n", "", "wall", "cpu", "imports", "modules");
  for (size_t i = 0; i < count; i++) {
    const impgraph_measured_run *run = impgraph_profile_run(p, i);
    ipg_buf_puts(out, "  ");
    size_t used = put_fit(out, run->label, 14);
    ipg_buf_printf(out, "%*s ", (int)(used < 14 ? 14 - used : 0), "");
    if (run->wall_us >= 0)
      put_ms(out, run->wall_us, 9);
    else
      ipg_buf_printf(out, "%9s", "-");
    ipg_buf_putc(out, ' ');
    if (run->cpu_us >= 0)
      put_ms(out, run->cpu_us, 9);
    else
      ipg_buf_printf(out, "%9s", "-");
    ipg_buf_putc(out, ' ');
    put_ms(out, run->total_us, 9);
    ipg_buf_printf(out, " %7u", run->row_count);
    const char *sep = "  ";
    if (run->flags & IMPGRAPH_PROFILE_RUN_FAILED) {
      if (run->flags & IMPGRAPH_PROFILE_RUN_TIMED_OUT)
        ipg_buf_puts(out, "  timed out");
      else if (run->term_signal)
        ipg_buf_printf(out, "  signal %d", run->term_signal);
      else
        ipg_buf_printf(out, "  exit %d", run->exit_status);
      sep = ", ";
    }
    const char *names[16];
    size_t n = ipg_profile_run_flag_names(run->flags, names, 16);
    for (size_t k = 0; k < n; k++) {
      if (strcmp(names[k], "failed") == 0 || strcmp(names[k], "timed_out") == 0)
        continue;
      ipg_buf_printf(out, "%s%s", sep, names[k]);
      sep = ", ";
    }
    ipg_buf_putc(out, '\n');
  }
}

/* ---- tables ---------------------------------------------------------------- */

typedef struct sort_entry {
  const impgraph_module_stats *m;
} sort_entry;

static int by_self_desc(const void *a, const void *b) {
  const impgraph_module_stats *x = ((const sort_entry *)a)->m, *y = ((const sort_entry *)b)->m;
  if (x->self.median_us != y->self.median_us)
    return x->self.median_us < y->self.median_us ? 1 : -1;
  return strcmp(x->name, y->name);
}

static int by_cumulative_desc(const void *a, const void *b) {
  const impgraph_module_stats *x = ((const sort_entry *)a)->m, *y = ((const sort_entry *)b)->m;
  if (x->cumulative.median_us != y->cumulative.median_us)
    return x->cumulative.median_us < y->cumulative.median_us ? 1 : -1;
  return strcmp(x->name, y->name);
}

static void put_table(ipg_buf *out, const impgraph_profile *p, sort_entry *order, size_t count,
                      bool by_self, const impgraph_profile_view *view) {
  const impgraph_profile_info *info = impgraph_profile_summary(p);
  qsort(order, count, sizeof *order, by_self ? by_self_desc : by_cumulative_desc);
  size_t shown = view->top && view->top < count ? view->top : count;
  ipg_buf_printf(out, "\nSlowest modules by %s time (median ms)\n",
                 by_self ? "self" : "cumulative");
  ipg_buf_printf(out, "  %9s %6s %9s %9s  module\n", by_self ? "self" : "cumul.", "spread",
                 by_self ? "cumul." : "self", "runs");
  for (size_t i = 0; i < shown; i++) {
    const impgraph_module_stats *m = order[i].m;
    const impgraph_time_stats *first = by_self ? &m->self : &m->cumulative;
    const impgraph_time_stats *second = by_self ? &m->cumulative : &m->self;
    ipg_buf_puts(out, "  ");
    put_ms(out, first->median_us, 9);
    ipg_buf_putc(out, ' ');
    put_percent(out, first->spread, 6);
    ipg_buf_putc(out, ' ');
    put_ms(out, second->median_us, 9);
    char runs[32];
    snprintf(runs, sizeof runs, "%u/%u", m->runs, info->runs);
    ipg_buf_printf(out, " %9s  ", runs);
    ipg_buf markers;
    ipg_buf_init(&markers);
    put_markers(&markers, m);
    put_fit(out, m->name, name_budget(view, TABLE_COLUMNS + markers.len));
    if (markers.len)
      ipg_buf_append(out, markers.data, markers.len);
    if (markers.failed)
      out->failed = true;
    ipg_buf_free(&markers);
    ipg_buf_putc(out, '\n');
  }
  if (shown < count)
    ipg_buf_printf(out, "  ... %zu more (--top 0 shows all)\n", count - shown);
}

/* ---- tree ------------------------------------------------------------------ */

typedef struct tree_item {
  size_t module; /* SIZE_MAX: a "... N more" line */
  size_t hidden;
  size_t depth;
  bool last;
} tree_item;

typedef struct tree {
  const impgraph_profile *p;
  size_t count;
  size_t *primary;     /* parent shown in the tree, SIZE_MAX for roots */
  size_t *child_start; /* children of i: children[child_start[i] .. child_start[i+1]) */
  size_t *children;    /* sorted by cumulative time, descending */
  bool *more;          /* per depth: does the ancestor there have later siblings? */
  int64_t threshold_us;
} tree;

static const impgraph_module_stats *mod(const tree *t, size_t i) {
  return impgraph_profile_module(t->p, i);
}

/* qsort has no context argument: sort (key, index) entries instead. */
typedef struct index_entry {
  int64_t cumulative;
  const char *name;
  size_t index;
} index_entry;

static int by_entry(const void *a, const void *b) {
  const index_entry *x = a, *y = b;
  if (x->cumulative != y->cumulative)
    return x->cumulative < y->cumulative ? 1 : -1;
  return strcmp(x->name, y->name);
}

static void sort_indices(const tree *t, size_t *indices, size_t count, index_entry *scratch) {
  for (size_t i = 0; i < count; i++) {
    const impgraph_module_stats *m = mod(t, indices[i]);
    scratch[i] = (index_entry){m->cumulative.median_us, m->name, indices[i]};
  }
  qsort(scratch, count, sizeof *scratch, by_entry);
  for (size_t i = 0; i < count; i++)
    indices[i] = scratch[i].index;
}

/* Each module hangs under the importer it had in most runs, or is a root
 * when it was imported at the top level at least as often. */
static bool tree_build(tree *t) {
  const impgraph_profile *p = t->p;
  size_t n = t->count;
  uint32_t *best = calloc(n ? n : 1, sizeof *best);
  uint64_t *nested = calloc(n ? n : 1, sizeof *nested);
  t->primary = malloc((n ? n : 1) * sizeof *t->primary);
  t->child_start = calloc(n + 2, sizeof *t->child_start);
  t->children = malloc((n ? n : 1) * sizeof *t->children);
  t->more = calloc(n + 2, sizeof *t->more);
  index_entry *scratch = malloc((n ? n : 1) * sizeof *scratch);
  bool ok = best && nested && t->primary && t->child_start && t->children && t->more && scratch;
  if (ok) {
    for (size_t i = 0; i < n; i++)
      t->primary[i] = SIZE_MAX;
    for (size_t e = 0; e < impgraph_profile_edge_count(p); e++) {
      const impgraph_observed_edge *edge = impgraph_profile_edge(p, e);
      if (edge->kind != IMPGRAPH_PROFILE_EDGE_NESTED || edge->importer_index >= n ||
          edge->imported_index >= n || edge->importer_index == edge->imported_index)
        continue;
      size_t j = edge->imported_index;
      nested[j] += edge->runs;
      if (edge->runs > best[j]) {
        best[j] = edge->runs;
        t->primary[j] = edge->importer_index;
      }
    }
    for (size_t j = 0; j < n; j++) {
      uint64_t runs = mod(t, j)->runs;
      uint64_t top_level = runs > nested[j] ? runs - nested[j] : 0;
      if (t->primary[j] != SIZE_MAX && top_level >= best[j] &&
          (mod(t, j)->flags & IMPGRAPH_PROFILE_MODULE_TOP_LEVEL))
        t->primary[j] = SIZE_MAX;
    }
    /* Children lists by counting sort on the parent index (slot n: roots). */
    for (size_t j = 0; j < n; j++)
      t->child_start[(t->primary[j] == SIZE_MAX ? n : t->primary[j]) + 1]++;
    for (size_t i = 0; i < n + 1; i++)
      t->child_start[i + 1] += t->child_start[i];
    size_t *fill = calloc(n + 1, sizeof *fill);
    ok = fill != NULL;
    for (size_t j = 0; ok && j < n; j++) {
      size_t parent = t->primary[j] == SIZE_MAX ? n : t->primary[j];
      t->children[t->child_start[parent] + fill[parent]++] = j;
    }
    free(fill);
    for (size_t i = 0; ok && i < n + 1; i++)
      sort_indices(t, t->children + t->child_start[i], t->child_start[i + 1] - t->child_start[i],
                   scratch);
  }
  free(best);
  free(nested);
  free(scratch);
  return ok;
}

static void tree_free(tree *t) {
  free(t->primary);
  free(t->child_start);
  free(t->children);
  free(t->more);
}

/* Pushes the children of `parent` (slot count = the roots) that pass the
 * threshold, at most `top`, plus a "... N more" item, in reverse order. */
static bool push_children(const tree *t, ipg_vec *stack, size_t parent, size_t depth,
                          uint32_t top) {
  size_t from = t->child_start[parent], to = t->child_start[parent + 1];
  size_t passing = 0;
  for (size_t k = from; k < to; k++)
    passing += mod(t, t->children[k])->cumulative.median_us >= t->threshold_us;
  size_t shown = top && top < passing ? top : passing;
  size_t hidden = passing - shown;
  if (hidden) {
    tree_item *item = ipg_vec_push(stack);
    if (!item)
      return false;
    *item = (tree_item){SIZE_MAX, hidden, depth, true};
  }
  /* Sorted descending, so the passing children are the first ones. */
  for (size_t k = from + shown; k-- > from;) {
    tree_item *item = ipg_vec_push(stack);
    if (!item)
      return false;
    *item = (tree_item){t->children[k], 0, depth, k == from + shown - 1 && !hidden};
  }
  return true;
}

static void put_prefix(ipg_buf *out, const tree *t, const tree_item *item, size_t budget) {
  ipg_buf prefix;
  ipg_buf_init(&prefix);
  for (size_t d = 1; d < item->depth; d++)
    ipg_buf_puts(&prefix, t->more[d] ? "|  " : "   ");
  if (item->depth)
    ipg_buf_puts(&prefix, item->last ? "`- " : "|- ");
  const char *text = prefix.data ? prefix.data : "";
  size_t len = prefix.len;
  size_t room = budget > 12 ? budget - 12 : 0;
  if (budget && len > room) { /* very deep: keep the nearest guides */
    ipg_buf_printf(out, "[%zu] ", item->depth);
    text += len - (room > 6 ? room - 6 : 0);
  }
  ipg_buf_puts(out, text);
  ipg_buf_free(&prefix);
}

static void put_tree(ipg_buf *out, const impgraph_profile *p, const impgraph_profile_view *view) {
  const impgraph_profile_info *info = impgraph_profile_summary(p);
  tree t;
  memset(&t, 0, sizeof t);
  t.p = p;
  t.count = impgraph_profile_module_count(p);
  int64_t total = info->total.median_us;
  for (size_t i = 0; !info->total.count && i < t.count; i++)
    if (mod(&t, i)->cumulative.median_us > total)
      total = mod(&t, i)->cumulative.median_us;
  t.threshold_us = total / 100 > 1 ? total / 100 : 1;
  ipg_buf_puts(out, "\nImport tree (median ms; modules >= 1% of ");
  put_ms(out, total, 0);
  ipg_buf_puts(out, " ms)\n");
  ipg_buf_printf(out, "  %9s %9s  module\n", "cumul.", "self");
  if (!tree_build(&t)) {
    out->failed = true;
    tree_free(&t);
    return;
  }
  ipg_vec stack;
  ipg_vec_init(&stack, sizeof(tree_item));
  bool ok = push_children(&t, &stack, t.count, 0, view->top);
  while (ok && stack.len) {
    tree_item item = *(tree_item *)ipg_vec_at(&stack, --stack.len);
    if (item.depth < t.count + 2)
      t.more[item.depth] = !item.last;
    size_t budget = name_budget(view, TREE_COLUMNS);
    if (item.module == SIZE_MAX) {
      ipg_buf_printf(out, "  %9s %9s  ", "", "");
      put_prefix(out, &t, &item, budget);
      ipg_buf_printf(out, "... %zu more\n", item.hidden);
      continue;
    }
    const impgraph_module_stats *m = mod(&t, item.module);
    ipg_buf_puts(out, "  ");
    put_ms(out, m->cumulative.median_us, 9);
    ipg_buf_putc(out, ' ');
    put_ms(out, m->self.median_us, 9);
    ipg_buf_puts(out, "  ");
    size_t before = out->len;
    put_prefix(out, &t, &item, budget);
    size_t used = out->len - before;
    put_fit(out, m->name, budget && budget > used ? budget - used : budget ? 1 : 0);
    ipg_buf_putc(out, '\n');
    ok = push_children(&t, &stack, item.module, item.depth + 1, view->top);
  }
  if (!ok)
    out->failed = true;
  ipg_vec_free(&stack);
  tree_free(&t);
}

/* ---- diagnostics ------------------------------------------------------------ */

static void put_diagnostics(ipg_buf *out, const impgraph_profile *p) {
  size_t count = impgraph_profile_diagnostic_count(p);
  if (!count)
    return;
  ipg_buf_puts(out, "\nDiagnostics\n");
  for (size_t i = 0; i < count; i++) {
    const impgraph_diagnostic *d = impgraph_profile_diagnostic(p, i);
    ipg_buf_puts(out, "  ");
    if (d->path && strcmp(d->path, "<profile>") != 0) {
      ipg_buf_puts(out, d->path);
      if (d->line)
        ipg_buf_printf(out, ":%u", d->line);
      if (d->line && d->column)
        ipg_buf_printf(out, ":%u", d->column);
      ipg_buf_puts(out, ": ");
    }
    ipg_buf_printf(out, "%s: %s [%s]\n", ipg_severity_name(d->severity), d->message, d->code);
  }
}

int ipg_render_profile_text(ipg_buf *out, const impgraph_profile *p,
                            const impgraph_profile_view *view) {
  put_header(out, p);
  put_runs(out, p);
  size_t count = impgraph_profile_module_count(p);
  if (count) {
    sort_entry *order = malloc(count * sizeof *order);
    if (!order)
      return IMPGRAPH_ENOMEM;
    for (size_t i = 0; i < count; i++)
      order[i].m = impgraph_profile_module(p, i);
    put_table(out, p, order, count, true, view);
    put_table(out, p, order, count, false, view);
    free(order);
    if (view->flags & IMPGRAPH_PROFILE_VIEW_TREE)
      put_tree(out, p, view);
  } else {
    ipg_buf_puts(out, "\nNo module was imported in a counted run.\n");
  }
  put_diagnostics(out, p);
  return out->failed ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
}
