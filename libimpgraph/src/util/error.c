#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

int ipg_fail(impgraph_error *err, int code, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    /* Keep the promise of a one-line message. */
    for (char *p = err->message; *p; p++)
      if (*p == '\n' || *p == '\r')
        *p = ' ';
  }
  return code;
}

void ipg_ok(impgraph_error *err) {
  if (err) {
    err->code = IMPGRAPH_OK;
    err->message[0] = '\0';
  }
}

const char *impgraph_strerror(int code) {
  switch (code) {
  case IMPGRAPH_OK: return "success";
  case IMPGRAPH_ENOMEM: return "out of memory";
  case IMPGRAPH_EINVAL: return "invalid argument";
  case IMPGRAPH_EIO: return "input/output error";
  case IMPGRAPH_ENOTFOUND: return "not found";
  case IMPGRAPH_EABI: return "grammar ABI not supported by the tree-sitter runtime";
  case IMPGRAPH_EVERSION: return "unsupported options version";
  case IMPGRAPH_ERANGE: return "index out of range";
  case IMPGRAPH_EFORMAT: return "unknown output format";
  case IMPGRAPH_EINTERNAL: return "internal error";
  default: return "unknown error";
  }
}

void impgraph_free(void *buffer) { free(buffer); }

const char *impgraph_version(void) { return IMPGRAPH_VERSION_STRING; }
