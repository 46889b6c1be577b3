/*
 * Single-core f32 FMA peak: many independent accumulator chains, each doing
 * acc = acc * a + b, so that the FMA pipes never wait on an FMA's latency
 * (chains needed >= latency x FMAs per cycle: 4 x 2 on Zen 4/5 and Skylake-X).
 *
 *   clang -O3 -march=native bench/peak/fma_peak.c -o fma_peak && ./fma_peak
 * [runs]
 *
 * Prints one line per vector width the build supports and a final
 * `PEAK_GFLOPS <x>` line (the best width) for scripts. 1 FMA = 2 flops.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#endif

/* Opaque to the optimizer, so nothing is folded at compile time.
 * The chains converge to b / (1 - a) = 1: no overflow, no denormals. */
static volatile float va = 0.9999999f, vb = 1e-7f;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static volatile float sink;

/* One kernel per width: ACC accumulators of type VEC. The fixed-size loop over
 * k is fully unrolled by -O3, keeping acc in registers. Returns seconds. */
#define DEFINE_KERNEL(NAME, VEC, ACC, SET1, FMA, SUM)                          \
  static double NAME(long iters) {                                             \
    VEC a = SET1(va), b = SET1(vb), acc[ACC];                                  \
    for (int k = 0; k < ACC; k++)                                              \
      acc[k] = SET1(1.0f + k * 1e-3f);                                         \
    double t0 = now();                                                         \
    for (long i = 0; i < iters; i++)                                           \
      for (int k = 0; k < ACC; k++)                                            \
        acc[k] = FMA(acc[k], a, b);                                            \
    double t = now() - t0;                                                     \
    float s = 0;                                                               \
    for (int k = 0; k < ACC; k++)                                              \
      s += SUM(acc[k]);                                                        \
    sink = s; /* results are used: the loop cannot be dropped */               \
    return t;                                                                  \
  }

#if defined(__AVX512F__)
static float sum512(__m512 v) { return _mm512_reduce_add_ps(v); }
DEFINE_KERNEL(peak_zmm, __m512, 16, _mm512_set1_ps, _mm512_fmadd_ps, sum512)
#endif
#if defined(__AVX2__) && defined(__FMA__)
static float sum256(__m256 v) {
  float f[8];
  _mm256_storeu_ps(f, v);
  return f[0] + f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7];
}
/* 12, not 16: AVX2 has 16 ymm registers and a and b need two of them. */
DEFINE_KERNEL(peak_ymm, __m256, 12, _mm256_set1_ps, _mm256_fmadd_ps, sum256)
#endif
#if defined(__aarch64__)
static float32x4_t fma_neon(float32x4_t c, float32x4_t a, float32x4_t b) {
  return vfmaq_f32(b, c, a); /* b + c * a */
}
DEFINE_KERNEL(peak_neon, float32x4_t, 16, vdupq_n_f32, fma_neon, vaddvq_f32)
#endif

typedef struct {
  const char *name;
  double (*fn)(long);
  int flops_per_iter; /* 2 x lanes x accumulators */
} kernel;

static const kernel kernels[] = {
#if defined(__AVX512F__)
    {"avx512 zmm x16 acc", peak_zmm, 2 * 16 * 16},
#endif
#if defined(__AVX2__) && defined(__FMA__)
    {"avx2   ymm x12 acc", peak_ymm, 2 * 8 * 12},
#endif
#if defined(__aarch64__)
    {"neon   q   x16 acc", peak_neon, 2 * 4 * 16},
#endif
};

int main(int argc, char **argv) {
  int runs = argc > 1 ? atoi(argv[1]) : 7;
  int n = (int)(sizeof kernels / sizeof kernels[0]);
  if (n == 0) {
    fprintf(stderr, "fma_peak: built without AVX2/FMA, AVX-512 or NEON; "
                    "use -march=native\n");
    return 1;
  }
  double best_all = 0;
  for (int k = 0; k < n; k++) {
    /* Calibrate to ~50 ms per run so that timer noise is negligible. */
    long iters = 1 << 20;
    double t = kernels[k].fn(iters);
    iters = (long)(iters * 0.05 / (t > 1e-6 ? t : 1e-6)) + 1;
    double best = 0;
    for (int r = 0; r < runs; r++) {
      double g = (double)kernels[k].flops_per_iter * iters /
                 kernels[k].fn(iters) * 1e-9;
      if (g > best)
        best = g;
    }
    printf("fma_peak: %s: %8.1f GFLOP/s (best of %d)\n", kernels[k].name, best,
           runs);
    if (best > best_all)
      best_all = best;
  }
  printf("PEAK_GFLOPS %.1f\n", best_all);
  return 0;
}
