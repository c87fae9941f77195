extension BagIt {
    /// `bagit.txt`: the two lines that make a directory a BagIt 1.0 bag.
    public enum Declaration {
        /// The exact bytes Vitni writes, and the only ones it accepts.
        public static let text = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

        public static func render() -> [UInt8] { Array(text.utf8) }

        /// Accepts exactly ``text`` (no BOM, no CR, no other version or encoding).
        /// - Throws: `BagIt.FormatError` naming the first line that differs.
        public static func parse(_ bytes: [UInt8]) throws(FormatError) {
            let lines = try BagIt.lines(bytes, file: declarationFile)
            let expected = ["BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"]
            for (index, line) in lines.enumerated() where index >= expected.count || line != expected[index] {
                throw FormatError(
                    file: declarationFile, line: index + 1,
                    reason: index >= expected.count
                        ? "has lines after the two BagIt declaration lines"
                        : "must be exactly \"\(expected[index])\"")
            }
            guard lines.count == expected.count else {
                throw FormatError(
                    file: declarationFile, line: nil,
                    reason: "must hold exactly \"\(expected.joined(separator: "\" and \""))\"")
            }
        }
    }
}
