/// Bech32 (BIP 173) as age uses it for `age1…` recipients and `AGE-SECRET-KEY-1…` identities.
///
/// Unlike BIP 173, age sets no 90-character limit; mixed case is always rejected.
public enum Bech32 {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]

    /// Encodes `data` under the human-readable part `hrp`; `uppercase` gives the secret-key form.
    public static func encode(hrp: String, data: some Collection<UInt8>, uppercase: Bool = false) -> String {
        String(decoding: encodeBytes(hrp: hrp, data: data, uppercase: uppercase), as: UTF8.self)
    }

    /// Byte form of ``encode(hrp:data:uppercase:)``, for secrets that must not become a `String`.
    public static func encodeBytes(hrp: String, data: some Collection<UInt8>, uppercase: Bool = false) -> [UInt8] {
        let hrpBytes = Array(hrp.lowercased().utf8)
        var values = convertBits(Array(data), from: 8, to: 5, pad: true)!
        defer { wipe(&values) }
        let checksum = createChecksum(hrp: hrpBytes, values: values)
        var out = hrpBytes + [UInt8(ascii: "1")]
        for value in values + checksum { out.append(charset[Int(value)]) }
        return uppercase ? out.map(upper) : out
    }

    /// Decodes a Bech32 string, returning the lower-case human-readable part and the data bytes,
    /// or nil if the string is malformed, mixed-case or fails its checksum.
    public static func decode(_ text: String) -> (hrp: String, data: [UInt8])? {
        decode(bytes: Array(text.utf8))
    }

    /// Byte form of ``decode(_:)``; temporaries are wiped, since secret keys pass through here.
    public static func decode(bytes: some Collection<UInt8>) -> (hrp: String, data: [UInt8])? {
        guard bytes.allSatisfy({ $0 >= 33 && $0 <= 126 }) else { return nil }
        let hasLower = bytes.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        let hasUpper = bytes.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        guard !(hasLower && hasUpper) else { return nil }
        var lower = bytes.map(Self.lower)
        defer { wipe(&lower) }
        guard let separator = lower.lastIndex(of: UInt8(ascii: "1")), separator >= 1,
            separator + 7 <= lower.count
        else { return nil }
        let hrp = Array(lower[..<separator])
        var values = [UInt8]()
        defer { wipe(&values) }
        for symbol in lower[(separator + 1)...] {
            guard let value = charset.firstIndex(of: symbol) else { return nil }
            values.append(UInt8(value))
        }
        guard polymod(expand(hrp) + values) == 1 else { return nil }
        guard let data = convertBits(Array(values.dropLast(6)), from: 5, to: 8, pad: false) else { return nil }
        return (String(decoding: hrp, as: UTF8.self), data)
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func upper(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
    }

    private static func wipe(_ bytes: inout [UInt8]) {
        for index in bytes.indices { bytes[index] = 0 }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { checksum ^= generator[i] }
        }
        return checksum
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    private static func createChecksum(hrp: [UInt8], values: [UInt8]) -> [UInt8] {
        let mod = polymod(expand(hrp) + values + [0, 0, 0, 0, 0, 0]) ^ 1
        return (0..<6).map { UInt8((mod >> (5 * (5 - UInt32($0)))) & 31) }
    }

    /// Regroups bits; without padding, leftover bits must be fewer than `from` and all zero.
    private static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0
        var bits = 0
        var out = [UInt8]()
        let maxValue = (1 << to) - 1
        for value in data {
            accumulator = accumulator << from | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((accumulator >> bits) & maxValue))
            }
            accumulator &= (1 << bits) - 1
        }
        if pad {
            if bits > 0 { out.append(UInt8((accumulator << (to - bits)) & maxValue)) }
        } else if bits >= from || (accumulator << (to - bits)) & maxValue != 0 {
            return nil
        }
        return out
    }
}
