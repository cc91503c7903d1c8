"""Replays GateFusion's greedy decisions (GateFusion.add) in Python on a gate list with a calibration
table, to see which blocks the fuser builds (no Skein internals are exposed for this).
Circuits: qft (textbook QFT: h + cu1 ladder + swaps) or brickwork (u3 on every qubit + cx on
alternating pairs, depth 20).
Usage: python fusion_replay.py qft|brickwork CALIBRATION.json double|single N [MAXQUBITS]
"""
import json, sys, math
circuit = sys.argv[1]
cal = json.load(open(sys.argv[2]))
prec = sys.argv[3]; n = int(sys.argv[4]); maxq = int(sys.argv[5]) if len(sys.argv) > 5 else 5
cost_t = {}
for e in cal["entries"]:
    if e["precision"] == prec: cost_t[(e["kernel"], e["k"])] = e["nanosecondsPerAmplitude"]
def cost(shape, k, c=0):
    kern = ["diagonal","monomial","dense"][shape]
    k = max(k,1)
    ks = [kk for (kn,kk) in cost_t if kn==kern and kk<=k]
    b = max(ks); v = cost_t[(kern,b)]
    if b != k and kern=="dense": v *= 2**(k-b)
    return v / 2**c
gates = []  # (shape 0 diagonal / 1 monomial / 2 dense, targets, controls)
if circuit == "qft":
    for i in reversed(range(n)):
        gates.append((2,[i],[]))
        for j in reversed(range(i)): gates.append((0,[i],[j]))
    for i in range(n//2): gates.append((1,[i,n-1-i],[]))
elif circuit == "brickwork":
    for layer in range(20):
        for q in range(n): gates.append((2,[q],[]))
        for q in range(layer%2, n-1, 2): gates.append((1,[q+1],[q]))
else:
    sys.exit(f"unknown circuit {circuit!r}: use qft or brickwork")
blocks = {}; owner = [-1]*n; nid = 0; out = []
def emit(i):
    b = blocks.pop(i)
    for q in b["q"]: owner[q] = -1
    out.append((b["shape"], sorted(b["q"]), len(b["g"])))
for (shape, t, c) in gates:
    mask = set(t)|set(c)
    ids = []
    for q in mask:
        if owner[q] >= 0 and owner[q] not in ids: ids.append(owner[q])
    union = set(mask); before = cost(shape,len(t),len(c)); sh = shape; bm = set()
    for i in ids: union |= blocks[i]["q"]; bm |= blocks[i]["q"]; before += blocks[i]["cost"]; sh = max(sh, blocks[i]["shape"])
    fused = cost(sh, len(union))
    widens = shape == 0 and sh > 0 and union != bm
    lim = 10 if sh == 0 else maxq
    if not widens and len(union) <= lim and fused <= before*1.0001:
        g = []
        for i in sorted(ids): g += blocks.pop(i)["g"]
        g.append(shape)
        blocks[nid] = dict(q=union, cost=before, shape=sh, g=g)
    else:
        for i in ids: emit(i)
        blocks[nid] = dict(q=set(mask), cost=cost(shape,len(t),len(c)), shape=shape, g=[shape])
    for q in blocks[nid]["q"]: owner[q] = nid
    nid += 1
for i in sorted(blocks): emit(i)
from collections import Counter
print(Counter((["diag","mono","dense"][s], len(q)) for s,q,_ in out))
tot = sum(cost(s,len(q)) for s,q,_ in out)
print("steps", len(out), "est cost ns/amp", round(tot,1))
for o in out[:40]: print(o)
