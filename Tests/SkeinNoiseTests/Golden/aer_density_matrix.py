"""Golden data: Qiskit Aer's density-matrix method on small noisy circuits.

Run once (qiskit, qiskit-aer in a virtual environment):
    /work/venv/bin/python Tests/SkeinNoiseTests/Golden/aer_density_matrix.py > Tests/SkeinNoiseTests/Golden/aer_density_matrix.json
The Swift test (AerGoldenTests.swift) builds the same circuits and noise and compares the
final density matrix and the readout-corrupted probabilities to 1e-10.
"""
import json

import numpy as np
import qiskit
import qiskit_aer
from qiskit import QuantumCircuit
from qiskit_aer import AerSimulator
from qiskit_aer.noise import (NoiseModel, ReadoutError, amplitude_damping_error, depolarizing_error,
                              pauli_error, phase_damping_error, reset_error, thermal_relaxation_error)

T1, T2 = 50e-6, 40e-6


def case_bell():
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.cx(0, 1)
    nm = NoiseModel()
    nm.add_quantum_error(depolarizing_error(0.01, 1), ["h"], [0])
    nm.add_quantum_error(depolarizing_error(0.05, 2), ["cx"], [0, 1])
    ro = [[[0.98, 0.02], [0.05, 0.95]], [[0.97, 0.03], [0.04, 0.96]]]
    return qc, nm, ro


def case_relaxation():
    qc = QuantumCircuit(3)
    qc.h(0)
    qc.cx(0, 1)
    qc.rx(0.3, 2)
    qc.cx(1, 2)
    qc.x(0)
    nm = NoiseModel()
    e1 = thermal_relaxation_error(T1, T2, 50e-9)
    e2 = thermal_relaxation_error(T1, T2, 300e-9)
    nm.add_all_qubit_quantum_error(e1, ["h", "rx", "x"])
    nm.add_all_qubit_quantum_error(e2.expand(e2), ["cx"])
    ro = [[[0.99, 0.01], [0.02, 0.98]]] * 3
    return qc, nm, ro


def case_mixed():
    qc = QuantumCircuit(3)
    qc.u(0.4, 0.2, -0.7, 0)
    qc.h(1)
    qc.cz(0, 1)
    qc.reset(2)
    qc.swap(1, 2)
    qc.ry(1.1, 0)
    qc.cx(2, 0)
    nm = NoiseModel()
    nm.add_quantum_error(pauli_error([("XZ", 0.03), ("YI", 0.02), ("II", 0.95)]), ["cz"], [0, 1])
    nm.add_quantum_error(amplitude_damping_error(0.07), ["u"], [0])
    nm.add_quantum_error(phase_damping_error(0.11), ["h"], [1])
    nm.add_quantum_error(reset_error(0.04, 0.02), ["reset"], [2])
    nm.add_quantum_error(depolarizing_error(0.02, 2), ["swap"], [1, 2])
    nm.add_quantum_error(thermal_relaxation_error(T1, T2, 1e-6).compose(amplitude_damping_error(0.01)), ["ry"], [0])
    nm.add_quantum_error(depolarizing_error(0.04, 2), ["cx"], [2, 0])
    ro = [[[0.95, 0.05], [0.1, 0.9]], [[1, 0], [0, 1]], [[0.9, 0.1], [0.1, 0.9]]]
    return qc, nm, ro


out = {"qiskit": qiskit.__version__, "qiskit_aer": qiskit_aer.__version__, "T1": T1, "T2": T2, "cases": {}}
for name, fn in [("bell", case_bell), ("relaxation", case_relaxation), ("mixed", case_mixed)]:
    qc, nm, ro = fn()
    n = qc.num_qubits
    qc.save_density_matrix()
    sim = AerSimulator(method="density_matrix", noise_model=nm)
    rho = np.asarray(sim.run(qc, shots=1).result().data()["density_matrix"])
    probs = np.real(np.diag(rho))
    # Readout: P(recorded | true) per qubit, applied to the little-endian distribution.
    dist = probs.copy()
    for q in range(n):
        m = np.asarray(ReadoutError(ro[q]).probabilities)
        new = np.zeros_like(dist)
        for k, p in enumerate(dist):
            o = (k >> q) & 1
            for r in range(2):
                new[(k & ~(1 << q)) | (r << q)] += p * m[o][r]
        dist = new
    out["cases"][name] = {"qubits": n, "rho_real": np.real(rho).tolist(), "rho_imag": np.imag(rho).tolist(),
                          "probabilities": probs.tolist(), "readout": ro, "readout_probabilities": dist.tolist()}
print(json.dumps(out, indent=1))
