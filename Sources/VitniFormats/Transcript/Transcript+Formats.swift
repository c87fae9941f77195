extension Transcript {
    /// Reads a transcript in any supported format.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents (callers may stop reading after `options.maximumBytes + 1`).
    ///   - format: The format to read.
    ///   - options: Limits and the default speaker.
    /// - Returns: A transcript that passes `validate()`.
    /// - Throws: `TranscriptError` with the format, the 1-based line and the reason.
    public static func parse(
        bytes: [UInt8], format: TranscriptFormat, options: ImportOptions = .init()
    ) throws(TranscriptError) -> Transcript {
        switch format {
        case .webVTT: try WebVTT.parse(bytes: bytes, options: options)
        case .srt: try SRT.parse(bytes: bytes, options: options)
        case .eaf: try EAF.parse(bytes: bytes, options: options)
        case .plainText: try PlainTranscript.parse(bytes: bytes, options: options)
        }
    }

    /// Reads a transcript in any supported format from text.
    ///
    /// - Throws: `TranscriptError` with the format, the 1-based line and the reason.
    public static func parse(
        _ text: String, format: TranscriptFormat, options: ImportOptions = .init()
    ) throws(TranscriptError) -> Transcript {
        switch format {
        case .webVTT: try WebVTT.parse(text, options: options)
        case .srt: try SRT.parse(text, options: options)
        case .eaf: try EAF.parse(text, options: options)
        case .plainText: try PlainTranscript.parse(text, options: options)
        }
    }

    /// Writes the transcript in a format (EAF with its default date). What a format cannot carry
    /// is dropped: SRT keeps no metadata, word timings or layers, plain text no word timings or
    /// layers (callers say so: see `layersNotWritten(by:)`). WebVTT and EAF keep everything.
    public func rendered(as format: TranscriptFormat) -> String {
        switch format {
        case .webVTT: WebVTT.render(self)
        case .srt: SRT.render(self)
        case .eaf: EAF.render(self)
        case .plainText: PlainTranscript.render(self)
        }
    }

    /// The warning an export to a format without layers (SRT, plain text, the court forms) must
    /// give, so leaving them out is never silent; nil when there are no layers.
    /// - Parameter format: The format's name, as the warning starts.
    public func layersNotWritten(by format: String) -> String? {
        guard !layers.isEmpty else { return nil }
        let count = layers.reduce(0) { $0 + $1.annotations.count }
        return "\(format) has no place for annotation layers: \(layers.count) layer\(layers.count == 1 ? "" : "s") "
            + "(\(count) annotations: translations, glosses) not written; export webvtt or eaf to keep them"
    }
}
