// swift-tools-version:6.0
// Decoder benchmark: its own package so Skein stays lean. Build in release with native CPU flags:
//   swift build -c release -Xswiftc -target-cpu -Xswiftc native
import PackageDescription

let package = Package(
    name: "DecoderBench",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Skein", path: "../..")],
    targets: [
        .executableTarget(name: "DecoderBench", dependencies: [.product(name: "Skein", package: "Skein")]),
    ],
    swiftLanguageModes: [.v5]
)
