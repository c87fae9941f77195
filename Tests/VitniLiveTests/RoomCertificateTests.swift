import Foundation
import SwiftASN1
import Testing
import VitniCrypto
import VitniFormats
import X509

@testable import VitniLive

@Suite struct RoomCertificateTests {
    @Test func theFingerprintsAreThoseOfTheCertificateAndItsKey() throws {
        let room = try RoomCertificate(session: "CASE-1_S01", addresses: ["10.0.0.5", "fe80::1", "room.local"])
        #expect(room.certificateSHA256 == Hex.encode(Hashing.sha256(room.der)))
        let certificate = try Certificate(derEncoded: room.der)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate.publicKey)
        #expect(room.publicKeySHA256 == Data(Hashing.sha256(serializer.serializedBytes)).base64EncodedString())
        #expect(String(describing: certificate.subject).contains("CASE-1_S01"))
        let names = Array(try certificate.extensions.subjectAlternativeNames ?? SubjectAlternativeNames([]))
        #expect(names.contains(GeneralName.ipAddress(ASN1OctetString(contentBytes: [10, 0, 0, 5]))))
        #expect(names.contains(GeneralName.dnsName("room.local")) && names.contains(GeneralName.dnsName("localhost")))
        #expect(names.count == 4, "two addresses, a name, and localhost")
        #expect(certificate.notValidAfter.timeIntervalSinceNow <= 86_401, "valid for a day")
    }

    @Test func eachRoomHasItsOwnKey() throws {
        let first = try RoomCertificate(session: "S", addresses: [])
        let second = try RoomCertificate(session: "S", addresses: [])
        #expect(first.publicKeySHA256 != second.publicKeySHA256)
    }

    @Test func hostHeadersAreReadStrictly() {
        #expect(ObservationAccess.authority("10.0.0.5:8443")! == ("10.0.0.5", 8443))
        #expect(ObservationAccess.authority("[FE80::1]:443")! == ("fe80::1", 443))
        #expect(ObservationAccess.authority("10.0.0.5") == nil, "no port: not this room's address")
        #expect(ObservationAccess.authority("a:b:c") == nil)
        #expect(ObservationAccess.authority("[fe80::1]") == nil)
        #expect(ObservationAccess.authority("evil.example:8443")! == ("evil.example", 8443))
    }
}
