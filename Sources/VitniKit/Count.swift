/// A number with its noun in the right form: "1 event", "2 events", "0 files".
public enum Count {
    /// - Parameters:
    ///   - count: how many.
    ///   - singular: the noun for one ("event", "identity").
    ///   - plural: the noun for any other number (default: `singular` + "s").
    /// - Returns: "`count` noun", the noun singular only for exactly 1.
    public static func of(_ count: some BinaryInteger, _ singular: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}
