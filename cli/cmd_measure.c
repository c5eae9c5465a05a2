/* impgraph measure — time a program's start-up imports with -X importtime
 * over several runs, or turn existing logs / a saved profile into the same
 * report. */
#include <errno.h>
#include <getopt.h>
#include <math.h> /* isfinite */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void measure_help(FILE *out) {
  fprintf(out, "usage: impgraph measure [options] -m MODULE [ARG...]\n"
               "       impgraph measure [options] -c CODE [ARG...]\n"
               "       impgraph measure [options] --script FILE [ARG...]\n"
               "       impgraph measure [options] --console-script NAME [ARG...]\n"
               "       impgraph measure [options] --from-log FILE [FILE...]\n"
               "       impgraph measure [options] --from-profile FILE\n"
               "\n"
               "Run a Python program with -X importtime (=2 on 3.14+), warm-up runs first, then\n"
               "several measured runs, and report per module the median self and cumulative\n"
               "import time, their range and spread, the runs it appeared in and whether it\n"
               "failed to import; per run the wall time and the log's total. Options come\n"
               "before the target; everything after the target goes to the program.\n"
               "\n"
               "What to run (exactly one):\n"
               "  -m MODULE               run MODULE as `python -m MODULE`\n"
               "  -c CODE                 run CODE as `python -c CODE`\n"
               "  --script FILE           run a script (a directory or .pyz runs its __main__)\n"
               "  --console-script NAME   run NAME from pyproject.toml's [project.scripts]\n"
               "                          (or [tool.poetry.scripts])\n"
               "  --from-log FILE...      no run: read -X importtime logs (each run in a log\n"
               "                          counts as one run)\n"
               "  --from-profile FILE     no run: show a profile saved with -o\n"
               "\n"
               "Running:\n"
               "  --python PY             interpreter (default $VIRTUAL_ENV/bin/python, else\n"
               "                          python3 from PATH)\n"
               "  -n, --runs N            measured runs (default 5)\n"
               "  --warmup N              warm-up runs before them, not counted (default 1)\n"
               "  --timeout S             seconds per run before its process group is killed\n"
               "                          (default 120; 0 = none)\n"
               "  --env NAME=VALUE        set a variable for the program; NAME alone removes it\n"
               "                          (repeatable)\n"
               "  --source-root DIR       put DIR first on PYTHONPATH, so first-party code is\n"
               "                          measured from the tree (repeatable)\n"
               "  --cwd DIR               run the program in DIR (default: here)\n"
               "  --project DIR           where pyproject.toml is, for --console-script\n"
               "                          (default: here)\n"
               "  --allow-failure         a program exiting with status != 0 is not an error;\n"
               "                          its runs count\n"
               "  --keep-logs DIR         save each run's stderr (the raw log) in DIR\n"
               "\n"
               "Output:\n"
               "  --format FORMAT         text or json (docs/formats/profile.md); default text,\n"
               "                          json when -o names a file\n"
               "  -o, --output FILE       write the report (the profile) to FILE instead of\n"
               "                          standard output\n"
               "  --top N                 rows per table and children per tree node (default 20;\n"
               "                          0 = all)\n"
               "  --tree                  add the tree of the slowest import chains\n"
               "  --width N               columns of the text view (default: the terminal's, or\n"
               "                          100)\n"
               "  -q, --quiet             no progress or summary on standard error\n"
               "  -h, --help              show this help\n"
               "\n"
               "Exit status: 0 success, 2 usage error, 3 runtime failure: the interpreter is\n"
               "missing or unusable, or the program failed (exit status != 0, killed, timed\n"
               "out; --allow-failure accepts exit statuses).\n");
}

enum {
  OPT_SCRIPT = 256,
  OPT_CONSOLE_SCRIPT,
  OPT_FROM_LOG,
  OPT_FROM_PROFILE,
  OPT_PYTHON,
  OPT_WARMUP,
  OPT_TIMEOUT,
  OPT_ENV,
  OPT_SOURCE_ROOT,
  OPT_CWD,
  OPT_PROJECT,
  OPT_ALLOW_FAILURE,
  OPT_KEEP_LOGS,
  OPT_FORMAT,
  OPT_TOP,
  OPT_TREE,
  OPT_WIDTH
};

typedef enum source_kind { SOURCE_NONE, SOURCE_RUN, SOURCE_LOGS, SOURCE_PROFILE } source_kind;

typedef struct measure_args {
  impgraph_measure_options opts;
  impgraph_profile_view view;
  source_kind source;
  const char *console_script;
  const char *project;
  const char *from_profile;
  const char **logs;
  size_t log_count;
  const char **env;
  size_t env_count;
  const char **roots;
  size_t root_count;
  const char *output;
  const char *keep_logs;
  bool format_given;
  impgraph_format format;
  bool width_given;
  bool quiet;
} measure_args;

static bool push_arg(const char ***items, size_t *count, const char *value) {
  const char **grown = realloc(*items, (*count + 1) * sizeof *grown);
  if (!grown)
    return false;
  grown[(*count)++] = value;
  *items = grown;
  return true;
}

static bool parse_u32(const char *text, uint32_t *out) {
  unsigned long long value;
  if (!cli_parse_u64(text, &value) || value > UINT32_MAX)
    return false;
  *out = (uint32_t)value;
  return true;
}

static bool parse_seconds(const char *text, uint64_t *ms) {
  char *end;
  errno = 0;
  double seconds = strtod(text, &end);
  if (errno || end == text || *end || !isfinite(seconds) || seconds < 0 || seconds > 1e9)
    return false;
  *ms = (uint64_t)(seconds * 1000.0 + 0.5);
  if (seconds > 0 && *ms == 0)
    *ms = 1;
  return true;
}

static int set_source(measure_args *a, source_kind kind, const char *what) {
  if (a->source != SOURCE_NONE)
    return cli_usage_error("measure",
                           "%s: give only one of -m, -c, --script, "
                           "--console-script, --from-log, --from-profile",
                           what);
  a->source = kind;
  return CLI_EXIT_OK;
}

/* ---- [project.scripts] ------------------------------------------------------ */

/* NAME's entry point from DIR/pyproject.toml (the library's reader, the
   same as `impgraph graph --console-script`). *entry: impgraph_free. */
static int find_console_script(const char *project, const char *name, char **entry) {
  char path[4096];
  snprintf(path, sizeof path, "%s/pyproject.toml", project ? project : ".");
  impgraph_error err;
  if (impgraph_pyproject_console_script(path, name, entry, &err))
    return cli_failure("%s (for --console-script)", err.message);
  return CLI_EXIT_OK;
}

/* ---- options ----------------------------------------------------------------- */

static int parse_args(measure_args *a, int argc, char **argv) {
  static const struct option options[] = {
      {"script", required_argument, NULL, OPT_SCRIPT},
      {"console-script", required_argument, NULL, OPT_CONSOLE_SCRIPT},
      {"from-log", required_argument, NULL, OPT_FROM_LOG},
      {"from-profile", required_argument, NULL, OPT_FROM_PROFILE},
      {"python", required_argument, NULL, OPT_PYTHON},
      {"runs", required_argument, NULL, 'n'},
      {"warmup", required_argument, NULL, OPT_WARMUP},
      {"timeout", required_argument, NULL, OPT_TIMEOUT},
      {"env", required_argument, NULL, OPT_ENV},
      {"source-root", required_argument, NULL, OPT_SOURCE_ROOT},
      {"cwd", required_argument, NULL, OPT_CWD},
      {"project", required_argument, NULL, OPT_PROJECT},
      {"allow-failure", no_argument, NULL, OPT_ALLOW_FAILURE},
      {"keep-logs", required_argument, NULL, OPT_KEEP_LOGS},
      {"format", required_argument, NULL, OPT_FORMAT},
      {"output", required_argument, NULL, 'o'},
      {"top", required_argument, NULL, OPT_TOP},
      {"tree", no_argument, NULL, OPT_TREE},
      {"width", required_argument, NULL, OPT_WIDTH},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  optind = 1;
  opterr = 0;
  int c, rc;
  bool target_seen = false;
  /* "+": stop at the first operand; the loop also stops after the target,
     so the program's own options are never taken for ours. Log files of
     --from-log may be followed by more options. */
  for (;;) {
    while (!target_seen && (c = getopt_long(argc, argv, "+m:c:n:o:qh", options, NULL)) != -1) {
      switch (c) {
      case 'm':
      case 'c':
      case OPT_SCRIPT:
        if ((rc = set_source(a, SOURCE_RUN, argv[optind - 1])))
          return rc;
        a->opts.mode = c == 'm'   ? IMPGRAPH_MEASURE_MODULE
                       : c == 'c' ? IMPGRAPH_MEASURE_CODE
                                  : IMPGRAPH_MEASURE_SCRIPT;
        a->opts.target = optarg;
        target_seen = true;
        break;
      case OPT_CONSOLE_SCRIPT:
        if ((rc = set_source(a, SOURCE_RUN, "--console-script")))
          return rc;
        a->console_script = optarg;
        target_seen = true;
        break;
      case OPT_FROM_LOG:
        if (a->source != SOURCE_LOGS && (rc = set_source(a, SOURCE_LOGS, "--from-log")))
          return rc;
        if (!push_arg(&a->logs, &a->log_count, optarg))
          return cli_failure("out of memory");
        break;
      case OPT_FROM_PROFILE:
        if ((rc = set_source(a, SOURCE_PROFILE, "--from-profile")))
          return rc;
        a->from_profile = optarg;
        break;
      case OPT_PYTHON: a->opts.python = optarg; break;
      case 'n':
        if (!parse_u32(optarg, &a->opts.runs) || a->opts.runs == 0)
          return cli_usage_error("measure", "--runs needs a number of runs >= 1, not '%s'", optarg);
        break;
      case OPT_WARMUP:
        if (!parse_u32(optarg, &a->opts.warmup))
          return cli_usage_error("measure", "--warmup needs a number of runs, not '%s'", optarg);
        break;
      case OPT_TIMEOUT:
        if (!parse_seconds(optarg, &a->opts.timeout_ms))
          return cli_usage_error("measure", "--timeout needs a number of seconds, not '%s'",
                                 optarg);
        break;
      case OPT_ENV:
        if (!*optarg || *optarg == '=')
          return cli_usage_error("measure", "--env needs NAME=VALUE or NAME, not '%s'", optarg);
        if (!push_arg(&a->env, &a->env_count, optarg))
          return cli_failure("out of memory");
        break;
      case OPT_SOURCE_ROOT:
        if (!push_arg(&a->roots, &a->root_count, optarg))
          return cli_failure("out of memory");
        break;
      case OPT_CWD: a->opts.cwd = optarg; break;
      case OPT_PROJECT: a->project = optarg; break;
      case OPT_ALLOW_FAILURE: a->opts.flags |= IMPGRAPH_MEASURE_ALLOW_FAILURE; break;
      case OPT_KEEP_LOGS: a->keep_logs = optarg; break;
      case OPT_FORMAT:
        if (!cli_parse_format(optarg, &a->format) || a->format == IMPGRAPH_FORMAT_DOT)
          return cli_usage_error("measure", "unknown --format '%s' (expected text or json)",
                                 optarg);
        a->format_given = true;
        break;
      case 'o': a->output = optarg; break;
      case OPT_TOP:
        if (!parse_u32(optarg, &a->view.top))
          return cli_usage_error("measure", "--top needs a number, not '%s'", optarg);
        break;
      case OPT_TREE: a->view.flags |= IMPGRAPH_PROFILE_VIEW_TREE; break;
      case OPT_WIDTH:
        if (!parse_u32(optarg, &a->view.width))
          return cli_usage_error("measure", "--width needs a number of columns, not '%s'", optarg);
        a->width_given = true;
        break;
      case 'q': a->quiet = true; break;
      case 'h': measure_help(stdout); return -1;
      default:
        return cli_usage_error("measure", "unknown or incomplete option '%s'", argv[optind - 1]);
      }
    }
    if (target_seen || optind >= argc || a->source != SOURCE_LOGS)
      break;
    while (optind < argc && (argv[optind][0] != '-' || !argv[optind][1]))
      if (!push_arg(&a->logs, &a->log_count, argv[optind++]))
        return cli_failure("out of memory");
  }
  const char **rest = (const char **)(argv + optind);
  size_t rest_count = (size_t)(argc - optind);
  switch (a->source) {
  case SOURCE_NONE:
    return cli_usage_error("measure", "nothing to measure: give -m, -c, --script, "
                                      "--console-script, --from-log or --from-profile");
  case SOURCE_RUN:
    a->opts.args = rest;
    a->opts.arg_count = rest_count;
    break;
  case SOURCE_LOGS:
    for (size_t i = 0; i < rest_count; i++)
      if (!push_arg(&a->logs, &a->log_count, rest[i]))
        return cli_failure("out of memory");
    break;
  case SOURCE_PROFILE:
    if (rest_count)
      return cli_usage_error("measure", "unexpected argument '%s' after --from-profile FILE",
                             rest[0]);
    break;
  }
  if (a->keep_logs && a->source != SOURCE_RUN)
    return cli_usage_error("measure", "--keep-logs only applies when the program is run");
  a->opts.env = a->env;
  a->opts.env_count = a->env_count;
  a->opts.source_roots = a->roots;
  a->opts.source_root_count = a->root_count;
  return CLI_EXIT_OK;
}

/* ---- running ---------------------------------------------------------------- */

static void show_progress(void *ctx, uint32_t index, uint32_t warmup, uint32_t runs) {
  (void)ctx;
  if (index < warmup)
    fprintf(stderr, "\r\033[Kimpgraph: warm-up run %u/%u", index + 1, warmup);
  else
    fprintf(stderr, "\r\033[Kimpgraph: run %u/%u", index - warmup + 1, runs);
  fflush(stderr);
}

static int load_logs(const measure_args *a, impgraph_profile **profile) {
  char **texts = calloc(a->log_count, sizeof *texts);
  size_t *lens = calloc(a->log_count, sizeof *lens);
  int exit_code = texts && lens ? CLI_EXIT_OK : cli_failure("out of memory");
  for (size_t i = 0; i < a->log_count && exit_code == CLI_EXIT_OK; i++) {
    FILE *f = fopen(a->logs[i], "rb");
    if (!f) {
      exit_code = cli_failure("%s: cannot open: %s", a->logs[i], strerror(errno));
      break;
    }
    size_t cap = 0;
    for (;;) {
      if (lens[i] + 65536 > cap) {
        cap = cap ? cap * 2 : 131072;
        char *grown = realloc(texts[i], cap);
        if (!grown) {
          exit_code = cli_failure("out of memory reading %s", a->logs[i]);
          break;
        }
        texts[i] = grown;
      }
      size_t n = fread(texts[i] + lens[i], 1, cap - lens[i], f);
      lens[i] += n;
      if (n == 0)
        break;
    }
    if (ferror(f) && exit_code == CLI_EXIT_OK)
      exit_code = cli_failure("%s: cannot read: %s", a->logs[i], strerror(errno));
    fclose(f);
  }
  if (exit_code == CLI_EXIT_OK) {
    impgraph_error err;
    if (impgraph_profile_from_logs(profile, (const char *const *)texts, lens, a->logs, a->log_count,
                                   &err))
      exit_code = cli_failure("%s", err.message);
  }
  for (size_t i = 0; texts && i < a->log_count; i++)
    free(texts[i]);
  free(texts);
  free(lens);
  return exit_code;
}

static int save_logs(const impgraph_profile *profile, const char *dir) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    return cli_failure("%s: cannot create: %s", dir, strerror(errno));
  for (size_t i = 0; i < impgraph_profile_run_count(profile); i++) {
    size_t len = 0;
    const char *log = impgraph_profile_run_log(profile, i, &len);
    if (!log)
      continue;
    char name[4096];
    snprintf(name, sizeof name, "%s/%s.log", dir, impgraph_profile_run(profile, i)->label);
    for (char *c = name + strlen(dir) + 1; *c; c++)
      if (*c == ' ')
        *c = '-';
    int rc = cli_write_output(name, log, len);
    if (rc != CLI_EXIT_OK)
      return rc;
  }
  return CLI_EXIT_OK;
}

/* What went wrong with the program, on stderr: the status of each failed
 * run and the last lines of the first one's stderr. */
static void report_failures(const impgraph_profile *profile) {
  bool tail_shown = false;
  for (size_t i = 0; i < impgraph_profile_run_count(profile); i++) {
    const impgraph_measured_run *run = impgraph_profile_run(profile, i);
    if (!(run->flags & IMPGRAPH_PROFILE_RUN_FAILED))
      continue;
    if (run->flags & IMPGRAPH_PROFILE_RUN_TIMED_OUT)
      fprintf(stderr,
              "impgraph: %s of the program timed out after %.1f s; its process group "
              "was killed\n",
              run->label, (double)run->wall_us / 1e6);
    else if (run->term_signal)
      fprintf(stderr, "impgraph: %s of the program was killed by signal %d (%s)\n", run->label,
              run->term_signal, strsignal(run->term_signal));
    else
      fprintf(stderr, "impgraph: %s of the program exited with status %d\n", run->label,
              run->exit_status);
    if (run->stderr_tail && !tail_shown) {
      tail_shown = true;
      fprintf(stderr, "impgraph: last lines of its stderr (without -X importtime rows):\n");
      for (const char *line = run->stderr_tail; *line;) {
        size_t n = strcspn(line, "\n");
        fprintf(stderr, "    %.*s\n", (int)n, line);
        line += n + (line[n] == '\n');
      }
    }
  }
}

static uint32_t terminal_width(void) {
  struct winsize ws;
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 100;
}

static int produce(const measure_args *a, impgraph_profile **profile) {
  impgraph_error err;
  switch (a->source) {
  case SOURCE_LOGS: return load_logs(a, profile);
  case SOURCE_PROFILE:
    if (impgraph_profile_load(profile, a->from_profile, &err))
      return cli_failure("%s", err.message);
    return CLI_EXIT_OK;
  default: break;
  }
  impgraph_measure_options opts = a->opts;
  char *entry = NULL;
  if (a->console_script) {
    int rc = find_console_script(a->project, a->console_script, &entry);
    if (rc != CLI_EXIT_OK)
      return rc;
    opts.mode = IMPGRAPH_MEASURE_ENTRY_POINT;
    opts.target = entry;
    opts.program_name = a->console_script;
  }
  bool progress = !a->quiet && isatty(STDERR_FILENO);
  if (progress)
    opts.progress = show_progress;
  int rc = impgraph_measure(profile, &opts, &err);
  if (progress)
    fprintf(stderr, "\r\033[K");
  impgraph_free(entry);
  if (rc)
    return cli_failure("%s", err.message);
  return CLI_EXIT_OK;
}

int cmd_measure(int argc, char **argv) {
  measure_args a;
  memset(&a, 0, sizeof a);
  impgraph_measure_options_init(&a.opts, IMPGRAPH_MEASURE_OPTIONS_VERSION);
  impgraph_profile_view_init(&a.view, IMPGRAPH_PROFILE_VIEW_VERSION);
  int exit_code = parse_args(&a, argc, argv);
  if (exit_code != CLI_EXIT_OK) {
    free(a.logs);
    free(a.env);
    free(a.roots);
    return exit_code < 0 ? CLI_EXIT_OK : exit_code; /* -1: --help */
  }
  bool to_file = a.output && strcmp(a.output, "-") != 0;
  impgraph_format format = a.format_given ? a.format
                           : to_file      ? IMPGRAPH_FORMAT_JSON
                                          : IMPGRAPH_FORMAT_TEXT;
  if (!a.width_given)
    a.view.width = to_file ? 100 : terminal_width();

  impgraph_profile *profile = NULL;
  exit_code = produce(&a, &profile);
  if (exit_code == CLI_EXIT_OK && a.keep_logs)
    exit_code = save_logs(profile, a.keep_logs);
  if (exit_code == CLI_EXIT_OK) {
    impgraph_error err;
    char *report = NULL;
    size_t len = 0;
    if (impgraph_render_profile(&report, &len, profile, format, &a.view, &err)) {
      exit_code = cli_failure("%s", err.message);
    } else {
      exit_code = cli_write_output(a.output, report, len);
      impgraph_free(report);
    }
  }
  if (exit_code == CLI_EXIT_OK && a.source == SOURCE_RUN) {
    const impgraph_profile_info *info = impgraph_profile_summary(profile);
    bool timed_out = false, failed = false;
    for (size_t i = 0; i < impgraph_profile_run_count(profile); i++) {
      uint32_t flags = impgraph_profile_run(profile, i)->flags;
      timed_out = timed_out || (flags & IMPGRAPH_PROFILE_RUN_TIMED_OUT);
      failed = failed || (flags & IMPGRAPH_PROFILE_RUN_FAILED);
    }
    bool allowed = (a.opts.flags & IMPGRAPH_MEASURE_ALLOW_FAILURE) && !timed_out;
    if (failed && !(allowed && a.quiet))
      report_failures(profile);
    if (failed && !allowed)
      exit_code = cli_failure("the program failed%s",
                              timed_out ? " (timeout)" : "; --allow-failure accepts it");
    else if (info->runs == 0)
      exit_code = cli_failure("no run could be counted (see the diagnostics)");
    else if (to_file && !a.quiet)
      fprintf(stderr, "impgraph: wrote %s: %u run%s, %zu modules, wall %.1f ms\n", a.output,
              info->runs, info->runs == 1 ? "" : "s", impgraph_profile_module_count(profile),
              (double)info->wall.median_us / 1000.0);
  }
  impgraph_profile_free(profile);
  free(a.logs);
  free(a.env);
  free(a.roots);
  return exit_code;
}
