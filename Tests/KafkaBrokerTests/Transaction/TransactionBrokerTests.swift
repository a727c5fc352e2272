import Foundation
import KafkaBroker
import KafkaProtocol
import KafkaStorage
import NIOCore
import Testing

/// Transactions end to end over raw frames against an in-process broker: the scenario Kafka's
/// fixture recorded (commit with offsets, abort, commit), compared with the fixture's log,
/// `.txnindex` and `__transaction_state`; isolation levels; fencing; restarts; timeouts.
@Suite("Transaction.Broker", .serialized)
struct TransactionBrokerTests {
    /// One batch as `dump-log --deep-iteration` describes it, without producer id and timestamps.
    struct BatchShape: Equatable, CustomStringConvertible {
        var baseOffset: Int64
        var lastOffset: Int64
        var count: Int
        var baseSequence: Int32
        var producerEpoch: Int16
        var isTransactional: Bool
        var isControl: Bool
        var marker: String?

        var description: String {
            "\(baseOffset)-\(lastOffset) n=\(count) seq=\(baseSequence) epoch=\(producerEpoch) txn=\(isTransactional) control=\(isControl) \(marker ?? "")"
        }
    }

    /// The shapes in a recorded `dump-log --deep-iteration` output.
    static func fixtureShapes(_ path: String) throws -> [BatchShape] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/transactions/\(path)", withExtension: "out"))
        var shapes: [BatchShape] = []
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            func value(_ key: String) -> String? {
                guard let index = words.firstIndex(of: key + ":"), index + 1 < words.count else { return nil }
                return words[index + 1]
            }
            if line.hasPrefix("baseOffset:") {
                shapes.append(BatchShape(
                    baseOffset: Int64(value("baseOffset") ?? "") ?? -9, lastOffset: Int64(value("lastOffset") ?? "") ?? -9,
                    count: Int(value("count") ?? "") ?? -9, baseSequence: Int32(value("baseSequence") ?? "") ?? -9,
                    producerEpoch: Int16(value("producerEpoch") ?? "") ?? -9, isTransactional: value("isTransactional") == "true",
                    isControl: value("isControl") == "true", marker: nil))
            } else if let marker = value("endTxnMarker"), !shapes.isEmpty {
                shapes[shapes.count - 1].marker = marker
            }
        }
        return shapes
    }

    static func shapes(_ batches: [RecordBatch]) throws -> [BatchShape] {
        try batches.map { batch in
            var marker: String?
            if batch.isControl, let parsed = try TransactionMarker.parse(batch: batch.encoded()) {
                marker = parsed.isAbort ? "ABORT" : "COMMIT"
            }
            return BatchShape(baseOffset: batch.baseOffset, lastOffset: batch.lastOffset, count: Int(batch.header.recordsCount),
                              baseSequence: batch.header.baseSequence, producerEpoch: batch.header.producerEpoch,
                              isTransactional: batch.isTransactional, isControl: batch.isControl, marker: marker)
        }
    }

    /// `__transaction_state` of `transactionalId` as the coordinator wrote it.
    static func transactionLog(_ broker: DataPathBroker, _ transactionalId: String) throws -> [TransactionMetadata?] {
        let config = TransactionCoordinatorConfig(config: broker.services.config)
        let batches = try Txn.logBatches(broker, "__transaction_state", config.partition(for: transactionalId))
        return try batches.flatMap { try $0.decodeRecords() }.compactMap { record in
            var key = record.key ?? ByteBuffer()
            guard let decoded = try? CoordinatorRecordCodec.decodeKey(topic: .transactionState, from: &key),
                  (decoded.key as? TransactionLogKey)?.transactionalId == transactionalId else { return nil }
            guard var value = record.value else { return .some(nil) }
            let raw = try CoordinatorRecordCodec.decodeValue(topic: .transactionState, keyVersion: decoded.version, from: &value).value
            guard let logValue = raw as? TransactionLogValue else { return .some(nil) }
            var metadata = TransactionMetadata(transactionalId: transactionalId, producerId: logValue.producerId,
                                               producerEpoch: logValue.producerEpoch, txnTimeoutMs: logValue.transactionTimeoutMs,
                                               state: TransactionState(rawValue: logValue.transactionStatus) ?? .dead,
                                               txnLastUpdateTimestamp: logValue.transactionLastUpdateTimestampMs)
            metadata.topicPartitions = (logValue.transactionPartitions ?? []).flatMap { schema in
                schema.partitionIds.map { TopicPartition(topic: schema.topic, partition: $0) }
            }
            return metadata
        }
    }

    @Test("commit with offsets, abort, commit: the logs, .txnindex and __transaction_state have Kafka's shape")
    func kafkasFixtureScenario() async throws {
        let broker = try await DataPathBroker(overrides: Txn.overrides)
        try await broker.createTopic("fx", partitions: 2)
        try await broker.createTopic("src")
        let id = "fx-txn-producer-1"
        let group = "fx-txn-offsets-group"
        try await DataPathConnection.with(port: broker.port) { c in
            try await Txn.findCoordinator(&c, id)
            try await Txn.findCoordinator(&c, group, keyType: 0)
            let initialized = try await Txn.initProducerId(&c, id)
            #expect(initialized.errorCode == 0)
            #expect(initialized.producerEpoch == 0)
            let pid = initialized.producerId
            // Transaction 1: p0 3 records, p1 2 records, offsets of the group; COMMIT.
            #expect(try await Txn.addPartitions(&c, id, producerId: pid, producerEpoch: 0, [("fx", 1), ("fx", 0)]) == [0, 0])
            #expect(try await Txn.produce(&c, id, topic: "fx", partition: 0,
                                          try Txn.batch(["a", "b", "c"], producerId: pid, producerEpoch: 0, sequence: 0))?.errorCode == 0)
            #expect(try await Txn.produce(&c, id, topic: "fx", partition: 1,
                                          try Txn.batch(["d", "e"], producerId: pid, producerEpoch: 0, sequence: 0))?.errorCode == 0)
            #expect(try await Txn.addOffsets(&c, id, producerId: pid, producerEpoch: 0, group: group) == 0)
            #expect(try await Txn.txnOffsetCommit(&c, id, producerId: pid, producerEpoch: 0, group: group, topic: "src",
                                                  partition: 0, offset: 3) == [0])
            let pending = await broker.services.groupCoordinator?.committedOffsets(group)
            #expect(pending?.isEmpty ?? true)
            #expect(try await Txn.endTxn(&c, id, producerId: pid, producerEpoch: 0, commit: true).errorCode == 0)
            let committed = await broker.services.groupCoordinator?.committedOffsets(group)
            #expect(committed?[TopicPartition(topic: "src", partition: 0)]?.offset == 3)
            // Transaction 2: p0 2, p1 1; ABORT.
            #expect(try await Txn.addPartitions(&c, id, producerId: pid, producerEpoch: 0, [("fx", 1), ("fx", 0)]) == [0, 0])
            _ = try await Txn.produce(&c, id, topic: "fx", partition: 0, try Txn.batch(["f", "g"], producerId: pid, producerEpoch: 0, sequence: 3))
            _ = try await Txn.produce(&c, id, topic: "fx", partition: 1, try Txn.batch(["h"], producerId: pid, producerEpoch: 0, sequence: 2))
            #expect(try await Txn.endTxn(&c, id, producerId: pid, producerEpoch: 0, commit: false).errorCode == 0)
            // Transaction 3: p0 2; COMMIT.
            #expect(try await Txn.addPartitions(&c, id, producerId: pid, producerEpoch: 0, [("fx", 0)]) == [0])
            _ = try await Txn.produce(&c, id, topic: "fx", partition: 0, try Txn.batch(["i", "j"], producerId: pid, producerEpoch: 0, sequence: 5))
            #expect(try await Txn.endTxn(&c, id, producerId: pid, producerEpoch: 0, commit: true).errorCode == 0)

            // read_committed skips the aborted batch using the aborted transactions list.
            let fetched = try await c.request(DataPath.fetch("fx", offset: 0, isolationLevel: 1), version: 12)
            let data = try #require(fetched.responses.first?.partitions.first)
            #expect(data.lastStableOffset == 10)
            #expect(data.abortedTransactions?.map(\.firstOffset) == [4])
            #expect(data.abortedTransactions?.map(\.producerId) == [pid])
        }
        #expect(try Self.shapes(try Txn.logBatches(broker, "fx", 0)) == (try Self.fixtureShapes("fx-transactional-0/00000000000000000000.log.deep")))
        #expect(try Self.shapes(try Txn.logBatches(broker, ReplicaCoordinatorLog.topic,
                                                   GroupCoordinatorConfig(config: broker.services.config).partition(for: group)))
                == (try Self.fixtureShapes("__consumer_offsets-46/00000000000000000000.log.deep")))

        let ours = try TransactionIndex.read(path: broker.dataDir + "/fx-0/00000000000000000000.txnindex").entries
        let fixtureURL = try #require(Bundle.module.url(forResource: "Fixtures/transactions/fx-transactional-0/00000000000000000000",
                                                        withExtension: "txnindex"))
        let kafka = try TransactionIndex(parsing: ByteBuffer(bytes: try Data(contentsOf: fixtureURL)), startOffset: 0).entries
        #expect(ours.map { [$0.firstOffset, $0.lastOffset, $0.lastStableOffset, Int64($0.version)] }
                == kafka.map { [$0.firstOffset, $0.lastOffset, $0.lastStableOffset, Int64($0.version)] })

        let states = try Self.transactionLog(broker, id)
        #expect(states.map { $0?.state } == [.empty, .ongoing, .ongoing, .prepareCommit, .completeCommit, .ongoing, .prepareAbort,
                                             .completeAbort, .ongoing, .prepareCommit, .completeCommit])
        #expect(states.map { $0?.topicPartitions.count } == [0, 2, 3, 3, 0, 2, 2, 0, 1, 1, 0])
        try await broker.stopAndRemove()
    }

    @Test("an open transaction holds read_committed readers at its first offset; ListOffsets and DescribeProducers show it")
    func openTransactionIsolation() async throws {
        let broker = try await DataPathBroker(overrides: Txn.overrides)
        try await broker.createTopic("iso")
        try await DataPathConnection.with(port: broker.port) { c in
            _ = try await c.request(DataPath.produce([("iso", 0, try DataPath.batch(["before"]))]), version: 9)
            try await Txn.findCoordinator(&c, "iso-tx")
            let pid = try await Txn.initProducerId(&c, "iso-tx").producerId
            #expect(try await Txn.addPartitions(&c, "iso-tx", producerId: pid, producerEpoch: 0, [("iso", 0)]) == [0])
            _ = try await Txn.produce(&c, "iso-tx", topic: "iso", partition: 0, try Txn.batch(["x", "y"], producerId: pid, producerEpoch: 0, sequence: 0))
            let committed = try await c.request(DataPath.fetch("iso", offset: 0, isolationLevel: 1), version: 12)
            #expect(try DataPath.batches(committed.responses.first?.partitions.first?.records).map(\.baseOffset) == [0])
            #expect(committed.responses.first?.partitions.first?.lastStableOffset == 1)
            let uncommitted = try await c.request(DataPath.fetch("iso", offset: 0, isolationLevel: 0), version: 12)
            #expect(try DataPath.batches(uncommitted.responses.first?.partitions.first?.records).map(\.baseOffset) == [0, 1])
            #expect(try await c.request(DataPath.listOffsets("iso", timestamp: -1, isolationLevel: 1), version: 9)
                        .topics.first?.partitions.first?.offset == 1)
            #expect(try await c.request(DataPath.listOffsets("iso", timestamp: -1, isolationLevel: 0), version: 9)
                        .topics.first?.partitions.first?.offset == 3)
            var describe = DescribeProducersRequest()
            var topic = DescribeProducersRequest.TopicRequest()
            topic.name = "iso"
            topic.partitionIndexes = [0]
            describe.topics = [topic]
            let producers = try await c.request(describe, version: 0)
            #expect(producers.topics.first?.partitions.first?.activeProducers.first { $0.producerId == pid }?.currentTxnStartOffset == 1)

            let states = try await Txn.describe(&c, ["iso-tx", "nobody", ""])
            #expect(states[0].transactionState == "Ongoing")
            #expect(states[0].topics.map(\.topic) == ["iso"])
            #expect(states[0].producerId == pid)
            #expect(states[1].errorCode == ErrorCode.transactionalIdNotFound.rawValue)
            #expect(states[2].errorCode == ErrorCode.invalidRequest.rawValue)

            var list = ListTransactionsRequest()
            list.stateFilters = ["Ongoing", "Bogus"]
            list.durationFilter = -1
            let listed = try await c.request(list, version: 1)
            #expect(listed.transactionStates.map(\.transactionalId) == ["iso-tx"])
            #expect(listed.unknownStateFilters == ["Bogus"])
            list.stateFilters = ["CompleteCommit"]
            #expect(try await c.request(list, version: 1).transactionStates.isEmpty)

            #expect(try await Txn.endTxn(&c, "iso-tx", producerId: pid, producerEpoch: 0, commit: true).errorCode == 0)
            let after = try await c.request(DataPath.fetch("iso", offset: 0, isolationLevel: 1), version: 12)
            #expect(after.responses.first?.partitions.first?.lastStableOffset == 4)
            #expect(try DataPath.batches(after.responses.first?.partitions.first?.records).map(\.baseOffset) == [0, 1, 3])
        }
        try await broker.stopAndRemove()
    }

    @Test("a new InitProducerId fences the old epoch: its ongoing transaction is aborted, its requests refused")
    func fencing() async throws {
        let broker = try await DataPathBroker(overrides: Txn.overrides)
        try await broker.createTopic("fence")
        try await DataPathConnection.with(port: broker.port) { c in
            try await Txn.findCoordinator(&c, "fence-tx")
            let pid = try await Txn.initProducerId(&c, "fence-tx").producerId
            #expect(try await Txn.addPartitions(&c, "fence-tx", producerId: pid, producerEpoch: 0, [("fence", 0)]) == [0])
            _ = try await Txn.produce(&c, "fence-tx", topic: "fence", partition: 0, try Txn.batch(["zombie"], producerId: pid, producerEpoch: 0, sequence: 0))
            // The first answer aborts the ongoing transaction; the retry gets the next epoch.
            let first = try await Txn.initProducerId(&c, "fence-tx")
            #expect(first.errorCode == ErrorCode.concurrentTransactions.rawValue)
            let second = try await Txn.initProducerIdRetrying(&c, "fence-tx")
            #expect(second.errorCode == 0)
            #expect(second.producerId == pid)
            #expect(second.producerEpoch == 2)
            let shapes = try Self.shapes(try Txn.logBatches(broker, "fence"))
            #expect(shapes.last?.marker == "ABORT")
            #expect(shapes.last?.producerEpoch == 1)

            let stale = try await Txn.produce(&c, "fence-tx", topic: "fence", partition: 0,
                                              try Txn.batch(["late"], producerId: pid, producerEpoch: 0, sequence: 1))
            #expect(stale?.errorCode == ErrorCode.invalidProducerEpoch.rawValue)
            #expect(try await Txn.endTxn(&c, "fence-tx", producerId: pid, producerEpoch: 0, commit: true).errorCode
                    == ErrorCode.producerFenced.rawValue)
            #expect(try await Txn.addPartitions(&c, "fence-tx", producerId: pid, producerEpoch: 0, [("fence", 0)])
                    == [ErrorCode.producerFenced.rawValue])
            // KIP-360: the current producer may bump its own epoch by naming it.
            let recovered = try await Txn.initProducerId(&c, "fence-tx", producerId: pid, producerEpoch: 2)
            #expect(recovered.errorCode == 0)
            #expect(recovered.producerEpoch == 3)
            let wrong = try await Txn.initProducerId(&c, "fence-tx", producerId: pid, producerEpoch: 1)
            #expect(wrong.errorCode == ErrorCode.producerFenced.rawValue)
        }
        try await broker.stopAndRemove()
    }

    @Test("bad input: unknown ids, wrong epochs, EndTxn without a transaction, invalid timeouts, unadded partitions")
    func badInput() async throws {
        let broker = try await DataPathBroker(overrides: Txn.overrides.merging(["transaction.max.timeout.ms": "5000"]) { $1 })
        try await broker.createTopic("bad", partitions: 2)
        try await DataPathConnection.with(port: broker.port) { c in
            try await Txn.findCoordinator(&c, "bad-tx")
            #expect(try await Txn.addPartitions(&c, "unknown-tx", producerId: 5, producerEpoch: 0, [("bad", 0)])
                    == [ErrorCode.invalidProducerIdMapping.rawValue])
            #expect(try await Txn.initProducerId(&c, "bad-tx", timeoutMs: 0).errorCode == ErrorCode.invalidTransactionTimeout.rawValue)
            #expect(try await Txn.initProducerId(&c, "bad-tx", timeoutMs: 5001).errorCode == ErrorCode.invalidTransactionTimeout.rawValue)
            #expect(try await Txn.initProducerId(&c, "", timeoutMs: 1000).errorCode == ErrorCode.invalidRequest.rawValue)
            #expect(try await Txn.initProducerId(&c, "bad-tx", timeoutMs: 1000, producerId: 3, producerEpoch: -1).errorCode
                    == ErrorCode.invalidRequest.rawValue)
            let initialized = try await Txn.initProducerId(&c, "bad-tx", timeoutMs: 5000)
            #expect(initialized.errorCode == 0)
            let pid = initialized.producerId
            #expect(try await Txn.endTxn(&c, "bad-tx", producerId: pid, producerEpoch: 0, commit: true).errorCode
                    == ErrorCode.invalidTxnState.rawValue)
            #expect(try await Txn.endTxn(&c, "bad-tx", producerId: pid + 1, producerEpoch: 0, commit: false).errorCode
                    == ErrorCode.invalidProducerIdMapping.rawValue)
            #expect(try await Txn.endTxn(&c, "unknown-tx", producerId: pid, producerEpoch: 0, commit: false).errorCode
                    == ErrorCode.invalidProducerIdMapping.rawValue)
            #expect(try await Txn.addPartitions(&c, "bad-tx", producerId: pid, producerEpoch: 1, [("bad", 0)])
                    == [ErrorCode.producerFenced.rawValue])
            #expect(try await Txn.addPartitions(&c, "bad-tx", producerId: pid, producerEpoch: 0, [("bad", 0), ("nope", 0), ("bad", 7)])
                    == [ErrorCode.operationNotAttempted.rawValue, ErrorCode.unknownTopicOrPartition.rawValue,
                        ErrorCode.unknownTopicOrPartition.rawValue])
            #expect(try await Txn.addOffsets(&c, "unknown-tx", producerId: pid, producerEpoch: 0, group: "g")
                    == ErrorCode.invalidProducerIdMapping.rawValue)
            #expect(try await Txn.addPartitions(&c, "bad-tx", producerId: pid, producerEpoch: 0, [("bad", 0)]) == [0])
            // A transactional batch to a partition outside the transaction, or of an unknown id.
            let outside = try await Txn.produce(&c, "bad-tx", topic: "bad", partition: 1,
                                                try Txn.batch(["x"], producerId: pid, producerEpoch: 0, sequence: 0))
            #expect(outside?.errorCode == ErrorCode.invalidTxnState.rawValue)
            #expect(outside?.errorMessage == "Partition was not added to the transaction")
            let stranger = try await Txn.produce(&c, "unknown-tx", topic: "bad", partition: 0,
                                                 try Txn.batch(["x"], producerId: pid, producerEpoch: 0, sequence: 0))
            #expect(stranger?.errorCode == ErrorCode.invalidProducerIdMapping.rawValue)
            // TxnOffsetCommit without AddOffsetsToTxn.
            try await Txn.findCoordinator(&c, "bad-group", keyType: 0)
            #expect(try await Txn.txnOffsetCommit(&c, "bad-tx", producerId: pid, producerEpoch: 0, group: "bad-group", topic: "bad",
                                                  partition: 0, offset: 1) == [ErrorCode.invalidTxnState.rawValue])
            #expect(try await Txn.addOffsets(&c, "bad-tx", producerId: pid, producerEpoch: 0, group: "bad-group") == 0)
            #expect(try await Txn.txnOffsetCommit(&c, "bad-tx", producerId: pid, producerEpoch: 0, group: "bad-group", topic: "nope",
                                                  partition: 0, offset: 1) == [ErrorCode.unknownTopicOrPartition.rawValue])
            #expect(try await Txn.txnOffsetCommit(&c, "bad-tx", producerId: pid, producerEpoch: 1, group: "bad-group", topic: "bad",
                                                  partition: 0, offset: 1) == [ErrorCode.invalidProducerEpoch.rawValue])
            // v4 batched verification.
            var verify = AddPartitionsToTxnRequest()
            var transaction = AddPartitionsToTxnRequest.AddPartitionsToTxnTransaction()
            transaction.transactionalId = "bad-tx"
            transaction.producerId = pid
            transaction.producerEpoch = 0
            transaction.verifyOnly = true
            var topic = AddPartitionsToTxnRequest.AddPartitionsToTxnTopic()
            topic.name = "bad"
            topic.partitions = [0, 1]
            transaction.topics = [topic]
            verify.transactions = [transaction]
            let verified = try await c.request(verify, version: 4)
            #expect(verified.resultsByTransaction.first?.topicResults.first?.resultsByPartition.map(\.partitionErrorCode)
                    == [0, ErrorCode.invalidTxnState.rawValue])
        }
        try await broker.stopAndRemove()
    }

    @Test("transaction version 2 (Java 4.0 clients): Produce v12 adds the partition, EndTxn v5 bumps the epoch, as Kafka's fixture")
    func transactionVersion2() async throws {
        let broker = try await DataPathBroker(overrides: Txn.overrides)
        try await broker.createTopic("tv2")
        let id = "fx-wire-java-txn"
        try await DataPathConnection.with(port: broker.port) { c in
            try await Txn.findCoordinator(&c, id)
            let initialized = try await Txn.initProducerId(&c, id, version: 5)
            let pid = initialized.producerId
            #expect(initialized.producerEpoch == 0)
            let first = try await Txn.produce(&c, id, topic: "tv2", partition: 0,
                                              try Txn.batch(["a", "b"], producerId: pid, producerEpoch: 0, sequence: 0), version: 12)
            #expect(first?.errorCode == 0)
            let ended = try await Txn.endTxn(&c, id, producerId: pid, producerEpoch: 0, commit: true, version: 5)
            #expect(ended.errorCode == 0)
            #expect(ended.producerId == pid)
            #expect(ended.producerEpoch == 1)
            // A retry of that EndTxn with the old epoch gets the same answer.
            let retried = try await Txn.endTxn(&c, id, producerId: pid, producerEpoch: 0, commit: true, version: 5)
            #expect(retried.errorCode == 0)
            #expect(retried.producerEpoch == 1)
            let second = try await Txn.produce(&c, id, topic: "tv2", partition: 0,
                                               try Txn.batch(["c", "d", "e", "f"], producerId: pid, producerEpoch: 1, sequence: 0), version: 12)
            #expect(second?.errorCode == 0)
            #expect(try await Txn.endTxn(&c, id, producerId: pid, producerEpoch: 1, commit: true, version: 5).producerEpoch == 2)
            // The fenced epoch is refused.
            let stale = try await Txn.produce(&c, id, topic: "tv2", partition: 0,
                                              try Txn.batch(["g"], producerId: pid, producerEpoch: 1, sequence: 4), version: 12)
            #expect(stale?.errorCode == ErrorCode.invalidProducerEpoch.rawValue)
        }
        let shapes = try Self.shapes(try Txn.logBatches(broker, "tv2"))
        #expect(shapes.map(\.marker) == [nil, "COMMIT", nil, "COMMIT"])
        #expect(shapes.map(\.producerEpoch) == [0, 1, 1, 2])
        #expect(shapes.map(\.baseSequence) == [0, -1, 0, -1])
        let states = try Self.transactionLog(broker, id)
        #expect(states.map { $0?.state } == [.empty, .ongoing, .prepareCommit, .completeCommit, .ongoing, .prepareCommit, .completeCommit])
        #expect(states.map { $0?.producerEpoch } == [0, 0, 1, 1, 1, 2, 2])
        try await broker.stopAndRemove()
    }

    @Test("WriteTxnMarkers writes the marker on this leader; unknown partitions are reported")
    func writeTxnMarkers() async throws {
        let broker = try await DataPathBroker(overrides: Txn.overrides)
        try await broker.createTopic("wm")
        try await DataPathConnection.with(port: broker.port) { c in
            try await Txn.findCoordinator(&c, "wm-tx")
            let pid = try await Txn.initProducerId(&c, "wm-tx").producerId
            #expect(try await Txn.addPartitions(&c, "wm-tx", producerId: pid, producerEpoch: 0, [("wm", 0)]) == [0])
            _ = try await Txn.produce(&c, "wm-tx", topic: "wm", partition: 0, try Txn.batch(["m"], producerId: pid, producerEpoch: 0, sequence: 0))
            var request = WriteTxnMarkersRequest()
            var marker = WriteTxnMarkersRequest.WritableTxnMarker()
            marker.producerId = pid
            marker.producerEpoch = 0
            marker.transactionResult = false
            marker.coordinatorEpoch = 0
            var topic = WriteTxnMarkersRequest.WritableTxnMarkerTopic()
            topic.name = "wm"
            topic.partitionIndexes = [0, 5]
            var missing = WriteTxnMarkersRequest.WritableTxnMarkerTopic()
            missing.name = "nope"
            missing.partitionIndexes = [0]
            marker.topics = [topic, missing]
            request.markers = [marker]
            let response = try await c.request(request, version: 1)
            #expect(response.markers.first?.topics.map { $0.partitions.map(\.errorCode) }
                    == [[0, ErrorCode.unknownTopicOrPartition.rawValue], [ErrorCode.unknownTopicOrPartition.rawValue]])
            let fetched = try await c.request(DataPath.fetch("wm", offset: 0, isolationLevel: 1), version: 12)
            #expect(fetched.responses.first?.partitions.first?.lastStableOffset == 2)
            #expect(fetched.responses.first?.partitions.first?.abortedTransactions?.map(\.firstOffset) == [0])
        }
        try await broker.stopAndRemove()
    }

    @Test("a restart keeps an open transaction: it can be committed afterwards")
    func restartThenCommit() async throws {
        let dir = NSTemporaryDirectory() + "kafkit-txn-" + UUID().uuidString
        var broker = try await DataPathBroker(dataDir: dir, overrides: Txn.overrides)
        try await broker.createTopic("rs")
        var pid: Int64 = -1
        try await DataPathConnection.with(port: broker.port) { c in
            try await Txn.findCoordinator(&c, "rs-tx")
            pid = try await Txn.initProducerId(&c, "rs-tx").producerId
            #expect(try await Txn.addPartitions(&c, "rs-tx", producerId: pid, producerEpoch: 0, [("rs", 0)]) == [0])
            _ = try await Txn.produce(&c, "rs-tx", topic: "rs", partition: 0, try Txn.batch(["kept"], producerId: pid, producerEpoch: 0, sequence: 0))
            try await Txn.findCoordinator(&c, "rs-group", keyType: 0)
            #expect(try await Txn.addOffsets(&c, "rs-tx", producerId: pid, producerEpoch: 0, group: "rs-group") == 0)
            #expect(try await Txn.txnOffsetCommit(&c, "rs-tx", producerId: pid, producerEpoch: 0, group: "rs-group", topic: "rs",
                                                  partition: 0, offset: 1) == [0])
        }
        try await broker.stop()
        broker = try await DataPathBroker(dataDir: dir, overrides: Txn.overrides)
        let producerId = pid
        try await DataPathConnection.with(port: broker.port) { c in
            try await Txn.findCoordinator(&c, "rs-tx")
            let states = try await Txn.describe(&c, ["rs-tx"])
            #expect(states.first?.transactionState == "Ongoing")
            #expect(states.first?.topics.first?.partitions == [0])
            let blocked = try await c.request(DataPath.fetch("rs", offset: 0, isolationLevel: 1), version: 12)
            #expect(blocked.responses.first?.partitions.first?.lastStableOffset == 0)
            #expect(try await Txn.endTxn(&c, "rs-tx", producerId: producerId, producerEpoch: 0, commit: true).errorCode == 0)
            let after = try await c.request(DataPath.fetch("rs", offset: 0, isolationLevel: 1), version: 12)
            #expect(after.responses.first?.partitions.first?.lastStableOffset == 2)
            #expect(try DataPath.batches(after.responses.first?.partitions.first?.records).map(\.isControl) == [false, true])
            // The offsets written in the transaction before the restart are committed with it.
            let offsets = await broker.services.groupCoordinator?.committedOffsets("rs-group")
            #expect(offsets?[TopicPartition(topic: "rs", partition: 0)]?.offset == 1)
        }
        try await broker.stopAndRemove()
    }

    @Test("a transaction older than its timeout is aborted by the periodic task, also after a restart; idle ids expire")
    func timeoutAbortAndExpiration() async throws {
        let dir = NSTemporaryDirectory() + "kafkit-txn-" + UUID().uuidString
        let overrides = Txn.overrides.merging([
            "transaction.abort.timed.out.transaction.cleanup.interval.ms": "100",
            "transaction.remove.expired.transaction.cleanup.interval.ms": "100",
            "transactional.id.expiration.ms": "3000",
        ]) { $1 }
        var broker = try await DataPathBroker(dataDir: dir, overrides: overrides)
        try await broker.createTopic("to")
        try await DataPathConnection.with(port: broker.port) { c in
            try await Txn.findCoordinator(&c, "to-tx")
            let pid = try await Txn.initProducerId(&c, "to-tx", timeoutMs: 1500).producerId
            #expect(try await Txn.addPartitions(&c, "to-tx", producerId: pid, producerEpoch: 0, [("to", 0)]) == [0])
            _ = try await Txn.produce(&c, "to-tx", topic: "to", partition: 0, try Txn.batch(["slow"], producerId: pid, producerEpoch: 0, sequence: 0))
        }
        try await broker.stop()
        broker = try await DataPathBroker(dataDir: dir, overrides: overrides)
        try await DataPathConnection.with(port: broker.port) { c in
            try await Txn.findCoordinator(&c, "to-tx")
            var state = try await Txn.describe(&c, ["to-tx"]).first
            let deadline = Date().addingTimeInterval(60)
            while state?.transactionState != "CompleteAbort" && Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                state = try await Txn.describe(&c, ["to-tx"]).first
            }
            #expect(state?.transactionState == "CompleteAbort")
            #expect(state?.producerEpoch == 1)
            let shapes = try Self.shapes(try Txn.logBatches(broker, "to"))
            #expect(shapes.map(\.marker) == [nil, "ABORT"])
            // Idle for longer than transactional.id.expiration.ms: removed with a tombstone.
            while state?.errorCode == 0 && Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                state = try await Txn.describe(&c, ["to-tx"]).first
            }
            #expect(state?.errorCode == ErrorCode.transactionalIdNotFound.rawValue)
            #expect(try Self.transactionLog(broker, "to-tx").last == .some(nil))
        }
        try await broker.stopAndRemove()
    }
}
