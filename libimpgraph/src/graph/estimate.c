/* Estimated self import times, for graphs without a profile: a fixed cost
 * per module kind plus, for modules whose code is loaded from a file, a
 * cost per KiB of that file (recorded at build time, finish.c).
 *
 * The constants are fitted by bench/estimate_calibration.py on CPython 3.11
 * (warm .pyc caches); docs/formats/graph.md ("Estimates") quotes them with
 * their error. They are rough -- a module that compiles regexes or builds
 * tables at import time costs many times its estimate -- and every output
 * labels them as estimates. */
#include "graph/graph.h"

typedef struct estimate_model {
  double base_us;    /* fixed cost of finding, loading and running it */
  double us_per_kib; /* per KiB of its file (0: the size says nothing) */
} estimate_model;

/* Indexed by impgraph_module_kind. CPython 3.11.7, x86-64 Linux, warm
   .pyc caches, self time = the fastest of 7 runs, 2752 modules (the
   standard library and 41 third-party packages); see docs/formats/graph.md
   for the error of each line. Bytecode: the source modules refitted by the
   size of their .pyc. Namespace (2 samples) and frozen (2) are rough. */
static const estimate_model MODELS[IPG_MODULE_KIND_COUNT] = {
    [IMPGRAPH_MODULE_SOURCE] = {133, 22.2},
    [IMPGRAPH_MODULE_PACKAGE] = {181, 55.0},
    [IMPGRAPH_MODULE_NAMESPACE] = {88, 0},
    [IMPGRAPH_MODULE_EXTENSION] = {344, 0.5},
    [IMPGRAPH_MODULE_BUILTIN] = {44, 0},
    [IMPGRAPH_MODULE_FROZEN] = {66, 0},
    [IMPGRAPH_MODULE_BYTECODE] = {120, 17.6},
    [IMPGRAPH_MODULE_MISSING] = {0, 0},
    /* created by its parent's C code, whose time includes it */
    [IMPGRAPH_MODULE_REGISTERED] = {0, 0},
};

int64_t ipg_module_estimate(const impgraph_graph *g, size_t id) {
  const impgraph_module *m = &g->modules[id];
  if ((m->flags & IMPGRAPH_MODULE_PRELOADED) || m->kind == IMPGRAPH_MODULE_MISSING ||
      (unsigned)m->kind >= IPG_MODULE_KIND_COUNT)
    return 0;
  const estimate_model *model = &MODELS[m->kind];
  double kib = (double)g->file_size[id] / 1024.0;
  return (int64_t)(model->base_us + model->us_per_kib * kib + 0.5);
}

int impgraph_graph_module_estimate(const impgraph_graph *g, size_t id, int64_t *self_us) {
  if (self_us)
    *self_us = 0;
  if (!g || !self_us)
    return IMPGRAPH_EINVAL;
  if (id >= g->module_count)
    return IMPGRAPH_ERANGE;
  *self_us = ipg_module_estimate(g, id);
  return IMPGRAPH_OK;
}
