import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

/// Encrypt → decrypt through the library alone: every size around the chunk boundary, every
/// recipient kind, armor, and uneven writes and reads.
@Suite struct AgeRoundTripTests {
    static let sizes = AgeTesting.boundarySizes + [AgeTesting.largeSize]

    @Test(arguments: sizes)
    func x25519RoundTrip(size: Int) throws {
        let plaintext = AgeTesting.plaintext(count: size)
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(plaintext, to: [identity.recipient])

        let payloadOffset = try AgeTesting.payloadOffset(ciphertext)
        #expect(ciphertext.count - payloadOffset + AgeTesting.nonceLength == AgeTesting.payloadLength(plaintext: size))
        let header = try AgeTesting.header(ciphertext)
        #expect(header.stanzas.map(\.type) == ["X25519"])

        let decrypted = try AgeTesting.decrypt(ciphertext, with: [identity])
        #expect(decrypted.count == size)
        #expect(decrypted == plaintext)
    }

    @Test func freshKeysAndNoncesEveryTime() throws {
        let plaintext = AgeTesting.plaintext(count: 1000)
        let identity = Age.X25519Identity.generate()
        let first = try AgeTesting.encrypt(plaintext, to: [identity.recipient])
        let second = try AgeTesting.encrypt(plaintext, to: [identity.recipient])
        #expect(first != second)
        #expect(first.count == second.count)
        #expect(Age.X25519Identity.generate().recipient != identity.recipient)
    }

    @Test func identityTextRoundTrips() throws {
        let identity = Age.X25519Identity.generate()
        let text = identity.encoded.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        #expect(text.hasPrefix("AGE-SECRET-KEY-1"))
        #expect(text == text.uppercased())
        let parsed = try Age.X25519Identity(text)
        #expect(parsed.recipient == identity.recipient)
        #expect(parsed.recipient.encoded.hasPrefix("age1"))
        #expect(try Age.X25519Recipient(identity.recipient.encoded) == identity.recipient)

        let file = "# created: today\n# public key: \(identity.recipient.encoded)\n\(text)\n"
        let parsedFile = try Age.parseIdentities(fileContents: AgeTesting.secret(file))
        #expect(parsedFile.map(\.recipient) == [identity.recipient])
    }

    @Test(arguments: [0, 1, AgeTesting.chunk + 1])
    func severalRecipientsEachDecryptAlone(size: Int) throws {
        let plaintext = AgeTesting.plaintext(count: size)
        let identities = (0..<3).map { _ in Age.X25519Identity.generate() }
        let ciphertext = try AgeTesting.encrypt(plaintext, to: identities.map(\.recipient))
        #expect(try AgeTesting.header(ciphertext).stanzas.map(\.type) == ["X25519", "X25519", "X25519"])

        for identity in identities {
            #expect(try AgeTesting.decrypt(ciphertext, with: [identity]) == plaintext)
        }
        // A non-matching identity ahead of a matching one is passed over.
        let stranger = Age.X25519Identity.generate()
        #expect(try AgeTesting.decrypt(ciphertext, with: [stranger, identities[2]]) == plaintext)
    }

    @Test(arguments: [0, 1, AgeTesting.chunk, AgeTesting.chunk + 1])
    func scryptRoundTrip(size: Int) throws {
        let plaintext = AgeTesting.plaintext(count: size)
        let recipient = Age.ScryptRecipient(
            passphrase: AgeTesting.secret("correct horse battery staple"), workFactor: 10)
        let ciphertext = try AgeTesting.encrypt(plaintext, to: [recipient])

        let stanzas = try AgeTesting.header(ciphertext).stanzas
        #expect(stanzas.map(\.type) == ["scrypt"])
        #expect(stanzas.first?.arguments.last == "10")

        let identity = Age.ScryptIdentity(passphrase: AgeTesting.secret("correct horse battery staple"))
        #expect(try AgeTesting.decrypt(ciphertext, with: [identity]) == plaintext)
    }

    /// Sizes whose armored body ends on a full 64-column line (a single X25519 recipient gives a
    /// 184-byte header and nonce, so 40 bytes of plaintext make 240 = 5 × 48 bytes) and around it.
    @Test(arguments: [0, 1, 39, 40, 41, AgeTesting.chunk, AgeTesting.chunk + 1, AgeTesting.largeSize])
    func armoredRoundTrip(size: Int) throws {
        let plaintext = AgeTesting.plaintext(count: size)
        let identity = Age.X25519Identity.generate()
        let armored = try AgeTesting.encrypt(plaintext, to: [identity.recipient], armored: true)

        #expect(armored.starts(with: Array("-----BEGIN AGE ENCRYPTED FILE-----\n".utf8)))
        #expect(armored.reversed().starts(with: Array("\n-----END AGE ENCRYPTED FILE-----\n".utf8).reversed()))
        let lineLengths = armored.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(\.count)
        #expect(lineLengths.allSatisfy { $0 <= 64 })
        #expect(lineLengths.dropFirst().dropLast(2).allSatisfy { $0 == 64 }, "only the last body line may be short")
        #expect(!armored.contains(0x0D))
        if size == 40 { #expect(lineLengths[lineLengths.count - 2] == 64, "240 bytes fill exactly five lines") }
        #expect(try AgeTesting.decrypt(armored, with: [identity]) == plaintext)

        guard size < 1 << 20 else { return }  // the rest would only repeat the same work, slowly
        // The armor decodes to a binary age file of the expected length.
        let text = String(decoding: armored, as: UTF8.self)
        let body = text.split(separator: "\n").dropFirst().dropLast()
        let binary = try #require(Base64.decode(body.joined()))
        #expect(
            binary.count - (try AgeTesting.payloadOffset(binary)) + AgeTesting.nonceLength
                == AgeTesting.payloadLength(plaintext: size))
        #expect(try AgeTesting.decrypt(armored, with: [identity], armored: true) == plaintext)
        #expect(try AgeTesting.decrypt(binary, with: [identity], armored: false) == plaintext)
    }

    @Test func armoredScryptRoundTrip() throws {
        let plaintext = AgeTesting.plaintext(count: 5000)
        let recipient = Age.ScryptRecipient(passphrase: AgeTesting.secret("armored passphrase"), workFactor: 10)
        let armored = try AgeTesting.encrypt(plaintext, to: [recipient], armored: true)
        #expect(armored.starts(with: Age.Armor.beginLine))
        let identity = Age.ScryptIdentity(passphrase: AgeTesting.secret("armored passphrase"))
        #expect(try AgeTesting.decrypt(armored, with: [identity]) == plaintext)
    }

    /// Writes that straddle chunk boundaries in every way must produce the same plaintext.
    @Test(arguments: [[1], [7], [65537], [1, 7, 65537], [65535, 2], [65536], [3 * 65536], [100_000, 1, 31_071]])
    func oddSizedWrites(pieces: [Int]) throws {
        let identity = Age.X25519Identity.generate()
        for size in [0, 3, 2 * AgeTesting.chunk, 3 * AgeTesting.chunk + 123] {
            let plaintext = AgeTesting.plaintext(count: size)
            let ciphertext = try AgeTesting.encrypt(plaintext, to: [identity.recipient], pieces: pieces)
            let payload = ciphertext.count - (try AgeTesting.payloadOffset(ciphertext)) + AgeTesting.nonceLength
            #expect(payload == AgeTesting.payloadLength(plaintext: size), "size \(size), pieces \(pieces)")
            #expect(try AgeTesting.decrypt(ciphertext, with: [identity]) == plaintext, "size \(size), pieces \(pieces)")
        }
    }

    @Test(arguments: [[1], [7, 65537], [48, 47, 49]])
    func oddSizedArmoredWrites(pieces: [Int]) throws {
        let identity = Age.X25519Identity.generate()
        let plaintext = AgeTesting.plaintext(count: 2 * AgeTesting.chunk + 5)
        let whole = try AgeTesting.encrypt(plaintext, to: [identity.recipient], armored: true)
        let pieced = try AgeTesting.encrypt(plaintext, to: [identity.recipient], armored: true, pieces: pieces)
        #expect(pieced.count == whole.count)
        #expect(try AgeTesting.decrypt(pieced, with: [identity]) == plaintext)
    }

    /// Reading through small and large buffers, including sizes that straddle chunk boundaries.
    @Test(arguments: [1, 100, 4096, AgeTesting.chunk - 1, AgeTesting.chunk, AgeTesting.chunk + 1, 1 << 20])
    func readBufferSizes(bufferSize: Int) throws {
        let identity = Age.X25519Identity.generate()
        let plaintext = AgeTesting.plaintext(count: 3 * AgeTesting.chunk + 777)
        let ciphertext = try AgeTesting.encrypt(plaintext, to: [identity.recipient])
        #expect(try AgeTesting.decrypt(ciphertext, with: [identity], bufferSize: bufferSize) == plaintext)

        let armored = try AgeTesting.encrypt(plaintext, to: [identity.recipient], armored: true)
        #expect(try AgeTesting.decrypt(armored, with: [identity], bufferSize: bufferSize) == plaintext)
    }

    /// Sources that return less than asked, as pipes and sockets do, in every pattern.
    @Test(arguments: [[1], [7], [3, 4093], [65537, 1], [100, 64, 65]])
    func shortReadsFromTheSource(pattern: [Int]) throws {
        let identity = Age.X25519Identity.generate()
        let plaintext = AgeTesting.plaintext(count: 2 * AgeTesting.chunk + 50)
        for armored in [false, true] {
            let ciphertext = try AgeTesting.encrypt(plaintext, to: [identity.recipient], armored: armored)
            let source = TrickleSource(ciphertext, pattern: pattern)
            let decryptor = try Age.Decryptor(source: source, identities: [identity])
            #expect(try AgeTesting.readAll(decryptor, bufferSize: 5000) == plaintext, "armored: \(armored)")
        }
    }

    @Test func largeInputThroughSmallBuffers() throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.large, to: [identity.recipient], pieces: [65537, 1, 7])
        let decrypted = try AgeTesting.decrypt(ciphertext, with: [identity], bufferSize: 100_000)
        #expect(AgeTesting.sha256Hex(decrypted) == AgeTesting.sha256Hex(AgeTesting.large))
    }

    /// The decryptor reports end of input only once, and keeps reporting it.
    @Test func endOfInputIsSticky() throws {
        let identity = Age.X25519Identity.generate()
        let plaintext = AgeTesting.plaintext(count: 10)
        let ciphertext = try AgeTesting.encrypt(plaintext, to: [identity.recipient])
        let decryptor = try Age.Decryptor(source: MemorySource(ciphertext), identities: [identity])
        #expect(try AgeTesting.readAll(decryptor) == plaintext)
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(try buffer.withUnsafeMutableBytes { try decryptor.read(into: $0) } == 0)
        #expect(try buffer.withUnsafeMutableBytes { try decryptor.read(into: $0) } == 0)
    }

    /// Streaming to and from real files with FileStream.
    @Test func throughFiles() throws {
        let directory = try TemporaryDirectory()
        let identity = Age.X25519Identity.generate()
        let plaintext = AgeTesting.plaintext(count: 2 * AgeTesting.chunk + 9)
        do {
            let file = try FileStream.create(directory.file("out.age"))
            let encryptor = try Age.Encryptor(recipients: [identity.recipient], to: file)
            try AgeTesting.write(plaintext, to: encryptor, pieces: [4096])
            try encryptor.finish()
            try file.sync()
        }
        let decryptor = try Age.Decryptor(
            source: try FileStream.open(readingFrom: directory.file("out.age")), identities: [identity])
        #expect(try AgeTesting.readAll(decryptor, bufferSize: 1000) == plaintext)
    }
}

/// A source that returns at most the next size in `pattern` bytes per read.
final class TrickleSource: ByteSource {
    private let bytes: [UInt8]
    private let pattern: [Int]
    private var offset = 0
    private var reads = 0

    init(_ bytes: [UInt8], pattern: [Int]) {
        self.bytes = bytes
        self.pattern = pattern
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset, pattern[reads % pattern.count])
        reads += 1
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
        offset += n
        return n
    }
}
