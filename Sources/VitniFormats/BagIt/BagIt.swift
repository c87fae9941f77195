public import Foundation

/// BagIt 1.0 (RFC 8493), the text files only: declaration, bag-info, manifests, Payload-Oxum and
/// the path rules Vitni holds every bag to. Reading and writing files is VitniKit's job.
///
/// Vitni writes the narrow form every validator agrees on (LF, lower-case hex, two spaces, paths
/// of `[A-Za-z0-9._/-]` only) and, when it reads a bag, accepts nothing else: a bag that needs a
/// lenient reader did not come from Vitni unchanged.
public enum BagIt {
    public static let version = "1.0"
    public static let declarationFile = "bagit.txt"
    public static let bagInfoFile = "bag-info.txt"
    public static let payloadManifestFile = "manifest-sha256.txt"
    public static let tagManifestFile = "tagmanifest-sha256.txt"
    public static let fetchFile = "fetch.txt"
    public static let payloadDirectory = "data"

    /// The most bytes Vitni reads from any tag file; real ones are a few kilobytes.
    public static let maximumTagFileSize = 4 << 20
    /// The most lines a manifest or bag-info may have.
    public static let maximumLines = 100_000
    /// The longest path Vitni writes or accepts (a POSIX ustar header holds 155 + 100 bytes).
    public static let maximumPathLength = 240

    /// A tag file that breaks the format: the file, the 1-based line (nil for the whole file),
    /// and the rule. Messages quote nothing from the file beyond what is escaped and short.
    public struct FormatError: Error, Equatable, Sendable {
        public let file: String
        public let line: Int?
        public let reason: String

        public init(file: String, line: Int?, reason: String) {
            self.file = file
            self.line = line
            self.reason = reason
        }
    }

    /// Which part of the bag a manifest path must name.
    public enum PathScope: Sendable {
        /// Payload paths: under `data/`.
        case payload
        /// Tag-manifest paths: outside `data/`.
        case tag
    }

    /// Checks a relative path against Vitni's path rules.
    /// - Returns: nil when the path is acceptable, otherwise the rule it breaks.
    public static func pathProblem(_ path: String, scope: PathScope) -> String? {
        let bytes = Array(path.utf8)
        if bytes.isEmpty { return "the path is empty" }
        if bytes.count > maximumPathLength { return "the path is longer than \(maximumPathLength) bytes" }
        if bytes.first == UInt8(ascii: "/") { return "the path is absolute" }
        guard bytes.allSatisfy(isPathByte) else {
            return "the path has a character outside [A-Za-z0-9._/-]"
        }
        let segments = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for segment in segments {
            if segment.isEmpty { return "the path has an empty segment" }
            if segment.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) { return "the path has a '..' segment" }
            if segment.first == UInt8(ascii: ".") { return "the path has a dot-file segment" }
        }
        let inPayload = segments.count > 1 && segments[0].elementsEqual(payloadDirectory.utf8)
        switch scope {
        case .payload where !inPayload: return "a payload path must start with 'data/'"
        case .tag where segments[0].elementsEqual(payloadDirectory.utf8): return "a tag path must not be under 'data/'"
        default: return nil
        }
    }

    static func isPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "/"),
            UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// Splits a tag file into LF-terminated lines, refusing CR, a missing final LF, NUL, too many
    /// lines and invalid UTF-8 (RFC 8493 allows CR and CRLF; Vitni's writer never produces them).
    static func lines(_ bytes: [UInt8], file: String) throws(FormatError) -> [String] {
        guard bytes.count <= maximumTagFileSize else {
            throw FormatError(file: file, line: nil, reason: "is larger than \(maximumTagFileSize) bytes")
        }
        if bytes.isEmpty { return [] }
        guard bytes.last == 0x0A else { throw FormatError(file: file, line: nil, reason: "does not end with LF") }
        var result: [String] = []
        for (index, line) in bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard index < maximumLines else {
                throw FormatError(file: file, line: index + 1, reason: "has more than \(maximumLines) lines")
            }
            if line.contains(0x0D) {
                throw FormatError(file: file, line: index + 1, reason: "has a CR (only LF is allowed)")
            }
            if line.contains(0) { throw FormatError(file: file, line: index + 1, reason: "has a NUL byte") }
            guard let text = String(validating: line, as: UTF8.self) else {
                throw FormatError(file: file, line: index + 1, reason: "is not UTF-8 text")
            }
            result.append(text)
        }
        return result
    }
}

extension BagIt.FormatError: CustomStringConvertible, LocalizedError {
    /// `FILE:LINE: REASON`, the form compilers use.
    public var description: String {
        if let line { "\(file):\(line): \(reason)" } else { "\(file): \(reason)" }
    }

    public var errorDescription: String? { description }
}
