import NIOCore

/// The contents of an offset index (`.index`): 8-byte entries of relative offset int32 and byte
/// position int32. A value type so `dump-log` can read one offline; the log keeps one per segment
/// and mirrors each append into the file (`SegmentIndexFile`).
public struct OffsetIndex: Sendable, Equatable {
    public static let entrySize = 8

    public let baseOffset: Int64
    /// Path used in Kafka's error texts (absolute, like `File.getAbsolutePath`).
    public var path: String
    /// The file's length in bytes when it was read; preallocated files are longer than the entries.
    public var fileLength: Int
    private var relativeOffsets: [Int32]
    private var positions: [Int32]

    /// An empty index.
    public init(baseOffset: Int64, path: String = "", fileLength: Int = 0) {
        self.baseOffset = baseOffset
        self.path = path
        self.fileLength = fileLength
        self.relativeOffsets = []
        self.positions = []
    }

    /// Parses index bytes: every whole 8-byte slot is an entry, as Kafka counts `length / 8`
    /// when it opens an existing file (trailing zero slots of an untrimmed file included).
    public init(parsing buffer: ByteBuffer, baseOffset: Int64, path: String = "") {
        self.init(baseOffset: baseOffset, path: path, fileLength: buffer.readableBytes)
        let count = buffer.readableBytes / Self.entrySize
        relativeOffsets.reserveCapacity(count)
        positions.reserveCapacity(count)
        buffer.withUnsafeReadableBytes { raw in
            for slot in 0..<count {
                let at = slot * Self.entrySize
                relativeOffsets.append(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self)))
                positions.append(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: at + 4, as: Int32.self)))
            }
        }
    }

    /// Reads the index file at `path`; `baseOffset` defaults to the offset in the file name.
    public static func read(path: String, baseOffset: Int64? = nil) throws -> OffsetIndex {
        let base: Int64
        if let baseOffset { base = baseOffset } else { base = try LogFileNames.offset(fromFileName: path) }
        return OffsetIndex(parsing: try StorageFile.readAll(path: path), baseOffset: base,
                           path: StorageFile.absolutePath(path))
    }

    public var count: Int { relativeOffsets.count }
    public var isEmpty: Bool { relativeOffsets.isEmpty }
    /// Bytes the entries occupy (`sizeInBytes`).
    public var sizeInBytes: Int { count * Self.entrySize }

    public func entry(_ slot: Int) -> OffsetPosition {
        OffsetPosition(offset: baseOffset &+ Int64(relativeOffsets[slot]), position: positions[slot])
    }

    public var entries: [OffsetPosition] { (0..<count).map(entry) }

    /// The last entry's offset, or the base offset when empty (`OffsetIndex.lastOffset`).
    public var lastOffset: Int64 { isEmpty ? baseOffset : entry(count - 1).offset }

    /// Kafka's `OffsetIndex.sanityCheck`, with its exception text.
    public func sanityCheck() throws(CorruptIndexError) {
        if count != 0 && lastOffset < baseOffset {
            throw CorruptIndexError(
                "Corrupt index found, index file \(path) has non-zero size but the last offset is \(lastOffset)"
                    + " which is less than the base offset \(baseOffset)")
        }
        if fileLength % Self.entrySize != 0 {
            throw CorruptIndexError(
                "Index file \(path) is corrupt, found \(fileLength) bytes which is neither positive nor a multiple of \(Self.entrySize)")
        }
    }

    /// The entry with the largest offset ≤ `target`, or (baseOffset, 0) when there is none.
    public func lookup(_ target: Int64) -> OffsetPosition {
        let slot = largestLowerBoundSlot(count: count, target: target) { baseOffset &+ Int64(relativeOffsets[$0]) }
        return slot < 0 ? OffsetPosition(offset: baseOffset, position: 0) : entry(slot)
    }

    /// Adds an entry in memory; the caller writes `Self.encode` to the file. Offsets must grow.
    mutating func append(offset: Int64, position: Int32) {
        relativeOffsets.append(Int32(truncatingIfNeeded: offset &- baseOffset))
        positions.append(position)
    }

    /// Drops entries with offset ≥ `offset` (`OffsetIndex.truncateTo`); returns the new count.
    @discardableResult
    mutating func truncate(to offset: Int64) -> Int {
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
        relativeOffsets.removeSubrange(keep...)
        positions.removeSubrange(keep...)
    }

    /// The 8 bytes of one entry.
    static func encode(relativeOffset: Int32, position: Int32) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(entrySize)
        withUnsafeBytes(of: relativeOffset.bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: position.bigEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// All entries as file bytes.
    public func encoded() -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(sizeInBytes)
        for slot in 0..<count { bytes += Self.encode(relativeOffset: relativeOffsets[slot], position: positions[slot]) }
        return bytes
    }
}
