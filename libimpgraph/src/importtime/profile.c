/* The start-up profile: aggregation of log runs into per-module statistics,
 * the public accessors, and impgraph_profile_from_logs(). See profile.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importtime/profile.h"

/* ---- statistics ---------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Mean of two values rounded half away from zero, without overflow. */
static int64_t mid_i64(int64_t a, int64_t b) {
  long double m = ((long double)a + (long double)b) / 2.0L;
  long double r = m < 0 ? -floorl(-m + 0.5L) : floorl(m + 0.5L);
  if (r >= (long double)INT64_MAX)
    return INT64_MAX;
  if (r <= (long double)INT64_MIN)
    return INT64_MIN;
  return (int64_t)r;
}

/* Quantile q of sorted values, linear interpolation ("type 7"). */
static double quantile(const int64_t *sorted, size_t count, double q) {
  double pos = q * (double)(count - 1);
  size_t lo = (size_t)pos;
  double frac = pos - (double)lo;
  if (lo + 1 >= count)
    return (double)sorted[count - 1];
  return (double)sorted[lo] + frac * ((double)sorted[lo + 1] - (double)sorted[lo]);
}

void ipg_time_stats(impgraph_time_stats *out, int64_t *values, size_t count) {
  memset(out, 0, sizeof *out);
  if (!count)
    return;
  qsort(values, count, sizeof *values, cmp_i64);
  out->count = count > UINT32_MAX ? UINT32_MAX : (uint32_t)count;
  out->min_us = values[0];
  out->max_us = values[count - 1];
  out->median_us =
      count % 2 ? values[count / 2] : mid_i64(values[count / 2 - 1], values[count / 2]);
  if (count < 2)
    return;
  double iqr = quantile(values, count, 0.75) - quantile(values, count, 0.25);
  double scale = fabs((double)out->median_us);
  double spread = iqr / (scale < 1.0 ? 1.0 : scale);
  out->spread = round(spread * 10000.0) / 10000.0;
}

/* ---- building ------------------------------------------------------------ */

impgraph_profile *ipg_profile_new(void) {
  impgraph_profile *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  ipg_arena_init(&p->arena);
  ipg_vec_init(&p->command, sizeof(const char *));
  ipg_vec_init(&p->source_roots, sizeof(const char *));
  ipg_vec_init(&p->env, sizeof(const char *));
  ipg_vec_init(&p->runs, sizeof(impgraph_measured_run));
  ipg_vec_init(&p->run_logs, sizeof(char *));
  ipg_vec_init(&p->run_log_lens, sizeof(size_t));
  ipg_vec_init(&p->modules, sizeof(impgraph_module_stats));
  ipg_vec_init(&p->edges, sizeof(impgraph_observed_edge));
  ipg_vec_init(&p->diagnostics, sizeof(impgraph_diagnostic));
  ipg_map_init(&p->diagnostic_keys);
  ipg_map_init(&p->acc_by_name);
  ipg_vec_init(&p->accs, sizeof(ipg_profile_acc *));
  ipg_map_init(&p->edge_by_key);
  ipg_vec_init(&p->edge_accs, sizeof(ipg_edge_acc *));
  return p;
}

const char *ipg_profile_strdup(impgraph_profile *p, const char *s) {
  if (!s)
    return NULL;
  const char *copy = ipg_arena_strdup(&p->arena, s);
  if (!copy)
    p->oom = true;
  return copy;
}

void ipg_profile_push_string(impgraph_profile *p, ipg_vec *array, const char *s) {
  const char *copy = ipg_profile_strdup(p, s ? s : "");
  const char **slot = copy ? ipg_vec_push(array) : NULL;
  if (!slot)
    p->oom = true;
  else
    *slot = copy;
}

size_t ipg_profile_add_run(impgraph_profile *p, const impgraph_measured_run *run, char *log,
                           size_t log_len) {
  impgraph_measured_run *slot = ipg_vec_push(&p->runs);
  char **log_slot = slot ? ipg_vec_push(&p->run_logs) : NULL;
  size_t *len_slot = log_slot ? ipg_vec_push(&p->run_log_lens) : NULL;
  if (!len_slot) {
    /* Keep the three vectors the same length. */
    if (log_slot)
      p->run_logs.len--;
    if (slot)
      p->runs.len--;
    free(log);
    p->oom = true;
    return SIZE_MAX;
  }
  *slot = *run;
  slot->label = ipg_profile_strdup(p, run->label ? run->label : "");
  slot->stderr_tail = ipg_profile_strdup(p, run->stderr_tail);
  *log_slot = log;
  *len_slot = log ? log_len : 0;
  return p->runs.len - 1;
}

impgraph_measured_run *ipg_profile_run_at(impgraph_profile *p, size_t index) {
  return index < p->runs.len ? ipg_vec_at(&p->runs, index) : NULL;
}

void ipg_profile_diagnostic(impgraph_profile *p, impgraph_severity severity, const char *code,
                            const char *path, uint32_t line, uint32_t column, const char *fmt,
                            ...) {
  ipg_buf msg;
  ipg_buf_init(&msg);
  va_list ap;
  va_start(ap, fmt);
  ipg_buf_vprintf(&msg, fmt, ap);
  va_end(ap);
  const char *message = msg.failed ? NULL : ipg_profile_strdup(p, msg.data ? msg.data : "");
  ipg_buf_free(&msg);
  if (!path)
    path = "<profile>";
  const char *key =
      message ? ipg_arena_printf(&p->arena, "%s\n%s\n%u:%u\n%s", code, path, line, column, message)
              : NULL;
  if (!key) {
    p->oom = true;
    return;
  }
  if (ipg_map_get(&p->diagnostic_keys, key))
    return;
  impgraph_diagnostic *d = ipg_vec_push(&p->diagnostics);
  if (!d || ipg_map_put(&p->diagnostic_keys, key, (void *)key) != IMPGRAPH_OK) {
    p->oom = true;
    return;
  }
  d->severity = severity;
  d->code = ipg_profile_strdup(p, code);
  d->path = ipg_profile_strdup(p, path);
  d->line = line;
  d->column = column;
  d->message = message;
}

static ipg_profile_acc *acc_for(impgraph_profile *p, const char *name) {
  ipg_profile_acc *acc = ipg_map_get(&p->acc_by_name, name);
  if (acc)
    return acc;
  acc = ipg_arena_alloc(&p->arena, sizeof *acc);
  ipg_profile_acc **slot = acc ? ipg_vec_push(&p->accs) : NULL;
  if (!slot) {
    p->oom = true;
    return NULL;
  }
  memset(acc, 0, sizeof *acc);
  acc->name = ipg_profile_strdup(p, name);
  ipg_vec_init(&acc->self, sizeof(int64_t));
  ipg_vec_init(&acc->cumulative, sizeof(int64_t));
  *slot = acc;
  if (!acc->name || ipg_map_put(&p->acc_by_name, acc->name, acc) != IMPGRAPH_OK) {
    p->oom = true;
    return NULL;
  }
  return acc;
}

static int64_t add_sat(int64_t a, int64_t b) {
  if (b > 0 && a > INT64_MAX - b)
    return INT64_MAX;
  if (b < 0 && a < INT64_MIN - b)
    return INT64_MIN;
  return a + b;
}

static uint32_t module_flags_of_row(uint32_t row_flags) {
  uint32_t flags = 0;
  if (row_flags & IPG_ITROW_NEGATIVE)
    flags |= IMPGRAPH_PROFILE_MODULE_NEGATIVE;
  if (row_flags & IPG_ITROW_ORPHAN)
    flags |= IMPGRAPH_PROFILE_MODULE_ORPHAN;
  if (row_flags & IPG_ITROW_REPEAT)
    flags |= IMPGRAPH_PROFILE_MODULE_REPEAT;
  if (row_flags & IPG_ITROW_NESTED_SELF)
    flags |= IMPGRAPH_PROFILE_MODULE_NESTED_SELF;
  if (row_flags & IPG_ITROW_TRUNCATED)
    flags |= IMPGRAPH_PROFILE_MODULE_TRUNCATED;
  if (row_flags & (IPG_ITROW_NULL_NAME | IPG_ITROW_BAD_NAME))
    flags |= IMPGRAPH_PROFILE_MODULE_BAD_NAME;
  if (row_flags & IPG_ITROW_FAILED)
    flags |= IMPGRAPH_PROFILE_MODULE_FAILED;
  return flags;
}

static void add_row(impgraph_profile *p, const ipg_itrun *run, const ipg_itrow *row,
                    size_t run_number) {
  ipg_profile_acc *acc = acc_for(p, row->name);
  if (!acc)
    return;
  bool first_in_run = acc->last_run != run_number;
  if (first_in_run) {
    int64_t *self = ipg_vec_push(&acc->self);
    int64_t *cum = self ? ipg_vec_push(&acc->cumulative) : NULL;
    if (!cum) {
      if (self)
        acc->self.len--;
      p->oom = true;
      return;
    }
    *self = 0;
    *cum = 0;
    acc->last_run = run_number;
  }
  int64_t *self = ipg_vec_at(&acc->self, acc->self.len - 1);
  int64_t *cum = ipg_vec_at(&acc->cumulative, acc->cumulative.len - 1);
  *self = add_sat(*self, row->self_us);
  /* A row nested under a row of the same module is already inside that
     row's cumulative time. */
  if (!(row->flags & IPG_ITROW_NESTED_SELF))
    *cum = add_sat(*cum, row->cumulative_us);
  acc->flags |= module_flags_of_row(row->flags);
  if (row->depth == 0 && row->parent < 0 && !(row->flags & IPG_ITROW_ORPHAN))
    acc->flags |= IMPGRAPH_PROFILE_MODULE_TOP_LEVEL;
  if (run->flags & IPG_ITRUN_SUSPECT)
    acc->flags |= IMPGRAPH_PROFILE_MODULE_SUSPECT;
  if ((row->flags & IPG_ITROW_FAILED) && acc->last_failed_run != run_number) {
    acc->last_failed_run = run_number;
    acc->failed_runs++;
  }
}

static void add_edge(impgraph_profile *p, const char *importer, const char *imported,
                     impgraph_profile_edge_kind kind, uint32_t flags, size_t run_number) {
  ipg_buf key;
  ipg_buf_init(&key);
  ipg_buf_printf(&key, "%s\n%s\n%d", importer, imported, (int)kind);
  if (key.failed) {
    p->oom = true;
    return;
  }
  ipg_edge_acc *acc = ipg_map_get(&p->edge_by_key, key.data);
  if (!acc) {
    acc = ipg_arena_alloc(&p->arena, sizeof *acc);
    const char *stored = acc ? ipg_arena_strndup(&p->arena, key.data, key.len) : NULL;
    ipg_edge_acc **slot = stored ? ipg_vec_push(&p->edge_accs) : NULL;
    if (!slot) {
      ipg_buf_free(&key);
      p->oom = true;
      return;
    }
    memset(acc, 0, sizeof *acc);
    acc->importer = ipg_profile_strdup(p, importer);
    acc->imported = ipg_profile_strdup(p, imported);
    acc->kind = kind;
    *slot = acc;
    if (ipg_map_put(&p->edge_by_key, stored, acc) != IMPGRAPH_OK)
      p->oom = true;
  }
  ipg_buf_free(&key);
  if (acc->last_run != run_number) {
    acc->last_run = run_number;
    acc->runs++;
  }
  acc->flags |= flags;
}

void ipg_profile_add_log_run(impgraph_profile *p, const ipg_itrun *run) {
  size_t run_number = ++p->aggregated_runs;
  for (size_t i = 0; i < run->row_count && !p->oom; i++) {
    const ipg_itrow *row = &run->rows[i];
    add_row(p, run, row, run_number);
    if (row->parent >= 0 && (size_t)row->parent < run->row_count)
      add_edge(p, run->rows[row->parent].name, row->name, IMPGRAPH_PROFILE_EDGE_NESTED, 0,
               run_number);
  }
  for (size_t i = 0; i < run->cached_count && !p->oom; i++) {
    const ipg_itcached *c = &run->cached[i];
    if (c->importer < 0 || (size_t)c->importer >= run->row_count)
      continue;
    uint32_t flags = (c->flags & IPG_ITROW_AMBIGUOUS) ? IMPGRAPH_PROFILE_EDGE_AMBIGUOUS : 0;
    add_edge(p, run->rows[c->importer].name, c->name, IMPGRAPH_PROFILE_EDGE_CACHED, flags,
             run_number);
  }
}

void ipg_profile_add_module(impgraph_profile *p, const impgraph_module_stats *module) {
  impgraph_module_stats *m = ipg_vec_push(&p->modules);
  if (!m) {
    p->oom = true;
    return;
  }
  *m = *module;
  m->name = ipg_profile_strdup(p, module->name ? module->name : "");
}

void ipg_profile_add_edge(impgraph_profile *p, const impgraph_observed_edge *edge) {
  impgraph_observed_edge *e = ipg_vec_push(&p->edges);
  if (!e) {
    p->oom = true;
    return;
  }
  *e = *edge;
  e->importer = ipg_profile_strdup(p, edge->importer ? edge->importer : "");
  e->imported = ipg_profile_strdup(p, edge->imported ? edge->imported : "");
}

/* ---- finishing ----------------------------------------------------------- */

static void stats_of(impgraph_time_stats *out, const ipg_vec *values, impgraph_profile *p) {
  int64_t *copy = NULL;
  if (values->len) {
    copy = malloc(values->len * sizeof *copy);
    if (!copy) {
      p->oom = true;
      memset(out, 0, sizeof *out);
      return;
    }
    memcpy(copy, values->data, values->len * sizeof *copy);
  }
  ipg_time_stats(out, copy, values->len);
  free(copy);
}

static int cmp_module_self_desc(const void *a, const void *b) {
  const impgraph_module_stats *x = *(const impgraph_module_stats *const *)a;
  const impgraph_module_stats *y = *(const impgraph_module_stats *const *)b;
  if (x->self.median_us != y->self.median_us)
    return x->self.median_us < y->self.median_us ? 1 : -1;
  return strcmp(x->name, y->name);
}

/* The "runs-disagree" diagnostic: wall time or the slowest modules spread
 * more than IPG_PROFILE_SPREAD_WARN. */
static void check_spread(impgraph_profile *p) {
  const impgraph_profile_info *info = &p->info;
  if (info->runs < 2)
    return;
  ipg_buf why;
  ipg_buf_init(&why);
  if (info->wall.count >= 2 && info->wall.spread > IPG_PROFILE_SPREAD_WARN)
    ipg_buf_printf(&why, "wall time %.0f%%", info->wall.spread * 100.0);
  size_t count = p->modules.len;
  const impgraph_module_stats **order = count ? malloc(count * sizeof *order) : NULL;
  if (count && !order) {
    p->oom = true;
    ipg_buf_free(&why);
    return;
  }
  for (size_t i = 0; i < count; i++)
    order[i] = ipg_vec_at(&p->modules, i);
  if (count)
    qsort(order, count, sizeof *order, cmp_module_self_desc);
  size_t listed = 0;
  for (size_t i = 0; i < count && i < IPG_PROFILE_SPREAD_TOP; i++) {
    const impgraph_module_stats *m = order[i];
    if (m->self.median_us < IPG_PROFILE_SPREAD_MIN_US || m->self.count < 2 ||
        m->self.spread <= IPG_PROFILE_SPREAD_WARN)
      continue;
    if (listed < 5)
      ipg_buf_printf(&why, "%s%s %.0f%%", why.len ? ", " : "", m->name, m->self.spread * 100.0);
    listed++;
  }
  free(order);
  if (listed > 5)
    ipg_buf_printf(&why, ", and %zu more", listed - 5);
  if (why.len && !why.failed) {
    uint32_t suggest = info->runs * 2 < 10 ? 10 : info->runs * 2;
    ipg_profile_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "runs-disagree", NULL, 0, 0,
                           "runs disagree (spread over %.0f%%: %s): the medians are uncertain; "
                           "measure more runs (-n %u), on a quieter machine",
                           IPG_PROFILE_SPREAD_WARN * 100.0, why.data, suggest);
  }
  if (why.failed)
    p->oom = true;
  ipg_buf_free(&why);
}

int ipg_profile_finish(impgraph_profile *p, bool analyse) {
  for (size_t i = 0; i < p->accs.len && !p->oom; i++) {
    ipg_profile_acc *acc = *(ipg_profile_acc **)ipg_vec_at(&p->accs, i);
    impgraph_module_stats m;
    memset(&m, 0, sizeof m);
    m.name = acc->name;
    stats_of(&m.self, &acc->self, p);
    stats_of(&m.cumulative, &acc->cumulative, p);
    m.runs = m.self.count;
    m.failed_runs = acc->failed_runs;
    m.flags = acc->flags;
    impgraph_module_stats *slot = ipg_vec_push(&p->modules);
    if (!slot)
      p->oom = true;
    else
      *slot = m;
  }
  for (size_t i = 0; i < p->edge_accs.len && !p->oom; i++) {
    ipg_edge_acc *acc = *(ipg_edge_acc **)ipg_vec_at(&p->edge_accs, i);
    impgraph_observed_edge *e = ipg_vec_push(&p->edges);
    if (!e) {
      p->oom = true;
      break;
    }
    memset(e, 0, sizeof *e);
    e->importer = acc->importer;
    e->imported = acc->imported;
    e->kind = acc->kind;
    e->runs = acc->runs;
    e->flags = acc->flags;
  }
  for (size_t i = 0; i < p->accs.len; i++) {
    ipg_profile_acc *acc = *(ipg_profile_acc **)ipg_vec_at(&p->accs, i);
    ipg_vec_free(&acc->self);
    ipg_vec_free(&acc->cumulative);
  }
  ipg_vec_free(&p->accs);
  ipg_map_free(&p->acc_by_name);
  ipg_vec_free(&p->edge_accs);
  ipg_map_free(&p->edge_by_key);
  if (p->oom)
    return IMPGRAPH_ENOMEM;
  int rc = ipg_profile_seal(p);
  if (rc == IMPGRAPH_OK && analyse)
    check_spread(p);
  return p->oom ? IMPGRAPH_ENOMEM : rc;
}

static int cmp_module_name(const void *a, const void *b) {
  return strcmp(((const impgraph_module_stats *)a)->name, ((const impgraph_module_stats *)b)->name);
}

static int cmp_edge(const void *a, const void *b) {
  const impgraph_observed_edge *x = a, *y = b;
  int c = strcmp(x->importer, y->importer);
  if (!c)
    c = strcmp(x->imported, y->imported);
  if (!c)
    c = ((int)x->kind > (int)y->kind) - ((int)x->kind < (int)y->kind);
  return c;
}

/* Index of `name` in the sorted module table, or SIZE_MAX. */
static size_t find_module(const impgraph_profile *p, const char *name) {
  size_t lo = 0, hi = p->modules.len;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const impgraph_module_stats *m = ipg_vec_at(&p->modules, mid);
    int c = strcmp(m->name, name);
    if (c == 0)
      return mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return SIZE_MAX;
}

typedef struct run_values {
  int64_t *wall, *cpu, *total;
  size_t wall_count, cpu_count, total_count;
} run_values;

static void summarise_runs(impgraph_profile *p) {
  impgraph_profile_info *info = &p->info;
  size_t count = p->runs.len;
  run_values v = {0};
  if (count) {
    v.wall = malloc(count * sizeof *v.wall);
    v.cpu = malloc(count * sizeof *v.cpu);
    v.total = malloc(count * sizeof *v.total);
    if (!v.wall || !v.cpu || !v.total) {
      p->oom = true;
      count = 0;
    }
  }
  info->warmup = info->runs = info->failed_runs = 0;
  for (size_t i = 0; i < count; i++) {
    const impgraph_measured_run *run = ipg_vec_at(&p->runs, i);
    if (run->flags & IMPGRAPH_PROFILE_RUN_WARMUP)
      info->warmup++;
    if (run->flags & IMPGRAPH_PROFILE_RUN_FAILED)
      info->failed_runs++;
    if (run->flags & IMPGRAPH_PROFILE_RUN_EXCLUDED)
      continue;
    info->runs++;
    if (run->wall_us >= 0)
      v.wall[v.wall_count++] = run->wall_us;
    if (run->cpu_us >= 0)
      v.cpu[v.cpu_count++] = run->cpu_us;
    v.total[v.total_count++] = run->total_us;
  }
  ipg_time_stats(&info->wall, v.wall, v.wall_count);
  ipg_time_stats(&info->cpu, v.cpu, v.cpu_count);
  ipg_time_stats(&info->total, v.total, v.total_count);
  free(v.wall);
  free(v.cpu);
  free(v.total);
}

int ipg_profile_seal(impgraph_profile *p) {
  if (p->oom)
    return IMPGRAPH_ENOMEM;
  if (p->modules.len)
    qsort(p->modules.data, p->modules.len, sizeof(impgraph_module_stats), cmp_module_name);
  for (size_t i = 1; i < p->modules.len; i++) {
    const impgraph_module_stats *a = ipg_vec_at(&p->modules, i - 1);
    const impgraph_module_stats *b = ipg_vec_at(&p->modules, i);
    if (strcmp(a->name, b->name) == 0)
      return IMPGRAPH_EINVAL;
  }
  if (p->edges.len)
    qsort(p->edges.data, p->edges.len, sizeof(impgraph_observed_edge), cmp_edge);
  for (size_t i = 0; i < p->edges.len; i++) {
    impgraph_observed_edge *e = ipg_vec_at(&p->edges, i);
    /* SIZE_MAX: a module seen only in cached rows (loaded before it was
       ever timed, e.g. at bare start). */
    e->importer_index = find_module(p, e->importer);
    e->imported_index = find_module(p, e->imported);
  }
  summarise_runs(p);
  impgraph_profile_info *info = &p->info;
  info->command = p->command.data;
  info->command_count = p->command.len;
  info->source_roots = p->source_roots.data;
  info->source_root_count = p->source_roots.len;
  info->env = p->env.data;
  info->env_count = p->env.len;
  return p->oom ? IMPGRAPH_ENOMEM : IMPGRAPH_OK;
}

/* ---- names ---------------------------------------------------------------- */

static const char *const module_flag_names[] = {"failed",  "negative",    "orphan",
                                                "repeat",  "nested_self", "top_level",
                                                "suspect", "truncated",   "bad_name"};
static const char *const run_flag_names[] = {
    "warmup",         "failed",           "timed_out", "suspect",  "extra_logs",
    "no_module_list", "stderr_truncated", "no_rows",   "excluded", "no_header"};
static const char *const edge_flag_names[] = {"ambiguous"};

#define COUNT_OF(a) (sizeof(a) / sizeof *(a))

static size_t flag_names(uint32_t flags, const char *const *table, size_t table_len,
                         const char **out, size_t cap) {
  size_t n = 0;
  for (size_t bit = 0; bit < table_len && n < cap; bit++)
    if (flags & (1u << bit))
      out[n++] = table[bit];
  return n;
}

static uint32_t flag_bit(const char *name, const char *const *table, size_t table_len) {
  for (size_t bit = 0; bit < table_len; bit++)
    if (strcmp(name, table[bit]) == 0)
      return 1u << bit;
  return 0;
}

const char *ipg_profile_edge_kind_name(impgraph_profile_edge_kind kind) {
  switch (kind) {
  case IMPGRAPH_PROFILE_EDGE_NESTED: return "nested";
  case IMPGRAPH_PROFILE_EDGE_CACHED: return "cached";
  }
  return "unknown";
}

size_t ipg_profile_module_flag_names(uint32_t flags, const char **out, size_t cap) {
  return flag_names(flags, module_flag_names, COUNT_OF(module_flag_names), out, cap);
}
size_t ipg_profile_run_flag_names(uint32_t flags, const char **out, size_t cap) {
  return flag_names(flags, run_flag_names, COUNT_OF(run_flag_names), out, cap);
}
size_t ipg_profile_edge_flag_names(uint32_t flags, const char **out, size_t cap) {
  return flag_names(flags, edge_flag_names, COUNT_OF(edge_flag_names), out, cap);
}
uint32_t ipg_profile_module_flag_bit(const char *name) {
  return flag_bit(name, module_flag_names, COUNT_OF(module_flag_names));
}
uint32_t ipg_profile_run_flag_bit(const char *name) {
  return flag_bit(name, run_flag_names, COUNT_OF(run_flag_names));
}
uint32_t ipg_profile_edge_flag_bit(const char *name) {
  return flag_bit(name, edge_flag_names, COUNT_OF(edge_flag_names));
}

/* ---- from logs ------------------------------------------------------------- */

static void add_log_diagnostics(impgraph_profile *p, const ipg_itlog *log) {
  size_t count = ipg_itlog_diagnostic_count(log);
  for (size_t i = 0; i < count && !p->oom; i++) {
    const impgraph_diagnostic *d = ipg_itlog_diagnostic(log, i);
    ipg_profile_diagnostic(p, d->severity, d->code, d->path, d->line, d->column, "%s",
                           d->message ? d->message : "");
  }
}

static uint32_t count_failed_rows(const ipg_itrun *run) {
  uint32_t failed = 0;
  for (size_t i = 0; i < run->row_count; i++)
    failed += (run->rows[i].flags & IPG_ITROW_FAILED) != 0;
  return failed;
}

static void add_log(impgraph_profile *p, const ipg_itlog *log, const char *label,
                    bool *saw_cached) {
  size_t runs = ipg_itlog_run_count(log);
  for (size_t r = 0; r < runs && !p->oom; r++) {
    const ipg_itrun *run = ipg_itlog_run(log, r);
    impgraph_measured_run rec;
    memset(&rec, 0, sizeof rec);
    char *run_label = r == 0 ? NULL : ipg_arena_printf(&p->arena, "%s#%zu", label, r + 1);
    rec.label = r == 0 ? label : run_label;
    rec.wall_us = rec.cpu_us = -1;
    rec.exit_status = -1;
    rec.total_us = run->total_us;
    rec.row_count = run->row_count > UINT32_MAX ? UINT32_MAX : (uint32_t)run->row_count;
    rec.failed_imports = count_failed_rows(run);
    if (run->flags & IPG_ITRUN_NO_HEADER)
      rec.flags |= IMPGRAPH_PROFILE_RUN_NO_HEADER;
    if (run->flags & IPG_ITRUN_SUSPECT)
      rec.flags |= IMPGRAPH_PROFILE_RUN_SUSPECT;
    if (run->row_count == 0)
      rec.flags |= IMPGRAPH_PROFILE_RUN_NO_ROWS | IMPGRAPH_PROFILE_RUN_EXCLUDED;
    if (run->cached_count)
      *saw_cached = true;
    if (ipg_profile_add_run(p, &rec, NULL, 0) == SIZE_MAX)
      return;
    if (run->row_count)
      ipg_profile_add_log_run(p, run);
  }
  if (runs == 0)
    ipg_profile_diagnostic(p, IMPGRAPH_SEVERITY_WARNING, "no-rows", label, 0, 0,
                           "no -X importtime rows in this log");
  add_log_diagnostics(p, log);
}

int impgraph_profile_from_logs(impgraph_profile **out, const char *const *texts, const size_t *lens,
                               const char *const *labels, size_t count, impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || !count || !texts || !lens)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_profile_from_logs: %s",
                    !out    ? "out is NULL"
                    : count ? "texts or lens is NULL"
                            : "no logs given");
  for (size_t i = 0; i < count; i++)
    if (!texts[i] && lens[i])
      return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_profile_from_logs: texts[%zu] is NULL", i);
  impgraph_profile *p = ipg_profile_new();
  if (!p)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory building a profile");
  p->info.source = ipg_profile_strdup(p, "log");
  bool saw_cached = false;
  int rc = IMPGRAPH_OK;
  for (size_t i = 0; i < count && rc == IMPGRAPH_OK && !p->oom; i++) {
    char fallback[32];
    snprintf(fallback, sizeof fallback, "log %zu", i + 1);
    const char *label = labels && labels[i] ? labels[i] : fallback;
    ipg_profile_push_string(p, &p->command, label);
    ipg_itlog *log = NULL;
    rc = ipg_itlog_parse(&log, texts[i] ? texts[i] : "", lens[i], label, err);
    if (rc == IMPGRAPH_OK)
      add_log(p, log, ipg_profile_strdup(p, label), &saw_cached);
    ipg_itlog_free(log);
  }
  if (rc == IMPGRAPH_OK && !p->oom) {
    p->info.importtime_level = saw_cached ? 2 : 1;
    rc = ipg_profile_finish(p, true);
  }
  if (rc == IMPGRAPH_OK && p->oom)
    rc = IMPGRAPH_ENOMEM;
  if (rc != IMPGRAPH_OK) {
    impgraph_profile_free(p);
    if (rc == IMPGRAPH_ENOMEM)
      return ipg_fail(err, rc, "out of memory building a profile");
    return err && err->code == rc
               ? rc
               : ipg_fail(err, rc, "building a profile: %s", impgraph_strerror(rc));
  }
  *out = p;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

/* ---- public accessors ---------------------------------------------------- */

void impgraph_profile_free(impgraph_profile *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->run_logs.len; i++)
    free(*(char **)ipg_vec_at(&p->run_logs, i));
  for (size_t i = 0; i < p->accs.len; i++) {
    ipg_profile_acc *acc = *(ipg_profile_acc **)ipg_vec_at(&p->accs, i);
    ipg_vec_free(&acc->self);
    ipg_vec_free(&acc->cumulative);
  }
  ipg_vec_free(&p->accs);
  ipg_map_free(&p->acc_by_name);
  ipg_vec_free(&p->edge_accs);
  ipg_map_free(&p->edge_by_key);
  ipg_vec_free(&p->command);
  ipg_vec_free(&p->source_roots);
  ipg_vec_free(&p->env);
  ipg_vec_free(&p->runs);
  ipg_vec_free(&p->run_logs);
  ipg_vec_free(&p->run_log_lens);
  ipg_vec_free(&p->modules);
  ipg_vec_free(&p->edges);
  ipg_vec_free(&p->diagnostics);
  ipg_map_free(&p->diagnostic_keys);
  ipg_arena_free(&p->arena);
  free(p);
}

const impgraph_profile_info *impgraph_profile_summary(const impgraph_profile *p) {
  return p ? &p->info : NULL;
}

size_t impgraph_profile_module_count(const impgraph_profile *p) {
  return p ? p->modules.len : 0;
}

const impgraph_module_stats *impgraph_profile_module(const impgraph_profile *p, size_t index) {
  return p && index < p->modules.len ? ipg_vec_at(&p->modules, index) : NULL;
}

int impgraph_profile_find(const impgraph_profile *p, const char *module, size_t *index) {
  if (!p || !module || !index)
    return IMPGRAPH_EINVAL;
  size_t found = find_module(p, module);
  if (found == SIZE_MAX)
    return IMPGRAPH_ENOTFOUND;
  *index = found;
  return IMPGRAPH_OK;
}

size_t impgraph_profile_edge_count(const impgraph_profile *p) {
  return p ? p->edges.len : 0;
}

const impgraph_observed_edge *impgraph_profile_edge(const impgraph_profile *p, size_t index) {
  return p && index < p->edges.len ? ipg_vec_at(&p->edges, index) : NULL;
}

size_t impgraph_profile_run_count(const impgraph_profile *p) {
  return p ? p->runs.len : 0;
}

const impgraph_measured_run *impgraph_profile_run(const impgraph_profile *p, size_t index) {
  return p && index < p->runs.len ? ipg_vec_at(&p->runs, index) : NULL;
}

const char *impgraph_profile_run_log(const impgraph_profile *p, size_t index, size_t *len) {
  if (len)
    *len = 0;
  if (!p || index >= p->run_logs.len)
    return NULL;
  const char *log = *(char *const *)ipg_vec_at(&p->run_logs, index);
  if (log && len)
    *len = *(const size_t *)ipg_vec_at(&p->run_log_lens, index);
  return log;
}

size_t impgraph_profile_diagnostic_count(const impgraph_profile *p) {
  return p ? p->diagnostics.len : 0;
}

const impgraph_diagnostic *impgraph_profile_diagnostic(const impgraph_profile *p, size_t index) {
  return p && index < p->diagnostics.len ? ipg_vec_at(&p->diagnostics, index) : NULL;
}
