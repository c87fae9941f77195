import ArgumentParser
import Foundation
import VitniCrypto
import VitniKit
import VitniStore

/// Runs a command body and turns Vitni's errors into a message on stderr (with a hint line
/// where one helps) and the documented exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as VitniError {
        printError(error.description, hint: error.hint)
        throw ExitCode(error.exitCode)
    } catch let error as StoreError {
        printError(error.description, hint: "`vitni init` creates a workspace; `vitni list` shows its sessions")
        throw ExitCode(2)
    } catch let error as CryptoError {
        let wrapped = VitniError.crypto(file: "input", error)
        printError(error.description, hint: wrapped.hint)
        throw ExitCode(wrapped.exitCode)
    }
}

func printError(_ message: String, hint: String? = nil) {
    var text = "vitni: error: \(message)\n"
    if let hint { text += "hint: \(hint)\n" }
    FileHandle.standardError.write(Data(text.utf8))
}

func printWarning(_ message: String) {
    FileHandle.standardError.write(Data("vitni: warning: \(message)\n".utf8))
}

/// Options shared by every command that may need a passphrase.
struct PassphraseOptions: ParsableArguments {
    @Option(
        name: .customLong("passphrase-file"),
        help: "Read the passphrase from the first line of FILE instead of the terminal.")
    var passphraseFile: String?

    /// Reads the passphrase from the file, or asks on the terminal without echo.
    func passphrase(for purpose: String) throws -> SecretBytes {
        if let passphraseFile { return try Passphrase.read(fromFile: passphraseFile) }
        return try Terminal.askPassphrase("Passphrase for \(purpose): ")
    }

    /// A new passphrase: from the file, or asked twice on the terminal.
    func newPassphrase(for purpose: String) throws -> SecretBytes {
        if let passphraseFile { return try Passphrase.read(fromFile: passphraseFile) }
        let first = try Terminal.askPassphrase("New passphrase for \(purpose): ")
        let second = try Terminal.askPassphrase("Repeat the passphrase: ")
        guard first.isEqual(to: second) else { throw VitniError.passphrase("the two passphrases differ") }
        return first
    }

    func resolver() -> KeyResolver {
        let options = self
        return KeyResolver { purpose in try options.passphrase(for: purpose) }
    }
}
