#include "render/render.h"

const char *ipg_import_kind_name(impgraph_import_kind kind) {
  switch (kind) {
  case IMPGRAPH_IMPORT_PLAIN: return "import";
  case IMPGRAPH_IMPORT_FROM: return "from";
  case IMPGRAPH_IMPORT_STAR: return "star";
  case IMPGRAPH_IMPORT_FUTURE: return "future";
  case IMPGRAPH_IMPORT_DUNDER: return "dunder";
  case IMPGRAPH_IMPORT_IMPORTLIB: return "importlib";
  case IMPGRAPH_IMPORT_LAZY_MODULES: return "lazy_modules";
  }
  return "unknown";
}

const char *ipg_severity_name(impgraph_severity severity) {
  switch (severity) {
  case IMPGRAPH_SEVERITY_ERROR: return "error";
  case IMPGRAPH_SEVERITY_WARNING: return "warning";
  case IMPGRAPH_SEVERITY_NOTE: return "note";
  }
  return "unknown";
}

static const char *const ctx_names[] = {
    "module",       "function", "async",       "lambda", "class_body", "type_checking",
    "type_checking_else", "optional", "conditional", "lazy", "dynamic", "fallback", "handler"};

static const char *const use_names[] = {
    "module_level", "function", "class_body", "annotation", "decorator", "default",
    "base",         "type_checking", "all",   "declaration", "binding", "string",
    "conditional",  "call"};

static size_t flag_names(uint32_t flags, const char *const *table, size_t table_len,
                         const char **out, size_t cap) {
  size_t n = 0;
  for (size_t bit = 0; bit < table_len && n < cap; bit++)
    if (flags & (1u << bit))
      out[n++] = table[bit];
  return n;
}

size_t ipg_ctx_flag_names(uint32_t flags, const char **out, size_t cap) {
  return flag_names(flags, ctx_names, sizeof ctx_names / sizeof *ctx_names, out, cap);
}

size_t ipg_use_flag_names(uint32_t flags, const char **out, size_t cap) {
  return flag_names(flags, use_names, sizeof use_names / sizeof *use_names, out, cap);
}
