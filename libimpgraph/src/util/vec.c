#include <stdlib.h>
#include <string.h>

#include "util/util.h"

void ipg_vec_init(ipg_vec *v, size_t elem_size) {
  v->data = NULL;
  v->len = 0;
  v->cap = 0;
  v->elem_size = elem_size;
}

void ipg_vec_free(ipg_vec *v) {
  free(v->data);
  ipg_vec_init(v, v->elem_size);
}

void *ipg_vec_push(ipg_vec *v) {
  if (v->len == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 8;
    if (cap > SIZE_MAX / v->elem_size)
      return NULL;
    void *data = realloc(v->data, cap * v->elem_size);
    if (!data)
      return NULL;
    v->data = data;
    v->cap = cap;
  }
  void *slot = ipg_vec_at(v, v->len++);
  memset(slot, 0, v->elem_size);
  return slot;
}

int ipg_strcmp_ptr(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}
