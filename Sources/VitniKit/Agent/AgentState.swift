import Foundation
import Synchronization
import VitniCrypto
import VitniFormats

/// What the agent holds and when it must exit, shared by `serve()` and the threads that answer
/// requests. The idle clock restarts only when an unwrap, sign or add request has been answered,
/// so a client that merely connects, or sends bytes that never make a request, keeps nothing
/// alive.
final class AgentState: Sendable {
    /// One person's unlocked keys: always the age identity, and the minisign key once given.
    private struct Entry {
        var name: String
        var identity: Age.X25519Identity
        var signingKey: MinisignSecretKey?
    }

    private struct Held {
        var identities: [Entry] = []
        var idleTimeout: Duration
        var deadline: ContinuousClock.Instant
        var lockRequested = false
        var connections = 0
    }

    private let held: Mutex<Held>

    init(idleTimeout: Duration) {
        held = Mutex(Held(idleTimeout: idleTimeout, deadline: .now + idleTimeout))
    }

    var idleTimeout: Duration { held.withLock { $0.idleTimeout } }
    var lockRequested: Bool { held.withLock { $0.lockRequested } }
    var connectionCount: Int { held.withLock { $0.connections } }
    var timeLeft: Duration { held.withLock { $0.deadline - .now } }

    var heldIdentities: [AgentStatus.Identity] {
        held.withLock { held in
            held.identities.map {
                AgentStatus.Identity(
                    name: $0.name, recipient: $0.identity.recipient.encoded, signingKey: $0.signingKey?.publicKey.base64
                )
            }
        }
    }

    func restartIdleClock() { held.withLock { $0.deadline = .now + $0.idleTimeout } }
    func connectionOpened() { held.withLock { $0.connections += 1 } }
    func connectionClosed() { held.withLock { $0.connections -= 1 } }

    /// Drops every identity; libsodium wipes their memory once the last copy is gone.
    func wipe() { held.withLock { $0.identities.removeAll() } }

    /// Adds an identity, replacing one with the same recipient (which keeps its signing key only
    /// under the same name).
    /// - Returns: false if the agent already holds its maximum number of identities.
    func add(name: String, identity: Age.X25519Identity) -> Bool {
        held.withLock { held in
            if let index = held.identities.firstIndex(where: { $0.identity.recipient == identity.recipient }) {
                let kept = held.identities[index].name == name ? held.identities[index].signingKey : nil
                held.identities[index] = Entry(name: name, identity: identity, signingKey: kept)
                return true
            }
            guard held.identities.count < Agent.maximumIdentities else { return false }
            held.identities.append(Entry(name: name, identity: identity))
            return true
        }
    }

    /// Gives the identity held under `name` its signing key.
    /// - Returns: false if no identity is held under that name.
    func addSigningKey(name: String, key: MinisignSecretKey) -> Bool {
        held.withLock { held in
            guard let index = held.identities.firstIndex(where: { $0.name == name }) else { return false }
            held.identities[index].signingKey = key
            return true
        }
    }

    /// The signing key with this key id, if one is held.
    private func signingKey(keyID: [UInt8]) -> MinisignSecretKey? {
        held.withLock { held in
            held.identities.lazy.compactMap(\.signingKey).first { $0.publicKey.keyIDBytes == keyID }
        }
    }

    func respond(to request: Agent.Request) -> Agent.Response {
        switch request {
        case .unwrap(let stanzas):
            // Unwrapping runs outside the lock: it takes a while for a large header.
            let identities = held.withLock { $0.identities.map(\.identity) }
            for identity in identities {
                do {
                    if let fileKey = try identity.unwrap(stanzas: stanzas) {
                        restartIdleClock()
                        return .fileKey(fileKey)
                    }
                } catch {
                    return .failure(.malformedStanza)
                }
            }
            restartIdleClock()
            return .noMatch
        case .add(let name, let identity, let milliseconds):
            if milliseconds > 0 { held.withLock { $0.idleTimeout = .milliseconds(milliseconds) } }
            guard add(name: name, identity: identity) else { return .failure(.tooManyIdentities) }
            restartIdleClock()
            return .ok
        case .status:
            let (timeout, left) = held.withLock { ($0.idleTimeout, max($0.deadline - .now, .zero)) }
            return .status(
                AgentStatus(pid: getpid(), identities: heldIdentities, idleTimeout: timeout, remaining: left))
        case .lock:
            held.withLock { $0.lockRequested = true }
            return .ok
        case .addSigningKey(let name, let key):
            guard addSigningKey(name: name, key: key) else { return .failure(.unknownIdentity) }
            restartIdleClock()
            return .ok
        case .sign(let keyID, let message):
            // Signing, like unwrapping, is use: it restarts the idle clock.
            defer { restartIdleClock() }
            guard let key = signingKey(keyID: keyID) else { return .noMatch }
            return .signature(key.signDetached(message))
        case .signPrehashed(let keyID, let digest, let trustedComment):
            defer { restartIdleClock() }
            guard let key = signingKey(keyID: keyID) else { return .noMatch }
            guard let parts = try? key.signPrehashed(digest: digest, trustedComment: trustedComment) else {
                return .failure(.malformed)
            }
            return .prehashedSignature(parts)
        }
    }
}
