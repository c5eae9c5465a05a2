/* move-into-function: the import is needed only inside some functions. */
#include <string.h>

#include "suggest/engine.h"

static bool movable_functions(const ipg_site *site) {
  if (!site->functions.len)
    return false;
  for (size_t i = 0; i < site->functions.len; i++) {
    const ipg_need_fn *f = ipg_vec_at(&site->functions, i);
    if (strstr(f->scope, "<lambda>"))
      return false; /* an import statement cannot go into a lambda */
  }
  return true;
}

static bool applies(ipg_engine *en, const ipg_site *site) {
  (void)en;
  return site->need == IPG_NEED_FUNCTIONS && movable_functions(site);
}

int ipg_describe_move(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out) {
  int rc = ipg_copy_functions(en, site, out);
  if (rc)
    return rc;
  const char *stmt = ipg_site_import_text(en, site);
  const char *list = ipg_site_function_list(en, site);
  if (!stmt || !list)
    return IMPGRAPH_ENOMEM;
  out->reason = ipg_arena_printf(en->arena, "used only inside %s", list);
  out->action = ipg_arena_printf(en->arena, "move `%s` into %s", stmt,
                                 site->functions.len == 1 ? "that function" : "each of them");
  ipg_edits ed;
  ipg_edits_init(&ed);
  ipg_edit_remove_site(&ed, en, site);
  for (size_t i = 0; i < site->functions.len; i++) {
    const ipg_need_fn *f = ipg_vec_at(&site->functions, i);
    ipg_edit_insert_in_function(&ed, en, site, f->scope, stmt);
  }
  rc = ipg_edits_finish(&ed, en, out);
  ipg_edits_free(&ed);
  if (!rc && out->edit_count == 0)
    out->action = ipg_arena_printf(en->arena, "%s (by hand: the statement shares its block or "
                                              "line with other code)",
                                   out->action);
  if (!rc)
    rc = ipg_assess_risk(en, site, out);
  return rc || !out->reason || !out->action ? (rc ? rc : IMPGRAPH_ENOMEM) : IMPGRAPH_OK;
}

const ipg_rule ipg_rule_move_into_function = {IMPGRAPH_SUGGEST_MOVE_INTO_FUNCTION, applies,
                                              ipg_describe_move};
