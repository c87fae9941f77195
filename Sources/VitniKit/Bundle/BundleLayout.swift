/// Every payload path a Vitni bundle uses, in one place, so the sealer, the advocate's export,
/// amendments, readers and the CLI cannot drift apart on where a file lives.
public enum BundleLayout {
    /// The session's facts: recipients, recordings and the plaintext SHA-256 of every payload.
    public static let session = "data/session.json.age"
    /// Notes as JSON lines, one per note, in the order they were taken.
    public static let notes = "data/notes.jsonl.age"
    /// The protocol checklist as the interviewer left it.
    public static let checklist = "data/checklist.json.age"
    /// The protocol file the session was started with, byte for byte.
    public static let protocolFile = "data/protocol.yaml.age"
    /// The transcript sealed with the session.
    public static let transcript = "data/transcript.vtt.age"
    /// The redacted transcript of the child advocate's copy.
    public static let redactedTranscript = "data/transcript.redacted.vtt.age"
    /// The redaction decisions behind the advocate's copy.
    public static let redactionLog = "data/redactions/redaction-log.jsonl.age"

    /// The transcripts a bundle may be sealed with, before any amended ones.
    public static let sealedTranscripts = [transcript, redactedTranscript]

    /// Recording `number` in its container (`flac`, `wav`, `pcm`).
    public static func audio(number: Int, container: String) -> String {
        "data/audio/\(number).\(container).age"
    }

    /// The `number`th transcript of a bundle: the first is the sealed one, later ones are added
    /// by `amended` events.
    public static func transcript(number: Int) -> String {
        number <= 1 ? transcript : "data/transcript-\(number).vtt.age"
    }

    /// Whether `path` names a transcript (sealed, redacted or amended).
    public static func isTranscript(_ path: String) -> Bool {
        path.hasPrefix("data/transcript") && path.hasSuffix(".vtt.age")
    }
}
