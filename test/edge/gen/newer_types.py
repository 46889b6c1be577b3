#!/usr/bin/python3
"""Writes the test/edge/newer_* cases: Nx >= 0.9 types (s2/s4/u2/u4 packed,
f8 = E5M2, f8_e4m3fn) that Nx 0.7.2 lacks, so they cannot come from the
Elixir generator. Expected values follow Nx's own definitions, transcribed
below from nx/lib/nx/floating.ex and nx/lib/nx/shared.ex (Nx main, 0.13):

* integers of `bits` bits are written with <<x::size(bits)>>: two's
  complement wrap; tensors are packed, first element in the high bits;
* dump_f8(x) (E5M2) is the high byte of <<x::float-16>> (f16, nearest-even);
* dump_f8_e4m3fn(x) clamps to +-448, takes e = floor(log2 |x|), and rounds the
  mantissa with Kernel.round/1 (half away from zero), capped at 7 (no carry);
  below 2^-6 it writes min(7, round(|x| * 2^9)); :nan is 0x7F and
  :infinity/:neg_infinity saturate to 0x7E/0xFE;
* load_* decode the usual way (E4M3FN: bias 7, S.1111.111 is NaN).

Arithmetic on f8 is computed in double (Nx.BinaryBackend) and dumped once.

  /usr/bin/python3 test/edge/gen/newer_types.py test/edge
"""
import base64
import json
import math
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "lib"))
import nxtensor  # noqa: E402

PRODUCER = {"exporter": "test/edge/gen/newer_types.py", "nx": "0.13 rules"}


def wrap(v, bits, signed):
    v &= (1 << bits) - 1
    return v - (1 << bits) if signed and v >> (bits - 1) else v


def elixir_round(x):  # Kernel.round/1: half away from zero
    return math.floor(abs(x) + 0.5) * (1 if x >= 0 else -1)


def dump_f8(x):
    if math.isnan(x):
        return 0x7E
    if math.isinf(x):
        return 0x7C if x > 0 else 0xFC
    return struct.pack("<e", x)[1]


def dump_f8_e4m3fn(x):
    if math.isnan(x):
        return 0x7F
    if math.isinf(x):
        return 0x7E if x > 0 else 0xFE
    if x == 0:
        return 0x80 if math.copysign(1, x) < 0 else 0
    c = max(-448.0, min(448.0, x))
    sign, a = (1, -c) if c < 0 else (0, c)
    e_unb = math.floor(math.log2(a))
    e = e_unb + 7
    if e <= 0:
        return sign << 7 | min(7, elixir_round(a / 2.0 ** -6 * 8))
    m = max(0, min(7, elixir_round((a / 2.0 ** e_unb - 1.0) * 8)))
    if e == 15 and m >= 7:
        m = 6
    return sign << 7 | e << 3 | m


def load_f8(b):
    return struct.unpack("<e", bytes([0, b]))[0]


def load_f8_e4m3fn(b):
    s, e, m = b >> 7, (b >> 3) & 15, b & 7
    if e == 15 and m == 7:
        return math.nan
    v = m * 2.0 ** -9 if e == 0 else (1 + m / 8) * 2.0 ** (e - 7)
    return -v if s else v


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def node(i, op, ty, shape, args):
    return {"id": i, "op": op, "type": ty, "shape": shape,
            "names": [None] * len(shape), "args": args}


def write(out, name, params, nodes, outputs, inputs, expected, source, tags):
    graph = {"format": "nx-graph", "version": 1, "name": name, "producer": PRODUCER,
             "params": [{"type": t, "shape": s, "names": [None] * len(s)}
                        for t, s in params],
             "nodes": nodes, "outputs": [{"ref": r} for r in outputs]}
    case = {"graph": name + ".graph.json",
            "inputs": [nxtensor.encode(t, s, v) for (t, s), v in zip(params, inputs)],
            "expected": [nxtensor.encode(t, s, v) for t, s, v in expected],
            "source": source, "tags": ["types", "edge", "nx-0.13-rules"] + tags}
    with open(os.path.join(out, name + ".graph.json"), "w") as f:
        f.write(json.dumps(graph, separators=(",", ":")) + "\n")
    with open(os.path.join(out, name + ".case.json"), "w") as f:
        f.write(json.dumps(case, separators=(",", ":")) + "\n")


def binary_ints(out, name, ty, bits, signed, shape, a, b):
    """add, subtract, multiply, negate of sub-byte integers: each wraps."""
    n = len(a)
    ops = [("add", lambda x, y: x + y), ("subtract", lambda x, y: x - y),
           ("multiply", lambda x, y: x * y)]
    nodes = [node(0, "parameter", ty, shape, [0]), node(1, "parameter", ty, shape, [1])]
    expected = []
    for i, (op, fn) in enumerate(ops):
        nodes.append(node(2 + i, op, ty, shape, [{"ref": 0}, {"ref": 1}]))
        expected.append((ty, shape, [wrap(fn(x, y), bits, signed) for x, y in zip(a, b)]))
    nodes.append(node(5, "negate", ty, shape, [{"ref": 0}]))
    expected.append((ty, shape, [wrap(-x, bits, signed) for x in a]))
    assert n == math.prod(shape)
    write(out, name, [(ty, shape), (ty, shape)], nodes, [2, 3, 4, 5], [a, b], expected,
          "defn f(a, b), do: {a + b, a - b, a * b, -a}", [ty])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..")
    # Odd element counts: the last packed byte is partial.
    binary_ints(out, "newer_s4_arith_wrap", "s4", 4, True, [5],
                [7, -8, 3, -1, 5], [1, -1, 4, -8, 5])
    binary_ints(out, "newer_u2_arith_wrap", "u2", 2, False, [3, 3],
                [0, 1, 2, 3, 3, 0, 2, 1, 3], [1, 3, 3, 3, 0, 0, 2, 2, 1])
    binary_ints(out, "newer_s2_arith_wrap", "s2", 2, True, [2, 3],
                [1, -2, -1, 0, 1, -2], [1, -2, 1, -1, -2, 1])
    binary_ints(out, "newer_u4_arith_wrap", "u4", 4, False, [7],
                [15, 0, 8, 9, 1, 14, 7], [1, 1, 8, 9, 15, 3, 7])

    # Bit counts on the narrow pattern (BinaryBackend reads each element as an
    # unsigned `bits`-wide segment), written back with a wrap.
    for ty, bits, signed, xs in (("s4", 4, True, [-1, 1, 2, -8, 0, 7, -3]),
                                 ("u4", 4, False, [1, 2, 4, 8, 0, 15, 9]),
                                 ("s2", 2, True, [-1, 1, -2, 0, 1, -1, 0])):
        shape = [len(xs)]
        pat = [x & ((1 << bits) - 1) for x in xs]
        write(out, "newer_%s_bit_counts" % ty, [(ty, shape)],
              [node(0, "parameter", ty, shape, [0]),
               node(1, "population_count", ty, shape, [{"ref": 0}]),
               node(2, "count_leading_zeros", ty, shape, [{"ref": 0}])], [1, 2], [xs],
              [(ty, shape, [wrap(bin(p).count("1"), bits, signed) for p in pat]),
               (ty, shape, [wrap(bits - p.bit_length(), bits, signed) for p in pat])],
              "defn f(x), do: {Nx.population_count(x), Nx.count_leading_zeros(x)}", [ty])

    vals = [9, -9, 8, -8, 15, 16, 100, -100, 7]
    for ty, bits, signed in (("s4", 4, True), ("u4", 4, False), ("s2", 2, True),
                             ("u2", 2, False)):
        write(out, "newer_s32_to_%s_wrap" % ty, [("s32", [9])],
              [node(0, "parameter", "s32", [9], [0]),
               node(1, "as_type", ty, [9], [{"ref": 0}])], [1], [vals],
              [(ty, [9], [wrap(v, bits, signed) for v in vals])],
              "defn f(x), do: Nx.as_type(x, :%s)" % ty, [ty])

    floats = [1.99, 0.0155, -0.0, 500.0, math.inf, -math.inf, math.nan, 0.001, 1e-10,
              0.3, -2.5366692543029785, 447.0, 3.14159, 0.0625, 0.017578125,
              0.0087890625, 1.0625, -1.9375, 240.0, 0.375]
    floats = [f32(x) for x in floats]
    n = len(floats)
    write(out, "newer_f32_to_f8_e4m3fn_bits", [("f32", [n])],
          [node(0, "parameter", "f32", [n], [0]),
           node(1, "as_type", "f8_e4m3fn", [n], [{"ref": 0}]),
           node(2, "bitcast", "u8", [n], [{"ref": 1}])], [2], [floats],
          [("u8", [n], [dump_f8_e4m3fn(x) for x in floats])],
          "defn f(x), do: x |> Nx.as_type({:f8_e4m3fn, 8}) |> Nx.bitcast(:u8)",
          ["f8_e4m3fn"])
    floats5 = [f32(x) for x in [1.3, 1.375, 65504.0, -0.0, math.inf, -math.inf, 1e-6,
                                3.0e-8, 0.1, 57344.0, -2.75, 6.1035156e-05, 1.7]]
    n = len(floats5)
    write(out, "newer_f32_to_f8_bits", [("f32", [n])],
          [node(0, "parameter", "f32", [n], [0]),
           node(1, "as_type", "f8", [n], [{"ref": 0}]),
           node(2, "bitcast", "u8", [n], [{"ref": 1}])], [2], [floats5],
          [("u8", [n], [dump_f8(x) for x in floats5])],
          "defn f(x), do: x |> Nx.as_type({:f, 8}) |> Nx.bitcast(:u8)", ["f8"])

    # sort / argsort compare f8 values, not their bytes.
    for ty, load in (("f8", load_f8), ("f8_e4m3fn", load_f8_e4m3fn)):
        xs = [0x3C, 0xBC, 0x01, 0x81, 0x00, 0x45, 0xC5, 0x3C]
        order = sorted(range(len(xs)), key=lambda i: load(xs[i]))
        write(out, "newer_%s_sort" % ty, [("u8", [8])],
              [node(0, "parameter", "u8", [8], [0]),
               node(1, "bitcast", ty, [8], [{"ref": 0}]),
               node(2, "sort", ty, [8], [{"ref": 1}, {"opts": {"axis": 0, "direction": "asc", "stable": False}}]),
               node(3, "bitcast", "u8", [8], [{"ref": 2}]),
               node(4, "argsort", "s32", [8], [{"ref": 1}, {"opts": {"axis": 0, "direction": "asc",
                                                                       "stable": True}}])],
              [3, 4], [xs],
              [("u8", [8], [xs[i] for i in order]), ("s32", [8], order)],
              "defn f(x) do\n  y = Nx.bitcast(x, %s)\n  {Nx.bitcast(Nx.sort(y), :u8), Nx.argsort(y, stable: true, type: :s32)}\nend"
              % ("{:f, 8}" if ty == "f8" else "{:f8_e4m3fn, 8}"), [ty])

    every = list(range(256))
    for ty, load in (("f8", load_f8), ("f8_e4m3fn", load_f8_e4m3fn)):
        write(out, "newer_%s_decode_all" % ty, [("u8", [256])],
              [node(0, "parameter", "u8", [256], [0]),
               node(1, "bitcast", ty, [256], [{"ref": 0}]),
               node(2, "as_type", "f32", [256], [{"ref": 1}])], [2], [every],
              [("f32", [256], [load(b) for b in every])],
              "defn f(x), do: x |> Nx.bitcast(%s) |> Nx.as_type(:f32)"
              % ("{:f, 8}" if ty == "f8" else "{:f8_e4m3fn, 8}"), [ty])

    # Arithmetic in f8: each op in double, dumped once; bitcast for exactness.
    a = [0x3C, 0x3D, 0x42, 0xC1, 0x5B, 0x01, 0x04, 0x38]
    b = [0x3D, 0x3E, 0xC2, 0x41, 0x5A, 0x01, 0x84, 0x39]
    expected = []
    nodes = [node(0, "parameter", "u8", [8], [0]), node(1, "parameter", "u8", [8], [1]),
             node(2, "bitcast", "f8", [8], [{"ref": 0}]),
             node(3, "bitcast", "f8", [8], [{"ref": 1}])]
    for i, (op, fn) in enumerate([("add", lambda x, y: x + y),
                                  ("multiply", lambda x, y: x * y),
                                  ("divide", lambda x, y: x / y)]):
        nodes.append(node(4 + 2 * i, op, "f8", [8], [{"ref": 2}, {"ref": 3}]))
        nodes.append(node(5 + 2 * i, "bitcast", "u8", [8], [{"ref": 4 + 2 * i}]))
        res = []
        for x, y in zip(a, b):
            r = fn(load_f8(x), load_f8(y))
            assert abs(r) <= 65504, "no f16 overflow: Erlang cannot write it"
            res.append(dump_f8(r))
        expected.append(("u8", [8], res))
    write(out, "newer_f8_arith_bits", [("u8", [8]), ("u8", [8])], nodes, [5, 7, 9],
          [a, b], expected,
          "defn f(a, b) do\n  {x, y} = {Nx.bitcast(a, {:f, 8}), Nx.bitcast(b, {:f, 8})}\n"
          "  {Nx.bitcast(x + y, :u8), Nx.bitcast(x * y, :u8), Nx.bitcast(x / y, :u8)}\nend",
          ["f8"])


if __name__ == "__main__":
    main()
