/* Import sites of one scanned module: what decides the kind of the edge an
 * import record gives (TYPE_CHECKING > FUNCTION > UNTAKEN > HANDLER > LAZY >
 * MAIN > EAGER, with FALLBACK decided by the caller, who knows whether the
 * preferred import resolved). UNTAKEN comes from evaluating the record's
 * guard chain (the scanner's impgraph_scan_import_guards) against the probe
 * (cond.c). Shared by the build (build.c), impgraph_graph_update_file()
 * (update.c) and the editor diagnostics (project/editor.c), so that an
 * edited buffer is classified exactly as a rebuild would classify it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/cond.h"
#include "graph/graph.h"
#include "graph/values.h"

static int collect_lazy(ipg_importer *imp) {
  size_t n = impgraph_scan_import_count(imp->scan), count = 0;
  for (size_t i = 0; i < n; i++)
    count += impgraph_scan_import(imp->scan, i)->kind == IMPGRAPH_IMPORT_LAZY_MODULES;
  if (!count)
    return IMPGRAPH_OK;
  imp->lazy = malloc(count * sizeof *imp->lazy);
  if (!imp->lazy)
    return IMPGRAPH_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *rec = impgraph_scan_import(imp->scan, i);
    if (rec->kind == IMPGRAPH_IMPORT_LAZY_MODULES && rec->module)
      imp->lazy[imp->lazy_count++] = rec->module;
  }
  return IMPGRAPH_OK;
}

/* ---- guards ---- */

/* Whether `name` is bound by the record: plain `import name` (or
   `import name.sub`, which binds name too), or anything else. */
static void module_binding(const impgraph_import *rec, const char *name, uint32_t bit,
                           uint32_t *bound, uint32_t *other) {
  size_t n = strlen(name);
  if (rec->kind == IMPGRAPH_IMPORT_PLAIN && rec->bound && strcmp(rec->bound, name) == 0) {
    bool same = !rec->alias && rec->module && strncmp(rec->module, name, n) == 0 &&
                (rec->module[n] == '\0' || rec->module[n] == '.');
    same = same || (rec->alias && rec->module && strcmp(rec->module, name) == 0);
    if (!same)
      *other |= bit;
    else if (!(rec->flags &
               (IMPGRAPH_CTX_FUNCTION | IMPGRAPH_CTX_LAMBDA | IMPGRAPH_CTX_TYPE_CHECKING)))
      *bound |= bit;
  }
  for (size_t i = 0; i < rec->name_count; i++)
    if (rec->names[i].bound && strcmp(rec->names[i].bound, name) == 0)
      *other |= bit;
}

/* The names sys, os and platform that the module binds to those modules
   by a module-level import and by no other import (cond.c checks that no
   assignment rebinds them). */
uint32_t ipg_scan_cond_modules(const impgraph_scan *scan) {
  static const struct {
    const char *name;
    uint32_t bit;
  } modules[] = {{"sys", IPG_COND_SYS}, {"os", IPG_COND_OS}, {"platform", IPG_COND_PLATFORM}};
  uint32_t bound = 0, other = 0;
  size_t n = impgraph_scan_import_count(scan);
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < sizeof modules / sizeof *modules; k++)
      module_binding(impgraph_scan_import(scan, i), modules[k].name, modules[k].bit, &bound,
                     &other);
  return bound & ~other;
}

/* Whether a record's kind can depend on its guards: one that runs where it
   stands (module level, class body), so not FUNCTION or TYPE_CHECKING. */
static bool guards_matter(const impgraph_import *rec) {
  return !(rec->flags &
           (IMPGRAPH_CTX_FUNCTION | IMPGRAPH_CTX_LAMBDA | IMPGRAPH_CTX_TYPE_CHECKING)) &&
         rec->kind != IMPGRAPH_IMPORT_LAZY_MODULES;
}

/* 0 when every guard may hold, else 1 + the index of the first that fails
   (its condition has the truth value its branch does not need). */
static uint8_t failed_guard(ipg_cond_scope *scope, const impgraph_guard *guards, size_t count) {
  for (size_t k = 0; k < count; k++) {
    const impgraph_range *r = &guards[k].condition;
    ipg_truth t = ipg_cond_eval(scope, r->start_byte, r->end_byte);
    if (t != IPG_UNKNOWN && (t == IPG_TRUE) == (guards[k].negated != 0))
      return (uint8_t)(k + 1);
  }
  return 0;
}

static int evaluate_guards(ipg_importer *imp, const ipg_probe *probe) {
  size_t n = impgraph_scan_import_count(imp->scan);
  ipg_cond_env env;
  ipg_cond_env_from_probe(&env, probe);
  ipg_cond_scope scope = {.env = &env};
  const impgraph_guard *last = NULL;
  uint8_t last_result = 0;
  bool any = false;
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *rec = impgraph_scan_import(imp->scan, i);
    size_t count = 0;
    const impgraph_guard *guards = impgraph_scan_import_guards(imp->scan, i, &count);
    if (!count || !guards_matter(rec))
      continue;
    if (!scope.text) {
      scope.text = impgraph_scan_text(imp->scan, &scope.len);
      scope.modules = ipg_scan_cond_modules(imp->scan);
      scope.scan = imp->scan;
    }
    /* Records of one statement share their guards. */
    uint8_t result = guards == last ? last_result : failed_guard(&scope, guards, count);
    last = guards;
    last_result = result;
    if (!result)
      continue;
    if (!any) {
      imp->untaken = calloc(n, 1);
      if (!imp->untaken) {
        ipg_cond_scope_free(&scope);
        return IMPGRAPH_ENOMEM;
      }
      any = true;
    }
    imp->untaken[i] = result;
  }
  ipg_cond_scope_free(&scope);
  return IMPGRAPH_OK;
}

const impgraph_guard *ipg_importer_failed_guard(const ipg_importer *imp, size_t index) {
  if (!imp->untaken || index >= impgraph_scan_import_count(imp->scan) || !imp->untaken[index])
    return NULL;
  size_t count = 0;
  const impgraph_guard *guards = impgraph_scan_import_guards(imp->scan, index, &count);
  size_t k = imp->untaken[index] - 1u;
  return guards && k < count ? &guards[k] : NULL;
}

/* ---- the importer ---- */

int ipg_importer_init(ipg_importer *imp, const char *name, bool is_package, bool runs_as_main,
                      const impgraph_scan *scan, const ipg_probe *probe) {
  memset(imp, 0, sizeof *imp);
  imp->name = name;
  imp->is_package = is_package;
  imp->runs_as_main = runs_as_main;
  imp->scan = scan;
  imp->probe = probe;
  int rc = collect_lazy(imp);
  if (!rc) {
    size_t len = 0;
    const char *text = impgraph_scan_text(scan, &len);
    rc = ipg_main_blocks(text, len, &imp->main_blocks, &imp->main_block_count);
  }
  if (!rc)
    rc = evaluate_guards(imp, probe);
  if (rc)
    ipg_importer_free(imp);
  return rc;
}

void ipg_importer_free(ipg_importer *imp) {
  free(imp->lazy);
  free(imp->main_blocks);
  free(imp->untaken);
  imp->lazy = NULL;
  imp->main_blocks = NULL;
  imp->untaken = NULL;
  imp->lazy_count = imp->main_block_count = 0;
}

static impgraph_edge_kind classify(uint32_t flags) {
  if (flags & IMPGRAPH_CTX_TYPE_CHECKING)
    return IMPGRAPH_EDGE_TYPE_CHECKING;
  if (flags & (IMPGRAPH_CTX_FUNCTION | IMPGRAPH_CTX_LAMBDA))
    return IMPGRAPH_EDGE_FUNCTION;
  if (flags & IMPGRAPH_CTX_HANDLER)
    return IMPGRAPH_EDGE_HANDLER;
  if (flags & IMPGRAPH_CTX_LAZY)
    return IMPGRAPH_EDGE_LAZY;
  return IMPGRAPH_EDGE_EAGER;
}

static bool in_main_block(const ipg_importer *imp, const impgraph_import *rec) {
  if ((rec->flags & (IMPGRAPH_CTX_FUNCTION | IMPGRAPH_CTX_LAMBDA)) ||
      !(rec->flags & IMPGRAPH_CTX_CONDITIONAL))
    return false;
  return ipg_in_line_ranges(imp->main_blocks, imp->main_block_count, rec->statement.start_line);
}

static bool in_lazy_modules(const ipg_importer *imp, const char *name) {
  for (size_t i = 0; name && i < imp->lazy_count; i++)
    if (strcmp(imp->lazy[i], name) == 0)
      return true;
  return false;
}

const impgraph_guard *ipg_importer_loaded_guard(const ipg_importer *imp, size_t index,
                                                const char *target) {
  size_t count = 0, len = 0;
  const impgraph_guard *guards = impgraph_scan_import_guards(imp->scan, index, &count);
  const impgraph_import *rec = impgraph_scan_import(imp->scan, index);
  const char *text = impgraph_scan_text(imp->scan, &len);
  if (!count || !target || !*target || !text || !rec || !guards_matter(rec))
    return NULL;
  /* Only guards that name sys.modules can depend on it: read no others. */
  bool named = false;
  for (size_t k = 0; k < count && !named; k++) {
    const impgraph_range *r = &guards[k].condition;
    for (size_t i = r->start_byte; i + 7 <= r->end_byte && i + 7 <= len && !named; i++)
      named = memcmp(text + i, "modules", 7) == 0;
  }
  if (!named)
    return NULL;
  ipg_cond_env env;
  ipg_cond_env_from_probe(&env, imp->probe);
  ipg_cond_scope scope = {.env = &env,
                          .modules = ipg_scan_cond_modules(imp->scan),
                          .text = text,
                          .len = len,
                          .scan = imp->scan,
                          .absent = target};
  uint8_t k = failed_guard(&scope, guards, count);
  ipg_cond_scope_free(&scope);
  return k ? &guards[k - 1] : NULL;
}

impgraph_edge_kind ipg_importer_kind(const ipg_importer *imp, size_t index,
                                     const impgraph_import *rec, const char *absolute,
                                     const char *target) {
  impgraph_edge_kind kind = classify(rec->flags);
  if (imp->untaken && kind != IMPGRAPH_EDGE_TYPE_CHECKING && kind != IMPGRAPH_EDGE_FUNCTION &&
      index < impgraph_scan_import_count(imp->scan) && imp->untaken[index])
    return IMPGRAPH_EDGE_UNTAKEN;
  if (kind != IMPGRAPH_EDGE_TYPE_CHECKING && kind != IMPGRAPH_EDGE_FUNCTION &&
      ipg_importer_loaded_guard(imp, index, target))
    return IMPGRAPH_EDGE_IF_LOADED;
  /* PEP 810: module-level imports of names in __lazy_modules__ are lazy. */
  if (kind == IMPGRAPH_EDGE_EAGER && in_lazy_modules(imp, absolute))
    kind = IMPGRAPH_EDGE_LAZY;
  if (kind == IMPGRAPH_EDGE_EAGER && !imp->runs_as_main && in_main_block(imp, rec))
    kind = IMPGRAPH_EDGE_MAIN;
  return kind;
}

/* The preferred import of a fallback is the nearest earlier record of the
   same scope in a try body (OPTIONAL and not itself a fallback). */
size_t ipg_importer_preferred(const ipg_importer *imp, size_t index, const impgraph_import *rec) {
  (void)rec;
  return ipg_scan_preferred(imp->scan, index);
}

size_t ipg_scan_preferred(const impgraph_scan *scan, size_t index) {
  const impgraph_import *rec = impgraph_scan_import(scan, index);
  if (!rec)
    return SIZE_MAX;
  for (size_t j = index; j-- > 0;) {
    const impgraph_import *r = impgraph_scan_import(scan, j);
    if ((r->flags & IMPGRAPH_CTX_FALLBACK) ||
        strcmp(r->scope ? r->scope : "", rec->scope ? rec->scope : "") != 0)
      continue;
    return (r->flags & IMPGRAPH_CTX_OPTIONAL) ? j : SIZE_MAX;
  }
  return SIZE_MAX;
}

const char *ipg_record_text(const impgraph_scan *scan, const impgraph_import *rec, char *buf,
                            size_t size) {
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  uint32_t start = rec->statement.start_byte, end = rec->statement.end_byte;
  if (!text || end <= start || end > len) {
    snprintf(buf, size, "%s", rec->module ? rec->module : "?");
    return buf;
  }
  /* First line of the statement, whitespace collapsed. */
  size_t n = 0;
  bool space = false;
  for (uint32_t i = start; i < end && n + 4 < size; i++) {
    char c = text[i];
    if (c == '\n' || c == '\r')
      break;
    if (c == ' ' || c == '\t') {
      space = n > 0;
      continue;
    }
    if (space)
      buf[n++] = ' ';
    space = false;
    buf[n++] = c;
  }
  buf[n] = '\0';
  return buf;
}

/* ---- reports ---- */

/* The condition's text on one line, blanks collapsed, at most ~80 bytes. */
static void condition_text(const char *text, size_t len, const impgraph_range *r, char *buf,
                           size_t size) {
  size_t n = 0;
  bool space = false;
  for (size_t i = r->start_byte; i < r->end_byte && i < len && n + 5 < size && n < 80; i++) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\') {
      space = n > 0;
      continue;
    }
    if (space)
      buf[n++] = ' ';
    space = false;
    buf[n++] = c;
  }
  if (n < r->end_byte - r->start_byte && n >= 80)
    buf[n++] = '.', buf[n++] = '.', buf[n++] = '.';
  buf[n] = '\0';
}

const char *ipg_untaken_reason(const impgraph_graph *g, const impgraph_scan *scan, size_t index,
                               char *buf, size_t size) {
  if (size)
    buf[0] = '\0';
  size_t count = 0;
  const impgraph_guard *guards = scan ? impgraph_scan_import_guards(scan, index, &count) : NULL;
  if (!guards || size < 16)
    return buf;
  ipg_cond_env env;
  ipg_cond_env_from_probe(&env, g->probe);
  ipg_cond_scope scope = {.env = &env, .modules = ipg_scan_cond_modules(scan), .scan = scan};
  scope.text = impgraph_scan_text(scan, &scope.len);
  uint8_t k = failed_guard(&scope, guards, count);
  ipg_cond_scope_free(&scope);
  if (!k)
    return buf;
  const impgraph_guard *guard = &guards[k - 1];
  char cond[96];
  condition_text(scope.text, scope.len, &guard->condition, cond, sizeof cond);
  const ipg_probe *p = g->probe;
  char where[96];
  if (p->version_micro >= 0)
    snprintf(where, sizeof where, "%s, Python %d.%d.%d", p->platform ? p->platform : "?",
             p->version_major, p->version_minor, p->version_micro);
  else
    snprintf(where, sizeof where, "Python %d.%d", p->version_major, p->version_minor);
  snprintf(buf, size, "`%s` is %s on %s", cond, guard->negated ? "true" : "false", where);
  return buf;
}

/* ---- a dynamic import's loop values ---- */

int ipg_loop_import_names(const impgraph_scan *scan, size_t index, const ipg_probe *probe,
                          ipg_arena *arena, const char **names, size_t cap, size_t *count) {
  *count = 0;
  const impgraph_import *rec = impgraph_scan_import(scan, index);
  if (rec->module || rec->package || (rec->scope && rec->scope[0]) ||
      (rec->kind != IMPGRAPH_IMPORT_DUNDER && rec->kind != IMPGRAPH_IMPORT_IMPORTLIB) ||
      (rec->flags & (IMPGRAPH_CTX_FUNCTION | IMPGRAPH_CTX_LAMBDA | IMPGRAPH_CTX_CLASS_BODY |
                     IMPGRAPH_CTX_TYPE_CHECKING | IMPGRAPH_CTX_LAZY)))
    return IMPGRAPH_OK;
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  size_t arg = rec->module_range.start_byte, arg_end = rec->module_range.end_byte;
  if (arg_end > len || !ipg_py_identifier(text, arg, arg_end))
    return IMPGRAPH_OK;
  /* The column-0 `for NAME in ITER:` whose block holds the call: the last
     line at column 0 that starts before it. */
  size_t at = rec->statement.start_byte, header = SIZE_MAX;
  for (size_t i = at; i > 0; i--)
    if (text[i - 1] == '\n' && i < at && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
        text[i] != '\r' && text[i] != '#') {
      header = i;
      break;
    }
  if (header == SIZE_MAX || len - header < 4 || memcmp(text + header, "for ", 4) != 0)
    return IMPGRAPH_OK;
  ipg_vec lines;
  ipg_vec_init(&lines, sizeof(ipg_pyline));
  int rc = ipg_pylines(text, len, header, at + 1, &lines);
  const ipg_pyline *l = lines.data;
  size_t rs, re, n = arg_end - arg;
  /* The header is one logical line, and the call is in its block. */
  bool loop = !rc && lines.len >= 2 && l[0].start == header && l[0].indent == 0 &&
              ipg_pyline_header(text, &l[0], &rs, &re) &&
              ipg_pyline_block_end(l, lines.len, 0) == lines.len && re - rs > n + 4 &&
              memcmp(text + rs, text + arg, n) == 0 && memcmp(text + rs + n, " in ", 4) == 0;
  size_t body = loop ? l[1].start : 0;
  ipg_vec_free(&lines);
  if (rc || !loop)
    return rc;
  /* NAME is not bound again in the block before the call. */
  ipg_cond_index *bound = NULL;
  if ((rc = ipg_cond_names_new(&bound, text + body, at - body)))
    return rc;
  bool rebound = ipg_cond_names_bind(bound, text + arg, n);
  ipg_cond_names_free(bound);
  if (rebound)
    return IMPGRAPH_OK;
  ipg_cond_env env;
  ipg_cond_env_from_probe(&env, probe);
  ipg_cond_scope scope = {
      .env = &env, .modules = ipg_scan_cond_modules(scan), .text = text, .len = len, .scan = scan};
  ipg_cond_const values[IPG_LOOP_IMPORT_MAX];
  size_t found = 0;
  rc = ipg_cond_constants(&scope, rs + n + 4, re, true, arena, values,
                          cap < IPG_LOOP_IMPORT_MAX ? cap : IPG_LOOP_IMPORT_MAX, &found);
  ipg_cond_scope_free(&scope);
  for (size_t k = 0; !rc && k < found; k++)
    if (values[k].is_int || !ipg_py_dotted(values[k].s, 0, values[k].n))
      return IMPGRAPH_OK; /* every value must be a module name */
  for (size_t k = 0; !rc && k < found; k++)
    names[(*count)++] = values[k].s;
  return rc;
}
