import Foundation
import KafkaProtocol
import Testing

@testable import KafkaBroker

/// The replication quotas `kafka-reassign-partitions --throttle` sets on brokers are dynamic
/// broker configs in Kafka (`DynamicConfig.Broker`): they can be set, described and deleted.
@Suite("Broker replication throttle configs", .serialized)
struct ReplicationThrottleConfigTests {
    static let names = [
        "leader.replication.throttled.rate", "follower.replication.throttled.rate",
        "replica.alter.log.dirs.io.max.bytes.per.second",
    ]

    static func alter(_ broker: TestBroker, operation: Int8, value: String?) async throws -> IncrementalAlterConfigsResponse {
        var request = IncrementalAlterConfigsRequest()
        var resource = IncrementalAlterConfigsRequest.AlterConfigsResource()
        resource.resourceType = 4
        resource.resourceName = "1"
        resource.configs = names.map { name in
            var config = IncrementalAlterConfigsRequest.AlterableConfig()
            config.name = name
            config.value = value
            config.configOperation = operation
            return config
        }
        request.resources = [resource]
        return try await RawConnection.with(port: broker.port) { try await $0.request(request, version: 1) }
    }

    static func described(_ broker: TestBroker) async throws -> [String: String?] {
        var describe = DescribeConfigsRequest()
        var target = DescribeConfigsRequest.DescribeConfigsResource()
        target.resourceType = 4
        target.resourceName = "1"
        target.configurationKeys = names
        describe.resources = [target]
        let response = try await RawConnection.with(port: broker.port) { try await $0.request(describe, version: 4) }
        var values: [String: String?] = [:]
        for config in response.results.first?.configs ?? [] { values[config.name] = config.value }
        return values
    }

    @Test func setDescribeAndDelete() async throws {
        let broker = try await TestBroker()
        let set = try await Self.alter(broker, operation: 0, value: "50000")
        #expect(set.responses.map(\.errorCode) == [0])
        let after = try await Self.described(broker)
        for name in Self.names { #expect(after[name] == "50000", "\(name)") }

        let deleted = try await Self.alter(broker, operation: 1, value: nil)
        #expect(deleted.responses.map(\.errorCode) == [0])
        let cleared = try await Self.described(broker)
        for name in Self.names { #expect(cleared[name] != "50000", "\(name)") }
        try await broker.stopAndRemove()
    }
}
