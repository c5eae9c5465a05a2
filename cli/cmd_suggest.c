/* impgraph suggest PATH... — which imports to defer, how, and what each
 * change saves: builds the graph, measures the first entry's start-up
 * (unless --static or --profile), runs the rules and renders the report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void suggest_help(FILE *out) {
  fprintf(out,
          "usage: impgraph suggest [options] PATH...\n"
          "\n"
          "Suggest which imports to defer so the program starts faster: move imports into\n"
          "the functions that use them, split CLI subcommands, `if TYPE_CHECKING:` for\n"
          "annotation-only imports, a lazy module __getattr__ in package __init__ files,\n"
          "PEP 810 `lazy import` when every supported Python has it, and unused imports.\n"
          "Each suggestion says what it saves: the self time of every module that would no\n"
          "longer load, per entry point and per subcommand. Imports needed at import time\n"
          "are never suggested (--verbose says why each one stays).\n"
          "\n"
          "By default the start-up is measured first with the project's interpreter\n"
          "(`-X importtime`, 5 runs): the first entry when it is a console script or\n"
          "`pkg.mod:function` (run with --help) or a script (--help); else one program\n"
          "that imports every entry module (`__main__` modules excepted). Start-up\n"
          "modules it did not load get estimated times. The report says what was run.\n"
          "\n");
  cli_project_help(out, ", markdown, sarif");
  fprintf(out,
          "\n"
          "Suggest:\n"
          "  --profile FILE        use this start-up profile (`impgraph measure -o FILE`)\n"
          "                        instead of measuring\n"
          "  --static              run nothing: estimate times from module sizes (labelled\n"
          "                        as estimates)\n"
          "  --runs N              measured runs (default 5; one warm-up run first)\n"
          "  --timeout S           kill a measured run after S seconds (default 120)\n"
          "  --target-python X.Y   the Python version to optimise for (default: the\n"
          "                        interpreter's)\n"
          "  --requires-python SPEC the versions the code must keep working on, e.g. '>=3.8'\n"
          "                        (default: [project] requires-python of pyproject.toml)\n"
          "  --min-savings MS      hide changes saving less than MS milliseconds (default 1)\n"
          "  --top N               show the N changes that save most (default: all)\n"
          "  --no-subcommands      do not look for CLI subcommands\n"
          "  -v, --verbose         also list the imports that stay, and why\n"
          "  --color WHEN          auto (default), always or never\n"
          "  --strict              exit with status 1 when there is any suggestion (for CI)\n"
          "\n"
          "Exit status: 0 success (1 with --strict and suggestions), 2 usage error,\n"
          "3 runtime failure.\n");
}

enum {
  OPT_PROFILE = 2000,
  OPT_STATIC,
  OPT_RUNS,
  OPT_TIMEOUT,
  OPT_TARGET,
  OPT_REQUIRES,
  OPT_MIN_SAVINGS,
  OPT_TOP,
  OPT_NO_SUBCOMMANDS,
  OPT_COLOR,
  OPT_STRICT
};

typedef struct suggest_args {
  const char *profile;
  bool static_mode, verbose, strict, no_subcommands;
  unsigned long long runs, timeout_s, top;
  double min_savings_ms;
  const char *target, *requires;
  int color; /* -1 auto, 0 never, 1 always */
} suggest_args;

/* Largest -c program for the module entries (the kernel allows 128 KiB per
   argument); entries past it are left out and estimated. */
#define MEASURE_CODE_MAX (96u * 1024u)

static bool is_main_module(const char *name) {
  size_t len = strlen(name);
  return strcmp(name, "__main__") == 0 ||
         (len > 9 && strcmp(name + len - 9, ".__main__") == 0);
}

static bool is_script(const impgraph_entry *e) {
  size_t len = strlen(e->spec);
  return len > 3 && strcmp(e->spec + len - 3, ".py") == 0;
}

/* The -c program that imports every module entry except `__main__`
   modules and scripts (importing one runs the program): one process loads each
   module once, so every entry's start-up modules get a measured self time.
   An entry that raises is reported on stderr and the rest still load.
   Returns a malloc'd string, or NULL (out of memory, or no such entry).
   *count gets the number of modules in it, *names (malloc'd, or NULL when
   out of memory) the same modules for people: "a, b, c". */
static char *entries_code(const impgraph_graph *g, size_t *count, char **names) {
  static const char head[] = "import sys\nfor m in (";
  static const char tail[] = "):\n"
                             "    try:\n"
                             "        __import__(m)\n"
                             "    except BaseException as e:\n"
                             "        print('impgraph: importing', m, 'failed:', repr(e), "
                             "file=sys.stderr)\n";
  size_t cap = sizeof head + sizeof tail;
  size_t n = impgraph_graph_entry_count(g);
  for (size_t i = 0; i < n; i++)
    cap += strlen(impgraph_graph_module(g, impgraph_graph_entry(g, i)->module)->name) + 4;
  char *code = malloc(cap), *list = malloc(cap);
  if (!code || !list) {
    free(code);
    free(list);
    return NULL;
  }
  size_t len = strlen(strcpy(code, head)), list_len = 0;
  *count = 0;
  for (size_t i = 0; i < n; i++) {
    const impgraph_entry *e = impgraph_graph_entry(g, i);
    const char *name = impgraph_graph_module(g, e->module)->name;
    size_t name_len = strlen(name);
    if (is_main_module(name) || is_script(e) ||
        len + name_len + sizeof tail + 4 > MEASURE_CODE_MAX)
      continue;
    len += (size_t)sprintf(code + len, "'%s', ", name); /* dotted names need no escaping */
    list_len += (size_t)sprintf(list + list_len, "%s%s", *count ? ", " : "", name);
    ++*count;
  }
  strcpy(code + len, tail);
  if (!*count) {
    free(code);
    free(list);
    return NULL;
  }
  *names = list;
  return code;
}

/* What to run to measure: the first entry when it is a console script or
   function (run with --help) or a script (with --help); when every entry is
   a module, one program importing them all (a single one: `import NAME`).
   *code_out gets a malloc'd program to free, or NULL. */
static bool measure_target(const impgraph_graph *g, impgraph_measure_options *m, char **code_out,
                           char **names_out, char *target, size_t target_cap, char *desc,
                           size_t desc_cap) {
  *code_out = NULL;
  *names_out = NULL;
  const impgraph_entry *e = impgraph_graph_entry(g, 0);
  if (!e)
    return false;
  const impgraph_module *mod = impgraph_graph_module(g, e->module);
  static const char *const help_args[] = {"--help"};
  if (e->function) {
    snprintf(target, target_cap, "%s:%s", mod->name, e->function);
    m->mode = IMPGRAPH_MEASURE_ENTRY_POINT;
    m->target = target;
    m->program_name = e->script ? e->script : mod->name;
    m->args = help_args;
    m->arg_count = 1;
    snprintf(desc, desc_cap, "%s", target);
    return true;
  }
  if (is_script(e)) {
    m->mode = IMPGRAPH_MEASURE_SCRIPT;
    m->target = e->spec;
    m->args = help_args;
    m->arg_count = 1;
    snprintf(desc, desc_cap, "%s --help", e->spec);
    return true;
  }
  size_t count = 0;
  char *code = NULL;
  if (impgraph_graph_entry_count(g) > 1)
    code = entries_code(g, &count, names_out);
  if (code && count > 1) {
    *code_out = code;
    snprintf(desc, desc_cap, "an import of every entry module (%zu)", count);
  } else {
    free(code);
    free(*names_out);
    *names_out = NULL;
    size_t need = strlen(mod->name) + 8;
    if (!(code = malloc(need)))
      return false;
    snprintf(code, need, "import %s", mod->name);
    *code_out = code;
    snprintf(desc, desc_cap, "%s", code);
  }
  m->mode = IMPGRAPH_MEASURE_CODE;
  m->target = *code_out;
  return true;
}

/* Measures (or loads) the profile and attaches it. A measurement that
   fails falls back to estimates, loudly; a profile that cannot be read is
   an error. *command gets what the report says was measured when the
   profile's own command line is not readable (the import loop over the
   entry modules), malloc'd; else it stays NULL. */
static int get_profile(const cli_project *project, const suggest_args *a, impgraph_graph *graph,
                       char **command) {
  impgraph_error err;
  impgraph_profile *profile = NULL;
  if (a->profile) {
    if (impgraph_profile_load(&profile, a->profile, &err))
      return cli_failure("%s", err.message);
  } else {
    impgraph_measure_options m;
    impgraph_measure_options_init(&m, IMPGRAPH_MEASURE_OPTIONS_VERSION);
    char *code = NULL, *names = NULL, target[512], desc[600];
    if (!measure_target(graph, &m, &code, &names, target, sizeof target, desc, sizeof desc))
      return CLI_EXIT_OK;
    m.python = project->python;
    m.runs = (uint32_t)a->runs;
    m.timeout_ms = a->timeout_s * 1000u;
    /* PYTHONPATH: the roots' search entries (src/ of a src layout). */
    size_t root_count = impgraph_graph_root_count(graph);
    const char **entries = calloc(root_count + 1, sizeof(char *));
    if (!entries) {
      free(code);
      free(names);
      return cli_failure("out of memory");
    }
    for (size_t i = 0; i < root_count; i++)
      entries[i] = impgraph_graph_root_search_entry(graph, i);
    m.source_roots = entries;
    m.source_root_count = root_count;
    if (!project->quiet)
      fprintf(stderr, "impgraph: measuring the start-up of %s (%u runs)...\n", desc, m.runs);
    int measured = impgraph_measure(&profile, &m, &err);
    free(entries);
    free(code);
    if (measured) {
      free(names);
      fprintf(stderr, "impgraph suggest: warning: could not measure (%s); using estimates\n",
              err.message);
      return CLI_EXIT_OK;
    }
    const impgraph_profile_info *info = impgraph_profile_summary(profile);
    if (names) {
      static const char fmt[] = "%s -X importtime -c, importing each entry module in turn (one "
                                "that raises does not stop the others): %s";
      const char *py = info->command_count ? info->command[0] : "python";
      size_t need = sizeof fmt + strlen(py) + strlen(names);
      if ((*command = malloc(need)))
        snprintf(*command, need, fmt, py, names);
      free(names);
    }
    if (info->failed_runs || !info->runs) {
      fprintf(stderr,
              "impgraph suggest: warning: the measured program failed (%u failed runs); using "
              "estimates. Give a working command with `impgraph measure ... -o FILE` and "
              "--profile FILE.\n",
              info->failed_runs);
      impgraph_profile_free(profile);
      free(*command);
      *command = NULL;
      return CLI_EXIT_OK;
    }
  }
  int rc = CLI_EXIT_OK;
  if (impgraph_graph_attach_profile(graph, profile, &err))
    rc = cli_failure("%s", err.message);
  impgraph_profile_free(profile);
  return rc;
}

static int parse_args(int argc, char **argv, cli_project *project, suggest_args *a) {
  static const struct option own[] = {
      {"profile", required_argument, NULL, OPT_PROFILE},
      {"static", no_argument, NULL, OPT_STATIC},
      {"runs", required_argument, NULL, OPT_RUNS},
      {"timeout", required_argument, NULL, OPT_TIMEOUT},
      {"target-python", required_argument, NULL, OPT_TARGET},
      {"requires-python", required_argument, NULL, OPT_REQUIRES},
      {"min-savings", required_argument, NULL, OPT_MIN_SAVINGS},
      {"top", required_argument, NULL, OPT_TOP},
      {"no-subcommands", no_argument, NULL, OPT_NO_SUBCOMMANDS},
      {"verbose", no_argument, NULL, 'v'},
      {"color", required_argument, NULL, OPT_COLOR},
      {"strict", no_argument, NULL, OPT_STRICT}};
  struct option options[40];
  cli_project_long_options(options, 40, own, sizeof own / sizeof *own);
  optind = 1;
  opterr = 0;
  int c, rc = CLI_EXIT_OK;
  char *end = NULL;
  while (rc == CLI_EXIT_OK && (c = getopt_long(argc, argv, "o:qhv", options, NULL)) != -1) {
    int handled = cli_project_option(project, "suggest", c, optarg, false);
    if (handled != CLI_PROJECT_NOT_MINE) {
      rc = handled;
      continue;
    }
    switch (c) {
    case OPT_PROFILE: a->profile = optarg; break;
    case OPT_STATIC: a->static_mode = true; break;
    case OPT_RUNS:
      if (!cli_parse_u64(optarg, &a->runs) || a->runs < 1 || a->runs > 1000)
        rc = cli_usage_error("suggest", "--runs needs a number of runs (1-1000), not '%s'", optarg);
      break;
    case OPT_TIMEOUT:
      if (!cli_parse_u64(optarg, &a->timeout_s) || a->timeout_s < 1 || a->timeout_s > 86400)
        rc = cli_usage_error("suggest", "--timeout needs seconds (1-86400), not '%s'", optarg);
      break;
    case OPT_TARGET: a->target = optarg; break;
    case OPT_REQUIRES: a->requires = optarg; break;
    case OPT_MIN_SAVINGS:
      a->min_savings_ms = strtod(optarg, &end);
      if (end == optarg || *end || a->min_savings_ms < 0 || a->min_savings_ms > 1e6)
        rc = cli_usage_error("suggest", "--min-savings needs milliseconds (e.g. 2.5), not '%s'",
                             optarg);
      break;
    case OPT_TOP:
      if (!cli_parse_u64(optarg, &a->top) || a->top > 1000000)
        rc = cli_usage_error("suggest", "--top needs a number, not '%s'", optarg);
      break;
    case OPT_NO_SUBCOMMANDS: a->no_subcommands = true; break;
    case 'v': a->verbose = true; break;
    case OPT_COLOR:
      if (strcmp(optarg, "auto") == 0)
        a->color = -1;
      else if (strcmp(optarg, "always") == 0)
        a->color = 1;
      else if (strcmp(optarg, "never") == 0)
        a->color = 0;
      else
        rc = cli_usage_error("suggest", "--color takes auto, always or never, not '%s'", optarg);
      break;
    case OPT_STRICT: a->strict = true; break;
    case 'h':
      suggest_help(stdout);
      return -1;
    default: rc = cli_usage_error("suggest", "unknown or incomplete option '%s'", argv[optind - 1]);
    }
  }
  if (rc == CLI_EXIT_OK && a->profile && a->static_mode)
    rc = cli_usage_error("suggest", "--profile and --static exclude each other");
  if (rc == CLI_EXIT_OK && project->sys_path && !a->profile)
    a->static_mode = true; /* static mode has no interpreter to measure with */
  if (rc == CLI_EXIT_OK)
    rc = cli_project_check(project, "suggest", argv + optind, (size_t)(argc - optind));
  return rc;
}

int cmd_suggest(int argc, char **argv) {
  cli_project project;
  cli_project_init(&project);
  project.report_formats = true;
  suggest_args a;
  memset(&a, 0, sizeof a);
  a.runs = 5;
  a.timeout_s = 120;
  a.min_savings_ms = 1.0;
  a.color = -1;
  int rc = parse_args(argc, argv, &project, &a);
  if (rc == -1) {
    cli_project_free(&project);
    return CLI_EXIT_OK;
  }
  impgraph_graph *graph = NULL;
  char *measured_command = NULL;
  if (rc == CLI_EXIT_OK)
    rc = cli_project_build(&project, &graph);
  if (rc == CLI_EXIT_OK && !a.static_mode)
    rc = get_profile(&project, &a, graph, &measured_command);
  impgraph_suggestions *suggestions = NULL;
  impgraph_error err;
  if (rc == CLI_EXIT_OK) {
    impgraph_suggest_options opts;
    impgraph_suggest_options_init(&opts, IMPGRAPH_SUGGEST_OPTIONS_VERSION);
    opts.target_python = a.target;
    opts.requires_python = a.requires;
    opts.min_savings_us = (int64_t)(a.min_savings_ms * 1000.0 + 0.5);
    opts.top = (size_t)a.top;
    opts.flags = a.no_subcommands ? IMPGRAPH_SUGGEST_NO_SUBCOMMANDS : 0;
    opts.profile_command = measured_command;
    if (impgraph_suggest(&suggestions, graph, &opts, &err))
      rc = err.code == IMPGRAPH_EINVAL ? cli_usage_error("suggest", "%s", err.message)
                                       : cli_failure("%s", err.message);
  }
  if (rc == CLI_EXIT_OK) {
    impgraph_suggest_view view;
    impgraph_suggest_view_init(&view, IMPGRAPH_SUGGEST_VIEW_VERSION);
    bool to_terminal = (!project.output || strcmp(project.output, "-") == 0) &&
                       isatty(STDOUT_FILENO);
    bool color = a.color == 1 || (a.color == -1 && to_terminal && !getenv("NO_COLOR"));
    view.flags = (color ? IMPGRAPH_SUGGEST_VIEW_COLOR : 0) |
                 (a.verbose ? IMPGRAPH_SUGGEST_VIEW_VERBOSE : 0);
    char *report = NULL;
    size_t len = 0;
    if (impgraph_render_suggestions(&report, &len, suggestions, project.format, &view, &err)) {
      rc = cli_failure("%s", err.message);
    } else {
      rc = cli_write_output(project.output, report, len);
      impgraph_free(report);
    }
    if (rc == CLI_EXIT_OK && a.strict && impgraph_suggestions_count(suggestions))
      rc = CLI_EXIT_FINDINGS;
  }
  impgraph_suggestions_free(suggestions);
  impgraph_graph_free(graph);
  free(measured_command);
  cli_project_free(&project);
  return rc;
}
