public import Foundation
public import VitniFormats
public import VitniStore

extension SessionNotes {
    /// A checklist change a participant makes.
    public enum ChecklistAction: String, Sendable { case tick, skip, undo }

    /// Sessions whose checklist can still change: after-interview items are ticked once the
    /// interview is closed, until the session is sealed.
    static let checklistStates: Set<SessionState> = [.open, .recording, .paused, .closed]

    /// Ticks, skips or undoes a protocol item, recording time, offset and actor.
    /// - Parameter comment: a note on a tick, or the reason for a skip (required), sealed.
    /// - Returns: the recorded event and, for a tick or skip out of phase order, the required
    ///   earlier items still open.
    @discardableResult
    public func checklist(
        _ action: ChecklistAction, item reference: String, in session: SessionRecord,
        protocol interviewProtocol: InterviewProtocol,
        actor: PublicIdentity, comment: String? = nil, offset: Int64? = nil, now: Date = Date()
    ) throws -> (event: ChecklistEventRecord, missingBefore: [Checklist.Entry]) {
        guard let (phase, _) = interviewProtocol.item(reference) else {
            throw VitniError.unknownProtocolItem(item: reference, protocolID: interviewProtocol.id)
        }
        if action == .skip, comment?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true {
            throw VitniError.invalidInput("skipping \(reference) needs a reason (--reason TEXT)")
        }
        try lifecycle.requireParticipant(actor, in: session)
        let sealedComment = try comment.map {
            try SealedValue.seal(NoteBody(text: $0, tags: []), to: lifecycle.recipients(of: session))
        }
        let time = Timestamp.string(now)
        let clock = offset ?? lifecycle.recordings.recordingClock(session, now: now).offset
        let sessionID = session.id
        do {
            let event = try workspace.appendChecklistEvent(sessionID: sessionID, whenSessionIn: Self.checklistStates) {
                events in
                let checklist = Checklist(interviewProtocol: interviewProtocol, events: events)
                let current = checklist.entry(reference)!
                switch (action, current.status) {
                case (.tick, .done):
                    throw VitniError.checklistConflict(
                        "\(reference) is already ticked (at \(current.time ?? "?")): undo it first to tick again")
                case (.skip, .done), (.skip, .skipped), (.tick, .skipped):
                    throw VitniError.checklistConflict(
                        "\(reference) is already \(current.status.rawValue): undo it first")
                case (.undo, .pending):
                    throw VitniError.checklistConflict("\(reference) has nothing to undo")
                default: break
                }
                let outOfOrder = action != .undo && !checklist.missingBefore(phase: phase.id).isEmpty
                return ChecklistEventRecord(
                    sessionID: sessionID, item: reference, action: action.rawValue, time: time,
                    offsetMilliseconds: clock,
                    actorKeyID: actor.keyID, outOfOrder: outOfOrder, comment: sealedComment)
            }
            let missing =
                event.outOfOrder
                ? Checklist(
                    interviewProtocol: interviewProtocol, events: try workspace.checklistEvents(sessionID: sessionID)
                )
                .missingBefore(phase: phase.id) : []
            return (event, missing)
        } catch StoreError.wrongState(let id, let state) {
            throw VitniError.sessionState(session: id, state: state.rawValue, action: "change its checklist")
        }
    }

    /// The session's checklist as it stands.
    public func checklist(of session: SessionRecord, protocol interviewProtocol: InterviewProtocol) throws -> Checklist
    {
        Checklist(interviewProtocol: interviewProtocol, events: try workspace.checklistEvents(sessionID: session.id))
    }
}

extension SessionNotes {
    /// The report for supervisors and courts; phases end at the close (or now, while open).
    public func checklistReport(of session: SessionRecord, protocol interviewProtocol: InterviewProtocol) throws
        -> ChecklistReport
    {
        let end =
            session.closedAt.flatMap(Timestamp.date).map { lifecycle.sessionClock(session, now: $0) }
            ?? lifecycle.sessionClock(session)
        return ChecklistReport(
            session: session.id, checklist: try checklist(of: session, protocol: interviewProtocol),
            endMilliseconds: end)
    }
}
