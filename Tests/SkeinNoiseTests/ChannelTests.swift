import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinNoise

func randomRho(_ n: Int, seed: UInt64) -> ComplexMatrix {
    var g = SeededGenerator(seed: seed)
    // A random mixed state: A A† / tr.
    let d = 1 << n
    var a = ComplexMatrix(rows: d, columns: d)
    for i in a.elements.indices { a.elements[i] = Complex64(g.nextGaussian(), g.nextGaussian()) }
    let r = a * a.adjoint
    return Complex64(1 / r.trace.real) * r
}

@Suite("Channels")
struct ChannelTests {
    @Test func constructionRejectsNonCPTP() throws {
        let k = ComplexMatrix.diagonal([.one, Complex64(0.5)])
        #expect(throws: NoiseError.self) { try KrausChannel(name: "bad", operators: [k]) }
        #expect(throws: NoiseError.self) { try KrausChannel.depolarizing(1.5) }
        #expect(throws: NoiseError.self) { try KrausChannel.amplitudeDamping(-0.1) }
        #expect(throws: NoiseError.self) { try KrausChannel.thermalRelaxation(t1: 50e-6, t2: 120e-6, time: 1e-6) }
        #expect(throws: NoiseError.self) { try KrausChannel.pauli(["X": 0.2, "I": 0.7]) }
        #expect(throws: NoiseError.self) { try ReadoutError([[0.9, 0.2], [0.1, 0.9]]) }
        // The message names the channel and the fix.
        do { _ = try KrausChannel(name: "bad", operators: [k]); Issue.record("no error") } catch {
            #expect("\(error)".contains("not trace preserving") && "\(error)".contains("hint"))
        }
    }

    @Test func depolarizingFidelityFormulas() throws {
        // E(ρ) = (1−p)ρ + p I/d; F_avg = 1 − p(d−1)/d; F_pro = 1 − p(d²−1)/d².
        for (n, p) in [(1, 0.03), (2, 0.1), (1, 4.0 / 3.0)] {
            let ch = try KrausChannel.depolarizing(p, qubits: n)
            let d = Double(1 << n)
            #expect(abs(ch.processFidelity() - (1 - p * (d * d - 1) / (d * d))) < 1e-14)
            #expect(abs(ch.averageGateInfidelity() - p * (d - 1) / d) < 1e-14)
            let rho = randomRho(n, seed: 3)
            let expected = Complex64(1 - p) * rho + Complex64(p / d) * ComplexMatrix.identity(1 << n)
            #expect(ch.apply(to: rho).maxAbsDifference(expected) < 1e-14)
        }
    }

    @Test func amplitudeAndPhaseDamping() throws {
        let rho = randomRho(1, seed: 5)
        let g = 0.3
        let ad = try KrausChannel.amplitudeDamping(g).apply(to: rho)
        #expect(abs(ad[1, 1].real - (1 - g) * rho[1, 1].real) < 1e-15)
        #expect((ad[0, 1] - Complex64((1 - g).squareRoot()) * rho[0, 1]).length < 1e-15)
        let pd = try KrausChannel.phaseDamping(0.36).apply(to: rho)
        #expect((pd[0, 1] - Complex64(0.8) * rho[0, 1]).length < 1e-15)
        #expect(abs(pd[1, 1].real - rho[1, 1].real) < 1e-15)
        // Generalized amplitude damping with γ = 1 prepares the thermal state.
        let gad = try KrausChannel.generalizedAmplitudeDamping(1, excitedPopulation: 0.1).apply(to: rho)
        #expect(abs(gad[1, 1].real - 0.1) < 1e-15 && gad[0, 1].length < 1e-15)
    }

    @Test func thermalRelaxationClosedForm() throws {
        // |1⟩ population e^{−t/T1}; coherence e^{−t/T2}.
        let t1 = 100e-6, t2 = 80e-6, t = 37e-6
        let ch = try KrausChannel.thermalRelaxation(t1: t1, t2: t2, time: t)
        let one = ch.apply(to: .diagonal([.zero, .one]))
        #expect(abs(one[1, 1].real - exp(-t / t1)) < 1e-14)
        let plus = ch.apply(to: Complex64(0.5) * ComplexMatrix(square: 2, [.one, .one, .one, .one]))
        #expect(abs(plus[0, 1].real - 0.5 * exp(-t / t2)) < 1e-14)
        // T2 = 2T1 exactly is allowed (no pure dephasing).
        let lim = try KrausChannel.thermalRelaxation(t1: t1, t2: 2 * t1, time: t)
        #expect(lim.apply(to: plus)[0, 1].length > 0)
    }

    @Test func unitaryErrorsAndReset() throws {
        let over = try KrausChannel.overRotation(axis: "x", angle: 0.1)
        let rx = StandardGate.rx.info.matrix([0.1])
        #expect(over.operators[0].maxAbsDifference(rx) < 1e-15)
        let zz = try KrausChannel.zzCrosstalk(angle: 0.2)
        #expect(zz.operators[0].maxAbsDifference(StandardGate.rzz.info.matrix([0.2])) < 1e-15)
        // Unitary error infidelity: 1 − F_avg = (1 − |tr U/2|²·2/3 ... ) closed form for Rx(θ): (2/3) sin²(θ/2).
        #expect(abs(over.averageGateInfidelity() - 2.0 / 3.0 * pow(sin(0.05), 2)) < 1e-15)
        let reset = try KrausChannel.resetError(p0: 0.1, p1: 0.05)
        let out = reset.apply(to: .diagonal([.zero, .one]))
        #expect(abs(out[0, 0].real - 0.1) < 1e-15 && abs(out[1, 1].real - 0.9) < 1e-15)
    }

    @Test func pauliTwirlKeepsProcessFidelity() throws {
        let ch = try KrausChannel.thermalRelaxation(t1: 50e-6, t2: 30e-6, time: 5e-6)
        let tw = try ch.pauliTwirl()
        #expect(abs(tw.channel.processFidelity() - ch.processFidelity()) < 1e-14)
        // Closed form for amplitude damping + dephasing twirl: p_X = p_Y = γ/4, p_Z = (1 − γ/2 − e^{−t/T2})/2.
        let g = 1 - exp(-5.0 / 50), c = exp(-5.0 / 30)
        #expect(abs(tw.probabilities["X"]! - g / 4) < 1e-14)
        #expect(abs(tw.probabilities["Y"]! - g / 4) < 1e-14)
        #expect(abs(tw.probabilities["Z"]! - (1 - g / 2 - c) / 2) < 1e-14)
        // Twirling a Pauli channel is the identity operation on it.
        let p = try PauliChannel(probabilities: ["II": 0.9, "XZ": 0.06, "YI": 0.04])
        let tw2 = try p.channel.pauliTwirl()
        for (k, v) in p.probabilities { #expect(abs(tw2.probabilities[k]! - v) < 1e-14) }
        #expect(tw2.probabilities.count == 3)
    }

    @Test func compositionAndTensor() throws {
        let a = try KrausChannel.amplitudeDamping(0.2), b = try KrausChannel.phaseDamping(0.3)
        let rho = randomRho(1, seed: 9)
        #expect(try a.then(b).apply(to: rho).maxAbsDifference(b.apply(to: a.apply(to: rho))) < 1e-15)
        let t = try a.tensor(b)
        let rho2 = randomRho(2, seed: 11)
        // Superoperator of the tensor applied to vec(ρ) equals the Kraus sum.
        let s = t.superoperator
        var vec = [Complex64](repeating: .zero, count: 16)
        for c in 0..<4 { for r in 0..<4 { vec[r + 4 * c] = rho2[r, c] } }
        let out = s.apply(to: vec)
        let ref = t.apply(to: rho2)
        for c in 0..<4 { for r in 0..<4 { #expect((out[r + 4 * c] - ref[r, c]).length < 1e-14) } }
    }
}
