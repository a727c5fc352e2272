import Foundation
@testable import KafkaBroker
import KafkaProtocol
import KafkaStorage
import NIOCore
import Testing

/// Bad batches a client can send, checked without a broker.
@Suite("DataPath.LogValidator")
struct LogValidatorTests {
    let partition = TopicPartition(topic: "v", partition: 0)

    func validate(_ records: ByteBuffer, config: LogConfig = LogConfig(), now: Int64 = PartitionClock.now()) throws -> ValidatedBatch {
        let (header, batch) = try LogValidator.validateProduceRecords(records, version: 9)
        return try LogValidator.validate(batch, header: header, partition: partition, config: config, now: now)
    }

    func rejection(_ records: ByteBuffer, config: LogConfig = LogConfig()) -> AppendRejection? {
        do {
            _ = try validate(records, config: config)
            return nil
        } catch let error as AppendRejection {
            return error
        } catch {
            return AppendRejection(.unknownServerError, "\(error)")
        }
    }

    /// Changes a header field and recomputes the CRC, so only the field is wrong.
    func patched(_ batch: ByteBuffer, _ change: (inout ByteBuffer, Int) -> Void) -> ByteBuffer {
        var copy = batch
        let start = copy.readerIndex
        change(&copy, start)
        let header = try? RecordBatchHeader(peekingAt: start, in: copy)
        let crc = RecordBatchHeader.computeCRC(ofBatchAt: start, totalSize: header?.totalSize ?? copy.readableBytes, in: copy)
        copy.setInteger(crc, at: start + RecordBatchHeader.crcOffset, endianness: .big)
        return copy
    }

    @Test("record set shapes: partial tails are trimmed, second batches refused, bad sizes and magics corrupt")
    func recordSetShapes() throws {
        let batch = try DataPath.batch(["a"])
        func shape(_ records: ByteBuffer) -> ErrorCode {
            do {
                let (_, trimmed) = try LogValidator.validateProduceRecords(records, version: 9)
                return trimmed == batch ? .noError : .unknownServerError
            } catch {
                return error.code
            }
        }
        var withTail = batch
        withTail.writeBytes(batch.getBytes(at: batch.readerIndex, length: 20) ?? [])
        #expect(shape(withTail) == .noError)
        var withFewBytes = batch
        withFewBytes.writeBytes([1, 2, 3])
        #expect(shape(withFewBytes) == .noError)
        var twice = batch
        twice.writeImmutableBuffer(batch)
        #expect(shape(twice) == .invalidRecord)
        var tinyLength = batch
        tinyLength.setInteger(Int32(10), at: tinyLength.readerIndex + 8, endianness: .big)
        #expect(shape(tinyLength) == .corruptMessage)
        var shortBatch = batch
        shortBatch.setInteger(Int32(20), at: shortBatch.readerIndex + 8, endianness: .big)
        #expect(shape(shortBatch) == .corruptMessage)
        var magic7 = batch
        magic7.setInteger(Int8(7), at: magic7.readerIndex + RecordBatchHeader.magicOffset)
        #expect(shape(magic7) == .corruptMessage)
        var magic1 = batch
        magic1.setInteger(Int8(1), at: magic1.readerIndex + RecordBatchHeader.magicOffset)
        #expect(shape(magic1) == .invalidRecord)
        #expect(shape(ByteBuffer(bytes: [0, 0, 0])) == .invalidRecord)
    }

    @Test("a non-zero base offset is INVALID_RECORD")
    func baseOffset() throws {
        let batch = try DataPath.batch(["a"])
        let bad = patched(batch) { buffer, start in buffer.setInteger(Int64(5), at: start, endianness: .big) }
        #expect(rejection(bad)?.code == .invalidRecord)
        #expect(rejection(bad)?.message == "The baseOffset of the record batch in the append to v-0 should be 0, but it is 5")
    }

    @Test("a record count that disagrees with lastOffsetDelta is INVALID_RECORD")
    func inconsistentCount() throws {
        let batch = try DataPath.batch(["a", "b"])
        let bad = patched(batch) { buffer, start in buffer.setInteger(Int32(3), at: start + 57, endianness: .big) }
        #expect(rejection(bad)?.code == .invalidRecord)
        #expect(rejection(bad)?.message == "Inconsistent batch offset range [0, 1] and count of records 3 in topic partition v-0")
    }

    @Test("a control batch from a client is INVALID_RECORD")
    func controlBatch() throws {
        let marker = try RecordBatchBuilder.endTransactionMarkerBatch(commit: true, producerId: 1, producerEpoch: 0,
                                                                      coordinatorEpoch: 0, timestamp: PartitionClock.now())
        #expect(rejection(marker.encoded())?.message == "Clients are not allowed to write control records in topic partition v-0")
    }

    @Test("a producer id without a base sequence is INVALID_RECORD")
    func missingSequence() throws {
        let batch = try DataPath.batch(["a"], producerId: 9, producerEpoch: 0, baseSequence: -1)
        #expect(rejection(batch)?.message == "Invalid sequence number -1 in record batch with producerId 9 in topic partition v-0")
    }

    @Test("a record whose length runs past the batch is INVALID_RECORD")
    func corruptRecord() throws {
        let batch = try DataPath.batch(["abc"])
        let bad = patched(batch) { buffer, start in
            // The first record's length varint (zig-zag) claims 60 bytes.
            buffer.setInteger(UInt8(120), at: start + RecordBatchHeader.size)
        }
        #expect(rejection(bad)?.code == .invalidRecord)
    }

    @Test("a compressed payload that does not decompress is CORRUPT_MESSAGE")
    func undecodablePayload() throws {
        let batch = try DataPath.batch(["abc", "def"], compression: .gzip)
        let bad = patched(batch) { buffer, start in
            for i in (start + RecordBatchHeader.size)..<(buffer.writerIndex - 4) { buffer.setInteger(UInt8(0x5A), at: i) }
        }
        #expect(rejection(bad)?.code == .corruptMessage)
    }

    @Test("an unknown codec is CORRUPT_MESSAGE")
    func unknownCodec() throws {
        let batch = try DataPath.batch(["a"])
        let bad = patched(batch) { buffer, start in buffer.setInteger(Int16(7), at: start + RecordBatchHeader.attributesOffset, endianness: .big) }
        #expect(rejection(bad)?.code == .corruptMessage)
    }

    @Test("a producer-set LogAppendTime on a LogAppendTime topic is INVALID_TIMESTAMP")
    func producerLogAppendTime() throws {
        let batch = try DataPath.batch(["a"])
        let bad = patched(batch) { buffer, start in buffer.setInteger(Int16(0x08), at: start + RecordBatchHeader.attributesOffset, endianness: .big) }
        var config = LogConfig()
        config.messageTimestampType = .logAppendTime
        #expect(rejection(bad, config: config)?.code == .invalidTimestamp)
    }

    @Test("a timestamp older than message.timestamp.before.max.ms is INVALID_TIMESTAMP")
    func tooOld() throws {
        var config = LogConfig()
        config.messageTimestampBeforeMaxMs = 1000
        let batch = try DataPath.batch(["a"], timestamp: PartitionClock.now() - 60_000)
        #expect(rejection(batch, config: config)?.code == .invalidTimestamp)
    }

    @Test("segment.bytes smaller than the batch is RECORD_LIST_TOO_LARGE")
    func recordListTooLarge() throws {
        var config = LogConfig()
        config.segmentBytes = 70
        #expect(rejection(try DataPath.batch(["abcdefghij"]), config: config)?.code == .recordListTooLarge)
    }

    @Test("wrong inner offsets are rewritten, not refused")
    func innerOffsetsRewritten() throws {
        var builder = RecordBatchBuilder()
        try builder.append(key: nil, value: ByteBuffer(string: "a"), timestamp: PartitionClock.now(), offsetDelta: 0)
        try builder.append(key: nil, value: ByteBuffer(string: "b"), timestamp: PartitionClock.now(), offsetDelta: 1)
        var batch = try builder.build()
        batch.header.lastOffsetDelta = 1
        let validated = try validate(batch.encoded())
        var records = validated.records
        let rebuilt = try RecordBatch(from: &records)
        #expect(try rebuilt.decodeRecords().map(\.offsetDelta) == [0, 1])
    }

    @Test("uncompressed and same-codec batches keep their bytes")
    func inPlace() throws {
        for codec in [CompressionCodec.none, .lz4, .snappy] {
            let batch = try DataPath.batch(["a", "b"], compression: codec)
            #expect(try validate(batch).records == batch)
        }
    }

    @Test("sequence checks: new producers, duplicates, gaps, fencing, wrap-around")
    func sequences() throws {
        func header(epoch: Int16, seq: Int32, count: Int32 = 1) -> RecordBatchHeader {
            RecordBatchHeader(baseOffset: 0, batchLength: 49, partitionLeaderEpoch: 0, crc: 0, attributes: 0,
                              lastOffsetDelta: count - 1, baseTimestamp: 0, maxTimestamp: 0, producerId: 3,
                              producerEpoch: epoch, baseSequence: seq, recordsCount: count)
        }
        #expect(try ProducerSequenceCheck.check(header(epoch: 0, seq: 17), entry: nil, offset: 0, partition: partition) == .append)
        // Entries as the log builds them: producer 3 wrote sequences 0...4, producer 4 ended at Int32.max.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kafkit-seq-" + UUID().uuidString + "/v-0").path
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let log = try PartitionLog(directory: dir)
        try log.appendAsLeader(try DataPath.batch(["a", "b", "c", "d", "e"], producerId: 3, producerEpoch: 0, baseSequence: 0), leaderEpoch: 0)
        try log.appendAsLeader(try DataPath.batch(["z"], producerId: 4, producerEpoch: 0, baseSequence: Int32.max), leaderEpoch: 0)
        var entry = try #require(log.producerStateEntry(for: 3))
        #expect(try ProducerSequenceCheck.check(header(epoch: 0, seq: 5), entry: entry, offset: 11, partition: partition) == .append)
        #expect(try ProducerSequenceCheck.check(header(epoch: 0, seq: 0, count: 5), entry: entry, offset: 11, partition: partition)
                == .duplicate(entry.batchMetadata[0]))
        #expect(throws: AppendRejection.self) { try ProducerSequenceCheck.check(header(epoch: 0, seq: 6), entry: entry, offset: 11, partition: partition) }
        #expect(throws: AppendRejection.self) { try ProducerSequenceCheck.check(header(epoch: 1, seq: 3), entry: entry, offset: 11, partition: partition) }
        #expect(try ProducerSequenceCheck.check(header(epoch: 1, seq: 0), entry: entry, offset: 11, partition: partition) == .append)
        entry = try #require(log.producerStateEntry(for: 4))
        var wrapped = header(epoch: 0, seq: 0)
        wrapped.producerId = 4
        #expect(try ProducerSequenceCheck.check(wrapped, entry: entry, offset: 6, partition: partition) == .append)
        try log.close()
    }
}
