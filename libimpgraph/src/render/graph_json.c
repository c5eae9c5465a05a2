/* JSON rendering of the module graph (schema "impgraph-graph"), of `why`
 * answers ("impgraph-why") and of import cycles ("impgraph-cycles"); see
 * docs/formats/graph.md. Key order is fixed and nodes/edges come in id
 * order, so output is deterministic and diffable. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/graph_render.h"
#include "render/json_util.h"

#define NONE SIZE_MAX

static json_t *size_json(size_t n) {
  return json_integer((json_int_t)n);
}

static json_t *strings_json(ipg_json_ctx *ctx, const char *const *items, size_t count) {
  json_t *arr = json_array();
  for (size_t i = 0; i < count; i++)
    ipg_json_append(ctx, arr, ipg_json_str(items[i]));
  return arr;
}

static json_t *document(ipg_json_ctx *ctx, const char *schema, int version) {
  json_t *root = json_object();
  ipg_json_set(ctx, root, "schema", json_string(schema));
  ipg_json_set(ctx, root, "schema_version", json_integer(version));
  ipg_json_set(ctx, root, "impgraph_version", json_string(impgraph_version()));
  return root;
}

/* ---- pieces ---- */

static json_t *python_json(ipg_json_ctx *ctx, const impgraph_graph *g) {
  const ipg_probe *p = g->probe;
  json_t *o = json_object();
  ipg_json_set(ctx, o, "mode", json_string(p->is_static ? "static" : "probe"));
  ipg_json_set(ctx, o, "interpreter", ipg_json_str(p->interpreter));
  ipg_json_set(ctx, o, "executable", ipg_json_str(p->executable));
  char version[48];
  if (p->version_micro >= 0)
    snprintf(version, sizeof version, "%d.%d.%d", p->version_major, p->version_minor,
             p->version_micro);
  else
    snprintf(version, sizeof version, "%d.%d", p->version_major, p->version_minor);
  ipg_json_set(ctx, o, "version", json_string(version));
  ipg_json_set(ctx, o, "implementation", ipg_json_str(p->implementation));
  ipg_json_set(ctx, o, "platform", ipg_json_str(p->platform));
  ipg_json_set(ctx, o, "builtins_known", json_boolean(p->builtins_known));
  ipg_json_set(ctx, o, "stdlib_known", json_boolean(p->stdlib_source != IPG_STDLIB_UNKNOWN));
  ipg_json_set(ctx, o, "preloaded_known", json_boolean(p->startup_modules_known));
  return o;
}

static json_t *roots_json(ipg_json_ctx *ctx, const impgraph_graph *g) {
  json_t *arr = json_array();
  for (size_t i = 0; i < g->root_count; i++) {
    const ipg_graph_root *r = &g->roots[i];
    json_t *o = json_object();
    ipg_json_set(ctx, o, "path", ipg_json_str(r->path));
    ipg_json_set(ctx, o, "layout", json_string(ipg_layout_name(r->layout)));
    ipg_json_set(ctx, o, "search_path", ipg_json_str(r->search_entry));
    ipg_json_set(ctx, o, "top_level", strings_json(ctx, r->top_level, r->top_level_count));
    ipg_json_set(ctx, o, "pyproject", ipg_json_str(r->pyproject));
    ipg_json_append(ctx, arr, o);
  }
  return arr;
}

static json_t *entries_json(ipg_json_ctx *ctx, const impgraph_graph *g) {
  json_t *arr = json_array();
  for (size_t i = 0; i < g->entry_count; i++) {
    const impgraph_entry *e = &g->entries[i];
    json_t *o = json_object();
    ipg_json_set(ctx, o, "spec", ipg_json_str(e->spec));
    ipg_json_set(ctx, o, "module", ipg_json_str(g->modules[e->module].name));
    ipg_json_set(ctx, o, "function", ipg_json_str(e->function));
    ipg_json_set(ctx, o, "script", ipg_json_str(e->script));
    ipg_json_append(ctx, arr, o);
  }
  return arr;
}

static json_t *view_json(ipg_json_ctx *ctx, const impgraph_graph_view *view, const ipg_view_sel *sel) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "startup", json_boolean(view && (view->flags & IMPGRAPH_VIEW_STARTUP)));
  ipg_json_set(ctx, o, "collapse", json_boolean(sel->collapse));
  ipg_json_set(ctx, o, "max_depth", json_integer(view ? view->max_depth : 0));
  ipg_json_set(ctx, o, "include",
      strings_json(ctx, view ? view->include : NULL, view ? view->include_count : 0));
  ipg_json_set(ctx, o, "exclude",
      strings_json(ctx, view ? view->exclude : NULL, view ? view->exclude_count : 0));
  return o;
}

/* Why a module fails to import (IMPGRAPH_MODULE_FAILS), or null. */
static json_t *failure_json(ipg_json_ctx *ctx, const impgraph_graph *g, size_t v) {
  const ipg_failure *f = &g->failures[v];
  if (f->edge == NONE)
    return json_null();
  const impgraph_edge *e = &g->edges[f->edge];
  bool parent = e->kind == IMPGRAPH_EDGE_PARENT;
  const impgraph_module *missing = &g->modules[f->missing];
  json_t *o = json_object();
  ipg_json_set(ctx, o, "edge", size_json(f->edge));
  ipg_json_set(ctx, o, "file", ipg_json_str(parent ? NULL : e->file));
  ipg_json_set(ctx, o, "line", json_integer(parent ? 0 : e->line));
  ipg_json_set(ctx, o, "imported", ipg_json_str(g->modules[e->to].name));
  ipg_json_set(ctx, o, "parent", json_boolean(parent));
  ipg_json_set(ctx, o, "missing", ipg_json_str(missing->name));
  ipg_json_set(ctx, o, "reason", ipg_json_str(missing->reason));
  ipg_json_set(ctx, o, "reached", json_boolean(f->reached));
  return o;
}

/* `sel` is the view of a graph document (NULL in `why` and `cycles`
   documents): only graph documents carry estimates. */
static json_t *node_json(ipg_json_ctx *ctx, const impgraph_graph *g, size_t v,
                         const ipg_view_sel *sel) {
  const impgraph_module *m = &g->modules[v];
  json_t *o = json_object();
  ipg_json_set(ctx, o, "id", size_json(v));
  ipg_json_set(ctx, o, "name", ipg_json_str(m->name));
  ipg_json_set(ctx, o, "kind", json_string(ipg_module_kind_label(m->kind)));
  ipg_json_set(ctx, o, "origin", json_string(ipg_origin_label(m->origin)));
  ipg_json_set(ctx, o, "first_party", json_boolean(m->origin == IMPGRAPH_ORIGIN_FIRST_PARTY));
  ipg_json_set(ctx, o, "path", ipg_json_str(m->path));
  if (g->source && g->source[v])
    ipg_json_set(ctx, o, "source", ipg_json_str(g->source[v]));
  ipg_json_set(ctx, o, "startup", json_boolean(m->flags & IMPGRAPH_MODULE_IN_STARTUP));
  ipg_json_set(ctx, o, "entry", json_boolean(m->flags & IMPGRAPH_MODULE_IS_ENTRY));
  ipg_json_set(ctx, o, "preloaded", json_boolean(m->flags & IMPGRAPH_MODULE_PRELOADED));
  ipg_json_set(ctx, o, "expanded", json_boolean(m->flags & IMPGRAPH_MODULE_EXPANDED));
  const char *names[16];
  size_t n = ipg_module_flag_labels(m->flags, names, 16);
  ipg_json_set(ctx, o, "flags", strings_json(ctx, names, n));
  ipg_json_set(ctx, o, "reason", ipg_json_str(m->reason));
  ipg_json_set(ctx, o, "failure", failure_json(ctx, g, v));
  if (sel && sel->collapse && m->origin == IMPGRAPH_ORIGIN_THIRD_PARTY && sel->rep[v] == v)
    ipg_json_set(ctx, o, "collapsed_modules", size_json(sel->group_size[v]));
  if (g->weights) {
    bool measured = g->weights->measured[v];
    ipg_json_set(ctx, o, "self_us",
                 measured ? json_integer((json_int_t)g->weights->self_us[v]) : json_null());
    ipg_json_set(ctx, o, "cumulative_us",
                 measured ? json_integer((json_int_t)g->weights->cumulative_us[v]) : json_null());
  } else if (sel) {
    ipg_json_set(ctx, o, "estimate_self_us", json_integer((json_int_t)ipg_module_estimate(g, v)));
  }
  return o;
}

static json_t *names_json(ipg_json_ctx *ctx, const char *names) {
  if (!names)
    return json_null();
  json_t *arr = json_array();
  for (const char *p = names;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    ipg_json_append(ctx, arr, json_stringn(p, len));
    if (!comma)
      break;
    p = comma + 1;
  }
  return arr;
}

static json_t *edge_json(ipg_json_ctx *ctx, const impgraph_graph *g, size_t id,
                         const ipg_view_sel *sel) {
  const impgraph_edge *e = ipg_graph_edge_at(g, id);
  size_t from = sel ? sel->rep[e->from] : e->from, to = sel ? sel->rep[e->to] : e->to;
  json_t *o = json_object();
  ipg_json_set(ctx, o, "id", size_json(id));
  ipg_json_set(ctx, o, "from", ipg_json_str(g->modules[from].name));
  ipg_json_set(ctx, o, "to", ipg_json_str(g->modules[to].name));
  ipg_json_set(ctx, o, "kind", json_string(ipg_edge_kind_label(e->kind)));
  const char *flags[32];
  size_t n = ipg_ctx_flag_names(e->flags, flags, 32);
  ipg_json_set(ctx, o, "flags", strings_json(ctx, flags, n));
  ipg_json_set(ctx, o, "file", ipg_json_str(e->file));
  ipg_json_set(ctx, o, "line", json_integer(e->line));
  ipg_json_set(ctx, o, "column", json_integer(e->column));
  ipg_json_set(ctx, o, "names", names_json(ctx, e->names));
  ipg_json_set(ctx, o, "scope", ipg_json_str(e->scope));
  ipg_json_set(ctx, o, "import_index", e->import_index == NONE ? json_null() : size_json(e->import_index));
  ipg_json_set(ctx, o, "startup", json_boolean(ipg_graph_edge_startup(g, id)));
  if (g->weights)
    ipg_json_set(ctx, o, "observed", json_boolean(ipg_graph_edge_observed(g, id)));
  if (e->kind == IMPGRAPH_EDGE_CALLED && e->call_module < g->module_count) {
    const impgraph_module *caller = &g->modules[e->call_module];
    json_t *call = json_object();
    ipg_json_set(ctx, call, "module", ipg_json_str(caller->name));
    ipg_json_set(ctx, call, "file", ipg_json_str(ipg_graph_module_file(g, e->call_module)));
    ipg_json_set(ctx, call, "line", json_integer(e->call_line));
    ipg_json_set(ctx, call, "column", json_integer(e->call_column));
    ipg_json_set(ctx, o, "call", call);
  }
  return o;
}

static json_t *reconciliation_json(ipg_json_ctx *ctx, const impgraph_reconciliation *r) {
  json_t *o = json_object();
  json_t *edges = json_object();
  ipg_json_set(ctx, edges, "static_eager", size_json(r->static_eager_edges));
  ipg_json_set(ctx, edges, "observed", size_json(r->observed));
  ipg_json_set(ctx, edges, "never_observed", size_json(r->never_observed));
  ipg_json_set(ctx, edges, "never_observed_target_loaded",
               size_json(r->never_observed_target_loaded));
  ipg_json_set(ctx, edges, "never_observed_target_not_loaded",
               size_json(r->never_observed_target_not_loaded));
  ipg_json_set(ctx, edges, "never_observed_importer_not_loaded",
               size_json(r->never_observed_importer_not_loaded));
  ipg_json_set(ctx, o, "startup_edges", edges);
  json_t *modules = json_object();
  ipg_json_set(ctx, modules, "startup", size_json(r->startup_modules));
  ipg_json_set(ctx, modules, "startup_loaded", size_json(r->startup_modules_loaded));
  ipg_json_set(ctx, modules, "loaded_outside_startup", size_json(r->loaded_outside_startup));
  ipg_json_set(ctx, modules, "loaded_outside_startup_self_us",
               json_integer((json_int_t)r->loaded_outside_startup_self_us));
  ipg_json_set(ctx, modules, "unmatched", size_json(r->unmatched_modules));
  ipg_json_set(ctx, modules, "unmatched_self_us", json_integer((json_int_t)r->unmatched_self_us));
  ipg_json_set(ctx, o, "modules", modules);
  json_t *pairs = json_object();
  ipg_json_set(ctx, pairs, "total", size_json(r->observed_pairs));
  ipg_json_set(ctx, pairs, "static", size_json(r->observed_static));
  ipg_json_set(ctx, pairs, "observed_only", size_json(r->observed_only));
  ipg_json_set(ctx, pairs, "unscanned", size_json(r->observed_unscanned));
  ipg_json_set(ctx, pairs, "ignored", size_json(r->observed_ignored));
  ipg_json_set(ctx, pairs, "unmatched", size_json(r->observed_unmatched));
  ipg_json_set(ctx, o, "observed_imports", pairs);
  return o;
}

/* Only present with an attached profile, so documents without one are
   unchanged. */
static json_t *profile_json(ipg_json_ctx *ctx, const impgraph_graph *g) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "attached", json_true());
  ipg_json_set(ctx, o, "unmatched_modules", size_json(g->weights->unmatched_count));
  ipg_json_set(ctx, o, "unmatched_self_us", json_integer((json_int_t)g->weights->unmatched_self_us));
  return o;
}

static json_t *summary_json(ipg_json_ctx *ctx, const impgraph_graph *g, const ipg_view_sel *sel) {
  size_t origins[IPG_ORIGIN_COUNT] = {0}, kinds[IPG_MODULE_KIND_COUNT] = {0},
         edge_kinds[IPG_EDGE_KIND_COUNT] = {0};
  size_t startup = 0, preloaded = 0, missing = 0, failing = 0;
  for (size_t v = 0; v < g->module_count; v++) {
    const impgraph_module *m = &g->modules[v];
    if (sel->keep[v]) {
      origins[m->origin]++;
      kinds[m->kind]++;
    }
    if (!sel->member_keep[v])
      continue;
    startup += (m->flags & IMPGRAPH_MODULE_IN_STARTUP) != 0;
    preloaded += (m->flags & IMPGRAPH_MODULE_PRELOADED) != 0;
    missing += m->kind == IMPGRAPH_MODULE_MISSING;
    failing += (m->flags & IMPGRAPH_MODULE_FAILS) != 0;
  }
  for (size_t e = 0; e < ipg_graph_edge_total(g); e++)
    if (sel->edge_keep[e])
      edge_kinds[ipg_graph_edge_at(g, e)->kind]++;
  json_t *o = json_object();
  ipg_json_set(ctx, o, "modules", size_json(sel->kept_modules));
  ipg_json_set(ctx, o, "edges", size_json(sel->kept_edges));
  ipg_json_set(ctx, o, "entries", size_json(g->entry_count));
  ipg_json_set(ctx, o, "startup_modules", size_json(startup));
  ipg_json_set(ctx, o, "preloaded_modules", size_json(preloaded));
  ipg_json_set(ctx, o, "missing_modules", size_json(missing));
  ipg_json_set(ctx, o, "failing_modules", size_json(failing));
  ipg_json_set(ctx, o, "dynamic_imports", size_json(g->dynamic_import_count));
  ipg_json_set(ctx, o, "diagnostics", size_json(g->diagnostic_count));
  json_t *by = json_object();
  for (int i = 0; i < IPG_ORIGIN_COUNT; i++)
    ipg_json_set(ctx, by, ipg_origin_label(i), size_json(origins[i]));
  ipg_json_set(ctx, o, "by_origin", by);
  by = json_object();
  for (int i = 0; i < IPG_MODULE_KIND_COUNT; i++)
    ipg_json_set(ctx, by, ipg_module_kind_label(i), size_json(kinds[i]));
  ipg_json_set(ctx, o, "by_kind", by);
  by = json_object();
  for (int i = 0; i < IPG_EDGE_KIND_COUNT; i++)
    if (ipg_edge_kind_defined(i))
      ipg_json_set(ctx, by, ipg_edge_kind_label(i), size_json(edge_kinds[i]));
  ipg_json_set(ctx, o, "edges_by_kind", by);
  return o;
}

int ipg_render_graph_json(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel,
                          const impgraph_graph_view *view) {
  ipg_json_ctx ctx = {false};
  json_t *root = document(&ctx, "impgraph-graph", IMPGRAPH_GRAPH_SCHEMA_VERSION);
  ipg_json_set(&ctx, root, "python", python_json(&ctx, g));
  ipg_json_set(&ctx, root, "search_path", strings_json(&ctx, g->search_path, g->search_path_count));
  ipg_json_set(&ctx, root, "roots", roots_json(&ctx, g));
  ipg_json_set(&ctx, root, "entries", entries_json(&ctx, g));
  ipg_json_set(&ctx, root, "view", view_json(&ctx, view, sel));
  ipg_json_set(&ctx, root, "weights", json_string(g->weights ? "measured" : "estimated"));
  if (g->weights) {
    ipg_json_set(&ctx, root, "profile", profile_json(&ctx, g));
    ipg_json_set(&ctx, root, "reconciliation",
                 reconciliation_json(&ctx, &g->weights->reconciliation));
  }
  /* Nodes and edges, the bulk of a large graph, are streamed: each is
     built, written and released in turn (no tree of the whole document). */
  int rc = ipg_json_document_open(out, &ctx, root);
  if (rc)
    return rc;
  ipg_json_array_stream a;
  ipg_json_array_open(out, &a, "nodes");
  for (size_t v = 0; v < g->module_count && !ctx.failed; v++)
    if (sel->keep[v])
      ipg_json_array_add(out, &ctx, &a, node_json(&ctx, g, v, sel));
  ipg_json_array_close(out, &a);
  ipg_json_array_open(out, &a, "edges");
  for (size_t e = 0; e < ipg_graph_edge_total(g) && !ctx.failed; e++)
    if (sel->edge_keep[e])
      ipg_json_array_add(out, &ctx, &a, edge_json(&ctx, g, e, sel));
  ipg_json_array_close(out, &a);
  ipg_json_array_open(out, &a, "diagnostics");
  for (size_t i = 0; i < g->diagnostic_count && !ctx.failed; i++)
    ipg_json_array_add(out, &ctx, &a, ipg_json_diagnostic(&ctx, &g->diagnostics[i], true));
  ipg_json_array_close(out, &a);
  ipg_json_document_key(out, &ctx, "summary", summary_json(&ctx, g, sel));
  return ipg_json_document_close(out, &ctx);
}

/* ---- why ---- */

int ipg_render_why_json(ipg_buf *out, const impgraph_graph *g, const ipg_why *why) {
  ipg_json_ctx ctx = {false};
  json_t *root = document(&ctx, "impgraph-why", IMPGRAPH_WHY_SCHEMA_VERSION);
  ipg_json_set(&ctx, root, "module", ipg_json_str(why->module));
  ipg_json_set(&ctx, root, "in_graph", json_boolean(why->id != NONE));
  ipg_json_set(&ctx, root, "loaded", json_boolean(why->loaded));
  ipg_json_set(&ctx, root, "entry",
      json_boolean(why->id != NONE && (g->modules[why->id].flags & IMPGRAPH_MODULE_IS_ENTRY)));
  ipg_json_set(&ctx, root, "reason", ipg_json_str(why->loaded ? NULL : why->reason));
  ipg_json_set(&ctx, root, "node", why->id != NONE ? node_json(&ctx, g, why->id, NULL) : json_null());
  json_t *chains = json_array();
  size_t at = 0;
  for (size_t c = 0; c < why->chain_count && !ctx.failed; c++) {
    json_t *chain = json_object();
    size_t len = why->lengths[c];
    size_t entry = len ? g->edges[why->edges[at]].from : why->id;
    ipg_json_set(&ctx, chain, "entry", ipg_json_str(g->modules[entry].name));
    ipg_json_set(&ctx, chain, "length", size_json(len));
    json_t *hops = json_array();
    for (size_t i = 0; i < len; i++)
      ipg_json_append(&ctx, hops, edge_json(&ctx, g, why->edges[at + i], NULL));
    ipg_json_set(&ctx, chain, "edges", hops);
    ipg_json_append(&ctx, chains, chain);
    at += len;
  }
  ipg_json_set(&ctx, root, "chains", chains);
  json_t *importers = json_array();
  if (!why->loaded && why->id != NONE) {
    size_t total = ipg_importers(g, why->id, NULL, 0);
    size_t *sites = malloc((total ? total : 1) * sizeof *sites);
    if (!sites)
      ctx.failed = true;
    else
      ipg_importers(g, why->id, sites, total);
    for (size_t i = 0; sites && i < total; i++)
      ipg_json_append(&ctx, importers, edge_json(&ctx, g, sites[i], NULL));
    free(sites);
  }
  ipg_json_set(&ctx, root, "imported_by", importers);
  return ipg_json_dump(out, &ctx, root, 0);
}

/* ---- cycles ---- */

int ipg_render_cycles_json(ipg_buf *out, const impgraph_graph *g, const ipg_cycles *c) {
  ipg_json_ctx ctx = {false};
  json_t *root = document(&ctx, "impgraph-cycles", IMPGRAPH_CYCLES_SCHEMA_VERSION);
  json_t *cycles = json_array();
  size_t mod_at = 0, edge_at = 0, modules = 0, edges = 0, first_party = 0;
  for (size_t i = 0; i < c->count && !ctx.failed; i++) {
    json_t *cycle = json_object();
    json_t *names = json_array();
    for (size_t k = 0; k < c->module_counts[i]; k++)
      ipg_json_append(&ctx, names, ipg_json_str(g->modules[c->modules[mod_at + k]].name));
    ipg_json_set(&ctx, cycle, "modules", names);
    json_t *arr = json_array();
    size_t eager = 0;
    for (size_t k = 0; k < c->edge_counts[i]; k++) {
      size_t e = c->edges[edge_at + k];
      impgraph_edge_kind kind = g->edges[e].kind;
      eager += kind == IMPGRAPH_EDGE_EAGER || kind == IMPGRAPH_EDGE_CALLED; /* run on import */
      ipg_json_append(&ctx, arr, edge_json(&ctx, g, e, NULL));
    }
    ipg_json_set(&ctx, cycle, "eager_edges", size_json(eager));
    ipg_json_set(&ctx, cycle, "edges", arr);
    ipg_json_append(&ctx, cycles, cycle);
    modules += c->module_counts[i];
    edges += c->edge_counts[i];
    mod_at += c->module_counts[i];
    edge_at += c->edge_counts[i];
  }
  ipg_json_set(&ctx, root, "cycles", cycles);
  for (size_t v = 0; v < g->module_count; v++)
    first_party += g->modules[v].origin == IMPGRAPH_ORIGIN_FIRST_PARTY;
  json_t *summary = json_object();
  ipg_json_set(&ctx, summary, "cycles", size_json(c->count));
  ipg_json_set(&ctx, summary, "modules", size_json(modules));
  ipg_json_set(&ctx, summary, "edges", size_json(edges));
  ipg_json_set(&ctx, summary, "first_party_modules", size_json(first_party));
  ipg_json_set(&ctx, root, "summary", summary);
  return ipg_json_dump(out, &ctx, root, 0);
}
