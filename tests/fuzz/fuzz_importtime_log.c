/* libFuzzer harness for importtime/log: parses any bytes as an
 * `-X importtime` log, then checks the structural promises of log.h (and
 * traps when one is broken, so the replay under ASan/UBSan fails). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "importtime/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      __builtin_trap();                                                                            \
  } while (0)

static int loaded_when_short(const char *name, void *ctx) {
  (void)ctx;
  return strlen(name) < 4;
}

static void check_utf8(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  while (*u) {
    size_t len = *u < 0x80 ? 1 : *u < 0xe0 ? 2 : *u < 0xf0 ? 3 : 4;
    CHECK(*u < 0x80 || (*u >= 0xc2 && *u <= 0xf4));
    for (size_t i = 1; i < len; i++)
      CHECK(u[i] >= 0x80 && u[i] <= 0xbf);
    u += len;
  }
}

static void check_run(const ipg_itrun *run) {
  int64_t count = (int64_t)run->row_count;
  for (int64_t i = 0; i < count; i++) {
    const ipg_itrow *r = &run->rows[i];
    check_utf8(r->name);
    CHECK(r->line >= run->first_line && r->line <= run->last_line);
    if (r->parent >= 0) {
      CHECK(r->parent > i && r->parent < count);
      CHECK(run->rows[r->parent].depth + 1 == r->depth);
      CHECK(!(r->flags & IPG_ITROW_ORPHAN));
    }
    CHECK(run->total_us >= 0);
  }
  for (size_t i = 0; i < run->cached_count; i++) {
    const ipg_itcached *c = &run->cached[i];
    check_utf8(c->name);
    CHECK(c->level_min <= c->level && c->level <= c->level_max);
    CHECK(c->importer >= -1 && c->importer < count);
    if (c->importer >= 0)
      CHECK(run->rows[c->importer].depth < c->level);
    CHECK(c->next_row >= -1 && c->next_row < count);
    int64_t at = ipg_itrun_importer_at(run, i, c->level);
    CHECK(at >= -1 && at < count);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ipg_itlog *log = NULL;
  if (ipg_itlog_parse(&log, (const char *)data, size, "fuzz.log", NULL) != 0)
    return 0;
  uint32_t last_line = 0;
  for (size_t i = 0; i < ipg_itlog_diagnostic_count(log); i++) {
    const impgraph_diagnostic *d = ipg_itlog_diagnostic(log, i);
    CHECK(d->code && d->message && d->path);
    CHECK(d->line >= last_line);
    CHECK(!strchr(d->message, '\n'));
    last_line = d->line;
  }
  CHECK(ipg_itlog_diagnostic_count(log) <= 1000);
  for (size_t r = 0; r < ipg_itlog_run_count(log); r++) {
    check_run(ipg_itlog_run(log, r));
    ipg_itlog_mark_failed(log, r, loaded_when_short, NULL);
  }
  ipg_itlog_free(log);
  return 0;
}
