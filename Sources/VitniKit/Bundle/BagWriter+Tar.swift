import Foundation
import VitniCrypto

extension BagWriter {
    /// Writes the single-file form of a finished bag: an uncompressed tar with the bag's name
    /// as its top directory, streamed file by file and linked into place only when complete.
    /// - Returns: the archive's path.
    public static func tarCopy(of bundle: String, to destination: String) throws -> String {
        guard !BundleIO.exists(destination) else { throw BundleError.destinationExists(destination) }
        let root = BundleIO.lastComponent(of: bundle)
        let output = try TarBagOutput(
            destination: destination, root: root, modificationTime: Int64(Date().timeIntervalSince1970))
        do {
            let files = (FileManager.default.enumerator(atPath: bundle)?.allObjects as? [String] ?? []).sorted()
            for relative in files {
                var info = stat()
                guard lstat(bundle + "/" + relative, &info) == 0 else {
                    throw BundleIO.failure(bundle + "/" + relative, "read")
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: try output.makeDirectory(relative)
                case S_IFREG:
                    let sink = try output.beginFile(relative)
                    try BundleIO.openRegular(bundle + "/" + relative).copy(to: sink)
                    try sink.close()
                default: throw BundleError.invalidInput("\(bundle)/\(relative) is not a regular file or directory")
                }
            }
            try output.commit()
        } catch {
            output.discard()
            throw error
        }
        return destination
    }
}
