import KafkaProtocol

extension PartitionLog {
    /// Removes every batch from `offset` on (follower truncation, `UnifiedLog.truncateTo`).
    /// Segments above it are deleted; the producer state is rebuilt from snapshots.
    public func truncate(to offset: Int64) throws {
        try lock.withLock {
            guard offset >= 0 else {
                throw PartitionLogError.offsetOutOfRange(offset: offset, logStartOffset: logStartOffsetValue,
                                                          logEndOffset: activeSegment.nextOffset)
            }
            guard offset < activeSegment.nextOffset else { return }
            if offset < segments[0].baseOffset {
                try truncateFullyAndStartAtLocked(offset)
                return
            }
            while segments.count > 1, segments[segments.count - 1].baseOffset >= offset {
                let segment = segments.removeLast()
                for file in segment.renameFiles(addingSuffix: LogFileNames.deletedSuffix) { StorageFile.remove(file) }
            }
            try activeSegment.truncate(to: offset)
            try activeSegment.resizeIndexesToMax()
            let end = activeSegment.nextOffset
            if epochCache.truncateFromEnd(endOffset: end) { try writeEpochCheckpoint() }
            highWatermarkValue = min(highWatermarkValue, end)
            recoveryPointValue = min(recoveryPointValue, end)
            removeSnapshots { $0 > end }
            try loadProducerState(upTo: end)
        }
    }

    /// Deletes all data and restarts the log empty at `offset` (`truncateFullyAndStartAt`).
    public func truncateFullyAndStartAt(_ offset: Int64) throws {
        try lock.withLock { try truncateFullyAndStartAtLocked(offset) }
    }

    func truncateFullyAndStartAtLocked(_ offset: Int64) throws {
        for segment in segments {
            for file in segment.renameFiles(addingSuffix: LogFileNames.deletedSuffix) { StorageFile.remove(file) }
        }
        segments = [try LogSegment.create(directory: directory, baseOffset: offset, config: config, now: clock())]
        removeSnapshots { _ in true }
        producerState.reset(at: offset)
        epochCache = LeaderEpochCache()
        try writeEpochCheckpoint()
        logStartOffsetValue = offset
        highWatermarkValue = offset
        recoveryPointValue = offset
    }
}
