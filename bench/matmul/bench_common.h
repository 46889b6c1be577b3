/*
 * Shared by the matmul benchmarks: timing, inputs, statistics, the accuracy
 * check and the one-line result format that run_matmul.py parses:
 *
 *   RESULT variant=<v> m=<m> k=<k> n=<n> reps=<r> median_ms=<x> best_ms=<x>
 *          median_gflops=<x> best_gflops=<x>
 *
 * C = A[m,k] * B[k,n], f32, row-major; a matmul is 2*m*k*n flops.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#define _POSIX_C_SOURCE 200112L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* 64-byte aligned: a full cache line / zmm register, as a caller would use. */
static void *bench_alloc(size_t bytes) {
  void *p = NULL;
  if (posix_memalign(&p, 64, bytes ? bytes : 64) != 0) {
    fprintf(stderr, "out of memory (%zu bytes)\n", bytes);
    exit(2);
  }
  return p;
}

/* Deterministic xorshift inputs in [-1, 1). */
static uint64_t bench_rng = 0x9E3779B97F4A7C15ull;
static float bench_rand(void) {
  bench_rng ^= bench_rng << 13;
  bench_rng ^= bench_rng >> 7;
  bench_rng ^= bench_rng << 17;
  return (float)((bench_rng >> 40) * (1.0 / (1u << 23)) - 1.0);
}
static void bench_fill(float *x, size_t n) {
  for (size_t i = 0; i < n; i++)
    x[i] = bench_rand();
}

static int bench_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Repetitions for ~`budget_s` seconds of timed runs, at least min_reps. */
static int bench_reps(double one_call_s, double budget_s, int min_reps) {
  double r = budget_s / (one_call_s > 1e-9 ? one_call_s : 1e-9);
  if (r < min_reps)
    r = min_reps;
  if (r > 2000)
    r = 2000;
  return (int)r;
}

/* Relative error of C[i][j] against a double-precision reference, relative
 * to sum_k |a_ik * b_kj|: the natural scale of a dot product's rounding error
 * (a plain |ref| scale blows up where the sum cancels). NaN stays NaN. */
static double bench_entry_error(const float *a, const float *b, const float *c,
                                int k, int n, int i, int j) {
  double ref = 0, scale = 0;
  for (int p = 0; p < k; p++) {
    double t = (double)a[(size_t)i * k + p] * b[(size_t)p * n + j];
    ref += t;
    scale += fabs(t);
  }
  return fabs(c[(size_t)i * n + j] - ref) / (scale > 0 ? scale : 1);
}

/* Checks sampled entries of C (whole first, middle and last rows and columns,
 * where tiling edge bugs show, plus 1024 pseudo-random entries; every entry
 * of a small C); fails loudly beyond 1e-3. Costs O((3m + 3n + 1024) * k),
 * small next to the matmul itself. */
static int bench_check(const char *variant, const float *a, const float *b,
                       const float *c, int m, int k, int n) {
  double worst = 0;
  int wi = 0, wj = 0, count = 0;
  int rows[3] = {0, m / 2, m - 1}, cols[3] = {0, n / 2, n - 1};
  uint64_t h = 12345;
  int all = (int64_t)m * n <= 4096;
  int samples = all ? m * n : 3 * (m + n) + 1024;
  for (int s = 0; s < samples; s++) {
    int i, j;
    if (all) {
      i = s / n, j = s % n;
    } else if (s < 3 * n) {
      i = rows[s / n], j = s % n;
    } else if (s < 3 * (m + n)) {
      i = (s - 3 * n) % m, j = cols[(s - 3 * n) / m];
    } else {
      h = h * 6364136223846793005ull + 1442695040888963407ull;
      i = (int)((h >> 33) % (uint64_t)m), j = (int)((h >> 13) % (uint64_t)n);
    }
    double err = bench_entry_error(a, b, c, k, n, i, j);
    count++;
    if (!(err <= worst)) { /* also catches NaN */
      worst = err, wi = i, wj = j;
      if (err != err)
        break;
    }
  }
  if (!(worst <= 1e-3)) {
    fprintf(stderr,
            "\n*** %s: WRONG RESULT: C[%d][%d] relative error %g > 1e-3 "
            "(%d entries checked) ***\n\n",
            variant, wi, wj, worst, count);
    return 1;
  }
  return 0;
}

/* Prints the RESULT line from the per-repetition times (sorted in place). */
static void bench_report(const char *variant, int m, int k, int n, double *t,
                         int reps) {
  qsort(t, (size_t)reps, sizeof *t, bench_cmp_double);
  double med = reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
  double flops = 2.0 * m * k * n;
  printf("RESULT variant=%s m=%d k=%d n=%d reps=%d median_ms=%.4f best_ms=%.4f "
         "median_gflops=%.2f best_gflops=%.2f\n",
         variant, m, k, n, reps, med * 1e3, t[0] * 1e3, flops / med * 1e-9,
         flops / t[0] * 1e-9);
}

#endif
