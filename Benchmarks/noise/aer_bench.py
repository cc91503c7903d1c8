"""Qiskit Aer side of the noise benchmark. Writes circuits.json (the circuits and noise, read
by the Swift benchmark) and aer.json (timings). Same random circuits, same noise:
u3 on every qubit then CZ on alternating pairs, per layer; after each u3 depolarizing(1e-3)
and thermal relaxation (T1 = 100 us, T2 = 80 us, 50 ns); after each CZ depolarizing(1e-2, 2q)
and thermal relaxation (300 ns) on both qubits. Both simulators use 2 threads.
"""
import json
import sys
import time

import numpy as np
import qiskit_aer
from qiskit import QuantumCircuit
from qiskit_aer import AerSimulator
from qiskit_aer.noise import NoiseModel, depolarizing_error, thermal_relaxation_error

T1, T2 = 100e-6, 80e-6


def spec(n, layers, seed):
    rng = np.random.default_rng(seed)
    ops = []
    for layer in range(layers):
        for q in range(n):
            ops.append(["u3", [q], rng.uniform(0, 2 * np.pi, 3).tolist()])
        for q in range(layer % 2, n - 1, 2):
            ops.append(["cz", [q, q + 1], []])
    return ops


def build(n, ops, measure):
    qc = QuantumCircuit(n)
    for name, qs, p in ops:
        if name == "u3":
            qc.u(*p, qs[0])
        else:
            qc.cz(*qs)
    if measure:
        qc.measure_all()
    return qc


def noise():
    nm = NoiseModel()
    e1 = depolarizing_error(1e-3, 1).compose(thermal_relaxation_error(T1, T2, 50e-9))
    r2 = thermal_relaxation_error(T1, T2, 300e-9)
    e2 = depolarizing_error(1e-2, 2).compose(r2.expand(r2))
    nm.add_all_qubit_quantum_error(e1, ["u"])
    nm.add_all_qubit_quantum_error(e2, ["cz"])
    return nm


def best(f, repeats):
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return min(ts)


circuits = {"dm": [], "traj": []}
timings = {"qiskit_aer": qiskit_aer.__version__, "dm": [], "traj": []}
nm = noise()
for n in [10, 11, 12]:
    ops = spec(n, 10, n)
    circuits["dm"].append({"qubits": n, "ops": ops})
    qc = build(n, ops, False)
    qc.save_probabilities()
    sim = AerSimulator(method="density_matrix", noise_model=nm, max_parallel_threads=2)
    if n == 10:
        sim.run(qc).result()  # warm-up
    t = best(lambda: sim.run(qc).result(), 2 if n < 12 else 1)
    timings["dm"].append({"qubits": n, "seconds": t})
    print(f"aer density matrix n={n}: {t:.3f} s", file=sys.stderr)
for n, shots in [(14, 100), (18, 40)]:
    ops = spec(n, 10, 100 + n)
    circuits["traj"].append({"qubits": n, "ops": ops, "shots": shots})
    qc = build(n, ops, True)
    sim = AerSimulator(method="statevector", noise_model=nm, max_parallel_threads=2, seed_simulator=1)
    sim.run(qc, shots=10).result()
    t = best(lambda: sim.run(qc, shots=shots).result(), 2)
    timings["traj"].append({"qubits": n, "shots": shots, "seconds": t, "shots_per_second": shots / t})
    print(f"aer trajectories n={n}: {shots / t:.1f} shots/s", file=sys.stderr)
json.dump(circuits, open("circuits.json", "w"))
json.dump(timings, open("aer.json", "w"), indent=1)
