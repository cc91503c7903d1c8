"""Replays GateFusion's decisions (GateFusion.add: blocks over the dependency graph, a gate joins the
subset of the latest blocks on its qubits that saves most under the marginal cost test, blocks of
<= 2 qubits always merge, a block closed on every qubit is emitted) in Python on a gate list with a
calibration table, to see which blocks the fuser builds (no Skein internals are exposed for this).
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
import itertools
blocks = {}; latest = [-1]*n; nid = 0; out = []
def emit(i):
    if i not in blocks: return
    for p in sorted(blocks[i]["p"]): emit(p)
    b = blocks.pop(i)
    for q in b["q"]:
        if latest[q] == i: latest[q] = -1
    for o in blocks.values(): o["p"].discard(i)
    out.append((b["shape"], sorted(b["q"]), len(b["g"])))
def reaches(start, targets):
    seen = set(); st = list(start)
    while st:
        u = st.pop()
        if u in targets: return True
        if u in seen or u not in blocks: continue
        seen.add(u); st.extend(blocks[u]["p"])
    return False
for (shape, t, c) in gates:
    qs = set(t) | set(c)
    owners = []
    for q in sorted(qs):
        if latest[q] >= 0 and latest[q] not in owners: owners.append(latest[q])
    gcost = cost(shape, len(t), len(c)); best = None
    subsets = [tuple(owners)] if len(owners) > 3 else [s for r in range(len(owners), 0, -1) for s in itertools.combinations(owners, r)]
    for S in subsets:
        union = set(qs); before = gcost; sh = shape; bm = set(); preds = set(o for o in owners if o not in S)
        for i in S:
            union |= blocks[i]["q"]; bm |= blocks[i]["q"]; before += blocks[i]["cost"]; sh = max(sh, blocks[i]["shape"])
            preds |= blocks[i]["p"]
        preds -= set(S)
        if len(union) > (10 if sh == 0 else maxq): continue
        if shape == 0 and sh > 0 and union != bm: continue
        fused = cost(sh, len(union))
        if not (fused <= before * 1.0001 or len(union) <= 2): continue
        if reaches(preds, set(S)): continue
        if best is None or before - fused > best[0] + 1e-12: best = (before - fused, S, union, sh, preds)
    if best:
        _, S, union, sh, preds = best
        g = sum((blocks.pop(i)["g"] for i in S), []) + [shape]
        blocks[nid] = dict(q=union, cost=cost(sh, len(union)), shape=sh, g=g, p=preds)
        for q in union:
            if q in qs or latest[q] in S: latest[q] = nid
        for o in blocks.values():
            if o["p"] & set(S): o["p"] = (o["p"] - set(S)) | {nid}
        blocks[nid]["p"].discard(nid)
        closed = [o for o in owners if o not in S]
    else:
        blocks[nid] = dict(q=set(qs), cost=gcost, shape=shape, g=[shape], p=set(owners))
        for q in qs: latest[q] = nid
        closed = owners
    for i in closed:
        if i in blocks and all(latest[q] != i for q in blocks[i]["q"]): emit(i)
    nid += 1
for i in sorted(blocks): emit(i)
from collections import Counter
print(Counter((["diag","mono","dense"][s], len(q)) for s,q,_ in out))
tot = sum(cost(s,len(q)) for s,q,_ in out)
print("steps", len(out), "est cost ns/amp", round(tot,1))
for o in out[:40]: print(o)
