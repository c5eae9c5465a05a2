/* impgraph scan FILE|DIR... — every import with its context and location. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void scan_help(FILE *out) {
  fprintf(out,
          "usage: impgraph scan [options] FILE|DIR...\n"
          "\n"
          "List every import of the given Python files (directories are walked for *.py,\n"
          "skipping .git, __pycache__, node_modules, tool caches and virtual environments)\n"
          "with its context (module level, function, class body, TYPE_CHECKING, optional,\n"
          "conditional, lazy) and its exact location. Syntax errors, undecodable files and\n"
          "unreadable paths are reported as diagnostics; the other files are still scanned.\n"
          "\n"
          "Options:\n"
          "  --format FORMAT     text (default) or json (docs/formats/scan.md)\n"
          "  -o, --output FILE   write the report to FILE instead of standard output\n"
          "  --timeout-ms MS     parse time budget per file (default 5000; 0 = none)\n"
          "  --max-bytes N       skip files larger than N bytes (default 16777216; 0 = none)\n"
          "  --strict            exit 1 when any file has an error diagnostic\n"
          "  -q, --quiet         no notices on standard error (errors are still printed)\n"
          "  -h, --help          show this help\n"
          "\n"
          "Exit status: 0 success, 1 error diagnostics with --strict, 2 usage error,\n"
          "3 runtime failure.\n");
}

enum { OPT_FORMAT = 256, OPT_TIMEOUT, OPT_MAX_BYTES, OPT_STRICT };

int cmd_scan(int argc, char **argv) {
  static const struct option options[] = {
      {"format", required_argument, NULL, OPT_FORMAT},
      {"output", required_argument, NULL, 'o'},
      {"timeout-ms", required_argument, NULL, OPT_TIMEOUT},
      {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
      {"strict", no_argument, NULL, OPT_STRICT},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  impgraph_format format = IMPGRAPH_FORMAT_TEXT;
  const char *output = NULL;
  bool strict = false, quiet = false;
  impgraph_scan_options scan_opts;
  impgraph_scan_options_init(&scan_opts, IMPGRAPH_SCAN_OPTIONS_VERSION);
  unsigned long long value;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "+o:qh", options, NULL)) != -1) {
    switch (c) {
    case OPT_FORMAT:
      if (!cli_parse_format(optarg, &format))
        return cli_usage_error("scan", "unknown --format '%s' (expected text or json)", optarg);
      break;
    case 'o': output = optarg; break;
    case OPT_TIMEOUT:
      if (!cli_parse_u64(optarg, &value) || value > UINT64_MAX / 1000)
        return cli_usage_error("scan", "--timeout-ms needs a number of milliseconds, not '%s'",
                               optarg);
      scan_opts.timeout_us = value * 1000;
      break;
    case OPT_MAX_BYTES:
      if (!cli_parse_u64(optarg, &value))
        return cli_usage_error("scan", "--max-bytes needs a number of bytes, not '%s'", optarg);
      scan_opts.max_bytes = value;
      break;
    case OPT_STRICT: strict = true; break;
    case 'q': quiet = true; break;
    case 'h': scan_help(stdout); return CLI_EXIT_OK;
    default:
      return cli_usage_error("scan", "unknown or incomplete option '%s'", argv[optind - 1]);
    }
  }
  if (optind >= argc)
    return cli_usage_error("scan", "no FILE or DIR given");

  impgraph_error err;
  impgraph_file_list *files = NULL;
  if (impgraph_file_list_new(&files, (const char *const *)(argv + optind),
                             (size_t)(argc - optind), &err))
    return cli_failure("%s", err.message);
  impgraph_scanner *scanner = NULL;
  if (impgraph_scanner_new(&scanner, &scan_opts, &err)) {
    impgraph_file_list_free(files);
    return cli_failure("%s", err.message);
  }

  size_t count = impgraph_file_list_count(files);
  impgraph_scan **scans = calloc(count ? count : 1, sizeof *scans);
  size_t done = 0, unreadable = 0;
  int exit_code = scans ? CLI_EXIT_OK : cli_failure("out of memory");
  for (size_t i = 0; i < count && exit_code == CLI_EXIT_OK; i++) {
    const char *path = impgraph_file_list_path(files, i);
    int rc = impgraph_scanner_scan_file(scanner, &scans[done], path, &err);
    if (rc == IMPGRAPH_EIO) {
      /* One unreadable file never loses the report for the rest. */
      fprintf(stderr, "impgraph: %s\n", err.message);
      unreadable++;
    } else if (rc) {
      exit_code = cli_failure("%s", err.message);
    } else {
      done++;
    }
  }
  bool has_errors = unreadable > 0;
  if (exit_code == CLI_EXIT_OK) {
    char *report = NULL;
    size_t len = 0;
    if (impgraph_render_scans(&report, &len, (const impgraph_scan *const *)scans, done, files,
                              format, &err)) {
      exit_code = cli_failure("%s", err.message);
    } else {
      exit_code = cli_write_output(output, report, len);
      impgraph_free(report);
    }
    for (size_t i = 0; i < done; i++)
      for (size_t d = 0; d < impgraph_scan_diagnostic_count(scans[i]); d++)
        has_errors = has_errors ||
                     impgraph_scan_diagnostic(scans[i], d)->severity == IMPGRAPH_SEVERITY_ERROR;
    if (!quiet && unreadable)
      fprintf(stderr, "impgraph: %zu file%s could not be read\n", unreadable,
              unreadable == 1 ? "" : "s");
  }
  for (size_t i = 0; i < done; i++)
    impgraph_scan_free(scans[i]);
  free(scans);
  impgraph_scanner_free(scanner);
  impgraph_file_list_free(files);
  if (exit_code == CLI_EXIT_OK && strict && has_errors)
    exit_code = CLI_EXIT_FINDINGS;
  return exit_code;
}
