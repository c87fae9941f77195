public import Foundation

/// A POSIX descriptor (a pipe, standard input, a file) read strictly in order. A descriptor passed
/// in is borrowed (the caller closes it); one opened by `open(path:)` is closed on deinit.
public final class FileDescriptorAudioInput: AudioByteInput {
    public let descriptor: Int32
    /// A label for error messages (a path or "<stdin>"), never content.
    public let name: String
    private let ownsDescriptor: Bool

    public convenience init(descriptor: Int32, name: String) {
        self.init(descriptor: descriptor, name: name, owns: false)
    }

    private init(descriptor: Int32, name: String, owns: Bool) {
        self.descriptor = descriptor
        self.name = name
        self.ownsDescriptor = owns
    }

    /// Opens a regular file for reading.
    /// - Throws: `AudioError.io` naming the path.
    public static func open(path: String) throws -> FileDescriptorAudioInput {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw AudioError.io(name: path, operation: "open", reason: String(cString: strerror(errno)))
        }
        return FileDescriptorAudioInput(descriptor: descriptor, name: path, owns: true)
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// Reads from a `FileHandle`, e.g. the reading end of a `Pipe` a child process writes into.
    public convenience init(fileHandle: FileHandle, name: String) {
        self.init(descriptor: fileHandle.fileDescriptor, name: name)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            let code = errno
            if code != EINTR {
                throw AudioError.io(name: name, operation: "read", reason: String(cString: strerror(code)))
            }
        }
    }
}
