/*
 * The plain C peer of bench/run_peers.py: each workload as the straight loop
 * a C programmer writes first (no blocking, no packing, no intrinsics), for
 * `-O3 -march=native` and the `-ffast-math -fveclib=libmvec` variant (which
 * lets clang vectorize float reductions and call glibc's vector expf/tanhf).
 * With -fopenmp the outermost loop is split across OMP_NUM_THREADS threads.
 *
 *   peers_c KIND SECONDS DIM...      (see peers_common.h)
 *
 * Matmul and dense layers are the i-k-j loop of bench/matmul/naive.c; conv is
 * a direct convolution with the output row as the inner (vector) loop;
 * attention computes Q K^T with a dot per entry and P V in i-k-j order.
 * Softmax divides by the row sum, as Nx does.
 */
#define _POSIX_C_SOURCE 200112L
#include "peers_common.h"
#include <math.h>

typedef struct {
  const char *kind;
  long d[8];
  float *in[7], *out, *tmp;
} W;

static void matmul_acc(const float *restrict a, const float *restrict b,
                       float *restrict c, long m, long k, long n) {
#pragma omp parallel for
  for (long i = 0; i < m; i++) {
    float *ci = c + i * n;
    for (long j = 0; j < n; j++)
      ci[j] = 0;
    for (long p = 0; p < k; p++) {
      float aip = a[i * k + p];
      const float *bp = b + p * n;
      for (long j = 0; j < n; j++)
        ci[j] += aip * bp[j];
    }
  }
}

static void softmax_row(const float *restrict x, float *restrict y, long n) {
  float m = x[0];
  for (long j = 1; j < n; j++)
    m = x[j] > m ? x[j] : m;
  float s = 0;
  for (long j = 0; j < n; j++) {
    y[j] = expf(x[j] - m);
    s += y[j];
  }
  for (long j = 0; j < n; j++)
    y[j] = y[j] / s;
}

static void softmax_rows(const float *x, float *y, long rows, long cols) {
#pragma omp parallel for
  for (long i = 0; i < rows; i++)
    softmax_row(x + i * cols, y + i * cols, cols);
}

static void run(void *ctx) {
  W *w = (W *)ctx;
  const char *k = w->kind;
  long *d = w->d;
  float **in = w->in, *out = w->out;
  if (!strcmp(k, "matmul")) {
    matmul_acc(in[0], in[1], out, d[0], d[0], d[0]);
  } else if (!strcmp(k, "exp_mul_add")) {
    const float *restrict a = in[0], *restrict b = in[1], *restrict c = in[2];
    float *restrict y = out;
#pragma omp parallel for
    for (long i = 0; i < d[0]; i++)
      y[i] = expf(a[i]) * b[i] + c[i];
  } else if (!strcmp(k, "gelu_tanh")) {
    const float *restrict x = in[0];
    float *restrict y = out;
#pragma omp parallel for
    for (long i = 0; i < d[0]; i++)
      y[i] = 0.5f * x[i] *
             (1.0f +
              tanhf(0.7978845608f * (x[i] + 0.044715f * x[i] * x[i] * x[i])));
  } else if (!strcmp(k, "softmax")) {
    softmax_rows(in[0], out, d[0], d[1]);
  } else if (!strcmp(k, "layer_norm")) {
    long rows = d[0], n = d[1];
    const float *restrict g = in[1], *restrict b = in[2];
#pragma omp parallel for
    for (long i = 0; i < rows; i++) {
      const float *restrict x = in[0] + i * n;
      float *restrict y = out + i * n;
      float s = 0, v = 0;
      for (long j = 0; j < n; j++)
        s += x[j];
      float mean = s / n;
      for (long j = 0; j < n; j++)
        v += (x[j] - mean) * (x[j] - mean);
      float r = 1.0f / sqrtf(v / n + 1e-5f);
      for (long j = 0; j < n; j++)
        y[j] = (x[j] - mean) * r * g[j] + b[j];
    }
  } else if (!strcmp(k, "mlp")) {
    long bt = d[0], dims[4] = {d[1], d[2], d[3], d[4]};
    float *h = in[0],
          *bufs[2] = {w->tmp, w->tmp + bt * (d[2] > d[3] ? d[2] : d[3])};
    for (int l = 0; l < 3; l++) {
      float *o = bufs[l % 2];
      long kk = dims[l], m = dims[l + 1];
      const float *wt = in[1 + 2 * l], *bias = in[2 + 2 * l];
      matmul_acc(h, wt, o, bt, kk, m);
#pragma omp parallel for
      for (long i = 0; i < bt; i++)
        for (long j = 0; j < m; j++) {
          float t = o[i * m + j] + bias[j];
          o[i * m + j] = l < 2 && t < 0 ? 0 : t;
        }
      h = o;
    }
    softmax_rows(h, out, bt, d[4]);
  } else if (!strcmp(k, "conv2d")) {
    long N = d[0], C = d[1], H = d[2], Wd = d[3], O = d[4], KH = d[5],
         KW = d[6], P = d[7];
    long OH = H + 2 * P - KH + 1, OW = Wd + 2 * P - KW + 1;
    const float *x = in[0], *kern = in[1];
#pragma omp parallel for
    for (long no = 0; no < N * O; no++) {
      long n = no / O, o = no % O;
      float *restrict y = out + no * OH * OW;
      for (long i = 0; i < OH * OW; i++)
        y[i] = 0;
      for (long c = 0; c < C; c++)
        for (long kh = 0; kh < KH; kh++)
          for (long kw = 0; kw < KW; kw++) {
            float kv = kern[((o * C + c) * KH + kh) * KW + kw];
            long lo = P - kw > 0 ? P - kw : 0;
            long hi = Wd + P - kw < OW ? Wd + P - kw : OW;
            for (long oh = 0; oh < OH; oh++) {
              long ih = oh + kh - P;
              if (ih < 0 || ih >= H)
                continue;
              const float *restrict xr =
                  x + ((n * C + c) * H + ih) * Wd + kw - P;
              float *restrict yr = y + oh * OW;
              for (long ow = lo; ow < hi; ow++)
                yr[ow] += kv * xr[ow];
            }
          }
    }
  } else if (!strcmp(k, "attention")) {
    long B = d[0], S = d[1], D = d[2];
    float scale = sqrtf((float)D);
#pragma omp parallel for
    for (long b = 0; b < B; b++) {
      const float *q = in[0] + b * S * D, *kk = in[1] + b * S * D,
                  *v = in[2] + b * S * D;
      float *s = w->tmp + b * S * S, *o = out + b * S * D;
      for (long i = 0; i < S; i++)
        for (long j = 0; j < S; j++) {
          float acc = 0;
          for (long p = 0; p < D; p++)
            acc += q[i * D + p] * kk[j * D + p];
          s[i * S + j] = acc / scale;
        }
      for (long i = 0; i < S; i++)
        softmax_row(s + i * S, s + i * S, S);
      for (long i = 0; i < S; i++) {
        float *restrict oi = o + i * D;
        for (long p = 0; p < D; p++)
          oi[p] = 0;
        for (long j = 0; j < S; j++) {
          float pij = s[i * S + j];
          const float *restrict vj = v + j * D;
          for (long p = 0; p < D; p++)
            oi[p] += pij * vj[p];
        }
      }
    }
  } else if (!strcmp(k, "sum")) {
    const float *x = in[0];
    float s = 0;
#pragma omp parallel for reduction(+ : s)
    for (long i = 0; i < d[0]; i++)
      s += x[i];
    out[0] = s;
  } else if (!strcmp(k, "argmax_rows")) {
    long rows = d[0], n = d[1];
    long *idx = (long *)out;
#pragma omp parallel for
    for (long i = 0; i < rows; i++) {
      const float *x = in[0] + i * n;
      long best = 0;
      float bv = x[0];
      for (long j = 1; j < n; j++)
        if (x[j] > bv) {
          bv = x[j];
          best = j;
        }
      idx[i] = best;
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s KIND SECONDS DIM...\n", argv[0]);
    return 2;
  }
  W w;
  memset(&w, 0, sizeof w);
  w.kind = argv[1];
  double seconds = atof(argv[2]);
  for (int i = 3; i < argc && i < 11; i++)
    w.d[i - 3] = atol(argv[i]);
  long *d = w.d;
  long insz[7] = {0}, outsz = 0, tmpsz = 0;
  float lo = -1, hi = 1;
  const char *k = w.kind;
  if (!strcmp(k, "matmul")) {
    insz[0] = insz[1] = outsz = d[0] * d[0];
  } else if (!strcmp(k, "exp_mul_add")) {
    insz[0] = insz[1] = insz[2] = outsz = d[0];
  } else if (!strcmp(k, "gelu_tanh")) {
    insz[0] = outsz = d[0], lo = -4, hi = 4;
  } else if (!strcmp(k, "softmax")) {
    insz[0] = outsz = d[0] * d[1], lo = -4, hi = 4;
  } else if (!strcmp(k, "layer_norm")) {
    insz[0] = outsz = d[0] * d[1], insz[1] = insz[2] = d[1];
  } else if (!strcmp(k, "mlp")) {
    insz[0] = d[0] * d[1];
    for (int l = 0; l < 3; l++)
      insz[1 + 2 * l] = d[1 + l] * d[2 + l], insz[2 + 2 * l] = d[2 + l];
    outsz = d[0] * d[4];
    tmpsz = 2 * d[0] * (d[2] > d[3] ? d[2] : d[3]);
  } else if (!strcmp(k, "conv2d")) {
    insz[0] = d[0] * d[1] * d[2] * d[3];
    insz[1] = d[4] * d[1] * d[5] * d[6];
    outsz = d[0] * d[4] * (d[2] + 2 * d[7] - d[5] + 1) *
            (d[3] + 2 * d[7] - d[6] + 1);
  } else if (!strcmp(k, "attention")) {
    insz[0] = insz[1] = insz[2] = outsz = d[0] * d[1] * d[2];
    tmpsz = d[0] * d[1] * d[1];
  } else if (!strcmp(k, "sum")) {
    insz[0] = d[0], outsz = 1;
  } else if (!strcmp(k, "argmax_rows")) {
    insz[0] = d[0] * d[1], outsz = 2 * d[0];
  } else {
    fprintf(stderr, "unknown kind %s\n", k);
    return 2;
  }
  for (int i = 0; i < 7; i++)
    if (insz[i]) {
      w.in[i] = pc_alloc(insz[i]);
      pc_fill(w.in[i], insz[i], lo, hi, i + 1);
    }
  /* weights in [-0.1, 0.1) as in the manifest */
  if (!strcmp(k, "mlp"))
    for (int i = 1; i < 7; i += 2)
      pc_fill(w.in[i], insz[i], -0.1f, 0.1f, i + 1);
  if (!strcmp(k, "conv2d"))
    pc_fill(w.in[1], insz[1], -0.1f, 0.1f, 2);
  w.out = pc_alloc(outsz);
  w.tmp = pc_alloc(tmpsz);
  memset(w.out, 0, outsz * sizeof(float));
  run(&w);
  double check = 0;
  if (!strcmp(k, "argmax_rows"))
    for (long i = 0; i < d[0]; i++)
      check += ((long *)w.out)[i];
  else
    for (long i = 0; i < outsz; i++)
      check += w.out[i];
  pc_time(run, &w, seconds, check);
  return 0;
}
