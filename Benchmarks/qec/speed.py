#!/usr/bin/env python3
"""Speed: sampling + decoding, single thread, shots per second, skein vs stim + PyMatching in the
same run (rotated memory Z, rounds = d, circuit-level p = 0.005). Goal: ratio ≥ 1.

    swift build -c release -Xswiftc -target-cpu -Xswiftc native -Xswiftc -DSKEIN_FMA --product skein
    /work/venv/bin/python Benchmarks/qec/speed.py [mwpm uf none] [--scale K]

Both sides include building the detector error model and the matcher. Wall-clock and CPU
time are both reported because this machine is shared; the ratio uses CPU time.
"""
import sys
from common import stim_pymatching, skein_memory

# `--scale K` multiplies the shot counts (both sides include their setup — DEM and matcher —
# so larger runs weigh the per-shot cost more).
args = sys.argv[1:]
scale = 1
if "--scale" in args:
    i = args.index("--scale")
    scale = int(args[i + 1])
    del args[i:i + 2]
cases = [(5, 0.005, 100_000 * scale), (9, 0.005, 20_000 * scale)]
decoders = args or ["mwpm", "uf"]
for d, p, shots in cases:
    s_shots, s_err, s_wall, s_cpu = stim_pymatching(d, p, shots)
    print(f"d={d} p={p} shots={shots}: stim+PyMatching {s_err} errors, {s_wall:.2f} s wall, {s_cpu:.2f} s CPU, {shots / s_cpu:.0f} shots/CPU-s")
    for dec in decoders:
        res, wall, cpu = skein_memory(d, p, shots, seed=1, threads=1, decoder=dec)
        print(f"    skein {dec:5}: {res['errors']} errors, {wall:.2f} s wall, {cpu:.2f} s CPU, {shots / cpu:.0f} shots/CPU-s, "
              f"ratio skein/stim = {s_cpu / cpu:.2f}")
