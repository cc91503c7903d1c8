#!/usr/bin/env python3
"""Runs skein on the grid of golden_stim_pymatching_ler.csv and checks that the 95 %
Clopper–Pearson intervals overlap point by point. Build skein first:

    swift build -c release -Xswiftc -target-cpu -Xswiftc native --product skein
    /work/venv/bin/python Benchmarks/qec/compare_ler.py [mwpm|uf]
"""
import csv, os, sys
from common import TARGET_ERRORS, MAX_SHOTS, skein_memory

decoder = sys.argv[1] if len(sys.argv) > 1 else "mwpm"
here = os.path.dirname(os.path.abspath(__file__))
rows = [r for r in csv.DictReader(l for l in open(os.path.join(here, "golden_stim_pymatching_ler.csv")) if not l.startswith("#"))]
print(f"| d | p | stim+PyMatching errors/shots | per shot [95% CI] | skein ({decoder}) errors/shots | per shot [95% CI] | overlap |")
print("|---|---|---|---|---|---|---|")
ok = True
for r in rows:
    d, p = int(r["distance"]), float(r["p"])
    res, _, _ = skein_memory(d, p, MAX_SHOTS, TARGET_ERRORS, seed=7 * d + int(p * 1e5), threads=2, decoder=decoder)
    lo, hi = res["per_shot_ci"]
    glo, ghi = float(r["per_shot_lo"]), float(r["per_shot_hi"])
    overlap = lo <= ghi and glo <= hi
    ok &= overlap
    print(f"| {d} | {p} | {r['errors']}/{r['shots']} | {float(r['per_shot']):.3g} [{glo:.3g}, {ghi:.3g}] | "
          f"{res['errors']}/{res['shots']} | {res['per_shot']:.3g} [{lo:.3g}, {hi:.3g}] | {'yes' if overlap else 'NO'} |", flush=True)
print("all intervals overlap" if ok else "SOME INTERVALS DO NOT OVERLAP")
