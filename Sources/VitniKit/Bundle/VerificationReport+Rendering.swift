import Foundation

extension VerificationReport {
    /// For a terminal: the outcome first, then one line per check, failing ones with their detail.
    public func renderText() -> String {
        var lines: [String] = []
        switch outcome {
        case .valid: lines.append("VALID: \(bundle)")
        case .invalid: lines.append("INVALID: \(bundle) (failed: \(failedChecks.joined(separator: ", ")))")
        case .couldNotCheck:
            lines.append(
                couldNotCheckReason.map { "COULD NOT CHECK: \($0)" }
                    ?? "COULD NOT CHECK: \(bundle) (could not check: \(uncheckedChecks.joined(separator: ", ")))")
        }
        for step in nextSteps { lines.append("  next: \(step)") }
        for check in checks {
            let mark =
                switch check.result {
                case .pass: "ok  "
                case .fail: "FAIL"
                case .skipped: "skip"
                case .warning: "warn"
                case .couldNotCheck: "????"
                }
            lines.append("  [\(mark)] \(check.id): \(check.title)")
            lines.append("         \(check.detail)")
        }
        if let sealSigner {
            let name = signers.first { $0.keyID == sealSigner }?.name.map { "\($0), " } ?? ""
            lines.append("  sealed by \(name)key \(sealSigner) at \(sealTime ?? "an unstated time")")
        }
        if let head { lines.append("  custody head: \(head)") }
        return Self.sanitized(lines.joined(separator: "\n") + "\n")
    }

    /// Control characters from a hostile bundle (in paths or comments) must not reach a terminal.
    static func sanitized(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    scalar == "\n"
                        || (scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80..<0xA0).contains(scalar.value))
                        ? scalar : "?"
                }))
    }

    /// The report as JSON, with the outcome and exit code beside it (stable keys, sorted).
    public func renderJSON() throws -> [UInt8] {
        struct Envelope: Encodable {
            let outcome: Outcome
            let exitCode: Int32
            let failedChecks: [String]
            let uncheckedChecks: [String]
            let nextSteps: [String]
            let couldNotCheckReason: String?
            let report: VerificationReport
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let envelope = Envelope(
            outcome: outcome, exitCode: outcome.exitCode, failedChecks: failedChecks,
            uncheckedChecks: uncheckedChecks, nextSteps: nextSteps, couldNotCheckReason: couldNotCheckReason,
            report: self)
        return Array(try encoder.encode(envelope)) + [0x0A]
    }
}
