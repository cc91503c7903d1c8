/// The numbers behind `KernelCostTable.builtIn`: nanoseconds per amplitude, k = 1, 2, …
/// Produced by `skein bench calibrate` (release, `-target-cpu native`); see
/// notes/performance.md.
enum BuiltInCalibration {
    static let machine = "2-core Intel Xeon (AVX-512) VM, 24 GiB"
    static let date = "2026-11-30"
    static let command = "skein bench calibrate --qubits 22 --threads 2 --repetitions 3"
    static let doubleDiagonal: [Double] = [0.30, 0.30, 0.30]
    static let doubleMonomial: [Double] = [0.50, 0.50, 0.50]
    static let doubleDense: [Double] = [0.60, 0.60, 0.70, 0.90, 1.60, 3.20]
    static let singleDiagonal: [Double] = [0.20, 0.20, 0.20]
    static let singleMonomial: [Double] = [0.30, 0.30, 0.30]
    static let singleDense: [Double] = [0.40, 0.40, 0.45, 0.55, 0.90, 1.80]
}
