/* lazy-getattr: a package `__init__` re-exports a submodule or its names
 * (`from .export import to_csv`): PEP 562 (Python 3.7+) module `__getattr__`
 * and `__dir__` load them on first access, and an `if TYPE_CHECKING:` copy
 * of the import keeps type checkers and IDEs seeing the names. */
#include <string.h>

#include "suggest/engine.h"

/* Another module imports one of the site's names from the package at
   import time (`from pkg import to_csv` at module level): the module
   __getattr__ would load it right away, so nothing is saved. */
static bool name_imported_eagerly(const ipg_engine *en, const ipg_site *site) {
  const impgraph_graph *g = en->g;
  size_t pkg = site->e->from;
  for (size_t j = g->in_first[pkg]; j < g->in_first[pkg + 1]; j++) {
    const impgraph_edge *e = &g->edges[g->in_edges[j]];
    if (e->kind != IMPGRAPH_EDGE_EAGER || e->from == pkg || !e->names)
      continue;
    for (size_t i = 0; i < site->name_count; i++) {
      const impgraph_import_name *n = &site->imp->names[site->name_index[i]];
      const char *bound = n->bound ? n->bound : n->name;
      size_t len = strlen(bound);
      for (const char *p = e->names; (p = strstr(p, bound)) != NULL; p += len)
        if ((p == e->names || p[-1] == ',') && (p[len] == '\0' || p[len] == ','))
          return true;
    }
  }
  return false;
}

static bool applies(ipg_engine *en, const ipg_site *site) {
  if (!ipg_version_at_least(en->cfg->min_major, en->cfg->min_minor, 3, 7))
    return false;
  if (site->need != IPG_NEED_REEXPORT || !site->package_init || name_imported_eagerly(en, site))
    return false;
  return !(site->imp->flags & (IMPGRAPH_CTX_OPTIONAL | IMPGRAPH_CTX_FALLBACK |
                               IMPGRAPH_CTX_CONDITIONAL | IMPGRAPH_CTX_TYPE_CHECKING_ELSE));
}

/* ".export" for `from .export import x`, "numpy" for `from numpy import x`,
   "a.b" for `import a.b`. */
static void put_module_spec(ipg_buf *b, const impgraph_import *imp) {
  for (uint32_t i = 0; i < imp->level; i++)
    ipg_buf_putc(b, '.');
  ipg_buf_puts(b, imp->module ? imp->module : "");
}

/* The `_LAZY` table entries of the site: "name": ("module", "attr" or None). */
static void put_table(ipg_buf *b, const ipg_site *site) {
  const impgraph_import *imp = site->imp;
  if (imp->kind != IMPGRAPH_IMPORT_FROM) {
    ipg_buf_printf(b, "    \"%s\": (\"", imp->bound ? imp->bound : "");
    put_module_spec(b, imp);
    ipg_buf_puts(b, imp->alias ? "\", None),\n" : "\", None),  # binds the top-level package\n");
    return;
  }
  size_t to_len = strlen(site->to->name);
  for (size_t i = 0; i < site->name_count; i++) {
    const impgraph_import_name *n = &imp->names[site->name_index[i]];
    size_t nl = strlen(n->name);
    bool submodule = to_len > nl && site->to->name[to_len - nl - 1] == '.' &&
                     strcmp(site->to->name + to_len - nl, n->name) == 0;
    ipg_buf_printf(b, "    \"%s\": (\"", n->bound ? n->bound : n->name);
    put_module_spec(b, imp);
    if (submodule) {
      if (imp->module && imp->module[0])
        ipg_buf_putc(b, '.');
      ipg_buf_printf(b, "%s\", None),\n", n->name);
    } else
      ipg_buf_printf(b, "\", \"%s\"),\n", n->name);
  }
}

static int describe(ipg_engine *en, const ipg_site *site, impgraph_suggestion *out) {
  const char *stmt = ipg_site_import_text(en, site);
  if (!stmt)
    return IMPGRAPH_ENOMEM;
  ipg_buf code;
  ipg_buf_init(&code);
  ipg_buf_printf(&code,
                 "TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing\n"
                 "if TYPE_CHECKING:\n"
                 "    %s\n"
                 "\n"
                 "_LAZY = {\n",
                 stmt);
  put_table(&code, site);
  ipg_buf_puts(&code,
               "}\n"
               "\n"
               "\n"
               "def __getattr__(name):\n"
               "    try:\n"
               "        module_name, attr = _LAZY[name]\n"
               "    except KeyError:\n"
               "        raise AttributeError(f\"module {__name__!r} has no attribute {name!r}\") "
               "from None\n"
               "    from importlib import import_module\n"
               "\n"
               "    value = import_module(module_name, __name__)\n"
               "    if attr is not None:\n"
               "        value = getattr(value, attr)\n"
               "    globals()[name] = value  # later accesses skip __getattr__\n"
               "    return value\n"
               "\n"
               "\n"
               "def __dir__():\n"
               "    return sorted(set(globals()) | set(_LAZY))\n");
  out->edit = code.failed ? NULL : ipg_arena_strdup(en->arena, code.data);
  ipg_buf_free(&code);
  out->reason = ipg_arena_printf(en->arena,
                                 "the package re-exports it, but nothing in the package needs it "
                                 "while it is imported");
  out->action = ipg_arena_printf(en->arena,
                                 "replace `%s` with a module `__getattr__` (PEP 562) that imports "
                                 "it on first access; the TYPE_CHECKING import keeps type "
                                 "checkers and IDEs working",
                                 stmt);
  /* Edits: the statement goes; the block goes to the end of the module. */
  ipg_edits ed;
  ipg_edits_init(&ed);
  ipg_edit_remove_site(&ed, en, site);
  size_t len = 0;
  const char *text = impgraph_scan_text(site->scan, &len);
  uint32_t lines = 1;
  for (size_t i = 0; text && i < len; i++)
    lines += text[i] == '\n';
  bool ends_with_newline = len && text[len - 1] == '\n';
  if (out->edit && ends_with_newline)
    ipg_edit_insert_at_line(&ed, en, site, lines,
                            ipg_arena_printf(en->arena, "\n\n%s", out->edit));
  else
    ed.failed = true;
  int rc = ipg_edits_finish(&ed, en, out);
  ipg_edits_free(&ed);
  if (!rc)
    rc = ipg_assess_risk(en, site, out);
  return rc ? rc : out->reason && out->action && out->edit ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

const ipg_rule ipg_rule_lazy_getattr = {IMPGRAPH_SUGGEST_LAZY_GETATTR, applies, describe};
