/// Topic-level log settings (`LogConfig`), under Kafka's keys, with Kafka 4.0's defaults.
public struct LogConfig: Hashable, Sendable {
    public enum TimestampType: String, Hashable, Sendable {
        case createTime = "CreateTime"
        case logAppendTime = "LogAppendTime"
    }

    public enum CleanupPolicy: String, Hashable, Sendable {
        case delete, compact
    }

    /// `segment.bytes`
    public var segmentBytes: Int = 1_073_741_824
    /// `segment.ms`
    public var segmentMs: Int64 = 604_800_000
    /// `segment.jitter.ms`
    public var segmentJitterMs: Int64 = 0
    /// `segment.index.bytes`
    public var segmentIndexBytes: Int = 10_485_760
    /// `index.interval.bytes`
    public var indexIntervalBytes: Int = 4096
    /// `retention.ms` (-1: keep forever)
    public var retentionMs: Int64 = 604_800_000
    /// `retention.bytes` (-1: no size limit)
    public var retentionBytes: Int64 = -1
    /// `file.delete.delay.ms`
    public var fileDeleteDelayMs: Int64 = 60_000
    /// `message.timestamp.type`
    public var messageTimestampType: TimestampType = .createTime
    /// `max.message.bytes`
    public var maxMessageBytes: Int = 1_048_588
    /// `cleanup.policy`
    public var cleanupPolicy: Set<CleanupPolicy> = [.delete]
    /// `flush.messages` (Long.MAX: leave it to the OS)
    public var flushMessages: Int64 = Int64.max
    /// `flush.ms`
    public var flushMs: Int64 = Int64.max
    /// `min.insync.replicas`
    public var minInSyncReplicas: Int = 1
    /// `compression.type`
    public var compressionType: String = "producer"
    /// `preallocate`
    public var preallocate: Bool = false
    /// `message.timestamp.before.max.ms`
    public var messageTimestampBeforeMaxMs: Int64 = Int64.max
    /// `message.timestamp.after.max.ms`
    public var messageTimestampAfterMaxMs: Int64 = 3_600_000
    /// `unclean.leader.election.enable`
    public var uncleanLeaderElectionEnable: Bool = false
    /// `delete.retention.ms`
    public var deleteRetentionMs: Int64 = 86_400_000
    /// `min.compaction.lag.ms`
    public var minCompactionLagMs: Int64 = 0
    /// `max.compaction.lag.ms`
    public var maxCompactionLagMs: Int64 = Int64.max
    /// `min.cleanable.dirty.ratio`
    public var minCleanableDirtyRatio: Double = 0.5
    /// `producer.id.expiration.ms` is a broker setting; kept here so the log can expire producers.
    public var producerIdExpirationMs: Int64 = 86_400_000

    public init() {}

    /// The smallest index size Kafka accepts (`segment.index.bytes` ≥ 4).
    public var maxIndexSize: Int { max(segmentIndexBytes, 4) }

    /// Builds a config from `key=value` topic settings; unknown keys are ignored (the broker
    /// validates them), and a value that does not parse throws.
    public init(properties: [String: String]) throws(LogConfigError) {
        self.init()
        func int(_ key: String) throws(LogConfigError) -> Int? {
            guard let text = properties[key] else { return nil }
            guard let value = Int(text.trimmingSpaces) else { throw LogConfigError(key: key, value: text) }
            return value
        }
        func long(_ key: String) throws(LogConfigError) -> Int64? {
            guard let text = properties[key] else { return nil }
            guard let value = Int64(text.trimmingSpaces) else { throw LogConfigError(key: key, value: text) }
            return value
        }
        func bool(_ key: String) throws(LogConfigError) -> Bool? {
            guard let text = properties[key] else { return nil }
            switch text.trimmingSpaces.lowercased() {
            case "true": return true
            case "false": return false
            default: throw LogConfigError(key: key, value: text)
            }
        }
        if let v = try int("segment.bytes") { segmentBytes = v }
        if let v = try long("segment.ms") { segmentMs = v }
        if let v = try long("segment.jitter.ms") { segmentJitterMs = v }
        if let v = try int("segment.index.bytes") { segmentIndexBytes = v }
        if let v = try int("index.interval.bytes") { indexIntervalBytes = v }
        if let v = try long("retention.ms") { retentionMs = v }
        if let v = try long("retention.bytes") { retentionBytes = v }
        if let v = try long("file.delete.delay.ms") { fileDeleteDelayMs = v }
        if let v = try int("max.message.bytes") { maxMessageBytes = v }
        if let v = try long("flush.messages") { flushMessages = v }
        if let v = try long("flush.ms") { flushMs = v }
        if let v = try int("min.insync.replicas") { minInSyncReplicas = v }
        if let v = try bool("preallocate") { preallocate = v }
        if let v = try long("message.timestamp.before.max.ms") { messageTimestampBeforeMaxMs = v }
        if let v = try long("message.timestamp.after.max.ms") { messageTimestampAfterMaxMs = v }
        if let v = try bool("unclean.leader.election.enable") { uncleanLeaderElectionEnable = v }
        if let v = try long("delete.retention.ms") { deleteRetentionMs = v }
        if let v = try long("min.compaction.lag.ms") { minCompactionLagMs = v }
        if let v = try long("max.compaction.lag.ms") { maxCompactionLagMs = v }
        if let text = properties["min.cleanable.dirty.ratio"] {
            guard let v = Double(text.trimmingSpaces) else { throw LogConfigError(key: "min.cleanable.dirty.ratio", value: text) }
            minCleanableDirtyRatio = v
        }
        if let text = properties["compression.type"] { compressionType = text.trimmingSpaces }
        if let text = properties["message.timestamp.type"] {
            guard let v = TimestampType(rawValue: text.trimmingSpaces) else {
                throw LogConfigError(key: "message.timestamp.type", value: text)
            }
            messageTimestampType = v
        }
        if let text = properties["cleanup.policy"] {
            var policies: Set<CleanupPolicy> = []
            for part in text.split(separator: ",") {
                guard let p = CleanupPolicy(rawValue: String(part).trimmingSpaces.lowercased()) else {
                    throw LogConfigError(key: "cleanup.policy", value: text)
                }
                policies.insert(p)
            }
            cleanupPolicy = policies
        }
    }
}

/// A topic setting whose value does not parse.
public struct LogConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var key: String
    public var value: String
    public var description: String { "Invalid value \(value) for configuration \(key)" }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
