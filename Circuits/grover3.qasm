// Grover search over 3 qubits for the marked state |101>, two iterations:
// P(101) = sin^2(5 * asin(1/sqrt(8))) = 0.9453.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg c[3];
h q;
// iteration 1: oracle marks |101> (q0 = 1, q1 = 0, q2 = 1)
x q[1]; h q[2]; ccx q[0], q[1], q[2]; h q[2]; x q[1];
h q; x q; h q[2]; ccx q[0], q[1], q[2]; h q[2]; x q; h q;
// iteration 2
x q[1]; h q[2]; ccx q[0], q[1], q[2]; h q[2]; x q[1];
h q; x q; h q[2]; ccx q[0], q[1], q[2]; h q[2]; x q; h q;
measure q -> c;
