/// The KRaft rules of `KafkaConfig.validateValues`, with Kafka's messages.
extension KafkaConfig {
    func validate() throws(KafkaConfigError) {
        let listenerNames = Set(listeners.map(\.listenerName))
        if processRoles.isEmpty {
            throw .illegal("requirement failed: process.roles must contain at least one of 'broker' or 'controller'")
        }
        if quorumVoters.isEmpty && quorumBootstrapServers.isEmpty {
            throw .illegal("If using process.roles, either controller.quorum.bootstrap.servers must contain the set of bootstrap controllers or controller.quorum.voters must contain a parseable set of controllers.")
        }
        if controllerListenerNames.isEmpty {
            throw .illegal("requirement failed: controller.listener.names must contain at least one value when running KRaft with just the broker role")
        }
        let voterIds = quorumVoters.map(\.id)
        if isController {
            if !quorumVoters.isEmpty && !voterIds.contains(nodeId) {
                let set = "Set(" + voterIds.map(String.init).joined(separator: ", ") + ")"
                throw .illegal("requirement failed: If process.roles contains the 'controller' role, the node id \(nodeId) must be included in the set of voters controller.quorum.voters=\(set)")
            }
            if !controllerListenerNames.contains(where: { listenerNames.contains($0) }) {
                throw .illegal("requirement failed: controller.listener.names must contain at least one value appearing in the 'listeners' configuration when running the KRaft controller role")
            }
            if !controllerListenerNames.allSatisfy({ listenerNames.contains($0) }) {
                throw .illegal("requirement failed: controller.listener.names must only contain values appearing in the 'listeners' configuration when running the KRaft controller role")
            }
        } else {
            if voterIds.contains(nodeId) {
                let set = "Set(" + voterIds.map(String.init).joined(separator: ", ") + ")"
                throw .illegal("requirement failed: If process.roles contains just the 'broker' role, the node id \(nodeId) must not be included in the set of voters controller.quorum.voters=\(set)")
            }
            if controllerListenerNames.contains(where: { listenerNames.contains($0) }) {
                throw .illegal("requirement failed: controller.listener.names must not contain a value appearing in the 'listeners' configuration when running KRaft with just the broker role")
            }
        }
        if isBroker {
            if advertisedBrokerListeners.isEmpty {
                throw .illegal("requirement failed: There must be at least one broker advertised listener. Perhaps all listeners appear in controller.listener.names?")
            }
            if advertisedListeners.contains(where: { $0.host == "0.0.0.0" }) {
                throw .illegal("requirement failed: advertised.listeners cannot use the nonroutable meta-address 0.0.0.0. Use a routable IP address.")
            }
            if !advertisedBrokerListeners.contains(where: { $0.listenerName == interBrokerListenerName }) {
                let options = advertisedBrokerListeners.map(\.listenerName).joined(separator: ",")
                throw .illegal("requirement failed: inter.broker.listener.name must be a listener name defined in advertised.listeners. The valid options based on currently configured listeners are \(options)")
            }
            for endpoint in advertisedBrokerListeners where !listenerNames.contains(endpoint.listenerName) {
                throw .illegal("requirement failed: advertised.listeners listener names must be equal to or a subset of the ones defined in listeners. Found \(advertisedBrokerListeners.map(\.listenerName).joined(separator: ",")). The valid options based on the current configuration are \(listeners.map(\.listenerName).joined(separator: ","))")
            }
        } else if !listeners.allSatisfy({ controllerListenerNames.contains($0.listenerName) }) {
            throw .illegal("requirement failed: The listeners config must only contain KRaft controller listeners from controller.listener.names when process.roles=controller")
        }
        for endpoint in listeners where listenerSecurityProtocolMap[endpoint.listenerName] == nil {
            throw .invalid(key: "listener.security.protocol.map", value: listenerSecurityProtocolMap.map { "\($0.key):\($0.value)" }.sorted().joined(separator: ","),
                           reason: "No security protocol defined for listener \(endpoint.listenerName)")
        }
        var ports: Set<Int> = []
        for endpoint in listeners where endpoint.port != 0 && !ports.insert(endpoint.port).inserted {
            throw .illegal("requirement failed: Each listener must have a different port, listeners: \(listeners.map(\.description).joined(separator: ","))")
        }
    }

    /// The embedded default of `kafkit server` without a file: one combined node on loopback,
    /// data in `./kafkit-data`, internal topics with replication factor 1.
    public static let embeddedDefaults: [(String, String)] = [
        ("process.roles", "broker,controller"),
        ("node.id", "1"),
        ("controller.quorum.voters", "1@127.0.0.1:9093"),
        ("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093"),
        ("advertised.listeners", "PLAINTEXT://127.0.0.1:9092"),
        ("inter.broker.listener.name", "PLAINTEXT"),
        ("controller.listener.names", "CONTROLLER"),
        ("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
        ("log.dirs", "./kafkit-data"),
        ("num.partitions", "1"),
        ("offsets.topic.replication.factor", "1"),
        ("transaction.state.log.replication.factor", "1"),
        ("transaction.state.log.min.isr", "1"),
        ("share.coordinator.state.topic.replication.factor", "1"),
        ("share.coordinator.state.topic.min.isr", "1"),
    ]
}
