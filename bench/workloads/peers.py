#!/usr/bin/python3
"""numpy and PyTorch peers, and the numerics check of nxc (bench/run_peers.py).

Run it with the interpreter that sees Debian's python3-numpy/python3-torch
(/usr/bin/python3). Set OPENBLAS_NUM_THREADS (and OMP_NUM_THREADS) in the
environment before it starts: OpenBLAS reads them when numpy is imported.

  peers.py time  --peer numpy|torch MANIFEST [--threads N] [--seconds S]
                 [--only NAME,...]
  peers.py check MANIFEST --nxc NXC --workdir DIR [--only NAME,...]

`time` prints one JSON line per workload: {"name", "peer", "variant",
"runs", "median_s", "min_s"} or {"name", "peer", "error"}; a peer that
cannot be imported gives one line {"peer", "missing": "..."}.
`check` runs each graph through `nxc run` on deterministic inputs, once per
thread count of `--threads` (default 1), and compares its outputs with a
float64 numpy reference: {"name", "ok", "err", "tol", "what"}, the name
suffixed with "@N" for N > 1 threads.
"""

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import time


def load(manifest, only):
    with open(manifest) as f:
        ws = json.load(f)
    want = set(s for s in only.split(",") if s)
    return [w for w in ws if not want or w["name"] in want]


def inputs(np, w, seed=1):
    rng = np.random.default_rng(seed)
    out = []
    for p in w["params"]:
        kind, lo, hi = p["fill"].split(":")
        assert kind == "u"
        a = rng.random(p["shape"], dtype=np.float32)
        out.append((a * np.float32(float(hi) - float(lo))
                    + np.float32(lo)).astype(np.float32))
    return out


# ---------------------------------------------------------------------------
# numpy: what a numpy user writes (float32 in, float32 out; BLAS for dots).

def np_softmax(np, x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def numpy_fn(np, w):
    k, d = w["kind"], w["dims"]
    if k == "matmul":
        return lambda a, b: a @ b
    if k == "exp_mul_add":
        return lambda a, b, c: np.exp(a) * b + c
    if k == "gelu_tanh":
        f = np.float32
        return lambda x: f(0.5) * x * (f(1) + np.tanh(
            f(0.7978845608) * (x + f(0.044715) * x ** 3)))
    if k == "softmax":
        return lambda x: np_softmax(np, x)
    if k == "layer_norm":
        def ln(x, g, b):
            m = x.mean(axis=-1, keepdims=True)
            v = ((x - m) ** 2).mean(axis=-1, keepdims=True)
            return (x - m) / np.sqrt(v + np.float32(1e-5)) * g + b
        return ln
    if k == "mlp":
        def mlp(x, w1, b1, w2, b2, w3, b3):
            h = np.maximum(x @ w1 + b1, 0)
            h = np.maximum(h @ w2 + b2, 0)
            return np_softmax(np, h @ w3 + b3)
        return mlp
    if k == "conv2d":
        pad = d[7]

        def conv(x, kern):
            xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
            win = np.lib.stride_tricks.sliding_window_view(
                xp, kern.shape[2:], axis=(2, 3))  # n ci oh ow kh kw
            y = np.tensordot(win, kern, axes=([1, 4, 5], [1, 2, 3]))
            return y.transpose(0, 3, 1, 2)  # n co oh ow (a view)
        return conv
    if k == "attention":
        scale = np.float32(d[2] ** 0.5)
        return lambda q, kk, v: np_softmax(
            np, (q @ kk.transpose(0, 2, 1)) / scale) @ v
    if k == "sum":
        return lambda x: x.sum()
    if k == "argmax_rows":
        return lambda x: x.argmax(axis=1)
    raise KeyError(k)


def reference(np, w, xs):
    """float64 reference and the scale its error is measured against."""
    x64 = [x.astype(np.float64) for x in xs]
    k = w["kind"]
    f = numpy_fn(np, w)
    if k == "sum":
        return x64[0].sum(), float(np.abs(x64[0]).sum())
    if k == "gelu_tanh":
        x = x64[0]
        ref = 0.5 * x * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x ** 3)))
        return ref, 1.0
    if k == "layer_norm":
        x, g, b = x64
        m = x.mean(axis=-1, keepdims=True)
        v = ((x - m) ** 2).mean(axis=-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-5) * g + b, 1.0
    ref = f(*x64)
    if k in ("matmul", "conv2d"):
        # a dot product's rounding error scales with sum |a_i b_i|
        return ref, float(np.abs(f(*[np.abs(x) for x in x64])).max())
    if k == "argmax_rows":
        return f(*xs), 0.0  # on the f32 values themselves: exact
    return ref, max(1.0, float(np.abs(ref).max()))


# ---------------------------------------------------------------------------
# PyTorch CPU: the library calls a PyTorch user writes.

def torch_fn(torch, w):
    F = torch.nn.functional
    k, d = w["kind"], w["dims"]
    if k == "matmul":
        return torch.matmul
    if k == "exp_mul_add":
        return lambda a, b, c: torch.exp(a) * b + c
    if k == "gelu_tanh":
        return lambda x: F.gelu(x, approximate="tanh")
    if k == "softmax":
        return lambda x: torch.softmax(x, dim=-1)
    if k == "layer_norm":
        return lambda x, g, b: F.layer_norm(x, (d[1],), g, b, 1e-5)
    if k == "mlp":
        def mlp(x, w1, b1, w2, b2, w3, b3):
            h = torch.relu(torch.addmm(b1, x, w1))
            h = torch.relu(torch.addmm(b2, h, w2))
            return torch.softmax(torch.addmm(b3, h, w3), dim=-1)
        return mlp
    if k == "conv2d":
        return lambda x, kern: F.conv2d(x, kern, padding=d[7])
    if k == "attention":
        scale = float(d[2]) ** 0.5
        return lambda q, kk, v: torch.softmax(
            torch.bmm(q, kk.transpose(1, 2)) / scale, dim=-1).bmm(v)
    if k == "sum":
        return torch.sum
    if k == "argmax_rows":
        return lambda x: torch.argmax(x, dim=1)
    raise KeyError(k)


def timed(fn, args, seconds, min_reps=5, warm=2):
    for _ in range(warm):
        fn(*args)
    ts = []
    start = time.perf_counter()
    while len(ts) < min_reps or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        fn(*args)
        ts.append(time.perf_counter() - t0)
        if len(ts) >= 100000:
            break
    return ts


def cmd_time(a):
    ws = load(a.manifest, a.only)
    try:
        import numpy as np
    except ImportError as e:
        print(json.dumps({"peer": a.peer, "missing": "numpy: %s" % e}))
        return 0
    if a.peer == "torch":
        try:
            import torch
        except ImportError as e:
            print(json.dumps({"peer": a.peer, "missing": "torch: %s" % e}))
            return 0
        torch.set_num_threads(a.threads)
        variant = "torch %s" % torch.__version__.split("+")[0]
    else:
        variant = "numpy %s" % np.__version__
    for w in ws:
        xs = inputs(np, w)
        try:
            if a.peer == "torch":
                args = [torch.from_numpy(x) for x in xs]
                with torch.inference_mode():
                    ts = timed(torch_fn(torch, w), args, a.seconds)
            else:
                ts = timed(numpy_fn(np, w), xs, a.seconds)
            print(json.dumps({"name": w["name"], "peer": a.peer,
                              "variant": variant, "runs": len(ts),
                              "median_s": statistics.median(ts),
                              "min_s": min(ts)}), flush=True)
        except Exception as e:  # a peer failing is a row, not a crash
            print(json.dumps({"name": w["name"], "peer": a.peer,
                              "error": "%s: %s" % (type(e).__name__, e)}),
                  flush=True)
    return 0


def tensor_json(np, x, t="f32"):
    x = np.ascontiguousarray(x)
    return {"type": t, "shape": list(x.shape),
            "data": base64.b64encode(x.tobytes()).decode()}


def cmd_check(a):
    import numpy as np
    ws = load(a.manifest, a.only)
    gdir = os.path.dirname(os.path.abspath(a.manifest))
    os.makedirs(a.workdir, exist_ok=True)
    threads = [int(t) for t in a.threads.split(",") if t]
    for w in ws:
        for t in threads:
            check_one(np, a, gdir, w, t)
    return 0


def check_one(np, a, gdir, w, threads):
    """One `nxc run --threads THREADS` of workload `w` against numpy: the
    row names the thread count, since a race shows only with several."""
    name = w["name"] if threads == 1 else "%s@%d" % (w["name"], threads)
    xs = inputs(np, w)
    case = os.path.join(a.workdir, w["name"] + ".case.json")
    res = os.path.join(a.workdir, w["name"] + ".result.json")
    with open(case, "w") as f:
        json.dump({"inputs": [tensor_json(np, x) for x in xs]}, f)
    r = subprocess.run([a.nxc, "run", os.path.join(gdir, w["graph"]),
                        "--inputs", case, "--out", res,
                        "--threads", str(threads)],
                       capture_output=True, text=True)
    os.unlink(case)
    if r.returncode != 0:
        print(json.dumps({"name": name, "ok": False,
                          "what": "nxc run: exit %d: %s" % (
                              r.returncode, (r.stderr or r.stdout)[-300:])}),
              flush=True)
        return
    with open(res) as f:
        out = json.load(f)["outputs"][0]
    os.unlink(res)
    dt = {"f32": np.float32, "s64": np.int64}[out["type"]]
    got = np.frombuffer(base64.b64decode(out["data"]), dtype=dt)
    got = got.reshape(out["shape"])
    ref, scale = reference(np, w, xs)
    ref = np.asarray(ref)
    if got.shape != ref.shape:
        print(json.dumps({"name": name, "ok": False,
                          "what": "shape %s, expected %s" % (
                              list(got.shape), list(ref.shape))}))
        return
    if w["kind"] == "argmax_rows":
        bad = int((got != ref).sum())
        print(json.dumps({"name": name, "ok": bad == 0, "err": bad,
                          "tol": 0, "what": "rows with another index"}))
        return
    # |nxc - ref| <= atol + rtol |ref| (spec section 6's f32 tolerance;
    # dots and sums: an absolute term from the sum of |terms|)
    if w["kind"] == "sum" or w["bound"] == "compute":
        atol, rtol = (1e-6 if w["kind"] == "sum" else 1e-5) * scale, 0.0
    else:
        atol, rtol = 1e-5, 1e-4
    err = float((np.abs(got.astype(np.float64) - ref)
                 / (atol + rtol * np.abs(ref))).max())
    print(json.dumps({"name": name, "ok": bool(err <= 1.0),
                      "err": err, "tol": 1.0,
                      "what": "max |nxc - float64 ref| / (%g + %g |ref|)"
                      % (atol, rtol)}), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("time")
    t.add_argument("--peer", choices=("numpy", "torch"), required=True)
    t.add_argument("manifest")
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--seconds", type=float, default=1.0)
    t.add_argument("--only", default="")
    c = sub.add_parser("check")
    c.add_argument("manifest")
    c.add_argument("--nxc", required=True)
    c.add_argument("--workdir", required=True)
    c.add_argument("--only", default="")
    c.add_argument("--threads", default="1",
                   help="comma-separated thread counts, each checked")
    a = ap.parse_args()
    return cmd_time(a) if a.cmd == "time" else cmd_check(a)


if __name__ == "__main__":
    sys.exit(main())
