public import Foundation
public import VitniFormats

/// Every failure VitniAudio reports. `name` is the file path or stream label the caller gave, never
/// audio content; messages say what failed and what to do next.
public enum AudioError: Error, Equatable, Sendable {
    /// Reading or writing the underlying bytes failed (the wrapped message comes from the byte source
    /// or sink, e.g. a decryption or disk error).
    case io(name: String, operation: String, reason: String)
    /// The input holds no bytes at all.
    case empty(name: String)
    /// The input is not in any container libsndfile recognises.
    case unrecognised(name: String, reason: String)
    /// The container was recognised but its contents are malformed.
    case corrupt(name: String, reason: String)
    /// The input ends before the number of frames its header declares.
    case truncated(name: String, expectedFrames: Int64, actualFrames: Int64)
    /// A format, encoding or combination this module does not read or write.
    case unsupported(String)
    /// Decoding a non-seekable stream needed bytes that are no longer buffered.
    case notSeekable(name: String, offset: Int64)
    /// The encoder asked to rewrite bytes outside the region its output keeps rewritable.
    case rewriteOutsideHead(offset: Int64, count: Int, headSize: Int)
    /// A caller-side mistake: a partial frame, a bad span, an out-of-range parameter.
    case invalidArgument(String)
    /// libsndfile reported an error while encoding or finishing.
    case encoding(reason: String)
    /// An ALSA call failed.
    case alsa(device: String, operation: String, reason: String)
    /// The capture device disappeared or stopped working (unplugged, I/O error).
    case deviceLost(device: String, reason: String)
}

extension AudioError: CustomStringConvertible, LocalizedError {
    public var description: String {
        switch self {
        case .io(let name, let operation, let reason):
            return "\(name): \(operation) failed: \(reason)"
        case .empty(let name):
            return "\(name): the audio input is empty (0 bytes); check that the recording was written"
        case .unrecognised(let name, let reason):
            return "\(name): not a recognised audio file (WAV, FLAC, Ogg): \(reason)"
        case .corrupt(let name, let reason):
            return "\(name): the audio file is malformed: \(reason)"
        case .truncated(let name, let expected, let actual):
            return "\(name): the audio is truncated: the header declares \(expected) frames but only "
                + "\(actual) are present"
        case .unsupported(let reason):
            return "unsupported audio format: \(reason)"
        case .notSeekable(let name, let offset):
            return "\(name): decoding needed to seek back to byte \(offset) of a non-seekable stream, beyond "
                + "the buffered prefix; decode this file from a path instead"
        case .rewriteOutsideHead(let offset, let count, let headSize):
            return "the encoder tried to rewrite \(count) bytes at offset \(offset), outside the first "
                + "\(headSize) bytes the output keeps rewritable; the output is incomplete and must be discarded"
        case .invalidArgument(let reason):
            return "invalid audio argument: \(reason)"
        case .encoding(let reason):
            return "audio encoding failed: \(reason)"
        case .alsa(let device, let operation, let reason):
            return "ALSA device '\(device)': \(operation) failed: \(reason)"
        case .deviceLost(let device, let reason):
            return "ALSA device '\(device)' stopped delivering audio: \(reason); check the microphone connection"
        }
    }

    public var errorDescription: String? { description }
}

extension AudioError: ReportableError {
    /// Audio that is not what it claims to be failed a check; everything else could not be done.
    public var exitStatus: ExitStatus {
        switch self {
        case .empty, .unrecognised, .corrupt, .truncated: .failedCheck
        default: .couldNotCarryOut
        }
    }

    public var hint: String? {
        switch self {
        case .empty, .unrecognised, .corrupt, .truncated:
            "check that this is the complete recording; nothing was changed"
        case .notSeekable: "give the audio as a file path instead of a pipe"
        case .alsa, .deviceLost: "`arecord -l` lists the capture devices; check the microphone and try again"
        default: nil
        }
    }
}
