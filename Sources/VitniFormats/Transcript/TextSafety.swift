/// Last-line defence for writers: a transcript should have been validated, but a writer must
/// never let a stray line break or control character change the structure of what it writes.
enum TextSafety {
    /// `text` with every character `validate()` forbids replaced by a space.
    static func line(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy(TranscriptRules.isAllowed) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(TranscriptRules.isAllowed(scalar) ? scalar : " ")
        }
        return String(scalars)
    }
}
