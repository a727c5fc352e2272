import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaStorage

/// Large appends write their whole pages with O_DIRECT; the file must hold exactly the bytes
/// appended, and readers that cached the old end of the file must see the new bytes.
@Suite("Segment append writer")
struct SegmentAppendWriterTests {
    /// Whether this file system takes O_DIRECT (ext4 and xfs do; the writer falls back otherwise).
    static func directIOSupported(in directory: String) -> Bool {
        guard let flag = SegmentAppendWriter.oDirect else { return false }
        let probe = directory + "/probe"
        defer { unlink(probe) }
        let fd = open(probe, O_CREAT | O_WRONLY | flag, 0o644)
        if fd >= 0 { close(fd) }
        return fd >= 0
    }

    static func bytes(_ count: Int, seed: UInt64) -> ByteBuffer {
        var generator = SplitMix64(seed: seed)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(count)
        for _ in 0..<(count + 7) / 8 { buffer.writeInteger(generator.next()) }
        buffer.moveWriterIndex(to: count)
        return buffer
    }

    /// Small, large, page-exact, odd-sized and larger-than-staging appends, in a row.
    static let sizes = [100, 300_000, 5, 1_000_003, 70_000, 4096 * 20, 3, 9_000_001, 65_536 + 4096]

    func appendAll(directWrites: Bool) throws -> (file: ByteBuffer, expected: ByteBuffer, direct: Bool, supported: Bool) {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path + "/00000000000000000000.log"
        let file = try StorageFile(path: path)
        let writer = SegmentAppendWriter(directWrites: directWrites)
        var expected = ByteBuffer()
        var position = 0
        for (index, size) in Self.sizes.enumerated() {
            // Bytes that do not start at their storage's beginning, as a batch inside a request.
            var chunk = ByteBuffer(repeating: 0xEE, count: 7)
            chunk.writeImmutableBuffer(Self.bytes(size, seed: UInt64(index + 1)))
            chunk.moveReaderIndex(forwardBy: 7)
            try writer.append(chunk, at: position, to: file)
            position += size
            expected.writeImmutableBuffer(chunk)
            // Read the end of the file after each append: its page is then in the page cache
            // when the next append writes past it.
            let tail = try file.read(at: max(0, position - 10), count: 10)
            #expect(tail == expected.getSlice(at: max(0, position - 10), length: min(10, position)))
        }
        #expect(try file.size() == position)
        let written = try StorageFile.readAll(path: path)
        return (written, expected, writer.usesDirectWrites, Self.directIOSupported(in: temp.path))
    }

    @Test func largeAppendsLandByteForByte() throws {
        let result = try appendAll(directWrites: true)
        #expect(result.file == result.expected)
        #expect(result.direct == result.supported)
    }

    @Test func pageCacheOnlyWriterWritesTheSameBytes() throws {
        let result = try appendAll(directWrites: false)
        #expect(result.file == result.expected)
        #expect(!result.direct)
    }

    /// Staging buffers are reused across writers and kept only up to the pool's bound, so memory
    /// does not grow with the number of partitions.
    @Test func stagingBuffersAreReusedAndBounded() {
        let pool = StagingPool()
        let first = pool.take(capacity: 100_000)
        #expect(Int(bitPattern: first.baseAddress) % SegmentAppendWriter.pageSize == 0)
        #expect(first.count == 102_400)
        pool.give(first)
        let again = pool.take(capacity: 70_000)
        #expect(again.baseAddress == first.baseAddress)
        let larger = pool.take(capacity: 300_000)
        #expect(larger.count >= 300_000)
        var many = [again, larger]
        for _ in 0..<(StagingPool.maximumKept + 2) { many.append(pool.take(capacity: 4096)) }
        for buffer in many { pool.give(buffer) }
        #expect(pool.keptCount == StagingPool.maximumKept)
    }

    /// Through the log: large batches after a small one, read back before and after a reopen.
    @Test func partitionLogWithLargeBatchesReopens() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let directory = temp.path + "/big-0"
        var expected = ByteBuffer()
        do {
            let log = try PartitionLog(directory: directory, config: try LogConfig(properties: [:]))
            var offset: Int64 = 0
            for (count, valueSize) in [(1, 10), (300, 1000), (2, 50), (100, 9000)] {
                let value = Array(repeating: UInt8(truncatingIfNeeded: count), count: valueSize)
                let records = (0..<count).map { TestRecord(key: nil, value: value, timestamp: 1000 + Int64($0)) }
                let batch = TestBatchBuilder.batch(baseOffset: offset, records: records)
                _ = try log.append(batch)
                expected.writeImmutableBuffer(batch)
                offset += Int64(count)
            }
            #expect(try log.readBytes(from: 0, maxBytes: 8 << 20) == expected)
            try log.close()
        }
        let reopened = try PartitionLog(directory: directory, config: try LogConfig(properties: [:]))
        #expect(reopened.logEndOffset == 403)
        #expect(try reopened.readBytes(from: 0, maxBytes: 8 << 20) == expected)
        try reopened.close()
    }
}
