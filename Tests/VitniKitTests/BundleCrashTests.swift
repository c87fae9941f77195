import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// A bundle is complete or absent: a failure or a kill at any step leaves nothing under the final
/// name, and sealing again to the same name succeeds.
@Suite struct BundleCrashTests {
    struct Boom: Error {}

    /// A signer that fails (or hangs, in a child process about to be killed) at a chosen step.
    struct FaultySigner: BundleSigner {
        enum Step: String { case event, seal }
        let inner: MinisignBundleSigner
        let step: Step
        let hangMarker: String?

        var keyID: String { inner.keyID }
        var publicKey: MinisignPublicKey { inner.publicKey }

        func sign(_ message: [UInt8]) throws -> [UInt8] {
            if step == .event { try fail() }
            return try inner.sign(message)
        }

        func signFile(_ source: any ByteSource, trustedComment: String) throws -> MinisignSignature {
            if step == .seal { try fail() }
            return try inner.signFile(source, trustedComment: trustedComment)
        }

        private func fail() throws {
            if let hangMarker { BundleCrashTests.hang(marker: hangMarker) }
            throw Boom()
        }
    }

    /// Tells the parent this child reached the step, then waits to be killed.
    static func hang(marker: String) -> Never {
        _ = FileManager.default.createFile(atPath: marker, contents: Data())
        while true { sleep(60) }
    }

    private func leftovers(in fixture: BundleFixture) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path).filter { $0.contains(".partial-") }
    }

    @Test(arguments: [0, 1, 2], [BagWriter.Form.directory, .tar])
    func failingProducerLeavesNothing(failAt: Int, form: BagWriter.Form) throws {
        let fixture = try BundleFixture()
        let name = form == .tar ? "bundle.tar" : "bundle"
        let destination = fixture.directory.file(name)
        let writer = try BagWriter(
            destination: destination, form: form, metadata: fixture.metadata, signer: fixture.signer)
        #expect(throws: Boom.self) {
            for (index, (path, plaintext)) in BundleFixture.payload.enumerated() {
                try writer.addPayload(path: path) { sink in
                    if index == failAt {
                        try sink.write(Array(plaintext.prefix(1000)))
                        throw Boom()
                    }
                    try fixture.encrypting(plaintext)(sink)
                }
            }
        }
        #expect(throws: BundleError.writerClosed) { try writer.finish() }
        #expect(!existsWithoutFollowing(destination))
        #expect(try leftovers(in: fixture).isEmpty, "the partial bag is removed")
        let retry = try fixture.seal(name: name, form: form)
        #expect(retry.path == destination)
        #expect(existsWithoutFollowing(destination))
    }

    @Test(arguments: [FaultySigner.Step.event, .seal])
    func failingSignerLeavesNothing(step: FaultySigner.Step) throws {
        let fixture = try BundleFixture()
        let destination = fixture.directory.file("bundle")
        let signer = FaultySigner(inner: fixture.signer, step: step, hangMarker: nil)
        let writer = try BagWriter(destination: destination, metadata: fixture.metadata, signer: signer)
        for (path, plaintext) in BundleFixture.payload {
            try writer.addPayload(path: path, fixture.encrypting(plaintext))
        }
        #expect(throws: Boom.self) { try writer.finish() }
        #expect(!existsWithoutFollowing(destination))
        #expect(try leftovers(in: fixture).isEmpty)
        #expect(fixture.verify(try fixture.seal(name: "bundle").path).outcome == .valid)
    }

    @Test func destinationAppearingWhileWritingIsNotReplaced() throws {
        let fixture = try BundleFixture()
        let destination = fixture.directory.file("bundle")
        let writer = try BagWriter(destination: destination, metadata: fixture.metadata, signer: fixture.signer)
        try writer.addPayload(path: "data/a.age", fixture.encrypting([1, 2, 3]))
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: false)
        try BundleFixture.write(destination + "/keep", [9])
        #expect(throws: BundleError.destinationExists(destination)) { try writer.finish() }
        #expect(try BundleFixture.read(destination + "/keep") == [9])
        #expect(try leftovers(in: fixture).isEmpty)
    }

    // MARK: Killed mid-write

    static let childDestination = "VITNI_BUNDLE_CRASH_DESTINATION"
    static let childStep = "VITNI_BUNDLE_CRASH_STEP"
    static let childMarker = "VITNI_BUNDLE_CRASH_MARKER"

    /// Runs in two roles: started by `swift test`, it starts this test binary again as a child that
    /// writes a bundle and stops at `step`, kills it with SIGKILL (no cleanup runs), and checks the
    /// aftermath; started with the environment variables set, it is that child.
    @Test(arguments: ["payload", "event", "seal", "tar-payload"])
    func killedWriterLeavesNoBundle(step: String) throws {
        let environment = ProcessInfo.processInfo.environment
        if let destination = environment[Self.childDestination], let marker = environment[Self.childMarker] {
            // The child process: act only in the case it was started for, and never start a child
            // of its own.
            guard environment[Self.childStep] == step else { return }
            try Self.runChild(destination: destination, step: step, marker: marker)
        }
        let fixture = try BundleFixture()
        let name = step.hasPrefix("tar") ? "bundle.tar" : "bundle"
        let destination = fixture.directory.file(name)
        let marker = fixture.directory.file("reached")
        let child = Process()
        child.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = ["--testing-library", "swift-testing", "--filter", "killedWriterLeavesNoBundle"]
        child.environment = environment.merging([
            Self.childDestination: destination, Self.childStep: step, Self.childMarker: marker,
        ]) { _, new in new }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        var waited = 0
        while !FileManager.default.fileExists(atPath: marker), child.isRunning, waited < 600 {
            usleep(100_000)
            waited += 1
        }
        let reached = FileManager.default.fileExists(atPath: marker)
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(reached, "the child never reached the \(step) step")
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(!existsWithoutFollowing(destination), "nothing under the final name after a kill at \(step)")
        let partial = try leftovers(in: fixture)
        #expect(partial.count == 1, "the killed writer's partial bag stays under a hidden temporary name")
        #expect(partial.allSatisfy { $0.hasPrefix(".") })
        let retry = try fixture.seal(name: name, form: step.hasPrefix("tar") ? .tar : .directory)
        #expect(existsWithoutFollowing(retry.path))
        if !step.hasPrefix("tar") { #expect(fixture.verify(retry.path).outcome == .valid) }
    }

    private static func runChild(destination: String, step: String, marker: String) throws -> Never {
        // No fixture directory here: the kill would leave it behind.
        let signer = FaultySigner(
            inner: MinisignBundleSigner(key: .generate()), step: step == "seal" ? .seal : .event,
            hangMarker: step == "event" || step == "seal" ? marker : nil)
        let writer = try BagWriter(
            destination: destination, form: step.hasPrefix("tar") ? .tar : .directory,
            metadata: .init(bundleID: BundleFixture.bundleName, sourceOrganization: "Barnahus Test"), signer: signer)
        let recipient = Age.X25519Identity.generate().recipient
        try writer.addPayload(path: "data/audio/1.flac.age") { sink in
            let encryptor = try Age.Encryptor(recipients: [recipient], to: sink)
            try encryptor.write(BundleFixture.payload[0].1)
            try encryptor.finish()
        }
        if step.hasSuffix("payload") {
            try writer.addPayload(path: "data/notes.jsonl.age") { sink in
                try sink.write(testBytes(count: 100_000))
                hang(marker: marker)
            }
        }
        _ = try writer.finish()
        hang(marker: marker + ".unexpected")
    }
}

/// Whether anything exists at `path`, not following a symlink.
func existsWithoutFollowing(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
}
