import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// Ising anyons braid only Clifford gates; the T gate is completed by magic-state injection and
/// distillation (Bravyi and Kitaev, PRA 71, 022316 (2005)).
///
/// Noise model: each injected |A⟩ = (|0⟩ + e^{iπ/4}|1⟩)/√2 carries a Z error with probability
/// ε (the standard form after twirling). 15-to-1 distillation decodes the [[15,1,3]]
/// Reed–Muller code: a pattern e ∈ F₂¹⁵ of Z errors is accepted iff its syndrome under the
/// four X checks (column j = binary j, j = 1…15, i.e. the Hamming [15,11,3] parity checks) is
/// zero; an accepted pattern is a logical error iff its weight is odd (the even-weight Hamming
/// codewords are the Z stabilisers). The leading term is the 35 weight-3 codewords: 35ε³.
public enum MagicStateDistillation {
    /// Exact acceptance probability and output error after one 15-to-1 round, by enumerating
    /// all 2¹⁵ error patterns.
    public static func fifteenToOne(epsilon e: Double) -> (acceptance: Double, outputError: Double) {
        var accept = 0.0, bad = 0.0
        for pattern in 0..<(1 << 15) {
            var syndrome = 0
            for j in 0..<15 where pattern & (1 << j) != 0 { syndrome ^= (j + 1) }
            guard syndrome == 0 else { continue }
            let w = pattern.nonzeroBitCount
            let p = pow(e, Double(w)) * pow(1 - e, Double(15 - w))
            accept += p
            if w % 2 == 1 { bad += p }
        }
        return (accept, bad / accept)
    }

    /// Monte Carlo of `rounds` distillation attempts (seeded); returns (accepted, logical errors).
    public static func sample(epsilon e: Double, rounds: Int, seed: UInt64) -> (accepted: Int, errors: Int) {
        var g = SeededGenerator(seed: seed)
        var accepted = 0, errors = 0
        for _ in 0..<max(0, rounds) {
            var syndrome = 0, w = 0
            for j in 0..<15 where g.nextUniform() < e { syndrome ^= (j + 1); w += 1 }
            if syndrome == 0 { accepted += 1; if w % 2 == 1 { errors += 1 } }
        }
        return (accepted, errors)
    }

    /// Gate-teleportation of T with a noisy magic state, simulated on 2-qubit density matrices:
    /// data |ψ⟩ (qubit 0) and ρ_A(ε) (qubit 1); CNOT with the magic qubit as control, measure
    /// the data qubit in Z; outcome 0 leaves T|ψ⟩ on the magic qubit, outcome 1 leaves XT†|ψ⟩
    /// (up to phase), corrected by X then S — both taken from Ising braids on 4 σ's
    /// (S = σ₁, X = σ₂², exact up to global phase). Returns the fidelity
    /// ⟨Tψ|ρ_out|Tψ⟩ averaged over both outcomes (weighted by their probabilities).
    public static func injectT(epsilon e: Double, input psi: [Complex64]) throws -> Double {
        let enc = try QubitEncoding.ising4()
        let rep = BraidRepresentation(model: .ising)
        let s = try rep.matrix([1], space: enc.space), x = try rep.matrix([2, 2], space: enc.space)
        let norm = (psi[0].lengthSquared + psi[1].lengthSquared).squareRoot()
        let a = psi[0] / Complex64(norm), b = psi[1] / Complex64(norm)
        let w = Complex64(cos(Double.pi / 4), sin(Double.pi / 4))
        let magic: [Complex64] = [Complex64(1 / 2.0.squareRoot()), w / Complex64(2.0.squareRoot())]
        let magicZ: [Complex64] = [magic[0], -magic[1]]
        let target: [Complex64] = [a, w * b]
        var fidelity = 0.0
        for (pm, m) in [(1 - e, magic), (e, magicZ)] {
            // |m⟩_magic ⊗ |ψ⟩_data; CNOT(control magic, target data); amplitudes indexed (magic, data).
            var amp = [[Complex64]](repeating: [.zero, .zero], count: 2)
            for mm in 0..<2 { for d in 0..<2 { amp[mm][d ^ mm] = m[mm] * (d == 0 ? a : b) } }
            for outcome in 0..<2 {
                var out: [Complex64] = [amp[0][outcome], amp[1][outcome]]
                let p = out[0].lengthSquared + out[1].lengthSquared
                guard p > 1e-300 else { continue }
                if outcome == 1 {
                    out = [x[0, 0] * out[0] + x[0, 1] * out[1], x[1, 0] * out[0] + x[1, 1] * out[1]]
                    out = [s[0, 0] * out[0] + s[0, 1] * out[1], s[1, 0] * out[0] + s[1, 1] * out[1]]
                }
                let overlap = target[0].conjugate * out[0] + target[1].conjugate * out[1]
                fidelity += pm * overlap.lengthSquared      // p · |⟨Tψ|out/√p⟩|² = |⟨Tψ|out⟩|²
            }
        }
        return fidelity
    }
}
