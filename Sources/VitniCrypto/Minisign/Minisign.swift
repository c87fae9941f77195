import Foundation
import VitniFormats

/// The grammar shared by minisign's key and signature files, and the limits Vitni holds them to.
///
/// minisign reads each line with a fixed-size `fgets`, so a line longer than its buffers is one the
/// reference tool cannot read back: Vitni neither writes nor accepts such a line.
enum Minisign {
    static let legacyAlgorithm: [UInt8] = Array("Ed".utf8)
    static let prehashedAlgorithm: [UInt8] = Array("ED".utf8)
    static let scryptKDF: [UInt8] = Array("Sc".utf8)
    static let noKDF: [UInt8] = [0, 0]
    static let blake2bChecksum: [UInt8] = Array("B2".utf8)

    static let untrustedPrefix: [UInt8] = Array("untrusted comment: ".utf8)
    static let trustedPrefix: [UInt8] = Array("trusted comment: ".utf8)

    static let keyIDLength = 8

    /// minisign's COMMENTMAXBYTES (1024) holds prefix, comment, newline and the C string's NUL.
    static let maxUntrustedCommentLength = 1024 - 19 - 2
    /// minisign's TRUSTEDCOMMENTMAXBYTES (8192), likewise; minisign itself refuses longer ones.
    static let maxTrustedCommentLength = 8192 - 17 - 2

    /// Key ids as minisign prints them: `%016llX` of the little-endian 64-bit number.
    static func keyIDString(_ bytes: some Collection<UInt8>) -> String {
        Hex.encode(bytes.reversed()).uppercased()
    }

    /// Splits a file into exactly `count` lines. A missing final newline and CRLF endings (a file
    /// that passed through an editor or a Windows machine) are tolerated; anything else is not.
    static func lines(_ bytes: [UInt8], count: Int, what: String) throws -> [ArraySlice<UInt8>] {
        var parts = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }
        parts = parts.map { $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0 }
        guard parts.count >= count else {
            throw CryptoError.minisignMalformed("\(what) is truncated: expected \(count) lines, found \(parts.count)")
        }
        guard parts.count == count else {
            throw CryptoError.minisignMalformed("\(what) has data after its \(count) lines")
        }
        return parts
    }

    /// The text after `prefix` on a comment line, as UTF-8 that round-trips byte for byte.
    static func comment(
        _ line: ArraySlice<UInt8>, prefix: [UInt8], maxLength: Int, what: String
    ) throws -> String {
        guard line.starts(with: prefix) else {
            throw CryptoError.minisignMalformed(
                "\(what) does not start with \"\(String(decoding: prefix, as: UTF8.self))\"")
        }
        let body = line.dropFirst(prefix.count)
        guard body.count <= maxLength else {
            throw CryptoError.minisignMalformed("\(what) is longer than minisign accepts (\(maxLength) bytes)")
        }
        // minisign handles comments as C strings: a NUL or CR would make it check other bytes.
        guard !body.contains(0), !body.contains(UInt8(ascii: "\r")) else {
            throw CryptoError.minisignMalformed("\(what) contains a control character minisign cannot handle")
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw CryptoError.minisignMalformed("\(what) is not UTF-8 text")
        }
        return text
    }

    /// Checks a comment before it is signed or written, so that minisign reads back what was signed.
    static func validateComment(_ comment: String, maxLength: Int, what: String) throws {
        let bytes = comment.utf8
        guard !bytes.contains(UInt8(ascii: "\n")), !bytes.contains(UInt8(ascii: "\r")), !bytes.contains(0) else {
            throw CryptoError.minisignInvalidComment("the \(what) must be a single line without NUL or CR characters")
        }
        guard bytes.count <= maxLength else {
            throw CryptoError.minisignInvalidComment(
                "the \(what) is \(bytes.count) bytes; minisign accepts at most \(maxLength)")
        }
    }

    /// Decodes a base64 line of exactly `length` bytes (public data only: keys go through
    /// `MinisignSodium`, which decodes into guarded memory).
    static func decodeBase64(_ line: ArraySlice<UInt8>, length: Int, what: String) throws -> [UInt8] {
        let expected = (length + 2) / 3 * 4
        guard line.count == expected else {
            throw CryptoError.minisignMalformed("\(what) has \(line.count) base64 characters, expected \(expected)")
        }
        guard let bytes = Base64.decode(bytes: line), bytes.count == length else {
            throw CryptoError.minisignMalformed("\(what) is not valid base64")
        }
        return bytes
    }

    /// Reads a small public file whole, refusing one larger than `limit` (hostile input is never
    /// read without bound).
    static func readFile(_ path: String, limit: Int, what: String) throws -> [UInt8] {
        do { return try BoundedFile.read(path: path, limit: limit) } catch {
            switch error.reason {
            case .io(let operation, let code): throw CryptoError.io(path: path, operation: operation, code: code)
            case .tooLarge, .notRegularFile:
                throw CryptoError.minisignMalformed("\(path): \(what) is larger than \(limit) bytes")
            }
        }
    }

    /// Reads a small secret file into guarded memory; returns the buffer and the length read.
    static func readSecretFile(_ path: String, limit: Int, what: String) throws -> (SecretBytes, Int) {
        let file = try FileStream.open(readingFrom: path)
        let buffer = SecretBytes(count: limit + 1)
        let count = try buffer.withUnsafeMutableBytes { try file.readFully(into: $0) }
        guard count <= limit else {
            throw CryptoError.minisignMalformed("\(path): \(what) is larger than \(limit) bytes")
        }
        return (buffer, count)
    }

    /// Runs `body`, naming `path` in any format error it throws (an error names the file).
    static func naming<R>(_ path: String, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let CryptoError.minisignMalformed(reason) where !reason.hasPrefix(path + ": ") {
            throw CryptoError.minisignMalformed("\(path): \(reason)")
        } catch let CryptoError.minisignUnsupported(reason) {
            throw CryptoError.minisignUnsupported("\(path): \(reason)")
        }
    }
}
