#!/usr/bin/env python3
"""Writes one nx-graph v1 file per op-family benchmark (bench/run_ops.py).

  gen_graphs.py OUTDIR [--only NAME,...] [--n1 ELEMENTS] [--m ROWS]

Writes OUTDIR/<name>.graph.json for every benchmark plus OUTDIR/manifest.json,
which lists, per benchmark: family, graph file, how to fill each argument
(the C harness's fill specs), the minimum bytes a call must move, the flops
(dot, conv) and, for ops whose natural form is scalar, the reason.

The graphs follow the corpus conventions (../shared/corpus): node layout,
option names, s64 indices/argmax, u8 predicates, `constant` scalars, and the
default scope of the `cumulative_sum` composite written exactly as the Nx 0.7.2
exporter writes it (Nx's associative scan; see composite_cumulative_sum and
medium_cumsum_65536 in the corpus). Python 3 standard library only.
"""

import argparse
import json
import os
import sys

PRODUCER = {"exporter": "nxc bench/ops/gen_graphs.py", "nx": "0.7.2"}
BITS = {"s8": 8, "s16": 16, "s32": 32, "s64": 64, "u8": 8, "u16": 16,
        "u32": 32, "u64": 64, "f16": 16, "bf16": 16, "f32": 32, "f64": 64}


def nbytes(t, shape):
    n = 1
    for d in shape:
        n *= d
    return n * BITS[t] // 8


class Graph:
    """Builds one graph; ids are dense and increase in text order."""

    def __init__(self, name):
        self.name = name
        self.params = []
        self.counter = [0]
        self.nodes = []          # the scope being written
        self.fills = []          # one fill spec per param
        self.param_count = 0

    def _id(self):
        i = self.counter[0]
        self.counter[0] += 1
        return i

    def node(self, op, t, shape, args):
        i = self._id()
        self.nodes.append({"id": i, "op": op, "type": t, "shape": list(shape),
                           "names": [None] * len(shape), "args": args})
        return {"ref": i, "type": t, "shape": list(shape)}

    def param(self, t, shape, fill):
        """fill: 'u:LO:HI' uniform real, 'i:LO:HI' uniform integer (both ends
        included), as bench_op.c reads them."""
        idx = len(self.params)
        self.params.append({"type": t, "shape": list(shape),
                            "names": [None] * len(shape)})
        self.fills.append(fill)
        return self.node("parameter", t, shape, [idx])

    def const(self, value, t):
        return self.node("constant", t, [], [value])

    def to_json(self, outputs):
        g = {"format": "nx-graph", "version": 1, "name": self.name,
             "producer": PRODUCER, "params": self.params,
             "nodes": self.nodes,
             "outputs": [{"ref": o["ref"]} for o in outputs]}
        return g


def r(x):
    return {"ref": x["ref"]}


def dump(g):
    """The corpus layout: one node per line in every nodes array."""
    def scope_text(nodes, indent):
        lines = []
        for n in nodes:
            head = dict(n)
            args = head["args"]
            # A composite's scope is written inline, its nodes one per line.
            if n["op"] == "composite":
                sc = args[3]["scope"]
                pre = json.dumps({k: v for k, v in head.items() if k != "args"},
                                 separators=(",", ":"))[:-1]
                a012 = json.dumps(args[:3], separators=(",", ":"))[1:-1]
                inner = scope_text(sc["nodes"], indent + " ")
                lines.append(
                    indent + pre + ',"args":[' + a012 + ',{"scope":{"params":'
                    + json.dumps(sc["params"], separators=(",", ":"))
                    + ',"nodes":[\n' + inner + "\n" + indent + '],"outputs":'
                    + json.dumps(sc["outputs"], separators=(",", ":"))
                    + "}}]}")
            else:
                lines.append(indent + json.dumps(head, separators=(",", ":")))
        return ",\n".join(lines)

    head = {k: g[k] for k in ("format", "version", "name", "producer",
                                "params")}
    text = json.dumps(head, separators=(",", ":"))[:-1]
    text += ',"nodes":[\n' + scope_text(g["nodes"], " ") + "\n],\"outputs\":"
    text += json.dumps(g["outputs"], separators=(",", ":")) + "}\n"
    json.loads(text)  # must still be valid JSON
    return text


# --------------------------------------------------------------------------
# Benchmarks. Each returns (Graph, outputs, extra) where extra may hold
# "bytes" (minimum traffic, when not inputs + outputs), "flops", "scalar".

# Sizes (--n1, --m): well beyond the L3 cache by default. The 2-vCPU Zen 5 VM
# still streams 16 MiB arrays at L3-like speed, so 64 MiB tensors are used.
N1 = 16 * 1024 * 1024      # 1-D elementwise: 64 MiB per f32 tensor
M = 4096                   # 2-D: 4096 x 4096 f32 = 64 MiB

UNIT = "u:-1:1"
POS = "u:0.5:2"
GE1 = "u:1:4"               # acosh domain


def unary(op, fill=UNIT):
    def b(name):
        g = Graph(name)
        x = g.param("f32", [N1], fill)
        y = g.node(op, "f32", [N1], [r(x)])
        return g, [y], {}
    return b


def binary(op, fill0=UNIT, fill1=UNIT):
    def b(name):
        g = Graph(name)
        x = g.param("f32", [N1], fill0)
        y = g.param("f32", [N1], fill1)
        z = g.node(op, "f32", [N1], [r(x), r(y)])
        return g, [z], {}
    return b


def compare(name):
    g = Graph(name)
    x = g.param("f32", [N1], UNIT)
    y = g.param("f32", [N1], UNIT)
    return g, [g.node("greater", "u8", [N1], [r(x), r(y)])], {}


def compare_select(name):
    g = Graph(name)
    x = g.param("f32", [N1], UNIT)
    y = g.param("f32", [N1], UNIT)
    p = g.node("greater", "u8", [N1], [r(x), r(y)])
    return g, [g.node("select", "f32", [N1], [r(p), r(x), r(y)])], {}


def select_pred(name):
    g = Graph(name)
    p = g.param("u8", [N1], "i:0:1")
    x = g.param("f32", [N1], UNIT)
    y = g.param("f32", [N1], UNIT)
    return g, [g.node("select", "f32", [N1], [r(p), r(x), r(y)])], {}


def as_type(src, dst, fill):
    def b(name):
        g = Graph(name)
        x = g.param(src, [N1], fill)
        return g, [g.node("as_type", dst, [N1], [r(x)])], {}
    return b


def int_binary(op, t="s32", fill1="i:-1000000:1000000"):
    def b(name):
        g = Graph(name)
        x = g.param(t, [N1], "i:-1000000:1000000")
        y = g.param(t, [N1], fill1)
        return g, [g.node(op, t, [N1], [r(x), r(y)])], {}
    return b


def reduction(op, axes, out_shape, scalar=None):
    def b(name):
        g = Graph(name)
        x = g.param("f32", [M, M], UNIT)
        y = g.node(op, "f32", out_shape,
                   [r(x), {"opts": {"axes": axes, "keep_axes": False}}])
        return g, [y], ({"scalar": scalar} if scalar else {})
    return b


def argmax_rows(name):
    g = Graph(name)
    x = g.param("f32", [M, M], UNIT)
    y = g.node("argmax", "s64", [M], [r(x), {"opts": {
        "axis": 1, "keep_axis": False, "tie_break": "low"}}])
    return g, [y], {}


def transpose(name):
    g = Graph(name)
    x = g.param("f32", [M, M], UNIT)
    return g, [g.node("transpose", "f32", [M, M], [r(x), [1, 0]])], {}


def slice_static(name):
    g = Graph(name)
    x = g.param("f32", [M, M], UNIT)
    h = M // 2
    y = g.node("slice", "f32", [h, h], [r(x), [h // 2, h // 2], [h, h], [1, 1]])
    return g, [y], {"bytes": 2 * nbytes("f32", [h, h])}


def slice_strided(name):
    g = Graph(name)
    x = g.param("f32", [M, M], UNIT)
    y = g.node("slice", "f32", [M, M // 2], [r(x), [0, 0], [M, M - 1], [1, 2]])
    # Every cache line of x is touched: read all of x.
    return g, [y], {}


def concatenate(name):
    g = Graph(name)
    a = g.param("f32", [M, M // 2], UNIT)
    b_ = g.param("f32", [M, M // 2], UNIT)
    return g, [g.node("concatenate", "f32", [M, M], [[r(a), r(b_)], 1])], {}


def pad(name):
    g = Graph(name)
    x = g.param("f32", [M, M], UNIT)
    z = g.const(0.0, "f32")
    y = g.node("pad", "f32", [M + 2, M + 2],
               [r(x), r(z), [{"tuple": [1, 1, 0]}, {"tuple": [1, 1, 0]}]])
    return g, [y], {}


def reverse(name):
    g = Graph(name)
    x = g.param("f32", [M, M], UNIT)
    return g, [g.node("reverse", "f32", [M, M], [r(x), [1]])], {}


def broadcast(name):
    g = Graph(name)
    x = g.param("f32", [M], UNIT)
    y = g.node("broadcast", "f32", [M, M], [r(x), {"tuple": [M, M]}, [1]])
    return g, [y], {}


def take_rows(name):
    rows, cols, k = 4 * M, 512, 4 * M   # M=4096: 32 MiB table and result
    g = Graph(name)
    t = g.param("f32", [rows, cols], UNIT)
    i = g.param("s64", [k], "i:0:%d" % (rows - 1))
    y = g.node("take", "f32", [k, cols], [r(t), r(i), 0])
    return g, [y], {"bytes": 2 * nbytes("f32", [k, cols]) + nbytes("s64", [k])}


def gather_rows(name):
    rows, cols, k = 4 * M, 512, 4 * M
    g = Graph(name)
    t = g.param("f32", [rows, cols], UNIT)
    i = g.param("s64", [k, 1], "i:0:%d" % (rows - 1))
    y = g.node("gather", "f32", [k, cols], [r(t), r(i), {"opts": {"axes": [0]}}])
    return g, [y], {"bytes": 2 * nbytes("f32", [k, cols]) + nbytes("s64", [k])}


def dynamic_slice(name):
    g = Graph(name)
    x = g.param("f32", [M, M], UNIT)
    s0 = g.param("s64", [], "i:100:100")
    s1 = g.param("s64", [], "i:200:200")
    h = M // 2
    y = g.node("slice", "f32", [h, h], [r(x), [r(s0), r(s1)], [h, h], [1, 1]])
    return g, [y], {"bytes": 2 * nbytes("f32", [h, h])}


def put_slice(name):
    g = Graph(name)
    x = g.param("f32", [M, M], UNIT)
    s0 = g.param("s64", [], "i:100:100")
    s1 = g.param("s64", [], "i:200:200")
    u = g.param("f32", [M // 2, M // 2], UNIT)
    y = g.node("put_slice", "f32", [M, M], [r(x), [r(s0), r(s1)], r(u)])
    return g, [y], {}


def clip(name):
    g = Graph(name)
    x = g.param("f32", [N1], UNIT)
    lo = g.const(-0.5, "f32")
    hi = g.const(0.5, "f32")
    return g, [g.node("clip", "f32", [N1], [r(x), r(lo), r(hi)])], {}


def iota_plus(axis, t):
    def b(name):
        g = Graph(name)
        i = g.node("iota", t, [M, M], [axis])
        p = g.param(t, [], "i:3:3")
        return g, [g.node("add", t, [M, M], [r(i), r(p)])], {}
    return b


def window(op, dims, pad_, strides, out_shape):
    def b(name):
        g = Graph(name)
        x = g.param("f32", [M, M], UNIT)
        y = g.node(op, "f32", out_shape, [r(x), {"tuple": dims}, {"opts": {
            "padding": [{"tuple": p} for p in pad_], "strides": strides,
            "window_dilations": [1] * len(dims)}}])
        return g, [y], {}
    return b


def sort_rows(name):
    g = Graph(name)
    x = g.param("f32", [1024, 1024], UNIT)
    y = g.node("sort", "f32", [1024, 1024], [r(x), {"opts": {
        "axis": 1, "direction": "asc", "stable": False}}])
    return g, [y], {"scalar": "comparison sort: data-dependent branches and "
                              "swaps; no element-wise vector form"}


def cumsum(axis, composite="cumulative_sum"):
    """cumulative_sum over `axis` of an f32 [1024, 1024], the composite with
    Nx 0.7.2's default scope (associative scan, as the corpus writes it).
    nxc lowers `cumulative_sum` natively; under another composite name it
    compiles the default scope, which the *_default variants measure."""
    R = C = 1024

    def b(name):
        g = Graph(name)
        x = g.param("f32", [R, C], UNIT)
        comp_id = g._id()
        outer = g.nodes
        g.nodes = []
        sx = g.node("parameter", "f32", [R, C], [0])

        def shp(n):
            return [R, n] if axis == 1 else [n, C]

        def sl(t, start, length, stride):
            n = (length + stride - 1) // stride
            st = [0, start] if axis == 1 else [start, 0]
            ln = [R, length] if axis == 1 else [length, C]
            sd = [1, stride] if axis == 1 else [stride, 1]
            return g.node("slice", "f32", shp(n), [r(t), st, ln, sd])

        def scan(t, m):
            if m < 2:
                return t
            ev = sl(t, 0, m - 1, 2)
            first = ev if m // 2 == 1 else sl(ev, 0, 1, 1)
            od = sl(t, 1, m - 1, 2)
            red = g.node("add", "f32", shp(m // 2), [r(od), r(ev)])
            res = scan(red, m // 2)
            k = m // 2
            if k - 1 > 0:
                a = sl(res, 0, k - 1, 1)
                bb = sl(ev, 1, k - 1, 1)
                s = g.node("add", "f32", shp(k - 1), [r(a), r(bb)])
                e = g.node("concatenate", "f32", shp(k),
                           [[r(first), r(s)], axis])
            else:
                e = first
            if k == 1:
                return g.node("concatenate", "f32", shp(m),
                              [[r(e), r(res)], axis])
            s3 = [R, k, 1] if axis == 1 else [k, 1, C]
            e3 = g.node("reshape", "f32", s3, [r(e)])
            r3 = g.node("reshape", "f32", s3, [r(res)])
            c3 = [R, k, 2] if axis == 1 else [k, 2, C]
            cat = g.node("concatenate", "f32", c3, [[r(e3), r(r3)], axis + 1])
            return g.node("reshape", "f32", shp(m), [r(cat)])

        out = scan(sx, C if axis == 1 else R)
        scope = {"params": [{"type": "f32", "shape": [R, C],
                             "names": [None, None]}],
                 "nodes": g.nodes, "outputs": [{"ref": out["ref"]}]}
        g.nodes = outer
        g.nodes.append({"id": comp_id, "op": "composite", "type": "f32",
                        "shape": [R, C], "names": [None, None],
                        "args": [composite, [r(x)],
                                 {"opts": {"axis": axis, "reverse": False}},
                                 {"scope": scope}]})
        y = {"ref": comp_id, "type": "f32", "shape": [R, C]}
        # Nx's default scope is log-depth (stride-2 slices, adds, interleaving
        # concatenates), so it has a vector form along either axis.
        return g, [y], {}
    return b


def dot(n):
    def b(name):
        g = Graph(name)
        a = g.param("f32", [n, n], UNIT)
        bb = g.param("f32", [n, n], UNIT)
        y = g.node("dot", "f32", [n, n], [r(a), [1], [], r(bb), [0], []])
        return g, [y], {"flops": 2 * n ** 3}
    return b


def matvec(name):
    g = Graph(name)
    a = g.param("f32", [M, M], UNIT)
    v = g.param("f32", [M], UNIT)
    y = g.node("dot", "f32", [M], [r(a), [1], [], r(v), [0], []])
    return g, [y], {"flops": 2 * M * M}


def conv(name):
    n, c, h, w, o = 8, 16, 64, 64, 32
    g = Graph(name)
    x = g.param("f32", [n, c, h, w], UNIT)
    k = g.param("f32", [o, c, 3, 3], UNIT)
    y = g.node("conv", "f32", [n, o, h, w], [r(x), r(k), {"opts": {
        "batch_group_size": 1, "feature_group_size": 1,
        "input_dilation": [1, 1], "input_permutation": [0, 1, 2, 3],
        "kernel_dilation": [1, 1], "kernel_permutation": [0, 1, 2, 3],
        "output_permutation": [0, 1, 2, 3],
        "padding": [{"tuple": [1, 1]}, {"tuple": [1, 1]}],
        "strides": [1, 1]}}])
    return g, [y], {"flops": 2 * n * o * h * w * c * 9}


def benches():
    """(family, name, builder); evaluated after --n1/--m are set."""
    return [
        # (family, name, builder)
        ("unary", "exp", unary("exp")),
        ("unary", "log", unary("log", POS)),
        ("unary", "tanh", unary("tanh")),
        ("unary", "sigmoid", unary("sigmoid")),
        ("unary", "sqrt", unary("sqrt", POS)),
        ("unary", "abs", unary("abs")),
        ("unary", "negate", unary("negate")),
        ("unary", "erf", unary("erf")),
        # Transcendentals beyond the list above, to catch libm calls.
        ("unary", "sin", unary("sin")),
        ("unary", "cos", unary("cos")),
        ("unary", "tan", unary("tan")),
        ("unary", "atan", unary("atan")),
        ("unary", "sinh", unary("sinh")),
        ("unary", "cbrt", unary("cbrt")),
        ("unary", "erfc", unary("erfc")),
        ("unary", "asin", unary("asin")),
        ("unary", "acos", unary("acos")),
        ("unary", "cosh", unary("cosh")),
        ("unary", "asinh", unary("asinh")),
        ("unary", "acosh", unary("acosh", GE1)),
        ("unary", "atanh", unary("atanh")),
        ("binary", "add", binary("add")),
        ("binary", "multiply", binary("multiply")),
        ("binary", "divide", binary("divide", UNIT, POS)),
        ("binary", "max", binary("max")),
        ("binary", "pow", binary("pow", POS, UNIT)),
        ("binary", "atan2", binary("atan2")),
        ("binary", "remainder", binary("remainder", UNIT, POS)),
        ("compare", "greater", compare),
        ("compare", "greater_select", compare_select),
        ("compare", "select_u8_pred", select_pred),
        ("as_type", "f32_to_f16", as_type("f32", "f16", "u:-100:100")),
        ("as_type", "f32_to_s32", as_type("f32", "s32", "u:-1000:1000")),
        ("as_type", "u8_to_f32", as_type("u8", "f32", "i:0:255")),
        ("integer", "s32_add", int_binary("add")),
        ("integer", "s32_bitwise_and", int_binary("bitwise_and")),
        ("integer", "s32_left_shift", int_binary("left_shift", fill1="i:0:31")),
        ("integer", "s32_right_shift", int_binary("right_shift", fill1="i:0:31")),
        ("reduce", "sum_all", reduction("sum", None, [])),
        ("reduce", "reduce_max_all", reduction("reduce_max", None, [])),
        ("reduce", "sum_rows", reduction("sum", [1], [M])),
        ("reduce", "sum_cols", reduction("sum", [0], [M])),
        ("reduce", "reduce_max_rows", reduction("reduce_max", [1], [M])),
        ("reduce", "reduce_max_cols", reduction("reduce_max", [0], [M])),
        ("reduce", "argmax_rows", argmax_rows),
        ("shape", "transpose", transpose),
        ("shape", "slice", slice_static),
        ("shape", "slice_stride2", slice_strided),
        ("shape", "concatenate", concatenate),
        ("shape", "pad", pad),
        ("shape", "reverse", reverse),
        ("shape", "broadcast", broadcast),
        ("indexing", "take_axis0", take_rows),
        ("indexing", "gather_axis0", gather_rows),
        ("indexing", "dynamic_slice", dynamic_slice),
        ("indexing", "put_slice", put_slice),
        ("clip", "clip", clip),
        ("iota", "iota_f32_plus", iota_plus(None, "f32")),
        ("iota", "iota_s32_axis1_plus", iota_plus(1, "s32")),
        ("window", "window_sum_3x3", window("window_sum", [3, 3],
                                            [[1, 1], [1, 1]], [1, 1], [M, M])),
        ("window", "window_max_3x3", window("window_max", [3, 3],
                                            [[1, 1], [1, 1]], [1, 1], [M, M])),
        ("window", "window_max_2x2_s2", window("window_max", [2, 2],
                                               [[0, 0], [0, 0]], [2, 2],
                                               [M // 2, M // 2])),
        ("sort", "sort_rows_1024", sort_rows),
        ("scan", "cumsum_axis0", cumsum(0)),
        ("scan", "cumsum_axis1", cumsum(1)),
        ("scan", "cumsum_axis0_default", cumsum(0, "cumulative_sum_default_scope")),
        ("scan", "cumsum_axis1_default", cumsum(1, "cumulative_sum_default_scope")),
        ("dot", "dot_512", dot(512)),
        ("dot", "matvec_2048", matvec),
        ("conv", "conv_3x3_8x16x64x64_o32", conv),
    ]


def main():
    global N1, M
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--only", default="", help="comma-separated names")
    ap.add_argument("--n1", type=int, default=N1,
                    help="elements of the 1-D element-wise tensors")
    ap.add_argument("--m", type=int, default=M,
                    help="rows = columns of the 2-D tensors (even)")
    a = ap.parse_args()
    N1, M = a.n1, a.m
    only = set(s for s in a.only.split(",") if s)
    os.makedirs(a.outdir, exist_ok=True)
    manifest = []
    for family, short, build in benches():
        if only and short not in only:
            continue
        name = "op_" + short
        g, outs, extra = build(name)
        gj = g.to_json(outs)
        path = os.path.join(a.outdir, name + ".graph.json")
        with open(path, "w") as f:
            f.write(dump(gj))
        io_bytes = (sum(nbytes(p["type"], p["shape"]) for p in g.params)
                    + sum(nbytes(o["type"], o["shape"]) for o in outs))
        manifest.append({
            "family": family, "name": short, "symbol": name,
            "graph": os.path.basename(path), "fills": g.fills,
            "bytes": extra.get("bytes", io_bytes),
            "flops": extra.get("flops", 0),
            "scalar_reason": extra.get("scalar", ""),
            "shape": "; ".join(
                "%s%s" % (p["type"], p["shape"]) for p in g.params) or "-",
            "out_shape": "; ".join("%s%s" % (o["type"], o["shape"])
                                   for o in outs),
        })
    with open(os.path.join(a.outdir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print("wrote %d graphs to %s" % (len(manifest), a.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
