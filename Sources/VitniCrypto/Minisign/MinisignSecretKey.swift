import Foundation

/// A minisign signing key. The Ed25519 secret key stays in guarded memory; its file form is
/// minisign's own, so a key made by Vitni signs with `minisign -S` and the other way round.
///
/// File layout (minisign's `SeckeyStruct`, base64 on the line after the comment):
/// `sig_alg "Ed"` ‖ `kdf_alg "Sc" or 0,0` ‖ `chk_alg "B2"` ‖ `kdf_salt[32]` ‖ `kdf_opslimit_le[8]` ‖
/// `kdf_memlimit_le[8]` ‖ `keynum_sk[104]` = key id[8] ‖ Ed25519 secret key[64] ‖ checksum[32],
/// where keynum_sk is xored with scrypt(passphrase) when encrypted, and the checksum is
/// BLAKE2b-256(sig_alg ‖ key id ‖ secret key), which is how a wrong passphrase is detected.
public final class MinisignSecretKey: Sendable {
    /// How hard scrypt works to protect an encrypted key file.
    public struct Cost: Sendable, Equatable {
        public let opsLimit: UInt64
        public let memLimit: UInt64

        /// minisign's own cost (libsodium's `*_SENSITIVE`: 1 GiB, a few seconds): what key files
        /// at rest should use.
        public static let sensitive: Cost = {
            let limits = MinisignSodium.sensitiveLimits
            return Cost(opsLimit: limits.opsLimit, memLimit: limits.memLimit)
        }()

        /// libsodium's `*_INTERACTIVE` cost (16 MiB): for tests and throw-away keys only.
        public static let interactive: Cost = {
            let limits = MinisignSodium.interactiveLimits
            return Cost(opsLimit: limits.opsLimit, memLimit: limits.memLimit)
        }()

        /// The most a key file may ask for before Vitni refuses to try it: 4 GiB of memory and
        /// 8 × minisign's opslimit (a hostile file could otherwise pin a machine for hours).
        static let acceptedMaximum = Cost(opsLimit: 1 << 28, memLimit: 1 << 32)
    }

    /// Whether and how the key file is encrypted when it is written.
    public enum Protection: Sendable {
        /// scrypt-encrypted with a passphrase (what DESIGN requires for keys at rest).
        case passphrase(SecretBytes, cost: Cost = .sensitive)
        /// Unencrypted, like `minisign -G -W`: only for keys held elsewhere (e.g. an HSM export).
        case unencrypted
    }

    /// The public half, for trust stores and `minisign -V`.
    public let publicKey: MinisignPublicKey
    /// Ed25519 secret key as libsodium wants it: seed ‖ public key.
    let secretKey: SecretBytes

    /// The key id minisign prints.
    public var keyID: String { publicKey.keyID }

    init(keyIDBytes: [UInt8], secretKey: SecretBytes) {
        let publicKey = secretKey.withUnsafeBytes { Array($0[(Ed25519.secretKeyLength - Ed25519.publicKeyLength)...]) }
        self.publicKey = MinisignPublicKey(keyIDBytes: keyIDBytes, key: publicKey)
        self.secretKey = secretKey
    }

    /// A new key pair with a random key id, as `minisign -G` makes.
    public static func generate() -> MinisignSecretKey {
        let pair = Ed25519.generate()
        return MinisignSecretKey(keyIDBytes: SecureRandom.bytes(count: Minisign.keyIDLength), secretKey: pair.secretKey)
    }

    // MARK: Reading

    private enum Layout {
        static let signatureAlgorithm = 0..<2
        static let kdfAlgorithm = 2..<4
        static let checksumAlgorithm = 4..<6
        static let salt = 6..<38
        static let opsLimit = 38..<46
        static let memLimit = 46..<54
        static let keynum = 54..<158
        static let keyID = 54..<62
        static let secretKey = 62..<126
        static let checksum = 126..<158
        static let count = 158
        static let base64Length = (count + 2) / 3 * 4
    }

    /// Comment line + base64 line: minisign's comment limit bounds the whole file.
    static let fileSizeLimit = 4096

    /// Reads a minisign secret-key file held in memory.
    /// - Parameters:
    ///   - encoded: the file's bytes, in guarded memory (they may be an unencrypted key).
    ///   - passphrase: needed when the file is encrypted; ignored when it is not.
    /// - Throws: `CryptoError.minisignPassphraseRequired`, `.minisignIncorrectPassphrase`,
    ///   `.minisignKDFLimitsTooHigh`, `.minisignMalformed` or `.minisignUnsupported`.
    public convenience init(encoded: SecretBytes, passphrase: SecretBytes?) throws {
        let (keyIDBytes, secretKey) = try encoded.withUnsafeBytes { try Self.open($0, passphrase: passphrase) }
        self.init(keyIDBytes: keyIDBytes, secretKey: secretKey)
    }

    /// Reads a minisign secret-key file (at most 4 KiB) into guarded memory and opens it.
    /// - Throws: as ``init(encoded:passphrase:)``, plus `CryptoError.io`; format errors name `path`.
    public convenience init(contentsOfFile path: String, passphrase: SecretBytes?) throws {
        let (buffer, count) = try Minisign.readSecretFile(path, limit: Self.fileSizeLimit, what: "the secret key file")
        let (keyIDBytes, secretKey) = try Minisign.naming(path) {
            try buffer.withUnsafeBytes {
                try Self.open(UnsafeRawBufferPointer(rebasing: $0[..<count]), passphrase: passphrase)
            }
        }
        self.init(keyIDBytes: keyIDBytes, secretKey: secretKey)
    }

    /// Whether a secret-key file needs a passphrase (so a caller prompts only when it must).
    /// - Throws: `CryptoError.minisignMalformed` or `.minisignUnsupported`.
    public static func isEncrypted(encoded: SecretBytes) throws -> Bool {
        try encoded.withUnsafeBytes { try decodeStructure($0).withUnsafeBytes { isEncrypted(structure: $0) } }
    }

    /// Whether the secret-key file at `path` needs a passphrase.
    /// - Throws: `CryptoError.io`, or a format error naming `path`.
    public static func isEncrypted(contentsOfFile path: String) throws -> Bool {
        let (buffer, count) = try Minisign.readSecretFile(path, limit: fileSizeLimit, what: "the secret key file")
        return try Minisign.naming(path) {
            try buffer.withUnsafeBytes { text in
                try decodeStructure(UnsafeRawBufferPointer(rebasing: text[..<count])).withUnsafeBytes {
                    isEncrypted(structure: $0)
                }
            }
        }
    }

    private static func isEncrypted(structure: UnsafeRawBufferPointer) -> Bool {
        structure[Layout.kdfAlgorithm].elementsEqual(Minisign.scryptKDF)
    }

    /// Splits the two lines and decodes the key structure into guarded memory, checking the
    /// algorithm bytes (which are not secret and not encrypted).
    private static func decodeStructure(_ text: UnsafeRawBufferPointer) throws -> SecretBytes {
        let newline = UInt8(ascii: "\n")
        guard let firstEnd = text.firstIndex(of: newline) else {
            throw CryptoError.minisignMalformed("the secret key file is truncated: expected 2 lines")
        }
        let comment = text[..<firstEnd]
        guard comment.starts(with: Minisign.untrustedPrefix) else {
            throw CryptoError.minisignMalformed("the secret key file does not start with \"untrusted comment: \"")
        }
        var rest = text[(firstEnd + 1)...]
        if let secondEnd = rest.firstIndex(of: newline) {
            guard secondEnd + 1 == text.endIndex else {
                throw CryptoError.minisignMalformed("the secret key file has data after its 2 lines")
            }
            rest = rest[..<secondEnd]
        }
        if rest.last == UInt8(ascii: "\r") { rest = rest.dropLast() }
        guard rest.count == Layout.base64Length else {
            throw CryptoError.minisignMalformed(
                "the secret key line has \(rest.count) base64 characters, expected \(Layout.base64Length)")
        }
        let structure = SecretBytes(count: Layout.count)
        guard MinisignSodium.decodeBase64(UnsafeRawBufferPointer(rebasing: rest), into: structure) == Layout.count
        else {
            throw CryptoError.minisignMalformed("the secret key line is not valid base64")
        }
        try structure.withUnsafeBytes { bytes in
            guard bytes[Layout.signatureAlgorithm].elementsEqual(Minisign.legacyAlgorithm) else {
                throw CryptoError.minisignUnsupported("the secret key's algorithm is not Ed25519 (\"Ed\")")
            }
            guard bytes[Layout.checksumAlgorithm].elementsEqual(Minisign.blake2bChecksum) else {
                throw CryptoError.minisignUnsupported("the secret key's checksum algorithm is not BLAKE2b (\"B2\")")
            }
            let kdf = bytes[Layout.kdfAlgorithm]
            guard kdf.elementsEqual(Minisign.scryptKDF) || kdf.elementsEqual(Minisign.noKDF) else {
                throw CryptoError.minisignUnsupported(
                    "the secret key's key derivation is neither scrypt (\"Sc\") nor none")
            }
        }
        return structure
    }

    /// Decodes, decrypts and checks a key file; returns the key id and the Ed25519 secret key.
    private static func open(
        _ text: UnsafeRawBufferPointer, passphrase: SecretBytes?
    ) throws -> ([UInt8], SecretBytes) {
        let structure = try decodeStructure(text)
        let encrypted = structure.withUnsafeBytes { isEncrypted(structure: $0) }
        if encrypted {
            guard let passphrase else { throw CryptoError.minisignPassphraseRequired }
            let (salt, opsLimit, memLimit) = structure.withUnsafeBytes { bytes in
                (Array(bytes[Layout.salt]), littleEndian(bytes[Layout.opsLimit]), littleEndian(bytes[Layout.memLimit]))
            }
            let maximum = Cost.acceptedMaximum
            guard opsLimit <= maximum.opsLimit, memLimit <= maximum.memLimit else {
                throw CryptoError.minisignKDFLimitsTooHigh(opsLimit: opsLimit, memLimit: memLimit)
            }
            try xorKeystream(
                into: structure, passphrase: passphrase, salt: salt, cost: Cost(opsLimit: opsLimit, memLimit: memLimit))
        }
        try structure.withUnsafeBytes { bytes in
            let computed = SecretBytes(count: Layout.checksum.count)
            computed.withUnsafeMutableBytes { checksum(of: bytes, into: $0) }
            let stored = UnsafeRawBufferPointer(rebasing: bytes[Layout.checksum])
            let matches = computed.withUnsafeBytes { MinisignSodium.equal($0, stored) }
            if encrypted {
                guard matches else { throw CryptoError.minisignIncorrectPassphrase }
            } else {
                // `minisign -G -W` leaves the checksum zero; `minisign -C -W` and Vitni keep it.
                guard matches || MinisignSodium.isZero(stored) else {
                    throw CryptoError.minisignMalformed("the secret key's checksum does not match: the file is damaged")
                }
            }
            guard MinisignSodium.isConsistentEd25519SecretKey(UnsafeRawBufferPointer(rebasing: bytes[Layout.secretKey]))
            else {
                throw CryptoError.minisignMalformed(
                    "the secret key is damaged: its public half does not match its seed")
            }
        }
        let keyID = structure.withUnsafeBytes { Array($0[Layout.keyID]) }
        return (keyID, structure.slice(Layout.secretKey))
    }

    /// minisign's checksum: BLAKE2b-256(sig_alg ‖ key id ‖ secret key).
    private static func checksum(of structure: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        MinisignSodium.blake2b(
            [
                UnsafeRawBufferPointer(rebasing: structure[Layout.signatureAlgorithm]),
                UnsafeRawBufferPointer(rebasing: structure[Layout.keyID]),
                UnsafeRawBufferPointer(rebasing: structure[Layout.secretKey]),
            ], into: output)
    }

    /// Xors keynum_sk with scrypt(passphrase, salt): encryption and decryption are the same step.
    private static func xorKeystream(into structure: SecretBytes, passphrase: SecretBytes, salt: [UInt8], cost: Cost)
        throws
    {
        guard
            let stream = Scrypt.derive(
                password: passphrase, salt: salt, opsLimit: cost.opsLimit, memLimit: cost.memLimit,
                length: Layout.keynum.count)
        else {
            throw CryptoError.minisignUnsupported("scrypt rejected the key file's parameters")
        }
        structure.withUnsafeMutableBytes { bytes in
            stream.withUnsafeBytes { keystream in
                for index in 0..<keystream.count { bytes[Layout.keynum.lowerBound + index] ^= keystream[index] }
            }
        }
    }

    private static func littleEndian(_ bytes: Slice<UnsafeRawBufferPointer>) -> UInt64 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    // MARK: Writing

    /// The key file in minisign's format, in guarded memory (it may hold an unencrypted key).
    /// - Parameter protection: a passphrase and scrypt cost, or `.unencrypted`.
    /// - Throws: `CryptoError.minisignUnsupported` if scrypt fails (it does not for `Cost`'s presets).
    public func encoded(_ protection: Protection) throws -> SecretBytes {
        let structure = SecretBytes(count: Layout.count)
        var comment = "minisign unencrypted secret key"
        structure.withUnsafeMutableBytes { bytes in
            func put(_ value: [UInt8], at range: Range<Int>) {
                UnsafeMutableRawBufferPointer(rebasing: bytes[range]).copyBytes(from: value)
            }
            put(Minisign.legacyAlgorithm, at: Layout.signatureAlgorithm)
            put(Minisign.noKDF, at: Layout.kdfAlgorithm)
            put(Minisign.blake2bChecksum, at: Layout.checksumAlgorithm)
            put(publicKey.keyIDBytes, at: Layout.keyID)
            secretKey.withUnsafeBytes {
                UnsafeMutableRawBufferPointer(rebasing: bytes[Layout.secretKey]).copyMemory(from: $0)
            }
            // Unlike `minisign -G -W`, the checksum is kept for unencrypted keys too: it catches damage.
            Self.checksum(
                of: UnsafeRawBufferPointer(bytes), into: UnsafeMutableRawBufferPointer(rebasing: bytes[Layout.checksum])
            )
        }
        if case .passphrase(let passphrase, let cost) = protection {
            let salt = SecureRandom.bytes(count: Layout.salt.count)
            structure.withUnsafeMutableBytes { bytes in
                func put(_ value: [UInt8], at range: Range<Int>) {
                    UnsafeMutableRawBufferPointer(rebasing: bytes[range]).copyBytes(from: value)
                }
                put(Minisign.scryptKDF, at: Layout.kdfAlgorithm)
                put(salt, at: Layout.salt)
                put(withUnsafeBytes(of: cost.opsLimit.littleEndian, Array.init), at: Layout.opsLimit)
                put(withUnsafeBytes(of: cost.memLimit.littleEndian, Array.init), at: Layout.memLimit)
            }
            try Self.xorKeystream(into: structure, passphrase: passphrase, salt: salt, cost: cost)
            comment = "minisign encrypted secret key"
        }
        let line = MinisignSodium.encodeBase64(structure)
        let prefix = Array("untrusted comment: \(comment)\n".utf8)
        let file = SecretBytes(count: prefix.count + line.count + 1)
        file.withUnsafeMutableBytes { out in
            out.copyBytes(from: prefix)
            line.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: out[prefix.count...]).copyMemory(from: $0) }
            out[out.count - 1] = UInt8(ascii: "\n")
        }
        return file
    }

    /// Writes the key file to a new file with mode 0600, never replacing an existing one.
    /// - Throws: `CryptoError.io` (for instance when `path` exists), or as ``encoded(_:)``.
    public func write(toFile path: String, _ protection: Protection) throws {
        let file = try encoded(protection)
        try file.withUnsafeBytes { try FileStream.writeNewFile(path, $0, mode: 0o600) }
    }
}
