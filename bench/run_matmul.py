#!/usr/bin/env python3
"""Matmul benchmark: nxc-compiled dot vs. naive C vs. the measured FMA peak.

Builds bench/peak/fma_peak.c, bench/matmul/naive.c and, per size,
bench/matmul/bench_nxc.c linked with `nxc compile bench/graphs/matmul_<n>.graph.json`,
all with `$CC -O3 -march=native`, runs them pinned to one core and prints a table.

  bench/run_matmul.py [--sizes 256,512,1024] [--nxc PATH] [--runtime-lib PATH]

Defaults: nxc from $NXC or build/bin/nxc, runtime from $NXC_RUNTIME_LIB or
build/lib/libnxc_runtime.a, compiler from $CC or clang-22. Without nxc the
nxc rows are skipped (said so in the output). Exit status 1 if any build, run
or accuracy check fails.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def sh(cmd, capture=False):
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    r = subprocess.run(cmd, capture_output=capture, text=True)
    if r.returncode != 0:
        if capture:
            sys.stderr.write(r.stdout + r.stderr)
        sys.exit("FAIL: exit %d from %s" % (r.returncode, cmd[0]))
    return r.stdout if capture else None


def result_line(out):
    m = re.search(r"^RESULT (.*)$", out, re.M)
    if not m:
        sys.exit("FAIL: no RESULT line in:\n" + out)
    return {k: v for k, v in (kv.split("=", 1) for kv in m.group(1).split())}


def default_runtime_lib():
    # runtime/CMakeLists.txt puts archives in build/lib.
    for sub in ("lib", "runtime"):
        p = os.path.join(ROOT, "build", sub, "libnxc_runtime.a")
        if os.path.isfile(p):
            return p
    return os.path.join(ROOT, "build", "lib", "libnxc_runtime.a")


def cpu_summary():
    model, flags = "?", set()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name") and model == "?":
                model = line.split(":", 1)[1].strip()
            elif line.startswith(("flags", "Features")) and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    simd = sorted(f for f in flags
                  if f in ("avx2", "fma", "asimd", "sve", "sve2")
                  or f.startswith("avx512"))
    return model, " ".join(simd)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="256,512,1024")
    ap.add_argument("--nxc", default=os.environ.get(
        "NXC", os.path.join(ROOT, "build", "bin", "nxc")))
    ap.add_argument("--runtime-lib", default=os.environ.get(
        "NXC_RUNTIME_LIB", default_runtime_lib()))
    ap.add_argument("--nxc-flag", action="append", default=[],
                    help="extra argument for `nxc compile` (repeatable)")
    ap.add_argument("--cc", default=os.environ.get("CC", "clang-22"))
    ap.add_argument("--workdir", default="/tmp/nxc-bench")
    ap.add_argument("--cpu", default="0",
                    help="core to pin to with taskset ('' for none)")
    ap.add_argument("--seconds", default="1.0",
                    help="timed seconds per variant and size (at least "
                         "--min-reps repetitions)")
    ap.add_argument("--min-reps", default="10")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if s]
    wd = os.path.abspath(a.workdir)
    os.makedirs(wd, exist_ok=True)
    cflags = ["-std=c99", "-O3", "-march=native", "-Wall"]
    pin = (["taskset", "-c", a.cpu]
           if a.cpu and shutil.which("taskset") else [])

    # Build.
    peak_bin, naive_bin = os.path.join(wd, "fma_peak"), os.path.join(wd, "naive")
    sh([a.cc, *cflags, os.path.join(HERE, "peak", "fma_peak.c"), "-o", peak_bin])
    sh([a.cc, *cflags, os.path.join(HERE, "matmul", "naive.c"), "-lm",
        "-o", naive_bin])
    have_nxc = os.access(a.nxc, os.X_OK)
    notes = []
    if have_nxc and not os.path.isfile(a.runtime_lib):
        sys.exit("FAIL: nxc found but no runtime library at " + a.runtime_lib)
    if not have_nxc:
        notes.append("nxc not found at %s: nxc rows skipped (set $NXC)" % a.nxc)
    nxc_bins = {}
    for n in sizes if have_nxc else []:
        graph = os.path.join(HERE, "graphs", "matmul_%d.graph.json" % n)
        if not os.path.isfile(graph):
            sys.exit("FAIL: no graph " + graph)
        obj = os.path.join(wd, "matmul_%d.o" % n)
        sh([a.nxc, "compile", *a.nxc_flag, graph, "-o", obj])
        exe = os.path.join(wd, "bench_nxc_%d" % n)
        sh([a.cc, *cflags, "-I", os.path.join(ROOT, "runtime", "include"),
            "-I", os.path.join(HERE, "matmul"), "-I", wd,
            '-DNXC_HEADER="matmul_%d.h"' % n, "-DNXC_FN=matmul_%d" % n,
            "-DNXC_INFO=matmul_%d_info" % n,
            os.path.join(HERE, "matmul", "bench_nxc.c"), obj, a.runtime_lib,
            "-lm", "-o", exe])
        nxc_bins[n] = exe

    # Run: peak first, then per size nxc and naive back to back.
    out = sh(pin + [peak_bin], capture=True)
    peak = float(re.search(r"^PEAK_GFLOPS (\S+)", out, re.M).group(1))
    rows = []
    for n in sizes:
        if n in nxc_bins:
            rows.append(result_line(sh(pin + [nxc_bins[n], a.min_reps, a.seconds],
                                       capture=True)))
        rows.append(result_line(sh(pin + [naive_bin, str(n), a.min_reps, a.seconds],
                                   capture=True)))

    model, simd = cpu_summary()
    print("CPU: %s (%s)" % (model, simd))
    print("compiler: %s %s; pinned: %s" % (
        a.cc, " ".join(cflags[1:3]), " ".join(pin) if pin else "no"))
    for line in out.splitlines():
        if line.startswith("fma_peak:"):
            print(line)
    print("single-core f32 peak used below: %.1f GFLOP/s\n" % peak)
    hdr = ("variant", "size", "median ms", "best ms", "GFLOP/s", "% peak",
           "time/nxc")
    print("%-8s %6s %11s %11s %9s %7s %9s" % hdr)
    nxc_ms = {int(r["n"]): float(r["median_ms"]) for r in rows
              if r["variant"] == "nxc"}
    for r in rows:
        n, ms = int(r["n"]), float(r["median_ms"])
        gf = float(r["median_gflops"])
        ratio = "%.2fx" % (ms / nxc_ms[n]) if n in nxc_ms else "-"
        print("%-8s %6d %11.3f %11.3f %9.1f %6.1f%% %9s" % (
            r["variant"], n, ms, float(r["best_ms"]), gf, 100 * gf / peak,
            ratio))
    print("\nGFLOP/s and % peak from the median time (2*n^3 flops); "
          "time/nxc = median time / nxc's median time.")
    for note in notes:
        print("NOTE: " + note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
