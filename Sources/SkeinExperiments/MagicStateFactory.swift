import Foundation
import SkeinAnyons

/// The extra cost of T gates on Ising / Majorana qubits, whose braids (or measurements) give only
/// Cliffords: noisy |A⟩ states are distilled by rounds of 15-to-1 (Bravyi & Kitaev, Phys. Rev. A
/// 71, 022316 (2005)) until the output error reaches the target.
///
/// Per round the output error and acceptance come from Skein's exact enumeration of the 2¹⁵ Z-error
/// patterns (`MagicStateDistillation.fifteenToOne`, ≈ 35ε³), plus the estimator's additive
/// logical-Clifford term 7.1·c (and failure 356·c) when the distillation Cliffords have error c.
/// Space and time per unit follow the Azure Quantum Resource Estimator's "15-to-1 space-efficient"
/// logical unit: 20 logical qubits for 13 logical cycles (microsoft/qsharp,
/// `resource_estimator/src/system/modeling/tfactory.rs`); round r of k runs 15^(k−r) units in
/// parallel to feed one output, so a factory occupies max_r 15^(k−r)·20 logical qubits (the first
/// round is the widest) for k·13 logical cycles.
public struct MagicStateFactory: Sendable, Equatable {
    /// Error of an injected (undistilled) magic state.
    public var injectionError: Double
    /// Error of a logical Clifford operation inside the distillation circuit (0: perfect).
    public var cliffordError: Double
    public static let unitLogicalQubits = 20
    public static let unitLogicalCycles = 13
    public static let maxRounds = 8

    public init(injectionError: Double, cliffordError: Double = 0) throws {
        guard injectionError > 0, injectionError < 0.5 else {
            throw ExperimentError.invalidParameter("injected magic-state error \(injectionError) must be in (0, 0.5)", hint: "e.g. 0.01")
        }
        guard cliffordError >= 0, cliffordError < 0.1 else {
            throw ExperimentError.invalidParameter("Clifford error \(cliffordError) must be in [0, 0.1)", hint: "e.g. 1e-6")
        }
        self.injectionError = injectionError
        self.cliffordError = cliffordError
    }

    /// One distillation round's output.
    public struct Round: Sendable, Equatable {
        public var inputError: Double
        public var outputError: Double
        /// Probability that the round's checks pass.
        public var acceptance: Double
        /// The leading-order 35ε³ for comparison.
        public var leadingOrder: Double
    }

    /// Output of one round with input error ε.
    public func round(inputError e: Double) -> Round {
        let exact = MagicStateDistillation.fifteenToOne(epsilon: e)
        let out = exact.outputError + 7.1 * cliffordError
        let accept = max(0, exact.acceptance - 356 * cliffordError)
        return Round(inputError: e, outputError: min(out, 0.5), acceptance: accept, leadingOrder: 35 * e * e * e)
    }

    /// The factory that reaches `target`.
    public struct Plan: Sendable, Equatable {
        public var target: Double
        public var rounds: [Round]
        /// Expected injected states per output T: Π 15/acceptance.
        public var injectedStatesPerT: Double
        /// Logical qubits the factory occupies (the widest round).
        public var logicalQubits: Int
        /// Logical cycles per output T (rounds × 13), before acceptance retries.
        public var logicalCycles: Int
        public var outputError: Double { rounds.last?.outputError ?? .nan }
    }

    /// The fewest rounds whose output error is at most `target` (0 rounds if the injected states
    /// already are good enough). Throws when the rounds stop improving (ε above the 15-to-1
    /// threshold, or the Clifford floor 7.1·c above the target) or more than `maxRounds` are needed.
    public func plan(target: Double) throws -> Plan {
        guard target > 0, target < 0.5 else { throw ExperimentError.invalidParameter("target \(target) must be in (0, 0.5)", hint: "e.g. 1e-12") }
        var rounds: [Round] = []
        var e = injectionError
        while e > target {
            guard rounds.count < MagicStateFactory.maxRounds else {
                throw ExperimentError.cannotFit("more than \(MagicStateFactory.maxRounds) rounds of 15-to-1 would be needed", hint: "lower the injection error")
            }
            let r = round(inputError: e)
            guard r.outputError < e, r.acceptance > 0 else {
                throw ExperimentError.cannotFit(String(format: "15-to-1 does not improve ε = %.3g (Clifford floor 7.1·c = %.3g)", e, 7.1 * cliffordError),
                                                hint: "the injected error must be below ≈ 0.14 and the Clifford error below target/7.1")
            }
            rounds.append(r)
            e = r.outputError
        }
        var states = 1.0
        for r in rounds { states *= 15 / r.acceptance }
        var width = 0
        var parallel = 1
        for _ in rounds { width = max(width, parallel * MagicStateFactory.unitLogicalQubits); parallel *= 15 }
        return Plan(target: target, rounds: rounds, injectedStatesPerT: states, logicalQubits: width,
                    logicalCycles: rounds.count * MagicStateFactory.unitLogicalCycles)
    }
}
