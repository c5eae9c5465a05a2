/* Replays a libFuzzer harness without libFuzzer: every file of a seed corpus
 * directory, then a bounded number of deterministic mutations of them (byte
 * flips, truncations, splices, insertions of interesting bytes). Lets `make
 * test` exercise every fuzz harness under ASan/UBSan with gcc. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
  uint8_t *data;
  size_t size;
} input;

static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint64_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static int load(const char *path, input *in) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  in->data = malloc(n > 0 ? (size_t)n : 1);
  in->size = n > 0 && fread(in->data, 1, (size_t)n, f) == (size_t)n ? (size_t)n : 0;
  fclose(f);
  return 0;
}

static const char *const interesting[] = {
    "\n", "\r", "\r\n", "\x00", "\xff", "\xef\xbb\xbf", "(", ")", ":", "import ",
    "from ", " as ", "lazy ", "if TYPE_CHECKING:\n", "try:\n", "except ImportError:\n",
    "    ", "\t", "\"", "'''", "#", "|", "import time:", "-1", "99999999999999999999"};

static void mutate_and_run(const input *seed, const input *other) {
  /* Room for up to 4 steps, each an insertion or a splice of `other`. */
  size_t cap = seed->size + 4 * (64 + other->size);
  uint8_t *buf = malloc(cap ? cap : 1);
  memcpy(buf, seed->data, seed->size);
  size_t size = seed->size;
  int steps = 1 + (int)(rng() % 4);
  for (int s = 0; s < steps; s++) {
    switch (rng() % 5) {
    case 0: /* flip a byte */
      if (size)
        buf[rng() % size] ^= (uint8_t)(1u << (rng() % 8));
      break;
    case 1: /* truncate */
      if (size)
        size = rng() % size;
      break;
    case 2: { /* insert an interesting token */
      const char *tok = interesting[rng() % (sizeof interesting / sizeof *interesting)];
      size_t len = strlen(tok) ? strlen(tok) : 1;
      if (size + len > cap)
        break;
      size_t at = size ? rng() % (size + 1) : 0;
      memmove(buf + at + len, buf + at, size - at);
      memcpy(buf + at, tok, len);
      size += len;
      break;
    }
    case 3: /* splice the tail of another seed */
      if (other->size) {
        size_t from = rng() % other->size;
        size_t at = size ? rng() % size : 0;
        if (at + other->size - from > cap)
          break;
        memcpy(buf + at, other->data + from, other->size - from);
        size = at + other->size - from;
      }
      break;
    default: /* delete a span */
      if (size > 2) {
        size_t at = rng() % size, len = rng() % (size - at);
        memmove(buf + at, buf + at + len, size - at - len);
        size -= len;
      }
    }
  }
  uint8_t *exact = malloc(size ? size : 1); /* exact-size copy: ASan sees overreads */
  memcpy(exact, buf, size);
  LLVMFuzzerTestOneInput(exact, size);
  free(exact);
  free(buf);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s CORPUS_DIR [--mutations N]\n", argv[0]);
    return 2;
  }
  long mutations = 0;
  if (argc >= 4 && strcmp(argv[2], "--mutations") == 0)
    mutations = strtol(argv[3], NULL, 10);
  DIR *dir = opendir(argv[1]);
  if (!dir) {
    fprintf(stderr, "%s: cannot open corpus directory\n", argv[1]);
    return 2;
  }
  input *seeds = NULL;
  size_t count = 0;
  char **names = NULL;
  struct dirent *e;
  while ((e = readdir(dir))) {
    if (e->d_name[0] == '.')
      continue;
    names = realloc(names, (count + 1) * sizeof *names);
    names[count++] = strdup(e->d_name);
  }
  closedir(dir);
  qsort(names, count, sizeof *names, (int (*)(const void *, const void *))strcmp);
  seeds = calloc(count ? count : 1, sizeof *seeds);
  size_t loaded = 0;
  for (size_t i = 0; i < count; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
    if (load(path, &seeds[loaded]) == 0) {
      uint8_t *exact = malloc(seeds[loaded].size ? seeds[loaded].size : 1);
      memcpy(exact, seeds[loaded].data, seeds[loaded].size);
      LLVMFuzzerTestOneInput(exact, seeds[loaded].size);
      free(exact);
      loaded++;
    }
    free(names[i]);
  }
  free(names);
  if (loaded == 0) {
    fprintf(stderr, "%s: empty corpus\n", argv[1]);
    free(seeds);
    return 2;
  }
  for (long m = 0; m < mutations; m++)
    mutate_and_run(&seeds[rng() % loaded], &seeds[rng() % loaded]);
  for (size_t i = 0; i < loaded; i++)
    free(seeds[i].data);
  free(seeds);
  printf("replayed %zu seeds and %ld mutations\n", loaded, mutations);
  return 0;
}
