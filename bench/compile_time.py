#!/usr/bin/env python3
"""nxc's own compile time per graph, over a corpus (issue 4, item 3).

Times `nxc compile GRAPH -o OUT.o` (import, the whole MLIR pipeline, LLVM
codegen, object and header written) for every *.graph.json, one process at a
time, wall clock including process start-up: what a user of nxc as a JIT
would wait. Prints the median, 90th percentile and maximum, the slowest
graphs, and optionally all times as JSON.

    python3 bench/compile_time.py                  # ../shared/corpus
    python3 bench/compile_time.py --corpus DIR --json times.json
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nxc", default=os.environ.get("NXC", os.path.join(ROOT, "build/bin/nxc")))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--repeat", type=int, default=1, help="runs per graph (the minimum is kept)")
    ap.add_argument("--json", help="write {graph: seconds} here")
    ap.add_argument("--nxc-arg", action="append", default=[], help="extra nxc compile argument")
    a = ap.parse_args()
    if not os.path.exists(a.nxc):
        sys.exit(f"nxc not found at {a.nxc} (build it, or pass --nxc)")
    graphs = sorted(glob.glob(os.path.join(a.corpus, "*.graph.json")))
    if not graphs:
        sys.exit(f"no *.graph.json in {a.corpus}")
    times, failed = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "g.o")
        for i, g in enumerate(graphs):
            best = None
            for _ in range(a.repeat):
                t0 = time.perf_counter()
                r = subprocess.run([a.nxc, "compile", g, "-o", out] + a.nxc_arg,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                dt = time.perf_counter() - t0
                if r.returncode != 0:
                    failed.append((os.path.basename(g), r.returncode))
                    break
                best = dt if best is None else min(best, dt)
            if best is not None:
                times[os.path.basename(g)] = best
            if (i + 1) % 50 == 0:
                print(f"  {i + 1}/{len(graphs)} graphs", file=sys.stderr)
    if not times:
        sys.exit("no graph compiled")
    v = sorted(times.values())
    p90 = v[min(len(v) - 1, int(0.9 * len(v)))]
    print(f"nxc compile over {len(times)} graphs of {a.corpus} "
          f"(wall clock per process, {a.repeat} run(s) each, min kept):")
    print(f"  median {statistics.median(v) * 1e3:.0f} ms, 90th percentile {p90 * 1e3:.0f} ms, "
          f"max {v[-1] * 1e3:.0f} ms, total {sum(v):.1f} s")
    print("  slowest: " + ", ".join(f"{k} {t * 1e3:.0f} ms" for k, t in
                                    sorted(times.items(), key=lambda kv: -kv[1])[:5]))
    if failed:
        print(f"  {len(failed)} graph(s) did not compile: " +
              ", ".join(f"{n} (exit {rc})" for n, rc in failed))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(times, f, indent=1, sort_keys=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
