/* Worker pool of scanners (see pool.h). One mutex guards both queues; the
 * coordinator sleeps on `results_ready`, workers on `jobs_ready`. Parsing
 * dominates, so one lock is not a bottleneck. Pending jobs are a binary
 * heap, largest file first: a large file started last would keep one
 * thread busy while the others wait at the end of the build. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "graph/pool.h"

typedef struct job {
  size_t tag;
  const char *path;
  uint64_t size;
  uint64_t seq; /* submission order: ties go first come, first served */
} job;

typedef struct worker {
  struct ipg_pool *pool;
  impgraph_scanner *scanner;
  pthread_t thread;
  bool started;
} worker;

struct ipg_pool {
  pthread_mutex_t lock;
  pthread_cond_t jobs_ready;
  pthread_cond_t results_ready;
  ipg_vec jobs; /* job: a heap, the next one to run at index 0 */
  uint64_t submitted;
  /* Finished jobs, consumed from results_head. submit() keeps room for
     every pending job, so a worker never allocates (and never loses a
     result to a failed allocation). */
  ipg_pool_result *results;
  size_t results_len, results_cap, results_head;
  size_t pending; /* submitted and not yet taken by ipg_pool_next */
  bool stopping;
  void (*thread_start)(void *);
  void *thread_start_arg;
  worker *workers;
  unsigned worker_count;
};

static bool runs_before(const job *a, const job *b) {
  return a->size != b->size ? a->size > b->size : a->seq < b->seq;
}

static void swap_jobs(job *a, job *b) {
  job t = *a;
  *a = *b;
  *b = t;
}

/* Removes the next job of the heap into *out (the heap is not empty). */
static void pop_job(ipg_vec *heap, job *out) {
  job *jobs = heap->data;
  *out = jobs[0];
  jobs[0] = jobs[--heap->len];
  for (size_t i = 0;;) {
    size_t best = i, left = 2 * i + 1, right = left + 1;
    if (left < heap->len && runs_before(&jobs[left], &jobs[best]))
      best = left;
    if (right < heap->len && runs_before(&jobs[right], &jobs[best]))
      best = right;
    if (best == i)
      break;
    swap_jobs(&jobs[i], &jobs[best]);
    i = best;
  }
}

/* Moves the job just pushed at the end of the heap to its place. */
static void sift_up(ipg_vec *heap) {
  job *jobs = heap->data;
  for (size_t i = heap->len - 1; i > 0;) {
    size_t parent = (i - 1) / 2;
    if (!runs_before(&jobs[i], &jobs[parent]))
      break;
    swap_jobs(&jobs[i], &jobs[parent]);
    i = parent;
  }
}

static void *work(void *arg) {
  worker *w = arg;
  ipg_pool *pool = w->pool;
  if (pool->thread_start)
    pool->thread_start(pool->thread_start_arg);
  pthread_mutex_lock(&pool->lock);
  for (;;) {
    while (!pool->stopping && !pool->jobs.len)
      pthread_cond_wait(&pool->jobs_ready, &pool->lock);
    if (pool->stopping)
      break;
    job j;
    pop_job(&pool->jobs, &j);
    pthread_mutex_unlock(&pool->lock);

    ipg_pool_result r;
    memset(&r, 0, sizeof r);
    r.tag = j.tag;
    impgraph_error err;
    err.message[0] = '\0';
    r.rc = impgraph_scanner_scan_file(w->scanner, &r.scan, j.path, &err);
    if (r.rc)
      memcpy(r.message, err.message, sizeof r.message);

    pthread_mutex_lock(&pool->lock);
    pool->results[pool->results_len++] = r;
    pthread_cond_signal(&pool->results_ready);
  }
  pthread_mutex_unlock(&pool->lock);
  return NULL;
}

int ipg_pool_start(ipg_pool **out, unsigned workers, const impgraph_scan_options *opts,
                   void (*thread_start)(void *), void *thread_start_arg, impgraph_error *err) {
  *out = NULL;
  if (workers < 1)
    workers = 1;
  ipg_pool *pool = calloc(1, sizeof *pool);
  if (!pool)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  pthread_mutex_init(&pool->lock, NULL);
  pthread_cond_init(&pool->jobs_ready, NULL);
  pthread_cond_init(&pool->results_ready, NULL);
  ipg_vec_init(&pool->jobs, sizeof(job));
  pool->workers = calloc(workers, sizeof *pool->workers);
  if (!pool->workers) {
    ipg_pool_stop(pool);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  }
  pool->worker_count = workers;
  pool->thread_start = thread_start;
  pool->thread_start_arg = thread_start_arg;
  for (unsigned i = 0; i < workers; i++) {
    pool->workers[i].pool = pool;
    int rc = impgraph_scanner_new(&pool->workers[i].scanner, opts, err);
    if (rc) {
      ipg_pool_stop(pool);
      return rc;
    }
  }
  for (unsigned i = 0; i < workers; i++) {
    if (pthread_create(&pool->workers[i].thread, NULL, work, &pool->workers[i])) {
      ipg_pool_stop(pool);
      return ipg_fail(err, IMPGRAPH_EIO, "cannot start a scanner thread");
    }
    pool->workers[i].started = true;
  }
  *out = pool;
  return IMPGRAPH_OK;
}

int ipg_pool_submit(ipg_pool *pool, size_t tag, const char *path, uint64_t size) {
  pthread_mutex_lock(&pool->lock);
  size_t need = pool->results_len + pool->pending + 1;
  if (need > pool->results_cap) {
    size_t cap = pool->results_cap ? pool->results_cap * 2 : 64;
    while (cap < need)
      cap *= 2;
    ipg_pool_result *grown = realloc(pool->results, cap * sizeof *grown);
    if (!grown) {
      pthread_mutex_unlock(&pool->lock);
      return IMPGRAPH_ENOMEM;
    }
    pool->results = grown;
    pool->results_cap = cap;
  }
  job *slot = ipg_vec_push(&pool->jobs);
  if (slot) {
    slot->tag = tag;
    slot->path = path;
    slot->size = size;
    slot->seq = pool->submitted++;
    sift_up(&pool->jobs);
    pool->pending++;
    pthread_cond_signal(&pool->jobs_ready);
  }
  pthread_mutex_unlock(&pool->lock);
  return slot ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

bool ipg_pool_next(ipg_pool *pool, ipg_pool_result *out) {
  pthread_mutex_lock(&pool->lock);
  while (pool->pending && pool->results_head == pool->results_len)
    pthread_cond_wait(&pool->results_ready, &pool->lock);
  bool have = pool->results_head < pool->results_len;
  if (have) {
    *out = pool->results[pool->results_head++];
    pool->pending--;
    if (pool->results_head == pool->results_len)
      pool->results_head = pool->results_len = 0;
  }
  pthread_mutex_unlock(&pool->lock);
  return have;
}

void ipg_pool_stop(ipg_pool *pool) {
  if (!pool)
    return;
  pthread_mutex_lock(&pool->lock);
  pool->stopping = true;
  pthread_cond_broadcast(&pool->jobs_ready);
  pthread_mutex_unlock(&pool->lock);
  for (unsigned i = 0; i < pool->worker_count; i++) {
    if (pool->workers[i].started)
      pthread_join(pool->workers[i].thread, NULL);
    impgraph_scanner_free(pool->workers[i].scanner);
  }
  for (size_t i = pool->results_head; i < pool->results_len; i++)
    impgraph_scan_free(pool->results[i].scan);
  free(pool->results);
  ipg_vec_free(&pool->jobs);
  pthread_cond_destroy(&pool->jobs_ready);
  pthread_cond_destroy(&pool->results_ready);
  pthread_mutex_destroy(&pool->lock);
  free(pool->workers);
  free(pool);
}
