import FuzzSupport
import VitniFormats

/// ELAN EAF through libxml2: what reads passes `validate()`, renders as EAF and reads back
/// equal, and survives WebVTT. Bytes are given as they come, so byte order marks, declared
/// encodings and UTF-16 are all reached.
@main enum FuzzEAF {
    static func main() { runFuzzer(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = input(data, size)
    guard let transcript = try? EAF.parse(bytes: bytes) else { return 0 }
    require((try? transcript.validate()) != nil, "EAF accepted a transcript that does not validate")
    require((try? EAF.parse(EAF.render(transcript))) == transcript, "EAF does not read back as rendered")
    require((try? WebVTT.parse(WebVTT.render(transcript))) == transcript, "EAF input does not survive WebVTT")
    return 0
}
