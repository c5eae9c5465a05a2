/* Updating one module of a finished graph after an edit, without a rebuild
 * (impgraph_graph_update_file), and resolving one module's import sites
 * against the graph (also read by the editor diagnostics, project/editor.c).
 *
 * An update re-scans the one file and replaces the module's scan, its
 * out-edges (kept in the build's order: edges by importer, then import
 * site, so ids stay deterministic), the followed mask, the adjacency, the
 * igraph side, the start-up and MISSING_* flags, its diagnostics and the
 * per-edge observed flags of an attached profile. It never parses another
 * file, runs no interpreter and adds or removes no module: imports are
 * resolved against the graph's modules by name; names the graph lacks are
 * looked up with a resolver over the graph's search path only to tell "a
 * module the graph does not have" from "no such module", and both become
 * diagnostics of the file (a rebuild adds them as modules). The CALLED
 * edges of the whole graph are recomputed with the new scan (a call in this
 * file can make imports of other modules run, and the other way round); a
 * module they newly bring into the start-up set that was never scanned
 * keeps its imports unknown until a rebuild. Everything new is built aside
 * first, so a failure leaves the graph as it was. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/calls.h"
#include "graph/graph.h"
#include "graph/values.h"

#define NONE SIZE_MAX

/* What updates own: the tables that replaced the arena's, and per module
   the strings of its updated edges and diagnostics. */
typedef struct ipg_update {
  impgraph_edge *edges;
  size_t *out_first, *in_first, *in_edges;
  bool *followed;
  ipg_failure *failures;
  impgraph_diagnostic *diagnostics;
  ipg_arena **module_arena; /* per module, or NULL */
} ipg_update;

void ipg_update_free(ipg_update *u, size_t module_count) {
  if (!u)
    return;
  free(u->edges);
  free(u->out_first);
  free(u->in_first);
  free(u->in_edges);
  free(u->followed);
  free(u->failures);
  free(u->diagnostics);
  for (size_t i = 0; u->module_arena && i < module_count; i++)
    if (u->module_arena[i]) {
      ipg_arena_free(u->module_arena[i]);
      free(u->module_arena[i]);
    }
  free(u->module_arena);
  free(u);
}

/* ---- modules by path ---- */

static bool same_file(const char *module_path, const char *real) {
  char buf[PATH_MAX];
  return realpath(module_path, buf) && strcmp(buf, real) == 0;
}

size_t ipg_graph_module_of_path(const impgraph_graph *g, const char *path) {
  for (size_t v = 0; v < g->module_count; v++) {
    const char *file = ipg_graph_module_file(g, v);
    if (file && strcmp(file, path) == 0)
      return v;
  }
  char real[PATH_MAX];
  if (!realpath(path, real))
    return NONE;
  /* First-party modules first: the files an editor opens, and few. */
  for (int pass = 0; pass < 2; pass++)
    for (size_t v = 0; v < g->module_count; v++) {
      const char *file = ipg_graph_module_file(g, v);
      bool first_party = g->modules[v].origin == IMPGRAPH_ORIGIN_FIRST_PARTY;
      if (file && first_party == (pass == 0) && same_file(file, real))
        return v;
    }
  return NONE;
}

/* ---- import sites against the graph ---- */

void ipg_file_sites_init(ipg_file_sites *fs) {
  ipg_arena_init(&fs->arena);
  ipg_vec_init(&fs->sites, sizeof(ipg_file_site));
  fs->dynamic_count = 0;
}

void ipg_file_sites_free(ipg_file_sites *fs) {
  ipg_vec_free(&fs->sites);
  ipg_arena_free(&fs->arena);
}

typedef struct resolving {
  ipg_file_sites *fs;
  const impgraph_graph *g;
  size_t module;          /* the importing module */
  ipg_resolver *resolver; /* the caller's, or NULL */
  ipg_resolver *own;      /* made for six_sites() when the caller gave none */
  ipg_probe own_probe;    /* own's probe (the resolver borrows it) */
  ipg_importer imp;
} resolving;

/* A resolver over the build's search path: the roots before the
   interpreter's sys.path. `search` is the resolver's probe: it must
   outlive the resolver. */
static int graph_resolver_new(ipg_resolver **out, ipg_probe *search, const impgraph_graph *g,
                              impgraph_error *err) {
  *search = *g->probe;
  search->sys_path.items = g->search_path;
  search->sys_path.count = g->search_path_count;
  return ipg_resolver_new(out, search, err);
}

static ipg_file_site *push_site(resolving *r, size_t index, const impgraph_import *rec) {
  ipg_file_site *s = ipg_vec_push(&r->fs->sites);
  if (!s)
    return NULL;
  memset(s, 0, sizeof *s);
  s->import_index = index;
  s->to = NONE;
  s->first_name = s->last_name = NONE;
  s->kind = ipg_importer_kind(&r->imp, index, rec, NULL, NULL);
  return s;
}

/* Whether the site's target is known to exist and import: a module of the
   graph that is not missing and does not fail, or one the resolver found. */
static bool site_found(const resolving *r, const ipg_file_site *s) {
  if (s->status == IPG_SITE_IN_GRAPH)
    return r->g->modules[s->to].kind != IMPGRAPH_MODULE_MISSING &&
           r->g->failures[s->to].edge == NONE;
  return s->status == IPG_SITE_NOT_IN_GRAPH && r->resolver;
}

/* The target named `name` (absolute): a module of the graph, or what the
   resolver says of a name the graph lacks. */
static int locate(resolving *r, ipg_file_site *s, const char *name) {
  s->to = ipg_graph_lookup(r->g, name);
  s->absolute = ipg_arena_strdup(&r->fs->arena, name);
  if (!s->absolute)
    return IMPGRAPH_ENOMEM;
  if (s->to != NONE) {
    s->status = IPG_SITE_IN_GRAPH;
    return IMPGRAPH_OK;
  }
  s->status = IPG_SITE_NOT_IN_GRAPH;
  if (!r->resolver)
    return IMPGRAPH_OK;
  const ipg_module *m = NULL;
  int rc = ipg_resolve(r->resolver, name, &m, NULL);
  if (rc)
    return rc;
  if (m->kind == IPG_MODULE_MISSING) {
    s->status = IPG_SITE_UNRESOLVED;
    s->problem = ipg_arena_strdup(&r->fs->arena, m->reason ? m->reason : "not found");
    if (!s->problem)
      return IMPGRAPH_ENOMEM;
  }
  return IMPGRAPH_OK;
}

/* A from-import's name `name` of module `absolute` is a submodule when the
   graph has it and it is not missing; a name the graph lacks is taken as
   an attribute unless the resolver finds such a module. */
static int from_target(resolving *r, const char *absolute, const char *name, const char **target) {
  *target = absolute;
  if (!name || strcmp(name, "*") == 0)
    return IMPGRAPH_OK;
  const char *sub = ipg_arena_printf(&r->fs->arena, "%s.%s", absolute, name);
  if (!sub)
    return IMPGRAPH_ENOMEM;
  size_t id = ipg_graph_lookup(r->g, sub);
  if (id != NONE) {
    if (r->g->modules[id].kind != IMPGRAPH_MODULE_MISSING)
      *target = sub;
    return IMPGRAPH_OK;
  }
  size_t parent = ipg_graph_lookup(r->g, absolute);
  if (!r->resolver || (parent != NONE && r->g->modules[parent].kind != IMPGRAPH_MODULE_PACKAGE &&
                       r->g->modules[parent].kind != IMPGRAPH_MODULE_NAMESPACE))
    return IMPGRAPH_OK;
  const ipg_module *m = NULL;
  int rc = ipg_resolve(r->resolver, sub, &m, NULL);
  if (!rc && m->kind != IPG_MODULE_MISSING)
    *target = sub;
  return rc;
}

/* The absolute name of a record's module, or a RELATIVE site. */
static int absolute_name(resolving *r, size_t index, const impgraph_import *rec, const char *base,
                         bool base_is_package, char **out) {
  const char *problem = NULL;
  int rc = ipg_resolve_relative_name(out, &problem, base, base_is_package, rec->module, rec->level,
                                     NULL);
  if (rc == IMPGRAPH_ENOTFOUND && problem) {
    ipg_file_site *s = push_site(r, index, rec);
    if (!s)
      return IMPGRAPH_ENOMEM;
    s->status = IPG_SITE_RELATIVE;
    s->problem = problem; /* static storage */
    return IMPGRAPH_OK;
  }
  return rc == IMPGRAPH_EINVAL ? IMPGRAPH_OK : rc; /* an empty name: nothing to follow */
}

size_t ipg_file_site_skipped_by(const impgraph_graph *g, size_t module, const impgraph_scan *scan,
                                const ipg_file_sites *fs, size_t index) {
  const ipg_file_site *b = ipg_vec_at(&fs->sites, index);
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  const impgraph_import *rb = impgraph_scan_import(scan, b->import_index);
  for (size_t k = 0; k < index && rb && text; k++) {
    const ipg_file_site *a = ipg_vec_at(&fs->sites, k);
    if (a->import_index == b->import_index || a->status != IPG_SITE_IN_GRAPH ||
        a->kind != IMPGRAPH_EDGE_EAGER || !ipg_import_raises(g, a->to, module))
      continue;
    const impgraph_import *ra = impgraph_scan_import(scan, a->import_index);
    if (ra && ipg_runs_after(text, len, ra->statement.start_byte, ra->statement.end_byte,
                             rb->statement.start_byte))
      return k;
  }
  return NONE;
}

/* FALLBACK when every target of the preferred record was found, does not
   fail and is not cut off by an earlier import that raises (as the graph's
   failures say; an update re-derives them). */
static void fallback_kind(resolving *r, size_t index, const impgraph_import *rec, size_t first) {
  size_t preferred = ipg_importer_preferred(&r->imp, index, rec);
  if (preferred == NONE)
    return;
  bool found = false;
  for (size_t k = 0; k < first; k++) {
    const ipg_file_site *s = ipg_vec_at(&r->fs->sites, k);
    if (s->import_index != preferred)
      continue;
    if (!site_found(r, s) ||
        ipg_file_site_skipped_by(r->g, r->module, r->imp.scan, r->fs, k) != NONE)
      return;
    found = true;
  }
  if (!found)
    return;
  for (size_t k = first; k < r->fs->sites.len; k++) {
    ipg_file_site *s = ipg_vec_at(&r->fs->sites, k);
    if (s->kind == IMPGRAPH_EDGE_EAGER)
      s->kind = IMPGRAPH_EDGE_FALLBACK;
  }
}

static int join_name(resolving *r, ipg_file_site *s, const char *name) {
  const char *joined = s->names ? ipg_arena_printf(&r->fs->arena, "%s,%s", s->names, name) : name;
  if (!joined)
    return IMPGRAPH_ENOMEM;
  s->names = s->names ? joined : ipg_arena_strdup(&r->fs->arena, name);
  return s->names ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

/* Whether the graph has `absolute` as a module six serves, or one made by
   C code (REGISTERED): the build resolved imports of it through the
   resolver, which knows six's importer and its targets. */
static bool registered(const resolving *r, const char *absolute) {
  size_t id = ipg_graph_lookup(r->g, absolute);
  return id != NONE && r->g->modules[id].kind == IMPGRAPH_MODULE_REGISTERED;
}

/* One site for the resolver's module `target` of record `index` with
   import name `name` (NULL for a plain import): a new one numbered `sub`,
   or the name joined to an earlier site of the record with that target. */
static int resolved_site(resolving *r, size_t index, const impgraph_import *rec,
                         const char *absolute, const ipg_module *target, bool submodule,
                         size_t name_index, size_t first) {
  ipg_file_site *s = NULL;
  for (size_t k = first; k < r->fs->sites.len && !s; k++) {
    ipg_file_site *other = ipg_vec_at(&r->fs->sites, k);
    if (other->absolute && strcmp(other->absolute, target->name) == 0)
      s = other;
  }
  if (!s) {
    if (!(s = push_site(r, index, rec)))
      return IMPGRAPH_ENOMEM;
    s->sub = r->fs->sites.len - 1 - first;
    s->first_name = name_index;
    s->submodule = submodule;
    s->kind = ipg_importer_kind(&r->imp, index, rec, absolute, target->name);
    int rc = locate(r, s, target->name);
    if (rc)
      return rc;
  }
  if (name_index == NONE)
    return IMPGRAPH_OK;
  s->last_name = name_index;
  return join_name(r, s, rec->names[name_index].name);
}

/* An import of a module six serves, as the build makes its edges
   (build.c, from_import and single_import): through the resolver, each name
   to its submodule, to the missing record of a name six does not define, or
   to the module, then to the module six's importer imports for it
   (`from six.moves import queue` -> six.moves and queue). */
static int six_sites(resolving *r, size_t index, const impgraph_import *rec, const char *base,
                     bool base_is_package) {
  size_t first = r->fs->sites.len;
  size_t count = rec->name_count ? rec->name_count : 1;
  ipg_resolver *resolver = r->resolver ? r->resolver : r->own;
  int rc = resolver ? IMPGRAPH_OK : graph_resolver_new(&r->own, &r->own_probe, r->g, NULL);
  if (rc)
    return rc;
  resolver = resolver ? resolver : r->own;
  for (size_t i = 0; !rc && i < count; i++) {
    const char *name = rec->name_count ? rec->names[i].name : NULL;
    ipg_import_resolution res;
    rc = ipg_resolve_import(resolver, &res, base, base_is_package, rec->module, rec->level, name,
                            NULL);
    if (rc || !res.module)
      break;
    const ipg_module *target = res.submodule      ? res.submodule
                               : res.missing_name ? res.missing_name
                                                  : res.module;
    size_t name_index = name ? i : NONE;
    rc = resolved_site(r, index, rec, res.absolute_name, target, target != res.module, name_index,
                       first);
    if (!rc && res.moved_target)
      rc = resolved_site(r, index, rec, res.absolute_name, res.moved_target, false, name_index,
                         first);
  }
  if (!rc && rec->flags & IMPGRAPH_CTX_FALLBACK)
    fallback_kind(r, index, rec, first);
  return rc;
}

/* `from m import a, b, attr`: one site per target, as the build groups
   them. */
static int from_sites(resolving *r, size_t index, const impgraph_import *rec) {
  char *absolute = NULL;
  int rc = absolute_name(r, index, rec, r->imp.name, r->imp.is_package, &absolute);
  if (rc || !absolute)
    return rc;
  if (registered(r, absolute)) {
    free(absolute);
    return six_sites(r, index, rec, r->imp.name, r->imp.is_package);
  }
  size_t first = r->fs->sites.len;
  for (size_t i = 0; !rc && i < rec->name_count; i++) {
    const char *name = rec->names[i].name;
    const char *target = NULL;
    if ((rc = from_target(r, absolute, name, &target)))
      break;
    ipg_file_site *s = NULL;
    for (size_t k = first; k < r->fs->sites.len && !s; k++) {
      ipg_file_site *other = ipg_vec_at(&r->fs->sites, k);
      if (other->absolute && strcmp(other->absolute, target) == 0)
        s = other;
    }
    if (!s) {
      if (!(s = push_site(r, index, rec))) {
        rc = IMPGRAPH_ENOMEM;
        break;
      }
      s->sub = r->fs->sites.len - 1 - first;
      s->first_name = i;
      s->submodule = target != absolute;
      s->kind = ipg_importer_kind(&r->imp, index, rec, absolute, target);
      if ((rc = locate(r, s, target)))
        break;
    }
    s->last_name = i;
    rc = join_name(r, s, name);
  }
  free(absolute);
  if (!rc && rec->flags & IMPGRAPH_CTX_FALLBACK)
    fallback_kind(r, index, rec, first);
  return rc;
}

/* `import a.b`, `__import__("a.b")`, `import_module(".m", "pkg")`, `from m
   import *`: one site. */
static int single_site(resolving *r, size_t index, const impgraph_import *rec) {
  const char *base = r->imp.name;
  bool base_is_package = r->imp.is_package;
  if (rec->kind == IMPGRAPH_IMPORT_IMPORTLIB && rec->level > 0) {
    if (!rec->package) {
      ipg_file_site *s = push_site(r, index, rec);
      if (!s)
        return IMPGRAPH_ENOMEM;
      s->status = IPG_SITE_RELATIVE;
      s->problem = "relative import_module() without a literal package";
      return IMPGRAPH_OK;
    }
    base = rec->package;
    base_is_package = true;
  }
  char *absolute = NULL;
  int rc = absolute_name(r, index, rec, base, base_is_package, &absolute);
  if (rc || !absolute)
    return rc;
  if (rec->kind != IMPGRAPH_IMPORT_STAR && registered(r, absolute)) {
    free(absolute);
    return six_sites(r, index, rec, base, base_is_package);
  }
  size_t first = r->fs->sites.len;
  ipg_file_site *s = push_site(r, index, rec);
  rc = s ? locate(r, s, absolute) : IMPGRAPH_ENOMEM;
  if (!rc) {
    s->kind = ipg_importer_kind(&r->imp, index, rec, absolute, absolute);
    if (rec->kind == IMPGRAPH_IMPORT_STAR)
      s->names = "*";
  }
  free(absolute);
  if (!rc && rec->flags & IMPGRAPH_CTX_FALLBACK)
    fallback_kind(r, index, rec, first);
  return rc;
}

int ipg_file_sites_resolve(ipg_file_sites *out, const impgraph_graph *g, size_t module,
                           const impgraph_scan *scan, ipg_resolver *resolver) {
  const impgraph_module *m = &g->modules[module];
  resolving r = {.fs = out, .g = g, .module = module, .resolver = resolver};
  bool runs_as_main = g->runs_as_main && g->runs_as_main[module];
  int rc = ipg_importer_init(&r.imp, m->name, m->kind == IMPGRAPH_MODULE_PACKAGE, runs_as_main,
                             scan, g->probe);
  size_t count = impgraph_scan_import_count(scan);
  for (size_t i = 0; !rc && i < count; i++) {
    const impgraph_import *rec = impgraph_scan_import(scan, i);
    if (rec->kind == IMPGRAPH_IMPORT_LAZY_MODULES)
      continue; /* a declaration, not an import: it marks others lazy */
    const char *loop_names[IPG_LOOP_IMPORT_MAX];
    size_t loop_count = 0;
    if (!rec->module &&
        !(rc = ipg_loop_import_names(scan, i, g->probe, &out->arena, loop_names,
                                     IPG_LOOP_IMPORT_MAX, &loop_count)) &&
        loop_count) {
      /* As the build: each value of the loop as a literal (sub 2k). */
      for (size_t k = 0; !rc && k < loop_count; k++) {
        impgraph_import literal = *rec;
        literal.module = loop_names[k];
        literal.flags &= ~(uint32_t)IMPGRAPH_CTX_DYNAMIC;
        size_t first = out->sites.len;
        rc = single_site(&r, i, &literal);
        for (size_t j = first; !rc && j < out->sites.len; j++)
          ((ipg_file_site *)ipg_vec_at(&out->sites, j))->sub = 2 * k + (j - first);
      }
    } else if (rc) {
      break;
    } else if (!rec->module) {
      ipg_file_site *s = push_site(&r, i, rec);
      if (!s)
        rc = IMPGRAPH_ENOMEM;
      else
        s->status = IPG_SITE_DYNAMIC;
      out->dynamic_count++;
    } else if ((rec->kind == IMPGRAPH_IMPORT_FROM || rec->kind == IMPGRAPH_IMPORT_FUTURE) &&
               rec->name_count) {
      rc = from_sites(&r, i, rec);
    } else {
      rc = single_site(&r, i, rec);
    }
  }
  ipg_importer_free(&r.imp);
  ipg_resolver_free(r.own);
  return rc;
}

/* ---- the update ---- */

/* Everything an update builds before it changes the graph. */
typedef struct staged {
  impgraph_graph view; /* *g with the new tables, for the shared fillers */
  impgraph_edge *edges;
  size_t edge_count;
  size_t *out_first, *in_first, *in_edges;
  bool *followed;
  ipg_failure *failures;
  impgraph_scan **scans;    /* g->scans with the module's new scan */
  impgraph_module *modules; /* copies: the new flags */
  ipg_ig *ig;
  bool *edge_observed; /* with a profile */
  impgraph_edge *observed_only;
  size_t observed_only_count;
  impgraph_diagnostic *diagnostics;
  size_t diagnostic_count;
  ipg_arena *arena; /* the module's new strings */
  ipg_calls *calls; /* what runs at import time, with the new scan */
} staged;

static void staged_free(staged *st) {
  free(st->edges);
  free(st->out_first);
  free(st->in_first);
  free(st->in_edges);
  free(st->followed);
  free(st->failures);
  free(st->scans);
  free(st->modules);
  ipg_ig_free(st->ig);
  free(st->edge_observed);
  free(st->observed_only);
  free(st->diagnostics);
  if (st->calls) {
    ipg_calls_free(st->calls);
    free(st->calls);
  }
  if (st->arena) {
    ipg_arena_free(st->arena);
    free(st->arena);
  }
}

typedef struct update_job {
  impgraph_graph *g;
  size_t module;
  const impgraph_module *m;
  impgraph_scan *scan;
  ipg_file_sites sites;
  size_t old_first, old_end; /* the module's old out-edges */
  size_t new_first, new_end; /* ... and its new ones */
} update_job;

static size_t in_graph_sites(const update_job *job) {
  size_t n = 0;
  for (size_t i = 0; i < job->sites.sites.len; i++)
    n += ((const ipg_file_site *)ipg_vec_at(&job->sites.sites, i))->status == IPG_SITE_IN_GRAPH;
  return n;
}

/* The new edge table: the module's import edges replaced, its PARENT edges
   (last in its block, as finish.c orders them) kept. */
static int stage_edges(staged *st, update_job *job) {
  const impgraph_graph *g = job->g;
  size_t parents = 0;
  for (size_t e = job->old_first; e < job->old_end; e++)
    parents += g->edges[e].kind == IMPGRAPH_EDGE_PARENT;
  size_t old_block = job->old_end - job->old_first;
  st->edge_count = g->edge_count - old_block + in_graph_sites(job) + parents;
  st->edges = malloc((st->edge_count ? st->edge_count : 1) * sizeof *st->edges);
  if (!st->edges)
    return IMPGRAPH_ENOMEM;
  size_t n = 0;
  memcpy(st->edges, g->edges, job->old_first * sizeof *st->edges);
  n = job->old_first;
  job->new_first = n;
  for (size_t i = 0; i < job->sites.sites.len; i++) {
    const ipg_file_site *s = ipg_vec_at(&job->sites.sites, i);
    if (s->status != IPG_SITE_IN_GRAPH)
      continue;
    const impgraph_import *rec = impgraph_scan_import(job->scan, s->import_index);
    const char *names = NULL;
    if (s->names && !(names = ipg_arena_strdup(st->arena, s->names)))
      return IMPGRAPH_ENOMEM;
    st->edges[n++] = (impgraph_edge){.from = job->module,
                                     .to = s->to,
                                     .kind = s->kind,
                                     .flags = rec->flags,
                                     .file = job->m->path,
                                     .line = rec->statement.start_line,
                                     .column = rec->statement.start_column,
                                     .names = names,
                                     .scope = rec->scope ? rec->scope : "",
                                     .import_index = s->import_index,
                                     .call_module = NONE};
  }
  for (size_t e = job->old_first; e < job->old_end; e++)
    if (g->edges[e].kind == IMPGRAPH_EDGE_PARENT)
      st->edges[n++] = g->edges[e];
  job->new_end = n;
  memcpy(st->edges + n, g->edges + job->old_end,
         (g->edge_count - job->old_end) * sizeof *st->edges);
  return IMPGRAPH_OK;
}

/* Whether the attached profile saw the module import `to` (through an old
   static edge or an observed-only edge). */
static bool pair_observed(const update_job *job, size_t to) {
  const impgraph_graph *g = job->g;
  const ipg_weights *w = g->weights;
  for (size_t e = job->old_first; e < job->old_end; e++)
    if (g->edges[e].to == to && w->edge_observed[e])
      return true;
  for (size_t i = 0; i < w->observed_only_count; i++)
    if (w->observed_only[i].from == job->module && w->observed_only[i].to == to)
      return true;
  return false;
}

/* The profile's per-edge flags under the new ids; observed-only edges of
   the module that a static edge now explains are dropped. */
static int stage_weights(staged *st, const update_job *job) {
  const impgraph_graph *g = job->g;
  const ipg_weights *w = g->weights;
  if (!w)
    return IMPGRAPH_OK;
  st->edge_observed = calloc(st->edge_count ? st->edge_count : 1, sizeof *st->edge_observed);
  st->observed_only =
      malloc((w->observed_only_count ? w->observed_only_count : 1) * sizeof *st->observed_only);
  if (!st->edge_observed || !st->observed_only)
    return IMPGRAPH_ENOMEM;
  memcpy(st->edge_observed, w->edge_observed, job->old_first * sizeof(bool));
  size_t shift_from = job->old_end, shift_to = job->new_end;
  memcpy(st->edge_observed + shift_to, w->edge_observed + shift_from,
         (g->edge_count - shift_from) * sizeof(bool));
  for (size_t e = job->new_first; e < job->new_end; e++)
    st->edge_observed[e] = pair_observed(job, st->edges[e].to);
  for (size_t i = 0; i < w->observed_only_count; i++) {
    const impgraph_edge *o = &w->observed_only[i];
    bool explained = false;
    for (size_t e = job->new_first; o->from == job->module && e < job->new_end; e++)
      explained = explained || st->edges[e].to == o->to;
    if (!explained)
      st->observed_only[st->observed_only_count++] = *o;
  }
  return IMPGRAPH_OK;
}

/* The CALLED edges of the staged table, from every scan with the module's
   new one (st->view.scans) and the staged failures. */
static int stage_calls(staged *st) {
  return ipg_calls_apply(&st->calls, &st->view, st->edges, NULL);
}

static int stage_tables(staged *st, const update_job *job, impgraph_error *err) {
  const impgraph_graph *g = job->g;
  size_t n = g->module_count;
  st->out_first = malloc((n + 1) * sizeof *st->out_first);
  st->in_first = malloc((n + 1) * sizeof *st->in_first);
  st->in_edges = malloc((st->edge_count ? st->edge_count : 1) * sizeof *st->in_edges);
  st->followed = malloc((st->edge_count ? st->edge_count : 1) * sizeof *st->followed);
  st->failures = malloc((n ? n : 1) * sizeof *st->failures);
  st->scans = malloc((n ? n : 1) * sizeof *st->scans);
  st->modules = malloc((n ? n : 1) * sizeof *st->modules);
  if (!st->out_first || !st->in_first || !st->in_edges || !st->followed || !st->failures ||
      !st->scans || !st->modules)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  memcpy(st->modules, g->modules, n * sizeof *st->modules);
  memcpy(st->scans, g->scans, n * sizeof *st->scans);
  st->scans[job->module] = job->scan;
  impgraph_module *m = &st->modules[job->module];
  m->flags |= IMPGRAPH_MODULE_EXPANDED;
  m->flags &= ~(uint32_t)IMPGRAPH_MODULE_HAS_ERRORS;
  for (size_t i = 0; i < impgraph_scan_diagnostic_count(job->scan); i++)
    if (impgraph_scan_diagnostic(job->scan, i)->severity == IMPGRAPH_SEVERITY_ERROR)
      m->flags |= IMPGRAPH_MODULE_HAS_ERRORS;
  st->view = *g;
  st->view.modules = st->modules;
  st->view.edges = st->edges;
  st->view.edge_count = st->edge_count;
  st->view.out_first = st->out_first;
  st->view.in_first = st->in_first;
  st->view.in_edges = st->in_edges;
  st->view.followed = st->followed;
  st->view.failures = st->failures;
  st->view.scans = st->scans;
  if (ipg_graph_fill_adjacency(&st->view, st->out_first, st->in_first, st->in_edges))
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  /* Failures anywhere may change (and with them the fallback kinds of
     other modules' edges); then the CALLED edges, which follow them. */
  int rc = ipg_graph_failures(&st->view, NULL, err);
  if (rc)
    return rc;
  if (stage_calls(st))
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  ipg_graph_fill_followed(&st->view, st->followed);
  rc = ipg_ig_new(&st->ig, &st->view, err);
  if (rc)
    return rc;
  st->view.ig = st->ig;
  if ((rc = ipg_graph_startup_flags(&st->view, err)))
    return rc;
  if (ipg_graph_missing_flags(&st->view))
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  return IMPGRAPH_OK;
}

typedef struct diag_list {
  ipg_vec items; /* impgraph_diagnostic */
  ipg_arena *arena;
  bool failed;
} diag_list;

static void diag_add(diag_list *dl, impgraph_severity severity, const char *code, const char *path,
                     const impgraph_import *rec, const char *fmt, ...) IPG_PRINTF(6, 7);

static void diag_add(diag_list *dl, impgraph_severity severity, const char *code, const char *path,
                     const impgraph_import *rec, const char *fmt, ...) {
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  impgraph_diagnostic *d = ipg_vec_push(&dl->items);
  if (!d) {
    dl->failed = true;
    return;
  }
  *d = (impgraph_diagnostic){.severity = severity,
                             .code = code,
                             .path = path,
                             .line = rec->statement.start_line,
                             .column = rec->statement.start_column,
                             .message = ipg_arena_strdup(dl->arena, message)};
  dl->failed = dl->failed || !d->message;
}

/* Notes on the sites without an edge, and on modules the file now brings
   into the start-up set whose own imports were never scanned. */
static void site_diagnostics(diag_list *dl, const staged *st, const update_job *job) {
  const char *path = job->m->path;
  size_t edge = job->new_first; /* the IN_GRAPH sites' edges, in order */
  for (size_t i = 0; i < job->sites.sites.len; i++) {
    const ipg_file_site *s = ipg_vec_at(&job->sites.sites, i);
    const impgraph_import *rec = impgraph_scan_import(job->scan, s->import_index);
    char text[160];
    const char *statement = ipg_record_text(job->scan, rec, text, sizeof text);
    switch (s->status) {
    case IPG_SITE_RELATIVE:
      diag_add(dl, IMPGRAPH_SEVERITY_WARNING, "relative-import", path, rec, "%s: %s (not followed)",
               statement, s->problem);
      break;
    case IPG_SITE_DYNAMIC:
      diag_add(dl, IMPGRAPH_SEVERITY_NOTE, "dynamic-import", path, rec,
               "%s: module name is not a literal (not followed)", statement);
      break;
    case IPG_SITE_NOT_IN_GRAPH:
      diag_add(dl, IMPGRAPH_SEVERITY_NOTE, "not-in-graph", path, rec,
               "%s: %s is not a module of the graph (added since the build): rebuild the graph "
               "to follow it",
               statement, s->absolute);
      break;
    case IPG_SITE_UNRESOLVED:
      diag_add(dl, IMPGRAPH_SEVERITY_NOTE, "unresolved-import", path, rec,
               "%s: %s (not in the graph: rebuild the graph to record it as missing)", statement,
               s->problem);
      break;
    case IPG_SITE_IN_GRAPH: {
      const impgraph_module *t = &st->modules[s->to];
      impgraph_edge_kind kind = st->edges[edge++].kind; /* CALLED is decided there */
      if ((kind == IMPGRAPH_EDGE_EAGER || kind == IMPGRAPH_EDGE_CALLED) &&
          (t->flags & IMPGRAPH_MODULE_IN_STARTUP) && !(t->flags & IMPGRAPH_MODULE_EXPANDED) &&
          t->path && (t->kind == IMPGRAPH_MODULE_SOURCE || t->kind == IMPGRAPH_MODULE_PACKAGE))
        diag_add(dl, IMPGRAPH_SEVERITY_NOTE, "not-scanned", path, rec,
                 "%s: %s now loads at start-up but was not scanned when the graph was built: "
                 "rebuild the graph to follow its imports",
                 statement, t->name);
      break;
    }
    }
  }
}

/* The graph's diagnostics with the module's replaced by the new scan's and
   the notes on its sites. */
static int stage_diagnostics(staged *st, const update_job *job) {
  const impgraph_graph *g = job->g;
  diag_list dl = {.arena = st->arena};
  ipg_vec_init(&dl.items, sizeof(impgraph_diagnostic));
  const char *path = job->m->path;
  for (size_t i = 0; i < g->diagnostic_count; i++) {
    const impgraph_diagnostic *d = &g->diagnostics[i];
    if ((d->path && strcmp(d->path, path) == 0) || strcmp(d->code, "import-fails") == 0 ||
        strcmp(d->code, "import-skipped") == 0)
      continue; /* replaced below */
    impgraph_diagnostic *copy = ipg_vec_push(&dl.items);
    if (!copy) {
      dl.failed = true;
      break;
    }
    *copy = *d;
  }
  for (size_t i = 0; !dl.failed && i < impgraph_scan_diagnostic_count(job->scan); i++) {
    impgraph_diagnostic *copy = ipg_vec_push(&dl.items);
    if (!copy)
      dl.failed = true;
    else
      *copy = *impgraph_scan_diagnostic(job->scan, i); /* borrowed from the new scan */
  }
  if (!dl.failed)
    site_diagnostics(&dl, st, job);
  char message[512];
  for (size_t k = 0; !dl.failed && k < g->module_count + st->view.edge_count; k++) {
    impgraph_diagnostic note;
    if (!ipg_failure_note(&st->view, k, &note, message, sizeof message))
      continue;
    impgraph_diagnostic *copy = ipg_vec_push(&dl.items);
    if (!copy) {
      dl.failed = true;
      break;
    }
    *copy = note;
    copy->message = ipg_arena_strdup(dl.arena, message);
    dl.failed = !copy->message;
  }
  if (dl.failed) {
    ipg_vec_free(&dl.items);
    return IMPGRAPH_ENOMEM;
  }
  if (dl.items.len) /* qsort(NULL, 0) is undefined */
    qsort(dl.items.data, dl.items.len, sizeof(impgraph_diagnostic), ipg_diagnostic_order);
  st->diagnostic_count = dl.items.len;
  st->diagnostics = dl.items.data; /* taken over (may be NULL when empty) */
  return IMPGRAPH_OK;
}

/* Dynamic imports of an old scan (as the build counted them). */
/* The dynamic imports of a scan the build counted: not LAZY_MODULES, not
   read as the values of a loop (ipg_loop_import_names). */
static size_t dynamic_imports(const impgraph_scan *scan, const ipg_probe *probe) {
  size_t n = 0;
  ipg_arena scratch;
  ipg_arena_init(&scratch);
  for (size_t i = 0; scan && i < impgraph_scan_import_count(scan); i++) {
    const impgraph_import *rec = impgraph_scan_import(scan, i);
    const char *names[IPG_LOOP_IMPORT_MAX];
    size_t count = 0;
    if (!rec->module && rec->kind != IMPGRAPH_IMPORT_LAZY_MODULES &&
        (ipg_loop_import_names(scan, i, probe, &scratch, names, IPG_LOOP_IMPORT_MAX, &count) ||
         !count))
      n++;
  }
  ipg_arena_free(&scratch);
  return n;
}

/* Replaces the graph's tables by the staged ones. Cannot fail. */
static void commit(impgraph_graph *g, staged *st, update_job *job) {
  ipg_update *u = g->update;
  bool owned = u->edges != NULL; /* else the tables are the arena's */
  if (owned) {
    free(u->edges);
    free(u->out_first);
    free(u->in_first);
    free(u->in_edges);
    free(u->followed);
    free(u->failures);
  }
  free(u->diagnostics);
  g->edges = u->edges = st->edges;
  g->edge_count = st->edge_count;
  g->out_first = u->out_first = st->out_first;
  g->in_first = u->in_first = st->in_first;
  g->in_edges = u->in_edges = st->in_edges;
  g->followed = u->followed = st->followed;
  g->failures = u->failures = st->failures;
  g->diagnostics = u->diagnostics = st->diagnostics;
  g->diagnostic_count = st->diagnostic_count;
  for (size_t v = 0; v < g->module_count; v++)
    g->modules[v].flags = st->modules[v].flags;
  free(st->scans); /* the new scan is taken below */
  g->startup_count = st->view.startup_count;
  ipg_ig_free(g->ig);
  g->ig = st->ig;
  if (g->calls) {
    ipg_calls_free(g->calls);
    free(g->calls);
  }
  g->calls = st->calls;
  if (g->weights) {
    free(g->weights->edge_observed);
    free(g->weights->observed_only);
    g->weights->edge_observed = st->edge_observed;
    g->weights->observed_only = st->observed_only;
    g->weights->observed_only_count = st->observed_only_count;
  }
  g->dynamic_import_count = g->dynamic_import_count -
                            dynamic_imports(g->scans[job->module], g->probe) +
                            job->sites.dynamic_count;
  size_t len = 0;
  impgraph_scan_text(job->scan, &len);
  g->file_size[job->module] = len;
  impgraph_scan_free(g->scans[job->module]);
  g->scans[job->module] = job->scan;
  job->scan = NULL;
  ipg_arena *old = u->module_arena[job->module];
  if (old) {
    ipg_arena_free(old);
    free(old);
  }
  u->module_arena[job->module] = st->arena;
  free(st->modules); /* only their flags were taken */
  memset(st, 0, sizeof *st);
}

static int scan_source(update_job *job, const char *path, const char *text, size_t len,
                       impgraph_error *err) {
  char *data = NULL;
  if (!text) {
    size_t data_len = 0;
    int rc = ipg_read_file(path ? path : job->m->path, &data, &data_len, err);
    if (rc)
      return rc;
    text = data;
    len = data_len;
  }
  impgraph_scanner *scanner = NULL;
  int rc = impgraph_scanner_new(&scanner, &job->g->scan_options, err);
  if (!rc)
    rc = impgraph_scanner_scan(scanner, &job->scan, job->m->path, text ? text : "", len, err);
  impgraph_scanner_free(scanner);
  free(data);
  return rc;
}

static int resolve_sites(update_job *job, impgraph_error *err) {
  const impgraph_graph *g = job->g;
  ipg_resolver *resolver = NULL;
  ipg_probe search;
  int rc = graph_resolver_new(&resolver, &search, g, err);
  if (rc)
    return rc;
  rc = ipg_file_sites_resolve(&job->sites, g, job->module, job->scan, resolver);
  ipg_resolver_free(resolver);
  return rc ? ipg_fail(err, rc, "out of memory resolving the imports") : IMPGRAPH_OK;
}

static int find_module(size_t *out, const impgraph_graph *g, const char *path, const char *module,
                       impgraph_error *err) {
  *out = module ? ipg_graph_lookup(g, module) : ipg_graph_module_of_path(g, path);
  if (*out == NONE)
    return module ? ipg_fail(err, IMPGRAPH_ENOTFOUND, "%s: not a module of the graph", module)
                  : ipg_fail(err, IMPGRAPH_ENOTFOUND, "%s: not the file of a module of the graph",
                             path);
  const impgraph_module *m = &g->modules[*out];
  /* A mypyc-compiled module runs its binary, which an edit of the source
     does not change (and is followed only from a build). */
  if (g->source && g->source[*out] && m->kind != IMPGRAPH_MODULE_FROZEN)
    return ipg_fail(err, IMPGRAPH_EINVAL,
                    "%s: compiled by mypyc (%s); an edit of its source %s is not followed "
                    "until the graph is built again",
                    m->name, m->path, g->source[*out]);
  if (!m->path || (m->kind != IMPGRAPH_MODULE_SOURCE && m->kind != IMPGRAPH_MODULE_PACKAGE))
    return ipg_fail(err, IMPGRAPH_EINVAL, "%s: not a Python source module (%s)", m->name,
                    ipg_module_kind_label(m->kind));
  return IMPGRAPH_OK;
}

static int prepare_update_state(impgraph_graph *g) {
  if (g->update)
    return IMPGRAPH_OK;
  ipg_update *u = calloc(1, sizeof *u);
  if (!u)
    return IMPGRAPH_ENOMEM;
  u->module_arena = calloc(g->module_count ? g->module_count : 1, sizeof *u->module_arena);
  if (!u->module_arena) {
    free(u);
    return IMPGRAPH_ENOMEM;
  }
  g->update = u;
  return IMPGRAPH_OK;
}

int impgraph_graph_update_file(impgraph_graph *g, const char *path, const char *module,
                               const char *text, size_t len, impgraph_error *err) {
  if (!g || (!path && !module) || (!text && len))
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_graph_update_file: NULL argument");
  update_job job = {.g = g};
  int rc = find_module(&job.module, g, path, module, err);
  if (rc)
    return rc;
  job.m = &g->modules[job.module];
  job.old_first = g->out_first[job.module];
  job.old_end = g->out_first[job.module + 1];
  ipg_file_sites_init(&job.sites);
  staged st;
  memset(&st, 0, sizeof st);
  if (!(rc = scan_source(&job, path, text, len, err)) && !(rc = resolve_sites(&job, err))) {
    st.arena = malloc(sizeof *st.arena);
    if (st.arena)
      ipg_arena_init(st.arena);
    if (!st.arena || prepare_update_state(g) || stage_edges(&st, &job) || stage_weights(&st, &job))
      rc = ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  if (!rc)
    rc = stage_tables(&st, &job, err);
  if (!rc && stage_diagnostics(&st, &job))
    rc = ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  if (!rc)
    commit(g, &st, &job);
  staged_free(&st);
  impgraph_scan_free(job.scan);
  ipg_file_sites_free(&job.sites);
  if (!rc)
    ipg_ok(err);
  return rc;
}
