import Testing
import VitniView

@Suite struct ByteRangeTests {
    @Test func theFormsAPlayerSends() {
        #expect(ByteRange.parse("bytes=0-", length: 1000) == .range(ByteRange(first: 0, last: 999)))
        #expect(ByteRange.parse("bytes=100-199", length: 1000) == .range(ByteRange(first: 100, last: 199)))
        #expect(ByteRange.parse("bytes=900-5000", length: 1000) == .range(ByteRange(first: 900, last: 999)))
        #expect(ByteRange.parse("bytes=-100", length: 1000) == .range(ByteRange(first: 900, last: 999)))
        #expect(ByteRange.parse("bytes=-5000", length: 1000) == .range(ByteRange(first: 0, last: 999)))
    }

    @Test func whatCannotBeServedAsOneRange() {
        #expect(ByteRange.parse(nil, length: 1000) == .whole)
        #expect(ByteRange.parse("bytes=0-1,5-6", length: 1000) == .whole)
        #expect(ByteRange.parse("items=0-1", length: 1000) == .whole)
        #expect(ByteRange.parse("bytes=5-1", length: 1000) == .whole)
        #expect(ByteRange.parse("bytes=+5-9", length: 1000) == .whole)
        #expect(ByteRange.parse("bytes=99999999999999999999-", length: 1000) == .whole)
        #expect(ByteRange.parse("bytes=1000-", length: 1000) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-0", length: 1000) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=0-", length: 0) == .unsatisfiable)
    }
}
