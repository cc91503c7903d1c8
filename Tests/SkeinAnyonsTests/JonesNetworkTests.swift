import ComplexModule
import Foundation
import SkeinLinearAlgebra
import Testing
@testable import SkeinAnyons

/// The space-time network trace (`BraidTraceNetwork`) against the identity-panel trace and the
/// one-pass-per-generator reference trace (sector by sector), and the network evaluation of the
/// Jones polynomial against the exact Kauffman-bracket polynomial.
@Suite struct JonesNetworkTests {
    func networkTrace(_ w: [Int], _ s: FusionSpace) throws -> Complex64 {
        let net = try BraidTraceNetwork(signed: w, space: s)
        return net.contract(order: net.plan().order)
    }

    /// Tolerance: 1e-10 relative to max(1, |reference|) (the traces are sums of d unit-modulus
    /// diagonal terms at most, so |reference| ≤ d).
    func close(_ a: Complex64, _ b: Complex64) -> Bool { (a - b).length <= 1e-10 * max(1, b.length) }

    @Test func networkTraceEqualsPanelAndReferenceTraces() throws {
        var g = SeededGenerator(seed: 41)
        // Fibonacci (k = 5), Ising (k = 4), SU(2)_k spin ½ for k = 3…6, SU(2)_4 spin 1 (d = 3 blocks).
        var cases: [(AnyonModel, [Int])] = [(.fibonacci, [2, 3, 4, 5, 7, 9, 11]), (.ising, [3, 4, 6, 8, 9])]
        for k in 3...6 { cases.append((try .su2(k: k), [3, 4, 5, 7])) }
        var checked = 0
        for (m, ns) in cases {
            for n in ns {
                for length in [1, 2, 5, 3 * n + 4, 6 * n] {
                    let w = BraidWord.random(length: length, anyons: n, using: &g).signed
                    for c in 0..<m.count {
                        guard let s = try? FusionSpace(model: m, count: n, charge: c) else { continue }
                        let rep = BraidRepresentation(model: m)
                        let ref = try JonesAnyonEvaluation.traceReference(BraidWord(signed: w), space: s, rep: rep)
                        let panels = try JonesAnyonEvaluation.trace(BraidWord(signed: w), space: s, rep: rep)
                        let net = try networkTrace(w, s)
                        #expect(close(net, ref), "\(s) word \(w): network \(net) reference \(ref)")
                        #expect(close(net, panels), "\(s) word \(w): network \(net) panels \(panels)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 200)
    }

    @Test func spinOneAndEdgeCases() throws {
        // SU(2)_4 with spin-1 strands (d = 3 blocks), the empty word (trace = dimension), words
        // that leave the last strands untouched, a generator used once (before = after segment),
        // and only σ₁ (diagonal) — against the reference trace.
        let su24 = try AnyonModel.su2(k: 4)
        let spin1 = su24.labels.firstIndex(of: "1") ?? 2
        for c in 0..<su24.count {
            guard let s = try? FusionSpace(model: su24, anyons: [Int](repeating: spin1, count: 5), charge: c) else { continue }
            let w = [1, 2, -3, 4, 2, -1, 3, 3, -4, 2]
            let net = try BraidTraceNetwork(signed: w, space: s)
            let got = net.contract(order: net.plan().order)
            let ref = try JonesAnyonEvaluation.traceReference(BraidWord(signed: w), space: s, rep: BraidRepresentation(model: su24))
            #expect(close(got, ref), "\(s): \(got) vs \(ref)")
        }
        for (m, n) in [(AnyonModel.fibonacci, 9), (.ising, 8), (try .su2(k: 5), 6)] {
            for c in 0..<m.count {
                guard let s = try? FusionSpace(model: m, count: n, charge: c) else { continue }
                let rep = BraidRepresentation(model: m)
                #expect(close(try networkTrace([], s), Complex64(Double(s.dimension))), "\(s) empty word")
                for w in [[1], [-1, -1, 1, -1], [2], [1, 2, 1], [3, -2, 3, 3, 1], [-2, 1, 1, 2, 3, -1, -1]] {
                    let ref = try JonesAnyonEvaluation.traceReference(BraidWord(signed: w), space: s, rep: rep)
                    #expect(close(try networkTrace(w, s), ref), "\(s) \(w)")
                }
            }
        }
        // Out-of-range generators are a typed error, not a trap.
        let s = try FusionSpace(model: .fibonacci, count: 4, charge: 0)
        #expect(throws: AnyonError.self) { _ = try BraidTraceNetwork(signed: [1, 4], space: s) }
    }

    @Test func networkEvaluationEqualsExactPolynomial() throws {
        // V(closure) at t = e^{2πi/k} through the network against the exact Kauffman bracket
        // (JonesPolynomial), random braids on 2…9 strands; tolerance 1e-10 · max(1, |V|).
        var g = SeededGenerator(seed: 43)
        let models: [(Int, AnyonModel?)] = [(4, nil), (5, nil), (5, try AnyonModel.su2(k: 3)), (6, nil), (7, nil), (8, nil)]
        for (k, model) in models {
            for n in 2...9 {
                for length in [n + 2, 4 * n] {
                    let w = BraidWord.random(length: length, anyons: n, using: &g)
                    let exact = try JonesPolynomial.compute(w, strands: n).value(atRoot: k)
                    let net = try JonesAnyonEvaluation.evaluate(w, strands: n, k: k, model: model, method: .network)
                    #expect(net.methods.allSatisfy { $0 == .network })
                    #expect(close(net.value, exact), "k=\(k) n=\(n) \(w): exact \(exact) network \(net.value)")
                    let panels = try JonesAnyonEvaluation.evaluate(w, strands: n, k: k, model: model, method: .panels)
                    #expect(close(panels.value, exact), "k=\(k) n=\(n) \(w): exact \(exact) panels \(panels.value)")
                }
            }
        }
    }

    @Test func automaticChoiceFollowsTheCostEstimate() throws {
        // 20 strands × 200 crossings (the notes' word: random.seed(1), ±1…19): the network plan is
        // far cheaper than 200 · d² and is chosen; on 3 strands × 200 crossings the panels are
        // (d ≤ 2, while the network's tables grow with the occurrences per label).
        var g = SeededGenerator(seed: 5)
        let long = BraidWord.random(length: 200, anyons: 20, using: &g)
        for c in [0, 1] {
            let s = try FusionSpace(model: .fibonacci, count: 20, charge: c)
            let net = try BraidTraceNetwork(signed: JonesAnyonEvaluation.cyclicallyReduced(long.signed), space: s)
            let plan = net.plan()
            #expect(plan.cost * JonesAnyonEvaluation.networkCostFactor < 200 * Double(s.dimension * s.dimension))
            #expect(plan.order.count == net.domains.count)
            #expect(Set(plan.order).count == plan.order.count)
        }
        let auto = try JonesAnyonEvaluation.evaluate(long, strands: 20, k: 5)
        #expect(auto.methods == [.network, .network])
        let short = BraidWord.random(length: 200, anyons: 3, using: &g)
        let small = try JonesAnyonEvaluation.evaluate(short, strands: 3, k: 5)
        #expect(small.methods.allSatisfy { $0 == .panels })
        // Both methods agree; (the exact polynomial of 200 crossings has coefficients so large
        // that evaluating it in doubles loses ~1e-7, so it is compared on 30 crossings instead).
        let viaNetwork = try JonesAnyonEvaluation.evaluate(short, strands: 3, k: 5, method: .network)
        #expect(close(small.value, viaNetwork.value), "\(small.value) vs \(viaNetwork.value)")
        let head = BraidWord(Array(short.generators.prefix(30)))
        let exact = try JonesPolynomial.compute(head, strands: 3).value(atRoot: 5)
        #expect(close(try JonesAnyonEvaluation.evaluate(head, strands: 3, k: 5).value, exact))
    }

    @Test func largeSpacesBeyondThePanelLimit() throws {
        // 30 Fibonacci strands (d = 514 229 and 832 040 > 2¹⁶, refused by the panels) with a
        // short word: the network evaluates it; checked against the exact polynomial of the same
        // braid on its used strands plus the unlinked unknots ((−t^{1/2} − t^{−1/2}) each).
        let w = BraidWord(signed: [1, -2, 1, -2, 3, 3, -1])
        let k = 5
        let net = try JonesAnyonEvaluation.evaluate(w, strands: 30, k: k)
        #expect(net.methods == [.network, .network])
        let exact = try JonesPolynomial.compute(w, strands: 4).value(atRoot: k)
        let half = Complex64(cos(Double.pi / Double(k)), sin(Double.pi / Double(k)))
        var factor = Complex64.one
        for _ in 0..<26 { factor = factor * (-(half + half.conjugate)) }
        #expect(close(net.value, exact * factor), "\(net.value) vs \(exact * factor)")
        #expect(throws: AnyonError.self) { _ = try JonesAnyonEvaluation.evaluate(w, strands: 30, k: k, method: .panels) }
    }
}
