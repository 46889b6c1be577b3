/*
 * Baseline: the textbook matmul a C programmer writes first, in i-k-j order
 * (the inner loop streams over rows of B and C, so -O3 -march=native
 * vectorizes it with FMAs) but with no blocking, packing or register tiling.
 * This is what "plain C" gives; it is not a tuned kernel.
 *
 *   clang -O3 -march=native naive.c -lm -o naive
 *   ./naive [n=512] [min_reps=5] [seconds=1.0]
 */
#include "bench_common.h"

static void matmul_ikj(const float *restrict a, const float *restrict b,
                       float *restrict c, int m, int k, int n) {
  memset(c, 0, sizeof(float) * (size_t)m * n);
  for (int i = 0; i < m; i++)
    for (int p = 0; p < k; p++) {
      float aip = a[(size_t)i * k + p];
      for (int j = 0; j < n; j++)
        c[(size_t)i * n + j] += aip * b[(size_t)p * n + j];
    }
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 512;
  int min_reps = argc > 2 ? atoi(argv[2]) : 5;
  double budget = argc > 3 ? atof(argv[3]) : 1.0;
  if (n <= 0)
    return 2;
  size_t nn = (size_t)n * n;
  float *a = bench_alloc(nn * 4), *b = bench_alloc(nn * 4),
        *c = bench_alloc(nn * 4);
  bench_fill(a, nn);
  bench_fill(b, nn);

  double t0 = bench_now(); /* warm-up: page faults, caches, clocks */
  matmul_ikj(a, b, c, n, n, n);
  int reps = bench_reps(bench_now() - t0, budget, min_reps);
  if (bench_check("naive", a, b, c, n, n, n))
    return 1;

  double *t = malloc(sizeof(double) * reps);
  for (int r = 0; r < reps; r++) {
    double s = bench_now();
    matmul_ikj(a, b, c, n, n, n);
    t[r] = bench_now() - s;
  }
  bench_report("naive", n, n, n, t, reps);
  free(t);
  free(a);
  free(b);
  free(c);
  return 0;
}
