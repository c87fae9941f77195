import Foundation
import VitniCrypto
import VitniFormats

#if canImport(Glibc)
    import Glibc
#endif

extension AgentServer {
    /// The body of `vitni agent serve`, the process `AgentClient.unlock` starts: reads the
    /// identity's key text from standard input, listens, reports `ready` (or `error: …` and
    /// `hint: …`) on standard output, lets go of both, and serves until the agent ends.
    /// - Returns: the exit code.
    public static func runSpawned(socketPath: String, name: String, idleTimeout: Duration) -> Int32 {
        // Already a session leader when `vitni unlock` started it; harmless otherwise.
        _ = setsid()
        // No core file may ever hold the keys.
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        installSignalHandlers()
        do {
            try KeyStore.validate(name: name)
            guard idleTimeout > .zero, idleTimeout <= Agent.maximumIdleTimeout else {
                throw VitniError.agentFailure("the idle timeout must be between 0 and 24 hours", hint: nil)
            }
            let identities = try VitniError.wrap(file: "<stdin>") {
                let keyText = try SecretBytes.readAll(from: FileStream.standardInput, limit: Agent.maximumKeyTextSize)
                return try Age.parseIdentities(fileContents: keyText)
            }
            guard identities.count == 1 else {
                throw VitniError.agentFailure("expected exactly one identity on standard input", hint: nil)
            }
            let server = AgentServer(socketPath: socketPath, idleTimeout: idleTimeout)
            server.add(name: name, identity: identities[0])
            try server.listen()
            report("ready\n")
            detachStandardStreams()
            server.serve()
            return 0
        } catch let error as any ReportableError {
            report("error: \(error.description)\n" + (error.hint.map { "hint: \($0)\n" } ?? ""))
            return error.exitCode
        } catch {
            report("error: \(error)\n")
            return 2
        }
    }

    private static func report(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
    }

    /// Points standard input and output at /dev/null, so `vitni unlock` sees end-of-file and no
    /// terminal or pipe stays attached to the agent.
    private static func detachStandardStreams() {
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard null >= 0 else { return }
        dup2(null, 0)
        dup2(null, 1)
        close(null)
    }
}
