import KafkaClient
import KafkaProtocol

/// One topic as `kafka-topics.sh --describe` prints it: what the admin calls returned for it.
struct DescribedTopic: Sendable {
    var description: TopicDescription
    /// The topic's config entries in the broker's order: (name, value, is-default).
    var configs: [(name: String, value: String?, isDefault: Bool)]
    var reassignments: [Int32: KafkaAdminClient.PartitionReassignment]

    init(
        description: TopicDescription, configs: [(name: String, value: String?, isDefault: Bool)],
        reassignments: [Int32: KafkaAdminClient.PartitionReassignment] = [:]
    ) {
        self.description = description
        self.configs = configs
        self.reassignments = reassignments
    }

    var hasNonDefaultConfig: Bool { configs.contains { !$0.isDefault } }

    /// `min.insync.replicas` of the topic (Kafka's default when the broker did not list it).
    var minIsrCount: Int { configs.first { $0.name == "min.insync.replicas" }?.value.flatMap { Int($0) } ?? 1 }
}

/// `TopicCommand.TopicDescription` / `PartitionDescription` / `DescribeOptions`: the describe
/// lines and which of them the report filters keep.
struct TopicDescribeFormatter: Sendable {
    var reportUnderReplicatedPartitions = false
    var reportUnavailablePartitions = false
    var reportUnderMinIsrPartitions = false
    var reportAtMinIsrPartitions = false
    var reportOverriddenConfigs = false
    var liveBrokers: Set<Int32> = []

    /// Topic lines are printed only without a partition report.
    var describeConfigs: Bool {
        !reportUnavailablePartitions && !reportUnderReplicatedPartitions && !reportUnderMinIsrPartitions
            && !reportAtMinIsrPartitions
    }

    /// Partition lines are printed unless only topics with overrides are asked for.
    var describePartitions: Bool { !reportOverriddenConfigs }

    /// Every line printed for `topic`, each ending in a newline.
    func lines(for topic: DescribedTopic) -> String {
        var text = ""
        let sorted = topic.description.partitions.sorted { $0.partition < $1.partition }
        if describeConfigs, let first = sorted.first, !reportOverriddenConfigs || topic.hasNonDefaultConfig {
            text += Self.topicLine(
                topic, replicationFactor: Self.replicationFactor(first, topic.reassignments[first.partition]))
        }
        if describePartitions {
            for partition in sorted where shouldPrint(partition, topic) {
                text += Self.partitionLine(
                    topic: topic.description.name, partition, reassignment: topic.reassignments[partition.partition])
            }
        }
        return text
    }

    func shouldPrint(_ partition: TopicPartitionInfo, _ topic: DescribedTopic) -> Bool {
        let reassignment = topic.reassignments[partition.partition]
        let hasLeader = partition.leader != nil
        let isr = partition.isr.count
        return describeConfigs
            || (reportUnderReplicatedPartitions && Self.replicationFactor(partition, reassignment) - isr > 0)
            || (reportUnavailablePartitions && (partition.leader.map { !liveBrokers.contains($0) } ?? true))
            || (reportUnderMinIsrPartitions && (!hasLeader || isr < topic.minIsrCount))
            || (reportAtMinIsrPartitions && topic.minIsrCount == isr)
    }

    /// `isReassignmentInProgress`: a replica of the partition is being added or removed.
    static func isReassignmentInProgress(
        _ partition: TopicPartitionInfo, _ reassignment: KafkaAdminClient.PartitionReassignment?
    ) -> Bool {
        guard let reassignment else { return false }
        let changing = Set(reassignment.addingReplicas + reassignment.removingReplicas)
        return partition.replicas.contains { changing.contains($0) }
    }

    /// `getReplicationFactor`: while reassigning, the target replicas minus those being added.
    static func replicationFactor(
        _ partition: TopicPartitionInfo, _ reassignment: KafkaAdminClient.PartitionReassignment?
    ) -> Int {
        if let reassignment, isReassignmentInProgress(partition, reassignment) {
            return reassignment.replicas.count - reassignment.addingReplicas.count
        }
        return partition.replicas.count
    }

    /// `TopicDescription.printDescription`.
    static func topicLine(_ topic: DescribedTopic, replicationFactor: Int) -> String {
        let configs = topic.configs.filter { !$0.isDefault }.map { "\($0.name)=\($0.value ?? "null")" }
            .joined(separator: ",")
        var line = "Topic: " + topic.description.name
        if topic.description.topicId != .zero { line += "\tTopicId: \(topic.description.topicId)" }
        line += "\tPartitionCount: \(topic.description.partitions.count)"
        line += "\tReplicationFactor: \(replicationFactor)"
        line += "\tConfigs: " + configs
        return line + "\n"
    }

    /// `PartitionDescription.printDescription`.
    static func partitionLine(
        topic: String, _ partition: TopicPartitionInfo, reassignment: KafkaAdminClient.PartitionReassignment?
    ) -> String {
        func ids(_ list: [Int32]) -> String { list.map(String.init).joined(separator: ",") }
        var line = "\tTopic: " + topic
        line += "\tPartition: \(partition.partition)"
        line += "\tLeader: " + (partition.leader.map(String.init) ?? "none")
        line += "\tReplicas: " + ids(partition.replicas)
        line += "\tIsr: " + ids(partition.isr)
        if let reassignment {
            line += "\tAdding Replicas: " + ids(reassignment.addingReplicas)
            line += "\tRemoving Replicas: " + ids(reassignment.removingReplicas)
        }
        line += "\tElr: " + (partition.eligibleLeaderReplicas.map(ids) ?? "N/A")
        line += "\tLastKnownElr: " + (partition.lastKnownElr.map(ids) ?? "N/A")
        return line + "\n"
    }
}
