import Foundation
public import VitniAudio
public import VitniCrypto
import VitniFormats
public import VitniStore

extension SessionRecordings {
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
            throw VitniError.invalidInput(
                "recording \(recording.number) is \(recording.state.rawValue): only a stopped or recovered recording can be finalised"
            )
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
        let decoder = try Transcoder.decoder(forEncrypted: source, identities: identities, rawFormat: raw)
        let frames = try Transcoder.run(decoder, into: output, container: target, name: name, progress: progress).frames
        let digest = try Transcoder.plaintextDigest(of: output.writtenPath, identity: output.identity)
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
        return finished
    }
}
