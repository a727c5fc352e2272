import Foundation
import KafkaProtocol
import NIOCore

extension PartitionLog {
    /// Opens the directory's segments (`LogLoader.load`). Called with the lock held.
    func load(topicId: KafkaUUID?, logStartOffset: Int64, recoveryPoint: Int64, hadCleanShutdown: Bool) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try loadPartitionMetadata(topicId: topicId)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        var logBases = Set<Int64>()
        for name in names {
            // Leftovers of an interrupted delete, clean or swap, and temporary files.
            if name.hasSuffix(LogFileNames.deletedSuffix) || name.hasSuffix(LogFileNames.cleanedSuffix)
                || name.hasSuffix(LogFileNames.swapSuffix) || name.hasSuffix(".tmp") {
                StorageFile.remove(path(name))
            } else if name.hasSuffix(LogFileNames.logSuffix), let base = try? LogFileNames.offset(fromFileName: name) {
                logBases.insert(base)
            }
        }
        for name in names where name.hasSuffix(LogFileNames.indexSuffix) || name.hasSuffix(LogFileNames.timeIndexSuffix)
            || name.hasSuffix(LogFileNames.txnIndexSuffix) {
            // An index without its log is an orphan (`LogLoader` deletes it).
            if let base = try? LogFileNames.offset(fromFileName: name), !logBases.contains(base) { StorageFile.remove(path(name)) }
        }
        let now = clock()
        let bases = logBases.sorted()
        // After a crash, segments from the one holding the recovery point on are rebuilt.
        let firstRecovered = hadCleanShutdown ? bases.count : max((bases.lastIndex { $0 <= recoveryPoint }) ?? 0, 0)
        segments = try bases.enumerated().map { index, base in
            try LogSegment.open(directory: directory, baseOffset: base, config: config, now: now,
                                loadIndexes: index < firstRecovered)
        }

        let epochPath = path(LogFileNames.leaderEpochCheckpoint)
        if StorageFile.exists(epochPath) {
            epochCache = try LeaderEpochCache.read(path: epochPath)
        } else {
            try StorageFile.writeAtomically(path: epochPath, bytes: [])
        }

        if segments.isEmpty {
            segments = [try LogSegment.create(directory: directory, baseOffset: max(logStartOffset, 0), config: config, now: now)]
        }

        // Segments that need no recovery still get their indexes checked and, if bad, rebuilt.
        for index in 0..<firstRecovered {
            let segment = segments[index]
            if segment.indexFilesMissing || (try? segment.sanityCheck()) == nil {
                var scratchState = ProducerStateManager()
                var scratchEpochs = epochCache
                _ = try segment.recover(producerState: &scratchState, epochCache: &scratchEpochs,
                                        minimumBaseOffset: segment.baseOffset)
            }
        }
        if firstRecovered < segments.count {
            try recoverSegments(from: firstRecovered)
        } else {
            try loadProducerState(upTo: activeSegment.nextOffset)
        }

        let logEnd = activeSegment.nextOffset
        logStartOffsetValue = max(logStartOffset, segments[0].baseOffset)
        if logStartOffsetValue > logEnd {
            // The start was moved past what survived; start empty there.
            try truncateFullyAndStartAtLocked(logStartOffsetValue)
        }
        removeSnapshots { $0 > activeSegment.nextOffset }
        var epochsChanged = epochCache.truncateFromEnd(endOffset: activeSegment.nextOffset)
        epochsChanged = epochCache.truncateFromStart(startOffset: logStartOffsetValue) || epochsChanged
        if epochsChanged { try writeEpochCheckpoint() }
        highWatermarkValue = logStartOffsetValue
        recoveryPointValue = activeSegment.nextOffset
        try activeSegment.resizeIndexesToMax()
    }

    /// Unclean start: validate every batch from `segments[first]` on; cut at the first bad one and
    /// delete all later segments (`LogLoader.recoverLog`).
    private func recoverSegments(from first: Int) throws {
        try loadProducerState(upTo: segments[first].baseOffset)
        var minimumBase = first > 0 ? segments[first - 1].nextOffset : 0
        var index = first
        while index < segments.count {
            let segment = segments[index]
            let truncated = try segment.recover(producerState: &producerState, epochCache: &epochCache,
                                                minimumBaseOffset: minimumBase)
            minimumBase = segment.nextOffset
            if truncated > 0 {
                for later in segments[(index + 1)...] {
                    for file in later.renameFiles(addingSuffix: LogFileNames.deletedSuffix) { StorageFile.remove(file) }
                }
                segments.removeSubrange((index + 1)...)
                break
            }
            index += 1
        }
        producerState.mapEndOffset = activeSegment.nextOffset
        try writeEpochCheckpoint()
    }

    private func loadPartitionMetadata(topicId: KafkaUUID?) throws {
        let metadataPath = path(LogFileNames.partitionMetadata)
        if StorageFile.exists(metadataPath) {
            let recorded = try PartitionMetadata.read(path: metadataPath).topicId
            if let topicId, topicId != recorded {
                throw PartitionLogError.inconsistentTopicId(recorded: "\(recorded)", given: "\(topicId)")
            }
            topicIdValue = recorded
        } else if let topicId {
            try PartitionMetadata(topicId: topicId).write(path: metadataPath)
            topicIdValue = topicId
        }
    }

    // MARK: producer state

    /// Offsets of the `.snapshot` files in the directory, ascending.
    func snapshotOffsets() -> [Int64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(LogFileNames.snapshotSuffix) }
            .compactMap { try? LogFileNames.offset(fromFileName: $0) }.sorted()
    }

    func removeSnapshots(where predicate: (Int64) -> Bool) {
        for offset in snapshotOffsets() where predicate(offset) { StorageFile.remove(path(LogFileNames.snapshot(offset))) }
    }

    /// Loads the newest readable snapshot at or below `end` and replays the batches after it up
    /// to `end` (`rebuildProducerState`). Corrupt snapshots are deleted, as Kafka does.
    func loadProducerState(upTo end: Int64) throws {
        producerState.reset(at: segments[0].baseOffset)
        for offset in snapshotOffsets().reversed() where offset <= end {
            let file = path(LogFileNames.snapshot(offset))
            do {
                producerState.load(try ProducerSnapshot.read(path: file), offset: offset)
                break
            } catch is CorruptSnapshotError {
                StorageFile.remove(file)
            }
        }
        try replayProducerState(from: producerState.mapEndOffset, to: end)
    }

    /// Applies the batches in [from, to) to the producer state (no validation: the data is trusted).
    func replayProducerState(from: Int64, to end: Int64) throws {
        guard from < end, let first = floorSegmentIndex(from) ?? (segments.isEmpty ? nil : 0) else {
            producerState.mapEndOffset = max(producerState.mapEndOffset, end)
            return
        }
        for segment in segments[first...] where segment.baseOffset < end {
            let start = Int(segment.offsetIndex.lookup(from).position)
            var scanner = LogBatchScanner(file: segment.log, from: start, end: segment.size)
            while let batch = try scanner.next() {
                let header = batch.header
                if header.baseOffset >= end { break }
                guard header.lastOffset >= from else { continue }
                let bytes = header.producerId >= 0 && header.isControl ? try scanner.bytes(of: batch) : ByteBuffer()
                try segment.applyProducerState(header: header, batch: bytes, producerState: &producerState)
            }
        }
        producerState.mapEndOffset = end
    }

    /// Writes `<mapEndOffset>.snapshot` unless one was already taken there (`takeSnapshot`).
    func takeProducerSnapshot() throws {
        guard producerState.mapEndOffset > producerState.lastSnapshotOffset else { return }
        let bytes = producerState.snapshot().encoded()
        // No fsync under the log lock (Kafka flushes snapshots asynchronously); a snapshot torn by
        // a crash fails its CRC on load and is rebuilt from the log.
        try StorageFile.writeAtomically(path: path(LogFileNames.snapshot(producerState.mapEndOffset)), bytes: Array(buffer: bytes),
                                        sync: false)
        producerState.lastSnapshotOffset = producerState.mapEndOffset
    }
}
