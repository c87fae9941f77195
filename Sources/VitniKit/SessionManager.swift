public import Foundation
public import VitniCrypto
public import VitniFormats
public import VitniStore

/// Conducting sessions in a workspace: lifecycle, notes, checklists. Writing needs public keys
/// only — every identifying or narrative fact is sealed before it reaches the catalogue — so the
/// interviewing machine holds no secret that opens the interview.
///
/// Each session has its own X25519 key pair. What is written is sealed to the session's public
/// key; the session's secret key is sealed (as an age file) to the participants and other
/// recipients, and thrown away. Reading back unwraps the session key once — one request to an
/// unlocked agent — and then opens thousands of notes locally.
public struct SessionManager: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    static let activeStates: Set<SessionState> = [.open, .recording, .paused]

    /// Starts a session for `caseID`, numbered after the case's previous ones.
    /// - Parameters:
    ///   - source: the protocol followed; its bytes are kept with the session and sealed with it.
    ///   - interviewer: conducts the interview; every participant is also a recipient.
    ///   - extraRecipients: others who may read the evidence (e.g. the records office).
    public func start(
        caseID: String, protocol source: ProtocolSource, interviewer: PublicIdentity,
        observers: [PublicIdentity], extraRecipients: [Age.X25519Recipient], childReference: String?,
        language: String?, now: Date = Date()
    ) throws -> SessionRecord {
        try Self.validate(caseID: caseID)
        let people = [interviewer] + observers
        var recipients = try people.map { try $0.recipient() }
        for recipient in extraRecipients where !recipients.contains(recipient) { recipients.append(recipient) }
        let details = SessionDetails(
            childReference: childReference, language: language, participants: people.map(Participant.init))
        let sessionIdentity = Age.X25519Identity.generate()
        let sessionKey = try SealedValue.seal(secret: sessionIdentity.encoded, to: recipients)
        let sessionRecipient = sessionIdentity.recipient
        let sealedDetails = try SealedValue.seal(details, to: [sessionRecipient])
        let time = Timestamp.string(now)
        let recipientList = recipients.map(\.encoded)
        return try workspace.insertSession(
            caseID: caseID,
            make: { number in
                SessionRecord(
                    id: String(format: "%@_S%02d", caseID, number), caseID: caseID, number: number,
                    protocolID: source.interviewProtocol.id, protocolVersion: source.interviewProtocol.version,
                    state: .open, language: language, createdAt: time, closedAt: nil,
                    interviewerKeyID: interviewer.keyID,
                    participants: people.map(\.keyID), recipients: recipientList,
                    sessionRecipient: sessionRecipient.encoded, sessionKey: sessionKey, details: sealedDetails,
                    protocolYAML: Data(source.yaml), protocolSHA256: source.sha256)
            }, startedBy: interviewer.keyID, at: time)
    }

    /// The named session, or the only one being conducted when `id` is nil.
    public func session(_ id: String?) throws -> SessionRecord {
        if let id { return try workspace.namedSession(id) }
        let active = try workspace.activeSessions()
        guard let only = active.first else { throw VitniError.noActiveSession }
        guard active.count == 1 else { throw VitniError.ambiguousSession(active.map(\.id)) }
        return only
    }

    /// Pauses, resumes or closes a session, recording who, when and (sealed) why. A close is
    /// refused while work is unfinished (``unfinishedWork(of:)``) unless `force` is set with a
    /// reason; that reason is then also kept as a note, sealed with the session.
    /// - Throws: `VitniError.closeRefused` listing what is unfinished.
    public func change(
        _ change: LifecycleChange, session: SessionRecord, actor: PublicIdentity, reason: String?, force: Bool = false,
        now: Date = Date()
    ) throws -> SessionRecord {
        try requireParticipant(actor, in: session)
        let forcedNote =
            change == .close && change.allowedFrom.contains(session.state)
            ? try forcedCloseNote(session, actor: actor, reason: reason, force: force, now: now) : nil
        let sealedReason = try reason.map {
            try SealedValue.seal(NoteBody(text: $0, tags: []), to: recipients(of: session))
        }
        let event = SessionEventRecord(
            sessionID: session.id, time: Timestamp.string(now), offsetMilliseconds: sessionClock(session, now: now),
            actorKeyID: actor.keyID, action: change.rawValue, reason: sealedReason, forcedNote: forcedNote?.noteID)
        do {
            return try workspace.transition(
                sessionID: session.id, from: change.allowedFrom, to: change.target, event: event,
                closedAt: change == .close ? Timestamp.string(now) : nil, note: forcedNote)
        } catch StoreError.wrongState(let id, let state) {
            throw VitniError.sessionState(session: id, state: state.rawValue, action: change.rawValue)
        }
    }

    /// Milliseconds since the session started: the offset clock until a recording supplies one.
    public func sessionClock(_ session: SessionRecord, now: Date = Date()) -> Int64 {
        guard let start = Timestamp.date(session.createdAt) else { return 0 }
        return max(0, Int64((now.timeIntervalSince(start) * 1000).rounded()))
    }

    /// Whom everything written during the session is sealed to: the session's own key.
    func recipients(of session: SessionRecord) throws -> [Age.X25519Recipient] {
        [try Age.X25519Recipient(session.sessionRecipient)]
    }

    /// Opens the session's key with `identities` (one agent request, or a local identity).
    public func sessionIdentity(of session: SessionRecord, identities: [any AgeIdentity]) throws -> Age.X25519Identity {
        try VitniError.wrap(file: "session \(session.id)", identities: identities) {
            let text = try SealedValue.openSecret(session.sessionKey, identities: identities)
            return try Age.parseIdentities(fileContents: text)[0]
        }
    }

    /// - Throws: `VitniError.notAParticipant` unless `identity` is one of the session's people.
    public func requireParticipant(_ identity: PublicIdentity, in session: SessionRecord) throws {
        guard session.participants.contains(identity.keyID) else {
            throw VitniError.notAParticipant(name: identity.name, session: session.id)
        }
    }

    /// Case ids name bundles and folders, so they use the bag-safe alphabet.
    static func validate(caseID: String) throws {
        let safe = caseID.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
        guard safe, (1...64).contains(caseID.utf8.count), caseID.first != "." else {
            throw VitniError.invalidInput("invalid case id '\(caseID)': use letters, digits, '-' and '.' (1–64)")
        }
    }
}

/// The lifecycle changes a person makes by hand (recording adds its own).
public enum LifecycleChange: String, Sendable, CaseIterable {
    case pause, resume, close

    var allowedFrom: Set<SessionState> {
        switch self {
        case .pause: [.open, .recording]
        case .resume: [.paused]
        case .close: [.open, .recording, .paused]
        }
    }

    var target: SessionState {
        switch self {
        case .pause: .paused
        case .resume: .open
        case .close: .closed
        }
    }
}
