import NIOCore

// Checked readers and writers for Kafka's primitive types. Every reader throws
// `KafkaProtocolError` on short or hostile input instead of returning nil or trapping,
// and no reader allocates in proportion to a length it has not yet seen the bytes for.
extension ByteBuffer {
    // MARK: Fixed-width integers

    @inlinable
    public mutating func readKafkaInteger<T: FixedWidthInteger>(as: T.Type = T.self, field: StaticString = "int") throws -> T {
        guard let value = self.readInteger(endianness: .big, as: T.self) else {
            throw KafkaProtocolError.truncated(
                field: "\(field)", needed: MemoryLayout<T>.size, available: self.readableBytes)
        }
        return value
    }

    @inlinable
    public mutating func readKafkaBool() throws -> Bool {
        let byte: UInt8 = try self.readKafkaInteger(field: "bool")
        return byte != 0
    }

    @inlinable
    public mutating func readKafkaFloat64() throws -> Double {
        let bits: UInt64 = try self.readKafkaInteger(field: "float64")
        return Double(bitPattern: bits)
    }

    @inlinable
    public mutating func writeKafkaFloat64(_ value: Double) {
        self.writeInteger(value.bitPattern, endianness: .big)
    }

    @inlinable
    public mutating func writeKafkaBool(_ value: Bool) {
        self.writeInteger(value ? UInt8(1) : UInt8(0))
    }

    // MARK: Varints

    /// Unsigned varint, at most 5 bytes (32 bits).
    @inlinable
    public mutating func readUnsignedVarint() throws -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        var index = self.readerIndex
        while true {
            guard let byte = self.getInteger(at: index, as: UInt8.self) else {
                throw KafkaProtocolError.truncated(field: "varint", needed: 1, available: 0)
            }
            index += 1
            if shift == 28 && byte > 0x0F { throw KafkaProtocolError.varintTooLong }
            result |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
            if shift > 28 { throw KafkaProtocolError.varintTooLong }
        }
        self.moveReaderIndex(to: index)
        return result
    }

    /// Unsigned varlong, at most 10 bytes (64 bits).
    @inlinable
    public mutating func readUnsignedVarlong() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = self.readerIndex
        while true {
            guard let byte = self.getInteger(at: index, as: UInt8.self) else {
                throw KafkaProtocolError.truncated(field: "varlong", needed: 1, available: 0)
            }
            index += 1
            if shift == 63 && byte > 0x01 { throw KafkaProtocolError.varintTooLong }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
            if shift > 63 { throw KafkaProtocolError.varintTooLong }
        }
        self.moveReaderIndex(to: index)
        return result
    }

    /// Zig-zag signed varint (record fields).
    @inlinable
    public mutating func readVarint() throws -> Int32 {
        let raw = try self.readUnsignedVarint()
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Zig-zag signed varlong (record fields).
    @inlinable
    public mutating func readVarlong() throws -> Int64 {
        let raw = try self.readUnsignedVarlong()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    @inlinable
    @discardableResult
    public mutating func writeUnsignedVarint(_ value: UInt32) -> Int {
        var v = value
        var written = 0
        while v >= 0x80 {
            self.writeInteger(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
            written += 1
        }
        self.writeInteger(UInt8(v))
        return written + 1
    }

    @inlinable
    @discardableResult
    public mutating func writeUnsignedVarlong(_ value: UInt64) -> Int {
        var v = value
        var written = 0
        while v >= 0x80 {
            self.writeInteger(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
            written += 1
        }
        self.writeInteger(UInt8(v))
        return written + 1
    }

    @inlinable
    @discardableResult
    public mutating func writeVarint(_ value: Int32) -> Int {
        self.writeUnsignedVarint(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    @inlinable
    @discardableResult
    public mutating func writeVarlong(_ value: Int64) -> Int {
        self.writeUnsignedVarlong(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    // MARK: Lengths

    /// Reads a length (classic int16/int32 or compact varint N+1). Returns nil for null (-1 / 0).
    /// Throws if the length is negative (other than null) or larger than the bytes that remain.
    @inlinable
    public mutating func readKafkaLength(compact: Bool, wide: Bool, field: StaticString) throws -> Int? {
        let length: Int
        if compact {
            let raw = try self.readUnsignedVarint()
            if raw == 0 { return nil }
            length = Int(raw) - 1
        } else if wide {
            let raw: Int32 = try self.readKafkaInteger(field: field)
            if raw == -1 { return nil }
            length = Int(raw)
        } else {
            let raw: Int16 = try self.readKafkaInteger(field: field)
            if raw == -1 { return nil }
            length = Int(raw)
        }
        guard length >= 0, length <= self.readableBytes else {
            throw KafkaProtocolError.invalidLength(field: "\(field)", length: Int64(length))
        }
        return length
    }

    /// Reads an array count (int32 or compact N+1). nil for a null array. A count larger than the
    /// remaining bytes is refused: every element takes at least one byte.
    @inlinable
    public mutating func readKafkaArrayCount(compact: Bool, field: StaticString) throws -> Int? {
        let count: Int
        if compact {
            let raw = try self.readUnsignedVarint()
            if raw == 0 { return nil }
            count = Int(raw) - 1
        } else {
            let raw: Int32 = try self.readKafkaInteger(field: field)
            if raw == -1 { return nil }
            count = Int(raw)
        }
        guard count >= 0, count <= self.readableBytes else {
            throw KafkaProtocolError.invalidLength(field: "\(field)", length: Int64(count))
        }
        return count
    }

    @inlinable
    public mutating func writeKafkaLength(_ length: Int?, compact: Bool, wide: Bool) {
        if compact {
            self.writeUnsignedVarint(length.map { UInt32($0 + 1) } ?? 0)
        } else if wide {
            self.writeInteger(Int32(length ?? -1), endianness: .big)
        } else {
            self.writeInteger(Int16(length ?? -1), endianness: .big)
        }
    }

    @inlinable
    public mutating func writeKafkaArrayCount(_ count: Int?, compact: Bool) {
        self.writeKafkaLength(count, compact: compact, wide: true)
    }

    // MARK: Strings and bytes

    /// Reads a string (`compact` selects the varint form). nil means the wire said null.
    @inlinable
    public mutating func readKafkaNullableString(compact: Bool, field: StaticString = "string") throws -> String? {
        guard let length = try self.readKafkaLength(compact: compact, wide: false, field: field) else { return nil }
        guard let string = self.readString(length: length) else {
            throw KafkaProtocolError.truncated(field: "\(field)", needed: length, available: self.readableBytes)
        }
        return string
    }

    @inlinable
    public mutating func readKafkaString(compact: Bool, field: StaticString = "string") throws -> String {
        guard let value = try self.readKafkaNullableString(compact: compact, field: field) else {
            throw KafkaProtocolError.unexpectedNull(field: "\(field)")
        }
        return value
    }

    @inlinable
    public mutating func writeKafkaString(_ value: String?, compact: Bool) {
        guard let value else {
            self.writeKafkaLength(nil, compact: compact, wide: false)
            return
        }
        let utf8Count = value.utf8.count
        self.writeKafkaLength(utf8Count, compact: compact, wide: false)
        self.writeString(value)
    }

    /// Reads bytes as a slice of this buffer (no copy). nil means null.
    @inlinable
    public mutating func readKafkaNullableBytes(compact: Bool, field: StaticString = "bytes") throws -> ByteBuffer? {
        guard let length = try self.readKafkaLength(compact: compact, wide: true, field: field) else { return nil }
        guard let slice = self.readSlice(length: length) else {
            throw KafkaProtocolError.truncated(field: "\(field)", needed: length, available: self.readableBytes)
        }
        return slice
    }

    @inlinable
    public mutating func readKafkaBytes(compact: Bool, field: StaticString = "bytes") throws -> ByteBuffer {
        guard let value = try self.readKafkaNullableBytes(compact: compact, field: field) else {
            throw KafkaProtocolError.unexpectedNull(field: "\(field)")
        }
        return value
    }

    @inlinable
    public mutating func writeKafkaBytes(_ value: ByteBuffer?, compact: Bool) {
        guard var value else {
            self.writeKafkaLength(nil, compact: compact, wide: true)
            return
        }
        self.writeKafkaLength(value.readableBytes, compact: compact, wide: true)
        self.writeBuffer(&value)
    }

    // MARK: Exact slices

    @inlinable
    public mutating func readKafkaSlice(length: Int, field: StaticString) throws -> ByteBuffer {
        guard length >= 0 else { throw KafkaProtocolError.invalidLength(field: "\(field)", length: Int64(length)) }
        guard let slice = self.readSlice(length: length) else {
            throw KafkaProtocolError.truncated(field: "\(field)", needed: length, available: self.readableBytes)
        }
        return slice
    }
}
