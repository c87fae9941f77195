import Foundation

/// SplitMix64: a tiny seeded generator, so a randomised test makes the same choices again from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for a randomised crash test: seeded from `VITNI_TEST_SEED` when set, otherwise
    /// afresh, and the seed printed either way so a failing run can be repeated exactly.
    /// - Parameter test: names the test in the printed line.
    public static func forCrashTest(_ test: String) -> SeededGenerator {
        let given = ProcessInfo.processInfo.environment["VITNI_TEST_SEED"].flatMap { UInt64($0) }
        let seed = given ?? UInt64.random(in: 1...UInt64.max)
        print("\(test): seed \(seed) (re-run with VITNI_TEST_SEED=\(seed))")
        return SeededGenerator(seed: seed)
    }
}
