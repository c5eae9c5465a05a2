/* Public rendering entry points of the module graph (impgraph_render_graph,
 * impgraph_render_why, impgraph_render_cycles) and helpers shared by the
 * text formats. */
#include <stdlib.h>
#include <string.h>

#include "render/graph_render.h"

/* Common shape of the three entry points: check, render into a buffer,
   hand it over. */
static int deliver(char **out, size_t *out_len, ipg_buf *buf, int rc, const char *what,
                   impgraph_error *err) {
  if (!rc && buf->failed)
    rc = IMPGRAPH_ENOMEM;
  if (rc) {
    ipg_buf_free(buf);
    return ipg_fail(err, rc, "%s: %s", what, impgraph_strerror(rc));
  }
  if (!buf->data)
    ipg_buf_puts(buf, "");
  *out = ipg_buf_take(buf, out_len);
  if (!*out)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory", what);
  ipg_ok(err);
  return IMPGRAPH_OK;
}

static void clear_out(char **out, size_t *out_len) {
  if (out)
    *out = NULL;
  if (out_len)
    *out_len = 0;
}

int impgraph_render_graph(char **out, size_t *out_len, const impgraph_graph *graph,
                          impgraph_format format, const impgraph_graph_view *view,
                          impgraph_error *err) {
  clear_out(out, out_len);
  if (!out || !graph)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_render_graph: NULL argument");
  if (format != IMPGRAPH_FORMAT_TEXT && format != IMPGRAPH_FORMAT_JSON &&
      format != IMPGRAPH_FORMAT_DOT)
    return ipg_fail(err, IMPGRAPH_EFORMAT, "impgraph_render_graph: format %d not supported",
                    (int)format);
  ipg_view_sel sel;
  int rc = ipg_view_select(&sel, graph, view, err);
  if (rc)
    return rc;
  ipg_buf buf;
  ipg_buf_init(&buf);
  switch (format) {
  case IMPGRAPH_FORMAT_TEXT: rc = ipg_render_graph_text(&buf, graph, &sel, view); break;
  case IMPGRAPH_FORMAT_JSON: rc = ipg_render_graph_json(&buf, graph, &sel, view); break;
  default: rc = ipg_render_graph_dot(&buf, graph, &sel); break;
  }
  ipg_view_sel_free(&sel);
  return deliver(out, out_len, &buf, rc, "impgraph_render_graph", err);
}

int impgraph_render_why(char **out, size_t *out_len, const impgraph_graph *graph,
                        const char *module, size_t max_chains, impgraph_format format,
                        impgraph_error *err) {
  clear_out(out, out_len);
  if (!out || !graph || !module)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_render_why: NULL argument");
  if (format != IMPGRAPH_FORMAT_TEXT && format != IMPGRAPH_FORMAT_JSON)
    return ipg_fail(err, IMPGRAPH_EFORMAT, "impgraph_render_why: format %d not supported",
                    (int)format);
  ipg_why why = {.module = module, .id = ipg_graph_lookup(graph, module)};
  size_t *edges = NULL, *lengths = NULL;
  impgraph_error why_err;
  int rc =
      impgraph_graph_why(&edges, &lengths, &why.chain_count, graph, module, max_chains, &why_err);
  if (rc == IMPGRAPH_ENOTFOUND) {
    why.reason = why_err.message;
  } else if (rc) {
    if (err)
      *err = why_err;
    return rc;
  }
  why.loaded = rc == IMPGRAPH_OK;
  why.edges = edges;
  why.lengths = lengths;
  ipg_buf buf;
  ipg_buf_init(&buf);
  rc = format == IMPGRAPH_FORMAT_TEXT ? ipg_render_why_text(&buf, graph, &why)
                                      : ipg_render_why_json(&buf, graph, &why);
  impgraph_free(edges);
  impgraph_free(lengths);
  return deliver(out, out_len, &buf, rc, "impgraph_render_why", err);
}

int impgraph_render_cycles(char **out, size_t *out_len, const impgraph_graph *graph,
                           impgraph_format format, impgraph_error *err) {
  clear_out(out, out_len);
  if (!out || !graph)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_render_cycles: NULL argument");
  if (format != IMPGRAPH_FORMAT_TEXT && format != IMPGRAPH_FORMAT_JSON)
    return ipg_fail(err, IMPGRAPH_EFORMAT, "impgraph_render_cycles: format %d not supported",
                    (int)format);
  size_t *modules = NULL, *module_counts = NULL, *edges = NULL, *edge_counts = NULL;
  ipg_cycles c;
  int rc =
      impgraph_graph_cycles(&modules, &module_counts, &edges, &edge_counts, &c.count, graph, err);
  if (rc)
    return rc;
  c.modules = modules;
  c.module_counts = module_counts;
  c.edges = edges;
  c.edge_counts = edge_counts;
  ipg_buf buf;
  ipg_buf_init(&buf);
  rc = format == IMPGRAPH_FORMAT_TEXT ? ipg_render_cycles_text(&buf, graph, &c)
                                      : ipg_render_cycles_json(&buf, graph, &c);
  impgraph_free(modules);
  impgraph_free(module_counts);
  impgraph_free(edges);
  impgraph_free(edge_counts);
  return deliver(out, out_len, &buf, rc, "impgraph_render_cycles", err);
}

/* ---- shared by the text formats ---- */

void ipg_put_edge_line(ipg_buf *out, const impgraph_graph *g, const impgraph_edge *e) {
  const char *from = g->modules[e->from].name, *to = g->modules[e->to].name;
  if (e->kind == IMPGRAPH_EDGE_PARENT) {
    ipg_buf_printf(out, "%s -> %s  [parent: importing a submodule imports its package]", from, to);
    return;
  }
  if (e->kind == IMPGRAPH_EDGE_OBSERVED_ONLY) {
    ipg_buf_printf(out, "%s -> %s  [observed_only: seen in the profile, no static import]", from,
                   to);
    return;
  }
  if (e->kind == IMPGRAPH_EDGE_NATIVE) {
    /* A standard-library Python module's registrations (typing -> typing.io)
       are its Python code's, not C code's. */
    impgraph_module_kind k = g->modules[e->from].kind;
    bool python =
        k == IMPGRAPH_MODULE_SOURCE || k == IMPGRAPH_MODULE_PACKAGE || k == IMPGRAPH_MODULE_FROZEN;
    ipg_buf_printf(out, "%s -> %s  [native: %s by the module's %s]", from, to,
                   g->modules[e->to].kind == IMPGRAPH_MODULE_REGISTERED ? "put into sys.modules"
                                                                        : "imported",
                   python ? "code, under a key its source computes" : "C code");
    return;
  }
  ipg_buf_printf(out, "%s:%u: %s -> %s", e->file ? e->file : "?", e->line, from, to);
  if (e->names) {
    /* "(a, b, c)"; long from-import lists are cut at a name boundary. */
    size_t shown = 0, more = 0;
    ipg_buf_puts(out, " (");
    for (const char *p = e->names;;) {
      const char *comma = strchr(p, ',');
      size_t len = comma ? (size_t)(comma - p) : strlen(p);
      if (more || (shown && shown + len > 60)) {
        more++;
      } else {
        ipg_buf_printf(out, "%s%.*s", shown ? ", " : "", (int)len, p);
        shown += len + 2;
      }
      if (!comma)
        break;
      p = comma + 1;
    }
    if (more)
      ipg_buf_printf(out, ", +%zu more", more);
    ipg_buf_putc(out, ')');
  }
  ipg_buf_printf(out, "  [%s", ipg_edge_kind_label(e->kind));
  if (e->flags & IMPGRAPH_CTX_OPTIONAL)
    ipg_buf_puts(out, ", optional");
  if (e->flags & IMPGRAPH_CTX_CONDITIONAL)
    ipg_buf_puts(out, ", conditional");
  if (e->scope && *e->scope)
    ipg_buf_printf(out, ", in %s", e->scope);
  if (e->kind == IMPGRAPH_EDGE_UNTAKEN) {
    char why[256];
    if (*ipg_untaken_reason(g, g->scans[e->from], e->import_index, why, sizeof why))
      ipg_buf_printf(out, ": %s", why);
  }
  if (e->kind == IMPGRAPH_EDGE_CALLED && e->call_module < g->module_count) {
    const char *file = ipg_graph_module_file(g, e->call_module);
    ipg_buf_printf(out, ", run by the call at %s:%u:%u",
                   file ? file : g->modules[e->call_module].name, e->call_line, e->call_column);
  }
  ipg_buf_putc(out, ']');
}

void ipg_put_python_line(ipg_buf *out, const impgraph_graph *g) {
  const ipg_probe *p = g->probe;
  if (p->is_static) {
    ipg_buf_printf(out,
                   "python: static mode, Python %d.%d (no interpreter run: builtins, stdlib, "
                   "preloaded modules and platform unknown)\n",
                   p->version_major, p->version_minor);
    return;
  }
  ipg_buf_printf(out, "python: %s (%s %d.%d", p->interpreter ? p->interpreter : "?",
                 p->implementation ? p->implementation : "python", p->version_major,
                 p->version_minor);
  if (p->version_micro >= 0)
    ipg_buf_printf(out, ".%d", p->version_micro);
  ipg_buf_puts(out, ")\n");
}

size_t ipg_importers(const impgraph_graph *g, size_t id, size_t *out, size_t cap) {
  size_t n = 0;
  for (size_t j = g->in_first[id]; j < g->in_first[id + 1]; j++) {
    size_t e = g->in_edges[j];
    if (g->edges[e].kind == IMPGRAPH_EDGE_PARENT)
      continue;
    if (n < cap)
      out[n] = e;
    n++;
  }
  return n;
}
