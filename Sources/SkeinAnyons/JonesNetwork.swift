import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// Tr ρ_c(β) on a fusion space of identical anyons as a tensor network over the space-time
/// histories of the fusion-tree labels, contracted by variable elimination (session 4).
///
/// In the left-associated basis (y₁ = a, y₂, …, y_{n−1}, yₙ = c) the generator σᵢ changes only
/// yᵢ, and its matrix element ⟨…y′ᵢ…|σᵢ|…yᵢ…⟩ = B^{(x,z)}[y′ᵢ, yᵢ] depends only on the
/// neighbours x = y_{i−1}, z = y_{i+1} at that time (`GeneratorKernel.block`: the same F and R
/// data as the sparse kernels, but none of their code). Writing the trace
/// Tr ρ(g_{L−1}) ⋯ ρ(g₀) = Σ_{paths p⁰…p^{L−1}} Π_t ⟨p^{t+1}|ρ(g_t)|p^t⟩ (p^L = p⁰) and noting that
/// label j is constant between consecutive occurrences of σ_j, the sum runs over one variable
/// per such *segment* of each label (c_j occurrences of σ_j give c_j segments, cyclically; none
/// gives one constant segment), and every letter g_t is one factor on at most four of them:
/// the segment of y_{i−1} and of y_{i+1} current at time t, and the segments of yᵢ before and
/// after t. Adjacent labels that never change get an explicit admissibility factor N_{y_j a}^{y_{j+1}};
/// every other pair of adjacent labels is checked by the blocks at each of its changes.
///
/// This is the transfer-matrix idea of Aharonov–Jones–Landau (Algorithmica 55, 395 (2009))
/// turned sideways: instead of a d × d matrix carried along the word (|β| · d² work, d ~ φⁿ for
/// Fibonacci), the network is contracted in the order chosen greedily by the size of the
/// intermediate tables or by the fill-in of the interaction graph, whichever plan is cheaper
/// (greedy min-size / min-fill elimination, Koller & Friedman, *Probabilistic Graphical Models*
/// (MIT Press 2009), §9.4.3). Its cost depends on the word (≈ 2^{treewidth}); `plan` estimates it before
/// any arithmetic so that the caller can fall back to the identity-panel trace.
struct BraidTraceNetwork {
    /// A table over `vars` (ascending variable ids), row-major with the last variable fastest.
    struct Factor { var vars: [Int]; var data: [Complex64] }

    /// The allowed label values of every variable.
    let domains: [[Int]]
    /// The label position j (1…n) of every variable (diagnostics and tests).
    let positions: [Int]
    private(set) var factors: [Factor]

    /// Builds the network for `signed` (±i = σᵢ^{±1}, applied first letter first) on `space`
    /// (identical anyons). Throws if a generator is out of range.
    init(signed word: [Int], space: FusionSpace) throws {
        let m = space.model
        let n = space.count
        let a = space.anyons[0]
        guard space.isUniform else { throw AnyonError.badArgument("the network trace needs identical anyons") }
        for g in word where g == 0 || abs(g) >= n { throw AnyonError.generatorOutOfRange(generator: abs(g), anyons: n) }
        // Labels y_j (j = 1…n) that lie on some admissible path: forward-reachable from the
        // vacuum and completable to the charge (completions[j][y] > 0).
        var reach = [Set<Int>](repeating: [], count: n + 1)
        reach[0] = [0]
        for j in 1...n { for x in reach[j - 1] { for y in m.channels(x, a) { reach[j].insert(y) } } }
        var allowed = [[Int]](repeating: [], count: n + 1)
        for j in 1...n { allowed[j] = (0..<m.count).filter { reach[j].contains($0) && space.completions[j][$0] > 0 } }
        allowed[n] = allowed[n].filter { $0 == space.charge }

        // Occurrence times of each generator.
        var times = [[Int]](repeating: [], count: n + 1)
        for (t, g) in word.enumerated() { times[abs(g)].append(t) }
        // Variables: label j has max(1, c_j) segments; segment k of a changing label is its value
        // after occurrence k (until occurrence k + 1, cyclically).
        var firstVar = [Int](repeating: 0, count: n + 2)
        var domains: [[Int]] = [], positions: [Int] = []
        for j in 1...n {
            firstVar[j] = domains.count
            let segs = (j < n) ? max(1, times[j].count) : 1
            for _ in 0..<segs { domains.append(allowed[j]); positions.append(j) }
        }
        // The segment of label j current just before time t.
        func current(_ j: Int, _ t: Int) -> Int {
            let ts = j < n ? times[j] : []
            if ts.isEmpty { return firstVar[j] }
            // Last occurrence strictly before t, cyclically the last one.
            var lo = 0, hi = ts.count
            while lo < hi { let mid = (lo + hi) / 2; if ts[mid] < t { lo = mid + 1 } else { hi = mid } }
            return firstVar[j] + (lo == 0 ? ts.count - 1 : lo - 1)
        }
        var factors: [Factor] = []
        var blockCache: [Int: (members: [Int], b: [Complex64])] = [:]
        for (t, g) in word.enumerated() {
            let i = abs(g)
            let k = times[i].firstIndex(of: t) ?? 0
            let after = firstVar[i] + k
            let before = current(i, t)
            let xVar: Int? = i > 1 ? current(i - 1, t) : nil
            let zVar = current(i + 1, t)
            // Slots: x, y (before), y′ (after), z; distinct variables of the factor, ascending.
            let slots: [Int?] = [xVar, before, after, zVar]
            let vars = Array(Set(slots.compactMap { $0 })).sorted()
            let dims = vars.map { domains[$0].count }
            let size = dims.reduce(1, *)
            var data = [Complex64](repeating: .zero, count: size)
            var assign = [Int](repeating: 0, count: vars.count)
            for idx in 0..<size {
                var r = idx
                for q in stride(from: vars.count - 1, through: 0, by: -1) { assign[q] = r % dims[q]; r /= dims[q] }
                func value(_ v: Int) -> Int { domains[v][assign[vars.firstIndex(of: v)!]] }
                let x = xVar.map(value) ?? 0
                let y = value(before), yp = value(after), z = value(zVar)
                let key = x * m.count + z
                let blk: (members: [Int], b: [Complex64])
                if let c = blockCache[key] { blk = c } else {
                    let members = m.channels(x, a).filter { m.N($0, a, z) != 0 }
                    let b = GeneratorKernel.block(model: m, x: x, ai: a, aj: a, z: z, sourceMembers: members, targetMembers: members)
                    blk = (members, b)
                    blockCache[key] = blk
                }
                guard let col = blk.members.firstIndex(of: y), let row = blk.members.firstIndex(of: yp) else { continue }
                let d = blk.members.count
                data[idx] = g > 0 ? blk.b[row * d + col] : blk.b[col * d + row].conjugate
            }
            factors.append(Factor(vars: vars, data: data))
        }
        // Admissibility of adjacent labels that never change (σ_j and σ_{j+1} both absent).
        for j in 1..<n where times[j].isEmpty && (j + 1 == n || times[j + 1].isEmpty) {
            let u = firstVar[j], v = firstVar[j + 1]
            var data: [Complex64] = []
            for y in domains[u] { for z in domains[v] { data.append(m.N(y, a, z) != 0 ? .one : .zero) } }
            factors.append(Factor(vars: [u, v], data: data))
        }
        self.domains = domains
        self.positions = positions
        self.factors = factors
    }

    /// An elimination order and its estimated cost: Σ over steps of (entries of the joint table)
    /// × (factors multiplied into it), and the largest intermediate table (entries).
    struct Plan { let order: [Int]; let cost: Double; let largestTable: Double }

    /// Elimination heuristics: min-size (the new table is smallest) and min-fill (fewest new
    /// edges in the interaction graph; Koller & Friedman §9.4.3.2). Neither dominates: on random
    /// 20-strand words min-fill is usually 5–100× cheaper, on short words they tie.
    enum Heuristic: CaseIterable { case minSize, minFill }

    /// The cheaper of the greedy min-size and min-fill orders.
    func plan() -> Plan {
        var best: Plan? = nil
        for h in Heuristic.allCases {
            let p = plan(h)
            if best == nil || p.cost < best!.cost { best = p }
        }
        return best!
    }

    /// A greedy elimination order on the interaction graph (bitset adjacency; ties: lower
    /// log-size, then lower id). Scores are recomputed only around the eliminated variable.
    func plan(_ heuristic: Heuristic) -> Plan {
        let nv = domains.count
        let words = max(1, (nv + 63) / 64)
        var adj = [UInt64](repeating: 0, count: nv * words)
        var factorCount = [Int](repeating: 0, count: nv)
        for f in factors {
            for u in f.vars {
                factorCount[u] += 1
                for v in f.vars where v != u { adj[u * words + v / 64] |= 1 << UInt64(v % 64) }
            }
        }
        let logDom = domains.map { log2(Double(max(1, $0.count))) }
        var alive = [Bool](repeating: true, count: nv)
        func neighbours(_ u: Int) -> [Int] {
            var out: [Int] = []
            for w in 0..<words {
                var bits = adj[u * words + w]
                while bits != 0 { let b = bits.trailingZeroBitCount; out.append(w * 64 + b); bits &= bits - 1 }
            }
            return out
        }
        func logSize(_ u: Int) -> Double { neighbours(u).reduce(0.0) { $0 + logDom[$1] } }
        func score(_ u: Int) -> (Double, Double) {
            let nb = neighbours(u)
            let ls = nb.reduce(0.0) { $0 + logDom[$1] }
            switch heuristic {
            case .minSize: return (ls, 0)
            case .minFill:
                // Missing edges among the neighbours (each unordered pair once).
                var missing = 0
                for (qi, a) in nb.enumerated() {
                    for b in nb[(qi + 1)...] where adj[a * words + b / 64] & (1 << UInt64(b % 64)) == 0 { missing += 1 }
                }
                return (Double(missing), ls)
            }
        }
        var scores = (0..<nv).map(score)
        var order: [Int] = []
        order.reserveCapacity(nv)
        var cost = 0.0, largest = 1.0
        for _ in 0..<nv {
            var best = -1
            for u in 0..<nv where alive[u] {
                if best < 0 || scores[u] < scores[best] { best = u }
            }
            let nb = neighbours(best)
            let table = exp2(logSize(best))
            cost += table * exp2(logDom[best]) * Double(max(1, factorCount[best]))
            largest = max(largest, table)
            // The new factor on the neighbours replaces the factors on `best`: the neighbours
            // become a clique and lose `best`.
            for u in nb {
                for v in nb where v != u { adj[u * words + v / 64] |= 1 << UInt64(v % 64) }
                adj[u * words + best / 64] &= ~(1 << UInt64(best % 64))
                factorCount[u] += 1
            }
            alive[best] = false
            order.append(best)
            // Scores change for the neighbours and their neighbours.
            var touched = Set(nb)
            for u in nb { for v in neighbours(u) { touched.insert(v) } }
            for u in touched where alive[u] { scores[u] = score(u) }
        }
        return Plan(order: order, cost: cost, largestTable: largest)
    }

    /// Contracts the network in `order` (every variable once) and returns the total.
    func contract(order: [Int]) -> Complex64 {
        var live = factors
        var scalar = Complex64.one
        for v in order {
            var involved: [Factor] = []
            var rest: [Factor] = []
            for f in live { if f.vars.contains(v) { involved.append(f) } else { rest.append(f) } }
            if involved.isEmpty {
                // Unconstrained variable: the sum over its domain.
                scalar = scalar * Complex64(Double(domains[v].count))
                continue
            }
            rest.append(BraidTraceNetwork.eliminate(v, from: involved, domains: domains))
            live = rest
        }
        for f in live { scalar = scalar * (f.data.first ?? .zero) }
        return scalar
    }

    /// Σ_v Π(factors): the product of `fs` summed over variable v, as one factor.
    static func eliminate(_ v: Int, from fs: [Factor], domains: [[Int]]) -> Factor {
        var union = Set<Int>()
        for f in fs { union.formUnion(f.vars) }
        union.remove(v)
        let outVars = union.sorted()
        let outDims = outVars.map { domains[$0].count }
        let outSize = outDims.reduce(1, *)
        let dv = domains[v].count
        let r = outVars.count
        // Strides of every factor along the output variables and along v.
        let nf = fs.count
        var strides = [Int](repeating: 0, count: nf * r)
        var vStride = [Int](repeating: 0, count: nf)
        for (fi, f) in fs.enumerated() {
            var s = 1
            for q in stride(from: f.vars.count - 1, through: 0, by: -1) {
                let u = f.vars[q]
                if u == v { vStride[fi] = s } else if let p = outVars.firstIndex(of: u) { strides[fi * r + p] = s }
                s *= domains[u].count
            }
        }
        // All input tables in one buffer; factor fi starts at base[fi].
        var flat: [Complex64] = []
        var base = [Int](repeating: 0, count: nf)
        for (fi, f) in fs.enumerated() { base[fi] = flat.count; flat += f.data }
        var out = [Complex64](repeating: .zero, count: outSize)
        var offset = base
        var counter = [Int](repeating: 0, count: r)
        flat.withUnsafeBufferPointer { fb in
        out.withUnsafeMutableBufferPointer { ob in
        offset.withUnsafeMutableBufferPointer { off in
        vStride.withUnsafeBufferPointer { vs in
        strides.withUnsafeBufferPointer { st in
        counter.withUnsafeMutableBufferPointer { ctr in
            let data = fb.baseAddress!
            for idx in 0..<outSize {
                var accr = 0.0, acci = 0.0
                for k in 0..<dv {
                    var pr = 1.0, pi = 0.0
                    for fi in 0..<nf {
                        let x = data[off[fi] &+ k &* vs[fi]]
                        let nr = pr * x.real - pi * x.imaginary
                        pi = pr * x.imaginary + pi * x.real
                        pr = nr
                    }
                    accr += pr; acci += pi
                }
                ob[idx] = Complex64(accr, acci)
                // Odometer over the output variables (last fastest), offsets updated in step.
                var q = r &- 1
                while q >= 0 {
                    ctr[q] &+= 1
                    let row = q &* 1
                    for fi in 0..<nf { off[fi] &+= st[fi &* r &+ row] }
                    if ctr[q] < outDims[q] { break }
                    for fi in 0..<nf { off[fi] &-= st[fi &* r &+ row] &* outDims[q] }
                    ctr[q] = 0
                    q &-= 1
                }
            }
        } } } } } }
        return Factor(vars: outVars, data: out)
    }
}
