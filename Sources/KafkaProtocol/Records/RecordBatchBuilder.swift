import NIOCore

/// Builds one magic-2 batch the way `MemoryRecordsBuilder` does: records are appended with
/// consecutive offset deltas, baseTimestamp is the first record's timestamp (or the delete
/// horizon), and `build()` fills in lastOffsetDelta, maxTimestamp, count, compression and CRC.
public struct RecordBatchBuilder: Sendable {
    public var baseOffset: Int64
    public var compression: CompressionCodec
    public var timestampType: TimestampType
    /// With LogAppendTime, the broker's append time; it becomes maxTimestamp.
    public var logAppendTime: Int64?
    public var producerId: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var isTransactional: Bool
    public var isControl: Bool
    public var partitionLeaderEpoch: Int32
    public var deleteHorizonMs: Int64?
    /// Compression level passed to the codec; nil uses Kafka's defaults (gzip 6, zstd 3).
    public var compressionLevel: Int32?

    private var records: ByteBuffer
    private let allocator: ByteBufferAllocator
    public private(set) var recordCount: Int32 = 0
    public private(set) var baseTimestamp: Int64?
    public private(set) var maxTimestamp: Int64 = -1
    public private(set) var lastOffsetDelta: Int32 = -1

    public init(
        baseOffset: Int64 = 0, compression: CompressionCodec = .none, timestampType: TimestampType = .createTime,
        logAppendTime: Int64? = nil, producerId: Int64 = -1, producerEpoch: Int16 = -1, baseSequence: Int32 = -1,
        isTransactional: Bool = false, isControl: Bool = false, partitionLeaderEpoch: Int32 = -1,
        deleteHorizonMs: Int64? = nil, compressionLevel: Int32? = nil, initialCapacity: Int = 1024,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) {
        self.baseOffset = baseOffset
        self.compression = compression
        self.timestampType = timestampType
        self.logAppendTime = logAppendTime
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.isTransactional = isTransactional
        self.isControl = isControl
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.deleteHorizonMs = deleteHorizonMs
        self.compressionLevel = compressionLevel
        self.allocator = allocator
        self.records = allocator.buffer(capacity: initialCapacity)
        if let deleteHorizonMs { self.baseTimestamp = deleteHorizonMs }
    }

    /// Uncompressed size of the batch so far (header + records).
    public var estimatedSizeInBytes: Int { RecordBatchHeader.size + records.readableBytes }
    public var isEmpty: Bool { recordCount == 0 }

    /// Appends a record at the next offset (or at `offsetDelta`, which must grow).
    public mutating func append<Headers: Collection<RecordHeader>>(
        key: ByteBuffer?, value: ByteBuffer?, headers: Headers, timestamp: Int64, offsetDelta: Int32? = nil
    ) throws {
        let delta = offsetDelta ?? (lastOffsetDelta &+ 1)
        guard delta > lastOffsetDelta else {
            throw KafkaProtocolError.unencodable(
                field: "offsetDelta", reason: "\(delta) is not greater than the last delta \(lastOffsetDelta)")
        }
        // Lengths are int32 varints on the wire; refuse what cannot be written rather than trap.
        var payload = (key?.readableBytes ?? 0) + (value?.readableBytes ?? 0)
        for header in headers { payload += header.keyBytes.readableBytes + (header.value?.readableBytes ?? 0) }
        guard payload <= Int(Int32.max) - 1 << 20, records.readableBytes + payload <= Int(Int32.max) - 1 << 20 else {
            throw KafkaProtocolError.unencodable(field: "record", reason: "\(payload) bytes do not fit in a record batch")
        }
        let base: Int64
        if let existing = baseTimestamp {
            base = existing
        } else {
            base = timestamp
            baseTimestamp = timestamp
        }
        Record.write(
            offsetDelta: delta, timestampDelta: timestamp &- base, key: key, value: value, headers: headers,
            into: &records)
        recordCount += 1
        lastOffsetDelta = delta
        maxTimestamp = max(maxTimestamp, timestamp)
    }

    public mutating func append(key: ByteBuffer?, value: ByteBuffer?, timestamp: Int64, offsetDelta: Int32? = nil) throws {
        try append(key: key, value: value, headers: EmptyCollection<RecordHeader>(), timestamp: timestamp, offsetDelta: offsetDelta)
    }

    /// The attributes int16 for the configured flags.
    public var attributes: Int16 {
        var bits = Int16(compression.rawValue)
        if timestampType == .logAppendTime { bits |= 0x08 }
        if isTransactional { bits |= 0x10 }
        if isControl { bits |= 0x20 }
        if deleteHorizonMs != nil { bits |= 0x40 }
        return bits
    }

    /// The finished batch. Compresses the records if a codec is set; the builder stays usable.
    public func build() throws -> RecordBatch {
        let payload = try compression.compress(records, level: compressionLevel, allocator: allocator)
        let batchMaxTimestamp: Int64 = timestampType == .logAppendTime ? (logAppendTime ?? maxTimestamp) : maxTimestamp
        let header = RecordBatchHeader(
            baseOffset: baseOffset, batchLength: 0, partitionLeaderEpoch: partitionLeaderEpoch, magic: 2, crc: 0,
            attributes: attributes, lastOffsetDelta: max(lastOffsetDelta, 0), baseTimestamp: baseTimestamp ?? -1,
            maxTimestamp: batchMaxTimestamp, producerId: producerId, producerEpoch: producerEpoch, baseSequence: baseSequence,
            recordsCount: recordCount)
        var batch = RecordBatch(header: header, recordsPayload: payload)
        batch.updateCRC()
        return batch
    }
}
