import Crypto
public import Foundation
public import NIOSSL
import SwiftASN1
import VitniCrypto
import VitniFormats
import X509

/// The observation room's TLS certificate: made for the room when it opens (self-signed, P-256,
/// valid for a day), its private key held only in this process. Observers check it by its
/// fingerprint, which travels in every invitation, so no certificate authority is involved.
public struct RoomCertificate: Sendable {
    /// SHA-256 of the certificate (DER), hex.
    public let certificateSHA256: String
    /// SHA-256 of the SubjectPublicKeyInfo, base64: what a browser pins
    /// (`--ignore-certificate-errors-spki-list`) or a client compares.
    public let publicKeySHA256: String
    /// The certificate itself, DER.
    public let der: [UInt8]
    let chain: [NIOSSLCertificate]
    let key: NIOSSLPrivateKey

    /// - Parameters:
    ///   - session: named in the certificate's subject, so a person sees which room it is.
    ///   - addresses: IP addresses and host names the certificate names (observers may reach
    ///     the room by any of them).
    public init(session: String, addresses: [String], now: Date = Date()) throws {
        let privateKey = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CommonName("Vitni observation room \(session)")
            OrganizationName("Vitni")
        }
        let names: [GeneralName] = (addresses + ["localhost"]).map { address in
            if let bytes = Self.ipAddressBytes(address) { return .ipAddress(ASN1OctetString(contentBytes: bytes[...])) }
            return .dnsName(address)
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames(names)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(privateKey.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: .init(privateKey))
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        der = serializer.serializedBytes
        certificateSHA256 = Hex.encode(Hashing.sha256(der))
        publicKeySHA256 = Data(Hashing.sha256(Array(privateKey.publicKey.derRepresentation))).base64EncodedString()
        chain = [try NIOSSLCertificate(bytes: der, format: .der)]
        key = try NIOSSLPrivateKey(bytes: Array(privateKey.derRepresentation), format: .der)
    }

    /// TLS 1.2 or later, this certificate, no client certificates.
    public var serverConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 literal; nil for a host name.
    static func ipAddressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
