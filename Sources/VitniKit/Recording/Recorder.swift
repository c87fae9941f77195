public import Foundation
public import VitniAudio
public import VitniCrypto
public import VitniStore

/// Captures one recording of a session: audio is sealed (age, to the session's recipients) in
/// memory as it arrives and made durable four times a second, so a crash loses at most the last
/// second; `LiveCaptureFile.recover` restores the rest.
///
/// A capture thread only reads the source into memory; the recorder's own thread (the caller
/// of `run`) seals, writes, syncs, moves the recording clock and runs queued commands (notes
/// typed during the recording), so a slow disk never stalls the device.
public final class Recorder: @unchecked Sendable {
    // Sendable: state shared with the capture thread and `stop()` is guarded by `condition`;
    // everything else is touched only by the thread in `run`.

    /// How a recording ended.
    public enum Ending: String, Sendable {
        case stopped = "stopped by the interviewer"
        case inputEnded = "the input ended"
        case diskFull = "the disk is full"
        case inputFailed = "the input failed"
        case writeFailed = "writing failed"
        case deviceLost = "the capture device was lost"
    }

    /// What the terminal shows while recording.
    public struct Status: Sendable {
        public var capturedFrames: Int64
        public var durableFrames: Int64
        public var level: AudioLevels?

        public init(capturedFrames: Int64, durableFrames: Int64, level: AudioLevels?) {
            self.capturedFrames = capturedFrames
            self.durableFrames = durableFrames
            self.level = level
        }
    }

    public static let syncInterval: TimeInterval = 0.25

    public let manager: SessionManager
    public let session: SessionRecord
    public private(set) var recording: RecordingRecord
    public let format: AudioFormat
    private let source: any PCMSource
    private let meter: (@Sendable (UnsafeRawBufferPointer, AudioFormat) -> AudioLevels)?
    private var live: LiveCaptureFile?
    /// Where the observation room listens from, when there is one: each slice of audio is
    /// copied into it as it is sealed, never waiting for a listener. Set before `run`.
    public var listeners: LiveAudioRing?

    private let condition = NSCondition()
    private let captured = PlaintextBuffer(capacity: 1 << 20)
    private var captureEnded = false
    private var captureError: (any Error)?
    private var stopRequested = false
    private var level: AudioLevels?
    private var commands: [@Sendable () -> Void] = []
    private var capturedFramesShared: Int64 = 0

    /// Starts recording `number` of the session: creates its live file and marks the session
    /// as recording (refused if it is not open, or another recording is running).
    /// - Parameters:
    ///   - sourceName: how the audio arrives (`stdin`, `file`, `alsa:default`) — no paths.
    ///   - meter: computes levels for the status line, on the capture thread.
    public init(
        manager: SessionManager, session: SessionRecord, source: any PCMSource, sourceName: String,
        meter: (@Sendable (UnsafeRawBufferPointer, AudioFormat) -> AudioLevels)? = nil, now: Date = Date()
    ) throws {
        self.manager = manager
        self.source = source
        self.meter = meter
        format = source.format
        let recipients = try manager.recordings.audioRecipients(of: session)
        let directory = try manager.recordings.audioDirectory(for: session)
        let format = source.format
        do {
            recording = try manager.workspace.insertRecording(sessionID: session.id, whenSessionIn: [.open]) { number in
                RecordingRecord(
                    sessionID: session.id, number: number, state: .capturing, source: sourceName,
                    sampleRate: format.sampleRate, channels: format.channels, sampleFormat: format.encoding.rawValue,
                    startedAt: Timestamp.string(now), file: "audio/\(session.id)/\(number).pcm.age", container: "pcm")
            }
        } catch StoreError.wrongState(let id, let state) {
            throw VitniError.sessionState(session: id, state: state.rawValue, action: "record")
        }
        self.session = try manager.workspace.session(id: session.id)
        do {
            let file = try LiveCaptureFile(creating: directory + "/\(recording.number).pcm.age", recipients: recipients)
            live = file
            captureIdentity = file.identity
        } catch {
            recording.state = .interrupted
            recording.stopReason = "could not create the recording file"
            recording.stoppedAt = Timestamp.string(Date())
            try? manager.workspace.update(recording: recording)
            throw error
        }
    }

    /// Asks `run` to stop after writing everything captured so far. Safe from any thread.
    public func stop() {
        condition.lock()
        stopRequested = true
        condition.signal()
        condition.unlock()
    }

    /// Runs `command` on the recording thread between writes (notes typed while recording).
    public func perform(_ command: @escaping @Sendable () -> Void) {
        condition.lock()
        commands.append(command)
        condition.signal()
        condition.unlock()
    }

    /// Milliseconds captured so far: the offset of a note taken now.
    public var offsetMilliseconds: Int64 {
        condition.lock()
        defer { condition.unlock() }
        return format.milliseconds(frames: capturedFramesShared)
    }

    /// Records until `stop()`, the end of the input, or a failure; then finishes the live file
    /// (or, if writing failed, recovers what is on disk) and records how it ended.
    /// - Parameter status: called about ten times a second on this thread.
    /// - Returns: the recording as stored, with its ending.
    @discardableResult
    public func run(status: (Status) -> Void = { _ in }) -> (
        recording: RecordingRecord, ending: Ending, error: (any Error)?
    ) {
        let thread = Thread { [self] in capture() }
        thread.name = "vitni-capture"
        thread.start()
        var ending = Ending.stopped
        var failure: (any Error)?
        var lastSync = Date()
        var capturedFrames: Int64 = 0
        // Audio is taken and made durable in slices, so a fast source (a file, a backlog after
        // a slow disk) still reaches the disk a bounded amount at a time.
        let slice =
            max(Int(Self.syncInterval * Double(format.sampleRate)), (1 << 20) / format.bytesPerFrame)
            * format.bytesPerFrame
        var unsynced = 0
        var durableFrames: Int64 = 0
        loop: while true {
            condition.lock()
            if captured.count < slice && !captureEnded && !stopRequested && captureError == nil && commands.isEmpty {
                _ = condition.wait(until: Date().addingTimeInterval(0.1))
            }
            let tasks = commands
            commands = []
            let take = min(captured.count, slice)
            if take > 0 {
                captured.withBytes(0..<take) { audio in
                    live!.append(audio)
                    listeners?.append(audio)
                }
                captured.removeFirst(take)
                capturedFrames += Int64(take / format.bytesPerFrame)
                capturedFramesShared = capturedFrames
                unsynced += take
            }
            let drained = captured.isEmpty
            let ended = captureEnded && drained
            let stopping = stopRequested && drained
            let inputError = drained ? captureError : nil
            let level = level
            condition.unlock()
            for task in tasks { task() }
            if Date().timeIntervalSince(lastSync) >= Self.syncInterval || unsynced >= slice || ended || stopping
                || inputError != nil
            {
                do {
                    try live!.sync()
                    lastSync = Date()
                    unsynced = 0
                    durableFrames = capturedFrames
                    try? manager.workspace.markDurable(
                        recordingID: recording.id!, frames: capturedFrames, at: Timestamp.string(lastSync))
                } catch {
                    failure = error
                    ending = Self.isDiskFull(error) ? .diskFull : .writeFailed
                    break loop
                }
            }
            status(Status(capturedFrames: capturedFrames, durableFrames: durableFrames, level: level))
            if let inputError {
                failure = inputError
                if case AudioError.deviceLost = inputError { ending = .deviceLost } else { ending = .inputFailed }
                break
            }
            if ended {
                ending = .inputEnded
                break
            }
            if stopping { break }
        }
        return finish(ending: ending, failure: failure, capturedFrames: capturedFrames)
    }

    private func capture() {
        let block = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(1, format.sampleRate / 20) * format.bytesPerFrame, alignment: 16)
        defer {
            block.initializeMemory(as: UInt8.self, repeating: 0)
            block.deallocate()
        }
        while true {
            condition.lock()
            let stopping = stopRequested
            condition.unlock()
            if stopping { return }
            do {
                let n = try source.read(into: block)
                let bytes = UnsafeRawBufferPointer(rebasing: block[..<n])
                let level = n > 0 ? meter?(bytes, format) : nil
                condition.lock()
                if n == 0 { captureEnded = true } else { captured.append(bytes) }
                if let level { self.level = level }
                condition.signal()
                condition.unlock()
                if n == 0 { return }
            } catch {
                condition.lock()
                captureError = error
                condition.signal()
                condition.unlock()
                return
            }
        }
    }

    private func finish(ending: Ending, failure: (any Error)?, capturedFrames: Int64) -> (
        recording: RecordingRecord, ending: Ending, error: (any Error)?
    ) {
        var failure = failure
        let path = live!.path
        var durable = live!.durableBytes
        if ending == .diskFull || ending == .writeFailed {
            live = nil  // releases the lock: what is on disk is recovered below
            if let recovery = try? LiveCaptureFile.recover(path: path) {
                durable = recovery.recoveredBytes
                recording.state = .recovered
                recording.recovered = true
            } else {
                recording.state = .interrupted
            }
        } else {
            do {
                try live!.finish()
                recording.state = .stopped
            } catch {
                failure = failure ?? error
                live = nil
                if let recovery = try? LiveCaptureFile.recover(path: path) {
                    durable = recovery.recoveredBytes
                    recording.state = .recovered
                    recording.recovered = true
                } else {
                    recording.state = .interrupted
                }
            }
        }
        let frames = durable / Int64(format.bytesPerFrame)
        recording.frames = frames
        recording.durableFrames = frames
        recording.stoppedAt = Timestamp.string(Date())
        recording.stopReason = ending.rawValue
        if capturedFrames > frames { recording.lostMilliseconds = format.milliseconds(frames: capturedFrames - frames) }
        do { try manager.workspace.update(recording: recording) } catch { failure = failure ?? error }
        return (recording, ending, failure)
    }

    /// Opens this recording's raw capture without any participant's key, for as long as this
    /// recorder exists — so it can be finalised right after recording.
    public let captureIdentity: any AgeIdentity

    static func isDiskFull(_ error: any Error) -> Bool {
        if case VitniError.io(_, _, let code) = error { return [ENOSPC, EFBIG, EDQUOT].contains(code) }
        return false
    }
}
