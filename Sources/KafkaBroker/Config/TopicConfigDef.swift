/// The topic-level configs of Kafka 4.0 (`LogConfig.CONFIG` / `TopicConfig`) with their types,
/// code defaults and the broker keys that supply a cluster-wide default (`ServerTopicConfigSynonyms`),
/// in Kafka's order of precedence. `all` is in the order Kafka defines them (`LogConfig.CONFIG`), which
/// is the insertion order of the hash map DescribeConfigs iterates.
public struct TopicConfigDef: Sendable {
    /// Kafka's `ConfigDef.Type`, numbered as DescribeConfigs v3+ reports it.
    public enum ConfigType: Int8, Sendable {
        case unknown = 0, boolean = 1, string = 2, int = 3, short = 4, long = 5, double = 6, list = 7, `class` = 8, password = 9
    }

    public let name: String
    public let type: ConfigType
    public let defaultValue: String
    /// Broker keys, most specific first; the first is the "primary" synonym.
    public let brokerSynonyms: [String]
    /// Lower bound for numeric values (`ConfigDef.Range.atLeast`), if any.
    public let atLeast: Double?
    /// Allowed values for enumerated strings/lists.
    public let validValues: [String]?

    init(_ name: String, _ type: ConfigType, _ defaultValue: String, _ brokerSynonyms: [String],
         atLeast: Double? = nil, validValues: [String]? = nil) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.brokerSynonyms = brokerSynonyms
        self.atLeast = atLeast
        self.validValues = validValues
    }

    public static let all: [TopicConfigDef] = [
        .init("segment.bytes", .int, "1073741824", ["log.segment.bytes"], atLeast: 14),
        .init("segment.ms", .long, "604800000", ["log.roll.ms", "log.roll.hours"], atLeast: 1),
        .init("segment.jitter.ms", .long, "0", ["log.roll.jitter.ms", "log.roll.jitter.hours"], atLeast: 0),
        .init("segment.index.bytes", .int, "10485760", ["log.index.size.max.bytes"], atLeast: 4),
        .init("flush.messages", .long, "9223372036854775807", ["log.flush.interval.messages"], atLeast: 1),
        .init("flush.ms", .long, "9223372036854775807", ["log.flush.interval.ms", "log.flush.scheduler.interval.ms"], atLeast: 0),
        .init("retention.bytes", .long, "-1", ["log.retention.bytes"]),
        .init("retention.ms", .long, "604800000", ["log.retention.ms", "log.retention.minutes", "log.retention.hours"], atLeast: -1),
        .init("max.message.bytes", .int, "1048588", ["message.max.bytes"], atLeast: 0),
        .init("min.cleanable.dirty.ratio", .double, "0.5", ["log.cleaner.min.cleanable.ratio"], atLeast: 0),
        .init("index.interval.bytes", .int, "4096", ["log.index.interval.bytes"], atLeast: 0),
        .init("delete.retention.ms", .long, "86400000", ["log.cleaner.delete.retention.ms"], atLeast: 0),
        .init("min.compaction.lag.ms", .long, "0", ["log.cleaner.min.compaction.lag.ms"], atLeast: 0),
        .init("max.compaction.lag.ms", .long, "9223372036854775807", ["log.cleaner.max.compaction.lag.ms"], atLeast: 1),
        .init("file.delete.delay.ms", .long, "60000", ["log.segment.delete.delay.ms"], atLeast: 0),
        .init("cleanup.policy", .list, "delete", ["log.cleanup.policy"], validValues: ["compact", "delete"]),
        .init("unclean.leader.election.enable", .boolean, "false", ["unclean.leader.election.enable"]),
        .init("min.insync.replicas", .int, "1", ["min.insync.replicas"], atLeast: 1),
        .init("compression.type", .string, "producer", ["compression.type"],
              validValues: ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"]),
        .init("compression.gzip.level", .int, "-1", ["compression.gzip.level"]),
        .init("compression.lz4.level", .int, "9", ["compression.lz4.level"]),
        .init("compression.zstd.level", .int, "3", ["compression.zstd.level"]),
        .init("preallocate", .boolean, "false", ["log.preallocate"]),
        .init("message.timestamp.type", .string, "CreateTime", ["log.message.timestamp.type"],
              validValues: ["CreateTime", "LogAppendTime"]),
        .init("message.timestamp.before.max.ms", .long, "9223372036854775807", ["log.message.timestamp.before.max.ms"], atLeast: 0),
        .init("message.timestamp.after.max.ms", .long, "3600000", ["log.message.timestamp.after.max.ms"], atLeast: 0),
        .init("leader.replication.throttled.replicas", .list, "", ["leader.replication.throttled.replicas"]),
        .init("follower.replication.throttled.replicas", .list, "", ["follower.replication.throttled.replicas"]),
        .init("remote.storage.enable", .boolean, "false", []),
        .init("local.retention.ms", .long, "-2", ["log.local.retention.ms"], atLeast: -2),
        .init("local.retention.bytes", .long, "-2", ["log.local.retention.bytes"], atLeast: -2),
        .init("remote.log.copy.disable", .boolean, "false", []),
        .init("remote.log.delete.on.disable", .boolean, "false", []),
    ]

    public static let byName: [String: TopicConfigDef] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Converts a broker synonym's value to the topic config's unit (hours/minutes → ms).
    static func topicValue(fromBroker key: String, value: String) -> String {
        guard let number = Int64(value.trimmingSpaces) else { return value }
        if key.hasSuffix(".hours") { return String(number * 3_600_000) }
        if key.hasSuffix(".minutes") { return String(number * 60_000) }
        return value
    }

    /// Checks a value against the type and bounds (`ConfigDef.parseType` + validators), with
    /// Kafka's messages.
    public func validate(_ value: String) throws(KafkaConfigError) {
        let text = value.trimmingSpaces
        switch type {
        case .int, .short:
            guard let n = Int32(text) else { throw .invalid(key: name, value: value, reason: "Not a number of type INT") }
            try checkBound(Double(n), value)
        case .long:
            guard let n = Int64(text) else { throw .invalid(key: name, value: value, reason: "Not a number of type LONG") }
            try checkBound(Double(n), value)
        case .double:
            guard let n = Double(text) else { throw .invalid(key: name, value: value, reason: "Not a number of type DOUBLE") }
            try checkBound(n, value)
        case .boolean:
            guard ["true", "false"].contains(text.lowercased()) else {
                throw .invalid(key: name, value: value, reason: "Expected value to be either true or false")
            }
        case .string:
            if let validValues, !validValues.contains(text) {
                throw .invalid(key: name, value: value, reason: "String must be one of: \(validValues.joined(separator: ", "))")
            }
        case .list:
            if let validValues {
                for item in ConfigReader.list(text) where !validValues.contains(item) {
                    throw .invalid(key: name, value: value, reason: "Invalid value \(item) for configuration \(name): String must be one of: \(validValues.joined(separator: ", "))")
                }
            }
        default:
            break
        }
    }

    private func checkBound(_ number: Double, _ value: String) throws(KafkaConfigError) {
        if let atLeast, number < atLeast {
            let bound = atLeast == atLeast.rounded() ? String(Int64(atLeast)) : String(atLeast)
            throw .invalid(key: name, value: value, reason: "Value must be at least \(bound)")
        }
    }
}
