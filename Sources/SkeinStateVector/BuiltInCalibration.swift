/// The numbers behind `KernelCostTable.builtIn`: nanoseconds per amplitude, k = 1, 2, …
/// Measured 2026-11-30 06:52 UTC with `skein bench calibrate --qubits 24 --threads 2
/// --repetitions 3 --placements 5` (release, `-target-cpu native -DSKEIN_FMA`: tiled dense
/// kernel, SIMD diagonal kernel, subnormals flushed) on the 2-core development VM, quiet (load
/// 1.2, no other job). 24 qubits because the peer comparison's sizes start there (states of
/// 256 MiB double / 128 MiB single, out of L2). Repeated runs of the same command differ by up
/// to 30 % per entry (the VM's speed drifts); A/B runs of whole circuits with this table, the
/// previous built-in one and a 22-qubit table were within that noise (notes/performance.md).
enum BuiltInCalibration {
    static let machine = "2-core Intel Xeon (AVX-512, Sapphire/Emerald Rapids-class) VM, 24 GiB, load 1.2 (quiet)"
    static let date = "2026-11-30 06:52 UTC"
    static let command = "skein bench calibrate --qubits 24 --threads 2 --repetitions 3 --placements 5"
    static let qubits = 24
    static let threads = 2
    static let doubleDiagonal: [Double] = [0.752, 0.787, 0.767]
    static let doubleMonomial: [Double] = [0.813, 1.233, 1.084]
    static let doubleDense: [Double] = [1.385, 1.241, 1.217, 1.75, 2.773, 5.96]
    static let singleDiagonal: [Double] = [0.407, 0.433, 0.416]
    static let singleMonomial: [Double] = [0.548, 1.131, 0.953]
    static let singleDense: [Double] = [0.606, 0.559, 0.634, 0.908, 1.549, 3.44]
}
