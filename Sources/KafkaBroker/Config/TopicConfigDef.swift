/// The topic-level configs of Kafka 4.0 (`LogConfig.CONFIG` / `TopicConfig`) with their types,
/// documentation, code defaults and the broker keys that supply a cluster-wide default (`ServerTopicConfigSynonyms`),
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
    /// The documentation DescribeConfigs v3+ returns (`TopicConfig.*_DOC`, as `LogConfig` defines it).
    public let documentation: String

    init(_ name: String, _ type: ConfigType, _ defaultValue: String, _ brokerSynonyms: [String],
         atLeast: Double? = nil, validValues: [String]? = nil, doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.brokerSynonyms = brokerSynonyms
        self.atLeast = atLeast
        self.validValues = validValues
        self.documentation = doc
    }

    public static let all: [TopicConfigDef] = [
        .init("segment.bytes", .int, "1073741824", ["log.segment.bytes"], atLeast: 14,
              doc: "This configuration controls the segment file size for the log. Retention and cleaning is always done a file at a time so a larger segment size means fewer files but less granular control over retention."),
        .init("segment.ms", .long, "604800000", ["log.roll.ms", "log.roll.hours"], atLeast: 1,
              doc: "This configuration controls the period of time after which Kafka will force the log to roll even if the segment file isn't full to ensure that retention can delete or compact old data."),
        .init("segment.jitter.ms", .long, "0", ["log.roll.jitter.ms", "log.roll.jitter.hours"], atLeast: 0,
              doc: "The maximum random jitter subtracted from the scheduled segment roll time to avoid thundering herds of segment rolling"),
        .init("segment.index.bytes", .int, "10485760", ["log.index.size.max.bytes"], atLeast: 4,
              doc: "This configuration controls the size of the index that maps offsets to file positions. We preallocate this index file and shrink it only after log rolls. You generally should not need to change this setting."),
        .init("flush.messages", .long, "9223372036854775807", ["log.flush.interval.messages"], atLeast: 1,
              doc: "This setting allows specifying an interval at which we will force an fsync of data written to the log. For example if this was set to 1 we would fsync after every message; if it were 5 we would fsync after every five messages. In general we recommend you not set this and use replication for durability and allow the operating system's background flush capabilities as it is more efficient. This setting can be overridden on a per-topic basis (see <a href=\"#topicconfigs\">the per-topic configuration section</a>)."),
        .init("flush.ms", .long, "9223372036854775807", ["log.flush.interval.ms", "log.flush.scheduler.interval.ms"], atLeast: 0,
              doc: "This setting allows specifying a time interval at which we will force an fsync of data written to the log. For example if this was set to 1000 we would fsync after 1000 ms had passed. In general we recommend you not set this and use replication for durability and allow the operating system's background flush capabilities as it is more efficient."),
        .init("retention.bytes", .long, "-1", ["log.retention.bytes"],
              doc: "This configuration controls the maximum size a partition (which consists of log segments) can grow to before we will discard old log segments to free up space if we are using the \"delete\" retention policy. By default there is no size limit only a time limit. Since this limit is enforced at the partition level, multiply it by the number of partitions to compute the topic retention in bytes. Additionally, retention.bytes configuration operates independently of \"segment.ms\" and \"segment.bytes\" configurations. Moreover, it triggers the rolling of new segment if the retention.bytes is configured to zero."),
        .init("retention.ms", .long, "604800000", ["log.retention.ms", "log.retention.minutes", "log.retention.hours"], atLeast: -1,
              doc: "This configuration controls the maximum time we will retain a log before we will discard old log segments to free up space if we are using the \"delete\" retention policy. This represents an SLA on how soon consumers must read their data. If set to -1, no time limit is applied. Additionally, retention.ms configuration operates independently of \"segment.ms\" and \"segment.bytes\" configurations. Moreover, it triggers the rolling of new segment if the retention.ms condition is satisfied."),
        .init("max.message.bytes", .int, "1048588", ["message.max.bytes"], atLeast: 0,
              doc: "The largest record batch size allowed by Kafka (after compression if compression is enabled). If this is increased and there are consumers older than 0.10.2, the consumers' fetch size must also be increased so that they can fetch record batches this large. In the latest message format version, records are always grouped into batches for efficiency. In previous message format versions, uncompressed records are not grouped into batches and this limit only applies to a single record in that case."),
        .init("min.cleanable.dirty.ratio", .double, "0.5", ["log.cleaner.min.cleanable.ratio"], atLeast: 0,
              doc: "This configuration controls how frequently the log compactor will attempt to clean the log (assuming <a href=\"#compaction\">log compaction</a> is enabled). By default we will avoid cleaning a log where more than 50% of the log has been compacted. This ratio bounds the maximum space wasted in the log by duplicates (at 50% at most 50% of the log could be duplicates). A higher ratio will mean fewer, more efficient cleanings but will mean more wasted space in the log. If the max.compaction.lag.ms or the min.compaction.lag.ms configurations are also specified, then the log compactor considers the log to be eligible for compaction as soon as either: (i) the dirty ratio threshold has been met and the log has had dirty (uncompacted) records for at least the min.compaction.lag.ms duration, or (ii) if the log has had dirty (uncompacted) records for at most the max.compaction.lag.ms period."),
        .init("index.interval.bytes", .int, "4096", ["log.index.interval.bytes"], atLeast: 0,
              doc: "This setting controls how frequently Kafka adds an index entry to its offset index. The default setting ensures that we index a message roughly every 4096 bytes. More indexing allows reads to jump closer to the exact position in the log but makes the index larger. You probably don't need to change this."),
        .init("delete.retention.ms", .long, "86400000", ["log.cleaner.delete.retention.ms"], atLeast: 0,
              doc: "The amount of time to retain delete tombstone markers for <a href=\"#compaction\">log compacted</a> topics. This setting also gives a bound on the time in which a consumer must complete a read if they begin from offset 0 to ensure that they get a valid snapshot of the final stage (otherwise delete tombstones may be collected before they complete their scan)."),
        .init("min.compaction.lag.ms", .long, "0", ["log.cleaner.min.compaction.lag.ms"], atLeast: 0,
              doc: "The minimum time a message will remain uncompacted in the log. Only applicable for logs that are being compacted."),
        .init("max.compaction.lag.ms", .long, "9223372036854775807", ["log.cleaner.max.compaction.lag.ms"], atLeast: 1,
              doc: "The maximum time a message will remain ineligible for compaction in the log. Only applicable for logs that are being compacted."),
        .init("file.delete.delay.ms", .long, "60000", ["log.segment.delete.delay.ms"], atLeast: 0,
              doc: "The time to wait before deleting a file from the filesystem"),
        .init("cleanup.policy", .list, "delete", ["log.cleanup.policy"], validValues: ["compact", "delete"],
              doc: "This config designates the retention policy to use on log segments. The \"delete\" policy (which is the default) will discard old segments when their retention time or size limit has been reached. The \"compact\" policy will enable <a href=\"#compaction\">log compaction</a>, which retains the latest value for each key. It is also possible to specify both policies in a comma-separated list (e.g. \"delete,compact\"). In this case, old segments will be discarded per the retention time and size configuration, while retained segments will be compacted."),
        .init("unclean.leader.election.enable", .boolean, "false", ["unclean.leader.election.enable"],
              doc: "Indicates whether to enable replicas not in the ISR set to be elected as leader as a last resort, even though doing so may result in data loss.<p>Note: In KRaft mode, when enabling this config dynamically, it needs to wait for the unclean leader electionthread to trigger election periodically (default is 5 minutes). Please run `kafka-leader-election.sh` with `unclean` option to trigger the unclean leader election immediately if needed.</p>"),
        .init("min.insync.replicas", .int, "1", ["min.insync.replicas"], atLeast: 1,
              doc: "When a producer sets acks to \"all\" (or \"-1\"), this configuration specifies the minimum number of replicas that must acknowledge a write for the write to be considered successful. If this minimum cannot be met, then the producer will raise an exception (either <code>NotEnoughReplicas</code> or <code>NotEnoughReplicasAfterAppend</code>).<br> Regardless of the <code>acks</code> setting, the messages will not be visible to the consumers until they are replicated to all in-sync replicas and the <code>min.insync.replicas</code> condition is met.<br> When used together, <code>min.insync.replicas</code> and <code>acks</code> allow you to enforce greater durability guarantees. A typical scenario would be to create a topic with a replication factor of 3, set <code>min.insync.replicas</code> to 2, and produce with <code>acks</code> of \"all\". This will ensure that a majority of replicas must persist a write before it's considered successful by the producer and it's visible to consumers."),
        .init("compression.type", .string, "producer", ["compression.type"],
              validValues: ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"],
              doc: "Specify the final compression type for a given topic. This configuration accepts the standard compression codecs ('gzip', 'snappy', 'lz4', 'zstd'). It additionally accepts 'uncompressed' which is equivalent to no compression; and 'producer' which means retain the original compression codec set by the producer."),
        .init("compression.gzip.level", .int, "-1", ["compression.gzip.level"],
              doc: "The compression level to use if compression.type is set to <code>gzip</code>."),
        .init("compression.lz4.level", .int, "9", ["compression.lz4.level"],
              doc: "The compression level to use if compression.type is set to <code>lz4</code>."),
        .init("compression.zstd.level", .int, "3", ["compression.zstd.level"],
              doc: "The compression level to use if compression.type is set to <code>zstd</code>."),
        .init("preallocate", .boolean, "false", ["log.preallocate"],
              doc: "True if we should preallocate the file on disk when creating a new log segment."),
        .init("message.timestamp.type", .string, "CreateTime", ["log.message.timestamp.type"],
              validValues: ["CreateTime", "LogAppendTime"],
              doc: "Define whether the timestamp in the message is message create time or log append time."),
        .init("message.timestamp.before.max.ms", .long, "9223372036854775807", ["log.message.timestamp.before.max.ms"], atLeast: 0,
              doc: "This configuration sets the allowable timestamp difference between the broker's timestamp and the message timestamp. The message timestamp can be earlier than or equal to the broker's timestamp, with the maximum allowable difference determined by the value set in this configuration. If message.timestamp.type=CreateTime, the message will be rejected if the difference in timestamps exceeds this specified threshold. This configuration is ignored if message.timestamp.type=LogAppendTime."),
        .init("message.timestamp.after.max.ms", .long, "3600000", ["log.message.timestamp.after.max.ms"], atLeast: 0,
              doc: "This configuration sets the allowable timestamp difference between the message timestamp and the broker's timestamp. The message timestamp can be later than or equal to the broker's timestamp, with the maximum allowable difference determined by the value set in this configuration. If message.timestamp.type=CreateTime, the message will be rejected if the difference in timestamps exceeds this specified threshold. This configuration is ignored if message.timestamp.type=LogAppendTime."),
        .init("leader.replication.throttled.replicas", .list, "", ["leader.replication.throttled.replicas"],
              doc: "A list of replicas for which log replication should be throttled on the leader side. The list should describe a set of replicas in the form [PartitionId]:[BrokerId],[PartitionId]:[BrokerId]:... or alternatively the wildcard '*' can be used to throttle all replicas for this topic."),
        .init("follower.replication.throttled.replicas", .list, "", ["follower.replication.throttled.replicas"],
              doc: "A list of replicas for which log replication should be throttled on the follower side. The list should describe a set of replicas in the form [PartitionId]:[BrokerId],[PartitionId]:[BrokerId]:... or alternatively the wildcard '*' can be used to throttle all replicas for this topic."),
        .init("remote.storage.enable", .boolean, "false", [],
              doc: "To enable tiered storage for a topic, set this configuration to true. To disable tiered storage for a topic that has it enabled, set this configuration to false. When disabling, you must also set <code>remote.log.delete.on.disable</code> to true."),
        .init("local.retention.ms", .long, "-2", ["log.local.retention.ms"], atLeast: -2,
              doc: "The number of milliseconds to keep the local log segment before it gets deleted. Default value is -2, it represents `retention.ms` value is to be used. The effective value should always be less than or equal to `retention.ms` value."),
        .init("local.retention.bytes", .long, "-2", ["log.local.retention.bytes"], atLeast: -2,
              doc: "The maximum size of local log segments that can grow for a partition before it deletes the old segments. Default value is -2, it represents `retention.bytes` value to be used. The effective value should always be less than or equal to `retention.bytes` value."),
        .init("remote.log.copy.disable", .boolean, "false", [],
              doc: "Determines whether tiered data for a topic should become read only, and no more data uploading on a topic. Once this config is set to true, the local retention configuration (i.e. local.retention.ms/bytes) becomes irrelevant, and all data expiration follows the topic-wide retention configuration(i.e. retention.ms/bytes)."),
        .init("remote.log.delete.on.disable", .boolean, "false", [],
              doc: "Determines whether tiered data for a topic should be deleted after tiered storage is disabled on a topic. This configuration should be enabled when trying to set `remote.storage.enable` from true to false"),
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
            // `ValidList` checks each item with `ValidString`, whose ConfigException names the item.
            // Items are split as `ConfigDef.parseType` does (`\s*,\s*`, empty items kept).
            if let validValues, !text.isEmpty {
                for item in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingSpaces })
                where !validValues.contains(item) {
                    throw .invalid(key: name, value: item, reason: "String must be one of: \(validValues.joined(separator: ", "))")
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
