import Testing
import VitniFormats

@Suite struct TranscriptSpeakerMapTests {
    private func map(_ entries: String...) throws -> SpeakerMap {
        var map = SpeakerMap()
        for entry in entries { try map.add(entry) }
        return map
    }

    private func options(_ entries: String...) throws -> Transcript.ImportOptions {
        var map = SpeakerMap()
        for entry in entries { try map.add(entry) }
        return Transcript.ImportOptions(speakerMap: map)
    }

    @Test func readsEntriesAndFiles() throws {
        #expect(
            try map("Bob=INT", " Anna Berg = CHILD ", "a=b=OBS-2").roles == [
                "Bob": .interviewer, "Anna Berg": .child, "a=b": .observer(2),
            ])
        var fromFile = SpeakerMap()
        try fromFile.add(file: "# who is who\r\nBob=INT\n\n  # the child\nSpeaker 2=CHILD\n")
        #expect(fromFile.roles == ["Bob": .interviewer, "Speaker 2": .child])
    }

    @Test(arguments: [
        ("Bob", "expected NAME=ROLE"),
        ("=INT", "name before '='"),
        ("Bob=Teacher", "not a role"),
        ("Bob=OBS-0", "not a role"),
    ])
    func refusesMalformedEntries(entry: String, fragment: String) {
        var map = SpeakerMap()
        #expect {
            try map.add(entry)
        } throws: { error in
            (error as? SpeakerMap.Problem)?.reason.contains(fragment) == true
        }
    }

    @Test func refusesANameMappedTwiceAndNamesTheFileLine() {
        var map = SpeakerMap()
        #expect {
            try map.add(file: "Bob=INT\n# comment\nBob=CHILD\n")
        } throws: { error in
            (error as? SpeakerMap.Problem)?.reason == "line 3: the name 'Bob' is mapped twice"
        }
    }

    @Test func mapsWebVTTVoicesWithNamesAndClasses() throws {
        let text =
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Bob>Hello.\n\n00:02.000 --> 00:03.000\n<v.loud Anna Berg>Hi!\n"
            + "\n00:03.000 --> 00:04.000\n<v INT>Roles still work.\n\n00:04.000 --> 00:05.000\n<v Tom &amp; Jerry>x\n"
        let transcript = try WebVTT.parse(text, options: options("Bob=INT", "Anna Berg=CHILD", "Tom & Jerry=OBS-1"))
        #expect(transcript.utterances.map(\.speaker) == [.interviewer, .child, .interviewer, .observer(1)])
        #expect(transcript.utterances.map(\.text) == ["Hello.", "Hi!", "Roles still work.", "x"])
    }

    /// The refusal counts the unmapped names and their uses, points at the first, shows the option
    /// to use, and quotes neither the names nor what was said.
    @Test func listsEveryUnmappedVoiceWithoutTheText() throws {
        let text =
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Bob>secret one\n\n00:02.000 --> 00:03.000\n<v Anna>secret two\n"
            + "\n00:03.000 --> 00:04.000\n<v Bob>secret three\n"
        let error = TranscriptSamples.error { () throws(TranscriptError) in try WebVTT.parse(text) }
        #expect(error?.line == 4)
        #expect(
            error?.reason
                == "2 speaker names not a Vitni role, in 3 cues (the first on this line; names are not shown, "
                + "as they may identify a person); map each to INT, CHILD, INTERP or OBS-n with --speaker-map "
                + "NAME=ROLE or a --speaker-map-file")
        #expect(error.map { !$0.description.contains("secret") && !$0.description.contains("Bob") } == true)
    }

    /// A name built to reorder the terminal (U+202E) never reaches it: names are not shown.
    @Test func hostileNamesNeverReachTheTerminal() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Eve\u{202E}gnp.exe>a\n"
        let error = TranscriptSamples.error { () throws(TranscriptError) in try WebVTT.parse(text) }
        #expect(error?.reason.contains("1 speaker name not a Vitni role") == true, "\(String(describing: error))")
        #expect(error.map { !$0.description.contains("\u{202E}") && !$0.description.contains("Eve") } == true)
    }

    @Test func refusesAMapNamingNobodyInTheFile() throws {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Bob>a\n"
        let mapped = try options("Bob=INT", "Bobby=CHILD")
        let error = TranscriptSamples.error { () throws(TranscriptError) in try WebVTT.parse(text, options: mapped) }
        #expect(error?.reason == "the speaker map names 'Bobby', but no speaker in the file has that name")
    }

    @Test func mapsSRTAndPlainTextLabels() throws {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nSPK1: a\n\n2\n00:00:02,000 --> 00:00:03,000\nINT: b\n"
        #expect(try SRT.parse(srt, options: options("SPK1=CHILD")).utterances.map(\.speaker) == [.child, .interviewer])
        let plain = "[00:00:01.000-00:00:02.000] SPK1: a\n"
        #expect(
            try PlainTranscript.parse(plain, options: options("SPK1=INTERP")).utterances.first?.speaker == .interpreter)
    }

    @Test func mapsEAFTierIDsAndParticipants() throws {
        let eaf = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ANNOTATION_DOCUMENT FORMAT="3.0" VERSION="3.0">
            <HEADER TIME_UNITS="milliseconds"/>
            <TIME_ORDER><TIME_SLOT TIME_SLOT_ID="t1" TIME_VALUE="100"/><TIME_SLOT TIME_SLOT_ID="t2" TIME_VALUE="900"/></TIME_ORDER>
            <TIER TIER_ID="Speaker A" LINGUISTIC_TYPE_REF="default"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="t1" TIME_SLOT_REF2="t2"><ANNOTATION_VALUE>one</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>
            <TIER TIER_ID="tier2" PARTICIPANT="kid" LINGUISTIC_TYPE_REF="default"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="t1" TIME_SLOT_REF2="t2"><ANNOTATION_VALUE>two</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>
            <TIER TIER_ID="empty" LINGUISTIC_TYPE_REF="default"/>
            <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="default" TIME_ALIGNABLE="true"/>
            </ANNOTATION_DOCUMENT>
            """
        let transcript = try EAF.parse(eaf, options: options("Speaker A=INT", "kid=CHILD"))
        #expect(transcript.utterances.map(\.speaker) == [.interviewer, .child])
        let error = TranscriptSamples.error { () throws(TranscriptError) in try EAF.parse(eaf) }
        #expect(error?.line == 5)
        #expect(
            error?.reason.hasPrefix("2 speaker names not a Vitni role, in 2 annotations (the first on this line;")
                == true, "\(String(describing: error))")
        #expect(error.map { !$0.description.contains("Speaker A") && !$0.description.contains("tier2") } == true)
        #expect(error.map { !$0.description.contains("one") && !$0.description.contains("two") } == true)
    }
}
