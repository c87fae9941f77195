import Foundation

/// One byte range of an HTTP `Range: bytes=…` request (RFC 9110 §14), resolved against the
/// resource's length. A media player asks for one range at a time; a request for several is
/// answered with the whole resource, which the RFC allows.
public struct ByteRange: Equatable, Sendable {
    public let first: Int64
    public let last: Int64

    public init(first: Int64, last: Int64) {
        precondition(first >= 0 && last >= first)
        self.first = first
        self.last = last
    }

    public var count: Int64 { last - first + 1 }

    /// The range `header` asks for in a resource of `length` bytes.
    /// - Returns: nil when there is no usable single range (serve the whole resource);
    ///   `.unsatisfiable` when the range starts past the end (answer 416).
    public static func parse(_ header: String?, length: Int64) -> Resolution {
        guard let header, header.hasPrefix("bytes=") else { return .whole }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let start = spec[..<dash]
        let end = spec[spec.index(after: dash)...]
        guard start.allSatisfy(\.isASCIIDigit), end.allSatisfy(\.isASCIIDigit), start.count <= 18, end.count <= 18
        else { return .whole }
        if start.isEmpty {
            // A suffix: the last N bytes.
            guard let suffix = Int64(end), suffix > 0 else { return .unsatisfiable }
            guard length > 0 else { return .unsatisfiable }
            return .range(ByteRange(first: max(0, length - suffix), last: length - 1))
        }
        guard let first = Int64(start) else { return .whole }
        guard first < length else { return .unsatisfiable }
        let last = end.isEmpty ? length - 1 : min(length - 1, Int64(end) ?? length - 1)
        guard last >= first else { return .whole }
        return .range(ByteRange(first: first, last: last))
    }

    public enum Resolution: Equatable, Sendable {
        case whole
        case range(ByteRange)
        case unsatisfiable
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
