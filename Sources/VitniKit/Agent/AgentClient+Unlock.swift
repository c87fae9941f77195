import Foundation
public import VitniCrypto
public import VitniFormats

#if canImport(Glibc)
    import Glibc
#endif

extension AgentClient {
    /// What `unlock` did.
    public enum UnlockOutcome: Sendable {
        /// A new agent was started, holding the identity.
        case started(AgentStatus)
        /// The running agent took the identity.
        case added(AgentStatus)

        public var status: AgentStatus {
            switch self {
            case .started(let status), .added(let status): status
            }
        }
    }

    /// Puts an unlocked identity into this home's agent: given to the running agent, or to a new
    /// one started in the background as `executable agent serve`, detached in its own session.
    ///
    /// The age key reaches a new agent through a pipe on its standard input, never its arguments
    /// or environment, and the signing key follows over the socket; this returns once the agent
    /// listens and holds both.
    /// - Parameters:
    ///   - name: the identity's name, shown by `status`.
    ///   - signingKey: the identity's minisign key, so the agent signs as it too; nil: unwrap only.
    ///   - idleTimeout: how long the agent waits without a request before it exits.
    ///   - executable: the `vitni` binary to run the agent with.
    /// - Throws: `VitniError.agentInsecureDirectory`, or `.agentFailure` if the agent could not start.
    public func unlock(
        name: String, identity: Age.X25519Identity, signingKey: MinisignSecretKey? = nil, idleTimeout: Duration,
        executable: String
    ) throws -> UnlockOutcome {
        let outcome = try unlockAgeIdentity(
            name: name, identity: identity, idleTimeout: idleTimeout, executable: executable)
        guard let signingKey else { return outcome }
        try addSigningKey(name: name, key: signingKey)
        switch outcome {
        case .started: return .started(try status())
        case .added: return .added(try status())
        }
    }

    private func unlockAgeIdentity(
        name: String, identity: Age.X25519Identity, idleTimeout: Duration, executable: String
    ) throws
        -> UnlockOutcome
    {
        try KeyStore.validate(name: name)
        guard idleTimeout > .zero, idleTimeout <= Agent.maximumIdleTimeout else {
            throw VitniError.agentFailure("the idle timeout must be between 0 and 24 hours", hint: nil)
        }
        try Agent.prepareDirectory(forSocket: socketPath)
        do {
            try add(name: name, identity: identity, idleTimeout: idleTimeout)
            return .added(try status())
        } catch VitniError.agentNotRunning {}

        let seconds = Double(Agent.milliseconds(idleTimeout)) / 1000
        let arguments = [
            "agent", "serve", "--socket", socketPath, "--name", name, "--timeout-seconds", String(seconds),
        ]
        do {
            try Self.spawnAgent(executable: executable, arguments: arguments, key: identity.encoded)
        } catch VitniError.agentFailure(let message, let hint) {
            // Another unlock may have started an agent a moment ago: give the identity to it.
            guard isRunning else { throw VitniError.agentFailure(message, hint: hint) }
            try add(name: name, identity: identity, idleTimeout: idleTimeout)
            return .added(try status())
        }
        return .started(try status())
    }

    /// Starts `executable arguments…` in a new session with the key on its standard input, and
    /// waits for its first report: `ready`, or `error: …` (and maybe `hint: …`) before it exits.
    static func spawnAgent(executable: String, arguments: [String], key: SecretBytes) throws {
        var toAgent: [Int32] = [-1, -1]
        var fromAgent: [Int32] = [-1, -1]
        guard pipe(&toAgent) == 0 else { throw VitniError.io(path: "pipe", operation: "pipe", code: errno) }
        defer { for fd in toAgent where fd >= 0 { close(fd) } }
        guard pipe(&fromAgent) == 0 else { throw VitniError.io(path: "pipe", operation: "pipe", code: errno) }
        defer { for fd in fromAgent where fd >= 0 { close(fd) } }
        for fd in toAgent + fromAgent { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toAgent[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromAgent[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else this process has open may live on in the agent (a caller's pipe would
        // never see end-of-file while the agent runs).
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        for signalNumber in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&signals, signalNumber) }
        posix_spawnattr_setsigdefault(&attributes, &signals)
        // POSIX_SPAWN_SETSID (0x80, glibc 2.26): the agent leads a new session, so it outlives
        // the terminal and shell that ran `vitni unlock`. (The macro is not imported into Swift.)
        let setSession: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | setSession))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw VitniError.io(path: executable, operation: "spawn", code: spawned) }
        close(fromAgent[1])
        fromAgent[1] = -1

        // The key fits in the pipe's buffer, and this process keeps a read end open until it has
        // written, so the write cannot block or raise SIGPIPE even if the agent died at once.
        let written = key.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = retryingOnEINTR { write(toAgent[1], bytes.baseAddress! + offset, bytes.count - offset) }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        close(toAgent[1])
        toAgent[1] = -1
        close(toAgent[0])
        toAgent[0] = -1
        guard written else {
            kill(pid, SIGTERM)
            throw VitniError.agentFailure("could not hand the identity to the agent", hint: nil)
        }

        let report = readReport(from: fromAgent[0], timeout: .seconds(20))
        let lines = report.split(separator: "\n").map(String.init)
        if lines.first == "ready" { return }
        if lines.isEmpty {
            kill(pid, SIGTERM)
        }
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
        let message = lines.first { $0.hasPrefix("error: ") }.map { String($0.dropFirst(7)) }
        let hint = lines.first { $0.hasPrefix("hint: ") }.map { String($0.dropFirst(6)) }
        throw VitniError.agentFailure(
            "the agent did not start: " + (message ?? "it exited or stalled before it was ready"), hint: hint)
    }

    /// The agent's report: printable ASCII up to end of input, 4 KiB or the timeout.
    private static func readReport(from fd: Int32, timeout: Duration) -> String {
        let deadline = ContinuousClock.now + timeout
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while bytes.count < 4096 {
            let left = deadline - .now
            guard left > .zero else { break }
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, Int32(clamping: Agent.milliseconds(left)))
            if ready < 0 && errno == EINTR { continue }
            guard ready == 1 else { break }
            let n = retryingOnEINTR { read(fd, &buffer, buffer.count) }
            guard n > 0 else { break }
            bytes += buffer[..<n]
        }
        return String(decoding: bytes.filter { $0 == 0x0A || (0x20...0x7E).contains($0) }, as: UTF8.self)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34), looked up at run time because
    /// Swift does not import GNU extensions. Sound: it is an ordinary, non-variadic C function
    /// with exactly this signature.
    private static let addCloseFrom:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
            guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
            return unsafeBitCast(
                symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        }()
}
