import KafkaProtocol
import NIOCore

extension PartitionLog {
    /// Appends whole v2 batches whose offsets are already assigned (a follower's fetch, or a
    /// leader after offset assignment). Validates each batch (size, magic, CRC, offsets that
    /// continue from the log end offset) and writes them with one `pwrite`.
    @discardableResult
    public func append(_ records: ByteBuffer) throws -> LogAppendInfo {
        try lock.withLock { try appendLocked(records) }
    }

    /// Appends as the leader: rewrites each batch's base offset (from the log end offset) and its
    /// partition leader epoch in place (neither is covered by the CRC), then appends.
    /// `crcVerified`: the caller has just checked every batch's CRC (the produce path's
    /// validation does), so the log does not compute it a second time.
    @discardableResult
    public func appendAsLeader(_ records: ByteBuffer, leaderEpoch: Int32, crcVerified: Bool = false) throws -> LogAppendInfo {
        try lock.withLock {
            var buffer = records
            var next = activeSegment.nextOffset
            var position = buffer.readerIndex
            while position < buffer.writerIndex {
                let header: RecordBatchHeader
                do {
                    header = try RecordBatchHeader(peekingAt: position, in: buffer)
                } catch {
                    throw PartitionLogError.corruptRecord("\(error)")
                }
                guard header.batchLength >= RecordBatchHeader.size - RecordBatchHeader.logOverhead,
                      header.totalSize <= buffer.writerIndex - position else {
                    throw PartitionLogError.corruptRecord("Record batch at position \(position - records.readerIndex) is truncated")
                }
                buffer.setInteger(next, at: position, endianness: .big)
                buffer.setInteger(leaderEpoch, at: position + RecordBatchHeader.partitionLeaderEpochOffset, endianness: .big)
                next += Int64(header.lastOffsetDelta) + 1
                position += header.totalSize
            }
            return try appendLocked(buffer, checkCRC: !crcVerified)
        }
    }

    private func appendLocked(_ records: ByteBuffer, checkCRC: Bool = true) throws -> LogAppendInfo {
        guard !isClosed else { throw PartitionLogError.closed }
        let headers = try validateBatches(records, checkCRC: checkCRC)
        guard let first = headers.first, let last = headers.last else {
            throw PartitionLogError.corruptRecord("The append holds no record batch")
        }
        var maxTimestamp = Int64(-1)
        var offsetOfMaxTimestamp = first.lastOffset
        for header in headers where header.maxTimestamp > maxTimestamp {
            maxTimestamp = header.maxTimestamp
            offsetOfMaxTimestamp = header.lastOffset
        }
        let now = clock()
        if activeSegment.shouldRoll(config: config, appendBytes: records.readableBytes,
                                    maxTimestampInAppend: maxTimestamp, maxOffsetInAppend: last.lastOffset, now: now) {
            try rollLocked(expectedNextOffset: first.baseOffset)
        }
        let segment = activeSegment
        try segment.append(records, batches: headers)

        // Leader epochs, producer state and the transaction index follow the data.
        var epochsChanged = false
        var position = records.readerIndex
        for header in headers {
            if header.partitionLeaderEpoch >= 0, (epochCache.latestEpoch ?? -1) < header.partitionLeaderEpoch {
                epochsChanged = epochCache.assign(epoch: header.partitionLeaderEpoch, startOffset: header.baseOffset) || epochsChanged
            }
            let batch = header.producerId >= 0 && header.isControl
                ? records.getSlice(at: position, length: header.totalSize) ?? ByteBuffer() : ByteBuffer()
            try segment.applyProducerState(header: header, batch: batch, producerState: &producerState)
            position += header.totalSize
        }
        if epochsChanged { try writeEpochCheckpoint() }
        // `flush.messages`: sync once that many messages are past the recovery point.
        if config.flushMessages < Int64.max, activeSegment.nextOffset - recoveryPointValue >= config.flushMessages {
            try flushLocked()
        }
        return LogAppendInfo(firstOffset: first.baseOffset, lastOffset: last.lastOffset, maxTimestamp: maxTimestamp,
                             offsetOfMaxTimestamp: offsetOfMaxTimestamp, batchCount: headers.count,
                             validBytes: records.readableBytes, logStartOffset: logStartOffsetValue)
    }

    /// The checks of `analyzeAndValidateRecords` for batches with assigned offsets.
    private func validateBatches(_ records: ByteBuffer, checkCRC: Bool) throws -> [RecordBatchHeader] {
        if records.readableBytes > config.segmentBytes {
            throw PartitionLogError.recordBatchTooLarge(size: records.readableBytes, segmentBytes: config.segmentBytes)
        }
        var headers: [RecordBatchHeader] = []
        var position = records.readerIndex
        var expected = activeSegment.nextOffset
        while position < records.writerIndex {
            let remaining = records.writerIndex - position
            guard remaining >= RecordBatchHeader.size else {
                throw PartitionLogError.corruptRecord("Record batch at position \(position - records.readerIndex) is truncated: \(remaining) bytes left")
            }
            let header: RecordBatchHeader
            do {
                header = try RecordBatchHeader(peekingAt: position, in: records)
            } catch {
                throw PartitionLogError.corruptRecord("\(error)")
            }
            guard header.totalSize >= RecordBatchHeader.size else {
                throw PartitionLogError.corruptRecord(
                    "Record batch is corrupt (the size \(header.totalSize) is smaller than the minimum allowed overhead \(RecordBatchHeader.size))")
            }
            guard header.totalSize <= remaining else {
                throw PartitionLogError.corruptRecord("Record batch at position \(position - records.readerIndex) is truncated: it declares \(header.totalSize) bytes, \(remaining) are left")
            }
            if header.totalSize > config.maxMessageBytes {
                throw PartitionLogError.recordTooLarge(size: header.totalSize, maxMessageBytes: config.maxMessageBytes)
            }
            if let problem = LogBatchScanner.headerProblem(header, minimumBaseOffset: nil) {
                throw PartitionLogError.corruptRecord(problem)
            }
            if checkCRC {
                let crc = RecordBatchHeader.computeCRC(ofBatchAt: position, totalSize: header.totalSize, in: records)
                guard crc == header.crc else {
                    throw PartitionLogError.corruptRecord("Record is corrupt (stored crc = \(header.crc), computed crc = \(crc))")
                }
            }
            guard header.baseOffset >= expected else {
                throw PartitionLogError.unexpectedAppendOffset(firstOffset: header.baseOffset, logEndOffset: expected)
            }
            expected = header.nextOffset
            headers.append(header)
            position += header.totalSize
        }
        return headers
    }

    /// Starts a new active segment at the log end offset, even if the current one has room.
    public func roll() throws {
        try lock.withLock { try rollLocked(expectedNextOffset: nil) }
    }

    /// `UnifiedLog.roll`: the old segment becomes inactive (indexes trimmed, final time-index
    /// entry), the new one starts at max(expected, log end offset), and a producer snapshot is
    /// taken at its base offset.
    func rollLocked(expectedNextOffset: Int64?) throws {
        let old = activeSegment
        let newBase = max(expectedNextOffset ?? old.nextOffset, old.nextOffset)
        if old.size == 0 && old.baseOffset == newBase { return }
        try old.onBecomeInactive()
        segments.append(try LogSegment.create(directory: directory, baseOffset: newBase, config: config, now: clock()))
        producerState.mapEndOffset = newBase
        try takeProducerSnapshot()
    }
}
