import Testing

@testable import VitniKit

struct SuggestionsTests {
    @Test func editDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps() {
        #expect(Suggestions.editDistance("", "") == 0)
        #expect(Suggestions.editDistance("", "abc") == 3)
        #expect(Suggestions.editDistance("abc", "") == 3)
        #expect(Suggestions.editDistance("session", "session") == 0)
        #expect(Suggestions.editDistance("sesion", "session") == 1)
        #expect(Suggestions.editDistance("sessoin", "session") == 1)
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
        #expect(Suggestions.editDistance("S01", "S02") == 1)
    }

    @Test func suggestsTheClosestNearCandidate() {
        let ids = ["CASE-2026-0042_S01", "CASE-2026-0042_S02", "CASE-2026-0099_S01"]
        #expect(Suggestions.closest(to: "CASE-2026-0042_S1", among: ids) == "CASE-2026-0042_S01")
        #expect(Suggestions.closest(to: "case-2026-0099_s01", among: ids) == "CASE-2026-0099_S01")
        #expect(Suggestions.closest(to: "tik", among: ["show", "tick", "skip"]) == "tick")
    }

    @Test func suggestsNothingFarAwayOrExact() {
        #expect(Suggestions.closest(to: "verify", among: ["seal", "open", "export"]) == nil)
        #expect(Suggestions.closest(to: "x", among: ["ab"]) == nil)
        #expect(Suggestions.closest(to: "tick", among: ["tick", "tack"]) == nil)
        #expect(Suggestions.closest(to: "anything", among: [String]()) == nil)
    }

    @Test func aTieGoesToTheEarlierCandidate() {
        #expect(Suggestions.closest(to: "bat", among: ["cat", "hat"]) == "cat")
        #expect(Suggestions.closest(to: "bat", among: ["hat", "cat"]) == "hat")
    }
}

struct CountTests {
    @Test func singularForOneOnly() {
        #expect(Count.of(0, "event") == "0 events")
        #expect(Count.of(1, "event") == "1 event")
        #expect(Count.of(2, "event") == "2 events")
        #expect(Count.of(1, "identity", plural: "identities") == "1 identity")
        #expect(Count.of(3, "identity", plural: "identities") == "3 identities")
    }
}
