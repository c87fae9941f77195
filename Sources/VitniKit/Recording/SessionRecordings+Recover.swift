public import Foundation
import VitniAudio
public import VitniStore

extension SessionRecordings {
    /// Restores every interrupted recording of `session` — a recorder that crashed, lost power
    /// or ran out of disk — without any key: each becomes a complete age file of the seconds
    /// that reached the disk, marked as recovered with the reason and the span lost.
    /// - Returns: the recordings restored.
    public func recoverRecordings(of session: SessionRecord, now: Date = Date()) throws -> [(
        recording: RecordingRecord, repaired: Bool
    )] {
        var restored: [(RecordingRecord, Bool)] = []
        for var recording in try workspace.recordings(sessionID: session.id)
        where recording.state == .capturing || recording.state == .interrupted {
            let path = path(of: recording)
            let recovery = try LiveCaptureFile.recover(path: path)
            let bytesPerFrame =
                recording.channels * (SampleEncoding(rawValue: recording.sampleFormat)?.bytesPerSample ?? 2)
            let frames = recovery.recoveredBytes / Int64(bytesPerFrame)
            let known = max(recording.durableFrames, recording.frames ?? 0)
            recording.frames = frames
            recording.state = recovery.repaired ? .recovered : .stopped
            recording.recovered = recovery.repaired
            if recording.stoppedAt == nil { recording.stoppedAt = Timestamp.string(now) }
            if recording.stopReason == nil {
                recording.stopReason = "interrupted: the recorder stopped without finishing"
            }
            // The clock last saw `known` frames durable; anything after them, and whatever the
            // discarded tail held, is the span lost.
            let lostFrames = max(0, known - frames) + recovery.discardedBytes / Int64(bytesPerFrame)
            if recovery.repaired { recording.lostMilliseconds = recording.milliseconds(lostFrames) }
            recording.durableFrames = frames
            try workspace.update(recording: recording)
            restored.append((recording, recovery.repaired))
        }
        return restored
    }
}
