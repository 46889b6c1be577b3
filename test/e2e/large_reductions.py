#!/usr/bin/python3
"""Reductions of a whole long vector to a scalar (the >= 2^20-element path of
nxc-vectorize: 64 chunks, 4 reduced side by side, chunks split across
threads), too large to keep as corpus files: the graphs and inputs are made
here, the expected values computed exactly in Python.

  large_reductions.py --nxc build/bin/nxc [--workdir DIR]

For each case: `nxc run` at 1 and at 3 threads must give the same bytes
(results never depend on the thread count), and match the expected value:
exactly for max/min and for integer sums (wrapping), within the float32
rounding bound for float sums. Exit status 0 when every case passes.
"""

import argparse
import json
import math
import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "lib"))
import nxtensor  # noqa: E402

N = 1 << 20


def values(kind, n, seed):
    """Deterministic inputs: floats in [-1, 1) rounded to f32, or s32 spread
    over the whole range (the sum wraps many times)."""
    x = seed
    out = []
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        if kind == "f32":
            v = ((x >> 40) / float(1 << 24)) * 2.0 - 1.0
            out.append(struct.unpack("<f", struct.pack("<f", v))[0])
        else:
            out.append(((x >> 32) & 0xFFFFFFFF) - (1 << 31))
    return out


def graph(name, op, dtype, n):
    return {"format": "nx-graph", "version": 1, "name": name,
            "params": [{"type": dtype, "shape": [n]}],
            "nodes": [
                {"id": 0, "op": "parameter", "type": dtype, "shape": [n],
                 "args": [0]},
                {"id": 1, "op": op, "type": dtype, "shape": [],
                 "args": [{"ref": 0}, {"opts": {"axes": None,
                                                "keep_axes": False}}]}],
            "outputs": [{"ref": 1}]}


def wrap32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


CASES = [
    # name, op, dtype, expected(values) -> (value, tolerance)
    ("sum_f32", "sum", "f32",
     # The rounding error of the chunked sum is ~1e-10 of sum(abs) here;
     # one vector of 16 lost or counted twice moves it by ~1e-6.
     lambda xs: (math.fsum(xs), 1e-7 * math.fsum(abs(v) for v in xs))),
    ("reduce_max_f32", "reduce_max", "f32", lambda xs: (max(xs), 0.0)),
    ("reduce_min_f32", "reduce_min", "f32", lambda xs: (min(xs), 0.0)),
    ("sum_s32", "sum", "s32", lambda xs: (wrap32(sum(xs)), 0)),
]


def run(nxc, g, case, threads, wd):
    """`nxc run` of graph `g` on `case`: the first output's raw bytes and
    its values (a list). Shared with large_matmuls.py."""
    out = os.path.join(wd, "out%d.json" % threads)
    r = subprocess.run([nxc, "run", g, "--inputs", case, "--out", out,
                        "--threads", str(threads)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("nxc run --threads %d: exit %d: %s"
                           % (threads, r.returncode, r.stderr.strip()[-500:]))
    with open(out) as f:
        t = json.load(f)["outputs"][0]
    return nxtensor.to_raw(t), nxtensor.decode(t)[2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nxc", required=True)
    ap.add_argument("--workdir")
    a = ap.parse_args()
    wd = a.workdir or tempfile.mkdtemp(prefix="nxc-large-")
    os.makedirs(wd, exist_ok=True)
    failed = 0
    for i, (name, op, dtype, expect) in enumerate(CASES):
        xs = values(dtype, N, 1 + i)
        g = os.path.join(wd, name + ".graph.json")
        c = os.path.join(wd, name + ".case.json")
        with open(g, "w") as f:
            json.dump(graph(name, op, dtype, N), f)
        with open(c, "w") as f:
            json.dump({"graph": os.path.basename(g),
                       "inputs": [nxtensor.encode(dtype, [N], xs)]}, f)
        want, tol = expect(xs)
        try:
            raw1, got1 = run(a.nxc, g, c, 1, wd)
            got1 = got1[0]
            raw3, _ = run(a.nxc, g, c, 3, wd)
        except RuntimeError as e:
            print("FAIL %s: %s" % (name, e))
            failed += 1
            continue
        if raw1 != raw3:
            print("FAIL %s: 1 and 3 threads differ" % name)
            failed += 1
        elif abs(got1 - want) > tol:
            print("FAIL %s: got %r, expected %r (tolerance %g)"
                  % (name, got1, want, tol))
            failed += 1
        else:
            print("PASS %s: %r (expected %r, error %.3g, tolerance %g)"
                  % (name, got1, want, abs(got1 - want), tol))
    print("%d of %d passed" % (len(CASES) - failed, len(CASES)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
