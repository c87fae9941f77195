import Foundation
import Testing
import VitniTestSupport

@testable import VitniStore

/// Transcript versions are numbered per session; a catalogue from before that gets numbers for
/// its existing rows, in the order they were stored, and keeps their row ids.
@Suite struct TranscriptNumberTests {
    static func version(_ session: String) -> TranscriptRecord {
        TranscriptRecord(
            sessionID: session, kind: .original, source: "human", importedFormat: "webvtt",
            createdAt: "2026-12-01T10:00:00.000Z", actorKeyID: "K", plaintextSHA256: "00", utteranceCount: 1,
            derivedFrom: nil, body: Data([0]), redactionLog: nil)
    }

    @Test func eachSessionNumbersItsOwnVersionsFromOne() throws {
        let directory = try TemporaryDirectory()
        let workspace = try Workspace.create(directory: directory.file("ws"))
        for _ in 1...2 {
            _ = try workspace.insertSession(
                caseID: "CASE-1", make: { CatalogueTests.session("CASE-1", $0) }, startedBy: "K", at: "t")
        }
        let sessions = ["CASE-1_S01", "CASE-1_S02", "CASE-1_S01", "CASE-1_S01", "CASE-1_S02"]
        let inserted = try sessions.map { try workspace.insert(transcript: Self.version($0)) }
        #expect(inserted.map(\.number) == [1, 1, 2, 3, 2])
        #expect(try workspace.transcripts(sessionID: "CASE-1_S01").map(\.number) == [1, 2, 3])
        #expect(try workspace.transcripts(sessionID: "CASE-1_S02").map(\.id) == [2, 5], "row ids stay global")
    }

    @Test func migrationNumbersAnEarlierCataloguesVersions() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ws")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let session = { (id: String, number: Int) in
            "('\(id)', 'CASE-9', \(number), 'nichd-revised', '2014', 'closed', '2026-11-02T09:30:00.000Z', 'K', "
                + "'[\"K\"]', '[]', 'age1x', x'01', x'02')"
        }
        let version = { (session: String) in
            "('\(session)', 'original', 'human', 'webvtt', '2026-11-02T10:00:00.000Z', 'K', '00', 1, x'00')"
        }
        try Workspace.makeEarlierCatalogue(
            directory: path, migratedUpTo: "v4-session-protocol",
            then: """
                INSERT INTO session (id, case_id, number, protocol_id, protocol_version, state, created_at,
                    interviewer_key_id, participants, recipients, session_recipient, session_key, details)
                VALUES \(session("CASE-9_S01", 1)), \(session("CASE-9_S02", 2));
                INSERT INTO transcript (session_id, kind, source, imported_format, created_at, actor_key_id,
                    plaintext_sha256, utterance_count, body)
                VALUES \(version("CASE-9_S02")), \(version("CASE-9_S01")), \(version("CASE-9_S02"));
                """)
        let workspace = try Workspace(directory: path)
        let first = try workspace.transcripts(sessionID: "CASE-9_S01")
        let second = try workspace.transcripts(sessionID: "CASE-9_S02")
        #expect(first.map(\.number) == [1] && first.map(\.id) == [2])
        #expect(second.map(\.number) == [1, 2] && second.map(\.id) == [1, 3])
        #expect(try workspace.insert(transcript: Self.version("CASE-9_S02")).number == 3)
    }
}
