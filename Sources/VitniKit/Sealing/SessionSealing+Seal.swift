import Foundation
import VitniAudio
public import VitniCrypto
public import VitniFormats
public import VitniStore

extension SessionSealing {
    /// What sealing produced.
    public struct SealResult: Sendable {
        /// The bundle: its directory, or with `tar` its `.tar` archive (the one form written).
        public var bundle: String
        public var receipt: CustodyLog.Receipt
        public var files: Int
    }

    /// The named session, or the only closed one (the one waiting to be sealed) when `id` is nil.
    /// - Throws: `VitniError.invalidInput` when no session, or more than one, is closed.
    public func sessionToSeal(_ id: String?) throws -> SessionRecord {
        if let id { return try workspace.namedSession(id) }
        let closed = try workspace.sessions(state: .closed)
        guard closed.count == 1 else {
            throw VitniError.invalidInput(
                closed.isEmpty
                    ? "no closed session to seal: close it first (`vitni session close`)"
                    : "several closed sessions: name one with --session")
        }
        return closed[0]
    }

    /// Seals a closed session into a BagIt bundle under `directory` (created if need be): every file encrypted to
    /// the session's people (recordings taken as they are, already encrypted: linked, or copied to another file
    /// system; notes, checklist and session facts sealed afresh), hashed as it is written, the custody log's
    /// `sealed` event and the seal signed by `signer`. Built beside the destination and renamed
    /// into place, so a crash leaves no bundle or a complete one. The session is then marked
    /// sealed and its working audio removed.
    /// - Parameters:
    ///   - identities: open the session key (notes and facts are re-encrypted to the readers).
    ///   - organization: `Source-Organization` in bag-info.txt.
    ///   - tar: write the bundle in its single-file form, `<id>.tar`, instead of a directory: the
    ///     archive is the bundle (verified, read and given custody events in place), so no copy
    ///     beside it can go stale.
    public func seal(
        _ session: SessionRecord, into directory: String, signer: any BundleSigner, identities: [any AgeIdentity],
        organization: String, tar: Bool = false, interviewProtocol: InterviewProtocol? = nil
    ) throws -> SealResult {
        guard session.state == .closed else {
            throw VitniError.sessionState(
                session: session.id, state: session.state.rawValue, action: "seal (close it first)")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let recordings = try workspace.recordings(sessionID: session.id)
        if let unfinished = recordings.first(where: { $0.state != .finalised }) {
            throw VitniError.invalidInput(
                "recording \(unfinished.number) of \(session.id) is \(unfinished.state.rawValue): "
                    + (unfinished.state == .capturing || unfinished.state == .interrupted
                        ? "run `vitni recover`, then `vitni finalise`" : "run `vitni finalise`") + " before sealing")
        }
        let key = try lifecycle.sessionIdentity(of: session, identities: identities)
        let details = try lifecycle.details(of: session, sessionKey: key)
        let notes = try lifecycle.notes.all(of: session, sessionKey: key)
        let readers = try lifecycle.recordings.audioRecipients(of: session)
        var file = SessionFile(
            caseID: session.caseID, sessionID: session.id, protocolID: session.protocolID,
            protocolVersion: session.protocolVersion, language: session.language,
            childReference: details.childReference,
            participants: details.participants, recipients: readers.map(\.encoded), createdAt: session.createdAt,
            closedAt: session.closedAt,
            events: try workspace.sessionEvents(sessionID: session.id).map {
                SessionFile.Event(
                    time: $0.time, action: $0.action, offsetMilliseconds: $0.offsetMilliseconds, actor: $0.actorKeyID,
                    forcedNote: $0.forcedNote)
            },
            recordings: [], plaintextSHA256: [:])
        let followed = try lifecycle.protocolSource(of: session)
        file.protocolSHA256 = followed.sha256
        var payloads: [(path: String, plaintext: [UInt8])] = []
        payloads.append((BundleLayout.protocolFile, followed.yaml))
        payloads.append((BundleLayout.notes, try JSONLines.encode(notes)))
        payloads.append(
            (
                BundleLayout.checklist,
                try checklistFile(session, protocol: interviewProtocol ?? followed.interviewProtocol)
            ))
        if let record = try workspace.currentTranscript(sessionID: session.id, kind: .original) {
            let transcript = try lifecycle.transcripts.openTranscript(record, key: key)
            payloads.append((BundleLayout.transcript, Array(WebVTT.render(transcript).utf8)))
        }
        for (path, plaintext) in payloads { file.plaintextSHA256[path] = Hex.encode(Hashing.sha256(plaintext)) }
        for recording in recordings {
            let path = BundleLayout.audio(number: recording.number, container: recording.container)
            file.plaintextSHA256[path] = recording.plaintextSHA256
            file.recordings.append(
                SessionFile.Recording(
                    number: recording.number, file: path, container: recording.container,
                    sampleRate: recording.sampleRate,
                    channels: recording.channels, sampleFormat: recording.sampleFormat, frames: recording.frames ?? 0,
                    durationMilliseconds: recording.milliseconds(recording.frames ?? 0), startedAt: recording.startedAt,
                    stoppedAt: recording.stoppedAt, source: recording.source, sourceSHA256: recording.sourceSHA256,
                    recovered: recording.recovered, lostMilliseconds: recording.lostMilliseconds,
                    ending: recording.stopReason))
        }
        payloads.append((BundleLayout.session, try file.encoded()))

        let destination = directory + "/" + session.id + (tar ? ".tar" : "")
        Self.removeAbandonedPartials(of: session.id, in: directory)
        // A session is sealed once, in one form: a bundle of the other form is the one to adopt.
        if let existing = [destination, directory + "/" + session.id + (tar ? "" : ".tar")].first(
            where: BundleIO.exists)
        {
            // A seal that finished its bundle but was stopped before recording it: that bundle is
            // kept only when it is provably this session's, sealed from this workspace.
            let report = try Self.bundleSealedFrom(
                file, at: existing, signer: signer, identities: identities)
            _ = try workspace.markSealed(sessionID: session.id, actorKeyID: signer.keyID, at: Timestamp.string(Date()))
            try? FileManager.default.removeItem(atPath: workspace.directory + "/audio/" + session.id)
            return SealResult(bundle: existing, receipt: report.receipt, files: report.files)
        }
        let writer = try BagWriter(
            destination: destination, form: tar ? .tar : .directory,
            metadata: BagWriter.Metadata(
                bundleID: session.id, sourceOrganization: organization, protocolID: session.protocolID),
            signer: signer)
        // The recordings are already encrypted: the bundle takes the working files as they are (a
        // second name on the same file system, else a copy), and their working names go only once
        // the bundle has verified.
        for recording in recordings {
            try writer.addPayload(
                path: BundleLayout.audio(number: recording.number, container: recording.container),
                linking: lifecycle.recordings.path(of: recording))
        }
        for (path, plaintext) in payloads {
            try writer.addPayload(path: path) { sink in
                let encryptor = try Age.Encryptor(recipients: readers, to: sink)
                try encryptor.write(plaintext)
                try encryptor.finish()
            }
        }
        let result = try writer.finish(detail: ["session": .string(session.id), "case": .string(session.caseID)])
        // The working audio goes only once the bundle holding it has verified, every byte.
        _ = try Self.bundleSealedFrom(file, at: result.path, signer: signer, identities: identities)
        _ = try workspace.markSealed(sessionID: session.id, actorKeyID: signer.keyID, at: Timestamp.string(Date()))
        try? FileManager.default.removeItem(atPath: workspace.directory + "/audio/" + session.id)
        return SealResult(bundle: result.path, receipt: result.receipt, files: result.files.count)
    }

    /// The checklist as sealed: the report per phase and every state change (comments stay
    /// with the catalogue's sealed copy).
    private func checklistFile(_ session: SessionRecord, protocol loaded: InterviewProtocol) throws -> [UInt8] {
        let report = try lifecycle.notes.checklistReport(of: session, protocol: loaded)
        let events = try workspace.checklistEvents(sessionID: session.id).map {
            ChecklistFile.Event(
                item: $0.item, action: $0.action, time: $0.time, offsetMilliseconds: $0.offsetMilliseconds,
                actor: $0.actorKeyID, outOfOrder: $0.outOfOrder, recording: $0.recording,
                outsideRecording: $0.recording == nil ? true : nil)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(
            try encoder.encode(
                ChecklistFile(protocolID: loaded.id, protocolVersion: loaded.version, report: report, events: events)))
            + [0x0A]
    }

    /// Verifies the bundle at `path` in full against the signer's key and checks that its
    /// session facts are, byte for byte, the ones this workspace seals for the session (so it
    /// is this session's, sealed here, not another workspace's session of the same id).
    /// - Returns: the bundle's last receipt and file count.
    /// - Throws: `VitniError.invalidInput` naming why the bundle is not this session's.
    static func bundleSealedFrom(
        _ facts: SessionFile, at path: String, signer: any BundleSigner, identities: [any AgeIdentity]
    ) throws -> (receipt: CustodyLog.Receipt, files: Int) {
        let refusal = "\(path) already exists and is not this session's bundle sealed from this workspace"
        let hint = ": move it away; nothing was changed and the session keeps its audio"
        let trust = BundleTrust(keys: [signer.publicKey])
        let verified = BundleVerifier(options: .init(trust: trust)).verifyForReading(bundle: path)
        guard verified.report.outcome == .valid, let manifest = verified.manifest, let custody = verified.custody,
            let storage = verified.storage, let last = custody.last
        else {
            throw VitniError.invalidInput(refusal + " (it does not verify as sealed by \(signer.keyID))" + hint)
        }
        let bundle = VerifiedBundle(storage: storage, manifest: manifest, custody: custody, trust: trust)
        let sealed = try? bundle.decrypt(BundleLayout.session, identities: identities, limit: 16 << 20)
        guard let sealed, sealed == (try facts.encoded()) else {
            throw VitniError.invalidInput(refusal + " (its session facts differ)" + hint)
        }
        let receipt = CustodyLog.Receipt(
            seq: last.event.seq, action: last.event.action, time: last.event.time.text, head: last.hash)
        return (receipt, verified.report.files.count)
    }

    /// Hidden partial bundles of this session left by a seal or export that was killed: never
    /// evidence on their own (the working session still holds everything), so they are cleared
    /// unless a live writer holds one.
    static func removeAbandonedPartials(of id: String, in directory: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where name.hasPrefix("." + id + ".partial-") || name.hasPrefix("." + id + ".tar.partial-")
            || name.hasPrefix("." + stagedExportPrefix(id)) || name.hasPrefix(audioScratchPrefix(id))
        {
            let path = directory + "/" + name
            // A live writer holds its partial bundle (directory or archive) locked.
            if (try? BundleLock.attempt(path)) == nil { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
