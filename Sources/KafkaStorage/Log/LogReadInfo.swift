import KafkaProtocol
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an append wrote (`LogAppendInfo`).
public struct LogAppendInfo: Hashable, Sendable {
    public var firstOffset: Int64
    public var lastOffset: Int64
    /// Largest batch max timestamp of the append, and the last offset of that batch.
    public var maxTimestamp: Int64
    public var offsetOfMaxTimestamp: Int64
    public var batchCount: Int
    public var validBytes: Int
    public var logStartOffset: Int64
}

/// A byte range of whole batches in one segment file, ready for `sendfile` (`FetchDataInfo`).
/// `file` stays open while this value lives, even if the log rolls or deletes the segment.
public struct LogReadSlice: Sendable {
    public var file: StorageFile
    public var segmentBaseOffset: Int64
    public var position: Int
    public var length: Int
    /// The offset the read was asked for and the base offset of the first batch returned.
    public var fetchOffset: Int64
    public var firstBatchBaseOffset: Int64?

    public var isEmpty: Bool { length == 0 }

    /// Slices at least this long have their range read ahead before `sendfile`.
    static let readAheadThreshold = 256 * 1024

    /// The bytes, read with `pread`.
    public func readBytes() throws -> ByteBuffer { try file.read(at: position, count: length) }

    /// A `FileRegion` over the slice for `sendfile`, on a duplicate of the segment's descriptor.
    /// The caller owns the returned handle and closes it once the region has been written.
    public func makeFileRegion() throws -> (handle: NIOFileHandle, region: FileRegion) {
        let duplicate = dup(file.descriptor)
        guard duplicate >= 0 else { throw StorageIOError(operation: "dup", path: file.openedPath, errno: errno) }
        let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: duplicate)
        if length >= Self.readAheadThreshold {
            // Large appends bypass the page cache (`SegmentAppendWriter`), so a big read of them
            // comes from the disk: ask for the whole range at once rather than letting sendfile
            // wait on one readahead window after another.
            _ = posix_fadvise(duplicate, off_t(position), off_t(length), POSIX_FADV_WILLNEED)
        }
        return (handle, FileRegion(fileHandle: handle, readerIndex: position, endIndex: position + length))
    }
}

/// The result of a lookup by timestamp (`TimestampAndOffset`).
public struct TimestampAndOffset: Hashable, Sendable {
    public var timestamp: Int64
    public var offset: Int64
    /// The partition leader epoch of the batch, if it has one.
    public var leaderEpoch: Int32?
}

/// Where a batch lives: the answer of an offset lookup.
public struct LogBatchLocation: Hashable, Sendable {
    public var segmentBaseOffset: Int64
    public var position: Int
    public var header: RecordBatchHeader
}
