import KafkaClient
import KafkaStorage

extension ReassignPartitionsService {
    /// `--generate`: prints the current assignment of the topics and a proposal spreading them
    /// over the listed brokers. Returns (proposed, current).
    @discardableResult
    func generate(topicsJson: String, brokerList: String, enableRackAwareness: Bool) async throws
        -> (proposed: [TopicPartition: [Int32]], current: [TopicPartition: [Int32]])
    {
        let (brokers, topics) = try Self.parseGenerateArgs(topicsJson: topicsJson, brokerList: brokerList)
        let current = try await replicaAssignment(forTopics: topics)
        let metadata = try await brokerMetadata(brokers, enableRackAwareness: enableRackAwareness)
        let proposed = try Self.calculateAssignment(current, brokers: metadata, random: random)
        sayWithoutNewline(Self.generateText(current: current, proposed: proposed))
        return (proposed, current)
    }

    /// What `--generate` prints.
    static func generateText(current: [TopicPartition: [Int32]], proposed: [TopicPartition: [Int32]]) -> String {
        "Current partition replica assignment\n" + ReassignmentJson.format(current) + "\n\n"
            + "Proposed partition reassignment configuration\n" + ReassignmentJson.format(proposed) + "\n"
    }

    /// `parseGenerateAssignmentArgs`: broker ids (`Integer.parseInt` of each `,`-separated
    /// part), no duplicate brokers, the topics of the JSON, no duplicate topics.
    static func parseGenerateArgs(topicsJson: String, brokerList: String) throws -> (brokers: [Int32], topics: [String]) {
        var brokers: [Int32] = []
        for part in javaSplit(brokerList, ",") {
            guard let id = Int32(part, radix: 10) else {
                throw ReassignJavaException(className: ReassignJavaException.numberFormatClass, message: "For input string: \"\(part)\"")
            }
            brokers.append(id)
        }
        let duplicateBrokers = JavaCollections.duplicates(brokers) { $0 }
        if !duplicateBrokers.isEmpty {
            throw ReassignJavaException.adminCommandFailed(
                "Broker list contains duplicate entries: " + ReassignmentJson.javaList(duplicateBrokers.map(String.init)))
        }
        let topics = try ReassignmentJson.parseTopics(topicsJson)
        let duplicateTopics = JavaCollections.duplicates(topics, hash: JavaHashOrder.hashCode)
        if !duplicateTopics.isEmpty {
            throw ReassignJavaException.adminCommandFailed(
                "List of topics to reassign contains duplicate entries: " + ReassignmentJson.javaList(duplicateTopics))
        }
        return (brokers, topics)
    }

    /// Java's `String.split(regex)` for a literal separator: trailing empty parts are dropped,
    /// except that splitting an empty string gives one empty part.
    static func javaSplit(_ text: String, _ separator: Character) -> [String] {
        guard !text.isEmpty else { return [""] }
        var parts = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        while parts.last == "" { parts.removeLast() }
        return parts
    }

    /// `getBrokerMetadata`: the listed brokers that exist, in the cluster's order, with racks
    /// unless rack awareness is off; a mix of brokers with and without racks is refused.
    func brokerMetadata(_ brokers: [Int32], enableRackAwareness: Bool) async throws -> [ReassignBrokerMetadata] {
        try Self.brokerMetadata(brokers, nodes: try await clusterNodes(), enableRackAwareness: enableRackAwareness)
    }

    static func brokerMetadata(
        _ brokers: [Int32], nodes: [BrokerNode], enableRackAwareness: Bool
    ) throws(ReassignJavaException) -> [ReassignBrokerMetadata] {
        let wanted = Set(brokers)
        let result = nodes.filter { wanted.contains($0.nodeId) }.map {
            ReassignBrokerMetadata(id: $0.nodeId, rack: enableRackAwareness ? $0.rack : nil)
        }
        let rackless = result.filter { $0.rack == nil }.count
        if enableRackAwareness && rackless != 0 && rackless != result.count {
            throw ReassignJavaException.adminOperation(
                "Not all brokers have rack information. Add --disable-rack-aware in command line to make replica "
                    + "assignment without rack information.")
        }
        return result
    }

    /// `calculateAssignment`: each topic is laid out afresh over `brokers`, keeping the
    /// replication factor of its first partition (first in Kafka's hash-map iteration). Topics
    /// draw their random numbers in that map's order too.
    static func calculateAssignment(
        _ current: [TopicPartition: [Int32]], brokers: [ReassignBrokerMetadata], random: AssignmentRandom
    ) throws -> [TopicPartition: [Int32]] {
        let iteration = JavaHashOrder.ordered(current.keys.sorted()) {
            JavaHashOrder.topicPartitionHash(topic: $0.topic, partition: $0.partition)
        }
        var firstSeen: [String] = []
        var byTopic: [String: [TopicPartition]] = [:]
        for tp in iteration {
            if byTopic[tp.topic] == nil { firstSeen.append(tp.topic) }
            byTopic[tp.topic, default: []].append(tp)
        }
        var proposed: [TopicPartition: [Int32]] = [:]
        for topic in JavaHashOrder.ordered(firstSeen, table: .hashMap) {
            let partitions = byTopic[topic] ?? []
            let replicationFactor = partitions.first.flatMap { current[$0] }?.count ?? 0
            let assigned: [Int32: [Int32]]
            do {
                assigned = try ReplicaAssignmentGenerator.assign(
                    brokers: brokers, partitions: partitions.count, replicationFactor: replicationFactor, random: random)
            } catch {
                throw ReassignJavaException(className: error.className, message: error.message)
            }
            for (partition, replicas) in assigned { proposed[TopicPartition(topic, partition)] = replicas }
        }
        return proposed
    }
}
