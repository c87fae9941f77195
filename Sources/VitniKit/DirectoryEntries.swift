import Foundation

/// The names in a key or trust directory (not `.` or `..`). A directory that does not exist yet
/// holds nothing; any other failure (permissions, a file where the directory should be) is an
/// error, so an unreadable store is never mistaken for an empty one.
/// - Throws: `VitniError.io` naming the directory.
func directoryEntries(_ path: String) throws -> [String] {
    guard let handle = opendir(path) else {
        if errno == ENOENT { return [] }
        throw VitniError.io(path: path, operation: "open the directory", code: errno)
    }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}
