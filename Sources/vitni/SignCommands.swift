import ArgumentParser
import Foundation
import VitniCrypto
import VitniKit

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a file with minisign's prehashed Ed25519 (`minisign -V -H` verifies it).",
        discussion: examples(
            "vitni sign -k anna interview.flac.age",
            "vitni sign -k anna -t \"CASE-2026-0042 recording\" interview.flac.age",
            "vitni sign -k anna -x interview.sig interview.flac.age"))

    @Option(
        name: [.customShort("k"), .customLong("key")],
        help: ArgumentHelp("Signing key: an identity name or a minisign secret-key file.", valueName: "identity"))
    var key: String
    @Option(
        name: [.customShort("t"), .customLong("trusted-comment")],
        help: ArgumentHelp("Trusted comment (signed along with the file).", valueName: "text"))
    var trustedComment: String?
    @Option(
        name: [.customShort("x"), .customLong("signature-file")],
        help: ArgumentHelp("Signature file (default: FILE.minisig).", valueName: "file"))
    var signatureFile: String?
    @OptionGroup var passphraseOptions: PassphraseOptions
    @Argument(help: ArgumentHelp("File to sign.", valueName: "file")) var file: String

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
        abstract: "Check a minisign signature. Exit 0 valid, 1 invalid.",
        discussion: examples(
            "vitni check-signature -P anna interview.flac.age",
            "vitni check-signature -P anna.pub interview.flac.age",
            "vitni check-signature -P anna -x interview.sig interview.flac.age"))

    @Option(
        name: [.customShort("P"), .customLong("public-key")],
        help: ArgumentHelp(
            "Public key: RW… base64, a minisign .pub file, a public identity file, or an identity name.",
            valueName: "key"))
    var publicKey: String
    @Option(
        name: [.customShort("x"), .customLong("signature-file")],
        help: ArgumentHelp("Signature file (default: FILE.minisig).", valueName: "file"))
    var signatureFile: String?
    @Argument(help: ArgumentHelp("Signed file.", valueName: "file")) var file: String

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
