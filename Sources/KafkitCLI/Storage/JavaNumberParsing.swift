/// What Java's `Integer.valueOf`, `Long.valueOf` and `Double.valueOf` accept, so parsers built on
/// them reject exactly the same text.
enum JavaNumberParsing {
    /// `Long.parseLong`: an optional sign and ASCII digits, nothing else (no spaces).
    static func int64(_ text: String) -> Int64? {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        // Parse the negative magnitude so Long.MIN_VALUE fits, as Java does.
        var value: Int64 = 0
        for byte in body.utf8 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times.subtractingReportingOverflow(Int64(byte - 0x30))
            if overflow1 || overflow2 { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// `Integer.parseInt`.
    static func int32(_ text: String) -> Int32? {
        int64(text).flatMap { Int32(exactly: $0) }
    }

    /// `Double.valueOf`: surrounding characters ≤ U+0020 are ignored, a trailing `d`/`D`/`f`/`F`
    /// is allowed, and `NaN` / `Infinity` are spelled as Java spells them.
    static func double(_ text: String) -> Double? {
        var scalars = Substring(text).unicodeScalars
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        var body = String(scalars)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body.removeFirst()
        }
        if body == "NaN" { return .nan }
        if body == "Infinity" { return sign == "-" ? -.infinity : .infinity }
        if let last = body.last, "dDfF".contains(last) { body.removeLast() }
        // Decimal notation only: digits, one dot, an optional exponent (Swift would also take
        // "nan", "inf" and hex forms, which Java spells differently or not at all).
        let bytes = Array(body.utf8)
        var i = 0
        var mantissaDigits = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1; mantissaDigits += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let start = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            guard i > start else { return nil }
        }
        guard i == bytes.count else { return nil }
        return Double(sign + body)
    }
}
