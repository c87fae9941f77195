import VitniCrypto
import VitniFormats
import VitniTestSupport

/// Fixtures and file surgery shared by the minisign tests.
enum MinisignFixture {
    /// A key pair `minisign -G -W` made, with its key id as minisign printed it.
    static let publicKeyFile = """
        untrusted comment: minisign public key A7BDC1E0276FDEF4
        RWT03m8n4MG9p3aOkuljumo90REYwBJFgRSz72k/teNsA5DJN/TMELX9

        """
    static let publicKeyBase64 = "RWT03m8n4MG9p3aOkuljumo90REYwBJFgRSz72k/teNsA5DJN/TMELX9"
    static let keyID = "A7BDC1E0276FDEF4"

    /// `printf 'Vitni\n'` signed by that key with `minisign -S` (0.11, prehashed) and `-S -l` (legacy).
    static let message = Array("Vitni\n".utf8)
    static let prehashedSignature = """
        untrusted comment: vitni test vector
        RUT03m8n4MG9p8RKypIpo5TQfrPOYb/+CzsG4ES2+gIZRzwTuBTMxhf1kLgEAYXHs24PuAwhUeaTFe8u0rZCdaJ1yxSbIt/TdgY=
        trusted comment: timestamp:1700000000\tfile:kat.txt\thashed
        Kv/Q0sFQSBwCA40+JvvVfP3BxsUokJnWw4f+Aim5kUXfXSCRX7j+UiAqdKSeHYslZ0RWA79+8SGOjYWcNNRvDQ==

        """
    static let legacySignature = """
        untrusted comment: vitni legacy test vector
        RWT03m8n4MG9p+u5VHqyeRiHgCmq/oNgiYX3XfInasAj758wNjR1DtyTzX5C0DwLRfeh7FnRHQ0VGf5W7G527Ki1AF0t1kQZ5wA=
        trusted comment: timestamp:1700000000\tfile:kat.txt
        lUAx3J8MEHICj/DNNnNC9GfEFyWUvK/cCIQQY5QZOUPyB+Rq0BZPCpQcFhIRk+WQXngORxYKrxuEGtuTcxYrAw==

        """

    /// Sizes every signing test covers: empty, one byte, and just over 1 MiB (not a buffer multiple).
    static let sizes = [0, 1, (1 << 20) + 17]

    static func secret(_ text: String) -> SecretBytes {
        Array(text.utf8).withUnsafeBytes { SecretBytes(copying: $0) }
    }

    static func text(_ secret: SecretBytes) -> String {
        secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Replaces line `index` of a text file.
    static func replacingLine(_ index: Int, of text: String, with line: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[index] = line
        return lines.joined(separator: "\n")
    }

    /// Decodes the base64 on line `index`, lets `edit` change the bytes, and re-encodes them.
    static func patchingBase64Line(_ index: Int, of text: String, _ edit: (inout [UInt8]) -> Void) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var bytes = Base64.decode(lines[index]) ?? []
        edit(&bytes)
        return replacingLine(index, of: text, with: Base64.encode(bytes))
    }
}

/// A source that produces `count` deterministic bytes without holding them, and records the
/// largest read it was asked for (so a test can see that signing streams).
final class CountingSource: ByteSource {
    private let count: Int
    private(set) var produced = 0
    private(set) var largestRequest = 0

    init(count: Int) { self.count = count }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        largestRequest = max(largestRequest, buffer.count)
        let n = min(buffer.count, count - produced)
        // Byte i is (i / 4096) mod 256, filled a block at a time (a per-byte loop is slow in debug builds).
        var index = 0
        while index < n {
            let position = produced + index
            let blockEnd = min(n, index + 4096 - position % 4096)
            UnsafeMutableRawBufferPointer(rebasing: buffer[index..<blockEnd])
                .initializeMemory(as: UInt8.self, repeating: UInt8(truncatingIfNeeded: position / 4096))
            index = blockEnd
        }
        produced += n
        return n
    }
}
