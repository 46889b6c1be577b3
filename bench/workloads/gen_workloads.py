#!/usr/bin/env python3
"""Writes one nx-graph v1 file per side-by-side workload (bench/run_peers.py).

  gen_workloads.py OUTDIR [--only NAME,...] [--small]

Writes OUTDIR/<name>.graph.json for every workload plus OUTDIR/manifest.json,
which lists, per workload: its kind (the peers implement each kind once:
matmul, exp_mul_add, gelu_tanh, softmax, layer_norm, mlp, conv2d, attention,
sum, argmax_rows), its dims, whether it is compute-bound (GFLOP/s against the
FMA peak) or memory-bound (GB/s against STREAM), its flops, its minimum bytes
(inputs + outputs) and each parameter's shape and fill.

Each graph is what the Nx 0.7.2 exporter writes for the `defn` in its
"source" field: the same op sequence, option names and constant types as the
corpus's model_* graphs (model_softmax, model_gelu_tanh, model_layer_norm,
model_mlp_forward, model_attention, conv_2d_*), scaled up. Elementwise binary
ops take operands of different shapes and broadcast numpy-style (spec section
7, last item), exactly as in those exports. `--small` shrinks every size (for
developing on a shared machine). Python 3 standard library only.
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "ops"))
from gen_graphs import Graph, dump, nbytes, r  # noqa: E402

PRODUCER = {"exporter": "nxc bench/workloads/gen_workloads.py", "nx": "0.7.2"}
UNIT = "u:-1:1"


def c(g, v, t="f32"):
    return g.const(v, t)


def matmul(g, n):
    a = g.param("f32", [n, n], UNIT)
    b = g.param("f32", [n, n], UNIT)
    return [g.node("dot", "f32", [n, n], [r(a), [1], [], r(b), [0], []])]


def exp_mul_add(g, n):
    a = g.param("f32", [n], UNIT)
    b = g.param("f32", [n], UNIT)
    cc = g.param("f32", [n], UNIT)
    e = g.node("exp", "f32", [n], [r(a)])
    m = g.node("multiply", "f32", [n], [r(e), r(b)])
    return [g.node("add", "f32", [n], [r(m), r(cc)])]


def gelu_tanh(g, n):
    # defn f(x), do: 0.5 * x * (1 + Nx.tanh(0.7978845608 * (x + 0.044715 * x ** 3)))
    half, one, k = c(g, 0.5), c(g, 1, "s64"), c(g, 0.7978845608)
    x = g.param("f32", [n], "u:-4:4")
    a, three = c(g, 0.044715), c(g, 3, "s64")
    p = g.node("pow", "f32", [n], [r(x), r(three)])
    t1 = g.node("multiply", "f32", [n], [r(a), r(p)])
    t2 = g.node("add", "f32", [n], [r(x), r(t1)])
    t3 = g.node("multiply", "f32", [n], [r(k), r(t2)])
    t4 = g.node("tanh", "f32", [n], [r(t3)])
    t5 = g.node("add", "f32", [n], [r(one), r(t4)])
    t6 = g.node("multiply", "f32", [n], [r(t5), r(x)])
    return [g.node("multiply", "f32", [n], [r(half), r(t6)])]


def softmax_of(g, x, shape):
    """Nx: e = exp(t - stop_grad(reduce_max(t, axes: [-1], keep_axes: true)));
    e / sum(e, axes: [-1], keep_axes: true)."""
    ax = len(shape) - 1
    red = shape[:-1] + [1]
    mx = g.node("reduce_max", "f32", red,
                [r(x), {"opts": {"axes": [ax], "keep_axes": True}}])
    mx = g.node("metadata", "f32", red,
                [r(mx), {"opts": {"inspect": "stop_grad", "stop_grad": True}}])
    d = g.node("subtract", "f32", shape, [r(x), r(mx)])
    e = g.node("exp", "f32", shape, [r(d)])
    s = g.node("sum", "f32", red,
               [r(e), {"opts": {"axes": [ax], "keep_axes": True}}])
    return g.node("divide", "f32", shape, [r(e), r(s)])


def softmax(g, rows, cols):
    x = g.param("f32", [rows, cols], "u:-4:4")
    return [softmax_of(g, x, [rows, cols])]


def layer_norm(g, rows, cols):
    # mean = Nx.mean(x, axes: [-1], keep_axes: true)
    # var = Nx.mean((x - mean) ** 2, axes: [-1], keep_axes: true)
    # (x - mean) * Nx.rsqrt(var + 1.0e-5) * gamma + beta
    x = g.param("f32", [rows, cols], UNIT)
    sh, red = [rows, cols], [rows, 1]
    keep = {"opts": {"axes": [1], "keep_axes": True}}
    s = g.node("sum", "f32", red, [r(x), keep])
    n = c(g, cols, "s64")
    mean = g.node("divide", "f32", red, [r(s), r(n)])
    xm = g.node("subtract", "f32", sh, [r(x), r(mean)])
    eps = c(g, 1.0e-5)
    xm2 = g.node("subtract", "f32", sh, [r(x), r(mean)])
    two = c(g, 2, "s64")
    sq = g.node("pow", "f32", sh, [r(xm2), r(two)])
    ss = g.node("sum", "f32", red, [r(sq), keep])
    var = g.node("divide", "f32", red, [r(ss), r(n)])
    ve = g.node("add", "f32", red, [r(eps), r(var)])
    rs = g.node("rsqrt", "f32", red, [r(ve)])
    y = g.node("multiply", "f32", sh, [r(xm), r(rs)])
    gamma = g.param("f32", [cols], "u:0.5:1.5")
    y = g.node("multiply", "f32", sh, [r(y), r(gamma)])
    beta = g.param("f32", [cols], UNIT)
    return [g.node("add", "f32", sh, [r(y), r(beta)])]


def mlp(g, batch, d_in, h1, h2, d_out):
    # h = relu(x . w1 + b1); h = relu(h . w2 + b2); softmax(h . w3 + b3)
    x = g.param("f32", [batch, d_in], UNIT)
    h, dims = x, [d_in, h1, h2, d_out]
    for layer in range(3):
        k, m = dims[layer], dims[layer + 1]
        w = g.param("f32", [k, m], "u:-0.1:0.1")
        d = g.node("dot", "f32", [batch, m], [r(h), [1], [], r(w), [0], []])
        b = g.param("f32", [m], UNIT)
        h = g.node("add", "f32", [batch, m], [r(d), r(b)])
        if layer < 2:
            zero = c(g, 0, "s64")
            h = g.node("max", "f32", [batch, m], [r(h), r(zero)])
    return [softmax_of(g, h, [batch, d_out])]


def conv2d(g, n, ci, hh, ww, co, kh, kw, pad):
    x = g.param("f32", [n, ci, hh, ww], UNIT)
    k = g.param("f32", [co, ci, kh, kw], "u:-0.1:0.1")
    oh, ow = hh + 2 * pad - kh + 1, ww + 2 * pad - kw + 1
    return [g.node("conv", "f32", [n, co, oh, ow], [r(x), r(k), {"opts": {
        "batch_group_size": 1, "feature_group_size": 1,
        "input_dilation": [1, 1], "input_permutation": [0, 1, 2, 3],
        "kernel_dilation": [1, 1], "kernel_permutation": [0, 1, 2, 3],
        "output_permutation": [0, 1, 2, 3],
        "padding": [{"tuple": [pad, pad]}, {"tuple": [pad, pad]}],
        "strides": [1, 1]}}])]


def attention(g, bh, s, d):
    # s = Nx.dot(q, [2], [0], k, [2], [0]) / 8.0   (8 = sqrt(64))
    # p = softmax(s, axis -1); Nx.dot(p, [2], [0], v, [1], [0])
    q = g.param("f32", [bh, s, d], UNIT)
    k = g.param("f32", [bh, s, d], UNIT)
    v = g.param("f32", [bh, s, d], UNIT)
    qk = g.node("dot", "f32", [bh, s, s], [r(q), [2], [0], r(k), [2], [0]])
    scale = c(g, float(d) ** 0.5)
    sc = g.node("divide", "f32", [bh, s, s], [r(qk), r(scale)])
    p = softmax_of(g, sc, [bh, s, s])
    return [g.node("dot", "f32", [bh, s, d], [r(p), [2], [0], r(v), [1], [0]])]


def sum_all(g, n):
    x = g.param("f32", [n], UNIT)
    return [g.node("sum", "f32", [], [r(x), {"opts": {"axes": None,
                                                      "keep_axes": False}}])]


def argmax_rows(g, rows, cols):
    x = g.param("f32", [rows, cols], UNIT)
    return [g.node("argmax", "s64", [rows], [r(x), {"opts": {
        "axis": 1, "keep_axis": False, "tie_break": "low"}}])]


BUILD = {"matmul": matmul, "exp_mul_add": exp_mul_add, "gelu_tanh": gelu_tanh,
         "softmax": softmax, "layer_norm": layer_norm, "mlp": mlp,
         "conv2d": conv2d, "attention": attention, "sum": sum_all,
         "argmax_rows": argmax_rows}

SOURCE = {
    "matmul": "defn f(a, b), do: Nx.dot(a, b)",
    "exp_mul_add": "defn f(a, b, c), do: Nx.exp(a) * b + c",
    "gelu_tanh": "defn f(x), do: 0.5 * x * (1 + Nx.tanh(0.7978845608 * "
                 "(x + 0.044715 * x ** 3)))",
    "softmax": "defn f(t), do: (e = Nx.exp(t - stop_grad(Nx.reduce_max(t, "
               "axes: [-1], keep_axes: true))); e / Nx.sum(e, axes: [-1], "
               "keep_axes: true))",
    "layer_norm": "defn f(x, gamma, beta), do: (x - mean) * Nx.rsqrt(var + "
                  "1.0e-5) * gamma + beta  # mean, var over axis -1",
    "mlp": "defn f(x, w1, b1, w2, b2, w3, b3): relu(x.w1+b1) -> relu(.w2+b2) "
           "-> softmax(.w3+b3)",
    "conv2d": "defn f(x, k), do: Nx.conv(x, k, padding: [{1, 1}, {1, 1}])",
    "attention": "defn f(q, k, v), do: softmax(Nx.dot(q, [2], [0], k, [2], "
                 "[0]) / 8.0) |> Nx.dot([2], [0], v, [1], [0])",
    "sum": "defn f(x), do: Nx.sum(x)",
    "argmax_rows": "defn f(x), do: Nx.argmax(x, axis: 1)",
}

M1, M16, M4 = 1 << 20, 16 << 20, 4 << 20
# name, kind, dims (full size), dims (--small)
WORKLOADS = [
    ("matmul_256", "matmul", [256], [64]),
    ("matmul_512", "matmul", [512], [96]),
    ("matmul_1024", "matmul", [1024], [128]),
    ("matmul_2048", "matmul", [2048], [160]),
    ("exp_mul_add_1m", "exp_mul_add", [M1], [4096]),
    ("exp_mul_add_16m", "exp_mul_add", [M16], [65536]),
    ("gelu_tanh_4m", "gelu_tanh", [M4], [16384]),
    ("softmax_1024x1024", "softmax", [1024, 1024], [64, 64]),
    ("softmax_256x4096", "softmax", [256, 4096], [16, 256]),
    ("layer_norm_1024x1024", "layer_norm", [1024, 1024], [64, 64]),
    ("mlp_256x784", "mlp", [256, 784, 512, 512, 10], [16, 49, 32, 32, 10]),
    ("conv2d_8x64x56x56", "conv2d", [8, 64, 56, 56, 64, 3, 3, 1],
     [1, 8, 12, 12, 8, 3, 3, 1]),
    ("attention_8x512x64", "attention", [8, 512, 64], [2, 32, 64]),
    ("sum_16m", "sum", [M16], [65536]),
    ("argmax_rows_1024x1024", "argmax_rows", [1024, 1024], [64, 64]),
    # Sizes no vector width divides (1000 = 62 x 16 + 8): the tails that
    # real shapes (1000 classes) have and powers of two do not.
    ("matmul_1000", "matmul", [1000], [100]),
    ("softmax_1024x1000", "softmax", [1024, 1000], [64, 60]),
    ("argmax_rows_1024x1000", "argmax_rows", [1024, 1000], [64, 60]),
    # A ResNet's deeper 3x3 convolutions: rows of 14 and 7 pixels, which no
    # vector width divides either.
    ("conv2d_8x256x14x14", "conv2d", [8, 256, 14, 14, 256, 3, 3, 1],
     [1, 16, 7, 7, 16, 3, 3, 1]),
    ("conv2d_8x512x7x7", "conv2d", [8, 512, 7, 7, 512, 3, 3, 1],
     [1, 32, 7, 7, 32, 3, 3, 1]),
]


def flops(kind, d):
    if kind == "matmul":
        return 2 * d[0] ** 3
    if kind == "mlp":
        b, i, h1, h2, o = d
        return 2 * b * (i * h1 + h1 * h2 + h2 * o)
    if kind == "conv2d":
        n, ci, hh, ww, co, kh, kw, pad = d
        oh, ow = hh + 2 * pad - kh + 1, ww + 2 * pad - kw + 1
        return 2 * n * co * oh * ow * ci * kh * kw
    if kind == "attention":
        bh, s, dd = d
        return 2 * 2 * bh * s * s * dd
    return 0


COMPUTE = ("matmul", "mlp", "conv2d", "attention")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--only", default="", help="comma-separated names")
    ap.add_argument("--small", action="store_true",
                    help="small sizes (development on a shared machine)")
    a = ap.parse_args()
    only = set(s for s in a.only.split(",") if s)
    os.makedirs(a.outdir, exist_ok=True)
    manifest = []
    for name, kind, full, small in WORKLOADS:
        if only and name not in only:
            continue
        dims = small if a.small else full
        g = Graph(name)
        outs = BUILD[kind](g, *dims)
        gj = g.to_json(outs)
        gj["producer"] = PRODUCER
        path = os.path.join(a.outdir, name + ".graph.json")
        with open(path, "w") as f:
            f.write(dump(gj))
        io_bytes = (sum(nbytes(p["type"], p["shape"]) for p in g.params)
                    + sum(nbytes(o["type"], o["shape"]) for o in outs))
        manifest.append({
            "name": name, "kind": kind, "dims": dims,
            "graph": os.path.basename(path),
            "bound": "compute" if kind in COMPUTE else "memory",
            "flops": flops(kind, dims), "bytes": io_bytes,
            "params": [{"type": p["type"], "shape": p["shape"], "fill": f}
                       for p, f in zip(g.params, g.fills)],
            "outputs": [{"type": o["type"], "shape": o["shape"]}
                        for o in outs],
            "source": SOURCE[kind],
        })
    with open(os.path.join(a.outdir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print("wrote %d graphs to %s" % (len(manifest), a.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
