import CFFTW
import Foundation
import RealModule
import SkeinLinearAlgebra

/// Classical frequency noise δω(t) (rad/s) on a qubit, a stationary Gaussian process given by
/// its one-sided power spectral density S(f) (rad²/s² per Hz):
/// - `white`: S(f) = S₀; the coherence decays as exp(−S₀t/4), i.e. Markovian dephasing with
///   Tφ = 4/S₀.
/// - `oneOverF`: S(f) = A/f for f_min ≤ f ≤ f_max (flux noise, Paladino et al., Rev. Mod. Phys.
///   86, 361 (2014)); ⟨φ²⟩ grows like t² ln(1/(f_min t)), so a Ramsey fringe decays in a
///   Gaussian-like way rather than exponentially.
///
/// Traces are generated spectrally (random Fourier amplitudes with variance S(f_k)Δf, inverse
/// real FFT with FFTW; Timmer & König, A&A 300, 707 (1995) without the power-law amplitude
/// randomisation), and the accumulated phase φ(t) = ∫δω dt is applied as exp(−iφZ/2).
public struct ClassicalDephasing: Sendable, Equatable {
    public enum Kind: String, Sendable { case white, oneOverF = "one_over_f" }
    public let kind: Kind
    /// S₀ (white, rad²/s) or A (1/f, rad²/s²).
    public let amplitude: Double
    public let fMin: Double
    public let fMax: Double

    public init(white s0: Double) throws {
        guard s0 >= 0, s0.isFinite else { throw NoiseError.invalidParameter(channel: "white_noise", message: "S0 = \(s0) must be ≥ 0") }
        kind = .white; amplitude = s0; fMin = 0; fMax = .infinity
    }

    public init(oneOverF a: Double, fMin: Double, fMax: Double) throws {
        guard a >= 0, a.isFinite else { throw NoiseError.invalidParameter(channel: "one_over_f", message: "amplitude \(a) must be ≥ 0") }
        guard fMin > 0, fMax > fMin, fMax.isFinite else {
            throw NoiseError.invalidParameter(channel: "one_over_f", message: "need 0 < f_min < f_max, got f_min = \(fMin), f_max = \(fMax)")
        }
        kind = .oneOverF; amplitude = a; self.fMin = fMin; self.fMax = fMax
    }

    /// The one-sided PSD at frequency f.
    public func psd(_ f: Double) -> Double {
        switch kind {
        case .white: return amplitude
        case .oneOverF: return f >= fMin && f <= fMax ? amplitude / f : 0
        }
    }

    /// White noise is exactly phase damping; 1/f noise has no Markovian equivalent (nil).
    public func markovianChannel(duration t: Double) throws -> KrausChannel? {
        guard kind == .white else { return nil }
        // Coherence factor √(1−λ) = exp(−S₀t/4).
        return try KrausChannel.phaseDamping(1 - Foundation.exp(-amplitude * t / 2))
    }

    /// Grid used for a trace covering `duration` seconds: a power-of-two sample count N ≥ 2 with
    /// step dt ≤ `maxStep` (unless that needs more than `maxSamples`), and a period N·dt of at
    /// least 16× the duration. Frequencies below the first mode (f < Δf/2 = 1/(2N·dt)) are
    /// quasi-static over the window and enter as one random constant offset.
    public func grid(duration: Double, maxStep: Double) -> (samples: Int, dt: Double) {
        var period = 16 * duration
        if period <= 0 { period = maxStep * 2 }
        var n = 2
        while Double(n) * maxStep < period && n < ClassicalDephasing.maxSamples { n <<= 1 }
        return (n, period / Double(n))
    }

    /// Largest trace length; when the period needs more samples the step grows instead.
    public static var maxSamples = 1 << 16

    /// ∫ S(f) df over [lo, hi] (exact for both spectra).
    public func bandPower(_ lo: Double, _ hi: Double) -> Double {
        switch kind {
        case .white: return hi > lo ? amplitude * (hi - lo) : 0
        case .oneOverF:
            let a = Swift.max(lo, fMin), b = Swift.min(hi, fMax)
            return b > a ? amplitude * Foundation.log(b / a) : 0
        }
    }

    /// Per-mode variances σ_k² = ∫ S(f) df over the band [(k−½)Δf, (k+½)Δf], k = 1…N/2−1, with
    /// f_k = k/(N dt); entry 0 holds the quasi-static band [0, Δf/2] (a constant offset δω₀).
    func modeVariances(samples n: Int, dt: Double) -> [Double] {
        let df = 1 / (Double(n) * dt)
        return (0..<(n / 2)).map { k in
            k == 0 ? bandPower(0, df / 2) : bandPower((Double(k) - 0.5) * df, (Double(k) + 0.5) * df)
        }
    }

    /// A random trace: the accumulated phase Φ_j = Σ_{i<j} δω_i dt at the N+1 grid points
    /// t_j = j·dt (Φ_0 = 0).
    public func phaseTrace<G: RandomNumberGenerator>(samples n: Int, dt: Double, using g: inout G) -> [Double] {
        let vars = modeVariances(samples: n, dt: dt)
        let half = n / 2 + 1
        let spec = fftw_alloc_complex(half)!
        let out = fftw_alloc_real(n)!
        defer { fftw_free(spec); fftw_free(out) }
        let offset = vars[0].squareRoot() * g.nextGaussian()
        for k in 0..<half {
            let s = k > 0 && k < vars.count ? vars[k].squareRoot() : 0
            // X_k = (a − ib)/2 so that Σ_k X_k e^{2πijk/N} + c.c. = a cos + b sin.
            spec[k].0 = s == 0 ? 0 : 0.5 * s * g.nextGaussian()
            spec[k].1 = s == 0 ? 0 : -0.5 * s * g.nextGaussian()
        }
        FFTWLock.lock.lock()
        let plan = fftw_plan_dft_c2r_1d(Int32(n), spec, out, UInt32(FFTW_ESTIMATE))
        FFTWLock.lock.unlock()
        fftw_execute(plan)
        FFTWLock.lock.lock()
        fftw_destroy_plan(plan)
        FFTWLock.lock.unlock()
        var phi = [Double](repeating: 0, count: n + 1)
        for j in 0..<n { phi[j + 1] = phi[j] + (out[j] + offset) * dt }
        return phi
    }

    /// Exact variance of the phase accumulated over `m` grid steps by the discretised process:
    /// σ₀²(m·dt)² + Σ_k σ_k² (C_k² + S_k²) with C_k = dt Σ_{j<m} cos(2πkj/N), S_k likewise.
    public func phaseVariance(steps m: Int, samples n: Int, dt: Double) -> Double {
        let vars = modeVariances(samples: n, dt: dt)
        var total = vars[0] * Double(m) * dt * Double(m) * dt
        for k in 1..<vars.count where vars[k] > 0 {
            let w = 2 * Double.pi * Double(k) / Double(n)
            // Closed forms of the geometric sums Σ_{j<m} cos(wj), Σ sin(wj).
            let denom = Foundation.sin(w / 2)
            let amp = Foundation.sin(Double(m) * w / 2) / denom
            let c = amp * Foundation.cos(Double(m - 1) * w / 2) * dt
            let s = amp * Foundation.sin(Double(m - 1) * w / 2) * dt
            total += vars[k] * (c * c + s * s)
        }
        return total
    }

    /// Continuous-time ⟨φ(t)²⟩ = ∫ S(f) sin²(πft)/(πf)² df (numerical quadrature on a log grid).
    public func continuousPhaseVariance(time t: Double) -> Double {
        switch kind {
        case .white: return amplitude * t / 2
        case .oneOverF:
            let steps = 20000
            let la = Foundation.log(fMin), lb = Foundation.log(fMax)
            let h = (lb - la) / Double(steps)
            var s = 0.0
            for i in 0...steps {
                let f = Foundation.exp(la + Double(i) * h)
                let x = Foundation.sin(Double.pi * f * t) / (Double.pi * f)
                let w = (i == 0 || i == steps) ? 0.5 : 1
                s += w * amplitude / f * x * x * f  // df = f d(ln f)
            }
            return s * h
        }
    }
}

enum FFTWLock { static let lock = NSLock() }
