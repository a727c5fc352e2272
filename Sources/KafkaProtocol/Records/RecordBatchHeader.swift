import NIOCore

/// The fixed 61-byte header of a magic-2 record batch (`DefaultRecordBatch`), readable without
/// touching the records. Offsets of each field are Kafka's.
///
/// ```
/// baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
/// attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
/// producerId int64 | producerEpoch int16 | baseSequence int32 | recordsCount int32
/// ```
/// The CRC covers everything from `attributes` to the end of the batch.
public struct RecordBatchHeader: Hashable, Sendable {
    public static let size = 61
    /// baseOffset + batchLength: the bytes not counted by batchLength.
    public static let logOverhead = 12
    public static let magicOffset = 16
    public static let crcOffset = 17
    public static let attributesOffset = 21
    public static let partitionLeaderEpochOffset = 12

    public var baseOffset: Int64
    public var batchLength: Int32
    public var partitionLeaderEpoch: Int32
    public var magic: Int8
    public var crc: UInt32
    public var attributes: Int16
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    public var producerId: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var recordsCount: Int32

    public init(
        baseOffset: Int64, batchLength: Int32, partitionLeaderEpoch: Int32, magic: Int8 = 2, crc: UInt32,
        attributes: Int16, lastOffsetDelta: Int32, baseTimestamp: Int64, maxTimestamp: Int64,
        producerId: Int64, producerEpoch: Int16, baseSequence: Int32, recordsCount: Int32
    ) {
        self.baseOffset = baseOffset
        self.batchLength = batchLength
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.magic = magic
        self.crc = crc
        self.attributes = attributes
        self.lastOffsetDelta = lastOffsetDelta
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordsCount = recordsCount
    }

    /// Total bytes of the batch on disk / on the wire, header included.
    public var totalSize: Int { Int(batchLength) + Self.logOverhead }
    public var lastOffset: Int64 { baseOffset + Int64(lastOffsetDelta) }
    public var nextOffset: Int64 { lastOffset + 1 }

    // Attribute bits (`DefaultRecordBatch`).
    public var compressionCodec: Int { Int(attributes & 0x07) }
    public var isLogAppendTime: Bool { attributes & 0x08 != 0 }
    public var isTransactional: Bool { attributes & 0x10 != 0 }
    public var isControl: Bool { attributes & 0x20 != 0 }
    public var hasDeleteHorizon: Bool { attributes & 0x40 != 0 }

    /// Reads the header at `index` of `buffer` without moving any index. Throws `truncated` if
    /// fewer than 61 bytes are there, `invalidMagic` if the magic byte is not 2. Does not check
    /// the CRC or that the whole batch is present.
    public init(peekingAt index: Int, in buffer: ByteBuffer) throws {
        guard index >= buffer.readerIndex, buffer.writerIndex - index >= Self.size else {
            throw KafkaProtocolError.truncated(
                field: "record batch header", needed: Self.size, available: max(0, buffer.writerIndex - index))
        }
        func i64(_ o: Int) -> Int64 { buffer.getInteger(at: index + o, endianness: .big, as: Int64.self)! }
        func i32(_ o: Int) -> Int32 { buffer.getInteger(at: index + o, endianness: .big, as: Int32.self)! }
        func i16(_ o: Int) -> Int16 { buffer.getInteger(at: index + o, endianness: .big, as: Int16.self)! }
        let magic = buffer.getInteger(at: index + Self.magicOffset, as: Int8.self)!
        guard magic == 2 else { throw KafkaProtocolError.invalidMagic(magic) }
        self.init(
            baseOffset: i64(0), batchLength: i32(8), partitionLeaderEpoch: i32(12), magic: magic,
            crc: buffer.getInteger(at: index + Self.crcOffset, endianness: .big, as: UInt32.self)!,
            attributes: i16(21), lastOffsetDelta: i32(23), baseTimestamp: i64(27), maxTimestamp: i64(35),
            producerId: i64(43), producerEpoch: i16(51), baseSequence: i32(53), recordsCount: i32(57))
    }

    /// Writes the 61 header bytes as they are (the CRC field is written as stored).
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(baseOffset, endianness: .big)
        buffer.writeInteger(batchLength, endianness: .big)
        buffer.writeInteger(partitionLeaderEpoch, endianness: .big)
        buffer.writeInteger(magic)
        buffer.writeInteger(crc, endianness: .big)
        buffer.writeInteger(attributes, endianness: .big)
        buffer.writeInteger(lastOffsetDelta, endianness: .big)
        buffer.writeInteger(baseTimestamp, endianness: .big)
        buffer.writeInteger(maxTimestamp, endianness: .big)
        buffer.writeInteger(producerId, endianness: .big)
        buffer.writeInteger(producerEpoch, endianness: .big)
        buffer.writeInteger(baseSequence, endianness: .big)
        buffer.writeInteger(recordsCount, endianness: .big)
    }

    /// CRC-32C over bytes [attributes, end of batch) of the batch starting at `index`.
    /// The caller must make sure the whole batch (`totalSize` bytes) is readable.
    public static func computeCRC(ofBatchAt index: Int, totalSize: Int, in buffer: ByteBuffer) -> UInt32 {
        let start = index + attributesOffset
        let length = totalSize - attributesOffset
        return buffer.withUnsafeReadableBytes { raw in
            let base = start - buffer.readerIndex
            return CRC32C.update(0, UnsafeRawBufferPointer(rebasing: raw[base..<(base + length)]))
        }
    }
}
