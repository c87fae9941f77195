import Foundation
import Testing
import VitniFormats
import VitniKit
import VitniTestSupport

@Suite struct ProtocolLibraryTests {
    @Test func standardSearchOrder() throws {
        let root = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            atPath: root.file("checkout/.build/debug"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: root.file("checkout/protocols"), withIntermediateDirectories: true)
        let library = ProtocolLibrary.standard(
            environment: ["VITNI_PROTOCOLS": "/etc/one:relative/two::/etc/one"],
            executablePath: root.file("checkout/.build/debug/vitni"), currentDirectory: "/work/here")
        #expect(
            library.directories == [
                "/etc/one", "/work/here/relative/two", root.file("checkout/protocols"), "/work/here/protocols",
            ])

        let installed = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: installed.file("bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: installed.file("share/vitni/protocols"), withIntermediateDirectories: true)
        let fromInstall = ProtocolLibrary.standard(
            environment: [:], executablePath: installed.file("bin/vitni"), currentDirectory: "/work/here")
        #expect(fromInstall.directories == [installed.file("share/vitni/protocols"), "/work/here/protocols"])
    }

    @Test func earlierDirectoryWinsAndFilesAreChecked() throws {
        let first = try TemporaryDirectory()
        let library = ProtocolLibrary(directories: [first.path, Repository.root + "/protocols", "/nonexistent"])
        _ = try first.write(
            "ncac.yaml",
            """
            id: ncac
            version: "9"
            title: Local NCAC
            source: Here
            description: Local.
            phases:
              - {id: only, title: Only, required: true, items: [{id: one, kind: prompt, text: Hello.}]}
            """)
        _ = try first.write(".hidden.yaml", "not: read")
        _ = try first.write("notes.txt", "not a protocol")
        let all = try library.all()
        #expect(all.map(\.id) == ["abe", "barnahus-promise", "ncac", "nichd-revised"])
        #expect(try library.load(id: "ncac").title == "Local NCAC")
        #expect(try library.load(id: "abe").version == "2022")

        #expect {
            try library.load(id: "../protocols/abe")
        } throws: { error in
            guard case VitniError.protocolNotFound(_, let known) = error else { return false }
            return known == ["abe", "barnahus-promise", "ncac", "nichd-revised"]
        }

        _ = try first.write("ncac.yaml", "id: ncac\n")
        #expect {
            try library.load(id: "ncac")
        } throws: { error in
            guard case VitniError.protocolInvalid(let invalid) = error else { return false }
            return invalid.file == first.file("ncac.yaml") && invalid.field == "version" && invalid.line == 1
        }
        #expect(throws: VitniError.self) { try library.all() }
    }

    @Test func noDirectoryIsAnError() throws {
        #expect {
            try ProtocolLibrary(directories: ["/nonexistent/a", "/nonexistent/b"]).all()
        } throws: { error in
            guard case VitniError.noProtocolDirectory(let searched) = error else { return false }
            return searched == ["/nonexistent/a", "/nonexistent/b"]
        }
    }

    @Test func readStopsAtTheSizeCap() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("big.yaml", [UInt8](repeating: 0x0A, count: 4 << 20))
        #expect {
            try ProtocolLibrary.read(file: path)
        } throws: { error in
            guard case VitniError.protocolInvalid(let invalid) = error else { return false }
            return invalid.field == "(file)" && invalid.line == InterviewProtocol.maximumFileSize + 1
        }
    }
}
