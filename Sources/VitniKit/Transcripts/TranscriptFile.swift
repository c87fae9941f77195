import Foundation
import VitniCrypto
public import VitniFormats

/// Reading a transcript file from disk: bounded, regular files only (opened `O_NOFOLLOW |
/// O_NONBLOCK` and checked with `fstat` before a byte is read, so a symlink is refused and a FIFO
/// cannot hang the import), every failure naming the file (and, for malformed input, the line
/// and the reason).
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
        // One byte past the cap, so the parser reports oversize without the whole file ever being loaded.
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.readPrefix(
                path: path, count: options.maximumBytes + 1, requiring: [.noSymlink, .regularFile])
        } catch { throw VitniError(error) }
        do {
            return try Transcript.parse(bytes: bytes, format: format, options: options)
        } catch {
            throw VitniError.transcript(file: path, error)
        }
    }
}
