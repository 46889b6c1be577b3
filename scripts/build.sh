#!/usr/bin/env bash
# Configures (once) and builds nxc into build/ with clang-22, ninja and ccache.
# NXC_JOBS sets the parallelism (default 2), NXC_BUILD_DIR the directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NXC_BUILD_DIR:-$root/build}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 -DLLVM_ENABLE_LLD=ON \
    ${NXC_CMAKE_ARGS:-}
fi
cmake --build "$build" -j "${NXC_JOBS:-2}"
