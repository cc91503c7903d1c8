#!/bin/sh
# Runs the noise benchmark: Qiskit Aer first (writes circuits.json, aer.json), then Skein.
# Usage: Benchmarks/noise/run.sh [--both-blas]    (needs /work/venv with qiskit-aer)
set -e
cd "$(dirname "$0")"
${PYTHON:-/work/venv/bin/python} aer_bench.py
swift build -c release -Xswiftc -target-cpu -Xswiftc native
.build/release/NoiseBench "$@"
