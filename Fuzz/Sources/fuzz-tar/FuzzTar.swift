import FuzzSupport
import VitniFormats

/// The tar reader (`Tar.index`: ustar, GNU and pax headers, pax records, long names) on every input.
///
/// - Every member of an accepted archive lies inside it, after the one before, once, under a
///   clean relative path.
/// - What a custody event does to an archive — each member's bytes copied as they are, then the
///   end blocks — indexes to the same members (paths, kinds, sizes).
@main enum FuzzTar {
    static func main() { runFuzzer(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = input(data, size)
    guard let index = try? Tar.index(Tar.MemoryInput(bytes), limits: Tar.Limits(entries: 1_000, headers: 4_000)) else {
        return 0
    }
    var previousEnd: UInt64 = 0
    var paths: Set<String> = []
    for member in index.members {
        require(member.headerOffset >= previousEnd, "members overlap or go backwards")
        require(member.headerOffset < member.dataOffset, "a member's data starts before its header")
        require(member.dataOffset + member.size <= member.end, "a member's data runs past its end")
        require(member.end <= index.end && index.end <= UInt64(bytes.count), "a member lies outside the archive")
        require(paths.insert(member.path).inserted, "a path is indexed twice")
        let segments = member.path.split(separator: "/", omittingEmptySubsequences: false)
        require(
            !member.path.hasPrefix("/") && !segments.contains { $0.isEmpty || $0 == "." || $0 == ".." },
            "an unclean path was accepted")
        previousEnd = member.end
    }
    guard !index.members.isEmpty else { return 0 }
    var copy: [UInt8] = []
    for member in index.members { copy += bytes[Int(member.headerOffset)..<Int(member.end)] }
    copy += [UInt8](repeating: 0, count: 1024)
    guard let again = try? Tar.index(Tar.MemoryInput(copy)) else {
        fatalError("property broken: an archive of copied members is refused")
    }
    func summary(_ index: Tar.Index) -> [String] { index.members.map { "\($0.path) \($0.isDirectory) \($0.size)" } }
    require(again.root == index.root && summary(again) == summary(index), "copied members index differently")
    return 0
}
