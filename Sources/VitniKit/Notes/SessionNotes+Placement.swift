public import Foundation
public import VitniStore

extension SessionNotes {
    /// Where a note or checklist event sits in the audio: the recording and the offset into it.
    /// `recording` nil means it was written while no recording ran; it then has no offset
    /// unless its author gave one.
    public struct Placement: Sendable, Equatable {
        public var offset: Int64?
        public var recording: Int?

        public var outsideRecording: Bool { recording == nil }
    }

    /// Places what is being written now.
    /// - Parameters:
    ///   - offset: an offset the author gave; without `recording` or a running one it points
    ///     into the session's last recording (written afterwards about a moment in it).
    ///   - recording: the recording the caller knows it is in (the recorder's own typed notes).
    public func placement(
        _ session: SessionRecord, offset: Int64?, recording: Int?, now: Date = Date()
    ) throws -> Placement {
        if let recording {
            return Placement(
                offset: offset ?? lifecycle.recordings.recordingClock(session, now: now).offset, recording: recording)
        }
        if let live = try liveRecording(of: session) {
            let clock = lifecycle.recordings.recordingClock(session, now: now)
            return Placement(offset: offset ?? clock.offset, recording: clock.recording ?? live.number)
        }
        guard let offset else { return Placement(offset: nil, recording: nil) }
        return Placement(offset: offset, recording: try workspace.recordings(sessionID: session.id).last?.number)
    }

    /// The recording a recorder is capturing now: one marked `capturing` whose live file a
    /// recorder still holds locked. A recorder that crashed leaves the mark but not the lock,
    /// and its clock would run on past the audio it saved.
    func liveRecording(of session: SessionRecord) throws -> RecordingRecord? {
        guard let capturing = try workspace.capturingRecording(sessionID: session.id) else { return nil }
        let descriptor = open(lifecycle.recordings.path(of: capturing), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // The recorder holds an exclusive lock for the whole capture: if a shared one is granted, nobody does.
        guard flock(descriptor, LOCK_SH | LOCK_NB) != 0 else {
            flock(descriptor, LOCK_UN)
            return nil
        }
        return capturing
    }
}
