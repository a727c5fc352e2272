/// Encoded sizes of zig-zag varints, so a record's length prefix can be written before its body.
enum VarintSize {
    @inlinable
    static func unsigned(_ value: UInt64) -> Int {
        let bits = 64 - value.leadingZeroBitCount
        return max(1, (bits + 6) / 7)
    }

    @inlinable
    static func of(_ value: Int32) -> Int {
        unsigned(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))))
    }

    @inlinable
    static func of(_ value: Int64) -> Int {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }
}
