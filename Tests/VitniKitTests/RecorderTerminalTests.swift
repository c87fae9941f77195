import Foundation
import Testing
import VitniAudio
import VitniKit

@Suite("The recorder's line editor and status line")
struct RecorderTerminalTests {
    /// Feeds `keys`, the offset advancing 100 ms per key; returns the events.
    static func type(_ keys: [UInt8], into editor: inout LineEditor, clock: inout Int64) -> [LineEditor.Event] {
        keys.map { byte in
            clock += 100
            let now = clock
            return editor.feed(byte) { now }
        }
    }

    @Test func aLineIsDatedByItsFirstKeystroke() {
        var editor = LineEditor()
        var clock: Int64 = 0
        let events = Self.type(Array("hi there\r".utf8), into: &editor, clock: &clock)
        #expect(events.last == .submitted("hi there", startedAt: 100))
        #expect(editor.text.isEmpty && editor.startedAt == nil)
    }

    @Test func erasingTheWholeLineStartsTheClockAgain() {
        var editor = LineEditor()
        var clock: Int64 = 0
        _ = Self.type(Array("ab".utf8) + [0x7F, 0x7F], into: &editor, clock: &clock)
        #expect(editor.startedAt == nil)
        let events = Self.type(Array("c\n".utf8), into: &editor, clock: &clock)
        #expect(events.last == .submitted("c", startedAt: 500))
    }

    @Test func editingKeys() {
        var editor = LineEditor()
        var clock: Int64 = 0
        // Backspace removes a whole character, not a byte of it.
        _ = Self.type(Array("Sjö".utf8) + [0x7F], into: &editor, clock: &clock)
        #expect(editor.text == "Sj")
        _ = Self.type(Array(" two words".utf8) + [0x17], into: &editor, clock: &clock)
        #expect(editor.text == "Sj two ")
        _ = Self.type([0x15], into: &editor, clock: &clock)
        #expect(editor.text.isEmpty && editor.startedAt == nil)
        // Arrow keys and other escape sequences are swallowed; tab is a space; other controls ignored.
        _ = Self.type([0x1B, 0x5B, 0x41, 0x41, 0x1B, 0x4F, 0x44, 0x09, 0x01, 0x42], into: &editor, clock: &clock)
        #expect(editor.text == "A B")
        // An empty or blank line submits nothing.
        var blank = LineEditor()
        #expect(Self.type(Array("   \r".utf8), into: &blank, clock: &clock).last == .changed)
        #expect(Self.type([0x0D], into: &blank, clock: &clock) == [.changed])
    }

    @Test func aStuckKeyCannotGrowTheLineWithoutBound() {
        var editor = LineEditor()
        var clock: Int64 = 0
        _ = Self.type([UInt8](repeating: 0x61, count: LineEditor.maximumBytes + 100), into: &editor, clock: &clock)
        #expect(editor.text.utf8.count == LineEditor.maximumBytes)
    }

    @Test(
        "The meter draws every level without trapping",
        arguments: [-Double.infinity, .nan, .infinity, -1e300, 1e300, -60, -30, -0.05, 0, 12])
    func meterIsTotal(peak: Double) {
        let bars = RecorderStatusLine.bars(peakDBFS: peak)
        #expect((0...RecorderStatusLine.meterWidth).contains(bars))
        let format = AudioFormat(sampleRate: 48_000, channels: 2, encoding: .int16, container: .raw)
        let line = RecorderStatusLine.render(
            Recorder.Status(
                capturedFrames: 48_000 * 61, durableFrames: -5, level: AudioLevels(peakDBFS: peak, rmsDBFS: peak)),
            format: format)
        #expect(line.hasPrefix("● REC 01:01.000"))
        #expect(line.hasSuffix("saved 00:00.000"))
        if peak == -.infinity || peak.isNaN { #expect(line.contains("silent") && bars == 0) }
        if peak >= -0.1 { #expect(line.contains("CLIP")) }
        if peak >= 0 { #expect(bars == RecorderStatusLine.meterWidth) }
    }

    @Test func linesAreFittedToTheTerminal() {
        #expect(RecorderStatusLine.fit("abcdef", columns: 80) == "abcdef")
        #expect(RecorderStatusLine.fit("abcdef", columns: 5) == "abc…")
        #expect(RecorderStatusLine.fit("abcdef", columns: 5, keepingEnd: true) == "…def")
        #expect(RecorderStatusLine.fit("abcdef", columns: 0).count == 1)
    }

    @Test func recorderCommandsIncludingACorrectedOffset() throws {
        #expect(try RecorderCommand.parse("/at 12:30 pointed at the door") == .noteAt(750_000, "pointed at the door"))
        #expect(throws: VitniError.self) { try RecorderCommand.parse("/at soon pointed") }
        #expect(throws: VitniError.self) { try RecorderCommand.parse("/at 12:30") }
        // An offset too large for milliseconds is refused, not trapped on.
        #expect(Offset.parse(String(repeating: "9", count: 40)) == nil)
        #expect(Offset.parse("１２") == nil, "full-width digits are not an offset")
    }
}
