import Yams

extension InterviewProtocol {
    /// Largest protocol file accepted. The shipped files are a few KiB; the cap bounds the work a
    /// hostile file can cause before it is rejected.
    public static let maximumFileSize = 256 * 1024
    /// Longest id (protocol, phase or item).
    public static let maximumIDLength = 64

    /// Whether `id` is a well-formed protocol, phase or item id: `[a-z0-9-]+`, at most
    /// `maximumIDLength` bytes. Safe to use in a file name: no '.', '/' or spaces.
    public static func isValidID(_ id: String) -> Bool { ProtocolSchemaReader.isIdentifier(id) }

    /// Reads a protocol file's bytes: checks the size cap and UTF-8 before parsing.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents (callers may stop reading after `maximumFileSize + 1` bytes).
    ///   - file: The name errors should carry; when it ends in `.yaml` the protocol id must match it.
    /// - Returns: The checked protocol.
    /// - Throws: `ProtocolError` naming the file, line and field of the first problem.
    public static func parse(bytes: [UInt8], file: String) throws(ProtocolError) -> InterviewProtocol {
        try checkSize(bytes, file: file)
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var line = 1
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: break decoding
            case .error:
                throw ProtocolError(file: file, line: line, field: "(file)", message: "the file is not valid UTF-8")
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return try parse(yaml: text, file: file)
    }

    private static func checkSize(_ bytes: some Collection<UInt8>, file: String) throws(ProtocolError) {
        guard bytes.count > maximumFileSize else { return }
        let line = bytes.prefix(maximumFileSize).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        throw ProtocolError(
            file: file, line: line, field: "(file)",
            message: "the file is larger than the \(maximumFileSize / 1024) KiB limit for a protocol file "
                + "(it passes the limit on this line)")
    }

    /// Parses and checks a protocol file, treating it as hostile: unknown keys, missing or
    /// mistyped fields, malformed or duplicate ids, empty lists, references to phases that do not
    /// exist, anchors and aliases, control characters and oversize input are all rejected.
    ///
    /// - Parameters:
    ///   - yaml: The file's text.
    ///   - file: The name errors should carry; when it ends in `.yaml` the protocol id must match it.
    /// - Returns: The checked protocol.
    /// - Throws: `ProtocolError` naming the file, line and field of the first problem.
    public static func parse(yaml: String, file: String) throws(ProtocolError) -> InterviewProtocol {
        try checkSize(yaml.utf8, file: file)
        if let line = ProtocolSchemaReader.firstPossibleAnchor(in: yaml) {
            // Refused before Yams sees the text: with no anchor, every alias is undefined and fails
            // at once, so an alias bomb (nested aliases used as a mapping key, which Yams hashes
            // in full) can never be composed.
            throw ProtocolError(
                file: file, line: line, field: "(yaml)",
                message: "YAML anchors and aliases (&name, *name) are not allowed in protocol files; "
                    + "if this '&' is text, put a space after it")
        }
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: yaml)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            throw ProtocolSchemaReader.syntaxError(error, file: file)
        } catch {
            throw ProtocolError(
                file: file, line: 1, field: "(yaml)",
                message: "cannot parse: " + ProtocolSchemaReader.sanitised("\(error)", limit: 120))
        }
        guard let root else {
            throw ProtocolError(
                file: file, line: 1, field: "(file)",
                message: "the file holds no YAML document; expected a mapping with id, version, title, "
                    + "source, description and phases")
        }
        // The parser owns the anchors; keeping it alive keeps `Node.anchor` set, which is how an
        // anchored node (and so any alias to it) is recognised and refused.
        return try withExtendedLifetime(parser) { () throws(ProtocolError) -> InterviewProtocol in
            try ProtocolSchemaReader(file: file).readProtocol(root)
        }
    }
}

/// The field names the schema allows at each level, in the order errors list them.
enum ProtocolSchemaKeys {
    static let root = ["id", "version", "title", "source", "description", "phases"]
    static let phase = ["id", "title", "required", "after", "items"]
    static let item = ["id", "kind", "text", "required", "evidence"]
}

/// Walks the composed YAML tree, checking each node against the schema before reading it.
struct ProtocolSchemaReader {
    let file: String

    /// A mapping's entries, keyed by name, after the keys were checked against the schema.
    struct Fields {
        let node: Node
        let path: String
        let values: [String: Node]

        func child(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
    }

    // MARK: Protocol, phases, items

    func readProtocol(_ root: Node) throws(ProtocolError) -> InterviewProtocol {
        let fields = try mapping(root, path: "", allowed: ProtocolSchemaKeys.root)
        let id = try identifier(fields, "id")
        if let expected = Self.idFromFileName(file), expected != id.value {
            throw error(
                id.node, "id",
                "\(quoted(id.value)) does not match the file name \(quoted(expected + ".yaml")): rename the file "
                    + "or change the id")
        }
        let version = try string(fields, "version", singleLine: true)
        guard version.value.count <= 32, version.value.unicodeScalars.allSatisfy(Self.isVersionCharacter) else {
            throw error(
                version.node, "version",
                "expected letters, digits, '.', '_' or '-' (at most 32), found \(quoted(version.value))")
        }
        let title = try string(fields, "title", singleLine: true)
        let source = try string(fields, "source", singleLine: false)
        let description = try string(fields, "description", singleLine: false)
        let phaseNodes = try sequence(fields, "phases", noun: "phase")

        var phases: [InterviewProtocol.Phase] = []
        var firstLine: [String: Int] = [:]
        var references: [(phase: Int, entries: [(id: String, node: Node, path: String)])] = []
        for (index, node) in phaseNodes.enumerated() {
            let path = "phases[\(index)]"
            let phaseFields = try mapping(node, path: path, allowed: ProtocolSchemaKeys.phase)
            let phaseID = try identifier(phaseFields, "id")
            if let first = firstLine[phaseID.value] {
                throw error(
                    phaseID.node, phaseFields.child("id"),
                    "duplicate phase id \(quoted(phaseID.value)) (first used on line \(first))")
            }
            firstLine[phaseID.value] = line(phaseID.node)
            let phaseTitle = try string(phaseFields, "title", singleLine: true)
            let required = try boolean(phaseFields, "required", default: nil)
            let after = try phaseReferences(phaseFields)
            references.append((index, after))
            let items = try readItems(phaseFields, phaseID: phaseID.value)
            phases.append(
                InterviewProtocol.Phase(
                    id: phaseID.value, title: phaseTitle.value, required: required, after: after.map(\.id),
                    items: items))
        }
        try checkReferences(references, phases: phases)
        return InterviewProtocol(
            id: id.value, version: version.value, title: title.value, source: source.value,
            description: description.value, phases: phases)
    }

    func readItems(_ phase: Fields, phaseID: String) throws(ProtocolError) -> [InterviewProtocol.Item] {
        let nodes = try sequence(phase, "items", noun: "item")
        var items: [InterviewProtocol.Item] = []
        var firstLine: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            let fields = try mapping(node, path: phase.child("items") + "[\(index)]", allowed: ProtocolSchemaKeys.item)
            let id = try identifier(fields, "id")
            if let first = firstLine[id.value] {
                throw error(
                    id.node, fields.child("id"),
                    "duplicate item id \(quoted(id.value)) in phase \(quoted(phaseID)) (first used on line \(first))")
            }
            firstLine[id.value] = line(id.node)
            let kindNode = try required(fields, "kind")
            let kindText = try scalarText(kindNode, fields.child("kind"), expected: "one of \(Self.kindList)")
            guard let kind = InterviewProtocol.ItemKind(rawValue: kindText) else {
                throw error(
                    kindNode, fields.child("kind"), "expected one of \(Self.kindList), found \(quoted(kindText))")
            }
            let text = try string(fields, "text", singleLine: false)
            let required = try boolean(fields, "required", default: true)
            let evidence = try optionalString(fields, "evidence")
            items.append(
                InterviewProtocol.Item(
                    id: id.value, kind: kind, text: text.value, required: required, evidence: evidence))
        }
        return items
    }

    /// The optional `after:` list: ids only here; whether they exist is checked once all phases are read.
    func phaseReferences(_ phase: Fields) throws(ProtocolError) -> [(id: String, node: Node, path: String)] {
        guard phase.values["after"] != nil else { return [] }
        let nodes = try sequence(phase, "after", noun: "phase id")
        var entries: [(id: String, node: Node, path: String)] = []
        for (index, node) in nodes.enumerated() {
            let path = phase.child("after") + "[\(index)]"
            let id = try identifier(node, path)
            if entries.contains(where: { $0.id == id }) {
                throw error(node, path, "phase \(quoted(id)) is listed twice")
            }
            entries.append((id, node, path))
        }
        return entries
    }

    /// Every `after:` entry must name a phase that exists and comes earlier in the file.
    func checkReferences(
        _ references: [(phase: Int, entries: [(id: String, node: Node, path: String)])],
        phases: [InterviewProtocol.Phase]
    ) throws(ProtocolError) {
        let ids = phases.map(\.id)
        for (phaseIndex, entries) in references {
            for entry in entries {
                guard let target = ids.firstIndex(of: entry.id) else {
                    throw error(
                        entry.node, entry.path,
                        "unknown phase reference \(quoted(entry.id)); the phases are \(ids.joined(separator: ", "))")
                }
                if target == phaseIndex {
                    throw error(entry.node, entry.path, "phase \(quoted(entry.id)) cannot come after itself")
                }
                if target > phaseIndex {
                    throw error(
                        entry.node, entry.path,
                        "phase \(quoted(entry.id)) must come before \(quoted(ids[phaseIndex])) but is listed "
                            + "later; move it up or drop it from after")
                }
            }
        }
    }

    // MARK: Typed fields

    /// Checks that `node` is a plain mapping whose keys are all known; reports the first unknown key.
    func mapping(_ node: Node, path: String, allowed: [String]) throws(ProtocolError) -> Fields {
        let label = path.isEmpty ? "(root)" : path
        try refuseAnchor(node, label)
        guard case .mapping(let mapping) = node, Self.isDefaultTag(node, .map) else {
            throw error(
                node, label, "expected a mapping of \(allowed.joined(separator: ", ")), found \(describe(node))")
        }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            try refuseAnchor(key, label)
            guard case .scalar(let scalar) = key, Self.isDefaultTag(key, .str) else {
                throw error(key, label, "expected a field name, found \(describe(key))")
            }
            let name = scalar.string
            let fieldPath = path.isEmpty ? name : path + "." + name
            guard allowed.contains(name) else {
                throw error(
                    key, Self.sanitised(fieldPath, limit: 80),
                    "unknown field; expected one of \(allowed.joined(separator: ", "))")
            }
            values[name] = value
        }
        return Fields(node: node, path: path, values: values)
    }

    func required(_ fields: Fields, _ key: String) throws(ProtocolError) -> Node {
        guard let node = fields.values[key] else {
            let owner = fields.path.isEmpty ? "the protocol" : fields.path
            throw error(fields.node, fields.child(key), "missing required field (in \(owner))")
        }
        return node
    }

    func sequence(_ fields: Fields, _ key: String, noun: String) throws(ProtocolError) -> [Node] {
        let node = try required(fields, key)
        let path = fields.child(key)
        try refuseAnchor(node, path)
        guard case .sequence(let sequence) = node, Self.isDefaultTag(node, .seq) else {
            throw error(node, path, "expected a list of \(noun)s, found \(describe(node))")
        }
        guard !sequence.isEmpty else {
            throw error(node, path, "expected at least one \(noun), found an empty list")
        }
        return Array(sequence)
    }

    func identifier(_ fields: Fields, _ key: String) throws(ProtocolError) -> (value: String, node: Node) {
        let node = try required(fields, key)
        return (try identifier(node, fields.child(key)), node)
    }

    func identifier(_ node: Node, _ path: String) throws(ProtocolError) -> String {
        let expected = "an id of lower-case letters, digits and '-' (at most \(InterviewProtocol.maximumIDLength))"
        let text = try scalarText(node, path, expected: expected)
        guard Self.isIdentifier(text) else { throw error(node, path, "expected \(expected), found \(quoted(text))") }
        return text
    }

    func string(_ fields: Fields, _ key: String, singleLine: Bool) throws(ProtocolError) -> (
        value: String, node: Node
    ) {
        let node = try required(fields, key)
        return (try text(node, fields.child(key), singleLine: singleLine), node)
    }

    func optionalString(_ fields: Fields, _ key: String) throws(ProtocolError) -> String? {
        guard let node = fields.values[key] else { return nil }
        return try text(node, fields.child(key), singleLine: false)
    }

    /// A non-empty text without control characters (other than line breaks where allowed) or
    /// bidirectional overrides, which could disguise what a terminal shows.
    func text(_ node: Node, _ path: String, singleLine: Bool) throws(ProtocolError) -> String {
        let value = try scalarText(node, path, expected: singleLine ? "a one-line text" : "a text")
        guard !value.allSatisfy(\.isWhitespace) else {
            throw error(node, path, "expected a text, found an empty one")
        }
        for scalar in value.unicodeScalars where Self.isForbidden(scalar, singleLine: singleLine) {
            let what = scalar == "\n" ? "a line break" : "the control character \(Self.codePoint(scalar))"
            throw error(node, path, "\(what) is not allowed here")
        }
        return value
    }

    func boolean(_ fields: Fields, _ key: String, default fallback: Bool?) throws(ProtocolError) -> Bool {
        let path = fields.child(key)
        guard let node = fields.values[key] else {
            if let fallback { return fallback }
            throw error(fields.node, path, "missing required field (in \(fields.path)); expected true or false")
        }
        try refuseAnchor(node, path)
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
            Self.isDefaultTag(node, .bool), scalar.string == "true" || scalar.string == "false"
        else {
            throw error(node, path, "expected true or false, found \(describe(node))")
        }
        return scalar.string == "true"
    }

    /// A scalar that resolves to a YAML string; numbers, booleans, null and dates are refused
    /// rather than converted, so `version: 2014` asks to be quoted instead of being guessed at.
    func scalarText(_ node: Node, _ path: String, expected: String) throws(ProtocolError) -> String {
        try refuseAnchor(node, path)
        guard case .scalar(let scalar) = node, Self.isDefaultTag(node, .str) else {
            var message = "expected \(expected), found \(describe(node))"
            if case .scalar(let scalar) = node, [.int, .float, .bool, .null, .timestamp].contains(Self.tagName(node)),
                !scalar.string.isEmpty
            {
                message += "; quote it (\"\(Self.sanitised(scalar.string, limit: 40))\") to make it text"
            }
            throw error(node, path, message)
        }
        return scalar.string
    }

    func refuseAnchor(_ node: Node, _ path: String) throws(ProtocolError) {
        if node.anchor != nil {
            throw error(node, path, "anchors and aliases (&name, *name) are not allowed in protocol files")
        }
    }

    // MARK: Errors

    func error(_ node: Node, _ field: String, _ message: String) -> ProtocolError {
        ProtocolError(file: file, line: line(node), field: field, message: message)
    }

    func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    func quoted(_ text: String) -> String { "\"" + Self.sanitised(text, limit: 60) + "\"" }

    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            let value = Self.sanitised(scalar.string, limit: 40)
            switch Self.tagName(node) {
            case .str: return "the text \"\(value)\""
            case .int, .float: return "the number \(value)"
            case .bool: return "the boolean \(value)"
            case .null: return "nothing (null)"
            case .timestamp: return "the date \(value)"
            default: return "a value tagged \(Self.sanitised(node.tag.rawValue, limit: 40))"
            }
        }
    }

    static func syntaxError(_ error: YamlError, file: String) -> ProtocolError {
        func make(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> ProtocolError {
            var message = "invalid YAML: " + sanitised(problem, limit: 120)
            if let context, !context.text.isEmpty { message += " (" + sanitised(context.text, limit: 80) + ")" }
            return ProtocolError(file: file, line: max(mark.line, 1), field: "(yaml)", message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return make(mark, problem, context)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"" + sanitised($0, limit: 40) + "\"" }.joined(separator: ", ")
            return ProtocolError(
                file: file, line: max(context.mark.line, 1), field: "(yaml)",
                message: "a mapping repeats the key \(keys)")
        case .reader(let problem, let offset, _, let yaml):
            let line = offset.map { offset in yaml.utf8.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } } ?? 1
            return ProtocolError(
                file: file, line: line, field: "(yaml)", message: "unreadable text: " + sanitised(problem, limit: 120))
        default:
            return ProtocolError(file: file, line: 1, field: "(yaml)", message: "cannot parse the YAML")
        }
    }

    // MARK: Character rules

    /// The line of the first `&` that YAML could read as an anchor: one directly followed by a
    /// name character and not preceded by a letter or digit. Deliberately lexical and
    /// over-inclusive (it does not know about quotes or comments), so it cannot miss one.
    static func firstPossibleAnchor(in text: String) -> Int? {
        var line = 1
        var previous: UInt8 = 0x0A
        var pendingAmpersand = false
        for byte in text.utf8 {
            if pendingAmpersand {
                pendingAmpersand = false
                switch byte {
                case 0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D: break  // space tab CR LF , [ ] { }
                default: return line
                }
            }
            if byte == 0x26, !isAlphanumeric(previous) { pendingAmpersand = true }  // &
            if byte == 0x0A { line += 1 }
            previous = byte
        }
        return nil
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static let kindList = InterviewProtocol.ItemKind.allCases.map(\.rawValue).joined(separator: ", ")

    /// `U+001B`
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= InterviewProtocol.maximumIDLength
            && text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    static func isVersionCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": true
        default: false
        }
    }

    static func isForbidden(_ scalar: Unicode.Scalar, singleLine: Bool) -> Bool {
        switch scalar.value {
        case 0x0A: singleLine
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional controls
        case 0x2028, 0x2029: true  // line and paragraph separators
        default: false
        }
    }

    /// The node's resolved tag (`!!str`, `!!int`, … or an explicit one).
    static func tagName(_ node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    /// `true` when the node carries no explicit tag other than the standard one for its kind
    /// (`!!str` on a text is fine; `!python/object` is not).
    static func isDefaultTag(_ node: Node, _ expected: Tag.Name) -> Bool { Self.tagName(node) == expected }

    /// A short, printable excerpt: control and bidirectional characters escaped, long text cut.
    static func sanitised(_ text: String, limit: Int) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "…"
                break
            }
            if isForbidden(scalar, singleLine: true) || scalar == "\"" || scalar == "\\" {
                out += scalar == "\"" ? "\\\"" : scalar == "\\" ? "\\\\" : "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }

    /// The id a file name implies: `protocols/abe.yaml` → `abe`; `nil` when it is not a `.yaml` name.
    static func idFromFileName(_ file: String) -> String? {
        let base = file.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? file
        for suffix in [".yaml", ".yml"] where base.hasSuffix(suffix) && base.count > suffix.count {
            return String(base.dropLast(suffix.count))
        }
        return nil
    }
}
