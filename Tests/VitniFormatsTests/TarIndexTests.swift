import Testing
import VitniFormats

/// The tar reader: what GNU tar, Python's tarfile and bsdtar write for a bag is indexed; every
/// entry extraction could turn against the reader is refused, with the rule it breaks.
@Suite struct TarIndexTests {
    typealias F = TarForge

    func index(_ bytes: [UInt8], limits: Tar.Limits = Tar.Limits()) throws -> Tar.Index {
        try Tar.index(Tar.MemoryInput(bytes), limits: limits)
    }

    /// The refusal of `bytes`, which must be one.
    func refusal(_ bytes: [UInt8], limits: Tar.Limits = Tar.Limits()) throws -> Tar.FormatError {
        do {
            let index = try index(bytes, limits: limits)
            Issue.record("accepted: \(index)")
            throw TarTestFailure()
        } catch let error as Tar.FormatError {
            return error
        }
    }

    struct TarTestFailure: Error {}

    @Test func anHonestArchiveIsIndexedByItsHeaders() throws {
        let index = try index(F.honest)
        #expect(index.root == "B")
        #expect(index.members.map(\.path) == ["a"])
        let member = try #require(index.member("a"))
        #expect(member.size == 5 && member.dataOffset == 1024 && member.headerOffset == 512 && member.end == 1536)
        #expect(index.end == 1536)
        #expect(index.directories.isEmpty)
    }

    @Test func aLongPathSplitIntoPrefixAndNameIsJoined() throws {
        let directory = String(repeating: "d", count: 90)
        let name = "B/\(directory)/\(String(repeating: "f", count: 90))"
        let block = try #require(Tar.Header.render(path: name, size: 2, directory: false, modificationTime: 0))
        let index = try index(F.archive([block + F.padded([1, 2])]))
        #expect(index.members.map(\.path) == ["\(directory)/\(String(repeating: "f", count: 90))"])
        #expect(index.directories == [directory], "a directory known from a path inside it")
    }

    @Test func aGNUHeaderHasNoPrefix() throws {
        var block = F.header(Array("B/a".utf8), size: 0, magic: .gnu, prefix: Array("14567123451".utf8))
        F.seal(&block)
        #expect(
            try index(F.archive([block])).members.map(\.path) == ["a"], "GNU keeps times where ustar keeps a prefix")
    }

    @Test func paxPathAndSizeOverrideTheHeader() throws {
        let long = "B/" + String(repeating: "x", count: 150)
        let data = [UInt8](repeating: 7, count: 700)
        let archive = F.archive([
            F.pax([("path", long), ("size", "700"), ("mtime", "1700000000.5"), ("SCHILY.xattr.user.x", "y")]),
            F.header(Array("B/short".utf8), size: 0) + F.padded(data),
        ])
        let index = try index(archive)
        let member = try #require(index.member(String(long.dropFirst(2))))
        #expect(member.size == 700 && member.headerOffset == 0 && member.dataOffset == 1536)
    }

    @Test func aGNULongNameNamesTheNextEntry() throws {
        let long = "B/" + String(repeating: "y", count: 180)
        let index = try index(F.archive([F.longName(long), F.file("B/ignored", [1], magic: .gnu)]))
        #expect(index.members.map(\.path) == [String(long.dropFirst(2))])
        #expect(index.members[0].headerOffset == 0, "the member starts at its long-name header")
    }

    @Test func aBase256SizeIsRead() throws {
        let field: [UInt8] = [0x80] + [UInt8](repeating: 0, count: 9) + [0x01, 0x00]
        let block = F.header(Array("B/a".utf8), size: 0, sizeField: field)
        let index = try index(F.archive([block + [UInt8](repeating: 0, count: 256)]))
        #expect(index.member("a")?.size == 256)
    }

    @Test func aSizeNearTheLargestNumberIsDataPastTheEndNotAnOverflow() throws {
        let field: [UInt8] = [0x80, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 8)
        let error = try refusal(F.archive([F.header(Array("B/a".utf8), sizeField: field)]))
        #expect(error.reason.contains("runs past the end"), "\(error)")
    }

    @Test func aLeadingDotSlashAndTheDotEntryAreAccepted() throws {
        let index = try index(F.archive([F.directory("./"), F.directory("./B/"), F.file("./B/c/d", [1])]))
        #expect(index.root == "B")
        #expect(index.members.map(\.path) == ["c/d"])
        #expect(index.directories == ["c"])
    }

    @Test func recordPaddingAfterTheEndIsAccepted() throws {
        #expect(try index(F.honest + [UInt8](repeating: 0, count: 10240 - F.honest.count % 10240)).members.count == 1)
        #expect(try index(Array(F.honest.dropLast(512))).members.count == 1, "one zero block ends the archive too")
    }

    @Test func aChecksumOfSignedBytesIsAccepted() throws {
        var block = F.header(Array("B/é".utf8), size: 0)
        block.replaceSubrange(148..<156, with: [UInt8](repeating: 0x20, count: 8))
        let signed = block.reduce(0) { $0 + Int(Int8(bitPattern: $1)) }
        let digits = String(signed, radix: 8)
        block.replaceSubrange(
            148..<156, with: Array((String(repeating: "0", count: 6 - digits.count) + digits).utf8) + [0, 0x20])
        #expect(try index(F.archive([block])).members.map(\.path) == ["é"])
    }

    /// Every way an archive could turn extraction against its reader, with the words that say so.
    static let hostile: [(String, [UInt8], String)] = [
        ("symlink", F.archive([F.header("B/l", type: "2")]), "is a symbolic link"),
        ("hard link", F.archive([F.file("B/a", [1]), F.header("B/h", type: "1")]), "is a hard link"),
        ("character device", F.archive([F.header("B/c", type: "3")]), "is a device"),
        ("block device", F.archive([F.header("B/d", type: "4")]), "is a device"),
        ("FIFO", F.archive([F.header("B/p", type: "6")]), "is a FIFO"),
        ("GNU sparse", F.archive([F.header("B/s", type: "S", magic: .gnu)]), "sparse"),
        ("pax sparse", F.archive([F.pax([("GNU.sparse.major", "1")]), F.file("B/s", [1])]), "sparse"),
        ("unknown type", F.archive([F.header("B/v", type: "V")]), "entry type Vitni does not read"),
        ("GNU long link", F.archive([F.header("././@LongLink", type: "K", magic: .gnu)]), "link target"),
        ("absolute path", F.archive([F.file("/B/a", [1])]), "absolute path"),
        ("dot-dot", F.archive([F.file("B/../x", [1])]), "'..'"),
        ("pax dot-dot", F.archive([F.pax([("path", "B/../../etc/x")]), F.file("B/a", [1])]), "'..'"),
        ("long-name absolute", F.archive([F.longName("/etc/passwd"), F.file("B/a", [1])]), "absolute path"),
        ("dot segment", F.archive([F.file("B/./a", [1])]), "'.' segment"),
        ("empty segment", F.archive([F.file("B//a", [1])]), "empty or '.' segment"),
        ("duplicate", F.archive([F.file("B/a", [1]), F.file("B/a", [2])]), "appears twice"),
        ("duplicate directory", F.archive([F.directory("B/d/"), F.directory("B/d/")]), "appears twice"),
        ("file and directory", F.archive([F.file("B/a/b", [1]), F.file("B/a", [2])]), "both a file and a directory"),
        ("inside a file", F.archive([F.file("B/a", [1]), F.file("B/a/b", [2])]), "inside \"a\", a file"),
        ("two top directories", F.archive([F.file("A/x", [1]), F.file("B/y", [1])]), "exactly one top directory"),
        ("file at the top", F.archive([F.file("bagit.txt", [1])]), "at the archive's top"),
        ("file named like a directory", F.archive([F.file("B/a/", [1])]), "ends in '/'"),
        ("not UTF-8", F.archive([F.header([0x42, 0x2F, 0xFF], size: 0)]), "not UTF-8"),
        (
            "data past the end", Array(F.file("B/a", [UInt8](repeating: 1, count: 2000)).prefix(1500)),
            "runs past the end"
        ),
        ("no end blocks", F.file("B/a", [1]), "without its end-of-archive blocks"),
        ("cut inside a header", F.file("B/a", [1]) + [0, 0], "without its end-of-archive blocks"),
        ("trailing garbage", F.honest + Array("appended".utf8), "follows the end-of-archive blocks"),
        ("a second archive", F.honest + F.archive([F.file("B/z", [1])]), "follows the end-of-archive blocks"),
        (
            "hidden padding", F.archive([F.header("B/a", size: 1) + [1, 9] + [UInt8](repeating: 0, count: 510)]),
            "padding"
        ),
        ("directory with data", F.archive([F.header("B/d", type: "5", size: 1) + F.padded([1])]), "carries data"),
        (
            "later header without magic", F.archive([F.file("B/a", [1]), [UInt8](repeating: 0x41, count: 512)]),
            "ustar magic"
        ),
        (
            "pax bad length", F.archive([F.header("x", type: "x", size: 9) + F.padded(Array("99 path=a".utf8))]),
            "length"
        ),
        ("pax keyword twice", F.archive([F.pax([("path", "B/a"), ("path", "B/b")]), F.file("B/c", [1])]), "twice"),
        ("pax binary names", F.archive([F.pax([("hdrcharset", "BINARY")]), F.file("B/c", [1])]), "character set"),
        ("pax size not decimal", F.archive([F.pax([("size", "0x10")]), F.file("B/c", [1])]), "decimal"),
        ("global pax path", F.archive([F.pax([("path", "B/a")], global: true), F.file("B/c", [1])]), "global header"),
        (
            "two pax headers", F.archive([F.pax([("mtime", "1")]), F.pax([("mtime", "2")]), F.file("B/c", [1])]),
            "two pax"
        ),
        ("pax and long name", F.archive([F.pax([("path", "B/a")]), F.longName("B/b"), F.file("B/c", [1])]), "both"),
        ("extended header alone", F.archive([F.file("B/a", [1]), F.pax([("path", "B/b")])]), "followed by no entry"),
        ("long name too long", F.archive([F.longName("B/" + String(repeating: "n", count: 5000))]), "longer than 4096"),
        ("nothing in it", F.end, "holds no entries"),
    ]

    @Test(arguments: hostile.indices) func hostileArchivesAreRefused(case index: Int) throws {
        let (name, bytes, words) = Self.hostile[index]
        let error = try refusal(bytes)
        #expect(error.kind == .refused, "\(name): \(error)")
        #expect(error.reason.contains(words), "\(name): \(error.reason)")
        #expect(error.offset.map { $0 <= UInt64(bytes.count) } ?? true, "\(name): the offset is in the archive")
    }

    @Test func aBadChecksumIsRefused() throws {
        var bytes = F.honest
        bytes[512] ^= 0x01
        let error = try refusal(bytes)
        #expect(error.kind == .refused && error.reason.contains("checksum") && error.offset == 512, "\(error)")
    }

    @Test func giganticHeaderCountsAreRefused() throws {
        let files = (0..<6).map { F.file("B/f\($0)", [1]) }
        let entries = try refusal(F.archive(files), limits: Tar.Limits(entries: 5, headers: 100))
        #expect(entries.reason.contains("more than 5 entries"), "\(entries)")
        let paxed = (0..<3).map { F.pax([("mtime", "1")]) + F.file("B/p\($0)", [1]) }
        let headers = try refusal(F.archive(paxed), limits: Tar.Limits(entries: 100, headers: 5))
        #expect(headers.reason.contains("more than 5 headers"), "\(headers)")
    }

    @Test func whatIsNoArchiveIsToldApart() throws {
        #expect(try refusal(Array("not a tar".utf8)).kind == .notAnArchive)
        #expect(try refusal([UInt8](repeating: 0x41, count: 2048)).kind == .notAnArchive)
        #expect(try refusal([0x1F, 0x8B, 8, 0] + [UInt8](repeating: 0, count: 1020)).kind == .compressed("gzip"))
        #expect(
            try refusal([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0] + [UInt8](repeating: 1, count: 1018)).kind
                == .compressed("xz"))
        var damaged = F.honest
        damaged[0] ^= 0x01
        #expect(try refusal(damaged).kind == .refused, "a damaged first header is an archive that fails")
    }

    @Test func vitnisOwnHeadersReadBack() throws {
        for (path, directory) in [("B", true), ("B/data/audio/1.flac.age", false)] {
            let block = try #require(
                Tar.Header.render(path: path, size: directory ? 0 : 3, directory: directory, modificationTime: 1))
            let header = try #require(try Tar.Header.parse(block, at: 0))
            #expect(header.kind == (directory ? .directory : .file))
            #expect(header.size == (directory ? 0 : 3))
            #expect(String(decoding: header.name, as: UTF8.self) == path + (directory ? "/" : ""))
        }
        #expect(
            Tar.Header.render(path: String(repeating: "z", count: 300), size: 0, directory: false, modificationTime: 0)
                == nil)
    }
}
