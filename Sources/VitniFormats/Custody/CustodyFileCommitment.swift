extension Custody {
    /// A payload file named by a `sealed` or `amended` event: `{"path": …, "sha256": …}` in the
    /// event's `detail.files`. Once committed, a path's bytes may never change.
    public struct FileCommitment: Equatable, Hashable, Sendable, Codable {
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }

        /// `detail.files` key, and `detail.manifest_sha256`: the payload manifest's hash after the event.
        public static let filesKey = "files"
        public static let manifestKey = "manifest_sha256"

        /// The JSON form used in `detail.files`.
        public var jsonValue: CanonicalJSON.Value { .object(["path": .string(path), "sha256": .string(sha256)]) }

        /// Reads `detail.files`.
        /// - Returns: nil when the member is missing or any entry is not `{path, sha256}` with a valid
        ///   payload path and digest.
        public static func files(in detail: [String: CanonicalJSON.Value]) -> [FileCommitment]? {
            guard let items = detail[filesKey]?.arrayValue else { return nil }
            var result: [FileCommitment] = []
            for item in items {
                guard let members = item.objectValue, members.count == 2, let path = members["path"]?.stringValue,
                    let digest = members["sha256"]?.stringValue, Custody.isDigest(digest),
                    BagIt.pathProblem(path, scope: .payload) == nil
                else { return nil }
                result.append(FileCommitment(path: path, sha256: digest))
            }
            return result
        }
    }
}
