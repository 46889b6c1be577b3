/*
 * Times one nxc-compiled graph (any signature), for bench/run_ops.py:
 *
 *   nxc compile op_exp.graph.json -o op_exp.o
 *   clang -O3 -march=native -I runtime/include -I . \
 *     -DNXC_HEADER='"op_exp.h"' -DNXC_FN=op_exp -DNXC_INFO=op_exp_info \
 *     -DNXC_FN_SIZE=0x254 \
 *     -rdynamic bench/ops/bench_op.c op_exp.o runtime/src/runtime.c \
 *     runtime/src/parallel.c -lm -ldl -pthread -o bench_exp
 *   ./bench_exp SECONDS MIN_REPS FILL0 FILL1 ... [PROFILE_SECONDS]
 *
 * NXC_BENCH_THREADS=N in the environment sets the runtime's thread count.
 *
 * FILLi says how to fill argument i (its dtype and size come from
 * <name>_info): `u:LO:HI` uniform reals in [LO, HI), `i:LO:HI` uniform
 * integers in [LO, HI] (indices in range, shift amounts, exact scalars).
 * Results are filled with 0xff bytes first (NaN for floats). After one call
 * through nxc_call and two warm-up calls, it times direct calls for about
 * SECONDS (at least MIN_REPS) and prints
 *
 *   RESULT reps=<r> median_ms=<x> best_ms=<x> first_ms=<x> checksum=<x>
 *
 * checksum is a sum over the first result's elements (a sanity value: it
 * keeps the calls observable and shows NaNs).
 *
 * With PROFILE_SECONDS > 0 (argument after the fills) it then calls the
 * function for that long under a 50 us CLOCK_MONOTONIC sampling timer and
 * prints where the samples landed:
 *
 *   SAMPLES total=<n>
 *   PC <offset from NXC_FN> <count>      (samples inside NXC_FN's code)
 *   EXT <file>:<symbol> <count>          (elsewhere: libm, libc, runtime)
 *
 * run_ops.py maps the offsets onto the object's disassembly.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nxc/runtime.h>

#ifndef NXC_HEADER
#error "define NXC_HEADER, NXC_FN and NXC_INFO (see the comment above)"
#endif
#include NXC_HEADER

#ifndef NXC_FN_SIZE /* bytes of NXC_FN's code (objdump -t), for profiling */
#define NXC_FN_SIZE 0
#endif

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static double rand01(void) { /* [0, 1) */
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (double)(rng >> 11) * (1.0 / 9007199254740992.0);
}

static uint16_t f32_to_f16(float f) { /* round to nearest even, no NaNs here */
  uint32_t x;
  memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000u;
  int32_t e = (int32_t)((x >> 23) & 0xff) - 127 + 15;
  uint32_t m = x & 0x7fffffu;
  if (e >= 31)
    return (uint16_t)(sign | 0x7c00u);
  if (e <= 0)
    return (uint16_t)sign; /* flush tiny values: inputs are not tiny */
  uint32_t h = sign | ((uint32_t)e << 10) | (m >> 13);
  uint32_t rest = m & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1)))
    h++;
  return (uint16_t)h;
}

static int fill(void *p, const nxc_tensor_info *t, const char *spec) {
  char kind;
  double lo, hi;
  if (sscanf(spec, "%c:%lf:%lf", &kind, &lo, &hi) != 3 ||
      (kind != 'u' && kind != 'i')) {
    fprintf(stderr, "bench_op: bad fill spec '%s'\n", spec);
    return 1;
  }
  size_t bits = nxc_dtype_bits(t->dtype);
  size_t n = bits ? t->byte_size * 8 / bits : 0;
  for (size_t i = 0; i < n; i++) {
    double v = kind == 'u' ? lo + (hi - lo) * rand01()
                           : floor(lo + (hi - lo + 1) * rand01());
    switch (t->dtype) {
    case NXC_F32:
      ((float *)p)[i] = (float)v;
      break;
    case NXC_F64:
      ((double *)p)[i] = v;
      break;
    case NXC_F16:
      ((uint16_t *)p)[i] = f32_to_f16((float)v);
      break;
    case NXC_S8:
      ((int8_t *)p)[i] = (int8_t)v;
      break;
    case NXC_S16:
      ((int16_t *)p)[i] = (int16_t)v;
      break;
    case NXC_S32:
      ((int32_t *)p)[i] = (int32_t)v;
      break;
    case NXC_S64:
      ((int64_t *)p)[i] = (int64_t)v;
      break;
    case NXC_U8:
      ((uint8_t *)p)[i] = (uint8_t)v;
      break;
    case NXC_U16:
      ((uint16_t *)p)[i] = (uint16_t)v;
      break;
    case NXC_U32:
      ((uint32_t *)p)[i] = (uint32_t)v;
      break;
    case NXC_U64:
      ((uint64_t *)p)[i] = (uint64_t)v;
      break;
    default:
      fprintf(stderr, "bench_op: cannot fill dtype %s\n",
              nxc_dtype_name(t->dtype));
      return 1;
    }
  }
  return 0;
}

static double checksum(const void *p, const nxc_tensor_info *t) {
  size_t bits = nxc_dtype_bits(t->dtype);
  size_t n = bits ? t->byte_size * 8 / bits : 0;
  double s = 0;
  for (size_t i = 0; i < n; i++) {
    switch (t->dtype) {
    case NXC_F32:
      s += ((const float *)p)[i];
      break;
    case NXC_F64:
      s += ((const double *)p)[i];
      break;
    case NXC_S32:
      s += ((const int32_t *)p)[i];
      break;
    case NXC_S64:
      s += (double)((const int64_t *)p)[i];
      break;
    case NXC_U8:
      s += ((const uint8_t *)p)[i];
      break;
    case NXC_F16:
      s += ((const uint16_t *)p)[i] & 0x7fff ? 1 : 0;
      break;
    default:
      s += ((const uint8_t *)p)[i * bits / 8];
      break;
    }
  }
  return s;
}

static void *alloc(size_t bytes) {
  void *p = NULL;
  if (posix_memalign(&p, 64, bytes ? bytes : 64) != 0) {
    fprintf(stderr, "bench_op: out of memory\n");
    exit(2);
  }
  return p;
}

#define MAX_SAMPLES 200000
static volatile uintptr_t samples[MAX_SAMPLES];
static volatile int nsamples;
static void on_sample(int sig, siginfo_t *si, void *ctx) {
  (void)sig, (void)si;
  ucontext_t *uc = ctx;
  if (nsamples < MAX_SAMPLES)
    samples[nsamples++] = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
}

static int cmp_uptr(const void *a, const void *b) {
  uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
  return (x > y) - (x < y);
}

static void profile(const void **args, void **results, void *ws,
                    double seconds) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sample;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(SIGPROF, &sa, NULL);
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGPROF;
  timer_t tid;
  if (timer_create(CLOCK_MONOTONIC, &sev, &tid) != 0) {
    perror("timer_create");
    return;
  }
  struct itimerspec its = {{0, 50000}, {0, 50000}};
  timer_settime(tid, 0, &its, NULL);
  double end = now() + seconds;
  while (now() < end && nsamples < MAX_SAMPLES)
    NXC_FN(args, (void *const *)results, ws);
  memset(&its, 0, sizeof its);
  timer_settime(tid, 0, &its, NULL);
  timer_delete(tid);
  int n = nsamples;
  uintptr_t *pc = malloc(sizeof(uintptr_t) * (n + 1));
  for (int i = 0; i < n; i++)
    pc[i] = samples[i];
  qsort(pc, n, sizeof(uintptr_t), cmp_uptr);
  printf("SAMPLES total=%d\n", n);
  uintptr_t base = (uintptr_t)&NXC_FN;
  for (int i = 0; i < n;) {
    int j = i;
    while (j < n && pc[j] == pc[i])
      j++;
    if (pc[i] >= base && pc[i] - base < (uintptr_t)NXC_FN_SIZE) {
      printf("PC %lu %d\n", (unsigned long)(pc[i] - base), j - i);
    } else {
      Dl_info di;
      const char *file = "?", *sym = "?";
      if (dladdr((void *)pc[i], &di)) {
        if (di.dli_fname) {
          file = strrchr(di.dli_fname, '/');
          file = file ? file + 1 : di.dli_fname;
        }
        if (di.dli_sname)
          sym = di.dli_sname;
      }
      printf("EXT %s:%s %d\n", file, sym, j - i);
    }
    i = j;
  }
  free(pc);
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  const nxc_function_info *fn = &NXC_INFO;
  if (argc < 3 + (int)fn->num_args) {
    fprintf(stderr, "usage: %s SECONDS MIN_REPS FILL*%u\n", argv[0],
            fn->num_args);
    return 2;
  }
  double budget = atof(argv[1]);
  int min_reps = atoi(argv[2]);
  const void **args = calloc(fn->num_args + 1, sizeof(void *));
  void **results = calloc(fn->num_results + 1, sizeof(void *));
  for (uint32_t i = 0; i < fn->num_args; i++) {
    void *p = alloc(fn->args[i].byte_size);
    if (fill(p, &fn->args[i], argv[3 + i]))
      return 2;
    args[i] = p;
  }
  for (uint32_t j = 0; j < fn->num_results; j++) {
    results[j] = alloc(fn->results[j].byte_size);
    memset(results[j], 0xff, fn->results[j].byte_size);
  }
  int32_t st = NXC_OK;
  void *ws = nxc_workspace_alloc(fn, &st);
  if (st != NXC_OK) {
    fprintf(stderr, "bench_op: workspace: %s\n", nxc_status_string(st));
    return 1;
  }
  /* The runtime's thread count for the compiled loops (default 1). */
  const char *threads = getenv("NXC_BENCH_THREADS");
  if (threads)
    nxc_set_num_threads(atoi(threads));
  double t0 = now();
  st = nxc_call(fn, args, (void *const *)results, ws);
  double first = now() - t0;
  if (st != NXC_OK) {
    fprintf(stderr, "bench_op: call: %s\n", nxc_status_string(st));
    return 1;
  }
  for (int w = 0; w < 2; w++)
    NXC_FN(args, (void *const *)results, ws);

  double r = budget / (first > 1e-7 ? first : 1e-7);
  int reps = r < min_reps ? min_reps : r > 5000 ? 5000 : (int)r;
  double *t = malloc(sizeof(double) * reps);
  for (int i = 0; i < reps; i++) {
    double s = now();
    NXC_FN(args, (void *const *)results, ws);
    t[i] = now() - s;
  }
  qsort(t, reps, sizeof(double), cmp);
  printf("RESULT reps=%d median_ms=%.6f best_ms=%.6f first_ms=%.6f "
         "checksum=%.6g workspace=%llu\n",
         reps, 1e3 * t[reps / 2], 1e3 * t[0], 1e3 * first,
         fn->num_results ? checksum(results[0], &fn->results[0]) : 0.0,
         (unsigned long long)fn->workspace_size);
  fflush(stdout);
  if (argc > 3 + (int)fn->num_args) {
    double ps = atof(argv[3 + fn->num_args]);
    if (ps > 0)
      profile(args, results, ws, ps);
  }
  return 0;
}
