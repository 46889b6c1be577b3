#!/usr/bin/python3
"""End-to-end corpus runner: `nxc run` every case and compare with expected.

  run_corpus.py --nxc build/bin/nxc --corpus /work/shared/corpus \\
      [--filter REGEX] [--xfail test/e2e/xfail.txt] [-j 2] [--timeout 120]
      [--verbose] [--write-xfail FILE]

With --exec=object each case is instead compiled to an object (`nxc
compile`, --nxc-arg going there, e.g. --target=aarch64-linux-gnu), linked with
case_main.c and the C runtime by --cc, and run, optionally through --runner
(`qemu-aarch64 -L /usr/aarch64-linux-gnu`, `valgrind ...`), on raw files.

Each case is PASS (exit 0, right number of outputs, each within the corpus
tolerances), UNSUPPORTED (exit 2) or FAIL (anything else). Cases named in the
xfail file ("case_name  # reason" per line) are XFAIL when they fail, and
XPASS, which fails the run, when they pass, so the list cannot go stale.
Exit status: 0 no FAIL or XPASS, 1 otherwise, 2 bad usage.
"""

import argparse
import collections
import concurrent.futures
import glob
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "lib"))
import nxtensor  # noqa: E402

STDERR_TAIL = 10
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def graph_ops(graph):
    """Every op name in the graph, nested scopes included; composites also
    count as "composite:<name>"."""
    ops = set()

    def term(t):
        if isinstance(t, list):
            for x in t:
                term(x)
        elif isinstance(t, dict):
            if "scope" in t and isinstance(t["scope"], dict):
                scope(t["scope"])
            else:
                for x in t.values():
                    term(x)

    def scope(s):
        for node in s.get("nodes", []):
            op = node.get("op")
            ops.add(op)
            args = node.get("args", [])
            if op == "composite" and args and isinstance(args[0], str):
                ops.add("composite:" + args[0])
            term(args)

    scope(graph)
    return ops


def read_xfail(path):
    """{case: reason}"""
    out = {}
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            body, _, reason = line.partition("#")
            body = body.strip()
            if not body:
                continue
            if len(body.split()) != 1:
                raise SystemExit("%s:%d: expected 'case_name  # reason'" % (path, lineno))
            out[body] = reason.strip()
    return out


def last_lines(text, n=STDERR_TAIL):
    return text.rstrip("\n").splitlines()[-n:]


def run_nxc(cmd, timeout):
    """(returncode or None on timeout, stdout, stderr). The child gets its own
    process group so a timeout also kills whatever it spawned (linker, ...)."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
        rc = None
    return rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def run_case(opts, case_path, tmpdir):
    """dict(status, reason, stderr, seconds)"""
    name = os.path.basename(case_path)[:-len(".case.json")]
    res = {"name": name, "status": "FAIL", "reason": "", "stderr": "", "seconds": 0.0}
    try:
        graph_path, _, expected = nxtensor.load_case(case_path)
    except (OSError, ValueError, KeyError) as e:
        res["reason"] = "cannot read case: %s" % e
        return res
    out_path = os.path.join(tmpdir, name + ".result.json")
    cmd = [opts.nxc, "run", graph_path, "--inputs", case_path, "--out", out_path]
    cmd += opts.nxc_arg or []
    t0 = time.monotonic()
    try:
        if opts.exec == "object":
            rc, out, err = run_object(opts, name, case_path, graph_path, tmpdir, out_path)
        else:
            rc, out, err = run_nxc(cmd, opts.timeout)
    except OSError as e:
        res["reason"] = "cannot run nxc: %s" % e
        return res
    res["seconds"] = time.monotonic() - t0
    res["stderr"] = err
    if rc is None:
        res["reason"] = "timeout after %gs" % opts.timeout
    elif rc == 2:
        res["status"] = "UNSUPPORTED"
        res["reason"] = (err.strip().splitlines() or ["(no message on stderr)"])[0]
    elif rc < 0:
        try:
            sig = signal.Signals(-rc).name
        except ValueError:
            sig = "signal %d" % -rc
        res["reason"] = "killed by %s" % sig
    elif rc != 0:
        res["reason"] = "exit %d" % rc
    else:
        res["status"], res["reason"] = check_outputs(out_path, expected)
    try:
        os.remove(out_path)
    except OSError:
        pass
    return res


def run_object(opts, name, case_path, graph_path, tmpdir, out_path):
    """--exec=object: compile, link with case_main.c, run on raw files, and
    write the outputs as `nxc run --out` would. Returns (rc, stdout, stderr)
    like run_nxc; exit 2 (unsupported) only comes from `nxc compile`."""
    d = os.path.join(tmpdir, name)
    os.makedirs(d, exist_ok=True)
    obj = os.path.join(d, "f.o")
    rc, out, err = run_nxc([opts.nxc, "compile", graph_path, "-o", obj]
                           + (opts.nxc_arg or []), opts.timeout)
    if rc != 0:
        return rc, out, err
    with open(graph_path) as f:
        graph = json.load(f)
    fname = graph["name"]
    exe = os.path.join(d, "f.exe")
    cc = shlex.split(opts.cc) + shlex.split(opts.cflags) + [
        "-I", os.path.join(ROOT, "runtime", "include"), "-DNXC_INFO=%s_info" % fname,
        os.path.join(HERE, "case_main.c"), obj, opts.runtime_obj, "-lm", "-o", exe]
    rc, out, err2 = run_nxc(cc, opts.timeout)
    if rc != 0:
        return 1, out, err + "link failed: %s\n%s" % (" ".join(cc), err2)
    with open(case_path) as f:
        inputs = json.load(f)["inputs"]
    ins = []
    for i, t in enumerate(inputs):
        ins.append(os.path.join(d, "in%d.bin" % i))
        with open(ins[-1], "wb") as f:
            f.write(nxtensor.to_raw(t))
    n_out = len(graph["outputs"])
    outs = [os.path.join(d, "out%d.bin" % j) for j in range(n_out)]
    rc, out, err2 = run_nxc(shlex.split(opts.runner) + [exe] + ins + outs, opts.timeout)
    err += err2
    if rc != 0:
        return (1 if rc == 2 else rc), out, err
    results = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "result":
            shape = [int(x) for x in parts[3].split(",")]
            with open(outs[len(results)], "rb") as f:
                results.append(nxtensor.from_raw(parts[2], shape, f.read()))
        elif len(parts) == 3 and parts[0] == "result":  # rank 0: no dims printed
            with open(outs[len(results)], "rb") as f:
                results.append(nxtensor.from_raw(parts[2], [], f.read()))
    with open(out_path, "w") as f:
        json.dump({"outputs": results}, f)
    return 0, out, err


def build_runtime(opts, tmpdir):
    """Compiles the C runtime once per run with the harness's compiler and flags."""
    obj = os.path.join(tmpdir, "runtime.o")
    cmd = shlex.split(opts.cc) + shlex.split(opts.cflags) + [
        "-c", "-I", os.path.join(ROOT, "runtime", "include"),
        os.path.join(ROOT, "runtime", "src", "runtime.c"), "-o", obj]
    rc, _, err = run_nxc(cmd, opts.timeout)
    if rc != 0:
        sys.exit("cannot build the runtime: %s\n%s" % (" ".join(cmd), err))
    return obj


def check_outputs(out_path, expected):
    try:
        with open(out_path) as f:
            outputs = json.load(f)["outputs"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        return "FAIL", "exit 0 but no readable --out file: %s" % e
    if not isinstance(outputs, list) or len(outputs) != len(expected):
        return "FAIL", "%s outputs, expected %d" % (
            len(outputs) if isinstance(outputs, list) else "no", len(expected))
    for i, (a, e) in enumerate(zip(outputs, expected)):
        try:
            ok, msg = nxtensor.compare(a, e)
        except (ValueError, KeyError, TypeError, AttributeError) as ex:
            ok, msg = False, "malformed output: %s" % ex
        if not ok:
            return "FAIL", "output %d: %s" % (i, msg)
    return "PASS", ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nxc", required=True)
    ap.add_argument("--corpus", required=True, help="directory of *.case.json")
    ap.add_argument("--filter", help="only cases whose name matches (re.search)")
    ap.add_argument("--nxc-arg", action="append", metavar="ARG",
                    help="extra argument for `nxc run` (repeatable), e.g. --cpu=x86-64-v2")
    ap.add_argument("--xfail", help="file of expected failures")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120, help="seconds per case")
    ap.add_argument("--verbose", action="store_true", help="a line per case")
    ap.add_argument("--write-xfail", metavar="FILE",
                    help="write this run's FAIL/XFAIL cases in xfail format")
    ap.add_argument("--exec", choices=("run", "object"), default="run",
                    help="run: `nxc run` (default); object: compile, link, run")
    ap.add_argument("--cc", default="clang-22", help="object mode: C compiler")
    ap.add_argument("--cflags", default="-O1",
                    help="object mode: flags to compile and link the harness")
    ap.add_argument("--runner", default="",
                    help="object mode: command prefix to run the program, "
                    "e.g. 'qemu-aarch64 -L /usr/aarch64-linux-gnu'")
    opts = ap.parse_args()

    if not (os.path.isfile(opts.nxc) and os.access(opts.nxc, os.X_OK)):
        ap.error("not an executable: %s" % opts.nxc)
    cases = sorted(glob.glob(os.path.join(opts.corpus, "*.case.json")))
    if not cases:
        ap.error("no *.case.json in %s" % opts.corpus)
    if opts.filter:
        rx = re.compile(opts.filter)
        cases = [c for c in cases if rx.search(os.path.basename(c)[:-len(".case.json")])]
        if not cases:
            ap.error("no case matches --filter %r" % opts.filter)
    xfail = read_xfail(opts.xfail) if opts.xfail else {}
    names = {os.path.basename(c)[:-len(".case.json")] for c in cases}
    if not opts.filter:
        for stale in sorted(set(xfail) - names):
            print("warning: xfail entry %s is not in the corpus" % stale)

    ops_of = {}
    for c in cases:
        name = os.path.basename(c)[:-len(".case.json")]
        try:
            graph_path, _, _ = nxtensor.load_case(c)
            with open(graph_path) as f:
                ops_of[name] = graph_ops(json.load(f))
        except (OSError, ValueError, KeyError):
            ops_of[name] = {"(unreadable)"}

    results = []
    lock = threading.Lock()
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nxc_corpus_") as tmpdir, \
            concurrent.futures.ThreadPoolExecutor(max(1, opts.jobs)) as pool:
        if opts.exec == "object":
            opts.runtime_obj = build_runtime(opts, tmpdir)
        futures = [pool.submit(run_case, opts, c, tmpdir) for c in cases]
        for fut in concurrent.futures.as_completed(futures):
            r = fut.result()
            if r["name"] in xfail:
                if r["status"] == "FAIL":
                    r["status"] = "XFAIL"
                elif r["status"] == "PASS":
                    r["status"] = "XPASS"
                    r["reason"] = "passes but is listed as xfail (%s): remove it" % (
                        xfail[r["name"]] or "no reason given")
            with lock:
                results.append(r)
                report(opts, r)
    elapsed = time.monotonic() - t0
    results.sort(key=lambda r: r["name"])
    summarize(opts, results, ops_of, elapsed)
    if opts.write_xfail:
        with open(opts.write_xfail, "w") as f:
            for r in results:
                if r["status"] in ("FAIL", "XFAIL"):
                    reason = xfail.get(r["name"]) or r["reason"].splitlines()[0]
                    f.write("%s  # %s\n" % (r["name"], reason))
    bad = sum(r["status"] in ("FAIL", "XPASS") for r in results)
    return 1 if bad else 0


def report(opts, r):
    st = r["status"]
    if st in ("FAIL", "XPASS"):
        print("%s %s: %s" % (st, r["name"], r["reason"]))
        for line in last_lines(r["stderr"]):
            print("    | " + line)
    elif opts.verbose:
        extra = ": " + r["reason"] if r["reason"] else ""
        print("%s %s (%.2fs)%s" % (st, r["name"], r["seconds"], extra))
    sys.stdout.flush()


def summarize(opts, results, ops_of, elapsed):
    per_op = collections.defaultdict(collections.Counter)
    for r in results:
        col = {"PASS": "passed", "FAIL": "failed", "XPASS": "failed",
               "UNSUPPORTED": "unsupported", "XFAIL": "xfail"}[r["status"]]
        for op in ops_of.get(r["name"], ()):
            per_op[op]["cases"] += 1
            per_op[op][col] += 1
    cols = ["cases", "passed", "failed", "unsupported", "xfail"]
    width = max([len("op")] + [len(op) for op in per_op])
    print()
    print("%-*s  %s" % (width, "op", "  ".join("%11s" % c for c in cols)))
    for op in sorted(per_op):
        print("%-*s  %s" % (width, op, "  ".join("%11d" % per_op[op][c] for c in cols)))

    reasons = collections.Counter(r["reason"] for r in results if r["status"] == "UNSUPPORTED")
    if reasons:
        print()
        print("unsupported reasons (first stderr line):")
        for reason, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
            print("  %4d  %s" % (n, reason))

    n = collections.Counter(r["status"] for r in results)
    failed = n["FAIL"] + n["XPASS"]
    skipped = n["UNSUPPORTED"] + n["XFAIL"]
    print()
    print("total %d: %d PASS, %d FAIL, %d XPASS, %d XFAIL, %d UNSUPPORTED in %.1fs"
          % (len(results), n["PASS"], n["FAIL"], n["XPASS"], n["XFAIL"],
             n["UNSUPPORTED"], elapsed))
    if n["FAIL"] or n["XPASS"]:
        print("failing: " + " ".join(r["name"] for r in results
                                     if r["status"] in ("FAIL", "XPASS")))
    print("(skipped = unsupported + xfail; failed = FAIL + XPASS)")
    print("%d passed, %d failed, %d skipped" % (n["PASS"], failed, skipped))


if __name__ == "__main__":
    sys.exit(main())
