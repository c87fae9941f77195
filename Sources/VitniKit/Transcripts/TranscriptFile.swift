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

    /// The largest speaker-map file read: far more than a thousand `NAME=ROLE` lines need.
    public static let maximumSpeakerMapBytes = 1024 * 1024

    /// The speaker map from `--speaker-map` entries and a map file, if given.
    /// - Parameters:
    ///   - entries: `NAME=ROLE` strings.
    ///   - file: a file of `NAME=ROLE` lines (`#` comments), read bounded, regular files only.
    /// - Returns: the map; a name given twice (in either) is an error.
    /// - Throws: `VitniError.malformedFile` naming the file and line, `.invalidInput` for an entry.
    public static func speakerMap(entries: [String], file: String?) throws -> SpeakerMap {
        var map = SpeakerMap()
        if let file {
            let bytes: [UInt8]
            do {
                bytes = try BoundedFile.readPrefix(
                    path: file, count: maximumSpeakerMapBytes + 1, requiring: [.noSymlink, .regularFile])
            } catch { throw VitniError(error) }
            guard bytes.count <= maximumSpeakerMapBytes else {
                throw VitniError.malformedFile(
                    path: file, reason: "a speaker map is at most \(maximumSpeakerMapBytes) bytes")
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw VitniError.malformedFile(path: file, reason: "a speaker map must be UTF-8 text")
            }
            do throws(SpeakerMap.Problem) {
                try map.add(file: text)
            } catch {
                throw VitniError.malformedFile(path: file, reason: "speaker map: " + error.reason)
            }
        }
        for entry in entries {
            do throws(SpeakerMap.Problem) {
                try map.add(entry)
            } catch {
                throw VitniError.invalidInput("--speaker-map: " + error.reason)
            }
        }
        return map
    }
}
