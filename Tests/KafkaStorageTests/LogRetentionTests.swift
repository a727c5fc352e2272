import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaStorage

@Suite("PartitionLog retention, DeleteRecords, truncation")
struct LogRetentionTests {
    static let batchSize = TestBatchBuilder.simple(baseOffset: 0).readableBytes

    static func files(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    /// A log with one batch (one offset) per segment for offsets 0..<count, timestamps 1000·(i+1).
    static func makeLog(_ dir: String, count: Int, clock: TestClock, properties: [String: String]) throws -> PartitionLog {
        var props = ["segment.bytes": "\(batchSize)"]
        props.merge(properties) { $1 }
        let log = try PartitionLog(directory: dir, config: try LogConfig(properties: props), clock: clock.function)
        for i in 0..<count { try log.append(TestBatchBuilder.simple(baseOffset: Int64(i), timestamp: 1000 * Int64(i + 1))) }
        return log
    }

    @Test func retentionByTimeRenamesThenRemoves() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let clock = TestClock(5500)
        let dir = temp.path + "/t-0"
        let log = try Self.makeLog(dir, count: 6, clock: clock, properties: ["retention.ms": "3000", "file.delete.delay.ms": "100"])
        #expect(log.segmentBaseOffsets == [0, 1, 2, 3, 4, 5])
        // now 5500: segments with max timestamp < 2500 (offsets 0, 1) are past retention.
        #expect(try log.deleteOldSegments() == 2)
        #expect(log.segmentBaseOffsets == [2, 3, 4, 5])
        #expect(log.logStartOffset == 2)
        let renamed = try Self.files(dir)
        #expect(renamed.contains("00000000000000000000.log.deleted"))
        #expect(renamed.contains("00000000000000000001.index.deleted"))
        #expect(renamed.contains("00000000000000000001.snapshot.deleted"))
        #expect(!renamed.contains("00000000000000000000.log"))
        clock.advance(100)
        try log.removeDeletedFiles()
        #expect(try Self.files(dir).allSatisfy { !$0.hasSuffix(".deleted") })
        #expect(throws: PartitionLogError.offsetOutOfRange(offset: 1, logStartOffset: 2, logEndOffset: 6)) {
            try log.read(from: 1, maxBytes: 100)
        }
        // The active segment is never deleted, however old.
        clock.advance(1_000_000)
        #expect(try log.deleteOldSegments() == 3)
        #expect(log.segmentBaseOffsets == [5])
        try log.close()
    }

    @Test func retentionBySize() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let clock = TestClock(0)
        let dir = temp.path + "/t-0"
        let log = try Self.makeLog(dir, count: 6, clock: clock,
                                   properties: ["retention.ms": "-1", "retention.bytes": "\(Self.batchSize * 2 + 10)", "file.delete.delay.ms": "0"])
        #expect(try log.deleteOldSegments() == 3)
        #expect(log.segmentBaseOffsets == [3, 4, 5])
        #expect(log.size == Self.batchSize * 3)
        // file.delete.delay.ms=0: gone at once.
        #expect(try Self.files(dir).allSatisfy { !$0.hasSuffix(".deleted") })
        #expect(try Self.files(dir).first == "00000000000000000003.index")
        try log.close()
    }

    @Test func noRetentionWithCompactPolicy() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = try Self.makeLog(temp.path + "/t-0", count: 3, clock: TestClock(1 << 40),
                                   properties: ["retention.ms": "1", "cleanup.policy": "compact"])
        #expect(try log.deleteOldSegments() == 0)
        try log.close()
    }

    @Test func deleteRecordsBefore() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let clock = TestClock(0)
        let log = try Self.makeLog(temp.path + "/t-0", count: 5, clock: clock, properties: ["file.delete.delay.ms": "0"])
        // Not past the high watermark.
        #expect(throws: PartitionLogError.self) { try log.deleteRecordsBefore(3) }
        log.updateHighWatermark(5)
        #expect(try log.deleteRecordsBefore(3) == 3)
        #expect(log.logStartOffset == 3)
        #expect(log.segmentBaseOffsets == [3, 4])
        #expect(throws: PartitionLogError.self) { try log.read(from: 2, maxBytes: 10) }
        #expect(try log.readBytes(from: 3, maxBytes: 1) == TestBatchBuilder.simple(baseOffset: 3, timestamp: 4000))
        // Inside a segment: the start moves, the segment stays.
        let dir = temp.path + "/u-0"
        let log2 = try PartitionLog(directory: dir, clock: clock.function)
        try log2.append(TestBatchBuilder.simple(baseOffset: 0, count: 10))
        log2.updateHighWatermark(10)
        #expect(try log2.deleteRecordsBefore(4) == 4)
        #expect(log2.segmentBaseOffsets == [0])
        #expect(try log2.fetchOffset(byTimestamp: -2)?.offset == 4)
        try log.close()
        try log2.close()
        // The start offset is given back on reopen (from log-start-offset-checkpoint).
        let reopened = try PartitionLog(directory: dir, logStartOffset: 4)
        #expect(reopened.logStartOffset == 4)
        try reopened.close()
    }

    @Test func truncation() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let clock = TestClock(0)
        let dir = temp.path + "/t-0"
        var props = ["segment.bytes": "\(Self.batchSize * 3)"]
        props["index.interval.bytes"] = "1"
        let log = try PartitionLog(directory: dir, config: try LogConfig(properties: props), clock: clock.function)
        for i in 0..<9 {
            try log.append(TestBatchBuilder.simple(baseOffset: Int64(i), timestamp: 100 + Int64(i), leaderEpoch: Int32(i / 4)))
        }
        #expect(log.segmentBaseOffsets == [0, 3, 6])
        #expect(log.leaderEpochs == [EpochEntry(epoch: 0, startOffset: 0), EpochEntry(epoch: 1, startOffset: 4), EpochEntry(epoch: 2, startOffset: 8)])
        try log.truncate(to: 5)
        #expect(log.logEndOffset == 5)
        #expect(log.segmentBaseOffsets == [0, 3])
        #expect(log.leaderEpochs == [EpochEntry(epoch: 0, startOffset: 0), EpochEntry(epoch: 1, startOffset: 4)])
        #expect(!(try Self.files(dir)).contains("00000000000000000006.log"))
        #expect(try log.locate(offset: 5) == nil)
        #expect(try log.fetchOffset(byTimestamp: -3)?.offset == 4)
        // Appends continue at the new end, in the truncated segment.
        try log.append(TestBatchBuilder.simple(baseOffset: 5, timestamp: 200))
        #expect(log.segmentBaseOffsets == [0, 3])
        #expect(try log.readBytes(from: 5, maxBytes: 1) == TestBatchBuilder.simple(baseOffset: 5, timestamp: 200))
        // Truncating below the first segment empties the log at that offset.
        try log.truncate(to: 2)
        #expect(log.logEndOffset == 2)
        try log.truncateFullyAndStartAt(100)
        #expect(log.logEndOffset == 100)
        #expect(log.logStartOffset == 100)
        #expect(log.segmentBaseOffsets == [100])
        try log.append(TestBatchBuilder.simple(baseOffset: 100))
        try log.close()
        let reopened = try PartitionLog(directory: dir, config: try LogConfig(properties: props))
        #expect(reopened.logEndOffset == 101)
        #expect(reopened.logStartOffset == 100)
        try reopened.close()
    }
}
