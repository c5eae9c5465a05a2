/* Parser of `-X importtime` logs; see log.h for the format and the model.
 *
 * One pass over the lines, O(1) amortised work per byte:
 *  - timed rows: a stack of rows not yet adopted; a row at depth d adopts
 *    the stack tops at depth d + 1 and orphans deeper ones;
 *  - cached rows: the unindented ones since the last printed level wait in a
 *    "gap" until the next print bounds their level, then wait on a stack
 *    until a timed row shallower than their level (their importer) ends;
 *  - names are interned per log, which gives REPEAT and the FAILED lookup in
 *    O(1), and an iterative DFS per run gives NESTED_SELF.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importtime/log.h"

#define MARKER "import time:"
#define MARKER_LEN (sizeof MARKER - 1)
#define HEADER_PREFIX "self [us] |"
#define MAX_DIAGNOSTICS 1000
#define EXCERPT_BYTES 48
#define TAB_STOP 8
#define DEPTH_MAX (UINT32_MAX - 1u)

struct ipg_itlog {
  ipg_arena arena; /* names, messages, path */
  const char *path;
  ipg_vec runs;        /* stored_run */
  ipg_vec diagnostics; /* impgraph_diagnostic, sorted by line at the end */
  bool diagnostics_capped;
};

/* A run and the arrays it owns (the public view only lends them const). */
typedef struct stored_run {
  ipg_itrun view;
  ipg_itrow *rows;
  ipg_itcached *cached;
} stored_run;

/* ---- interned names ---------------------------------------------------- */

typedef struct name_entry {
  const char *name; /* in the log's arena */
  size_t len;
  uint64_t hash;
  size_t last_run; /* 1-based number of the last run with a timed row */
  size_t last_row; /* index of that row in that run */
  size_t active;   /* ancestors with this name during the NESTED_SELF DFS */
} name_entry;

typedef struct name_table {
  ipg_vec entries; /* name_entry */
  size_t *slots;   /* entry index + 1; 0 = empty; power-of-two capacity */
  size_t slot_count;
} name_table;

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603u; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211u;
  }
  return h;
}

static name_entry *name_at(const name_table *t, size_t id) {
  return ipg_vec_at(&t->entries, id);
}

/* Index of the slot holding `s`, or of the empty slot where it belongs. */
static size_t name_slot(const name_table *t, const char *s, size_t n, uint64_t h) {
  size_t mask = t->slot_count - 1;
  for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
    size_t id = t->slots[i];
    if (id == 0)
      return i;
    const name_entry *e = name_at(t, id - 1);
    if (e->hash == h && e->len == n && memcmp(e->name, s, n) == 0)
      return i;
  }
}

static bool name_table_grow(name_table *t) {
  size_t count = t->slot_count ? t->slot_count * 2 : 256;
  if (count > SIZE_MAX / sizeof *t->slots)
    return false;
  size_t *slots = calloc(count, sizeof *slots);
  if (!slots)
    return false;
  size_t *old = t->slots;
  t->slots = slots;
  t->slot_count = count;
  for (size_t id = 0; id < t->entries.len; id++) {
    const name_entry *e = name_at(t, id);
    t->slots[name_slot(t, e->name, e->len, e->hash)] = id + 1;
  }
  free(old);
  return true;
}

/* Entry id of `s`, or SIZE_MAX when absent. */
static size_t name_find(const name_table *t, const char *s, size_t n) {
  if (!t->slot_count)
    return SIZE_MAX;
  size_t id = t->slots[name_slot(t, s, n, hash_bytes(s, n))];
  return id ? id - 1 : SIZE_MAX;
}

/* Entry id of `s`, added when absent; SIZE_MAX on ENOMEM. */
static size_t name_intern(name_table *t, ipg_arena *arena, const char *s, size_t n) {
  if (t->entries.len + 1 > t->slot_count / 2 && !name_table_grow(t))
    return SIZE_MAX;
  uint64_t h = hash_bytes(s, n);
  size_t slot = name_slot(t, s, n, h);
  if (t->slots[slot])
    return t->slots[slot] - 1;
  name_entry *e = ipg_vec_push(&t->entries);
  if (!e)
    return SIZE_MAX;
  e->name = ipg_arena_strndup(arena, s, n);
  if (!e->name) {
    t->entries.len--;
    return SIZE_MAX;
  }
  e->len = n;
  e->hash = h;
  t->slots[slot] = t->entries.len;
  return t->entries.len - 1;
}

/* ---- parser state ------------------------------------------------------ */

typedef struct parser {
  ipg_itlog *log;
  name_table names;
  ipg_buf scratch; /* sanitized name, message excerpts */
  bool oom;
  bool tab_reported;

  /* the current run */
  bool in_run;
  size_t run_number;    /* 1-based, counts started runs */
  ipg_itrun run;        /* header fields; arrays are attached at the end */
  ipg_vec rows;         /* ipg_itrow */
  ipg_vec row_names;    /* size_t name id per row */
  ipg_vec cached;       /* ipg_itcached */
  ipg_vec unadopted;    /* size_t: rows waiting for their parent */
  ipg_vec waiting;      /* size_t: cached rows waiting for their importer */
  size_t gap_start;     /* first cached row whose level waits for a print */
  size_t next_row_from; /* first cached row whose next_row is unknown */
  uint32_t level;       /* import level after the last print */

  /* consecutive lines of stray text, reported as one diagnostic */
  bool stray_open;
  uint32_t stray_count;
  size_t stray_diagnostic; /* index, or SIZE_MAX when capped */
  char stray_excerpt[EXCERPT_BYTES * 4 + 8];
  bool stray_blank;
} parser;

/* One line being parsed: the bytes after the marker, with the column of
 * each position counted from the marker (tabs expanded). */
typedef struct cursor {
  const char *at;
  const char *end;
  uint64_t column;
  bool saw_tab;
} cursor;

/* ---- diagnostics ------------------------------------------------------- */

static size_t add_diagnostic_v(parser *p, impgraph_severity severity, const char *code,
                               uint32_t line, uint32_t column, const char *fmt, va_list ap) {
  ipg_itlog *log = p->log;
  if (log->diagnostics_capped)
    return SIZE_MAX;
  bool last = log->diagnostics.len + 1 >= MAX_DIAGNOSTICS;
  impgraph_diagnostic *d = ipg_vec_push(&log->diagnostics);
  if (!d) {
    p->oom = true;
    return SIZE_MAX;
  }
  d->severity = last ? IMPGRAPH_SEVERITY_NOTE : severity;
  d->code = last ? "too-many-diagnostics" : code;
  d->path = log->path;
  d->line = line;
  d->column = column;
  if (last) {
    log->diagnostics_capped = true;
    d->message = "too many diagnostics; the rest are not reported";
    return SIZE_MAX;
  }
  ipg_buf msg;
  ipg_buf_init(&msg);
  ipg_buf_vprintf(&msg, fmt, ap);
  d->message =
      msg.failed ? NULL : ipg_arena_strndup(&log->arena, msg.data ? msg.data : "", msg.len);
  ipg_buf_free(&msg);
  if (!d->message)
    p->oom = true;
  return log->diagnostics.len - 1;
}

static size_t add_diagnostic(parser *p, impgraph_severity severity, const char *code, uint32_t line,
                             uint32_t column, const char *fmt, ...) IPG_PRINTF(6, 7);
static size_t add_diagnostic(parser *p, impgraph_severity severity, const char *code, uint32_t line,
                             uint32_t column, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t index = add_diagnostic_v(p, severity, code, line, column, fmt, ap);
  va_end(ap);
  return index;
}

/* Printable, quoted-safe excerpt of at most EXCERPT_BYTES input bytes. */
static void excerpt(char *out, size_t out_size, const char *s, size_t n) {
  size_t o = 0;
  size_t shown = n < EXCERPT_BYTES ? n : EXCERPT_BYTES;
  for (size_t i = 0; i < shown && o + 5 < out_size; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
      out[o++] = (char)c;
    else
      o += (size_t)snprintf(out + o, out_size - o, "\\x%02x", c);
  }
  if (shown < n && o + 4 < out_size) {
    memcpy(out + o, "...", 3);
    o += 3;
  }
  out[o] = '\0';
}

/* ---- stray text -------------------------------------------------------- */

static void stray_close(parser *p) {
  if (!p->stray_open)
    return;
  p->stray_open = false;
  if (p->stray_diagnostic == SIZE_MAX)
    return;
  impgraph_diagnostic *d = ipg_vec_at(&p->log->diagnostics, p->stray_diagnostic);
  const char *message;
  if (p->stray_count == 1 && p->stray_blank)
    message = "blank line in the log";
  else if (p->stray_count == 1)
    message =
        ipg_arena_printf(&p->log->arena, "text that is not a log row: \"%s\"", p->stray_excerpt);
  else
    message = ipg_arena_printf(&p->log->arena,
                               "%u lines of text that are not log rows, starting with \"%s\"",
                               p->stray_count, p->stray_excerpt);
  if (!message)
    p->oom = true;
  else
    d->message = message;
}

static bool is_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
      return false;
  return true;
}

static void stray_line(parser *p, const char *s, size_t n, uint32_t line) {
  if (!p->stray_open) {
    p->stray_open = true;
    p->stray_count = 0;
    p->stray_blank = is_blank(s, n);
    excerpt(p->stray_excerpt, sizeof p->stray_excerpt, s, n);
    /* The message is written when the group closes and its size is known;
       adding the diagnostic now keeps diagnostics in line order. */
    p->stray_diagnostic =
        add_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "stray-text", line, 1, "stray text");
  }
  if (p->stray_count < UINT32_MAX)
    p->stray_count++;
}

/* ---- names ------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when invalid. */
static size_t utf8_sequence(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  if (c >= 0x01 && c < 0x80)
    return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf)
    len = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c == 0xe0)
      lo = 0xa0;
    else if (c == 0xed)
      hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c == 0xf0)
      lo = 0x90;
    else if (c == 0xf4)
      hi = 0x8f;
  } else
    return 0; /* NUL, continuation byte, overlong lead, > U+10FFFF */
  if (n < len || s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if (s[i] < 0x80 || s[i] > 0xbf)
      return 0;
  return len;
}

/* Copies the name at s into p->scratch, replacing NUL and invalid UTF-8 by
 * U+FFFD; adds name flags to *flags. False on ENOMEM. */
static bool sanitize_name(parser *p, const char *s, size_t n, uint32_t *flags) {
  if (n == 6 && memcmp(s, "(null)", 6) == 0)
    *flags |= IPG_ITROW_NULL_NAME;
  p->scratch.len = 0;
  if (!ipg_buf_reserve(&p->scratch, n)) {
    p->oom = true;
    return false;
  }
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    size_t len = utf8_sequence(u + i, n - i);
    if (len == 0) {
      *flags |= IPG_ITROW_BAD_NAME;
      ipg_buf_append(&p->scratch, "\xef\xbf\xbd", 3);
      i++;
      continue;
    }
    if (len == 1 && (u[i] < 0x20 || u[i] == 0x7f || u[i] == ' ' || u[i] == '|'))
      *flags |= IPG_ITROW_BAD_NAME;
    ipg_buf_append(&p->scratch, s + i, len);
    i += len;
  }
  if (p->scratch.failed)
    p->oom = true;
  return !p->oom;
}

/* Interns the sanitized name at s; its id, or SIZE_MAX on ENOMEM. */
static size_t intern_name(parser *p, const char *s, size_t n, uint32_t *flags) {
  if (!sanitize_name(p, s, n, flags))
    return SIZE_MAX;
  size_t id = name_intern(&p->names, &p->log->arena, p->scratch.data, p->scratch.len);
  if (id == SIZE_MAX)
    p->oom = true;
  return id;
}

/* ---- runs ---------------------------------------------------------------- */

static void start_run(parser *p, uint32_t line, bool has_header) {
  p->in_run = true;
  p->run_number++;
  memset(&p->run, 0, sizeof p->run);
  p->run.first_line = line;
  p->run.last_line = line;
  p->run.flags = has_header ? 0 : IPG_ITRUN_NO_HEADER;
  p->gap_start = 0;
  p->next_row_from = 0;
  p->level = 0;
}

static ipg_itrow *row_at(parser *p, size_t i) {
  return ipg_vec_at(&p->rows, i);
}
static ipg_itcached *cached_at(parser *p, size_t i) {
  return ipg_vec_at(&p->cached, i);
}

static bool push_index(parser *p, ipg_vec *v, size_t index) {
  size_t *slot = ipg_vec_push(v);
  if (!slot) {
    p->oom = true;
    return false;
  }
  *slot = index;
  return true;
}

/* The next print says the level is at most `bound`: fix the levels of the
 * unindented cached rows since the previous print (see ipg_itcached). */
static void close_gap(parser *p, uint64_t bound) {
  uint32_t hi = bound > DEPTH_MAX ? DEPTH_MAX : (uint32_t)bound;
  for (size_t k = p->cached.len; k-- > p->gap_start;) {
    ipg_itcached *c = cached_at(p, k);
    if (c->level_max < hi) /* level_max holds the name's bound so far */
      hi = c->level_max;
    c->level_max = hi;
  }
  for (size_t k = p->gap_start; k < p->cached.len; k++) {
    ipg_itcached *c = cached_at(p, k);
    c->level_min = p->level < c->level_max ? p->level : c->level_max;
    uint32_t one = c->level_max < 1 ? c->level_max : 1;
    c->level = c->level_min > one ? c->level_min : one;
    if (c->level_min < c->level_max)
      c->flags |= IPG_ITROW_AMBIGUOUS;
    if (!push_index(p, &p->waiting, k))
      return;
  }
  p->gap_start = p->cached.len;
}

/* Marks every ancestor-has-my-name row, by an iterative DFS from the roots
 * with a per-name count of open ancestors. */
static void mark_nested_self(parser *p) {
  size_t count = p->rows.len;
  if (count < 2)
    return;
  int64_t *first_child = malloc(count * sizeof *first_child);
  int64_t *next_sibling = malloc(count * sizeof *next_sibling);
  ipg_vec stack;
  ipg_vec_init(&stack, sizeof(size_t));
  if (!first_child || !next_sibling) {
    p->oom = true;
    goto done;
  }
  for (size_t i = 0; i < count; i++)
    first_child[i] = next_sibling[i] = -1;
  for (size_t i = count; i-- > 0;) {
    int64_t parent = row_at(p, i)->parent;
    if (parent >= 0) {
      next_sibling[i] = first_child[parent];
      first_child[parent] = (int64_t)i;
    }
  }
  const size_t *ids = p->row_names.data;
  for (size_t root = 0; root < count; root++) {
    if (row_at(p, root)->parent >= 0)
      continue;
    if (!push_index(p, &stack, root << 1))
      goto done;
    while (stack.len) {
      size_t entry = *(size_t *)ipg_vec_at(&stack, --stack.len);
      size_t node = entry >> 1;
      name_entry *name = name_at(&p->names, ids[node]);
      if (entry & 1) { /* leaving node */
        name->active--;
        continue;
      }
      if (name->active)
        row_at(p, node)->flags |= IPG_ITROW_NESTED_SELF;
      name->active++;
      if (!push_index(p, &stack, entry | 1))
        goto done;
      for (int64_t c = first_child[node]; c >= 0; c = next_sibling[c])
        if (!push_index(p, &stack, (size_t)c << 1))
          goto done;
    }
  }
done:
  free(first_child);
  free(next_sibling);
  ipg_vec_free(&stack);
}

static void finish_run(parser *p) {
  if (!p->in_run)
    return;
  p->in_run = false;
  close_gap(p, p->level);
  for (size_t k = 0; k < p->waiting.len; k++) {
    ipg_itcached *c = cached_at(p, *(size_t *)ipg_vec_at(&p->waiting, k));
    if (c->level > 0)
      c->flags |= IPG_ITROW_ORPHAN; /* its importer never finished */
  }
  p->waiting.len = 0;
  for (size_t k = 0; k < p->unadopted.len; k++) {
    ipg_itrow *r = row_at(p, *(size_t *)ipg_vec_at(&p->unadopted, k));
    if (r->depth > 0)
      r->flags |= IPG_ITROW_ORPHAN;
  }
  p->unadopted.len = 0;
  if (!p->oom)
    mark_nested_self(p);

  size_t negative = 0, orphans = 0;
  int64_t total = 0;
  for (size_t i = 0; i < p->rows.len; i++) {
    const ipg_itrow *r = row_at(p, i);
    negative += (r->flags & IPG_ITROW_NEGATIVE) != 0;
    orphans += (r->flags & IPG_ITROW_ORPHAN) != 0;
    if (r->depth == 0 && r->cumulative_us > 0)
      total = r->cumulative_us > INT64_MAX - total ? INT64_MAX : total + r->cumulative_us;
  }
  p->run.total_us = total;
  if (negative || orphans) {
    p->run.flags |= IPG_ITRUN_SUSPECT;
    add_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "suspect-run", p->run.first_line, 0,
                   "run has %zu rows with negative times and %zu rows "
                   "without a parent (several threads importing at once, or "
                   "a log cut short?): its nesting and self times are "
                   "unreliable",
                   negative, orphans);
  }

  stored_run *run = ipg_vec_push(&p->log->runs);
  if (!run) {
    p->oom = true;
    return;
  }
  run->rows = p->rows.data;
  run->cached = p->cached.data;
  run->view = p->run;
  run->view.rows = run->rows;
  run->view.row_count = p->rows.len;
  run->view.cached = run->cached;
  run->view.cached_count = p->cached.len;
  ipg_vec_init(&p->rows, sizeof(ipg_itrow)); /* the run owns the arrays */
  ipg_vec_init(&p->cached, sizeof(ipg_itcached));
  p->row_names.len = 0;
}

static void ensure_run(parser *p, uint32_t line) {
  if (p->in_run)
    return;
  start_run(p, line, false);
  add_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "missing-header", line, 1,
                 "log rows before any \"import time: self [us] | ...\" "
                 "header (log cut at the top?)");
}

/* ---- row fields ---------------------------------------------------------- */

static void advance(cursor *c) {
  if (*c->at == '\t') {
    c->column = (c->column / TAB_STOP + 1) * TAB_STOP;
    c->saw_tab = true;
  } else
    c->column++;
  c->at++;
}

static void skip_blanks(cursor *c) {
  while (c->at < c->end && (*c->at == ' ' || *c->at == '\t'))
    advance(c);
}

typedef enum field_kind { FIELD_BAD, FIELD_NUMBER, FIELD_CACHED } field_kind;

/* Parses `[blanks] (cached | -?digits) [blanks] |`. */
static field_kind parse_field(cursor *c, int64_t *value, bool *overflow) {
  skip_blanks(c);
  field_kind kind;
  if ((size_t)(c->end - c->at) >= 6 && memcmp(c->at, "cached", 6) == 0) {
    for (int i = 0; i < 6; i++)
      advance(c);
    kind = FIELD_CACHED;
    *value = 0;
  } else {
    bool negative = c->at < c->end && *c->at == '-';
    if (negative)
      advance(c);
    if (c->at >= c->end || *c->at < '0' || *c->at > '9')
      return FIELD_BAD;
    /* Magnitude up to 2^63 so that INT64_MIN parses. */
    const uint64_t limit = (uint64_t)INT64_MAX + (negative ? 1u : 0u);
    uint64_t magnitude = 0;
    while (c->at < c->end && *c->at >= '0' && *c->at <= '9') {
      unsigned digit = (unsigned)(*c->at - '0');
      if (magnitude > (limit - digit) / 10) {
        *overflow = true;
        magnitude = limit;
      } else
        magnitude = magnitude * 10 + digit;
      advance(c);
    }
    if (!negative)
      *value = (int64_t)magnitude;
    else if (magnitude == (uint64_t)INT64_MAX + 1u)
      *value = INT64_MIN;
    else
      *value = -(int64_t)magnitude;
    kind = FIELD_NUMBER;
  }
  skip_blanks(c);
  if (c->at >= c->end || *c->at != '|')
    return FIELD_BAD;
  return kind;
}

static uint32_t line_column(size_t offset) {
  return offset >= UINT32_MAX ? UINT32_MAX : (uint32_t)offset + 1;
}

/* ---- rows ---------------------------------------------------------------- */

typedef struct parsed_row {
  bool cached;
  int64_t self_us, cumulative_us;
  bool overflow;
  uint64_t indent;  /* columns between "| " and the name */
  bool bad_indent;  /* "|name" without the space */
  const char *name; /* raw, trailing blanks trimmed */
  size_t name_len;
} parsed_row;

static void add_timed_row(parser *p, const parsed_row *pr, uint32_t line, uint32_t flags) {
  uint64_t depth = pr->indent / 2;
  if (pr->indent % 2 || pr->bad_indent) {
    flags |= IPG_ITROW_BAD_INDENT;
    add_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "bad-indent", line, 0,
                   "indentation of %llu columns is not two per level",
                   (unsigned long long)pr->indent);
  }
  if (depth > DEPTH_MAX) {
    depth = DEPTH_MAX;
    flags |= IPG_ITROW_OVERFLOW;
  }
  if (pr->self_us < 0 || pr->cumulative_us < 0 || pr->cumulative_us < pr->self_us)
    flags |= IPG_ITROW_NEGATIVE;
  size_t id = intern_name(p, pr->name, pr->name_len, &flags);
  if (id == SIZE_MAX)
    return;
  size_t index = p->rows.len;

  /* This print bounds the waiting cached rows and ends their importers. */
  close_gap(p, depth + 1);
  for (size_t k = p->next_row_from; k < p->cached.len; k++)
    cached_at(p, k)->next_row = (int64_t)index;
  p->next_row_from = p->cached.len;
  while (p->waiting.len) {
    ipg_itcached *c = cached_at(p, *(size_t *)ipg_vec_at(&p->waiting, p->waiting.len - 1));
    if (c->level <= depth)
      break;
    c->importer = (int64_t)index;
    p->waiting.len--;
  }
  p->level = (uint32_t)depth;

  name_entry *name = name_at(&p->names, id);
  if (name->last_run == p->run_number)
    flags |= IPG_ITROW_REPEAT;
  name->last_run = p->run_number;
  name->last_row = index;

  /* Adopt the waiting rows one level deeper; deeper ones lost their parent. */
  while (p->unadopted.len) {
    size_t child = *(size_t *)ipg_vec_at(&p->unadopted, p->unadopted.len - 1);
    ipg_itrow *r = row_at(p, child);
    if (r->depth <= depth)
      break;
    if (r->depth == depth + 1)
      r->parent = (int64_t)index;
    else
      r->flags |= IPG_ITROW_ORPHAN;
    p->unadopted.len--;
  }

  ipg_itrow *row = ipg_vec_push(&p->rows);
  size_t *row_name = ipg_vec_push(&p->row_names);
  if (!row || !row_name) {
    p->oom = true;
    return;
  }
  *row_name = id;
  row->name = name->name;
  row->self_us = pr->self_us;
  row->cumulative_us = pr->cumulative_us;
  row->depth = (uint32_t)depth;
  row->line = line;
  row->parent = -1;
  row->flags = flags;
  push_index(p, &p->unadopted, index);
}

static void add_cached_row(parser *p, const parsed_row *pr, uint32_t line, uint32_t flags) {
  size_t id = intern_name(p, pr->name, pr->name_len, &flags);
  if (id == SIZE_MAX)
    return;
  /* "%*s" right-aligns the name in 2 * level columns. */
  uint64_t width = pr->indent + pr->name_len;
  bool exact = pr->indent > 0;
  if (pr->bad_indent || (exact && width % 2)) {
    flags |= IPG_ITROW_BAD_INDENT;
    add_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "bad-indent", line, 0,
                   "cached row: %llu columns of indentation plus a name of "
                   "%zu bytes is not two per level",
                   (unsigned long long)pr->indent, pr->name_len);
  }
  uint64_t level = width / 2;
  if (level > DEPTH_MAX) {
    level = DEPTH_MAX;
    flags |= IPG_ITROW_OVERFLOW;
  }
  if (exact)
    close_gap(p, level);
  ipg_itcached *c = ipg_vec_push(&p->cached);
  if (!c) {
    p->oom = true;
    return;
  }
  c->name = name_at(&p->names, id)->name;
  c->line = line;
  c->importer = -1;
  c->next_row = -1;
  c->flags = flags;
  /* Unindented: only the name's bound is known until the next print. */
  c->level = c->level_min = c->level_max = (uint32_t)level;
  if (exact) {
    p->gap_start = p->cached.len;
    p->level = (uint32_t)level;
    push_index(p, &p->waiting, p->cached.len - 1);
  }
}

/* Parses the text after the marker as a row; false when it is not one. */
static bool parse_row(const char *s, const char *end, parsed_row *pr, bool *saw_tab) {
  cursor c = {s, end, MARKER_LEN, false};
  memset(pr, 0, sizeof *pr);
  int64_t value;
  field_kind first = parse_field(&c, &value, &pr->overflow);
  if (first == FIELD_BAD)
    return false;
  pr->self_us = value;
  advance(&c); /* '|' */
  field_kind second = parse_field(&c, &value, &pr->overflow);
  if (second == FIELD_BAD || second != first)
    return false;
  pr->cumulative_us = value;
  pr->cached = first == FIELD_CACHED;
  uint64_t pipe_column = c.column;
  advance(&c); /* '|' */
  skip_blanks(&c);
  if (c.column >= pipe_column + 2)
    pr->indent = c.column - pipe_column - 2;
  else
    pr->bad_indent = true; /* "|name": CPython always prints "| " */
  const char *name_end = end;
  while (name_end > c.at && (name_end[-1] == ' ' || name_end[-1] == '\t' || name_end[-1] == '\r'))
    name_end--;
  pr->name = c.at;
  pr->name_len = (size_t)(name_end - c.at);
  *saw_tab = c.saw_tab;
  return pr->name_len > 0;
}

static bool is_header(const char *s, const char *end) {
  while (s < end && (*s == ' ' || *s == '\t'))
    s++;
  size_t n = sizeof HEADER_PREFIX - 1;
  return (size_t)(end - s) >= n && memcmp(s, HEADER_PREFIX, n) == 0;
}

/* Finds MARKER in [s, s + n); NULL when absent. */
static const char *find_marker(const char *s, size_t n) {
  const char *end = s + n;
  while ((size_t)(end - s) >= MARKER_LEN) {
    const char *i = memchr(s, 'i', (size_t)(end - s) - MARKER_LEN + 1);
    if (!i)
      return NULL;
    if (memcmp(i, MARKER, MARKER_LEN) == 0)
      return i;
    s = i + 1;
  }
  return NULL;
}

/* A traceback's "No module named 'X'" names a failed import. */
static void note_import_error(parser *p, const char *s, size_t n, uint32_t line) {
  static const char needle[] = "No module named '";
  const size_t needle_len = sizeof needle - 1;
  const char *end = s + n;
  const char *at = NULL;
  for (const char *q = s; (size_t)(end - q) >= needle_len; q++) {
    q = memchr(q, 'N', (size_t)(end - q) - needle_len + 1);
    if (!q)
      break;
    if (memcmp(q, needle, needle_len) == 0) {
      at = q + needle_len;
      break;
    }
  }
  if (!at)
    return;
  const char *close = memchr(at, '\'', (size_t)(end - at));
  if (!close || close == at)
    return;
  uint32_t flags = 0;
  if (!sanitize_name(p, at, (size_t)(close - at), &flags))
    return;
  size_t id = name_find(&p->names, p->scratch.data, p->scratch.len);
  const name_entry *name = id == SIZE_MAX ? NULL : name_at(&p->names, id);
  bool found = p->in_run && name && name->last_run == p->run_number;
  if (found)
    row_at(p, name->last_row)->flags |= IPG_ITROW_FAILED;
  char shown[EXCERPT_BYTES * 4 + 8];
  excerpt(shown, sizeof shown, at, (size_t)(close - at));
  if (found)
    add_diagnostic(p, IMPGRAPH_SEVERITY_NOTE, "import-error", line, 0,
                   "import of '%s' failed (row at line %u)", shown,
                   row_at(p, name->last_row)->line);
  else
    add_diagnostic(p, IMPGRAPH_SEVERITY_NOTE, "import-error", line, 0,
                   "import of '%s' failed (no row for it in this run)", shown);
}

static void parse_line(parser *p, const char *s, size_t n, uint32_t line, bool unterminated) {
  if (n && s[n - 1] == '\r')
    n--; /* CRLF */
  const char *marker = find_marker(s, n);
  if (!marker) {
    stray_line(p, s, n, line);
    note_import_error(p, s, n, line);
    return;
  }
  stray_close(p);
  size_t prefix = (size_t)(marker - s);
  if (prefix) {
    char shown[EXCERPT_BYTES * 4 + 8];
    excerpt(shown, sizeof shown, s, prefix);
    add_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "stray-prefix", line, 1,
                   "text glued in front of the row: \"%s\"", shown);
  }
  const char *after = marker + MARKER_LEN;
  const char *end = s + n;
  uint32_t column = line_column(prefix);
  if (is_header(after, end)) {
    finish_run(p);
    start_run(p, line, true);
    return;
  }
  parsed_row pr;
  bool saw_tab = false;
  if (!parse_row(after, end, &pr, &saw_tab)) {
    if (unterminated)
      add_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "truncated", line, column,
                     "last line cut short (process killed?): not a whole row");
    else {
      char shown[EXCERPT_BYTES * 4 + 8];
      excerpt(shown, sizeof shown, marker, (size_t)(end - marker));
      add_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "malformed-row", line, column,
                     "not a log row: \"%s\"", shown);
    }
    return;
  }
  ensure_run(p, line);
  p->run.last_line = line;
  uint32_t flags = 0;
  if (pr.overflow) {
    flags |= IPG_ITROW_OVERFLOW;
    add_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "overflow", line, column,
                   "time does not fit in 64 bits; clamped");
  }
  if (saw_tab && !p->tab_reported) {
    p->tab_reported = true; /* once per log: a whole log may be unexpanded */
    add_diagnostic(p, IMPGRAPH_SEVERITY_NOTE, "tab", line, column,
                   "tabs in log rows (first here): columns counted with tab stops of 8");
  }
  if (unterminated) {
    flags |= IPG_ITROW_TRUNCATED;
    add_diagnostic(p, IMPGRAPH_SEVERITY_NOTE, "truncated", line, column,
                   "last line has no newline: the name may be cut short");
  }
  if (pr.cached)
    add_cached_row(p, &pr, line, flags);
  else
    add_timed_row(p, &pr, line, flags);
  if (p->oom)
    return;
  const char *name =
      pr.cached ? cached_at(p, p->cached.len - 1)->name : row_at(p, p->rows.len - 1)->name;
  uint32_t row_flags =
      pr.cached ? cached_at(p, p->cached.len - 1)->flags : row_at(p, p->rows.len - 1)->flags;
  if (row_flags & IPG_ITROW_NULL_NAME)
    add_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "null-name", line, column,
                   "module name printed as (null)");
  else if (row_flags & IPG_ITROW_BAD_NAME) {
    char shown[EXCERPT_BYTES * 4 + 8];
    excerpt(shown, sizeof shown, name, strlen(name));
    add_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "bad-name", line, column,
                   "not a module name: \"%s\"", shown);
  }
}

/* ---- public entry points ------------------------------------------------- */

static void parser_free(parser *p) {
  ipg_vec_free(&p->names.entries);
  free(p->names.slots);
  ipg_buf_free(&p->scratch);
  ipg_vec_free(&p->rows);
  ipg_vec_free(&p->row_names);
  ipg_vec_free(&p->cached);
  ipg_vec_free(&p->unadopted);
  ipg_vec_free(&p->waiting);
}

static int by_line(const impgraph_diagnostic *a, const impgraph_diagnostic *b) {
  return (a->line > b->line) - (a->line < b->line);
}

/* Stable insertion sort: at most MAX_DIAGNOSTICS entries, nearly sorted. */
static void sort_diagnostics(ipg_vec *v) {
  impgraph_diagnostic *d = v->data;
  for (size_t i = 1; i < v->len; i++) {
    impgraph_diagnostic item = d[i];
    size_t j = i;
    while (j > 0 && by_line(&d[j - 1], &item) > 0) {
      d[j] = d[j - 1];
      j--;
    }
    d[j] = item;
  }
}

int ipg_itlog_parse(ipg_itlog **out, const char *text, size_t len, const char *path_label,
                    impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || (!text && len))
    return ipg_fail(err, IMPGRAPH_EINVAL, "ipg_itlog_parse: out is NULL or text is NULL");
  ipg_itlog *log = calloc(1, sizeof *log);
  if (!log)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory parsing a log");
  ipg_arena_init(&log->arena);
  ipg_vec_init(&log->runs, sizeof(stored_run));
  ipg_vec_init(&log->diagnostics, sizeof(impgraph_diagnostic));
  log->path = ipg_arena_strdup(&log->arena, path_label ? path_label : "<buffer>");

  parser p;
  memset(&p, 0, sizeof p);
  p.log = log;
  p.oom = log->path == NULL;
  ipg_vec_init(&p.names.entries, sizeof(name_entry));
  ipg_buf_init(&p.scratch);
  ipg_vec_init(&p.rows, sizeof(ipg_itrow));
  ipg_vec_init(&p.row_names, sizeof(size_t));
  ipg_vec_init(&p.cached, sizeof(ipg_itcached));
  ipg_vec_init(&p.unadopted, sizeof(size_t));
  ipg_vec_init(&p.waiting, sizeof(size_t));

  uint32_t line = 0;
  for (size_t pos = 0; pos < len && !p.oom;) {
    const char *start = text + pos;
    const char *newline = memchr(start, '\n', len - pos);
    size_t n = newline ? (size_t)(newline - start) : len - pos;
    if (line < UINT32_MAX)
      line++;
    parse_line(&p, start, n, line, newline == NULL);
    pos += n + (newline ? 1 : 0);
  }
  stray_close(&p);
  finish_run(&p);
  parser_free(&p);
  if (p.oom) {
    ipg_itlog_free(log);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory parsing the log",
                    path_label ? path_label : "<buffer>");
  }
  sort_diagnostics(&log->diagnostics);
  *out = log;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

void ipg_itlog_free(ipg_itlog *log) {
  if (!log)
    return;
  for (size_t i = 0; i < log->runs.len; i++) {
    stored_run *run = ipg_vec_at(&log->runs, i);
    free(run->rows);
    free(run->cached);
  }
  ipg_vec_free(&log->runs);
  ipg_vec_free(&log->diagnostics);
  ipg_arena_free(&log->arena);
  free(log);
}

size_t ipg_itlog_run_count(const ipg_itlog *log) {
  return log ? log->runs.len : 0;
}

const ipg_itrun *ipg_itlog_run(const ipg_itlog *log, size_t index) {
  if (!log || index >= log->runs.len)
    return NULL;
  const stored_run *run = ipg_vec_at(&log->runs, index);
  return &run->view;
}

size_t ipg_itlog_diagnostic_count(const ipg_itlog *log) {
  return log ? log->diagnostics.len : 0;
}

const impgraph_diagnostic *ipg_itlog_diagnostic(const ipg_itlog *log, size_t index) {
  return log && index < log->diagnostics.len ? ipg_vec_at(&log->diagnostics, index) : NULL;
}

size_t ipg_itlog_mark_failed(ipg_itlog *log, size_t run_index,
                             int (*is_loaded)(const char *name, void *ctx), void *ctx) {
  if (!log || !is_loaded || run_index >= log->runs.len)
    return 0;
  stored_run *run = ipg_vec_at(&log->runs, run_index);
  ipg_itrow *rows = run->rows;
  size_t marked = 0;
  for (size_t i = 0; i < run->view.row_count; i++) {
    if (rows[i].flags & IPG_ITROW_FAILED || is_loaded(rows[i].name, ctx))
      continue;
    rows[i].flags |= IPG_ITROW_FAILED;
    marked++;
  }
  return marked;
}

int64_t ipg_itrun_importer_at(const ipg_itrun *run, size_t cached_index, uint32_t level) {
  if (!run || cached_index >= run->cached_count || level == 0)
    return -1;
  /* Parents always come later than their children, so this terminates. */
  int64_t r = run->cached[cached_index].next_row;
  while (r >= 0 && run->rows[r].depth >= level)
    r = run->rows[r].parent;
  return r;
}
