public import Foundation

/// Why a protocol file was rejected: the file, the 1-based line, the field path
/// (`phases[2].items[0].kind`) and what was expected.
///
/// Problems that belong to no single field use a marker in place of the path: `(file)` for the
/// bytes (size, encoding, an empty file), `(yaml)` for YAML syntax, `(root)` for the top level.
/// The message quotes at most a short, escaped excerpt of the offending value, so printing an
/// error cannot pass terminal control sequences through from a hostile file.
public struct ProtocolError: Error, Sendable, Equatable {
    public let file: String
    /// 1-based line of the offending node.
    public let line: Int
    /// Dotted path of the field, with list indexes: `phases[2].items[0].kind`.
    public let field: String
    public let message: String

    public init(file: String, line: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }
}

extension ProtocolError: CustomStringConvertible, LocalizedError {
    /// `FILE:LINE: FIELD: MESSAGE`, the form compilers use, so editors can jump to it.
    public var description: String { "\(file):\(line): \(field): \(message)" }

    public var errorDescription: String? { description }
}
