#!/usr/bin/env python3
"""Golden logical error rates from stim + PyMatching on stim's uniform circuit-level noise.

    /work/venv/bin/python Benchmarks/qec/stim_pymatching_ler.py > Benchmarks/qec/golden_stim_pymatching_ler.csv

Each point: rotated memory Z, rounds = d, stop at TARGET_ERRORS logical errors or MAX_SHOTS
shots (see common.py). Re-run to re-record.
"""
import sys, stim, pymatching
from common import GRID_D, GRID_P, TARGET_ERRORS, MAX_SHOTS, clopper_pearson, stim_pymatching

print(f"# stim {stim.__version__}, pymatching {pymatching.__version__}; memory Z, rounds=d, target {TARGET_ERRORS} errors, max {MAX_SHOTS} shots")
print("distance,p,shots,errors,per_shot,per_shot_lo,per_shot_hi")
for d in GRID_D:
    for p in GRID_P:
        shots, errors, _, _ = stim_pymatching(d, p, MAX_SHOTS, TARGET_ERRORS, seed=1000 * d + int(p * 1e5))
        lo, hi = clopper_pearson(errors, shots)
        print(f"{d},{p},{shots},{errors},{errors / shots!r},{lo!r},{hi!r}", flush=True)
