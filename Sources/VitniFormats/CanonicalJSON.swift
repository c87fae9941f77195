public import Foundation

/// JSON as RFC 8785 (JSON Canonicalization Scheme) writes it: one byte sequence per value, so
/// a signature over it can be checked by any implementation, and `jq -cS` shows what was signed.
///
/// Supported subset: numbers are integers within ±(2⁵³−1), which ECMAScript prints as plain
/// decimal digits. Custody events use only integers, strings, booleans, null, arrays and objects;
/// a fraction or exponent is refused both when writing and when reading, so nothing Vitni signs
/// depends on floating-point formatting.
public enum CanonicalJSON {
    /// The largest integer ECMAScript (and so RFC 8785) represents exactly: 2⁵³ − 1.
    public static let maximumSafeInteger: Int64 = (1 << 53) - 1

    /// A JSON value. Objects are unordered here; the serialiser sorts their members.
    public indirect enum Value: Equatable, Sendable {
        case null
        case bool(Bool)
        case integer(Int64)
        case string(String)
        case array([Value])
        case object([String: Value])

        public var stringValue: String? { if case .string(let text) = self { text } else { nil } }
        public var integerValue: Int64? { if case .integer(let number) = self { number } else { nil } }
        public var arrayValue: [Value]? { if case .array(let items) = self { items } else { nil } }
        public var objectValue: [String: Value]? { if case .object(let members) = self { members } else { nil } }
    }

    /// Why JSON could not be read or written: the byte offset (for parsing) and the rule.
    public struct Error: Swift.Error, Equatable, Sendable {
        public let offset: Int?
        public let reason: String

        public init(offset: Int?, reason: String) {
            self.offset = offset
            self.reason = reason
        }
    }
}

extension CanonicalJSON.Error: CustomStringConvertible, LocalizedError {
    public var description: String {
        if let offset { "JSON at byte \(offset): \(reason)" } else { "JSON: \(reason)" }
    }

    public var errorDescription: String? { description }
}
