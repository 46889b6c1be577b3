#!/usr/bin/env bash
# The whole test suite with nxc, nxc-opt and the C runtime built with
# AddressSanitizer + UndefinedBehaviorSanitizer, in build-asan/ (CI runs it).
# Compiled code runs inside the instrumented `nxc run`, the C API tests and the
# NIFs (erl with the ASan runtime preloaded). Any report aborts its test.
#   scripts/sanitize.sh [ctest args...]
# By default the x86-64-v2 and -v4 reruns of the corpus are left out: they
# take the host run's compiler paths with other vector widths, which the
# -v3 run covers, and CI must finish in 90 minutes on 2 cores. NXC_SANITIZE_ALL=1
# (or any ctest selection given as arguments) runs exactly what is asked.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export NXC_BUILD_DIR=${NXC_ASAN_BUILD_DIR:-$root/build-asan}
export NXC_CMAKE_ARGS="-DNXC_SANITIZE=address,undefined ${NXC_CMAKE_ARGS:-}"
# Reports abort (a signal), so `not nxc ...` in lit cannot mistake one for an
# ordinary error exit.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:abort_on_error=1}
if [ $# -eq 0 ] && [ -z "${NXC_SANITIZE_ALL:-}" ]; then
  set -- -E '^corpus_x86_64_v[24]$'
fi
exec "$root/scripts/test.sh" "$@"
