import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaStorage

@Suite("LogFileReader and log housekeeping")
struct LogFileReaderTests {
    @Test func walksKafkasSegment() throws {
        var reader = try LogFileReader(path: FixtureFiles.path("fx-multisegment-0", "00000000000000000010.log"), validateCRC: true)
        var batches: [FileBatch] = []
        while let batch = try reader.nextBatch() { batches.append(batch) }
        #expect(reader.stop == nil)
        #expect(batches.first?.header.baseOffset == 10)
        #expect(batches.last?.header.nextOffset == 20)
        #expect(batches.last.map { $0.position + $0.size } == reader.size)
        // The offset index points at batch starts the walk also finds.
        let index = try OffsetIndex.read(path: FixtureFiles.path("fx-multisegment-0", "00000000000000000010.index"))
        for entry in index.entries {
            #expect(batches.contains { $0.position == Int(entry.position) && $0.header.lastOffset == entry.offset })
        }
        let bytes = try reader.bytes(of: batches[0])
        #expect(bytes.readableBytes == batches[0].size)
    }

    @Test func reportsTruncatedAndCorruptTails() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        var data = try FixtureFiles.bytes("fx-plain-0", "00000000000000000000.log")
        let cutPath = temp.path + "/cut.log"
        try Data(data.dropLast(5)).write(to: URL(fileURLWithPath: cutPath))
        var cut = try LogFileReader(path: cutPath)
        while try cut.nextBatch() != nil {}
        #expect(cut.stop == .truncated)
        data[70] ^= 0xFF
        let flippedPath = temp.path + "/flipped.log"
        try Data(data).write(to: URL(fileURLWithPath: flippedPath))
        var flipped = try LogFileReader(path: flippedPath, validateCRC: true)
        #expect(try flipped.nextBatch() == nil)
        guard case .corrupt(let reason) = flipped.stop else {
            Issue.record("expected a corrupt stop, got \(String(describing: flipped.stop))")
            return
        }
        #expect(reason.hasPrefix("Record is corrupt (stored crc = "))
        #expect(throws: StorageIOError.self) { try LogFileReader(path: temp.path + "/missing.log") }
    }

    @Test func flushMessagesMovesTheRecoveryPoint() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = try PartitionLog(directory: temp.path + "/t-0", config: try LogConfig(properties: ["flush.messages": "3"]))
        try log.append(TestBatchBuilder.simple(baseOffset: 0, count: 2))
        #expect(log.recoveryPoint == 0)
        try log.append(TestBatchBuilder.simple(baseOffset: 2))
        #expect(log.recoveryPoint == 3)
        try log.close()
    }

    @Test func idleProducersExpire() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let clock = TestClock(10_000)
        let log = try PartitionLog(directory: temp.path + "/t-0", config: try LogConfig(properties: [:]), clock: clock.function)
        try log.append(TestBatchBuilder.batch(baseOffset: 0, records: [TestRecord(key: nil, value: [1], timestamp: 10_000)],
                                              producerId: 8, producerEpoch: 0, baseSequence: 0))
        log.removeExpiredProducers()
        #expect(log.producerStateEntry(for: 8) != nil)
        clock.advance(86_400_000)
        log.removeExpiredProducers()
        #expect(log.producerStateEntry(for: 8) == nil)
        try log.close()
    }
}
