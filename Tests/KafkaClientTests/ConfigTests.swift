import KafkaClient
import Testing

@Suite("ClientConfig")
struct ConfigTests {
    @Test func parsesBootstrapList() throws {
        let list = try BrokerAddress.parseList(" localhost:9092, [::1]:9093,10.0.0.1:1 ")
        #expect(list == [BrokerAddress(host: "localhost", port: 9092), BrokerAddress(host: "::1", port: 9093), BrokerAddress(host: "10.0.0.1", port: 1)])
    }

    @Test(arguments: ["localhost", "localhost:", ":9092", "host:99999", "host:abc"])
    func rejectsBadBootstrapEntries(_ entry: String) {
        #expect(throws: KafkaError.self) { try BrokerAddress.parseList(entry) }
    }

    @Test func readsCommonKeys() throws {
        let config = try ClientConfig(properties: [
            "client.id": "me", "request.timeout.ms": "1234", "retry.backoff.ms": "7", "default.api.timeout.ms": "999",
            "metadata.max.age.ms": "10", "retries": "3",
        ], bootstrapServers: "h:1")
        #expect(config.clientId == "me")
        #expect(config.requestTimeoutMs == 1234)
        #expect(config.retryBackoffMs == 7)
        #expect(config.defaultApiTimeoutMs == 999)
        #expect(config.metadataMaxAgeMs == 10)
        #expect(config.retries == 3)
        #expect(config.bootstrapServers == [BrokerAddress(host: "h", port: 1)])
    }

    @Test func rejectsSecurityProtocolsItCannotSpeak() {
        #expect(throws: KafkaError.self) { try ClientConfig(properties: ["security.protocol": "SASL_SSL"]) }
        #expect((try? ClientConfig(properties: ["security.protocol": "plaintext"])) != nil)
    }

    @Test func rejectsNonNumbers() {
        #expect(throws: KafkaError.self) { try ClientConfig(properties: ["request.timeout.ms": "soon"]) }
    }

    @Test func producerIdempotenceDefaults() throws {
        #expect(try ProducerConfig(ClientConfig()).enableIdempotence)
        #expect(try ProducerConfig(ClientConfig(properties: ["acks": "1"])).enableIdempotence == false)
        #expect(throws: KafkaError.self) { try ProducerConfig(ClientConfig(properties: ["acks": "1", "enable.idempotence": "true"])) }
        #expect(throws: KafkaError.self) { try ProducerConfig(ClientConfig(properties: ["acks": "2"])) }
        #expect(throws: KafkaError.self) { try ProducerConfig(ClientConfig(properties: ["compression.type": "brotli"])) }
        #expect(try ProducerConfig(ClientConfig(properties: ["compression.type": "zstd"])).compression == .zstd)
    }

    @Test func consumerConfig() throws {
        let config = try ConsumerConfig(ClientConfig(properties: ["group.id": "g", "auto.offset.reset": "earliest", "partition.assignment.strategy": "roundrobin"]))
        #expect(config.groupId == "g")
        #expect(config.autoOffsetReset == .earliest)
        #expect(config.enableAutoCommit)
        #expect(config.assignors.map(\.name) == ["roundrobin"])
        #expect(try ConsumerConfig(ClientConfig()).assignors.map(\.name) == ["range", "cooperative-sticky"])
        #expect(throws: KafkaError.self) { try ConsumerConfig(ClientConfig(properties: ["auto.offset.reset": "sometimes"])) }
        #expect(throws: KafkaError.self) { try ConsumerConfig(ClientConfig(properties: ["isolation.level": "dirty"])) }
        #expect(throws: KafkaError.self) { try ConsumerConfig(ClientConfig(properties: ["partition.assignment.strategy": "com.example.Mine"])) }
    }
}
