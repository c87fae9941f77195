import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// Trust entries are keyed by the whole key, and never change what they mean without the user
/// removing them first.
@Suite struct TrustStoreTests {
    let home: TemporaryDirectory
    let work: TemporaryDirectory
    let trust: TrustStore
    let per: PublicIdentity
    let perKey: MinisignSecretKey

    init() throws {
        home = try TemporaryDirectory()
        work = try TemporaryDirectory()
        trust = TrustStore(keyStore: KeyStore(home: home.path))
        (per, perKey) = IdentityFixtures.person("per")
        try trust.add(file: try work.write("per.json", per.encoded()))
    }

    func conflictKind(_ identity: PublicIdentity, file: String) throws -> TrustConflict.Kind? {
        let path = try work.write(file, identity.encoded())
        do {
            try trust.add(file: path)
            return nil
        } catch VitniError.trustConflict(let conflict) {
            #expect(conflict.path == path && conflict.incoming == identity)
            #expect(conflict.existing.name == per.name || conflict.existingIsOwn)
            return conflict.kind
        }
    }

    /// The defect: the same key under a new name renamed the signer in verification reports.
    @Test func theSameKeyUnderAnotherNameIsRefused() throws {
        var renamed = per
        renamed.name = "peter"
        renamed.sign(with: perKey)
        #expect(try conflictKind(renamed, file: "renamed.json") == .sameKeyOtherName)
        #expect(try trust.list().map(\.name) == ["per"])
        do {
            try trust.add(file: work.file("renamed.json"))
            Issue.record("the renamed key was trusted")
        } catch let error as VitniError {
            for shown in ["'peter' (prosecutor)", "'per' (prosecutor)", per.keyID, per.spacedFingerprint] {
                #expect(error.description.contains(shown), "\(error.description)")
            }
            #expect(error.hint?.contains("vitni trust remove per") == true)
        }
    }

    /// The defect: a different key with a colliding 64-bit key id replaced the trusted entry.
    @Test func aDifferentKeyWithTheSameKeyIDIsRefused() throws {
        let forged = IdentityFixtures.colliding(with: per, name: "mallory")
        #expect(try conflictKind(forged, file: "forged.json") == .keyIDCollision)
        let entries = try trust.list()
        #expect(entries.count == 1 && entries[0] == per)
        #expect(try BundleTrust.standard(keyStore: trust.keyStore).signer(for: per.keyID)?.name == "per")
    }

    @Test func aTrustedNameWithAnotherKeyIsRefused() throws {
        let (impostor, _) = IdentityFixtures.person("per")
        #expect(try conflictKind(impostor, file: "impostor.json") == .nameTaken)
    }

    @Test func theSameKeyWithAnotherRecipientIsRefused() throws {
        var changed = per
        changed.ageRecipient = Age.X25519Identity.generate().recipient.encoded
        changed.sign(with: perKey)
        #expect(try conflictKind(changed, file: "changed.json") == .sameKeyChangedFields)
        #expect(try trust.recipientIdentity(named: "per")?.ageRecipient == per.ageRecipient)
    }

    @Test func addingTheSameFileAgainChangesNothing() throws {
        let again = try trust.addReporting(file: work.file("per.json"))
        #expect(again.addition == .alreadyTrusted)
        #expect(try trust.list() == [per])
        let files = try FileManager.default.contentsOfDirectory(atPath: home.file("trust"))
        #expect(files == [per.fingerprint + ".json"])
    }

    @Test func anEntryFromVitni10GivesItsKeyButNotItsRecipientUntilASignedFileReplacesIt() throws {
        let (bo, _) = IdentityFixtures.person("bo", .defence)
        let legacyPath = home.file("trust/\(bo.keyID).json")
        try Data(IdentityFixtures.legacyText(bo).utf8).write(to: URL(fileURLWithPath: legacyPath))
        #expect(try trust.list().contains { $0.name == "bo" && !$0.isSigned })
        #expect(try BundleTrust.standard(keyStore: trust.keyStore).signer(for: bo.keyID)?.name == "bo")
        expectError(VitniError.identityUnsigned(path: legacyPath, name: "bo")) {
            _ = try trust.recipientIdentity(named: "bo")
        }
        let added = try trust.addReporting(file: try work.write("bo.json", bo.encoded()))
        #expect(added.addition == .replacedUnsigned)
        #expect(!FileManager.default.fileExists(atPath: legacyPath))
        #expect(try trust.recipientIdentity(named: "bo") == bo)
    }

    @Test func anUnsignedFileIsNotAdded() throws {
        let (bo, _) = IdentityFixtures.person("bo", .defence)
        let path = try work.write("bo-v1.json", IdentityFixtures.legacyText(bo))
        expectError(VitniError.identityUnsigned(path: path, name: "bo")) { try trust.add(file: path) }
        #expect(try trust.list() == [per])
    }

    @Test func removeTakesAKeyIDAFingerprintOrAName() throws {
        #expect(try trust.remove(per.fingerprint) == [per])
        try trust.add(file: work.file("per.json"))
        #expect(try trust.remove(per.keyID.lowercased()) == [per])
        #expect(throws: VitniError.self) { try trust.remove("per") }
    }
}
