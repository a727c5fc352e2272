import NIOCore
import Testing

@testable import KafkaProtocol

@Suite("Malformed record batches")
struct MalformedRecordBatchTests {
    static func sampleBatch(compression: CompressionCodec = .none) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(baseOffset: 100, compression: compression, partitionLeaderEpoch: 3)
        try builder.append(key: ByteBuffer(string: "k1"), value: ByteBuffer(string: "v1"),
                           headers: [RecordHeader(key: "h", value: ByteBuffer(string: "x"))], timestamp: 1_000)
        try builder.append(key: nil, value: ByteBuffer(string: "v2"), timestamp: 1_005)
        return try builder.build().encoded()
    }

    /// A batch whose records payload is `records` (uncompressed), with a correct CRC.
    static func batch(records: [UInt8], count: Int32) -> ByteBuffer {
        let header = RecordBatchHeader(
            baseOffset: 0, batchLength: 0, partitionLeaderEpoch: 0, crc: 0, attributes: 0, lastOffsetDelta: max(0, count - 1),
            baseTimestamp: 0, maxTimestamp: 0, producerId: -1, producerEpoch: -1, baseSequence: -1, recordsCount: count)
        var batch = RecordBatch(header: header, recordsPayload: ByteBuffer(bytes: records))
        batch.updateCRC()
        return batch.encoded()
    }

    func decodeRecords(_ bytes: ByteBuffer) throws -> [Record] {
        var buffer = bytes
        return try RecordBatch(from: &buffer).decodeRecords()
    }

    @Test("the sample decodes")
    func sampleDecodes() throws {
        let records = try decodeRecords(Self.sampleBatch())
        #expect(records.count == 2)
        #expect(records[1].offset == 101 && records[1].timestamp == 1_005 && records[1].key == nil)
    }

    @Test("truncated batch at every length is a typed error")
    func truncated() throws {
        let bytes = try Self.sampleBatch()
        for length in 0..<bytes.readableBytes {
            var cut = bytes.getSlice(at: 0, length: length)!
            #expect(throws: KafkaProtocolError.self) { try RecordBatch(from: &cut) }
        }
    }

    @Test("bad CRC is reported as crcMismatch, and decodes when not verifying")
    func badCRC() throws {
        var bytes = try Self.sampleBatch()
        let last = bytes.writerIndex - 1
        bytes.setInteger(bytes.getInteger(at: last, as: UInt8.self)! ^ 0x01, at: last)
        var copy = bytes
        #expect {
            try RecordBatch(from: &copy)
        } throws: { error in
            if case KafkaProtocolError.crcMismatch = error { return true }
            return false
        }
        var unchecked = bytes
        let batch = try RecordBatch(from: &unchecked, verifyingCRC: false)
        #expect(!batch.isValid)
        #expect(throws: KafkaProtocolError.self) { try batch.validate() }
    }

    @Test("wrong magic")
    func wrongMagic() throws {
        for magic: Int8 in [0, 1, 3, -1] {
            var bytes = try Self.sampleBatch()
            bytes.setInteger(magic, at: 16)
            #expect(throws: KafkaProtocolError.invalidMagic(magic)) { try RecordBatch(from: &bytes) }
        }
    }

    @Test("negative, tiny and oversized batch lengths")
    func batchLengths() throws {
        for length: Int32 in [-1, Int32.min, 0, 48, Int32.max, 10_000] {
            var bytes = try Self.sampleBatch()
            bytes.setInteger(length, at: 8, endianness: .big)
            #expect(throws: KafkaProtocolError.self) { try RecordBatch(from: &bytes) }
        }
    }

    @Test("record length prefix that disagrees with the fields")
    func recordLengthMismatch() throws {
        // attributes 0, tsDelta 0, offsetDelta 0, key null (-1 → 0x01), value null, 0 headers = 6 bytes
        let body: [UInt8] = [0x00, 0x00, 0x00, 0x01, 0x01, 0x00]
        #expect(try decodeRecords(Self.batch(records: [UInt8(body.count * 2)] + body, count: 1)).count == 1)
        // Length says 7 but the fields use 6 (one spare byte inside the record).
        #expect(throws: KafkaProtocolError.self) {
            try decodeRecords(Self.batch(records: [14] + body + [0x00], count: 1))
        }
        // Length says 5: the fields run past it.
        #expect(throws: KafkaProtocolError.self) {
            try decodeRecords(Self.batch(records: [10] + body.dropLast(), count: 1))
        }
        // Length larger than the batch.
        #expect(throws: KafkaProtocolError.self) { try decodeRecords(Self.batch(records: [100] + body, count: 1)) }
        // Negative length.
        #expect(throws: KafkaProtocolError.self) { try decodeRecords(Self.batch(records: [0x03] + body, count: 1)) }
    }

    @Test("key, value and header lengths below -1, header counts out of range")
    func negativeLengths() throws {
        // key length -2 (zig-zag 3)
        #expect(throws: KafkaProtocolError.self) {
            try decodeRecords(Self.batch(records: [12, 0x00, 0x00, 0x00, 0x03, 0x01, 0x00], count: 1))
        }
        // value length -5 (zig-zag 9)
        #expect(throws: KafkaProtocolError.self) {
            try decodeRecords(Self.batch(records: [12, 0x00, 0x00, 0x00, 0x01, 0x09, 0x00], count: 1))
        }
        // header count -1
        #expect(throws: KafkaProtocolError.self) {
            try decodeRecords(Self.batch(records: [12, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01], count: 1))
        }
        // header count 1000 with no bytes for them
        #expect(throws: KafkaProtocolError.self) {
            try decodeRecords(Self.batch(records: [14, 0x00, 0x00, 0x00, 0x01, 0x01, 0xD0, 0x0F], count: 1))
        }
        // header key length -1 (keys are never null)
        #expect(throws: KafkaProtocolError.self) {
            try decodeRecords(Self.batch(records: [16, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x01, 0x01], count: 1))
        }
        // a header with key "a" and null value is fine
        let ok = try decodeRecords(Self.batch(records: [18, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x02, 0x61, 0x01], count: 1))
        #expect(ok[0].headers.map(\.key) == ["a"] && Array(ok[0].headers)[0].value == nil)
    }

    @Test("record count that disagrees with the bytes")
    func countMismatch() throws {
        let record: [UInt8] = [12, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00]
        #expect(throws: KafkaProtocolError.self) { try decodeRecords(Self.batch(records: record + record, count: 1)) }
        #expect(throws: KafkaProtocolError.self) { try decodeRecords(Self.batch(records: record, count: 2)) }
        #expect(throws: KafkaProtocolError.self) { try decodeRecords(Self.batch(records: record, count: -1)) }
        #expect(try decodeRecords(Self.batch(records: [], count: 0)).isEmpty)
    }

    @Test("unknown codec bits 5-7")
    func unknownCodec() throws {
        for bits: Int16 in [5, 6, 7] {
            var buffer = Self.batch(records: [], count: 0)
            var batch = try RecordBatch(from: &buffer)
            batch.header.attributes = bits
            batch.updateCRC()
            #expect(batch.compression == nil)
            #expect(throws: CompressionError.unknownCodec(Int(bits))) { try batch.decodeRecords() }
        }
    }

    @Test("reader stops at a partial trailing batch and reports its size")
    func partialTail() throws {
        let one = try Self.sampleBatch()
        for cut in [1, 16, 17, 60, 61, one.readableBytes - 1] {
            var data = one
            var tail = one.getSlice(at: 0, length: cut)!
            data.writeBuffer(&tail)
            var reader = RecordBatchReader(data)
            #expect(try reader.next() != nil)
            #expect(try reader.next() == nil)
            #expect(reader.truncatedTailBytes == cut)
            #expect(reader.position == one.readableBytes)
        }
    }

    @Test("reader refuses an entry size below the legacy minimum, and legacy magic when v2 is required")
    func readerCorruption() throws {
        var data = try Self.sampleBatch()
        data.setInteger(Int32(13), at: 8, endianness: .big)
        var reader = RecordBatchReader(data)
        #expect(throws: KafkaProtocolError.self) { try reader.next() }

        var legacy = try Self.sampleBatch()
        legacy.setInteger(Int8(1), at: 16)
        var strict = RecordBatchReader(legacy)
        #expect(throws: KafkaProtocolError.self) { try strict.next() }
    }

    @Test("in-place header edits: offsets and epoch keep the CRC, LogAppendTime recomputes it")
    func inPlaceEdits() throws {
        var log = ByteBuffer(string: "prefix")
        var batchBytes = try Self.sampleBatch()
        let at = log.writerIndex
        log.writeBuffer(&batchBytes)
        log.moveReaderIndex(forwardBy: 6)
        try RecordBatch.setBaseOffset(5_000, ofBatchAt: at, in: &log)
        try RecordBatch.setPartitionLeaderEpoch(42, ofBatchAt: at, in: &log)
        try RecordBatch.setMaxTimestamp(9_999, timestampType: .logAppendTime, ofBatchAt: at, in: &log)
        var copy = log
        let batch = try RecordBatch(from: &copy)
        #expect(batch.baseOffset == 5_000 && batch.header.partitionLeaderEpoch == 42)
        #expect(batch.timestampType == .logAppendTime && batch.header.maxTimestamp == 9_999)
        let records = try batch.decodeRecords()
        #expect(records.map(\.offset) == [5_000, 5_001])
        #expect(records.map(\.timestamp) == [9_999, 9_999])

        var value = batch
        value.setLastOffset(20)
        value.setMaxTimestamp(1_005, timestampType: .createTime)
        #expect(value.baseOffset == 19 && value.isValid)
        #expect(try value.decodeRecords().map(\.timestamp) == [1_000, 1_005])

        var short = ByteBuffer(bytes: [0, 1, 2])
        #expect(throws: KafkaProtocolError.self) { try RecordBatch.setBaseOffset(1, ofBatchAt: 0, in: &short) }
        #expect(throws: KafkaProtocolError.self) { try RecordBatch.setMaxTimestamp(1, timestampType: .createTime, ofBatchAt: 0, in: &short) }
        var cut = try Self.sampleBatch()
        cut.moveWriterIndex(to: cut.writerIndex - 1)
        #expect(throws: KafkaProtocolError.self) { try RecordBatch.setMaxTimestamp(1, timestampType: .createTime, ofBatchAt: 0, in: &cut) }
    }

    @Test("builder fields: sequence, transactional flags, delete horizon, empty batch")
    func builderFields() throws {
        var builder = RecordBatchBuilder(
            baseOffset: 7, compression: .zstd, producerId: 99, producerEpoch: 2, baseSequence: Int32.max - 1,
            isTransactional: true, partitionLeaderEpoch: 5, deleteHorizonMs: 500)
        try builder.append(key: nil, value: ByteBuffer(string: "a"), timestamp: 800)
        try builder.append(key: nil, value: nil, timestamp: 700)
        try builder.append(key: nil, value: nil, timestamp: 900, offsetDelta: 5)
        #expect(throws: KafkaProtocolError.self) { try builder.append(key: nil, value: nil, timestamp: 1, offsetDelta: 5) }
        var bytes = try builder.build().encoded()
        let batch = try RecordBatch(from: &bytes)
        #expect(batch.header.lastOffsetDelta == 5 && batch.recordsCount == 3 && batch.lastOffset == 12)
        #expect(batch.deleteHorizonMs == 500 && batch.header.baseTimestamp == 500 && batch.header.maxTimestamp == 900)
        #expect(batch.isTransactional && !batch.isControl && batch.compression == .zstd)
        #expect(batch.lastSequence == 3, "Int32.max - 1 + 5 wraps to 3")
        #expect(try batch.decodeRecords().map(\.timestamp) == [800, 700, 900])
        #expect(try batch.decodeRecords().map(\.offset) == [7, 8, 12])
        #expect(try batch.decodeRecords().map(\.sequence) == [Int32.max - 1, Int32.max, 3])

        let empty = try RecordBatchBuilder().build()
        #expect(empty.recordsCount == 0 && empty.isValid && empty.sizeInBytes == 61)
    }
}
