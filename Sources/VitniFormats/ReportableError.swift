/// How a Vitni command ends, as documented for scripts and courts alike.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// The operation succeeded (for a check: what was checked is valid).
    case success = 0
    /// The input failed a check: altered, damaged or truncated, a bad signature, the wrong key or passphrase.
    case failedCheck = 1
    /// The operation could not be carried out: a missing or unreadable file, permissions, configuration.
    case couldNotCarryOut = 2
    /// The command line itself was wrong.
    case usage = 64
}

/// A failure a person reads: one message naming the file and the check, the exit status it
/// maps to, and, where it helps, a line saying what to do next.
///
/// Every library error type conforms, so the command-line tool reports any of them the same way,
/// once, in one place. Messages and hints never hold key material, plaintext or identifying facts.
public protocol ReportableError: Error, CustomStringConvertible, Sendable {
    var exitStatus: ExitStatus { get }
    var hint: String? { get }
}

extension ReportableError {
    public var hint: String? { nil }
    /// The process exit code of ``exitStatus``.
    public var exitCode: Int32 { exitStatus.rawValue }
}

extension ProtocolError: ReportableError {
    public var exitStatus: ExitStatus { .failedCheck }
    public var hint: String? { "fix the file at the line and field shown, then run `vitni protocol check FILE` again" }
}

extension TranscriptError: ReportableError {
    public var exitStatus: ExitStatus { .failedCheck }
    public var hint: String? { line == nil ? nil : "fix the file at the line shown, then import it again" }
}

extension BagIt.FormatError: ReportableError {
    public var exitStatus: ExitStatus { .failedCheck }
}

extension Custody.FormatError: ReportableError {
    public var exitStatus: ExitStatus { .failedCheck }
}

extension CanonicalJSON.Error: ReportableError {
    public var exitStatus: ExitStatus { .failedCheck }
}

extension Age.FormatError: ReportableError {
    public var description: String { "not a valid age file: header \(reason)" }
    public var exitStatus: ExitStatus { .failedCheck }
}
