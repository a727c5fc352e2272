import NIOCore

/// One entry of a `.log` file or a Fetch `records` field: a magic-2 batch or a legacy message.
public enum LogEntry: Sendable, Hashable {
    case batch(RecordBatch)
    case legacy(LegacyRecord)

    public var sizeInBytes: Int {
        switch self {
        case let .batch(batch): return batch.sizeInBytes
        case let .legacy(record): return record.sizeInBytes
        }
    }

    public var magic: Int8 {
        switch self {
        case .batch: return 2
        case let .legacy(record): return record.magic
        }
    }
}

/// Walks entries back to back (`FileLogInputStream`): reads offset, size and magic (17 bytes),
/// then the whole entry. Stops without error when fewer than 17 bytes remain or the declared
/// size runs past the end — a Fetch response may end with a cut batch — and reports those
/// bytes in `truncatedTailBytes`. A size below the smallest legacy message is corruption.
public struct LogEntryReader: Sendable {
    /// Kafka's `HEADER_SIZE_UP_TO_MAGIC`.
    public static let headerSizeUpToMagic = 17
    /// The smallest entry size (`LegacyRecord.RECORD_OVERHEAD_V0`).
    public static let minimumEntrySize: Int32 = 14

    public private(set) var buffer: ByteBuffer
    public let verifyingCRC: Bool
    /// Position of the next entry, counted from the reader index of the buffer given to `init`.
    public private(set) var position = 0
    /// Bytes left at the end that do not form a whole entry (0 until the end is reached).
    public private(set) var truncatedTailBytes = 0

    public init(_ buffer: ByteBuffer, verifyingCRC: Bool = true) {
        self.buffer = buffer
        self.verifyingCRC = verifyingCRC
    }

    /// The next entry, or nil at the end (including a partial trailing entry).
    public mutating func next() throws -> LogEntry? {
        let available = buffer.readableBytes
        guard available >= Self.headerSizeUpToMagic,
              let size = buffer.getInteger(at: buffer.readerIndex + 8, endianness: .big, as: Int32.self),
              let magic = buffer.getInteger(at: buffer.readerIndex + RecordBatchHeader.magicOffset, as: Int8.self)
        else {
            truncatedTailBytes = available
            return nil
        }
        guard size >= Self.minimumEntrySize else {
            throw KafkaProtocolError.corruptRecord(
                "Found record size \(size) smaller than minimum record overhead (\(Self.minimumEntrySize)) at position \(position)")
        }
        guard Int(size) + RecordBatchHeader.logOverhead <= available else {
            truncatedTailBytes = available
            return nil
        }
        let entry: LogEntry
        switch magic {
        case 2: entry = .batch(try RecordBatch(from: &buffer, verifyingCRC: verifyingCRC))
        case 0, 1: entry = .legacy(try LegacyRecord(from: &buffer, verifyingCRC: verifyingCRC))
        default: throw KafkaProtocolError.invalidMagic(magic)
        }
        position += entry.sizeInBytes
        return entry
    }
}

/// `LogEntryReader` for data that must be magic 2 only (Produce, Fetch from 4.0 brokers, our logs).
public struct RecordBatchReader: Sendable {
    public private(set) var entries: LogEntryReader

    public init(_ buffer: ByteBuffer, verifyingCRC: Bool = true) {
        self.entries = LogEntryReader(buffer, verifyingCRC: verifyingCRC)
    }

    public var position: Int { entries.position }
    public var truncatedTailBytes: Int { entries.truncatedTailBytes }

    /// The next batch, nil at the end; throws `invalidMagic` for a legacy message.
    public mutating func next() throws -> RecordBatch? {
        switch try entries.next() {
        case nil: return nil
        case let .batch(batch)?: return batch
        case let .legacy(record)?: throw KafkaProtocolError.invalidMagic(record.magic)
        }
    }

    /// All whole batches in `buffer`.
    public static func decodeAll(_ buffer: ByteBuffer, verifyingCRC: Bool = true) throws -> [RecordBatch] {
        var reader = RecordBatchReader(buffer, verifyingCRC: verifyingCRC)
        var batches: [RecordBatch] = []
        while let batch = try reader.next() { batches.append(batch) }
        return batches
    }
}
