import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

@testable import VitniKit

/// One order for every option that names a person or a key: own name, trusted name, file, key.
@Suite struct KeyNamingTests {
    let home: TemporaryDirectory
    let work: TemporaryDirectory
    let store: KeyStore
    let per: PublicIdentity

    init() throws {
        home = try TemporaryDirectory()
        work = try TemporaryDirectory()
        store = KeyStore(home: home.path)
        (per, _) = IdentityFixtures.person("per")
        try TrustStore(keyStore: store).add(file: try work.write("per.json", per.encoded()))
    }

    @Test func aTrustedNameAndAPublicIdentityFileAreWholePeople() throws {
        #expect(try store.publicIdentity("per") == per)
        let (other, _) = IdentityFixtures.person("olle")
        #expect(try store.publicIdentity(try work.write("olle.json", other.encoded())) == other)
    }

    @Test func bareKeysServeOnlyWhereAKeyIsEnough() throws {
        guard case .ageRecipient(let recipient) = try store.resolve(per.ageRecipient, for: .recipient) else {
            throw TestSupportError("not a recipient")
        }
        #expect(recipient.encoded == per.ageRecipient)
        guard case .signingKey(let key) = try store.resolve(per.minisignPublicKey, for: .signingKey) else {
            throw TestSupportError("not a signing key")
        }
        #expect(key.base64 == per.minisignPublicKey)
        #expect(throws: NamingError.needsWholeIdentity(per.ageRecipient, kind: "an age recipient")) {
            try store.publicIdentity(per.ageRecipient)
        }
        #expect(throws: NamingError.needsWholeIdentity(per.minisignPublicKey, kind: "a minisign public key")) {
            try store.resolve(per.minisignPublicKey, for: .recipient)
        }
    }

    @Test func closeMatchesComeFromOwnAndTrustedNames() throws {
        #expect(throws: NamingError.unknown("pre", closeMatches: ["per"])) { try store.publicIdentity("pre") }
        #expect(throws: NamingError.unknown("PER", closeMatches: ["per"])) { try store.publicIdentity("PER") }
        #expect(throws: NamingError.unknown("zacharias", closeMatches: [])) { try store.publicIdentity("zacharias") }
        #expect(editDistance("anna", "ana", atMost: 2) == 1)
        #expect(editDistance("anna", "bo", atMost: 2) == 3)
    }
}
