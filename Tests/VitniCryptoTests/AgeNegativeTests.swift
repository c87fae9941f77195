import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

/// Damaged, truncated, extended and misaddressed age files, and unusable keys: each must fail
/// with the specific `CryptoError` case, and no error text may leak a key or the plaintext.
@Suite struct AgeNegativeTests {
    private static let chunk = AgeTesting.chunk
    private static let sealedChunk = AgeTesting.sealedChunk

    /// The error decrypting `ciphertext` throws; records an issue if it succeeds or throws another type.
    private func failure(
        _ ciphertext: [UInt8], with identities: [any AgeIdentity], armored: Bool? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> CryptoError? {
        #expect(throws: CryptoError.self, sourceLocation: sourceLocation) {
            try AgeTesting.decrypt(ciphertext, with: identities, armored: armored)
        }
    }

    // MARK: Truncation

    /// (plaintext size, whole sealed chunks kept): every cut lands exactly on a chunk boundary.
    @Test(arguments: [
        (3 * chunk, 0), (3 * chunk, 1), (3 * chunk, 2), (3 * chunk + 100, 3), (chunk + 1, 1), (2 * chunk, 1),
    ])
    func truncatedAtChunkBoundary(size: Int, chunksKept: Int) throws {
        let identity = Age.X25519Identity.generate()
        let plaintext = AgeTesting.plaintext(count: size)
        let ciphertext = try AgeTesting.encrypt(plaintext, to: [identity.recipient])
        let cut = try AgeTesting.payloadOffset(ciphertext) + chunksKept * Self.sealedChunk
        let truncated = Array(ciphertext[..<cut])

        #expect(failure(truncated, with: [identity]) == .ageTruncated)
        #expect(CryptoError.ageTruncated.ageCategory == .payload)
        // Chunks before the last one kept authenticated as non-final, and only they were released.
        let (released, error) = AgeTesting.decryptPartially(truncated, with: [identity])
        #expect(error as? CryptoError == .ageTruncated)
        #expect(released == Array(plaintext.prefix(max(0, chunksKept - 1) * Self.chunk)))
    }

    /// (plaintext size, bytes cut off the end, the chunk that then fails).
    @Test(arguments: [
        (3 * chunk + 100, 1, 3),  // inside the final chunk's tag
        (3 * chunk + 100, 100, 3),  // only the tag of the final chunk is left
        (3 * chunk + 100, 116 + 1000, 2),  // inside a full chunk
        (3 * chunk, 1, 2),  // a full final chunk, one byte short
        (3 * chunk, sealedChunk + 17, 1),  // a full chunk, one byte short
        (1000, 500, 0),
    ])
    func truncatedMidChunk(size: Int, bytesCut: Int, failingChunk: Int) throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: size), to: [identity.recipient])
        let truncated = Array(ciphertext.dropLast(bytesCut))

        let error = failure(truncated, with: [identity])
        #expect(error?.ageCategory == .payload)
        #expect(error == .ageChunkAuthentication(chunk: failingChunk))
    }

    /// Cut inside a chunk so that less than a tag of it is left: the full chunk before it does
    /// not open as final, which proves the file was cut short.
    @Test func truncatedLeavingLessThanATag() throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(
            AgeTesting.plaintext(count: 3 * Self.chunk + 100), to: [identity.recipient])
        let error = failure(Array(ciphertext.dropLast(110)), with: [identity])
        #expect(error == .ageTruncated)
    }

    @Test func truncatedInsideTheNonce() throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 10), to: [identity.recipient])
        let cut = try AgeTesting.payloadOffset(ciphertext) - 5
        let error = failure(Array(ciphertext[..<cut]), with: [identity])
        #expect(error?.isHeaderFailure == true)
        #expect(error?.ageCategory == .header)
    }

    // MARK: Tampering

    @Test func flippedByteInTheVersionLine() throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 10), to: [identity.recipient])
        let error = failure(AgeTesting.tampered(ciphertext, at: 3), with: [identity])
        #expect(error?.isHeaderFailure == true)
        #expect(error?.ageCategory == .header)
    }

    @Test func brokenStanzaStructure() throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 10), to: [identity.recipient])
        let arrow = try AgeTesting.offset(of: "-> X25519 ", in: ciphertext)
        var broken = ciphertext
        broken[arrow + 2] = UInt8(ascii: "_")  // "->_X25519": neither a stanza nor the MAC line
        #expect(failure(broken, with: [identity])?.isHeaderFailure == true)
    }

    /// A change anywhere in a stanza the identity does not need is caught by the header MAC.
    @Test(arguments: ["share", "body", "type"])
    func flippedByteInAnotherStanza(part: String) throws {
        let first = Age.X25519Identity.generate()
        let second = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(
            AgeTesting.plaintext(count: 10), to: [first.recipient, second.recipient])
        let secondStanza = try AgeTesting.offset(of: "-> X25519 ", in: ciphertext, from: 30)
        let index =
            switch part {
            case "share": secondStanza + 20
            case "body": secondStanza + 10 + 43 + 1 + 20
            default: secondStanza + 4  // "X25519" → "XA5519": a stanza type no identity claims
            }
        let error = failure(AgeTesting.tampered(ciphertext, at: index), with: [first])
        #expect(error == .ageHeaderMAC)
        #expect(error?.ageCategory == .headerMAC)
    }

    @Test func flippedByteInTheMAC() throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 10), to: [identity.recipient])
        let macLine = try AgeTesting.offset(of: "\n--- ", in: ciphertext) + 1
        let error = failure(AgeTesting.tampered(ciphertext, at: macLine + 4 + 20), with: [identity])
        #expect(error == .ageHeaderMAC)
        #expect(error?.ageCategory == .headerMAC)
    }

    @Test func nonCanonicalMAC() throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 10), to: [identity.recipient])
        let macLine = try AgeTesting.offset(of: "\n--- ", in: ciphertext) + 1
        let symbols = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var altered = ciphertext
        // The 43rd symbol of a 32-byte MAC carries 2 padding bits that must be zero; set one.
        let last = macLine + 4 + 42
        let value = try #require(symbols.firstIndex(of: altered[last]))
        altered[last] = symbols[value | 1]
        #expect(failure(altered, with: [identity])?.isHeaderFailure == true)

        var spaced = ciphertext
        spaced[macLine + 3] = UInt8(ascii: "-")  // "----" instead of "--- "
        #expect(failure(spaced, with: [identity])?.isHeaderFailure == true)
    }

    @Test(arguments: [1000, 3 * chunk + 100])
    func flippedByteInTheFirstChunk(size: Int) throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: size), to: [identity.recipient])
        let payload = try AgeTesting.payloadOffset(ciphertext)
        let tampered = AgeTesting.tampered(ciphertext, at: payload + 5)

        #expect(failure(tampered, with: [identity]) == .ageChunkAuthentication(chunk: 0))
        let (released, _) = AgeTesting.decryptPartially(tampered, with: [identity])
        #expect(released.isEmpty)
    }

    @Test func flippedByteInThePayloadNonce() throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 1000), to: [identity.recipient])
        let nonce = try AgeTesting.payloadOffset(ciphertext) - AgeTesting.nonceLength
        #expect(
            failure(AgeTesting.tampered(ciphertext, at: nonce + 7), with: [identity])
                == .ageChunkAuthentication(chunk: 0))
    }

    /// (plaintext size, index of the last chunk): short and full final chunks.
    @Test(arguments: [(3 * chunk + 100, 3), (3 * chunk, 2), (chunk + 1, 1)])
    func flippedByteInTheLastChunk(size: Int, lastChunk: Int) throws {
        let identity = Age.X25519Identity.generate()
        let plaintext = AgeTesting.plaintext(count: size)
        let ciphertext = try AgeTesting.encrypt(plaintext, to: [identity.recipient])
        let lastChunkStart = try AgeTesting.payloadOffset(ciphertext) + lastChunk * Self.sealedChunk
        let tampered = AgeTesting.tampered(ciphertext, at: lastChunkStart)

        let error = failure(tampered, with: [identity])
        #expect(error == .ageChunkAuthentication(chunk: lastChunk))
        #expect(error?.ageCategory == .payload)
        let (released, _) = AgeTesting.decryptPartially(tampered, with: [identity])
        #expect(released == Array(plaintext.prefix(lastChunk * Self.chunk)))
    }

    @Test func flippedByteInAMiddleChunk() throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(
            AgeTesting.plaintext(count: 3 * Self.chunk + 1), to: [identity.recipient])
        let index = try AgeTesting.payloadOffset(ciphertext) + Self.sealedChunk + Self.chunk + 3  // chunk 1's tag
        #expect(
            failure(AgeTesting.tampered(ciphertext, at: index), with: [identity]) == .ageChunkAuthentication(chunk: 1))
    }

    @Test func flippedByteInArmor() throws {
        let identity = Age.X25519Identity.generate()
        let armored = try AgeTesting.encrypt(AgeTesting.plaintext(count: 1000), to: [identity.recipient], armored: true)
        // The last body line holds the tail of the payload: a changed symbol there breaks its tag.
        let end = try AgeTesting.offset(of: "-----END", in: armored)
        let tampered = AgeTesting.tampered(armored, at: end - 10)
        let error = failure(tampered, with: [identity])
        #expect(error == .ageChunkAuthentication(chunk: 0) || error?.ageCategory == .armor)

        var noEnd = armored
        noEnd.removeLast(10)
        let armorError = failure(noEnd, with: [identity])
        #expect(armorError?.ageCategory == .armor)
    }

    // MARK: Trailing data

    /// (plaintext size, bytes appended): the final chunk is full, so the extra bytes cannot be a chunk.
    @Test(arguments: [(chunk, 1), (chunk, 10), (chunk, sealedChunk), (2 * chunk, 1), (10 * chunk, 16)])
    func trailingDataAfterAFullFinalChunk(size: Int, extra: Int) throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: size), to: [identity.recipient])
        let extended = ciphertext + testBytes(count: extra, seed: 99)
        let error = failure(extended, with: [identity])
        #expect(error == .ageTrailingData)
        #expect(error?.ageCategory == .payload)
    }

    @Test func trailingDataAfterAShortFinalChunk() throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 100), to: [identity.recipient])
        // The extra byte becomes part of the final chunk, which then fails to authenticate.
        #expect(failure(ciphertext + [0], with: [identity]) == .ageChunkAuthentication(chunk: 0))
    }

    // MARK: Keys and passphrases

    @Test func wrongIdentity() throws {
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 10), to: [identity.recipient])
        let strangers = [Age.X25519Identity.generate(), Age.X25519Identity.generate()]
        let error = failure(ciphertext, with: strangers)
        #expect(error == .ageNoMatchingIdentity)
        #expect(error?.ageCategory == .noMatch)
        #expect(failure(ciphertext, with: []) == .ageNoMatchingIdentity)
        let passphrase = Age.ScryptIdentity(passphrase: AgeTesting.secret("not a key"))
        #expect(failure(ciphertext, with: [passphrase]) == .ageNoMatchingIdentity)
    }

    @Test func wrongPassphrase() throws {
        let recipient = Age.ScryptRecipient(passphrase: AgeTesting.secret("right"), workFactor: 10)
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 10), to: [recipient])
        let error = failure(ciphertext, with: [Age.ScryptIdentity(passphrase: AgeTesting.secret("wrong"))])
        #expect(error == .ageIncorrectPassphrase)
        #expect(error?.ageCategory == .noMatch)
        // An X25519 identity is not a wrong passphrase: there is simply nothing it can open.
        #expect(failure(ciphertext, with: [Age.X25519Identity.generate()]) == .ageNoMatchingIdentity)
    }

    @Test func emptyInput() {
        let identity = Age.X25519Identity.generate()
        let error = failure([], with: [identity])
        #expect(error?.isHeaderFailure == true)
        #expect(error?.ageCategory == .header)
        #expect(failure([], with: [identity], armored: false)?.isHeaderFailure == true)
        #expect(failure([], with: [identity], armored: true)?.ageCategory == .armor)
    }

    @Test func workFactorAboveTheIdentityMaximum() throws {
        let recipient = Age.ScryptRecipient(passphrase: AgeTesting.secret("pw"), workFactor: 12)
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 10), to: [recipient])
        let limited = Age.ScryptIdentity(passphrase: AgeTesting.secret("pw"), maximumWorkFactor: 11)
        let error = failure(ciphertext, with: [limited])
        #expect(error == .ageWorkFactorTooHigh(12))
        #expect(error?.ageCategory == .header)
        let enough = Age.ScryptIdentity(passphrase: AgeTesting.secret("pw"), maximumWorkFactor: 12)
        #expect(try AgeTesting.decrypt(ciphertext, with: [enough]) == AgeTesting.plaintext(count: 10))
    }

    /// age refuses work factors above 22 by default; so does Vitni, before spending any time on it.
    @Test func workFactorAboveTheDefaultMaximum() throws {
        let recipient = Age.ScryptRecipient(passphrase: AgeTesting.secret("pw"), workFactor: 10)
        var ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 10), to: [recipient])
        let factor = try AgeTesting.offset(of: " 10\n", in: ciphertext) + 1
        ciphertext.replaceSubrange(factor..<(factor + 2), with: Array("23".utf8))
        #expect(Age.maximumWorkFactor == 22)
        #expect(
            failure(ciphertext, with: [Age.ScryptIdentity(passphrase: AgeTesting.secret("pw"))])
                == .ageWorkFactorTooHigh(23))
    }

    @Test func scryptCannotBeCombinedWithOtherRecipients() throws {
        let scrypt = Age.ScryptRecipient(passphrase: AgeTesting.secret("pw"), workFactor: 10)
        let x25519 = Age.X25519Identity.generate().recipient
        for recipients: [any AgeRecipient] in [[scrypt, x25519], [x25519, scrypt], [scrypt, scrypt], []] {
            let sink = MemorySink()
            let error = #expect(throws: CryptoError.self) {
                try Age.Encryptor(recipients: recipients, to: sink)
            }
            guard case .invalidRecipient = error else {
                Issue.record("expected .invalidRecipient, got \(String(describing: error))")
                continue
            }
            #expect(sink.bytes.isEmpty, "nothing may be written for a refused recipient list")
        }
    }

    @Test func lowOrderRecipientIsRefused() throws {
        // Bech32-valid, but the all-zero point gives an all-zero shared secret, which age rejects.
        let zero = try Age.X25519Recipient(Bech32.encode(hrp: "age", data: [UInt8](repeating: 0, count: 32)))
        let sink = MemorySink()
        let error = #expect(throws: CryptoError.self) { try Age.Encryptor(recipients: [zero], to: sink) }
        guard case .invalidRecipient = error else {
            Issue.record("expected .invalidRecipient, got \(String(describing: error))")
            return
        }
        #expect(sink.bytes.isEmpty)
    }

    /// A failure is final: reading again after it must fail again, never report a clean end of
    /// input that a caller could take for a complete file.
    @Test(arguments: ["truncated", "mid-chunk", "tampered", "trailing", "empty final chunk"])
    func failuresAreSticky(kind: String) throws {
        let identity = Age.X25519Identity.generate()
        let full = try AgeTesting.encrypt(AgeTesting.plaintext(count: 3 * Self.chunk), to: [identity.recipient])
        let payload = try AgeTesting.payloadOffset(full)
        var identities: [any AgeIdentity] = [identity]
        let damaged: [UInt8]
        switch kind {
        case "truncated": damaged = Array(full[..<(payload + 2 * Self.sealedChunk)])
        case "mid-chunk": damaged = Array(full.dropLast(100))
        case "tampered": damaged = AgeTesting.tampered(full, at: payload + Self.sealedChunk + 1)
        case "trailing": damaged = full + [1, 2, 3]
        default:
            // The encryptor cannot make one: a full chunk, then an empty final chunk (CCTV vector).
            let vector = try AgeVector.load("stream_last_chunk_empty")
            #expect(vector.expect == "payload failure")
            identities = try vector.identities.map { try Age.X25519Identity($0) }
            damaged = vector.body
        }
        for bufferSize in [4096, 1 << 20] {
            let decryptor = try Age.Decryptor(source: MemorySource(damaged), identities: identities)
            var buffer = [UInt8](repeating: 0, count: bufferSize)
            var failures = 0
            for _ in 0..<8 {
                do {
                    while try buffer.withUnsafeMutableBytes({ try decryptor.read(into: $0) }) > 0 {}
                    Issue.record("\(kind): read reported a clean end of input after \(failures) failures")
                    break
                } catch {
                    failures += 1
                }
            }
            #expect(failures == 8, "\(kind), buffer \(bufferSize)")
        }
    }

    // MARK: Malformed keys

    /// A throwaway pair made with `age-keygen` for these tests.
    static let validRecipient = "age1l8wwgkua3g2kdngjmg78q50gzryg3tup5ukvsyevfk5hxz3dsa2sujp2xj"
    static let validIdentity = "AGE-SECRET-KEY-1AMNZQEVJH6ETZ6NHYZH8Z2562ZWZMLN48VFUNN7Y7EU57NLVEZ5Q3VL0F4"

    @Test func fixturesAreValid() throws {
        #expect(try Age.X25519Identity(Self.validIdentity).recipient == Age.X25519Recipient(Self.validRecipient))
    }

    @Test(arguments: [
        "", "age1", "age", validRecipient.uppercased(), "Age1" + validRecipient.dropFirst(4),
        String(validRecipient.dropLast()) + "q",  // checksum
        String(validRecipient.dropLast(7)) + String(validRecipient.suffix(6)),  // a symbol missing
        validRecipient + " ", " " + validRecipient, "age2" + validRecipient.dropFirst(4),
        validIdentity, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB/VmtZtGZV1",
        Bech32.encode(hrp: "age", data: [UInt8](repeating: 7, count: 31)),  // 31 bytes, not 32
        Bech32.encode(hrp: "age", data: [UInt8](repeating: 7, count: 33)),
        Bech32.encode(hrp: "agf", data: [UInt8](repeating: 7, count: 32)),
    ])
    func malformedRecipient(text: String) {
        let error = #expect(throws: CryptoError.self) { try Age.X25519Recipient(text) }
        guard case .invalidRecipient = error else {
            Issue.record("\(text): expected .invalidRecipient, got \(String(describing: error))")
            return
        }
    }

    @Test(arguments: [
        "", "AGE-SECRET-KEY-1", validIdentity.lowercased(),
        "AGE-SECRET-KEY-1" + validIdentity.dropFirst(16).lowercased(),
        String(validIdentity.dropLast()) + "Q",  // checksum
        String(validIdentity.dropLast(7)) + String(validIdentity.suffix(6)),
        validIdentity + " ", "AGE-SECRET-KEY-2" + validIdentity.dropFirst(16), validRecipient,
        Bech32.encode(hrp: "AGE-SECRET-KEY-", data: [UInt8](repeating: 7, count: 31), uppercase: true),
        Bech32.encode(hrp: "AGE-PLUGIN-YUBIKEY-", data: [UInt8](repeating: 7, count: 32), uppercase: true),
    ])
    func malformedIdentity(text: String) {
        let error = #expect(throws: CryptoError.self) { try Age.X25519Identity(text) }
        guard case .invalidIdentity = error else {
            Issue.record("\(text): expected .invalidIdentity, got \(String(describing: error))")
            return
        }
    }

    @Test func malformedIdentityFiles() {
        for file in ["", "# only a comment\n", "\n\n", "\(Self.validIdentity)\nnot a key\n", Self.validRecipient] {
            let error = #expect(throws: CryptoError.self) {
                try Age.parseIdentities(fileContents: AgeTesting.secret(file))
            }
            guard case .invalidIdentity = error else {
                Issue.record("expected .invalidIdentity, got \(String(describing: error))")
                continue
            }
        }
    }

    // MARK: Post-quantum keys

    /// A structurally valid ML-KEM-768 + X25519 hybrid recipient (1,216 + 32 bytes of key).
    static let postQuantumRecipient = Bech32.encode(hrp: "age1pq", data: testBytes(count: 1216 + 32, seed: 7))

    @Test func postQuantumRecipientIsRefused() {
        #expect(Self.postQuantumRecipient.hasPrefix("age1pq1"))
        for text in [Self.postQuantumRecipient, "age1pq1" + String(repeating: "q", count: 100)] {
            let error = #expect(throws: CryptoError.self) { try Age.X25519Recipient(text) }
            guard case .invalidRecipient = error else {
                Issue.record("expected .invalidRecipient, got \(String(describing: error))")
                continue
            }
            #expect(error?.description.contains("post-quantum") == true)
        }
    }

    @Test func postQuantumIdentityIsRefused() throws {
        let hybrid = try AgeVector.load("hybrid")
        let text = try #require(hybrid.identities.first)
        #expect(text.hasPrefix("AGE-SECRET-KEY-PQ-1"))

        let error = #expect(throws: CryptoError.self) { try Age.X25519Identity(text) }
        guard case .ageUnsupportedIdentity = error else {
            Issue.record("expected .ageUnsupportedIdentity, got \(String(describing: error))")
            return
        }
        let fileError = #expect(throws: CryptoError.self) {
            try Age.parseIdentities(fileContents: AgeTesting.secret("# hybrid\n\(text)\n"))
        }
        guard case .ageUnsupportedIdentity = fileError else {
            Issue.record("expected .ageUnsupportedIdentity, got \(String(describing: fileError))")
            return
        }
        #expect(error?.description.contains(text) == false)
    }

    // MARK: What error text may say

    private static func leaks(_ error: CryptoError?, _ secrets: [String]) -> Bool {
        guard let error else { return true }
        let texts = [error.description, error.localizedDescription, "\(error)", error.errorDescription ?? ""]
        return secrets.contains { secret in texts.contains { $0.contains(secret) } }
    }

    @Test func identityErrorsDoNotQuoteTheKey() {
        let corrupted = String(Self.validIdentity.dropLast()) + "Q"
        let dataPart = String(corrupted.dropFirst(16).prefix(40))
        let error = #expect(throws: CryptoError.self) { try Age.X25519Identity(corrupted) }
        #expect(!Self.leaks(error, [corrupted, dataPart]))

        let fileError = #expect(throws: CryptoError.self) {
            try Age.parseIdentities(fileContents: AgeTesting.secret("# key\n\(corrupted)\n"))
        }
        #expect(!Self.leaks(fileError, [corrupted, dataPart]))

        let lower = Self.validIdentity.lowercased()
        let lowerError = #expect(throws: CryptoError.self) { try Age.X25519Identity(lower) }
        #expect(!Self.leaks(lowerError, [lower, String(lower.dropFirst(16).prefix(40))]))
    }

    @Test func decryptionErrorsDoNotQuotePlaintextOrPassphrase() throws {
        let marker = "Child: Astrid Example, born 2019-03-04"
        let plaintext = Array(String(repeating: marker + "\n", count: 3000).utf8)
        let identity = Age.X25519Identity.generate()
        let ciphertext = try AgeTesting.encrypt(plaintext, to: [identity.recipient])
        let identityText = identity.encoded.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let tampered = AgeTesting.tampered(ciphertext, at: ciphertext.count - 3)
        let chunkError = failure(tampered, with: [identity])
        #expect(chunkError == .ageChunkAuthentication(chunk: 1))
        #expect(!Self.leaks(chunkError, [marker, "Astrid", identityText]))

        let truncatedError = failure(Array(ciphertext.dropLast(1)), with: [identity])
        #expect(!Self.leaks(truncatedError, ["Astrid", identityText]))

        let noMatch = failure(ciphertext, with: [Age.X25519Identity.generate()])
        #expect(!Self.leaks(noMatch, [identity.recipient.encoded, identityText]))

        let passphrase = "hunter2-Astrid"
        let scrypt = try AgeTesting.encrypt(
            plaintext,
            to: [
                Age.ScryptRecipient(passphrase: AgeTesting.secret(passphrase), workFactor: 10)
            ])
        let wrong = failure(scrypt, with: [Age.ScryptIdentity(passphrase: AgeTesting.secret(passphrase + "!"))])
        #expect(wrong == .ageIncorrectPassphrase)
        #expect(!Self.leaks(wrong, [passphrase, "Astrid"]))
    }
}
