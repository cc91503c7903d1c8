import Foundation

/// A weighted straight-line fit y = intercept + slope·x by least squares with known standard
/// deviations σᵢ (weights 1/σᵢ²). The covariance is (XᵀWX)⁻¹, not rescaled by χ²/ν: the σᵢ
/// are binomial and known, and with three points ν = 1 makes a rescaling mostly noise
/// (Press et al., Numerical Recipes, 3rd ed., §15.2).
public struct WeightedLineFit: Sendable, Equatable {
    public var intercept: Double
    public var slope: Double
    public var varianceIntercept: Double
    public var varianceSlope: Double
    public var covariance: Double
    public var chiSquared: Double
    public var points: Int

    /// Fits; needs at least two points with distinct x and positive finite σ.
    public static func fit(x: [Double], y: [Double], sigma: [Double]) throws -> WeightedLineFit {
        guard x.count == y.count, x.count == sigma.count else {
            throw ExperimentError.invalidParameter("x, y and σ have different lengths", hint: "pass one σ per point")
        }
        guard x.count >= 2 else { throw ExperimentError.cannotFit("a line needs at least two points (got \(x.count))", hint: "add distances or shots until two points have logical errors") }
        var s = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for i in x.indices {
            guard sigma[i] > 0, sigma[i].isFinite, x[i].isFinite, y[i].isFinite else {
                throw ExperimentError.invalidParameter("point \(i) has σ = \(sigma[i]), x = \(x[i]), y = \(y[i])", hint: "σ must be positive and values finite")
            }
            let w = 1 / (sigma[i] * sigma[i])
            s += w; sx += w * x[i]; sy += w * y[i]; sxx += w * x[i] * x[i]; sxy += w * x[i] * y[i]
        }
        let delta = s * sxx - sx * sx
        guard delta > 1e-300 * max(1, s * sxx) else { throw ExperimentError.cannotFit("all points have the same x", hint: "use at least two distances") }
        let slope = (s * sxy - sx * sy) / delta
        let intercept = (sxx * sy - sx * sxy) / delta
        var chi2 = 0.0
        for i in x.indices { let r = (y[i] - intercept - slope * x[i]) / sigma[i]; chi2 += r * r }
        return WeightedLineFit(intercept: intercept, slope: slope, varianceIntercept: sxx / delta, varianceSlope: s / delta,
                               covariance: -sx / delta, chiSquared: chi2, points: x.count)
    }

    /// The fitted y at x and its standard deviation.
    public func predict(_ x: Double) -> (value: Double, sigma: Double) {
        let v = varianceIntercept + x * x * varianceSlope + 2 * x * covariance
        return (intercept + slope * x, max(0, v).squareRoot())
    }
}

/// One measured logical error rate: k logical errors in n shots at distance d, and the rate
/// derived from them (per round or per shot).
public struct LogicalErrorPoint: Sendable, Equatable {
    public var distance: Int
    public var errors: Int
    public var shots: Int
    public var rate: Double
    public init(distance: Int, errors: Int, shots: Int, rate: Double) {
        self.distance = distance; self.errors = errors; self.shots = shots; self.rate = rate
    }
    /// σ of ln(rate) from the binomial count: √((1 − k/n)/k) (delta method; the per-round map
    /// 1 − (1 − 2x)^{1/r} is linear in x to first order for small x, so it keeps the relative error).
    public var logSigma: Double {
        guard errors > 0, shots > 0 else { return .infinity }
        return ((1 - Double(errors) / Double(shots)) / Double(errors)).squareRoot()
    }
}

/// The error-suppression factor Λ: ε_d = A·Λ^{−(d+1)/2}, so Λ = ε_d/ε_{d+2} (Fowler et al., Phys.
/// Rev. A 86, 032324 (2012); Google Quantum AI, Nature 638, 920 (2025) report Λ from the
/// per-cycle error). Fitted as the weighted line ln ε = ln A − ((d+1)/2)·ln Λ over the points
/// with at least one logical error.
public struct LambdaFit: Sendable, Equatable {
    public var line: WeightedLineFit
    /// Distances and points that entered the fit.
    public var points: [LogicalErrorPoint]

    public var lambda: Double { Foundation.exp(-line.slope) }
    /// σ_Λ = Λ·σ(ln Λ).
    public var lambdaSigma: Double { lambda * line.varianceSlope.squareRoot() }
    public var prefactor: Double { Foundation.exp(line.intercept) }

    public init(points all: [LogicalErrorPoint]) throws {
        let used = all.filter { $0.errors > 0 && $0.rate > 0 }
        guard Set(used.map(\.distance)).count >= 2 else {
            throw ExperimentError.cannotFit("Λ needs logical errors at two or more distances (have \(used.map(\.distance)))",
                                            hint: "raise --shots or p, or add smaller distances")
        }
        line = try WeightedLineFit.fit(x: used.map { Double($0.distance + 1) / 2 }, y: used.map { Foundation.log($0.rate) }, sigma: used.map(\.logSigma))
        points = used
    }

    /// The fitted rate at distance d with a ±kσ band (from the full covariance of ln A, ln Λ).
    public func rate(distance d: Int, sigmas k: Double = 0) -> Double {
        let (v, s) = line.predict(Double(d + 1) / 2)
        return Foundation.exp(v + k * s)
    }
}

/// Error per logical operation (d rounds of a distance-d patch) from a per-round rate,
/// 1 − (1 − 2ε)^d over 2 (an odd number of per-round flips).
public func logicalOperationError(perRound e: Double, rounds d: Int) -> Double {
    let base = 1 - 2 * min(max(e, 0), 0.5)
    return (1 - Foundation.pow(base, Double(d))) / 2
}
