public import Foundation
public import VitniFormats
public import VitniStore

extension SessionNotes {
    /// A checklist change a participant makes.
    public enum ChecklistAction: String, Sendable { case tick, skip, undo }

    /// What one checklist command recorded.
    public struct ChecklistChange: Sendable {
        /// A phase entered while required items of earlier phases were open.
        public struct OutOfOrderPhase: Sendable {
            public var phase: String
            public var missingBefore: [Checklist.Entry]
        }

        public var events: [ChecklistEventRecord]
        public var outOfOrder: [OutOfOrderPhase]
        /// Where the events sit in the audio; outside a recording they have no offset.
        public var placement: Placement
    }

    /// Sessions whose checklist can still change: after-interview items are ticked once the
    /// interview is closed, until the session is sealed.
    static let checklistStates: Set<SessionState> = [.open, .recording, .paused, .closed]

    /// Ticks, skips or undoes one protocol item (see ``checklist(_:items:phases:in:protocol:actor:comment:offset:recording:now:)``).
    /// - Returns: the recorded event and, for a tick or skip out of phase order, the required
    ///   earlier items still open.
    @discardableResult
    public func checklist(
        _ action: ChecklistAction, item reference: String, in session: SessionRecord,
        protocol interviewProtocol: InterviewProtocol,
        actor: PublicIdentity, comment: String? = nil, offset: Int64? = nil, recording: Int? = nil, now: Date = Date()
    ) throws -> (event: ChecklistEventRecord, missingBefore: [Checklist.Entry]) {
        let change = try checklist(
            action, items: [reference], in: session, protocol: interviewProtocol, actor: actor, comment: comment,
            offset: offset, recording: recording, now: now)
        return (change.events[0], change.outOfOrder.first?.missingBefore ?? [])
    }

    /// Ticks, skips or undoes several protocol items at once — named, or every item of a phase
    /// the action applies to (the open ones for tick and skip, the ticked or skipped ones for
    /// undo) — all in one transaction: an unknown name or a conflict records nothing.
    /// - Parameters:
    ///   - items: `PHASE.ITEM` references.
    ///   - phases: phase ids.
    ///   - comment: a note on a tick, or the reason for a skip (required), sealed; shared by all.
    ///   - offset, recording: where in the audio (see ``placement(_:offset:recording:now:)``);
    ///     outside a recording the events have no offset.
    /// - Returns: the events in protocol order, and each phase entered out of order once.
    @discardableResult
    public func checklist(
        _ action: ChecklistAction, items: [String], phases: [String] = [], in session: SessionRecord,
        protocol interviewProtocol: InterviewProtocol, actor: PublicIdentity, comment: String? = nil,
        offset: Int64? = nil, recording: Int? = nil, now: Date = Date()
    ) throws -> ChecklistChange {
        let unknown =
            items.filter { interviewProtocol.item($0) == nil } + phases.filter { interviewProtocol.phase($0) == nil }
        guard unknown.isEmpty else {
            throw VitniError.unknownChecklistNames(
                unknown.map { ($0, ChecklistSuggestions.names(near: $0, in: interviewProtocol)) },
                protocolID: interviewProtocol.id)
        }
        guard !items.isEmpty || !phases.isEmpty else { throw VitniError.invalidInput("name an item or a phase") }
        if action == .skip, comment?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true {
            throw VitniError.invalidInput("skipping needs a reason (--reason TEXT)")
        }
        try lifecycle.requireParticipant(actor, in: session)
        let sealedComment = try comment.map {
            try SealedValue.seal(NoteBody(text: $0, tags: []), to: lifecycle.recipients(of: session))
        }
        let time = Timestamp.string(now)
        let placed = try placement(session, offset: offset, recording: recording, now: now)
        let sessionID = session.id
        do {
            let recorded = try workspace.appendChecklistEvents(
                sessionID: sessionID, whenSessionIn: Self.checklistStates
            ) {
                events in
                let targets = try Self.targets(
                    action, items: items, phases: phases,
                    in: Checklist(interviewProtocol: interviewProtocol, events: events))
                var added: [ChecklistEventRecord] = []
                for reference in targets {
                    let phase = String(reference.prefix { $0 != "." })
                    let sofar = Checklist(interviewProtocol: interviewProtocol, events: events + added)
                    added.append(
                        ChecklistEventRecord(
                            sessionID: sessionID, item: reference, action: action.rawValue, time: time,
                            offsetMilliseconds: placed.offset, actorKeyID: actor.keyID,
                            // Order is the interview's only inside a recording: ticks made
                            // afterwards, in any order, say nothing about it.
                            outOfOrder: action != .undo && !placed.outsideRecording
                                && !sofar.missingBefore(phase: phase).isEmpty,
                            comment: sealedComment, recording: placed.recording))
                }
                return added
            }
            return ChecklistChange(
                events: recorded, outOfOrder: try outOfOrderPhases(recorded, protocol: interviewProtocol),
                placement: placed)
        } catch StoreError.wrongState(let id, let state) {
            throw VitniError.sessionState(session: id, state: state.rawValue, action: "change its checklist")
        }
    }

    /// The items an action changes, in protocol order: every named item (each must allow it)
    /// and the items of each named phase that allow it.
    static func targets(
        _ action: ChecklistAction, items: [String], phases: [String], in checklist: Checklist
    ) throws -> [String] {
        var conflicts: [String] = []
        for reference in items {
            let current = checklist.entry(reference)!
            switch (action, current.status) {
            case (.tick, .done):
                conflicts.append(
                    "\(reference) is already ticked (at \(current.time ?? "?")): undo it first to tick again")
            case (.skip, .done), (.skip, .skipped), (.tick, .skipped):
                conflicts.append("\(reference) is already \(current.status.rawValue): undo it first")
            case (.undo, .pending):
                conflicts.append("\(reference) has nothing to undo")
            default: break
            }
        }
        guard conflicts.isEmpty else {
            throw VitniError.checklistConflict(
                conflicts.joined(separator: "; ") + (items.count > 1 ? ": nothing was recorded" : ""))
        }
        let chosen = Set(items).union(
            checklist.entries.filter { phases.contains($0.phase) && ($0.status == .pending) == (action != .undo) }
                .map(\.reference))
        guard !chosen.isEmpty else {
            throw VitniError.checklistConflict(
                "nothing to \(action.rawValue) in \(phases.joined(separator: ", ")): "
                    + (action == .undo ? "no item is ticked or skipped" : "every item is already ticked or skipped"))
        }
        return checklist.entries.map(\.reference).filter(chosen.contains)
    }

    /// For each phase an event entered out of order: the required earlier items that were
    /// open at its first such event.
    private func outOfOrderPhases(_ recorded: [ChecklistEventRecord], protocol interviewProtocol: InterviewProtocol)
        throws -> [ChecklistChange.OutOfOrderPhase]
    {
        guard recorded.contains(where: \.outOfOrder), let first = recorded.first?.id else { return [] }
        let before = try workspace.checklistEvents(sessionID: recorded[0].sessionID).filter { ($0.id ?? 0) < first }
        var phases: [ChecklistChange.OutOfOrderPhase] = []
        for (index, event) in recorded.enumerated() where event.outOfOrder {
            let phase = String(event.item.prefix { $0 != "." })
            guard !phases.contains(where: { $0.phase == phase }) else { continue }
            let sofar = Checklist(interviewProtocol: interviewProtocol, events: before + recorded[..<index])
            phases.append(.init(phase: phase, missingBefore: sofar.missingBefore(phase: phase)))
        }
        return phases
    }

    /// The session's checklist as it stands.
    public func checklist(of session: SessionRecord, protocol interviewProtocol: InterviewProtocol) throws -> Checklist
    {
        Checklist(interviewProtocol: interviewProtocol, events: try workspace.checklistEvents(sessionID: session.id))
    }
}

extension SessionNotes {
    /// The report for supervisors and courts; phases are timed by the ticks made inside a
    /// recording, up to that recording's end.
    public func checklistReport(of session: SessionRecord, protocol interviewProtocol: InterviewProtocol) throws
        -> ChecklistReport
    {
        var lengths: [Int: Int64] = [:]
        for recording in try workspace.recordings(sessionID: session.id) {
            lengths[recording.number] = recording.milliseconds(recording.frames ?? recording.durableFrames)
        }
        if let live = try liveRecording(of: session) {
            lengths[live.number] = lifecycle.recordings.recordingClock(session).offset
        }
        let forced = try workspace.sessionEvents(sessionID: session.id).last { $0.forcedNote != nil }.map {
            ChecklistReport.ForcedClose(time: $0.time, actor: $0.actorKeyID, note: $0.forcedNote!)
        }
        return ChecklistReport(
            session: session.id, checklist: try checklist(of: session, protocol: interviewProtocol),
            recordingLengths: lengths, forcedClose: forced)
    }
}
