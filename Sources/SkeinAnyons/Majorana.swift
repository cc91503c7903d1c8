import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// 2n Majorana modes γ₁ … γ_{2n} on n fermionic modes (Fock space of dimension 2ⁿ), via the
/// Jordan–Wigner map with little-endian modes (mode k = bit k−1):
///   γ_{2k−1} = Z₁⋯Z_{k−1} X_k,  γ_{2k} = Z₁⋯Z_{k−1} Y_k,
/// so γ_{2k−1}γ_{2k} = i(1 − 2n_k). Exchanging γ_i and γ_{i+1} is the Ivanov operator
/// U_i = exp(π/4 · γ_{i+1}γ_i) = (1 + γ_{i+1}γ_i)/√2 (Ivanov, PRL 86, 268 (2001)).
///
/// Matching the Ising fusion basis of 2n σ's: pair k (anyons 2k−1, 2k) is mode k, charge ψ
/// is occupied; a fusion path has y_{2k} = parity of modes 1…k. With this map every Ising
/// generator equals e^{iπ/8} times the Ivanov operator (tested).
public struct MajoranaModes: Sendable {
    public let modes: Int

    public init(modes: Int) throws {
        guard modes >= 1, modes <= 10 else { throw AnyonError.badArgument("Majorana picture supports 1…10 fermionic modes (got \(modes))") }
        self.modes = modes
    }

    /// γ_j (1-based, j ≤ 2n) as a dense 2ⁿ matrix.
    public func gamma(_ j: Int) -> ComplexMatrix {
        let n = modes, d = 1 << n
        let k = (j - 1) / 2   // mode index, 0-based
        var m = ComplexMatrix(rows: d, columns: d)
        for col in 0..<d {
            let row = col ^ (1 << k)
            // Jordan–Wigner string: (−1)^{number of occupied modes below k}
            let sign: Double = (col & ((1 << k) - 1)).nonzeroBitCount % 2 == 0 ? 1 : -1
            let bit = (col >> k) & 1
            // X|b⟩ = |1−b⟩; Y|0⟩ = i|1⟩, Y|1⟩ = −i|0⟩.
            let v: Complex64 = j % 2 == 1 ? Complex64(sign) : Complex64(0, bit == 0 ? sign : -sign)
            m[row, col] = v
        }
        return m
    }

    /// The Ivanov exchange (1 + γ_{i+1}γ_i)/√2 on the full Fock space (i = 1 … 2n−1); its
    /// inverse for `inverse`.
    public func exchange(_ i: Int, inverse: Bool = false) -> ComplexMatrix {
        let p = gamma(i + 1) * gamma(i)
        let s = Complex64(1 / 2.0.squareRoot())
        let u = s * (ComplexMatrix.identity(1 << modes) + (inverse ? Complex64(-1) : .one) * p)
        return u
    }

    /// Fock indices of the parity sector (0 even, 1 odd), in the order of the Ising fusion
    /// basis of 2n σ's with total charge 1 (even) or ψ (odd).
    public func sectorFockIndices(parity: Int) throws -> [Int] {
        let space = try isingSpace(parity: parity)
        return (0..<space.dimension).map { idx in
            let p = space.path(idx)
            var fock = 0, prev = 0
            for k in 0..<modes {
                let y = p[2 * k + 1] == 2 ? 1 : 0   // y_{2k+2}: 1 → 0, ψ → 1
                if (y ^ prev) == 1 { fock |= 1 << k }
                prev = y
            }
            return fock
        }
    }

    /// The Ising fusion space matching a parity sector.
    public func isingSpace(parity: Int) throws -> FusionSpace {
        try FusionSpace(model: .ising, count: 2 * modes, charge: parity == 0 ? 0 : 2)
    }

    /// The exchange of γ_i, γ_{i+1} restricted to a parity sector, in fusion-basis order.
    public func sectorExchange(_ i: Int, parity: Int, inverse: Bool = false) throws -> ComplexMatrix {
        let idx = try sectorFockIndices(parity: parity)
        let u = exchange(i, inverse: inverse)
        var m = ComplexMatrix(rows: idx.count, columns: idx.count)
        for r in 0..<idx.count { for c in 0..<idx.count { m[r, c] = u[idx[r], idx[c]] } }
        return m
    }

    /// The Majorana matrix of a braid word on a parity sector (same ordering).
    public func sectorMatrix(_ word: BraidWord, parity: Int) throws -> ComplexMatrix {
        try word.validate(anyons: 2 * modes)
        var acc = ComplexMatrix.identity(1 << (modes - 1))
        for g in word.generators { acc = try sectorExchange(g.index, parity: parity, inverse: g.inverse) * acc }
        return acc
    }
}
