/* The project options shared by `graph`, `why` and `cycles`: source roots,
 * interpreter or static sys.path, entry points, build flags, output. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum {
  OPT_PYTHON = 1000,
  OPT_SYS_PATH,
  OPT_PYTHON_VERSION,
  OPT_ENTRY,
  OPT_CONSOLE_SCRIPT,
  OPT_FULL,
  OPT_JOBS,
  OPT_NO_PROBE_CACHE,
  OPT_PROBE_TIMEOUT,
  OPT_FORMAT
};

static const struct option project_options[] = {
    {"python", required_argument, NULL, OPT_PYTHON},
    {"sys-path", required_argument, NULL, OPT_SYS_PATH},
    {"python-version", required_argument, NULL, OPT_PYTHON_VERSION},
    {"entry", required_argument, NULL, OPT_ENTRY},
    {"console-script", required_argument, NULL, OPT_CONSOLE_SCRIPT},
    {"full", no_argument, NULL, OPT_FULL},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"no-probe-cache", no_argument, NULL, OPT_NO_PROBE_CACHE},
    {"probe-timeout-ms", required_argument, NULL, OPT_PROBE_TIMEOUT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'}};

size_t cli_project_long_options(struct option *out, size_t cap, const struct option *extra,
                                size_t extra_count) {
  size_t n = 0;
  size_t shared = sizeof project_options / sizeof *project_options;
  for (size_t i = 0; i < shared && n + 1 < cap; i++)
    out[n++] = project_options[i];
  for (size_t i = 0; i < extra_count && n + 1 < cap; i++)
    out[n++] = extra[i];
  memset(&out[n], 0, sizeof out[n]);
  return n;
}

void cli_project_help(FILE *out, const char *extra_formats) {
  fprintf(out,
          "Project (PATH... are source roots: a src- or flat-layout project directory, a\n"
          "package directory or a script; their packages go first on the search path and\n"
          "their modules are first-party):\n"
          "  --entry E             an entry point: pkg.module, pkg.module:function or\n"
          "                        path/to/script.py (repeatable). Default: every\n"
          "                        first-party module. Without PATH, a module found on\n"
          "                        the interpreter's sys.path (an installed package)\n"
          "  --console-script NAME an entry point by console script name, from the roots'\n"
          "                        pyproject.toml [project.scripts] or an installed\n"
          "                        distribution's entry_points.txt (repeatable)\n"
          "  --python PY           interpreter to analyse for (default: $VIRTUAL_ENV's\n"
          "                        python, else python3 on PATH)\n"
          "  --sys-path DIR:DIR    static mode: use this sys.path, run no interpreter\n"
          "                        (builtins, stdlib and preloaded modules are unknown)\n"
          "  --python-version X.Y  static mode: the target Python version (required with\n"
          "                        --sys-path)\n"
          "  --full                also follow the imports of modules reached only through\n"
          "                        function-level, TYPE_CHECKING or lazy imports\n"
          "  --jobs N              parser threads (default: one per CPU)\n"
          "  --no-probe-cache      neither read nor write the interpreter probe cache\n"
          "  --probe-timeout-ms MS kill the interpreter probe after MS (default 20000)\n"
          "\n"
          "Output:\n"
          "  --format FORMAT       text (default)%s or json\n"
          "  -o, --output FILE     write to FILE instead of standard output\n"
          "  -q, --quiet           no notices on standard error (errors are still printed)\n"
          "  -h, --help            show this help\n",
          extra_formats ? extra_formats : "");
}

void cli_project_init(cli_project *p) {
  memset(p, 0, sizeof *p);
  p->format = IMPGRAPH_FORMAT_TEXT;
  p->probe_timeout_ms = 20000;
}

void cli_project_free(cli_project *p) {
  free(p->entries);
  free(p->console_scripts);
}

static bool push(const char ***list, size_t *count, const char *value) {
  const char **grown = realloc(*list, (*count + 1) * sizeof *grown);
  if (!grown)
    return false;
  grown[(*count)++] = value;
  *list = grown;
  return true;
}

int cli_project_option(cli_project *p, const char *command, int opt, const char *arg, bool dot) {
  unsigned long long value;
  switch (opt) {
  case OPT_PYTHON: p->python = arg; break;
  case OPT_SYS_PATH: p->sys_path = arg; break;
  case OPT_PYTHON_VERSION: p->python_version = arg; break;
  case OPT_ENTRY:
    if (!*arg)
      return cli_usage_error(command, "--entry needs a module, module:function or script");
    if (!push(&p->entries, &p->entry_count, arg))
      return cli_failure("out of memory");
    break;
  case OPT_CONSOLE_SCRIPT:
    if (!*arg)
      return cli_usage_error(command, "--console-script needs a name");
    if (!push(&p->console_scripts, &p->console_script_count, arg))
      return cli_failure("out of memory");
    break;
  case OPT_FULL: p->full = true; break;
  case OPT_JOBS:
    if (!cli_parse_u64(arg, &value) || value < 1 || value > 1024)
      return cli_usage_error(command, "--jobs needs a number of threads (1-1024), not '%s'", arg);
    p->jobs = (uint32_t)value;
    break;
  case OPT_NO_PROBE_CACHE: p->no_probe_cache = true; break;
  case OPT_PROBE_TIMEOUT:
    if (!cli_parse_u64(arg, &value) || value < 1 || value > 3600000)
      return cli_usage_error(command, "--probe-timeout-ms needs milliseconds, not '%s'", arg);
    p->probe_timeout_ms = value;
    break;
  case OPT_FORMAT:
    if (dot && strcmp(arg, "dot") == 0)
      p->format = IMPGRAPH_FORMAT_DOT;
    else if (p->report_formats && strcmp(arg, "markdown") == 0)
      p->format = IMPGRAPH_FORMAT_MARKDOWN;
    else if (p->report_formats && strcmp(arg, "sarif") == 0)
      p->format = IMPGRAPH_FORMAT_SARIF;
    else if (!cli_parse_format(arg, &p->format))
      return cli_usage_error(command, "unknown --format '%s' (expected text%s%s or json)", arg,
                             dot ? ", dot" : "", p->report_formats ? ", markdown, sarif" : "");
    break;
  case 'o': p->output = arg; break;
  case 'q': p->quiet = true; break;
  default: return CLI_PROJECT_NOT_MINE;
  }
  return CLI_EXIT_OK;
}

int cli_project_check(cli_project *p, const char *command, char **roots, size_t root_count) {
  p->roots = (const char *const *)roots;
  p->root_count = root_count;
  if (p->sys_path && !p->python_version)
    return cli_usage_error(command, "--sys-path needs --python-version X.Y");
  if (p->python_version && !p->sys_path)
    return cli_usage_error(command, "--python-version is for static mode: give --sys-path too");
  if (p->python && p->sys_path)
    return cli_usage_error(command, "--python and --sys-path exclude each other");
  if (p->python_version) {
    int major = 0, minor = 0;
    char tail = 0;
    if (sscanf(p->python_version, "%d.%d%c", &major, &minor, &tail) < 2 || major < 3 || minor < 0)
      return cli_usage_error(command, "--python-version needs X.Y (e.g. 3.11), not '%s'",
                             p->python_version);
  }
  if (!root_count && !p->entry_count && !p->console_script_count)
    return cli_usage_error(command, "nothing to analyse: give source roots (PATH...) or --entry");
  return CLI_EXIT_OK;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cli_project_build(cli_project *p, impgraph_graph **out) {
  impgraph_graph_options opts;
  impgraph_graph_options_init(&opts, IMPGRAPH_GRAPH_OPTIONS_VERSION);
  opts.python = p->python;
  opts.sys_path = p->sys_path;
  opts.python_version = p->python_version;
  opts.roots = p->roots;
  opts.root_count = p->root_count;
  opts.entries = p->entries;
  opts.entry_count = p->entry_count;
  opts.console_scripts = p->console_scripts;
  opts.console_script_count = p->console_script_count;
  opts.jobs = p->jobs;
  opts.flags =
      (p->full ? IMPGRAPH_GRAPH_FULL : 0) | (p->no_probe_cache ? IMPGRAPH_GRAPH_NO_PROBE_CACHE : 0);
  opts.probe_timeout_ms = p->probe_timeout_ms;
  opts.thread_start = cli_heap_thread_start;
  bool progress = !p->quiet && isatty(STDERR_FILENO);
  if (progress)
    fprintf(stderr, "impgraph: building the module graph...\n");
  double start = now_seconds();
  impgraph_error err;
  if (impgraph_graph_build(out, &opts, &err))
    return cli_failure("%s", err.message);
  if (progress)
    fprintf(stderr, "impgraph: %zu modules, %zu imports in %.2f s\n",
            impgraph_graph_module_count(*out), impgraph_graph_edge_count(*out),
            now_seconds() - start);
  return CLI_EXIT_OK;
}
