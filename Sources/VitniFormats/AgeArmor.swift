extension Age {
    /// age's ASCII armor: a strict subset of PEM. Whitespace may surround it and lines may end in
    /// CRLF; everything else — headers, checksums, short or long lines, padding in the wrong
    /// place, non-canonical base64 — is rejected.
    public enum Armor {
        public static let beginLine = Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)
        public static let endLine = Array("-----END AGE ENCRYPTED FILE-----".utf8)
        static let columns = 64
        static let bytesPerLine = 48

        /// Whether a file's first non-whitespace byte starts armor rather than a binary header.
        public static func looksArmored(_ prefix: some Sequence<UInt8>) -> Bool {
            prefix.first { !isWhitespace($0) } == UInt8(ascii: "-")
        }

        static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        /// Incremental armor decoder: feed it raw bytes, take decoded bytes out.
        public struct Decoder: Sendable {
            private enum State: Sendable { case leadingWhitespace, body, lastLineSeen, trailer }
            private var state = State.leadingWhitespace
            private var pending: [UInt8] = []
            private var sawBegin = false

            public init() {}

            /// Consumes input; returns the bytes decoded so far.
            public mutating func decode(_ input: UnsafeRawBufferPointer) throws(FormatError) -> [UInt8] {
                var output: [UInt8] = []
                var start = 0
                if state == .leadingWhitespace {
                    while start < input.count, isWhitespace(input[start]), !sawBegin && pending.isEmpty { start += 1 }
                }
                if state == .trailer {
                    guard input.allSatisfy(isWhitespace) else { throw FormatError("has data after the end line") }
                    return []
                }
                pending.append(contentsOf: input[start...])
                var lineStart = 0
                while let newline = pending[lineStart...].firstIndex(of: 0x0A) {
                    var line = pending[lineStart..<newline]
                    if line.last == 0x0D { line = line.dropLast() }
                    try consume(line: line, into: &output)
                    lineStart = newline + 1
                    if state == .trailer {
                        guard pending[lineStart...].allSatisfy(isWhitespace) else {
                            throw FormatError("has data after the end line")
                        }
                        pending.removeAll()
                        return output
                    }
                }
                pending.removeFirst(lineStart)
                guard pending.count <= columns + 2 else { throw FormatError("has a line longer than 64 columns") }
                return output
            }

            /// Checks that the armor ended properly; the end line may lack its final newline.
            public mutating func finish() throws(FormatError) {
                if state != .trailer, !pending.isEmpty {
                    var line = pending[...]
                    if line.last == 0x0D { line = line.dropLast() }
                    var ignored: [UInt8] = []
                    try consume(line: line, into: &ignored)
                    pending.removeAll()
                }
                guard state == .trailer else {
                    throw FormatError(sawBegin ? "has no end line" : "has no begin line")
                }
            }

            private mutating func consume(line: ArraySlice<UInt8>, into output: inout [UInt8]) throws(FormatError) {
                switch state {
                case .leadingWhitespace:
                    guard line.elementsEqual(beginLine) else {
                        throw FormatError("does not start with the age begin line")
                    }
                    sawBegin = true
                    state = .body
                case .body, .lastLineSeen:
                    if line.elementsEqual(endLine) {
                        state = .trailer
                        return
                    }
                    guard state == .body else { throw FormatError("has a short line before the end line") }
                    guard !line.isEmpty, line.count <= columns else {
                        throw FormatError(line.isEmpty ? "has an empty line" : "has a line longer than 64 columns")
                    }
                    guard let decoded = Base64.decode(bytes: line, padded: true) else {
                        throw FormatError("has a line that is not canonical base64")
                    }
                    output += decoded
                    if line.count < columns || line.last == UInt8(ascii: "=") { state = .lastLineSeen }
                case .trailer:
                    throw FormatError("has data after the end line")
                }
            }
        }

        /// Incremental armor encoder: 64-column lines of padded base64 between begin and end lines.
        public struct Encoder: Sendable {
            private var pending: [UInt8] = []

            public init() {}

            public static var header: [UInt8] { beginLine + [0x0A] }

            /// Encodes whole 48-byte groups; keeps the remainder for the next call.
            public mutating func encode(_ input: UnsafeRawBufferPointer) -> [UInt8] {
                pending.append(contentsOf: input)
                let whole = pending.count / bytesPerLine * bytesPerLine
                var output: [UInt8] = []
                output.reserveCapacity(whole / bytesPerLine * (columns + 1))
                var offset = 0
                while offset < whole {
                    output += Array(Base64.encode(pending[offset..<(offset + bytesPerLine)]).utf8) + [0x0A]
                    offset += bytesPerLine
                }
                pending.removeFirst(whole)
                return output
            }

            /// The last (short) line and the end line.
            public mutating func finish() -> [UInt8] {
                var output: [UInt8] = []
                if !pending.isEmpty { output += Array(Base64.encode(pending).utf8) + [0x0A] }
                pending.removeAll()
                return output + endLine + [0x0A]
            }
        }
    }
}
