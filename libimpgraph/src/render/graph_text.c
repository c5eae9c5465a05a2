/* Text rendering of the module graph (a readable summary), of `why` answers
 * and of import cycles. Deterministic: everything is listed in id order or
 * sorted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/graph_render.h"

#define NONE SIZE_MAX

enum {
  ORIGINS = IPG_ORIGIN_COUNT,
  MODULE_KINDS = IPG_MODULE_KIND_COUNT,
  EDGE_KINDS = IPG_EDGE_KIND_COUNT
};

static const char *const origin_text[ORIGINS] = {"first-party", "third-party", "stdlib"};

static void put_origin_counts(ipg_buf *out, const size_t counts[ORIGINS]) {
  ipg_buf_printf(out, "%s %zu, %s %zu, %s %zu", origin_text[0], counts[0], origin_text[1],
                 counts[1], origin_text[2], counts[2]);
}

static size_t top_level_id(const impgraph_graph *g, size_t v) {
  const char *name = g->modules[v].name;
  void *id = ipg_map_getn(&g->by_name, name, ipg_top_level_len(name));
  return id ? (size_t)(uintptr_t)id - 1 : v;
}

static void put_roots_and_entries(ipg_buf *out, const impgraph_graph *g) {
  if (g->root_count)
    ipg_buf_puts(out, "roots:\n");
  for (size_t i = 0; i < g->root_count; i++) {
    const ipg_graph_root *r = &g->roots[i];
    ipg_buf_printf(out, "  %s (%s layout, on the path as %s; top-level:", r->path,
                   ipg_layout_name(r->layout), r->search_entry);
    for (size_t k = 0; k < r->top_level_count; k++)
      ipg_buf_printf(out, " %s", r->top_level[k]);
    if (!r->top_level_count)
      ipg_buf_puts(out, " none");
    ipg_buf_puts(out, ")\n");
  }
  ipg_buf_printf(out, "entries: %zu\n", g->entry_count);
  for (size_t i = 0; i < g->entry_count; i++) {
    const impgraph_entry *e = &g->entries[i];
    ipg_buf_printf(out, "  %s", g->modules[e->module].name);
    if (e->function)
      ipg_buf_printf(out, ":%s", e->function);
    if (e->script)
      ipg_buf_printf(out, "  (console script %s)", e->script);
    else if (strcmp(e->spec, g->modules[e->module].name) != 0)
      ipg_buf_printf(out, "  (%s)", e->spec);
    ipg_buf_putc(out, '\n');
  }
}

static void put_view(ipg_buf *out, const impgraph_graph_view *view, const ipg_view_sel *sel) {
  if (!view || (!view->flags && !view->max_depth && !view->include_count && !view->exclude_count))
    return;
  ipg_buf_puts(out, "view:");
  if (view->flags & IMPGRAPH_VIEW_STARTUP)
    ipg_buf_puts(out, " start-up set only;");
  if (view->max_depth)
    ipg_buf_printf(out, " within %u imports of an entry;", view->max_depth);
  for (size_t i = 0; i < view->include_count; i++)
    ipg_buf_printf(out, " include %s;", view->include[i]);
  for (size_t i = 0; i < view->exclude_count; i++)
    ipg_buf_printf(out, " exclude %s;", view->exclude[i]);
  if (sel->collapse)
    ipg_buf_puts(out, " third-party packages collapsed;");
  out->len--; /* the last ';' */
  ipg_buf_putc(out, '\n');
}

static void put_counts(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel) {
  size_t origins[ORIGINS] = {0}, kinds[MODULE_KINDS] = {0}, edge_kinds[EDGE_KINDS] = {0};
  for (size_t v = 0; v < g->module_count; v++) {
    if (!sel->keep[v])
      continue;
    origins[g->modules[v].origin]++;
    kinds[g->modules[v].kind]++;
  }
  for (size_t e = 0; e < ipg_graph_edge_total(g); e++)
    if (sel->edge_keep[e])
      edge_kinds[ipg_graph_edge_at(g, e)->kind]++;
  ipg_buf_printf(out, "modules: %zu (", sel->kept_modules);
  put_origin_counts(out, origins);
  ipg_buf_puts(out, ")\n  by kind:");
  bool first = true;
  for (int k = 0; k < MODULE_KINDS; k++) {
    if (!kinds[k])
      continue;
    ipg_buf_printf(out, "%s %s %zu", first ? "" : ",", ipg_module_kind_label(k), kinds[k]);
    first = false;
  }
  ipg_buf_printf(out, "%s\nedges: %zu (", first ? " none" : "", sel->kept_edges);
  /* observed-only edges exist only with a profile: no "observed_only 0"
     otherwise. */
  bool first_kind = true;
  for (int k = 0; k < EDGE_KINDS; k++) {
    if (!ipg_edge_kind_defined(k) || (k == IMPGRAPH_EDGE_OBSERVED_ONLY && !g->weights))
      continue;
    ipg_buf_printf(out, "%s%s %zu", first_kind ? "" : ", ", ipg_edge_kind_label(k), edge_kinds[k]);
    first_kind = false;
  }
  ipg_buf_puts(out, ")\n");
}

typedef struct package_count {
  size_t id;
  size_t count;
} package_count;

static int by_count(const void *pa, const void *pb) {
  const package_count *a = pa, *b = pb;
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

static void put_startup(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel) {
  size_t origins[ORIGINS] = {0}, total = 0, preloaded = 0;
  size_t *per_top = calloc(g->module_count ? g->module_count : 1, sizeof *per_top);
  package_count *packages = malloc((g->module_count ? g->module_count : 1) * sizeof *packages);
  if (!per_top || !packages) {
    out->failed = true;
    free(per_top);
    free(packages);
    return;
  }
  for (size_t v = 0; v < g->module_count; v++) {
    const impgraph_module *m = &g->modules[v];
    if (!sel->member_keep[v])
      continue;
    preloaded += (m->flags & IMPGRAPH_MODULE_PRELOADED) != 0;
    if (!(m->flags & IMPGRAPH_MODULE_IN_STARTUP))
      continue;
    origins[m->origin]++;
    total++;
    per_top[top_level_id(g, v)]++;
  }
  ipg_buf_printf(out, "start-up set: %zu modules (", total);
  put_origin_counts(out, origins);
  ipg_buf_printf(out, "); %zu more already loaded at interpreter start\n", preloaded);
  size_t n = 0;
  for (size_t v = 0; v < g->module_count; v++)
    if (per_top[v])
      packages[n++] = (package_count){v, per_top[v]};
  qsort(packages, n, sizeof *packages, by_count);
  if (n)
    ipg_buf_puts(out, "  by top-level package:");
  for (size_t i = 0; i < n; i++)
    ipg_buf_printf(out, "%s %s %zu", i ? "," : "", g->modules[packages[i].id].name,
                   packages[i].count);
  if (n)
    ipg_buf_putc(out, '\n');
  free(per_top);
  free(packages);
}

typedef struct weighted {
  size_t id;
  int64_t self_us;
} weighted;

static int by_self_time(const void *pa, const void *pb) {
  const weighted *a = pa, *b = pb;
  if (a->self_us != b->self_us)
    return a->self_us > b->self_us ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

static void put_slowest(ipg_buf *out, weighted *slow, size_t n, const impgraph_graph *g,
                        bool estimated) {
  qsort(slow, n, sizeof *slow, by_self_time);
  if (n)
    ipg_buf_printf(out, "  slowest start-up modules (%sself time):\n",
                   estimated ? "estimated " : "");
  for (size_t i = 0; i < n && i < 10; i++) {
    char ms[32];
    snprintf(ms, sizeof ms, "%s%.1f", estimated ? "~" : "", (double)slow[i].self_us / 1000.0);
    ipg_buf_printf(out, "    %8s ms  %s\n", ms, g->modules[slow[i].id].name);
  }
}

/* With an attached profile: measured time of the start-up set and its ten
   slowest modules by self time. */
static void put_measured(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel) {
  const ipg_weights *w = g->weights;
  weighted *slow = malloc((g->module_count ? g->module_count : 1) * sizeof *slow);
  if (!slow) {
    out->failed = true;
    return;
  }
  size_t n = 0, unmeasured = 0;
  int64_t total = 0;
  for (size_t v = 0; v < g->module_count; v++) {
    if (!sel->member_keep[v] || !(g->modules[v].flags & IMPGRAPH_MODULE_IN_STARTUP))
      continue;
    if (!w->measured[v]) {
      unmeasured++;
      continue;
    }
    total += w->self_us[v];
    slow[n++] = (weighted){v, w->self_us[v]};
  }
  ipg_buf_printf(out,
                 "measured: %.1f ms self time in %zu start-up modules (%zu not in the profile); "
                 "%zu profile modules not in the graph (%.1f ms)\n",
                 (double)total / 1000.0, n, unmeasured, w->unmatched_count,
                 (double)w->unmatched_self_us / 1000.0);
  put_slowest(out, slow, n, g, false);
  free(slow);
}

/* Without a profile: the estimates (graph/estimate.c), labelled as such. */
static void put_estimated(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel) {
  weighted *slow = malloc((g->module_count ? g->module_count : 1) * sizeof *slow);
  if (!slow) {
    out->failed = true;
    return;
  }
  size_t n = 0;
  int64_t total = 0;
  for (size_t v = 0; v < g->module_count; v++) {
    if (!sel->member_keep[v] || !(g->modules[v].flags & IMPGRAPH_MODULE_IN_STARTUP))
      continue;
    int64_t us = ipg_module_estimate(g, v);
    total += us;
    slow[n++] = (weighted){v, us};
  }
  ipg_buf_printf(out,
                 "estimated: ~%.1f ms self time in %zu start-up modules (estimates from module "
                 "kind and file size, not measured: --profile attaches measured times)\n",
                 (double)total / 1000.0, n);
  put_slowest(out, slow, n, g, true);
  free(slow);
}

/* With an attached profile: where it and the static graph disagree. */
static void put_reconciliation(ipg_buf *out, const impgraph_graph *g) {
  const impgraph_reconciliation *r = &g->weights->reconciliation;
  ipg_buf_printf(out,
                 "reconciliation with the profile:\n"
                 "  start-up eager imports: %zu, %zu observed, %zu never observed (%zu target "
                 "already loaded, usually imported first by another module; %zu target never "
                 "loaded; %zu importer never loaded)\n",
                 r->static_eager_edges, r->observed, r->never_observed,
                 r->never_observed_target_loaded, r->never_observed_target_not_loaded,
                 r->never_observed_importer_not_loaded);
  ipg_buf_printf(out,
                 "  modules: %zu of %zu start-up modules loaded; %zu more graph modules loaded "
                 "outside the start-up set (%.1f ms); %zu profile modules not in the graph "
                 "(%.1f ms)\n",
                 r->startup_modules_loaded, r->startup_modules, r->loaded_outside_startup,
                 (double)r->loaded_outside_startup_self_us / 1000.0, r->unmatched_modules,
                 (double)r->unmatched_self_us / 1000.0);
  ipg_buf_printf(out,
                 "  observed imports: %zu, %zu with a static edge, %zu observed only, %zu from "
                 "modules not scanned (--full scans them), %zu ignored (interpreter start-up, "
                 "parent packages, self-imports, ambiguous), %zu with modules not in the "
                 "graph\n",
                 r->observed_pairs, r->observed_static, r->observed_only, r->observed_unscanned,
                 r->observed_ignored, r->observed_unmatched);
}

/* The observed-only edges the view keeps, the first 20. */
static void put_observed_only(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel) {
  size_t shown = 0, kept = 0;
  for (size_t e = g->edge_count; e < ipg_graph_edge_total(g); e++) {
    if (!sel->edge_keep[e])
      continue;
    if (kept++ == 0)
      ipg_buf_puts(out, "  observed-only imports (seen in the profile, no static import):\n");
    if (shown < 20) {
      const impgraph_edge *edge = ipg_graph_edge_at(g, e);
      ipg_buf_printf(out, "    %s -> %s\n", g->modules[edge->from].name, g->modules[edge->to].name);
      shown++;
    }
  }
  if (kept > shown)
    ipg_buf_printf(out, "    ... and %zu more (--format json lists them)\n", kept - shown);
}

static void put_missing(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel) {
  size_t count = 0;
  for (size_t v = 0; v < g->module_count; v++)
    count += sel->member_keep[v] && g->modules[v].kind == IMPGRAPH_MODULE_MISSING;
  if (!count)
    return;
  ipg_buf_printf(out, "missing modules: %zu\n", count);
  for (size_t v = 0; v < g->module_count; v++) {
    const impgraph_module *m = &g->modules[v];
    if (!sel->member_keep[v] || m->kind != IMPGRAPH_MODULE_MISSING)
      continue;
    ipg_buf_printf(out, "  %s", m->name);
    const char *flags[3];
    size_t n = 0;
    if (m->flags & IMPGRAPH_MODULE_MISSING_OPTIONAL)
      flags[n++] = "optional";
    if (m->flags & IMPGRAPH_MODULE_MISSING_CONDITIONAL)
      flags[n++] = "conditional";
    if (m->flags & IMPGRAPH_MODULE_MISSING_TYPE_CHECKING)
      flags[n++] = "type_checking";
    for (size_t i = 0; i < n; i++)
      ipg_buf_printf(out, "%s%s", i ? ", " : "  [", flags[i]);
    if (n)
      ipg_buf_putc(out, ']');
    ipg_buf_printf(out, ": %s", m->reason ? m->reason : "not found");
    size_t site;
    if (ipg_importers(g, v, &site, 1) && g->edges[site].kind == IMPGRAPH_EDGE_NATIVE)
      ipg_buf_printf(out, " (imported by the C code of %s)", g->modules[g->edges[site].from].name);
    else if (ipg_importers(g, v, &site, 1))
      ipg_buf_printf(out, " (imported at %s:%u)", g->edges[site].file ? g->edges[site].file : "?",
                     g->edges[site].line);
    ipg_buf_putc(out, '\n');
  }
}

/* Modules whose import raises: where, and which missing module it comes
   from. */
static void put_failing(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel) {
  size_t count = 0;
  for (size_t v = 0; v < g->module_count; v++)
    count += sel->member_keep[v] && (g->modules[v].flags & IMPGRAPH_MODULE_FAILS);
  if (!count)
    return;
  ipg_buf_printf(out,
                 "modules that fail to import: %zu (not loaded; their imports after the "
                 "failing one never run)\n",
                 count);
  for (size_t v = 0; v < g->module_count; v++) {
    const ipg_failure *f = &g->failures[v];
    if (!sel->member_keep[v] || f->edge == NONE)
      continue;
    const impgraph_edge *e = &g->edges[f->edge];
    const impgraph_module *to = &g->modules[e->to], *missing = &g->modules[f->missing];
    ipg_buf_printf(out, "  %s%s: ", g->modules[v].name, f->reached ? "" : " [not imported]");
    const char *reason = missing->reason ? missing->reason : "not found";
    if (e->kind == IMPGRAPH_EDGE_PARENT)
      ipg_buf_printf(out, "its parent package %s fails", to->name);
    else
      ipg_buf_printf(out, "%s:%u imports %s, which %s", e->file ? e->file : "?", e->line, to->name,
                     to->kind == IMPGRAPH_MODULE_MISSING ? "is missing" : "fails");
    if (to->kind == IMPGRAPH_MODULE_MISSING)
      ipg_buf_printf(out, " (%s)\n", reason);
    else
      ipg_buf_printf(out, " (%s is missing: %s)\n", missing->name, reason);
  }
}

static void put_diagnostic(ipg_buf *out, const impgraph_diagnostic *d) {
  ipg_buf_puts(out, "  ");
  if (d->path && d->line)
    ipg_buf_printf(out, "%s:%u:%u: ", d->path, d->line, d->column);
  else if (d->path)
    ipg_buf_printf(out, "%s: ", d->path);
  ipg_buf_printf(out, "%s: %s [%s]\n", ipg_severity_name(d->severity), d->message, d->code);
}

/* Errors and warnings are listed; notes only when they are about the whole
   run or a first-party file (the others are counted). */
static int put_diagnostics(ipg_buf *out, const impgraph_graph *g) {
  ipg_map first_party;
  ipg_map_init(&first_party);
  for (size_t v = 0; v < g->module_count; v++) {
    /* The file its scan's notes name (a mypyc-compiled module's `.py`). */
    const char *file = ipg_graph_module_file(g, v);
    if (g->modules[v].origin == IMPGRAPH_ORIGIN_FIRST_PARTY && file &&
        ipg_map_put(&first_party, file, (void *)1)) {
      ipg_map_free(&first_party);
      return IMPGRAPH_ENOMEM;
    }
  }
  size_t hidden = 0, shown = 0;
  for (size_t i = 0; i < g->diagnostic_count; i++) {
    const impgraph_diagnostic *d = &g->diagnostics[i];
    bool show =
        d->severity != IMPGRAPH_SEVERITY_NOTE || !d->path || ipg_map_get(&first_party, d->path);
    if (!show) {
      hidden++;
      continue;
    }
    if (!shown++)
      ipg_buf_printf(out, "diagnostics: %zu\n", g->diagnostic_count);
    put_diagnostic(out, d);
  }
  if (hidden && !shown)
    ipg_buf_printf(out, "diagnostics: %zu\n", g->diagnostic_count);
  if (hidden)
    ipg_buf_printf(out,
                   "  ... and %zu note%s about other modules' files (--format json lists "
                   "them)\n",
                   hidden, hidden == 1 ? "" : "s");
  ipg_map_free(&first_party);
  return IMPGRAPH_OK;
}

int ipg_render_graph_text(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel,
                          const impgraph_graph_view *view) {
  ipg_buf_printf(out, "impgraph graph: %zu modules, %zu edges, %zu entr%s\n", g->module_count,
                 ipg_graph_edge_total(g), g->entry_count, g->entry_count == 1 ? "y" : "ies");
  ipg_put_python_line(out, g);
  put_roots_and_entries(out, g);
  put_view(out, view, sel);
  put_counts(out, g, sel);
  put_startup(out, g, sel);
  if (g->weights) {
    put_measured(out, g, sel);
    put_reconciliation(out, g);
    put_observed_only(out, g, sel);
  } else {
    put_estimated(out, g, sel);
  }
  put_missing(out, g, sel);
  put_failing(out, g, sel);
  if (g->dynamic_import_count)
    ipg_buf_printf(out, "dynamic imports: %zu (module name not a literal; not followed)\n",
                   g->dynamic_import_count);
  return put_diagnostics(out, g);
}

/* ---- why ---- */

static void put_chain(ipg_buf *out, const impgraph_graph *g, const size_t *edges, size_t len,
                      size_t index) {
  size_t entry = g->edges[edges[0]].from;
  ipg_buf_printf(out, "\n%zu. from entry %s (%zu import%s)\n", index + 1, g->modules[entry].name,
                 len, len == 1 ? "" : "s");
  for (size_t i = 0; i < len; i++) {
    ipg_buf_puts(out, "   ");
    ipg_put_edge_line(out, g, &g->edges[edges[i]]);
    ipg_buf_putc(out, '\n');
  }
}

int ipg_render_why_text(ipg_buf *out, const impgraph_graph *g, const ipg_why *why) {
  if (!why->loaded) {
    ipg_buf_printf(out, "%s\n", why->reason ? why->reason : why->module);
    if (why->id == NONE)
      return IMPGRAPH_OK;
    size_t sites[20];
    size_t total = ipg_importers(g, why->id, sites, 20);
    if (total)
      ipg_buf_printf(out, "imported at %zu site%s:\n", total, total == 1 ? "" : "s");
    for (size_t i = 0; i < total && i < 20; i++) {
      ipg_buf_puts(out, "  ");
      ipg_put_edge_line(out, g, &g->edges[sites[i]]);
      ipg_buf_putc(out, '\n');
    }
    if (total > 20)
      ipg_buf_printf(out, "  ... and %zu more\n", total - 20);
    return IMPGRAPH_OK;
  }
  if (why->chain_count == 1 && why->lengths[0] == 0) {
    ipg_buf_printf(out, "%s is an entry point: importing it is what the program does\n",
                   why->module);
    return IMPGRAPH_OK;
  }
  size_t len = why->chain_count ? why->lengths[0] : 0;
  ipg_buf_printf(out, "%s is loaded at start-up: %zu shortest import chain%s of %zu import%s\n",
                 why->module, why->chain_count, why->chain_count == 1 ? "" : "s", len,
                 len == 1 ? "" : "s");
  size_t at = 0;
  for (size_t c = 0; c < why->chain_count; c++) {
    put_chain(out, g, why->edges + at, why->lengths[c], c);
    at += why->lengths[c];
  }
  return IMPGRAPH_OK;
}

/* ---- cycles ---- */

int ipg_render_cycles_text(ipg_buf *out, const impgraph_graph *g, const ipg_cycles *c) {
  size_t first_party = 0, modules = 0, edges = 0;
  for (size_t v = 0; v < g->module_count; v++)
    first_party += g->modules[v].origin == IMPGRAPH_ORIGIN_FIRST_PARTY;
  for (size_t i = 0; i < c->count; i++) {
    modules += c->module_counts[i];
    edges += c->edge_counts[i];
  }
  if (!c->count) {
    ipg_buf_printf(out, "no import cycles among the %zu first-party modules\n", first_party);
    return IMPGRAPH_OK;
  }
  ipg_buf_printf(out,
                 "%zu import cycle%s among the %zu first-party modules (%zu modules, %zu "
                 "imports)\n",
                 c->count, c->count == 1 ? "" : "s", first_party, modules, edges);
  size_t mod_at = 0, edge_at = 0;
  for (size_t i = 0; i < c->count; i++) {
    size_t eager = 0;
    for (size_t k = 0; k < c->edge_counts[i]; k++) {
      impgraph_edge_kind kind = g->edges[c->edges[edge_at + k]].kind;
      eager += kind == IMPGRAPH_EDGE_EAGER || kind == IMPGRAPH_EDGE_CALLED; /* run on import */
    }
    ipg_buf_printf(out, "\ncycle %zu (%zu modules, %zu of its %zu imports eager):", i + 1,
                   c->module_counts[i], eager, c->edge_counts[i]);
    for (size_t k = 0; k < c->module_counts[i]; k++)
      ipg_buf_printf(out, " %s", g->modules[c->modules[mod_at + k]].name);
    ipg_buf_putc(out, '\n');
    for (size_t k = 0; k < c->edge_counts[i]; k++) {
      ipg_buf_puts(out, "  ");
      ipg_put_edge_line(out, g, &g->edges[c->edges[edge_at + k]]);
      ipg_buf_putc(out, '\n');
    }
    mod_at += c->module_counts[i];
    edge_at += c->edge_counts[i];
  }
  return IMPGRAPH_OK;
}
