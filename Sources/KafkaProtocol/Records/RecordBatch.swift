import NIOCore

/// A magic-2 record batch: the 61-byte header plus the records section exactly as stored
/// (still compressed when the codec says so). Decoding slices, never copies; writing puts back
/// the same bytes, CRC included.
public struct RecordBatch: Sendable, Hashable {
    public var header: RecordBatchHeader
    /// The bytes after the header: records back to back, or one compressed stream of them.
    public var recordsPayload: ByteBuffer

    public init(header: RecordBatchHeader, recordsPayload: ByteBuffer) {
        self.header = header
        self.recordsPayload = recordsPayload
    }

    /// Smallest valid batchLength: the header minus the 12 bytes batchLength does not count.
    public static let minimumBatchLength = Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead)

    /// Decodes the batch at the reader index and moves past it. Checks that batchLength is at least
    /// the header size and fits in the buffer, that the magic is 2 and (unless told not to) the CRC.
    public init(from buffer: inout ByteBuffer, verifyingCRC: Bool = true) throws {
        let start = buffer.readerIndex
        guard buffer.readableBytes >= RecordBatchHeader.magicOffset + 1 else {
            throw KafkaProtocolError.truncated(
                field: "record batch", needed: RecordBatchHeader.magicOffset + 1, available: buffer.readableBytes)
        }
        let batchLength = buffer.getInteger(at: start + 8, endianness: .big, as: Int32.self) ?? 0
        let magic = buffer.getInteger(at: start + RecordBatchHeader.magicOffset, as: Int8.self) ?? -1
        guard magic == 2 else { throw KafkaProtocolError.invalidMagic(magic) }
        guard batchLength >= Self.minimumBatchLength else {
            throw KafkaProtocolError.invalidLength(field: "record batch length", length: Int64(batchLength))
        }
        let total = Int(batchLength) + RecordBatchHeader.logOverhead
        guard total <= buffer.readableBytes else {
            throw KafkaProtocolError.truncated(field: "record batch", needed: total, available: buffer.readableBytes)
        }
        let header = try RecordBatchHeader(peekingAt: start, in: buffer)
        guard let payload = buffer.getSlice(at: start + RecordBatchHeader.size, length: total - RecordBatchHeader.size) else {
            throw KafkaProtocolError.truncated(field: "record batch", needed: total, available: buffer.readableBytes)
        }
        if verifyingCRC {
            let actual = RecordBatchHeader.computeCRC(ofBatchAt: start, totalSize: total, in: buffer)
            guard actual == header.crc else { throw KafkaProtocolError.crcMismatch(expected: header.crc, actual: actual) }
        }
        self.header = header
        self.recordsPayload = payload
        buffer.moveReaderIndex(forwardBy: total)
    }

    /// Writes the header as stored and the records payload: the bytes this batch was decoded from.
    public func write(into buffer: inout ByteBuffer) {
        header.write(into: &buffer)
        buffer.writeImmutableBuffer(recordsPayload)
    }

    /// The batch's bytes in a fresh buffer.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: sizeInBytes)
        write(into: &buffer)
        return buffer
    }

    // MARK: Derived values

    public var sizeInBytes: Int { RecordBatchHeader.size + recordsPayload.readableBytes }
    public var baseOffset: Int64 { header.baseOffset }
    public var lastOffset: Int64 { header.lastOffset }
    public var nextOffset: Int64 { header.nextOffset }
    public var recordsCount: Int32 { header.recordsCount }
    public var isTransactional: Bool { header.isTransactional }
    public var isControl: Bool { header.isControl }
    public var timestampType: TimestampType { header.isLogAppendTime ? .logAppendTime : .createTime }
    /// nil for attribute bits 5-7, which no Kafka version writes.
    public var compression: CompressionCodec? { CompressionCodec(rawValue: Int8(header.compressionCodec)) }
    /// The log cleaner's delete horizon, stored in baseTimestamp when attribute bit 6 is set.
    public var deleteHorizonMs: Int64? { header.hasDeleteHorizon ? header.baseTimestamp : nil }
    /// The sequence of the last record, or -1 without a producer sequence.
    public var lastSequence: Int32 {
        header.baseSequence >= 0 ? Self.incrementSequence(header.baseSequence, by: header.lastOffsetDelta) : -1
    }

    /// Sequence arithmetic that wraps from Int32.max to 0 (`DefaultRecordBatch.incrementSequence`).
    public static func incrementSequence(_ sequence: Int32, by increment: Int32) -> Int32 {
        if sequence > Int32.max &- increment { return increment &- (Int32.max &- sequence) &- 1 }
        return sequence &+ increment
    }

    // MARK: CRC

    /// CRC-32C over attributes .. end of the records, computed from the current field values.
    public var computedCRC: UInt32 {
        withUnsafeTemporaryAllocation(byteCount: 40, alignment: 8) { raw in
            let h = header
            raw.storeBytes(of: h.attributes.bigEndian, toByteOffset: 0, as: Int16.self)
            raw.storeBytes(of: h.lastOffsetDelta.bigEndian, toByteOffset: 2, as: Int32.self)
            raw.storeBytes(of: h.baseTimestamp.bigEndian, toByteOffset: 6, as: Int64.self)
            raw.storeBytes(of: h.maxTimestamp.bigEndian, toByteOffset: 14, as: Int64.self)
            raw.storeBytes(of: h.producerId.bigEndian, toByteOffset: 22, as: Int64.self)
            raw.storeBytes(of: h.producerEpoch.bigEndian, toByteOffset: 30, as: Int16.self)
            raw.storeBytes(of: h.baseSequence.bigEndian, toByteOffset: 32, as: Int32.self)
            raw.storeBytes(of: h.recordsCount.bigEndian, toByteOffset: 36, as: Int32.self)
            let crc = CRC32C.update(0, UnsafeRawBufferPointer(raw))
            return recordsPayload.withUnsafeReadableBytes { CRC32C.update(crc, $0) }
        }
    }

    /// Whether the stored CRC matches the bytes (Kafka's `isValid`).
    public var isValid: Bool { header.crc == computedCRC }

    /// Throws `crcMismatch` when the stored CRC does not match (Kafka's `ensureValid`).
    public func validate() throws {
        let actual = computedCRC
        guard actual == header.crc else { throw KafkaProtocolError.crcMismatch(expected: header.crc, actual: actual) }
    }

    /// Stores the CRC of the current fields and payload, and the matching batchLength.
    public mutating func updateCRC() {
        header.batchLength = Int32(sizeInBytes - RecordBatchHeader.logOverhead)
        header.crc = computedCRC
    }
}
