internal import Crypto
import Foundation
import VitniFormats

/// Streaming SHA-256 on BoringSSL (swift-crypto), which uses the CPU's SHA instructions:
/// several times faster than libsodium 1.0.18's portable SHA-256, and verification is
/// almost all hashing.
public struct SHA256Hasher: Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    public mutating func update(_ bytes: some Sequence<UInt8>) { hasher.update(data: Array(bytes)) }

    public func finalize() -> [UInt8] { Array(hasher.finalize()) }
}

/// Streaming SHA-512 on BoringSSL.
public struct SHA512Hasher: Sendable {
    private var hasher = Crypto.SHA512()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    public func finalize() -> [UInt8] { Array(hasher.finalize()) }
}

/// The digest algorithms Vitni names in manifests and reports.
public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case sha256, sha512
}

public enum Hashing {
    /// Hashes everything `source` yields, through one fixed buffer.
    /// - Returns: the digest bytes.
    public static func digest(_ algorithm: DigestAlgorithm, of source: any ByteSource) throws -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        switch algorithm {
        case .sha256:
            var hasher = SHA256Hasher()
            while case let n = try source.read(into: buffer), n > 0 {
                hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            }
            return hasher.finalize()
        case .sha512:
            var hasher = SHA512Hasher()
            while case let n = try source.read(into: buffer), n > 0 {
                hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            }
            return hasher.finalize()
        }
    }

    /// Hashes a file in one streaming pass.
    /// - Returns: the lower-case hex digest.
    public static func hexDigest(_ algorithm: DigestAlgorithm, ofFile path: String) throws -> String {
        let file = try FileStream.open(readingFrom: path)
        return Hex.encode(try digest(algorithm, of: file))
    }

    public static func sha256(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
