import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

@testable import VitniKit

/// The agent signs for its own user's processes and never hands out the key; what it returns
/// is checked here before it is used.
@Suite struct AgentSigningTests {
    let anna = Age.X25519Identity.generate()
    let annaKey = MinisignSecretKey.generate()
    let tagManifest = testBytes(count: 300_000, seed: 31)
    let comment = "timestamp:1\tfile:tagmanifest-sha256.txt\thashed"

    func agentSigningAsAnna(idleTimeout: Duration = .seconds(120)) throws -> InProcessAgent {
        let agent = try InProcessAgent([("anna", anna)], idleTimeout: idleTimeout)
        try agent.client.addSigningKey(name: "anna", key: annaKey)
        return agent
    }

    @Test func signsCustodyEventsAndSealsThatVerify() throws {
        let agent = try agentSigningAsAnna()
        let status = try agent.client.status()
        #expect(
            status.identities == [
                .init(name: "anna", recipient: anna.recipient.encoded, signingKey: annaKey.publicKey.base64)
            ])
        let signer = AgentBundleSigner(client: agent.client, publicKey: annaKey.publicKey)
        #expect(signer.keyID == annaKey.keyID)

        let event = Array(#"{"action":"sealed","seq":0}"#.utf8)
        let signature = try signer.sign(event)
        #expect(annaKey.publicKey.isValidSignature(signature, for: event))

        let seal = try signer.signFile(MemorySource(tagManifest), trustedComment: comment)
        #expect(try seal.verify(MemorySource(tagManifest), with: annaKey.publicKey).trustedComment == comment)
        #expect(seal == (try MinisignSignature.sign(MemorySource(tagManifest), with: annaKey, trustedComment: comment)))
    }

    @Test func aKeyTheAgentDoesNotHoldSignsNothing() throws {
        let agent = try agentSigningAsAnna()
        let stranger = MinisignSecretKey.generate().publicKey
        #expect(try agent.client.sign([1], keyID: stranger) == nil)
        let signer = AgentBundleSigner(client: agent.client, publicKey: stranger)
        #expect(throws: VitniError.self) { try signer.sign([1]) }
        #expect(throws: VitniError.self) { try signer.signFile(MemorySource([1]), trustedComment: "c") }
        #expect(throws: VitniError.self) { try agent.client.addSigningKey(name: "bo", key: annaKey) }
        // Without a signing key, the identity is offered for nothing but unwrapping.
        let unwrapOnly = try InProcessAgent([("anna", anna)])
        #expect(try unwrapOnly.client.status().identities[0].signingKey == nil)
        #expect(unwrapOnly.client.signer(for: try identity(named: "anna")) == nil)
    }

    @Test func aSignerIsOfferedOnlyForTheIdentitysWholeKey() throws {
        let agent = try agentSigningAsAnna()
        #expect(agent.client.signer(for: try identity(named: "anna"))?.keyID == annaKey.keyID)
        // Same name, another key: no signer, so the caller falls back to the passphrase.
        let impostor = PublicIdentity(
            name: "anna", role: .interviewer, recipient: anna.recipient, signedBy: MinisignSecretKey.generate(),
            created: Date())
        #expect(agent.client.signer(for: impostor) == nil)
    }

    @Test func signingKeepsTheAgentAliveAndLockWipesTheKey() throws {
        let agent = try agentSigningAsAnna(idleTimeout: .milliseconds(1500))
        let signer = AgentBundleSigner(client: agent.client, publicKey: annaKey.publicKey)
        for index in 0..<4 {
            usleep(600_000)
            if index.isMultiple(of: 2) {
                _ = try signer.sign([UInt8(index)])
            } else {
                _ = try signer.signFile(MemorySource([UInt8(index)]), trustedComment: comment)
            }
        }
        #expect(try agent.client.lock())
        #expect(agent.waitUntilStopped())
        #expect(throws: VitniError.self) { try signer.sign([1]) }
    }

    @Test func anOversizedMessageIsNotSent() throws {
        let agent = try agentSigningAsAnna()
        #expect(throws: VitniError.self) {
            try agent.client.sign(
                [UInt8](repeating: 0, count: Agent.maximumSignedMessageSize + 1), keyID: annaKey.publicKey)
        }
        #expect(throws: VitniError.self) { try agent.client.sign([], keyID: annaKey.publicKey) }
        let largest = [UInt8](repeating: 0x61, count: Agent.maximumSignedMessageSize)
        let signature = try #require(try agent.client.sign(largest, keyID: annaKey.publicKey))
        #expect(annaKey.publicKey.isValidSignature(signature, for: largest))
    }

    /// The signature of the agent's seal checks with the stock minisign binary a court runs.
    @Test func aSealSignedByTheAgentVerifiesWithStockMinisign() throws {
        let agent = try agentSigningAsAnna()
        let directory = try TemporaryDirectory()
        let file = try directory.write("tagmanifest-sha256.txt", tagManifest)
        let seal = try AgentBundleSigner(client: agent.client, publicKey: annaKey.publicKey)
            .signFile(try FileStream.open(readingFrom: file), trustedComment: comment)
        try seal.write(toFile: file + ".minisig")
        let result = try runProcess(
            try Peer.path("minisign"), ["-V", "-H", "-P", annaKey.publicKey.base64, "-m", file])
        #expect(result.status == 0, "minisign: \(result.stderrText)")
        #expect(result.stdoutText.contains("Trusted comment: \(comment)"))
    }

    func identity(named name: String) throws -> PublicIdentity {
        PublicIdentity(name: name, role: .interviewer, recipient: anna.recipient, signedBy: annaKey, created: Date())
    }
}

/// A process that took over the socket answers sign requests with whatever it likes: nothing it
/// sends reaches a bundle.
@Suite struct HostileAgentSigningTests {
    let key = MinisignSecretKey.generate()

    /// Serves one connection on a fresh home's socket with `answer`, then stops.
    func hostileAgent(answering answer: Agent.Response) throws -> (AgentClient, Thread, TemporaryDirectory) {
        let home = try TemporaryDirectory()
        let client = AgentClient(home: home.path)
        try Agent.prepareDirectory(forSocket: client.socketPath)
        let listener = try UnixSocket.listen(path: client.socketPath)
        let box = (listener, answer)
        let thread = Thread {
            guard let connection = box.0.accept(waitingAtMost: 5000) else { return }
            _ = try? connection.receiveFrame(limit: Agent.maximumRequestSize)
            try? connection.send(frame: box.1.encoded())
        }
        thread.start()
        return (client, thread, home)
    }

    @Test func aSignatureThatDoesNotVerifyIsRefused() throws {
        let (client, _, home) = try hostileAgent(answering: .signature(testBytes(count: 64, seed: 3)))
        _ = home
        let signer = AgentBundleSigner(client: client, publicKey: key.publicKey)
        expectError(AgentBundleSigner.badSignature) { _ = try signer.sign([1, 2, 3]) }
    }

    @Test func aSealWhoseGlobalSignatureIsForeignIsRefused() throws {
        let digest = try MinisignSignature.prehash(MemorySource([9]))
        let good = try key.signPrehashed(digest: digest, trustedComment: "c")
        let forged = MinisignSignature.PrehashedParts(
            signature: good.signature,
            globalSignature: try MinisignSecretKey.generate().signPrehashed(digest: digest, trustedComment: "c")
                .globalSignature)
        let (client, _, home) = try hostileAgent(answering: .prehashedSignature(forged))
        _ = home
        let signer = AgentBundleSigner(client: client, publicKey: key.publicKey)
        expectError(AgentBundleSigner.badSignature) { _ = try signer.signFile(MemorySource([9]), trustedComment: "c") }
    }

    @Test func anAnswerOfTheWrongKindIsRefused() throws {
        let (client, _, home) = try hostileAgent(answering: .ok)
        _ = home
        let signer = AgentBundleSigner(client: client, publicKey: key.publicKey)
        #expect(throws: VitniError.self) { try signer.sign([1]) }
    }
}

/// The signing frames, and every way to get them wrong.
@Suite struct AgentSigningWireTests {
    static let key = MinisignSecretKey.generate()
    static let keyID = key.publicKey.keyIDBytes
    static let digest = [UInt8](repeating: 7, count: 64)

    @Test func signingRequestsAndResponsesRoundTrip() throws {
        let add = Agent.Request.addSigningKey(name: "anna", key: Self.key)
        guard case .addSigningKey(let name, let key) = try Agent.Request.decode(try AgentWireTests.body(add.encoded()!))
        else { throw TestSupportError("not an add signing key") }
        #expect(name == "anna" && key.publicKey == Self.key.publicKey)

        let sign = Agent.Request.sign(keyID: Self.keyID, message: [1, 2, 3])
        guard case .sign(let keyID, let message) = try Agent.Request.decode(try AgentWireTests.body(sign.encoded()!))
        else { throw TestSupportError("not a sign") }
        #expect(keyID == Self.keyID && message == [1, 2, 3])
        #expect(AgentTesting.bytes(of: sign.encoded()!) == [0, 0, 0, 13, 1, 6] + Self.keyID + [1, 2, 3])

        let prehash = Agent.Request.signPrehashed(keyID: Self.keyID, digest: Self.digest, trustedComment: "tc")
        guard
            case .signPrehashed(let id, let digest, let comment) = try Agent.Request.decode(
                try AgentWireTests.body(prehash.encoded()!))
        else { throw TestSupportError("not a sign prehashed") }
        #expect(id == Self.keyID && digest == Self.digest && comment == "tc")

        let signature = testBytes(count: 64, seed: 1)
        guard
            case .signature(let decoded) = try Agent.Response.decode(
                try AgentWireTests.body(Agent.Response.signature(signature).encoded()))
        else { throw TestSupportError("not a signature") }
        #expect(decoded == signature)
        let parts = MinisignSignature.PrehashedParts(
            signature: signature, globalSignature: testBytes(count: 64, seed: 2))
        guard
            case .prehashedSignature(let back) = try Agent.Response.decode(
                try AgentWireTests.body(Agent.Response.prehashedSignature(parts).encoded()))
        else { throw TestSupportError("not a prehashed signature") }
        #expect(back == parts)
    }

    static var raw: [UInt8] { AgentTesting.bytes(of: key.raw) }

    static var damagedRaw: [UInt8] {
        var bytes = raw
        bytes[bytes.count - 1] ^= 1
        return bytes
    }

    static let cases: [AgentHostileInputTests.Garbage] = [
        .init(
            label: "add signing key, no key", bytes: AgentTesting.frame(kind: 5, [4] + Array("anna".utf8)),
            expected: .malformed),
        .init(
            label: "add signing key, truncated key",
            bytes: AgentTesting.frame(kind: 5, [4] + Array("anna".utf8) + raw.dropLast()), expected: .malformed),
        .init(
            label: "add signing key, trailing byte",
            bytes: AgentTesting.frame(kind: 5, [4] + Array("anna".utf8) + raw + [0]), expected: .malformed),
        .init(
            label: "add signing key, damaged key",
            bytes: AgentTesting.frame(kind: 5, [4] + Array("anna".utf8) + damagedRaw), expected: .malformed),
        .init(
            label: "add signing key, bad name", bytes: AgentTesting.frame(kind: 5, [4] + Array("../a".utf8) + raw),
            expected: .malformed),
        .init(
            label: "add signing key, name length past the end", bytes: AgentTesting.frame(kind: 5, [200] + raw),
            expected: .malformed),
        .init(
            label: "add signing key, unknown name", bytes: AgentTesting.frame(kind: 5, [2] + Array("bo".utf8) + raw),
            expected: .unknownIdentity),
        .init(label: "sign, empty", bytes: AgentTesting.frame(kind: 6), expected: .malformed),
        .init(label: "sign, half a key id", bytes: AgentTesting.frame(kind: 6, [1, 2, 3, 4]), expected: .malformed),
        .init(label: "sign, key id without a message", bytes: AgentTesting.frame(kind: 6, keyID), expected: .malformed),
        .init(
            label: "sign, a message one byte over the limit",
            bytes: AgentTesting.frame(
                kind: 6, keyID + [UInt8](repeating: 0x61, count: Agent.maximumSignedMessageSize + 1)),
            expected: .malformed),
        .init(
            label: "sign prehashed, short digest",
            bytes: AgentTesting.frame(kind: 7, keyID + [UInt8](repeating: 0, count: 63)), expected: .malformed),
        .init(
            label: "sign prehashed, comment with a newline",
            bytes: AgentTesting.frame(kind: 7, keyID + digest + Array("a\nb".utf8)), expected: .malformed),
        .init(
            label: "sign prehashed, comment with a CR",
            bytes: AgentTesting.frame(kind: 7, keyID + digest + Array("a\rb".utf8)), expected: .malformed),
        .init(
            label: "sign prehashed, comment not UTF-8",
            bytes: AgentTesting.frame(kind: 7, keyID + digest + [0xC3, 0x28]), expected: .malformed),
        .init(
            label: "sign prehashed, comment too long",
            bytes: AgentTesting.frame(kind: 7, keyID + digest + [UInt8](repeating: 0x61, count: 8200)),
            expected: .malformed),
    ]

    /// The agent answers each with its failure code, keeps serving, and holds what it held.
    @Test(arguments: cases)
    func hostileSigningRequestsGetAFailure(_ garbage: AgentHostileInputTests.Garbage) throws {
        let agent = try InProcessAgent([("anna", AgentHostileInputTests.anna)])
        let answer = try rawExchange(agent.socketPath, garbage.bytes)
        #expect(answer == AgentTesting.failureFrame(try #require(garbage.expected)), "\(garbage.label): \(answer)")
        #expect(try agent.client.status().identities.allSatisfy { $0.signingKey == nil }, "\(garbage.label)")
    }

    @Test func aSignRequestForAKeyNotHeldIsNoMatch() throws {
        let agent = try InProcessAgent([("anna", AgentHostileInputTests.anna)])
        let answer = try rawExchange(agent.socketPath, AgentTesting.frame(kind: 6, Self.keyID + [1]))
        #expect(answer == AgentTesting.frame(kind: 0x82))
    }

    /// The client treats the agent's signing answers as hostile too.
    @Test(
        arguments: [
            [1, 0x84] + [UInt8](repeating: 0, count: 63),
            [1, 0x84] + [UInt8](repeating: 0, count: 65),
            [1, 0x85] + [UInt8](repeating: 0, count: 127),
            [1, 0x85] + [UInt8](repeating: 0, count: 129),
            [1, 0x84],
            // A status whose signing key is not a minisign key, or is cut short.
            [1, 0x83, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0x61]
                + [UInt8(recipient.utf8.count)] + Array(recipient.utf8) + [4] + Array("RWxx".utf8),
            [1, 0x83, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0x61]
                + [UInt8(recipient.utf8.count)] + Array(recipient.utf8),
            [1, 0x83, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0x61]
                + [UInt8(recipient.utf8.count)] + Array(recipient.utf8) + [56] + Array(key.publicKey.base64.utf8) + [0],
        ] as [[UInt8]])
    func malformedSigningResponsesAreRejected(_ body: [UInt8]) {
        let secret = body.withUnsafeBytes { SecretBytes(copying: $0) }
        #expect(throws: Agent.Failure.self) { try Agent.Response.decode(secret) }
    }

    static let recipient = Age.X25519Identity.generate().recipient.encoded

    @Test func aStatusWithASigningKeyDecodes() throws {
        let body: [UInt8] =
            [1, 0x83, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0x61] + [UInt8(Self.recipient.utf8.count)]
            + Array(Self.recipient.utf8) + [56] + Array(Self.key.publicKey.base64.utf8)
        guard case .status(let status) = try Agent.Response.decode(body.withUnsafeBytes { SecretBytes(copying: $0) })
        else { throw TestSupportError("not a status") }
        #expect(
            status.identities == [.init(name: "a", recipient: Self.recipient, signingKey: Self.key.publicKey.base64)])
    }
}
