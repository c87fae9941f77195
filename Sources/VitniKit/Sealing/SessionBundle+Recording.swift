public import VitniAudio
public import VitniCrypto

extension VerifiedBundle {
    /// Recording `number` of the bundle, or its only one when `number` is nil.
    /// - Throws: `VitniError.invalidInput` when the bundle holds no such recording, or several
    ///   and none was named (the first may be a fragment a crash cut short: never guess).
    public func recording(_ number: Int?, identities: [any AgeIdentity]) throws -> SessionFile.Recording {
        let recordings = try sessionFile(identities: identities).recordings
        if number == nil && recordings.count > 1 {
            throw VitniError.invalidInput(
                "the bundle holds \(recordings.count) recordings (\(recordings.map(\.listing).joined(separator: "; "))): "
                    + "choose one with --recording N, or play them all in order with --all")
        }
        guard let chosen = number.map({ number in recordings.first { $0.number == number } }) ?? recordings.first
        else { throw VitniError.invalidInput("the bundle holds no recording\(number.map { " \($0)" } ?? "")") }
        return chosen
    }

    /// Plays a recording of the bundle as WAV into `sink`, from its verified file, and checks
    /// that it decodes to exactly the length its sealed facts record.
    /// - Throws: `VitniError.audio` when the decoded length differs from the sealed facts.
    public func play(
        _ recording: SessionFile.Recording, identities: [any AgeIdentity], from: Int64 = 0, to: Int64? = nil,
        into sink: any ByteSink
    ) throws {
        try stream(recording, identities: identities, from: from, to: to, header: true, into: sink)
    }

    /// Decodes one recording's verified file into `sink` (as WAV, or as the PCM that continues
    /// one when `header` is false), checking its format when `expected` is given and its length
    /// against the sealed facts.
    func stream(
        _ recording: SessionFile.Recording, identities: [any AgeIdentity], from: Int64 = 0, to: Int64? = nil,
        header: Bool, expected: AudioFormat? = nil, into sink: any ByteSink
    ) throws {
        let name = storage.displayPath(recording.file)
        let payload = try openPayload(recording.file)
        let raw: AudioFormat? = recording.container == "pcm" ? recording.format : nil
        let decoder = try Transcoder.decoder(forEncrypted: payload, name: name, identities: identities, rawFormat: raw)
        if let expected, decoder.format.with(container: .raw) != expected {
            throw VitniError.audio(path: name, reason: "decodes to another format than its sealed facts record")
        }
        let decoded = try SessionRecordings.play(
            decoder, name: name, frames: recording.frames, from: from, to: to, header: header, into: sink)
        try payload.finish()
        guard decoded == recording.frames else {
            throw VitniError.audio(
                path: name, reason: "decodes to \(decoded) frames; the sealed facts record \(recording.frames)")
        }
    }
}

extension SessionFile.Recording {
    /// The raw PCM format its sealed facts record.
    public var format: AudioFormat {
        AudioFormat(
            sampleRate: sampleRate, channels: channels, encoding: SampleEncoding(rawValue: sampleFormat) ?? .int16)
    }
}
