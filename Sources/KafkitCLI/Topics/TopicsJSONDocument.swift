import KafkaClient

/// `topics --list --output json` (shape in docs/json/topics.md).
struct TopicListDocument: Encodable, Sendable {
    var topics: [String]
}

/// `topics --describe --output json` (shape in docs/json/topics.md): the topics and partitions
/// the text would show, with Kafka's "-"/`N/A`/`none` as null.
struct TopicDescribeDocument: Encodable, Sendable {
    var topics: [Topic]

    struct Topic: Encodable, Sendable {
        var name: String
        /// Null for the zero id (the text leaves `TopicId:` out then).
        var topicId: String?
        var isInternal: Bool
        var partitionCount: Int
        /// Null when the topic has no partitions (the text prints no topic line then).
        var replicationFactor: Int?
        /// The non-default configs (`Configs:` of the text); a null value is a sensitive or unset one.
        var configs: [String: String?]
        var partitions: [Partition]
    }

    struct Partition: Encodable, Sendable {
        var partition: Int32
        /// Null when there is no leader (`Leader: none`).
        var leader: Int32?
        var replicas: [Int32]
        var isr: [Int32]
        /// Null when the broker did not report it (`Elr: N/A`, a describe by `--topic-id`).
        var elr: [Int32]?
        var lastKnownElr: [Int32]?
        /// Null unless a reassignment is in progress (the text prints these only then).
        var addingReplicas: [Int32]?
        var removingReplicas: [Int32]?
    }
}

extension TopicDescribeFormatter {
    /// The JSON entry for `topic`, or nil when the text would print nothing for it. The report
    /// options select as in the text: `--topics-with-overrides` keeps topics with a non-default
    /// config (all their partitions); a partition report keeps the partitions it would print
    /// (and the topics that have any).
    func document(for topic: DescribedTopic) -> TopicDescribeDocument.Topic? {
        let sorted = topic.description.partitions.sorted { $0.partition < $1.partition }
        let partitions: [TopicPartitionInfo]
        if describeConfigs {
            if reportOverriddenConfigs && !topic.hasNonDefaultConfig { return nil }
            partitions = sorted
        } else {
            partitions = sorted.filter { shouldPrint($0, topic) }
            if partitions.isEmpty { return nil }
        }
        var configs: [String: String?] = [:]
        for config in topic.configs where !config.isDefault { configs[config.name] = .some(config.value) }
        let replicationFactor = sorted.first.map { Self.replicationFactor($0, topic.reassignments[$0.partition]) }
        return TopicDescribeDocument.Topic(
            name: topic.description.name,
            topicId: topic.description.topicId == .zero ? nil : "\(topic.description.topicId)",
            isInternal: topic.description.isInternal,
            partitionCount: topic.description.partitions.count,
            replicationFactor: replicationFactor,
            configs: configs,
            partitions: partitions.map { partition in
                let reassignment = topic.reassignments[partition.partition]
                return TopicDescribeDocument.Partition(
                    partition: partition.partition, leader: partition.leader, replicas: partition.replicas,
                    isr: partition.isr, elr: partition.eligibleLeaderReplicas, lastKnownElr: partition.lastKnownElr,
                    addingReplicas: reassignment?.addingReplicas, removingReplicas: reassignment?.removingReplicas)
            })
    }
}
