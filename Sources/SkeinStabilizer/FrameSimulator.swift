import Foundation
import SkeinLinearAlgebra

/// Bulk sampler for noisy stabilizer circuits by Pauli-frame propagation (Gidney, "Stim: a fast
/// stabilizer circuit simulator", Quantum 5, 497 (2021), §3; Knill, Nature 434, 39 (2005)).
///
/// One noiseless reference run on the tableau simulator fixes a reference measurement record;
/// each shot then only tracks the Pauli frame (the difference between the noisy and the
/// reference evolution). Frames are bit-packed across shots: qubit q's X bits for 64 shots sit
/// in one word, and every gate is a handful of word operations per 64 shots. Noise is sampled
/// with geometric skipping: the gap to the next error among (targets × shots) trials is
/// ⌊log u / log(1−p)⌋, so the cost is proportional to the number of errors, not of trials.
///
/// Shots are processed in batches of `batchWords × 64`; batch b draws from
/// `SeededGenerator(seed:).substream(b)`, so results do not depend on the thread count.
public struct FrameSimulator: Sendable {
    public let circuit: CompiledStabilizerCircuit
    /// Words (of 64 shots) per batch.
    public var batchWords: Int = 16
    /// Randomize the gauge after resets and measurements (apply a random stabilizer of the
    /// collapsed state) so measurement samples of random outcomes are uniformly random.
    /// Detection events and observable flips do not depend on it.
    public var randomizeGauge = true

    public init(_ circuit: StabilizerCircuit) throws {
        self.circuit = try CompiledStabilizerCircuit(circuit)
    }

    public init(compiled: CompiledStabilizerCircuit) {
        circuit = compiled
    }

    /// Samples `shots` shots and returns detection events (detector parities that differ from
    /// the noiseless expectation) and observable flips, on `threads` threads.
    public func sampleDetectors(shots: Int, seed: UInt64, threads: Int = 1) throws -> DetectionSamples {
        guard shots >= 0 else { throw StabilizerError.invalidParameter("shots must be non-negative, got \(shots)") }
        let c = circuit
        let detWordsPerShot = (c.detectorCount + 63) / 64
        let (bytes, o1) = shots.multipliedReportingOverflow(by: detWordsPerShot * 8)
        guard !o1, bytes < 8 << 30 else {
            throw StabilizerError.tooLarge("\(shots) shots × \(c.detectorCount) detectors need \(bytes) bytes; hint: sample in smaller chunks")
        }
        guard c.observableCount <= 64 else { throw StabilizerError.tooLarge("at most 64 observables are supported") }
        try checkBatchMemory()
        var out = DetectionSamples(shots: shots, detectorCount: c.detectorCount, observableCount: c.observableCount)
        let shotsPerBatch = batchWords * 64
        let batches = (shots + shotsPerBatch - 1) / shotsPerBatch
        let threadCount = max(1, min(threads, batches))
        out.detectors.withUnsafeMutableBufferPointer { detOut in
            out.observables.withUnsafeMutableBufferPointer { obsOut in
                let detPtr = UnsafeMutableBufferPointerBox(detOut), obsPtr = UnsafeMutableBufferPointerBox(obsOut)
                let work: @Sendable (Int) -> Void = { tid in
                    var batch = FrameBatch(circuit: c, words: batchWords, randomizeGauge: randomizeGauge)
                    var b = tid
                    while b < batches {
                        var rng = SeededGenerator(seed: seed).substream(b)
                        batch.run(&rng)
                        let first = b * shotsPerBatch
                        let count = min(shotsPerBatch, shots - first)
                        batch.writeDetectors(into: detPtr.buffer, observables: obsPtr.buffer, firstShot: first, count: count, detWordsPerShot: detWordsPerShot)
                        b += threadCount
                    }
                }
                if threadCount == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: threadCount, execute: work) }
            }
        }
        return out
    }

    /// Refuses batches whose frames and records would not fit in memory.
    func checkBatchMemory() throws {
        let c = circuit
        let rows = 2 * c.qubitCount + c.measurementCount + c.detectorCount + c.observableCount
        let (words, o) = rows.multipliedReportingOverflow(by: batchWords)
        guard !o, words <= (4 << 30) / 8 else {
            throw StabilizerError.tooLarge("a batch of \(batchWords * 64) shots needs \(words * 8) bytes of frames and records; hint: set batchWords lower or use fewer rounds")
        }
    }

    /// Samples measurement records: result[s][m] is measurement m of shot s (true = 1),
    /// including inverted targets, as stim's `compile_sampler().sample` reports them.
    public func sampleMeasurements(shots: Int, seed: UInt64) throws -> [[Bool]] {
        guard shots >= 0 else { throw StabilizerError.invalidParameter("shots must be non-negative, got \(shots)") }
        let c = circuit
        try checkBatchMemory()
        guard c.qubitCount <= 20_000 else {
            throw StabilizerError.tooLarge("the reference tableau for \(c.qubitCount) qubits is too large (limit 20000); hint: sample detectors instead, which needs no reference")
        }
        let (cells, o) = shots.multipliedReportingOverflow(by: max(1, c.measurementCount))
        guard !o, cells <= 1 << 31 else { throw StabilizerError.tooLarge("\(shots) shots × \(c.measurementCount) measurements is too many results; hint: sample in chunks") }
        var reference = TableauSimulator(qubits: c.qubitCount)
        reference.biasRandomOutcomesToZero = true
        for op in c.ops {
            let qs = c.targets[op.start..<(op.start + op.count)]
            let inst: StabilizerInstruction
            switch op.opcode {
            case .DETECTOR, .OBSERVABLE_INCLUDE: continue
            default: inst = StabilizerInstruction(op.opcode, qubits: Array(qs))
            }
            try reference.execute(inst)
        }
        var ref = reference.measurementRecord
        for (i, inv) in c.inverted.enumerated() where inv { ref[i].toggle() }
        var result: [[Bool]] = []
        result.reserveCapacity(shots)
        let shotsPerBatch = batchWords * 64
        var batch = FrameBatch(circuit: c, words: batchWords, randomizeGauge: randomizeGauge)
        var b = 0
        while b * shotsPerBatch < shots {
            var rng = SeededGenerator(seed: seed).substream(b)
            batch.run(&rng)
            let first = b * shotsPerBatch
            for s in 0..<min(shotsPerBatch, shots - first) {
                var row = ref
                for m in 0..<c.measurementCount where (batch.record[m * batchWords + s >> 6] >> UInt64(s & 63)) & 1 == 1 {
                    row[m].toggle()
                }
                result.append(row)
            }
            b += 1
        }
        return result
    }
}

/// A Sendable wrapper for a buffer shared by worker threads that write disjoint ranges.
struct UnsafeMutableBufferPointerBox: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<UInt64>
    init(_ b: UnsafeMutableBufferPointer<UInt64>) { buffer = b }
}

/// The frames of one batch of 64·words shots and the code that advances them.
struct FrameBatch {
    let c: CompiledStabilizerCircuit
    let W: Int
    let randomizeGauge: Bool
    var x: [UInt64]
    var z: [UInt64]
    /// Measurement flips, measurement-major: record[m * W + w].
    var record: [UInt64]
    var det: [UInt64]
    var obs: [UInt64]

    init(circuit: CompiledStabilizerCircuit, words: Int, randomizeGauge: Bool) {
        c = circuit
        W = words
        self.randomizeGauge = randomizeGauge
        x = [UInt64](repeating: 0, count: circuit.qubitCount * words)
        z = x
        record = [UInt64](repeating: 0, count: circuit.measurementCount * words)
        det = [UInt64](repeating: 0, count: circuit.detectorCount * words)
        obs = [UInt64](repeating: 0, count: max(1, circuit.observableCount) * words)
    }

    mutating func run(_ rng: inout SeededGenerator) {
        let W = self.W
        let ops = c.ops
        let randomize = randomizeGauge
        c.targets.withUnsafeBufferPointer { T in
        x.withUnsafeMutableBufferPointer { X in
        z.withUnsafeMutableBufferPointer { Z in
        record.withUnsafeMutableBufferPointer { R in
        det.withUnsafeMutableBufferPointer { D in
        obs.withUnsafeMutableBufferPointer { O in
            // Every qubit starts in |0⟩; a random Z frame is a random stabilizer of it.
            for i in 0..<X.count { X[i] = 0; Z[i] = randomize ? rng.next() : 0 }
            for i in 0..<O.count { O[i] = 0 }
            var m = 0, d = 0
            for op in ops {
                let s = op.start, n = op.count
                switch op.opcode {
                case .I, .X, .Y, .Z:
                    break
                case .H, .SQRT_Y, .SQRT_Y_DAG:
                    for k in s..<(s + n) { let b = T[k] &* W; for w in 0..<W { let t = X[b &+ w]; X[b &+ w] = Z[b &+ w]; Z[b &+ w] = t } }
                case .S, .S_DAG, .H_XY:
                    for k in s..<(s + n) { let b = T[k] &* W; for w in 0..<W { Z[b &+ w] ^= X[b &+ w] } }
                case .SQRT_X, .SQRT_X_DAG, .H_YZ:
                    for k in s..<(s + n) { let b = T[k] &* W; for w in 0..<W { X[b &+ w] ^= Z[b &+ w] } }
                case .CX:
                    var k = s
                    while k < s + n {
                        let a = T[k] &* W, b = T[k &+ 1] &* W
                        for w in 0..<W { X[b &+ w] ^= X[a &+ w]; Z[a &+ w] ^= Z[b &+ w] }
                        k &+= 2
                    }
                case .CZ:
                    var k = s
                    while k < s + n {
                        let a = T[k] &* W, b = T[k &+ 1] &* W
                        for w in 0..<W { Z[a &+ w] ^= X[b &+ w]; Z[b &+ w] ^= X[a &+ w] }
                        k &+= 2
                    }
                case .CY:
                    var k = s
                    while k < s + n {
                        let a = T[k] &* W, b = T[k &+ 1] &* W
                        for w in 0..<W {
                            Z[a &+ w] ^= X[b &+ w] ^ Z[b &+ w]
                            X[b &+ w] ^= X[a &+ w]
                            Z[b &+ w] ^= X[a &+ w]
                        }
                        k &+= 2
                    }
                case .SWAP:
                    var k = s
                    while k < s + n {
                        let a = T[k] &* W, b = T[k &+ 1] &* W
                        for w in 0..<W {
                            let tx = X[a &+ w]; X[a &+ w] = X[b &+ w]; X[b &+ w] = tx
                            let tz = Z[a &+ w]; Z[a &+ w] = Z[b &+ w]; Z[b &+ w] = tz
                        }
                        k &+= 2
                    }
                case .M, .MX, .MY, .MR, .MRX, .MRY:
                    let basis = op.opcode
                    let first = m
                    for k in s..<(s + n) {
                        let b = T[k] &* W, r = m &* W
                        switch basis {
                        case .M, .MR: for w in 0..<W { R[r &+ w] = X[b &+ w] }
                        case .MX, .MRX: for w in 0..<W { R[r &+ w] = Z[b &+ w] }
                        default: for w in 0..<W { R[r &+ w] = X[b &+ w] ^ Z[b &+ w] }
                        }
                        let isReset = basis == .MR || basis == .MRX || basis == .MRY
                        if isReset { for w in 0..<W { X[b &+ w] = 0; Z[b &+ w] = 0 } }
                        if randomize {
                            switch basis {
                            case .M, .MR: for w in 0..<W { Z[b &+ w] ^= rng.next() }
                            case .MX, .MRX: for w in 0..<W { X[b &+ w] ^= rng.next() }
                            default: for w in 0..<W { let r = rng.next(); X[b &+ w] ^= r; Z[b &+ w] ^= r }
                            }
                        }
                        m &+= 1
                    }
                    if let p = op.arguments.first, p > 0 {
                        FrameBatch.flipBits(R, start: first &* W, count: n &* W, p: p, &rng)
                    }
                case .R, .RX, .RY:
                    for k in s..<(s + n) {
                        let b = T[k] &* W
                        for w in 0..<W { X[b &+ w] = 0; Z[b &+ w] = 0 }
                        if randomize {
                            switch op.opcode {
                            case .R: for w in 0..<W { Z[b &+ w] = rng.next() }
                            case .RX: for w in 0..<W { X[b &+ w] = rng.next() }
                            default: for w in 0..<W { let r = rng.next(); X[b &+ w] = r; Z[b &+ w] = r }
                            }
                        }
                    }
                case .X_ERROR, .Y_ERROR, .Z_ERROR, .DEPOLARIZE1, .PAULI_CHANNEL_1:
                    let a = op.arguments
                    let total: Double
                    switch op.opcode {
                    case .PAULI_CHANNEL_1: total = a[0] + a[1] + a[2]
                    default: total = a[0]
                    }
                    if total <= 0 { break }
                    let shotsPerTarget = W &* 64
                    FrameBatch.forEachHit(trials: n &* shotsPerTarget, p: total, &rng) { t, rng in
                        let q = T[s &+ t / shotsPerTarget], shot = t % shotsPerTarget
                        let idx = q &* W &+ (shot >> 6), bit: UInt64 = 1 << UInt64(shot & 63)
                        var pauli: Int  // 1 = X, 2 = Z, 3 = Y
                        switch op.opcode {
                        case .X_ERROR: pauli = 1
                        case .Z_ERROR: pauli = 2
                        case .Y_ERROR: pauli = 3
                        case .DEPOLARIZE1: pauli = Int(rng.next() % 3) + 1
                        default:
                            let u = rng.nextUniform() * total
                            pauli = u < a[0] ? 1 : (u < a[0] + a[1] ? 3 : 2)
                        }
                        if pauli & 1 != 0 { X[idx] ^= bit }
                        if pauli & 2 != 0 { Z[idx] ^= bit }
                    }
                case .DEPOLARIZE2, .PAULI_CHANNEL_2:
                    let a = op.arguments
                    let total = op.opcode == .DEPOLARIZE2 ? a[0] : a.reduce(0, +)
                    if total <= 0 { break }
                    let shotsPerPair = W &* 64
                    FrameBatch.forEachHit(trials: (n / 2) &* shotsPerPair, p: total, &rng) { t, rng in
                        let pair = t / shotsPerPair, shot = t % shotsPerPair
                        let q1 = T[s &+ 2 &* pair], q2 = T[s &+ 2 &* pair &+ 1]
                        let off = shot >> 6, bit: UInt64 = 1 << UInt64(shot & 63)
                        var k: Int  // 1…15: first Pauli k / 4, second k % 4 (0 I, 1 X, 2 Y, 3 Z)
                        if op.opcode == .DEPOLARIZE2 {
                            k = Int(rng.next() % 15) + 1
                        } else {
                            let u = rng.nextUniform() * total
                            var acc = 0.0
                            k = 15
                            for j in 0..<15 { acc += a[j]; if u < acc { k = j + 1; break } }
                        }
                        let p1 = k >> 2, p2 = k & 3
                        // Pauli code 1 X, 2 Y, 3 Z → x bit for X/Y, z bit for Y/Z.
                        if p1 == 1 || p1 == 2 { X[q1 &* W &+ off] ^= bit }
                        if p1 == 2 || p1 == 3 { Z[q1 &* W &+ off] ^= bit }
                        if p2 == 1 || p2 == 2 { X[q2 &* W &+ off] ^= bit }
                        if p2 == 2 || p2 == 3 { Z[q2 &* W &+ off] ^= bit }
                    }
                case .DETECTOR:
                    let dd = d &* W
                    for w in 0..<W { D[dd &+ w] = 0 }
                    for k in s..<(s + n) { let r = T[k] &* W; for w in 0..<W { D[dd &+ w] ^= R[r &+ w] } }
                    d &+= 1
                case .OBSERVABLE_INCLUDE:
                    let o = Int(op.arguments[0]) &* W
                    for k in s..<(s + n) { let r = T[k] &* W; for w in 0..<W { O[o &+ w] ^= R[r &+ w] } }
                case .TICK, .QUBIT_COORDS, .SHIFT_COORDS:
                    break
                }
            }
        } } } } } }
    }

    /// Calls `body(t, &rng)` for each trial index t in [0, trials) that succeeds with
    /// probability p, visiting only the successes (geometric skipping).
    @inline(__always)
    static func forEachHit(trials: Int, p: Double, _ rng: inout SeededGenerator, _ body: (Int, inout SeededGenerator) -> Void) {
        if p >= 1 {
            for t in 0..<trials { body(t, &rng) }
            return
        }
        let logq = Foundation.log1p(-p)
        var t = -1
        while true {
            let u = 1 - rng.nextUniform()  // (0, 1]
            let gap = Foundation.log(u) / logq
            if gap >= Double(trials) { return }
            t &+= 1 &+ Int(gap)
            if t >= trials { return }
            body(t, &rng)
        }
    }

    static func flipBits(_ R: UnsafeMutableBufferPointer<UInt64>, start: Int, count: Int, p: Double, _ rng: inout SeededGenerator) {
        forEachHit(trials: count &* 64, p: p, &rng) { t, _ in
            R[start &+ (t >> 6)] ^= 1 << UInt64(t & 63)
        }
    }

    /// Transposes this batch's detector and observable words into the shot-major output.
    func writeDetectors(into detOut: UnsafeMutableBufferPointer<UInt64>, observables obsOut: UnsafeMutableBufferPointer<UInt64>,
                        firstShot: Int, count: Int, detWordsPerShot: Int) {
        let W = self.W
        det.withUnsafeBufferPointer { D in
            for d in 0..<c.detectorCount {
                let base = d &* W, dw = d >> 6, db: UInt64 = 1 << UInt64(d & 63)
                for w in 0..<W {
                    var word = D[base &+ w]
                    while word != 0 {
                        let s = (w << 6) | word.trailingZeroBitCount
                        word &= word &- 1
                        if s < count { detOut[(firstShot &+ s) &* detWordsPerShot &+ dw] |= db }
                    }
                }
            }
        }
        obs.withUnsafeBufferPointer { O in
            for k in 0..<c.observableCount {
                let base = k &* W, ob: UInt64 = 1 << UInt64(k)
                for w in 0..<W {
                    var word = O[base &+ w]
                    while word != 0 {
                        let s = (w << 6) | word.trailingZeroBitCount
                        word &= word &- 1
                        if s < count { obsOut[firstShot &+ s] |= ob }
                    }
                }
            }
        }
    }
}
