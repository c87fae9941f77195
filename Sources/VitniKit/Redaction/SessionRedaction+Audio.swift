public import VitniAudio
public import VitniCrypto

extension SessionRedaction {
    /// A redacted copy of a recording: each span muted (or a tone), with short fades at its
    /// edges, the same length and format, encrypted to `recipients` at `destination`.
    /// - Returns: the plaintext SHA-256 of the copy.
    public func redactedCopy(
        of source: VerifiedPayload, spans milliseconds: [Range<Int>], fill: RedactionFill = .mute,
        identities: [any AgeIdentity], recipients: [any AgeRecipient], destination: String
    ) throws -> String {
        let decoder = try Transcoder.decoder(forEncrypted: source, name: source.file, identities: identities)
        let format = decoder.format.with(container: .raw)
        let spans = Self.mergedSpans(milliseconds).map {
            RedactionSpan(
                start: format.frames(milliseconds: Int64($0.lowerBound)),
                end: format.frames(milliseconds: Int64($0.upperBound)),
                fill: fill)
        }.filter { $0.end > $0.start }
        let redactor = try AudioInput.audio(destination) { try AudioRedactor(format: format, spans: spans) }
        let output = try EncryptedAudioFile(path: destination, recipients: recipients)
        let container: AudioContainer = decoder.format.container == .flac ? .flac : .wav
        _ = try Transcoder.run(decoder, into: output, container: container, name: destination, redactor: redactor)
        let digest = try Transcoder.plaintextDigest(of: output.writtenPath, identity: output.identity)
        try source.finish()
        try output.commit()
        return digest
    }
}
