import Foundation
import SkeinLinearAlgebra

/// The noise families a surface-code memory experiment can run under.
public enum MemoryNoiseKind: Hashable, Sendable {
    /// stim's uniform circuit-level noise with all four parameters equal to p.
    case circuitLevel
    /// Data flips and ancilla measurement flips with probability p each round.
    case phenomenological
    /// Data flips with probability p, one round, perfect measurement.
    case codeCapacity
    /// Transmon-derived noise of a device; p (if positive) scales every rate relative to the
    /// device's own (p = 1 is the device as calibrated).
    case device(TransmonDevice)

    /// Parses `circuit`, `phenomenological`, `code-capacity` or a device preset name.
    public init?(name: String) {
        switch name.lowercased() {
        case "circuit", "circuit-level": self = .circuitLevel
        case "phenomenological", "pheno": self = .phenomenological
        case "code-capacity", "code_capacity", "codecapacity": self = .codeCapacity
        default:
            guard let d = TransmonDevice.preset(named: name) else { return nil }
            self = .device(d)
        }
    }

    public var name: String {
        switch self {
        case .circuitLevel: return "circuit"
        case .phenomenological: return "phenomenological"
        case .codeCapacity: return "code-capacity"
        case .device(let d): return d.name
        }
    }

    /// The generator noise for strength p.
    public func noise(p: Double) throws -> SurfaceCodeNoise {
        guard p >= 0, p <= 1 else { throw StabilizerError.invalidParameter("p = \(p) must be in [0, 1]") }
        switch self {
        case .circuitLevel: return .circuitLevel(p)
        case .phenomenological: return .phenomenological(p)
        case .codeCapacity: return .codeCapacity(p)
        case .device(let d): return try d.surfaceCodeNoise(scale: p > 0 ? p : 1)
        }
    }
}

/// A rotated surface-code memory experiment: build the circuit, extract its detector error
/// model, sample detection events with the frame simulator and count the shots whose decoded
/// observable prediction differs from the sampled observable flip.
public struct MemoryExperiment: Sendable {
    public var distance: Int
    public var rounds: Int
    public var basis: MemoryBasis = .z
    public var noiseKind: MemoryNoiseKind
    public var p: Double
    /// Stop after this many shots …
    public var maxShots: Int
    /// … or once this many logical errors have been seen (nil: run all shots).
    public var targetErrors: Int? = nil
    public var seed: UInt64 = 0
    public var threads: Int = 1
    /// Shots per work item. Work items run in groups of `groupSize`, so the stopping point
    /// (and every count) is the same for any thread count.
    public var chunkShots: Int = 8192
    public var groupSize: Int = 4

    public init(distance: Int, rounds: Int, noiseKind: MemoryNoiseKind, p: Double, maxShots: Int) {
        self.distance = distance
        self.rounds = noiseKind == .codeCapacity ? 1 : rounds
        self.noiseKind = noiseKind
        self.p = p
        self.maxShots = maxShots
    }

    /// The experiment's circuit.
    public func circuit() throws -> StabilizerCircuit {
        try SurfaceCodeGenerator.rotatedMemory(distance: distance, rounds: rounds, basis: basis, noise: try noiseKind.noise(p: p))
    }

    /// A decoder: given detection samples, the predicted observable flips per shot.
    public typealias Decoder = @Sendable (DetectionSamples) throws -> [UInt64]

    /// Runs the experiment. `makeDecoder` builds a decoder from the detector error model (once
    /// per thread); `progress` is called with (shots done, errors so far) after each group.
    public func run(makeDecoder: (DetectorErrorModel) throws -> Decoder,
                    progress: ((Int, Int) -> Void)? = nil) throws -> MemoryResult {
        guard maxShots >= 1 else { throw StabilizerError.invalidParameter("shots must be at least 1") }
        guard chunkShots >= 1, groupSize >= 1 else { throw StabilizerError.invalidParameter("chunk and group sizes must be positive") }
        let start = Date()
        let c = try circuit()
        let compiled = try CompiledStabilizerCircuit(c)
        let dem = try ErrorModelExtraction.detectorErrorModel(compiled)
        let threadCount = max(1, min(threads, groupSize))
        var built: [Decoder] = []
        for _ in 0..<threadCount { built.append(try makeDecoder(dem)) }
        let decoders = built
        let sim = FrameSimulator(compiled: compiled)
        let chunks = (maxShots + chunkShots - 1) / chunkShots
        var shotsDone = 0, errors = 0, chunk = 0
        let master = SeededGenerator(seed: seed)
        let box = ResultBox(count: groupSize)
        while chunk < chunks {
            let group = min(groupSize, chunks - chunk)
            let first = chunk
            let work: @Sendable (Int) -> Void = { tid in
                var i = tid
                while i < group {
                    let idx = first + i
                    let n = min(self.chunkShots, self.maxShots - idx * self.chunkShots)
                    var g = master.substream(idx)
                    do {
                        let samples = try sim.sampleDetectors(shots: n, seed: g.next(), threads: 1)
                        let predicted = try decoders[tid](samples)
                        var e = 0
                        for s in 0..<n where predicted[s] != samples.observables[s] { e += 1 }
                        box.set(i, .success((n, e)))
                    } catch {
                        box.set(i, .failure(error))
                    }
                    i += threadCount
                }
            }
            if threadCount == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: threadCount, execute: work) }
            for i in 0..<group {
                switch box.get(i) {
                case .success(let (n, e)): shotsDone += n; errors += e
                case .failure(let err): throw err
                case nil: break
                }
            }
            chunk += group
            progress?(shotsDone, errors)
            if let t = targetErrors, errors >= t { break }
        }
        let ci = try BinomialStatistics.clopperPearson(successes: errors, trials: shotsDone)
        let perShot = Double(errors) / Double(shotsDone)
        return MemoryResult(
            distance: distance, rounds: rounds, noise: noiseKind.name, p: p, shots: shotsDone, errors: errors,
            perShot: perShot, perShotCI: ci,
            perRound: BinomialStatistics.perRound(perShot, rounds: rounds),
            perRoundCI: (BinomialStatistics.perRound(ci.lower, rounds: rounds), BinomialStatistics.perRound(ci.upper, rounds: rounds)),
            seconds: Date().timeIntervalSince(start), detectors: dem.detectorCount, mechanisms: dem.mechanisms.count)
    }
}

/// Per-work-item results written by worker threads (each index by one thread).
final class ResultBox: @unchecked Sendable {
    private var items: [Result<(Int, Int), Error>?]
    private let lock = NSLock()
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<(Int, Int), Error>) { lock.lock(); items[i] = r; lock.unlock() }
    func get(_ i: Int) -> Result<(Int, Int), Error>? { lock.lock(); defer { items[i] = nil; lock.unlock() }; return items[i] }
}

/// The outcome of a memory experiment.
public struct MemoryResult: Sendable {
    public var distance: Int
    public var rounds: Int
    public var noise: String
    public var p: Double
    public var shots: Int
    public var errors: Int
    /// Logical error rate per shot and its 95 % Clopper–Pearson interval.
    public var perShot: Double
    public var perShotCI: (lower: Double, upper: Double)
    /// Per-round rate 1 − (1 − 2·perShot)^{1/rounds} over 2, and the interval mapped the same way.
    public var perRound: Double
    public var perRoundCI: (lower: Double, upper: Double)
    public var seconds: Double
    public var detectors: Int
    public var mechanisms: Int
}
