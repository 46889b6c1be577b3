// The Eigen peer of bench/run_peers.py: each workload written with Eigen's
// dense module as an Eigen user would (row-major maps over the same buffers,
// array expressions for the element-wise parts, `noalias()` products).
// Eigen's products use OpenMP when built with -fopenmp (Eigen::setNbThreads
// from OMP_NUM_THREADS); its element-wise expressions and reductions are
// always single-threaded. conv2d is im2col + one GEMM per image (Eigen's
// dense module has no convolution).
//
//   peers_eigen KIND SECONDS DIM...      (see peers_common.h)
#include "peers_common.h"
#include <Eigen/Dense>
#include <vector>

using Mat =
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MapM = Eigen::Map<Mat, Eigen::Aligned64>;
using CMapM = Eigen::Map<const Mat, Eigen::Aligned64>;
using Vec = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MapV = Eigen::Map<Eigen::ArrayXf, Eigen::Aligned64>;

struct W {
  std::string kind;
  long d[8] = {0};
  float *in[7] = {nullptr};
  float *out = nullptr;
  Mat t1, t2, t3;
};

template <class In, class Out> static void softmax_rows(const In &x, Out &y) {
  Eigen::VectorXf m = x.rowwise().maxCoeff();
  y = (x.colwise() - m).array().exp().matrix();
  Eigen::VectorXf s = y.rowwise().sum();
  y.array().colwise() /= s.array();
}

static void run(void *ctx) {
  W &w = *(W *)ctx;
  long *d = w.d;
  const std::string &k = w.kind;
  if (k == "matmul") {
    MapM c(w.out, d[0], d[0]);
    c.noalias() = CMapM(w.in[0], d[0], d[0]) * CMapM(w.in[1], d[0], d[0]);
  } else if (k == "exp_mul_add") {
    MapV y(w.out, d[0]);
    y = MapV(w.in[0], d[0]).exp() * MapV(w.in[1], d[0]) + MapV(w.in[2], d[0]);
  } else if (k == "gelu_tanh") {
    MapV x(w.in[0], d[0]), y(w.out, d[0]);
    y = 0.5f * x * (1.0f + (0.7978845608f * (x + 0.044715f * x.cube())).tanh());
  } else if (k == "softmax") {
    MapM y(w.out, d[0], d[1]);
    softmax_rows(CMapM(w.in[0], d[0], d[1]), y);
  } else if (k == "layer_norm") {
    CMapM x(w.in[0], d[0], d[1]);
    Eigen::Map<const Vec> g(w.in[1], d[1]), b(w.in[2], d[1]);
    MapM y(w.out, d[0], d[1]);
    Eigen::VectorXf mean = x.rowwise().mean();
    y = x.colwise() - mean;
    Eigen::VectorXf r =
        (y.array().square().rowwise().mean() + 1e-5f).rsqrt().matrix();
    y = (y.array().colwise() * r.array()).matrix();
    y = (y.array().rowwise() * g.array()).rowwise() + b.array();
  } else if (k == "mlp") {
    long bt = d[0];
    CMapM x(w.in[0], bt, d[1]);
    CMapM w1(w.in[1], d[1], d[2]), w2(w.in[3], d[2], d[3]),
        w3(w.in[5], d[3], d[4]);
    Eigen::Map<const Vec> b1(w.in[2], d[2]), b2(w.in[4], d[3]),
        b3(w.in[6], d[4]);
    w.t1.noalias() = x * w1;
    w.t1 = (w.t1.rowwise() + b1).cwiseMax(0.0f);
    w.t2.noalias() = w.t1 * w2;
    w.t2 = (w.t2.rowwise() + b2).cwiseMax(0.0f);
    w.t3.noalias() = w.t2 * w3;
    w.t3.rowwise() += b3;
    MapM y(w.out, bt, d[4]);
    softmax_rows(w.t3, y);
  } else if (k == "conv2d") {
    long N = d[0], C = d[1], H = d[2], Wd = d[3], O = d[4], KH = d[5],
         KW = d[6], P = d[7];
    long OH = H + 2 * P - KH + 1, OW = Wd + 2 * P - KW + 1;
    CMapM kern(w.in[1], O, C * KH * KW);
    Mat &col = w.t1; // [C*KH*KW, OH*OW]
    for (long n = 0; n < N; n++) {
      for (long c = 0; c < C; c++)
        for (long kh = 0; kh < KH; kh++)
          for (long kw = 0; kw < KW; kw++) {
            float *row = col.data() + ((c * KH + kh) * KW + kw) * OH * OW;
            for (long oh = 0; oh < OH; oh++) {
              long ih = oh + kh - P;
              for (long ow = 0; ow < OW; ow++) {
                long iw = ow + kw - P;
                row[oh * OW + ow] =
                    ih >= 0 && ih < H && iw >= 0 && iw < Wd
                        ? w.in[0][((n * C + c) * H + ih) * Wd + iw]
                        : 0.0f;
              }
            }
          }
      MapM y(w.out + n * O * OH * OW, O, OH * OW);
      y.noalias() = kern * col;
    }
  } else if (k == "attention") {
    long B = d[0], S = d[1], D = d[2];
    float scale = std::sqrt((float)D);
    for (long b = 0; b < B; b++) {
      CMapM q(w.in[0] + b * S * D, S, D), kk(w.in[1] + b * S * D, S, D),
          v(w.in[2] + b * S * D, S, D);
      w.t1.noalias() = q * kk.transpose();
      w.t1 /= scale;
      softmax_rows(w.t1, w.t2);
      MapM o(w.out + b * S * D, S, D);
      o.noalias() = w.t2 * v;
    }
  } else if (k == "sum") {
    w.out[0] = MapV(w.in[0], d[0]).sum();
  } else if (k == "argmax_rows") {
    CMapM x(w.in[0], d[0], d[1]);
    long *idx = (long *)w.out;
    for (long i = 0; i < d[0]; i++) {
      Eigen::Index j;
      x.row(i).maxCoeff(&j);
      idx[i] = j;
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s KIND SECONDS DIM...\n", argv[0]);
    return 2;
  }
  W w;
  w.kind = argv[1];
  double seconds = atof(argv[2]);
  for (int i = 3; i < argc && i < 11; i++)
    w.d[i - 3] = atol(argv[i]);
#ifdef _OPENMP
  if (getenv("OMP_NUM_THREADS"))
    Eigen::setNbThreads(atoi(getenv("OMP_NUM_THREADS")));
#endif
  long *d = w.d;
  long insz[7] = {0}, outsz = 0;
  float lo = -1, hi = 1;
  const std::string &k = w.kind;
  if (k == "matmul") {
    insz[0] = insz[1] = outsz = d[0] * d[0];
  } else if (k == "exp_mul_add") {
    insz[0] = insz[1] = insz[2] = outsz = d[0];
  } else if (k == "gelu_tanh") {
    insz[0] = outsz = d[0], lo = -4, hi = 4;
  } else if (k == "softmax") {
    insz[0] = outsz = d[0] * d[1], lo = -4, hi = 4;
  } else if (k == "layer_norm") {
    insz[0] = outsz = d[0] * d[1], insz[1] = insz[2] = d[1];
  } else if (k == "mlp") {
    insz[0] = d[0] * d[1];
    for (int l = 0; l < 3; l++)
      insz[1 + 2 * l] = d[1 + l] * d[2 + l], insz[2 + 2 * l] = d[2 + l];
    outsz = d[0] * d[4];
    w.t1.resize(d[0], d[2]), w.t2.resize(d[0], d[3]), w.t3.resize(d[0], d[4]);
  } else if (k == "conv2d") {
    long OH = d[2] + 2 * d[7] - d[5] + 1, OW = d[3] + 2 * d[7] - d[6] + 1;
    insz[0] = d[0] * d[1] * d[2] * d[3];
    insz[1] = d[4] * d[1] * d[5] * d[6];
    outsz = d[0] * d[4] * OH * OW;
    w.t1.resize(d[1] * d[5] * d[6], OH * OW);
  } else if (k == "attention") {
    insz[0] = insz[1] = insz[2] = outsz = d[0] * d[1] * d[2];
    w.t1.resize(d[1], d[1]), w.t2.resize(d[1], d[1]);
  } else if (k == "sum") {
    insz[0] = d[0], outsz = 1;
  } else if (k == "argmax_rows") {
    insz[0] = d[0] * d[1], outsz = 2 * d[0];
  } else {
    fprintf(stderr, "unknown kind %s\n", argv[1]);
    return 2;
  }
  for (int i = 0; i < 7; i++)
    if (insz[i]) {
      w.in[i] = pc_alloc(insz[i]);
      pc_fill(w.in[i], insz[i], lo, hi, i + 1);
    }
  if (k == "mlp")
    for (int i = 1; i < 7; i += 2)
      pc_fill(w.in[i], insz[i], -0.1f, 0.1f, i + 1);
  if (k == "conv2d")
    pc_fill(w.in[1], insz[1], -0.1f, 0.1f, 2);
  w.out = pc_alloc(outsz);
  memset(w.out, 0, outsz * sizeof(float));
  run(&w);
  double check = 0;
  if (k == "argmax_rows")
    for (long i = 0; i < d[0]; i++)
      check += ((long *)w.out)[i];
  else
    for (long i = 0; i < outsz; i++)
      check += w.out[i];
  pc_time(run, &w, seconds, check);
  return 0;
}
