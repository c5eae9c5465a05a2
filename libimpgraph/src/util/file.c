#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

int ipg_read_file(const char *path, char **data, size_t *len,
                  impgraph_error *err) {
  *data = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (!f)
    return ipg_fail(err, IMPGRAPH_EIO, "%s: cannot open: %s", path,
                    strerror(errno));
  ipg_buf b;
  ipg_buf_init(&b);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    ipg_buf_append(&b, chunk, n);
  int read_error = ferror(f) ? errno : 0;
  fclose(f);
  if (read_error) {
    ipg_buf_free(&b);
    return ipg_fail(err, IMPGRAPH_EIO, "%s: cannot read: %s", path,
                    strerror(read_error));
  }
  *data = ipg_buf_take(&b, len);
  if (!*data)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory reading file",
                    path);
  return IMPGRAPH_OK;
}

const char *ipg_default_python(char *buf, size_t size) {
  const char *venv = getenv("VIRTUAL_ENV");
  if (venv && *venv) {
    int n = snprintf(buf, size, "%s/bin/python", venv);
    if (n > 0 && (size_t)n < size)
      return buf;
  }
  return "python3";
}
