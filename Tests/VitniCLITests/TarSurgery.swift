import Foundation
import VitniFormats
import VitniTestSupport

/// Changes a tar bundle at exact places, the way an attacker or a damaged disk would: bytes of a
/// member flipped, entries slipped in before the end, the archive cut short or extended.
enum TarSurgery {
    static func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func write(_ path: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    static func index(_ bytes: [UInt8]) throws -> Tar.Index { try Tar.index(Tar.MemoryInput(bytes)) }

    /// The member at bag path `path`.
    static func member(_ path: String, of bytes: [UInt8]) throws -> Tar.Member {
        guard let member = try index(bytes).member(path) else { throw TestSupportError("the archive has no \(path)") }
        return member
    }

    /// Flips one bit of the byte `fromEnd` bytes before the end of member `path`'s data.
    static func flip(_ path: String, in archive: String, fromEnd: Int = 1) throws {
        var bytes = try read(archive)
        let member = try member(path, of: bytes)
        bytes[Int(member.dataOffset + member.size) - fromEnd] ^= 0x01
        try write(archive, bytes)
    }

    /// `bytes` with `entries` slipped in before the end-of-archive blocks.
    static func inserting(_ entries: [UInt8], into bytes: [UInt8]) throws -> [UInt8] {
        let end = Int(try index(bytes).end)
        return Array(bytes[..<end]) + entries + [UInt8](repeating: 0, count: 1024)
    }

    /// One entry: a header of typeflag `type` for `path` (with `link` as its link target), then
    /// `data` padded to whole blocks.
    static func entry(_ path: String, type: Character = "0", data: [UInt8] = [], link: String? = nil) -> [UInt8] {
        var block = Tar.Header.render(path: path, size: UInt64(data.count), directory: false, modificationTime: 0)!
        block[156] = type.asciiValue!
        if let link { block.replaceSubrange(157..<(157 + link.utf8.count), with: Array(link.utf8)) }
        block.replaceSubrange(148..<156, with: [UInt8](repeating: 0x20, count: 8))
        let digits = String(block.reduce(0) { $0 + Int($1) }, radix: 8)
        block.replaceSubrange(
            148..<156, with: Array((String(repeating: "0", count: 6 - digits.count) + digits).utf8) + [0, 0x20])
        return block + data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }
}
