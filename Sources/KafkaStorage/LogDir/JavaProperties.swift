import Foundation

/// A Java properties file (`java.util.Properties`): `load` and `store` with Java's rules, so a
/// `server.properties` written for Kafka reads the same here and a `meta.properties` we write is
/// the file Kafka writes.
///
/// Entries keep the order they were added in; `store` writes them in the order Java's
/// hash-based `Properties` table iterates them (Java 17), which is what Kafka's files show.
public struct JavaProperties: Sendable, Equatable {
    public private(set) var entries: [(key: String, value: String)] = []
    private var index: [String: Int] = [:]

    public init() {}

    public init(_ pairs: [(String, String)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public static func == (lhs: JavaProperties, rhs: JavaProperties) -> Bool {
        lhs.entries.count == rhs.entries.count && lhs.entries.allSatisfy { rhs[$0.key] == $0.value }
    }

    public var keys: [String] { entries.map(\.key) }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    public subscript(key: String) -> String? {
        get { index[key].map { entries[$0].value } }
        set {
            if let newValue {
                if let position = index[key] {
                    entries[position].value = newValue
                } else {
                    index[key] = entries.count
                    entries.append((key, newValue))
                }
            } else if let position = index.removeValue(forKey: key) {
                entries.remove(at: position)
                for (k, p) in index where p > position { index[k] = p - 1 }
            }
        }
    }

    public func contains(_ key: String) -> Bool { index[key] != nil }
}

// MARK: - load

extension JavaProperties {
    /// Parses text as `Properties.load(Reader)` does: `#`/`!` comment lines, `=`, `:` or
    /// whitespace between key and value, `\` line continuations, `\t \n \r \f \uXXXX` escapes
    /// (any other escaped character stands for itself). A later duplicate key wins.
    public static func parse(_ text: String) throws(JavaPropertiesError) -> JavaProperties {
        var properties = JavaProperties()
        var reader = LogicalLineReader(Array(text.unicodeScalars))
        while let line = reader.nextLogicalLine() {
            let (key, value) = try split(line)
            properties[key] = value
        }
        return properties
    }

    /// Reads a file the way Kafka's `Utils.loadProps` does (`Properties.load(InputStream)`):
    /// bytes are ISO-8859-1, non-Latin-1 characters come only through `\uXXXX`.
    public static func load(contentsOf path: String) throws -> JavaProperties {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try parse(String(String.UnicodeScalarView(data.map { Unicode.Scalar($0) })))
    }

    private static let whitespace: Set<Unicode.Scalar> = [" ", "\t", "\u{0C}"]

    /// Splits one logical line (continuations already joined, leading whitespace removed).
    private static func split(_ line: [Unicode.Scalar]) throws(JavaPropertiesError) -> (String, String) {
        var keyEnd = line.count
        var valueStart = line.count
        var hasSeparator = false
        var precedingBackslash = false
        var i = 0
        while i < line.count {
            let c = line[i]
            if (c == "=" || c == ":") && !precedingBackslash {
                keyEnd = i
                valueStart = i + 1
                hasSeparator = true
                break
            } else if whitespace.contains(c) && !precedingBackslash {
                keyEnd = i
                valueStart = i + 1
                break
            }
            precedingBackslash = c == "\\" ? !precedingBackslash : false
            i += 1
        }
        while valueStart < line.count {
            let c = line[valueStart]
            if whitespace.contains(c) {
                valueStart += 1
            } else if !hasSeparator && (c == "=" || c == ":") {
                hasSeparator = true
                valueStart += 1
            } else {
                break
            }
        }
        let key = try unescape(line[0..<min(keyEnd, line.count)])
        let value = try unescape(line[min(valueStart, line.count)...])
        return (key, value)
    }

    private static func unescape(_ chars: ArraySlice<Unicode.Scalar>) throws(JavaPropertiesError) -> String {
        var out = String.UnicodeScalarView()
        var i = chars.startIndex
        var pendingHighSurrogate: UInt32?
        func append(_ code: UInt32) {
            // \uXXXX pairs form one supplementary character, as Java's UTF-16 strings do.
            if let high = pendingHighSurrogate {
                pendingHighSurrogate = nil
                if (0xDC00...0xDFFF).contains(code),
                   let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)) {
                    out.append(scalar)
                    return
                }
                out.append("\u{FFFD}")
            }
            if (0xD800...0xDBFF).contains(code) {
                pendingHighSurrogate = code
            } else if let scalar = Unicode.Scalar(code) {
                out.append(scalar)
            } else {
                out.append("\u{FFFD}")
            }
        }
        while i < chars.endIndex {
            var c = chars[i]
            i += 1
            guard c == "\\", i < chars.endIndex else {
                append(c.value)
                continue
            }
            c = chars[i]
            i += 1
            switch c {
            case "u":
                var code: UInt32 = 0
                for _ in 0..<4 {
                    guard i < chars.endIndex, let digit = Self.hexValue(chars[i]) else {
                        throw JavaPropertiesError.malformedUnicodeEscape
                    }
                    code = code << 4 | digit
                    i += 1
                }
                append(code)
            case "t": append(0x09)
            case "r": append(0x0D)
            case "n": append(0x0A)
            case "f": append(0x0C)
            default: append(c.value)
            }
        }
        if pendingHighSurrogate != nil { out.append("\u{FFFD}") }
        return String(out)
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }
}

public enum JavaPropertiesError: Error, Equatable, CustomStringConvertible {
    case malformedUnicodeEscape

    public var description: String {
        switch self {
        case .malformedUnicodeEscape: return "Malformed \\uxxxx encoding."
        }
    }
}

/// Java's `Properties.LineReader`: yields logical lines with comments and blank lines skipped,
/// leading whitespace removed and `\`-newline continuations joined.
private struct LogicalLineReader {
    let chars: [Unicode.Scalar]
    var position = 0

    init(_ chars: [Unicode.Scalar]) { self.chars = chars }

    mutating func nextLogicalLine() -> [Unicode.Scalar]? {
        var line: [Unicode.Scalar] = []
        var skipWhitespace = true
        var isNewLine = true
        var appendedLineBegin = false
        var precedingBackslash = false
        var skipLF = false
        while true {
            guard position < chars.count else {
                if line.isEmpty { return nil }
                if precedingBackslash { line.removeLast() }
                return line
            }
            let c = chars[position]
            position += 1
            if skipLF {
                skipLF = false
                if c == "\n" { continue }
            }
            if skipWhitespace {
                if c == " " || c == "\t" || c == "\u{0C}" { continue }
                if !appendedLineBegin && (c == "\r" || c == "\n") { continue }
                skipWhitespace = false
                appendedLineBegin = false
            }
            if isNewLine {
                isNewLine = false
                if c == "#" || c == "!" {
                    // Skip the rest of the comment line.
                    while position < chars.count, chars[position] != "\n", chars[position] != "\r" { position += 1 }
                    isNewLine = true
                    skipWhitespace = true
                    continue
                }
            }
            if c != "\n" && c != "\r" {
                line.append(c)
                precedingBackslash = c == "\\" ? !precedingBackslash : false
            } else {
                if line.isEmpty {
                    isNewLine = true
                    skipWhitespace = true
                    continue
                }
                if precedingBackslash {
                    line.removeLast()
                    skipWhitespace = true
                    appendedLineBegin = true
                    precedingBackslash = false
                    if c == "\r" { skipLF = true }
                } else {
                    return line
                }
            }
        }
    }
}
