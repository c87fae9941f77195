extension BagIt {
    /// One manifest line: a SHA-256 digest (64 lower-case hex digits) and a bag-relative path.
    public struct ManifestEntry: Equatable, Hashable, Sendable {
        public var digest: String
        public var path: String

        public init(digest: String, path: String) {
            self.digest = digest
            self.path = path
        }
    }

    /// `manifest-sha256.txt` or `tagmanifest-sha256.txt`: `<hex>  <path>` lines, LF-terminated.
    public struct Manifest: Equatable, Sendable {
        public var entries: [ManifestEntry]

        public init(_ entries: [ManifestEntry] = []) { self.entries = entries }

        /// The digest listed for `path`, if any.
        public func digest(for path: String) -> String? { entries.first { $0.path == path }?.digest }

        /// The file's bytes, entries sorted by path so the same content always gives the same bytes.
        /// - Parameters:
        ///   - file: the manifest's name, for errors.
        ///   - scope: whether the paths must be payload or tag paths.
        /// - Throws: `BagIt.FormatError` when an entry breaks a rule ``parse(_:file:scope:)`` enforces.
        public func render(file: String, scope: PathScope) throws(FormatError) -> [UInt8] {
            let sorted = entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            var seen = Set<String>()
            var out: [UInt8] = []
            for (index, entry) in sorted.enumerated() {
                if let problem = Self.digestProblem(entry.digest) ?? BagIt.pathProblem(entry.path, scope: scope) {
                    throw FormatError(file: file, line: index + 1, reason: problem)
                }
                guard seen.insert(entry.path).inserted else {
                    throw FormatError(file: file, line: index + 1, reason: "lists a path twice")
                }
                out += Array("\(entry.digest)  \(entry.path)\n".utf8)
            }
            return out
        }

        /// Parses a manifest as hostile input: bounded size and line count, exact line form, the path
        /// rules of ``BagIt/pathProblem(_:scope:)``, no path listed twice.
        /// - Throws: `BagIt.FormatError` naming the line and the rule.
        public static func parse(_ bytes: [UInt8], file: String, scope: PathScope) throws(FormatError) -> Manifest {
            var entries: [ManifestEntry] = []
            var seen = Set<String>()
            for (index, line) in try BagIt.lines(bytes, file: file).enumerated() {
                let utf8 = Array(line.utf8)
                guard utf8.count > 66, utf8[64] == 0x20, utf8[65] == 0x20 else {
                    throw FormatError(
                        file: file, line: index + 1, reason: "is not of the form `<64 lower-case hex digits>  <path>`")
                }
                let digest = String(decoding: utf8[..<64], as: UTF8.self)
                let path = String(decoding: utf8[66...], as: UTF8.self)
                if let problem = digestProblem(digest) ?? BagIt.pathProblem(path, scope: scope) {
                    throw FormatError(file: file, line: index + 1, reason: problem)
                }
                guard seen.insert(path).inserted else {
                    throw FormatError(file: file, line: index + 1, reason: "lists a path already listed")
                }
                entries.append(ManifestEntry(digest: digest, path: path))
            }
            return Manifest(entries)
        }

        static func digestProblem(_ digest: String) -> String? {
            let valid =
                digest.utf8.count == 64
                && digest.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
            return valid ? nil : "the digest is not 64 lower-case hex digits"
        }
    }
}
