import Foundation
public import VitniCrypto
public import VitniFormats

#if canImport(Glibc)
    import Glibc
#endif

/// Talks to the agent of one VITNI_HOME over its socket: one request per connection.
///
/// Every failure is a `VitniError` with a hint, except a malformed X25519 stanza, which is the
/// same `CryptoError.ageHeader` a local identity reports.
public struct AgentClient: Sendable {
    /// The VITNI_HOME whose agent this client talks to.
    public let home: String
    public let socketPath: String

    /// - Parameter home: the VITNI_HOME; nil means `$VITNI_HOME` or `~/.config/vitni`.
    public init(home: String? = nil) {
        self.home = KeyStore(home: home).home
        socketPath = Agent.socketPath(home: self.home)
    }

    /// Whether an agent answers on the socket.
    public var isRunning: Bool { (try? status()) != nil }

    /// What the running agent holds and how long it has left.
    /// - Throws: `VitniError.agentNotRunning` when no agent is running.
    public func status() throws -> AgentStatus {
        guard case .status(let status) = try exchange(.status) else { throw Self.unexpectedResponse }
        return status
    }

    /// Asks the agent for the file key of a header.
    /// - Parameter stanzas: the header's recipient stanzas, as `Age.Header` parsed them.
    /// - Returns: the 16-byte file key, or nil when no identity the agent holds opens a stanza.
    /// - Throws: `VitniError.agentNotRunning`; `CryptoError.ageHeader` for a malformed X25519
    ///   stanza; `VitniError.agentFailure` if the agent does not keep to the protocol.
    public func unwrap(stanzas: [Age.Stanza]) throws -> SecretBytes? {
        switch try exchange(.unwrap(stanzas)) {
        case .fileKey(let fileKey): return fileKey
        case .noMatch: return nil
        default: throw Self.unexpectedResponse
        }
    }

    /// Gives the running agent one more identity (the secret travels only over the socket).
    /// - Parameters:
    ///   - name: the identity's name in the key store, for `status`.
    ///   - idleTimeout: the agent's new idle timeout; nil keeps its current one.
    public func add(name: String, identity: Age.X25519Identity, idleTimeout: Duration? = nil) throws {
        try KeyStore.validate(name: name)
        let milliseconds = idleTimeout.map { max(Agent.milliseconds($0), 1) } ?? 0
        guard case .ok = try exchange(.add(name: name, identity: identity, idleTimeoutMilliseconds: milliseconds))
        else { throw Self.unexpectedResponse }
    }

    /// Asks the agent to wipe its identities and exit now, and waits until it has.
    /// - Returns: false if no agent was running.
    @discardableResult
    public func lock() throws -> Bool {
        do {
            guard case .ok = try exchange(.lock) else { throw Self.unexpectedResponse }
        } catch VitniError.agentNotRunning {
            return false
        }
        try waitUntilGone(timeout: .seconds(5))
        return true
    }

    /// Waits until the socket is gone: the agent removes it after wiping its identities.
    func waitUntilGone(timeout: Duration) throws {
        let deadline = ContinuousClock.now + timeout
        var info = stat()
        while lstat(socketPath, &info) == 0 {
            guard ContinuousClock.now < deadline else {
                throw VitniError.agentFailure(
                    "the agent acknowledged but has not exited",
                    hint: "`vitni agent status` shows whether it still runs")
            }
            usleep(10_000)
        }
    }

    // MARK: - The exchange

    static let unexpectedResponse = VitniError.agentFailure(
        "the agent answered with a response that does not fit the request", hint: protocolHint)
    static let protocolHint =
        "the running agent may come from another Vitni version: run `vitni lock`, then `vitni unlock NAME`"

    /// Sends one request and reads its response, mapping the agent's refusals to errors.
    func exchange(_ request: Agent.Request) throws -> Agent.Response {
        let socket: UnixSocket
        do { socket = try UnixSocket.connect(path: socketPath) } catch {
            switch error.code {
            case ENOENT, ECONNREFUSED: throw VitniError.agentNotRunning(socket: socketPath)
            case ENAMETOOLONG:
                throw VitniError.agentFailure(
                    "the socket path \(socketPath) is too long for a Unix socket", hint: "use a shorter VITNI_HOME")
            default: throw VitniError.io(path: socketPath, operation: "connect", code: error.code)
            }
        }
        guard socket.peerUID() == geteuid() else {
            throw VitniError.agentFailure(
                "the process listening on \(socketPath) belongs to another user",
                hint: "do not use this VITNI_HOME until you know who put it there")
        }
        // Unwrapping a very large header takes a while; nothing legitimate takes a minute.
        socket.setTimeouts(seconds: 60)
        guard let frame = request.encoded() else {
            throw CryptoError.ageHeader("is larger than the agent accepts")
        }
        let response: Agent.Response
        do {
            try socket.send(frame: frame)
            response = try Agent.Response.decode(try socket.receiveFrame(limit: Agent.maximumResponseSize))
        } catch let failure as UnixSocket.Failure {
            throw VitniError.agentFailure(
                "lost the connection to the agent (\(failure.operation): \(String(cString: strerror(failure.code))))",
                hint: "`vitni agent status` shows whether it still runs")
        } catch {
            throw VitniError.agentFailure("the agent sent a malformed response", hint: Self.protocolHint)
        }
        guard case .failure(let failure) = response else { return response }
        switch failure {
        case .malformedStanza: throw CryptoError.ageHeader("has a malformed X25519 stanza")
        case .tooManyIdentities:
            throw VitniError.agentFailure(
                "the agent already holds \(Agent.maximumIdentities) identities",
                hint: "run `vitni lock` and unlock only the identities you need")
        case .tooLarge: throw CryptoError.ageHeader("is larger than the agent accepts")
        case .unknownIdentity:
            throw VitniError.agentFailure(
                "the agent holds no identity under the name its signing key was given for",
                hint: "run `vitni unlock NAME` again")
        case .malformed, .unsupportedVersion, .unknownRequest:
            throw VitniError.agentFailure("the agent refused the request as malformed", hint: Self.protocolHint)
        }
    }
}
