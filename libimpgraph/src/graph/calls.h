/* graph/calls.h — functions that run without being asked, followed through
 * calls (calls.c). Shared by the graph, whose IMPGRAPH_EDGE_CALLED edges are
 * the function-level imports that run because a function runs at import
 * time (the build, impgraph_graph_update_file(), the editor), and by the
 * suggestion engine (suggest/runs.c: what runs at import time, in an entry
 * function, in a subcommand's handler).
 *
 * Everything here reads a graph's tables only: modules (name, kind, origin,
 * flags), scans, edges with out_first, entry_modules. The build passes a
 * view of its tables in discovery order; results do not depend on module
 * or edge ids (ties are broken by module names and positions). */
#ifndef IMPGRAPH_GRAPH_CALLS_H
#define IMPGRAPH_GRAPH_CALLS_H

#include "graph/cond.h"
#include "graph/graph.h"

/* How calls are followed. */
typedef enum ipg_call_mode {
  /* What may run (the suggestion engine: leans towards keeping imports).
     Calls under conditions count; a called class runs every method; a
     function runs what the functions nested in it call; any read of an
     imported name inside a function counts as a call of it; only
     functions of first-party modules are followed. */
  IPG_CALLS_MAY_RUN = 0,
  /* What surely runs (the graph's CALLED edges: leans towards precision).
     Only calls that are not under if/elif/else, loops, with, match or an
     exception handler (a try body is fine), directly in the function's own
     body (not in functions nested in it); a called class runs its own
     __init__ and __new__; calls of imported functions of any scanned module
     are followed, through re-exports (`from .impl import f` in a package's
     __init__). */
  IPG_CALLS_WILL_RUN = 1
} ipg_call_mode;

/* A function: (module id, qualified name). */
typedef struct ipg_fn {
  size_t module;
  const char *qualname; /* borrowed from a scan of the graph */
  /* ipg_calls_compute: the index (in ipg_calls.roots) of the first
     import-time call that runs it; SIZE_MAX elsewhere. */
  size_t cause;
} ipg_fn;

/* A set of functions. */
typedef struct ipg_fnset {
  ipg_map map;    /* "id:qualname" -> index + 1 */
  ipg_vec items;  /* ipg_fn */
  ipg_arena keys; /* the map's keys */
} ipg_fnset;

void ipg_fnset_init(ipg_fnset *s);
void ipg_fnset_free(ipg_fnset *s);
bool ipg_fnset_has(const ipg_fnset *s, size_t module, const char *qualname);
/* The member, or NULL. Valid until the next addition. */
const ipg_fn *ipg_fnset_get(const ipg_fnset *s, size_t module, const char *qualname);

/* Adds `qualname` of `module` (when the module's scan defines it) and
   everything it calls, transitively, as `mode` follows calls. Returns
   IMPGRAPH_OK or IMPGRAPH_ENOMEM. */
int ipg_fnset_add_closure(ipg_fnset *s, const impgraph_graph *g, ipg_call_mode mode, size_t module,
                          const char *qualname);

/* Adds what the module-level code of `module` calls of its own functions and
   classes (calls, decorators, class bodies, default values, bases; not
   under TYPE_CHECKING nor in a top-level `if __name__ == "__main__":`),
   with the closure of each (IPG_CALLS_MAY_RUN; the import-time run of the
   suggestion engine). Returns IMPGRAPH_OK or IMPGRAPH_ENOMEM. */
int ipg_fnset_add_import_time(ipg_fnset *s, const impgraph_graph *g, size_t module);

/* A parameter bound to a constant by a call, or a loop variable to one
   of its values (docs/formats/graph.md, "Values"). */
typedef struct ipg_value_binding {
  const char *name;     /* NUL-terminated */
  ipg_cond_const value; /* a string is NUL-terminated */
} ipg_value_binding;

/* The most parameters bound in one call. */
#define IPG_MAX_BINDINGS 4

/* One call at import time that runs a function: a module-level (or class
   body, decorator, default value, base) call in a module of the start-up
   set, or a `from M import NAME` served by M's module `__getattr__`. */
typedef struct ipg_call_root {
  size_t module;           /* the module whose import-time code calls */
  const char *module_name; /* its name (for the order) */
  uint32_t line, column;   /* the callee's name, or the from-import */
  size_t target;           /* the module of the called function */
  const char *target_name;
  const char *qualname; /* the called function ("__getattr__" for PEP 562) */
  const char *name;     /* PEP 562: the name asked of __getattr__; else NULL */
  /* Parameters of the called function bound to constants by the call's
     arguments (a loop's value, a string literal). */
  size_t binding_count;
  ipg_value_binding bindings[IPG_MAX_BINDINGS];
} ipg_call_root;

/* Why an edge is CALLED: the import-time call that makes its import run. */
typedef struct ipg_call_site {
  size_t module; /* SIZE_MAX: the edge is not CALLED */
  uint32_t line, column;
} ipg_call_site;

/* What runs at import time in the start-up set of a graph's entries. */
typedef struct ipg_calls {
  /* Per module: loaded at start-up, following EAGER, PARENT and NATIVE
     edges and the edges below (ipg_graph_edge_followable: from modules not
     preloaded, and with g->failures only up to a failing module's failing
     import); preloaded and missing modules reached are marked too. */
  bool *live;
  /* Per edge: the call that makes it CALLED (IPG_CALLS_WILL_RUN). */
  ipg_call_site *sites;
  size_t site_count;
  ipg_fnset run;   /* functions that run (cause: index into roots) */
  ipg_vec roots;   /* ipg_call_root, in order (module name, line, column) */
  ipg_arena arena; /* the roots' names */
  size_t rounds;   /* iterations to the fixpoint (for tests) */
} ipg_calls;

/* Computes the least fixpoint of: the start-up set (live modules); the
   import-time calls of its scanned modules and the functions they run
   (IPG_CALLS_WILL_RUN, first call in root order wins); the function-level
   imports those functions run without condition (not under if/loops/with/
   match/handlers, not TYPE_CHECKING or lazy, directly in the function's
   body) -- the CALLED edges, which the start-up set follows. Also PEP 562:
   `from M import NAME` (module level, not conditional, its edge followed)
   where M's scan defines a module-level `def __getattr__` and does not bind
   NAME at module level (by a def, class or import that is not under
   TYPE_CHECKING; assignments are not seen) runs M.__getattr__: its imports
   that bind NAME (`from .thread import ThreadPoolExecutor as te` for
   ThreadPoolExecutor; `import pkg.NAME`) and what it runs without
   condition. A decorator `@C(ARGS)` of a plain class C with __call__ also
   runs C.__call__, read with the instance's attributes and the decorated
   def or class (docs/formats/graph.md, "Values"). Edges of kind FUNCTION
   and CALLED are candidates (CALLED ones
   are recomputed); the other kinds are read as they are. With g->failures,
   a failing module's import-time calls at or after its failing import (all
   of them when its parent package fails) are no roots.
   `memo` (may be NULL) keeps what is read from each module's text (its
   scan's indexes, logical lines, the conditions' name index) for the next
   call on a graph with the same scans (the build's rounds and its finish,
   where module ids change but names and scans do not); an entry whose
   module now has another scan is made again.
   Returns IMPGRAPH_OK or IMPGRAPH_ENOMEM (then *out is freed). */
typedef struct ipg_calls_memo ipg_calls_memo;
ipg_calls_memo *ipg_calls_memo_new(void); /* NULL when out of memory */
void ipg_calls_memo_free(ipg_calls_memo *memo);
int ipg_calls_compute(ipg_calls *out, const impgraph_graph *g, ipg_calls_memo *memo);
void ipg_calls_free(ipg_calls *c);

/* Whether an import inside function `scope` of `module` (context `flags`,
   of the module `to`) runs at import time by the graph's own calls
   (g->calls, as the last build or update computed them): the function runs
   and the import runs whenever it does, or the graph has a CALLED edge of
   that function to `to` (a module __getattr__'s import of the name asked).
   Fills *site with the call. For an edited buffer of a module of the
   graph (the editor). */
bool ipg_calls_import_runs(const impgraph_graph *g, size_t module, const char *scope,
                           uint32_t flags, size_t to, ipg_call_site *site);

/* ipg_calls_compute() on `g`, then its result written into `edges` (g's
   own edge table, or one being staged with the same order): CALLED with
   the call site, or FUNCTION and no call site for a CALLED edge that no
   longer is one; call_module SIZE_MAX on every other edge. *out (a new
   object, malloc'd: free with ipg_calls_free() and free()) keeps the
   result, for the editor. Returns IMPGRAPH_OK or IMPGRAPH_ENOMEM. */
int ipg_calls_apply(ipg_calls **out, const impgraph_graph *g, impgraph_edge *edges,
                    ipg_calls_memo *memo);

#endif
