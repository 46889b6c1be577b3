/*
 * Shared by bench/workloads/peers_c.c and peers_eigen.cpp: timing, inputs,
 * the command line and the RESULT line bench/run_peers.py parses.
 *
 *   PROG KIND SECONDS DIM...
 *
 * KIND and DIM... as in bench/workloads/gen_workloads.py's manifest. Threads
 * come from OMP_NUM_THREADS (OpenMP builds only). One warm-up call, then
 * calls until SECONDS have passed and at least 5 ran; prints
 * `RESULT runs=<n> median_s=<t> min_s=<t> check=<x>` (check: a checksum of
 * the output, so that the work cannot be optimized away).
 */
#ifndef PEERS_COMMON_H
#define PEERS_COMMON_H
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

static double pc_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The policy of nxc_buffer_alloc (runtime/src/runtime.c), so that peers
 * and nxc stream from the same kind of pages: 64-byte aligned, and from
 * 2 MiB on 2 MiB aligned with transparent huge pages asked for. */
static float *pc_alloc(long n) {
  size_t bytes = (size_t)(n > 0 ? n : 1) * sizeof(float);
  size_t align = bytes >= ((size_t)2 << 20) ? ((size_t)2 << 20) : 64;
  void *p = NULL;
  if (posix_memalign(&p, align, bytes)) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (align > 64)
    (void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
  return (float *)p;
}

/* Deterministic uniform values in [lo, hi). */
static void pc_fill(float *x, long n, float lo, float hi, unsigned seed) {
  unsigned long s = 0x9E3779B97F4A7C15ul ^ seed;
  for (long i = 0; i < n; i++) {
    s = s * 6364136223846793005ul + 1442695040888963407ul;
    x[i] = lo + (hi - lo) * (float)((s >> 40) * (1.0 / 16777216.0));
  }
}

static int pc_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Times fn(ctx): warm-up, then >= 5 calls and >= seconds. */
static void pc_time(void (*fn)(void *), void *ctx, double seconds,
                    double check) {
  fn(ctx);
  int cap = 1 << 20, n = 0;
  double *ts = (double *)malloc(sizeof(double) * cap);
  double start = pc_now();
  while (n < cap && (n < 5 || pc_now() - start < seconds)) {
    double t0 = pc_now();
    fn(ctx);
    ts[n++] = pc_now() - t0;
  }
  qsort(ts, n, sizeof(double), pc_cmp);
  printf("RESULT runs=%d median_s=%.9g min_s=%.9g check=%g\n", n, ts[n / 2],
         ts[0], check);
  free(ts);
}
#endif
