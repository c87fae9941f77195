import Foundation
import Testing
import VitniAudio
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// `vitni view` in real browsers (Debian's Chromium, driven by Selenium through
/// Tests/Browser/review_room.py, and Firefox ESR over Marionette): refused without its token; playing advances the audio; a
/// transcript line and a note each seek it; the advocate's copy shows its banner and none of
/// what was redacted; and afterwards no file under the browser's profile, the workspace or /tmp
/// holds a canary planted in a note, the transcript and the audio.
@Suite(.serialized) struct ReviewRoomCLITests {
    /// A room serving `bundle` until stopped; its address from the first lines it prints.
    final class Room {
        let process = Process()
        let output = Pipe()
        let address: String

        /// - Parameter target: the bundle's path, or `--session ID` with its workspace.
        init(_ cli: CLI, target: [String], arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: Repository.vitniBinary)
            process.arguments = ["view"] + target + ["--no-browser"] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(["VITNI_HOME": cli.home.path]) { $1 }
            process.currentDirectoryURL = URL(fileURLWithPath: cli.work.path)
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var text = ""
            let handle = output.fileHandleForReading
            while !text.contains("\nit closes at") {
                let data = handle.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("review room: ") }) else {
                process.terminate()
                throw TestSupportError("vitni view printed no address: \(text)")
            }
            address = String(line.dropFirst("review room: ".count))
        }

        /// Ctrl-C: the room closes and says so.
        func stop() -> String {
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
    }

    /// What the browser saw, from the driver's JSON.
    static func browse(_ room: Room, profile: String, screenshot: String, redacted: Bool = false) throws -> [String:
        Any]
    {
        let python = "/usr/bin/python3"
        _ = try Peer.path("chromedriver")
        let check = try runProcess(python, ["-c", "import selenium"])
        guard check.status == 0 else {
            throw TestSupportError("python3-selenium is not installed: run scripts/install-deps")
        }
        let result = try runProcess(
            python,
            [Repository.root + "/Tests/Browser/review_room.py", room.address, profile, screenshot]
                + (redacted ? ["--redacted"] : []))
        guard result.status == 0,
            let seen = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        else { throw TestSupportError("the browser driver failed: \(result.stderrText)") }
        return seen
    }

    @Test func theRoomPlaysSeeksAndLeavesNoEvidenceBehind() throws {
        let cli = try CLI()
        try cli.signingPerson("anna", .interviewer)
        let canary = "canary" + Hex.encode(SecureRandom.bytes(count: 8))
        // Six seconds of noise no other file holds; the canary is 32 bytes of it, half a second in.
        let format = AudioFormat(sampleRate: 16_000, channels: 1, encoding: .int16)
        let pcm = testBytes(count: 16_000 * 2 * 6, seed: UInt64.random(in: 1...UInt64.max))
        let audioCanary = Array(pcm[16_000..<16_032])
        let wav = try WAVStreamHeader.bytes(format: format, frames: Int64(pcm.count / 2)) + pcm
        let vtt = try cli.work.write(
            "canary.vtt",
            "WEBVTT\n\n00:00.500 --> 00:01.500\n<v INT>Tell me what happened.\n\n"
                + "00:02.000 --> 00:03.000\n<v CHILD>The \(canary)-transcript came.\n\n"
                + "00:03.500 --> 00:04.500\n<v INT>Tell me more.\n\n00:05.000 --> 00:05.800\n<v CHILD>No.\n")
        let ws = ["--workspace", cli.work.file("ws")]
        try SealedSession.succeed(try cli.run(["init", cli.work.file("ws")]), "init")
        try SealedSession.succeed(
            try cli.run(
                ["session", "start", "--case", "CASE-31", "--protocol", "nichd-revised", "--interviewer", "anna"] + ws),
            "session start")
        try SealedSession.succeed(try cli.run(["record", "--as", "anna", "--quiet"] + ws, stdin: wav), "record")
        try SealedSession.succeed(
            try cli.run(["note", "--as", "anna", "--at", "0:03.5", "\(canary)-note"] + ws), "note")
        try SealedSession.succeed(try cli.run(["transcript", "import", vtt, "--as", "anna"] + ws), "import")
        try SealedSession.succeed(
            try cli.run(["session", "close", "--as", "anna", "--force", "--reason", "test"] + ws), "close")
        let unsealed = try cli.run(["view", "--session", "CASE-31_S01", "--no-browser"] + ws)
        #expect(unsealed.status != 0 && unsealed.stderrText.contains("before it is sealed"), "\(unsealed.stderrText)")
        try SealedSession.succeed(
            try cli.run(["seal", "-i", cli.work.file("anna.key"), "--key", cli.work.file("anna.minisign")] + ws), "seal"
        )
        try FileManager.default.removeItem(atPath: vtt)

        let opened = Date()
        let room = try Room(
            cli, target: ["--session", "CASE-31_S01"] + ws,
            arguments: ["-i", cli.work.file("anna.key"), "--trust", cli.work.file("anna.json")])
        let profile = cli.work.file("browser-profile")
        let seen = try Self.browse(room, profile: profile, screenshot: cli.work.file("review.png"))
        let closed = room.stop()
        #expect(closed.contains("review room closed"), "\(closed)")

        #expect((seen["without_token"] as? String)?.contains("403") == true, "\(seen)")
        #expect((seen["url_after_admission"] as? String)?.contains("token") == false, "the token leaves the address")
        #expect((seen["page_text"] as? String)?.contains("\(canary)-transcript") == true)
        let played = seen["played"] as? [Double] ?? []
        #expect(played.count == 2 && played[1] > played[0] + 0.5, "playing advances currentTime: \(played)")
        let cueStart = seen["cue_start_ms"] as? Double ?? -1
        let afterCue = seen["after_cue_click_ms"] as? Double ?? -1000
        #expect(abs(cueStart - afterCue) <= 100, "a line seeks to its start: \(cueStart) → \(afterCue)")
        #expect(seen["highlighted"] as? String == seen["clicked"] as? String, "and is highlighted")
        let noteAt = seen["note_offset_ms"] as? Double ?? -1
        let afterNote = seen["after_note_click_ms"] as? Double ?? -1000
        #expect(noteAt == 3_500 && abs(noteAt - afterNote) <= 100, "a note seeks to its offset: \(afterNote)")
        #expect(seen["after_next_key"] as? String == "cue-3", "N goes to the next line: \(seen)")
        #expect((seen["console_errors"] as? [String]) == [], "\(seen)")
        #expect(seen["integrity"] as? String == "Integrity certificate: VALID", "\(seen)")
        #expect((seen["unlabelled"] as? [String]) == [], "controls without a name: \(seen)")
        let zoomed = seen["zoomed"] as? [String: Any] ?? [:]
        let stacked = (zoomed["stacked"] as? NSNumber)?.boolValue
        #expect(zoomed["overflow"] as? Int == 0 && stacked == true, "at 200 %: \(zoomed)")
        let certificate = seen["certificate"] as? [String] ?? []
        #expect(certificate.last == "Integrity certificate" && certificate.first?.contains("CASE-31_S01") == true)

        // The same room in Firefox: admitted with the token, plays, and seeks from a line and a note.
        let second = try Room(
            cli, target: ["--session", "CASE-31_S01"] + ws,
            arguments: ["-i", cli.work.file("anna.key"), "--trust", cli.work.file("anna.json")])
        let firefox = try Self.browseInFirefox(second, profile: cli.work.file("firefox-profile"))
        _ = second.stop()
        #expect((firefox["without_token"] as? String)?.contains("403") == true, "\(firefox)")
        #expect(firefox["integrity"] as? String == "Integrity certificate: VALID", "\(firefox)")
        let playedInFirefox = firefox["played"] as? [Double] ?? []
        #expect(playedInFirefox.count == 2 && playedInFirefox[1] > playedInFirefox[0] + 0.5, "\(firefox)")
        for (target, reached) in [("cue_start_ms", "after_cue_click_ms"), ("note_offset_ms", "after_note_click_ms")] {
            let asked = firefox[target] as? Double ?? -1
            #expect(asked >= 0 && abs(asked - (firefox[reached] as? Double ?? -1000)) <= 100, "\(firefox)")
        }
        #expect(firefox["highlighted"] as? String == "cue-1", "\(firefox)")

        // The canaries: in no file either browser, the workspace or anything else wrote in /tmp
        // while the room was open (older files cannot hold them).
        let needles = [Array("\(canary)-note".utf8), Array("\(canary)-transcript".utf8), audioCanary]
        let control = try cli.work.write("control.bin", "")
        try Data([0] + audioCanary + [0]).write(to: URL(fileURLWithPath: control))
        #expect(try Self.files(under: cli.work.path, changedSince: opened, containingAnyOf: needles) == [control])
        try FileManager.default.removeItem(atPath: control)
        for root in [profile, cli.work.path, cli.home.path, "/tmp"] {
            let found = try Self.files(under: root, changedSince: opened, containingAnyOf: needles)
            #expect(found.isEmpty, "evidence left in \(found)")
        }
    }

    /// What Firefox saw (Tests/Browser/review_room_firefox.py, over Marionette).
    static func browseInFirefox(_ room: Room, profile: String) throws -> [String: Any] {
        _ = try Peer.path("firefox-esr")
        let result = try runProcess(
            "/usr/bin/python3", [Repository.root + "/Tests/Browser/review_room_firefox.py", room.address, profile])
        guard result.status == 0,
            let seen = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        else { throw TestSupportError("the Firefox driver failed: \(result.stderrText)") }
        return seen
    }

    @Test func theAdvocatesCopyShowsItsBannerAndNothingRedacted() throws {
        let session = try RedactedSession.shared.get()
        let scratch = try TemporaryDirectory()
        let original = scratch.file(RedactedSession.sessionID)
        try FileManager.default.copyItem(atPath: session.original, toPath: original)
        try SealedSession.succeed(try session.cli.run(session.export(original)), "export")
        let room = try Room(
            session.cli, target: [original + "_REDACTED"],
            arguments: [
                "-i", session.cli.work.file("frida.key"), "--trust", session.cli.work.file("anna.json"),
            ])
        let seen = try Self.browse(
            room, profile: scratch.file("profile"), screenshot: scratch.file("redacted.png"), redacted: true)
        _ = room.stop()
        let text = seen["page_text"] as? String ?? ""
        #expect((seen["banners"] as? Int ?? 0) >= 2, "a banner at the top and at the foot")
        #expect(text.contains("REDACTED COPY") && text.contains("derived from \(RedactedSession.sessionID)"), "\(text)")
        #expect((seen["title"] as? String)?.hasPrefix("REDACTED COPY") == true)
        for withheld in ["Elin Solberg", "170101-9984", "01018549847"] {
            #expect(!text.contains(withheld), "\(withheld) is shown in the advocate's copy")
        }
        #expect(text.contains("[NAME-"))
        #expect((seen["duration"] as? Double ?? 0) > 100, "the muted recording plays")
    }

    /// The room serves a `.tar` bundle in place, and only to the holder of its address: another
    /// Host or Origin, the token used twice, a guessed cookie all get 403.
    @Test func aTarBundleOverHTTPAndTheRefusals() throws {
        let session = try StockVerificationCLITests.shared.get()
        let scratch = try TemporaryDirectory()
        let copy = try session.copyOfBundle("tar", in: scratch)
        let tar = copy + ".tar"
        let archived = try runProcess(
            try Peer.path("tar"), ["-cf", tar, "-C", scratch.file("tar"), SealedSession.sessionID])
        #expect(archived.status == 0, "\(archived.stderrText)")
        try FileManager.default.removeItem(atPath: copy)
        let reader = ["-i", session.courtKey, "--trust", session.annaPub]
        let room = try Room(session.cli, target: [tar], arguments: reader)
        let served = scratch.file("served.wav")
        let result = try runProcess(
            "/usr/bin/python3", [Repository.root + "/Tests/Browser/review_http.py", room.address, served])
        _ = room.stop()
        let seen = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any] ?? [:]
        #expect(seen["evil_host"] as? Int == 403 && seen["evil_origin"] as? Int == 403, "\(seen) \(result.stderrText)")
        #expect(seen["admitted"] as? Int == 303 && seen["reused_token"] as? Int == 403, "\(seen)")
        #expect(seen["guessed_cookie"] as? Int == 403 && seen["page"] as? Int == 200, "\(seen)")
        #expect(seen["cache_control"] as? String == "no-store")
        #expect((seen["csp"] as? String)?.contains("default-src 'none'") == true)
        let range = seen["range"] as? [Any] ?? []
        #expect(range.count == 4 && range[0] as? Int == 206 && range[2] as? String == "RIFF" && range[3] as? Int == 100)
        let played = try session.cli.run(["play", "--bundle", tar] + reader, stdin: [])
        #expect(played.status == 0, "\(played.stderrText)")
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: served)) == Data(played.stdout), "the room serves what play plays"
        )
    }

    /// Regular files under `root` (not following links), changed since `time`, holding any of `needles`.
    static func files(under root: String, changedSince time: Date, containingAnyOf needles: [[UInt8]]) throws
        -> [String]
    {
        let since = Int(time.timeIntervalSince1970) - 1
        var found: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        while let relative = walker.nextObject() as? String {
            let path = root + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 512 << 20,
                info.st_mtim.tv_sec >= since || info.st_ctim.tv_sec >= since,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            let bytes = [UInt8](data)
            if needles.contains(where: { bytes.firstRange(of: $0) != nil }) { found.append(path) }
        }
        return found
    }
}
