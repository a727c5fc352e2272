import Foundation
import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaBroker

/// DescribeConfigs v3+ documentation and config types, against Kafka 4.0's definitions and the
/// answers real clients recorded from a 4.0 broker.
@Suite("DescribeConfigs documentation and types", .serialized)
struct DescribeConfigsDocumentationTests {
    /// Kafka's `ConfigDef.Type` numbering in DescribeConfigs (`DescribeConfigsResponse.ConfigType`).
    enum KafkaType: Int8 { case boolean = 1, string, int, short, long, double, list, `class`, password }

    static func describe(_ broker: TestBroker, type: Int8, name: String, documentation: Bool,
                         version: Int16 = 4) async throws -> [DescribeConfigsResponse.DescribeConfigsResourceResult] {
        var request = DescribeConfigsRequest()
        var resource = DescribeConfigsRequest.DescribeConfigsResource()
        resource.resourceType = type
        resource.resourceName = name
        resource.configurationKeys = nil
        request.resources = [resource]
        request.includeDocumentation = documentation
        let response = try await RawConnection.with(port: broker.port) { try await $0.request(request, version: version) }
        let result = try #require(response.results.first)
        #expect(result.errorCode == 0)
        return result.configs
    }

    static func byName(_ configs: [DescribeConfigsResponse.DescribeConfigsResourceResult])
        -> [String: DescribeConfigsResponse.DescribeConfigsResourceResult] {
        Dictionary(configs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func topicDocumentationWhenAsked() async throws {
        let broker = try await TestBroker()
        _ = try await AdminApiTests.create(broker, [AdminApiTests.creatable("docs-topic")])
        let configs = try await Self.describe(broker, type: 2, name: "docs-topic", documentation: true)
        #expect(configs.count == TopicConfigDef.all.count)
        for config in configs {
            #expect(!(config.documentation ?? "").isEmpty, "\(config.name)")
        }
        let named = Self.byName(configs)
        // Kafka 4.0 TopicConfig.RETENTION_MS_DOC, SEGMENT_BYTES_DOC, CLEANUP_POLICY_DOC, FILE_DELETE_DELAY_MS_DOC.
        #expect(named["retention.ms"]?.documentation == "This configuration controls the maximum time we will retain a log before we will discard old log segments to free up space if we are using the \"delete\" retention policy. This represents an SLA on how soon consumers must read their data. If set to -1, no time limit is applied. Additionally, retention.ms configuration operates independently of \"segment.ms\" and \"segment.bytes\" configurations. Moreover, it triggers the rolling of new segment if the retention.ms condition is satisfied.")
        #expect(named["segment.bytes"]?.documentation == "This configuration controls the segment file size for the log. Retention and cleaning is always done a file at a time so a larger segment size means fewer files but less granular control over retention.")
        #expect(named["cleanup.policy"]?.documentation == "This config designates the retention policy to use on log segments. The \"delete\" policy (which is the default) will discard old segments when their retention time or size limit has been reached. The \"compact\" policy will enable <a href=\"#compaction\">log compaction</a>, which retains the latest value for each key. It is also possible to specify both policies in a comma-separated list (e.g. \"delete,compact\"). In this case, old segments will be discarded per the retention time and size configuration, while retained segments will be compacted.")
        #expect(named["file.delete.delay.ms"]?.documentation == "The time to wait before deleting a file from the filesystem")
        // LogConfig's types, one of each kind topics use.
        #expect(named["preallocate"]?.configType == KafkaType.boolean.rawValue)
        #expect(named["compression.type"]?.configType == KafkaType.string.rawValue)
        #expect(named["segment.bytes"]?.configType == KafkaType.int.rawValue)
        #expect(named["retention.ms"]?.configType == KafkaType.long.rawValue)
        #expect(named["min.cleanable.dirty.ratio"]?.configType == KafkaType.double.rawValue)
        #expect(named["cleanup.policy"]?.configType == KafkaType.list.rawValue)
        try await broker.stopAndRemove()
    }

    @Test func brokerDocumentationAndTypes() async throws {
        let broker = try await TestBroker()
        let configs = try await Self.describe(broker, type: 4, name: "1", documentation: true)
        #expect(configs.count == BrokerConfigDefaults.all.count)
        for config in configs {
            #expect(!(config.documentation ?? "").isEmpty, "\(config.name)")
            #expect(config.configType != 0, "\(config.name)")
        }
        let named = Self.byName(configs)
        // Kafka 4.0 ServerLogConfigs.NUM_PARTITIONS_DOC and LOG_SEGMENT_BYTES_DOC, ServerConfigs.BROKER_ID_DOC.
        #expect(named["num.partitions"]?.documentation == "The default number of log partitions per topic")
        #expect(named["log.segment.bytes"]?.documentation == "The maximum size of a single log file")
        #expect(named["broker.id"]?.documentation == "The broker id for this server.")
        // SocketServerConfigs.LISTENERS_DOC is built with %n: the newlines are part of the text.
        #expect(named["listeners"]?.documentation?.hasPrefix("Listener List - Comma-separated list of URIs we will listen on and the listener names. If the listener name is not a security protocol, <code>listener.security.protocol.map</code> must also be set.\n Listener names") == true)
        // KafkaConfig.configDef types, every kind.
        let expected: [(String, KafkaType)] = [
            ("auto.create.topics.enable", .boolean), ("listeners", .string), ("log.dirs", .string),
            ("num.partitions", .int), ("log.segment.bytes", .int), ("offsets.topic.replication.factor", .short),
            ("sasl.login.refresh.buffer.seconds", .short), ("log.retention.ms", .long), ("log.retention.hours", .int),
            ("leader.imbalance.check.interval.seconds", .long), ("log.cleaner.min.cleanable.ratio", .double),
            ("log.cleaner.io.max.bytes.per.second", .double), ("process.roles", .list),
            ("controller.quorum.voters", .list), ("principal.builder.class", .class),
            ("create.topic.policy.class.name", .class), ("authorizer.class.name", .string),
            ("ssl.key.password", .password), ("delegation.token.secret.key", .password),
        ]
        for (name, type) in expected {
            #expect(named[name]?.configType == type.rawValue, "\(name)")
        }
        // Passwords are sensitive (`KafkaConfig.maybeSensitive`) and never shown.
        #expect(named["ssl.key.password"]?.isSensitive == true)
        #expect(named["ssl.key.password"]?.value == nil)
        try await broker.stopAndRemove()
    }

    @Test func noDocumentationWithoutTheFlag() async throws {
        let broker = try await TestBroker()
        _ = try await AdminApiTests.create(broker, [AdminApiTests.creatable("docs-off")])
        let topic = try await Self.describe(broker, type: 2, name: "docs-off", documentation: false)
        let brokerConfigs = try await Self.describe(broker, type: 4, name: "1", documentation: false)
        #expect(!topic.isEmpty && !brokerConfigs.isEmpty)
        #expect((topic + brokerConfigs).allSatisfy { $0.documentation == nil })
        // Types are still reported (v3+ field), documentation or not.
        #expect(Self.byName(brokerConfigs)["num.partitions"]?.configType == KafkaType.int.rawValue)
        // Before v3 there is no documentation field on the wire: the decoder keeps its default.
        let old = try await Self.describe(broker, type: 2, name: "docs-off", documentation: false, version: 2)
        #expect(old.count == topic.count)
        #expect(old.allSatisfy { ($0.documentation ?? "").isEmpty })
        try await broker.stopAndRemove()
    }

    @Test func documentationFlagRejectedBeforeVersion3() throws {
        var request = DescribeConfigsRequest()
        request.includeDocumentation = true
        var buffer = ByteBuffer()
        #expect(throws: KafkaProtocolError.self) { try request.encode(into: &buffer, version: 2) }
    }

    @Test func listenerPrefixedAndDynamicOnlyTypes() {
        #expect(BrokerConfigDefaults.type(of: "num.partitions") == .int)
        #expect(BrokerConfigDefaults.type(of: "listener.name.internal.ssl.keystore.password") == .password)
        #expect(BrokerConfigDefaults.type(of: "listener.name.sasl_ssl.plain.sasl.jaas.config") == .password)
        #expect(BrokerConfigDefaults.type(of: "listener.name.internal.max.connections") == .int)
        #expect(BrokerConfigDefaults.type(of: "follower.replication.throttled.rate") == .long)
        #expect(BrokerConfigDefaults.type(of: "no.such.config") == .unknown)
        #expect(BrokerConfigDefaults.type(of: "listener.name.") == .unknown)
        #expect(BrokerConfigDefaults.type(of: "listener.name.x") == .unknown)
        #expect(BrokerConfigDefaults.type(of: "") == .unknown)
    }

    /// The DescribeConfigs answers Kafka 4.0 gave real clients: every config they list has our type,
    /// and none of those clients asked for documentation (so Kafka sent none).
    @Test(arguments: ["java-configs-describe", "kafka-python-admin-topics", "librdkafka-admin-topics"])
    func typesMatchRecordedAnswers(_ file: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/frames/\(file)", withExtension: "jsonl"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let frames = try lines.map { try JSONDecoder().decode(ApiVersionsTests.Frame.self, from: Data($0.utf8)) }
        let requestFrame = try #require(frames.first { $0.dir == "req" && $0.apiKey == 32 })
        let responseFrame = try #require(frames.first {
            $0.dir == "resp" && $0.apiKey == 32 && $0.correlationId == requestFrame.correlationId
        })
        let version = requestFrame.apiVersion
        let flexible = version >= 4

        var requestBody = ByteBuffer(bytes: requestFrame.bytes)
        requestBody.moveReaderIndex(forwardBy: 12)  // length, api key, version, correlation id
        let clientIdLength = requestBody.readInteger(as: Int16.self) ?? -1
        requestBody.moveReaderIndex(forwardBy: Int(max(clientIdLength, 0)) + (flexible ? 1 : 0))
        let request = try DescribeConfigsRequest.decode(from: &requestBody, version: version)
        #expect(request.includeDocumentation == false)

        var responseBody = ByteBuffer(bytes: responseFrame.bytes)
        responseBody.moveReaderIndex(forwardBy: 8 + (flexible ? 1 : 0))  // length, correlation id, tags
        let response = try DescribeConfigsResponse.decode(from: &responseBody, version: version)
        let result = try #require(response.results.first)
        #expect(result.resourceType == 2)
        #expect(!result.configs.isEmpty)
        for config in result.configs {
            let def = try #require(TopicConfigDef.byName[config.name], "\(config.name)")
            if version >= 3 {
                #expect(config.documentation == nil, "\(config.name)")
                #expect(config.configType == def.type.rawValue, "\(file): \(config.name)")
            }
        }
    }
}
