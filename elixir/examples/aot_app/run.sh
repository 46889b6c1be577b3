#!/bin/sh
# Builds the example's NIF library for the host and for aarch64 (Nerves-like
# boards), then calls the host one. Needs nxc (NXC_BIN or ../../../build/bin/nxc),
# clang with lld, and for aarch64 Debian's libc6-dev-arm64-cross.
set -eu
cd "$(dirname "$0")"

mix compile
mix run -e 'AotApp.demo()'

lib=priv/aot_app_model.aarch64-linux-gnu.so
check_aarch64() {
  if command -v file >/dev/null; then file "$lib"; fi
  # An AArch64 ELF shared object (e_machine 183 at offset 18).
  machine=$(od -An -t u2 -j 18 -N 2 "$lib" | tr -d ' ')
  [ "$machine" = 183 ] || { echo "error: $lib is not an AArch64 object" >&2; exit 1; }
  echo "aarch64 library OK: $lib"
}

# The aarch64 library, two ways: the modules compiled for that target...
NXC_TARGET=aarch64-linux-gnu mix compile
check_aarch64

# ... or mix nxc.compile from the host build (the modules of the project's
# nxc: config); the host-compiled module loads it when it runs on aarch64.
rm -f "$lib" "$lib.sha256"
mix nxc.compile --target aarch64-linux-gnu
check_aarch64
