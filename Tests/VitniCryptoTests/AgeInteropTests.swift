import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

/// The stock `age` and `age-keygen` (1.1.x) on one side, Vitni on the other, through files on
/// disk: whatever Vitni encrypts a court must be able to open with `age -d`, and Vitni must open
/// what `age` writes. A missing peer fails these tests with the install hint.
///
/// age's decrypted output is read from its stdout pipe rather than `-o FILE`: age 1.1 opens its
/// output file lazily, so an empty plaintext leaves no file at all.
@Suite struct AgeInteropTests {
    static let sizes = AgeTesting.boundarySizes.filter { $0 <= AgeTesting.chunk + 1 } + [AgeTesting.largeSize]

    // MARK: X25519, one recipient

    @Test(arguments: sizes)
    func vitniEncryptsAgeDecrypts(size: Int) throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let key = try age.generateKey(in: directory, name: "court.key")
        let plaintext = AgeTesting.plaintext(count: size)

        try age.vitniEncrypt(plaintext, to: [Age.X25519Recipient(key.recipient)], path: directory.file("file.age"))
        let decrypted = try age.run(["-d", "-i", key.path, directory.file("file.age")]).stdout
        #expect(AgeTesting.sha256Hex(decrypted) == AgeTesting.sha256Hex(plaintext))
    }

    @Test(arguments: sizes)
    func ageEncryptsVitniDecrypts(size: Int) throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let key = try age.generateKey(in: directory, name: "court.key")
        let plaintext = AgeTesting.plaintext(count: size)
        let plainPath = try directory.write("plain", plaintext)

        try age.run(["-r", key.recipient, "-o", directory.file("file.age"), plainPath])
        let ciphertext = Array(try Data(contentsOf: URL(fileURLWithPath: directory.file("file.age"))))
        #expect(try AgeTesting.header(ciphertext).stanzas.map(\.type) == ["X25519"])
        #expect(
            ciphertext.count - (try AgeTesting.payloadOffset(ciphertext)) + AgeTesting.nonceLength
                == AgeTesting.payloadLength(plaintext: size))
        let decrypted = try age.vitniDecrypt(directory.file("file.age"), with: key.identities)
        #expect(AgeTesting.sha256Hex(decrypted) == AgeTesting.sha256Hex(plaintext))
    }

    /// `age-keygen`'s file, its public key line, `age-keygen -y` and Vitni agree on the recipient.
    @Test func keygenFileAgreesWithVitni() throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let key = try age.generateKey(in: directory, name: "court.key")
        #expect(key.identities.count == 1)
        #expect(key.identities.first?.recipient.encoded == key.recipient)
        let derived = try age.runKeygen(["-y", key.path])
        #expect(derived.stdoutText == key.recipient + "\n")
    }

    /// An identity Vitni generates works with stock age in both roles.
    @Test func vitniGeneratedIdentityWorksWithAge() throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let identity = Age.X25519Identity.generate()
        let keyPath = directory.file("vitni.key")
        do {
            let file = try FileStream.create(keyPath)
            try file.write(Array("# made by Vitni\n".utf8))
            try identity.encoded.withUnsafeBytes { try file.write($0) }
            try file.write([0x0A])
        }
        #expect(try age.runKeygen(["-y", keyPath]).stdoutText == identity.recipient.encoded + "\n")

        let plaintext = AgeTesting.plaintext(count: 70_000)
        let plainPath = try directory.write("plain", plaintext)
        try age.run(["-r", identity.recipient.encoded, "-o", directory.file("from-age.age"), plainPath])
        #expect(try age.vitniDecrypt(directory.file("from-age.age"), with: [identity]) == plaintext)

        try age.vitniEncrypt(plaintext, to: [identity.recipient], path: directory.file("from-vitni.age"))
        let decrypted = try age.run(["-d", "-i", keyPath, directory.file("from-vitni.age")]).stdout
        #expect(AgeTesting.sha256Hex(decrypted) == AgeTesting.sha256Hex(plaintext))
    }

    // MARK: Several recipients

    @Test func ageToSeveralRecipientsEachDecryptsInVitni() throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let a = try age.generateKey(in: directory, name: "a.key")
        let b = try age.generateKey(in: directory, name: "b.key")
        let plaintext = AgeTesting.plaintext(count: 3 * AgeTesting.chunk + 11)
        let plainPath = try directory.write("plain", plaintext)

        try age.run(["-r", a.recipient, "-r", b.recipient, "-o", directory.file("file.age"), plainPath])
        #expect(try age.vitniDecrypt(directory.file("file.age"), with: a.identities) == plaintext)
        #expect(try age.vitniDecrypt(directory.file("file.age"), with: b.identities) == plaintext)
        #expect(throws: CryptoError.ageNoMatchingIdentity) {
            try age.vitniDecrypt(directory.file("file.age"), with: [Age.X25519Identity.generate()])
        }
        // Both keys in one identity file, as a custodian might keep them.
        let both = try Age.parseIdentities(
            fileContents: AgeTesting.secret(
                String(decoding: try Data(contentsOf: URL(fileURLWithPath: a.path)), as: UTF8.self)
                    + String(decoding: try Data(contentsOf: URL(fileURLWithPath: b.path)), as: UTF8.self)))
        #expect(both.map(\.recipient.encoded) == [a.recipient, b.recipient])
    }

    @Test func vitniToSeveralRecipientsEachDecryptsInAge() throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let a = try age.generateKey(in: directory, name: "a.key")
        let b = try age.generateKey(in: directory, name: "b.key")
        let stranger = try age.generateKey(in: directory, name: "stranger.key")
        let plaintext = AgeTesting.plaintext(count: 3 * AgeTesting.chunk + 11)
        let recipients = try [a, b].map { try Age.X25519Recipient($0.recipient) }
        try age.vitniEncrypt(plaintext, to: recipients, path: directory.file("file.age"))

        for key in [a, b] {
            let decrypted = try age.run(["-d", "-i", key.path, directory.file("file.age")]).stdout
            #expect(AgeTesting.sha256Hex(decrypted) == AgeTesting.sha256Hex(plaintext))
        }
        let refused = try age.run(["-d", "-i", stranger.path, directory.file("file.age")], expectSuccess: false)
        #expect(refused.status != 0)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderrText.contains("no identity matched"))
    }

    /// Fifty recipients make a header of about 5 KB, more than the decryptor's first 4 KiB read.
    @Test(arguments: [false, true])
    func headersLargerThanOneRead(armored: Bool) throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let identities = (0..<50).map { _ in Age.X25519Identity.generate() }
        let last = try #require(identities.last)
        let keyPath = directory.file("last.key")
        do {
            let file = try FileStream.create(keyPath)
            try last.encoded.withUnsafeBytes { try file.write($0) }
        }
        let recipientsPath = try directory.write(
            "recipients.txt", identities.map { $0.recipient.encoded + "\n" }.joined())
        let plaintext = AgeTesting.plaintext(count: AgeTesting.chunk + 3)
        let plainPath = try directory.write("plain", plaintext)

        try age.run((armored ? ["-a"] : []) + ["-R", recipientsPath, "-o", directory.file("from-age.age"), plainPath])
        let fromAge = Array(try Data(contentsOf: URL(fileURLWithPath: directory.file("from-age.age"))))
        #expect(fromAge.count > 5000 + plaintext.count)
        #expect(try AgeTesting.decrypt(fromAge, with: [last], bufferSize: 1000) == plaintext)

        try age.vitniEncrypt(
            plaintext, to: identities.map(\.recipient), path: directory.file("from-vitni.age"), armored: armored)
        let decrypted = try age.run(["-d", "-i", keyPath, directory.file("from-vitni.age")]).stdout
        #expect(AgeTesting.sha256Hex(decrypted) == AgeTesting.sha256Hex(plaintext))
    }

    // MARK: Passphrases (age reads them only from a terminal)

    @Test func vitniPassphraseFileDecryptsInAge() throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let passphrase = "kestrel orbit 7 marble"
        let plaintext = AgeTesting.plaintext(count: AgeTesting.chunk + 1)
        let recipient = Age.ScryptRecipient(passphrase: AgeTesting.secret(passphrase), workFactor: 10)
        try age.vitniEncrypt(plaintext, to: [recipient], path: directory.file("file.age"))

        try age.runTyping([passphrase], ["-d", "-o", directory.file("out"), directory.file("file.age")])
        #expect(try AgeTesting.sha256Hex(file: directory.file("out")) == AgeTesting.sha256Hex(plaintext))

        let wrong = try age.runTyping(
            [passphrase + "x"], ["-d", "-o", directory.file("out-wrong"), directory.file("file.age")],
            expectSuccess: false)
        #expect(wrong.status != 0)
        #expect(wrong.stdoutText.contains("incorrect passphrase"))
    }

    @Test func vitniArmoredPassphraseFileDecryptsInAge() throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let passphrase = "armored Lösenord ü 密码"  // typed as UTF-8, as a terminal sends it
        let plaintext = AgeTesting.plaintext(count: 1000)
        let recipient = Age.ScryptRecipient(passphrase: AgeTesting.secret(passphrase), workFactor: 12)
        try age.vitniEncrypt(plaintext, to: [recipient], path: directory.file("file.age"), armored: true)

        try age.runTyping([passphrase], ["-d", "-o", directory.file("out"), directory.file("file.age")])
        #expect(try AgeTesting.sha256Hex(file: directory.file("out")) == AgeTesting.sha256Hex(plaintext))
    }

    /// Vitni's on-disk identity form (an identity file encrypted to a passphrase) is one that
    /// `age -d -i` unlocks itself, prompting for the passphrase.
    @Test(arguments: [false, true])
    func passphraseProtectedIdentityFileWorksInAge(armored: Bool) throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let passphrase = "identity file passphrase"
        let identity = Age.X25519Identity.generate()
        let keyPath = directory.file("identity.age")
        do {
            let file = try FileStream.create(keyPath)
            let recipient = Age.ScryptRecipient(passphrase: AgeTesting.secret(passphrase), workFactor: 10)
            let encryptor = try Age.Encryptor(recipients: [recipient], to: file, armored: armored)
            try encryptor.write(Array("# public key: \(identity.recipient.encoded)\n".utf8))
            try identity.encoded.withUnsafeBytes { try encryptor.write($0) }
            try encryptor.write([0x0A])
            try encryptor.finish()
        }
        let plaintext = AgeTesting.plaintext(count: 2 * AgeTesting.chunk)
        try age.vitniEncrypt(plaintext, to: [identity.recipient], path: directory.file("file.age"))

        let result = try age.runTyping(
            [passphrase], ["-d", "-i", keyPath, "-o", directory.file("out"), directory.file("file.age")])
        #expect(result.stdoutText.contains("passphrase"), "age should have prompted: \(result.stdoutText)")
        #expect(try AgeTesting.sha256Hex(file: directory.file("out")) == AgeTesting.sha256Hex(plaintext))

        // And Vitni reads it back the same way.
        let unlocked = try age.vitniDecrypt(
            keyPath, with: [Age.ScryptIdentity(passphrase: AgeTesting.secret(passphrase))])
        let identities = try unlocked.withUnsafeBytes {
            try Age.parseIdentities(fileContents: SecretBytes(copying: $0))
        }
        #expect(identities.map(\.recipient) == [identity.recipient])
    }

    /// The one test at age's default work factor (2^18): about a second to decrypt.
    @Test func agePassphraseFileDecryptsInVitni() throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let passphrase = "court exhibit 12 passphrase"
        let plaintext = AgeTesting.plaintext(count: AgeTesting.chunk + 1)
        let plainPath = try directory.write("plain", plaintext)

        try age.runTyping([passphrase, passphrase], ["-p", "-o", directory.file("file.age"), plainPath])
        let ciphertext = Array(try Data(contentsOf: URL(fileURLWithPath: directory.file("file.age"))))
        let stanza = try #require(try AgeTesting.header(ciphertext).stanzas.first)
        #expect(stanza.type == "scrypt")
        #expect(stanza.arguments.last == String(Age.defaultWorkFactor))

        let limited = Age.ScryptIdentity(passphrase: AgeTesting.secret(passphrase), maximumWorkFactor: 17)
        #expect(throws: CryptoError.ageWorkFactorTooHigh(18)) { try AgeTesting.decrypt(ciphertext, with: [limited]) }
        let identity = Age.ScryptIdentity(passphrase: AgeTesting.secret(passphrase))
        #expect(try AgeTesting.decrypt(ciphertext, with: [identity]) == plaintext)
    }

    // MARK: ASCII armor

    static let armoredSizes = [0, 1, 40, 41, AgeTesting.chunk + 1, 3 * AgeTesting.chunk, AgeTesting.largeSize]

    @Test(arguments: armoredSizes)
    func ageArmorDecryptsInVitni(size: Int) throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let key = try age.generateKey(in: directory, name: "court.key")
        let plaintext = AgeTesting.plaintext(count: size)
        let plainPath = try directory.write("plain", plaintext)

        try age.run(["-a", "-r", key.recipient, "-o", directory.file("file.age"), plainPath])
        let armored = Array(try Data(contentsOf: URL(fileURLWithPath: directory.file("file.age"))))
        #expect(armored.starts(with: Age.Armor.beginLine))
        let decrypted = try age.vitniDecrypt(directory.file("file.age"), with: key.identities)
        #expect(AgeTesting.sha256Hex(decrypted) == AgeTesting.sha256Hex(plaintext))
        if size < 1 << 20 {
            #expect(try AgeTesting.decrypt(armored, with: key.identities, armored: true) == plaintext)
        }
    }

    @Test(arguments: armoredSizes)
    func vitniArmorDecryptsInAge(size: Int) throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let key = try age.generateKey(in: directory, name: "court.key")
        let plaintext = AgeTesting.plaintext(count: size)

        try age.vitniEncrypt(
            plaintext, to: [Age.X25519Recipient(key.recipient)], path: directory.file("file.age"), armored: true)
        let decrypted = try age.run(["-d", "-i", key.path, directory.file("file.age")]).stdout
        #expect(AgeTesting.sha256Hex(decrypted) == AgeTesting.sha256Hex(plaintext))
    }

    /// Vitni's armor is byte-for-byte the armor age writes for the same binary file.
    @Test func armorMatchesAgeByteForByte() throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let key = try age.generateKey(in: directory, name: "court.key")
        let plaintext = AgeTesting.plaintext(count: 3 * AgeTesting.chunk + 5)
        let plainPath = try directory.write("plain", plaintext)
        try age.run(["-a", "-r", key.recipient, "-o", directory.file("file.age"), plainPath])
        let ageArmor = Array(try Data(contentsOf: URL(fileURLWithPath: directory.file("file.age"))))

        // Strip age's armor, then re-armor the same bytes with Vitni's encoder.
        let text = String(decoding: ageArmor, as: UTF8.self)
        let binary = try #require(Base64.decode(text.split(separator: "\n").dropFirst().dropLast().joined()))
        var encoder = Age.Armor.Encoder()
        var vitniArmor = Age.Armor.Encoder.header
        vitniArmor += binary.withUnsafeBytes { encoder.encode($0) }
        vitniArmor += encoder.finish()
        #expect(vitniArmor == ageArmor)
    }
}

extension AgeInteropTests {
    // MARK: Same verdict as age on damaged files

    /// Decrypts `variant` with both age and Vitni; they must agree on whether it is valid, and a
    /// file either accepts must give the original plaintext.
    private static func expectSameVerdict(
        _ variant: [UInt8], _ name: String, plaintext: [UInt8], key: AgePeer.KeyFile, age: AgePeer,
        directory: TemporaryDirectory
    ) throws {
        let path = try directory.write("variant", variant)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ageResult = try age.run(["-d", "-i", key.path, path], expectSuccess: false)
        let ageAccepts = ageResult.status == 0
        if ageAccepts { #expect(ageResult.stdout == plaintext, "\(name): age accepted different plaintext") }
        do {
            let decrypted = try AgeTesting.decrypt(variant, with: key.identities)
            #expect(ageAccepts, "\(name): Vitni accepted a file age rejects (\(ageResult.stderrText))")
            #expect(decrypted == plaintext, "\(name): Vitni accepted different plaintext")
        } catch {
            #expect(!ageAccepts, "\(name): Vitni rejected a file age accepts: \(error)")
        }
    }

    /// Cuts at and around every chunk boundary, appended bytes, and swapped or repeated chunks.
    @Test(arguments: [0, 1, AgeTesting.chunk, AgeTesting.chunk + 1, 2 * AgeTesting.chunk])
    func sameVerdictAsAgeOnTruncationAndExtension(size: Int) throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let key = try age.generateKey(in: directory, name: "court.key")
        let plaintext = AgeTesting.plaintext(count: size)
        let file = try AgeTesting.encrypt(plaintext, to: [Age.X25519Recipient(key.recipient)])
        let payload = try AgeTesting.payloadOffset(file)
        let sealed = AgeTesting.sealedChunk

        var cuts = Set((1...18).map { file.count - $0 })
        for boundary in 0...2 {
            for delta in [-17, -16, -15, -1, 0, 1, 15, 16, 17] {
                cuts.insert(payload + boundary * sealed + delta)
            }
        }
        var variants = cuts.filter { $0 >= 0 && $0 < file.count }.sorted().map { ("cut at \($0)", Array(file[..<$0])) }
        for extra in [1, 15, 16, 17, sealed, sealed + 1] {
            variants.append(("\(extra) bytes appended", file + testBytes(count: extra, seed: UInt64(extra))))
        }
        let finalChunk = (size == 0 ? 0 : (size - 1) % AgeTesting.chunk + 1) + AgeTesting.tag
        variants.append(("final chunk repeated", file + file[(file.count - finalChunk)...]))
        if file.count >= payload + 2 * sealed {
            let first = file[payload..<(payload + sealed)]
            let second = file[(payload + sealed)..<(payload + 2 * sealed)]
            variants.append(
                ("first two chunks swapped", Array(file[..<payload] + second + first + file[(payload + 2 * sealed)...]))
            )
            variants.append(("first chunk repeated", Array(file[..<(payload + sealed)] + file[payload...])))
        }
        for (name, variant) in variants {
            try Self.expectSameVerdict(variant, name, plaintext: plaintext, key: key, age: age, directory: directory)
        }
    }

    /// Seeded random edits to the header text: flipped bits, substituted, deleted and inserted
    /// characters. The header is where the grammar lives; the verdicts must match age's.
    @Test func sameVerdictAsAgeOnHeaderEdits() throws {
        let age = try AgePeer()
        let directory = try TemporaryDirectory()
        let key = try age.generateKey(in: directory, name: "court.key")
        let plaintext = AgeTesting.plaintext(count: 100)
        let file = try AgeTesting.encrypt(
            plaintext, to: [Age.X25519Identity.generate().recipient, Age.X25519Recipient(key.recipient)])
        let headerEnd = try AgeTesting.payloadOffset(file) - AgeTesting.nonceLength
        let replacements = Array(" \n\r\t-+/=>AZaz09".utf8) + [0x00, 0x7F, 0x80]
        var random = SeededGenerator(seed: 0xA6E)

        for round in 0..<300 {
            var variant = file
            let position = Int.random(in: 0..<headerEnd, using: &random)
            let kind = round % 4
            switch kind {
            case 0: variant[position] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            case 1: variant[position] = replacements.randomElement(using: &random)!
            case 2: variant.remove(at: position)
            default: variant.insert(replacements.randomElement(using: &random)!, at: position)
            }
            try Self.expectSameVerdict(
                variant, "edit \(kind) at \(position)", plaintext: plaintext, key: key, age: age, directory: directory)
        }
    }
}

/// The stock age tools, and Vitni's side of each exchange through files.
struct AgePeer {
    let age: String
    let keygen: String

    init() throws {
        age = try Peer.path("age")
        keygen = try Peer.path("age-keygen")
    }

    /// A key file written by `age-keygen -o`, its public key line, and Vitni's reading of it.
    struct KeyFile {
        let path: String
        let recipient: String
        let identities: [Age.X25519Identity]
    }

    func generateKey(in directory: TemporaryDirectory, name: String) throws -> KeyFile {
        let path = directory.file(name)
        let result = try runKeygen(["-o", path])
        let announced = try #require(
            result.stderrText.split(separator: "\n").first { $0.hasPrefix("Public key: ") }?.dropFirst(12))
        let contents = try AgeTesting.readSecretFile(path)
        let publicLine = try contents.withUnsafeBytes { bytes in
            // Only the comment line is copied out; the secret line stays in guarded memory.
            let lines = bytes.split(separator: 0x0A)
            let prefix = Array("# public key: ".utf8)
            let line = try #require(lines.first { $0.starts(with: prefix) })
            return String(decoding: line.dropFirst(prefix.count), as: UTF8.self)
        }
        #expect(publicLine == String(announced))
        let identities = try Age.parseIdentities(fileContents: contents)
        return KeyFile(path: path, recipient: publicLine, identities: identities)
    }

    @discardableResult
    func run(_ arguments: [String], expectSuccess: Bool = true) throws -> ProcessResult {
        try check(runProcess(age, arguments), "age", arguments, expectSuccess)
    }

    @discardableResult
    func runKeygen(_ arguments: [String]) throws -> ProcessResult {
        try check(runProcess(keygen, arguments), "age-keygen", arguments, true)
    }

    /// Runs age with a pseudo-terminal as its controlling terminal (util-linux `script`), typing
    /// `lines` into it: age reads passphrases from /dev/tty only, never from a pipe. The typed
    /// text sits in the terminal's input queue until age turns echo off and reads a line.
    /// - Returns: the result; the terminal transcript (prompts, age's errors) is in `stdout`.
    @discardableResult
    func runTyping(_ lines: [String], _ arguments: [String], expectSuccess: Bool = true) throws -> ProcessResult {
        let script = try Peer.path("script")
        let command = ([age] + arguments).map(shellQuoted).joined(separator: " ")
        let typed = Array(lines.map { $0 + "\n" }.joined().utf8)
        let result = try runProcess(script, ["--quiet", "--return", "--command", command, "/dev/null"], stdin: typed)
        return try check(result, "age (under a terminal)", arguments, expectSuccess)
    }

    private func shellQuoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    private func check(_ result: ProcessResult, _ name: String, _ arguments: [String], _ expectSuccess: Bool) throws
        -> ProcessResult
    {
        if expectSuccess && result.status != 0 {
            throw TestSupportError(
                "\(name) \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderrText)\(result.stdoutText)"
            )
        }
        return result
    }

    /// Encrypts to a new file through FileStream, in 1 MiB writes.
    func vitniEncrypt(_ plaintext: [UInt8], to recipients: [any AgeRecipient], path: String, armored: Bool = false)
        throws
    {
        let file = try FileStream.create(path)
        let encryptor = try Age.Encryptor(recipients: recipients, to: file, armored: armored)
        try AgeTesting.write(plaintext, to: encryptor, pieces: [1 << 20])
        try encryptor.finish()
    }

    func vitniDecrypt(_ path: String, with identities: [any AgeIdentity]) throws -> [UInt8] {
        try AgeTesting.readAll(Age.Decryptor(source: FileStream.open(readingFrom: path), identities: identities))
    }
}
