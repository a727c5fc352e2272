import KafkaClient
import KafkaStorage

/// The `HashMap` orders Kafka's group tool prints in: reset plans, CSV exports, deletion lists.
extension JavaHashOrder {
    static func ordered(_ strings: [String]) -> [String] { ordered(strings, table: .hashMap) }

    static func ordered(_ partitions: [TopicPartition]) -> [TopicPartition] {
        ordered(partitions, table: .hashMap) { topicPartitionHash(topic: $0.topic, partition: $0.partition) }
    }
}
