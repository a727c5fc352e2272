import KafkaProtocol
import NIOCore

/// The consumer settings of Kafka's `ConsumerConfig` this consumer uses.
public struct ConsumerConfig: Sendable {
    public enum OffsetReset: String, Sendable {
        case earliest, latest, none
    }

    public var groupId: String?
    public var groupInstanceId: String?
    public var autoOffsetReset: OffsetReset
    public var enableAutoCommit: Bool
    public var autoCommitIntervalMs: Int64
    public var maxPollRecords: Int
    public var fetchMinBytes: Int32
    public var fetchMaxBytes: Int32
    public var fetchMaxWaitMs: Int32
    public var maxPartitionFetchBytes: Int32
    /// 0 read_uncommitted, 1 read_committed.
    public var isolationLevel: Int8
    public var sessionTimeoutMs: Int32
    public var heartbeatIntervalMs: Int64
    public var maxPollIntervalMs: Int32
    public var assignors: [any PartitionAssignor]
    public var clientRack: String
    public var checkCRCs: Bool
    public var allowAutoCreateTopics: Bool

    public init(_ client: ClientConfig) throws {
        groupId = client.properties["group.id"].flatMap { $0.isEmpty ? nil : $0 }
        groupInstanceId = client.properties["group.instance.id"].flatMap { $0.isEmpty ? nil : $0 }
        let reset = client.string("auto.offset.reset", default: "latest")
        guard let parsed = OffsetReset(rawValue: reset) else {
            throw KafkaError.invalidConfig(key: "auto.offset.reset", value: reset, reason: "Invalid value \(reset) for configuration auto.offset.reset: String must be one of: latest, earliest, none")
        }
        autoOffsetReset = parsed
        let autoCommit = try client.bool("enable.auto.commit", default: true)
        enableAutoCommit = groupId != nil && autoCommit
        autoCommitIntervalMs = try client.long("auto.commit.interval.ms", default: 5000)
        maxPollRecords = try client.int("max.poll.records", default: 500)
        fetchMinBytes = Int32(clamping: try client.long("fetch.min.bytes", default: 1))
        fetchMaxBytes = Int32(clamping: try client.long("fetch.max.bytes", default: 52_428_800))
        fetchMaxWaitMs = Int32(clamping: try client.long("fetch.max.wait.ms", default: 500))
        maxPartitionFetchBytes = Int32(clamping: try client.long("max.partition.fetch.bytes", default: 1_048_576))
        let isolation = client.string("isolation.level", default: "read_uncommitted")
        switch isolation {
        case "read_uncommitted": isolationLevel = 0
        case "read_committed": isolationLevel = 1
        default: throw KafkaError.invalidConfig(key: "isolation.level", value: isolation, reason: "String must be one of: read_committed, read_uncommitted")
        }
        sessionTimeoutMs = Int32(clamping: try client.long("session.timeout.ms", default: 45_000))
        heartbeatIntervalMs = try client.long("heartbeat.interval.ms", default: 3000)
        maxPollIntervalMs = Int32(clamping: try client.long("max.poll.interval.ms", default: 300_000))
        let strategies = client.string(
            "partition.assignment.strategy",
            default: "org.apache.kafka.clients.consumer.RangeAssignor,org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
        var assignors: [any PartitionAssignor] = []
        for raw in strategies.split(separator: ",") {
            let name = String(raw).trimmingWhitespace
            switch name {
            case "range", "org.apache.kafka.clients.consumer.RangeAssignor": assignors.append(RangeAssignor())
            case "roundrobin", "org.apache.kafka.clients.consumer.RoundRobinAssignor": assignors.append(RoundRobinAssignor())
            case "cooperative-sticky", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor": assignors.append(CooperativeStickyAssignor())
            case "": continue
            default:
                throw KafkaError.invalidConfig(key: "partition.assignment.strategy", value: name, reason: "Class \(name) cannot be found")
            }
        }
        self.assignors = assignors
        clientRack = client.string("client.rack", default: "")
        checkCRCs = try client.bool("check.crcs", default: true)
        allowAutoCreateTopics = try client.bool("allow.auto.create.topics", default: true)
    }
}

/// A consumed record (`ConsumerRecord`). Key, value and header bytes are slices of the fetch
/// response (or of the decompressed batch).
public struct ConsumerRecord: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var timestamp: Int64
    public var timestampType: TimestampType
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: RecordHeaders
    public var leaderEpoch: Int32?
    public var serializedKeySize: Int { key?.readableBytes ?? -1 }
    public var serializedValueSize: Int { value?.readableBytes ?? -1 }
}
