import KafkaProtocol
import NIOCore

/// The record batches of `bytes` with timestamps and CRC zeroed, so files written at different
/// times (ours and Kafka's) compare.
public func batchesIgnoringTimestamps(_ bytes: ByteBuffer) throws -> [RecordBatch] {
    try RecordBatchReader.decodeAll(bytes).map { batch in
        var batch = batch
        batch.header.baseTimestamp = 0
        batch.header.maxTimestamp = 0
        batch.header.crc = 0
        return batch
    }
}
