import ArgumentParser
import Foundation
import VitniCrypto
import VitniFormats
import VitniKit

/// The one place a failure reaches the user: `vitni: error: …` and, where one helps, `hint: …`
/// on stderr, then the documented exit code. Argument-parser errors (usage, help, `ExitCode`)
/// keep the parser's own reporting and exit 64 for bad usage.
enum ErrorReport {
    static func exit(for error: any Error) -> Never {
        switch error {
        case let error as any ReportableError:
            printError(error.description, hint: error.hint)
            Foundation.exit(error.exitCode)
        case let error as CocoaError:
            printError(describe(error), hint: nil)
            Foundation.exit(ExitStatus.couldNotCarryOut.rawValue)
        case let error as POSIXError:
            printError(describe(error), hint: nil)
            Foundation.exit(ExitStatus.couldNotCarryOut.rawValue)
        default:
            Vitni.exit(withError: error)
        }
    }

    /// Foundation's file errors keep the path beside their message ("The file doesn't exist."),
    /// so the report puts it in front.
    private static func describe(_ error: any Error) -> String {
        let error = error as NSError
        let path = error.userInfo[NSFilePathErrorKey] as? String ?? (error.userInfo[NSURLErrorKey] as? URL)?.path
        return path.map { "\($0): \(error.localizedDescription)" } ?? error.localizedDescription
    }
}

/// A failure that ends a check before it could decide: whatever went wrong, the command's
/// answer is "could not check" (exit 2), never "invalid".
struct CouldNotCheck: ReportableError {
    let underlying: any ReportableError
    var exitStatus: ExitStatus { .couldNotCarryOut }
    var hint: String? { underlying.hint }
    var description: String { underlying.description }
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
        help: ArgumentHelp(
            "Read the passphrase from the first line of FILE instead of the terminal.", valueName: "file"))
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
