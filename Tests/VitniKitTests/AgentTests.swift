import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

@testable import VitniKit

/// An agent served on a thread of the test process, in its own temporary VITNI_HOME. Locked and
/// joined on deinit, so no test leaves one running.
final class InProcessAgent: @unchecked Sendable {
    /// Carries the server to its thread; only that thread uses it after `listen()`.
    private struct ServerBox: @unchecked Sendable { let server: AgentServer }

    let home: TemporaryDirectory
    let client: AgentClient
    var socketPath: String { client.socketPath }
    private let finished = DispatchSemaphore(value: 0)
    private var joined = false

    init(_ identities: [(String, Age.X25519Identity)], idleTimeout: Duration = .seconds(120)) throws {
        home = try TemporaryDirectory()
        client = AgentClient(home: home.path)
        let server = AgentServer(socketPath: client.socketPath, idleTimeout: idleTimeout)
        for (name, identity) in identities { server.add(name: name, identity: identity) }
        try server.listen()
        let box = ServerBox(server: server)
        let finished = finished
        Thread {
            box.server.serve()
            finished.signal()
        }.start()
    }

    /// Whether `serve()` returned within `seconds`.
    func waitUntilStopped(seconds: Double = 5) -> Bool {
        if joined { return true }
        joined = finished.wait(timeout: .now() + seconds) == .success
        return joined
    }

    deinit {
        if !joined {
            _ = try? client.lock()
            _ = waitUntilStopped()
        }
    }
}

/// Raw bytes to the socket, as any local process could send them; returns everything the agent
/// answers before it closes the connection (at most a few seconds).
func rawExchange(_ socketPath: String, _ bytes: [UInt8]) throws -> [UInt8] {
    let socket = try UnixSocket.connect(path: socketPath)
    socket.setTimeouts(seconds: 5)
    try bytes.withUnsafeBytes { try socket.send($0) }
    shutdown(socket.descriptor, Int32(SHUT_WR))
    var answer: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = recv(socket.descriptor, &buffer, buffer.count, 0)
        if n <= 0 { break }
        answer += buffer[..<n]
    }
    return answer
}

enum AgentTesting {
    static func secretText(_ text: String) -> SecretBytes {
        Array(text.utf8).withUnsafeBytes { SecretBytes(copying: $0) }
    }

    static func encrypt(_ plaintext: [UInt8], to recipients: [any AgeRecipient]) throws -> [UInt8] {
        let sink = MemorySink()
        let encryptor = try Age.Encryptor(recipients: recipients, to: sink)
        try sink.write([])
        try plaintext.withUnsafeBytes { try encryptor.write($0) }
        try encryptor.finish()
        return sink.bytes
    }

    static func decrypt(_ ciphertext: [UInt8], with identities: [any AgeIdentity]) throws -> [UInt8] {
        let decryptor = try Age.Decryptor(source: MemorySource(ciphertext), identities: identities)
        var out = [UInt8](repeating: 0, count: ciphertext.count)
        let count = try out.withUnsafeMutableBytes { try decryptor.readFully(into: $0) }
        return Array(out[..<count])
    }

    /// A frame as the wire carries it: u32 length, version, kind, payload.
    static func frame(version: UInt8 = 1, kind: UInt8, _ payload: [UInt8] = []) -> [UInt8] {
        Agent.bigEndian(UInt32(2 + payload.count)) + [version, kind] + payload
    }

    static func failureFrame(_ failure: Agent.Failure) -> [UInt8] {
        frame(kind: Agent.ResponseKind.failure.rawValue, [failure.rawValue])
    }

    static func bytes(of secret: SecretBytes) -> [UInt8] { secret.withUnsafeBytes { Array($0) } }
}

@Suite struct AgentTests {
    let anna = Age.X25519Identity.generate()
    let bo = Age.X25519Identity.generate()
    let plaintext = testBytes(count: 3 * 65536 + 17, seed: 7)

    @Test func decryptsThroughAgentIdentity() throws {
        let agent = try InProcessAgent([("anna", anna)])
        let other = Age.X25519Identity.generate()
        let ciphertext = try AgentTesting.encrypt(plaintext, to: [other.recipient, anna.recipient])
        #expect(try AgentTesting.decrypt(ciphertext, with: [AgentIdentity(client: agent.client)]) == plaintext)
        // The key the agent returns is the file key itself: the same as a local identity finds.
        let header = try #require(try Age.Header.parse(ciphertext, isComplete: false)).0
        let viaAgent = try #require(try agent.client.unwrap(stanzas: header.stanzas))
        let local = try #require(try anna.unwrap(stanzas: header.stanzas))
        #expect(viaAgent.count == 16 && viaAgent.isEqual(to: local))
    }

    @Test func fileForSomeoneElseIsNoMatchWithAClearError() throws {
        let agent = try InProcessAgent([("anna", anna)])
        let ciphertext = try AgentTesting.encrypt(plaintext, to: [bo.recipient])
        let header = try #require(try Age.Header.parse(ciphertext, isComplete: false)).0
        #expect(try agent.client.unwrap(stanzas: header.stanzas) == nil)

        let work = try TemporaryDirectory()
        let input = try work.write("for-bo.age", ciphertext)
        do {
            try FileEncryption.decrypt(
                input: input, output: work.file("out"), identities: [AgentIdentity(client: agent.client)])
            Issue.record("decryption succeeded without a matching identity")
        } catch let error as VitniError {
            guard case .agentNoMatchingIdentity(let file) = error else { throw error }
            #expect(file == input)
            #expect(error.description.contains("the agent holds no identity for this file"))
            #expect(error.exitCode == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: work.file("out")))
        // Beside a local identity, the agent's no-match is just a nil: the local one opens it.
        #expect(try AgentTesting.decrypt(ciphertext, with: [AgentIdentity(client: agent.client), bo]) == plaintext)
    }

    @Test func malformedX25519StanzaIsAHeaderFailure() throws {
        let agent = try InProcessAgent([("anna", anna)])
        let stanza = Age.Stanza(type: "X25519", arguments: ["AAAA"], body: [UInt8](repeating: 1, count: 32))
        #expect(throws: CryptoError.ageHeader("has a malformed X25519 stanza")) {
            try agent.client.unwrap(stanzas: [stanza])
        }
        // Stanzas of other types are none of its business.
        #expect(try agent.client.unwrap(stanzas: [Age.Stanza(type: "other", arguments: [], body: [1])]) == nil)
    }

    @Test func statusShowsNamesRecipientsAndTimeLeftButNoSecrets() throws {
        let agent = try InProcessAgent([("anna", anna)], idleTimeout: .seconds(600))
        let status = try agent.client.status()
        #expect(status.pid == getpid())
        #expect(status.identities == [AgentStatus.Identity(name: "anna", recipient: anna.recipient.encoded)])
        #expect(status.idleTimeout == .seconds(600))
        #expect(status.remaining <= .seconds(600) && status.remaining > .seconds(590))
        #expect(agent.client.isRunning)
    }

    @Test func addsIdentitiesWithoutDuplicatesAndTakesTheNewTimeout() throws {
        let agent = try InProcessAgent([("anna", anna)], idleTimeout: .seconds(600))
        try agent.client.add(name: "bo", identity: bo, idleTimeout: .seconds(60))
        try agent.client.add(name: "bo-again", identity: bo)
        let status = try agent.client.status()
        #expect(status.identities.map(\.name) == ["anna", "bo-again"])
        #expect(status.identities.map(\.recipient) == [anna.recipient.encoded, bo.recipient.encoded])
        #expect(status.idleTimeout == .seconds(60))
        let forBo = try AgentTesting.encrypt(plaintext, to: [bo.recipient])
        #expect(try AgentTesting.decrypt(forBo, with: [AgentIdentity(client: agent.client)]) == plaintext)
    }

    @Test func refusesMoreIdentitiesThanItsLimit() throws {
        let agent = try InProcessAgent([("anna", anna)])
        for index in 1..<Agent.maximumIdentities {
            try agent.client.add(name: "id\(index)", identity: .generate())
        }
        #expect(throws: VitniError.self) { try agent.client.add(name: "one-too-many", identity: .generate()) }
        #expect(try agent.client.status().identities.count == Agent.maximumIdentities)
    }

    @Test func lockEndsItAndRemovesTheSocket() throws {
        let agent = try InProcessAgent([("anna", anna)])
        #expect(try agent.client.lock())
        #expect(agent.waitUntilStopped())
        #expect(!FileManager.default.fileExists(atPath: agent.socketPath))
        #expect(!agent.client.isRunning)
        let ciphertext = try AgentTesting.encrypt(plaintext, to: [anna.recipient])
        do {
            _ = try AgentTesting.decrypt(ciphertext, with: [AgentIdentity(client: agent.client)])
            Issue.record("decrypted after lock")
        } catch let error as VitniError {
            guard case .agentNotRunning = error else { throw error }
            #expect(error.hint == "no agent is running: run `vitni unlock NAME`")
        }
        #expect(try agent.client.lock() == false, "locking again: nothing was running")
    }

    @Test func idleTimeoutEndsIt() throws {
        let agent = try InProcessAgent([("anna", anna)], idleTimeout: .milliseconds(300))
        #expect(agent.waitUntilStopped(seconds: 5))
        #expect(!FileManager.default.fileExists(atPath: agent.socketPath))
        #expect(throws: VitniError.self) { try agent.client.status() }
    }

    @Test func unwrapRequestsKeepItAliveStatusDoesNot() throws {
        // Five times the gap between requests: a loaded CI machine (the whole suite on two cores)
        // once stretched a 600 ms sleep past a 1.5 s timeout.
        let agent = try InProcessAgent([("anna", anna)], idleTimeout: .milliseconds(3000))
        let header = try #require(
            try Age.Header.parse(try AgentTesting.encrypt([1], to: [anna.recipient]), isComplete: false)
        ).0
        for _ in 0..<4 {
            usleep(600_000)
            #expect(try agent.client.unwrap(stanzas: header.stanzas) != nil)
        }
        for _ in 0..<2 { _ = try? agent.client.status() }
        #expect(agent.waitUntilStopped(seconds: 8))
    }

    @Test func socketAndDirectoryArePrivate() throws {
        let agent = try InProcessAgent([("anna", anna)])
        var info = stat()
        #expect(lstat(Agent.directory(home: agent.home.path), &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFDIR && info.st_mode & 0o7777 == 0o700 && info.st_uid == geteuid())
        #expect(lstat(agent.socketPath, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK && info.st_mode & 0o7777 == 0o600 && info.st_uid == geteuid())
        #expect(lstat(Agent.lockPath(socket: agent.socketPath), &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o600)
    }

    @Test(arguments: [0o755, 0o750, 0o701])
    func refusesADirectoryOthersCanEnter(_ mode: Int) throws {
        let home = try TemporaryDirectory()
        let directory = Agent.directory(home: home.path)
        #expect(mkdir(directory, mode_t(mode)) == 0)
        chmod(directory, mode_t(mode))
        let server = AgentServer(socketPath: Agent.socketPath(home: home.path), idleTimeout: .seconds(5))
        #expect {
            try server.listen()
        } throws: { error in
            guard case .agentInsecureDirectory(_, let reported)? = error as? VitniError else { return false }
            return reported == UInt16(mode) && (error as? VitniError)?.hint == "run `chmod 700 \(directory)`"
        }
        #expect(!FileManager.default.fileExists(atPath: Agent.socketPath(home: home.path)))
    }

    @Test func refusesASymlinkedDirectory() throws {
        let home = try TemporaryDirectory()
        let elsewhere = try TemporaryDirectory()
        #expect(symlink(elsewhere.path, Agent.directory(home: home.path)) == 0)
        let server = AgentServer(socketPath: Agent.socketPath(home: home.path), idleTimeout: .seconds(5))
        expectError(VitniError.agentInsecureDirectory(path: Agent.directory(home: home.path), mode: nil)) {
            try server.listen()
        }
    }

    @Test func removesAStaleSocketButNeverALiveOne() throws {
        let agent = try InProcessAgent([("anna", anna)])
        let second = AgentServer(socketPath: agent.socketPath, idleTimeout: .seconds(5))
        expectError(VitniError.agentAlreadyRunning(socket: agent.socketPath)) { try second.listen() }
        #expect(agent.client.isRunning, "the running agent is untouched")

        // A socket file nobody listens on, as a killed agent leaves it.
        let home = try TemporaryDirectory()
        let path = Agent.socketPath(home: home.path)
        try Agent.prepareDirectory(forSocket: path)
        do { _ = try UnixSocket.listen(path: path) }
        #expect(FileManager.default.fileExists(atPath: path))
        let revived = try InProcessAgentOnExistingHome(home: home, identity: anna)
        #expect(try revived.client.status().identities.count == 1)
    }

    @Test func refusesToReplaceAFileThatIsNotASocket() throws {
        let home = try TemporaryDirectory()
        let path = Agent.socketPath(home: home.path)
        try Agent.prepareDirectory(forSocket: path)
        _ = try home.write("agent/agent.sock", "not a socket")
        let server = AgentServer(socketPath: path, idleTimeout: .seconds(5))
        #expect(throws: VitniError.self) { try server.listen() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a socket")
    }

    @Test func withoutAnAgentEveryCallSaysHowToStartOne() throws {
        let home = try TemporaryDirectory()
        let client = AgentClient(home: home.path)
        #expect(!client.isRunning)
        expectError(VitniError.agentNotRunning(socket: client.socketPath)) { _ = try client.status() }
        expectError(VitniError.agentNotRunning(socket: client.socketPath)) {
            _ = try AgentIdentity(client: client).unwrap(stanzas: [Age.Stanza(type: "X25519", arguments: [], body: [])])
        }
        #expect(try client.lock() == false)
    }

    @Test func removedSocketEndsTheAgent() throws {
        let agent = try InProcessAgent([("anna", anna)])
        #expect(unlink(agent.socketPath) == 0)
        #expect(agent.waitUntilStopped(seconds: 5), "nobody can reach it any more, so it wipes and exits")
    }
}

/// Expects `body` to throw exactly `expected` (compared by its message, which names everything).
func expectError(
    _ expected: VitniError, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected: \(expected)", sourceLocation: sourceLocation)
    } catch {
        #expect((error as? VitniError)?.description == expected.description, sourceLocation: sourceLocation)
    }
}

/// An agent on a home prepared by the test (e.g. with a stale socket in it).
final class InProcessAgentOnExistingHome: @unchecked Sendable {
    private struct ServerBox: @unchecked Sendable { let server: AgentServer }
    let client: AgentClient
    private let finished = DispatchSemaphore(value: 0)

    init(home: TemporaryDirectory, identity: Age.X25519Identity) throws {
        client = AgentClient(home: home.path)
        let server = AgentServer(socketPath: client.socketPath, idleTimeout: .seconds(60))
        server.add(name: "anna", identity: identity)
        try server.listen()
        let box = ServerBox(server: server)
        let finished = finished
        Thread {
            box.server.serve()
            finished.signal()
        }.start()
    }

    deinit {
        _ = try? client.lock()
        _ = finished.wait(timeout: .now() + 5)
    }
}

/// Whatever arrives on the socket, the agent answers with a failure code (or closes) and keeps
/// serving; it never crashes, and never changes what it holds.
@Suite struct AgentHostileInputTests {
    static let anna = Age.X25519Identity.generate()

    static var validStanza: [UInt8] {
        let ciphertext = try! AgentTesting.encrypt([1], to: [anna.recipient])
        return try! Age.Header.parse(ciphertext, isComplete: false)!.0.stanzas[0].encoded
    }

    static let macLine = Array("--- ".utf8) + [UInt8](repeating: UInt8(ascii: "A"), count: 43) + [0x0A]

    /// A hostile input, described by its label alone (the bytes are long).
    struct Garbage: Sendable, CustomTestStringConvertible {
        let label: String
        let bytes: [UInt8]
        /// The failure the agent answers with; nil: any failure, or none.
        let expected: Agent.Failure?
        var testDescription: String { label }
    }

    static let cases: [Garbage] = [
        Garbage(label: "nothing at all", bytes: [], expected: .malformed),
        Garbage(label: "half a length", bytes: [0, 0], expected: .malformed),
        Garbage(label: "zero length", bytes: [0, 0, 0, 0], expected: .malformed),
        Garbage(label: "length one", bytes: [0, 0, 0, 1, 1], expected: .malformed),
        Garbage(label: "length 4 GiB", bytes: [0xFF, 0xFF, 0xFF, 0xFF, 1, 3], expected: .tooLarge),
        Garbage(
            label: "just over the limit", bytes: Agent.bigEndian(UInt32(Agent.maximumRequestSize + 1)) + [1, 1],
            expected: .tooLarge),
        Garbage(label: "truncated body", bytes: [0, 0, 0, 10, 1, 1, 0x2D], expected: .malformed),
        Garbage(
            label: "unknown version", bytes: AgentTesting.frame(version: 2, kind: 3), expected: .unsupportedVersion),
        Garbage(label: "unknown kind", bytes: AgentTesting.frame(kind: 0x7F), expected: .unknownRequest),
        Garbage(
            label: "a response kind", bytes: AgentTesting.frame(kind: 0x81, [UInt8](repeating: 0, count: 16)),
            expected: .unknownRequest),
        Garbage(label: "status with a trailing byte", bytes: AgentTesting.frame(kind: 3, [0]), expected: .malformed),
        Garbage(label: "lock with a trailing byte", bytes: AgentTesting.frame(kind: 4, [0]), expected: .malformed),
        Garbage(label: "unwrap of nothing", bytes: AgentTesting.frame(kind: 1), expected: .malformed),
        Garbage(
            label: "unwrap of junk", bytes: AgentTesting.frame(kind: 1, Array("hello\n".utf8)), expected: .malformed),
        Garbage(
            label: "unwrap of invalid UTF-8",
            bytes: AgentTesting.frame(kind: 1, [0x2D, 0x3E, 0x20, 0xFF, 0xFE, 0x0A, 0x0A]), expected: .malformed),
        Garbage(
            label: "unwrap of a stanza without its body line",
            bytes: AgentTesting.frame(kind: 1, Array("-> X25519 AAAA\n".utf8)), expected: .malformed),
        Garbage(
            label: "unwrap smuggling a MAC line",
            bytes: AgentTesting.frame(kind: 1, validStanza + macLine + validStanza), expected: .malformed),
        Garbage(
            label: "unwrap of a whole header",
            bytes: AgentTesting.frame(kind: 1, Age.versionLine + [0x0A] + validStanza), expected: .malformed),
        Garbage(
            label: "unwrap with a short share",
            bytes: AgentTesting.frame(kind: 1, Array("-> X25519 AAAA\nAAAA\n".utf8)), expected: .malformedStanza),
        Garbage(
            label: "add without a key", bytes: AgentTesting.frame(kind: 2, [0, 0, 0, 0, 1, 0x61]), expected: .malformed),
        Garbage(
            label: "add with a bad name",
            bytes: AgentTesting.frame(kind: 2, [0, 0, 0, 0, 4] + Array("../x".utf8) + keyText), expected: .malformed),
        Garbage(
            label: "add with a name length past the end", bytes: AgentTesting.frame(kind: 2, [0, 0, 0, 0, 200, 0x61]),
            expected: .malformed),
        Garbage(
            label: "add with a junk key",
            bytes: AgentTesting.frame(kind: 2, [0, 0, 0, 0, 1, 0x61] + Array("AGE-SECRET-KEY-1XYZ".utf8)),
            expected: .malformed),
        Garbage(
            label: "add with two keys",
            bytes: AgentTesting.frame(kind: 2, [0, 0, 0, 0, 1, 0x61] + keyText + [0x0A] + keyText), expected: .malformed
        ),
        Garbage(
            label: "add with a 2-day timeout",
            bytes: AgentTesting.frame(kind: 2, Agent.bigEndian(172_800_000) + [1, 0x61] + keyText), expected: .malformed
        ),
        Garbage(label: "random bytes", bytes: testBytes(count: 4096, seed: 99), expected: nil),
        Garbage(
            label: "random frame", bytes: AgentTesting.frame(kind: 1, testBytes(count: 70_000, seed: 98)),
            expected: .malformed),
    ]

    static let keyText = AgentTesting.bytes(of: Age.X25519Identity.generate().encoded)

    @Test(arguments: cases)
    func garbageGetsAFailureAndTheAgentCarriesOn(_ garbage: Garbage) throws {
        let label = garbage.label
        let agent = try InProcessAgent([("anna", Self.anna)])
        let before = try agent.client.status().identities
        let answer = try rawExchange(agent.socketPath, garbage.bytes)
        if let expected = garbage.expected {
            #expect(answer == AgentTesting.failureFrame(expected), "\(label): \(answer)")
        } else {
            #expect(answer.isEmpty || Array(answer.prefix(5)) == [0, 0, 0, 3, 1], "\(label): \(answer)")
        }
        #expect(try agent.client.status().identities == before, "\(label): the agent must keep serving, unchanged")
    }

    /// Each connection has its own thread and a two-second deadline for its whole request.
    @Test func aStalledClientDelaysNobody() throws {
        let agent = try InProcessAgent([("anna", Self.anna)])
        let stalled = try UnixSocket.connect(path: agent.socketPath)
        try ([0, 0, 0, 9, 1] as [UInt8]).withUnsafeBytes { try stalled.send($0) }
        let start = ContinuousClock.now
        #expect(try agent.client.status().identities.count == 1)
        let waited = ContinuousClock.now - start
        #expect(waited < .seconds(1), "waited \(waited)")
        // The stalled connection is closed without an answer at its deadline.
        stalled.setTimeouts(seconds: 5)
        var byte: UInt8 = 0
        #expect(recv(stalled.descriptor, &byte, 1, 0) == 0)
        #expect(ContinuousClock.now - start < .seconds(4))
    }

    @Test func manyConnectionsInARow() throws {
        let agent = try InProcessAgent([("anna", Self.anna)])
        for index in 0..<200 {
            _ = try rawExchange(agent.socketPath, testBytes(count: index % 37, seed: UInt64(index)))
        }
        #expect(try agent.client.status().identities.count == 1)
    }
}

/// The frames themselves, without a socket.
@Suite struct AgentWireTests {
    /// The body of an encoded frame, checking its length prefix.
    static func body(_ frame: SecretBytes) throws -> SecretBytes {
        let bytes = AgentTesting.bytes(of: frame)
        let length = bytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        try #require(length == bytes.count - 4)
        return frame.slice(4..<frame.count)
    }

    @Test func requestsRoundTrip() throws {
        let identity = Age.X25519Identity.generate()
        let stanzas = try Age.Header.parse(
            try AgentTesting.encrypt([1, 2], to: [identity.recipient, Age.X25519Identity.generate().recipient]),
            isComplete: false)!.0.stanzas
        guard
            case .unwrap(let decoded) = try Agent.Request.decode(
                try Self.body(Agent.Request.unwrap(stanzas).encoded()!))
        else { throw TestSupportError("not an unwrap") }
        #expect(decoded == stanzas)

        let add = Agent.Request.add(name: "anna", identity: identity, idleTimeoutMilliseconds: 90_000)
        guard case .add(let name, let key, let milliseconds) = try Agent.Request.decode(try Self.body(add.encoded()!))
        else { throw TestSupportError("not an add") }
        #expect(name == "anna" && milliseconds == 90_000 && key.recipient == identity.recipient)

        guard case .status = try Agent.Request.decode(try Self.body(Agent.Request.status.encoded()!)) else {
            throw TestSupportError("not a status")
        }
        guard case .lock = try Agent.Request.decode(try Self.body(Agent.Request.lock.encoded()!)) else {
            throw TestSupportError("not a lock")
        }
        #expect(AgentTesting.bytes(of: Agent.Request.lock.encoded()!) == [0, 0, 0, 2, 1, 4])
    }

    @Test func anOversizedUnwrapIsNotSent() {
        let stanza = Age.Stanza(type: "X25519", arguments: ["x"], body: [UInt8](repeating: 0, count: 800_000))
        #expect(Agent.Request.unwrap([stanza]).encoded() == nil)
    }

    @Test func responsesRoundTrip() throws {
        let fileKey = SecureRandom.secret(count: 16)
        guard
            case .fileKey(let key) = try Agent.Response.decode(try Self.body(Agent.Response.fileKey(fileKey).encoded()))
        else { throw TestSupportError("not a file key") }
        #expect(key.isEqual(to: fileKey))

        let status = AgentStatus(
            pid: 4242,
            identities: [
                .init(name: "anna", recipient: Age.X25519Identity.generate().recipient.encoded),
                .init(name: "bo.2", recipient: Age.X25519Identity.generate().recipient.encoded),
            ], idleTimeout: .seconds(1800), remaining: .milliseconds(1_234_500))
        guard
            case .status(let decoded) = try Agent.Response.decode(
                try Self.body(Agent.Response.status(status).encoded()))
        else { throw TestSupportError("not a status") }
        #expect(decoded == status)

        for response in [Agent.Response.ok, .noMatch, .failure(.tooLarge)] {
            let bytes = AgentTesting.bytes(of: response.encoded())
            #expect(AgentTesting.bytes(of: try Self.body(response.encoded())) == Array(bytes[4...]))
        }
        #expect(AgentTesting.bytes(of: Agent.Response.failure(.malformedStanza).encoded()) == [0, 0, 0, 3, 1, 0xE0, 4])
    }

    /// The client treats the agent's answers as hostile too.
    @Test(
        arguments: [
            [1, 0x81] + [UInt8](repeating: 0, count: 15),
            [1, 0x81] + [UInt8](repeating: 0, count: 17),
            [1, 0x80, 0],
            [1, 0x82, 0],
            [2, 0x80],
            [1, 0x99],
            [1, 0xE0],
            [1, 0xE0, 99],
            [1, 0x83, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0x61, 4] + Array("age1".utf8),
            [1, 0x83, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0],
            [1, 0x83, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 200],
            [1, 0x83, 0, 0, 0, 1],
            [1],
        ] as [[UInt8]])
    func malformedResponsesAreRejected(_ body: [UInt8]) {
        let secret = body.withUnsafeBytes { SecretBytes(copying: $0) }
        #expect(throws: Agent.Failure.self) { try Agent.Response.decode(secret) }
    }
}
