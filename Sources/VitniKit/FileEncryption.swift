public import VitniCrypto
import VitniFormats

/// Encrypting and decrypting whole files by streaming, with outputs that appear only complete.
public enum FileEncryption {
    /// Encrypts `input` (a path, or stdin for nil / "-") to `output` (a path, or stdout).
    /// Like age, it does not fsync: the output is atomic against a crash of the process, and
    /// callers that keep it as evidence make it durable themselves (sealing does).
    public static func encrypt(input: String?, output: String?, recipients: [any AgeRecipient], armored: Bool) throws {
        let source = try openInput(input)
        let sink = try OutputFile(path: output, mode: 0o644, durable: false)
        try VitniError.wrap(file: input ?? "<stdin>") {
            let encryptor = try Age.Encryptor(recipients: recipients, to: sink, armored: armored)
            // Reads larger than the encryptor's batch (512 KiB) let it seal most batches in place.
            try source.copy(to: encryptor, bufferSize: 1 << 20)
            try encryptor.finish()
        }
        try sink.commit()
    }

    /// Decrypts `input` to `output`. A file output is created only if every chunk authenticates.
    public static func decrypt(input: String?, output: String?, identities: [any AgeIdentity]) throws {
        let source = try openInput(input)
        try VitniError.wrap(file: input ?? "<stdin>", identities: identities) {
            let decryptor = try Age.Decryptor(source: source, identities: identities)
            let sink = try OutputFile(path: output, mode: 0o600, durable: false)
            try decryptor.writeAll(to: sink)
            try sink.commit()
        }
    }
}
