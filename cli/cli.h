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
int cmd_measure(int argc, char **argv);

/* Reports a usage error for `command` on stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Reports a runtime failure on stderr; returns CLI_EXIT_FAILURE. */
int cli_failure(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parses a non-negative integer option value; false on junk or overflow. */
bool cli_parse_u64(const char *text, unsigned long long *out);
/* Writes `len` bytes to `path` ("-" or NULL = stdout). Returns an exit code. */
int cli_write_output(const char *path, const char *data, size_t len);
/* Parses --format; returns false for an unknown name. */
bool cli_parse_format(const char *name, impgraph_format *out);

#endif
