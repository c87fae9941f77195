/// A transcript: metadata and timed utterances in order of start time.
///
/// This is Vitni's one internal model; WebVTT, SRT, EAF, the plain timestamped text and the court
/// transcript are views of it. Importers return only transcripts that pass `validate()`; a
/// transcript built in code or decoded from JSON should be validated before it is exported.
///
/// Rules (`validate()`): times are whole milliseconds from the start of the recording, from 0 to
/// `Transcript.maximumTime`; each utterance ends strictly after it starts (a zero-length cue is
/// not a valid WebVTT cue and cannot be heard); utterances are in order of start time; one
/// speaker's utterances never overlap each other, while different speakers' may (crosstalk).
/// Text is one line, without control characters or surrounding spaces. Layers (`Layer`) follow
/// their own rules, checked by `validate()` too.
public struct Transcript: Sendable, Hashable, Codable {
    public var metadata: Metadata
    public var utterances: [Utterance]
    /// Dependent annotation layers (translations, glosses), in an order where each layer comes
    /// after the layer it annotates; usually empty.
    public var layers: [Layer] = []

    /// Longest time any transcript may reach: a day. Hours beyond it are malformed input.
    public static let maximumTime = 24 * 3_600_000
    /// The most utterances (cues, blocks, lines, EAF annotations) an importer reads before it
    /// refuses the file. A two-hour interview has about 2,000; the limit keeps a hostile file's
    /// cost to seconds (measured: 100,000 WebVTT cues are read in about 2 s by a debug build).
    public static let maximumUtterances = 100_000

    public init(metadata: Metadata = Metadata(), utterances: [Utterance], layers: [Layer] = []) {
        self.metadata = metadata
        self.utterances = utterances
        self.layers = layers
    }

    enum CodingKeys: String, CodingKey { case metadata, utterances, layers }

    /// JSON written before layers existed has no `layers` key.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decode(Metadata.self, forKey: .metadata)
        utterances = try container.decode([Utterance].self, forKey: .utterances)
        layers = try container.decodeIfPresent([Layer].self, forKey: .layers) ?? []
    }
}
