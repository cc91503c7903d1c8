#!/usr/bin/env bash
# Runs the QASMBench circuits that have no reference distribution and are too large for the
# debug-build test suite (the 21-qubit bwt_n21 with 112,835 gates and the 23-27-qubit ones),
# in a release build, and prints qubits, gate count, seconds and the top outcome of each.
# Usage: Benchmarks/conformance/run-large.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release -Xswiftc -target-cpu -Xswiftc native --product skein >/dev/null
dir=Tests/SkeinStateVectorTests/Conformance/qasmbench
printf '%-16s %6s %8s %10s  %s\n' circuit qubits gates seconds "most frequent outcome (100 shots)"
for name in ghz_state_n23 qft_n18 square_root_n18 bwt_n21 knn_n25 swap_test_n25 ising_n26 wstate_n27; do
    f=$dir/$name.qasm
    gates=$(grep -cE '^[a-z][a-z0-9_]* ?(\(|[a-z])' "$f" || true)
    start=$(date +%s.%N)
    out=$(.build/release/skein run "$f" --shots 100 --seed 1 --format csv)
    end=$(date +%s.%N)
    top=$(echo "$out" | awk -F, 'NR > 1 && $2 > best { best = $2; line = $0 } END { print line }')
    qubits=$(grep -oE 'qreg [a-z0-9_]+\[[0-9]+\]' "$f" | grep -oE '[0-9]+\]' | tr -d ']' | paste -sd+ | bc)
    printf '%-16s %6s %8s %10.2f  %s\n' "$name" "$qubits" "$gates" "$(echo "$end - $start" | bc)" "$top"
done
