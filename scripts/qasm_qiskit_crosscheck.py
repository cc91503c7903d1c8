"""Cross-check of Skein's OpenQASM writer against Qiskit's OpenQASM 2 reader.

    SKEIN_QASM_DUMP=/tmp/qasm_dump.json swift test --filter dumpForQiskitCrossCheck
    /work/venv/bin/python scripts/qasm_qiskit_crosscheck.py /tmp/qasm_dump.json

For every dumped circuit: Qiskit reads the written text (qelib1 as Qiskit defines it), and the
largest entry of |U_skein - e^{i*phase} U_qiskit| is printed (phase = the writer's
`// global phase:` comment). Both use little-endian qubit order.
"""
import json
import sys

import numpy as np
from qiskit import qasm2
from qiskit.quantum_info import Operator

data = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "/tmp/qasm_dump.json"))
worst = 0.0
for d in data:
    qc = qasm2.loads(d["qasm"], custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    theirs = Operator(qc).data
    ours = (np.array(d["re"]) + 1j * np.array(d["im"])).reshape(d["dim"], d["dim"])
    diff = float(np.abs(ours - np.exp(1j * d["phase"]) * theirs).max())
    worst = max(worst, diff)
    print(f"{d['label']:15s} max entry difference {diff:.2e}")
print(f"worst {worst:.2e} over {len(data)} circuits")
sys.exit(0 if worst < 1e-12 else 1)
