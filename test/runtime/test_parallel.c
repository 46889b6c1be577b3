/* The runtime's thread pool (runtime/src/parallel.c): every iteration runs
 * exactly once, in contiguous chunks, at any thread count, with concurrent
 * and nested callers. Built plain, and with ThreadSanitizer where the build
 * allows it. Exit status 0 when all checks pass. */
#define _POSIX_C_SOURCE 200809L
#include "nxc/runtime.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_N 4096

static int failures;
#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                     \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

typedef struct {
  int hits[MAX_N];
  int chunks;
  int bad_range;
} counts;

static void count(void *ctx, int64_t begin, int64_t end) {
  counts *c = ctx;
  if (begin < 0 || end > MAX_N || begin >= end)
    __atomic_add_fetch(&c->bad_range, 1, __ATOMIC_RELAXED);
  else
    for (int64_t i = begin; i < end; ++i)
      __atomic_add_fetch(&c->hits[i], 1, __ATOMIC_RELAXED);
  __atomic_add_fetch(&c->chunks, 1, __ATOMIC_RELAXED);
}

/* Runs a loop of n iterations and checks each ran once; returns the chunk
 * count. */
static int run_once(int64_t n) {
  counts *c = calloc(1, sizeof *c);
  nxc_parallel_for(count, c, n);
  CHECK(c->bad_range == 0, "n=%lld: an empty or out-of-range chunk",
        (long long)n);
  for (int64_t i = 0; i < n; ++i)
    CHECK(c->hits[i] == 1, "n=%lld: iteration %lld ran %d times", (long long)n,
          (long long)i, c->hits[i]);
  int chunks = c->chunks;
  free(c);
  return chunks;
}

static void nested(void *ctx, int64_t begin, int64_t end) {
  counts *c = ctx;
  for (int64_t i = begin; i < end; ++i) {
    /* A loop inside a task runs on this thread, in one chunk. */
    counts inner;
    memset(&inner, 0, sizeof inner);
    nxc_parallel_for(count, &inner, 64);
    if (inner.chunks != 1 || inner.hits[63] != 1)
      __atomic_add_fetch(&c->bad_range, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&c->hits[i], 1, __ATOMIC_RELAXED);
  }
}

static void *caller(void *arg) {
  (void)arg;
  for (int k = 0; k < 200; ++k)
    run_once(1 + (k * 37) % 500);
  return NULL;
}

int main(void) {
  CHECK(nxc_get_num_threads() == 1, "default is %d threads, expected 1",
        nxc_get_num_threads());
  CHECK(run_once(100) == 1, "one thread: the caller runs one chunk");
  nxc_parallel_for(count, NULL, 0); /* nothing to do: fn is not called */

  for (int t = 2; t <= 5; ++t) {
    CHECK(nxc_set_num_threads(t) == t, "set %d", t);
    CHECK(nxc_get_num_threads() == t, "get %d", t);
    for (int64_t n = 1; n <= 67; ++n) {
      int chunks = run_once(n);
      int want = n < t ? (int)n : t;
      CHECK(chunks == want, "t=%d n=%lld: %d chunks, expected %d", t,
            (long long)n, chunks, want);
    }
    for (int k = 0; k < 300; ++k) /* back to back: workers still spinning */
      run_once(MAX_N - k);
  }

  /* Concurrent callers: each loop runs in full, on the pool or serially. */
  nxc_set_num_threads(3);
  pthread_t th[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&th[i], NULL, caller, NULL);
  for (int i = 0; i < 4; ++i)
    pthread_join(th[i], NULL);

  counts *c = calloc(1, sizeof *c);
  nxc_parallel_for(nested, c, 16);
  CHECK(c->bad_range == 0, "a nested loop was split");
  for (int i = 0; i < 16; ++i)
    CHECK(c->hits[i] == 1, "nested: iteration %d ran %d times", i, c->hits[i]);
  free(c);

  CHECK(nxc_set_num_threads(0) >= 1, "0 means one per CPU");
  CHECK(nxc_set_num_threads(100000) == 256, "capped at 256");
  nxc_set_num_threads(1);
  if (failures)
    fprintf(stderr, "%d failures\n", failures);
  else
    printf("test_parallel: all checks passed\n");
  return failures != 0;
}
