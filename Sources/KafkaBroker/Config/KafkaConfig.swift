import KafkaStorage

/// The typed view of `server.properties` (`kafka.server.KafkaConfig`): Kafka's keys and defaults.
/// `originals` keeps every key as given, so DescribeConfigs can report what was set explicitly.
public struct KafkaConfig: Sendable {
    public enum ProcessRole: String, Sendable, Hashable, CaseIterable {
        case broker, controller
    }

    /// A static voter from `controller.quorum.voters` (`id@host:port`).
    public struct Voter: Sendable, Hashable {
        public var id: Int32
        public var host: String
        public var port: Int
    }

    /// Every key as given (file, then overrides).
    public let originals: [String: String]

    public let processRoles: Set<ProcessRole>
    public let nodeId: Int32
    public let quorumVoters: [Voter]
    public let quorumBootstrapServers: [String]
    public let controllerListenerNames: [String]
    public let listeners: [Endpoint]
    public let advertisedListeners: [Endpoint]
    public let interBrokerListenerName: String
    public let listenerSecurityProtocolMap: [String: String]
    public let logDirs: [String]
    public let metadataLogDir: String

    public let numPartitions: Int32
    public let defaultReplicationFactor: Int16
    public let autoCreateTopicsEnable: Bool
    public let deleteTopicEnable: Bool
    public let socketRequestMaxBytes: Int32
    public let connectionsMaxIdleMs: Int64
    public let offsetsTopicNumPartitions: Int32
    public let offsetsTopicReplicationFactor: Int16
    public let offsetsTopicSegmentBytes: Int
    public let transactionStateLogNumPartitions: Int32
    public let transactionStateLogReplicationFactor: Int16
    public let transactionStateLogMinIsr: Int
    public let transactionStateLogSegmentBytes: Int
    public let groupInitialRebalanceDelayMs: Int
    public let logFlushOffsetCheckpointIntervalMs: Int64
    public let logFlushStartOffsetCheckpointIntervalMs: Int64
    public let logRetentionCheckIntervalMs: Int64
    public let metadataLogMaxSnapshotIntervalMs: Int64
    public let metadataMaxRecordBytesBetweenSnapshots: Int64
    /// Broker-level defaults for topic configs (`log.*` keys mapped to `LogConfig`).
    public let logConfig: LogConfig

    /// Reads and validates `properties` (file entries with `--override`s applied).
    public init(properties: [String: String]) throws(KafkaConfigError) {
        let reader = ConfigReader(properties)
        originals = properties

        guard let rolesText = properties["process.roles"] else { throw .missing(key: "process.roles") }
        var roles: Set<ProcessRole> = []
        for item in rolesText.split(separator: ",").map({ $0.trimmingSpaces }) where !item.isEmpty {
            guard let role = ProcessRole(rawValue: item) else {
                throw .invalid(key: "process.roles", value: rolesText, reason: "Unknown process role '\(item)' (only 'broker' and 'controller' are allowed roles)")
            }
            roles.insert(role)
        }
        processRoles = roles
        // Kafka 4.0 core/src/main/scala/kafka/server/KafkaConfig.scala: `populateSynonyms` copies
        // `broker.id` to an unset `node.id` (and back); `validateValues` then throws a
        // ConfigException when both are set and differ.
        let brokerId = try reader.int32("broker.id")
        guard let nodeId = try reader.int32("node.id") ?? brokerId else { throw .missing(key: "node.id") }
        self.nodeId = nodeId
        if let brokerId, brokerId != nodeId {
            throw .config("You must set `node.id` to the same value as `broker.id`.")
        }
        quorumVoters = try Self.parseVoters(properties["controller.quorum.voters"] ?? "")
        quorumBootstrapServers = ConfigReader.list(properties["controller.quorum.bootstrap.servers"] ?? "")
        controllerListenerNames = ConfigReader.list(properties["controller.listener.names"] ?? "")
        listeners = try Endpoint.parseList(properties["listeners"] ?? "PLAINTEXT://:9092", key: "listeners")
        if let advertised = properties["advertised.listeners"] {
            advertisedListeners = try Endpoint.parseList(advertised, key: "advertised.listeners")
        } else {
            advertisedListeners = listeners
        }
        interBrokerListenerName = properties["inter.broker.listener.name"] ?? (properties["security.inter.broker.protocol"] ?? "PLAINTEXT")
        var protocolMap: [String: String] = [:]
        if let mapText = properties["listener.security.protocol.map"] {
            for pair in ConfigReader.list(mapText) {
                let parts = pair.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    throw .invalid(key: "listener.security.protocol.map", value: mapText, reason: "Map entry should be of form <key>:<value")
                }
                protocolMap[parts[0].uppercased()] = parts[1].uppercased()
            }
        } else {
            for name in ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] { protocolMap[name] = name }
            for name in ConfigReader.list(properties["controller.listener.names"] ?? "") { protocolMap[name] = "PLAINTEXT" }
        }
        listenerSecurityProtocolMap = protocolMap
        let dirs = ConfigReader.list(properties["log.dirs"] ?? properties["log.dir"] ?? "/tmp/kafka-logs")
        logDirs = dirs
        metadataLogDir = properties["metadata.log.dir"] ?? dirs.first ?? "/tmp/kafka-logs"

        numPartitions = try reader.int32("num.partitions", default: 1, atLeast: 1)
        defaultReplicationFactor = Int16(clamping: try reader.int32("default.replication.factor", default: 1))
        autoCreateTopicsEnable = try reader.bool("auto.create.topics.enable", default: true)
        deleteTopicEnable = try reader.bool("delete.topic.enable", default: true)
        socketRequestMaxBytes = try reader.int32("socket.request.max.bytes", default: 104_857_600, atLeast: 1)
        connectionsMaxIdleMs = try reader.int64("connections.max.idle.ms", default: 600_000)
        offsetsTopicNumPartitions = try reader.int32("offsets.topic.num.partitions", default: 50, atLeast: 1)
        offsetsTopicReplicationFactor = Int16(clamping: try reader.int32("offsets.topic.replication.factor", default: 3, atLeast: 1))
        offsetsTopicSegmentBytes = Int(try reader.int32("offsets.topic.segment.bytes", default: 104_857_600, atLeast: 1))
        transactionStateLogNumPartitions = try reader.int32("transaction.state.log.num.partitions", default: 50, atLeast: 1)
        transactionStateLogReplicationFactor = Int16(clamping: try reader.int32("transaction.state.log.replication.factor", default: 3, atLeast: 1))
        transactionStateLogMinIsr = Int(try reader.int32("transaction.state.log.min.isr", default: 2, atLeast: 1))
        transactionStateLogSegmentBytes = Int(try reader.int32("transaction.state.log.segment.bytes", default: 104_857_600, atLeast: 1))
        groupInitialRebalanceDelayMs = Int(try reader.int32("group.initial.rebalance.delay.ms", default: 3000))
        logFlushOffsetCheckpointIntervalMs = Int64(try reader.int32("log.flush.offset.checkpoint.interval.ms", default: 60_000, atLeast: 0))
        logFlushStartOffsetCheckpointIntervalMs = Int64(try reader.int32("log.flush.start.offset.checkpoint.interval.ms", default: 60_000, atLeast: 0))
        logRetentionCheckIntervalMs = try reader.int64("log.retention.check.interval.ms", default: 300_000, atLeast: 1)
        metadataLogMaxSnapshotIntervalMs = try reader.int64("metadata.log.max.snapshot.interval.ms", default: 3_600_000, atLeast: 0)
        metadataMaxRecordBytesBetweenSnapshots = try reader.int64("metadata.log.max.record.bytes.between.snapshots", default: 20 * 1024 * 1024, atLeast: 1)
        try BrokerLogDefaults.validateEnumeratedKeys(properties)
        logConfig = try BrokerLogDefaults.logConfig(from: properties)

        try validate()
    }

    public var isController: Bool { processRoles.contains(.controller) }
    public var isBroker: Bool { processRoles.contains(.broker) }

    /// Broker listeners (not controller listeners).
    public var brokerListeners: [Endpoint] { listeners.filter { !controllerListenerNames.contains($0.listenerName) } }
    /// Controller listeners this node binds.
    public var controllerListeners: [Endpoint] { listeners.filter { controllerListenerNames.contains($0.listenerName) } }
    /// What clients are told: advertised broker listeners.
    public var advertisedBrokerListeners: [Endpoint] {
        advertisedListeners.filter { !controllerListenerNames.contains($0.listenerName) }
    }

    static func parseVoters(_ text: String) throws(KafkaConfigError) -> [Voter] {
        var voters: [Voter] = []
        for item in ConfigReader.list(text) {
            let reason = "Failed to parse voter \(item)"
            guard let at = item.firstIndex(of: "@"), let id = Int32(item[..<at]),
                  let colon = item.lastIndex(of: ":"), colon > at,
                  let port = Int(item[item.index(after: colon)...]) else {
                throw .invalid(key: "controller.quorum.voters", value: text, reason: reason)
            }
            var host = String(item[item.index(after: at)..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            voters.append(Voter(id: id, host: host, port: port))
        }
        return voters
    }
}
