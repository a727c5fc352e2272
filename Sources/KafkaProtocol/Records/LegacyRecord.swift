import CZlib
import NIOCore

/// A magic-0 or magic-1 message (`LegacyRecord`, formats.md §3): read-only, for old segments.
///
/// ```
/// offset int64 | size int32 | crc uint32 (CRC-32 over magic .. end) | magic int8 | attributes int8 |
/// [timestamp int64, magic 1 only] | keyLength int32 | key | valueLength int32 | value
/// ```
/// A compressed message is a wrapper whose value holds further complete entries (`innerRecords`).
public struct LegacyRecord: Sendable, Hashable {
    public var offset: Int64
    public var crc: UInt32
    public var magic: Int8
    public var attributes: Int8
    /// nil for magic 0, which has no timestamp.
    public var timestamp: Int64?
    /// nil for magic 0. Inner messages of a LogAppendTime wrapper take the wrapper's time and type.
    public var timestampType: TimestampType?
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    /// The bytes the CRC covers (magic .. end), as stored.
    public var crcCoveredBytes: ByteBuffer

    /// Bytes after the 12-byte log overhead for magic 0 and 1 without key and value.
    public static let recordOverheadV0 = 14
    public static let recordOverheadV1 = 22

    public var sizeInBytes: Int { RecordBatchHeader.logOverhead + 4 + crcCoveredBytes.readableBytes }
    public var compressionCodecBits: Int { Int(attributes & 0x07) }
    public var isCompressed: Bool { compressionCodecBits != 0 }

    /// zlib CRC-32 (IEEE) of the covered bytes.
    public var computedCRC: UInt32 {
        crcCoveredBytes.withUnsafeReadableBytes { raw in
            UInt32(truncatingIfNeeded: crc32(0, raw.bindMemory(to: Bytef.self).baseAddress, uInt(raw.count)))
        }
    }

    public var isValid: Bool { computedCRC == crc }

    public func validate() throws {
        let actual = computedCRC
        guard actual == crc else { throw KafkaProtocolError.crcMismatch(expected: crc, actual: actual) }
    }

    /// Reads one legacy entry at the reader index and moves past it.
    public init(from buffer: inout ByteBuffer, verifyingCRC: Bool = true) throws {
        var entry = buffer
        self.offset = try entry.readKafkaInteger(field: "message offset")
        let size: Int32 = try entry.readKafkaInteger(field: "message size")
        guard size >= Int32(Self.recordOverheadV0) else {
            throw KafkaProtocolError.corruptRecord(
                "Record is corrupt (crc could not be retrieved as the record is too small, size = \(size))")
        }
        var message = try entry.readKafkaSlice(length: Int(size), field: "message")
        self.crc = try message.readKafkaInteger(field: "message crc")
        self.crcCoveredBytes = message
        self.magic = try message.readKafkaInteger(field: "message magic")
        guard magic == 0 || magic == 1 else { throw KafkaProtocolError.invalidMagic(magic) }
        self.attributes = try message.readKafkaInteger(field: "message attributes")
        if magic == 1 {
            guard Int(size) >= Self.recordOverheadV1 else {
                throw KafkaProtocolError.invalidLength(field: "message size", length: Int64(size))
            }
            self.timestamp = try message.readKafkaInteger(field: "message timestamp")
            self.timestampType = attributes & 0x08 != 0 ? .logAppendTime : .createTime
        } else {
            self.timestamp = nil
            self.timestampType = nil
        }
        self.key = try message.readKafkaNullableBytes(compact: false, field: "message key")
        self.value = try message.readKafkaNullableBytes(compact: false, field: "message value")
        guard message.readableBytes == 0 else {
            throw KafkaProtocolError.corruptRecord("\(message.readableBytes) bytes left after the message value")
        }
        if verifyingCRC { try validate() }
        buffer = entry
    }

    /// The messages this entry stands for: itself when uncompressed, otherwise the inner messages
    /// of the wrapper with absolute offsets (`AbstractLegacyRecordBatch.DeepRecordsIterator`).
    public func innerRecords(maxUncompressedSize: Int = CompressionCodec.defaultMaxDecompressedSize) throws -> [LegacyRecord] {
        guard isCompressed else { return [self] }
        let codec = try CompressionCodec(attributeBits: compressionCodecBits)
        guard codec != .zstd else { throw KafkaProtocolError.unsupportedCompression(Int(codec.rawValue)) }
        guard let value else {
            throw KafkaProtocolError.corruptRecord("Found invalid compressed record set with null value")
        }
        var data = try codec.decompress(
            value, maxDecompressedSize: maxUncompressedSize, legacyLZ4HeaderChecksum: magic == 0)
        var inner: [LegacyRecord] = []
        while data.readableBytes > 0 {
            let record = try LegacyRecord(from: &data, verifyingCRC: true)
            guard !record.isCompressed else {
                throw KafkaProtocolError.corruptRecord("Compressed outer record should not have an inner record with a compression attribute set")
            }
            guard record.magic == magic else {
                throw KafkaProtocolError.corruptRecord("Compressed message magic \(magic) has an inner message with magic \(record.magic)")
            }
            inner.append(record)
        }
        guard let lastInnerOffset = inner.last?.offset else {
            throw KafkaProtocolError.corruptRecord("Found invalid compressed record set with no inner records")
        }
        if magic == 1 {
            // Inner offsets are relative; the wrapper carries the absolute offset of the last one.
            let base = offset - lastInnerOffset
            guard base >= 0 || offset == 0 else {
                throw KafkaProtocolError.corruptRecord(
                    "Found invalid wrapper offset in compressed v1 message set, wrapper offset '\(offset)' is less than the last inner message offset '\(lastInnerOffset)' and it is not zero")
            }
            let logAppend = timestampType == .logAppendTime
            for i in inner.indices {
                if offset != 0 { inner[i].offset = base + inner[i].offset }
                if logAppend {
                    inner[i].timestamp = timestamp
                    inner[i].timestampType = .logAppendTime
                }
            }
        }
        return inner
    }
}
