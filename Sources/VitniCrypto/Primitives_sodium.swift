internal import CSodium

// Thin wrappers over the libsodium primitives age and minisign are built from. Each checks the
// return code; pointers never leave the closures that provide them.

enum HMACSHA256 {
    /// HMAC-SHA-256 with libsodium's init/update/final form, which accepts keys of any length
    /// (age's X25519 HKDF salt is 64 bytes; the one-shot `crypto_auth_hmacsha256` wants 32).
    static func authenticate(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> [UInt8] {
        Sodium.ready()
        var state = crypto_auth_hmacsha256_state()
        var mac = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        var empty: UInt8 = 0
        if let keyBytes = key.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            crypto_auth_hmacsha256_init(&state, keyBytes, key.count)
        } else {
            crypto_auth_hmacsha256_init(&state, &empty, 0)
        }
        crypto_auth_hmacsha256_update(
            &state, message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count))
        crypto_auth_hmacsha256_final(&state, &mac)
        sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha256_state>.size)
        return mac
    }
}

/// HKDF-SHA-256 (RFC 5869), which libsodium 1.0.18 lacks.
enum HKDF {
    /// Derives `length` (≤ 32 × 255) bytes into guarded memory.
    static func derive(secret: SecretBytes, salt: [UInt8], info: String, length: Int) -> SecretBytes {
        // Extract: PRK = HMAC(salt, IKM); an empty salt means 32 zero bytes per RFC 5869.
        let saltBytes = salt.isEmpty ? [UInt8](repeating: 0, count: 32) : salt
        var prk = saltBytes.withUnsafeBytes { saltBuffer in
            secret.withUnsafeBytes { HMACSHA256.authenticate(key: saltBuffer, message: $0) }
        }
        defer { sodium_memzero(&prk, prk.count) }
        let output = SecretBytes(count: length, guarded: false)
        var previous = [UInt8]()
        var counter: UInt8 = 1
        var filled = 0
        while filled < length {
            var block = previous + Array(info.utf8) + [counter]
            previous = prk.withUnsafeBytes { key in
                block.withUnsafeBytes { HMACSHA256.authenticate(key: key, message: $0) }
            }
            sodium_memzero(&block, block.count)
            let take = min(previous.count, length - filled)
            output.withUnsafeMutableBytes { out in
                previous.withUnsafeBytes {
                    out.baseAddress!.advanced(by: filled).copyMemory(from: $0.baseAddress!, byteCount: take)
                }
            }
            filled += take
            counter += 1
        }
        sodium_memzero(&previous, previous.count)
        return output
    }
}

enum X25519 {
    static let keyLength = 32

    /// The public key for a private scalar.
    static func publicKey(for secret: SecretBytes) -> [UInt8] {
        Sodium.ready()
        var out = [UInt8](repeating: 0, count: keyLength)
        secret.withUnsafeBytes {
            _ = crypto_scalarmult_curve25519_base(&out, $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return out
    }

    /// The shared secret, or nil when it is all zeros (a low-order point), which age rejects.
    static func sharedSecret(secret: SecretBytes, publicKey: [UInt8]) -> SecretBytes? {
        Sodium.ready()
        let shared = SecretBytes(count: keyLength, guarded: false)
        let status = shared.withUnsafeMutableBytes { out in
            secret.withUnsafeBytes { scalar in
                crypto_scalarmult_curve25519(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    scalar.baseAddress!.assumingMemoryBound(to: UInt8.self), publicKey)
            }
        }
        let allZero = shared.withUnsafeBytes {
            sodium_is_zero($0.baseAddress!.assumingMemoryBound(to: UInt8.self), $0.count) == 1
        }
        return status == 0 && !allZero ? shared : nil
    }
}

/// ChaCha20-Poly1305 (IETF, 96-bit nonce), as age uses for stanzas and payload chunks.
enum ChaChaPoly {
    static let tagLength = Int(crypto_aead_chacha20poly1305_ietf_ABYTES)
    static let keyLength = Int(crypto_aead_chacha20poly1305_ietf_KEYBYTES)

    /// Seals `plaintext` into `output` (plaintext.count + 16 bytes).
    static func seal(
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer,
        plaintext: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(output.count >= plaintext.count + tagLength)
        var written: UInt64 = 0
        let status = crypto_aead_chacha20poly1305_ietf_encrypt(
            output.baseAddress!.assumingMemoryBound(to: UInt8.self), &written,
            plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(plaintext.count),
            nil, 0, nil,
            nonce.baseAddress!.assumingMemoryBound(to: UInt8.self),
            key.baseAddress!.assumingMemoryBound(to: UInt8.self))
        precondition(status == 0, "ChaCha20-Poly1305 encryption cannot fail")
    }

    /// Opens `ciphertext` into `output` (ciphertext.count − 16 bytes); false if it fails authentication.
    static func open(
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer,
        ciphertext: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) -> Bool {
        guard ciphertext.count >= tagLength, output.count >= ciphertext.count - tagLength else { return false }
        var written: UInt64 = 0
        return crypto_aead_chacha20poly1305_ietf_decrypt(
            output.baseAddress?.assumingMemoryBound(to: UInt8.self), &written, nil,
            ciphertext.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(ciphertext.count),
            nil, 0,
            nonce.baseAddress!.assumingMemoryBound(to: UInt8.self),
            key.baseAddress!.assumingMemoryBound(to: UInt8.self)) == 0
    }
}

enum Scrypt {
    /// scrypt with r = 8, p = 1 (age's and minisign's parameters) into guarded memory.
    static func derive(password: SecretBytes, salt: [UInt8], logN: Int, length: Int) -> SecretBytes? {
        Sodium.ready()
        let output = SecretBytes(count: length)
        let status = output.withUnsafeMutableBytes { out in
            password.withUnsafeBytes { pass in
                crypto_pwhash_scryptsalsa208sha256_ll(
                    pass.baseAddress!.assumingMemoryBound(to: UInt8.self), pass.count,
                    salt, salt.count, UInt64(1) << UInt64(logN), 8, 1,
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), out.count)
            }
        }
        return status == 0 ? output : nil
    }

    /// minisign's scrypt: libsodium's high-level API with opslimit/memlimit as stored in the key file.
    static func derive(password: SecretBytes, salt: [UInt8], opsLimit: UInt64, memLimit: UInt64, length: Int)
        -> SecretBytes?
    {
        Sodium.ready()
        guard salt.count == Int(crypto_pwhash_scryptsalsa208sha256_SALTBYTES) else { return nil }
        let output = SecretBytes(count: length)
        let status = output.withUnsafeMutableBytes { out in
            password.withUnsafeBytes { pass in
                crypto_pwhash_scryptsalsa208sha256(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(out.count),
                    pass.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(pass.count),
                    salt, opsLimit, Int(memLimit))
            }
        }
        return status == 0 ? output : nil
    }
}

/// Streaming BLAKE2b-512, the prehash minisign signs. Owns libsodium's (64-byte aligned) state.
public final class BLAKE2b512 {
    private let state: UnsafeMutableRawPointer

    public init() {
        Sodium.ready()
        state = UnsafeMutableRawPointer.allocate(byteCount: crypto_generichash_statebytes(), alignment: 64)
        crypto_generichash_init(OpaquePointer(state), nil, 0, 64)
    }

    deinit { state.deallocate() }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        crypto_generichash_update(OpaquePointer(state), base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    public func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        crypto_generichash_final(OpaquePointer(state), &out, 64)
        return out
    }

    /// One-shot BLAKE2b of `outputLength` bytes (minisign's key checksum uses 32).
    static func hash(_ bytes: [UInt8], outputLength: Int) -> [UInt8] {
        Sodium.ready()
        var out = [UInt8](repeating: 0, count: outputLength)
        crypto_generichash(&out, outputLength, bytes, UInt64(bytes.count), nil, 0)
        return out
    }
}

enum Ed25519 {
    static let publicKeyLength = 32
    static let secretKeyLength = 64
    static let signatureLength = 64

    /// A new key pair; the secret key (seed ‖ public key) stays in guarded memory.
    static func generate() -> (publicKey: [UInt8], secretKey: SecretBytes) {
        Sodium.ready()
        var publicKey = [UInt8](repeating: 0, count: publicKeyLength)
        let secretKey = SecretBytes(count: secretKeyLength)
        secretKey.withUnsafeMutableBytes {
            _ = crypto_sign_keypair(&publicKey, $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return (publicKey, secretKey)
    }

    static func sign(_ message: UnsafeRawBufferPointer, secretKey: SecretBytes) -> [UInt8] {
        Sodium.ready()
        var signature = [UInt8](repeating: 0, count: signatureLength)
        secretKey.withUnsafeBytes { key in
            _ = crypto_sign_detached(
                &signature, nil, message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count),
                key.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return signature
    }

    static func verify(_ signature: [UInt8], message: UnsafeRawBufferPointer, publicKey: [UInt8]) -> Bool {
        Sodium.ready()
        guard signature.count == signatureLength, publicKey.count == publicKeyLength else { return false }
        return crypto_sign_verify_detached(
            signature, message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count), publicKey) == 0
    }
}
