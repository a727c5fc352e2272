import KafkaBroker
import KafkaProtocol
import NIOCore
import Testing

@Suite("DataPath.Offsets", .serialized)
struct OffsetsTests {
    @Test("ListOffsets: earliest, latest, max timestamp, earliest local, by timestamp")
    func listOffsets() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("lo")
        let base = PartitionClock.now() - 10_000
        try await DataPathConnection.with(port: broker.port) { c in
            _ = try await c.request(DataPath.produce([("lo", 0, try DataPath.batch(["a", "b"], timestamp: base))]), version: 9)
            _ = try await c.request(DataPath.produce([("lo", 0, try DataPath.batch(["c", "d"], timestamp: base + 100))]), version: 9)
            _ = try await c.request(DataPath.produce([("lo", 0, try DataPath.batch(["e"], timestamp: base + 50))]), version: 9)
            func lookup(_ ts: Int64, version: Int16 = 9) async throws -> ListOffsetsResponse.ListOffsetsPartitionResponse {
                try #require(try await c.request(DataPath.listOffsets("lo", timestamp: ts), version: version).topics.first?.partitions.first)
            }
            let epoch = broker.services.metadata.partition(topic: "lo", partition: 0)?.leaderEpoch ?? -1
            let earliest = try await lookup(-2)
            #expect(earliest.offset == 0 && earliest.timestamp == -1)
            let latest = try await lookup(-1)
            #expect(latest.offset == 5 && latest.timestamp == -1 && latest.leaderEpoch == epoch)
            let maxTs = try await lookup(-3)
            #expect(maxTs.offset == 3 && maxTs.timestamp == base + 101)
            let r1 = try await lookup(-4)
            #expect(r1.offset == 0)
            let byTime = try await lookup(base + 1)
            #expect(byTime.offset == 1 && byTime.timestamp == base + 1)
            let between = try await lookup(base + 2)
            #expect(between.offset == 2 && between.timestamp == base + 100)
            // Kafka's UnifiedLog: -5 (latest tiered) without remote storage is offset -1, epoch -1;
            // any other negative timestamp is searched like a time before every record.
            let tiered = try await lookup(-5)
            #expect(tiered.offset == -1 && tiered.timestamp == -1 && tiered.leaderEpoch == -1 && tiered.errorCode == 0)
            for beforeEpoch: Int64 in [-6, -1_000, .min] {
                let first = try await lookup(beforeEpoch)
                #expect(first.offset == 0 && first.timestamp == base && first.errorCode == 0)
            }
            let none = try await lookup(base + 1_000_000)
            #expect(none.offset == -1 && none.timestamp == -1 && none.errorCode == 0)
            let v1 = try await lookup(-1, version: 1)
            #expect(v1.offset == 5)
            var twice = DataPath.listOffsets("lo", timestamp: -1)
            twice.topics[0].partitions.append(twice.topics[0].partitions[0])
            let duplicated = try await c.request(twice, version: 9)
            #expect(duplicated.topics.first?.partitions.map(\.errorCode) == [ErrorCode.invalidRequest.rawValue, ErrorCode.invalidRequest.rawValue])
            let missing = try await c.request(DataPath.listOffsets("nope", timestamp: -1), version: 9)
            #expect(missing.topics.first?.partitions.first?.errorCode == ErrorCode.unknownTopicOrPartition.rawValue)
        }
        try await broker.stopAndRemove()
    }

    @Test("DeleteRecords moves the log start offset; reads below it are out of range")
    func deleteRecords() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("dr")
        try await DataPathConnection.with(port: broker.port) { c in
            for value in ["a", "b", "c"] {
                _ = try await c.request(DataPath.produce([("dr", 0, try DataPath.batch([value]))]), version: 9)
            }
            func delete(_ topic: String, _ offset: Int64) async throws -> DeleteRecordsResponse.DeleteRecordsPartitionResult {
                var request = DeleteRecordsRequest()
                var t = DeleteRecordsRequest.DeleteRecordsTopic()
                t.name = topic
                var p = DeleteRecordsRequest.DeleteRecordsPartition()
                p.offset = offset
                t.partitions = [p]
                request.topics = [t]
                request.timeoutMs = 5000
                return try #require(try await c.request(request, version: 2).topics.first?.partitions.first)
            }
            let moved = try await delete("dr", 2)
            #expect(moved.errorCode == 0 && moved.lowWatermark == 2)
            let r2 = try await delete("dr", 10)
            #expect(r2.errorCode == ErrorCode.offsetOutOfRange.rawValue)
            let missing = try await delete("none", 1)
            #expect(missing.errorCode == ErrorCode.unknownTopicOrPartition.rawValue && missing.lowWatermark == -1)
            let earliest = try await c.request(DataPath.listOffsets("dr", timestamp: -2), version: 9)
            #expect(earliest.topics.first?.partitions.first?.offset == 2)
            let below = try await c.request(DataPath.fetch("dr", offset: 0), version: 12)
            #expect(below.responses.first?.partitions.first?.errorCode == ErrorCode.offsetOutOfRange.rawValue)
            let at = try await c.request(DataPath.fetch("dr", offset: 2), version: 12)
            #expect(at.responses.first?.partitions.first?.logStartOffset == 2)
            let toEnd = try await delete("dr", -1)
            #expect(toEnd.lowWatermark == 3)
            try await broker.createTopic("drc", configs: ["cleanup.policy": "compact"])
            #expect(try await delete("drc", 0).errorCode == ErrorCode.policyViolation.rawValue)
        }
        try await broker.stopAndRemove()
    }

    @Test("OffsetForLeaderEpoch and DescribeLogDirs")
    func epochsAndLogDirs() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("oe")
        try await DataPathConnection.with(port: broker.port) { c in
            let batch = try DataPath.batch(["a", "b"])
            _ = try await c.request(DataPath.produce([("oe", 0, batch)]), version: 9)
            let epoch = broker.services.metadata.partition(topic: "oe", partition: 0)?.leaderEpoch ?? -1
            var request = OffsetForLeaderEpochRequest()
            request.replicaId = -1
            var t = OffsetForLeaderEpochRequest.OffsetForLeaderTopic()
            t.topic = "oe"
            var p = OffsetForLeaderEpochRequest.OffsetForLeaderPartition()
            p.leaderEpoch = epoch
            t.partitions = [p]
            request.topics = [t]
            let answer = try #require(try await c.request(request, version: 4).topics.first?.partitions.first)
            #expect(answer.errorCode == 0 && answer.leaderEpoch == epoch && answer.endOffset == 2)

            var dirs = DescribeLogDirsRequest()
            dirs.topics = nil
            let described = try await c.request(dirs, version: 4)
            let result = try #require(described.results.first)
            #expect(result.logDir == broker.dataDir)
            let partition = try #require(result.topics.first { $0.name == "oe" }?.partitions.first)
            #expect(partition.partitionSize == Int64(batch.readableBytes))
            #expect(result.totalBytes > 0 && result.usableBytes > 0)
        }
        try await broker.stopAndRemove()
    }
}
