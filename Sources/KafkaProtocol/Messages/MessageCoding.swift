import NIOCore

// Writers the generated codecs share: they check what the wire can carry before writing.
extension ByteBuffer {
    /// Writes a string field; `nullable` says whether this version may carry null.
    @inlinable
    public mutating func writeKafkaField(string value: String?, compact: Bool, nullable: Bool, field: StaticString) throws {
        guard let value else {
            guard nullable else {
                throw KafkaProtocolError.unencodable(field: "\(field)", reason: "null is not allowed in this version")
            }
            self.writeKafkaLength(nil, compact: compact, wide: false)
            return
        }
        guard value.utf8.count <= Int(Int16.max) else {
            throw KafkaProtocolError.unencodable(field: "\(field)", reason: "string is longer than 32767 bytes")
        }
        self.writeKafkaString(value, compact: compact)
    }

    /// Writes a bytes or records field.
    @inlinable
    public mutating func writeKafkaField(bytes value: ByteBuffer?, compact: Bool, nullable: Bool, field: StaticString) throws {
        if value == nil && !nullable {
            throw KafkaProtocolError.unencodable(field: "\(field)", reason: "null is not allowed in this version")
        }
        self.writeKafkaBytes(value, compact: compact)
    }

    /// Writes the null marker of an array field, or throws if this version cannot carry null.
    @inlinable
    public mutating func writeKafkaNullArray(compact: Bool, nullable: Bool, field: StaticString) throws {
        guard nullable else {
            throw KafkaProtocolError.unencodable(field: "\(field)", reason: "null is not allowed in this version")
        }
        self.writeKafkaArrayCount(nil, compact: compact)
    }

    /// A tagged-field section holding only fields this build does not know, in tag order.
    @inlinable
    public mutating func writeKafkaTaggedFields(_ unknown: [UnknownTaggedField]) {
        self.writeUnsignedVarint(UInt32(unknown.count))
        var writer = RawTaggedFieldWriter(unknown)
        writer.writeRemaining(into: &self)
    }
}

/// Interleaves unknown tagged fields with known ones so the section stays in ascending tag order
/// (Kafka's `RawTaggedFieldWriter`).
public struct RawTaggedFieldWriter {
    @usableFromInline let fields: [UnknownTaggedField]
    @usableFromInline var index = 0

    @inlinable
    public init(_ fields: [UnknownTaggedField]) {
        self.fields = fields.count < 2 ? fields : fields.sorted { $0.tag < $1.tag }
    }

    /// Writes every unknown field whose tag is below `tag`.
    @inlinable
    public mutating func writeRawTags(upTo tag: UInt32, into buffer: inout ByteBuffer) {
        while index < fields.count, fields[index].tag < tag {
            buffer.writeUnknownTaggedField(fields[index])
            index += 1
        }
    }

    @inlinable
    public mutating func writeRemaining(into buffer: inout ByteBuffer) {
        while index < fields.count {
            buffer.writeUnknownTaggedField(fields[index])
            index += 1
        }
    }
}
