import ArgumentParser
import Foundation
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore

struct ImportAudioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-audio",
        abstract: "Take an existing recording (WAV, FLAC, Ogg…) into a session, encrypted; its SHA-256 is recorded.",
        discussion: examples(
            "vitni import-audio samples/interview.flac --started-at 2026-11-02T09:30:00Z",
            "vitni import-audio old-recording.flac --remove-source"))

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(help: ArgumentHelp("When the recording began (RFC 3339, e.g. 2026-11-29T09:30:00Z).", valueName: "time"))
    var startedAt: String?
    @Flag(help: "After verifying the encrypted copy, overwrite and remove the plaintext original.") var removeSource =
        false
    @Argument(help: ArgumentHelp("The recording to import.", valueName: "file")) var file: String

    func run() throws {
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        var start: Date?
        if let startedAt {
            guard let parsed = Timestamp.date(startedAt) ?? ISO8601DateFormatter().date(from: startedAt) else {
                throw ValidationError(
                    "cannot read --started-at '\(startedAt)': use RFC 3339, e.g. 2026-11-29T09:30:00Z")
            }
            start = parsed
        }
        let progress = ProgressLine("importing", sampleRate: 1000)  // importAudio reports milliseconds
        let recording = try manager.recordings.importAudio(
            file, into: target, startedAt: start, removeSource: removeSource, progress: progress.update)
        progress.finish()
        print(
            "\(target.id) recording \(recording.number): imported \(Offset.format(recording.milliseconds(recording.frames ?? 0))) "
                + "as \(recording.container.uppercased()), encrypted; source SHA-256 \(recording.sourceSHA256 ?? "")")
        if removeSource {
            printWarning(
                "the original was overwritten and removed; SSDs and copy-on-write file systems may still hold its old blocks"
            )
        }
    }
}

struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Write a recording as WAV to standard output (e.g. `vitni play | aplay`), decrypted in memory only.",
        discussion: examples(
            "vitni play | aplay",
            "vitni play --recording 1 --from 2:00 --to 3:30 | aplay",
            "vitni play --bundle BUNDLE --all | aplay",
            "vitni play --bundle BUNDLE --recording 2 --record-as per | aplay"))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @OptionGroup var trustOptions: TrustOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(help: ArgumentHelp("Play from this sealed bundle instead of the workspace.", valueName: "bundle"))
    var bundle: String?
    @Option(
        help: ArgumentHelp(
            "With --bundle: record the playback as a `decrypted` custody event signed by this identity or key file.",
            valueName: "identity"))
    var recordAs: String?
    @Option(help: ArgumentHelp("Recording number (needed when there are several).", valueName: "number"))
    var recording: Int?
    @Flag(help: "List the recordings (number, length, start, whether recovered) instead of playing.") var list = false
    @Flag(help: "With --bundle: play every recording in order as one stream, two beeps marking each gap.")
    var all = false
    @Option(help: ArgumentHelp("Start at this offset, [[h:]m:]s[.mmm].", valueName: "offset")) var from: String?
    @Option(help: ArgumentHelp("Stop at this offset, [[h:]m:]s[.mmm].", valueName: "offset")) var to: String?

    func run() throws {
        if list { return try printRecordings() }
        let start = try from.map(parseOffset) ?? 0
        let end = try to.map(parseOffset)
        guard isatty(STDOUT_FILENO) == 0 else {
            throw ValidationError("standard output is a terminal: pipe it to a player, e.g. `vitni play | aplay`")
        }
        if let bundle {
            let identities = try reading.resolve()
            let source = try trustOptions.open(bundle)
            if all { return try playAll(source, identities: identities) }
            let chosen = try source.recording(recording, identities: identities)
            if let recordAs {
                try recordDecryption(
                    of: chosen.file, in: bundle, as: recordAs, passphrases: reading.passphraseOptions,
                    trust: trustOptions)
            }
            try source.play(chosen, identities: identities, from: start, to: end, into: FileStream.standardOutput)
            return
        }
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        let chosen = try manager.recordings.recording(recording, of: target)
        try manager.recordings.play(
            chosen, identities: try reading.resolve(), from: start, to: end, into: FileStream.standardOutput)
    }

    func validate() throws {
        guard all else { return }
        guard bundle != nil else { throw ValidationError("--all plays a sealed bundle's recordings: add --bundle") }
        guard recording == nil, from == nil, to == nil, !list else {
            throw ValidationError("--all plays every recording whole: leave out --recording, --from, --to and --list")
        }
    }

    /// Every recording as one stream; the timeline goes to standard error, beside the audio.
    func playAll(_ source: VerifiedBundle, identities: [any AgeIdentity]) throws {
        if let recordAs {
            for recording in try source.sessionFile(identities: identities).recordings {
                try recordDecryption(
                    of: recording.file, in: source.path, as: recordAs, passphrases: reading.passphraseOptions,
                    trust: trustOptions)
            }
        }
        try source.playAll(identities: identities, into: FileStream.standardOutput) { timeline in
            let heading =
                "playing \(Count.of(timeline.recordings, "recording")) as one stream, "
                + "\(Offset.format(timeline.milliseconds)) in all:\n"
            FileHandle.standardError.write(Data((heading + timeline.text + "\n").utf8))
        }
    }

    func printRecordings() throws {
        let lines: [String]
        if let bundle {
            lines = try trustOptions.open(bundle).sessionFile(identities: try reading.resolve()).recordings.map(
                \.listing)
        } else {
            let manager = try workspace.sessions()
            lines = try manager.workspace.recordings(sessionID: try manager.session(session).id).map(\.listing)
        }
        print(lines.isEmpty ? "no recordings" : lines.joined(separator: "\n"))
    }

    func parseOffset(_ text: String) throws -> Int64 {
        guard let value = Offset.parse(text) else {
            throw ValidationError("cannot read the offset '\(text)': use [[h:]m:]s[.mmm]")
        }
        return value
    }
}
