import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// The tar form as a court or a records office gets it: `vitni seal --tar` writes the archive as
/// the bundle; `verify`, `open`, `play` and custody read and change it in place; an archive made
/// again from the directory with GNU tar, Python's tarfile or bsdtar verifies; and an archive built to
/// turn extraction against its reader is refused, exit 1, naming the rule — except what is no
/// archive at all (or a compressed one), which could not be checked, exit 2.
@Suite struct TarBundleCLITests {
    /// One session sealed with `--tar`, shared by the tests; every test changes its own copy.
    static let shared: Result<SealedSession, StockVerificationCLITests.SetupFailure> = {
        do { return .success(try SealedSession(tar: true)) } catch {
            return .failure(StockVerificationCLITests.SetupFailure(description: "\(error)"))
        }
    }()

    let session: SealedSession
    let scratch: TemporaryDirectory
    var cli: CLI { session.cli }
    var root: String { SealedSession.sessionID }

    init() throws {
        session = try Self.shared.get()
        scratch = try TemporaryDirectory()
    }

    func verify(_ bundle: String, _ more: [String] = []) throws -> ProcessResult {
        try cli.run(["verify", bundle] + more)
    }

    @Test func sealTarWritesTheArchiveAsTheOnlyBundle() throws {
        let directory = URL(fileURLWithPath: session.bundle).deletingLastPathComponent().path
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory) == [root + ".tar"], "no directory beside")
        let verified = try verify(session.bundle, ["--expect-head", session.sealHead])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        #expect(verified.stdoutText.contains("[ok  ] bag.archive"), "\(verified.stdoutText)")

        let extracted = scratch.file("extracted")
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: false)
        let untar = try runProcess("/bin/tar", ["-xf", session.bundle, "-C", extracted])
        try #require(untar.status == 0, "\(untar.stderrText)")
        let bag = extracted + "/" + root
        #expect(try verify(bag, ["--expect-head", session.sealHead]).status == 0, "extracted, the same bundle")
        let bagit = try runProcess(Repository.root + "/.venv/bin/bagit.py", ["--validate", bag])
        #expect(bagit.status == 0, "bagit.py accepts what it holds: \(bagit.stderrText)")
    }

    /// The archivers a clerk may have re-made the archive with, each as `(name, arguments)`.
    static let archivers: [(String, [String])] = [
        ("GNU tar", ["/bin/tar", "-cf", "{out}", "-C", "{parent}", "{name}"]),
        ("GNU tar, pax format", ["/bin/tar", "--format=posix", "-cf", "{out}", "-C", "{parent}", "{name}"]),
        ("GNU tar, ./ names", ["/bin/tar", "-cf", "{out}", "-C", "{parent}", "./{name}"]),
        ("GNU tar, long names", ["/bin/tar", "-cf", "{out}", "-C", "{parent}", "{long}"]),
        ("GNU tar, pax long names", ["/bin/tar", "--format=pax", "-cf", "{out}", "-C", "{parent}", "{long}"]),
        ("Python tarfile (pax)", ["/usr/bin/python3", "-c", python("PAX_FORMAT"), "{out}", "{parent}", "{name}"]),
        (
            "Python tarfile (pax), long names",
            ["/usr/bin/python3", "-c", python("PAX_FORMAT"), "{out}", "{parent}", "{long}"]
        ),
        (
            "Python tarfile (GNU), long names",
            ["/usr/bin/python3", "-c", python("GNU_FORMAT"), "{out}", "{parent}", "{long}"]
        ),
        ("Python tarfile (ustar)", ["/usr/bin/python3", "-c", python("USTAR_FORMAT"), "{out}", "{parent}", "{name}"]),
        ("bsdtar", ["bsdtar", "-cf", "{out}", "-C", "{parent}", "{name}"]),
        ("bsdtar, long names", ["bsdtar", "-cf", "{out}", "-C", "{parent}", "{long}"]),
        ("bsdtar, pax format", ["bsdtar", "--format=pax", "-cf", "{out}", "-C", "{parent}", "{long}"]),
        ("bsdtar, GNU format", ["bsdtar", "--format=gnutar", "-cf", "{out}", "-C", "{parent}", "{long}"]),
    ]

    static func python(_ format: String) -> String {
        """
        import sys, tarfile
        out, parent, name = sys.argv[1:]
        with tarfile.open(out, "w", format=tarfile.\(format)) as archive:
            archive.add(parent + "/" + name, arcname=name)
        """
    }

    /// A bundle directory archived again by a stock tool verifies in place, at the same head —
    /// with the bag's directory under a name past ustar's 100 bytes, too (GNU `L`, pax `path`).
    @Test(arguments: archivers.indices) func anArchiveMadeByAStockToolVerifies(archiver index: Int) throws {
        let (name, template) = Self.archivers[index]
        let directory = try StockVerificationCLITests.shared.get()
        let parent = scratch.file("source")
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: false)
        let long = root + "_" + String(repeating: "x", count: 110)
        try FileManager.default.copyItem(atPath: directory.bundle, toPath: parent + "/" + root)
        try FileManager.default.copyItem(atPath: directory.bundle, toPath: parent + "/" + long)
        let out = scratch.file("remade.tar")
        let arguments = template.dropFirst().map {
            $0.replacingOccurrences(of: "{out}", with: out).replacingOccurrences(of: "{parent}", with: parent)
                .replacingOccurrences(of: "{name}", with: root).replacingOccurrences(of: "{long}", with: long)
        }
        let tool = template[0].hasPrefix("/") ? template[0] : try Peer.path(template[0])
        let made = try runProcess(tool, arguments)
        try #require(made.status == 0, "\(name): \(made.stderrText)")
        let result = try directory.cli.run(["verify", out, "--expect-head", directory.sealHead])
        #expect(result.status == 0, "\(name): \(result.stdoutText)")
        #expect(result.stdoutText.hasPrefix("VALID: "), "\(name)")
        let opened = try directory.cli.run([
            "open", "--part", "notes", out, "-i", directory.signingKey("anna", age: true),
        ])
        #expect(
            opened.status == 0 && opened.stdoutText.contains("rapport phase started"), "\(name): \(opened.stderrText)")
    }

    @Test func openPlayAndTheCustodyLogReadTheArchive() throws {
        let key = ["-i", session.signingKey("anna", age: true)]
        let opened = try cli.run(["open", session.bundle] + key)
        #expect(opened.status == 0, "\(opened.stderrText)")
        for part in ["== session", "== custody", "== checklist", "== notes", "rapport phase started", "short break"] {
            #expect(opened.stdoutText.contains(part), "\(part): \(opened.stdoutText)")
        }
        let list = try cli.run(["play", "--bundle", session.bundle, "--list"] + key)
        #expect(list.status == 0, "\(list.stderrText)")
        #expect(list.stdoutText.hasPrefix("1: 00:02.000 from "), "\(list.stdoutText)")
        let played = try cli.run(["play", "--bundle", session.bundle] + key)
        #expect(played.status == 0, "\(played.stderrText)")
        #expect(played.stdout.count == 44 + 2 * 16_000 * 2, "two seconds of 16 kHz mono WAV")
        let log = try cli.run(["custody", "log", session.bundle])
        #expect(log.status == 0 && log.stdoutText.contains("sealed by anna (interviewer)"), "\(log.stdoutText)")
        let notes = try cli.run(["notes", "--bundle", session.bundle] + key)
        #expect(notes.status == 0 && notes.stdoutText.contains("short break"), "\(notes.stderrText)")
    }

    /// A transfer rewrites the archive: it verifies at the new head, stock tar still reads it, and
    /// nothing is left beside it; the next transfer goes on from there.
    @Test func aTransferRewritesTheArchiveInPlace() throws {
        let bundle = try session.copyOfBundle("transfer", in: scratch)
        let transfer = try cli.run([
            "custody", "transfer", bundle, "--to", "rita", "--key", session.signingKey("anna"), "--note",
            "to the office",
        ])
        try #require(transfer.status == 0, "\(transfer.stderrText)")
        let head = try #require(StockVerificationCLITests.head(inReceipt: transfer.stdoutText))
        #expect(try verify(bundle, ["--expect-head", head]).status == 0)
        #expect(try cli.custodyActions(bundle) == ["sealed", "transferred"])
        let parent = URL(fileURLWithPath: bundle).deletingLastPathComponent().path
        #expect(try leftovers(in: parent, besides: [session.bundleName]) == [])
        let extracted = scratch.file("extracted")
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: false)
        #expect(try runProcess("/bin/tar", ["-xf", bundle, "-C", extracted]).status == 0)
        #expect(try verify(extracted + "/" + root, ["--expect-head", head]).status == 0)

        let back = try cli.run(["custody", "transfer", bundle, "--to", "anna", "--key", session.signingKey("rita")])
        #expect(back.status == 0, "\(back.stderrText)")
        #expect(try cli.custodyActions(bundle) == ["sealed", "transferred", "transferred"])
    }

    /// The advocate's copy is exported from an archive (the copy is a directory) and the archive
    /// records the export; its transcript and quality report read from the archive.
    @Test func anAdvocatesCopyIsExportedFromAnArchive() throws {
        let redacted = try RedactedSession.shared.get()
        let parent = scratch.file("export")
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: false)
        let id = RedactedSession.sessionID
        let archive = parent + "/" + id + ".tar"
        let source = URL(fileURLWithPath: redacted.original).deletingLastPathComponent().path
        let made = try runProcess("/bin/tar", ["-cf", archive, "-C", source, id])
        try #require(made.status == 0, "\(made.stderrText)")
        let key = ["-i", redacted.cli.work.file("anna.key")]
        let transcript = try redacted.cli.run(["transcript", "export", "--bundle", archive] + key)
        #expect(transcript.status == 0 && transcript.stdoutText.hasPrefix("WEBVTT"), "\(transcript.stderrText)")
        let quality = try redacted.cli.run(["quality", "--bundle", archive] + key)
        #expect(quality.status == 0, "\(quality.stderrText)")

        let exported = try redacted.cli.run(redacted.export(archive))
        try #require(exported.status == 0, "\(exported.stderrText)")
        #expect(try redacted.cli.custodyActions(archive) == ["sealed", "exported"], "the archive records it")
        let copy = parent + "/" + id + "_REDACTED"
        let verified = try redacted.cli.run([
            "verify", copy, "--original", archive, "--identity", redacted.cli.work.file("frida.key"),
        ])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        #expect(verified.stdoutText.contains("[ok  ] derived.link"), "\(verified.stdoutText)")
        #expect(try leftovers(in: parent, besides: [id + ".tar", id + "_REDACTED"]) == [])
    }

    // MARK: - Hostile archives

    /// Each way an archive can be built against its reader, made from the sealed archive. All are
    /// INVALID (exit 1): an archive that breaks these rules is not what Vitni or a stock archiver
    /// makes of a bundle, so it is not the bundle as sealed.
    enum Hostility: String, CaseIterable, CustomTestStringConvertible {
        case symlink, hardLink, device, fifo, sparse, unknownType, absolutePath, dotDot, laterBagitTxt
        case secondTopDirectory, cutShort, badHeaderChecksum, trailingData, hiddenPadding, giganticHeaderCount

        var testDescription: String { rawValue }

        /// What the refusal must say.
        var words: String {
            switch self {
            case .symlink: "is a symbolic link"
            case .hardLink: "is a hard link"
            case .device: "is a device"
            case .fifo: "is a FIFO"
            case .sparse: "is a sparse file"
            case .unknownType: "entry type Vitni does not read"
            case .absolutePath: "absolute path"
            case .dotDot: "'..'"
            case .laterBagitTxt: "appears twice"
            case .secondTopDirectory: "exactly one top directory"
            case .cutShort: "runs past the end"
            case .badHeaderChecksum: "checksum"
            case .trailingData: "follows the end-of-archive blocks"
            case .hiddenPadding: "padding"
            case .giganticHeaderCount: "more than 100000 entries"
            }
        }

        /// The sealed archive `bytes` (whose top directory is `root`), made hostile.
        func make(_ bytes: [UInt8], root: String) throws -> [UInt8] {
            func slip(_ path: String, type: Character = "0", data: [UInt8] = [], link: String? = nil) throws -> [UInt8]
            {
                try TarSurgery.inserting(TarSurgery.entry(path, type: type, data: data, link: link), into: bytes)
            }
            var bytes = bytes
            switch self {
            case .symlink: return try slip("\(root)/data/x.age", type: "2", link: "/etc/passwd")
            case .hardLink: return try slip("\(root)/data/x.age", type: "1", link: "\(root)/bagit.txt")
            case .device: return try slip("\(root)/data/x.age", type: "3")
            case .fifo: return try slip("\(root)/data/x.age", type: "6")
            case .sparse: return try slip("\(root)/data/x.age", type: "S")
            case .unknownType: return try slip("\(root)/x", type: "Z")
            case .absolutePath: return try slip("/tmp/vitni-evil", data: [1])
            case .dotDot: return try slip("\(root)/../evil", data: [1])
            case .laterBagitTxt: return try slip("\(root)/bagit.txt", data: Array("BagIt-Version: 0.97\n".utf8))
            case .secondTopDirectory: return try slip("OTHER/bagit.txt", data: [1])
            case .cutShort:
                let audio = try TarSurgery.member("data/audio/1.flac.age", of: bytes)
                return Array(bytes.prefix(Int(audio.dataOffset) + 100))
            case .badHeaderChecksum:
                bytes[Int(try TarSurgery.member("bagit.txt", of: bytes).dataOffset) - 512 + 5] ^= 0x01
            case .trailingData: bytes += Array("hidden after the end".utf8)
            case .hiddenPadding:
                let declaration = try TarSurgery.member("bagit.txt", of: bytes)
                bytes[Int(declaration.dataOffset + declaration.size)] = 0x41
            case .giganticHeaderCount:
                var entries: [UInt8] = []
                entries.reserveCapacity(100_001 * 512)
                for number in 0..<100_001 {
                    entries += Tar.Header.render(
                        path: "\(root)/d/\(number)", size: 0, directory: true, modificationTime: 0)!
                }
                return try TarSurgery.inserting(entries, into: bytes)
            }
            return bytes
        }
    }

    @Test(arguments: Hostility.allCases) func aHostileArchiveIsRefusedNamingTheRule(_ hostility: Hostility) throws {
        let name = hostility.rawValue
        let words = hostility.words
        let bundle = scratch.file("hostile.tar")
        try TarSurgery.write(bundle, try hostility.make(try TarSurgery.read(session.bundle), root: root))
        let result = try verify(bundle)
        #expect(result.status == 1, "\(name): \(result.stdoutText)\(result.stderrText)")
        #expect(
            result.stdoutText.hasPrefix("INVALID: \(bundle) (failed: bag.archive)"), "\(name): \(result.stdoutText)")
        #expect(result.stdoutText.contains(words), "\(name): \(result.stdoutText)")
        #expect(result.stdoutText.contains("next: the bundle is not as its signers left it"), "\(name)")
        #expect(result.stderr.isEmpty, "\(name): no crash, no noise: \(result.stderrText)")

        let read = try cli.run(["open", bundle, "-i", session.signingKey("anna", age: true)])
        #expect(read.status == 1 && read.stdout.isEmpty, "\(name): nothing is read from it")
        let transfer = try cli.run(["custody", "transfer", bundle, "--to", "rita", "--key", session.signingKey("anna")])
        #expect(transfer.status == 1, "\(name): nothing is added to it: \(transfer.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/vitni-evil"), "nothing was extracted anywhere")
    }

    /// What is no archive, or a compressed one, could not be checked (exit 2), with what to do.
    @Test func whatIsNotAPlainArchiveCouldNotBeChecked() throws {
        let compressed = scratch.file("bundle.tar.gz")
        let gzip = try runProcess("/bin/sh", ["-c", "gzip -c \"$1\" > \"$2\"", "sh", session.bundle, compressed])
        try #require(gzip.status == 0, "\(gzip.stderrText)")
        let zipped = try verify(compressed)
        #expect(zipped.status == 2, "\(zipped.stdoutText)")
        #expect(zipped.stdoutText.contains("is gzip-compressed") && zipped.stdoutText.contains("`gunzip -k FILE`"))

        let text = try scratch.write("notes.tar", "not an archive, just words\n")
        let words = try verify(text)
        #expect(words.status == 2, "\(words.stdoutText)")
        #expect(words.stdoutText.contains("is neither a bundle directory nor a tar archive"), "\(words.stdoutText)")

        let link = scratch.file("link.tar")
        #expect(symlink(session.bundle, link) == 0)
        let linked = try verify(link)
        #expect(linked.status == 2 && linked.stdoutText.contains("is a symbolic link"), "\(linked.stdoutText)")
    }

    /// Verifying an archive reads members through one bounded buffer: a 256 MiB member costs no
    /// more memory than a small one.
    @Test func verifyingALargeArchiveUsesBoundedMemory() throws {
        let small = try peakKiB(["verify", session.bundle])
        let bytes = try TarSurgery.read(session.bundle)
        let big = 256 << 20
        let entry = try #require(
            Tar.Header.render(path: "\(root)/data/big.age", size: UInt64(big), directory: false, modificationTime: 0))
        let end = Int(try TarSurgery.index(bytes).end)
        let large = try scratch.write("large.tar", Array(bytes[..<end]))
        let handle = try #require(FileHandle(forWritingAtPath: large))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(entry))
        let chunk = Data(testBytes(count: 1 << 20, seed: 7))
        for _ in 0..<(big >> 20) { try handle.write(contentsOf: chunk) }
        try handle.write(contentsOf: Data(count: 1024))
        try handle.close()
        let measured = try peakKiB(["verify", large])
        #expect(measured.result.status == 1, "a file nobody committed: \(measured.result.stdoutText)")
        #expect(measured.result.stdoutText.contains("data/big.age is not listed"), "every byte was read and judged")
        print("peak memory verifying: small archive \(small.peak) KiB, with a 256 MiB member \(measured.peak) KiB")
        #expect(small.peak > 0 && measured.peak > 0)
        #expect(measured.peak < small.peak + 16 * 1024, "memory does not grow with the member")
        #expect(measured.peak < 64 * 1024, "well under the 32 MiB budget plus the runtime")
    }

    func peakKiB(_ arguments: [String]) throws -> (result: ProcessResult, peak: Int) {
        let measurement = scratch.file("rss-\(UUID().uuidString)")
        let result = try runProcess(
            "/usr/bin/time", ["-f", "%M", "-o", measurement, Repository.vitniBinary] + arguments,
            environment: ["VITNI_HOME": cli.home.path], currentDirectory: cli.work.path)
        let text = (try? String(contentsOfFile: measurement, encoding: .utf8)) ?? ""
        let peak = text.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.last
        return (result, peak ?? -1)
    }
}
