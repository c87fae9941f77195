public import Foundation
import VitniAudio
import VitniCrypto
import VitniFormats
public import VitniStore

extension SessionRecordings {
    /// Takes an existing recording (WAV, FLAC, Ogg — whatever libsndfile reads) into a session:
    /// encrypted to the session's people as it is encoded (FLAC for 16/24-bit, else WAV), the
    /// source file's SHA-256 recorded. With `removeSource`, the encrypted copy is decrypted and
    /// decoded again and must give the same samples before the original is overwritten and
    /// unlinked.
    /// - Parameters:
    ///   - startedAt: when the recording began (it becomes the recording's start time).
    ///   - progress: milliseconds of audio imported so far, a few times a second.
    /// - Returns: the new recording.
    @discardableResult
    public func importAudio(
        _ path: String, into session: SessionRecord, startedAt: Date? = nil, removeSource: Bool = false,
        progress: (Int64) -> Void = { _ in }
    ) throws -> RecordingRecord {
        let input = try AudioInput.audio(path) { try FileDescriptorAudioInput.open(path: path) }
        let hashing = HashingAudioInput(input)
        let decoder = try AudioInput.audio(path) { try AudioDecoder(input: hashing, name: path) }
        let format = decoder.format.with(container: .raw)
        guard AudioFormat.recordableRates.contains(format.sampleRate),
            AudioFormat.recordableChannels.contains(format.channels)
        else {
            throw VitniError.audio(path: path, reason: "\(decoder.format): 8–192 kHz and 1–8 channels are accepted")
        }
        let container: AudioContainer = [.int16, .int24].contains(format.encoding) ? .flac : .wav
        let directory = try audioDirectory(for: session)
        let recipients = try audioRecipients(of: session)
        var recording: RecordingRecord
        do {
            recording = try workspace.insertRecording(
                sessionID: session.id, whenSessionIn: [.open, .paused, .closed], capturing: false
            ) { number in
                RecordingRecord(
                    sessionID: session.id, number: number, state: .stopped, source: "import",
                    sampleRate: format.sampleRate,
                    channels: format.channels, sampleFormat: format.encoding.rawValue,
                    startedAt: Timestamp.string(startedAt ?? Date()),
                    file: "audio/\(session.id)/\(number).\(container.rawValue).age",
                    container: container.rawValue)
            }
        } catch StoreError.wrongState(let id, let state) {
            throw VitniError.sessionState(session: id, state: state.rawValue, action: "import audio")
        }
        do {
            let destination = directory + "/\(recording.number).\(container.rawValue).age"
            let output = try EncryptedAudioFile(path: destination, recipients: recipients)
            let result = try Transcoder.run(
                decoder, into: output, container: container, name: path, hashPCM: removeSource,
                progress: { progress(format.milliseconds(frames: $0)) })
            try AudioInput.audio(path) { try hashing.drain() }
            guard result.frames > 0 else { throw VitniError.audio(path: path, reason: "the recording holds no audio") }
            if removeSource {
                let again = try Transcoder.decoder(forEncrypted: output.writtenPath, identities: [output.identity])
                var hasher = SHA256Hasher()
                try Transcoder.forEachBlock(of: again, name: destination) { hasher.update($0) }
                guard hasher.finalize() == result.pcmDigest else {
                    throw VitniError.audio(
                        path: destination, reason: "the encrypted copy does not decode to the same samples")
                }
            }
            recording.plaintextSHA256 = try Transcoder.plaintextDigest(
                of: output.writtenPath, identity: output.identity)
            try output.commit()
            recording.sourceSHA256 = Hex.encode(hashing.digest())
            recording.frames = result.frames
            recording.durableFrames = result.frames
            recording.state = .finalised
            recording.stoppedAt = Timestamp.string(Date())
            recording.stopReason = "imported"
            try workspace.update(recording: recording)
        } catch {
            try? workspace.delete(recording: recording)
            throw error
        }
        if removeSource { try Self.overwriteAndRemove(path) }
        return recording
    }

    /// Overwrites a plaintext file with zeros, syncs, and unlinks it. SSDs and copy-on-write
    /// file systems may keep the old blocks: the caller warns about that.
    static func overwriteAndRemove(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw VitniError.io(path: path, operation: "open", code: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw VitniError.io(path: path, operation: "stat", code: errno) }
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        var remaining = Int64(info.st_size)
        while remaining > 0 {
            let n = zeros.withUnsafeBytes { write(fd, $0.baseAddress, Int(min(remaining, Int64($0.count)))) }
            guard n > 0 else { throw VitniError.io(path: path, operation: "overwrite", code: errno) }
            remaining -= Int64(n)
        }
        guard fsync(fd) == 0 else { throw VitniError.io(path: path, operation: "fsync", code: errno) }
        guard unlink(path) == 0 else { throw VitniError.io(path: path, operation: "remove", code: errno) }
    }
}

/// Hashes the bytes of a file as the decoder reads them (and the rest with `drain()`), so an
/// import reads its source once.
final class HashingAudioInput: AudioByteInput {
    private let input: any AudioByteInput
    private var hasher = SHA256Hasher()

    init(_ input: any AudioByteInput) { self.input = input }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try input.read(into: buffer)
        hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        return n
    }

    /// Reads whatever the decoder left (trailing chunks), so the digest covers the whole file.
    func drain() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        while try read(into: buffer) > 0 {}
    }

    func digest() -> [UInt8] { hasher.finalize() }
}
