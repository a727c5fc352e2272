import KafkaProtocol
import NIOCore

/// One segment of a partition log: its `.log` and the indexes of that log (`LogSegment`).
/// Not thread-safe: `PartitionLog` owns its segments behind its lock.
final class LogSegment {
    let baseOffset: Int64
    private(set) var directory: String
    private(set) var log: StorageFile
    /// Bytes in the `.log`.
    private(set) var size: Int
    private(set) var offsetIndex: OffsetIndex
    private(set) var timeIndex: TimeIndex
    private(set) var txnIndex: TransactionIndex
    private let offsetIndexFile: SegmentIndexFile
    private let timeIndexFile: SegmentIndexFile
    private var txnIndexFile: StorageFile?
    let indexIntervalBytes: Int
    let maxIndexSize: Int
    private var bytesSinceLastIndexEntry = 0
    /// The largest batch max timestamp and the last offset of its batch; nil until known.
    private var maxTimestampAndOffset: TimestampOffset?
    /// The first batch's max timestamp, which `segment.ms` is measured from.
    private var rollingBasedTimestamp: Int64?
    /// Wall-clock creation (or load) time, for `segment.ms` when batches carry no timestamp.
    let created: Int64
    /// Random per segment below `segment.jitter.ms`, so partitions do not all roll at once.
    let rollJitterMs: Int64
    /// The offset after the last batch (the base offset when empty).
    private(set) var nextOffset: Int64
    /// An index file was missing when the segment was opened, so it must be rebuilt.
    private(set) var indexFilesMissing = false
    /// Writes appends to `log` (large ones partly with `O_DIRECT`).
    let appendWriter = SegmentAppendWriter()

    var logPath: String { directory + "/" + LogFileNames.log(baseOffset) }
    var offsetIndexPath: String { directory + "/" + LogFileNames.index(baseOffset) }
    var timeIndexPath: String { directory + "/" + LogFileNames.timeIndex(baseOffset) }
    var txnIndexPath: String { directory + "/" + LogFileNames.txnIndex(baseOffset) }

    private init(directory: String, baseOffset: Int64, config: LogConfig, now: Int64, log: StorageFile, size: Int,
                 offsetIndex: OffsetIndex, timeIndex: TimeIndex, txnIndex: TransactionIndex,
                 offsetIndexFile: SegmentIndexFile, timeIndexFile: SegmentIndexFile, txnIndexFile: StorageFile?) {
        self.directory = directory
        self.baseOffset = baseOffset
        self.log = log
        self.size = size
        self.offsetIndex = offsetIndex
        self.timeIndex = timeIndex
        self.txnIndex = txnIndex
        self.offsetIndexFile = offsetIndexFile
        self.timeIndexFile = timeIndexFile
        self.txnIndexFile = txnIndexFile
        self.indexIntervalBytes = config.indexIntervalBytes
        self.maxIndexSize = config.maxIndexSize
        self.created = now
        self.rollJitterMs = config.segmentJitterMs > 0 && config.segmentMs > 0
            ? Int64.random(in: 0..<min(config.segmentJitterMs, config.segmentMs)) : 0
        self.nextOffset = baseOffset
    }

    /// Creates the files of a new, empty segment; the indexes are preallocated.
    static func create(directory: String, baseOffset: Int64, config: LogConfig, now: Int64) throws -> LogSegment {
        let logPath = directory + "/" + LogFileNames.log(baseOffset)
        let log = try StorageFile(path: logPath)
        try log.truncate(to: 0)
        let offsetIndexFile = try SegmentIndexFile(path: directory + "/" + LogFileNames.index(baseOffset), entrySize: OffsetIndex.entrySize)
        try offsetIndexFile.rewrite([], capacity: config.maxIndexSize)
        let timeIndexFile = try SegmentIndexFile(path: directory + "/" + LogFileNames.timeIndex(baseOffset), entrySize: TimeIndex.entrySize)
        try timeIndexFile.rewrite([], capacity: config.maxIndexSize)
        let txnPath = directory + "/" + LogFileNames.txnIndex(baseOffset)
        if StorageFile.exists(txnPath) { try StorageFile(path: txnPath).truncate(to: 0) }
        return LogSegment(
            directory: directory, baseOffset: baseOffset, config: config, now: now, log: log, size: 0,
            offsetIndex: OffsetIndex(baseOffset: baseOffset, path: offsetIndexFile.path),
            timeIndex: TimeIndex(baseOffset: baseOffset, path: timeIndexFile.path),
            txnIndex: TransactionIndex(startOffset: baseOffset, path: txnPath),
            offsetIndexFile: offsetIndexFile, timeIndexFile: timeIndexFile, txnIndexFile: nil)
    }

    /// Opens an existing segment, trusting its index files (run `sanityCheck`, and `recover`
    /// when that fails or `indexFilesMissing`).
    /// `loadIndexes: false` skips reading the index files, for a segment about to be recovered
    /// (after a crash the active one is still preallocated, megabytes of zeros).
    static func open(directory: String, baseOffset: Int64, config: LogConfig, now: Int64, loadIndexes: Bool = true) throws -> LogSegment {
        let logPath = directory + "/" + LogFileNames.log(baseOffset)
        let log = try StorageFile(path: logPath, create: false)
        let size = try log.size()
        let indexPath = directory + "/" + LogFileNames.index(baseOffset)
        let timePath = directory + "/" + LogFileNames.timeIndex(baseOffset)
        let txnPath = directory + "/" + LogFileNames.txnIndex(baseOffset)
        let missing = !StorageFile.exists(indexPath) || !StorageFile.exists(timePath)
        let offsetIndexFile = try SegmentIndexFile(path: indexPath, entrySize: OffsetIndex.entrySize)
        let timeIndexFile = try SegmentIndexFile(path: timePath, entrySize: TimeIndex.entrySize)
        let offsetIndex = OffsetIndex(parsing: try offsetIndexFile.file.read(at: 0, count: loadIndexes ? offsetIndexFile.length : 0),
                                      baseOffset: baseOffset, path: StorageFile.absolutePath(indexPath))
        let timeIndex = TimeIndex(parsing: try timeIndexFile.file.read(at: 0, count: loadIndexes ? timeIndexFile.length : 0),
                                  baseOffset: baseOffset, path: StorageFile.absolutePath(timePath))
        var txnIndex = TransactionIndex(startOffset: baseOffset, path: StorageFile.absolutePath(txnPath))
        var txnFile: StorageFile?
        if StorageFile.exists(txnPath) {
            let file = try StorageFile(path: txnPath)
            txnIndex = try TransactionIndex(parsing: try file.read(at: 0, count: try file.size()), startOffset: baseOffset,
                                            path: StorageFile.absolutePath(txnPath))
            txnFile = file
        }
        let segment = LogSegment(
            directory: directory, baseOffset: baseOffset, config: config, now: now, log: log, size: size,
            offsetIndex: offsetIndex, timeIndex: timeIndex, txnIndex: txnIndex,
            offsetIndexFile: offsetIndexFile, timeIndexFile: timeIndexFile, txnIndexFile: txnFile)
        segment.indexFilesMissing = missing
        if !missing && loadIndexes { try segment.loadNextOffset() }
        return segment
    }

    /// Kafka's index checks on load (`LogSegment.sanityCheck`).
    func sanityCheck() throws {
        try offsetIndex.sanityCheck()
        try timeIndex.sanityCheck()
        try txnIndex.sanityCheck()
    }

    /// `readNextOffset`: from the last indexed batch, walk the headers to the end.
    private func loadNextOffset() throws {
        let start = offsetIndex.lookup(offsetIndex.lastOffset)
        var scanner = LogBatchScanner(file: log, from: Int(start.position), end: size, windowSize: 16 * 1024)
        var next = baseOffset
        while let batch = try scanner.next() { next = batch.header.nextOffset }
        nextOffset = max(next, baseOffset)
    }

    // MARK: append

    /// The largest timestamp so far and the offset that carries it (`maxTimestampAndOffsetSoFar`).
    var maxTimestampSoFar: TimestampOffset {
        if let known = maxTimestampAndOffset { return known }
        let last = timeIndex.lastEntry
        maxTimestampAndOffset = last
        return last
    }

    var isOffsetIndexFull: Bool { offsetIndex.count >= offsetIndexFile.maxEntries }
    /// The last time-index slot is kept for the entry forced on roll (`TimeIndex.isFull`).
    var isTimeIndexFull: Bool { timeIndex.count >= timeIndexFile.maxEntries - 1 }

    func canConvertToRelativeOffset(_ offset: Int64) -> Bool {
        let relative = offset - baseOffset
        return relative >= 0 && relative <= Int64(Int32.max)
    }

    /// `shouldRoll`: size, age (`segment.ms` measured from the first batch's timestamp), full
    /// indexes, or an offset that no longer fits an int32 relative offset.
    func shouldRoll(config: LogConfig, appendBytes: Int, maxTimestampInAppend: Int64, maxOffsetInAppend: Int64, now: Int64) -> Bool {
        let reachedRollMs = timeWaitedForRoll(now: now, messageTimestamp: maxTimestampInAppend) > config.segmentMs - rollJitterMs
        return size > config.segmentBytes - appendBytes
            || (size > 0 && reachedRollMs)
            || isOffsetIndexFull || isTimeIndexFull
            || !canConvertToRelativeOffset(maxOffsetInAppend)
    }

    private func timeWaitedForRoll(now: Int64, messageTimestamp: Int64) -> Int64 {
        if rollingBasedTimestamp == nil, size > 0 {
            // First batch's max timestamp, read once (`loadFirstBatchTimestamp`).
            var scanner = LogBatchScanner(file: log, from: 0, end: size, windowSize: RecordBatchHeader.size)
            if let first = try? scanner.next() { rollingBasedTimestamp = first.header.maxTimestamp }
        }
        if let ts = rollingBasedTimestamp, ts >= 0 { return messageTimestamp - ts }
        return now - created
    }

    /// Appends already validated batches with one write, then adds sparse index entries per
    /// batch the way Kafka 4.0.1 does (`bytesSinceLastIndexEntry > index.interval.bytes`).
    func append(_ records: ByteBuffer, batches: [RecordBatchHeader]) throws {
        guard records.readableBytes > 0, let last = batches.last else { return }
        let physicalStart = size
        if physicalStart == 0 { rollingBasedTimestamp = batches.map(\.maxTimestamp).max() }
        try appendWriter.append(records, at: physicalStart, to: log)
        size += records.readableBytes
        var physicalPosition = physicalStart
        for header in batches {
            if header.maxTimestamp > maxTimestampSoFar.timestamp {
                maxTimestampAndOffset = TimestampOffset(timestamp: header.maxTimestamp, offset: header.lastOffset)
            }
            if bytesSinceLastIndexEntry > indexIntervalBytes {
                try appendIndexEntries(lastOffset: header.lastOffset, position: physicalPosition)
                bytesSinceLastIndexEntry = 0
            }
            physicalPosition += header.totalSize
            bytesSinceLastIndexEntry += header.totalSize
        }
        nextOffset = last.nextOffset
    }

    private func appendIndexEntries(lastOffset: Int64, position: Int) throws {
        if !isOffsetIndexFull && (offsetIndex.isEmpty || lastOffset > offsetIndex.lastOffset) {
            try offsetIndexFile.write(OffsetIndex.encode(relativeOffset: Int32(truncatingIfNeeded: lastOffset - baseOffset),
                                                         position: Int32(truncatingIfNeeded: position)),
                                      slot: offsetIndex.count)
            offsetIndex.append(offset: lastOffset, position: Int32(truncatingIfNeeded: position))
        }
        if !isTimeIndexFull { try maybeAppendTimeIndex(maxTimestampSoFar) }
    }

    private func maybeAppendTimeIndex(_ entry: TimestampOffset) throws {
        guard entry.offset >= timeIndex.lastEntry.offset || timeIndex.isEmpty else { return }
        let slot = timeIndex.count
        if timeIndex.maybeAppend(timestamp: entry.timestamp, offset: entry.offset) {
            if slot >= timeIndexFile.maxEntries { try timeIndexFile.resize(to: (slot + 1) * TimeIndex.entrySize) }
            try timeIndexFile.write(TimeIndex.encode(entry, baseOffset: baseOffset), slot: slot)
        }
    }

    /// Adds an aborted transaction to this segment's `.txnindex`, creating the file if needed.
    func appendAbortedTxn(_ txn: AbortedTxn) throws {
        if let last = txnIndex.entries.last, last.lastOffset >= txn.lastOffset { return }
        let file = try txnIndexFile ?? StorageFile(path: txnIndexPath)
        txnIndexFile = file
        var bytes = ByteBuffer()
        txn.encode(into: &bytes)
        try file.write(bytes, at: txnIndex.entries.count * AbortedTxn.size)
        txnIndex.append(txn)
    }

    /// Roll or close: force the final time-index entry and trim both indexes
    /// (`onBecomeInactiveSegment`, `close`).
    func onBecomeInactive() throws {
        if maxTimestampAndOffset != nil || !timeIndex.isEmpty { try maybeAppendTimeIndex(maxTimestampSoFar) }
        try offsetIndexFile.resize(to: offsetIndex.sizeInBytes)
        try timeIndexFile.resize(to: timeIndex.sizeInBytes)
    }

    /// Gives an active segment's indexes room again (`resizeIndexes(maxIndexSize)`).
    func resizeIndexesToMax() throws {
        try offsetIndexFile.resize(to: max(maxIndexSize, offsetIndex.sizeInBytes))
        try timeIndexFile.resize(to: max(maxIndexSize, timeIndex.sizeInBytes))
    }

    func flush() throws {
        try log.sync()
        try offsetIndexFile.flush()
        try timeIndexFile.flush()
        try txnIndexFile?.sync()
    }

    // MARK: recovery

    /// Rebuilds the indexes, producer state and epoch cache from the `.log`, validating every
    /// batch; cuts the log at the first torn or corrupt batch (`LogSegment.recover`).
    /// Returns the number of bytes cut off.
    func recover(producerState: inout ProducerStateManager, epochCache: inout LeaderEpochCache,
                 minimumBaseOffset: Int64) throws -> Int {
        offsetIndex.truncate(entries: 0)
        timeIndex.truncate(entries: 0)
        try offsetIndexFile.rewrite([], capacity: maxIndexSize)
        try timeIndexFile.rewrite([], capacity: maxIndexSize)
        txnIndex = TransactionIndex(startOffset: baseOffset, path: txnIndex.path)
        try txnIndexFile?.truncate(to: 0)
        maxTimestampAndOffset = TimestampOffset(timestamp: TimestampOffset.noTimestamp, offset: -1)
        rollingBasedTimestamp = nil

        var scanner = LogBatchScanner(file: log, from: 0, end: size)
        var validBytes = 0
        var lastIndexEntry = 0
        var expectedBase = max(minimumBaseOffset, baseOffset)
        var next = baseOffset
        while let batch = try scanner.next(validate: true, minimumBaseOffset: expectedBase) {
            let header = batch.header
            guard canConvertToRelativeOffset(header.lastOffset) else { break }
            // Producer state needs the records of control batches (the marker type).
            let bytes = header.producerId >= 0 && header.isControl ? try scanner.bytes(of: batch) : ByteBuffer()
            if header.maxTimestamp > maxTimestampSoFar.timestamp {
                maxTimestampAndOffset = TimestampOffset(timestamp: header.maxTimestamp, offset: header.lastOffset)
            }
            if validBytes - lastIndexEntry > indexIntervalBytes {
                try appendIndexEntries(lastOffset: header.lastOffset, position: validBytes)
                lastIndexEntry = validBytes
            }
            validBytes += header.totalSize
            if header.partitionLeaderEpoch >= 0, (epochCache.latestEpoch ?? -1) < header.partitionLeaderEpoch {
                epochCache.assign(epoch: header.partitionLeaderEpoch, startOffset: header.baseOffset)
            }
            try applyProducerState(header: header, batch: bytes, producerState: &producerState)
            expectedBase = header.nextOffset
            next = header.nextOffset
        }
        let truncated = size - validBytes
        if truncated > 0 {
            try log.truncate(to: validBytes)
            size = validBytes
        }
        nextOffset = next
        try offsetIndexFile.resize(to: offsetIndex.sizeInBytes)
        if maxTimestampSoFar.timestamp >= 0 { try maybeAppendTimeIndex(maxTimestampSoFar) }
        try timeIndexFile.resize(to: timeIndex.sizeInBytes)
        indexFilesMissing = false
        return truncated
    }

    /// Applies a batch to the producer state and, for an ABORT that closes a transaction, adds
    /// the `.txnindex` entry (`updateProducerState`).
    func applyProducerState(header: RecordBatchHeader, batch: ByteBuffer, producerState: inout ProducerStateManager) throws {
        if header.producerId >= 0, let completed = try producerState.update(header: header, batch: batch) {
            if completed.isAborted {
                try appendAbortedTxn(AbortedTxn(producerId: completed.producerId, firstOffset: completed.firstOffset,
                                                lastOffset: completed.lastOffset,
                                                lastStableOffset: producerState.lastStableOffset(completed)))
            }
            producerState.complete(completed)
        }
        producerState.mapEndOffset = header.nextOffset
    }

    // MARK: reads

    /// The first batch whose last offset ≥ `offset`, searching from the offset index
    /// (`translateOffset`); nil if the segment has none.
    func translateOffset(_ offset: Int64, startingPosition: Int = 0) throws -> FileBatch? {
        let indexed = offsetIndex.lookup(offset)
        // The walk from an index entry covers about index.interval.bytes, so a small window.
        var scanner = LogBatchScanner(file: log, from: max(Int(indexed.position), startingPosition), end: size,
                                      windowSize: 16 * 1024)
        while let batch = try scanner.next() {
            if batch.header.lastOffset >= offset { return batch }
        }
        return nil
    }

    /// Walks batch headers from `position` (for timestamp search and tests).
    func batches(from position: Int = 0) throws -> [FileBatch] {
        var scanner = LogBatchScanner(file: log, from: position, end: size)
        var result: [FileBatch] = []
        while let batch = try scanner.next() { result.append(batch) }
        return result
    }

    func read(position: Int, count: Int) throws -> ByteBuffer { try log.read(at: position, count: count) }

    /// Largest timestamp in the segment (`largestTimestamp`), or -1.
    var largestTimestamp: Int64 { maxTimestampSoFar.timestamp }

    // MARK: truncation and deletion

    /// Cuts the batch holding `offset` and everything after it (`truncateTo`); returns the bytes
    /// removed. Callers truncate at batch boundaries.
    @discardableResult
    func truncate(to offset: Int64) throws -> Int {
        guard let batch = try translateOffset(offset) else { return 0 }
        let cut = batch.position
        let removed = size - cut
        offsetIndex.truncate(to: offset)
        timeIndex.truncate(to: offset)
        let txnBytes = txnIndex.truncate(to: offset)
        try txnIndexFile?.truncate(to: txnBytes)
        try log.truncate(to: cut)
        size = cut
        try offsetIndexFile.rewrite(offsetIndex.encoded(), capacity: maxIndexSize)
        try timeIndexFile.rewrite(timeIndex.encoded(), capacity: maxIndexSize)
        bytesSinceLastIndexEntry = 0
        if cut == 0 { rollingBasedTimestamp = nil }
        // Recompute the end offset and the max timestamp from the remaining batch headers.
        var best = TimestampOffset(timestamp: TimestampOffset.noTimestamp, offset: -1)
        var next = baseOffset
        for b in try batches() {
            if b.header.maxTimestamp > best.timestamp {
                best = TimestampOffset(timestamp: b.header.maxTimestamp, offset: b.header.lastOffset)
            }
            next = b.header.nextOffset
        }
        maxTimestampAndOffset = best
        nextOffset = next
        return removed
    }

    /// Renames every file of the segment with `suffix` (e.g. `.deleted`); returns the new paths.
    func renameFiles(addingSuffix suffix: String) -> [String] {
        var renamed: [String] = []
        for path in [logPath, offsetIndexPath, timeIndexPath, txnIndexPath] where StorageFile.exists(path) {
            if StorageFile.rename(path, to: path + suffix) { renamed.append(path + suffix) }
        }
        return renamed
    }
}
