// swift-tools-version:6.1
// Micro-benchmarks of Skein's state-vector kernels (ordo-one/benchmark). A separate package so
// that the library and its CI stay lean: nothing here is built by `swift build` at the root.
// Run: see README.md (`swift package benchmark` in this directory).
import PackageDescription

let package = Package(
    name: "SkeinKernelBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Skein", path: "../.."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SkeinKernels",
            dependencies: [
                .product(name: "Skein", package: "Skein"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SkeinKernels",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
