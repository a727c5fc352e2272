import KafkaProtocol
import KafkaStorage

/// The cluster state as of one offset of `__cluster_metadata` (`org.apache.kafka.image.MetadataImage`):
/// an immutable value that handlers read; the controller builds the next one by applying records.
public struct MetadataImage: Sendable {
    /// Offset of the last record applied (-1: none).
    public internal(set) var offset: Int64 = -1
    /// The KRaft epoch of the last batch applied.
    public internal(set) var epoch: Int32 = 0
    public internal(set) var clusterId: String
    /// Finalized feature levels by name (`metadata.version`, `group.version`, …).
    public internal(set) var features: [String: Int16] = [:]
    public internal(set) var brokers: [Int32: BrokerRegistration] = [:]
    public internal(set) var controllers: [Int32: ControllerRegistration] = [:]
    public internal(set) var topicsByName: [String: TopicImage] = [:]
    public internal(set) var topicNamesById: [KafkaUUID: String] = [:]
    /// The first producer id not yet handed out in a block (`ProducerIdsImage`).
    public internal(set) var nextProducerId: Int64 = 0
    /// Dynamic configs by resource (topic, broker, cluster default broker = name "").
    public internal(set) var configs: [ConfigResource: [String: String]] = [:]

    public init(clusterId: String) { self.clusterId = clusterId }

    public var metadataVersion: MetadataVersion? {
        features[MetadataVersion.featureName].flatMap { try? MetadataVersion.fromFeatureLevel($0) }
    }

    /// The epoch of the finalized features (Kafka uses the offset of the last applied record).
    public var featuresEpoch: Int64 { offset }

    public func topic(named name: String) -> TopicImage? { topicsByName[name] }

    public func topic(id: KafkaUUID) -> TopicImage? { topicNamesById[id].flatMap { topicsByName[$0] } }

    public func partition(topic: String, partition: Int32) -> PartitionRegistration? {
        topicsByName[topic]?.partitions[partition]
    }

    /// Dynamic configs of one resource (empty when none).
    public func dynamicConfigs(_ resource: ConfigResource) -> [String: String] { configs[resource] ?? [:] }

    /// Brokers that are registered and not fenced, by id.
    public var liveBrokers: [BrokerRegistration] {
        brokers.values.filter { !$0.fenced }.sorted { $0.id < $1.id }
    }
}

/// One topic: name, id and its partitions.
public struct TopicImage: Sendable, Hashable {
    public var name: String
    public var id: KafkaUUID
    public var partitions: [Int32: PartitionRegistration]

    public init(name: String, id: KafkaUUID, partitions: [Int32: PartitionRegistration] = [:]) {
        self.name = name
        self.id = id
        self.partitions = partitions
    }

    /// Partition ids in order.
    public var partitionIds: [Int32] { partitions.keys.sorted() }

    /// `Topic.isInternal`: the two internal topics of Kafka 4.0 (and share-group state).
    public var isInternal: Bool { InternalTopics.isInternal(name) }
}

/// A partition's replica set and leadership (`org.apache.kafka.metadata.PartitionRegistration`).
public struct PartitionRegistration: Sendable, Hashable {
    public var replicas: [Int32]
    public var isr: [Int32]
    public var removingReplicas: [Int32] = []
    public var addingReplicas: [Int32] = []
    public var elr: [Int32] = []
    public var lastKnownElr: [Int32] = []
    public var leader: Int32
    public var leaderRecoveryState: Int8 = 0
    public var leaderEpoch: Int32
    public var partitionEpoch: Int32
    public var directories: [KafkaUUID] = []

    public init(replicas: [Int32], isr: [Int32], leader: Int32, leaderEpoch: Int32, partitionEpoch: Int32, directories: [KafkaUUID] = []) {
        self.replicas = replicas
        self.isr = isr
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.partitionEpoch = partitionEpoch
        self.directories = directories
    }
}

/// A broker's registration (`BrokerRegistration`): endpoints by listener name, fencing, epoch.
public struct BrokerRegistration: Sendable, Hashable {
    public struct Listener: Sendable, Hashable {
        public var name: String
        public var host: String
        public var port: Int32
        public var securityProtocol: Int16
    }

    public var id: Int32
    public var epoch: Int64
    public var incarnationId: KafkaUUID
    public var listeners: [Listener]
    public var rack: String?
    public var fenced: Bool
    public var inControlledShutdown: Bool
    public var logDirs: [KafkaUUID]

    public func listener(named name: String) -> Listener? { listeners.first { $0.name == name } }
}

/// A controller's registration (`ControllerRegistration`).
public struct ControllerRegistration: Sendable, Hashable {
    public var id: Int32
    public var incarnationId: KafkaUUID
    public var listeners: [BrokerRegistration.Listener]
}

/// A config resource (`ConfigResource`): type code as in the protocol, and name.
public struct ConfigResource: Sendable, Hashable {
    public enum ResourceType: Int8, Sendable, Hashable {
        case unknown = 0
        case topic = 2
        case broker = 4
        case brokerLogger = 8
        case clientMetrics = 16
        case group = 32
    }

    public var type: ResourceType
    public var name: String

    public init(type: ResourceType, name: String) {
        self.type = type
        self.name = name
    }
}

/// Kafka's internal topics (`Topic.INTERNAL_TOPICS`).
public enum InternalTopics {
    public static let consumerOffsets = "__consumer_offsets"
    public static let transactionState = "__transaction_state"
    public static let shareGroupState = "__share_group_state"

    public static func isInternal(_ name: String) -> Bool {
        name == consumerOffsets || name == transactionState || name == shareGroupState
    }
}
