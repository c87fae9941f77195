import Foundation

/// The one writer of a bundle: an exclusive `flock` on the bundle directory itself, or on the tar
/// archive file, so nothing is left beside or inside the bag to fail `bag.structure`, and it is
/// let go when the process ends, however it ends.
///
/// An update replaces the directory or the archive by another (`BundleUpdate`,
/// `TarBundleUpdate`), so after waiting for the lock the holder checks that the path still names
/// what it locked, and tries again if not.
final class BundleLock {
    let path: String
    private let descriptor: Int32

    /// How long a second writer waits before it is told to try again.
    static let patience: Duration = .seconds(10)

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Locks the bundle directory or archive at `path`, waiting up to `patience` for another writer.
    /// - Throws: `BundleError.busy` when another writer holds it that long, `.io` otherwise.
    static func acquire(_ path: String, patience: Duration = BundleLock.patience) throws -> BundleLock {
        let clock = ContinuousClock()
        let deadline = clock.now + patience
        while true {
            if let lock = try attempt(path) { return lock }
            guard clock.now < deadline else { throw BundleError.busy(path) }
            usleep(20_000)
        }
    }

    /// Locks the bundle for a change after putting back or clearing what a killed change left
    /// (``BundleUpdate/recover(_:)``), with the lock held for the clearing.
    static func acquireRecovering(_ path: String) throws -> BundleLock {
        if !BundleIO.exists(path) { BundleUpdate.recover(path) }
        let lock = try acquire(path)
        BundleUpdate.recover(path)
        return lock
    }

    /// Locks `path` (a directory or a regular file) without waiting: nil when another process
    /// holds it. O_NONBLOCK, so a FIFO in its place is refused rather than waited on.
    static func attempt(_ path: String) throws -> BundleLock? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw BundleIO.failure(path, "open") }
        var opened = stat()
        guard fstat(fd, &opened) == 0, [S_IFDIR, S_IFREG].contains(opened.st_mode & S_IFMT) else {
            close(fd)
            throw BundleError.invalidInput("\(path): is neither a bundle directory nor a tar archive")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw BundleError.io(path: path, operation: "flock", code: code)
        }
        // The directory this descriptor names may have been replaced while we waited.
        var locked = stat()
        var current = stat()
        guard fstat(fd, &locked) == 0, lstat(path, &current) == 0, locked.st_ino == current.st_ino,
            locked.st_dev == current.st_dev
        else {
            flock(fd, LOCK_UN)
            close(fd)
            return try attempt(path)
        }
        return BundleLock(path: path, descriptor: fd)
    }
}
