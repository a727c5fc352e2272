@testable import KafkaClient
import KafkaProtocol
import NIOCore
import Testing

/// Our requests equal, field for field, those Kafka 4.0's Java tools sent for the same operation
/// (the version Java used is the one compared; the inputs — topic names, partitions — are the
/// ones of the recorded run).
@Suite("Java request parity")
struct JavaRequestParityTests {
    @Test func metadataBrokersOnlyAndNamedTopics() throws {
        let create = try JavaFrames("java-topics-create").first(MetadataRequest.self)
        let ours = KafkaCluster.metadataRequest(topics: [], allowAutoTopicCreation: true)
        try expectSameRequest(ours, create)

        let list = try JavaFrames("java-topics-list").all(MetadataRequest.self)
        let listAll = try #require(list.last)
        try expectSameRequest(KafkaCluster.metadataRequest(topics: nil, allowAutoTopicCreation: true), listAll)
    }

    @Test func createTopics() throws {
        let java = try JavaFrames("java-topics-create").first(CreateTopicsRequest.self)
        let recorded = try #require(java.request.topics.first)
        var topic = NewTopic(name: recorded.name, numPartitions: recorded.numPartitions, replicationFactor: recorded.replicationFactor)
        topic.configs = recorded.configs.map { ($0.name, $0.value) }
        let ours = KafkaAdminClient.createTopicsRequest([topic], timeoutMs: java.request.timeoutMs, validateOnly: false)
        try expectSameRequest(ours, java)
        // Java sends the time left of the call's deadline (≈ request.timeout.ms); so do we.
        #expect((29000...30000).contains(java.request.timeoutMs))
    }

    @Test func deleteTopics() throws {
        let java = try JavaFrames("java-topics-delete").first(DeleteTopicsRequest.self)
        let names = java.request.topics.compactMap(\.name)
        let ours = KafkaAdminClient.deleteTopicsRequest(names: names, timeoutMs: 30000, version: java.version)
        try expectSameRequest(ours, java)
    }

    @Test func describeConfigs() throws {
        let java = try JavaFrames("java-configs-describe").first(DescribeConfigsRequest.self)
        let resources = java.request.resources.map { ConfigResource(type: ConfigResourceType(rawValue: $0.resourceType) ?? .unknown, name: $0.resourceName) }
        let ours = KafkaAdminClient.describeConfigsRequest(
            resources, keys: java.request.resources.first?.configurationKeys,
            includeSynonyms: java.request.includeSynonyms, includeDocumentation: java.request.includeDocumentation)
        try expectSameRequest(ours, java)
    }

    @Test func listOffsets() throws {
        let java = try JavaFrames("java-get-offsets").first(ListOffsetsRequest.self)
        var specs: [TopicPartition: OffsetSpec] = [:]
        for topic in java.request.topics {
            for partition in topic.partitions {
                specs[TopicPartition(topic.name, partition.partitionIndex)] = partition.timestamp == -1 ? .latest : .timestamp(partition.timestamp)
            }
        }
        let ours = KafkaAdminClient.listOffsetsRequest(specs, isolationLevel: java.request.isolationLevel, timeoutMs: java.request.timeoutMs)
        try expectSameRequest(ours, Self.sorted(java))
    }

    @Test func initProducerId() throws {
        let java = try JavaFrames("java-console-producer-none").first(InitProducerIdRequest.self)
        let ours = KafkaProducer.initProducerIdRequest(transactionTimeoutMs: Int32.max)
        try expectSameRequest(ours, java)
    }

    @Test func produceFromConsoleProducer() throws {
        let java = try JavaFrames("java-console-producer-none").first(ProduceRequest.self)
        #expect(java.request.acks == -1)
        #expect(java.request.transactionalId == nil)
        let partition = try #require(java.request.topicData.first?.partitionData.first)
        let records = try #require(partition.records)
        let batch = try #require(try RecordBatchReader.decodeAll(records).first)
        // Our producer's defaults produce the same batch header fields Java's did.
        let config = try ProducerConfig(ClientConfig())
        #expect(config.acks == java.request.acks)
        #expect(config.enableIdempotence == (batch.header.producerId >= 0))
        #expect(batch.header.baseSequence == 0)
        #expect(config.compression == .none)
    }

    @Test func findCoordinator() throws {
        let java = try JavaFrames("java-console-consumer-group").first(FindCoordinatorRequest.self)
        let key = try #require(java.request.coordinatorKeys.first)
        let ours = KafkaCluster.findCoordinatorRequest(.group, key: key, version: java.version)
        try expectSameRequest(ours, java)
    }

    @Test func joinGroupWithMemberIdRetry() throws {
        let joins = try JavaFrames("java-console-consumer-group").all(JoinGroupRequest.self)
        #expect(joins.count == 2)
        let first = try #require(joins.first)
        let second = try #require(joins.last)
        // KIP-394: the first join has no member id, the second the one the broker gave.
        #expect(first.request.memberId == "")
        #expect(second.request.memberId != "")
        let subscription = try ConsumerProtocol.decodeSubscription(try #require(first.request.protocols.first).metadata)
        let config = try ConsumerConfig(ClientConfig(properties: ["group.id": first.request.groupId]))
        let protocols = try KafkaConsumer.joinGroupProtocols(
            assignors: config.assignors, topics: subscription.topics, owned: [], generationId: -1, rackId: nil)
        for (java, memberId) in [(first, ""), (second, second.request.memberId)] {
            let ours = KafkaConsumer.joinGroupRequest(
                groupId: java.request.groupId, memberId: memberId, instanceId: nil, sessionTimeoutMs: config.sessionTimeoutMs,
                rebalanceTimeoutMs: config.maxPollIntervalMs, protocols: protocols,
                reason: memberId.isEmpty ? "" : "need to re-join with the given member-id: \(memberId)")
            try expectSameRequest(ours, java)
        }
    }

    @Test func offsetFetchForGroup() throws {
        let java = try JavaFrames("java-console-consumer-group").first(OffsetFetchRequest.self)
        let group = try #require(java.request.groups.first)
        let partitions = (group.topics ?? []).flatMap { topic in topic.partitionIndexes.map { TopicPartition(topic.name, $0) } }
        var ours = OffsetFetchBuilder.request(groupId: group.groupId, partitions: partitions, requireStable: java.request.requireStable, version: java.version)
        // Java sends the member id and epoch of the classic member only for the new protocol.
        ours.groups[0].memberId = group.memberId
        ours.groups[0].memberEpoch = group.memberEpoch
        try expectSameRequest(ours, java)
        #expect(java.request.requireStable)
    }

    @Test func firstFetchOpensASession() throws {
        let fetches = try JavaFrames("java-console-consumer-group").all(FetchRequest.self)
        let java = try #require(fetches.first)
        var states: [TopicPartition: FetchSessionHandler.PartitionState] = [:]
        for topic in java.request.topics {
            for partition in topic.partitions {
                states[TopicPartition(topic.topic, partition.partition)] = .init(
                    topicId: topic.topicId, fetchOffset: partition.fetchOffset, currentLeaderEpoch: partition.currentLeaderEpoch,
                    lastFetchedEpoch: partition.lastFetchedEpoch, logStartOffset: partition.logStartOffset, maxBytes: partition.partitionMaxBytes)
            }
        }
        var session = FetchSessionHandler()
        let plan = session.plan(states)
        let config = try ConsumerConfig(ClientConfig())
        let ours = FetchSessionHandler.request(
            plan, maxWaitMs: config.fetchMaxWaitMs, minBytes: config.fetchMinBytes, maxBytes: config.fetchMaxBytes,
            isolationLevel: config.isolationLevel, rackId: config.clientRack)
        try expectSameRequest(ours, Self.sorted(java))
    }

    @Test func offsetCommitFromConsumer() throws {
        let java = try JavaFrames("java-console-consumer-group").first(OffsetCommitRequest.self)
        var offsets: [TopicPartition: CommittedOffset] = [:]
        for topic in java.request.topics {
            for partition in topic.partitions {
                offsets[TopicPartition(topic.name, partition.partitionIndex)] = CommittedOffset(
                    offset: partition.committedOffset,
                    leaderEpoch: partition.committedLeaderEpoch < 0 ? nil : partition.committedLeaderEpoch,
                    metadata: partition.committedMetadata ?? "")
            }
        }
        let ours = OffsetCommitBuilder.request(
            groupId: java.request.groupId, generation: java.request.generationIdOrMemberEpoch, memberId: java.request.memberId,
            groupInstanceId: java.request.groupInstanceId, offsets: offsets)
        try expectSameRequest(ours, Self.sorted(java))
    }

    // Java lists partitions in HashMap order, which carries no meaning; we list them sorted.
    static func sorted(_ java: (request: ListOffsetsRequest, version: Int16)) -> (request: ListOffsetsRequest, version: Int16) {
        var request = java.request
        for index in request.topics.indices { request.topics[index].partitions.sort { $0.partitionIndex < $1.partitionIndex } }
        return (request, java.version)
    }

    static func sorted(_ java: (request: FetchRequest, version: Int16)) -> (request: FetchRequest, version: Int16) {
        var request = java.request
        for index in request.topics.indices { request.topics[index].partitions.sort { $0.partition < $1.partition } }
        return (request, java.version)
    }

    static func sorted(_ java: (request: OffsetCommitRequest, version: Int16)) -> (request: OffsetCommitRequest, version: Int16) {
        var request = java.request
        for index in request.topics.indices { request.topics[index].partitions.sort { $0.partitionIndex < $1.partitionIndex } }
        return (request, java.version)
    }

    @Test func metadataForNamedTopics() throws {
        let java = try #require(try JavaFrames("java-get-offsets").all(MetadataRequest.self).last)
        let names = (java.request.topics ?? []).compactMap(\.name)
        try expectSameRequest(KafkaCluster.metadataRequest(topics: names, allowAutoTopicCreation: false), java)
    }
}
