/* type-checking: the import is needed only by type checkers (annotations
 * never evaluated, or code under `if TYPE_CHECKING:`): import it under
 * `if TYPE_CHECKING:`. When some annotation is evaluated eagerly on a
 * supported version, `from __future__ import annotations` makes them all
 * strings. */
#include <string.h>

#include "suggest/engine.h"

static bool weak(ipg_need_kind k) {
  return k == IPG_NEED_ANNOTATIONS || k == IPG_NEED_TYPE_CHECKING || k == IPG_NEED_UNUSED;
}

static bool needs_future(const ipg_site *site) {
  return site->need == IPG_NEED_IMPORT_TIME;
}

static bool applies(ipg_engine *en, const ipg_site *site) {
  (void)en;
  if (site->need == IPG_NEED_ANNOTATIONS || site->need == IPG_NEED_TYPE_CHECKING)
    return true;
  return site->need == IPG_NEED_IMPORT_TIME && site->eager_annotation &&
         weak(site->need_if_deferred);
}

static bool binds_type_checking(const impgraph_scan *scan) {
  size_t n = impgraph_scan_import_count(scan);
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *imp = impgraph_scan_import(scan, i);
    if (imp->scope && imp->scope[0])
      continue;
    for (size_t k = 0; k < imp->name_count; k++)
      if (imp->names[k].bound && strcmp(imp->names[k].bound, "TYPE_CHECKING") == 0)
        return true;
  }
  return false;
}

/* Where the import goes: after the last import of an existing module-level
   `if TYPE_CHECKING:` block (*indent its indentation), else after the last
   plain module-level import (*indent NULL: a new block). 0 = nowhere. */
static uint32_t insertion_line(ipg_engine *en, const ipg_site *site, const char **indent) {
  const impgraph_scan *scan = site->scan;
  size_t n = impgraph_scan_import_count(scan), len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  uint32_t block_line = 0, plain_line = 0;
  const impgraph_import *block_imp = NULL;
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *imp = impgraph_scan_import(scan, i);
    if (!imp->scope || imp->scope[0] || !(imp->flags & IMPGRAPH_CTX_MODULE))
      continue;
    if ((imp->flags & IMPGRAPH_CTX_TYPE_CHECKING) &&
        !(imp->flags & (IMPGRAPH_CTX_OPTIONAL | IMPGRAPH_CTX_FALLBACK)) &&
        imp->statement.end_line >= block_line) {
      block_line = imp->statement.end_line;
      block_imp = imp;
    }
    if (!(imp->flags & (IMPGRAPH_CTX_TYPE_CHECKING | IMPGRAPH_CTX_CONDITIONAL |
                        IMPGRAPH_CTX_OPTIONAL | IMPGRAPH_CTX_FALLBACK |
                        IMPGRAPH_CTX_TYPE_CHECKING_ELSE)) &&
        imp->statement.start_column == 1 && imp->statement.end_line >= plain_line)
      plain_line = imp->statement.end_line;
  }
  *indent = NULL;
  if (block_imp) {
    size_t start = ipg_line_start(scan, block_imp->statement.start_line);
    if (start == SIZE_MAX || start > block_imp->statement.start_byte || !text)
      return 0;
    *indent = ipg_arena_strndup(en->arena, text + start, block_imp->statement.start_byte - start);
    return block_line + 1;
  }
  return plain_line ? plain_line + 1 : 0;
}

static uint32_t first_import_line(const impgraph_scan *scan) {
  size_t n = impgraph_scan_import_count(scan);
  uint32_t line = 0;
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *imp = impgraph_scan_import(scan, i);
    if (imp->scope && !imp->scope[0] && (!line || imp->statement.start_line < line))
      line = imp->statement.start_line;
  }
  return line;
}

static bool has_future_annotations(const impgraph_scan *scan) {
  size_t n = impgraph_scan_import_count(scan);
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *imp = impgraph_scan_import(scan, i);
    if (imp->kind != IMPGRAPH_IMPORT_FUTURE)
      continue;
    for (size_t k = 0; k < imp->name_count; k++)
      if (strcmp(imp->names[k].name, "annotations") == 0)
        return true;
  }
  return false;
}

static int describe(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out) {
  const char *stmt = ipg_site_import_text(en, site);
  if (!stmt)
    return IMPGRAPH_ENOMEM;
  bool future = needs_future(site) && !has_future_annotations(site->scan);
  const ipg_binding_need *b = site->decider;
  if (site->need == IPG_NEED_TYPE_CHECKING)
    out->reason = ipg_arena_printf(en->arena, "used only under `if TYPE_CHECKING:`");
  else if (future)
    out->reason = ipg_arena_printf(en->arena,
                                   "used only in annotations; the one at line %u is evaluated at "
                                   "import time on Python %d.%d (annotations are deferred from "
                                   "3.14, or with `from __future__ import annotations`)",
                                   b ? b->line : 0, en->cfg->min_major, en->cfg->min_minor);
  else
    out->reason = ipg_arena_printf(en->arena,
                                   "used only in annotations that are never evaluated at run "
                                   "time");
  out->action = ipg_arena_printf(en->arena, "import it only for type checkers: `if TYPE_CHECKING: "
                                            "%s`%s",
                                 stmt, future ? ", and add `from __future__ import annotations`"
                                              : "");
  const char *indent = NULL;
  uint32_t line = insertion_line(en, site, &indent);
  ipg_edits ed;
  ipg_edits_init(&ed);
  ipg_edit_remove_site(&ed, en, site);
  if (!line)
    ed.failed = true;
  else if (indent)
    ipg_edit_insert_at_line(&ed, en, site, line, ipg_arena_printf(en->arena, "%s%s\n", indent, stmt));
  else
    ipg_edit_insert_at_line(
        &ed, en, site, line,
        ipg_arena_printf(en->arena, "%s\nif TYPE_CHECKING:\n    %s\n",
                         binds_type_checking(site->scan)
                             ? ""
                             : "TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing "
                               "typing\n",
                         stmt));
  if (future)
    ipg_edit_insert_at_line(&ed, en, site, first_import_line(site->scan),
                            "from __future__ import annotations\n");
  int rc = ipg_edits_finish(&ed, en, out);
  ipg_edits_free(&ed);
  if (!rc)
    rc = ipg_assess_risk(en, site, out);
  if (!rc && future && out->risk == IMPGRAPH_RISK_SAFE) {
    out->risk = IMPGRAPH_RISK_REVIEW;
    out->risk_reason = "adds `from __future__ import annotations`: every annotation of the module "
                       "becomes a string, so code that reads annotations at run time "
                       "(typing.get_type_hints, pydantic, attrs converters) must resolve them";
  }
  if (!rc && out->edit_count)
    out->edit = NULL;
  return rc ? rc : out->reason && out->action ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

const ipg_rule ipg_rule_type_checking = {IMPGRAPH_SUGGEST_TYPE_CHECKING, applies, describe};
