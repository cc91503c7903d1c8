import ComplexModule
import Foundation
import SkeinLinearAlgebra

/// The fusion space V(a₁ … aₙ; c) in the left-associated fusion-tree basis
/// (ARCHITECTURE.md, "Anyon conventions"): y₁ = a₁, y_{k+1} ∈ y_k × a_{k+1}, yₙ = c. Basis
/// states are the admissible sequences (y₂, …, y_{n−1}), ordered lexicographically with y₂
/// most significant (label index order: vacuum first).
///
/// The space never lists its states: a state's index is its rank, computed from the counts
/// `completions[k][y]` of admissible continuations y_{k+1}…yₙ of a prefix ending in y_k = y.
public struct FusionSpace: Sendable, Hashable, CustomStringConvertible {
    public let model: AnyonModel
    /// Anyon types a₁ … aₙ.
    public let anyons: [Int]
    /// Total charge c.
    public let charge: Int
    /// completions[k][y] for k = 0 … n (index k is "after k anyons"; k = 0 means the empty
    /// prefix with y₀ = vacuum). completions[n][c] = 1.
    let completions: [[Int]]
    public let dimension: Int

    /// The largest dimension a space may have (2^27 amplitudes = 2 GiB of state).
    public static let dimensionLimit = 1 << 27

    public init(model: AnyonModel, anyons: [Int], charge: Int) throws {
        guard !anyons.isEmpty else { throw AnyonError.tooFewAnyons(0) }
        let L = model.count
        for a in anyons + [charge] where a < 0 || a >= L {
            throw AnyonError.badArgument("label index \(a) is not a label of \(model.name)")
        }
        let n = anyons.count
        var counts = [[Double]](repeating: [Double](repeating: 0, count: L), count: n + 1)
        counts[n][charge] = 1
        for k in stride(from: n - 1, through: 0, by: -1) {
            for y in 0..<L {
                var s = 0.0
                for z in model.channels(y, anyons[k]) { s += counts[k + 1][z] }
                counts[k][y] = s
            }
        }
        let dim = counts[0][0]
        guard dim >= 1 else {
            throw AnyonError.emptyFusionSpace(labels: anyons.map { model.labels[$0] }, charge: model.labels[charge])
        }
        guard dim <= Double(FusionSpace.dimensionLimit) else {
            throw AnyonError.spaceTooLarge(dimension: dim, limit: FusionSpace.dimensionLimit)
        }
        self.model = model
        self.anyons = anyons
        self.charge = charge
        // Counts of labels no path reaches can exceed the dimension; clamp before converting.
        self.completions = counts.map { $0.map { Int(Swift.min($0, 9.0e18)) } }
        self.dimension = Int(dim)
    }

    /// n copies of the model's default anyon (τ, σ, e, j = ½) with total charge `charge`
    /// (default: vacuum if possible, else the default anyon, else the first admissible charge).
    public init(model: AnyonModel, count n: Int, charge: Int? = nil) throws {
        guard n >= 1 else { throw AnyonError.tooFewAnyons(n) }
        guard n <= 4096 else { throw AnyonError.badArgument("\(n) anyons is too many (limit 4096)") }
        let anyons = [Int](repeating: model.defaultAnyon, count: n)
        if let c = charge {
            try self.init(model: model, anyons: anyons, charge: c)
        } else {
            var lastError: Error = AnyonError.tooFewAnyons(n)
            for c in [0, model.defaultAnyon] + Array(0..<model.count) {
                do { try self.init(model: model, anyons: anyons, charge: c); return } catch { lastError = error }
            }
            throw lastError
        }
    }

    public static func == (a: FusionSpace, b: FusionSpace) -> Bool {
        a.model.name == b.model.name && a.anyons == b.anyons && a.charge == b.charge
    }
    public func hash(into h: inout Hasher) { h.combine(model.name); h.combine(anyons); h.combine(charge) }

    public var count: Int { anyons.count }
    public var isUniform: Bool { anyons.allSatisfy { $0 == anyons[0] } }
    public var description: String {
        "V(\(anyons.map { model.labels[$0] }.joined(separator: " ")); \(model.labels[charge])) in \(model.name), dimension \(dimension)"
    }

    /// The full label path (y₁, …, yₙ) of basis state `index`.
    public func path(_ index: Int) -> [Int] {
        let n = anyons.count
        var y = [Int](repeating: 0, count: n)
        var r = index
        var prev = 0
        for k in 0..<n {
            var chosen = -1
            for z in model.channels(prev, anyons[k]) {
                let c = completions[k + 1][z]
                if c == 0 { continue }
                if r < c { chosen = z; break }
                r -= c
            }
            // For a valid index a channel is always found; clamp defensively for the last slot.
            if chosen < 0 { chosen = k == n - 1 ? charge : prev }
            y[k] = chosen
            prev = chosen
        }
        return y
    }

    /// The index of the basis state with full path (y₁, …, yₙ), or nil if inadmissible.
    public func index(ofPath y: [Int]) -> Int? {
        guard y.count == anyons.count, y.last == charge else { return nil }
        var r = 0
        var prev = 0
        for k in 0..<anyons.count {
            guard y[k] >= 0, y[k] < model.count, model.N(prev, anyons[k], y[k]) != 0 else { return nil }
            for z in model.channels(prev, anyons[k]) where z < y[k] { r += completions[k + 1][z] }
            prev = y[k]
        }
        return r
    }

    /// The architecture's basis labels (y₂, …, y_{n−1}) of a state, as label names.
    public func basisLabels(_ index: Int) -> [String] {
        let p = path(index)
        guard p.count > 2 else { return [] }
        return p[1..<(p.count - 1)].map { model.labels[$0] }
    }

    /// A readable name for a basis state, e.g. `|τ,1,τ; τ⟩` listing y₂ … y_{n−1}; total charge.
    public func stateName(_ index: Int) -> String {
        "|" + basisLabels(index).joined(separator: ",") + "; " + model.labels[charge] + "⟩"
    }

    /// The space after exchanging anyons i and i+1 (1-based).
    public func swapped(_ i: Int) throws -> FusionSpace {
        guard i >= 1, i < anyons.count else { throw AnyonError.generatorOutOfRange(generator: i, anyons: anyons.count) }
        var a = anyons
        a.swapAt(i - 1, i)
        return try FusionSpace(model: model, anyons: a, charge: charge)
    }

    /// Offsets of every prefix block after `depth` anyons, with the label y_depth of each.
    /// The block of a prefix has size completions[depth][y_depth] and the blocks tile the space
    /// in order.
    func prefixBlocks(depth: Int) -> (offsets: [Int], labels: [UInt16]) {
        var offsets = [0], labels: [UInt16] = [0]
        for k in 0..<depth {
            var no: [Int] = [], nl: [UInt16] = []
            no.reserveCapacity(offsets.count * 2); nl.reserveCapacity(offsets.count * 2)
            for (o, y) in zip(offsets, labels) {
                var off = o
                for z in model.channels(Int(y), anyons[k]) {
                    let c = completions[k + 1][z]
                    if c == 0 { continue }
                    no.append(off); nl.append(UInt16(z))
                    off += c
                }
            }
            offsets = no; labels = nl
        }
        return (offsets, labels)
    }
}
