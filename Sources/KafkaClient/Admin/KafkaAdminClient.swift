import KafkaProtocol
import NIOCore
import NIOPosix

/// Kafka's `Admin` client: one thin async method per operation, plain results, broker errors as
/// `KafkaError.broker`. Per-item errors (one topic of several) are returned in the result; a
/// request-level error is thrown.
public final class KafkaAdminClient: Sendable {
    public let cluster: KafkaCluster
    public let config: ClientConfig

    public init(config: ClientConfig, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        var config = config
        if config.clientId.isEmpty { config.clientId = "adminclient-1" }
        self.config = config
        self.cluster = KafkaCluster(config: config, eventLoopGroup: eventLoopGroup)
    }

    public func close() async { await cluster.close() }

    var timeoutMs: Int32 { Int32(clamping: config.defaultApiTimeoutMs < config.requestTimeoutMs ? config.defaultApiTimeoutMs : config.requestTimeoutMs) }

    // MARK: Topics

    /// The CreateTopics request `createTopics` sends.
    public static func createTopicsRequest(_ topics: [NewTopic], timeoutMs: Int32, validateOnly: Bool) -> CreateTopicsRequest {
        var request = CreateTopicsRequest()
        request.timeoutMs = timeoutMs
        request.validateOnly = validateOnly
        request.topics = topics.map { topic in
            var creatable = CreateTopicsRequest.CreatableTopic()
            creatable.name = topic.name
            creatable.numPartitions = topic.replicasAssignments.isEmpty ? topic.numPartitions : -1
            creatable.replicationFactor = topic.replicasAssignments.isEmpty ? topic.replicationFactor : -1
            creatable.assignments = topic.replicasAssignments.keys.sorted().map { partition in
                var assignment = CreateTopicsRequest.CreatableReplicaAssignment()
                assignment.partitionIndex = partition
                assignment.brokerIds = topic.replicasAssignments[partition] ?? []
                return assignment
            }
            creatable.configs = topic.configEntries.map {
                var config = CreateTopicsRequest.CreatableTopicConfig()
                config.name = $0.name
                config.value = $0.value
                return config
            }
            return creatable
        }
        return request
    }

    public func createTopics(_ topics: [NewTopic], validateOnly: Bool = false) async throws -> [CreateTopicResult] {
        let request = Self.createTopicsRequest(topics, timeoutMs: timeoutMs, validateOnly: validateOnly)
        return try await cluster.request(.controller, build: { _ in request }) { response, _ in
            response.topics.map { topic in
                CreateTopicResult(
                    name: topic.name, topicId: topic.topicId, numPartitions: topic.numPartitions,
                    replicationFactor: topic.replicationFactor,
                    error: topic.errorCode == 0 ? nil : KafkaError.broker(ErrorCode(code: topic.errorCode), message: topic.errorMessage))
            }
        }
    }

    public func deleteTopics(names: [String]) async throws -> [DeleteTopicResult] {
        let timeout = timeoutMs
        return try await cluster.request(.controller, build: { version in
            Self.deleteTopicsRequest(names: names, timeoutMs: timeout, version: version)
        }, handle: Self.deleteTopicResults)
    }

    /// DeleteTopics by name: `topics` from v6, `topicNames` before.
    public static func deleteTopicsRequest(names: [String], timeoutMs: Int32, version: Int16) -> DeleteTopicsRequest {
        var request = DeleteTopicsRequest()
        request.timeoutMs = timeoutMs
        if version >= 6 {
            request.topics = names.map { var t = DeleteTopicsRequest.DeleteTopicState(); t.name = $0; return t }
        } else {
            request.topicNames = names
        }
        return request
    }

    public func deleteTopics(ids: [KafkaUUID]) async throws -> [DeleteTopicResult] {
        let timeout = timeoutMs
        return try await cluster.request(.controller, versions: 6...(ApiKey.deleteTopics.clientVersions?.upperBound ?? 6), build: { _ in
            var request = DeleteTopicsRequest()
            request.timeoutMs = timeout
            request.topics = ids.map { var t = DeleteTopicsRequest.DeleteTopicState(); t.name = nil; t.topicId = $0; return t }
            return request
        }, handle: Self.deleteTopicResults)
    }

    static func deleteTopicResults(_ response: DeleteTopicsResponse, _ version: Int16) -> [DeleteTopicResult] {
        response.responses.map {
            DeleteTopicResult(
                name: $0.name, topicId: $0.topicId,
                error: $0.errorCode == 0 ? nil : KafkaError.broker(ErrorCode(code: $0.errorCode), message: $0.errorMessage))
        }
    }

    /// All topics (Metadata with a null topic list), sorted by name.
    public func listTopics(listInternal: Bool = false) async throws -> [TopicListing] {
        let response = try await cluster.refreshMetadata(topics: nil, allowAutoTopicCreation: true)
        return response.topics.compactMap { topic -> TopicListing? in
            guard let name = topic.name, topic.errorCode == 0, listInternal || !topic.isInternal else { return nil }
            return TopicListing(name: name, topicId: topic.topicId, isInternal: topic.isInternal)
        }.sorted { $0.name < $1.name }
    }

    /// Describes topics: DescribeTopicPartitions when the broker has it (as Kafka 4.0's admin
    /// does), else Metadata. Missing topics come back as `.failure(UNKNOWN_TOPIC_OR_PARTITION)`.
    /// `partitionSizeLimit` is DescribeTopicPartitions' `responsePartitionLimit` (page size).
    public func describeTopics(_ names: [String], partitionSizeLimit: Int32 = 2000) async throws -> [String: Result<TopicDescription, KafkaError>] {
        let connection = try await cluster.anyConnection()
        if connection.apiVersions.supports(.describeTopicPartitions) {
            return try await describeTopicPartitions(names, partitionSizeLimit: partitionSizeLimit)
        }
        return try await describeTopicsWithMetadata(names)
    }

    /// Describes topics by id (Metadata v10+ with null names), keyed by id.
    public func describeTopics(ids: [KafkaUUID]) async throws -> [KafkaUUID: Result<TopicDescription, KafkaError>] {
        let response = try await cluster.request(.anyBroker, versions: 12...(ApiKey.metadata.clientVersions?.upperBound ?? 12), build: { _ in
            var request = MetadataRequest()
            request.topics = ids.map { var t = MetadataRequest.MetadataRequestTopic(); t.name = nil; t.topicId = $0; return t }
            request.allowAutoTopicCreation = false
            return request
        }) { response, _ in response }
        var results: [KafkaUUID: Result<TopicDescription, KafkaError>] = [:]
        for topic in response.topics {
            results[topic.topicId] = Self.topicDescription(topic, name: topic.name ?? "")
        }
        for id in ids where results[id] == nil {
            results[id] = .failure(.broker(.unknownTopicId, message: nil))
        }
        return results
    }

    func describeTopicsWithMetadata(_ names: [String]) async throws -> [String: Result<TopicDescription, KafkaError>] {
        let response = try await cluster.refreshMetadata(topics: names)
        var results: [String: Result<TopicDescription, KafkaError>] = [:]
        for topic in response.topics {
            guard let name = topic.name else { continue }
            results[name] = Self.topicDescription(topic, name: name)
        }
        return results
    }

    /// A Metadata answer's topic (looked up by name or by id), partitions in index order; Metadata
    /// carries no ELR.
    static func topicDescription(_ topic: MetadataResponse.MetadataResponseTopic, name: String) -> Result<TopicDescription, KafkaError> {
        if topic.errorCode != 0 {
            return .failure(.broker(ErrorCode(code: topic.errorCode), message: nil))
        }
        let partitions = topic.partitions.map {
            TopicPartitionInfo(
                partition: $0.partitionIndex, leader: $0.leaderId < 0 ? nil : $0.leaderId, leaderEpoch: $0.leaderEpoch,
                replicas: $0.replicaNodes, isr: $0.isrNodes, eligibleLeaderReplicas: nil, lastKnownElr: nil,
                offlineReplicas: $0.offlineReplicas)
        }.sorted { $0.partition < $1.partition }
        return .success(TopicDescription(
            name: name, topicId: topic.topicId, isInternal: topic.isInternal, partitions: partitions,
            authorizedOperations: topic.topicAuthorizedOperations == Int32.min ? nil : topic.topicAuthorizedOperations))
    }

    func describeTopicPartitions(_ names: [String], partitionSizeLimit: Int32 = 2000) async throws -> [String: Result<TopicDescription, KafkaError>] {
        var results: [String: Result<TopicDescription, KafkaError>] = [:]
        var cursor: DescribeTopicPartitionsRequest.Cursor?
        let sorted = names.sorted()
        repeat {
            let current = cursor
            let response = try await cluster.request(.anyBroker, build: { _ in
                var request = DescribeTopicPartitionsRequest()
                request.topics = sorted.map { var t = DescribeTopicPartitionsRequest.TopicRequest(); t.name = $0; return t }
                request.responsePartitionLimit = partitionSizeLimit
                request.cursor = current
                return request
            }, handle: { response, _ in response })
            for topic in response.topics {
                guard let name = topic.name else { continue }
                if topic.errorCode != 0 {
                    results[name] = .failure(.broker(ErrorCode(code: topic.errorCode), message: nil))
                    continue
                }
                let partitions = topic.partitions.map {
                    TopicPartitionInfo(
                        partition: $0.partitionIndex, leader: $0.leaderId < 0 ? nil : $0.leaderId, leaderEpoch: $0.leaderEpoch,
                        replicas: $0.replicaNodes, isr: $0.isrNodes, eligibleLeaderReplicas: $0.eligibleLeaderReplicas,
                        lastKnownElr: $0.lastKnownElr, offlineReplicas: $0.offlineReplicas)
                }
                if case var .success(existing)? = results[name] {
                    existing.partitions.append(contentsOf: partitions)
                    results[name] = .success(existing)
                } else {
                    results[name] = .success(TopicDescription(
                        name: name, topicId: topic.topicId, isInternal: topic.isInternal, partitions: partitions,
                        authorizedOperations: topic.topicAuthorizedOperations == Int32.min ? nil : topic.topicAuthorizedOperations))
                }
            }
            cursor = response.nextCursor.map {
                var next = DescribeTopicPartitionsRequest.Cursor()
                next.topicName = $0.topicName
                next.partitionIndex = $0.partitionIndex
                return next
            }
        } while cursor != nil
        for name in names where results[name] == nil {
            results[name] = .failure(.broker(.unknownTopicOrPartition, message: nil))
        }
        return results
    }

    /// Raises partition counts (`createPartitions`); `assignments` lists replicas per new partition.
    public func createPartitions(_ counts: [String: (count: Int32, assignments: [[Int32]]?)], validateOnly: Bool = false) async throws -> [String: KafkaError?] {
        var request = CreatePartitionsRequest()
        request.timeoutMs = timeoutMs
        request.validateOnly = validateOnly
        request.topics = counts.keys.sorted().compactMap { name in
            guard let entry = counts[name] else { return nil }
            var topic = CreatePartitionsRequest.CreatePartitionsTopic()
            topic.name = name
            topic.count = entry.count
            topic.assignments = entry.assignments?.map { var a = CreatePartitionsRequest.CreatePartitionsAssignment(); a.brokerIds = $0; return a }
            return topic
        }
        let built = request
        return try await cluster.request(.controller, build: { _ in built }) { response, _ in
            var results: [String: KafkaError?] = [:]
            for result in response.results {
                results[result.name] = result.errorCode == 0 ? nil : KafkaError.broker(ErrorCode(code: result.errorCode), message: result.errorMessage)
            }
            return results
        }
    }

    // MARK: Configs

    /// The DescribeConfigs request `describeConfigs` sends.
    public static func describeConfigsRequest(_ resources: [ConfigResource], keys: [String]? = nil, includeSynonyms: Bool, includeDocumentation: Bool) -> DescribeConfigsRequest {
        var request = DescribeConfigsRequest()
        request.includeSynonyms = includeSynonyms
        request.includeDocumentation = includeDocumentation
        request.resources = resources.map {
            var resource = DescribeConfigsRequest.DescribeConfigsResource()
            resource.resourceType = $0.type.rawValue
            resource.resourceName = $0.name
            resource.configurationKeys = keys
            return resource
        }
        return request
    }

    /// Broker resources go to that broker (as Kafka's admin does); the rest to any broker.
    public func describeConfigs(_ resources: [ConfigResource], includeSynonyms: Bool = false, includeDocumentation: Bool = false) async throws -> [DescribeConfigsResult] {
        var results: [DescribeConfigsResult] = []
        for resource in resources {
            let target: RequestTarget
            if resource.type == .broker || resource.type == .brokerLogger, let id = Int32(resource.name) {
                target = .node(id)
            } else {
                target = .anyBroker
            }
            let request = Self.describeConfigsRequest([resource], includeSynonyms: includeSynonyms, includeDocumentation: includeDocumentation)
            let batch = try await cluster.request(target, build: { _ in request }) { response, _ in
                response.results.map { result in
                    DescribeConfigsResult(
                        resource: ConfigResource(type: ConfigResourceType(rawValue: result.resourceType) ?? .unknown, name: result.resourceName),
                        configs: result.configs.map { config in
                            DescribedConfig(
                                name: config.name, value: config.value, isReadOnly: config.readOnly, source: config.configSource,
                                isSensitive: config.isSensitive,
                                synonyms: config.synonyms.map { .init(name: $0.name, value: $0.value, source: $0.source) },
                                type: config.configType, documentation: config.documentation)
                        },
                        error: result.errorCode == 0 ? nil : KafkaError.broker(ErrorCode(code: result.errorCode), message: result.errorMessage))
                }
            }
            results.append(contentsOf: batch)
        }
        return results
    }

    public func incrementalAlterConfigs(_ changes: [ConfigResource: [AlterConfigOp]], validateOnly: Bool = false) async throws -> [ConfigResource: KafkaError?] {
        try await alterConfigsEach(changes, request: { resource, ops in
            var request = IncrementalAlterConfigsRequest()
            request.validateOnly = validateOnly
            var entry = IncrementalAlterConfigsRequest.AlterConfigsResource()
            entry.resourceType = resource.type.rawValue
            entry.resourceName = resource.name
            entry.configs = ops.map {
                var config = IncrementalAlterConfigsRequest.AlterableConfig()
                config.name = $0.name
                config.value = $0.value
                config.configOperation = $0.op.rawValue
                return config
            }
            request.resources = [entry]
            return request
        }, error: { response in
            response.responses.first.flatMap { $0.errorCode == 0 ? nil : KafkaError.broker(ErrorCode(code: $0.errorCode), message: $0.errorMessage) }
        })
    }

    /// The legacy whole-set AlterConfigs.
    public func alterConfigs(_ changes: [ConfigResource: [(String, String?)]], validateOnly: Bool = false) async throws -> [ConfigResource: KafkaError?] {
        try await alterConfigsEach(changes, request: { resource, entries in
            var request = AlterConfigsRequest()
            request.validateOnly = validateOnly
            var entry = AlterConfigsRequest.AlterConfigsResource()
            entry.resourceType = resource.type.rawValue
            entry.resourceName = resource.name
            entry.configs = entries.map { var c = AlterConfigsRequest.AlterableConfig(); c.name = $0.0; c.value = $0.1; return c }
            request.resources = [entry]
            return request
        }, error: { response in
            response.responses.first.flatMap { $0.errorCode == 0 ? nil : KafkaError.broker(ErrorCode(code: $0.errorCode), message: $0.errorMessage) }
        })
    }

    /// Both AlterConfigs flavours: one request per resource, sent where `alterConfigsTarget` says;
    /// `error` reads the resource's entry of the answer (none: no error).
    private func alterConfigsEach<Changes, Request: KafkaRequest>(
        _ changes: [ConfigResource: Changes], request: (ConfigResource, Changes) -> Request,
        error: @escaping @Sendable (Request.Response) -> KafkaError?
    ) async throws -> [ConfigResource: KafkaError?] {
        var results: [ConfigResource: KafkaError?] = [:]
        for (resource, resourceChanges) in changes {
            let built = request(resource, resourceChanges)
            results[resource] = try await cluster.request(Self.alterConfigsTarget(resource), build: { _ in built }) { response, _ in
                error(response)
            }
        }
        return results
    }

    /// Where an alter of `resource` goes: a named broker's configs to that broker, the rest (the
    /// cluster-wide broker default too) to any broker.
    static func alterConfigsTarget(_ resource: ConfigResource) -> RequestTarget {
        resource.type == .broker && !resource.name.isEmpty ? .node(Int32(resource.name) ?? -1) : .anyBroker
    }

    // MARK: Cluster

    /// DescribeCluster when supported, else Metadata.
    public func describeCluster(includeAuthorizedOperations: Bool = false) async throws -> ClusterDescription {
        let connection = try await cluster.anyConnection()
        if connection.apiVersions.supports(.describeCluster) {
            return try await cluster.request(.anyBroker, build: { _ in
                var request = DescribeClusterRequest()
                request.includeClusterAuthorizedOperations = includeAuthorizedOperations
                request.endpointType = (self.config.usingBootstrapControllers ? EndpointType.controller : .broker).rawValue
                return request
            }) { response, _ in
                try KafkaError.check(response.errorCode, response.errorMessage)
                return ClusterDescription(
                    clusterId: response.clusterId, controllerId: response.controllerId,
                    nodes: response.brokers.map { BrokerNode(nodeId: $0.brokerId, host: $0.host, port: Int($0.port), rack: $0.rack) },
                    fencedNodes: Set(response.brokers.filter(\.isFenced).map(\.brokerId)),
                    authorizedOperations: response.clusterAuthorizedOperations == Int32.min ? nil : response.clusterAuthorizedOperations)
            }
        }
        let response = try await cluster.refreshMetadata(topics: [])
        return ClusterDescription(
            clusterId: response.clusterId, controllerId: response.controllerId,
            nodes: response.brokers.map { BrokerNode(nodeId: $0.nodeId, host: $0.host, port: Int($0.port), rack: $0.rack) },
            fencedNodes: [], authorizedOperations: nil)
    }

    /// The ApiVersions table of one broker (`kafka-broker-api-versions`, `describeFeatures`).
    public func apiVersions(node: Int32? = nil) async throws -> ApiVersionTable {
        if let node { return try await cluster.connection(to: node).apiVersions }
        return try await cluster.anyConnection().apiVersions
    }

    /// Features from ApiVersions (v3+ carries them), as Kafka's `describeFeatures`.
    public func describeFeatures() async throws -> FeatureMetadata {
        let response = try await cluster.anyConnection().apiVersions.response
        var finalized: [String: FeatureMetadata.Finalized] = [:]
        for feature in response.finalizedFeatures {
            finalized[feature.name] = .init(minVersionLevel: feature.minVersionLevel, maxVersionLevel: feature.maxVersionLevel)
        }
        var supported: [String: ClosedRange<Int16>] = [:]
        for feature in response.supportedFeatures where feature.minVersion <= feature.maxVersion {
            supported[feature.name] = feature.minVersion...feature.maxVersion
        }
        return FeatureMetadata(
            finalized: finalized, finalizedEpoch: response.finalizedFeaturesEpoch < 0 ? nil : response.finalizedFeaturesEpoch,
            supported: supported)
    }

    public func describeQuorum() async throws -> DescribeQuorumResponse {
        try await cluster.request(.anyBroker, build: { _ in
            var request = DescribeQuorumRequest()
            var topic = DescribeQuorumRequest.TopicData()
            topic.topicName = "__cluster_metadata"
            var partition = DescribeQuorumRequest.PartitionData()
            partition.partitionIndex = 0
            topic.partitions = [partition]
            request.topics = [topic]
            return request
        }) { response, _ in
            try KafkaError.check(response.errorCode, response.errorMessage)
            for topic in response.topics {
                for partition in topic.partitions {
                    try KafkaError.check(partition.errorCode, partition.errorMessage)
                }
            }
            return response
        }
    }
}
