import ComplexModule
import Foundation
import SkeinCircuits
import SkeinLinearAlgebra
import Testing
@testable import SkeinStateVector

/// The 30-qubit-double / 31-qubit-single path at small n: every full-size buffer on the
/// `skein run` path is counted (`AllocationProbe`), refusals happen before any allocation, and
/// auxiliary arrays are checked against the budget.
@Suite("Scale: one full-size buffer, clear refusals")
struct ScaleTests {
    static let n = 12
    static var circuit: Circuit {
        get throws {
            try Circuit(qubits: n, clbits: n) {
                for q in 0..<n { H(q) }
                for q in 0..<(n - 1) { CRZ(.constant(0.1 * Double(q + 1)), q, q + 1) }
                QFT(0..<n)
                MeasureAll()
            }
        }
    }

    static func probing<R>(_ body: () throws -> R) rethrows -> (R, [Int]) {
        let probe = AllocationProbe()
        let r = try AllocationProbe.$current.withValue(probe) { try body() }
        return (r, probe.sizes)
    }

    /// run (gates + FFT QFT + 10^4 shots), the .npy write and a marginal allocate exactly one
    /// state buffer, double and single, with the budget set to exactly the state's size.
    @Test func terminalRunAllocatesOneState() throws {
        let c = try Self.circuit
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("skein-scale-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for p in Precision.allCases {
            let bytes = p.bytesPerAmplitude << Self.n
            let (_, sizes) = try Self.probing { () throws -> Void in
                let r = try StateVectorSimulator.run(c, shots: 10_000, seed: 1, precision: p, memoryBudget: UInt64(bytes), threads: 2)
                #expect(r.counts.values.reduce(0, +) == 10_000)
                try r.state.writeNPY(to: dir.appendingPathComponent("s-\(p).npy").path)
                let m = try r.state.probabilities(of: [0, 5, 11])
                #expect(abs(m.reduce(0, +) - 1) < 1e-5)
            }
            #expect(sizes == [bytes], "\(p)")
        }
    }

    /// One byte less than the state: refused with `insufficientMemory` before anything is
    /// allocated, by run, finalState and probabilities.
    @Test func refusalBeforeAllocation() throws {
        let c = try Self.circuit
        let bytes = UInt64(16 << Self.n)
        let (_, sizes) = Self.probing {
            #expect(throws: StateVectorError.insufficientMemory(qubits: Self.n, precision: "double", neededBytes: bytes,
                                                                 availableBytes: bytes - 1, source: "given budget")) {
                _ = try StateVectorSimulator.run(c, shots: 10, seed: 1, precision: .double, memoryBudget: bytes - 1)
            }
            #expect(throws: StateVectorError.self) {
                _ = try StateVectorSimulator.finalState(c, as: Float.self, memoryBudget: bytes / 2 - 1)
            }
            #expect(throws: StateVectorError.self) {
                _ = try StateVectorSimulator.probabilities(c, as: Double.self, memoryBudget: bytes - 1)
            }
        }
        #expect(sizes.isEmpty)
        // The message names sizes and a hint.
        let e = StateVectorError.insufficientMemory(qubits: 30, precision: "double", neededBytes: 1 << 34, availableBytes: 1 << 33, source: "given budget")
        #expect(e.description.contains("16.0 GiB") || e.description.contains("17179869184"))
        #expect(e.description.contains("--precision single"))
    }

    /// A marginal larger than the budget is refused before it is allocated.
    @Test func marginalChecksBudget() throws {
        let s = try StateVector<Double>(qubits: 12)
        #expect(throws: StateVectorError.self) { _ = try s.probabilities(of: Array(0..<12), memoryBudget: (8 << 12) - 1) }
        #expect(try s.probabilities(of: Array(0..<12), memoryBudget: 8 << 12).count == 1 << 12)
        let e = StateVectorError.insufficientMemoryFor(what: "a marginal distribution over 30 qubits", neededBytes: 8 << 30,
                                                       availableBytes: 1 << 30, source: "given budget", hint: "ask for fewer qubits")
        #expect(e.description.contains("a marginal distribution over 30 qubits needs"))
    }

    /// Dynamic circuit: the prefix cache takes a second state only when the budget allows it.
    @Test func prefixCacheOnlyWhenItFits() throws {
        let c = try Circuit(qubits: 10, clbits: 1) { H(0); CX(0, 1); Measure(0, 0); If("c", equals: 1) { X(2) } }
        let one = UInt64(16 << 10)
        let (_, tight) = try Self.probing {
            try StateVectorSimulator.run(c, shots: 50, seed: 2, bindings: [:], as: Double.self, memoryBudget: one,
                                         forcePerShot: true, cachePrefix: true)
        }
        #expect(tight == [16 << 10])
        let (_, roomy) = try Self.probing {
            try StateVectorSimulator.run(c, shots: 50, seed: 2, bindings: [:], as: Double.self, memoryBudget: 2 * one,
                                         forcePerShot: true, cachePrefix: true)
        }
        #expect(roomy == [16 << 10, 16 << 10])
    }

    /// The threaded zero fill gives |0…0⟩ exactly (large enough to be threaded).
    @Test func threadedInitialFill() throws {
        let s = try StateVector<Float>(qubits: 20)
        var nonzero = 0
        s.withUnsafeScalars { p in for x in p where x != 0 { nonzero += 1 } }
        #expect(nonzero == 1)
        #expect(try s.amplitude(0) == .one)
    }
}
