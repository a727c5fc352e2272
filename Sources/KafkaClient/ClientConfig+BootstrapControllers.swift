extension ClientConfig {
    /// An admin client's settings, choosing its bootstrap as Kafka's
    /// `AdminBootstrapAddresses.fromConfig`: `bootstrap.servers` (brokers) or
    /// `bootstrap.controllers` (KIP-919, controllers), never both. The arguments, when non-nil,
    /// stand for the tools' `--bootstrap-server` / `--bootstrap-controller` and win over `properties`.
    public init(adminProperties properties: [String: String], bootstrapServers: String? = nil, bootstrapControllers: String? = nil) throws {
        let servers = bootstrapServers ?? properties["bootstrap.servers"] ?? ""
        let controllers = bootstrapControllers ?? properties["bootstrap.controllers"] ?? ""
        let hasServers = !(try BrokerAddress.parseList(servers)).isEmpty
        let hasControllers = !(try BrokerAddress.parseList(controllers)).isEmpty
        if hasServers && hasControllers {
            throw KafkaError.invalidArgument("You cannot set both bootstrap.servers and bootstrap.controllers")
        }
        try self.init(properties: properties, bootstrapServers: hasControllers ? controllers : servers)
        usingBootstrapControllers = hasControllers
    }
}
