/* Risk of a suggestion: what deferring may change besides timing. */
#include <string.h>
#include <strings.h>

#include "suggest/engine.h"

static const char *effect_label(impgraph_effect_kind kind) {
  switch (kind) {
  case IMPGRAPH_EFFECT_CALL: return "calls";
  case IMPGRAPH_EFFECT_REGISTER_DECORATOR: return "registers through a decorator";
  case IMPGRAPH_EFFECT_SYS_MODULES: return "changes sys.modules";
  case IMPGRAPH_EFFECT_SYS_PATH: return "changes sys.path";
  case IMPGRAPH_EFFECT_ATEXIT: return "registers an atexit handler";
  case IMPGRAPH_EFFECT_SIGNAL: return "installs a signal handler";
  case IMPGRAPH_EFFECT_WARNINGS_LOGGING: return "configures warnings or logging";
  case IMPGRAPH_EFFECT_ENVIRON: return "changes os.environ";
  case IMPGRAPH_EFFECT_MONKEYPATCH: return "monkeypatches";
  }
  return "has side effects";
}

/* Plain module-level calls are everywhere (building tables, compiling
   patterns, the very work that makes a module slow to import): only calls
   whose callee sounds like it changes the program's state outside the
   module count. */
static bool call_may_register(const char *text) {
  static const char *const words[] = {"register", "plugin", "install", "patch", "hook",
                                      "setup",    "configure", "activate", "enable", "monkey",
                                      "override", "subscribe", "connect", "add_handler"};
  if (!text)
    return false;
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    size_t n = strlen(words[i]);
    for (const char *p = text; *p; p++)
      if (strncasecmp(p, words[i], n) == 0)
        return true;
  }
  return false;
}

/* The first effect of a module worth telling: anything but a plain call,
   or a call that sounds like registration. */
static const impgraph_effect *first_effect(const impgraph_scan *scan) {
  size_t n = impgraph_scan_effect_count(scan);
  for (size_t i = 0; i < n; i++) {
    const impgraph_effect *e = impgraph_scan_effect(scan, i);
    if (e->kind != IMPGRAPH_EFFECT_CALL || call_may_register(e->text))
      return e;
  }
  return NULL;
}

int ipg_assess_risk(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out) {
  const impgraph_graph *g = en->g;
  out->risk = IMPGRAPH_RISK_SAFE;
  out->risk_reason = NULL;
  size_t to = site->e->to;
  const impgraph_scan *scan = g->scans[to];
  const impgraph_module *m = &g->modules[to];
  if (scan && m->origin != IMPGRAPH_ORIGIN_STDLIB) {
    const impgraph_effect *e = first_effect(scan);
    if (e) {
      out->risk = IMPGRAPH_RISK_REVIEW;
      out->risk_reason = ipg_arena_printf(
          en->arena, "%s %s at import time (`%s`, line %u): deferring the import defers that too",
          m->name, effect_label(e->kind), e->text ? e->text : "?", e->range.start_line);
      return out->risk_reason ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
    }
  }
  if (site->reads_may_be_local) {
    out->risk = IMPGRAPH_RISK_REVIEW;
    out->risk_reason = "every function reading the name also binds or imports it itself: the "
                       "import may be unused instead";
    return IMPGRAPH_OK;
  }
  for (size_t i = 0; i < site->functions.len; i++) {
    const ipg_need_fn *f = ipg_vec_at(&site->functions, i);
    if (f->binds_locally) {
      out->risk = IMPGRAPH_RISK_REVIEW;
      out->risk_reason = ipg_arena_printf(en->arena,
                                          "%s() also binds the name locally (a parameter, an "
                                          "assignment or a comprehension variable): check that "
                                          "the import does not clobber it",
                                          f->scope);
      return out->risk_reason ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
    }
  }
  return IMPGRAPH_OK;
}

int ipg_copy_functions(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out) {
  size_t n = site->functions.len;
  out->function_count = 0;
  if (!n)
    return IMPGRAPH_OK;
  const char **names = ipg_arena_alloc(en->arena, n * sizeof(char *));
  uint32_t *lines = ipg_arena_alloc(en->arena, n * sizeof(uint32_t));
  if (!names || !lines)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    const ipg_need_fn *f = ipg_vec_at(&site->functions, i);
    if (!(names[i] = ipg_arena_strdup(en->arena, f->scope)))
      return IMPGRAPH_ENOMEM;
    lines[i] = f->line;
  }
  out->functions = names;
  out->function_lines = lines;
  out->function_count = n;
  return IMPGRAPH_OK;
}
