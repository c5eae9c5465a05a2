/* The scanner pool: worker threads, each with its own impgraph_scanner,
 * reading and scanning files that the coordinator submits, largest first.
 * Results come back in completion order. The pool knows nothing of modules: a job is a tag
 * and a path. Used by one coordinator thread. */
#ifndef IMPGRAPH_GRAPH_POOL_H
#define IMPGRAPH_GRAPH_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

typedef struct ipg_pool ipg_pool;

/* One finished job. */
typedef struct ipg_pool_result {
  size_t tag;
  impgraph_scan *scan;                       /* new object (the receiver frees it), or NULL */
  int rc;                                    /* impgraph_scanner_scan_file's status */
  char message[IMPGRAPH_ERROR_MESSAGE_SIZE]; /* its message when rc != 0 */
} ipg_pool_result;

/* Starts `workers` threads (>= 1), creating their scanners first so that
   a scanner error (IMPGRAPH_EABI) is reported here. Each thread first
   calls thread_start(thread_start_arg) when thread_start is not NULL.
   Returns 0,
   IMPGRAPH_EABI, IMPGRAPH_EVERSION, IMPGRAPH_ENOMEM or IMPGRAPH_EIO (a
   thread could not be started). Ownership: *out is a new object. */
int ipg_pool_start(ipg_pool **out, unsigned workers, const impgraph_scan_options *opts,
                   void (*thread_start)(void *), void *thread_start_arg, impgraph_error *err);

/* Queues `path` (borrowed: must stay valid until its result is taken).
   Waiting jobs start largest `size` first (the file's size, or 0 when
   unknown), then in submission order. Returns 0 or IMPGRAPH_ENOMEM. */
int ipg_pool_submit(ipg_pool *pool, size_t tag, const char *path, uint64_t size);

/* Waits for the next result. Returns false when no job is pending. */
bool ipg_pool_next(ipg_pool *pool, ipg_pool_result *out);

/* Stops the workers (after their current job), joins them and frees every
   unclaimed result. NULL is a no-op. */
void ipg_pool_stop(ipg_pool *pool);

#endif
