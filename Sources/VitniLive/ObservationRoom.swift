import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import VitniAudio
public import VitniKit
import VitniStore

/// The observation room: an HTTPS server beside the recorder, on the centre's network, that
/// serves one recording in progress to the participants invited to it. It only reads what the
/// recorder holds in memory and stores notes as `vitni note` does, so the recording never
/// depends on it: a dropped network, a stuck client or many observers cannot delay capture.
public struct ObservationRoom: Sendable {
    public let feed: ObservationFeed
    public let access: ObservationAccess
    public let certificate: RoomCertificate
    let host: String
    let port: Int

    /// - Parameters:
    ///   - host: the address to listen on (`0.0.0.0` for every interface).
    ///   - names: host names observers may use besides address literals; the certificate names them.
    public init(
        feed: ObservationFeed, interviewer: PublicIdentity, host: String, port: Int, names: [String] = []
    ) throws {
        self.feed = feed
        self.host = host
        self.port = port
        let addresses = [host] + ObservationRoomDescriptor.networkAddresses()
        certificate = try RoomCertificate(session: feed.session.id, addresses: addresses + names)
        access = ObservationAccess(
            invitations: feed.manager.invitations, sessionID: feed.session.id, interviewer: interviewer, names: names)
    }

    /// Serves until the task is cancelled (the recording ended).
    /// - Parameter started: called once the server listens, with what `vitni invite` needs to
    ///   find it and the interviewer's own one-time address.
    public func run(started: @escaping @Sendable (ObservationRoomDescriptor, String) -> Void) async throws {
        let router = Router(context: ObservationContext.self)
        router.add(middleware: ObservationGuard(access: access))
        ObservationRoutes(feed: feed, access: access).add(to: router)
        var logger = Logger(label: "vitni-observe")
        logger.logLevel = .critical
        let (access, certificate, feed, host) = (access, certificate, feed, host)
        let app = Application(
            router: router, server: try .tls(.http1(), tlsConfiguration: certificate.serverConfiguration),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                access.listening(on: port)
                let room = ObservationRoomDescriptor(
                    sessionID: feed.session.id, host: host, port: port,
                    certificateSHA256: certificate.certificateSHA256, publicKeySHA256: certificate.publicKeySHA256)
                let local = ["0.0.0.0", "::"].contains(host) ? "127.0.0.1" : host
                started(
                    room,
                    "https://\(local.contains(":") ? "[\(local)]" : local):\(port)/join?interviewer=\(access.interviewerToken)"
                )
            }, logger: logger)
        try await app.runService(gracefulShutdownSignals: [])
    }
}
