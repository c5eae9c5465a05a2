/* DOT (graphviz) rendering of the module graph (docs/formats/dot.md).
 *
 * Made to stay usable with thousands of nodes:
 *  - one cluster per top-level package with two or more drawn modules,
 *    labels relative to it; parent-package edges are left out (the cluster
 *    shows them); parallel edges merged (one line per importer, imported
 *    module, kind and optional-ness; its tooltip is the first import site);
 *  - dot's crossing minimisation and network simplex are bounded (mclimit,
 *    nslimit, remincross=false; no newrank), which takes a 800-module,
 *    4000-import graph from minutes to seconds;
 *  - above IPG_DOT_SFDP_EDGES drawn edges, dot's layered layout becomes
 *    unusable whatever the settings (minutes to hours on dense package
 *    graphs), so the file asks for the force-directed engine itself
 *    (`layout=sfdp`, full labels, no clusters); `dot -Glayout=dot` still
 *    forces the layered one.
 * Styles:
 *   nodes  fill by origin (first-party blue, third-party orange, stdlib
 *          grey, missing red and dashed); bold outline when in the start-up
 *          set; double outline for entries. With an attached profile,
 *          measured nodes read `name (12.3 ms)` and are filled yellow to
 *          red by self time instead. Without one, nodes read
 *          `name (~1.2 ms est.)`, the estimate (graph/estimate.c), and keep
 *          their origin colours: an estimate must not look measured.
 *   edges  eager solid dark; function-level dashed blue; TYPE_CHECKING
 *          dotted grey; lazy dashed green with a hollow arrowhead; under
 *          `if __name__ == "__main__"` dotted purple with a vee; parent
 *          (package of a submodule, only between unclustered nodes) light
 *          grey without arrowhead; optional imports (try/except ImportError)
 *          get a circle arrowhead, red when the module is missing;
 *          observed-only (seen only in the attached profile) dotted grey
 *          with the label "observed".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/graph_render.h"

/* Above this many drawn edges the file asks for sfdp (see above). */
#define IPG_DOT_SFDP_EDGES 2000

static void put_quoted(ipg_buf *out, const char *s) {
  ipg_buf_putc(out, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      ipg_buf_putc(out, '\\');
    if (*s == '\n') {
      ipg_buf_puts(out, "\\n");
      continue;
    }
    ipg_buf_putc(out, *s);
  }
  ipg_buf_putc(out, '"');
}

static size_t top_level_id(const impgraph_graph *g, size_t v) {
  const char *name = g->modules[v].name;
  void *id = ipg_map_getn(&g->by_name, name, ipg_top_level_len(name));
  return id ? (size_t)(uintptr_t)id - 1 : v;
}

static const char *fill_of(const impgraph_module *m) {
  if (m->kind == IMPGRAPH_MODULE_MISSING)
    return "#f8d7da";
  switch (m->origin) {
  case IMPGRAPH_ORIGIN_FIRST_PARTY: return "#cfe2ff";
  case IMPGRAPH_ORIGIN_THIRD_PARTY: return "#ffe5b4";
  case IMPGRAPH_ORIGIN_STDLIB: break;
  }
  return "#e9ecef";
}

/* Measured modules (an attached profile): light yellow to red by self time
   relative to the slowest module (square root, so mid-range stays visible). */
static void put_weight_fill(ipg_buf *out, const ipg_weights *w, size_t v) {
  double t = w->max_self_us > 0 && w->self_us[v] > 0
                 ? (double)w->self_us[v] / (double)w->max_self_us
                 : 0.0;
  t = sqrt(t);
  int from[3] = {0xff, 0xf3, 0xcd}, to[3] = {0xdc, 0x35, 0x45}, rgb[3];
  for (int i = 0; i < 3; i++)
    rgb[i] = from[i] + (int)lround((double)(to[i] - from[i]) * t);
  ipg_buf_printf(out, ", fillcolor=\"#%02x%02x%02x\"", rgb[0], rgb[1], rgb[2]);
}

static void put_node(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel, size_t v,
                     bool clustered, const char *indent) {
  const impgraph_module *m = &g->modules[v];
  ipg_buf_puts(out, indent);
  put_quoted(out, m->name);
  ipg_buf_puts(out, " [label=");
  const char *label = m->name;
  size_t top_len = ipg_top_level_len(m->name);
  if (clustered && m->name[top_len] == '.')
    label = m->name + top_len + 1;
  bool collapsed = sel->collapse && m->origin == IMPGRAPH_ORIGIN_THIRD_PARTY;
  bool measured = g->weights && g->weights->measured[v];
  int64_t estimate = g->weights ? 0 : ipg_module_estimate(g, v);
  if (collapsed && sel->group_size[v] > 1) {
    ipg_buf_putc(out, '"');
    ipg_buf_printf(out, "%s\\n(%zu modules)", label, sel->group_size[v]);
    ipg_buf_putc(out, '"');
  } else if (measured || estimate > 0) {
    ipg_buf text;
    ipg_buf_init(&text);
    if (measured)
      ipg_buf_printf(&text, "%s (%.1f ms)", label, (double)g->weights->self_us[v] / 1000.0);
    else
      ipg_buf_printf(&text, "%s (~%.1f ms est.)", label, (double)estimate / 1000.0);
    out->failed = out->failed || text.failed;
    put_quoted(out, text.data ? text.data : label);
    ipg_buf_free(&text);
  } else {
    put_quoted(out, label);
  }
  if (measured && !(collapsed && sel->group_size[v] > 1))
    put_weight_fill(out, g->weights, v);
  else
    ipg_buf_printf(out, ", fillcolor=\"%s\"", fill_of(m));
  if (m->kind == IMPGRAPH_MODULE_MISSING || (m->flags & IMPGRAPH_MODULE_FAILS))
    ipg_buf_puts(out, ", style=\"rounded,filled,dashed\", color=\"#b02a37\"");
  if (m->flags & IMPGRAPH_MODULE_IN_STARTUP)
    ipg_buf_puts(out, ", penwidth=1.6");
  if (m->flags & IMPGRAPH_MODULE_IS_ENTRY)
    ipg_buf_puts(out, ", peripheries=2");
  ipg_buf_puts(out, ", tooltip=");
  ipg_buf tip;
  ipg_buf_init(&tip);
  ipg_buf_printf(&tip, "%s (%s, %s)", m->name, ipg_module_kind_label(m->kind),
                 ipg_origin_label(m->origin));
  if (m->path)
    ipg_buf_printf(&tip, "\n%s", m->path);
  if (m->reason)
    ipg_buf_printf(&tip, "\n%s", m->reason);
  const ipg_failure *f = &g->failures[v];
  if (f->edge != SIZE_MAX)
    ipg_buf_printf(&tip, "\nfails to import: %s is missing", g->modules[f->missing].name);
  out->failed = out->failed || tip.failed;
  put_quoted(out, tip.data ? tip.data : m->name);
  ipg_buf_free(&tip);
  ipg_buf_puts(out, "];\n");
}

typedef struct member {
  size_t top, id;
} member;

static int by_top(const void *pa, const void *pb) {
  const member *a = pa, *b = pb;
  if (a->top != b->top)
    return a->top < b->top ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* Drawn nodes per top-level package (indexed by its module id). */
static size_t *group_sizes(const impgraph_graph *g, const ipg_view_sel *sel) {
  size_t *group = calloc(g->module_count ? g->module_count : 1, sizeof *group);
  for (size_t v = 0; group && v < g->module_count; v++)
    if (sel->keep[v])
      group[top_level_id(g, v)]++;
  return group;
}

static int put_nodes(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel,
                     const size_t *group, bool clusters) {
  size_t n = 0;
  member *members = malloc((sel->kept_modules ? sel->kept_modules : 1) * sizeof *members);
  if (!members)
    return IMPGRAPH_ENOMEM;
  for (size_t v = 0; v < g->module_count; v++)
    if (sel->keep[v])
      members[n++] = (member){top_level_id(g, v), v};
  qsort(members, n, sizeof *members, by_top);
  size_t cluster = 0;
  for (size_t i = 0; i < n;) {
    size_t top = members[i].top, end = i;
    while (end < n && members[end].top == top)
      end++;
    bool clustered = clusters && group[top] > 1;
    if (clustered) {
      ipg_buf_printf(out, "  subgraph \"cluster_%zu\" {\n    label=", cluster++);
      put_quoted(out, g->modules[top].name);
      ipg_buf_printf(out, "; style=\"rounded\"; color=\"#adb5bd\"; fontcolor=\"#495057\";\n");
    }
    for (size_t k = i; k < end; k++)
      put_node(out, g, sel, members[k].id, clustered, clustered ? "    " : "  ");
    if (clustered)
      ipg_buf_puts(out, "  }\n");
    i = end;
  }
  free(members);
  return IMPGRAPH_OK;
}

static void put_edge_style(ipg_buf *out, const impgraph_graph *g, const impgraph_edge *e,
                           bool startup) {
  bool optional = e->flags & IMPGRAPH_CTX_OPTIONAL;
  switch (e->kind) {
  case IMPGRAPH_EDGE_EAGER: ipg_buf_puts(out, "color=\"#343a40\""); break;
  case IMPGRAPH_EDGE_FUNCTION: ipg_buf_puts(out, "style=dashed, color=\"#0d6efd\""); break;
  case IMPGRAPH_EDGE_CALLED: ipg_buf_puts(out, "color=\"#0d6efd\", arrowhead=veevee"); break;
  case IMPGRAPH_EDGE_TYPE_CHECKING: ipg_buf_puts(out, "style=dotted, color=\"#adb5bd\""); break;
  case IMPGRAPH_EDGE_LAZY:
    ipg_buf_puts(out, "style=dashed, color=\"#198754\", arrowhead=empty");
    break;
  case IMPGRAPH_EDGE_PARENT: ipg_buf_puts(out, "color=\"#ced4da\", arrowhead=none"); break;
  case IMPGRAPH_EDGE_MAIN:
    ipg_buf_puts(out, "style=dotted, color=\"#6f42c1\", arrowhead=vee");
    break;
  case IMPGRAPH_EDGE_FALLBACK:
    ipg_buf_puts(out, "style=dotted, color=\"#fd7e14\", arrowhead=odiamond");
    break;
  case IMPGRAPH_EDGE_OBSERVED_ONLY:
    ipg_buf_puts(out, "style=dotted, color=\"#6c757d\", label=\"observed\", fontsize=7, "
                      "fontcolor=\"#6c757d\", fontname=\"Helvetica\"");
    break;
  case IMPGRAPH_EDGE_NATIVE:
    ipg_buf_puts(out, "style=bold, color=\"#795548\", arrowhead=diamond");
    break;
  case IMPGRAPH_EDGE_UNTAKEN:
    ipg_buf_puts(out, "style=dotted, color=\"#ced4da\", arrowhead=tee");
    break;
  case IMPGRAPH_EDGE_HANDLER:
    ipg_buf_puts(out, "style=dotted, color=\"#d63384\", arrowhead=odiamond");
    break;
  case IMPGRAPH_EDGE_IF_LOADED:
    ipg_buf_puts(out, "style=dotted, color=\"#ced4da\", arrowhead=odot");
    break;
  }
  if (optional) {
    ipg_buf_puts(out, ", arrowhead=odot");
    if (g->modules[e->to].kind == IMPGRAPH_MODULE_MISSING)
      ipg_buf_puts(out, ", color=\"#dc3545\"");
  }
  if (startup)
    ipg_buf_puts(out, ", penwidth=1.3");
}

/* The edges to draw: kept by the view, parallel ones merged, parent edges
   left out inside clusters. Edge ids, ascending. */
static int collect_edges(ipg_vec *drawn, const impgraph_graph *g, const ipg_view_sel *sel,
                         const size_t *group, bool clusters) {
  ipg_map seen;
  ipg_map_init(&seen);
  ipg_arena keys;
  ipg_arena_init(&keys);
  int rc = IMPGRAPH_OK;
  for (size_t id = 0; !rc && id < ipg_graph_edge_total(g); id++) {
    if (!sel->edge_keep[id])
      continue;
    const impgraph_edge *e = ipg_graph_edge_at(g, id);
    size_t from = sel->rep[e->from], to = sel->rep[e->to];
    if (clusters && e->kind == IMPGRAPH_EDGE_PARENT && group[top_level_id(g, from)] > 1)
      continue;
    bool optional = e->flags & IMPGRAPH_CTX_OPTIONAL;
    char *key = ipg_arena_printf(&keys, "%zu %zu %d %d", from, to, (int)e->kind, optional);
    if (!key) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
    if (ipg_map_get(&seen, key))
      continue;
    size_t *slot = ipg_vec_push(drawn);
    if (!slot || ipg_map_put(&seen, key, (void *)1))
      rc = IMPGRAPH_ENOMEM;
    else
      *slot = id;
  }
  ipg_map_free(&seen);
  ipg_arena_free(&keys);
  return rc;
}

static void put_edges(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel,
                      const ipg_vec *drawn) {
  for (size_t i = 0; i < drawn->len; i++) {
    size_t id = *(const size_t *)ipg_vec_at(drawn, i);
    const impgraph_edge *e = ipg_graph_edge_at(g, id);
    size_t from = sel->rep[e->from], to = sel->rep[e->to];
    bool startup = ipg_graph_edge_startup(g, id);
    ipg_buf_puts(out, "  ");
    put_quoted(out, g->modules[from].name);
    ipg_buf_puts(out, " -> ");
    put_quoted(out, g->modules[to].name);
    ipg_buf_puts(out, " [");
    put_edge_style(out, g, e, startup);
    if (e->file) {
      ipg_buf_puts(out, ", tooltip=");
      ipg_buf tip;
      ipg_buf_init(&tip);
      ipg_buf_printf(&tip, "%s:%u (%s)", e->file, e->line, ipg_edge_kind_label(e->kind));
      out->failed = out->failed || tip.failed;
      put_quoted(out, tip.data ? tip.data : "");
      ipg_buf_free(&tip);
    } else if (e->kind == IMPGRAPH_EDGE_OBSERVED_ONLY) {
      ipg_buf_puts(out, ", tooltip=\"observed in the profile; no static import\"");
    } else if (e->kind == IMPGRAPH_EDGE_NATIVE) {
      impgraph_module_kind k = g->modules[e->from].kind;
      bool python = k == IMPGRAPH_MODULE_SOURCE || k == IMPGRAPH_MODULE_PACKAGE ||
                    k == IMPGRAPH_MODULE_FROZEN;
      ipg_buf_puts(out, python ? ", tooltip=\"put into sys.modules by the module's code (native)\""
                               : ", tooltip=\"imported by the module's C code (native)\"");
    }
    ipg_buf_puts(out, "];\n");
  }
}

int ipg_render_graph_dot(ipg_buf *out, const impgraph_graph *g, const ipg_view_sel *sel) {
  size_t *group = group_sizes(g, sel);
  ipg_vec drawn;
  ipg_vec_init(&drawn, sizeof(size_t));
  int rc = group ? collect_edges(&drawn, g, sel, group, true) : IMPGRAPH_ENOMEM;
  bool sfdp = !rc && drawn.len > IPG_DOT_SFDP_EDGES;
  if (sfdp) { /* no clusters: parent edges come back */
    drawn.len = 0;
    rc = collect_edges(&drawn, g, sel, group, false);
  }
  if (!rc) {
    ipg_buf_puts(out, "// impgraph module graph: docs/formats/dot.md explains the styles.\n"
                      "digraph impgraph {\n");
    if (sfdp)
      ipg_buf_puts(out,
                   "  graph [layout=sfdp, overlap=prism, splines=false, outputorder=edgesfirst, "
                   "fontname=\"Helvetica\", fontsize=10, labelloc=t];\n");
    else
      ipg_buf_puts(out, "  graph [rankdir=LR, mclimit=0.3, nslimit=2, nslimit1=2, "
                        "remincross=false, fontname=\"Helvetica\", fontsize=10, nodesep=0.12, "
                        "ranksep=0.5, outputorder=edgesfirst, labelloc=t];\n");
    ipg_buf_puts(out, "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", "
                      "fontsize=9, height=0.2, margin=\"0.05,0.02\", penwidth=0.7];\n"
                      "  edge [arrowsize=0.5, penwidth=0.6];\n");
    ipg_buf_printf(out, "  label=\"impgraph: %zu modules, %zu imports shown; %s\";\n",
                   sel->kept_modules, sel->kept_edges,
                   g->weights ? "times measured (self, median)"
                              : "times are estimates (kind and file size), not measured");
    rc = put_nodes(out, g, sel, group, !sfdp);
  }
  if (!rc) {
    put_edges(out, g, sel, &drawn);
    ipg_buf_puts(out, "}\n");
  }
  ipg_vec_free(&drawn);
  free(group);
  return rc;
}
