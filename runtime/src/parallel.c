/* The thread pool behind nxc_parallel_for (include/nxc/runtime.h).
 *
 * Compiled objects reference nxc_parallel_for weakly: without this file they
 * run every loop on the calling thread. With it, a call splits [0, n) into
 * one contiguous chunk per thread; the caller runs a chunk too. Workers spin
 * briefly between jobs (fork/join of a few microseconds for back-to-back
 * loops), then sleep on a condition variable so an idle pool costs nothing. */
#define _POSIX_C_SOURCE 200809L
#include "nxc/runtime.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define NXC_MAX_THREADS 256
#define NXC_SPIN 4000 /* ~0.1-0.2 ms of pause before a worker sleeps */

#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax() __builtin_ia32_pause()
/* Compiled tasks may end in non-temporal stores (nxc-streaming-stores),
 * which are weakly ordered: drain them before the chunk is reported done. */
#if defined(__SSE__)
#define store_fence() __builtin_ia32_sfence()
#endif
#elif defined(__aarch64__)
#define cpu_relax() __asm__ __volatile__("yield")
#else
#define cpu_relax() ((void)0)
#endif
#ifndef store_fence
#define store_fence() ((void)0)
#endif

#define LOAD(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define STORE(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)
#define ADD(p, v) __atomic_add_fetch(p, v, __ATOMIC_ACQ_REL)

static struct {
  pthread_mutex_t busy; /* held by the one caller whose job is running */
  pthread_mutex_t m;    /* guards sleeping and starting workers */
  pthread_cond_t wake;  /* a new job (generation changed) */
  pthread_cond_t done;  /* the last chunk finished */
  int threads;          /* what nxc_set_num_threads asked for */
  int workers;          /* started worker threads */
  /* The current job. */
  nxc_task_fn fn;
  void *ctx;
  int64_t n;
  /* generation << 32 | parts << 16 | next unclaimed chunk, updated as one
   * word so that a worker still leaving the previous job can never claim a
   * chunk of the next one from stale fields. */
  uint64_t job;
  int remaining; /* chunks not finished yet */
  int sleepers;  /* workers blocked on `wake` */
  int waiting;   /* the caller is blocked on `done` */
} pool = {.busy = PTHREAD_MUTEX_INITIALIZER,
          .m = PTHREAD_MUTEX_INITIALIZER,
          .wake = PTHREAD_COND_INITIALIZER,
          .done = PTHREAD_COND_INITIALIZER,
          .threads = 1};

static __thread int in_task; /* nested parallel loops run serially */

#define JOB_GEN(j) ((j) >> 32)
#define JOB_PARTS(j) ((int)(((j) >> 16) & 0xffff))
#define JOB_NEXT(j) ((int)((j) & 0xffff))

/* Claims and runs chunks of job `gen` until none is left. A successful claim
 * means the job is unfinished, so fn, ctx and n are still its own. */
static void run_chunks(uint64_t gen) {
  for (;;) {
    uint64_t j = LOAD(&pool.job);
    if (JOB_GEN(j) != gen || JOB_NEXT(j) >= JOB_PARTS(j))
      return;
    if (!__atomic_compare_exchange_n(&pool.job, &j, j + 1, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
      continue;
    int p = JOB_NEXT(j), parts = JOB_PARTS(j);
    int64_t begin = pool.n * p / parts;
    int64_t end = pool.n * (p + 1) / parts;
    in_task = 1;
    pool.fn(pool.ctx, begin, end);
    store_fence();
    in_task = 0;
    if (ADD(&pool.remaining, -1) == 0) {
      pthread_mutex_lock(&pool.m);
      if (pool.waiting)
        pthread_cond_signal(&pool.done);
      pthread_mutex_unlock(&pool.m);
    }
  }
}

static void *worker_main(void *arg) {
  (void)arg;
  uint64_t seen = JOB_GEN(LOAD(&pool.job));
  for (;;) {
    int spins = 0;
    while (JOB_GEN(LOAD(&pool.job)) == seen && spins < NXC_SPIN) {
      cpu_relax();
      ++spins;
    }
    if (JOB_GEN(LOAD(&pool.job)) == seen) {
      pthread_mutex_lock(&pool.m);
      ++pool.sleepers;
      while (JOB_GEN(LOAD(&pool.job)) == seen)
        pthread_cond_wait(&pool.wake, &pool.m);
      --pool.sleepers;
      pthread_mutex_unlock(&pool.m);
    }
    seen = JOB_GEN(LOAD(&pool.job));
    run_chunks(seen);
  }
  return NULL;
}

/* Starts workers up to `threads - 1`; returns how many threads a job may
 * use (fewer when a thread could not be created). Called with `busy` held. */
static int ensure_workers(int threads) {
  pthread_mutex_lock(&pool.m);
  while (pool.workers < threads - 1) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int err = pthread_create(&t, &attr, worker_main, NULL);
    pthread_attr_destroy(&attr);
    if (err)
      break;
    ++pool.workers;
  }
  int usable = pool.workers + 1;
  pthread_mutex_unlock(&pool.m);
  return usable < threads ? usable : threads;
}

void nxc_parallel_for(nxc_task_fn fn, void *ctx, int64_t n) {
  if (n <= 0)
    return;
  int threads = LOAD(&pool.threads);
  /* Serial: one thread, one chunk, a nested loop, or another caller's job
   * in flight (concurrent calls from a NIF's schedulers do not queue). */
  if (threads <= 1 || n == 1 || in_task || pthread_mutex_trylock(&pool.busy)) {
    fn(ctx, 0, n);
    return;
  }
  threads = ensure_workers(threads);
  int parts = n < threads ? (int)n : threads;
  if (parts <= 1) {
    pthread_mutex_unlock(&pool.busy);
    fn(ctx, 0, n);
    return;
  }
  pool.fn = fn;
  pool.ctx = ctx;
  pool.n = n;
  STORE(&pool.remaining, parts);
  uint64_t gen = (JOB_GEN(LOAD(&pool.job)) + 1) & 0xffffffffu;
  pthread_mutex_lock(&pool.m);
  STORE(&pool.job, gen << 32 | (uint64_t)parts << 16);
  if (pool.sleepers)
    pthread_cond_broadcast(&pool.wake);
  pthread_mutex_unlock(&pool.m);
  run_chunks(gen);
  for (int spins = 0; LOAD(&pool.remaining) != 0 && spins < NXC_SPIN; ++spins)
    cpu_relax();
  if (LOAD(&pool.remaining) != 0) {
    pthread_mutex_lock(&pool.m);
    pool.waiting = 1;
    while (LOAD(&pool.remaining) != 0)
      pthread_cond_wait(&pool.done, &pool.m);
    pool.waiting = 0;
    pthread_mutex_unlock(&pool.m);
  }
  pthread_mutex_unlock(&pool.busy);
}

int nxc_set_num_threads(int threads) {
  if (threads <= 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    threads = cpus > 0 ? (int)cpus : 1;
  }
  if (threads > NXC_MAX_THREADS)
    threads = NXC_MAX_THREADS;
  STORE(&pool.threads, threads);
  return threads;
}

int nxc_get_num_threads(void) { return LOAD(&pool.threads); }
