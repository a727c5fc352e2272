/// The settings of the group coordinator (`GroupCoordinatorConfig`), read from the broker's
/// properties with Kafka's defaults.
public struct GroupCoordinatorConfig: Sendable {
    public var offsetsTopicNumPartitions: Int32 = 50
    public var offsetsTopicReplicationFactor: Int16 = 3
    public var offsetsTopicSegmentBytes: Int = 104_857_600
    public var initialRebalanceDelayMs: Int64 = 3000
    public var minSessionTimeoutMs: Int32 = 6000
    public var maxSessionTimeoutMs: Int32 = 1_800_000
    public var maxSize: Int = Int(Int32.max)
    /// How long a member that was asked to rejoin with its new id (MEMBER_ID_REQUIRED) stays pending.
    public var newMemberJoinTimeoutMs: Int64 = 300_000
    public var offsetsRetentionMs: Int64 = 7 * 24 * 60 * 60 * 1000
    public var offsetsRetentionCheckIntervalMs: Int64 = 600_000
    public var offsetMetadataMaxBytes: Int = 4096

    public init() {}

    public init(config: KafkaConfig) throws(KafkaConfigError) {
        let reader = ConfigReader(config.originals)
        offsetsTopicNumPartitions = config.offsetsTopicNumPartitions
        offsetsTopicReplicationFactor = config.offsetsTopicReplicationFactor
        offsetsTopicSegmentBytes = config.offsetsTopicSegmentBytes
        initialRebalanceDelayMs = Int64(config.groupInitialRebalanceDelayMs)
        minSessionTimeoutMs = try reader.int32("group.min.session.timeout.ms", default: 6000)
        maxSessionTimeoutMs = try reader.int32("group.max.session.timeout.ms", default: 1_800_000)
        maxSize = Int(try reader.int32("group.max.size", default: Int32.max, atLeast: 1))
        offsetsRetentionMs = try reader.int64("offsets.retention.minutes", default: 7 * 24 * 60, atLeast: 1) * 60_000
        offsetsRetentionCheckIntervalMs = try reader.int64("offsets.retention.check.interval.ms", default: 600_000, atLeast: 1)
        offsetMetadataMaxBytes = Int(try reader.int32("offset.metadata.max.bytes", default: 4096))
    }

    /// `__consumer_offsets` partition of a group: `Utils.abs(groupId.hashCode()) % partitions`.
    public func partition(for groupId: String) -> Int32 {
        let hash = javaStringHashCode(groupId)
        let positive = hash == Int32.min ? 0 : abs(hash)
        return positive % max(offsetsTopicNumPartitions, 1)
    }

    /// The topic configs Kafka sets on `__consumer_offsets`, in its order.
    public var offsetsTopicConfigs: [(name: String, value: String?)] {
        [("compression.type", "producer"), ("cleanup.policy", "compact"), ("segment.bytes", String(offsetsTopicSegmentBytes))]
    }
}

/// Java's `String.hashCode` over UTF-16 code units.
func javaStringHashCode(_ text: String) -> Int32 {
    var hash: Int32 = 0
    for unit in text.utf16 { hash = 31 &* hash &+ Int32(unit) }
    return hash
}
