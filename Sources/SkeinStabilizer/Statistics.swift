import Foundation

/// Binomial statistics for logical error rates.
public enum BinomialStatistics {
    /// The regularized incomplete beta function I_x(a, b), by the continued fraction of
    /// Abramowitz & Stegun 26.5.8 evaluated with the modified Lentz method (Lentz, Appl. Opt.
    /// 15, 668 (1976); Thompson & Barnett, J. Comput. Phys. 64, 490 (1986)), using the symmetry
    /// I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, x.isFinite else { return .nan }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Foundation.log(x) + b * Foundation.log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return Foundation.exp(lnFront) * continuedFraction(x, a, b) / a
        }
        return 1 - Foundation.exp(lnFront) * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var f = d
        for m in 1...10_000 {
            let mm = Double(m)
            // Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
            var num = mm * (b - mm) * x / ((a + 2 * mm - 1) * (a + 2 * mm))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            f *= d * c
            // Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
            num = -(a + mm) * (a + b + mm) * x / ((a + 2 * mm) * (a + 2 * mm + 1))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            f *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return f
    }

    /// The x in [0, 1] with I_x(a, b) = target, by bisection (monotone in x; 200 halvings
    /// reach the resolution of Double).
    public static func inverseRegularizedIncompleteBeta(_ target: Double, a: Double, b: Double) -> Double {
        if target <= 0 { return 0 }
        if target >= 1 { return 1 }
        var lo = 0.0, hi = 1.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if regularizedIncompleteBeta(mid, a: a, b: b) < target { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The two-sided Clopper–Pearson ("exact") confidence interval for a binomial proportion
    /// with `successes` out of `trials` (Clopper & Pearson, Biometrika 26, 404 (1934)):
    /// lower = B⁻¹(α/2; k, n−k+1), upper = B⁻¹(1−α/2; k+1, n−k), with 0 and 1 at the ends.
    public static func clopperPearson(successes k: Int, trials n: Int, confidence: Double = 0.95) throws -> (lower: Double, upper: Double) {
        guard n > 0, k >= 0, k <= n else { throw StabilizerError.invalidParameter("need 0 ≤ successes (\(k)) ≤ trials (\(n)) and trials > 0") }
        guard confidence > 0, confidence < 1 else { throw StabilizerError.invalidParameter("confidence \(confidence) must be in (0, 1)") }
        let alpha = 1 - confidence
        let lo = k == 0 ? 0 : inverseRegularizedIncompleteBeta(alpha / 2, a: Double(k), b: Double(n - k + 1))
        let hi = k == n ? 1 : inverseRegularizedIncompleteBeta(1 - alpha / 2, a: Double(k + 1), b: Double(n - k))
        return (lo, hi)
    }

    /// The per-round logical error rate from a per-shot rate over `rounds` rounds, assuming
    /// independent rounds: 1 − (1 − 2p)^{1/r} over 2 (a logical flip is an odd number of
    /// per-round flips). Monotone, so it maps interval ends to interval ends. Rates at or above
    /// 1/2 map to 1/2.
    public static func perRound(_ perShot: Double, rounds: Int) -> Double {
        guard rounds > 0 else { return perShot }
        let base = 1 - 2 * perShot
        if base <= 0 { return 0.5 }
        return (1 - Foundation.pow(base, 1 / Double(rounds))) / 2
    }
}
