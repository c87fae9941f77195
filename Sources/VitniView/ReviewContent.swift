/// What the review room serves: built from a bundle that verified in full when the room
/// opened, and read only from the files it verified (invariant 7). Nothing here touches disk.
public protocol ReviewContent: Sendable {
    /// The review page, rendered on the server.
    func page() throws -> String
    /// The printable integrity certificate of the verification the room opened with.
    func certificate() throws -> String
    /// Recording `number` as a WAV file that is read by byte ranges, or nil if there is none.
    func audio(_ number: Int) throws -> (any RangedResource)?
    /// The recording's waveform overview as JSON, or nil if there is none.
    func peaks(_ number: Int) throws -> String?
}

/// A resource served by byte ranges without being made whole anywhere: a recording decoded
/// from the chunks a range covers.
public protocol RangedResource: Sendable {
    var length: Int64 { get }
    var contentType: String { get }
    /// Produces the bytes of `range` in order, in pieces of bounded size.
    func read(_ range: ByteRange, into body: (UnsafeRawBufferPointer) throws -> Void) throws
}
