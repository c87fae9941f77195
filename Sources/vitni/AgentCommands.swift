import ArgumentParser
import Foundation
import VitniCrypto
import VitniKit

struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract:
            "Unlock an identity into the agent for a working period, so reading back and signing ask no passphrase.",
        discussion: discussion(
            """
            Starts the agent in the background (or gives the identity to the running one). The agent \
            never hands out a key: it only unwraps file keys and signs (seals, custody events, \
            `vitni sign`) for your own processes, and exits, wiping the keys, after --timeout minutes \
            without use or at `vitni lock`. A command given --passphrase-file unlocks its own key instead.
            """,
            examples: examples(
                "vitni unlock per", "vitni unlock per --timeout 60", "vitni unlock anna --passphrase-file anna.pass")))

    @Argument(help: ArgumentHelp("Identity name (from `vitni key list`).", valueName: "identity")) var name: String
    @Option(
        help: ArgumentHelp(
            "Minutes without use after which the agent exits (fractions allowed, at most 1440).", valueName: "minutes"))
    var timeout: Double = 30
    @OptionGroup var passphraseOptions: PassphraseOptions

    func validate() throws {
        guard timeout > 0, timeout <= 1440 else {
            throw ValidationError("--timeout must be between 0 and 1440 minutes")
        }
    }

    func run() throws {
        let store = KeyStore()
        let identity = try store.identity(named: name)
        let passphrase = try passphraseOptions.passphrase(for: "identity '\(identity.name)'")
        let key = try store.ageIdentity(named: identity.name, passphrase: passphrase)
        // Its own scrypt: the two keys are stored in their own standard formats, each with its salt.
        let signingKey = try store.signingKey(named: identity.name, passphrase: passphrase)
        let outcome = try AgentClient(home: store.home).unlock(
            name: identity.name, identity: key, signingKey: signingKey,
            idleTimeout: .milliseconds(Int64(timeout * 60_000)), executable: currentExecutable())
        let status = outcome.status
        switch outcome {
        case .started:
            print("unlocked '\(identity.name)' (\(identity.ageRecipient)) in a new agent (pid \(status.pid))")
        case .added:
            print(
                "unlocked '\(identity.name)' (\(identity.ageRecipient)) in the running agent (pid \(status.pid)), "
                    + "which now holds \(Count.of(status.identities.count, "identity", plural: "identities"))"
            )
        }
        print("it exits after \(minutes(status.idleTimeout)) without use; `vitni lock` ends it now")
        print("until then it also signs as '\(identity.name)' (key \(signingKey.keyID)) without asking")
    }

    /// This binary, to run the agent with.
    private func currentExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

struct LockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock", abstract: "End the agent now: it wipes every unlocked identity and exits.",
        discussion: examples("vitni lock", "vitni agent status; vitni lock"))

    func run() throws {
        let client = AgentClient()
        if try client.lock() {
            print("locked: the agent wiped its identities and exited")
        } else {
            print("no agent was running")
        }
    }
}

struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "The identity agent started by `vitni unlock`.",
        discussion: examples("vitni unlock per && vitni agent status", "vitni agent status || vitni unlock per"),
        subcommands: [Status.self, Serve.self])

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract:
                "Whether an agent runs, which identities it holds (names, recipients, signing keys) and its time left.",
            discussion: discussion(
                "Exit status 0 when an agent runs, 2 when none does.",
                examples: examples("vitni agent status", "vitni agent status || vitni unlock per")))

        func run() throws {
            let client = AgentClient()
            let status = try client.status()
            print("agent running (pid \(status.pid)) on \(client.socketPath)")
            print(
                "exits after \(minutes(status.idleTimeout)) without use: \(minutes(status.remaining)) left")
            if status.identities.isEmpty { print("holds no identities") }
            for identity in status.identities {
                let signing = identity.signingKey.flatMap { try? MinisignPublicKey(base64: $0) }
                print(
                    "\(identity.name)\t\(identity.recipient)\t"
                        + (signing.map { "signs with key \($0.keyID)" } ?? "does not sign"))
            }
        }
    }

    /// The agent process itself, started by `vitni unlock` with the key on standard input.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Run the agent (started by `vitni unlock`; reads the key from standard input).",
            shouldDisplay: false)

        @Option(help: ArgumentHelp("The socket to listen on.", valueName: "file")) var socket: String
        @Option(help: ArgumentHelp("The unlocked identity's name.", valueName: "identity")) var name: String
        @Option(help: ArgumentHelp("Seconds without use after which the agent exits.", valueName: "seconds"))
        var timeoutSeconds: Double

        func run() throws {
            let code = AgentServer.runSpawned(
                socketPath: socket, name: name, idleTimeout: .milliseconds(Int64(timeoutSeconds * 1000)))
            if code != 0 { throw ExitCode(code) }
        }
    }
}

/// "30 minutes", "2.5 minutes", "1 minute"; under a minute, "12 seconds".
private func minutes(_ duration: Duration) -> String {
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    if seconds < 59.5 {
        let whole = Int(seconds.rounded())
        return "\(whole) second" + (whole == 1 ? "" : "s")
    }
    let rounded = (seconds / 6).rounded() / 10
    let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    return text + (text == "1" ? " minute" : " minutes")
}
