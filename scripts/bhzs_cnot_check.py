#!/usr/bin/env python3
"""Peer check of `skein compile cnot --format json` (issue 5, notes/compiling.md).

Reads the JSON from stdin, rebuilds the 6-tau Fibonacci representation from the closed-form
F and R data (left-comb fusion paths, numpy only, nothing from Skein), and prints the 4x4
computational block's distance to CNOT (operator norm minimised over a fine phase scan, trace
metric) and the leakage, next to the values Skein reported.

    skein compile cnot --format json | /work/venv/bin/python scripts/bhzs_cnot_check.py
"""
import json
import sys

import numpy as np

PHI = (1 + 5 ** 0.5) / 2
R = {0: np.exp(-4j * np.pi / 5), 1: np.exp(3j * np.pi / 5)}
F = np.array([[1 / PHI, PHI ** -0.5], [PHI ** -0.5, -1 / PHI]])


def paths(n, c):
    ps = [[1]]
    for _ in range(1, n):
        ps = [p + [y] for p in ps for y in ([1] if p[-1] == 0 else [0, 1])]
    return [p for p in ps if p[-1] == c]


def gen(n, c, i):
    ps = paths(n, c)
    idx = {tuple(p): k for k, p in enumerate(ps)}
    m = np.zeros((len(ps), len(ps)), complex)
    for k, p in enumerate(ps):
        if i == 1:
            m[k, k] = R[p[1]]
            continue
        a, b, y = p[i - 2], p[i], p[i - 1]
        if a == 1 and b == 1:
            bm = F @ np.diag([R[0], R[1]]) @ F
            for y2 in (0, 1):
                q = list(p)
                q[i - 1] = y2
                m[idx[tuple(q)], k] += bm[y2, y]
        else:
            m[k, k] = R[b if a == 0 else a]
    return m


def main():
    data = json.load(sys.stdin)
    gens = [gen(6, 0, i) for i in range(1, 6)]
    ps = paths(6, 0)
    u = np.eye(len(ps), dtype=complex)
    for g in data["word"]:
        m = gens[abs(g) - 1]
        u = (m if g > 0 else m.conj().T) @ u
    order = [None] * 4
    for k, p in enumerate(ps):
        if p[2] == 1 and p[4] == 1:
            order[p[1] + 2 * p[3]] = k
    b = u[np.ix_(order, order)]
    cx = np.zeros((4, 4), complex)
    cx[0, 0] = cx[2, 2] = cx[3, 1] = cx[1, 3] = 1
    phis = np.linspace(0, 2 * np.pi, 36000, endpoint=False)
    op = min(np.linalg.norm(b - np.exp(1j * f) * cx, 2) for f in phis)
    tr = np.sqrt(max(0.0, 1 - abs(np.trace(cx.conj().T @ b)) / 4))
    leak = 1 - np.sum(np.abs(b) ** 2, axis=0)
    worst = 1 - np.linalg.svd(b, compute_uv=False).min() ** 2
    print(f"length {len(data['word'])}")
    print(f"operator distance {op:.6e} (skein {data['distance_operator']:.6e}; scan step 1.7e-4 rad)")
    print(f"trace distance    {tr:.6e} (skein {data['distance_trace']:.6e})")
    print(f"worst leakage     {worst:.6e} (skein {data['leakage_worst']:.6e})")
    print("leakage per input", " ".join(f"{x:.3e}" for x in leak), "(skein", " ".join(f"{x:.3e}" for x in data["leakage"]) + ")")


if __name__ == "__main__":
    main()
