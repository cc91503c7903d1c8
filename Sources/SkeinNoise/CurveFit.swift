import Foundation

/// The result of a least-squares fit.
public struct CurveFit: Sendable {
    public let parameters: [Double]
    /// One standard deviation per parameter: √diag(covariance).
    public let uncertainties: [Double]
    /// Parameter covariance `(JᵀWJ)⁻¹ · χ²/ν` (the residual-scaled estimate, as SciPy's
    /// `curve_fit` with `absolute_sigma=False`).
    public let covariance: [[Double]]
    public let chiSquared: Double
    public let degreesOfFreedom: Int
    public let iterations: Int
}

/// Non-linear least squares by Levenberg–Marquardt (Levenberg 1944; Marquardt, SIAM J. Appl.
/// Math. 11, 431 (1963); damping as in Press et al., *Numerical Recipes* §15.5), with an
/// analytic or forward-difference Jacobian.
public enum LevenbergMarquardt {
    public static func fit(x: [Double], y: [Double], sigma: [Double]? = nil, initial: [Double],
                           model: (Double, [Double]) -> Double,
                           gradient: ((Double, [Double]) -> [Double])? = nil,
                           maxIterations: Int = 500) throws -> CurveFit {
        let n = x.count, p = initial.count
        guard y.count == n, n > p else { throw NoiseError.fit("need more data points (\(n)) than parameters (\(p))") }
        let w = (sigma ?? [Double](repeating: 1, count: n)).map { $0 > 0 ? 1 / ($0 * $0) : 1 }
        func grad(_ xi: Double, _ a: [Double]) -> [Double] {
            if let g = gradient { return g(xi, a) }
            let f0 = model(xi, a)
            return (0..<p).map { j in
                var b = a
                let h = 1e-7 * Swift.max(abs(a[j]), 1e-7)
                b[j] += h
                return (model(xi, b) - f0) / h
            }
        }
        func chi2(_ a: [Double]) -> Double {
            var s = 0.0
            for i in 0..<n { let r = y[i] - model(x[i], a); s += w[i] * r * r }
            return s
        }
        var a = initial
        var c = chi2(a)
        guard c.isFinite else { throw NoiseError.fit("the model is not finite at the initial parameters \(initial)") }
        var lambda = 1e-3
        var iter = 0
        while iter < maxIterations {
            iter += 1
            var alpha = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            var beta = [Double](repeating: 0, count: p)
            for i in 0..<n {
                let g = grad(x[i], a)
                let r = y[i] - model(x[i], a)
                for j in 0..<p {
                    beta[j] += w[i] * r * g[j]
                    for k in 0..<p { alpha[j][k] += w[i] * g[j] * g[k] }
                }
            }
            var improved = false
            while lambda < 1e12 {
                var m = alpha
                for j in 0..<p { m[j][j] *= 1 + lambda }
                guard let step = solve(m, beta) else { lambda *= 10; continue }
                let trial = zip(a, step).map { $0 + $1 }
                let ct = chi2(trial)
                if ct.isFinite && ct <= c {
                    let rel = (c - ct) / Swift.max(c, 1e-300)
                    a = trial; c = ct; lambda = Swift.max(lambda / 10, 1e-12); improved = true
                    if rel < 1e-12 { iter = maxIterations }
                    break
                }
                lambda *= 10
            }
            if !improved { break }
        }
        // Covariance at the optimum.
        var alpha = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for i in 0..<n {
            let g = grad(x[i], a)
            for j in 0..<p { for k in 0..<p { alpha[j][k] += w[i] * g[j] * g[k] } }
        }
        guard let inv = invert(alpha) else { throw NoiseError.fit("the parameters are not determined by the data (singular normal matrix)") }
        let dof = n - p
        let scale = c / Double(dof)
        let cov = inv.map { $0.map { $0 * scale } }
        return CurveFit(parameters: a, uncertainties: (0..<p).map { Swift.max(cov[$0][$0], 0).squareRoot() },
                        covariance: cov, chiSquared: c, degreesOfFreedom: dof, iterations: iter)
    }

    /// Fits `A·e^{−x/τ} + B`; parameters `[A, τ, B]`.
    public static func exponentialDecay(x: [Double], y: [Double], sigma: [Double]? = nil) throws -> CurveFit {
        guard let x0 = x.first, let xl = x.last, let y0 = y.first, let yl = y.last else { throw NoiseError.fit("no data") }
        // Initial guess: B from the tail, τ from the 1/e crossing.
        let b = yl, a = y0 - yl
        var tau = (xl - x0) / 3
        if let i = y.firstIndex(where: { abs($0 - b) < abs(a) / Foundation.exp(1) }), i > 0 { tau = Swift.max(x[i] - x0, (xl - x0) / 50) }
        return try fit(x: x, y: y, sigma: sigma, initial: [a, tau, b],
                       model: { t, p in p[0] * Foundation.exp(-t / p[1]) + p[2] },
                       gradient: { t, p in
                           let e = Foundation.exp(-t / p[1])
                           return [e, p[0] * e * t / (p[1] * p[1]), 1]
                       })
    }

    /// Fits the randomized-benchmarking decay `A·p^m + B`; parameters `[A, p, B]`
    /// (Magesan, Gambetta & Emerson, PRL 106, 180504 (2011)).
    public static func rbDecay(m: [Double], y: [Double], sigma: [Double]? = nil) throws -> CurveFit {
        guard let yl = y.last, let y0 = y.first, let ml = m.last, let m0 = m.first else { throw NoiseError.fit("no data") }
        let b = Swift.min(yl, 0.5), a = y0 - b
        var pGuess = 0.99
        if a > 0, yl - b > 0 { pGuess = Foundation.pow((yl - b) / a, 1 / Swift.max(ml - m0, 1)) }
        if !(pGuess > 0 && pGuess < 1) { pGuess = 0.99 }
        return try fit(x: m, y: y, sigma: sigma, initial: [a, pGuess, b],
                       model: { x, p in p[0] * Foundation.pow(p[1], x) + p[2] },
                       gradient: { x, p in
                           let px = Foundation.pow(p[1], x)
                           return [px, p[0] * x * Foundation.pow(p[1], x - 1), 1]
                       })
    }

    /// Solves m·x = b by Gaussian elimination with partial pivoting (nil if singular).
    static func solve(_ m: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var a = m, x = b
        for col in 0..<n {
            var piv = col
            for r in col..<n where abs(a[r][col]) > abs(a[piv][col]) { piv = r }
            guard abs(a[piv][col]) > 1e-300 else { return nil }
            a.swapAt(col, piv); x.swapAt(col, piv)
            for r in (col + 1)..<n where r < n {
                let f = a[r][col] / a[col][col]
                for c in col..<n { a[r][c] -= f * a[col][c] }
                x[r] -= f * x[col]
            }
        }
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = x[r]
            for c in (r + 1)..<n where c < n { s -= a[r][c] * x[c] }
            x[r] = s / a[r][r]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    static func invert(_ m: [[Double]]) -> [[Double]]? {
        let n = m.count
        var cols: [[Double]] = []
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n); e[j] = 1
            guard let c = solve(m, e) else { return nil }
            cols.append(c)
        }
        return (0..<n).map { i in (0..<n).map { j in cols[j][i] } }
    }
}
