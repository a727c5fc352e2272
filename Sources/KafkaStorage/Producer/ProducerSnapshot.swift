import KafkaProtocol
import NIOCore

/// One producer in a `.snapshot` file (schema `ProducerSnapshot.json`, version 1).
public struct ProducerSnapshotEntry: Hashable, Sendable {
    public var producerId: Int64
    public var epoch: Int16
    /// Sequence of the last record of the producer's last data batch (-1 if none).
    public var lastSequence: Int32
    /// Last offset of the producer's last data batch (-1 if none).
    public var lastOffset: Int64
    /// lastOffset − first offset of that batch, which is also its sequence span.
    public var offsetDelta: Int32
    /// Max timestamp of the producer's last write (data or marker).
    public var timestamp: Int64
    public var coordinatorEpoch: Int32
    /// First offset of the open transaction, -1 if none.
    public var currentTxnFirstOffset: Int64

    public init(producerId: Int64, epoch: Int16, lastSequence: Int32, lastOffset: Int64, offsetDelta: Int32,
                timestamp: Int64, coordinatorEpoch: Int32, currentTxnFirstOffset: Int64) {
        self.producerId = producerId
        self.epoch = epoch
        self.lastSequence = lastSequence
        self.lastOffset = lastOffset
        self.offsetDelta = offsetDelta
        self.timestamp = timestamp
        self.coordinatorEpoch = coordinatorEpoch
        self.currentTxnFirstOffset = currentTxnFirstOffset
    }

    /// `lastSequence − offsetDelta`, what `dump-log` prints as firstSequence.
    public var firstSequence: Int32 { lastSequence &- offsetDelta }

    static let size = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8
}

/// Thrown for an unreadable `.snapshot`; `message` is Kafka's `CorruptSnapshotException` text.
public struct CorruptSnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A producer-state snapshot file (`ProducerStateManager.readSnapshot` / `writeSnapshot`):
/// version int16 (1), crc uint32 = CRC-32C of every byte after it, int32 count, entries.
public struct ProducerSnapshot: Hashable, Sendable {
    public static let version: Int16 = 1
    static let entriesOffset = 6

    public var entries: [ProducerSnapshotEntry]

    public init(entries: [ProducerSnapshotEntry]) { self.entries = entries }

    /// Parses snapshot bytes in Kafka's order: schema first, then version, then CRC.
    public init(parsing bytes: ByteBuffer) throws(CorruptSnapshotError) {
        var buffer = bytes
        func underflow(_ field: String) -> CorruptSnapshotError {
            CorruptSnapshotError("Snapshot failed schema validation: Error reading field '\(field)': java.nio.BufferUnderflowException")
        }
        guard let version = buffer.readInteger(endianness: .big, as: Int16.self) else { throw underflow("version") }
        guard let crc = buffer.readInteger(endianness: .big, as: UInt32.self) else { throw underflow("crc") }
        guard let count = buffer.readInteger(endianness: .big, as: Int32.self) else { throw underflow("producer_entries") }
        if count < 0 {
            throw CorruptSnapshotError(
                "Snapshot failed schema validation: Error reading field 'producer_entries': Array size \(count) cannot be negative")
        }
        if Int(count) > buffer.readableBytes {
            throw CorruptSnapshotError(
                "Snapshot failed schema validation: Error reading field 'producer_entries': Error reading array of size \(count), only \(buffer.readableBytes) bytes available")
        }
        var entries: [ProducerSnapshotEntry] = []
        entries.reserveCapacity(Int(count))
        for _ in 0..<Int(count) {
            func missing(_ field: String) -> CorruptSnapshotError {
                CorruptSnapshotError(
                    "Snapshot failed schema validation: Error reading field 'producer_entries': Error reading field '\(field)': java.nio.BufferUnderflowException")
            }
            guard let producerId = buffer.readInteger(endianness: .big, as: Int64.self) else { throw missing("producer_id") }
            guard let epoch = buffer.readInteger(endianness: .big, as: Int16.self) else { throw missing("epoch") }
            guard let lastSequence = buffer.readInteger(endianness: .big, as: Int32.self) else { throw missing("last_sequence") }
            guard let lastOffset = buffer.readInteger(endianness: .big, as: Int64.self) else { throw missing("last_offset") }
            guard let offsetDelta = buffer.readInteger(endianness: .big, as: Int32.self) else { throw missing("offset_delta") }
            guard let timestamp = buffer.readInteger(endianness: .big, as: Int64.self) else { throw missing("timestamp") }
            guard let coordinatorEpoch = buffer.readInteger(endianness: .big, as: Int32.self) else { throw missing("coordinator_epoch") }
            guard let txnFirst = buffer.readInteger(endianness: .big, as: Int64.self) else { throw missing("current_txn_first_offset") }
            entries.append(ProducerSnapshotEntry(
                producerId: producerId, epoch: epoch, lastSequence: lastSequence, lastOffset: lastOffset,
                offsetDelta: offsetDelta, timestamp: timestamp, coordinatorEpoch: coordinatorEpoch,
                currentTxnFirstOffset: txnFirst))
        }
        if version != Self.version {
            throw CorruptSnapshotError("Snapshot contained an unknown file version \(version)")
        }
        let computed = bytes.withUnsafeReadableBytes { raw in
            CRC32C.update(0, UnsafeRawBufferPointer(rebasing: raw[Self.entriesOffset...]))
        }
        if crc != computed {
            throw CorruptSnapshotError("Snapshot is corrupt (CRC is no longer valid). Stored crc: \(crc). Computed crc: \(computed)")
        }
        self.entries = entries
    }

    public static func read(path: String) throws -> ProducerSnapshot {
        try ProducerSnapshot(parsing: try StorageFile.readAll(path: path))
    }

    /// The file bytes, entries in the given order (the log writes them sorted by producer id).
    public func encoded() -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 10 + entries.count * ProducerSnapshotEntry.size)
        buffer.writeInteger(Self.version, endianness: .big)
        buffer.writeInteger(UInt32(0), endianness: .big)
        buffer.writeInteger(Int32(entries.count), endianness: .big)
        for e in entries {
            buffer.writeInteger(e.producerId, endianness: .big)
            buffer.writeInteger(e.epoch, endianness: .big)
            buffer.writeInteger(e.lastSequence, endianness: .big)
            buffer.writeInteger(e.lastOffset, endianness: .big)
            buffer.writeInteger(e.offsetDelta, endianness: .big)
            buffer.writeInteger(e.timestamp, endianness: .big)
            buffer.writeInteger(e.coordinatorEpoch, endianness: .big)
            buffer.writeInteger(e.currentTxnFirstOffset, endianness: .big)
        }
        let crc = buffer.withUnsafeReadableBytes { raw in
            CRC32C.update(0, UnsafeRawBufferPointer(rebasing: raw[Self.entriesOffset...]))
        }
        buffer.setInteger(crc, at: 2, endianness: .big)
        return buffer
    }
}
