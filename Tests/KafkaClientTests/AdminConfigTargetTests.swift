@testable import KafkaClient
import Testing

/// Both AlterConfigs flavours send a named broker's configs to that broker.
@Suite("Alter configs target")
struct AdminConfigTargetTests {
    @Test func namedBrokerElseAnyBroker() {
        #expect(KafkaAdminClient.alterConfigsTarget(ConfigResource(type: .broker, name: "3")) == .node(3))
        #expect(KafkaAdminClient.alterConfigsTarget(ConfigResource(type: .broker, name: "")) == .anyBroker)
        #expect(KafkaAdminClient.alterConfigsTarget(ConfigResource(type: .topic, name: "3")) == .anyBroker)
        #expect(KafkaAdminClient.alterConfigsTarget(ConfigResource(type: .brokerLogger, name: "3")) == .anyBroker)
        // Not a broker id: node -1, which no broker is, so the request fails.
        #expect(KafkaAdminClient.alterConfigsTarget(ConfigResource(type: .broker, name: "x")) == .node(-1))
    }
}
