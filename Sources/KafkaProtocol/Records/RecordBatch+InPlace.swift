import NIOCore

// What a leader changes in a batch it appends (`DefaultRecordBatch.setLastOffset`,
// `setPartitionLeaderEpoch`, `setMaxTimestamp`): the first two are outside the CRC, the
// third recomputes it. The static forms work on a batch inside a larger buffer without decoding it.
extension RecordBatch {
    public mutating func setBaseOffset(_ baseOffset: Int64) {
        header.baseOffset = baseOffset
    }

    /// Sets baseOffset so that the last record gets `lastOffset` (Kafka's `setLastOffset`).
    public mutating func setLastOffset(_ lastOffset: Int64) {
        header.baseOffset = lastOffset - Int64(header.lastOffsetDelta)
    }

    public mutating func setPartitionLeaderEpoch(_ epoch: Int32) {
        header.partitionLeaderEpoch = epoch
    }

    /// Sets the timestamp type bit and maxTimestamp and recomputes the CRC.
    public mutating func setMaxTimestamp(_ maxTimestamp: Int64, timestampType: TimestampType) {
        header.attributes = (header.attributes & ~0x08) | (timestampType == .logAppendTime ? 0x08 : 0)
        header.maxTimestamp = maxTimestamp
        header.crc = computedCRC
    }

    private static func checkBatch(at index: Int, in buffer: ByteBuffer, needing bytes: Int) throws {
        guard index >= buffer.readerIndex, buffer.writerIndex - index >= bytes else {
            throw KafkaProtocolError.truncated(
                field: "record batch", needed: bytes, available: max(0, buffer.writerIndex - index))
        }
    }

    public static func setBaseOffset(_ baseOffset: Int64, ofBatchAt index: Int, in buffer: inout ByteBuffer) throws {
        try checkBatch(at: index, in: buffer, needing: RecordBatchHeader.size)
        buffer.setInteger(baseOffset, at: index, endianness: .big)
    }

    public static func setPartitionLeaderEpoch(_ epoch: Int32, ofBatchAt index: Int, in buffer: inout ByteBuffer) throws {
        try checkBatch(at: index, in: buffer, needing: RecordBatchHeader.size)
        buffer.setInteger(epoch, at: index + RecordBatchHeader.partitionLeaderEpochOffset, endianness: .big)
    }

    /// Sets the timestamp type and maxTimestamp of the batch at `index` and rewrites its CRC.
    public static func setMaxTimestamp(
        _ maxTimestamp: Int64, timestampType: TimestampType, ofBatchAt index: Int, in buffer: inout ByteBuffer
    ) throws {
        try checkBatch(at: index, in: buffer, needing: RecordBatchHeader.size)
        let header = try RecordBatchHeader(peekingAt: index, in: buffer)
        guard header.batchLength >= minimumBatchLength else {
            throw KafkaProtocolError.invalidLength(field: "record batch length", length: Int64(header.batchLength))
        }
        try checkBatch(at: index, in: buffer, needing: header.totalSize)
        let attributes = (header.attributes & ~0x08) | (timestampType == .logAppendTime ? 0x08 : 0)
        buffer.setInteger(attributes, at: index + RecordBatchHeader.attributesOffset, endianness: .big)
        buffer.setInteger(maxTimestamp, at: index + 35, endianness: .big)
        let crc = RecordBatchHeader.computeCRC(ofBatchAt: index, totalSize: header.totalSize, in: buffer)
        buffer.setInteger(crc, at: index + RecordBatchHeader.crcOffset, endianness: .big)
    }
}
