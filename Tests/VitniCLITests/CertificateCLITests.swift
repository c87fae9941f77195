import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

@testable import VitniKit

/// `vitni verify --certificate`: the page a court clerk reads. The verdict comes first in one
/// plain sentence; the exhibit, the sealing, custody as sentences, every check, the files'
/// fingerprints and the commands that repeat each check follow. Decrypted facts appear only when
/// an identity could read them, and an invalid or unchecked bundle's claims never as facts.
@Suite struct CertificateCLITests {
    let session: SealedSession
    let scratch: TemporaryDirectory
    var cli: CLI { session.cli }

    init() throws {
        session = try StockVerificationCLITests.shared.get()
        scratch = try TemporaryDirectory()
    }

    /// Runs `vitni verify … --certificate` and reads the page it wrote.
    func certify(_ bundle: String, _ options: [String], name: String = "certificate.html") throws -> (
        result: ProcessResult, page: String
    ) {
        let path = scratch.file(name)
        let result = try cli.run(["verify", bundle, "--certificate", path] + options)
        let page = try String(contentsOfFile: path, encoding: .utf8)
        return (result, page)
    }

    /// The SHA-256 of a payload file's plaintext, by age and sha256sum (not by Vitni).
    func plaintextSHA256(_ file: String) throws -> String {
        let decrypted = try runProcess(
            try Peer.path("age"), ["-d", "-i", session.courtKey, session.bundle + "/" + file])
        try #require(decrypted.status == 0, "\(decrypted.stderrText)")
        return Hex.encode(Hashing.sha256(decrypted.stdout))
    }

    @Test func aValidBundlesCertificateSaysSoFirstAndStatesTheExhibitInPlainWords() throws {
        let (result, page) = try certify(
            session.bundle, ["-i", session.signingKey("anna", age: true), "--as", "rita", "--place", "Room 2, Malmö"])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.hasPrefix("VALID: "), "verify still prints its verdict")

        let verdict = try #require(page.range(of: "<p class=\"word\">VALID</p>"), "the verdict, in its box")
        let exhibit = try #require(page.range(of: "1. The exhibit"))
        #expect(verdict.upperBound < exhibit.lowerBound, "the verdict comes first")
        #expect(page.contains("The bundle is intact: every file is exactly as it was sealed"))
        #expect(page.contains("holds exactly the content recorded when it was sealed"), "-i opened every file")
        for fact in ["CASE-77", SealedSession.sessionID, "Room 2, Malmö", "Barnahus", "nichd-revised", "2.0 s"] {
            #expect(page.contains("<td>\(fact)") || page.contains(fact + "<"), "\(fact)")
        }
        #expect(
            page.range(
                of: #"Date of the interview</th><td>session opened \d{1,2} [A-Z][a-z]{2} \d{4} at \d\d:\d\d:\d\d UTC"#,
                options: .regularExpression) != nil)
        let audio = try plaintextSHA256("data/audio/1.flac.age")
        #expect(page.contains(audio), "the recording's content fingerprint, as age and sha256sum compute it")
        let sealed = try #require(
            try String(contentsOfFile: session.bundle + "/manifest-sha256.txt", encoding: .utf8)
                .split(separator: "\n").first { $0.hasSuffix("data/audio/1.flac.age") })
        #expect(page.contains(String(sealed.prefix(64))), "and of the encrypted file")

        let sentence =
            #"0\. On \d{1,2} [A-Z][a-z]{2} \d{4} at \d\d:\d\d:\d\d UTC, anna \(interviewer, key "#
            + session.annaKeyID + #"\) sealed the bundle\."#
        #expect(page.range(of: sentence, options: .regularExpression) != nil, "custody as a sentence")
        #expect(page.contains("by anna (interviewer, key \(session.annaKeyID)), with vitni \(VitniRelease.version)"))
        #expect(page.contains("signer&#39;s own computer clock"), "the time source is named")
        #expect(page.contains("rita (custodian, key <code>\(session.ritaKeyID)</code>)"), "the verifying person")
        #expect(page.contains(VitniRelease.description))
        for check in ["bag.payload-hashes", "seal.signature", "custody.chain", "age.plaintext"] {
            #expect(
                page.contains("<code class=\"small\">\(check)</code></td><td class=\"pass\">Passed</td>"), "\(check)")
        }
        #expect(page.contains("<tr><th>Signature</th><td></td></tr>"), "a line to sign")
        #expect(page.contains("sealed original, and its custody record shows no copy made from it"))

        // Self-contained: nothing fetched, nothing run.
        for forbidden in ["<script", "src=", "href=", "url(", "@import", "http://", "https://"] {
            #expect(!page.lowercased().contains(forbidden), "\(forbidden)")
        }
        var info = stat()
        #expect(stat(scratch.file("certificate.html"), &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    /// Every command block, typed into bash as printed (placeholders replaced by the files a
    /// third party would hold), succeeds and ends with exactly the lines the page expects.
    @Test func theStockToolCommandsRepeatEachCheckExactlyAsPrinted() throws {
        let (_, page) = try certify(session.bundle, ["-i", session.signingKey("anna", age: true)])
        let blocks = Self.commandBlocks(page)
        try #require(blocks.count >= 7, "\(blocks.count) command blocks")
        #expect(blocks.contains { $0.commands.contains("bagit.py --validate \(session.bundle)") })
        #expect(
            blocks.contains {
                $0.commands.contains(
                    "minisign -V -H -p SEALER.pub -m \(session.bundle)/tagmanifest-sha256.txt -x \(session.bundle)/tagmanifest-sha256.txt.minisig"
                )
            })
        #expect(
            blocks.contains {
                $0.commands.contains("age -d -i AGE-KEY \(session.bundle)/data/audio/1.flac.age | sha256sum")
            })
        for block in blocks {
            let typed = block.commands.replacingOccurrences(of: "SEALER.pub", with: session.annaPub)
                .replacingOccurrences(of: "AGE-KEY", with: session.courtKey)
            let run = try runProcess(
                "/bin/bash", ["-o", "pipefail", "-c", typed], environment: try StockVerificationCLITests.environment(),
                currentDirectory: Repository.root)
            #expect(run.status == 0, "\(typed)\n\(run.stdoutText)\(run.stderrText)")
            let printed = run.stdoutText.split(separator: "\n").map(String.init)
            #expect(Array(printed.suffix(block.output.count)) == block.output, "\(typed)\n\(run.stdoutText)")
            if typed.hasPrefix("minisign") {
                #expect(run.stdoutText.contains("Signature and comment signature verified"))
            }
        }
    }

    @Test func withoutAnIdentityTheDecryptedFactsAreAbsentAndTheCertificateSaysWhy() throws {
        let (result, page) = try certify(session.bundle, [])
        #expect(result.status == 0, "\(result.stdoutText)")
        #expect(page.contains("not available: the session&#39;s facts are encrypted, and no identity was given"))
        #expect(!page.contains(try plaintextSHA256("data/audio/1.flac.age")), "no content fingerprint unread")
        #expect(page.contains("<td>CASE-77</td>"), "the case comes from the signed sealed event")
        #expect(page.contains("anna (interviewer, key \(session.annaKeyID)) sealed the bundle"))
        #expect(page.contains("Its encrypted contents were not opened in this check"))
        #expect(page.contains("not given (no workspace identity"), "two identities and no --as: nobody is named")
        #expect(page.contains("age -d -i AGE-KEY \(session.bundle)/data/session.json.age | jq"), "how to read them")
    }

    @Test func anInvalidBundleGetsACertificateThatShowsWhatFailedAndStatesNoClaim() throws {
        let bundle = try session.copyOfBundle("altered", in: scratch)
        try StockVerificationCLITests.flipByte(in: bundle + "/data/notes.jsonl.age", at: 100)
        let (result, page) = try certify(bundle, ["-i", session.signingKey("anna", age: true), "--as", "anna"])
        #expect(result.status == 1, "\(result.stdoutText)")
        #expect(result.stdoutText.hasPrefix("INVALID: "))
        #expect(page.contains("<p class=\"word\">INVALID</p>") && page.contains("Result: INVALID"))
        #expect(page.contains("The bundle is NOT intact"))
        #expect(page.contains("<code class=\"small\">bag.payload-hashes</code></td><td class=\"fail\">FAILED</td>"))
        #expect(page.contains("data/notes.jsonl.age: SHA-256 differs from the manifest (altered)"))
        #expect(page.contains("Not stated: the bundle failed verification"))
        #expect(!page.contains("sealed the bundle"), "no custody sentence from an altered bundle")
        #expect(!page.contains("<td>CASE-77</td>"), "no case reference taken from it either")
        #expect(!page.contains("nichd-revised"), "nor facts decrypted from it")
    }

    @Test func anUnknownSignerCouldNotBeCheckedAndTheCertificateClaimsNothingItSigned() throws {
        let path = scratch.file("unknown.html")
        let result = try runProcess(
            Repository.vitniBinary, ["verify", session.bundle, "--certificate", path],
            environment: ["VITNI_HOME": scratch.file("empty-home")], currentDirectory: scratch.path)
        #expect(result.status == 2, "\(result.stdoutText)\(result.stderrText)")
        let page = try String(contentsOfFile: path, encoding: .utf8)
        #expect(page.contains("<p class=\"word\">COULD NOT CHECK</p>"))
        #expect(page.contains("This is not a finding that the bundle was altered"))
        #expect(page.contains("vitni trust add FILE"), "the next step")
        #expect(!page.contains("INVALID") && !page.contains("FAILED"))
        #expect(page.contains("Not stated: the signatures could not be checked"))
        #expect(!page.contains("sealed the bundle"))
    }

    /// A trusted holder's own hostile values — bag-info's organisation, a custody note, the name
    /// a transfer gives an untrusted holder — and a hostile folder name (the exhibit, also in the
    /// CSS of every page's margin) are shown as text only.
    @Test func hostileValuesAreEscapedEverywhere() throws {
        let bundle = try Self.hostileCopy(of: session, in: scratch)
        let (result, page) = try certify(bundle, ["--as", "anna"])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        #expect(!page.lowercased().contains("<script"), "no script element survives")
        #expect(page.components(separatedBy: "</style>").count == 2, "only the page's own style element ends")
        #expect(page.contains("&lt;script&gt;alert(&quot;org&quot;)&lt;/script&gt;"), "the organisation, as text")
        #expect(page.contains("&lt;/style&gt;&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;"), "the note")
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt; (as the entry names them)"), "the holder's name")
        #expect(
            page.contains(#"Exhibit CASE-77_S01 \22 \3e \3c svg onload\3d alert(\27 path\27 )\3e \5c ""#), "CSS-escaped"
        )
        #expect(!page.contains("<svg"), "the folder name, as text: \(page.contains("&lt;svg onload"))")
    }

    @Test func anExistingCertificateIsNeverOverwritten() throws {
        let path = try scratch.write("signed.html", "printed and signed\n")
        let result = try cli.run(["verify", session.bundle, "--certificate", path])
        #expect(result.status == 64, "a usage error: \(result.stderrText)")
        #expect(result.stderrText.contains("already exists: a certificate is never overwritten"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "printed and signed\n")
        let place = try cli.run(["verify", session.bundle, "--place", "Room 2"])
        #expect(place.status == 64 && place.stderrText.contains("add --certificate FILE"), "\(place.stderrText)")
    }

    /// The commands of a page, each block's lines joined, with the lines it should print.
    static func commandBlocks(_ page: String) -> [(commands: String, output: [String])] {
        let pattern = #"<div class="cmd">.*?<pre>(.*?)</pre>.*?(?:<pre class="output">(.*?)</pre>)?</div>"#
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let text = page as NSString
        return regex.matches(in: page, range: NSRange(location: 0, length: text.length)).map { match in
            func group(_ index: Int) -> String? {
                let range = match.range(at: index)
                return range.location == NSNotFound ? nil : unescape(text.substring(with: range))
            }
            return (group(1)!, group(2).map { $0.split(separator: "\n").map(String.init) } ?? [])
        }
    }

    static func unescape(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A copy in a folder with a hostile name, whose bag-info names a hostile organisation and
    /// whose log ends with anna's transfer (with a hostile note) to a key nobody trusts, under a
    /// hostile name: all signed and sealed by anna, so the bundle verifies.
    static func hostileCopy(of session: SealedSession, in scratch: TemporaryDirectory) throws -> String {
        let directory = scratch.file("hostile")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let bundle = directory + "/" + SealedSession.sessionID + " \"><svg onload=alert('path')>\\"
        try FileManager.default.copyItem(atPath: session.bundle, toPath: bundle)
        let info = bundle + "/bag-info.txt"
        let lines = try String(contentsOfFile: info, encoding: .utf8).split(separator: "\n").map {
            $0.hasPrefix("Source-Organization: ") ? "Source-Organization: <script>alert(\"org\")</script>" : String($0)
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: info))
        let key = try MinisignSecretKey(contentsOfFile: session.signingKey("anna"), passphrase: nil)
        try Forger.appendEvent(
            to: bundle, action: .transferred,
            detail: [
                "from": .string(session.annaKeyID), "to": .string("0123456789ABCDEF"),
                "to_name": .string("<img src=x onerror=alert(1)>"),
                "note": .string("</style><script>alert('note')</script>"),
            ],
            signer: MinisignBundleSigner(key: key))
        return bundle
    }
}
