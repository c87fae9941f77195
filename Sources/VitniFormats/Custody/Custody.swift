public import Foundation

/// The custody log's grammar (`custody/custody-log.jsonl`): one canonical-JSON event per line,
/// each naming the SHA-256 of the line before it and signed by its actor. Hashing and signature
/// checks live in VitniKit; here is what a line may contain.
public enum Custody {
    /// The log's path inside a bag.
    public static let logPath = "custody/custody-log.jsonl"
    /// `prev` of event 0.
    public static let genesisPrev = String(repeating: "0", count: 64)
    /// The longest line accepted: a `sealed` or `amended` event lists files, a few hundred at most.
    public static let maximumLineLength = 1 << 20
    /// The most events a log may hold before a reader refuses it.
    public static let maximumEvents = 100_000

    /// A line (1-based; nil for the whole log) that breaks the grammar, and the rule.
    public struct FormatError: Error, Equatable, Sendable {
        public let line: Int?
        public let reason: String

        public init(line: Int?, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    /// Splits a log into its lines (without LF): every line LF-terminated and non-empty, none
    /// longer than ``maximumLineLength``, no more than ``maximumEvents``.
    /// - Throws: `Custody.FormatError` naming the line.
    public static func lines(_ bytes: [UInt8]) throws(FormatError) -> [ArraySlice<UInt8>] {
        guard !bytes.isEmpty else { throw FormatError(line: nil, reason: "is empty") }
        guard bytes.last == 0x0A else { throw FormatError(line: nil, reason: "does not end with LF (truncated?)") }
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A)!
            let number = lines.count + 1
            guard number <= maximumEvents else {
                throw FormatError(line: number, reason: "the log has more than \(maximumEvents) events")
            }
            guard end > start else { throw FormatError(line: number, reason: "is empty") }
            guard end - start <= maximumLineLength else {
                throw FormatError(line: number, reason: "is longer than \(maximumLineLength) bytes")
            }
            lines.append(bytes[start..<end])
            start = end + 1
        }
        return lines
    }

    /// Whether `text` is a minisign key id as minisign prints it: 16 upper-case hex digits.
    public static func isKeyID(_ text: String) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) }
    }

    /// Whether `text` is a SHA-256 digest as Vitni writes it: 64 lower-case hex digits.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}

extension Custody.FormatError: CustomStringConvertible, LocalizedError {
    public var description: String {
        if let line { "\(Custody.logPath):\(line): \(reason)" } else { "\(Custody.logPath): \(reason)" }
    }

    public var errorDescription: String? { description }
}
