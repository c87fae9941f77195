/// The EXAMPLES block at the end of a command's help: real command lines from the workflow in
/// README.md, one a line, indented as the parser indents options.
func examples(_ lines: String...) -> String {
    "EXAMPLES:\n" + lines.map { "  " + $0 }.joined(separator: "\n")
}

/// A command's discussion followed by its EXAMPLES block.
func discussion(_ text: String, examples block: String) -> String { text + "\n\n" + block }
