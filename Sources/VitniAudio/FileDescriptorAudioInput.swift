public import Foundation

/// A POSIX descriptor (a pipe, standard input, a file) read strictly in order. The descriptor is
/// borrowed: the caller keeps it open for the input's lifetime and closes it.
public final class FileDescriptorAudioInput: AudioByteInput {
    public let descriptor: Int32
    /// A label for error messages (a path or "<stdin>"), never content.
    public let name: String

    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

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
