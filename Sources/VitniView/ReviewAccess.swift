import Foundation
import VitniCrypto
import VitniFormats

/// Who may use the review room: the holder of the address `vitni view` printed. Its token is
/// spent on first use for a session cookie (HttpOnly, SameSite=Strict), so the address in the
/// browser's history or on a screen opens nothing later; every other request must carry that
/// cookie. `Host` and `Origin` must name this loopback server, so a page elsewhere that points
/// a name of its own at 127.0.0.1 (DNS rebinding) gets nothing.
public final class ReviewAccess: @unchecked Sendable {
    // Sendable: `spent`, `hosts` and `origins` are read and written under `lock`.
    public static let cookieName = "vitni-review"
    /// The one-time token in the printed address.
    public let token: String
    private let session: String
    private let lock = NSLock()
    private var hosts: Set<String> = []
    private var origins: Set<String> = []
    private var spent = false

    public init() {
        token = RoomSecrets.random()
        session = RoomSecrets.random()
    }

    /// The port the server listens on (known once it is bound): the hosts it answers as.
    public func listening(on port: Int) {
        lock.lock()
        defer { lock.unlock() }
        hosts = ["127.0.0.1:\(port)", "localhost:\(port)"]
        origins = Set(hosts.map { "http://" + $0 })
    }

    /// What to do with a request, from its headers and its query's `token`.
    public enum Decision: Equatable, Sendable {
        /// Pass it on.
        case allow
        /// The token was right: set the cookie and send the browser to the same page without it.
        case admit(cookie: String)
        /// Refuse with 403 and this reason (never naming a secret).
        case refuse(String)
    }

    public func decide(host: String?, origin: String?, fetchSite: String?, cookie: String?, token offered: String?)
        -> Decision
    {
        lock.lock()
        defer { lock.unlock() }
        guard let host, hosts.contains(host.lowercased()) else {
            return .refuse("this review room answers only at the address vitni view printed")
        }
        if let origin, !origins.contains(origin.lowercased()) {
            return .refuse("requests from other sites are refused")
        }
        if fetchSite == "cross-site" { return .refuse("requests from other sites are refused") }
        if let value = RoomSecrets.cookie(Self.cookieName, in: cookie), RoomSecrets.same(value, session) {
            return .allow
        }
        if let offered {
            guard !spent else { return .refuse("this address has been used: run vitni view again for a new one") }
            guard RoomSecrets.same(offered, token) else {
                return .refuse("the token in this address is not this room's")
            }
            spent = true
            return .admit(cookie: "\(Self.cookieName)=\(session); HttpOnly; SameSite=Strict; Path=/")
        }
        return .refuse("open the address vitni view printed, with its token")
    }
}
