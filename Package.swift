// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "vitni",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vitni", targets: ["vitni"]),
        .library(name: "VitniKit", targets: ["VitniKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // The system's OpenSSL 3 libcrypto, for the age payload's ChaCha20-Poly1305 only (VitniCrypto's PayloadCipher).
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CSndFile",
            pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]
        ),
        .systemLibrary(
            name: "CAlsa",
            pkgConfig: "alsa",
            providers: [.apt(["libasound2-dev"])]
        ),
        .target(name: "CVitniSystem"),
        .target(
            name: "VitniFormats",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "VitniCrypto",
            dependencies: [
                "CLibCrypto", "CSodium", "CVitniSystem", "VitniFormats",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "VitniAudio",
            dependencies: ["CSndFile", "CAlsa", "VitniFormats"]
        ),
        .target(
            name: "VitniStore",
            dependencies: ["VitniFormats", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "VitniKit",
            dependencies: [
                "CVitniSystem", "VitniAudio", "VitniCrypto", "VitniFormats", "VitniStore",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .target(
            name: "VitniDemo",
            dependencies: ["VitniKit", "VitniAudio", "VitniCrypto", "VitniFormats", "VitniStore"]
        ),
        // The review room's local web server: only the CLI links it, so nothing else waits for swift-nio.
        .target(
            name: "VitniView",
            dependencies: [
                "VitniKit", "VitniAudio", "VitniCrypto", "VitniFormats",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // The observation room: the same server over TLS on the network, beside the recorder.
        .target(
            name: "VitniLive",
            dependencies: [
                "VitniKit", "VitniView", "VitniAudio", "VitniCrypto", "VitniFormats", "VitniStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "vitni",
            dependencies: [
                "VitniDemo", "VitniKit", "VitniView", "VitniLive", "VitniAudio", "VitniCrypto", "VitniFormats",
                "VitniStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "VitniTestSupport", dependencies: ["VitniCrypto"]),
        .testTarget(
            name: "VitniFormatsTests",
            dependencies: ["VitniFormats", "VitniTestSupport"]
        ),
        .testTarget(
            name: "VitniCryptoTests",
            dependencies: ["VitniCrypto", "VitniTestSupport"],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "VitniAudioTests",
            dependencies: ["VitniAudio", "VitniTestSupport"]
        ),
        .testTarget(
            name: "VitniStoreTests",
            dependencies: ["VitniStore", "VitniTestSupport"]
        ),
        .testTarget(
            name: "VitniKitTests",
            dependencies: ["VitniKit", "VitniTestSupport"]
        ),
        .testTarget(
            name: "VitniViewTests",
            dependencies: ["VitniView", "VitniTestSupport"]
        ),
        .testTarget(
            name: "VitniLiveTests",
            dependencies: [
                "VitniLive", "VitniKit", "VitniCrypto", "VitniFormats", "VitniTestSupport",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .testTarget(
            name: "VitniCLITests",
            dependencies: ["VitniTestSupport", "VitniKit", "VitniAudio", "VitniCrypto", "VitniFormats"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

/// Strictness every Vitni module is built with, applied to every target in one place (the swift-log pattern).
for target in package.targets where target.type != .system && target.name != "CVitniSystem" {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
