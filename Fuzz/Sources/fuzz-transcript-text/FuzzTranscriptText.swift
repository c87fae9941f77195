import FuzzSupport
import VitniFormats

/// WebVTT, SRT and the plain timestamped text, each on every input (with a default speaker when
/// the first byte is odd, so cues without a voice are read too).
///
/// What any of them reads passes `validate()`, renders in its own format and reads back equal
/// (less what the format drops: SRT metadata and word timings, plain text word timings), renders
/// as WebVTT and reads back equal, and its marker reading gives back each utterance's text.
@main enum FuzzTranscriptText {
    static func main() { runFuzzer(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = input(data, size)
    let options = Transcript.ImportOptions(defaultSpeaker: bytes.first.map { $0 & 1 == 1 } == true ? .child : nil)
    for format in [TranscriptFormat.webVTT, .srt, .plainText] {
        guard let transcript = try? Transcript.parse(bytes: bytes, format: format, options: options) else { continue }
        check(transcript, readAs: format)
    }
    return 0
}

/// The properties a transcript read from `format` keeps; shared with the EAF fuzzer's copy.
func check(_ transcript: Transcript, readAs format: TranscriptFormat) {
    require((try? transcript.validate()) != nil, "\(format) accepted a transcript that does not validate")
    var expected = transcript
    if format == .srt { expected.metadata = .init() }
    if format != .webVTT {
        for index in expected.utterances.indices { expected.utterances[index].words = [] }
    }
    let again = try? Transcript.parse(transcript.rendered(as: format), format: format)
    require(again == expected, "\(format) does not read back as rendered")
    require(
        (try? WebVTT.parse(WebVTT.render(transcript))) == transcript, "\(format) input does not survive WebVTT")
    for utterance in transcript.utterances {
        require(Utterance.Segment.text(of: utterance.segments) == utterance.text, "markers do not give back the text")
    }
}
