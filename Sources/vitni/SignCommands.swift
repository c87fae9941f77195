import ArgumentParser
import Foundation
import VitniCrypto
import VitniKit

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a file with minisign's prehashed Ed25519 (`minisign -V -H` verifies it).")

    @Option(name: .customShort("k"), help: "Signing key: an identity name or a minisign secret-key file.") var key:
        String
    @Option(name: .customShort("t"), help: "Trusted comment (signed along with the file).") var trustedComment: String?
    @Option(name: .customShort("x"), help: "Signature file (default: FILE.minisig).") var signatureFile: String?
    @OptionGroup var passphraseOptions: PassphraseOptions
    @Argument(help: "File to sign.") var file: String

    func run() throws {
        let signer = try passphraseOptions.signer(key)
        let signature = try Signatures.sign(file: file, signer: signer, trustedComment: trustedComment)
        let target = signatureFile ?? file + ".minisig"
        try OutputFile.write(Array(signature.utf8), to: target, mode: 0o644)
        print("signed \(file) with key \(signer.keyID): \(target)")
    }
}

struct CheckSignatureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-signature",
        abstract: "Check a minisign signature. Exit 0 valid, 1 invalid.")

    @Option(
        name: .customShort("P"),
        help: "Public key: RW… base64, a minisign .pub file, a public identity file, or an identity name.")
    var publicKey: String
    @Option(name: .customShort("x"), help: "Signature file (default: FILE.minisig).") var signatureFile: String?
    @Argument(help: "Signed file.") var file: String

    func run() throws {
        let key = try PassphraseOptions().resolver().publicKey(publicKey)
        let result = try Signatures.verify(
            file: file, signatureFile: signatureFile ?? file + ".minisig", publicKey: key)
        if result.isLegacy {
            printWarning("legacy (non-prehashed) signature: accepted, but re-sign with the prehashed form")
        }
        print("signature valid: \(file), key \(result.keyID)")
        print("trusted comment: \(result.trustedComment)")
    }
}
