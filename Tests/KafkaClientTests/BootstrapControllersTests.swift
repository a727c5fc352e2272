import KafkaClient
import KafkaProtocol
import Testing

/// KIP-919 (`bootstrap.controllers`): an admin client bootstrapped from the in-process broker's
/// controller listener finds the controllers with DescribeCluster and answers as the same
/// client bootstrapped from the broker listener does.
@Suite("Bootstrap controllers", .serialized)
struct BootstrapControllersTests {
    static let timeouts = ["request.timeout.ms": "10000", "default.api.timeout.ms": "20000"]

    /// Runs `body` with one admin client on the broker listener and one on the controller listener.
    static func withAdmins(_ body: (_ viaBroker: KafkaAdminClient, _ viaControllers: KafkaAdminClient, TestBroker) async throws -> Void) async throws {
        let broker = try await TestBroker()
        let viaBroker = KafkaAdminClient(config: try ClientConfig(adminProperties: timeouts, bootstrapServers: "127.0.0.1:\(broker.port)"))
        let viaControllers = KafkaAdminClient(config: try ClientConfig(adminProperties: timeouts, bootstrapControllers: "127.0.0.1:\(broker.controllerPort)"))
        do {
            try await body(viaBroker, viaControllers, broker)
        } catch {
            await viaBroker.close()
            await viaControllers.close()
            try? await broker.stopAndRemove()
            throw error
        }
        await viaBroker.close()
        await viaControllers.close()
        try await broker.stopAndRemove()
    }

    @Test func configChoosesTheBootstrapKind() throws {
        let servers = try ClientConfig(adminProperties: ["bootstrap.servers": "a:1"])
        #expect(!servers.usingBootstrapControllers && servers.bootstrapServers == [BrokerAddress(host: "a", port: 1)])
        let controllers = try ClientConfig(adminProperties: ["bootstrap.controllers": "b:2"])
        #expect(controllers.usingBootstrapControllers && controllers.bootstrapServers == [BrokerAddress(host: "b", port: 2)])
        let fromOption = try ClientConfig(adminProperties: [:], bootstrapControllers: "[::1]:3")
        #expect(fromOption.usingBootstrapControllers && fromOption.bootstrapServers == [BrokerAddress(host: "::1", port: 3)])
        #expect(throws: KafkaError.invalidArgument("You cannot set both bootstrap.servers and bootstrap.controllers")) {
            try ClientConfig(adminProperties: ["bootstrap.servers": "a:1"], bootstrapControllers: "b:2")
        }
        #expect(throws: KafkaError.self) { try ClientConfig(adminProperties: [:], bootstrapControllers: "no-port") }
        // The plain init (producer, consumer) never reads bootstrap.controllers.
        #expect(!(try ClientConfig(properties: ["bootstrap.controllers": "b:2"])).usingBootstrapControllers)
    }

    @Test func discoversControllersWithDescribeCluster() async throws {
        try await Self.withAdmins { viaBroker, viaControllers, broker in
            let response = try await viaControllers.cluster.refreshControllers()
            #expect(response.endpointType == KafkaAdminClient.EndpointType.controller.rawValue)
            let metadata = await viaControllers.cluster.metadata
            #expect(metadata.brokers == [1: BrokerNode(nodeId: 1, host: "127.0.0.1", port: broker.controllerPort, rack: nil)])
            #expect(metadata.controllerId == 1)
            let brokerView = try await viaBroker.describeCluster()
            #expect(metadata.clusterId == brokerView.clusterId)
            // describeCluster asks for the controllers too.
            let controllerView = try await viaControllers.describeCluster()
            #expect(controllerView.clusterId == brokerView.clusterId)
            #expect(controllerView.nodes.map(\.port) == [broker.controllerPort])
            #expect(controllerView.controllerId == 1)
        }
    }

    @Test func brokerConfigsThroughTheController() async throws {
        try await Self.withAdmins { viaBroker, viaControllers, _ in
            let resource = ConfigResource(type: .broker, name: "1")
            let before = try await viaControllers.describeConfigs([resource], includeSynonyms: true)
            #expect(before == (try await viaBroker.describeConfigs([resource], includeSynonyms: true)))
            #expect(before.first?.error == nil && before.first?.configs.isEmpty == false)

            let change = [resource: [AlterConfigOp(name: "log.cleaner.threads", value: "2", op: .set)]]
            let altered = try await viaControllers.incrementalAlterConfigs(change)
            #expect(altered[resource] == .some(nil))
            let after = try await viaBroker.describeConfigs([resource])
            let entry = after.first?.configs.first { $0.name == "log.cleaner.threads" }
            #expect(entry?.value == "2")
        }
    }

    @Test func reassignmentsThroughTheController() async throws {
        try await Self.withAdmins { viaBroker, viaControllers, _ in
            let ours = try await viaControllers.listPartitionReassignments()
            #expect(ours == (try await viaBroker.listPartitionReassignments()))
            #expect(ours.isEmpty)
        }
    }

    /// Paths that need Metadata, FindCoordinator or another broker-only API fail with Kafka's
    /// `UnsupportedEndpointTypeException`, without a round trip.
    @Test func brokerOnlyApisAreRefused() async throws {
        try await Self.withAdmins { _, viaControllers, _ in
            let refusal = KafkaError.broker(.unsupportedEndpointType, message: KafkaCluster.controllerEndpointUnsupportedMessage)
            await #expect(throws: refusal) { _ = try await viaControllers.listTopics() }
            await #expect(throws: refusal) { _ = try await viaControllers.cluster.refreshMetadata(topics: []) }
            await #expect(throws: refusal) { _ = try await viaControllers.cluster.coordinator(.group, key: "g") }
            await #expect(throws: refusal) {
                _ = try await viaControllers.cluster.request(.anyBroker, build: { _ in ListGroupsRequest() }) { _, _ in 0 }
            }
        }
    }

    /// A broker listener given as a controller answers DescribeCluster with Kafka's mismatch.
    @Test func brokerListenerAsControllerIsAMismatch() async throws {
        let broker = try await TestBroker()
        let admin = KafkaAdminClient(config: try ClientConfig(adminProperties: Self.timeouts, bootstrapControllers: "127.0.0.1:\(broker.port)"))
        await #expect(throws: KafkaError.broker(
            .mismatchedEndpointType, message: "The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER")) {
            _ = try await admin.cluster.refreshControllers()
        }
        await admin.close()
        try await broker.stopAndRemove()
    }
}
