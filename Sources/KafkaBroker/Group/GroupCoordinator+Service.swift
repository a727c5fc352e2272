import Logging
import ServiceLifecycle

extension GroupCoordinator {
    /// The coordinator of a broker: `__consumer_offsets` through the replica manager, topic
    /// existence and leader epochs from the metadata image.
    public static func make(config: KafkaConfig, replicaManager: ReplicaManager, metadataCache: MetadataCache,
                            logger: Logger) -> GroupCoordinator {
        let coordinatorConfig: GroupCoordinatorConfig
        do {
            coordinatorConfig = try GroupCoordinatorConfig(config: config)
        } catch {
            logger.error("Invalid group coordinator config, using the defaults: \(error)")
            var fallback = GroupCoordinatorConfig()
            fallback.offsetsTopicNumPartitions = config.offsetsTopicNumPartitions
            fallback.offsetsTopicReplicationFactor = config.offsetsTopicReplicationFactor
            fallback.initialRebalanceDelayMs = Int64(config.groupInitialRebalanceDelayMs)
            coordinatorConfig = fallback
        }
        let log = ReplicaCoordinatorLog(replicaManager: replicaManager) { partition in
            metadataCache.image.partition(topic: ReplicaCoordinatorLog.topic, partition: partition)?.leaderEpoch ?? 0
        }
        return GroupCoordinator(config: coordinatorConfig, log: log, logger: logger, partitionExists: { topic, partition in
            metadataCache.image.partition(topic: topic, partition: partition) != nil
        })
    }

    /// Loads the hosted `__consumer_offsets` partitions, then fires timers on a short tick until
    /// graceful shutdown.
    public nonisolated func run(tickMs: Int = 50) async {
        await loadAll()
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(tickMs))
                await self.expireTimers()
            }
        }
    }
}
