/// Where the fields of one record sit, found in a single pass over raw bytes so that decoding a
/// record costs no intermediate buffers: `Record` then slices key, value and headers out.
struct RecordLayout {
    var size = 0
    var attributes: Int8 = 0
    var timestampDelta: Int64 = 0
    var offsetDelta: Int32 = 0
    var keyOffset = 0, keyLength = -1
    var valueOffset = 0, valueLength = -1
    var headersOffset = 0, headersLength = 0, headerCount = 0

    /// A bounds-checked reader over the record's bytes.
    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var position: Int
        var end: Int

        @inline(__always)
        mutating func byte() throws -> UInt8 {
            guard position < end else { throw KafkaProtocolError.truncated(field: "record", needed: 1, available: 0) }
            defer { position += 1 }
            return bytes[position]
        }

        @inline(__always)
        mutating func unsignedVarlong(maxBytes: Int) throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            for _ in 0..<maxBytes {
                let b = try byte()
                result |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
            }
            throw KafkaProtocolError.varintTooLong
        }

        @inline(__always)
        mutating func varint() throws -> Int32 {
            let raw = try unsignedVarlong(maxBytes: 5)
            guard raw <= UInt64(UInt32.max) else { throw KafkaProtocolError.varintTooLong }
            let value = UInt32(raw)
            return Int32(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
        }

        @inline(__always)
        mutating func varlong() throws -> Int64 {
            let raw = try unsignedVarlong(maxBytes: 10)
            return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
        }

        /// A varint length then that many bytes; -1 is null (returns -1), other negatives are corrupt.
        @inline(__always)
        mutating func field(_ name: StaticString, nullable: Bool = true) throws -> (offset: Int, length: Int) {
            let length = try varint()
            if length == -1 && nullable { return (position, -1) }
            guard length >= 0, Int(length) <= end - position else {
                throw KafkaProtocolError.invalidLength(field: "\(name)", length: Int64(length))
            }
            defer { position += Int(length) }
            return (position, Int(length))
        }
    }

    /// Parses the record at the start of `bytes`. Strict like `DefaultRecord.readFrom`.
    init(parsing bytes: UnsafeRawBufferPointer) throws {
        var cursor = Cursor(bytes: bytes, position: 0, end: bytes.count)
        let length = try cursor.varint()
        guard length >= 0, Int(length) <= bytes.count - cursor.position else {
            throw KafkaProtocolError.invalidLength(field: "record length", length: Int64(length))
        }
        cursor.end = cursor.position + Int(length)
        attributes = Int8(bitPattern: try cursor.byte())
        timestampDelta = try cursor.varlong()
        offsetDelta = try cursor.varint()
        (keyOffset, keyLength) = try cursor.field("record key")
        (valueOffset, valueLength) = try cursor.field("record value")
        let count = try cursor.varint()
        // Each header takes at least two bytes, so a larger count cannot be real.
        guard count >= 0, Int(count) <= (cursor.end - cursor.position) / 2 else {
            throw KafkaProtocolError.corruptRecord("Found invalid number of record headers \(count)")
        }
        headerCount = Int(count)
        headersOffset = cursor.position
        for _ in 0..<headerCount {
            let keyLength = try cursor.varint()
            guard keyLength >= 0 else {
                throw KafkaProtocolError.corruptRecord("Invalid negative header key size \(keyLength)")
            }
            guard Int(keyLength) <= cursor.end - cursor.position else {
                throw KafkaProtocolError.invalidLength(field: "record header key", length: Int64(keyLength))
            }
            cursor.position += Int(keyLength)
            _ = try cursor.field("record header value")
        }
        headersLength = cursor.position - headersOffset
        guard cursor.position == cursor.end else {
            throw KafkaProtocolError.corruptRecord(
                "Invalid record size: expected to read \(length) bytes in record payload, but instead read \(Int(length) - (cursor.end - cursor.position))")
        }
        size = cursor.end
    }
}
