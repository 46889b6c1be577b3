/*
 * Times an nxc-compiled matmul graph (bench/graphs/matmul_<n>.graph.json):
 *
 *   nxc compile matmul_512.graph.json -o out/matmul_512.o
 *   clang -O3 -march=native -I runtime/include -I bench/matmul -I out \
 *     -DNXC_HEADER='"matmul_512.h"' -DNXC_FN=matmul_512 \
 *     -DNXC_INFO=matmul_512_info bench_nxc.c out/matmul_512.o \
 *     libnxc_runtime.a -lm -o bench_nxc_512
 *   ./bench_nxc_512 [min_reps] [seconds]
 *
 * The shapes come from <name>_info (any f32 [m,k] x [k,n] -> [m,n]). Inputs
 * are deterministic random values in [-1, 1); the result is checked against a
 * double-precision reference before timing. Prints bench_common.h's RESULT
 * line.
 */
#include "bench_common.h"

#include <nxc/runtime.h>

#ifndef NXC_HEADER
#error "define NXC_HEADER, NXC_FN and NXC_INFO (see the comment above)"
#endif
#include NXC_HEADER

#ifndef BENCH_VARIANT
#define BENCH_VARIANT "nxc"
#endif

static int die(const char *what) {
  fprintf(stderr, "bench_nxc: %s\n", what);
  return 1;
}

int main(int argc, char **argv) {
  int min_reps = argc > 1 ? atoi(argv[1]) : 10;
  double budget = argc > 2 ? atof(argv[2]) : 1.0;
  const nxc_function_info *fn = &NXC_INFO;

  if (fn->abi_version != NXC_ABI_VERSION)
    return die("ABI version mismatch");
  if (fn->num_args != 2 || fn->num_results != 1)
    return die("expected a function of 2 arguments and 1 result");
  const nxc_tensor_info *ta = &fn->args[0], *tb = &fn->args[1],
                        *tc = &fn->results[0];
  if (ta->dtype != NXC_F32 || tb->dtype != NXC_F32 || tc->dtype != NXC_F32 ||
      ta->rank != 2 || tb->rank != 2 || tc->rank != 2 ||
      ta->shape[1] != tb->shape[0] || tc->shape[0] != ta->shape[0] ||
      tc->shape[1] != tb->shape[1])
    return die("expected f32 [m,k] x [k,n] -> [m,n]");
  int m = (int)ta->shape[0], k = (int)ta->shape[1], n = (int)tb->shape[1];

  float *a = bench_alloc(ta->byte_size), *b = bench_alloc(tb->byte_size),
        *c = bench_alloc(tc->byte_size);
  bench_fill(a, (size_t)m * k);
  bench_fill(b, (size_t)k * n);
  memset(c, 0xff,
         tc->byte_size); /* NaN: entries never written fail the check */

  int32_t st = NXC_OK;
  void *ws = nxc_workspace_alloc(fn, &st);
  if (st != NXC_OK)
    return die(nxc_status_string(st));
  const void *args[2] = {a, b};
  void *results[1] = {c};

  /* Warm-up through the checked entry point, then time the direct call. */
  double t0 = bench_now();
  st = nxc_call(fn, args, results, ws);
  double first = bench_now() - t0;
  if (st != NXC_OK)
    return die(nxc_status_string(st));
  if (bench_check(BENCH_VARIANT, a, b, c, m, k, n))
    return 1;
  for (int w = 0; w < 2; w++)
    NXC_FN(args, results, ws);

  int reps = bench_reps(first, budget, min_reps);
  double *t = malloc(sizeof(double) * reps);
  for (int r = 0; r < reps; r++) {
    double s = bench_now();
    st = NXC_FN(args, results, ws);
    t[r] = bench_now() - s;
    if (st != NXC_OK)
      return die(nxc_status_string(st));
  }
  /* Same inputs, so the last result must still be right. */
  if (bench_check(BENCH_VARIANT, a, b, c, m, k, n))
    return 1;
  bench_report(BENCH_VARIANT, m, k, n, t, reps);

  free(t);
  nxc_workspace_free(ws);
  free(a);
  free(b);
  free(c);
  return 0;
}
