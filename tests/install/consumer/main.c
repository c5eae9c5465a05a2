/* A tiny external program built against an installed libimpgraph: scans a
 * buffer and prints its imports. Proves the header, library, pkg-config file
 * and CMake package work from an install tree. */
#include <impgraph.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  const char *source = "import os\nfrom json import dumps as d\n";
  impgraph_error err;
  impgraph_scanner *scanner = NULL;
  impgraph_scan *scan = NULL;
  if (impgraph_scanner_new(&scanner, NULL, &err) ||
      impgraph_scanner_scan(scanner, &scan, "demo.py", source, strlen(source), &err)) {
    fprintf(stderr, "error: %s\n", err.message);
    impgraph_scanner_free(scanner);
    return 1;
  }
  printf("impgraph %s\n", impgraph_version());
  for (size_t i = 0; i < impgraph_scan_import_count(scan); i++) {
    const impgraph_import *imp = impgraph_scan_import(scan, i);
    printf("%u %s\n", imp->statement.start_line, imp->module);
  }
  impgraph_scan_free(scan);
  impgraph_scanner_free(scanner);
  return 0;
}
