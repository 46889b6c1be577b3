#!/usr/bin/env bash
# Installs every Debian package nxc needs to build and test (Debian 12).
# Safe to run again: it installs only what is missing.
set -euo pipefail
pkgs=(
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22  # LLVM/MLIR 22
  nlohmann-json3-dev ninja-build cmake ccache                             # build
  python3 file binutils                                                   # tests
  erlang-base erlang-dev elixir                                           # NIF tests, elixir/
  libclang-rt-22-dev                                                      # fuzzing, sanitizers
  valgrind                                                                # corpus_memcheck
  qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross                   # corpus_aarch64_qemu
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#pkgs[@]} packages already installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
