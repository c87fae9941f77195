/// Bulk conversions between packed little-endian PCM and the 32-bit integers libsndfile reads and
/// writes. Tight loops over raw pointers: the encoder's throughput budget (≈ `flac -5`) leaves no room
/// for per-sample overhead.
enum PCM {
    /// Packed 24-bit little-endian samples → left-justified Int32 (libsndfile's `int` scale).
    static func unpackInt24(_ source: UnsafeRawPointer, into target: UnsafeMutablePointer<Int32>, samples: Int) {
        guard samples > 0 else { return }
        // One unaligned 4-byte load per sample, shifted so the sample's 3 bytes are the top ones; the
        // last sample is read bytewise so the load never runs past the buffer.
        for index in 0..<(samples - 1) {
            let word = UInt32(littleEndian: source.loadUnaligned(fromByteOffset: index &* 3, as: UInt32.self))
            target[index] = Int32(bitPattern: word << 8)
        }
        let last = source.assumingMemoryBound(to: UInt8.self) + (samples - 1) &* 3
        target[samples - 1] = Int32(bitPattern: UInt32(last[0]) << 8 | UInt32(last[1]) << 16 | UInt32(last[2]) << 24)
    }

    /// Left-justified Int32 → packed 24-bit little-endian (the top three bytes; exact for 24-bit sources).
    static func packInt24(_ source: UnsafePointer<Int32>, into target: UnsafeMutableRawPointer, samples: Int) {
        let bytes = target.assumingMemoryBound(to: UInt8.self)
        for index in 0..<samples {
            let word = UInt32(bitPattern: source[index])
            let base = index &* 3
            bytes[base] = UInt8(truncatingIfNeeded: word >> 8)
            bytes[base &+ 1] = UInt8(truncatingIfNeeded: word >> 16)
            bytes[base &+ 2] = UInt8(truncatingIfNeeded: word >> 24)
        }
    }

    /// Reads sample `index` of a packed buffer as a value in [-1, 1).
    @inline(__always)
    static func sample(_ base: UnsafeRawPointer, _ index: Int, _ encoding: SampleEncoding) -> Double {
        switch encoding {
        case .int16:
            return Double(Int16(littleEndian: base.loadUnaligned(fromByteOffset: index &* 2, as: Int16.self))) / 32_768
        case .int24:
            let bytes = base.assumingMemoryBound(to: UInt8.self) + index &* 3
            let word = Int32(bitPattern: UInt32(bytes[0]) << 8 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 24) >> 8
            return Double(word) / 8_388_608
        case .int32:
            return Double(Int32(littleEndian: base.loadUnaligned(fromByteOffset: index &* 4, as: Int32.self)))
                / 2_147_483_648
        case .float32:
            return Double(
                Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self)))
            )
        }
    }

    /// Stores `value` (full scale ±1) as sample `index`, rounding and clipping to the encoding's range.
    @inline(__always)
    static func store(_ value: Double, _ base: UnsafeMutableRawPointer, _ index: Int, _ encoding: SampleEncoding) {
        switch encoding {
        case .int16:
            let scaled = Int16(clamping: Int64((value * 32_768).rounded()))
            base.storeBytes(of: scaled.littleEndian, toByteOffset: index &* 2, as: Int16.self)
        case .int24:
            let scaled = Int32(max(-8_388_608, min(8_388_607, (value * 8_388_608).rounded())))
            let word = UInt32(bitPattern: scaled)
            let bytes = base.assumingMemoryBound(to: UInt8.self) + index &* 3
            bytes[0] = UInt8(truncatingIfNeeded: word)
            bytes[1] = UInt8(truncatingIfNeeded: word >> 8)
            bytes[2] = UInt8(truncatingIfNeeded: word >> 16)
        case .int32:
            let scaled = Int32(max(-2_147_483_648, min(2_147_483_647, (value * 2_147_483_648).rounded())))
            base.storeBytes(of: scaled.littleEndian, toByteOffset: index &* 4, as: Int32.self)
        case .float32:
            base.storeBytes(of: Float(value).bitPattern.littleEndian, toByteOffset: index &* 4, as: UInt32.self)
        }
    }
}
