#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

/* One allocation of the file's size (plus the NUL) and reads straight into
   it: the sources of a graph are read once each, on the scanner threads,
   and a growing copy through stdio cost page faults and copies. A file
   that is not regular, or changes size while read, still reads whole. */
int ipg_read_file(const char *path, char **data, size_t *len,
                  impgraph_error *err) {
  *data = NULL;
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return ipg_fail(err, IMPGRAPH_EIO, "%s: cannot open: %s", path,
                    strerror(errno));
  struct stat st;
  size_t cap = 1; /* bytes of room, the NUL included */
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      (unsigned long long)st.st_size < SIZE_MAX / 2)
    cap = (size_t)st.st_size + 1;
  char *buf = malloc(cap);
  size_t used = 0;
  int read_error = 0;
  while (buf) {
    char probe; /* full: is there more, before growing? */
    bool full = used + 1 == cap;
    ssize_t n = read(fd, full ? &probe : buf + used, full ? 1 : cap - 1 - used);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      read_error = errno;
      break;
    }
    if (n == 0)
      break;
    if (full) {
      size_t grown_cap = cap < 4096 ? 4096 : cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
      char *grown = grown_cap > cap ? realloc(buf, grown_cap) : NULL;
      if (!grown) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = grown;
      cap = grown_cap;
      buf[used] = probe;
    }
    used += (size_t)n;
  }
  close(fd);
  if (read_error) {
    free(buf);
    return ipg_fail(err, IMPGRAPH_EIO, "%s: cannot read: %s", path,
                    strerror(read_error));
  }
  if (!buf)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory reading file",
                    path);
  buf[used] = '\0';
  *data = buf;
  *len = used;
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
