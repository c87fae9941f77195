import FuzzSupport
import VitniFormats

/// Interview protocol YAML (Yams, then Vitni's schema): a protocol that reads has ids that are
/// valid, phase ids unique and item ids unique in their phase, as the schema promises.
@main enum FuzzProtocol {
    static func main() { runFuzzer(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = input(data, size)
    guard let parsed = try? InterviewProtocol.parse(bytes: bytes, file: "fuzz") else { return 0 }
    require(InterviewProtocol.isValidID(parsed.id), "a protocol id breaks the id rule")
    require(Set(parsed.phases.map(\.id)).count == parsed.phases.count, "phase ids repeat")
    for phase in parsed.phases {
        require(InterviewProtocol.isValidID(phase.id), "a phase id breaks the id rule")
        require(Set(phase.items.map(\.id)).count == phase.items.count, "item ids repeat in a phase")
        require(phase.items.allSatisfy { InterviewProtocol.isValidID($0.id) }, "an item id breaks the id rule")
    }
    return 0
}
