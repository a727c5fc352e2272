import KafkaClient

/// `get-offsets --output json` (shape in docs/json/get-offsets.md).
struct GetOffsetsDocument: Encodable, Sendable {
    var offsets: [Entry]
    /// The partitions the text skips with `Skip getting offsets for topic-partition …`.
    var errors: [PartitionError]

    struct Entry: Encodable, Sendable {
        var topic: String
        var partition: Int32
        /// Null when the broker found no offset for the time spec (the text omits the line).
        var offset: Int64?
        /// The found record's timestamp for a timestamp or `max-timestamp` spec; else null.
        var timestamp: Int64?
        var leaderEpoch: Int32?
    }

    struct PartitionError: Encodable, Sendable {
        var topic: String
        var partition: Int32
        var message: String
        var type: String
    }

    init(offsets: [Entry], errors: [PartitionError]) {
        let order: (String, Int32, String, Int32) -> Bool = { topicA, partitionA, topicB, partitionB in
            topicA != topicB ? topicA.utf16.lexicographicallyPrecedes(topicB.utf16) : partitionA < partitionB
        }
        self.offsets = offsets.sorted { order($0.topic, $0.partition, $1.topic, $1.partition) }
        self.errors = errors.sorted { order($0.topic, $0.partition, $1.topic, $1.partition) }
    }

    static func entry(_ partition: TopicPartition, _ info: ListOffsetsResultInfo) -> Entry {
        Entry(
            topic: partition.topic, partition: partition.partition, offset: info.offset == -1 ? nil : info.offset,
            timestamp: info.timestamp == -1 ? nil : info.timestamp, leaderEpoch: info.leaderEpoch.flatMap { $0 < 0 ? nil : $0 })
    }
}
