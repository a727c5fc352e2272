extension Sequence<TopicPartition> {
    /// The partitions per topic, topics in name order and each topic's partitions in the order
    /// given: the topic blocks of a request or of a consumer-protocol message.
    func groupedByTopic() -> [(topic: String, partitions: [TopicPartition])] {
        let byTopic = Dictionary(grouping: self, by: \.topic)
        return byTopic.keys.sorted().map { ($0, byTopic[$0] ?? []) }
    }
}
