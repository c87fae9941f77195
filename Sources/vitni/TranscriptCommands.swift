import ArgumentParser
import Foundation
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore

struct TranscriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcript",
        abstract: "Import, export and list a session's transcripts (stored encrypted to the session's key).",
        discussion: discussion(
            """
            Each version is a row of the workspace catalogue: the canonical WebVTT as an age file \
            sealed to the session's key (never plaintext on disk), with its kind (original or \
            redacted), source (human or unverified machine transcript), the format it came from, \
            when and by whom it was stored, the SHA-256 of the WebVTT and the utterance count. \
            Rows are only added: the newest original is current, and a redacted copy counts only \
            while it derives from the current original.
            """,
            examples: examples(
                "vitni transcript import samples/interview.vtt",
                "vitni transcript list",
                "vitni transcript export --format court-html -o transcript.html")),
        subcommands: [TranscriptImportCommand.self, TranscriptExportCommand.self, TranscriptListCommand.self])
}

struct TranscriptImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a transcript as the session's current original (earlier versions are kept).",
        discussion: discussion(
            """
            The file is read strictly: a malformed file is rejected with its line and the reason \
            (exit 1). Its times are checked against the session's longest complete recording; a \
            transcript reaching past it is rejected naming the utterance. Without a complete \
            recording the check is not possible, and the import says so.
            """,
            examples: examples(
                "vitni transcript import samples/interview.vtt",
                "vitni transcript import draft.srt --source machine --speaker-default INT",
                "vitni transcript import later.vtt --bundle CASE-2026-0042_S01")))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(
        help: ArgumentHelp(
            "Add it to this sealed bundle instead (an `amended` custody event; the sealed files stay untouched).",
            valueName: "bundle"))
    var bundle: String?
    @Option(
        name: .customLong("key"),
        help: ArgumentHelp(
            "With --bundle: sign with this identity or minisign key file (default: --as).", valueName: "identity"))
    var key: String?
    @Option(
        name: [.customShort("i"), .customLong("identity")],
        help: ArgumentHelp(
            "With --bundle: an identity that opens the bundle (default: the agent). Repeatable.",
            valueName: "identity"))
    var identities: [String] = []
    @OptionGroup var passphraseOptions: PassphraseOptions
    @OptionGroup var trustOptions: TrustOptions
    @Option(help: ArgumentHelp("webvtt, srt, eaf or text (default: from the file's extension).", valueName: "format"))
    var format: String?
    @Option(
        name: .customLong("speaker-default"),
        help: ArgumentHelp("Role for cues that name no speaker (INT, CHILD, INTERP, OBS-n).", valueName: "role"))
    var speakerDefault: String?
    @Option(
        help: ArgumentHelp("human or machine (an unverified machine transcript). Default: human.", valueName: "source"))
    var source: String?
    @Option(
        name: .customLong("speaker-map"),
        help: ArgumentHelp(
            "Read the speaker NAME (ELAN tier or participant, WebVTT voice, label) as ROLE. Repeatable.",
            valueName: "name=role"))
    var speakerMap: [String] = []
    @Option(
        name: .customLong("speaker-map-file"),
        help: ArgumentHelp("A file of NAME=ROLE lines ('#' starts a comment).", valueName: "file"))
    var speakerMapFile: String?
    @Argument(help: ArgumentHelp("The transcript file.", valueName: "file")) var file: String

    func validate() throws {
        if let format, TranscriptFormat(rawValue: format) == nil {
            throw ValidationError("unknown format '\(format)': use webvtt, srt, eaf or text")
        }
        if let speakerDefault, SpeakerRole(token: speakerDefault) == nil {
            throw ValidationError("--speaker-default must be INT, CHILD, INTERP or OBS-n (n from 1 to 99)")
        }
        if let source, source != "human", source != "machine" {
            throw ValidationError("--source must be human or machine")
        }
    }

    func run() throws {
        guard let chosen = format.flatMap(TranscriptFormat.init(rawValue:)) ?? TranscriptFile.format(forPath: file)
        else {
            throw ValidationError("cannot tell the format from the file name: give --format webvtt|srt|eaf|text")
        }
        let options = Transcript.ImportOptions(
            defaultSpeaker: speakerDefault.flatMap { SpeakerRole(token: $0) },
            speakerMap: try TranscriptFile.speakerMap(entries: speakerMap, file: speakerMapFile))
        var transcript = try TranscriptFile.read(file, format: chosen, options: options)
        if let bundle {
            transcript.metadata.source =
                source == "machine" ? Transcript.Metadata.unverifiedMachine : Transcript.Metadata.human
            let resolver = passphraseOptions.resolver()
            let readers: [any AgeIdentity] =
                identities.isEmpty ? [AgentIdentity()] : try identities.flatMap { try resolver.ageIdentities($0) }
            let signer = try passphraseOptions.signer(try key ?? actor.identity().name)
            let added = try trustOptions.open(bundle).addTranscript(
                transcript, signer: signer, trust: try trustOptions.trust(), identities: readers)
            if added.receipt.alreadyRecorded {
                printWarning("this transcript was already added (by a run that stopped before reporting it)")
            }
            print(
                "added \(added.file) to \(bundle) (\(Count.of(transcript.utterances.count, "utterance")), an `amended` event)"
            )
            print("custody head \(added.receipt.head)")
            return
        }
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        let imported = try manager.transcripts.importTranscript(
            transcript, into: target, format: chosen,
            source: source == "machine" ? Transcript.Metadata.unverifiedMachine : Transcript.Metadata.human,
            importer: try actor.identity(), file: file)
        let record = imported.record
        print(
            "imported \(Count.of(record.utteranceCount, "utterance")) (\(chosen.displayName), \(record.source)) into "
                + "\(target.id) as transcript \(record.number ?? 0); sha256 \(record.plaintextSHA256)")
        switch imported.lengthCheck {
        case .checked(let milliseconds, let recording):
            print(
                "times checked against recording \(recording) (\(Offset.format(Int64(milliseconds)))): all within it"
            )
        case .notPossible(let reason):
            printWarning("times not checked against the audio: \(reason); import again after recording to check")
        }
    }
}

struct TranscriptExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the session's current transcript (needs an unlocked identity).",
        discussion: discussion(
            """
            Formats: webvtt, srt, eaf, text, court (line-numbered court text) and court-html. The \
            court header gives case, session, date, place and who was present by role; names come \
            from the sealed session details and are withheld with --redacted. The output is \
            plaintext: prefer standard output into an encrypted pipe; a file (-o) is created 0600.
            """,
            examples: examples(
                "vitni transcript export --format court-html -o transcript.html",
                "vitni transcript export --redacted --format webvtt",
                "vitni transcript export --bundle CASE-2026-0042_S01 --format court")))

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case webvtt, srt, eaf, text, court
        case courtHTML = "court-html"
    }

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @OptionGroup var trustOptions: TrustOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(
        help: ArgumentHelp(
            "Export a sealed bundle's newest transcript instead (a redacted copy's, for --redacted).",
            valueName: "bundle"))
    var bundle: String?
    @Option(help: ArgumentHelp("webvtt, srt, eaf, text, court or court-html.", valueName: "format"))
    var format: Format = .webvtt
    @Flag(help: "Export the current redacted copy (made by `vitni redact`).") var redacted = false
    @Option(
        help: ArgumentHelp(
            "Where the interview took place, for the court header (default: config.toml's place).", valueName: "place"))
    var place: String?
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to this file (mode 0600) instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let identities = try reading.resolve()
        let place = try place ?? centreDefaults().place
        if let bundle {
            let source = try trustOptions.open(bundle)
            let transcript = try source.transcript(identities: identities)
            if try redacted && !source.holdsRedactedTranscript() {
                throw VitniError.invalidInput(
                    "\(bundle) is not a redacted copy: export one with `vitni export --redacted`")
            }
            warnOfLayers(transcript)
            let text = try render(transcript) {
                try source.courtHeader(place: place, transcript: transcript, identities: identities)
            }
            try OutputFile.write(Array(text.utf8), to: output, mode: 0o600)
            return
        }
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        let transcript = try manager.transcripts.transcript(
            of: target, kind: redacted ? .redacted : .original, identities: identities)
        warnOfLayers(transcript)
        let text = try render(transcript) {
            try manager.transcripts.courtHeader(
                of: target, transcript: transcript, place: place, redacted: redacted, identities: identities)
        }
        try OutputFile.write(Array(text.utf8), to: output, mode: 0o600)
    }

    /// SRT, plain text and the court forms show utterances only; say so when layers are left out.
    func warnOfLayers(_ transcript: Transcript) {
        guard format != .webvtt, format != .eaf, let warning = transcript.layersNotWritten(by: format.rawValue) else {
            return
        }
        printWarning(warning)
    }

    /// The transcript in the chosen format; `header` is asked for only by the court forms.
    func render(_ transcript: Transcript, header: () throws -> CourtTranscriptHeader) throws -> String {
        switch format {
        case .webvtt: transcript.rendered(as: .webVTT)
        case .srt: transcript.rendered(as: .srt)
        case .eaf: transcript.rendered(as: .eaf)
        case .text: transcript.rendered(as: .plainText)
        case .court: CourtTranscript.text(transcript, header: try header())
        case .courtHTML: CourtTranscript.html(transcript, header: try header())
        }
    }
}

struct TranscriptListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every stored version of a session's transcripts (no key needed).",
        discussion: examples("vitni transcript list", "vitni transcript list --session CASE-2026-0042_S01"))

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?

    func run() throws {
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        let versions = try manager.transcripts.transcriptVersions(of: target)
        let current = Set(
            [TranscriptKind.original, .redacted].compactMap { kind in versions.last { $0.kind == kind }?.id })
        let numberOfID = Dictionary(versions.compactMap { v in v.id.map { ($0, v.number ?? 0) } }) { first, _ in first }
        for version in versions {
            var line =
                "\(version.number ?? 0)  \(version.kind.rawValue)  \(version.createdAt)  \(version.importedFormat)"
            line += "  \(Count.of(version.utteranceCount, "utterance"))  \(version.source)  by \(version.actorKeyID)"
            if let original = version.derivedFrom { line += "  from \(numberOfID[original] ?? 0)" }
            line += "  sha256 \(version.plaintextSHA256)"
            if let id = version.id, current.contains(id) { line += "  (current)" }
            // Earlier releases printed the workspace-wide row id; show it where it differs.
            if let id = version.id, id != Int64(version.number ?? 0) { line += "  (row \(id))" }
            print(line)
        }
        if versions.isEmpty { print("no transcripts in \(target.id)") }
    }
}
