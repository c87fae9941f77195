/// Layers in WebVTT: one `NOTE layer ID` block each, after the cues. A NOTE is a comment to
/// players, so a file with layers stays plain WebVTT that shows the utterances alone, while
/// Vitni reads the layers back exactly.
///
/// ```
/// NOTE layer CHILD/translation
/// parent: CHILD
/// constraint: Symbolic_Association
/// type: translation
/// @1 I went to school.
/// ```
/// After `parent:`, `constraint:` and `type:` comes one line per annotation: `@N TEXT` for a
/// symbolic layer (N the 1-based parent annotation), `START END TEXT` for a timed one (times
/// `HH:MM:SS.mmm`, or `-` for an unaligned boundary). Text is escaped as cue text is (`&amp;`,
/// `&lt;`, `&gt;`), so it can never hold `-->`; it may be empty.
enum WebVTTLayers {
    static func isLayerBlock(_ line: Substring) -> Bool { line.hasPrefix("NOTE layer ") }

    static func render(_ layers: [Transcript.Layer]) -> String {
        var out = ""
        for layer in layers {
            out += "NOTE layer \(TextSafety.line(layer.id))\n"
            out += "parent: \(TextSafety.line(layer.parent))\n"
            out += "constraint: \(layer.constraint.rawValue)\n"
            out += "type: \(TextSafety.line(layer.type))\n"
            for annotation in layer.annotations {
                var line: String
                if let parent = annotation.parent {
                    line = "@\(parent + 1)"
                } else {
                    line = (annotation.start.map { TranscriptTime.format($0) } ?? "-") + " "
                    line += annotation.end.map { TranscriptTime.format($0) } ?? "-"
                }
                let text = WebVTT.escape(TextSafety.line(annotation.text))
                out += line + (text.isEmpty ? "" : " " + text) + "\n"
            }
            out += "\n"
        }
        return out
    }

    /// Gathers `NOTE layer` blocks as the WebVTT reader meets them, remembering lines for errors.
    struct Reader {
        private(set) var layers: [Transcript.Layer] = []
        private var blockLines: [Int] = []
        private var annotationLines: [[Int]] = []

        mutating func read(_ block: Range<Int>, of input: TranscriptLines) throws(TranscriptError) {
            let lines = input.lines
            let id = String(lines[block.lowerBound].dropFirst("NOTE layer ".count).trimmingSpaces())
            var fields: [String: String] = [:]
            var annotations: [Transcript.Annotation] = []
            var numbers: [Int] = []
            for number in block.dropFirst() {
                let line = lines[number]
                if annotations.isEmpty, let colon = line.firstIndex(of: ":"),
                    ["parent", "constraint", "type"].contains(String(line[..<colon]))
                {
                    fields[String(line[..<colon])] = String(line[line.index(after: colon)...].trimmingSpaces())
                    continue
                }
                guard fields.count == 3 else {
                    throw input.error(
                        number + 1, "a layer block needs 'parent:', 'constraint:' and 'type:' lines first")
                }
                annotations.append(try annotation(line, line: number + 1, input: input))
                numbers.append(number + 1)
            }
            guard fields.count == 3, let constraint = Transcript.Constraint(rawValue: fields["constraint"]!) else {
                throw input.error(
                    block.lowerBound + 1,
                    "a layer block needs 'parent:', 'constraint:' (one of "
                        + Transcript.Constraint.allCases.map(\.rawValue).joined(separator: ", ") + ") and 'type:'")
            }
            layers.append(
                Transcript.Layer(
                    id: id, parent: fields["parent"]!, constraint: constraint, type: fields["type"]!,
                    annotations: annotations))
            blockLines.append(block.lowerBound + 1)
            annotationLines.append(numbers)
        }

        private func annotation(_ line: Substring, line number: Int, input: TranscriptLines) throws(TranscriptError)
            -> Transcript.Annotation
        {
            let (head, rest) = Self.field(line)
            if head.hasPrefix("@") {
                guard let ordinal = Int(head.dropFirst()), ordinal >= 1, head.count <= 10 else {
                    throw input.error(number, "expected '@N' with N the parent annotation's number from 1")
                }
                return Transcript.Annotation(parent: ordinal - 1, text: try Self.text(rest, line: number, input: input))
            }
            let (second, text) = Self.field(rest)
            var times: [Int?] = []
            for field in [head, second] {
                if field == "-" {
                    times.append(nil)
                    continue
                }
                switch TranscriptTime.parse(field, separator: UInt8(ascii: "."), hoursOptional: false) {
                case .success(let value): times.append(value)
                case .failure(let error): throw input.error(number, "layer annotation: " + error.reason("HH:MM:SS.mmm"))
                }
            }
            return Transcript.Annotation(
                start: times[0], end: times[1], text: try Self.text(text, line: number, input: input))
        }

        /// The first space-separated field and what follows the space after it.
        private static func field(_ line: Substring) -> (Substring, Substring) {
            guard let space = line.firstIndex(of: " ") else { return (line, line[line.endIndex...]) }
            return (line[..<space], line[line.index(after: space)...])
        }

        private static func text(_ raw: Substring, line: Int, input: TranscriptLines) throws(TranscriptError)
            -> String
        {
            let view = Array(raw.unicodeScalars)
            var out = String.UnicodeScalarView()
            var index = 0
            while index < view.count {
                guard view[index] == "&" else {
                    out.append(view[index] == "\t" ? " " : view[index])
                    index += 1
                    continue
                }
                do throws(WebVTTCharacterReference.Problem) {
                    let (decoded, length) = try WebVTTCharacterReference.decode(view, at: index)
                    out.append(contentsOf: decoded.unicodeScalars)
                    index += length
                } catch {
                    throw input.error(line, error.reason)
                }
            }
            return TranscriptLines.normalised(String(out))
        }

        /// The layer rules checked against the finished transcript, as a line of the input.
        func problem(in transcript: Transcript) -> (Int, String)? {
            guard let (layer, annotation, reason) = TranscriptRules.layerProblem(transcript) else { return nil }
            let line = annotation.map { annotationLines[layer][$0] } ?? blockLines[min(layer, blockLines.count - 1)]
            return (line, "layer: " + reason)
        }
    }
}
