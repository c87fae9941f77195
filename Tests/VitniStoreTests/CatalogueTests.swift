import Foundation
import Testing
import VitniStore
import VitniTestSupport

@Suite struct CatalogueTests {
    static func session(_ caseID: String, _ number: Int, state: SessionState = .open) -> SessionRecord {
        SessionRecord(
            id: "\(caseID)_S0\(number)", caseID: caseID, number: number, protocolID: "nichd-revised",
            protocolVersion: "2014",
            state: state, language: nil, createdAt: "2026-11-02T09:30:00.000Z", closedAt: nil, interviewerKeyID: "K",
            participants: ["K"], recipients: [], sessionRecipient: "age1x", sessionKey: Data([1]), details: Data([2]))
    }

    @Test func workspaceIsCreatedPrivateAndReopens() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: StoreError.notAWorkspace(directory.file("ws"))) {
            try Workspace(directory: directory.file("ws"))
        }
        try Workspace.create(directory: directory.file("ws"))
        let mode = try FileManager.default.attributesOfItem(atPath: directory.file("ws"))[.posixPermissions] as? Int
        #expect(mode == 0o700)
        let catalogue =
            try FileManager.default.attributesOfItem(atPath: directory.file("ws/catalogue.sqlite"))[.posixPermissions]
            as? Int
        #expect(catalogue == 0o600)
        _ = try Workspace(directory: directory.file("ws"))
    }

    @Test func sessionsAreNumberedAndFiltered() throws {
        let directory = try TemporaryDirectory()
        let workspace = try Workspace.create(directory: directory.file("ws"))
        for caseID in ["B", "A", "A"] {
            _ = try workspace.insertSession(caseID: caseID, make: { Self.session(caseID, $0) }, startedBy: "K", at: "t")
        }
        #expect(try workspace.sessions().map(\.id) == ["A_S01", "A_S02", "B_S01"])
        #expect(try workspace.sessionSummaries(caseID: "A").map(\.id) == ["A_S01", "A_S02"])
        let event = SessionEventRecord(
            sessionID: "A_S02", time: "t", offsetMilliseconds: nil, actorKeyID: "K", action: "close", reason: nil)
        _ = try workspace.transition(sessionID: "A_S02", from: [.open], to: .closed, event: event)
        #expect(try workspace.sessionSummaries(state: .closed).map(\.id) == ["A_S02"])
        #expect(try workspace.activeSessions().map(\.id) == ["A_S01", "B_S01"])
        #expect(throws: StoreError.wrongState("A_S02", .closed)) {
            try workspace.transition(sessionID: "A_S02", from: [.open], to: .paused, event: event)
        }
        #expect(try workspace.sessionEvents(sessionID: "A_S02").map(\.action) == ["start", "close"])
    }

    @Test func notesNeedAnActiveSessionAndAKnownCorrection() throws {
        let directory = try TemporaryDirectory()
        let workspace = try Workspace.create(directory: directory.file("ws"))
        _ = try workspace.insertSession(caseID: "A", make: { Self.session("A", $0) }, startedBy: "K", at: "t")
        let note = NoteRecord(
            sessionID: "A_S01", noteID: "n-1", offsetMilliseconds: 5, wallclock: "t", authorKeyID: "K", kind: "phase",
            protocolItem: nil, supersedes: nil, body: Data([9]))
        _ = try workspace.insert(note: note, whenSessionIn: [.open])
        var correction = note
        correction.noteID = "n-2"
        correction.supersedes = "n-404"
        #expect(throws: StoreError.unknownNote("n-404")) {
            try workspace.insert(note: correction, whenSessionIn: [.open])
        }
        correction.supersedes = "n-1"
        _ = try workspace.insert(note: correction, whenSessionIn: [.open])
        #expect(throws: StoreError.wrongState("A_S01", .open)) {
            try workspace.insert(note: note, whenSessionIn: [.closed])
        }
        #expect(try workspace.notes(sessionID: "A_S01").map(\.noteID) == ["n-1", "n-2"])
    }
}
