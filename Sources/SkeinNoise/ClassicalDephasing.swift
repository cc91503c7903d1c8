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
    /// step dt ≤ `maxStep`, and a period N·dt at least 4× the duration (and ≥ 1/f_min for 1/f noise).
    public func grid(duration: Double, maxStep: Double) -> (samples: Int, dt: Double) {
        var period = Swift.max(4 * duration, kind == .oneOverF ? 1 / fMin : 0)
        if period <= 0 { period = maxStep * 2 }
        var n = 2
        while Double(n) * maxStep < period && n < (1 << 22) { n <<= 1 }
        return (n, period / Double(n))
    }

    /// Per-mode variances σ_k² = S(f_k)·Δf for k = 1…N/2−1, f_k = k/(N dt).
    func modeVariances(samples n: Int, dt: Double) -> [Double] {
        let df = 1 / (Double(n) * dt)
        return (0..<(n / 2)).map { k in k == 0 ? 0 : psd(Double(k) * df) * df }
    }

    /// A random trace: the accumulated phase Φ_j = Σ_{i<j} δω_i dt at the N+1 grid points
    /// t_j = j·dt (Φ_0 = 0).
    public func phaseTrace<G: RandomNumberGenerator>(samples n: Int, dt: Double, using g: inout G) -> [Double] {
        let vars = modeVariances(samples: n, dt: dt)
        let half = n / 2 + 1
        let spec = fftw_alloc_complex(half)!
        let out = fftw_alloc_real(n)!
        defer { fftw_free(spec); fftw_free(out) }
        for k in 0..<half {
            let s = k < vars.count ? vars[k].squareRoot() : 0
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
        for j in 0..<n { phi[j + 1] = phi[j] + out[j] * dt }
        return phi
    }

    /// Exact variance of the phase accumulated over `m` grid steps by the discretised process:
    /// Σ_k σ_k² (C_k² + S_k²) with C_k = dt Σ_{j<m} cos(2πkj/N), S_k likewise.
    public func phaseVariance(steps m: Int, samples n: Int, dt: Double) -> Double {
        let vars = modeVariances(samples: n, dt: dt)
        var total = 0.0
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
