import Foundation
public import VitniAudio
public import VitniCrypto
public import VitniStore
import VitniFormats

extension SessionManager {
    /// Turns a stopped or recovered recording into its bundle form — FLAC (lossless), or WAV —
    /// still encrypted to the same people, in one streaming pass: decrypt on one core, encode
    /// on the other, encrypt as the encoder writes. The result is read back (every chunk
    /// authenticated) to record the plaintext SHA-256 before the raw capture is removed.
    /// - Parameters:
    ///   - identities: open the raw capture: the recorder's own (`Recorder.liveIdentity`) right
    ///     after recording, else an unlocked participant's.
    ///   - container: `.flac` or `.wav`; 32-bit and float audio, which FLAC cannot hold, become WAV.
    ///   - progress: called with the frames encoded so far, a few times a second at most.
    @discardableResult
    public func finalise(
        _ recording: RecordingRecord, identities: [any AgeIdentity], container: AudioContainer = .flac,
        progress: (Int64) -> Void = { _ in }
    ) throws -> RecordingRecord {
        guard recording.state == .stopped || recording.state == .recovered else {
            throw VitniError.invalidInput("recording \(recording.number) is \(recording.state.rawValue): only a stopped or recovered recording can be finalised")
        }
        guard let encoding = SampleEncoding(rawValue: recording.sampleFormat) else {
            throw VitniError.invalidInput("recording \(recording.number) has an unknown sample format")
        }
        let session = try workspace.session(id: recording.sessionID)
        let raw = AudioFormat(sampleRate: recording.sampleRate, channels: recording.channels, encoding: encoding)
        let target: AudioContainer = container == .flac && [.int16, .int24].contains(encoding) ? .flac : .wav
        let source = path(of: recording)
        let name = "\(recording.number).\(target.rawValue).age"
        let destination = try audioDirectory(for: session) + "/" + name
        unlink(destination)  // a copy left by an earlier attempt that stopped before recording it
        let output = try EncryptedAudioFile(path: destination, recipients: try audioRecipients(of: session))
        let encoder = try AudioInput.audio(name) { try AudioEncoder(format: raw.with(container: target), output: output) }
        let decryptor = try VitniError.wrap(file: source, identities: identities) {
            try Age.Decryptor(source: try FileStream.open(readingFrom: source), identities: identities)
        }
        nonisolated(unsafe) let reader = decryptor
        let block = max(1, (1 << 20) / raw.bytesPerFrame) * raw.bytesPerFrame
        let pipeline = BlockPipeline(blockSize: block) { try reader.read(into: $0) }
        var lastReport = Date()
        try VitniError.wrap(file: source) {
            try pipeline.consume { bytes in
                try AudioInput.audio(name) { try encoder.write(bytes) }
                if Date().timeIntervalSince(lastReport) > 0.25 {
                    lastReport = Date()
                    progress(encoder.framesWritten)
                }
            }
        }
        try AudioInput.audio(name) { try encoder.finish() }
        let frames = encoder.framesWritten
        let digest = try VitniError.wrap(file: destination) {
            let check = try Age.Decryptor(source: try FileStream.open(readingFrom: output.writtenPath), identities: [output.identity])
            return Hex.encode(try Hashing.digest(.sha256, of: check))
        }
        try output.commit()
        var finished = recording
        finished.file = "audio/\(session.id)/\(name)"
        finished.container = target.rawValue
        finished.plaintextSHA256 = digest
        finished.frames = frames
        finished.state = .finalised
        try workspace.update(recording: finished)
        unlink(source)
        try syncDirectory(of: destination)
        progress(frames)
        return finished
    }
}
