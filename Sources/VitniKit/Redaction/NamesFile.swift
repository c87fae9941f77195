import Foundation
import VitniCrypto

/// A names file: one name a line; blank lines and lines starting with `#` are skipped.
public enum NamesFile {
    public static let maximumBytes = 256 * 1024

    /// - Throws: `VitniError.io` when the file cannot be read, `.malformedFile` when it is too
    ///   large or not UTF-8 (the error names the file, never a name in it).
    public static func read(_ path: String) throws -> [String] {
        let bytes: [UInt8]
        do { bytes = try BoundedFile.read(path: path, limit: maximumBytes) } catch {
            throw VitniError(error, tooLargeReason: "larger than \(maximumBytes / 1024) KiB")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw VitniError.malformedFile(path: path, reason: "not UTF-8 text")
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
