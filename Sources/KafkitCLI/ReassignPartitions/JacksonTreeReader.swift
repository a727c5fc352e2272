import KafkaProtocol

/// Reads JSON text into a `KafkaJSON` tree the way Kafka's `Json.tryParseFull` (Jackson's
/// `ObjectMapper.readTree`) does: one root value, anything after it ignored; a repeated key keeps
/// the last value; integers that fit 64 bits stay integers (so `isInt` can be told from `isLong`
/// and from doubles); blank text is Jackson's `MissingNode` (here `nil`).
struct JacksonTreeReader {
    /// Jackson's `JsonParseException`, with our own wording of where and why.
    struct ParseError: Error, Equatable {
        var message: String
    }

    private let bytes: [UInt8]
    private var index = 0

    private init(_ text: String) { bytes = Array(text.utf8) }

    /// The root value, or nil for empty or blank input.
    static func read(_ text: String) throws(ParseError) -> KafkaJSON? {
        var reader = JacksonTreeReader(text)
        reader.skipWhitespace()
        guard reader.index < reader.bytes.count else { return nil }
        return try reader.value(depth: 0)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func fail(_ what: String) -> ParseError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return ParseError(message: "\(what)\n at [Source: (String); line: \(line), column: \(column)]")
    }

    private func unexpected() -> ParseError {
        guard index < bytes.count else { return fail("Unexpected end-of-input") }
        let byte = bytes[index]
        let shown = byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "?"
        return fail("Unexpected character ('\(shown)' (code \(byte)))")
    }

    private mutating func value(depth: Int) throws(ParseError) -> KafkaJSON {
        // Jackson's default nesting limit (StreamReadConstraints.maxNestingDepth).
        guard depth < 1000 else { throw fail("Document nesting depth exceeds the maximum allowed (1000)") }
        skipWhitespace()
        guard index < bytes.count else { throw unexpected() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw unexpected()
        }
    }

    private mutating func literal(_ word: String) throws(ParseError) {
        for expected in word.utf8 {
            guard index < bytes.count, bytes[index] == expected else {
                throw fail("Unrecognized token: was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')")
            }
            index += 1
        }
    }

    private mutating func object(depth: Int) throws(ParseError) -> KafkaJSON {
        index += 1
        var members: [(String, KafkaJSON)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw index < bytes.count
                    ? fail("Unexpected character ('\(String(UnicodeScalar(bytes[index])))' (code \(bytes[index]))): was expecting double-quote to start field name")
                    : unexpected()
            }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected() }
            index += 1
            let member = try value(depth: depth + 1)
            if let existing = members.firstIndex(where: { $0.0 == key }) {
                members[existing].1 = member
            } else {
                members.append((key, member))
            }
            skipWhitespace()
            guard index < bytes.count else { throw unexpected() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw unexpected()
        }
    }

    private mutating func array(depth: Int) throws(ParseError) -> KafkaJSON {
        index += 1
        var items: [KafkaJSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw unexpected() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw unexpected()
        }
    }

    private mutating func string() throws(ParseError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
            raw.removeAll()
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                guard index < bytes.count else { throw unexpected() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                          let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                    else { throw fail("Unexpected character: expected a hex-digit for character escape sequence") }
                    index += 4
                    // A lone surrogate half has no scalar; Jackson keeps it, we substitute U+FFFD.
                    scalars.append(UnicodeScalar(code) ?? "\u{FFFD}")
                default:
                    throw fail("Unrecognized character escape '\(String(UnicodeScalar(escape)))' (code \(escape))")
                }
            case 0..<0x20:
                throw fail("Illegal unquoted character ((CTRL-CHAR, code \(byte))): has to be escaped using backslash to be included in string value")
            default:
                raw.append(byte)
            }
        }
        throw fail("Unexpected end-of-input: was expecting closing quote for a string value")
    }

    private mutating func number() throws(ParseError) -> KafkaJSON {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        guard index > digitsStart else { throw unexpected() }
        if index - digitsStart > 1, bytes[digitsStart] == UInt8(ascii: "0") {
            throw fail("Invalid numeric value: Leading zeroes not allowed")
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fraction = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > fraction else { throw fail("Unexpected character: Decimal point not followed by a digit") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponent = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > exponent else { throw fail("Unexpected character: Exponent indicator not followed by a digit") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .int(integer) }
        return .double(Double(text) ?? .nan)
    }
}

extension KafkaJSON {
    /// Jackson's `IntNode`: an integer that fits 32 bits (`DecodeInteger` accepts only these).
    var javaInt: Int32? {
        guard case let .int(value) = self else { return nil }
        return Int32(exactly: value)
    }
}
