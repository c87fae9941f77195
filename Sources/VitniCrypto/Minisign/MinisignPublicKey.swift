import VitniFormats

/// A minisign public key: the 8-byte key id every signature names, and the Ed25519 key itself.
///
/// This is what a trust store holds and what a court passes to `minisign -V -p` (file form) or
/// `minisign -V -P` (bare base64 form); Vitni reads and writes both exactly as minisign does.
public struct MinisignPublicKey: Sendable, Equatable {
    /// "Ed" ‖ key id ‖ Ed25519 public key.
    static let encodedLength = 2 + Minisign.keyIDLength + Ed25519.publicKeyLength
    /// A public-key file is two short lines; anything much larger is not one.
    static let fileSizeLimit = 4096

    /// The 8 bytes every signature by this key names (``keyID`` is their hex form).
    public let keyIDBytes: [UInt8]
    let key: [UInt8]

    init(keyIDBytes: [UInt8], key: [UInt8]) {
        precondition(keyIDBytes.count == Minisign.keyIDLength && key.count == Ed25519.publicKeyLength)
        self.keyIDBytes = keyIDBytes
        self.key = key
    }

    /// Parses the bare base64 line (what `minisign -P` takes and `minisign -G` prints).
    /// - Parameter base64: the 56-character line, with no surrounding whitespace.
    /// - Throws: `CryptoError.minisignMalformed` or `.minisignUnsupported` (not an Ed25519 key).
    public init(base64: String) throws {
        try self.init(line: Array(base64.utf8)[...])
    }

    /// Parses a public-key file: an `untrusted comment:` line, then the base64 line.
    /// - Parameter fileText: the file's contents; CRLF and a missing final newline are accepted.
    /// - Throws: `CryptoError.minisignMalformed` or `.minisignUnsupported`.
    public init(fileText: String) throws {
        let lines = try Minisign.lines(Array(fileText.utf8), count: 2, what: "the public key file")
        _ = try Minisign.comment(
            lines[0], prefix: Minisign.untrustedPrefix, maxLength: Minisign.maxUntrustedCommentLength,
            what: "the public key's comment line")
        try self.init(line: lines[1])
    }

    /// Reads a public-key file (at most 4 KiB).
    /// - Throws: `CryptoError.io`, or a format error naming `path`.
    public init(contentsOfFile path: String) throws {
        let bytes = try Minisign.readFile(path, limit: Self.fileSizeLimit, what: "the public key file")
        self = try Minisign.naming(path) {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CryptoError.minisignMalformed("the public key file is not UTF-8 text")
            }
            return try MinisignPublicKey(fileText: text)
        }
    }

    private init(line: ArraySlice<UInt8>) throws {
        let decoded = try Minisign.decodeBase64(line, length: Self.encodedLength, what: "the public key")
        guard decoded.starts(with: Minisign.legacyAlgorithm) else {
            throw CryptoError.minisignUnsupported("the public key's algorithm is not Ed25519 (\"Ed\")")
        }
        self.init(keyIDBytes: Array(decoded[2..<10]), key: Array(decoded[10...]))
    }

    /// The key id as minisign prints it (16 upper-case hex digits), for reports and error messages.
    public var keyID: String { Minisign.keyIDString(keyIDBytes) }

    /// The bare base64 form, for `minisign -V -P`.
    public var base64: String { Base64.encode(Minisign.legacyAlgorithm + keyIDBytes + key) }

    /// The file form minisign writes with `-G`.
    public var fileText: String { "untrusted comment: minisign public key \(keyID)\n\(base64)\n" }

    /// Writes the file form to a new file (never replacing one), readable by everyone.
    /// - Throws: `CryptoError.io` (for instance when `path` already exists).
    public func write(toFile path: String) throws {
        try FileStream.writeNewFile(path, Array(fileText.utf8), mode: 0o644)
    }
}
