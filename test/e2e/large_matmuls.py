#!/usr/bin/python3
"""Matmuls whose B is too large to keep as corpus files (1 to 5 MiB):
the graphs and inputs are made here, the expected values computed exactly
in Python. They cover nxc-vectorize's matmul schedules by size: rows
outermost (fewer than 16 row tiles, or a B under 4 MiB), B read panel by
panel in place (16 to 63 row tiles of a B of 4 MiB or more), and B packed
into panels first (64 row tiles and more), with columns no register tile
divides split off, and two products summed (a gated MLP's shape).

  large_matmuls.py --nxc build/bin/nxc [--workdir DIR]

Inputs are small integers stored as f32, so every product and partial sum
is exact whatever the order: each checked entry must equal the exact value
(whole first and last rows and columns, and 4096 pseudo-random entries),
and `nxc run` at 1 and at 3 threads must give the same bytes. Exit status 0
when every case passes.
"""

import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "lib"))
import nxtensor  # noqa: E402
from large_reductions import run  # noqa: E402  (this script's directory)


def values(n, seed):
    """Integers in [-8, 8]: a dot of 784 of their products is < 2^24."""
    x = seed
    out = []
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        out.append(float(((x >> 33) % 17) - 8))
    return out


def param(i, shape):
    return {"id": i, "op": "parameter", "type": "f32", "shape": shape,
            "args": [i]}


def dot(i, a, b, shape):
    return {"id": i, "op": "dot", "type": "f32", "shape": shape,
            "args": [{"ref": a}, [1], [], {"ref": b}, [0], []]}


def graph(name, m, k, n, two):
    params = [[m, k], [k, n]] + ([[k, n]] if two else [])
    nodes = [param(0, [m, k]), param(1, [k, n]), dot(len(params), 0, 1,
                                                     [m, n])]
    if two:
        nodes.insert(2, param(2, [k, n]))
        nodes.append(dot(4, 0, 2, [m, n]))
        nodes.append({"id": 5, "op": "add", "type": "f32", "shape": [m, n],
                      "args": [{"ref": 3}, {"ref": 4}]})
    return {"format": "nx-graph", "version": 1, "name": name,
            "params": [{"type": "f32", "shape": s} for s in params],
            "nodes": nodes, "outputs": [{"ref": nodes[-1]["id"]}]}


CASES = [
    # name, m, k, n, two products summed
    ("rows_outer_64x512x512", 64, 512, 512, False),
    ("rows_outer_256x784x512", 256, 784, 512, False),
    ("in_place_128x512x2048", 128, 512, 2048, False),
    ("in_place_200x640x2000", 200, 640, 2000, False),
    ("in_place_two_136x512x2048", 136, 512, 2048, True),
    ("packed_512x256x512", 512, 256, 512, False),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nxc", required=True)
    ap.add_argument("--workdir")
    a = ap.parse_args()
    wd = a.workdir or tempfile.mkdtemp(prefix="nxc-large-mm-")
    os.makedirs(wd, exist_ok=True)
    failed = 0
    for ci, (name, m, k, n, two) in enumerate(CASES):
        xa = values(m * k, 3 * ci + 1)
        xb = values(k * n, 3 * ci + 2)
        xc = values(k * n, 3 * ci + 3) if two else None
        g = os.path.join(wd, name + ".graph.json")
        c = os.path.join(wd, name + ".case.json")
        with open(g, "w") as f:
            json.dump(graph(name, m, k, n, two), f)
        inputs = [nxtensor.encode("f32", [m, k], xa),
                  nxtensor.encode("f32", [k, n], xb)]
        if two:
            inputs.append(nxtensor.encode("f32", [k, n], xc))
        with open(c, "w") as f:
            json.dump({"graph": os.path.basename(g), "inputs": inputs}, f)
        try:
            raw1, got = run(a.nxc, g, c, 1, wd)
            raw3, _ = run(a.nxc, g, c, 3, wd)
        except RuntimeError as e:
            print("FAIL %s: %s" % (name, e))
            failed += 1
            continue
        if raw1 != raw3:
            print("FAIL %s: 1 and 3 threads differ" % name)
            failed += 1
            continue
        cells = {(i, j) for i in (0, m - 1) for j in range(n)}
        cells |= {(i, j) for j in (0, n - 1) for i in range(m)}
        x = 12345
        for _ in range(4096):
            x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            cells.add(((x >> 20) % m, (x >> 40) % n))
        bad = None
        for i, j in sorted(cells):
            want = sum(xa[i * k + p] * xb[p * n + j] for p in range(k))
            if two:
                want += sum(xa[i * k + p] * xc[p * n + j] for p in range(k))
            if got[i * n + j] != want:
                bad = (i, j, got[i * n + j], want)
                break
        if bad:
            print("FAIL %s: [%d, %d] = %r, expected %r" % ((name,) + bad))
            failed += 1
        else:
            print("PASS %s: %d entries exact, 1 and 3 threads equal"
                  % (name, len(cells)))
    print("%d of %d passed" % (len(CASES) - failed, len(CASES)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
