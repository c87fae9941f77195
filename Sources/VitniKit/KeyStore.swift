import Foundation
public import VitniCrypto
public import VitniFormats

/// Identities under `$VITNI_HOME` (default `~/.config/vitni`):
///
///     identities/NAME/identity.json   public identity (name, role, both public keys), self-signed
///     identities/NAME/age-identity.age  the X25519 identity, age-encrypted with the passphrase (scrypt)
///     identities/NAME/minisign.key      the Ed25519 key in minisign's encrypted secret-key format
///     trust/FINGERPRINT.json            public identities whose signatures this user accepts
///
/// Directories are 0700 and files 0600, and both are refused when open to others. Both secret
/// files are standard: `age -d` opens the first (giving an `age-keygen` identity file) and
/// `minisign -S -s` signs with the second. Unlocking either checks it against identity.json, so
/// a file swapped in from another identity is caught.
public struct KeyStore: Sendable {
    public let home: String

    /// - Parameter home: the store's root; nil means `$VITNI_HOME` or `~/.config/vitni`.
    public init(home: String? = nil) {
        let environment = ProcessInfo.processInfo.environment
        self.home = home ?? environment["VITNI_HOME"] ?? (NSHomeDirectory() + "/.config/vitni")
    }

    var identitiesDirectory: String { home + "/identities" }
    func directory(of name: String) -> String { identitiesDirectory + "/" + name }

    /// Names become directory names, so they are restricted to a safe alphabet.
    public static func validate(name: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard allowed, (1...64).contains(name.utf8.count), !name.hasPrefix(".") else {
            throw VitniError.invalidName(name)
        }
    }

    /// Creates a new identity: fresh X25519 and Ed25519 keys, both secrets sealed with `passphrase`.
    /// Written into a private temporary directory that is renamed into place, so an identity is
    /// complete or absent.
    /// - Returns: the public identity.
    @discardableResult
    public func create(
        name: String, role: Role, passphrase: SecretBytes, ageWorkFactor: Int = Age.defaultWorkFactor,
        signingKeyCost: MinisignSecretKey.Cost = .sensitive
    ) throws -> PublicIdentity {
        try Self.validate(name: name)
        try makePrivateDirectory(home)
        try makePrivateDirectory(identitiesDirectory)
        try checkDirectories()
        let target = directory(of: name)
        guard !FileManager.default.fileExists(atPath: target) else { throw VitniError.identityExists(name) }

        let ageIdentity = Age.X25519Identity.generate()
        let signingKey = MinisignSecretKey.generate()
        let identity = PublicIdentity(
            name: name, role: role, recipient: ageIdentity.recipient, signedBy: signingKey, created: Date())

        var template = Array((identitiesDirectory + "/.new-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw VitniError.io(path: identitiesDirectory, operation: "mkdtemp", code: errno)
        }
        let staging = String(cString: created)
        defer { try? FileManager.default.removeItem(atPath: staging) }

        try OutputFile.write(Array(identity.encoded().utf8), to: staging + "/identity.json")
        let keygenText = ageIdentity.keygenFileContents(created: identity.created)
        let ageFile = try OutputFile(path: staging + "/age-identity.age")
        try VitniError.wrap(file: ageFile.path!) {
            let encryptor = try Age.Encryptor(
                recipients: [Age.ScryptRecipient(passphrase: passphrase, workFactor: ageWorkFactor)], to: ageFile)
            try keygenText.withUnsafeBytes { try encryptor.write($0) }
            try encryptor.finish()
        }
        try ageFile.commit()
        try VitniError.wrap(file: "minisign.key") {
            try signingKey.write(toFile: staging + "/minisign.key", .passphrase(passphrase, cost: signingKeyCost))
        }
        guard rename(staging, target) == 0 else {
            throw errno == EEXIST || errno == ENOTEMPTY
                ? VitniError.identityExists(name) : VitniError.io(path: target, operation: "rename", code: errno)
        }
        return identity
    }

    /// Every identity in the store, by name.
    public func list() throws -> [PublicIdentity] {
        try checkDirectories()
        return try directoryEntries(identitiesDirectory).filter { !$0.hasPrefix(".") }.sorted().map {
            try identity(named: $0)
        }
    }

    /// The public identity named `name`. A v1 file (unsigned, from Vitni 1.0) is still read here,
    /// where its secret keys lie beside it in a private directory; `vitni key upgrade` signs it.
    /// - Throws: `VitniError.identityMismatch` when the file names someone else.
    public func identity(named name: String) throws -> PublicIdentity {
        try Self.validate(name: name)
        try checkDirectories(including: directory(of: name))
        let path = directory(of: name) + "/identity.json"
        guard FileManager.default.fileExists(atPath: path) else { throw VitniError.identityNotFound(name) }
        let identity = try PublicIdentity.load(path: path, accepting: .legacyUnsigned)
        guard identity.name == name else {
            throw VitniError.identityMismatch(
                directory: directory(of: name), reason: "identity.json names '\(identity.name)', not '\(name)'")
        }
        return identity
    }

    /// Refuses a secret key file that others can read, as ssh does.
    public static func checkPrivate(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { throw VitniError.io(path: path, operation: "stat", code: errno) }
        guard info.st_mode & 0o077 == 0 else {
            throw VitniError.keyFilePermissions(path: path, mode: UInt16(info.st_mode & 0o777))
        }
    }
}

func makePrivateDirectory(_ path: String) throws {
    if mkdir(path, 0o700) != 0 && errno != EEXIST { throw VitniError.io(path: path, operation: "mkdir", code: errno) }
}
