/* libFuzzer harness for the scanner: scans any bytes as a Python source and
 * checks the promises of impgraph.h about the records (traps when one is
 * broken, so the replay under ASan/UBSan fails): ranges inside the text with
 * lines and columns that agree with their byte offsets, strings present
 * where promised, records in source order, uses and local references
 * spelling their name, definitions' bodies inside their statements,
 * effect texts within their 80 bytes. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "impgraph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      __builtin_trap();                                                                            \
  } while (0)

/* Start offsets of the lines of the scanned text, Python's way (\n, \r\n or
 * a lone \r end a line); line 1 starts after a BOM. */
typedef struct lines {
  size_t *start;
  size_t count;
} lines;

static lines line_starts(const char *text, size_t len) {
  lines l = {malloc((len + 2) * sizeof(size_t)), 0};
  CHECK(l.start);
  l.start[l.count++] = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n')))
      l.start[l.count++] = i + 1;
  return l;
}

static void check_position(const lines *l, uint32_t byte, uint32_t line, uint32_t column) {
  CHECK(line >= 1 && line <= l->count);
  size_t start = l->start[line - 1];
  CHECK(byte >= start);
  CHECK(column == byte - start + 1);
  if (line < l->count)
    CHECK(byte < l->start[line]);
}

static void check_range(const lines *l, size_t len, impgraph_range r) {
  CHECK(r.start_byte <= r.end_byte && r.end_byte <= len);
  CHECK(r.start_line <= r.end_line);
  check_position(l, r.start_byte, r.start_line, r.start_column);
  check_position(l, r.end_byte, r.end_line, r.end_column);
}

static bool inside(impgraph_range inner, impgraph_range outer) {
  return inner.start_byte >= outer.start_byte && inner.end_byte <= outer.end_byte;
}

static void check_import(const lines *l, size_t len, const impgraph_import *im) {
  CHECK(im->kind >= IMPGRAPH_IMPORT_PLAIN && im->kind <= IMPGRAPH_IMPORT_LAZY_MODULES);
  CHECK(im->scope);
  check_range(l, len, im->statement);
  check_range(l, len, im->module_range);
  CHECK(inside(im->module_range, im->statement));
  bool dynamic = im->flags & IMPGRAPH_CTX_DYNAMIC;
  CHECK(dynamic == (im->module == NULL));
  if (dynamic)
    CHECK(im->kind == IMPGRAPH_IMPORT_DUNDER || im->kind == IMPGRAPH_IMPORT_IMPORTLIB);
  CHECK(!(im->flags & IMPGRAPH_CTX_MODULE) || !(im->flags & IMPGRAPH_CTX_FUNCTION));
  CHECK((im->flags & (IMPGRAPH_CTX_MODULE | IMPGRAPH_CTX_FUNCTION)) != 0);
  switch (im->kind) {
  case IMPGRAPH_IMPORT_PLAIN:
    CHECK(im->bound && im->name_count == 0);
    CHECK(!im->alias || strcmp(im->alias, im->bound) == 0);
    break;
  case IMPGRAPH_IMPORT_FROM:
  case IMPGRAPH_IMPORT_STAR:
  case IMPGRAPH_IMPORT_FUTURE:
    CHECK(im->name_count > 0 && im->names && !im->bound && !im->alias);
    for (size_t i = 0; i < im->name_count; i++) {
      const impgraph_import_name *n = &im->names[i];
      CHECK(n->name);
      check_range(l, len, n->range);
      CHECK(inside(n->range, im->statement));
      if (im->kind == IMPGRAPH_IMPORT_FROM)
        CHECK(n->bound && strcmp(n->bound, n->alias ? n->alias : n->name) == 0);
      else
        CHECK(!n->bound);
      if (im->kind == IMPGRAPH_IMPORT_STAR)
        CHECK(strcmp(n->name, "*") == 0);
    }
    break;
  default: CHECK(im->name_count == 0 && !im->bound);
  }
}

static void check_use(const lines *l, const char *text, size_t len, const impgraph_use *u) {
  CHECK(u->name && u->chain && u->scope);
  size_t n = strlen(u->name);
  CHECK(n > 0 && strncmp(u->chain, u->name, n) == 0);
  CHECK(u->chain[n] == '\0' || u->chain[n] == '.');
  check_range(l, len, u->range);
  if (u->flags & IMPGRAPH_USE_ALL) {
    CHECK(u->range.end_byte - u->range.start_byte >= n + 2); /* the quoted string */
  } else {
    CHECK(u->range.end_byte - u->range.start_byte == n);
    CHECK(memcmp(text + u->range.start_byte, u->name, n) == 0);
  }
}

static void check_definition(const lines *l, size_t len, const impgraph_definition *d) {
  CHECK(d->kind == IMPGRAPH_DEF_FUNCTION || d->kind == IMPGRAPH_DEF_CLASS);
  CHECK(d->qualname && d->scope);
  size_t scope_len = strlen(d->scope);
  if (scope_len)
    CHECK(strncmp(d->qualname, d->scope, scope_len) == 0 && d->qualname[scope_len] == '.');
  check_range(l, len, d->statement);
  check_range(l, len, d->body_first);
  CHECK(inside(d->body_first, d->statement));
  CHECK(d->body_inline <= 1);
  CHECK(d->body_indent == (d->body_inline ? 0 : d->body_first.start_column - 1));
}

static void check_local_ref(const lines *l, const char *text, size_t len,
                            const impgraph_local_ref *r) {
  CHECK(r->name && r->scope);
  size_t n = strlen(r->name);
  check_range(l, len, r->range);
  CHECK(r->range.end_byte - r->range.start_byte == n);
  CHECK(memcmp(text + r->range.start_byte, r->name, n) == 0);
  CHECK(!(r->flags & IMPGRAPH_USE_BINDING) && !(r->flags & IMPGRAPH_USE_DECLARATION));
  CHECK((r->flags & (IMPGRAPH_REF_CALL | IMPGRAPH_REF_VALUE)) !=
        (IMPGRAPH_REF_CALL | IMPGRAPH_REF_VALUE));
}

static void check_cli_command(const lines *l, size_t len, const impgraph_cli_command *c) {
  CHECK(c->framework >= IMPGRAPH_CLI_ARGPARSE && c->framework <= IMPGRAPH_CLI_TYPER);
  CHECK(c->name && c->scope);
  if (c->framework != IMPGRAPH_CLI_ARGPARSE)
    CHECK(c->handler && c->handler[0]);
  check_range(l, len, c->range);
}

static void check_effect(const lines *l, size_t len, const impgraph_effect *e) {
  CHECK(e->kind >= IMPGRAPH_EFFECT_CALL && e->kind <= IMPGRAPH_EFFECT_MONKEYPATCH);
  CHECK(e->text && strlen(e->text) <= 80);
  check_range(l, len, e->range);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static impgraph_scanner *scanner;
  if (!scanner) {
    impgraph_scan_options opts = IMPGRAPH_SCAN_OPTIONS_INIT;
    opts.timeout_us = 2000000; /* a stuck parse shows as a "timeout" diagnostic */
    CHECK(impgraph_scanner_new(&scanner, &opts, NULL) == IMPGRAPH_OK);
  }
  impgraph_scan *scan = NULL;
  CHECK(impgraph_scanner_scan(scanner, &scan, "fuzz.py", (const char *)data, size, NULL) ==
        IMPGRAPH_OK);
  size_t len;
  const char *text = impgraph_scan_text(scan, &len);
  CHECK(text && text[len] == '\0');
  lines l = line_starts(text, len);

  uint32_t last = 0;
  for (size_t i = 0; i < impgraph_scan_import_count(scan); i++) {
    const impgraph_import *im = impgraph_scan_import(scan, i);
    check_import(&l, len, im);
    CHECK(im->statement.start_byte >= last);
    last = im->statement.start_byte;
  }
  last = 0;
  for (size_t i = 0; i < impgraph_scan_use_count(scan); i++) {
    const impgraph_use *u = impgraph_scan_use(scan, i);
    check_use(&l, text, len, u);
    CHECK(u->range.start_byte >= last);
    last = u->range.start_byte;
  }
  last = 0;
  for (size_t i = 0; i < impgraph_scan_definition_count(scan); i++) {
    const impgraph_definition *d = impgraph_scan_definition(scan, i);
    check_definition(&l, len, d);
    CHECK(d->statement.start_byte >= last);
    last = d->statement.start_byte;
  }
  last = 0;
  for (size_t i = 0; i < impgraph_scan_local_ref_count(scan); i++) {
    const impgraph_local_ref *r = impgraph_scan_local_ref(scan, i);
    check_local_ref(&l, text, len, r);
    CHECK(r->range.start_byte >= last);
    last = r->range.start_byte;
  }
  last = 0;
  for (size_t i = 0; i < impgraph_scan_cli_command_count(scan); i++) {
    const impgraph_cli_command *c = impgraph_scan_cli_command(scan, i);
    check_cli_command(&l, len, c);
    CHECK(c->range.start_byte >= last);
    last = c->range.start_byte;
  }
  last = 0;
  for (size_t i = 0; i < impgraph_scan_effect_count(scan); i++) {
    const impgraph_effect *e = impgraph_scan_effect(scan, i);
    check_effect(&l, len, e);
    CHECK(e->range.start_byte >= last);
    last = e->range.start_byte;
  }
  for (size_t i = 0; i < impgraph_scan_diagnostic_count(scan); i++) {
    const impgraph_diagnostic *d = impgraph_scan_diagnostic(scan, i);
    CHECK(d->code && d->message && d->path);
  }
  CHECK(!impgraph_scan_import(scan, impgraph_scan_import_count(scan)));
  CHECK(!impgraph_scan_use(scan, impgraph_scan_use_count(scan)));
  CHECK(!impgraph_scan_definition(scan, impgraph_scan_definition_count(scan)));
  CHECK(!impgraph_scan_local_ref(scan, impgraph_scan_local_ref_count(scan)));
  CHECK(!impgraph_scan_cli_command(scan, impgraph_scan_cli_command_count(scan)));
  CHECK(!impgraph_scan_effect(scan, impgraph_scan_effect_count(scan)));
  free(l.start);
  impgraph_scan_free(scan);
  return 0;
}
