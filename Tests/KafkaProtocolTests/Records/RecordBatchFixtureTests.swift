import NIOCore
import Testing

@testable import KafkaProtocol

@Suite("Record batches from Kafka 4.0 segments")
struct RecordBatchFixtureTests {
    @Test("every segment walks to its end with no partial tail")
    func segmentsWalk() throws {
        #expect(SegmentFixtures.segments.count >= 30)
        var batchCount = 0
        for segment in SegmentFixtures.segments {
            var reader = RecordBatchReader(segment.bytes)
            var expectedPosition = 0
            while let batch = try reader.next() {
                #expect(batch.header.magic == 2)
                expectedPosition += batch.sizeInBytes
                #expect(reader.position == expectedPosition)
                batchCount += 1
            }
            #expect(reader.truncatedTailBytes == 0, "\(segment)")
            #expect(reader.position == segment.bytes.readableBytes, "\(segment)")
        }
        #expect(batchCount == SegmentFixtures.batches.count)
    }

    @Test("every batch: CRC verifies, records iterate strictly, bytes re-encode identically")
    func everyBatch() throws {
        var codecs = Set<Int8>()
        var sawControl = false, sawTransactional = false, sawLogAppendTime = false
        for (segment, bytes) in SegmentFixtures.batches {
            var buffer = bytes
            let batch = try RecordBatch(from: &buffer)
            #expect(buffer.readableBytes == 0)
            #expect(batch.isValid, "\(segment)")
            try batch.validate()
            #expect(batch.encoded() == bytes, "\(segment) batch at \(batch.baseOffset)")
            codecs.insert(try #require(batch.compression).rawValue)
            sawControl = sawControl || batch.isControl
            sawTransactional = sawTransactional || batch.isTransactional
            sawLogAppendTime = sawLogAppendTime || batch.timestampType == .logAppendTime

            let records = try batch.decodeRecords()
            #expect(records.count == Int(batch.recordsCount), "\(segment)")
            for (i, record) in records.enumerated() {
                #expect(record.attributes == 0)
                #expect(record.offset == batch.baseOffset + Int64(record.offsetDelta))
                #expect(record.offsetDelta == Int32(i), "offsets in a producer batch are consecutive")
                if batch.timestampType == .logAppendTime {
                    #expect(record.timestamp == batch.header.maxTimestamp)
                } else {
                    #expect(record.timestamp <= batch.header.maxTimestamp)
                }
                if batch.isControl {
                    let control = try record.controlRecord()
                    if control.type == .commit || control.type == .abort {
                        _ = try control.endTransactionMarker()
                    }
                }
            }
            #expect(records.last.map { batch.lastOffset == $0.offset } ?? true)
            #expect(records.map(\.timestamp).max().map { $0 == batch.header.maxTimestamp || batch.timestampType == .logAppendTime } ?? true)
        }
        #expect(codecs == [0, 1, 2, 3, 4])
        #expect(sawControl && sawTransactional && sawLogAppendTime)
    }

    @Test("records match produced-records.jsonl (keys, values, headers, timestamps, offsets)")
    func producedRecordsMatch() throws {
        var decoded: [String: [Int64: Record]] = [:]
        var inOrder: [String: [Record]] = [:]
        for (segment, bytes) in SegmentFixtures.batches where segment.directory.hasPrefix("fx-") {
            var buffer = bytes
            let batch = try RecordBatch(from: &buffer)
            guard !batch.isControl else { continue }
            let (topic, partition) = segment.topicPartition
            for record in try batch.decodeRecords() {
                decoded["\(topic)-\(partition)", default: [:]][record.offset] = record
                inOrder[topic, default: []].append(record)
            }
        }
        var matched = 0
        var orderIndex: [String: Int] = [:]
        for produced in SegmentFixtures.produced {
            let record: Record
            if let partition = produced.partition, let offset = produced.offset {
                record = try #require(decoded["\(produced.topic)-\(partition)"]?[offset], "\(produced.topic)-\(partition)@\(offset)")
                #expect(record.offset == offset)
            } else {
                // fx-compressed-java: no offsets recorded; the records are in log order.
                let index = orderIndex[produced.topic, default: 0]
                orderIndex[produced.topic] = index + 1
                record = try #require(inOrder[produced.topic]?[index])
            }
            #expect(record.key?.utf8String == produced.key)
            #expect(record.value?.utf8String == produced.value)
            if let timestamp = produced.timestamp { #expect(record.timestamp == timestamp) }
            let headers = record.headers.map { ($0.key, $0.value?.utf8String) }
            let expected = produced.headers ?? []
            #expect(headers.count == expected.count)
            for (got, want) in zip(headers, expected) {
                #expect(got.0 == want.0 && got.1 == want.1)
            }
            matched += 1
        }
        #expect(matched >= 90)
    }

    @Test("an uncompressed batch rebuilt with the builder is byte-identical")
    func builderReproducesUncompressedBatches() throws {
        var rebuilt = 0
        for (segment, bytes) in SegmentFixtures.batches {
            var buffer = bytes
            let batch = try RecordBatch(from: &buffer)
            guard batch.compression == CompressionCodec.none, !batch.header.hasDeleteHorizon else { continue }
            var builder = RecordBatchBuilder(
                baseOffset: batch.baseOffset, timestampType: batch.timestampType,
                logAppendTime: batch.header.maxTimestamp, producerId: batch.header.producerId,
                producerEpoch: batch.header.producerEpoch, baseSequence: batch.header.baseSequence,
                isTransactional: batch.isTransactional, isControl: batch.isControl,
                partitionLeaderEpoch: batch.header.partitionLeaderEpoch)
            for record in try batch.decodeRecords() {
                try builder.append(
                    key: record.key, value: record.value, headers: Array(record.headers),
                    timestamp: batch.header.baseTimestamp + record.timestampDelta, offsetDelta: record.offsetDelta)
            }
            let built = try builder.build()
            #expect(built.encoded() == bytes, "\(segment) batch at \(batch.baseOffset)")
            rebuilt += 1
        }
        #expect(rebuilt > 100)
    }

    @Test("compressed batches rebuilt with our codecs decode to the same records")
    func compressedRebuild() throws {
        for (segment, bytes) in SegmentFixtures.batches {
            var buffer = bytes
            let batch = try RecordBatch(from: &buffer)
            guard let codec = batch.compression, codec != .none else { continue }
            var builder = RecordBatchBuilder(
                baseOffset: batch.baseOffset, compression: codec, producerId: batch.header.producerId,
                producerEpoch: batch.header.producerEpoch, baseSequence: batch.header.baseSequence,
                isTransactional: batch.isTransactional, partitionLeaderEpoch: batch.header.partitionLeaderEpoch)
            let original = try batch.decodeRecords()
            for record in original {
                try builder.append(key: record.key, value: record.value, headers: Array(record.headers), timestamp: record.timestamp)
            }
            var encoded = try builder.build().encoded()
            let again = try RecordBatch(from: &encoded)
            #expect(again.compression == codec)
            #expect(again.header.maxTimestamp == batch.header.maxTimestamp, "\(segment)")
            #expect(again.header.baseTimestamp == batch.header.baseTimestamp)
            #expect(again.header.lastOffsetDelta == batch.header.lastOffsetDelta)
            #expect(try again.uncompressedRecords() == batch.uncompressedRecords(), "\(segment) \(codec)")
        }
    }

    @Test("control batches: markers parse and our marker builder reproduces them")
    func controlBatches() throws {
        var markers = 0
        for (segment, bytes) in SegmentFixtures.batches {
            var buffer = bytes
            let batch = try RecordBatch(from: &buffer)
            guard batch.isControl else { continue }
            let records = try batch.decodeRecords()
            let control = try records[0].controlRecord()
            switch control.type {
            case .commit, .abort:
                #expect(batch.isTransactional)
                #expect(records.count == 1)
                let marker = try control.endTransactionMarker()
                let rebuilt = try RecordBatchBuilder.endTransactionMarkerBatch(
                    commit: control.type == .commit, producerId: batch.header.producerId,
                    producerEpoch: batch.header.producerEpoch, coordinatorEpoch: marker.coordinatorEpoch,
                    timestamp: records[0].timestamp, baseOffset: batch.baseOffset,
                    partitionLeaderEpoch: batch.header.partitionLeaderEpoch)
                #expect(rebuilt.encoded() == bytes, "\(segment)")
                markers += 1
            case .leaderChange, .snapshotHeader, .snapshotFooter, .kraftVersion, .kraftVoters:
                #expect(segment.directory.hasPrefix("__cluster_metadata") || segment.directory == "bootstrap")
                #expect(control.value != nil)
            case .unknown(let raw):
                Issue.record("unknown control type \(raw) in \(segment)")
            }
        }
        #expect(markers >= 4)
    }

    @Test("fx-transactional: COMMIT/ABORT markers follow the txnOutcome of produced-records.jsonl")
    func transactionalOutcomes() throws {
        var types: [ControlRecordType] = []
        for (segment, bytes) in SegmentFixtures.batches where segment.directory == "fx-transactional-0" {
            var buffer = bytes
            let batch = try RecordBatch(from: &buffer)
            if batch.isControl { types.append(try batch.decodeRecords()[0].controlRecord().type) }
        }
        #expect(types == [.commit, .abort, .commit])
    }
}
