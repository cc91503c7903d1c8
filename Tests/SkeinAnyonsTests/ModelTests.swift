import ComplexModule
import Foundation
import Testing
import SkeinLinearAlgebra
@testable import SkeinAnyons

/// Tolerance for every self-check residual (issue 4 asks for 1e-12).
let modelTolerance = 1e-12

func allTestModels() throws -> [AnyonModel] {
    [.fibonacci, .ising, .toricCode] + (try (2...6).map { try AnyonModel.su2(k: $0) })
}

@Test func everyModelPassesEverySelfCheck() throws {
    for m in try allTestModels() {
        for check in m.selfChecks(tolerance: modelTolerance) {
            #expect(check.passed, "\(m.name): \(check)")
            #expect(check.cases > 0, "\(m.name): \(check.name) checked nothing")
        }
    }
}

@Test func brokenDataFailsTheChecks() throws {
    // Conjugating only R^{ττ}_τ breaks the hexagon; the check must notice.
    let f = AnyonModel.fibonacci
    var rs = f.rSymbols
    rs[(1 * 2 + 1) * 2 + 1] = rs[(1 * 2 + 1) * 2 + 1].conjugate
    let broken = AnyonModel(name: "broken", labels: f.labels, aliases: [:], defaultAnyon: 1, qubitChannel: 1,
                            quantumDimensions: f.quantumDimensions, topologicalSpins: f.topologicalSpins,
                            duals: f.duals, fusion: f.fusion, rSymbols: rs, fTable: f.fTable, source: "")
    #expect(!broken.hexagonCheck(inverse: false).passed)
    #expect(broken.pentagonCheck().passed)
}

@Test func fibonacciDataMatchNayak() throws {
    let f = AnyonModel.fibonacci
    let phi = (1 + 5.0.squareRoot()) / 2
    #expect(abs(f.quantumDimensions[1] - phi) < 1e-15)
    #expect((f.R(1, 1, 0) - Complex64(cos(-4 * Double.pi / 5), sin(-4 * Double.pi / 5))).length < 1e-15)
    #expect((f.R(1, 1, 1) - Complex64(cos(3 * Double.pi / 5), sin(3 * Double.pi / 5))).length < 1e-15)
    #expect(abs(f.F(1, 1, 1, 1, 0, 1).real - 1 / phi.squareRoot()) < 1e-15)
    #expect(abs(f.F(1, 1, 1, 1, 1, 1).real + 1 / phi) < 1e-15)
    // S matrix of Fibonacci: (1/√(2+φ)) [[1, φ], [φ, −1]] (Rowell–Stong–Wang 2009).
    let S = f.modularData.S
    let D = (2 + phi).squareRoot()
    #expect((S[0, 1] - Complex64(phi / D)).length < 1e-14)
    #expect((S[1, 1] - Complex64(-1 / D)).length < 1e-14)
}

@Test func isingAndToricModularData() throws {
    // Ising S = ½ [[1, √2, 1], [√2, 0, −√2], [1, −√2, 1]] (Kitaev 2006, eq. (251)).
    let S = AnyonModel.ising.modularData.S
    let r2 = 2.0.squareRoot()
    let expected: [[Double]] = [[1, r2, 1], [r2, 0, -r2], [1, -r2, 1]]
    for a in 0..<3 { for b in 0..<3 { #expect((S[a, b] - Complex64(expected[a][b] / 2)).length < 1e-14) } }
    // Toric code S_ab = ½ (−1)^{a_e b_m + a_m b_e}.
    let T = AnyonModel.toricCode.modularData.S
    for a in 0..<4 { for b in 0..<4 {
        let sign = (((a & 1) & (b >> 1)) ^ ((a >> 1) & (b & 1))) == 1 ? -1.0 : 1.0
        #expect((T[a, b] - Complex64(sign / 2)).length < 1e-14)
    } }
    // e–m mutual statistics: R^{em} R^{me} = −1.
    let t = AnyonModel.toricCode
    #expect((t.R(1, 2, 3) * t.R(2, 1, 3) - Complex64(-1)).length < 1e-15)
}

@Test func su2kClosedForms() throws {
    for k in 2...7 {
        let m = try AnyonModel.su2(k: k)
        #expect(m.count == k + 1)
        for j in 0...k {
            // d_j = sin(π(2j+1)/(k+2)) / sin(π/(k+2)); θ_j = e^{2πi j(j+1)/(k+2)}.
            let d = sin(Double.pi * Double(j + 1) / Double(k + 2)) / sin(Double.pi / Double(k + 2))
            #expect(abs(m.quantumDimensions[j] - d) < 1e-13)
            let jj = Double(j) / 2
            let ang = 2 * Double.pi * jj * (jj + 1) / Double(k + 2)
            #expect((m.topologicalSpins[j] - Complex64(cos(ang), sin(ang))).length < 1e-13)
        }
        // S_{j j'} = √(2/(k+2)) sin(π(2j+1)(2j'+1)/(k+2)) — the SU(2)_k S-matrix (Verlinde 1988).
        let S = m.modularData.S
        for a in 0...k { for b in 0...k {
            let v = (2.0 / Double(k + 2)).squareRoot() * sin(Double.pi * Double((a + 1) * (b + 1)) / Double(k + 2))
            #expect((S[a, b] - Complex64(v)).length < 1e-12, "k=\(k) S[\(a),\(b)]")
        } }
    }
}

@Test func su2_3IntegerSpinsAreFibonacci() throws {
    // SU(2)_3 restricted to j ∈ {0, 1} (2j = 0, 2): R equal to Nayak's Fibonacci R exactly,
    // F equal up to the gauge sign of the off-diagonal entries (u^{ττ}_1 = −1 on the vertex
    // τ×τ→1 flips F_{1τ} and F_{τ1}, leaves R, and changes braid matrices only by a basis sign).
    let s = try AnyonModel.su2(k: 3), f = AnyonModel.fibonacci
    let map = [0, 2]
    for a in 0..<2 { for b in 0..<2 { for c in 0..<2 {
        #expect(s.N(map[a], map[b], map[c]) == f.N(a, b, c))
        if f.N(a, b, c) != 0 { #expect((s.R(map[a], map[b], map[c]) - f.R(a, b, c)).length < 1e-13) }
    } } }
    for e in 0..<2 { for g in 0..<2 {
        let sv = s.F(2, 2, 2, 2, map[e], map[g]), fv = f.F(1, 1, 1, 1, e, g)
        #expect(abs(abs(sv.real) - abs(fv.real)) < 1e-13 && abs(sv.imaginary) < 1e-15)
        if e == g { #expect((sv - fv).length < 1e-13) }
    } }
    #expect(abs(s.quantumDimensions[2] - f.quantumDimensions[1]) < 1e-13)
    // Off-diagonals are exactly negated (the gauge u^{ττ}_1 = −1) …
    #expect((s.F(2, 2, 2, 2, 0, 2) + f.F(1, 1, 1, 1, 0, 1)).length < 1e-13)
    // … so braid matrices of spin-1 anyons in SU(2)_3 equal Fibonacci's after D = (−1)^{#(y_k = 0)}.
    for n in 3...6 {
        let a = try FusionSpace(model: s, anyons: [Int](repeating: 2, count: n), charge: 2)
        let b = try FusionSpace(model: f, count: n, charge: 1)
        #expect(a.dimension == b.dimension)
        var d = ComplexMatrix.identity(a.dimension)
        for r in 0..<a.dimension { d[r, r] = Complex64(a.path(r).dropLast().filter { $0 == 0 }.count % 2 == 0 ? 1 : -1) }
        for i in 1..<n {
            let ms = try BraidRepresentation(model: s).matrix([i], space: a)
            let mf = try BraidRepresentation(model: f).matrix([i], space: b)
            #expect((d * ms * d).maxAbsDifference(mf) < 1e-13, "n=\(n) σ\(i)")
        }
    }
}

@Test func modelNamesParse() throws {
    #expect(try AnyonModel.named("Fibonacci").name == "fibonacci")
    #expect(try AnyonModel.named("su2_5").count == 6)
    #expect(throws: AnyonError.self) { try AnyonModel.named("su2_1") }
    #expect(throws: AnyonError.self) { try AnyonModel.named("potts") }
    #expect(try AnyonModel.ising.label(named: "sigma") == 1)
    #expect(try AnyonModel.named("su2_4").label(named: "3/2") == 3)
    #expect(throws: AnyonError.self) { try AnyonModel.fibonacci.label(named: "σ") }
}
