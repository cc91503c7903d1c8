import Benchmark
import Foundation
import Skein

/// Micro-benchmarks of the state-vector kernels through the public dispatch point
/// (`GateDispatch.prepare(matrix:targets:controls:)` + `StateVector.apply(_:threads:)`), so they
/// stay valid whatever kernel implementation sits behind it; the FFTW QFT against the gate QFT;
/// and shot sampling. One iteration = one gate application (or one QFT / one sampling run).
/// States are allocated outside the measured region.

/// Threads for every benchmark (the machine this was written for has 2 cores); override with
/// SKEIN_BENCH_THREADS.
let threads = ProcessInfo.processInfo.environment["SKEIN_BENCH_THREADS"].flatMap(Int.init) ?? 2

func phase(_ t: Double) -> Complex64 { Complex64(cos(t), sin(t)) }

/// A dense k-qubit matrix with no zero entry (a fixed unitary: the k-fold tensor power of a
/// real rotation times phases), so no kernel can take a shortcut.
func denseMatrix(_ k: Int) -> ComplexMatrix {
    let c = cos(0.3), s = sin(0.3)
    var m = ComplexMatrix(rows: 1, columns: 1, repeating: .one)
    for j in 0..<k {
        let r = ComplexMatrix(square: 2, [phase(0.1 * Double(j + 1)) * Complex64(c, 0), Complex64(-s, 0),
                                           phase(0.2) * Complex64(s, 0), phase(0.3) * Complex64(c, 0)])
        var out = ComplexMatrix(rows: m.rows * 2, columns: m.columns * 2)
        for a in 0..<2 { for b in 0..<2 { for x in 0..<m.rows { for y in 0..<m.columns {
            out[a * m.rows + x, b * m.columns + y] = r[a, b] * m[x, y]
        } } } }
        m = out
    }
    return m
}

/// (name, matrix, targets, controls) for each kernel kind on n qubits.
func kernelCases(_ n: Int) -> [(String, ComplexMatrix, [Int], [Int])] {
    let x = ComplexMatrix(square: 2, [.zero, .one, .one, .zero])
    return [
        ("diagonal cp(q2,q\(n - 3))", .diagonal([.one, .one, .one, phase(0.7)]), [2, n - 3], []),
        ("monomial cx(q3→q\(n - 2))", x, [n - 2], [3]),
        ("dense1 low q0", denseMatrix(1), [0], []),
        ("dense1 high q\(n - 1)", denseMatrix(1), [n - 1], []),
        ("dense2 q1,q\(n - 2)", denseMatrix(2), [1, n - 2], []),
        ("denseK k=4 q0,q5,q10,q\(n - 1)", denseMatrix(4), [0, 5, 10, n - 1], []),
    ]
}

func config(_ n: Int) -> Benchmark.Configuration {
    .init(metrics: [.wallClock, .throughput], warmupIterations: 1,
          maxDuration: .seconds(n >= 24 ? 4 : 2), maxIterations: n >= 24 ? 12 : 60)
}

func registerKernels<S: SkeinReal>(_: S.Type, _ n: Int) {
    for (name, matrix, targets, controls) in kernelCases(n) {
        Benchmark("kernel \(name) n=\(n) \(S.precision) t=\(threads)", configuration: config(n)) { benchmark in
            let app: GateApplication<S>
            do { app = try GateDispatch.prepare(matrix: matrix, targets: targets, controls: controls) } catch {
                benchmark.error("prepare failed: \(error)"); return
            }
            var state: StateVector<S>
            do { state = try StateVector<S>(qubits: n) } catch { benchmark.error("\(error)"); return }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { try? state.apply(app, threads: threads) }
            benchmark.stopMeasurement()
            blackHole(state)
        }
    }
}

func qftCircuit(_ n: Int) throws -> Circuit {
    try Circuit(qubits: n) {
        for q in 0..<n { RY(.constant(0.1 * Double(q + 1)), q) }
        QFTGate(qubits: n).textbookOperations(on: Array(0..<n))
    }
}

func registerQFT<S: SkeinReal>(_: S.Type, _ n: Int) {
    for fft in [true, false] {
        Benchmark("qft \(fft ? "FFTW" : "gates (fused diagonals)") n=\(n) \(S.precision) t=\(threads)", configuration: config(n)) { benchmark in
            guard let c = try? qftCircuit(n) else { benchmark.error("circuit"); return }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try? StateVectorSimulator.finalState(c, as: S.self, threads: threads, recognizeQFT: fft))
            }
            benchmark.stopMeasurement()
        }
    }
}

func registerSampling<S: SkeinReal>(_: S.Type, _ n: Int, shots: Int) {
    Benchmark("sample \(shots) shots n=\(n) \(S.precision) t=\(threads)", configuration: config(n)) { benchmark in
        guard let c = try? Circuit(qubits: n, { for q in 0..<n { RY(.constant(0.2 + 0.05 * Double(q)), q) } }),
              let state = try? StateVectorSimulator.finalState(c, as: S.self, threads: threads)
        else { benchmark.error("state"); return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var g = SeededGenerator(seed: 1)
            blackHole(try? StateSampler.sample(state, shots: shots, using: &g, threads: threads))
        }
        benchmark.stopMeasurement()
    }
}

/// The fused-block sizes (dense k = 4, 5) on every dense kernel (`DenseBackend`: per-group
/// SIMD, register-tiled SIMD, OpenBLAS on gathered panels), targets low / high / mixed — the
/// crossover that `skein bench dense` also measures (notes/performance.md, "Session 4").
func registerDenseBackends<S: SkeinReal>(_: S.Type, _ n: Int) {
    for k in [4, 5] {
        for placement in DenseCrossover.Placement.allCases {
            let targets = placement.targets(k: k, n: n)
            for backend in DenseBackend.allCases {
                Benchmark("dense k=\(k) \(placement.rawValue) \(backend) n=\(n) \(S.precision) t=\(threads)", configuration: config(n)) { benchmark in
                    let app: GateApplication<S>
                    do { app = try GateDispatch.prepare(matrix: denseMatrix(k), targets: targets, controls: []).using(backend) } catch {
                        benchmark.error("prepare failed: \(error)"); return
                    }
                    var state: StateVector<S>
                    do { state = try StateVector<S>(qubits: n) } catch { benchmark.error("\(error)"); return }
                    benchmark.startMeasurement()
                    for _ in benchmark.scaledIterations { try? state.apply(app, threads: threads) }
                    benchmark.stopMeasurement()
                    blackHole(state)
                }
            }
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    for n in [20, 24] {
        registerKernels(Double.self, n)
        registerKernels(Float.self, n)
        registerDenseBackends(Double.self, n)
        registerDenseBackends(Float.self, n)
        registerQFT(Double.self, n)
        registerQFT(Float.self, n)
    }
    registerSampling(Double.self, 24, shots: 1_000_000)
    registerSampling(Float.self, 24, shots: 1_000_000)
}
