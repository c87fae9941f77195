import Foundation
import Testing
import VitniAudio
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// `vitni record --observe` and `vitni invite`: the observation room across two hosts (network
/// namespaces joined by a veth pair), a headless Chromium observer that pins the room's public
/// key, live audio that arrives byte for byte, a question that reaches the interviewer's queue
/// and the sealed notes under the observer's name; and every way in that must fail.
@Suite(.serialized) struct ObservationRoomCLITests {
    static let sessionID = "CASE-41_S01"
    static let rate = 16_000
    static let cookieName = "vitni-observe"

    /// A recording session with an interviewer (anna) and an observer (per).
    struct Session {
        let cli: CLI
        let ws: [String]
        let pcm: [UInt8]
        let input: String

        init(seconds: Int, sessions: Int = 1) throws {
            cli = try CLI()
            try cli.signingPerson("anna", .interviewer)
            try cli.signingPerson("per", .observer)
            ws = ["--workspace", cli.work.file("ws")]
            try SealedSession.succeed(try cli.run(["init", cli.work.file("ws")]), "init")
            for _ in 0..<sessions {
                try SealedSession.succeed(
                    try cli.run(
                        [
                            "session", "start", "--case", "CASE-41", "--protocol", "nichd-revised", "--interviewer",
                            "anna", "--observer", "per",
                        ] + ws), "session start")
            }
            // Noise no other stretch of the recording repeats, so a match places the bytes exactly.
            pcm = testBytes(count: ObservationRoomCLITests.rate * 2 * seconds, seed: UInt64.random(in: 1...UInt64.max))
            let format = AudioFormat(sampleRate: ObservationRoomCLITests.rate, channels: 1, encoding: .int16)
            input = cli.work.file("input.wav")
            try Data(try WAVStreamHeader.bytes(format: format, frames: Int64(pcm.count / 2)) + pcm).write(
                to: URL(fileURLWithPath: input))
        }

        /// The room's public key as its descriptor gives it (what each invitation's link pins).
        func pin(_ session: String = ObservationRoomCLITests.sessionID) throws -> String {
            let data = try Data(contentsOf: URL(fileURLWithPath: cli.work.file("ws/rooms/\(session).json")))
            let room = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return room?["public_key_sha256"] as? String ?? ""
        }

        /// `vitni invite`: the invitation's id and link.
        func invite(_ session: String = ObservationRoomCLITests.sessionID, host: String? = nil) throws -> (
            id: String, link: String
        ) {
            let result = try cli.run(
                ["invite", "--as", "anna", "--session", session, "--no-qr", "per"]
                    + (host.map { ["--host", $0] } ?? [])
                    + ws)
            try SealedSession.succeed(result, "invite")
            let lines = result.stdoutText.split(separator: "\n").map(String.init)
            let id = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            return (id, lines.first { $0.hasPrefix("https://") } ?? "")
        }
    }

    /// A recorder serving the room, in a network namespace or not; its standard error collected.
    final class RecorderProcess: @unchecked Sendable {
        // Sendable: `text` is guarded by `lock`; the process is driven by the test's thread.
        let process = Process()
        private let lock = NSLock()
        private var text = ""

        init(_ session: Session, id: String = ObservationRoomCLITests.sessionID, listen: String, namespace: String?)
            throws
        {
            let record =
                [
                    Repository.vitniBinary, "record", "--as", "anna", "--session", id, "--input", session.input,
                    "--realtime", "--quiet", "--observe", "--listen", listen,
                ] + session.ws
            process.executableURL = URL(fileURLWithPath: namespace == nil ? record[0] : "/usr/sbin/ip")
            process.arguments = namespace.map { ["netns", "exec", $0] + record } ?? Array(record.dropFirst())
            process.environment = ProcessInfo.processInfo.environment.merging(["VITNI_HOME": session.cli.home.path]) {
                $1
            }
            process.currentDirectoryURL = URL(fileURLWithPath: session.cli.work.path)
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        var output: String { lock.withLock { text } }

        /// The first line that starts with `prefix`, waiting up to `seconds` for it.
        func line(startingWith prefix: String, seconds: Double = 30) throws -> String {
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                if let line = output.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) {
                    return String(line)
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            throw TestSupportError("the recorder printed no '\(prefix)' line: \(output)")
        }

        func waitForExit(seconds: Double) -> Bool {
            let end = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < end { Thread.sleep(forTimeInterval: 0.1) }
            return !process.isRunning
        }

        func interrupt() {
            if process.isRunning { kill(process.processIdentifier, SIGINT) }
            _ = waitForExit(seconds: 20)
        }
    }

    /// Two hosts on one machine: network namespaces joined by a veth pair, 10.77.N.1 and .2.
    struct TwoHosts {
        let recorder: String
        let observer: String
        let recorderAddress: String
        /// The recorder's end of the veth pair: set down, it cuts the network between the hosts.
        let recorderLink: String

        init() throws {
            let tag = String(getpid() % 10_000)
            recorder = "vitni-rec-\(tag)"
            observer = "vitni-obs-\(tag)"
            let net = "10.77.\(getpid() % 250)"
            recorderAddress = net + ".1"
            recorderLink = "vr\(tag)"
            let ip = "/usr/sbin/ip"
            let steps = [
                ["netns", "add", recorder], ["netns", "add", observer],
                ["link", "add", "vr\(tag)", "type", "veth", "peer", "name", "vo\(tag)"],
                ["link", "set", "vr\(tag)", "netns", recorder], ["link", "set", "vo\(tag)", "netns", observer],
                ["-n", recorder, "addr", "add", recorderAddress + "/24", "dev", "vr\(tag)"],
                ["-n", observer, "addr", "add", net + ".2/24", "dev", "vo\(tag)"],
                ["-n", recorder, "link", "set", "vr\(tag)", "up"], ["-n", observer, "link", "set", "vo\(tag)", "up"],
                ["-n", recorder, "link", "set", "lo", "up"], ["-n", observer, "link", "set", "lo", "up"],
            ]
            for step in steps {
                let result = try runProcess(ip, step)
                guard result.status == 0 else {
                    close()
                    throw TestSupportError(
                        "could not build the two test hosts (`ip \(step.joined(separator: " "))`, run as root): "
                            + result.stderrText)
                }
            }
        }

        func close() {
            for namespace in [recorder, observer] { _ = try? runProcess("/usr/sbin/ip", ["netns", "del", namespace]) }
        }

        func run(in namespace: String, _ arguments: [String]) throws -> ProcessResult {
            try runProcess("/usr/sbin/ip", ["netns", "exec", namespace] + arguments)
        }
    }

    static func json(_ result: ProcessResult) throws -> [String: Any] {
        guard result.status == 0,
            let seen = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        else { throw TestSupportError("the driver failed: \(result.stderrText)") }
        return seen
    }

    static let http = Repository.root + "/Tests/Browser/observe_http.py"

    @Test func anObserverOnAnotherHostListensAndAsksAQuestion() throws {
        _ = try Peer.path("chromedriver")
        // Longer than a loaded machine needs to start a browser: the recording is stopped below.
        let session = try Session(seconds: 180)
        let hosts = try TwoHosts()
        defer { hosts.close() }
        let recorder = try RecorderProcess(session, listen: hosts.recorderAddress + ":8443", namespace: hosts.recorder)
        defer { recorder.interrupt() }
        let own = try recorder.line(startingWith: "your own page (once): ").split(separator: " ").last.map(String.init)
        let (_, link) = try session.invite(host: hosts.recorderAddress)
        let pin = try session.pin()
        #expect(link.hasPrefix("https://\(hosts.recorderAddress):8443/join?invite=") && link.contains("&fp="))

        let question = "Ask who drove the car " + Hex.encode(SecureRandom.bytes(count: 4))
        let seen = try Self.json(
            try hosts.run(
                in: hosts.observer,
                [
                    "/usr/bin/python3", Repository.root + "/Tests/Browser/observe_room.py", link, pin,
                    session.cli.work.file("observer-profile"), question,
                ]))
        let shown = seen.filter { $0.key != "bytes" }
        #expect((seen["without_invitation"] as? String)?.contains("403") == true, "\(shown)")
        #expect((seen["title"] as? String)?.hasPrefix("Observation room") == true)
        #expect((seen["url_after_admission"] as? String)?.contains("invite=") == false, "the token leaves the address")
        // The audio heard is the audio recorded, byte for byte, from the frame it started at.
        let heard = (seen["bytes"] as? [Int] ?? []).map { UInt8(truncatingIfNeeded: $0) }
        let first = seen["first_frame"] as? Int ?? -1
        #expect(heard.count >= 96_000 && first >= 0, "3 s of live audio: \(heard.count) bytes from frame \(first)")
        if first >= 0, heard.count > 0, first * 2 + heard.count <= session.pcm.count {
            #expect(Array(session.pcm[(first * 2)..<(first * 2 + heard.count)]) == heard, "the samples differ")
        }
        #expect(seen["posted"] as? String == "posted", "\(shown)")
        #expect((seen["queue"] as? [String])?.first?.contains(question) == true, "\(shown)")
        #expect((seen["console_errors"] as? [String]) == [], "\(shown)")
        // The interviewer's terminal shows the question; their page answers it.
        #expect(try recorder.line(startingWith: "question 1 from per to relay: ").contains(question))
        let interviewer = try Self.json(
            try hosts.run(in: hosts.recorder, ["/usr/bin/python3", Self.http, own ?? "", pin, "join", own ?? ""]))
        let cookie = interviewer["cookie"] as? String ?? ""
        let answered = try Self.json(
            try hosts.run(
                in: hosts.recorder, ["/usr/bin/python3", Self.http, own ?? "", pin, "answer", cookie, "1", "asked"]))
        #expect(answered["status"] as? Int == 204, "\(answered)")

        // Stopped as the interviewer stops it (Ctrl-C).
        kill(recorder.process.processIdentifier, SIGINT)
        #expect(recorder.waitForExit(seconds: 60), "the recording stops")
        #expect(recorder.process.terminationStatus == 0, "\(recorder.output)")
        #expect(!session.cli.exists("ws/rooms/\(Self.sessionID).json"), "the closed room is no longer findable")
        let notes = try session.cli.run(
            ["notes", "--session", Self.sessionID, "-i", session.cli.work.file("anna.key"), "--json"] + session.ws)
        let lines = notes.stdoutText.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let asked = lines.first { $0["text"] as? String == question }
        #expect(
            asked?["author_name"] as? String == "per" && asked?["kind"] as? String == "question-to-relay", "\(lines)")
        let offset = asked?["offset_ms"] as? Int ?? -1
        // Asked after the audio it heard began, and before the recording ended.
        #expect(
            offset >= first * 1000 / Self.rate && offset <= 180_000, "offset \(offset) ms, heard from frame \(first)")
        let answer = lines.first { $0["text"] as? String == "asked: " + question }
        #expect(answer?["author_name"] as? String == "anna", "the interviewer's answer is a note of theirs: \(lines)")
    }

    /// HTTPS to a room on this host, pinning its key (Tests/Browser/observe_http.py).
    static func http(_ address: String, _ pin: String, _ arguments: String...) throws -> [String: Any] {
        try json(try runProcess("/usr/bin/python3", [Self.http, address, pin] + arguments))
    }

    @Test func everyWayInWithoutAStandingInvitationIsRefused() throws {
        let session = try Session(seconds: 40, sessions: 2)
        let other = "CASE-41_S02"
        let first = try RecorderProcess(session, listen: "127.0.0.1", namespace: nil)
        defer { first.interrupt() }
        let second = try RecorderProcess(session, id: other, listen: "127.0.0.1", namespace: nil)
        defer { second.interrupt() }
        _ = try first.line(startingWith: "observation room open")
        _ = try second.line(startingWith: "observation room open")
        let pin = try session.pin()
        let address = try session.invite().link.components(separatedBy: "/join")[0]

        let invitation = try session.invite()
        let joined = try Self.http(address, pin, "join", invitation.link)
        #expect(joined["status"] as? Int == 303, "\(joined)")
        let cookie = joined["cookie"] as? String ?? ""
        #expect(try Self.http(address, pin, "state", cookie)["status"] as? Int == 200)
        #expect(try Self.http(address, pin, "join", invitation.link)["status"] as? Int == 403, "a used link")
        let elsewhere = try session.invite(other)
        #expect(try Self.http(address, pin, "join", elsewhere.link)["status"] as? Int == 403, "another session's")
        let withdrawn = try session.invite()
        try SealedSession.succeed(
            try session.cli.run(
                ["invite", "--as", "anna", "--session", Self.sessionID, "--withdraw", withdrawn.id] + session.ws),
            "withdraw")
        #expect(try Self.http(address, pin, "join", withdrawn.link)["status"] as? Int == 403, "a withdrawn link")
        // Withdrawn after joining: its holder is let go at the next request.
        try SealedSession.succeed(
            try session.cli.run(
                ["invite", "--as", "anna", "--session", Self.sessionID, "--withdraw", invitation.id] + session.ws),
            "withdraw")
        #expect(try Self.http(address, pin, "state", cookie)["status"] as? Int == 403, "a withdrawn guest")
        let guessed = "\(ObservationRoomCLITests.cookieName)=" + String(repeating: "0", count: 64)
        #expect(try Self.http(address, pin, "state", guessed)["status"] as? Int == 403, "no invitation")
        let fresh = try Self.http(address, pin, "join", try session.invite().link)["cookie"] as? String ?? ""
        let port = address.components(separatedBy: ":").last ?? ""
        #expect(
            try Self.http(address, pin, "host", fresh, "evil.example:\(port)")["status"] as? Int == 403, "rebinding")
        #expect(
            try Self.http(address, pin, "answer", fresh, "1", "asked")["status"] as? Int == 403, "not the interviewer")
        #expect(try Self.http(address, pin, "plain")["http_reply"] as? Bool == false, "plain HTTP gets no page")
        let drawn = try session.cli.run(["invite", "--as", "anna", "--session", Self.sessionID, "per"] + session.ws)
        #expect(drawn.status == 0 && drawn.stdoutText.contains("█"), "the link as a QR code: \(drawn.stderrText)")
        let listed = try session.cli.run(
            ["invite", "--as", "anna", "--session", Self.sessionID, "--list"] + session.ws)
        #expect(listed.stdoutText.contains("withdrawn") && listed.stdoutText.contains("joined"), "\(listed.stdoutText)")
    }

    /// Twenty observers on the other host while recording in real time; the link between the
    /// hosts is cut halfway. The recording is whole, byte for byte, and every observer heard audio.
    @Test func twentyObserversAndACutNetworkLoseNothing() throws {
        let session = try Session(seconds: 16)
        let hosts = try TwoHosts()
        defer { hosts.close() }
        let recorder = try RecorderProcess(session, listen: hosts.recorderAddress + ":8443", namespace: hosts.recorder)
        defer { recorder.interrupt() }
        _ = try recorder.line(startingWith: "observation room open")
        let pin = try session.pin()
        let links = try (0..<20).map { _ in try session.invite(host: hosts.recorderAddress).link }
        let address = links[0].components(separatedBy: "/join")[0]
        let load = Process()
        load.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        load.arguments =
            ["netns", "exec", hosts.observer, "/usr/bin/python3", Repository.root + "/Tests/Browser/observe_load.py"]
            + [address, pin, "12"] + links
        let output = Pipe()
        load.standardOutput = output
        try load.run()
        Thread.sleep(forTimeInterval: 6)
        let cut = try hosts.run(in: hosts.recorder, ["/usr/sbin/ip", "link", "set", hosts.recorderLink, "down"])
        #expect(cut.status == 0, "\(cut.stderrText)")
        #expect(recorder.waitForExit(seconds: 40), "the recording ends with its input")
        #expect(recorder.process.terminationStatus == 0, "\(recorder.output)")
        load.waitUntilExit()
        let heard =
            try JSONSerialization.jsonObject(with: output.fileHandleForReading.readDataToEndOfFile())
            as? [[String: Any]] ?? []
        #expect(heard.count == 20 && heard.allSatisfy { $0["admitted"] as? Bool == true }, "\(heard)")
        // Each heard at least two seconds of audio before the link was cut.
        #expect(heard.allSatisfy { ($0["heard"] as? Int ?? 0) >= Self.rate * 2 * 2 }, "\(heard)")
        let played = try session.cli.run(
            ["play", "--session", Self.sessionID, "-i", session.cli.work.file("anna.key")] + session.ws, stdin: [])
        #expect(played.status == 0, "\(played.stderrText)")
        #expect(Array(played.stdout.dropFirst(44)) == session.pcm, "the recording is whole, byte for byte")
    }
}
