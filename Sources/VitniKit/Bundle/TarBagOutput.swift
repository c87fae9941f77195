import Foundation
import VitniCrypto

/// The single-file form: an uncompressed POSIX ustar archive of the bag, written in one pass.
///
/// Each file's header is written with size 0, the content streams after it, and the header is
/// rewritten in place (`pwrite`) once the size is known, so the payload is never read twice.
/// The archive is built as `.<name>.partial-XXXXXX` and linked to its final name, which fails
/// rather than replace an existing file.
final class TarBagOutput: BagOutput {
    let destination: String
    let temporary: String
    /// The top-level directory inside the archive (the bundle's name).
    let root: String
    let modificationTime: Int64
    private let stream: FileStream
    private var offset: UInt64 = 0
    private var directories: Set<String> = []

    /// ustar's 11 octal digits of size.
    static let maximumFileSize: UInt64 = 0o77777777777

    init(destination: String, root: String, modificationTime: Int64) throws {
        self.destination = destination
        self.root = root
        self.modificationTime = modificationTime
        var template = Array(
            (BundleIO.parent(of: destination) + "/." + BundleIO.lastComponent(of: destination) + ".partial-XXXXXX")
                .utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw BundleIO.failure(destination, "create a temporary file") }
        fchmod(fd, 0o644)
        temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        stream = FileStream(descriptor: fd, path: temporary, owns: true)
    }

    private final class EntrySink: BagFileSink {
        let output: TarBagOutput
        let path: String
        let headerOffset: UInt64
        var size: UInt64 = 0

        init(output: TarBagOutput, path: String, headerOffset: UInt64) {
            self.output = output
            self.path = path
            self.headerOffset = headerOffset
        }

        func write(_ bytes: UnsafeRawBufferPointer) throws {
            size += UInt64(bytes.count)
            guard size <= TarBagOutput.maximumFileSize else { throw BundleError.tooLargeForTar(path: path) }
            try output.append(bytes)
        }

        func close() throws {
            let padding = Int((512 - size % 512) % 512)
            try output.append([UInt8](repeating: 0, count: padding))
            let header = try output.header(path: path, size: size, directory: false)
            let written = header.withUnsafeBytes {
                pwrite(output.stream.descriptor, $0.baseAddress, 512, off_t(headerOffset))
            }
            guard written == 512 else { throw BundleIO.failure(output.temporary, "write") }
        }
    }

    fileprivate func append(_ bytes: UnsafeRawBufferPointer) throws {
        try stream.write(bytes)
        offset += UInt64(bytes.count)
    }

    fileprivate func append(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try append($0) } }

    func makeDirectory(_ path: String) throws { try makeDirectories(path.split(separator: "/")[...]) }

    /// Writes a directory entry for each directory on the way that has none yet.
    private func makeDirectories(_ components: ArraySlice<Substring>) throws {
        var directory = root
        if directories.insert(directory).inserted { try append(header(path: directory, size: 0, directory: true)) }
        for component in components {
            directory += "/" + component
            if directories.insert(directory).inserted { try append(header(path: directory, size: 0, directory: true)) }
        }
    }

    func beginFile(_ path: String) throws -> any BagFileSink {
        try makeDirectories(path.split(separator: "/").dropLast())
        let headerOffset = offset
        try append(header(path: root + "/" + path, size: 0, directory: false))
        return EntrySink(output: self, path: root + "/" + path, headerOffset: headerOffset)
    }

    func commit() throws {
        try append([UInt8](repeating: 0, count: 1024))
        try stream.sync()
        guard link(temporary, destination) == 0 else {
            if errno == EEXIST { throw BundleError.destinationExists(destination) }
            throw BundleIO.failure(destination, "link")
        }
        unlink(temporary)
        try BundleIO.syncDirectory(BundleIO.parent(of: destination))
    }

    func discard() { unlink(temporary) }

    /// A ustar header block. Paths are short ASCII (the bag path rules), split into prefix and name
    /// when longer than 100 bytes.
    fileprivate func header(path: String, size: UInt64, directory: Bool) throws -> [UInt8] {
        var name = Array(path.utf8) + (directory ? [UInt8(ascii: "/")] : [])
        var prefix: [UInt8] = []
        if name.count > 100 {
            let slashes = name.indices.filter { name[$0] == UInt8(ascii: "/") && $0 < name.count - 1 }
            guard let split = slashes.first(where: { $0 <= 155 && name.count - $0 - 1 <= 100 }) else {
                throw BundleError.invalidPayloadPath(path, reason: "is too long for a ustar header")
            }
            prefix = Array(name[..<split])
            name = Array(name[(split + 1)...])
        }
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at start: Int) { block.replaceSubrange(start..<(start + bytes.count), with: bytes) }
        func octal(_ value: UInt64, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: width - 1 - digits.count) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(directory ? 0o755 : 0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(UInt64(modificationTime), width: 12), at: 136)
        put([UInt8](repeating: 0x20, count: 8), at: 148)
        block[156] = directory ? UInt8(ascii: "5") : UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(prefix, at: 345)
        let checksum = block.reduce(UInt64(0)) { $0 + UInt64($1) }
        put(octal(checksum, width: 7) + [0x20], at: 148)
        return block
    }
}
