import KafkaBroker
import Testing

@Suite("KafkaConfig")
struct KafkaConfigTests {
    static func embedded(_ overrides: [String: String] = [:]) -> [String: String] {
        var props: [String: String] = [:]
        for (key, value) in KafkaConfig.embeddedDefaults { props[key] = value }
        for (key, value) in overrides { props[key] = value }
        return props
    }

    @Test func embeddedDefaultsParse() throws {
        let config = try KafkaConfig(properties: Self.embedded())
        #expect(config.nodeId == 1)
        #expect(config.processRoles == [.broker, .controller])
        #expect(config.advertisedBrokerListeners == [Endpoint(listenerName: "PLAINTEXT", host: "127.0.0.1", port: 9092)])
        #expect(config.controllerListeners == [Endpoint(listenerName: "CONTROLLER", host: "127.0.0.1", port: 9093)])
        #expect(config.logDirs == ["./kafkit-data"])
        #expect(config.metadataLogDir == "./kafkit-data")
        #expect(config.offsetsTopicReplicationFactor == 1)
    }

    @Test func kafkaDefaults() throws {
        let config = try KafkaConfig(properties: Self.embedded())
        #expect(config.numPartitions == 1)
        #expect(config.defaultReplicationFactor == 1)
        #expect(config.autoCreateTopicsEnable)
        #expect(config.deleteTopicEnable)
        #expect(config.socketRequestMaxBytes == 104_857_600)
        #expect(config.connectionsMaxIdleMs == 600_000)
        #expect(config.offsetsTopicNumPartitions == 50)
        #expect(config.logConfig.segmentBytes == 1_073_741_824)
        #expect(config.logConfig.retentionMs == 604_800_000)
    }

    @Test func brokerLogSettingsBecomeTopicDefaults() throws {
        let config = try KafkaConfig(properties: Self.embedded(["log.retention.hours": "1", "log.segment.bytes": "1048576"]))
        #expect(config.logConfig.retentionMs == 3_600_000)
        #expect(config.logConfig.segmentBytes == 1_048_576)
        let ms = try KafkaConfig(properties: Self.embedded(["log.retention.hours": "1", "log.retention.ms": "5000"]))
        #expect(ms.logConfig.retentionMs == 5000)
    }

    @Test func missingProcessRoles() {
        var props = Self.embedded()
        props["process.roles"] = nil
        #expect(throws: KafkaConfigError.missing(key: "process.roles")) { try KafkaConfig(properties: props) }
        #expect(KafkaConfigError.missing(key: "process.roles").description
                == "Missing required configuration \"process.roles\" which has no default value.")
    }

    @Test func nodeIdNotANumber() {
        #expect(throws: KafkaConfigError.invalid(key: "node.id", value: "abc", reason: "Not a number of type INT")) {
            try KafkaConfig(properties: Self.embedded(["node.id": "abc"]))
        }
    }

    /// Kafka 4.0's `KafkaConfig.populateSynonyms` lets `broker.id` stand in for `node.id`.
    @Test func brokerIdAloneBecomesTheNodeId() throws {
        var props = Self.embedded(["broker.id": "1"])
        props["node.id"] = nil
        let config = try KafkaConfig(properties: props)
        #expect(config.nodeId == 1)
        #expect(try KafkaConfig(properties: Self.embedded(["broker.id": "1", "node.id": "1"])).nodeId == 1)
    }

    @Test func brokerIdAndNodeIdMustAgree() {
        let error = #expect(throws: KafkaConfigError.self) {
            try KafkaConfig(properties: Self.embedded(["broker.id": "2", "node.id": "1"]))
        }
        // KafkaConfig.validateValues: `throw new ConfigException(s"You must set `node.id` to the same value as `broker.id`.")`
        #expect(error?.description == "You must set `node.id` to the same value as `broker.id`.")
        #expect(error?.javaClassName == "org.apache.kafka.common.config.ConfigException")
    }

    @Test func neitherIdIsMissingNodeId() {
        var props = Self.embedded()
        props["node.id"] = nil
        #expect(throws: KafkaConfigError.missing(key: "node.id")) { try KafkaConfig(properties: props) }
        props["broker.id"] = "x"
        #expect(throws: KafkaConfigError.invalid(key: "broker.id", value: "x", reason: "Not a number of type INT")) {
            try KafkaConfig(properties: props)
        }
    }

    @Test func controllerMustBeAVoter() {
        let error = #expect(throws: KafkaConfigError.self) {
            try KafkaConfig(properties: Self.embedded(["controller.quorum.voters": "2@localhost:9093,3@localhost:9094"]))
        }
        #expect(error?.description == "requirement failed: If process.roles contains the 'controller' role, the node id 1 must be included in the set of voters controller.quorum.voters=Set(2, 3)")
    }

    @Test func quorumMustBeConfigured() {
        var props = Self.embedded()
        props["controller.quorum.voters"] = nil
        let error = #expect(throws: KafkaConfigError.self) { try KafkaConfig(properties: props) }
        #expect(error?.description == "If using process.roles, either controller.quorum.bootstrap.servers must contain the set of bootstrap controllers or controller.quorum.voters must contain a parseable set of controllers.")
    }

    @Test func advertisedMetaAddressRejected() {
        let error = #expect(throws: KafkaConfigError.self) {
            try KafkaConfig(properties: Self.embedded(["advertised.listeners": "PLAINTEXT://0.0.0.0:9092"]))
        }
        #expect(error?.description == "requirement failed: advertised.listeners cannot use the nonroutable meta-address 0.0.0.0. Use a routable IP address.")
    }

    @Test func interBrokerListenerMustBeAdvertised() {
        let error = #expect(throws: KafkaConfigError.self) {
            try KafkaConfig(properties: Self.embedded(["inter.broker.listener.name": "SSL"]))
        }
        #expect(error?.description == "requirement failed: inter.broker.listener.name must be a listener name defined in advertised.listeners. The valid options based on currently configured listeners are PLAINTEXT")
    }

    @Test func controllerListenerMustBeInListeners() {
        let error = #expect(throws: KafkaConfigError.self) {
            try KafkaConfig(properties: Self.embedded(["controller.listener.names": "CTRL"]))
        }
        #expect(error?.description == "requirement failed: controller.listener.names must contain at least one value appearing in the 'listeners' configuration when running the KRaft controller role")
    }

    @Test func badListener() {
        #expect(throws: KafkaConfigError.self) {
            try KafkaConfig(properties: Self.embedded(["listeners": "PLAINTEXT//127.0.0.1:9092"]))
        }
        #expect(throws: KafkaConfigError.self) {
            try KafkaConfig(properties: Self.embedded(["listeners": "PLAINTEXT://127.0.0.1:notaport,CONTROLLER://:9093"]))
        }
    }

    @Test func duplicatePortsRejected() {
        #expect(throws: KafkaConfigError.self) {
            try KafkaConfig(properties: Self.embedded(["listeners": "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9092"]))
        }
    }

    @Test func staticReferenceFileParses() throws {
        let props: [String: String] = [
            "process.roles": "broker,controller", "node.id": "1",
            "controller.quorum.bootstrap.servers": "localhost:9093",
            "listeners": "PLAINTEXT://:9092,CONTROLLER://:9093", "inter.broker.listener.name": "PLAINTEXT",
            "advertised.listeners": "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093",
            "controller.listener.names": "CONTROLLER",
            "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
            "log.dirs": "/tmp/kraft-combined-logs",
        ]
        let config = try KafkaConfig(properties: props)
        #expect(config.advertisedBrokerListeners.map(\.description) == ["PLAINTEXT://localhost:9092"])
        #expect(config.brokerListeners.map(\.description) == ["PLAINTEXT://:9092"])
        #expect(config.quorumBootstrapServers == ["localhost:9093"])
    }

    @Test func topicConfigValidation() {
        let retention = TopicConfigDef.byName["retention.ms"]
        #expect(throws: KafkaConfigError.invalid(key: "retention.ms", value: "abc", reason: "Not a number of type LONG")) {
            try retention?.validate("abc")
        }
        #expect(throws: KafkaConfigError.invalid(key: "retention.ms", value: "-5", reason: "Value must be at least -1")) {
            try retention?.validate("-5")
        }
        #expect(throws: KafkaConfigError.self) { try TopicConfigDef.byName["cleanup.policy"]?.validate("bogus") }
        #expect(throws: Never.self) { try TopicConfigDef.byName["cleanup.policy"]?.validate("compact,delete") }
        #expect(throws: KafkaConfigError.invalid(key: "cleanup.policy", value: "bogus", reason: "String must be one of: compact, delete")) {
            try TopicConfigDef.byName["cleanup.policy"]?.validate("compact , bogus")
        }
    }

    /// KafkaConfig's own ValidList / ValidString: the broker key names the problem.
    @Test func enumeratedBrokerLogSettings() {
        #expect(throws: KafkaConfigError.invalid(key: "log.cleanup.policy", value: "bogus", reason: "String must be one of: compact, delete")) {
            try KafkaConfig(properties: Self.embedded(["log.cleanup.policy": "delete,bogus"]))
        }
        #expect(throws: KafkaConfigError.invalid(key: "compression.type", value: "brotli",
                                                 reason: "String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer")) {
            try KafkaConfig(properties: Self.embedded(["compression.type": "brotli"]))
        }
        #expect(throws: KafkaConfigError.invalid(key: "log.message.timestamp.type", value: "Now",
                                                 reason: "String must be one of: CreateTime, LogAppendTime")) {
            try KafkaConfig(properties: Self.embedded(["log.message.timestamp.type": "Now"]))
        }
        #expect(throws: Never.self) { try KafkaConfig(properties: Self.embedded(["log.cleanup.policy": "compact, delete"])) }
    }
}
