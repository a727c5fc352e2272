import KafkaProtocol
import KafkaStorage
import NIOCore

/// `__transaction_state` through the replica manager: one record batch per state change
/// (no producer id, no sequence, CreateTime), as Kafka's `TransactionStateManager` appends.
struct TransactionStateLog: Sendable {
    static let topic = "__transaction_state"
    let replicaManager: ReplicaManager
    let leaderEpoch: @Sendable (Int32) -> Int32

    func isAvailable(partition: Int32) -> Bool {
        replicaManager.log(topic: Self.topic, partition: partition) != nil
    }

    func append(partition: Int32, key: ByteBuffer, value: ByteBuffer?, timestamp: Int64) throws {
        guard let log = replicaManager.log(topic: Self.topic, partition: partition) else { throw CoordinatorLogUnavailable() }
        let epoch = leaderEpoch(partition)
        var builder = RecordBatchBuilder(baseOffset: 0, partitionLeaderEpoch: epoch)
        try builder.append(key: key, value: value, timestamp: timestamp)
        try log.appendAsLeader(builder.build().encoded(), leaderEpoch: epoch)
        log.updateHighWatermark(log.logEndOffset)
    }

    /// Every record of the partition, oldest first.
    func records(partition: Int32) throws -> [(key: ByteBuffer, value: ByteBuffer?)] {
        guard let log = replicaManager.log(topic: Self.topic, partition: partition) else { throw CoordinatorLogUnavailable() }
        var result: [(key: ByteBuffer, value: ByteBuffer?)] = []
        var offset = log.logStartOffset
        let end = log.logEndOffset
        while offset < end {
            let bytes = try log.readBytes(from: offset, maxBytes: 1 << 20)
            let batches = try RecordBatchReader.decodeAll(bytes)
            guard let last = batches.last, last.nextOffset > offset else { break }
            for batch in batches where batch.lastOffset >= offset && !batch.isControl {
                for record in try batch.decodeRecords() where record.offset >= offset {
                    guard let key = record.key else { continue }
                    result.append((key, record.value))
                }
            }
            offset = last.nextOffset
        }
        return result
    }
}
