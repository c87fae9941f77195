/// Gathers utterances as an importer reads them, applying the model's rules at once so an error
/// can name the input line the utterance came from.
struct UtteranceCollector {
    let format: TranscriptFormat
    private(set) var utterances: [Utterance] = []
    private var order = TranscriptRules.OrderChecker()

    init(format: TranscriptFormat) { self.format = format }

    /// Adds an utterance read at `line`, or throws what is wrong with it.
    mutating func append(_ utterance: Utterance, line: Int) throws(TranscriptError) {
        guard utterances.count < Transcript.maximumUtterances else {
            throw TranscriptError(
                format: format, line: line,
                reason: "more than \(Transcript.maximumUtterances) utterances; this is not one interview's transcript")
        }
        if let reason = TranscriptRules.problem(with: utterance) ?? order.problem(with: utterance) {
            throw TranscriptError(format: format, line: line, reason: reason)
        }
        utterances.append(utterance)
    }

    /// The speaker for a cue that named none: the configured default, or an error at `line`.
    func defaultSpeaker(_ options: Transcript.ImportOptions, line: Int, hint: String) throws(TranscriptError)
        -> SpeakerRole
    {
        guard let speaker = options.defaultSpeaker else {
            throw TranscriptError(
                format: format, line: line, reason: "cue names no speaker (\(hint)) and no default speaker is set")
        }
        return speaker
    }
}
