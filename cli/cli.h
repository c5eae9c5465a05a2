/* The impgraph CLI: main.c dispatches to one cmd_<name>.c per subcommand.
 * Links the public library only (impgraph.h). */
#ifndef IMPGRAPH_CLI_H
#define IMPGRAPH_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "impgraph.h"

/* Exit codes, the same for every command (docs/cli/impgraph.md). */
enum {
  CLI_EXIT_OK = 0,
  CLI_EXIT_FINDINGS = 1, /* a gate was asked for and findings were made */
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_FAILURE = 3
};

typedef struct cli_command {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);
} cli_command;

int cmd_scan(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_why(int argc, char **argv);
int cmd_cycles(int argc, char **argv);
int cmd_measure(int argc, char **argv);
int cmd_suggest(int argc, char **argv);

/* Reports a usage error for `command` on stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Reports a runtime failure on stderr; returns CLI_EXIT_FAILURE. */
int cli_failure(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Tunes the process's allocator for graph builds (cli/heap.c); called once
   at the start of main. cli_heap_thread_start is the graph options'
   thread_start hook. Both do nothing off glibc/Linux or with
   IMPGRAPH_PLAIN_HEAP=1. */
void cli_heap_setup(void);
void cli_heap_thread_start(void *arg);
/* Parses a non-negative integer option value; false on junk or overflow. */
bool cli_parse_u64(const char *text, unsigned long long *out);
/* Writes `len` bytes to `path` ("-" or NULL = stdout). Returns an exit code. */
int cli_write_output(const char *path, const char *data, size_t len);
/* Parses --format; returns false for an unknown name. */
bool cli_parse_format(const char *name, impgraph_format *out);

/* ---- project options shared by graph, why and cycles (project_options.c) ---- */

struct option;

typedef struct cli_project {
  const char *python, *sys_path, *python_version;
  const char *const *roots; /* PATH... operands (borrowed from argv) */
  size_t root_count;
  const char **entries; /* --entry (malloc'd array of argv strings) */
  size_t entry_count;
  const char **console_scripts; /* --console-script */
  size_t console_script_count;
  uint32_t jobs; /* 0 = one per CPU */
  bool full, no_probe_cache, quiet;
  unsigned long long probe_timeout_ms;
  impgraph_format format;
  bool report_formats; /* --format also takes markdown and sarif (suggest) */
  const char *output;  /* -o FILE, or NULL */
} cli_project;

/* Returned by cli_project_option for an option that is not a project one. */
#define CLI_PROJECT_NOT_MINE (-1)

void cli_project_init(cli_project *p);
void cli_project_free(cli_project *p);
/* Fills `out` (room for `cap`) with the shared long options followed by the
   command's `extra` ones, zero-terminated; returns how many. */
size_t cli_project_long_options(struct option *out, size_t cap, const struct option *extra,
                                size_t extra_count);
/* Prints the shared options' help; `extra_formats` (", dot (graphviz)")
   lists the formats --format takes besides text and json, or is NULL. */
void cli_project_help(FILE *out, const char *extra_formats);
/* Handles one getopt result: CLI_EXIT_OK when it was a project option,
   CLI_PROJECT_NOT_MINE when not, or an exit code after a usage error. */
int cli_project_option(cli_project *p, const char *command, int opt, const char *arg,
                       bool dot);
/* Takes the PATH operands and checks option combinations; exit code. */
int cli_project_check(cli_project *p, const char *command, char **roots, size_t root_count);
/* Builds the graph (progress on stderr when it is a terminal); exit code,
   with the library's message printed on failure. */
int cli_project_build(cli_project *p, impgraph_graph **out);

#endif
