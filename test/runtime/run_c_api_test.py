#!/usr/bin/python3
"""Compile a corpus case with `nxc compile`, link c_api_test.c against the
object and the runtime library, run it, and compare its results with the
case's expected outputs.

  run_c_api_test.py --nxc build/bin/nxc --cc clang-22 \\
      --runtime-lib build/lib/libnxc_runtime.a --include runtime/include \\
      --case /work/shared/corpus/binary_add_f32.case.json --workdir /tmp/capi
  run_c_api_test.py --mock [--cc CC] [--workdir DIR]
  run_c_api_test.py --streaming --nxc build/bin/nxc [--runtime-lib ...]

--case may be repeated. --mock needs no compiler: it uses the hand-written
mock_add.c/.h (a unit test of the runtime and of c_api_test.c itself).
--streaming makes its own graphs: maps with results of 32 MiB and more,
which nxc stores past the caches when the buffer is aligned (the direct call
of c_api_test.c passes less aligned buffers, so both versions run), at 1 and
3 threads, against values computed here exactly.
Without --runtime-lib, runtime/src/runtime.c and parallel.c are compiled in.
Exit status: 0 all passed, 1 a failure, 77 everything was unsupported
(`nxc compile` exit 2; ctest's SKIP_RETURN_CODE), 2 bad usage.
"""

import argparse
import json
import math
import os
import shlex
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "test", "lib"))
import nxtensor  # noqa: E402

C_TEST = os.path.join(HERE, "c_api_test.c")


def tail(text, n=15):
    lines = text.rstrip("\n").splitlines()
    return "\n".join("    " + l for l in lines[-n:])


def run(cmd, timeout, **kw):
    """CompletedProcess, or None on timeout."""
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        return None


class Failed(Exception):
    pass


def build_test(opts, workdir, header_dir, header, fn, objects):
    exe = os.path.join(workdir, "c_api_test_" + fn)
    cmd = [opts.cc, "-std=c99", "-O1", "-Wall", "-Wextra",
           "-I", opts.include, "-I", header_dir,
           '-DNXC_HEADER="%s"' % header, "-DNXC_FN=" + fn, "-DNXC_INFO=%s_info" % fn]
    if opts.no_direct_error_checks:
        cmd.append("-DNXC_NO_DIRECT_ERROR_CHECKS")
    cmd += [C_TEST] + objects
    if opts.runtime_lib:
        cmd.append(opts.runtime_lib)
    else:
        cmd += [os.path.join(REPO, "runtime", "src", f)
                for f in ("runtime.c", "parallel.c")]
    cmd += ["-lm", "-lpthread"] + shlex.split(opts.ldflags) + ["-o", exe]
    p = run(cmd, opts.timeout)
    if p is None or p.returncode != 0:
        raise Failed("building the C test failed: %s\n%s"
                     % (" ".join(map(shlex.quote, cmd)),
                        tail(p.stderr if p else "timeout")))
    return exe


def run_test(opts, workdir, exe, inputs, expected):
    """Runs the C test on raw inputs and compares its results; raises Failed."""
    arg_files = []
    for i, t in enumerate(inputs):
        path = os.path.join(workdir, "arg%d.bin" % i)
        with open(path, "wb") as f:
            f.write(nxtensor.to_raw(t))
        arg_files.append(path)
    prefix = os.path.join(workdir, "result")
    p = run([exe, prefix] + arg_files, opts.timeout)
    if p is None:
        raise Failed("c_api_test timed out after %ss" % opts.timeout)
    if opts.verbose:
        sys.stdout.write(p.stdout)
    if p.returncode != 0:
        how = ("killed by signal %d" % -p.returncode if p.returncode < 0
               else "exit %d" % p.returncode)
        raise Failed("c_api_test %s\n%s" % (how, tail(p.stdout + p.stderr)))
    results = []
    for line in p.stdout.splitlines():
        w = line.split(" ")
        if w[0] == "result":
            shape = [int(d) for d in w[3].split(",")] if w[3] else []
            results.append((int(w[1]), w[2], shape))
    if len(results) != len(expected):
        raise Failed("%d results, expected %d" % (len(results), len(expected)))
    actual = []
    for j, dtype, shape in results:
        with open("%s%d.bin" % (prefix, j), "rb") as f:
            actual.append(nxtensor.from_raw(dtype, shape, f.read()))
    check_results(actual, expected)
    return actual


def check_results(actual, expected):
    for j, (a, e) in enumerate(zip(actual, expected)):
        ok, msg = nxtensor.compare(a, e)
        if not ok:
            raise Failed("result %d: %s" % (j, msg))


def run_case(opts, case_path):
    """'PASS', 'UNSUPPORTED' or raises Failed."""
    graph_path, inputs, expected = nxtensor.load_case(case_path)
    with open(graph_path) as f:
        name = json.load(f)["name"]
    workdir = os.path.join(opts.workdir, name)
    os.makedirs(workdir, exist_ok=True)
    obj = os.path.join(workdir, name + ".o")
    header = os.path.join(workdir, name + ".h")
    for stale in (obj, header):
        if os.path.exists(stale):
            os.remove(stale)
    p = run([opts.nxc, "compile", graph_path, "-o", obj], opts.timeout)
    if p is None:
        raise Failed("nxc compile timed out after %ss" % opts.timeout)
    if p.returncode == 2:
        first = (p.stderr.strip().splitlines() or ["(no message)"])[0]
        return "UNSUPPORTED", first
    if p.returncode != 0:
        raise Failed("nxc compile exit %d\n%s" % (p.returncode, tail(p.stderr)))
    for path in (obj, header):
        if not os.path.exists(path):
            raise Failed("nxc compile did not write " + path)
    exe = build_test(opts, workdir, workdir, os.path.basename(header), name, [obj])
    run_test(opts, workdir, exe, inputs, expected)
    return "PASS", ""


# --- mock mode --------------------------------------------------------------------

def f32(x):
    """x rounded to f32; struct refuses values that round to infinity."""
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def run_mock(opts):
    a = [1.5, -0.0, 3.25e38, -7.0, 1e-40, math.inf]
    b = [2.25, 0.0, 3.25e38, 7.0, 1e-40, 1.0]
    a, b = [f32(x) for x in a], [f32(x) for x in b]
    s = [f32(x + y) for x, y in zip(a, b)]  # one IEEE f32 rounding, like C
    inputs = [nxtensor.encode("f32", [2, 3], a), nxtensor.encode("f32", [2, 3], b)]
    finite = [x for x in s if not math.isinf(x)]
    total = 0.0
    for x in s:
        total += x
    ok = True
    for fn, expected in [
            ("mock_add", [nxtensor.encode("f32", [2, 3], s)]),
            ("mock_add_ws", [nxtensor.encode("f32", [2, 3], s),
                             nxtensor.encode("f64", [], [total])])]:
        workdir = os.path.join(opts.workdir, fn)
        os.makedirs(workdir, exist_ok=True)
        try:
            exe = build_test(opts, workdir, HERE, "mock_add.h", fn,
                             [os.path.join(HERE, "mock_add.c")])
            actual = run_test(opts, workdir, exe, inputs, expected)
            # The comparison must also catch a wrong result.
            wrong = list(s)
            wrong[3] = finite[0] + 1.0
            try:
                check_results(actual, [nxtensor.encode("f32", [2, 3], wrong)])
                raise Failed("a wrong expected value was not detected")
            except Failed as e:
                if "flat index 3" not in str(e):
                    raise
            print("PASS %s" % fn)
        except Failed as e:
            print("FAIL %s: %s" % (fn, e))
            ok = False
    return 0 if ok else 1


# --- streaming mode ---------------------------------------------------------------

# name, shape, streamed on x86 with AVX-512 (whole 64-byte lines per store;
# AVX2's 32-byte stores of this map never stream): a row length that is not a
# multiple of 16 leaves row starts off the line, so that one must not stream.
STREAMING = [("stream_map_1d", [(1 << 23) + 5], True),
             ("stream_map_rows", [2049, 4096], True),
             ("stream_map_odd_rows", [2048, 4099], False)]


def streaming_graph(name, shape):
    """f(a, b, c) = as_type(a, f32) * b + c: a s8, b and c f32 scalars."""
    def node(i, op, typ, shp, args):
        return {"id": i, "op": op, "type": typ, "shape": shp, "args": args}
    return {"format": "nx-graph", "version": 1, "name": name,
            "params": [{"type": "s8", "shape": shape},
                       {"type": "f32", "shape": []},
                       {"type": "f32", "shape": []}],
            "nodes": [node(0, "parameter", "s8", shape, [0]),
                      node(1, "parameter", "f32", [], [1]),
                      node(2, "parameter", "f32", [], [2]),
                      node(3, "as_type", "f32", shape, [{"ref": 0}]),
                      node(4, "multiply", "f32", shape, [{"ref": 3}, {"ref": 1}]),
                      node(5, "add", "f32", shape, [{"ref": 4}, {"ref": 2}])],
            "outputs": [{"ref": 5}]}


def run_raw(opts, workdir, exe, args, env):
    """Runs the C test on raw argument bytes; the bytes of result 0."""
    files = []
    for i, data in enumerate(args):
        files.append(os.path.join(workdir, "arg%d.bin" % i))
        with open(files[-1], "wb") as f:
            f.write(data)
    prefix = os.path.join(workdir, "result")
    p = run([exe, prefix] + files, opts.timeout, env=dict(os.environ, **env))
    if p is None:
        raise Failed("c_api_test timed out after %ss" % opts.timeout)
    if p.returncode != 0:
        how = ("killed by signal %d" % -p.returncode if p.returncode < 0
               else "exit %d" % p.returncode)
        raise Failed("c_api_test %s\n%s" % (how, tail(p.stdout + p.stderr)))
    with open(prefix + "0.bin", "rb") as f:
        return f.read()


def run_streaming(opts):
    import platform
    x86 = platform.machine() in ("x86_64", "AMD64")
    avx512 = False
    if x86 and os.path.exists("/proc/cpuinfo"):
        with open("/proc/cpuinfo") as f:
            avx512 = " avx512f" in f.read()
    import array
    b, c = 0.5, 3.0  # a * 0.5 + 3.0 is exact in f32 for every s8 a
    # 32 MiB results: raw bytes throughout (nxtensor's per-element checks
    # would take minutes); the values are exact, so bytes must be equal.
    period = [(i * 37 + 11) % 256 - 128 for i in range(256)]
    failed = 0
    for name, shape, streamed in STREAMING:
        n = 1
        for d in shape:
            n *= d
        reps = n // 256 + 1
        a_raw = array.array("b", period * reps)[:n].tobytes()
        want = array.array("f", [x * b + c for x in period] * reps)[:n]
        if sys.byteorder != "little":
            want.byteswap()
        want = want.tobytes()
        args = [a_raw, struct.pack("<f", b), struct.pack("<f", c)]
        workdir = os.path.join(opts.workdir, name)
        os.makedirs(workdir, exist_ok=True)
        graph_path = os.path.join(workdir, name + ".graph.json")
        with open(graph_path, "w") as f:
            json.dump(streaming_graph(name, shape), f)
        obj = os.path.join(workdir, name + ".o")
        try:
            p = run([opts.nxc, "compile", graph_path, "-o", obj], opts.timeout)
            if p is None or p.returncode != 0:
                raise Failed("nxc compile failed\n%s" % tail(p.stderr if p else "timeout"))
            if x86:
                ir = os.path.join(workdir, name + ".ll")
                p = run([opts.nxc, "compile", graph_path, "--emit=llvm-ir", "-o", ir],
                        opts.timeout)
                if p is None or p.returncode != 0:
                    raise Failed("nxc compile --emit=llvm-ir failed")
                with open(ir) as f:
                    has = "!nontemporal" in f.read()
                if has != (streamed and avx512):
                    raise Failed("streaming stores %s, expected %s"
                                 % ("emitted" if has else "missing",
                                    "them" if streamed and avx512 else "none"))
            exe = build_test(opts, workdir, workdir, name + ".h", name, [obj])
            for threads in (1, 3):
                got = run_raw(opts, workdir, exe, args,
                              {"C_API_TEST_THREADS": str(threads)})
                if got != want:
                    k = next((i for i in range(0, min(len(got), len(want)), 4)
                              if got[i:i + 4] != want[i:i + 4]), None)
                    raise Failed("%d threads: %d bytes, expected %d; first "
                                 "differing element %s" % (threads, len(got),
                                                          len(want), k and k // 4))
            print("PASS %s %s (1 and 3 threads, aligned and unaligned results)"
                  % (name, "x".join(map(str, shape))))
        except Failed as e:
            failed += 1
            print("FAIL %s: %s" % (name, e))
        sys.stdout.flush()
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nxc", help="the nxc binary")
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--runtime-lib", help="libnxc_runtime.a (default: compile runtime.c)")
    ap.add_argument("--include", default=os.path.join(REPO, "runtime", "include"),
                    help="directory holding nxc/runtime.h")
    ap.add_argument("--case", action="append", default=[], help="a *.case.json (repeatable)")
    ap.add_argument("--workdir", help="scratch directory (default: a temporary one)")
    ap.add_argument("--ldflags", default="", help="extra link flags")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--no-direct-error-checks", action="store_true",
                    help="do not test NULL pointers passed straight to the entry point")
    ap.add_argument("--mock", action="store_true", help="test against mock_add.c")
    ap.add_argument("--streaming", action="store_true",
                    help="large maps whose results nxc streams past the caches")
    ap.add_argument("--verbose", action="store_true")
    opts = ap.parse_args()
    if opts.streaming and not opts.nxc:
        ap.error("--streaming needs --nxc")
    if not opts.mock and not opts.streaming and (not opts.nxc or not opts.case):
        ap.error("--nxc and --case are required without --mock")

    tmp = None
    if not opts.workdir:
        tmp = tempfile.TemporaryDirectory(prefix="nxc_capi_")
        opts.workdir = tmp.name
    os.makedirs(opts.workdir, exist_ok=True)
    if opts.mock:
        return run_mock(opts)
    if opts.streaming:
        return run_streaming(opts)

    counts = {"PASS": 0, "FAIL": 0, "UNSUPPORTED": 0}
    for case in opts.case:
        label = os.path.basename(case).replace(".case.json", "")
        try:
            status, why = run_case(opts, case)
        except Failed as e:
            status, why = "FAIL", str(e)
        except (OSError, ValueError, KeyError) as e:
            status, why = "FAIL", "%s: %s" % (type(e).__name__, e)
        counts[status] += 1
        print("%s %s%s" % (status, label, ": " + why if why else ""))
        sys.stdout.flush()
    if counts["FAIL"]:
        return 1
    if counts["UNSUPPORTED"] == len(opts.case):
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
