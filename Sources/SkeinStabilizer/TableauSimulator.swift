import SkeinLinearAlgebra

/// A Pauli string with a sign: ±X^x Z^z per qubit (Y = XZ up to the phase folded into the
/// sign convention of Aaronson–Gottesman: a (x=1, z=1) entry means Y).
public struct SignedPauliString: Hashable, Sendable, CustomStringConvertible {
    public var negative: Bool
    /// One character per qubit: "I", "X", "Y", "Z" (qubit 0 first).
    public var paulis: [Character]

    public var description: String { (negative ? "-" : "+") + String(paulis) }
}

/// The Clifford tableau simulator of Aaronson and Gottesman ("Improved simulation of stabilizer
/// circuits", Phys. Rev. A 70, 052328 (2004)): 2n generators (n destabilizers, then n
/// stabilizers) plus a scratch row, each a bit-packed row of X bits and Z bits in 64-bit words
/// with a sign bit. Gates cost O(n) bit operations; measurement costs O(n²/64) word
/// operations through `rowsum`, which multiplies Pauli rows a word at a time.
///
/// Use it for exact single-shot runs of Clifford circuits (outcomes of random measurements
/// come from the seeded generator) and as the noiseless reference of the frame simulator.
public struct TableauSimulator {
    public let qubitCount: Int
    @usableFromInline let words: Int
    @usableFromInline var xs: [UInt64]
    @usableFromInline var zs: [UInt64]
    @usableFromInline var signs: [Bool]
    /// When true, random measurement outcomes are +1 (result 0) instead of drawn from the
    /// generator: the reference sample convention of frame simulation.
    public var biasRandomOutcomesToZero = false
    public var generator: SeededGenerator
    /// All measurement results so far (true = outcome −1, i.e. result 1).
    public private(set) var measurementRecord: [Bool] = []

    /// The state |0…0⟩ on `qubits` qubits.
    public init(qubits: Int, seed: UInt64 = 0) {
        qubitCount = max(0, qubits)
        words = (qubitCount + 63) / 64
        let rows = 2 * qubitCount + 1
        xs = [UInt64](repeating: 0, count: rows * words)
        zs = [UInt64](repeating: 0, count: rows * words)
        signs = [Bool](repeating: false, count: rows)
        generator = SeededGenerator(seed: seed)
        for q in 0..<qubitCount {
            xs[q * words + q / 64] |= 1 << UInt64(q % 64)            // destabilizer X_q
            zs[(q + qubitCount) * words + q / 64] |= 1 << UInt64(q % 64)  // stabilizer Z_q
        }
    }

    // MARK: Bit access

    @inline(__always) func bit(_ a: [UInt64], _ row: Int, _ q: Int) -> Bool {
        (a[row &* words &+ (q >> 6)] >> UInt64(q & 63)) & 1 == 1
    }

    // MARK: Gates (column operations over all rows)

    /// Applies H to qubit q.
    public mutating func h(_ q: Int) {
        let w = q >> 6, m: UInt64 = 1 << UInt64(q & 63), W = words
        xs.withUnsafeMutableBufferPointer { x in zs.withUnsafeMutableBufferPointer { z in
            for r in 0..<(2 * qubitCount) {
                let i = r &* W &+ w
                let xb = x[i] & m, zb = z[i] & m
                if xb != 0 && zb != 0 { signs[r].toggle() }
                x[i] = (x[i] & ~m) | zb
                z[i] = (z[i] & ~m) | xb
            }
        } }
    }

    /// Applies S to qubit q.
    public mutating func s(_ q: Int) {
        let w = q >> 6, m: UInt64 = 1 << UInt64(q & 63), W = words
        xs.withUnsafeMutableBufferPointer { x in zs.withUnsafeMutableBufferPointer { z in
            for r in 0..<(2 * qubitCount) {
                let i = r &* W &+ w
                if x[i] & m != 0 {
                    if z[i] & m != 0 { signs[r].toggle() }
                    z[i] ^= m
                }
            }
        } }
    }

    /// Applies a Pauli (x, z) to qubit q: flips the sign of every row that anticommutes with it.
    public mutating func pauli(_ q: Int, x px: Bool, z pz: Bool) {
        let w = q >> 6, m: UInt64 = 1 << UInt64(q & 63), W = words
        for r in 0..<(2 * qubitCount) {
            let i = r &* W &+ w
            let anti = ((xs[i] & m != 0) && pz) != ((zs[i] & m != 0) && px)
            if anti { signs[r].toggle() }
        }
    }

    /// Applies CX with control a and target b.
    public mutating func cx(_ a: Int, _ b: Int) {
        let wa = a >> 6, ma: UInt64 = 1 << UInt64(a & 63)
        let wb = b >> 6, mb: UInt64 = 1 << UInt64(b & 63), W = words
        xs.withUnsafeMutableBufferPointer { x in zs.withUnsafeMutableBufferPointer { z in
            for r in 0..<(2 * qubitCount) {
                let ia = r &* W &+ wa, ib = r &* W &+ wb
                let xa = x[ia] & ma != 0, za = z[ia] & ma != 0
                let xb = x[ib] & mb != 0, zb = z[ib] & mb != 0
                if xa && zb && (xb == za) { signs[r].toggle() }
                if xa { x[ib] ^= mb }
                if zb { z[ia] ^= ma }
            }
        } }
    }

    /// Applies one stabilizer-circuit gate opcode to qubits (one qubit or a pair).
    public mutating func apply(_ op: StabilizerOpcode, _ a: Int, _ b: Int = -1) {
        switch op {
        case .I: break
        case .X: pauli(a, x: true, z: false)
        case .Y: pauli(a, x: true, z: true)
        case .Z: pauli(a, x: false, z: true)
        case .H: h(a)
        case .S: s(a)
        case .S_DAG: s(a); s(a); s(a)
        case .SQRT_X: h(a); s(a); h(a)
        case .SQRT_X_DAG: h(a); s(a); s(a); s(a); h(a)
        case .SQRT_Y: h(a); pauli(a, x: true, z: false)
        case .SQRT_Y_DAG: h(a); pauli(a, x: false, z: true)
        case .H_YZ: h(a); s(a); h(a); pauli(a, x: false, z: true)
        case .H_XY: pauli(a, x: true, z: false); s(a)
        case .CX: cx(a, b)
        case .CZ: h(b); cx(a, b); h(b)
        case .CY: s(b); s(b); s(b); cx(a, b); s(b)
        case .SWAP: cx(a, b); cx(b, a); cx(a, b)
        default: break
        }
    }

    // MARK: Row products

    /// Row h := row i · row h, with the sign of the product (Aaronson–Gottesman `rowsum`).
    /// The phase is counted a word at a time: per qubit the product of two Paulis contributes
    /// +i for (X,Y), (Y,Z), (Z,X), −i for the reverse orders, and 1 otherwise.
    @usableFromInline mutating func rowsum(_ h: Int, _ i: Int) {
        let W = words
        var up = 0, down = 0
        xs.withUnsafeMutableBufferPointer { x in zs.withUnsafeMutableBufferPointer { z in
            let bh = h &* W, bi = i &* W
            for k in 0..<W {
                let x1 = x[bi &+ k], z1 = z[bi &+ k], x2 = x[bh &+ k], z2 = z[bh &+ k]
                let plus = (x1 & ~z1 & x2 & z2) | (x1 & z1 & ~x2 & z2) | (~x1 & z1 & x2 & ~z2)
                let anti = (x1 & z2) ^ (z1 & x2)
                up &+= plus.nonzeroBitCount
                down &+= (anti & ~plus).nonzeroBitCount
                x[bh &+ k] = x2 ^ x1
                z[bh &+ k] = z2 ^ z1
            }
        } }
        var total = (up &- down) + (signs[h] ? 2 : 0) + (signs[i] ? 2 : 0)
        total = ((total % 4) + 4) % 4
        signs[h] = total == 2
    }

    // MARK: Measurement

    /// The deterministic outcome of a Z measurement of q (true = result 1), or nil when the
    /// outcome is random. Does not change the state.
    public mutating func peekZ(_ q: Int) -> Bool? {
        let n = qubitCount
        for p in n..<(2 * n) where bit(xs, p, q) { return nil }
        return deterministicZ(q)
    }

    private mutating func deterministicZ(_ q: Int) -> Bool {
        let n = qubitCount, scratch = 2 * n, W = words
        for k in 0..<W { xs[scratch * W + k] = 0; zs[scratch * W + k] = 0 }
        signs[scratch] = false
        for i in 0..<n where bit(xs, i, q) { rowsum(scratch, i + n) }
        return signs[scratch]
    }

    /// Measures qubit q in the Z basis and returns the result (true = 1). Records it.
    @discardableResult
    public mutating func measureZ(_ q: Int) -> Bool {
        let n = qubitCount, W = words
        var p = -1
        for r in n..<(2 * n) where bit(xs, r, q) { p = r; break }
        let result: Bool
        if p >= 0 {
            for i in 0..<(2 * n) where i != p && bit(xs, i, q) { rowsum(i, p) }
            // Destabilizer p−n := old stabilizer p; stabilizer p := ±Z_q.
            for k in 0..<W {
                xs[(p - n) * W + k] = xs[p * W + k]
                zs[(p - n) * W + k] = zs[p * W + k]
                xs[p * W + k] = 0
                zs[p * W + k] = 0
            }
            signs[p - n] = signs[p]
            zs[p * W + (q >> 6)] = 1 << UInt64(q & 63)
            result = biasRandomOutcomesToZero ? false : (generator.next() & 1 == 1)
            signs[p] = result
        } else {
            result = deterministicZ(q)
        }
        measurementRecord.append(result)
        return result
    }

    /// Measures in the X basis.
    @discardableResult
    public mutating func measureX(_ q: Int) -> Bool {
        h(q); let r = measureZ(q); h(q); return r
    }

    /// Measures in the Y basis.
    @discardableResult
    public mutating func measureY(_ q: Int) -> Bool {
        s(q); s(q); s(q); h(q); let r = measureZ(q); h(q); s(q); return r
    }

    /// Resets q to |0⟩ (Z), |+⟩ (X) or |i⟩ (Y) without recording a measurement.
    public mutating func reset(_ q: Int, basis: Character = "Z") {
        let r: Bool
        switch basis {
        case "X": r = measureX(q); if r { pauli(q, x: false, z: true) }
        case "Y": r = measureY(q); if r { pauli(q, x: true, z: false) }
        default: r = measureZ(q); if r { pauli(q, x: true, z: false) }
        }
        measurementRecord.removeLast()
    }

    /// The n stabilizer generators of the current state.
    public func stabilizers() -> [SignedPauliString] {
        (qubitCount..<(2 * qubitCount)).map { r in
            SignedPauliString(negative: signs[r], paulis: (0..<qubitCount).map { q in
                switch (bit(xs, r, q), bit(zs, r, q)) {
                case (false, false): return "I"
                case (true, false): return "X"
                case (true, true): return "Y"
                case (false, true): return "Z"
                }
            })
        }
    }

    // MARK: Circuits

    /// Runs a noiseless stabilizer circuit (noise channels are ignored; measurement flip
    /// arguments are ignored) and returns the measurement record. Use `FrameSimulator` to
    /// sample noise.
    public mutating func run(_ circuit: StabilizerCircuit) throws -> [Bool] {
        let start = measurementRecord.count
        for inst in try circuit.flattened() { try execute(inst) }
        return Array(measurementRecord[start...])
    }

    /// Executes one instruction, ignoring noise.
    public mutating func execute(_ inst: StabilizerInstruction) throws {
        let n = qubitCount
        for t in inst.targets { if let q = t.qubit, q >= n {
            throw StabilizerError.invalidCircuit("\(inst.opcode.rawValue) targets qubit \(q) but the simulator has \(n) qubits")
        } }
        switch inst.opcode.info.kind {
        case .clifford1:
            for t in inst.targets { if let q = t.qubit { apply(inst.opcode, q) } }
        case .clifford2:
            var k = 0
            while k + 1 < inst.targets.count {
                if let a = inst.targets[k].qubit, let b = inst.targets[k + 1].qubit { apply(inst.opcode, a, b) }
                k += 2
            }
        case .measurement, .measureReset:
            for t in inst.targets {
                guard let q = t.qubit else { continue }
                let basis: Character = inst.opcode == .MX || inst.opcode == .MRX ? "X" : (inst.opcode == .MY || inst.opcode == .MRY ? "Y" : "Z")
                let r: Bool
                switch basis {
                case "X": r = measureX(q)
                case "Y": r = measureY(q)
                default: r = measureZ(q)
                }
                if case .invertedQubit = t { measurementRecord[measurementRecord.count - 1].toggle() }
                if inst.opcode.info.kind == .measureReset && r {
                    switch basis {
                    case "X": pauli(q, x: false, z: true)
                    default: pauli(q, x: true, z: false)
                    }
                }
            }
        case .reset:
            let basis: Character = inst.opcode == .RX ? "X" : (inst.opcode == .RY ? "Y" : "Z")
            for t in inst.targets { if let q = t.qubit { reset(q, basis: basis) } }
        case .noise1, .noise2, .annotation:
            break
        }
    }
}
