/// Whether a transcript's times could be checked against the session's audio, and against what.
///
/// The check uses the longest complete recording (stopped, recovered or finalised): a session's
/// recordings each start at 0, a transcript's times point into one of them, and a transcript
/// longer than every recording cannot belong to any.
public enum RecordingLengthCheck: Sendable, Equatable {
    /// Checked against recording `recording`, `milliseconds` long.
    case checked(milliseconds: Int, recording: Int)
    /// No complete recording yet: nothing to check against.
    case notPossible(reason: String)
}
