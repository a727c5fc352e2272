import Foundation
import KafkaProtocol

extension PartitionLog {
    /// DeleteRecords: moves the log start offset to `offset` (at most the high watermark) and
    /// deletes the segments wholly below it. Returns the new log start offset.
    @discardableResult
    public func deleteRecordsBefore(_ offset: Int64) throws -> Int64 {
        try lock.withLock {
            guard offset >= 0, offset <= highWatermarkValue else {
                throw PartitionLogError.offsetOutOfRange(offset: offset, logStartOffset: logStartOffsetValue,
                                                          logEndOffset: activeSegment.nextOffset)
            }
            if offset > logStartOffsetValue { try moveLogStartOffset(to: offset) }
            try deleteSegments(whileTrue: { segment, next in
                next.map { $0.baseOffset <= self.logStartOffsetValue } ?? false
            })
            return logStartOffsetValue
        }
    }

    /// Applies `retention.ms`, `retention.bytes` and the log start offset (`deleteOldSegments`).
    /// Whole segments only, oldest first, never the active one. Returns how many were deleted.
    @discardableResult
    public func deleteOldSegments() throws -> Int {
        try lock.withLock {
            try removeDeletedFiles(force: false)
            guard config.cleanupPolicy.contains(.delete) else { return 0 }
            let now = clock()
            var deleted = 0
            if config.retentionMs >= 0 {
                let retentionMs = config.retentionMs
                deleted += try deleteSegments(whileTrue: { segment, _ in
                    now - self.largestTimestamp(of: segment) > retentionMs
                })
            }
            if config.retentionBytes >= 0 {
                var excess = Int64(segments.reduce(0) { $0 + $1.size }) - config.retentionBytes
                deleted += try deleteSegments(whileTrue: { segment, _ in
                    guard excess - Int64(segment.size) >= 0 else { return false }
                    excess -= Int64(segment.size)
                    return true
                })
            }
            deleted += try deleteSegments(whileTrue: { _, next in
                next.map { $0.baseOffset <= self.logStartOffsetValue } ?? false
            })
            return deleted
        }
    }

    /// The segment's max timestamp, or its file's modification time when it has none.
    private func largestTimestamp(of segment: LogSegment) -> Int64 {
        let ts = segment.largestTimestamp
        if ts >= 0 { return ts }
        let attributes = try? FileManager.default.attributesOfItem(atPath: segment.logPath)
        let date = attributes?[.modificationDate] as? Date
        return Int64((date?.timeIntervalSince1970 ?? 0) * 1000)
    }

    /// Deletes leading non-active segments while `predicate(segment, nextSegment)` holds.
    @discardableResult
    private func deleteSegments(whileTrue predicate: (LogSegment, LogSegment?) -> Bool) throws -> Int {
        var count = 0
        while segments.count > 1 {
            let segment = segments[0]
            guard predicate(segment, segments[1]) else { break }
            segments.removeFirst()
            var paths = segment.renameFiles(addingSuffix: LogFileNames.deletedSuffix)
            let snapshot = path(LogFileNames.snapshot(segment.baseOffset))
            if StorageFile.exists(snapshot), StorageFile.rename(snapshot, to: snapshot + LogFileNames.deletedSuffix) {
                paths.append(snapshot + LogFileNames.deletedSuffix)
            }
            pendingDeletes.append((deadline: clock() + config.fileDeleteDelayMs, paths: paths))
            count += 1
        }
        if count > 0 {
            if segments[0].baseOffset > logStartOffsetValue { try moveLogStartOffset(to: segments[0].baseOffset) }
            if config.fileDeleteDelayMs <= 0 { try removeDeletedFiles(force: false) }
        }
        return count
    }

    private func moveLogStartOffset(to offset: Int64) throws {
        logStartOffsetValue = offset
        highWatermarkValue = max(highWatermarkValue, offset)
        recoveryPointValue = max(recoveryPointValue, offset)
        if epochCache.truncateFromStart(startOffset: offset) { try writeEpochCheckpoint() }
        if producerState.mapEndOffset < offset { producerState.mapEndOffset = offset }
    }

    /// Removes `.deleted` files whose delay has passed (all of them if `force`). The broker calls
    /// this periodically; `deleteOldSegments` does too.
    public func removeDeletedFiles() throws {
        try lock.withLock { try removeDeletedFiles(force: false) }
    }

    func removeDeletedFiles(force: Bool) throws {
        let now = clock()
        pendingDeletes.removeAll { pending in
            guard force || pending.deadline <= now else { return false }
            for file in pending.paths { StorageFile.remove(file) }
            return true
        }
    }
}
