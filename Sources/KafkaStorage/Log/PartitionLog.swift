import KafkaProtocol
import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The log of one partition replica in `<log.dir>/<topic>-<partition>` (`UnifiedLog` + `LocalLog`):
/// segments, sparse indexes, producer state, leader epochs, retention and recovery.
///
/// Thread safety: every public member takes the log's lock, so a `PartitionLog` may be shared;
/// callers still serialise appends to one partition (one serial context at a time) for speed.
/// All mutable state below is only touched with `lock` held, hence `@unchecked Sendable`.
public final class PartitionLog: @unchecked Sendable {
    public let directory: String
    public let topic: String
    public let partition: Int32

    let lock = NIOLock()
    let clock: @Sendable () -> Int64
    var config: LogConfig
    /// Sorted by base offset; never empty while open. The last one is active.
    var segments: [LogSegment] = []
    var logStartOffsetValue: Int64 = 0
    var highWatermarkValue: Int64 = 0
    var recoveryPointValue: Int64 = 0
    var producerState = ProducerStateManager()
    var epochCache = LeaderEpochCache()
    var topicIdValue: KafkaUUID?
    /// Files renamed `.deleted`, removed once their time comes (`file.delete.delay.ms`).
    var pendingDeletes: [(deadline: Int64, paths: [String])] = []
    var isClosed = false

    /// The system wall clock in milliseconds.
    public static let wallClock: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Opens (creating if needed) the partition directory.
    ///
    /// - Parameters:
    ///   - hadCleanShutdown: the log dir's `.kafka_cleanshutdown` was present. If false, every
    ///     segment from the one holding `recoveryPoint` on is validated batch by batch and cut
    ///     at the first torn or corrupt batch; later segments are deleted.
    ///   - logStartOffset: from `log-start-offset-checkpoint` (0 if none).
    ///   - recoveryPoint: from `recovery-point-offset-checkpoint` (0 if none).
    ///   - topicId: written to `partition.metadata` if it has none; must match if it has one.
    public init(directory: String, config: LogConfig = LogConfig(), topicId: KafkaUUID? = nil,
                logStartOffset: Int64 = 0, recoveryPoint: Int64 = 0, hadCleanShutdown: Bool = true,
                clock: @escaping @Sendable () -> Int64 = PartitionLog.wallClock) throws {
        let trimmed = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.directory = trimmed
        let name = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
        guard let dash = name.lastIndex(of: "-"), dash != name.startIndex,
              let partition = Int32(name[name.index(after: dash)...]), partition >= 0 else {
            throw PartitionLogError.invalidDirectoryName(name)
        }
        self.topic = String(name[..<dash])
        self.partition = partition
        self.config = config
        self.clock = clock
        try lock.withLock {
            try load(topicId: topicId, logStartOffset: logStartOffset, recoveryPoint: recoveryPoint,
                     hadCleanShutdown: hadCleanShutdown)
        }
    }

    var activeSegment: LogSegment { segments[segments.count - 1] }

    /// Next offset to be written (`logEndOffset`).
    public var logEndOffset: Int64 { lock.withLock { activeSegment.nextOffset } }

    public var logStartOffset: Int64 { lock.withLock { logStartOffsetValue } }

    public var highWatermark: Int64 { lock.withLock { highWatermarkValue } }

    /// Offset up to which the log is known flushed (for `recovery-point-offset-checkpoint`).
    public var recoveryPoint: Int64 { lock.withLock { recoveryPointValue } }

    public var topicId: KafkaUUID? { lock.withLock { topicIdValue } }

    public var currentConfig: LogConfig { lock.withLock { config } }

    /// Bytes in all `.log` files.
    public var size: Int { lock.withLock { segments.reduce(0) { $0 + $1.size } } }

    public var segmentBaseOffsets: [Int64] { lock.withLock { segments.map(\.baseOffset) } }

    public var leaderEpochs: [EpochEntry] { lock.withLock { epochCache.entries } }

    public var latestEpoch: Int32? { lock.withLock { epochCache.latestEpoch } }

    /// OffsetForLeaderEpoch's answer for `epoch`.
    public func endOffset(forEpoch epoch: Int32) -> EpochEntry {
        lock.withLock { epochCache.endOffset(for: epoch, logEndOffset: activeSegment.nextOffset) }
    }

    /// Sets the high watermark, clamped to [logStartOffset, logEndOffset].
    public func updateHighWatermark(_ offset: Int64) {
        lock.withLock {
            highWatermarkValue = min(max(offset, logStartOffsetValue), activeSegment.nextOffset)
            producerState.onHighWatermarkUpdated(highWatermarkValue)
        }
    }

    /// The last stable offset: the high watermark, or the first offset of an undecided or
    /// unreplicated transaction below it.
    public var lastStableOffset: Int64 {
        lock.withLock { min(producerState.firstUnstableOffset ?? highWatermarkValue, highWatermarkValue) }
    }

    /// The state of one producer, if the log knows it.
    public func producerStateEntry(for producerId: Int64) -> ProducerStateEntry? {
        lock.withLock { producerState.entry(for: producerId) }
    }

    /// Forgets producers idle longer than `producer.id.expiration.ms` that have no open
    /// transaction (Kafka's periodic `removeExpiredProducers`).
    public func removeExpiredProducers() {
        lock.withLock {
            producerState.removeExpiredProducers(now: clock(), expirationMs: config.producerIdExpirationMs)
        }
    }

    /// All producers the log knows.
    public var activeProducers: [Int64: ProducerStateEntry] { lock.withLock { producerState.producers } }

    /// Aborted transactions overlapping [fetchOffset, upperBoundOffset), for READ_COMMITTED fetches
    /// (`collectAbortedTransactions`).
    public func abortedTransactions(fetchOffset: Int64, upperBoundOffset: Int64) -> [AbortedTxn] {
        lock.withLock {
            let start = floorSegmentIndex(fetchOffset) ?? 0
            var result: [AbortedTxn] = []
            for segment in segments[start...] {
                let (txns, complete) = segment.txnIndex.collectAbortedTxns(fetchOffset: fetchOffset, upperBoundOffset: upperBoundOffset)
                result += txns
                if complete { break }
            }
            return result
        }
    }

    /// Replaces the config (topic config change). Segment and index sizes apply to new segments.
    public func updateConfig(_ newConfig: LogConfig) {
        lock.withLock { config = newConfig }
    }

    /// Index in `segments` of the segment with the greatest base offset ≤ `offset`.
    func floorSegmentIndex(_ offset: Int64) -> Int? {
        var lo = 0
        var hi = segments.count - 1
        var found: Int?
        while lo <= hi {
            let mid = (lo + hi) / 2
            if segments[mid].baseOffset <= offset {
                found = mid
                lo = mid + 1
            } else {
                hi = mid - 1
            }
        }
        return found
    }

    func path(_ name: String) -> String { directory + "/" + name }

    func writeEpochCheckpoint() throws {
        try epochCache.write(path: path(LogFileNames.leaderEpochCheckpoint))
    }

    /// Flushes every segment to disk and moves the recovery point to the log end.
    public func flush() throws {
        try lock.withLock { try flushLocked() }
    }

    /// Syncs the segments that may hold data past the recovery point, then moves it to the end.
    func flushLocked() throws {
        let first = floorSegmentIndex(recoveryPointValue) ?? 0
        for segment in segments[first...] { try segment.flush() }
        recoveryPointValue = activeSegment.nextOffset
    }

    /// Trims the active indexes, writes the producer snapshot and closes the log. Use after a
    /// clean stop; reopening then needs no recovery.
    public func close() throws {
        try lock.withLock {
            guard !isClosed else { return }
            try activeSegment.onBecomeInactive()
            producerState.mapEndOffset = activeSegment.nextOffset
            try takeProducerSnapshot()
            try flushLocked()
            try removeDeletedFiles(force: true)
            isClosed = true
        }
    }
}
