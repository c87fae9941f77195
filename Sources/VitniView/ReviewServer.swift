import Foundation
import Hummingbird
import Logging

/// The review room: a web server on 127.0.0.1 that serves one verified bundle to the holder of
/// the address it prints, until Ctrl-C, the idle timeout, or `shouldStop` (the agent locked).
public struct ReviewServer: Sendable {
    public let content: any ReviewContent
    public let port: Int
    /// Seconds without a request before the room closes.
    public let idleTimeout: Double
    public let access = ReviewAccess()

    public init(content: any ReviewContent, port: Int = 0, idleTimeout: Double = 30 * 60) {
        self.content = content
        self.port = port
        self.idleTimeout = idleTimeout
    }

    /// Why the room closed.
    public enum Ending: Sendable, Equatable { case idle, stopped, interrupted }

    /// Serves until the room closes.
    /// - Parameters:
    ///   - started: called with the address (token included) once the server listens.
    ///   - shouldStop: polled every half second.
    public func run(started: @escaping @Sendable (String) -> Void, shouldStop: @escaping @Sendable () -> Bool)
        async throws -> Ending
    {
        let activity = ReviewActivity()
        let router = Router()
        router.add(middleware: ReviewGuard(access: access, activity: activity))
        ReviewRoutes(content: content).add(to: router)
        var logger = Logger(label: "vitni-view")
        logger.logLevel = .critical
        let access = access
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                access.listening(on: port)
                started("http://127.0.0.1:\(port)/?token=\(access.token)")
            }, logger: logger)
        let idleTimeout = idleTimeout
        return try await withThrowingTaskGroup(of: Ending.self) { group in
            group.addTask {
                try await app.runService()
                return .interrupted
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(500))
                    if shouldStop() { return .stopped }
                    if activity.idle > idleTimeout { return .idle }
                }
                return .interrupted
            }
            let ending = try await group.next() ?? .interrupted
            group.cancelAll()
            return ending
        }
    }
}
