#!/usr/bin/env bash
# Installs the Debian packages bench/run_peers.py needs for its peers (Debian 12).
# Safe to run again: it installs only what is missing. nxc itself, clang-22 and
# clang++-22 come from scripts/setup.sh.
#   python3-numpy        numpy peer (run under /usr/bin/python3)
#   libopenblas0-pthread numpy/torch on OpenBLAS, not the reference BLAS
#   python3-torch        PyTorch CPU peer
#   libeigen3-dev        Eigen peer (headers only)
#   libomp-22-dev        OpenMP for clang-22: the C and Eigen peers at 2+ threads
set -euo pipefail
pkgs=(python3-numpy libopenblas0-pthread python3-torch libeigen3-dev libomp-22-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "bench/setup.sh: all ${#pkgs[@]} packages already installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "bench/setup.sh: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
