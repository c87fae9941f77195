/// Text placed in HTML that Vitni renders (court transcripts, reports, the review room).
public enum HTML {
    /// Escapes text for element content and double- or single-quoted attributes; line breaks
    /// and control characters become spaces (`TextSafety.line`), so nothing from a bundle can
    /// open a tag, close an attribute or hide in the page.
    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in TextSafety.line(String(text)) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
