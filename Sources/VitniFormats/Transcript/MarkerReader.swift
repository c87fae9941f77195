/// Reads the inline markers of an utterance's text. One forward pass with bounded look-ahead
/// (the longest marker), no recursion and no backtracking beyond a marker's length.
enum MarkerReader {
    static func spans(in text: String) -> [Utterance.Span] {
        var spans: [Utterance.Span] = []
        var speechStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            guard let (segment, end) = marker(in: text, at: index) else {
                index = text.index(after: index)
                continue
            }
            if speechStart < index {
                spans.append(
                    Utterance.Span(segment: .speech(String(text[speechStart..<index])), range: speechStart..<index))
            }
            spans.append(Utterance.Span(segment: segment, range: index..<end))
            index = end
            speechStart = end
        }
        if speechStart < text.endIndex {
            spans.append(
                Utterance.Span(segment: .speech(String(text[speechStart...])), range: speechStart..<text.endIndex))
        }
        return spans
    }

    private static let bracketed: [(String, Utterance.Segment)] = [
        ("[inaudible]", .inaudible), ("[unintelligible]", .unintelligible), ("[crosstalk]", .crosstalk),
    ]

    /// The marker starting at `index`, and where it ends.
    private static func marker(in text: String, at index: String.Index) -> (Utterance.Segment, String.Index)? {
        switch text[index] {
        case "[":
            for (form, segment) in bracketed where text[index...].hasPrefix(form) {
                return (segment, text.index(index, offsetBy: form.count))
            }
            return nil
        case "(":
            let rest = text[text.index(after: index)...]
            if rest.first == "(" { return event(in: text, after: rest.startIndex) }
            return pause(in: rest)
        default:
            return nil
        }
    }

    /// `((event))`: `open` is the index of the second `(`.
    private static func event(in text: String, after open: String.Index) -> (Utterance.Segment, String.Index)? {
        var index = text.index(after: open)
        let start = index
        var count = 0
        while index < text.endIndex, count <= Utterance.Segment.maximumEventLength {
            let character = text[index]
            if character == ")" {
                let next = text.index(after: index)
                guard count > 0, next < text.endIndex, text[next] == ")" else { return nil }
                return (.nonVerbal(String(text[start..<index])), text.index(after: next))
            }
            if character == "(" { return nil }
            count += 1
            index = text.index(after: index)
        }
        return nil
    }

    /// `(S.T)` after the opening parenthesis: canonical digits only, so the text form is lossless.
    private static func pause(in rest: Substring) -> (Utterance.Segment, String.Index)? {
        var whole = 0
        var digits = 0
        var index = rest.startIndex
        while index < rest.endIndex, let digit = rest[index].wholeNumberValue, rest[index].isASCII, digits < 5 {
            if digits == 1 && whole == 0 { return nil }  // leading zero
            whole = whole * 10 + digit
            digits += 1
            index = rest.index(after: index)
        }
        guard digits > 0, index < rest.endIndex, rest[index] == "." else { return nil }
        index = rest.index(after: index)
        guard index < rest.endIndex, rest[index].isASCII, let tenth = rest[index].wholeNumberValue else { return nil }
        index = rest.index(after: index)
        guard index < rest.endIndex, rest[index] == ")" else { return nil }
        let tenths = whole * 10 + tenth
        guard tenths <= Utterance.Segment.maximumPauseTenths else { return nil }
        return (.pause(tenths: tenths), rest.index(after: index))
    }
}
