import Foundation

extension KeyStore {
    /// Refuses VITNI_HOME, `identities/` and, when given, one identity's directory if another
    /// user could enter or change them (anything beyond 0700) or they are not this user's own.
    /// Someone who can write there can swap a public identity file or a key under the user.
    /// Directories that do not exist yet pass: they are made 0700 when first needed.
    /// - Throws: `VitniError.directoryPermissions` with a `chmod` hint.
    func checkDirectories(including identityDirectory: String? = nil) throws {
        try Self.checkPrivateDirectory(home, followingLink: true)
        try Self.checkPrivateDirectory(identitiesDirectory)
        if let identityDirectory { try Self.checkPrivateDirectory(identityDirectory) }
    }

    /// One directory's check. VITNI_HOME itself may be a symbolic link (to a private directory);
    /// nothing below it may be.
    static func checkPrivateDirectory(_ path: String, followingLink: Bool = false) throws {
        var info = stat()
        guard (followingLink ? stat(path, &info) : lstat(path, &info)) == 0 else {
            if errno == ENOENT { return }
            throw VitniError.io(path: path, operation: "stat", code: errno)
        }
        let isOwnDirectory = info.st_mode & S_IFMT == S_IFDIR && info.st_uid == geteuid()
        guard isOwnDirectory, info.st_mode & 0o077 == 0 else {
            throw VitniError.directoryPermissions(
                path: path, mode: isOwnDirectory ? UInt16(info.st_mode & 0o7777) : nil)
        }
    }
}
