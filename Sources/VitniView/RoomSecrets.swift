import Foundation
import VitniCrypto
import VitniFormats

/// The tokens and cookies both rooms (review and observation) admit people with.
public enum RoomSecrets {
    /// 32 random bytes as lower-case hex.
    public static func random() -> String { Hex.encode(SecureRandom.bytes(count: 32)) }

    /// Compares in constant time (libsodium's `sodium_memcmp`, through `SecretBytes`).
    public static func same(_ a: String, _ b: String) -> Bool {
        func secret(_ text: String) -> SecretBytes {
            Array(text.utf8).withUnsafeBytes { SecretBytes(copying: $0, guarded: false) }
        }
        return secret(a).isEqual(to: secret(b))
    }

    /// The value of cookie `name` in a `Cookie` header.
    public static func cookie(_ name: String, in header: String?) -> String? {
        for pair in (header ?? "").split(separator: ";") {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == name { return String(parts[1]) }
        }
        return nil
    }
}
