/// One independent error mechanism of a detector error model: with probability `probability`
/// it flips exactly the listed detectors and logical observables (the symmetric difference
/// of everything its Pauli error anticommutes with). Gidney, "Stim: a fast stabilizer circuit
/// simulator", Quantum 5, 497 (2021), §2 (detector error models).
public struct ErrorMechanism: Hashable, Sendable {
    public var probability: Double
    /// Sorted, distinct detector indices.
    public var detectors: [Int]
    /// Sorted, distinct observable indices.
    public var observables: [Int]

    public init(probability: Double, detectors: [Int], observables: [Int]) {
        self.probability = probability
        self.detectors = Array(Set(detectors)).sorted()
        self.observables = Array(Set(observables)).sorted()
    }
}

/// A detector error model: the list of independent error mechanisms of a noisy Clifford
/// circuit with declared detectors and observables. Decoders consume it.
public struct DetectorErrorModel: Sendable {
    public var detectorCount: Int
    public var observableCount: Int
    public var mechanisms: [ErrorMechanism]
    /// Optional coordinates per detector (space, then time), used for plots and debugging.
    public var detectorCoordinates: [Int: [Double]]

    public init(detectorCount: Int, observableCount: Int, mechanisms: [ErrorMechanism], detectorCoordinates: [Int: [Double]] = [:]) {
        self.detectorCount = detectorCount
        self.observableCount = observableCount
        self.mechanisms = mechanisms
        self.detectorCoordinates = detectorCoordinates
    }
}

/// Sampled detection events and observable flips for a batch of shots, bit-packed.
/// Shot s's detectors occupy words `[s * detectorWords, (s + 1) * detectorWords)` of
/// `detectors`, detector d in bit `d % 64` of word `d / 64`; shot s's observable flips are the
/// bits of `observables[s]` (at most 64 observables).
public struct DetectionSamples: Sendable {
    public let shots: Int
    public let detectorCount: Int
    public let observableCount: Int
    public var detectors: [UInt64]
    public var observables: [UInt64]

    public var detectorWords: Int { (detectorCount + 63) / 64 }

    public init(shots: Int, detectorCount: Int, observableCount: Int) {
        self.shots = shots
        self.detectorCount = detectorCount
        self.observableCount = observableCount
        detectors = [UInt64](repeating: 0, count: shots * ((detectorCount + 63) / 64))
        observables = [UInt64](repeating: 0, count: shots)
    }

    /// Indices of the detectors that fired in shot `s`.
    public func firedDetectors(shot s: Int) -> [Int] {
        var out: [Int] = []
        let w = detectorWords
        for i in 0..<w {
            var word = detectors[s * w + i]
            while word != 0 {
                let b = word.trailingZeroBitCount
                out.append(i * 64 + b)
                word &= word &- 1
            }
        }
        return out
    }

    public mutating func setDetector(shot s: Int, _ d: Int) {
        detectors[s * detectorWords + d / 64] |= 1 << UInt64(d % 64)
    }
}
