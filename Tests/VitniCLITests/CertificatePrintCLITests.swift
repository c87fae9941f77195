import Foundation
import Testing
import VitniTestSupport

/// The certificate as a court receives it: printed to PDF by a real browser (Debian's headless
/// Chromium), read back with pdftotext. Every page carries "page N of M", the exhibit and the
/// verdict; a full fingerprint fits on one line; hostile text prints as text.
@Suite struct CertificatePrintCLITests {
    let session: SealedSession
    let scratch: TemporaryDirectory
    var cli: CLI { session.cli }

    init() throws {
        session = try StockVerificationCLITests.shared.get()
        scratch = try TemporaryDirectory()
    }

    /// Writes the certificate of `bundle` and prints it to `name`.pdf; returns the PDF's pages as text.
    func printCertificate(_ bundle: String, _ options: [String], name: String) throws -> (pdf: String, pages: [String])
    {
        let html = scratch.file(name + ".html")
        let verified = try cli.run(["verify", bundle, "--certificate", html] + options)
        try #require([0, 1, 2].contains(verified.status), "\(verified.stderrText)")
        let pdf = scratch.file(name + ".pdf")
        let printed = try runProcess(
            try Peer.path("chromium"),
            Self.headless(profile: scratch.file(name + "-profile")) + [
                "--no-pdf-header-footer", "--print-to-pdf=" + pdf, URL(fileURLWithPath: html).absoluteString,
            ])
        try #require(printed.status == 0 && FileManager.default.fileExists(atPath: pdf), "\(printed.stderrText)")
        let text = try runProcess(try Peer.path("pdftotext"), ["-layout", pdf, "-"])
        try #require(text.status == 0, "\(text.stderrText)")
        let pages = text.stdoutText.components(separatedBy: "\u{0C}").filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        return (pdf, pages)
    }

    /// Chromium without a desktop: no sandbox (root in CI), no GPU, a profile of its own.
    static func headless(profile: String) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile]
    }

    @Test func everyPrintedPageIsNumberedAndNamesTheExhibitAndTheVerdict() throws {
        let (pdf, pages) = try printCertificate(
            session.bundle, ["-i", session.signingKey("anna", age: true), "--as", "rita"], name: "valid")
        try #require(pages.count >= 2, "a certificate of \(pages.count) page proves nothing about every page")
        for (index, page) in pages.enumerated() {
            #expect(page.contains("page \(index + 1) of \(pages.count)"), "page \(index + 1):\n\(page)")
            #expect(page.contains("Result: VALID"), "page \(index + 1)")
            #expect(page.contains("Exhibit \(SealedSession.sessionID)"), "page \(index + 1)")
        }
        let all = pages.joined()
        #expect(all.contains("The bundle is intact"))
        #expect(all.contains("Signature"))
        let manifest = try String(contentsOfFile: session.bundle + "/manifest-sha256.txt", encoding: .utf8)
        for line in manifest.split(separator: "\n") {
            #expect(
                all.contains(String(line.prefix(64))),
                "the fingerprint of \(line.dropFirst(66)) prints whole on one line")
        }
        let info = try runProcess(try Peer.path("pdfinfo"), [pdf])
        #expect(
            info.stdoutText.contains("Pages:") && info.stdoutText.contains(" \(pages.count)\n"), "\(info.stdoutText)")
        #expect(info.stdoutText.contains("(A4)"), "A4: \(info.stdoutText)")

        // What a person looks at: the first printed page as a picture, and the page on screen.
        let picture = scratch.file("page-1")
        let rendered = try runProcess(
            try Peer.path("pdftoppm"), ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, picture])
        #expect(rendered.status == 0, "\(rendered.stderrText)")
        #expect(try Self.isPNG(picture + ".png", atLeast: 20_000))
        let screenshot = scratch.file("screen.png")
        let shot = try runProcess(
            try Peer.path("chromium"),
            Self.headless(profile: scratch.file("screen-profile")) + [
                "--screenshot=" + screenshot, "--window-size=900,1400",
                URL(fileURLWithPath: scratch.file("valid.html")).absoluteString,
            ])
        #expect(shot.status == 0, "\(shot.stderrText)")
        #expect(try Self.isPNG(screenshot, atLeast: 20_000))
    }

    @Test func anInvalidBundlesCertificatePrintsItsVerdictOnEveryPage() throws {
        let bundle = try session.copyOfBundle("altered", in: scratch)
        try StockVerificationCLITests.flipByte(in: bundle + "/data/checklist.json.age", at: 200)
        let (_, pages) = try printCertificate(bundle, [], name: "invalid")
        #expect(!pages.isEmpty)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("Result: INVALID") && page.contains("page \(index + 1) of \(pages.count)"))
        }
        #expect(pages[0].contains("The bundle is NOT intact"))
    }

    @Test func hostileValuesPrintAsText() throws {
        let bundle = try CertificateCLITests.hostileCopy(of: session, in: scratch)
        let (_, pages) = try printCertificate(bundle, ["--as", "anna"], name: "hostile")
        let all = pages.joined()
        #expect(all.contains("<script>alert(\"org\")</script>"), "the organisation is shown, not run")
        #expect(all.contains("</style><script>alert('note')</script>"), "the note too")
        #expect(pages.allSatisfy { $0.contains("Result: VALID") }, "a hostile value does not disturb the margins")
    }

    static func isPNG(_ path: String, atLeast size: Int) throws -> Bool {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        return bytes.count >= size && bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])
    }
}
