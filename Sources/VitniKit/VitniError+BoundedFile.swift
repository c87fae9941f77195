import VitniCrypto

extension VitniError {
    /// A small file that could not be read, as VitniKit reports it: an I/O failure stays one,
    /// a file of the wrong kind or size is a malformed file named by its path.
    init(_ failure: BoundedFile.Failure, tooLargeReason: String? = nil) {
        switch failure.reason {
        case .io(let operation, let code): self = .io(path: failure.path, operation: operation, code: code)
        case .notRegularFile: self = .malformedFile(path: failure.path, reason: "not a regular file")
        case .tooLarge(let limit):
            self = .malformedFile(path: failure.path, reason: tooLargeReason ?? "file is larger than \(limit) bytes")
        }
    }
}
