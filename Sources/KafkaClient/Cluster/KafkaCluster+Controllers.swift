import KafkaProtocol

/// KIP-919: a client bootstrapped from controllers (`bootstrap.controllers`, the tools'
/// `--bootstrap-controller`) learns the controllers with DescribeCluster (endpoint type
/// CONTROLLER) instead of Metadata, and refuses the Admin APIs a controller does not serve,
/// as Kafka's `KafkaAdminClient` does when `usingBootstrapControllers`.
extension KafkaCluster {
    /// `UnsupportedEndpointTypeException`'s text for an Admin API without a controller route.
    public static let controllerEndpointUnsupportedMessage =
        "This Admin API is not yet supported when communicating directly with the controller quorum."

    public nonisolated var usingBootstrapControllers: Bool { config.usingBootstrapControllers }

    /// Refreshes the known nodes: brokers from Metadata, or controllers from DescribeCluster.
    func refreshNodes() async throws {
        if usingBootstrapControllers {
            try await refreshControllers()
        } else {
            try await refreshMetadata(topics: [])
        }
    }

    /// `makeControllerMetadataCall`: DescribeCluster v1+ (the first with `endpointType`) to a
    /// bootstrap controller; its nodes replace the known ones.
    @discardableResult
    public func refreshControllers() async throws -> DescribeClusterResponse {
        let request = KafkaAdminClient.describeClusterRequest(endpointType: .controller)
        let response = try await withRetries("DescribeCluster") { () async throws -> DescribeClusterResponse in
            let connection = try await self.anyConnection()
            let version = try connection.apiVersions.version(for: .describeCluster, client: 1...Self.describeClusterMaxVersion)
            return try await connection.send(request, versions: version...version)
        }
        try metadata.update(withControllers: response, at: .now)
        return response
    }

    static var describeClusterMaxVersion: Int16 {
        ApiKey.describeCluster.clientVersions?.upperBound ?? DescribeClusterRequest.validVersions.upperBound
    }

    /// Metadata, FindCoordinator and the other broker-only paths fail as Kafka's node providers
    /// without controller support do.
    func requireBrokerEndpoint() throws {
        if usingBootstrapControllers {
            throw KafkaError.broker(.unsupportedEndpointType, message: Self.controllerEndpointUnsupportedMessage)
        }
    }

    /// An API a controller listener does not serve cannot be sent when bootstrapped from controllers.
    func requireEndpoint(for api: ApiKey) throws {
        if usingBootstrapControllers && !api.listeners.contains(.controller) {
            throw KafkaError.broker(.unsupportedEndpointType, message: Self.controllerEndpointUnsupportedMessage)
        }
    }
}

extension MetadataCache {
    /// `KafkaAdminClient.parseDescribeClusterResponse`: the controllers become the nodes, the
    /// controller id is kept only when it names one of them, and no topic is known.
    public mutating func update(withControllers response: DescribeClusterResponse, at instant: ContinuousClock.Instant) throws {
        try KafkaError.check(response.errorCode, response.errorMessage)
        guard response.endpointType == KafkaAdminClient.EndpointType.controller.rawValue else {
            throw KafkaError.broker(
                .mismatchedEndpointType,
                message: "Expected response from CONTROLLER endpoint, but got response from endpoint type \(response.endpointType)")
        }
        clusterId = response.clusterId
        var nodes: [Int32: BrokerNode] = [:]
        for node in response.brokers {
            nodes[node.brokerId] = BrokerNode(nodeId: node.brokerId, host: node.host, port: Int(node.port), rack: node.rack)
        }
        brokers = nodes
        controllerId = nodes[response.controllerId] == nil ? -1 : response.controllerId
        topics = [:]
        lastRefresh = instant
    }
}
