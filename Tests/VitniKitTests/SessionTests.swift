import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore
import VitniTestSupport

/// A person for session tests: a public identity and, kept in memory, the age identity that
/// reads what was sealed to them (no key files, no scrypt).
struct TestPerson {
    let identity: Age.X25519Identity
    let publicIdentity: PublicIdentity

    init(_ name: String, _ role: Role) {
        identity = Age.X25519Identity.generate()
        publicIdentity = PublicIdentity(
            name: name, role: role, recipient: identity.recipient, signedBy: MinisignSecretKey.generate(),
            created: Date())
    }
}

/// A small protocol for tests: two required phases, then an optional one.
let testProtocol = InterviewProtocol(
    id: "test", version: "1", title: "Test protocol", source: "tests", description: "for tests",
    phases: [
        .init(
            id: "intro", title: "Introduction", required: true,
            items: [
                .init(id: "name", kind: .instruction, text: "Say your name"),
                .init(id: "rules", kind: .instruction, text: "Rules"),
            ]),
        .init(
            id: "recall", title: "Free recall", required: true,
            items: [.init(id: "invite", kind: .prompt, text: "Tell me")]),
        .init(
            id: "close", title: "Closing", required: false,
            items: [.init(id: "thanks", kind: .instruction, text: "Thanks")]),
    ])

/// ``testProtocol`` as the file a session is started with.
let testProtocolSource: ProtocolSource = {
    let yaml = """
        id: test
        version: "1"
        title: Test protocol
        source: tests
        description: for tests
        phases:
          - id: intro
            title: Introduction
            required: true
            items:
              - {id: name, kind: instruction, text: Say your name}
              - {id: rules, kind: instruction, text: Rules}
          - id: recall
            title: Free recall
            required: true
            items:
              - {id: invite, kind: prompt, text: Tell me}
          - id: close
            title: Closing
            required: false
            items:
              - {id: thanks, kind: instruction, text: Thanks}

        """
    return try! ProtocolSource(yaml: Array(yaml.utf8), file: "test.yaml")
}()

struct SessionFixture {
    let directory: TemporaryDirectory
    let manager: SessionManager
    let interviewer = TestPerson("anna", .interviewer)
    let observer = TestPerson("olle", .observer)
    let outsider = TestPerson("eve", .defence)
    let session: SessionRecord

    init(childReference: String = "child-ref-1") throws {
        directory = try TemporaryDirectory()
        manager = SessionManager(workspace: try Workspace.create(directory: directory.path + "/ws"))
        session = try manager.start(
            caseID: "CASE-2026-0042", protocol: testProtocolSource,
            interviewer: interviewer.publicIdentity, observers: [observer.publicIdentity], extraRecipients: [],
            childReference: childReference, language: "sv")
    }

    var current: SessionRecord { get throws { try manager.workspace.session(id: session.id) } }
}

@Suite struct SessionLifecycleTests {
    @Test func theProtocolFileIsKeptWithTheSession() throws {
        let f = try SessionFixture()
        #expect(testProtocolSource.interviewProtocol == testProtocol)
        #expect(f.session.protocolSHA256 == testProtocolSource.sha256)
        #expect(try f.manager.protocolSource(of: try f.current) == testProtocolSource)
        // The kept bytes are checked against their hash before they are used.
        var altered = try f.current
        altered.protocolYAML = Data(testProtocolSource.yaml.map { $0 == UInt8(ascii: "T") ? UInt8(ascii: "t") : $0 })
        #expect(throws: VitniError.self) { try f.manager.protocolSource(of: altered) }
    }

    @Test func startNumbersSessionsPerCase() throws {
        let f = try SessionFixture()
        #expect(f.session.id == "CASE-2026-0042_S01")
        #expect(f.session.state == .open)
        let second = try f.manager.start(
            caseID: "CASE-2026-0042", protocol: testProtocolSource, interviewer: f.interviewer.publicIdentity,
            observers: [], extraRecipients: [], childReference: nil, language: nil)
        #expect(second.id == "CASE-2026-0042_S02")
        #expect(throws: VitniError.self) { try f.manager.session(nil) }  // two open: ambiguous
        #expect(try f.manager.session(f.session.id).id == f.session.id)
    }

    @Test func pauseResumeCloseAndWhatEachAllows() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        try f.manager.notes.add(to: f.session, author: anna, kind: .phase, text: "rapport started")
        #expect(
            try f.manager.change(.pause, session: f.session, actor: anna, reason: "child needs a break").state
                == .paused)
        try f.manager.notes.add(
            to: try f.current, author: f.observer.publicIdentity, kind: .questionToRelay, text: "ask about the bus")
        #expect(throws: VitniError.self) {
            try f.manager.change(.pause, session: try f.current, actor: anna, reason: nil)
        }
        #expect(try f.manager.change(.resume, session: try f.current, actor: anna, reason: nil).state == .open)
        let closed = try f.manager.change(
            .close, session: try f.current, actor: anna, reason: "practice session", force: true)
        #expect(closed.state == .closed)
        #expect(closed.closedAt != nil)

        // A closed session takes no more notes, and changes nothing when refused.
        do {
            try f.manager.notes.add(to: closed, author: anna, kind: .observation, text: "too late")
            Issue.record("a closed session accepted a note")
        } catch let error as VitniError {
            #expect(error.description.contains("is closed"))
        }
        // Two notes, and the one the forced close wrote with its reason.
        #expect(try f.manager.workspace.noteCount(sessionID: f.session.id) == 3)
        // The checklist's after-interview items can still be ticked until sealing.
        try f.manager.notes.checklist(.tick, item: "close.thanks", in: closed, protocol: testProtocol, actor: anna)
        let events = try f.manager.workspace.sessionEvents(sessionID: f.session.id).map(\.action)
        #expect(events == ["start", "pause", "resume", "close"])
    }

    @Test func unknownSessionAndNonParticipants() throws {
        let f = try SessionFixture()
        let unknown = #expect(throws: VitniError.self) { try f.manager.session("NOPE_S01") }
        guard case .unknownSession("NOPE_S01", closest: nil) = unknown else {
            Issue.record("expected an unknown session with nothing near it, got \(String(describing: unknown))")
            return
        }
        #expect(throws: VitniError.self) {
            try f.manager.notes.add(
                to: f.session, author: f.outsider.publicIdentity, kind: .observation, text: "not mine to write")
        }
        #expect(try f.manager.workspace.noteCount(sessionID: f.session.id) == 0)
        #expect(throws: VitniError.self) {
            try f.manager.start(
                caseID: "../escape", protocol: testProtocolSource, interviewer: f.interviewer.publicIdentity,
                observers: [], extraRecipients: [], childReference: nil, language: nil)
        }
    }
}

@Suite struct NoteTests {
    @Test func notesReadBackInTimeOrderWithCorrections() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        try f.manager.notes.add(to: f.session, author: anna, kind: .phase, text: "second", offset: 20_000)
        let first = try f.manager.notes.add(
            to: f.session, author: anna, kind: .observation, text: "first", tags: ["a"], offset: 10_000)
        try f.manager.notes.add(
            to: f.session, author: f.observer.publicIdentity, kind: .observation, text: "first, corrected",
            offset: 10_000,
            supersedes: first.noteID)
        let notes = try f.manager.notes.all(of: f.session, identities: [f.observer.identity])
        #expect(notes.map(\.text) == ["first", "first, corrected", "second"])
        #expect(notes[0].supersededBy == notes[1].id)
        #expect(notes[1].supersedes == notes[0].id)
        #expect(notes[0].authorName == "anna")
        #expect(notes[0].tags == ["a"])
        #expect(
            try f.manager.notes.all(of: f.session, kind: .phase, identities: [f.interviewer.identity]).map(\.text) == [
                "second"
            ])
        // Someone the session was not encrypted to reads nothing.
        #expect(throws: VitniError.self) { try f.manager.notes.all(of: f.session, identities: [f.outsider.identity]) }
    }

    @Test func badNotesAreRefusedAndChangeNothing() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        for text in ["", "   \n", String(repeating: "x", count: 64 * 1024 + 1)] {
            #expect(throws: VitniError.self) {
                try f.manager.notes.add(to: f.session, author: anna, kind: .observation, text: text)
            }
        }
        #expect(throws: VitniError.self) {
            try f.manager.notes.add(
                to: f.session, author: anna, kind: .observation, text: "x", protocolItem: "nowhere",
                protocol: testProtocol)
        }
        #expect(throws: StoreError.self) {
            try f.manager.notes.add(to: f.session, author: anna, kind: .observation, text: "x", supersedes: "n-missing")
        }
        #expect(try f.manager.workspace.noteCount(sessionID: f.session.id) == 0)
        try f.manager.notes.add(
            to: f.session, author: anna, kind: .observation, text: String(repeating: "y", count: 64 * 1024))
        try f.manager.notes.add(
            to: f.session, author: anna, kind: .phase, text: "ok", protocolItem: "intro.rules", protocol: testProtocol)
        try f.manager.notes.add(
            to: f.session, author: anna, kind: .phase, text: "ok", protocolItem: "recall", protocol: testProtocol)
        #expect(try f.manager.workspace.noteCount(sessionID: f.session.id) == 3)
    }

    @Test(arguments: [("1:02.5", 62_500), ("95", 95_000), ("1:00:00", 3_600_000), ("0.25", 250)])
    func offsetsParse(_ text: String, _ milliseconds: Int64) {
        #expect(Offset.parse(text) == milliseconds)
    }

    @Test(arguments: ["", "1:", "a", "1:60", "-5", "1:2:3:4", "1.5:00"])
    func badOffsetsAreRejected(_ text: String) {
        #expect(Offset.parse(text) == nil)
    }
}

@Suite struct ChecklistTests {
    @Test func tickSkipUndoAndTheirConflicts() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        try f.manager.notes.checklist(
            .tick, item: "intro.name", in: f.session, protocol: testProtocol, actor: anna, comment: "done well")
        #expect(throws: VitniError.self) {
            try f.manager.notes.checklist(.tick, item: "intro.name", in: f.session, protocol: testProtocol, actor: anna)
        }
        #expect(throws: VitniError.self) {
            try f.manager.notes.checklist(
                .skip, item: "intro.rules", in: f.session, protocol: testProtocol, actor: anna)
        }
        try f.manager.notes.checklist(
            .skip, item: "intro.rules", in: f.session, protocol: testProtocol, actor: anna, comment: "child knew them")
        #expect(throws: VitniError.self) {
            try f.manager.notes.checklist(
                .undo, item: "recall.invite", in: f.session, protocol: testProtocol, actor: anna)
        }
        #expect(throws: VitniError.self) {
            try f.manager.notes.checklist(
                .tick, item: "recall.nope", in: f.session, protocol: testProtocol, actor: anna)
        }
        try f.manager.notes.checklist(.undo, item: "intro.name", in: f.session, protocol: testProtocol, actor: anna)
        try f.manager.notes.checklist(.tick, item: "intro.name", in: f.session, protocol: testProtocol, actor: anna)
        let checklist = try f.manager.notes.checklist(of: f.session, protocol: testProtocol)
        #expect(checklist.entry("intro.name")?.status == .done)
        #expect(checklist.entry("intro.rules")?.status == .skipped)
        #expect(checklist.entry("recall.invite")?.status == .pending)
        #expect(try f.manager.workspace.checklistEvents(sessionID: f.session.id).count == 4)
    }

    @Test func outOfOrderIsFlaggedNotForbidden() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        let result = try f.manager.notes.checklist(
            .tick, item: "recall.invite", in: f.session, protocol: testProtocol, actor: anna, offset: 5_000,
            recording: 1)
        #expect(result.event.outOfOrder)
        #expect(Set(result.missingBefore.map(\.reference)) == ["intro.name", "intro.rules"])
        try f.manager.notes.checklist(
            .tick, item: "intro.name", in: f.session, protocol: testProtocol, actor: anna, offset: 1_000, recording: 1)
        let report = ChecklistReport(
            session: f.session.id, checklist: try f.manager.notes.checklist(of: f.session, protocol: testProtocol),
            recordingLengths: [1: 9_000])
        #expect(report.outOfOrder == ["recall.invite"])
        #expect(report.requiredTotal == 3)
        #expect(report.requiredDone == 2)
        #expect(report.requiredMissing == 1)
        #expect(report.phases[0].missing == ["intro.rules"])
        #expect(report.phases[0].startMilliseconds == 1_000)
        #expect(report.phases[0].durationMilliseconds == 4_000)  // until recall was entered at 5 s
        #expect(report.phases[1].durationMilliseconds == 4_000)  // until the recording ends at 9 s
        #expect(report.phases[2].required == 0)
        #expect(report.text.contains("out of order: recall.invite"))
    }
}

/// Invariant 2: nothing sensitive reaches the workspace in plaintext.
@Suite struct NoPlaintextAtRestTests {
    @Test func canaryNeverAppearsInAnyWorkspaceFile() throws {
        let canary = "CANARY-\(UUID().uuidString)"
        let f = try SessionFixture(childReference: "child \(canary)")
        let anna = f.interviewer.publicIdentity
        try f.manager.notes.add(to: f.session, author: anna, kind: .disclosure, text: "note \(canary)", tags: [canary])
        try f.manager.notes.checklist(
            .tick, item: "intro.name", in: f.session, protocol: testProtocol, actor: anna, comment: "comment \(canary)")
        try f.manager.notes.checklist(
            .skip, item: "intro.rules", in: f.session, protocol: testProtocol, actor: anna, comment: "reason \(canary)")
        _ = try f.manager.change(.pause, session: f.session, actor: anna, reason: "reason \(canary)")
        // Reading back works, so the canary really was written (sealed).
        #expect(
            try f.manager.notes.all(of: f.session, identities: [f.interviewer.identity]).first?.text == "note \(canary)"
        )
        #expect(
            try f.manager.details(of: f.session, identities: [f.observer.identity]).childReference == "child \(canary)")
        let hits = try CanarySearch.files(under: f.directory.path, containing: canary)
        #expect(hits.isEmpty, "plaintext found in \(hits)")
        #expect(
            try CanarySearch.files(under: f.directory.path, containing: "CASE-2026-0042").isEmpty == false,
            "the search reads the files")
    }
}
