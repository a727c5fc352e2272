import KafkaProtocol
import Logging
import NIOConcurrencyHelpers

/// What handlers reach: config, the current metadata image, the controller, the partition logs.
/// Handlers take it in their initializer (`MetadataHandler(broker: services)`).
public final class BrokerServices: Sendable {
    public let config: KafkaConfig
    public let clusterId: String
    public let controller: QuorumController
    public let replicaManager: ReplicaManager
    public let logger: Logger
    /// Broker listeners as bound (real ports when 0 was configured) and advertised.
    public let advertisedListeners: [Endpoint]
    /// Controller listeners as bound.
    public let controllerListeners: [Endpoint]
    let components = NIOLockedValueBox<[any BrokerComponent]>([])

    public init(config: KafkaConfig, clusterId: String, controller: QuorumController, replicaManager: ReplicaManager,
                advertisedListeners: [Endpoint], controllerListeners: [Endpoint], logger: Logger) {
        self.config = config
        self.clusterId = clusterId
        self.controller = controller
        self.replicaManager = replicaManager
        self.advertisedListeners = advertisedListeners
        self.controllerListeners = controllerListeners
        self.logger = logger
    }

    public var nodeId: Int32 { config.nodeId }

    /// The latest committed metadata image.
    public var metadata: MetadataImage { controller.metadataCache.image }

    public var metadataCache: MetadataCache { controller.metadataCache }

    /// The running component of type `C` (see `BrokerComponents.standard`).
    public func component<C: BrokerComponent>(_ type: C.Type) -> C? {
        components.withLockedValue { list in list.lazy.compactMap { $0 as? C }.first }
    }

    /// All started components, in start order.
    public var allComponents: [any BrokerComponent] { components.withLockedValue { $0 } }
}
