import Foundation
import Testing
import VitniTestSupport

/// The advocate hears the child: audio redaction mutes the redacted words, not the whole answer
/// around them. Measured on the sample interview's advocate copy, sample by sample.
@Suite struct AdvocateAudioCLITests {
    /// A child cue of the sample transcript, in samples at 16 kHz.
    static func childCues() throws -> [Range<Int>] {
        let vtt = try String(contentsOfFile: Repository.root + "/samples/interview.vtt", encoding: .utf8)
        let blocks = vtt.components(separatedBy: "\n\n")
        return blocks.compactMap { block in
            let lines = block.split(separator: "\n")
            guard let timing = lines.first(where: { $0.contains(" --> ") }),
                lines.contains(where: { $0.hasPrefix("<v CHILD>") })
            else { return nil }
            let times = timing.components(separatedBy: " --> ").map { text -> Int in
                let parts = text.split(separator: ":").map { Double($0) ?? 0 }
                return Int(((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 16_000)
            }
            return times[0]..<times[1]
        }
    }

    @Test func theChildsSpeechStaysAudibleAndTheRedactedWordsAreSilent() throws {
        // The names of the sample: the child, her friend, her school.
        let session = try RedactedSession(names: ["Elin Solberg", "Elin", "Jonas", "Kastanje School"])
        let cli = session.cli
        let scratch = try TemporaryDirectory()
        let original = scratch.file(RedactedSession.sessionID)
        try FileManager.default.copyItem(atPath: session.original, toPath: original)
        let exported = try cli.run(session.export(original))
        try #require(exported.status == 0, "\(exported.stderrText)")
        let copy = original + "_REDACTED"
        let frida = ["-i", cli.work.file("frida.key")]
        let flac = scratch.file("advocate.flac")
        try #require(try cli.run(["decrypt"] + frida + ["-o", flac, copy + "/data/audio/1.flac.age"]).status == 0)
        let sox = try Peer.path("sox")
        func samples(_ file: String) throws -> [Int16] {
            let raw = try runProcess(sox, [file, "-t", "raw", "-e", "signed", "-b", "16", "-"]).stdout
            return raw.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        }
        let heard = try samples(flac)
        let spoken = try samples(Repository.root + "/samples/interview.flac")
        try #require(heard.count == spoken.count, "same length")

        // Every span the log mutes is silent; each lies inside its utterance and was found by words.
        let log = try cli.run(["decrypt"] + frida + [copy + "/data/redactions/redaction-log.jsonl.age"])
        let entries = try log.stdoutText.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }.filter { $0["decision"] as? String != "rejected" }
        try #require(!entries.isEmpty)
        for entry in entries {
            let start = (entry["start_ms"] as? Int ?? 0) * 16
            let end = (entry["end_ms"] as? Int ?? 0) * 16
            #expect(entry["audio_span"] as? String == "estimate", "the sample has no word timings")
            #expect(entry["margin_ms"] as? Int == 500)
            #expect(heard[start..<min(end, heard.count)].allSatisfy { $0 == 0 }, "span \(start / 16) ms is heard")
        }

        // Of the child's speech (samples that are not silent in the original), how much is heard.
        var speech = 0
        var audible = 0
        var mutedCues = 0
        var speechInMutedCues = 0
        for cue in try Self.childCues() {
            var mutedHere = false
            var speechHere = 0
            for index in cue where index < spoken.count && spoken[index] != 0 {
                speechHere += 1
                if heard[index] == spoken[index] { audible += 1 } else { mutedHere = true }
            }
            speech += speechHere
            if mutedHere {
                mutedCues += 1
                speechInMutedCues += speechHere
            }
        }
        let share = Double(audible) / Double(max(speech, 1))
        // What `--audio-span utterance` would leave: every cue with a redaction muted whole.
        let wholeCues = Double(speech - speechInMutedCues) / Double(max(speech, 1))
        print(
            "advocate copy: \(String(format: "%.1f", share * 100)) % of the child's speech audible "
                + "(\(String(format: "%.1f", wholeCues * 100)) % if whole utterances were muted); "
                + "\(mutedCues) child cues partly muted")
        #expect(mutedCues > 0, "the child says something that is redacted")
        #expect(share >= 0.80, "only \(share) of the child's speech is audible")
    }
}
