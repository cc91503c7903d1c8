/// The numbers behind `KernelCostTable.builtIn`: nanoseconds per amplitude, k = 1, 2, …
/// Measured 2026-11-30 02:22 UTC with `skein bench calibrate --qubits 22 --threads 2
/// --repetitions 3` (release, `-target-cpu native`, branch svfusion at commit d34b250) on the
/// 2-core development VM while it was shared (load average 10): noisy — re-run
/// `skein bench calibrate` on a quiet machine. See notes/performance.md.
enum BuiltInCalibration {
    static let machine = "2-core Intel Xeon (AVX-512) VM, 24 GiB, load 10 (shared)"
    static let date = "2026-11-30 02:22 UTC"
    static let command = "skein bench calibrate --qubits 22 --threads 2 --repetitions 3"
    static let doubleDiagonal: [Double] = [6.57, 5.25, 3.69]
    static let doubleMonomial: [Double] = [4.81, 5.31, 4.46]
    static let doubleDense: [Double] = [12.5, 7.17, 13.3, 19.2, 53.6, 92.5]
    static let singleDiagonal: [Double] = [4.66, 0.569, 0.676]
    static let singleMonomial: [Double] = [0.721, 1.29, 2.92]
    static let singleDense: [Double] = [5.79, 4.69, 5.33, 7.94, 28.2, 45.2]
}
