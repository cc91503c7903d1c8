#!/usr/bin/env python3
"""Decoder benchmark: PyMatching vs Skein's exact MWPM (and union-find), single thread.

Goal: decodes per second (CPU time, best of N, so other jobs on the machine do not skew the
ratio) on the same sampled shots of stim's rotated surface-code memory
(rounds = d, every noise channel at p), and the ratio Skein/PyMatching.

    /work/venv/bin/pip install stim pymatching
    cd Benchmarks/decoders && swift build -c release -Xswiftc -target-cpu -Xswiftc native
    /work/venv/bin/python bench.py [--distances 5 9] [--p 0.005] [--shots 10000] [--repeats 2]
"""
import argparse
import pathlib
import subprocess
import tempfile
import time

import numpy as np
import pymatching
import stim

HERE = pathlib.Path(__file__).resolve().parent

ap = argparse.ArgumentParser()
ap.add_argument("--distances", type=int, nargs="+", default=[5, 9])
ap.add_argument("--p", type=float, default=0.005)
ap.add_argument("--shots", type=int, default=20000)
ap.add_argument("--repeats", type=int, default=3)
ap.add_argument("--binary", default=str(HERE / ".build/release/DecoderBench"))
args = ap.parse_args()

print(f"stim {stim.__version__}, pymatching {pymatching.__version__}; p = {args.p}, {args.shots} shots, best of {args.repeats}")
print(f"{'d':>3} {'dets':>5} {'PyMatching/s':>13} {'Skein MWPM/s':>13} {'ratio':>7} {'Skein UF/s':>11} {'ratio':>7}  errors PM/MWPM/UF")
for d in args.distances:
    circuit = stim.Circuit.generated(
        "surface_code:rotated_memory_z", distance=d, rounds=d,
        after_clifford_depolarization=args.p, before_round_data_depolarization=args.p,
        before_measure_flip_probability=args.p, after_reset_flip_probability=args.p)
    dem = circuit.detector_error_model(decompose_errors=True)
    dets, obs = circuit.compile_detector_sampler(seed=d).sample(args.shots, separate_observables=True)
    matching = pymatching.Matching.from_detector_error_model(dem)
    best = float("inf")
    for _ in range(args.repeats):
        t0 = time.process_time()
        pred = matching.decode_batch(dets)
        best = min(best, time.process_time() - t0)
    pm_errors = int(np.sum(np.any(pred != obs, axis=1)))
    with tempfile.TemporaryDirectory() as tmp:
        dem_path = pathlib.Path(tmp) / "model.dem"
        shots_path = pathlib.Path(tmp) / "shots.txt"
        dem_path.write_text(str(dem) + "\n")
        lines = []
        for s in range(args.shots):
            a = int(sum(int(b) << i for i, b in enumerate(obs[s])))
            lines.append(f"{a} : " + " ".join(map(str, np.flatnonzero(dets[s]))))
        shots_path.write_text("\n".join(lines) + "\n")
        out = subprocess.run([args.binary, str(dem_path), str(shots_path), str(args.repeats)],
                             check=True, capture_output=True, text=True).stdout
    vals = {}
    for line in out.splitlines():
        words = line.split()
        for k in range(0, len(words) - 1, 2):
            vals[words[k]] = words[k + 1]
    pm_rate = args.shots / best
    mw_rate = args.shots / float(vals["mwpm_seconds"])
    uf_rate = args.shots / float(vals["uf_seconds"])
    print(f"{d:>3} {dem.num_detectors:>5} {pm_rate:>13.0f} {mw_rate:>13.0f} {mw_rate / pm_rate:>7.3f} "
          f"{uf_rate:>11.0f} {uf_rate / pm_rate:>7.3f}  {pm_errors}/{vals['mwpm_errors']}/{vals['uf_errors']}")
