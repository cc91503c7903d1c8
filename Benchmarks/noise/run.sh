#!/bin/sh
# Runs the noise benchmark: Qiskit Aer first (writes circuits.json, aer.json), then Skein.
# Usage: Benchmarks/noise/run.sh [--both-blas]    (needs /work/venv with qiskit-aer)
set -e
cd "$(dirname "$0")"
swift build -c release -Xswiftc -target-cpu -Xswiftc native
uptime
${PYTHON:-/work/venv/bin/python} aer_bench.py
.build/release/NoiseBench "$@"
uptime
