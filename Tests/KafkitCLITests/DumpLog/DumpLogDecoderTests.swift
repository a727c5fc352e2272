import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkitCLI

/// Decoders the recorded runs do not exercise, on segments built here.
@Suite("dump-log decoders on built segments")
struct DumpLogDecoderTests {
    static func segment(_ records: [(key: ByteBuffer?, value: ByteBuffer?)]) throws -> Data {
        var builder = RecordBatchBuilder(baseOffset: 0)
        for (i, record) in records.enumerated() {
            try builder.append(key: record.key, value: record.value, timestamp: 1_000 + Int64(i))
        }
        return Data(try builder.build().encoded().readableBytesView)
    }

    static func dump(_ data: Data, _ flags: [String]) async throws -> (Int32, String, String) {
        let directory = NSTemporaryDirectory() + "dumplog-decoders-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try data.write(to: URL(fileURLWithPath: directory + "/00000000000000000000.log"))
        return await DumpLogFixtures.runTool(["--files", "$DIR/00000000000000000000.log"] + flags, directory: directory)
    }

    static func payloads(_ out: String) -> [String] {
        out.split(separator: "\n").compactMap { line in
            line.range(of: " payload: ").map { String(line[$0.upperBound...]) }
        }
    }

    @Test func remoteLogMetadataRecordsPrintJavasToString() async throws {
        var metadata = RemoteLogSegmentMetadataRecord()
        metadata.remoteLogSegmentId.topicIdPartition.name = "orders"
        metadata.remoteLogSegmentId.topicIdPartition.partition = 3
        metadata.startOffset = 0
        metadata.endOffset = 99
        metadata.brokerId = 1
        metadata.segmentLeaderEpochs = [.init(), .init()]
        metadata.segmentLeaderEpochs[0].leaderEpoch = 2
        metadata.segmentLeaderEpochs[0].offset = 50
        metadata.segmentLeaderEpochs[1].leaderEpoch = 1
        metadata.segmentLeaderEpochs[1].offset = 0
        metadata.segmentSizeInBytes = 4096
        metadata.remoteLogSegmentState = 1
        var value = ByteBuffer()
        try MetadataRecordFrame.write(metadata, version: 0, into: &value)
        let data = try Self.segment([(nil, value), (nil, ByteBuffer(bytes: [9, 9]))])
        let (code, out, err) = try await Self.dump(data, ["--remote-log-metadata-decoder"])
        #expect(code == 0)
        #expect(err.isEmpty)
        let payloads = Self.payloads(out)
        #expect(payloads.count == 2)
        #expect(payloads[0] == "RemoteLogSegmentMetadata{remoteLogSegmentId=RemoteLogSegmentId{topicIdPartition=AAAAAAAAAAAAAAAAAAAAAA:orders-3, id=AAAAAAAAAAAAAAAAAAAAAA}, startOffset=0, endOffset=99, brokerId=1, maxTimestampMs=0, eventTimestampMs=0, segmentLeaderEpochs={1=0, 2=50}, segmentSizeInBytes=4096, customMetadata=Optional.empty, state=COPY_SEGMENT_FINISHED, txnIdxEmpty=false}")
        #expect(payloads[1].hasPrefix("Error at offset 1, skipping. "))
    }

    @Test func clusterMetadataDecoderReportsBadRecordsAndGoesOn() async throws {
        let data = try Self.segment([(nil, ByteBuffer(bytes: [1, 200, 1, 0])), (nil, nil)])
        let (code, out, _) = try await Self.dump(data, ["--cluster-metadata-decoder"])
        #expect(code == 0)
        let payloads = Self.payloads(out)
        #expect(payloads.count == 2)
        #expect(payloads.allSatisfy { $0.hasPrefix("Error at ") })
        #expect(payloads[1] == "Error at 1, skipping. null")
    }

    @Test func offsetsDecoderOnOddRecords() async throws {
        let unknownType = ByteBuffer(bytes: [0, 99, 0, 0])
        let tooShort = ByteBuffer(bytes: [0])
        let data = try Self.segment([(unknownType, nil), (tooShort, nil)])
        let (code, out, _) = try await Self.dump(data, ["--offsets-decoder"])
        #expect(code == 0)
        #expect(out.contains("key: Unknown record type 99 at offset 0, skipping.\n"))
        #expect(out.contains("key: Error at offset 1, skipping. Could not read version from key's buffer.\n"))

        let noKey = try Self.segment([(nil, ByteBuffer(string: "v"))])
        let (failed, _, err) = try await Self.dump(noKey, ["--offsets-decoder"])
        #expect(failed == 1)
        #expect(err == "Exception in thread \"main\" java.lang.RuntimeException: Failed to decode message at offset 0 using offset topic decoder (message had a missing key)\n")
    }

    @Test func transactionLogDecoderOnUnknownKeyVersion() async throws {
        let data = try Self.segment([(ByteBuffer(bytes: [0, 7, 0]), nil)])
        let (code, out, _) = try await Self.dump(data, ["--transaction-log-decoder"])
        #expect(code == 0)
        #expect(out.hasSuffix("key: unknown::version=7\n"))
    }

    @Test func integerAndLongDecoders() async throws {
        let data = try Self.segment([(ByteBuffer(bytes: [0, 0, 0, 42]), ByteBuffer(bytes: [0, 0, 0, 0, 0, 0, 1, 0]))])
        let (code, out, _) = try await Self.dump(data, [
            "--key-decoder-class", "org.apache.kafka.tools.api.IntegerDecoder",
            "--value-decoder-class", "org.apache.kafka.tools.api.LongDecoder",
        ])
        #expect(code == 0)
        #expect(out.hasSuffix("key: 42 payload: 256\n"))

        let short = try Self.segment([(ByteBuffer(bytes: [1]), nil)])
        let (failed, _, err) = try await Self.dump(short, ["--key-decoder-class", "org.apache.kafka.tools.api.IntegerDecoder"])
        #expect(failed == 1)
        #expect(err == "Exception in thread \"main\" java.nio.BufferUnderflowException\n")
    }

    @Test func shareGroupStateDecoder() async throws {
        var key = ShareSnapshotKey()
        key.groupId = "share-group"
        key.partition = 2
        var keyBytes = ByteBuffer()
        try CoordinatorRecordCodec.encode(key, version: 0, into: &keyBytes)
        var value = ShareSnapshotValue()
        value.snapshotEpoch = 1
        var valueBytes = ByteBuffer()
        try CoordinatorRecordCodec.encode(value, version: 0, into: &valueBytes)
        let data = try Self.segment([(keyBytes, valueBytes), (keyBytes, nil)])
        let (code, out, err) = try await Self.dump(data, ["--share-group-state-decoder", "--skip-record-metadata"])
        #expect(code == 0)
        #expect(err.isEmpty)
        let lines = out.split(separator: "\n").filter { $0.hasPrefix("| key: ") }
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("| key: {\"type\":\"0\",\"data\":{\"groupId\":\"share-group\","))
        #expect(lines[0].contains(" payload: {\"version\":\"0\",\"data\":{"))
        #expect(lines[1].hasSuffix(" payload: <DELETE>"))
    }
}
