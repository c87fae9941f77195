import ArgumentParser
import Foundation
import VitniKit
import VitniLive
import VitniStore

/// `vitni record --observe`: the observation room beside the recorder.
struct ObservationOptions: ParsableArguments {
    @Flag(help: "Serve the observation room (TLS, by invitation) while recording: `vitni invite` admits people.")
    var observe = false
    @Option(
        help: ArgumentHelp(
            "Where the room listens, HOST[:PORT] (default: every interface, a free port).", valueName: "address"))
    var listen: String?
    @Option(
        name: .customLong("room-name"),
        help: ArgumentHelp(
            "A host name observers may use for this machine (the certificate names it).",
            valueName: "name"))
    var names: [String] = []

    func validate() throws {
        if !observe, listen != nil || !names.isEmpty {
            throw ValidationError("--listen and --room-name need --observe")
        }
        if let listen, Self.split(listen) == nil { throw ValidationError("--listen takes HOST or HOST:PORT") }
    }

    /// HOST and PORT (0: any free port) of `--listen`.
    static func split(_ text: String) -> (host: String, port: Int)? {
        if text.hasPrefix("[") || text.filter({ $0 == ":" }).count > 1 {
            guard let close = text.lastIndex(of: "]") else { return text.contains("[") ? nil : (text, 0) }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return (host, 0) }
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (0...65_535).contains(port) else { return nil }
            return (host, port)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard !parts[0].isEmpty else { return nil }
        guard parts.count == 2 else { return (text, 0) }
        guard let port = Int(parts[1]), (0...65_535).contains(port) else { return nil }
        return (String(parts[0]), port)
    }
}

/// A running observation room: opened before the recording starts, closed after it ends.
final class RecordingObservation: Sendable {
    let feed: ObservationFeed
    private let task: Task<Void, Never>
    private let published = Published()

    /// Opens the room and makes it findable for `vitni invite`; what it prints goes to standard
    /// error, beside the recorder's status line.
    init(_ options: ObservationOptions, recorder: Recorder, manager: SessionManager, interviewer: PublicIdentity)
        throws
    {
        let feed = ObservationFeed(
            manager: manager, session: recorder.session, recording: recorder.recording.number,
            format: recorder.format, clock: { recorder.offsetMilliseconds })
        recorder.listeners = feed.audio
        let (host, port) = options.listen.flatMap(ObservationOptions.split) ?? ("0.0.0.0", 0)
        let room = try ObservationRoom(
            feed: feed, interviewer: interviewer, host: host, port: port, names: options.names)
        self.feed = feed
        let published = published
        let workspace = manager.workspace
        task = Task {
            do {
                try await room.run { descriptor, interviewerLink in
                    do { try descriptor.publish(in: workspace) } catch {
                        Self.say("the observation room could not be made findable: \(error)")
                    }
                    published.set(descriptor)
                    Self.say(
                        "observation room open on port \(descriptor.port); invite people with `vitni invite NAME`\n"
                            + "certificate fingerprint (SHA-256): \(descriptor.displayedFingerprint)\n"
                            + "your own page (once): \(interviewerLink)")
                }
            } catch {
                Self.say("the observation room stopped: \(error) (the recording goes on)")
            }
        }
    }

    /// Tells the pages the recording ended, lets them see it, and closes the room.
    func close(in workspace: Workspace) {
        feed.listening = .ended
        Thread.sleep(forTimeInterval: 1)
        task.cancel()
        published.get()?.withdraw(from: workspace)
    }

    static func say(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}

/// The descriptor once the room listens, handed from the server's task to `close`.
private final class Published: @unchecked Sendable {
    // Sendable: `value` is guarded by `lock`.
    private let lock = NSLock()
    private var value: ObservationRoomDescriptor?
    func set(_ descriptor: ObservationRoomDescriptor) { lock.withLock { value = descriptor } }
    func get() -> ObservationRoomDescriptor? { lock.withLock { value } }
}
