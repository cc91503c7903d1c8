"""Median calibration values of IBM Heron devices from the snapshots shipped with
qiskit-ibm-runtime (fake backends FakeFez = Heron r2, FakePittsburgh = Heron r3).

Run once (needs `pip install qiskit-ibm-runtime`):
    /work/venv/bin/python Tests/SkeinNoiseTests/Golden/preset_medians.py > Tests/SkeinNoiseTests/Golden/preset_medians.json
The Swift presets (Sources/SkeinNoise/Presets.swift) use these numbers; a test checks that
they agree with this file.
"""
import json
import os
import statistics

import qiskit_ibm_runtime
from qiskit_ibm_runtime.fake_provider import FakeFez, FakePittsburgh

base = os.path.join(os.path.dirname(qiskit_ibm_runtime.__file__), "fake_provider", "backends")


def medians(name):
    props = json.load(open(os.path.join(base, name, f"props_{name}.json")))
    out = {"backend": props["backend_name"], "snapshot": props["last_update_date"],
           "qiskit_ibm_runtime": qiskit_ibm_runtime.__version__}
    qubit_params = {}
    for q in props["qubits"]:
        for p in q:
            qubit_params.setdefault(p["name"], []).append(p["value"])
    scale = {"T1": 1e-6, "T2": 1e-6, "readout_length": 1e-9}
    for key in ["T1", "T2", "readout_error", "prob_meas0_prep1", "prob_meas1_prep0", "readout_length"]:
        vals = [v for v in qubit_params.get(key, []) if v is not None and (v > 0 or key.startswith("prob") or key == "readout_error")]
        out[key] = statistics.median(vals) * scale.get(key, 1)
        out[key + "_count"] = len(vals)
    gates = {}
    for g in props["gates"]:
        params = {p["name"]: p["value"] for p in g["parameters"]}
        gates.setdefault(g["gate"], {"error": [], "length": []})
        # An error of 1 marks a broken qubit or pair; the medians skip them.
        if "gate_error" in params and params["gate_error"] < 1:
            gates[g["gate"]]["error"].append(params["gate_error"])
        if "gate_length" in params:
            gates[g["gate"]]["length"].append(params["gate_length"] * 1e-9)
    for gate in ["sx", "x", "cz"]:
        if gate in gates:
            out[gate + "_error"] = statistics.median(gates[gate]["error"])
            out[gate + "_length"] = statistics.median(gates[gate]["length"])
            out[gate + "_count"] = len(gates[gate]["error"])
    return out


print(json.dumps({"ibm_fez": medians("fez"), "ibm_pittsburgh": medians("pittsburgh")}, indent=2))
