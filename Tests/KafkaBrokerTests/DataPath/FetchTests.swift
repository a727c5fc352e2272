import KafkaBroker
import KafkaProtocol
import NIOCore
import Testing

@Suite("DataPath.Fetch", .serialized)
struct FetchTests {
    @Test("a fetch waits for min_bytes until an append arrives")
    func longPollWakesOnAppend() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("lp")
        let port = broker.port
        let start = ContinuousClock.now
        async let fetched = DataPathConnection.with(port: port) { c in
            // max_wait far beyond any scheduling delay: an answer before it means the append woke it.
            try await c.request(DataPath.fetch("lp", offset: 0, minBytes: 1, maxWaitMs: 120_000), version: 12)
        }
        try await Task.sleep(for: .milliseconds(300))
        try await DataPathConnection.with(port: port) { c in
            _ = try await c.request(DataPath.produce([("lp", 0, try DataPath.batch(["late"]))]), version: 9)
        }
        let response = try await fetched
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(60))
        #expect(try DataPath.batches(response.responses.first?.partitions.first?.records).count == 1)
        #expect(broker.services.metadata.topic(named: "lp") != nil)
        try await broker.stopAndRemove()
    }

    @Test("a fetch with nothing to read answers empty after max_wait_ms")
    func longPollTimesOut() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("lt")
        try await DataPathConnection.with(port: broker.port) { c in
            let start = ContinuousClock.now
            let response = try await c.request(DataPath.fetch("lt", offset: 0, minBytes: 1, maxWaitMs: 400), version: 12)
            #expect(ContinuousClock.now - start >= .milliseconds(390))
            let data = try #require(response.responses.first?.partitions.first)
            #expect(data.errorCode == 0)
            #expect(data.records?.readableBytes == 0)
            #expect(data.highWatermark == 0)
        }
        try await broker.stopAndRemove()
    }

    @Test("errors: unknown topic, offset out of range, unknown topic id, fenced leader epoch")
    func fetchErrors() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("fe")
        let topicId = try #require(broker.services.metadata.topic(named: "fe")?.id)
        try await DataPathConnection.with(port: broker.port) { c in
            _ = try await c.request(DataPath.produce([("fe", 0, try DataPath.batch(["a"]))]), version: 9)
            let unknown = try await c.request(DataPath.fetch("none", offset: 0), version: 12)
            #expect(unknown.responses.first?.partitions.first?.errorCode == ErrorCode.unknownTopicOrPartition.rawValue)
            #expect(unknown.responses.first?.partitions.first?.highWatermark == -1)
            let range = try await c.request(DataPath.fetch("fe", offset: 5), version: 12)
            #expect(range.responses.first?.partitions.first?.errorCode == ErrorCode.offsetOutOfRange.rawValue)
            let byId = try await c.request(DataPath.fetch("", offset: 0, topicId: topicId), version: 13)
            #expect(byId.responses.first?.topicId == topicId)
            #expect(try DataPath.batches(byId.responses.first?.partitions.first?.records).count == 1)
            let badId = try await c.request(DataPath.fetch("", offset: 0, topicId: KafkaUUID(mostSignificantBits: 1, leastSignificantBits: 2)), version: 16)
            #expect(badId.responses.first?.partitions.first?.errorCode == ErrorCode.unknownTopicId.rawValue)
            var fenced = DataPath.fetch("fe", offset: 0)
            fenced.topics[0].partitions[0].currentLeaderEpoch = 99
            let epoch = try await c.request(fenced, version: 12)
            #expect(epoch.responses.first?.partitions.first?.errorCode == ErrorCode.unknownLeaderEpoch.rawValue)
        }
        try await broker.stopAndRemove()
    }

    @Test("hostile fetch fields: negative offset, negative sizes and wait, huge max_bytes")
    func hostileFetchFields() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("hf")
        try await DataPathConnection.with(port: broker.port) { c in
            _ = try await c.request(DataPath.produce([("hf", 0, try DataPath.batch(["a"]))]), version: 9)
            let negativeOffset = try await c.request(DataPath.fetch("hf", offset: -5), version: 12)
            #expect(negativeOffset.responses.first?.partitions.first?.errorCode == ErrorCode.offsetOutOfRange.rawValue)
            let negativeSizes = try await c.request(
                DataPath.fetch("hf", offset: 0, partitionMaxBytes: -1, maxBytes: -1, minBytes: -1, maxWaitMs: -1), version: 12)
            let data = try #require(negativeSizes.responses.first?.partitions.first)
            #expect(data.errorCode == 0)
            #expect(try DataPath.batches(data.records).count == 1)
            let huge = try await c.request(DataPath.fetch("hf", offset: 0, partitionMaxBytes: Int32.max, maxBytes: Int32.max), version: 12)
            #expect(try DataPath.batches(huge.responses.first?.partitions.first?.records).count == 1)
            var empty = FetchRequest()
            empty.maxWaitMs = 120_000
            empty.minBytes = 1
            let start = ContinuousClock.now
            let nothing = try await c.request(empty, version: 12)
            #expect(nothing.responses.isEmpty)
            #expect(ContinuousClock.now - start < .seconds(60))
        }
        try await broker.stopAndRemove()
    }

    @Test("partition_max_bytes smaller than a batch still returns that batch (KIP-74), then stops")
    func maxBytes() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("mb")
        try await DataPathConnection.with(port: broker.port) { c in
            for value in ["first", "second", "third"] {
                _ = try await c.request(DataPath.produce([("mb", 0, try DataPath.batch([String(repeating: value, count: 50)]))]), version: 9)
            }
            let small = try await c.request(DataPath.fetch("mb", offset: 0, partitionMaxBytes: 10), version: 12)
            #expect(try DataPath.batches(small.responses.first?.partitions.first?.records).map(\.baseOffset) == [0])
            let all = try await c.request(DataPath.fetch("mb", offset: 0), version: 12)
            #expect(try DataPath.batches(all.responses.first?.partitions.first?.records).map(\.baseOffset) == [0, 1, 2])
        }
        try await broker.stopAndRemove()
    }

    @Test("the response max_bytes is shared across partitions; only the first partition may exceed it")
    func responseMaxBytes() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("rm", partitions: 2)
        try await DataPathConnection.with(port: broker.port) { c in
            var size = 0
            for partition: Int32 in [0, 1] {
                for _ in 0..<3 {
                    let batch = try DataPath.batch([String(repeating: "x", count: 100)])
                    size = batch.readableBytes
                    _ = try await c.request(DataPath.produce([("rm", partition, batch)]), version: 9)
                }
            }
            var request = DataPath.fetch("rm", partition: 0, offset: 0, maxBytes: Int32(size / 2))
            var second = request.topics[0].partitions[0]
            second.partition = 1
            request.topics[0].partitions.append(second)
            let tight = try await c.request(request, version: 12)
            let parts = try #require(tight.responses.first?.partitions)
            #expect(try DataPath.batches(parts[0].records).count == 1)
            #expect(parts[1].records?.readableBytes == 0)
            #expect(parts[1].highWatermark == 3)

            request.maxBytes = Int32(size * 4)
            let roomy = try await c.request(request, version: 12)
            let counts = try roomy.responses.first?.partitions.map { try DataPath.batches($0.records).count }
            #expect(counts == [3, 1])
        }
        try await broker.stopAndRemove()
    }

    @Test("incremental fetch sessions return only changed partitions and check ids and epochs")
    func sessions() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("fs", partitions: 2)
        try await DataPathConnection.with(port: broker.port) { c in
            _ = try await c.request(DataPath.produce([("fs", 0, try DataPath.batch(["a"]))]), version: 9)
            var full = DataPath.fetch("fs", offset: 0, sessionId: 0, sessionEpoch: 0)
            var p1 = FetchRequest.FetchPartition()
            p1.partition = 1
            p1.partitionMaxBytes = 1_048_576
            full.topics[0].partitions.append(p1)
            let first = try await c.request(full, version: 12)
            #expect(first.errorCode == 0)
            #expect(first.sessionId != 0)
            #expect(first.responses.first?.partitions.count == 2)

            // Incremental, nothing changed for partition 1; partition 0 moved its offset.
            var incremental = DataPath.fetch("fs", offset: 1, sessionId: first.sessionId, sessionEpoch: 1)
            let second = try await c.request(incremental, version: 12)
            #expect(second.sessionId == first.sessionId)
            #expect(second.responses.flatMap(\.partitions).isEmpty)

            _ = try await c.request(DataPath.produce([("fs", 1, try DataPath.batch(["b"]))]), version: 9)
            var third = FetchRequest()
            third.sessionId = first.sessionId
            third.sessionEpoch = 2
            third.maxBytes = 1_000_000
            let changed = try await c.request(third, version: 12)
            #expect(changed.responses.flatMap(\.partitions).map(\.partitionIndex) == [1])
            #expect(changed.responses.first?.partitions.first?.highWatermark == 1)

            incremental.sessionEpoch = 7
            let badEpoch = try await c.request(incremental, version: 12)
            #expect(badEpoch.errorCode == ErrorCode.invalidFetchSessionEpoch.rawValue)
            incremental.sessionId = first.sessionId &+ 1
            incremental.sessionEpoch = 1
            let badId = try await c.request(incremental, version: 12)
            #expect(badId.errorCode == ErrorCode.fetchSessionIdNotFound.rawValue)

            // Closing the session (epoch -1) makes a sessionless full fetch.
            let close = try await c.request(DataPath.fetch("fs", offset: 0, sessionId: first.sessionId, sessionEpoch: -1), version: 12)
            #expect(close.sessionId == 0)
            #expect(close.responses.first?.partitions.count == 1)
            let gone = try await c.request(DataPath.fetch("fs", offset: 0, sessionId: first.sessionId, sessionEpoch: 3), version: 12)
            #expect(gone.errorCode == ErrorCode.fetchSessionIdNotFound.rawValue)
        }
        try await broker.stopAndRemove()
    }
}
