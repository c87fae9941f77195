extension BagIt {
    /// `Payload-Oxum: <octets>.<files>`: the payload's total size and file count, a quick
    /// completeness check every validator makes.
    public struct PayloadOxum: Equatable, Sendable, CustomStringConvertible {
        public var octetCount: UInt64
        public var streamCount: Int

        public init(octetCount: UInt64, streamCount: Int) {
            self.octetCount = octetCount
            self.streamCount = streamCount
        }

        public var description: String { "\(octetCount).\(streamCount)" }

        /// Parses `N.M` with decimal digits only (no sign, no spaces, no leading zeros beyond "0").
        /// - Returns: nil when the text is not of that form or overflows.
        public init?(_ text: String) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy(Self.isCanonicalNumber),
                let octets = UInt64(parts[0]), let streams = Int(parts[1])
            else { return nil }
            self.init(octetCount: octets, streamCount: streams)
        }

        private static func isCanonicalNumber(_ text: Substring) -> Bool {
            !text.isEmpty && text.count <= 19 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                && (text.count == 1 || text.first != "0")
        }
    }
}
