import NIOCore

/// One record header: a UTF-8 key (never null) and a nullable value, both byte slices.
public struct RecordHeader: Sendable, Hashable {
    public var keyBytes: ByteBuffer
    public var value: ByteBuffer?

    public init(key: ByteBuffer, value: ByteBuffer?) {
        self.keyBytes = key
        self.value = value
    }

    public init(key: String, value: ByteBuffer?) {
        self.keyBytes = ByteBuffer(string: key)
        self.value = value
    }

    /// The key as text. Like Java, bytes that are not UTF-8 become replacement characters.
    public var key: String { String(decoding: keyBytes.readableBytesView, as: UTF8.self) }
}

/// The headers of one record, parsed lazily from the record's bytes. The record decoder has
/// already walked them once, so iterating cannot fail.
public struct RecordHeaders: Sequence, Sendable, Hashable {
    public let count: Int
    @usableFromInline let bytes: ByteBuffer

    init(count: Int, bytes: ByteBuffer) {
        self.count = count
        self.bytes = bytes
    }

    public static let empty = RecordHeaders(count: 0, bytes: ByteBuffer())

    public var isEmpty: Bool { count == 0 }

    public struct Iterator: IteratorProtocol, Sendable {
        var bytes: ByteBuffer
        var remaining: Int

        public mutating func next() -> RecordHeader? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            guard let header = try? RecordHeaders.readHeader(from: &bytes) else {
                remaining = 0
                return nil
            }
            return header
        }
    }

    public func makeIterator() -> Iterator { Iterator(bytes: bytes, remaining: count) }

    /// Reads one header: varint key length (>= 0), key, varint value length (-1 = null), value.
    static func readHeader(from buffer: inout ByteBuffer) throws -> RecordHeader {
        let keyLength = try buffer.readVarint()
        guard keyLength >= 0 else {
            throw KafkaProtocolError.corruptRecord("Invalid negative header key size \(keyLength)")
        }
        let key = try buffer.readKafkaSlice(length: Int(keyLength), field: "record header key")
        let value = try buffer.readRecordField(field: "record header value")
        return RecordHeader(key: key, value: value)
    }
}

extension ByteBuffer {
    /// A varint-length-prefixed field of a record: -1 is null, other negatives are corrupt.
    @inlinable
    mutating func readRecordField(field: StaticString) throws -> ByteBuffer? {
        let length = try self.readVarint()
        if length == -1 { return nil }
        guard length >= 0 else { throw KafkaProtocolError.invalidLength(field: "\(field)", length: Int64(length)) }
        return try self.readKafkaSlice(length: Int(length), field: field)
    }
}
