public import Foundation
public import VitniFormats

/// Every failure VitniCrypto reports. Messages never contain key material or plaintext; a failed
/// decryption or signature check says that it failed, not why in a way that helps an attacker.
public enum CryptoError: Error, Equatable, Sendable {
    // Input and output.
    case io(path: String, operation: String, code: Int32)

    // age (grouped like age's own test vectors: armor, header, HMAC, no match, payload).
    case ageArmor(String)
    case ageHeader(String)
    case ageHeaderMAC
    case ageNoMatchingIdentity
    case ageIncorrectPassphrase
    case ageWorkFactorTooHigh(Int)
    case ageUnsupportedIdentity(String)
    case ageTruncated
    case ageChunkAuthentication(chunk: Int)
    case ageEmptyFinalChunk
    case ageTrailingData
    case invalidRecipient(String)
    case invalidIdentity(String)

    // minisign.
    case minisignMalformed(String)
    case minisignIncorrectPassphrase
    case minisignUnsupported(String)
    case minisignPassphraseRequired
    case minisignKDFLimitsTooHigh(opsLimit: UInt64, memLimit: UInt64)
    case minisignLegacyInputTooLarge(limit: Int)
    case minisignInvalidComment(String)
    case signatureKeyMismatch(signatureKeyID: String, publicKeyID: String)
    case signatureInvalid
    case trustedCommentInvalid

    /// The age test-vector class of an age failure, nil for other errors.
    public var ageCategory: AgeFailureCategory? {
        switch self {
        case .ageArmor: .armor
        case .ageHeader, .ageWorkFactorTooHigh, .ageUnsupportedIdentity: .header
        case .ageHeaderMAC: .headerMAC
        case .ageNoMatchingIdentity, .ageIncorrectPassphrase: .noMatch
        case .ageTruncated, .ageChunkAuthentication, .ageEmptyFinalChunk, .ageTrailingData: .payload
        default: nil
        }
    }
}

/// The failure classes the age specification's conformance vectors distinguish.
public enum AgeFailureCategory: String, Sendable {
    case armor = "armor failure"
    case header = "header failure"
    case headerMAC = "HMAC failure"
    case noMatch = "no match"
    case payload = "payload failure"
}

extension CryptoError: LocalizedError, CustomStringConvertible {
    public var description: String { errorDescription ?? "cryptographic failure" }

    public var errorDescription: String? {
        switch self {
        case .io(let path, let operation, let code):
            "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        case .ageArmor(let reason):
            "not a valid ASCII-armored age file: \(reason)"
        case .ageHeader(let reason):
            "not a valid age file: header \(reason)"
        case .ageHeaderMAC:
            "the age header has been altered (header MAC does not match)"
        case .ageNoMatchingIdentity:
            "no identity given can decrypt this file (it was encrypted to other recipients)"
        case .ageIncorrectPassphrase:
            "incorrect passphrase"
        case .ageWorkFactorTooHigh(let logN):
            "the file's scrypt work factor \(logN) exceeds the limit; refusing to spend that long"
        case .ageUnsupportedIdentity(let kind):
            "unsupported identity type \(kind) (post-quantum age recipients are not supported)"
        case .ageTruncated:
            "the encrypted file is truncated: it ends before its final chunk"
        case .ageChunkAuthentication(let chunk):
            "the encrypted payload has been altered or damaged (chunk \(chunk) fails authentication)"
        case .ageEmptyFinalChunk:
            "the encrypted payload is malformed (empty final chunk)"
        case .ageTrailingData:
            "the encrypted file has data after its final chunk"
        case .invalidRecipient(let reason):
            "invalid recipient: \(reason)"
        case .invalidIdentity(let reason):
            "invalid identity: \(reason)"
        case .minisignMalformed(let reason):
            "not a valid minisign file: \(reason)"
        case .minisignIncorrectPassphrase:
            "incorrect passphrase for the signing key"
        case .minisignUnsupported(let reason):
            "unsupported minisign file: \(reason)"
        case .minisignPassphraseRequired:
            "the signing key is encrypted: give its passphrase to unlock it"
        case .minisignKDFLimitsTooHigh(let opsLimit, let memLimit):
            "the secret key file asks for scrypt with opslimit \(opsLimit) and memlimit \(memLimit) bytes, above "
                + "the accepted maximum; refusing to spend that much time or memory (re-encrypt it with `minisign -C`)"
        case .minisignLegacyInputTooLarge(let limit):
            "legacy (non-prehashed) minisign signatures need the whole file in memory, and this file is larger than "
                + "\(limit) bytes; ask the signer to re-sign it with minisign 0.11 or later (prehashed, the default)"
        case .minisignInvalidComment(let reason):
            "invalid signature comment: \(reason)"
        case .signatureKeyMismatch(let signatureKeyID, let publicKeyID):
            "the signature was made by key \(signatureKeyID), not by key \(publicKeyID)"
        case .signatureInvalid:
            "signature verification failed: the file or its signature has been altered, or it was signed by another key"
        case .trustedCommentInvalid:
            "the signature's trusted comment has been altered"
        }
    }
}

extension CryptoError: ReportableError {
    public var exitStatus: ExitStatus {
        switch self {
        case .io, .invalidIdentity, .invalidRecipient, .ageUnsupportedIdentity, .minisignUnsupported,
            .minisignPassphraseRequired, .minisignKDFLimitsTooHigh, .minisignLegacyInputTooLarge,
            .minisignInvalidComment:
            .couldNotCarryOut
        default: .failedCheck
        }
    }

    public var hint: String? {
        switch self {
        case .ageNoMatchingIdentity: "decrypt with an identity the file was encrypted to"
        case .ageIncorrectPassphrase, .minisignIncorrectPassphrase:
            "check the passphrase (or --passphrase-file) and try again"
        case .ageTruncated, .ageChunkAuthentication, .ageTrailingData, .ageHeaderMAC:
            "the file is damaged or was altered: obtain a fresh copy from its custodian; nothing was written"
        case .signatureInvalid, .trustedCommentInvalid:
            "do not rely on this file: it or its signature changed after signing, or another key signed it"
        case .signatureKeyMismatch: "check the signer's key id and verify with that public key"
        default: nil
        }
    }
}
