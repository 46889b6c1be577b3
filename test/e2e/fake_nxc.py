#!/usr/bin/python3
"""A stand-in for nxc that tests the test drivers.

`run G --inputs C --out O` (for run_corpus.py) writes the case's expected
outputs, or misbehaves as FAKE_NXC_ACTIONS (JSON {case: action}) says.
Actions: pass, unsupported, error, crash, hang, wrong, count, nofile.

`compile G -o DIR/x.o` (for run_c_api_test.py) really compiles, with $CC or
cc, graphs that are one add/subtract/multiply of two same-typed, same-shaped
params (FAKE_NXC_ACTIONS {name: "wrong"} swaps the operator); anything else
exits 2 (unsupported)."""
import json
import math
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
import nxtensor  # noqa: E402


def perturb(t):
    dtype, shape, vals = nxtensor.decode(t)
    for i, v in enumerate(vals):
        if isinstance(v, int):
            vals[i] = v ^ 1
            break
        if isinstance(v, complex):
            if math.isfinite(v.real):
                vals[i] = complex(v.real + 1 + abs(v.real), v.imag)
                break
        elif math.isfinite(v):
            vals[i] = v + 1 + abs(v)
            break
    return nxtensor.encode(dtype, shape, vals)


C_TYPES = {"s8": "int8_t", "s16": "int16_t", "s32": "int32_t", "s64": "int64_t",
           "u8": "uint8_t", "u16": "uint16_t", "u32": "uint32_t", "u64": "uint64_t",
           "f32": "float", "f64": "double"}
DTYPE_ENUM = {t: "NXC_" + t.upper() for t in C_TYPES}
C_OPS = {"add": "+", "subtract": "-", "multiply": "*"}


def compile_graph(graph_path, obj):
    with open(graph_path) as f:
        g = json.load(f)
    name, nodes = g["name"], g["nodes"]
    ops = [n for n in nodes if n["op"] != "parameter"]
    if (len(ops) != 1 or ops[0]["op"] not in C_OPS or len(g["params"]) != 2
            or g["outputs"] != [{"ref": ops[0]["id"]}]
            or any(p["type"] != ops[0]["type"] or p["shape"] != ops[0]["shape"]
                   for p in g["params"])
            or ops[0]["type"] not in C_TYPES or ops[0]["type"][0] == "s"):
        # (signed overflow is UB in C, so signed types are left out too)
        print("nxc: error: unsupported graph for the fake compiler", file=sys.stderr)
        return 2
    node = ops[0]
    pidx = {n["id"]: n["args"][0] for n in nodes if n["op"] == "parameter"}
    a, b = (pidx[t["ref"]] for t in node["args"])
    ctype, count = C_TYPES[node["type"]], 1
    for d in node["shape"]:
        count *= d
    esize = int(node["type"][1:]) // 8
    op = C_OPS[node["op"]]
    if json.loads(os.environ.get("FAKE_NXC_ACTIONS", "{}")).get(name) == "wrong":
        op = "-" if op != "-" else "+"
    info = "{%s, %d, shape, %d}" % (DTYPE_ENUM[node["type"]], len(node["shape"]), count * esize)
    base = os.path.splitext(obj)[0]
    header = os.path.basename(base) + ".h"
    with open(base + ".h", "w") as f:
        f.write("#include <nxc/runtime.h>\n"
                "int32_t %s(const void *const *args, void *const *results, void *workspace);\n"
                "extern const nxc_function_info %s_info;\n" % (name, name))
    src = base + ".fake.c"
    with open(src, "w") as f:
        f.write('#include "%s"\n' % header)
        f.write("static const int64_t shape[] = {%s};\n"
                % ", ".join(str(d) for d in node["shape"] or [0]))
        f.write("static const nxc_tensor_info ai[2] = {%s, %s};\n" % (info, info))
        f.write("static const nxc_tensor_info ri[1] = {%s};\n" % info)
        f.write("int32_t %s(const void *const *args, void *const *results, void *ws) {\n"
                "  const %s *a, *b; %s *r; long i; (void)ws;\n"
                "  if (!args || !args[0] || !args[1] || !results || !results[0])\n"
                "    return NXC_ERR_NULL_POINTER;\n"
                "  a = args[%d]; b = args[%d]; r = results[0];\n"
                "  for (i = 0; i < %d; ++i) r[i] = a[i] %s b[i];\n"
                "  return NXC_OK;\n}\n"
                % (name, ctype, ctype, a, b, count, op))
        f.write('const nxc_function_info %s_info = {NXC_ABI_VERSION, 2, 1, 0, "%s", ai, ri, 0, %s};\n'
                % (name, name, name))
    inc = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), "runtime", "include")
    return subprocess.call([os.environ.get("CC", "cc"), "-std=c99", "-fPIC", "-c",
                            "-I", inc, "-I", os.path.dirname(obj) or ".", src, "-o", obj])


def main(argv):
    if len(argv) == 5 and argv[1] == "compile" and argv[3] == "-o":
        return compile_graph(argv[2], argv[4])
    if len(argv) != 7 or argv[1] != "run" or argv[3] != "--inputs" or argv[5] != "--out":
        print("nxc: error: fake nxc only does: run G --inputs C --out O", file=sys.stderr)
        return 1
    case_path, out = argv[4], argv[6]
    name = os.path.basename(case_path)[:-len(".case.json")]
    action = json.loads(os.environ.get("FAKE_NXC_ACTIONS", "{}")).get(name, "pass")
    with open(case_path) as f:
        expected = json.load(f)["expected"]
    if action == "unsupported":
        print("nxc: error: unsupported op 'fake_%s'\nsecond line" % name[:3], file=sys.stderr)
        return 2
    if action == "error":
        print("nxc: error: something broke\nin %s" % name, file=sys.stderr)
        return 1
    if action == "crash":
        print("about to crash", file=sys.stderr)
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGSEGV)
    if action == "hang":
        time.sleep(60)
    if action == "wrong":
        expected = [perturb(expected[0])] + expected[1:]
    if action == "count":
        expected = expected + expected[:1]
    if action != "nofile":
        with open(out, "w") as f:
            json.dump({"outputs": expected}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
