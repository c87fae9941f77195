public import VitniFormats

extension Age {
    static let scryptLabel = Array("age-encryption.org/v1/scrypt".utf8)
    /// age's default work factor (2^18 iterations, about a second).
    public static let defaultWorkFactor = 18
    /// The highest work factor accepted when decrypting, as age: beyond it a file could make
    /// the reader spend minutes and gigabytes.
    public static let maximumWorkFactor = 22

    /// A passphrase recipient. An scrypt stanza must be the only one in a header.
    public struct ScryptRecipient: AgeRecipient {
        let passphrase: SecretBytes
        public let workFactor: Int

        public init(passphrase: SecretBytes, workFactor: Int = Age.defaultWorkFactor) {
            precondition((1...30).contains(workFactor))
            self.passphrase = passphrase
            self.workFactor = workFactor
        }

        public func wrap(fileKey: SecretBytes) throws -> [Age.Stanza] {
            let salt = SecureRandom.bytes(count: 16)
            guard let key = Scrypt.derive(password: passphrase, salt: scryptLabel + salt, logN: workFactor, length: 32)
            else {
                throw CryptoError.invalidRecipient("scrypt failed (out of memory?)")
            }
            return [
                Age.Stanza(
                    type: "scrypt", arguments: [Base64.encode(salt, padded: false), String(workFactor)],
                    body: Age.wrap(fileKey: fileKey, with: key))
            ]
        }
    }

    /// A passphrase identity.
    public struct ScryptIdentity: AgeIdentity {
        let passphrase: SecretBytes
        public let maximumWorkFactor: Int

        public init(passphrase: SecretBytes, maximumWorkFactor: Int = Age.maximumWorkFactor) {
            self.passphrase = passphrase
            self.maximumWorkFactor = maximumWorkFactor
        }

        public func unwrap(stanzas: [Age.Stanza]) throws -> SecretBytes? {
            guard let stanza = stanzas.first(where: { $0.type == "scrypt" }) else { return nil }
            guard stanzas.count == 1 else { throw CryptoError.ageHeader("has an scrypt stanza that is not alone") }
            guard stanza.arguments.count == 2 else {
                throw CryptoError.ageHeader("has an scrypt stanza with the wrong number of arguments")
            }
            guard let salt = Base64.decode(stanza.arguments[0], padded: false), salt.count == 16 else {
                throw CryptoError.ageHeader("has an scrypt stanza whose salt is not 16 bytes of canonical base64")
            }
            let factorText = stanza.arguments[1]
            guard let first = factorText.utf8.first, first != UInt8(ascii: "0"),
                factorText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let logN = Int(factorText), logN > 0, logN < 64
            else { throw CryptoError.ageHeader("has an scrypt stanza with an invalid work factor") }
            guard logN <= maximumWorkFactor else { throw CryptoError.ageWorkFactorTooHigh(logN) }
            guard stanza.body.count == fileKeyLength + ChaChaPoly.tagLength else {
                throw CryptoError.ageHeader("has an scrypt stanza whose wrapped file key has the wrong length")
            }
            guard let key = Scrypt.derive(password: passphrase, salt: scryptLabel + salt, logN: logN, length: 32) else {
                throw CryptoError.ageHeader("has scrypt parameters this machine cannot compute")
            }
            return Age.unwrap(body: stanza.body, with: key)
        }
    }
}
