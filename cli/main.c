/* impgraph — find the imports that make Python programs start slowly. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
    {"scan", "list every import of Python files with its context and location", cmd_scan},
    {"graph", "the module graph of a project's imports, with its start-up set", cmd_graph},
    {"why", "why a module is loaded at start-up: the shortest import chains", cmd_why},
    {"cycles", "import cycles among first-party modules", cmd_cycles},
    {"measure", "time a program's start-up imports over several runs (-X importtime)",
     cmd_measure},
    {"suggest", "which imports to defer, how, and what each change saves at start-up",
     cmd_suggest},
};

static void print_help(FILE *out) {
  fprintf(out,
          "usage: impgraph <command> [options]\n"
          "       impgraph --help | --version\n"
          "\n"
          "Find the imports that make Python programs start slowly.\n"
          "\n"
          "Commands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(out,
          "\n"
          "Run `impgraph <command> --help` for a command's options.\n"
          "\n"
          "Exit status: 0 success, 1 findings where a gate was asked for, 2 usage error,\n"
          "3 runtime failure.\n");
}

int cli_usage_error(const char *command, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "impgraph%s%s: ", command ? " " : "", command ? command : "");
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry `impgraph%s%s --help`.\n", command ? " " : "", command ? command : "");
  return CLI_EXIT_USAGE;
}

int cli_failure(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "impgraph: ");
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return CLI_EXIT_FAILURE;
}

bool cli_parse_u64(const char *text, unsigned long long *out) {
  if (!text || !*text || *text == '-')
    return false;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (errno || *end)
    return false;
  *out = v;
  return true;
}

bool cli_parse_format(const char *name, impgraph_format *out) {
  if (strcmp(name, "text") == 0)
    *out = IMPGRAPH_FORMAT_TEXT;
  else if (strcmp(name, "json") == 0)
    *out = IMPGRAPH_FORMAT_JSON;
  else
    return false;
  return true;
}

int cli_write_output(const char *path, const char *data, size_t len) {
  if (!path || strcmp(path, "-") == 0) {
    if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
      return cli_failure("cannot write to standard output: %s", strerror(errno));
    return CLI_EXIT_OK;
  }
  FILE *f = fopen(path, "wb");
  if (!f)
    return cli_failure("%s: cannot open for writing: %s", path, strerror(errno));
  bool ok = fwrite(data, 1, len, f) == len;
  ok = (fclose(f) == 0) && ok;
  if (!ok)
    return cli_failure("%s: cannot write: %s", path, strerror(errno));
  return CLI_EXIT_OK;
}

int main(int argc, char **argv) {
  cli_heap_setup();
  if (argc < 2) {
    print_help(stderr);
    return CLI_EXIT_USAGE;
  }
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
    print_help(stdout);
    return CLI_EXIT_OK;
  }
  if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
    printf("impgraph %s\n", impgraph_version());
    return CLI_EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (strcmp(name, commands[i].name) == 0)
      return commands[i].run(argc - 1, argv + 1);
  return cli_usage_error(NULL, "unknown command '%s'", name);
}
