import ArgumentParser

/// A physical quantity given on the command line with an SI suffix: `100us`, `35ns`, `1.5ms`,
/// `20mK`, `5GHz`, `0.2meV`. Stored in SI base units (seconds, kelvin, hertz, electron-volts).
struct Quantity: ExpressibleByArgument, CustomStringConvertible {
    let value: Double
    let text: String

    static let prefixes: [(String, Double)] = [
        ("p", 1e-12), ("n", 1e-9), ("u", 1e-6), ("µ", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9),
    ]
    static let units = ["s", "K", "Hz", "eV"]

    init?(argument: String) {
        guard let v = Quantity.parse(argument) else { return nil }
        value = v
        text = argument
    }

    static func parse(_ s: String) -> Double? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if let v = Double(t) { return v }
        for unit in units where t.hasSuffix(unit) {
            let body = String(t.dropLast(unit.count))
            if let v = Double(body) { return v }
            for (p, f) in prefixes where body.hasSuffix(p) {
                if let v = Double(body.dropLast(p.count)) { return v * f }
            }
        }
        return nil
    }

    var description: String { text }
    static var defaultCompletionKind: CompletionKind { .default }
}

import Foundation
