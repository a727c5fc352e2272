import KafkaProtocol
import NIOCore

extension PartitionLog {
    /// Finds the bytes a fetch at `offset` returns (`LocalLog.read`): whole batches from the one
    /// holding `offset`, at most `maxBytes` (or the whole first batch if `minOneMessage`), never
    /// past `upperBound` (exclusive; the high watermark for consumers, the log end by default).
    /// Throws `offsetOutOfRange` outside [logStartOffset, logEndOffset].
    public func read(from offset: Int64, maxBytes: Int, upperBound: Int64? = nil, minOneMessage: Bool = true) throws -> LogReadSlice {
        try lock.withLock {
            let logEnd = activeSegment.nextOffset
            guard offset >= logStartOffsetValue, offset <= logEnd else {
                throw PartitionLogError.offsetOutOfRange(offset: offset, logStartOffset: logStartOffsetValue, logEndOffset: logEnd)
            }
            let bound = min(upperBound ?? logEnd, logEnd)
            guard offset < bound, var index = floorSegmentIndex(offset) else { return emptySlice(offset) }
            while index < segments.count {
                let segment = segments[index]
                if segment.baseOffset >= bound { break }
                if let first = try segment.translateOffset(offset) {
                    var maxPosition = segment.size
                    if bound < segment.nextOffset, let boundary = try segment.translateOffset(bound, startingPosition: first.position) {
                        maxPosition = boundary.position
                    }
                    let adjustedMax = minOneMessage ? max(maxBytes, first.size) : maxBytes
                    let length = min(maxPosition - first.position, adjustedMax)
                    guard length > 0 else { return emptySlice(offset, segment: segment) }
                    return LogReadSlice(file: segment.log, segmentBaseOffset: segment.baseOffset, position: first.position,
                                        length: length, fetchOffset: offset, firstBatchBaseOffset: first.header.baseOffset)
                }
                index += 1
            }
            return emptySlice(offset)
        }
    }

    /// `read` followed by reading the bytes into a buffer.
    public func readBytes(from offset: Int64, maxBytes: Int, upperBound: Int64? = nil, minOneMessage: Bool = true) throws -> ByteBuffer {
        try read(from: offset, maxBytes: maxBytes, upperBound: upperBound, minOneMessage: minOneMessage).readBytes()
    }

    private func emptySlice(_ offset: Int64, segment: LogSegment? = nil) -> LogReadSlice {
        let segment = segment ?? activeSegment
        return LogReadSlice(file: segment.log, segmentBaseOffset: segment.baseOffset, position: segment.size, length: 0,
                            fetchOffset: offset, firstBatchBaseOffset: nil)
    }

    /// The batch holding `offset`: segment by binary search on base offsets, position from the
    /// offset index, then a walk over batch headers. Nil if no batch holds it.
    public func locate(offset: Int64) throws -> LogBatchLocation? {
        try lock.withLock {
            guard offset >= logStartOffsetValue, offset < activeSegment.nextOffset, var index = floorSegmentIndex(offset) else {
                return nil
            }
            while index < segments.count {
                if let batch = try segments[index].translateOffset(offset) {
                    guard batch.header.baseOffset <= offset else { return nil }
                    return LogBatchLocation(segmentBaseOffset: segments[index].baseOffset, position: batch.position, header: batch.header)
                }
                index += 1
            }
            return nil
        }
    }

    /// ListOffsets by timestamp (`fetchOffsetByTimestamp`): -2 earliest, -1 latest, -3 the record
    /// with the largest timestamp; otherwise the first record with timestamp ≥ `timestamp`.
    public func fetchOffset(byTimestamp timestamp: Int64) throws -> TimestampAndOffset? {
        try lock.withLock {
            switch timestamp {
            case -2:
                return TimestampAndOffset(timestamp: -1, offset: logStartOffsetValue,
                                          leaderEpoch: epochCache.entries.last(where: { $0.startOffset <= logStartOffsetValue })?.epoch)
            case -1:
                return TimestampAndOffset(timestamp: -1, offset: activeSegment.nextOffset, leaderEpoch: epochCache.latestEpoch)
            case -3:
                return try offsetOfMaxTimestamp()
            default:
                guard let segment = segments.first(where: { $0.largestTimestamp >= timestamp }) else { return nil }
                let indexed = segment.timeIndex.lookup(timestamp)
                let position = Int(segment.offsetIndex.lookup(max(indexed.offset, logStartOffsetValue)).position)
                for batch in try segment.batches(from: position) where batch.header.maxTimestamp >= timestamp {
                    if let found = try firstRecord(in: segment, batch: batch, where: { ts, offset in
                        ts >= timestamp && offset >= self.logStartOffsetValue
                    }) {
                        return found
                    }
                }
                return nil
            }
        }
    }

    private func offsetOfMaxTimestamp() throws -> TimestampAndOffset? {
        guard let segment = segments.max(by: { $0.largestTimestamp < $1.largestTimestamp }), segment.largestTimestamp >= 0 else {
            return nil
        }
        let maxTimestamp = segment.largestTimestamp
        for batch in try segment.batches() where batch.header.maxTimestamp == maxTimestamp {
            if let found = try firstRecord(in: segment, batch: batch, where: { ts, _ in ts == maxTimestamp }) { return found }
        }
        return nil
    }

    /// The first record of `batch` matching `predicate(timestamp, offset)`, decompressing if
    /// needed (LogAppendTime batches give every record the batch max timestamp).
    private func firstRecord(in segment: LogSegment, batch: FileBatch,
                             where predicate: (Int64, Int64) -> Bool) throws -> TimestampAndOffset? {
        let header = batch.header
        let epoch: Int32? = header.partitionLeaderEpoch >= 0 ? header.partitionLeaderEpoch : nil
        var bytes = try segment.read(position: batch.position, count: batch.size)
        let recordBatch = try RecordBatch(from: &bytes, verifyingCRC: false)
        var records = try recordBatch.makeRecordIterator()
        while let record = try records.next() {
            if predicate(record.timestamp, record.offset) {
                return TimestampAndOffset(timestamp: record.timestamp, offset: record.offset, leaderEpoch: epoch)
            }
        }
        return nil
    }
}
