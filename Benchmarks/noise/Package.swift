// swift-tools-version:6.0
// Noise benchmarks as their own package, so the library manifest stays lean.
// Build: swift build -c release -Xswiftc -target-cpu -Xswiftc native
// Run:   Benchmarks/noise/run.sh  (also runs Qiskit Aer on the same circuits and prints ratios)
import PackageDescription

let package = Package(
    name: "NoiseBench",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Skein", path: "../..")],
    targets: [
        .executableTarget(name: "NoiseBench", dependencies: [.product(name: "Skein", package: "Skein")]),
    ],
    swiftLanguageModes: [.v5]
)
