extension Tar {
    /// Checks each entry's path as it is added: one top directory, relative paths without `..`,
    /// `.` or empty segments (a leading `./` aside), each path once, nothing inside a file.
    struct IndexBuilder {
        let limits: Limits
        var root: String?
        var members: [Member] = []
        var files: Set<String> = []
        var directories: Set<String> = []
        /// Paths with an entry of their own (directories may also exist implicitly).
        var listed: Set<String> = []
        var rootListed = false

        init(limits: Limits) { self.limits = limits }

        mutating func add(
            _ raw: [UInt8], isDirectory: Bool, size: UInt64, dataOffset: UInt64, headerOffset: UInt64, end: UInt64,
            at offset: UInt64
        ) throws {
            func refuse(_ reason: String) -> FormatError { FormatError(offset: offset, "\(describe(raw)) \(reason)") }
            guard let text = String(validating: raw, as: UTF8.self) else { throw refuse("is a name that is not UTF-8") }
            guard !text.hasPrefix("/") else { throw refuse("is an absolute path (extracting it writes outside)") }
            var name = Substring(text)
            if name.hasSuffix("/") {
                guard isDirectory else { throw refuse("is a file whose name ends in '/'") }
                name = name.dropLast()
            }
            var segments = name.split(separator: "/", omittingEmptySubsequences: false)
            if segments.first == "." { segments.removeFirst() }
            // "./" itself names the place the archive is extracted to.
            if segments.isEmpty, isDirectory { return }
            for segment in segments {
                if segment == ".." { throw refuse("has a '..' segment (extracting it writes outside)") }
                if segment == "." || segment.isEmpty { throw refuse("has an empty or '.' segment") }
            }
            guard let top = segments.first else { throw refuse("is an empty name") }
            if let root, root != top {
                throw refuse(
                    "is outside \(root.debugDescription): a bundle archive holds exactly one top directory, the bag")
            }
            root = String(top)
            let path = segments.dropFirst().joined(separator: "/")
            if path.isEmpty {
                guard isDirectory else {
                    throw refuse("is a file at the archive's top: a bundle archive holds one directory, the bag")
                }
                guard !rootListed else { throw refuse("appears twice (a later entry would replace the earlier one)") }
                rootListed = true
                return
            }
            guard members.count < limits.entries else {
                throw FormatError(offset: offset, "the archive has more than \(limits.entries) entries")
            }
            guard !listed.contains(path) else {
                throw refuse("appears twice (a later entry would replace the earlier one)")
            }
            var parent = ""
            for segment in segments.dropFirst().dropLast() {
                parent += parent.isEmpty ? String(segment) : "/" + segment
                guard !files.contains(parent) else { throw refuse("is inside \(parent.debugDescription), a file") }
                directories.insert(parent)
            }
            if isDirectory {
                guard !files.contains(path) else { throw refuse("is both a file and a directory") }
                directories.insert(path)
            } else {
                guard !directories.contains(path) else { throw refuse("is both a file and a directory") }
                files.insert(path)
            }
            listed.insert(path)
            members.append(
                Member(
                    path: path, isDirectory: isDirectory, size: size, dataOffset: dataOffset,
                    headerOffset: headerOffset,
                    end: end))
        }

        func finish(end: UInt64) throws -> Index {
            guard let root else { throw FormatError(offset: end, "the archive holds no entries") }
            return Index(root: root, members: members, directories: directories, end: end)
        }
    }
}
