public import Foundation
public import VitniCrypto
public import VitniFormats

/// Every failure VitniKit reports: each names the file or thing involved, the check that failed,
/// and what to do next, and maps to a documented exit code. None carries key material,
/// plaintext or a passphrase.
public enum VitniError: ReportableError {
    case invalidName(String)
    case identityExists(String)
    case identityNotFound(String)
    case keyFilePermissions(path: String, mode: UInt16)
    case malformedFile(path: String, reason: String)
    case passphrase(String)
    case trustEntryNotFound(String)
    case unknownRecipient(String)
    /// A Vitni 1.0 public identity file, without the self-signature that binds its fields.
    case identityUnsigned(path: String, name: String)
    /// A public identity file whose self-signature does not verify.
    case identitySignatureInvalid(path: String)
    /// The files of one identity directory do not belong together (swapped or replaced).
    case identityMismatch(directory: String, reason: String)
    /// `trust add` of a file that would change what an existing entry means.
    case trustConflict(TrustConflict)
    /// A directory under VITNI_HOME that others can enter or change.
    case directoryPermissions(path: String, mode: UInt16?)
    /// A passphrase file others can read.
    case passphraseFilePermissions(path: String, mode: UInt16)
    /// A cryptographic failure on a particular file.
    case crypto(file: String, CryptoError)
    case io(path: String, operation: String, code: Int32)
    /// A protocol file failed the schema check (the error names file, line and field).
    case protocolInvalid(ProtocolError)
    /// No protocol with this id in the searched directories.
    case protocolNotFound(id: String, known: [String])
    /// None of the protocol directories exists.
    case noProtocolDirectory(searched: [String])
    /// No agent answers on the socket of this VITNI_HOME.
    case agentNotRunning(socket: String)
    /// The agent answered, but none of its identities opens the file.
    case agentNoMatchingIdentity(file: String)
    /// The agent's directory is not a private directory of this user (mode nil: not even a
    /// directory owned by them).
    case agentInsecureDirectory(path: String, mode: UInt16?)
    case agentAlreadyRunning(socket: String)
    /// Any other agent failure: it could not start, or it answered outside the protocol.
    case agentFailure(String, hint: String?)
    case noActiveSession
    case ambiguousSession([String])
    /// No session with this id in the workspace; `closest` is the catalogue's nearest id, if any is near.
    case unknownSession(String, closest: String?)
    case sessionState(session: String, state: String, action: String)
    case notAParticipant(name: String, session: String)
    case invalidInput(String)
    case unknownProtocolItem(item: String, protocolID: String)
    case checklistConflict(String)
    /// Names in one checklist command that the protocol does not have, each with its nearest
    /// names; nothing of the command was recorded.
    case unknownChecklistNames([(typed: String, suggestions: [String])], protocolID: String)
    /// `session close` found work unfinished: one line per recording or phase.
    case closeRefused(session: String, unfinished: [String])
    /// A recorder still holds this live recording.
    case recordingBusy(path: String)
    /// A live recording cannot be restored (the reason says which part is damaged).
    case unrecoverable(path: String, reason: String)
    /// Audio that cannot be used (unsupported, corrupt, empty, or the wrong sample format).
    case audio(path: String, reason: String)
    /// A transcript that cannot be used: malformed (file and line) or not matching the session
    /// (the offending utterance).
    case transcript(file: String, TranscriptError)

    /// 1 = the input failed a check (integrity, authentication, wrong key or passphrase);
    /// 2 = the operation could not be carried out (missing or unreadable file, bad configuration).
    public var exitStatus: ExitStatus {
        switch self {
        case .crypto(_, let error): error.exitStatus
        case .passphrase, .protocolInvalid, .agentNoMatchingIdentity, .notAParticipant, .unrecoverable, .audio,
            .transcript, .identitySignatureInvalid, .identityMismatch:
            .failedCheck
        default: .couldNotCarryOut
        }
    }

    /// A line telling the user what to do next, when there is one.
    public var hint: String? {
        switch self {
        case .invalidName: "names use letters, digits, '.', '_' and '-' (1–64, not starting with '.')"
        case .identityExists:
            "choose another name, or remove the existing identity directory by hand if it is truly unused"
        case .identityNotFound: "`vitni key list` shows the identities in VITNI_HOME"
        case .keyFilePermissions(let path, _): "run `chmod 600 \(path)` if the file is yours and was never shared"
        case .trustEntryNotFound: "`vitni trust list` shows trusted keys"
        case .protocolInvalid(let error): error.hint
        case .protocolNotFound: "`vitni protocol list` shows the protocols found; VITNI_PROTOCOLS adds directories"
        case .noProtocolDirectory:
            "set VITNI_PROTOCOLS to a directory of protocol files (several separated by ':')"
        case .unknownRecipient: "give an age1… recipient, an identity name from `vitni key list`, or a trusted name"
        case .agentNotRunning: "no agent is running: run `vitni unlock NAME`"
        case .agentNoMatchingIdentity:
            "`vitni agent status` lists the unlocked identities; `vitni unlock NAME` adds one the file was encrypted to"
        case .agentInsecureDirectory(let path, let mode):
            mode == nil ? "remove \(path) if you did not create it, then unlock again" : "run `chmod 700 \(path)`"
        case .agentAlreadyRunning: "`vitni agent status` shows it; `vitni lock` ends it"
        case .agentFailure(_, let hint): hint
        case .noActiveSession: "start one with `vitni session start`, or name a session with --session"
        case .ambiguousSession: "name one with --session (`vitni list --state open` shows them)"
        case .unknownSession(_, let closest?): "did you mean '\(closest)'? `vitni list` shows this workspace's sessions"
        case .unknownSession: "`vitni list` shows this workspace's sessions"
        case .sessionState(let session, "paused", _): "`vitni session resume --session \(session)` first"
        case .sessionState(let session, "recording", _):
            "if its recorder is still running, stop it there (/stop or Ctrl-C); if it crashed or lost power, "
                + "`vitni recover --session \(session)` restores the recording and reopens the session"
        case .sessionState(let session, _, _): "`vitni show \(session)` shows its state and history"
        case .notAParticipant:
            "act as a participant with --as NAME, or start the session with this identity as an observer"
        case .unknownProtocolItem(_, let id), .unknownChecklistNames(_, let id):
            "`vitni protocol show \(id)` lists the items as PHASE.ITEM"
        case .closeRefused:
            "finish these first, or close anyway with --force --reason TEXT (the reason is kept, encrypted, with the session)"
        case .transcript(_, let error):
            error.hint ?? "check that the transcript belongs to this session's recording and its times are right"
        case .recordingBusy: "stop the recorder first (Ctrl-C or /stop in its terminal); recover only after it has gone"
        case .unrecoverable: "keep the files as they are and contact support: nothing was removed"
        case .audio: "check that the file is a complete WAV, FLAC or Ogg recording; nothing was changed"
        case .crypto(_, let error): error.hint
        case .identityUnsigned, .identitySignatureInvalid, .identityMismatch, .trustConflict, .directoryPermissions,
            .passphraseFilePermissions:
            keyFileHint
        default: nil
        }
    }
}

extension VitniError: LocalizedError, CustomStringConvertible {
    public var description: String { errorDescription ?? "error" }

    public var errorDescription: String? {
        switch self {
        case .invalidName(let name): "invalid name '\(name)'"
        case .identityExists(let name): "an identity named '\(name)' already exists"
        case .identityNotFound(let name): "no identity named '\(name)'"
        case .keyFilePermissions(let path, let mode):
            "\(path): key file permissions \(String(mode, radix: 8)) are too open: it must be readable by its owner only (0600)"
        case .malformedFile(let path, let reason): "\(path): \(reason)"
        case .passphrase(let reason): "passphrase: \(reason)"
        case .trustEntryNotFound(let key): "no trusted key matches '\(key)'"
        case .identityUnsigned, .identitySignatureInvalid, .identityMismatch, .trustConflict, .directoryPermissions,
            .passphraseFilePermissions:
            keyFileDescription
        case .unknownRecipient(let text): "'\(text)' is not a recipient Vitni knows"
        case .crypto(let file, let error): "\(file): \(error)"
        case .io(let path, let operation, let code): "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        case .protocolInvalid(let error): error.description
        case .protocolNotFound(let id, let known):
            known.isEmpty
                ? "no protocol with id '\(id)'; no protocols were found"
                : "no protocol with id '\(id)'; known: \(known.joined(separator: ", "))"
        case .noProtocolDirectory(let searched):
            "no protocols directory found (searched: \(searched.joined(separator: ", ")))"
        case .agentNotRunning(let socket): "no agent is running for this VITNI_HOME (nothing listens on \(socket))"
        case .agentNoMatchingIdentity(let file): "\(file): the agent holds no identity for this file"
        case .agentInsecureDirectory(let path, let mode):
            mode.map {
                "\(path): the agent directory is open to other users (mode \(String($0, radix: 8))): it must be 0700"
            }
                ?? "\(path): the agent directory is not a directory owned by you"
        case .agentAlreadyRunning(let socket): "an agent is already running on \(socket)"
        case .agentFailure(let message, _): "agent: \(message)"
        case .noActiveSession: "no session is open"
        case .ambiguousSession(let ids): "several sessions are open: \(ids.joined(separator: ", "))"
        case .unknownSession(let id, _): "no session '\(id)' in this workspace"
        case .sessionState(let session, let state, let action): "session \(session) is \(state): cannot \(action)"
        case .notAParticipant(let name, let session): "'\(name)' is not a participant of session \(session)"
        case .invalidInput(let message): message
        case .unknownProtocolItem(let item, let id): "'\(item)' is not an item of protocol \(id)"
        case .checklistConflict(let message): message
        case .unknownChecklistNames(let names, let id):
            names.map { name in
                "'\(name.typed)' is not an item of protocol \(id)"
                    + (name.suggestions.isEmpty ? "" : " (did you mean \(name.suggestions.joined(separator: ", "))?)")
            }.joined(separator: "; ") + ": nothing was recorded"
        case .closeRefused(let session, let unfinished):
            (["session \(session) is not ready to close:"] + unfinished.map { "  " + $0 }).joined(separator: "\n")
        case .recordingBusy(let path): "\(path): a recorder is still capturing this recording"
        case .unrecoverable(let path, let reason): "\(path): cannot recover the recording: \(reason)"
        case .audio(let path, let reason): "\(path): \(reason)"
        case .transcript(let file, let error):
            if let line = error.line {
                "\(file):\(line): \(error.format?.displayName ?? "transcript"): \(error.reason)"
            } else {
                "\(file): \(error.description)"
            }
        }
    }
}

extension VitniError {
    /// Attaches a file name to whatever failed while processing it.
    public static func wrap<T>(file: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as CryptoError {
            throw VitniError.crypto(file: file, error)
        }
    }
}
