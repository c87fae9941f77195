import ArgumentParser
import VitniCrypto
import VitniFormats
import VitniKit

struct EncryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Encrypt to age recipients or a passphrase (an age v1 file: `age -d` decrypts it).",
        discussion: examples(
            "vitni encrypt -r per -o interview.flac.age interview.flac",
            "vitni encrypt -r per -r anna < interview.flac > interview.flac.age",
            "vitni encrypt -p -a -o note.txt.age note.txt"))

    @Option(
        name: [.customShort("r"), .customLong("recipient")],
        help: ArgumentHelp(
            "Recipient: age1…, an identity name, or a public identity file. Repeatable.", valueName: "recipient"))
    var recipients: [String] = []

    @Option(
        name: [.customShort("R"), .customLong("recipients-file")],
        help: ArgumentHelp(
            "File of recipients, one age1… per line (or a public identity file). Repeatable.", valueName: "file"))
    var recipientFiles: [String] = []

    @Flag(
        name: [.customShort("p"), .customLong("passphrase")],
        help: "Encrypt with a passphrase (scrypt) instead of recipients.")
    var passphrase = false

    @Flag(name: [.customShort("a"), .customLong("armor")], help: "Write ASCII armor.")
    var armor = false

    @OptionGroup var files: StreamFiles
    @OptionGroup var passphraseOptions: PassphraseOptions

    func validate() throws {
        if passphrase && !(recipients.isEmpty && recipientFiles.isEmpty) {
            throw ValidationError("-p cannot be combined with -r or -R")
        }
        if !passphrase && recipients.isEmpty && recipientFiles.isEmpty {
            throw ValidationError("give at least one -r RECIPIENT, -R FILE, or -p")
        }
    }

    func run() throws {
        let resolver = passphraseOptions.resolver()
        var targets: [any AgeRecipient] = []
        if passphrase {
            targets = [
                Age.ScryptRecipient(passphrase: try passphraseOptions.newPassphrase(for: "the encrypted file"))
            ]
        } else {
            targets += try recipients.map { try resolver.recipient($0) }
            for file in recipientFiles { targets += try resolver.recipients(file: file) }
        }
        try FileEncryption.encrypt(input: files.input, output: files.output, recipients: targets, armored: armor)
    }
}

struct DecryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt an age file (binary or armored). Nothing is written unless the whole file authenticates.",
        discussion: examples(
            "vitni decrypt -i per -o interview.flac interview.flac.age",
            "vitni decrypt -i per.agekey -o interview.flac interview.flac.age",
            "vitni decrypt --agent -o interview.flac interview.flac.age",
            "vitni decrypt -p -o note.txt note.txt.age"))

    @Option(
        name: [.customShort("i"), .customLong("identity")],
        help: ArgumentHelp(
            "Identity: an age identity file (age-keygen format) or an identity name. Repeatable.",
            valueName: "identity"))
    var identities: [String] = []

    @Flag(name: [.customShort("p"), .customLong("passphrase")], help: "Decrypt with a passphrase.")
    var passphrase = false

    @Flag(help: "Decrypt with the identities unlocked in the agent (`vitni unlock NAME`): no passphrase asked.")
    var agent = false

    @OptionGroup var files: StreamFiles
    @OptionGroup var passphraseOptions: PassphraseOptions

    func validate() throws {
        if [passphrase, agent, !identities.isEmpty].filter({ $0 }).count != 1 {
            throw ValidationError("give either -i IDENTITY (repeatable), -p or --agent")
        }
    }

    func run() throws {
        let resolver = passphraseOptions.resolver()
        let keys: [any AgeIdentity] =
            if passphrase {
                [Age.ScryptIdentity(passphrase: try passphraseOptions.passphrase(for: "the encrypted file"))]
            } else if agent {
                [AgentIdentity()]
            } else {
                try identities.flatMap { try resolver.ageIdentities($0) }
            }
        try FileEncryption.decrypt(input: files.input, output: files.output, identities: keys)
    }
}

/// Input and output as age takes them: standard input and output unless named.
struct StreamFiles: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Output file (default: standard output).", valueName: "file"))
    var output: String?

    @Argument(help: ArgumentHelp("Input file (default: standard input).", valueName: "file"))
    var input: String?
}
