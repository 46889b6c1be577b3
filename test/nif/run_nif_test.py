#!/usr/bin/env python3
"""End-to-end test of runtime/nif/nxc_nif.c on one nx-graph case.

Compiles the case's graph with nxc (or takes a prebuilt object / C file with
--object and --header), links the NIF .so, compiles nxc_nif.erl and the test
driver with erlc, runs `erl -noshell` to call the NIF on the case's inputs,
and compares the results with the case's expected values (nxtensor.compare).
The driver also checks info(), call_dirty/1, misaligned and concurrent calls,
and that bad arguments give {error, _} instead of a crash.

  run_nif_test.py --nxc build/bin/nxc --cc clang-22 \
      --runtime-lib build/runtime/libnxc_runtime.a --include runtime/include \
      --case /work/shared/corpus/model_mlp_forward.case.json --workdir /tmp/nif

Without nxc, with the runtime's hand-written stand-ins (test/runtime/mock_add.c):

  run_nif_test.py --object test/runtime/mock_add.c \
      --header test/runtime/mock_add.h --function mock_add_ws \
      --runtime-lib runtime/src/runtime.c --include runtime/include \
      --case test/nif/mock/mock_add_ws.case.json --workdir /tmp/nif-mock

Exit status: 0 pass, 1 fail, 77 skipped (no Erlang, or nxc says unsupported).
"""

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "lib"))
import nxtensor  # noqa: E402

NIF_DIR = os.path.join(ROOT, "runtime", "nif")
SKIP = 77


def run(cmd, **kw):
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, **kw)


def check(cmd, what):
    r = run(cmd)
    if r.returncode != 0:
        sys.exit("FAIL: %s (exit %d)" % (what, r.returncode))


def erts_include(erl):
    out = subprocess.run(
        [erl, "-noshell", "-eval",
         'io:format("~s/erts-~s/include", [code:root_dir(), '
         'erlang:system_info(version)]), halt().'],
        capture_output=True, text=True, check=True).stdout.strip()
    if not os.path.isfile(os.path.join(out, "erl_nif.h")):
        sys.exit("FAIL: no erl_nif.h in %s" % out)
    return out


def header_symbols(header, want=None):
    """(function, info) symbol names declared by an nxc-written header: the
    first one, or `want` (a header may declare several functions)."""
    text = open(header).read()
    names = re.findall(
        r"extern\s+const\s+nxc_function_info\s+(\w+)_info\s*;", text)
    name = want if want else (names[0] if names else None)
    if name not in names:
        sys.exit("FAIL: no `extern const nxc_function_info %s_info;` in %s"
                 % (name or "<name>", header))
    return name, name + "_info"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nxc", help="nxc binary (compiles the case's graph)")
    ap.add_argument("--object", help="prebuilt .o or .c instead of --nxc")
    ap.add_argument("--header", help="its header (with --object)")
    ap.add_argument("--function",
                    help="function of the header to wrap (default: first)")
    ap.add_argument("--cc", default="clang-22")
    ap.add_argument("--runtime-lib", required=True,
                    help="libnxc_runtime.a (or runtime.c, compiled in)")
    ap.add_argument("--include", required=True,
                    help="directory holding nxc/runtime.h")
    ap.add_argument("--case", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--erl", default="erl")
    ap.add_argument("--erlc", default="erlc")
    ap.add_argument("--sanitize", default="",
                    help="sanitizer flags the runtime was built with: the NIF "
                    "gets them too and erl runs with the ASan runtime preloaded")
    a = ap.parse_args()

    if not shutil.which(a.erl) or not shutil.which(a.erlc):
        print("SKIP: erl/erlc not found")
        return SKIP
    if bool(a.nxc) == bool(a.object):
        ap.error("give exactly one of --nxc and --object")
    if a.object and not a.header:
        ap.error("--object needs --header")

    wd = os.path.abspath(a.workdir)
    os.makedirs(wd, exist_ok=True)
    for f in os.listdir(wd):  # stale outputs must not make a test pass
        if re.fullmatch(r"(in|out)\d+\.bin|info\.txt", f):
            os.remove(os.path.join(wd, f))

    graph_path, inputs, expected = nxtensor.load_case(a.case)
    cflags = ["-O2", "-fPIC", "-I", os.path.abspath(a.include)]
    erl_env = None
    if a.sanitize.strip():
        # A NIF cannot carry its own ASan runtime: erl must load it first.
        cflags += shlex.split(a.sanitize) + ["-shared-libsan"]
        libasan = subprocess.run([a.cc, "-print-file-name=libclang_rt.asan-x86_64.so"],
                                 capture_output=True, text=True).stdout.strip()
        if not os.path.isfile(libasan):
            sys.exit("FAIL: --sanitize needs clang's ASan runtime, not found: %r" % libasan)
        erl_env = dict(os.environ, LD_PRELOAD=libasan,
                       # The BEAM itself is not instrumented; its allocations at
                       # exit are not ours to report.
                       ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")

    # 1. The compiled function: x.o + x.h.
    if a.nxc:
        obj, header = os.path.join(wd, "x.o"), os.path.join(wd, "x.h")
        r = run([a.nxc, "compile", graph_path, "-o", obj])
        if r.returncode == 2:
            print("SKIP: nxc says the graph is unsupported")
            return SKIP
        if r.returncode != 0:
            sys.exit("FAIL: nxc compile (exit %d)" % r.returncode)
    else:
        header = os.path.abspath(a.header)
        obj = os.path.abspath(a.object)
        if obj.endswith(".c"):
            src, obj = obj, os.path.join(wd, "x.o")
            check([a.cc, "-std=c99", *cflags, "-c", src, "-o", obj],
                  "compile " + src)
    fn, info = header_symbols(header, a.function)

    # 2. The NIF library. The runtime may be given as C source (mock runs).
    rt = [os.path.abspath(a.runtime_lib)]
    if rt[0].endswith(".c"):  # runtime.c and its thread pool, parallel.c
        srcs = [rt[0], os.path.join(os.path.dirname(rt[0]), "parallel.c")]
        rt = [os.path.join(wd, os.path.basename(s)[:-2] + ".o") for s in srcs]
        for src, o in zip(srcs, rt):
            check([a.cc, "-std=c99", *cflags, "-fPIC", "-c", src, "-o", o],
                  "compile " + src)
    so = os.path.join(wd, "nxc_nif.so")
    check([a.cc, "-std=c99", "-Wall", "-Wextra", "-Werror", "-shared", *cflags,
           "-I", erts_include(a.erl), "-I", os.path.dirname(header),
           '-DNXC_HEADER="%s"' % os.path.basename(header),
           "-DNXC_FN=" + fn, "-DNXC_INFO=" + info,
           os.path.join(NIF_DIR, "nxc_nif.c"), obj, *rt, "-lm", "-pthread", "-o",
           so],
          "link the NIF")
    check([a.erlc, "-o", wd, os.path.join(NIF_DIR, "nxc_nif.erl"),
           os.path.join(HERE, "nxc_nif_driver.erl")], "erlc")

    # 3. Inputs as raw files; the driver calls the NIF and writes outputs.
    for i, t in enumerate(inputs):
        with open(os.path.join(wd, "in%d.bin" % i), "wb") as f:
            f.write(nxtensor.to_raw(t))
    r = run([a.erl, "-noshell", "-pa", wd, "-eval",
             "nxc_nif_driver:main([%s, %s])."
             % (erl_string(so), erl_string(wd))], timeout=600, env=erl_env)
    if r.returncode != 0:
        sys.exit("FAIL: Erlang driver (exit %d)" % r.returncode)

    # 4. info() must describe the case's tensors; results must match.
    ok = True
    info_lines = open(os.path.join(wd, "info.txt")).read().split("\n")
    sig = {"arg": [], "result": []}
    for line in info_lines:
        p = line.split()
        if p and p[0] in sig:
            shape = [int(x) for x in p[3].strip("[]").split(",") if x]
            sig[p[0]].append((p[2], shape, int(p[4])))
    for kind, tensors in (("arg", inputs), ("result", expected)):
        want = [(t["type"], list(t["shape"]),
                 nxtensor.byte_size(t["type"], t["shape"])) for t in tensors]
        if sig[kind] != want:
            print("FAIL: info() %ss %s, case has %s" % (kind, sig[kind], want))
            ok = False
    for j, exp in enumerate(expected):
        path = os.path.join(wd, "out%d.bin" % j)
        with open(path, "rb") as f:
            raw = f.read()
        actual = nxtensor.from_raw(exp["type"], exp["shape"], raw)
        good, msg = nxtensor.compare(actual, exp)
        print("result %d: %s%s" % (j, "ok" if good else "MISMATCH",
                                   "" if good else ": " + msg))
        ok = ok and good
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def erl_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    sys.exit(main())
