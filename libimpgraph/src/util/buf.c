#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

void ipg_buf_init(ipg_buf *b) { memset(b, 0, sizeof *b); }

void ipg_buf_free(ipg_buf *b) {
  free(b->data);
  ipg_buf_init(b);
}

bool ipg_buf_reserve(ipg_buf *b, size_t extra) {
  if (b->failed)
    return false;
  if (extra > SIZE_MAX - b->len - 1) {
    b->failed = true;
    return false;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return true;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need)
    cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *data = realloc(b->data, cap);
  if (!data) {
    b->failed = true;
    return false;
  }
  b->data = data;
  b->cap = cap;
  return true;
}

void ipg_buf_append(ipg_buf *b, const char *s, size_t n) {
  if (!ipg_buf_reserve(b, n))
    return;
  if (n)
    memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void ipg_buf_puts(ipg_buf *b, const char *s) { ipg_buf_append(b, s, strlen(s)); }

void ipg_buf_putc(ipg_buf *b, char c) { ipg_buf_append(b, &c, 1); }

void ipg_buf_vprintf(ipg_buf *b, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0 || !ipg_buf_reserve(b, (size_t)n))
    return;
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void ipg_buf_printf(ipg_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ipg_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

char *ipg_buf_take(ipg_buf *b, size_t *len) {
  if (b->failed) {
    ipg_buf_free(b);
    return NULL;
  }
  if (!b->data && !ipg_buf_reserve(b, 0))
    return NULL;
  char *data = b->data;
  if (len)
    *len = b->len;
  ipg_buf_init(b);
  return data;
}

static bool needs_quotes(const char *s) {
  if (!*s)
    return true;
  for (; *s; s++)
    if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,+@%", *s))
      return true;
  return false;
}

void ipg_buf_put_command(ipg_buf *b, const char *const *argv, size_t argc) {
  for (size_t i = 0; i < argc; i++) {
    const char *arg = argv[i];
    if (i)
      ipg_buf_putc(b, ' ');
    if (!needs_quotes(arg)) {
      ipg_buf_puts(b, arg);
      continue;
    }
    ipg_buf_putc(b, '\'');
    for (const char *c = arg; *c; c++) {
      if (*c == '\'')
        ipg_buf_puts(b, "'\\''");
      else if (*c == '\n')
        ipg_buf_puts(b, "'$'\\n''");
      else
        ipg_buf_putc(b, *c);
    }
    ipg_buf_putc(b, '\'');
  }
}
