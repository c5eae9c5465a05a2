/* Unit tests of the scanner pool (graph/pool.c): waiting jobs start largest
 * first, ties in submission order. The only worker is held in its first job,
 * reading a FIFO that nothing has written to yet, while the other jobs are
 * queued; then they run one by one and their results come back in the
 * order they started. A thread_start hook runs once on each worker thread. */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "graph/pool.h"

static char dir[64];

static char *make_file(const char *name, const char *text) {
  char *path = malloc(strlen(dir) + strlen(name) + 2);
  assert_non_null(path);
  sprintf(path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  return path;
}

static void test_largest_first(void **state) {
  (void)state;
  strcpy(dir, "/tmp/impgraph_pool_XXXXXX");
  assert_non_null(mkdtemp(dir));
  char fifo[96];
  snprintf(fifo, sizeof fifo, "%s/first.py", dir);
  assert_int_equal(mkfifo(fifo, 0600), 0);

  impgraph_error err;
  ipg_pool *pool = NULL;
  assert_int_equal(ipg_pool_start(&pool, 1, NULL, NULL, NULL, &err), IMPGRAPH_OK);
  assert_int_equal(ipg_pool_submit(pool, 100, fifo, 0), IMPGRAPH_OK);
  /* Opening the FIFO for writing without blocking succeeds once the worker
     has opened it for reading: from then on it waits in read(). */
  int fd = -1;
  for (int tries = 0; fd < 0 && tries < 60000; tries++) {
    fd = open(fifo, O_WRONLY | O_NONBLOCK);
    if (fd < 0)
      usleep(1000);
  }
  assert_true(fd >= 0);

  /* tag: the order they must start in. Sizes are what the caller says,
     whatever the files hold. */
  static const struct {
    size_t tag;
    uint64_t size;
  } jobs[] = {{5, 10}, {1, 5000}, {3, 300}, {6, 0}, {2, 300}, {4, 300}, {7, 0}};
  char *paths[7];
  for (size_t i = 0; i < 7; i++) {
    char name[16];
    snprintf(name, sizeof name, "m%zu.py", jobs[i].tag);
    paths[i] = make_file(name, "import os\n");
  }
  /* Queue 2 before 3 and 4 (same size), 6 before 7 (size 0). */
  size_t submit_order[7] = {0, 1, 4, 2, 5, 3, 6};
  for (size_t k = 0; k < 7; k++) {
    size_t i = submit_order[k];
    assert_int_equal(ipg_pool_submit(pool, jobs[i].tag, paths[i], jobs[i].size), IMPGRAPH_OK);
  }

  assert_int_equal(write(fd, "x = 1\n", 6), 6);
  close(fd);

  ipg_pool_result res;
  assert_true(ipg_pool_next(pool, &res));
  assert_int_equal(res.tag, 100);
  assert_int_equal(res.rc, IMPGRAPH_OK);
  impgraph_scan_free(res.scan);
  for (size_t expected = 1; expected <= 7; expected++) {
    assert_true(ipg_pool_next(pool, &res));
    assert_int_equal(res.rc, IMPGRAPH_OK);
    assert_int_equal(res.tag, expected);
    assert_int_equal(impgraph_scan_import_count(res.scan), 1);
    impgraph_scan_free(res.scan);
  }
  assert_false(ipg_pool_next(pool, &res));
  ipg_pool_stop(pool);

  for (size_t i = 0; i < 7; i++) {
    unlink(paths[i]);
    free(paths[i]);
  }
  unlink(fifo);
  rmdir(dir);
}

typedef struct started {
  pthread_mutex_t lock;
  pthread_t threads[8];
  size_t count;
} started;

static void note_start(void *arg) {
  started *s = arg;
  pthread_mutex_lock(&s->lock);
  if (s->count < 8)
    s->threads[s->count] = pthread_self();
  s->count++;
  pthread_mutex_unlock(&s->lock);
}

static void test_thread_start(void **state) {
  (void)state;
  strcpy(dir, "/tmp/impgraph_pool_XXXXXX");
  assert_non_null(mkdtemp(dir));
  char *path = make_file("a.py", "import os\n");
  started s = {.lock = PTHREAD_MUTEX_INITIALIZER};
  impgraph_error err;
  ipg_pool *pool = NULL;
  assert_int_equal(ipg_pool_start(&pool, 3, NULL, note_start, &s, &err), IMPGRAPH_OK);
  assert_int_equal(ipg_pool_submit(pool, 1, path, 0), IMPGRAPH_OK);
  ipg_pool_result res;
  assert_true(ipg_pool_next(pool, &res));
  assert_int_equal(res.rc, IMPGRAPH_OK);
  impgraph_scan_free(res.scan);
  ipg_pool_stop(pool); /* joins: every thread has started by now */
  assert_int_equal(s.count, 3);
  for (size_t i = 0; i < 3; i++) {
    assert_false(pthread_equal(s.threads[i], pthread_self()));
    for (size_t j = 0; j < i; j++)
      assert_false(pthread_equal(s.threads[i], s.threads[j]));
  }
  unlink(path);
  free(path);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_largest_first),
                                     cmocka_unit_test(test_thread_start)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
