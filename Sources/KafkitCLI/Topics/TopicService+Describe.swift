import KafkaStorage
import KafkaClient
import KafkaProtocol

extension TopicService {
    /// `describeTopic`: by `--topic-id` (Metadata; `Elr: N/A`) or by name pattern
    /// (DescribeTopicPartitions), then the topics' configs, the live brokers and any
    /// reassignments in progress; topics print in the order of Kafka's result `HashMap`.
    func describeTopic(_ opts: TopicCommandOptions) async throws {
        let inputTopicId = try Self.parseTopicId(try opts.topicId).flatMap { $0 == .zero ? nil : $0 }
        var descriptions: [TopicDescription] = []
        if let inputTopicId {
            let all = try await call("listTopics") { try await admin.listTopics(listInternal: !opts.excludeInternalTopics) }
            let found = all.contains { $0.topicId == inputTopicId }
            if !found && !opts.ifExists {
                throw TopicCommandException.illegalArgument(
                    "TopicId '\(inputTopicId)' does not exist as expected",
                    frames: [
                        "org.apache.kafka.tools.TopicCommand.ensureTopicIdExists(TopicCommand.java)",
                        "org.apache.kafka.tools.TopicCommand$TopicService.describeTopic(TopicCommand.java)",
                    ] + TopicCommandFrames.main)
            }
            if found {
                let results = try await call("describeTopics") { try await admin.describeTopics(ids: [inputTopicId]) }
                for (_, result) in results { descriptions.append(try Self.unwrap(result)) }
            }
        } else {
            let requested = try opts.topic
            let topics = try await getTopics(requested, excludeInternalTopics: opts.excludeInternalTopics)
            try Self.ensureTopicExists(
                topics, requested: requested, requireTopicExists: !opts.ifExists, method: "describeTopic", line: 573)
            if !topics.isEmpty {
                let limit = try opts.partitionSizeLimitPerResponse ?? 2000
                let results = try await call("describeTopics") { try await admin.describeTopics(topics, partitionSizeLimit: limit) }
                for name in JavaHashOrder.ordered(topics, initialCapacity: max(topics.count, 1), hash: JavaHashOrder.hashCode) {
                    guard let result = results[name] else { continue }
                    descriptions.append(try Self.unwrap(result))
                }
            }
        }
        let described = descriptions
        guard !described.isEmpty else {
            if format == .json { JSONOutput.print(TopicDescribeDocument(topics: []), on: console) }
            return
        }

        let names = described.map(\.name)
        // Both requests go out together (pipelined on one connection), as their answers do not
        // depend on each other.
        async let pendingConfigs = call("describeConfigs") { try await describeTopicConfigs(names) }
        async let pendingReassignments = call("listPartitionReassignments") { try await listAllReassignments(described) }
        let configs = try await pendingConfigs
        let liveBrokers = try await liveBrokerIds()
        let reassignments = try await pendingReassignments
        let formatter = TopicDescribeFormatter(
            reportUnderReplicatedPartitions: opts.reportUnderReplicatedPartitions,
            reportUnavailablePartitions: opts.reportUnavailablePartitions,
            reportUnderMinIsrPartitions: opts.reportUnderMinIsrPartitions,
            reportAtMinIsrPartitions: opts.reportAtMinIsrPartitions,
            reportOverriddenConfigs: opts.reportOverriddenConfigs,
            liveBrokers: liveBrokers)
        var documented: [TopicDescribeDocument.Topic] = []
        for description in described {
            guard let topicConfigs = configs[description.name] else {
                throw TopicCommandException(KafkaError.broker(.unknownTopicOrPartition, message: nil))
            }
            var partitionReassignments: [Int32: KafkaAdminClient.PartitionReassignment] = [:]
            for (partition, reassignment) in reassignments where partition.topic == description.name {
                partitionReassignments[partition.partition] = reassignment
            }
            let topic = DescribedTopic(
                description: description, configs: try topicConfigs.get(), reassignments: partitionReassignments)
            if format == .json {
                if let entry = formatter.document(for: topic) { documented.append(entry) }
            } else {
                console.print(formatter.lines(for: topic))
            }
        }
        if format == .json {
            let byName = documented.sorted { $0.name.utf16.lexicographicallyPrecedes($1.name.utf16) }
            JSONOutput.print(TopicDescribeDocument(topics: byName), on: console)
        }
    }

    /// The ids of the live brokers. The Metadata answer that listed the topics carries them
    /// (the same unfenced brokers DescribeCluster reports), so DescribeCluster is sent only when
    /// no Metadata answer is at hand.
    func liveBrokerIds() async throws -> Set<Int32> {
        let known = await admin.cluster.metadata.brokers
        if !known.isEmpty { return Set(known.keys) }
        return Set(try await call("describeCluster") { try await admin.describeCluster() }.nodes.map(\.nodeId))
    }

    static func unwrap(_ result: Result<TopicDescription, KafkaError>) throws -> TopicDescription {
        switch result {
        case .success(let description): return description
        case .failure(let error): throw TopicCommandException(error)
        }
    }

    /// `Uuid.fromString`, with its `IllegalArgumentException` messages.
    static func parseTopicId(_ text: String?) throws(TopicCommandException) -> KafkaUUID? {
        guard let text else { return nil }
        if text.count > 24 {
            throw TopicCommandException.illegalArgument(
                "Input string with prefix `\(text.prefix(24))` is too long to be decoded as a base64 UUID")
        }
        guard let id = KafkaUUID(text) else {
            let bytes = text.filter { $0 != "=" }.count * 6 / 8
            throw TopicCommandException.illegalArgument(
                "Input string `\(text)` decoded as \(bytes) bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID")
        }
        return id
    }

    /// One DescribeConfigs request for every topic, as Kafka's admin client sends it.
    func describeTopicConfigs(_ names: [String]) async throws
        -> [String: Result<[(name: String, value: String?, isDefault: Bool)], TopicCommandException>]
    {
        let request = KafkaAdminClient.describeConfigsRequest(
            names.map { ConfigResource(type: .topic, name: $0) }, includeSynonyms: false, includeDocumentation: false)
        let defaultSource = Self.defaultConfigSource
        let entries = try await admin.cluster.request(.anyBroker, build: { _ in request }) { response, _ in
            response.results.map { result in
                (result.resourceName, result.errorCode, result.errorMessage,
                 result.configs.map { (name: $0.name, value: $0.value, isDefault: $0.configSource == defaultSource) })
            }
        }
        var configs: [String: Result<[(name: String, value: String?, isDefault: Bool)], TopicCommandException>] = [:]
        for (name, errorCode, errorMessage, entries) in entries {
            if errorCode != 0 {
                configs[name] = .failure(
                    TopicCommandException(KafkaError.broker(ErrorCode(code: errorCode), message: errorMessage)))
            } else {
                configs[name] = .success(entries)
            }
        }
        return configs
    }

    /// `listAllReassignments`: none when the broker does not support or allow the call.
    func listAllReassignments(_ descriptions: [TopicDescription]) async throws
        -> [TopicPartition: KafkaAdminClient.PartitionReassignment]
    {
        let partitions = descriptions.flatMap { description in
            description.partitions.map { TopicPartition(description.name, $0.partition) }
        }
        do {
            return try await admin.listPartitionReassignments(partitions)
        } catch let error as KafkaError {
            switch error {
            case .unsupportedVersion, .broker(.unsupportedVersion, _, _), .broker(.clusterAuthorizationFailed, _, _):
                return [:]
            default:
                throw error
            }
        }
    }
}
