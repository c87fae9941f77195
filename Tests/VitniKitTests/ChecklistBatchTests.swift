import Foundation
import Testing
import VitniFormats
import VitniKit
import VitniStore

/// Checklist commands over several items or phases, placement in the recordings, and the
/// close that checks the work is done.
@Suite struct ChecklistBatchTests {
    @Test func aBatchIsRecordedWholeOrNotAtAll() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        do {
            try f.manager.notes.checklist(
                .tick, items: ["intro.name", "intro.rulez", "invite"], in: f.session, protocol: testProtocol,
                actor: anna)
            Issue.record("a batch with unknown items was recorded")
        } catch let error as VitniError {
            #expect(
                error.description.contains("'intro.rulez' is not an item of protocol test (did you mean intro.rules?)"))
            #expect(
                error.description.contains("'invite' is not an item of protocol test (did you mean recall.invite?)"))
        }
        try f.manager.notes.checklist(.tick, item: "intro.rules", in: f.session, protocol: testProtocol, actor: anna)
        // One conflict refuses the whole batch.
        #expect(throws: VitniError.self) {
            try f.manager.notes.checklist(
                .tick, items: ["intro.name", "intro.rules"], in: f.session, protocol: testProtocol, actor: anna)
        }
        #expect(try f.manager.workspace.checklistEvents(sessionID: f.session.id).count == 1)
        // A phase takes only its open items; ticking the rest of intro does not touch intro.rules.
        let change = try f.manager.notes.checklist(
            .tick, items: [], phases: ["intro", "recall"], in: f.session, protocol: testProtocol, actor: anna)
        #expect(change.events.map(\.item) == ["intro.name", "recall.invite"])
        #expect(change.placement.outsideRecording)
        #expect(change.events.allSatisfy { $0.offsetMilliseconds == nil && $0.recording == nil })
        #expect(throws: VitniError.self) {
            try f.manager.notes.checklist(
                .tick, items: [], phases: ["intro"], in: f.session, protocol: testProtocol, actor: anna)
        }
    }

    @Test func outOfOrderIsReportedOncePerPhaseInsideARecording() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        let change = try f.manager.notes.checklist(
            .skip, items: ["recall.invite", "close.thanks"], in: f.session, protocol: testProtocol, actor: anna,
            comment: "not needed", offset: 2_000, recording: 1)
        #expect(change.events.allSatisfy { $0.outOfOrder })
        #expect(change.outOfOrder.map(\.phase) == ["recall", "close"])
        #expect(change.outOfOrder[0].missingBefore.map(\.reference) == ["intro.name", "intro.rules"])
        // The same ticks after the recording say nothing about the interview's order.
        let after = try f.manager.notes.checklist(
            .undo, items: ["recall.invite"], in: f.session, protocol: testProtocol, actor: anna)
        #expect(after.outOfOrder.isEmpty)
        let late = try f.manager.notes.checklist(
            .tick, items: ["recall.invite"], in: f.session, protocol: testProtocol, actor: anna)
        #expect(late.outOfOrder.isEmpty && !late.events[0].outOfOrder)
    }

    @Test func ticksOutsideARecordingCountNoPhaseTime() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        try f.manager.notes.checklist(
            .tick, item: "intro.name", in: f.session, protocol: testProtocol, actor: anna, offset: 1_000, recording: 1)
        try f.manager.notes.checklist(.tick, item: "recall.invite", in: f.session, protocol: testProtocol, actor: anna)
        try f.manager.notes.checklist(
            .tick, item: "close.thanks", in: f.session, protocol: testProtocol, actor: anna, offset: 50_000,
            recording: 1)
        let report = ChecklistReport(
            session: f.session.id, checklist: try f.manager.notes.checklist(of: f.session, protocol: testProtocol),
            recordingLengths: [1: 10_000])
        // Entered at 1 s in recording 1; recall (after the audio) and close (past its end) do not end it.
        #expect(report.phases[0].startMilliseconds == 1_000)
        #expect(report.phases[0].startRecording == 1)
        #expect(report.phases[0].durationMilliseconds == 9_000)
        #expect(report.phases[1].startMilliseconds == nil && report.phases[1].durationMilliseconds == nil)
        #expect(report.phases[1].done == 1, "still counted as done")
        #expect(report.phases[2].startMilliseconds == nil)
    }

    @Test func aNoteOutsideARecordingHasNoOffsetAndIsFlagged() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        let outside = try f.manager.notes.add(to: f.session, author: anna, kind: .observation, text: "before")
        #expect(outside.outsideRecording && outside.offsetMilliseconds == nil)
        let inside = try f.manager.notes.add(
            to: f.session, author: anna, kind: .observation, text: "typed in the recorder", offset: 3_000, recording: 2)
        #expect(!inside.outsideRecording && inside.recording == 2)
        let notes = try f.manager.notes.all(of: f.session, identities: [f.interviewer.identity])
        #expect(notes.first { $0.text == "before" }?.outsideRecording == true)
        #expect(notes.first { $0.text == "typed in the recorder" }?.outsideRecording == nil)
    }

    @Test func closeListsUnfinishedRecordingsAndItems() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        _ = try f.manager.workspace.insertRecording(sessionID: f.session.id, whenSessionIn: [.open], capturing: false) {
            number in
            RecordingRecord(
                sessionID: f.session.id, number: number, state: .stopped, source: "import", sampleRate: 16_000,
                channels: 1, sampleFormat: "s16le", startedAt: "2026-11-02T09:30:00.000Z", file: "audio/x",
                container: "pcm")
        }
        try f.manager.notes.checklist(.tick, item: "intro.name", in: f.session, protocol: testProtocol, actor: anna)
        do {
            _ = try f.manager.change(.close, session: f.session, actor: anna, reason: nil)
            Issue.record("closed with work unfinished")
        } catch VitniError.closeRefused(_, let unfinished) {
            #expect(
                unfinished == [
                    "recording 1 is stopped, not finalised: run `vitni finalise`",
                    "intro: 1 required item neither done nor skipped: intro.rules",
                    "recall: 1 required item neither done nor skipped: recall.invite",
                ])
        }
        #expect(try f.current.state == .open)
        #expect(throws: VitniError.self) {
            try f.manager.change(.close, session: f.session, actor: anna, reason: " ", force: true)
        }
        let closed = try f.manager.change(
            .close, session: f.session, actor: anna, reason: "equipment failed", force: true)
        #expect(closed.state == .closed)
        let report = try f.manager.notes.checklistReport(of: closed, protocol: testProtocol)
        let note = try #require(report.forcedClose?.note)
        let kept = try f.manager.notes.all(of: closed, identities: [f.interviewer.identity]).first { $0.id == note }
        #expect(kept?.text.hasPrefix("Closed with work unfinished (session close --force): equipment failed") == true)
        #expect(kept?.text.contains("recall.invite") == true)
    }
}
