import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

@Suite struct BundleWriterTests {
    @Test func sealedBundleVerifiesWithEveryCheckPassing() throws {
        let fixture = try BundleFixture()
        let result = try fixture.seal()
        let report = fixture.verify(result.path, expectHead: result.receipt.head, expectedRecipients: 1)
        #expect(report.outcome == .valid, "\(report.renderText())")
        #expect(report.checks.allSatisfy { $0.result == .pass }, "\(report.renderText())")
        #expect(report.files.map(\.path).sorted() == BundleFixture.payload.map(\.0).sorted())
        #expect(report.sealSigner == fixture.key.keyID)
        #expect(report.sealTime == "2026-03-01T10:00:00Z")
        #expect(report.custody.map(\.action) == ["sealed"])
        #expect(report.signers.first?.name == "Interviewer One")
        #expect(result.payloadOxum.streamCount == 3)

        let twoRecipients = fixture.verify(result.path, expectedRecipients: 2)
        #expect(twoRecipients.failedChecks == [BundleVerifier.CheckID.ageHeaders])
    }

    @Test func bagInfoHoldsTheGivenFieldsOnly() throws {
        let fixture = try BundleFixture()
        let result = try fixture.seal()
        let info = try BagIt.BagInfo.parse(try BundleFixture.read(result.path + "/bag-info.txt"))
        #expect(
            info.fields.map(\.label) == [
                "Bagging-Date", "External-Identifier", "Source-Organization", "Payload-Oxum", "Bag-Size",
                "Vitni-Bundle-Version", "Vitni-Protocol",
            ])
        #expect(info.value(for: "Bagging-Date") == "2026-03-01")
        #expect(info.value(for: "Payload-Oxum") == result.payloadOxum.description)
    }

    @Test func bagitPyValidatesTheBundle() throws {
        let fixture = try BundleFixture()
        let result = try fixture.seal()
        let validation = try BundleFixture.bagitValidate(result.path)
        #expect(validation.status == 0, "bagit.py: \(validation.stderrText)")
        #expect(validation.stderrText.contains("is valid"))
    }

    @Test func minisignVerifiesTheSeal() throws {
        let fixture = try BundleFixture()
        let result = try fixture.seal()
        let check = try runProcess(
            Peer.path("minisign"),
            [
                "-V", "-H", "-x", result.path + "/tagmanifest-sha256.txt.minisig", "-m",
                result.path + "/tagmanifest-sha256.txt",
                "-p", fixture.publicKeyFile,
            ])
        #expect(check.status == 0, "minisign: \(check.stderrText)")
        #expect(check.stdoutText.contains("bundle:\(BundleFixture.bundleName)"))
        #expect(check.stdoutText.contains("signer:\(fixture.key.keyID)"))
    }

    @Test func tarFormExtractsToAValidBag() throws {
        let fixture = try BundleFixture()
        let result = try fixture.seal(name: BundleFixture.bundleName + ".tar", form: .tar)
        let listing = try runProcess("/bin/tar", ["-tvf", result.path])
        #expect(listing.status == 0, "\(listing.stderrText)")
        let extracted = fixture.directory.file("extracted")
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: false)
        let untar = try runProcess("/bin/tar", ["-xf", result.path, "-C", extracted])
        #expect(untar.status == 0, "\(untar.stderrText)")
        let bag = extracted + "/" + BundleFixture.bundleName
        #expect(fixture.verify(bag, expectHead: result.receipt.head).outcome == .valid)
        #expect(try BundleFixture.bagitValidate(bag).status == 0)
        #expect(try BundleFixture.read(bag + "/data/session.json.age").count > 0)
        #expect(fixture.verify(result.path, expectHead: result.receipt.head).outcome == .valid, "and in place")
    }

    @Test func refusesAnExistingDestination() throws {
        let fixture = try BundleFixture()
        try fixture.seal()
        #expect(throws: BundleError.destinationExists(fixture.directory.file(BundleFixture.bundleName))) {
            try fixture.seal()
        }
        try FileManager.default.createDirectory(
            atPath: fixture.directory.file("empty"), withIntermediateDirectories: false)
        #expect(throws: BundleError.self) { try fixture.seal(name: "empty") }
    }

    @Test(arguments: ["bagit.txt", "data/../x", "/data/x", "data/.x", "data/a b", "data//x", "data"])
    func refusesBadPayloadPaths(path: String) throws {
        let fixture = try BundleFixture()
        let writer = try BagWriter(
            destination: fixture.directory.file("b"), metadata: fixture.metadata, signer: fixture.signer)
        #expect(throws: BundleError.self) { try writer.addPayload(path: path, from: MemorySource([1])) }
    }

    @Test func refusesTheSamePathTwice() throws {
        let fixture = try BundleFixture()
        let writer = try BagWriter(
            destination: fixture.directory.file("b"), metadata: fixture.metadata, signer: fixture.signer)
        try writer.addPayload(path: "data/a.age", from: MemorySource([1]))
        #expect(throws: BundleError.self) { try writer.addPayload(path: "data/a.age", from: MemorySource([2])) }
    }

    @Test func refusesAnIdentifyingOrMalformedBundleID() throws {
        let fixture = try BundleFixture()
        for id in ["", ".hidden", "has space", "a/b", "Jón"] {
            #expect(throws: BundleError.self) {
                try BagWriter(
                    destination: fixture.directory.file("x"),
                    metadata: .init(bundleID: id, sourceOrganization: "B"), signer: fixture.signer)
            }
        }
    }

    @Test func emptyBundleIsStillValid() throws {
        let fixture = try BundleFixture()
        let writer = try BagWriter(
            destination: fixture.directory.file("empty-bag"), metadata: fixture.metadata, signer: fixture.signer)
        let result = try writer.finish()
        #expect(fixture.verify(result.path).outcome == .valid)
        #expect(try BundleFixture.bagitValidate(result.path).status == 0)
    }
}
