import Foundation
import VitniCrypto

#if canImport(Glibc)
    import Glibc
#endif

/// A Unix stream socket, closed on deinit. Only what the agent needs: bind and listen with a
/// private mode, connect, accept, the peer's uid, and whole-buffer reads and writes with timeouts.
/// Sendable: it holds only its descriptor, so a connection can be handed to the thread serving it.
final class UnixSocket: Sendable {
    let descriptor: Int32

    /// A POSIX call that failed, with its errno.
    struct Failure: Error {
        let operation: String
        let code: Int32
    }

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// `sockaddr_un` holds at most 107 path bytes and a NUL.
    static func fitsAddress(_ path: String) -> Bool {
        path.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path)
    }

    private static func newSocket() throws(Failure) -> UnixSocket {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(operation: "socket", code: errno) }
        return UnixSocket(descriptor: fd)
    }

    /// Calls `body` with the path as a `sockaddr`. The pointer is valid only inside `body`.
    private static func withAddress<R>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R)
        throws(Failure) -> R
    {
        guard fitsAddress(path) else { throw Failure(operation: "bind", code: ENAMETOOLONG) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
            raw[path.utf8.count] = 0
        }
        // Sound: sockaddr_un starts with the sockaddr fields and outlives the call.
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }

    /// Connects to a listening socket.
    static func connect(path: String) throws(Failure) -> UnixSocket {
        let socket = try newSocket()
        let result = try withAddress(path) { address, length in
            retryingOnEINTR { Glibc.connect(socket.descriptor, address, length) }
        }
        guard result == 0 else { throw Failure(operation: "connect", code: errno) }
        return socket
    }

    /// Binds a new socket file at `path` with mode 0600 and listens on it.
    static func listen(path: String) throws(Failure) -> UnixSocket {
        let socket = try newSocket()
        // Linux creates the socket file with the socket's own mode (less the umask), so the file
        // is private from the moment it exists; chmod makes sure of it whatever the umask. (The
        // umask itself is left alone: it is per process, and other threads create files too.)
        // The 0700 directory keeps everyone else out in any case.
        guard fchmod(socket.descriptor, 0o600) == 0 else { throw Failure(operation: "fchmod", code: errno) }
        let bound = try withAddress(path) { bind(socket.descriptor, $0, $1) }
        guard bound == 0 else { throw Failure(operation: "bind", code: errno) }
        guard chmod(path, 0o600) == 0 else { throw Failure(operation: "chmod", code: errno) }
        guard Glibc.listen(socket.descriptor, 16) == 0 else { throw Failure(operation: "listen", code: errno) }
        return socket
    }

    /// Waits up to `milliseconds` for a connection. Nil on timeout or interruption.
    func accept(waitingAtMost milliseconds: Int32) -> UnixSocket? {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, milliseconds) == 1 else { return nil }
        let fd = Glibc.accept(descriptor, nil, nil)
        guard fd >= 0 else {
            // Out of descriptors, say: back off rather than spin on a listener that stays readable.
            if errno != EINTR && errno != EAGAIN && errno != ECONNABORTED { usleep(10_000) }
            return nil
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return UnixSocket(descriptor: fd)
    }

    /// The user id of the process at the other end (SO_PEERCRED), as the kernel recorded it.
    func peerUID() -> uid_t? {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }: three 32-bit fields.
        var credentials: (Int32, UInt32, UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout.size(ofValue: credentials))
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0,
            length == socklen_t(MemoryLayout.size(ofValue: credentials))
        else { return nil }
        return credentials.1
    }

    /// Bounds every later read and write, so a silent peer cannot hold the other side forever.
    func setTimeouts(seconds: Int) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, size)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, size)
    }

    /// Writes all of `bytes` (without SIGPIPE if the peer has gone).
    func send(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let n = retryingOnEINTR {
                Glibc.send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard n >= 0 else { throw Failure(operation: "send", code: errno) }
            offset += n
        }
    }

    /// Fills `buffer` completely. Returns false at end of input before it is full.
    /// - Parameter deadline: when given, the whole read must be done by then, however the
    ///   peer spreads its bytes (the socket timeouts bound only each single read).
    func receive(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant? = nil)
        throws(Failure) -> Bool
    {
        var offset = 0
        while offset < buffer.count {
            if let deadline { try waitReadable(until: deadline) }
            let n = retryingOnEINTR { recv(descriptor, buffer.baseAddress! + offset, buffer.count - offset, 0) }
            if n == 0 { return false }
            guard n > 0 else { throw Failure(operation: "recv", code: errno) }
            offset += n
        }
        return true
    }

    /// Waits until a read would not block, or throws ETIMEDOUT at the deadline.
    private func waitReadable(until deadline: ContinuousClock.Instant) throws(Failure) {
        while true {
            let left = deadline - .now
            guard left > .zero else { throw Failure(operation: "recv", code: ETIMEDOUT) }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, Int32(clamping: max(Agent.milliseconds(left), 1)))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw Failure(operation: "poll", code: errno) }
        }
    }

    /// Reads one frame: a u32 big-endian length (at least 2, at most `limit`) and that many
    /// bytes, into guarded memory.
    /// - Parameter deadline: when the whole frame must have arrived (nil: only the socket's
    ///   per-read timeouts apply).
    /// - Throws: `Agent.Failure.tooLarge` for a length over `limit`, `.malformed` for a short one
    ///   or a truncated frame; `Failure` when the socket fails (including a timeout).
    func receiveFrame(limit: Int, deadline: ContinuousClock.Instant? = nil) throws -> SecretBytes {
        var prefix = [UInt8](repeating: 0, count: 4)
        guard try prefix.withUnsafeMutableBytes({ try receive(into: $0, deadline: deadline) }) else {
            throw Agent.Failure.malformed
        }
        let length = prefix.reduce(0) { $0 << 8 | Int($1) }
        guard length <= limit else { throw Agent.Failure.tooLarge }
        guard length >= 2 else { throw Agent.Failure.malformed }
        let body = SecretBytes(count: length)
        guard try body.withUnsafeMutableBytes({ try receive(into: $0, deadline: deadline) }) else {
            throw Agent.Failure.malformed
        }
        return body
    }

    func send(frame: SecretBytes) throws(Failure) {
        try frame.withUnsafeBytes { bytes in Result { () throws(Failure) in try send(bytes) } }.get()
    }
}
