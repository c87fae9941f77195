import Foundation
import VitniFormats

/// What supervisors and courts ask of a checklist: per phase, required items done, skipped and
/// missing, the time spent, and what was done out of protocol order. Built from catalogue
/// metadata alone, so it needs no key.
public struct ChecklistReport: Codable, Sendable {
    public struct Phase: Codable, Sendable {
        public var id: String
        public var title: String
        public var required: Int
        public var done: Int
        public var skipped: Int
        public var missing: [String]
        public var startMilliseconds: Int64?
        /// The recording `startMilliseconds` points into.
        public var startRecording: Int?
        public var durationMilliseconds: Int64?

        enum CodingKeys: String, CodingKey {
            case id, title, required, done, skipped, missing
            case startMilliseconds = "start_ms"
            case startRecording = "start_recording"
            case durationMilliseconds = "duration_ms"
        }
    }

    /// A close that went ahead with work unfinished: when, by whom, and the note (sealed with
    /// the session) that gives the reason.
    public struct ForcedClose: Codable, Sendable, Equatable {
        public var time: String
        public var actor: String
        public var note: String

        public init(time: String, actor: String, note: String) {
            self.time = time
            self.actor = actor
            self.note = note
        }
    }

    public var session: String
    public var protocolID: String
    public var protocolVersion: String
    public var phases: [Phase]
    public var outOfOrder: [String]
    public var requiredTotal: Int
    public var requiredDone: Int
    public var requiredSkipped: Int
    public var requiredMissing: Int
    public var forcedClose: ForcedClose?

    enum CodingKeys: String, CodingKey {
        case session, phases
        case forcedClose = "forced_close"
        case protocolID = "protocol_id"
        case protocolVersion = "protocol_version"
        case outOfOrder = "out_of_order"
        case requiredTotal = "required_total"
        case requiredDone = "required_done"
        case requiredSkipped = "required_skipped"
        case requiredMissing = "required_missing"
    }

    /// - Parameters:
    ///   - recordingLengths: milliseconds of audio per recording number. Only ticks inside a
    ///     recording's span time a phase: a tick after the audio ended says nothing about when
    ///     the phase ran.
    ///   - forcedClose: set when the session was closed with work unfinished.
    public init(
        session: String, checklist: Checklist, recordingLengths: [Int: Int64], forcedClose: ForcedClose? = nil
    ) {
        self.session = session
        self.forcedClose = forcedClose
        protocolID = checklist.interviewProtocol.id
        protocolVersion = checklist.interviewProtocol.version
        let starts: [(recording: Int, offset: Int64)?] = checklist.interviewProtocol.phases.map { phase in
            // A phase is entered when something in it is done; skipping is not entering.
            checklist.entries.filter { $0.phase == phase.id && $0.status == .done }.compactMap { entry in
                guard let recording = entry.recording, let offset = entry.offsetMilliseconds,
                    let length = recordingLengths[recording], (0...length).contains(offset)
                else { return nil }
                return (recording, offset)
            }.min { ($0.recording, $0.offset) < ($1.recording, $1.offset) }
        }
        phases = checklist.interviewProtocol.phases.enumerated().map { index, phase in
            let entries = checklist.entries.filter { $0.phase == phase.id && $0.required }
            let start = starts[index]
            // A phase lasts until the next phase that was entered in the same recording, or
            // until that recording ends.
            let duration = start.map { start in
                let next = starts[(index + 1)...].compactMap { $0 }.first
                let end =
                    next.flatMap { $0.recording == start.recording ? $0.offset : nil }
                    ?? recordingLengths[start.recording] ?? start.offset
                return max(0, end - start.offset)
            }
            return Phase(
                id: phase.id, title: phase.title, required: entries.count,
                done: entries.filter { $0.status == .done }.count,
                skipped: entries.filter { $0.status == .skipped }.count,
                missing: entries.filter { $0.status == .pending }.map(\.reference),
                startMilliseconds: start?.offset, startRecording: start?.recording, durationMilliseconds: duration)
        }
        outOfOrder = checklist.entries.filter(\.outOfOrder).map(\.reference)
        requiredTotal = phases.map(\.required).reduce(0, +)
        requiredDone = phases.map(\.done).reduce(0, +)
        requiredSkipped = phases.map(\.skipped).reduce(0, +)
        requiredMissing = phases.map(\.missing.count).reduce(0, +)
    }

    /// The report as a terminal table, readable at a glance.
    public var text: String {
        var lines = ["checklist \(session) — \(protocolID) \(protocolVersion)"]
        lines.append(
            "required items: \(requiredDone) done, \(requiredSkipped) skipped, \(requiredMissing) missing (of \(requiredTotal))"
        )
        lines.append("")
        lines.append("phase".padding(toLength: 26, withPad: " ", startingAt: 0) + "done  skip  miss   start      time")
        for phase in phases {
            let name = phase.id.padding(toLength: 26, withPad: " ", startingAt: 0)
            let counts = [phase.done, phase.skipped, phase.missing.count].map { String($0).leftPadded(4) }.joined(
                separator: "  ")
            let start = phase.startMilliseconds.map(Offset.format) ?? "-"
            let duration = phase.durationMilliseconds.map(Offset.format) ?? "-"
            lines.append("\(name)\(counts)   \(start.leftPadded(9))  \(duration.leftPadded(9))")
        }
        let missing = phases.flatMap(\.missing)
        if !missing.isEmpty { lines += ["", "missing: " + missing.joined(separator: ", ")] }
        if !outOfOrder.isEmpty { lines += ["out of order: " + outOfOrder.joined(separator: ", ")] }
        if let forcedClose {
            lines += [
                "closed with work unfinished (--force) at \(forcedClose.time) by \(forcedClose.actor): the reason is note \(forcedClose.note)"
            ]
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
