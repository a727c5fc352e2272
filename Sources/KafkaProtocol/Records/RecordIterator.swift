import NIOCore

/// Walks the records of one batch (decompressed first when the batch is compressed).
/// `next()` throws on corrupt records and, after the last record, if bytes are left over.
public struct RecordIterator: Sendable {
    @usableFromInline var buffer: ByteBuffer
    @usableFromInline var remaining: Int32
    @usableFromInline let header: RecordBatchHeader

    public init(records: ByteBuffer, header: RecordBatchHeader) throws {
        guard header.recordsCount >= 0 else {
            throw KafkaProtocolError.corruptRecord("Invalid negative record count \(header.recordsCount)")
        }
        self.buffer = records
        self.remaining = header.recordsCount
        self.header = header
    }

    @inlinable
    public mutating func next() throws -> Record? {
        guard remaining > 0 else {
            guard buffer.readableBytes == 0 else {
                throw KafkaProtocolError.corruptRecord(
                    "Incorrect declared batch size, \(buffer.readableBytes) bytes left after \(header.recordsCount) records")
            }
            return nil
        }
        remaining -= 1
        guard buffer.readableBytes > 0 else {
            throw KafkaProtocolError.corruptRecord(
                "Incorrect declared batch size, records still remaining: \(remaining + 1) of \(header.recordsCount)")
        }
        return try Record(from: &buffer, header: header)
    }
}

extension RecordBatch {
    /// The records' uncompressed bytes: the payload itself, or its decompression capped at
    /// `maxUncompressedSize`.
    public func uncompressedRecords(
        maxUncompressedSize: Int = CompressionCodec.defaultMaxDecompressedSize,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws -> ByteBuffer {
        let codec = try CompressionCodec(attributeBits: header.compressionCodec)
        if codec == .none { return recordsPayload }
        return try codec.decompress(recordsPayload, maxDecompressedSize: maxUncompressedSize, allocator: allocator)
    }

    /// An iterator over the records, decompressing once up front if needed.
    public func makeRecordIterator(
        maxUncompressedSize: Int = CompressionCodec.defaultMaxDecompressedSize,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws -> RecordIterator {
        try RecordIterator(records: uncompressedRecords(maxUncompressedSize: maxUncompressedSize, allocator: allocator), header: header)
    }

    /// Calls `body` for each record in order.
    public func forEachRecord(
        maxUncompressedSize: Int = CompressionCodec.defaultMaxDecompressedSize,
        _ body: (Record) throws -> Void
    ) throws {
        var iterator = try makeRecordIterator(maxUncompressedSize: maxUncompressedSize)
        while let record = try iterator.next() { try body(record) }
    }

    /// All records in an array (convenience for tools and tests; hot paths use the iterator).
    public func decodeRecords(maxUncompressedSize: Int = CompressionCodec.defaultMaxDecompressedSize) throws -> [Record] {
        var records: [Record] = []
        records.reserveCapacity(Int(min(max(header.recordsCount, 0), 4096)))
        try forEachRecord(maxUncompressedSize: maxUncompressedSize) { records.append($0) }
        return records
    }
}
