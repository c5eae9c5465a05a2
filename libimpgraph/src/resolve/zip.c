/* The file names of a zip archive's central directory, read the way
   zipimport._read_directory reads them: find the end-of-central-directory
   record in the last 64 KiB, walk the central directory entries. No
   decompression: listing names needs none. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resolve/resolve_internal.h"

enum {
  EOCD_SIZE = 22,
  EOCD64_SIZE = 56,
  EOCD64_LOCATOR_SIZE = 20,
  MAX_COMMENT = 65535,
  CENTRAL_HEADER_SIZE = 46,
  MAX_DIRECTORY = 256 * 1024 * 1024 /* refuse absurd central directories */
};

static uint64_t le16(const unsigned char *p) {
  return (uint64_t)p[0] | (uint64_t)p[1] << 8;
}
static uint64_t le32(const unsigned char *p) {
  return le16(p) | le16(p + 2) << 16;
}
static uint64_t le64(const unsigned char *p) {
  return le32(p) | le32(p + 4) << 32;
}

/* Last occurrence of a 4-byte signature, or -1. */
static long rfind_sig(const unsigned char *data, size_t len, const char *sig) {
  for (size_t i = len >= 4 ? len - 4 + 1 : 0; i-- > 0;)
    if (memcmp(data + i, sig, 4) == 0)
      return (long)i;
  return -1;
}

static bool read_at(int fd, unsigned char *buf, size_t len, uint64_t at) {
  while (len) {
    ssize_t n = pread(fd, buf, len, (off_t)at);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    buf += n;
    len -= (size_t)n;
    at += (uint64_t)n;
  }
  return true;
}

/* Where the central directory is, from the end records. */
typedef struct zip_layout {
  uint64_t directory_at;  /* file offset of the first entry */
  uint64_t directory_end; /* file offset of the end records */
} zip_layout;

static int find_directory(int fd, uint64_t file_size, const char *archive,
                          bool allow_zip64, zip_layout *layout,
                          impgraph_error *err) {
  uint64_t tail_len =
      MAX_COMMENT + EOCD_SIZE + EOCD64_SIZE + EOCD64_LOCATOR_SIZE;
  if (tail_len > file_size)
    tail_len = file_size;
  uint64_t tail_at = file_size - tail_len;
  unsigned char *tail = malloc(tail_len ? tail_len : 1);
  if (!tail)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory", archive);
  if (!read_at(fd, tail, tail_len, tail_at)) {
    free(tail);
    return ipg_fail(err, IMPGRAPH_EIO, "%s: can't read Zip file", archive);
  }
  long pos = rfind_sig(tail, tail_len, "PK\005\006");
  long pos64 = rfind_sig(tail, tail_len, "PK\006\006");
  uint64_t header_at, dir_size, dir_offset;
  if (allow_zip64 && pos64 >= 0 &&
      pos64 + EOCD64_SIZE + EOCD64_LOCATOR_SIZE == pos) {
    const unsigned char *r = tail + pos64;
    header_at = tail_at + (uint64_t)pos64;
    dir_size = le64(r + 40);
    dir_offset = le64(r + 48);
  } else if (pos >= 0 && (uint64_t)pos + EOCD_SIZE <= tail_len) {
    const unsigned char *r = tail + pos;
    header_at = tail_at + (uint64_t)pos;
    dir_size = le32(r + 12);
    dir_offset = le32(r + 16);
  } else {
    free(tail);
    return ipg_fail(err, IMPGRAPH_EIO, "%s: not a Zip file", archive);
  }
  free(tail);
  /* The same cursory checks as zipimport; data may be prepended (pex,
     self-extracting archives), so entry offsets are not trusted. */
  if (header_at < dir_size || header_at < dir_offset ||
      header_at - dir_size < dir_offset)
    return ipg_fail(err, IMPGRAPH_EIO,
                    "%s: bad central directory size or offset", archive);
  if (dir_size > MAX_DIRECTORY)
    return ipg_fail(err, IMPGRAPH_EIO, "%s: central directory too large",
                    archive);
  layout->directory_at = header_at - dir_size;
  layout->directory_end = header_at;
  return IMPGRAPH_OK;
}

static int add_names(ipg_zip *zip, ipg_arena *arena, const unsigned char *dir,
                     size_t len, const char *archive, impgraph_error *err) {
  size_t at = 0;
  while (len - at >= CENTRAL_HEADER_SIZE &&
         memcmp(dir + at, "PK\001\002", 4) == 0) {
    const unsigned char *h = dir + at;
    size_t name_len = (size_t)le16(h + 28);
    size_t skip = (size_t)le16(h + 30) + (size_t)le16(h + 32);
    at += CENTRAL_HEADER_SIZE;
    if (len - at < name_len)
      return ipg_fail(err, IMPGRAPH_EIO, "%s: can't read Zip file", archive);
    char *name = ipg_arena_strndup(arena, (const char *)dir + at, name_len);
    if (!name || ipg_map_put(&zip->names, name, name))
      return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory", archive);
    at += name_len;
    if (len - at < skip)
      break; /* truncated extra/comment of the last entry: names are read */
    at += skip;
  }
  return IMPGRAPH_OK;
}

int ipg_zip_read(ipg_zip *zip, ipg_arena *arena, const char *archive,
                 bool allow_zip64, impgraph_error *err) {
  memset(zip, 0, sizeof *zip);
  ipg_map_init(&zip->names);
  zip->archive = archive;
  int fd = open(archive, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return ipg_fail(err, IMPGRAPH_EIO, "%s: can't open Zip file: %s", archive,
                    strerror(errno));
  struct stat st;
  zip_layout layout = {0};
  int rc = fstat(fd, &st) != 0
               ? ipg_fail(err, IMPGRAPH_EIO, "%s: can't read Zip file", archive)
               : find_directory(fd, (uint64_t)st.st_size, archive, allow_zip64,
                                &layout, err);
  unsigned char *dir = NULL;
  size_t dir_len = 0;
  if (!rc) {
    dir_len = (size_t)(layout.directory_end - layout.directory_at);
    dir = malloc(dir_len ? dir_len : 1);
    if (!dir)
      rc = ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory", archive);
    else if (!read_at(fd, dir, dir_len, layout.directory_at))
      rc = ipg_fail(err, IMPGRAPH_EIO, "%s: can't read Zip file", archive);
  }
  close(fd);
  if (!rc)
    rc = add_names(zip, arena, dir, dir_len, archive, err);
  free(dir);
  zip->readable = rc == IMPGRAPH_OK;
  return rc;
}

void ipg_zip_free(ipg_zip *zip) {
  if (zip)
    ipg_map_free(&zip->names);
}
