import NIOCore

/// An ordered JSON value, serialised exactly as Jackson's default `ObjectMapper.writeValueAsString`
/// does (Kafka's `dump-log` and request logging go through it).
public enum KafkaJSON: Sendable, Equatable, CustomStringConvertible {
    case object([(String, KafkaJSON)])
    case array([KafkaJSON])
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null

    public static func == (lhs: KafkaJSON, rhs: KafkaJSON) -> Bool {
        switch (lhs, rhs) {
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where x.0 != y.0 || x.1 != y.1 { return false }
            return true
        case let (.array(a), .array(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// A string, or null.
    public static func text(_ value: String?) -> KafkaJSON {
        guard let value else { return .null }
        return .string(value)
    }

    /// Binary data as Jackson writes a `BinaryNode`: standard base64 with padding; null stays null.
    public static func base64(_ value: ByteBuffer?) -> KafkaJSON {
        guard let value else { return .null }
        return .string(KafkaBase64.encode(value.readableBytesView))
    }

    /// Looks up a member of an object.
    public subscript(key: String) -> KafkaJSON? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// Compact text, byte-identical to Jackson's default output.
    public var description: String { serialized() }

    public func serialized() -> String {
        var out = ""
        write(into: &out)
        return out
    }

    public func write(into out: inout String) {
        switch self {
        case let .object(members):
            out.append("{")
            var first = true
            for (key, value) in members {
                if !first { out.append(",") }
                first = false
                Self.writeString(key, into: &out)
                out.append(":")
                value.write(into: &out)
            }
            out.append("}")
        case let .array(items):
            out.append("[")
            var first = true
            for item in items {
                if !first { out.append(",") }
                first = false
                item.write(into: &out)
            }
            out.append("]")
        case let .string(s):
            Self.writeString(s, into: &out)
        case let .int(i):
            out.append(String(i))
        case let .double(d):
            if d.isNaN || d.isInfinite {
                // Jackson quotes non-numeric numbers by default (QUOTE_NON_NUMERIC_NUMBERS).
                out.append("\"")
                out.append(Self.javaDoubleString(d))
                out.append("\"")
            } else {
                out.append(Self.javaDoubleString(d))
            }
        case let .bool(b):
            out.append(b ? "true" : "false")
        case .null:
            out.append("null")
        }
    }

    private static let hexDigits: [Character] = Array("0123456789ABCDEF")

    /// Jackson's escaping: `"` and `\` escaped, control characters as `\b \t \n \f \r` or
    /// `\u00XX`; everything else (including non-ASCII) written as is.
    static func writeString(_ s: String, into out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out.append("\\\"")
            case 0x5C: out.append("\\\\")
            case 0x08: out.append("\\b")
            case 0x09: out.append("\\t")
            case 0x0A: out.append("\\n")
            case 0x0C: out.append("\\f")
            case 0x0D: out.append("\\r")
            case 0..<0x20:
                out.append("\\u00")
                out.append(hexDigits[Int(scalar.value >> 4)])
                out.append(hexDigits[Int(scalar.value & 0xF)])
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }

    /// Java's `Double.toString`: plain notation for 1e-3 <= |d| < 1e7, otherwise `d.dddE±n`;
    /// always at least one digit after the point; shortest round-trip digits.
    public static func javaDoubleString(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description has the shortest round-trip digits; pull out digits and exponent.
        let text = "\(abs(d))"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = ""
        var pointPosition = mantissa.count
        if let dot = mantissa.firstIndex(of: ".") {
            pointPosition = mantissa.distance(from: mantissa.startIndex, to: dot)
        }
        for c in mantissa where c != "." { digits.append(c) }
        // Normalise to digits d1d2d3... with the decimal point after `pointPosition + exponent` digits.
        var decimalExponent = pointPosition + exponent
        while digits.count > 1 && digits.first == "0" {
            digits.removeFirst()
            decimalExponent -= 1
        }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        let sign = d < 0 ? "-" : ""
        let magnitude = abs(d)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            if decimalExponent <= 0 {
                return sign + "0." + String(repeating: "0", count: -decimalExponent) + digits
            }
            if decimalExponent >= digits.count {
                return sign + digits + String(repeating: "0", count: decimalExponent - digits.count) + ".0"
            }
            let split = digits.index(digits.startIndex, offsetBy: decimalExponent)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let first = digits.prefix(1)
        var rest = String(digits.dropFirst())
        if rest.isEmpty { rest = "0" }
        return sign + first + "." + rest + "E" + String(decimalExponent - 1)
    }
}

/// Standard base64 with padding (`java.util.Base64.getEncoder()`, Jackson's default variant).
public enum KafkaBase64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next()
            let b2 = iterator.next()
            let n = UInt32(b0) << 16 | UInt32(b1 ?? 0) << 8 | UInt32(b2 ?? 0)
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(b1 == nil ? UInt8(ascii: "=") : alphabet[Int(n >> 6 & 63)])
            out.append(b2 == nil ? UInt8(ascii: "=") : alphabet[Int(n & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
