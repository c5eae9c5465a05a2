/* remove-unused: imported and never read. Never asserted safe: the import
 * may be there for its side effects (registration, monkeypatching). */
#include "suggest/engine.h"

static bool applies(ipg_engine *en, const ipg_site *site) {
  (void)en;
  return site->need == IPG_NEED_UNUSED;
}

static int describe(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out) {
  const char *stmt = ipg_site_import_text(en, site);
  if (!stmt)
    return IMPGRAPH_ENOMEM;
  out->reason = ipg_arena_printf(en->arena, "`%s` binds a name this module never reads", stmt);
  out->action = ipg_arena_printf(en->arena, "remove `%s` (check that nothing relies on the "
                                            "module being imported for its side effects)",
                                 stmt);
  ipg_edits ed;
  ipg_edits_init(&ed);
  ipg_edit_remove_site(&ed, en, site);
  int rc = ipg_edits_finish(&ed, en, out);
  ipg_edits_free(&ed);
  if (!rc)
    rc = ipg_assess_risk(en, site, out);
  if (!rc && out->risk == IMPGRAPH_RISK_SAFE) {
    out->risk = IMPGRAPH_RISK_REVIEW;
    out->risk_reason = "check for side effects: a module may be imported only to run its "
                       "import-time code";
  }
  return rc ? rc : out->reason && out->action ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

const ipg_rule ipg_rule_remove_unused = {IMPGRAPH_SUGGEST_REMOVE_UNUSED, applies, describe};
