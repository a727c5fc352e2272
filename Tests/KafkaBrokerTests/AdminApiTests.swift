import Foundation
import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaBroker

/// Topic and config administration end to end, over the wire.
@Suite("Broker admin APIs", .serialized)
struct AdminApiTests {
    static func creatable(_ name: String, partitions: Int32 = 1, replicationFactor: Int16 = 1,
                          configs: [(String, String)] = []) -> CreateTopicsRequest.CreatableTopic {
        var topic = CreateTopicsRequest.CreatableTopic()
        topic.name = name
        topic.numPartitions = partitions
        topic.replicationFactor = replicationFactor
        topic.configs = configs.map { key, value in
            var config = CreateTopicsRequest.CreatableTopicConfig()
            config.name = key
            config.value = value
            return config
        }
        return topic
    }

    static func create(_ broker: TestBroker, _ topics: [CreateTopicsRequest.CreatableTopic], validateOnly: Bool = false,
                       version: Int16 = 7) async throws -> CreateTopicsResponse {
        var request = CreateTopicsRequest()
        request.topics = topics
        request.validateOnly = validateOnly
        return try await RawConnection.with(port: broker.port) { try await $0.request(request, version: version) }
    }

    static func metadata(_ broker: TestBroker, _ names: [String]?, version: Int16 = 12) async throws -> MetadataResponse {
        var request = MetadataRequest()
        request.topics = names?.map { name in
            var topic = MetadataRequest.MetadataRequestTopic()
            topic.name = name
            return topic
        }
        return try await RawConnection.with(port: broker.port) { try await $0.request(request, version: version) }
    }

    @Test func createTopicAndDescribeItInMetadata() async throws {
        let broker = try await TestBroker()
        let created = try await Self.create(broker, [Self.creatable("demo", partitions: 3, configs: [("cleanup.policy", "compact")])])
        let result = try #require(created.topics.first)
        #expect(result.errorCode == 0)
        #expect(result.errorMessage == nil)
        #expect(result.numPartitions == 3)
        #expect(result.replicationFactor == 1)
        #expect(result.topicId != .zero)
        #expect(result.configs?.first { $0.name == "cleanup.policy" }?.value == "compact")
        #expect(result.configs?.first { $0.name == "cleanup.policy" }?.configSource == 1)

        let metadata = try await Self.metadata(broker, ["demo"])
        let topic = try #require(metadata.topics.first)
        #expect(topic.errorCode == 0)
        #expect(topic.topicId == result.topicId)
        #expect(topic.partitions.map(\.partitionIndex) == [0, 1, 2])
        #expect(topic.partitions.allSatisfy { $0.leaderId == 1 && $0.replicaNodes == [1] && $0.isrNodes == [1] && $0.leaderEpoch == 0 })
        #expect(metadata.brokers.map(\.nodeId) == [1])
        #expect(metadata.brokers.first?.port == Int32(broker.port))
        #expect(metadata.clusterId == broker.services.clusterId)
        // Each partition has its log directory with partition.metadata.
        for p in 0..<3 {
            #expect(FileManager.default.fileExists(atPath: "\(broker.dataDir)/demo-\(p)/partition.metadata"))
            #expect(broker.services.replicaManager.log(topic: "demo", partition: Int32(p)) != nil)
        }
        try await broker.stopAndRemove()
    }

    @Test func createTopicErrors() async throws {
        let broker = try await TestBroker()
        _ = try await Self.create(broker, [Self.creatable("t")])
        let response = try await Self.create(broker, [
            Self.creatable("t"),
            Self.creatable("rf3", replicationFactor: 3),
            Self.creatable("zero", partitions: 0),
            Self.creatable("badrf", replicationFactor: 0),
            Self.creatable("badconf", configs: [("no.such.config", "1")]),
            Self.creatable("badvalue", configs: [("retention.ms", "abc")]),
            Self.creatable("badpolicy", configs: [("cleanup.policy", "compact, bogus")]),
            Self.creatable("emptypolicy", configs: [("cleanup.policy", "delete,")]),
            Self.creatable("dup"), Self.creatable("dup"),
        ])
        func result(_ name: String) -> CreateTopicsResponse.CreatableTopicResult? { response.topics.first { $0.name == name } }
        #expect(result("t")?.errorCode == ErrorCode.topicAlreadyExists.rawValue)
        #expect(result("t")?.errorMessage == "Topic 't' already exists.")
        #expect(result("rf3")?.errorCode == ErrorCode.invalidReplicationFactor.rawValue)
        #expect(result("rf3")?.errorMessage == "Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered.")
        #expect(result("zero")?.errorCode == ErrorCode.invalidPartitions.rawValue)
        #expect(result("badrf")?.errorCode == ErrorCode.invalidReplicationFactor.rawValue)
        #expect(result("badconf")?.errorCode == ErrorCode.invalidConfig.rawValue)
        #expect(result("badvalue")?.errorMessage == "Invalid value abc for configuration retention.ms: Not a number of type LONG")
        // ConfigDef.ValidList hands each item to ValidString, whose ConfigException names the item.
        #expect(result("badpolicy")?.errorCode == ErrorCode.invalidConfig.rawValue)
        #expect(result("badpolicy")?.errorMessage == "Invalid value bogus for configuration cleanup.policy: String must be one of: compact, delete")
        #expect(result("emptypolicy")?.errorMessage == "Invalid value  for configuration cleanup.policy: String must be one of: compact, delete")
        #expect(result("dup")?.errorCode == ErrorCode.invalidRequest.rawValue)
        #expect(response.topics.filter { $0.name == "dup" }.count == 1)
        #expect(Set(broker.services.metadata.topicsByName.keys) == ["t"])
        try await broker.stopAndRemove()
    }

    @Test func validateOnlyCreatesNothing() async throws {
        let broker = try await TestBroker()
        let response = try await Self.create(broker, [Self.creatable("v", partitions: 2)], validateOnly: true)
        #expect(response.topics.first?.errorCode == 0)
        #expect(response.topics.first?.numPartitions == 2)
        #expect(broker.services.metadata.topicsByName.isEmpty)
        try await broker.stopAndRemove()
    }

    @Test func metadataAutoCreatesLikeKafka() async throws {
        let broker = try await TestBroker()
        let first = try await Self.metadata(broker, ["auto"])
        // Kafka 4.0's AutoTopicCreationManager answers UNKNOWN_TOPIC_OR_PARTITION while its
        // CreateTopics request goes to the controller (reference/cli/console-producer.md shows the
        // client logging it).
        #expect(first.topics.first?.errorCode == ErrorCode.unknownTopicOrPartition.rawValue)
        #expect(first.topics.first?.partitions.isEmpty == true)
        let second = try await Self.metadata(broker, ["auto"])
        #expect(second.topics.first?.errorCode == 0)
        #expect(second.topics.first?.partitions.first?.leaderId == 1)
        try await broker.stopAndRemove()
    }

    @Test func metadataWithoutAutoCreation() async throws {
        let broker = try await TestBroker(overrides: ["auto.create.topics.enable": "false"])
        let answer = try await Self.metadata(broker, ["missing"])
        #expect(answer.topics.first?.errorCode == ErrorCode.unknownTopicOrPartition.rawValue)
        var request = MetadataRequest()
        var topic = MetadataRequest.MetadataRequestTopic()
        topic.name = "missing"
        request.topics = [topic]
        request.allowAutoTopicCreation = false
        let broker2 = try await TestBroker()
        let answer2 = try await RawConnection.with(port: broker2.port) { try await $0.request(request, version: 12) }
        #expect(answer2.topics.first?.errorCode == ErrorCode.unknownTopicOrPartition.rawValue)
        try await broker.stopAndRemove()
        try await broker2.stopAndRemove()
    }

    @Test func everyMetadataVersionAnswers() async throws {
        let broker = try await TestBroker()
        _ = try await Self.create(broker, [Self.creatable("m", partitions: 2)])
        for version in Int16(0)...13 {
            let response = try await Self.metadata(broker, version == 0 ? [] : nil, version: version)
            #expect(response.topics.map(\.name) == ["m"], "v\(version)")
        }
        try await broker.stopAndRemove()
    }

    @Test func deleteTopicRemovesItsLogs() async throws {
        let broker = try await TestBroker()
        _ = try await Self.create(broker, [Self.creatable("gone", partitions: 2)])
        #expect(FileManager.default.fileExists(atPath: "\(broker.dataDir)/gone-0"))
        var request = DeleteTopicsRequest()
        request.topicNames = ["gone", "never"]
        let response = try await RawConnection.with(port: broker.port) { try await $0.request(request, version: 5) }
        #expect(response.responses.first { $0.name == "gone" }?.errorCode == 0)
        #expect(response.responses.first { $0.name == "never" }?.errorCode == ErrorCode.unknownTopicOrPartition.rawValue)
        #expect(broker.services.metadata.topicsByName["gone"] == nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: broker.dataDir).filter { $0.hasPrefix("gone-") }
        #expect(leftovers.isEmpty)
        try await broker.stopAndRemove()
    }

    @Test func deleteTopicById() async throws {
        let broker = try await TestBroker()
        let created = try await Self.create(broker, [Self.creatable("byid")])
        let id = try #require(created.topics.first?.topicId)
        var request = DeleteTopicsRequest()
        var state = DeleteTopicsRequest.DeleteTopicState()
        state.topicId = id
        var unknown = DeleteTopicsRequest.DeleteTopicState()
        unknown.topicId = KafkaUUID.random()
        request.topics = [state, unknown]
        let response = try await RawConnection.with(port: broker.port) { try await $0.request(request, version: 6) }
        #expect(response.responses.first { $0.topicId == id }?.name == "byid")
        #expect(response.responses.first { $0.topicId == id }?.errorCode == 0)
        #expect(response.responses.first { $0.topicId == unknown.topicId }?.errorCode == ErrorCode.unknownTopicId.rawValue)
        try await broker.stopAndRemove()
    }

    @Test func createPartitionsErrorsAndGrowth() async throws {
        let broker = try await TestBroker()
        _ = try await Self.create(broker, [Self.creatable("demo", partitions: 6)])
        func request(_ count: Int32) -> CreatePartitionsRequest {
            var r = CreatePartitionsRequest()
            var t = CreatePartitionsRequest.CreatePartitionsTopic()
            t.name = "demo"
            t.count = count
            t.assignments = nil
            r.topics = [t]
            return r
        }
        let shrink = try await RawConnection.with(port: broker.port) { try await $0.request(request(2), version: 3) }
        #expect(shrink.results.first?.errorCode == ErrorCode.invalidPartitions.rawValue)
        #expect(shrink.results.first?.errorMessage == "The topic demo currently has 6 partition(s); 2 would not be an increase.")
        let grow = try await RawConnection.with(port: broker.port) { try await $0.request(request(8), version: 3) }
        #expect(grow.results.first?.errorCode == 0)
        #expect(broker.services.metadata.topicsByName["demo"]?.partitions.count == 8)
        #expect(broker.services.replicaManager.log(topic: "demo", partition: 7) != nil)
        try await broker.stopAndRemove()
    }

    @Test func alterAndDescribeTopicConfigs() async throws {
        let broker = try await TestBroker(overrides: ["log.segment.bytes": "1073741824"])
        _ = try await Self.create(broker, [Self.creatable("demo")])
        var alter = IncrementalAlterConfigsRequest()
        var resource = IncrementalAlterConfigsRequest.AlterConfigsResource()
        resource.resourceType = 2
        resource.resourceName = "demo"
        var set = IncrementalAlterConfigsRequest.AlterableConfig()
        set.name = "retention.ms"
        set.value = "3600000"
        var policy = IncrementalAlterConfigsRequest.AlterableConfig()
        policy.name = "cleanup.policy"
        policy.value = "compact"
        resource.configs = [set, policy]
        alter.resources = [resource]
        let altered = try await RawConnection.with(port: broker.port) { try await $0.request(alter, version: 1) }
        #expect(altered.responses.first?.errorCode == 0)

        var describe = DescribeConfigsRequest()
        var target = DescribeConfigsRequest.DescribeConfigsResource()
        target.resourceType = 2
        target.resourceName = "demo"
        target.configurationKeys = nil
        describe.resources = [target]
        describe.includeSynonyms = true
        let described = try await RawConnection.with(port: broker.port) { try await $0.request(describe, version: 4) }
        let configs = try #require(described.results.first?.configs)
        let retention = try #require(configs.first { $0.name == "retention.ms" })
        #expect(retention.value == "3600000")
        #expect(retention.configSource == 1)
        #expect(retention.synonyms.map(\.source) == [1])
        let cleanup = try #require(configs.first { $0.name == "cleanup.policy" })
        #expect(cleanup.synonyms.map { "\($0.source):\($0.name)=\($0.value ?? "null")" } == ["1:cleanup.policy=compact", "5:log.cleanup.policy=delete"])
        let segment = try #require(configs.first { $0.name == "segment.bytes" })
        #expect(segment.configSource == 4)
        #expect(configs.first { $0.name == "segment.ms" }?.configSource == 5)

        // Unknown topic and unknown key.
        var bad = IncrementalAlterConfigsRequest()
        var missing = resource
        missing.resourceName = "nope"
        var unknownKey = resource
        var weird = IncrementalAlterConfigsRequest.AlterableConfig()
        weird.name = "no.such"
        weird.value = "1"
        unknownKey.configs = [weird]
        var badPolicy = resource
        var bogus = IncrementalAlterConfigsRequest.AlterableConfig()
        bogus.name = "cleanup.policy"
        bogus.value = "bogus"
        badPolicy.configs = [bogus]
        bad.resources = [missing, unknownKey]
        let failed = try await RawConnection.with(port: broker.port) { try await $0.request(bad, version: 1) }
        #expect(failed.responses.map(\.errorCode) == [ErrorCode.unknownTopicOrPartition.rawValue, ErrorCode.invalidConfig.rawValue])
        bad.resources = [badPolicy]
        let rejected = try await RawConnection.with(port: broker.port) { try await $0.request(bad, version: 1) }
        #expect(rejected.responses.map(\.errorCode) == [ErrorCode.invalidConfig.rawValue])
        #expect(rejected.responses.first?.errorMessage == "Invalid value bogus for configuration cleanup.policy: String must be one of: compact, delete")
        try await broker.stopAndRemove()
    }

    @Test func describeTopicConfigsInKafkasOrder() async throws {
        // Kafka 4.0's answer for a fresh topic (frames/java-configs-describe.jsonl): same names, order, values.
        let url = try #require(Bundle.module.url(forResource: "Fixtures/frames/java-configs-describe", withExtension: "jsonl"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let frames = try lines.map { try JSONDecoder().decode(ApiVersionsTests.Frame.self, from: Data($0.utf8)) }
        let recorded = try #require(frames.first { $0.dir == "resp" && $0.apiKey == 32 && $0.apiVersion == 4 })
        var body = ByteBuffer(bytes: recorded.bytes)
        body.moveReaderIndex(forwardBy: 9)
        let kafka = try DescribeConfigsResponse.decode(from: &body, version: 4)
        let kafkaConfigs = try #require(kafka.results.first?.configs)

        let broker = try await TestBroker(overrides: ["log.segment.bytes": "1073741824", "log.retention.hours": "168"])
        // The recorded topic was created with some explicit configs: create ours with the same ones.
        let explicit = kafkaConfigs.filter { $0.configSource == 1 }.map { ($0.name, $0.value ?? "") }
        _ = try await Self.create(broker, [Self.creatable("fx-wire-java", configs: explicit)])
        var describe = DescribeConfigsRequest()
        var target = DescribeConfigsRequest.DescribeConfigsResource()
        target.resourceType = 2
        target.resourceName = "fx-wire-java"
        target.configurationKeys = nil
        describe.resources = [target]
        let ours = try await RawConnection.with(port: broker.port) { try await $0.request(describe, version: 4) }
        let mine = try #require(ours.results.first?.configs)
        #expect(mine.map(\.name) == kafkaConfigs.map(\.name))
        for (a, b) in zip(mine, kafkaConfigs) {
            #expect(a.value == b.value, "\(a.name)")
            #expect(a.configSource == b.configSource, "\(a.name)")
            #expect(a.configType == b.configType, "\(a.name)")
        }
        #expect(ours.results.first?.errorMessage == kafka.results.first?.errorMessage)
        try await broker.stopAndRemove()
    }

    @Test func describeClusterAndQuorum() async throws {
        let broker = try await TestBroker()
        let cluster = try await RawConnection.with(port: broker.port) { try await $0.request(DescribeClusterRequest(), version: 1) }
        #expect(cluster.errorCode == 0)
        #expect(cluster.brokers.map(\.brokerId) == [1])
        #expect(cluster.clusterId == broker.services.clusterId)
        var quorum = DescribeQuorumRequest()
        var topic = DescribeQuorumRequest.TopicData()
        topic.topicName = "__cluster_metadata"
        topic.partitions = [DescribeQuorumRequest.PartitionData()]
        quorum.topics = [topic]
        let state = try await RawConnection.with(port: broker.port) { try await $0.request(quorum, version: 2) }
        let partition = try #require(state.topics.first?.partitions.first)
        #expect(partition.leaderId == 1)
        #expect(partition.leaderEpoch >= 1)
        #expect(partition.currentVoters.map(\.replicaId) == [1])
        #expect(partition.highWatermark > 0)
        try await broker.stopAndRemove()
    }

    @Test func electLeadersOnOneNodeIsNotNeeded() async throws {
        let broker = try await TestBroker()
        _ = try await Self.create(broker, [Self.creatable("demo")])
        var request = ElectLeadersRequest()
        var tps = ElectLeadersRequest.TopicPartitions()
        tps.topic = "demo"
        tps.partitions = [0]
        request.topicPartitions = [tps]
        let answer = try await RawConnection.with(port: broker.port) { try await $0.request(request, version: 2) }
        #expect(answer.replicaElectionResults.first?.partitionResult.first?.errorCode == ErrorCode.electionNotNeeded.rawValue)
        request.topicPartitions = nil
        let all = try await RawConnection.with(port: broker.port) { try await $0.request(request, version: 2) }
        #expect(all.replicaElectionResults.isEmpty)
        try await broker.stopAndRemove()
    }
}
