import Foundation
public import VitniFormats
public import VitniStore

/// What the interviewer types while recording: a line of text is a note at the current offset;
/// a few short commands tick the checklist or mark a moment.
public enum RecorderCommand: Equatable, Sendable {
    case note(String)
    /// A note at an offset given by hand (`/at 1:23 text`): the correction when the first
    /// keystroke came later than the moment noted.
    case noteAt(Int64, String)
    case tick(String)
    case pause(String?)
    case resume
    case mark(String?)
    /// The interviewer's answer to a question relayed from the observation room.
    case answer(Int, asked: Bool)
    case stop
    case help

    public static let usage = """
        type a note and press Enter: it is dated by its first keystroke; commands:
          /at OFFSET TEXT  a note at OFFSET, e.g. /at 12:30 the child pointed at the door
          /tick ITEM   tick a protocol item        /break [why]  mark a break
          /resume      mark the end of a break     /mark [text]  mark this moment
          /asked N     question N was asked        /declined N   question N will not be asked
          /stop        stop recording              /help         this list
        """

    /// - Returns: nil for an empty line.
    /// - Throws: `VitniError.invalidInput` for an unknown command or a missing argument.
    public static func parse(_ line: String) throws -> RecorderCommand? {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        guard text.hasPrefix("/") else { return .note(text) }
        let parts = text.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        switch parts.first ?? "" {
        case "tick":
            guard let argument, !argument.isEmpty else {
                throw VitniError.invalidInput("/tick needs an item, e.g. /tick rapport")
            }
            return .tick(argument)
        case "at":
            let words = argument?.split(separator: " ", maxSplits: 1).map(String.init) ?? []
            guard words.count == 2, let offset = Offset.parse(words[0]) else {
                throw VitniError.invalidInput("/at needs an offset and a note, e.g. /at 12:30 pointed at the door")
            }
            return .noteAt(offset, words[1])
        case "break", "pause": return .pause(argument)
        case "resume": return .resume
        case "mark": return .mark(argument)
        case "asked", "declined":
            guard let argument, let number = Int(argument), number > 0 else {
                throw VitniError.invalidInput("/\(parts[0]) needs a question's number, e.g. /\(parts[0]) 2")
            }
            return .answer(number, asked: parts[0] == "asked")
        case "stop", "quit": return .stop
        case "help", "?": return .help
        default: throw VitniError.invalidInput("unknown command '\(text)': /help lists them")
        }
    }
}

extension SessionNotes {
    /// Carries out a typed command at `offset` into recording `recording`.
    /// - Parameter loaded: the session's protocol, or why it could not be loaded (said on `/tick`,
    ///   while everything else goes on being recorded).
    /// - Returns: a short confirmation for the terminal (no evidence in it).
    public func perform(
        _ command: RecorderCommand, session: SessionRecord, recording: Int, offset: Int64, actor: PublicIdentity,
        protocol loaded: Result<InterviewProtocol, VitniError>
    ) throws -> String {
        let at = Offset.format(offset)
        switch command {
        case .note(let text):
            try add(to: session, author: actor, kind: .observation, text: text, offset: offset, recording: recording)
            return "noted at \(at) (first keystroke; /at OFFSET TEXT gives another time)"
        case .noteAt(let given, let text):
            try add(to: session, author: actor, kind: .observation, text: text, offset: given, recording: recording)
            return "noted at \(Offset.format(given))"
        case .tick(let item):
            let result = try checklist(
                .tick, item: item, in: session, protocol: try loaded.get(), actor: actor, offset: offset,
                recording: recording)
            let warning =
                result.missingBefore.isEmpty
                ? "" : " (out of order: \(Count.of(result.missingBefore.count, "earlier item")) open)"
            return "ticked \(item) at \(at)\(warning)"
        case .pause(let why):
            try add(
                to: session, author: actor, kind: .break, text: why ?? "break", offset: offset, recording: recording)
            return "break marked at \(at)"
        case .resume:
            try add(to: session, author: actor, kind: .break, text: "resumed", offset: offset, recording: recording)
            return "resumed at \(at)"
        case .mark(let text):
            try add(
                to: session, author: actor, kind: .observation, text: text ?? "mark", tags: ["mark"], offset: offset,
                recording: recording)
            return "marked \(at)"
        case .stop, .help, .answer:
            return ""
        }
    }
}
