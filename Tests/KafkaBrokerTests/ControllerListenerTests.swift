import Foundation
import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaBroker

/// The controller listener as `--bootstrap-controller` tools (KIP-919) use it: Kafka 4.0's
/// controller API set, DescribeConfigs over it, and DescribeCluster's endpoint-type refusals.
@Suite("Controller listener", .serialized)
struct ControllerListenerTests {
    /// The admin APIs Kafka 4.0's `ControllerApis` serves to the configs, reassign-partitions,
    /// metadata-quorum and leader-election tools.
    static let adminApis: [ApiKey] = [
        .describeConfigs, .incrementalAlterConfigs, .alterConfigs, .listPartitionReassignments,
        .alterPartitionReassignments, .describeCluster, .describeQuorum, .electLeaders, .createTopics,
        .deleteTopics, .createPartitions, .apiVersions,
    ]

    static func apiVersions(port: Int) async throws -> ApiVersionsResponse {
        var request = ApiVersionsRequest()
        request.clientSoftwareName = "apache-kafka-java"
        request.clientSoftwareVersion = "4.0.0"
        return try await RawConnection.with(port: port) { try await $0.request(request, version: 3) }
    }

    /// Kafka 4.0's broker answer to ApiVersions v3 (`frames/raw-apiversions.jsonl`).
    static func kafkaBrokerApiVersions() throws -> ApiVersionsResponse {
        let recorded = try #require(try ApiVersionsTests.recorded().first { $0.dir == "resp" && $0.apiVersion == 3 })
        var body = ApiVersionsTests.body(recorded)
        return try ApiVersionsResponse.decode(from: &body, version: 3)
    }

    /// Only APIs Kafka's schemas give the controller listener are advertised there, each with the
    /// range Kafka advertises (a controller's ranges are the same full ranges as a broker's), and
    /// the admin APIs the tools need are all present; broker-only APIs are not.
    @Test func advertisesKafkasControllerApis() async throws {
        let broker = try await TestBroker()
        let ours = try await Self.apiVersions(port: try QuorumApiTests.controllerPort(broker))
        try await broker.stopAndRemove()
        let kafka = try Self.kafkaBrokerApiVersions()
        let kafkaRanges = Dictionary(uniqueKeysWithValues: kafka.apiKeys.map { ($0.apiKey, $0.minVersion...$0.maxVersion) })
        #expect(ours.errorCode == 0)
        for api in ours.apiKeys {
            let key = try #require(ApiKey(rawValue: api.apiKey))
            #expect(key.listeners.contains(.controller), "\(key) is not a controller API")
            if let range = kafkaRanges[api.apiKey] {
                #expect(api.minVersion...api.maxVersion == range, "\(key)")
            }
        }
        let advertised = Set(ours.apiKeys.map(\.apiKey))
        for key in Self.adminApis {
            #expect(advertised.contains(key.rawValue), "\(key) missing")
        }
        for key in [ApiKey.metadata, .produce, .findCoordinator, .listOffsets, .describeTopicPartitions, .listGroups] {
            #expect(!advertised.contains(key.rawValue), "\(key) is broker-only")
        }
        #expect(ours.supportedFeatures == kafka.supportedFeatures)
    }

    /// DescribeConfigs of broker 1 over the controller listener answers what the broker listener does.
    @Test func describeConfigsOverTheControllerListener() async throws {
        let broker = try await TestBroker()
        var resource = DescribeConfigsRequest.DescribeConfigsResource()
        resource.resourceType = 4
        resource.resourceName = "1"
        resource.configurationKeys = nil
        var request = DescribeConfigsRequest()
        request.resources = [resource]
        request.includeSynonyms = true
        let built = request
        let viaController = try await RawConnection.with(port: try QuorumApiTests.controllerPort(broker)) {
            try await $0.request(built, version: 4)
        }
        let viaBroker = try await RawConnection.with(port: broker.port) { try await $0.request(built, version: 4) }
        try await broker.stopAndRemove()
        let result = try #require(viaController.results.first)
        #expect(result.errorCode == 0)
        #expect(!result.configs.isEmpty)
        #expect(viaController == viaBroker)
    }

    /// `AuthHelper.computeDescribeClusterResponse`'s refusals: the wrong endpoint type is
    /// MISMATCHED_ENDPOINT_TYPE, an unknown one UNSUPPORTED_ENDPOINT_TYPE, both INVALID_REQUEST on
    /// v0, each a bare response with the default endpoint type and no cluster id.
    @Test func describeClusterRefusesTheOtherEndpointType() async throws {
        let broker = try await TestBroker()
        let controllerPort = try QuorumApiTests.controllerPort(broker)
        func ask(_ port: Int, _ type: Int8, version: Int16) async throws -> DescribeClusterResponse {
            var request = DescribeClusterRequest()
            request.endpointType = type
            let built = request
            return try await RawConnection.with(port: port) { try await $0.request(built, version: version) }
        }
        let controllersFromBroker = try await ask(broker.port, 2, version: 1)
        let brokersFromController = try await ask(controllerPort, 1, version: 1)
        let unknown = try await ask(controllerPort, 3, version: 1)
        let v0 = try await ask(controllerPort, 1, version: 0)
        try await broker.stopAndRemove()
        #expect(controllersFromBroker.errorCode == ErrorCode.mismatchedEndpointType.rawValue)
        #expect(controllersFromBroker.errorMessage == "The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER")
        #expect(brokersFromController.errorCode == ErrorCode.mismatchedEndpointType.rawValue)
        #expect(brokersFromController.errorMessage == "The request was sent to an endpoint of type CONTROLLER, but we wanted an endpoint of type BROKER")
        #expect(unknown.errorCode == ErrorCode.unsupportedEndpointType.rawValue)
        #expect(unknown.errorMessage == "Unsupported endpoint type 3")
        #expect(v0.errorCode == ErrorCode.invalidRequest.rawValue)
        for refusal in [controllersFromBroker, brokersFromController, unknown, v0] {
            #expect(refusal.clusterId == "" && refusal.brokers.isEmpty && refusal.endpointType == 1 && refusal.controllerId == -1)
        }
    }
}
