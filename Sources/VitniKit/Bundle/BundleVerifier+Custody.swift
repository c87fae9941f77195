import VitniCrypto
import VitniFormats

extension BundleVerifier {
    func checkCustody(_ context: inout Context, _ report: inout VerificationReport) {
        let logTitle = "custody/custody-log.jsonl is well-formed (one canonical JSON event per line)"
        let chainTitle = "the custody chain is unbroken (sealed first, seq, prev hashes, time order)"
        let signatureTitle = "every custody event is signed by its actor, a trusted key"
        let commitTitle = "files committed by sealed/amended events are unchanged, and every payload file is committed"
        let entries: [CustodyLog.Entry]
        switch context.tag(Custody.logPath) {
        case .failure(let error):
            report.append(id: CheckID.custodyLog, title: logTitle, result: .fail, detail: error.detail)
            for (id, title) in [
                (CheckID.custodyChain, chainTitle), (CheckID.custodySignatures, signatureTitle),
                (CheckID.custodyCommitments, commitTitle),
            ] {
                report.append(id: id, title: title, result: .fail, detail: "the custody log cannot be read")
            }
            return
        case .success(let bytes):
            do {
                entries = try CustodyLog.parse(bytes)
            } catch {
                report.append(id: CheckID.custodyLog, title: logTitle, result: .fail, detail: error.description)
                for (id, title) in [
                    (CheckID.custodyChain, chainTitle), (CheckID.custodySignatures, signatureTitle),
                    (CheckID.custodyCommitments, commitTitle),
                ] {
                    report.append(id: id, title: title, result: .fail, detail: "the custody log is malformed")
                }
                return
            }
        }
        context.custody = entries
        report.append(id: CheckID.custodyLog, title: logTitle, result: .pass, detail: Count.of(entries.count, "event"))
        report.head = entries.last?.hash
        for entry in entries {
            let event = entry.event
            report.custody.append(
                .init(
                    seq: event.seq, time: event.time.text, action: event.action.rawValue, actor: event.actor,
                    actorName: options.trust.signer(for: event.actor)?.name, hash: entry.hash))
            noteSigner(event.actor, signed: "custody event \(event.seq) (\(event.action.rawValue))", in: &report)
        }

        let problems = CustodyLog.check(entries, trust: options.trust)
        report.append(
            id: CheckID.custodyChain, title: chainTitle, result: problems.links.isEmpty ? .pass : .fail,
            detail: problems.links.isEmpty
                ? "\(Count.of(entries.count, "event")) linked by SHA-256, head \(entries.last!.hash)"
                : summary(problems.links))
        appendSignatures(problems, events: entries.count, title: signatureTitle, &report)
        checkCommitments(context, entries, title: commitTitle, &report)
        appendHolders(problems, &report)
        checkTimes(entries, &report)

        let headTitle = "the custody log ends at the expected head (receipt)"
        if let expected = options.expectHead {
            let head = entries.last!.hash
            report.append(
                id: CheckID.custodyHead, title: headTitle, result: head == expected.lowercased() ? .pass : .fail,
                detail: head == expected.lowercased()
                    ? "head \(head) as expected"
                    : "head is \(head), expected \(expected): events were added or removed since the receipt")
        } else {
            report.append(id: CheckID.custodyHead, title: headTitle, result: .skipped, detail: "no receipt given")
        }
    }

    /// A signature that does not verify fails; one by a key this verifier does not trust could
    /// not be checked (it may well be valid), and says how to trust the key.
    private func appendSignatures(
        _ problems: CustodyLog.ChainProblems, events: Int, title: String, _ report: inout VerificationReport
    ) {
        let all = problems.signatures + problems.untrusted
        if !problems.signatures.isEmpty {
            report.append(id: CheckID.custodySignatures, title: title, result: .fail, detail: summary(all))
        } else if !problems.untrusted.isEmpty {
            report.append(
                id: CheckID.custodySignatures, title: title, result: .couldNotCheck, detail: summary(all),
                hint: VerificationHint.untrusted(problems.untrustedKeys))
        } else {
            report.append(
                id: CheckID.custodySignatures, title: title, result: .pass,
                detail: "\(Count.of(events, "signature")) valid, all by trusted keys")
        }
    }

    /// Rule 5b: an event by anyone but the holder forks the chain and fails; a `decrypted` event
    /// by a reader, which Vitni 1.0 wrote, stays a warning so 1.0 bundles keep verifying.
    private func appendHolders(_ problems: CustodyLog.ChainProblems, _ report: inout VerificationReport) {
        let title = "every event after sealing is by the bundle's holder at that point"
        if !problems.holders.isEmpty {
            report.append(
                id: CheckID.custodyHolder, title: title, result: .fail,
                detail: summary(problems.holders + problems.readers)
                    + " (a fork: only the holder adds events, so the log is not the holder's)")
        } else if !problems.readers.isEmpty {
            report.append(
                id: CheckID.custodyHolder, title: title, result: .warning,
                detail: summary(problems.readers) + " (a reader's `decrypted` event, which Vitni 1.0 allowed)")
        } else {
            report.append(
                id: CheckID.custodyHolder, title: title, result: .pass,
                detail: "the sealer, then each transfer's new holder, signed every later event")
        }
    }

    /// Events dated beyond the verifier's clock: reported, since a clock can be wrong, but never
    /// passed over in silence (no event can be appended after one).
    private func checkTimes(_ entries: [CustodyLog.Entry], _ report: inout VerificationReport) {
        let now = options.now ?? Custody.Timestamp.now.unixSeconds
        let limit = now + CustodyLog.clockTolerance
        let ahead = entries.filter { $0.event.time.unixSeconds > limit }
        report.append(
            id: CheckID.custodyTimes, title: "no custody event is dated after this computer's clock",
            result: ahead.isEmpty ? .pass : .warning,
            detail: ahead.isEmpty
                ? "every event is dated before \(Custody.Timestamp(unixSeconds: limit).text) (the clock plus \(CustodyLog.clockTolerance / 60) minutes)"
                : summary(ahead.map { "event \($0.event.seq) is dated \($0.event.time), in this computer's future" }))
    }

    private func checkCommitments(
        _ context: Context, _ entries: [CustodyLog.Entry], title: String, _ report: inout VerificationReport
    ) {
        var problems: [String] = []
        var committed: [String: (digest: String, seq: Int64)] = [:]
        var lastManifestHash: (hash: String, seq: Int64)?
        for entry in entries where entry.event.action == .sealed || entry.event.action == .amended {
            let event = entry.event
            guard let files = Custody.FileCommitment.files(in: event.detail) else {
                problems.append("event \(event.seq) (\(event.action.rawValue)) has no valid list of files")
                continue
            }
            for file in files {
                if committed[file.path] != nil {
                    problems.append("event \(event.seq) commits \(file.path) again (committed files never change)")
                } else {
                    committed[file.path] = (file.sha256, event.seq)
                }
            }
            if let hash = event.detail[Custody.FileCommitment.manifestKey]?.stringValue, Custody.isDigest(hash) {
                lastManifestHash = (hash, event.seq)
            } else {
                problems.append("event \(event.seq) (\(event.action.rawValue)) does not record the manifest's hash")
            }
        }
        for (path, commitment) in committed.sorted(by: { $0.key < $1.key }) {
            guard let listed = context.manifest?.digest(for: path) else {
                problems.append("\(path), committed by event \(commitment.seq), is gone from the manifest")
                continue
            }
            if listed != commitment.digest {
                problems.append("\(path): the manifest's hash differs from the one event \(commitment.seq) committed")
            }
            if let onDisk = context.hashes[path]?.sha256, onDisk != commitment.digest {
                problems.append("\(path): the file differs from what event \(commitment.seq) committed")
            } else if !context.payloadFiles.contains(where: { $0.path == path }) {
                problems.append("\(path), committed by event \(commitment.seq), is missing")
            }
        }
        for entry in context.manifest?.entries ?? [] where committed[entry.path] == nil {
            problems.append("\(entry.path) is not committed by the sealed event or any amended event")
        }
        if let lastManifestHash, let bytes = context.tagBytes[BagIt.payloadManifestFile],
            Hex.encode(Hashing.sha256(bytes)) != lastManifestHash.hash
        {
            problems.append("manifest-sha256.txt differs from the one event \(lastManifestHash.seq) recorded")
        }
        report.append(
            id: CheckID.custodyCommitments, title: title, result: problems.isEmpty ? .pass : .fail,
            detail: problems.isEmpty
                ? "\(Count.of(committed.count, "file")) committed, all unchanged" : summary(problems))
    }

    func checkSeal(_ context: Context, _ report: inout VerificationReport) {
        let sealTitle = "the seal (minisign over tagmanifest-sha256.txt) is valid and by a trusted key"
        let latestTitle = "the seal was made by the last custody event's actor, for this bundle and event"
        guard case .success(let sealBytes) = context.tag(BundleSeal.signatureFile),
            case .success(let tagManifest) = context.tag(BagIt.tagManifestFile)
        else {
            report.append(
                id: CheckID.seal, title: sealTitle, result: .fail, detail: "the seal or tag manifest is missing")
            report.append(id: CheckID.sealActor, title: latestTitle, result: .fail, detail: "no readable seal")
            return
        }
        let signature: MinisignSignature
        do {
            guard let text = String(validating: sealBytes, as: UTF8.self) else {
                throw CryptoError.minisignMalformed("the signature file is not UTF-8 text")
            }
            signature = try MinisignSignature(fileText: text)
        } catch {
            report.append(
                id: CheckID.seal, title: sealTitle, result: .fail, detail: "\(BundleSeal.signatureFile): \(error)")
            report.append(id: CheckID.sealActor, title: latestTitle, result: .fail, detail: "no readable seal")
            return
        }
        noteSigner(signature.keyID, signed: "seal", in: &report)
        var sealValid = false
        if let signer = options.trust.signer(for: signature.keyID) {
            do {
                let result = try signature.verify(MemorySource(tagManifest), with: signer.publicKey)
                if result.isLegacy {
                    report.append(
                        id: CheckID.seal, title: sealTitle, result: .fail,
                        detail: "legacy (non-prehashed) signature, which Vitni never writes and `minisign -H` rejects")
                } else {
                    sealValid = true
                    let fields = BundleSeal.fields(ofTrustedComment: result.trustedComment)
                    report.sealSigner = signature.keyID
                    report.sealTime = fields["time"]
                    let who = signer.name.map { "\($0) (\(signature.keyID))" } ?? signature.keyID
                    report.append(
                        id: CheckID.seal, title: sealTitle, result: .pass,
                        detail: "sealed by \(who) at \(fields["time"] ?? "an unstated time")")
                }
            } catch {
                report.append(
                    id: CheckID.seal, title: sealTitle, result: .fail,
                    detail: "the signature by \(signature.keyID) does not match: \(error)")
            }
        } else {
            report.append(
                id: CheckID.seal, title: sealTitle, result: .couldNotCheck,
                detail:
                    "signed by key \(signature.keyID), which is not in the trust store: the signature was not checked",
                hint: VerificationHint.untrusted([signature.keyID]))
        }

        guard let last = context.custody?.last else {
            report.append(id: CheckID.sealActor, title: latestTitle, result: .fail, detail: "no readable custody log")
            return
        }
        var problems: [String] = []
        if signature.keyID != last.event.actor {
            problems.append(
                "the seal is by \(signature.keyID) but the last event (\(last.event.seq)) is by \(last.event.actor)")
        }
        let fields = BundleSeal.fields(ofTrustedComment: signature.trustedComment)
        if fields["seq"] != String(last.event.seq) {
            problems.append("the seal names event \(fields["seq"] ?? "none"), the log ends at event \(last.event.seq)")
        }
        if let bundleID = context.bagInfo?.value(for: BagIt.BagInfo.externalIdentifier), fields["bundle"] != bundleID {
            problems.append("the seal names another bundle")
        }
        let trusted = options.trust.signer(for: signature.keyID) != nil
        if trusted, !sealValid { problems.append("the seal itself is not valid") }
        if !problems.isEmpty {
            report.append(id: CheckID.sealActor, title: latestTitle, result: .fail, detail: summary(problems))
        } else if !trusted {
            // The comment naming the event is signed by the key that could not be checked.
            report.append(
                id: CheckID.sealActor, title: latestTitle, result: .couldNotCheck,
                detail:
                    "the seal names last event \(last.event.seq) by \(last.event.actor), but its signature was not checked",
                hint: VerificationHint.untrusted([signature.keyID]))
        } else {
            report.append(
                id: CheckID.sealActor, title: latestTitle, result: .pass,
                detail: "seal and last event \(last.event.seq) by \(last.event.actor)")
        }
    }

    func noteSigner(_ keyID: String, signed: String, in report: inout VerificationReport) {
        if let index = report.signers.firstIndex(where: { $0.keyID == keyID }) {
            // In place: a copy per event made a 100,000-event log quadratic.
            report.signers[index].signed.append(signed)
        } else {
            let trusted = options.trust.signer(for: keyID)
            report.signers.append(
                .init(keyID: keyID, name: trusted?.name, role: trusted?.role, trusted: trusted != nil, signed: [signed])
            )
        }
    }
}
