import NIOCore

/// A tagged field this build does not know. Kept as raw bytes and written back in tag order,
/// as Kafka's generated code does (`RawTaggedField`).
public struct UnknownTaggedField: Hashable, Sendable {
    public var tag: UInt32
    public var data: ByteBuffer

    public init(tag: UInt32, data: ByteBuffer) {
        self.tag = tag
        self.data = data
    }
}

extension ByteBuffer {
    /// Reads a tagged-field section, calling `known` for each tag; `known` returns false for a tag
    /// it does not know, and the raw field is kept in `unknown`. Tags must strictly ascend, and
    /// each field's reader must consume exactly `size` bytes.
    @inlinable
    public mutating func readTaggedFields(
        unknown: inout [UnknownTaggedField],
        _ known: (UInt32, inout ByteBuffer) throws -> Bool
    ) throws {
        let count = try self.readUnsignedVarint()
        guard Int(count) <= self.readableBytes else {
            throw KafkaProtocolError.invalidLength(field: "tagged fields", length: Int64(count))
        }
        var previous: Int64 = -1
        for _ in 0..<count {
            let tag = try self.readUnsignedVarint()
            guard Int64(tag) > previous else { throw KafkaProtocolError.invalidTaggedField(tag: tag) }
            previous = Int64(tag)
            let size = try self.readUnsignedVarint()
            var slice = try self.readKafkaSlice(length: Int(size), field: "tagged field")
            if try known(tag, &slice) {
                guard slice.readableBytes == 0 else { throw KafkaProtocolError.invalidTaggedField(tag: tag) }
            } else {
                unknown.append(UnknownTaggedField(tag: tag, data: slice))
            }
        }
    }

    /// Writes one tagged field: tag, size, then whatever `body` writes.
    @inlinable
    public mutating func writeTaggedField(tag: UInt32, _ body: (inout ByteBuffer) throws -> Void) rethrows {
        self.writeUnsignedVarint(tag)
        var scratch = ByteBufferAllocator().buffer(capacity: 16)
        try body(&scratch)
        self.writeUnsignedVarint(UInt32(scratch.readableBytes))
        self.writeBuffer(&scratch)
    }

    @inlinable
    public mutating func writeUnknownTaggedField(_ field: UnknownTaggedField) {
        var data = field.data
        self.writeUnsignedVarint(field.tag)
        self.writeUnsignedVarint(UInt32(data.readableBytes))
        self.writeBuffer(&data)
    }
}
