import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// SU(2)_k anyons from the quantum group U_q(sl₂) at q = e^{2πi/(k+2)}.
///
/// Labels are spins j = 0, ½, 1, …, k/2, stored as the integer 2j. Quantum integers
/// [n] = sin(πn/(k+2)) / sin(π/(k+2)). Fusion (truncated Clebsch–Gordan):
/// j ∈ j₁×j₂ iff |j₁−j₂| ≤ j ≤ min(j₁+j₂, k−j₁−j₂) and j₁+j₂+j ∈ ℤ.
///
/// F-symbols are the unitary (real orthogonal) normalisation of the q-6j symbols of
/// Kirillov and Reshetikhin (1989), with the q-Racah formula:
///
///   [F^{j₁j₂j₃}_j]_{j₁₂ j₂₃} = (−1)^{j₁+j₂+j₃+j} √([2j₁₂+1][2j₂₃+1]) {j₁ j₂ j₁₂; j₃ j j₂₃}_q,
///   {a b e; c d f}_q = Δ(abe)Δ(cde)Δ(bcf)Δ(afd) Σ_z (−1)^z [z+1]! / ([z−a−b−e]! [z−c−d−e]!
///        [z−b−c−f]! [z−a−f−d]! [a+b+c+d−z]! [a+e+c+f−z]! [b+e+d+f−z]!),
///   Δ(abc) = √([a+b−c]! [a−b+c]! [−a+b+c]! / [a+b+c+1]!).
///
/// R-symbols: R^{j₁j₂}_j = (−1)^{j−j₁−j₂} q^{(c_j − c_{j₁} − c_{j₂})/2} with c_j = j(j+1);
/// topological spins θ_j = q^{c_j} = e^{2πi j(j+1)/(k+2)}; quantum dimensions d_j = [2j+1].
/// These satisfy the hexagon equations with the F above (checked numerically in
/// `ModelChecks`). For k = 3 the integer spins {0, 1} reproduce the Fibonacci data of
/// Nayak et al. exactly (R equal, F equal up to the sign gauge of the off-diagonal entries).
extension AnyonModel {
    public static func su2(k: Int) throws -> AnyonModel {
        guard k >= 2 else { throw AnyonError.badLevel(k) }
        guard k <= 200 else { throw AnyonError.badArgument("SU(2)_k with k = \(k) is too large (limit 200)") }
        let n = k + 1
        let s1 = Foundation.sin(Double.pi / Double(k + 2))
        func qint(_ m: Int) -> Double { Foundation.sin(Double.pi * Double(m) / Double(k + 2)) / s1 }
        // [m]! for m ≤ 2k+3; only m ≤ k+1 occurs for admissible labels (larger entries vanish
        // or change sign and would show up in the unitarity and pentagon checks).
        var fact = [Double](repeating: 1, count: 2 * k + 4)
        for m in 1..<(2 * k + 4) { fact[m] = fact[m - 1] * qint(m) }
        // Arguments below are in units of 2j; halves are integers for admissible triples.
        func qf(_ twice: Int) -> Double { fact[twice / 2] }
        func admissible(_ a: Int, _ b: Int, _ c: Int) -> Bool {
            c >= abs(a - b) && c <= min(a + b, 2 * k - a - b) && (a + b + c) % 2 == 0
        }
        func delta(_ a: Int, _ b: Int, _ c: Int) -> Double {
            (qf(a + b - c) * qf(a - b + c) * qf(-a + b + c) / qf(a + b + c + 2)).squareRoot()
        }
        /// q-6j {a b e; c d f} with all arguments as 2j.
        func sixJ(_ a: Int, _ b: Int, _ e: Int, _ c: Int, _ d: Int, _ f: Int) -> Double {
            let t1 = (a + b + e) / 2, t2 = (c + d + e) / 2, t3 = (b + c + f) / 2, t4 = (a + f + d) / 2
            let p1 = (a + b + c + d) / 2, p2 = (a + e + c + f) / 2, p3 = (b + e + d + f) / 2
            let zmin = max(t1, t2, t3, t4), zmax = min(p1, p2, p3)
            var sum = 0.0
            if zmin <= zmax {
                for z in zmin...zmax {
                    let num = fact[z + 1]
                    let den = fact[z - t1] * fact[z - t2] * fact[z - t3] * fact[z - t4]
                        * fact[p1 - z] * fact[p2 - z] * fact[p3 - z]
                    sum += (z % 2 == 0 ? 1 : -1) * num / den
                }
            }
            return delta(a, b, e) * delta(c, d, e) * delta(b, c, f) * delta(a, f, d) * sum
        }
        let q = Double.pi * 2 / Double(k + 2)
        func casimir(_ twice: Int) -> Double { Double(twice) * Double(twice + 2) / 4 }
        let (fusion, table, rs) = tables(count: n, fuse: admissible, f: { a, b, c, d, e, f in
            let sign: Double = ((a + b + c + d) / 2) % 2 == 0 ? 1 : -1
            return Complex64(sign * (qint(e + 1) * qint(f + 1)).squareRoot() * sixJ(a, b, e, c, d, f))
        }, r: { a, b, c in
            let sign: Double = (((c - a - b) / 2) % 2 == 0) ? 1 : -1
            return Complex64(sign) * cis(q * (casimir(c) - casimir(a) - casimir(b)) / 2)
        })
        let labels = (0..<n).map { $0 % 2 == 0 ? "\($0 / 2)" : "\($0)/2" }
        var aliases: [String: Int] = [:]
        for (i, l) in labels.enumerated() { aliases[l] = i; aliases["j=\(l)"] = i }
        return AnyonModel(name: "su2_\(k)", labels: labels, aliases: aliases,
                          defaultAnyon: 1, qubitChannel: 2,
                          quantumDimensions: (0..<n).map { qint($0 + 1) },
                          topologicalSpins: (0..<n).map { cis(q * casimir($0)) },
                          duals: Array(0..<n), fusion: fusion, rSymbols: rs, fTable: table,
                          source: "Kirillov & Reshetikhin (1989) q-6j symbols at q = e^{2πi/(k+2)}")
    }
}
