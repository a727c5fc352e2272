import KafkaBroker
import KafkaProtocol
import KafkaStorage
import NIOCore
import Testing

@Suite("DataPath.ReadCommitted", .serialized)
struct ReadCommittedTests {
    @Test("READ_COMMITTED stops at the last stable offset and lists aborted transactions")
    func readCommitted() async throws {
        let broker = try await DataPathBroker(overrides: Txn.overrides)
        try await broker.createTopic("rc")
        try await DataPathConnection.with(port: broker.port) { c in
            // A transaction of "tx" holding rc-0, so the produce passes verification.
            try await Txn.findCoordinator(&c, "tx")
            let initialized = try await Txn.initProducerId(&c, "tx")
            let producerId = initialized.producerId
            #expect(try await Txn.addPartitions(&c, "tx", producerId: producerId, producerEpoch: 0, [("rc", 0)]) == [0])
            var builder = RecordBatchBuilder(producerId: producerId, producerEpoch: 0, baseSequence: 0, isTransactional: true)
            try builder.append(key: nil, value: ByteBuffer(string: "in-txn"), timestamp: PartitionClock.now())
            let transactional = try builder.build().encoded()
            let anonymous = try await c.request(DataPath.produce([("rc", 0, transactional)]), version: 9)
            #expect(anonymous.responses.first?.partitionResponses.first?.errorCode == ErrorCode.transactionalIdAuthorizationFailed.rawValue)
            var produce = DataPath.produce([("rc", 0, transactional)])
            produce.transactionalId = "tx"
            let appended = try await c.request(produce, version: 9)
            #expect(appended.responses.first?.partitionResponses.first?.baseOffset == 0)
            _ = try await c.request(DataPath.produce([("rc", 0, try DataPath.batch(["plain"]))]), version: 9)

            let committedEnd = try await c.request(DataPath.listOffsets("rc", timestamp: -1, isolationLevel: 1), version: 9)
            #expect(committedEnd.topics.first?.partitions.first?.offset == 0)
            let uncommittedEnd = try await c.request(DataPath.listOffsets("rc", timestamp: -1, isolationLevel: 0), version: 9)
            #expect(uncommittedEnd.topics.first?.partitions.first?.offset == 2)

            let blocked = try await c.request(DataPath.fetch("rc", offset: 0, isolationLevel: 1), version: 12)
            let blockedData = try #require(blocked.responses.first?.partitions.first)
            #expect(blockedData.records?.readableBytes == 0)
            #expect(blockedData.lastStableOffset == 0)
            #expect(blockedData.highWatermark == 2)
            #expect(blockedData.abortedTransactions == [])

            // The transaction coordinator's ABORT marker, written as WriteTxnMarkers would.
            let log = try #require(broker.services.replicaManager.log(topic: "rc", partition: 0))
            let marker = try RecordBatchBuilder.endTransactionMarkerBatch(
                commit: false, producerId: producerId, producerEpoch: 0, coordinatorEpoch: 0, timestamp: PartitionClock.now())
            let epoch = broker.services.metadata.partition(topic: "rc", partition: 0)?.leaderEpoch ?? 0
            try log.appendAsLeader(marker.encoded(), leaderEpoch: epoch)
            log.updateHighWatermark(log.logEndOffset)

            let after = try await c.request(DataPath.fetch("rc", offset: 0, isolationLevel: 1), version: 12)
            let data = try #require(after.responses.first?.partitions.first)
            #expect(data.lastStableOffset == 3)
            #expect(try DataPath.batches(data.records).map(\.baseOffset) == [0, 1, 2])
            var aborted = FetchResponse.AbortedTransaction()
            aborted.producerId = producerId
            aborted.firstOffset = 0
            #expect(data.abortedTransactions == [aborted])
        }
        try await broker.stopAndRemove()
    }
}
