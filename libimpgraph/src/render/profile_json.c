/* The profile as JSON (docs/formats/profile.md, schema "impgraph-profile"
 * version IMPGRAPH_PROFILE_SCHEMA_VERSION), and impgraph_profile_load(),
 * which reads it back. Key order is fixed, so output is deterministic; a
 * dump of a loaded profile equals the file it was loaded from. */
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/profile_render.h"
#include "render/json_util.h"
#include "render/render.h"

#define SCHEMA "impgraph-profile"

/* ---- dump ----------------------------------------------------------------- */

static json_t *strings_json(ipg_json_ctx *ctx, const char *const *items, size_t count) {
  json_t *arr = json_array();
  for (size_t i = 0; i < count; i++)
    ipg_json_append(ctx, arr, ipg_json_str(items[i]));
  return arr;
}

static json_t *stats_json(ipg_json_ctx *ctx, const impgraph_time_stats *s) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "median", json_integer(s->median_us));
  ipg_json_set(ctx, o, "min", json_integer(s->min_us));
  ipg_json_set(ctx, o, "max", json_integer(s->max_us));
  ipg_json_set(ctx, o, "spread", json_real(s->spread));
  ipg_json_set(ctx, o, "count", json_integer(s->count));
  return o;
}

static json_t *flags_json(ipg_json_ctx *ctx, uint32_t flags,
                          size_t (*names_of)(uint32_t, const char **, size_t)) {
  const char *names[32];
  size_t n = names_of(flags, names, 32);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    ipg_json_append(ctx, arr, json_string(names[i]));
  return arr;
}

static json_t *run_json(ipg_json_ctx *ctx, const impgraph_measured_run *run) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "label", ipg_json_str(run->label));
  ipg_json_set(ctx, o, "flags", flags_json(ctx, run->flags, ipg_profile_run_flag_names));
  ipg_json_set(ctx, o, "wall_us", json_integer(run->wall_us));
  ipg_json_set(ctx, o, "cpu_us", json_integer(run->cpu_us));
  ipg_json_set(ctx, o, "total_us", json_integer(run->total_us));
  ipg_json_set(ctx, o, "exit_status", json_integer(run->exit_status));
  ipg_json_set(ctx, o, "signal", json_integer(run->term_signal));
  ipg_json_set(ctx, o, "rows", json_integer(run->row_count));
  ipg_json_set(ctx, o, "failed_imports", json_integer(run->failed_imports));
  ipg_json_set(ctx, o, "extra_logs", json_integer(run->extra_logs));
  ipg_json_set(ctx, o, "stderr_tail", ipg_json_str(run->stderr_tail));
  return o;
}

static json_t *module_json(ipg_json_ctx *ctx, const impgraph_module_stats *m) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "name", ipg_json_str(m->name));
  ipg_json_set(ctx, o, "runs", json_integer(m->runs));
  ipg_json_set(ctx, o, "failed_runs", json_integer(m->failed_runs));
  ipg_json_set(ctx, o, "flags", flags_json(ctx, m->flags, ipg_profile_module_flag_names));
  ipg_json_set(ctx, o, "self_us", stats_json(ctx, &m->self));
  ipg_json_set(ctx, o, "cumulative_us", stats_json(ctx, &m->cumulative));
  return o;
}

static json_t *edge_json(ipg_json_ctx *ctx, const impgraph_observed_edge *e) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "importer", ipg_json_str(e->importer));
  ipg_json_set(ctx, o, "imported", ipg_json_str(e->imported));
  ipg_json_set(ctx, o, "kind", json_string(ipg_profile_edge_kind_name(e->kind)));
  ipg_json_set(ctx, o, "runs", json_integer(e->runs));
  ipg_json_set(ctx, o, "flags", flags_json(ctx, e->flags, ipg_profile_edge_flag_names));
  return o;
}

static json_t *profile_json(ipg_json_ctx *ctx, const impgraph_profile *p) {
  const impgraph_profile_info *info = impgraph_profile_summary(p);
  json_t *root = json_object();
  ipg_json_set(ctx, root, "schema", json_string(SCHEMA));
  ipg_json_set(ctx, root, "schema_version", json_integer(IMPGRAPH_PROFILE_SCHEMA_VERSION));
  ipg_json_set(ctx, root, "impgraph_version", json_string(impgraph_version()));
  ipg_json_set(ctx, root, "source", ipg_json_str(info->source));
  json_t *python = json_object();
  ipg_json_set(ctx, python, "path", ipg_json_str(info->python));
  ipg_json_set(ctx, python, "executable", ipg_json_str(info->executable));
  ipg_json_set(ctx, python, "version", ipg_json_str(info->python_version));
  ipg_json_set(ctx, python, "implementation", ipg_json_str(info->implementation));
  ipg_json_set(ctx, root, "python", python);
  ipg_json_set(ctx, root, "command", strings_json(ctx, info->command, info->command_count));
  ipg_json_set(ctx, root, "cwd", ipg_json_str(info->cwd));
  ipg_json_set(ctx, root, "source_roots", strings_json(ctx, info->source_roots, info->source_root_count));
  ipg_json_set(ctx, root, "env", strings_json(ctx, info->env, info->env_count));
  ipg_json_set(ctx, root, "importtime_level", json_integer(info->importtime_level));
  json_t *summary = json_object();
  ipg_json_set(ctx, summary, "warmup", json_integer(info->warmup));
  ipg_json_set(ctx, summary, "runs", json_integer(info->runs));
  ipg_json_set(ctx, summary, "failed_runs", json_integer(info->failed_runs));
  ipg_json_set(ctx, summary, "modules", json_integer((json_int_t)impgraph_profile_module_count(p)));
  ipg_json_set(ctx, summary, "wall_us", stats_json(ctx, &info->wall));
  ipg_json_set(ctx, summary, "cpu_us", stats_json(ctx, &info->cpu));
  ipg_json_set(ctx, summary, "total_us", stats_json(ctx, &info->total));
  ipg_json_set(ctx, root, "summary", summary);
  json_t *runs = json_array();
  for (size_t i = 0; i < impgraph_profile_run_count(p) && !ctx->failed; i++)
    ipg_json_append(ctx, runs, run_json(ctx, impgraph_profile_run(p, i)));
  ipg_json_set(ctx, root, "runs", runs);
  json_t *modules = json_array();
  for (size_t i = 0; i < impgraph_profile_module_count(p) && !ctx->failed; i++)
    ipg_json_append(ctx, modules, module_json(ctx, impgraph_profile_module(p, i)));
  ipg_json_set(ctx, root, "modules", modules);
  json_t *edges = json_array();
  for (size_t i = 0; i < impgraph_profile_edge_count(p) && !ctx->failed; i++)
    ipg_json_append(ctx, edges, edge_json(ctx, impgraph_profile_edge(p, i)));
  ipg_json_set(ctx, root, "edges", edges);
  json_t *diagnostics = json_array();
  for (size_t i = 0; i < impgraph_profile_diagnostic_count(p) && !ctx->failed; i++)
    ipg_json_append(ctx, diagnostics, ipg_json_diagnostic(ctx, impgraph_profile_diagnostic(p, i), true));
  ipg_json_set(ctx, root, "diagnostics", diagnostics);
  return root;
}

int ipg_render_profile_json(ipg_buf *out, const impgraph_profile *profile) {
  ipg_json_ctx ctx = {false};
  json_t *root = profile_json(&ctx, profile);
  if (!root)
    return IMPGRAPH_ENOMEM;
  /* Spreads have 4 decimals: 10 significant digits print them exactly
     and read back as the same double. */
  return ipg_json_dump(out, &ctx, root, JSON_REAL_PRECISION(10));
}

/* ---- load ----------------------------------------------------------------- */

typedef struct loader {
  impgraph_profile *p;
  const char *path;
  impgraph_error *err;
  int rc; /* first failure */
} loader;

static bool bad(loader *l, const char *fmt, ...) IPG_PRINTF(2, 3);
static bool bad(loader *l, const char *fmt, ...) {
  if (l->rc)
    return false;
  char what[300];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  l->rc = ipg_fail(l->err, IMPGRAPH_EFORMAT, "%s: not a valid profile: %s", l->path, what);
  return false;
}

/* Optional string field: NULL when absent or null. */
static bool get_string(loader *l, json_t *obj, const char *key, const char *where,
                       const char **out) {
  json_t *v = json_object_get(obj, key);
  *out = NULL;
  if (!v || json_is_null(v))
    return true;
  if (!json_is_string(v))
    return bad(l, "%s.%s is not a string", where, key);
  *out = ipg_profile_strdup(l->p, json_string_value(v));
  return true;
}

static bool get_int(loader *l, json_t *obj, const char *key, const char *where, int64_t min,
                    int64_t max, int64_t *out) {
  json_t *v = json_object_get(obj, key);
  *out = 0;
  if (!v)
    return true; /* absent: 0 */
  if (!json_is_integer(v))
    return bad(l, "%s.%s is not an integer", where, key);
  json_int_t value = json_integer_value(v);
  if (value < min || value > max)
    return bad(l, "%s.%s = %lld is out of range", where, key, (long long)value);
  *out = (int64_t)value;
  return true;
}

static bool get_u32(loader *l, json_t *obj, const char *key, const char *where, uint32_t *out) {
  int64_t value;
  bool ok = get_int(l, obj, key, where, 0, UINT32_MAX, &value);
  *out = (uint32_t)value;
  return ok;
}

static bool get_strings(loader *l, json_t *obj, const char *key, ipg_vec *into) {
  json_t *arr = json_object_get(obj, key);
  if (!arr || json_is_null(arr))
    return true;
  if (!json_is_array(arr))
    return bad(l, "%s is not an array", key);
  for (size_t i = 0; i < json_array_size(arr); i++) {
    json_t *v = json_array_get(arr, i);
    if (!json_is_string(v))
      return bad(l, "%s[%zu] is not a string", key, i);
    ipg_profile_push_string(l->p, into, json_string_value(v));
  }
  return true;
}

/* Flag names not known to this version are ignored (added later). */
static bool get_flags(loader *l, json_t *obj, const char *where, uint32_t (*bit_of)(const char *),
                      uint32_t *out) {
  json_t *arr = json_object_get(obj, "flags");
  *out = 0;
  if (!arr)
    return true;
  if (!json_is_array(arr))
    return bad(l, "%s.flags is not an array", where);
  for (size_t i = 0; i < json_array_size(arr); i++) {
    json_t *v = json_array_get(arr, i);
    if (!json_is_string(v))
      return bad(l, "%s.flags[%zu] is not a string", where, i);
    *out |= bit_of(json_string_value(v));
  }
  return true;
}

static bool get_stats(loader *l, json_t *obj, const char *key, const char *where,
                      impgraph_time_stats *out) {
  memset(out, 0, sizeof *out);
  json_t *s = json_object_get(obj, key);
  if (!s)
    return true;
  if (!json_is_object(s))
    return bad(l, "%s.%s is not an object", where, key);
  char inner[96];
  snprintf(inner, sizeof inner, "%s.%s", where, key);
  json_t *spread = json_object_get(s, "spread");
  if (spread && !json_is_number(spread))
    return bad(l, "%s.spread is not a number", inner);
  out->spread = spread ? json_number_value(spread) : 0.0;
  return get_int(l, s, "median", inner, INT64_MIN, INT64_MAX, &out->median_us) &&
         get_int(l, s, "min", inner, INT64_MIN, INT64_MAX, &out->min_us) &&
         get_int(l, s, "max", inner, INT64_MIN, INT64_MAX, &out->max_us) &&
         get_u32(l, s, "count", inner, &out->count);
}

static json_t *get_array(loader *l, json_t *root, const char *key) {
  json_t *arr = json_object_get(root, key);
  if (!arr)
    return NULL;
  if (!json_is_array(arr)) {
    bad(l, "%s is not an array", key);
    return NULL;
  }
  return arr;
}

static bool load_run(loader *l, json_t *o, size_t index) {
  char where[48];
  snprintf(where, sizeof where, "runs[%zu]", index);
  if (!json_is_object(o))
    return bad(l, "%s is not an object", where);
  impgraph_measured_run run;
  memset(&run, 0, sizeof run);
  int64_t exit_status, signal;
  bool ok = get_string(l, o, "label", where, &run.label) &&
            get_flags(l, o, where, ipg_profile_run_flag_bit, &run.flags) &&
            get_int(l, o, "wall_us", where, -1, INT64_MAX, &run.wall_us) &&
            get_int(l, o, "cpu_us", where, -1, INT64_MAX, &run.cpu_us) &&
            get_int(l, o, "total_us", where, INT64_MIN, INT64_MAX, &run.total_us) &&
            get_int(l, o, "exit_status", where, INT_MIN, INT_MAX, &exit_status) &&
            get_int(l, o, "signal", where, 0, INT_MAX, &signal) &&
            get_u32(l, o, "rows", where, &run.row_count) &&
            get_u32(l, o, "failed_imports", where, &run.failed_imports) &&
            get_u32(l, o, "extra_logs", where, &run.extra_logs) &&
            get_string(l, o, "stderr_tail", where, &run.stderr_tail);
  if (!ok)
    return false;
  run.exit_status = (int)exit_status;
  run.term_signal = (int)signal;
  ipg_profile_add_run(l->p, &run, NULL, 0);
  return true;
}

static bool load_module(loader *l, json_t *o, size_t index) {
  char where[48];
  snprintf(where, sizeof where, "modules[%zu]", index);
  if (!json_is_object(o))
    return bad(l, "%s is not an object", where);
  impgraph_module_stats m;
  memset(&m, 0, sizeof m);
  bool ok = get_string(l, o, "name", where, &m.name) && get_u32(l, o, "runs", where, &m.runs) &&
            get_u32(l, o, "failed_runs", where, &m.failed_runs) &&
            get_flags(l, o, where, ipg_profile_module_flag_bit, &m.flags) &&
            get_stats(l, o, "self_us", where, &m.self) &&
            get_stats(l, o, "cumulative_us", where, &m.cumulative);
  if (!ok)
    return false;
  if (!m.name)
    return bad(l, "%s has no name", where);
  ipg_profile_add_module(l->p, &m);
  return true;
}

static bool load_edge(loader *l, json_t *o, size_t index) {
  char where[48];
  snprintf(where, sizeof where, "edges[%zu]", index);
  if (!json_is_object(o))
    return bad(l, "%s is not an object", where);
  impgraph_observed_edge e;
  memset(&e, 0, sizeof e);
  const char *kind = NULL;
  bool ok = get_string(l, o, "importer", where, &e.importer) &&
            get_string(l, o, "imported", where, &e.imported) &&
            get_string(l, o, "kind", where, &kind) && get_u32(l, o, "runs", where, &e.runs) &&
            get_flags(l, o, where, ipg_profile_edge_flag_bit, &e.flags);
  if (!ok)
    return false;
  if (!e.importer || !e.imported)
    return bad(l, "%s lacks importer or imported", where);
  if (kind && strcmp(kind, "cached") == 0)
    e.kind = IMPGRAPH_PROFILE_EDGE_CACHED;
  else if (!kind || strcmp(kind, "nested") == 0)
    e.kind = IMPGRAPH_PROFILE_EDGE_NESTED;
  else
    return bad(l, "%s.kind \"%s\" is unknown", where, kind);
  ipg_profile_add_edge(l->p, &e);
  return true;
}

static bool load_diagnostic(loader *l, json_t *o, size_t index) {
  char where[48];
  snprintf(where, sizeof where, "diagnostics[%zu]", index);
  if (!json_is_object(o))
    return bad(l, "%s is not an object", where);
  const char *path, *severity, *code, *message;
  int64_t line, column;
  bool ok =
      get_string(l, o, "path", where, &path) && get_string(l, o, "severity", where, &severity) &&
      get_string(l, o, "code", where, &code) && get_string(l, o, "message", where, &message) &&
      get_int(l, o, "line", where, 0, UINT32_MAX, &line) &&
      get_int(l, o, "column", where, 0, UINT32_MAX, &column);
  if (!ok)
    return false;
  impgraph_severity level = IMPGRAPH_SEVERITY_NOTE;
  if (severity && strcmp(severity, "error") == 0)
    level = IMPGRAPH_SEVERITY_ERROR;
  else if (severity && strcmp(severity, "warning") == 0)
    level = IMPGRAPH_SEVERITY_WARNING;
  ipg_profile_diagnostic(l->p, level, code ? code : "unknown", path, (uint32_t)line,
                         (uint32_t)column, "%s", message ? message : "");
  return true;
}

static bool load_array(loader *l, json_t *root, const char *key,
                       bool (*load_one)(loader *, json_t *, size_t)) {
  json_t *arr = get_array(l, root, key);
  if (l->rc)
    return false;
  for (size_t i = 0; arr && i < json_array_size(arr); i++)
    if (!load_one(l, json_array_get(arr, i), i))
      return false;
  return true;
}

static void load_root(loader *l, json_t *root) {
  impgraph_profile *p = l->p;
  if (!json_is_object(root)) {
    bad(l, "the top level is not an object");
    return;
  }
  json_t *schema = json_object_get(root, "schema");
  if (!json_is_string(schema) || strcmp(json_string_value(schema), SCHEMA) != 0) {
    bad(l, "\"schema\" is not \"" SCHEMA "\"");
    return;
  }
  int64_t version;
  if (!get_int(l, root, "schema_version", "", 1, INT32_MAX, &version))
    return;
  if (version > IMPGRAPH_PROFILE_SCHEMA_VERSION) {
    l->rc = ipg_fail(l->err, IMPGRAPH_EFORMAT,
                     "%s: profile schema version %lld is newer than this impgraph's (%d)", l->path,
                     (long long)version, IMPGRAPH_PROFILE_SCHEMA_VERSION);
    return;
  }
  if (version == 0) {
    bad(l, "no schema_version");
    return;
  }
  impgraph_profile_info *info = &p->info;
  json_t *python = json_object_get(root, "python");
  if (python && !json_is_object(python) && !json_is_null(python)) {
    bad(l, "python is not an object");
    return;
  }
  bool ok = get_string(l, root, "source", "", &info->source) &&
            (!json_is_object(python) ||
             (get_string(l, python, "path", "python", &info->python) &&
              get_string(l, python, "executable", "python", &info->executable) &&
              get_string(l, python, "version", "python", &info->python_version) &&
              get_string(l, python, "implementation", "python", &info->implementation))) &&
            get_strings(l, root, "command", &p->command) &&
            get_string(l, root, "cwd", "", &info->cwd) &&
            get_strings(l, root, "source_roots", &p->source_roots) &&
            get_strings(l, root, "env", &p->env) &&
            get_u32(l, root, "importtime_level", "", &info->importtime_level) &&
            load_array(l, root, "runs", load_run) && load_array(l, root, "modules", load_module) &&
            load_array(l, root, "edges", load_edge) &&
            load_array(l, root, "diagnostics", load_diagnostic);
  (void)ok;
}

int ipg_profile_parse_json(impgraph_profile **out, const char *text, size_t len, const char *label,
                           impgraph_error *err) {
  *out = NULL;
  json_error_t jerr;
  json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!root)
    return ipg_fail(err, IMPGRAPH_EFORMAT, "%s:%d:%d: not JSON: %s", label, jerr.line, jerr.column,
                    jerr.text);
  loader l = {ipg_profile_new(), label, err, IMPGRAPH_OK};
  if (!l.p) {
    json_decref(root);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory loading %s", label);
  }
  load_root(&l, root);
  json_decref(root);
  int rc = l.rc;
  if (rc == IMPGRAPH_OK && l.p->oom)
    rc = ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory loading %s", label);
  if (rc == IMPGRAPH_OK) {
    rc = ipg_profile_seal(l.p);
    if (rc == IMPGRAPH_EINVAL)
      rc = ipg_fail(err, IMPGRAPH_EFORMAT, "%s: not a valid profile: a module name repeats", label);
    else if (rc != IMPGRAPH_OK)
      rc = ipg_fail(err, rc, "out of memory loading %s", label);
  }
  if (rc != IMPGRAPH_OK) {
    impgraph_profile_free(l.p);
    return rc;
  }
  *out = l.p;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

int impgraph_profile_load(impgraph_profile **out, const char *path, impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || !path)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_profile_load: out or path is NULL");
  char *data = NULL;
  size_t len = 0;
  int rc = ipg_read_file(path, &data, &len, err);
  if (rc != IMPGRAPH_OK)
    return rc;
  rc = ipg_profile_parse_json(out, data, len, path, err);
  free(data);
  return rc;
}
