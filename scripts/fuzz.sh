#!/usr/bin/env bash
# Fuzzes the JSON importer and the nx verifier with libFuzzer + ASan + UBSan.
#   scripts/fuzz.sh [SECONDS]     (default 60; CI runs it briefly)
# Seeds: the shared corpus graphs and test/Import/malformed. Crashes are
# written to build-fuzz/crashes/; keep each as a test in test/Import/malformed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
build=${NXC_FUZZ_BUILD_DIR:-$root/build-fuzz}
corpus=${NXC_CORPUS:-$root/../shared/corpus}
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 -DLLVM_ENABLE_LLD=ON \
    -DNXC_FUZZ=ON -DCMAKE_CXX_FLAGS="$san -fsanitize=fuzzer-no-link" \
    -DCMAKE_C_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san" > /dev/null
fi
cmake --build "$build" -j "${NXC_JOBS:-2}" --target nxc-fuzz-import
seeds="$build/seeds"
mkdir -p "$seeds" "$build/crashes" "$build/work"
[ -d "$corpus" ] && cp -n "$corpus"/*.graph.json "$seeds"/ 2>/dev/null || true
cp -n "$root"/test/Import/malformed/*.json "$seeds"/ 2>/dev/null || true
echo "fuzz: $(ls "$seeds" | wc -l) seeds, ${secs}s"
# Leaks are not findings here: the target keeps one MLIR context for speed.
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  "$build/bin/nxc-fuzz-import" "$build/work" "$seeds" -max_total_time="$secs" \
  -max_len=65536 -rss_limit_mb=4096 -timeout=10 -artifact_prefix="$build/crashes/" \
  -print_final_stats=1 > "$build/fuzz.log" 2>&1 || { tail -n 40 "$build/fuzz.log"; exit 1; }
# The closing coverage line (edges "cov", features "ft") and the stats.
grep -E "DONE|cov:" "$build/fuzz.log" | tail -n 1 || true
grep -E "^Done|^stat::" "$build/fuzz.log" || true
