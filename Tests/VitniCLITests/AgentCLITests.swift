import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

@testable import VitniKit

/// Two identities made once per test process, their minisign keys at libsodium's interactive
/// scrypt cost (every `vitni unlock` opens one; the full cost would take seconds and 1 GiB each);
/// every test copies them into a VITNI_HOME of its own.
final class AgentTestIdentities: Sendable {
    static let passphrase = "agent test passphrase"
    static let shared = Result { try AgentTestIdentities() }

    let directory: TemporaryDirectory
    let anna: PublicIdentity
    let bo: PublicIdentity

    private init() throws {
        directory = try TemporaryDirectory()
        let store = KeyStore(home: directory.path)
        let secret = Array(Self.passphrase.utf8).withUnsafeBytes { SecretBytes(copying: $0) }
        nonisolated(unsafe) var made: [Result<PublicIdentity, any Error>] = Array(
            repeating: .failure(TestSupportError("not made")), count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            made[index] = Result {
                try store.create(
                    name: ["anna", "bo"][index], role: index == 0 ? .prosecutor : .defence, passphrase: secret,
                    ageWorkFactor: 10, signingKeyCost: .interactive)
            }
        }
        anna = try made[0].get()
        bo = try made[1].get()
        Self.removeAtExit = directory.path
        atexit { if let path = AgentTestIdentities.removeAtExit { try? FileManager.default.removeItem(atPath: path) } }
    }

    /// The shared directory outlives every test; it goes when the test process exits.
    nonisolated(unsafe) private static var removeAtExit: String?
}

/// A VITNI_HOME with the two identities, a working directory and passphrase files. Whatever a
/// test does, deinit ends every agent started in this home: it asks the agent to lock, then
/// kills by pid any agent process of this home still there.
final class AgentSandbox {
    let identities: AgentTestIdentities
    let home: TemporaryDirectory
    let work: TemporaryDirectory
    let passphraseFile: String
    let wrongPassphraseFile: String
    private var agentPIDs: Set<Int32> = []

    var client: AgentClient { AgentClient(home: home.path) }
    var socketPath: String { Agent.socketPath(home: home.path) }

    init() throws {
        identities = try AgentTestIdentities.shared.get()
        home = try TemporaryDirectory()
        work = try TemporaryDirectory()
        try FileManager.default.copyItem(
            atPath: identities.directory.file("identities"), toPath: home.file("identities"))
        for name in ["anna", "bo"] { chmod(home.file("identities/\(name)/age-identity.age"), 0o600) }
        passphraseFile = try work.write("pass", AgentTestIdentities.passphrase + "\n")
        wrongPassphraseFile = try work.write("wrong", "not the passphrase\n")
        chmod(passphraseFile, 0o600)
        chmod(wrongPassphraseFile, 0o600)
    }

    deinit {
        _ = try? client.lock()
        if let pid = agentPID() { agentPIDs.insert(pid) }
        for pid in agentPIDs where isAgentProcess(pid) { kill(pid, SIGKILL) }
    }

    /// Runs `vitni ARGS` in this home, and notes the pid of any agent it left running.
    @discardableResult
    func vitni(_ arguments: [String]) throws -> ProcessResult {
        let result = try runProcess(
            Repository.vitniBinary, arguments, environment: ["VITNI_HOME": home.path], currentDirectory: work.path)
        if let pid = agentPID() { agentPIDs.insert(pid) }
        return result
    }

    func unlock(_ name: String, timeout: String = "5", passphraseFile: String? = nil) throws -> ProcessResult {
        try vitni(["unlock", name, "--passphrase-file", passphraseFile ?? self.passphraseFile, "--timeout", timeout])
    }

    /// The pid a running agent wrote into its lock file (empty once it exits cleanly).
    func agentPID() -> Int32? {
        guard let text = try? String(contentsOfFile: Agent.lockPath(socket: socketPath), encoding: .utf8) else {
            return nil
        }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether `pid` is a live (not zombie) agent serving this home's socket.
    func isAgentProcess(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let state = stat.split(separator: ")").last?.split(separator: " ").first, state != "Z",
            let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
        else { return false }
        let arguments = commandLine.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return arguments.contains("serve") && arguments.contains(socketPath)
    }

    /// Polls `condition` every 50 ms for up to `seconds`.
    func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    var socketExists: Bool {
        var info = stat()
        return lstat(socketPath, &info) == 0
    }
}

/// `vitni unlock`, `vitni lock` and `vitni agent status` as a user runs them: real agent
/// processes, started in the background and ended by each test.
@Suite struct AgentCLITests {
    let sandbox: AgentSandbox
    let plaintext = testBytes(count: 200_000, seed: 11)

    init() throws { sandbox = try AgentSandbox() }

    func encrypt(to recipient: String, _ name: String) throws -> String {
        let input = try sandbox.work.write(name + ".plain", plaintext)
        let result = try sandbox.vitni(["encrypt", "-r", recipient, "-o", name, input])
        try #require(result.status == 0, "\(result.stderrText)")
        return sandbox.work.file(name)
    }

    @Test func unlockOnceThenReadBackWithoutAPassphrase() throws {
        let sealed = try encrypt(to: "anna", "for-anna.age")
        let unlock = try sandbox.unlock("anna")
        #expect(unlock.status == 0, "\(unlock.stderrText)")
        #expect(unlock.stdoutText.contains("unlocked 'anna' (\(sandbox.identities.anna.ageRecipient)) in a new agent"))
        #expect(unlock.stdoutText.contains("exits after 5 minutes without use"))
        let pid = try #require(sandbox.agentPID())
        #expect(sandbox.isAgentProcess(pid))

        // Through AgentIdentity, as the session code uses it.
        let decryptor = try Age.Decryptor(
            source: try FileStream.open(readingFrom: sealed), identities: [AgentIdentity(client: sandbox.client)])
        var out = [UInt8](repeating: 0, count: plaintext.count + 1)
        let count = try out.withUnsafeMutableBytes { try decryptor.readFully(into: $0) }
        #expect(Array(out[..<count]) == plaintext)

        // And from the command line: no passphrase file, no terminal.
        let decrypt = try sandbox.vitni(["decrypt", "--agent", "-o", "out.bin", sealed])
        #expect(decrypt.status == 0, "\(decrypt.stderrText)")
        #expect(FileManager.default.contents(atPath: sandbox.work.file("out.bin")) == Data(plaintext))

        let status = try sandbox.vitni(["agent", "status"])
        #expect(status.status == 0)
        #expect(status.stdoutText.contains("agent running (pid \(pid))"))
        #expect(status.stdoutText.contains("anna\t\(sandbox.identities.anna.ageRecipient)"))
        #expect(status.stdoutText.contains("exits after 5 minutes without use"))
        for output in [unlock.stdoutText, unlock.stderrText, status.stdoutText, status.stderrText] {
            #expect(!output.contains("AGE-SECRET-KEY"))
        }
    }

    @Test func theAgentIsDetachedAndHoldsNoSecretInItsArgumentsOrEnvironment() throws {
        #expect(try sandbox.unlock("anna").status == 0)
        let pid = try #require(sandbox.agentPID())
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = try #require(stat.split(separator: ")").last).split(separator: " ")
        #expect(fields[1] == "1" || Int32(fields[1]) != getpid(), "reparented: `vitni unlock` has exited")
        #expect(Int32(fields[3]) == pid, "it leads its own session")
        #expect(fields[4] == "0", "it has no controlling terminal")
        for file in ["cmdline", "environ"] {
            let bytes = try #require(FileManager.default.contents(atPath: "/proc/\(pid)/\(file)"))
            #expect(!String(decoding: bytes, as: UTF8.self).contains("AGE-SECRET-KEY"), "\(file)")
        }
        // Standard streams on /dev/null, and nothing else inherited: no caller's pipe stays open.
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
        for fd in descriptors {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) ?? ""
            if ["0", "1", "2"].contains(fd) { #expect(target == "/dev/null", "fd \(fd) → \(target)") }
            #expect(!target.hasPrefix("pipe:"), "fd \(fd) → \(target)")
        }
    }

    @Test func lockEndsTheAgentAndReadingBackThenSaysWhatToDo() throws {
        let sealed = try encrypt(to: "anna", "for-anna.age")
        #expect(try sandbox.unlock("anna").status == 0)
        let pid = try #require(sandbox.agentPID())

        let lock = try sandbox.vitni(["lock"])
        #expect(lock.status == 0)
        #expect(lock.stdoutText.contains("locked: the agent wiped its identities and exited"))
        #expect(!sandbox.socketExists, "the socket is removed before `vitni lock` returns")
        #expect(sandbox.eventually(within: 5) { !sandbox.isAgentProcess(pid) })

        let decrypt = try sandbox.vitni(["decrypt", "--agent", "-o", "out.bin", sealed])
        #expect(decrypt.status == 2)
        #expect(decrypt.stderrText.contains("no agent is running"))
        #expect(decrypt.stderrText.contains("hint: no agent is running: run `vitni unlock NAME`"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.work.file("out.bin")))
        #expect(throws: VitniError.self) {
            _ = try Age.Decryptor(
                source: try FileStream.open(readingFrom: sealed), identities: [AgentIdentity(client: sandbox.client)])
        }

        let again = try sandbox.vitni(["lock"])
        #expect(again.status == 0 && again.stdoutText.contains("no agent was running"))
        let status = try sandbox.vitni(["agent", "status"])
        #expect(status.status == 2)
        #expect(status.stderrText.contains("run `vitni unlock NAME`"))
    }

    @Test func idleTimeoutEndsTheAgent() throws {
        let unlock = try sandbox.unlock("anna", timeout: "0.02")  // 1.2 seconds
        #expect(unlock.status == 0, "\(unlock.stderrText)")
        let pid = try #require(sandbox.agentPID())
        #expect(sandbox.eventually(within: 10) { !sandbox.socketExists && !sandbox.isAgentProcess(pid) })
        #expect(try sandbox.vitni(["agent", "status"]).status == 2)
    }

    @Test func socketAndDirectoryArePrivate() throws {
        #expect(try sandbox.unlock("anna").status == 0)
        var info = stat()
        #expect(lstat(Agent.directory(home: sandbox.home.path), &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFDIR)
        #expect(info.st_mode & 0o7777 == 0o700)
        #expect(info.st_uid == geteuid())
        #expect(lstat(sandbox.socketPath, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o7777 == 0o600)
        #expect(info.st_uid == geteuid())
    }

    @Test func aSecondUnlockAddsToTheRunningAgent() throws {
        #expect(try sandbox.unlock("anna").status == 0)
        let pid = try #require(sandbox.agentPID())
        let second = try sandbox.unlock("bo", timeout: "10")
        #expect(second.status == 0, "\(second.stderrText)")
        #expect(second.stdoutText.contains("in the running agent (pid \(pid)), which now holds 2 identities"))
        #expect(second.stdoutText.contains("exits after 10 minutes without use"))
        #expect(sandbox.agentPID() == pid)
        let status = try sandbox.vitni(["agent", "status"])
        #expect(status.stdoutText.contains("anna\t\(sandbox.identities.anna.ageRecipient)"))
        #expect(status.stdoutText.contains("bo\t\(sandbox.identities.bo.ageRecipient)"))
        let sealed = try encrypt(to: "bo", "for-bo.age")
        let decrypt = try sandbox.vitni(["decrypt", "--agent", "-o", "out.bin", sealed])
        #expect(decrypt.status == 0, "\(decrypt.stderrText)")
    }

    @Test func wrongPassphraseStartsNothing() throws {
        let unlock = try sandbox.unlock("anna", passphraseFile: sandbox.wrongPassphraseFile)
        #expect(unlock.status == 1)
        #expect(unlock.stderrText.contains("incorrect passphrase"))
        #expect(!sandbox.socketExists)
        #expect(sandbox.agentPID() == nil)
        #expect(try sandbox.vitni(["agent", "status"]).status == 2)
    }

    @Test func unknownIdentityStartsNothing() throws {
        let unlock = try sandbox.unlock("nobody")
        #expect(unlock.status == 2)
        #expect(unlock.stderrText.contains("no identity named 'nobody'"))
        #expect(!sandbox.socketExists)
    }

    @Test func aFileForSomeoneElseSaysTheAgentHoldsNoIdentityForIt() throws {
        #expect(try sandbox.unlock("anna").status == 0)
        let sealed = try encrypt(to: sandbox.identities.bo.ageRecipient, "for-bo.age")
        let decrypt = try sandbox.vitni(["decrypt", "--agent", "-o", "out.bin", sealed])
        #expect(decrypt.status == 1)
        #expect(decrypt.stderrText.contains("\(sealed): the agent holds no identity for this file"))
        #expect(decrypt.stderrText.contains("hint: `vitni agent status` lists the unlocked identities"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.work.file("out.bin")))
    }

    @Test func refusesAnAgentDirectoryOthersCanEnter() throws {
        let directory = Agent.directory(home: sandbox.home.path)
        #expect(mkdir(directory, 0o755) == 0)
        chmod(directory, 0o755)
        let unlock = try sandbox.unlock("anna")
        #expect(unlock.status == 2)
        #expect(unlock.stderrText.contains("open to other users (mode 755)"))
        #expect(unlock.stderrText.contains("hint: run `chmod 700 \(directory)`"))
        #expect(!sandbox.socketExists)
    }

    @Test func garbageOnTheSocketDoesNotCrashTheAgent() throws {
        #expect(try sandbox.unlock("anna").status == 0)
        let pid = try #require(sandbox.agentPID())
        for (index, bytes) in [
            testBytes(count: 100_000, seed: 5), [0xFF, 0xFF, 0xFF, 0xFF], [0, 0, 0, 2, 1, 1], [0, 0, 0, 3, 9, 9, 9], [],
        ].enumerated() {
            let socket = try UnixSocket.connect(path: sandbox.socketPath)
            socket.setTimeouts(seconds: 5)
            try? bytes.withUnsafeBytes { try socket.send($0) }
            shutdown(socket.descriptor, Int32(SHUT_WR))
            var answer = [UInt8](repeating: 0, count: 64)
            let n = recv(socket.descriptor, &answer, answer.count, 0)
            #expect(n <= 0 || Array(answer[..<5]) == [0, 0, 0, 3, 1], "garbage \(index) got \(answer[..<max(n, 0)])")
        }
        let status = try sandbox.vitni(["agent", "status"])
        #expect(status.status == 0)
        #expect(status.stdoutText.contains("agent running (pid \(pid))"))
        #expect(sandbox.isAgentProcess(pid))
    }

    @Test func aKilledAgentsSocketIsReplaced() throws {
        #expect(try sandbox.unlock("anna").status == 0)
        let first = try #require(sandbox.agentPID())
        kill(first, SIGKILL)
        #expect(sandbox.eventually(within: 5) { !sandbox.isAgentProcess(first) })
        #expect(sandbox.socketExists, "a killed agent leaves its socket behind")
        let unlock = try sandbox.unlock("anna")
        #expect(unlock.status == 0, "\(unlock.stderrText)")
        #expect(unlock.stdoutText.contains("in a new agent"))
        let second = try #require(sandbox.agentPID())
        #expect(second != first && sandbox.isAgentProcess(second))
    }

    @Test(arguments: ["0", "-1", "1441", "soon"])
    func timeoutsOutOfRangeAreUsageErrors(_ timeout: String) throws {
        let unlock = try sandbox.unlock("anna", timeout: timeout)
        #expect(unlock.status == 64)
        #expect(!sandbox.socketExists)
    }

    /// SO_PEERCRED: another user who can reach the socket still gets no answer. Needs root to
    /// act as that user; the socket is opened up to them for the test.
    @Test(.enabled(if: geteuid() == 0, "needs root to connect as another user"))
    func anotherUserIsRefused() throws {
        #expect(try sandbox.unlock("anna").status == 0)
        for path in [sandbox.home.path, Agent.directory(home: sandbox.home.path)] { chmod(path, 0o711) }
        chmod(sandbox.socketPath, 0o666)
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(5)
            s.connect(sys.argv[1])
            try:
                s.sendall(bytes([0, 0, 0, 2, 1, 3]))
                answer = s.recv(100)
            except (ConnectionResetError, BrokenPipeError):
                answer = b""  # closed unread: reset
            print(len(answer))
            """
        let result = try runProcess(
            "/usr/bin/setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, sandbox.socketPath])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "0\n", "the agent must close the connection without answering")
        #expect(try sandbox.vitni(["agent", "status"]).status == 0, "and keep serving its own user")
    }
}
