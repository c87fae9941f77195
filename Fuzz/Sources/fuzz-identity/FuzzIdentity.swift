import FuzzSupport
import VitniCrypto
import VitniFormats

@testable import VitniKit

/// The key files a person is handed: a public identity file (`vitni trust add`), an age-keygen
/// identity file, a minisign public-key file and bare line, and an unencrypted minisign secret-key
/// file (encrypted ones stop before scrypt: no passphrase is given), each on every input.
///
/// An identity file that loads re-encodes to a file that loads back equal; an age identity file's
/// keys re-encode to identities that parse back to the same recipient.
@main enum FuzzIdentity {
    static func main() { runFuzzer(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = input(data, size)
    if let identity = try? PublicIdentity.decode(bytes, path: "fuzz") {
        let again = try? PublicIdentity.decode(Array(identity.encoded().utf8), path: "fuzz")
        require(again == identity, "a public identity does not read back as encoded")
    }
    let secret = bytes.withUnsafeBytes { SecretBytes(copying: $0) }
    if let identities = try? Age.parseIdentities(fileContents: secret) {
        for identity in identities {
            let reread = try? Age.parseIdentities(fileContents: identity.keygenFileContents(created: "fuzz"))
            require(
                reread?.map(\.recipient.encoded) == [identity.recipient.encoded],
                "an age identity does not read back as written")
        }
    }
    if let text = String(validating: bytes, as: UTF8.self) {
        if let key = try? MinisignPublicKey(fileText: text) {
            require((try? MinisignPublicKey(base64: key.base64))?.keyID == key.keyID, "minisign key does not re-read")
        }
        _ = try? MinisignPublicKey(base64: text)
    }
    _ = try? MinisignSecretKey(encoded: secret, passphrase: nil)
    return 0
}
