/// Hex text that is not an even run of hex digits.
public struct MalformedHex: Error, CustomStringConvertible {
    public let text: String
    public var description: String { "malformed hex: \(text.prefix(40))" }
}

/// The bytes of hex text, as the recorded frames (`frames/*.jsonl`, field `hex`) carry them.
public func hexBytes(_ hex: String) throws -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(hex.utf8.count / 2)
    var high: UInt8?
    for c in hex.utf8 {
        let v: UInt8
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - UInt8(ascii: "A") + 10
        default: throw MalformedHex(text: hex)
        }
        if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
    }
    guard high == nil else { throw MalformedHex(text: hex) }
    return out
}
