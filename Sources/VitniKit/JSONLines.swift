import Foundation

/// JSON Lines as Vitni writes them (notes and redaction logs in bundles, `vitni redact log`):
/// one object a line, sorted keys, no escaped slashes.
public enum JSONLines {
    public static func encode<T: Encodable>(_ values: [T]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes: [UInt8] = []
        for value in values { bytes += Array(try encoder.encode(value)) + [0x0A] }
        return bytes
    }
}
