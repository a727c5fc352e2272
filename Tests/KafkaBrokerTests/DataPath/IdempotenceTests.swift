import Foundation
import KafkaBroker
import KafkaProtocol
import NIOCore
import Testing

@Suite("DataPath.Idempotence", .serialized)
struct IdempotenceTests {
    static func initProducerId(_ c: inout DataPathConnection) async throws -> Int64 {
        var request = InitProducerIdRequest()
        request.transactionalId = nil
        request.transactionTimeoutMs = 60_000
        let response = try await c.request(request, version: 4)
        #expect(response.errorCode == 0)
        #expect(response.producerEpoch == 0)
        return response.producerId
    }

    @Test("duplicates are answered with the original offset and not re-appended; gaps and old epochs are refused")
    func sequences() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("ti")
        try await DataPathConnection.with(port: broker.port) { c in
            let pid = try await Self.initProducerId(&c)
            #expect(try await Self.initProducerId(&c) == pid + 1)
            func produce(_ values: [String], epoch: Int16 = 0, seq: Int32) async throws -> ProduceResponse.PartitionProduceResponse? {
                let batch = try DataPath.batch(values, producerId: pid, producerEpoch: epoch, baseSequence: seq)
                return try await c.request(DataPath.produce([("ti", 0, batch)]), version: 9).responses.first?.partitionResponses.first
            }
            let r1 = try await produce(["a", "b"], seq: 0)
            #expect(r1?.baseOffset == 0)
            let r2 = try await produce(["c"], seq: 2)
            #expect(r2?.baseOffset == 2)
            let duplicate = try await produce(["a", "b"], seq: 0)
            #expect(duplicate?.errorCode == 0)
            #expect(duplicate?.baseOffset == 0)
            let gap = try await produce(["x"], seq: 5)
            #expect(gap?.errorCode == ErrorCode.outOfOrderSequenceNumber.rawValue)
            #expect(gap?.errorMessage == "Out of order sequence number for producer \(pid) at offset 3 in partition ti-0: 5 (incoming seq. number), 2 (current end sequence number)")
            let r3 = try await produce(["e1"], epoch: 1, seq: 0)
            #expect(r3?.baseOffset == 3)
            let fenced = try await produce(["old"], epoch: 0, seq: 3)
            #expect(fenced?.errorCode == ErrorCode.invalidProducerEpoch.rawValue)
            let newEpochBadSeq = try await produce(["n"], epoch: 2, seq: 4)
            #expect(newEpochBadSeq?.errorCode == ErrorCode.outOfOrderSequenceNumber.rawValue)
            let end = try await c.request(DataPath.listOffsets("ti", timestamp: -1), version: 9)
            #expect(end.topics.first?.partitions.first?.offset == 4)

            var describe = DescribeProducersRequest()
            var topic = DescribeProducersRequest.TopicRequest()
            topic.name = "ti"
            topic.partitionIndexes = [0, 9]
            describe.topics = [topic]
            let producers = try await c.request(describe, version: 0)
            let parts = try #require(producers.topics.first?.partitions)
            #expect(parts[0].activeProducers.map(\.producerId) == [pid])
            #expect(parts[0].activeProducers.first?.producerEpoch == 1)
            #expect(parts[0].activeProducers.first?.lastSequence == 0)
            #expect(parts[1].errorCode == ErrorCode.unknownTopicOrPartition.rawValue)
        }
        try await broker.stopAndRemove()
    }

    @Test("concurrent InitProducerId calls never share an id")
    func concurrentProducerIds() async throws {
        let broker = try await DataPathBroker()
        let port = broker.port
        let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await DataPathConnection.with(port: port) { c in
                        var mine: [Int64] = []
                        for _ in 0..<25 { mine.append(try await Self.initProducerId(&c)) }
                        return mine
                    }
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(ids.count == 200)
        #expect(Set(ids).count == 200)
        #expect(ids.min() == 0 && ids.max() == 199)
        try await broker.stopAndRemove()
    }

    @Test("producer state (rebuilt from the log) and producer id blocks survive a restart")
    func survivesRestart() async throws {
        var broker = try await DataPathBroker()
        let dir = broker.dataDir
        try await broker.createTopic("tr")
        let pid = try await DataPathConnection.with(port: broker.port) { c in
            let pid = try await Self.initProducerId(&c)
            let b = try DataPath.batch(["a"], producerId: pid, producerEpoch: 0, baseSequence: 0)
            #expect(try await c.request(DataPath.produce([("tr", 0, b)]), version: 9).responses.first?.partitionResponses.first?.baseOffset == 0)
            return pid
        }
        try await broker.stop()
        // As after a crash: no clean-shutdown marker and no producer snapshot; the state is
        // rebuilt from the log itself.
        let files = FileManager.default.enumerator(atPath: dir)?.allObjects.compactMap { $0 as? String } ?? []
        let removed = files.filter { ($0.hasSuffix(".snapshot") && $0.hasPrefix("tr-0/")) || $0.hasSuffix(".kafka_cleanshutdown") }
        for file in removed { try FileManager.default.removeItem(atPath: dir + "/" + file) }
        #expect(removed.count >= 2)
        broker = try await DataPathBroker(dataDir: dir)
        try await DataPathConnection.with(port: broker.port) { c in
            let b = try DataPath.batch(["a"], producerId: pid, producerEpoch: 0, baseSequence: 0)
            let retry = try await c.request(DataPath.produce([("tr", 0, b)]), version: 9).responses.first?.partitionResponses.first
            #expect(retry?.errorCode == 0)
            #expect(retry?.baseOffset == 0)
            let gap = try DataPath.batch(["z"], producerId: pid, producerEpoch: 0, baseSequence: 3)
            #expect(try await c.request(DataPath.produce([("tr", 0, gap)]), version: 9).responses.first?.partitionResponses.first?.errorCode
                    == ErrorCode.outOfOrderSequenceNumber.rawValue)
            let next = try await Self.initProducerId(&c)
            #expect(next >= pid + ProducerIdManager.blockSize)
        }
        try await broker.stopAndRemove()
    }
}
