import KafkaProtocol

/// A topic to create (`NewTopic`). `numPartitions`/`replicationFactor` -1 take the broker default.
public struct NewTopic: Sendable, Hashable {
    public var name: String
    public var numPartitions: Int32
    public var replicationFactor: Int16
    /// Partition → replica broker ids, instead of a count and factor.
    public var replicasAssignments: [Int32: [Int32]]
    public var configs: [(String, String?)] {
        get { configEntries.map { ($0.name, $0.value) } }
        set { configEntries = newValue.map { ConfigEntry(name: $0.0, value: $0.1) } }
    }
    public var configEntries: [ConfigEntry]

    public init(name: String, numPartitions: Int32 = -1, replicationFactor: Int16 = -1,
                replicasAssignments: [Int32: [Int32]] = [:], configs: [(String, String?)] = []) {
        self.name = name
        self.numPartitions = numPartitions
        self.replicationFactor = replicationFactor
        self.replicasAssignments = replicasAssignments
        self.configEntries = configs.map { ConfigEntry(name: $0.0, value: $0.1) }
    }

    public struct ConfigEntry: Sendable, Hashable {
        public var name: String
        public var value: String?
    }
}

/// Per-topic outcome of CreateTopics.
public struct CreateTopicResult: Sendable, Hashable {
    public var name: String
    public var topicId: KafkaUUID
    public var numPartitions: Int32
    public var replicationFactor: Int16
    public var error: KafkaError?
}

public struct DeleteTopicResult: Sendable, Hashable {
    public var name: String?
    public var topicId: KafkaUUID
    public var error: KafkaError?
}

/// A listed topic (`TopicListing`).
public struct TopicListing: Sendable, Hashable {
    public var name: String
    public var topicId: KafkaUUID
    public var isInternal: Bool
}

/// `TopicPartitionInfo`.
public struct TopicPartitionInfo: Sendable, Hashable {
    public var partition: Int32
    /// nil when the partition has no leader (-1).
    public var leader: Int32?
    public var leaderEpoch: Int32
    public var replicas: [Int32]
    public var isr: [Int32]
    public var eligibleLeaderReplicas: [Int32]?
    public var lastKnownElr: [Int32]?
    public var offlineReplicas: [Int32]
}

/// `TopicDescription`.
public struct TopicDescription: Sendable, Hashable {
    public var name: String
    public var topicId: KafkaUUID
    public var isInternal: Bool
    public var partitions: [TopicPartitionInfo]
    public var authorizedOperations: Int32?
}

/// Kafka's `ConfigResource.Type` codes.
public enum ConfigResourceType: Int8, Sendable, Hashable {
    case unknown = 0
    case topic = 2
    case broker = 4
    case brokerLogger = 8
    case clientMetrics = 16
    case group = 32
}

public struct ConfigResource: Sendable, Hashable {
    public var type: ConfigResourceType
    public var name: String

    public init(type: ConfigResourceType, name: String) {
        self.type = type
        self.name = name
    }
}

/// `ConfigEntry` as DescribeConfigs returns it.
public struct DescribedConfig: Sendable, Hashable {
    public struct Synonym: Sendable, Hashable {
        public var name: String
        public var value: String?
        /// Kafka's `ConfigSource` id (1 dynamic topic, 2 dynamic broker, 3 dynamic default broker,
        /// 4 static broker, 5 default, 6 dynamic broker logger, 7 client metrics, 8 group).
        public var source: Int8
    }

    public var name: String
    public var value: String?
    public var isReadOnly: Bool
    public var source: Int8
    public var isSensitive: Bool
    public var synonyms: [Synonym]
    public var type: Int8
    public var documentation: String?
}

public struct DescribeConfigsResult: Sendable, Hashable {
    public var resource: ConfigResource
    public var configs: [DescribedConfig]
    public var error: KafkaError?
}

/// `AlterConfigOp.OpType`.
public enum AlterConfigOpType: Int8, Sendable, Hashable {
    case set = 0
    case delete = 1
    case append = 2
    case subtract = 3
}

public struct AlterConfigOp: Sendable, Hashable {
    public var name: String
    public var value: String?
    public var op: AlterConfigOpType

    public init(name: String, value: String?, op: AlterConfigOpType) {
        self.name = name
        self.value = value
        self.op = op
    }
}

public struct ClusterDescription: Sendable, Hashable {
    public var clusterId: String?
    public var controllerId: Int32
    public var nodes: [BrokerNode]
    public var fencedNodes: Set<Int32>
    public var authorizedOperations: Int32?
}

/// `GroupListing`.
public struct GroupListing: Sendable, Hashable {
    public var groupId: String
    public var protocolType: String
    /// Empty when the broker does not report states (ListGroups < v4).
    public var state: String
    /// Empty when the broker does not report types (ListGroups < v5).
    public var type: String
}

public struct GroupMemberDescription: Sendable, Hashable {
    public var memberId: String
    public var groupInstanceId: String?
    public var clientId: String
    public var host: String
    public var metadata: [UInt8]
    public var assignment: [UInt8]
}

/// A classic group as DescribeGroups reports it.
public struct GroupDescription: Sendable, Hashable {
    public var groupId: String
    public var state: String
    public var protocolType: String
    public var protocolName: String
    public var members: [GroupMemberDescription]
    public var coordinator: Int32
    public var authorizedOperations: Int32?
    public var error: KafkaError?
}

public struct CommittedOffset: Sendable, Hashable {
    public var offset: Int64
    public var leaderEpoch: Int32?
    public var metadata: String
}

/// What `listOffsets` looks up (`OffsetSpec`).
public enum OffsetSpec: Sendable, Hashable {
    case earliest
    case latest
    case maxTimestamp
    case earliestLocal
    case latestTiered
    case timestamp(Int64)

    public var timestamp: Int64 {
        switch self {
        case .earliest: return -2
        case .latest: return -1
        case .maxTimestamp: return -3
        case .earliestLocal: return -4
        case .latestTiered: return -5
        case let .timestamp(value): return value
        }
    }
}

public struct ListOffsetsResultInfo: Sendable, Hashable {
    public var offset: Int64
    public var timestamp: Int64
    public var leaderEpoch: Int32?
}

public struct LogDirDescription: Sendable, Hashable {
    public struct ReplicaInfo: Sendable, Hashable {
        public var size: Int64
        public var offsetLag: Int64
        public var isFuture: Bool
    }
    public var path: String
    public var error: KafkaError?
    public var replicas: [TopicPartition: ReplicaInfo]
    public var totalBytes: Int64?
    public var usableBytes: Int64?
}

/// `FeatureMetadata` (`describeFeatures`): finalized levels and what the broker supports.
public struct FeatureMetadata: Sendable, Hashable {
    public struct Finalized: Sendable, Hashable {
        public var minVersionLevel: Int16
        public var maxVersionLevel: Int16
    }
    public var finalized: [String: Finalized]
    /// nil when the broker did not report an epoch (-1).
    public var finalizedEpoch: Int64?
    public var supported: [String: ClosedRange<Int16>]
}
