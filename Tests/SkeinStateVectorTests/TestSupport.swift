import ComplexModule
import SkeinCircuits
import SkeinLinearAlgebra
@testable import SkeinStateVector

/// Tolerances used throughout: max |Δamplitude| after one kernel or one circuit.
func tolerance(_ p: Precision) -> Double { p == .double ? 1e-12 : 1e-5 }

/// All ordered k-tuples of distinct qubits from 0..<n.
func orderedTuples(_ n: Int, _ k: Int) -> [[Int]] {
    if k == 0 { return [[]] }
    var out: [[Int]] = []
    for t in orderedTuples(n, k - 1) { for q in 0..<n where !t.contains(q) { out.append(t + [q]) } }
    return out
}

/// k distinct random qubits of n, in random order.
func randomQubits<G: RandomNumberGenerator>(_ n: Int, _ k: Int, using g: inout G) -> [Int] {
    Array(Array(0..<n).shuffled(using: &g).prefix(k))
}

func maxDifference(_ a: [Complex64], _ b: [Complex64]) -> Double {
    precondition(a.count == b.count)
    var m = 0.0
    for i in a.indices { m = max(m, (a[i] - b[i]).length) }
    return m
}

/// The slow obvious reference: DenseUnitary.embed(matrix) × state.
func reference(_ matrix: ComplexMatrix, on qubits: [Int], _ n: Int, _ state: [Complex64]) -> [Complex64] {
    DenseUnitary.embed(matrix, on: qubits, qubits: n).apply(to: state)
}

/// A random unit-modulus complex number.
func randomPhase<G: RandomNumberGenerator>(using g: inout G) -> Complex64 {
    let t = g.nextUniform() * 2 * .pi
    return Complex64(Double.cos(t), Double.sin(t))
}

/// A random diagonal unitary; about a third of the entries are exactly 1 (to exercise the
/// skip of trivial phases).
func randomDiagonal<G: RandomNumberGenerator>(_ dim: Int, using g: inout G) -> ComplexMatrix {
    .diagonal((0..<dim).map { _ in g.nextUniform() < 0.33 ? .one : randomPhase(using: &g) })
}

/// A random generalised permutation (monomial) unitary; some columns are fixed with phase 1.
func randomMonomial<G: RandomNumberGenerator>(_ dim: Int, using g: inout G) -> ComplexMatrix {
    var perm = Array(0..<dim).shuffled(using: &g)
    while perm == Array(0..<dim) { perm.shuffle(using: &g) }  // not diagonal (dim ≥ 2)
    var m = ComplexMatrix(rows: dim, columns: dim)
    for j in 0..<dim { m[perm[j], j] = g.nextUniform() < 0.25 ? .one : randomPhase(using: &g) }
    return m
}

/// Runs `body` with the state type of the given precision.
func withPrecision(_ p: Precision, _ body: (any SkeinReal.Type) throws -> Void) rethrows {
    switch p {
    case .double: try body(Double.self)
    case .single: try body(Float.self)
    }
}

/// Applies `app` to `amplitudes` in precision `S` and returns the result widened to Double.
func applyKernel<S: SkeinReal>(_: S.Type, _ app: GateApplication<S>, _ amplitudes: [Complex64]) throws -> [Complex64] {
    var s = try StateVector<S>(amplitudes: amplitudes)
    try s.apply(app)
    return s.amplitudes
}

/// The amplitudes rounded to precision S (so references start from the same input).
func rounded<S: SkeinReal>(_: S.Type, _ v: [Complex64]) -> [Complex64] {
    v.map { Complex64(Double(S($0.real).doubleValue), S($0.imaginary).doubleValue) }
}

/// `controls` control qubits (the low bits) around `base` — written here independently of the
/// library's construction.
func controlledMatrix(_ base: ComplexMatrix, controls c: Int) -> ComplexMatrix {
    let k = base.rows
    var m = ComplexMatrix.identity(k << c)
    let ones = (1 << c) - 1
    for r in 0..<k { for col in 0..<k { m[r << c | ones, col << c | ones] = base[r, col] } }
    return m
}
