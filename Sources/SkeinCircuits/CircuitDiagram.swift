import Foundation

/// Text drawings of circuits, in the spirit of Qiskit's text drawer:
///
/// ```
///       ┌───┐       ┌─┐
/// q_0: ─┤ H ├───■───┤M├─────
///       └───┘ ┌─┴─┐ └╥┘ ┌─┐
/// q_1: ───────┤ X ├──╫──┤M├─
///             └───┘  ║  └╥┘
/// c_0: ══════════════╩═══╬══
///                        ║
/// c_1: ══════════════════╩══
/// ```
///
/// One wire per qubit (`q_0:`, named register_index) and per classical bit; gates are boxes
/// with their parameters (`┤ Rz(π/2) ├`), controls are `■` joined to the target by a vertical
/// line, swaps are `╳`, measurements are `M` with a double line down to their classical bit,
/// resets are `|0>`, barriers are `░`, and a classically conditioned operation has a double
/// line down to its register, whose bits show `■` for 1 and `o` for 0 in the tested value.
/// Operations are packed into layers left to right; a diagram wider than `maxWidth` is folded
/// into blocks (`»` ends a folded row, `«` starts its continuation).
public enum CircuitDiagram {
    /// The diagram of `circuit`, folded to at most `maxWidth` characters per line where a
    /// single layer allows it.
    public static func text(_ circuit: Circuit, maxWidth: Int = 120) -> String {
        let nq = circuit.qubitCount, nc = circuit.clbitCount
        let wires = nq + nc
        guard wires > 0 else { return "" }

        // Wire labels.
        var labels: [String] = []
        for q in 0..<nq {
            let r = circuit.quantumRegisters.first { $0.qubits.contains(q) }
            labels.append("\(r?.name ?? "q")_\(q - (r?.offset ?? 0)): ")
        }
        for b in 0..<nc {
            let r = circuit.classicalRegisters.first { $0.bits.contains(b) }
            labels.append("\(r?.name ?? "c")_\(b - (r?.offset ?? 0)): ")
        }
        let labelWidth = labels.map(\.count).max() ?? 0

        // Layers: an operation occupies the wires from its lowest to its highest.
        var level = [Int](repeating: 0, count: wires)
        var layers: [[Plan]] = []
        var phase = circuit.globalPhase.constantValue ?? 0
        var symbolicPhase = circuit.globalPhase.constantValue == nil
        for op in circuit.operations {
            if op.qubits.isEmpty {
                if case .gate(let g) = op.instruction, op.condition == nil {
                    if let v = g.parameters.first?.constantValue { phase += v } else { symbolicPhase = true }
                }
                continue
            }
            let plan = Plan(op, qubits: nq)
            let span = plan.span
            var l = 0
            for w in span { l = Swift.max(l, level[w]) }
            for w in span { level[w] = l + 1 }
            while layers.count <= l { layers.append([]) }
            layers[l].append(plan)
        }

        let rendered = layers.map { render($0, wires: wires, quantum: nq) }
        let rows = 2 * wires + 1

        // Fold into blocks.
        var blocks: [[Int]] = []
        var current: [Int] = []
        var width = 0
        for (i, layer) in rendered.enumerated() {
            let w = layer.width + 1
            let fixed = labelWidth + (blocks.isEmpty ? 0 : 1) + 1 + 1  // label, «, lead, »
            if !current.isEmpty && fixed + width + w > maxWidth {
                blocks.append(current)
                current = []
                width = 0
            }
            current.append(i)
            width += w
        }
        blocks.append(current)

        var out: [String] = []
        if symbolicPhase {
            out.append("global phase: \(circuit.globalPhase.qasm)")
        } else if abs(remainder(phase, 2 * .pi)) > 1e-12 {
            out.append("global phase: \(format(remainder(phase, 2 * .pi)))")
        }
        for (bi, block) in blocks.enumerated() {
            if bi > 0 { out.append("") }
            var blockLines: [String] = []
            for r in 0..<rows {
                let isWire = r % 2 == 1
                let w = r / 2
                var line = isWire ? String(repeating: " ", count: labelWidth - labels[w].count) + labels[w]
                    : String(repeating: " ", count: labelWidth)
                let wireChar: Character = isWire ? (w < nq ? "─" : "═") : " "
                if bi > 0 { line.append(isWire ? "«" : " ") }
                line.append(wireChar)
                for i in block {
                    line += rendered[i].rows[r]
                    line.append(wireChar)
                }
                if bi < blocks.count - 1 { line.append(isWire ? "»" : " ") }
                while line.last == " " { line.removeLast() }
                blockLines.append(line)
            }
            // Blank rows above the first wire and below the last one carry nothing.
            while blockLines.first?.isEmpty == true { blockLines.removeFirst() }
            while blockLines.last?.isEmpty == true { blockLines.removeLast() }
            out += blockLines
        }
        return out.joined(separator: "\n")
    }

    // MARK: Formatting

    /// Parameter text: multiples of π as `π/2`, `-3π/4`; other numbers with 4 significant digits.
    static func format(_ v: Double) -> String {
        if v == 0 { return "0" }
        for den in [1, 2, 3, 4, 6, 8, 12, 16, 32, 64] {
            let num = (v * Double(den) / .pi).rounded()
            if num != 0, abs(num) <= 256, abs(num * .pi / Double(den) - v) <= 1e-12 * Swift.max(1, abs(v)) {
                let n = Int(num)
                let sign = n < 0 ? "-" : ""
                let a = abs(n)
                let head = a == 1 ? "π" : "\(a)π"
                return sign + (den == 1 ? head : "\(head)/\(den)")
            }
        }
        return String(format: "%.4g", v)
    }

    static func format(_ e: ParameterExpression) -> String {
        if let v = e.constantValue { return format(v) }
        return e.qasm
    }

    static let displayNames: [StandardGate: String] = [
        .sx: "√X", .sxdg: "√Xdg", .id: "I", .gphase: "GPhase",
    ]

    static func label(_ g: Gate) -> String {
        switch g {
        case .standard(let s, let p):
            let name = displayNames[s] ?? (s.rawValue.prefix(1).uppercased() + s.rawValue.dropFirst())
            return p.isEmpty ? name : "\(name)(\(p.map { format($0) }.joined(separator: ",")))"
        case .unitary(let u): return u.name
        case .controlled(let b, let c): return "C\(c == 1 ? "" : String(c))" + label(b)
        case .inverse(let b): return label(b) + "†"
        case .qft(let q): return (q.inverse ? "QFT†" : "QFT") + (q.swaps ? "" : " (no swaps)")
        }
    }

    // MARK: Plans: what one operation draws

    enum Glyph {
        /// A box `┤ label ├` on one wire.
        case box(String)
        /// A box spanning wires first…last, the gate's j-th target on `indices`.
        case tall(String, first: Int, last: Int, indices: [Int: Int])
        case measure
        case control(filled: Bool)
        case swap
        case reset
        case barrier
        /// The classical bit a measurement writes.
        case measureTarget
        /// A condition bit: ■ for 1, o for 0.
        case conditionBit(Bool)

        var width: Int {
            switch self {
            case .box(let s): return s.count + 4
            case .tall(let s, _, _, let idx): return digits(idx) + s.count + 4
            case .measure, .reset: return 3
            case .control, .swap, .barrier, .measureTarget, .conditionBit: return 1
            }
        }
        var isBox: Bool {
            switch self {
            case .box, .tall, .measure: return true
            default: return false
            }
        }
        func digits(_ idx: [Int: Int]) -> Int { String(idx.values.max() ?? 0).count }
    }

    struct Plan {
        /// (wire, glyph) pairs, sorted by wire; a tall box is listed at its first wire.
        var glyphs: [(wire: Int, glyph: Glyph)] = []
        /// Wires joined by a single vertical line (the quantum part) and by a double one
        /// (measurement and condition).
        var single: [Int] = []
        var double: [Int] = []
        var isBarrier = false

        var span: ClosedRange<Int> {
            var lo = Int.max, hi = Int.min
            for (w, g) in glyphs {
                lo = Swift.min(lo, w)
                if case .tall(_, _, let last, _) = g { hi = Swift.max(hi, last) } else { hi = Swift.max(hi, w) }
            }
            return lo...hi
        }

        var halfWidths: (left: Int, right: Int) {
            var l = 0, r = 0
            for (_, g) in glyphs {
                let b = g.width
                l = Swift.max(l, (b - 1) / 2)
                r = Swift.max(r, b - 1 - (b - 1) / 2)
            }
            return (l, r)
        }

        init(_ op: Operation, qubits nq: Int) {
            switch op.instruction {
            case .barrier:
                isBarrier = true
                for q in Set(op.qubits).sorted() { glyphs.append((q, .barrier)) }
                return
            case .reset:
                glyphs = [(op.qubits[0], .reset)]
            case .measure:
                glyphs = [(op.qubits[0], .measure), (nq + op.clbits[0], .measureTarget)]
                double = [op.qubits[0], nq + op.clbits[0]]
            case .gate(let g):
                addGate(g, op.qubits)
            }
            if let c = op.condition {
                let bits = Array(c.register.bits)
                for (j, b) in bits.enumerated() {
                    let wire = nq + b
                    if glyphs.contains(where: { $0.wire == wire }) { continue }
                    glyphs.append((wire, .conditionBit(j < 63 && (c.value >> j) & 1 == 1)))
                }
                let lowestQuantum = op.qubits.max() ?? 0
                double = Array(Set(double + [lowestQuantum] + bits.map { nq + $0 })).sorted()
            }
            glyphs.sort { $0.wire < $1.wire }
        }

        mutating func addGate(_ g: Gate, _ qs: [Int]) {
            var (base, n) = g.controlStructure
            var controls = Array(qs.prefix(n))
            var targets = Array(qs.dropFirst(n))
            var boxLabel = label(base)
            if case .standard(.cu, let p) = base {
                // cu is controlled e^{iγ}u3: draw its control.
                controls.append(targets.removeFirst())
                boxLabel = "U(\(p.map { format($0) }.joined(separator: ",")))"
                base = .standard(.u, p)
            }
            if case .standard(.gphase, _) = base, let last = controls.popLast() {
                targets = [last]
            }
            for c in controls { glyphs.append((c, .control(filled: true))) }
            if case .standard(.z, _) = base, !controls.isEmpty {
                for t in targets { glyphs.append((t, .control(filled: true))) }
            } else if case .standard(.swap, _) = base {
                for t in targets { glyphs.append((t, .swap)) }
            } else if targets.count == 1 {
                glyphs.append((targets[0], .box(boxLabel)))
            } else if let lo = targets.min(), let hi = targets.max(), hi - lo + 1 == targets.count,
                      !controls.contains(where: { $0 > lo && $0 < hi })
            {
                var idx: [Int: Int] = [:]
                for (j, t) in targets.enumerated() { idx[t] = j }
                glyphs.append((lo, .tall(boxLabel, first: lo, last: hi, indices: idx)))
            } else {
                for (j, t) in targets.enumerated() { glyphs.append((t, .box("\(boxLabel)[\(j)]"))) }
            }
            single = Array(Set(qs)).sorted()
        }
    }

    // MARK: Rendering one layer

    struct Cell {
        var text: Character? = nil
        var u: UInt8 = 0, d: UInt8 = 0, l: UInt8 = 0, r: UInt8 = 0
        var character: Character {
            if let t = text { return t }
            return CircuitDiagram.boxCharacter(u, d, l, r)
        }
    }

    struct Canvas {
        var cells: [[Cell]]
        init(rows: Int, width: Int) { cells = Array(repeating: Array(repeating: Cell(), count: width), count: rows) }
        var width: Int { cells.first?.count ?? 0 }
        func valid(_ r: Int, _ c: Int) -> Bool { r >= 0 && r < cells.count && c >= 0 && c < width }
        mutating func merge(_ r: Int, _ c: Int, u: UInt8 = 0, d: UInt8 = 0, l: UInt8 = 0, rr: UInt8 = 0) {
            guard valid(r, c) else { return }
            if cells[r][c].text != nil { return }
            cells[r][c].u = Swift.max(cells[r][c].u, u)
            cells[r][c].d = Swift.max(cells[r][c].d, d)
            cells[r][c].l = Swift.max(cells[r][c].l, l)
            cells[r][c].r = Swift.max(cells[r][c].r, rr)
        }
        mutating func set(_ r: Int, _ c: Int, _ cell: Cell) {
            guard valid(r, c) else { return }
            cells[r][c] = cell
        }
        mutating func put(_ r: Int, _ c: Int, _ s: String) {
            for (k, ch) in s.enumerated() { set(r, c + k, Cell(text: ch)) }
        }
    }

    static func render(_ plans: [Plan], wires: Int, quantum nq: Int) -> (width: Int, rows: [String]) {
        var left = 0, right = 0
        for p in plans {
            let h = p.halfWidths
            left = Swift.max(left, h.left)
            right = Swift.max(right, h.right)
        }
        let width = left + 1 + right
        let cx = left
        var canvas = Canvas(rows: 2 * wires + 1, width: width)
        for w in 0..<wires {
            let weight: UInt8 = w < nq ? 1 : 2
            for x in 0..<width { canvas.merge(2 * w + 1, x, l: weight, rr: weight) }
        }
        for plan in plans { draw(plan, on: &canvas, cx: cx, quantum: nq) }
        let rows = canvas.cells.map { String($0.map(\.character)) }
        return (width, rows)
    }

    static func draw(_ plan: Plan, on canvas: inout Canvas, cx: Int, quantum nq: Int) {
        // Vertical lines first, so that glyphs drawn after them override where needed.
        func segments(_ wires: [Int], weight: UInt8) {
            guard wires.count > 1 else { return }
            for k in 0..<(wires.count - 1) {
                let a = wires[k], b = wires[k + 1]
                let topIsBox = plan.glyphs.contains { g in g.glyph.isBox && coversWire(g, a) }
                let bottomIsBox = plan.glyphs.contains { g in g.glyph.isBox && coversWire(g, b) }
                // Skip the inside of a tall box spanning a and b.
                if topIsBox && bottomIsBox && plan.glyphs.contains(where: { g in coversWire(g, a) && coversWire(g, b) }) { continue }
                let start = 2 * a + 2, end = 2 * b
                for r in start...end {
                    let up: UInt8 = (r == start && topIsBox) ? 0 : weight
                    let down: UInt8 = (r == end && bottomIsBox) ? 0 : weight
                    canvas.merge(r, cx, u: up, d: down)
                }
            }
        }
        func coversWire(_ g: (wire: Int, glyph: Glyph), _ w: Int) -> Bool {
            if case .tall(_, let first, let last, _) = g.glyph { return w >= first && w <= last }
            return g.wire == w
        }
        // For a tall box the single line must attach at its outer edges: use its first wire
        // for lines from above and its last wire for lines from below.
        var singleWires: [Int] = []
        for w in plan.single {
            if let t = plan.glyphs.first(where: { coversWire($0, w) }), case .tall(_, let first, let last, _) = t.glyph {
                if !singleWires.contains(first) { singleWires.append(first) }
                if !singleWires.contains(last) { singleWires.append(last) }
            } else {
                singleWires.append(w)
            }
        }
        segments(singleWires.sorted(), weight: 1)
        var doubleWires = plan.double
        if let lowest = doubleWires.first,
           let t = plan.glyphs.first(where: { coversWire($0, lowest) }), case .tall(_, _, let last, _) = t.glyph {
            doubleWires[0] = last
        }
        segments(doubleWires, weight: 2)

        for (w, g) in plan.glyphs {
            let mid = 2 * w + 1
            switch g {
            case .box(let s):
                drawBox(&canvas, cx: cx, top: 2 * w, bottom: 2 * w + 2, inner: [mid: " \(s) "], edges: [mid])
            case .tall(let s, let first, let last, let idx):
                let digits = g.digits(idx)
                let innerWidth = digits + s.count + 2
                var inner: [Int: String] = [:]
                var edges: [Int] = []
                let labelRow = first + last + 1  // (2first+1 + 2last+1) / 2
                for r in (2 * first + 1)...(2 * last + 1) {
                    var text = String(repeating: " ", count: innerWidth)
                    if r % 2 == 1, let j = idx[r / 2] {
                        edges.append(r)
                        let js = String(j)
                        text = js + String(text.dropFirst(js.count))
                    }
                    if r == labelRow {
                        let prefix = String(text.prefix(digits + 1))
                        text = prefix + s + " "
                    }
                    inner[r] = text
                }
                drawBox(&canvas, cx: cx, top: 2 * first, bottom: 2 * last + 2, inner: inner, edges: edges)
            case .measure:
                drawBox(&canvas, cx: cx, top: 2 * w, bottom: 2 * w + 2, inner: [mid: "M"], edges: [mid])
            case .control(let filled):
                canvas.set(mid, cx, Cell(text: filled ? "■" : "o"))
            case .swap:
                canvas.set(mid, cx, Cell(text: "╳"))
            case .reset:
                canvas.put(mid, cx - 1, "|0>")
            case .barrier:
                for r in (2 * w)...(2 * w + 2) { canvas.set(r, cx, Cell(text: "░")) }
            case .measureTarget:
                canvas.merge(mid, cx, u: 2)
            case .conditionBit(let one):
                canvas.set(mid, cx, Cell(text: one ? "■" : "o"))
            }
        }
    }

    /// A box from row `top` to row `bottom`, centred on column cx; `inner` holds the text of
    /// each inner row, `edges` the rows where a wire enters (┤ … ├) instead of │ … │.
    static func drawBox(_ canvas: inout Canvas, cx: Int, top: Int, bottom: Int, inner: [Int: String], edges: [Int]) {
        let innerWidth = inner.values.map(\.count).max() ?? 1
        let b = innerWidth + 2
        let x0 = cx - (b - 1) / 2
        let x1 = x0 + b - 1
        canvas.merge(top, x0, d: 1, rr: 1)
        canvas.merge(top, x1, d: 1, l: 1)
        canvas.merge(bottom, x0, u: 1, rr: 1)
        canvas.merge(bottom, x1, u: 1, l: 1)
        for x in (x0 + 1)..<x1 {
            canvas.merge(top, x, l: 1, rr: 1)
            canvas.merge(bottom, x, l: 1, rr: 1)
        }
        if top + 1 <= bottom - 1 {
            for r in (top + 1)...(bottom - 1) {
                let edge = edges.contains(r)
                var lc = Cell(); lc.u = 1; lc.d = 1; lc.l = edge ? 1 : 0
                var rc = Cell(); rc.u = 1; rc.d = 1; rc.r = edge ? 1 : 0
                canvas.set(r, x0, lc)
                canvas.set(r, x1, rc)
                let text = inner[r] ?? ""
                let padded = text + String(repeating: " ", count: Swift.max(0, innerWidth - text.count))
                canvas.put(r, x0 + 1, padded)
            }
        }
    }

    /// The box-drawing character with the given arm weights (0 none, 1 single, 2 double).
    static func boxCharacter(_ u: UInt8, _ d: UInt8, _ l: UInt8, _ r: UInt8) -> Character {
        if let c = boxTable[key(u, d, l, r)] { return c }
        // Unicode has no mixed weights along one axis: use the heavier on both sides.
        let v = Swift.max(u, d), h = Swift.max(l, r)
        if let c = boxTable[key(u == 0 ? 0 : v, d == 0 ? 0 : v, l == 0 ? 0 : h, r == 0 ? 0 : h)] { return c }
        if let c = boxTable[key(v, v, h, h)] { return c }
        return " "
    }

    static func key(_ u: UInt8, _ d: UInt8, _ l: UInt8, _ r: UInt8) -> Int {
        Int(u) << 6 | Int(d) << 4 | Int(l) << 2 | Int(r)
    }

    static let boxTable: [Int: Character] = {
        let entries: [(UInt8, UInt8, UInt8, UInt8, Character)] = [
            (0, 0, 0, 0, " "),
            (0, 0, 1, 1, "─"), (1, 1, 0, 0, "│"), (0, 1, 0, 1, "┌"), (0, 1, 1, 0, "┐"), (1, 0, 0, 1, "└"), (1, 0, 1, 0, "┘"),
            (1, 1, 0, 1, "├"), (1, 1, 1, 0, "┤"), (0, 1, 1, 1, "┬"), (1, 0, 1, 1, "┴"), (1, 1, 1, 1, "┼"),
            (0, 0, 2, 2, "═"), (2, 2, 0, 0, "║"), (0, 2, 0, 2, "╔"), (0, 2, 2, 0, "╗"), (2, 0, 0, 2, "╚"), (2, 0, 2, 0, "╝"),
            (2, 2, 0, 2, "╠"), (2, 2, 2, 0, "╣"), (0, 2, 2, 2, "╦"), (2, 0, 2, 2, "╩"), (2, 2, 2, 2, "╬"),
            (0, 2, 1, 1, "╥"), (2, 0, 1, 1, "╨"), (2, 2, 1, 1, "╫"), (1, 1, 2, 2, "╪"), (0, 1, 2, 2, "╤"), (1, 0, 2, 2, "╧"),
            (0, 2, 0, 1, "╓"), (0, 1, 0, 2, "╒"), (0, 2, 1, 0, "╖"), (0, 1, 2, 0, "╕"), (2, 0, 0, 1, "╙"), (1, 0, 0, 2, "╘"),
            (2, 0, 1, 0, "╜"), (1, 0, 2, 0, "╛"), (1, 1, 0, 2, "╞"), (2, 2, 0, 1, "╟"), (1, 1, 2, 0, "╡"), (2, 2, 1, 0, "╢"),
            (1, 0, 0, 0, "╵"), (0, 1, 0, 0, "╷"), (0, 0, 1, 0, "╴"), (0, 0, 0, 1, "╶"),
            (2, 0, 0, 0, "║"), (0, 2, 0, 0, "║"), (0, 0, 2, 0, "═"), (0, 0, 0, 2, "═"),
        ]
        var t: [Int: Character] = [:]
        for (u, d, l, r, c) in entries { t[key(u, d, l, r)] = c }
        return t
    }()
}
