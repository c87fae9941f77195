import Foundation
import Testing
import VitniTestSupport

/// Runs the built `vitni` binary with a private VITNI_HOME.
struct CLI {
    let home: TemporaryDirectory
    let work: TemporaryDirectory

    init() throws {
        home = try TemporaryDirectory()
        work = try TemporaryDirectory()
    }

    @discardableResult
    func run(_ arguments: [String], stdin: [UInt8]? = nil) throws -> ProcessResult {
        try runProcess(
            Repository.vitniBinary, arguments, stdin: stdin, environment: ["VITNI_HOME": home.path],
            currentDirectory: work.path)
    }

    /// A passphrase file (mode 0600) for non-interactive use.
    func passphraseFile(_ passphrase: String, name: String = "pass") throws -> String {
        let path = try work.write(name, passphrase + "\n")
        chmod(path, 0o600)
        return path
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: work.file(name)) }
}
