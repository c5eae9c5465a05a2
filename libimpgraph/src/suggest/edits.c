/* Text edits of suggestions: take an import out of its statement, put it at
 * the top of a function body or at a line. Every edit is computed on the
 * scanned text of the importing module; when one cannot be made safely
 * (the statement shares its line with other code, it is the only statement
 * of a block, the function body is on the def line), the suggestion keeps
 * its action text but gets no edits. */
#include <stdlib.h>
#include <string.h>

#include "suggest/engine.h"

void ipg_edits_init(ipg_edits *ed) {
  ipg_vec_init(&ed->items, sizeof(impgraph_text_edit));
  ed->failed = false;
}

void ipg_edits_free(ipg_edits *ed) {
  ipg_vec_free(&ed->items);
}

size_t ipg_line_start(const impgraph_scan *scan, uint32_t line) {
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  if (!text || line == 0)
    return SIZE_MAX;
  size_t at = 0;
  for (uint32_t l = 1; l < line; l++) {
    const char *nl = memchr(text + at, '\n', len - at);
    if (!nl)
      return SIZE_MAX;
    at = (size_t)(nl - text) + 1;
  }
  return at;
}

/* The line and column of byte `at`. */
static void position(const impgraph_scan *scan, size_t at, uint32_t *line, uint32_t *column) {
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  uint32_t l = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < at && i < len; i++)
    if (text[i] == '\n') {
      l++;
      line_start = i + 1;
    }
  *line = l;
  *column = (uint32_t)(at - line_start) + 1;
}

static void add(ipg_edits *ed, ipg_engine *en, const ipg_site *site, size_t start, size_t end,
                const char *text) {
  if (ed->failed)
    return;
  impgraph_text_edit *e = ipg_vec_push(&ed->items);
  if (!e || !text) {
    ed->failed = true;
    return;
  }
  e->file = site->file;
  e->range.start_byte = (uint32_t)start;
  e->range.end_byte = (uint32_t)end;
  position(site->scan, start, &e->range.start_line, &e->range.start_column);
  position(site->scan, end, &e->range.end_line, &e->range.end_column);
  e->new_text = ipg_arena_strdup(en->arena, text);
  if (!e->new_text)
    ed->failed = true;
}

static void put_range_text(ipg_buf *b, const impgraph_scan *scan, const impgraph_range *r) {
  size_t len = 0;
  const char *text = impgraph_scan_text(scan, &len);
  if (r->end_byte <= len && r->start_byte <= r->end_byte)
    ipg_buf_append(b, text + r->start_byte, r->end_byte - r->start_byte);
}

static void put_from_head(ipg_buf *b, const impgraph_import *imp) {
  ipg_buf_puts(b, "from ");
  for (uint32_t i = 0; i < imp->level; i++)
    ipg_buf_putc(b, '.');
  ipg_buf_puts(b, imp->module ? imp->module : "");
  ipg_buf_puts(b, " import ");
}

static void put_plain(ipg_buf *b, const impgraph_import *imp) {
  ipg_buf_puts(b, imp->module ? imp->module : "");
  if (imp->alias) {
    ipg_buf_puts(b, " as ");
    ipg_buf_puts(b, imp->alias);
  }
}

static bool site_has_name(const ipg_site *site, size_t k) {
  for (size_t i = 0; i < site->name_count; i++)
    if (site->name_index[i] == k)
      return true;
  return false;
}

const char *ipg_site_import_text(ipg_engine *en, const ipg_site *site) {
  const impgraph_import *imp = site->imp;
  ipg_buf b;
  ipg_buf_init(&b);
  if (imp->kind == IMPGRAPH_IMPORT_FROM) {
    put_from_head(&b, imp);
    bool first = true;
    for (size_t k = 0; k < imp->name_count; k++) {
      if (!site_has_name(site, k))
        continue;
      if (!first)
        ipg_buf_puts(&b, ", ");
      put_range_text(&b, site->scan, &imp->names[k].range);
      first = false;
    }
  } else {
    ipg_buf_puts(&b, "import ");
    put_plain(&b, imp);
  }
  const char *out = b.failed ? NULL : ipg_arena_strdup(en->arena, b.data ? b.data : "");
  ipg_buf_free(&b);
  return out;
}

/* Import records of the same statement as the site's. */
static size_t statement_records(const ipg_site *site, size_t *first) {
  size_t n = impgraph_scan_import_count(site->scan), count = 0;
  *first = SIZE_MAX;
  for (size_t i = 0; i < n; i++) {
    const impgraph_import *other = impgraph_scan_import(site->scan, i);
    if (other->statement.start_byte == site->imp->statement.start_byte) {
      if (*first == SIZE_MAX)
        *first = i;
      count++;
    }
  }
  return count;
}

/* Deletes the statement's whole lines when nothing else is on them. */
static void delete_statement_lines(ipg_edits *ed, ipg_engine *en, const ipg_site *site) {
  size_t len = 0;
  const char *text = impgraph_scan_text(site->scan, &len);
  const impgraph_range *r = &site->imp->statement;
  size_t start = ipg_line_start(site->scan, r->start_line);
  if (start == SIZE_MAX || start > r->start_byte) {
    ed->failed = true;
    return;
  }
  for (size_t i = start; i < r->start_byte; i++)
    if (text[i] != ' ' && text[i] != '\t') {
      ed->failed = true;
      return;
    }
  size_t end = r->end_byte;
  while (end < len && (text[end] == ' ' || text[end] == '\t'))
    end++;
  if (end < len && text[end] == '#')
    while (end < len && text[end] != '\n')
      end++;
  if (end < len && text[end] == '\r')
    end++;
  if (end < len && text[end] != '\n') {
    ed->failed = true;
    return;
  }
  if (end < len)
    end++;
  add(ed, en, site, start, end, "");
}

void ipg_edit_remove_site(ipg_edits *ed, ipg_engine *en, const ipg_site *site) {
  /* The only statement of a block (if/try) cannot simply go. */
  if (site->imp->flags & (IMPGRAPH_CTX_CONDITIONAL | IMPGRAPH_CTX_OPTIONAL | IMPGRAPH_CTX_FALLBACK |
                          IMPGRAPH_CTX_TYPE_CHECKING_ELSE)) {
    ed->failed = true;
    return;
  }
  size_t first = 0;
  size_t records = statement_records(site, &first);
  const impgraph_import *imp = site->imp;
  if (records == 1 && site->all_names) {
    delete_statement_lines(ed, en, site);
    return;
  }
  ipg_buf b;
  ipg_buf_init(&b);
  if (imp->kind == IMPGRAPH_IMPORT_FROM) {
    put_from_head(&b, imp);
    bool any = false;
    for (size_t k = 0; k < imp->name_count; k++) {
      if (site_has_name(site, k))
        continue;
      if (any)
        ipg_buf_puts(&b, ", ");
      put_range_text(&b, site->scan, &imp->names[k].range);
      any = true;
    }
    if (!any)
      ed->failed = true;
  } else {
    ipg_buf_puts(&b, "import ");
    bool any = false;
    for (size_t i = first; i < first + records; i++) {
      const impgraph_import *other = impgraph_scan_import(site->scan, i);
      if (other == imp)
        continue;
      if (any)
        ipg_buf_puts(&b, ", ");
      put_plain(&b, other);
      any = true;
    }
    if (!any)
      ed->failed = true;
  }
  if (!ed->failed && !b.failed)
    add(ed, en, site, imp->statement.start_byte, imp->statement.end_byte, b.data);
  else
    ed->failed = true;
  ipg_buf_free(&b);
}

void ipg_edit_insert_in_function(ipg_edits *ed, ipg_engine *en, const ipg_site *site,
                                 const char *qualname, const char *line_text) {
  size_t n = impgraph_scan_definition_count(site->scan);
  const impgraph_definition *def = NULL;
  for (size_t i = 0; i < n && !def; i++) {
    const impgraph_definition *d = impgraph_scan_definition(site->scan, i);
    if (d->kind == IMPGRAPH_DEF_FUNCTION && strcmp(d->qualname, qualname) == 0)
      def = d;
  }
  if (!def || def->body_inline || !line_text) {
    ed->failed = true;
    return;
  }
  size_t len = 0;
  const char *text = impgraph_scan_text(site->scan, &len);
  size_t start = ipg_line_start(site->scan, def->body_first.start_line);
  if (start == SIZE_MAX || start > def->body_first.start_byte) {
    ed->failed = true;
    return;
  }
  ipg_buf b;
  ipg_buf_init(&b);
  ipg_buf_append(&b, text + start, def->body_first.start_byte - start); /* indentation */
  ipg_buf_puts(&b, line_text);
  ipg_buf_putc(&b, '\n');
  if (b.failed)
    ed->failed = true;
  else
    add(ed, en, site, start, start, b.data);
  ipg_buf_free(&b);
}

void ipg_edit_insert_at_line(ipg_edits *ed, ipg_engine *en, const ipg_site *site, uint32_t line,
                             const char *text) {
  size_t at = ipg_line_start(site->scan, line);
  if (at == SIZE_MAX || !text) {
    ed->failed = true;
    return;
  }
  add(ed, en, site, at, at, text);
}

static int edit_cmp(const void *pa, const void *pb) {
  const impgraph_text_edit *a = pa, *b = pb;
  if (a->range.start_byte != b->range.start_byte)
    return (a->range.start_byte > b->range.start_byte) - (a->range.start_byte < b->range.start_byte);
  return (a->range.end_byte > b->range.end_byte) - (a->range.end_byte < b->range.end_byte);
}

int ipg_edits_finish(ipg_edits *ed, ipg_engine *en, impgraph_suggestion *out) {
  out->edits = NULL;
  out->edit_count = 0;
  if (ed->failed || !ed->items.len)
    return IMPGRAPH_OK;
  qsort(ed->items.data, ed->items.len, sizeof(impgraph_text_edit), edit_cmp);
  for (size_t i = 1; i < ed->items.len; i++) {
    const impgraph_text_edit *prev = ipg_vec_at(&ed->items, i - 1);
    const impgraph_text_edit *cur = ipg_vec_at(&ed->items, i);
    if (cur->range.start_byte < prev->range.end_byte)
      return IMPGRAPH_OK; /* overlapping: no edits */
  }
  impgraph_text_edit *copy = ipg_arena_alloc(en->arena, ed->items.len * sizeof *copy);
  if (!copy)
    return IMPGRAPH_ENOMEM;
  memcpy(copy, ed->items.data, ed->items.len * sizeof *copy);
  out->edits = copy;
  out->edit_count = ed->items.len;
  return IMPGRAPH_OK;
}

const char *ipg_site_function_list(ipg_engine *en, const ipg_site *site) {
  ipg_buf b;
  ipg_buf_init(&b);
  for (size_t i = 0; i < site->functions.len; i++) {
    const ipg_need_fn *f = ipg_vec_at(&site->functions, i);
    ipg_buf_printf(&b, "%s%s() (line %u)", i ? ", " : "", f->scope, f->line);
  }
  const char *out = b.failed ? NULL : ipg_arena_strdup(en->arena, b.data ? b.data : "");
  ipg_buf_free(&b);
  return out;
}
