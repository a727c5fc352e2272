import KafkaClient
import KafkaStorage

/// What `kafka-reassign-partitions` does once its command line is valid: one method per action,
/// over the admin client, printing what `ReassignPartitionsCommand` prints.
struct ReassignPartitionsService: Sendable {
    let admin: KafkaAdminClient
    let console: ToolConsole
    /// The source of `--generate`'s random start index and replica shift.
    var random: AssignmentRandom = .system
    /// How `--execute`/`--cancel` wait between attempts to start log-dir moves (Kafka: 100 ms).
    var moveRetryDelayMs: UInt64 = 100
    /// In JSON mode Kafka's text is not printed; the command prints the action's result instead.
    var format: ToolOutputFormat = .text

    /// `System.out.println` of Kafka's text (text mode only).
    func say(_ text: String) {
        if format == .text { console.println(text) }
    }

    /// `System.out.print` of Kafka's text (text mode only).
    func sayWithoutNewline(_ text: String) {
        if format == .text { console.print(text) }
    }

    // MARK: Shared look-ups

    /// `describeTopics`: every topic must exist; the first missing one (in the order of Kafka's
    /// future map) fails with `Topic <name> not found.`
    func describeTopics(_ names: [String]) async throws -> [String: TopicDescription] {
        let unique = JavaCollections.hashSetOrder(names)
        guard !unique.isEmpty else { return [:] }
        let answers = try await admin.describeTopics(unique)
        var result: [String: TopicDescription] = [:]
        for name in unique {
            switch answers[name] {
            case let .success(description)?:
                result[name] = description
            case let .failure(error)? where error.errorCode == .unknownTopicOrPartition:
                throw ReassignJavaException.unknownTopicOrPartition("Topic \(name) not found.")
            case let .failure(error)?:
                throw ReassignJavaException.execution(error)
            case nil:
                throw ReassignJavaException.unknownTopicOrPartition("Topic \(name) not found.")
            }
        }
        return result
    }

    /// `getReplicaAssignmentForTopics`: the replicas of every partition of `topics`.
    func replicaAssignment(forTopics topics: [String]) async throws -> [TopicPartition: [Int32]] {
        var result: [TopicPartition: [Int32]] = [:]
        for (name, description) in try await describeTopics(topics) {
            for info in description.partitions { result[TopicPartition(name, info.partition)] = info.replicas }
        }
        return result
    }

    /// `getReplicaAssignmentForPartitions`: the replicas of each of `partitions`, all of which
    /// must exist.
    func replicaAssignment(forPartitions partitions: Set<TopicPartition>) async throws -> [TopicPartition: [Int32]] {
        var result: [TopicPartition: [Int32]] = [:]
        for (name, description) in try await describeTopics(partitions.map(\.topic).sorted()) {
            for info in description.partitions where partitions.contains(TopicPartition(name, info.partition)) {
                result[TopicPartition(name, info.partition)] = info.replicas
            }
        }
        let missing = partitions.subtracting(result.keys)
        if !missing.isEmpty {
            let ordered = JavaHashOrder.ordered(missing.sorted()) {
                JavaHashOrder.topicPartitionHash(topic: $0.topic, partition: $0.partition)
            }
            throw ReassignJavaException.unknownTopicOrPartition(
                "Unable to find partition: " + ordered.map(\.description).joined(separator: ", "))
        }
        return result
    }

    /// The cluster's brokers in the order of the Java client's `describeCluster().nodes()` (a
    /// `HashMap` keyed by id).
    func clusterNodes() async throws -> [BrokerNode] {
        let nodes = try await admin.describeCluster().nodes
        return JavaHashOrder.ordered(nodes.sorted { $0.nodeId < $1.nodeId }) { $0.nodeId }
    }

    /// `incrementalAlterConfigs(...).all().get()`: the first failure ends the run.
    func alterConfigs(_ changes: [ConfigResource: [AlterConfigOp]]) async throws {
        guard !changes.isEmpty else { return }
        let results = try await admin.incrementalAlterConfigs(changes)
        for resource in changes.keys.sorted(by: { ($0.type.rawValue, $0.name) < ($1.type.rawValue, $1.name) }) {
            if let error = results[resource] ?? nil { throw ReassignJavaException.execution(error) }
        }
    }

    // MARK: Throttle clearing (verify, cancel)

    /// `clearAllThrottles`: removes the broker-level throttles from every broker of the cluster
    /// and of the file, and the topic-level throttles from the file's topics.
    @discardableResult
    func clearAllThrottles(_ targets: [(partition: TopicPartition, replicas: [Int32])]) async throws
        -> ReassignJsonOutput.ClearedThrottles
    {
        let brokers = JavaCollections.hashSetOrder(try await clusterNodes().map(\.nodeId) + targets.flatMap(\.replicas))
        say(
            "Clearing broker-level throttles on broker\(brokers.count == 1 ? "" : "s") "
                + brokers.map(String.init).joined(separator: ","))
        var brokerOps: [ConfigResource: [AlterConfigOp]] = [:]
        for broker in brokers {
            brokerOps[ConfigResource(type: .broker, name: String(broker))] =
                ReassignThrottles.brokerLevel.map { AlterConfigOp(name: $0, value: nil, op: .delete) }
        }
        try await alterConfigs(brokerOps)

        let topics = JavaCollections.hashSetOrder(targets.map(\.partition.topic))
        say("Clearing topic-level throttles on topic\(topics.count == 1 ? "" : "s") " + topics.joined(separator: ","))
        var topicOps: [ConfigResource: [AlterConfigOp]] = [:]
        for topic in topics {
            topicOps[ConfigResource(type: .topic, name: topic)] =
                ReassignThrottles.topicLevel.map { AlterConfigOp(name: $0, value: nil, op: .delete) }
        }
        try await alterConfigs(topicOps)
        return ReassignJsonOutput.ClearedThrottles(brokers: brokers, topics: topics)
    }

    /// `compareTopicPartitions`-sorted partitions joined by `,`.
    static func partitionList(_ partitions: some Sequence<TopicPartition>) -> String {
        partitions.sorted().map(\.description).joined(separator: ",")
    }

    /// A header line, then `<partition>: <message>` per failed partition, sorted.
    static func partitionErrorsText(_ header: String, _ errors: [TopicPartition: KafkaError]) -> String {
        ([header] + errors.keys.sorted().compactMap { tp in errors[tp].map { "\(tp): \(javaMessage($0))" } })
            .joined(separator: "\n")
    }

    /// `Throwable.getMessage()` of a failed admin future.
    static func javaMessage(_ error: KafkaError) -> String {
        if case let .broker(code, message, _) = error {
            return message.flatMap { $0.isEmpty ? nil : $0 } ?? code.message ?? code.name
        }
        let text = JavaErrorText.describe(error)
        return text.split(separator: ":", maxSplits: 1).last.map { $0.trimmingPrefix(" ") }.map(String.init) ?? text
    }
}
