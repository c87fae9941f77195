extension BagIt {
    /// `bag-info.txt`: ordered `Label: value` metadata. Labels may repeat (RFC 8493 §2.2.2).
    ///
    /// Only the format lives here. What goes in (and that nothing in it identifies the child or
    /// the case beyond its external reference) is the caller's decision.
    public struct BagInfo: Equatable, Sendable {
        public struct Field: Equatable, Sendable {
            public var label: String
            public var value: String

            public init(_ label: String, _ value: String) {
                self.label = label
                self.value = value
            }
        }

        public static let baggingDate = "Bagging-Date"
        public static let externalIdentifier = "External-Identifier"
        public static let payloadOxum = "Payload-Oxum"
        public static let bagSize = "Bag-Size"
        public static let sourceOrganization = "Source-Organization"

        public var fields: [Field]

        public init(_ fields: [Field] = []) { self.fields = fields }

        /// The first value under `label`.
        public func value(for label: String) -> String? { fields.first { $0.label == label }?.value }

        /// Every value under `label`, in file order.
        public func values(for label: String) -> [String] { fields.filter { $0.label == label }.map(\.value) }

        /// Replaces every field under `label` by one with `value` (appended if there was none), keeping
        /// the position of the first.
        public mutating func set(_ label: String, _ value: String) {
            guard let first = fields.firstIndex(where: { $0.label == label }) else {
                fields.append(Field(label, value))
                return
            }
            fields = fields.enumerated().compactMap { index, field in
                field.label != label ? field : index == first ? Field(label, value) : nil
            }
        }

        /// The file's bytes: one `Label: value` line per field, LF-terminated, never folded.
        /// - Throws: `BagIt.FormatError` when a label or value could not be read back as written.
        public func render() throws(FormatError) -> [UInt8] {
            var out: [UInt8] = []
            for (index, field) in fields.enumerated() {
                if let problem = Self.labelProblem(field.label) ?? Self.valueProblem(field.value) {
                    throw FormatError(file: bagInfoFile, line: index + 1, reason: problem)
                }
                out += Array("\(field.label): \(field.value)\n".utf8)
            }
            return out
        }

        /// Parses the file strictly: `Label: value` lines, continuation lines starting with a space or
        /// tab (joined to the value with one space), nothing else.
        /// - Throws: `BagIt.FormatError` naming the line.
        public static func parse(_ bytes: [UInt8]) throws(FormatError) -> BagInfo {
            var fields: [Field] = []
            for (index, line) in try BagIt.lines(bytes, file: bagInfoFile).enumerated() {
                if line.first == " " || line.first == "\t" {
                    guard !fields.isEmpty else {
                        throw FormatError(file: bagInfoFile, line: index + 1, reason: "starts with a continuation line")
                    }
                    let continuation = line.drop { $0 == " " || $0 == "\t" }
                    fields[fields.count - 1].value += " " + continuation
                    continue
                }
                guard let colon = line.firstIndex(of: ":") else {
                    throw FormatError(file: bagInfoFile, line: index + 1, reason: "is not a `Label: value` line")
                }
                let label = String(line[..<colon])
                if let problem = labelProblem(label) {
                    throw FormatError(file: bagInfoFile, line: index + 1, reason: problem)
                }
                var value = line[line.index(after: colon)...]
                guard value.first == " " else {
                    throw FormatError(
                        file: bagInfoFile, line: index + 1, reason: "needs a space after the label's colon")
                }
                value = value.dropFirst()
                fields.append(Field(label, String(value)))
            }
            return BagInfo(fields)
        }

        static func labelProblem(_ label: String) -> String? {
            if label.isEmpty { return "a label is empty" }
            if label.utf8.count > 256 { return "a label is longer than 256 bytes" }
            let valid = label.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
            return valid ? nil : "a label has a space, colon or character outside printable ASCII"
        }

        static func valueProblem(_ value: String) -> String? {
            if value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "a value has a control character" }
            if value.first == " " || value.last == " " { return "a value starts or ends with a space" }
            return nil
        }
    }
}
