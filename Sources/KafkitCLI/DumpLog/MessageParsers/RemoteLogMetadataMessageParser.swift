import KafkaProtocol
import NIOCore

/// `RemoteMetadataLogMessageParser` (`--remote-log-metadata-decoder`): each
/// `__remote_log_metadata` value printed as the Java `toString` of the object Kafka's
/// `RemoteLogMetadataSerde` builds from it; no key.
struct RemoteLogMetadataMessageParser: DumpLogMessageParser {
    static let segmentStates = ["COPY_SEGMENT_STARTED", "COPY_SEGMENT_FINISHED", "DELETE_SEGMENT_STARTED", "DELETE_SEGMENT_FINISHED"]
    static let partitionDeleteStates = ["DELETE_PARTITION_MARKED", "DELETE_PARTITION_STARTED", "DELETE_PARTITION_FINISHED"]

    func parse(_ record: DumpedRecord) throws -> (key: String?, payload: String?) {
        guard var value = record.value else {
            return (nil, "Error at offset \(record.offset), skipping. null")
        }
        do {
            let (_, _, message) = try MetadataRecordFrame.decodeRemoteLogMetadataRecord(from: &value)
            return (nil, try Self.describe(message))
        } catch {
            return (nil, "Error at offset \(record.offset), skipping. \(error)")
        }
    }

    static func describe(_ message: any KafkaRemoteLogMetadataRecord) throws -> String {
        switch message {
        case let m as RemoteLogSegmentMetadataRecord:
            let id = m.remoteLogSegmentId
            return "RemoteLogSegmentMetadata{remoteLogSegmentId="
                + segmentId(topicId: id.topicIdPartition.id, topic: id.topicIdPartition.name,
                            partition: id.topicIdPartition.partition, id: id.id)
                + ", startOffset=\(m.startOffset), endOffset=\(m.endOffset), brokerId=\(m.brokerId)"
                + ", maxTimestampMs=\(m.maxTimestampMs), eventTimestampMs=\(m.eventTimestampMs)"
                + ", segmentLeaderEpochs=\(epochs(m.segmentLeaderEpochs.map { ($0.leaderEpoch, $0.offset) }))"
                + ", segmentSizeInBytes=\(m.segmentSizeInBytes), customMetadata=\(customMetadata(m.customMetadata))"
                + ", state=\(try state(m.remoteLogSegmentState, segmentStates)), txnIdxEmpty=\(m.txnIndexEmpty)}"
        case let m as RemoteLogSegmentMetadataUpdateRecord:
            let id = m.remoteLogSegmentId
            return "RemoteLogSegmentMetadataUpdate{remoteLogSegmentId="
                + segmentId(topicId: id.topicIdPartition.id, topic: id.topicIdPartition.name,
                            partition: id.topicIdPartition.partition, id: id.id)
                + ", customMetadata=\(customMetadata(m.customMetadata))"
                + ", state=\(try state(m.remoteLogSegmentState, segmentStates))"
                + ", eventTimestampMs=\(m.eventTimestampMs), brokerId=\(m.brokerId)}"
        case let m as RemotePartitionDeleteMetadataRecord:
            let partition = m.topicIdPartition
            return "RemotePartitionDeleteMetadata{topicPartition=\(partition.id):\(partition.name)-\(partition.partition)"
                + ", state=\(try state(m.remotePartitionDeleteState, partitionDeleteStates))"
                + ", eventTimestampMs=\(m.eventTimestampMs), brokerId=\(m.brokerId)}"
        case let m as RemoteLogSegmentMetadataSnapshotRecord:
            return "RemoteLogSegmentMetadataSnapshot{segmentId=\(m.segmentId), startOffset=\(m.startOffset)"
                + ", endOffset=\(m.endOffset), maxTimestampMs=\(m.maxTimestampMs)"
                + ", segmentLeaderEpochs=\(epochs(m.segmentLeaderEpochs.map { ($0.leaderEpoch, $0.offset) }))"
                + ", segmentSizeInBytes=\(m.segmentSizeInBytes), customMetadata=\(customMetadata(m.customMetadata))"
                + ", state=\(try state(m.remoteLogSegmentState, segmentStates))}"
        default:
            return "\(type(of: message).messageName)"
        }
    }

    /// `RemoteLogSegmentId.toString` with `TopicIdPartition.toString` (`<topicId>:<topic>-<partition>`).
    static func segmentId(topicId: KafkaUUID, topic: String, partition: Int32, id: KafkaUUID) -> String {
        "RemoteLogSegmentId{topicIdPartition=\(topicId):\(topic)-\(partition), id=\(id)}"
    }

    /// A `TreeMap<Integer, Long>`'s `toString`: sorted by key, `{k=v, k=v}`.
    static func epochs(_ entries: [(Int32, Int64)]) -> String {
        var byEpoch: [Int32: Int64] = [:]
        for (epoch, offset) in entries { byEpoch[epoch] = offset }
        return "{" + byEpoch.keys.sorted().map { "\($0)=\(byEpoch[$0] ?? 0)" }.joined(separator: ", ") + "}"
    }

    /// `Optional<CustomMetadata>.toString`.
    static func customMetadata(_ bytes: ByteBuffer?) -> String {
        guard let bytes else { return "Optional.empty" }
        return "Optional[CustomMetadata{\(bytes.readableBytes) bytes}]"
    }

    static func state(_ id: Int8, _ names: [String]) throws -> String {
        guard names.indices.contains(Int(id)) else {
            throw UncaughtJavaException(className: "java.lang.IllegalArgumentException", message: "Unknown state id \(id)")
        }
        return names[Int(id)]
    }
}
