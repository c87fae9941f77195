// swift-tools-version: 6.1
// libFuzzer targets for every parser of untrusted input. A package of its own, so the main
// package's `make test` never builds them; `scripts/fuzz` builds and runs them.
import PackageDescription

/// One executable per family of parsers; each hands its `LLVMFuzzerTestOneInput` to libFuzzer
/// through `LLVMFuzzerRunDriver` (FuzzSupport), since SwiftPM gives every executable its own main.
let fuzzers = [
    "fuzz-age", "fuzz-bagit", "fuzz-transcript-text", "fuzz-eaf", "fuzz-protocol", "fuzz-identity", "fuzz-agent-wire",
    "fuzz-tar",
]

let package = Package(
    name: "vitni-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "vitni", path: "..")],
    targets: [
        .target(name: "CFuzzerDriver", path: "Sources/CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"], path: "Sources/FuzzSupport"),
    ]
        + fuzzers.map { name in
            .executableTarget(
                name: name,
                dependencies: ["FuzzSupport", .product(name: "VitniKit", package: "vitni")],
                path: "Sources/\(name)"
            )
        },
    swiftLanguageModes: [.v6]
)
