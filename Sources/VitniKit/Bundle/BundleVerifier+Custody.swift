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
        report.append(
            id: CheckID.custodySignatures, title: signatureTitle, result: problems.signatures.isEmpty ? .pass : .fail,
            detail: problems.signatures.isEmpty
                ? "\(Count.of(entries.count, "signature")) valid, all by trusted keys" : summary(problems.signatures))
        checkCommitments(context, entries, title: commitTitle, &report)
        report.append(
            id: CheckID.custodyHolder, title: "every event after sealing is by the bundle's holder at that point",
            result: problems.holders.isEmpty ? .pass : .warning,
            detail: problems.holders.isEmpty
                ? "the sealer, then each transfer's new holder, signed every later event"
                : summary(problems.holders) + " (a fork of the chain, or a reader's event from Vitni 1.0)")
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
                id: CheckID.seal, title: sealTitle, result: .fail,
                detail: "signed by key \(signature.keyID), which is not in the trust store")
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
        if !sealValid { problems.append("the seal itself is not valid") }
        report.append(
            id: CheckID.sealActor, title: latestTitle, result: problems.isEmpty ? .pass : .fail,
            detail: problems.isEmpty
                ? "seal and last event \(last.event.seq) by \(last.event.actor)" : summary(problems))
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
