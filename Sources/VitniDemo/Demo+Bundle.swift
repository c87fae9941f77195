import Foundation
import VitniAudio
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore

extension Demo {
    /// Records the sample interview through the live recorder's own pipeline — audio arriving on
    /// a pipe, as from `arecord | vitni record` — logging the sample notes as their offsets pass.
    func recordSample(
        manager: SessionManager, session: SessionRecord, notes: [SampleNote], people: [PublicIdentity],
        protocol interviewProtocol: InterviewProtocol, reader: any AgeIdentity, log: (String) -> Void
    ) throws -> RecordingRecord {
        log("   recording samples/interview.flac through a pipe, encrypted as it arrives (as `vitni record` does)")
        let pipe = Pipe()
        let file = samples + "/interview.flac"
        let feeder = Thread {
            if let data = FileManager.default.contents(atPath: file) {
                try? pipe.fileHandleForWriting.write(contentsOf: data)
            }
            try? pipe.fileHandleForWriting.close()
        }
        feeder.start()
        let source = try AudioInput.open(
            FileDescriptorAudioInput(fileHandle: pipe.fileHandleForReading, name: "<pipe>"), name: "<pipe>", rate: nil,
            channels: nil, encoding: nil)
        let recorder = try Recorder(
            manager: manager, session: session, source: source, sourceName: "stdin", meter: AudioInput.meter)
        var pending = notes.sorted { $0.offsetMilliseconds < $1.offsetMilliseconds }
        var failure: (any Error)?
        let addNote = { (sample: SampleNote) in
            do {
                try manager.notes.add(
                    to: session, author: sample.author == "interviewer" ? people[0] : people[1],
                    kind: NoteKind(rawValue: sample.kind) ?? .observation, text: sample.text, tags: sample.tags,
                    offset: sample.offsetMilliseconds, recording: recorder.recording.number,
                    protocolItem: sample.protocolItem,
                    protocol: interviewProtocol)
            } catch { failure = failure ?? error }
        }
        let result = recorder.run { status in
            let captured = source.format.milliseconds(frames: status.capturedFrames)
            while let next = pending.first, next.offsetMilliseconds <= captured { addNote(pending.removeFirst()) }
        }
        pending.forEach(addNote)
        if let error = result.error ?? failure { throw error }
        let finished = try manager.recordings.finalise(result.recording, identities: [recorder.captureIdentity])
        log(
            "   recording \(finished.number): \(Offset.format(finished.milliseconds(finished.frames ?? 0))) (\(result.ending.rawValue)), "
                + "finalised as FLAC, plaintext SHA-256 \(finished.plaintextSHA256 ?? "")")
        let original = try samples(ofFile: file)
        let again = try manager.recordings.decodedSamples(of: finished, identities: [reader])
        log(
            "   decrypted and decoded: \(again == original ? "sample-exact to samples/interview.flac" : "DIFFERENT from the sample")"
        )
        return finished
    }

    /// Steps 8–9: seal the closed session, verify it, hand it to the prosecutor, verify again.
    func sealAndHandOver(
        manager: SessionManager, session: SessionRecord, recording: RecordingRecord, store: KeyStore,
        anna: PublicIdentity,
        per: PublicIdentity, annaKey: MinisignSecretKey, perKey: MinisignSecretKey, perIdentity: any AgeIdentity,
        log: (String) -> Void
    ) throws {
        log("== 8. Seal: a BagIt bundle, every file encrypted to anna and per, custody log, minisign seal")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let bundle = output + "/" + session.id
        try? FileManager.default.removeItem(atPath: bundle)
        let sealed = try manager.sealing.seal(
            session, into: output, signer: MinisignBundleSigner(key: annaKey), identities: [perIdentity],
            organization: "Barnahus demo")
        log("   \(sealed.bundle): \(Count.of(sealed.files, "payload file")); custody head \(sealed.receipt.head)")
        let trust = BundleTrust([
            BundleTrust.Signer(publicKey: try anna.signingKey(), name: anna.name, role: anna.role.rawValue),
            BundleTrust.Signer(publicKey: try per.signingKey(), name: per.name, role: per.role.rawValue),
        ])
        let first = SessionBundle(path: bundle).verify(
            trust: trust, expectHead: sealed.receipt.head, identities: [perIdentity])
        log(
            "   verify (as the prosecutor, with his identity): \(first.outcome.rawValue.uppercased()), \(Count.of(first.checks.filter { $0.result == .pass }.count, "check")) passed"
        )

        log("== 9. Custody: anna hands the bundle to per (signed event, new seal), then it is verified again")
        let receipt = try CustodyLog.append(
            to: bundle, action: .transferred,
            detail: ["from": .string(anna.keyID), "to": .string(per.keyID), "to_name": .string(per.name)],
            signer: MinisignBundleSigner(key: annaKey), trust: trust)
        let second = SessionBundle(path: bundle).verify(
            trust: trust, expectHead: receipt.head, identities: [perIdentity])
        log("   receipt: event \(receipt.seq), head \(receipt.head)")
        log(
            "   verify: \(second.outcome.rawValue.uppercased()); custody: \(second.custody.map { "\($0.seq) \($0.action)" }.joined(separator: ", "))"
        )
        let report = output + "/\(session.id)-verification.html"
        try? FileManager.default.removeItem(atPath: report)
        try OutputFile.write(
            Array(second.renderHTML(generatedAt: Timestamp.string(Date())).utf8), to: report, mode: 0o644)
        let fridaPassphrase = SecureRandom.secret(count: 24)
        let advocate = try store.create(name: "frida", role: .advocate, passphrase: fridaPassphrase)
        let fridaIdentity = try store.ageIdentity(named: "frida", passphrase: fridaPassphrase)
        try advocateCopy(
            manager: manager, bundle: bundle, advocate: advocate, advocateIdentity: fridaIdentity,
            signer: MinisignBundleSigner(key: perKey), reader: perIdentity, trust: trust, log: log)
        let certificate = try writeCertificate(
            of: bundle, verifier: per, readers: [perIdentity], original: nil, trust: trust)
        log("   the bundle: \(bundle)")
        log("   the verification report (HTML, fit to print): \(report)")
        log("   the integrity certificate for court (print it to PDF): \(certificate)")
        log("   check it without Vitni: docs/verifying-without-vitni.md")
    }

    /// `vitni verify --certificate` as the prosecutor runs it: the certificate beside the bundle.
    func writeCertificate(
        of bundle: String, verifier: PublicIdentity, readers: [any AgeIdentity], original: String?,
        trust: BundleTrust
    ) throws -> String {
        var (report, record) = SessionBundle(path: bundle).verifyKeepingRecord(trust: trust, identities: readers)
        if let original { report.append(SessionBundle(path: bundle).linkCheck(original: original, trust: trust)) }
        let context = IntegrityCertificate.Context(
            verifier: .init(name: verifier.name, role: verifier.role.rawValue, keyID: verifier.keyID),
            place: "Barnahus demo, interview room 1", verifiedAt: Date(), readers: readers,
            readersGiven: "the identity given", original: original)
        let path = bundle + "-certificate.html"
        try? FileManager.default.removeItem(atPath: path)
        let page = IntegrityCertificate(report: report, record: record, context: context).renderHTML()
        try OutputFile.write(Array(page.utf8), to: path, mode: 0o600, replacing: false)
        return path
    }

    private func samples(ofFile path: String) throws -> [UInt8] {
        try AudioDecoder(path: path).readAll()
    }
}
