import ComplexModule
import SkeinLinearAlgebra

/// Diagonal-run fusion: adjacent unconditioned diagonal gates (rz, cp/cu1, cz, t, s, rzz,
/// controlled phases, …) commute, so a run of them is one diagonal gate on the union of their
/// qubits. The fused gate goes through the same dispatch point (`GateDispatch.prepare(matrix:)`
/// picks the `diagonal` kernel for it). A run is fused only while the union has at most
/// `maxQubits` qubits and only when the fused gate touches fewer amplitudes than the gates it
/// replaces (each diagonal application touches 2^(n−m) · (entries ≠ 1) amplitudes), so fusion
/// never adds memory traffic. The textbook QFT is the main beneficiary: its i controlled
/// phases onto qubit i become ⌈i / (maxQubits − 1)⌉ passes of about half the state instead of
/// i passes of a quarter. (Gate fusion in general: Häner & Steiger, "0.5 petabyte simulation of
/// a 45-qubit quantum circuit", SC'17; qsim and Qiskit Aer fuse likewise.)
enum DiagonalFusion {
    /// Largest fused diagonal: 2^10 phases (16 KiB in double precision, fits in L1 with the
    /// group's amplitudes).
    static let maxQubits = 10

    /// The phase `app` (a diagonal application) applies to the basis state whose bit on
    /// `union[p]` is bit p of `u`.
    static func phase<Scalar: SkeinReal>(_ app: GateApplication<Scalar>, _ u: Int, position: [Int: Int]) -> Complex64 {
        for c in app.controls where (u >> position[c, default: 0]) & 1 == 0 { return .one }
        var j = 0
        for (b, t) in app.targets.enumerated() where (u >> position[t, default: 0]) & 1 == 1 { j |= 1 << b }
        guard let a = app.active.firstIndex(of: j) else { return .one }
        return Complex64(app.values[2 * a].doubleValue, app.values[2 * a + 1].doubleValue)
    }

    /// Amplitudes a diagonal application touches on n qubits.
    static func touched<Scalar: SkeinReal>(_ app: GateApplication<Scalar>, qubits n: Int) -> Int {
        app.active.count << (n - app.sortedInvolved.count)
    }

    /// One diagonal application equivalent to the whole run (applied in any order: diagonal
    /// matrices commute), or nil if fusing would not reduce the amplitudes touched.
    static func fuse<Scalar: SkeinReal>(_ run: [GateApplication<Scalar>], qubits n: Int) throws -> GateApplication<Scalar>? {
        guard run.count > 1 else { return nil }
        let union = Array(Set(run.flatMap(\.sortedInvolved))).sorted()
        var position: [Int: Int] = [:]
        for (p, q) in union.enumerated() { position[q] = p }
        var entries = [Complex64](repeating: .one, count: 1 << union.count)
        for u in entries.indices {
            var z = Complex64.one
            for app in run { z = z * phase(app, u, position: position) }
            entries[u] = z
        }
        let fused: GateApplication<Scalar> = try GateDispatch.prepare(matrix: .diagonal(entries), targets: union, controls: [])
        let before = run.reduce(0) { $0 + touched($1, qubits: n) }
        return touched(fused, qubits: n) < before ? fused : nil
    }
}

extension CompiledCircuit {
    /// Replaces runs of adjacent unconditioned diagonal gate steps by fused diagonal gates
    /// (see `DiagonalFusion`). Measurements, resets, conditioned steps and non-diagonal gates
    /// end a run.
    mutating func fuseDiagonalRuns() throws {
        var out: [Step] = []
        out.reserveCapacity(steps.count)
        var run: [GateApplication<Scalar>] = []
        var union = Set<Int>()
        func flush() throws {
            if let fused = try DiagonalFusion.fuse(run, qubits: qubitCount) {
                out.append(Step(action: .gate(fused), condition: nil))
            } else {
                for app in run { out.append(Step(action: .gate(app), condition: nil)) }
            }
            run.removeAll(keepingCapacity: true)
            union.removeAll(keepingCapacity: true)
        }
        for step in steps {
            if step.condition == nil, case .gate(let app) = step.action, app.kernel == .diagonal {
                let grown = union.union(app.sortedInvolved)
                if grown.count > DiagonalFusion.maxQubits { try flush() }
                run.append(app)
                union.formUnion(app.sortedInvolved)
            } else {
                try flush()
                out.append(step)
            }
        }
        try flush()
        steps = out
    }
}
