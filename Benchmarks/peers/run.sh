#!/usr/bin/env bash
# The peer benchmark in one command (issue 3): creates the Python environments it needs when
# they are missing — the peers from PyPI at pinned versions, and Qulacs built from source with
# native CPU flags (build-qulacs-native.sh) — builds skein in release with native flags, then
# runs run.py (same OpenQASM files through every peer and skein, state checks, median table).
#
#   Benchmarks/peers/run.sh [run.py options]         e.g.  --sizes 24 26 --reps 5
#
# Environments: $SKEIN_PEERS_VENV (default .build-peers/venv) and $SKEIN_QULACS_NATIVE_VENV
# (default .build-peers/venv-qulacs-native), both ignored by git. Needs python3-venv; the
# native Qulacs build needs cmake, libboost-dev and libeigen3-dev (installed with apt-get if
# missing). Nothing here is a dependency of Skein itself.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${SKEIN_PEERS_VENV:-$ROOT/.build-peers/venv}
NATIVE=${SKEIN_QULACS_NATIVE_VENV:-$ROOT/.build-peers/venv-qulacs-native}

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import qiskit_aer, qulacs, qsimcirq, mqt.bench" 2>/dev/null; then
  echo "setting up $VENV (qiskit, qiskit-aer, qulacs, qsimcirq, mqt.bench)…" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet "numpy==2.4.6" "qiskit==2.6.2" "qiskit-aer==0.18.2" "qulacs==0.6.14" \
      "qsimcirq==0.22.1" "cirq-core==1.7.0" "mqt.bench==2.3.0"
fi
if [ ! -x "$NATIVE/bin/python" ] || ! "$NATIVE/bin/python" -c "import qulacs" 2>/dev/null; then
  echo "building Qulacs from source with native flags into $NATIVE…" >&2
  "$ROOT/Benchmarks/peers/build-qulacs-native.sh" "$NATIVE"
fi
cd "$ROOT"
swift build -c release -Xswiftc -target-cpu -Xswiftc native -Xswiftc -DSKEIN_FMA --product skein
exec "$VENV/bin/python" "$ROOT/Benchmarks/peers/run.py" --no-build --skein "$ROOT/.build/release/skein" \
    --qulacs-native-python "$NATIVE/bin/python" "$@"
