import Foundation
public import VitniFormats

/// Reading a transcript file from disk: bounded, regular files only, every failure naming the
/// file (and, for malformed input, the line and the reason).
public enum TranscriptFile {
    /// The format a file name implies: `.vtt`/`.webvtt`, `.srt`, `.eaf`, `.txt`/`.text`.
    /// - Returns: nil when the extension says nothing Vitni knows.
    public static func format(forPath path: String) -> TranscriptFormat? {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "vtt", "webvtt": .webVTT
        case "srt": .srt
        case "eaf": .eaf
        case "txt", "text": .plainText
        default: nil
        }
    }

    /// Reads and parses a transcript file strictly.
    /// - Parameters:
    ///   - path: the file.
    ///   - format: how to read it.
    ///   - options: limits and the role of cues that name no speaker.
    /// - Returns: a transcript that passes `validate()`.
    /// - Throws: `VitniError.transcript` with the line and reason for malformed input;
    ///   `VitniError.io` or `.malformedFile` when the file cannot be read.
    public static func read(
        _ path: String, format: TranscriptFormat, options: Transcript.ImportOptions = .init()
    ) throws -> Transcript {
        let bytes = try readBounded(path, limit: options.maximumBytes + 1)
        do {
            return try Transcript.parse(bytes: bytes, format: format, options: options)
        } catch {
            throw VitniError.transcript(file: path, error)
        }
    }

    /// Reads at most `limit` bytes, so an oversize file is reported by the parser without ever
    /// being loaded whole.
    static func readBounded(_ path: String, limit: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw VitniError.io(path: path, operation: "open", code: errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw VitniError.io(path: path, operation: "stat", code: errno) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw VitniError.malformedFile(path: path, reason: "not a regular file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < limit {
            let wanted = min(chunk.count, limit - bytes.count)
            let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw VitniError.io(path: path, operation: "read", code: errno)
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
