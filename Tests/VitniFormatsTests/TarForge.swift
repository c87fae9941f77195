import VitniFormats

/// Builds tar archives block by block, honest or hostile, for the reader's tests.
enum TarForge {
    enum Magic { case posix, gnu }

    /// One header block with a correct checksum (unless the caller breaks it afterwards).
    static func header(
        _ name: [UInt8], type: UInt8 = UInt8(ascii: "0"), size: UInt64 = 0, magic: Magic = .posix,
        prefix: [UInt8] = [], sizeField: [UInt8]? = nil
    ) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at start: Int) { block.replaceSubrange(start..<(start + bytes.count), with: bytes) }
        func octal(_ value: UInt64, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: width - 1 - digits.count) + digits).utf8) + [0]
        }
        put(Array(name.prefix(100)), at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(sizeField ?? octal(size, width: 12), at: 124)
        put(octal(1_700_000_000, width: 12), at: 136)
        block[156] = type
        put(magic == .posix ? Array("ustar\u{0}00".utf8) : Array("ustar  \u{0}".utf8), at: 257)
        put(prefix, at: 345)
        seal(&block)
        return block
    }

    static func header(_ name: String, type: Character = "0", size: UInt64 = 0, magic: Magic = .posix) -> [UInt8] {
        header(Array(name.utf8), type: type.asciiValue!, size: size, magic: magic)
    }

    /// Writes the checksum of `block` into it.
    static func seal(_ block: inout [UInt8]) {
        block.replaceSubrange(148..<156, with: [UInt8](repeating: 0x20, count: 8))
        let sum = block.reduce(0) { $0 + Int($1) }
        let digits = String(sum, radix: 8)
        block.replaceSubrange(
            148..<156, with: Array((String(repeating: "0", count: 6 - digits.count) + digits).utf8) + [0, 0x20])
    }

    /// Data padded with NUL to whole blocks.
    static func padded(_ data: [UInt8]) -> [UInt8] {
        data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    /// A regular file (or another type) with its data.
    static func file(_ name: String, _ data: [UInt8], type: Character = "0", magic: Magic = .posix) -> [UInt8] {
        header(name, type: type, size: UInt64(data.count), magic: magic) + padded(data)
    }

    static func directory(_ name: String) -> [UInt8] { header(name, type: "5") }

    /// A pax extended header (`x`, or `g` when `global`) holding `records`.
    static func pax(_ records: [(String, String)], global: Bool = false) -> [UInt8] {
        let data = Array(records.map { record($0.0, $0.1) }.joined().utf8)
        return header("PaxHeaders/x", type: global ? "g" : "x", size: UInt64(data.count)) + padded(data)
    }

    /// `<length> key=value\n`, the length counting itself.
    static func record(_ key: String, _ value: String) -> String {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).count + body.utf8.count != length { length += 1 }
        return String(length) + body
    }

    /// A GNU `L` header naming the next entry.
    static func longName(_ name: String) -> [UInt8] {
        let data = Array(name.utf8) + [0]
        return header(Array("././@LongLink".utf8), type: UInt8(ascii: "L"), size: UInt64(data.count), magic: .gnu)
            + padded(data)
    }

    static let end = [UInt8](repeating: 0, count: 1024)

    /// The parts in order, then the end-of-archive blocks.
    static func archive(_ parts: [[UInt8]]) -> [UInt8] { Array(parts.joined()) + end }

    /// A small honest bag archive: `B/` with one file.
    static let honest = archive([directory("B/"), file("B/a", Array("hello".utf8))])
}
