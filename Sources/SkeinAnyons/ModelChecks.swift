import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// One self-consistency check of a model: the largest residual over every admissible label
/// combination, and how many combinations were checked.
public struct ModelCheck: Sendable, CustomStringConvertible {
    public let name: String
    public let residual: Double
    public let cases: Int
    public let tolerance: Double
    public var passed: Bool { residual <= tolerance && residual.isFinite }
    public var description: String {
        let r = String(format: "%.3e", residual)
        return "\(passed ? "ok  " : "FAIL") \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) residual \(r)  (\(cases) cases, tolerance \(String(format: "%.0e", tolerance)))"
    }
}

/// The modular data of a model: S and T matrices.
public struct ModularData: Sendable {
    /// S_ab = (1/D) Σ_c N_{āb}^c (θ_c / (θ_a θ_b)) d_c.
    public let S: ComplexMatrix
    /// T = diag(θ_a).
    public let T: ComplexMatrix
}

extension AnyonModel {
    /// S and T from the fusion rules, spins and quantum dimensions (Kitaev 2006, eq. (223);
    /// Bonderson thesis eq. (2.39)).
    public var modularData: ModularData {
        let n = count
        var s = ComplexMatrix(rows: n, columns: n)
        let D = totalDimension
        for a in 0..<n { for b in 0..<n {
            var acc = Complex64.zero
            for c in 0..<n where N(duals[a], b, c) != 0 {
                acc += topologicalSpins[c] / (topologicalSpins[a] * topologicalSpins[b]) * Complex64(quantumDimensions[c])
            }
            s[a, b] = acc / Complex64(D)
        } }
        return ModularData(S: s, T: .diagonal(topologicalSpins))
    }

    /// Runs every self-check: pentagon, both hexagons, unitarity of F, triviality of F with a
    /// vacuum leg, quantum dimensions against fusion rules (d_a d_b = Σ_c N_ab^c d_c), spins
    /// against R (θ_a = Σ_c (d_c/d_a) R^{aa}_c), unitarity of S, Verlinde, and (ST)³ = p₊/D · S².
    public func selfChecks(tolerance: Double = 1e-12) -> [ModelCheck] {
        [pentagonCheck(tolerance), hexagonCheck(inverse: false, tolerance), hexagonCheck(inverse: true, tolerance),
         fUnitarityCheck(tolerance), vacuumFCheck(tolerance), dimensionCheck(tolerance), spinCheck(tolerance)]
            + modularChecks(tolerance)
    }

    /// Pentagon: [F^{fcd}_e]_{gl} [F^{abl}_e]_{fk} = Σ_h [F^{abc}_g]_{fh} [F^{ahd}_e]_{gk} [F^{bcd}_k]_{hl}
    /// for every a,b,c,d,e and basis labels f,g (tree ((ab)_f c)_g d → e) and k,l
    /// (tree a(b(cd)_l)_k → e).
    public func pentagonCheck(_ tol: Double = 1e-12) -> ModelCheck {
        let n = count
        var worst = 0.0, cases = 0
        for a in 0..<n { for b in 0..<n { for c in 0..<n { for d in 0..<n {
            for f in channels(a, b) { for g in channels(f, c) { for e in channels(g, d) {
                for l in channels(c, d) { for k in channels(b, l) where N(a, k, e) != 0 {
                    let lhs = F(f, c, d, e, g, l) * F(a, b, l, e, f, k)
                    var rhs = Complex64.zero
                    for h in channels(b, c) where N(a, h, g) != 0 && N(h, d, k) != 0 {
                        rhs += F(a, b, c, g, f, h) * F(a, h, d, e, g, k) * F(b, c, d, k, h, l)
                    }
                    worst = max(worst, (lhs - rhs).length); cases += 1
                } }
            } } }
        } } } }
        return ModelCheck(name: "pentagon", residual: worst, cases: cases, tolerance: tol)
    }

    /// Hexagon: R^{ca}_e [F^{acb}_d]_{eg} R^{cb}_g = Σ_f [F^{cab}_d]_{ef} R^{cf}_d [F^{abc}_d]_{fg},
    /// and the same with every R replaced by (R^{ba})⁻¹ (the inverse hexagon).
    public func hexagonCheck(inverse: Bool, _ tol: Double = 1e-12) -> ModelCheck {
        let n = count
        func r(_ x: Int, _ y: Int, _ z: Int) -> Complex64 { inverse ? Complex64.one / R(y, x, z) : R(x, y, z) }
        var worst = 0.0, cases = 0
        for a in 0..<n { for b in 0..<n { for c in 0..<n { for d in 0..<n {
            for e in channels(a, c) where N(e, b, d) != 0 {
                for g in channels(c, b) where N(a, g, d) != 0 {
                    let lhs = r(c, a, e) * F(a, c, b, d, e, g) * r(c, b, g)
                    var rhs = Complex64.zero
                    for f in channels(a, b) where N(c, f, d) != 0 {
                        rhs += F(c, a, b, d, e, f) * r(c, f, d) * F(a, b, c, d, f, g)
                    }
                    worst = max(worst, (lhs - rhs).length); cases += 1
                }
            }
        } } } }
        return ModelCheck(name: inverse ? "hexagon (inverse braiding)" : "hexagon", residual: worst, cases: cases, tolerance: tol)
    }

    /// ‖F†F − 1‖_max over every F-block.
    public func fUnitarityCheck(_ tol: Double = 1e-12) -> ModelCheck {
        var worst = 0.0
        for (_, block) in fTable {
            guard block.rows.count == block.columns.count else { worst = .infinity; continue }
            worst = max(worst, block.matrix.unitarityDeviation)
        }
        return ModelCheck(name: "F unitary", residual: worst, cases: fTable.count, tolerance: tol)
    }

    /// F-symbols with a vacuum leg equal 1 (the gauge the fusion-tree code assumes for σ₁).
    public func vacuumFCheck(_ tol: Double = 1e-12) -> ModelCheck {
        var worst = 0.0, cases = 0
        for (key, block) in fTable {
            let d = key % count, c = (key / count) % count, b = (key / count / count) % count, a = key / count / count / count
            guard a == 0 || b == 0 || c == 0 else { continue }
            _ = d
            for v in block.values { worst = max(worst, (v - .one).length) }
            cases += 1
        }
        return ModelCheck(name: "F with a vacuum leg = 1", residual: worst, cases: cases, tolerance: tol)
    }

    /// d_a d_b = Σ_c N_ab^c d_c, and d_a > 0.
    public func dimensionCheck(_ tol: Double = 1e-12) -> ModelCheck {
        var worst = 0.0
        for a in 0..<count { for b in 0..<count {
            var s = 0.0
            for c in channels(a, b) { s += quantumDimensions[c] }
            worst = max(worst, abs(quantumDimensions[a] * quantumDimensions[b] - s))
        } }
        if quantumDimensions.contains(where: { $0 <= 0 }) { worst = .infinity }
        return ModelCheck(name: "d_a d_b = Σ N_ab^c d_c", residual: worst, cases: count * count, tolerance: tol)
    }

    /// θ_a = Σ_c (d_c / d_a) R^{aa}_c (the ribbon twist from the R-symbols).
    public func spinCheck(_ tol: Double = 1e-12) -> ModelCheck {
        var worst = 0.0
        for a in 0..<count {
            var s = Complex64.zero
            for c in channels(a, a) { s += Complex64(quantumDimensions[c] / quantumDimensions[a]) * R(a, a, c) }
            worst = max(worst, (s - topologicalSpins[a]).length)
        }
        return ModelCheck(name: "θ_a = Σ (d_c/d_a) R^{aa}_c", residual: worst, cases: count, tolerance: tol)
    }

    /// S unitary; Verlinde N_ab^c = Σ_x S_ax S_bx S*_cx / S_0x; (ST)³ = (p₊/D) S² with the Gauss
    /// sum p₊ = Σ d_a² θ_a.
    public func modularChecks(_ tol: Double = 1e-12) -> [ModelCheck] {
        let md = modularData
        let S = md.S, n = count
        let unit = S.unitarityDeviation
        var verl = 0.0
        for a in 0..<n { for b in 0..<n { for c in 0..<n {
            var acc = Complex64.zero
            for x in 0..<n { acc += S[a, x] * S[b, x] * S[c, x].conjugate / S[0, x] }
            verl = max(verl, (acc - Complex64(Double(N(a, b, c)))).length)
        } } }
        var gauss = Complex64.zero
        for a in 0..<n { gauss += Complex64(quantumDimensions[a] * quantumDimensions[a]) * topologicalSpins[a] }
        let st = S * md.T
        let lhs = st * st * st
        let rhs = (gauss / Complex64(totalDimension)) * (S * S)
        return [ModelCheck(name: "S unitary", residual: unit, cases: n * n, tolerance: tol),
                ModelCheck(name: "Verlinde formula", residual: verl, cases: n * n * n, tolerance: tol),
                ModelCheck(name: "(ST)^3 = (p+/D) S^2", residual: lhs.maxAbsDifference(rhs), cases: n * n, tolerance: tol)]
    }
}
