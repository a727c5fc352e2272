import NIOCore

/// The contents of a time index (`.timeindex`): 12-byte entries of timestamp int64 and relative
/// offset int32. Timestamps never decrease within a file.
public struct TimeIndex: Sendable, Equatable {
    public static let entrySize = 12

    public let baseOffset: Int64
    public var path: String
    public var fileLength: Int
    private var timestamps: [Int64]
    private var relativeOffsets: [Int32]

    public init(baseOffset: Int64, path: String = "", fileLength: Int = 0) {
        self.baseOffset = baseOffset
        self.path = path
        self.fileLength = fileLength
        self.timestamps = []
        self.relativeOffsets = []
    }

    /// Parses index bytes; every whole 12-byte slot is an entry (see `OffsetIndex.init(parsing:)`).
    public init(parsing buffer: ByteBuffer, baseOffset: Int64, path: String = "") {
        self.init(baseOffset: baseOffset, path: path, fileLength: buffer.readableBytes)
        let count = buffer.readableBytes / Self.entrySize
        timestamps.reserveCapacity(count)
        relativeOffsets.reserveCapacity(count)
        buffer.withUnsafeReadableBytes { raw in
            for slot in 0..<count {
                let at = slot * Self.entrySize
                timestamps.append(Int64(bigEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self)))
                relativeOffsets.append(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: at + 8, as: Int32.self)))
            }
        }
    }

    public static func read(path: String, baseOffset: Int64? = nil) throws -> TimeIndex {
        let base: Int64
        if let baseOffset { base = baseOffset } else { base = try LogFileNames.offset(fromFileName: path) }
        return TimeIndex(parsing: try StorageFile.readAll(path: path), baseOffset: base,
                         path: StorageFile.absolutePath(path))
    }

    public var count: Int { timestamps.count }
    public var isEmpty: Bool { timestamps.isEmpty }
    public var sizeInBytes: Int { count * Self.entrySize }

    public func entry(_ slot: Int) -> TimestampOffset {
        TimestampOffset(timestamp: timestamps[slot], offset: baseOffset &+ Int64(relativeOffsets[slot]))
    }

    public var entries: [TimestampOffset] { (0..<count).map(entry) }

    /// The last entry, or (NO_TIMESTAMP, baseOffset) when empty (`TimeIndex.lastEntry`).
    public var lastEntry: TimestampOffset {
        isEmpty ? TimestampOffset(timestamp: TimestampOffset.noTimestamp, offset: baseOffset) : entry(count - 1)
    }

    /// Kafka's `TimeIndex.sanityCheck`, with its exception texts.
    public func sanityCheck() throws(CorruptIndexError) {
        let last = lastEntry
        if count != 0 && last.timestamp < timestamps[0] {
            throw CorruptIndexError(
                "Corrupt time index found, time index file (\(path)) has non-zero size but the last timestamp is "
                    + "\(last.timestamp) which is less than the first timestamp \(timestamps[0])")
        }
        if count != 0 && last.offset < baseOffset {
            throw CorruptIndexError(
                "Corrupt time index found, time index file (\(path)) has non-zero size but the last offset is "
                    + "\(last.offset) which is less than the first offset \(baseOffset)")
        }
        if fileLength % Self.entrySize != 0 {
            throw CorruptIndexError(
                "Time index file \(path) is corrupt, found \(fileLength) bytes which is neither positive nor a multiple of \(Self.entrySize)")
        }
    }

    /// The entry with the largest timestamp ≤ `target`, or (NO_TIMESTAMP, baseOffset).
    public func lookup(_ target: Int64) -> TimestampOffset {
        let slot = largestLowerBoundSlot(count: count, target: target) { timestamps[$0] }
        return slot < 0 ? TimestampOffset(timestamp: TimestampOffset.noTimestamp, offset: baseOffset) : entry(slot)
    }

    /// `TimeIndex.maybeAppend`: adds (timestamp, offset) only if the timestamp is larger than the
    /// last one. Returns whether an entry was added (the caller then writes it to the file).
    mutating func maybeAppend(timestamp: Int64, offset: Int64) -> Bool {
        guard timestamp > lastEntry.timestamp else { return false }
        timestamps.append(timestamp)
        relativeOffsets.append(Int32(truncatingIfNeeded: offset &- baseOffset))
        return true
    }

    /// Drops entries whose offset ≥ `offset` (`TimeIndex.truncateTo`); returns the new count.
    @discardableResult
    mutating func truncate(to offset: Int64) -> Int {
        // Offsets in a time index grow too, so the same search works on them.
        let slot = largestLowerBoundSlot(count: count, target: offset) { baseOffset &+ Int64(relativeOffsets[$0]) }
        let keep: Int
        if slot < 0 {
            keep = 0
        } else if baseOffset &+ Int64(relativeOffsets[slot]) == offset {
            keep = slot
        } else {
            keep = slot + 1
        }
        truncate(entries: keep)
        return keep
    }

    mutating func truncate(entries keep: Int) {
        timestamps.removeSubrange(keep...)
        relativeOffsets.removeSubrange(keep...)
    }

    static func encode(timestamp: Int64, relativeOffset: Int32) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(entrySize)
        withUnsafeBytes(of: timestamp.bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: relativeOffset.bigEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    static func encode(_ entry: TimestampOffset, baseOffset: Int64) -> [UInt8] {
        encode(timestamp: entry.timestamp, relativeOffset: Int32(truncatingIfNeeded: entry.offset &- baseOffset))
    }

    public func encoded() -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(sizeInBytes)
        for slot in 0..<count { bytes += Self.encode(timestamp: timestamps[slot], relativeOffset: relativeOffsets[slot]) }
        return bytes
    }
}
