import Foundation
import VitniFormats

/// A minisign signature file: the seal and every custody event, checkable with `minisign -V -H`.
///
/// ```
/// untrusted comment: <anything>
/// base64("ED" ‖ key id ‖ Ed25519(BLAKE2b-512(file)))
/// trusted comment: <signed text>
/// base64(Ed25519(signature ‖ trusted comment))
/// ```
/// Vitni signs only the prehashed `ED` form, which streams; it verifies the legacy `Ed` form
/// (Ed25519 over the whole file) too, and says so in the result.
public struct MinisignSignature: Sendable, Equatable {
    /// Which message the Ed25519 signature covers.
    public enum Algorithm: String, Sendable {
        /// `ED`: the BLAKE2b-512 hash of the file (minisign ≥ 0.11's default, and `-H`).
        case prehashed = "ED"
        /// `Ed`: the file itself (`minisign -l`); needs the whole file in memory.
        case legacy = "Ed"
    }

    public let algorithm: Algorithm
    /// Not covered by any signature: anyone can change it.
    public let untrustedComment: String
    /// Covered by the global signature.
    public let trustedComment: String
    let keyIDBytes: [UInt8]
    let signature: [UInt8]
    let globalSignature: [UInt8]

    /// What minisign writes when not given `-c`.
    public static let defaultUntrustedComment = "signature from minisign secret key"
    /// Legacy signatures are checked over the file in memory; larger files are refused.
    public static let defaultLegacyInputLimit = 64 << 20

    /// Four lines of at most minisign's comment limits, base64 and newlines.
    static let fileSizeLimit = 16 << 10
    /// Algorithm ‖ key id ‖ signature.
    static let encodedLength = 2 + Minisign.keyIDLength + Ed25519.signatureLength
    /// Streams are hashed through one buffer of this size, whatever their length.
    static let bufferSize = 1 << 18

    /// The key id of the key that made this signature, as minisign prints it.
    public var keyID: String { Minisign.keyIDString(keyIDBytes) }

    // MARK: Parsing

    /// Parses a signature file strictly: four lines, canonical base64 of the exact lengths, a
    /// known algorithm, comments minisign can read back.
    /// - Parameter fileText: the file's contents; CRLF and a missing final newline are accepted.
    /// - Throws: `CryptoError.minisignMalformed` or `.minisignUnsupported`.
    public init(fileText: String) throws {
        let bytes = Array(fileText.utf8)
        guard bytes.count <= Self.fileSizeLimit else {
            throw CryptoError.minisignMalformed("the signature file is larger than \(Self.fileSizeLimit) bytes")
        }
        let lines = try Minisign.lines(bytes, count: 4, what: "the signature file")
        untrustedComment = try Minisign.comment(
            lines[0], prefix: Minisign.untrustedPrefix, maxLength: Minisign.maxUntrustedCommentLength,
            what: "the signature's untrusted comment line")
        let decoded = try Minisign.decodeBase64(lines[1], length: Self.encodedLength, what: "the signature line")
        switch Array(decoded[0..<2]) {
        case Minisign.prehashedAlgorithm: algorithm = .prehashed
        case Minisign.legacyAlgorithm: algorithm = .legacy
        default:
            throw CryptoError.minisignUnsupported(
                "unknown signature algorithm 0x\(Hex.encode(decoded[0..<2])) (expected \"ED\" or \"Ed\")")
        }
        keyIDBytes = Array(decoded[2..<10])
        signature = Array(decoded[10...])
        trustedComment = try Minisign.comment(
            lines[2], prefix: Minisign.trustedPrefix, maxLength: Minisign.maxTrustedCommentLength,
            what: "the signature's trusted comment line")
        globalSignature = try Minisign.decodeBase64(
            lines[3], length: Ed25519.signatureLength, what: "the trusted comment's signature line")
    }

    /// Reads and parses a signature file (at most 16 KiB).
    /// - Throws: `CryptoError.io`, or a format error naming `path`.
    public init(contentsOfFile path: String) throws {
        let bytes = try Minisign.readFile(path, limit: Self.fileSizeLimit, what: "the signature file")
        self = try Minisign.naming(path) {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CryptoError.minisignMalformed("the signature file is not UTF-8 text")
            }
            return try MinisignSignature(fileText: text)
        }
    }

    private init(
        algorithm: Algorithm, keyIDBytes: [UInt8], signature: [UInt8], untrustedComment: String,
        trustedComment: String, globalSignature: [UInt8]
    ) {
        self.algorithm = algorithm
        self.keyIDBytes = keyIDBytes
        self.signature = signature
        self.untrustedComment = untrustedComment
        self.trustedComment = trustedComment
        self.globalSignature = globalSignature
    }

    // MARK: Writing

    /// The file form, exactly as minisign writes it.
    public var fileText: String {
        let line = Base64.encode(Array(algorithm.rawValue.utf8) + keyIDBytes + signature)
        return "untrusted comment: \(untrustedComment)\n\(line)\ntrusted comment: \(trustedComment)\n"
            + Base64.encode(globalSignature) + "\n"
    }

    /// Writes the file form to a new file (never replacing one).
    /// - Throws: `CryptoError.io` (for instance when `path` already exists).
    public func write(toFile path: String) throws {
        try FileStream.writeNewFile(path, Array(fileText.utf8), mode: 0o644)
    }

    // MARK: Signing

    /// minisign's default trusted comment, so a Vitni signature reads like a minisign one.
    /// - Parameters:
    ///   - path: the signed file; only its last path component is used.
    ///   - timestamp: seconds since 1970; now when nil.
    /// - Returns: `timestamp:<unix>\tfile:<name>\thashed`.
    public static func defaultTrustedComment(forFile path: String, timestamp: Int64? = nil) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        return "timestamp:\(timestamp ?? Int64(time(nil)))\tfile:\(name)\thashed"
    }

    /// Signs everything `source` yields, in the prehashed `ED` form, through a fixed buffer.
    /// - Parameters:
    ///   - source: the bytes to sign, read to the end.
    ///   - key: the signing key.
    ///   - trustedComment: one line, signed with the signature (e.g. ``defaultTrustedComment(forFile:timestamp:)``).
    ///   - untrustedComment: one line, not signed.
    /// - Returns: the signature, ready for ``fileText`` or ``write(toFile:)``.
    /// - Throws: `CryptoError.minisignInvalidComment`, or the source's read error.
    public static func sign(
        _ source: any ByteSource, with key: MinisignSecretKey, trustedComment: String,
        untrustedComment: String = defaultUntrustedComment
    ) throws -> MinisignSignature {
        try Minisign.validateComment(
            untrustedComment, maxLength: Minisign.maxUntrustedCommentLength, what: "untrusted comment")
        try validateTrustedComment(trustedComment)
        let parts = try key.signPrehashed(digest: try prehash(source), trustedComment: trustedComment)
        return MinisignSignature(
            algorithm: .prehashed, keyIDBytes: key.publicKey.keyIDBytes, signature: parts.signature,
            untrustedComment: untrustedComment, trustedComment: trustedComment, globalSignature: parts.globalSignature)
    }

    /// The two Ed25519 signatures of a prehashed signature, as a key held elsewhere (the agent)
    /// returns them from ``MinisignSecretKey/signPrehashed(digest:trustedComment:)``.
    public struct PrehashedParts: Sendable, Equatable {
        /// Ed25519 over the BLAKE2b-512 digest.
        public let signature: [UInt8]
        /// Ed25519 over `signature` ‖ the trusted comment.
        public let globalSignature: [UInt8]

        public init(signature: [UInt8], globalSignature: [UInt8]) {
            self.signature = signature
            self.globalSignature = globalSignature
        }
    }

    /// The length of the BLAKE2b-512 digest a prehashed signature signs.
    public static let digestLength = 64

    /// Assembles a prehashed signature from parts made elsewhere, after checking both against
    /// `publicKey`: whoever made them is trusted no more than any other input.
    /// - Parameters:
    ///   - digest: the BLAKE2b-512 digest this process computed (``prehash(_:)``).
    ///   - parts: the signature over `digest` and the global signature.
    /// - Throws: `CryptoError.signatureInvalid` or `.trustedCommentInvalid` when a part does not
    ///   verify, `.minisignInvalidComment` for a comment minisign cannot read back.
    public init(
        digest: [UInt8], parts: PrehashedParts, publicKey: MinisignPublicKey, trustedComment: String,
        untrustedComment: String = defaultUntrustedComment
    ) throws {
        try Minisign.validateComment(
            untrustedComment, maxLength: Minisign.maxUntrustedCommentLength, what: "untrusted comment")
        try Self.validateTrustedComment(trustedComment)
        guard digest.count == Self.digestLength,
            digest.withUnsafeBytes({ Ed25519.verify(parts.signature, message: $0, publicKey: publicKey.key) })
        else { throw CryptoError.signatureInvalid }
        let signedComment = parts.signature + Array(trustedComment.utf8)
        guard
            signedComment.withUnsafeBytes({
                Ed25519.verify(parts.globalSignature, message: $0, publicKey: publicKey.key)
            })
        else { throw CryptoError.trustedCommentInvalid }
        self.init(
            algorithm: .prehashed, keyIDBytes: publicKey.keyIDBytes, signature: parts.signature,
            untrustedComment: untrustedComment, trustedComment: trustedComment,
            globalSignature: parts.globalSignature)
    }

    /// Refuses a trusted comment minisign could not read back: one line, at most its limit.
    /// - Throws: `CryptoError.minisignInvalidComment`.
    public static func validateTrustedComment(_ comment: String) throws {
        try Minisign.validateComment(comment, maxLength: Minisign.maxTrustedCommentLength, what: "trusted comment")
    }

    /// Signs a file, with minisign's default trusted comment unless one is given.
    /// - Throws: `CryptoError.io`, `.minisignInvalidComment`.
    public static func sign(
        contentsOfFile path: String, with key: MinisignSecretKey, trustedComment: String? = nil,
        untrustedComment: String = defaultUntrustedComment
    ) throws -> MinisignSignature {
        let file = try FileStream.open(readingFrom: path)
        return try sign(
            file, with: key, trustedComment: trustedComment ?? defaultTrustedComment(forFile: path),
            untrustedComment: untrustedComment)
    }

    // MARK: Verifying

    /// Checks the signature and its trusted comment against `source` and a public key.
    /// - Parameters:
    ///   - source: the signed bytes, read to the end (into memory only for a legacy signature).
    ///   - publicKey: the key the signature must be from.
    ///   - legacyInputLimit: the most bytes a legacy (`Ed`) signature's file may have.
    /// - Returns: the key id, the trusted comment, and whether the signature is legacy.
    /// - Throws: `CryptoError.signatureKeyMismatch` (another key's id), `.signatureInvalid`
    ///   (file or signature altered), `.trustedCommentInvalid`, `.minisignLegacyInputTooLarge`,
    ///   or the source's read error.
    public func verify(
        _ source: any ByteSource, with publicKey: MinisignPublicKey, legacyInputLimit: Int = defaultLegacyInputLimit
    ) throws -> MinisignVerification {
        guard keyIDBytes == publicKey.keyIDBytes else {
            throw CryptoError.signatureKeyMismatch(signatureKeyID: keyID, publicKeyID: publicKey.keyID)
        }
        let message =
            switch algorithm {
            case .prehashed: try Self.prehash(source)
            case .legacy: try Self.readWhole(source, limit: legacyInputLimit)
            }
        guard message.withUnsafeBytes({ Ed25519.verify(signature, message: $0, publicKey: publicKey.key) }) else {
            throw CryptoError.signatureInvalid
        }
        let signedComment = signature + Array(trustedComment.utf8)
        guard signedComment.withUnsafeBytes({ Ed25519.verify(globalSignature, message: $0, publicKey: publicKey.key) })
        else {
            throw CryptoError.trustedCommentInvalid
        }
        return MinisignVerification(keyID: keyID, trustedComment: trustedComment, isLegacy: algorithm == .legacy)
    }

    /// Checks the signature against the file at `path`.
    /// - Throws: `CryptoError.io`, or as ``verify(_:with:legacyInputLimit:)``.
    public func verify(
        contentsOfFile path: String, with publicKey: MinisignPublicKey, legacyInputLimit: Int = defaultLegacyInputLimit
    ) throws -> MinisignVerification {
        try verify(FileStream.open(readingFrom: path), with: publicKey, legacyInputLimit: legacyInputLimit)
    }

    /// BLAKE2b-512 of the whole stream, in bounded memory: what a prehashed signature signs.
    public static func prehash(_ source: any ByteSource) throws -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 64)
        defer { buffer.deallocate() }
        let hasher = BLAKE2b512()
        while case let count = try source.read(into: buffer), count > 0 {
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        return hasher.finalize()
    }

    /// The whole stream, for legacy signatures only, refusing more than `limit` bytes.
    private static func readWhole(_ source: any ByteSource, limit: Int) throws -> [UInt8] {
        var bytes = [UInt8]()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 64)
        defer { buffer.deallocate() }
        while case let count = try source.read(into: buffer), count > 0 {
            guard bytes.count + count <= limit else { throw CryptoError.minisignLegacyInputTooLarge(limit: limit) }
            bytes.append(contentsOf: buffer[..<count])
        }
        return bytes
    }
}
