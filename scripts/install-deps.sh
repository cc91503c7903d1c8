#!/usr/bin/env bash
# Installs the system libraries Skein links against (OpenBLAS with LAPACK, FFTW3, pkg-config)
# on Debian/Ubuntu. Uses sudo when not root. Safe to run more than once.
set -euo pipefail
need=()
for pkg in libopenblas-dev libfftw3-dev pkg-config; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${need[@]}"
fi
