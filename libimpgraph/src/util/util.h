/* util — libc-only helpers shared by every layer: errors, growable buffers,
 * arenas, vectors, file reading. Includes nothing but libc and impgraph.h. */
#ifndef IMPGRAPH_UTIL_H
#define IMPGRAPH_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "impgraph.h"

#if defined(__GNUC__)
#define IPG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define IPG_NODISCARD __attribute__((warn_unused_result))
#else
#define IPG_PRINTF(f, a)
#define IPG_NODISCARD
#endif

/* ---- errors ---- */

/* Fills err (when not NULL) with code and a formatted one-line message;
 * returns code so callers can `return ipg_fail(err, IMPGRAPH_EIO, ...)`. */
int ipg_fail(impgraph_error *err, int code, const char *fmt, ...)
    IPG_PRINTF(3, 4);
/* Marks err as success (code 0, empty message). */
void ipg_ok(impgraph_error *err);

/* ---- growable byte buffer (always NUL-terminated when data != NULL) ---- */

typedef struct ipg_buf {
  char *data;
  size_t len;
  size_t cap;
  bool failed; /* sticky: an allocation failed; later appends are no-ops */
} ipg_buf;

void ipg_buf_init(ipg_buf *b);
void ipg_buf_free(ipg_buf *b);
/* Ensures room for `extra` more bytes plus NUL. Returns false on ENOMEM. */
bool ipg_buf_reserve(ipg_buf *b, size_t extra);
void ipg_buf_append(ipg_buf *b, const char *s, size_t n);
void ipg_buf_puts(ipg_buf *b, const char *s);
void ipg_buf_putc(ipg_buf *b, char c);
void ipg_buf_printf(ipg_buf *b, const char *fmt, ...) IPG_PRINTF(2, 3);
/* Appends `argv` as a command line a POSIX shell would read back (words
   quoted only when needed). */
void ipg_buf_put_command(ipg_buf *b, const char *const *argv, size_t argc);
void ipg_buf_vprintf(ipg_buf *b, const char *fmt, va_list ap);
/* Hands the buffer to the caller (malloc'd, free with impgraph_free) and
 * resets b. Returns NULL when an allocation failed earlier. */
char *ipg_buf_take(ipg_buf *b, size_t *len);

/* ---- arena: many small allocations freed at once ---- */

typedef struct ipg_arena_block ipg_arena_block;
typedef struct ipg_arena {
  ipg_arena_block *head;
} ipg_arena;

void ipg_arena_init(ipg_arena *a);
void ipg_arena_free(ipg_arena *a);
/* Aligned to max_align_t. NULL on ENOMEM. */
void *ipg_arena_alloc(ipg_arena *a, size_t size);
/* Copies n bytes and a NUL terminator. NULL on ENOMEM. */
char *ipg_arena_strndup(ipg_arena *a, const char *s, size_t n);
char *ipg_arena_strdup(ipg_arena *a, const char *s);
char *ipg_arena_printf(ipg_arena *a, const char *fmt, ...) IPG_PRINTF(2, 3);

/* ---- vector of fixed-size elements ---- */

typedef struct ipg_vec {
  void *data;
  size_t len;
  size_t cap;
  size_t elem_size;
} ipg_vec;

void ipg_vec_init(ipg_vec *v, size_t elem_size);
void ipg_vec_free(ipg_vec *v);
/* Appends one zeroed element and returns it, or NULL on ENOMEM. The pointer
 * is valid until the next push. */
void *ipg_vec_push(ipg_vec *v);
static inline void *ipg_vec_at(const ipg_vec *v, size_t i) {
  return (char *)v->data + i * v->elem_size;
}

/* ---- files ---- */

/* Reads a whole file. *data is malloc'd (free with free()), NUL-terminated.
 * Returns 0, IMPGRAPH_EIO (message names the path and OS reason) or
 * IMPGRAPH_ENOMEM. */
int ipg_read_file(const char *path, char **data, size_t *len,
                  impgraph_error *err);

/* ---- UTF-8 ---- */

/* Offset of the first invalid UTF-8 sequence in s[0..len), or SIZE_MAX. */
size_t ipg_utf8_invalid_at(const char *s, size_t len);
/* Appends s to out with each invalid UTF-8 byte replaced by U+FFFD. */
void ipg_utf8_sanitize(ipg_buf *out, const char *s, size_t len);

/* ---- Python source text, without parsing it (util/text.c) ---- */

/* A range of 1-based lines, both included. */
typedef struct ipg_line_range {
  uint32_t first, last;
} ipg_line_range;

/* The top-level `if __name__ == "__main__":` blocks of a source (the if
   line included; either operand order, any quotes, spaces or parentheses):
   a block ends at the next line of code at column 0 (an `else:` included).
   A column-0 line inside a multi-line string ends it early, which keeps
   the code after it counted as running on import: the safe side.
   *blocks is malloc'd (free()), *count its length. Returns 0 or
   IMPGRAPH_ENOMEM. */
int ipg_main_blocks(const char *text, size_t len, ipg_line_range **blocks, size_t *count);

/* Whether `line` is in one of the blocks. */
bool ipg_in_line_ranges(const ipg_line_range *ranges, size_t count, uint32_t line);

/* ---- string-keyed hash map (util/map.c) ---- */

/* Open addressing, FNV-1a. Keys are borrowed (must outlive the map); values
   are non-NULL (NULL means absent). */
typedef struct ipg_map_slot {
  const char *key;
  size_t key_len;
  uint64_t hash;
  void *value;
} ipg_map_slot;

typedef struct ipg_map {
  ipg_map_slot *slots;
  size_t cap; /* 0 or a power of two */
  size_t len;
} ipg_map;

void ipg_map_init(ipg_map *map);
void ipg_map_free(ipg_map *map);
void *ipg_map_getn(const ipg_map *map, const char *key, size_t key_len);
void *ipg_map_get(const ipg_map *map, const char *key);
/* Inserts or replaces. Returns IMPGRAPH_OK or IMPGRAPH_ENOMEM. */
int ipg_map_put(ipg_map *map, const char *key, void *value);
uint64_t ipg_hash_bytes(const void *data, size_t len);

/* ---- running a child process (util/spawn.c) ---- */

typedef struct ipg_run_result {
  char *out; /* stdout, malloc'd, NUL-terminated */
  size_t out_len;
  char *err; /* the last bytes of stderr, malloc'd, NUL-terminated */
  size_t err_len;
  bool timed_out;    /* killed (with its process group) at the deadline */
  bool out_overflow; /* stdout exceeded max_out; killed */
  bool exited;       /* exit_status is valid */
  int exit_status;
  bool signaled; /* term_signal is valid */
  int term_signal;
} ipg_run_result;

/* Runs `path` with `argv` in the caller's environment, stdin /dev/null, in a
   new process group; captures stdout (up to max_out bytes) and the tail of
   stderr without deadlock; kills the group after timeout_ms. Returns 0 when
   the process ran (whatever its outcome), IMPGRAPH_EIO when it could not be
   started (message names `label`), IMPGRAPH_ENOMEM. */
int ipg_run_capture(ipg_run_result *res, const char *label, const char *path,
                    char *const argv[], unsigned timeout_ms, size_t max_out,
                    impgraph_error *err);
void ipg_run_result_free(ipg_run_result *res);
/* What stderr says, in one line for an error message: its last non-blank
   line, preceded by its first one and " [...] " when they differ (a
   traceback's header, a wrapper's "command not found"). */
void ipg_stderr_summary(const char *text, size_t len, char *buf, size_t size);

/* ---- interpreters ---- */

/* The interpreter every command uses when none is given:
 * `$VIRTUAL_ENV/bin/python` when VIRTUAL_ENV is set, else `python3` (looked
 * up on PATH). Written into buf (size bytes) when it comes from the
 * environment; returns buf or the static "python3". */
const char *ipg_default_python(char *buf, size_t size);

/* ---- misc ---- */

int ipg_strcmp_ptr(const void *a, const void *b); /* qsort on char * arrays */

#endif
