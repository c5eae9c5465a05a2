/* impgraph cycles [PATH...] — import cycles among first-party modules. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void cycles_help(FILE *out) {
  fprintf(out, "usage: impgraph cycles [options] [PATH...]\n"
               "\n"
               "List the import cycles among first-party modules (strongly connected components\n"
               "of their imports; TYPE_CHECKING and `if __name__ == \"__main__\"` imports left\n"
               "out), each with the import sites that close it and how many of them run\n"
               "eagerly.\n"
               "\n");
  cli_project_help(out, NULL);
  fprintf(out, "\n"
               "Cycles:\n"
               "  --strict              exit 1 when there is any cycle\n"
               "\n"
               "Exit status: 0 success, 1 cycles found with --strict, 2 usage error, 3 runtime\n"
               "failure.\n");
}

enum { OPT_STRICT = 2000 };

int cmd_cycles(int argc, char **argv) {
  static const struct option own[] = {{"strict", no_argument, NULL, OPT_STRICT}};
  struct option options[32];
  cli_project_long_options(options, 32, own, 1);
  cli_project project;
  cli_project_init(&project);
  bool strict = false;
  int rc = CLI_EXIT_OK;
  optind = 1;
  opterr = 0;
  int c;
  while (rc == CLI_EXIT_OK && (c = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
    int handled = cli_project_option(&project, "cycles", c, optarg, false);
    if (handled != CLI_PROJECT_NOT_MINE) {
      rc = handled;
      continue;
    }
    switch (c) {
    case OPT_STRICT: strict = true; break;
    case 'h':
      cycles_help(stdout);
      rc = -1;
      break;
    default: rc = cli_usage_error("cycles", "unknown or incomplete option '%s'", argv[optind - 1]);
    }
  }
  if (rc == -1) {
    cli_project_free(&project);
    return CLI_EXIT_OK;
  }
  if (rc == CLI_EXIT_OK)
    rc = cli_project_check(&project, "cycles", argv + optind, (size_t)(argc - optind));
  impgraph_graph *graph = NULL;
  if (rc == CLI_EXIT_OK)
    rc = cli_project_build(&project, &graph);
  if (rc == CLI_EXIT_OK) {
    char *report = NULL;
    size_t len = 0;
    impgraph_error err;
    if (impgraph_render_cycles(&report, &len, graph, project.format, &err)) {
      rc = cli_failure("%s", err.message);
    } else {
      rc = cli_write_output(project.output, report, len);
      impgraph_free(report);
    }
    size_t *mods = NULL, *mod_counts = NULL, *edges = NULL, *edge_counts = NULL, count = 0;
    if (rc == CLI_EXIT_OK && strict &&
        impgraph_graph_cycles(&mods, &mod_counts, &edges, &edge_counts, &count, graph, &err) ==
            IMPGRAPH_OK &&
        count)
      rc = CLI_EXIT_FINDINGS;
    impgraph_free(mods);
    impgraph_free(mod_counts);
    impgraph_free(edges);
    impgraph_free(edge_counts);
  }
  impgraph_graph_free(graph);
  cli_project_free(&project);
  return rc;
}
