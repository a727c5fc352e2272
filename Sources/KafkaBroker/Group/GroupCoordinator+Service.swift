import Logging
import ServiceLifecycle

extension GroupCoordinator: BrokerComponent {
    /// The coordinator of a broker: `__consumer_offsets` through the replica manager, topic
    /// existence and leader epochs from the metadata image.
    public static func make(broker: BrokerServices) -> GroupCoordinator {
        let config = broker.config
        let coordinatorConfig: GroupCoordinatorConfig
        do {
            coordinatorConfig = try GroupCoordinatorConfig(config: config)
        } catch {
            broker.logger.error("Invalid group coordinator config, using the defaults: \(error)")
            var fallback = GroupCoordinatorConfig()
            fallback.offsetsTopicNumPartitions = config.offsetsTopicNumPartitions
            fallback.offsetsTopicReplicationFactor = config.offsetsTopicReplicationFactor
            fallback.initialRebalanceDelayMs = Int64(config.groupInitialRebalanceDelayMs)
            coordinatorConfig = fallback
        }
        let metadataCache = broker.metadataCache
        let log = ReplicaCoordinatorLog(replicaManager: broker.replicaManager) { partition in
            metadataCache.image.partition(topic: ReplicaCoordinatorLog.topic, partition: partition)?.leaderEpoch ?? 0
        }
        return GroupCoordinator(config: coordinatorConfig, log: log, logger: broker.logger, partitionExists: { topic, partition in
            metadataCache.image.partition(topic: topic, partition: partition) != nil
        })
    }

    /// Loads the hosted `__consumer_offsets` partitions and starts firing timers on a short tick.
    public func start(broker: BrokerServices) async throws {
        loadAll()
        // The tick task inherits the server's graceful-shutdown context: parked joins and syncs are
        // answered NOT_COORDINATOR then, so in-flight requests end and the listeners can close.
        // `shutdown(broker:)` cancels it, which releases the coordinator.
        tickTask = Task {
            await withGracefulShutdownHandler {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(50))
                    self.expireTimers()
                }
            } onGracefulShutdown: {
                Task { await self.failPendingRequests() }
            }
        }
    }

    public func shutdown(broker: BrokerServices) async {
        tickTask?.cancel()
        tickTask = nil
    }
}

extension BrokerServices {
    /// The running group coordinator.
    public var groupCoordinator: GroupCoordinator? { component(GroupCoordinator.self) }
}
