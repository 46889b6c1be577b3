#!/usr/bin/env bash
# Compiles the example graph, links it into main.c, runs it, and runs the
# graph through `nxc run` against its case file. Usage: run.sh NXC RUNTIME_LIB WORKDIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
nxc=${1:-$here/../../build/bin/nxc}
runtime=${2:-$here/../../build/lib/libnxc_runtime.a}
work=${3:-$(mktemp -d)}
cc=${CC:-clang-22}
mkdir -p "$work"
"$nxc" compile "$here/mlp.graph.json" -o "$work/mlp.o"
# shellcheck disable=SC2086  # CFLAGS: extra flags, e.g. sanitizers
"$cc" -O2 ${CFLAGS:-} -I"$here/../../runtime/include" -I"$work" "$here/main.c" "$work/mlp.o" \
  "$runtime" -lm -o "$work/mlp"
"$work/mlp"
"$nxc" run "$here/mlp.graph.json" --inputs "$here/mlp.case.json" --out "$work/result.json"
/usr/bin/env python3 - "$work/result.json" "$here/mlp.case.json" "$here/../../test/lib" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[3])
import nxtensor
got = json.load(open(sys.argv[1]))["outputs"][0]
want = json.load(open(sys.argv[2]))["expected"][0]
ok, msg = nxtensor.compare(got, want)
print("nxc run:", "OK: matches the expected output" if ok else "FAILED: " + msg)
sys.exit(0 if ok else 1)
PY
