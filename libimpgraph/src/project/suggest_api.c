/* impgraph_suggest(): the public entry point of the suggestion engine. It
 * settles what the engine cannot know by itself: the versions to support
 * (`--target-python`, `requires-python` from the project's pyproject.toml,
 * the probed interpreter) and the project root files are reported against. */
#include <stdlib.h>
#include <string.h>

#include "project/project.h"
#include "suggest/engine.h"

/* "3.11" (or "3.11.4") -> 3, 11. */
static bool parse_version(const char *s, int *major, int *minor) {
  char *end = NULL;
  long a = strtol(s, &end, 10);
  if (end == s || *end != '.' || a < 2 || a > 9)
    return false;
  const char *p = end + 1;
  long b = strtol(p, &end, 10);
  if (end == p || b < 0 || b > 99 || (*end && *end != '.'))
    return false;
  *major = (int)a;
  *minor = (int)b;
  return true;
}

/* The lowest minor version a PEP 440 specifier set admits, from its lower
   bounds (`>=3.8`, `>3.8` (3.8.1 is admitted), `~=3.8`, `==3.8.*`,
   `==3.8`). False when it has none or is malformed. */
static bool lowest_version(const char *spec, int *major, int *minor) {
  bool found = false;
  const char *p = spec;
  while (*p) {
    while (*p == ' ' || *p == ',')
      p++;
    const char *clause = p;
    while (*p && *p != ',')
      p++;
    size_t n = (size_t)(p - clause);
    char buf[64];
    if (!n || n >= sizeof buf)
      continue;
    memcpy(buf, clause, n);
    buf[n] = '\0';
    const char *op_end = buf;
    while (*op_end == '>' || *op_end == '<' || *op_end == '=' || *op_end == '~' || *op_end == '!')
      op_end++;
    size_t op_len = (size_t)(op_end - buf);
    const char *v = op_end;
    while (*v == ' ')
      v++;
    int a, b;
    if (!parse_version(v, &a, &b))
      continue;
    bool lower = (op_len == 2 && (strncmp(buf, ">=", 2) == 0 || strncmp(buf, "~=", 2) == 0 ||
                                  strncmp(buf, "==", 2) == 0)) ||
                 (op_len == 1 && buf[0] == '>');
    if (!lower)
      continue;
    if (!found || a < *major || (a == *major && b < *minor)) {
      *major = a;
      *minor = b;
    }
    found = true;
  }
  return found;
}

int impgraph_suggest(impgraph_suggestions **out, const impgraph_graph *graph,
                     const impgraph_suggest_options *opts, impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || !graph)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_suggest: out and graph must not be NULL");
  impgraph_suggest_options defaults = IMPGRAPH_SUGGEST_OPTIONS_INIT;
  if (!opts)
    opts = &defaults;
  if (opts->version != IMPGRAPH_SUGGEST_OPTIONS_VERSION)
    return ipg_fail(err, IMPGRAPH_EVERSION, "impgraph_suggest: options version %u not supported",
                    opts->version);
  ipg_suggest_cfg cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.min_savings_us = opts->min_savings_us;
  cfg.top = opts->top;
  cfg.flags = opts->flags;
  cfg.target_major = graph->probe->version_major;
  cfg.target_minor = graph->probe->version_minor;
  if (opts->target_python &&
      !parse_version(opts->target_python, &cfg.target_major, &cfg.target_minor))
    return ipg_fail(err, IMPGRAPH_EINVAL, "--target-python '%s': expected a version such as 3.12",
                    opts->target_python);
  ipg_arena arena;
  ipg_arena_init(&arena);
  const char *spec = opts->requires_python;
  const char *from = NULL;
  if (spec)
    from = ipg_arena_printf(&arena, "requires-python %s", spec);
  else if (graph->root_count && graph->roots[0].pyproject) {
    char *text = NULL;
    size_t len = 0;
    if (ipg_read_file(graph->roots[0].pyproject, &text, &len, NULL) == IMPGRAPH_OK) {
      spec = ipg_pyproject_string(&arena, text, len, "project", "requires-python");
      if (spec)
        from = ipg_arena_printf(&arena, "requires-python %s (%s)", spec,
                                graph->roots[0].pyproject);
    }
    free(text);
  }
  cfg.min_major = cfg.target_major;
  cfg.min_minor = cfg.target_minor;
  if (spec && !lowest_version(spec, &cfg.min_major, &cfg.min_minor)) {
    if (opts->requires_python) {
      ipg_arena_free(&arena);
      return ipg_fail(err, IMPGRAPH_EINVAL,
                      "--requires-python '%s': no lower bound such as >=3.8", spec);
    }
    from = NULL; /* a pyproject.toml without a usable lower bound: the target only */
  }
  if (!from)
    from = opts->target_python ? "--target-python" : "the interpreter's version";
  cfg.versions_from = from;
  cfg.project_root = opts->project_root      ? opts->project_root
                     : graph->root_count     ? graph->roots[0].path
                                             : NULL;
  cfg.profile_command = opts->profile_command;
  int rc = ipg_suggest_run(out, graph, &cfg, err);
  ipg_arena_free(&arena);
  return rc;
}
