import KafkaProtocol
import KafkaStorage
import NIOCore

/// A produce partition refused by validation: the error code, the response's error message and
/// the per-record errors (`RecordValidationException`).
struct AppendRejection: Error, Sendable {
    var code: ErrorCode
    var message: String?
    var recordErrors: [(batchIndex: Int32, message: String?)] = []

    init(_ code: ErrorCode, _ message: String?, recordErrors: [(batchIndex: Int32, message: String?)] = []) {
        self.code = code
        self.message = message
        self.recordErrors = recordErrors
    }
}

/// What validation made of a produce batch: the batch to write (offset 0-based, to be placed at
/// the log end by the log) and the time LogAppendTime stamped (-1 for CreateTime).
struct ValidatedBatch: Sendable {
    var records: ByteBuffer
    var header: RecordBatchHeader
    var logAppendTime: Int64
}

/// `ProduceRequest.validateRecords` and `LogValidator.validateMessagesAndAssignOffsets` for one
/// client batch. Uncompressed and same-codec batches keep their bytes (only maxTimestamp, the
/// timestamp-type bit and the CRC change with LogAppendTime); a topic codec other than the
/// batch's rebuilds the batch.
enum LogValidator {
    /// The request-level shape check (`ProduceRequest.validateRecords` over Kafka's
    /// `ByteBufferLogInputStream`): exactly one magic-2 batch; zstd needs Produce v7+. Bytes after
    /// the batch that do not make a whole batch are ignored and trimmed, as Kafka's append does.
    static func validateProduceRecords(_ records: ByteBuffer, version: Int16) throws(AppendRejection)
        -> (header: RecordBatchHeader, records: ByteBuffer)
    {
        let start = records.readerIndex
        guard let size = try batchSize(records, at: start) else {
            // Too few bytes for the batch it declares: no batch at all.
            throw AppendRejection(.invalidRecord, nil)
        }
        guard records.getInteger(at: start + RecordBatchHeader.magicOffset, as: Int8.self) == 2 else {
            throw AppendRejection(.invalidRecord, nil)
        }
        guard size >= RecordBatchHeader.size, let header = try? RecordBatchHeader(peekingAt: start, in: records) else {
            throw AppendRejection(.corruptMessage,
                "Record batch is corrupt (the size \(size) is smaller than the minimum allowed overhead \(RecordBatchHeader.size))")
        }
        if version < 7 && header.compressionCodec == Int(CompressionCodec.zstd.rawValue) {
            throw AppendRejection(.unsupportedCompressionType, nil)
        }
        if try batchSize(records, at: start + size) != nil { throw AppendRejection(.invalidRecord, nil) }
        return (header, records.getSlice(at: start, length: size) ?? records)
    }

    /// The whole size of the batch at `position` if all of it is there (`nextBatchSize`); nil if
    /// the bytes end first. A size below the record overhead or an unknown magic is corrupt.
    private static func batchSize(_ records: ByteBuffer, at position: Int) throws(AppendRejection) -> Int? {
        let remaining = records.writerIndex - position
        guard remaining >= RecordBatchHeader.logOverhead,
              let length = records.getInteger(at: position + 8, as: Int32.self) else { return nil }
        // `MIN_RECORD_OVERHEAD` of the legacy formats: the smallest size any magic allows.
        guard length >= 14 else { throw AppendRejection(.corruptMessage, nil) }
        guard remaining >= RecordBatchHeader.magicOffset + 1,
              let magic = records.getInteger(at: position + RecordBatchHeader.magicOffset, as: Int8.self) else { return nil }
        guard (0...2).contains(magic) else { throw AppendRejection(.corruptMessage, nil) }
        let size = Int(length) + RecordBatchHeader.logOverhead
        return remaining >= size ? size : nil
    }

    /// `analyzeAndValidateRecords` + `validateMessagesAndAssignOffsets` for a leader append.
    static func validate(_ records: ByteBuffer, header: RecordBatchHeader, partition: TopicPartition,
                         config: LogConfig, now: Int64) throws(AppendRejection) -> ValidatedBatch {
        let start = records.readerIndex
        if header.baseOffset != 0 {
            throw AppendRejection(.invalidRecord,
                "The baseOffset of the record batch in the append to \(partition) should be 0, but it is \(header.baseOffset)")
        }
        if header.totalSize > config.maxMessageBytes {
            throw AppendRejection(.messageTooLarge,
                "The record batch size in the append to \(partition) is \(header.totalSize) bytes which exceeds the maximum configured value of \(config.maxMessageBytes).")
        }
        let crc = RecordBatchHeader.computeCRC(ofBatchAt: start, totalSize: header.totalSize, in: records)
        guard crc == header.crc else {
            throw AppendRejection(.corruptMessage, "Record is corrupt (stored crc = \(header.crc), computed crc = \(crc))")
        }
        if header.totalSize > config.segmentBytes {
            throw AppendRejection(.recordListTooLarge,
                "Message batch size is \(header.totalSize) bytes in append to partition \(partition) which exceeds the maximum configured segment size of \(config.segmentBytes).")
        }
        try validateBatch(header, partition: partition)

        let sourceCodec: CompressionCodec
        do { sourceCodec = try CompressionCodec(attributeBits: header.compressionCodec) } catch {
            throw AppendRejection(.corruptMessage, "Unknown compression type id \(header.compressionCodec) in topic partition \(partition)")
        }
        let targetCodec = Self.targetCodec(config.compressionType, source: sourceCodec)
        let logAppendTime = config.messageTimestampType == .logAppendTime
        let batch = RecordBatch(header: header,
                                recordsPayload: records.getSlice(at: start + RecordBatchHeader.size,
                                                                 length: header.totalSize - RecordBatchHeader.size) ?? ByteBuffer())
        // The common case (uncompressed, nothing to report) without building each record.
        if sourceCodec == .none && targetCodec == .none
            && UncompressedRecordScan(header: header, config: config, now: now).allValid(batch.recordsPayload) {
            return try keepBytes(records, header: header, logAppendTime: logAppendTime, now: now)
        }
        var iterator: RecordIterator
        do { iterator = try batch.makeRecordIterator(maxUncompressedSize: max(config.maxMessageBytes, 1) * 64) } catch {
            throw AppendRejection(.corruptMessage, "\(error)")
        }
        var recordErrors: [(batchIndex: Int32, message: String?, code: ErrorCode)] = []
        var offsetsInOrder = true
        var index: Int32 = 0
        while true {
            let next: Record?
            // A record that does not parse is Kafka's `InvalidRecordException` (INVALID_RECORD);
            // only batch-level damage (CRC, sizes, an undecodable payload) is CORRUPT_MESSAGE.
            do { next = try iterator.next() } catch { throw AppendRejection(.invalidRecord, "\(error)") }
            guard let record = next else { break }
            if let problem = recordProblem(record, index: index, batch: header, partition: partition, config: config, now: now) {
                recordErrors.append((index, problem.message, problem.code))
            }
            // Old clients with wrong inner offsets get their batch rewritten, as Kafka does.
            if record.offsetDelta != index { offsetsInOrder = false }
            index += 1
        }
        if !recordErrors.isEmpty {
            let errors = recordErrors.map { (batchIndex: $0.batchIndex, message: $0.message) }
            if recordErrors.contains(where: { $0.code == .invalidTimestamp }) {
                throw AppendRejection(.invalidTimestamp, "One or more records have been rejected due to invalid timestamp",
                                      recordErrors: errors)
            }
            let shown = errors.prefix(3).map { "RecordError(batchIndex=\($0.batchIndex), message=\($0.message.map { "'\($0)'" } ?? "null"))" }
            throw AppendRejection(.invalidRecord,
                "One or more records have been rejected due to \(errors.count) record errors in total, and only showing the first three errors at most: [\(shown.joined(separator: ", "))]",
                recordErrors: errors)
        }
        if targetCodec == sourceCodec && offsetsInOrder {
            return try keepBytes(records, header: header, logAppendTime: logAppendTime, now: now)
        }
        var validRecords: [Record] = []
        validRecords.reserveCapacity(Int(index))
        do { try batch.forEachRecord { validRecords.append($0) } } catch { throw AppendRejection(.corruptMessage, "\(error)") }
        return try rebuild(header: header, records: validRecords, codec: targetCodec,
                           logAppendTime: logAppendTime ? now : nil)
    }

    /// The batch as the client sent it; with LogAppendTime, its max timestamp and type set in place.
    private static func keepBytes(_ records: ByteBuffer, header: RecordBatchHeader, logAppendTime: Bool,
                                  now: Int64) throws(AppendRejection) -> ValidatedBatch {
        guard logAppendTime else { return ValidatedBatch(records: records, header: header, logAppendTime: -1) }
        let start = records.readerIndex
        var buffer = records
        do { try RecordBatch.setMaxTimestamp(now, timestampType: .logAppendTime, ofBatchAt: start, in: &buffer) } catch {
            throw AppendRejection(.corruptMessage, "\(error)")
        }
        let newHeader = (try? RecordBatchHeader(peekingAt: start, in: buffer)) ?? header
        return ValidatedBatch(records: buffer, header: newHeader, logAppendTime: now)
    }

    /// `compression.type`: `producer` keeps the batch's codec; `uncompressed` means none.
    static func targetCodec(_ configured: String, source: CompressionCodec) -> CompressionCodec {
        switch configured.lowercased() {
        case "producer": return source
        case "uncompressed", "none": return .none
        default: return CompressionCodec(name: configured.lowercased()) ?? source
        }
    }

    private static func validateBatch(_ header: RecordBatchHeader, partition: TopicPartition) throws(AppendRejection) {
        let countFromOffsets = Int64(header.lastOffsetDelta) + 1
        if countFromOffsets <= 0 {
            throw AppendRejection(.invalidRecord,
                "Batch has an invalid offset range: [\(header.baseOffset), \(header.lastOffset)] in topic partition \(partition)")
        }
        if header.recordsCount <= 0 {
            throw AppendRejection(.invalidRecord, "Invalid reported count for record batch: \(header.recordsCount) in topic partition \(partition)")
        }
        if countFromOffsets != Int64(header.recordsCount) {
            throw AppendRejection(.invalidRecord,
                "Inconsistent batch offset range [\(header.baseOffset), \(header.lastOffset)] and count of records \(header.recordsCount) in topic partition \(partition)")
        }
        if header.isControl {
            throw AppendRejection(.invalidRecord, "Clients are not allowed to write control records in topic partition \(partition)")
        }
        if header.producerId >= 0 && header.baseSequence < 0 {
            throw AppendRejection(.invalidRecord,
                "Invalid sequence number \(header.baseSequence) in record batch with producerId \(header.producerId) in topic partition \(partition)")
        }
    }

    /// `validateRecord`: key on compacted topics, timestamp bounds and type.
    private static func recordProblem(_ record: Record, index: Int32, batch: RecordBatchHeader, partition: TopicPartition,
                                      config: LogConfig, now: Int64) -> (code: ErrorCode, message: String)? {
        if config.cleanupPolicy.contains(.compact) && record.key == nil {
            return (.invalidRecord, "Compacted topic cannot accept message without key in topic partition \(partition)")
        }
        if config.messageTimestampType == .createTime && record.timestamp != -1 {
            let diff = now &- record.timestamp
            if diff > config.messageTimestampBeforeMaxMs || -diff > config.messageTimestampAfterMaxMs {
                return (.invalidTimestamp,
                        "Timestamp \(record.timestamp) of message with offset \(record.offset) is out of range. The timestamp should be within [\(now &- config.messageTimestampBeforeMaxMs), \(now &+ config.messageTimestampAfterMaxMs)]")
            }
        } else if batch.isLogAppendTime {
            return (.invalidTimestamp,
                    "Invalid timestamp type in message offset=\(record.offset). Producer should not set timestamp type to LogAppendTime.")
        }
        return nil
    }

    /// `buildRecordsAndAssignOffsets`: a new batch in the topic's codec, producer fields kept.
    private static func rebuild(header: RecordBatchHeader, records: [Record], codec: CompressionCodec,
                                logAppendTime: Int64?) throws(AppendRejection) -> ValidatedBatch {
        var builder = RecordBatchBuilder(
            baseOffset: 0, compression: codec, timestampType: logAppendTime == nil ? .createTime : .logAppendTime,
            logAppendTime: logAppendTime, producerId: header.producerId, producerEpoch: header.producerEpoch,
            baseSequence: header.baseSequence, isTransactional: header.isTransactional,
            partitionLeaderEpoch: header.partitionLeaderEpoch)
        do {
            for (index, record) in records.enumerated() {
                try builder.append(key: record.key, value: record.value, headers: Array(record.headers),
                                   timestamp: record.timestamp, offsetDelta: Int32(index))
            }
            let batch = try builder.build()
            return ValidatedBatch(records: batch.encoded(), header: batch.header, logAppendTime: logAppendTime ?? -1)
        } catch {
            throw AppendRejection(.corruptMessage, "\(error)")
        }
    }
}
