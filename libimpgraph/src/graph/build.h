/* Shared between build.c (the coordinator: discovery, resolution, edges)
 * and finish.c (turning the build tables into an immutable graph). */
#ifndef IMPGRAPH_GRAPH_BUILD_H
#define IMPGRAPH_GRAPH_BUILD_H

#include "graph/graph.h"
#include "graph/pool.h"

/* A module while the graph grows. Build ids are discovery order (which
   depends on thread timing); finish.c renumbers by name. */
typedef struct ipg_bnode {
  const char *name; /* in the graph's arena */
  impgraph_module_kind kind;
  impgraph_origin origin;
  uint32_t flags;   /* IMPGRAPH_MODULE_* known so far */
  const char *path; /* arena, or NULL */
  /* The source scanned instead of `path` (arena), or NULL: a
     mypyc-compiled extension module's `.py` (native_binary.c). */
  const char *source;
  const char *reason;
  bool is_package;
  bool expandable;      /* has a source file impgraph can read */
  bool wanted;          /* reached by eager/parent edges from an entry */
  bool scheduled;       /* submitted to the pool */
  bool runs_as_main;    /* a script entry: run as __main__, not imported */
  bool native_done;     /* its NATIVE edges were added (build.c) */
  bool not_found;       /* missing for a definite reason (graph.h) */
  bool file_size_known; /* stat'ed when scheduled */
  uint64_t file_size;
  size_t parent; /* build id, or SIZE_MAX */
  /* Its NATIVE edges: b->edges[native_first .. + native_count), added
     together (the edge table only grows). */
  size_t native_first, native_count;
  impgraph_scan *scan;
} ipg_bnode;

/* An edge while the graph grows (build ids). */
typedef struct ipg_bedge {
  size_t from, to;
  impgraph_edge_kind kind;
  uint32_t flags;
  uint32_t line, column;
  const char *names;   /* arena */
  const char *scope;   /* borrowed from the importer's scan */
  size_t import_index; /* SIZE_MAX for PARENT */
  size_t sub;          /* order among the edges of one import record */
} ipg_bedge;

typedef struct ipg_builder {
  impgraph_graph *g; /* being filled; owns the arena and the probe */
  /* What the CALLED edges' rounds read from module texts, kept for the
     next round and the finish (calls.h); NULL until the first round. */
  struct ipg_calls_memo *calls_memo;
  const ipg_graph_spec *spec;
  ipg_probe search_probe; /* g->probe with the search prefix first */
  ipg_resolver *resolver;
  ipg_pool *pool;
  ipg_vec nodes;       /* ipg_bnode */
  ipg_vec edges;       /* ipg_bedge */
  ipg_vec diagnostics; /* impgraph_diagnostic (strings in the arena or
                          borrowed from scans) */
  ipg_vec entries;     /* impgraph_entry, module = build id */
  ipg_map ids;         /* name -> (void *)(build id + 1) */
  size_t dynamic_imports;
  /* Build ids of extension/builtin modules whose NATIVE edges are to be
     added, or whose targets are to be wanted (they became
     wanted after their edges were added). */
  ipg_vec native_queue;
  bool native_noted; /* the `native-imports` note was given */
  /* The standard library's directory (the first sys.path entry holding
     os.py), where frozen modules' sources are: looked up once. */
  const char *stdlib_dir;
  bool stdlib_dir_known;
  size_t submitted; /* scans submitted to the pool so far */
} ipg_builder;

#define IPG_BNODE(b, id) ((ipg_bnode *)ipg_vec_at(&(b)->nodes, (id)))
#define IPG_BEDGE(b, id) ((ipg_bedge *)ipg_vec_at(&(b)->edges, (id)))

/* Adds a diagnostic whose strings are copied into the arena. */
int ipg_builder_diag(ipg_builder *b, impgraph_severity severity, const char *code, const char *path,
                     uint32_t line, uint32_t column, const char *fmt, ...) IPG_PRINTF(7, 8);

/* build.c, for native_binary.c: the node of a resolved module (creating it
   and its parents, with PARENT edges), a new bare node, a new edge. */
int ipg_builder_node_of(ipg_builder *b, const ipg_module *m, size_t *out);
int ipg_builder_new_node(ipg_builder *b, const char *name, size_t *out);
int ipg_builder_add_edge(ipg_builder *b, const ipg_bedge *edge);

/* native_binary.c: whether module `n`'s NATIVE edges come from its binary
   (an extension module not of the standard library: the table covers
   those), and adding them to module `id` (a diagnostic when the binary
   cannot be read). A mypyc shim with its `.py` beside it gets that as
   `source` and becomes expandable: the caller schedules it. */
bool ipg_builder_reads_binary(const ipg_builder *b, const ipg_bnode *n);
int ipg_builder_binary_edges(ipg_builder *b, size_t id);

/* finish.c: renumbers, sorts, derives flags, builds the igraph side and
   the start-up set. Moves the scans into the graph. */
int ipg_builder_finish(ipg_builder *b, impgraph_error *err);

/* finish.c: qsort order of build edges: by importer, import edges by
   import site (record, then target group), its PARENT edge last. */
int ipg_bedge_order(const void *a, const void *b);

#endif
