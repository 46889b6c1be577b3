#!/usr/bin/env python3
"""Multi-core scaling of nxc's compiled workloads: time at 1..N threads.

  run_scaling.py [--threads 1,2,4,8,16] [--only NAME,...] [--cpu CPU]
                 [--workdir DIR] [--build-only | --run-only]

Builds one static executable per workload of bench/workloads (the object
`nxc compile` writes, bench/ops/bench_op.c and the runtime with its thread
pool), then runs each at every thread count (NXC_BENCH_THREADS) and prints
median ms, GFLOP/s or GB/s, the speedup over 1 thread and the parallel
efficiency (speedup / threads). The executables need nothing but the kernel,
so `--build-only` here and `--run-only --workdir DIR` on a bigger machine
(python3 only, no nxc, no compiler) measure scaling where there are cores;
`--cpu` then names that machine's CPU (default: this one's). Python 3
standard library only.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def sh(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(cmd), r.returncode,
                                                (r.stderr or r.stdout)[-2000:]))
    return r.stdout


def build(a, wd):
    gdir = os.path.join(wd, "graphs")
    os.makedirs(gdir, exist_ok=True)
    sh([sys.executable, os.path.join(HERE, "workloads", "gen_workloads.py"),
        gdir] + (["--only", a.only] if a.only else []))
    ws = json.load(open(os.path.join(gdir, "manifest.json")))
    rt = os.path.join(ROOT, "runtime")
    for w in ws:
        sym = w["name"]
        obj = os.path.join(wd, sym + ".o")
        print("building %s" % sym, file=sys.stderr, flush=True)
        sh([a.nxc, "compile", os.path.join(gdir, w["graph"]), "-o", obj]
           + (["--cpu=" + a.cpu] if a.cpu else []))
        sh([a.cc, "-O2", "-static", "-I", os.path.join(rt, "include"),
            "-I", wd, '-DNXC_HEADER="%s.h"' % sym, "-DNXC_FN=" + sym,
            "-DNXC_INFO=%s_info" % sym, "-DNXC_FN_SIZE=0",
            os.path.join(HERE, "ops", "bench_op.c"), obj,
            os.path.join(rt, "src", "runtime.c"),
            os.path.join(rt, "src", "parallel.c"),
            "-lm", "-pthread", "-o", os.path.join(wd, sym)])
    shutil.copy(os.path.join(gdir, "manifest.json"), wd)


def run(a, wd):
    ws = json.load(open(os.path.join(wd, "manifest.json")))
    only = set(a.only.split(",")) if a.only else None
    threads = [int(t) for t in a.threads.split(",")]
    rows = []
    print("%-24s %4s %10s %12s %8s %6s" % ("workload", "thr", "median ms",
                                            "rate", "speedup", "eff"))
    for w in ws:
        if only and w["name"] not in only:
            continue
        fills = [p["fill"] for p in w["params"]]
        base = None
        for t in threads:
            env = dict(os.environ, NXC_BENCH_THREADS=str(t))
            out = sh([os.path.join(wd, w["name"]), str(a.seconds), "5"]
                     + fills, env=env)
            line = next(l for l in out.splitlines() if l.startswith("RESULT"))
            d = dict(kv.split("=") for kv in line.split()[1:])
            ms = float(d["median_ms"])
            base = base or ms
            if w["bound"] == "compute":
                rate = "%.1f GFLOP/s" % (w["flops"] / ms / 1e6)
            else:
                rate = "%.1f GB/s" % (w["bytes"] / ms / 1e6)
            print("%-24s %4d %10.3f %12s %7.2fx %5.0f%%" % (
                w["name"], t, ms, rate, base / ms, 100 * base / ms / t),
                flush=True)
            rows.append({"name": w["name"], "threads": t, "median_ms": ms,
                         "speedup": base / ms})
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nxc", default=os.environ.get(
        "NXC", os.path.join(ROOT, "build", "bin", "nxc")))
    ap.add_argument("--cc", default=os.environ.get("CC", "clang-22"))
    ap.add_argument("--cpu", default="native",
                    help="CPU the objects are compiled for (nxc --cpu)")
    ap.add_argument("--workdir", default="/tmp/nxc-bench-scaling")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--only", default="", help="comma-separated workloads")
    ap.add_argument("--seconds", type=float, default=0.5)
    ap.add_argument("--json", help="also write the rows here")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--build-only", action="store_true")
    g.add_argument("--run-only", action="store_true")
    a = ap.parse_args()
    if a.cpu == "native":
        a.cpu = ""
    wd = os.path.abspath(a.workdir)
    os.makedirs(wd, exist_ok=True)
    try:
        if not a.run_only:
            build(a, wd)
        if not a.build_only:
            run(a, wd)
    except RuntimeError as e:
        print("run_scaling: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
