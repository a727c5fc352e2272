/// SCRAM mechanisms (`ScramMechanism.java`): the type stored in `UserScramCredentialRecord`.
public enum ScramMechanism: Int8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case scramSha256 = 1
    case scramSha512 = 2

    public var mechanismName: String { self == .scramSha256 ? "SCRAM-SHA-256" : "SCRAM-SHA-512" }
    /// The Java enum name, which Kafka's messages print.
    public var description: String { self == .scramSha256 ? "SCRAM_SHA_256" : "SCRAM_SHA_512" }
    public var minIterations: Int32 { 4096 }
    public var maxIterations: Int32 { 16384 }
    var hash: SHA2 { self == .scramSha256 ? .sha256 : .sha512 }

    public init?(mechanismName: String) {
        guard let found = Self.allCases.first(where: { $0.mechanismName == mechanismName }) else { return nil }
        self = found
    }
}

/// One credential for the bootstrap metadata: the fields of `UserScramCredentialRecord`.
public struct ScramCredential: Sendable, Hashable {
    public var name: String
    public var mechanism: ScramMechanism
    public var salt: [UInt8]
    public var storedKey: [UInt8]
    public var serverKey: [UInt8]
    public var iterations: Int32

    public init(name: String, mechanism: ScramMechanism, salt: [UInt8], storedKey: [UInt8], serverKey: [UInt8], iterations: Int32) {
        self.name = name
        self.mechanism = mechanism
        self.salt = salt
        self.storedKey = storedKey
        self.serverKey = serverKey
        self.iterations = iterations
    }

    /// `ScramFormatter`: salted password → client key → stored key, and server key.
    public init(name: String, mechanism: ScramMechanism, salt: [UInt8], saltedPassword: [UInt8], iterations: Int32) {
        let hash = mechanism.hash
        let clientKey = hash.hmac(key: saltedPassword, message: Array("Client Key".utf8))
        self.name = name
        self.mechanism = mechanism
        self.salt = salt
        self.storedKey = hash.hash(clientKey)
        self.serverKey = hash.hmac(key: saltedPassword, message: Array("Server Key".utf8))
        self.iterations = iterations
    }

    /// `ScramFormatter.saltedPassword`: PBKDF2 over the password's UTF-8 bytes.
    public static func saltedPassword(_ password: String, salt: [UInt8], iterations: Int32, mechanism: ScramMechanism) -> [UInt8] {
        mechanism.hash.pbkdf2(password: Array(password.utf8), salt: salt, iterations: Int(iterations))
    }

    /// `ScramFormatter.secureRandomBytes`: the UTF-8 text of a random 130-bit number in base 36.
    public static func randomSalt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var high = (generator.next() as UInt64) & 0x3  // 130 bits: 2 + 64 + 64
        var middle = generator.next() as UInt64
        var low = generator.next() as UInt64
        var digits: [UInt8] = []
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        repeat {
            // Long division of the 3-limb number by 36.
            var remainder: UInt64 = 0
            (high, remainder) = (high / 36, high % 36)
            let m = (remainder << 32) | (middle >> 32)
            let mHigh = m / 36
            remainder = m % 36
            let m2 = (remainder << 32) | (middle & 0xFFFF_FFFF)
            middle = mHigh << 32 | m2 / 36
            remainder = m2 % 36
            let l = (remainder << 32) | (low >> 32)
            let lHigh = l / 36
            remainder = l % 36
            let l2 = (remainder << 32) | (low & 0xFFFF_FFFF)
            low = lHigh << 32 | l2 / 36
            remainder = l2 % 36
            digits.append(alphabet[Int(remainder)])
        } while high != 0 || middle != 0 || low != 0
        return digits.reversed()
    }
}

/// Parses `--add-scram` arguments as `ScramParser` does, with its `FormatterException` messages.
public enum ScramCredentialArgument {
    public static func parse(_ argument: String, randomSalt: () -> [UInt8] = ScramCredential.randomSalt) throws(FormatterError) -> ScramCredential {
        let input = argument.trimmingJavaWhitespace()
        guard let equals = input.firstIndex(of: "=") else {
            throw FormatterError("Failed to find equals sign in SCRAM argument '\(input)'")
        }
        let mechanismName = String(input[..<equals])
        let config = String(input[input.index(after: equals)...])
        guard let mechanism = ScramMechanism(mechanismName: mechanismName) else {
            throw FormatterError("The add-scram mechanism \(mechanismName) is not supported.")
        }
        guard config.hasPrefix("[") else { throw FormatterError("Expected configuration string to start with [") }
        guard config.hasSuffix("]") else { throw FormatterError("Expected configuration string to end with ]") }
        let body = config.count >= 2 ? String(config.dropFirst().dropLast()) : ""
        var components: [String: String] = [:]
        for component in javaSplit(body, on: ",") {
            guard let eq = component.firstIndex(of: "=") else {
                throw FormatterError("No equals sign found in SCRAM component: \(component)")
            }
            var value = String(component[component.index(after: eq)...])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            components[String(component[..<eq])] = value
        }
        guard let name = components.removeValue(forKey: "name") else {
            throw FormatterError("You must supply 'name' to add-scram")
        }
        var salt: [UInt8]?
        if let text = components.removeValue(forKey: "salt") {
            guard let decoded = Base64.decode(text) else { throw FormatterError("Failed to decode given salt: \(text)") }
            salt = decoded
        }
        var iterations: Int32 = 4096
        if let text = components.removeValue(forKey: "iterations") {
            guard let parsed = Int32(text) else { throw FormatterError("Failed to parse iterations count: \(text)") }
            iterations = parsed
        }
        let password = components.removeValue(forKey: "password")
        let saltedPasswordText = components.removeValue(forKey: "saltedpassword")
        var saltedPassword: [UInt8]?
        if password == nil {
            guard let saltedPasswordText else {
                throw FormatterError("You must supply one of 'password' or 'saltedpassword' to add-scram")
            }
            guard salt != nil else { throw FormatterError("You must supply 'salt' with 'saltedpassword' to add-scram") }
            guard let decoded = Base64.decode(saltedPasswordText) else {
                throw FormatterError("Failed to decode given saltedPassword: \(saltedPasswordText)")
            }
            saltedPassword = decoded
        }
        if !components.isEmpty {
            throw FormatterError("Unknown SCRAM configurations: " + components.keys.sorted().joined(separator: ", "))
        }
        let effectiveSalt = salt ?? randomSalt()
        guard iterations >= mechanism.minIterations else {
            throw FormatterError("The 'iterations' value must be >= \(mechanism.minIterations) for add-scram using \(mechanism)")
        }
        guard iterations <= mechanism.maxIterations else {
            throw FormatterError("The 'iterations' value must be <= \(mechanism.maxIterations) for add-scram using \(mechanism)")
        }
        let salted = saltedPassword ?? ScramCredential.saltedPassword(password ?? "", salt: effectiveSalt, iterations: iterations, mechanism: mechanism)
        return ScramCredential(name: name, mechanism: mechanism, salt: effectiveSalt, saltedPassword: salted, iterations: iterations)
    }

    /// Java's `String.split(",")`: trailing empty strings are dropped.
    static func javaSplit(_ text: String, on separator: Character) -> [Substring] {
        var parts = text.split(separator: separator, omittingEmptySubsequences: false)
        while let last = parts.last, last.isEmpty, parts.count > 0 { parts.removeLast() }
        return text.isEmpty ? [""] : parts
    }
}

/// Standard base64 (`java.util.Base64.getDecoder()`): padding optional at the end only.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        var chars = Array(text.utf8)
        while chars.last == UInt8(ascii: "=") { chars.removeLast() }
        guard Array(text.utf8).count - chars.count <= 2 else { return nil }
        for c in chars {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(c - 65)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(c - 71)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(c + 4)
            case UInt8(ascii: "+"): values.append(62)
            case UInt8(ascii: "/"): values.append(63)
            default: return nil
            }
        }
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < values.count {
            let chunk = values[i..<min(i + 4, values.count)]
            var n: UInt32 = 0
            for (j, v) in chunk.enumerated() { n |= UInt32(v) << UInt32(18 - 6 * j) }
            out.append(UInt8(truncatingIfNeeded: n >> 16))
            if chunk.count > 2 { out.append(UInt8(truncatingIfNeeded: n >> 8)) }
            if chunk.count > 3 { out.append(UInt8(truncatingIfNeeded: n)) }
            i += 4
        }
        return out
    }
}
