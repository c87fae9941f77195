import FuzzSupport
import VitniFormats

/// age header, age armor and Bech32, each on every input.
///
/// - Header: a parse of the whole input and of every shorter prefix agree (incremental reading
///   never accepts what the whole refuses), and the stanzas re-encode to exactly the bytes read.
/// - Armor: decoding in one call and in two (split at an input-chosen point) agree; what it
///   decodes re-armors and decodes back to itself.
/// - Bech32: a decoded string re-encodes to its lower-case form.
@main enum FuzzAge {
    static func main() { runFuzzer(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = input(data, size)
    header(bytes)
    armor(bytes)
    bech32(bytes)
    return 0
}

private func header(_ bytes: [UInt8]) {
    let whole = try? Age.Header.parse(bytes, isComplete: true)
    if let (header, length) = whole {
        require(length <= bytes.count, "header length past the input")
        require(
            Age.Header.authenticatedBytes(for: header.stanzas) == header.authenticatedBytes,
            "stanzas do not re-encode to the bytes read")
        require(
            Age.Header.encode(stanzas: header.stanzas, mac: header.mac) == Array(bytes[..<length]),
            "header does not re-encode to the bytes read")
    }
    // A prefix either asks for more, fails, or finds the same header.
    let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    if case .some(.some(let (partial, length))) = try? Age.Header.parse(Array(bytes[..<cut]), isComplete: false) {
        require(whole?.1 == length, "a prefix found a header the whole input does not")
        require(whole?.0.stanzas == partial.stanzas, "a prefix found other stanzas")
    }
}

private func decodeArmor(_ chunks: [ArraySlice<UInt8>]) -> [UInt8]? {
    var decoder = Age.Armor.Decoder()
    var out: [UInt8] = []
    do {
        for chunk in chunks { out += try Array(chunk).withUnsafeBytes { try decoder.decode($0) } }
        try decoder.finish()
        return out
    } catch {
        return nil
    }
}

private func armor(_ bytes: [UInt8]) {
    let whole = decodeArmor([bytes[...]])
    let cut = bytes.isEmpty ? 0 : Int(bytes[bytes.count - 1]) % (bytes.count + 1)
    let split = decodeArmor([bytes[..<cut], bytes[cut...]])
    require(whole == split, "armor decoded differently when fed in two pieces")
    guard let whole else { return }
    var encoder = Age.Armor.Encoder()
    let armored = Age.Armor.Encoder.header + whole.withUnsafeBytes { encoder.encode($0) } + encoder.finish()
    require(decodeArmor([armored[...]]) == whole, "re-armored bytes do not decode back")
}

private func bech32(_ bytes: [UInt8]) {
    guard let (hrp, data) = Bech32.decode(bytes: bytes) else { return }
    let lower = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
    require(Bech32.encodeBytes(hrp: hrp, data: data) == lower, "Bech32 does not re-encode to its input")
}
