import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore
import VitniTestSupport

/// A small interview for transcript tests: times in milliseconds.
func interview(_ lines: [(Int, Int, SpeakerRole, String)]) -> Transcript {
    Transcript(utterances: lines.map { Utterance(start: $0.0, end: $0.1, speaker: $0.2, text: $0.3) })
}

extension SessionFixture {
    /// Adds a complete (stopped) recording of `milliseconds` at 16 kHz.
    func addRecording(milliseconds: Int) throws {
        let id = session.id
        var recording = try manager.workspace.insertRecording(sessionID: id, whenSessionIn: [.open, .paused]) {
            number in
            RecordingRecord(
                sessionID: id, number: number, state: .capturing, source: "stdin", sampleRate: 16_000, channels: 1,
                sampleFormat: "s16le", startedAt: Timestamp.string(Date()), file: "audio/\(id)/\(number).age",
                container: "pcm")
        }
        recording.state = .stopped
        recording.frames = Int64(milliseconds) * 16
        try manager.workspace.update(recording: recording)
    }
}

@Suite struct SessionTranscriptStorageTests {
    let sample = interview([
        (500, 2_000, .interviewer, "Tell me everything about the canary-9f3 day."),
        (2_500, 6_000, .child, "We went to the lake (1.5) and swam."),
        (6_500, 9_000, .interviewer, "What happened next?"),
    ])

    @Test func importSealsTheTextAndReadsItBack() throws {
        let f = try SessionFixture()
        let imported = try f.manager.transcripts.importTranscript(
            sample, into: f.session, format: .srt, source: Transcript.Metadata.human,
            importer: f.interviewer.publicIdentity)
        let record = imported.record
        #expect(record.kind == .original)
        #expect(record.importedFormat == "srt")
        #expect(record.source == "human")
        #expect(record.utteranceCount == 3)
        #expect(record.actorKeyID == f.interviewer.publicIdentity.keyID)
        #expect(imported.lengthCheck == .notPossible(reason: "session \(f.session.id) has no complete recording yet"))

        let back = try f.manager.transcripts.transcript(of: f.session, identities: [f.observer.identity])
        #expect(back.utterances == sample.utterances)
        #expect(back.metadata.source == "human")
        #expect(back.metadata.language == "sv", "the session's language fills in a missing one")
        #expect(record.plaintextSHA256 == Hex.encode(Hashing.sha256(WebVTT.render(back).utf8)))
        #expect(try CanarySearch.files(under: f.directory.path, containing: "canary-9f3").isEmpty)
        #expect(throws: VitniError.self) {
            try f.manager.transcripts.transcript(of: f.session, identities: [f.outsider.identity])
        }
    }

    @Test func reimportingAppendsAndTheNewestIsCurrent() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        try f.manager.transcripts.importTranscript(
            sample, into: f.session, format: .webVTT, source: "human", importer: anna)
        var second = sample
        second.utterances.removeLast()
        try f.manager.transcripts.importTranscript(
            second, into: f.session, format: .eaf, source: Transcript.Metadata.unverifiedMachine, importer: anna)
        let versions = try f.manager.transcripts.transcriptVersions(of: f.session)
        #expect(versions.map(\.utteranceCount) == [3, 2])
        #expect(versions.map(\.importedFormat) == ["webvtt", "eaf"])
        let current = try f.manager.transcripts.transcript(of: f.session, identities: [f.interviewer.identity])
        #expect(current.utterances.count == 2)
        #expect(current.metadata.source == Transcript.Metadata.unverifiedMachine)
    }

    @Test func timesAreCheckedAgainstTheLongestCompleteRecording() throws {
        let f = try SessionFixture()
        try f.addRecording(milliseconds: 5_000)
        try f.addRecording(milliseconds: 8_000)
        #expect(try f.manager.transcripts.recordingLength(of: f.current) == .checked(milliseconds: 8_000, recording: 2))
        do {
            try f.manager.transcripts.importTranscript(
                sample, into: f.current, format: .webVTT, source: "human", importer: f.interviewer.publicIdentity,
                file: "talk.vtt")
            Issue.record("a transcript reaching 9 s was accepted for an 8 s recording")
        } catch VitniError.transcript(let file, let error) {
            #expect(file == "talk.vtt")
            #expect(error.utterance == 3)
            #expect(error.reason.contains("ends after the recording"))
        }
        #expect(try f.manager.transcripts.transcriptVersions(of: f.session).isEmpty)
        var fitting = sample
        fitting.utterances[2].end = 8_000
        let imported = try f.manager.transcripts.importTranscript(
            fitting, into: f.current, format: .webVTT, source: "human", importer: f.interviewer.publicIdentity)
        #expect(imported.lengthCheck == .checked(milliseconds: 8_000, recording: 2))
    }

    @Test func onlyParticipantsImportAndSourcesAreTheTwoKnown() throws {
        let f = try SessionFixture()
        #expect(throws: VitniError.self) {
            try f.manager.transcripts.importTranscript(
                sample, into: f.session, format: .webVTT, source: "human", importer: f.outsider.publicIdentity)
        }
        #expect(throws: VitniError.self) {
            try f.manager.transcripts.importTranscript(
                sample, into: f.session, format: .webVTT, source: "a friend", importer: f.interviewer.publicIdentity)
        }
        #expect(try f.manager.transcripts.transcriptVersions(of: f.session).isEmpty)
    }

    @Test func malformedFilesNameTheLine() throws {
        let f = try SessionFixture()
        let path = try f.directory.write(
            "bad.srt", "1\n00:00:01,000 --> 00:00:02,000\nINT: fine\n\n2\n00:00:03,000 -> 00:00:04,000\nCHILD: no\n")
        do {
            _ = try TranscriptFile.read(path, format: .srt)
            Issue.record("a malformed timing line was accepted")
        } catch let error as VitniError {
            guard case .transcript(_, let inner) = error else { throw error }
            #expect(inner.line == 6)
            #expect(error.description.hasPrefix(path + ":6: SRT: "), "\(error.description)")
            #expect(error.exitCode == 1)
        }
        #expect(TranscriptFile.format(forPath: "/x/a.VTT") == .webVTT)
        #expect(TranscriptFile.format(forPath: "a.eaf") == .eaf)
        #expect(TranscriptFile.format(forPath: "a.txt") == .plainText)
        #expect(TranscriptFile.format(forPath: "a.doc") == nil)
    }
}

@Suite struct SessionTranscriptNamesTests {
    @Test func namesAreSealedAndFoldedInOrder() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        try f.manager.redaction.addProtectedNames(
            ["  Zebulon Quartermaine ", "Kastanjeskolan"], to: f.session, actor: anna)
        try f.manager.redaction.addProtectedNames(
            ["zebulon quartermaine", "Ystad"], to: f.session, actor: f.outsider.publicIdentity)
        try f.manager.redaction.removeProtectedNames(["KASTANJESKOLAN"], from: f.session, actor: anna)
        let names = try f.manager.redaction.protectedNames(of: f.session, identities: [f.observer.identity])
        #expect(names == ["Zebulon Quartermaine", "Ystad"])
        for name in ["Zebulon Quartermaine", "Kastanjeskolan", "Ystad"] {
            #expect(try CanarySearch.files(under: f.directory.path, containing: name).isEmpty, "\(name) is on disk")
        }
        #expect(throws: VitniError.self) {
            try f.manager.redaction.addProtectedNames(["two\nlines"], to: f.session, actor: anna)
        }
        #expect(throws: VitniError.self) {
            try f.manager.redaction.addProtectedNames([" "], to: f.session, actor: anna)
        }
    }
}
