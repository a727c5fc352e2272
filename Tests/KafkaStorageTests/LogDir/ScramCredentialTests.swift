import Foundation
import Testing
@testable import KafkaStorage

/// Expected digests come from Python's hashlib/hmac, an independent implementation.
@Suite("SCRAM credentials")
struct ScramCredentialTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    @Test("SHA-256, SHA-512 and HMAC match reference values")
    func digests() {
        #expect(Self.hex(SHA2.sha256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.hex(SHA2.sha512.hash(Array("abc".utf8))) == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(Self.hex(SHA2.sha256.hash([UInt8](repeating: 0x61, count: 200))) == "c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5")
        #expect(Self.hex(SHA2.sha256.hmac(key: Array("key".utf8), message: Array("The quick brown fox jumps over the lazy dog".utf8))) == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        #expect(Self.hex(SHA2.sha512.hmac(key: [UInt8](repeating: 0x6b, count: 200), message: Array("msg".utf8))) == "b5245971beb52a5a986812c4666a05c735bf5bb7aba32eae2192adad605df4112d6c285d1c46cf81ccb7ab8c2c3b7b3c6793216909b5add05223ed21f24cdb1e")
    }

    @Test("password credential: PBKDF2 salted password → stored and server keys")
    func passwordCredential() throws {
        let credential = try ScramCredentialArgument.parse("SCRAM-SHA-256=[name=alice,password=alice-secret,salt=\"c2FsdHNhbHQ=\"]")
        #expect(credential.name == "alice")
        #expect(credential.mechanism == .scramSha256)
        #expect(credential.iterations == 4096)
        #expect(credential.salt == Array("saltsalt".utf8))
        #expect(Self.base64(credential.storedKey) == "9nZFwTJ4fi7MvIBth8HcTK03YhPTLjRekJvixhQKYKw=")
        #expect(Self.base64(credential.serverKey) == "eEn2KsqSl90Mzs/hJgEyQIx+Wbl8GqPXSfIbbCTV2Ag=")
    }

    @Test("salted-password credential (the --add-scram help example)")
    func saltedPasswordCredential() throws {
        let credential = try ScramCredentialArgument.parse("SCRAM-SHA-512=[name=alice,iterations=8192,salt=\"N3E=\",saltedpassword=\"YCE=\"]")
        #expect(credential.mechanism == .scramSha512)
        #expect(credential.iterations == 8192)
        #expect(credential.salt == [0x37, 0x71])
        #expect(Self.base64(credential.storedKey) == "cXajSfkesuEdmelXMIE1FvL2RXPfwlrmGKyq6ai/1my6GnQBkALTiDfj8bysiAAVsysjd15xpW2sEiappLOxvQ==")
        #expect(Self.base64(credential.serverKey) == "TGF8Dt3uWsZYXy+/UBt86VtHDWvwHxtUnCY8GKG1QG6muF9I08fZ3MQ0cupwRZ2uY6KK9INaZHi4OxHCDwYMBw==")
    }

    @Test("a random salt is the text of a 130-bit base-36 number")
    func randomSalt() throws {
        let salt = ScramCredential.randomSalt()
        #expect(!salt.isEmpty && salt.count <= 26)
        #expect(salt.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x7a).contains($0) })
        let credential = try ScramCredentialArgument.parse("SCRAM-SHA-256=[name=bob,password=x]")
        #expect(credential.salt.count <= 26)
    }

    @Test("bad arguments give ScramParser's messages", arguments: [
        ("nothing", "Failed to find equals sign in SCRAM argument 'nothing'"),
        ("SCRAM-MD5=[name=a,password=b]", "The add-scram mechanism SCRAM-MD5 is not supported."),
        ("SCRAM-SHA-256=name=a]", "Expected configuration string to start with ["),
        ("SCRAM-SHA-256=[name=a", "Expected configuration string to end with ]"),
        ("SCRAM-SHA-256=[password=b]", "You must supply 'name' to add-scram"),
        ("SCRAM-SHA-256=[name=a,password]", "No equals sign found in SCRAM component: password"),
        ("SCRAM-SHA-256=[name=a]", "You must supply one of 'password' or 'saltedpassword' to add-scram"),
        ("SCRAM-SHA-256=[name=a,saltedpassword=YCE=]", "You must supply 'salt' with 'saltedpassword' to add-scram"),
        ("SCRAM-SHA-256=[name=a,password=b,salt=!!]", "Failed to decode given salt: !!"),
        ("SCRAM-SHA-256=[name=a,password=b,iterations=x]", "Failed to parse iterations count: x"),
        ("SCRAM-SHA-256=[name=a,password=b,color=red,age=3]", "Unknown SCRAM configurations: age, color"),
        ("SCRAM-SHA-256=[name=a,password=b,iterations=100]", "The 'iterations' value must be >= 4096 for add-scram using SCRAM_SHA_256"),
        ("SCRAM-SHA-512=[name=a,password=b,iterations=20000]", "The 'iterations' value must be <= 16384 for add-scram using SCRAM_SHA_512"),
    ])
    func badArguments(argument: String, message: String) {
        #expect(throws: FormatterError(message)) { try ScramCredentialArgument.parse(argument) }
    }
}
