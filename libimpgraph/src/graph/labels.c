/* Stable names of module kinds, origins, edge kinds and module flags: every
 * output format prints them (docs/formats/graph.md), so they are contracts. */
#include <string.h>

#include "graph/graph.h"

const char *ipg_layout_name(ipg_layout layout) {
  switch (layout) {
  case IPG_LAYOUT_SRC: return "src";
  case IPG_LAYOUT_FLAT: return "flat";
  case IPG_LAYOUT_PACKAGE: return "package";
  case IPG_LAYOUT_SCRIPT: return "script";
  }
  return "unknown";
}

const char *ipg_module_kind_label(impgraph_module_kind kind) {
  switch (kind) {
  case IMPGRAPH_MODULE_SOURCE: return "source";
  case IMPGRAPH_MODULE_PACKAGE: return "package";
  case IMPGRAPH_MODULE_NAMESPACE: return "namespace";
  case IMPGRAPH_MODULE_EXTENSION: return "extension";
  case IMPGRAPH_MODULE_BUILTIN: return "builtin";
  case IMPGRAPH_MODULE_FROZEN: return "frozen";
  case IMPGRAPH_MODULE_BYTECODE: return "bytecode";
  case IMPGRAPH_MODULE_MISSING: return "missing";
  case IMPGRAPH_MODULE_REGISTERED: return "registered";
  }
  return "unknown";
}

const char *ipg_origin_label(impgraph_origin origin) {
  switch (origin) {
  case IMPGRAPH_ORIGIN_FIRST_PARTY: return "first_party";
  case IMPGRAPH_ORIGIN_THIRD_PARTY: return "third_party";
  case IMPGRAPH_ORIGIN_STDLIB: return "stdlib";
  }
  return "unknown";
}

const char *ipg_edge_kind_label(impgraph_edge_kind kind) {
  switch (kind) {
  case IMPGRAPH_EDGE_EAGER: return "eager";
  case IMPGRAPH_EDGE_FUNCTION: return "function";
  case IMPGRAPH_EDGE_TYPE_CHECKING: return "type_checking";
  case IMPGRAPH_EDGE_LAZY: return "lazy";
  case IMPGRAPH_EDGE_PARENT: return "parent";
  case IMPGRAPH_EDGE_MAIN: return "main";
  case IMPGRAPH_EDGE_FALLBACK: return "fallback";
  case IMPGRAPH_EDGE_OBSERVED_ONLY: return "observed_only";
  case IMPGRAPH_EDGE_UNTAKEN: return "untaken";
  case IMPGRAPH_EDGE_HANDLER: return "handler";
  case IMPGRAPH_EDGE_NATIVE: return "native";
  case IMPGRAPH_EDGE_CALLED: return "called";
  case IMPGRAPH_EDGE_IF_LOADED: return "if_loaded";
  }
  return "unknown";
}

bool ipg_edge_kind_defined(int kind) {
  return kind >= 0 && kind < IPG_EDGE_KIND_COUNT &&
         strcmp(ipg_edge_kind_label((impgraph_edge_kind)kind), "unknown") != 0;
}

static const char *const module_flag_names[] = {
    "entry",      "startup",          "preloaded",           "expanded",
    "has_errors", "missing_optional", "missing_conditional", "missing_type_checking",
    "fails"};

size_t ipg_module_flag_labels(uint32_t flags, const char **out, size_t cap) {
  size_t n = 0;
  for (size_t bit = 0; bit < sizeof module_flag_names / sizeof *module_flag_names && n < cap; bit++)
    if (flags & (1u << bit))
      out[n++] = module_flag_names[bit];
  return n;
}
