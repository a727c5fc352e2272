import KafkaProtocol
import KafkaStorage
import NIOCore

/// `__cluster_metadata-0`: the KRaft log of metadata record batches, on a `PartitionLog`.
/// Single-voter quorum: every append is committed once it is on disk.
final class MetadataLog: Sendable {
    static let topicName = "__cluster_metadata"
    /// Kafka's fixed topic id for the metadata topic (`Topic.CLUSTER_METADATA_TOPIC_ID`).
    static let topicId = KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 1)

    let log: PartitionLog
    let directory: String

    init(metadataLogDir: String, hadCleanShutdown: Bool) throws {
        directory = metadataLogDir + "/" + Self.topicName + "-0"
        var config = LogConfig()
        // The metadata log keeps everything (snapshots bound replay, not retention).
        config.retentionMs = -1
        config.retentionBytes = -1
        config.segmentBytes = 8 * 1024 * 1024
        log = try PartitionLog(directory: directory, config: config, hadCleanShutdown: hadCleanShutdown)
    }

    var endOffset: Int64 { log.logEndOffset }

    /// Reads every batch from the log start and hands each decoded batch to `body`, with the
    /// batch's leader epoch. Stops at the first batch that does not decode (recovery already cut
    /// torn tails, so that is corruption worth failing on).
    func replay(from startOffset: Int64 = 0, _ body: (MetadataBatchContent, _ epoch: Int32) throws -> Void) throws {
        var offset = max(startOffset, log.logStartOffset)
        let end = log.logEndOffset
        while offset < end {
            var bytes = try log.readBytes(from: offset, maxBytes: 1 << 20)
            let before = offset
            while bytes.readableBytes > 0 {
                let batch = try RecordBatch(from: &bytes)
                if batch.lastOffset >= offset {
                    try body(try MetadataRecordBatches.decode(batch), batch.header.partitionLeaderEpoch)
                    offset = batch.nextOffset
                }
            }
            guard offset > before else { break }
        }
    }

    /// Appends one batch and makes it durable; returns the offset of its first record.
    @discardableResult
    func append(_ batch: ByteBuffer, epoch: Int32) throws -> Int64 {
        let info = try log.appendAsLeader(batch, leaderEpoch: epoch)
        try log.flush()
        log.updateHighWatermark(log.logEndOffset)
        return info.firstOffset
    }

    func close() throws { try log.close() }
}
