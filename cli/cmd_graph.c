/* impgraph graph PATH... — the module graph of a project's start-up imports. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void graph_help(FILE *out) {
  fprintf(out, "usage: impgraph graph [options] [PATH...]\n"
               "\n"
               "Build the graph of modules imported from the entry points, transitively into\n"
               "third-party and standard-library modules (only what is reachable), with every\n"
               "import site classified: eager (module level, class body, conditional, optional),\n"
               "function-level, called (in a function that runs at import time), TYPE_CHECKING,\n"
               "lazy, and implicit parent-package imports. The start-up set is what importing\n"
               "the entries loads through eager and called imports, minus what the interpreter\n"
               "has loaded before the program starts.\n"
               "\n");
  cli_project_help(out, ", dot (graphviz)");
  fprintf(out, "\n"
               "View (what is drawn or listed):\n"
               "  --startup             only the start-up set of the entries (and the entries)\n"
               "  --depth N             only modules within N imports of an entry\n"
               "  --include PAT         only modules matching the fnmatch pattern PAT, or inside\n"
               "                        a package matching it (repeatable)\n"
               "  --exclude PAT         drop modules matching PAT or inside a package matching\n"
               "                        it (repeatable)\n"
               "  --collapse            draw each third-party top-level package as one node\n"
               "\n"
               "Times (without --profile: estimates from module kind and file size, ~):\n"
               "  --profile FILE        attach a start-up profile (JSON of `impgraph measure -o`):\n"
               "                        median self/cumulative times on the modules, observed\n"
               "                        imports on the edges, observed-only edges for imports\n"
               "                        no import site explains, the slowest start-up modules\n"
               "                        and the reconciliation of the profile with the graph\n"
               "\n"
               "Exit status: 0 success, 2 usage error, 3 runtime failure (a missing root, entry\n"
               "or console script; a missing, broken or hanging interpreter).\n");
}

enum { OPT_STARTUP = 2000, OPT_DEPTH, OPT_INCLUDE, OPT_EXCLUDE, OPT_COLLAPSE, OPT_PROFILE };

typedef struct patterns {
  const char **items;
  size_t count;
} patterns;

static bool push_pattern(patterns *p, const char *value) {
  const char **grown = realloc(p->items, (p->count + 1) * sizeof *grown);
  if (!grown)
    return false;
  grown[p->count++] = value;
  p->items = grown;
  return true;
}

static int attach_profile(impgraph_graph *graph, const char *path) {
  impgraph_profile *profile = NULL;
  impgraph_error err;
  if (impgraph_profile_load(&profile, path, &err))
    return cli_failure("%s", err.message);
  int rc = CLI_EXIT_OK;
  if (impgraph_graph_attach_profile(graph, profile, &err))
    rc = cli_failure("%s", err.message);
  impgraph_profile_free(profile);
  return rc;
}

static int render(cli_project *project, impgraph_graph *graph, const impgraph_graph_view *view) {
  char *report = NULL;
  size_t len = 0;
  impgraph_error err;
  if (impgraph_render_graph(&report, &len, graph, project->format, view, &err))
    return cli_failure("%s", err.message);
  int rc = cli_write_output(project->output, report, len);
  impgraph_free(report);
  return rc;
}

int cmd_graph(int argc, char **argv) {
  static const struct option own[] = {{"startup", no_argument, NULL, OPT_STARTUP},
                                      {"depth", required_argument, NULL, OPT_DEPTH},
                                      {"include", required_argument, NULL, OPT_INCLUDE},
                                      {"exclude", required_argument, NULL, OPT_EXCLUDE},
                                      {"collapse", no_argument, NULL, OPT_COLLAPSE},
                                      {"profile", required_argument, NULL, OPT_PROFILE}};
  struct option options[32];
  cli_project_long_options(options, 32, own, sizeof own / sizeof *own);
  cli_project project;
  cli_project_init(&project);
  impgraph_graph_view view;
  impgraph_graph_view_init(&view, IMPGRAPH_GRAPH_VIEW_VERSION);
  patterns include = {NULL, 0}, exclude = {NULL, 0};
  const char *profile_path = NULL;
  unsigned long long value;
  int rc = CLI_EXIT_OK;
  optind = 1;
  opterr = 0;
  int c;
  while (rc == CLI_EXIT_OK && (c = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
    int handled = cli_project_option(&project, "graph", c, optarg, true);
    if (handled != CLI_PROJECT_NOT_MINE) {
      rc = handled;
      continue;
    }
    switch (c) {
    case OPT_STARTUP: view.flags |= IMPGRAPH_VIEW_STARTUP; break;
    case OPT_COLLAPSE: view.flags |= IMPGRAPH_VIEW_COLLAPSE; break;
    case OPT_PROFILE: profile_path = optarg; break;
    case OPT_DEPTH:
      if (!cli_parse_u64(optarg, &value) || value < 1 || value > UINT32_MAX)
        rc = cli_usage_error("graph", "--depth needs a number of imports (>= 1), not '%s'", optarg);
      else
        view.max_depth = (uint32_t)value;
      break;
    case OPT_INCLUDE:
    case OPT_EXCLUDE:
      if (!push_pattern(c == OPT_INCLUDE ? &include : &exclude, optarg))
        rc = cli_failure("out of memory");
      break;
    case 'h':
      graph_help(stdout);
      rc = -1;
      break;
    default: rc = cli_usage_error("graph", "unknown or incomplete option '%s'", argv[optind - 1]);
    }
  }
  if (rc == -1) {
    rc = CLI_EXIT_OK;
  } else if (rc == CLI_EXIT_OK) {
    rc = cli_project_check(&project, "graph", argv + optind, (size_t)(argc - optind));
    impgraph_graph *graph = NULL;
    if (rc == CLI_EXIT_OK)
      rc = cli_project_build(&project, &graph);
    if (rc == CLI_EXIT_OK && profile_path)
      rc = attach_profile(graph, profile_path);
    if (rc == CLI_EXIT_OK) {
      view.include = include.items;
      view.include_count = include.count;
      view.exclude = exclude.items;
      view.exclude_count = exclude.count;
      rc = render(&project, graph, &view);
    }
    impgraph_graph_free(graph);
  }
  free(include.items);
  free(exclude.items);
  cli_project_free(&project);
  return rc;
}
