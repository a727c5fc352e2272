import KafkaProtocol
import NIOCore

/// A metadata record with the schema version it is written at.
public struct VersionedMetadataRecord: Sendable {
    public var record: any KafkaMetadataRecord
    public var version: Int16

    public init(_ record: any KafkaMetadataRecord, version: Int16) {
        self.record = record
        self.version = version
    }

    /// The record value: frame header + body (`MetadataRecordSerde`).
    func encodedValue() throws -> ByteBuffer {
        var buffer = ByteBuffer()
        MetadataRecordFrame.writeHeader(apiKey: type(of: record).recordType.rawValue, version: version, into: &buffer)
        try record.encode(into: &buffer, version: version)
        return buffer
    }
}

/// What one batch of `__cluster_metadata` holds, decoded.
enum MetadataBatchContent {
    case records([(offset: Int64, record: any KafkaMetadataRecord)])
    case leaderChange(LeaderChangeMessage)
    case otherControl
}

enum MetadataRecordBatches {
    /// A batch of metadata records as the KRaft leader writes it (no producer id, the leader
    /// epoch in the header, CreateTime now).
    static func build(_ records: [VersionedMetadataRecord], epoch: Int32, timestamp: Int64) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(partitionLeaderEpoch: epoch)
        for record in records {
            try builder.append(key: nil, value: try record.encodedValue(), timestamp: timestamp)
        }
        return try builder.build().encoded()
    }

    /// A control batch holding one `LeaderChangeMessage`.
    static func leaderChange(_ message: LeaderChangeMessage, epoch: Int32, timestamp: Int64) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(isControl: true, partitionLeaderEpoch: epoch)
        let value = try message.encoded(version: 0)
        try builder.append(key: ControlRecordKey(type: .leaderChange).encoded, value: value, timestamp: timestamp)
        return try builder.build().encoded()
    }

    /// Decodes a batch's records (or control record).
    static func decode(_ batch: RecordBatch) throws -> MetadataBatchContent {
        if batch.isControl {
            var content = MetadataBatchContent.otherControl
            try batch.forEachRecord { record in
                guard let key = record.key, let control = try? ControlRecordKey(parsing: key),
                      control.type == .leaderChange, var value = record.value else { return }
                content = .leaderChange(try LeaderChangeMessage.decode(from: &value, version: 0))
            }
            return content
        }
        var records: [(offset: Int64, record: any KafkaMetadataRecord)] = []
        try batch.forEachRecord { record in
            guard var value = record.value else {
                throw KafkaProtocolError.corruptRecord("metadata record at offset \(record.offset) has no value")
            }
            let decoded = try MetadataRecordFrame.decodeMetadataRecord(from: &value)
            records.append((record.offset, decoded.record))
        }
        return .records(records)
    }
}
