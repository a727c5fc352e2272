import KafkaProtocol
import KafkaStorage
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A combined broker + controller node (`KafkaRaftServer`) as one `Service`: loads the log dirs,
/// binds the listeners, replays the metadata log, becomes the quorum's leader, opens the
/// partition logs, serves requests; on graceful shutdown stops accepting, lets in-flight requests
/// finish, flushes, writes checkpoints and the clean-shutdown marker.
public final class KafkaServer: Service, Sendable {
    public let config: KafkaConfig
    let formatIfNeeded: Bool
    let logger: Logger
    let group: any EventLoopGroup
    let started = NIOLockedValueBox<BrokerServices?>(nil)
    let failure = NIOLockedValueBox<(any Error)?>(nil)

    /// - Parameter formatIfNeeded: format unformatted log dirs with a new cluster id (the embedded
    ///   default of `kafkit server` without a properties file).
    public init(config: KafkaConfig, formatIfNeeded: Bool = false, logger: Logger,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.config = config
        self.formatIfNeeded = formatIfNeeded
        self.logger = logger
        self.group = group
    }

    /// The running broker's services, once startup finished (nil before).
    public var services: BrokerServices? { started.withLockedValue { $0 } }

    /// Waits until the server has started (or failed to start), polling; for tests and tools.
    public func waitUntilStarted(timeout: Duration = .seconds(30)) async throws -> BrokerServices {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let services { return services }
            if let error = failure.withLockedValue({ $0 }) { throw error }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw StartupError("The server did not start within \(timeout)")
    }

    public func run() async throws {
        let services: BrokerServices
        let socketServer: SocketServer
        do {
            (services, socketServer) = try await startup()
        } catch {
            failure.withLockedValue { $0 = error }
            throw error
        }
        started.withLockedValue { $0 = services }
        logger.info("Kafka version: 4.0.0", metadata: ["logger": "org.apache.kafka.common.utils.AppInfoParser"])
        logger.info("[KafkaRaftServer nodeId=\(config.nodeId)] Kafka Server started", metadata: ["logger": "kafka.server.KafkaRaftServer"])

        var runError: (any Error)?
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await socketServer.run() }
                tasks.addTask { await self.checkpointLoop(services.replicaManager) }
                tasks.addTask { await self.snapshotLoop(services.controller) }
                try await tasks.waitForAll()
            }
        } catch {
            runError = error
        }
        await shutdown(services)
        if let runError { throw runError }
    }

    private func startup() async throws -> (BrokerServices, SocketServer) {
        logger.info("[ControllerServer id=\(config.nodeId)] Starting controller", metadata: ["logger": "kafka.server.ControllerServer"])
        let dirs = try LogDirsLoader.load(config: config, formatIfNeeded: formatIfNeeded)
        let socketServer = SocketServer(config: config, group: group, logger: logger)
        let bound = try await socketServer.bind()
        do {
            return try await startServices(dirs: dirs, socketServer: socketServer, bound: bound)
        } catch {
            await socketServer.closeListeners()
            throw error
        }
    }

    private func startServices(dirs: LoadedLogDirs, socketServer: SocketServer, bound: [Endpoint]) async throws
        -> (BrokerServices, SocketServer)
    {
        let advertised = config.advertisedBrokerListeners.map { endpoint -> Endpoint in
            guard endpoint.port == 0, let actual = bound.first(where: { $0.listenerName == endpoint.listenerName }) else { return endpoint }
            var result = endpoint
            result.port = actual.port
            return result
        }
        let controllerEndpoints = bound.filter { config.controllerListenerNames.contains($0.listenerName) }
        let controller = try QuorumController(
            config: config, clusterId: dirs.clusterId,
            hadCleanShutdown: dirs.hadCleanShutdown[config.metadataLogDir] ?? false, logger: logger)
        let replicaManager = ReplicaManager(config: config, hadCleanShutdown: dirs.hadCleanShutdown, logger: logger)
        await controller.register(publisher: replicaManager)
        try await controller.becomeLeader(
            bootstrapRecords: dirs.bootstrapRecords ?? QuorumController.defaultBootstrapRecords(),
            brokerListeners: advertised, controllerListeners: controllerEndpoints,
            logDirIds: config.logDirs.compactMap { dirs.directoryIds[$0] })
        let services = BrokerServices(config: config, clusterId: dirs.clusterId, controller: controller,
                                      replicaManager: replicaManager, advertisedListeners: advertised,
                                      controllerListeners: controllerEndpoints, logger: logger)
        for component in BrokerComponents.standard(broker: services) {
            try await component.start(broker: services)
            services.components.withLockedValue { $0.append(component) }
        }
        let registry = RequestHandlerRegistry.standard(broker: services)
        socketServer.enableRequestProcessing(RequestProcessor(registry: registry, logger: logger))
        logger.info("[BrokerServer id=\(config.nodeId)] Transition from STARTING to STARTED", metadata: ["logger": "kafka.server.BrokerServer"])
        return (services, socketServer)
    }

    /// Writes the offset checkpoints every `log.flush.offset.checkpoint.interval.ms`.
    private func checkpointLoop(_ replicaManager: ReplicaManager) async {
        let interval = max(config.logFlushOffsetCheckpointIntervalMs, 100)
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(interval))
                replicaManager.writeCheckpoints()
            }
        }
    }

    /// Lets the controller write a metadata snapshot when one is due.
    private func snapshotLoop(_ controller: QuorumController) async {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                await controller.maybeSnapshot()
            }
        }
    }

    private func shutdown(_ services: BrokerServices) async {
        logger.info("[BrokerServer id=\(config.nodeId)] Transition from STARTED to SHUTTING_DOWN", metadata: ["logger": "kafka.server.BrokerServer"])
        for component in services.allComponents.reversed() { await component.shutdown(broker: services) }
        services.replicaManager.shutdown()
        await services.controller.shutdown()
        let brokerEpoch = services.metadata.brokers[config.nodeId]?.epoch ?? -1
        var dirs = config.logDirs
        if !dirs.contains(config.metadataLogDir) { dirs.append(config.metadataLogDir) }
        for dir in dirs {
            do { try CleanShutdownFile(directory: dir).write(brokerEpoch: brokerEpoch) } catch {
                logger.error("Error writing the clean shutdown marker in \(dir): \(error)")
            }
        }
        logger.info("[KafkaRaftServer nodeId=\(config.nodeId)] shut down completed", metadata: ["logger": "kafka.server.KafkaRaftServer"])
    }
}
