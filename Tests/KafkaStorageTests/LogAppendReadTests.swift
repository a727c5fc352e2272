import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaStorage

@Suite("PartitionLog append, read, roll, lookup")
struct LogAppendReadTests {
    static func config(_ properties: [String: String] = [:]) throws -> LogConfig { try LogConfig(properties: properties) }

    static func headers(_ buffer: ByteBuffer) throws -> [RecordBatchHeader] {
        var result: [RecordBatchHeader] = []
        var position = buffer.readerIndex
        while position < buffer.writerIndex {
            let header = try RecordBatchHeader(peekingAt: position, in: buffer)
            result.append(header)
            position += header.totalSize
        }
        return result
    }

    @Test func appendAsLeaderAssignsOffsetsAndReads() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = try PartitionLog(directory: temp.path + "/orders-0", config: Self.config())
        #expect(log.topic == "orders" && log.partition == 0)
        #expect(log.logEndOffset == 0)
        var appended: [ByteBuffer] = []
        for i in 0..<5 {
            // The producer sends base offset 0; the leader assigns.
            let expected = TestBatchBuilder.simple(baseOffset: Int64(i * 3), count: 3, timestamp: 1000 + Int64(i) * 10, leaderEpoch: 4)
            var sent = expected
            sent.setInteger(Int64(0), at: 0)
            sent.setInteger(Int32(-1), at: RecordBatchHeader.partitionLeaderEpochOffset)
            let info = try log.appendAsLeader(sent, leaderEpoch: 4)
            #expect(info.firstOffset == Int64(i * 3))
            #expect(info.lastOffset == Int64(i * 3 + 2))
            appended.append(expected)
        }
        #expect(log.logEndOffset == 15)
        #expect(log.leaderEpochs == [EpochEntry(epoch: 4, startOffset: 0)])
        // Reading from any offset starts at its batch; maxBytes cuts at a byte boundary, but
        // minOneMessage returns a whole first batch.
        let all = try log.readBytes(from: 0, maxBytes: 1 << 20)
        var expected = ByteBuffer()
        for var b in appended { expected.writeBuffer(&b) }
        #expect(all == expected)
        let fromMiddle = try log.readBytes(from: 7, maxBytes: 1)
        #expect(fromMiddle == appended[2])
        let cut = try log.read(from: 0, maxBytes: appended[0].readableBytes + 5, minOneMessage: false)
        #expect(cut.length == appended[0].readableBytes + 5)
        #expect(try log.read(from: 0, maxBytes: 0, minOneMessage: false).isEmpty)
        // The upper bound (high watermark) stops reads at a batch boundary.
        let bounded = try log.readBytes(from: 0, maxBytes: 1 << 20, upperBound: 6)
        var firstTwo = appended[0]
        var second = appended[1]
        firstTwo.writeBuffer(&second)
        #expect(bounded == firstTwo)
        #expect(try log.read(from: 6, maxBytes: 100, upperBound: 6).isEmpty)
        #expect(try log.read(from: 15, maxBytes: 100).isEmpty)
        #expect(throws: PartitionLogError.offsetOutOfRange(offset: 16, logStartOffset: 0, logEndOffset: 15)) {
            try log.read(from: 16, maxBytes: 100)
        }
        // A file region for sendfile covers the same bytes.
        let slice = try log.read(from: 3, maxBytes: 1 << 20)
        let (handle, region) = try slice.makeFileRegion()
        #expect(region.readableBytes == slice.length)
        #expect(region.readerIndex == slice.position)
        try handle.close()
        // Locate finds the batch holding an offset.
        let location = try #require(try log.locate(offset: 4))
        #expect(location.header.baseOffset == 3)
        #expect(location.position == appended[0].readableBytes)
        #expect(try log.locate(offset: 15) == nil)
        try log.close()
    }

    @Test func rejectsBadAppends() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = try PartitionLog(directory: temp.path + "/t-1", config: Self.config(["max.message.bytes": "300"]))
        try log.append(TestBatchBuilder.simple(baseOffset: 0))
        // Offsets must continue from the log end.
        #expect(throws: PartitionLogError.unexpectedAppendOffset(firstOffset: 0, logEndOffset: 1)) {
            try log.append(TestBatchBuilder.simple(baseOffset: 0))
        }
        // A flipped byte breaks the CRC.
        var corrupt = TestBatchBuilder.simple(baseOffset: 1)
        corrupt.setInteger(UInt8(0xEE), at: 70)
        #expect(throws: PartitionLogError.self) { try log.append(corrupt) }
        // A batch that is cut short.
        let whole = TestBatchBuilder.simple(baseOffset: 1)
        #expect(throws: PartitionLogError.self) { try log.append(whole.getSlice(at: 0, length: whole.readableBytes - 1)!) }
        #expect(throws: PartitionLogError.self) { try log.append(whole.getSlice(at: 0, length: 30)!) }
        // Wrong magic.
        var magic = TestBatchBuilder.simple(baseOffset: 1)
        magic.setInteger(Int8(1), at: RecordBatchHeader.magicOffset)
        #expect(throws: PartitionLogError.self) { try log.append(magic) }
        // Too large for max.message.bytes.
        #expect(throws: PartitionLogError.recordTooLarge(size: TestBatchBuilder.simple(baseOffset: 1, valueSize: 400).readableBytes,
                                                          maxMessageBytes: 300)) {
            try log.append(TestBatchBuilder.simple(baseOffset: 1, valueSize: 400))
        }
        #expect(throws: PartitionLogError.self) { try log.append(ByteBuffer()) }
        #expect(log.logEndOffset == 1)
        try log.close()
        #expect(throws: PartitionLogError.closed) { try log.append(TestBatchBuilder.simple(baseOffset: 1)) }
    }

    @Test func rollsOnSegmentBytes() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let batchSize = TestBatchBuilder.simple(baseOffset: 0).readableBytes
        let log = try PartitionLog(directory: temp.path + "/t-0", config: Self.config(["segment.bytes": "\(batchSize * 3)"]))
        for i in 0..<7 { try log.append(TestBatchBuilder.simple(baseOffset: Int64(i))) }
        #expect(log.segmentBaseOffsets == [0, 3, 6])
        let files = try FileManager.default.contentsOfDirectory(atPath: temp.path + "/t-0")
        #expect(files.contains("00000000000000000003.log"))
        #expect(files.contains("00000000000000000003.snapshot"))
        // Rolled segments have trimmed indexes; the active one is preallocated.
        let attributes = try FileManager.default.attributesOfItem(atPath: temp.path + "/t-0/00000000000000000006.index")
        #expect((attributes[.size] as? Int) == 10_485_760)
        let old = try FileManager.default.attributesOfItem(atPath: temp.path + "/t-0/00000000000000000000.index")
        #expect((old[.size] as? Int) == 0)
        // Reads cross segments.
        #expect(try log.locate(offset: 4)?.segmentBaseOffset == 3)
        #expect(try log.readBytes(from: 5, maxBytes: 1) == TestBatchBuilder.simple(baseOffset: 5))
        try log.close()
    }

    @Test func rollsOnSegmentMsWithInjectedClock() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let clock = TestClock(1_000_000)
        let log = try PartitionLog(directory: temp.path + "/t-0", config: Self.config(["segment.ms": "1000"]), clock: clock.function)
        // segment.ms is measured between batch timestamps when batches have them.
        try log.append(TestBatchBuilder.simple(baseOffset: 0, timestamp: 5000))
        try log.append(TestBatchBuilder.simple(baseOffset: 1, timestamp: 5900))
        #expect(log.segmentBaseOffsets == [0])
        try log.append(TestBatchBuilder.simple(baseOffset: 2, timestamp: 6001))
        #expect(log.segmentBaseOffsets == [0, 2])
        // Without timestamps (-1) the wall clock since segment creation decides.
        let log2 = try PartitionLog(directory: temp.path + "/u-0", config: Self.config(["segment.ms": "1000"]), clock: clock.function)
        try log2.append(TestBatchBuilder.batch(baseOffset: 0, records: [TestRecord(key: nil, value: [1], timestamp: -1)]))
        clock.advance(999)
        try log2.append(TestBatchBuilder.batch(baseOffset: 1, records: [TestRecord(key: nil, value: [1], timestamp: -1)]))
        #expect(log2.segmentBaseOffsets == [0])
        clock.advance(2)
        try log2.append(TestBatchBuilder.batch(baseOffset: 2, records: [TestRecord(key: nil, value: [1], timestamp: -1)]))
        #expect(log2.segmentBaseOffsets == [0, 2])
        try log.close()
        try log2.close()
    }

    @Test func rollsWhenTheIndexIsFull() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        // Room for 3 offset entries (24 bytes) and 2 time entries; every batch after the first
        // gets an entry with index.interval.bytes=1.
        let log = try PartitionLog(directory: temp.path + "/t-0",
                                   config: Self.config(["segment.index.bytes": "24", "index.interval.bytes": "1"]))
        for i in 0..<6 { try log.append(TestBatchBuilder.simple(baseOffset: Int64(i), timestamp: 100 + Int64(i))) }
        // Time index (2 slots, one kept for the roll) fills after one entry: roll every 2 batches.
        #expect(log.segmentBaseOffsets == [0, 2, 4])
        let index = try OffsetIndex.read(path: temp.path + "/t-0/00000000000000000000.index")
        #expect(index.entries == [OffsetPosition(offset: 1, position: Int32(TestBatchBuilder.simple(baseOffset: 0).readableBytes))])
        let timeIndex = try TimeIndex.read(path: temp.path + "/t-0/00000000000000000000.timeindex")
        #expect(timeIndex.entries == [TimestampOffset(timestamp: 101, offset: 1)])
        try log.close()
    }

    @Test func indexesAreSparse() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let batch = TestBatchBuilder.simple(baseOffset: 0)
        let size = batch.readableBytes
        let log = try PartitionLog(directory: temp.path + "/t-0", config: Self.config(["index.interval.bytes": "\(size * 2)"]))
        // Several batches in one append are indexed per batch (Kafka 4.0.1).
        var many = ByteBuffer()
        for i in 0..<7 { var b = TestBatchBuilder.simple(baseOffset: Int64(i), timestamp: 100 + Int64(i)); many.writeBuffer(&b) }
        try log.append(many)
        try log.close()
        let index = try OffsetIndex.read(path: temp.path + "/t-0/00000000000000000000.index")
        // An entry once more than 2 batches' bytes were written since the last: before batches 3 and 6.
        #expect(index.entries == [OffsetPosition(offset: 3, position: Int32(size * 3)), OffsetPosition(offset: 6, position: Int32(size * 6))])
        let timeIndex = try TimeIndex.read(path: temp.path + "/t-0/00000000000000000000.timeindex")
        // The time entry uses the max timestamp including the batch being indexed.
        #expect(timeIndex.entries == [TimestampOffset(timestamp: 103, offset: 3), TimestampOffset(timestamp: 106, offset: 6)])
    }

    @Test func lookupByTimestamp() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = try PartitionLog(directory: temp.path + "/t-0", config: Self.config(["index.interval.bytes": "1", "segment.bytes": "600"]))
        // Batches of 3 records with timestamps 1000+10i .. +2; one batch with a timestamp going back.
        for i in 0..<6 {
            try log.append(TestBatchBuilder.simple(baseOffset: Int64(i * 3), count: 3, timestamp: 1000 + Int64(i) * 10))
        }
        try log.append(TestBatchBuilder.simple(baseOffset: 18, count: 1, timestamp: 500))
        #expect(log.segmentBaseOffsets.count > 1)
        #expect(try log.fetchOffset(byTimestamp: 0)?.offset == 0)
        #expect(try log.fetchOffset(byTimestamp: 1000)?.offset == 0)
        #expect(try log.fetchOffset(byTimestamp: 1001)?.offset == 1)
        #expect(try log.fetchOffset(byTimestamp: 1003) == TimestampAndOffset(timestamp: 1010, offset: 3, leaderEpoch: 0))
        #expect(try log.fetchOffset(byTimestamp: 1032)?.offset == 11)
        #expect(try log.fetchOffset(byTimestamp: 1052)?.offset == 17)
        #expect(try log.fetchOffset(byTimestamp: 1053) == nil)
        #expect(try log.fetchOffset(byTimestamp: -1)?.offset == 19)
        #expect(try log.fetchOffset(byTimestamp: -2)?.offset == 0)
        #expect(try log.fetchOffset(byTimestamp: -3) == TimestampAndOffset(timestamp: 1052, offset: 17, leaderEpoch: 0))
        try log.close()
    }

    @Test func reopenContinues() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let dir = temp.path + "/t-0"
        let topicId = KafkaUUID.random()
        do {
            let log = try PartitionLog(directory: dir, config: Self.config(["segment.bytes": "500"]), topicId: topicId)
            for i in 0..<10 { try log.append(TestBatchBuilder.simple(baseOffset: Int64(i))) }
            try log.close()
        }
        let log = try PartitionLog(directory: dir, config: Self.config(["segment.bytes": "500"]), topicId: topicId)
        #expect(log.logEndOffset == 10)
        #expect(log.topicId == topicId)
        try log.append(TestBatchBuilder.simple(baseOffset: 10))
        #expect(try log.readBytes(from: 10, maxBytes: 1) == TestBatchBuilder.simple(baseOffset: 10))
        #expect(try log.readBytes(from: 3, maxBytes: 1) == TestBatchBuilder.simple(baseOffset: 3))
        let text = try String(contentsOfFile: dir + "/partition.metadata", encoding: .utf8)
        #expect(text == "version: 0\ntopic_id: \(topicId)")
        try log.close()
        #expect(throws: PartitionLogError.self) {
            try PartitionLog(directory: dir, topicId: KafkaUUID.random())
        }
        #expect(throws: PartitionLogError.invalidDirectoryName("nodash")) {
            try PartitionLog(directory: temp.path + "/nodash")
        }
    }
}
