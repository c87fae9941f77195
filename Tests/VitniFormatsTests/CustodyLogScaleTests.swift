import Foundation
import Testing
import VitniFormats

/// A log of `Custody.maximumEvents` events is read in one linear pass; one more is refused at
/// the line past the limit, before any line is parsed as JSON.
@Suite struct CustodyLogScaleTests {
    @Test func aLogAtTheEventLimitParsesInLinearTime() throws {
        var log: [UInt8] = []
        for seq in 0..<Int64(Custody.maximumEvents) {
            log += try CustodyEventTests.event(seq: seq).line() + [0x0A]
        }
        let started = ContinuousClock.now
        let lines = try Custody.lines(log)
        var last: Custody.Event?
        for (index, line) in lines.enumerated() { last = try Custody.Event.parse(line: line, number: index + 1) }
        print("parsed \(lines.count) custody events (\(log.count) bytes) in \(ContinuousClock.now - started)")
        #expect(lines.count == Custody.maximumEvents)
        #expect(last?.seq == Int64(Custody.maximumEvents - 1))
    }

    @Test func oneEventPastTheLimitIsRefusedBeforeParsing() {
        let log = [UInt8](repeating: 0, count: Custody.maximumEvents + 1).flatMap { _ in [UInt8(ascii: "x"), 0x0A] }
        #expect(
            throws: Custody.FormatError(line: Custody.maximumEvents + 1, reason: "the log has more than 100000 events")
        ) {
            try Custody.lines(log)
        }
    }
}
