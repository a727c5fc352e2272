import Foundation
import KafkaBroker
import KafkaProtocol
import KafkaStorage
import NIOCore

/// Request builders for the transaction tests, over `DataPathConnection`.
enum Txn {
    /// Small internal topics keep topic creation quick in tests.
    static let overrides = ["transaction.state.log.num.partitions": "3", "offsets.topic.num.partitions": "3",
                            "group.initial.rebalance.delay.ms": "0"]

    /// FindCoordinator for a transactional id until the coordinator is there (the first call
    /// creates `__transaction_state`).
    static func findCoordinator(_ c: inout DataPathConnection, _ key: String, keyType: Int8 = 1) async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            var request = FindCoordinatorRequest()
            request.key = key
            request.keyType = keyType
            let response = try await c.request(request, version: 3)
            if response.errorCode == 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CoordinatorNotFound()
    }

    struct CoordinatorNotFound: Error {}

    static func initProducerId(_ c: inout DataPathConnection, _ transactionalId: String?, timeoutMs: Int32 = 60_000,
                               producerId: Int64 = -1, producerEpoch: Int16 = -1, version: Int16 = 4) async throws -> InitProducerIdResponse {
        var request = InitProducerIdRequest()
        request.transactionalId = transactionalId
        request.transactionTimeoutMs = timeoutMs
        request.producerId = producerId
        request.producerEpoch = producerEpoch
        return try await c.request(request, version: version)
    }

    /// InitProducerId, retried while the coordinator answers CONCURRENT_TRANSACTIONS (it is
    /// aborting a fenced transaction), as clients do.
    static func initProducerIdRetrying(_ c: inout DataPathConnection, _ transactionalId: String,
                                       timeoutMs: Int32 = 60_000) async throws -> InitProducerIdResponse {
        var response = try await initProducerId(&c, transactionalId, timeoutMs: timeoutMs)
        var attempts = 0
        while response.errorCode == ErrorCode.concurrentTransactions.rawValue && attempts < 100 {
            try await Task.sleep(for: .milliseconds(50))
            response = try await initProducerId(&c, transactionalId, timeoutMs: timeoutMs)
            attempts += 1
        }
        return response
    }

    /// AddPartitionsToTxn v3 (the client form); per-partition error codes in request order.
    static func addPartitions(_ c: inout DataPathConnection, _ transactionalId: String, producerId: Int64, producerEpoch: Int16,
                              _ partitions: [(String, Int32)], version: Int16 = 3) async throws -> [Int16] {
        var request = AddPartitionsToTxnRequest()
        request.v3AndBelowTransactionalId = transactionalId
        request.v3AndBelowProducerId = producerId
        request.v3AndBelowProducerEpoch = producerEpoch
        for (topic, partition) in partitions {
            if let index = request.v3AndBelowTopics.firstIndex(where: { $0.name == topic }) {
                request.v3AndBelowTopics[index].partitions.append(partition)
            } else {
                var entry = AddPartitionsToTxnRequest.AddPartitionsToTxnTopic()
                entry.name = topic
                entry.partitions = [partition]
                request.v3AndBelowTopics.append(entry)
            }
        }
        let response = try await c.request(request, version: version)
        return response.resultsByTopicV3AndBelow.flatMap { $0.resultsByPartition.map(\.partitionErrorCode) }
    }

    static func endTxn(_ c: inout DataPathConnection, _ transactionalId: String, producerId: Int64, producerEpoch: Int16,
                       commit: Bool, version: Int16 = 3) async throws -> EndTxnResponse {
        var request = EndTxnRequest()
        request.transactionalId = transactionalId
        request.producerId = producerId
        request.producerEpoch = producerEpoch
        request.committed = commit
        return try await c.request(request, version: version)
    }

    static func addOffsets(_ c: inout DataPathConnection, _ transactionalId: String, producerId: Int64, producerEpoch: Int16,
                           group: String) async throws -> Int16 {
        var request = AddOffsetsToTxnRequest()
        request.transactionalId = transactionalId
        request.producerId = producerId
        request.producerEpoch = producerEpoch
        request.groupId = group
        return try await c.request(request, version: 3).errorCode
    }

    static func txnOffsetCommit(_ c: inout DataPathConnection, _ transactionalId: String, producerId: Int64, producerEpoch: Int16,
                                group: String, topic: String, partition: Int32, offset: Int64) async throws -> [Int16] {
        var request = TxnOffsetCommitRequest()
        request.transactionalId = transactionalId
        request.groupId = group
        request.producerId = producerId
        request.producerEpoch = producerEpoch
        request.generationId = -1
        request.memberId = ""
        var entry = TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic()
        entry.name = topic
        var p = TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition()
        p.partitionIndex = partition
        p.committedOffset = offset
        p.committedLeaderEpoch = -1
        p.committedMetadata = ""
        entry.partitions = [p]
        request.topics = [entry]
        let response = try await c.request(request, version: 3)
        return response.topics.flatMap { $0.partitions.map(\.errorCode) }
    }

    static func describe(_ c: inout DataPathConnection, _ ids: [String]) async throws -> [DescribeTransactionsResponse.TransactionState] {
        var request = DescribeTransactionsRequest()
        request.transactionalIds = ids
        return try await c.request(request, version: 0).transactionStates
    }

    /// A transactional batch of `values` (one record each) starting at `sequence`.
    static func batch(_ values: [String], producerId: Int64, producerEpoch: Int16, sequence: Int32) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(producerId: producerId, producerEpoch: producerEpoch, baseSequence: sequence, isTransactional: true)
        for value in values {
            try builder.append(key: ByteBuffer(string: "k"), value: ByteBuffer(string: value), timestamp: PartitionClock.now())
        }
        return try builder.build().encoded()
    }

    /// Produce v9 of one batch with the transactional id; the partition's error code.
    static func produce(_ c: inout DataPathConnection, _ transactionalId: String, topic: String, partition: Int32,
                        _ batch: ByteBuffer, version: Int16 = 9) async throws -> ProduceResponse.PartitionProduceResponse? {
        var request = DataPath.produce([(topic, partition, batch)])
        request.transactionalId = transactionalId
        return try await c.request(request, version: version).responses.first?.partitionResponses.first
    }

    /// Every batch of a partition's log, read from disk.
    static func logBatches(_ broker: DataPathBroker, _ topic: String, _ partition: Int32 = 0) throws -> [RecordBatch] {
        guard let log = broker.services.replicaManager.log(topic: topic, partition: partition) else { return [] }
        return try RecordBatchReader.decodeAll(try log.readBytes(from: log.logStartOffset, maxBytes: 1 << 24))
    }
}
