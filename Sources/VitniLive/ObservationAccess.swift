import Foundation
public import VitniKit
import VitniStore
import VitniView

/// Who may use the observation room: participants admitted by a one-time invitation (`vitni
/// invite`), and the interviewer, by the address the recorder printed. Each is given a cookie
/// (HttpOnly, Secure, SameSite=Strict) that names them in this process only; a withdrawn
/// invitation lets its holder go at the next request. `Host` must be an address literal or a
/// name the room was given, so a page elsewhere that points its own name at this machine (DNS
/// rebinding) gets nothing.
public final class ObservationAccess: @unchecked Sendable {
    // Sendable: `people`, `interviewerTokenSpent` and `port` are guarded by `lock`.
    public static let cookieName = "vitni-observe"

    /// Someone in the room, and by what right.
    public struct Person: Sendable {
        public let identity: PublicIdentity
        /// The invitation they joined with; nil for the interviewer.
        public let invitationID: String?
        public var isInterviewer: Bool { invitationID == nil }
    }

    /// What to do with a request.
    public enum Decision: Sendable {
        case allow(Person)
        /// Admitted: set this cookie and send the browser to the room's page.
        case admit(cookie: String)
        /// A request that needs no one (the page's script and style before admission).
        case anonymous
        case refuse(String)
    }

    let invitations: SessionInvitations
    let sessionID: String
    let interviewer: PublicIdentity
    /// The one-time token in the interviewer's address.
    public let interviewerToken = RoomSecrets.random()
    private let names: Set<String>
    private let lock = NSLock()
    private var people: [String: Person] = [:]
    private var interviewerTokenSpent = false
    private var port = 0

    /// - Parameter names: host names (besides address literals and `localhost`) the room answers as.
    public init(invitations: SessionInvitations, sessionID: String, interviewer: PublicIdentity, names: [String]) {
        self.invitations = invitations
        self.sessionID = sessionID
        self.interviewer = interviewer
        self.names = Set(names.map { $0.lowercased() } + ["localhost"])
    }

    public func listening(on port: Int) { lock.withLock { self.port = port } }

    /// Decides a request from its headers, its path and its query.
    public func decide(
        host: String?, origin: String?, fetchSite: String?, cookie: String?, path: String, query: [String: String]
    ) -> Decision {
        guard let host, let authority = Self.authority(host), authority.port == lock.withLock({ port }),
            names.contains(authority.host) || RoomCertificate.ipAddressBytes(authority.host) != nil
        else { return .refuse("this observation room answers only at the address in its invitations") }
        if let origin, origin.lowercased() != "https://" + host.lowercased() {
            return .refuse("requests from other sites are refused")
        }
        if fetchSite == "cross-site" { return .refuse("requests from other sites are refused") }
        if path == "/join" { return join(query) }
        if let value = RoomSecrets.cookie(Self.cookieName, in: cookie), let person = lock.withLock({ people[value] }) {
            guard stillAdmitted(person) else {
                lock.withLock { _ = people.removeValue(forKey: value) }
                return .refuse("your invitation to this room was withdrawn")
            }
            return .allow(person)
        }
        if ["/observe.js", "/observe.css", "/favicon.ico"].contains(path) { return .anonymous }
        return .refuse("open the invitation link you were given; each link admits once")
    }

    /// Whether `person` may still be here (the interviewer always; others while their
    /// invitation stands).
    func stillAdmitted(_ person: Person) -> Bool {
        guard let id = person.invitationID else { return true }
        return (try? invitations.stands(id)) == true
    }

    private func join(_ query: [String: String]) -> Decision {
        if let token = query["interviewer"] {
            let admitted = lock.withLock {
                guard !interviewerTokenSpent, RoomSecrets.same(token, interviewerToken) else { return false }
                interviewerTokenSpent = true
                return true
            }
            guard admitted else { return .refuse("this interviewer address has been used, or is not this room's") }
            return admit(Person(identity: interviewer, invitationID: nil))
        }
        guard let token = query["invite"],
            let invitation = try? invitations.admit(token: token, sessionID: sessionID)
        else { return .refuse("this invitation is not valid for this room: it was used, withdrawn, or is another's") }
        do {
            return admit(Person(identity: try invitations.participant(of: invitation), invitationID: invitation.id))
        } catch {
            // Says which key and what the interviewer does; the link is spent, a new one is needed.
            return .refuse("\(error); then ask for a new invitation")
        }
    }

    private func admit(_ person: Person) -> Decision {
        let value = RoomSecrets.random()
        lock.withLock { people[value] = person }
        return .admit(cookie: "\(Self.cookieName)=\(value); HttpOnly; Secure; SameSite=Strict; Path=/")
    }

    /// `host[:port]` or `[v6]:port`, lower-cased; nil when it cannot be read.
    static func authority(_ text: String) -> (host: String, port: Int)? {
        let lowered = text.lowercased()
        if lowered.hasPrefix("[") {
            guard let close = lowered.firstIndex(of: "]") else { return nil }
            let host = String(lowered[lowered.index(after: lowered.startIndex)..<close])
            let rest = lowered[lowered.index(after: close)...]
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()) else { return nil }
            return (host, port)
        }
        let parts = lowered.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = Int(parts[1]) else { return nil }
        return (String(parts[0]), port)
    }
}
