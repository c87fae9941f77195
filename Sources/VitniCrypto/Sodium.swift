internal import CSodium

/// libsodium must be initialised once before any other call; `sodium_malloc` before
/// `sodium_init` aborts the process. Every entry point into libsodium goes through `ready()`.
enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0

    static func ready() {
        precondition(initialized, "libsodium could not be initialised")
    }
}

/// Cryptographically secure randomness from libsodium.
public enum SecureRandom {
    /// Fills a new secret buffer with random bytes (for keys).
    public static func secret(count: Int, guarded: Bool = true) -> SecretBytes {
        let secret = SecretBytes(count: count, guarded: guarded)
        secret.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, $0.count) }
        return secret
    }

    /// Random public bytes (nonces, salts, key ids).
    public static func bytes(count: Int) -> [UInt8] {
        Sodium.ready()
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, $0.count) }
        return out
    }
}
