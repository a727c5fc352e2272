@testable import KafkaBroker
import KafkaProtocol
import KafkaStorage
import NIOCore
import Testing

/// The produce fast path's record check: it may only say "valid" when the full path (building
/// each `Record`) finds nothing to report; everything else goes to the full path.
@Suite("DataPath.UncompressedRecordScan")
struct UncompressedRecordScanTests {
    /// The scan's verdict on `batch`'s records.
    func scan(_ batch: ByteBuffer, config: LogConfig = LogConfig(), now: Int64 = PartitionClock.now()) throws -> Bool {
        let header = try RecordBatchHeader(peekingAt: batch.readerIndex, in: batch)
        let payload = try #require(batch.getSlice(at: batch.readerIndex + RecordBatchHeader.size,
                                                  length: header.totalSize - RecordBatchHeader.size))
        return UncompressedRecordScan(header: header, config: config, now: now).allValid(payload)
    }

    /// The payload bytes changed by `change`, with the header's length and count left alone.
    func withPayload(_ batch: ByteBuffer, _ change: (inout [UInt8]) -> Void) throws -> ByteBuffer {
        let header = try RecordBatchHeader(peekingAt: batch.readerIndex, in: batch)
        var payload = try #require(batch.getBytes(at: batch.readerIndex + RecordBatchHeader.size,
                                                  length: header.totalSize - RecordBatchHeader.size))
        change(&payload)
        var copy = try #require(batch.getSlice(at: batch.readerIndex, length: RecordBatchHeader.size))
        copy.writeBytes(payload)
        copy.setInteger(Int32(copy.readableBytes - RecordBatchHeader.logOverhead), at: copy.readerIndex + 8, endianness: .big)
        return copy
    }

    @Test("well-formed batches with keys, nulls and headers scan as valid, as the full path accepts them")
    func valid() throws {
        let batch = try DataPath.batch(["a", "bb", String(repeating: "c", count: 300)], key: "k")
        #expect(try scan(batch))
        #expect(try scan(DataPath.batch(["x"])))
        var compacted = LogConfig()
        compacted.cleanupPolicy = [.compact]
        #expect(try scan(batch, config: compacted))
    }

    @Test("record problems the full path reports are not valid: keyless on compacted, timestamps out of range")
    func problems() throws {
        var compacted = LogConfig()
        compacted.cleanupPolicy = [.compact]
        #expect(try !scan(DataPath.batch(["a"]), config: compacted))
        var strict = LogConfig()
        strict.messageTimestampBeforeMaxMs = 1000
        let now = PartitionClock.now()
        #expect(try !scan(DataPath.batch(["a"], timestamp: now - 60_000), config: strict, now: now))
        strict.messageTimestampAfterMaxMs = 1000
        #expect(try !scan(DataPath.batch(["a"], timestamp: now + 60_000), config: strict, now: now))
    }

    @Test("bytes that do not parse are not valid: truncated, trailing, bad lengths, too many headers")
    func malformed() throws {
        let batch = try DataPath.batch(["a", "b"])
        #expect(try !scan(withPayload(batch) { $0.removeLast() }))
        #expect(try !scan(withPayload(batch) { $0.append(0) }))
        // The first record's length varint (zigzag): 0x7F is -64, a negative length.
        #expect(try !scan(withPayload(batch) { $0[0] = 0x7F }))
        // An unterminated varint.
        #expect(try !scan(withPayload(batch) { bytes in for i in bytes.indices { bytes[i] = 0xFF } }))
        // Every byte of an empty payload is missing.
        #expect(try !scan(withPayload(batch) { $0.removeAll() }))
    }

    @Test("offset deltas out of order are not valid (the full path rewrites the batch)")
    func offsetsOutOfOrder() throws {
        let batch = try DataPath.batch(["a", "b"])
        // Record layout: length, attributes, timestampDelta, offsetDelta; the first record's
        // offset delta 0 becomes 1 (zigzag 2).
        let changed = try withPayload(batch) { bytes in
            let timestampBytes = bytes[2...].firstIndex { $0 & 0x80 == 0 }.map { $0 - 2 + 1 } ?? 1
            bytes[2 + timestampBytes] = 2
        }
        #expect(try !scan(changed))
    }
}
