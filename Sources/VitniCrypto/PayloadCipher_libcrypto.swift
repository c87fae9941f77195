internal import CLibCrypto
internal import CSodium

/// ChaCha20-Poly1305 (IETF) for the age payload's 64 KiB chunks, on the system's OpenSSL 3
/// libcrypto: about 1.7–2.1 GB/s per core here against 0.6–1.2 GB/s for libsodium 1.0.18, and
/// 5.0 against 8.0 instructions a byte under callgrind (docs/performance.md). Keys, X25519,
/// stanzas and scrypt stay on libsodium; this only moves the bulk bytes.
///
/// One context, keyed once, seals or opens many chunks one after another, each with its own
/// nonce. It is not safe to share between threads: a batch gives each worker its own. The key
/// inside the context is wiped when it is freed (`EVP_CIPHER_CTX_free` clears it).
final class PayloadCipher {
    /// Fetched once: an implicit fetch on every initialisation takes a lock and a lookup.
    nonisolated(unsafe) private static let algorithm: OpaquePointer? = EVP_CIPHER_fetch(
        nil, "ChaCha20-Poly1305", nil)
    private let context: OpaquePointer

    /// - Parameter key: 32 bytes.
    init(key: UnsafeRawBufferPointer) {
        precondition(key.count == ChaChaPoly.keyLength)
        guard let algorithm = Self.algorithm, let context = EVP_CIPHER_CTX_new() else {
            fatalError("OpenSSL's libcrypto has no ChaCha20-Poly1305")
        }
        self.context = context
        // Keyed once for encryption; `seal` and `open` set the direction and nonce per chunk.
        let keyed = EVP_CipherInit_ex2(
            context, algorithm, key.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, 1, nil)
        precondition(keyed == 1, "ChaCha20-Poly1305 key setup cannot fail")
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// Seals `plaintext` into `output` (plaintext.count + 16 bytes: ciphertext, then tag).
    func seal(
        nonce: UnsafeRawBufferPointer, plaintext: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(nonce.count == 12 && output.count >= plaintext.count + ChaChaPoly.tagLength)
        let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var written: Int32 = 0
        var last: Int32 = 0
        // Every call's return is checked: a failure here would be a broken library, not bad input.
        let status =
            EVP_CipherInit_ex2(context, nil, nil, nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), 1, nil) == 1
            && EVP_CipherUpdate(
                context, out, &written, plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self),
                Int32(plaintext.count)) == 1
            && EVP_CipherFinal_ex(context, out + Int(written), &last) == 1
            && EVP_CIPHER_CTX_ctrl(
                context, EVP_CTRL_AEAD_GET_TAG, Int32(ChaChaPoly.tagLength), out + plaintext.count) == 1
        precondition(status && Int(written + last) == plaintext.count, "ChaCha20-Poly1305 encryption cannot fail")
    }

    /// Opens `ciphertext` (data, then 16-byte tag) into `output` (at least ciphertext.count − 16
    /// bytes). libcrypto decrypts before it checks the tag, so a chunk that fails has its output
    /// wiped: no unauthenticated plaintext is left for anyone to read.
    /// - Returns: whether the chunk authenticated.
    func open(
        nonce: UnsafeRawBufferPointer, ciphertext: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    )
        -> Bool
    {
        let tagLength = ChaChaPoly.tagLength
        guard nonce.count == 12, ciphertext.count >= tagLength, output.count >= ciphertext.count - tagLength else {
            return false
        }
        let length = ciphertext.count - tagLength
        let input = ciphertext.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var spare: UInt8 = 0
        return withUnsafeMutablePointer(to: &spare) { spare in
            // An empty final chunk may come with an empty output buffer: libcrypto still wants a pointer.
            let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? spare
            var written: Int32 = 0
            var last: Int32 = 0
            // The tag is only read (the control call's pointer is not const in its C signature).
            let tag = UnsafeMutableRawPointer(mutating: input + length)
            let opened =
                EVP_CipherInit_ex2(context, nil, nil, nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), 0, nil)
                == 1
                && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, Int32(tagLength), tag) == 1
                && EVP_CipherUpdate(context, out, &written, input, Int32(length)) == 1
                && EVP_CipherFinal_ex(context, out + Int(written), &last) == 1
                && Int(written + last) == length
            if !opened { sodium_memzero(out, length) }
            return opened
        }
    }
}
