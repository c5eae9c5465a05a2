/* lazy-import: PEP 810 (Python 3.15). Chosen by the planner only when every
 * supported version has it (`requires-python` >= 3.15): one keyword, no
 * code moved. For projects that also support older versions the planner
 * prefers move-into-function, which saves on every version
 * (impgraph_suggest_info.mechanism says so). PEP 810 allows `lazy` only on
 * module-level statements outside try/with blocks and class bodies, and
 * never on `import *`. */
#include "suggest/engine.h"

static bool applies(ipg_engine *en, const ipg_site *site) {
  if (!ipg_version_at_least(en->cfg->min_major, en->cfg->min_minor, 3, 15))
    return false;
  if (site->imp->flags & (IMPGRAPH_CTX_OPTIONAL | IMPGRAPH_CTX_FALLBACK | IMPGRAPH_CTX_LAZY |
                          IMPGRAPH_CTX_CLASS_BODY | IMPGRAPH_CTX_FUNCTION))
    return false;
  if (site->imp->kind != IMPGRAPH_IMPORT_PLAIN && site->imp->kind != IMPGRAPH_IMPORT_FROM)
    return false;
  return site->need == IPG_NEED_FUNCTIONS ||
         (site->need == IPG_NEED_REEXPORT && !site->package_init);
}

static int describe(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out) {
  int rc = ipg_copy_functions(en, site, out);
  const char *stmt = ipg_site_import_text(en, site);
  if (rc || !stmt)
    return rc ? rc : IMPGRAPH_ENOMEM;
  const char *list = ipg_site_function_list(en, site);
  out->reason = site->need == IPG_NEED_FUNCTIONS
                    ? ipg_arena_printf(en->arena, "used only inside %s", list ? list : "")
                    : ipg_arena_printf(en->arena, "re-exported, not used at import time");
  out->action = ipg_arena_printf(en->arena, "make it `lazy %s` (PEP 810: loaded on first use)",
                                 stmt);
  ipg_edits ed;
  ipg_edits_init(&ed);
  if (site->all_names) {
    /* `lazy ` before the statement. */
    size_t at = site->imp->statement.start_byte;
    uint32_t line = site->imp->statement.start_line;
    size_t start = ipg_line_start(site->scan, line);
    if (start != SIZE_MAX && start == at)
      ipg_edit_insert_at_line(&ed, en, site, line, "lazy ");
    else
      ed.failed = true;
  } else
    ed.failed = true;
  rc = ipg_edits_finish(&ed, en, out);
  ipg_edits_free(&ed);
  if (!rc)
    rc = ipg_assess_risk(en, site, out);
  return rc ? rc : out->reason && out->action ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

const ipg_rule ipg_rule_lazy_import = {IMPGRAPH_SUGGEST_LAZY_IMPORT, applies, describe};
