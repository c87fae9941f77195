import Foundation
import Synchronization
public import VitniCrypto
public import VitniFormats

#if canImport(Glibc)
    import Glibc
#endif

/// The agent itself: holds unlocked X25519 identities in guarded memory and answers requests on
/// its socket until it has been idle for its timeout, is locked, receives SIGTERM/SIGINT/SIGHUP,
/// or its socket file is removed or replaced. On the way out it drops every identity (libsodium
/// wipes the memory) and removes its socket.
///
/// One thread, one connection at a time: each connection gets two seconds to deliver its
/// request, and connections from other users are closed before a byte is read.
public final class AgentServer {
    public let socketPath: String
    public private(set) var idleTimeout: Duration
    private var identities: [(name: String, identity: Age.X25519Identity)] = []
    private var deadline: ContinuousClock.Instant
    private var listener: UnixSocket?
    private var socketFile: (device: UInt64, inode: UInt64)?
    private var lockDescriptor: Int32 = -1
    private var lockRequested = false

    /// Set from a signal handler; an atomic store is async-signal-safe.
    static let stopSignal = Atomic<Bool>(false)

    /// - Parameters:
    ///   - socketPath: where to listen, normally `Agent.socketPath(home:)`.
    ///   - idleTimeout: how long to wait without an unwrap or add request before exiting.
    public init(socketPath: String, idleTimeout: Duration) {
        self.socketPath = socketPath
        self.idleTimeout = idleTimeout
        deadline = .now + idleTimeout
    }

    deinit {
        shutDown()
    }

    /// The identities held, by name and recipient.
    public var heldIdentities: [AgentStatus.Identity] {
        identities.map { AgentStatus.Identity(name: $0.name, recipient: $0.identity.recipient.encoded) }
    }

    /// Adds an identity, replacing one with the same recipient.
    /// - Returns: false if the agent already holds its maximum number of identities.
    @discardableResult
    public func add(name: String, identity: Age.X25519Identity) -> Bool {
        if let index = identities.firstIndex(where: { $0.identity.recipient == identity.recipient }) {
            identities[index] = (name, identity)
            return true
        }
        guard identities.count < Agent.maximumIdentities else { return false }
        identities.append((name, identity))
        return true
    }

    /// Takes the agent's lock, removes a stale socket and listens.
    /// - Throws: `VitniError.agentAlreadyRunning` if another agent serves this socket,
    ///   `.agentInsecureDirectory` if its directory is open to others, `.agentFailure` or `.io`.
    public func listen() throws {
        try Agent.prepareDirectory(forSocket: socketPath)
        guard UnixSocket.fitsAddress(socketPath) else {
            throw VitniError.agentFailure(
                "the socket path \(socketPath) is longer than a Unix socket address allows (107 bytes)",
                hint: "use a shorter VITNI_HOME")
        }
        try takeLock()
        try removeStaleSocket()
        do { listener = try UnixSocket.listen(path: socketPath) } catch {
            throw VitniError.io(path: socketPath, operation: error.operation, code: error.code)
        }
        var info = stat()
        guard stat(socketPath, &info) == 0 else {
            throw VitniError.io(path: socketPath, operation: "stat", code: errno)
        }
        socketFile = (UInt64(info.st_dev), UInt64(info.st_ino))
        deadline = .now + idleTimeout
    }

    /// Answers requests until the agent is idle for its timeout, locked, signalled, or its
    /// socket disappears; then wipes its identities and removes the socket.
    public func serve() {
        defer { shutDown() }
        guard let listener else { return }
        while !lockRequested && !Self.stopSignal.load(ordering: .relaxed) && socketIsOurs() {
            let left = deadline - .now
            guard left > .zero else { break }
            // Wake at least once a second to notice signals and a removed socket.
            let wait = min(Agent.milliseconds(left), 1000)
            guard let connection = listener.accept(waitingAtMost: Int32(max(wait, 1))) else { continue }
            handle(connection)
        }
    }

    /// Makes SIGTERM, SIGINT and SIGHUP end `serve()` cleanly, and ignores SIGPIPE.
    public static func installSignalHandlers() {
        stopSignal.store(false, ordering: .relaxed)
        for signalNumber in [SIGTERM, SIGINT, SIGHUP] {
            signal(signalNumber) { _ in AgentServer.stopSignal.store(true, ordering: .relaxed) }
        }
        signal(SIGPIPE, SIG_IGN)
    }

    // MARK: - Requests

    private func handle(_ connection: UnixSocket) {
        // Only this user's processes may talk to the agent (the socket's mode says the same).
        guard connection.peerUID() == geteuid() else { return }
        connection.setTimeouts(seconds: 2)
        let response: Agent.Response
        do {
            let body = try connection.receiveFrame(limit: Agent.maximumRequestSize)
            response = respond(to: try Agent.Request.decode(body))
        } catch let failure as Agent.Failure {
            response = .failure(failure)
        } catch {
            return  // the peer went away or stalled: nothing to answer
        }
        try? connection.send(frame: response.encoded())
    }

    func respond(to request: Agent.Request) -> Agent.Response {
        switch request {
        case .unwrap(let stanzas):
            deadline = .now + idleTimeout
            for (_, identity) in identities {
                do {
                    if let fileKey = try identity.unwrap(stanzas: stanzas) { return .fileKey(fileKey) }
                } catch {
                    return .failure(.malformedStanza)
                }
            }
            return .noMatch
        case .add(let name, let identity, let milliseconds):
            if milliseconds > 0 { idleTimeout = .milliseconds(milliseconds) }
            deadline = .now + idleTimeout
            return add(name: name, identity: identity) ? .ok : .failure(.tooManyIdentities)
        case .status:
            let left = max(deadline - .now, .zero)
            return .status(
                AgentStatus(pid: getpid(), identities: heldIdentities, idleTimeout: idleTimeout, remaining: left))
        case .lock:
            lockRequested = true
            return .ok
        }
    }

    // MARK: - Files

    /// The lock is held for the agent's life and released by the kernel however it ends, so a
    /// second agent cannot start beside a live one and a dead one never looks alive.
    private func takeLock() throws {
        let path = Agent.lockPath(socket: socketPath)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw VitniError.io(path: path, operation: "open", code: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw VitniError.agentAlreadyRunning(socket: socketPath) }
            throw VitniError.io(path: path, operation: "flock", code: code)
        }
        let pid = Array("\(getpid())\n".utf8)
        ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        lockDescriptor = fd
    }

    /// A socket file left by an agent that died: removed only if nothing answers on it.
    private func removeStaleSocket() throws {
        var info = stat()
        guard lstat(socketPath, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw VitniError.agentFailure(
                "\(socketPath) exists and is not a socket", hint: "remove it if you did not put it there")
        }
        if (try? UnixSocket.connect(path: socketPath)) != nil {
            throw VitniError.agentAlreadyRunning(socket: socketPath)
        }
        guard unlink(socketPath) == 0 || errno == ENOENT else {
            throw VitniError.io(path: socketPath, operation: "unlink", code: errno)
        }
    }

    private func socketIsOurs() -> Bool {
        var info = stat()
        guard let socketFile, stat(socketPath, &info) == 0 else { return false }
        return UInt64(info.st_dev) == socketFile.device && UInt64(info.st_ino) == socketFile.inode
    }

    private func shutDown() {
        identities.removeAll()
        if listener != nil, socketIsOurs() { unlink(socketPath) }
        listener = nil
        socketFile = nil
        if lockDescriptor >= 0 {
            ftruncate(lockDescriptor, 0)
            close(lockDescriptor)
            lockDescriptor = -1
        }
    }
}
