import ComplexModule
import Foundation
import Testing
import SkeinCircuits
import SkeinLinearAlgebra
@testable import SkeinAnyons

/// Distance to `v` up to global phase (maximum entry difference after aligning phases).
func phaseAlignedDiff(_ u: ComplexMatrix, _ v: ComplexMatrix) -> Double {
    var t = Complex64.zero
    for i in u.elements.indices { t += v.elements[i].conjugate * u.elements[i] }
    guard t.length > 0 else { return .infinity }
    let ph = t / Complex64(t.length)
    return u.maxAbsDifference(ph * v)
}

@Test func encodingsAreWellFormed() throws {
    let f6 = try QubitEncoding.fibonacci6()
    #expect(f6.space.dimension == 5 && f6.leakageStates.count == 1)
    #expect(f6.space.path(f6.leakageStates[0]) == [1, 1, 0, 1, 1, 0])
    for e in [try QubitEncoding.fibonacci3(), try .fibonacci4(), try .ising4(), try .isingDense(anyons: 6), try .isingDense(anyons: 8)] {
        #expect(Set(e.basisIndex).count == 1 << e.qubits)
    }
    #expect(try QubitEncoding.isingDense(anyons: 8).leakageStates.isEmpty)
    #expect(throws: AnyonError.self) { try QubitEncoding.named("ising5") }
}

@Test func fibonacciExchangeNearestGateClosedForm() throws {
    // σ1 on the 3-τ qubit is diag(e^{−4πi/5}, e^{3πi/5}) ∝ diag(1, e^{7πi/5}); the nearest
    // Clifford+T gate is sdg (relative phase 3π/2), 18° away: trace distance √(1 − cos(π/20)),
    // operator distance 2 sin(π/40).
    let rep = BraidRepresentation(model: .fibonacci)
    let a = try EncodedBraid(word: [1], encoding: .fibonacci3(), representation: rep)
    #expect(a.nearest.name == "sdg")
    #expect(abs(a.nearest.traceDistance - (1 - cos(Double.pi / 20)).squareRoot()) < 1e-12)
    #expect(abs(a.nearest.operatorDistance - 2 * sin(Double.pi / 40)) < 1e-12)
    #expect(a.worstLeakage < 1e-14 && a.leakage.allSatisfy { $0 < 1e-14 })
}

@Test func isingBraidsGiveCliffordGates() throws {
    let rep = BraidRepresentation(model: .ising)
    let e = try QubitEncoding.ising4()
    #expect(try EncodedBraid(word: [1], encoding: e, representation: rep).nearest.name == "s")
    #expect(try EncodedBraid(word: [2], encoding: e, representation: rep).nearest.name == "sx")
    let h = try EncodedBraid(word: BraidWord.parse("s1 s2 s1"), encoding: e, representation: rep)
    #expect(h.nearest.name == "h")
    #expect(h.nearest.traceDistance < 1e-7 && h.nearest.operatorDistance < 1e-7)
    #expect(phaseAlignedDiff(h.block, StandardGate.h.info.matrix([])) < 1e-13)
    // Two qubits, six σ's: σ2 (anyons 2,3, one from each qubit's pair) equals
    // exp(−iπ/4 X⊗X) up to phase (Georgiev 2006); σ3 is S on qubit 1.
    let e6 = try QubitEncoding.isingDense(anyons: 6)
    let s3 = try EncodedBraid(word: [2], encoding: e6, representation: rep)
    #expect(try EncodedBraid(word: [3], encoding: e6, representation: rep).nearest.name == "s(1)")
    let xx = StandardGate.rxx.info.matrix([Double.pi / 2])
    #expect(phaseAlignedDiff(s3.block, xx) < 1e-13)
    #expect(s3.worstLeakage < 1e-13)
}

@Test func twoQubitWeaveLeaksAndLeakageIsConsistent() throws {
    let rep = BraidRepresentation(model: .fibonacci)
    let e = try QubitEncoding.fibonacci6()
    // σ3 exchanges anyons 3 and 4, one from each qubit: it leaks.
    let a = try EncodedBraid(word: BraidWord.parse("s3 s2 s4^-1 s3"), encoding: e, representation: rep)
    let leak = e.leakageStates[0]
    for (x, i) in e.basisIndex.enumerated() {
        #expect(abs(a.leakage[x] - a.matrix[leak, i].lengthSquared) < 1e-13)
    }
    #expect(a.leakage.max()! > 1e-3)
    #expect(a.worstLeakage >= a.leakage.max()! - 1e-12 && a.worstLeakage <= 1)
    // A braid inside one qubit's triple does not leak.
    let b = try EncodedBraid(word: BraidWord.parse("s1 s2^-1 s5 s4"), encoding: e, representation: rep)
    #expect(b.worstLeakage < 1e-13)
    // Compiled into a circuit: the gate is the polar unitary part of the leaky block.
    let c = try CompiledBraid(word: BraidWord.parse("s3 s2 s4^-1 s3"), encoding: e, representation: rep)
    let u = try c.circuit.unitary()
    #expect(u.unitarityDeviation < 1e-9)
    #expect(c.worstLeakage == a.worstLeakage)
    let ci = try CompiledBraid(word: BraidWord.parse("s1 s2 s1"), encoding: .ising4(), representation: BraidRepresentation(model: .ising))
    #expect(try ci.circuit.unitary().maxAbsDifference(ci.analysis.block) < 1e-12)
}

@Test func majoranaExchangeEqualsIsingUpToGlobalPhase() throws {
    // Ivanov exchange exp(π/4 γ_{i+1}γ_i) = e^{−iπ/8} × Ising σ_i, for every i, both sectors.
    let rep = BraidRepresentation(model: .ising)
    let phase = cis(Double.pi / 8)
    for n in 1...4 {
        let maj = try MajoranaModes(modes: n)
        for parity in 0...1 {
            let space = try maj.isingSpace(parity: parity)
            for i in 1..<(2 * n) {
                let ising = try rep.matrix([i], space: space)
                let m = try maj.sectorExchange(i, parity: parity)
                #expect(ising.maxAbsDifference(phase * m) < 1e-13, "n=\(n) parity=\(parity) σ\(i)")
            }
            if n >= 2 {
                let w = BraidWord(signed: [1, -2, 3, 2, -1, 2 * n - 1, 2])
                let ising = try rep.matrix(w, space: space)
                let m = try maj.sectorMatrix(w, parity: parity)
                #expect(phaseAlignedDiff(ising, m) < 1e-12)
            }
        }
        // The Majorana operators anticommute: {γ_i, γ_j} = 2δ_ij.
        for i in 1...(2 * n) { for j in 1...(2 * n) {
            let a = maj.gamma(i) * maj.gamma(j) + maj.gamma(j) * maj.gamma(i)
            let e = i == j ? Complex64(2) * ComplexMatrix.identity(1 << n) : ComplexMatrix(rows: 1 << n, columns: 1 << n)
            #expect(a.maxAbsDifference(e) < 1e-15)
        } }
    }
}

@Test func isingBraidImageIsTheCliffordGroup() throws {
    let rep = BraidRepresentation(model: .ising)
    // One qubit (4 σ's): order 24 = |C₁/U(1)|.
    let g4 = try BraidGroupImage.enumerate(space: FusionSpace(model: .ising, count: 4, charge: 0), representation: rep, keepElements: true)
    #expect(g4.complete && g4.order == 24 && BraidGroupImage.cliffordOrderModPhase(qubits: 1) == 24)
    // Three σ's (charge σ) give the same group.
    #expect(try BraidGroupImage.enumerate(space: FusionSpace(model: .ising, count: 3, charge: 1), representation: rep).order == 24)
    // Two qubits (6 σ's, dense encoding): 11520 = |C₂/U(1)|, every element Clifford: braiding
    // reaches the whole two-qubit Clifford group (Ahlbrecht, Georgiev, Werner, PRA 79, 032311 (2009)).
    let e6 = try QubitEncoding.isingDense(anyons: 6)
    let g6 = try BraidGroupImage.enumerate(space: e6.space, representation: rep, keepElements: true)
    #expect(g6.complete && g6.order == 11520 && BraidGroupImage.cliffordOrderModPhase(qubits: 2) == 11520)
    let q = e6.basisIndex
    var allClifford = true
    for u in g6.elements {
        var c = ComplexMatrix(rows: 4, columns: 4)
        for r in 0..<4 { for k in 0..<4 { c[r, k] = u[q[r], q[k]] } }
        if !BraidGroupImage.isClifford(c) { allClifford = false; break }
    }
    #expect(allClifford)
    // The report path (fingerprints + on-the-fly predicate) agrees.
    let report = try GroupReport(space: e6.space)
    #expect(report.image.order == 11520 && report.allClifford == true && report.cliffordOrder == 11520)
    #expect(!BraidGroupImage.isClifford(StandardGate.t.info.matrix([])))
    // Fibonacci's image is infinite (dense in SU(2)): the search hits its limit.
    let fib = try BraidGroupImage.enumerate(space: FusionSpace(model: .fibonacci, count: 3, charge: 1),
                                            representation: BraidRepresentation(model: .fibonacci), limit: 3000)
    #expect(!fib.complete)
}

@Test func su2LevelTwoIsTheConjugateIsingBraiding() throws {
    // SU(2)_2 spin-½ anyons braid like the complex conjugate of Ising σ's, up to a global
    // phase per generator and the sign gauge D = (−1)^{#{k : y_{2k} = j=1}} on basis states
    // (θ_{1/2} = e^{3πi/8} vs θ_σ = e^{iπ/8}: a different member of Kitaev's sixteenfold way
    // with the same fusion rules).
    let s = try AnyonModel.su2(k: 2)
    let r1 = BraidRepresentation(model: s), r2 = BraidRepresentation(model: .ising)
    for n in [4, 6] {
        let a = try FusionSpace(model: s, count: n, charge: 0), b = try FusionSpace(model: .ising, count: n, charge: 0)
        var d = ComplexMatrix.identity(a.dimension)
        for r in 0..<a.dimension {
            let p = a.path(r)
            let flips = stride(from: 1, to: n, by: 2).filter { p[$0] == 2 }.count
            d[r, r] = Complex64(flips % 2 == 0 ? 1 : -1)
        }
        for i in 1..<n {
            #expect(phaseAlignedDiff(d * (try r1.matrix([i], space: a)) * d, try r2.matrix([i], space: b).conjugate) < 1e-13)
        }
    }
}

@Test func fusionMeasurementProbabilitiesCollapseAndSampling() throws {
    // Three τ's prepared with anyons 1,2 in channel 1; measuring anyons 2,3 gives
    // p(1) = |F_{11}|² = φ⁻², p(τ) = |F_{1τ}|² = φ⁻¹.
    let s = try FusionSpace(model: .fibonacci, count: 3, charge: 1)
    var st = try FusionState(space: s, path: [1, 0, 1])
    let probs = try st.pairChargeProbabilities(2)
    #expect(abs(probs[0].probability - 1 / (phi * phi)) < 1e-14)
    #expect(abs(probs[1].probability - 1 / phi) < 1e-14)
    #expect(try st.pairChargeProbabilities(1).first!.probability == 1)
    let fm = try st.fMove(at: 2)
    #expect(abs(fm.reduce(0) { $0 + $1.amplitude.lengthSquared } - 1) < 1e-14)
    // Seeded sampling: 20000 shots, counts within 5σ of the binomial mean.
    var g = SeededGenerator(seed: 11)
    let counts = try st.samplePair(2, shots: 20000, using: &g)
    let p1 = 1 / (phi * phi), sigma = (20000 * p1 * (1 - p1)).squareRoot()
    #expect(abs(Double(counts[0].count) - 20000 * p1) < 5 * sigma)
    #expect(counts[0].count + counts[1].count == 20000)
    // Collapse to τ, then measuring again gives τ with certainty.
    let p = try st.collapsePair(2, to: 1)
    #expect(abs(p - 1 / phi) < 1e-14)
    #expect(abs(try st.pairChargeProbabilities(2)[1].probability - 1) < 1e-13)
    #expect(abs(st.norm - 1) < 1e-14)
    // Measuring anyons 1,2 after that: y2 is no longer definite; probabilities sum to 1.
    var g2 = SeededGenerator(seed: 1)
    let outcome = try st.measurePair(1, using: &g2)
    #expect(outcome == 0 || outcome == 1)
    #expect(abs(try st.pairChargeProbabilities(1).first { $0.charge == outcome }!.probability - 1) < 1e-13)
    // Sparse projector kernel vs path-by-path reference on random states of several models.
    var g3 = SeededGenerator(seed: 5)
    for space in [try FusionSpace(model: .fibonacci, count: 9, charge: 1), try FusionSpace(model: .su2(k: 4), count: 6, charge: 0),
                  try FusionSpace(model: .ising, anyons: [1, 2, 1, 1, 2], charge: 1)] {
        let psi = try FusionState(space: space, amplitudes: RandomMatrices.randomState(space.dimension, using: &g3))
        for i in 1..<space.count {
            let a = try psi.pairChargeProbabilities(i), b = try psi.pairChargeProbabilitiesReference(i)
            #expect(a.count == b.count)
            for (x, y) in zip(a, b) { #expect(x.charge == y.charge && abs(x.probability - y.probability) < 1e-13) }
            #expect(abs(a.reduce(0) { $0 + $1.probability } - 1) < 1e-12)
            let f = a.max { $0.probability < $1.probability }!.charge
            var c1 = psi, c2 = psi
            _ = try c1.collapsePair(i, to: f); _ = try c2.collapsePairReference(i, to: f)
            var diff = 0.0
            for k in 0..<space.dimension { diff = max(diff, (c1.amplitudes[k] - c2.amplitudes[k]).length) }
            #expect(diff < 1e-12, "\(space) pair \(i)")
        }
    }
    // Ising: measuring a pair that straddles two qubits of |00⟩ gives 1 or ψ with ½ each.
    let e = try QubitEncoding.isingDense(anyons: 6)
    let st6 = try FusionState(encoding: e, qubitAmplitudes: [.one, .zero, .zero, .zero])
    let p6 = try st6.pairChargeProbabilities(2)
    #expect(abs(p6[0].probability - 0.5) < 1e-14 && abs(p6[1].probability - 0.5) < 1e-14)
}
