import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

@Suite struct BundleCustodyTests {
    static func time(_ text: String) -> Custody.Timestamp { Custody.Timestamp(text)! }

    /// Seals, transfers to the records office (signed by the interviewer, who holds it), and logs
    /// an access by the records office, the new holder.
    static func bundleWithHistory(_ fixture: BundleFixture) throws -> (String, [CustodyLog.Receipt]) {
        let path = try fixture.seal().path
        let transfer = try CustodyLog.append(
            to: path, action: .transferred,
            detail: [
                "from": .string(fixture.key.keyID), "to": .string(fixture.custodian.keyID), "receipt": .string("R-1"),
            ],
            signer: fixture.signer, trust: fixture.trust, time: time("2026-03-02T09:00:00Z"))
        let access = try CustodyLog.append(
            to: path, action: .accessed, detail: ["purpose": .string("review")], signer: fixture.custodian,
            trust: fixture.trust, time: time("2026-03-03T09:00:00Z"))
        return (path, [transfer, access])
    }

    @Test func appendedEventsVerifyAndReseal() throws {
        let fixture = try BundleFixture()
        let (path, receipts) = try Self.bundleWithHistory(fixture)
        #expect(receipts.map(\.seq) == [1, 2])
        let report = fixture.verify(path, expectHead: receipts[1].head)
        #expect(report.outcome == .valid, "\(report.renderText())")
        #expect(report.custody.map(\.action) == ["sealed", "transferred", "accessed"])
        #expect(report.custody.map(\.actorName) == ["Interviewer One", "Interviewer One", "Records Office"])
        #expect(report.sealSigner == fixture.custodian.keyID, "the newest seal is by the last actor")
        #expect(try BundleFixture.bagitValidate(path).status == 0)

        let stale = fixture.verify(path, expectHead: receipts[0].head)
        #expect(stale.failedChecks == [BundleVerifier.CheckID.custodyHead])
    }

    /// The chain can be checked with jq and sha256sum alone: each line's prev is the SHA-256 of the
    /// line before (LF excluded), and jq's sorted compact output reproduces every line byte for byte.
    @Test func chainChecksWithJqAndSha256sum() throws {
        let fixture = try BundleFixture()
        let (path, receipts) = try Self.bundleWithHistory(fixture)
        let script = """
            set -eu
            log="$1"
            n=$(wc -l < "$log")
            test "$n" -eq 3
            first=$(sed -n 1p "$log" | jq -r .prev)
            test "$first" = "\(Custody.genesisPrev)"
            i=2
            while [ "$i" -le "$n" ]; do
              want=$(sed -n "$((i-1))p" "$log" | tr -d '\\n' | sha256sum | cut -d' ' -f1)
              got=$(sed -n "${i}p" "$log" | jq -r .prev)
              [ "$want" = "$got" ] || { echo "line $i: prev $got, computed $want"; exit 1; }
              i=$((i+1))
            done
            sed -n '1,$p' "$log" | while IFS= read -r line; do
              [ "$(printf '%s' "$line" | jq -cS .)" = "$line" ] || { echo "not canonical: $line"; exit 1; }
            done
            tail -n 1 "$log" | tr -d '\\n' | sha256sum | cut -d' ' -f1
            """
        let jq = try Peer.path("jq")
        let result = try runProcess(
            "/bin/bash", ["-c", script, "chain", path + "/custody/custody-log.jsonl"],
            environment: ["PATH": URL(fileURLWithPath: jq).deletingLastPathComponent().path + ":/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == receipts[1].head)
    }

    /// Each event's sig is plain Ed25519 over `jq -cS 'del(.sig)'`, which openssl checks on its own.
    @Test func eventSignaturesCheckWithOpenSSL() throws {
        let fixture = try BundleFixture()
        let (path, _) = try Self.bundleWithHistory(fixture)
        let entries = try CustodyLog.read(bundle: path)
        let keys = [fixture.signer, fixture.custodian, fixture.prosecutor]
        for entry in entries {
            let signer = try #require(keys.first { $0.keyID == entry.event.actor })
            let der =
                Hex.decode("302a300506032b6570032100")! + Array(Base64.decode(signer.publicKey.base64)!.suffix(32))
            let pem = "-----BEGIN PUBLIC KEY-----\n\(Base64.encode(der))\n-----END PUBLIC KEY-----\n"
            let pemFile = try fixture.directory.write("key-\(entry.event.seq).pem", pem)
            let message = try runProcess(try Peer.path("jq"), ["-cjS", "del(.sig)"], stdin: entry.line)
            #expect(message.stdout == (try entry.event.signedBytes()))
            let messageFile = try fixture.directory.write("msg-\(entry.event.seq)", message.stdout)
            let sigFile = try fixture.directory.write("sig-\(entry.event.seq)", try #require(entry.event.signature))
            let check = try runProcess(
                try Peer.path("openssl"),
                ["pkeyutl", "-verify", "-pubin", "-inkey", pemFile, "-rawin", "-in", messageFile, "-sigfile", sigFile])
            #expect(check.status == 0, "event \(entry.event.seq): \(check.stdoutText)\(check.stderrText)")
        }
    }

    @Test func amendAddsAFileCommittedByItsEvent() throws {
        let fixture = try BundleFixture()
        let (path, _) = try Self.bundleWithHistory(fixture)
        let transcript = Array("WEBVTT\n\n00:00.000 --> 00:01.000\nsynthetic\n".utf8)
        let receipt = try CustodyLog.amend(
            bundle: path,
            files: [.init(path: "data/transcript.vtt.age", produce: fixture.encrypting(transcript))],
            detail: ["reason": .string("transcript")], signer: fixture.custodian, trust: fixture.trust,
            time: Self.time("2026-03-10T09:00:00Z"))
        #expect(receipt.seq == 3)
        let report = fixture.verify(path, expectHead: receipt.head, expectedRecipients: 1)
        #expect(report.outcome == .valid, "\(report.renderText())")
        #expect(report.files.count == 4)
        let validation = try BundleFixture.bagitValidate(path)
        #expect(validation.status == 0, "\(validation.stderrText)")
        let info = try BagIt.BagInfo.parse(try BundleFixture.read(path + "/bag-info.txt"))
        #expect(BagIt.PayloadOxum(info.value(for: "Payload-Oxum")!)?.streamCount == 4)
    }

    @Test func amendNeverReplacesAFile() throws {
        let fixture = try BundleFixture()
        let path = try fixture.seal().path
        let before = try BundleFixture.read(path + "/data/notes.jsonl.age")
        #expect(throws: BundleError.self) {
            try CustodyLog.amend(
                bundle: path, files: [.init(path: "data/notes.jsonl.age", produce: fixture.encrypting([1]))],
                signer: fixture.signer, trust: fixture.trust)
        }
        #expect(try BundleFixture.read(path + "/data/notes.jsonl.age") == before)
        #expect(fixture.verify(path).outcome == .valid)
    }

    @Test func failedAmendLeavesTheBundleValid() throws {
        let fixture = try BundleFixture()
        let path = try fixture.seal().path
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try CustodyLog.amend(
                bundle: path, files: [.init(path: "data/late.age", produce: { _ in throw Boom() })],
                signer: fixture.signer, trust: fixture.trust)
        }
        let report = fixture.verify(path)
        #expect(report.outcome == .valid, "\(report.renderText())")
    }

    /// A file added by hand after sealing, listed in the manifest, is caught: no event commits it.
    @Test func fileAddedWithoutAmendedEventIsCaught() throws {
        let fixture = try BundleFixture()
        let path = try fixture.seal().path
        try BundleFixture.write(path + "/data/late.age", [1, 2, 3])
        var manifest = try BundleFixture.read(path + "/manifest-sha256.txt")
        manifest += Array((Hex.encode(Hashing.sha256([1, 2, 3])) + "  data/late.age\n").utf8)
        try BundleFixture.write(path + "/manifest-sha256.txt", manifest)
        let report = fixture.verify(path)
        #expect(report.failedChecks.contains(BundleVerifier.CheckID.custodyCommitments))
    }

    @Test func refusesTimeGoingBackwardsAndSealedOrAmendedByAppend() throws {
        let fixture = try BundleFixture()
        let path = try fixture.seal().path
        #expect(throws: BundleError.self) {
            try CustodyLog.append(
                to: path, action: .accessed, detail: [:], signer: fixture.signer, trust: fixture.trust,
                time: Self.time("2026-02-01T00:00:00Z"))
        }
        for action in [Custody.Action.sealed, .amended] {
            #expect(throws: BundleError.self) {
                try CustodyLog.append(
                    to: path, action: action, detail: [:], signer: fixture.signer, trust: fixture.trust)
            }
        }
        #expect(fixture.verify(path).outcome == .valid)
    }

    @Test func refusesToAppendToAnAlteredBundle() throws {
        let fixture = try BundleFixture()
        let path = try fixture.seal().path
        var info = try BundleFixture.read(path + "/bag-info.txt")
        info[0] ^= 1
        try BundleFixture.write(path + "/bag-info.txt", info)
        #expect(throws: BundleError.self) {
            try CustodyLog.append(
                to: path, action: .accessed, detail: [:], signer: fixture.signer, trust: fixture.trust)
        }
    }

    /// A valid signature by a key the verifier does not know is not tampering: could not check,
    /// with the key id and how to trust it.
    @Test func eventByAnUntrustedKeyCouldNotBeChecked() throws {
        let fixture = try BundleFixture()
        let path = try fixture.seal().path
        let stranger = MinisignBundleSigner(key: .generate())
        _ = try CustodyLog.append(
            to: path, action: .transferred,
            detail: ["from": .string(fixture.signer.keyID), "to": .string(stranger.keyID)], signer: fixture.signer,
            trust: fixture.trust)
        // The stranger trusts itself; a verifier with the usual trust does not.
        _ = try CustodyLog.append(
            to: path, action: .accessed, detail: [:], signer: stranger,
            trust: BundleTrust(keys: [fixture.signer.publicKey, stranger.publicKey]))
        let report = fixture.verify(path)
        #expect(report.outcome == .couldNotCheck, "\(report.renderText())")
        #expect(report.failedChecks.isEmpty)
        #expect(report.uncheckedChecks.contains(BundleVerifier.CheckID.custodySignatures))
        #expect(report.uncheckedChecks.contains(BundleVerifier.CheckID.seal))
        #expect(report.nextSteps.first?.contains("key \(stranger.keyID) is not in your trust store") == true)
        #expect(report.check(BundleVerifier.CheckID.seal)?.detail.contains(stranger.keyID) == true)
        #expect(report.signers.contains { $0.keyID == stranger.keyID && !$0.trusted })
    }

    @Test func reportsRenderAsTextJSONAndEscapedHTML() throws {
        let fixture = try BundleFixture()
        let (path, _) = try Self.bundleWithHistory(fixture)
        let report = fixture.verify(path)
        let text = report.renderText()
        #expect(text.hasPrefix("VALID: "))
        #expect(text.contains("custody.chain"))
        let json = try JSONSerialization.jsonObject(with: Data(try report.renderJSON())) as? [String: Any]
        #expect(json?["outcome"] as? String == "valid")
        #expect(json?["exitCode"] as? Int == 0)
        let decoded = try JSONDecoder().decode(
            [String: VerificationReport].self,
            from: JSONSerialization.data(withJSONObject: ["r": json?["report"] as Any]))
        #expect(decoded["r"] == report)
        let html = report.renderHTML(generatedAt: "2026-03-04T00:00:00Z")
        #expect(html.contains("Records Office"))
        #expect(html.contains("transferred"))
        #expect(!html.contains("<script"))

        var hostile = VerificationReport(bundle: "<script>alert(1)</script>")
        hostile.append(id: "x", title: "t", result: .fail, detail: "\"&'<b>")
        let escaped = hostile.renderHTML(generatedAt: "now")
        #expect(!escaped.contains("<script>"))
        #expect(escaped.contains("&lt;script&gt;"))
        #expect(escaped.contains("&quot;&amp;&#39;&lt;b&gt;"))
        #expect(hostile.outcome == .invalid)
        #expect(hostile.outcome.exitCode == 1)
        #expect(!VerificationReport(bundle: "\u{1B}[31m").renderText().contains("\u{1B}"))
    }

    @Test func couldNotCheckWhatIsNotABundleDirectory() throws {
        let fixture = try BundleFixture()
        let file = try fixture.directory.write("plain", "x")
        #expect(fixture.verify(file).outcome == .couldNotCheck)
        #expect(fixture.verify(fixture.directory.file("absent")).outcome.exitCode == 2)
        let path = try fixture.seal().path
        let link = fixture.directory.file("link")
        #expect(symlink(path, link) == 0)
        #expect(fixture.verify(link).outcome == .couldNotCheck, "a symlinked bundle is not followed")
    }
}
