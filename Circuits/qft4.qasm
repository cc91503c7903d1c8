// Textbook quantum Fourier transform on 4 qubits applied to |0101> (= 5), with the final swaps.
// The outcome distribution is uniform: every key has probability 1/16.
OPENQASM 2.0;
include "qelib1.inc";
gate qft4 a, b, c, d {
  h d; cu1(pi/2) c, d; cu1(pi/4) b, d; cu1(pi/8) a, d;
  h c; cu1(pi/2) b, c; cu1(pi/4) a, c;
  h b; cu1(pi/2) a, b;
  h a;
  swap a, d; swap b, c;
}
qreg q[4];
creg c[4];
x q[0];
x q[2];
qft4 q[0], q[1], q[2], q[3];
measure q -> c;
