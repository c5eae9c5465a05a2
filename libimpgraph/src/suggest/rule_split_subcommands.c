/* split-subcommands: the import is needed only by some subcommands of a
 * CLI (argparse, click, typer): moving it into their handlers keeps it out
 * of `tool --help` and of every other subcommand. The edits are those of
 * move-into-function; the report's entries give each subcommand's start-up
 * now and after. */
#include <string.h>

#include "suggest/engine.h"

/* The subcommands whose run includes one of the site's functions; 0 when a
   function also runs outside every subcommand. */
static size_t needing_subcommands(const ipg_engine *en, const ipg_site *site, const char **names,
                                  size_t cap) {
  size_t count = 0;
  for (size_t i = 0; i < site->functions.len; i++) {
    const ipg_need_fn *f = ipg_vec_at(&site->functions, i);
    bool in_some = false;
    for (size_t k = 0; k < en->run_count; k++) {
      if (!ipg_fnset_has(en->runs[k], site->e->from, f->scope))
        continue;
      if (!en->run_subcommand[k])
        return 0; /* runs on `tool --help` too */
      in_some = true;
      bool seen = false;
      for (size_t j = 0; j < count; j++)
        seen |= strcmp(names[j], en->run_subcommand[k]) == 0;
      if (!seen && count < cap)
        names[count++] = en->run_subcommand[k];
    }
    if (!in_some)
      return 0;
  }
  return count;
}

static bool applies(ipg_engine *en, const ipg_site *site) {
  /* Imports of the CLI module itself: elsewhere it is a plain move. */
  if (site->e->from != en->cli_module || !ipg_rule_move_into_function.applies(en, site))
    return false;
  const char *names[64];
  return needing_subcommands(en, site, names, 64) > 0;
}

static int describe(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out) {
  int rc = ipg_describe_move(en, site, out);
  if (rc)
    return rc;
  const char *names[64];
  size_t n = needing_subcommands(en, site, names, 64);
  const char **copy = n ? ipg_arena_alloc(en->arena, n * sizeof(char *)) : NULL;
  if (n && !copy)
    return IMPGRAPH_ENOMEM;
  ipg_buf list;
  ipg_buf_init(&list);
  for (size_t i = 0; i < n; i++) {
    copy[i] = names[i]; /* the report's own strings */
    ipg_buf_printf(&list, "%s`%s`", i ? ", " : "", names[i]);
  }
  out->subcommands = copy;
  out->subcommand_count = n;
  const char *stmt = ipg_site_import_text(en, site);
  out->reason = list.failed || !stmt ? NULL
                                     : ipg_arena_printf(en->arena,
                                                        "only the %s subcommand%s need%s it "
                                                        "(%s)",
                                                        list.data ? list.data : "",
                                                        n == 1 ? "" : "s", n == 1 ? "s" : "",
                                                        out->reason);
  out->action = stmt ? ipg_arena_printf(en->arena,
                                        "move `%s` into the handler%s of %s: `--help` and the "
                                        "other subcommands stop loading it",
                                        stmt, site->functions.len == 1 ? "" : "s",
                                        list.data ? list.data : "")
                     : NULL;
  ipg_buf_free(&list);
  return out->reason && out->action ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

const ipg_rule ipg_rule_split_subcommands = {IMPGRAPH_SUGGEST_SPLIT_SUBCOMMANDS, applies,
                                             describe};
