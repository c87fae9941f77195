/// The next step that goes with each "could not check": a verifier that lacks a key, an
/// identity or read access must be told how to get it, never left to think the bundle altered.
public enum VerificationHint {
    /// Signatures by keys this verifier does not trust: they may well be valid.
    public static func untrusted(_ keyIDs: [String]) -> String {
        let keys = keyIDs.count == 1 ? "key \(keyIDs[0]) is" : "keys \(keyIDs.joined(separator: ", ")) are"
        return "\(keys) not in your trust store, so the signatures could not be checked (they may well be valid): "
            + "get the signer's public identity file by a channel you trust, then `vitni trust add FILE` "
            + "(or pass `--trust FILE`) and verify again"
    }

    /// No identity given opens the files: the verifier is not one of their recipients.
    /// - Parameters:
    ///   - recipients: how many recipient stanzas the files' age headers hold (age does not name them).
    ///   - sealer: the sealer's name (or key id), who knows whom the session was encrypted to.
    ///   - holder: the current holder's name (or key id), who can make a copy for a reader.
    public static func notARecipient(recipients: Int?, sealer: String?, holder: String?) -> String {
        let whom = recipients.map { "\(Count.of($0, "recipient")) (age headers do not name them" } ?? "other people ("
        let asker = sealer.map { "; its sealer, \($0), can say who)" } ?? ")"
        let copy =
            "ask the holder\(holder.map { ", \($0)," } ?? "") for a copy made for you (`vitni export --for YOUR-NAME BUNDLE`)"
        return "you are not a recipient: the files are encrypted to \(whom)\(asker); the bundle's integrity is "
            + "checked without keys, but to check its plaintext \(copy)"
    }

    /// A file that exists but could not be read here.
    public static let unreadable =
        "check that you may read every file of the bundle (`ls -lR`) and that the disk is sound, then verify again"
}
