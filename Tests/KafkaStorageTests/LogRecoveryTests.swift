import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaStorage

@Suite("PartitionLog recovery after an unclean stop")
struct LogRecoveryTests {
    struct Written {
        var files: [String: [UInt8]]
        /// Per segment base offset: the batches in order with their positions.
        var batches: [Int64: [(position: Int, bytes: ByteBuffer, header: RecordBatchHeader)]]
    }

    static let properties = ["segment.bytes": "2000", "index.interval.bytes": "150", "segment.index.bytes": "4096"]

    /// Appends idempotent batches of 1-3 records and captures the directory as a crash would
    /// leave it: the log is never closed, so the active indexes are still preallocated.
    static func writeCrashedLog(into dir: String) throws -> Written {
        var rng = SplitMix64(seed: 42)
        let log = try PartitionLog(directory: dir, config: try LogConfig(properties: properties), clock: { 0 })
        var offset: Int64 = 0
        for i in 0..<40 {
            let count = Int.random(in: 1...3, using: &rng)
            let records = (0..<count).map { j in
                TestRecord(key: Array("key-\(i)-\(j)".utf8), value: (0..<Int.random(in: 10...90, using: &rng)).map { _ in UInt8.random(in: 65...90, using: &rng) },
                           timestamp: 1_700_000_000_000 + Int64(i * 10 + j))
            }
            try log.append(TestBatchBuilder.batch(baseOffset: offset, records: records, leaderEpoch: Int32(i / 15),
                                                  producerId: 1, producerEpoch: 0, baseSequence: Int32(offset)))
            offset += Int64(count)
        }
        var written = Written(files: [:], batches: [:])
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            written.files[name] = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
        }
        for base in log.segmentBaseOffsets {
            let bytes = ByteBuffer(bytes: written.files[LogFileNames.log(base)]!)
            var position = 0
            var list: [(Int, ByteBuffer, RecordBatchHeader)] = []
            while position < bytes.readableBytes {
                let header = try RecordBatchHeader(peekingAt: position, in: bytes)
                list.append((position, bytes.getSlice(at: position, length: header.totalSize)!, header))
                position += header.totalSize
            }
            written.batches[base] = list
        }
        return written
    }

    @Test func tornAndCorruptTailsKeepEveryCompleteBatchBefore() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let written = try Self.writeCrashedLog(into: temp.path + "/source-0")
        let bases = written.batches.keys.sorted()
        #expect(bases.count >= 3)
        var rng = SplitMix64(seed: 7)
        for caseNumber in 0..<120 {
            let dir = temp.path + "/case\(caseNumber)-0"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for (name, bytes) in written.files { try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name)) }
            // Damage the last segment mostly, sometimes an earlier one.
            let damaged = caseNumber % 4 == 3 ? bases[Int.random(in: 0..<bases.count, using: &rng)] : bases.last!
            var logBytes = written.files[LogFileNames.log(damaged)]!
            let damageAt: Int
            let description: String
            if caseNumber % 2 == 0 {
                damageAt = Int.random(in: 0...logBytes.count, using: &rng)
                logBytes.removeSubrange(damageAt...)
                description = "cut at \(damageAt)"
            } else {
                // Offsets and leader epochs are outside the CRC (Kafka cannot see damage there
                // either), so flip a byte of the length, magic, CRC or covered part.
                let batches = written.batches[damaged]!
                let batch = batches[Int.random(in: 0..<batches.count, using: &rng)]
                let r = Int.random(in: 0..<(batch.header.totalSize - 12), using: &rng)
                damageAt = batch.position + (r < 4 ? 8 + r : 16 + (r - 4))
                logBytes[damageAt] ^= UInt8.random(in: 1...255, using: &rng)
                description = "flip at \(damageAt)"
            }
            try Data(logBytes).write(to: URL(fileURLWithPath: dir + "/" + LogFileNames.log(damaged)))

            let log = try PartitionLog(directory: dir, config: try LogConfig(properties: Self.properties),
                                       recoveryPoint: 0, hadCleanShutdown: false, clock: { 0 })
            // Expected survivors: every batch of earlier segments, and the damaged segment's
            // batches that end before the damage.
            var survivors: [(bytes: ByteBuffer, header: RecordBatchHeader)] = []
            for base in bases where base < damaged { survivors += written.batches[base]!.map { ($0.bytes, $0.header) } }
            survivors += written.batches[damaged]!.filter { $0.position + $0.header.totalSize <= damageAt }.map { ($0.bytes, $0.header) }
            let expectedEnd = survivors.last?.header.nextOffset ?? 0
            #expect(log.logEndOffset == expectedEnd, "case \(caseNumber): \(description) in segment \(damaged)")
            log.updateHighWatermark(log.logEndOffset)
            var all = ByteBuffer()
            var offset: Int64 = 0
            while offset < log.logEndOffset {
                var slice = try log.readBytes(from: offset, maxBytes: 1 << 20)
                guard slice.readableBytes > 0 else { break }
                var position = slice.readerIndex
                while position < slice.writerIndex {
                    offset = try RecordBatchHeader(peekingAt: position, in: slice).nextOffset
                    position += try RecordBatchHeader(peekingAt: position, in: slice).totalSize
                }
                all.writeBuffer(&slice)
            }
            var expected = ByteBuffer()
            for var s in survivors.map(\.bytes) { expected.writeBuffer(&s) }
            #expect(all == expected, "case \(caseNumber): \(description) in segment \(damaged)")
            #expect(log.segmentBaseOffsets.last! <= damaged)
            // Producer state follows the surviving data.
            let lastSequence = survivors.last.map { ProducerStateEntry.incrementSequence($0.header.baseSequence, $0.header.lastOffsetDelta) }
            #expect(log.producerStateEntry(for: 1)?.lastSequence == lastSequence, "case \(caseNumber)")
            // Appends continue at the right offset, and the result reopens cleanly.
            try log.append(TestBatchBuilder.simple(baseOffset: expectedEnd))
            try log.close()
            let reopened = try PartitionLog(directory: dir, config: try LogConfig(properties: Self.properties), hadCleanShutdown: true)
            #expect(reopened.logEndOffset == expectedEnd + 1)
            reopened.updateHighWatermark(expectedEnd + 1)
            #expect(try reopened.readBytes(from: expectedEnd, maxBytes: 1) == TestBatchBuilder.simple(baseOffset: expectedEnd))
            try reopened.close()
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    @Test func recoveryRebuildsTheCrashedIndexesLikeAClosedLog() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let written = try Self.writeCrashedLog(into: temp.path + "/source-0")
        // Reference: the same batches appended to a log that is closed cleanly.
        let referenceDir = temp.path + "/reference-0"
        let reference = try PartitionLog(directory: referenceDir, config: try LogConfig(properties: Self.properties), clock: { 0 })
        for base in written.batches.keys.sorted() { for b in written.batches[base]! { try reference.append(b.bytes) } }
        try reference.close()
        // The crashed copy, recovered from a recovery point inside the second segment.
        let dir = temp.path + "/crashed-0"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, bytes) in written.files { try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name)) }
        let bases = written.batches.keys.sorted()
        let log = try PartitionLog(directory: dir, config: try LogConfig(properties: Self.properties),
                                   recoveryPoint: bases[1] + 1, hadCleanShutdown: false, clock: { 0 })
        try log.close()
        for name in try FileManager.default.contentsOfDirectory(atPath: referenceDir) where !name.hasSuffix(".snapshot") {
            let mine = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            let theirs = try Data(contentsOf: URL(fileURLWithPath: referenceDir + "/" + name))
            #expect(mine == theirs, "\(name)")
        }
    }

    @Test func corruptIndexIsRebuiltAfterCleanShutdown() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let dir = temp.path + "/t-0"
        let log = try PartitionLog(directory: dir, config: try LogConfig(properties: Self.properties))
        for i in 0..<30 { try log.append(TestBatchBuilder.simple(baseOffset: Int64(i))) }
        try log.close()
        let indexPath = dir + "/" + LogFileNames.index(0)
        let good = try Data(contentsOf: URL(fileURLWithPath: indexPath))
        #expect(good.count > 8)
        // A ragged size fails Kafka's sanity check; a missing time index is rebuilt too.
        try (good + Data([1, 2, 3])).write(to: URL(fileURLWithPath: indexPath))
        try FileManager.default.removeItem(atPath: dir + "/" + LogFileNames.timeIndex(0))
        let reopened = try PartitionLog(directory: dir, config: try LogConfig(properties: Self.properties))
        try reopened.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: indexPath)) == good)
        #expect(FileManager.default.fileExists(atPath: dir + "/" + LogFileNames.timeIndex(0)))
    }
}
