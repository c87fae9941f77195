import Testing
import VitniFormats

@Suite struct Base64Tests {
    @Test func roundTripsEveryLength() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
            #expect(Base64.decode(Base64.encode(bytes, padded: false), padded: false) == bytes)
        }
    }

    @Test func matchesRFC4648Vectors() {
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode(Array("fooba".utf8)) == "Zm9vYmE=")
        #expect(Base64.encode(Array("foob".utf8), padded: false) == "Zm9vYg")
    }

    @Test(arguments: ["Zm9vYh==", "Zm9vYmF=", "Zm9vYg", "Zm9v Yg==", "Zm9vYg=", "Z", "Zm9vYg\n"])
    func rejectsNonCanonicalPadded(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test(arguments: ["Zm9vYh", "Zm9vYg==", "Zm9vYmF", "Z"])
    func rejectsNonCanonicalUnpadded(_ text: String) {
        #expect(Base64.decode(text, padded: false) == nil)
    }
}

@Suite struct Bech32Tests {
    @Test func decodesAgeRecipient() throws {
        let decoded = try #require(Bech32.decode("age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"))
        #expect(decoded.hrp == "age")
        #expect(decoded.data.count == 32)
        #expect(
            Bech32.encode(hrp: "age", data: decoded.data)
                == "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj")
    }

    @Test func rejectsMixedCaseAndBadChecksum() {
        #expect(Bech32.decode("age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwJ") == nil)
        #expect(Bech32.decode("age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwq") == nil)
    }

    @Test func uppercaseSecretKeyForm() throws {
        let data = [UInt8](repeating: 7, count: 32)
        let text = Bech32.encode(hrp: "AGE-SECRET-KEY-", data: data, uppercase: true)
        #expect(text.hasPrefix("AGE-SECRET-KEY-1"))
        let decoded = try #require(Bech32.decode(text))
        #expect(decoded.hrp == "age-secret-key-")
        #expect(decoded.data == data)
    }
}

@Suite struct HexTests {
    @Test func roundTrip() {
        #expect(Hex.encode([0, 0xAB, 0xFF]) == "00abff")
        #expect(Hex.decode("00ABff") == [0, 0xAB, 0xFF])
        #expect(Hex.decode("0g") == nil)
        #expect(Hex.decode("abc") == nil)
    }
}
