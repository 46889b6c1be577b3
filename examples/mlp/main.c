/* Calls the nxc-compiled `mlp` graph from C and checks it against a plain C
 * reference computed in double precision (as Nx.BinaryBackend does).
 *
 *   nxc compile mlp.graph.json -o mlp.o        # writes mlp.o and mlp.h
 *   cc -I../../runtime/include main.c mlp.o -lnxc_runtime -lm -o mlp
 */
#include "mlp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { B = 2, I = 4, H = 8, O = 3 };

int main(void) {
  float x[B * I], w1[I * H], b1[H], w2[H * O], b2[O], out[B * O];
  float *params[] = {x, w1, b1, w2, b2};
  int sizes[] = {B * I, I * H, H, H * O, O};
  unsigned seed = 1;
  for (int p = 0; p < 5; ++p)
    for (int i = 0; i < sizes[p]; ++i) {
      seed = seed * 1103515245u + 12345u;
      params[p][i] = (float)((seed >> 16) % 2001) / 1000.0f - 1.0f;
    }

  /* The ABI: arrays of pointers in, caller-owned results and workspace. */
  const void *args[] = {x, w1, b1, w2, b2};
  void *results[] = {out};
  int32_t status = 0;
  void *workspace = nxc_workspace_alloc(&mlp_info, &status);
  if (status == NXC_OK)
    status = mlp(args, results, workspace);
  nxc_workspace_free(workspace);
  if (status != NXC_OK) {
    fprintf(stderr, "mlp failed: %s\n", nxc_status_string(status));
    return 1;
  }

  int bad = 0;
  for (int r = 0; r < B; ++r) {
    double h[H], o[O], m = -INFINITY, s = 0;
    for (int j = 0; j < H; ++j) {
      double acc = b1[j];
      for (int k = 0; k < I; ++k)
        acc += (double)x[r * I + k] * w1[k * H + j];
      h[j] = acc > 0 ? acc : 0;
    }
    for (int j = 0; j < O; ++j) {
      double acc = b2[j];
      for (int k = 0; k < H; ++k)
        acc += h[k] * w2[k * O + j];
      o[j] = acc;
      m = acc > m ? acc : m;
    }
    for (int j = 0; j < O; ++j)
      s += exp(o[j] - m);
    for (int j = 0; j < O; ++j) {
      double want = exp(o[j] - m) / s, got = out[r * O + j];
      int ok = fabs(got - want) <= 1e-5 + 1e-4 * fabs(want);
      bad += !ok;
      printf("out[%d][%d] = %.7f (reference %.7f)%s\n", r, j, got, want,
             ok ? "" : "  MISMATCH");
    }
  }
  printf("%s\n", bad ? "FAILED" : "OK: matches the reference");
  return bad != 0;
}
