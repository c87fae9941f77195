import Foundation
import VitniAudio
public import VitniCrypto
import VitniFormats
public import VitniKit

/// The review room's content for one sealed bundle. Built once the bundle has verified in full;
/// the small files (facts, transcript, notes, checklist) are decrypted into memory here, and
/// each recording is read later by ranges from its verified file (`VerifiedBundle.openRandomAccess`),
/// decrypting only the chunks a range covers.
public final class BundleReview: ReviewContent, @unchecked Sendable {
    // Sendable: `model` and `recordings` are fixed at init; `peaksByRecording` is guarded by `lock`.
    public let model: ReviewModel
    private let sessionID: String
    private let certificatePage: String
    private let recordings: [Int: (SessionFile.Recording, Age.RandomAccessDecryptor)]
    private let lock = NSLock()
    private var peaksByRecording: [Int: String] = [:]

    /// - Parameter certificate: the integrity certificate of the full verification (it passed).
    public init(_ bundle: VerifiedBundle, certificate: IntegrityCertificate, identities: [any AgeIdentity]) throws {
        let facts = try bundle.sessionFile(identities: identities)
        var recordings: [Int: (SessionFile.Recording, Age.RandomAccessDecryptor)] = [:]
        for recording in facts.recordings {
            recordings[recording.number] = (
                recording, try bundle.openRandomAccess(recording.file, identities: identities)
            )
        }
        self.recordings = recordings
        sessionID = facts.sessionID
        certificatePage = certificate.renderHTML()
        var model = try Self.model(
            of: bundle, facts: facts,
            verdict: "\(certificate.verdictWord) — every file, the seal and the custody "
                + "chain verified when this room opened", identities: identities)
        model.integrity = .init(
            word: certificate.verdictWord, sentence: certificate.verdict, sealing: certificate.sealing,
            checks: certificate.checks.map { ($0.heading, IntegrityCertificate.resultWords($0.result)) },
            manifestSHA256: certificate.manifestSHA256)
        self.model = model
    }

    public func page() throws -> String { ReviewPage.render(model) }

    public func certificate() throws -> String { certificatePage }

    public func audio(_ number: Int) throws -> (any RangedResource)? {
        guard let (recording, decryptor) = recordings[number] else { return nil }
        let raw: AudioFormat? = recording.container == "pcm" ? recording.format : nil
        let template = Template(decryptor: decryptor)
        let name = name(number)
        return try RecordingRanges(format: recording.format, frames: recording.frames, name: name) {
            try AudioDecoder(seekable: DecryptedAudio(template.decryptor.independentCopy()), name: name, rawFormat: raw)
        }
    }

    /// Computed once per recording, in one streaming pass, the first time it is asked for.
    public func peaks(_ number: Int) throws -> String? {
        lock.lock()
        if let known = peaksByRecording[number] {
            lock.unlock()
            return known
        }
        lock.unlock()
        guard let (recording, decryptor) = recordings[number] else { return nil }
        let raw: AudioFormat? = recording.container == "pcm" ? recording.format : nil
        let decoder = try AudioDecoder(
            seekable: DecryptedAudio(decryptor.independentCopy()), name: name(number), rawFormat: raw)
        let pairs = try WaveformPeaks.compute(decoder, frames: recording.frames)
        let json =
            "{\"duration_ms\":\(recording.durationMilliseconds),\"peaks\":["
            + pairs.map { "[\(Self.rounded($0.0)),\(Self.rounded($0.1))]" }.joined(separator: ",") + "]}"
        lock.lock()
        peaksByRecording[number] = json
        lock.unlock()
        return json
    }

    /// How messages name a recording: by number and session, never by content.
    private func name(_ number: Int) -> String { "recording \(number) of \(sessionID)" }

    private static func rounded(_ value: Float) -> String { String(Double((value * 1000).rounded()) / 1000) }

    static func model(of bundle: VerifiedBundle, facts: SessionFile, verdict: String, identities: [any AgeIdentity])
        throws -> ReviewModel
    {
        let files = try bundle.transcriptFiles()
        let transcript = files.isEmpty ? nil : try bundle.transcript(identities: identities)
        let redacted = files.last == BundleLayout.redactedTranscript
        let names = redacted ? [:] : Dictionary(facts.participants.map { ($0.keyID, $0.name) }) { first, _ in first }
        let notes = try bundle.notes(identities: identities)
        var model = ReviewModel(
            title: "Session \(facts.sessionID) of case \(facts.caseID)", verdict: verdict, valid: true,
            redaction: redacted
                ? CourtTranscriptHeader.redactedBanner + " — a copy derived from "
                    + (bundle.derivedFrom ?? "its sealed original") + "; verify it against that original"
                : nil,
            facts: facts.text.split(separator: "\n").map(String.init),
            recordings: facts.recordings.map {
                .init(number: $0.number, durationMilliseconds: $0.durationMilliseconds, listing: $0.listing)
            },
            cues: (transcript?.utterances ?? []).map { utterance in
                .init(
                    start: utterance.start, end: utterance.end, role: utterance.speaker.roleClass,
                    speaker: utterance.speaker.token, text: utterance.text)
            },
            notes: notes.map { note in
                .init(
                    offsetMilliseconds: note.offsetMilliseconds, recording: note.recording, kind: note.kind.rawValue,
                    author: note.authorName ?? names[note.author] ?? "key \(note.author)", text: note.text,
                    superseded: note.supersededBy != nil)
            },
            custody: bundle.custodyAccount)
        model.phases = phases(notes, duration: facts.recordings.first?.durationMilliseconds ?? 0)
        if bundle.contains(BundleLayout.checklist) {
            model.checklist = try bundle.checklistReport(identities: identities).text.split(separator: "\n").map(
                String.init)
        }
        if let transcript {
            let quality = VerifiedBundle.qualityReport(of: transcript, notes: notes, language: facts.language)
            model.qualitySummary = quality.summary.split(separator: "\n").map(String.init)
            model.quality = (quality.phases.isEmpty ? [quality.overall] : quality.phases).map { metrics in
                .init(
                    phase: metrics.phase ?? "whole interview",
                    counts: UtteranceCategory.allCases.map { ($0.rawValue, metrics.counts[$0]) })
            }
        }
        return model
    }

    /// Bands from each phase note to the next (or the end of the first recording).
    static func phases(_ notes: [Note], duration: Int64) -> [ReviewModel.Phase] {
        let marks = notes.filter { $0.kind == .phase && $0.supersededBy == nil && ($0.recording ?? 1) == 1 }
            .compactMap { note in note.offsetMilliseconds.map { ($0, note.protocolItem ?? note.text) } }
            .sorted { $0.0 < $1.0 }
        return marks.enumerated().map { index, mark in
            let end = index + 1 < marks.count ? marks[index + 1].0 : duration
            let name = mark.1.split(separator: ".").first.map(String.init) ?? mark.1
            return .init(name: name, start: mark.0, end: max(mark.0, end))
        }
    }
}

/// The decryptor each request copies: `independentCopy` reads only what never changes after
/// opening (the key, the layout, the held file), so sharing it across requests is sound.
private struct Template: @unchecked Sendable {
    let decryptor: Age.RandomAccessDecryptor
}

/// A random-access decryptor as audio input.
final class DecryptedAudio: SeekableAudioInput {
    let decryptor: Age.RandomAccessDecryptor
    init(_ decryptor: Age.RandomAccessDecryptor) { self.decryptor = decryptor }
    var size: Int64 { decryptor.plaintextSize }
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try decryptor.read(at: offset, into: buffer)
    }
}

extension SpeakerRole {
    /// The role's colour class on the page.
    var roleClass: String {
        switch self {
        case .interviewer: "int"
        case .child: "child"
        case .interpreter: "interp"
        case .observer: "other"
        }
    }
}
