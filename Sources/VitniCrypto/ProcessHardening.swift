import CVitniSystem
import Foundation

/// What every Vitni process does before it touches a key or a byte of evidence: no core file, no
/// same-user debugger, and no crash report that prints memory.
public enum ProcessHardening {
    /// The value Swift's runtime backtracer must see at start-up so that a crash prints nothing
    /// of the process's memory (the runtime reads it once, before `main`).
    static let backtraceSetting = "enable=no"

    /// Sets `RLIMIT_CORE` to 0 and clears `PR_SET_DUMPABLE`; when the runtime backtracer was not
    /// already off, turns it off and executes this program again with the same arguments (one
    /// `execv`, before anything was read or opened), because the runtime reads that setting only
    /// at start-up. A failing step is not fatal: the process runs on with what it could get.
    public static func apply(arguments: [String] = CommandLine.arguments) {
        _ = vitni_forbid_core_dumps()
        guard ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] != backtraceSetting else { return }
        setenv("SWIFT_BACKTRACE", backtraceSetting, 1)
        var argv = arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &argv)
        for pointer in argv { free(pointer) }
    }

    /// Whether this process may leave a core file or be attached to: false after ``apply(arguments:)``.
    public static var isDumpable: Bool { vitni_is_dumpable() != 0 }
}
