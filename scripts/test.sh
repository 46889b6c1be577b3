#!/usr/bin/env bash
# The whole test suite: builds, then runs every ctest test (lit suites, the
# corpus against Nx's outputs, the C API and NIF tests, the example).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NXC_BUILD_DIR:-$root/build}
"$root/scripts/build.sh"
ctest --test-dir "$build" --output-on-failure "$@"
