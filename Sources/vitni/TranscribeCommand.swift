import ArgumentParser
import Foundation
import VitniFormats
import VitniKit
import VitniStore

struct TranscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe",
        abstract: "Draft a transcript with a speech-to-text program; imported as an unverified machine transcript.",
        discussion: discussion(
            """
            The recording is decrypted in memory and written as WAV into the engine's standard \
            input through a pipe (never into a file); the engine writes WebVTT (or SRT with \
            --format srt) on standard output. The draft is parsed strictly, its times checked \
            against the recording, and stored encrypted as the session's current original with \
            the source "unverified machine transcript": a person must check it against the audio. \
            --engine is a shell command (run with /bin/sh -c). The engine's standard error is \
            never shown on success, since engines log what they hear there; on failure Vitni \
            prints its exit status and the last line of its standard error, so an engine must \
            put its error message last and never recognised speech. Shipped engine (apt packages \
            sox, pocketsphinx, pocketsphinx-en-us; scripts/install-deps installs them): \
            vitni transcribe --engine scripts/engines/pocketsphinx-vtt --speaker-default INT
            """,
            examples: examples(
                "vitni transcribe --engine scripts/engines/pocketsphinx-vtt",
                "vitni transcribe --engine scripts/engines/pocketsphinx-vtt --timeout 600",
                "vitni transcribe --recording 2 --engine scripts/engines/pocketsphinx-vtt")))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var reading: ReadingOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(help: ArgumentHelp("Recording number (default: the first).", valueName: "number")) var recording: Int?
    @Option(
        help: ArgumentHelp(
            "The speech-to-text command: reads WAV on standard input, writes WebVTT or SRT.", valueName: "command"))
    var engine: String
    @Option(
        name: .customLong("speaker-default"),
        help: ArgumentHelp("Role for cues that name no speaker (INT, CHILD, INTERP, OBS-n).", valueName: "role"))
    var speakerDefault: String?
    @Option(help: ArgumentHelp("What the engine writes: webvtt or srt.", valueName: "format"))
    var format: String = "webvtt"
    @Option(help: ArgumentHelp("Stop the engine after this many seconds (default: no limit).", valueName: "seconds"))
    var timeout: Int?

    func validate() throws {
        guard let chosen = TranscriptFormat(rawValue: format), [.webVTT, .srt].contains(chosen) else {
            throw ValidationError("--format must be webvtt or srt")
        }
        if let speakerDefault, SpeakerRole(token: speakerDefault) == nil {
            throw ValidationError("--speaker-default must be INT, CHILD, INTERP or OBS-n (n from 1 to 99)")
        }
        if engine.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--engine is empty") }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() throws {
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        let imported = try manager.transcripts.transcribe(
            recording: recording, session: target, identities: try reading.resolve(), engine: [engine],
            speakerDefault: speakerDefault.flatMap { SpeakerRole(token: $0) },
            format: TranscriptFormat(rawValue: format) ?? .webVTT, importer: try actor.identity(),
            timeout: timeout.map(TimeInterval.init))
        let record = imported.record
        print(
            "transcribed \(Count.of(record.utteranceCount, "utterance")) into \(target.id) as transcript \(record.number ?? 0) "
                + "(\(record.source)); sha256 \(record.plaintextSHA256)")
        printWarning("this is a draft: check every utterance against the audio before relying on it")
    }
}
