import Foundation
import KafkaProtocol
import KafkaStorage
import Logging
import NIOConcurrencyHelpers

/// A topic partition (`TopicPartition`).
public struct TopicPartition: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)-\(partition)" }
}

/// The partition logs this broker hosts (`ReplicaManager` + `LogManager`): opened when the metadata
/// image assigns a replica here, closed and removed when the topic is deleted, checkpointed
/// periodically and on shutdown.
public final class ReplicaManager: MetadataPublisher, Sendable {
    public let nodeId: Int32
    public let logDirs: [String]
    let staticConfig: [String: String]
    let logger: Logger
    let state: NIOLockedValueBox<State>

    struct State {
        var logs: [TopicPartition: PartitionLog] = [:]
        var dirOf: [TopicPartition: String] = [:]
        var recoveryPoints: [TopicPartition: Int64] = [:]
        var logStartOffsets: [TopicPartition: Int64] = [:]
        var highWatermarks: [TopicPartition: Int64] = [:]
        var cleanShutdown: [String: Bool] = [:]
        var isShutdown = false
    }

    /// Reads the checkpoint files of every log dir; `hadCleanShutdown` says, per dir, whether
    /// `.kafka_cleanshutdown` was there at startup (then recovery can trust the recovery point).
    public init(config: KafkaConfig, hadCleanShutdown: [String: Bool], logger: Logger) {
        nodeId = config.nodeId
        logDirs = config.logDirs
        staticConfig = config.originals
        self.logger = logger
        var initial = State()
        initial.cleanShutdown = hadCleanShutdown
        for dir in config.logDirs {
            let recovery = (try? OffsetCheckpointFile(path: dir + "/" + OffsetCheckpointFile.recoveryPointFileName).read()) ?? []
            for entry in recovery { initial.recoveryPoints[TopicPartition(topic: entry.topic, partition: entry.partition)] = entry.offset }
            let starts = (try? OffsetCheckpointFile(path: dir + "/" + OffsetCheckpointFile.logStartOffsetFileName).read()) ?? []
            for entry in starts { initial.logStartOffsets[TopicPartition(topic: entry.topic, partition: entry.partition)] = entry.offset }
            let highWatermarks = (try? OffsetCheckpointFile(path: dir + "/" + OffsetCheckpointFile.replicationOffsetFileName).read()) ?? []
            for entry in highWatermarks { initial.highWatermarks[TopicPartition(topic: entry.topic, partition: entry.partition)] = entry.offset }
        }
        state = NIOLockedValueBox(initial)
    }

    /// The log of a partition hosted here, if any.
    public func log(for partition: TopicPartition) -> PartitionLog? {
        state.withLockedValue { $0.logs[partition] }
    }

    public func log(topic: String, partition: Int32) -> PartitionLog? {
        log(for: TopicPartition(topic: topic, partition: partition))
    }

    /// Every hosted partition.
    public var partitions: [TopicPartition] { state.withLockedValue { Array($0.logs.keys) } }

    /// The log dir holding a partition.
    public func logDir(for partition: TopicPartition) -> String? { state.withLockedValue { $0.dirOf[partition] } }

    public func publish(old: MetadataImage, new: MetadataImage) async {
        // Deleted topics: close, rename to `<topic>-<p>.<uuid>-delete`, remove.
        for (name, topic) in old.topicsByName where new.topicsByName[name]?.id != topic.id {
            for partition in topic.partitionIds { removeLog(TopicPartition(topic: name, partition: partition)) }
        }
        for (name, topic) in new.topicsByName {
            let oldTopic = old.topicsByName[name]
            let configChanged = old.configs[ConfigResource(type: .topic, name: name)] != new.configs[ConfigResource(type: .topic, name: name)]
                || Self.brokerConfigs(old, nodeId) != Self.brokerConfigs(new, nodeId)
            for (partition, registration) in topic.partitions where registration.replicas.contains(nodeId) {
                let tp = TopicPartition(topic: name, partition: partition)
                if let existing = log(for: tp) {
                    if configChanged, let config = logConfig(topic: name, image: new) { existing.updateConfig(config) }
                    continue
                }
                if oldTopic?.partitions[partition] != nil && oldTopic?.id == topic.id && log(for: tp) != nil { continue }
                openLog(tp, topicId: topic.id, image: new)
            }
        }
    }

    static func brokerConfigs(_ image: MetadataImage, _ nodeId: Int32) -> [String: String] {
        image.dynamicConfigs(ConfigResource(type: .broker, name: ""))
            .merging(image.dynamicConfigs(ConfigResource(type: .broker, name: String(nodeId)))) { _, node in node }
    }

    /// The effective log config of a topic: its overrides over the broker's settings.
    public func logConfig(topic: String, image: MetadataImage) -> LogConfig? {
        do {
            return try BrokerLogDefaults.effectiveLogConfig(
                topicConfigs: image.dynamicConfigs(ConfigResource(type: .topic, name: topic)),
                staticConfig: staticConfig, dynamicBroker: Self.brokerConfigs(image, nodeId))
        } catch {
            logger.error("Invalid log config for topic \(topic): \(error)")
            return nil
        }
    }

    private func openLog(_ tp: TopicPartition, topicId: KafkaUUID, image: MetadataImage) {
        guard let config = logConfig(topic: tp.topic, image: image) else { return }
        let dir = chooseDir(for: tp)
        let (recovery, start, highWatermark, clean) = state.withLockedValue {
            ($0.recoveryPoints[tp] ?? 0, $0.logStartOffsets[tp] ?? 0, $0.highWatermarks[tp], $0.cleanShutdown[dir] ?? false)
        }
        do {
            let log = try PartitionLog(directory: dir + "/" + tp.description, config: config, topicId: topicId,
                                       logStartOffset: start, recoveryPoint: recovery, hadCleanShutdown: clean)
            // The high watermark comes back from `replication-offset-checkpoint`, never past the log end.
            if let highWatermark { log.updateHighWatermark(min(highWatermark, log.logEndOffset)) }
            state.withLockedValue {
                $0.logs[tp] = log
                $0.dirOf[tp] = dir
            }
            logger.info("[LogLoader partition=\(tp), dir=\(dir)] Loaded log with log end offset \(log.logEndOffset)", metadata: ["logger": "org.apache.kafka.storage.internals.log.UnifiedLog"])
        } catch {
            logger.error("Error while opening the log of \(tp) in dir \(dir): \(error)")
        }
    }

    /// The dir that already holds the partition, else the one with the fewest partitions.
    private func chooseDir(for tp: TopicPartition) -> String {
        for dir in logDirs where FileManager.default.fileExists(atPath: dir + "/" + tp.description) { return dir }
        let counts = state.withLockedValue { s in Dictionary(grouping: s.dirOf.values, by: { $0 }).mapValues(\.count) }
        return logDirs.min { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? logDirs[0]
    }

    private func removeLog(_ tp: TopicPartition) {
        let removed = state.withLockedValue { s -> (PartitionLog, String)? in
            guard let log = s.logs.removeValue(forKey: tp), let dir = s.dirOf.removeValue(forKey: tp) else { return nil }
            s.recoveryPoints[tp] = nil
            s.logStartOffsets[tp] = nil
            s.highWatermarks[tp] = nil
            return (log, dir)
        }
        guard let (log, dir) = removed else { return }
        do { try log.close() } catch { logger.warning("Error closing \(tp): \(error)") }
        let uuid = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let deletePath = dir + "/" + tp.description + "." + uuid + "-delete"
        do {
            try FileManager.default.moveItem(atPath: dir + "/" + tp.description, toPath: deletePath)
            logger.info("Log for partition \(tp) is renamed to \(deletePath) and is scheduled for deletion")
            try FileManager.default.removeItem(atPath: deletePath)
            logger.info("Deleted log for partition \(tp) in \(deletePath).")
        } catch {
            logger.error("Error while deleting the log of \(tp): \(error)")
        }
        writeCheckpoints()
    }

    /// Writes `recovery-point-offset-checkpoint`, `log-start-offset-checkpoint` and
    /// `replication-offset-checkpoint` (high watermarks) of every log dir.
    public func writeCheckpoints() {
        let snapshot = state.withLockedValue { s in s.logs.map { ($0.key, $0.value, s.dirOf[$0.key] ?? "") } }
        for dir in logDirs {
            let mine = snapshot.filter { $0.2 == dir }.sorted { ($0.0.topic, $0.0.partition) < ($1.0.topic, $1.0.partition) }
            let recovery = mine.map { OffsetCheckpointEntry(topic: $0.0.topic, partition: $0.0.partition, offset: $0.1.recoveryPoint) }
            let starts = mine.filter { $0.1.logStartOffset > 0 }
                .map { OffsetCheckpointEntry(topic: $0.0.topic, partition: $0.0.partition, offset: $0.1.logStartOffset) }
            let highWatermarks = mine.map { OffsetCheckpointEntry(topic: $0.0.topic, partition: $0.0.partition, offset: $0.1.highWatermark) }
            do {
                try OffsetCheckpointFile(path: dir + "/" + OffsetCheckpointFile.recoveryPointFileName).write(recovery)
                try OffsetCheckpointFile(path: dir + "/" + OffsetCheckpointFile.logStartOffsetFileName).write(starts)
                try OffsetCheckpointFile(path: dir + "/" + OffsetCheckpointFile.replicationOffsetFileName).write(highWatermarks)
            } catch {
                logger.error("Error while writing checkpoints in \(dir): \(error)")
            }
        }
    }

    /// Flushes and closes every log, then writes the checkpoints (with recovery points at the log ends).
    public func shutdown() {
        let logs = state.withLockedValue { s -> [PartitionLog] in
            s.isShutdown = true
            return Array(s.logs.values)
        }
        for log in logs {
            do { try log.flush() } catch { logger.error("Error flushing \(log.topic)-\(log.partition): \(error)") }
        }
        writeCheckpoints()
        for log in logs {
            do { try log.close() } catch { logger.error("Error closing \(log.topic)-\(log.partition): \(error)") }
        }
    }
}
