import CVitniSystem
public import Foundation
public import VitniCrypto
import VitniFormats

/// An output that appears complete or not at all: bytes go to an unnamed file (O_TMPFILE) in
/// the destination's directory, which `commit()` names and renames into place (after an fsync
/// when `durable`, so the file also survives a power cut). A process killed before that, even by
/// SIGKILL, leaves nothing on disk, so a decryption stopped half-way leaves no partial plaintext
/// behind. Where the file system has no O_TMPFILE, a named private temporary is used and
/// removed on every failure the process sees.
/// Without a path (or with "-") it writes to standard output, and to a device or pipe it writes
/// in place: neither can be taken back. With `replacing: false` the commit links instead of
/// renaming, so an existing file (a certificate someone may have printed and signed) is never
/// replaced, even by a writer racing this one.
public final class OutputFile: ByteSink {
    public let path: String?
    private let stream: FileStream
    /// The named temporary, when the file system could not give an unnamed one.
    private let temporaryPath: String?
    /// The directory of the destination, when the output is an unnamed file there.
    private let unnamedIn: String?
    private let durable: Bool
    private let replacing: Bool
    private var committed = false

    /// - Parameters:
    ///   - path: the destination, or nil / "-" for standard output.
    ///   - mode: permissions of the created file (0600 for plaintext and keys).
    ///   - durable: fsync the file and its directory on commit (keys and evidence; not needed
    ///     for a decrypted copy, and it costs a full flush of a large file).
    ///   - replacing: false to fail with EEXIST at commit rather than replace an existing file.
    public init(path: String?, mode: mode_t = 0o600, durable: Bool = true, replacing: Bool = true) throws {
        self.durable = durable
        self.replacing = replacing
        guard let path, path != "-" else {
            self.path = nil
            stream = .standardOutput
            temporaryPath = nil
            unnamedIn = nil
            return
        }
        self.path = path
        // A device or pipe (/dev/null, a FIFO) is written in place: renaming over it would
        // replace it with a regular file.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw VitniError.io(path: path, operation: "open", code: errno) }
            stream = FileStream(descriptor: fd, path: path, owns: true)
            temporaryPath = nil
            unnamedIn = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let unnamed = vitni_open_unnamed(directory, UInt32(mode))
        if unnamed >= 0 {
            fchmod(unnamed, mode)
            stream = FileStream(descriptor: unnamed, path: path, owns: true)
            temporaryPath = nil
            unnamedIn = directory
            return
        }
        unnamedIn = nil
        var template = Array(
            (url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".vitni-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw VitniError.io(path: path, operation: "create", code: errno) }
        fchmod(fd, mode)
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        temporaryPath = temporary
        stream = FileStream(descriptor: fd, path: path, owns: true)
    }

    deinit {
        if let temporaryPath, !committed { unlink(temporaryPath) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws { try stream.write(bytes) }

    /// Writes a small file (key, identity, signature) in one go: complete or absent.
    /// - Parameters:
    ///   - path: the destination, or nil / "-" for standard output.
    ///   - replacing: false to fail (`VitniError.io`, EEXIST) rather than replace an existing file.
    public static func write(_ bytes: [UInt8], to path: String?, mode: mode_t = 0o600, replacing: Bool = true) throws {
        let file = try OutputFile(path: path, mode: mode, replacing: replacing)
        try file.write(bytes)
        try file.commit()
    }

    /// Makes the output final: fsync (when durable), then rename over the destination (or,
    /// not replacing, link it there, which fails if the destination exists).
    public func commit() throws {
        guard let path, temporaryPath != nil || unnamedIn != nil else { return }
        if durable { try stream.sync() }
        if !replacing {
            try linkIntoPlace(path)
        } else {
            try renameIntoPlace(path)
        }
        committed = true
        guard durable else { return }
        let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    private func renameIntoPlace(_ path: String) throws {
        let named = try temporaryPath ?? name(unnamedFileIn: unnamedIn!, for: path)
        guard rename(named, path) == 0 else {
            let code = errno
            if temporaryPath == nil { unlink(named) }
            throw VitniError.io(path: path, operation: "rename", code: code)
        }
    }

    /// link(2) never replaces: the unnamed file gets `path` directly; a named temporary is
    /// linked there and its own name removed.
    private func linkIntoPlace(_ path: String) throws {
        if let temporaryPath {
            guard link(temporaryPath, path) == 0 else {
                throw VitniError.io(path: path, operation: "create", code: errno)
            }
            unlink(temporaryPath)
        } else {
            guard vitni_link_unnamed(stream.descriptor, path) == 0 else {
                throw VitniError.io(path: path, operation: "create", code: errno)
            }
        }
    }
}

extension OutputFile {
    /// Links the unnamed file under a fresh private name beside `path` (rename then replaces
    /// the destination in one step, which linking cannot).
    fileprivate func name(unnamedFileIn directory: String, for path: String) throws -> String {
        let base = URL(fileURLWithPath: path).lastPathComponent
        for _ in 0..<8 {
            let candidate = directory + "/." + base + ".vitni-" + Hex.encode(SecureRandom.bytes(count: 6))
            if vitni_link_unnamed(stream.descriptor, candidate) == 0 { return candidate }
            guard errno == EEXIST else { throw VitniError.io(path: path, operation: "link", code: errno) }
        }
        throw VitniError.io(path: path, operation: "link", code: EEXIST)
    }
}

/// Opens an input path, or standard input for nil / "-".
public func openInput(_ path: String?) throws -> FileStream {
    guard let path, path != "-" else { return .standardInput }
    do { return try FileStream.open(readingFrom: path) } catch let CryptoError.io(path, operation, code) {
        throw VitniError.io(path: path, operation: operation, code: code)
    }
}
