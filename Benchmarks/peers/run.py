#!/usr/bin/env python3
"""Peer benchmark for Skein's state-vector simulator (issue 3).

Generates a circuit set as OpenQASM 2.0 files (textbook QFT, random brickwork u3+cx of depth
20, GHZ, optionally quantum volume), builds `skein` in release mode, runs every peer and Skein
on each circuit, checks that Skein's final state agrees with each peer's, and prints a table of
median wall times.

Peers (all with 2 threads):
  * Qiskit Aer  AerSimulator(method="statevector", fusion on), double and single precision
  * Qulacs      QuantumCircuitOptimizer().optimize_light, double precision
  * qsim        qsimcirq, max_fused_gate_size 4, single precision (qsim is float only)
  * qulacs-native (optional, --qulacs-native-python): Qulacs built from its sdist with
                -march=native by build-qulacs-native.sh, run from its own venv; the PyPI wheel
                has no AVX code, so the table's "best double" is the faster of the two
Skein: `skein run FILE --shots 0 --format json [--precision single] [--threads N]`; its time is
the `simulate` entry of the JSON timing (circuit compile + gates, no parse, no .npy write).
Peer times are wall time of the simulate call in this process (circuit already built and
transpiled / optimised outside the timed region; includes the copy of the state to numpy).

Correctness: on the first repetition of each (circuit, size), Skein writes its state with
--statevector; fidelity |<peer|skein>|^2 must be >= 1 - 1e-10 against double peers and
>= 1 - 1e-5 against single-precision peers (Skein double vs Aer double / Qulacs, Skein single
vs qsim / Aer single). Skein, Qiskit and Qulacs are little-endian (qubit 0 = bit 0); qsim/cirq
is big-endian, so the qsim state is taken with the qubit order reversed.

Usage (Benchmarks/peers/run.sh does the setup — peers from PyPI at pinned versions, Qulacs built
natively — and then calls this script with the right interpreters):
  Benchmarks/peers/run.sh --sizes 24 26 --reps 5
  /work/venv/bin/python Benchmarks/peers/run.py                    # sizes 20 22 24, 5 reps
  /work/venv/bin/python Benchmarks/peers/run.py --large            # also 26 28
  /work/venv/bin/python Benchmarks/peers/run.py --sizes 12 14 --reps 3 --no-build
  /work/venv/bin/python Benchmarks/peers/run.py --circuits qv mqt-qpeexact mqt-ae \
      --qulacs-native-python /work/venv-qulacs-native/bin/python
Options: --threads N (default 2), --circuits qft brickwork ghz qv mqt-<family>, --skein PATH,
--out DIR. MQT Bench families need `pip install mqt.bench` in the benchmark venv.
"""
import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# MQT Bench families (Quetschlich, Burgholzer, Wille, Quantum 7, 1062 (2023)) whose gate counts
# stay moderate at 20-28 qubits.
MQT_FAMILIES = ["qpeexact", "qftentangled", "ae", "wstate", "graphstate", "vqe_su2", "qnn"]


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[20, 22, 24])
    ap.add_argument("--large", action="store_true", help="also run 26 and 28 qubits")
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions (median; at least 3)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--circuits", nargs="+", default=["qft", "brickwork", "ghz"],
                    choices=["qft", "brickwork", "ghz", "qv"] + [f"mqt-{m}" for m in MQT_FAMILIES],
                    help="mqt-* are MQT Bench families (pip install mqt.bench), target-independent "
                         "level, final measurements removed, transpiled to u3 + cx")
    ap.add_argument("--depth", type=int, default=20, help="brickwork depth")
    ap.add_argument("--no-build", action="store_true", help="skip `swift build`")
    ap.add_argument("--skein", default=os.path.join(ROOT, ".build", "release", "skein"))
    ap.add_argument("--skein-threads-flag", choices=["auto", "yes", "no"], default="auto",
                    help="pass --threads to skein (auto: if `skein run --help` lists it)")
    ap.add_argument("--out", default="/tmp/skein-peers", help="directory for QASM and .npy files")
    ap.add_argument("--peers", nargs="+", default=["aer", "aer-single", "qulacs", "qsim"],
                    choices=["aer", "aer-single", "qulacs", "qsim"])
    ap.add_argument("--no-single", action="store_true", help="skip Skein single precision")
    ap.add_argument("--qulacs-native-python", metavar="PYTHON",
                    help="also run Qulacs from this interpreter (e.g. /work/venv-qulacs-native/bin/python, "
                         "built by build-qulacs-native.sh) as the peer 'qulacs-native'")
    ap.add_argument("--probe-gib", type=float, default=1.0, help="bandwidth probe array size")
    a = ap.parse_args()
    if a.large:
        a.sizes = sorted(set(a.sizes) | {26, 28})
    if a.reps < 3:
        ap.error("--reps must be at least 3 (the table reports a median)")
    return a


# ---------------------------------------------------------------- circuits (one gate list)
# A gate is (name, qubits, params); names: h, cx, cp, swap, u3, unitary (params = 4x4 matrix).

def qft(n):
    gates = []
    for i in reversed(range(n)):
        gates.append(("h", [i], ()))
        for j in reversed(range(i)):
            gates.append(("cp", [j, i], (math.pi / 2 ** (i - j),)))
    for i in range(n // 2):
        gates.append(("swap", [i, n - 1 - i], ()))
    return gates


def brickwork(n, depth, seed=1234):
    import numpy as np
    rng = np.random.default_rng(seed)
    gates = []
    for layer in range(depth):
        for q in range(n):
            t, p, l = rng.uniform(0, 2 * math.pi, 3)
            gates.append(("u3", [q], (float(t), float(p), float(l))))
        for q in range(layer % 2, n - 1, 2):
            gates.append(("cx", [q, q + 1], ()))
    return gates


def ghz(n):
    return [("h", [0], ())] + [("cx", [i, i + 1], ()) for i in range(n - 1)]


def quantum_volume(n, seed=4321):
    """Quantum volume model circuit (Cross et al., PRA 100, 032328 (2019)): n layers of a
    random permutation followed by Haar-random SU(4) on pairs, written as 4x4 unitaries
    decomposed by Qiskit into u3 + cx (QASM 2.0 has no unitary statement)."""
    from qiskit.circuit.library import QuantumVolume
    return u3_cx_gates(QuantumVolume(n, seed=seed).decompose())


def u3_cx_gates(qc):
    """A Qiskit circuit transpiled to u3 + cx, as this script's gate list."""
    from qiskit import transpile
    qc = transpile(qc, basis_gates=["u3", "cx"], optimization_level=1)
    gates = []
    for inst in qc.data:
        qs = [qc.find_bit(q).index for q in inst.qubits]
        if inst.operation.name == "u3":
            gates.append(("u3", qs, tuple(float(x) for x in inst.operation.params)))
        elif inst.operation.name == "cx":
            gates.append(("cx", qs, ()))
        elif inst.operation.name != "barrier":
            raise ValueError(f"unexpected gate {inst.operation.name}")
    return gates


def mqt(family, n):
    """An MQT Bench circuit at the target-independent level (random parameters fixed by MQT
    Bench's own seed), final measurements removed."""
    from mqt.bench import get_benchmark, BenchmarkLevel
    qc = get_benchmark(family, BenchmarkLevel.INDEP, n)
    qc.remove_final_measurements()
    return u3_cx_gates(qc)


def make(name, n, depth):
    if name.startswith("mqt-"):
        return mqt(name[4:], n)
    return {"qft": lambda: qft(n), "brickwork": lambda: brickwork(n, depth),
            "ghz": lambda: ghz(n), "qv": lambda: quantum_volume(n)}[name]()


def to_qasm(n, gates):
    lines = ["OPENQASM 2.0;", 'include "qelib1.inc";', f"qreg q[{n}];"]
    for g, qs, ps in gates:
        args = ",".join(f"q[{q}]" for q in qs)
        if g == "cp":
            lines.append(f"cu1({ps[0]!r}) {args};")
        elif g == "u3":
            lines.append(f"u3({ps[0]!r},{ps[1]!r},{ps[2]!r}) {args};")
        else:
            lines.append(f"{g} {args};")
    return "\n".join(lines) + "\n"


def u3_matrix(t, p, l):
    import numpy as np
    c, s = math.cos(t / 2), math.sin(t / 2)
    return np.array([[c, -np.exp(1j * l) * s], [np.exp(1j * p) * s, np.exp(1j * (p + l)) * c]])


# ---------------------------------------------------------------- peers

class Aer:
    def __init__(self, threads, precision):
        from qiskit_aer import AerSimulator
        self.sim = AerSimulator(method="statevector", precision=precision, fusion_enable=True,
                                max_parallel_threads=threads)
        self.name = "aer" if precision == "double" else "aer-single"

    def prepare(self, qasm_path, n, gates):
        from qiskit import QuantumCircuit, transpile
        qc = QuantumCircuit.from_qasm_file(qasm_path)
        qc.save_statevector()
        return transpile(qc, self.sim, optimization_level=0)

    def run(self, prepared):
        import numpy as np
        t0 = time.perf_counter()
        result = self.sim.run(prepared, shots=1).result()
        state = np.asarray(result.get_statevector())
        return time.perf_counter() - t0, state


class Qulacs:
    name = "qulacs"

    def __init__(self, threads):
        import qulacs  # OMP_NUM_THREADS is set before import (main)
        self.q = qulacs

    def prepare(self, qasm_path, n, gates):
        import numpy as np
        from qulacs import QuantumCircuit, gate
        from qulacs.circuit import QuantumCircuitOptimizer
        c = QuantumCircuit(n)
        for g, qs, ps in gates:
            if g == "h":
                c.add_gate(gate.H(qs[0]))
            elif g == "cx":
                c.add_gate(gate.CNOT(qs[0], qs[1]))
            elif g == "swap":
                c.add_gate(gate.SWAP(qs[0], qs[1]))
            elif g == "u3":
                c.add_gate(gate.DenseMatrix(qs[0], u3_matrix(*ps)))
            elif g == "cp":
                d = gate.DenseMatrix(qs[1], np.diag([1, np.exp(1j * ps[0])]))
                d.add_control_qubit(qs[0], 1)
                c.add_gate(d)
            else:
                raise ValueError(g)
        QuantumCircuitOptimizer().optimize_light(c)
        return (n, c)

    def run(self, prepared):
        n, c = prepared
        t0 = time.perf_counter()
        s = self.q.QuantumState(n)
        c.update_quantum_state(s)
        state = s.get_vector()
        return time.perf_counter() - t0, state


class QulacsSubprocess:
    """Qulacs from another interpreter (the native-flags build of build-qulacs-native.sh lives in
    its own venv because it has the same module name as the PyPI wheel). The worker builds and
    optimises the circuit outside its timed region exactly like `Qulacs`, times
    update_quantum_state + get_vector, and hands the state back through an .npy file."""
    name = "qulacs-native"

    def __init__(self, python, threads, out):
        self.python, self.threads, self.out = python, threads, out

    def prepare(self, qasm_path, n, gates):
        path = qasm_path + ".gates.json"
        with open(path, "w") as f:
            json.dump({"n": n, "gates": [[g, qs, list(ps)] for g, qs, ps in gates]}, f)
        return path

    def run(self, prepared):
        import numpy as np
        npy = prepared + ".npy"
        env = dict(os.environ, OMP_NUM_THREADS=str(self.threads), QULACS_NUM_THREADS=str(self.threads))
        p = subprocess.run([self.python, os.path.abspath(__file__), "--qulacs-worker", prepared, npy],
                           capture_output=True, text=True, env=env)
        if p.returncode != 0:
            raise RuntimeError(f"qulacs-native worker failed: {p.stderr.strip()}")
        state = np.load(npy)
        os.remove(npy)
        return float(p.stdout.strip().splitlines()[-1]), state


def qulacs_worker(gates_json, npy):
    import numpy as np
    with open(gates_json) as f:
        spec = json.load(f)
    q = Qulacs(None)
    prepared = q.prepare(None, spec["n"], [(g, qs, tuple(ps)) for g, qs, ps in spec["gates"]])
    t, state = q.run(prepared)
    np.save(npy, state)
    print(t)


class Qsim:
    name = "qsim"

    def __init__(self, threads):
        import qsimcirq
        self.sim = qsimcirq.QSimSimulator(qsim_options=qsimcirq.QSimOptions(
            max_fused_gate_size=4, cpu_threads=threads, use_gpu=False))

    def prepare(self, qasm_path, n, gates):
        import cirq
        qs = cirq.LineQubit.range(n)
        ops = []
        for g, q, ps in gates:
            if g == "h":
                ops.append(cirq.H(qs[q[0]]))
            elif g == "cx":
                ops.append(cirq.CNOT(qs[q[0]], qs[q[1]]))
            elif g == "swap":
                ops.append(cirq.SWAP(qs[q[0]], qs[q[1]]))
            elif g == "u3":
                ops.append(cirq.MatrixGate(u3_matrix(*ps)).on(qs[q[0]]))
            elif g == "cp":
                ops.append(cirq.CZPowGate(exponent=ps[0] / math.pi).on(qs[q[0]], qs[q[1]]))
            else:
                raise ValueError(g)
        # cirq is big-endian (the first qubit of qubit_order is the most significant bit):
        # listing q[n-1] … q[0] makes the returned vector little-endian like Skein's.
        return (cirq.Circuit(ops), list(reversed(qs)))

    def run(self, prepared):
        import numpy as np
        circuit, order = prepared
        t0 = time.perf_counter()
        r = self.sim.simulate(circuit, qubit_order=order)
        state = np.asarray(r.final_state_vector)
        return time.perf_counter() - t0, state


# ---------------------------------------------------------------- Skein

def skein_threads_supported(skein):
    h = subprocess.run([skein, "run", "--help"], capture_output=True, text=True)
    return "--threads" in h.stdout


def run_skein(skein, path, precision, threads, npy=None):
    cmd = [skein, "run", path, "--shots", "0", "--format", "json", "--seed", "1", "--precision", precision]
    if threads is not None:
        cmd += ["--threads", str(threads)]
    if npy:
        cmd += ["--statevector", npy]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {p.stderr.strip()}")
    return json.loads(p.stdout)["timing"]["simulate"], wall


def fidelity(a, b):
    import numpy as np
    a = np.asarray(a, dtype=np.complex128)
    b = np.asarray(b, dtype=np.complex128)
    return abs(np.vdot(a, b)) ** 2 / (np.vdot(a, a).real * np.vdot(b, b).real)


# ---------------------------------------------------------------- bandwidth probe

def bandwidth_probe(gib):
    """Single-threaded numpy copy and triad on `gib` GiB arrays: bytes moved per second
    (copy: read + write; triad a = b + s*c done as two numpy passes, counted as 5 transfers)."""
    import numpy as np
    n = int(gib * 2 ** 30 / 8)
    a = np.ones(n)
    b = np.full(n, 2.0)
    c = np.full(n, 0.5)
    best_copy = best_triad = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        np.copyto(a, b)
        best_copy = min(best_copy, time.perf_counter() - t0)
        t0 = time.perf_counter()
        np.multiply(c, 3.0, out=a)
        np.add(a, b, out=a)
        best_triad = min(best_triad, time.perf_counter() - t0)
    return 2 * n * 8 / best_copy, 5 * n * 8 / best_triad


# ---------------------------------------------------------------- main

def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--qulacs-worker":
        return qulacs_worker(sys.argv[2], sys.argv[3])
    a = parse_args()
    os.environ["OMP_NUM_THREADS"] = str(a.threads)
    os.environ["QULACS_NUM_THREADS"] = str(a.threads)
    import numpy as np
    os.makedirs(a.out, exist_ok=True)

    if not a.no_build:
        cmd = ["swift", "build", "-c", "release", "-Xswiftc", "-target-cpu", "-Xswiftc", "native", "-Xswiftc", "-DSKEIN_FMA", "--product", "skein"]
        print("+", " ".join(cmd), flush=True)
        subprocess.run(cmd, cwd=ROOT, check=True)
    use_threads = {"yes": True, "no": False, "auto": None}[a.skein_threads_flag]
    if use_threads is None:
        use_threads = skein_threads_supported(a.skein)
    sk_threads = a.threads if use_threads else None

    peers = []
    for p in a.peers:
        if p == "aer":
            peers.append((Aer(a.threads, "double"), "double"))
        elif p == "aer-single":
            peers.append((Aer(a.threads, "single"), "single"))
        elif p == "qulacs":
            peers.append((Qulacs(a.threads), "double"))
        elif p == "qsim":
            peers.append((Qsim(a.threads), "single"))
    if a.qulacs_native_python:
        peers.append((QulacsSubprocess(a.qulacs_native_python, a.threads, a.out), "double"))
    skein_precisions = ["double"] + ([] if a.no_single else ["single"])

    import importlib
    versions = []
    for mod in ["qiskit_aer", "qulacs", "qsimcirq", "cirq"]:
        try:
            versions.append(f"{mod} {getattr(importlib.import_module(mod), '__version__', '?')}")
        except ImportError:
            pass
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} CPUs, "
          f"{open('/proc/cpuinfo').read().split('model name')[1].split(':')[1].splitlines()[0].strip()}")
    print(f"load average: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print(f"versions: {', '.join(versions)}, numpy {np.__version__}, python {sys.executable}")
    print(f"threads {a.threads} (skein --threads {'passed' if sk_threads else 'not available: skein runs its default'}), "
          f"reps {a.reps}, sizes {a.sizes}, circuits {a.circuits}", flush=True)

    rows = []
    failures = []
    for name in a.circuits:
        for n in a.sizes:
            gates = make(name, n, a.depth)
            path = os.path.join(a.out, f"{name}_{n}.qasm")
            with open(path, "w") as f:
                f.write(to_qasm(n, gates))
            prepared = {p.name: p.prepare(path, n, gates) for p, _ in peers}
            times = {p.name: [] for p, _ in peers}
            for prec in skein_precisions:
                times[f"skein-{prec}"] = []
            wall = {prec: [] for prec in skein_precisions}
            fid = {}
            for rep in range(a.reps):
                # Interleave: every configuration once per repetition.
                skein_states = {}
                for prec in skein_precisions:
                    npy = os.path.join(a.out, f"skein_{name}_{n}_{prec}.npy") if rep == 0 else None
                    t, w = run_skein(a.skein, path, prec, sk_threads, npy)
                    times[f"skein-{prec}"].append(t)
                    wall[prec].append(w)
                    if npy:
                        skein_states[prec] = np.load(npy)
                        os.remove(npy)
                for p, prec in peers:
                    t, state = p.run(prepared[p.name])
                    times[p.name].append(t)
                    if rep == 0 and prec in skein_states:
                        f = fidelity(state, skein_states[prec])
                        fid[p.name] = f
                        tol = 1e-10 if prec == "double" else 1e-5
                        if not f >= 1 - tol:
                            failures.append(f"{name} n={n}: fidelity Skein {prec} vs {p.name} = {f!r} < 1 - {tol}")
                    del state
                skein_states.clear()
            med = {k: statistics.median(v) for k, v in times.items()}
            row = {"circuit": name, "qubits": n, "gates": len(gates), "median_s": med,
                   "skein_wall_s": {k: statistics.median(v) for k, v in wall.items()}, "fidelity": fid,
                   "all_s": times}
            rows.append(row)
            print(json.dumps(row), flush=True)

    copy_bw, triad_bw = bandwidth_probe(a.probe_gib)
    print_table(rows, peers, skein_precisions, copy_bw, triad_bw, a)
    if failures:
        print("\nFIDELITY FAILURES:")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("\nall fidelity checks passed (double >= 1-1e-10, single >= 1-1e-5)")


def print_table(rows, peers, skein_precisions, copy_bw, triad_bw, a):
    double_peers = [p.name for p, prec in peers if prec == "double"]
    single_peers = [p.name for p, prec in peers if prec == "single"]
    cols = [p.name for p, _ in peers] + [f"skein-{p}" for p in skein_precisions]
    print()
    head = "| circuit | qubits | gates | " + " | ".join(f"{c} s" for c in cols)
    head += " | skein-double ÷ best double"
    if "single" in skein_precisions:
        head += " | skein-single ÷ best single"
    head += " |"
    print(head)
    print("|" + " --- |" * (head.count("|") - 1))
    for r in rows:
        m = r["median_s"]
        cells = [r["circuit"], str(r["qubits"]), str(r["gates"])] + [f"{m[c]:.3f}" for c in cols]
        if double_peers:
            best = min(double_peers, key=lambda c: m[c])
            cells.append(f"{m['skein-double'] / m[best]:.2f} ({best})")
        if "single" in skein_precisions and single_peers:
            best = min(single_peers, key=lambda c: m[c])
            cells.append(f"{m['skein-single'] / m[best]:.2f} ({best})")
        print("| " + " | ".join(cells) + " |")
    print(f"\nbandwidth probe (numpy, 1 thread, {a.probe_gib} GiB arrays): copy {copy_bw / 1e9:.1f} GB/s, "
          f"triad {triad_bw / 1e9:.1f} GB/s")
    nmax = max(r["qubits"] for r in rows)
    for r in rows:
        if r["qubits"] != nmax:
            continue
        for prec in skein_precisions:
            state_bytes = (16 if prec == "double" else 8) * 2 ** nmax
            passes = r["median_s"][f"skein-{prec}"] * copy_bw / (2 * state_bytes)
            print(f"  {r['circuit']} n={nmax} skein-{prec}: {r['median_s'][f'skein-{prec}']:.3f} s = "
                  f"{passes:.0f} read+write passes over the {state_bytes / 2 ** 20:.0f} MiB state at copy bandwidth "
                  f"({r['gates']} gates)")


if __name__ == "__main__":
    main()
