#include <stdlib.h>
#include <string.h>

#include "util/util.h"

uint64_t ipg_hash_bytes(const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t hash = 1469598103934665603u; /* FNV-1a */
  for (size_t i = 0; i < len; i++) {
    hash ^= p[i];
    hash *= 1099511628211u;
  }
  return hash;
}

void ipg_map_init(ipg_map *map) { memset(map, 0, sizeof *map); }

void ipg_map_free(ipg_map *map) {
  free(map->slots);
  ipg_map_init(map);
}

static ipg_map_slot *find_slot(ipg_map_slot *slots, size_t cap, const char *key,
                               size_t key_len, uint64_t hash) {
  size_t mask = cap - 1;
  for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
    ipg_map_slot *slot = &slots[i];
    if (!slot->key)
      return slot;
    if (slot->hash == hash && slot->key_len == key_len &&
        memcmp(slot->key, key, key_len) == 0)
      return slot;
  }
}

void *ipg_map_getn(const ipg_map *map, const char *key, size_t key_len) {
  if (!map->cap)
    return NULL;
  ipg_map_slot *slot = find_slot(map->slots, map->cap, key, key_len,
                                 ipg_hash_bytes(key, key_len));
  return slot->key ? slot->value : NULL;
}

void *ipg_map_get(const ipg_map *map, const char *key) {
  return ipg_map_getn(map, key, strlen(key));
}

static bool grow(ipg_map *map) {
  size_t cap = map->cap ? map->cap * 2 : 16;
  if (cap > SIZE_MAX / sizeof(ipg_map_slot))
    return false;
  ipg_map_slot *slots = calloc(cap, sizeof *slots);
  if (!slots)
    return false;
  for (size_t i = 0; i < map->cap; i++) {
    ipg_map_slot *old = &map->slots[i];
    if (old->key)
      *find_slot(slots, cap, old->key, old->key_len, old->hash) = *old;
  }
  free(map->slots);
  map->slots = slots;
  map->cap = cap;
  return true;
}

int ipg_map_put(ipg_map *map, const char *key, void *value) {
  /* Keep the load factor under 3/4 so probing stays short. */
  if ((map->len + 1) * 4 > map->cap * 3 && !grow(map))
    return IMPGRAPH_ENOMEM;
  size_t key_len = strlen(key);
  uint64_t hash = ipg_hash_bytes(key, key_len);
  ipg_map_slot *slot = find_slot(map->slots, map->cap, key, key_len, hash);
  if (!slot->key) {
    slot->key = key;
    slot->key_len = key_len;
    slot->hash = hash;
    map->len++;
  }
  slot->value = value;
  return IMPGRAPH_OK;
}
