import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// A public identity file is self-signed by its minisign key over every other field.
@Suite struct IdentitySignatureTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    @Test func newIdentitiesAreSignedOverTheirCanonicalJSON() throws {
        let (identity, _) = IdentityFixtures.person("per")
        #expect(identity.format == "vitni-identity-v2")
        let message = String(decoding: identity.signedMessage(), as: UTF8.self)
        #expect(message.hasPrefix("{\"age_recipient\":\"\(identity.ageRecipient)\",\"created\":"))
        #expect(message.contains("\"format\":\"vitni-identity-v2\"") && !message.contains("signature"))
        let text = try #require(identity.signature)
        let signature = try #require(Base64.decode(text))
        #expect(try identity.signingKey().isValidSignature(signature, for: identity.signedMessage()))
        let path = try directory.write("per.json", identity.encoded())
        #expect(try PublicIdentity.load(path: path) == identity)
    }

    /// The defect: a known name and signing key with someone else's age recipient was accepted.
    @Test(arguments: ["ageRecipient", "name", "role", "created"])
    func changingAnySignedFieldIsRefused(_ field: String) throws {
        var (identity, _) = IdentityFixtures.person("per")
        switch field {
        case "ageRecipient": identity.ageRecipient = Age.X25519Identity.generate().recipient.encoded
        case "name": identity.name = "peter"
        case "role": identity.role = .defence
        default: identity.created = "2020-01-01T00:00:00Z"
        }
        let path = try directory.write("forged.json", identity.encoded())
        expectError(VitniError.identitySignatureInvalid(path: path)) {
            _ = try PublicIdentity.load(path: path)
        }
        #expect(VitniError.identitySignatureInvalid(path: path).exitCode == 1)
    }

    @Test func aMissingSignatureIsRefused() throws {
        var (identity, _) = IdentityFixtures.person("per")
        identity.signature = nil
        let path = try directory.write("unsigned-v2.json", identity.encoded())
        expectError(VitniError.identitySignatureInvalid(path: path)) { _ = try PublicIdentity.load(path: path) }
    }

    @Test func aV1FileIsRefusedUnlessTheCallerTakesLegacyFiles() throws {
        let (identity, _) = IdentityFixtures.person("per")
        let path = try directory.write("per-v1.json", IdentityFixtures.legacyText(identity))
        expectError(VitniError.identityUnsigned(path: path, name: "per")) { _ = try PublicIdentity.load(path: path) }
        let legacy = try PublicIdentity.load(path: path, accepting: .legacyUnsigned)
        #expect(!legacy.isSigned && legacy.keyID == identity.keyID)
        let error = VitniError.identityUnsigned(path: path, name: "per")
        #expect(error.hint?.contains("ask per for a new export") == true, "\(error.hint ?? "")")
    }

    /// The frozen 1.0.0 files are read (never written) for their signing keys only.
    @Test(arguments: ["anna", "per", "frida"])
    func theGoldenV1FilesStillGiveTheirSigningKeys(_ name: String) throws {
        let path = Repository.root + "/Tests/Golden/v1.0.0/\(name).identity.json"
        let identity = try PublicIdentity.load(path: path, accepting: .legacyUnsigned)
        #expect(identity.name == name && !identity.isSigned)
        #expect(try identity.signingKey().keyID == identity.keyID)
        #expect(throws: VitniError.self) { _ = try PublicIdentity.load(path: path) }
    }

    @Test func theFingerprintIsTheSHA256OfTheEd25519Key() throws {
        let (identity, _) = IdentityFixtures.person("per")
        let decoded = try #require(Base64.decode(identity.minisignPublicKey))
        let raw = Array(decoded[10...])
        #expect(identity.fingerprint == Hex.encode(Hashing.sha256(raw)))
        #expect(identity.spacedFingerprint.split(separator: " ").count == 16)
        let forged = IdentityFixtures.colliding(with: identity, name: "mallory")
        #expect(forged.keyID == identity.keyID && forged.fingerprint != identity.fingerprint)
    }
}
