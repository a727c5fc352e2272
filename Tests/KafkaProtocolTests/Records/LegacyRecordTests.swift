import CZlib
import NIOCore
import Testing

@testable import KafkaProtocol

/// Hand-built magic 0/1 message sets (formats.md §3), with zlib CRC-32.
@Suite("Legacy message sets (magic 0 and 1)")
struct LegacyRecordTests {
    static func crc32(_ bytes: ByteBuffer) -> UInt32 {
        bytes.withUnsafeReadableBytes { UInt32(CZlib.crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count))) }
    }

    /// offset | size | crc | magic | attributes | [timestamp] | key | value
    static func message(offset: Int64, magic: Int8, attributes: Int8 = 0, timestamp: Int64 = 0,
                        key: [UInt8]?, value: [UInt8]?) -> ByteBuffer {
        var body = ByteBuffer()
        body.writeInteger(magic)
        body.writeInteger(attributes)
        if magic == 1 { body.writeInteger(timestamp, endianness: .big) }
        for field in [key, value] {
            if let field {
                body.writeInteger(Int32(field.count), endianness: .big)
                body.writeBytes(field)
            } else {
                body.writeInteger(Int32(-1), endianness: .big)
            }
        }
        var entry = ByteBuffer()
        entry.writeInteger(offset, endianness: .big)
        entry.writeInteger(Int32(body.readableBytes + 4), endianness: .big)
        entry.writeInteger(crc32(body), endianness: .big)
        entry.writeBuffer(&body)
        return entry
    }

    @Test("uncompressed v0 and v1 messages read field by field")
    func plain() throws {
        var set = Self.message(offset: 0, magic: 0, key: nil, value: Array("v0 value".utf8))
        var v1 = Self.message(offset: 1, magic: 1, timestamp: 1_500_000_000_000, key: Array("k".utf8), value: nil)
        set.writeBuffer(&v1)
        var reader = LogEntryReader(set)
        guard case let .legacy(first)? = try reader.next(), case let .legacy(second)? = try reader.next() else {
            Issue.record("expected two legacy entries")
            return
        }
        #expect(try reader.next() == nil && reader.truncatedTailBytes == 0)
        #expect(first.magic == 0 && first.offset == 0 && first.key == nil && first.value?.utf8String == "v0 value")
        #expect(first.timestamp == nil && first.timestampType == nil && first.isValid)
        #expect(first.sizeInBytes == 12 + 14 + 8)
        #expect(second.magic == 1 && second.offset == 1 && second.timestamp == 1_500_000_000_000)
        #expect(second.timestampType == .createTime && second.key?.utf8String == "k" && second.value == nil)
        #expect(try second.innerRecords() == [second])
    }

    @Test("gzip-compressed v1 wrapper: relative inner offsets become absolute")
    func compressedV1() throws {
        var inner = ByteBuffer()
        for i in 0..<3 {
            var m = Self.message(offset: Int64(i), magic: 1, timestamp: 1_000 + Int64(i), key: Array("k\(i)".utf8), value: Array("value \(i)".utf8))
            inner.writeBuffer(&m)
        }
        let compressed = try CompressionCodec.gzip.compress(inner)
        // The wrapper carries the absolute offset of the last inner message.
        let wrapperBytes = Self.message(offset: 42, magic: 1, attributes: 1, timestamp: 1_002, key: nil, value: compressed.bytes)
        var buffer = wrapperBytes
        let wrapper = try LegacyRecord(from: &buffer)
        #expect(wrapper.isCompressed && wrapper.compressionCodecBits == 1)
        let records = try wrapper.innerRecords()
        #expect(records.map(\.offset) == [40, 41, 42])
        #expect(records.map { $0.key?.utf8String } == ["k0", "k1", "k2"])
        #expect(records.map(\.timestamp) == [1_000, 1_001, 1_002])
        #expect(records.allSatisfy { $0.timestampType == .createTime })

        // LogAppendTime on the wrapper: every inner message takes the wrapper's time.
        let appendTime = Self.message(offset: 42, magic: 1, attributes: 1 | 0x08, timestamp: 7_777, key: nil, value: compressed.bytes)
        var appendBuffer = appendTime
        let logAppend = try LegacyRecord(from: &appendBuffer).innerRecords()
        #expect(logAppend.map(\.timestamp) == [7_777, 7_777, 7_777])
        #expect(logAppend.allSatisfy { $0.timestampType == .logAppendTime })

        // A wrapper offset below the last inner offset is corrupt (unless 0, as in a produce request).
        var bad = Self.message(offset: 1, magic: 1, attributes: 1, timestamp: 0, key: nil, value: compressed.bytes)
        #expect(throws: KafkaProtocolError.self) { try LegacyRecord(from: &bad).innerRecords() }
        var zero = Self.message(offset: 0, magic: 1, attributes: 1, timestamp: 0, key: nil, value: compressed.bytes)
        #expect(try LegacyRecord(from: &zero).innerRecords().map(\.offset) == [0, 1, 2])
    }

    @Test("compressed v0 wrapper keeps the inner offsets; lz4 with the broken header checksum reads")
    func compressedV0() throws {
        var inner = ByteBuffer()
        for i in 0..<2 {
            var m = Self.message(offset: 10 + Int64(i), magic: 0, key: nil, value: Array("m\(i)".utf8))
            inner.writeBuffer(&m)
        }
        var snappyWrapper = Self.message(offset: 11, magic: 0, attributes: 2, key: nil,
                                         value: try CompressionCodec.snappy.compress(inner).bytes)
        #expect(try LegacyRecord(from: &snappyWrapper).innerRecords().map(\.offset) == [10, 11])

        var lz4 = try CompressionCodec.lz4.compress(inner)
        lz4.setInteger(UInt8(0x1A), at: 6)
        var lz4Wrapper = Self.message(offset: 11, magic: 0, attributes: 3, key: nil, value: lz4.bytes)
        #expect(try LegacyRecord(from: &lz4Wrapper).innerRecords().map { $0.value?.utf8String } == ["m0", "m1"])
    }

    @Test("malformed legacy messages are typed errors")
    func malformed() throws {
        // CRC mismatch.
        var bad = Self.message(offset: 0, magic: 1, key: nil, value: [1, 2, 3])
        bad.setInteger(UInt8(9), at: bad.writerIndex - 1)
        var copy = bad
        #expect(throws: KafkaProtocolError.self) { try LegacyRecord(from: &copy) }
        var unchecked = bad
        #expect(try !LegacyRecord(from: &unchecked, verifyingCRC: false).isValid)
        // Size below the v0 minimum, and v1 shorter than its header.
        var tiny = Self.message(offset: 0, magic: 0, key: nil, value: nil)
        tiny.setInteger(Int32(10), at: 8, endianness: .big)
        #expect(throws: KafkaProtocolError.self) { try LegacyRecord(from: &tiny) }
        // Key length past the end, trailing bytes, null wrapper value, zstd wrapper, compressed inner.
        var longKey = Self.message(offset: 0, magic: 0, key: [1], value: nil)
        longKey.setInteger(Int32(50), at: 12 + 4 + 2, endianness: .big)
        #expect(throws: KafkaProtocolError.self) { try LegacyRecord(from: &longKey, verifyingCRC: false) }
        var nullValue = Self.message(offset: 0, magic: 1, attributes: 1, key: nil, value: nil)
        #expect(throws: KafkaProtocolError.self) { try LegacyRecord(from: &nullValue).innerRecords() }
        var zstd = Self.message(offset: 0, magic: 1, attributes: 4, key: nil,
                                value: try CompressionCodec.zstd.compress(ByteBuffer(string: "x")).bytes)
        #expect(throws: KafkaProtocolError.self) { try LegacyRecord(from: &zstd).innerRecords() }
        let nestedInner = Self.message(offset: 0, magic: 1, attributes: 1, key: nil, value: [0])
        var nested = Self.message(offset: 0, magic: 1, attributes: 1, key: nil,
                                  value: try CompressionCodec.gzip.compress(nestedInner).bytes)
        #expect(throws: KafkaProtocolError.self) { try LegacyRecord(from: &nested).innerRecords() }
        var garbage = Self.message(offset: 0, magic: 1, attributes: 1, key: nil, value: [1, 2, 3, 4])
        #expect(throws: CompressionError.self) { try LegacyRecord(from: &garbage).innerRecords() }
        // Truncated at every length.
        let good = Self.message(offset: 5, magic: 1, key: [1], value: [2])
        for length in 0..<good.readableBytes {
            var cut = good.getSlice(at: 0, length: length)!
            #expect(throws: KafkaProtocolError.self) { try LegacyRecord(from: &cut) }
        }
    }

    @Test("a log mixing legacy messages and v2 batches walks in order")
    func mixedLog() throws {
        var log = Self.message(offset: 0, magic: 0, key: nil, value: [1])
        var v1 = Self.message(offset: 1, magic: 1, key: nil, value: [2])
        log.writeBuffer(&v1)
        var builder = RecordBatchBuilder(baseOffset: 2)
        try builder.append(key: nil, value: ByteBuffer(bytes: [3]), timestamp: 5)
        try builder.build().write(into: &log)
        var reader = LogEntryReader(log)
        var magics: [Int8] = []
        while let entry = try reader.next() { magics.append(entry.magic) }
        #expect(magics == [0, 1, 2])
        var unknown = Self.message(offset: 0, magic: 0, key: nil, value: [1])
        unknown.setInteger(Int8(7), at: 16)
        var bad = LogEntryReader(unknown)
        #expect(throws: KafkaProtocolError.invalidMagic(7)) { try bad.next() }
    }
}
