// swift-tools-version:6.0
// Skein: a state-vector quantum-circuit simulator and an anyon-braiding simulator.
// No unsafe compiler flags here: Skein must stay usable as a dependency. Pass CPU flags on the
// command line instead (see README: `-Xswiftc -target-cpu -Xswiftc native`).
import PackageDescription

let numerics = Target.Dependency.product(name: "Numerics", package: "swift-numerics")

let package = Package(
    name: "Skein",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Skein", targets: ["Skein"]),
        .executable(name: "skein", targets: ["SkeinCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(name: "CFFTW", path: "Sources/CFFTW", pkgConfig: "fftw3",
                       providers: [.apt(["libfftw3-dev"]), .brew(["fftw"])]),

        // The floating-point environment of kernel threads (flush-to-zero; C because Swift
        // cannot reach MXCSR/FPCR).
        .target(name: "CSkeinCPU", path: "Sources/CSkeinCPU"),

        .target(name: "SkeinLinearAlgebra", dependencies: ["CBLAS", numerics], exclude: ["README.md"]),
        .target(name: "SkeinCircuits", dependencies: ["SkeinLinearAlgebra", numerics], exclude: ["README.md"]),
        .target(name: "SkeinStateVector", dependencies: ["SkeinCircuits", "SkeinLinearAlgebra", "CBLAS", "CFFTW", "CSkeinCPU", numerics], exclude: ["README.md"]),
        .target(name: "SkeinNoise", dependencies: ["SkeinStateVector", "SkeinCircuits", "SkeinLinearAlgebra", "CBLAS", "CFFTW", numerics], exclude: ["README.md"]),
        .target(name: "SkeinStabilizer", dependencies: ["SkeinCircuits", "SkeinLinearAlgebra"], exclude: ["README.md"]),
        .target(name: "SkeinAnyons", dependencies: ["SkeinLinearAlgebra", "SkeinCircuits", numerics], exclude: ["README.md"]),
        .target(name: "SkeinExperiments", dependencies: ["SkeinNoise", "SkeinStabilizer", "SkeinAnyons", "SkeinLinearAlgebra"], exclude: ["README.md"]),
        .target(name: "Skein", dependencies: [
            "SkeinLinearAlgebra", "SkeinCircuits", "SkeinStateVector", "SkeinNoise", "SkeinStabilizer", "SkeinAnyons", "SkeinExperiments",
        ]),
        .executableTarget(name: "SkeinCLI", dependencies: [
            "Skein", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "SkeinExamples", dependencies: ["Skein"], path: "Circuits/Swift"),

        .testTarget(name: "SkeinLinearAlgebraTests", dependencies: ["SkeinLinearAlgebra"]),
        .testTarget(name: "SkeinCircuitsTests", dependencies: ["SkeinCircuits"]),
        .testTarget(name: "SkeinStateVectorTests", dependencies: ["SkeinStateVector", "SkeinCircuits"],
                    resources: [.copy("Conformance"), .copy("Golden")]),
        .testTarget(name: "SkeinNoiseTests", dependencies: ["SkeinNoise", "SkeinStateVector", "SkeinCircuits"], exclude: ["Golden"]),
        .testTarget(name: "SkeinAnyonsTests", dependencies: ["SkeinAnyons"]),
        .testTarget(name: "SkeinStabilizerTests", dependencies: ["SkeinStabilizer", "SkeinStateVector"], exclude: ["Golden"]),
        .testTarget(name: "SkeinExperimentsTests", dependencies: ["SkeinExperiments", "SkeinStabilizer", "SkeinAnyons"]),
        .testTarget(name: "SkeinCLITests", dependencies: ["SkeinCLI"]),
    ],
    swiftLanguageModes: [.v5]
)
