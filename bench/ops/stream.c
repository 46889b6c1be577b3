/*
 * A STREAM-like single-core memory bandwidth reference for bench/run_ops.py.
 *
 *   clang -O3 -march=native stream.c -o stream && ./stream [n_floats]
 *
 * Three f32 arrays of n (default 16 Mi = 64 MiB each, far beyond any L3):
 * copy a[i] = b[i] (8 bytes per element) and triad a[i] = b[i] + s*c[i]
 * (12 bytes), counted as STREAM does (no write-allocate traffic). Best of 10
 * runs each. Prints `STREAM copy_gbs=<x> triad_gbs=<x>`.
 */
#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

__attribute__((noinline)) static void copy(float *restrict a,
                                           const float *restrict b, long n) {
  for (long i = 0; i < n; i++)
    a[i] = b[i];
}

__attribute__((noinline)) static void triad(float *restrict a,
                                            const float *restrict b,
                                            const float *restrict c, float s,
                                            long n) {
  for (long i = 0; i < n; i++)
    a[i] = b[i] + s * c[i];
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 16L << 20;
  float *a, *b, *c;
  if (posix_memalign((void **)&a, 64, n * 4) ||
      posix_memalign((void **)&b, 64, n * 4) ||
      posix_memalign((void **)&c, 64, n * 4))
    return 2;
  for (long i = 0; i < n; i++)
    a[i] = 0, b[i] = (float)(i & 1023), c[i] = 0.5f;
  double bc = 1e30, bt = 1e30;
  for (int r = 0; r < 10; r++) {
    double t0 = now();
    copy(a, b, n);
    double t1 = now();
    triad(a, b, c, 3.0f, n);
    double t2 = now();
    if (t1 - t0 < bc)
      bc = t1 - t0;
    if (t2 - t1 < bt)
      bt = t2 - t1;
  }
  printf("STREAM copy_gbs=%.2f triad_gbs=%.2f check=%g\n", 8.0 * n / bc / 1e9,
         12.0 * n / bt / 1e9, (double)a[n / 2]);
  return 0;
}
