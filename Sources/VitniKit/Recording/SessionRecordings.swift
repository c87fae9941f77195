public import Foundation
public import VitniCrypto
public import VitniFormats
public import VitniStore

/// A session's audio: recording into the workspace, recovery after a crash, finalising to
/// FLAC or WAV, importing existing recordings and playing them back — always encrypted at rest.
public struct SessionRecordings: SessionService {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }
}

extension SessionRecordings {
    /// Who can open the session's audio: the participants and the other recipients, directly
    /// (not the session key), so each can play a bundle's recording with `age -d` and their own key.
    public func audioRecipients(of session: SessionRecord) throws -> [Age.X25519Recipient] {
        try session.recipients.map { try Age.X25519Recipient($0) }
    }

    /// The folder holding a session's audio files (created 0700 on first use).
    public func audioDirectory(for session: SessionRecord) throws -> String {
        let directory = workspace.directory + "/audio/" + session.id
        guard !FileManager.default.fileExists(atPath: directory) else { return directory }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw VitniError.io(path: directory, operation: "create", code: Int32((error as NSError).code))
        }
        try syncDirectory(of: directory)
        return directory
    }

    /// The offset clock: milliseconds into the recording being captured (from the frames the
    /// recorder last made durable, plus the time since), or — between recordings — since the
    /// session started.
    /// - Returns: the offset and the number of the recording it points into (nil for none).
    public func recordingClock(_ session: SessionRecord, now: Date = Date()) -> (offset: Int64, recording: Int?) {
        if let recording = try? workspace.capturingRecording(sessionID: session.id) {
            let since = recording.durableAt.flatMap(Timestamp.date) ?? Timestamp.date(recording.startedAt) ?? now
            let elapsed = max(0, Int64((now.timeIntervalSince(since) * 1000).rounded()))
            return (recording.milliseconds(recording.durableFrames) + elapsed, recording.number)
        }
        return (lifecycle.sessionClock(session, now: now), nil)
    }

    /// The full path of a recording's audio file.
    public func path(of recording: RecordingRecord) -> String { workspace.directory + "/" + recording.file }
}
