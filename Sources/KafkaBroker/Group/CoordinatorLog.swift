import KafkaProtocol
import KafkaStorage
import NIOCore

/// One record to write to `__consumer_offsets`: serialized key and value (nil = tombstone).
public struct CoordinatorRecord: Sendable {
    public var key: ByteBuffer
    public var value: ByteBuffer?

    public init(key: ByteBuffer, value: ByteBuffer?) {
        self.key = key
        self.value = value
    }
}

/// Where the coordinator keeps its records: the partitions of `__consumer_offsets`.
public protocol CoordinatorLog: Sendable {
    /// Whether the partition is hosted here and can be written.
    func isAvailable(partition: Int32) -> Bool
    /// Appends `records` as one batch (CreateTime `timestamp`), as the coordinator runtime does.
    func append(partition: Int32, records: [CoordinatorRecord], timestamp: Int64) throws
    /// Every batch of the partition, oldest first.
    func batches(partition: Int32) throws -> [RecordBatch]
    /// Appends `records` as one transactional batch of the producer (TxnOffsetCommit); the
    /// transaction's marker later commits or aborts them.
    func appendTransactional(partition: Int32, records: [CoordinatorRecord], timestamp: Int64,
                             producerId: Int64, producerEpoch: Int16) throws
}

extension CoordinatorLog {
    public func appendTransactional(partition: Int32, records: [CoordinatorRecord], timestamp: Int64,
                                    producerId: Int64, producerEpoch: Int16) throws {
        throw CoordinatorLogUnavailable()
    }
}

/// Thrown when the coordinator's partition is not hosted here.
struct CoordinatorLogUnavailable: Error {}

/// `__consumer_offsets` through the replica manager. Single-node: the high watermark follows the
/// log end as soon as a batch is appended.
public struct ReplicaCoordinatorLog: CoordinatorLog {
    public static let topic = "__consumer_offsets"
    let replicaManager: ReplicaManager
    let leaderEpoch: @Sendable (Int32) -> Int32

    public init(replicaManager: ReplicaManager, leaderEpoch: @escaping @Sendable (Int32) -> Int32) {
        self.replicaManager = replicaManager
        self.leaderEpoch = leaderEpoch
    }

    public func isAvailable(partition: Int32) -> Bool {
        replicaManager.log(topic: Self.topic, partition: partition) != nil
    }

    public func append(partition: Int32, records: [CoordinatorRecord], timestamp: Int64) throws {
        guard let log = replicaManager.log(topic: Self.topic, partition: partition) else { throw CoordinatorLogUnavailable() }
        guard !records.isEmpty else { return }
        let epoch = leaderEpoch(partition)
        // The coordinator runtime writes idempotence-free batches with base sequence 0.
        var builder = RecordBatchBuilder(baseOffset: 0, baseSequence: 0, partitionLeaderEpoch: epoch)
        for record in records { try builder.append(key: record.key, value: record.value, timestamp: timestamp) }
        try log.appendAsLeader(builder.build().encoded(), leaderEpoch: epoch)
        log.updateHighWatermark(log.logEndOffset)
    }

    public func appendTransactional(partition: Int32, records: [CoordinatorRecord], timestamp: Int64,
                                    producerId: Int64, producerEpoch: Int16) throws {
        guard let log = replicaManager.log(topic: Self.topic, partition: partition) else { throw CoordinatorLogUnavailable() }
        guard !records.isEmpty else { return }
        let epoch = leaderEpoch(partition)
        var builder = RecordBatchBuilder(baseOffset: 0, producerId: producerId, producerEpoch: producerEpoch, baseSequence: 0,
                                         isTransactional: true, partitionLeaderEpoch: epoch)
        for record in records { try builder.append(key: record.key, value: record.value, timestamp: timestamp) }
        try log.appendAsLeader(builder.build().encoded(), leaderEpoch: epoch)
        log.updateHighWatermark(log.logEndOffset)
    }

    public func batches(partition: Int32) throws -> [RecordBatch] {
        guard let log = replicaManager.log(topic: Self.topic, partition: partition) else { throw CoordinatorLogUnavailable() }
        var result: [RecordBatch] = []
        var offset = log.logStartOffset
        let end = log.logEndOffset
        while offset < end {
            let bytes = try log.readBytes(from: offset, maxBytes: 1 << 20)
            let batches = try RecordBatchReader.decodeAll(bytes)
            guard let last = batches.last, last.nextOffset > offset else { break }
            result += batches.filter { $0.lastOffset >= offset }
            offset = last.nextOffset
        }
        return result
    }
}
