import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaStorage

/// Our log, fed Kafka's own batches with Kafka's topic config, must write Kafka's files.
@Suite("PartitionLog against Kafka's files")
struct LogFixtureTests {
    struct Case: Sendable, CustomStringConvertible {
        var partition: String
        var properties: [String: String]
        var description: String { partition }
    }

    static let cases = [
        Case(partition: "fx-multisegment-0", properties: ["segment.bytes": "2048", "index.interval.bytes": "256"]),
        Case(partition: "fx-plain-0", properties: ["index.interval.bytes": "100"]),
        Case(partition: "fx-transactional-0", properties: [:]),
        Case(partition: "fx-idempotent-0", properties: [:]),
        Case(partition: "fx-compressed-librdkafka-0", properties: [:]),
        Case(partition: "fx-compressed-java-0", properties: [:]),
        Case(partition: "fx-logappendtime-0", properties: ["message.timestamp.type": "LogAppendTime"]),
    ]

    static func fixtureFiles(_ partition: String, suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: FixtureFiles.dataDirectory + "/" + partition)
            .filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// Every batch of the fixture's `.log` files, in order, as separate buffers.
    static func fixtureBatches(_ partition: String) throws -> [ByteBuffer] {
        var batches: [ByteBuffer] = []
        for name in try fixtureFiles(partition, suffix: ".log") {
            let buffer = ByteBuffer(bytes: try FixtureFiles.bytes(partition, name))
            var position = 0
            while position < buffer.readableBytes {
                let header = try RecordBatchHeader(peekingAt: position, in: buffer)
                batches.append(buffer.getSlice(at: position, length: header.totalSize)!)
                position += header.totalSize
            }
        }
        return batches
    }

    static func expectSameFiles(_ partition: String, in directory: String, suffixes: [String]) throws {
        for suffix in suffixes {
            let expected = try fixtureFiles(partition, suffix: suffix)
            let ours = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(suffix) }.sorted()
            #expect(ours == expected, "\(partition): \(suffix) files")
            for name in expected where ours.contains(name) {
                let mine = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
                #expect(mine == (try FixtureFiles.bytes(partition, name)), "\(partition)/\(name) differs")
            }
        }
    }

    @Test("appending Kafka's batches writes Kafka's segments, indexes and snapshots", arguments: cases)
    func appendReproducesKafka(_ c: Case) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let topicId = try PartitionMetadata.read(path: FixtureFiles.path(c.partition, "partition.metadata")).topicId
        let dir = temp.path + "/" + c.partition
        let log = try PartitionLog(directory: dir, config: try LogConfig(properties: c.properties), topicId: topicId,
                                   hadCleanShutdown: true, clock: { 1_795_250_000_000 })
        for batch in try Self.fixtureBatches(c.partition) { try log.append(batch) }
        try log.close()
        try Self.expectSameFiles(c.partition, in: dir, suffixes: [
            ".log", ".index", ".timeindex", ".txnindex", ".snapshot", "leader-epoch-checkpoint", "partition.metadata",
        ])
    }

    @Test("recovering Kafka's .log files rebuilds Kafka's indexes", arguments: cases)
    func recoveryRebuildsIndexes(_ c: Case) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let dir = try temp.copyFixture(c.partition) { $0.hasSuffix(".log") || $0 == "partition.metadata" }
        let log = try PartitionLog(directory: dir, config: try LogConfig(properties: c.properties),
                                   recoveryPoint: 0, hadCleanShutdown: false, clock: { 1_795_250_000_000 })
        try log.close()
        try Self.expectSameFiles(c.partition, in: dir, suffixes: [".log", ".index", ".timeindex", ".txnindex", "leader-epoch-checkpoint"])
        // The snapshot at the log end offset is the one Kafka wrote at shutdown.
        let last = try Self.fixtureFiles(c.partition, suffix: ".snapshot").last!
        let mine = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + last)))
        #expect(mine == (try FixtureFiles.bytes(c.partition, last)))
    }

    @Test("opening Kafka's directory after a clean shutdown", arguments: cases)
    func opensKafkaDirectory(_ c: Case) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let dir = try temp.copyFixture(c.partition)
        let log = try PartitionLog(directory: dir, config: try LogConfig(properties: c.properties), hadCleanShutdown: true)
        let batches = try Self.fixtureBatches(c.partition)
        let lastHeader = try RecordBatchHeader(peekingAt: 0, in: batches.last!)
        #expect(log.logEndOffset == lastHeader.nextOffset)
        #expect(log.leaderEpochs == (try LeaderEpochCache.read(path: FixtureFiles.path(c.partition, "leader-epoch-checkpoint"))).entries)
        // Every batch is found where it is and reads back byte for byte.
        log.updateHighWatermark(log.logEndOffset)
        for batch in batches {
            let header = try RecordBatchHeader(peekingAt: 0, in: batch)
            let bytes = try log.readBytes(from: header.lastOffset, maxBytes: 1)
            #expect(bytes == batch)
        }
        // Producer state was loaded from Kafka's snapshot.
        let snapshot = try ProducerSnapshot.read(path: FixtureFiles.path(c.partition, try Self.fixtureFiles(c.partition, suffix: ".snapshot").last!))
        for entry in snapshot.entries {
            #expect(log.producerStateEntry(for: entry.producerId)?.lastSequence == entry.lastSequence)
        }
        try log.close()
    }
}
