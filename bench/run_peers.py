#!/usr/bin/env python3
"""Side by side: nxc-compiled workloads next to numpy, PyTorch, Eigen and C.

  bench/run_peers.py [--threads 1,2] [--seconds S] [--only NAME,...]
                     [--json FILE] [--markdown FILE] [--small]

In one run: generates the workload graphs (bench/workloads/gen_workloads.py),
measures the machine's limits (bench/peak/fma_peak.c and bench/ops/stream.c,
one copy per core used, run at the same time and summed), checks every nxc
result once against a float64 numpy reference (`nxc run`, bench/workloads/
peers.py check), then per thread count and workload times:

  nxc          `nxc bench G.json --json` (in process, generated inputs,
               buffers and workspace reused); 2+ threads: n/a while nxc's
               code is serial (nxc bench refuses --threads > 1)
  numpy        python3-numpy on OpenBLAS (OPENBLAS_NUM_THREADS)
  torch        python3-torch, CPU (torch.set_num_threads)
  Eigen        bench/workloads/peers_eigen.cpp, clang++ -O3 -march=native
               (-fopenmp: Eigen's products use OMP_NUM_THREADS threads)
  C -O3        bench/workloads/peers_c.c, clang -O3 -march=native (+OpenMP)
  C fast-math  the same with -ffast-math -fveclib=libmvec

pinned with taskset to cores 0..threads-1. numpy and torch run under
--python (default /usr/bin/python3, Debian's, which sees python3-numpy and
python3-torch); a peer that is not installed is a "not installed" row.

Columns: median ms; GFLOP/s (compute-bound: matmul, mlp, conv2d, attention)
or GB/s (the rest: inputs + outputs bytes / time); % of the measured FMA
peak or STREAM bandwidth for that many cores; time / best peer's time at the
same thread count (below 1: faster than every peer). Exit status 1 if a
build fails or nxc computes a wrong result. Python 3 standard library only.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WL = os.path.join(HERE, "workloads")
PEERS = ["numpy", "torch", "eigen", "c", "c_fastmath"]
LABEL = {"nxc": "nxc", "numpy": "numpy (OpenBLAS)", "torch": "PyTorch CPU",
         "eigen": "Eigen", "c": "C -O3", "c_fastmath": "C -O3 -ffast-math"}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sh(cmd, env=None, check=True):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and r.returncode != 0:
        log("+ " + " ".join(cmd) + "\n" + r.stdout + r.stderr)
        raise RuntimeError("exit %d from %s" % (r.returncode, cmd[0]))
    return r


def result_line(out):
    m = re.search(r"^RESULT (.*)$", out, re.M)
    if not m:
        raise RuntimeError("no RESULT line in: " + out[-300:])
    return {k: v for k, v in (kv.split("=", 1) for kv in m.group(1).split())}


def pin(threads, cpus):
    if not cpus or not shutil.which("taskset"):
        return []
    return ["taskset", "-c", ",".join(cpus[:threads])]


def env_threads(t):
    e = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        e[k] = str(t)
    return e


def concurrent(cmds):
    """Runs the commands at the same time; returns their stdouts."""
    ps = [subprocess.Popen(c, stdout=subprocess.PIPE, text=True) for c in cmds]
    return [p.communicate()[0] for p in ps]


def machine_limits(wd, cc, threads, cpus):
    """{t: (peak GFLOP/s, STREAM GB/s, text)}: t copies on t cores."""
    cflags = ["-std=c99", "-O3", "-march=native"]
    peak_bin, stream_bin = os.path.join(wd, "fma_peak"), os.path.join(wd, "stream")
    sh([cc, *cflags, os.path.join(HERE, "peak", "fma_peak.c"), "-o", peak_bin])
    sh([cc, *cflags, os.path.join(HERE, "ops", "stream.c"), "-o", stream_bin])
    lim = {}
    for t in threads:
        cores = cpus[:t] if cpus else [None] * t
        pk = concurrent([(["taskset", "-c", c] if c else []) + [peak_bin]
                         for c in cores])
        peak = sum(float(re.search(r"^PEAK_GFLOPS (\S+)", o, re.M).group(1))
                   for o in pk)
        st = concurrent([(["taskset", "-c", c] if c else []) + [stream_bin]
                         for c in cores])
        cp = sum(float(re.search(r"copy_gbs=(\S+)", o).group(1)) for o in st)
        tr = sum(float(re.search(r"triad_gbs=(\S+)", o).group(1)) for o in st)
        lim[t] = {"peak_gflops": peak, "stream_gbs": max(cp, tr),
                  "stream_copy_gbs": cp, "stream_triad_gbs": tr}
    return lim


def build_peers(wd, cc, cxx):
    """{peer: (binary or None, openmp?, note)} for eigen, c, c_fastmath."""
    out = {}
    inc = ["-I", WL]
    omp_ok = subprocess.run(
        [cc, "-fopenmp", "-x", "c", "-", "-o", os.path.join(wd, "omp_test")],
        input="#include <omp.h>\nint main(void){return omp_get_max_threads()<1;}",
        capture_output=True, text=True).returncode == 0
    omp = ["-fopenmp"] if omp_ok else []
    base = ["-O3", "-march=native"]
    for peer, extra, libs in (("c", [], []),
                              ("c_fastmath", ["-ffast-math", "-fveclib=libmvec"],
                               ["-lmvec"])):
        exe = os.path.join(wd, "peers_" + peer)
        sh([cc, "-std=c11", *base, *extra, *omp, *inc,
            os.path.join(WL, "peers_c.c"), *libs, "-lm", "-o", exe])
        out[peer] = (exe, omp_ok, "")
    eigen_inc = "/usr/include/eigen3"
    if os.path.isfile(os.path.join(eigen_inc, "Eigen", "Dense")):
        exe = os.path.join(wd, "peers_eigen")
        sh([cxx, "-std=c++17", *base, "-DNDEBUG", *omp, *inc, "-I", eigen_inc,
            "-w", os.path.join(WL, "peers_eigen.cpp"), "-o", exe])
        out["eigen"] = (exe, omp_ok, "")
    else:
        out["eigen"] = (None, False, "not installed (libeigen3-dev)")
    return out


def eigen_version():
    try:
        text = open("/usr/include/eigen3/Eigen/src/Core/util/Macros.h").read()
        v = [re.search(r"#define EIGEN_%s_VERSION (\d+)" % k, text).group(1)
             for k in ("WORLD", "MAJOR", "MINOR")]
        return ".".join(v)
    except (OSError, AttributeError):
        return "?"


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def fmt_ms(s):
    ms = s * 1e3
    return "%.4f" % ms if ms < 0.1 else "%.3f" % ms if ms < 10 else "%.2f" % ms if ms < 100 else "%.1f" % ms


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def merge_rounds(rows):
    """One row per (workload, threads, peer): the median of the rounds'
    medians; `round_ratios`, each round's median / that round's best peer
    median; `vs_best_peer`, the median of those. A variant that failed in
    any round keeps that round's status and no time."""
    groups = {}
    for r in rows:
        groups.setdefault((r["workload"], r["threads"], r["peer"]),
                          []).append(r)
    best = {}
    for r in rows:
        if r["peer"] != "nxc" and r["median_s"]:
            k = (r["workload"], r["threads"], r["round"])
            best[k] = min(best.get(k, r["median_s"]), r["median_s"])
    out = []
    for rs in groups.values():
        m = dict(rs[0])
        del m["round"]
        failed = [r for r in rs if not r["median_s"]]
        if failed:
            m.update(median_s=None, runs=None, status=failed[0]["status"])
            out.append(m)
            continue
        m["median_s"] = median([r["median_s"] for r in rs])
        m["runs"] = sum(r["runs"] or 0 for r in rs)
        m["round_medians_s"] = [r["median_s"] for r in rs]
        ratios = [r["median_s"] / best[(r["workload"], r["threads"],
                                         r["round"])]
                  for r in rs if (r["workload"], r["threads"], r["round"])
                  in best]
        if len(ratios) == len(rs):
            m["round_ratios"] = ratios
            m["vs_best_peer"] = median(ratios)
        out.append(m)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nxc", default=os.environ.get(
        "NXC", os.path.join(ROOT, "build", "bin", "nxc")))
    ap.add_argument("--cc", default=os.environ.get("CC", "clang-22"))
    ap.add_argument("--cxx", default=os.environ.get("CXX", "clang++-22"))
    ap.add_argument("--python", default="/usr/bin/python3",
                    help="interpreter that sees python3-numpy/python3-torch")
    ap.add_argument("--workdir", default="/tmp/nxc-bench-peers")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--cpus", default="0,1",
                    help="cores to pin to, in order ('' for no pinning)")
    ap.add_argument("--seconds", type=float, default=0.5,
                    help="timed seconds per variant (at least 5 calls)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="repeat every variant this many times, interleaved "
                    "(round r times all variants before round r + 1 starts); "
                    "report medians over rounds and the per-round ratios")
    ap.add_argument("--only", default="", help="comma-separated workloads")
    ap.add_argument("--peers", default=",".join(PEERS))
    ap.add_argument("--small", action="store_true",
                    help="small sizes (development; names keep full sizes)")
    ap.add_argument("--no-check", action="store_true",
                    help="skip the numerics check of nxc (rows say so)")
    ap.add_argument("--json")
    ap.add_argument("--markdown")
    a = ap.parse_args()
    threads = [int(t) for t in a.threads.split(",") if t]
    cpus = [c for c in a.cpus.split(",") if c]
    peers = [p for p in a.peers.split(",") if p]
    wd = os.path.abspath(a.workdir)
    gdir = os.path.join(wd, "graphs")
    os.makedirs(gdir, exist_ok=True)
    t_start = time.time()

    sh([sys.executable, os.path.join(WL, "gen_workloads.py"), gdir]
       + (["--only", a.only] if a.only else []) + (["--small"] if a.small else []))
    manifest = os.path.join(gdir, "manifest.json")
    ws = json.load(open(manifest))
    bins = build_peers(wd, a.cc, a.cxx)
    log("measuring FMA peak and STREAM on %s core(s)" % a.threads)
    limits = machine_limits(wd, a.cc, threads, cpus)

    # Work on a copy of nxc: a rebuild on a shared machine must not pull the
    # binary away mid-run (waits up to 2 min for one being relinked).
    for _ in range(60):
        if os.access(a.nxc, os.X_OK) or not os.path.isdir(
                os.path.dirname(os.path.abspath(a.nxc))):
            break
        time.sleep(2)
    have_nxc = os.access(a.nxc, os.X_OK)
    if have_nxc:
        snap = os.path.join(wd, "nxc")
        shutil.copy2(a.nxc, snap)
        a.nxc = snap
    have_py = shutil.which(a.python) is not None
    # numerics: one nxc run per workload against float64 numpy
    checks = {}
    if have_nxc and not a.no_check:
        if have_py:
            log("checking nxc's results against numpy (float64)")
            r = sh([a.python, os.path.join(WL, "peers.py"), "check", manifest,
                    "--nxc", a.nxc, "--workdir", os.path.join(wd, "check"),
                    "--threads", ",".join(str(t) for t in threads)],
                   check=False)
            for line in r.stdout.splitlines():
                c = json.loads(line)
                checks[c["name"]] = c
            if r.returncode != 0:
                log("numerics check failed:\n" + r.stderr[-2000:])

    rows = []

    def add(w, t, peer, median_s=None, runs=None, status="", variant=None):
        rows.append({"workload": w["name"], "threads": t, "peer": peer,
                     "variant": variant or LABEL[peer], "median_s": median_s,
                     "runs": runs, "status": status, "round": rnd})

    for rnd, t in [(r, t) for r in range(max(a.rounds, 1)) for t in threads]:
        if a.rounds > 1:
            log("round %d of %d" % (rnd + 1, a.rounds))
        env = env_threads(t)
        pn = pin(t, cpus)
        # numpy and torch: one process per peer for all workloads
        py = {}
        for peer in ("numpy", "torch"):
            if peer not in peers:
                continue
            py[peer] = {"missing": "not installed (%s not found)" % a.python}
            if not have_py:
                continue
            log("%s, %d thread(s)" % (peer, t))
            r = sh(pn + [a.python, os.path.join(WL, "peers.py"), "time",
                         "--peer", peer, manifest, "--threads", str(t),
                         "--seconds", str(a.seconds)], env=env, check=False)
            py[peer] = {}
            for line in r.stdout.splitlines():
                d = json.loads(line)
                if "missing" in d:
                    py[peer] = {"missing": "not installed (%s)" % d["missing"]}
                elif "name" in d:
                    py[peer][d["name"]] = d
            if r.returncode != 0 and not py[peer]:
                py[peer] = {"missing": "failed: " + r.stderr.strip()[-200:]}
        for w in ws:
            log("%s, %d thread(s)" % (w["name"], t))
            g = os.path.join(gdir, w["graph"])
            c = checks.get(w["name"] if t == 1 else "%s@%d" % (w["name"], t))
            if not have_nxc:
                add(w, t, "nxc", status="not built (%s)" % a.nxc)
            elif c is not None and not c["ok"]:
                add(w, t, "nxc", status="WRONG RESULT: not timed (%s)"
                    % (c.get("err", c.get("what"))))
            else:
                r = sh(pn + [a.nxc, "bench", g, "--json", "--threads", str(t),
                             "--seconds", str(a.seconds)], check=False)
                if r.returncode == 0:
                    d = json.loads(r.stdout.strip().splitlines()[-1])
                    add(w, t, "nxc", d["median_s"], d["runs"],
                        "" if c is not None else "numerics unchecked")
                elif t > 1:
                    add(w, t, "nxc", status="n/a (serial code)")
                else:
                    add(w, t, "nxc", status="failed: " + (
                        r.stderr or r.stdout).strip()[-200:])
            for peer in peers:
                if peer in ("numpy", "torch"):
                    p = py[peer]
                    if "missing" in p:
                        add(w, t, peer, status=p["missing"])
                    elif w["name"] not in p:
                        add(w, t, peer, status="no result")
                    elif "error" in p[w["name"]]:
                        add(w, t, peer, status=p[w["name"]]["error"][:120])
                    else:
                        d = p[w["name"]]
                        add(w, t, peer, d["median_s"], d["runs"],
                            variant="%s %s" % (LABEL[peer],
                                               d["variant"].split()[-1]))
                    continue
                exe, omp, note = bins[peer]
                if exe is None:
                    add(w, t, peer, status=note)
                    continue
                if t > 1 and not omp:
                    add(w, t, peer, status="n/a (serial code: no OpenMP)")
                    continue
                r = sh(pn + [exe, w["kind"], str(a.seconds)]
                       + [str(x) for x in w["dims"]], env=env, check=False)
                if r.returncode != 0:
                    add(w, t, peer, status="failed: exit %d" % r.returncode)
                    continue
                d = result_line(r.stdout)
                v = LABEL[peer] + (" " + eigen_version() if peer == "eigen"
                                   else "")
                add(w, t, peer, float(d["median_s"]), int(d["runs"]),
                    variant=v)

    # derived columns; with --rounds, per (workload, threads, variant) the
    # median over rounds of the medians, and the ratio to the best peer is
    # the median of each round's ratio (nxc and the peers of one round ran
    # minutes apart at most, where the VM's memory speed drifts over longer)
    rows = merge_rounds(rows)
    wmap = {w["name"]: w for w in ws}
    for r in rows:
        s = r["median_s"]
        w = wmap[r["workload"]]
        r["bound"] = w["bound"]
        if not s:
            continue
        lim = limits[r["threads"]]
        if w["bound"] == "compute":
            r["gflops"] = w["flops"] / s / 1e9
            r["pct_peak"] = 100 * r["gflops"] / lim["peak_gflops"]
        else:
            r["gbs"] = w["bytes"] / s / 1e9
            r["pct_peak"] = 100 * r["gbs"] / lim["stream_gbs"]

    hdr = ["workload", "thr", "variant", "median ms", "GFLOP/s|GB/s",
           "% peak", "time/best peer"] + (
               ["per round"] if a.rounds > 1 else [])
    table = []
    for r in rows:
        if r["median_s"]:
            rate = ("%.1f GFLOP/s" % r["gflops"] if "gflops" in r
                    else "%.1f GB/s" % r["gbs"])
            table.append([r["workload"], str(r["threads"]), r["variant"],
                          fmt_ms(r["median_s"]), rate,
                          "%.0f%%" % r["pct_peak"],
                          "%.2fx" % r["vs_best_peer"]
                          if "vs_best_peer" in r else "-"]
                         + ([" ".join("%.2f" % x for x in r["round_ratios"])]
                            if a.rounds > 1 else []))
        else:
            st = r["status"]
            table.append([r["workload"], str(r["threads"]), r["variant"],
                          st if len(st) <= 60 else st[:57] + "...", "", "",
                          ""] + ([""] if a.rounds > 1 else []))
    model = cpu_model()
    head = ["CPU: %s, %d logical CPUs; %s and %s -O3 -march=native" % (
        model, os.cpu_count(), a.cc, a.cxx)]
    for t in threads:
        l = limits[t]
        head.append("%d core(s): FMA peak %.1f GFLOP/s, STREAM copy %.1f / "
                    "triad %.1f GB/s (pinned: %s)" % (
                        t, l["peak_gflops"], l["stream_copy_gbs"],
                        l["stream_triad_gbs"], ",".join(cpus[:t]) or "no"))
    want = [w["name"] if t == 1 else "%s@%d" % (w["name"], t)
            for t in threads for w in ws]
    unchecked = [n for n in want if n not in checks]
    if have_nxc:
        head.append("nxc numerics vs float64 numpy at %s thread(s): %d/%d ok%s"
                    % (a.threads, sum(1 for c in checks.values() if c["ok"]),
                       len(want),
                       ("; unchecked: " + ",".join(unchecked))
                       if unchecked else ""))
    if a.small:
        head.append("--small: sizes are NOT the ones the names say")
    widths = [max(len(hdr[i]), *(len(row[i]) for row in table))
              for i in range(len(hdr))]
    print("\n".join(head) + "\n")
    print("  ".join(h.ljust(widths[i]) for i, h in enumerate(hdr)))
    prev = None
    for row in table:
        if prev and row[0] != prev:
            print()
        prev = row[0]
        print("  ".join(c.ljust(widths[i]) for i, c in enumerate(row)))
    print("\n%% peak: of the FMA peak (compute-bound) or of STREAM (memory-bound)"
          " measured on as many cores; time/best peer: median / the fastest "
          "peer's median at that thread count (below 1: nxc beats them all)%s. "
          "Took %.0f s." % (
              "; with %d rounds, median ms is the median of the rounds' "
              "medians and time/best peer the median of the rounds' ratios "
              "(listed under per round)" % a.rounds if a.rounds > 1 else "",
              time.time() - t_start))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"cpu": model, "limits": limits, "checks": checks,
                       "seconds": a.seconds, "rounds": a.rounds, "small": a.small,
                       "workloads": ws, "rows": rows}, f, indent=1)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write("\n\n".join(head) + "\n\n")
            f.write("| " + " | ".join(hdr) + " |\n")
            f.write("|" + "---|" * len(hdr) + "\n")
            for row in table:
                f.write("| " + " | ".join(row) + " |\n")
    bad = [c["name"] for c in checks.values() if not c["ok"]]
    if bad:
        log("FAIL: nxc computes wrong results for " + ", ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
