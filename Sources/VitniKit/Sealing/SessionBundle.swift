import Foundation
public import VitniCrypto
import VitniFormats

/// A sealed session bundle as `vitni verify` checks it: every check of `BundleVerifier`, and the
/// plaintext check when an identity is at hand. Reading goes through ``VerifiedBundle``.
public struct SessionBundle: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Runs every check of `BundleVerifier`; with `identities`, also decrypts every payload in
    /// memory (each chunk authenticated) and compares its plaintext SHA-256 with `session.json`.
    public func verify(trust: BundleTrust, expectHead: String? = nil, identities: [any AgeIdentity] = [])
        -> VerificationReport
    {
        verifyKeepingRecord(trust: trust, expectHead: expectHead, identities: identities).report
    }

    /// ``verify(trust:expectHead:identities:)``, keeping what was checked for an integrity
    /// certificate: the verified bundle, when the seal, every custody signature, the chain and
    /// the tag manifest passed (its signed facts can then be stated), else nil.
    public func verifyKeepingRecord(
        trust: BundleTrust, expectHead: String? = nil, identities: [any AgeIdentity] = []
    ) -> (report: VerificationReport, record: VerifiedBundle?) {
        let verified = BundleVerifier(options: .init(trust: trust, expectHead: expectHead)).verifyForReading(
            bundle: path)
        var report = verified.report
        // A key this verifier does not trust still leaves the plaintext to check; a bundle that
        // could not be opened (or an archive refused before reading) leaves nothing.
        guard report.couldNotCheckReason == nil, let opened = verified.storage else { return (report, nil) }
        var record: VerifiedBundle?
        if let manifest = verified.manifest, let custody = verified.custody, report.establishesSignedRecord {
            record = VerifiedBundle(
                storage: opened, manifest: manifest, custody: custody, trust: trust, bagInfo: verified.bagInfo)
        }
        guard !identities.isEmpty else {
            report.append(
                id: "age.plaintext", title: "Decryption and plaintext hashes", result: .skipped,
                detail: "no identity given (--identity): the encrypted files were checked, not opened")
            return (report, record)
        }
        guard let manifest = verified.manifest, let custody = verified.custody, let storage = verified.storage else {
            report.append(
                id: "age.plaintext", title: "Decryption and plaintext hashes", result: .fail,
                detail: "not opened: the manifest or the custody log cannot be read")
            return (report, record)
        }
        let hint = VerificationHint.notARecipient(
            recipients: verified.sessionRecipients, sealer: custody.first.map { who($0.event.actor, trust) },
            holder: CustodyLog.holder(of: custody).map { who($0, trust) })
        report.append(
            plaintextCheck(
                VerifiedBundle(storage: storage, manifest: manifest, custody: custody, trust: trust), identities,
                hint: hint))
        return (report, record)
    }

    /// A key's trusted name with its id, or the id alone.
    private func who(_ keyID: String, _ trust: BundleTrust) -> String {
        trust.signer(for: keyID)?.name.map { "\($0) (\(keyID))" } ?? "key \(keyID)"
    }

    /// True when no identity given matched any of the file's recipient stanzas: the file was not
    /// opened at all, which says nothing about its bytes.
    static func isNotARecipient(_ error: any Error) -> Bool {
        switch error {
        case CryptoError.ageNoMatchingIdentity, VitniError.crypto(_, .ageNoMatchingIdentity),
            VitniError.agentNoMatchingIdentity:
            true
        default: false
        }
    }

    /// Every file the manifest lists must decrypt with `identities` and match the plaintext
    /// SHA-256 that `session.json` or the event that added it records: a payload file that is
    /// not an age file, or that nobody recorded, fails.
    private func plaintextCheck(
        _ bundle: VerifiedBundle, _ identities: [any AgeIdentity], hint: String
    ) -> VerificationReport.Check {
        let title = "Decryption and plaintext hashes"
        do {
            let session = try bundle.sessionFile(identities: identities)
            var problems: [String] = []
            var unopened: [String] = []
            var notRecipient = false
            let expectedHashes = session.plaintextSHA256.merging(bundle.amendedPlaintextHashes()) { sealed, _ in sealed
            }
            for file in bundle.digests.keys.sorted() where file != BundleLayout.session {
                guard let expected = expectedHashes[file] else {
                    problems.append("\(file): no plaintext SHA-256 is recorded for it")
                    continue
                }
                do {
                    // Hashed in full by the verifier a moment ago; this read is checked again.
                    let payload = try bundle.openPayload(file, justHashed: true)
                    let decryptor = try Age.Decryptor(source: payload, identities: identities)
                    let actual = Hex.encode(try Hashing.digest(.sha256, of: decryptor))
                    try payload.finish()
                    if actual != expected { problems.append("\(file): plaintext SHA-256 differs from session.json") }
                } catch  where Self.isNotARecipient(error) {
                    unopened.append("\(file): no identity given opens it")
                    notRecipient = true
                } catch BundleError.io(_, let operation, let code) {
                    // Already reported by bag.payload-hashes as not read; not a wrong byte either.
                    unopened.append("\(file): \(operation) failed: \(String(cString: strerror(code)))")
                } catch { problems.append("\(file): \(error)") }
            }
            if problems.isEmpty, !unopened.isEmpty {
                return .init(
                    id: "age.plaintext", title: title, result: .couldNotCheck, detail: unopened.joined(separator: "; "),
                    hint: notRecipient ? hint : VerificationHint.unreadable)
            }
            problems += unopened
            if problems.isEmpty {
                return .init(
                    id: "age.plaintext", title: title, result: .pass,
                    detail:
                        "\(Count.of(bundle.digests.count, "file")) decrypted; every plaintext matches the SHA-256 in session.json or its amended event"
                )
            }
            return .init(id: "age.plaintext", title: title, result: .fail, detail: problems.joined(separator: "; "))
        } catch  where Self.isNotARecipient(error) {
            return .init(
                id: "age.plaintext", title: title, result: .couldNotCheck,
                detail: "not opened: no identity given is a recipient of session.json (its bytes were not judged)",
                hint: hint)
        } catch {
            return .init(
                id: "age.plaintext", title: title, result: .fail, detail: "session.json could not be opened: \(error)")
        }
    }
}
