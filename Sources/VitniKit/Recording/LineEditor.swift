import Foundation

/// The recorder's input line, edited key by key. The terminal is put out of line mode while
/// recording so that the status line can be redrawn without ever overwriting what is being
/// typed; this is the small editor that takes the terminal's place: printable text, Backspace,
/// Ctrl-U (clear), Ctrl-W (delete a word), Enter. Arrow keys and other escape sequences are
/// swallowed, never inserted.
///
/// A note is dated by its first keystroke, not by Enter: an interviewer starts typing when
/// something happens and may take many seconds to finish the sentence.
public struct LineEditor: Sendable {
    /// What a key did.
    public enum Event: Equatable, Sendable {
        /// Nothing visible changed (an ignored control key, part of an escape sequence).
        case none
        /// The line changed: redraw it.
        case changed
        /// Enter on a non-empty line: the text, and the offset of its first keystroke.
        case submitted(String, startedAt: Int64)
    }

    /// The longest line kept; further keys are ignored (a stuck key must not grow memory).
    public static let maximumBytes = 4_096

    private var bytes: [UInt8] = []
    private var escape = EscapeState.none
    /// The offset of the first keystroke of the line being typed; nil while it is empty.
    public private(set) var startedAt: Int64?

    private enum EscapeState: Sendable {
        case none, started, sequence
    }

    public init() {}

    /// The line as typed so far (an unfinished UTF-8 sequence shows as U+FFFD).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Applies one byte from the terminal.
    /// - Parameter offset: the recording offset now, read only when a line begins.
    public mutating func feed(_ byte: UInt8, offset: () -> Int64) -> Event {
        switch escape {
        case .started:
            // ESC [ … and ESC O … are sequences; ESC followed by anything else is one key.
            escape = byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") ? .sequence : .none
            return .none
        case .sequence:
            if (0x40...0x7E).contains(byte) { escape = .none }
            return .none
        case .none:
            break
        }
        switch byte {
        case 0x1B:
            escape = .started
            return .none
        case 0x0A, 0x0D:
            let line = text.trimmingCharacters(in: .whitespaces)
            let started = startedAt
            clear()
            guard !line.isEmpty, let started else { return .changed }
            return .submitted(line, startedAt: started)
        case 0x7F, 0x08:
            guard !bytes.isEmpty else { return .none }
            bytes = Array(String(text.dropLast()).utf8)
            if bytes.isEmpty { startedAt = nil }
            return .changed
        case 0x15:
            clear()
            return .changed
        case 0x17:
            var kept = text
            while kept.last == " " { kept.removeLast() }
            while let last = kept.last, last != " " { kept.removeLast() }
            bytes = Array(kept.utf8)
            if bytes.isEmpty { startedAt = nil }
            return .changed
        case 0x09:
            return insert(UInt8(ascii: " "), offset: offset)
        case 0x00..<0x20:
            return .none
        default:
            return insert(byte, offset: offset)
        }
    }

    private mutating func insert(_ byte: UInt8, offset: () -> Int64) -> Event {
        guard bytes.count < Self.maximumBytes else { return .none }
        if startedAt == nil { startedAt = offset() }
        bytes.append(byte)
        return .changed
    }

    private mutating func clear() {
        bytes.removeAll(keepingCapacity: true)
        startedAt = nil
    }
}
