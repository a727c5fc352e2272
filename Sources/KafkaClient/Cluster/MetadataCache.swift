import KafkaProtocol

/// A broker from Metadata.
public struct BrokerNode: Sendable, Hashable {
    public var nodeId: Int32
    public var host: String
    public var port: Int
    public var rack: String?

    public init(nodeId: Int32, host: String, port: Int, rack: String?) {
        self.nodeId = nodeId
        self.host = host
        self.port = port
        self.rack = rack
    }

    public var address: BrokerAddress { BrokerAddress(host: host, port: port) }
}

public struct TopicPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)-\(partition)" }

    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        lhs.topic != rhs.topic ? lhs.topic < rhs.topic : lhs.partition < rhs.partition
    }
}

public struct PartitionMetadata: Sendable, Hashable {
    public var partition: Int32
    public var leader: Int32
    public var leaderEpoch: Int32
    public var replicas: [Int32]
    public var isr: [Int32]
    public var offlineReplicas: [Int32]
    public var error: ErrorCode
}

public struct TopicMetadata: Sendable, Hashable {
    public var name: String
    public var topicId: KafkaUUID
    public var isInternal: Bool
    public var error: ErrorCode
    /// Sorted by partition index.
    public var partitions: [PartitionMetadata]
}

/// The client's view of the cluster, replaced as a whole by each Metadata response
/// (topics not asked for are kept from the previous view).
public struct MetadataCache: Sendable {
    public var clusterId: String?
    public var controllerId: Int32 = -1
    public var brokers: [Int32: BrokerNode] = [:]
    public var topics: [String: TopicMetadata] = [:]
    public var lastRefresh: ContinuousClock.Instant?

    public init() {}

    /// Merges a Metadata response. `replacingAllTopics` is true for an all-topics request.
    public mutating func update(with response: MetadataResponse, replacingAllTopics: Bool, at instant: ContinuousClock.Instant) {
        clusterId = response.clusterId
        controllerId = response.controllerId
        var brokers: [Int32: BrokerNode] = [:]
        for broker in response.brokers {
            brokers[broker.nodeId] = BrokerNode(nodeId: broker.nodeId, host: broker.host, port: Int(broker.port), rack: broker.rack)
        }
        self.brokers = brokers
        if replacingAllTopics { topics = [:] }
        for topic in response.topics {
            guard let name = topic.name else { continue }
            let partitions = topic.partitions.map {
                PartitionMetadata(
                    partition: $0.partitionIndex, leader: $0.leaderId, leaderEpoch: $0.leaderEpoch,
                    replicas: $0.replicaNodes, isr: $0.isrNodes, offlineReplicas: $0.offlineReplicas,
                    error: ErrorCode(code: $0.errorCode))
            }.sorted { $0.partition < $1.partition }
            let error = ErrorCode(code: topic.errorCode)
            if error == .unknownTopicOrPartition || error == .invalidTopicException {
                topics[name] = nil
                continue
            }
            topics[name] = TopicMetadata(name: name, topicId: topic.topicId, isInternal: topic.isInternal, error: error, partitions: partitions)
        }
        lastRefresh = instant
    }

    public func leader(for partition: TopicPartition) -> BrokerNode? {
        guard let topic = topics[partition.topic],
              let meta = topic.partitions.first(where: { $0.partition == partition.partition }),
              meta.leader >= 0 else { return nil }
        return brokers[meta.leader]
    }

    public func partitionCount(_ topic: String) -> Int? {
        topics[topic].map { $0.partitions.count }
    }

    public func topicName(for id: KafkaUUID) -> String? {
        topics.values.first { $0.topicId == id }?.name
    }
}
