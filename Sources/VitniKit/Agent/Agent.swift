import Foundation

/// The identity agent (like ssh-agent): a small background process that holds unlocked
/// identities (the age key and the minisign key) for one working period, so reading back and
/// signing need a passphrase once rather than on every command.
///
/// It never hands out a private key. Like an age plugin it only unwraps file keys: a client sends
/// the stanzas of an age header and gets back the 16-byte file key (or "no match"), then decrypts
/// the payload itself. It signs what a client sends (a custody event, or the digest of a file the
/// client hashed), and the client checks each signature against the key it expects.
///
/// Files, under `$VITNI_HOME/agent/` (a directory of mode 0700 owned by the user, refused otherwise):
///
///     agent.sock   the Unix socket (mode 0600); connections from other users are refused
///     agent.lock   held locked (flock) by the running agent, holds its pid; released when it exits
public enum Agent {
    /// The directory holding the socket and lock file.
    public static func directory(home: String) -> String { home + "/agent" }

    /// The socket the agent listens on for `home`.
    public static func socketPath(home: String) -> String { directory(home: home) + "/agent.sock" }

    /// The lock file beside a socket.
    static func lockPath(socket: String) -> String {
        URL(fileURLWithPath: socket).deletingLastPathComponent().path + "/agent.lock"
    }

    /// The idle timeout `vitni unlock` uses unless told otherwise.
    public static let defaultIdleTimeout: Duration = .seconds(30 * 60)
    /// The longest idle timeout accepted: a working day.
    public static let maximumIdleTimeout: Duration = .seconds(24 * 60 * 60)
    /// The most identities one agent holds.
    public static let maximumIdentities = 32

    /// Creates `$VITNI_HOME/agent` (0700) if needed and checks that it is a real directory owned
    /// by this user that nobody else can enter.
    /// - Throws: `VitniError.agentInsecureDirectory` or `.io`.
    public static func prepareDirectory(forSocket socket: String) throws {
        let directory = URL(fileURLWithPath: socket).deletingLastPathComponent()
        try makePrivateDirectory(directory.deletingLastPathComponent().path)
        try makePrivateDirectory(directory.path)
        try checkDirectory(directory.path)
    }

    static func checkDirectory(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw VitniError.io(path: path, operation: "stat", code: errno) }
        guard info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid(), info.st_mode & 0o077 == 0 else {
            let isOwnDirectory = info.st_mode & S_IFMT == S_IFDIR && info.st_uid == geteuid()
            throw VitniError.agentInsecureDirectory(
                path: path, mode: isOwnDirectory ? UInt16(info.st_mode & 0o7777) : nil)
        }
    }

    /// Whole milliseconds of a duration, clamped to what the wire format carries.
    static func milliseconds(_ duration: Duration) -> UInt32 {
        let (seconds, attoseconds) = duration.components
        let total = max(0, seconds) * 1000 + max(0, attoseconds) / 1_000_000_000_000_000
        return UInt32(clamping: total)
    }
}
