#!/usr/bin/env python3
"""Per-op benchmark: GB/s per op family and a scalar-fallback check.

  bench/run_ops.py [--only exp,add,...] [--json FILE] [--markdown FILE]

Generates one nx-graph per op-family benchmark (bench/ops/gen_graphs.py) in
--workdir, and for each: `nxc compile` (object + header), links
bench/ops/bench_op.c with the object and runtime/src/runtime.c, times the
median of repeated calls pinned to one core, then samples where the time goes
(a 50 us timer inside bench_op.c) and maps the samples onto the object's
disassembly (`objdump -d`): an innermost loop is a vector loop when its
ymm/zmm (or packed xmm) instructions outnumber its scalar FP instructions plus
its one-element memory moves (vmovss, vinsertps, ...), else a scalar loop;
time inside libm (powf, sinf, ...) is scalar. Also measures a STREAM-like copy/triad
bandwidth (bench/ops/stream.c) in the same run.

Per op it prints: median time, minimum bytes moved (inputs + outputs, or the
region an op must touch), GB/s, % of the STREAM bandwidth, GFLOP/s (dot,
conv), the share of samples in scalar code and a class:
  vector   less than 15% of the samples in scalar code
  partly   15-50%
  SCALAR   50% or more (a compiler bug unless the op has no vector form)
  scalar*  the op's natural form is scalar (sort): the reason is shown
Exit status 1 if a build or run fails. Python 3 standard library only.
"""

import argparse
import bisect
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OPS = os.path.join(HERE, "ops")

SCALAR_LIBM = re.compile(
    r"^(pow|exp|exp2|expm1|log|log2|log10|log1p|sin|cos|tan|asin|acos|atan|"
    r"atan2|sinh|cosh|tanh|asinh|acosh|atanh|erf|erfc|cbrt|fmod|remainder|"
    r"sqrt|hypot|round|floor|ceil|trunc|rint|nearbyint|lgamma|tgamma)f?$")
WIDE = re.compile(r"\b[yz]mm\d+\b")
XMM = re.compile(r"\bxmm\d+\b")
SCALAR_FP = re.compile(r"^v?[a-z0-9]+(ss|sd|sh)$")
PACKED = re.compile(r"(ps|pd|ph)$|^v?p[a-z]")


def sh(cmd, capture=True, check=True):
    r = subprocess.run(cmd, capture_output=capture, text=True)
    if check and r.returncode != 0:
        sys.stderr.write("+ " + " ".join(cmd) + "\n" + (r.stdout or "")
                         + (r.stderr or ""))
        raise RuntimeError("exit %d from %s" % (r.returncode, cmd[0]))
    return r.stdout


ELEM_MEM = re.compile(r"^v?(movss|movsd|insertps|pinsr[bwdq]|extractps|"
                      r"pextr[bwdq]|movd|movq|movsh|movw)$")


LANE_MOVE = re.compile(r"shuf|unpck|movs[hl]dup|movhlps|movlhps|permil|"
                       r"extract|insert|^v?movap|^v?movup|^kmov")


def is_libm(ext_name):
    """EXT names are FILE:SYMBOL (bench_op.c); libm's scalar functions show
    up under internal names (atanf32, __sinhf_finite, expm1f32, ...)."""
    f, _, sym = ext_name.partition(":")
    return f.startswith("libm.") or f.startswith("libm-") or \
        bool(SCALAR_LIBM.match(sym))


def kind_of(mn, ops):
    """'wide' (ymm/zmm), 'xmmv' (packed xmm), 'elem' (one element moved
    between memory and a vector register), 'sfp' (scalar FP), 'other'."""
    if "PTR" in ops and ELEM_MEM.match(mn) and not WIDE.search(ops):
        return "elem"
    if LANE_MOVE.search(mn) and "PTR" not in ops:
        return "other"  # moving lanes around is neither vector nor scalar work
    if WIDE.search(ops):
        return "wide"
    if XMM.search(ops):
        if SCALAR_FP.match(mn) and not mn.startswith(("vbroadcast",
                                                       "vpbroadcast")):
            return "sfp"
        if PACKED.search(mn):
            return "xmmv"
        return "sfp" if mn.startswith(("vcvt", "cvt")) else "other"
    return "other"


def disassemble(obj, symbol):
    """Instructions of `symbol`: [(offset, mnemonic, operands)], its .text
    offset and size."""
    sym_off = size = None
    for line in sh(["objdump", "-t", obj]).splitlines():
        f = line.split()
        if f and f[-1] == symbol and " F " in line:
            sym_off, size = int(f[0], 16), int(f[-2], 16)
    if sym_off is None:
        raise RuntimeError("no symbol %s in %s" % (symbol, obj))
    insns = []
    text = sh(["objdump", "-d", "-M", "intel", "--no-show-raw-insn",
               "--disassemble=" + symbol, obj])
    for line in text.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$", line)
        if not m:
            continue
        addr = int(m.group(1), 16)
        mn, ops = m.group(2), m.group(3)
        if mn in ("data16", "cs", "ds", "rep", "lock", "notrack", "bnd"):
            parts = ops.split(None, 1)
            mn, ops = (parts[0], parts[1] if len(parts) > 1 else "") \
                if parts else (mn, "")
        insns.append((addr - sym_off, mn, ops.split("#")[0].strip()))
    return insns, sym_off, size


def analyse(insns, sym_off, samples, ext):
    """Maps samples onto innermost loops; returns a dict of statistics."""
    # Loops from backward branches (objdump prints .text addresses).
    loops = []
    for off, mn, ops in insns:
        if mn.startswith("j"):
            m = re.match(r"^([0-9a-f]+)\b", ops)
            if m:
                tgt = int(m.group(1), 16) - sym_off
                if tgt <= off:
                    loops.append((tgt, off))
    loops = sorted(set(loops))
    kinds = {}
    for off, mn, ops in insns:
        kinds[off] = kind_of(mn, ops)
    offs = [o for o, _, _ in insns]

    def loop_kind(lo, hi):
        """A loop is a vector loop if its ymm/zmm (or packed xmm)
        instructions outnumber its scalar FP instructions (vaddss, vucomiss,
        ...) plus its element-at-a-time memory moves (vmovss, vinsertps,
        vpextrd ... on memory: gathers/scatters done one lane at a time).
        A loop that loads a zmm and then reduces it lane by lane with
        vucomiss is scalar."""
        ks = [kinds[o] for o in offs if lo <= o <= hi]
        vec = sum(1 for k in ks if k in ("wide", "xmmv"))
        scal = sum(1 for k in ks if k in ("elem", "sfp"))
        if vec and vec > scal:
            return "vector"
        return "scalar"

    innermost = [l for l in loops
                 if not any(o != l and l[0] <= o[0] and o[1] <= l[1]
                            for o in loops)]
    lkind = {l: loop_kind(*l) for l in loops}
    stats = {"vector": 0, "scalar": 0, "other": 0}
    per_loop = {}
    # Instruction containing each sampled PC (the PC is the next instruction
    # to run; attribute it to the instruction at or before it).
    for pc, n in samples:
        i = bisect.bisect_right(offs, pc) - 1
        at = offs[i] if i >= 0 else pc
        cont = [l for l in loops if l[0] <= at <= l[1]]
        if cont:
            l = min(cont, key=lambda x: x[1] - x[0])
            per_loop[l] = per_loop.get(l, 0) + n
            stats[lkind[l]] += n
        else:
            k = kinds.get(at, "other")
            stats["vector" if k in ("wide", "xmmv") else
                  "scalar" if k in ("sfp", "elem") else "other"] += n
    ext_scalar = ext_other = 0
    for name, n in ext.items():
        if is_libm(name):
            ext_scalar += n
        else:
            ext_other += n
    stats["scalar"] += ext_scalar
    total = sum(stats.values()) + ext_other
    counts = {"wide": 0, "xmmv": 0, "sfp": 0, "elem": 0}
    for k in kinds.values():
        if k in counts:
            counts[k] += 1
    hot_scalar = sorted(((n, l) for l, n in per_loop.items()
                         if lkind[l] == "scalar"), reverse=True)
    hot_vector = sorted(((n, l) for l, n in per_loop.items()
                         if lkind[l] == "vector"), reverse=True)
    return {
        "samples": total,
        "scalar_share": stats["scalar"] / total if total else 0.0,
        "vector_share": stats["vector"] / total if total else 0.0,
        "ext": ext,
        "loops": len(loops),
        "innermost_loops": len(innermost),
        "innermost_vector": sum(1 for l in innermost
                                if lkind[l] == "vector"),
        "insn_wide": counts["wide"], "insn_xmm_packed": counts["xmmv"],
        "insn_scalar_fp": counts["sfp"], "insn_elem_mem": counts["elem"],
        "insns": len(insns),
        "hot_scalar": hot_scalar[:3], "hot_vector": hot_vector[:1],
    }


def external_calls(obj):
    """Functions the object calls (PLT32 relocations), e.g. powf, malloc."""
    names = set()
    for line in sh(["objdump", "-dr", obj]).splitlines():
        m = re.search(r"R_X86_64_PLT32\s+(\S+?)(-0x[0-9a-f]+)?$", line)
        if m:
            names.add(m.group(1))
    return sorted(names)


def excerpt(insns, lo, hi, limit=24):
    out = []
    for off, mn, ops in insns:
        if lo <= off <= hi:
            out.append("  %5x: %-14s %s" % (off, mn, ops))
    if len(out) > limit:
        out = out[:limit - 1] + ["  ... (%d more)" % (len(out) - limit + 1)]
    return "\n".join(out)


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nxc", default=os.environ.get(
        "NXC", os.path.join(ROOT, "build", "bin", "nxc")))
    ap.add_argument("--cc", default=os.environ.get("CC", "clang-22"))
    ap.add_argument("--workdir", default="/tmp/nxc-bench-ops")
    ap.add_argument("--only", default="", help="comma-separated op names")
    ap.add_argument("--n1", type=int, default=None,
                    help="elements of 1-D tensors (gen_graphs default 16Mi)")
    ap.add_argument("--m", type=int, default=None,
                    help="side of 2-D tensors (gen_graphs default 4096)")
    ap.add_argument("--seconds", default="0.3", help="timed seconds per op")
    ap.add_argument("--min-reps", default="5")
    ap.add_argument("--profile-seconds", default="0.3",
                    help="sampled seconds per op (0: no scalar check)")
    ap.add_argument("--cpu", default="0",
                    help="core to pin to with taskset ('' for none)")
    ap.add_argument("--json", help="also write the results as JSON here")
    ap.add_argument("--markdown", help="also write the table as markdown here")
    a = ap.parse_args()

    wd = os.path.abspath(a.workdir)
    gdir = os.path.join(wd, "graphs")
    os.makedirs(gdir, exist_ok=True)
    os.makedirs(os.path.join(wd, "evidence"), exist_ok=True)
    pin = (["taskset", "-c", a.cpu]
           if a.cpu and shutil.which("taskset") else [])
    cflags = ["-O3", "-march=native"]
    gen = [sys.executable, os.path.join(OPS, "gen_graphs.py"), gdir]
    if a.only:
        gen += ["--only", a.only]
    if a.n1:
        gen += ["--n1", str(a.n1)]
    if a.m:
        gen += ["--m", str(a.m)]
    sh(gen)
    manifest = json.load(open(os.path.join(gdir, "manifest.json")))

    stream_bin = os.path.join(wd, "stream")
    sh([a.cc, *cflags, os.path.join(OPS, "stream.c"), "-o", stream_bin])
    def stream():
        out = sh(pin + [stream_bin])
        m = re.search(r"copy_gbs=(\S+) triad_gbs=(\S+)", out)
        return float(m.group(1)), float(m.group(2))

    # STREAM before and after the ops (the VM is shared): the best of each.
    stream_runs = [stream()]
    load_before = os.getloadavg()

    rows, failures = [], []
    for e in manifest:
        sym = e["symbol"]
        graph = os.path.join(gdir, e["graph"])
        obj = os.path.join(wd, sym + ".o")
        exe = os.path.join(wd, "bench_" + sym)
        print("%-24s" % e["name"], end=" ", flush=True, file=sys.stderr)
        try:
            t0 = time.time()
            sh([a.nxc, "compile", graph, "-o", obj])
            compile_s = time.time() - t0
            insns, sym_off, size = disassemble(obj, sym)
            sh([a.cc, *cflags, "-I", os.path.join(ROOT, "runtime", "include"),
                "-I", wd, '-DNXC_HEADER="%s.h"' % sym, "-DNXC_FN=" + sym,
                "-DNXC_INFO=%s_info" % sym, "-DNXC_FN_SIZE=%d" % size,
                "-rdynamic", os.path.join(OPS, "bench_op.c"), obj,
                os.path.join(ROOT, "runtime", "src", "runtime.c"),
                os.path.join(ROOT, "runtime", "src", "parallel.c"),
                "-lm", "-ldl", "-pthread", "-o", exe])
            out = sh(pin + [exe, a.seconds, a.min_reps, *e["fills"],
                            a.profile_seconds])
        except RuntimeError as err:
            print("FAILED", file=sys.stderr)
            failures.append("%s: %s" % (e["name"], err))
            continue
        res = dict(kv.split("=", 1) for kv in
                   re.search(r"^RESULT (.*)$", out, re.M).group(1).split())
        samples = [(int(o), int(n)) for o, n in
                   re.findall(r"^PC (\d+) (\d+)$", out, re.M)]
        ext = {}
        for name, n in re.findall(r"^EXT (\S+) (\d+)$", out, re.M):
            ext[name] = ext.get(name, 0) + int(n)
        an = analyse(insns, sym_off, samples, ext)
        ms = float(res["median_ms"])
        gbs = e["bytes"] / (ms * 1e-3) / 1e9
        share = an["scalar_share"]
        if e["scalar_reason"] and share >= 0.15:
            cls = "scalar*"
        elif share >= 0.5:
            cls = "SCALAR"
        elif share >= 0.15:
            cls = "partly"
        else:
            cls = "vector"
        ev = []
        for n, (lo, hi) in an["hot_scalar"]:
            ev.append("scalar loop %x-%x, %.0f%% of samples:\n%s" % (
                lo, hi, 100.0 * n / max(an["samples"], 1),
                excerpt(insns, lo, hi)))
        calls = external_calls(obj)
        libm = sum(v for k, v in ext.items() if is_libm(k))
        if libm:
            ev.append("%.0f%% of samples in libm (scalar); the object calls: %s"
                      % (100.0 * libm / max(an["samples"], 1),
                         ", ".join(calls)))
        if ev:
            with open(os.path.join(wd, "evidence", sym + ".txt"), "w") as f:
                f.write("\n\n".join(ev) + "\n")
        row = {
            "family": e["family"], "op": e["name"], "inputs": e["shape"],
            "outputs": e["out_shape"], "median_ms": ms,
            "best_ms": float(res["best_ms"]), "reps": int(res["reps"]),
            "bytes": e["bytes"], "gbs": gbs, "stream_frac": None,
            "gflops": (e["flops"] / (ms * 1e-3) / 1e9) if e["flops"] else None,
            "scalar_share": share, "class": cls,
            "scalar_reason": e["scalar_reason"],
            "compile_s": compile_s, "checksum": res["checksum"],
            "workspace_bytes": int(res["workspace"]),
            "insn_wide": an["insn_wide"], "insn_scalar_fp": an["insn_scalar_fp"],
            "insn_elem_mem": an["insn_elem_mem"], "calls": calls,
            "innermost_loops": an["innermost_loops"],
            "innermost_vector": an["innermost_vector"],
            "samples": an["samples"], "external_samples": ext,
            "evidence": "\n\n".join(ev),
        }
        rows.append(row)
        print("%8.3f ms %7.1f GB/s %s" % (ms, gbs, cls), file=sys.stderr)

    load_after = os.getloadavg()
    stream_runs.append(stream())
    copy_gbs = max(c for c, _ in stream_runs)
    triad_gbs = max(t for _, t in stream_runs)
    ref_gbs = max(copy_gbs, triad_gbs)
    for r in rows:
        r["stream_frac"] = r["gbs"] / ref_gbs
    model = cpu_model()
    hdr = ("family", "op", "inputs", "median ms", "MB moved", "GB/s",
           "% STREAM", "GFLOP/s", "scalar %", "class", "vec loops")
    md = ["| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
    for r in rows:
        md.append("| %s | %s | %s | %.3f | %.1f | %.1f | %.0f%% | %s | "
                  "%.0f%% | %s | %d/%d |" % (
                      r["family"], r["op"], r["inputs"], r["median_ms"],
                      r["bytes"] / 1e6, r["gbs"], 100 * r["stream_frac"],
                      "%.1f" % r["gflops"] if r["gflops"] else "",
                      100 * r["scalar_share"], r["class"],
                      r["innermost_vector"], r["innermost_loops"]))
    print("CPU: %s; pinned: %s; %s %s" % (model, " ".join(pin) or "no",
                                         a.cc, " ".join(cflags)))
    print("STREAM (bench/ops/stream.c, 3 x 64 MiB, best of the runs before "
          "and after the ops): copy %.1f GB/s, triad %.1f GB/s; %% STREAM "
          "divides by %.1f (runs: %s)" % (
              copy_gbs, triad_gbs, ref_gbs,
              ", ".join("%.1f/%.1f" % x for x in stream_runs)))
    print("load average before/after: %.2f / %.2f\n" % (load_before[0],
                                                       load_after[0]))
    print("\n".join(md))
    notes = [r for r in rows if r["class"] != "vector"]
    if notes:
        print("\nNot vector:")
        for r in notes:
            print("- %s (%s): %s, %.0f%% of samples in scalar code%s" % (
                r["op"], r["inputs"], r["class"], 100 * r["scalar_share"],
                " -- " + r["scalar_reason"] if r["scalar_reason"] else ""))
        print("Evidence (hot scalar loops, libm calls): %s/evidence/" % wd)
    for f in failures:
        print("FAILED: " + f)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"cpu": model, "stream_copy_gbs": copy_gbs,
                       "stream_triad_gbs": triad_gbs,
                       "stream_runs": stream_runs,
                       "load_before": load_before, "load_after": load_after,
                       "rows": rows, "failures": failures}, f, indent=1)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write("\n".join(md) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
