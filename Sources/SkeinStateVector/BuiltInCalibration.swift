/// The numbers behind `KernelCostTable.builtIn`: nanoseconds per amplitude, k = 1, 2, …
/// Measured 2026-11-30 04:18 UTC with `skein bench calibrate --qubits 22 --threads 1
/// --repetitions 5 --clock cpu` (release, `-target-cpu native`, branch svblas at commit afda745:
/// dense gates on the register-tiled kernel `denseSIMDTiled`) on the 2-core development VM
/// while it was shared (load average 8.8; process CPU time, so other jobs taking the core do not
/// count, but they still share caches): re-run `skein bench calibrate` on a quiet machine.
/// See notes/performance.md ("Session 4: dense blocks").
enum BuiltInCalibration {
    static let machine = "2-core Intel Xeon (AVX-512, Sapphire Rapids-class) VM, 24 GiB, load 8.8 (shared), CPU-time clock"
    static let date = "2026-11-30 04:18 UTC"
    static let command = "skein bench calibrate --qubits 22 --threads 1 --repetitions 5 --clock cpu"
    static let doubleDiagonal: [Double] = [1.742, 1.439, 1.111]
    static let doubleMonomial: [Double] = [1.446, 1.835, 1.848]
    static let doubleDense: [Double] = [2.473, 1.498, 2.52, 2.83, 8.102, 18.202]
    static let singleDiagonal: [Double] = [0.747, 0.808, 0.733]
    static let singleMonomial: [Double] = [0.945, 0.913, 1.025]
    static let singleDense: [Double] = [1.544, 1.374, 1.461, 1.835, 3.224, 7.551]
}
