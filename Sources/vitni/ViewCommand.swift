import ArgumentParser
import Dispatch
import Foundation
import VitniKit
import VitniView

struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract:
            "Review a sealed bundle in the browser: audio with the transcript beside it, notes, checklist, custody.",
        discussion: discussion(
            "The bundle is verified in full first; the room then serves only the files that verified, on "
                + "127.0.0.1, to the holder of the address it prints. It closes at `vitni lock`, when idle, or on Ctrl-C.",
            examples: examples(
                "vitni view CASE-2026-0042_S01",
                "vitni view --session CASE-2026-0042_S01",
                "vitni view CASE-2026-0042_S01_REDACTED -i frida",
                "vitni view --port 8800 --no-browser CASE-2026-0042_S01.tar")))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @OptionGroup var viewer: ActorOptions
    @OptionGroup var trustOptions: TrustOptions
    @Option(help: ArgumentHelp("Listen on this port of 127.0.0.1 (default: any free port).", valueName: "port"))
    var port: Int?
    @Flag(help: "Print the address only; do not open a browser.") var noBrowser = false
    @Option(help: ArgumentHelp("Close the room after this many minutes without a request.", valueName: "minutes"))
    var idleMinutes: Int = 30
    @Option(
        help: ArgumentHelp(
            "A sealed session of the workspace, reviewed from its bundle in bundles/.", valueName: "session"))
    var session: String?
    @Argument(help: ArgumentHelp("The sealed bundle (directory or .tar).", valueName: "bundle")) var bundle: String?

    func validate() throws {
        if let port, !(1...65_535).contains(port) { throw ValidationError("--port takes 1 to 65535") }
        guard idleMinutes > 0 else { throw ValidationError("--idle-minutes must be at least 1") }
        guard (bundle == nil) != (session == nil) else {
            throw ValidationError("give the bundle to review, or --session ID for a sealed session of the workspace")
        }
    }

    func run() throws {
        let trust = try trustOptions.trust()
        let bundle = try bundle ?? workspace.sessions().sealing.sealedBundle(of: session ?? "")
        // One full verification; the room reads from what it kept (for a .tar, the very
        // descriptor that was hashed).
        let (report, record) = SessionBundle(path: bundle).verifyKeepingRecord(trust: trust)
        guard report.outcome == .valid, let record else {
            FileHandle.standardError.write(Data(report.renderText().utf8))
            throw ExitCode(report.outcome == .valid ? 2 : report.outcome.exitCode)
        }
        let identities = try reading.resolve()
        let person = viewer.actor == nil ? try? viewer.identity() : try viewer.identity()
        let certificate = IntegrityCertificate(
            report: report, record: record,
            context: .init(
                verifier: person.map { .init(name: $0.name, role: $0.role.rawValue, keyID: $0.keyID) },
                place: (try? centreDefaults())?.place,
                verifiedAt: Date(), readers: identities,
                readersGiven: reading.identities.isEmpty ? "the unlocked agent" : "the identity given (--identity)",
                original: nil))
        let content = try BundleReview(record, certificate: certificate, identities: identities)
        let server = ReviewServer(content: content, port: port ?? 0, idleTimeout: Double(idleMinutes) * 60)
        let watchesAgent = reading.identities.isEmpty
        let opensBrowser = !noBrowser
        let ending = try blocking {
            try await server.run(
                started: { address in
                    // Written at once, not buffered: a script waits for the address.
                    let lines = [
                        "verified: \(report.bundle) is VALID", "review room: \(address)",
                        "it closes at `vitni lock`, after \(idleMinutes) minutes without a request, or on Ctrl-C",
                    ]
                    FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                    if opensBrowser { Browser.open(address) }
                },
                shouldStop: { watchesAgent && !AgentClient().holdsIdentities })
        }
        switch ending {
        case .idle: print("review room closed: idle for \(idleMinutes) minutes")
        case .stopped: print("review room closed: the agent was locked")
        case .interrupted: print("review room closed")
        }
    }
}

extension AgentClient {
    /// Whether an agent runs and holds an unlocked identity.
    var holdsIdentities: Bool { ((try? status())?.identities.isEmpty ?? true) == false }
}

/// Opens an address in the desktop's browser, when there is a desktop and `xdg-open`.
enum Browser {
    static func open(_ address: String) {
        let environment = ProcessInfo.processInfo.environment
        guard environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xdg-open")
        process.arguments = [address]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}

/// Runs async work to its end from a synchronous command.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = AsyncOutcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { outcome.result = .success(try await body()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}

/// What `blocking` hands back across threads.
private final class AsyncOutcome<T: Sendable>: @unchecked Sendable {
    // Sendable: written once by the task before the semaphore is signalled, read after.
    var result: Result<T, any Error>?
}
