/* impgraph why MODULE [PATH...] — why a module is loaded at start-up. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void why_help(FILE *out) {
  fprintf(out, "usage: impgraph why [options] MODULE [PATH...]\n"
               "\n"
               "Explain why MODULE is loaded at start-up: the shortest chains of eager imports\n"
               "(and imports in functions run at import time, with the call that runs them)\n"
               "from an entry point to it, one per distinct last importer, each import with its\n"
               "file and line. When MODULE is not loaded at start-up, say why not (preloaded by\n"
               "the interpreter, missing, or imported only inside functions, lazily or under\n"
               "TYPE_CHECKING) and where it is imported.\n"
               "\n");
  cli_project_help(out, NULL);
  fprintf(out, "\n"
               "Why:\n"
               "  --max-chains N        show at most N chains (default 3; 0 = all)\n"
               "\n"
               "Exit status: 0 MODULE is loaded at start-up, 1 it is not, 2 usage error,\n"
               "3 runtime failure.\n");
}

enum { OPT_MAX_CHAINS = 2000 };

int cmd_why(int argc, char **argv) {
  static const struct option own[] = {{"max-chains", required_argument, NULL, OPT_MAX_CHAINS}};
  struct option options[32];
  cli_project_long_options(options, 32, own, 1);
  cli_project project;
  cli_project_init(&project);
  size_t max_chains = 3;
  unsigned long long value;
  int rc = CLI_EXIT_OK;
  optind = 1;
  opterr = 0;
  int c;
  while (rc == CLI_EXIT_OK && (c = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
    int handled = cli_project_option(&project, "why", c, optarg, false);
    if (handled != CLI_PROJECT_NOT_MINE) {
      rc = handled;
      continue;
    }
    switch (c) {
    case OPT_MAX_CHAINS:
      if (!cli_parse_u64(optarg, &value) || value > 100000)
        rc = cli_usage_error("why", "--max-chains needs a number, not '%s'", optarg);
      else
        max_chains = (size_t)value;
      break;
    case 'h':
      why_help(stdout);
      rc = -1;
      break;
    default: rc = cli_usage_error("why", "unknown or incomplete option '%s'", argv[optind - 1]);
    }
  }
  if (rc == -1) {
    cli_project_free(&project);
    return CLI_EXIT_OK;
  }
  if (rc == CLI_EXIT_OK && optind >= argc)
    rc = cli_usage_error("why", "no MODULE given");
  const char *module = rc == CLI_EXIT_OK ? argv[optind] : NULL;
  if (rc == CLI_EXIT_OK)
    rc = cli_project_check(&project, "why", argv + optind + 1, (size_t)(argc - optind - 1));
  impgraph_graph *graph = NULL;
  if (rc == CLI_EXIT_OK)
    rc = cli_project_build(&project, &graph);
  if (rc == CLI_EXIT_OK) {
    char *report = NULL;
    size_t len = 0;
    impgraph_error err;
    if (impgraph_render_why(&report, &len, graph, module, max_chains, project.format, &err)) {
      rc = cli_failure("%s", err.message);
    } else {
      rc = cli_write_output(project.output, report, len);
      impgraph_free(report);
    }
    size_t id;
    if (rc == CLI_EXIT_OK &&
        (impgraph_graph_find(graph, module, &id) ||
         !(impgraph_graph_module(graph, id)->flags & IMPGRAPH_MODULE_IN_STARTUP)))
      rc = CLI_EXIT_FINDINGS;
  }
  impgraph_graph_free(graph);
  cli_project_free(&project);
  return rc;
}
