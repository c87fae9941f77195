public import VitniAudio
public import VitniCrypto
public import VitniStore

extension SessionRecordings {
    /// Writes a recording as WAV to `sink` (standard output for `aplay`), decrypting and
    /// decoding as it goes — never to a file.
    /// - Parameters:
    ///   - from, to: milliseconds; the whole recording by default.
    public func play(
        _ recording: RecordingRecord, identities: [any AgeIdentity], from: Int64 = 0, to: Int64? = nil,
        into sink: any ByteSink
    ) throws {
        let raw: AudioFormat? =
            recording.container == "pcm"
            ? AudioFormat(
                sampleRate: recording.sampleRate, channels: recording.channels,
                encoding: SampleEncoding(rawValue: recording.sampleFormat) ?? .int16)
            : nil
        try Self.play(
            path(of: recording), frames: recording.frames, rawFormat: raw, identities: identities, from: from, to: to,
            into: sink)
    }

    /// Plays an encrypted audio file (a working recording or a bundle's) as WAV into `sink`.
    /// - Parameter frames: the recording's length when known (else the decoder's).
    public static func play(
        _ path: String, frames: Int64?, rawFormat: AudioFormat? = nil, identities: [any AgeIdentity], from: Int64 = 0,
        to: Int64? = nil, into sink: any ByteSink
    ) throws {
        let decoder = try Transcoder.decoder(forEncrypted: path, identities: identities, rawFormat: rawFormat)
        _ = try play(decoder, name: path, frames: frames, from: from, to: to, into: sink)
    }

    /// Plays decoded audio as WAV into `sink`, between two offsets.
    /// - Parameter header: write the WAV header first (not when the audio continues a stream).
    /// - Returns: how many frames the whole recording decoded to.
    static func play(
        _ decoder: AudioDecoder, name path: String, frames: Int64?, from: Int64, to: Int64?, header: Bool = true,
        into sink: any ByteSink
    ) throws -> Int64 {
        let format = decoder.format.with(container: .raw)
        let total = frames ?? decoder.frameCount ?? 0
        let first = min(total, format.frames(milliseconds: max(0, from)))
        let last = min(total, to.map { format.frames(milliseconds: $0) } ?? total)
        guard last > first else { throw VitniError.invalidInput("nothing to play between those offsets") }
        if header {
            try sink.write(
                try AudioInput.audio("WAV") { try WAVStreamHeader.bytes(format: format, frames: last - first) })
        }
        var position: Int64 = 0
        try Transcoder.forEachBlock(of: decoder, name: path) { block in
            let frames = Int64(block.count / format.bytesPerFrame)
            defer { position += frames }
            let start = max(first, position)
            let end = min(last, position + frames)
            guard end > start else { return }
            let bytes = UnsafeRawBufferPointer(
                rebasing: block[
                    Int(start - position) * format.bytesPerFrame..<Int(end - position) * format.bytesPerFrame])
            try sink.write(bytes)
        }
        return position
    }

    /// Every sample of a recording, decrypted and decoded in memory: for checking that what was
    /// stored decodes to what was captured (the demo's lossless round trip), never for export.
    public func decodedSamples(of recording: RecordingRecord, identities: [any AgeIdentity]) throws -> [UInt8] {
        try Transcoder.decoder(forEncrypted: path(of: recording), identities: identities).readAll()
    }
}
