// swift-tools-version: 6.1
import PackageDescription

/// Strictness every Vitni module is built with (the swift-log pattern).
let upcomingFeatures: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

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
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
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
        .target(
            name: "VitniFormats",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "VitniCrypto",
            dependencies: [
                "CSodium", "VitniFormats",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "VitniAudio",
            dependencies: ["CSndFile", "CAlsa"],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "VitniStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "VitniKit",
            dependencies: ["VitniAudio", "VitniCrypto", "VitniFormats", "VitniStore"],
            swiftSettings: upcomingFeatures
        ),
        .executableTarget(
            name: "vitni",
            dependencies: [
                "VitniKit", "VitniAudio", "VitniCrypto", "VitniFormats", "VitniStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(name: "VitniTestSupport", dependencies: ["VitniCrypto"], swiftSettings: upcomingFeatures),
        .testTarget(
            name: "VitniFormatsTests",
            dependencies: ["VitniFormats", "VitniTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "VitniCryptoTests",
            dependencies: ["VitniCrypto", "VitniTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "VitniAudioTests",
            dependencies: ["VitniAudio", "VitniTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "VitniStoreTests",
            dependencies: ["VitniStore", "VitniTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "VitniKitTests",
            dependencies: ["VitniKit", "VitniTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "VitniCLITests",
            dependencies: ["VitniTestSupport", "VitniKit", "VitniAudio", "VitniCrypto", "VitniFormats"],
            swiftSettings: upcomingFeatures
        ),
    ],
    swiftLanguageModes: [.v6]
)
