#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Blocks grow geometrically; each allocation is aligned for any type. */
struct ipg_arena_block {
  ipg_arena_block *next;
  size_t used;
  size_t cap;
  _Alignas(max_align_t) unsigned char data[];
};

#define IPG_ALIGN _Alignof(max_align_t)

void ipg_arena_init(ipg_arena *a) { a->head = NULL; }

void ipg_arena_free(ipg_arena *a) {
  ipg_arena_block *b = a->head;
  while (b) {
    ipg_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}

void *ipg_arena_alloc(ipg_arena *a, size_t size) {
  size_t rounded = (size + IPG_ALIGN - 1) & ~(size_t)(IPG_ALIGN - 1);
  if (rounded < size)
    return NULL;
  ipg_arena_block *b = a->head;
  if (!b || b->cap - b->used < rounded) {
    size_t cap = b ? b->cap * 2 : 4096;
    if (cap > (1u << 20))
      cap = 1u << 20;
    if (cap < rounded)
      cap = rounded;
    ipg_arena_block *nb = malloc(sizeof *nb + cap);
    if (!nb)
      return NULL;
    nb->next = b;
    nb->used = 0;
    nb->cap = cap;
    a->head = nb;
    b = nb;
  }
  void *p = b->data + b->used;
  b->used += rounded;
  return p;
}

char *ipg_arena_strndup(ipg_arena *a, const char *s, size_t n) {
  if (n == SIZE_MAX)
    return NULL;
  char *p = ipg_arena_alloc(a, n + 1);
  if (!p)
    return NULL;
  if (n)
    memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *ipg_arena_strdup(ipg_arena *a, const char *s) {
  return ipg_arena_strndup(a, s, strlen(s));
}

char *ipg_arena_printf(ipg_arena *a, const char *fmt, ...) {
  va_list ap, copy;
  va_start(ap, fmt);
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  char *p = n < 0 ? NULL : ipg_arena_alloc(a, (size_t)n + 1);
  if (p)
    vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}
