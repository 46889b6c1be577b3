#!/usr/bin/env bash
# Formats the C and C++ sources with clang-format-22 (LLVM style, .clang-format).
# --check: report files that need formatting, change nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
files=$(git ls-files '*.cpp' '*.h' '*.c')
if [ "${1:-}" = "--check" ]; then
  clang-format-22 --dry-run --Werror $files
else
  clang-format-22 -i $files
fi
