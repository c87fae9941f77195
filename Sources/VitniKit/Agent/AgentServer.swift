import Foundation
import Synchronization
public import VitniCrypto
public import VitniFormats

#if canImport(Glibc)
    import Glibc
#endif

/// The agent itself: holds unlocked X25519 identities and their minisign keys in guarded memory and answers requests on
/// its socket until it has been idle for its timeout, is locked, receives SIGTERM/SIGINT/SIGHUP,
/// or its socket file is removed or replaced. On the way out it drops every identity (libsodium
/// wipes the memory) and removes its socket.
///
/// Each connection is served on a thread of its own and has two seconds in all to deliver its
/// request, so a client that connects and stalls (or trickles bytes) holds up nobody else, and
/// the idle timeout runs on regardless. Connections from other users are closed before a byte
/// is read.
public final class AgentServer {
    public let socketPath: String
    /// What the request threads share with `serve()`.
    let state: AgentState
    private var listener: UnixSocket?
    private var socketFile: (device: UInt64, inode: UInt64)?
    private var lockDescriptor: Int32 = -1

    /// Set from a signal handler; an atomic store is async-signal-safe.
    static let stopSignal = Atomic<Bool>(false)
    /// How long one connection may take to deliver its whole request.
    static let requestDeadline: Duration = .seconds(2)
    /// The most connections served at once; more wait in the listen backlog.
    static let maximumConnections = 16

    /// - Parameters:
    ///   - socketPath: where to listen, normally `Agent.socketPath(home:)`.
    ///   - idleTimeout: how long to wait without an unwrap, sign or add request before exiting.
    public init(socketPath: String, idleTimeout: Duration) {
        self.socketPath = socketPath
        state = AgentState(idleTimeout: idleTimeout)
    }

    deinit {
        shutDown()
    }

    /// How long the agent waits without an unwrap, sign or add request before it exits.
    public var idleTimeout: Duration { state.idleTimeout }

    /// The identities held, by name and recipient.
    public var heldIdentities: [AgentStatus.Identity] { state.heldIdentities }

    /// Adds an identity, replacing one with the same recipient.
    /// - Returns: false if the agent already holds its maximum number of identities.
    @discardableResult
    public func add(name: String, identity: Age.X25519Identity) -> Bool { state.add(name: name, identity: identity) }

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
        state.restartIdleClock()
    }

    /// Answers requests until the agent is idle for its timeout, locked, signalled, or its
    /// socket disappears; then wipes its identities and removes the socket.
    public func serve() {
        defer { shutDown() }
        guard let listener else { return }
        while !state.lockRequested && !Self.stopSignal.load(ordering: .relaxed) && socketIsOurs() {
            let left = state.timeLeft
            guard left > .zero else { break }
            // Wake at least every 100 ms to notice a lock request, signals and a removed socket.
            let wait = min(Agent.milliseconds(left), 100)
            guard state.connectionCount < Self.maximumConnections else {
                usleep(useconds_t(wait) * 1000)
                continue
            }
            guard let connection = listener.accept(waitingAtMost: Int32(max(wait, 1))) else { continue }
            serveOnItsOwnThread(connection)
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

    // MARK: - Connections

    private func serveOnItsOwnThread(_ connection: UnixSocket) {
        // Only this user's processes may talk to the agent (the socket's mode says the same).
        guard connection.peerUID() == geteuid() else { return }
        let state = state
        state.connectionOpened()
        Thread {
            defer { state.connectionClosed() }
            Self.handle(connection, state: state)
        }.start()
    }

    static func handle(_ connection: UnixSocket, state: AgentState) {
        connection.setTimeouts(seconds: 2)
        let response: Agent.Response
        do {
            let body = try connection.receiveFrame(
                limit: Agent.maximumRequestSize, deadline: .now + Self.requestDeadline)
            response = state.respond(to: try Agent.Request.decode(body))
        } catch let failure as Agent.Failure {
            response = .failure(failure)
        } catch {
            return  // the peer went away or stalled: nothing to answer
        }
        try? connection.send(frame: response.encoded())
    }

    func respond(to request: Agent.Request) -> Agent.Response { state.respond(to: request) }

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
        state.wipe()
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
