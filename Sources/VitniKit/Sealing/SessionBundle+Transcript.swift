import Foundation
public import VitniCrypto
public import VitniFormats
import VitniStore

extension VerifiedBundle {
    /// Transcripts in the bundle, oldest first: the one sealed with the session, then any added
    /// later by `amended` events (a transcript made days after the interview), and in a redacted
    /// copy its redacted transcript.
    public func transcriptFiles() throws -> [String] {
        var files: [String] = []
        for name in BundleLayout.sealedTranscripts where contains(name) { files.append(name) }
        for entry in custody where entry.event.action == .amended {
            for file in Custody.FileCommitment.files(in: entry.event.detail) ?? []
            where BundleLayout.isTranscript(file.path) && !files.contains(file.path) {
                files.append(file.path)
            }
        }
        return files
    }

    /// The newest transcript in the bundle, decrypted in memory.
    public func transcript(identities: [any AgeIdentity]) throws -> Transcript {
        guard let newest = try transcriptFiles().last else {
            throw VitniError.invalidInput(
                "\(path) holds no transcript: add one with `vitni transcript import FILE --bundle`")
        }
        let bytes = try decrypt(newest, identities: identities, limit: 64 << 20)
        do { return try Transcript.parse(bytes: bytes, format: .webVTT) } catch {
            throw VitniError.transcript(file: storage.displayPath(newest), error)
        }
    }

    /// Adds a transcript to a sealed bundle without touching what was sealed: a new file,
    /// encrypted to the session's readers, committed by an `amended` custody event (with its
    /// plaintext SHA-256) signed by `signer`, who also re-seals the bundle. The same transcript
    /// added again right after (a retry after a crash) is reported, not added twice.
    /// - Throws: `VitniError.transcript` when the transcript runs past the longest recording.
    public func addTranscript(
        _ transcript: Transcript, signer: any BundleSigner, trust: BundleTrust, identities: [any AgeIdentity]
    ) throws -> (file: String, receipt: CustodyLog.Receipt) {
        let facts = try sessionFile(identities: identities)
        if let longest = facts.recordings.map(\.durationMilliseconds).max() {
            do { try transcript.validate(recordingDuration: Int(longest)) } catch {
                throw VitniError.transcript(file: "transcript", error)
            }
        }
        let recipients = try facts.recipients.map { try Age.X25519Recipient($0) }
        let existing = try transcriptFiles()
        var number = existing.count + 1
        var file = BundleLayout.transcript(number: number)
        while existing.contains(file) || contains(file) {
            number += 1
            file = BundleLayout.transcript(number: number)
        }
        let plaintext = Array(WebVTT.render(transcript).utf8)
        let digest = Hex.encode(Hashing.sha256(plaintext))
        var addedBefore: String?
        let receipt = try CustodyLog.amend(
            bundle: path,
            files: [
                CustodyLog.AmendedFile(path: file) { sink in
                    let encryptor = try Age.Encryptor(recipients: recipients, to: sink)
                    try encryptor.write(plaintext)
                    try encryptor.finish()
                }
            ],
            detail: [
                "kind": .string("transcript"),
                "source": .string(transcript.metadata.source ?? Transcript.Metadata.human),
                "plaintext_sha256": .object([file: .string(digest)]),
            ],
            signer: signer, trust: trust
        ) { entries in
            guard let last = entries.last, last.event.action == .amended, last.event.actor == signer.keyID,
                case .object(let hashes)? = last.event.detail["plaintext_sha256"],
                let match = hashes.first(where: { $0.value == .string(digest) })
            else { return nil }
            addedBefore = match.key
            return last
        }
        return (addedBefore ?? file, receipt)
    }

    /// The interview's quality, coded from the bundle's newest transcript, with phases from the
    /// sealed notes, in the session's language.
    public func qualityReport(identities: [any AgeIdentity]) throws -> QualityReport {
        Self.qualityReport(
            of: try transcript(identities: identities), notes: try notes(identities: identities),
            language: try sessionFile(identities: identities).language)
    }

    /// The quality report from a transcript and notes already decrypted (the review room holds
    /// them): phases come from the phase notes that name a protocol item.
    public static func qualityReport(of transcript: Transcript, notes: [Note], language: String?) -> QualityReport {
        let markers: [(offset: Int64, phase: String)] = notes.filter { $0.kind == .phase && $0.supersededBy == nil }
            .compactMap { note in
                guard let offset = note.offsetMilliseconds, let item = note.protocolItem,
                    let phase = item.split(separator: ".").first
                else { return nil }
                return (offset, String(phase))
            }.sorted { $0.offset < $1.offset }
        return QualityReport(
            turns: SessionTranscripts.qualityTurns(transcript, phaseMarkers: markers), languageCode: language ?? "en")
    }
}
