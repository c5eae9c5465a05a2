/* JSON rendering of the module graph (schema "impgraph-graph"), of `why`
 * answers ("impgraph-why") and of import cycles ("impgraph-cycles"); see
 * docs/formats/graph.md. Key order is fixed and nodes/edges come in id
 * order, so output is deterministic and diffable. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/graph_render.h"

#define NONE SIZE_MAX

typedef struct json_ctx {
  bool failed;
} json_ctx;

static void set(json_ctx *ctx, json_t *obj, const char *key, json_t *value) {
  if (!value || !obj || json_object_set_new(obj, key, value) != 0)
    ctx->failed = true;
}

static void append(json_ctx *ctx, json_t *arr, json_t *value) {
  if (!value || !arr || json_array_append_new(arr, value) != 0)
    ctx->failed = true;
}

/* Paths and names may hold bytes that are not UTF-8 (file names): written
   with U+FFFD in place of each bad byte. */
static json_t *str_or_null(const char *s) {
  if (!s)
    return json_null();
  json_t *v = json_string(s);
  if (v)
    return v;
  ipg_buf clean;
  ipg_buf_init(&clean);
  ipg_utf8_sanitize(&clean, s, strlen(s));
  v = clean.failed ? NULL : json_string(clean.data ? clean.data : "");
  ipg_buf_free(&clean);
  return v;
}

static json_t *size_json(size_t n) {
  return json_integer((json_int_t)n);
}

static json_t *strings_json(json_ctx *ctx, const char *const *items, size_t count) {
  json_t *arr = json_array();
  for (size_t i = 0; i < count; i++)
    append(ctx, arr, str_or_null(items[i]));
  return arr;
}

static json_t *document(json_ctx *ctx, const char *schema, int version) {
  json_t *root = json_object();
  set(ctx, root, "schema", json_string(schema));
  set(ctx, root, "schema_version", json_integer(version));
  set(ctx, root, "impgraph_version", json_string(impgraph_version()));
  return root;
}

static int dump(ipg_buf *out, json_ctx *ctx, json_t *root) {
  int rc = IMPGRAPH_OK;
  if (ctx->failed) {
    rc = IMPGRAPH_ENOMEM;
  } else {
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    if (!text) {
      rc = IMPGRAPH_ENOMEM;
    } else {
      ipg_buf_puts(out, text);
      ipg_buf_putc(out, '\n');
      free(text);
    }
  }
  json_decref(root);
  return rc ? rc : out->failed ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
}

/* ---- pieces ---- */

static json_t *python_json(json_ctx *ctx, const impgraph_graph *g) {
  const ipg_probe *p = g->probe;
  json_t *o = json_object();
  set(ctx, o, "mode", json_string(p->is_static ? "static" : "probe"));
  set(ctx, o, "interpreter", str_or_null(p->interpreter));
  set(ctx, o, "executable", str_or_null(p->executable));
  char version[48];
  if (p->version_micro >= 0)
    snprintf(version, sizeof version, "%d.%d.%d", p->version_major, p->version_minor,
             p->version_micro);
  else
    snprintf(version, sizeof version, "%d.%d", p->version_major, p->version_minor);
  set(ctx, o, "version", json_string(version));
  set(ctx, o, "implementation", str_or_null(p->implementation));
  set(ctx, o, "platform", str_or_null(p->platform));
  set(ctx, o, "builtins_known", json_boolean(p->builtins_known));
  set(ctx, o, "stdlib_known", json_boolean(p->stdlib_source != IPG_STDLIB_UNKNOWN));
  set(ctx, o, "preloaded_known", json_boolean(p->startup_modules_known));
  return o;
}

static json_t *roots_json(json_ctx *ctx, const impgraph_graph *g) {
  json_t *arr = json_array();
  for (size_t i = 0; i < g->root_count; i++) {
    const ipg_graph_root *r = &g->roots[i];
    json_t *o = json_object();
    set(ctx, o, "path", str_or_null(r->path));
    set(ctx, o, "layout", json_string(ipg_layout_name(r->layout)));
    set(ctx, o, "search_path", str_or_null(r->search_entry));
    set(ctx, o, "top_level", strings_json(ctx, r->top_level, r->top_level_count));
    set(ctx, o, "pyproject", str_or_null(r->pyproject));
    append(ctx, arr, o);
  }
  return arr;
}

static json_t *entries_json(json_ctx *ctx, const impgraph_graph *g) {
  json_t *arr = json_array();
  for (size_t i = 0; i < g->entry_count; i++) {
    const impgraph_entry *e = &g->entries[i];
    json_t *o = json_object();
    set(ctx, o, "spec", str_or_null(e->spec));
    set(ctx, o, "module", str_or_null(g->modules[e->module].name));
    set(ctx, o, "function", str_or_null(e->function));
    set(ctx, o, "script", str_or_null(e->script));
    append(ctx, arr, o);
  }
  return arr;
}

static json_t *view_json(json_ctx *ctx, const impgraph_graph_view *view, const ipg_view_sel *sel) {
  json_t *o = json_object();
  set(ctx, o, "startup", json_boolean(view && (view->flags & IMPGRAPH_VIEW_STARTUP)));
  set(ctx, o, "collapse", json_boolean(sel->collapse));
  set(ctx, o, "max_depth", json_integer(view ? view->max_depth : 0));
  set(ctx, o, "include",
      strings_json(ctx, view ? view->include : NULL, view ? view->include_count : 0));
  set(ctx, o, "exclude",
      strings_json(ctx, view ? view->exclude : NULL, view ? view->exclude_count : 0));
  return o;
}

static json_t *node_json(json_ctx *ctx, const impgraph_graph *g, size_t v,
                         const ipg_view_sel *sel) {
  const impgraph_module *m = &g->modules[v];
  json_t *o = json_object();
  set(ctx, o, "id", size_json(v));
  set(ctx, o, "name", str_or_null(m->name));
  set(ctx, o, "kind", json_string(ipg_module_kind_label(m->kind)));
  set(ctx, o, "origin", json_string(ipg_origin_label(m->origin)));
  set(ctx, o, "first_party", json_boolean(m->origin == IMPGRAPH_ORIGIN_FIRST_PARTY));
  set(ctx, o, "path", str_or_null(m->path));
  set(ctx, o, "startup", json_boolean(m->flags & IMPGRAPH_MODULE_IN_STARTUP));
  set(ctx, o, "entry", json_boolean(m->flags & IMPGRAPH_MODULE_IS_ENTRY));
  set(ctx, o, "preloaded", json_boolean(m->flags & IMPGRAPH_MODULE_PRELOADED));
  set(ctx, o, "expanded", json_boolean(m->flags & IMPGRAPH_MODULE_EXPANDED));
  const char *names[16];
  size_t n = ipg_module_flag_labels(m->flags, names, 16);
  set(ctx, o, "flags", strings_json(ctx, names, n));
  set(ctx, o, "reason", str_or_null(m->reason));
  if (sel && sel->collapse && m->origin == IMPGRAPH_ORIGIN_THIRD_PARTY && sel->rep[v] == v)
    set(ctx, o, "collapsed_modules", size_json(sel->group_size[v]));
  return o;
}

static json_t *names_json(json_ctx *ctx, const char *names) {
  if (!names)
    return json_null();
  json_t *arr = json_array();
  for (const char *p = names;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    append(ctx, arr, json_stringn(p, len));
    if (!comma)
      break;
    p = comma + 1;
  }
  return arr;
}

static json_t *edge_json(json_ctx *ctx, const impgraph_graph *g, size_t id,
                         const ipg_view_sel *sel) {
  const impgraph_edge *e = &g->edges[id];
  size_t from = sel ? sel->rep[e->from] : e->from, to = sel ? sel->rep[e->to] : e->to;
  json_t *o = json_object();
  set(ctx, o, "id", size_json(id));
  set(ctx, o, "from", str_or_null(g->modules[from].name));
  set(ctx, o, "to", str_or_null(g->modules[to].name));
  set(ctx, o, "kind", json_string(ipg_edge_kind_label(e->kind)));
  const char *flags[32];
  size_t n = ipg_ctx_flag_names(e->flags, flags, 32);
  set(ctx, o, "flags", strings_json(ctx, flags, n));
  set(ctx, o, "file", str_or_null(e->file));
  set(ctx, o, "line", json_integer(e->line));
  set(ctx, o, "column", json_integer(e->column));
  set(ctx, o, "names", names_json(ctx, e->names));
  set(ctx, o, "scope", str_or_null(e->scope));
  set(ctx, o, "import_index", e->import_index == NONE ? json_null() : size_json(e->import_index));
  set(ctx, o, "startup",
      json_boolean(g->followed[id] && (g->modules[e->from].flags & IMPGRAPH_MODULE_IN_STARTUP)));
  return o;
}

static json_t *diagnostic_json(json_ctx *ctx, const impgraph_diagnostic *d) {
  json_t *o = json_object();
  set(ctx, o, "path", str_or_null(d->path));
  set(ctx, o, "severity", json_string(ipg_severity_name(d->severity)));
  set(ctx, o, "code", json_string(d->code));
  set(ctx, o, "line", json_integer(d->line));
  set(ctx, o, "column", json_integer(d->column));
  set(ctx, o, "message", str_or_null(d->message));
  return o;
}

static json_t *summary_json(json_ctx *ctx, const impgraph_graph *g, const ipg_view_sel *sel) {
  size_t origins[IPG_ORIGIN_COUNT] = {0}, kinds[IPG_MODULE_KIND_COUNT] = {0},
         edge_kinds[IPG_EDGE_KIND_COUNT] = {0};
  size_t startup = 0, preloaded = 0, missing = 0;
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
  }
  for (size_t e = 0; e < g->edge_count; e++)
    if (sel->edge_keep[e])
      edge_kinds[g->edges[e].kind]++;
  json_t *o = json_object();
  set(ctx, o, "modules", size_json(sel->kept_modules));
  set(ctx, o, "edges", size_json(sel->kept_edges));
  set(ctx, o, "entries", size_json(g->entry_count));
  set(ctx, o, "startup_modules", size_json(startup));
  set(ctx, o, "preloaded_modules", size_json(preloaded));
  set(ctx, o, "missing_modules", size_json(missing));
  set(ctx, o, "dynamic_imports", size_json(g->dynamic_import_count));
  set(ctx, o, "diagnostics", size_json(g->diagnostic_count));
  json_t *by = json_object();
  for (int i = 0; i < IPG_ORIGIN_COUNT; i++)
    set(ctx, by, ipg_origin_label(i), size_json(origins[i]));
  set(ctx, o, "by_origin", by);
  by = json_object();
  for (int i = 0; i < IPG_MODULE_KIND_COUNT; i++)
    set(ctx, by, ipg_module_kind_label(i), size_json(kinds[i]));
  set(ctx, o, "by_kind", by);
  by = json_object();
  for (int i = 0; i < IPG_EDGE_KIND_COUNT; i++)
    set(ctx, by, ipg_edge_kind_label(i), size_json(edge_kinds[i]));
  set(ctx, o, "edges_by_kind", by);
  return o;
}

int ipg_render_graph_json(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel,
                          const impgraph_graph_view *view) {
  json_ctx ctx = {false};
  json_t *root = document(&ctx, "impgraph-graph", IMPGRAPH_GRAPH_SCHEMA_VERSION);
  set(&ctx, root, "python", python_json(&ctx, g));
  set(&ctx, root, "search_path", strings_json(&ctx, g->search_path, g->search_path_count));
  set(&ctx, root, "roots", roots_json(&ctx, g));
  set(&ctx, root, "entries", entries_json(&ctx, g));
  set(&ctx, root, "view", view_json(&ctx, view, sel));
  json_t *nodes = json_array();
  for (size_t v = 0; v < g->module_count && !ctx.failed; v++)
    if (sel->keep[v])
      append(&ctx, nodes, node_json(&ctx, g, v, sel));
  set(&ctx, root, "nodes", nodes);
  json_t *edges = json_array();
  for (size_t e = 0; e < g->edge_count && !ctx.failed; e++)
    if (sel->edge_keep[e])
      append(&ctx, edges, edge_json(&ctx, g, e, sel));
  set(&ctx, root, "edges", edges);
  json_t *diags = json_array();
  for (size_t i = 0; i < g->diagnostic_count && !ctx.failed; i++)
    append(&ctx, diags, diagnostic_json(&ctx, &g->diagnostics[i]));
  set(&ctx, root, "diagnostics", diags);
  set(&ctx, root, "summary", summary_json(&ctx, g, sel));
  return dump(out, &ctx, root);
}

/* ---- why ---- */

int ipg_render_why_json(ipg_buf *out, const impgraph_graph *g, const ipg_why *why) {
  json_ctx ctx = {false};
  json_t *root = document(&ctx, "impgraph-why", IMPGRAPH_WHY_SCHEMA_VERSION);
  set(&ctx, root, "module", str_or_null(why->module));
  set(&ctx, root, "in_graph", json_boolean(why->id != NONE));
  set(&ctx, root, "loaded", json_boolean(why->loaded));
  set(&ctx, root, "entry",
      json_boolean(why->id != NONE && (g->modules[why->id].flags & IMPGRAPH_MODULE_IS_ENTRY)));
  set(&ctx, root, "reason", str_or_null(why->loaded ? NULL : why->reason));
  set(&ctx, root, "node", why->id != NONE ? node_json(&ctx, g, why->id, NULL) : json_null());
  json_t *chains = json_array();
  size_t at = 0;
  for (size_t c = 0; c < why->chain_count && !ctx.failed; c++) {
    json_t *chain = json_object();
    size_t len = why->lengths[c];
    size_t entry = len ? g->edges[why->edges[at]].from : why->id;
    set(&ctx, chain, "entry", str_or_null(g->modules[entry].name));
    set(&ctx, chain, "length", size_json(len));
    json_t *hops = json_array();
    for (size_t i = 0; i < len; i++)
      append(&ctx, hops, edge_json(&ctx, g, why->edges[at + i], NULL));
    set(&ctx, chain, "edges", hops);
    append(&ctx, chains, chain);
    at += len;
  }
  set(&ctx, root, "chains", chains);
  json_t *importers = json_array();
  if (!why->loaded && why->id != NONE) {
    size_t total = ipg_importers(g, why->id, NULL, 0);
    size_t *sites = malloc((total ? total : 1) * sizeof *sites);
    if (!sites)
      ctx.failed = true;
    else
      ipg_importers(g, why->id, sites, total);
    for (size_t i = 0; sites && i < total; i++)
      append(&ctx, importers, edge_json(&ctx, g, sites[i], NULL));
    free(sites);
  }
  set(&ctx, root, "imported_by", importers);
  return dump(out, &ctx, root);
}

/* ---- cycles ---- */

int ipg_render_cycles_json(ipg_buf *out, const impgraph_graph *g, const ipg_cycles *c) {
  json_ctx ctx = {false};
  json_t *root = document(&ctx, "impgraph-cycles", IMPGRAPH_CYCLES_SCHEMA_VERSION);
  json_t *cycles = json_array();
  size_t mod_at = 0, edge_at = 0, modules = 0, edges = 0, first_party = 0;
  for (size_t i = 0; i < c->count && !ctx.failed; i++) {
    json_t *cycle = json_object();
    json_t *names = json_array();
    for (size_t k = 0; k < c->module_counts[i]; k++)
      append(&ctx, names, str_or_null(g->modules[c->modules[mod_at + k]].name));
    set(&ctx, cycle, "modules", names);
    json_t *arr = json_array();
    size_t eager = 0;
    for (size_t k = 0; k < c->edge_counts[i]; k++) {
      size_t e = c->edges[edge_at + k];
      eager += g->edges[e].kind == IMPGRAPH_EDGE_EAGER;
      append(&ctx, arr, edge_json(&ctx, g, e, NULL));
    }
    set(&ctx, cycle, "eager_edges", size_json(eager));
    set(&ctx, cycle, "edges", arr);
    append(&ctx, cycles, cycle);
    modules += c->module_counts[i];
    edges += c->edge_counts[i];
    mod_at += c->module_counts[i];
    edge_at += c->edge_counts[i];
  }
  set(&ctx, root, "cycles", cycles);
  for (size_t v = 0; v < g->module_count; v++)
    first_party += g->modules[v].origin == IMPGRAPH_ORIGIN_FIRST_PARTY;
  json_t *summary = json_object();
  set(&ctx, summary, "cycles", size_json(c->count));
  set(&ctx, summary, "modules", size_json(modules));
  set(&ctx, summary, "edges", size_json(edges));
  set(&ctx, summary, "first_party_modules", size_json(first_party));
  set(&ctx, root, "summary", summary);
  return dump(out, &ctx, root);
}
