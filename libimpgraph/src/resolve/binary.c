/* Imports made by the init code of third-party extension modules, read from
 * the signatures their code generators leave in the binary (resolve.h,
 * "Imports made by generated extension modules").
 *
 * Only exact, generator-specific byte strings count, never "any string that
 * looks like a module name":
 *  - Cython: every generated module's init creates `cython_runtime` with
 *    PyImport_AddModule("cython_runtime") (0.27 and later), and a module
 *    using Cython's shared types (functions, generators, coroutines) creates
 *    or fetches the shared ABI module "_cython_" CYTHON_ABI (`_cython_3_1_4`,
 *    `_cython_3_0_11`, `_cython_0_29_37`, with suffixes such as `limited`).
 *    Both are C string literals: a whole NUL-terminated string. The ABI name
 *    is taken only from a Cython binary (one with `cython_runtime`), and
 *    only the whole string: `_cython_3_1_4.cython_function_or_method` (a
 *    type name) has a dot and does not count.
 *  - mypyc: a module compiled in a group is a shim whose PyInit imports the
 *    group's shared library `<lib>` and calls the init function exported as
 *    capsule `<lib>.init_<exported name of the module>`; the binary holds the
 *    C strings "<lib>" and "<lib>.init_<exported>", keyed by the module's
 *    own full name (mypyc/namegen.py exported_name: "___" -> "___3_", then
 *    "." -> "___").
 * The file is checked to be a whole ELF, Mach-O or PE object (so a
 * truncated file is reported, not read past) and searched with memmem: of
 * a 64-bit little-endian ELF object only the `.rodata*` sections are read
 * (where both generators' C string literals are: a fraction of a large
 * binary); any other file is read whole, once (bounded:
 * IPG_BINARY_MAX_SIZE).
 */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>

#include "resolve/resolve.h"

static bool name_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* ---- object file headers ---- */

static uint64_t read_uint(const unsigned char *p, size_t size, bool big_endian) {
  uint64_t v = 0;
  for (size_t i = 0; i < size; i++)
    v |= (uint64_t)p[big_endian ? size - 1 - i : i] << (8 * i);
  return v;
}

/* Whether [offset, offset + count * entry) lies within len bytes. */
static bool table_fits(uint64_t offset, uint64_t count, uint64_t entry, size_t len) {
  if (count == 0 || offset == 0)
    return true;
  if (entry == 0 || count > UINT64_MAX / entry)
    return false;
  uint64_t end = offset + count * entry;
  return end >= offset && end <= len;
}

static const char *elf_problem(const unsigned char *d, size_t len) {
  if (len < 6 || (d[4] != 1 && d[4] != 2) || (d[5] != 1 && d[5] != 2))
    return "truncated or malformed ELF header";
  bool is64 = d[4] == 2, be = d[5] == 2;
  size_t header = is64 ? 64 : 52;
  if (len < header)
    return "truncated ELF header";
  /* e_phoff, e_shoff; then e_phentsize, e_phnum, e_shentsize, e_shnum. */
  uint64_t phoff = is64 ? read_uint(d + 32, 8, be) : read_uint(d + 28, 4, be);
  uint64_t shoff = is64 ? read_uint(d + 40, 8, be) : read_uint(d + 32, 4, be);
  const unsigned char *sizes = d + (is64 ? 54 : 42);
  uint64_t phentsize = read_uint(sizes, 2, be), phnum = read_uint(sizes + 2, 2, be);
  uint64_t shentsize = read_uint(sizes + 4, 2, be), shnum = read_uint(sizes + 6, 2, be);
  if (!table_fits(phoff, phnum, phentsize, len))
    return "truncated ELF file: its program headers end past the end of the file";
  /* shnum 0 with a section table: the count is in section 0 (extended
     numbering); its first entry must still be there. */
  if (!table_fits(shoff, shnum ? shnum : 1, shentsize, len))
    return "truncated ELF file: its section headers end past the end of the file";
  return NULL;
}

static const char *macho_problem(const unsigned char *d, size_t len, bool is64, bool be) {
  size_t header = is64 ? 32 : 28;
  if (len < header)
    return "truncated Mach-O header";
  uint64_t sizeofcmds = read_uint(d + 20, 4, be);
  if (header + sizeofcmds > len)
    return "truncated Mach-O file: its load commands end past the end of the file";
  return NULL;
}

static const char *fat_problem(const unsigned char *d, size_t len) {
  if (len < 8)
    return "truncated universal (fat) Mach-O header";
  uint64_t count = read_uint(d + 4, 4, true);
  if (!table_fits(8, count, 20, len))
    return "truncated universal (fat) Mach-O header";
  for (uint64_t i = 0; i < count; i++) {
    const unsigned char *arch = d + 8 + i * 20;
    uint64_t offset = read_uint(arch + 8, 4, true), size = read_uint(arch + 12, 4, true);
    if (offset + size > len)
      return "truncated universal (fat) Mach-O file: an architecture ends past the end of the "
             "file";
  }
  return NULL;
}

static const char *pe_problem(const unsigned char *d, size_t len) {
  if (len < 0x40)
    return "truncated PE (DOS) header";
  uint64_t pe = read_uint(d + 0x3c, 4, false);
  if (pe + 24 > len)
    return "truncated PE file: its header is past the end of the file";
  if (memcmp(d + pe, "PE\0\0", 4) != 0)
    return "malformed PE file: no PE signature";
  return NULL;
}

/* Why the bytes are not a whole shared object, or NULL. */
static const char *object_problem(const unsigned char *d, size_t len) {
  if (len == 0)
    return "empty file, not a shared library";
  if (len >= 4 && memcmp(d, "\177ELF", 4) == 0)
    return elf_problem(d, len);
  if (len >= 4) {
    uint32_t magic = (uint32_t)read_uint(d, 4, true);
    switch (magic) {
    case 0xfeedfaceu: return macho_problem(d, len, false, true);
    case 0xfeedfacfu: return macho_problem(d, len, true, true);
    case 0xcefaedfeu: return macho_problem(d, len, false, false);
    case 0xcffaedfeu: return macho_problem(d, len, true, false);
    case 0xcafebabeu: return fat_problem(d, len);
    default: break;
    }
  }
  if (len >= 2 && d[0] == 'M' && d[1] == 'Z')
    return pe_problem(d, len);
  return "not a shared library (no ELF, Mach-O or PE header)";
}

/* ---- signatures ---- */

/* Whether a string found at `at` starts a C string: the byte before it is
   not part of a name (a NUL, normally; or the end of another section). */
static bool starts_string(const unsigned char *d, size_t at) {
  return at == 0 || (!name_char(d[at - 1]) && d[at - 1] != '.');
}

/* Whether the whole C string `s` (NUL included in the search) is in d. */
static bool has_c_string(const unsigned char *d, size_t len, const char *s, size_t s_len) {
  const unsigned char *end = d + len;
  for (const unsigned char *p = d; p < end;) {
    const unsigned char *hit = memmem(p, (size_t)(end - p), s, s_len + 1);
    if (!hit)
      return false;
    if (starts_string(d, (size_t)(hit - d)))
      return true;
    p = hit + 1;
  }
  return false;
}

static int add(ipg_binary_imports *out, ipg_arena *arena, const char *name, size_t len,
               ipg_native_how how) {
  for (size_t i = 0; i < out->count; i++)
    if (strlen(out->items[i].name) == len && memcmp(out->items[i].name, name, len) == 0)
      return IMPGRAPH_OK;
  if (out->count == IPG_BINARY_MAX_IMPORTS)
    return IMPGRAPH_OK;
  char *copy = ipg_arena_strndup(arena, name, len);
  if (!copy)
    return IMPGRAPH_ENOMEM;
  out->items[out->count].name = copy;
  out->items[out->count].how = how;
  out->count++;
  return IMPGRAPH_OK;
}

#define CYTHON_ABI_PREFIX "_cython_"
#define CYTHON_ABI_MAX 64

/* The first whole C string "_cython_<digit>[A-Za-z0-9_]*" (the ABI module's
   name). */
static int cython_abi(ipg_binary_imports *out, ipg_arena *arena, const unsigned char *d,
                      size_t len) {
  const size_t prefix = sizeof CYTHON_ABI_PREFIX - 1;
  const unsigned char *end = d + len;
  for (const unsigned char *p = d; p < end;) {
    const unsigned char *hit = memmem(p, (size_t)(end - p), CYTHON_ABI_PREFIX, prefix);
    if (!hit)
      return IMPGRAPH_OK;
    p = hit + 1;
    size_t at = (size_t)(hit - d), i = at + prefix;
    if (!starts_string(d, at) || i >= len || d[i] < '0' || d[i] > '9')
      continue;
    while (i < len && i - at <= CYTHON_ABI_MAX && name_char(d[i]))
      i++;
    if (i < len && d[i] == '\0' && i - at <= CYTHON_ABI_MAX)
      return add(out, arena, (const char *)hit, i - at, IPG_NATIVE_REGISTER);
  }
  return IMPGRAPH_OK;
}

/* mypyc's exported_name(): "___" -> "___3_", then "." -> "___". */
static bool mypyc_exported(ipg_buf *buf, const char *module) {
  for (const char *s = module; *s;) {
    if (strncmp(s, "___", 3) == 0) {
      ipg_buf_puts(buf, "___3_");
      s += 3;
    } else if (*s == '.') {
      ipg_buf_puts(buf, "___");
      s++;
    } else {
      ipg_buf_putc(buf, *s++);
    }
  }
  return !buf->failed;
}

#define MYPYC_LIB_MAX 512

/* A dotted name of [A-Za-z0-9_] parts (mypyc's group names may start with
   a digit: `81d243bd2c585b0f4821__mypyc`). */
static bool module_name(const unsigned char *s, size_t len) {
  if (len == 0 || s[0] == '.' || s[len - 1] == '.')
    return false;
  for (size_t i = 0; i < len; i++)
    if (!name_char(s[i]) && !(s[i] == '.' && s[i + 1] != '.'))
      return false;
  return true;
}

/* "<lib>.init_<exported>" and "<lib>": an IMPORT of <lib>. */
static int mypyc_shim(ipg_binary_imports *out, ipg_arena *arena, const unsigned char *d, size_t len,
                      const char *module) {
  ipg_buf needle;
  ipg_buf_init(&needle);
  ipg_buf_puts(&needle, ".init_");
  if (!mypyc_exported(&needle, module)) {
    ipg_buf_free(&needle);
    return IMPGRAPH_ENOMEM;
  }
  int rc = IMPGRAPH_OK;
  const unsigned char *end = d + len;
  for (const unsigned char *p = d; p < end;) {
    /* The needle with its NUL: the capsule name ends there. */
    const unsigned char *hit = memmem(p, (size_t)(end - p), needle.data, needle.len + 1);
    if (!hit)
      break;
    p = hit + 1;
    size_t stop = (size_t)(hit - d), start = stop;
    while (start > 0 && stop - start < MYPYC_LIB_MAX &&
           (name_char(d[start - 1]) || d[start - 1] == '.'))
      start--;
    if (!starts_string(d, start) || !module_name(d + start, stop - start))
      continue;
    char lib[MYPYC_LIB_MAX + 1];
    size_t lib_len = stop - start;
    memcpy(lib, d + start, lib_len);
    lib[lib_len] = '\0';
    if (strcmp(lib, module) == 0 || !has_c_string(d, len, lib, lib_len))
      continue;
    rc = add(out, arena, lib, lib_len, IPG_NATIVE_IMPORT);
    if (!rc)
      out->generator = "mypyc";
    break;
  }
  ipg_buf_free(&needle);
  return rc;
}

/* The signatures in `data` (a whole object, or its string sections each
   followed by a NUL). */
static int scan_strings(ipg_binary_imports *out, ipg_arena *arena, const unsigned char *data,
                        size_t len, const char *module) {
  static const char runtime[] = "cython_runtime";
  int rc = IMPGRAPH_OK;
  if (has_c_string(data, len, runtime, sizeof runtime - 1)) {
    out->generator = "Cython";
    rc = add(out, arena, runtime, sizeof runtime - 1, IPG_NATIVE_REGISTER);
    if (!rc)
      rc = cython_abi(out, arena, data, len);
  }
  if (!rc && module && *module)
    rc = mypyc_shim(out, arena, data, len, module);
  return rc;
}

int ipg_binary_imports_scan(ipg_binary_imports *out, ipg_arena *arena, const unsigned char *data,
                            size_t len, const char *module, const char **problem) {
  memset(out, 0, sizeof *out);
  *problem = object_problem(data, len);
  if (*problem)
    return IMPGRAPH_OK;
  return scan_strings(out, arena, data, len, module);
}

/* ---- reading a file ---- */

static bool read_at(int fd, void *buf, size_t len, uint64_t offset) {
  unsigned char *p = buf;
  while (len) {
    ssize_t n = pread(fd, p, len, (off_t)offset);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    p += n;
    len -= (size_t)n;
    offset += (uint64_t)n;
  }
  return true;
}

#define ELF64_SHENTSIZE 64
#define ELF_SHT_PROGBITS 1

/* A 64-bit little-endian ELF object (every Linux extension module on the
   platforms CPython ships for, but s390x): only its `.rodata*` sections,
   where the C string literals of both generators are, each followed by a
   NUL -- a fraction of a large binary (cryptography's 14 MB Rust module
   has 0.9 MB of them), so reading and searching stay cheap. `head` is the
   file's first 64 bytes. Returns 1 with *data (malloc'd) and *len, or with
   *problem; 0 when the section table cannot be used (no sections,
   extended numbering, an unusual entry size): the caller reads the whole
   file; -1 when out of memory or a read fails (errno). */
static int read_elf_strings(int fd, const unsigned char *head, uint64_t size, unsigned char **data,
                            size_t *len, const char **problem) {
  *data = NULL;
  *len = 0;
  *problem = elf_problem(head, (size_t)size);
  if (*problem)
    return 1;
  uint64_t shoff = read_uint(head + 40, 8, false);
  uint64_t shentsize = read_uint(head + 58, 2, false), shnum = read_uint(head + 60, 2, false);
  uint64_t shstrndx = read_uint(head + 62, 2, false);
  if (!shoff || shentsize != ELF64_SHENTSIZE || !shnum || shstrndx >= shnum)
    return 0;
  unsigned char *table = malloc((size_t)(shnum * ELF64_SHENTSIZE));
  if (!table)
    return -1;
  int rc = 0;
  char *names = NULL;
  unsigned char *out = NULL;
  if (!read_at(fd, table, (size_t)(shnum * ELF64_SHENTSIZE), shoff)) {
    rc = -1;
    goto done;
  }
  const unsigned char *strsec = table + shstrndx * ELF64_SHENTSIZE;
  uint64_t names_off = read_uint(strsec + 24, 8, false),
           names_size = read_uint(strsec + 32, 8, false);
  if (!table_fits(names_off, 1, names_size, (size_t)size) || names_size > (1u << 20))
    goto done; /* unusual: read the whole file */
  if (!(names = malloc((size_t)names_size + 1))) {
    rc = -1;
    goto done;
  }
  if (!read_at(fd, names, (size_t)names_size, names_off)) {
    rc = -1;
    goto done;
  }
  names[names_size] = '\0';
  uint64_t total = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (uint64_t i = 0; i < shnum; i++) {
      const unsigned char *sh = table + i * ELF64_SHENTSIZE;
      uint64_t name = read_uint(sh, 4, false), type = read_uint(sh + 4, 4, false);
      uint64_t off = read_uint(sh + 24, 8, false), sec_size = read_uint(sh + 32, 8, false);
      if (type != ELF_SHT_PROGBITS || name >= names_size || !sec_size ||
          strncmp(names + name, ".rodata", 7) != 0 ||
          (names[name + 7] != '\0' && names[name + 7] != '.'))
        continue;
      if (!table_fits(off, 1, sec_size, (size_t)size)) {
        *problem = "truncated ELF file: a .rodata section ends past the end of the file";
        rc = 1;
        goto done;
      }
      if (pass == 0) {
        total += sec_size + 1;
      } else if (!read_at(fd, out + *len, (size_t)sec_size, off)) {
        rc = -1;
        goto done;
      } else {
        *len += (size_t)sec_size;
        out[(*len)++] = '\0';
      }
    }
    if (pass == 0 && !(out = malloc(total ? (size_t)total : 1))) {
      rc = -1;
      goto done;
    }
  }
  *data = out;
  out = NULL;
  rc = 1;
done:
  free(out);
  free(names);
  free(table);
  if (rc != 1)
    *len = 0;
  return rc;
}

/* The outcome of a scan: out of memory (rc), a problem with the file, or
   success. */
static int scanned(int rc, const char *problem, impgraph_error *err) {
  if (rc)
    return ipg_fail(err, rc, "out of memory");
  if (problem)
    return ipg_fail(err, IMPGRAPH_EIO, "%s", problem);
  ipg_ok(err);
  return IMPGRAPH_OK;
}

/* The whole file, checked and searched (any object format). */
static int read_whole(ipg_binary_imports *out, ipg_arena *arena, const char *path,
                      const char *module, impgraph_error *err) {
  /* A copy, not a mapping: a file truncated by another process while it is
     mapped would raise SIGBUS in the host program. */
  char *data = NULL;
  size_t len = 0;
  impgraph_error read_err;
  if (ipg_read_file(path, &data, &len, &read_err)) {
    /* "path: cannot read: ..." -- the caller names the path. */
    const char *colon = strstr(read_err.message, ": ");
    return ipg_fail(err, IMPGRAPH_EIO, "%s", colon ? colon + 2 : read_err.message);
  }
  const char *problem = NULL;
  int rc =
      len > IPG_BINARY_MAX_SIZE
          ? IMPGRAPH_OK
          : ipg_binary_imports_scan(out, arena, (const unsigned char *)data, len, module, &problem);
  if (!rc && len > IPG_BINARY_MAX_SIZE)
    problem = "grew past the size read at most while it was read";
  free(data);
  return scanned(rc, problem, err);
}

int ipg_binary_imports_read(ipg_binary_imports *out, ipg_arena *arena, const char *path,
                            const char *module, impgraph_error *err) {
  memset(out, 0, sizeof *out);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return ipg_fail(err, IMPGRAPH_EIO, "cannot open: %s", strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return ipg_fail(err, IMPGRAPH_EIO, "cannot read: %s", strerror(e));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return ipg_fail(err, IMPGRAPH_EIO, "not a regular file");
  }
  if ((unsigned long long)st.st_size > IPG_BINARY_MAX_SIZE) {
    close(fd);
    return ipg_fail(err, IMPGRAPH_EIO, "%lld bytes, more than the %llu read at most",
                    (long long)st.st_size, (unsigned long long)IPG_BINARY_MAX_SIZE);
  }
  unsigned char head[64];
  int how = 0; /* 0: read the whole file */
  unsigned char *data = NULL;
  size_t len = 0;
  const char *problem = NULL;
  errno = 0;
  if (st.st_size >= (off_t)sizeof head && read_at(fd, head, sizeof head, 0) &&
      memcmp(head, "\177ELF", 4) == 0 && head[4] == 2 && head[5] == 1)
    how = read_elf_strings(fd, head, (uint64_t)st.st_size, &data, &len, &problem);
  int read_errno = errno;
  close(fd);
  if (how == 0)
    return read_whole(out, arena, path, module, err);
  if (how < 0)
    return read_errno == ENOMEM ? ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory")
                                : ipg_fail(err, IMPGRAPH_EIO, "cannot read: %s",
                                           read_errno ? strerror(read_errno) : "short read");
  int rc = problem ? IMPGRAPH_OK : scan_strings(out, arena, data, len, module);
  free(data);
  return scanned(rc, problem, err);
}
