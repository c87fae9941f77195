/// What EAF bytes become before libxml2 sees them: UTF-8 text whose XML declaration says UTF-8,
/// with no byte order mark, no NUL or other control character, no markup declaration and no
/// processing instruction.
///
/// libxml2 picks its decoder from a byte order mark, from the first four bytes (`3C 00 3F 00` is
/// UTF-16LE, `00 00 00 3C` UCS-4) or from the declaration's `encoding`. Each of these lets a file
/// mean one thing to Vitni's checks and another to the XML parser: `encoding="UTF-7"` hides a
/// `<!DOCTYPE` as `+ADw-!DOCTYPE` from the scan for `<!` and turns plain text into other words.
/// So the encoding is settled here, once: UTF-8, or UTF-16 with a byte order mark; any other
/// declared encoding is refused, NUL (needed for the four-byte guesses) is refused, and the
/// declaration handed to libxml2 always says UTF-8.
enum EAFInput {
    /// The encodings an EAF may arrive in.
    enum Encoding: Equatable {
        case utf8
        /// With a byte order mark: big-endian when true.
        case utf16(bigEndian: Bool)
    }

    /// Decodes the file's bytes: UTF-16 when it starts with a byte order mark, UTF-8 otherwise (a
    /// UTF-8 byte order mark is dropped).
    static func decode(_ bytes: [UInt8], options: Transcript.ImportOptions) throws(TranscriptError)
        -> (text: String, encoding: Encoding)
    {
        try TranscriptLines.checkSize(bytes.count, format: .eaf, options: options)
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            let bigEndian = bytes[0] == 0xFE
            return (try decodeUTF16(bytes.dropFirst(2), bigEndian: bigEndian), .utf16(bigEndian: bigEndian))
        }
        let text = try TranscriptLines.decode(
            bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, format: .eaf, options: options)
        return (text, .utf8)
    }

    private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) throws(TranscriptError) -> String {
        guard bytes.count % 2 == 0 else { throw error(1, "UTF-16 input has an odd number of bytes") }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let (high, low) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(bigEndian ? high << 8 | low : low << 8 | high)
            index += 2
        }
        var decoder = UTF16()
        var iterator = units.makeIterator()
        var scalars = String.UnicodeScalarView()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1 }
                scalars.append(scalar)
            case .emptyInput: return String(scalars)
            case .error: throw error(line, "the input is not valid UTF-16 (a lone surrogate)")
            }
        }
    }

    /// The UTF-8 bytes libxml2 is given for `text` read in `encoding`.
    ///
    /// - Throws: `TranscriptError` for a control character, an XML declaration naming another
    ///   encoding (or malformed), or a markup declaration (`<!DOCTYPE`, `<!ENTITY`, …).
    static func prepared(_ text: String, encoding: Encoding) throws(TranscriptError) -> [UInt8] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        try refuseControlCharacters(bytes)
        let body: ArraySlice<UInt8>
        if let declaration = try XMLDeclaration(bytes) {
            try declaration.check(against: encoding)
            body = bytes[declaration.end...]
            // The declaration's own line breaks are kept, so libxml2's line numbers stay the file's.
            bytes = Array(XMLDeclaration.utf8.utf8) + [UInt8](repeating: 0x0A, count: declaration.lineBreaks) + body
        } else {
            bytes = Array(XMLDeclaration.utf8.utf8) + bytes
        }
        guard bytes.dropFirst(XMLDeclaration.utf8.utf8.count).contains(where: { !XMLDeclaration.isSpace($0) }) else {
            throw error(1, "no ANNOTATION_DOCUMENT element; this is not an EAF file")
        }
        if let (line, reason) = forbiddenMarkup(in: bytes, after: XMLDeclaration.utf8.utf8.count) {
            throw error(line, reason)
        }
        return bytes
    }

    /// XML 1.0 allows tab, LF and CR of the C0 controls; NUL would also let libxml2 guess UTF-16.
    private static func refuseControlCharacters(_ bytes: [UInt8]) throws(TranscriptError) {
        var line = 1
        for byte in bytes {
            if byte == 0x0A { line += 1 }
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                throw error(line, "control character U+\(String(byte, radix: 16, uppercase: true)) in the XML")
            }
        }
    }

    /// The line of the first markup EAF never needs and libxml2 must not see, and why: a `<!`
    /// that does not open a comment (`<!--`) or a CDATA section (`<![CDATA[`), so no `<!DOCTYPE`
    /// or `<!ENTITY`; and a `<?` processing instruction (libxml2 hands XMLParser a NULL for one
    /// without data, which swift-corelibs-foundation passes to strlen). Comments and CDATA are
    /// not skipped: markup inside them is refused too, which costs nothing real and leaves no
    /// disagreement between this scan and the parser to exploit. `start` skips the declaration.
    static func forbiddenMarkup(in bytes: [UInt8], after start: Int) -> (line: Int, reason: String)? {
        let comment = Array("<!--".utf8)
        let cdata = Array("<![CDATA[".utf8)
        var line = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) { line += 1 }
            if byte == UInt8(ascii: "<"), index >= start, index + 1 < bytes.count {
                let rest = bytes[index...]
                if bytes[index + 1] == UInt8(ascii: "!"), !rest.starts(with: comment), !rest.starts(with: cdata) {
                    return (line, "document type and entity declarations (<!DOCTYPE, <!ENTITY) are not allowed in EAF")
                }
                if bytes[index + 1] == UInt8(ascii: "?") {
                    return (line, "processing instructions (<?…?>) are not allowed in EAF, except the XML declaration")
                }
            }
            index += 1
        }
        return nil
    }

    static func error(_ line: Int, _ reason: String) -> TranscriptError {
        TranscriptError(format: .eaf, line: line, reason: reason)
    }
}
