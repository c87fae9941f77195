import Foundation

/// The one writer of a bundle directory: an exclusive `flock` on the directory itself, so nothing
/// is left beside or inside the bag to fail `bag.structure`, and it is let go when the process
/// ends, however it ends.
///
/// An update replaces the directory by another (`BundleUpdate`), so after waiting for the lock
/// the holder checks that the path still names the directory it locked, and tries again if not.
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

    /// Locks the bundle directory at `path`, waiting up to `patience` for another writer.
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

    /// Locks `path` without waiting: nil when another process holds it.
    static func attempt(_ path: String) throws -> BundleLock? {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw BundleIO.failure(path, "open") }
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
