import Foundation
import KafkaBroker
import KafkaProtocol
import NIOCore
import Testing

@Suite("DataPath.Produce", .serialized)
struct ProduceTests {
    @Test("produce then fetch returns the same batches with offsets assigned")
    func produceThenFetch() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("t1")
        let first = try DataPath.batch(["a", "b", "c"], key: "k")
        let second = try DataPath.batch(["d", "e"])
        try await DataPathConnection.with(port: broker.port) { c in
            for (batch, expected) in [(first, Int64(0)), (second, Int64(3))] {
                let response = try await c.request(DataPath.produce([("t1", 0, batch)]), version: 9)
                let p = try #require(response.responses.first?.partitionResponses.first)
                #expect(p.errorCode == 0)
                #expect(p.baseOffset == expected)
                #expect(p.logAppendTimeMs == -1)
                #expect(p.logStartOffset == 0)
            }
            let fetched = try await c.request(DataPath.fetch("t1", offset: 0), version: 12)
            let data = try #require(fetched.responses.first?.partitions.first)
            #expect(data.errorCode == 0)
            #expect(data.highWatermark == 5)
            #expect(data.lastStableOffset == 5)
            #expect(data.logStartOffset == 0)
            #expect(data.abortedTransactions == nil)
            let epoch = broker.services.metadata.partition(topic: "t1", partition: 0)?.leaderEpoch ?? -1
            var expected = DataPath.asAppended(first, baseOffset: 0, leaderEpoch: epoch)
            var tail = DataPath.asAppended(second, baseOffset: 3, leaderEpoch: epoch)
            expected.writeBuffer(&tail)
            #expect(data.records == expected)
            let batches = try DataPath.batches(data.records)
            #expect(batches.map(\.baseOffset) == [0, 3])
            #expect(try batches[0].decodeRecords().map { String(buffer: $0.value ?? ByteBuffer()) } == ["a", "b", "c"])

            // From the middle of a batch: the whole batch comes back.
            let middle = try await c.request(DataPath.fetch("t1", offset: 4), version: 12)
            #expect(try DataPath.batches(middle.responses.first?.partitions.first?.records).map(\.baseOffset) == [3])
        }
        try await broker.stopAndRemove()
    }

    @Test("acks=0 sends no response; a failed acks=0 produce closes the connection")
    func acksZero() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("t0")
        try await DataPathConnection.with(port: broker.port) { c in
            try await c.send(DataPath.produce([("t0", 0, try DataPath.batch(["x"]))], acks: 0), version: 9)
            // The next answer is for the next request: nothing was sent for the acks=0 one.
            let offsets = try await c.request(DataPath.listOffsets("t0", timestamp: -1), version: 9)
            #expect(offsets.topics.first?.partitions.first?.offset == 1)
            try await c.send(DataPath.produce([("missing", 0, try DataPath.batch(["x"]))], acks: 0), version: 9)
            #expect(try await c.receive() == nil)
        }
        try await broker.stopAndRemove()
    }

    @Test("acks=1 and acks=-1 answer after the append; other acks are INVALID_REQUIRED_ACKS")
    func acksValues() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("ta")
        try await DataPathConnection.with(port: broker.port) { c in
            for acks: Int16 in [1, -1] {
                let response = try await c.request(DataPath.produce([("ta", 0, try DataPath.batch(["x"]))], acks: acks), version: 8)
                #expect(response.responses.first?.partitionResponses.first?.errorCode == 0)
            }
            let bad = try await c.request(DataPath.produce([("ta", 0, try DataPath.batch(["x"]))], acks: 2), version: 8)
            #expect(bad.responses.first?.partitionResponses.first?.errorCode == ErrorCode.invalidRequiredAcks.rawValue)
            #expect(bad.responses.first?.partitionResponses.first?.baseOffset == -1)
        }
        try await broker.stopAndRemove()
    }

    @Test("a corrupt batch gets CORRUPT_MESSAGE; other partitions of the request are appended")
    func corruptBatch() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("tc", partitions: 2)
        var corrupt = try DataPath.batch(["a", "b"])
        let last = corrupt.writerIndex - 1
        corrupt.setInteger(corrupt.getInteger(at: last, as: UInt8.self)! ^ 0xFF, at: last)
        try await DataPathConnection.with(port: broker.port) { c in
            let response = try await c.request(DataPath.produce([("tc", 0, corrupt), ("tc", 1, try DataPath.batch(["ok"]))]), version: 9)
            let parts = try #require(response.responses.first?.partitionResponses)
            #expect(parts[0].errorCode == ErrorCode.corruptMessage.rawValue)
            #expect(parts[0].baseOffset == -1)
            #expect(parts[0].errorMessage?.hasPrefix("Record is corrupt (stored crc = ") == true)
            #expect(parts[1].errorCode == 0)
            #expect(parts[1].baseOffset == 0)
            let offsets = try await c.request(DataPath.listOffsets("tc", partition: 0, timestamp: -1), version: 9)
            #expect(offsets.topics.first?.partitions.first?.offset == 0)
        }
        try await broker.stopAndRemove()
    }

    @Test("malformed record sets: none, two batches, truncated, bad magic, zstd before v7")
    func malformedRecordSets() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("tm")
        let one = try DataPath.batch(["a"])
        var two = one
        var again = one
        two.writeBuffer(&again)
        var badMagic = one
        badMagic.setInteger(Int8(1), at: badMagic.readerIndex + RecordBatchHeader.magicOffset)
        let truncated = one.getSlice(at: one.readerIndex, length: one.readableBytes - 3)!
        let zstd = try DataPath.batch(["z"], compression: .zstd)
        try await DataPathConnection.with(port: broker.port) { c in
            func code(_ records: ByteBuffer?, version: Int16 = 9) async throws -> Int16? {
                try await c.request(DataPath.produce([("tm", 0, records)]), version: version).responses.first?.partitionResponses.first?.errorCode
            }
            let r1 = try await code(ByteBuffer())
            #expect(r1 == ErrorCode.invalidRecord.rawValue)
            let r2 = try await code(nil)
            #expect(r2 == ErrorCode.invalidRecord.rawValue)
            let r3 = try await code(two)
            #expect(r3 == ErrorCode.invalidRecord.rawValue)
            let r4 = try await code(truncated)
            #expect(r4 == ErrorCode.invalidRecord.rawValue)
            let r5 = try await code(badMagic)
            #expect(r5 == ErrorCode.invalidRecord.rawValue)
            let r6 = try await code(zstd, version: 6)
            #expect(r6 == ErrorCode.unsupportedCompressionType.rawValue)
            let r7 = try await code(zstd, version: 7)
            #expect(r7 == 0)
        }
        try await broker.stopAndRemove()
    }

    @Test("a batch over max.message.bytes is MESSAGE_TOO_LARGE")
    func messageTooLarge() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("tl", configs: ["max.message.bytes": "200"])
        let big = try DataPath.batch([String(repeating: "x", count: 500)])
        try await DataPathConnection.with(port: broker.port) { c in
            let response = try await c.request(DataPath.produce([("tl", 0, big)]), version: 9)
            let p = try #require(response.responses.first?.partitionResponses.first)
            #expect(p.errorCode == ErrorCode.messageTooLarge.rawValue)
            #expect(p.errorMessage == "The record batch size in the append to tl-0 is \(big.readableBytes) bytes which exceeds the maximum configured value of 200.")
        }
        try await broker.stopAndRemove()
    }

    @Test("produce to a missing topic is UNKNOWN_TOPIC_OR_PARTITION and creates nothing")
    func unknownTopic() async throws {
        let broker = try await DataPathBroker()
        try await DataPathConnection.with(port: broker.port) { c in
            let response = try await c.request(DataPath.produce([("nope", 0, try DataPath.batch(["x"]))]), version: 9)
            let p = try #require(response.responses.first?.partitionResponses.first)
            #expect(p.errorCode == ErrorCode.unknownTopicOrPartition.rawValue)
            #expect(p.baseOffset == -1)
            #expect(p.logStartOffset == -1)
        }
        #expect(broker.services.metadata.topic(named: "nope") == nil)
        try await broker.stopAndRemove()
    }

    @Test("CreateTime outside message.timestamp.after.max.ms is INVALID_TIMESTAMP with record errors")
    func invalidTimestamp() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("tt")
        let future = try DataPath.batch(["a", "b"], timestamp: PartitionClock.now() + 7_200_000)
        try await DataPathConnection.with(port: broker.port) { c in
            let response = try await c.request(DataPath.produce([("tt", 0, future)]), version: 9)
            let p = try #require(response.responses.first?.partitionResponses.first)
            #expect(p.errorCode == ErrorCode.invalidTimestamp.rawValue)
            #expect(p.errorMessage == "One or more records have been rejected due to invalid timestamp")
            #expect(p.recordErrors.map(\.batchIndex) == [0, 1])
            #expect(p.recordErrors.first?.batchIndexErrorMessage?.contains("is out of range. The timestamp should be within") == true)
        }
        try await broker.stopAndRemove()
    }

    @Test("LogAppendTime topics stamp the batch; the CRC stays valid")
    func logAppendTime() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("tlat", configs: ["message.timestamp.type": "LogAppendTime"])
        try await DataPathConnection.with(port: broker.port) { c in
            let before = PartitionClock.now()
            let response = try await c.request(DataPath.produce([("tlat", 0, try DataPath.batch(["a", "b"], timestamp: 1000))]), version: 9)
            let p = try #require(response.responses.first?.partitionResponses.first)
            #expect(p.errorCode == 0)
            #expect(p.logAppendTimeMs >= before)
            let fetched = try await c.request(DataPath.fetch("tlat", offset: 0), version: 12)
            let batch = try #require(try DataPath.batches(fetched.responses.first?.partitions.first?.records).first)
            #expect(batch.timestampType == .logAppendTime)
            #expect(batch.header.maxTimestamp == p.logAppendTimeMs)
            #expect(batch.isValid)
            #expect(try batch.decodeRecords().allSatisfy { $0.timestamp == p.logAppendTimeMs })
        }
        try await broker.stopAndRemove()
    }

    @Test("a topic compression.type other than producer recompresses the batch")
    func recompression() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("tz", configs: ["compression.type": "gzip"])
        try await DataPathConnection.with(port: broker.port) { c in
            let batch = try DataPath.batch(["one", "two", "three"], key: "k", producerId: 7, producerEpoch: 0, baseSequence: 0)
            let response = try await c.request(DataPath.produce([("tz", 0, batch)]), version: 9)
            #expect(response.responses.first?.partitionResponses.first?.errorCode == 0)
            let fetched = try await c.request(DataPath.fetch("tz", offset: 0), version: 12)
            let stored = try #require(try DataPath.batches(fetched.responses.first?.partitions.first?.records).first)
            #expect(stored.compression == .gzip)
            #expect(stored.isValid)
            #expect(stored.header.producerId == 7)
            #expect(stored.header.baseSequence == 0)
            var original = batch
            let decoded = try RecordBatch(from: &original).decodeRecords()
            let recompressed = try stored.decodeRecords()
            #expect(recompressed.map(\.value) == decoded.map(\.value))
            #expect(recompressed.map(\.key) == decoded.map(\.key))
            #expect(recompressed.map(\.timestamp) == decoded.map(\.timestamp))
            #expect(recompressed.map { Array($0.headers) } == decoded.map { Array($0.headers) })
        }
        try await broker.stopAndRemove()
    }

    @Test("a record without key on a compacted topic is INVALID_RECORD")
    func compactedTopicNeedsKeys() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("tk", configs: ["cleanup.policy": "compact"])
        try await DataPathConnection.with(port: broker.port) { c in
            let response = try await c.request(DataPath.produce([("tk", 0, try DataPath.batch(["x"]))]), version: 9)
            let p = try #require(response.responses.first?.partitionResponses.first)
            #expect(p.errorCode == ErrorCode.invalidRecord.rawValue)
            #expect(p.recordErrors.first?.batchIndexErrorMessage == "Compacted topic cannot accept message without key in topic partition tk-0")
            let keyed = try await c.request(DataPath.produce([("tk", 0, try DataPath.batch(["x"], key: "k"))]), version: 9)
            #expect(keyed.responses.first?.partitionResponses.first?.errorCode == 0)
        }
        try await broker.stopAndRemove()
    }
}

extension ProduceTests {
    @Test("acks=-1 below min.insync.replicas is NOT_ENOUGH_REPLICAS; acks=1 is accepted")
    func notEnoughReplicas() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("isr", configs: ["min.insync.replicas": "2"])
        try await DataPathConnection.with(port: broker.port) { c in
            let all = try await c.request(DataPath.produce([("isr", 0, try DataPath.batch(["a"]))], acks: -1), version: 9)
            let p = try #require(all.responses.first?.partitionResponses.first)
            #expect(p.errorCode == ErrorCode.notEnoughReplicas.rawValue)
            #expect(p.errorMessage == "The size of the current ISR Set(\(broker.services.nodeId)) is insufficient to satisfy the min.isr requirement of 2 for partition isr-0")
            let one = try await c.request(DataPath.produce([("isr", 0, try DataPath.batch(["a"]))], acks: 1), version: 9)
            #expect(one.responses.first?.partitionResponses.first?.errorCode == 0)
        }
        try await broker.stopAndRemove()
    }

    @Test("flush.messages=1 flushes every append (the recovery point follows the log end)")
    func flushMessages() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("fl", configs: ["flush.messages": "1"])
        try await DataPathConnection.with(port: broker.port) { c in
            _ = try await c.request(DataPath.produce([("fl", 0, try DataPath.batch(["a", "b"]))]), version: 9)
        }
        #expect(broker.services.replicaManager.log(topic: "fl", partition: 0)?.recoveryPoint == 2)
        try await broker.stopAndRemove()
    }
}

@Suite("DataPath.Versions", .serialized)
struct VersionTests {
    @Test("every Produce, Fetch and ListOffsets version answers", arguments: [Int16](3...12))
    func produceVersions(version: Int16) async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("pv")
        try await DataPathConnection.with(port: broker.port) { c in
            let ok = try await c.request(DataPath.produce([("pv", 0, try DataPath.batch(["a"]))]), version: version)
            #expect(ok.responses.first?.partitionResponses.first?.errorCode == 0)
            let future = try DataPath.batch(["a"], timestamp: PartitionClock.now() + 7_200_000)
            let bad = try await c.request(DataPath.produce([("pv", 0, future)]), version: version)
            #expect(bad.responses.first?.partitionResponses.first?.errorCode == ErrorCode.invalidTimestamp.rawValue)
            #expect(bad.responses.first?.partitionResponses.first?.recordErrors.count == (version >= 8 ? 1 : 0))
        }
        try await broker.stopAndRemove()
    }

    @Test("every Fetch and ListOffsets version answers")
    func fetchAndListOffsetsVersions() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("fv")
        let topicId = try #require(broker.services.metadata.topic(named: "fv")?.id)
        try await DataPathConnection.with(port: broker.port) { c in
            _ = try await c.request(DataPath.produce([("fv", 0, try DataPath.batch(["a", "b"]))]), version: 9)
            for version in FetchRequest.validVersions {
                let response = try await c.request(DataPath.fetch(version >= 13 ? "" : "fv", offset: 0, topicId: topicId), version: version)
                let data = try #require(response.responses.first?.partitions.first)
                #expect(data.errorCode == 0)
                #expect(try DataPath.batches(data.records).count == 1)
            }
            for version in ListOffsetsRequest.validVersions {
                let response = try await c.request(DataPath.listOffsets("fv", timestamp: -1), version: version)
                #expect(response.topics.first?.partitions.first?.offset == 2)
            }
        }
        try await broker.stopAndRemove()
    }
}
