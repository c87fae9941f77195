internal import CSodium

// libsodium glue for minisign secret keys. Everything that touches key bytes works on guarded
// memory (`SecretBytes`) or wipes its temporaries; pointers never leave their closures.

enum MinisignSodium {
    /// Strict standard base64 (padding required, zero trailing bits, nothing else on the line)
    /// decoded straight into guarded memory, so a secret key never passes through a Swift array.
    /// - Returns: the decoded length, or nil if the text is not canonical base64 or decodes to more
    ///   than `output.count` bytes.
    static func decodeBase64(_ text: UnsafeRawBufferPointer, into output: SecretBytes) -> Int? {
        Sodium.ready()
        guard let textBase = text.baseAddress, text.count > 0 else { return nil }
        var length = 0
        // Sound: both buffers outlive the call; libsodium writes at most output.count bytes.
        let status = output.withUnsafeMutableBytes { out in
            sodium_base642bin(
                out.baseAddress!.assumingMemoryBound(to: UInt8.self), out.count,
                textBase.assumingMemoryBound(to: CChar.self), text.count,
                nil, &length, nil, sodium_base64_VARIANT_ORIGINAL)
        }
        return status == 0 ? length : nil
    }

    /// Standard padded base64 of `bytes`, in guarded memory (without the C string's NUL).
    static func encodeBase64(_ bytes: SecretBytes) -> SecretBytes {
        Sodium.ready()
        let encodedLength = (bytes.count + 2) / 3 * 4
        let withNUL = SecretBytes(count: encodedLength + 1)
        // Sound: libsodium writes encodedLength characters and a NUL into a buffer of that size.
        withNUL.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { input in
                _ = sodium_bin2base64(
                    out.baseAddress!.assumingMemoryBound(to: CChar.self), out.count,
                    input.baseAddress!.assumingMemoryBound(to: UInt8.self), input.count,
                    sodium_base64_VARIANT_ORIGINAL)
            }
        }
        return withNUL.slice(0..<encodedLength)
    }

    /// BLAKE2b of the concatenated `parts` into `output` (minisign's 32-byte key checksum).
    static func blake2b(_ parts: [UnsafeRawBufferPointer], into output: UnsafeMutableRawBufferPointer) {
        Sodium.ready()
        // libsodium's state must be 64-byte aligned, which a Swift stack value does not promise.
        let stateSize = crypto_generichash_statebytes()
        let state = UnsafeMutableRawPointer.allocate(byteCount: stateSize, alignment: 64)
        defer {
            sodium_memzero(state, stateSize)
            state.deallocate()
        }
        crypto_generichash_init(OpaquePointer(state), nil, 0, output.count)
        for part in parts {
            guard let base = part.baseAddress, part.count > 0 else { continue }
            crypto_generichash_update(
                OpaquePointer(state), base.assumingMemoryBound(to: UInt8.self), UInt64(part.count))
        }
        crypto_generichash_final(
            OpaquePointer(state), output.baseAddress!.assumingMemoryBound(to: UInt8.self), output.count)
    }

    /// Whether an Ed25519 secret key (seed ‖ public key) is whole: the public half must be the one
    /// its seed derives. A damaged key would otherwise sign with one key and name another.
    static func isConsistentEd25519SecretKey(_ secretKey: UnsafeRawBufferPointer) -> Bool {
        Sodium.ready()
        guard secretKey.count == Ed25519.secretKeyLength else { return false }
        var publicKey = [UInt8](repeating: 0, count: Ed25519.publicKeyLength)
        let derived = SecretBytes(count: Ed25519.secretKeyLength)
        let status = derived.withUnsafeMutableBytes { out in
            crypto_sign_seed_keypair(
                &publicKey, out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                secretKey.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        let stored = UnsafeRawBufferPointer(rebasing: secretKey[(Ed25519.secretKeyLength - Ed25519.publicKeyLength)...])
        return status == 0 && sodium_memcmp(publicKey, stored.baseAddress!, Ed25519.publicKeyLength) == 0
    }

    /// Constant-time equality of two equal-length buffers.
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.count == 0 || sodium_memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    static func isZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 0 || sodium_is_zero(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count) == 1
    }

    /// libsodium's scrypt cost presets, which minisign uses for its key files.
    static var sensitiveLimits: (opsLimit: UInt64, memLimit: UInt64) {
        (
            UInt64(crypto_pwhash_scryptsalsa208sha256_opslimit_sensitive()),
            UInt64(crypto_pwhash_scryptsalsa208sha256_memlimit_sensitive())
        )
    }

    static var interactiveLimits: (opsLimit: UInt64, memLimit: UInt64) {
        (
            UInt64(crypto_pwhash_scryptsalsa208sha256_opslimit_interactive()),
            UInt64(crypto_pwhash_scryptsalsa208sha256_memlimit_interactive())
        )
    }
}
