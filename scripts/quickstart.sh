#!/usr/bin/env bash
# From a fresh Debian 12 machine: install, build, then compile and run a real
# graph end to end (an MLP with softmax, examples/mlp/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
nxc="$root/build/bin/nxc"
work="$root/build/quickstart"
mkdir -p "$work"
echo; echo "== nxc run: compile in-process, call, print the outputs"
"$nxc" run "$root/examples/mlp/mlp.graph.json" --inputs "$root/examples/mlp/mlp.case.json"
echo; echo "== nxc compile -> object + header, linked into a C program"
"$root/examples/mlp/run.sh" "$nxc" "$root/build/lib/libnxc_runtime.a" "$work"
echo; echo "== the same graph as an AArch64 object"
"$nxc" compile "$root/examples/mlp/mlp.graph.json" --target=aarch64-linux-gnu -o "$work/mlp-aarch64.o"
file "$work/mlp-aarch64.o"
