import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// The Jones polynomial at t = e^{2πi/k} from an anyon braid representation by a Markov
/// trace (Aharonov, Jones, Landau, Algorithmica 55, 395 (2009)), independently of the
/// Temperley–Lieb state sum in `JonesPolynomial`.
///
/// For n copies of a self-dual anyon a whose two fusion channels a×a = 1 + b realise the
/// Temperley–Lieb algebra, the quantum trace Z(β) = Σ_c d_c Tr ρ_c(β) / d_a (sum over the total
/// charges c) is a framed link invariant of the closure. With the writhe w, the number of
/// strands n and θ_a the topological spin,
///
///     V(closure β)(t₀) = (−1)^{n−1+w} θ_a^{−w} Z(β)          (model chirality +1)
///     V(closure β)(t₀) = conj[(−1)^{n−1+w} θ_a^{−w} Z(β)]    (model chirality −1)
///
/// The sign (−1)^{n−1} appears because the TL loop value is δ = −d_a (Frobenius–Schur
/// sign), (−1)^w θ_a^{−w} = (−A³)^{−w} removes the framing. The chirality is read off the
/// R-symbols: R^{aa}_1 / R^{aa}_b = −t₀ gives +1, = −t̄₀ gives −1 (any other ratio: the model
/// does not realise the Jones representation at this root, and an error is thrown).
/// Fibonacci (k = 5) and SU(2)_{k−2} spin ½ have chirality −1, Ising (k = 4) has +1.
/// How the anyon evaluation computes each sector's trace Tr ρ_c(β).
public enum JonesTraceMethod: String, Sendable, CaseIterable {
    /// The network when its estimated cost is lower (or the space is too large for panels).
    case automatic
    /// The word applied to identity panels: |word| · d² amplitude updates, d ≤ 2¹⁶.
    case panels
    /// The space-time label network contracted by variable elimination (`BraidTraceNetwork`).
    case network
}

public struct JonesAnyonEvaluation: Sendable {
    public let value: Complex64
    public let model: String
    public let chirality: Int
    public let dimensions: [Int]
    /// How each charge sector's trace was computed, in the order of `dimensions`.
    public let methods: [JonesTraceMethod]

    /// The default model for t = e^{2πi/k}: Fibonacci for k = 5, Ising for k = 4, SU(2)_{k−2}.
    public static func defaultModel(k: Int) throws -> AnyonModel {
        switch k {
        case 5: return .fibonacci
        case 4: return .ising
        default:
            guard k >= 4 else { throw JonesError.badRoot(k) }
            return try .su2(k: k - 2)
        }
    }

    /// Evaluates V(closure of `word`) at t = e^{2πi/k} on `strands` anyons of `model`'s default type.
    public static func evaluate(_ word: BraidWord, strands: Int? = nil, k: Int, model: AnyonModel? = nil,
                                threads: Int = 1, method: JonesTraceMethod = .automatic) throws -> JonesAnyonEvaluation {
        guard k >= 4 else { throw JonesError.badRoot(k) }
        let m = try model ?? defaultModel(k: k)
        let need = max(1, word.maxIndex + 1)
        let n = strands ?? need
        guard n >= need else { throw JonesError.tooFewStrands(needed: need, got: n) }
        let a = m.defaultAnyon
        let other = m.channels(a, a).filter { $0 != 0 }
        guard m.duals[a] == a, m.N(a, a, 0) == 1, other.count == 1 else { throw JonesError.modelDoesNotRealise(model: m.name, k: k) }
        let ratio = m.R(a, a, 0) / m.R(a, a, other[0])
        let t0 = Complex64(cos(2 * Double.pi / Double(k)), sin(2 * Double.pi / Double(k)))
        let chirality: Int
        if (ratio + t0).length < 1e-9 { chirality = 1 } else if (ratio + t0.conjugate).length < 1e-9 { chirality = -1 } else {
            throw JonesError.modelDoesNotRealise(model: m.name, k: k)
        }
        let rep = BraidRepresentation(model: m, threads: threads)
        var z = Complex64.zero
        var dims: [Int] = []
        var methods: [JonesTraceMethod] = []
        let reduced = cyclicallyReduced(word.signed)
        for c in 0..<m.count {
            let space: FusionSpace
            do { space = try FusionSpace(model: m, anyons: [Int](repeating: a, count: n), charge: c) } catch AnyonError.emptyFusionSpace {
                continue
            }
            guard space.dimension > 0 else { continue }
            let used = try chooseMethod(method, reduced: reduced, space: space)
            let tr: Complex64
            switch used.method {
            case .network:
                guard let net = used.network, let plan = used.plan else { continue }
                tr = net.contract(order: plan.order)
            default:
                tr = try trace(word, space: space, rep: rep)
            }
            dims.append(space.dimension)
            methods.append(used.method)
            z += Complex64(m.quantumDimensions[c]) * tr
        }
        z = z / Complex64(m.quantumDimensions[a])
        let w = word.generators.reduce(0) { $0 + ($1.inverse ? -1 : 1) }
        let theta = m.topologicalSpins[a]
        var framing = Complex64.one
        let tInv = theta.conjugate   // |θ| = 1
        for _ in 0..<abs(w) { framing = framing * (w > 0 ? tInv : theta) }
        let sign = (n - 1 + w) % 2 == 0 ? 1.0 : -1.0
        var v = Complex64(sign) * framing * z
        if chirality == -1 { v = v.conjugate }
        return JonesAnyonEvaluation(value: v, model: m.name, chirality: chirality, dimensions: dims, methods: methods)
    }

    /// The largest dimension the identity-panel trace accepts (it costs |word| · d²).
    static let panelDimensionLimit = 1 << 16
    /// The largest intermediate table (entries) the network contraction may build (256 MiB).
    static let networkTableLimit = Double(1 << 24)
    /// Estimated network work units per panel amplitude update: a network step (generic
    /// strided complex products) costs a few times one SIMD 2×2 update, measured on this machine.
    static let networkCostFactor = 4.0

    /// Picks the trace method for one sector. `.automatic` builds the network and plans its
    /// contraction, and uses it when its estimated cost (× `networkCostFactor`) is below the
    /// panel cost |word| · d² or the panel trace would refuse the dimension; otherwise panels.
    static func chooseMethod(_ requested: JonesTraceMethod, reduced: [Int], space: FusionSpace) throws
        -> (method: JonesTraceMethod, network: BraidTraceNetwork?, plan: BraidTraceNetwork.Plan?) {
        let d = space.dimension
        let panelsAllowed = d <= panelDimensionLimit
        if requested == .panels || (requested == .automatic && !space.isUniform) {
            guard panelsAllowed else {
                throw AnyonError.spaceTooLarge(dimension: Double(d), limit: panelDimensionLimit)
            }
            return (.panels, nil, nil)
        }
        let net = try BraidTraceNetwork(signed: reduced, space: space)
        let plan = net.plan()
        let fits = plan.largestTable <= networkTableLimit
        if requested == .network {
            guard fits else {
                throw AnyonError.badArgument(String(format: "the network trace of this word needs a table of %.3g entries (limit 2^24); "
                    + "hint: use the panel trace (method panels) for sectors of dimension ≤ 2^16", plan.largestTable))
            }
            return (.network, net, plan)
        }
        let panelCost = Double(max(1, reduced.count)) * Double(d) * Double(d)
        if fits && (plan.cost * networkCostFactor < panelCost || !panelsAllowed) { return (.network, net, plan) }
        guard panelsAllowed else { throw networkTooLarge(plan, dimension: d) }
        return (.panels, nil, nil)
    }

    static func networkTooLarge(_ plan: BraidTraceNetwork.Plan, dimension d: Int) -> AnyonError {
        .badArgument(String(format: "the network trace of this word needs a table of %.3g entries (limit 2^24) and the "
            + "sector of dimension %d is too large for the panel trace (limit 2^16); hint: use fewer strands or a shorter word",
            plan.largestTable, d))
    }

    /// Tr ρ(word) on one fusion space: the word applied to the identity by the sparse kernels
    /// in column blocks (memory O(block · dim)), diagonal summed. The reference path (one
    /// ping-pong pass per generator over a wide block), kept for tests of `trace`.
    static func traceReference(_ word: BraidWord, space: FusionSpace, rep: BraidRepresentation) throws -> Complex64 {
        let d = space.dimension
        let block = max(1, min(d, (1 << 22) / max(d, 1)))
        var total = Complex64.zero
        var start = 0
        while start < d {
            let w = min(block, d - start)
            var data = [Complex64](repeating: .zero, count: d * w)
            for j in 0..<w { data[(start + j) * w + j] = .one }
            _ = try rep.apply(word, to: &data, space: space, width: w)
            for j in 0..<w { total += data[(start + j) * w + j] }
            start += w
        }
        return total
    }

    /// Tr ρ(word) on a fusion space of identical anyons, by identity panels
    /// (`BraidRepresentation.applyToIdentityPanels`): the whole word is applied to each panel of
    /// W identity columns in place and the panel's diagonal is summed. The word is first reduced
    /// freely and cyclically (Tr is invariant under conjugation), which only removes pairs σσ⁻¹.
    /// Cost: |word| · d² amplitude updates, done on cache-resident panels with SIMD runs of ≥ W.
    static func trace(_ word: BraidWord, space: FusionSpace, rep: BraidRepresentation, panelBytes: Int = BraidRepresentation.panelBytes) throws -> Complex64 {
        guard space.isUniform else { return try traceReference(word, space: space, rep: rep) }
        let reduced = BraidWord(signed: cyclicallyReduced(word.signed))
        if reduced.count == 0 { return Complex64(Double(space.dimension)) }
        let nt = max(1, rep.threads)
        var partial = [Complex64](repeating: .zero, count: nt)
        try partial.withUnsafeMutableBufferPointer { pb in
            let out = pb.baseAddress!
            try rep.applyToIdentityPanels(reduced, space: space, panelBytes: panelBytes) { t, j0, w, panel in
                var acc = Complex64.zero
                for j in 0..<w { let q = 2 * ((j0 + j) * w + j); acc += Complex64(panel[q], panel[q + 1]) }
                out[t] += acc     // slot t belongs to thread t only
            }
        }
        return partial.reduce(.zero, +)
    }

    /// Free and cyclic reduction of a signed generator list (±i = σᵢ^{±1}): removes adjacent
    /// g g⁻¹ pairs, then matching inverse pairs at the two ends (conjugation leaves Tr unchanged).
    static func cyclicallyReduced(_ word: [Int]) -> [Int] {
        var stack: [Int] = []
        for g in word { if let l = stack.last, l == -g { stack.removeLast() } else { stack.append(g) } }
        var lo = 0, hi = stack.count
        while hi - lo >= 2 && stack[lo] == -stack[hi - 1] { lo += 1; hi -= 1 }
        return Array(stack[lo..<hi])
    }
}
