#!/usr/bin/env python3
"""A/B of skein binaries (notes/performance.md, Session 4).
Usage: ab.py name=BIN,name2=BIN2 a.qasm,b.qasm THREADS double,single REPS [extra skein run flags]
Interleaved runs, median of reps; reports timing.simulate (wall)
and the child's user+sys CPU seconds (robust on a shared machine with --threads 1)."""
import json, os, resource, statistics, subprocess, sys
bins = dict(b.split("=", 1) for b in sys.argv[1].split(","))
files = sys.argv[2].split(",")
threads = sys.argv[3]
precs = sys.argv[4].split(",")
reps = int(sys.argv[5])
extra = sys.argv[6:] if len(sys.argv) > 6 else []
res = {}
for r in range(reps):
    for f in files:
        for p in precs:
            for name, b in bins.items():
                ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                out = subprocess.run([b, "run", f, "--shots", "0", "--format", "json", "--threads", threads, "--precision", p] + extra,
                                     capture_output=True, text=True, check=True).stdout
                ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
                sim = json.loads(out)["timing"]["simulate"]
                res.setdefault((f, p, name), []).append((sim, cpu))
print("load", open("/proc/loadavg").read().strip())
for f in files:
    for p in precs:
        row = []
        for name in bins:
            v = res[(f, p, name)]
            row.append((name, statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)))
        base = row[0]
        print(os.path.basename(f), p, "  ".join(f"{n}: sim {s:.3f}s cpu {c:.3f}s ({c/base[2]:.2f}x cpu)" for n, s, c in row))
