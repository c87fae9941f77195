import Foundation
public import VitniCrypto
public import VitniFormats

extension VerifiedBundle {
    /// A payload file held open for reading at any offset, for as long as the reader lives:
    /// hashed in full against the signed manifest first (a file replaced afterwards is never
    /// read: the descriptor stays on the file that matched), then decrypted chunk by chunk as
    /// ranges are asked for, each chunk authenticated before a byte of it is used.
    /// - Throws: `BundleError.payloadAltered` when the file differs from the manifest's hash;
    ///   `VitniError` when no identity opens it.
    public func openRandomAccess(_ file: String, identities: [any AgeIdentity]) throws -> Age.RandomAccessDecryptor {
        guard let digest = digests[file] else {
            throw BundleError.malformedFile("\(path): the manifest lists no \(file)")
        }
        let source = try storage.openPositional(file)
        guard try source.sha256() == digest else { throw BundleError.payloadAltered(file) }
        return try VitniError.wrap(file: storage.displayPath(file), identities: identities) {
            try Age.RandomAccessDecryptor(source: source, identities: identities)
        }
    }
}

/// A regular file read at offsets with `pread`, which several readers may do at once; its
/// length is fixed when it is opened.
final class HeldFile: PositionalSource, @unchecked Sendable {
    // Sendable: the descriptor is only read with pread, which keeps no shared offset.
    private let stream: FileStream
    let size: Int64

    init(_ stream: FileStream) throws {
        self.stream = stream
        var info = stat()
        guard fstat(stream.descriptor, &info) == 0 else { throw BundleIO.failure(stream.path, "stat") }
        size = Int64(info.st_size)
    }

    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size else { return 0 }
        let wanted = Int(min(Int64(buffer.count), size - offset))
        while true {
            let n = pread(stream.descriptor, buffer.baseAddress, wanted, off_t(offset))
            if n >= 0 { return n }
            if errno != EINTR { throw BundleIO.failure(stream.path, "read") }
        }
    }

}

extension PositionalSource {
    /// SHA-256 of the whole source, read through the same descriptor it will be read from.
    func sha256() throws -> String {
        var hasher = SHA256Hasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        while offset < size {
            let n = try read(at: offset, into: buffer)
            guard n > 0 else { throw BundleError.malformedFile("a bundle file ended early while it was hashed") }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            offset += Int64(n)
        }
        return Hex.encode(hasher.finalize())
    }
}
