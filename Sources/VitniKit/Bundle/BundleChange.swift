/// A change to a sealed bundle made as one recoverable step, in either form: ``BundleUpdate``
/// for a directory, ``TarBundleUpdate`` for a tar archive. The new state is built beside the
/// bundle and committed by one atomic rename (or exchange); until then the bundle is untouched.
///
/// The caller holds the bundle's ``BundleLock`` for the whole read-check-change.
protocol BundleChange: AnyObject {
    /// Writes a tag file of the new state.
    func write(_ relative: String, _ bytes: [UInt8]) throws
    /// Streams a new payload file into the new state and returns its SHA-256 and size.
    func add(_ file: CustodyLog.AmendedFile) throws -> (sha256: String, size: UInt64)
    /// Whether the new state already has a file or directory at `relative`.
    func contains(_ relative: String) -> Bool
    /// Makes the new state the bundle.
    func commit() throws
}

enum BundleChanges {
    /// Starts a change of the bundle read from `storage`: every file is kept but `rewriting`.
    static func begin(_ storage: any BagStorage, rewriting: Set<String>) throws -> any BundleChange {
        if let archive = storage as? TarBag { return try TarBundleUpdate(of: archive, rewriting: rewriting) }
        return try BundleUpdate(of: storage.path, rewriting: rewriting)
    }
}
