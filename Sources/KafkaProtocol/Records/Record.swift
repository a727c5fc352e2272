import NIOCore

/// One record of a magic-2 batch (`DefaultRecord`). Key, value and headers are slices of the
/// batch's (decompressed) bytes; decoding one allocates nothing.
///
/// ```
/// length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
/// keyLength varint | key | valueLength varint | value | headerCount varint | headers
/// ```
public struct Record: Sendable, Hashable {
    public var attributes: Int8
    public var timestampDelta: Int64
    public var offsetDelta: Int32
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: RecordHeaders
    /// Absolute offset: the batch's baseOffset + offsetDelta.
    public var offset: Int64
    /// Absolute timestamp: baseTimestamp + timestampDelta, or the batch's maxTimestamp with LogAppendTime.
    public var timestamp: Int64
    /// Bytes the record takes in the batch, length prefix included.
    public var sizeInBytes: Int
    /// Producer sequence: the batch's baseSequence advanced by offsetDelta, or -1 without one.
    public var sequence: Int32

    /// Largest overhead of a record without key, value and headers (`MAX_RECORD_OVERHEAD`).
    public static let maxRecordOverhead = 21

    /// Reads one record at the reader index of `buffer`. `header` supplies the base offset and
    /// timestamps. Strict like Kafka: the length prefix must match the bytes the fields use.
    public init(from buffer: inout ByteBuffer, header: RecordBatchHeader) throws {
        let layout = try buffer.withUnsafeReadableBytes { try RecordLayout(parsing: $0) }
        let start = buffer.readerIndex
        self.attributes = layout.attributes
        self.timestampDelta = layout.timestampDelta
        self.offsetDelta = layout.offsetDelta
        self.key = layout.keyLength < 0 ? nil : buffer.getSlice(at: start + layout.keyOffset, length: layout.keyLength)
        self.value = layout.valueLength < 0 ? nil : buffer.getSlice(at: start + layout.valueOffset, length: layout.valueLength)
        self.headers = layout.headerCount == 0
            ? .empty
            : RecordHeaders(
                count: layout.headerCount,
                bytes: buffer.getSlice(at: start + layout.headersOffset, length: layout.headersLength) ?? ByteBuffer())
        self.offset = header.baseOffset &+ Int64(layout.offsetDelta)
        self.timestamp = header.isLogAppendTime ? header.maxTimestamp : header.baseTimestamp &+ layout.timestampDelta
        self.sizeInBytes = layout.size
        self.sequence = header.baseSequence >= 0 ? RecordBatch.incrementSequence(header.baseSequence, by: layout.offsetDelta) : -1
        buffer.moveReaderIndex(forwardBy: layout.size)
    }

    /// Writes a record with the given deltas; returns the bytes written.
    @discardableResult
    public static func write<Headers: Collection<RecordHeader>>(
        offsetDelta: Int32, timestampDelta: Int64, key: ByteBuffer?, value: ByteBuffer?, headers: Headers,
        into buffer: inout ByteBuffer
    ) -> Int {
        var bodySize = 1 + VarintSize.of(timestampDelta) + VarintSize.of(offsetDelta)
        bodySize += fieldSize(key) + fieldSize(value) + VarintSize.of(Int32(headers.count))
        for header in headers {
            bodySize += VarintSize.of(Int32(header.keyBytes.readableBytes)) + header.keyBytes.readableBytes + fieldSize(header.value)
        }
        let start = buffer.writerIndex
        buffer.writeVarint(Int32(bodySize))
        buffer.writeInteger(Int8(0))
        buffer.writeVarlong(timestampDelta)
        buffer.writeVarint(offsetDelta)
        writeField(key, into: &buffer)
        writeField(value, into: &buffer)
        buffer.writeVarint(Int32(headers.count))
        for header in headers {
            buffer.writeVarint(Int32(header.keyBytes.readableBytes))
            buffer.writeImmutableBuffer(header.keyBytes)
            writeField(header.value, into: &buffer)
        }
        return buffer.writerIndex - start
    }

    @inline(__always)
    static func fieldSize(_ field: ByteBuffer?) -> Int {
        guard let field else { return 1 }
        return VarintSize.of(Int32(field.readableBytes)) + field.readableBytes
    }

    @inline(__always)
    static func writeField(_ field: ByteBuffer?, into buffer: inout ByteBuffer) {
        guard let field else {
            buffer.writeVarint(-1)
            return
        }
        buffer.writeVarint(Int32(field.readableBytes))
        buffer.writeImmutableBuffer(field)
    }
}
